//! Snapshot files: atomic saves (temporary file, fsync, rename, directory fsync) and reads.

use super::*;
use std::collections::HashMap;
use std::io::Read;

/// Reads and decodes the snapshot at `path`: a regular file (a FIFO or a device such as
/// `/dev/zero` would be read without end). It is opened once, without waiting (a FIFO put in
/// its place after a check by name blocked the open for good), and that handle is checked and
/// read: its prelude and header first, so a file that is no snapshot, or whose length is not
/// the one its header states, is refused having read those alone (a 3 GB file of zeros took
/// 13.8 s and 3.1 GB to be called no snapshot).
pub fn read_file(path: &Path) -> Res<Snapshot> {
    let mut file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    regular(&meta)?;
    let size = meta.len();
    let mut head = read_up_to(&mut file, PRELUDE as u64)?;
    if head.len() == PRELUDE && &head[..8] == MAGIC {
        // (a header length past the most is refused from the prelude alone)
        let hlen = u32::from_le_bytes(head[12..16].try_into().expect("4 bytes"));
        if hlen <= MAX_HEADER {
            head.extend(read_up_to(&mut file, u64::from(hlen))?);
        }
    }
    // (short of its header, `head` is the whole file: what it lacks is what it says)
    let (_, _, flen) = decode::read_header(&head)?;
    decode::stated_length(size, flen)?;
    let mut all = Vec::with_capacity(flen as usize);
    all.extend_from_slice(&head);
    // (one byte more than stated: a file that grew meanwhile is told from one that did not)
    (&mut file)
        .take(flen + 1 - head.len() as u64)
        .read_to_end(&mut all)?;
    decode(&all)
}

/// Up to `n` bytes from `file`, fewer where it ends first.
fn read_up_to(file: &mut File, n: u64) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    file.take(n).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

fn regular(m: &fs::Metadata) -> io::Result<()> {
    if m.is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    }
}

/// Where `path` leads through symlinks: a save replaces the file a link names, as a write
/// through the link would, not the link (a dangling one names the file it makes).
fn target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    // (at most as many links as Linux follows; a loop is left to fail as it fails there)
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(to) => p = parent(&p).join(to),
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// Names of the temporary files of saves under way in this process: not stale, whatever
/// their age. Names, not paths: each holds this process's id and a number of its own, and a
/// directory reached by two spellings (a symlink) lists the same name under both.
pub(super) static IN_FLIGHT: Mutex<Option<HashSet<String>>> = Mutex::new(None);
pub(super) static NEXT_TMP: AtomicU64 = AtomicU64::new(0);

pub(super) fn in_flight(f: impl FnOnce(&mut HashSet<String>)) {
    let mut g = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashSet::new));
}

/// This process's saves by file (its directory's real path and its name): how many are under
/// way, and the turn of the latest that wrote the file. An entry goes with its last save.
struct Order {
    next: u64,
    files: HashMap<PathBuf, (usize, u64)>,
}

static ORDER: Mutex<Option<Order>> = Mutex::new(None);

fn order<T>(f: impl FnOnce(&mut Order) -> T) -> T {
    let mut g = ORDER.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(|| Order {
        next: 0,
        files: HashMap::new(),
    }))
}

/// A save's place among this process's saves of one file, taken when the save is called.
/// Saves land in call order: one that finishes after a later call's save wrote the file
/// leaves the file to that one (a save on another thread of a big store, called first,
/// would otherwise rename its older state over the newer).
pub struct Turn {
    path: PathBuf,
    file: PathBuf,
    at: u64,
}

impl Turn {
    pub fn take(path: PathBuf) -> Turn {
        let path = target(&path);
        let file = known_as(&path);
        let at = order(|o| {
            o.next += 1;
            o.files.entry(file.clone()).or_insert((0, 0)).0 += 1;
            o.next
        });
        Turn { path, file, at }
    }

    /// Renames `tmp` to the file unless a later turn wrote it already; whether it did.
    fn rename(&self, tmp: &Path) -> io::Result<bool> {
        order(|o| {
            let latest = o.files.get(&self.file).map_or(0, |e| e.1);
            if latest > self.at {
                return Ok(false);
            }
            fs::rename(tmp, &self.path)?;
            if let Some(e) = o.files.get_mut(&self.file) {
                e.1 = self.at;
            }
            Ok(true)
        })
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        order(|o| {
            if let Some(e) = o.files.get_mut(&self.file) {
                e.0 -= 1;
                if e.0 == 0 {
                    o.files.remove(&self.file);
                }
            }
        });
    }
}

