//! Binding for ranges, record expiry and version retention (thin, as `binding`).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::core::{escape_str, ordered_index, Store};
use crate::stores;
use crate::wire::{self, bound, page};

fn with<R>(store: u32, f: impl FnOnce(&mut Store) -> Result<R>) -> Result<R> {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || f(stores::get(store)?))
}

/// `range` over a number-only index; null when it holds other keys, or does not exist.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn range_num(
    store: u32,
    name: String,
    lo_kind: u32,
    lo: f64,
    hi_kind: u32,
    hi: f64,
    desc: bool,
    offset: u32,
    limit: u32,
) -> Result<Option<Uint32Array>> {
    with(store, |s| {
        let Some(index) = s.index_mut(&escape_str(&name)) else {
            return Ok(None);
        };
        Ok(ordered_index::range_num(
            index,
            bound(lo_kind, lo),
            bound(hi_kind, hi),
            page(desc, offset, limit),
        )
        .map(Uint32Array::new))
    })
}

/// Forgets the sort answers and key orders kept with another `sortKeys`.
#[napi(catch_unwind)]
pub fn forget_sort_orders(store: u32) -> Result<()> {
    with(store, |s| {
        s.forget_sort_orders();
        Ok(())
    })
}

/// Keeps the key order the facade sorted; its generation (0: no such index).
#[napi(catch_unwind)]
pub fn text_order(store: u32, name: String, ordinals: Uint32ArraySlice) -> Result<u32> {
    with(store, |s| {
        Ok(s.index_mut(&escape_str(&name))
            .map_or(0, |index| ordered_index::set_text_order(index, &ordinals)))
    })
}

/// The keys that joined or left index `name` since order `gen`: `[[joined, key], …]`;
/// null when that order is gone.
#[napi(catch_unwind)]
pub fn text_order_log(store: u32, name: String, gen: u32) -> Result<Option<String>> {
    with(store, |s| {
        Ok(s.index_mut(&escape_str(&name))
            .and_then(|index| ordered_index::text_log(index, gen)))
    })
}

/// The positions where the facade placed the logged changes; the new generation (0: the
/// order is gone and must be sorted again).
#[napi(catch_unwind)]
pub fn text_order_apply(
    store: u32,
    name: String,
    gen: u32,
    positions: Uint32ArraySlice,
) -> Result<u32> {
    with(store, |s| {
        Ok(s.index_mut(&escape_str(&name)).map_or(0, |index| {
            ordered_index::apply_text_log(index, gen, &positions)
        }))
    })
}

/// `range` over the kept key order `gen`: the keys at `positions`, or at `lo..hi`.
/// null when that order is no longer current.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn range_text(
    store: u32,
    name: String,
    gen: u32,
    positions: Option<Uint32ArraySlice>,
    lo: u32,
    hi: u32,
    desc: bool,
    offset: u32,
    limit: u32,
) -> Result<Option<Uint32Array>> {
    with(store, |s| {
        let Some(index) = s.index_mut(&escape_str(&name)) else {
            return Ok(None);
        };
        Ok(ordered_index::range_text(
            index,
            gen,
            positions.as_deref(),
            lo as usize,
            hi as usize,
            page(desc, offset, limit),
        )
        .map(Uint32Array::new))
    })
}

/// Version retention: `limit` (NaN: none) and `ttl` in ms (NaN: none).
#[napi(catch_unwind)]
pub fn configure_retention(store: u32, limit: f64, ttl: f64) -> Result<()> {
    with(store, |s| {
        let limit = (!limit.is_nan()).then_some(limit.max(0.0) as usize);
        let ttl = (!ttl.is_nan()).then_some(ttl);
        s.retention.configure(limit, ttl);
        Ok(())
    })
}

/// The clock moved to `now`: due records and old versions go. The next due time, or
/// `[next, [id…], key…]` when records went.
#[napi(catch_unwind)]
pub fn tick(env: Env, store: u32, now: f64) -> Result<Either<f64, String>> {
    let out = with(store, |s| {
        let gone = s.purge_expired(now);
        Ok(wire::tick(s.expiry.next(), &gone))
    });
    stores::report(env.raw(), store);
    out
}

/// Records `ids` expire at `at` (NaN: never); the next due time.
#[napi(catch_unwind)]
pub fn expire_ids(store: u32, ids: Uint32ArraySlice, at: Float64ArraySlice) -> Result<f64> {
    with(store, |s| {
        for (&id, &t) in ids.iter().zip(at.iter()) {
            if s.key_of(id).is_some() {
                s.expiry.set(id, t);
            }
        }
        Ok(s.expiry.next())
    })
}

/// Record `id` expires at `at` (NaN: never); the next due time.
#[napi(catch_unwind)]
pub fn expire_id(store: u32, id: u32, at: f64) -> Result<f64> {
    with(store, |s| {
        if s.key_of(id).is_some() {
            s.expiry.set(id, at);
        }
        Ok(s.expiry.next())
    })
}
