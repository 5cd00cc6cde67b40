//! The record codec: tagged JSON text to values (`parse`, `parse_fields`, `split_array`,
//! `split_objects`)
//! and back (`write`, `write_into`, `escape_str`).

use std::borrow::Cow;

use super::{Val, MAX_DEPTH, TAG};
use crate::error::{Error, Result};

/// Parses tagged JSON text into a value.
pub fn parse(text: &str) -> Result<Val<'_>> {
    let mut p = Parser::new(text);
    let v = p.value(0)?;
    p.end()?;
    Ok(v)
}

/// Reads the named top-level properties of an object's text without building the rest.
/// A missing property reads as `undefined`; a text that is not an object reads as having none.
pub fn parse_fields<'a, N: AsRef<str>>(text: &'a str, names: &[N]) -> Result<Vec<Val<'a>>> {
    fields(text, names, false)
}

/// `parse_fields` of a text the store holds, which stops once every name was read: such a
/// text is `JSON.stringify`'s or the engine's own (no key twice), so what follows could
/// change nothing. Index upkeep and scans read a record's first fields far more often than
/// its last (a benchmark record indexed on its 2nd and 5th fields: about half the parse).
/// So a fault after the last name is not met here, and a key written twice (only a forged
/// snapshot could hold one) reads as its first value, where `JSON.parse` takes the last. A
/// text with no name to read is still read whole (checked as `parse_fields` checks:
/// brackets, strings and depth).
pub fn read_fields<'a, N: AsRef<str>>(text: &'a str, names: &[N]) -> Result<Vec<Val<'a>>> {
    fields(text, names, true)
}

fn fields<'a, N: AsRef<str>>(text: &'a str, names: &[N], early: bool) -> Result<Vec<Val<'a>>> {
    let mut out = vec![Val::Undef; names.len()];
    // With `early`, a bit for each name not yet read (up to 64 names): the read ends when
    // none is left.
    let early = early && (1..=64).contains(&names.len());
    let mut left = if early {
        u64::MAX >> (64 - names.len())
    } else {
        0
    };
    let mut p = Parser::new(text);
    p.ws();
    if p.peek() != Some(b'{') {
        p.skip(0)?;
        p.end()?;
        return Ok(out);
    }
    p.i += 1;
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
        p.end()?;
        return Ok(out);
    }
    loop {
        p.ws();
        let name = p.string()?;
        p.ws();
        p.expect(b':')?;
        match names.iter().position(|n| n.as_ref() == name) {
            Some(slot) => {
                out[slot] = p.value(1)?;
                if early {
                    left &= !(1u64 << slot);
                    if left == 0 {
                        return Ok(out);
                    }
                }
            }
            None => p.skip(1)?,
        }
        p.ws();
        match p.next()? {
            b',' => continue,
            b'}' => break,
            c => return Err(p.unexpected(c)),
        }
    }
    p.end()?;
    Ok(out)
}

/// The raw text of each element of a top-level array, each checked to be one value.
pub fn split_array(text: &str) -> Result<Vec<&str>> {
    let mut p = Parser::new(text);
    p.ws();
    p.expect(b'[')?;
    let mut out = Vec::new();
    p.ws();
    if p.peek() == Some(b']') {
        p.i += 1;
        p.end()?;
        return Ok(out);
    }
    loop {
        p.ws();
        let start = p.i;
        p.skip(1)?;
        out.push(&text[start..p.i]);
        p.ws();
        match p.next()? {
            b',' => continue,
            b']' => break,
            c => return Err(p.unexpected(c)),
        }
    }
    p.end()?;
    Ok(out)
}

