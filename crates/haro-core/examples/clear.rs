//! What a cold `clear` of an indexed store costs the engine: 10,000 of the benchmark's
//! records under its write indexes (`name`, `dept`, `age`, `dept|city`), the caches then
//! flushed (64 MB written), as a `clear` called once finds them; `clear` then `reindex()`
//! against `clear_reindexed`, which empties the listed indexes where they stand. What was
//! taken out is dropped after the clock stops (the binding frees it on another thread).
//! Median of 15.
//!
//!     cargo run --release -p haro-core --example clear

use std::time::{Duration, Instant};

use haro_core::{Key, Store};

#[path = "parse.rs"]
#[allow(dead_code)]
mod parse;

fn flush_caches() {
    let mut junk = vec![1u8; 64 << 20];
    for i in (0..junk.len()).step_by(64) {
        junk[i] = junk[i].wrapping_add(i as u8);
    }
    std::hint::black_box(&junk);
}

fn main() {
    let texts: Vec<String> = (0..10_000).map(parse::record).collect();
    let keys: Vec<Key> = (0..texts.len())
        .map(|i| Key::Str(format!("u{i:07}").into()))
        .collect();
    let mut times: [Vec<Duration>; 2] = Default::default();
    for round in 0..30 {
        let mut s = Store::default();
        s.set_delimiter("|");
        s.set_specs(
            ["name", "dept", "age", "dept|city"]
                .iter()
                .map(|n| parse::spec(n))
                .collect(),
        );
        s.reindex(None).unwrap();
        parse::set_all(&mut s, &keys, &texts);
        flush_caches();
        let t = Instant::now();
        let taken = if round % 2 == 0 {
            let taken = s.clear();
            s.reindex(None).unwrap();
            taken
        } else {
            s.clear_reindexed().unwrap()
        };
        times[round % 2].push(t.elapsed());
        drop(taken);
    }
    for (name, mut t) in ["clear + reindex", "clear_reindexed"]
        .into_iter()
        .zip(times)
    {
        t.sort();
        println!("{name:>16}: {:?}", t[t.len() / 2]);
    }
}
