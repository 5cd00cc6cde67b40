//! The store: records by key in insertion order, their versions, and haro's indexes.
//!
//! Records rest as the tagged JSON text the facade sends (see `value`), so a read is a
//! copy of bytes and nothing is rebuilt. Record ids are slots, reused after deletion;
//! queries answer with ids and the facade resolves them from its cache.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashSet, HashTable};

use super::error::{Error, Result};
use super::expiry::{Expiry, Retention};
use super::ikey::{IKey, KeyRef};
use super::index::Index;
use super::key::Key;
use super::ordered::OrderedMap;
use super::ordered_index;
use super::path;
use super::tombstoned::{Slot, Tombstoned};
use super::value::{self, merge, parse, write_str, Val};

mod bulk;

/// Per-record memory besides its text: slot, key, order and hash entry, roughly (index
/// entries are counted by each index).
const RECORD_OVERHEAD: usize = 64;
/// Per kept version besides its text, and per key with a history.
const VERSION_OVERHEAD: usize = 16;
const HISTORY_OVERHEAD: usize = 48;
/// Object-valued keys that `override('indexes')` brings get ids from this range.
const FOREIGN_UNIQUE: u64 = 1 << 63;

/// One entry of haro's `index` list, resolved against the current delimiter.
#[derive(Clone, Debug)]
pub struct IndexSpec {
    /// The index name (escaped).
    pub name: Box<str>,
    /// The fields (escaped): the name alone, or a composite's parts in `sortKeys` order.
    pub fields: Vec<Box<str>>,
    pub composite: bool,
}

/// One index in `Stats`.
#[derive(Debug, PartialEq)]
pub struct IndexStats {
    /// The index name (escaped).
    pub name: Box<str>,
    pub keys: usize,
    /// Record entries over all keys (a record under two keys counts twice).
    pub entries: usize,
    pub bytes: usize,
}

/// What `Store::stats` reports; the byte figures are estimates of what each part holds,
/// and their sum is what V8 is told.
#[derive(Debug, PartialEq)]
pub struct Stats {
    pub records: usize,
    pub record_bytes: usize,
    pub index_bytes: usize,
    pub version_bytes: usize,
    /// Keys with a history, and versions kept over all of them.
    pub versioned_keys: usize,
    pub versions: usize,
    pub indexes: Vec<IndexStats>,
}

struct Rec {
    key: Key,
    text: Box<str>,
    /// Place in `order`.
    pos: u32,
}

/// What `set` did.
#[derive(Debug, PartialEq)]
pub struct SetOutcome {
    pub id: u32,
    /// The merged text, when the new record was merged into an existing one.
    pub merged: Option<String>,
}

#[derive(Default)]
pub struct Store {
    recs: Vec<Option<Rec>>,
    free: Vec<u32>,
    by_key: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// Live ids in insertion order; a deletion leaves a tombstone (compacted at 64 dead).
    order: Tombstoned<u32, 64>,
    pub versioning: bool,
    /// The composite delimiter (escaped).
    delimiter: Box<str>,
    specs: Vec<IndexSpec>,
    /// Bytes of record text held, plus a per-record allowance. With the indexes' and the
    /// versions' own counts, what the binding tells V8 the store weighs, so its collector
    /// knows what dropping one frees.
    bytes: usize,
    /// Versions kept, and the bytes of their texts.
    version_count: usize,
    version_text: usize,
    /// Every field the specs read, once each: what a record's text is parsed for.
    fields: Vec<Box<str>>,
    indexes: OrderedMap<Box<str>, Index>,
    /// Earlier texts by key. A map of its own, as haro's `versions`: it outlives a record
    /// deleted while versioning is off, and `override` leaves it alone.
    versions: OrderedMap<Key, Vec<Box<str>>>,
    /// Some index may hold ids where their records' current values do not put them
    /// (`override('indexes')`, an index list or delimiter changed under existing indexes):
    /// removal must then search every key, since ids are reused. A full reindex clears it.
    stale: bool,
    /// Entries `setIndex` made from caller-given data, by record: taken out with the
    /// record, since its own values would not find them.
    extras: hashbrown::HashMap<u32, Vec<(Box<str>, IKey)>>,
    next_foreign: u64,
    /// Records sent in chunks for one all-or-nothing write (`batch`, `override`), held
    /// until `commit_staged` applies them all or `unstage` drops them.
    /// Kept as the chunks they came in, so staging never copies a growing list.
    staged: Vec<Vec<(Key, String)>>,
    /// Moves on every change of records or indexes, so readers can keep what they built.
    generation: u64,
    /// When records expire (`ttl`, `expireAt`), and what versions are kept.
    pub expiry: Expiry,
    pub retention: Retention,
}

impl Store {
    pub fn new() -> Store {
        Store {
            delimiter: "|".into(),
            next_foreign: FOREIGN_UNIQUE,
            ..Store::default()
        }
    }

    pub fn set_delimiter(&mut self, delimiter: &str) {
        self.generation += 1;
        if *self.delimiter != *delimiter && !self.indexes.is_empty() {
            self.stale = true;
        }
        self.delimiter = delimiter.into();
    }

    /// Replaces haro's `index` list. An existing index that joins or leaves the list, or
    /// whose fields change, may now disagree with what records say of it.
    pub fn set_specs(&mut self, specs: Vec<IndexSpec>) {
        self.generation += 1;
        let spec_of = |list: &[IndexSpec], name: &str| {
            list.iter()
                .find(|s| &*s.name == name)
                .map(|s| (s.fields.clone(), s.composite))
        };
        if self
            .indexes
            .iter()
            .any(|(name, _)| spec_of(&self.specs, name) != spec_of(&specs, name))
        {
            self.stale = true;
        }
        self.fields = field_names(&specs);
        self.specs = specs;
    }

    /// A number that changes whenever records, versions or indexes change.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Roughly the memory the store holds: records, indexes and versions (`stats`).
    pub fn approx_bytes(&self) -> usize {
        self.bytes + self.index_bytes() + self.version_bytes()
    }

    fn index_bytes(&self) -> usize {
        self.indexes.iter().map(|(_, ix)| ix.approx_bytes()).sum()
    }

    fn version_bytes(&self) -> usize {
        self.versions.len() * HISTORY_OVERHEAD
            + self.version_count * VERSION_OVERHEAD
            + self.version_text
    }

    /// What the store holds, counted: `store.stats()`.
    pub fn stats(&self) -> Stats {
        Stats {
            records: self.len(),
            record_bytes: self.bytes,
            index_bytes: self.index_bytes(),
            version_bytes: self.version_bytes(),
            versioned_keys: self.versions.len(),
            versions: self.version_count,
            indexes: self
                .indexes
                .iter()
                .map(|(name, ix)| IndexStats {
                    name: name.clone(),
                    keys: ix.len(),
                    entries: ix.entries(),
                    bytes: ix.approx_bytes(),
                })
                .collect(),
        }
    }

    /// `stats` as JSON: `[records, recordBytes, indexBytes, versionBytes, versionedKeys,
    /// versions, [[name, keys, entries, bytes]…]]`.
    pub fn stats_text(&self) -> String {
        let st = self.stats();
        let mut out = format!(
            "[{},{},{},{},{},{},",
            st.records,
            st.record_bytes,
            st.index_bytes,
            st.version_bytes,
            st.versioned_keys,
            st.versions
        );
        out.push_str(&json_array(st.indexes.iter(), |ix, out| {
            out.push('[');
            write_str(&ix.name, out);
            out.push_str(&format!(",{},{},{}]", ix.keys, ix.entries, ix.bytes));
        }));
        out.push(']');
        out
    }

