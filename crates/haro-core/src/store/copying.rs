//! One store taking another's contents without text in between: `override` of a dump
//! another store gave, unchanged since. Records (or their keys alone) go as their bodies
//! rest there (`copied`, `copied_keys`); the store that took them remembers whose they
//! were (`Lineage`), so that the other store's indexes can follow, each id translated by
//! its record's place (`override_indexes_from`), with no record key read or looked up.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Cleared, Rec, Store, NUM_KEY};
use crate::ikey::IKey;
use crate::index::{IdSet, Index};
use crate::ordered::OrderedMap;
use crate::shape;

/// A number no other store of the process has: a store slot reused, or a store replaced by
/// a snapshot load, is another store. (`Default`, as `Store` derives it: each store made
/// draws the next number.)
pub(crate) struct Uid(u64);

impl Default for Uid {
    fn default() -> Uid {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Uid(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// This store's records are store `from`'s at its generation `from_gen`, in its order, as
/// this store stood at its generation `gen` (after taking them). While both generations
/// still stand, the n-th record of one is the n-th of the other.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lineage {
    from: u64,
    from_gen: u64,
    gen: u64,
}

/// A store's records as `Store::copied` reads them for another store: bodies and heads,
/// and whose they are.
pub struct Copied {
    bodies: Vec<(Box<str>, u32)>,
    from: u64,
    from_gen: u64,
}

impl Copied {
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }
}

impl Store {
    /// Every record, in order, as another store takes them whole (`override` of this
    /// store's dump): each record's body as it rests here, unpacked.
    pub fn copied(&self) -> Copied {
        let mut buf = String::new();
        let bodies = self
            .ids()
            .filter_map(|id| {
                let rec = self.rec(id)?;
                let text = rec.text(&self.shapes, &mut buf);
                // Not packed: the stored form is the text, and the body goes as it is.
                if std::ptr::eq(text, rec.stored()) {
                    return Some((rec.body.clone(), rec.head));
                }
                let tail = rec.body.get(rec.split()..).unwrap_or("");
                let body = shape::with_tail(text.into(), tail);
                Some((body, text.len() as u32 | rec.head & NUM_KEY))
            })
            .collect();
        self.copy_of(bodies)
    }

    /// Every record's key, in order, each with the record `{}`: what a store takes for a
    /// restore whose records land later (the facade's `#landKeys`), as `copied` does.
    pub fn copied_keys(&self) -> Copied {
        let bodies = self
            .ids()
            .filter_map(|id| {
                let rec = self.rec(id)?;
                let tail = rec.body.get(rec.split()..).unwrap_or("");
                let body = shape::with_tail("{}".into(), tail);
                Some((body, 2 | rec.head & NUM_KEY))
            })
            .collect();
        self.copy_of(bodies)
    }

    fn copy_of(&self, bodies: Vec<(Box<str>, u32)>) -> Copied {
        Copied {
            bodies,
            from: self.uid.0,
            from_gen: self.generation,
        }
    }

    /// `override_records` of another store's records (`copied`), which that store parsed
    /// when it took them: not parsed again, nor looked up (its keys are apart), and each
    /// body kept as it comes unless this store packs. Returns each record's id, and the
    /// records it replaced, for the caller to free where it likes.
    pub fn override_copied(&mut self, copied: Copied) -> (Vec<u32>, Cleared) {
        let cleared = self.replace_start();
        let ids = self.expecting(copied.len(), |s| {
            let pack = s.pack();
            copied
                .bodies
                .into_iter()
                .map(|(body, head)| {
                    let split = (head & !NUM_KEY) as usize;
                    let hash = s.key_hash(&Rec::key_of(&body, head));
                    let (body, head) = if pack {
                        let (text, tail) = body.split_at(split);
                        Self::body(&mut s.shapes, true, text.into(), tail, head & NUM_KEY)
                    } else {
                        (body, head)
                    };
                    s.insert_body(hash, body, head)
                })
                .collect()
        });
        self.lineage = Some(Lineage {
            from: copied.from,
            from_gen: copied.from_gen,
            gen: self.generation,
        });
        (ids, cleared)
    }

    /// `override(data, 'indexes')` of a dump of the indexes of `src`, the store whose
    /// records this one took (`override_copied`), while both stand where they stood then:
    /// each index as it rests there, its ids this store's (the n-th record of one is the
    /// n-th of the other), nothing read or looked up by key. False, changing nothing, where
    /// the records are not `src`'s: the caller goes the long way.
    pub fn override_indexes_from(&mut self, src: &Store) -> bool {
        let wanted = Lineage {
            from: src.uid.0,
            from_gen: src.generation,
            gen: self.generation,
        };
        // (equal lengths follow from the lineage; checked too, since the translation below
        // indexes by place)
        if self.lineage != Some(wanted) || self.len() != src.len() {
            return false;
        }
        // An object key given back to a store with an index list may be a record's own
        // (`own_key`): that is the long way's to find.
        let objects = || {
            src.indexes
                .iter()
                .any(|(_, ix)| ix.keys.iter().any(|(k, _)| matches!(k, IKey::Unique(..))))
        };
        if !self.specs.is_empty() && objects() {
            return false;
        }
        let mut to = vec![u32::MAX; src.recs.len()];
        for (from, id) in src.ids().zip(self.ids()) {
            to[from as usize] = id;
        }
        let mut next = self.next_foreign;
        let Some(built) = translated(src, &to, &mut next) else {
            return false;
        };
        self.generation += 1;
        self.next_foreign = next;
        self.indexes = built;
        self.mark_stale();
        true
    }
}

/// `src`'s indexes with each record id `id` as `to[id]`; None where one is not there.
/// Object keys take new numbers from `next`.
fn translated(src: &Store, to: &[u32], next: &mut u64) -> Option<OrderedMap<Box<str>, Index>> {
    let id_of = |id: u32| to.get(id as usize).copied().filter(|&t| t != u32::MAX);
    let mut built = OrderedMap::default();
    for (name, ix) in src.indexes.iter() {
        let mut index = Index::default();
        for (k, set) in ix.keys.iter() {
            // (an empty key is no key of the dump's override: `finished` drops it)
            let set = match set {
                IdSet::One(id) => IdSet::One(id_of(*id)?),
                _ if set.is_empty() => continue,
                _ => IdSet::from_ids(set.iter().map(id_of).collect::<Option<_>>()?),
            };
            // (an object key is one of its own here, as the long way's `KeyRef::of` gives it)
            let k = match k {
                IKey::Unique(_, v) => {
                    *next += 1;
                    IKey::Unique(*next - 1, v.clone())
                }
                k => k.clone(),
            };
            index.insert_set(k, set);
        }
        built.insert(name.clone(), index);
    }
    Some(built)
}
