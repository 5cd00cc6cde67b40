//! The store's answers as JSON text: records with their keys, key lists, index dumps,
//! versions and stats.

use super::{IndexStats, Rec, Stats, Store};
use crate::index::Index;
use crate::key::Key;
use crate::value::{write_int, write_str};

impl Store {
    /// What the store holds, counted: `store.stats()`.
    pub fn stats(&self) -> Stats {
        Stats {
            records: self.len(),
            record_bytes: self.bytes + self.shapes.approx_bytes(),
            index_bytes: self.index_bytes(),
            version_bytes: self.version_bytes(),
            versioned_keys: self.versions.len(),
            versions: self.version_count,
            indexes: self
                .indexes
                .iter()
                .map(|(name, ix)| IndexStats {
                    name: name.clone(),
                    keys: ix.len(),
                    entries: ix.entries(),
                    bytes: ix.approx_bytes(),
                })
                .collect(),
        }
    }

    /// `stats` as JSON: `[records, recordBytes, indexBytes, versionBytes, versionedKeys,
    /// versions, [[name, keys, entries, bytes]…]]`.
    pub fn stats_text(&self) -> String {
        let st = self.stats();
        let mut out = format!(
            "[{},{},{},{},{},{},",
            st.records,
            st.record_bytes,
            st.index_bytes,
            st.version_bytes,
            st.versioned_keys,
            st.versions
        );
        out.push_str(&json_array(st.indexes.iter(), |ix, out| {
            out.push('[');
            write_str(&ix.name, out);
            out.push_str(&format!(",{},{},{}]", ix.keys, ix.entries, ix.bytes));
        }));
        out.push(']');
        out
    }

    // ---- text out -----------------------------------------------------------------

    /// `[id, key, record, id, key, record, …]` for the given ids.
    pub fn records_text(&self, ids: &[u32]) -> String {
        let mut out = String::new();
        let shapes = &self.shapes;
        write_triples(&self.recs, ids, &mut out, |stored, out| {
            shapes.write(stored, out)
        });
        out
    }

    /// `records_text` for JS to read, at the end of `out` (a caller that keeps `out` between
    /// calls allocates nothing for a read that fits what it held): each packed record as its
    /// form's number and its values (`Shapes::write_for_js`), `[id, key, form, value, …]`.
    pub fn write_records_for_js(&mut self, ids: &[u32], out: &mut String) {
        let shapes = &mut self.shapes;
        write_triples(&self.recs, ids, out, |stored, out| {
            shapes.write_for_js(stored, out)
        });
    }

    /// What form `n` of a `write_records_for_js` holds (`Shapes::describe_form`).
    pub fn form_text(&self, n: u64) -> Option<&str> {
        self.shapes.describe_form(n)
    }

    /// The keys of the given records as a JSON array (every key when `ids` is `None`).
    pub fn keys_text(&self, ids: Option<&[u32]>) -> String {
        let write = |rec: &Rec, out: &mut String| rec.key().write(out);
        match ids {
            Some(ids) => json_array(ids.iter().filter_map(|&id| self.rec(id)), write),
            None => json_array(self.ids().filter_map(|id| self.rec(id)), write),
        }
    }

    /// `dump('indexes')` (or one index) as `[[name, [[key, [recordKey…]]…]]…]`.
    pub fn indexes_text(&self, only: Option<&str>) -> String {
        let mut out = String::from("[");
        let mut first = true;
        for (name, index) in self.indexes.iter() {
            if only.is_some_and(|o| o != &**name) {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push('[');
            write_str(name, &mut out);
            out.push_str(",[");
            for (i, (k, set)) in index.keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                k.write(&mut out);
                out.push(',');
                let ids: Vec<u32> = set.iter().collect();
                out.push_str(&self.keys_text(Some(&ids)));
                out.push(']');
            }
            out.push_str("]]");
        }
        out.push(']');
        out
    }

    /// The index names, in the order of the `indexes` map.
    pub fn index_names_text(&self) -> String {
        json_array(self.indexes.iter(), |(name, _), out| write_str(name, out))
    }

    pub fn index_len(&self, name: &str) -> Option<usize> {
        self.index_named(name).map(Index::len)
    }

    /// The earlier texts of `key` as a JSON array; `None` when it has no history.
    pub fn versions_text(&self, key: &Key) -> Option<String> {
        let versions = self.versions.get(key)?;
        Some(format!("[{}]", versions.join(",")))
    }

    /// The keys that have a history, in the order they got one.
    pub fn versioned_keys_text(&self) -> String {
        json_array(self.versions.iter(), |(k, _), out| k.write(out))
    }

    /// `versioned_keys_text` in slices: the keys from place `from` on that fit `max_bytes`,
    /// as `[next place, key…]` (see `index_keys_text_from`).
    pub fn versioned_keys_text_from(&self, from: usize, max_bytes: usize) -> String {
        slice_text(self.versions.iter_from(from), from, max_bytes, |k, out| {
            k.write(out)
        })
    }
}

/// `[next place, key…]` of the entries of an `OrderedMap::iter_from(from)`, each key written
/// by `write`, as many as fit `max_bytes` of text (one at least): the next place is `from`
/// when there were none.
pub(super) fn slice_text<'a, K: 'a, V: 'a>(
    entries: impl Iterator<Item = (usize, &'a K, &'a V)>,
    from: usize,
    max_bytes: usize,
    write: impl Fn(&K, &mut String),
) -> String {
    let mut next = from;
    let mut keys = String::new();
    for (place, k, _) in entries {
        let before = keys.len();
        keys.push(',');
        write(k, &mut keys);
        if keys.len() > max_bytes && before > 0 {
            keys.truncate(before);
            break;
        }
        next = place + 1;
    }
    format!("[{next}{keys}]")
}

/// `[a,b,…]`, each item written by `write`.
pub(super) fn json_array<T>(
    items: impl Iterator<Item = T>,
    write: impl Fn(T, &mut String),
) -> String {
    let mut out = String::from("[");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(item, &mut out);
    }
    out.push(']');
    out
}

/// `[id, key, record, …]` of `ids` at the end of `out`, each record written by `record`.
fn write_triples(
    recs: &[Option<Rec>],
    ids: &[u32],
    out: &mut String,
    mut record: impl FnMut(&str, &mut String),
) {
    let rec = |id: u32| recs.get(id as usize).and_then(Option::as_ref);
    // Sized from the stored forms: growing by doubling copied the text over again. A packed
    // form grows back by ~1.8x for the benchmark's records as text (more for long keys and
    // short values: then the string grows once), less written for JS by its form; room left
    // unused is never touched.
    let room: usize = ids
        .iter()
        .filter_map(|&id| rec(id))
        .map(|rec| 2 * rec.body_len() + 24)
        .sum();
    out.reserve_exact(room + 2);
    out.push('[');
    let mut first = true;
    for &id in ids {
        let Some(rec) = rec(id) else { continue };
        if !first {
            out.push(',');
        }
        first = false;
        write_int(i64::from(id), out);
        out.push(',');
        rec.key().write(out);
        out.push(',');
        record(rec.stored(), out);
    }
    out.push(']');
}
