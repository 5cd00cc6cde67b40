//! The store: records by key in insertion order, their versions, and haro's indexes.
//!
//! Records rest as the tagged JSON text the facade sends (see `value`), with their objects'
//! keys held once per store (`shape`): a read copies bytes and puts the keys back. Record ids are slots, reused after deletion;
//! queries answer with ids and the facade resolves them from its cache.
//!
//! This file: the record slab (ids, the key table, insertion order) and the writes.
//! `indexing`: index upkeep. `query`: `find`, `where`, `search`, `sortBy`. `output`: the
//! answers as JSON text. `bulk`: many records at once. `loading`: what snapshots read and
//! write through, and the consistency check.

use std::borrow::Cow;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::error::{Error, Result};
use super::expiry::{Expiry, Retention};
use super::ikey::IKey;
use super::index::Index;
use super::key::{Key, RecKey};
use super::ordered::OrderedMap;
use super::shape::Shapes;
use super::tombstoned::Tombstoned;
use super::value::{self, merge, parse};
pub use copying::Copied;
use copying::Uid;
pub use indexing::Continues;
pub(crate) use indexing::MAX_RECORD_KEYS;
use indexing::{field_names, forget, index, unindex, values_of};

mod bulk;
mod copying;
mod indexing;
mod loading;
mod output;
mod query;
mod stamps;
#[cfg(test)]
mod tests;

/// The longest record text the store keeps: it is read back as one JS string, and V8 makes
/// none from more than 2^29-24 bytes of UTF-8 (less room for the key and id that cross with it).
pub const MAX_TEXT: usize = (1 << 29) - 24 - (1 << 16);
/// Per-record memory besides its `body` (text and key): slot, order and hash entry, and the
/// allocator's own, roughly (index entries are counted by each index).
const RECORD_OVERHEAD: usize = 64;
/// Per kept version besides its text, and per key with a history.
const VERSION_OVERHEAD: usize = 16;
const HISTORY_OVERHEAD: usize = 48;
/// A record written while a store holds this many is stored packed (`shape`); one written
/// before keeps its text until it is written again. Packing costs a write and a cold read
/// some tenths of a µs (`cargo run --release -p haro-core --example packing`) and saves
/// ~45 % of a benchmark record's bytes, which counts where a store outgrows the facade's
/// record cache. The feature `pack-always` (the test build of the addon) packs from the
/// first record, so that the differential suites go through it.
const PACK_FROM: usize = if cfg!(any(test, feature = "pack-always")) {
    0
} else {
    1 << 17
};

/// Object-valued keys that `override('indexes')` brings get ids from this range.
const FOREIGN_UNIQUE: u64 = 1 << 63;
/// Deletes while `stale` before the listed indexes are checked against their records (about
/// what a reindex costs: ~40 ms at 100k records, four indexes). Where they follow them, `stale`
/// goes: `where` answers from the indexes alone again, a snapshot carries them, and the
/// indexes stop keeping each record's keys (`Index::owners`, 16 bytes a record) for deletes.
const STALE_CHECK: u32 = 128;

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

/// A record: its key and its text in one allocation (a key held apart cost a record ~50
/// bytes: the slot shrank from 48 to 24, and a string key had an allocation of its own).
struct Rec {
    /// The text as `shapes` stores it, then the key (a string key's escaped text; a number
    /// key's bits, as 16 hex digits). The key goes last so that a text that is not packed
    /// takes it by growing its own allocation.
    body: Box<str>,
    /// Where the key starts in `body`, with `NUM_KEY` for a number key.
    head: u32,
    /// Place in `order`.
    pos: u32,
}

const NUM_KEY: u32 = 1 << 31;

struct PackFrom(usize);

impl Default for PackFrom {
    fn default() -> Self {
        PackFrom(PACK_FROM)
    }
}

impl Rec {
    /// The record's text, rebuilt into `buf` when its stored form is packed.
    fn text<'a>(&'a self, shapes: &Shapes, buf: &'a mut String) -> &'a str {
        shapes.text_in(self.stored(), buf)
    }

