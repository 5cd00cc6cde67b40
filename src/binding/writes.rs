//! Writes: `set`, staged batches, `delete`, versions.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{
    free_later, key, merge_need, with, with_stack, with_two, Chunk, JsKey, StrKey, Text, RED_ZONE,
};
use crate::core::{self, Key};
use crate::stores;
use crate::wire::{self, fail};

/// The record's id, or `[id, mergedRecord]` when it was merged into an existing one.
pub fn set(
    env: Env,
    store: u32,
    k: StrKey,
    text: Text,
    replace: bool,
) -> Result<Either<u32, String>> {
    set_key(env, store, k.0, text.0, replace)
}

/// The same, for a number key (no type probing on the hot path).
pub fn set_n(
    env: Env,
    store: u32,
    k: f64,
    text: Text,
    replace: bool,
) -> Result<Either<u32, String>> {
    set_key(env, store, Key::num(k), text.0, replace)
}

fn set_key(
    env: Env,
    store: u32,
    k: Key,
    text: String,
    replace: bool,
) -> Result<Either<u32, String>> {
    let need = if replace { RED_ZONE } else { merge_need(&text) };
    let out = with_stack(need, store, |s| {
        Ok(wire::set_outcome(s.set(k, text, replace).map_err(fail)?))
    });
    stores::report(env.raw(), store);
    out
}

/// Sets (replacing) every entry of a set chunk (`wire::set_chunk`), in order: one crossing
/// for many records that `commit` checked and encoded. The chunk is decoded whole first, so
/// a malformed one writes nothing. The records' ids go into `ids`, one per entry: a view of
/// the caller's array, where a new array a chunk cost the crossing an external buffer each.
#[napi(catch_unwind)]
pub fn set_chunk(
    env: Env,
    store: u32,
    text: Chunk,
    lens: Uint32ArraySlice,
    ids: Uint32ArraySlice,
) -> Result<()> {
    let entries = wire::set_chunk(&text, &lens)?;
    set_entries(env, store, entries, ids)
}

