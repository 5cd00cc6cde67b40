use super::*;
use crate::error::Error;

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
fn read_fields_stops_once_every_name_was_met() {
    // What follows the last name is not read: not even a fault in it.
    let v = read_fields(r#"{"a":1,"b":"x","c":}"#, &["b", "a"]).unwrap();
    assert_eq!(v, vec![Val::Str("x".into()), Val::Num(1.0)]);
    // A name not met reads the whole text, faults included.
    assert!(read_fields(r#"{"a":1,"c":}"#, &["a", "zz"]).is_err());
    // No name: the whole text is read (a validation).
    assert!(read_fields::<&str>(r#"{"a":}"#, &[]).is_err());
    // The same values as parse_fields for any text it reads whole, nested ones too.
    let text = r#"{"id":"u1","name":"N","tags":["a",{"b":2}],"meta":{"x":[1,{"y":null}]},"z":-0}"#;
    for names in [&["meta", "id"][..], &["z"], &["tags", "name", "nope"]] {
        assert_eq!(
            read_fields(text, names).unwrap(),
            parse_fields(text, names).unwrap()
        );
    }
    // A name asked twice fills its first slot only, and the text is read whole.
    assert!(read_fields(r#"{"a":1,"b":}"#, &["a", "a"]).is_err());
    // 64 names: each must be met before the read ends.
    let names: Vec<String> = (0..64).map(|i| format!("k{i}")).collect();
    let text64 = format!(
        "{{{},\"tail\":}}",
        names
            .iter()
            .map(|n| format!("\"{n}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(read_fields(&text64, &names).is_ok());
    assert!(read_fields(&text64, &names[..63]).is_ok());
    assert!(parse_fields(&text64, &names).is_err());
    // More than 64 names: read whole, as parse_fields reads.
    let many: Vec<String> = (0..70).map(|i| format!("k{i}")).collect();
    assert_eq!(
        read_fields(text, &many).unwrap(),
        parse_fields(text, &many).unwrap()
    );
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
    // An index past the end leaves holes before it, as `a[4] = …` does in JS.
    let past_end = merge(
        parse(r#"[3,"z"]"#).unwrap(),
        parse(r#"{"4":"B","2":1}"#).unwrap(),
        0,
    );
    assert_eq!(write(&past_end.unwrap()), r#"[3,"z",1,"\u0000h","B"]"#);
    let at_end = merge(parse("[1]").unwrap(), parse(r#"{"1":2}"#).unwrap(), 0);
    assert_eq!(write(&at_end.unwrap()), "[1,2]");
    // Holes past the longest sparse array a record holds are refused, not allocated.
    assert!(merge(parse("[1]").unwrap(), parse(r#"{"65536":1}"#).unwrap(), 0).is_err());
    assert!(merge(
        parse("[1]").unwrap(),
        parse(r#"{"16777215":1}"#).unwrap(),
        0
    )
    .is_err());
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

#[test]
fn strings_of_every_length_with_escapes_anywhere() {
    // The end of a string is found eight bytes at a time for its first 32 bytes, then by
    // memchr: every length around those steps, an escaped quote or backslash at each place.
    for len in 0..80 {
        for esc in [None, Some("\\\""), Some("\\\\"), Some("\\u00e9")] {
            for at in 0..=len {
                let mut content = "x".repeat(len);
                if let Some(e) = esc {
                    content.insert_str(at, e);
                } else if at > 0 {
                    continue;
                }
                let text = format!("{{\"k{len}\":\"{content}\",\"n\":1}}");
                let fields = parse_fields(&text, &["n"]).unwrap();
                assert!(matches!(fields[0], Val::Num(n) if n == 1.0), "{text}");
                assert_eq!(rt(&text), text, "{text}");
            }
        }
    }
}

#[test]
fn splits_arrays_of_objects_by_structure() {
    let text = r#"[{"a":"}],{[\"\\","b":[1,{"c":[]}]},{},{"d":"é😀\u0000"}]"#;
    let parts = split_objects(text).unwrap();
    assert_eq!(parts, split_array(text).unwrap());
    assert_eq!(parts.len(), 3);
    assert_eq!(split_objects("[]").unwrap(), Vec::<&str>::new());
    for bad in [
        "",
        "[",
        "{}",
        "[1]",
        "[{},1]",
        "[{}]]",
        "[{},]",
        "[{}{}]",
        "[{]",
        "[{\"a\":[}]",
        "[{\"a\":]}]",
        "[{\"a\":\"}]",
        "[{\"a\":\"\\\"}]",
        "[{\"a\":\"x\\",
        "[{\"a\":\"x\\\"]",
        "[{}, {}]",
    ] {
        assert!(split_objects(bad).is_err(), "{bad:?}");
    }
    // The deepest record the check admits (MAX_DEPTH levels below its own) is cut; one more is not.
    let nest = |n: usize| format!("[{}1{}]", "{\"a\":".repeat(n), "}".repeat(n));
    assert_eq!(split_objects(&nest(MAX_DEPTH + 1)).unwrap().len(), 1);
    assert!(split_objects(&nest(MAX_DEPTH + 2)).is_err());
}

proptest::proptest! {
    /// Whatever the strings hold, `split_objects` cuts `JSON.stringify`-like text where
    /// the validating `split_array` does.
    #[test]
    fn split_objects_agrees_with_split_array(
        recs in proptest::collection::vec(
            proptest::collection::vec(("[a-z\"\\\\{}\\[\\],:é😀\u{1}]{0,6}", "[a-z\"\\\\{}\\[\\],:é😀\u{1}]{0,12}"), 0..4),
            0..6,
        )
    ) {
        let arr = serde_json::Value::Array(
            recs.iter()
                .map(|fields| {
                    let mut o = serde_json::Map::new();
                    for (k, v) in fields {
                        let nested = serde_json::json!([v, {"k": k}]);
                        o.insert(k.clone(), if v.len() % 2 == 0 { serde_json::Value::String(v.clone()) } else { nested });
                    }
                    serde_json::Value::Object(o)
                })
                .collect(),
        );
        let text = serde_json::to_string(&arr).unwrap();
        proptest::prop_assert_eq!(split_objects(&text).unwrap(), split_array(&text).unwrap());
    }
}

/// Integers below 1e15 take a shorter way than ryu: the same text, as `Number#toString`.
#[test]
fn integers_are_written_as_ryu_writes_them() {
    let mut cases: Vec<f64> = vec![
        0.0,
        1.0,
        -1.0,
        9.0,
        10.0,
        -10.0,
        42.0,
        1e14,
        999_999_999_999_999.0,
    ];
    cases.extend([
        -999_999_999_999_999.0,
        1e15,
        -1e15,
        1e16,
        2f64.powi(53),
        1e21,
        1e-7,
        0.5,
    ]);
    let mut x = 1.0f64;
    for _ in 0..60 {
        cases.extend([x, -x, x + 1.0, x - 1.0, x.trunc() + 0.25]);
        x *= 1.9;
    }
    for n in cases {
        let mut out = String::new();
        write_num(n, &mut out);
        assert_eq!(out, ryu_js::Buffer::new().format_finite(n), "{n}");
    }
}
