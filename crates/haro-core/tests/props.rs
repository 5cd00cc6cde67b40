//! Property tests of the engine (`haro_core::Store`): random operation sequences, each
//! followed by a full comparison with a simple model and by `check_invariants()`.
//!
//! The model keeps records as `(key, value)` in insertion order, haro's merge (written here
//! from haro's JS `merge`, not from the engine), histories per key, and, per index, which
//! records it covers (haro's indexes are partial after `override`, `indexes.delete` and the
//! like: a later `set` indexes only its own record). From that it predicts every index entry,
//! every `find`, `sortBy` order, the version lists, and whether `check_invariants` may pass.
//!
//! CI size: `cargo test --test props` (256 cases per property, a few seconds).
//! Long runs:
//!   PROPTEST_CASES=100000 cargo test --release --test props -- --nocapture
//!   PROPS_SECONDS=600 cargo test --release --test props -- --nocapture long_run
//! (the second runs fresh random seeds until the time is up and prints the cases executed).
//! Failures are shrunk and their seeds saved under proptest-regressions/.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use haro_core::{escape_str, parse, Error, IndexSpec, Key, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

#[path = "support/model_value.rs"]
mod model_value;
use model_value::{read, write, M};

static CASES: AtomicU64 = AtomicU64::new(0);
static OPS: AtomicU64 = AtomicU64::new(0);

// ---- domains -------------------------------------------------------------------------------

fn s(x: &str) -> Box<str> {
    x.into()
}

/// A key as the binding makes it from a JS string.
fn skey(x: &str) -> Key {
    Key::Str(escape_str(x))
}

fn key_strategy() -> impl Strategy<Value = Key> {
    prop_oneof![
        Just(skey("a")),
        Just(skey("b")),
        Just(skey("c")),
        Just(skey("d")),
        Just(skey("1")),
        Just(skey("__proto__")),
        Just(skey("\0x")), // a key that opens with NUL
        Just(skey("q\"\n")),
        Just(Key::num(1.0)),
        Just(Key::num(0.0)),
        Just(Key::num(-0.0)),
        Just(Key::num(f64::NAN)),
        Just(Key::num(2.5)),
    ]
}

fn prim() -> impl Strategy<Value = M> {
    prop_oneof![
        Just(M::Undef),
        Just(M::Null),
        Just(M::Bool(true)),
        Just(M::Bool(false)),
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(1.0),
            Just(2.0),
            Just(1.5),
            Just(-3.0),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(1e21)
        ]
        .prop_map(M::Num),
        prop_oneof![
            Just("x"),
            Just("y"),
            Just("1"),
            Just(""),
            Just("a|b"),
            Just("\0n"),
            Just("\"q\\\n\u{1}"),
            Just("é😀")
        ]
        .prop_map(M::str),
        prop_oneof![Just(0.0), Just(86_400_000.0), Just(f64::NAN)].prop_map(M::Date),
    ]
}

fn field_value() -> impl Strategy<Value = M> {
    let names = prop_oneof![Just("p"), Just("q"), Just("0"), Just("1")];
    let nested = prop::collection::vec(
        (
            names,
            prop_oneof![prim(), prop::collection::vec(prim(), 0..3).prop_map(M::Arr)],
        ),
        0..3,
    )
    .prop_map(|props| {
        let mut seen = HashSet::new();
        M::Obj(
            props
                .into_iter()
                .filter(|(n, _)| seen.insert(*n))
                .map(|(n, v)| (n.to_string(), v))
                .collect(),
        )
    });
    prop_oneof![
        5 => prim(),
        3 => prop::collection::vec(prim(), 0..4).prop_map(M::Arr),
        1 => prop::collection::vec(nested.clone(), 0..2).prop_map(M::Arr),
        2 => nested,
    ]
}

const FIELDS: [&str; 6] = ["name", "age", "tags", "meta", "__proto__", "0"];

fn record() -> impl Strategy<Value = M> {
    prop::collection::vec((0..FIELDS.len(), field_value()), 0..5).prop_map(|props| {
        let mut seen = HashSet::new();
        M::Obj(
            props
                .into_iter()
                .filter(|(i, _)| seen.insert(*i))
                .map(|(i, v)| (FIELDS[i].to_string(), v))
                .collect(),
        )
    })
}

/// Index specs: (name, sorted fields). The first four are the initial `index` list.
const SPECS: [(&str, &[&str]); 7] = [
    ("name", &["name"]),
    ("tags", &["tags"]),
    ("age|name", &["age", "name"]),
    ("meta", &["meta"]),
    ("age", &["age"]),
    ("name|tags", &["name", "tags"]),
    ("__proto__", &["__proto__"]),
];
const INITIAL: usize = 4;

fn spec(i: usize) -> IndexSpec {
    let (name, fields) = SPECS[i];
    IndexSpec {
        name: s(name),
        fields: fields.iter().map(|f| s(f)).collect(),
        composite: fields.len() > 1,
    }
}

