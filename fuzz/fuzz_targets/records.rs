//! Arbitrary texts stored packed (`crates/haro-core/src/shape.rs`): whatever the store
//! accepts comes back byte for byte, through every way out (a read for JS writes a form's
//! number only where the store describes it), and nothing panics. Run with
//! `cargo +nightly fuzz run records -- -max_total_time=600`.
#![no_main]

use haro_core::{Key, Store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut store = Store::new();
    store.pack_from(0);
    // The text as a record, then nested in one, then merged into one: each must read back
    // as the engine was given it (or as the merge wrote it).
    let nested = format!(r#"{{"id":1,"v":{text},"w":[{text}]}}"#);
    for (i, t) in [text, nested.as_str()].into_iter().enumerate() {
        let key = Key::num(i as f64);
        let Ok(out) = store.set(key.clone(), t.to_string(), true) else {
            continue;
        };
        let want = format!("[{},{},{t}]", out.id, i);
        assert_eq!(store.records_text(&[out.id]), want);
        assert_eq!(store.get(&key).map(|(_, t)| t.into_owned()).as_deref(), Some(t));
        if let Ok(merged) = store.set(key.clone(), r#"{"m":1}"#.into(), false) {
            let m = merged.merged.expect("a merge answers its text");
            assert_eq!(store.get(&key).map(|(_, t)| t.into_owned()), Some(m));
        }
    }
    // Written for JS (a packed record by its form, once two records share its key lists):
    // a JSON array, and every form number it writes is one the store describes.
    if let Ok(out) = store.set(Key::num(2.0), nested.clone(), true) {
        let ids: Vec<u32> = store.ids_range(0, usize::MAX);
        let mut js = String::new();
        store.write_records_for_js(&ids, &mut js);
        assert!(js.starts_with('[') && js.ends_with(']'), "{js}");
        let mut one = String::new();
        store.write_records_for_js(&[out.id], &mut one);
        let form = one.split(',').nth(2).and_then(|n| n.parse::<u64>().ok());
        if let Some(n) = form.filter(|&n| n > 0) {
            assert!(store.form_text(n).is_some(), "form {n} of {one} not described");
        }
    }
    if let Err(e) = store.check_invariants() { panic!("invariants: {e}"); }
    let keys: Vec<Key> = store.entries().map(|(k, _)| k.to_key()).collect();
    for k in keys {
        store.delete(&k, true).expect("a stored key deletes");
    }
    store.check_invariants().expect("invariants after deletes");
    assert_eq!(store.stats().record_bytes, 0);
});
