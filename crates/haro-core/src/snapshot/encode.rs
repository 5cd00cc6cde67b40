//! Writing a snapshot: the header and the sections, hashed as they are written.

use super::*;

pub(super) fn key_len(k: RecKey<'_>) -> u64 {
    match k {
        RecKey::Str(s) => 1 + 4 + s.len() as u64,
        RecKey::Num(_) => 1 + 8,
    }
}

pub(super) fn str_len(s: &str) -> u64 {
    4 + s.len() as u64
}

pub(super) fn header_bytes(h: &Header) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&h.records.to_le_bytes());
    out.extend_from_slice(&h.histories.to_le_bytes());
    for s in [&h.key, &h.delimiter] {
        put_str(&mut out, s);
    }
    out.extend_from_slice(&(h.index.len() as u32).to_le_bytes());
    for s in &h.index {
        put_str(&mut out, s);
    }
    out.push(h.versioning as u8);
    out.push(h.immutable as u8);
    out.extend_from_slice(&h.ttl.unwrap_or(f64::NAN).to_le_bytes());
    match &h.expire_at {
        None => out.push(0),
        Some(f) => {
            out.push(1);
            put_str(&mut out, f);
        }
    }
    out.extend_from_slice(&h.version_limit.unwrap_or(u64::MAX).to_le_bytes());
    out.extend_from_slice(&h.version_ttl.unwrap_or(f64::NAN).to_le_bytes());
    out
}

pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

pub(super) fn put_key(out: &mut Vec<u8>, k: RecKey<'_>) {
    match k {
        RecKey::Str(s) => {
            out.push(0);
            put_str(out, s);
        }
        RecKey::Num(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
}

/// The indexes a snapshot of `store` carries: all of them when they are exactly what
/// rebuilding gives and hold no object-valued keys (whose ids derive from record ids);
/// otherwise none, and loading rebuilds them.
pub(super) fn carried(store: &Store) -> Option<Vec<(&str, &Index)>> {
    let list = store.exact_indexes()?;
    let plain = list
        .iter()
        .all(|(_, ix)| ix.keys.iter().all(|(k, _)| !matches!(k, IKey::Unique(..))));
    plain.then_some(list)
}

pub(super) fn ikey_len(k: &IKey) -> u64 {
    match k {
        IKey::Num(_) => 1 + 8,
        IKey::Str(s) => 1 + str_len(s),
        _ => 1,
    }
}

pub(super) fn put_ikey(out: &mut Vec<u8>, k: &IKey) {
    match k {
        IKey::Undef => out.push(0),
        IKey::Null => out.push(1),
        IKey::Bool(b) => out.push(2 + u8::from(*b)),
        IKey::Num(n) => {
            out.push(4);
            out.extend_from_slice(&n.to_le_bytes());
        }
        IKey::Str(s) => {
            out.push(5);
            put_str(out, s);
        }
        IKey::Unique(..) => unreachable!("snapshots carry no object-valued index keys"),
    }
}

pub(super) fn prelude_checksum(prelude: &[u8], header: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(&prelude[..24]);
    h.update(header);
    h.digest()
}

pub(super) const CHUNK: usize = 1 << 20;

/// Writes the snapshot of `src` to `out`; returns the bytes written.
pub fn encode<W: Write>(mut out: W, header: &Header, src: &dyn Source) -> io::Result<u64> {
    let mut header = header.clone();
    (header.records, header.histories) = src.counts();
    let hb = header_bytes(&header);
    if hb.len() as u64 > u64::from(MAX_HEADER) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "index list too long for a snapshot header",
        ));
    }
    let len = (PRELUDE + hb.len() + TRAILER) as u64 + src.body_len();
    let mut prelude = [0u8; PRELUDE];
    prelude[..8].copy_from_slice(MAGIC);
    prelude[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    prelude[12..16].copy_from_slice(&(hb.len() as u32).to_le_bytes());
    prelude[16..24].copy_from_slice(&len.to_le_bytes());
    let hc = prelude_checksum(&prelude, &hb);
    prelude[24..32].copy_from_slice(&hc.to_le_bytes());

    // Hashed a piece at a time as written: pieces are a chunk long, hashing is not slowed.
    let mut hash = Xxh3::new();
    let mut written = 0u64;
    let mut put = |piece: &[u8]| {
        hash.update(piece);
        written += piece.len() as u64;
        out.write_all(piece)
    };
    put(&prelude)?;
    put(&hb)?;
    src.emit(&mut put)?;
    let sum = hash.digest();
    out.write_all(&sum.to_le_bytes())?;
    out.flush()?;
    let written = written + TRAILER as u64;
    if written != len {
        // The source changed between counting and writing: never leave such a file.
        return Err(io::Error::other("store changed while it was being saved"));
    }
    Ok(written)
}