#[derive(Clone, Debug)]
enum Op {
    Set(Key, M, bool),
    Delete(Key, bool),
    Clear,
    Override(Vec<(Key, M)>),
    Reindex(Option<usize>),
    DropIndex(usize),
    ClearIndexes,
    Versioning(bool),
    OverrideIndexesRoundTrip,
    Find(usize, M),
    SortBy(usize),
    /// Sets keys 1000+from .. 1000+from+count (numbers) to `tmpl` with `name` cycling over
    /// three values: large index sets, many records.
    Fill(u16, u16, M),
    /// Deletes every present key ≥ 1000 whose number is `offset` modulo `step`.
    DeleteSome(u16, u16, bool),
    /// The same keys in one `delete_many`, plus maybe one more key (missing or repeated:
    /// then nothing may change).
    DeleteMany(u16, u16, bool, Option<Key>),
    // Only in the second property: haro's public index plumbing.
    IndexRecord(Key, M, Option<usize>),
    UnindexRecord(Key, M),
    SetSpecs(Vec<usize>),
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (key_strategy(), record(), any::<bool>()).prop_map(|(k, v, r)| Op::Set(k, v, r)),
        10 => (key_strategy(), any::<bool>()).prop_map(|(k, v)| Op::Delete(k, v)),
        1 => Just(Op::Clear),
        2 => prop::collection::vec((key_strategy(), record()), 0..5).prop_map(Op::Override),
        3 => prop::option::of(0..SPECS.len()).prop_map(Op::Reindex),
        2 => (0..SPECS.len()).prop_map(Op::DropIndex),
        1 => Just(Op::ClearIndexes),
        2 => any::<bool>().prop_map(Op::Versioning),
        1 => Just(Op::OverrideIndexesRoundTrip),
        6 => (0..SPECS.len(), record()).prop_map(|(i, w)| Op::Find(i, w)),
        2 => (0..SPECS.len()).prop_map(Op::SortBy),
        2 => (0u16..200, 1u16..100, record()).prop_map(|(f, c, r)| Op::Fill(f, c, r)),
        2 => (1u16..5, 0u16..5, any::<bool>()).prop_map(|(s, o, v)| Op::DeleteSome(s, o, v)),
        2 => (1u16..5, 0u16..5, any::<bool>(), prop::option::of(key_strategy()))
            .prop_map(|(s, o, v, k)| Op::DeleteMany(s, o, v, k)),
    ]
}

fn index_api_op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        20 => (key_strategy(), record(), any::<bool>()).prop_map(|(k, v, r)| Op::Set(k, v, r)),
        10 => (key_strategy(), any::<bool>()).prop_map(|(k, v)| Op::Delete(k, v)),
        5 => (key_strategy(), record(), prop::option::of(0..SPECS.len())).prop_map(|(k, v, o)| Op::IndexRecord(k, v, o)),
        3 => (key_strategy(), record()).prop_map(|(k, v)| Op::UnindexRecord(k, v)),
        3 => prop::collection::vec(0..SPECS.len(), 0..4).prop_map(Op::SetSpecs),
        2 => prop::option::of(0..SPECS.len()).prop_map(Op::Reindex),
        4 => (0..SPECS.len(), record()).prop_map(|(i, w)| Op::Find(i, w)),
        2 => (0..SPECS.len()).prop_map(Op::SortBy),
    ]
}

// ---- the model -------------------------------------------------------------------------------

/// A key's text, canonical (through this test's reader and writer).
fn key_text(k: &Key) -> String {
    let mut out = String::new();
    k.write(&mut out);
    write(&read(&out))
}

fn canonical(text: &str) -> String {
    write(&read(text))
}

fn is_object(v: &M) -> bool {
    matches!(v, M::Arr(_) | M::Obj(_) | M::Date(_))
}

/// haro's `merge(a, b)` (haro.js): arrays concatenate; when both are objects (`typeof`),
/// each own key of `b` is merged into `a`; anything else is replaced by `b`. `None` where
/// JS would build something JSON cannot hold (a named property on an array or a Date):
/// the engine must refuse those and leave the store alone.
fn model_merge(a: M, b: M) -> Option<M> {
    match (a, b) {
        (M::Arr(mut x), M::Arr(y)) => {
            x.extend(y);
            Some(M::Arr(x))
        }
        (a, b) if is_object(&a) && is_object(&b) => {
            let own_keys: Vec<(String, M)> = match b {
                M::Obj(props) => props.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                M::Arr(items) => items
                    .into_iter()
                    .enumerate()
                    .filter(|(_, v)| !matches!(v, M::Hole)) // (a hole is no key)
                    .map(|(i, v)| (i.to_string(), v))
                    .collect(),
                _ => Vec::new(), // a Date has no own enumerable keys
            };
            let mut a = a;
            for (k, v) in own_keys {
                match &mut a {
                    M::Obj(props) => match props.iter().position(|(n, _)| *n == k) {
                        Some(i) => {
                            let old = std::mem::replace(&mut props[i].1, M::Undef);
                            props[i].1 = model_merge(old, v)?;
                        }
                        None => props.push((k, model_merge(M::Undef, v)?)),
                    },
                    M::Arr(items) => {
                        let canonical = !k.is_empty()
                            && (k == "0" || !k.starts_with('0'))
                            && k.bytes().all(|c| c.is_ascii_digit());
                        if !canonical {
                            return None;
                        }
                        let i: usize = k.parse().ok()?;
                        if i < items.len() {
                            let old = std::mem::replace(&mut items[i], M::Undef);
                            items[i] = model_merge(old, v)?;
                        } else if i == items.len() || i < 1 << 16 {
                            // a[i] = … past the end leaves holes (no more than a record
                            // holds in a sparse array: past that, refused)
                            items.resize(i, M::Hole);
                            items.push(model_merge(M::Undef, v)?);
                        } else {
                            return None;
                        }
                    }
                    _ => return None,
                }
            }
            Some(a)
        }
        (_, b) => Some(b),
    }
}

