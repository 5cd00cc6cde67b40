//! One index: its keys in insertion order, each with the records that hold it, in the
//! order they were added (a JS `Map` of `Set`s, as haro keeps them).

use hashbrown::HashMap;

use super::ikey::{IKey, KeyRef};
use super::ordered::OrderedMap;
use super::ordered_index::{NumOrder, TextOrder};
use super::tombstoned::{Slot, Tombstoned};

/// Above this size a set keeps a position map, so removal stays O(1).
const POSITIONED: usize = 32;

/// The records under one index key. Most keys of a unique field hold one record, so
/// that case costs no allocation.
pub enum IdSet {
    One(u32),
    Many(Box<Many>),
}

pub struct Many {
    /// In the order added; a removal leaves a tombstone (compacted at 8 dead).
    ids: Tombstoned<u32, 8>,
    /// Each id's place in `ids`: built when an id is looked for in a set of more than
    /// `POSITIONED` places (tombstones counted) whose tail is past `TAIL`, or whose
    /// tombstones stop the search in halves. A store filled with new records (ids that only
    /// grow) never needs one, nor do sets that updates left with a short tail.
    pos: Option<HashMap<u32, u32>>,
    /// No id in the set is greater: an id above it is new to the set without a lookup.
    max: u32,
    /// `ids` below this place (tombstones counted) hold their live ids in ascending order,
    /// found by binary search; the tail after it was added out of order (an update takes
    /// a record out of a set and adds it back last, as haro's `Set` does), searched while
    /// it has at most `TAIL` places. A big store's first updates otherwise built a position
    /// map for every set they took a record from (haro's suite, `SET with indexes` at 50k
    /// records: three quarters of the engine's work in its first 100 updates).
    sorted: usize,
}

/// Tombstones `ascending_place` steps over at one probe before it gives up (a run that
/// long is left by removals of neighbouring ids; the position map serves then).
const TOMB_RUN: usize = 64;

/// Places of a set's out-of-order tail searched one by one before a position map is built.
const TAIL: usize = 64;

impl Many {
    fn new(ids: Vec<u32>) -> Many {
        let mut sorted = ids.len().min(1);
        while sorted < ids.len() && ids[sorted - 1] < ids[sorted] {
            sorted += 1;
        }
        Many {
            max: ids.iter().copied().max().unwrap_or(0),
            sorted,
            ids: Tombstoned::from_live(ids),
            pos: None,
        }
    }

    /// `id`'s place, building the position map where the set wants one.
    fn place(&mut self, id: u32) -> Option<usize> {
        if self.pos.is_none() {
            let (head, tail) = self.ids.slots().split_at(self.sorted);
            if tail.len() <= TAIL {
                if let Some(found) = ascending_place(head, id) {
                    let in_tail = || tail.iter().position(|&x| x == id).map(|i| head.len() + i);
                    return found.or_else(in_tail);
                }
            }
        }
        self.positioned();
        match &self.pos {
            Some(pos) => pos.get(&id).map(|&i| i as usize),
            None => self.ids.slots().iter().position(|&x| x == id),
        }
    }

    /// Appends `id`, not in the set (`fresh`: above every id it ever held).
    fn push(&mut self, id: u32, fresh: bool) {
        let extends = fresh && self.sorted == self.ids.slots().len();
        let place = self.ids.push(id);
        if extends {
            self.sorted += 1;
        }
        if let Some(pos) = &mut self.pos {
            pos.insert(id, place as u32);
        }
    }

    /// Takes out the id at `place`; compacts when the dead call for it.
    fn take(&mut self, id: u32, place: usize) {
        self.ids.remove(place);
        if let Some(pos) = &mut self.pos {
            pos.remove(&id);
        }
        if self.ids.needs_compact() {
            let head = &self.ids.slots()[..self.sorted];
            self.sorted = head.iter().filter(|x| !x.is_tomb()).count();
            self.ids.compact();
            // Places moved: `positioned` builds the map again when next needed.
            self.pos = None;
        }
    }

