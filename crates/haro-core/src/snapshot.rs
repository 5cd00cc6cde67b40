//! Snapshots: a store's records, histories and configuration in one checksummed file.
//!
//! Layout (integers little-endian):
//!
//! ```text
//! 0   magic "HAROSNAP"
//! 8   format version         u32
//! 12  header length H        u32
//! 16  file length            u64
//! 24  header checksum        u64   xxh3-64 of bytes 0..24, then the header
//! 32  header (H bytes): record count u64, history count u64, key field, delimiter,
//!     index count u32 and each name, versioning u8, immutable u8 (strings: u32 length
//!     and UTF-8); from version 2 the timing options: ttl f64, expireAt (u8 0, or 1 and
//!     a string), versionLimit u64, versionTtl f64 (NaN and u64::MAX: not set)
//!     records, in insertion order: key, text
//!     histories, in the order keys got one: key, count u32, each text
//!     indexes: count u32, each: name, key count u32, each: index key, ids (u32 count,
//!     places in insertion order)
//!     from version 2, due times: count u64, each: record place u32, epoch ms f64;
//!     then version times: count u64, each: history place u32, count u32 (the history's
//!     length), when each version was superseded (epoch ms f64, oldest first)
//! end-8 checksum             u64   xxh3-64 of everything before it
//! ```
//!
//! Version 1 files (no timing) are still read.
//!
//! A key is a tag byte and its value: 0, a string (u32 length, JSON-escaped content);
//! 1, a number (f64). Texts are the tagged JSON the store holds (u32 length, bytes),
//! so saving is a copy and loading parses nothing but the indexed fields.
//!
//! The file length and the header have their own checksum so that a short file is
//! reported as truncated and a damaged one as corrupt, not one as the other.
//!
//! Saving writes a temporary file beside the target, syncs it, renames it over the
//! target and syncs the directory: a crash at any point leaves the old file or the new
//! one, whole. Temporary files that a dead process left are removed by the next save.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::ikey::IKey;
use super::index::{IdSet, Index};
use super::key::Key;
use super::store::Store;

pub const MAGIC: &[u8; 8] = b"HAROSNAP";
pub const FORMAT_VERSION: u32 = 2;
/// The oldest format version this build reads.
pub const OLDEST_VERSION: u32 = 1;
const PRELUDE: usize = 32;
const TRAILER: usize = 8;
/// A header longer than this is a damaged length field, not a header.
const MAX_HEADER: u32 = 1 << 24;

/// The configuration a snapshot carries. Strings are as JS has them (not escaped).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Header {
    pub key: String,
    pub delimiter: String,
    pub index: Vec<String>,
    pub versioning: bool,
    pub immutable: bool,
    pub records: u64,
    pub histories: u64,
    /// The timing options (lib/expiry.js); the engine keeps only the times they gave.
    pub ttl: Option<f64>,
    pub expire_at: Option<String>,
    pub version_limit: Option<u64>,
    pub version_ttl: Option<f64>,
    /// The format version of the file it was read from (0: not read from a file).
    pub format: u32,
}

impl Header {
    /// The header as a JSON object, for the facade.
    pub fn to_json(&self) -> String {
        let s = |v: &str| format!("\"{}\"", super::value::escape_str(v));
        let index: Vec<String> = self.index.iter().map(|i| s(i)).collect();
        let num = |v: Option<f64>| {
            v.map_or("null".to_owned(), |n| {
                ryu_js::Buffer::new().format(n).to_owned()
            })
        };
        format!(
            "{{\"formatVersion\":{},\"key\":{},\"delimiter\":{},\"index\":[{}],\"versioning\":{},\"immutable\":{},\"records\":{},\"histories\":{},\"ttl\":{},\"expireAt\":{},\"versionLimit\":{},\"versionTtl\":{}}}",
            if self.format == 0 { FORMAT_VERSION } else { self.format },
            s(&self.key),
            s(&self.delimiter),
            index.join(","),
            self.versioning,
            self.immutable,
            self.records,
            self.histories,
            num(self.ttl),
            self.expire_at.as_deref().map_or("null".to_owned(), s),
            num(self.version_limit.map(|n| n as f64)),
            num(self.version_ttl),
        )
    }
}

