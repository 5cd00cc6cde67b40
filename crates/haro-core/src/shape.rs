//! Shapes: a record's object keys held once per store instead of once per record.
//!
//! Most records of a store share their key lists (`{"id":…,"name":…,…}` a million times).
//! A packed record is its text with each object's keys taken out: `{"a":"xy","b":{"c":2}}`
//! rests as `␁ABRxy␃␁AA!2`.
//! - `␁` (U+0001, which JSON text never holds raw) starts an object; `AB` is its key list
//!   in the store's table (list 1; the inner object's, met first, is `AA`, list 0), two
//!   characters of `DIGITS`.
//! - Each value follows with what tells its end: its length as one byte (`!` is 1: the
//!   byte is `SHORT_BASE` + length), or `LONG` and three `DIGITS` for a longer one; a
//!   string without its quotes, behind `STR_BASE` + length (`R`: 2) or `STR_LONG` and three
//!   digits; `␃` (`NESTED`) for a value holding a packed object, which ends where its own
//!   bytes say.
//! - Arrays, strings, numbers and literals are kept as their text (an array's objects are
//!   packed inside it).
//!
//! The text is rebuilt byte for byte on the way out: a key list is kept as the text that
//! goes before each value (`{"a":`, `,"b":`), so rebuilding is copies, with no search for a
//! value's end outside arrays. A benchmark-shaped record of 272 bytes (the tests' `RECORD`)
//! rests in 152. Every byte a packed form adds is ASCII: it stays a `str`.
//!
//! Packing reads each object's keys against the list its place held in the last record
//! (`Shape::next`, `Shapes::top`): a record shaped like the one before is packed without
//! searching, hashing or looking up a key. Another shape takes the long way: keys are read,
//! hashed, and found in (or added to) the table.
//!
//! What is not packed stays as it was, so every text is a valid stored form:
//! - an empty object, an object with an escaped key, more than `MAX_KEYS` keys, a value
//!   of `MAX_LEN` bytes or more (one holding a packed object has no length, so no limit),
//!   or `MAX_DEPTH` levels down: kept as its text, with everything inside it (packing and
//!   rebuilding count levels alike);
//! - a text the packer does not follow (whitespace, anything but the compact JSON that
//!   `JSON.stringify` and the engine write), or one that packing would not make shorter:
//!   the whole record is kept as its text;
//! - a new key list once the table holds `MAX_SHAPES`: that object is kept as its text.
//!
//! Each key list counts the objects stored with it; the store hands back every stored form
//! it drops (`release`), and a list no object uses any more goes, its id reused. A record
//! set then deleted leaves the store as it was, and a store whose key lists drift over
//! time (a schema that changes) does not fill its table with lists of the past.
//!
//! A stored form starts with `␁` exactly when it is packed (a record is an object; a text
//! that is not one is never packed). A text holding a raw `␁` anywhere (JSON escapes it in
//! strings, so only a malformed text can) is never packed, and lengths and ids never use
//! that byte: in a packed form every `␁` is a mark, which the use counts rely on.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::value::quote_or_backslash;

mod forms;
mod pack;
#[cfg(test)]
mod tests;
mod unpack;

use forms::Forms;
use pack::Packer;
use unpack::{Sink, Unpacker};

const MARK: u8 = 0x01;
/// A value's length below `SHORT_MAX` is one byte, `SHORT_BASE + length`; a longer one is
/// `LONG` and three `DIGITS`, up to `MAX_LEN` (an object holding a longer value stays text).
/// A string loses its quotes (the length says where it ends): `STR_BASE + length` of its
/// content, or `STR_LONG` and three digits.
const SHORT_BASE: u8 = 0x20;
const STR_BASE: u8 = 0x50;
const SHORT_MAX: usize = 0x30;
const LONG: u8 = 0x02;
const STR_LONG: u8 = 0x04;
/// A value holding a packed object (itself one, or an array of them) has no length: it ends
/// where its own bytes say.
const NESTED: u8 = 0x03;
const MAX_LEN: usize = 64 * 64 * 64;
/// A shape id is two characters of `DIGITS`: at most 64 × 64 key lists a store.
const MAX_SHAPES: usize = 64 * 64;
/// Objects with more keys are kept as text: a dictionary-like object (ids as keys) would
/// add a key list of its own per record.
const MAX_KEYS: usize = 64;
/// Objects and arrays nested deeper are kept as text, which bounds the recursion.
const MAX_DEPTH: usize = 32;
/// The 64 characters of a shape id: printable ASCII, so a stored form stays UTF-8.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A key list, as the text that goes before each value: `{"a":`, then `,"b":`, …
#[derive(Default)]
struct Shape {
    seps: Box<[Box<str>]>,
    /// For each value, the list of the object it last held: the guess for the next.
    next: Box<[u32]>,
    /// Objects stored with it.
    uses: u32,
}

