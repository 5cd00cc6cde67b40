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
        Key::Num(Key::normal(n))
    }

    /// `n` as a number key holds it: `-0` is `0`, every NaN one NaN.
    pub fn normal(n: f64) -> f64 {
        if n == 0.0 {
            0.0
        } else if n.is_nan() {
            f64::NAN
        } else {
            n
        }
    }

    /// Writes the key as tagged JSON.
    pub fn write(&self, out: &mut String) {
        self.as_ref().write(out);
    }
}

// A key compares and hashes as its `RecKey`: one copy of the rules (SameValueZero).
impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.as_ref() == other.as_ref()
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_ref().hash(h);
    }
}

/// A record's key as the record holds it (inside the allocation of its text: `Store`'s
/// `Rec`). Hashes and compares as the `Key` it stands for.
#[derive(Clone, Copy, Debug)]
pub enum RecKey<'a> {
    /// JSON-escaped string content.
    Str(&'a str),
    Num(f64),
}

impl RecKey<'_> {
    pub fn to_key(self) -> Key {
        match self {
            RecKey::Str(s) => Key::Str(s.into()),
            RecKey::Num(n) => Key::Num(n),
        }
    }

    /// Writes the key as tagged JSON.
    pub fn write(self, out: &mut String) {
        match self {
            RecKey::Str(s) => write_str(s, out),
            RecKey::Num(n) => write_num(n, out),
        }
    }
}

impl Key {
    pub fn as_ref(&self) -> RecKey<'_> {
        match self {
            Key::Str(s) => RecKey::Str(s),
            Key::Num(n) => RecKey::Num(*n),
        }
    }
}

impl PartialEq<Key> for RecKey<'_> {
    fn eq(&self, other: &Key) -> bool {
        *self == other.as_ref()
    }
}

impl PartialEq for RecKey<'_> {
    fn eq(&self, other: &RecKey<'_>) -> bool {
        match (*self, *other) {
            (RecKey::Str(a), RecKey::Str(b)) => a == b,
            (RecKey::Num(a), RecKey::Num(b)) => a.to_bits() == b.to_bits() || a == b,
            _ => false,
        }
    }
}

impl Hash for RecKey<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match *self {
            RecKey::Str(s) => s.hash(h),
            RecKey::Num(n) => (if n == 0.0 { 0u64 } else { n.to_bits() }).hash(h),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn a_key_ref_hashes_and_compares_as_its_key() {
        let hasher = hashbrown::DefaultHashBuilder::default();
        for key in [
            Key::Str("a".into()),
            Key::Str("".into()),
            Key::num(0.0),
            Key::num(-0.0),
            Key::num(f64::NAN),
            Key::num(1.5),
        ] {
            let r = key.as_ref();
            assert_eq!(hasher.hash_one(&key), hasher.hash_one(r), "{key:?}");
            assert!(r == key && r == r.to_key().as_ref(), "{key:?}");
        }
        assert!(RecKey::Str("1") != Key::num(1.0));
        assert!(Key::num(-0.0).as_ref() == Key::num(0.0));
    }
}
