//! `deleteMany`: one call, all or nothing (`setMany` stages its chunks like `batch`).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{fail, key_val, parsed, with};
use crate::core::{self, Val};
use crate::stores;

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