    /// Drops the history of `key`, keeping the version counts right.
    fn forget_versions(&mut self, key: &Key) {
        self.retention.forget(key);
        if let Some(list) = self.versions.remove(key) {
            self.version_count -= list.len();
            self.version_text -= list.iter().map(|t| t.len()).sum::<usize>();
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn rec(&self, id: u32) -> Option<&Rec> {
        self.recs.get(id as usize)?.as_ref()
    }

    pub fn id_of(&self, key: &Key) -> Option<u32> {
        let recs = &self.recs;
        self.by_key
            .find(self.hasher.hash_one(key), |&id| {
                recs[id as usize].as_ref().is_some_and(|r| r.key == *key)
            })
            .copied()
    }

    pub fn get(&self, key: &Key) -> Option<(u32, &str)> {
        let id = self.id_of(key)?;
        Some((id, &self.rec(id)?.text))
    }

    /// The key of record `id`.
    pub fn key_of(&self, id: u32) -> Option<&Key> {
        self.rec(id).map(|r| &r.key)
    }

    /// Takes out the records due at `now` and, with a version `ttl`, the versions older
    /// than it; returns the keys of the records, earliest due first.
    pub fn purge_expired(&mut self, now: f64) -> Vec<Key> {
        self.retention.now = now;
        let (n, bytes) = self.retention.prune(&mut self.versions);
        if n > 0 {
            self.version_count -= n;
            self.version_text -= bytes;
            self.generation += 1;
        }
        let mut keys = Vec::new();
        for id in self.expiry.take_due(now) {
            let Some(key) = self.key_of(id).cloned() else {
                continue;
            };
            // Deleting a stored record fails only on a corrupt text; it then stays.
            if self.delete(&key, self.versioning).is_ok() {
                keys.push(key);
            }
        }
        keys
    }

    pub fn has(&self, key: &Key) -> bool {
        self.id_of(key).is_some()
    }

    /// Live ids in insertion order.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.order.live().copied()
    }

    /// `registry.slice(start, end)` as ids; bounds are already clamped by the caller.
    pub fn ids_range(&self, start: usize, end: usize) -> Vec<u32> {
        if end <= start {
            return Vec::new();
        }
        self.ids().skip(start).take(end - start).collect()
    }

    // ---- writes -------------------------------------------------------------------

    /// haro's `set`: a new key is appended; an existing one keeps its place, is taken out
    /// of the indexes, recorded as a version, and (unless `replace`) merged with `text`.
    pub fn set(&mut self, key: Key, text: String, replace: bool) -> Result<SetOutcome> {
        self.generation += 1;
        let existing = self.id_of(&key);
        let (text, merged) = match existing {
            Some(id) if !replace => {
                let old = parse(&self.rec(id).expect("live record").text)?;
                let merged = value::write(&merge(old, parse(&text)?, 0)?);
                (merged.clone(), Some(merged))
            }
            _ => (text, None),
        };
        // Everything that can fail is done before the store changes.
        let new_vals = self.values_of(&text)?;
        let id = match existing {
            Some(id) => {
                self.unindex_stored(id)?;
                id
            }
            None => self.insert_new(key.clone(), Box::from("")),
        };
        let Store {
            indexes,
            specs,
            fields,
            delimiter,
            ..
        } = self;
        index(indexes, specs.iter(), fields, &new_vals, delimiter, id);
        drop(new_vals);
        let rec = self.recs[id as usize].as_mut().expect("live record");
        self.bytes = self.bytes + text.len() - rec.text.len();
        let old = std::mem::replace(&mut rec.text, text.into_boxed_str());
        if existing.is_some() {
            if self.versioning {
                // haro would crash on a key `override` brought in; it starts a history.
                self.version_count += 1;
                self.version_text += old.len();
                let versions = self.versions.get_or_insert_with(key.clone(), Vec::new);
                versions.push(old);
                let (n, bytes) = self.retention.pushed(&key, versions);
                self.version_count -= n;
                self.version_text -= bytes;
            }
        } else if self.versioning {
            // A history the key kept from before (deleted while versioning was off) starts over.
            let list = self.versions.get_or_insert_with(key, Vec::new);
            self.version_count -= list.len();
            self.version_text -= list.iter().map(|t| t.len()).sum::<usize>();
            list.clear();
        }
        Ok(SetOutcome { id, merged })
    }

    /// Holds records for a later `commit_staged`; the store itself does not change.
    pub fn stage(&mut self, items: Vec<(Key, String)>) {
        self.staged.push(items);
    }

    /// Drops what `stage` holds (a refused batch).
    pub fn unstage(&mut self) {
        self.staged = Vec::new();
    }

    /// Applies every staged record, or none: `set_many` of them (a batch, `setMany`), or
    /// `override_records` of them all. Returns the id of each staged record, in order.
    pub fn commit_staged(&mut self, override_all: bool) -> Result<Vec<u32>> {
        let chunks = std::mem::take(&mut self.staged);
        if override_all {
            self.override_chunks(chunks)
        } else {
            self.set_chunks(chunks)
        }
    }

    fn insert_new(&mut self, key: Key, text: Box<str>) -> u32 {
        self.bytes += text.len() + RECORD_OVERHEAD;
        let hash = self.hasher.hash_one(&key);
        let rec = Rec {
            key,
            text,
            pos: self.order.slots().len() as u32,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.recs[id as usize] = Some(rec);
                id
            }
            None => {
                self.recs.push(Some(rec));
                (self.recs.len() - 1) as u32
            }
        };
        self.order.push(id);
        let (recs, hasher) = (&self.recs, &self.hasher);
        self.by_key.insert_unique(hash, id, |&i| {
            hasher.hash_one(&recs[i as usize].as_ref().expect("live record").key)
        });
        id
    }

    /// Takes record `id` out of the listed indexes, by the values its stored text holds
    /// (haro's `deleteIndex(key, og)`).
    fn unindex_stored(&mut self, id: u32) -> Result<()> {
        let Store {
            recs,
            indexes,
            specs,
            fields,
            delimiter,
            stale,
            ..
        } = self;
        let text = &recs[id as usize].as_ref().expect("live record").text;
        let vals = values_of(fields, text)?;
        unindex(indexes, specs, fields, &vals, delimiter, id, *stale);
        Ok(())
    }

    /// Takes record `id` (of `key`) out of the slab, the key table, the order and the due
    /// times; its index entries and history are the caller's business.
    fn remove_slot(&mut self, key: &Key, id: u32) {
        let hash = self.hasher.hash_one(key);
        if let Ok(entry) = self.by_key.find_entry(hash, |&i| i == id) {
            entry.remove();
        }
        let rec = self.recs[id as usize].take().expect("live record");
        self.bytes -= rec.text.len() + RECORD_OVERHEAD;
        self.order.remove(rec.pos as usize);
        self.free.push(id);
        self.expiry.forget(id);
    }

