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

use std::borrow::Cow;

use super::error::{Error, Result};

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

/// `Date.prototype.toString`, in UTC (the engine has no time zone).
fn date_string(ms: f64, out: &mut String) {
    if !ms.is_finite() {
        out.push_str("Invalid Date");
        return;
    }
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ms = ms as i64;
    let days = ms.div_euclid(86_400_000);
    let secs = ms.rem_euclid(86_400_000) / 1000;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("{year:04}")
    };
    out.push_str(&format!(
        "{} {} {:02} {} {:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        year,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ));
}

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
    let mut out = vec![Val::Undef; names.len()];
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
            Some(slot) => out[slot] = p.value(1)?,
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
            let Some(at) = memchr::memchr2(b'"', b'\\', &self.b[self.i..]) else {
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

    fn number(&mut self) -> Result<f64> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.i += 1;
        }
        self.s[start..self.i]
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
                let mut props = Vec::new();
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
    /// over; what lies between is not checked further.
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
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
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
    let mut out = String::new();
    write_into(v, &mut out);
    out
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
    } else {
        out.push_str(ryu_js::Buffer::new().format_finite(n))
    }
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
    if !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\') {
        return s.into();
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
    out.into()
}

/// haro's `merge(a, b)`: arrays concatenate, objects merge key by key, anything else
/// is replaced. `typeof` decides what is an object, so a `Date` merges as one with no
/// own keys: a new date never replaces an old one. Combinations JS can build but JSON
/// cannot hold (named properties on an array or a date) are refused.
pub fn merge<'a>(a: Val<'a>, b: Val<'a>, depth: usize) -> Result<Val<'a>> {
    if depth > MAX_DEPTH {
        return Err(Error::TooDeep);
    }
    match (a, b) {
        (Val::Arr(mut x), Val::Arr(y)) => {
            x.extend(y);
            Ok(Val::Arr(x))
        }
        (a, b) if a.is_object() && b.is_object() => {
            let entries: Vec<(Cow<'a, str>, Val<'a>)> = match b {
                Val::Obj(props) => props,
                Val::Arr(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (Cow::Owned(i.to_string()), v))
                    .collect(),
                _ => Vec::new(),
            };
            let mut a = a;
            // Wide objects: find properties through a map, not a scan per property.
            let mut at: Option<hashbrown::HashMap<Cow<'a, str>, usize>> = None;
            for (k, v) in entries {
                if let (Val::Obj(props), None) = (&a, &at) {
                    if props.len() > 32 {
                        at = Some(
                            props
                                .iter()
                                .enumerate()
                                .map(|(i, (k, _))| (k.clone(), i))
                                .collect(),
                        );
                    }
                }
                match (&mut a, &mut at) {
                    (Val::Obj(props), Some(at)) => match at.get(&k) {
                        Some(&i) => {
                            let old = std::mem::replace(&mut props[i].1, Val::Undef);
                            props[i].1 = merge(old, v, depth + 1)?;
                        }
                        None => {
                            at.insert(k.clone(), props.len());
                            props.push((k, merge(Val::Undef, v, depth + 1)?));
                        }
                    },
                    _ => assign(&mut a, k, v, depth)?,
                }
            }
            Ok(a)
        }
        (_, b) => Ok(b),
    }
}

/// `a[k] = merge(a[k], v)` on an object or array target.
fn assign<'a>(target: &mut Val<'a>, k: Cow<'a, str>, v: Val<'a>, depth: usize) -> Result<()> {
    match target {
        Val::Obj(props) => {
            if let Some(slot) = props.iter_mut().find(|(name, _)| *name == k) {
                let old = std::mem::replace(&mut slot.1, Val::Undef);
                slot.1 = merge(old, v, depth + 1)?;
            } else {
                props.push((k, merge(Val::Undef, v, depth + 1)?));
            }
            Ok(())
        }
        Val::Arr(items) => match array_index(&k) {
            Some(i) if i < items.len() => {
                let old = std::mem::replace(&mut items[i], Val::Undef);
                items[i] = merge(old, v, depth + 1)?;
                Ok(())
            }
            Some(i) if i < (1 << 24) => {
                items.resize(i, Val::Undef);
                items.push(merge(Val::Undef, v, depth + 1)?);
                Ok(())
            }
            _ => Err(Error::Unrepresentable(format!(
                "Cannot merge property \"{k}\" into an array"
            ))),
        },
        _ => Err(Error::Unrepresentable(format!(
            "Cannot merge property \"{k}\" into a Date"
        ))),
    }
}

