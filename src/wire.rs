//! The wire: how each message between the facade and the binding is laid out, and its
//! decoding and encoding. The binding (`binding*.rs`) calls these and the engine; the
//! engine knows nothing of this file. Text messages are JSON in the record codec's form
//! (`core::parse`: tagged values, strings kept escaped), so a key or a record inside one
//! reads exactly as it rests in the store.
//!
//! | message          | direction | layout                                                              | used by |
//! | ---------------- | --------- | ------------------------------------------------------------------- | ------- |
//! | key              | JS → Rust | a string or a number argument (`StrKey`/`f64`, `Either` as `JsKey`) | most calls |
//! | spec             | JS → Rust | `[name, fields\|null]`; `fields`: a composite's parts in `sortKeys` order | `reindex`, `indexRecord` |
//! | specs            | JS → Rust | `[[name, fields\|null], …]`                                          | `setSpecs` |
//! | set chunk        | JS → Rust | a string, each entry's key then its record text, and a `Uint32Array` of two lengths (UTF-16 units) per entry: the key's (bit 31 set: a number key, written as `String(n)`) and the text's | `setChunk`, `stageChunk` (a text may be any value) |
//! | set records      | JS → Rust | the keys joined, a `Uint32Array` of their lengths as a set chunk's, and `[record, …]` as one `JSON.stringify` writes it (`core::split_objects`) | `setRecords`, `setRecordsLater`, `stageRecords` |
//! | index ids        | JS → Rust | `[[name, [value, …]], …]` and a `Uint32Array`: for each value in order, how many ids follow, then the ids of its records (those the store holds) | `overrideIndexesIds` |
//! | key list         | JS → Rust | `[key, …]`                                                          | `bulkDelete` |
//! | find query       | JS → Rust | `[indexName, [field, …], where]`                                    | `find` |
//! | where query      | JS → Rust | `[[indexedName, …], predicate]`                                     | `whereIds` |
//! | search query     | JS → Rust | `[[indexName, …], value]`                                           | `search` |
//! | bound            | JS → Rust | `kind` (0 none, 1 inclusive, 2 exclusive) and a value; `limit` `u32::MAX`: none | `rangeNum`, `rangeText` |
//! | ids              | Rust → JS | `Uint32Array` of record ids                                         | `scanWhere`, `sortedIds`, `sortByOrdinals`, `ids`, `commitStaged`, `copyRecords` |
//! | ids written      | Rust → JS | into a `Uint32Array` view the caller passes, one id per record, in order | `setChunk`, `setRecords` |
//! | ids collected    | Rust → JS | into the write's whole `Uint32Array`, a chunk's from the `start` it was sent with, once the chunk set off the JS thread is over; `false` when it stopped at a record: that record's id and those after it are `0xffffffff` (`setRecordsLater` then sends nothing) | `setRecordsLater`, `settleChunks` |
//! | ids out          | Rust → JS | into the id buffer the caller passes, `[count, id…]`, and `true` crosses; a `Uint32Array` when they do not fit (`ids_out`) | `find`, `findKey`, `search`, `whereIds`, `indexIds` |
//! | records          | Rust → JS | `[id, key, record, id, key, record, …]` (flat triples; a packed record as its form's number and its values, `id, key, form, value, …`: `Store::write_records_for_js`, into the buffer `Kept` keeps; lib/forms.js reads it) | `get`, `getN`, `records`, `findKey` (one record) |
//! | form             | Rust → JS | `[[key, …], [[place, form], …]]`, what a form number stands for (`Store::form_text`), or null | `form` |
//! | set outcome      | Rust → JS | the id (a number), or `"[id, mergedRecord]"` when merged            | `set`, `setN` |
//! | keys             | Rust → JS | `[key, …]` (`Store::keys_text`)                                     | `keys`, `keysOf`, `indexLookup` |
//! | index keys       | Rust → JS | `[indexKey, …]` (`Store::index_keys_text`)                          | `indexKeys` |
//! | index postings   | Rust → JS | `Uint32Array` `[count, id, …, count, id, …]`, one run per index key, in `index keys` order (`Store::index_postings`) | `indexPostings` |
//! | index dump       | Rust → JS | `[[name, [[indexKey, [recordKey, …]], …]], …]` (`Store::indexes_text`) | `dumpIndexes` |
//! | index names      | Rust → JS | `[name, …]` (`Store::index_names_text`)                             | `indexNames` |
//! | versions         | Rust → JS | `[record, …]` (`Store::versions_text`); `versionedKeys`: `[key, …]` | `versions`, `versionedKeys` |
//! | stats            | Rust → JS | `[reportedToV8, [records, recordBytes, indexBytes, versionBytes, versionedKeys, versions, [[name, keys, entries, bytes], …]]]` | `stats` |
//! | tick             | Rust → JS | the next due time (a number), or `"[next, [id, …], key, …]"` when records expired | `tick` |
//! | text order log   | Rust → JS | `[[joined, indexKey], …]` (`ordered_index::text_log`)               | `textOrderLog` |
//! | errors           | Rust → JS | a JS `Error`; `GenericFailure` for a missing record, `InvalidArg` for bad input; snapshots: `[kind] message` | every call |
//!
//! The texts the engine writes (records, keys, dumps) are the record codec's output
//! and stay in `core`; what only the wire has (the positional wrappers) is here.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Bound;

