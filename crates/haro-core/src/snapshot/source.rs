//! What a snapshot holds: the `Source` it is written from (a live store, or a copy taken
//! for an asynchronous save), and the `Snapshot` a file decodes to.

use super::*;

/// Something a snapshot can be written from: a live store, or a copy taken from one.
pub trait Source {
    /// Records and histories.
    fn counts(&self) -> (u64, u64);
    /// Bytes of the records and histories sections.
    fn body_len(&self) -> u64;
    /// Hands the records then the histories sections to `out`, in pieces.
    fn emit(&self, out: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()>;
}

impl Source for Store {
    fn counts(&self) -> (u64, u64) {
        (self.len() as u64, self.histories().count() as u64)
    }

    fn body_len(&self) -> u64 {
        let records: u64 = self
            .entry_lens()
            .map(|(k, n)| key_len(k) + 4 + n as u64)
            .sum();
        let histories: u64 = self
            .histories()
            .map(|(k, v)| key_len(k.as_ref()) + 4 + v.iter().map(|t| str_len(t)).sum::<u64>())
            .sum();
        let indexes: u64 = carried(self).map_or(0, |list| {
            list.iter()
                .map(|(n, ix)| {
                    str_len(n)
                        + 4
                        + ix.keys
                            .iter()
                            .map(|(k, set)| ikey_len(k) + 4 + 4 * set.len() as u64)
                            .sum::<u64>()
                })
                .sum()
        });
        let timing = 8
            + 12 * due_list(self).len() as u64
            + 8
            + time_list(self)
                .iter()
                .map(|(_, t)| 8 + 8 * t.len() as u64)
                .sum::<u64>();
        records + histories + 4 + indexes + timing
    }

    fn emit(&self, out: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut buf = Vec::with_capacity(CHUNK + 4096);
        for (k, t) in self.entries() {
            put_key(&mut buf, k);
            put_str(&mut buf, &t);
            if buf.len() >= CHUNK {
                out(&buf)?;
                buf.clear();
            }
        }
        for (k, v) in self.histories() {
            put_key(&mut buf, k.as_ref());
            buf.extend_from_slice(&(v.len() as u32).to_le_bytes());
            for t in v {
                put_str(&mut buf, t);
                if buf.len() >= CHUNK {
                    out(&buf)?;
                    buf.clear();
                }
            }
        }
        let list = carried(self).unwrap_or_default();
        buf.extend_from_slice(&(list.len() as u32).to_le_bytes());
        if !list.is_empty() {
            let ord = self.ordinals();
            for (name, ix) in list {
                put_str(&mut buf, name);
                buf.extend_from_slice(&(ix.keys.len() as u32).to_le_bytes());
                for (k, set) in ix.keys.iter() {
                    put_ikey(&mut buf, k);
                    buf.extend_from_slice(&(set.len() as u32).to_le_bytes());
                    for id in set.iter() {
                        buf.extend_from_slice(&ord[id as usize].to_le_bytes());
                    }
                    if buf.len() >= CHUNK {
                        out(&buf)?;
                        buf.clear();
                    }
                }
            }
        }
        let due = due_list(self);
        buf.extend_from_slice(&(due.len() as u64).to_le_bytes());
        for (place, at) in due {
            buf.extend_from_slice(&place.to_le_bytes());
            buf.extend_from_slice(&at.to_le_bytes());
            if buf.len() >= CHUNK {
                out(&buf)?;
                buf.clear();
            }
        }
        let times = time_list(self);
        buf.extend_from_slice(&(times.len() as u64).to_le_bytes());
        for (place, ts) in times {
            buf.extend_from_slice(&place.to_le_bytes());
            buf.extend_from_slice(&(ts.len() as u32).to_le_bytes());
            for t in ts {
                buf.extend_from_slice(&t.to_le_bytes());
            }
            if buf.len() >= CHUNK {
                out(&buf)?;
                buf.clear();
            }
        }
        out(&buf)
    }
}

/// Each record's due time, by place in insertion order (records that never expire left out).
pub(super) fn due_list(store: &Store) -> Vec<(u32, f64)> {
    if store.expiry.is_empty() {
        return Vec::new();
    }
    store
        .ids()
        .enumerate()
        .filter_map(|(n, id)| store.expiry.due_of(id).map(|at| (n as u32, at)))
        .collect()
}

/// When each kept version was superseded, by history place (with `versionTtl` only).
/// A history whose times do not cover it is left out: it keeps its versions until its
/// next write, as it would have here.
pub(super) fn time_list(store: &Store) -> Vec<(u32, &VecDeque<f64>)> {
    if store.retention.ttl.is_none() {
        return Vec::new();
    }
    store
        .histories()
        .enumerate()
        .filter_map(|(n, (k, v))| {
            let t = store.retention.times_of(k)?;
            (t.len() == v.len()).then_some((n as u32, t))
        })
        .collect()
}

/// A copy of a store's contents, taken quickly so that an asynchronous save can checksum
/// and write it elsewhere while the store goes on changing: the sections as the file
/// holds them, in one buffer (one sequential copy, no allocation per record).
#[derive(Default)]
pub struct Captured {
    counts: (u64, u64),
    body: Vec<u8>,
}

impl Captured {
    pub fn of(store: &Store) -> Captured {
        let mut body = Vec::with_capacity(store.body_len() as usize);
        store
            .emit(&mut |piece| {
                body.extend_from_slice(piece);
                Ok(())
            })
            .expect("writing to a Vec does not fail");
        Captured {
            counts: store.counts(),
            body,
        }
    }
}

impl Source for Captured {
    fn counts(&self) -> (u64, u64) {
        self.counts
    }