/// The text of each object of a top-level array of objects as `JSON.stringify` writes one
/// (no whitespace between elements), cut by its structure alone: strings skipped whole, brackets matched,
/// nothing else read. A chunk of records crosses as one array's text: one `JSON.stringify`
/// for many records costs less than one each (Node 24: 1,970 -> 1,430 ns a record, with
/// their join), and cutting here less than the validating `split_array` (the engine reads
/// each record where it needs its values, as it does a text `setChunk` cut by lengths).
pub fn split_objects(text: &str) -> Result<Vec<&str>> {
    let bad = || Error::Malformed("not an array of objects".into());
    let b = text.as_bytes();
    if b.len() < 2 || b[0] != b'[' || b[b.len() - 1] != b']' {
        return Err(bad());
    }
    let end = b.len() - 1;
    let mut out = Vec::new();
    if end == 1 {
        return Ok(out);
    }
    // The open brackets of the element under way (a string in one costs nothing here).
    let mut open: Vec<u8> = Vec::with_capacity(16);
    let mut i = 1;
    loop {
        if b[i] != b'{' {
            return Err(bad());
        }
        let start = i;
        loop {
            if i >= end {
                return Err(bad());
            }
            match b[i] {
                b'"' => {
                    i += 1;
                    loop {
                        let at = quote_or_backslash(&b[i..end]).ok_or_else(bad)?;
                        i += at + 1;
                        if b[i - 1] == b'"' {
                            break;
                        }
                        // an escape: its next byte is not the string's end (the JSON escapes
                        // are ASCII; anything else is left to the record's own parse)
                        i += 1;
                        if i > end {
                            return Err(bad());
                        }
                    }
                    continue;
                }
                c @ (b'{' | b'[') => {
                    if open.len() > MAX_DEPTH {
                        return Err(bad());
                    }
                    open.push(c);
                }
                c @ (b'}' | b']') => {
                    if open.pop() != Some(if c == b'}' { b'{' } else { b'[' }) {
                        return Err(bad());
                    }
                    if open.is_empty() {
                        i += 1;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out.push(&text[start..i]);
        if i == end {
            return Ok(out);
        }
        if b[i] != b',' || i + 1 >= end {
            return Err(bad());
        }
        i += 1;
    }
}

/// Whether `b` holds a control character, `"` or `\\`: eight bytes at a time (every key of
/// every keyed call is asked; a byte at a time it was ~10 instructions a byte).
#[inline]
fn needs_escape(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        let q = w ^ (ONES * u64::from(b'"'));
        let s = w ^ (ONES * u64::from(b'\\'));
        // A byte below 0x20 (its high bit clear: `!w`), or a zero byte of q or s. Borrows
        // between bytes only make a flag above a true one, so "any flag" is exact.
        let found = (w.wrapping_sub(ONES * 0x20) & !w
            | q.wrapping_sub(ONES) & !q
            | s.wrapping_sub(ONES) & !s)
            & HIGHS;
        if found != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&c| c < 0x20 || c == b'"' || c == b'\\')
}

/// The first `"` or `\\` in `b`. A record's strings are mostly a few bytes long (its keys,
/// short values), where memchr's call costs more than the search: eight bytes at a time
/// here, memchr past `SWAR_BYTES`.
#[inline]
pub(crate) fn quote_or_backslash(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i + 8 <= b.len().min(SWAR_BYTES) {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        let q = w ^ (ONES * u64::from(b'"'));
        let s = w ^ (ONES * u64::from(b'\\'));
        // A zero byte of q or s is a match; the lowest flag is always a true one.
        let found = (q.wrapping_sub(ONES) & !q | s.wrapping_sub(ONES) & !s) & HIGHS;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    memchr::memchr2(b'"', b'\\', &b[i..]).map(|at| i + at)
}

/// Bytes `quote_or_backslash` looks at eight at a time before memchr takes over.
const SWAR_BYTES: usize = 32;

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Self {
        Parser {
            s,
            b: s.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Result<u8> {
        let c = self
            .peek()
            .ok_or_else(|| Error::Malformed("unexpected end".into()))?;
        self.i += 1;
        Ok(c)
    }

    fn unexpected(&self, c: u8) -> Error {
        Error::Malformed(format!(
            "unexpected '{}' at {}",
            char::from(c).escape_default(),
            self.i
        ))
    }

    fn expect(&mut self, want: u8) -> Result<()> {
        match self.next()? {
            c if c == want => Ok(()),
            c => Err(self.unexpected(c)),
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    fn end(&mut self) -> Result<()> {
        self.ws();
        match self.peek() {
            None => Ok(()),
            Some(c) => Err(self.unexpected(c)),
        }
    }

    /// The escaped content of a string literal. Raw control characters are not looked
    /// for: `JSON.stringify` never leaves one, and they are harmless here.
    fn string(&mut self) -> Result<&'a str> {
        self.expect(b'"')?;
        let start = self.i;
        loop {
            let Some(at) = quote_or_backslash(&self.b[self.i..]) else {
                return Err(Error::Malformed("unterminated string".into()));
            };
            self.i += at + 1;
            if self.b[self.i - 1] == b'"' {
                return Ok(&self.s[start..self.i - 1]);
            }
            self.next()?;
        }
    }

    fn literal(&mut self, word: &str, v: Val<'a>) -> Result<Val<'a>> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(Error::Malformed(format!("bad literal at {}", self.i)))
        }
    }

    /// The characters a number may hold, from here.
    fn number_text(&mut self) -> &'a str {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    fn number(&mut self) -> Result<f64> {
        let start = self.i;
        self.number_text()
            .parse::<f64>()
            .map_err(|_| Error::Malformed(format!("bad number at {start}")))
    }

    fn value(&mut self, depth: usize) -> Result<Val<'a>> {
        if depth > MAX_DEPTH {
            return Err(Error::TooDeep);
        }
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                // (room for a typical record's level: grown from empty, one of 5-8
                // properties was allocated twice)
                let mut props = Vec::with_capacity(8);
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Val::Obj(props));
                }
                loop {
                    self.ws();
                    let name = self.string()?;
                    self.ws();
                    self.expect(b':')?;
                    let v = self.value(depth + 1)?;
                    props.push((Cow::Borrowed(name), v));
                    self.ws();
                    match self.next()? {
                        b',' => continue,
                        b'}' => return Ok(Val::Obj(props)),
                        c => return Err(self.unexpected(c)),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Val::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.next()? {
                        b',' => continue,
                        b']' => return Ok(Val::Arr(items)),
                        c => return Err(self.unexpected(c)),
                    }
                }
            }
            Some(b'"') => {
                let s = self.string()?;
                untag(s)
            }
            Some(b't') => self.literal("true", Val::Bool(true)),
            Some(b'f') => self.literal("false", Val::Bool(false)),
            Some(b'n') => self.literal("null", Val::Null),
            Some(b'-' | b'0'..=b'9') => Ok(Val::Num(self.number()?)),
            Some(c) => Err(self.unexpected(c)),
            None => Err(Error::Malformed("unexpected end".into())),
        }
    }

    /// Skips one value without building it: brackets are balanced and strings stepped
    /// over; what lies between is not checked further, nor is a skipped number (its
    /// characters are stepped over, so `1.2.3` passes here where `parse` refuses it). The
    /// texts skipped are the codec's own `JSON.stringify` output (a batch's or an override's
    /// records, read this way when they are set or staged); a full `parse` (a merge, a
    /// read) still checks every number.
    fn skip(&mut self, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::TooDeep);
        }
        self.ws();
        match self.peek() {
            Some(b'{' | b'[') => {
                let mut open = 0usize;
                loop {
                    match self.peek() {
                        Some(b'"') => {
                            self.string()?;
                            continue;
                        }
                        Some(b'{' | b'[') => {
                            open += 1;
                            if depth + open > MAX_DEPTH + 1 {
                                return Err(Error::TooDeep);
                            }
                        }
                        Some(b'}' | b']') => {
                            open -= 1;
                            if open == 0 {
                                self.i += 1;
                                return Ok(());
                            }
                        }
                        Some(_) => {}
                        None => return Err(Error::Malformed("unexpected end".into())),
                    }
                    self.i += 1;
                }
            }
            Some(b'"') => self.string().map(drop),
            Some(b't') => self.literal("true", Val::Null).map(drop),
            Some(b'f') => self.literal("false", Val::Null).map(drop),
            Some(b'n') => self.literal("null", Val::Null).map(drop),
            // Stepped over, not converted, as numbers inside a skipped object are.
            Some(b'-' | b'0'..=b'9') => {
                self.number_text();
                Ok(())
            }
            Some(c) => Err(self.unexpected(c)),
            None => Err(Error::Malformed("unexpected end".into())),
        }
    }
}

