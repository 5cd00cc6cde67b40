//! Forms: a packed record handed to JS without its keys.
//!
//! A read writes a packed record as its form's number, then its values, flat:
//! `{"a":1,"b":{"c":"x","d":[2]}}` goes as `7,1,"x",[2]` where form 7 is the key list of the
//! record and of each object met directly as a value, down to three levels below the record
//! (an object in an array, or deeper, goes as JSON). JS builds such a record with
//! constructors compiled per form (`lib/forms.js`); `JSON.parse` of the values alone and
//! those take 0.5-0.9x the time of `JSON.parse` of the text (`bench/read-decode.mjs`), and
//! the records of a form share their hidden classes. A record that is not an object (an
//! override may store one) goes as `0,text`: form 0 is "the next value as it is", so no
//! number a record is can be taken for a form.
//!
//! A form is the key lists' ids in the order a walk meets them, `PLAIN` for a value taken
//! as it is: the lists say how many values each object has, so the sequence tells the
//! shape. Its number comes from one counter for the process and is never reused, so JS
//! may keep what it compiled by number for every store: a form whose key list goes (and
//! whose list id may come back meaning other keys) is numbered no more, and a record shaped
//! like it later gets a new number; what the old one described stays readable (`describe`)
//! until those gone outnumber the live ones, or the store is emptied.
//!
//! Only lists two objects or more use make forms (a list of one record, a dictionary's keys,
//! would compile a function for one read), and a form's description is bounded, as are all
//! of a store's together: what does not fit goes as its text.

use std::sync::atomic::{AtomicU64, Ordering};

use hashbrown::{HashMap, HashSet};

use super::unpack::Unpacker;
use super::{mark_id, value_len, Shape, MARK, MAX_DEPTH, NESTED};
use crate::value::{write_int, write_str};

/// A value taken as it is (not an object the form spells out).
const PLAIN: u32 = u32::MAX;
/// Objects this many levels down or deeper go as JSON.
const DEPTH: usize = 4;
/// A record with more values than this goes as its text.
const WIDTH: usize = 256;
/// Forms a store numbers; records of more go as their text.
const MAX: usize = 4096;
/// Bytes of one form's description, and of all a store holds.
const DESC_MAX: usize = 16 << 10;
const DESCS_MAX: usize = 1 << 20;

static NEXT: AtomicU64 = AtomicU64::new(1);

#[derive(Default)]
pub(super) struct Forms {
    by_sig: HashMap<Box<[u32]>, u64>,
    /// What each form numbered here says, as `describe` answers it, and their bytes.
    descs: HashMap<u64, Box<str>>,
    desc_bytes: usize,
    /// The ids `by_sig`'s signatures hold, all together (`approx_bytes` reads it on every write).
    sig_ids: usize,
    /// By list id, the numbered forms it is in: a list in none goes without a search.
    in_forms: Vec<u32>,
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
        let whole = f.object(0).is_some() && f.i == stored.len();
        let number = if whole {
            self.number(lists, &sig)
        } else {
            None
        };
        if let Some(n) = number {
            write_int(n as i64, out);
            out.push_str(&vals);
        }
        // One huge record does not keep its buffers' size for the store's life.
        if sig.capacity() <= 1 << 12 {
            self.sig = sig;
        }
        if vals.capacity() <= 1 << 16 {
            self.vals = vals;
        }
        number.is_some()
    }

    /// The number of form `sig` (its lists each used twice or more: the walk stopped at any
    /// other), given one when new and there is room.
    fn number(&mut self, lists: &[Shape], sig: &[u32]) -> Option<u64> {
        if let Some(&n) = self.by_sig.get(sig) {
            return Some(n);
        }
        let listed = || sig.iter().filter(|&&id| id != PLAIN);
        if self.by_sig.len() >= MAX {
            return None;
        }
        let mut desc = String::new();
        describe(lists, sig, &mut 0, &mut desc)?;
        if desc.len() > DESC_MAX || self.desc_bytes + desc.len() > DESCS_MAX {
            return None;
        }
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        for &id in listed() {
            let id = id as usize;
            if self.in_forms.len() <= id {
                self.in_forms.resize(id + 1, 0);
            }
            self.in_forms[id] += 1;
        }
        self.by_sig.insert(sig.into(), n);
        self.sig_ids += sig.len();
        self.desc_bytes += desc.len();
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
        if self.in_forms.get(id as usize).is_none_or(|&n| n == 0) {
            return;
        }
        let in_forms = &mut self.in_forms;
        let sig_ids = &mut self.sig_ids;
        self.by_sig.retain(|sig, _| {
            let keep = !sig.contains(&id);
            if !keep {
                *sig_ids -= sig.len();
                for &l in sig.iter().filter(|&&l| l != PLAIN) {
                    in_forms[l as usize] -= 1;
                }
            }
            keep
        });
        // What the forms gone described is kept for a read decoded late, within bounds.
        if self.descs.len() > 2 * self.by_sig.len().max(MAX / 4) || self.desc_bytes > DESCS_MAX {
            let live: HashSet<u64> = self.by_sig.values().copied().collect();
            self.descs.retain(|n, _| live.contains(n));
            self.desc_bytes = self.descs.values().map(|d| d.len()).sum();
        }
    }

    /// Bytes the forms take: their descriptions and signatures (at most ~1 MiB and 4,096
    /// signatures a store).
    pub(super) fn approx_bytes(&self) -> usize {
        let sigs = self.sig_ids * 4 + self.by_sig.len() * 32;
        self.desc_bytes + self.descs.len() * 32 + sigs + self.in_forms.len() * 4
    }

    /// Whether every numbered form names only lists the store holds (`Shapes::check`).
    pub(super) fn check(&self, lists: &[Shape]) -> Result<(), String> {
        let live = |id: u32| lists.get(id as usize).is_some_and(|l| l.uses > 0);
        if let Some(sig) = self
            .by_sig
            .keys()
            .find(|sig| sig.iter().any(|&id| id != PLAIN && !live(id)))
        {
            return Err(format!("a numbered form names a list gone: {sig:?}"));
        }
        let ids: usize = self.by_sig.keys().map(|sig| sig.len()).sum();
        if ids != self.sig_ids {
            return Err(format!(
                "the forms' signatures hold {ids} ids, counted {}",
                self.sig_ids
            ));
        }
        Ok(())
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
        // A list one object uses makes no form (`number`): the walk stops here, early.
        if shape.uses < 2 {
            return None;
        }
        self.sig.push(u32::try_from(id).ok()?);
        self.i += 3;
        for _ in 0..shape.seps.len() {
            if *self.b.get(self.i)? == NESTED {
                self.i += 1;
                let inner = depth + 1;
                if self.b.get(self.i) == Some(&MARK) && inner < DEPTH && inner < MAX_DEPTH {
                    self.object(inner)?;
                } else {
                    self.plain()?;
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
            let (len, string) = value_len(self.b, &mut self.i)?;
            self.plain()?;
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

    /// A value taken as it is follows; `None` past `WIDTH` of them (the record goes as text).
    fn plain(&mut self) -> Option<()> {
        self.out.push(',');
        self.sig.push(PLAIN);
        self.width += 1;
        (self.width <= WIDTH).then_some(())
    }
}
