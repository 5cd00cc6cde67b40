use super::*;
use crate::value::Val;

fn spec(name: &str, fields: &[&str]) -> IndexSpec {
    IndexSpec {
        name: name.into(),
        fields: fields.iter().map(|f| Box::from(*f)).collect(),
        composite: fields.len() > 1,
    }
}

fn store() -> Store {
    let mut s = Store::new();
    s.set_specs(vec![
        spec("name", &["name"]),
        spec("tags", &["tags"]),
        spec("a|b", &["a", "b"]),
    ]);
    s.reindex(None).unwrap();
    s
}

/// The text of an array `[0, 1, …, n - 1]`.
fn span(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!("[{}]", items.join(","))
}

fn k(s: &str) -> Key {
    Key::Str(s.into())
}

fn keys(s: &Store, ids: &[u32]) -> String {
    s.keys_text(Some(ids))
}

#[test]
fn set_get_delete_keep_order() {
    let mut s = store();
    s.set(k("x"), r#"{"id":"x","name":"A"}"#.into(), false)
        .unwrap();
    s.set(Key::num(1.0), r#"{"id":1,"name":"B"}"#.into(), false)
        .unwrap();
    s.set(k("1"), r#"{"id":"1","name":"C"}"#.into(), false)
        .unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s.keys_text(None), r#"["x",1,"1"]"#);
    s.set(k("x"), r#"{"id":"x","name":"D"}"#.into(), false)
        .unwrap();
    assert_eq!(s.keys_text(None), r#"["x",1,"1"]"#);
    assert_eq!(s.delete(&k("zz"), true), Err(Error::NotFound));
    let one = s.id_of(&Key::num(1.0)).unwrap();
    // (the facade frees the record cache's slot of the id a delete answers)
    assert_eq!(s.delete(&Key::num(-0.0 + 1.0), true), Ok(one));
    assert_eq!(s.id_of(&Key::num(1.0)), None);
    assert_eq!(s.keys_text(None), r#"["x","1"]"#);
    s.check_invariants().unwrap();
}

#[test]
fn write_records_for_js_appends_to_what_its_buffer_held() {
    let mut s = store();
    for (key, text) in [
        (k("x"), r#"{"id":"x","name":"A"}"#),
        (Key::num(2.0), r#"{"id":2,"name":"B"}"#),
    ] {
        s.set(key, text.into(), false).unwrap();
    }
    let ids = s.ids_range(0, 2);
    let mut fresh = String::new();
    s.write_records_for_js(&ids, &mut fresh);
    let mut out = String::from("kept:");
    s.write_records_for_js(&ids, &mut out);
    assert_eq!(out, format!("kept:{fresh}"));
    assert_eq!(
        s.records_text(&ids),
        format!(
            r#"[{},"x",{{"id":"x","name":"A"}},{},2,{{"id":2,"name":"B"}}]"#,
            ids[0], ids[1]
        )
    );
}

#[test]
fn merge_and_versions() {
    let mut s = store();
    s.versioning = true;
    s.set(k("x"), r#"{"id":"x","tags":["a"]}"#.into(), false)
        .unwrap();
    let out = s
        .set(k("x"), r#"{"id":"x","tags":["b"]}"#.into(), false)
        .unwrap();
    assert_eq!(
        out.merged.as_deref(),
        Some(r#"{"id":"x","tags":["a","b"]}"#)
    );
    assert_eq!(
        s.versions_text(&k("x")).unwrap(),
        r#"[{"id":"x","tags":["a"]}]"#
    );
    let w = parse(r#"{"tags":"b"}"#).unwrap();
    assert_eq!(keys(&s, &s.find("tags", &["tags".into()], &w)), r#"["x"]"#);
    s.set(k("x"), r#"{"id":"x"}"#.into(), true).unwrap();
    assert!(s.find("tags", &["tags".into()], &w).is_empty());
    s.check_invariants().unwrap();
}

#[test]
fn stats_split_records_indexes_and_versions() {
    let mut s = Store::new();
    s.set_specs(vec![spec("name", &["name"])]);
    s.reindex(None).unwrap();
    let empty = s.stats();
    assert_eq!(
        (
            empty.records,
            empty.record_bytes,
            empty.index_bytes,
            empty.version_bytes
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(empty.indexes.len(), 1);
    s.versioning = true;
    let a = r#"{"id":"a","name":"ann"}"#;
    let b = r#"{"id":"b","name":"bob"}"#;
    s.set(k("a"), a.into(), true).unwrap();
    s.set(k("b"), b.into(), true).unwrap();
    let st = s.stats();
    assert_eq!(st.records, 2);
    // Stored packed: each loses `{`, `}`, `"id":`, `,"name":` and its strings' quotes for a
    // 3-byte mark and a length byte a value, and gains its key ("a", "b"); the key list is
    // counted once.
    let packed = a.len() + b.len() - 2 * 14 + 2;
    let shapes = s.shapes.approx_bytes();
    assert!(shapes > 0);
    assert_eq!(st.record_bytes, packed + 2 * RECORD_OVERHEAD + shapes);
    assert_eq!(st.indexes[0].keys, 2);
    assert_eq!(st.indexes[0].entries, 2);
    assert!(st.index_bytes > 0 && st.index_bytes == st.indexes[0].bytes);
    assert_eq!((st.versioned_keys, st.versions), (2, 0));
    assert_eq!(st.version_bytes, 2 * HISTORY_OVERHEAD);
    assert_eq!(
        s.approx_bytes(),
        st.record_bytes + st.index_bytes + st.version_bytes
    );
    // a replacement keeps the old text as a version
    let a2 = r#"{"id":"a","name":"bob"}"#;
    s.set(k("a"), a2.into(), true).unwrap();
    let st = s.stats();
    assert_eq!(
        (st.versions, st.indexes[0].keys, st.indexes[0].entries),
        (1, 1, 2)
    );
    assert_eq!(
        st.version_bytes,
        2 * HISTORY_OVERHEAD + VERSION_OVERHEAD + a.len()
    );
    s.check_invariants().unwrap();
    // a key deleted while versioning is off keeps its history; set again, it starts over
    s.versioning = false;
    s.delete(&k("a"), false).unwrap();
    s.versioning = true;
    s.set(k("a"), a.into(), true).unwrap();
    assert_eq!(s.stats().versions, 0);
    s.check_invariants().unwrap();
    s.override_records(vec![(k("z"), r#"{"id":"z"}"#.into())])
        .unwrap();
    s.check_invariants().unwrap();
    s.delete(&k("z"), true).unwrap();
    s.check_invariants().unwrap();
    drop(s.clear());
    assert_eq!(s.approx_bytes(), 0);
    s.check_invariants().unwrap();
}

#[test]
fn composite_and_array_indexes() {
    let mut s = store();
    s.set(k("p"), r#"{"id":"p","a":1,"b":["x","y"]}"#.into(), false)
        .unwrap();
    s.set(k("q"), r#"{"id":"q","a":"1","b":"y"}"#.into(), false)
        .unwrap();
    let w = parse(r#"{"a":1,"b":"y"}"#).unwrap();
    let found = s.find("a|b", &["a".into(), "b".into()], &w);
    assert_eq!(keys(&s, &found), r#"["p","q"]"#);
    assert_eq!(s.index_keys_text("a|b").unwrap(), r#"["1|x","1|y"]"#);
    s.delete(&k("p"), true).unwrap();
    assert_eq!(s.index_keys_text("a|b").unwrap(), r#"["1|y"]"#);
    s.check_invariants().unwrap();
}

/// A record whose arrays in a composite multiply past `MAX_RECORD_KEYS` keys is refused before
/// the store changes, a merge that makes one too (two arrays of 5,000 made 25M keys).
#[test]
fn composite_keys_past_the_most_are_refused() {
    let mut s = store();
    s.set(
        k("w"),
        format!(r#"{{"id":"w","a":{},"b":[1]}}"#, span(4096)),
        false,
    )
    .unwrap();
    let before = s.index_keys_text("a|b").unwrap();
    // 4,096 x 4,097: one past 2^24
    let merge = format!(r#"{{"b":{}}}"#, span(4096));
    let err = s.set(k("w"), merge, false).unwrap_err();
    assert!(
        err.to_string().contains("16781312 keys of the index"),
        "{err}"
    );
    let err = s
        .set(
            k("v"),
            format!(r#"{{"id":"v","a":{},"b":{}}}"#, span(4097), span(4097)),
            false,
        )
        .unwrap_err();
    assert!(err.to_string().contains("past the 16777216"), "{err}");
    assert_eq!(s.index_keys_text("a|b").unwrap(), before);
    assert_eq!(s.len(), 1);
    s.check_invariants().unwrap();
}

/// A record an override of records left past the most keys (it indexes nothing): a reindex,
/// of the list or of a composite joining it, and a `setIndex` of such data, are refused
/// with the indexes and the list as they were, and the store says its indexes do not follow
/// its records; its delete walks none of its keys.
#[test]
fn composite_keys_past_the_most_are_refused_by_reindex_and_set_index() {
    let mut s = store();
    s.set(
        k("x"),
        r#"{"id":"x","a":[1,2],"b":["p","q"]}"#.into(),
        false,
    )
    .unwrap();
    let big = format!(r#"{{"id":"w","a":{},"b":{}}}"#, span(4097), span(4097));
    s.override_records(vec![
        (k("x"), r#"{"id":"x","a":[1,2],"b":["p","q"]}"#.into()),
        (k("w"), big.clone()),
    ])
    .unwrap();
    // (an override drops the indexes; a set makes those it writes to again)
    s.set(k("y"), r#"{"id":"y","a":3,"b":"r"}"#.into(), false)
        .unwrap();
    let listed = s.specs.len();
    let before = s.index_keys_text("a|b").unwrap();
    let err = s.reindex(None).unwrap_err();
    assert!(
        err.to_string().contains("16785409 keys of the index"),
        "{err}"
    );
    assert_eq!(s.index_keys_text("a|b").unwrap(), before);
    let err = s.reindex(Some(spec("b|a", &["b", "a"]))).unwrap_err();
    assert!(err.to_string().contains("past the 16777216"), "{err}");
    assert_eq!(
        s.specs.len(),
        listed,
        "a refused composite stays off the list"
    );
    assert!(s.index_keys_text("b|a").is_none());
    let err = s.index_record(&k("x"), &big, None).unwrap_err();
    assert!(err.to_string().contains("past the 16777216"), "{err}");
    assert_eq!(s.index_keys_text("a|b").unwrap(), before);
    assert!(s.extras.is_empty(), "nothing noted of a refused setIndex");
    assert!(!s.indexes_follow_records().unwrap());
    // (its delete walks none of its keys: no index holds it by its values)
    s.delete(&k("w"), true).unwrap();
    s.reindex(None).unwrap();
    assert_eq!(
        s.index_keys_text("a|b").unwrap(),
        r#"["1|p","1|q","2|p","2|q","3|r"]"#
    );
    s.check_invariants().unwrap();
}

/// A composite of single values is one key, each value as JS's `String` writes it: a
/// missing field is "undefined", an object "[object Object]"; an empty array gives none.
#[test]
fn composite_keys_of_single_values() {
    let mut s = store();
    for (key, text) in [
        ("m", r#"{"id":"m","a":1}"#),
        ("n", r#"{"id":"n","a":null,"b":{"c":1}}"#),
        ("e", r#"{"id":"e","a":[],"b":1}"#),
        ("s", r#"{"id":"s","a":"x|y","b":2.5}"#),
    ] {
        s.set(k(key), text.into(), false).unwrap();
    }
    assert_eq!(
        s.index_keys_text("a|b").unwrap(),
        r#"["1|undefined","null|[object Object]","x|y|2.5"]"#
    );
    s.check_invariants().unwrap();
}

#[test]
fn where_and_search() {
    let mut s = store();
    s.set(
        k("p"),
        r#"{"id":"p","name":"A","tags":["x","y"]}"#.into(),
        false,
    )
    .unwrap();
    s.set(
        k("q"),
        r#"{"id":"q","name":"B","tags":["y"]}"#.into(),
        false,
    )
    .unwrap();
    let pred = parse(r#"{"tags":["x","y"]}"#).unwrap();
    let c = s.where_candidates(&["tags".into()], &pred).unwrap();
    assert_eq!(
        keys(
            &s,
            &s.filter_matching(c.iter().copied(), &pred, true).unwrap()
        ),
        r#"["p"]"#
    );
    assert_eq!(
        keys(&s, &s.filter_matching(c.into_iter(), &pred, false).unwrap()),
        r#"["p","q"]"#
    );
    let found = s.search(&["name".into(), "tags".into()], &Val::Str("y".into()));
    assert_eq!(keys(&s, &found), r#"["p","q"]"#);
    assert!(s.where_candidates(&["nope".into()], &pred).is_none());
}

#[test]
fn numeric_sort_is_computed_and_kept() {
    let mut s = Store::new();
    s.set_specs(vec![spec("n", &["n"])]);
    for (key, n) in [("a", 3), ("b", -1), ("c", 3), ("d", 0)] {
        s.set(k(key), format!(r#"{{"id":"{key}","n":{n}}}"#), false)
            .unwrap();
    }
    let ids = s.sorted_ids("n").unwrap();
    assert_eq!(keys(&s, &ids), r#"["b","d","a","c"]"#);
    s.set(k("e"), r#"{"id":"e","n":"x"}"#.into(), false)
        .unwrap();
    assert!(s.sorted_ids("n").is_none());
}

#[test]
fn a_bulk_delete_keeps_the_sort_answer_only_while_every_key_stays() {
    // haro sorts the keys left again; with a `sortKeys` that orders nothing (mixed types, NaN)
    // a key leaving can move the others, so the kept answer goes with it. Deletes of most of
    // the store go by one sweep of each index (`Index::retain`).
    let mut s = Store::new();
    s.set_specs(vec![spec("n", &["n"])]);
    for (key, n) in [("a", 3), ("b", -1), ("c", 3), ("d", 0), ("e", 5), ("f", 5)] {
        s.set(k(key), format!(r#"{{"id":"{key}","n":{n}}}"#), false)
            .unwrap();
    }
    let kept = |s: &mut Store| s.indexes.get_mut("n").unwrap().sorted.clone();
    let ids = s.sorted_ids("n").unwrap();
    assert_eq!(keys(&s, &ids), r#"["b","d","a","c","e","f"]"#);
    // Every key stays (3 and 5 keep c and f): the answer, less the deleted records.
    s.delete_many(&[k("a"), k("e")], false).unwrap();
    s.check_invariants().unwrap();
    let ids = kept(&mut s).expect("kept while every key stays");
    assert_eq!(keys(&s, &ids), r#"["b","d","c","f"]"#);
    // `b` takes key -1 with it: nothing kept, sorted again when asked.
    s.delete_many(&[k("b")], false).unwrap();
    s.check_invariants().unwrap();
    assert!(kept(&mut s).is_none());
    let ids = s.sorted_ids("n").unwrap();
    assert_eq!(keys(&s, &ids), r#"["d","c","f"]"#);
}

#[test]
fn override_records_then_reindex() {
    let mut s = store();
    s.set(k("a"), r#"{"id":"a","name":"A"}"#.into(), false)
        .unwrap();
    s.override_records(vec![(k("b"), r#"{"id":"b","name":"B"}"#.into())])
        .unwrap();
    assert_eq!(s.keys_text(None), r#"["b"]"#);
    let w = parse(r#"{"name":"B"}"#).unwrap();
    assert!(s.find("name", &["name".into()], &w).is_empty());
    s.reindex(None).unwrap();
    assert_eq!(s.find("name", &["name".into()], &w).len(), 1);
    assert!(s.override_records(vec![(k("c"), "{".into())]).is_err());
    assert_eq!(s.keys_text(None), r#"["b"]"#);
}

#[test]
fn override_indexes_drops_unknown_keys() {
    let mut s = store();
    s.set(k("a"), r#"{"id":"a","name":"A"}"#.into(), false)
        .unwrap();
    let data = parse(r#"[["name",[["Z",["a","ghost"]]]]]"#).unwrap();
    s.override_indexes(&data).unwrap();
    assert_eq!(s.indexes_text(None), r#"[["name",[["Z",["a"]]]]]"#);
    s.delete(&k("a"), true).unwrap();
    assert_eq!(s.indexes_text(None), r#"[["name",[]]]"#);
    assert!(s.override_indexes(&parse("[1]").unwrap()).is_err());
}

#[test]
fn override_indexes_by_ids_is_override_indexes_by_keys() {
    // Records with a Date under an index of the list (`own_key`), a number key, and a key
    // the store does not hold in the data.
    let fill = |s: &mut Store| {
        for (key, text) in [
            (k("a"), r#"{"id":"a","name":"A","tags":["x","y"]}"#),
            (k("b"), r#"{"id":"b","name":"\u0000d5","tags":["x"]}"#),
            (Key::num(7.0), r#"{"id":7,"name":"A","a":1,"b":2}"#),
        ] {
            s.set(key, text.into(), false).unwrap();
        }
    };
    let by_key = r#"[["name",[["A",["a",7,"ghost"]],["\u0000d5",["b"]],["A",["a"]]]],["n2",[[null,[7,"b"]],[[1,2],["a"]]]],["n2",[["Z",["a","a"]]]],[true,[]]]"#;
    let values = r#"[["name",["A","\u0000d5","A"]],["n2",[null,[1,2]]],["n2",["Z"]],[true,[]]]"#;
    let mut want = store();
    fill(&mut want);
    want.override_indexes(&parse(by_key).unwrap()).unwrap();
    let mut s = store();
    fill(&mut s);
    let id = |key: &Key| s.id_of(key).unwrap();
    let (a, b, seven) = (id(&k("a")), id(&k("b")), id(&Key::num(7.0)));
    let ids = [2, a, seven, 1, b, 1, a, 2, seven, b, 1, a, 2, a, a];
    s.override_indexes_ids(&parse(values).unwrap(), &ids)
        .unwrap();
    assert_eq!(s.indexes_text(None), want.indexes_text(None));
    // the Date given back took record b's own key: its update leaves nothing behind
    s.set(k("b"), r#"{"id":"b","name":"B"}"#.into(), true)
        .unwrap();
    want.set(k("b"), r#"{"id":"b","name":"B"}"#.into(), true)
        .unwrap();
    assert_eq!(s.indexes_text(None), want.indexes_text(None));
    s.check_invariants().unwrap();
    // counts that do not match, or an id that is no record: refused, nothing changed
    let before = s.indexes_text(None);
    let v = parse(r#"[["name",["A","B"]]]"#).unwrap();
    for bad in [
        &[1, a][..],
        &[1, a, 1][..],
        &[1, a, 1, b, 9][..],
        &[1, 999, 0][..],
    ] {
        assert!(s.override_indexes_ids(&v, bad).is_err(), "{bad:?}");
        assert_eq!(s.indexes_text(None), before);
    }
    assert!(s.override_indexes_ids(&parse("[1]").unwrap(), &[]).is_err());
}

#[test]
fn override_indexes_in_parts_is_the_whole() {
    use crate::Continues::{Entry, Key, No};
    let mut s = store();
    for id in ["a", "b", "c"] {
        s.set(k(id), format!(r#"{{"id":"{id}","name":"{id}"}}"#), false)
            .unwrap();
    }
    let whole =
        r#"[["name",[["X",["a"]],["Y",["b","c"]]]],["n2",[["Z",["a"]]]],["name",[["W",["c"]]]]]"#;
    s.override_indexes(&parse(whole).unwrap()).unwrap();
    let want = s.indexes_text(None);
    assert_eq!(want, r#"[["name",[["W",["c"]]]],["n2",[["Z",["a"]]]]]"#);
    // the first index split across two parts; the last entry starts afresh (no continuation)
    let texts = [
        r#"[["name",[["X",["a"]]]]]"#,
        r#"[["name",[["Y",["b","c"]]]],["n2",[["Z",["a"]]]]]"#,
        r#"[["name",[["W",["c"]]]]]"#,
    ];
    let parts: Vec<_> = texts.iter().map(|t| parse(t).unwrap()).collect();
    s.override_indexes(&parse("[]").unwrap()).unwrap();
    s.override_indexes_parts(&parts, &[No, Entry, No]).unwrap();
    assert_eq!(s.indexes_text(None), want);
    // continued, the third part adds to the entry the second began
    s.override_indexes_parts(&parts, &[No, Entry, Entry])
        .unwrap();
    assert_eq!(
        s.indexes_text(None),
        r#"[["name",[["X",["a"]],["Y",["b","c"]]]],["n2",[["Z",["a"]],["W",["c"]]]]]"#
    );
    // a key given again takes the later record keys, in its first place; cut across parts
    // (`Key`), its record keys go on
    let again = [
        parse(r#"[["name",[["X",["a"]],["Y",["b"]]]]]"#).unwrap(),
        parse(r#"[["name",[["X",["c"]]]]]"#).unwrap(),
    ];
    s.override_indexes_parts(&again, &[No, Entry]).unwrap();
    assert_eq!(
        s.indexes_text(None),
        r#"[["name",[["X",["c"]],["Y",["b"]]]]]"#
    );
    s.override_indexes_parts(&again, &[No, Key]).unwrap();
    assert_eq!(
        s.indexes_text(None),
        r#"[["name",[["X",["a","c"]],["Y",["b"]]]]]"#
    );
    // given again with no record the store holds, the key goes
    s.override_indexes(&parse(r#"[["name",[["X",["a"]],["Y",["b"]],["X",["ghost"]]]]]"#).unwrap())
        .unwrap();
    assert_eq!(s.indexes_text(None), r#"[["name",[["Y",["b"]]]]]"#);
    // a key first given with no record the store holds keeps that first place when given again
    for first in ["[]", r#"["ghost"]"#] {
        let data = format!(r#"[["name",[["X",{first}],["Y",["b"]],["X",["a"]]]]]"#);
        s.override_indexes(&parse(&data).unwrap()).unwrap();
        assert_eq!(
            s.indexes_text(None),
            r#"[["name",[["X",["a"]],["Y",["b"]]]]]"#
        );
    }
    // a malformed part, even the last, changes nothing
    let bad = [parts[0].clone(), parse(r#"[["name",[1]]]"#).unwrap()];
    let before = s.indexes_text(None);
    assert!(s.override_indexes_parts(&bad, &[No, Entry]).is_err());
    assert_eq!(s.indexes_text(None), before);
}

#[test]
fn key_lists_read_in_slices_are_the_whole() {
    let mut s = store();
    s.versioning = true;
    for i in 0..200 {
        let id = format!("r{i}");
        s.set(k(&id), format!(r#"{{"name":"n{i}"}}"#), false)
            .unwrap();
        s.set(k(&id), format!(r#"{{"name":"m{i}"}}"#), false)
            .unwrap();
    }
    // removals leave places empty in both lists (compacted only past 16 dead)
    for i in (0..200).step_by(7) {
        s.delete(&k(&format!("r{i}")), true).unwrap();
    }
    let read_all = |read: &dyn Fn(usize) -> String| {
        let mut from = 0;
        let mut keys = Vec::new();
        loop {
            let part: serde_json::Value = serde_json::from_str(&read(from)).unwrap();
            let part = part.as_array().unwrap().clone();
            if part.len() == 1 {
                return serde_json::Value::Array(keys);
            }
            from = part[0].as_u64().unwrap() as usize;
            keys.extend(part[1..].iter().cloned());
        }
    };
    for max in [1, 9, 40, 1 << 20] {
        let want: serde_json::Value =
            serde_json::from_str(&s.index_keys_text("name").unwrap()).unwrap();
        let got = read_all(&|from| s.index_keys_text_from("name", from, max).unwrap());
        assert_eq!(got, want, "index keys, {max} bytes a slice");
        let want: serde_json::Value = serde_json::from_str(&s.versioned_keys_text()).unwrap();
        let got = read_all(&|from| s.versioned_keys_text_from(from, max));
        assert_eq!(got, want, "versioned keys, {max} bytes a slice");
    }
    assert!(s.index_keys_text_from("nope", 0, 9).is_none());
    assert_eq!(
        s.index_keys_text_from("name", 1 << 30, 9).unwrap(),
        format!("[{}]", 1 << 30)
    );
}

#[test]
fn mass_delete_stays_consistent() {
    let mut s = store();
    for i in 0..2000 {
        s.set(
            Key::num(f64::from(i)),
            format!(r#"{{"id":{i},"name":"n{}","tags":["t{}"]}}"#, i % 7, i % 3),
            false,
        )
        .unwrap();
    }
    for i in (0..2000).step_by(2) {
        s.delete(&Key::num(f64::from(i)), true).unwrap();
    }
    s.check_invariants().unwrap();
    assert_eq!(s.len(), 1000);
    assert_eq!(s.ids_range(0, 2).len(), 2);
    assert_eq!(s.keys_text(Some(&s.ids_range(0, 2))), "[1,3]");
}

#[test]
fn staged_writes_are_all_or_nothing() {
    let mut s = store();
    s.set(k("a"), r#"{"id":"a","name":"x"}"#.into(), false)
        .unwrap();
    let before = s.records_text(&s.ids_range(0, 10));
    s.stage(vec![(k("b"), r#"{"id":"b","name":"y"}"#.into())])
        .unwrap();
    assert_eq!(
        s.records_text(&s.ids_range(0, 10)),
        before,
        "staging writes nothing"
    );
    assert!(s
        .find("name", &["name".into()], &parse(r#"{"name":"y"}"#).unwrap())
        .is_empty());
    s.unstage();
    // a refused batch leaves nothing staged behind
    s.stage(vec![(k("d"), r#"{"id":"d"}"#.into())]).unwrap();
    s.unstage();
    s.stage(vec![(k("e"), r#"{"id":"e","name":"z"}"#.into())])
        .unwrap();
    assert_eq!(s.commit_staged(false).unwrap().len(), 1);
    assert_eq!(s.len(), 2);
    assert!(!s.has(&k("d")));
    s.check_invariants().unwrap();
}

#[test]
fn staging_refuses_what_does_not_read_and_keeps_nothing_of_it() {
    let mut s = store();
    s.set(k("a"), r#"{"id":"a","name":"x"}"#.into(), false)
        .unwrap();
    let deep = format!("{{\"v\":{}1{}}}", "[".repeat(600), "]".repeat(600));
    for bad in [
        "",
        "{",
        "[1,",
        r#"{"a":}"#,
        r#"{"a":tru}"#,
        r#"{"a":1x}"#,
        "{} 1",
        &deep,
    ] {
        let chunk = vec![(k("b"), r#"{"id":"b"}"#.into()), (k("c"), bad.to_string())];
        assert!(s.stage(chunk).is_err(), "{bad} staged");
        assert!(
            s.override_records(vec![(k("c"), bad.to_string())]).is_err(),
            "{bad} overridden"
        );
    }
    // nothing of a refused chunk stays staged: the override is what was staged since (a
    // record that is not an object too, as haro's override takes one)
    s.stage(vec![
        (k("e"), r#"{"id":"e","name":"z"}"#.into()),
        (k("f"), r#""\u0000d0""#.into()),
    ])
    .unwrap();
    assert_eq!(s.commit_staged(true).unwrap().len(), 2);
    assert_eq!(s.keys_text(None), r#"["e","f"]"#);
    s.check_invariants().unwrap();
}

#[test]
fn a_string_key_is_found_by_its_text_as_by_its_key() {
    let mut s = Store::new();
    let texts = ["a", "", "1", "q\\\"uote", "back\\\\slash", "nl\\n", "é€😀"];
    for (i, t) in texts.iter().enumerate() {
        s.set(k(t), format!("{{\"i\":{i}}}"), true).unwrap();
    }
    s.set(Key::num(2.0), "{}".into(), true).unwrap();
    for t in texts {
        assert_eq!(s.id_of_str(t), s.id_of(&k(t)), "{t}");
        assert!(s.id_of_str(t).is_some(), "{t}");
    }
    // a number key is not a string key of the same digits, and a missing key is missing
    assert!(s.id_of(&Key::num(2.0)).is_some());
    assert_eq!(s.id_of_str("2"), None);
    assert_eq!(s.id_of_str("b"), None);
    s.delete(&k("a"), false).unwrap();
    assert_eq!(s.id_of_str("a"), None);
}

#[test]
fn key_lists_live_as_long_as_a_record_uses_them() {
    let mut s = Store::new();
    s.versioning = true;
    let a = r#"{"id":"a","only":{"here":1}}"#;
    s.set(k("a"), a.into(), true).unwrap();
    assert_eq!(s.shapes.len(), 2);
    // The replacement drops both lists; the version still reads as the text it was.
    s.set(k("a"), r#"{"id":"a","n":2}"#.into(), true).unwrap();
    assert_eq!(s.shapes.len(), 1);
    assert_eq!(s.versions_text(&k("a")).unwrap(), format!("[{a}]"));
    // A list freed is reused; a merge reads the stored record back whole.
    s.set(k("b"), r#"{"id":"b","x":{"y":[{"z":1}]}}"#.into(), true)
        .unwrap();
    let out = s.set(k("b"), r#"{"x":{"w":2}}"#.into(), false).unwrap();
    assert_eq!(
        out.merged.as_deref(),
        Some(r#"{"id":"b","x":{"y":[{"z":1}],"w":2}}"#)
    );
    assert_eq!(
        s.records_text(&[0, out.id]),
        format!(
            r#"[0,"a",{{"id":"a","n":2}},{},"b",{}]"#,
            out.id,
            out.merged.unwrap()
        )
    );
    s.check_invariants().unwrap();
    // Deletes and an override give every list back.
    s.delete(&k("a"), false).unwrap();
    s.delete(&k("b"), false).unwrap();
    assert_eq!(s.shapes.len(), 0);
    assert_eq!(s.stats().record_bytes, 0);
    s.override_records(vec![(k("c"), r#"{"id":"c","v":{"w":1}}"#.into())])
        .unwrap();
    s.override_records(vec![(k("c"), r#"{"id":"c"}"#.into())])
        .unwrap();
    assert_eq!(s.shapes.len(), 1);
    s.check_invariants().unwrap();
}

#[test]
fn a_text_that_is_not_an_object_is_refused() {
    // Found by fuzz/fuzz_targets/records.rs: a text starting with the packing mark would
    // read as packed. The facade only sends objects.
    let mut s = Store::new();
    for text in ["\u{1}\u{0}", "", "[1]", "\"s\"", " {}"] {
        assert!(s.set(k("a"), text.into(), true).is_err(), "{text:?}");
    }
    assert_eq!(s.len(), 0);
    s.check_invariants().unwrap();
}

#[test]
fn number_keys_come_back_from_their_digits() {
    let mut s = Store::new();
    let keys = [
        -1.5,
        1e300,
        -0.0,
        f64::NAN,
        9007199254740993.0,
        f64::MIN_POSITIVE,
        -1e-310,
    ];
    for (i, &n) in keys.iter().enumerate() {
        let id = s
            .set(Key::num(n), format!(r#"{{"i":{i}}}"#), true)
            .unwrap()
            .id;
        assert!(s.key_of(id).unwrap() == Key::num(n), "{n}");
        assert_eq!(s.id_of(&Key::num(n)), Some(id), "{n}");
    }
    s.check_invariants().unwrap();
}

/// What may change between a loaded store's indexes and their rebuilding: nothing, an index
/// outside the list, the list's order.
fn list_changes() -> [fn(&mut Store); 3] {
    [
        |_| {},
        |s| s.reindex(Some(spec("extra", &["name"]))).unwrap(),
        |s| {
            s.set_specs(vec![
                spec("a|b", &["a", "b"]),
                spec("name", &["name"]),
                spec("tags", &["tags"]),
            ])
        },
    ]
}

/// A full reindex of a store without records (which only lists each index, empty) leaves
/// the indexes the long way leaves once its records are gone: the same names, in the same
/// order, each empty; an index outside the list stays; one the list gained is there.
#[test]
fn reindex_of_an_empty_store_is_the_long_way_emptied() {
    let grown: fn(&mut Store) = |s| {
        s.set_specs(vec![spec("name", &["name"]), spec("new", &["a"])]);
    };
    for change in list_changes().into_iter().chain([grown]) {
        let (mut empty, mut long) = (store(), store());
        long.set(
            k("a"),
            r#"{"name":"x","tags":["t","u"],"a":1,"b":2}"#.into(),
            true,
        )
        .unwrap();
        change(&mut long);
        long.reindex(None).unwrap();
        long.delete(&k("a"), true).unwrap();
        change(&mut empty);
        let before = empty.generation();
        empty.reindex(None).unwrap();
        assert!(empty.generation() > before);
        assert_eq!(empty.index_names_text(), long.index_names_text());
        assert_eq!(empty.indexes_text(None), long.indexes_text(None));
        empty.check_invariants().unwrap();
        // the indexes take records again
        for s in [&mut empty, &mut long] {
            s.set(
                k("b"),
                r#"{"name":"y","tags":["t"],"a":1,"b":3}"#.into(),
                true,
            )
            .unwrap();
        }
        assert_eq!(empty.indexes_text(None), long.indexes_text(None));
    }
}

/// `clear_reindexed` leaves what `clear` then `reindex()` leaves: the listed indexes, empty,
/// in list order, whether it empties them in place or (an index not listed, or the list's
/// order changed) builds them anew.
#[test]
fn clear_reindexed_is_clear_then_reindex() {
    let load = |s: &mut Store| {
        for (key, text) in [
            ("a", r#"{"name":"x","tags":["t","u"],"a":1,"b":2}"#),
            ("b", r#"{"name":"y","tags":["t"],"a":1,"b":3}"#),
        ] {
            s.set(k(key), text.into(), true).unwrap();
        }
    };
    for change in list_changes() {
        let (mut fast, mut slow) = (store(), store());
        for s in [&mut fast, &mut slow] {
            load(s);
            change(s);
        }
        let before = fast.generation();
        drop(fast.clear_reindexed().unwrap());
        drop(slow.clear());
        slow.reindex(None).unwrap();
        assert!(fast.generation() > before);
        assert_eq!(fast.len(), 0);
        assert_eq!(fast.index_names_text(), slow.index_names_text());
        assert_eq!(fast.indexes_text(None), slow.indexes_text(None));
        assert_eq!(fast.approx_bytes(), slow.approx_bytes());
        fast.check_invariants().unwrap();
        // the emptied indexes take records again
        load(&mut fast);
        load(&mut slow);
        assert_eq!(fast.indexes_text(None), slow.indexes_text(None));
        fast.check_invariants().unwrap();
    }
}

#[test]
fn a_load_big_enough_to_pack_is_packed_whole() {
    let rec = |i: usize| {
        (
            k(&format!("u{i}")),
            format!(
                r#"{{"id":"u{i}","name":"N {i}","age":{i},"tags":["a","b"],"meta":{{"v":true}}}}"#
            ),
        )
    };
    let batch = |n: usize| (0..n).map(rec).collect::<Vec<_>>();
    let packed = Store::packed_count;
    let fresh = || {
        let mut s = Store::new();
        s.pack_from(100);
        s
    };
    let loaded = |s: &mut Store, n: usize| {
        let ids = s.set_many(batch(n)).unwrap();
        s.check_invariants().unwrap();
        for (i, (id, (_, text))) in ids.iter().zip(batch(n)).enumerate() {
            assert_eq!(s.records_text(&[*id]), format!(r#"[{id},"u{i}",{text}]"#));
        }
        packed(s)
    };

    // One by one, the records past the threshold are packed.
    let mut s = fresh();
    for (key, text) in batch(150) {
        s.set(key, text, true).unwrap();
    }
    assert_eq!(packed(&s), (50, 100));

    // A load into an empty store: all packed when one by one some would be, else none.
    assert_eq!(loaded(&mut fresh(), 150), (150, 0));
    assert_eq!(loaded(&mut fresh(), 101), (101, 0));
    assert_eq!(loaded(&mut fresh(), 100), (0, 100));

    // Once the load is in, the store packs by its size: 150 writes of 10 keys leave 10.
    let mut s = fresh();
    s.set_many((0..150).map(|i| rec(i % 10)).collect()).unwrap();
    let (key, text) = rec(500);
    s.set(key, text, true).unwrap();
    assert_eq!(s.packed_count(), (10, 1));
    // And emptied by deletes, too.
    let mut s = fresh();
    loaded(&mut s, 150);
    let keys: Vec<Key> = batch(150).into_iter().map(|(k, _)| k).collect();
    s.delete_many(&keys, false).unwrap();
    for (key, text) in batch(10) {
        s.set(key, text, true).unwrap();
    }
    assert_eq!(s.packed_count(), (0, 10));

    // Emptied, the store packs by its size again.
    let mut s = fresh();
    loaded(&mut s, 150);
    drop(s.clear());
    for (key, text) in batch(10) {
        s.set(key, text, true).unwrap();
    }
    assert_eq!(packed(&s), (0, 10));

    // Into a store that holds records, the count decides nothing (they may replace as many).
    let mut s = fresh();
    let (key, text) = rec(1000);
    s.set(key, text, true).unwrap();
    assert_eq!(loaded(&mut s, 150), (51, 100));

    // An override replaces everything: the store is empty when its records go in.
    let mut s = fresh();
    let (key, text) = rec(5000);
    s.set(key, text, true).unwrap();
    s.stage(batch(150)).unwrap();
    s.commit_staged(true).unwrap();
    s.check_invariants().unwrap();
    assert_eq!(packed(&s), (150, 0));
}

#[test]
fn override_copied_is_override_records_of_the_same_records() {
    // Every pairing of a packed and an unpacked source and target: the copy rests as the
    // target would store those texts itself, and reads back as the source's records.
    for (src_packs, dst_packs) in [(true, true), (true, false), (false, true), (false, false)] {
        let mut src = store();
        src.pack_from(if src_packs { 0 } else { usize::MAX });
        for i in 0..40 {
            let key = if i % 3 == 0 {
                Key::num(i as f64)
            } else {
                k(&format!("k{i}"))
            };
            let text = format!(
                r#"{{"id":{i},"name":"n{}","tags":["t{}"],"a":{i},"b":"x"}}"#,
                i % 7,
                i % 4
            );
            src.set(key, text, false).unwrap();
        }
        src.delete(&k("k4"), true).unwrap();
        src.set(k("k5"), r#"{"name":"moved"}"#.into(), true)
            .unwrap();
        let mut dst = store();
        dst.pack_from(if dst_packs { 0 } else { usize::MAX });
        dst.versioning = true;
        dst.set(k("old"), r#"{"v":1}"#.into(), false).unwrap();
        dst.set(k("old"), r#"{"v":2}"#.into(), false).unwrap();
        let ids: Vec<u32> = src.ids().collect();
        let copied = src.copied();
        assert_eq!(copied.len(), src.len());
        let (got, _replaced) = dst.override_copied(copied);
        assert_eq!(dst.len(), src.len());
        assert_eq!(dst.keys_text(None), src.keys_text(None));
        let without_id =
            |s: &Store, id: u32| s.records_text(&[id])[format!("[{id},").len()..].to_string();
        for (&a, &b) in got.iter().zip(&ids) {
            assert_eq!(without_id(&dst, a), without_id(&src, b));
        }
        // as override_records leaves it: no index (haro's `indexes.clear()`), histories kept
        assert_eq!(dst.indexes_text(None), "[]");
        assert_eq!(
            dst.versions_text(&k("old")).as_deref(),
            Some(r#"[{"v":1}]"#)
        );
        dst.check_invariants().unwrap();
        // built again from the copies, the indexes are the source's built again
        dst.reindex(None).unwrap();
        src.reindex(None).unwrap();
        assert_eq!(dst.indexes_text(None), src.indexes_text(None));
        dst.check_invariants().unwrap();
        src.check_invariants().unwrap();
    }
}

/// 300 records `r0…r299` of every listed index's fields (`store`'s list).
fn fill(s: &mut Store) {
    for i in 0..300 {
        let text = format!(
            r#"{{"id":"r{i}","name":"n{}","tags":["t{}","u"],"a":{},"b":"x"}}"#,
            i % 5,
            i % 3,
            i % 2
        );
        s.set(k(&format!("r{i}")), text, false).unwrap();
    }
}

/// After an index override, deletes take their record out of every key (ids are reused)
/// until a check finds the listed indexes as their records build them: an override of the
/// store's own dump passes it (and the indexes stop keeping each record's keys), one that
/// puts a record where its values do not (or adds any entry) does not.
#[test]
fn deletes_after_an_index_override_search_every_key_until_the_indexes_check_out() {
    let deletes = |s: &mut Store, from: usize, n: usize| {
        for i in from..from + n {
            s.delete(&k(&format!("r{i}")), true).unwrap();
        }
    };
    // Its own dump: stale until the check, then removal by the values alone.
    let mut s = store();
    fill(&mut s);
    let own = parse(&s.indexes_text(None)).unwrap().into_owned();
    s.override_indexes(&own).unwrap();
    assert!(s.stale);
    deletes(&mut s, 0, STALE_CHECK as usize - 1);
    assert!(s.stale);
    deletes(&mut s, 200, 1);
    assert!(
        !s.stale,
        "the check found the indexes as the records build them"
    );
    assert!(s.indexes.iter().all(|(_, ix)| !ix.keeps_owners()));
    deletes(&mut s, 210, 5);
    s.check_invariants().unwrap();
    // A record under a key its values do not give (and a stray entry): stale for good, and
    // every delete still takes the record out of every key.
    for extra in [
        r#"["name",[["zz",["r30"]]]]"#,
        r#"["tags",[["t0",["r31"]]]]"#,
    ] {
        let mut s = store();
        fill(&mut s);
        let text = s.indexes_text(None);
        let odd = format!("{},{extra}]", &text[..text.len() - 1]);
        s.override_indexes(&parse(&odd).unwrap()).unwrap();
        deletes(&mut s, 0, STALE_CHECK as usize + 2);
        assert!(s.stale, "{extra}");
        s.delete(&k("r290"), true).unwrap();
        s.delete(&k("r291"), true).unwrap();
        assert!(!s.indexes_text(None).contains("r290") && !s.indexes_text(None).contains("r291"));
    }
    // A record whose array repeats a value is in that key's set once: counted once, so a
    // stray entry of another record's is not hidden by it (found by a review).
    let mut s = store();
    fill(&mut s);
    s.set(k("r0"), r#"{"id":"r0","tags":["u","u"]}"#.into(), true)
        .unwrap();
    s.set(k("r1"), r#"{"id":"r1","tags":[]}"#.into(), true)
        .unwrap();
    let text = s.indexes_text(None);
    let tags = text.find(r#"["tags",[["#).unwrap() + r#"["tags",["#.len();
    let odd = format!(r#"{}["zz",["r1"]],{}"#, &text[..tags], &text[tags..]);
    s.override_indexes(&parse(&odd).unwrap()).unwrap();
    assert!(s.indexes_text(None).contains(r#"["zz",["r1"]]"#));
    deletes(&mut s, 2, STALE_CHECK as usize + 2);
    assert!(s.stale, "a repeated value hid the stray entry");
    s.delete(&k("r1"), true).unwrap();
    assert!(!s.indexes_text(None).contains(r#""r1""#));
}

/// Every `index key record` entry of an `indexes_text`.
fn entries(text: &str) -> Vec<String> {
    let Val::Arr(indexes) = parse(text).unwrap() else {
        panic!("an array")
    };
    let mut out = Vec::new();
    for index in indexes {
        let Val::Arr(pair) = index else { panic!() };
        let (Val::Str(name), Val::Arr(keys)) = (&pair[0], &pair[1]) else {
            panic!()
        };
        for key in keys {
            let Val::Arr(kv) = key else { panic!() };
            let (Val::Str(k), Val::Arr(recs)) = (&kv[0], &kv[1]) else {
                continue; // (the composite's keys are strings too; no other kind here)
            };
            for r in recs {
                let Val::Str(r) = r else { panic!() };
                out.push(format!(r#"{name} {k} "{r}""#));
            }
        }
    }
    out
}

/// After an index override, a delete takes its record out of every key that holds it (ids
/// are reused), by the keys each index noted for its records at the first such delete and
/// kept through the sets and deletes after: an override of the store's own dump, one that
/// puts a record where its values do not, and one beside a record whose array repeats a
/// value (in that key's set once).
#[test]
fn deletes_after_an_index_override_take_the_record_out_of_every_key() {
    let odd = |s: &Store, extra: &str| {
        let text = s.indexes_text(None);
        let tags = text.find(r#"["tags",[["#).unwrap() + r#"["tags",["#.len();
        format!("{}{extra},{}", &text[..tags], &text[tags..])
    };
    for extra in [
        None,
        Some(r#"["zz",["r1"]]"#),
        Some(r#"["t9",["r1","r2"]]"#),
    ] {
        let mut s = store();
        fill(&mut s);
        s.set(k("r0"), r#"{"id":"r0","tags":["u","u"]}"#.into(), true)
            .unwrap();
        let text = extra.map_or_else(|| s.indexes_text(None), |e| odd(&s, e));
        s.override_indexes(&parse(&text).unwrap()).unwrap();
        assert!(s.stale);
        for i in (1..300).step_by(3) {
            s.delete(&k(&format!("r{i}")), true).unwrap();
            // a new record on the freed id, under its own keys alone
            s.set(
                k(&format!("new{i}")),
                format!(r#"{{"name":"m{i}","tags":["w"]}}"#),
                false,
            )
            .unwrap();
        }
        // What the indexes hold, against what a reindex builds from the records: the
        // same, but for the odd entries the override gave to records still held.
        let held = entries(&s.indexes_text(None));
        assert!(s.stale);
        s.reindex(None).unwrap();
        assert!(!s.stale);
        let built = entries(&s.indexes_text(None));
        let strays: Vec<&String> = held.iter().filter(|e| !built.contains(*e)).collect();
        let want: Vec<String> = match extra {
            Some(e) if e.contains("r2") => vec![r#"tags t9 "r2""#.into()],
            _ => Vec::new(),
        };
        assert_eq!(strays, want.iter().collect::<Vec<_>>(), "{extra:?}");
        assert!(built.iter().all(|e| held.contains(e)), "{extra:?}");
        s.check_invariants().unwrap();
    }
}

#[test]
fn override_indexes_from_is_override_of_the_dump() {
    // A source whose ids are not its places (deletes, ids reused, an update moved last), with
    // or without object keys (`o`), and an index an override gave (`extra`, stale); a target
    // that took its keys alone or its records whole, with or without an index list of its
    // own, takes the indexes as the dump's override gives them.
    for objects in [true, false] {
        let mut src = store();
        let mut specs = vec![spec("name", &["name"]), spec("tags", &["tags"])];
        if objects {
            specs.push(spec("o", &["o"]));
        }
        src.set_specs(specs);
        fill(&mut src);
        for i in (0..300).step_by(7) {
            src.delete(&k(&format!("r{i}")), false).unwrap();
        }
        src.set(k("r1"), r#"{"name":"moved","o":{"x":1}}"#.into(), true)
            .unwrap();
        let late = r#"{"name":"n1","tags":["t9"],"o":[1]}"#;
        src.set(k("late"), late.into(), false).unwrap();
        let o = if objects {
            r#",["o",[[{"x":1},["r1"]]]]"#
        } else {
            ""
        };
        let extra = format!(
            r#"[["name",[["n2",["r2","r5"]],["gone",[]]]],["extra",[[7,["late","r1"]]]],["tags",[["t0",["r3"]]]]{o}]"#
        );
        for (label, data) in [("own", None), ("overridden", Some(&extra))] {
            if let Some(text) = data {
                src.override_indexes(&parse(text).unwrap()).unwrap();
            }
            let dump = src.indexes_text(None);
            for keys_only in [true, false] {
                for listed in [false, true] {
                    let case =
                        format!("{label} objects={objects} keys_only={keys_only} listed={listed}");
                    // (two alike: one takes the indexes by the copy, one from the dump's text)
                    let target = || {
                        let mut t = Store::new();
                        if listed {
                            t.set_specs(vec![spec("name", &["name"])]);
                        }
                        t.override_copied(if keys_only {
                            src.copied_keys()
                        } else {
                            src.copied()
                        });
                        t
                    };
                    let mut dst = target();
                    let mut want = target();
                    want.override_indexes(&parse(&dump).unwrap()).unwrap();
                    let took = dst.override_indexes_from(&src);
                    // (a store with an index list takes object keys the long way: `own_key`)
                    assert_eq!(took, !(listed && objects), "{case}");
                    if !took {
                        continue;
                    }
                    assert_eq!(dst.indexes_text(None), want.indexes_text(None), "{case}");
                    assert_eq!(dst.indexes_text(None), dump, "{case}");
                    dst.check_invariants().unwrap();
                    // Deletes after it take each record out of every key (ids reused next).
                    for key in ["r1", "r3", "late"] {
                        dst.delete(&k(key), false).unwrap();
                        want.delete(&k(key), false).unwrap();
                    }
                    dst.set(k("new"), r#"{"name":"n2"}"#.into(), false).unwrap();
                    want.set(k("new"), r#"{"name":"n2"}"#.into(), false)
                        .unwrap();
                    assert_eq!(dst.indexes_text(None), want.indexes_text(None), "{case}");
                    dst.check_invariants().unwrap();
                }
            }
        }
    }
}

#[test]
fn override_indexes_from_refuses_records_that_are_not_the_sources() {
    let mut src = store();
    fill(&mut src);
    let fresh = |src: &Store| {
        let mut dst = Store::new();
        dst.override_copied(src.copied_keys());
        dst
    };
    // the source written since the copy
    let mut dst = fresh(&src);
    src.set(k("r0"), r#"{"name":"x"}"#.into(), false).unwrap();
    assert!(!dst.override_indexes_from(&src));
    // its indexes alone changed since (reindex moves the generation too)
    let mut dst = fresh(&src);
    src.reindex(None).unwrap();
    assert!(!dst.override_indexes_from(&src));
    // the target written since
    let mut dst = fresh(&src);
    dst.set(k("r0"), r#"{"name":"y"}"#.into(), true).unwrap();
    assert!(!dst.override_indexes_from(&src));
    // another store of the same records, at the same generation
    let mut other = store();
    fill(&mut other);
    while src.generation() != other.generation() {
        let behind = if src.generation() < other.generation() {
            &mut src
        } else {
            &mut other
        };
        behind.reindex(None).unwrap();
    }
    let mut dst = fresh(&other);
    assert!(!dst.override_indexes_from(&src));
    assert!(dst.override_indexes_from(&other));
    // records never copied
    let mut dst = Store::new();
    assert!(!dst.override_indexes_from(&src));
    // what was refused left the target as it was
    let mut dst = fresh(&src);
    dst.set(k("r9"), r#"{"name":"z"}"#.into(), true).unwrap();
    let (gen, text) = (dst.generation(), dst.indexes_text(None));
    assert!(!dst.override_indexes_from(&src));
    assert_eq!((dst.generation(), dst.indexes_text(None)), (gen, text));
    // and the copy goes once the target takes the source's records again
    dst.override_copied(src.copied_keys());
    assert!(dst.override_indexes_from(&src));
    assert_eq!(dst.indexes_text(None), src.indexes_text(None));
}

#[test]
fn a_record_text_longer_than_js_can_read_back_is_refused_and_changes_nothing() {
    let mut s = store();
    s.set(k("a"), r#"{"name":"x"}"#.into(), false).unwrap();
    let before = (s.len(), s.stats(), s.records_text(&[0]));
    // (each made when used: ~512 MB apiece)
    let long = || format!(r#"{{"name":"{}"}}"#, "y".repeat(MAX_TEXT));
    let refused = |r: Result<_>| matches!(r, Err(Error::Unrepresentable(_)));
    assert!(refused(s.set_many(vec![(k("b"), long())]).map(drop)));
    assert!(refused(
        s.override_records(vec![(k("b"), long())]).map(drop)
    ));
    assert!(refused(s.stage(vec![(k("b"), long())])));
    assert_eq!((s.len(), s.stats(), s.records_text(&[0])), before);
    assert!(matches!(
        s.set(k("b"), long(), false),
        Err(Error::Unrepresentable(_))
    ));
    // A merge into a record held: the merged text is measured.
    let half = format!(r#"{{"p":"{}"}}"#, "z".repeat(MAX_TEXT / 2 + 8));
    s.set(k("c"), half.clone(), false).unwrap();
    let with_c = (s.len(), s.records_text(&[0]));
    let other = format!(r#"{{"q":"{}"}}"#, "w".repeat(MAX_TEXT / 2 + 8));
    assert!(matches!(
        s.set(k("c"), other, false),
        Err(Error::Unrepresentable(_))
    ));
    assert_eq!((s.len(), s.records_text(&[0])), with_c);
    assert!(s.delete(&k("c"), false).is_ok());
    assert_eq!((s.len(), s.stats(), s.records_text(&[0])), before);
}

#[test]
fn stamps_move_with_a_record_text_alone() {
    let mut s = store();
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        s.set(k(name), format!(r#"{{"id":"{name}","n":{i}}}"#), true)
            .unwrap();
    }
    let ids: Vec<u32> = s.ids().collect();
    let first = s.stamps(&ids);
    assert_eq!(first.len(), 4);
    assert!(first[3] != 0 && first[..3].iter().all(|&t| t != 0));
    // a merge and a replacement move their record's stamp; reads and index work do not
    s.set(k("b"), r#"{"n":9}"#.into(), false).unwrap();
    s.set(k("c"), r#"{"id":"c","n":2}"#.into(), true).unwrap();
    s.reindex(None).unwrap();
    let _ = s.get(&k("a"));
    let second = s.stamps(&ids);
    assert_eq!((second[0], second[3]), (first[0], first[3]));
    assert!(second[1] != first[1] && second[2] != first[2] && second[1] != second[2]);
    // a deleted record's id taken by another record: a stamp of its own; a gone id reads 0
    s.delete(&k("a"), false).unwrap();
    assert_eq!(s.stamps(&ids[..1])[0], 0);
    s.set(k("d"), r#"{"id":"d"}"#.into(), true).unwrap();
    let d = s.id_of(&k("d")).unwrap();
    assert_eq!(d, ids[0]);
    assert!(s.stamps(&[d])[0] != first[0]);
    // emptied whole (clear, or every record deleted at once): a new epoch
    let kept = s.stamps(&[]);
    drop(s.clear());
    s.set(k("a"), r#"{"id":"a"}"#.into(), true).unwrap();
    let after = s.stamps(&[s.id_of(&k("a")).unwrap()]);
    assert!(after[1] != kept[0]);
    let keys = [k("a")];
    s.delete_many(&keys, false).unwrap();
    assert!(s.stamps(&[])[0] != after[1]);
    // another store's epoch is its own
    assert!(store().stamps(&[])[0] != s.stamps(&[])[0]);
}