fn get_field<'a>(v: &'a M, name: &str) -> &'a M {
    match v {
        M::Obj(props) => props
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&M::Undef, |(_, v)| v),
        _ => &M::Undef,
    }
}

fn spread(v: &M) -> Vec<&M> {
    match v {
        // (haro reads `arr[i]` in a for loop: a hole is `undefined`)
        M::Arr(items) => items
            .iter()
            .map(|v| if matches!(v, M::Hole) { &M::Undef } else { v })
            .collect(),
        other => vec![other],
    }
}

/// The text of a Map key holding `v`: -0 is 0.
fn prim_key_text(v: &M) -> String {
    match v {
        M::Num(n) if *n == 0.0 => write(&M::Num(0.0)),
        other => write(other),
    }
}

/// `${a}|${b}`… for every combination of the fields' values (haro's `indexKeys`).
fn composite(fields: &[&str], rec: &M) -> Vec<String> {
    let mut acc = vec![String::new()];
    for (i, f) in fields.iter().enumerate() {
        let mut next = Vec::new();
        for prefix in &acc {
            for v in spread(get_field(rec, f)) {
                let mut t = prefix.clone();
                if i > 0 {
                    t.push('|');
                }
                v.js_string(&mut t);
                next.push(t);
            }
        }
        acc = next;
    }
    acc.into_iter().map(|t| write(&M::Str(t))).collect()
}

/// Entries `(index key text, record key text)` that record `rec` puts into index `spec`.
/// Primitive keys are Map keys (one entry each); every object value is a key of its own.
fn entries_of(spec_i: usize, key: &str, rec: &M) -> Vec<(String, String)> {
    let (name, fields) = SPECS[spec_i];
    let mut out = Vec::new();
    if fields.len() > 1 {
        for t in composite(fields, rec) {
            out.push((t, key.to_string()));
        }
    } else {
        for v in spread(get_field(rec, name)) {
            let t = if is_object(v) {
                write(v)
            } else {
                prim_key_text(v)
            };
            out.push((t, key.to_string()));
        }
    }
    dedup_prims(out)
}

fn dedup_prims(entries: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    entries
        .into_iter()
        .filter(|(k, r)| {
            let object = k.starts_with('{') || k.starts_with('[') || k.starts_with("\"\\u0000d");
            object || seen.insert((k.clone(), r.clone()))
        })
        .collect()
}

/// The keys a `find` looks up with `where`, as key texts (objects find nothing, except in
/// a composite, where they are strings).
fn lookups(spec_i: usize, where_: &M) -> Vec<String> {
    let (name, fields) = SPECS[spec_i];
    if fields.len() > 1 {
        return composite(fields, where_);
    }
    spread(get_field(where_, name))
        .into_iter()
        .filter(|v| !is_object(v))
        .map(prim_key_text)
        .collect()
}

struct MIndex {
    spec: usize,
    /// Record keys this index has entries for.
    covered: HashSet<String>,
}

#[derive(Default)]
struct Model {
    recs: Vec<(String, Key, M)>,
    versions: Vec<(String, Vec<String>)>,
    versioning: bool,
    specs: Vec<usize>,
    indexes: Vec<MIndex>,
    foreign: bool,
    /// Second property only: every (index, key, record) entry ever put in.
    ever: HashSet<(usize, String, String)>,
}

impl Model {
    fn pos(&self, k: &str) -> Option<usize> {
        self.recs.iter().position(|(t, _, _)| t == k)
    }

    fn index_mut(&mut self, spec: usize) -> &mut MIndex {
        match self.indexes.iter().position(|ix| ix.spec == spec) {
            Some(i) => &mut self.indexes[i],
            None => {
                self.indexes.push(MIndex {
                    spec,
                    covered: HashSet::new(),
                });
                self.indexes.last_mut().unwrap()
            }
        }
    }

    fn note(&mut self, spec: usize, key: &str, rec: &M) {
        for (k, r) in entries_of(spec, key, rec) {
            self.ever.insert((spec, k, r));
        }
    }

