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
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::ikey::IKey;
use super::index::{IdSet, Index};
use super::key::{Key, RecKey};
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

mod decode;
mod encode;
mod files;
mod source;
#[cfg(test)]
mod tests;

pub use decode::{decode, reseal};
pub use encode::encode;
use encode::*;
pub use files::{read_file, save, Turn};
pub use source::{Captured, Snapshot, Source};