/// A canonical array index ("0", "17"; not "01").
fn array_index(k: &str) -> Option<usize> {
    if k.is_empty() || (k.len() > 1 && k.starts_with('0')) || !k.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    k.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(s: &str) -> String {
        write(&parse(s).unwrap())
    }

    #[test]
    fn a_multibyte_character_after_nul_is_no_tag() {
        // Found by the snapshot fuzz target: this used to split inside the character.
        assert!(parse("\"\\u0000\u{3d1}\"").is_err());
        assert!(parse("\"\\u0000\"").is_err());
    }

    #[test]
    fn round_trips_json_and_tags() {
        for s in [
            r#"{"a":1,"b":"x","c":[1,2,{"d":null}],"e":true}"#,
            r#"{"u":"\u0000u","n":"\u0000n","i":"\u0000i","j":"\u0000j","z":"\u0000z"}"#,
            r#"{"d":"\u0000d1700000000000","bad":"\u0000dNaN"}"#,
            r#"{"s":"\u0000s\u0000abc","q":"a\"b\\c\n"}"#,
            r#"{"sparse":[1,"\u0000h",3]}"#,
            r#"[1.5,-2,1e+21,0.1]"#,
        ] {
            assert_eq!(rt(s), s);
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for s in [
            "",
            "{",
            "{\"a\":}",
            "[1,]",
            "{\"a\" 1}",
            "tru",
            "\"\\u0000x\"",
            "{} x",
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn splits_arrays_into_element_texts() {
        assert_eq!(
            split_array(r#"[1, "a,]", {"b":[1,2]} ,null]"#).unwrap(),
            vec!["1", "\"a,]\"", r#"{"b":[1,2]}"#, "null"]
        );
        assert_eq!(split_array("[]").unwrap(), Vec::<&str>::new());
        assert!(split_array("[1,{]").is_err());
        assert!(split_array("{}").is_err());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert_eq!(parse(&deep), Err(Error::TooDeep));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn reads_selected_fields() {
        let v = parse_fields(r#"{"a":1,"b":{"x":[1]},"c":"s"}"#, &["c", "a", "zz"]).unwrap();
        assert_eq!(v, vec![Val::Str("s".into()), Val::Num(1.0), Val::Undef]);
        assert!(parse_fields(r#"{"a":1,"b":}"#, &["a"]).is_err());
    }

    #[test]
    fn js_strings_match_template_literals() {
        let mut s = String::new();
        for v in [
            Val::Num(1e21),
            Val::Num(-0.0),
            Val::Num(0.1 + 0.2),
            Val::Num(f64::NAN),
            Val::Undef,
            Val::Arr(vec![
                Val::Num(1.0),
                Val::Null,
                Val::Arr(vec![Val::Str("a".into())]),
            ]),
            Val::Obj(vec![]),
            Val::Date(0.0),
        ] {
            v.js_string(&mut s);
            s.push('|');
        }
        assert_eq!(
            s,
            "1e+21|0|0.30000000000000004|NaN|undefined|1,,a|[object Object]|\
             Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)|"
        );
    }

    #[test]
    fn merges_like_haro() {
        let a = parse(r#"{"a":1,"t":[1],"o":{"x":1,"y":2},"d":"\u0000d5"}"#).unwrap();
        let b = parse(r#"{"t":[2],"o":{"y":3,"z":4},"d":"\u0000d9","n":null}"#).unwrap();
        assert_eq!(
            write(&merge(a, b, 0).unwrap()),
            r#"{"a":1,"t":[1,2],"o":{"x":1,"y":3,"z":4},"d":"\u0000d5","n":null}"#
        );
        let arr_into_obj = merge(parse(r#"{"a":1}"#).unwrap(), parse("[5]").unwrap(), 0);
        assert_eq!(write(&arr_into_obj.unwrap()), r#"{"a":1,"0":5}"#);
        assert!(merge(parse("[1]").unwrap(), parse(r#"{"k":1}"#).unwrap(), 0).is_err());
        assert_eq!(
            write(&merge(Val::Num(1.0), Val::Str("x".into()), 0).unwrap()),
            "\"x\""
        );
    }

    #[test]
    fn equality_follows_js() {
        let nan = Val::Num(f64::NAN);
        assert!(!nan.strict_eq(&nan));
        assert!(nan.same_value_zero(&nan));
        assert!(Val::Num(0.0).strict_eq(&Val::Num(-0.0)));
        assert!(!Val::Obj(vec![]).strict_eq(&Val::Obj(vec![])));
        assert!(!Val::Num(1.0).strict_eq(&Val::str("1")));
    }

    #[test]
    fn escapes_like_json_stringify() {
        assert_eq!(&*escape_str("plain"), "plain");
        assert_eq!(&*escape_str("a\"b\\\n\u{1}"), "a\\\"b\\\\\\n\\u0001");
    }
}
