//! Natives only the test suites call, built with the cargo feature `testing` (`npm run
//! build:test`): not in the addon users get.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::with;

/// Invariant check for tests: null, or what is wrong.
#[napi(catch_unwind)]
pub fn check(store: u32) -> Result<Option<String>> {
    with(store, |s| Ok(s.check_invariants().err()))
}

/// Test-only: panics, to show that a panic becomes a JS error.
#[napi(catch_unwind)]
pub fn panic_for_test() {
    panic!("deliberate panic for tests");
}

/// Test-only: the next chunk set off the JS thread (`crate::ingest`) stops after `after`
/// of its records, as at a record the engine refused (`panic`: by a panic there instead);
/// `after` past the chunk's end: none stops (`u32::MAX`: none is asked to).
#[napi]
pub fn stop_ingest_after(after: u32, panic: bool) {
    crate::ingest::stop_after(after, panic);
}