/// The name `ORDER` knows the file at `path` by: its directory's real path, and its name.
fn known_as(path: &Path) -> PathBuf {
    let dir = parent(path);
    fs::canonicalize(&dir)
        .unwrap_or(dir)
        .join(path.file_name().unwrap_or_default())
}

/// Whether a save of `path` is remembered (one under way, or an entry left behind).
#[cfg(test)]
pub(super) fn remembered(path: &Path) -> bool {
    let file = known_as(path);
    order(|o| o.files.contains_key(&file))
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes the snapshot of `src` to the file of `turn` atomically (see the module comment).
pub fn save(turn: &Turn, header: &Header, src: &dyn Source) -> Res<u64> {
    let path = &turn.path;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    // Only a regular file is replaced (a FIFO or a device at the path would become one).
    match fs::metadata(path) {
        Ok(m) => regular(&m)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let dir = parent(path);
    remove_stale(&dir, name);
    let n = NEXT_TMP.fetch_add(1, Ordering::Relaxed);
    let tmp_name = format!("{name}.tmp-{}-{n}", std::process::id());
    let tmp = dir.join(&tmp_name);
    in_flight(|s| {
        s.insert(tmp_name.clone());
    });
    let out = write_then_rename(&tmp, turn, &dir, header, src);
    if !matches!(out, Ok((_, true))) {
        let _ = fs::remove_file(&tmp);
    }
    in_flight(|s| {
        s.remove(&tmp_name);
    });
    out.map(|(n, _)| n)
}

/// Writes the temporary file and renames it (`turn.rename`); its bytes, and whether it was renamed.
pub(super) fn write_then_rename(
    tmp: &Path,
    turn: &Turn,
    dir: &Path,
    header: &Header,
    src: &dyn Source,
) -> Res<(u64, bool)> {
    let f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    let mut w = Writeback {
        f,
        pos: 0,
        started: 0,
    };
    let n = encode(&mut w, header, src)?;
    let f = w.f;
    f.sync_all()?;
    drop(f);
    let renamed = turn.rename(tmp)?;
    if renamed {
        sync_dir(dir)?;
    }
    Ok((n, renamed))
}

/// Writes through to the file, asking the kernel every few megabytes to start writing the
/// pages back, so that the final fsync waits for the tail only, not for the whole file.
pub(super) struct Writeback {
    f: File,
    pos: u64,
    started: u64,
}

pub(super) const WRITEBACK_STEP: u64 = 8 << 20;

impl Write for Writeback {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let n = self.f.write(b)?;
        self.pos += n as u64;
        if self.pos - self.started >= WRITEBACK_STEP {
            start_writeback(&self.f, self.started, self.pos - self.started);
            self.started = self.pos;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.f.flush()
    }
}

#[cfg(target_os = "linux")]
pub(super) fn start_writeback(f: &File, from: u64, len: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid descriptor and range; the call only schedules I/O. A failure is
    // harmless (the final fsync writes everything), so its result is ignored.
    unsafe {
        libc::sync_file_range(
            f.as_raw_fd(),
            from as libc::off64_t,
            len as libc::off64_t,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn start_writeback(_: &File, _: u64, _: u64) {}

#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(super) fn sync_dir(_: &Path) -> io::Result<()> {
    // Windows cannot open a directory as a file; its rename is durable once it returns.
    Ok(())
}

/// Removes `<name>.tmp-<pid>-<n>` files in `dir` whose process is gone.
pub(super) fn remove_stale(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{name}.tmp-");
    let me = std::process::id();
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(p, n)| n.parse::<u64>().ok().and(p.parse::<u32>().ok()))
        else {
            continue;
        };
        let path = e.path();
        let stale = if pid == me {
            let mut busy = false;
            in_flight(|s| busy = file.to_str().is_some_and(|f| s.contains(f)));
            !busy
        } else {
            !process_alive(pid, &e)
        };
        if stale {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(target_os = "linux")]
pub(super) fn process_alive(pid: u32, _: &fs::DirEntry) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc, a temporary file untouched for an hour counts as left behind.
#[cfg(not(target_os = "linux"))]
pub(super) fn process_alive(_: u32, e: &fs::DirEntry) -> bool {
    e.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 3600)
}
