use proptest::prelude::*;
use serde_json::{Map, Value};

use super::{Shapes, MARK, MAX_DEPTH, MAX_KEYS, MAX_SHAPES};

/// Stores `text` and reads it back through every way out.
fn round_trip(shapes: &mut Shapes, text: &str) -> Box<str> {
    let stored = shapes.store(text.into(), "", true);
    assert_eq!(shapes.text(&stored), text, "text() of {stored:?}");
    assert_eq!(
        shapes.text_len(&stored),
        text.len(),
        "text_len() of {stored:?}"
    );
    let mut buf = String::from("junk");
    assert_eq!(shapes.text_in(&stored, &mut buf), text);
    let mut out = String::from("[");
    shapes.write(&stored, &mut out);
    assert_eq!(out, format!("[{text}"));
    stored
}

const RECORD: &str = r#"{"id":"u0000042","name":"Ada Lovelace","email":"ada@example.com","age":36,"dept":"dept-07","city":"city-13","active":true,"tags":["t1","t4","t9"],"score":87.25,"meta":{"created":"2024-03-01T10:00:00.000Z","visits":12,"source":"web","verified":false}}"#;

#[test]
fn a_record_loses_its_keys_and_comes_back_whole() {
    let mut shapes = Shapes::default();
    let stored = round_trip(&mut shapes, RECORD);
    assert_eq!(stored.as_bytes()[0], MARK);
    // Each object's `{`, `}`, `"key":` and commas go, and its strings' quotes (not those
    // inside an array); a three-byte mark and a length a value come in.
    assert_eq!(RECORD.len() - stored.len(), 120, "{stored}");
    assert_eq!(shapes.len(), 2);
    // A second record of the same shape adds no key list.
    round_trip(
        &mut shapes,
        &RECORD.replace("u0000042", "u0000043").replace("36", "37"),
    );
    assert_eq!(shapes.len(), 2);
}