    fn reindex(&mut self, spec: usize) {
        let all: HashSet<String> = self.recs.iter().map(|(t, _, _)| t.clone()).collect();
        let recs: Vec<(String, M)> = self
            .recs
            .iter()
            .map(|(t, _, v)| (t.clone(), v.clone()))
            .collect();
        for (t, v) in &recs {
            self.note(spec, t, v);
        }
        self.index_mut(spec).covered = all;
    }

    /// What every existing index should hold: sorted (key, record) entries per index.
    fn expected_entries(&self, ix: &MIndex) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (t, _, v) in &self.recs {
            if ix.covered.contains(t) {
                out.extend(entries_of(ix.spec, t, v));
            }
        }
        out.sort();
        out
    }

    /// Whether every index holds what a rebuild would (a record missing from an index it
    /// would add nothing to, such as `tags: []`, does not count).
    fn all_full(&self) -> bool {
        self.indexes.iter().all(|ix| {
            let full = MIndex {
                spec: ix.spec,
                covered: self.recs.iter().map(|(t, _, _)| t.clone()).collect(),
            };
            self.expected_entries(ix) == self.expected_entries(&full)
        })
    }
}

// ---- reading the engine ------------------------------------------------------------------------

fn arr(v: &M) -> &[M] {
    match v {
        M::Arr(items) => items,
        other => panic!("expected an array, got {other:?}"),
    }
}

fn name_of(v: &M) -> String {
    match v {
        M::Str(s) => s.to_string(),
        other => panic!("expected a string, got {other:?}"),
    }
}

/// `indexes_text` as (name, sorted entries), in the engine's order.
fn engine_indexes(store: &Store) -> Vec<(String, Vec<(String, String)>)> {
    let dump = read(&store.indexes_text(None));
    arr(&dump)
        .iter()
        .map(|ix| {
            let pair = arr(ix);
            let mut entries = Vec::new();
            for kv in arr(&pair[1]) {
                let kv = arr(kv);
                for rk in arr(&kv[1]) {
                    entries.push((write(&kv[0]), write(rk)));
                }
            }
            entries.sort();
            (name_of(&pair[0]), entries)
        })
        .collect()
}

fn spec_index(name: &str) -> usize {
    SPECS
        .iter()
        .position(|(n, _)| *n == name)
        .expect("known index name")
}

fn live(store: &Store, id: u32) -> bool {
    store.keys_text(Some(&[id])) != "[]"
}

macro_rules! check {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($fmt)+)));
        }
    };
}

/// Every index id names a live record (no id outlives its record).
fn check_live_ids(store: &Store) -> Result<(), TestCaseError> {
    let names = read(&store.index_names_text());
    for n in arr(&names) {
        let name = name_of(n);
        let keys = read(&store.index_keys_text(&name).unwrap());
        for o in 0..arr(&keys).len() {
            for id in store.index_ids(&name, &[o as u32], false) {
                check!(
                    live(store, id),
                    "index {name} key #{o} holds id {id}, which no record has"
                );
            }
        }
    }
    Ok(())
}

