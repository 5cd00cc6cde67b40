//! The Node binding: free functions over an `External<Store>` handle. It only translates
//! arguments and results; every rule lives in `core`. Free functions, not a class:
//! measured on napi 3.16, a `#[napi]` class method costs 300–540 ns a call, a free
//! function 30–100 ns.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::core::{self, escape_str, parse, split_array, IndexSpec, Key, Store, Val};

type Handle = External<Store>;
type JsKey = Either<String, f64>;

fn key(k: JsKey) -> Key {
    match k {
        // Most keys need no escaping: keep the converted string rather than copy it.
        Either::A(s) if !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\') => {
            Key::Str(s.into_boxed_str())
        }
        Either::A(s) => Key::Str(escape_str(&s)),
        Either::B(n) => Key::num(n),
    }
}

fn fail(e: core::Error) -> Error {
    let status = match e {
        core::Error::NotFound => Status::GenericFailure,
        _ => Status::InvalidArg,
    };
    Error::new(status, e.to_string())
}

fn parsed(text: &str) -> Result<Val<'_>> {
    parse(text).map_err(fail)
}

fn key_val(v: &Val<'_>) -> Result<Key> {
    match v {
        Val::Str(s) => Ok(Key::Str(Box::from(&**s))),
        Val::Num(n) => Ok(Key::num(*n)),
        _ => Err(Error::new(
            Status::InvalidArg,
            "keys are strings or numbers",
        )),
    }
}

