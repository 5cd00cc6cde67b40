//! Record expiry and version retention. The engine never reads a clock: the facade passes
//! the time (its `now` option) with the calls that need one, so tests can drive it.
//!
//! Expiry: each record may have a due time; they are kept in order, so finding what is
//! due costs O(log n) per expired record and nothing for the rest.
//! Retention: `limit` keeps the newest versions of a record; `ttl` drops versions
//! superseded longer ago than that. Versions are superseded in time order across the
//! store, so one queue in that order finds the old ones without a scan.

use std::collections::{BTreeSet, VecDeque};

use hashbrown::HashMap;

use super::key::Key;
use super::ordered::OrderedMap;
use super::ordered_index::Num;

#[derive(Default)]
pub struct Expiry {
    by_id: HashMap<u32, f64>,
    due: BTreeSet<(Num, u32)>,
}

impl Expiry {
    /// Sets record `id` to expire at `at` (epoch ms); NaN: never.
    pub fn set(&mut self, id: u32, at: f64) {
        self.forget(id);
        if !at.is_nan() {
            self.by_id.insert(id, at);
            self.due.insert((Num(at), id));
        }
    }

    /// Record `id` is gone (deleted, or its slot is about to be reused).
    pub fn forget(&mut self, id: u32) {
        if self.by_id.is_empty() {
            return;
        }
        if let Some(at) = self.by_id.remove(&id) {
            self.due.remove(&(Num(at), id));
        }
    }

    /// The earliest due time, or infinity.
    pub fn next(&self) -> f64 {
        self.due.first().map_or(f64::INFINITY, |(at, _)| at.0)
    }