impl Shape {
    /// Key `i`'s content (a packed key holds no escape).
    fn key(&self, i: usize) -> &[u8] {
        let sep = self.seps[i].as_bytes();
        &sep[2..sep.len() - 2]
    }

    fn keys(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.seps.len()).map(|i| self.key(i))
    }

    /// What it is counted as weighing: its separators, their boxes, its guesses, the
    /// list's own.
    fn bytes(&self) -> usize {
        self.seps.iter().map(|k| k.len() + 16 + 4).sum::<usize>() + 48
    }
}

#[derive(Default)]
pub struct Shapes {
    /// Key lists by id.
    lists: Vec<Shape>,
    /// Ids of lists gone, to reuse.
    free: Vec<u32>,
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
    bytes: usize,
    /// Reused by `store` between calls.
    keys: Vec<(u32, u32, u32)>,
    /// The list the last record had, plus one (0: none yet): the guess for the next.
    top: u32,
    packed: Vec<u8>,
    /// Lists made by the `store` under way, which may end up unused.
    fresh: Vec<u32>,
    /// How reads hand packed records to JS (`forms.rs`).
    forms: Forms,
}

impl Shapes {
    /// The stored form of a record's text, then `tail`, in one allocation: packed when
    /// `pack` says so and that saves bytes, else the text (grown by `tail`).
    pub fn store(&mut self, text: Cow<'_, str>, tail: &str, pack: bool) -> Box<str> {
        if !pack {
            return with_tail(text, tail);
        }
        let mut out = std::mem::take(&mut self.packed);
        out.clear();
        // Packed into a buffer kept between calls, then copied once at its length.
        let packed = self.pack(&text, &mut out) && out.len() < text.len();
        // Only whole UTF-8 sequences are copied (cut at ASCII bytes); the rest is ASCII.
        let form = if packed {
            std::str::from_utf8(&out).ok()
        } else {
            None
        };
        let stored = match form {
            Some(form) => {
                let mut body = String::with_capacity(form.len() + tail.len());
                body.push_str(form);
                body.push_str(tail);
                body.into_boxed_str()
            }
            None => with_tail(text, tail),
        };
        let packed = form.is_some();
        // One huge record does not keep its buffer's size for the store's life.
        if out.capacity() <= 1 << 20 {
            self.packed = out;
        }
        // Counted from what is kept: a packing given up (an outer object kept as text, a
        // text not shorter) used none of the lists it met.
        if packed {
            self.each_mark(&stored[..stored.len() - tail.len()], |shapes, id| {
                shapes.lists[id].uses += 1
            });
        }
        for id in std::mem::take(&mut self.fresh) {
            if self.lists[id as usize].uses == 0 {
                self.forget(id);
            }
        }
        stored
    }

    /// A stored form the store no longer holds: its lists lose a use each.
    pub fn release(&mut self, stored: &str) {
        self.each_mark(stored, |shapes, id| {
            let shape = &mut shapes.lists[id];
            if shape.uses > 0 {
                shape.uses -= 1;
                if shape.uses == 0 {
                    shapes.forget(id as u32);
                }
            }
        });
    }

    /// Calls `f` with the list id of each packed object of a stored form. Lengths and ids
    /// are printable or `LONG`, and a packed text holds no raw `␁`: each one is a mark.
    fn each_mark(&mut self, stored: &str, mut f: impl FnMut(&mut Shapes, usize)) {
        for id in mark_ids(stored).flatten() {
            if id < self.lists.len() {
                f(self, id);
            }
        }
    }

    fn forget(&mut self, id: u32) {
        let shape = std::mem::take(&mut self.lists[id as usize]);
        let hash = hash_list(&self.hasher, shape.keys());
        if let Ok(entry) = self.table.find_entry(hash, |&x| x == id) {
            entry.remove();
        }
        self.bytes -= shape.bytes();
        self.free.push(id);
        self.forms.forget(id);
    }

