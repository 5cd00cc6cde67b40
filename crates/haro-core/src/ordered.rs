//! An insertion-ordered hash map with O(1) removal: removed entries leave a tombstone that a
//! later compaction closes (`Tombstoned`, at 16 dead). JS `Map`s keep insertion order and haro's results follow it,
//! so every ordered structure of the engine is one of these.

use std::hash::{BuildHasher, Hash};

use hashbrown::{DefaultHashBuilder, Equivalent, HashTable};

use super::tombstoned::Tombstoned;

pub struct OrderedMap<K, V> {
    table: HashTable<u32>,
    /// The entries in insertion order; the table holds their places.
    slots: Tombstoned<Option<(K, V)>, 16>,
    hasher: DefaultHashBuilder,
}

impl<K: Hash + Eq, V> Default for OrderedMap<K, V> {
    fn default() -> Self {
        OrderedMap {
            table: HashTable::new(),
            slots: Tombstoned::default(),
            hasher: DefaultHashBuilder::default(),
        }
    }
}

impl<K: Hash + Eq, V> OrderedMap<K, V> {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    // Lookups take any `Q` that hashes as `K` does and compares equal to it (a `&str`
    // for a `Box<str>` key, a borrowed index key for an owned one), so none allocates.
    fn find<Q: Hash + Equivalent<K> + ?Sized>(&self, k: &Q) -> Option<u32> {
        let slots = self.slots.slots();
        self.table
            .find(self.hasher.hash_one(k), |&i| {
                slots[i as usize]
                    .as_ref()
                    .is_some_and(|(kk, _)| k.equivalent(kk))
            })
            .copied()
    }

    pub fn get<Q: Hash + Equivalent<K> + ?Sized>(&self, k: &Q) -> Option<&V> {
        let i = self.find(k)?;
        self.slots.slots()[i as usize].as_ref().map(|(_, v)| v)
    }

    pub fn get_mut<Q: Hash + Equivalent<K> + ?Sized>(&mut self, k: &Q) -> Option<&mut V> {
        let i = self.find(k)?;
        self.slots.slots_mut()[i as usize].as_mut().map(|(_, v)| v)
    }

    pub fn contains<Q: Hash + Equivalent<K> + ?Sized>(&self, k: &Q) -> bool {
        self.find(k).is_some()
    }

    /// Like `Map#set`: a present key keeps its place.
    pub fn insert(&mut self, k: K, v: V) {
        let mut fresh = Some(v);
        let slot = self.get_or_insert_with(k, || fresh.take().expect("taken once"));
        if let Some(v) = fresh {
            *slot = v;
        }
    }

    /// The value under `k`, inserted at the end from `make` if absent.
    pub fn get_or_insert_with(&mut self, k: K, make: impl FnOnce() -> V) -> &mut V {
        let hash = self.hasher.hash_one(&k);
        let i = match self.find(&k) {
            Some(i) => i,
            None => {
                let v = make();
                let i = self.slots.push(Some((k, v))) as u32;
                let (slots, hasher) = (self.slots.slots(), &self.hasher);
                self.table.insert_unique(hash, i, |&j| {
                    hasher.hash_one(&slots[j as usize].as_ref().expect("live slot").0)
                });
                i
            }
        };
        &mut self.slots.slots_mut()[i as usize]
            .as_mut()
            .expect("live slot")
            .1
    }

    /// The hash `k` is kept under: a caller may keep it instead of the key (`get_hashed_mut`).
    pub fn hash_of<Q: Hash + ?Sized>(&self, k: &Q) -> u64 {
        self.hasher.hash_one(k)
    }