    /// haro's `delete`; the history goes too when `versions` says so (haro drops it only
    /// while versioning is on, and after its `ondelete` hook).
    pub fn delete(&mut self, key: &Key, versions: bool) -> Result<()> {
        self.generation += 1;
        let id = self.id_of(key).ok_or(Error::NotFound)?;
        self.unindex_stored(id)?;
        forget(&mut self.indexes, &mut self.extras, &self.specs, id);
        self.remove_slot(key, id);
        self.compact_order();
        if versions {
            self.forget_versions(key);
        }
        Ok(())
    }

    /// Drops the history of `key`.
    pub fn drop_versions(&mut self, key: &Key) {
        self.generation += 1;
        self.forget_versions(key);
    }

    fn compact_order(&mut self) {
        if !self.order.compact() {
            return;
        }
        for (pos, &id) in self.order.slots().iter().enumerate() {
            if let Some(rec) = self.recs[id as usize].as_mut() {
                rec.pos = pos as u32;
            }
        }
    }

    /// haro's `clear`: records, versions and indexes go; the `index` list stays.
    /// Returns what was dropped, so the caller can free it off the calling thread.
    pub fn clear(&mut self) -> impl Send + 'static {
        self.generation += 1;
        self.bytes = 0;
        self.version_count = 0;
        self.version_text = 0;
        self.extras.clear();
        self.by_key.clear();
        self.free.clear();
        self.order.clear();
        self.stale = false;
        self.expiry.clear();
        self.retention.clear();
        (
            std::mem::take(&mut self.recs),
            std::mem::take(&mut self.indexes),
            std::mem::take(&mut self.versions),
        )
    }

    /// haro's `override(data, 'records')`: the records are replaced, the indexes emptied
    /// (not rebuilt); histories stay as they are. Returns each item's id (a repeated key: the same).
    pub fn override_records(&mut self, items: Vec<(Key, String)>) -> Result<Vec<u32>> {
        self.override_chunks(vec![items])
    }

    /// `override_records` of the records of every chunk, in order.
    fn override_chunks(&mut self, chunks: Vec<Vec<(Key, String)>>) -> Result<Vec<u32>> {
        for (_, text) in chunks.iter().flatten() {
            parse(text)?;
        }
        self.generation += 1;
        let versions = std::mem::take(&mut self.versions);
        let counts = (self.version_count, self.version_text);
        drop(self.clear());
        self.versions = versions;
        (self.version_count, self.version_text) = counts;
        let mut ids = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for (key, text) in chunks.into_iter().flatten() {
            ids.push(match self.id_of(&key) {
                Some(id) => {
                    let rec = self.recs[id as usize].as_mut().expect("live record");
                    self.bytes = self.bytes + text.len() - rec.text.len();
                    rec.text = text.into_boxed_str();
                    id
                }
                None => self.insert_new(key, text.into_boxed_str()),
            });
        }
        Ok(ids)
    }

    // ---- indexing -----------------------------------------------------------------

    /// The values of every field the index list reads, borrowed from `text`.
    fn values_of<'t>(&self, text: &'t str) -> Result<Vec<Val<'t>>> {
        values_of(&self.fields, text)
    }

    /// haro's `reindex`: rebuilds every index of the list, or only `spec`, which joins
    /// the list if it is not there.
    pub fn reindex(&mut self, spec: Option<IndexSpec>) -> Result<()> {
        self.generation += 1;
        let specs = match spec {
            Some(spec) => {
                if !self.specs.iter().any(|s| s.name == spec.name) {
                    self.specs.push(spec.clone());
                    self.fields = field_names(&self.specs);
                }
                vec![spec]
            }
            None => self.specs.clone(),
        };
        let names = field_names(&specs);
        let mut built: Vec<Index> = specs.iter().map(|_| Index::default()).collect();
        // Built aside, so that a failure leaves the indexes as they were.
        for id in self.ids() {
            let vals = values_of(&names, &self.rec(id).expect("live record").text)?;
            let get = |f: &str| field(&names, &vals, f);
            for (spec, index) in specs.iter().zip(built.iter_mut()) {
                for_each_key(spec, get, &self.delimiter, unique_base(id), |k| {
                    index.add(k, id)
                });
            }
        }
        let full = specs.len() == self.specs.len();
        for (spec, index) in specs.into_iter().zip(built) {
            self.indexes.insert(spec.name, index);
        }
        if full {
            // Every listed index now follows the records; others are searched on delete.
            self.stale = false;
            self.extras.clear();
        }
        Ok(())
    }

    /// haro's `setIndex(key, data, indice)` with caller-given data.
    pub fn index_record(&mut self, key: &Key, text: &str, only: Option<&IndexSpec>) -> Result<()> {
        self.generation += 1;
        let Some(id) = self.id_of(key) else {
            return Ok(());
        };
        let names = match only {
            Some(spec) => field_names(std::slice::from_ref(spec)),
            None => self.fields.clone(),
        };
        let vals = values_of(&names, text)?;
        let Store {
            indexes,
            specs,
            delimiter,
            extras,
            ..
        } = self;
        let chosen: Vec<&IndexSpec> = match only {
            Some(spec) => vec![spec],
            None => specs.iter().collect(),
        };
        let get = |f: &str| field(&names, &vals, f);
        let noted = extras.entry(id).or_default();
        for spec in chosen.iter().copied() {
            for_each_key(spec, get, delimiter, unique_base(id), |k| {
                noted.push((spec.name.clone(), k.to_owned()));
            });
        }
        index(indexes, chosen.into_iter(), &names, &vals, delimiter, id);
        Ok(())
    }

    /// haro's `deleteIndex(key, data)` with caller-given data.
    pub fn unindex_record(&mut self, key: &Key, text: &str) -> Result<()> {
        self.generation += 1;
        let Some(id) = self.id_of(key) else {
            return Ok(());
        };
        let Store {
            indexes,
            specs,
            fields,
            delimiter,
            stale,
            ..
        } = self;
        let vals = values_of(fields, text)?;
        unindex(indexes, specs, fields, &vals, delimiter, id, *stale);
        Ok(())
    }

    /// haro's `override(data, 'indexes')`: `[[name, [[key, [recordKey…]]…]]…]`. Record keys
    /// the store does not hold are dropped (haro would keep them and later crash on them).
    pub fn override_indexes(&mut self, data: &Val<'_>) -> Result<()> {
        self.generation += 1;
        let bad = || Error::Malformed("indexes must be [name, [[value, [keys]]]] entries".into());
        let Val::Arr(entries) = data else {
            return Err(bad());
        };
        let mut built = OrderedMap::default();
        let mut next = self.next_foreign;
        for entry in entries {
            let Val::Arr(pair) = entry else {
                return Err(bad());
            };
            let (Some(name), Some(Val::Arr(keys))) = (pair.first(), pair.get(1)) else {
                return Err(bad());
            };
            let mut name_str = String::new();
            name.js_string(&mut name_str);
            let mut index = Index::default();
            for k in keys {
                let Val::Arr(kv) = k else {
                    return Err(bad());
                };
                let (Some(value), Some(Val::Arr(rkeys))) = (kv.first(), kv.get(1)) else {
                    return Err(bad());
                };
                let ik = KeyRef::of(value, &mut next);
                for rk in rkeys {
                    let id = match rk {
                        Val::Str(s) => self.id_of(&Key::Str(Box::from(&**s))),
                        Val::Num(n) => self.id_of(&Key::num(*n)),
                        _ => None,
                    };
                    if let Some(id) = id {
                        index.add(ik, id);
                    }
                }
            }
            built.insert(name_str.into_boxed_str(), index);
        }
        self.next_foreign = next;
        self.indexes = built;
        self.stale = true;
        Ok(())
    }

    /// `indexes.delete(name)`: the index goes; the `index` list keeps naming it.
    pub fn drop_index(&mut self, name: &str) -> bool {
        self.generation += 1;
        self.indexes.remove(name).is_some()
    }

    /// `indexes.clear()`.
    pub fn clear_indexes(&mut self) {
        self.generation += 1;
        self.extras.clear();
        self.indexes.clear();
        self.stale = false;
    }

    // ---- queries ------------------------------------------------------------------

    pub fn has_index(&self, name: &str) -> bool {
        self.indexes.contains(name)
    }

    fn index_named(&self, name: &str) -> Option<&Index> {
        self.indexes.get(name)
    }

    /// haro's `find`: the index named `name` (fields `fields`, in `sortKeys` order) looked
    /// up with the values `where` gives those fields.
    pub fn find(&self, name: &str, fields: &[Box<str>], where_: &Val<'_>) -> Vec<u32> {
        let Some(index) = self.index_named(name) else {
            return Vec::new();
        };
        if index.len() == 0 {
            return Vec::new();
        }
        let spec = IndexSpec {
            name: name.into(),
            fields: fields.to_vec(),
            composite: fields.len() > 1,
        };
        let mut sets = Vec::new();
        for_each_lookup(
            &spec,
            |f| where_.get(f),
            &self.delimiter,
            |k| {
                if let Some(set) = index.keys.get(&k) {
                    sets.push(set);
                }
            },
        );
        union(sets.into_iter().map(|s| s.iter()))
    }

    /// The ids under `key` in index `name` (an `indexes` view lookup).
    pub fn index_lookup(&self, name: &str, key: &Val<'_>) -> Option<Vec<u32>> {
        let set = self.index_named(name)?.keys.get(&KeyRef::lookup(key)?)?;
        Some(set.iter().collect())
    }

    /// haro's `where`, first stage: records that the indexed predicate fields admit.
    /// `None` when none of `names` has an index (haro then scans everything).
    pub fn where_candidates(&self, names: &[Box<str>], pred: &Val<'_>) -> Option<Vec<u32>> {
        let mut candidates: Option<Vec<u32>> = None;
        for name in names {
            let Some(index) = self.index_named(name) else {
                continue;
            };
            let p = pred.get(name);
            let wanted: Vec<&Val<'_>> = match p {
                Val::Arr(items) => items.iter().collect(),
                other => vec![other],
            };
            let matching = union(
                wanted
                    .into_iter()
                    .filter_map(KeyRef::lookup)
                    .filter_map(|k| index.keys.get(&k))
                    .map(|s| s.iter()),
            );
            candidates = Some(match candidates {
                None => matching,
                Some(c) => {
                    let keep: HashSet<u32> = matching.into_iter().collect();
                    c.into_iter().filter(|id| keep.contains(id)).collect()
                }
            });
        }
        candidates
    }

    /// Whether `where_candidates` is already haro's answer, so no record needs reading:
    /// every predicate field is a plain (not composite) index kept in step with the records,
    /// and every wanted value is one an index key equals exactly as `===` does (a string,
    /// a number but NaN, a boolean, null), alone or in a list. With `&&`, a list asks for
    /// every value at once: `every_value` then keeps the candidates in each value's set.
    pub fn where_is_exact(&self, names: &[Box<str>], pred: &Val<'_>) -> bool {
        fn exact(v: &Val<'_>) -> bool {
            match v {
                Val::Str(_) | Val::Bool(_) | Val::Null => true,
                Val::Num(n) => !n.is_nan(),
                _ => false,
            }
        }
        if self.stale || !self.extras.is_empty() {
            return false;
        }
        let Val::Obj(props) = pred else { return false };
        !props.is_empty()
            && props.iter().all(|(field, p)| {
                names.iter().any(|n| **n == **field)
                    && self
                        .specs
                        .iter()
                        .any(|s| *s.name == **field && !s.composite)
                    && self.index_named(field).is_some()
                    && match p {
                        Val::Arr(items) => items.iter().all(exact),
                        v => exact(v),
                    }
            })
    }

    /// For an exact `where` with `&&` (see `where_is_exact`): the candidates whose field
    /// holds every listed value, in the candidates' order. A record is in one key's set
    /// when its value equals it or, for an array, includes it; so being in the set of every
    /// distinct listed value is `pred.every(p => val.includes(p))` (or `val === p`).
    pub fn every_value(&self, candidates: Vec<u32>, pred: &Val<'_>) -> Vec<u32> {
        let Val::Obj(props) = pred else {
            return candidates;
        };
        let mut out = candidates;
        for (field, p) in props {
            let Val::Arr(items) = p else { continue };
            let Some(index) = self.index_named(field) else {
                return Vec::new();
            };
            let mut wanted: Vec<KeyRef<'_>> = Vec::new();
            for k in items.iter().filter_map(KeyRef::lookup) {
                if !wanted.contains(&k) {
                    wanted.push(k);
                }
            }
            if wanted.len() < 2 {
                continue;
            }
            let mut counts: hashbrown::HashMap<u32, usize> = hashbrown::HashMap::new();
            for k in &wanted {
                let Some(set) = index.keys.get(k) else {
                    return Vec::new();
                };
                for id in set.iter() {
                    *counts.entry(id).or_default() += 1;
                }
            }
            out.retain(|id| counts.get(id) == Some(&wanted.len()));
        }
        out
    }

    /// haro's `matchesPredicate` over the given records (no RegExp in `pred`).
    pub fn filter_matching(
        &self,
        ids: impl Iterator<Item = u32>,
        pred: &Val<'_>,
        all: bool,
    ) -> Result<Vec<u32>> {
        let Val::Obj(props) = pred else {
            return Ok(ids.collect());
        };
        let names: Vec<&str> = props.iter().map(|(k, _)| &**k).collect();
        let mut out = Vec::new();
        for id in ids {
            let Some(rec) = self.rec(id) else { continue };
            let vals = path::fields(&rec.text, &names)?;
            if props
                .iter()
                .zip(&vals)
                .all(|((_, p), v)| matches_one(v, p, all))
            {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// haro's `search` by plain value: `lkey === value` over the named indexes.
    pub fn search(&self, names: &[Box<str>], value: &Val<'_>) -> Vec<u32> {
        let Some(k) = KeyRef::strict(value) else {
            return Vec::new();
        };
        union(
            names
                .iter()
                .filter_map(|n| self.index_named(n))
                .filter_map(|ix| ix.keys.get(&k))
                .map(|s| s.iter()),
        )
    }

    /// The keys of index `name` in order, as a JSON array.
    pub fn index_keys_text(&self, name: &str) -> Option<String> {
        let index = self.index_named(name)?;
        Some(json_array(index.keys.iter(), |(k, _), out| k.write(out)))
    }

    /// The ids under the keys at `ordinals` (positions in `index_keys_text`), in that
    /// order; `distinct` drops repeats.
    pub fn index_ids(&self, name: &str, ordinals: &[u32], distinct: bool) -> Vec<u32> {
        let Some(index) = self.index_named(name) else {
            return Vec::new();
        };
        let sets: Vec<_> = index.keys.iter().map(|(_, s)| s).collect();
        let chosen = ordinals
            .iter()
            .filter_map(|&o| sets.get(o as usize))
            .map(|s| s.iter());
        if distinct {
            union(chosen)
        } else {
            chosen.flatten().collect()
        }
    }

    /// `sortBy` order kept from an earlier call, or read from the number order when every
    /// key is a number (no NaN): then numeric order is the whole of `sortKeys`.
    pub fn sorted_ids(&mut self, name: &str) -> Option<Vec<u32>> {
        let index = self.indexes.get_mut(name)?;
        if let Some(ids) = &index.sorted {
            return Some(ids.clone());
        }
        let ids = ordered_index::sorted_num(index)?;
        index.sorted = Some(ids.clone());
        Some(ids)
    }

    /// The ordered side of index `name`, for `range` (see `ordered_index`).
    pub fn index_mut(&mut self, name: &str) -> Option<&mut Index> {
        self.indexes.get_mut(name)
    }

    /// Records in the key order the caller sorted, kept for the next `sortBy`.
    pub fn sort_by_ordinals(&mut self, name: &str, ordinals: &[u32]) -> Vec<u32> {
        let ids = self.index_ids(name, ordinals, false);
        if let Some(index) = self.indexes.get_mut(name) {
            index.sorted = Some(ids.clone());
        }
        ids
    }

    /// Every live id matching `pred` (haro's `where` full scan).
    pub fn scan_matching(&self, pred: &Val<'_>, all: bool) -> Result<Vec<u32>> {
        self.filter_matching(self.ids(), pred, all)
    }

    // ---- text out -----------------------------------------------------------------

    /// `[id, key, record, id, key, record, …]` for the given ids.
    pub fn records_text(&self, ids: &[u32]) -> String {
        let mut out = String::with_capacity(ids.len() * 64 + 2);
        out.push('[');
        let mut first = true;
        for &id in ids {
            let Some(rec) = self.rec(id) else { continue };
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(itoa(id).as_str());
            out.push(',');
            rec.key.write(&mut out);
            out.push(',');
            out.push_str(&rec.text);
        }
        out.push(']');
        out
    }

    /// The keys of the given records as a JSON array (every key when `ids` is `None`).
    pub fn keys_text(&self, ids: Option<&[u32]>) -> String {
        let write = |rec: &Rec, out: &mut String| rec.key.write(out);
        match ids {
            Some(ids) => json_array(ids.iter().filter_map(|&id| self.rec(id)), write),
            None => json_array(self.ids().filter_map(|id| self.rec(id)), write),
        }
    }

    /// `dump('indexes')` (or one index) as `[[name, [[key, [recordKey…]]…]]…]`.
    pub fn indexes_text(&self, only: Option<&str>) -> String {
        let mut out = String::from("[");
        let mut first = true;
        for (name, index) in self.indexes.iter() {
            if only.is_some_and(|o| o != &**name) {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push('[');
            write_str(name, &mut out);
            out.push_str(",[");
            for (i, (k, set)) in index.keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                k.write(&mut out);
                out.push(',');
                let ids: Vec<u32> = set.iter().collect();
                out.push_str(&self.keys_text(Some(&ids)));
                out.push(']');
            }
            out.push_str("]]");
        }
        out.push(']');
        out
    }

    /// The index names, in the order of the `indexes` map.
    pub fn index_names_text(&self) -> String {
        json_array(self.indexes.iter(), |(name, _), out| write_str(name, out))
    }

    pub fn index_len(&self, name: &str) -> Option<usize> {
        self.index_named(name).map(Index::len)
    }

    /// The earlier texts of `key` as a JSON array; `None` when it has no history.
    pub fn versions_text(&self, key: &Key) -> Option<String> {
        let versions = self.versions.get(key)?;
        Some(format!("[{}]", versions.join(",")))
    }

    /// The keys that have a history, in the order they got one.
    pub fn versioned_keys_text(&self) -> String {
        json_array(self.versions.iter(), |(k, _), out| k.write(out))
    }

    // ---- snapshots (see `snapshot`) -------------------------------------------------

    /// Every record in insertion order, as its key and text.
    pub fn entries(&self) -> impl Iterator<Item = (&Key, &str)> + '_ {
        self.ids().map(|id| {
            let r = self.rec(id).expect("live record");
            (&r.key, &*r.text)
        })
    }

    /// Every history, in the order the keys got one.
    pub fn histories(&self) -> impl Iterator<Item = (&Key, &[Box<str>])> + '_ {
        self.versions.iter().map(|(k, v)| (k, &v[..]))
    }

    /// An empty store with this one's delimiter, index list and versioning.
    pub fn empty_like(&self) -> Store {
        let mut s = Store::new();
        s.set_delimiter(&self.delimiter);
        s.set_specs(self.specs.clone());
        s.versioning = self.versioning;
        s.retention
            .configure(self.retention.limit, self.retention.ttl);
        // It replaces this one in place: views that decoded this one's state must see a move.
        s.generation = self.generation + 1;
        s
    }

    /// Appends a record read from a snapshot, unindexed (the loader reindexes once).
    pub fn push_loaded(&mut self, key: Key, text: Box<str>) -> Result<()> {
        if self.has(&key) {
            return Err(Error::Malformed("duplicate key".into()));
        }
        self.insert_new(key, text);
        Ok(())
    }

    /// The indexes, in order, when they are exactly what the index list builds from the
    /// records (nothing stale, no entries set from outside, one per listed name): then a
    /// snapshot carries them and loading need not rebuild them.
    pub(crate) fn exact_indexes(&self) -> Option<Vec<(&str, &Index)>> {
        let listed = |n: &str| self.specs.iter().any(|s| &*s.name == n);
        let exact = !self.stale
            && self.extras.is_empty()
            && self.indexes.len() == self.specs.len()
            && self.indexes.iter().all(|(n, _)| listed(n));
        exact.then(|| self.indexes.iter().map(|(n, i)| (&**n, i)).collect())
    }

    /// Each live record's place in insertion order, by id (`u32::MAX` for free slots).
    pub(crate) fn ordinals(&self) -> Vec<u32> {
        let mut out = vec![u32::MAX; self.recs.len()];
        for (n, id) in self.ids().enumerate() {
            out[id as usize] = n as u32;
        }
        out
    }

    /// Installs indexes read from a snapshot into a store just filled from it, where ids
    /// are places in insertion order. `None` when they do not cover the index list.
    pub(crate) fn install_indexes(&mut self, built: Vec<(Box<str>, Index)>) -> Option<()> {
        let listed = |n: &str| self.specs.iter().any(|s| &*s.name == n);
        if built.len() != self.specs.len() || !built.iter().all(|(n, _)| listed(n)) {
            return None;
        }
        for (n, i) in built {
            self.indexes.insert(n, i);
        }
        if self.indexes.len() != self.specs.len() {
            self.indexes = OrderedMap::default();
            return None;
        }
        Some(())
    }

    /// Adds a history read from a snapshot.
    pub fn push_history(&mut self, key: Key, texts: Vec<Box<str>>) -> Result<()> {
        if self.versions.contains(&key) {
            return Err(Error::Malformed("duplicate history".into()));
        }
        self.version_count += texts.len();
        self.version_text += texts.iter().map(|t| t.len()).sum::<usize>();
        self.versions.insert(key, texts);
        Ok(())
    }

    /// Checks that every index equals one rebuilt from the records (tests, fuzzing).
    pub fn check_invariants(&self) -> std::result::Result<(), String> {
        if self.by_key.len() != self.len() {
            return Err(format!(
                "{} keys for {} records",
                self.by_key.len(),
                self.len()
            ));
        }
        for (pos, &id) in self.order.slots().iter().enumerate() {
            if id.is_tomb() {
                continue;
            }
            let rec = self.rec(id).ok_or("order names a free slot")?;
            if rec.pos as usize != pos {
                return Err(format!("record {id} thinks it is at {}", rec.pos));
            }
            if self.id_of(&rec.key) != Some(id) {
                return Err(format!("key of record {id} does not find it"));
            }
        }
        let bytes: usize = self
            .ids()
            .map(|id| self.rec(id).expect("live").text.len() + RECORD_OVERHEAD)
            .sum();
        let versions = self.versions.iter().map(|(_, list)| list.len()).sum();
        let version_text = self
            .versions
            .iter()
            .flat_map(|(_, list)| list.iter().map(|t| t.len()))
            .sum();
        if (bytes, versions, version_text) != (self.bytes, self.version_count, self.version_text) {
            return Err(format!(
                "byte counts drifted: records {bytes} vs {}, versions {versions}/{version_text} vs {}/{}",
                self.bytes, self.version_count, self.version_text
            ));
        }
        if let Some((name, _)) = self.indexes.iter().find(|(_, ix)| !ix.counts_hold()) {
            return Err(format!("index {name}: entry or key-text count drifted"));
        }
        for (name, index) in self.indexes.iter() {
            ordered_index::check(index).map_err(|e| format!("index {name}: {e}"))?;
        }
        if self.stale {
            return Ok(());
        }
        for spec in &self.specs {
            let Some(index) = self.index_named(&spec.name) else {
                continue;
            };
            let mut rebuilt = Index::default();
            for id in self.ids() {
                let vals = self
                    .values_of(&self.rec(id).expect("live").text)
                    .map_err(|e| e.to_string())?;
                let get = |f: &str| field(&self.fields, &vals, f);
                for_each_key(spec, get, &self.delimiter, unique_base(id), |k| {
                    rebuilt.add(k, id)
                });
            }
            let a: Vec<(String, Vec<u32>)> = index
                .keys
                .iter()
                .map(|(k, s)| (debug_key(k), s.iter().collect()))
                .collect();
            let b: Vec<(String, Vec<u32>)> = rebuilt
                .keys
                .iter()
                .map(|(k, s)| (debug_key(k), s.iter().collect()))
                .collect();
            let mut a_sorted = a.clone();
            let mut b_sorted = b.clone();
            a_sorted.sort();
            b_sorted.sort();
            for (_, ids) in a_sorted.iter_mut().chain(b_sorted.iter_mut()) {
                ids.sort_unstable();
            }
            if a_sorted != b_sorted {
                return Err(format!("index {} differs from a rebuild", spec.name));
            }
        }
        Ok(())
    }
}

