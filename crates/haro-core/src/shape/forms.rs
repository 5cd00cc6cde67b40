//! Forms: a packed record handed to JS without its keys.
//!
//! A read writes a packed record as its form's number, then its values, flat:
//! `{"a":1,"b":{"c":"x","d":[2]}}` goes as `7,1,"x",[2]` where form 7 is the key list of the
//! record and of each object met directly as a value, up to `DEPTH` levels down (those in an
//! array, or deeper, go as JSON). JS builds such a record with one function compiled per form
//! (`lib/forms.js`), which `JSON.parse` of the values alone and that function do in ~0.6x
//! the time of `JSON.parse` of the text, and its objects share their hidden classes.
//!
//! A form is the key lists' ids in the order a walk meets them, `PLAIN` for a value taken
//! as it is: the lists say how many values each object has, so the sequence tells the
//! shape. Its number comes from one counter for the process and is never reused, so JS
//! may keep what it compiled by number for every store: a form whose key list goes (and
//! whose list id may come back meaning other keys) is dropped from the table, and a
//! record shaped like it later gets a new number; what it describes stays readable
//! (`describe`) until the table of those gone is emptied.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use super::unpack::Unpacker;
use super::{digit, mark_id, Shape, LONG, MARK, MAX_DEPTH, NESTED, SHORT_BASE, STR_BASE, STR_LONG};
use crate::value::write_str;

/// A value taken as it is (not an object the form spells out).
const PLAIN: u32 = u32::MAX;
/// Objects this many levels down or deeper go as JSON.
const DEPTH: usize = 4;
/// A record with more values than this goes as its text.
const WIDTH: usize = 256;
/// Forms a store numbers; records of more go as their text.
const MAX: usize = 4096;

static NEXT: AtomicU64 = AtomicU64::new(1);

#[derive(Default)]
pub(super) struct Forms {
    by_sig: HashMap<Box<[u32]>, u64>,
    /// What each form numbered here says, as `describe` answers it.
    descs: HashMap<u64, Box<str>>,
    sig: Vec<u32>,
    vals: String,
}

impl Forms {
    /// Writes the packed form `stored` as `number,values…` at the end of `out`; false (and
    /// nothing written) where it goes as its text.
    pub(super) fn write(&mut self, lists: &[Shape], stored: &str, out: &mut String) -> bool {
        let mut sig = std::mem::take(&mut self.sig);
        let mut vals = std::mem::take(&mut self.vals);
        sig.clear();
        vals.clear();
        let mut f = Flattener {
            s: stored,
            b: stored.as_bytes(),
            i: 0,
            lists,
            sig: &mut sig,
            out: &mut vals,
            width: 0,
        };
        let whole = f.object(0).is_some() && f.i == stored.len() && f.width <= WIDTH;
        let number = if whole {
            self.number(lists, &sig)
        } else {
            None
        };
        if let Some(n) = number {
            out.push_str(&n.to_string());
            out.push_str(&vals);
        }
        self.sig = sig;
        if vals.capacity() <= 1 << 16 {
            self.vals = vals;
        }
        number.is_some()
    }

    /// The number of form `sig`, given one when new and there is room.
    fn number(&mut self, lists: &[Shape], sig: &[u32]) -> Option<u64> {
        if let Some(&n) = self.by_sig.get(sig) {
            return Some(n);
        }
        if self.by_sig.len() >= MAX {
            return None;
        }
        let mut desc = String::new();
        describe(lists, sig, &mut 0, &mut desc)?;
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        self.by_sig.insert(sig.into(), n);
        self.descs.insert(n, desc.into_boxed_str());
        Some(n)
    }

    /// `[[key, …], [[place, form], …]]`: the keys of form `n`'s record, and the form of each
    /// object spelled out in it, by its place among the keys.
    pub(super) fn describe(&self, n: u64) -> Option<&str> {
        self.descs.get(&n).map(|d| &**d)
    }

    /// Key list `id` goes (its id may come back meaning other keys): the forms it is in are
    /// numbered no more.
    pub(super) fn forget(&mut self, id: u32) {
        if self.by_sig.is_empty() {
            return;
        }
        self.by_sig.retain(|sig, _| !sig.contains(&id));
        if self.descs.len() > 2 * MAX {
            let live: HashSet<u64> = self.by_sig.values().copied().collect();
            self.descs.retain(|n, _| live.contains(n));
        }
    }
}

/// The description of the form at `sig[*at..]` (`Forms::describe`), into `out`.
fn describe(lists: &[Shape], sig: &[u32], at: &mut usize, out: &mut String) -> Option<()> {
    let shape = lists.get(*sig.get(*at)? as usize)?;
    *at += 1;
    out.push_str("[[");
    for (i, key) in shape.keys().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(std::str::from_utf8(key).ok()?, out);
    }
    out.push_str("],[");
    let mut first = true;
    for i in 0..shape.seps.len() {
        if *sig.get(*at)? == PLAIN {
            *at += 1;
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&format!("[{i},"));
        describe(lists, sig, at, out)?;
        out.push(']');
    }
    out.push_str("]]");
    Some(())
}

/// One packed form being written as its values: `b[i..]` (`s`'s bytes) is what is left.
struct Flattener<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    lists: &'a [Shape],
    sig: &'a mut Vec<u32>,
    out: &'a mut String,
    width: usize,
}

impl Flattener<'_> {
    /// The packed object at `i`, `depth` levels down: its list, then each value.
    fn object(&mut self, depth: usize) -> Option<()> {
        if *self.b.get(self.i)? != MARK {
            return None;
        }
        let id = mark_id(self.b, self.i)?;
        let shape = self.lists.get(id)?;
        self.sig.push(u32::try_from(id).ok()?);
        self.i += 3;
        for _ in 0..shape.seps.len() {
            let (len, string) = match *self.b.get(self.i)? {
                NESTED => {
                    self.i += 1;
                    let inner = depth + 1;
                    if self.b.get(self.i) == Some(&MARK) && inner < DEPTH && inner < MAX_DEPTH {
                        self.object(inner)?;
                    } else {
                        self.plain();
                        let mut u = Unpacker {
                            s: self.s,
                            b: self.b,
                            i: self.i,
                            out: &mut *self.out,
                            lists: self.lists,
                        };
                        u.value(inner)?;
                        self.i = u.i;
                    }
                    continue;
                }
                c @ (LONG | STR_LONG) => {
                    let d = self.b.get(self.i + 1..self.i + 4)?;
                    self.i += 4;
                    let len = (digit(d[0])? << 12) | (digit(d[1])? << 6) | digit(d[2])?;
                    (len, c == STR_LONG)
                }
                c => {
                    self.i += 1;
                    match c.checked_sub(STR_BASE) {
                        Some(len) => (usize::from(len), true),
                        None => (usize::from(c.checked_sub(SHORT_BASE)?), false),
                    }
                }
            };
            self.plain();
            let value = self.s.get(self.i..self.i + len)?;
            if string {
                self.out.push('"');
                self.out.push_str(value);
                self.out.push('"');
            } else {
                self.out.push_str(value);
            }
            self.i += len;
        }
        Some(())
    }

    /// A value taken as it is follows.
    fn plain(&mut self) {
        self.out.push(',');
        self.sig.push(PLAIN);
        self.width += 1;
    }
}
