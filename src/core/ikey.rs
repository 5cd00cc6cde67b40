//! Index keys: the values an index maps to sets of records, compared as a JS `Map` compares
//! its keys (SameValueZero). Objects, arrays and dates are keyed by identity in haro, so
//! each occurrence is a key of its own that no lookup can reach.

use std::hash::{Hash, Hasher};

use super::value::{write_into, write_num, write_str, Val};

#[derive(Clone, Debug)]
pub enum IKey {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    /// JSON-escaped string content.
    Str(Box<str>),
    /// An object-valued key: unique by its id; the value is kept to be read back.
    Unique(u64, Box<Val>),
}

impl IKey {
    /// The key under which a stored value is indexed. An object value takes the id
    /// `next_id` and bumps it; ids derive from the record and the value's place, so
    /// that indexing the same record again yields the same keys and removal finds them.
    pub fn of(v: Val, next_id: &mut u64) -> IKey {
        match v {
            Val::Undef => IKey::Undef,
            Val::Null => IKey::Null,
            Val::Bool(b) => IKey::Bool(b),
            Val::Num(n) => IKey::num(n),
            Val::Str(s) => IKey::Str(s),
            other => {
                let id = *next_id;
                *next_id += 1;
                IKey::Unique(id, Box::new(other))
            }
        }
    }

    /// A number key as a `Map` keeps it: `-0` becomes `0`.
    fn num(n: f64) -> IKey {
        IKey::Num(if n == 0.0 { 0.0 } else { n })
    }

    /// The key a lookup with `v` finds (`Map#has`); `None` for values that find nothing.
    pub fn lookup(v: &Val) -> Option<IKey> {
        Some(match v {
            Val::Undef => IKey::Undef,
            Val::Null => IKey::Null,
            Val::Bool(b) => IKey::Bool(*b),
            Val::Num(n) => IKey::num(*n),
            Val::Str(s) => IKey::Str(s.clone()),
            _ => return None,
        })
    }

    /// The key a strict-equality scan (`lkey === v`) finds: as `lookup`, but NaN finds nothing.
    pub fn strict(v: &Val) -> Option<IKey> {
        match v {
            Val::Num(n) if n.is_nan() => None,
            _ => IKey::lookup(v),
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

impl PartialEq for IKey {
    fn eq(&self, other: &IKey) -> bool {
        match (self, other) {
            (IKey::Undef, IKey::Undef) | (IKey::Null, IKey::Null) => true,
            (IKey::Bool(a), IKey::Bool(b)) => a == b,
            (IKey::Num(a), IKey::Num(b)) => a == b || (a.is_nan() && b.is_nan()),
            (IKey::Str(a), IKey::Str(b)) => a == b,
            (IKey::Unique(a, _), IKey::Unique(b, _)) => a == b,
            _ => false,
        }
    }
}

impl Eq for IKey {}

impl Hash for IKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            IKey::Bool(b) => b.hash(h),
            IKey::Num(n) => {
                let bits = if *n == 0.0 {
                    0
                } else if n.is_nan() {
                    f64::NAN.to_bits()
                } else {
                    n.to_bits()
                };
                bits.hash(h)
            }
            IKey::Str(s) => s.hash(h),
            IKey::Unique(id, _) => id.hash(h),
            IKey::Undef | IKey::Null => {}
        }
    }
}