    /// The text as `shapes` stores it.
    fn stored(&self) -> &str {
        self.body.get(..self.split()).unwrap_or("")
    }

    /// Bytes of the stored form and the key together.
    fn body_len(&self) -> usize {
        self.body.len()
    }

    fn split(&self) -> usize {
        (self.head & !NUM_KEY) as usize
    }

    fn key(&self) -> RecKey<'_> {
        Rec::key_of(&self.body, self.head)
    }

    /// The key of a record whose body and head these are.
    fn key_of(body: &str, head: u32) -> RecKey<'_> {
        let key = body.get((head & !NUM_KEY) as usize..).unwrap_or("");
        if head & NUM_KEY == 0 {
            RecKey::Str(key)
        } else {
            // The digits `key_tail` wrote: read without `from_str_radix`'s checks, which a
            // get or has of a number key paid on its matching probe.
            let bits = key.bytes().fold(0u64, |bits, d| {
                (bits << 4) | u64::from(if d >= b'a' { d - b'a' + 10 } else { d - b'0' })
            });
            RecKey::Num(f64::from_bits(bits))
        }
    }
}

/// Fails unless `text` reads as one value, as an override may hold it (haro's takes a Date,
/// or anything, as a record): an object's names read and its values stepped over, nothing
/// built (a full parse built and dropped every value: a fifth of a restore of haro's suite's
/// records, by `perf`).
fn override_text(text: &str) -> Result<()> {
    readable(text)?;
    value::parse_fields::<&str>(text, &[]).map(drop)
}

/// Refuses a record text JS could not be handed back (`MAX_TEXT`).
pub(crate) fn readable(text: &str) -> Result<()> {
    if text.len() > MAX_TEXT {
        return Err(Error::Unrepresentable(format!(
            "cannot store a record whose text holds {} bytes (at most {MAX_TEXT}: a record is read back as one string, which V8 bounds)",
            text.len()
        )));
    }
    Ok(())
}

/// What follows a record's text in its `body` (`buf` holds a number key's digits), and
/// the flag its `head` takes.
fn key_tail<'a>(key: RecKey<'a>, buf: &'a mut [u8; 16]) -> (&'a str, u32) {
    match key {
        RecKey::Str(s) => (s, 0),
        RecKey::Num(n) => {
            let bits = n.to_bits();
            for (i, b) in buf.iter_mut().enumerate() {
                *b = b"0123456789abcdef"[(bits >> (60 - 4 * i) & 15) as usize];
            }
            (std::str::from_utf8(buf).unwrap_or(""), NUM_KEY)
        }
    }
}

/// An entry of the key table: a record id and the low half of its key's hash. With the
/// hash at hand, the table grows without reading every record's key again to hash it (a
/// tenth of a 100k-record indexed load went to that), and a probe reads a record only
/// when the halves agree. It costs 4 bytes more a slot of the table.
#[derive(Clone, Copy)]
struct KeySlot {
    id: u32,
    hash: u32,
}

/// The table hash of a key's (halved) hash: multiplied out so that hashbrown's control
/// byte (the top bits) depends on all of it.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
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
    by_key: HashTable<KeySlot>,
    hasher: DefaultHashBuilder,
    /// Live ids in insertion order; a deletion leaves a tombstone (compacted at 64 dead).
    order: Tombstoned<u32, 64>,
    pub versioning: bool,
    /// The composite delimiter (escaped).
    delimiter: Box<str>,
    specs: Vec<IndexSpec>,
    /// The key lists of the records' objects.
    shapes: Shapes,
    pack_from: PackFrom,
    /// A load into the empty store is under way that brings more than `pack_from` records
    /// (`expect`): every record is packed, the first ones too. Off once the load is in.
    pack_ahead: bool,
    /// Bytes of stored record text held, plus a per-record allowance. With the indexes' and the
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
    /// removal must then take the record out of every key that holds it, since ids are
    /// reused (`Index::remove_everywhere`, by the keys it notes for each record). A full
    /// reindex clears it, and so does a check that finds the listed indexes as their records
    /// would build them (`STALE_CHECK` deletes on: most often an override of a store's own dump).
    stale: bool,
    /// Deletes since `stale` was last set (`mark_stale`).
    stale_deletes: u32,
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
    /// This store, among every store of the process: what another's `lineage` names.
    uid: Uid,
    /// The store whose records this one took whole, and when (`copying`).
    lineage: Option<copying::Lineage>,
    /// When each record's text was last set, once a reader asked (`stamps`).
    stamps: stamps::Stamps,
}

