//! Queries that need no user code: `find`, `where`, `search` by value, `sortBy` orders,
//! index lookups. Each answers with record ids in haro's order.

use hashbrown::HashSet;

use super::indexing::for_each_lookup;
use super::output::{json_array, slice_text};
use super::{IndexSpec, Store};
use crate::error::Result;
use crate::ikey::KeyRef;
use crate::index::{IdSet, Index};
use crate::ordered_index;
use crate::path;
use crate::value::Val;

impl Store {
    // ---- queries ------------------------------------------------------------------

    pub fn has_index(&self, name: &str) -> bool {
        self.indexes.contains(name)
    }

    pub(super) fn index_named(&self, name: &str) -> Option<&Index> {
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
            // (no field at all: haro's `indexKeys` gives the one key "")
            composite: fields.len() != 1,
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
        Some(self.index_set_in(name, key)??.iter().collect())
    }

    /// `index_lookup` without a list made (a one-id answer, most keys of a near-unique index,
    /// then costs no allocation), telling a missing index (`None`) from a missing key
    /// (`Some(None)`).
    pub fn index_set_in(&self, name: &str, key: &Val<'_>) -> Option<Option<&IdSet>> {
        let index = self.index_named(name)?;
        Some(KeyRef::lookup(key).and_then(|k| index.keys.get(&k)))
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
        let mut buf = String::new();
        for id in ids {
            let Some(rec) = self.rec(id) else { continue };
            let vals = path::fields(rec.text(&self.shapes, &mut buf), &names)?;
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

    /// The keys of index `name` from place `from` on that fit `max_bytes` of text (one at
    /// least), as `[next place, key…]`: the keys of an index whose whole text would pass V8's
    /// longest string cross in slices, each read from where the last ended.
    pub fn index_keys_text_from(
        &self,
        name: &str,
        from: usize,
        max_bytes: usize,
    ) -> Option<String> {
        let index = self.index_named(name)?;
        let keys = index.keys.iter_from(from);
        Some(slice_text(keys, from, max_bytes, |k, out| k.write(out)))
    }

    /// Every key's ids of index `name`, in `index_keys_text` order: for each key, its id
    /// count, then its ids (in the order haro's Set holds the record keys).
    pub fn index_postings(&self, name: &str) -> Option<Vec<u32>> {
        let index = self.index_named(name)?;
        let mut out = Vec::with_capacity(index.keys.len() * 2);
        for (_, set) in index.keys.iter() {
            let at = out.len();
            out.push(0);
            // (as `dump('indexes')` writes them: an id without a live record is left out)
            out.extend(set.iter().filter(|&id| self.rec(id).is_some()));
            out[at] = (out.len() - at - 1) as u32;
        }
        Some(out)
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

    /// Forgets every index's kept `sortBy` answer and sorted key order: the facade's `sortKeys`
    /// changed, and they were made with the one before. (The number order is `sortKeys`'s own
    /// numeric order, whichever comparator asks.)
    pub fn forget_sort_orders(&mut self) {
        for (_, index) in self.indexes.iter_mut() {
            index.sorted = None;
            index.text_order = None;
        }
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
