//! Indexes: `reindex`, listing, dropping, dumping and overriding them, `setIndex`.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{key, with, Chunk, JsKey};
use crate::core::{escape_str, Continues};
use crate::stores;
use crate::wire::{self, fail, parsed};

/// Rebuilds every index (`only` null) or one; answers the generation it leaves (the facade
/// skips a full reindex while the store stands there: no crossing to ask for it).
#[napi(catch_unwind)]
pub fn reindex(env: Env, store: u32, only: Option<String>) -> Result<f64> {
    let out = with(store, |s| {
        let only = wire::spec_text(only)?;
        s.reindex(only).map_err(fail)?;
        Ok(s.generation() as f64)
    });
    // Indexes count in what V8 is told the store holds.
    stores::report(env.raw(), store);
    out
}

#[napi(catch_unwind)]
pub fn has_index(store: u32, name: String) -> Result<bool> {
    with(store, |s| Ok(s.has_index(&escape_str(&name))))
}

#[napi(catch_unwind)]
pub fn drop_index(store: u32, name: String) -> Result<bool> {
    with(store, |s| Ok(s.drop_index(&escape_str(&name))))
}

#[napi(catch_unwind)]
pub fn clear_indexes(env: Env, store: u32) -> Result<()> {
    with(store, |s| {
        s.clear_indexes();
        Ok(())
    })?;
    stores::report(env.raw(), store);
    Ok(())
}

#[napi(catch_unwind)]
pub fn index_names(store: u32) -> Result<String> {
    with(store, |s| Ok(s.index_names_text()))
}

#[napi(catch_unwind)]
pub fn index_size(store: u32, name: String) -> Result<Option<u32>> {
    with(store, |s| {
        Ok(s.index_len(&escape_str(&name)).map(|n| n as u32))
    })
}

#[napi(catch_unwind)]
pub fn dump_indexes(store: u32, only: Option<String>) -> Result<String> {
    with(store, |s| {
        Ok(s.indexes_text(only.map(|n| escape_str(&n)).as_deref()))
    })
}

#[napi(catch_unwind)]
pub fn override_indexes(env: Env, store: u32, data: Chunk) -> Result<()> {
    let out = with(store, |s| s.override_indexes(&parsed(&data)?).map_err(fail));
    stores::report(env.raw(), store);
    out
}

/// `override_indexes` with the records named by their ids (`Store::override_indexes_ids`;
/// the wire's "index ids"): no record key crosses.
#[napi(catch_unwind)]
pub fn override_indexes_ids(
    env: Env,
    store: u32,
    data: Chunk,
    ids: Uint32ArraySlice,
) -> Result<()> {
    let out = with(store, |s| {
        s.override_indexes_ids(&parsed(&data)?, &ids).map_err(fail)
    });
    stores::report(env.raw(), store);
    out
}

/// `override_indexes` of a dump whose text would pass V8's longest string, in parts (see
/// `Store::override_indexes_parts`; `continues`: 0 no, 1 the entry, 2 the entry and its last
/// key): one call, so nothing changes unless every part is good.
#[napi(catch_unwind)]
pub fn override_indexes_parts(
    env: Env,
    store: u32,
    parts: Vec<String>,
    continues: Vec<u32>,
) -> Result<()> {
    let out = with(store, |s| {
        let parts = parts
            .iter()
            .map(|p| parsed(p))
            .collect::<Result<Vec<_>>>()?;
        let continues: Vec<Continues> = continues
            .iter()
            .map(|&c| match c {
                1 => Continues::Entry,
                2 => Continues::Key,
                _ => Continues::No,
            })
            .collect();
        s.override_indexes_parts(&parts, &continues).map_err(fail)
    });
    stores::report(env.raw(), store);
    out
}

/// haro's `setIndex(key, data, indice)`; `only` is `[name, fields|null]`.
#[napi(catch_unwind)]
pub fn index_record(store: u32, k: JsKey, data: String, only: Option<String>) -> Result<()> {
    with(store, |s| {
        let only = wire::spec_text(only)?;
        s.index_record(&key(k), &data, only.as_ref()).map_err(fail)
    })
}

/// haro's `deleteIndex(key, data)`.
#[napi(catch_unwind)]
pub fn unindex_record(store: u32, k: JsKey, data: String) -> Result<()> {
    with(store, |s| s.unindex_record(&key(k), &data).map_err(fail))
}
