//! Arbitrary bytes into the snapshot reader and the record decoder. Run with
//! `cargo +nightly fuzz run snapshot -- -max_total_time=600` (see README, "Persistence").
#![no_main]

use haro_core::snapshot::{decode, reseal, FORMAT_VERSION, MAGIC};
use haro_core::{parse, IndexSpec, Store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // As they are: almost always stopped by a check, which must say so, not panic.
    let _ = decode(data);
    // With magic, version, length and checksums made right, to reach the decoder and
    // the store built from what it decodes.
    let mut b = data.to_vec();
    if b.len() >= 12 {
        b[..8].copy_from_slice(MAGIC);
        b[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    }
    reseal(&mut b);
    if let Ok(snap) = decode(&b) {
        let mut template = Store::new();
        let spec = |n: &str| IndexSpec {
            name: n.into(),
            fields: vec![n.into()],
            composite: false,
        };
        template.set_specs(vec![spec("a"), spec("b")]);
        if let Ok(mut store) = snap.into_store(&template) {
            // Indexes read from a file are trusted as far as its checksum goes: a forged
            // one may disagree with the records, but nothing may panic on it.
            let _ = store.check_invariants();
            let ids: Vec<u32> = store.ids().collect();
            let _ = store.records_text(&ids);
            let keys: Vec<_> = store.entries().map(|(k, _)| k.to_key()).collect();
            for k in keys {
                let _ = store.delete(&k, true);
            }
        }
    }
    // The record decoder alone.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse(text);
    }
});