use napi::bindgen_prelude::*;

use crate::core::{self, ordered_index, IndexSpec, Key, RecKey, SetOutcome, Store, Val};

// ---- errors ----------------------------------------------------------------------

/// An engine error as a JS `Error`.
pub fn fail(e: core::Error) -> Error {
    let status = match e {
        core::Error::NotFound => Status::GenericFailure,
        _ => Status::InvalidArg,
    };
    Error::new(status, e.to_string())
}

/// A text message, parsed.
pub fn parsed(text: &str) -> Result<Val<'_>> {
    core::parse(text).map_err(fail)
}

// ---- JS → Rust -------------------------------------------------------------------

/// A key inside a message: a string or a number.
pub fn key_val(v: &Val<'_>) -> Result<Key> {
    match v {
        Val::Str(s) => Ok(Key::Str(Box::from(&**s))),
        Val::Num(n) => Ok(Key::num(*n)),
        _ => Err(Error::new(
            Status::InvalidArg,
            "keys are strings or numbers",
        )),
    }
}

/// The strings of an array (anything else in it is skipped; not an array: none).
pub fn strings(v: &Val<'_>) -> Vec<Box<str>> {
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

/// spec: `[name, fields|null]` → a spec; `fields` are a composite's parts in `sortKeys` order.
pub fn spec(v: &Val<'_>) -> Result<IndexSpec> {
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

/// An optional spec message.
pub fn spec_text(text: Option<String>) -> Result<Option<IndexSpec>> {
    text.map(|t| spec(&parsed(&t)?)).transpose()
}

/// specs: `[[name, fields|null], …]`.
pub fn specs(text: &str) -> Result<Vec<IndexSpec>> {
    let v = parsed(text)?;
    let Val::Arr(items) = &v else {
        return Err(Error::new(Status::InvalidArg, "specs must be an array"));
    };
    items.iter().map(spec).collect()
}

/// set chunk: the entries of `text`, cut by `lens` (see the table), each checked to be a
/// key and an object's text before any is written.
pub fn set_chunk<'t>(text: &'t str, lens: &[u32]) -> Result<Vec<(ChunkKey<'t>, &'t str)>> {
    let entries = chunk_entries(text, lens)?;
    if entries
        .iter()
        .any(|(_, t)| !(t.starts_with('{') && t.ends_with('}')))
    {
        return Err(chunk_error("a record is not an object"));
    }
    Ok(entries)
}

/// A set chunk's entries, each text whatever it holds (an override's record may be a Date:
/// the engine reads each when it is staged).
pub fn chunk_entries<'t>(text: &'t str, lens: &[u32]) -> Result<Vec<(ChunkKey<'t>, &'t str)>> {
    if !lens.len().is_multiple_of(2) {
        return Err(chunk_error("odd length list"));
    }
    let ascii = text.is_ascii();
    let mut rest = text;
    let mut out = Vec::with_capacity(lens.len() / 2);
    for pair in lens.chunks_exact(2) {
        let (k, r) = cut(rest, pair[0] & 0x7fff_ffff, ascii)?;
        let (t, r) = cut(r, pair[1], ascii)?;
        rest = r;
        out.push((chunk_key(k, pair[0])?, t));
    }
    if !rest.is_empty() {
        return Err(chunk_error("text left after the last entry"));
    }
    Ok(out)
}