#[test]
fn the_format_is_the_one_the_module_documents() {
    let mut shapes = Shapes::default();
    let stored = round_trip(&mut shapes, r#"{"a":"xy","b":{"c":2}}"#);
    assert_eq!(&*stored, "\u{1}ABRxy\u{3}\u{1}AA!2");
    // A long string: STR_LONG and three digits (98 = "ABi": 0, 1, 34), no quotes.
    let long = format!(r#"{{"abcdefgh":"{}","b":1}}"#, "x".repeat(98));
    let stored = round_trip(&mut shapes, &long);
    assert_eq!(&stored[..8], "\u{1}AC\u{4}ABix");
}

#[test]
fn what_is_not_packed_stays_as_it_was() {
    let mut shapes = Shapes::default();
    // Packed around an object kept as text: `{}`, and one with an escaped key, whose
    // inner packable object stays text with it.
    for (text, kept) in [
        (r#"{"a":{},"bb":1}"#, "{}"),
        (
            r#"{"a":{"x\\y":[1,{"z":2}]},"b":3}"#,
            r#"{"x\\y":[1,{"z":2}]}"#,
        ),
    ] {
        let stored = round_trip(&mut shapes, text);
        assert!(
            stored.starts_with('\u{1}') && stored.contains(kept),
            "{stored:?}"
        );
    }
    // Kept whole as its text.
    for text in [
        r#"{}"#,
        r#"{"a\"b":1,"c":2}"#,
        r#"{ "a": 1 }"#,
        r#"{"a":1 }"#,
        r#"{"a":1,}"#,
        r#"{"a"}"#,
        r#"{"a":"#,
        r#"{"a":"unterminated}"#,
        r#"{"a":[1,2}"#,
        "{\"a\":\u{1}}",
        "{\"a\":\"\u{1}\"}",
        r#"[{"a":1}]"#,
        r#""text""#,
        "",
        "{",
        "{\"",
        r#"{"a":1}junk"#,
    ] {
        assert_eq!(&*round_trip(&mut shapes, text), text);
    }
}

#[test]
fn values_keep_every_byte() {
    let mut shapes = Shapes::default();
    for text in [
        r#"{"a":"\u0000u","b":"\u0000d1700000000000","c":"\u0000s\u0000x"}"#,
        r#"{"s":"a\"b\\c\u0001d","t":"\",\"k\":{","u":"é日本語😀","日本":1}"#,
        r#"{"n":-1.5e-300,"m":1E+21,"z":0,"t":true,"f":false,"x":null}"#,
        r#"{"a":[[],[[]],[{}],[{"b":[]}]],"c":[1,"2",null,{"d":{"e":{"f":1}}}]}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"":1,"b":{"":""}}"#,
    ] {
        let stored = round_trip(&mut shapes, text);
        assert_eq!(stored.as_bytes()[0], MARK, "{text} is packed");
    }
}

#[test]
fn deep_and_wide_objects_stay_text_inside() {
    let mut shapes = Shapes::default();
    // Long keys: a level whose value is long (a four-byte length) still saves bytes.
    let deep = format!("{}1{}", r#"{"abcdefghij":"#.repeat(100), "}".repeat(100));
    let stored = round_trip(&mut shapes, &deep);
    assert_eq!(stored.as_bytes()[0], MARK);
    assert_eq!(shapes.len(), 1, "one key list for the levels packed");
    assert!(
        stored.contains(r#"{"abcdefghij":{"#),
        "levels past {MAX_DEPTH} stay text"
    );
    // Short keys: a value holding a packed object has no length to write.
    let deep = format!("{}1{}", r#"{"a":"#.repeat(100), "}".repeat(100));
    assert_eq!(round_trip(&mut shapes, &deep).as_bytes()[0], MARK);
    assert_eq!(shapes.len(), 2);
    let arrays = format!(r#"{{"a":{}1{}}}"#, "[".repeat(100), "]".repeat(100));
    round_trip(&mut shapes, &arrays);
    let wide: Vec<String> = (0..=MAX_KEYS).map(|i| format!(r#""k{i}":{i}"#)).collect();
    let wide = format!(r#"{{"w":{{{}}},"x":1}}"#, wide.join(","));
    let stored = round_trip(&mut shapes, &wide);
    assert!(
        stored.contains(r#"{"k0":0,"#),
        "an object of {} keys stays text",
        MAX_KEYS + 1
    );
}

#[test]
fn arrays_deeper_than_packing_goes_come_back_as_they_were() {
    let mut shapes = Shapes::default();
    // Past MAX_DEPTH the packer copies an array as it is (here with a space inside, which
    // it would refuse to walk); rebuilding must copy it too, not walk it.
    let deep = |n: usize, inner: &str| format!("{}{inner}{}", "[".repeat(n), "]".repeat(n));
    for text in [
        format!(r#"{{"a":[{{"b":1}},{}]}}"#, deep(40, "[ 1]")),
        format!(r#"{{"a":[{{"b":1}},{}]}}"#, deep(100_000, "1")),
        format!(
            r#"{{"a":[{{"b":1}},{}]}}"#,
            deep(MAX_DEPTH, r#"{"b":[ 1]}"#)
        ),
    ] {
        let stored = round_trip(&mut shapes, &text);
        assert_eq!(stored.as_bytes()[0], MARK, "{}", &text[..60]);
    }
}

#[test]
fn a_full_table_keeps_new_shapes_as_text() {
    let mut shapes = Shapes::default();
    for i in 0..MAX_SHAPES + 10 {
        round_trip(&mut shapes, &format!(r#"{{"k{i}":{i}}}"#));
    }
    assert_eq!(shapes.len(), MAX_SHAPES);
    let stored = round_trip(&mut shapes, r#"{"new":1}"#);
    assert_eq!(&*stored, r#"{"new":1}"#);
    // Known shapes are still packed.
    assert_eq!(
        round_trip(&mut shapes, r#"{"k5":"five"}"#).as_bytes()[0],
        MARK
    );
    assert!(shapes.approx_bytes() > MAX_SHAPES * 16);
}

fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just(String::from("id")),
        Just(String::from("name")),
        Just(String::from("a\"b")),
        Just(String::from("\u{1}")),
        Just(String::new()),
        "[a-c\\\\é\u{1}]{0,3}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        "[a-z\"\\\\\u{0}\u{1},:{}\\[\\]é😀]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_comes_back_byte_for_byte(v in json(), w in json()) {
        let mut shapes = Shapes::default();
        for v in [&v, &w, &v] {
            let text = serde_json::to_string(v).unwrap();
            round_trip(&mut shapes, &text);
            let record = format!(r#"{{"id":1,"v":{text}}}"#);
            prop_assert_eq!(round_trip(&mut shapes, &record).as_bytes()[0], MARK);
        }
    }

    #[test]
    fn any_text_comes_back_byte_for_byte(s in "\\{[\"a:,\\[\\]{}0-9\u{1} \\\\]{0,40}") {
        let mut shapes = Shapes::default();
        round_trip(&mut shapes, &s);
        round_trip(&mut shapes, &s);
    }
}

/// The record `write_for_js` wrote, rebuilt from its form's description and its values (or
/// parsed, where it wrote the text).
fn from_js_form(shapes: &Shapes, written: &str) -> Value {
    fn build(desc: &Value, values: &mut impl Iterator<Item = Value>) -> Value {
        let keys = desc[0].as_array().unwrap();
        let inner: Vec<(usize, &Value)> = desc[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_u64().unwrap() as usize, &p[1]))
            .collect();
        let mut o = Map::new();
        for (j, k) in keys.iter().enumerate() {
            let v = match inner.iter().find(|(at, _)| *at == j) {
                Some((_, d)) => build(d, values),
                None => values.next().unwrap(),
            };
            o.insert(k.as_str().unwrap().to_string(), v);
        }
        Value::Object(o)
    }
    let Value::Array(flat) = serde_json::from_str(&format!("[{written}]")).unwrap() else {
        unreachable!()
    };
    match flat[0].as_u64() {
        Some(n) => {
            let desc: Value = serde_json::from_str(shapes.describe_form(n).unwrap()).unwrap();
            let mut values = flat.into_iter().skip(1);
            let v = build(&desc, &mut values);
            assert!(values.next().is_none(), "values left over");
            v
        }
        None => flat.into_iter().next().unwrap(),
    }
}

#[test]
fn a_form_is_numbered_anew_once_a_key_list_it_names_goes() {
    let mut shapes = Shapes::default();
    let a = shapes.store(r#"{"a":1,"b":{"c":2}}"#.into(), "", true);
    let mut out = String::new();
    shapes.write_for_js(&a, &mut out);
    // One object of a list makes no form: its text goes.
    assert_eq!(out, r#"{"a":1,"b":{"c":2}}"#);
    let a2 = shapes.store(r#"{"a":3,"b":{"c":4}}"#.into(), "", true);
    out.clear();
    shapes.write_for_js(&a, &mut out);
    let n: u64 = out.split(',').next().unwrap().parse().unwrap();
    assert_eq!(out, format!("{n},1,2"));
    assert_eq!(
        shapes.describe_form(n),
        Some(r#"[["a","b"],[[1,[["c"],[]]]]]"#)
    );
    shapes.check([&*a, &*a2].into_iter()).unwrap();
    shapes.release(&a);
    shapes.release(&a2);
    shapes.check(std::iter::empty()).unwrap();
    // The lists' ids come back for other keys: the old number must not be written for them.
    let x = shapes.store(r#"{"x":1,"y":{"z":2}}"#.into(), "", true);
    let x2 = shapes.store(r#"{"x":3,"y":{"z":4}}"#.into(), "", true);
    let mut again = String::new();
    shapes.write_for_js(&x, &mut again);
    assert!(again.as_bytes()[0].is_ascii_digit(), "{again}");
    assert!(!again.starts_with(&format!("{n},")), "{again}");
    assert_eq!(
        from_js_form(&shapes, &again),
        serde_json::json!({"x": 1, "y": {"z": 2}})
    );
    shapes.check([&*x, &*x2].into_iter()).unwrap();
    // What the old number described is still told (a read decoded late still builds).
    assert!(shapes.describe_form(n).is_some());
}

#[test]
fn the_forms_a_read_numbers_are_counted() {
    let mut shapes = Shapes::default();
    let a = shapes.store(r#"{"a":1,"b":{"c":2}}"#.into(), "", true);
    let _a2 = shapes.store(r#"{"a":3,"b":{"c":4}}"#.into(), "", true);
    let lists = shapes.approx_bytes();
    let before = shapes.forms_bytes();
    let mut out = String::new();
    shapes.write_for_js(&a, &mut out);
    let n: u64 = out.split(',').next().unwrap().parse().unwrap();
    let desc = shapes.describe_form(n).unwrap().len();
    assert!(shapes.forms_bytes() >= before + desc, "{before} + {desc}");
    // The key lists' count (what `stats` reports) does not move with reads.
    assert_eq!(shapes.approx_bytes(), lists);
    // A second read of the same form numbers nothing more.
    let after = shapes.forms_bytes();
    shapes.write_for_js(&a, &mut out);
    assert_eq!(shapes.forms_bytes(), after);
}

#[test]
fn a_record_that_is_no_object_goes_behind_form_0() {
    let mut shapes = Shapes::default();
    for text in ["5", "-1.5e3", r#""s""#, "null", "[1,2]"] {
        let stored = shapes.store(text.into(), "", true);
        let mut out = String::new();
        shapes.write_for_js(&stored, &mut out);
        assert_eq!(out, format!("0,{text}"));
    }
}

proptest! {
    #[test]
    fn a_record_written_for_js_builds_back_to_its_text(v in json(), w in json()) {
        let mut shapes = Shapes::default();
        for x in [&v, &w, &v] {
            let record = format!(r#"{{"id":1,"v":{},"w":{{"x":{}}}}}"#, serde_json::to_string(x).unwrap(), serde_json::to_string(&w).unwrap());
            let stored = shapes.store(record.as_str().into(), "", true);
            let mut out = String::new();
            shapes.write_for_js(&stored, &mut out);
            let expected: Value = serde_json::from_str(&record).unwrap();
            prop_assert_eq!(from_js_form(&shapes, &out), expected);
        }
    }
}
