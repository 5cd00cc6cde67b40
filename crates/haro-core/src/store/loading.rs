//! What snapshots read and write through (`snapshot`): records and histories in order,
//! an empty store of the same settings, loading records and prebuilt indexes back; and
//! the consistency check tests and fuzzing run.

use std::borrow::Cow;

use super::indexing::{field, for_each_key, unique_base};
use super::{PackFrom, Store, RECORD_OVERHEAD};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::key::{Key, RecKey};
use crate::ordered::OrderedMap;
use crate::ordered_index;
use crate::tombstoned::Slot;

impl Store {
    // ---- snapshots (see `snapshot`) -------------------------------------------------

    /// Every record in insertion order, as its key and text.
    pub fn entries(&self) -> impl Iterator<Item = (RecKey<'_>, Cow<'_, str>)> + '_ {
        self.ids().map(|id| {
            let r = self.rec(id).expect("live record");
            (r.key(), self.shapes.text(r.stored()))
        })
    }

    /// `entries` with the length of each text, which costs no rebuilding.
    pub fn entry_lens(&self) -> impl Iterator<Item = (RecKey<'_>, usize)> + '_ {
        self.ids().map(|id| {
            let r = self.rec(id).expect("live record");
            (r.key(), self.shapes.text_len(r.stored()))
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
        s.pack_from = PackFrom(self.pack_from.0);
        s.retention
            .configure(self.retention.limit, self.retention.ttl);
        // It replaces this one in place: views that decoded this one's state must see a move.
        s.generation = self.generation + 1;
        s
    }

    /// This store (built aside) takes the place of `old`: its generation moves past `old`'s
    /// as it is now, so what readers built from `old` is seen as out of date (`empty_like`
    /// took it earlier: `old` may have moved on while a load was read on the pool).
    pub fn succeed(&mut self, old: &Store) {
        self.generation = self.generation.max(old.generation + 1);
    }

    /// Room for `n` more records: a load knows its count, and growing the key table as it
    /// goes hashed every key again at each doubling.
    pub fn reserve(&mut self, n: usize) {
        self.recs.reserve(n);
        self.order.reserve(n);
        self.by_key.reserve(n, |s| super::spread(s.hash));
    }

    /// Appends a record read from a snapshot, unindexed (the loader reindexes once).
    pub fn push_loaded(&mut self, key: Key, text: Box<str>) -> Result<()> {
        let hash = self.key_hash(&key);
        if self.id_hashed(hash, &key).is_some() {
            return Err(Error::Malformed("duplicate key".into()));
        }
        // A record's `head` holds where its key starts in 31 bits (JS strings stop at 2^29).
        if text.len() >= 1 << 30 {
            return Err(Error::Malformed("a record of 1 GiB or more".into()));
        }
        self.insert_hashed(hash, key.as_ref(), String::from(text).into());
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
            let key = rec.key();
            if self.find_id(self.key_hash(&key), |k| k == key) != Some(id) {
                return Err(format!("key of record {id} does not find it"));
            }
        }
        self.shapes
            .check(self.ids().map(|id| self.rec(id).expect("live").stored()))?;
        let bytes: usize = self
            .ids()
            .map(|id| self.rec(id).expect("live").body.len() + RECORD_OVERHEAD)
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
        let mut buf = String::new();
        for spec in &self.specs {
            let Some(index) = self.index_named(&spec.name) else {
                continue;
            };
            let mut rebuilt = Index::default();
            for id in self.ids() {
                let text = self.rec(id).expect("live").text(&self.shapes, &mut buf);
                let vals = self.values_of(text).map_err(|e| e.to_string())?;
                let get = |f: &str| field(&self.fields, &vals, f);
                for_each_key(spec, get, &self.delimiter, unique_base(id), |k| {
                    rebuilt.add(k, id)
                });
            }
            let (mut a, mut b) = (index.listing(), rebuilt.listing());
            a.sort();
            b.sort();
            for (_, ids) in a.iter_mut().chain(b.iter_mut()) {
                ids.sort_unstable();
            }
            if a != b {
                return Err(format!("index {} differs from a rebuild", spec.name));
            }
        }
        Ok(())
    }
}