    /// The first entry kept under `hash` whose value `pick` admits; keys are not compared
    /// (the caller knows the hash alone).
    pub fn get_hashed_mut(
        &mut self,
        hash: u64,
        mut pick: impl FnMut(&mut V) -> bool,
    ) -> Option<(&K, &mut V)> {
        let OrderedMap {
            table,
            slots,
            hasher,
        } = self;
        // (the table's candidates share 7 bits of the hash: the whole hash is checked)
        let place = table.iter_hash(hash).copied().find(|&i| {
            slots.slots_mut()[i as usize]
                .as_mut()
                .is_some_and(|(k, v)| hasher.hash_one(&*k) == hash && pick(v))
        })?;
        slots.slots_mut()[place as usize]
            .as_mut()
            .map(|(k, v)| (&*k, v))
    }

    /// Whether `k` (of hash `hash`) is kept, and alone under its hash: `Some(false)` when it
    /// is not kept, `None` when another key shares its hash.
    pub fn alone<Q: Hash + Equivalent<K> + ?Sized>(&self, k: &Q, hash: u64) -> Option<bool> {
        let slots = self.slots.slots();
        let (mut kept, mut shared) = (false, false);
        for &i in self.table.iter_hash(hash) {
            let Some((key, _)) = slots[i as usize].as_ref() else {
                continue;
            };
            // (the table's candidates share 7 bits of the hash: another key's whole hash is
            // compared; `k`'s own is `hash`)
            if k.equivalent(key) {
                kept = true;
            } else if self.hasher.hash_one(key) == hash {
                shared = true;
            }
        }
        match (kept, shared) {
            (false, _) => Some(false),
            (true, false) => Some(true),
            (true, true) => None,
        }
    }

    pub fn remove<Q: Hash + Equivalent<K> + ?Sized>(&mut self, k: &Q) -> Option<V> {
        let hash = self.hasher.hash_one(k);
        let slots = self.slots.slots();
        let entry = self
            .table
            .find_entry(hash, |&i| {
                slots[i as usize]
                    .as_ref()
                    .is_some_and(|(kk, _)| k.equivalent(kk))
            })
            .ok()?;
        let (i, _) = entry.remove();
        let (_, v) = self.slots.remove(i as usize)?;
        if self.slots.compact() {
            self.rehash();
        }
        Some(v)
    }

    /// After a compaction: the table again holds every entry's place.
    fn rehash(&mut self) {
        self.table.clear();
        let (slots, hasher) = (self.slots.slots(), &self.hasher);
        let rehash = |&j: &u32| hasher.hash_one(&slots[j as usize].as_ref().expect("live slot").0);
        for (i, slot) in slots.iter().enumerate() {
            let hash = hasher.hash_one(&slot.as_ref().expect("live slot").0);
            self.table.insert_unique(hash, i as u32, rehash);
        }
    }

    pub fn clear(&mut self) {
        self.table.clear();
        self.slots.clear();
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.slots.slots().iter().flatten().map(|(k, v)| (k, v))
    }

    /// The entries from place `slot` on (places count removed entries: `iter_from` of the
    /// place after an entry goes on after it), each with its place.
    pub fn iter_from(&self, slot: usize) -> impl Iterator<Item = (usize, &K, &V)> {
        let slots = self.slots.slots();
        slots[slot.min(slots.len())..]
            .iter()
            .enumerate()
            .filter_map(move |(i, e)| e.as_ref().map(|(k, v)| (slot + i, k, v)))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.slots
            .slots_mut()
            .iter_mut()
            .flatten()
            .map(|(k, v)| (&*k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_insertion_order_through_removals() {
        let mut m = OrderedMap::default();
        for i in 0..100 {
            m.insert(i, i * 10);
        }
        for i in (0..100).filter(|i| i % 3 != 0) {
            assert_eq!(m.remove(&i), Some(i * 10));
        }
        m.insert(1, 7);
        m.insert(0, 99);
        let got: Vec<_> = m.iter().map(|(k, v)| (*k, *v)).collect();
        let mut want: Vec<_> = (0..100)
            .filter(|i| i % 3 == 0)
            .map(|i| (i, i * 10))
            .collect();
        want[0].1 = 99;
        want.push((1, 7));
        assert_eq!(got, want);
        assert_eq!(m.len(), want.len());
        assert_eq!(m.remove(&5), None);
    }
}