/// Why a snapshot could not be read or written.
#[derive(Debug)]
pub enum SnapError {
    Io(io::Error),
    /// Not a snapshot at all (wrong magic).
    NotSnapshot,
    /// A format version this build does not know.
    Version(u32),
    /// Shorter than it says it is.
    Truncated {
        have: u64,
        want: u64,
    },
    /// A checksum mismatch or a structure that does not decode.
    Corrupt(String),
    /// The file is fine but changed between two reads.
    Changed,
}

impl SnapError {
    /// A short name of the kind, which the facade turns into an error code.
    pub fn kind(&self) -> &'static str {
        match self {
            SnapError::Io(_) => "io",
            SnapError::NotSnapshot => "not-snapshot",
            SnapError::Version(_) => "version",
            SnapError::Truncated { .. } => "truncated",
            SnapError::Corrupt(_) => "corrupt",
            SnapError::Changed => "changed",
        }
    }
}

impl fmt::Display for SnapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapError::Io(e) => write!(f, "{e}"),
            SnapError::NotSnapshot => write!(f, "not a haro-rs snapshot (bad magic)"),
            SnapError::Version(v) => write!(
                f,
                "unknown snapshot format version {v} (this build reads {FORMAT_VERSION})"
            ),
            SnapError::Truncated { have, want } => {
                write!(f, "snapshot is truncated ({have} of {want} bytes)")
            }
            SnapError::Corrupt(m) => write!(f, "snapshot is corrupt: {m}"),
            SnapError::Changed => write!(f, "snapshot changed while it was being loaded"),
        }
    }
}

impl std::error::Error for SnapError {}

impl From<io::Error> for SnapError {
    fn from(e: io::Error) -> SnapError {
        SnapError::Io(e)
    }
}

type Res<T> = std::result::Result<T, SnapError>;

fn corrupt(m: impl Into<String>) -> SnapError {
    SnapError::Corrupt(m.into())
}

// ---- what a snapshot holds ------------------------------------------------------------

/// Something a snapshot can be written from: a live store, or a copy taken from one.
pub trait Source {
    /// Records and histories.
    fn counts(&self) -> (u64, u64);
    /// Bytes of the records and histories sections.
    fn body_len(&self) -> u64;
    /// Hands the records then the histories sections to `out`, in pieces.
    fn emit(&self, out: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()>;
}

impl Source for Store {
    fn counts(&self) -> (u64, u64) {
        (self.len() as u64, self.histories().count() as u64)
    }

    fn body_len(&self) -> u64 {
        let records: u64 = self.entries().map(|(k, t)| key_len(k) + str_len(t)).sum();
        let histories: u64 = self
            .histories()
            .map(|(k, v)| key_len(k) + 4 + v.iter().map(|t| str_len(t)).sum::<u64>())
            .sum();
        let indexes: u64 = carried(self).map_or(0, |list| {
            list.iter()
                .map(|(n, ix)| {
                    str_len(n)
                        + 4
                        + ix.keys
                            .iter()
                            .map(|(k, set)| ikey_len(k) + 4 + 4 * set.len() as u64)
                            .sum::<u64>()
                })
                .sum()
        });
        let timing = 8
            + 12 * due_list(self).len() as u64
            + 8
            + time_list(self)
                .iter()
                .map(|(_, t)| 8 + 8 * t.len() as u64)
                .sum::<u64>();
        records + histories + 4 + indexes + timing
    }

