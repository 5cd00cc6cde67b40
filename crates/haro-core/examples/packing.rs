//! What packing (`shape.rs`) costs and saves: `Store::set` of 300,000 texts shaped like the
//! benchmark's records into a store that packs every record and into one that packs none,
//! then `records_text` of every record (256 ids a call, as the facade reads); best of 3.
//!
//!     cargo run --release -p haro-core --example packing

use std::time::Instant;

use haro_core::{Key, Store};

#[path = "parse.rs"]
#[allow(dead_code)]
mod parse;

fn main() {
    const N: usize = 300_000;
    let texts: Vec<String> = (0..N as u64).map(parse::record).collect();
    let keys: Vec<Key> = (0..N)
        .map(|i| Key::Str(format!("u{i:07}").into()))
        .collect();
    for (name, from) in [("texts", usize::MAX), ("packed", 0)] {
        let (mut set, mut read, mut bytes) = (f64::MAX, f64::MAX, 0);
        for _ in 0..3 {
            let mut s = Store::new();
            s.pack_from(from);
            set = set.min(parse::set_all(&mut s, &keys, &texts) / N as f64);
            let ids: Vec<u32> = s.ids().collect();
            let t = Instant::now();
            let out: usize = ids.chunks(256).map(|c| s.records_text(c).len()).sum();
            read = read.min(t.elapsed().as_nanos() as f64 / N as f64);
            assert!(out > N * 200);
            bytes = s.stats().record_bytes;
        }
        println!(
            "{name}: set {set:.0} ns, records_text {read:.0} ns a record; {:.0} bytes a record counted",
            bytes as f64 / N as f64
        );
    }
}
