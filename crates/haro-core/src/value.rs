//! Record values and their text form.
//!
//! Records cross the boundary and rest in the store as the JSON text `JSON.stringify`
//! makes, with values JSON cannot hold carried as tagged strings: a string whose first
//! code unit is NUL (`\u0000`) followed by a tag letter. The facade writes and reads the
//! same tags (lib/codec.js).
//!
//! Strings are kept in their JSON-escaped form (the text between the quotes). That form
//! is canonical for `JSON.stringify` output, so equality of escaped forms is equality of
//! JS strings, lone surrogates included, and nothing is decoded on the hot paths.
//!
//! This file: values and their JS semantics (equality, template-literal strings).
//! `codec`: the text to values and back. `merge`: haro's merge. `date`: `Date#toString`.

use std::borrow::Cow;

mod codec;
mod date;
mod merge;
#[cfg(test)]
mod tests;

pub use codec::{
    escape_str, escaped, parse, parse_fields, read_fields, split_array, split_objects, write,
    write_into, write_js_order, write_sized,
};
pub(crate) use codec::{quote_or_backslash, write_int, write_num, write_str};
use date::date_string;
pub use merge::merge;

/// Escaped form of the NUL code unit that opens every tag.
const TAG: &str = "\\u0000";

/// The deepest nesting accepted; the facade enforces the same bound before encoding.
pub const MAX_DEPTH: usize = 512;

/// A record value. Strings borrow from the text they were parsed from, so reading a
/// record's fields allocates only for the containers it builds.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    /// JSON-escaped string content, without quotes.
    Str(Cow<'a, str>),
    /// A `Date`, as its time value in ms (NaN for an invalid date).
    Date(f64),
    Arr(Vec<Val<'a>>),
    /// Properties in order; names JSON-escaped.
    Obj(Vec<(Cow<'a, str>, Val<'a>)>),
    /// A value only a query can hold (a RegExp): equal to nothing.
    Opaque,
    /// A hole in a sparse array (`[1, , 3]`): reads as `undefined`, written back as a hole.
    Hole,
}

impl<'a> Val<'a> {
    /// A string value from escaped content.
    pub fn str(s: &'a str) -> Val<'a> {
        Val::Str(Cow::Borrowed(s))
    }

    /// The same value, owning its strings.
    pub fn into_owned(self) -> Val<'static> {
        match self {
            Val::Undef => Val::Undef,
            Val::Null => Val::Null,
            Val::Bool(b) => Val::Bool(b),
            Val::Num(n) => Val::Num(n),
            Val::Str(s) => Val::Str(Cow::Owned(s.into_owned())),
            Val::Date(d) => Val::Date(d),
            Val::Arr(items) => Val::Arr(items.into_iter().map(Val::into_owned).collect()),
            Val::Obj(props) => Val::Obj(
                props
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
            Val::Opaque => Val::Opaque,
            Val::Hole => Val::Hole,
        }
    }

    /// `typeof v === 'object' && v !== null`, as haro's `merge` tests it.
    fn is_object(&self) -> bool {
        matches!(self, Val::Arr(_) | Val::Obj(_) | Val::Date(_) | Val::Opaque)
    }

    /// The property `name` (escaped) of an object; `undefined` otherwise.
    pub fn get(&self, name: &str) -> &Val<'a> {
        match self {
            Val::Obj(props) => props
                .iter()
                .find(|(k, _)| k == name)
                .map_or(&Val::Undef, |(_, v)| v),
            _ => &Val::Undef,
        }
    }

    /// Element `i` of an array; `undefined` otherwise.
    pub fn get_index(&self, i: usize) -> &Val<'a> {
        match self {
            Val::Arr(items) => items.get(i).unwrap_or(&Val::Undef),
            _ => &Val::Undef,
        }
    }

    /// `===`: NaN is unequal to itself, objects equal nothing built elsewhere.
    pub fn strict_eq(&self, other: &Val<'_>) -> bool {
        match (self, other) {
            (Val::Undef | Val::Hole, Val::Undef | Val::Hole) | (Val::Null, Val::Null) => true,
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::Num(a), Val::Num(b)) => a == b,
            (Val::Str(a), Val::Str(b)) => a == b,
            _ => false,
        }
    }

    /// SameValueZero, as `Array.prototype.includes` and `Map#has` compare.
    pub fn same_value_zero(&self, other: &Val<'_>) -> bool {
        match (self, other) {
            (Val::Num(a), Val::Num(b)) if a.is_nan() && b.is_nan() => true,
            _ => self.strict_eq(other),
        }
    }

    /// `String(v)`, escaped, as a template literal builds composite index keys.
    pub fn js_string(&self, out: &mut String) {
        match self {
            Val::Undef | Val::Hole => out.push_str("undefined"),
            Val::Null => out.push_str("null"),
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::Num(n) => out.push_str(ryu_js::Buffer::new().format(*n)),
            Val::Str(s) => out.push_str(s),
            Val::Date(ms) => date_string(*ms, out),
            Val::Arr(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if !matches!(item, Val::Undef | Val::Null | Val::Hole) {
                        item.js_string(out);
                    }
                }
            }
            Val::Obj(_) => out.push_str("[object Object]"),
            Val::Opaque => out.push_str("[object RegExp]"),
        }
    }
}
