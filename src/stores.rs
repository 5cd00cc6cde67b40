//! The stores of this thread, by number. Calls name a store by a `u32` rather than an
//! `External`: napi-rs checks an External's type tag on every call, which measured
//! ~150 ns a call, more than the work of a `has`. An External still owns its store (its
//! `Slot`, `binding::Owner`): when JS collects it, the store is freed. Each thread (each
//! worker) has its own table, as each has its own JS objects.

use std::cell::RefCell;
use std::sync::Arc;

use napi::{sys, Error, Result, Status};

use crate::core::Store;
use crate::ingest::{self, Done, Work};

struct Table {
    stores: Vec<Option<Box<Store>>>,
    /// Bytes accounted to each store, for V8 (`napi_adjust_external_memory`).
    reported: Vec<i64>,
    free: Vec<u32>,
    /// Bytes accounted to stores (`reported`) but not yet told to V8.
    untold: i64,
    /// This thread's env, to give the reported bytes back when a store is freed.
    env: sys::napi_env,
    /// The chunk the ingest thread is setting (`later`), if any.
    pending: Option<Pending>,
    /// Chunks set off this thread whose write has not collected them yet (`collect`).
    finished: Vec<Finished>,
    /// The thread that sets them.
    ingest: ingest::Thread,
}

/// A chunk under way: into store `store`, its records from `start` of its write's ids.
struct Pending {
    store: u32,
    start: usize,
    done: Arc<Done>,
}

struct Finished {
    store: u32,
    start: usize,
    outcome: ingest::Outcome,
}

/// Account a store's memory when it has moved by this much since last accounted.
const REPORT_STEP: i64 = 1 << 20;
/// Tell V8 of growth over all stores in steps this big. V8 answers every 64 MiB of external
/// growth with a full mark of its heap, which frees nothing while the store lives: loading
/// 1M records beside the caller's 1M objects took 1.3-1.9x as long that way (six full
/// collections). What this leaves V8 unaware of, dropped stores waiting on a collection,
/// stays below this step. Shrinking is told at once.
const TELL_STEP: i64 = 512 << 20;

thread_local! {
    static TABLE: RefCell<Table> = const {
        RefCell::new(Table {
            stores: Vec::new(),
            reported: Vec::new(),
            free: Vec::new(),
            untold: 0,
            env: std::ptr::null_mut(),
            pending: None,
            finished: Vec::new(),
            ingest: ingest::Thread::none(),
        })
    };
}

impl Drop for Table {
    // (a worker thread ending: its stores go with the table, after the chunk under way)
    fn drop(&mut self) {
        self.settle();
    }
}

impl Table {
    /// Waits for the chunk under way, if any: no store is touched while one is written.
    fn settle(&mut self) {
        if let Some(p) = self.pending.take() {
            let outcome = p.done.wait();
            self.finished.push(Finished {
                store: p.store,
                start: p.start,
                outcome,
            });
        }
    }

    /// Accounts `change` bytes; what V8 should be told now (0: nothing yet).
    fn account(&mut self, change: i64) -> i64 {
        self.untold += change;
        if self.untold >= TELL_STEP || self.untold < 0 {
            std::mem::take(&mut self.untold)
        } else {
            0
        }
    }
}

/// Owns one store of the table.
pub struct Slot(u32);

impl Slot {
    pub fn new(env: sys::napi_env) -> Slot {
        TABLE.with(|t| {
            let mut t = t.borrow_mut();
            t.env = env;
            t.settle();
            let store = Some(Box::new(Store::new()));
            match t.free.pop() {
                Some(id) => {
                    t.stores[id as usize] = store;
                    t.reported[id as usize] = 0;
                    Slot(id)
                }
                None => {
                    t.stores.push(store);
                    t.reported.push(0);
                    Slot((t.stores.len() - 1) as u32)
                }
            }
        })
    }

    pub fn id(&self) -> u32 {
        self.0
    }

    /// Gives up ownership as the slot number, for `from_raw` to take back (an N-API External
    /// holds it between).
    pub fn into_raw(self) -> u32 {
        let id = self.0;
        std::mem::forget(self);
        id
    }