fn set_entries(
    env: Env,
    store: u32,
    entries: Vec<(wire::ChunkKey<'_>, &str)>,
    mut ids: Uint32ArraySlice,
) -> Result<()> {
    if ids.len() != entries.len() {
        return Err(Error::new(
            Status::InvalidArg,
            "bad set chunk: as many ids as records".to_string(),
        ));
    }
    // SAFETY: the one caller (lib/engine.js `commit`) passes a view of an array it has just
    // made (not shared with workers), so no JS can touch it while this synchronous call runs
    // on its thread, and nothing else in Rust holds it.
    let out = unsafe { ids.as_mut() };
    let done = with(store, |s| set_each(s, entries, out).map_err(fail));
    stores::report(env.raw(), store);
    done
}

/// Sets (replacing) each entry in order, its id into `ids` (one per entry): up to the first
/// the engine refuses.
fn set_each(
    s: &mut core::Store,
    entries: Vec<(wire::ChunkKey<'_>, &str)>,
    ids: &mut [u32],
) -> core::Result<()> {
    for ((k, t), id) in entries.into_iter().zip(ids) {
        *id = s.set_str(k.as_ref(), t, true)?.id;
    }
    Ok(())
}

/// `set_chunk` of records that crossed as one array's text (`wire::set_records`): one
/// `JSON.stringify` for the chunk where every record's plain JSON is its text.
#[napi(catch_unwind)]
pub fn set_records(
    env: Env,
    store: u32,
    keys: Chunk,
    lens: Uint32ArraySlice,
    records: Chunk,
    ids: Uint32ArraySlice,
) -> Result<()> {
    let entries = wire::set_records(&keys, &lens, &records)?;
    set_entries(env, store, entries, ids)
}

/// `set_records` on the ingest thread (`crate::ingest`), while JS encodes the next chunk:
/// true when it went there. Its ids land in `ids` (the write's whole array; this chunk's
/// from `start`) when the write collects them: at its next chunk, or `settle_chunks`. False,
/// and nothing sent, when the chunk sent before it stopped at a record the engine refused:
/// its ids are in `ids` then, and the write sets the rest of it a record at a time.
#[napi(catch_unwind)]
pub fn set_records_later(
    env: Env,
    store: u32,
    keys: Chunk,
    lens: Uint32ArraySlice,
    records: Chunk,
    mut ids: Uint32ArraySlice,
    start: u32,
) -> Result<bool> {
    // SAFETY: as `set_entries`' (the caller's own array); written only on this thread.
    let all = unsafe { ids.as_mut() };
    let (start, n) = (start as usize, lens.len());
    // (refused before the chunk before it is collected: a throw leaves that for `settle_chunks`)
    if all.len() < start + n {
        return Err(Error::new(
            Status::InvalidArg,
            "bad set chunk: ids past the array".to_string(),
        ));
    }
    let before = stores::collect(store, all)?;
    stores::report(env.raw(), store);
    if !before {
        return Ok(false);
    }
    let lens = lens.to_vec();
    let work: crate::ingest::Work = Box::new(move |s, ids| {
        wire::set_records(&keys, &lens, &records)
            .is_ok_and(|entries| set_each(s, entries, ids).is_ok())
    });
    stores::later(store, start, n, work)?;
    Ok(true)
}

/// Waits for the chunk `set_records_later` sent last and puts its ids in `ids`: false when
/// it stopped at a record the engine refused (as `set_records_later`'s false).
#[napi(catch_unwind)]
pub fn settle_chunks(env: Env, store: u32, mut ids: Uint32ArraySlice) -> Result<bool> {
    // SAFETY: as `set_records_later`'s.
    let ok = stores::collect(store, unsafe { ids.as_mut() })?;
    stores::report(env.raw(), store);
    Ok(ok)
}

/// Whether `set_records_later` sets chunks off the JS thread (two CPUs or more, and not
/// `HARO_RS_INGEST=0`).
#[napi]
pub fn ingests_later() -> bool {
    crate::ingest::available()
}

/// `count` records are about to be set in chunks, or (0) they are in (`Store::expect`: a
/// load into an empty store is packed whole when it is big enough to be packed at all).
#[napi(catch_unwind)]
pub fn expect(store: u32, count: u32) -> Result<()> {
    with(store, |s| {
        s.expect(count as usize);
        Ok(())
    })
}

/// Stages the entries of a set chunk (`wire::chunk_entries`) for `commit_staged`: an override
/// crosses in chunks (texts die young in JS), yet is applied all at once or not at all.
#[napi(catch_unwind)]
pub fn stage_chunk(store: u32, text: Chunk, lens: Uint32ArraySlice) -> Result<()> {
    stage_entries(store, wire::chunk_entries(&text, &lens)?)
}

/// The same, for records that crossed as one array's text (`wire::set_records`), as
/// `set_records` takes them.
#[napi(catch_unwind)]
pub fn stage_records(
    store: u32,
    keys: Chunk,
    lens: Uint32ArraySlice,
    records: Chunk,
) -> Result<()> {
    stage_entries(store, wire::set_records(&keys, &lens, &records)?)
}

fn stage_entries(store: u32, entries: Vec<(wire::ChunkKey<'_>, &str)>) -> Result<()> {
    let owned = entries
        .into_iter()
        .map(|(k, t)| {
            let k = k.into_key();
            let t = core::Store::owned_text(&k, t);
            (k, t)
        })
        .collect();
    with(store, |s| s.stage(owned).map_err(fail))
}

/// Drops what was staged (the batch was refused in JS).
#[napi(catch_unwind)]
pub fn unstage(store: u32) -> Result<()> {
    with(store, |s| {
        s.unstage();
        Ok(())
    })
}

/// Applies the staged records: each set, replacing (`override_all` false: returns their
/// ids in order), or all of them as `override(data, 'records')`.
#[napi(catch_unwind)]
pub fn commit_staged(env: Env, store: u32, override_all: bool) -> Result<Uint32Array> {
    let out = with(store, |s| {
        s.commit_staged(override_all)
            .map(Uint32Array::new)
            .map_err(fail)
    });
    stores::report(env.raw(), store);
    out
}

/// `override(dump, 'records')` of a dump store `from` gave, unchanged since: store `to`
/// takes `from`'s records as they rest there, nothing crossing; with `keys_only`, each
/// record's key alone (the record `{}`: the keys of a restore whose records land later).
/// Null, changing nothing, unless `from` holds `expect` records at generation `gen` (the
/// caller then sends the dump's records itself). (For keys alone the caller knows the keys
/// are the dump's by the store's write count, an index change moving the generation but not
/// them, and passes the generation the store has now.)
#[napi(catch_unwind)]
pub fn copy_records(
    env: Env,
    to: u32,
    from: u32,
    expect: u32,
    gen: f64,
    keys_only: bool,
) -> Result<Option<Uint32Array>> {
    let read = if keys_only {
        core::Store::copied_keys
    } else {
        core::Store::copied
    };
    // Read whole before `to` is touched: the two may be one store.
    let copied = with(from, |s| {
        Ok((s.generation() as f64 == gen && s.len() == expect as usize).then(|| read(s)))
    })?;
    let Some(copied) = copied else {
        return Ok(None);
    };
    let out = with(to, |s| {
        let records = s.len();
        let (ids, replaced) = s.override_copied(copied);
        free_later(replaced, records);
        Ok(Uint32Array::new(ids))
    });
    stores::report(env.raw(), to);
    out.map(Some)
}

/// `override(dump, 'indexes')` of a dump of store `from`'s indexes, unchanged since, where
/// store `to` took `from`'s records (`copyRecords`, whole or their keys alone) and neither
/// changed since: `to` takes `from`'s indexes as they rest there, nothing crossing. False, changing
/// nothing, unless `from` is still at generation `gen` (the caller goes the long way).
#[napi(catch_unwind)]
pub fn copy_indexes(env: Env, to: u32, from: u32, gen: f64) -> Result<bool> {
    let out = with_two(to, from, |to, from| {
        Ok(from.generation() as f64 == gen && to.override_indexes_from(from))
    });
    stores::report(env.raw(), to);
    out
}

/// What `delete` answers for a key the store does not hold (lib/engine.js `NOT_FOUND`).
const NOT_FOUND: i64 = -1;

/// The deleted record's id, or `NOT_FOUND`. `versions`: drop its history too.
pub fn delete(env: Env, store: u32, k: StrKey, versions: bool) -> Result<i64> {
    delete_key(env, store, &k.0, versions)
}

/// The same, for a number key (no type probing on the hot path).
pub fn delete_n(env: Env, store: u32, k: f64, versions: bool) -> Result<i64> {
    delete_key(env, store, &Key::num(k), versions)
}

fn delete_key(env: Env, store: u32, k: &Key, versions: bool) -> Result<i64> {
    let out = with(store, |s| match s.delete(k, versions) {
        Ok(id) => Ok(i64::from(id)),
        Err(core::Error::NotFound) => Ok(NOT_FOUND),
        Err(e) => Err(fail(e)),
    });
    stores::report(env.raw(), store);
    out
}

#[napi(catch_unwind)]
pub fn drop_versions(store: u32, k: JsKey) -> Result<()> {
    with(store, |s| {
        s.drop_versions(&key(k));
        Ok(())
    })
}
