//! `setMany` / `deleteMany`: one call each, all or nothing (see `core::Store::set_many`).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{entries, fail, key_val, parsed, with};
use crate::core::{self, Val};
use crate::stores;

/// Sets `[key, record, …]` in order, replacing; refuses the whole list if any part is
/// malformed. Returns the ids set.
#[napi(catch_unwind)]
pub fn bulk_set(env: Env, store: u32, batch: String) -> Result<Uint32Array> {
    let out = with(store, |s| {
        let items = entries(&batch)?;
        Ok(Uint32Array::new(s.set_many(items).map_err(fail)?))
    });
    stores::report(env.raw(), store);
    out
}

/// Deletes the keys of the array `keys`; false, deleting nothing, when one is missing or
/// named twice. `versions`: their histories go too.
#[napi(catch_unwind)]
pub fn bulk_delete(env: Env, store: u32, keys: String, versions: bool) -> Result<bool> {
    let out = with(store, |s| {
        let list = parsed(&keys)?;
        let Val::Arr(items) = &list else {
            return Err(Error::new(Status::InvalidArg, "keys must be an array"));
        };
        let keys = items.iter().map(key_val).collect::<Result<Vec<_>>>()?;
        match s.delete_many(&keys, versions) {
            Ok(()) => Ok(true),
            Err(core::Error::NotFound) => Ok(false),
            Err(e) => Err(fail(e)),
        }
    });
    stores::report(env.raw(), store);
    out
}