fn check_state(store: &Store, m: &Model, index_api: bool) -> Result<(), TestCaseError> {
    check!(
        store.len() == m.recs.len(),
        "len {} != model {}",
        store.len(),
        m.recs.len()
    );
    let want_keys = format!(
        "[{}]",
        m.recs
            .iter()
            .map(|(t, _, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    check!(
        store.keys_text(None) == want_keys,
        "keys {} != model {}",
        store.keys_text(None),
        want_keys
    );
    for (t, k, v) in &m.recs {
        let got = store.get(k).map(|(_, text)| canonical(&text));
        check!(
            got.as_deref() == Some(write(v).as_str()),
            "record {t}: {got:?} != model {}",
            write(v)
        );
    }
    let want_vkeys = format!(
        "[{}]",
        m.versions
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    check!(
        store.versioned_keys_text() == want_vkeys,
        "versioned keys {} != {}",
        store.versioned_keys_text(),
        want_vkeys
    );
    for (t, texts) in &m.versions {
        let k = match read(t) {
            M::Str(s) => skey(&s),
            M::Num(n) => Key::num(n),
            _ => unreachable!(),
        };
        let want = format!("[{}]", texts.join(","));
        let got = store.versions_text(&k).map(|v| canonical(&v));
        check!(
            got.as_deref() == Some(want.as_str()),
            "versions of {t}: {got:?} != {want}"
        );
    }
    check_live_ids(store)?;
    let engine = engine_indexes(store);
    if index_api {
        // Every entry must be one that was put in for that record; entries of live
        // records must point at them.
        for (name, entries) in &engine {
            let si = spec_index(name);
            for (k, r) in entries {
                check!(
                    m.pos(r).is_some(),
                    "index {name} entry {k} names {r}, which is not in the store"
                );
                check!(
                    m.ever.contains(&(si, k.clone(), r.clone())),
                    "index {name} entry {k} names {r}, which was never indexed there"
                );
            }
        }
        return Ok(());
    }
    let names: Vec<&str> = engine.iter().map(|(n, _)| n.as_str()).collect();
    let want_names: Vec<&str> = m.indexes.iter().map(|ix| SPECS[ix.spec].0).collect();
    check!(
        names == want_names,
        "index names {names:?} != model {want_names:?}"
    );
    for ((name, entries), ix) in engine.iter().zip(&m.indexes) {
        let want = m.expected_entries(ix);
        check!(
            *entries == want,
            "index {name}:\n engine {entries:?}\n model  {want:?}"
        );
    }
    // Whole indexes must pass; a partial one (haro's semantics after override, drop, …) must
    // be caught, except after override('indexes'), when the engine may stop checking.
    let inv = store.check_invariants();
    if m.all_full() {
        check!(inv.is_ok(), "check_invariants: {inv:?}");
    } else if !m.foreign {
        check!(inv.is_err(), "check_invariants passed with a partial index");
    }
    Ok(())
}

// ---- running one sequence ------------------------------------------------------------------

fn new_store() -> (Store, Model) {
    let mut store = Store::new();
    store.pack_from(0);
    let specs: Vec<usize> = (0..INITIAL).collect();
    store.set_specs(specs.iter().map(|&i| spec(i)).collect());
    store.reindex(None).unwrap();
    let mut m = Model {
        specs: specs.clone(),
        ..Model::default()
    };
    for i in specs {
        m.reindex(i);
    }
    (store, m)
}

fn apply(store: &mut Store, m: &mut Model, op: &Op, index_api: bool) -> Result<(), TestCaseError> {
    match op {
        Op::Set(k, v, replace) => {
            let t = key_text(k);
            let text = write(v);
            let at = m.pos(&t);
            let new_val = match at {
                Some(i) if !replace => model_merge(m.recs[i].2.clone(), v.clone()),
                _ => Some(v.clone()),
            };
            let out = store.set(k.clone(), text, *replace);
            let Some(new_val) = new_val else {
                check!(out.is_err(), "merge of {v:?} should be refused");
                return Ok(());
            };
            let out = out.map_err(|e| TestCaseError::fail(format!("set failed: {e}")))?;
            check!(
                out.merged.is_some() == (at.is_some() && !replace),
                "merged flag"
            );
            match at {
                Some(i) => {
                    let old = write(&m.recs[i].2);
                    if m.versioning {
                        match m.versions.iter_mut().find(|(vt, _)| *vt == t) {
                            Some((_, list)) => list.push(old),
                            None => m.versions.push((t.clone(), vec![old])),
                        }
                    }
                    m.recs[i].2 = new_val.clone();
                }
                None => {
                    if m.versioning {
                        match m.versions.iter_mut().find(|(vt, _)| *vt == t) {
                            Some((_, list)) => list.clear(),
                            None => m.versions.push((t.clone(), Vec::new())),
                        }
                    }
                    m.recs.push((t.clone(), k.clone(), new_val.clone()));
                }
            }
            for si in m.specs.clone() {
                m.note(si, &t, &new_val);
                m.index_mut(si).covered.insert(t.clone());
            }
        }
        Op::Delete(k, versions) => {
            let t = key_text(k);
            let out = store.delete(k, *versions);
            match m.pos(&t) {
                None => check!(
                    out == Err(Error::NotFound),
                    "delete of a missing key: {out:?}"
                ),
                Some(i) => {
                    check!(out.is_ok(), "delete failed: {out:?}");
                    m.recs.remove(i);
                    for ix in &mut m.indexes {
                        ix.covered.remove(&t);
                    }
                    if *versions {
                        m.versions.retain(|(vt, _)| *vt != t);
                    }
                }
            }
        }
        Op::Clear => {
            store.clear();
            m.recs.clear();
            m.versions.clear();
            m.indexes.clear();
            m.foreign = false;
        }
        Op::Override(items) => {
            store
                .override_records(items.iter().map(|(k, v)| (k.clone(), write(v))).collect())
                .map_err(|e| TestCaseError::fail(format!("override failed: {e}")))?;
            m.recs.clear();
            for (k, v) in items {
                let t = key_text(k);
                match m.pos(&t) {
                    Some(i) => m.recs[i].2 = v.clone(),
                    None => m.recs.push((t, k.clone(), v.clone())),
                }
            }
            m.indexes.clear();
            m.foreign = false;
        }
        Op::Reindex(only) => {
            store
                .reindex(only.map(spec))
                .map_err(|e| TestCaseError::fail(format!("reindex failed: {e}")))?;
            match only {
                Some(i) => {
                    if !m.specs.contains(i) {
                        m.specs.push(*i);
                    }
                    m.reindex(*i);
                }
                None => {
                    for i in m.specs.clone() {
                        m.reindex(i);
                    }
                }
            }
        }
        Op::DropIndex(i) => {
            let had = m.indexes.iter().any(|ix| ix.spec == *i);
            check!(store.drop_index(SPECS[*i].0) == had, "drop_index result");
            m.indexes.retain(|ix| ix.spec != *i);
        }
        Op::ClearIndexes => {
            store.clear_indexes();
            m.indexes.clear();
            m.foreign = false;
        }
        Op::Versioning(on) => {
            store.versioning = *on;
            m.versioning = *on;
        }
        Op::OverrideIndexesRoundTrip => {
            let dump = store.indexes_text(None);
            let data = parse(&dump).unwrap();
            store
                .override_indexes(&data)
                .map_err(|e| TestCaseError::fail(format!("override_indexes failed: {e}")))?;
            m.foreign = true;
        }
        Op::Find(i, where_) => {
            let (name, fields) = SPECS[*i];
            let fields: Vec<Box<str>> = fields.iter().map(|f| s(f)).collect();
            let where_text = write(where_);
            let where_val = parse(&where_text).unwrap();
            let ids = store.find(name, &fields, &where_val);
            for &id in &ids {
                check!(live(store, id), "find returned id {id} of no record");
            }
            let uniq: HashSet<u32> = ids.iter().copied().collect();
            check!(
                uniq.len() == ids.len(),
                "find returned an id twice: {ids:?}"
            );
            if index_api {
                return Ok(());
            }
            let mut got: Vec<String> = match read(&store.keys_text(Some(&ids))) {
                M::Arr(items) => items.iter().map(write).collect(),
                _ => unreachable!(),
            };
            got.sort();
            let mut want: Vec<String> = Vec::new();
            if let Some(ix) = m.indexes.iter().find(|ix| ix.spec == *i) {
                let wanted: HashSet<String> = lookups(*i, where_).into_iter().collect();
                let entries = m.expected_entries(ix);
                for (k, r) in entries {
                    if wanted.contains(&k) && !want.contains(&r) {
                        want.push(r);
                    }
                }
            }
            want.sort();
            check!(
                got == want,
                "find {name} {}: engine {got:?} model {want:?}",
                write(where_)
            );
        }
        Op::SortBy(i) => {
            let name = SPECS[*i].0;
            let Some(ids) = store.sorted_ids(name) else {
                return Ok(());
            };
            for &id in &ids {
                check!(live(store, id), "sortBy returned id {id} of no record");
            }
            // Keys in numeric order (stable), `undefined` last as Array#sort puts it, each
            // key's records in their set's order.
            let key_list = read(&store.index_keys_text(name).unwrap());
            let mut ordinals: Vec<(f64, u32)> = arr(&key_list)
                .iter()
                .enumerate()
                .map(|(o, k)| match k {
                    M::Num(n) => (*n, o as u32),
                    M::Undef => (f64::INFINITY, u32::MAX - o as u32),
                    other => panic!("sorted_ids answered for a non-numeric key {other:?}"),
                })
                .collect();
            ordinals.sort_by(|a, b| {
                a.0.partial_cmp(&b.0)
                    .unwrap()
                    .then((a.1 >= u32::MAX / 2).cmp(&(b.1 >= u32::MAX / 2)))
            });
            let mut want = Vec::new();
            for (_, o) in ordinals {
                let o = if o >= u32::MAX / 2 { u32::MAX - o } else { o };
                want.extend(store.index_ids(name, &[o], false));
            }
            check!(ids == want, "sortBy {name}: {ids:?} != {want:?}");
        }
        Op::Fill(from, count, tmpl) => {
            for i in *from..from + count {
                let mut v = tmpl.clone();
                if let M::Obj(props) = &mut v {
                    props.retain(|(n, _)| n != "name");
                    props.push(("name".into(), M::str(["x", "y", "z"][usize::from(i) % 3])));
                }
                apply(
                    store,
                    m,
                    &Op::Set(Key::num(1000.0 + f64::from(i)), v, true),
                    index_api,
                )?;
            }
        }
        Op::DeleteSome(step, offset, versions) => {
            let doomed: Vec<Key> = m
                .recs
                .iter()
                .filter_map(|(_, k, _)| match k {
                    Key::Num(n)
                        if *n >= 1000.0
                            && (*n as u64 - 1000) % u64::from(*step) == u64::from(*offset) =>
                    {
                        Some(k.clone())
                    }
                    _ => None,
                })
                .collect();
            for k in doomed {
                apply(store, m, &Op::Delete(k, *versions), index_api)?;
            }
        }
        Op::DeleteMany(step, offset, versions, extra) => {
            let mut doomed: Vec<Key> = m
                .recs
                .iter()
                .filter_map(|(_, k, _)| match k {
                    Key::Num(n)
                        if *n >= 1000.0
                            && (*n as u64 - 1000) % u64::from(*step) == u64::from(*offset) =>
                    {
                        Some(k.clone())
                    }
                    _ => None,
                })
                .collect();
            doomed.extend(extra.iter().cloned());
            let texts: Vec<String> = doomed.iter().map(key_text).collect();
            let refused = texts
                .iter()
                .enumerate()
                .any(|(i, t)| m.pos(t).is_none() || texts[..i].contains(t));
            let had: Vec<Option<u32>> = doomed.iter().map(|k| store.id_of(k)).collect();
            let out = store.delete_many(&doomed, *versions);
            if refused {
                check!(
                    out == Err(Error::NotFound),
                    "delete_many of a missing key: {out:?}"
                );
            } else {
                check!(out.is_ok(), "delete_many failed: {out:?}");
                let ids: Vec<Option<u32>> = out.unwrap().into_iter().map(Some).collect();
                check!(
                    ids == had,
                    "delete_many answered ids {ids:?}, the records had {had:?}"
                );
                for t in &texts {
                    let i = m.pos(t).expect("present");
                    m.recs.remove(i);
                    for ix in &mut m.indexes {
                        ix.covered.remove(t);
                    }
                    if *versions {
                        m.versions.retain(|(vt, _)| vt != t);
                    }
                }
            }
        }
        Op::IndexRecord(k, v, only) => {
            let t = key_text(k);
            store
                .index_record(k, &write(v), only.map(spec).as_ref())
                .map_err(|e| TestCaseError::fail(format!("index_record failed: {e}")))?;
            if m.pos(&t).is_some() {
                let list = match only {
                    Some(i) => vec![*i],
                    None => m.specs.clone(),
                };
                for si in list {
                    m.note(si, &t, v);
                }
            }
        }
        Op::UnindexRecord(k, v) => {
            store
                .unindex_record(k, &write(v))
                .map_err(|e| TestCaseError::fail(format!("unindex_record failed: {e}")))?;
        }
        Op::SetSpecs(list) => {
            let mut list = list.clone();
            let mut seen = HashSet::new();
            list.retain(|i| seen.insert(*i));
            store.set_specs(list.iter().map(|&i| spec(i)).collect());
            m.specs = list;
        }
    }
    Ok(())
}

fn run_sequence(ops: &[Op], index_api: bool) -> Result<(), TestCaseError> {
    let (mut store, mut m) = new_store();
    check_state(&store, &m, index_api)?;
    for (n, op) in ops.iter().enumerate() {
        apply(&mut store, &mut m, op, index_api)
            .map_err(|e| TestCaseError::fail(format!("op #{n} {op:?}: {e}")))?;
        check_state(&store, &m, index_api)
            .map_err(|e| TestCaseError::fail(format!("after op #{n} {op:?}: {e}")))?;
    }
    CASES.fetch_add(1, Ordering::Relaxed);
    OPS.fetch_add(ops.len() as u64, Ordering::Relaxed);
    Ok(())
}

fn config() -> ProptestConfig {
    // PROPTEST_CASES (read by proptest) sets the number of cases; 256 by default.
    ProptestConfig {
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Set/merge/replace/delete/clear/override/reindex/drop/clear indexes/versioning/
    /// override('indexes')/find/sortBy against the model, invariants after every op.
    #[test]
    fn engine_matches_model(ops in prop::collection::vec(op_strategy(), 1..60)) {
        run_sequence(&ops, false)?;
    }

    /// haro's index plumbing (`setIndex`/`deleteIndex` with caller data, changing the
    /// `index` list): no index entry may outlive its record or name a record that was never
    /// indexed under it.
    #[test]
    fn index_plumbing_never_dangles(ops in prop::collection::vec(index_api_op_strategy(), 1..40)) {
        run_sequence(&ops, true)?;
    }
}

/// Time-bounded run with fresh random seeds: `PROPS_SECONDS=600 cargo test --release --test
/// props -- --nocapture long_run`. Does nothing (passes at once) without PROPS_SECONDS.
#[test]
fn long_run() {
    let Some(secs) = std::env::var("PROPS_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    let index_api = std::env::var("PROPS_INDEX_API").is_ok_and(|v| v == "1");
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start_cases = CASES.load(Ordering::Relaxed);
    let start_ops = OPS.load(Ordering::Relaxed);
    let t0 = Instant::now();
    let mut rounds = 0;
    while Instant::now() < deadline {
        let mut runner = TestRunner::new(Config {
            cases: 2000,
            failure_persistence: None,
            ..config()
        });
        let strategy = if index_api {
            prop::collection::vec(index_api_op_strategy(), 1..40).boxed()
        } else {
            prop::collection::vec(op_strategy(), 1..60).boxed()
        };
        let result = runner.run(&strategy, |ops| run_sequence(&ops, index_api));
        rounds += 1;
        if let Err(e) = result {
            panic!(
                "after {} cases: {e}",
                CASES.load(Ordering::Relaxed) - start_cases
            );
        }
    }
    let cases = CASES.load(Ordering::Relaxed) - start_cases;
    let ops = OPS.load(Ordering::Relaxed) - start_ops;
    eprintln!(
        "long_run: {cases} cases ({ops} operations) in {:.0} s, {rounds} rounds of fresh seeds, no failure",
        t0.elapsed().as_secs_f64()
    );
}

// ---- fixed regressions ---------------------------------------------------------------------

fn k(x: &str) -> Key {
    skey(x)
}

/// Regression (found here, since fixed): `index_record` (haro's `setIndex(key, data)`) puts a record under a value
/// it does not hold; `delete` takes it out only under the values it holds, so the index
/// keeps the dead id, and a later record reusing the slot is found under a value it never had.
#[test]
fn setindex_then_delete_leaves_no_dangling_id() {
    let mut st = Store::new();
    st.set_specs(vec![spec(0)]);
    st.reindex(None).unwrap();
    st.set(k("a"), r#"{"name":"x"}"#.into(), true).unwrap();
    st.index_record(&k("a"), r#"{"name":"zzz"}"#, None).unwrap();
    st.delete(&k("a"), true).unwrap();
    let name: Vec<Box<str>> = vec![s("name")];
    let w = parse(r#"{"name":"zzz"}"#).unwrap();
    for id in st.find("name", &name, &w) {
        assert!(live(&st, id), "find answered the dead id {id}");
    }
    st.set(k("c"), r#"{"name":"q"}"#.into(), true).unwrap();
    let found = st.keys_text(Some(&st.find("name", &name, &w)));
    assert!(
        !found.contains("\"c\""),
        "record c (name q) found under name zzz: {found}"
    );
}

/// `records_text` must stay `[id, key, record, …]` valid JSON even if asked for a dead id.
#[test]
fn records_text_is_valid_json_with_a_dead_id_first() {
    let mut st = Store::new();
    st.set(k("a"), "{}".into(), true).unwrap();
    st.set(k("b"), "{}".into(), true).unwrap();
    let dead = st.get(&k("a")).unwrap().0;
    let alive = st.get(&k("b")).unwrap().0;
    st.delete(&k("a"), true).unwrap();
    let text = st.records_text(&[dead, alive]);
    assert!(parse(&text).is_ok(), "not JSON: {text}");
}

/// Merging a million properties must not be quadratic (haro's JS merge is linear).
#[test]
fn merge_of_many_properties_is_not_quadratic() {
    let n = 10_000;
    let mut st = Store::new();
    st.set(k("a"), r#"{"id":"a"}"#.into(), true).unwrap();
    let mut big = String::from("{");
    for i in 0..n {
        if i > 0 {
            big.push(',');
        }
        big.push_str(&format!("\"p{i}\":{i}"));
    }
    big.push('}');
    let t = Instant::now();
    st.set(k("a"), big, false).unwrap();
    let el = t.elapsed();
    // Linear work on 10k properties takes a few ms (debug build); quadratic takes seconds.
    assert!(
        el < Duration::from_millis(300),
        "merging {n} properties took {el:?}"
    );
}

/// Text nested 100,000 levels deep is refused by every entry point that reads it, without
/// overflowing the stack (the binding runs on Node's main thread, whose stack is not large).
#[test]
fn deep_text_is_refused_without_stack_overflow() {
    std::thread::Builder::new()
        // 512 levels need 128-256 KB of stack in release, 1-2 MB in debug; 4 MB is what a
        // Node worker thread has by default.
        .stack_size(4 * 1024 * 1024)
        .spawn(|| {
            let n = 100_000;
            let arr = format!("{{\"d\":{}{}}}", "[".repeat(n), "]".repeat(n));
            let obj = format!("{{\"d\":{}1{}}}", "{\"c\":".repeat(n), "}".repeat(n));
            let mut st = Store::new();
            st.set_specs(vec![spec(0), spec(3)]);
            st.reindex(None).unwrap();
            st.set(skey("a"), r#"{"name":"x"}"#.into(), true).unwrap();
            for text in [&arr, &obj] {
                assert!(parse(text).is_err());
                assert!(st.set(skey("k"), text.clone(), true).is_err());
                assert!(st.set(skey("a"), text.clone(), false).is_err(), "merge");
                assert!(st
                    .override_records(vec![(skey("k"), text.clone())])
                    .is_err());
                assert!(st.index_record(&skey("a"), text, None).is_err());
            }
            assert_eq!(st.len(), 1);
            assert_eq!(st.keys_text(None), r#"["a"]"#);
            // Past the last indexed field (name, meta) a set reads no further
            // (value::read_fields): the deep text is stored as it is, and what parses it
            // whole (a merge) refuses it, still without overflowing.
            let late = format!(
                "{{\"name\":\"y\",\"meta\":1,\"d\":{}{}}}",
                "[".repeat(n),
                "]".repeat(n)
            );
            st.set(skey("late"), late.clone(), true).unwrap();
            assert!(st.records_text(&[st.id_of(&skey("late")).unwrap()]).len() > n);
            assert!(
                st.set(skey("late"), r#"{"more":1}"#.into(), false).is_err(),
                "merge"
            );
            st.check_invariants().unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
}