    fn emit(&self, out: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut buf = Vec::with_capacity(CHUNK + 4096);
        for (k, t) in self.entries() {
            put_key(&mut buf, k);
            put_str(&mut buf, t);
            if buf.len() >= CHUNK {
                out(&buf)?;
                buf.clear();
            }
        }
        for (k, v) in self.histories() {
            put_key(&mut buf, k);
            buf.extend_from_slice(&(v.len() as u32).to_le_bytes());
            for t in v {
                put_str(&mut buf, t);
                if buf.len() >= CHUNK {
                    out(&buf)?;
                    buf.clear();
                }
            }
        }
        let list = carried(self).unwrap_or_default();
        buf.extend_from_slice(&(list.len() as u32).to_le_bytes());
        if !list.is_empty() {
            let ord = self.ordinals();
            for (name, ix) in list {
                put_str(&mut buf, name);
                buf.extend_from_slice(&(ix.keys.len() as u32).to_le_bytes());
                for (k, set) in ix.keys.iter() {
                    put_ikey(&mut buf, k);
                    buf.extend_from_slice(&(set.len() as u32).to_le_bytes());
                    for id in set.iter() {
                        buf.extend_from_slice(&ord[id as usize].to_le_bytes());
                    }
                    if buf.len() >= CHUNK {
                        out(&buf)?;
                        buf.clear();
                    }
                }
            }
        }
        let due = due_list(self);
        buf.extend_from_slice(&(due.len() as u64).to_le_bytes());
        for (place, at) in due {
            buf.extend_from_slice(&place.to_le_bytes());
            buf.extend_from_slice(&at.to_le_bytes());
            if buf.len() >= CHUNK {
                out(&buf)?;
                buf.clear();
            }
        }
        let times = time_list(self);
        buf.extend_from_slice(&(times.len() as u64).to_le_bytes());
        for (place, ts) in times {
            buf.extend_from_slice(&place.to_le_bytes());
            buf.extend_from_slice(&(ts.len() as u32).to_le_bytes());
            for t in ts {
                buf.extend_from_slice(&t.to_le_bytes());
            }
            if buf.len() >= CHUNK {
                out(&buf)?;
                buf.clear();
            }
        }
        out(&buf)
    }
}

/// Each record's due time, by place in insertion order (records that never expire left out).
fn due_list(store: &Store) -> Vec<(u32, f64)> {
    if store.expiry.is_empty() {
        return Vec::new();
    }
    store
        .ids()
        .enumerate()
        .filter_map(|(n, id)| store.expiry.due_of(id).map(|at| (n as u32, at)))
        .collect()
}

/// When each kept version was superseded, by history place (with `versionTtl` only).
/// A history whose times do not cover it is left out: it keeps its versions until its
/// next write, as it would have here.
fn time_list(store: &Store) -> Vec<(u32, &VecDeque<f64>)> {
    if store.retention.ttl.is_none() {
        return Vec::new();
    }
    store
        .histories()
        .enumerate()
        .filter_map(|(n, (k, v))| {
            let t = store.retention.times_of(k)?;
            (t.len() == v.len()).then_some((n as u32, t))
        })
        .collect()
}

/// A copy of a store's contents, taken quickly so that an asynchronous save can checksum
/// and write it elsewhere while the store goes on changing: the sections as the file
/// holds them, in one buffer (one sequential copy, no allocation per record).
#[derive(Default)]
pub struct Captured {
    counts: (u64, u64),
    body: Vec<u8>,
}

impl Captured {
    pub fn of(store: &Store) -> Captured {
        let mut body = Vec::with_capacity(store.body_len() as usize);
        store
            .emit(&mut |piece| {
                body.extend_from_slice(piece);
                Ok(())
            })
            .expect("writing to a Vec does not fail");
        Captured {
            counts: store.counts(),
            body,
        }
    }
}

impl Source for Captured {
    fn counts(&self) -> (u64, u64) {
        self.counts
    }

    fn body_len(&self) -> u64 {
        self.body.len() as u64
    }

    fn emit(&self, out: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        self.body.chunks(CHUNK).try_for_each(out)
    }
}

/// What a snapshot file decodes to.
#[derive(Default)]
pub struct Snapshot {
    pub header: Header,
    pub records: Vec<(Key, Box<str>)>,
    pub histories: Vec<(Key, Vec<Box<str>>)>,
    /// The indexes as saved (empty: rebuilt on load), ids as places in insertion order.
    indexes: Vec<(Box<str>, Index)>,
    /// Due times of records, by place.
    pub due: Vec<(u32, f64)>,
    /// Superseded times of versions, by history place.
    pub times: Vec<(u32, VecDeque<f64>)>,
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("header", &self.header)
            .field("records", &self.records.len())
            .field("histories", &self.histories.len())
            .field("indexes", &self.indexes.len())
            .field("due", &self.due.len())
            .field("times", &self.times.len())
            .finish()
    }
}