/// What `clear` took out of a store: dropped where the caller chooses (the binding frees a
/// big store's on another thread).
pub struct Cleared {
    _recs: Vec<Option<Rec>>,
    _by_key: HashTable<KeySlot>,
    _order: Tombstoned<u32, 64>,
    _free: Vec<u32>,
    _shapes: Shapes,
    /// The index map (when the listed indexes were built anew), or the emptied indexes'
    /// contents (when they were emptied where they stand).
    _indexes: (OrderedMap<Box<str>, Index>, Vec<Index>),
    _versions: OrderedMap<Key, Vec<Box<str>>>,
}

impl Store {
    pub fn new() -> Store {
        Store {
            delimiter: "|".into(),
            next_foreign: FOREIGN_UNIQUE,
            ..Store::default()
        }
    }

    /// Packs records once the store holds `records` (tests: 0 packs every one).
    #[doc(hidden)]
    pub fn pack_from(&mut self, records: usize) {
        self.pack_from = PackFrom(records);
    }

    /// Whether a record written now is stored packed.
    fn pack(&self) -> bool {
        self.pack_ahead || self.len() >= self.pack_from.0
    }

    /// How many records rest packed, and how many as texts (what `shape` stores opens
    /// with its mark).
    #[cfg(test)]
    pub(crate) fn packed_count(&self) -> (usize, usize) {
        let all = self.recs.iter().flatten();
        let packed = all
            .clone()
            .filter(|r| r.stored().starts_with('\u{1}'))
            .count();
        (packed, all.count() - packed)
    }

    /// `n` records are about to be written in one go (a load, a batch, an override), and
    /// `expect(0)` says they are in. Into an empty store, when they are more than written one
    /// by one would leave as texts, all of them are packed while they come: left as texts,
    /// the first 131,072 records of a million-record load held ~16 MB more (~120 bytes each)
    /// for the ~50 ms packing them costs. Written into a store that holds records, they may
    /// replace as many: nothing is decided from their count. Once they are in, the store
    /// packs by its size again. (No room is reserved from `n`: with repeated keys, the
    /// records are fewer.)
    pub fn expect(&mut self, n: usize) {
        self.pack_ahead = n > self.pack_from.0 && self.is_empty();
    }

    /// `write()` with `n` records announced (`expect`), the announcement withdrawn however
    /// it ends.
    pub(crate) fn expecting<T>(&mut self, n: usize, write: impl FnOnce(&mut Self) -> T) -> T {
        self.expect(n);
        let out = write(self);
        self.expect(0);
        out
    }

    /// A record's `body` (its stored form, then the key `tail`) and `head` (where the key
    /// starts, with `flag`). An associated function: `tail` may borrow the record's body.
    fn body(
        shapes: &mut Shapes,
        pack: bool,
        text: Cow<'_, str>,
        tail: &str,
        flag: u32,
    ) -> (Box<str>, u32) {
        let body = shapes.store(text, tail, pack);
        let head = (body.len() - tail.len()) as u32 | flag;
        (body, head)
    }

    /// Puts `text` in record `id` (packed in a big store); answers the record's old body
    /// and where its text ends there. The old text's key lists are the caller's to
    /// release.
    fn rewrite(&mut self, id: u32, text: Cow<'_, str>) -> (Box<str>, usize) {
        let pack = self.pack();
        let rec = self.recs[id as usize].as_ref().expect("live record");
        let (split, flag) = (rec.split(), rec.head & NUM_KEY);
        let tail = rec.body.get(split..).unwrap_or("");
        let (body, head) = Self::body(&mut self.shapes, pack, text, tail, flag);
        let rec = self.recs[id as usize].as_mut().expect("live record");
        self.bytes = self.bytes + body.len() - rec.body.len();
        rec.head = head;
        self.stamps.mark(id);
        (std::mem::replace(&mut rec.body, body), split)
    }

