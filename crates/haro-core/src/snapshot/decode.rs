//! Reading a snapshot: every length, tag and checksum checked before anything is built.

use super::*;

pub(super) struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self
            .i
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| corrupt(format!("a length at byte {} runs past the end", self.i)))?;
        let s = &self.b[self.i..end];
        self.i = end;
        Ok(s)
    }
    fn u8(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Res<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Res<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn bool(&mut self) -> Res<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(corrupt(format!("flag byte {b} at {}", self.i - 1))),
        }
    }
    fn f64(&mut self) -> Res<f64> {
        Ok(f64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    /// A time in ms: finite (NaN where `none` allows it).
    fn time(&mut self) -> Res<f64> {
        let at = self.i;
        let t = self.f64()?;
        if !t.is_finite() {
            return Err(corrupt(format!("bad time at byte {at}")));
        }
        Ok(t)
    }
    /// A positive duration option, NaN for none.
    fn duration(&mut self, what: &str) -> Res<Option<f64>> {
        let t = self.f64()?;
        if t.is_nan() {
            return Ok(None);
        }
        if !(t > 0.0 && t.is_finite()) {
            return Err(corrupt(format!("bad {what} in the header")));
        }
        Ok(Some(t))
    }
    fn str(&mut self) -> Res<&'a str> {
        let at = self.i;
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| corrupt(format!("bad UTF-8 at byte {at}")))
    }
    fn key(&mut self) -> Res<Key> {
        let at = self.i;
        match self.u8()? {
            0 => {
                let s = self.str()?;
                if !escaped_ok(s) {
                    return Err(corrupt(format!("bad key at byte {at}")));
                }
                Ok(Key::Str(s.into()))
            }
            1 => Ok(Key::num(f64::from_le_bytes(
                self.take(8)?.try_into().expect("8 bytes"),
            ))),
            t => Err(corrupt(format!("key tag {t} at byte {at}"))),
        }
    }
    fn ikey(&mut self) -> Res<IKey> {
        let at = self.i;
        Ok(match self.u8()? {
            0 => IKey::Undef,
            1 => IKey::Null,
            2 => IKey::Bool(false),
            3 => IKey::Bool(true),
            4 => {
                let n = f64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes"));
                IKey::Num(if n == 0.0 { 0.0 } else { n })
            }
            5 => {
                let s = self.str()?;
                if !escaped_ok(s) {
                    return Err(corrupt(format!("bad index key at byte {at}")));
                }
                IKey::Str(s.into())
            }
            t => return Err(corrupt(format!("index key tag {t} at byte {at}"))),
        })
    }

    /// The indexes section: ids are places in insertion order, below `records`.
    fn indexes(&mut self, records: u64) -> Res<Vec<(Box<str>, Index)>> {
        let n = self.u32()?;
        let mut out = Vec::new();
        for _ in 0..n {
            let name: Box<str> = self.str()?.into();
            let nkeys = self.u32()?;
            let mut ix = Index::default();
            for _ in 0..nkeys {
                let at = self.i;
                let k = self.ikey()?;
                let len = self.u32()? as usize;
                let raw = self.take(len.checked_mul(4).ok_or_else(|| corrupt("set length"))?)?;
                let ids: Vec<u32> = raw
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                    .collect();
                if ids.is_empty() || ids.iter().any(|&id| u64::from(id) >= records) {
                    return Err(corrupt(format!("bad index set at byte {at}")));
                }
                if ix.keys.contains(&k) {
                    return Err(corrupt(format!("duplicate index key at byte {at}")));
                }
                ix.insert_set(k, IdSet::from_ids(ids));
            }
            out.push((name, ix));
        }
        Ok(out)
    }

    /// A record text: UTF-8 and an object's shape, or a Date's tag (haro's `override` takes
    /// a Date as a record, and so does the store's). Its content is what the checksum vouches
    /// for (parsing every record here doubled the load time); indexed fields are read when
    /// the indexes are rebuilt, up to the last one wanted (`read_fields`), and a fault met
    /// there refuses the load.
    fn text(&mut self) -> Res<Box<str>> {
        let at = self.i;
        let s = self.str()?;
        let object = s.starts_with('{') && s.ends_with('}');
        let date = s.len() > 9 && s.starts_with(r#""\u0000d"#) && s.ends_with('"');
        if !(object || date) {
            return Err(corrupt(format!("bad record at byte {at}")));
        }
        Ok(s.into())
    }
}

