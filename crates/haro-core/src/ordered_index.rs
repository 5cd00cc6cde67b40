//! The ordered side of an index, for `range` and `sortBy`.
//!
//! haro's `sortKeys` order is numeric between numbers and `localeCompare` (ICU collation,
//! which the engine does not have) otherwise. So an index whose keys are all numbers keeps
//! them in a B-tree, updated as keys come and go, and answers ranges in O(log n + k);
//! any other index keeps the key order the facade sorted last (`Text`), valid until a key
//! joins or leaves the index, and the facade searches the bounds in it.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Bound;

use std::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};

use super::ikey::{IKey, KeyRef};
use super::index::{IdSet, Index};

/// A number key that is never NaN, so the order is total.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub f64);

impl Eq for Num {}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Num) -> Ordering {
        self.0.partial_cmp(&other.0).unwrap_or(Ordering::Equal)
    }
}

/// Number keys in order, and how many keys are not numbers (NaN, strings, …; `undefined`
/// is not counted: `sortBy` puts it last without comparing it).
#[derive(Default)]
pub struct NumOrder {
    pub keys: BTreeSet<Num>,
    pub others: usize,
}

impl NumOrder {
    pub fn build<'a>(keys: impl Iterator<Item = &'a IKey>) -> NumOrder {
        let mut order = NumOrder::default();
        for k in keys {
            order.added(&k.as_ref());
        }
        order
    }

    /// A key joined the index.
    pub fn added(&mut self, k: &KeyRef<'_>) {
        match k {
            KeyRef::Num(n) if !n.is_nan() => {
                self.keys.insert(Num(*n));
            }
            KeyRef::Undef => {}
            _ => self.others += 1,
        }
    }

    /// A key left the index.
    pub fn removed(&mut self, k: &KeyRef<'_>) {
        match k {
            KeyRef::Num(n) if !n.is_nan() => {
                self.keys.remove(&Num(*n));
            }
            KeyRef::Undef => {}
            _ => self.others = self.others.saturating_sub(1),
        }
    }

    /// Whether every key is a number (bar `undefined`): then this order is `sortKeys`'.
    pub fn numeric(&self) -> bool {
        self.others == 0
    }

    /// The keys within the bounds, ascending or descending.
    pub fn range(
        &self,
        lo: Bound<f64>,
        hi: Bound<f64>,
        desc: bool,
    ) -> Box<dyn Iterator<Item = f64> + '_> {
        let (lo, hi) = (lo.map(Num), hi.map(Num));
        // BTreeSet::range panics on an empty or inverted interval: answer those with nothing.
        let empty = match (&lo, &hi) {
            (Bound::Included(a), Bound::Included(b)) => a > b,
            (Bound::Included(a) | Bound::Excluded(a), Bound::Excluded(b))
            | (Bound::Excluded(a), Bound::Included(b)) => a >= b,
            _ => false,
        };
        if empty {
            return Box::new(std::iter::empty());
        }
        let it = self.keys.range((lo, hi)).map(|n| n.0);
        if desc {
            Box::new(it.rev())
        } else {
            Box::new(it)
        }
    }
}

/// The key order the facade sorted (with `sortKeys`), tagged with a generation so the
/// facade knows its copy of the order is the same one. Keys that join or leave the index
/// are logged; the facade places them (it has the comparator) and the engine repeats its
/// moves (`apply_text_log`), so the order follows writes without sorting again.
pub struct TextOrder {
    pub gen: u32,
    pub keys: Vec<IKey>,
    /// (joined, key) since `gen`, in order.
    pub log: Vec<(bool, IKey)>,
}

/// Past this many logged changes (or a quarter of the keys), sorting again is cheaper.
const LOG_LIMIT: usize = 4096;

impl TextOrder {
    /// A key joined or left the index `order` belongs to.
    pub fn note(order: &mut Option<TextOrder>, joined: bool, k: &KeyRef<'_>) {
        let Some(o) = order else { return };
        if o.log.len() >= LOG_LIMIT.min(o.keys.len() / 4 + 16) {
            *order = None;
        } else {
            o.log.push((joined, (*k).to_owned()));
        }
    }
}

/// Which part of an ordered walk a query wants.
#[derive(Clone, Copy)]
pub struct Page {
    pub desc: bool,
    pub offset: usize,
    pub limit: usize,
}

