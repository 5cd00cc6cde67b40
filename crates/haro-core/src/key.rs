//! Record keys: JS `Map` keys restricted to strings and numbers.

use std::hash::{Hash, Hasher};

use super::value::{write_num, write_str};

/// A record key. `1` and `"1"` differ, `-0` is `0`, as in a `Map`.
#[derive(Clone, Debug)]
pub enum Key {
    /// JSON-escaped string content.
    Str(Box<str>),
    Num(f64),
}

impl Key {
    /// A number key, normalised so that `-0` and `0` are one key, and every NaN one
    /// key (SameValueZero).
    pub fn num(n: f64) -> Key {
        Key::Num(if n == 0.0 {
            0.0
        } else if n.is_nan() {
            f64::NAN
        } else {
            n
        })
    }

    /// Writes the key as tagged JSON.
    pub fn write(&self, out: &mut String) {
        match self {
            Key::Str(s) => write_str(s, out),
            Key::Num(n) => write_num(*n, out),
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Str(a), Key::Str(b)) => a == b,
            (Key::Num(a), Key::Num(b)) => a.to_bits() == b.to_bits() || a == b,
            _ => false,
        }
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Key::Str(s) => s.hash(h),
            Key::Num(n) => (if *n == 0.0 { 0u64 } else { n.to_bits() }).hash(h),
        }
    }
}
