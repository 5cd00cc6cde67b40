//! `deleteMany`: one call, all or nothing (`setMany` stages its chunks like `batch`).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{with, Chunk};
use crate::core;
use crate::stores;
use crate::wire::{self, fail};

/// Deletes the keys of the array `keys`: the id each record had, in the keys' order; null,
/// deleting nothing, when one is missing or named twice. `versions`: their histories go too.
#[napi(catch_unwind)]
pub fn bulk_delete(
    env: Env,
    store: u32,
    keys: Chunk,
    versions: bool,
) -> Result<Option<Uint32Array>> {
    delete_parts(env, store, &[&keys], versions)
}

/// `bulk_delete` of a key list whose text would pass V8's longest string, in parts (each an
/// array of keys): one call, so still all or nothing.
#[napi(catch_unwind)]
pub fn bulk_delete_parts(
    env: Env,
    store: u32,
    parts: Vec<String>,
    versions: bool,
) -> Result<Option<Uint32Array>> {
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    delete_parts(env, store, &parts, versions)
}

fn delete_parts(
    env: Env,
    store: u32,
    parts: &[&str],
    versions: bool,
) -> Result<Option<Uint32Array>> {
    let out = with(store, |s| {
        let mut keys = Vec::new();
        for part in parts {
            keys.extend(wire::keys(part)?);
        }
        match s.delete_many(&keys, versions) {
            Ok(ids) => Ok(Some(Uint32Array::new(ids))),
            Err(core::Error::NotFound) => Ok(None),
            Err(e) => Err(fail(e)),
        }
    });
    stores::report(env.raw(), store);
    out
}