fn debug_key(k: &IKey) -> String {
    let mut s = String::new();
    k.write(&mut s);
    s
}

/// `[a,b,…]`, each item written by `write`.
fn json_array<T>(items: impl Iterator<Item = T>, write: impl Fn(T, &mut String)) -> String {
    let mut out = String::from("[");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(item, &mut out);
    }
    out.push(']');
    out
}

/// Takes a deleted record's id out of every index its own values do not reach: entries
/// `setIndex` made from caller-given data, and indexes the list no longer names (or never
/// did). haro leaves those keys behind; ids are reused, so they must go.
fn forget(
    indexes: &mut OrderedMap<Box<str>, Index>,
    extras: &mut hashbrown::HashMap<u32, Vec<(Box<str>, IKey)>>,
    specs: &[IndexSpec],
    id: u32,
) {
    drop_extras(indexes, extras, id);
    let named = |name: &str| specs.iter().any(|s| &*s.name == name);
    let orphans: Vec<Box<str>> = indexes
        .iter()
        .map(|(name, _)| name.clone())
        .filter(|name| !named(name))
        .collect();
    for name in orphans {
        if let Some(index) = indexes.get_mut(&*name) {
            index.remove_everywhere(id);
        }
    }
}

/// Takes out the entries `setIndex` made for record `id` from caller-given data.
fn drop_extras(
    indexes: &mut OrderedMap<Box<str>, Index>,
    extras: &mut hashbrown::HashMap<u32, Vec<(Box<str>, IKey)>>,
    id: u32,
) {
    if extras.is_empty() {
        return;
    }
    for (name, k) in extras.remove(&id).unwrap_or_default() {
        if let Some(index) = indexes.get_mut(&*name) {
            index.remove(&k.as_ref(), id);
        }
    }
}