/// Records `offset..offset + limit` of an ordered walk, each key's ids in insertion order;
/// `desc` reverses the whole walk (the walk's keys already come reversed).
pub fn page<'a, I, S>(
    keys: I,
    ids_of: impl Fn(I::Item) -> Option<S>,
    desc: bool,
    offset: usize,
    limit: usize,
) -> Vec<u32>
where
    I: Iterator,
    S: Iterator<Item = u32> + 'a,
{
    let mut out = Vec::new();
    let mut skip = offset;
    // One buffer for reversing each key's ids, not an allocation per key.
    let mut buf = Vec::new();
    let mut take = |id: u32, out: &mut Vec<u32>| {
        if skip > 0 {
            skip -= 1;
        } else {
            out.push(id);
        }
    };
    for k in keys {
        if out.len() >= limit {
            break;
        }
        let Some(ids) = ids_of(k) else { continue };
        if desc {
            buf.clear();
            buf.extend(ids);
            for &id in buf.iter().rev() {
                take(id, &mut out);
                if out.len() >= limit {
                    break;
                }
            }
        } else {
            for id in ids {
                take(id, &mut out);
                if out.len() >= limit {
                    break;
                }
            }
        }
    }
    out
}

static GENERATION: AtomicU32 = AtomicU32::new(1);

/// `range` over a number-only index: the records whose key lies within the bounds, in
/// `sortBy` order (reversed when `desc`), paged. With no bound at all, every record, the
/// `undefined` ones last, as `sortBy` has them. `None` when some key is not a number.
pub fn range_num(index: &mut Index, lo: Bound<f64>, hi: Bound<f64>, p: Page) -> Option<Vec<u32>> {
    let Page {
        desc,
        offset,
        limit,
    } = p;
    if !index.num_order().numeric() {
        return None;
    }
    let index = &*index;
    let order = index.num_order.as_ref().expect("built above");
    let all = matches!((lo, hi), (Bound::Unbounded, Bound::Unbounded));
    let undef = if all {
        index.keys.get(&KeyRef::Undef)
    } else {
        None
    };
    let nums = order.range(lo, hi, desc).map(Some);
    let ids_of = |k: Option<f64>| {
        let set = match k {
            Some(n) => index.keys.get(&KeyRef::Num(n)),
            None => undef,
        };
        set.map(IdSet::iter)
    };
    Some(if desc {
        page(
            std::iter::once(None).chain(nums),
            ids_of,
            desc,
            offset,
            limit,
        )
    } else {
        page(
            nums.chain(std::iter::once(None)),
            ids_of,
            desc,
            offset,
            limit,
        )
    })
}

/// Every record of a number-only index in `sortBy` order; `None` when some key is not
/// a number.
pub fn sorted_num(index: &mut Index) -> Option<Vec<u32>> {
    range_num(
        index,
        Bound::Unbounded,
        Bound::Unbounded,
        Page {
            desc: false,
            offset: 0,
            limit: usize::MAX,
        },
    )
}

/// Keeps the key order the facade sorted (`ordinals`: positions in the index's key
/// order); returns its generation.
pub fn set_text_order(index: &mut Index, ordinals: &[u32]) -> u32 {
    let keys: Vec<&IKey> = index.keys.iter().map(|(k, _)| k).collect();
    let sorted = ordinals
        .iter()
        .filter_map(|&o| keys.get(o as usize).map(|k| (*k).clone()))
        .collect();
    let gen = GENERATION.fetch_add(1, AtomicOrdering::Relaxed);
    index.text_order = Some(TextOrder {
        gen,
        keys: sorted,
        log: Vec::new(),
    });
    gen
}

/// The changes logged since generation `gen`, as `[[joined, key], …]`; `None` when that
/// order is gone.
pub fn text_log(index: &Index, gen: u32) -> Option<String> {
    let order = index.text_order.as_ref().filter(|o| o.gen == gen)?;
    let mut out = String::from("[");
    for (i, (joined, k)) in order.log.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(if *joined { "[true," } else { "[false," });
        k.write(&mut out);
        out.push(']');
    }
    out.push(']');
    Some(out)
}

