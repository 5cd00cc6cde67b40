//! Queries: `find`, `where`, `search` by value, index orders and lookups.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{with, Kept, KeyArg, StrArg};
use crate::core::{escape_str, escaped, Val};
use crate::wire::{self, fail, parsed, Ids};

/// `find`: the query is `[indexName, [fields…], where]`.
pub fn find(store: u32, query: String, mut out: Uint32ArraySlice) -> Result<Ids> {
    with(store, |s| {
        let q = parsed(&query)?;
        let (name, fields, where_) = wire::find_query(&q)?;
        Ok(wire::ids_out(s.find(name, &fields, where_), &mut out))
    })
}

/// What `find_key` found: one id, none, several, or one with its record's text.
type KeyFound = Either4<u32, Vec<u32>, Ids, Kept>;

/// `find` on one field for one string, number or boolean (or on a composite, for the key
/// haro joins): the index `name`'s ids under `key`, with no query text to write or parse
/// (the facade sends only well-formed strings). One id crosses as a number (no array to
/// build), more as `ids_out` writes them (`out` reads the caller's id buffer, only then:
/// one id is the commonest answer). With `record`, one id crosses with its record instead, as
/// `records` writes it (`[id, key, record]`): a record the facade has not cached costs one
/// crossing, not two. `null`: there is no index `name` (the facade then answers finds on it
/// without crossing until the store changes).
pub fn find_key<'a>(
    store: u32,
    name: StrArg,
    key: KeyArg,
    record: bool,
    out: impl FnOnce() -> Result<Uint32ArraySlice<'a>>,
) -> Result<Option<KeyFound>> {
    with(store, |s| {
        let key = match &key {
            KeyArg::Str(text) => Val::Str(escaped(text.as_str())),
            KeyArg::Num(n) => Val::Num(*n),
            KeyArg::Bool(b) => Val::Bool(*b),
        };
        let Some(found) = s.index_set_in(&escaped(name.as_str()), &key) else {
            return Ok(None);
        };
        let Some(set) = found else {
            return Ok(Some(Either4::B(Vec::new())));
        };
        let one = (set.len() == 1).then(|| set.iter().next()).flatten();
        if let Some(id) = one {
            return Ok(Some(if record {
                Either4::D(Kept::records(s, &[id]))
            } else {
                Either4::A(id)
            }));
        }
        Ok(Some(Either4::C(wire::ids_out(
            set.iter().collect(),
            &mut out()?,
        ))))
    })
}

/// `where`: `[[indexedNames…], predicate]`. With `filter`, the predicate is applied here
/// too (it has no RegExp); without, the caller applies it. null: no index applies.
pub fn where_ids(
    store: u32,
    query: String,
    all: bool,
    filter: bool,
    mut out: Uint32ArraySlice,
) -> Result<Option<Ids>> {
    with(store, |s| {
        let q = parsed(&query)?;
        let (names, pred) = wire::names_query(&q);
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
        Ok(Some(wire::ids_out(ids, &mut out)))
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
pub fn search(store: u32, query: String, mut out: Uint32ArraySlice) -> Result<Ids> {
    with(store, |s| {
        let q = parsed(&query)?;
        let (names, value) = wire::names_query(&q);
        Ok(wire::ids_out(s.search(&names, value), &mut out))
    })
}

#[napi(catch_unwind)]
pub fn index_keys(store: u32, name: String) -> Result<Option<String>> {
    with(store, |s| Ok(s.index_keys_text(&escape_str(&name))))
}

/// The keys of index `name` from place `from` on that fit `max_bytes`, as `[next place, key…]`.
#[napi(catch_unwind)]
pub fn index_keys_from(
    store: u32,
    name: String,
    from: u32,
    max_bytes: u32,
) -> Result<Option<String>> {
    with(store, |s| {
        Ok(s.index_keys_text_from(&escape_str(&name), from as usize, max_bytes as usize))
    })
}

#[napi(catch_unwind)]
pub fn index_ids(
    store: u32,
    name: String,
    ordinals: Uint32ArraySlice,
    distinct: bool,
    mut out: Uint32ArraySlice,
) -> Result<Ids> {
    with(store, |s| {
        let ids = s.index_ids(&escape_str(&name), &ordinals, distinct);
        Ok(wire::ids_out(ids, &mut out))
    })
}

/// `[count, id…, count, id…]` per key of index `name`, in `indexKeys` order; null: no such index.
#[napi(catch_unwind)]
pub fn index_postings(store: u32, name: String) -> Result<Option<Uint32Array>> {
    with(store, |s| {
        Ok(s.index_postings(&escape_str(&name)).map(Uint32Array::new))
    })
}

#[napi(catch_unwind)]
pub fn sorted_ids(store: u32, name: String) -> Result<Option<Uint32Array>> {
    with(store, |s| {
        Ok(s.sorted_ids(&escape_str(&name)).map(Uint32Array::new))
    })
}

#[napi(catch_unwind)]
pub fn sort_by_ordinals(
    store: u32,
    name: String,
    ordinals: Uint32ArraySlice,
) -> Result<Uint32Array> {
    with(store, |s| {
        Ok(Uint32Array::new(
            s.sort_by_ordinals(&escape_str(&name), &ordinals),
        ))
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
