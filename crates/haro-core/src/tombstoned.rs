//! "Mark deleted, compact later": a list whose removals leave a tombstone where the item
//! was, so a removal is O(1) and every other item keeps its place (and so its order).
//! Once the dead outnumber both the live and `MIN_DEAD`, `compact` closes the holes in one
//! pass, and the owner renumbers whatever points at places (positions, hash entries).
//! Compaction then costs O(live) at most once per `max(MIN_DEAD, live)` removals: O(1)
//! amortized.
//!
//! The engine's three ordered structures are one each, with their own minimum:
//! - a store's insertion order of record ids (`store.rs`, 64),
//! - every insertion-ordered map's slots (`ordered.rs`, 16),
//! - an index key's id set once it holds more than one record (`index.rs`, 8).

/// An item that has a tombstone form.
pub trait Slot {
    fn tomb() -> Self;
    fn is_tomb(&self) -> bool;
}

/// Record ids: `u32::MAX` is never an id.
impl Slot for u32 {
    #[inline]
    fn tomb() -> u32 {
        u32::MAX
    }

    #[inline]
    fn is_tomb(&self) -> bool {
        *self == u32::MAX
    }
}

impl<T> Slot for Option<T> {
    #[inline]
    fn tomb() -> Self {
        None
    }

    #[inline]
    fn is_tomb(&self) -> bool {
        self.is_none()
    }
}

pub struct Tombstoned<T, const MIN_DEAD: usize> {
    slots: Vec<T>,
    live: usize,
}

impl<T, const MIN_DEAD: usize> Default for Tombstoned<T, MIN_DEAD> {
    fn default() -> Self {
        Tombstoned {
            slots: Vec::new(),
            live: 0,
        }
    }
}

impl<T: Slot, const MIN_DEAD: usize> Tombstoned<T, MIN_DEAD> {
    /// A list of the given items, all live.
    pub fn from_live(slots: Vec<T>) -> Self {
        debug_assert!(!slots.iter().any(Slot::is_tomb));
        Tombstoned {
            live: slots.len(),
            slots,
        }
    }

    /// Live items.
    #[inline]
    pub fn len(&self) -> usize {
        self.live
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Every place, tombstones included: an item's place is its index here.
    #[inline]
    pub fn slots(&self) -> &[T] {
        &self.slots
    }

    /// Every place, to change live items in place (never to put or take a tombstone:
    /// that is `remove`'s job, which counts it).
    #[inline]
    pub fn slots_mut(&mut self) -> &mut [T] {
        &mut self.slots
    }

    /// The live items, in order.
    #[inline]
    pub fn live(&self) -> impl Iterator<Item = &T> + '_ {
        self.slots.iter().filter(|s| !s.is_tomb())
    }

    /// Room for `n` more items without reallocating.
    pub fn reserve(&mut self, n: usize) {
        self.slots.reserve(n);
    }

    /// Appends `item` (live) and returns its place.
    #[inline]
    pub fn push(&mut self, item: T) -> usize {
        debug_assert!(!item.is_tomb());
        self.slots.push(item);
        self.live += 1;
        self.slots.len() - 1
    }

    /// Takes the live item at `place` out, leaving a tombstone.
    #[inline]
    pub fn remove(&mut self, place: usize) -> T {
        let item = std::mem::replace(&mut self.slots[place], T::tomb());
        debug_assert!(!item.is_tomb(), "removed a tombstone");
        self.live -= 1;
        item
    }

    /// Whether the dead outnumber both the live and `MIN_DEAD`.
    #[inline]
    pub fn needs_compact(&self) -> bool {
        let dead = self.slots.len() - self.live;
        dead > MIN_DEAD && dead > self.live
    }

    /// Closes the holes when `needs_compact` says so; true when it did, and places moved.
    pub fn compact(&mut self) -> bool {
        if !self.needs_compact() {
            return false;
        }
        self.force_compact();
        true
    }

    /// Closes the holes now.
    pub fn force_compact(&mut self) {
        self.slots.retain(|s| !s.is_tomb());
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.live = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_keeps_places_until_compaction() {
        let mut t: Tombstoned<u32, 2> = Tombstoned::default();
        for id in 0..6 {
            assert_eq!(t.push(id), id as usize);
        }
        assert_eq!(t.remove(1), 1);
        assert_eq!(t.remove(2), 2);
        assert!(!t.compact(), "2 dead: not over the minimum");
        assert_eq!(t.slots()[3], 3);
        assert_eq!(t.remove(3), 3);
        assert!(!t.compact(), "3 dead, 3 live: not over the live");
        assert_eq!(t.remove(0), 0);
        assert_eq!(t.len(), 2);
        assert!(t.compact());
        assert_eq!(t.slots(), &[4, 5]);
        assert_eq!(t.live().copied().collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn options_as_slots() {
        let mut t: Tombstoned<Option<&str>, 0> = Tombstoned::from_live(vec![Some("a"), Some("b")]);
        assert_eq!(t.remove(0), Some("a"));
        assert_eq!(t.slots().iter().flatten().count(), 1);
        assert!(!t.compact(), "1 dead, 1 live");
        t.remove(1);
        assert!(t.compact());
        assert!(t.is_empty() && t.slots().is_empty());
    }
}