/// Every field the specs read, once each.
fn field_names(specs: &[IndexSpec]) -> Vec<Box<str>> {
    let mut names: Vec<Box<str>> = Vec::new();
    for f in specs.iter().flat_map(|s| s.fields.iter()) {
        if !names.contains(f) {
            names.push(f.clone());
        }
    }
    names
}

/// The values of `names` in a record's text (none parsed when there are no names).
fn values_of<'t>(names: &[Box<str>], text: &'t str) -> Result<Vec<Val<'t>>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    path::fields(text, names)
}

/// The value of field `f`, given the values of `names`.
fn field<'v, 't>(names: &[Box<str>], vals: &'v [Val<'t>], f: &str) -> &'v Val<'t> {
    names
        .iter()
        .position(|n| &**n == f)
        .map_or(&Val::Undef, |i| &vals[i])
}

/// Ids for object-valued keys of record `id`: its own range, so re-indexing the same
/// record yields the same keys.
fn unique_base(id: u32) -> u64 {
    u64::from(id) << 32
}

/// Adds record `id` to the indexes of `specs`, creating those that do not exist, as
/// haro's `setIndex` does.
fn index<'s>(
    indexes: &mut OrderedMap<Box<str>, Index>,
    specs: impl Iterator<Item = &'s IndexSpec>,
    names: &[Box<str>],
    vals: &[Val<'_>],
    delimiter: &str,
    id: u32,
) {
    let get = |f: &str| field(names, vals, f);
    for spec in specs {
        let index = match indexes.get_mut(&*spec.name) {
            Some(index) => index,
            None => indexes.get_or_insert_with(spec.name.clone(), Index::default),
        };
        for_each_key(spec, get, delimiter, unique_base(id), |k| index.add(k, id));
    }
}