    fn build_pos(&mut self) {
        let mut pos = HashMap::with_capacity(self.ids.len());
        let live = self.ids.slots().iter().enumerate();
        pos.extend(
            live.filter(|(_, id)| !id.is_tomb())
                .map(|(i, &id)| (id, i as u32)),
        );
        self.pos = Some(pos);
    }

    /// Builds the position map when the set is big enough to want one and has none yet:
    /// a set read from a snapshot gets it on its first write, not at load.
    fn positioned(&mut self) {
        if self.pos.is_none() && self.ids.slots().len() > POSITIONED {
            self.build_pos();
        }
    }
}

impl IdSet {
    pub fn len(&self) -> usize {
        match self {
            IdSet::One(_) => 1,
            IdSet::Many(m) => m.ids.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `Set#add`: an id already present keeps its place.
    pub fn insert(&mut self, id: u32) {
        match self {
            IdSet::One(x) if *x == id => {}
            // (an emptied set, or an override's new key: one record costs no allocation)
            IdSet::Many(m) if m.ids.is_empty() => *self = IdSet::One(id),
            IdSet::One(x) => *self = IdSet::Many(Box::new(Many::new(vec![*x, id]))),
            IdSet::Many(m) => {
                let fresh = id > m.max;
                if fresh {
                    m.max = id;
                } else if m.place(id).is_some() {
                    return;
                }
                m.push(id, fresh);
            }
        }
    }

    /// `Set#has`.
    pub fn contains(&mut self, id: u32) -> bool {
        match self {
            IdSet::One(x) => *x == id,
            IdSet::Many(m) => m.place(id).is_some(),
        }
    }

    /// `Set#delete`.
    pub fn remove(&mut self, id: u32) -> bool {
        match self {
            IdSet::One(x) => {
                if *x != id {
                    return false;
                }
                *self = IdSet::Many(Box::new(Many::new(Vec::new())));
                true
            }
            IdSet::Many(m) => {
                let Some(i) = m.place(id) else {
                    return false;
                };
                m.take(id, i);
                true
            }
        }
    }

    /// A set of the given ids, distinct, in that order (read from a snapshot).
    pub fn from_ids(ids: Vec<u32>) -> IdSet {
        if let [id] = ids[..] {
            return IdSet::One(id);
        }
        // No position map: ascending ids (a snapshot of a store loaded in order) want none.
        IdSet::Many(Box::new(Many::new(ids)))
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let (one, many) = match self {
            IdSet::One(x) => (Some(*x), None),
            IdSet::Many(m) => (None, Some(m.ids.live().copied())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

/// Notes in `owners` that record `id` holds the key of hash `h`.
fn own(owners: &mut Vec<Hashes>, id: u32, h: u64) {
    let i = id as usize;
    if i >= owners.len() {
        owners.resize(i + 1, Hashes::None);
    }
    owners[i].push(h);
}

/// Notes in `owners` that record `id` no longer holds the key of hash `h`.
fn disown(owners: &mut [Hashes], id: u32, h: u64) {
    if let Some(hashes) = owners.get_mut(id as usize) {
        hashes.take(h);
    }
}

/// Where `id` is among `slots`, whose live ids ascend (tombstones anywhere between them):
/// `Some(None)` when it is not there, `None` when a run of tombstones longer than
/// `TOMB_RUN` stopped the search.
fn ascending_place(slots: &[u32], id: u32) -> Option<Option<usize>> {
    let (mut lo, mut hi) = (0, slots.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The first live id at or after `mid`: those before it in [lo, mid) are smaller,
        // those after it greater.
        let mut at = mid;
        while at < hi && slots[at].is_tomb() {
            at += 1;
            if at - mid > TOMB_RUN {
                return None;
            }
        }
        if at == hi {
            hi = mid;
            continue;
        }
        match slots[at].cmp(&id) {
            std::cmp::Ordering::Equal => return Some(Some(at)),
            std::cmp::Ordering::Less => lo = at + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    Some(None)
}

/// Per index key besides its text: the map slot, its hash entry and the set header.
const KEY_OVERHEAD: usize = 48;
/// Per record entry of a set: the id, plus its share of a position map when there is one.
const ENTRY_BYTES: usize = 8;
/// Per record place of `owners`.
const OWNER_BYTES: usize = 16;
/// Past this many keys of one record, `holds` looks the key up rather than scan the record's
/// hashes in `owners`.
const OWNERS_SCAN: usize = 32;

#[derive(Default)]
pub struct Index {
    pub keys: OrderedMap<IKey, IdSet>,
    /// Record ids in `sortBy` order, kept until the index changes.
    pub sorted: Option<Vec<u32>>,
    /// Record entries over all keys, and the bytes of the keys' strings: kept as the index
    /// changes, so that `approx_bytes` costs nothing on the write path.
    entries: usize,
    key_text: usize,
    /// Number keys in order, kept up to date once a range or sort asked for it.
    pub num_order: Option<NumOrder>,
    /// The key order the facade sorted, and the keys that joined or left since.
    pub text_order: Option<TextOrder>,
    /// The keys of each record here, by their hashes: built at the first `remove_everywhere`
    /// (an index its records' values may not give: unlisted, or given by an override), then
    /// kept through every change, so a removal visits that record's keys alone instead of
    /// searching every key (a restore of 100k records into a store without an index list,
    /// then 1,000 deletes: 138 -> 9-10 ms, bench/restore-deletes.mjs). By record id (ids are
    /// slab places, dense: a list, not a map).
    owners: Option<Vec<Hashes>>,
}

/// The hashes of one record's keys in an index (`Index::owners`): most records hold one.
#[derive(Clone, Default)]
enum Hashes {
    #[default]
    None,
    One(u64),
    /// (boxed: the enum stays 16 bytes a place, where a `Vec` or a boxed slice makes it 32
    /// or 24; a record holds several keys of an index only through an array)
    #[allow(clippy::box_collection)]
    Many(Box<Vec<u64>>),
}

const _: () = assert!(std::mem::size_of::<Hashes>() == 16);

impl Hashes {
    fn push(&mut self, h: u64) {
        match self {
            Hashes::None => *self = Hashes::One(h),
            Hashes::One(x) => *self = Hashes::Many(Box::new(vec![*x, h])),
            Hashes::Many(v) => v.push(h),
        }
    }

    /// Takes one `h` out.
    fn take(&mut self, h: u64) {
        match self {
            Hashes::None => {}
            Hashes::One(x) => {
                if *x == h {
                    *self = Hashes::None;
                }
            }
            Hashes::Many(v) => {
                if let Some(i) = v.iter().position(|&x| x == h) {
                    v.swap_remove(i);
                }
                if v.is_empty() {
                    *self = Hashes::None;
                }
            }
        }
    }

    fn as_slice(&self) -> &[u64] {
        match self {
            Hashes::None => &[],
            Hashes::One(x) => std::slice::from_ref(x),
            Hashes::Many(v) => v,
        }
    }
}

impl Index {
    /// Adds a key not in the index with its whole set (read from a snapshot).
    pub fn insert_set(&mut self, k: IKey, set: IdSet) {
        self.sorted = None;
        self.key_text += k.text_len();
        self.entries += set.len();
        if let Some(owners) = &mut self.owners {
            let h = self.keys.hash_of(&k);
            set.iter().for_each(|id| own(owners, id, h));
        }
        self.keys.insert(k, set);
    }

    pub fn add(&mut self, k: KeyRef<'_>, id: u32) {
        self.sorted = None;
        match self.keys.get_mut(&k) {
            Some(set) => {
                let before = set.len();
                set.insert(id);
                if set.len() == before {
                    return;
                }
                self.entries += 1;
            }
            None => {
                self.key_joined(&k);
                let k = k.to_owned();
                self.key_text += k.text_len();
                self.entries += 1;
                self.keys.insert(k, IdSet::One(id));
            }
        }
        if let Some(owners) = &mut self.owners {
            own(owners, id, self.keys.hash_of(&k));
        }
    }

    /// An override's value `k` with an empty set: emptied where it stands when the key is
    /// there (given again: as in a `Map` built from entries, the key keeps its first place and
    /// takes the last set), else new in the place it claims. A key left empty goes with
    /// `drop_empty_keys`.
    pub fn reset_key(&mut self, k: KeyRef<'_>) {
        self.sorted = None;
        match self.keys.get_mut(&k) {
            Some(set) => {
                self.entries -= set.len();
                let old = std::mem::replace(set, IdSet::from_ids(Vec::new()));
                if let Some(owners) = &mut self.owners {
                    let h = self.keys.hash_of(&k);
                    old.iter().for_each(|id| disown(owners, id, h));
                }
            }
            None => {
                self.key_joined(&k);
                let k = k.to_owned();
                self.key_text += k.text_len();
                self.keys.insert(k, IdSet::from_ids(Vec::new()));
            }
        }
    }

    /// Removes the keys whose sets are empty (see `reset_key`).
    pub fn drop_empty_keys(&mut self) {
        let empty: Vec<IKey> = self
            .keys
            .iter()
            .filter(|(_, set)| set.is_empty())
            .map(|(k, _)| k.clone())
            .collect();
        for k in empty {
            let k = k.as_ref();
            self.keys.remove(&k);
            self.key_text -= k.text_len();
            self.key_left(&k);
        }
    }

    /// Whether the kept counts, and `owners` where kept, match the keys (tests, fuzzing).
    pub fn counts_hold(&self) -> bool {
        let entries: usize = self.keys.iter().map(|(_, set)| set.len()).sum();
        let text: usize = self.keys.iter().map(|(k, _)| k.text_len()).sum();
        (entries, text) == (self.entries, self.key_text) && self.owners_hold()
    }

    /// Whether `owners`, where kept, names each record's keys, and no more.
    fn owners_hold(&self) -> bool {
        let Some(owners) = &self.owners else {
            return true;
        };
        let noted: usize = owners.iter().map(|h| h.as_slice().len()).sum();
        noted == self.entries
            && self.keys.iter().all(|(k, set)| {
                let h = self.keys.hash_of(k);
                set.iter().all(|id| {
                    owners
                        .get(id as usize)
                        .is_some_and(|o| o.as_slice().contains(&h))
                })
            })
    }

    /// Record entries over all keys (a record under two keys counts twice).
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Roughly the memory this index holds.
    pub fn approx_bytes(&self) -> usize {
        self.keys.len() * KEY_OVERHEAD
            + self.key_text
            + self.entries * ENTRY_BYTES
            + self.sorted.as_ref().map_or(0, |s| s.len() * 4)
            + self.owners.as_ref().map_or(0, |o| o.len() * OWNER_BYTES)
    }

    /// Whether the set under `k` holds `id`. Where `owners` is kept and `k` is the only key
    /// of its hash, `owners` answers without a search of the set (the check after an index
    /// override asks this of every entry: the sets' searches were 38% of its instructions).
    pub fn holds(&mut self, k: &KeyRef<'_>, id: u32) -> bool {
        if let Some(owners) = &self.owners {
            let hashes = owners.get(id as usize).map_or(&[][..], Hashes::as_slice);
            // (`owners`: some key of hash `h` holds `id`; alone under `h`, that key is `k`.
            // A record of many keys is looked up instead: scanning its hashes for each of
            // them was quadratic, 153 s for one record of 1M keys of a composite)
            if hashes.len() <= OWNERS_SCAN {
                let h = self.keys.hash_of(k);
                if !hashes.contains(&h) {
                    return false;
                }
                if let Some(alone) = self.keys.alone(k, h) {
                    return alone;
                }
            }
        }
        self.keys.get_mut(k).is_some_and(|set| set.contains(id))
    }

    /// Removes `id` from the set under `k`, and the key when its set empties.
    pub fn remove(&mut self, k: &KeyRef<'_>, id: u32) {
        let Some(set) = self.keys.get_mut(k) else {
            return;
        };
        // The key's only record (every key of a unique field): the key goes at once; taking
        // the id out of the `One` first would box an empty list only to drop it.
        let last = matches!(set, IdSet::One(x) if *x == id);
        if last || set.remove(id) {
            let emptied = last || set.is_empty();
            self.sorted = None;
            self.entries -= 1;
            if let Some(owners) = &mut self.owners {
                disown(owners, id, self.keys.hash_of(k));
            }
            if emptied {
                self.keys.remove(k);
                self.key_text -= k.text_len();
                self.key_left(k);
            }
        }
    }

    /// Removes `id` wherever it is: for indexes whose keys were set from outside. The first
    /// call builds `owners` (one pass over every entry), which the later ones follow.
    pub fn remove_everywhere(&mut self, id: u32) {
        let keys = &self.keys;
        let owners = self.owners.get_or_insert_with(|| {
            let mut owners = Vec::new();
            for (k, set) in keys.iter() {
                let h = keys.hash_of(k);
                set.iter().for_each(|id| own(&mut owners, id, h));
            }
            owners
        });
        let Some(hashes) = owners.get_mut(id as usize).map(std::mem::take) else {
            return;
        };
        for &h in hashes.as_slice() {
            // (two keys of one hash: the one holding `id`; `remove` finds `owners` without it)
            let Some((k, _)) = self.keys.get_hashed_mut(h, |set| set.contains(id)) else {
                continue;
            };
            let k = k.clone();
            self.remove(&k.as_ref(), id);
        }
    }

    /// Stops keeping `owners` (the index follows its records again: removals go by values).
    pub fn drop_owners(&mut self) {
        self.owners = None;
    }

    /// Whether `owners` is kept (tests).
    #[cfg(test)]
    pub fn keeps_owners(&self) -> bool {
        self.owners.is_some()
    }

    /// Each key as `IKey::write` writes it, with its ids in order: what two indexes are
    /// compared by (the engine's invariant check, tests).
    pub fn listing(&self) -> Vec<(String, Vec<u32>)> {
        self.keys
            .iter()
            .map(|(k, set)| {
                let mut text = String::new();
                k.write(&mut text);
                (text, set.iter().collect())
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Every key goes; the index stays.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.owners = None;
        self.sorted = None;
        self.drop_orders();
        self.entries = 0;
        self.key_text = 0;
    }

    /// Keeps only the ids `keep` admits, in their order; keys left empty go. One pass over
    /// the index, for a bulk delete: cheaper than reading each deleted record's values.
    pub fn retain(&mut self, keep: impl Fn(u32) -> bool) {
        let mut emptied: Vec<IKey> = Vec::new();
        for (k, set) in self.keys.iter_mut() {
            if set.iter().all(&keep) {
                continue;
            }
            let before = set.len();
            let mut kept = set.iter().filter(|&id| keep(id));
            match kept.next() {
                None => {
                    emptied.push(k.clone());
                    self.entries -= before;
                }
                Some(first) => {
                    let mut fresh = IdSet::One(first);
                    kept.for_each(|id| fresh.insert(id));
                    self.entries -= before - fresh.len();
                    *set = fresh;
                }
            }
        }
        if emptied.len() == self.keys.len() {
            self.clear();
        } else if !emptied.is_empty() {
            for k in emptied {
                self.key_text -= k.text_len();
                self.keys.remove(&k.as_ref());
                self.key_left(&k.as_ref());
            }
            // haro sorts the keys left again, and a `sortKeys` that orders nothing (types
            // mixed, or NaN) can then place the others otherwise: as `remove` does.
            self.sorted = None;
        } else if let Some(sorted) = &mut self.sorted {
            // The same keys, sorted the same: each one's records less the removed ones.
            sorted.retain(|&id| keep(id));
        }
        // (an id `keep` refuses left every key)
        if let Some(owners) = &mut self.owners {
            for (id, hashes) in owners.iter_mut().enumerate() {
                if !keep(id as u32) {
                    *hashes = Hashes::None;
                }
            }
        }
    }

    fn key_joined(&mut self, k: &KeyRef<'_>) {
        TextOrder::note(&mut self.text_order, true, k);
        if let Some(o) = &mut self.num_order {
            o.added(k);
        }
    }

    fn key_left(&mut self, k: &KeyRef<'_>) {
        TextOrder::note(&mut self.text_order, false, k);
        if let Some(o) = &mut self.num_order {
            o.removed(k);
        }
    }

    /// Every key went at once: the orders are rebuilt when next asked for.
    pub fn drop_orders(&mut self) {
        self.num_order = None;
        self.text_order = None;
    }

    /// The number order, built on first use and kept from then on.
    pub fn num_order(&mut self) -> &NumOrder {
        let keys = &self.keys;
        self.num_order
            .get_or_insert_with(|| NumOrder::build(keys.iter().map(|(k, _)| k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_keep_order_and_survive_mass_removal() {
        let mut s = IdSet::One(0);
        for id in 1..1000 {
            s.insert(id);
        }
        s.insert(5);
        for id in (0..1000).filter(|i| i % 4 != 0) {
            assert!(s.remove(id));
        }
        assert!(!s.remove(1));
        s.insert(1);
        let got: Vec<u32> = s.iter().collect();
        let mut want: Vec<u32> = (0..1000).filter(|i| i % 4 == 0).collect();
        want.push(1);
        assert_eq!(got, want);
        assert_eq!(s.len(), want.len());
    }

    /// Numbers below `n`, the same from the same seed (xorshift64).
    fn xorshift(mut seed: u64) -> impl FnMut(u32) -> u32 {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % u64::from(n)) as u32
        }
    }

    /// `IdSet` against a list that does what a JS `Set` does, through loads (ids that only
    /// grow), removals of single ids and of runs (long tombstone runs), and re-adds.
    #[test]
    fn sets_follow_a_model_set() {
        let mut rand = xorshift(0x9e37_79b9_7f4a_7c15u64);
        for round in 0..200 {
            let n = 1 + rand(if round % 4 == 0 { 2000 } else { 150 });
            let (mut s, mut model) = if round % 3 == 2 {
                // read from a snapshot: a run that ascends, then ids in any order
                let mut ids: Vec<u32> = (0..n).collect();
                let from = rand(n) as usize;
                for i in (from + 1..ids.len()).rev() {
                    let j = from + rand((i - from + 1) as u32) as usize;
                    ids.swap(i, j);
                }
                (IdSet::from_ids(ids.clone()), ids)
            } else {
                let mut s = IdSet::One(0);
                for id in 1..n {
                    s.insert(id);
                }
                (s, (0..n).collect())
            };
            for _ in 0..(n * 2) {
                let id = rand(n + 5);
                match rand(6) {
                    // a run of neighbours goes (a long run of tombstones)
                    0 => {
                        let len = rand(200);
                        for x in id..id.saturating_add(len).min(n + 5) {
                            let had = model.contains(&x);
                            model.retain(|&m| m != x);
                            assert_eq!(s.remove(x), had);
                        }
                    }
                    1 | 2 => {
                        if !model.contains(&id) {
                            model.push(id);
                        }
                        s.insert(id);
                    }
                    _ => {
                        let had = model.contains(&id);
                        model.retain(|&m| m != id);
                        assert_eq!(s.remove(id), had);
                    }
                }
                assert_eq!(s.len(), model.len());
                let probe = rand(n + 5);
                assert_eq!(s.contains(probe), model.contains(&probe));
            }
            assert_eq!(s.iter().collect::<Vec<_>>(), model, "round {round}");
        }
    }

    /// `Index` against a list of (key, ids) doing what haro's `Map` of `Set`s does, through
    /// adds, removals, override resets, whole sets read in, bulk retains and clears, with
    /// `remove_everywhere` between them: once it built `owners`, every change must keep it
    /// (a stale owner would leave a deleted record's id under a key, for its reused id to
    /// find), which `counts_hold` checks at every step.
    #[test]
    fn indexes_follow_a_model_map() {
        let mut rand = xorshift(0x2545_f491_4f6c_dd1du64);
        let name = |k: u32| format!("k{k}");
        for round in 0..60 {
            let (nkeys, nids) = (
                1 + rand(12),
                1 + rand(if round % 3 == 0 { 300 } else { 40 }),
            );
            let mut ix = Index::default();
            let mut model: Vec<(u32, Vec<u32>)> = Vec::new();
            for _ in 0..400 {
                let (k, id) = (rand(nkeys), rand(nids));
                match rand(10) {
                    0..=3 => {
                        ix.add(KeyRef::Str(&name(k)), id);
                        match model.iter_mut().find(|(m, _)| *m == k) {
                            Some((_, ids)) if !ids.contains(&id) => ids.push(id),
                            Some(_) => {}
                            None => model.push((k, vec![id])),
                        }
                    }
                    4 | 5 => {
                        ix.remove(&KeyRef::Str(&name(k)), id);
                        if let Some((_, ids)) = model.iter_mut().find(|(m, _)| *m == k) {
                            ids.retain(|&x| x != id);
                        }
                        model.retain(|(_, ids)| !ids.is_empty());
                    }
                    6 => {
                        ix.remove_everywhere(id);
                        model
                            .iter_mut()
                            .for_each(|(_, ids)| ids.retain(|&x| x != id));
                        model.retain(|(_, ids)| !ids.is_empty());
                    }
                    7 => {
                        // an override's key: emptied (or new), then given its ids
                        ix.reset_key(KeyRef::Str(&name(k)));
                        let ids: Vec<u32> = (0..rand(4)).map(|_| rand(nids)).collect();
                        for &x in &ids {
                            ix.add(KeyRef::Str(&name(k)), x);
                        }
                        ix.drop_empty_keys();
                        let mut fresh: Vec<u32> = Vec::new();
                        ids.iter().for_each(|x| {
                            if !fresh.contains(x) {
                                fresh.push(*x);
                            }
                        });
                        match model.iter_mut().find(|(m, _)| *m == k) {
                            Some((_, held)) => *held = fresh,
                            None => model.push((k, fresh)),
                        }
                        model.retain(|(_, ids)| !ids.is_empty());
                    }
                    8 => {
                        let cut = rand(nids);
                        ix.retain(|x| x % (cut + 2) != 0);
                        model
                            .iter_mut()
                            .for_each(|(_, ids)| ids.retain(|&x| x % (cut + 2) != 0));
                        model.retain(|(_, ids)| !ids.is_empty());
                        // a new key read whole, as a snapshot gives it
                        if !model.iter().any(|(m, _)| *m == nkeys + k) {
                            let ids: Vec<u32> = (0..1 + rand(3)).map(|i| i * 7 + k).collect();
                            ix.insert_set(
                                IKey::Str(name(nkeys + k).into()),
                                IdSet::from_ids(ids.clone()),
                            );
                            model.push((nkeys + k, ids));
                        }
                    }
                    _ => {
                        if rand(8) == 0 {
                            ix.clear();
                            model.clear();
                        }
                    }
                }
                assert!(ix.counts_hold(), "round {round}");
                // `holds`, answered by `owners` once they are kept
                for _ in 0..4 {
                    let (pk, pid) = (rand(nkeys * 2 + 1), rand(nids + 2));
                    let want = model.iter().any(|(m, ids)| *m == pk && ids.contains(&pid));
                    assert_eq!(
                        ix.holds(&KeyRef::Str(&name(pk)), pid),
                        want,
                        "round {round}"
                    );
                }
                let want: Vec<(String, Vec<u32>)> = model
                    .iter()
                    .map(|(k, ids)| (format!("\"{}\"", name(*k)), ids.clone()))
                    .collect();
                assert_eq!(ix.listing(), want, "round {round}");
            }
        }
    }

    #[test]
    fn ascending_search_steps_over_tombstones() {
        let t = u32::MAX;
        let slots = [1, t, t, 4, t, 9, t];
        for (id, want) in [
            (1, Some(0)),
            (4, Some(3)),
            (9, Some(5)),
            (0, None),
            (5, None),
            (10, None),
        ] {
            assert_eq!(ascending_place(&slots, id), Some(want), "{id}");
        }
        assert_eq!(ascending_place(&[], 3), Some(None));
        // A run longer than TOMB_RUN under a probe: the caller's position map decides.
        let mut long = vec![t; TOMB_RUN * 4];
        long.push(7);
        assert_eq!(ascending_place(&long, 7), None);
    }

    #[test]
    fn a_loaded_set_gets_its_positions_on_first_write() {
        let mut s = IdSet::from_ids((0..100).rev().collect());
        assert!(matches!(&s, IdSet::Many(m) if m.pos.is_none()));
        s.insert(50); // present: no duplicate
        assert!(matches!(&s, IdSet::Many(m) if m.pos.is_some()));
        assert_eq!(s.len(), 100);
        assert!(s.remove(0));
        assert!(!s.remove(0));
        s.insert(0);
        let mut want: Vec<u32> = (1..100).rev().collect();
        want.push(0);
        assert_eq!(s.iter().collect::<Vec<_>>(), want);
        let mut grown = IdSet::One(0);
        for id in 1..1000 {
            grown.insert(id);
        }
        assert!(matches!(&grown, IdSet::Many(m) if m.pos.is_none()));
        grown.insert(500);
        assert_eq!(grown.len(), 1000);
        let mut r = IdSet::from_ids((0..100).collect());
        assert!(r.remove(99) && r.remove(3) && !r.remove(3));
        assert_eq!(r.len(), 98);
    }

    #[test]
    fn index_drops_empty_keys() {
        let mut ix = Index::default();
        ix.add(KeyRef::Str("a"), 1);
        ix.add(KeyRef::Str("a"), 2);
        ix.add(KeyRef::Num(1.0), 1);
        ix.remove(&KeyRef::Str("a"), 1);
        ix.remove(&KeyRef::Num(-0.0 + 1.0), 1);
        assert_eq!(ix.len(), 1);
        ix.remove_everywhere(2);
        assert_eq!(ix.len(), 0);
    }

    #[test]
    fn byte_count_follows_adds_and_removals() {
        let mut ix = Index::default();
        assert_eq!(ix.approx_bytes(), 0);
        ix.add(KeyRef::Str("abc"), 1);
        ix.add(KeyRef::Str("abc"), 1); // already there: no change
        assert_eq!(
            (ix.entries(), ix.approx_bytes()),
            (1, KEY_OVERHEAD + 3 + ENTRY_BYTES)
        );
        ix.add(KeyRef::Str("abc"), 2);
        ix.add(KeyRef::Num(5.0), 2);
        assert_eq!(ix.entries(), 3);
        assert_eq!(ix.approx_bytes(), 2 * KEY_OVERHEAD + 3 + 3 * ENTRY_BYTES);
        ix.remove(&KeyRef::Str("abc"), 9); // not there
        ix.remove(&KeyRef::Str("abc"), 1);
        ix.remove(&KeyRef::Str("abc"), 2);
        assert_eq!(ix.approx_bytes(), KEY_OVERHEAD + ENTRY_BYTES);
        // (the first `remove_everywhere` builds `owners`: a place for each id up to 2)
        ix.remove_everywhere(2);
        assert_eq!((ix.entries(), ix.approx_bytes()), (0, 3 * OWNER_BYTES));
        ix.clear();
        assert_eq!(ix.approx_bytes(), 0);
    }
}