    /// Takes out the records due at `now`, earliest first.
    pub fn take_due(&mut self, now: f64) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some(&(at, id)) = self.due.first() {
            if at.0 > now {
                break;
            }
            self.due.pop_first();
            self.by_id.remove(&id);
            out.push(id);
        }
        out
    }

    pub fn clear(&mut self) {
        self.by_id.clear();
        self.due.clear();
    }

    /// Record `id`'s due time, if it has one.
    pub fn due_of(&self, id: u32) -> Option<f64> {
        if self.by_id.is_empty() {
            return None;
        }
        self.by_id.get(&id).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[derive(Default)]
pub struct Retention {
    /// Keep at most this many versions per record.
    pub limit: Option<usize>,
    /// Drop versions superseded more than this many ms ago.
    pub ttl: Option<f64>,
    /// The time of the write under way (set by the facade before writes).
    pub now: f64,
    /// When each kept version was superseded, by record, oldest first (with `ttl` only).
    times: HashMap<Key, VecDeque<f64>>,
    /// (time, key) of every version superseded within the last `ttl`, oldest first.
    queue: VecDeque<(f64, Key)>,
}

impl Retention {
    pub fn configure(&mut self, limit: Option<usize>, ttl: Option<f64>) {
        self.limit = limit;
        self.ttl = ttl;
        if ttl.is_none() {
            self.times.clear();
            self.queue.clear();
        }
    }

    /// `versions` (of `key`) just got its newest version. Returns how many versions it
    /// dropped, and their bytes of text.
    pub fn pushed(&mut self, key: &Key, versions: &mut Vec<Box<str>>) -> (usize, usize) {
        let mut dropped = (0, 0);
        if self.ttl.is_some() {
            let times = self.times.entry(key.clone()).or_default();
            // A history dropped and begun again leaves times behind: unknown times count
            // as now, so nothing is dropped early.
            if times.len() + 1 != versions.len() {
                times.clear();
                times.resize(versions.len() - 1, self.now);
            }
            times.push_back(self.now);
            self.queue.push_back((self.now, key.clone()));
        }
        if let Some(limit) = self.limit {
            if versions.len() > limit {
                let excess = versions.len() - limit;
                dropped = (excess, versions.drain(..excess).map(|t| t.len()).sum());
                if let Some(times) = self.times.get_mut(key) {
                    times.drain(..excess.min(times.len()));
                }
            }
        }
        dropped
    }

    /// Drops the versions superseded more than `ttl` before `now`; how many went, and
    /// their bytes of text.
    pub fn prune(&mut self, versions: &mut OrderedMap<Key, Vec<Box<str>>>) -> (usize, usize) {
        let Some(ttl) = self.ttl else { return (0, 0) };
        let mut dropped = (0, 0);
        let cutoff = self.now - ttl;
        while let Some((at, _)) = self.queue.front() {
            if *at >= cutoff {
                break;
            }
            let (_, key) = self.queue.pop_front().expect("front exists");
            // The front of this record's history is its oldest version: drop it if it is
            // old enough (it may be a later one, when `limit` took the one queued here).
            let Some(times) = self.times.get_mut(&key) else {
                continue;
            };
            match (times.front(), versions.get_mut(&key)) {
                (Some(&t), Some(vs)) if t < cutoff && !vs.is_empty() => {
                    times.pop_front();
                    dropped.0 += 1;
                    dropped.1 += vs.remove(0).len();
                }
                _ => {}
            }
            if times.is_empty() {
                self.times.remove(&key);
            }
        }
        dropped
    }

    /// When each version of `key`'s history was superseded, oldest first (with `ttl`).
    pub fn times_of(&self, key: &Key) -> Option<&VecDeque<f64>> {
        self.times.get(key)
    }

    /// Sets the times of histories read from a snapshot (each as long as its history)
    /// and queues them in time order, as writes would have.
    pub fn restore(&mut self, times: Vec<(Key, VecDeque<f64>)>) {
        let mut queue: Vec<(f64, Key)> = times
            .iter()
            .flat_map(|(k, ts)| ts.iter().map(move |&t| (t, k.clone())))
            .collect();
        queue.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.queue = queue.into();
        self.times = times.into_iter().collect();
    }

    /// The history of `key` went.
    pub fn forget(&mut self, key: &Key) {
        if !self.times.is_empty() {
            self.times.remove(key);
        }
    }

    pub fn clear(&mut self) {
        self.times.clear();
        self.queue.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_records_come_out_in_time_order() {
        let mut e = Expiry::default();
        e.set(1, 30.0);
        e.set(2, 10.0);
        e.set(3, 20.0);
        e.set(3, f64::NAN);
        assert_eq!(e.next(), 10.0);
        assert_eq!(e.take_due(29.0), vec![2]);
        e.forget(1);
        assert_eq!(e.next(), f64::INFINITY);
        assert!(e.take_due(100.0).is_empty());
    }

    #[test]
    fn store_purges_due_records_and_forgets_deleted_ones() {
        use super::super::store::Store;
        let mut s = Store::new();
        s.versioning = true;
        let k = |n: &str| Key::Str(n.into());
        let a = s.set(k("a"), r#"{"id":"a"}"#.into(), false).unwrap().id;
        let b = s.set(k("b"), r#"{"id":"b"}"#.into(), false).unwrap().id;
        s.set(k("b"), r#"{"id":"b","v":2}"#.into(), false).unwrap();
        s.expiry.set(a, 10.0);
        s.expiry.set(b, 20.0);
        s.delete(&k("a"), true).unwrap();
        // a's slot is reused by c, which has no due time.
        let c = s.set(k("c"), r#"{"id":"c"}"#.into(), false).unwrap().id;
        assert_eq!(c, a);
        assert!(s.purge_expired(15.0).is_empty());
        assert_eq!(s.purge_expired(20.0), vec![(k("b"), b)]);
        assert!(s.versions_text(&k("b")).is_none());
        assert_eq!(s.keys_text(None), r#"["c"]"#);
        s.check_invariants().unwrap();
    }

    #[test]
    fn retention_limit_and_ttl() {
        let mut r = Retention::default();
        r.configure(Some(2), Some(100.0));
        let mut versions: OrderedMap<Key, Vec<Box<str>>> = OrderedMap::default();
        let k = Key::Str("a".into());
        for (t, v) in [(0.0, "1"), (10.0, "2"), (20.0, "3")] {
            r.now = t;
            let vs = versions.get_or_insert_with(k.clone(), Vec::new);
            vs.push(v.into());
            r.pushed(&k, vs);
        }
        assert_eq!(versions.get(&k).unwrap().len(), 2);
        r.now = 115.0;
        r.prune(&mut versions);
        assert_eq!(&*versions.get(&k).unwrap()[0], "3");
        r.now = 121.0;
        r.prune(&mut versions);
        assert!(versions.get(&k).unwrap().is_empty());
    }
}