/// Whether `s` is JSON string content (what sits between the quotes).
pub(super) fn escaped_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | 0..=0x1f => return false,
            b'\\' => {
                match b.get(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                    Some(b'u')
                        if b.len() >= i + 6
                            && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) =>
                    {
                        i += 6
                    }
                    _ => return false,
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// The prelude and header of the file `b`: checks magic, version, header checksum; its length
/// tells truncation from damage.
pub(super) fn read_header(b: &[u8]) -> Res<(Header, usize, u64)> {
    let len = b.len() as u64;
    if b.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(b) {
            SnapError::Truncated {
                have: len,
                want: PRELUDE as u64,
            }
        } else {
            SnapError::NotSnapshot
        });
    }
    if &b[..8] != MAGIC {
        return Err(SnapError::NotSnapshot);
    }
    if b.len() < PRELUDE {
        return Err(SnapError::Truncated {
            have: len,
            want: PRELUDE as u64,
        });
    }
    let mut r = Reader { b, i: 8 };
    let version = r.u32()?;
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(SnapError::Version(version));
    }
    let hlen = r.u32()?;
    let flen = r.u64()?;
    let sum = r.u64()?;
    if hlen > MAX_HEADER {
        return Err(corrupt("header length"));
    }
    let hend = PRELUDE + hlen as usize;
    if b.len() < hend {
        return Err(SnapError::Truncated {
            have: len,
            want: flen.max(hend as u64),
        });
    }
    if prelude_checksum(&b[..PRELUDE], &b[PRELUDE..hend]) != sum {
        return Err(corrupt("header checksum mismatch"));
    }
    let mut h = Reader {
        b: &b[..hend],
        i: PRELUDE,
    };
    let mut header = Header {
        records: h.u64()?,
        histories: h.u64()?,
        key: h.str()?.to_owned(),
        delimiter: h.str()?.to_owned(),
        ..Header::default()
    };
    let n = h.u32()?;
    for _ in 0..n {
        header.index.push(h.str()?.to_owned());
    }
    header.versioning = h.bool()?;
    header.immutable = h.bool()?;
    header.format = version;
    if version >= 2 {
        header.ttl = h.duration("ttl")?;
        header.expire_at = if h.bool()? {
            Some(h.str()?.to_owned())
        } else {
            None
        };
        header.version_limit = Some(h.u64()?).filter(|&n| n != u64::MAX);
        header.version_ttl = h.duration("versionTtl")?;
    }
    if h.i != hend {
        return Err(corrupt("header length"));
    }
    if flen < (hend + TRAILER) as u64 {
        return Err(corrupt("file length"));
    }
    Ok((header, hend, flen))
}

/// Refuses a file of `len` bytes whose header states `flen`: truncated, or with bytes after
/// its end.
pub(super) fn stated_length(len: u64, flen: u64) -> Res<()> {
    if len < flen {
        return Err(SnapError::Truncated {
            have: len,
            want: flen,
        });
    }
    if len > flen {
        return Err(corrupt(format!("{} bytes after the end", len - flen)));
    }
    Ok(())
}

/// Decodes a whole snapshot file, checking everything before anything is built.
pub fn decode(b: &[u8]) -> Res<Snapshot> {
    let len = b.len() as u64;
    let (header, hend, flen) = read_header(b)?;
    stated_length(len, flen)?;
    let body = b.len() - TRAILER;
    let sum = u64::from_le_bytes(b[body..].try_into().expect("8 bytes"));
    if xxh3_64(&b[..body]) != sum {
        return Err(corrupt("checksum mismatch"));
    }
    decode_body(&b[..body], hend, header)
}

/// The records and histories, from a body whose checksum is known good.
pub(super) fn decode_body(b: &[u8], start: usize, header: Header) -> Res<Snapshot> {
    let mut r = Reader { b, i: start };
    // Counts come from the file: never reserve more than the bytes could hold.
    let cap = |n: u64, min: usize| (n as usize).min(b.len() / min);
    let mut records = Vec::with_capacity(cap(header.records, 7));
    for _ in 0..header.records {
        let k = r.key()?;
        records.push((k, r.text()?));
    }
    let mut histories = Vec::with_capacity(cap(header.histories, 9));
    for _ in 0..header.histories {
        let k = r.key()?;
        let n = r.u32()?;
        let mut texts = Vec::with_capacity(cap(u64::from(n), 4));
        for _ in 0..n {
            texts.push(r.text()?);
        }
        histories.push((k, texts));
    }
    let indexes = r.indexes(header.records)?;
    let (mut due, mut times) = (Vec::new(), Vec::new());
    if header.format >= 2 {
        let n = r.u64()?;
        due.reserve(cap(n, 12));
        let mut last = None;
        for _ in 0..n {
            let at = r.i;
            let place = r.u32()?;
            // Places ascend: no record has two due times.
            if u64::from(place) >= header.records || last.is_some_and(|l| place <= l) {
                return Err(corrupt(format!("bad due time at byte {at}")));
            }
            last = Some(place);
            due.push((place, r.time()?));
        }
        let n = r.u64()?;
        times.reserve(cap(n, 12));
        let mut last = None;
        for _ in 0..n {
            let at = r.i;
            let place = r.u32()?;
            let len = r.u32()? as usize;
            let fits = histories
                .get(place as usize)
                .is_some_and(|(_, v): &(Key, Vec<Box<str>>)| v.len() == len);
            if !fits || last.is_some_and(|l| place <= l) {
                return Err(corrupt(format!("bad version times at byte {at}")));
            }
            last = Some(place);
            let mut ts = VecDeque::with_capacity(len);
            for _ in 0..len {
                ts.push_back(r.time()?);
            }
            times.push((place, ts));
        }
    }
    if r.i != b.len() {
        return Err(corrupt(format!("{} unread bytes", b.len() - r.i)));
    }
    Ok(Snapshot {
        header,
        records,
        histories,
        indexes,
        due,
        times,
    })
}

/// Rewrites both checksums and the length so that `b` passes them: lets a fuzzer reach
/// the decoder behind the checksums.
#[doc(hidden)]
pub fn reseal(b: &mut [u8]) {
    if b.len() < PRELUDE + TRAILER || &b[..8] != MAGIC {
        return;
    }
    let flen = b.len() as u64;
    b[16..24].copy_from_slice(&flen.to_le_bytes());
    let hlen = u32::from_le_bytes(b[12..16].try_into().expect("4 bytes")) as usize;
    if let Some(hend) = PRELUDE.checked_add(hlen).filter(|&e| e <= b.len()) {
        let sum = prelude_checksum(&b[..PRELUDE], &b[PRELUDE..hend]);
        b[24..32].copy_from_slice(&sum.to_le_bytes());
    }
    let body = b.len() - TRAILER;
    let sum = xxh3_64(&b[..body]);
    b[body..].copy_from_slice(&sum.to_le_bytes());
}