/// Decodes a string literal's content, tags included.
fn untag(s: &str) -> Result<Val<'_>> {
    let Some(rest) = s.strip_prefix(TAG) else {
        return Ok(Val::str(s));
    };
    // The tag is one ASCII letter; anything else (a multi-byte character) is no tag.
    let (tag, body) = rest.split_at(if rest.is_char_boundary(1) { 1 } else { 0 });
    Ok(match tag {
        "u" => Val::Undef,
        "n" => Val::Num(f64::NAN),
        "i" => Val::Num(f64::INFINITY),
        "j" => Val::Num(f64::NEG_INFINITY),
        "z" => Val::Num(-0.0),
        "r" => Val::Opaque,
        "h" => Val::Hole,
        "s" => Val::str(body),
        "d" => Val::Date(if body == "NaN" {
            f64::NAN
        } else {
            body.parse::<f64>()
                .map_err(|_| Error::Malformed("bad date tag".into()))?
        }),
        _ => return Err(Error::Malformed("unknown tag".into())),
    })
}

/// Writes a value as tagged JSON text.
pub fn write(v: &Val<'_>) -> String {
    write_sized(v, 0)
}

/// `write` into a string made with room for `capacity` bytes (what the caller expects it
/// to take: a merge, the two texts it merged).
pub fn write_sized(v: &Val<'_>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    write_into(v, &mut out);
    out
}

