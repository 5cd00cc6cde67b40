//! What an indexed write costs the engine: `Store::set` of 100,000 texts shaped like the
//! benchmark's records (bench/data.mjs) into an empty store with no index, and with the
//! benchmark's write indexes (`name`, `dept`, `age`, `dept|city`), best of 5.
//!
//!     cargo run --release -p haro-core --example load

use std::time::Instant;

use haro_core::{IndexSpec, Key, Store};

#[path = "parse.rs"]
#[allow(dead_code)]
mod parse;

fn spec(name: &str) -> IndexSpec {
    let fields: Vec<Box<str>> = name.split('|').map(Box::from).collect();
    IndexSpec {
        name: Box::from(name),
        composite: fields.len() > 1,
        fields,
    }
}

fn main() {
    let texts: Vec<String> = (0..100_000).map(parse::record).collect();
    for specs in [vec![], vec!["name", "dept", "age", "dept|city"]] {
        let ns = (0..5)
            .map(|_| {
                let mut s = Store::default();
                s.set_delimiter("|");
                s.set_specs(specs.iter().map(|n| spec(n)).collect());
                s.reindex(None).unwrap();
                let t = Instant::now();
                for (i, text) in texts.iter().enumerate() {
                    s.set(Key::Str(format!("u{i:07}").into()), text.clone(), true)
                        .unwrap();
                }
                t.elapsed().as_nanos() as f64 / texts.len() as f64
            })
            .fold(f64::MAX, f64::min);
        println!("set, indexes {specs:?}: {ns:.0} ns a record");
    }
}