/// Takes record `id` out of the existing indexes of `specs` (haro's `deleteIndex`).
/// After `override('indexes')` ids may sit anywhere, so then every key is searched.
fn unindex(
    indexes: &mut OrderedMap<Box<str>, Index>,
    specs: &[IndexSpec],
    names: &[Box<str>],
    vals: &[Val<'_>],
    delimiter: &str,
    id: u32,
    stale: bool,
) {
    let get = |f: &str| field(names, vals, f);
    for spec in specs {
        let Some(index) = indexes.get_mut(&*spec.name) else {
            continue;
        };
        if stale {
            index.remove_everywhere(id);
        } else {
            for_each_key(spec, get, delimiter, unique_base(id), |k| {
                index.remove(&k, id)
            });
        }
    }
}

/// haro's `indexKeys` for a composite: the cartesian product of the fields' values,
/// each made a string, joined by the delimiter.
fn composite_strings<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
) -> Vec<String> {
    let mut acc: Vec<String> = vec![String::new()];
    for (i, f) in spec.fields.iter().enumerate() {
        let values: &[Val<'_>] = match get(f) {
            Val::Arr(items) => items,
            other => std::slice::from_ref(other),
        };
        let mut next = Vec::with_capacity(acc.len() * values.len());
        for prefix in &acc {
            for v in values {
                let mut s = prefix.clone();
                if i > 0 {
                    s.push_str(delimiter);
                }
                v.js_string(&mut s);
                next.push(s);
            }
        }
        acc = next;
    }
    acc
}