fn strings(v: &Val<'_>) -> Vec<Box<str>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .filter_map(|i| match i {
                Val::Str(s) => Some(Box::from(&**s)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `[name, fields|null]` → a spec; `fields` are a composite's parts in `sortKeys` order.
fn spec(v: &Val<'_>) -> Result<IndexSpec> {
    let bad = || Error::new(Status::InvalidArg, "index spec is [name, fields|null]");
    let Val::Arr(pair) = v else { return Err(bad()) };
    let Some(Val::Str(name)) = pair.first() else {
        return Err(bad());
    };
    let name: Box<str> = Box::from(&**name);
    Ok(match pair.get(1) {
        Some(fields @ Val::Arr(_)) => IndexSpec {
            name,
            fields: strings(fields),
            composite: true,
        },
        _ => IndexSpec {
            fields: vec![name.clone()],
            name,
            composite: false,
        },
    })
}

/// `[key, record, key, record, …]` → pairs, the records kept as their text.
fn entries(text: &str) -> Result<Vec<(Key, String)>> {
    let parts = split_array(text).map_err(fail)?;
    parts
        .chunks(2)
        .map(|c| match c {
            [k, r] => Ok((key_val(&parsed(k)?)?, (*r).to_owned())),
            _ => Err(Error::new(Status::InvalidArg, "odd entry list")),
        })
        .collect()
}

#[napi(catch_unwind)]
pub fn create() -> Handle {
    External::new(Store::new())
}

#[napi(catch_unwind)]
pub fn configure(s: &mut Handle, delimiter: String, versioning: bool) {
    s.set_delimiter(&escape_str(&delimiter));
    s.versioning = versioning;
}

/// Replaces the index list: `[[name, fields|null], …]`.
#[napi(catch_unwind)]
pub fn set_specs(s: &mut Handle, specs: String) -> Result<()> {
    let v = parsed(&specs)?;
    let Val::Arr(items) = &v else {
        return Err(Error::new(Status::InvalidArg, "specs must be an array"));
    };
    let specs = items.iter().map(spec).collect::<Result<Vec<_>>>()?;
    s.set_specs(specs);
    Ok(())
}

#[napi(catch_unwind)]
pub fn size(s: &Handle) -> u32 {
    s.len() as u32
}

#[napi(catch_unwind)]
pub fn has(s: &Handle, k: JsKey) -> bool {
    s.has(&key(k))
}

/// `[id, key, record]`, or null.
#[napi(catch_unwind)]
pub fn get(s: &Handle, k: JsKey) -> Option<String> {
    let (id, _) = s.get(&key(k))?;
    Some(s.records_text(&[id]))
}

/// The record's id, or `[id, mergedRecord]` when it was merged into an existing one.
#[napi(catch_unwind)]
pub fn set(s: &mut Handle, k: JsKey, text: String, replace: bool) -> Result<Either<u32, String>> {
    let out = s.set(key(k), text, replace).map_err(fail)?;
    Ok(match out.merged {
        None => Either::A(out.id),
        Some(m) => Either::B(format!("[{},{}]", out.id, m)),
    })
}

/// Sets `[key, record, …]` in order, replacing; stops at the first failure, keeping
/// what came before (as haro's `batch` does). Returns the ids set.
#[napi(catch_unwind)]
pub fn set_many(s: &mut Handle, batch: String) -> Result<Uint32Array> {
    let items = entries(&batch)?;
    let mut ids = Vec::with_capacity(items.len());
    for (k, text) in items {
        match s.set(k, text, true) {
            Ok(out) => ids.push(out.id),
            Err(_) => break,
        }
    }
    Ok(Uint32Array::new(ids))
}

/// false when the key is not there. `versions`: drop its history too.
#[napi(catch_unwind)]
pub fn delete(s: &mut Handle, k: JsKey, versions: bool) -> Result<bool> {
    match s.delete(&key(k), versions) {
        Ok(()) => Ok(true),
        Err(core::Error::NotFound) => Ok(false),
        Err(e) => Err(fail(e)),
    }
}

/// Freeing a large store's allocations one by one takes milliseconds; a short-lived
/// thread does it so `clear` returns at once. Small stores are freed in place.
#[napi(catch_unwind)]
pub fn clear(s: &mut Handle) {
    let big = s.len() > 4096;
    let dropped = s.clear();
    if big {
        // Should no thread be had, the closure, and what it holds, is dropped right here.
        let _ = std::thread::Builder::new().spawn(move || drop(dropped));
    }
}

/// Rebuilds every index, or the one `[name, fields|null]` given.
#[napi(catch_unwind)]
pub fn reindex(s: &mut Handle, only: Option<String>) -> Result<()> {
    let only = only.map(|t| spec(&parsed(&t)?)).transpose()?;
    s.reindex(only).map_err(fail)
}

/// `[id, key, record, …]` for the ids.
#[napi(catch_unwind)]
pub fn records(s: &Handle, ids: Uint32Array) -> String {
    s.records_text(&ids)
}

#[napi(catch_unwind)]
pub fn ids(s: &Handle, start: u32, end: u32) -> Uint32Array {
    Uint32Array::new(s.ids_range(start as usize, end as usize))
}

#[napi(catch_unwind)]
pub fn keys(s: &Handle) -> String {
    s.keys_text(None)
}

/// The keys of the given records, as a JSON array.
#[napi(catch_unwind)]
pub fn keys_of(s: &Handle, ids: Uint32Array) -> String {
    s.keys_text(Some(&ids))
}

/// `find`: the query is `[indexName, [fields…], where]`.
#[napi(catch_unwind)]
pub fn find(s: &Handle, query: String) -> Result<Uint32Array> {
    let q = parsed(&query)?;
    let (Val::Str(name), fields) = (q.get_index(0), q.get_index(1)) else {
        return Err(Error::new(Status::InvalidArg, "bad find query"));
    };
    Ok(Uint32Array::new(s.find(
        name,
        &strings(fields),
        q.get_index(2),
    )))
}

/// `where`: `[[indexedNames…], predicate]`. With `filter`, the predicate is applied here
/// too (it has no RegExp); without, the caller applies it. null: no index applies.
#[napi(catch_unwind)]
pub fn where_ids(
    s: &Handle,
    query: String,
    all: bool,
    filter: bool,
) -> Result<Option<Uint32Array>> {
    let q = parsed(&query)?;
    let pred = q.get_index(1);
    let Some(candidates) = s.where_candidates(&strings(q.get_index(0)), pred) else {
        return Ok(None);
    };
    let ids = if filter {
        s.filter_matching(candidates.into_iter(), pred, all)
            .map_err(fail)?
    } else {
        candidates
    };
    Ok(Some(Uint32Array::new(ids)))
}

/// Every record matching the predicate (no RegExp in it).
#[napi(catch_unwind)]
pub fn scan_where(s: &Handle, pred: String, all: bool) -> Result<Uint32Array> {
    Ok(Uint32Array::new(
        s.scan_matching(&parsed(&pred)?, all).map_err(fail)?,
    ))
}

/// `search` by value: `[[indexNames…], value]`.
#[napi(catch_unwind)]
pub fn search(s: &Handle, query: String) -> Result<Uint32Array> {
    let q = parsed(&query)?;
    Ok(Uint32Array::new(
        s.search(&strings(q.get_index(0)), q.get_index(1)),
    ))
}

#[napi(catch_unwind)]
pub fn index_keys(s: &Handle, name: String) -> Option<String> {
    s.index_keys_text(&escape_str(&name))
}

#[napi(catch_unwind)]
pub fn index_ids(s: &Handle, name: String, ordinals: Uint32Array, distinct: bool) -> Uint32Array {
    Uint32Array::new(s.index_ids(&escape_str(&name), &ordinals, distinct))
}

#[napi(catch_unwind)]
pub fn sorted_ids(s: &mut Handle, name: String) -> Option<Uint32Array> {
    s.sorted_ids(&escape_str(&name)).map(Uint32Array::new)
}

#[napi(catch_unwind)]
pub fn sort_by_ordinals(s: &mut Handle, name: String, ordinals: Uint32Array) -> Uint32Array {
    Uint32Array::new(s.sort_by_ordinals(&escape_str(&name), &ordinals))
}

#[napi(catch_unwind)]
pub fn has_index(s: &Handle, name: String) -> bool {
    s.has_index(&escape_str(&name))
}

#[napi(catch_unwind)]
pub fn drop_index(s: &mut Handle, name: String) -> bool {
    s.drop_index(&escape_str(&name))
}

#[napi(catch_unwind)]
pub fn clear_indexes(s: &mut Handle) {
    s.clear_indexes();
}

#[napi(catch_unwind)]
pub fn index_names(s: &Handle) -> String {
    s.index_names_text()
}

#[napi(catch_unwind)]
pub fn index_size(s: &Handle, name: String) -> Option<u32> {
    s.index_len(&escape_str(&name)).map(|n| n as u32)
}

/// The keys under `value` (JSON) in index `name`, as a JSON array; null if none.
#[napi(catch_unwind)]
pub fn index_lookup(s: &Handle, name: String, value: String) -> Result<Option<String>> {
    let ids = s.index_lookup(&escape_str(&name), &parsed(&value)?);
    Ok(ids.map(|ids| s.keys_text(Some(&ids))))
}

#[napi(catch_unwind)]
pub fn dump_indexes(s: &Handle, only: Option<String>) -> String {
    s.indexes_text(only.map(|n| escape_str(&n)).as_deref())
}

#[napi(catch_unwind)]
pub fn override_indexes(s: &mut Handle, data: String) -> Result<()> {
    s.override_indexes(&parsed(&data)?).map_err(fail)
}

/// `[key, record, …]`.
#[napi(catch_unwind)]
pub fn override_records(s: &mut Handle, data: String) -> Result<()> {
    s.override_records(entries(&data)?).map_err(fail)
}

#[napi(catch_unwind)]
pub fn versions(s: &Handle, k: JsKey) -> Option<String> {
    s.versions_text(&key(k))
}

#[napi(catch_unwind)]
pub fn drop_versions(s: &mut Handle, k: JsKey) {
    s.drop_versions(&key(k));
}

#[napi(catch_unwind)]
pub fn versioned_keys(s: &Handle) -> String {
    s.versioned_keys_text()
}

/// haro's `setIndex(key, data, indice)`; `only` is `[name, fields|null]`.
#[napi(catch_unwind)]
pub fn index_record(s: &mut Handle, k: JsKey, data: String, only: Option<String>) -> Result<()> {
    let only = only.map(|t| spec(&parsed(&t)?)).transpose()?;
    s.index_record(&key(k), &data, only.as_ref()).map_err(fail)
}

/// haro's `deleteIndex(key, data)`.
#[napi(catch_unwind)]
pub fn unindex_record(s: &mut Handle, k: JsKey, data: String) -> Result<()> {
    s.unindex_record(&key(k), &data).map_err(fail)
}

/// Invariant check for tests: null, or what is wrong.
#[napi(catch_unwind)]
pub fn check(s: &Handle) -> Option<String> {
    s.check_invariants().err()
}

/// Test-only: panics, to show that a panic becomes a JS error.
#[napi(catch_unwind)]
pub fn panic_for_test() {
    panic!("deliberate panic for tests");
}