    fn body_len(&self) -> u64 {
        self.body.len() as u64
    }

    fn emit(&self, out: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        self.body.chunks(CHUNK).try_for_each(out)
    }
}

/// What a snapshot file decodes to.
#[derive(Default)]
pub struct Snapshot {
    pub header: Header,
    pub records: Vec<(Key, Box<str>)>,
    pub histories: Vec<(Key, Vec<Box<str>>)>,
    /// The indexes as saved (empty: rebuilt on load), ids as places in insertion order.
    pub(super) indexes: Vec<(Box<str>, Index)>,
    /// Due times of records, by place.
    pub due: Vec<(u32, f64)>,
    /// Superseded times of versions, by history place.
    pub times: Vec<(u32, VecDeque<f64>)>,
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("header", &self.header)
            .field("records", &self.records.len())
            .field("histories", &self.histories.len())
            .field("indexes", &self.indexes.len())
            .field("due", &self.due.len())
            .field("times", &self.times.len())
            .finish()
    }
}

impl Snapshot {
    /// A store holding the snapshot, configured as `template` is (delimiter, index list,
    /// versioning), its indexes rebuilt. Built aside: an error leaves nothing behind.
    pub fn into_store(self, template: &Store) -> Res<Store> {
        let mut s = template.empty_like();
        s.reserve(self.records.len());
        // Packed as a load of as many records would be (the file holds texts).
        s.expecting(self.records.len(), |s| -> Res<()> {
            for (k, t) in self.records {
                s.push_loaded(k, t).map_err(|e| corrupt(e.to_string()))?;
            }
            Ok(())
        })?;
        let mut keys = Vec::with_capacity(if self.times.is_empty() {
            0
        } else {
            self.histories.len()
        });
        for (k, v) in self.histories {
            if !self.times.is_empty() {
                keys.push(k.clone());
            }
            s.push_history(k, v).map_err(|e| corrupt(e.to_string()))?;
        }
        // Ids of a store filled in order are its places.
        for (place, at) in self.due {
            s.expiry.set(place, at);
        }
        if s.retention.ttl.is_some() {
            let times = self
                .times
                .into_iter()
                .map(|(n, t)| (keys[n as usize].clone(), t))
                .collect();
            s.retention.restore(times);
        }
        // Ids of a store filled in order are those places: the saved indexes fit as
        // they are, when they cover the index list; otherwise they are rebuilt.
        if self.indexes.is_empty() || s.install_indexes(self.indexes).is_none() {
            s.reindex_listed().map_err(|e| corrupt(e.to_string()))?;
        }
        Ok(s)
    }
}
