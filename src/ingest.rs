//! Set chunks applied off the JS thread. A bulk write encodes its records a chunk at a time
//! (`JSON.stringify`, on the JS thread); the engine's part of a chunk (cutting the text,
//! parsing, packing, indexing) is about as long. So while JS encodes chunk k+1, one
//! long-lived thread sets chunk k: the two halves overlap.
//!
//! At most one chunk per JS thread is under way (`stores`' table keeps it): every call that
//! reaches a store first waits for it (`stores::get`), so no JS call ever sees a store
//! half-written, or one a chunk is still being written into.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

use crate::core::Store;

/// An id the engine did not write (`UNSENT` in lib/engine.js): the record was not set.
pub const UNSENT: u32 = u32::MAX;

/// The engine's part of one chunk: sets its records into the store, their ids into the
/// slice (as many as the chunk has records); false when it stopped at a record it refused.
pub type Work = Box<dyn FnOnce(&mut Store, &mut [u32]) -> bool + Send>;

/// What a chunk came to: the ids it wrote (`UNSENT` past a refused record), and whether
/// every record was set.
pub struct Outcome {
    pub ids: Vec<u32>,
    pub ok: bool,
}

/// Where the JS thread waits for a chunk's `Outcome`.
#[derive(Default)]
pub struct Done {
    out: Mutex<Option<Outcome>>,
    ready: Condvar,
}

impl Done {
    fn finish(&self, outcome: Outcome) {
        *self.out.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
        self.ready.notify_one();
    }

    pub fn wait(&self) -> Outcome {
        let mut out = self.out.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(outcome) = out.take() {
                return outcome;
            }
            out = self.ready.wait(out).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A store the JS thread hands over while a chunk is set into it.
struct StorePtr(*mut Store);

// SAFETY: the JS thread makes no reference to the store until it has waited for the chunk
// (`stores::get` settles first), and the store outlives the wait (its owner, the store's
// JS object, is held by the write under way; a finalizer of it settles first too).
unsafe impl Send for StorePtr {}

// The engine holds no thread-bound state (no `Rc`, no thread-locals): it may be written
// from the ingest thread.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Store>();
};

struct Job {
    store: StorePtr,
    records: usize,
    work: Work,
    done: Arc<Done>,
}

impl Job {
    fn run(self) {
        let Job {
            store,
            records,
            work,
            done,
        } = self;
        let mut ids = vec![UNSENT; records];
        // SAFETY: see `StorePtr`.
        let store = unsafe { &mut *store.0 };
        // (a fresh thread's stack is its own, but a record may nest deep: as `binding::deep`)
        let ok = catch_unwind(AssertUnwindSafe(|| {
            stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || work(store, &mut ids))
        }))
        .unwrap_or(false);
        done.finish(Outcome { ids, ok });
    }
}

static QUEUE: OnceLock<Option<Sender<Job>>> = OnceLock::new();

/// The ingest thread's queue; none with one CPU (nothing would overlap) or when
/// `HARO_RS_INGEST=0` (every chunk is then set on the JS thread, as before).
fn queue() -> Option<&'static Sender<Job>> {
    QUEUE
        .get_or_init(|| {
            if std::env::var_os("HARO_RS_INGEST").is_some_and(|v| v == "0") {
                return None;
            }
            if std::thread::available_parallelism().map_or(true, |n| n.get() < 2) {
                return None;
            }
            let (tx, rx) = mpsc::channel::<Job>();
            std::thread::Builder::new()
                .name("haro-rs ingest".into())
                .spawn(move || {
                    for job in rx {
                        job.run();
                    }
                })
                .ok()?;
            Some(tx)
        })
        .as_ref()
}

/// Whether chunks can be set off the JS thread.
pub fn available() -> bool {
    queue().is_some()
}

/// Starts `work` on `store` (`records` of them); its `Done` tells when it is over. Without
/// the thread (or if it is gone), the work runs here and is over on return.
pub fn start(store: *mut Store, records: usize, work: Work) -> Arc<Done> {
    let done = Arc::new(Done::default());
    let job = Job {
        store: StorePtr(store),
        records,
        work,
        done: done.clone(),
    };
    let refused = match queue() {
        Some(tx) => tx.send(job).err().map(|e| e.0),
        None => Some(job),
    };
    if let Some(job) = refused {
        job.run();
    }
    done
}