    /// The Slot `into_raw` gave up.
    ///
    /// # Safety
    /// `id` comes from `into_raw`, and is taken back once.
    pub unsafe fn from_raw(id: u32) -> Slot {
        Slot(id)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // During thread teardown the table may be gone already, and the store with it.
        let _ = TABLE.try_with(|t| {
            let mut t = t.borrow_mut();
            t.settle();
            t.finished.retain(|f| f.store != self.0);
            let dropped = t.stores.get_mut(self.0 as usize).and_then(Option::take);
            let reported = std::mem::take(&mut t.reported[self.0 as usize]);
            t.free.push(self.0);
            let env = t.env;
            let tell = t.account(-reported);
            drop(t);
            // A store is freed off the JS thread: a finalizer runs inside a GC pause.
            if let Some(store) = dropped {
                let records = store.len();
                crate::binding::free_later(store, records);
            }
            if tell != 0 && !env.is_null() {
                let mut total = 0;
                // SAFETY: finalizers run on the env's own thread; adjusting the external
                // memory figure touches no JS object.
                unsafe { sys::napi_adjust_external_memory(env, tell, &mut total) };
            }
        });
    }
}

/// Tells V8 how much memory store `id` holds, when that moved by a step since last told,
/// so that its collector weighs what dropping the store would free.
pub fn report(env: sys::napi_env, id: u32) {
    let change = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        t.settle();
        let bytes = match t.stores.get(id as usize).and_then(Option::as_deref) {
            Some(store) => store.approx_bytes() as i64,
            None => return 0,
        };
        let reported = &mut t.reported[id as usize];
        let change = bytes - *reported;
        if change.abs() < REPORT_STEP {
            return 0;
        }
        *reported = bytes;
        t.account(change)
    });
    if change != 0 {
        let mut total = 0;
        // SAFETY: called from a binding function, on the env's thread.
        unsafe { sys::napi_adjust_external_memory(env, change, &mut total) };
    }
}

/// The bytes accounted to store `id` (within `REPORT_STEP` of `approx_bytes`); V8 hears of
/// them in `TELL_STEP`s over all stores.
pub fn reported(id: u32) -> i64 {
    TABLE.with(|t| t.borrow().reported.get(id as usize).copied().unwrap_or(0))
}

/// The store numbered `id`.
///
/// The reference outlives the table borrow: stores are boxed, so growing the table does not
/// move them, and a store is only freed by its Slot's finalizer, which JS cannot run while
/// one of these calls (made with the store's owner alive) is under way. No call re-enters
/// another, so no two references to one store are live at once (`with_two` holds references
/// to two stores at once, and refuses to when they are one).
pub fn get(id: u32) -> Result<&'static mut Store> {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        t.settle();
        match t.stores.get_mut(id as usize).and_then(Option::as_deref_mut) {
            Some(store) => Ok(unsafe { &mut *(store as *mut Store) }),
            None => Err(freed()),
        }
    })
}

fn freed() -> Error {
    Error::new(Status::InvalidArg, "this store was freed")
}

/// Waits for the chunk under way and hands store `id`'s finished chunk to its write: its
/// ids go into `ids` (the write's array, the chunk's from where it started); false when
/// the chunk stopped at a record the engine refused (the ids after it are `UNSENT`).
pub fn collect(id: u32, ids: &mut [u32]) -> Result<bool> {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        t.settle();
        let Some(i) = t.finished.iter().position(|f| f.store == id) else {
            return Ok(true);
        };
        let f = &t.finished[i];
        // (checked before it is taken: an error leaves it for a call that can take it)
        let to = ids
            .get_mut(f.start..f.start + f.outcome.ids.len())
            .ok_or_else(|| Error::new(Status::InvalidArg, "bad set chunk: ids past the array"))?;
        to.copy_from_slice(&f.outcome.ids);
        Ok(t.finished.swap_remove(i).outcome.ok)
    })
}

/// Has the ingest thread set a chunk of `records` records into store `id` (`work`); its ids
/// are for its write's array from `start`. Called with nothing of `id`'s left to collect.
pub fn later(id: u32, start: usize, records: usize, work: Work) -> Result<()> {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        t.settle();
        let store = t
            .stores
            .get_mut(id as usize)
            .and_then(Option::as_deref_mut)
            .ok_or_else(freed)? as *mut Store;
        let done = t.ingest.start(store, records, work);
        t.pending = Some(Pending {
            store: id,
            start,
            done,
        });
        Ok(())
    })
}