impl Snapshot {
    /// A store holding the snapshot, configured as `template` is (delimiter, index list,
    /// versioning), its indexes rebuilt. Built aside: an error leaves nothing behind.
    pub fn into_store(self, template: &Store) -> Res<Store> {
        let mut s = template.empty_like();
        for (k, t) in self.records {
            s.push_loaded(k, t).map_err(|e| corrupt(e.to_string()))?;
        }
        let mut keys = Vec::with_capacity(if self.times.is_empty() {
            0
        } else {
            self.histories.len()
        });
        for (k, v) in self.histories {
            if !self.times.is_empty() {
                keys.push(k.clone());
            }
            s.push_history(k, v).map_err(|e| corrupt(e.to_string()))?;
        }
        // Ids of a store filled in order are its places.
        for (place, at) in self.due {
            s.expiry.set(place, at);
        }
        if s.retention.ttl.is_some() {
            let times = self
                .times
                .into_iter()
                .map(|(n, t)| (keys[n as usize].clone(), t))
                .collect();
            s.retention.restore(times);
        }
        // Ids of a store filled in order are those places: the saved indexes fit as
        // they are, when they cover the index list; otherwise they are rebuilt.
        if self.indexes.is_empty() || s.install_indexes(self.indexes).is_none() {
            s.reindex(None).map_err(|e| corrupt(e.to_string()))?;
        }
        Ok(s)
    }
}

// ---- encoding -------------------------------------------------------------------------

fn key_len(k: &Key) -> u64 {
    match k {
        Key::Str(s) => 1 + 4 + s.len() as u64,
        Key::Num(_) => 1 + 8,
    }
}

fn str_len(s: &str) -> u64 {
    4 + s.len() as u64
}

