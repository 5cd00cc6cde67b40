//! The Node binding: free functions over an `External<Store>` handle. It only translates
//! arguments and results; every rule lives in `core`. Free functions, not a class:
//! measured on napi 3.16, a `#[napi]` class method costs 300–540 ns a call, a free
//! function 30–100 ns.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, OnceLock};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::core::{self, escape_str, parse, split_array, IndexSpec, Key, Val};
use crate::stores;

mod bulk;

type Handle = External<stores::Slot>;
type JsKey = Either<String, f64>;

/// Runs a call with `need` bytes of stack to spare. Parsing, merging and freeing a record
/// recurse once per level of nesting (up to `MAX_DEPTH`); called from JS that is itself
/// deep in recursion, in a worker, a call finds as little as ~192 KB left (what V8 keeps
/// below its own limit): then it runs on a fresh heap-allocated stack instead.
fn deep<R>(need: usize, f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(need, 4 * 1024 * 1024, f)
}

/// Stack any call needs but a merging `set`: at most 150 KB measured at `MAX_DEPTH`
/// (release, x86-64), parsing and writing a record.
const RED_ZONE: usize = 256 * 1024;

/// A merging `set` needs this much more per level the two records share: 1.2 KB measured
/// (620 KB at `MAX_DEPTH`, more than `RED_ZONE`: entered with less left, it overflowed the
/// thread's own stack, SIGSEGV).
const MERGE_LEVEL: usize = 3 * 1024;

/// Runs `f` on the store numbered `store`, with stack to spare.
fn with<R>(store: u32, f: impl FnOnce(&mut crate::core::Store) -> Result<R>) -> Result<R> {
    with_stack(RED_ZONE, store, f)
}

fn with_stack<R>(
    need: usize,
    store: u32,
    f: impl FnOnce(&mut crate::core::Store) -> Result<R>,
) -> Result<R> {
    deep(need, || f(stores::get(store)?))
}

/// Stack to merge `text` into a stored record: merging recurses at most as deep as the new
/// record nests, which its brackets bound (brackets inside strings count too: an overcount,
/// never an under-count), so a shallow record needs no more than any call.
fn merge_need(text: &str) -> usize {
    let levels = memchr::memchr2_iter(b'{', b'[', text.as_bytes())
        .take(core::MAX_DEPTH + 1)
        .count();
    RED_ZONE + levels * MERGE_LEVEL
}

fn key(k: JsKey) -> Key {
    match k {
        Either::A(s) => str_key(&s),
        Either::B(n) => Key::num(n),
    }
}

/// A string key argument, read into a stack buffer with one N-API call (napi-rs's `String`
/// asks for the length first, then copies into a fresh allocation: two calls).
pub struct StrKey(Key);

impl TypeName for StrKey {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl FromNapiValue for StrKey {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut buf = [0u8; 256];
        let mut len = 0usize;
        let status = sys::napi_get_value_string_utf8(
            env,
            value,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut len,
        );
        if status != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "a key must be a string"));
        }
        if len < buf.len() - 1 {
            if let Ok(s) = std::str::from_utf8(&buf[..len]) {
                return Ok(StrKey(str_key(s)));
            }
        }
        // Longer than the buffer: the ordinary conversion.
        String::from_napi_value(env, value).map(|s| StrKey(str_key(&s)))
    }
}

