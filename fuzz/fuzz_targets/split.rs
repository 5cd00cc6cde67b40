//! `split_objects` (how a chunk of records written by one `JSON.stringify` is cut): never
//! panics; what it cuts joins back into the text, each piece an object; and wherever the
//! text is an array of objects the engine's parser reads, written without whitespace between
//! them, it cuts what `split_array` cuts. Run with `cargo +nightly fuzz run split -- -max_total_time=600`.
#![no_main]

use haro_core::{parse, split_array, split_objects};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cut = split_objects(text);
    if let Ok(pieces) = &cut {
        assert!(pieces.iter().all(|p| p.starts_with('{') && p.ends_with('}')));
        assert_eq!(format!("[{}]", pieces.join(",")), text);
    }
    if parse(text).is_err() {
        return;
    }
    if let Ok(parts) = split_array(text) {
        let objects = parts.iter().all(|p| p.starts_with('{'));
        if objects && format!("[{}]", parts.join(",")) == text {
            assert_eq!(cut.as_deref().ok(), Some(parts.as_slice()), "{text:?}");
        }
    }
});