/// set records: the keys of `keys`, cut by `lens` as a set chunk's, each with its record
/// from `records`, one array's text (`core::split_objects`), before any is written.
pub fn set_records<'t>(
    keys: &'t str,
    lens: &[u32],
    records: &'t str,
) -> Result<Vec<(ChunkKey<'t>, &'t str)>> {
    let texts = core::split_objects(records).map_err(fail)?;
    if texts.len() != lens.len() {
        return Err(chunk_error("as many keys as records"));
    }
    let ascii = keys.is_ascii();
    let mut rest = keys;
    let mut out = Vec::with_capacity(texts.len());
    for (&len, t) in lens.iter().zip(texts) {
        let (k, r) = cut(rest, len & 0x7fff_ffff, ascii)?;
        rest = r;
        out.push((chunk_key(k, len)?, t));
    }
    if !rest.is_empty() {
        return Err(chunk_error("text left after the last key"));
    }
    Ok(out)
}

fn chunk_error(m: &str) -> Error {
    Error::new(Status::InvalidArg, format!("bad set chunk: {m}"))
}

/// A set chunk's key, borrowed from the chunk's text unless escaping changed it: a `set`
/// keeps it inside its record's allocation, so an owned one was made and freed per record.
pub enum ChunkKey<'t> {
    Str(Cow<'t, str>),
    Num(f64),
}

impl ChunkKey<'_> {
    pub fn as_ref(&self) -> RecKey<'_> {
        match self {
            ChunkKey::Str(s) => RecKey::Str(s),
            ChunkKey::Num(n) => RecKey::Num(*n),
        }
    }

    pub fn into_key(self) -> Key {
        match self {
            ChunkKey::Str(s) => Key::Str(s.into()),
            ChunkKey::Num(n) => Key::Num(n),
        }
    }
}

/// A chunk's key: bit 31 of its length says it was a number, written as `String(n)`.
fn chunk_key(k: &str, len: u32) -> Result<ChunkKey<'_>> {
    Ok(if len >> 31 == 1 {
        ChunkKey::Num(Key::normal(
            k.parse::<f64>().map_err(|_| chunk_error("a number key"))?,
        ))
    } else {
        ChunkKey::Str(core::escaped(k))
    })
}

/// `rest` cut after `units` UTF-16 units. In ASCII they are byte counts (the common case,
/// checked at memory speed), otherwise the piece is walked by its characters.
fn cut(rest: &str, units: u32, ascii: bool) -> Result<(&str, &str)> {
    let units = units as usize;
    if ascii {
        return if units <= rest.len() {
            Ok(rest.split_at(units))
        } else {
            Err(chunk_error("lengths run past the text"))
        };
    }
    let mut n = 0;
    for (at, c) in rest.char_indices() {
        if n == units {
            return Ok(rest.split_at(at));
        }
        n += c.len_utf16();
    }
    if n == units {
        Ok((rest, ""))
    } else {
        Err(chunk_error(
            "lengths run past the text or split a character",
        ))
    }
}

/// key list: `[key, …]`.
pub fn keys(text: &str) -> Result<Vec<Key>> {
    let list = parsed(text)?;
    let Val::Arr(items) = &list else {
        return Err(Error::new(Status::InvalidArg, "keys must be an array"));
    };
    items.iter().map(key_val).collect()
}