fn str_key(s: &str) -> Key {
    Key::Str(escape_str(s))
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

/// A new store. The External owns it: when JS collects the External, the store is freed.
#[napi(catch_unwind)]
pub fn create(env: Env) -> Handle {
    // Start the freeing thread now, not inside the first `clear` of a big store.
    free_later(());
    External::new(stores::Slot::new(env.raw()))
}

/// The number by which every other call names the store: cheaper to pass than the External.
#[napi(catch_unwind)]
pub fn slot(handle: &Handle) -> u32 {
    handle.id()
}

#[napi(catch_unwind)]
pub fn configure(store: u32, delimiter: String, versioning: bool) -> Result<()> {
    with(store, |s| {
        s.set_delimiter(&escape_str(&delimiter));
        s.versioning = versioning;
        Ok(())
    })
}

/// Replaces the index list: `[[name, fields|null], …]`.
#[napi(catch_unwind)]
pub fn set_specs(store: u32, specs: String) -> Result<()> {
    with(store, |s| {
        let v = parsed(&specs)?;
        let Val::Arr(items) = &v else {
            return Err(Error::new(Status::InvalidArg, "specs must be an array"));
        };
        let specs = items.iter().map(spec).collect::<Result<Vec<_>>>()?;
        s.set_specs(specs);
        Ok(())
    })
}

/// Moves whenever records, versions or indexes change: views keep what they decoded until it does.
#[napi(catch_unwind)]
pub fn generation(store: u32) -> Result<f64> {
    with(store, |s| Ok(s.generation() as f64))
}

#[napi(catch_unwind)]
pub fn size(store: u32) -> Result<u32> {
    with(store, |s| Ok(s.len() as u32))
}

#[napi(catch_unwind)]
pub fn has(store: u32, k: StrKey) -> Result<bool> {
    with(store, |s| Ok(s.has(&k.0)))
}

/// The same, for a number key (no type probing on the hot path).
#[napi(catch_unwind)]
pub fn has_n(store: u32, k: f64) -> Result<bool> {
    with(store, |s| Ok(s.has(&Key::num(k))))
}

/// `[id, key, record]`, or null.
#[napi(catch_unwind)]
pub fn get(store: u32, k: StrKey) -> Result<Option<String>> {
    with(store, |s| {
        Ok(s.get(&k.0).map(|(id, _)| s.records_text(&[id])))
    })
}

/// The same, for a number key (no type probing on the hot path).
#[napi(catch_unwind)]
pub fn get_n(store: u32, k: f64) -> Result<Option<String>> {
    with(store, |s| {
        Ok(s.get(&Key::num(k)).map(|(id, _)| s.records_text(&[id])))
    })
}

/// The record's id, or `[id, mergedRecord]` when it was merged into an existing one.
#[napi(catch_unwind)]
pub fn set(
    env: Env,
    store: u32,
    k: StrKey,
    text: String,
    replace: bool,
) -> Result<Either<u32, String>> {
    set_key(env, store, k.0, text, replace)
}

/// The same, for a number key (no type probing on the hot path).
#[napi(catch_unwind)]
pub fn set_n(
    env: Env,
    store: u32,
    k: f64,
    text: String,
    replace: bool,
) -> Result<Either<u32, String>> {
    set_key(env, store, Key::num(k), text, replace)
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
        let out = s.set(k, text, replace).map_err(fail)?;
        Ok(match out.merged {
            None => Either::A(out.id),
            Some(m) => Either::B(format!("[{},{}]", out.id, m)),
        })
    });
    stores::report(env.raw(), store);
    out
}

/// Stages `[key, record, …]` for `commit_staged`: a batch crosses in chunks (texts die
/// young in JS), yet is applied all at once or not at all.
#[napi(catch_unwind)]
pub fn stage(store: u32, batch: String) -> Result<()> {
    with(store, |s| {
        s.stage(entries(&batch)?);
        Ok(())
    })
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

/// false when the key is not there. `versions`: drop its history too.
#[napi(catch_unwind)]
pub fn delete(env: Env, store: u32, k: StrKey, versions: bool) -> Result<bool> {
    delete_key(env, store, &k.0, versions)
}

/// The same, for a number key (no type probing on the hot path).
#[napi(catch_unwind)]
pub fn delete_n(env: Env, store: u32, k: f64, versions: bool) -> Result<bool> {
    delete_key(env, store, &Key::num(k), versions)
}

fn delete_key(env: Env, store: u32, k: &Key, versions: bool) -> Result<bool> {
    let out = with(store, |s| match s.delete(k, versions) {
        Ok(()) => Ok(true),
        Err(core::Error::NotFound) => Ok(false),
        Err(e) => Err(fail(e)),
    });
    stores::report(env.raw(), store);
    out
}

/// Freeing a large store's allocations one by one takes milliseconds; a background
/// thread does it so `clear` returns at once. Small stores are freed in place.
#[napi(catch_unwind)]
pub fn clear(env: Env, store: u32) -> Result<()> {
    let out = with(store, |s| {
        let big = s.len() > FREE_LATER_MIN;
        let dropped = s.clear();
        if big {
            free_later(dropped);
        }
        Ok(())
    });
    stores::report(env.raw(), store);
    out
}

/// Stores of more records than this are freed on the freeing thread.
pub(crate) const FREE_LATER_MIN: usize = 4096;

/// Frees handed over and not yet done; past `MAX_PENDING` the caller frees inline, so a
/// process that keeps every core busy cannot pile up garbage behind an idle-priority thread.
static PENDING: AtomicUsize = AtomicUsize::new(0);
const MAX_PENDING: usize = 8;

/// Hands `x` to one long-lived thread that drops what it is sent (spawning a thread per
/// call cost more than `clear` itself). Without that thread, `x` is dropped here.
pub(crate) fn free_later(x: impl Send + 'static) {
    type Garbage = Box<dyn Send>;
    static BIN: OnceLock<Option<mpsc::Sender<Garbage>>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Garbage>();
        std::thread::Builder::new()
            .name("haro-rs-free".into())
            .spawn(move || {
                idle_priority();
                for garbage in rx {
                    drop(garbage);
                    PENDING.fetch_sub(1, Ordering::Relaxed);
                }
            })
            .ok()
            .map(|_| tx)
    });
    match bin {
        Some(tx) if PENDING.load(Ordering::Relaxed) < MAX_PENDING => {
            PENDING.fetch_add(1, Ordering::Relaxed);
            // A send fails only if the thread is gone; the value then comes back and drops here.
            if tx.send(Box::new(x)).is_err() {
                PENDING.fetch_sub(1, Ordering::Relaxed);
            }
        }
        _ => drop(x),
    }
}

