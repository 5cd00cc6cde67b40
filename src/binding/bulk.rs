//! `deleteMany`: one call, all or nothing (`setMany` stages its chunks like `batch`).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::with;
use crate::core;
use crate::stores;
use crate::wire::{self, fail};

/// Deletes the keys of the array `keys`; false, deleting nothing, when one is missing or
/// named twice. `versions`: their histories go too.
#[napi(catch_unwind)]
pub fn bulk_delete(env: Env, store: u32, keys: String, versions: bool) -> Result<bool> {
    let out = with(store, |s| {
        let keys = wire::keys(&keys)?;
        match s.delete_many(&keys, versions) {
            Ok(()) => Ok(true),
            Err(core::Error::NotFound) => Ok(false),
            Err(e) => Err(fail(e)),
        }
    });
    stores::report(env.raw(), store);
    out
}
