//! Index keys: the values an index maps to sets of records, compared as a JS `Map` compares
//! its keys (SameValueZero). Objects, arrays and dates are keyed by identity in haro, so
//! each occurrence is a key of its own that no lookup can reach.
//!
//! `IKey` is the owned key an index holds; `KeyRef` borrows from a parsed record or query,
//! hashes the same, and finds an `IKey` without allocating.

use std::hash::{Hash, Hasher};

use hashbrown::Equivalent;

use super::value::{write_into, write_num, write_str, Val};

#[derive(Clone, Debug)]
pub enum IKey {
    Undef,
    Null,
    Bool(bool),
    /// Never `-0`: a `Map` keeps `-0` as `0`.
    Num(f64),
    /// JSON-escaped string content.
    Str(Box<str>),
    /// An object-valued key: unique by its id; the value is kept to be read back.
    Unique(u64, Box<Val<'static>>),
}

/// A borrowed index key.
#[derive(Clone, Copy, Debug)]
pub enum KeyRef<'a> {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Unique(u64, &'a Val<'a>),
}

fn norm(n: f64) -> f64 {
    if n == 0.0 {
        0.0
    } else {
        n
    }
}

fn hash_num<H: Hasher>(n: f64, h: &mut H) {
    let bits = if n == 0.0 {
        0
    } else if n.is_nan() {
        f64::NAN.to_bits()
    } else {
        n.to_bits()
    };
    bits.hash(h)
}

impl<'a> KeyRef<'a> {
    pub fn text_len(&self) -> usize {
        match self {
            KeyRef::Str(s) => s.len(),
            _ => 0,
        }
    }

    /// The key under which a stored value is indexed. An object value takes the id
    /// `next_id` and bumps it; ids derive from the record and the value's place, so
    /// that indexing the same record again yields the same keys and removal finds them.
    pub fn of(v: &'a Val<'a>, next_id: &mut u64) -> KeyRef<'a> {
        match KeyRef::lookup(v) {
            Some(k) => k,
            None => {
                let id = *next_id;
                *next_id += 1;
                KeyRef::Unique(id, v)
            }
        }
    }

    /// The key a lookup with `v` finds (`Map#has`); `None` for values that find nothing.
    pub fn lookup(v: &'a Val<'a>) -> Option<KeyRef<'a>> {
        Some(match v {
            Val::Undef | Val::Hole => KeyRef::Undef,
            Val::Null => KeyRef::Null,
            Val::Bool(b) => KeyRef::Bool(*b),
            Val::Num(n) => KeyRef::Num(norm(*n)),
            Val::Str(s) => KeyRef::Str(s),
            _ => return None,
        })
    }

    /// The key a strict-equality scan (`lkey === v`) finds: as `lookup`, but NaN finds nothing.
    pub fn strict(v: &'a Val<'a>) -> Option<KeyRef<'a>> {
        match v {
            Val::Num(n) if n.is_nan() => None,
            _ => KeyRef::lookup(v),
        }
    }

    pub fn to_owned(self) -> IKey {
        match self {
            KeyRef::Undef => IKey::Undef,
            KeyRef::Null => IKey::Null,
            KeyRef::Bool(b) => IKey::Bool(b),
            KeyRef::Num(n) => IKey::Num(norm(n)),
            KeyRef::Str(s) => IKey::Str(s.into()),
            KeyRef::Unique(id, v) => IKey::Unique(id, Box::new(v.clone().into_owned())),
        }
    }
}

impl IKey {
    /// Bytes of string the key holds (what an index spends on it besides its entry).
    pub fn text_len(&self) -> usize {
        self.as_ref().text_len()
    }

    pub fn as_ref(&self) -> KeyRef<'_> {
        match self {
            IKey::Undef => KeyRef::Undef,
            IKey::Null => KeyRef::Null,
            IKey::Bool(b) => KeyRef::Bool(*b),
            IKey::Num(n) => KeyRef::Num(*n),
            IKey::Str(s) => KeyRef::Str(s),
            IKey::Unique(id, v) => KeyRef::Unique(*id, v),
        }
    }

    pub fn write(&self, out: &mut String) {
        match self {
            IKey::Undef => write_into(&Val::Undef, out),
            IKey::Null => out.push_str("null"),
            IKey::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            IKey::Num(n) => write_num(*n, out),
            IKey::Str(s) => write_str(s, out),
            IKey::Unique(_, v) => write_into(v, out),
        }
    }

    /// The number this key holds, if any, for numeric sorting.
    pub fn as_num(&self) -> Option<f64> {
        match self {
            IKey::Num(n) => Some(*n),
            _ => None,
        }
    }
}

impl PartialEq for KeyRef<'_> {
    fn eq(&self, other: &KeyRef<'_>) -> bool {
        match (self, other) {
            (KeyRef::Undef, KeyRef::Undef) | (KeyRef::Null, KeyRef::Null) => true,
            (KeyRef::Bool(a), KeyRef::Bool(b)) => a == b,
            (KeyRef::Num(a), KeyRef::Num(b)) => a == b || (a.is_nan() && b.is_nan()),
            (KeyRef::Str(a), KeyRef::Str(b)) => a == b,
            (KeyRef::Unique(a, _), KeyRef::Unique(b, _)) => a == b,
            _ => false,
        }
    }
}

impl Hash for KeyRef<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            KeyRef::Undef => 0u8.hash(h),
            KeyRef::Null => 1u8.hash(h),
            KeyRef::Bool(b) => {
                2u8.hash(h);
                b.hash(h)
            }
            KeyRef::Num(n) => {
                3u8.hash(h);
                hash_num(*n, h)
            }
            KeyRef::Str(s) => {
                4u8.hash(h);
                s.hash(h)
            }
            KeyRef::Unique(id, _) => {
                5u8.hash(h);
                id.hash(h)
            }
        }
    }
}

impl PartialEq for IKey {
    fn eq(&self, other: &IKey) -> bool {
        self.as_ref() == other.as_ref()
    }
}

impl Eq for IKey {}

impl Hash for IKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_ref().hash(h)
    }
}

impl Equivalent<IKey> for KeyRef<'_> {
    fn equivalent(&self, key: &IKey) -> bool {
        *self == key.as_ref()
    }
}
