//! Why an index's posting lists are `IdSet` (one id inline, else a boxed list searched in
//! halves while its ids ascend, with a position map past that) rather than smallvec's `SmallVec<[u32; 2]>` or a plain `Vec<u32>`: the
//! heap bytes each layout takes, counted by the allocator, for 1M keys of one record each
//! (a unique field: `id`, `email`) and for 20 keys of 50,000 records each (`dept`), what
//! taking 10,000 records out of them costs (every `delete` and `set` of a stored record does
//! that in each index it is in), and the heap bytes after (`IdSet` builds a position map
//! only for a big set whose ids no longer ascend).
//!
//!     cargo run --release -p haro-core --example postings

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use haro_core::IdSet;
use smallvec::SmallVec;

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        COUNT.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        COUNT.fetch_sub(1, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// What the three layouts do with ids.
trait Postings: Sized {
    fn one(id: u32) -> Self;
    fn add(&mut self, id: u32);
    fn take(&mut self, id: u32);
}

impl Postings for IdSet {
    fn one(id: u32) -> Self {
        IdSet::from_ids(vec![id])
    }
    fn add(&mut self, id: u32) {
        self.insert(id);
    }
    fn take(&mut self, id: u32) {
        self.remove(id);
    }
}

/// A plain list of ids: a linear search for each add (a `Set` keeps one of each) and each
/// removal.
macro_rules! linear {
    ($list:ty, $one:expr) => {
        impl Postings for $list {
            fn one(id: u32) -> Self {
                $one(id)
            }
            fn add(&mut self, id: u32) {
                if !self.contains(&id) {
                    self.push(id);
                }
            }
            fn take(&mut self, id: u32) {
                if let Some(i) = self.iter().position(|&x| x == id) {
                    self.remove(i);
                }
            }
        }
    };
}

linear!(SmallVec<[u32; 2]>, |id| smallvec::smallvec![id]);
linear!(Vec<u32>, |id| vec![id]);

/// Heap bytes (as asked of the allocator, which adds its own header and rounding to each
/// allocation) and allocations of `keys` keys holding `per` ids each (ids in insertion
/// order, as a load adds them), and the time to take 10,000 ids out of them.
fn run<P: Postings>(name: &str, keys: u32, per: u32) {
    let (before, count) = (LIVE.load(Ordering::Relaxed), COUNT.load(Ordering::Relaxed));
    let mut sets: Vec<P> = (0..keys).map(P::one).collect();
    for id in keys..keys * per {
        sets[(id % keys) as usize].add(id);
    }
    let bytes = LIVE.load(Ordering::Relaxed) - before;
    let allocations = COUNT.load(Ordering::Relaxed) - count;
    let t = Instant::now();
    // A stride prime to `keys`: the removals fall on every key, not on one.
    let stride = (keys * per / 10_000).max(1) | 1;
    let stride = if keys.is_multiple_of(stride) {
        stride + 2
    } else {
        stride
    };
    for id in (0..keys * per).step_by(stride as usize).take(10_000) {
        sets[(id % keys) as usize].take(id);
    }
    let removal = t.elapsed().as_nanos() as f64 / 10_000.0;
    let after = LIVE.load(Ordering::Relaxed) - before;
    println!(
        "{name:<18} {keys:>9} keys x {per:>6}: {:>5.1} MB in {allocations:>7} allocations, {:>4.1} bytes an id; removal {removal:>6.0} ns; {:>5.1} MB after",
        bytes as f64 / 1e6,
        bytes as f64 / f64::from(keys * per),
        after as f64 / 1e6
    );
    drop(sets);
}

fn main() {
    for (keys, per) in [(1_000_000, 1), (20, 50_000)] {
        run::<IdSet>("IdSet", keys, per);
        run::<SmallVec<[u32; 2]>>("SmallVec<[u32; 2]>", keys, per);
        run::<Vec<u32>>("Vec<u32>", keys, per);
    }
}
