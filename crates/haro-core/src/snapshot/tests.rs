use super::decode::escaped_ok;
use super::*;
use crate::{Error, IndexSpec, Key};

fn store() -> Store {
    let mut s = Store::new();
    s.set_specs(vec![IndexSpec {
        name: "name".into(),
        fields: vec!["name".into()],
        composite: false,
    }]);
    s.versioning = true;
    for (i, n) in ["a", "b", "a", "c\\n"].iter().enumerate() {
        let text = format!("{{\"id\":{i},\"name\":\"{n}\"}}");
        s.set(Key::num(i as f64), text, false).unwrap();
    }
    s.set(Key::Str("x".into()), "{\"name\":\"a\"}".into(), false)
        .unwrap();
    s.set(Key::Str("x".into()), "{\"name\":\"b\"}".into(), false)
        .unwrap();
    s.delete(&Key::num(1.0), false).unwrap();
    s
}

fn header() -> Header {
    Header {
        key: "id".into(),
        delimiter: "|".into(),
        index: vec!["name".into()],
        versioning: true,
        immutable: false,
        ..Header::default()
    }
}

fn bytes(s: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    encode(&mut out, &header(), s).unwrap();
    out
}

/// The same records, histories and indexes (saved ones kept as they were).
fn same(a: &Store, b: &Store) {
    let all = |s: &Store| {
        s.entries()
            .map(|(k, t)| format!("{k:?} {t}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(all(a), all(b));
    assert_eq!(a.versioned_keys_text(), b.versioned_keys_text());
    assert_eq!(a.indexes_text(None), b.indexes_text(None));
    for (k, _) in a.histories() {
        assert_eq!(a.versions_text(k), b.versions_text(k));
    }
    b.check_invariants().unwrap();
}

#[test]
fn round_trip() {
    let s = store();
    let b = bytes(&s);
    let snap = decode(&b).unwrap();
    assert_eq!(snap.header.records, 4);
    assert_eq!(snap.header.histories, 5);
    assert_eq!(snap.header.index, ["name"]);
    let t = snap.into_store(&s).unwrap();
    same(&s, &t);
    // A copy encodes to the same bytes.
    let mut c = Vec::new();
    encode(&mut c, &header(), &Captured::of(&s)).unwrap();
    assert_eq!(b, c);
}

#[test]
fn a_snapshot_big_enough_to_pack_loads_packed_whole() {
    let mut s = store();
    for from in [3, 4, 5] {
        s.pack_from(from);
        let t = decode(&bytes(&s)).unwrap().into_store(&s).unwrap();
        same(&s, &t);
        // 4 records: all packed past a threshold below 4 (one by one, the 4th would be), none else.
        assert_eq!(t.packed_count(), if from < 4 { (4, 0) } else { (0, 4) });
    }
}

/// A record an override of records put in that makes more keys of a composite than an index
/// holds: the store saved could not build that index, nor can its load; the other indexes
/// are built, and the load does not call the file corrupt.
#[test]
fn an_index_a_record_would_overflow_stays_unbuilt_at_load() {
    let span = |n: usize| {
        let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        format!("[{}]", items.join(","))
    };
    let spec = |name: &str, fields: &[&str]| IndexSpec {
        name: name.into(),
        fields: fields.iter().map(|f| Box::from(*f)).collect(),
        composite: fields.len() > 1,
    };
    let mut s = Store::new();
    s.set_specs(vec![spec("name", &["name"]), spec("a|b", &["a", "b"])]);
    let big = format!(r#"{{"name":"w","a":{},"b":{}}}"#, span(4097), span(4097));
    s.override_records(vec![
        (Key::Str("w".into()), big),
        (Key::Str("v".into()), r#"{"name":"v","a":1,"b":2}"#.into()),
    ])
    .unwrap();
    assert!(matches!(s.reindex(None), Err(Error::TooManyKeys { .. })));
    let t = decode(&bytes(&s)).unwrap().into_store(&s).unwrap();
    assert_eq!(t.len(), 2);
    assert!(t.has_index("name"));
    assert!(!t.has_index("a|b"));
    t.check_invariants().unwrap();
}

#[test]
fn indexes_not_exact_are_rebuilt() {
    let mut s = store();
    // An index the list no longer names: the file carries none, loading rebuilds.
    s.reindex(Some(IndexSpec {
        name: "id".into(),
        fields: vec!["id".into()],
        composite: false,
    }))
    .unwrap();
    s.set_specs(vec![IndexSpec {
        name: "name".into(),
        fields: vec!["name".into()],
        composite: false,
    }]);
    let b = bytes(&s);
    let snap = decode(&b).unwrap();
    assert!(snap.indexes.is_empty());
    let t = snap.into_store(&s).unwrap();
    assert!(!t.has_index("id"));
    t.check_invariants().unwrap();
    // Carried, the indexes are the saved ones, key order included.
    let s = store();
    let t = decode(&bytes(&s)).unwrap();
    assert_eq!(t.indexes.len(), 1);
    same(&s, &t.into_store(&s).unwrap());
}

#[test]
fn every_truncation_is_reported_as_one() {
    let b = bytes(&store());
    for n in 0..b.len() {
        match decode(&b[..n]) {
            Err(SnapError::Truncated { have, .. }) => assert_eq!(have, n as u64),
            other => panic!("{n}: {other:?}"),
        }
    }
}

#[test]
fn every_flipped_byte_is_refused() {
    let b = bytes(&store());
    for i in 0..b.len() {
        for bit in [0x01, 0x80] {
            let mut c = b.clone();
            c[i] ^= bit;
            let e = decode(&c).unwrap_err();
            assert!(
                matches!(
                    e,
                    SnapError::Corrupt(_)
                        | SnapError::NotSnapshot
                        | SnapError::Version(_)
                        | SnapError::Truncated { .. }
                ),
                "{i}: {e:?}"
            );
            // Past the prelude, damage is never mistaken for truncation.
            if i >= 32 {
                assert!(matches!(e, SnapError::Corrupt(_)), "{i}: {e:?}");
            }
        }
    }
}

#[test]
fn version_and_magic() {
    for v in [0, FORMAT_VERSION + 1] {
        let mut b = bytes(&store());
        b[8..12].copy_from_slice(&v.to_le_bytes());
        reseal(&mut b);
        assert!(matches!(decode(&b), Err(SnapError::Version(w)) if w == v));
    }
    assert!(matches!(decode(b"NOTASNAP"), Err(SnapError::NotSnapshot)));
    assert!(matches!(decode(b"HARO"), Err(SnapError::Truncated { .. })));
}

/// A store with due times and version times (retention `ttl` 50).
fn timed() -> Store {
    let mut s = store();
    s.retention.configure(Some(5), Some(50.0));
    let k = Key::Str("x".into());
    for t in [10.0, 20.0] {
        s.retention.now = t;
        s.set(k.clone(), format!("{{\"name\":\"t{t}\"}}"), false)
            .unwrap();
    }
    let ids: Vec<u32> = s.ids().collect();
    s.expiry.set(ids[0], 1000.0);
    s.expiry.set(ids[3], 20.5);
    s
}

fn due(s: &Store) -> Vec<(u32, f64)> {
    s.ids()
        .filter_map(|id| s.expiry.due_of(id))
        .enumerate()
        .map(|(n, t)| (n as u32, t))
        .collect()
}

#[test]
fn timing_round_trip() {
    let s = timed();
    let x = Key::Str("x".into());
    let mut h = header();
    (h.ttl, h.expire_at, h.version_limit, h.version_ttl) =
        (Some(100.0), Some("at".into()), Some(5), Some(50.0));
    let mut b = Vec::new();
    encode(&mut b, &h, &s).unwrap();
    let snap = decode(&b).unwrap();
    assert_eq!(snap.header.ttl, Some(100.0));
    assert_eq!(snap.header.expire_at.as_deref(), Some("at"));
    assert_eq!(snap.header.version_limit, Some(5));
    assert_eq!(snap.header.version_ttl, Some(50.0));
    assert_eq!(snap.header.format, FORMAT_VERSION);
    let t = snap.into_store(&s).unwrap();
    same(&s, &t);
    assert_eq!(due(&s), due(&t));
    assert_eq!(due(&t).len(), 2);
    assert_eq!(s.retention.times_of(&x), t.retention.times_of(&x));
    // The version that predates the ttl counts as superseded at the first push.
    assert_eq!(t.retention.times_of(&x).unwrap().len(), 3);
    // The loaded store drops what the saved one would, at the same times.
    let (mut s, mut t) = (s, t);
    for now in [30.0, 65.0, 71.0] {
        let keys = |gone: Vec<(Key, u32)>| gone.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(
            keys(s.purge_expired(now)),
            keys(t.purge_expired(now)),
            "{now}"
        );
        assert_eq!(s.versions_text(&x), t.versions_text(&x), "{now}");
    }
}

#[test]
fn version_1_files_still_load() {
    let s = store();
    let mut b = bytes(&s);
    // A version 1 file: no timing in the header (25 bytes), none in the body (16).
    let hlen = u32::from_le_bytes(b[12..16].try_into().unwrap()) as usize;
    let hend = PRELUDE + hlen;
    b.drain(hend - 25..hend);
    let body = b.len() - TRAILER;
    b.drain(body - 16..body);
    b[8..12].copy_from_slice(&1u32.to_le_bytes());
    b[12..16].copy_from_slice(&((hlen - 25) as u32).to_le_bytes());
    reseal(&mut b);
    let snap = decode(&b).unwrap();
    assert_eq!(snap.header.format, 1);
    assert_eq!(snap.header.ttl, None);
    same(&s, &snap.into_store(&s).unwrap());
}

#[test]
fn bad_timing_is_refused() {
    let s = timed();
    let mut h = header();
    h.version_ttl = Some(50.0);
    let mut good = Vec::new();
    encode(&mut good, &h, &s).unwrap();
    decode(&good).unwrap();
    // The version times section: count 1, place, length 3, three times; then the trailer.
    let times = good.len() - TRAILER - (8 + 4 + 4 + 3 * 8);
    let due = times - (8 + 2 * 12);
    let cases: [(usize, &[u8]); 5] = [
        (due + 8, &9u32.to_le_bytes()),      // a place past the records
        (due + 12, &f64::NAN.to_le_bytes()), // a due time that is no time
        (due + 20, &0u32.to_le_bytes()),     // places out of order
        (times + 8, &7u32.to_le_bytes()),    // a history that is not there
        (times + 12, &2u32.to_le_bytes()),   // not the history's length
    ];
    for (at, bytes) in cases {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        reseal(&mut b);
        assert!(matches!(decode(&b), Err(SnapError::Corrupt(_))), "{at}");
    }
}

#[test]
fn resealed_garbage_is_refused_not_built() {
    // Behind valid checksums: a duplicate key and a bad record text.
    let mut s = Store::new();
    s.set(Key::num(1.0), "{\"a\":1}".into(), true).unwrap();
    s.set(Key::num(2.0), "{\"a\":2}".into(), true).unwrap();
    let mut b = bytes(&s);
    let at = b
        .windows(9)
        .position(|w| w == [1, 0, 0, 0, 0, 0, 0, 0, 0x40]);
    let at = at.expect("key 2");
    b[at + 7] = 0xf0; // 2.0 → 1.0
    b[at + 8] = 0x3f;
    reseal(&mut b);
    let snap = decode(&b).unwrap();
    assert!(snap.into_store(&s).is_err());
    let mut b = bytes(&s);
    let at = b.windows(7).position(|w| w == b"{\"a\":1}").unwrap();
    b[at + 6] = b']';
    reseal(&mut b);
    assert!(matches!(decode(&b), Err(SnapError::Corrupt(_))));
}

/// An empty directory of its own for a test (`name` and this process's id), made anew.
fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("haro-snap-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn save_is_atomic_and_cleans_up() {
    let dir = fresh_dir("test");
    let path = dir.join("s.snap");
    // A temp file of a dead process (pid far beyond pid_max) and one of a name that
    // does not match.
    let stale = dir.join("s.snap.tmp-4194999999-0");
    let other = dir.join("t.snap.tmp-4194999999-0");
    fs::write(&stale, b"x").unwrap();
    fs::write(&other, b"x").unwrap();
    let s = store();
    save(&Turn::take(path.clone()), &header(), &s).unwrap();
    assert!(!stale.exists());
    assert!(other.exists());
    let snap = read_file(&path).unwrap();
    assert_eq!(snap.header.records, 4);
    let t = snap.into_store(&s).unwrap();
    same(&s, &t);
    let left: Vec<_> = fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(left.len(), 2);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn saves_of_one_file_land_in_call_order() {
    let dir = fresh_dir("order");
    let path = dir.join("s.snap");
    let s = store();
    let empty = Store::new();
    // The first call's save finishes last: the file stays the second's.
    let first = Turn::take(path.clone());
    let second = Turn::take(path.clone());
    save(&second, &header(), &empty).unwrap();
    save(&first, &header(), &s).unwrap();
    assert_eq!(read_file(&path).unwrap().header.records, 0);
    // Out of call order again, the first call through a symlink to the directory: the same
    // file, so the later call's save stays.
    #[cfg(unix)]
    {
        let link =
            std::env::temp_dir().join(format!("haro-snap-order-link-{}", std::process::id()));
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        let first = Turn::take(link.join("s.snap"));
        let second = Turn::take(path.clone());
        save(&second, &header(), &s).unwrap();
        save(&first, &header(), &empty).unwrap();
        assert_eq!(read_file(&path).unwrap().header.records, 4);
        fs::remove_file(&link).unwrap();
    }
    drop((first, second));
    save(&Turn::take(path.clone()), &header(), &empty).unwrap();
    assert_eq!(read_file(&path).unwrap().header.records, 0);
    // No temporary file is left, and no turn is remembered once its save is done.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    assert!(!files::remembered(&path));
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_save_in_flight_is_not_stale_under_another_spelling() {
    let dir = fresh_dir("inflight");
    let link = std::env::temp_dir().join(format!("haro-snap-inflight-link-{}", std::process::id()));
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink(&dir, &link).unwrap();
    let name = format!("s.snap.tmp-{}-{}", std::process::id(), u64::MAX);
    fs::write(dir.join(&name), b"x").unwrap();
    files::in_flight(|s| {
        s.insert(name.clone());
    });
    files::remove_stale(&link, "s.snap");
    assert!(dir.join(&name).exists());
    files::in_flight(|s| {
        s.remove(&name);
    });
    files::remove_stale(&link, "s.snap");
    assert!(!dir.join(&name).exists());
    fs::remove_file(&link).unwrap();
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn escaped_keys() {
    assert!(escaped_ok("a\\n\\u00e9\\\"b"));
    assert!(!escaped_ok("a\"b"));
    assert!(!escaped_ok("a\\x"));
    assert!(!escaped_ok("a\\u00"));
    assert!(!escaped_ok("a\n"));
}

/// `read_file` reads what the file's prelude states: a file that is no snapshot, one longer
/// or shorter than its header says, or a FIFO, is refused as `decode` refuses its bytes,
/// and a FIFO without waiting for a writer.
#[test]
fn read_file_checks_the_header_before_reading_on() {
    let dir = fresh_dir("read");
    let path = dir.join("s.snap");
    let s = store();
    save(&Turn::take(path.clone()), &header(), &s).unwrap();
    let good = fs::read(&path).unwrap();
    let said = |r: Res<Snapshot>| r.err().map(|e| format!("{}: {e}", e.kind()));
    let cases: [Vec<u8>; 6] = [
        vec![0; 100_000],
        good[..5].to_vec(),
        good[..20].to_vec(),
        good[..good.len() - 1].to_vec(),
        [&good[..], b"tail"].concat(),
        [&good[..8], &[9, 0, 0, 0], &good[12..]].concat(),
    ];
    for bytes in cases {
        fs::write(&path, &bytes).unwrap();
        let refused = said(decode(&bytes));
        assert!(refused.is_some());
        assert_eq!(said(read_file(&path)), refused);
    }
    fs::write(&path, &good).unwrap();
    assert_eq!(read_file(&path).unwrap().header.records, 4);
    // A terabyte of (sparse) zeros is no snapshot, told from its first bytes: read whole,
    // it was an allocation failure
    let big = dir.join("big.bin");
    File::create(&big).unwrap().set_len(1 << 40).unwrap();
    assert_eq!(said(read_file(&big)), said(decode(&[0; 32])));
    // and a snapshot followed by a terabyte, from its header
    fs::write(&path, &good).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    let after = said(read_file(&path)).unwrap();
    assert!(
        after.starts_with("corrupt: ")
            && after.ends_with(&format!(
                "{} bytes after the end",
                (1u64 << 40) - good.len() as u64
            )),
        "{after}"
    );
    fs::remove_file(&path).unwrap();
    #[cfg(unix)]
    {
        let fifo = dir.join("f.snap");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(said(read_file(&fifo)).is_some_and(|e| e.starts_with("io: ")));
    }
    fs::remove_dir_all(&dir).unwrap();
}
