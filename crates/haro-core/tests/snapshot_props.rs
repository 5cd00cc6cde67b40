//! Property tests of snapshots (`haro_core::snapshot`): arbitrary bytes never make the
//! reader panic or build an inconsistent store, and random stores round-trip. The long run
//! is the `cargo fuzz` target in fuzz/ (see README, "Persistence").

use haro_core::snapshot::{decode, encode, reseal, Header, FORMAT_VERSION, MAGIC};
use haro_core::{escape_str, IndexSpec, Key, Store};
use proptest::prelude::*;

fn spec(n: &str) -> IndexSpec {
    IndexSpec {
        name: n.into(),
        fields: vec![n.into()],
        composite: false,
    }
}

fn template() -> Store {
    let mut s = Store::new();
    s.pack_from(0);
    s.set_specs(vec![spec("a"), spec("b")]);
    s
}

/// Decodes `b`, builds a store when it decodes, and deletes every record of it: none of
/// which may panic.
fn feed(b: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(snap) = decode(b) {
        if let Ok(mut store) = snap.into_store(&template()) {
            // Indexes read from a file are trusted as far as its checksum goes: a forged
            // one may disagree with the records, but nothing may panic on it.
            let _ = store.check_invariants();
            let keys: Vec<Key> = store.entries().map(|(k, _)| k.to_key()).collect();
            for k in keys {
                prop_assert!(store.delete(&k, true).is_ok());
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Op {
    Set(u8, u8, bool),
    Delete(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..24, any::<u8>(), any::<bool>()).prop_map(|(k, v, r)| Op::Set(k, v, r)),
        (0u8..24).prop_map(Op::Delete),
    ]
}

fn key(k: u8) -> Key {
    if k.is_multiple_of(2) {
        Key::num(f64::from(k))
    } else {
        Key::Str(escape_str(&format!("k\"{k}\n")))
    }
}

fn dump(s: &Store) -> Vec<String> {
    let mut out: Vec<String> = s.entries().map(|(k, t)| format!("{k:?}={t}")).collect();
    out.extend(s.histories().map(|(k, v)| format!("{k:?}:{v:?}")));
    out.push(s.indexes_text(None));
    out
}

proptest! {
    #[test]
    fn arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        feed(&b)?;
    }

    #[test]
    fn arbitrary_bytes_behind_valid_checksums(b in proptest::collection::vec(any::<u8>(), 12..512)) {
        let mut b = b;
        b[..8].copy_from_slice(MAGIC);
        b[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        reseal(&mut b);
        feed(&b)?;
    }

    #[test]
    fn damaged_snapshots(ops in proptest::collection::vec(op(), 0..40), at in any::<usize>(), bit in 0u8..8, cut in any::<bool>()) {
        let mut s = template();
        s.versioning = true;
        // As the facade's constructor does: every listed index exists, empty.
        s.reindex(None).unwrap();
        for o in ops {
            match o {
                Op::Set(k, v, r) => {
                    let text = format!("{{\"a\":{},\"b\":\"{}\"}}", v % 5, v % 3);
                    s.set(key(k), text, r).unwrap();
                }
                Op::Delete(k) => {
                    let _ = s.delete(&key(k), k.is_multiple_of(3));
                }
            }
        }
        let mut b = Vec::new();
        encode(&mut b, &Header::default(), &s).unwrap();
        // Whole: the same records, histories and indexes (carried as they were).
        let loaded = decode(&b).unwrap().into_store(&s).unwrap();
        prop_assert_eq!(dump(&loaded), dump(&s));
        prop_assert_eq!(loaded.check_invariants(), Ok(()));
        // Damaged: refused.
        let at = at % b.len();
        if cut {
            b.truncate(at);
        } else {
            b[at] ^= 1 << bit;
        }
        prop_assert!(decode(&b).is_err());
    }
}