/// `write` with every object's properties in the order JS enumerates them: array-index
/// names first, ascending, then the rest as they stand. The engine keeps a merge's order
/// (`{q, 0}`), which a value read back into JS no longer has (`{0, q}`): two values compare
/// as JS sees them this way.
pub fn write_js_order(v: &Val<'_>) -> String {
    fn index_of(name: &str) -> Option<u32> {
        let n: u32 = name.parse().ok()?;
        (n != u32::MAX && n.to_string() == name).then_some(n)
    }
    fn ordered<'a>(v: &Val<'a>) -> Val<'a> {
        match v {
            Val::Arr(items) => Val::Arr(items.iter().map(ordered).collect()),
            Val::Obj(props) => {
                let mut props: Vec<_> =
                    props.iter().map(|(k, x)| (k.clone(), ordered(x))).collect();
                // (stable: the names that are no index keep their order)
                props.sort_by_key(|(k, _)| index_of(k).map_or((1, 0), |n| (0, n)));
                Val::Obj(props)
            }
            other => other.clone(),
        }
    }
    write(&ordered(v))
}

pub fn write_into(v: &Val<'_>, out: &mut String) {
    match v {
        Val::Undef => tagged(out, "u", ""),
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Num(n) => write_num(*n, out),
        Val::Str(s) => write_str(s, out),
        Val::Date(ms) => {
            if ms.is_nan() {
                tagged(out, "d", "NaN")
            } else {
                tagged(out, "d", ryu_js::Buffer::new().format(*ms))
            }
        }
        Val::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(item, out);
            }
            out.push(']');
        }
        Val::Obj(props) => {
            out.push('{');
            for (i, (k, item)) in props.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(k);
                out.push_str("\":");
                write_into(item, out);
            }
            out.push('}');
        }
        Val::Opaque => tagged(out, "r", ""),
        Val::Hole => tagged(out, "h", ""),
    }
}

fn tagged(out: &mut String, tag: &str, body: &str) {
    out.push('"');
    out.push_str(TAG);
    out.push_str(tag);
    out.push_str(body);
    out.push('"');
}

pub(crate) fn write_num(n: f64, out: &mut String) {
    if n.is_nan() {
        tagged(out, "n", "")
    } else if n == f64::INFINITY {
        tagged(out, "i", "")
    } else if n == f64::NEG_INFINITY {
        tagged(out, "j", "")
    } else if n == 0.0 && n.is_sign_negative() {
        tagged(out, "z", "")
    } else if n.trunc() == n && n.abs() < 1e15 {
        write_int(n as i64, out)
    } else {
        out.push_str(ryu_js::Buffer::new().format_finite(n))
    }
}

/// An integer as `Number#toString` writes one below 1e15 (ryu's shortest form costs several
/// times as much: a merge writes every number of the record back), with no allocation.
pub(crate) fn write_int(n: i64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut m = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&buf[at..]).expect("ASCII digits"));
}

/// Writes escaped string content as a literal, tagging it if it opens with NUL.
pub(crate) fn write_str(s: &str, out: &mut String) {
    out.push('"');
    if s.starts_with(TAG) {
        out.push_str(TAG);
        out.push('s');
    }
    out.push_str(s);
    out.push('"');
}

/// JSON-escapes a Rust string the way `JSON.stringify` does for well-formed strings.
pub fn escape_str(s: &str) -> Box<str> {
    escaped(s).into()
}

/// `escape_str`, borrowing `s` when nothing in it needs an escape (nearly always).
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !needs_escape(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod search_tests {
    use super::{needs_escape, quote_or_backslash};

    /// Eight bytes at a time must answer what a byte at a time answers: every byte value at
    /// every offset of strings of 0 to 24 bytes, beside bytes one away from a match.
    #[test]
    fn needs_escape_is_the_bytewise_test() {
        let naive = |b: &[u8]| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
        for filler in [b' ', b'!', b'#', b']', b'[', 0x21, 0x7f, 0x80, 0xff] {
            for len in 0..24 {
                let base = vec![filler; len];
                assert_eq!(needs_escape(&base), naive(&base));
                for at in 0..len {
                    for c in 0..=255u8 {
                        let mut b = base.clone();
                        b[at] = c;
                        assert_eq!(needs_escape(&b), naive(&b), "{b:?}");
                    }
                }
            }
        }
    }

    /// Eight bytes at a time must find what memchr finds: at every offset, past bytes one
    /// away from a quote or backslash (where the zero-byte trick borrows), past high bytes.
    #[test]
    fn finds_what_memchr_finds() {
        let fillers: [&[u8]; 4] = [
            b"a",
            b"#][!",
            "é\u{1F600}x".as_bytes(),
            &[0x01, 0x80, 0xff, 0x23],
        ];
        for filler in fillers {
            for len in 0..48 {
                let base: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
                assert_eq!(
                    quote_or_backslash(&base),
                    memchr::memchr2(b'"', b'\\', &base)
                );
                for at in 0..len {
                    for hit in [b'"', b'\\'] {
                        let mut b = base.clone();
                        b[at] = hit;
                        let want = memchr::memchr2(b'"', b'\\', &b);
                        assert_eq!(quote_or_backslash(&b), want, "{b:?}");
                    }
                }
            }
        }
    }
}