fn header_bytes(h: &Header) -> Vec<u8> {
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

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_key(out: &mut Vec<u8>, k: &Key) {
    match k {
        Key::Str(s) => {
            out.push(0);
            put_str(out, s);
        }
        Key::Num(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
}

/// The indexes a snapshot of `store` carries: all of them when they are exactly what
/// rebuilding gives and hold no object-valued keys (whose ids derive from record ids);
/// otherwise none, and loading rebuilds them.
fn carried(store: &Store) -> Option<Vec<(&str, &Index)>> {
    let list = store.exact_indexes()?;
    let plain = list
        .iter()
        .all(|(_, ix)| ix.keys.iter().all(|(k, _)| !matches!(k, IKey::Unique(..))));
    plain.then_some(list)
}

fn ikey_len(k: &IKey) -> u64 {
    match k {
        IKey::Num(_) => 1 + 8,
        IKey::Str(s) => 1 + str_len(s),
        _ => 1,
    }
}

fn put_ikey(out: &mut Vec<u8>, k: &IKey) {
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

fn prelude_checksum(prelude: &[u8], header: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(&prelude[..24]);
    h.update(header);
    h.digest()
}

const CHUNK: usize = 1 << 20;

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

// ---- decoding -------------------------------------------------------------------------

struct Reader<'a> {
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

    /// A record text: UTF-8 and an object's shape. Its content is what the checksum vouches
    /// for (parsing every record here doubled the load time); indexed fields are parsed
    /// when the indexes are rebuilt, and a malformed one refuses the load then.
    fn text(&mut self) -> Res<Box<str>> {
        let at = self.i;
        let s = self.str()?;
        if !(s.starts_with('{') && s.ends_with('}')) {
            return Err(corrupt(format!("bad record at byte {at}")));
        }
        Ok(s.into())
    }
}

/// Whether `s` is JSON string content (what sits between the quotes).
fn escaped_ok(s: &str) -> bool {
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

/// The prelude and header: checks magic, version, header checksum. `len` is the file's
/// length, when known, to tell truncation from damage.
fn read_header(b: &[u8], len: u64) -> Res<(Header, usize, u64)> {
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

/// Decodes a whole snapshot file, checking everything before anything is built.
pub fn decode(b: &[u8]) -> Res<Snapshot> {
    let len = b.len() as u64;
    let (header, hend, flen) = read_header(b, len)?;
    if len < flen {
        return Err(SnapError::Truncated {
            have: len,
            want: flen,
        });
    }
    if len > flen {
        return Err(corrupt(format!("{} bytes after the end", len - flen)));
    }
    let body = b.len() - TRAILER;
    let sum = u64::from_le_bytes(b[body..].try_into().expect("8 bytes"));
    if xxh3_64(&b[..body]) != sum {
        return Err(corrupt("checksum mismatch"));
    }
    decode_body(&b[..body], hend, header)
}

/// The records and histories, from a body whose checksum is known good.
fn decode_body(b: &[u8], start: usize, header: Header) -> Res<Snapshot> {
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

// ---- files ----------------------------------------------------------------------------

/// Reads only the header of the snapshot at `path`.
pub fn read_header_file(path: &Path) -> Res<Header> {
    let mut f = File::open(path)?;
    let len = f.metadata()?.len();
    let mut b = vec![0u8; PRELUDE.min(len as usize)];
    f.read_exact(&mut b)?;
    if b.len() == PRELUDE && &b[..8] == MAGIC {
        let hlen = u32::from_le_bytes(b[12..16].try_into().expect("4 bytes"));
        if hlen <= MAX_HEADER {
            let more = (hlen as u64).min(len - PRELUDE as u64) as usize;
            b.resize(PRELUDE + more, 0);
            f.read_exact(&mut b[PRELUDE..])?;
        }
    }
    let (header, _, flen) = read_header(&b, len)?;
    if len < flen {
        return Err(SnapError::Truncated {
            have: len,
            want: flen,
        });
    }
    Ok(header)
}

/// Reads and decodes the snapshot at `path`.
pub fn read_file(path: &Path) -> Res<Snapshot> {
    decode(&fs::read(path)?)
}

/// Temporary files of saves under way in this process: not stale, whatever their age.
static IN_FLIGHT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
static NEXT_TMP: AtomicU64 = AtomicU64::new(0);

fn in_flight(f: impl FnOnce(&mut HashSet<PathBuf>)) {
    let mut g = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashSet::new));
}

/// Writes the snapshot of `src` to `path` atomically (see the module comment).
pub fn save(path: &Path, header: &Header, src: &dyn Source) -> Res<u64> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    remove_stale(&dir, name);
    let n = NEXT_TMP.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!("{name}.tmp-{}-{n}", std::process::id()));
    in_flight(|s| {
        s.insert(tmp.clone());
    });
    let out = write_then_rename(&tmp, path, &dir, header, src);
    if out.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    in_flight(|s| {
        s.remove(&tmp);
    });
    out
}

fn write_then_rename(
    tmp: &Path,
    path: &Path,
    dir: &Path,
    header: &Header,
    src: &dyn Source,
) -> Res<u64> {
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
    fs::rename(tmp, path)?;
    sync_dir(dir)?;
    Ok(n)
}

/// Writes through to the file, asking the kernel every few megabytes to start writing the
/// pages back, so that the final fsync waits for the tail only, not for the whole file.
struct Writeback {
    f: File,
    pos: u64,
    started: u64,
}

const WRITEBACK_STEP: u64 = 8 << 20;

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
fn start_writeback(f: &File, from: u64, len: u64) {
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
fn start_writeback(_: &File, _: u64, _: u64) {}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    // Windows cannot open a directory as a file; its rename is durable once it returns.
    Ok(())
}

/// Removes `<name>.tmp-<pid>-<n>` files in `dir` whose process is gone.
fn remove_stale(dir: &Path, name: &str) {
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
            in_flight(|s| busy = s.contains(&path));
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
fn process_alive(pid: u32, _: &fs::DirEntry) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc, a temporary file untouched for an hour counts as left behind.
#[cfg(not(target_os = "linux"))]
fn process_alive(_: u32, e: &fs::DirEntry) -> bool {
    e.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 3600)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IndexSpec, Key};

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
            assert_eq!(s.purge_expired(now), t.purge_expired(now), "{now}");
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

    #[test]
    fn save_is_atomic_and_cleans_up() {
        let dir = std::env::temp_dir().join(format!("haro-snap-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.snap");
        // A temp file of a dead process (pid far beyond pid_max) and one of a name that
        // does not match.
        let stale = dir.join("s.snap.tmp-4194999999-0");
        let other = dir.join("t.snap.tmp-4194999999-0");
        fs::write(&stale, b"x").unwrap();
        fs::write(&other, b"x").unwrap();
        let s = store();
        save(&path, &header(), &s).unwrap();
        assert!(!stale.exists());
        assert!(other.exists());
        let t = read_file(&path).unwrap().into_store(&s).unwrap();
        same(&s, &t);
        assert_eq!(read_header_file(&path).unwrap().records, 4);
        let left: Vec<_> = fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(left.len(), 2);
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
}