    /// Some index may now disagree with its records (see `stale`).
    pub(crate) fn mark_stale(&mut self) {
        self.stale = true;
        self.stale_deletes = 0;
    }

    /// A new store's delimiter and versioning. Its generation stays 0: nothing it holds has
    /// changed (a caller may take generation 0 to mean a store as new: no specs, indexes or
    /// records).
    pub fn configure_new(&mut self, delimiter: &str, versioning: bool) {
        debug_assert!(self.generation == 0 && self.is_empty() && self.indexes.is_empty());
        self.delimiter = delimiter.into();
        self.versioning = versioning;
    }

    pub fn set_delimiter(&mut self, delimiter: &str) {
        self.generation += 1;
        if *self.delimiter != *delimiter && !self.indexes.is_empty() {
            self.mark_stale();
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
            self.mark_stale();
        }
        self.fields = field_names(&specs);
        self.specs = specs;
    }

    /// A number that changes whenever records, versions or indexes change.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Roughly the memory the store holds: records, indexes and versions (`stats`), and the
    /// forms its reads numbered (what V8 is told of, `stores::report`).
    pub fn approx_bytes(&self) -> usize {
        self.bytes
            + self.shapes.approx_bytes()
            + self.shapes.forms_bytes()
            + self.index_bytes()
            + self.version_bytes()
    }

    fn index_bytes(&self) -> usize {
        self.indexes.iter().map(|(_, ix)| ix.approx_bytes()).sum()
    }

    fn version_bytes(&self) -> usize {
        self.versions.len() * HISTORY_OVERHEAD
            + self.version_count * VERSION_OVERHEAD
            + self.version_text
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
        self.id_hashed(self.key_hash(key), key)
    }

    /// A key's hash as the key table keeps it (a `Key::Str` hashes as its text does).
    fn key_hash<K: std::hash::Hash + ?Sized>(&self, key: &K) -> u32 {
        self.hasher.hash_one(key) as u32
    }

    /// `id_of` for a key whose hash (`key_hash`) the caller has.
    fn id_hashed(&self, hash: u32, key: &Key) -> Option<u32> {
        self.find_id(hash, |k| k == *key)
    }

    /// The id under `hash` whose record's key `is` accepts.
    fn find_id(&self, hash: u32, is: impl Fn(RecKey<'_>) -> bool) -> Option<u32> {
        let recs = &self.recs;
        self.by_key
            .find(spread(hash), |s| {
                s.hash == hash && recs[s.id as usize].as_ref().is_some_and(|r| is(r.key()))
            })
            .map(|s| s.id)
    }

    /// `id_of` a string key given as its escaped text, without making a `Key` of it (a read
    /// by key allocated one per call). A `Key::Str` hashes as its text does.
    pub fn id_of_str(&self, escaped: &str) -> Option<u32> {
        self.find_id(
            self.key_hash(escaped),
            |k| matches!(k, RecKey::Str(s) if s == escaped),
        )
    }

    pub fn get(&self, key: &Key) -> Option<(u32, Cow<'_, str>)> {
        let id = self.id_of(key)?;
        Some((id, self.shapes.text(self.rec(id)?.stored())))
    }

    /// The key of record `id`.
    pub fn key_of(&self, id: u32) -> Option<RecKey<'_>> {
        self.rec(id).map(Rec::key)
    }

    /// Takes out the records due at `now` and, with a version `ttl`, the versions older
    /// than it; returns the key and id of each record, earliest due first.
    pub fn purge_expired(&mut self, now: f64) -> Vec<(Key, u32)> {
        self.retention.now = now;
        let (n, bytes) = self.retention.prune(&mut self.versions);
        if n > 0 {
            self.version_count -= n;
            self.version_text -= bytes;
            self.generation += 1;
        }
        let mut gone = Vec::new();
        for id in self.expiry.take_due(now) {
            let Some(key) = self.key_of(id).map(RecKey::to_key) else {
                continue;
            };
            // Deleting a stored record fails only on a corrupt text; it then stays.
            self.generation += 1;
            if self.delete_found(&key, id, self.versioning).is_ok() {
                gone.push((key, id));
            }
        }
        gone
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
        self.set_text(key.as_ref(), Cow::Owned(text), replace)
    }