/// Calls `f` with each key a record takes in the index `spec` (haro's `setIndex`):
/// an array field's elements, or the value itself; composites as strings.
fn for_each_key<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
    unique_base: u64,
    mut f: impl FnMut(KeyRef<'_>),
) {
    if spec.composite {
        for s in composite_strings(spec, get, delimiter) {
            f(KeyRef::Str(&s));
        }
        return;
    }
    let mut next = unique_base;
    match get(&spec.fields[0]) {
        Val::Arr(items) => items.iter().for_each(|v| f(KeyRef::of(v, &mut next))),
        v => f(KeyRef::of(v, &mut next)),
    }
}

/// Calls `f` with each key a lookup finds (`Map#has` on the index); objects find nothing.
fn for_each_lookup<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
    mut f: impl FnMut(KeyRef<'_>),
) {
    if spec.composite {
        for s in composite_strings(spec, get, delimiter) {
            f(KeyRef::Str(&s));
        }
        return;
    }
    match get(&spec.fields[0]) {
        Val::Arr(items) => items.iter().filter_map(KeyRef::lookup).for_each(f),
        v => KeyRef::lookup(v).into_iter().for_each(f),
    }
}

/// Ids of several sets in order, each once.
fn union<I: Iterator<Item = u32>>(mut sets: impl Iterator<Item = I>) -> Vec<u32> {
    let Some(first) = sets.next() else {
        return Vec::new();
    };
    let mut out: Vec<u32> = first.collect();
    let mut seen: Option<HashSet<u32>> = None;
    for set in sets {
        let seen = seen.get_or_insert_with(|| out.iter().copied().collect());
        out.extend(set.filter(|id| seen.insert(*id)));
    }
    out
}

