//! The test's own record values, independent of the engine's `Val`: the tagged JSON text
//! the facade and engine exchange (lib/codec.js: JSON.stringify, with values JSON cannot
//! hold as strings opening with NUL and a tag letter), written and read here from that
//! contract, and JS's `String(v)` for composite index keys.

#![allow(dead_code)]

#[derive(Clone, Debug)]
pub enum M {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    /// The string itself (not escaped).
    Str(String),
    /// A Date's time value (NaN: an invalid date).
    Date(f64),
    Arr(Vec<M>),
    Obj(Vec<(String, M)>),
    /// An array's hole (an element it does not have).
    Hole,
}

impl M {
    pub fn str(s: &str) -> M {
        M::Str(s.to_string())
    }

    /// `typeof v === 'object' && v !== null`.
    pub fn is_object(&self) -> bool {
        matches!(self, M::Arr(_) | M::Obj(_) | M::Date(_))
    }

    pub fn get(&self, name: &str) -> &M {
        match self {
            M::Obj(props) => props
                .iter()
                .find(|(n, _)| n == name)
                .map_or(&M::Undef, |(_, v)| v),
            _ => &M::Undef,
        }
    }

    /// JS `String(v)` (Dates in UTC, as the engine has no time zone).
    pub fn js_string(&self, out: &mut String) {
        match self {
            M::Undef | M::Hole => out.push_str("undefined"),
            M::Null => out.push_str("null"),
            M::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            M::Num(n) => out.push_str(&js_number(*n)),
            M::Str(s) => out.push_str(s),
            M::Date(ms) => out.push_str(&date_string(*ms)),
            M::Arr(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if !matches!(item, M::Undef | M::Null | M::Hole) {
                        item.js_string(out);
                    }
                }
            }
            M::Obj(_) => out.push_str("[object Object]"),
        }
    }
}

/// `Number.prototype.toString()`.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n == f64::INFINITY {
        "Infinity".into()
    } else if n == f64::NEG_INFINITY {
        "-Infinity".into()
    } else if n == 0.0 {
        "0".into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        ryu_js::Buffer::new().format_finite(n).to_string()
    }
}

/// `Date.prototype.toString()` in UTC, for the few dates the tests use.
fn date_string(ms: f64) -> String {
    if !ms.is_finite() {
        return "Invalid Date".into();
    }
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let day = (ms / 86_400_000.0).floor() as i64;
    assert!(
        (0..28).contains(&day) && ms % 86_400_000.0 == 0.0,
        "date outside the test domain"
    );
    format!(
        "{} Jan {:02} 1970 00:00:00 GMT+0000 (Coordinated Universal Time)",
        DAYS[(day % 7) as usize],
        day + 1
    )
}

fn tag(out: &mut String, t: &str) {
    out.push_str("\"\\u0000");
    out.push_str(t);
    out.push('"');
}

fn escape(s: &str, out: &mut String) {
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
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    if s.starts_with('\0') {
        out.push_str("\\u0000s");
    }
    escape(s, out);
    out.push('"');
}

pub fn write_into(v: &M, out: &mut String) {
    match v {
        M::Undef => tag(out, "u"),
        M::Hole => tag(out, "h"),
        M::Null => out.push_str("null"),
        M::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        M::Num(n) if n.is_nan() => tag(out, "n"),
        M::Num(n) if *n == f64::INFINITY => tag(out, "i"),
        M::Num(n) if *n == f64::NEG_INFINITY => tag(out, "j"),
        M::Num(n) if *n == 0.0 && n.is_sign_negative() => tag(out, "z"),
        M::Num(n) => out.push_str(&js_number(*n)),
        M::Str(s) => write_str(s, out),
        M::Date(ms) => tag(out, &format!("d{}", js_number(*ms))),
        M::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(item, out);
            }
            out.push(']');
        }
        M::Obj(props) => {
            out.push('{');
            for (i, (k, item)) in props.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write_into(item, out);
            }
            out.push('}');
        }
    }
}

/// Tagged JSON text of a value.
pub fn write(v: &M) -> String {
    let mut out = String::new();
    write_into(v, &mut out);
    out
}

/// Parses tagged JSON text (panics on anything else: the engine must only write valid text).
pub fn read(text: &str) -> M {
    let mut r = Reader {
        b: text.as_bytes(),
        i: 0,
    };
    let v = r.value();
    r.ws();
    assert_eq!(r.i, r.b.len(), "trailing text in {text}");
    v
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(
            self.b.get(self.i),
            Some(&c),
            "expected {} at {} in {}",
            c as char,
            self.i,
            String::from_utf8_lossy(self.b)
        );
        self.i += 1;
    }

    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut units: Vec<u16> = Vec::new();
        loop {
            let c = self.b[self.i];
            match c {
                b'"' => {
                    self.i += 1;
                    return String::from_utf16(&units).expect("well-formed string");
                }
                b'\\' => {
                    let e = self.b[self.i + 1];
                    self.i += 2;
                    match e {
                        b'u' => {
                            let hex = std::str::from_utf8(&self.b[self.i..self.i + 4]).unwrap();
                            units.push(u16::from_str_radix(hex, 16).unwrap());
                            self.i += 4;
                        }
                        b'b' => units.push(8),
                        b'f' => units.push(12),
                        b'n' => units.push(10),
                        b'r' => units.push(13),
                        b't' => units.push(9),
                        other => units.push(u16::from(other)),
                    }
                }
                _ => {
                    let len = match c {
                        0..=0x7f => 1,
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                    let ch = std::str::from_utf8(&self.b[self.i..self.i + len]).unwrap();
                    units.extend(ch.encode_utf16());
                    self.i += len;
                }
            }
        }
    }

    fn value(&mut self) -> M {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut props = Vec::new();
                self.ws();
                if self.b[self.i] == b'}' {
                    self.i += 1;
                    return M::Obj(props);
                }
                loop {
                    let k = self.string();
                    self.eat(b':');
                    props.push((k, self.value()));
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => continue,
                        b'}' => return M::Obj(props),
                        c => panic!("unexpected {}", c as char),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b[self.i] == b']' {
                    self.i += 1;
                    return M::Arr(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => continue,
                        b']' => return M::Arr(items),
                        c => panic!("unexpected {}", c as char),
                    }
                }
            }
            b'"' => {
                let s = self.string();
                match s.strip_prefix('\0') {
                    None => M::Str(s),
                    Some(rest) => match rest.chars().next() {
                        Some('u') => M::Undef,
                        Some('h') => M::Hole,
                        Some('n') => M::Num(f64::NAN),
                        Some('i') => M::Num(f64::INFINITY),
                        Some('j') => M::Num(f64::NEG_INFINITY),
                        Some('z') => M::Num(-0.0),
                        Some('s') => M::Str(rest[1..].to_string()),
                        Some('d') => M::Date(if &rest[1..] == "NaN" {
                            f64::NAN
                        } else {
                            rest[1..].parse().unwrap()
                        }),
                        other => panic!("unknown tag {other:?}"),
                    },
                }
            }
            b't' => {
                self.i += 4;
                M::Bool(true)
            }
            b'f' => {
                self.i += 5;
                M::Bool(false)
            }
            b'n' => {
                self.i += 4;
                M::Null
            }
            _ => {
                let start = self.i;
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.i += 1;
                }
                M::Num(
                    std::str::from_utf8(&self.b[start..self.i])
                        .unwrap()
                        .parse()
                        .unwrap(),
                )
            }
        }
    }
}