/// Repeats the facade's placing of the logged changes: `positions[i]` is where change `i`
/// inserted or removed its key. Returns the new generation; 0 (and the order dropped) when
/// the positions do not fit.
pub fn apply_text_log(index: &mut Index, gen: u32, positions: &[u32]) -> u32 {
    let Some(mut order) = index.text_order.take().filter(|o| o.gen == gen) else {
        return 0;
    };
    if positions.len() != order.log.len() {
        return 0;
    }
    let log = std::mem::take(&mut order.log);
    for ((joined, k), &p) in log.into_iter().zip(positions) {
        let p = p as usize;
        if joined && p <= order.keys.len() {
            order.keys.insert(p, k);
        } else if !joined && order.keys.get(p) == Some(&k) {
            order.keys.remove(p);
        } else {
            return 0;
        }
    }
    order.gen = GENERATION.fetch_add(1, AtomicOrdering::Relaxed);
    let gen = order.gen;
    index.text_order = Some(order);
    gen
}

/// `range` over the kept key order of generation `gen`: the keys at `positions` (or at
/// `lo..hi`), paged. `None` when that order is no longer current. A walk of the whole
/// order is `sortBy`'s answer, kept as such until the index changes.
pub fn range_text(
    index: &mut Index,
    gen: u32,
    positions: Option<&[u32]>,
    lo: usize,
    hi: usize,
    p: Page,
) -> Option<Vec<u32>> {
    let Page {
        desc,
        offset,
        limit,
    } = p;
    let order = index
        .text_order
        .as_ref()
        .filter(|o| o.gen == gen && o.log.is_empty())?;
    let ids_of = |p: usize| {
        order
            .keys
            .get(p)
            .and_then(|k| index.keys.get(&k.as_ref()))
            .map(IdSet::iter)
    };
    let hi = hi.min(order.keys.len());
    let whole = positions.is_none()
        && lo == 0
        && hi == order.keys.len()
        && !desc
        && offset == 0
        && limit == usize::MAX;
    let ids = match positions {
        Some(ps) if desc => page(
            ps.iter().rev().map(|&p| p as usize),
            ids_of,
            desc,
            offset,
            limit,
        ),
        Some(ps) => page(ps.iter().map(|&p| p as usize), ids_of, desc, offset, limit),
        None if lo >= hi => Vec::new(),
        None if desc => page((lo..hi).rev(), ids_of, desc, offset, limit),
        None => page(lo..hi, ids_of, desc, offset, limit),
    };
    if whole {
        index.sorted = Some(ids.clone());
    }
    Some(ids)
}

/// Checks that a kept number order holds the index's keys (tests, fuzzing).
pub fn check(index: &Index) -> Result<(), String> {
    let Some(order) = &index.num_order else {
        return Ok(());
    };
    let fresh = NumOrder::build(index.keys.iter().map(|(k, _)| k));
    if fresh.keys != order.keys || fresh.others != order.others {
        return Err(format!(
            "number order has {} keys and {} others, the index {} and {}",
            order.keys.len(),
            order.others,
            fresh.keys.len(),
            fresh.others
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_and_others_counted() {
        let mut o = NumOrder::default();
        for n in [3.0, -1.0, 2.5, 10.0] {
            o.added(&KeyRef::Num(n));
        }
        o.added(&KeyRef::Undef);
        assert!(o.numeric());
        let got: Vec<f64> = o
            .range(Bound::Excluded(-1.0), Bound::Included(3.0), false)
            .collect();
        assert_eq!(got, vec![2.5, 3.0]);
        let got: Vec<f64> = o.range(Bound::Unbounded, Bound::Unbounded, true).collect();
        assert_eq!(got, vec![10.0, 3.0, 2.5, -1.0]);
        assert_eq!(
            o.range(Bound::Included(5.0), Bound::Excluded(5.0), false)
                .count(),
            0
        );
        o.added(&KeyRef::Str("x"));
        o.added(&KeyRef::Num(f64::NAN));
        assert!(!o.numeric());
        o.removed(&KeyRef::Str("x"));
        o.removed(&KeyRef::Num(f64::NAN));
        o.removed(&KeyRef::Num(3.0));
        assert!(o.numeric());
        assert_eq!(o.keys.len(), 3);
    }

    #[test]
    fn pages_skip_and_take_across_keys() {
        let groups = [vec![1u32, 2], vec![3], vec![4, 5, 6]];
        let ids = |i: usize| Some(groups[i].clone().into_iter());
        assert_eq!(page(0..3, ids, false, 1, 3), vec![2, 3, 4]);
        assert_eq!(page((0..3).rev(), ids, true, 0, 4), vec![6, 5, 4, 3]);
        assert_eq!(page(0..3, ids, false, 6, 3), Vec::<u32>::new());
    }
}
