//! Bulk writes (`setMany`, `deleteMany`): all or nothing. Every argument is checked
//! before the first change, so a refused call leaves the store as it was.

use hashbrown::HashSet;

use super::Store;
use crate::error::{Error, Result};
use crate::key::Key;
use crate::value::parse_fields;

/// Below this share of the store, a bulk delete takes each record out of the indexes by
/// its values; above it, one pass over every index drops the deleted ids at once.
const SWEEP_SHARE: usize = 8;

impl Store {
    /// `set(null, record, true, true)` for each record, in order; the ids written.
    pub fn set_many(&mut self, items: Vec<(Key, String)>) -> Result<Vec<u32>> {
        self.set_chunks(vec![items])
    }

    /// `set_many` of the records of every chunk, in order (a batch staged in chunks).
    pub(super) fn set_chunks(&mut self, chunks: Vec<Vec<(Key, String)>>) -> Result<Vec<u32>> {
        for (_, text) in chunks.iter().flatten() {
            super::readable(text)?;
            parse_fields::<&str>(text, &[])?;
        }
        let n = chunks.iter().map(Vec::len).sum();
        self.expecting(n, |s| {
            let mut ids = Vec::with_capacity(n);
            for (key, text) in chunks.into_iter().flatten() {
                ids.push(s.set(key, text, true)?.id);
            }
            Ok(ids)
        })
    }

    /// `delete(key)` for each key; the id each record had, in the keys' order (the caller's
    /// caches free what they held by id). A missing key, or one named twice, is `NotFound`
    /// and nothing is deleted. `versions`: the histories of the deleted records go too.
    pub fn delete_many(&mut self, keys: &[Key], versions: bool) -> Result<Vec<u32>> {
        let mut ids = Vec::with_capacity(keys.len());
        let mut seen = HashSet::with_capacity(keys.len());
        for key in keys {
            let id = self.id_of(key).ok_or(Error::NotFound)?;
            if !seen.insert(id) {
                return Err(Error::NotFound);
            }
            ids.push(id);
        }
        if ids.len() * SWEEP_SHARE < self.len() {
            for (key, &id) in keys.iter().zip(&ids) {
                self.generation += 1;
                self.delete_found(key, id, versions)?;
            }
            return Ok(ids);
        }
        // Readers keep what they decoded until the generation moves (the per-key path
        // above moves it for each record, as `delete` does).
        self.generation += 1;
        if ids.len() == self.len() {
            self.delete_all(keys, versions);
            return Ok(ids);
        }
        let mut dead = vec![false; self.recs.len()];
        for &id in &ids {
            dead[id as usize] = true;
        }
        let keep = |id: u32| !dead.get(id as usize).copied().unwrap_or(false);
        for (_, index) in self.indexes.iter_mut() {
            index.retain(keep);
        }
        if !self.extras.is_empty() {
            for &id in &ids {
                self.extras.remove(&id);
            }
        }
        for (key, &id) in keys.iter().zip(&ids) {
            self.remove_slot(key, id);
            if versions {
                self.forget_versions(key);
            }
        }
        self.compact_order();
        Ok(ids)
    }

    /// Every record goes (`keys` names each once): `clear`, except that the indexes stay
    /// (emptied) and only the deleted records' histories go, when `versions` says so.
    fn delete_all(&mut self, keys: &[Key], versions: bool) {
        for (_, index) in self.indexes.iter_mut() {
            index.clear();
        }
        self.extras.clear();
        self.expiry.clear();
        self.by_key.clear();
        self.free.clear();
        self.order.clear();
        self.bytes = 0;
        self.stale = false;
        self.recs = Vec::new();
        self.stamps.drop_all();
        self.shapes = Default::default(); // no stored form is left to read a key list
        if versions {
            for key in keys {
                self.forget_versions(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::IndexSpec;
    use super::*;

    fn store(n: usize) -> Store {
        let mut s = Store::new();
        s.versioning = true;
        s.set_specs(vec![
            IndexSpec {
                name: "g".into(),
                fields: vec!["g".into()],
                composite: false,
            },
            IndexSpec {
                name: "t".into(),
                fields: vec!["t".into()],
                composite: false,
            },
        ]);
        s.reindex(None).unwrap();
        for i in 0..n {
            let text = format!(r#"{{"id":{i},"g":{},"t":["a{}","b"]}}"#, i % 3, i % 5);
            s.set(Key::num(i as f64), text, false).unwrap();
        }
        s
    }

    #[test]
    fn delete_many_is_all_or_nothing_and_consistent() {
        for n in [10usize, 200] {
            let mut s = store(n);
            let before = s.len();
            let missing = [Key::num(1.0), Key::num(1e9)];
            assert!(matches!(
                s.delete_many(&missing, true),
                Err(Error::NotFound)
            ));
            let twice = [Key::num(1.0), Key::num(1.0)];
            assert!(matches!(s.delete_many(&twice, true), Err(Error::NotFound)));
            assert_eq!(s.len(), before);
            // Few keys (per record) and most keys (one sweep).
            let few: Vec<Key> = (0..2).map(|i| Key::num(i as f64)).collect();
            let had: Vec<u32> = few.iter().map(|k| s.id_of(k).unwrap()).collect();
            assert_eq!(s.delete_many(&few, true).unwrap(), had);
            s.check_invariants().unwrap();
            let rest: Vec<Key> = (2..n)
                .filter(|i| i % 7 != 0)
                .map(|i| Key::num(i as f64))
                .collect();
            let had: Vec<u32> = rest.iter().map(|k| s.id_of(k).unwrap()).collect();
            assert_eq!(s.delete_many(&rest, true).unwrap(), had);
            s.check_invariants().unwrap();
            assert_eq!(s.len(), (2..n).filter(|i| i % 7 == 0).count());
            assert!(s.versions_text(&Key::num(3.0)).is_none());
            assert!(s.versions_text(&Key::num(7.0)).is_some());
            let all: Vec<Key> = (2..n)
                .filter(|i| i % 7 == 0)
                .map(|i| Key::num(i as f64))
                .collect();
            let had: Vec<u32> = all.iter().map(|k| s.id_of(k).unwrap()).collect();
            assert_eq!(s.delete_many(&all, false).unwrap(), had);
            s.check_invariants().unwrap();
            assert_eq!(s.len(), 0);
            assert_eq!(s.index_len("g"), Some(0));
        }
    }

    #[test]
    fn set_many_refuses_a_bad_text_before_writing() {
        let mut s = store(3);
        let items = vec![
            (Key::num(10.0), r#"{"id":10,"g":1}"#.to_owned()),
            (Key::num(11.0), "{oops".to_owned()),
        ];
        assert!(s.set_many(items).is_err());
        assert_eq!(s.len(), 3);
        let ids = s
            .set_many(vec![
                (Key::num(10.0), r#"{"id":10,"g":1}"#.to_owned()),
                (Key::num(0.0), r#"{"id":0,"g":2}"#.to_owned()),
            ])
            .unwrap();
        assert_eq!(ids.len(), 2);
        s.check_invariants().unwrap();
        // A new key gets a history; a replaced one gains a version.
        assert_eq!(s.versions_text(&Key::num(10.0)).as_deref(), Some("[]"));
        assert!(s.versions_text(&Key::num(0.0)).unwrap().len() > 2);
    }
}
