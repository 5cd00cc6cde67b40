//! Reads by key, records by id, key lists, versions.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{key, with, JsKey, Kept, StrArg};
use crate::core::{escaped, Key};

pub fn has(store: u32, k: StrArg) -> Result<bool> {
    with(store, |s| Ok(s.id_of_str(&escaped(k.as_str())).is_some()))
}

/// The same, for a number key (no type probing on the hot path).
pub fn has_n(store: u32, k: f64) -> Result<bool> {
    with(store, |s| Ok(s.has(&Key::num(k))))
}

/// `[id, key, record]`, or null.
pub fn get(store: u32, k: StrArg) -> Result<Option<Kept>> {
    with(store, |s| {
        Ok(s.id_of_str(&escaped(k.as_str()))
            .map(|id| Kept::records(s, &[id])))
    })
}

/// The same, for a number key (no type probing on the hot path).
pub fn get_n(store: u32, k: f64) -> Result<Option<Kept>> {
    with(store, |s| {
        Ok(s.id_of(&Key::num(k)).map(|id| Kept::records(s, &[id])))
    })
}

/// `[id, key, record, …]` for the ids.
#[napi(catch_unwind, ts_return_type = "string")]
pub fn records(store: u32, ids: Uint32ArraySlice) -> Result<Kept> {
    with(store, |s| Ok(Kept::records(s, &ids)))
}

/// The write stamps of records `ids`, then the epoch they are of (`Store::stamps`): a pass
/// hands out again what it decoded of a record whose stamp has not moved.
#[napi(catch_unwind)]
pub fn stamps(store: u32, ids: Uint32ArraySlice) -> Result<Uint32Array> {
    with(store, |s| Ok(Uint32Array::new(s.stamps(&ids))))
}

/// What form `n` of a `records` answer holds (`Store::form_text`), or null.
#[napi(catch_unwind)]
pub fn form(store: u32, n: f64) -> Result<Option<String>> {
    with(store, |s| Ok(s.form_text(n as u64).map(str::to_owned)))
}

#[napi(catch_unwind)]
pub fn ids(store: u32, start: u32, end: u32) -> Result<Uint32Array> {
    with(store, |s| {
        Ok(Uint32Array::new(s.ids_range(start as usize, end as usize)))
    })
}

#[napi(catch_unwind)]
pub fn keys(store: u32) -> Result<String> {
    with(store, |s| Ok(s.keys_text(None)))
}

/// The keys of the given records, as a JSON array.
#[napi(catch_unwind)]
pub fn keys_of(store: u32, ids: Uint32ArraySlice) -> Result<String> {
    with(store, |s| Ok(s.keys_text(Some(&ids))))
}

/// `[key, record, …]`.
#[napi(catch_unwind)]
pub fn versions(store: u32, k: JsKey) -> Result<Option<String>> {
    with(store, |s| Ok(s.versions_text(&key(k))))
}

#[napi(catch_unwind)]
pub fn versioned_keys(store: u32) -> Result<String> {
    with(store, |s| Ok(s.versioned_keys_text()))
}

/// The versioned keys from place `from` on that fit `max_bytes`, as `[next place, key…]`.
#[napi(catch_unwind)]
pub fn versioned_keys_from(store: u32, from: u32, max_bytes: u32) -> Result<String> {
    with(store, |s| {
        Ok(s.versioned_keys_text_from(from as usize, max_bytes as usize))
    })
}
