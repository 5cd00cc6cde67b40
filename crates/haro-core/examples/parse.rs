//! What reading a record's text costs the engine: `parse_fields` of one and of four
//! top-level fields (what an indexed write reads) and a full `parse` (a merge), over 10,000
//! texts shaped like the benchmark's records (bench/data.mjs: ten fields, a tags array, a
//! nested meta object), best of 25. serde_json on the same texts, for the choice of parser:
//! its top level as borrowed raw values (what `parse_fields` does: every field found, none
//! built) and its whole `Value` tree (what `parse` builds).
//!
//!     cargo run --release -p haro-core --example parse

use std::collections::HashMap;
use std::time::Instant;

use serde_json::value::RawValue;

/// Sets every text under its key into `s`, replacing; answers the ns it took. The copies
/// `set` takes are made before the clock starts, as the binding makes them (with room for
/// the key) as it reads each record from JS.
pub fn set_all(s: &mut haro_core::Store, keys: &[haro_core::Key], texts: &[String]) -> f64 {
    let items: Vec<_> = keys
        .iter()
        .zip(texts)
        .map(|(k, t)| (k.clone(), haro_core::Store::owned_text(k, t)))
        .collect();
    let t = Instant::now();
    for (key, text) in items {
        s.set(key, text, true).unwrap();
    }
    t.elapsed().as_nanos() as f64
}

/// An index spec as the binding makes one from its name (`a|b`: a composite).
#[allow(dead_code)] // (the other examples' helper)
pub fn spec(name: &str) -> haro_core::IndexSpec {
    let fields: Vec<Box<str>> = name.split('|').map(Box::from).collect();
    haro_core::IndexSpec {
        name: Box::from(name),
        composite: fields.len() > 1,
        fields,
    }
}

pub fn record(i: u64) -> String {
    const FIRST: [&str; 8] = ["Ada", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana"];
    const LAST: [&str; 6] = ["Lovelace", "Smith", "Okafor", "Ng", "Ivanova", "Garcia"];
    const DEPTS: [&str; 5] = ["eng", "ops", "sales", "support", "finance"];
    const CITIES: [&str; 4] = ["Lisbon", "Osaka", "Toronto", "Nairobi"];
    const TAGS: [&str; 10] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 7;
    let (f, l) = (FIRST[(x % 8) as usize], LAST[(x / 8 % 6) as usize]);
    format!(
        concat!(
            r#"{{"id":"u{:07}","name":"{} {}","email":"{}.{}{}@example.com","age":{},"#,
            r#""dept":"{}","city":"{}","active":{},"tags":["{}","{}"],"score":{}.{:02},"#,
            r#""meta":{{"created":"2024-0{}-1{}T10:20:30.123Z","visits":{},"source":"web","verified":{}}}}}"#
        ),
        i,
        f,
        l,
        f.to_lowercase(),
        l.to_lowercase(),
        i,
        18 + x % 62,
        DEPTS[(x / 3 % 5) as usize],
        CITIES[(x / 5 % 4) as usize],
        x % 10 < 7,
        TAGS[(x % 10) as usize],
        TAGS[(x / 10 % 10) as usize],
        x % 1000,
        x % 100,
        1 + x % 9,
        x % 10,
        x % 500,
        x.is_multiple_of(2)
    )
}

fn best(f: impl Fn()) -> f64 {
    (0..25)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_nanos() as f64
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let texts: Vec<String> = (0..10_000).map(record).collect();
    let n = texts.len() as f64;
    for names in [&["name"][..], &["name", "dept", "age", "city"][..]] {
        let ns = best(|| {
            for t in &texts {
                std::hint::black_box(haro_core::parse_fields(t, names).unwrap());
            }
        });
        println!("parse_fields {names:?}: {:.0} ns a record", ns / n);
    }
    let ns = best(|| {
        for t in &texts {
            std::hint::black_box(haro_core::parse(t).unwrap());
        }
    });
    println!("parse: {:.0} ns a record", ns / n);
    let ns = best(|| {
        for t in &texts {
            std::hint::black_box(serde_json::from_str::<HashMap<&str, &RawValue>>(t).unwrap());
        }
    });
    println!(
        "serde_json, top level as borrowed raw values: {:.0} ns a record",
        ns / n
    );
    let ns = best(|| {
        for t in &texts {
            std::hint::black_box(serde_json::from_str::<serde_json::Value>(t).unwrap());
        }
    });
    println!("serde_json, Value: {:.0} ns a record", ns / n);
}