/// find query: `[indexName, [field, …], where]` → the name, the fields and `where`.
pub fn find_query<'q>(q: &'q Val<'q>) -> Result<(&'q str, Vec<Box<str>>, &'q Val<'q>)> {
    let (Val::Str(name), fields) = (q.get_index(0), q.get_index(1)) else {
        return Err(Error::new(Status::InvalidArg, "bad find query"));
    };
    Ok((name, strings(fields), q.get_index(2)))
}

/// where query `[[indexedName, …], predicate]`, and search query `[[indexName, …], value]`:
/// the names and the predicate or value.
pub fn names_query<'q>(q: &'q Val<'q>) -> (Vec<Box<str>>, &'q Val<'q>) {
    (strings(q.get_index(0)), q.get_index(1))
}

/// bound: `kind` 0 none, 1 inclusive, 2 exclusive.
pub fn bound(kind: u32, v: f64) -> Bound<f64> {
    match kind {
        1 => Bound::Included(v),
        2 => Bound::Excluded(v),
        _ => Bound::Unbounded,
    }
}

/// A page of a range; `limit` `u32::MAX`: none.
pub fn page(desc: bool, offset: u32, limit: u32) -> ordered_index::Page {
    ordered_index::Page {
        desc,
        offset: offset as usize,
        limit: if limit == u32::MAX {
            usize::MAX
        } else {
            limit as usize
        },
    }
}

// ---- Rust → JS -------------------------------------------------------------------

/// Ids as `ids_out` hands them back.
pub type Ids = Either<bool, Uint32Array>;

/// Ids as a query hands them back: written into the caller's id buffer (`out`, a
/// `Uint32Array` lib/engine.js passes with the call) as `[count, id…]` when they fit, and
/// `true` crosses; else a `Uint32Array` of their own. One made from Rust costs an external
/// buffer and its finalizer, and V8's sweeper frees it on another thread, where `free`
/// then contends with the JS thread's `malloc` for the allocator's lock: a function
/// `search` of 1k records (~50 and ~125 ids) took 9.6-10.6 µs a call, 2.3-2.8 since
/// (haro 2.8-3.2; README, "A query's ids").
pub fn ids_out(ids: Vec<u32>, out: &mut Uint32ArraySlice) -> Ids {
    // SAFETY: no JS runs during the call that writes it, so nothing reads or writes the
    // buffer meanwhile; its length is the slice's.
    let buf = unsafe { out.as_mut() };
    match buf.split_first_mut() {
        Some((count, rest)) if ids.len() <= rest.len() => {
            *count = ids.len() as u32;
            rest[..ids.len()].copy_from_slice(&ids);
            Either::A(true)
        }
        _ => Either::B(Uint32Array::new(ids)),
    }
}

/// set outcome: the id, or `[id, mergedRecord]`.
pub fn set_outcome(out: SetOutcome) -> Either<u32, String> {
    match out.merged {
        None => Either::A(out.id),
        Some(m) => Either::B(format!("[{},{}]", out.id, m)),
    }
}

/// stats: `[reportedToV8, [records, …]]` (`Store::stats_text`).
pub fn stats(reported: i64, s: &Store) -> String {
    format!("[{},{}]", reported, s.stats_text())
}

/// tick: the next due time, or `[next, [id, …], key, …]` when records went.
pub fn tick(next: f64, gone: &[(Key, u32)]) -> Either<f64, String> {
    if gone.is_empty() {
        return Either::A(next);
    }
    let mut out = String::from("[");
    core::write_into(&Val::Num(next), &mut out);
    out.push_str(",[");
    for (i, (_, id)) in gone.iter().enumerate() {
        let sep = if i > 0 { "," } else { "" };
        let _ = write!(out, "{sep}{id}"); // (writing to a String cannot fail)
    }
    out.push(']');
    for (k, _) in gone {
        out.push(',');
        k.write(&mut out);
    }
    out.push(']');
    Either::B(out)
}