    /// `set` of a text the caller keeps (a piece of a chunk that crossed whole): copied only
    /// where it is kept as a text, so a packed record costs no copy of it, where `owned_text`
    /// made one (an allocation and a free a record of a big load). The key is borrowed too:
    /// it rests in the record's allocation, and an owned one was made and freed per record.
    pub fn set_str(&mut self, key: RecKey<'_>, text: &str, replace: bool) -> Result<SetOutcome> {
        self.set_text(key, Cow::Borrowed(text), replace)
    }

    fn set_text(
        &mut self,
        key: RecKey<'_>,
        text: Cow<'_, str>,
        replace: bool,
    ) -> Result<SetOutcome> {
        // A record is an object; what rests starting with `shape`'s mark must be packed.
        if !text.starts_with('{') {
            return Err(Error::Malformed("a record's text must be an object".into()));
        }
        self.generation += 1;
        let hash = self.key_hash(&key);
        let existing = self.find_id(hash, |k| k == key);
        let merged = match existing {
            Some(id) if !replace => {
                let old = self
                    .shapes
                    .text(self.rec(id).expect("live record").stored());
                let room = old.len() + text.len();
                let old = parse(&old)?;
                Some(value::write_sized(&merge(old, parse(&text)?, 0)?, room))
            }
            _ => None,
        };
        // (the merged text is stored from a borrow: the caller gets the string itself)
        let text = match &merged {
            Some(merged) => Cow::Borrowed(merged.as_str()),
            None => text,
        };
        readable(&text)?;
        // Everything that can fail is done before the store changes.
        let new_vals = self.values_of(&text)?;
        indexing::check_keys(&self.specs, &self.fields, &new_vals)?;
        // A new record is indexed under the id it is about to get, then stored with its text.
        let (id, new) = match existing {
            Some(id) => {
                // The record keeps its id: an entry `override('indexes')` gave it where its
                // values would not put it stays, as it stays under its key in haro.
                self.unindex_stored(id, false)?;
                (id, false)
            }
            None => (self.next_id(), true),
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
        if new {
            // A history the key kept from before (deleted while versioning was off)
            // starts over.
            if self.versioning {
                let list = self.versions.get_or_insert_with(key.to_key(), Vec::new);
                self.version_count -= list.len();
                self.version_text -= list.iter().map(|t| t.len()).sum::<usize>();
                list.clear();
            }
            let got = self.insert_hashed(hash, key, text);
            debug_assert_eq!(got, id, "next_id told another id");
        } else {
            let (old, split) = self.rewrite(id, text);
            let old = old.get(..split).unwrap_or("");
            // A version is kept as its text, rebuilt before its key lists can go.
            let version = self
                .versioning
                .then(|| Box::<str>::from(self.shapes.text(old)));
            self.shapes.release(old);
            if let Some(version) = version {
                // haro would crash on a key `override` brought in; it starts a history.
                self.version_count += 1;
                self.version_text += version.len();
                let key = key.to_key();
                let versions = self.versions.get_or_insert_with(key.clone(), Vec::new);
                versions.push(version);
                let (n, bytes) = self.retention.pushed(&key, versions);
                self.version_count -= n;
                self.version_text -= bytes;
            }
        }
        Ok(SetOutcome { id, merged })
    }

    /// Holds records for a later `commit_staged`; the store itself does not change.
    pub fn stage(&mut self, items: Vec<(Key, String)>) -> Result<()> {
        for (_, text) in &items {
            override_text(text)?;
        }
        self.staged.push(items);
        Ok(())
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
            // (each text was read when it was staged)
            Ok(self.replace_all(chunks))
        } else {
            self.set_chunks(chunks)
        }
    }

