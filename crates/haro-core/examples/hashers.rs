//! Why the engine keeps hashbrown's default hasher (foldhash) rather than ahash: insert and
//! lookup of string keys like a store's, at 10k and 1M keys, best of 7.
//!
//!     cargo run --release -p haro-core --example hashers

use std::hash::BuildHasher;
use std::time::Instant;

fn run<S: BuildHasher + Default>(name: &str, keys: &[String], probes: &[usize]) {
    let (mut insert, mut lookup) = (f64::MAX, f64::MAX);
    for _ in 0..7 {
        let t0 = Instant::now();
        let mut m: hashbrown::HashMap<&str, u32, S> = hashbrown::HashMap::with_hasher(S::default());
        for (i, k) in keys.iter().enumerate() {
            m.insert(k.as_str(), i as u32);
        }
        let t1 = Instant::now();
        let mut sum = 0u64;
        for &p in probes {
            sum += u64::from(m[keys[p].as_str()]);
        }
        let t2 = Instant::now();
        std::hint::black_box(sum);
        insert = insert.min((t1 - t0).as_nanos() as f64 / keys.len() as f64);
        lookup = lookup.min((t2 - t1).as_nanos() as f64 / probes.len() as f64);
    }
    println!("{name:9} insert {insert:6.1} ns  lookup {lookup:6.1} ns");
}

fn main() {
    for n in [10_000usize, 1_000_000] {
        let keys: Vec<String> = (0..n)
            .map(|i| format!("user-{:08x}-{}", i.wrapping_mul(2_654_435_761), i % 97))
            .collect();
        let mut x = 12_345u64;
        let probes: Vec<usize> = (0..1_000_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % n as u64) as usize
            })
            .collect();
        println!("{n} keys");
        run::<hashbrown::DefaultHashBuilder>("foldhash", &keys, &probes);
        run::<ahash::RandomState>("ahash", &keys, &probes);
        run::<std::collections::hash_map::RandomState>("siphash", &keys, &probes);
    }
}