/// One property of haro's `matchesPredicate`.
fn matches_one(val: &Val<'_>, pred: &Val<'_>, all: bool) -> bool {
    let includes = |items: &[Val<'_>], p: &Val<'_>| items.iter().any(|v| v.same_value_zero(p));
    match (pred, val) {
        (Val::Arr(ps), Val::Arr(vs)) => {
            if all {
                ps.iter().all(|p| includes(vs, p))
            } else {
                ps.iter().any(|p| includes(vs, p))
            }
        }
        (Val::Arr(ps), v) => {
            if all {
                ps.iter().all(|p| v.strict_eq(p))
            } else {
                ps.iter().any(|p| v.strict_eq(p))
            }
        }
        (Val::Opaque, _) => false,
        (p, Val::Arr(vs)) => includes(vs, p),
        (p, v) => v.strict_eq(p),
    }
}

fn itoa(n: u32) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, fields: &[&str]) -> IndexSpec {
        IndexSpec {
            name: name.into(),
            fields: fields.iter().map(|f| Box::from(*f)).collect(),
            composite: fields.len() > 1,
        }
    }

    fn store() -> Store {
        let mut s = Store::new();
        s.set_specs(vec![
            spec("name", &["name"]),
            spec("tags", &["tags"]),
            spec("a|b", &["a", "b"]),
        ]);
        s.reindex(None).unwrap();
        s
    }

    fn k(s: &str) -> Key {
        Key::Str(s.into())
    }

    fn keys(s: &Store, ids: &[u32]) -> String {
        s.keys_text(Some(ids))
    }

    #[test]
    fn set_get_delete_keep_order() {
        let mut s = store();
        s.set(k("x"), r#"{"id":"x","name":"A"}"#.into(), false)
            .unwrap();
        s.set(Key::num(1.0), r#"{"id":1,"name":"B"}"#.into(), false)
            .unwrap();
        s.set(k("1"), r#"{"id":"1","name":"C"}"#.into(), false)
            .unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s.keys_text(None), r#"["x",1,"1"]"#);
        s.set(k("x"), r#"{"id":"x","name":"D"}"#.into(), false)
            .unwrap();
        assert_eq!(s.keys_text(None), r#"["x",1,"1"]"#);
        assert_eq!(s.delete(&k("zz"), true), Err(Error::NotFound));
        s.delete(&Key::num(-0.0 + 1.0), true).unwrap();
        assert_eq!(s.keys_text(None), r#"["x","1"]"#);
        s.check_invariants().unwrap();
    }

    #[test]
    fn merge_and_versions() {
        let mut s = store();
        s.versioning = true;
        s.set(k("x"), r#"{"id":"x","tags":["a"]}"#.into(), false)
            .unwrap();
        let out = s
            .set(k("x"), r#"{"id":"x","tags":["b"]}"#.into(), false)
            .unwrap();
        assert_eq!(
            out.merged.as_deref(),
            Some(r#"{"id":"x","tags":["a","b"]}"#)
        );
        assert_eq!(
            s.versions_text(&k("x")).unwrap(),
            r#"[{"id":"x","tags":["a"]}]"#
        );
        let w = parse(r#"{"tags":"b"}"#).unwrap();
        assert_eq!(keys(&s, &s.find("tags", &["tags".into()], &w)), r#"["x"]"#);
        s.set(k("x"), r#"{"id":"x"}"#.into(), true).unwrap();
        assert!(s.find("tags", &["tags".into()], &w).is_empty());
        s.check_invariants().unwrap();
    }

    #[test]
    fn stats_split_records_indexes_and_versions() {
        let mut s = Store::new();
        s.set_specs(vec![spec("name", &["name"])]);
        s.reindex(None).unwrap();
        let empty = s.stats();
        assert_eq!(
            (
                empty.records,
                empty.record_bytes,
                empty.index_bytes,
                empty.version_bytes
            ),
            (0, 0, 0, 0)
        );
        assert_eq!(empty.indexes.len(), 1);
        s.versioning = true;
        let a = r#"{"id":"a","name":"ann"}"#;
        let b = r#"{"id":"b","name":"bob"}"#;
        s.set(k("a"), a.into(), true).unwrap();
        s.set(k("b"), b.into(), true).unwrap();
        let st = s.stats();
        assert_eq!(st.records, 2);
        assert_eq!(st.record_bytes, a.len() + b.len() + 2 * RECORD_OVERHEAD);
        assert_eq!(st.indexes[0].keys, 2);
        assert_eq!(st.indexes[0].entries, 2);
        assert!(st.index_bytes > 0 && st.index_bytes == st.indexes[0].bytes);
        assert_eq!((st.versioned_keys, st.versions), (2, 0));
        assert_eq!(st.version_bytes, 2 * HISTORY_OVERHEAD);
        assert_eq!(
            s.approx_bytes(),
            st.record_bytes + st.index_bytes + st.version_bytes
        );
        // a replacement keeps the old text as a version
        let a2 = r#"{"id":"a","name":"bob"}"#;
        s.set(k("a"), a2.into(), true).unwrap();
        let st = s.stats();
        assert_eq!(
            (st.versions, st.indexes[0].keys, st.indexes[0].entries),
            (1, 1, 2)
        );
        assert_eq!(
            st.version_bytes,
            2 * HISTORY_OVERHEAD + VERSION_OVERHEAD + a.len()
        );
        s.check_invariants().unwrap();
        // a key deleted while versioning is off keeps its history; set again, it starts over
        s.versioning = false;
        s.delete(&k("a"), false).unwrap();
        s.versioning = true;
        s.set(k("a"), a.into(), true).unwrap();
        assert_eq!(s.stats().versions, 0);
        s.check_invariants().unwrap();
        s.override_records(vec![(k("z"), r#"{"id":"z"}"#.into())])
            .unwrap();
        s.check_invariants().unwrap();
        s.delete(&k("z"), true).unwrap();
        s.check_invariants().unwrap();
        drop(s.clear());
        assert_eq!(s.approx_bytes(), 0);
        s.check_invariants().unwrap();
    }

    #[test]
    fn composite_and_array_indexes() {
        let mut s = store();
        s.set(k("p"), r#"{"id":"p","a":1,"b":["x","y"]}"#.into(), false)
            .unwrap();
        s.set(k("q"), r#"{"id":"q","a":"1","b":"y"}"#.into(), false)
            .unwrap();
        let w = parse(r#"{"a":1,"b":"y"}"#).unwrap();
        let found = s.find("a|b", &["a".into(), "b".into()], &w);
        assert_eq!(keys(&s, &found), r#"["p","q"]"#);
        assert_eq!(s.index_keys_text("a|b").unwrap(), r#"["1|x","1|y"]"#);
        s.delete(&k("p"), true).unwrap();
        assert_eq!(s.index_keys_text("a|b").unwrap(), r#"["1|y"]"#);
        s.check_invariants().unwrap();
    }

    #[test]
    fn where_and_search() {
        let mut s = store();
        s.set(
            k("p"),
            r#"{"id":"p","name":"A","tags":["x","y"]}"#.into(),
            false,
        )
        .unwrap();
        s.set(
            k("q"),
            r#"{"id":"q","name":"B","tags":["y"]}"#.into(),
            false,
        )
        .unwrap();
        let pred = parse(r#"{"tags":["x","y"]}"#).unwrap();
        let c = s.where_candidates(&["tags".into()], &pred).unwrap();
        assert_eq!(
            keys(
                &s,
                &s.filter_matching(c.iter().copied(), &pred, true).unwrap()
            ),
            r#"["p"]"#
        );
        assert_eq!(
            keys(&s, &s.filter_matching(c.into_iter(), &pred, false).unwrap()),
            r#"["p","q"]"#
        );
        let found = s.search(&["name".into(), "tags".into()], &Val::Str("y".into()));
        assert_eq!(keys(&s, &found), r#"["p","q"]"#);
        assert!(s.where_candidates(&["nope".into()], &pred).is_none());
    }

    #[test]
    fn numeric_sort_is_computed_and_kept() {
        let mut s = Store::new();
        s.set_specs(vec![spec("n", &["n"])]);
        for (key, n) in [("a", 3), ("b", -1), ("c", 3), ("d", 0)] {
            s.set(k(key), format!(r#"{{"id":"{key}","n":{n}}}"#), false)
                .unwrap();
        }
        let ids = s.sorted_ids("n").unwrap();
        assert_eq!(keys(&s, &ids), r#"["b","d","a","c"]"#);
        s.set(k("e"), r#"{"id":"e","n":"x"}"#.into(), false)
            .unwrap();
        assert!(s.sorted_ids("n").is_none());
    }

    #[test]
    fn override_records_then_reindex() {
        let mut s = store();
        s.set(k("a"), r#"{"id":"a","name":"A"}"#.into(), false)
            .unwrap();
        s.override_records(vec![(k("b"), r#"{"id":"b","name":"B"}"#.into())])
            .unwrap();
        assert_eq!(s.keys_text(None), r#"["b"]"#);
        let w = parse(r#"{"name":"B"}"#).unwrap();
        assert!(s.find("name", &["name".into()], &w).is_empty());
        s.reindex(None).unwrap();
        assert_eq!(s.find("name", &["name".into()], &w).len(), 1);
        assert!(s.override_records(vec![(k("c"), "{".into())]).is_err());
        assert_eq!(s.keys_text(None), r#"["b"]"#);
    }

    #[test]
    fn override_indexes_drops_unknown_keys() {
        let mut s = store();
        s.set(k("a"), r#"{"id":"a","name":"A"}"#.into(), false)
            .unwrap();
        let data = parse(r#"[["name",[["Z",["a","ghost"]]]]]"#).unwrap();
        s.override_indexes(&data).unwrap();
        assert_eq!(s.indexes_text(None), r#"[["name",[["Z",["a"]]]]]"#);
        s.delete(&k("a"), true).unwrap();
        assert_eq!(s.indexes_text(None), r#"[["name",[]]]"#);
        assert!(s.override_indexes(&parse("[1]").unwrap()).is_err());
    }

    #[test]
    fn mass_delete_stays_consistent() {
        let mut s = store();
        for i in 0..2000 {
            s.set(
                Key::num(f64::from(i)),
                format!(r#"{{"id":{i},"name":"n{}","tags":["t{}"]}}"#, i % 7, i % 3),
                false,
            )
            .unwrap();
        }
        for i in (0..2000).step_by(2) {
            s.delete(&Key::num(f64::from(i)), true).unwrap();
        }
        s.check_invariants().unwrap();
        assert_eq!(s.len(), 1000);
        assert_eq!(s.ids_range(0, 2).len(), 2);
        assert_eq!(s.keys_text(Some(&s.ids_range(0, 2))), "[1,3]");
    }

    #[test]
    fn staged_writes_are_all_or_nothing() {
        let mut s = store();
        s.set(k("a"), r#"{"id":"a","name":"x"}"#.into(), false)
            .unwrap();
        let before = s.records_text(&s.ids_range(0, 10));
        s.stage(vec![(k("b"), r#"{"id":"b","name":"y"}"#.into())]);
        assert_eq!(
            s.records_text(&s.ids_range(0, 10)),
            before,
            "staging writes nothing"
        );
        assert!(s
            .find("name", &["name".into()], &parse(r#"{"name":"y"}"#).unwrap())
            .is_empty());
        s.unstage();
        // a refused batch leaves nothing staged behind
        s.stage(vec![(k("d"), r#"{"id":"d"}"#.into())]);
        s.unstage();
        s.stage(vec![(k("e"), r#"{"id":"e","name":"z"}"#.into())]);
        assert_eq!(s.commit_staged(false).unwrap().len(), 1);
        assert_eq!(s.len(), 2);
        assert!(!s.has(&k("d")));
        s.check_invariants().unwrap();
    }
}
