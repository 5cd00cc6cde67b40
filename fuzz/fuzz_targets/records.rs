//! Arbitrary texts stored packed (`crates/haro-core/src/shape.rs`): whatever the store
//! accepts comes back byte for byte, through every way out, and nothing panics. Run with
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
    if let Err(e) = store.check_invariants() { panic!("invariants: {e}"); }
    let keys: Vec<Key> = store.entries().map(|(k, _)| k.to_key()).collect();
    for k in keys {
        store.delete(&k, true).expect("a stored key deletes");
    }
    store.check_invariants().expect("invariants after deletes");
    assert_eq!(store.stats().record_bytes, 0);
});
