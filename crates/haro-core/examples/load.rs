//! What an indexed write costs the engine: `Store::set` of 100,000 texts shaped like the
//! benchmark's records (bench/data.mjs) into an empty store with no index, and with the
//! benchmark's write indexes (`name`, `dept`, `age`, `dept|city`), then `Store::delete` of
//! every key in a shuffled order; best of 5.
//!
//!     cargo run --release -p haro-core --example load

use std::time::Instant;

use haro_core::{Key, Store};

#[path = "parse.rs"]
#[allow(dead_code)]
mod parse;

fn main() {
    let texts: Vec<String> = (0..100_000).map(parse::record).collect();
    let keys: Vec<Key> = (0..texts.len())
        .map(|i| Key::Str(format!("u{i:07}").into()))
        .collect();
    // A fixed shuffle (a stride prime to the count): deletes land all over each set.
    let order: Vec<usize> = (0..keys.len()).map(|i| i * 7919 % keys.len()).collect();
    for specs in [vec![], vec!["name", "dept", "age", "dept|city"]] {
        let (mut set, mut delete) = (f64::MAX, f64::MAX);
        for _ in 0..5 {
            let mut s = Store::default();
            s.set_delimiter("|");
            s.set_specs(specs.iter().map(|n| parse::spec(n)).collect());
            s.reindex(None).unwrap();
            set = set.min(parse::set_all(&mut s, &keys, &texts));
            let t = Instant::now();
            for &i in &order {
                s.delete(&keys[i], false).unwrap();
            }
            delete = delete.min(t.elapsed().as_nanos() as f64);
        }
        let n = texts.len() as f64;
        println!(
            "indexes {specs:?}: set {:.0} ns, delete {:.0} ns a record",
            set / n,
            delete / n
        );
    }
}
