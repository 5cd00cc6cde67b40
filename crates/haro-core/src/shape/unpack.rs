//! Unpacking: a stored form back into its text, byte for byte (the format is in `shape.rs`).

use super::{
    bracket_end, mark_id, scalar_end, string_end, value_len, Shape, MARK, MAX_DEPTH, NESTED,
};

/// Where an unpacked text goes: a `String`, or a count of its bytes (`text_len`).
pub(super) trait Sink {
    fn put(&mut self, s: &str);
}

impl Sink for String {
    #[inline]
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl Sink for usize {
    #[inline]
    fn put(&mut self, s: &str) {
        *self += s.len();
    }
}

/// One stored form being rebuilt into `out`: `b[i..]` (`s`'s bytes) is what is left.
pub(super) struct Unpacker<'a, O: Sink> {
    pub(super) s: &'a str,
    pub(super) b: &'a [u8],
    pub(super) i: usize,
    pub(super) out: &'a mut O,
    pub(super) lists: &'a [Shape],
}

impl<O: Sink> Unpacker<'_, O> {
    fn copy_to(&mut self, end: usize) -> Option<()> {
        self.out.put(self.s.get(self.i..end)?);
        self.i = end;
        Some(())
    }

    /// A value whose end only its own bytes tell: an array's element, or the whole form.
    /// `depth` is the packer's: an array as deep as it copied as it was is copied so here.
    pub(super) fn value(&mut self, depth: usize) -> Option<()> {
        let end = match *self.b.get(self.i)? {
            MARK => return self.object(depth),
            b'[' if depth < MAX_DEPTH => return self.array(depth),
            b'[' => bracket_end(self.b, self.i)?,
            b'{' => bracket_end(self.b, self.i)?,
            b'"' => string_end(self.b, self.i)?.0,
            _ => scalar_end(self.b, self.i)?,
        };
        self.copy_to(end)
    }

    /// A packed object: each value is as long as the length before it says.
    fn object(&mut self, depth: usize) -> Option<()> {
        let id = mark_id(self.b, self.i)?;
        let shape = self.lists.get(id)?;
        self.i += 3;
        for sep in shape.seps.iter() {
            self.out.put(sep);
            if *self.b.get(self.i)? == NESTED {
                self.i += 1;
                self.value(depth + 1)?;
                continue;
            }
            let (len, string) = value_len(self.b, &mut self.i)?;
            if string {
                self.out.put("\"");
                self.copy_to(self.i + len)?;
                self.out.put("\"");
            } else {
                self.copy_to(self.i + len)?;
            }
        }
        self.out.put("}");
        Some(())
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.out.put("[");
        self.i += 1;
        if self.b.get(self.i) == Some(&b']') {
            self.out.put("]");
            self.i += 1;
            return Some(());
        }
        loop {
            self.value(depth + 1)?;
            let c = *self.b.get(self.i)?;
            self.i += 1;
            match c {
                b',' => self.out.put(","),
                b']' => {
                    self.out.put("]");
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}
