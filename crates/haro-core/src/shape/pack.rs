//! Packing: a record's text into its stored form (the format is in `shape.rs`).

use super::{
    bracket_end, scalar_end, string_end, Shapes, DIGITS, LONG, MARK, MAX_DEPTH, MAX_KEYS, MAX_LEN,
    NESTED, NONE, SHORT_BASE, SHORT_MAX, STR_BASE, STR_LONG,
};

/// One text being packed into `out`: `b[i..]` is what is left to read.
pub(super) struct Packer<'a> {
    pub(super) b: &'a [u8],
    pub(super) i: usize,
    pub(super) out: &'a mut Vec<u8>,
    /// Marks written so far: a value that adds one is `NESTED`.
    pub(super) marks: usize,
    /// Key ranges of the objects being packed, innermost last, with the list of the
    /// object each key's value packed into (or `NONE`).
    pub(super) keys: &'a mut Vec<(u32, u32, u32)>,
    pub(super) shapes: &'a mut Shapes,
}

impl Packer<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Packs one value (an object: `guess` is the list it likely has); answers the list of
    /// the object it packed, if any. `None` when the text is not what the packer follows.
    pub(super) fn value(&mut self, depth: usize, guess: u32) -> Option<u32> {
        let end = match self.peek()? {
            b'{' => return self.object(depth, guess),
            b'[' => return self.array(depth, guess),
            b'"' => string_end(self.b, self.i)?.0,
            _ => scalar_end(self.b, self.i)?,
        };
        self.out.extend_from_slice(&self.b[self.i..end]);
        self.i = end;
        Some(NONE)
    }

    /// An array: its objects are guessed to share a list (the last one packed is answered).
    fn array(&mut self, depth: usize, mut guess: u32) -> Option<u32> {
        if depth >= MAX_DEPTH {
            return self.verbatim();
        }
        self.out.push(b'[');
        self.i += 1;
        if self.peek()? == b']' {
            self.out.push(b']');
            self.i += 1;
            return Some(NONE);
        }
        let mut last = NONE;
        loop {
            let id = self.value(depth + 1, guess)?;
            if id != NONE {
                (guess, last) = (id, id);
            }
            let c = self.peek()?;
            self.out.push(c);
            self.i += 1;
            match c {
                b',' => continue,
                b']' => return Some(last),
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize, guess: u32) -> Option<u32> {
        if depth >= MAX_DEPTH || self.b.get(self.i + 1) == Some(&b'}') {
            return self.verbatim();
        }
        let (start, mark, marks) = (self.i, self.out.len(), self.marks);
        if guess != NONE {
            match self.as_guessed(depth, guess) {
                Some(true) => return Some(guess),
                Some(false) => {
                    // Another shape: back to the start, the long way.
                    self.out.truncate(mark);
                    (self.i, self.marks) = (start, marks);
                }
                None => return None,
            }
        }
        let base = self.keys.len();
        self.out.extend_from_slice(&[MARK, 0, 0]);
        self.marks += 1;
        self.i += 1;
        let packed = loop {
            // A key: its content, unless it holds an escape (kept as text, then).
            if self.peek()? != b'"' {
                return None;
            }
            let (end, plain) = string_end(self.b, self.i)?;
            if !plain || self.keys.len() - base >= MAX_KEYS {
                break false;
            }
            let key = (self.i as u32 + 1, end as u32 - 1);
            self.i = end;
            if self.peek()? != b':' {
                return None;
            }
            self.i += 1;
            let (at, marks) = (self.out.len(), self.marks);
            self.out.push(0);
            let child = self.value(depth + 1, NONE)?;
            self.keys.push((key.0, key.1, child));
            if !self.put_len(at, marks) {
                break false;
            }
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    break true;
                }
                _ => return None,
            }
        };
        let id = if packed {
            self.shapes.intern(self.b, &self.keys[base..])
        } else {
            None
        };
        self.keys.truncate(base);
        match id {
            Some(id) => {
                self.out[mark + 1] = DIGITS[(id / 64) as usize];
                self.out[mark + 2] = DIGITS[(id % 64) as usize];
                Some(id)
            }
            None => {
                self.out.truncate(mark);
                (self.i, self.marks) = (start, marks);
                self.verbatim()
            }
        }
    }

    /// Packs the object at hand as list `id`, its keys read by comparing the text with the
    /// list's separators: no key is searched for, hashed or looked up. `Some(false)` when
    /// the object has other keys (the caller undoes what was written).
    fn as_guessed(&mut self, depth: usize, id: u32) -> Option<bool> {
        let n = self
            .shapes
            .lists
            .get(id as usize)
            .map_or(0, |s| s.seps.len());
        if n == 0 {
            return Some(false); // a list gone since
        }
        self.out
            .extend_from_slice(&[MARK, DIGITS[(id / 64) as usize], DIGITS[(id % 64) as usize]]);
        self.marks += 1;
        for k in 0..n {
            let shape = &self.shapes.lists[id as usize];
            let sep = shape.seps[k].as_bytes();
            if !self.b[self.i..].starts_with(sep) {
                return Some(false);
            }
            self.i += sep.len();
            let guess = shape.next[k];
            let (at, marks) = (self.out.len(), self.marks);
            self.out.push(0);
            let child = self.value(depth + 1, guess)?;
            if child != guess && child != NONE {
                self.shapes.lists[id as usize].next[k] = child;
            }
            if !self.put_len(at, marks) {
                return Some(false);
            }
        }
        if self.peek() != Some(b'}') {
            return Some(false);
        }
        self.i += 1;
        Some(true)
    }

    /// Writes, at `at` (one byte kept for it), how to find the end of the value packed
    /// after it: `NESTED` when it holds a mark (it ends where its own bytes say), else its
    /// length. `false`: too long.
    fn put_len(&mut self, at: usize, marks: usize) -> bool {
        if self.marks != marks {
            self.out[at] = NESTED;
            return true;
        }
        // Only a string starts with a quote; its quotes go.
        let (short, long) = if self.out.get(at + 1) == Some(&b'"') {
            self.out.pop();
            self.out.remove(at + 1);
            (STR_BASE, STR_LONG)
        } else {
            (SHORT_BASE, LONG)
        };
        let len = self.out.len() - at - 1;
        if len < SHORT_MAX {
            self.out[at] = short + len as u8;
        } else if len < MAX_LEN {
            self.out[at] = long;
            let digits = [len >> 12, (len >> 6) & 63, len & 63].map(|d| DIGITS[d]);
            self.out.splice(at + 1..at + 1, digits);
        } else {
            return false;
        }
        true
    }

    /// Copies an object or array as it is, through its closing bracket.
    fn verbatim(&mut self) -> Option<u32> {
        let end = bracket_end(self.b, self.i)?;
        self.out.extend_from_slice(&self.b[self.i..end]);
        self.i = end;
        Some(NONE)
    }
}