    /// The text of a stored form.
    pub fn text<'a>(&self, stored: &'a str) -> Cow<'a, str> {
        if stored.as_bytes().first() == Some(&MARK) {
            let mut out = String::with_capacity(stored.len() * 2);
            self.unpack(stored, &mut out);
            Cow::Owned(out)
        } else {
            Cow::Borrowed(stored)
        }
    }

    /// `text`, into `buf` (emptied first) when it must be rebuilt.
    pub fn text_in<'a>(&self, stored: &'a str, buf: &'a mut String) -> &'a str {
        if stored.as_bytes().first() == Some(&MARK) {
            buf.clear();
            self.unpack(stored, buf);
            buf
        } else {
            stored
        }
    }

    /// Appends the text of a stored form to `out`.
    pub fn write(&self, stored: &str, out: &mut String) {
        if stored.as_bytes().first() == Some(&MARK) {
            self.unpack(stored, out);
        } else {
            out.push_str(stored);
        }
    }

    /// Appends a stored form for JS: a packed one as its form's number and its values
    /// (`forms.rs`), where it has one; else its text (behind `0,` where it is no object).
    pub fn write_for_js(&mut self, stored: &str, out: &mut String) {
        match stored.as_bytes().first() {
            Some(&MARK) if self.forms.write(&self.lists, stored, out) => return,
            Some(&MARK) | Some(b'{') => {}
            // Not an object (an override may store one): form 0, "the value as it is", so a
            // number is never read as a form.
            _ => out.push_str("0,"),
        }
        self.write(stored, out);
    }

    /// What form `n` (a number `write_for_js` wrote) holds: `[[key, …], [[place, form], …]]`.
    pub fn describe_form(&self, n: u64) -> Option<&str> {
        self.forms.describe(n)
    }

    /// The length of the text of a stored form, counted without writing it.
    pub fn text_len(&self, stored: &str) -> usize {
        if stored.as_bytes().first() != Some(&MARK) {
            return stored.len();
        }
        let mut len = 0;
        self.unpack(stored, &mut len);
        len
    }

    /// Bytes the key lists take.
    pub fn approx_bytes(&self) -> usize {
        self.bytes
    }

    /// Bytes of the forms reads numbered (`forms.rs`): memory the store holds, but what reads
    /// made, not what its records are (`stats` leaves them out).
    pub fn forms_bytes(&self) -> usize {
        self.forms.approx_bytes()
    }

    /// Whether each list's count of uses is what `stored` (every form the store holds)
    /// makes of it, and every list counted is in the table.
    pub fn check<'a>(&self, stored: impl Iterator<Item = &'a str>) -> Result<(), String> {
        let mut uses = vec![0u32; self.lists.len()];
        for id in stored.flat_map(mark_ids) {
            let id = id.filter(|&id| id < uses.len());
            uses[id.ok_or("a mark names no key list")?] += 1;
        }
        if uses
            .iter()
            .zip(&self.lists)
            .any(|(&n, shape)| n != shape.uses)
        {
            return Err("key list use counts drifted".into());
        }
        let held = uses.iter().filter(|&&n| n > 0).count();
        if held != self.table.len() || held + self.free.len() != self.lists.len() {
            return Err(format!(
                "{held} key lists used, {} in the table, {} freed of {}",
                self.table.len(),
                self.free.len(),
                self.lists.len()
            ));
        }
        self.forms.check(&self.lists)?;
        Ok(())
    }

    /// Key lists held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lists.len() - self.free.len()
    }

    fn pack(&mut self, text: &str, out: &mut Vec<u8>) -> bool {
        let b = text.as_bytes();
        if b.first() != Some(&b'{') || memchr::memchr(MARK, b).is_some() {
            return false;
        }
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        let guess = self.top.wrapping_sub(1); // 0 - 1 is NONE
        let mut p = Packer {
            b,
            i: 0,
            out,
            marks: 0,
            keys: &mut keys,
            shapes: self,
        };
        let packed = p.value(0, guess);
        let ok = packed.is_some() && p.i == b.len();
        self.keys = keys;
        if let Some(id) = packed.filter(|&id| id != NONE) {
            self.top = id + 1;
        }
        ok && out.first() == Some(&MARK)
    }

    /// The id of a key list, added when new and there is room.
    fn intern(&mut self, text: &[u8], keys: &[(u32, u32, u32)]) -> Option<u32> {
        let key = |&(a, z, _): &(u32, u32, u32)| &text[a as usize..z as usize];
        let hash = hash_list(&self.hasher, keys.iter().map(key));
        let lists = &self.lists;
        let same = |&id: &u32| {
            let shape = &lists[id as usize];
            shape.seps.len() == keys.len() && shape.keys().zip(keys).all(|(l, k)| l == key(k))
        };
        if let Some(&id) = self.table.find(hash, same) {
            return Some(id);
        }
        if self.free.is_empty() && self.lists.len() >= MAX_SHAPES {
            return None;
        }
        let seps: Box<[Box<str>]> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let k = std::str::from_utf8(key(k)).ok()?;
                let open = if i == 0 { '{' } else { ',' };
                Some(Box::from(format!("{open}\"{k}\":")))
            })
            .collect::<Option<_>>()?;
        let next = keys.iter().map(|k| k.2).collect();
        let shape = Shape {
            seps,
            next,
            uses: 0,
        };
        self.bytes += shape.bytes();
        let id = match self.free.pop() {
            Some(id) => {
                self.lists[id as usize] = shape;
                id
            }
            None => {
                self.lists.push(shape);
                (self.lists.len() - 1) as u32
            }
        };
        self.fresh.push(id);
        let (lists, hasher) = (&self.lists, &self.hasher);
        self.table
            .insert_unique(hash, id, |&id| hash_list(hasher, lists[id as usize].keys()));
        Some(id)
    }

    /// Rebuilds the text of a packed form. The form is the packer's, so nothing here
    /// should fail; if it does (it cannot panic), the rest is copied as it is.
    fn unpack<O: Sink>(&self, stored: &str, out: &mut O) {
        let mut u = Unpacker {
            s: stored,
            b: stored.as_bytes(),
            i: 0,
            out,
            lists: &self.lists,
        };
        if u.value(0).is_none() || u.i < stored.len() {
            let rest = stored.get(u.i.min(stored.len())..).unwrap_or("");
            u.out.put(rest);
        }
    }
}