    fn insert_new(&mut self, key: Key, text: Cow<'_, str>) -> u32 {
        let hash = self.key_hash(&key);
        self.insert_hashed(hash, key.as_ref(), text)
    }

    /// `text` as `set` takes it best: with room for the key the store keeps after it in the
    /// same allocation (else that allocation is grown, a copy).
    pub fn owned_text(key: &Key, text: &str) -> String {
        let room = match key {
            Key::Str(s) => s.len(),
            Key::Num(_) => 16,
        };
        let mut out = String::with_capacity(text.len() + room);
        out.push_str(text);
        out
    }

    /// The id the next record inserted gets.
    fn next_id(&self) -> u32 {
        self.free.last().copied().unwrap_or(self.recs.len() as u32)
    }

    /// `insert_new` for a key whose hash the caller has (a load hashes each key once).
    fn insert_hashed(&mut self, hash: u32, key: RecKey<'_>, text: Cow<'_, str>) -> u32 {
        let mut digits = [0; 16];
        let (tail, flag) = key_tail(key, &mut digits);
        let pack = self.pack();
        let (body, head) = Self::body(&mut self.shapes, pack, text, tail, flag);
        self.insert_body(hash, body, head)
    }

    /// Inserts a record as `body` (stored form, then key) and `head` make it.
    fn insert_body(&mut self, hash: u32, body: Box<str>, head: u32) -> u32 {
        self.bytes += body.len() + RECORD_OVERHEAD;
        let rec = Rec {
            body,
            head,
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
        self.by_key
            .insert_unique(spread(hash), KeySlot { id, hash }, |s| spread(s.hash));
        self.stamps.mark(id);
        id
    }

    /// Takes record `id` out of the listed indexes, by the values its stored text holds
    /// (haro's `deleteIndex(key, og)`); `everywhere` (a stale index, a record going whose
    /// id will be reused): out of every key.
    fn unindex_stored(&mut self, id: u32, everywhere: bool) -> Result<()> {
        let Store {
            recs,
            indexes,
            specs,
            fields,
            delimiter,
            shapes,
            ..
        } = self;
        // No field to read (no index, or only foreign ones): no text to rebuild.
        let text;
        let vals = if fields.is_empty() {
            Vec::new()
        } else {
            text = shapes.text(recs[id as usize].as_ref().expect("live record").stored());
            values_of(fields, &text)?
        };
        unindex(indexes, specs, fields, &vals, delimiter, id, everywhere);
        Ok(())
    }

    /// Takes record `id` (of `key`) out of the slab, the key table, the order and the due
    /// times; its index entries and history are the caller's business.
    fn remove_slot(&mut self, key: &Key, id: u32) {
        let hash = self.key_hash(key);
        if let Ok(entry) = self.by_key.find_entry(spread(hash), |s| s.id == id) {
            entry.remove();
        }
        let rec = self.recs[id as usize].take().expect("live record");
        self.bytes -= rec.body.len() + RECORD_OVERHEAD;
        self.shapes.release(rec.stored());
        self.order.remove(rec.pos as usize);
        self.free.push(id);
        self.expiry.forget(id);
    }

    /// haro's `delete`; the history goes too when `versions` says so (haro drops it only
    /// while versioning is on, and after its `ondelete` hook). Answers the id the record had,
    /// whose slot the facade's record cache frees.
    pub fn delete(&mut self, key: &Key, versions: bool) -> Result<u32> {
        self.generation += 1;
        let id = self.id_of(key).ok_or(Error::NotFound)?;
        self.delete_found(key, id, versions)?;
        Ok(id)
    }

    /// `delete` of record `id`, which holds `key`: for callers that looked it up already
    /// (`delete_many`, `purge_expired`), so the key table is not searched twice. The caller
    /// moves the generation.
    pub(crate) fn delete_found(&mut self, key: &Key, id: u32, versions: bool) -> Result<()> {
        if self.stale {
            self.stale_deletes = self.stale_deletes.saturating_add(1);
            if self.stale_deletes == STALE_CHECK && self.indexes_follow_records()? {
                self.stale = false;
                for spec in &self.specs {
                    if let Some(index) = self.indexes.get_mut(&*spec.name) {
                        index.drop_owners();
                    }
                }
            }
        }
        self.unindex_stored(id, self.stale)?;
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
    pub fn clear(&mut self) -> Cleared {
        let indexes = std::mem::take(&mut self.indexes);
        self.take_all(indexes, Vec::new())
    }

    /// haro's `clear` then `reindex()`: the listed indexes come back empty, in list order.
    /// While the store holds exactly those, each is emptied where it stands: built anew, the
    /// four empty indexes of a cold `clear` took 10-30 µs (allocation and hashing on a cold
    /// cache, examples/clear.rs), more than all the rest of the call.
    pub fn clear_reindexed(&mut self) -> Result<Cleared> {
        let listed = self.indexes.len() == self.specs.len()
            && self
                .indexes
                .iter()
                .zip(&self.specs)
                .all(|((name, _), spec)| *name == spec.name);
        if !listed {
            let cleared = self.clear();
            self.reindex(None)?;
            return Ok(cleared);
        }
        let emptied = self
            .indexes
            .iter_mut()
            .map(|(_, index)| std::mem::take(index))
            .collect();
        Ok(self.take_all(OrderedMap::default(), emptied))
    }

    fn take_all(&mut self, indexes: OrderedMap<Box<str>, Index>, emptied: Vec<Index>) -> Cleared {
        self.generation += 1;
        self.pack_ahead = false;
        self.bytes = 0;
        self.version_count = 0;
        self.version_text = 0;
        self.extras.clear();
        self.stale = false;
        self.expiry.clear();
        self.retention.clear();
        self.stamps.drop_all();
        // Taken, not cleared: clearing the key table writes every one of its control bytes,
        // and a cleared table keeps its capacity (haro's `Map#clear` lets go of it).
        Cleared {
            _recs: std::mem::take(&mut self.recs),
            _by_key: std::mem::take(&mut self.by_key),
            _order: std::mem::take(&mut self.order),
            _free: std::mem::take(&mut self.free),
            // Versions are kept as texts: no stored form reads the key lists after this.
            _shapes: std::mem::take(&mut self.shapes),
            _indexes: (indexes, emptied),
            _versions: std::mem::take(&mut self.versions),
        }
    }

    /// haro's `override(data, 'records')`: the records are replaced, the indexes emptied
    /// (not rebuilt); histories stay as they are. Returns each item's id (a repeated key: the same).
    pub fn override_records(&mut self, items: Vec<(Key, String)>) -> Result<Vec<u32>> {
        self.override_chunks(vec![items])
    }

    /// `override_records` of the records of every chunk, in order.
    fn override_chunks(&mut self, chunks: Vec<Vec<(Key, String)>>) -> Result<Vec<u32>> {
        for (_, text) in chunks.iter().flatten() {
            override_text(text)?;
        }
        Ok(self.replace_all(chunks))
    }

    /// Empties the store for `override_records`, but for the histories; answers what went.
    fn replace_start(&mut self) -> Cleared {
        self.generation += 1;
        let versions = std::mem::take(&mut self.versions);
        let counts = (self.version_count, self.version_text);
        let cleared = self.clear();
        self.versions = versions;
        (self.version_count, self.version_text) = counts;
        cleared
    }

    fn replace_all(&mut self, chunks: Vec<Vec<(Key, String)>>) -> Vec<u32> {
        drop(self.replace_start());
        let n = chunks.iter().map(Vec::len).sum();
        self.expecting(n, |s| {
            let mut ids = Vec::with_capacity(n);
            for (key, text) in chunks.into_iter().flatten() {
                ids.push(match s.id_of(&key) {
                    Some(id) => {
                        let (old, split) = s.rewrite(id, text.into());
                        s.shapes.release(old.get(..split).unwrap_or(""));
                        id
                    }
                    None => s.insert_new(key, text.into()),
                });
            }
            ids
        })
    }
}