/// The freeing thread runs only on a CPU nothing else wants: at normal priority, woken by
/// a `clear`, it preempted the JS thread on its core for the whole free (a 10k-record
/// `clear` measured 0.4–0.8 ms of wall time, almost none of it the call's own work; now
/// 5–30 µs).
#[cfg(target_os = "linux")]
fn idle_priority() {
    // SAFETY: a plain syscall on the calling thread; a failure leaves the priority as it was.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
    }
}

#[cfg(not(target_os = "linux"))]
fn idle_priority() {}

#[napi(catch_unwind)]
pub fn reindex(env: Env, store: u32, only: Option<String>) -> Result<()> {
    let out = with(store, |s| {
        let only = only.map(|t| spec(&parsed(&t)?)).transpose()?;
        s.reindex(only).map_err(fail)
    });
    // Indexes count in what V8 is told the store holds.
    stores::report(env.raw(), store);
    out
}

/// `[id, key, record, …]` for the ids.
#[napi(catch_unwind)]
pub fn records(store: u32, ids: Uint32Array) -> Result<String> {
    with(store, |s| Ok(s.records_text(&ids)))
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
pub fn keys_of(store: u32, ids: Uint32Array) -> Result<String> {
    with(store, |s| Ok(s.keys_text(Some(&ids))))
}

/// `find`: the query is `[indexName, [fields…], where]`.
#[napi(catch_unwind)]
pub fn find(store: u32, query: String) -> Result<Either<Vec<u32>, Uint32Array>> {
    with(store, |s| {
        let q = parsed(&query)?;
        let (Val::Str(name), fields) = (q.get_index(0), q.get_index(1)) else {
            return Err(Error::new(Status::InvalidArg, "bad find query"));
        };
        Ok(small_ids(s.find(name, &strings(fields), q.get_index(2))))
    })
}

/// Ids as a plain JS array when there are few: a `Uint32Array` made from Rust costs about
/// 1.5 µs (an external buffer and its finalizer), more than a whole one-record `find`.
fn small_ids(ids: Vec<u32>) -> Either<Vec<u32>, Uint32Array> {
    if ids.len() <= 32 {
        Either::A(ids)
    } else {
        Either::B(Uint32Array::new(ids))
    }
}

/// `where`: `[[indexedNames…], predicate]`. With `filter`, the predicate is applied here
/// too (it has no RegExp); without, the caller applies it. null: no index applies.
#[napi(catch_unwind)]
pub fn where_ids(
    store: u32,
    query: String,
    all: bool,
    filter: bool,
) -> Result<Option<Uint32Array>> {
    with(store, |s| {
        let q = parsed(&query)?;
        let pred = q.get_index(1);
        let names = strings(q.get_index(0));
        let Some(candidates) = s.where_candidates(&names, pred) else {
            return Ok(None);
        };
        let ids = if filter && s.where_is_exact(&names, pred) {
            if all {
                s.every_value(candidates, pred)
            } else {
                candidates
            }
        } else if filter {
            s.filter_matching(candidates.into_iter(), pred, all)
                .map_err(fail)?
        } else {
            candidates
        };
        Ok(Some(Uint32Array::new(ids)))
    })
}

/// Every record matching the predicate (no RegExp in it).
#[napi(catch_unwind)]
pub fn scan_where(store: u32, pred: String, all: bool) -> Result<Uint32Array> {
    with(store, |s| {
        Ok(Uint32Array::new(
            s.scan_matching(&parsed(&pred)?, all).map_err(fail)?,
        ))
    })
}

/// `search` by value: `[[indexNames…], value]`.
#[napi(catch_unwind)]
pub fn search(store: u32, query: String) -> Result<Uint32Array> {
    with(store, |s| {
        let q = parsed(&query)?;
        Ok(Uint32Array::new(
            s.search(&strings(q.get_index(0)), q.get_index(1)),
        ))
    })
}

#[napi(catch_unwind)]
pub fn index_keys(store: u32, name: String) -> Result<Option<String>> {
    with(store, |s| Ok(s.index_keys_text(&escape_str(&name))))
}

#[napi(catch_unwind)]
pub fn index_ids(
    store: u32,
    name: String,
    ordinals: Uint32Array,
    distinct: bool,
) -> Result<Uint32Array> {
    with(store, |s| {
        Ok(Uint32Array::new(s.index_ids(
            &escape_str(&name),
            &ordinals,
            distinct,
        )))
    })
}

#[napi(catch_unwind)]
pub fn sorted_ids(store: u32, name: String) -> Result<Option<Uint32Array>> {
    with(store, |s| {
        Ok(s.sorted_ids(&escape_str(&name)).map(Uint32Array::new))
    })
}

#[napi(catch_unwind)]
pub fn sort_by_ordinals(store: u32, name: String, ordinals: Uint32Array) -> Result<Uint32Array> {
    with(store, |s| {
        Ok(Uint32Array::new(
            s.sort_by_ordinals(&escape_str(&name), &ordinals),
        ))
    })
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

/// `[reportedToV8, [records, recordBytes, indexBytes, versionBytes, …]]` (`Store::stats_text`).
#[napi(catch_unwind)]
pub fn stats(store: u32) -> Result<String> {
    with(store, |s| {
        Ok(format!("[{},{}]", stores::reported(store), s.stats_text()))
    })
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

/// The keys under `value` (JSON) in index `name`, as a JSON array; null if none.
#[napi(catch_unwind)]
pub fn index_lookup(store: u32, name: String, value: String) -> Result<Option<String>> {
    with(store, |s| {
        let ids = s.index_lookup(&escape_str(&name), &parsed(&value)?);
        Ok(ids.map(|ids| s.keys_text(Some(&ids))))
    })
}

#[napi(catch_unwind)]
pub fn dump_indexes(store: u32, only: Option<String>) -> Result<String> {
    with(store, |s| {
        Ok(s.indexes_text(only.map(|n| escape_str(&n)).as_deref()))
    })
}

#[napi(catch_unwind)]
pub fn override_indexes(env: Env, store: u32, data: String) -> Result<()> {
    let out = with(store, |s| s.override_indexes(&parsed(&data)?).map_err(fail));
    stores::report(env.raw(), store);
    out
}

/// `[key, record, …]`.
#[napi(catch_unwind)]
pub fn versions(store: u32, k: JsKey) -> Result<Option<String>> {
    with(store, |s| Ok(s.versions_text(&key(k))))
}

#[napi(catch_unwind)]
pub fn drop_versions(store: u32, k: JsKey) -> Result<()> {
    with(store, |s| {
        s.drop_versions(&key(k));
        Ok(())
    })
}

#[napi(catch_unwind)]
pub fn versioned_keys(store: u32) -> Result<String> {
    with(store, |s| Ok(s.versioned_keys_text()))
}

/// haro's `setIndex(key, data, indice)`; `only` is `[name, fields|null]`.
#[napi(catch_unwind)]
pub fn index_record(store: u32, k: JsKey, data: String, only: Option<String>) -> Result<()> {
    with(store, |s| {
        let only = only.map(|t| spec(&parsed(&t)?)).transpose()?;
        s.index_record(&key(k), &data, only.as_ref()).map_err(fail)
    })
}

/// haro's `deleteIndex(key, data)`.
#[napi(catch_unwind)]
pub fn unindex_record(store: u32, k: JsKey, data: String) -> Result<()> {
    with(store, |s| s.unindex_record(&key(k), &data).map_err(fail))
}

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