/// `text` then `tail` in one allocation: an owned text grows in place when the caller left
/// room (`Store::owned_text`), a borrowed one is copied once at the length of both.
pub(crate) fn with_tail(text: Cow<'_, str>, tail: &str) -> Box<str> {
    let mut text = match text {
        Cow::Owned(text) => text,
        Cow::Borrowed(text) => {
            let mut out = String::with_capacity(text.len() + tail.len());
            out.push_str(text);
            out
        }
    };
    text.reserve_exact(tail.len());
    text.push_str(tail);
    text.into_boxed_str()
}

/// No key list: a value that is not a packed object, or no guess.
const NONE: u32 = u32::MAX;

fn hash_list<'k>(hasher: &DefaultHashBuilder, keys: impl Iterator<Item = &'k [u8]>) -> u64 {
    let mut h = hasher.build_hasher();
    for k in keys {
        h.write(k);
        h.write_u8(0xff); // never a UTF-8 byte: keys cannot run into each other
    }
    h.finish()
}

/// The list id named by each mark of a stored form (none unless it is packed); `None` for
/// a mark that names no id.
fn mark_ids(stored: &str) -> impl Iterator<Item = Option<usize>> + '_ {
    let b = stored.as_bytes();
    let packed = b.first() == Some(&MARK);
    memchr::memchr_iter(MARK, if packed { b } else { &[] }).map(move |at| mark_id(b, at))
}

/// The list id of the mark at `at`.
fn mark_id(b: &[u8], at: usize) -> Option<usize> {
    let d = b.get(at + 1..at + 3)?;
    Some(digit(d[0])? * 64 + digit(d[1])?)
}

/// The length of the packed value at `b[*i]`, and whether it is a string (its quotes left
/// out): one byte, or `LONG`/`STR_LONG` and three `DIGITS`. `*i` moves past them.
fn value_len(b: &[u8], i: &mut usize) -> Option<(usize, bool)> {
    match *b.get(*i)? {
        c @ (LONG | STR_LONG) => {
            let d = b.get(*i + 1..*i + 4)?;
            *i += 4;
            let len = (digit(d[0])? << 12) | (digit(d[1])? << 6) | digit(d[2])?;
            Some((len, c == STR_LONG))
        }
        c => {
            *i += 1;
            Some(match c.checked_sub(STR_BASE) {
                Some(len) => (usize::from(len), true),
                None => (usize::from(c.checked_sub(SHORT_BASE)?), false),
            })
        }
    }
}

/// The value of a character of `DIGITS`.
fn digit(c: u8) -> Option<usize> {
    Some(usize::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// Just past the closing quote of the string that opens at `at`, and whether the string
/// holds no escape.
fn string_end(b: &[u8], at: usize) -> Option<(usize, bool)> {
    let mut i = at + 1;
    let mut plain = true;
    loop {
        i += quote_or_backslash(b.get(i..)?)? + 1;
        if b[i - 1] == b'"' {
            return Some((i, plain));
        }
        plain = false;
        i += 1; // the escaped character
    }
}

/// Just past a number or a literal starting at `at`: only the characters those hold.
fn scalar_end(b: &[u8], at: usize) -> Option<usize> {
    let n = b
        .get(at..)?
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.'))
        .count();
    (n > 0).then_some(at + n)
}

/// Just past the bracket that closes the one at `at`.
fn bracket_end(b: &[u8], at: usize) -> Option<usize> {
    let mut open = 0usize;
    let mut i = at;
    loop {
        match *b.get(i)? {
            b'"' => {
                i = string_end(b, i)?.0;
                continue;
            }
            b'{' | b'[' => open += 1,
            b'}' | b']' => {
                open -= 1;
                if open == 0 {
                    return Some(i + 1);
                }
            }
            MARK => return None, // only a packed form holds one
            _ => {}
        }
        i += 1;
    }
}
