//! Index upkeep: what a record's values put in each index, on every write and removal;
//! `reindex`, `override('indexes')`, dropping indexes.

use super::{IndexSpec, Store};
use crate::error::{Error, Result};
use crate::ikey::{IKey, KeyRef};
use crate::index::Index;
use crate::key::Key;
use crate::ordered::OrderedMap;
use crate::path;
use crate::value::Val;

impl Store {
    // ---- indexing -----------------------------------------------------------------

    /// The values of every field the index list reads, borrowed from `text`.
    pub(super) fn values_of<'t>(&self, text: &'t str) -> Result<Vec<Val<'t>>> {
        values_of(&self.fields, text)
    }

    /// haro's `reindex`: rebuilds every index of the list, or only `spec`, which joins
    /// the list if it is not there.
    pub fn reindex(&mut self, spec: Option<IndexSpec>) -> Result<()> {
        self.generation += 1;
        if spec.is_none() && self.is_empty() {
            // No record to read: each listed index comes back empty (a new store's list, sent
            // with its `reindex()`: no copy of the specs, no field list, nothing parsed).
            for s in &self.specs {
                self.indexes.insert(s.name.clone(), Index::default());
            }
            self.stale = false;
            self.extras.clear();
            return Ok(());
        }
        let joins = spec
            .as_ref()
            .is_some_and(|spec| !self.specs.iter().any(|s| s.name == spec.name));
        let specs = match spec {
            Some(spec) => vec![spec],
            None => self.specs.clone(),
        };
        let names = field_names(&specs);
        let mut built: Vec<Index> = specs.iter().map(|_| Index::default()).collect();
        // Built aside, so that a failure (a record making too many keys) leaves the indexes,
        // and the list, as they were.
        let mut buf = String::new();
        for id in self.ids() {
            let text = self
                .rec(id)
                .expect("live record")
                .text(&self.shapes, &mut buf);
            let vals = values_of(&names, text)?;
            check_keys(&specs, &names, &vals)?;
            let get = |f: &str| field(&names, &vals, f);
            for (spec, index) in specs.iter().zip(built.iter_mut()) {
                for_each_key(spec, get, &self.delimiter, unique_base(id), |k| {
                    index.add(k, id)
                });
            }
        }
        if joins {
            self.specs.push(specs[0].clone());
            self.fields = field_names(&self.specs);
        }
        let full = specs.len() == self.specs.len();
        for (spec, index) in specs.into_iter().zip(built) {
            self.indexes.insert(spec.name, index);
        }
        if full {
            // Every listed index now follows the records; a delete takes a record out of the
            // others wherever it is (`forget`).
            self.stale = false;
            self.extras.clear();
        }
        Ok(())
    }

    /// `reindex()` of a loaded store: where a record makes more keys of a composite than an
    /// index holds (an override of records put it in; the store saved could not build that
    /// index either), the other indexes are built, each alone, and that one stays unbuilt.
    pub fn reindex_listed(&mut self) -> Result<()> {
        match self.reindex(None) {
            Err(Error::TooManyKeys { .. }) => {}
            done => return done,
        }
        for spec in self.specs.clone() {
            match self.reindex(Some(spec)) {
                Ok(()) | Err(Error::TooManyKeys { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Whether every listed index holds exactly the entries its records' values give (as a
    /// full reindex would build it, in any order): each entry a record's values give is
    /// there, and the index holds no more than those. Unlisted indexes are not looked at
    /// (`forget` takes a record out of them wherever it is); an entry `setIndex` made from
    /// caller-given data, or a key an override made of an object, makes the answer no.
    pub(super) fn indexes_follow_records(&mut self) -> Result<bool> {
        let Store {
            order,
            recs,
            indexes,
            specs,
            fields,
            delimiter,
            shapes,
            extras,
            ..
        } = self;
        if !extras.is_empty() {
            return Ok(false);
        }
        let mut given = vec![0usize; specs.len()];
        let mut seen: hashbrown::HashSet<IKey> = hashbrown::HashSet::new();
        for &id in order.live() {
            let text = shapes.text(recs[id as usize].as_ref().expect("live record").stored());
            let vals = values_of(fields, &text)?;
            let get = |f: &str| field(fields, &vals, f);
            for (n, spec) in specs.iter().enumerate() {
                let Some(index) = indexes.get_mut(&*spec.name) else {
                    continue;
                };
                let mut held = true;
                // Counted once a key: a record whose array repeats a value is in its set once
                // (a count of two would hide a stray entry of another record's). Only an array
                // gives more than one key: without one, nothing to compare or copy.
                let many = spec.fields.iter().any(|f| matches!(get(f), Val::Arr(_)));
                // (one past the most keys a record may make, which an override of records can
                // leave: no index holds it, and a reindex refuses it)
                if many && key_count(spec, get) > MAX_RECORD_KEYS {
                    return Ok(false);
                }
                seen.clear();
                for_each_key(spec, get, delimiter, unique_base(id), |k| {
                    if many && !seen.insert(k.to_owned()) {
                        return;
                    }
                    given[n] += 1;
                    held &= index.holds(&k, id);
                });
                if !held {
                    return Ok(false);
                }
            }
        }
        Ok(specs.iter().zip(given).all(|(spec, n)| {
            indexes
                .get(&*spec.name)
                .is_none_or(|index| index.entries() == n)
        }))
    }

    /// haro's `setIndex(key, data, indice)` with caller-given data. An object value the
    /// record holds too (`given_keys`) is its key; another one takes a key of its own, as a
    /// new object is a new key of haro's index.
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
        let chosen: Vec<IndexSpec> = match only {
            Some(spec) => vec![spec.clone()],
            None => self.specs.clone(),
        };
        check_keys(&chosen, &names, &vals)?;
        let mut next = self.next_foreign;
        let mut keys: Vec<(usize, IKey)> = Vec::new();
        for (n, spec) in chosen.iter().enumerate() {
            self.given_keys(spec, &names, &vals, id, |k, own| {
                let key = match (own, k) {
                    (Some(own), _) => own,
                    (None, KeyRef::Unique(_, v)) => {
                        next += 1;
                        KeyRef::Unique(next - 1, v).to_owned()
                    }
                    (None, k) => k.to_owned(),
                };
                keys.push((n, key));
            });
        }
        self.next_foreign = next;
        // (each chosen index made, keys or none, as haro's setIndex makes it)
        for spec in &chosen {
            if self.indexes.get(&*spec.name).is_none() {
                self.indexes
                    .get_or_insert_with(spec.name.clone(), Index::default);
            }
        }
        let noted = self.extras.entry(id).or_default();
        for (n, k) in keys {
            let name = &chosen[n].name;
            if let Some(index) = self.indexes.get_mut(&**name) {
                index.add(k.as_ref(), id);
            }
            noted.push((name.clone(), k));
        }
        Ok(())
    }

    /// haro's `deleteIndex(key, data)` with caller-given data: by its values alone, as
    /// haro's (the record keeps its id); an object value the record does not hold
    /// (`given_keys`) finds nothing, as a new object finds nothing in haro's index.
    pub fn unindex_record(&mut self, key: &Key, text: &str) -> Result<()> {
        self.generation += 1;
        let Some(id) = self.id_of(key) else {
            return Ok(());
        };
        let vals = values_of(&self.fields, text)?;
        let mut gone: Vec<(Box<str>, IKey)> = Vec::new();
        for spec in &self.specs {
            if self.indexes.get(&*spec.name).is_none() {
                continue;
            }
            self.given_keys(spec, &self.fields, &vals, id, |k, own| match (own, k) {
                (Some(own), _) => gone.push((spec.name.clone(), own)),
                (None, KeyRef::Unique(..)) => {}
                (None, k) => gone.push((spec.name.clone(), k.to_owned())),
            });
        }
        for (name, k) in gone {
            if let Some(index) = self.indexes.get_mut(&*name) {
                index.remove(&k.as_ref(), id);
            }
        }
        Ok(())
    }

    /// Calls `f` with each key caller-given data (`vals`, of `names`) makes in index `spec`
    /// for record `id`, and, for an object value, the record's own key of an object equal to
    /// it as written (each of the record's matched once), or `None`. haro keys an object by
    /// identity: the data a caller gives back for a record (its `get`) holds the record's
    /// own objects, which are its keys, where another object is a key of no record.
    fn given_keys(
        &self,
        spec: &IndexSpec,
        names: &[Box<str>],
        vals: &[Val<'_>],
        id: u32,
        mut f: impl FnMut(KeyRef<'_>, Option<IKey>),
    ) {
        let get = |fld: &str| field(names, vals, fld);
        let mut own: Option<Vec<(IKey, String)>> = None; // read at the first object
        for_each_key(spec, get, &self.delimiter, 0, |k| {
            let KeyRef::Unique(_, v) = k else {
                return f(k, None);
            };
            let own = own.get_or_insert_with(|| self.own_objects(spec, id));
            let given = crate::value::write_js_order(v);
            let at = own.iter().position(|(_, w)| *w == given);
            f(k, at.map(|i| own.remove(i).0));
        });
    }

    /// Record `id`'s own object keys in index `spec`, each with its object as written.
    fn own_objects(&self, spec: &IndexSpec, id: u32) -> Vec<(IKey, String)> {
        // (a composite's keys are strings: an object in one is its string form)
        let Some(rec) = self.rec(id).filter(|_| !spec.composite) else {
            return Vec::new();
        };
        let text = self.shapes.text(rec.stored());
        let names = field_names(std::slice::from_ref(spec));
        let Ok(vals) = values_of(&names, &text) else {
            return Vec::new();
        };
        let get = |f: &str| field(&names, &vals, f);
        let mut out = Vec::new();
        for_each_key(spec, get, &self.delimiter, unique_base(id), |k| {
            if let KeyRef::Unique(_, v) = k {
                out.push((k.to_owned(), crate::value::write_js_order(v)));
            }
        });
        out
    }

    /// haro's `override(data, 'indexes')`: `[[name, [[key, [recordKey…]]…]]…]`. Record keys
    /// the store does not hold are dropped (haro would keep them and later crash on them).
    pub fn override_indexes(&mut self, data: &Val<'_>) -> Result<()> {
        self.override_indexes_parts(std::slice::from_ref(data), &[Continues::No])
    }

    /// `override_indexes` of a dump given in parts (each an array of entries, as the whole
    /// would be), for one whose text would pass V8's longest string: `continues[i]` says
    /// whether the first entry of part `i` goes on with the last entry of the part before it
    /// (and with its last key). Every part is read before anything changes: a malformed one
    /// leaves the indexes as they were.
    pub fn override_indexes_parts(
        &mut self,
        parts: &[Val<'_>],
        continues: &[Continues],
    ) -> Result<()> {
        self.generation += 1;
        let mut built = OrderedMap::default();
        let mut next = self.next_foreign;
        let mut open: Option<(String, Index)> = None;
        for (p, part) in parts.iter().enumerate() {
            let cont = continues.get(p).copied().unwrap_or(Continues::No);
            let Val::Arr(entries) = part else {
                return Err(malformed());
            };
            for (i, entry) in entries.iter().enumerate() {
                let Val::Arr(pair) = entry else {
                    return Err(malformed());
                };
                let (Some(name), Some(Val::Arr(keys))) = (pair.first(), pair.get(1)) else {
                    return Err(malformed());
                };
                let goes_on = i == 0 && cont != Continues::No;
                let (name_str, mut index) = match open.take() {
                    Some(last) if goes_on => last,
                    last => {
                        if let Some((n, ix)) = last {
                            built.insert(n.into_boxed_str(), finished(ix));
                        }
                        let mut name_str = String::new();
                        name.js_string(&mut name_str);
                        (name_str, Index::default())
                    }
                };
                let same_key = goes_on && cont == Continues::Key;
                self.override_keys(&name_str, keys, &mut index, &mut next, same_key)?;
                open = Some((name_str, index));
            }
        }
        if let Some((n, ix)) = open {
            built.insert(n.into_boxed_str(), finished(ix));
        }
        self.next_foreign = next;
        self.indexes = built;
        self.mark_stale();
        Ok(())
    }

    /// `override_indexes` where the caller named the records by their ids (its record cache
    /// holds every record): `data` is `[[name, [value…]]…]`, and `ids` holds, for each value in
    /// order, how many ids follow, then those ids (a record key the store does not hold left
    /// out). No record key to read or look up. An id that is not a record, or counts that do
    /// not match the values, are refused as a malformed shape is: nothing changes.
    pub fn override_indexes_ids(&mut self, data: &Val<'_>, ids: &[u32]) -> Result<()> {
        self.generation += 1;
        let Val::Arr(entries) = data else {
            return Err(malformed());
        };
        let mut built = OrderedMap::default();
        let mut next = self.next_foreign;
        let mut at = 0;
        for entry in entries {
            let Val::Arr(pair) = entry else {
                return Err(malformed());
            };
            let (Some(name), Some(Val::Arr(values))) = (pair.first(), pair.get(1)) else {
                return Err(malformed());
            };
            let mut name_str = String::new();
            name.js_string(&mut name_str);
            let mut index = Index::default();
            for value in values {
                let n = *ids.get(at).ok_or_else(malformed)? as usize;
                let run = ids.get(at + 1..at + 1 + n).ok_or_else(malformed)?;
                at += 1 + n;
                if run.iter().any(|&id| self.rec(id).is_none()) {
                    return Err(malformed());
                }
                self.put_value(
                    &name_str,
                    value,
                    run.iter().copied(),
                    &mut index,
                    &mut next,
                    true,
                );
            }
            built.insert(name_str.into_boxed_str(), finished(index));
        }
        if at != ids.len() {
            return Err(malformed());
        }
        self.next_foreign = next;
        self.indexes = built;
        self.mark_stale();
        Ok(())
    }

    /// Adds an override's `[[value, [keys]]…]` of index `name` to `index`. A value given
    /// again takes the later record keys only, keeping its first place (haro builds each index
    /// as `new Map(entries)`), but the first one where `same_key` (it goes on with the part
    /// before).
    fn override_keys(
        &self,
        name: &str,
        keys: &[Val<'_>],
        index: &mut Index,
        next: &mut u64,
        same_key: bool,
    ) -> Result<()> {
        for (j, k) in keys.iter().enumerate() {
            let Val::Arr(kv) = k else {
                return Err(malformed());
            };
            let (Some(value), Some(Val::Arr(rkeys))) = (kv.first(), kv.get(1)) else {
                return Err(malformed());
            };
            let ids = rkeys.iter().filter_map(|rk| match rk {
                Val::Str(s) => self.id_of_str(s),
                Val::Num(n) => self.id_of(&Key::num(*n)),
                _ => None,
            });
            self.put_value(name, value, ids, index, next, !(same_key && j == 0));
        }
        Ok(())
    }

    /// Puts `value` of index `name` in `index` with the records `ids`; `reset`: a value given
    /// again keeps only these. An object key is compared as written, in JS's property order
    /// (an invalid Date, NaN, equals itself there): one given back equal to a record's own
    /// takes that key (`own_key`).
    fn put_value(
        &self,
        name: &str,
        value: &Val<'_>,
        ids: impl Iterator<Item = u32>,
        index: &mut Index,
        next: &mut u64,
        reset: bool,
    ) {
        let ik = KeyRef::of(value, next);
        if reset {
            index.reset_key(ik);
        }
        let object = matches!(ik, KeyRef::Unique(..)).then(|| crate::value::write_js_order(value));
        // (a record listed twice under one object is under it once, as in haro's Set: the
        // second would not find its own key free, and take the given one besides)
        let mut placed = hashbrown::HashSet::new();
        for id in ids {
            if object.is_some() && !placed.insert(id) {
                continue;
            }
            let own = object
                .as_deref()
                .and_then(|given| self.own_key(name, id, given, index));
            index.add(own.as_ref().map_or(ik, IKey::as_ref), id);
        }
    }

    /// The key record `id` itself puts in index `name` for an object written as `given`.
    /// haro's index keys an object by identity: a dump of its indexes given back holds the
    /// records' own objects, which its `deleteIndex` finds on their next update. The engine
    /// gives each record's objects their own keys; one given back equal takes that key,
    /// unless `built` has it already (a record holding two equal objects has two keys).
    fn own_key(&self, name: &str, id: u32, given: &str, built: &Index) -> Option<IKey> {
        let spec = self.specs.iter().find(|s| &*s.name == name)?;
        self.own_objects(spec, id)
            .into_iter()
            .find(|(k, w)| w == given && built.keys.get(&k.as_ref()).is_none())
            .map(|(k, _)| k)
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
}

/// Takes a deleted record's id out of every index its own values do not reach: entries
/// `setIndex` made from caller-given data, and indexes the list no longer names (or never
/// did). haro leaves those keys behind; ids are reused, so they must go.
pub(super) fn forget(
    indexes: &mut OrderedMap<Box<str>, Index>,
    extras: &mut hashbrown::HashMap<u32, Vec<(Box<str>, IKey)>>,
    specs: &[IndexSpec],
    id: u32,
) {
    drop_extras(indexes, extras, id);
    for (name, index) in indexes.iter_mut() {
        if !specs.iter().any(|s| s.name == *name) {
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
pub(super) fn field_names(specs: &[IndexSpec]) -> Vec<Box<str>> {
    let mut names: Vec<Box<str>> = Vec::new();
    for f in specs.iter().flat_map(|s| s.fields.iter()) {
        if !names.contains(f) {
            names.push(f.clone());
        }
    }
    names
}

/// The values of `names` in a record's text (none parsed when there are no names).
pub(super) fn values_of<'t>(names: &[Box<str>], text: &'t str) -> Result<Vec<Val<'t>>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    path::fields(text, names)
}

/// The most keys one record may make in a composite index: V8's most entries in a `Map`,
/// haro's limit (it throws "Map maximum size exceeded"). The facade refuses a new record
/// past it; this refuses a merge that makes one, before the store changes (two arrays of
/// 5,000 made 25M keys, ~3.5 GB, and an allocation failure aborts the process).
pub(crate) const MAX_RECORD_KEYS: u64 = 1 << 24;

/// Refuses a record whose array fields in a composite of `specs` multiply past
/// `MAX_RECORD_KEYS` keys (`vals`: the values of `names`).
pub(super) fn check_keys<'s>(
    specs: impl IntoIterator<Item = &'s IndexSpec>,
    names: &[Box<str>],
    vals: &[Val<'_>],
) -> Result<()> {
    // (no array among the indexed values, the common case: nothing to multiply, no name looked up)
    if !vals.iter().any(|v| matches!(v, Val::Arr(_))) {
        return Ok(());
    }
    for spec in specs.into_iter().filter(|s| s.composite) {
        let keys = key_count(spec, |f| field(names, vals, f));
        if keys > MAX_RECORD_KEYS {
            return Err(Error::TooManyKeys {
                keys,
                index: spec.name.clone(),
            });
        }
    }
    Ok(())
}

/// How many keys a record whose fields `get` reads makes in composite `spec`: its array
/// fields' lengths multiplied.
fn key_count<'v>(spec: &IndexSpec, get: impl Fn(&str) -> &'v Val<'v>) -> u64 {
    spec.fields.iter().fold(1u64, |n, f| match get(f) {
        Val::Arr(items) => n.saturating_mul(items.len() as u64),
        _ => n,
    })
}

/// The value of field `f`, given the values of `names`.
pub(super) fn field<'v, 't>(names: &[Box<str>], vals: &'v [Val<'t>], f: &str) -> &'v Val<'t> {
    names
        .iter()
        .position(|n| &**n == f)
        .map_or(&Val::Undef, |i| &vals[i])
}

/// Ids for object-valued keys of record `id`: its own range, so re-indexing the same
/// record yields the same keys.
pub(super) fn unique_base(id: u32) -> u64 {
    u64::from(id) << 32
}

/// Adds record `id` to the indexes of `specs`, creating those that do not exist, as
/// haro's `setIndex` does.
pub(super) fn index<'s>(
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
/// After `override('indexes')` ids may sit anywhere: then the record goes from every key
/// that holds it (`Index::remove_everywhere`).
pub(super) fn unindex(
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
/// each made a string, joined by the delimiter; `f` is called with each. None where there
/// would be more than `most`.
fn composite_keys<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
    most: u64,
    mut f: impl FnMut(&str),
) {
    // One value per field (no array among them), the common case: one key, built in one
    // string. The product makes a string per field and per value (a 100k-record indexed
    // load spent a fifth of its indexing time allocating them). Sized once: grown from
    // empty, a key like `Engineering|Berlin` took three allocations.
    let mut key = String::with_capacity(64);
    for (i, field) in spec.fields.iter().enumerate() {
        let v = get(field);
        if matches!(v, Val::Arr(_)) {
            if key_count(spec, &get) <= most {
                product(spec, get, delimiter, f);
            }
            return;
        }
        if i > 0 {
            key.push_str(delimiter);
        }
        v.js_string(&mut key);
    }
    join_pairs(&mut key);
    f(&key);
}

/// A key whose parts end and start with the two halves of a surrogate pair (lone
/// surrogates, escaped, joined by an empty delimiter): JS joins them into one character,
/// which the escaped form holds as that character (as `escape_str` writes it).
fn join_pairs(key: &mut String) {
    if !key.contains("\\u") {
        return;
    }
    let b = key.as_bytes();
    let hex = |at: usize| {
        b.get(at..at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let mut out = String::new();
    let (mut i, mut last) = (0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2; // a two-character escape (an escaped backslash among them)
            continue;
        }
        let pair = match (hex(i + 2), b.get(i + 6..i + 8), hex(i + 8)) {
            (Some(hi @ 0xD800..=0xDBFF), Some(b"\\u"), Some(lo @ 0xDC00..=0xDFFF)) => {
                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
            }
            _ => None,
        };
        match pair {
            Some(c) => {
                out.push_str(&key[last..i]);
                out.push(c);
                i += 12;
                last = i;
            }
            None => i += 6,
        }
    }
    if last > 0 {
        out.push_str(&key[last..]);
        *key = out;
    }
}

/// `composite_keys` where some field holds an array: every combination, in haro's order
/// (the last field's values turn fastest), each built in turn and handed to `f`. Never held
/// all at once: a `find` asking for two arrays of 5,000 made 25M strings (1.4 GB of RSS
/// for a moment).
fn product<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
    mut f: impl FnMut(&str),
) {
    let values: Vec<&[Val<'_>]> = spec
        .fields
        .iter()
        .map(|field| match get(field) {
            Val::Arr(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        })
        .collect();
    if values.iter().any(|v| v.is_empty()) {
        return; // (an empty array: no combination)
    }
    let mut at = vec![0usize; values.len()];
    let mut key = String::with_capacity(64);
    loop {
        key.clear();
        for (i, (vals, &j)) in values.iter().zip(&at).enumerate() {
            if i > 0 {
                key.push_str(delimiter);
            }
            vals[j].js_string(&mut key);
        }
        join_pairs(&mut key);
        f(&key);
        // the next combination, as an odometer turns
        let mut i = values.len();
        loop {
            if i == 0 {
                return;
            }
            i -= 1;
            at[i] += 1;
            if at[i] < values[i].len() {
                break;
            }
            at[i] = 0;
        }
    }
}

/// Calls `f` with each key a record takes in the index `spec` (haro's `setIndex`):
/// an array field's elements, or the value itself; composites as strings. A composite
/// past `MAX_RECORD_KEYS` keys gives none: no index holds a record by them (every way in
/// refuses it first, `check_keys`), so its removal and checks have none to walk (a record
/// an override of records put in, two arrays of 5,000: 25M keys at its delete).
pub(super) fn for_each_key<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
    unique_base: u64,
    mut f: impl FnMut(KeyRef<'_>),
) {
    if spec.composite {
        composite_keys(spec, get, delimiter, MAX_RECORD_KEYS, |s| f(KeyRef::Str(s)));
        return;
    }
    let Some(field) = spec.fields.first() else {
        return;
    };
    let mut next = unique_base;
    match get(field) {
        Val::Arr(items) => items.iter().for_each(|v| f(KeyRef::of(v, &mut next))),
        v => f(KeyRef::of(v, &mut next)),
    }
}

/// Calls `f` with each key a lookup finds (`Map#has` on the index); objects find nothing.
pub(super) fn for_each_lookup<'v>(
    spec: &IndexSpec,
    get: impl Fn(&str) -> &'v Val<'v>,
    delimiter: &str,
    mut f: impl FnMut(KeyRef<'_>),
) {
    if spec.composite {
        composite_keys(spec, get, delimiter, u64::MAX, |s| f(KeyRef::Str(s)));
        return;
    }
    let Some(field) = spec.fields.first() else {
        return;
    };
    match get(field) {
        Val::Arr(items) => items.iter().filter_map(KeyRef::lookup).for_each(f),
        v => KeyRef::lookup(v).into_iter().for_each(f),
    }
}

/// How a part of `override_indexes_parts` begins.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Continues {
    /// With an entry of its own.
    No,
    /// Its first entry goes on with the last entry of the part before.
    Entry,
    /// And its first key with that entry's last key (a key whose record keys were cut).
    Key,
}

fn malformed() -> Error {
    Error::Malformed("indexes must be [name, [[value, [keys]]]] entries".into())
}

/// An index an override built: the keys given again and left with no record go.
fn finished(mut index: Index) -> Index {
    index.drop_empty_keys();
    index
}
