//! Set chunks applied off the JS thread. A bulk write encodes its records a chunk at a time
//! (`JSON.stringify`, on the JS thread); the engine's part of a chunk (cutting the text,
//! parsing, packing, indexing) is about as long. So while JS encodes chunk k+1, a
//! long-lived thread of that JS thread's own sets chunk k: the two halves overlap.
//!
//! At most one chunk per JS thread is under way (`stores`' table keeps it): every call that
//! reaches a store first waits for it (`stores::get`), so no JS call ever sees a store
//! half-written, or one a chunk is still being written into.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use crate::core::Store;

/// An id the engine did not write (`UNSENT` in lib/engine.js): the record was not set.
const UNSENT: u32 = u32::MAX;

/// The engine's part of one chunk: sets its records into the store, their ids into the
/// slice (as many as the chunk has records); false when it stopped at a record it refused.
pub type Work = Box<dyn FnOnce(&mut Store, &mut [u32]) -> bool + Send>;

/// What a chunk came to: the ids it wrote (`UNSENT` past a refused record), and whether
/// every record was set.
pub struct Outcome {
    pub ids: Vec<u32>,
    pub ok: bool,
}

/// How long either thread spins, waiting for the other, before it sleeps. A chunk's handoff
/// then costs no wake-up when the other side is about to answer (a sleeping thread took
/// tens of microseconds to wake here, twice a chunk: a batch of small records, whose chunk
/// is ~100 µs of the engine's work, read 10-25% slower than on the JS thread alone).
const SPIN: Duration = Duration::from_micros(200);

/// Spins until `ready` says yes, or `SPIN` is over: whether it did.
fn spin(mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            if ready() {
                return true;
            }
            std::hint::spin_loop();
        }
        if start.elapsed() >= SPIN {
            return false;
        }
        // (a machine whose other cores are busy may run the other side on this one)
        std::thread::yield_now();
    }
}

/// Where the JS thread waits for a chunk's `Outcome`.
#[derive(Default)]
pub struct Done {
    out: Mutex<Option<Outcome>>,
    ready: Condvar,
    finished: AtomicBool,
}

impl Done {
    fn finish(&self, outcome: Outcome) {
        *self.out.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
        self.finished.store(true, Ordering::Release);
        self.ready.notify_one();
    }

    pub fn wait(&self) -> Outcome {
        spin(|| self.finished.load(Ordering::Acquire));
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

/// Finishes a job as stopped before its first record if it ends without an outcome (a
/// panic outside the engine's work): the JS thread waiting for it must never wait forever.
struct Unfinished(Option<Arc<Done>>);

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            done.finish(Outcome {
                ids: Vec::new(),
                ok: false,
            });
        }
    }
}

impl Job {
    fn run(self) {
        let Job {
            store,
            records,
            work,
            done,
        } = self;
        let mut guard = Unfinished(Some(done));
        let mut ids = vec![UNSENT; records];
        // SAFETY: see `StorePtr`.
        let store = unsafe { &mut *store.0 };
        // (a fresh thread's stack is its own, but a record may nest deep: as `binding::deep`)
        let ok = catch_unwind(AssertUnwindSafe(|| {
            stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || work(store, &mut ids))
        }))
        .unwrap_or(false);
        if let Some(done) = guard.0.take() {
            done.finish(Outcome { ids, ok });
        }
    }
}

/// The record a test has the next chunk stop at (`stop_after`): `u32::MAX`, none.
#[cfg(feature = "testing")]
static STOP_AT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(u64::MAX);

/// Test-only: the next chunk stops after `after` records, by a panic if `panic`.
#[cfg(feature = "testing")]
pub fn stop_after(after: u32, panic: bool) {
    // (`u32::MAX`: none; not a stop past every chunk's end, which the next chunk would take)
    let v = if after == u32::MAX {
        u64::MAX
    } else {
        ((panic as u64) << 32) | after as u64
    };
    STOP_AT.store(v, std::sync::atomic::Ordering::SeqCst);
}

/// `work` as a test asked it to be: stopping, or panicking, after so many records.
#[cfg(feature = "testing")]
fn as_asked(work: Work, records: usize) -> Work {
    use std::sync::atomic::Ordering;
    let v = STOP_AT.swap(u64::MAX, Ordering::SeqCst);
    if v == u64::MAX {
        return work;
    }
    let (after, panic) = ((v & 0xffff_ffff) as usize, v >> 32 == 1);
    if after >= records {
        return work;
    }
    Box::new(move |store, ids| {
        // (given `after` ids, the work sets that many records: it sets one a slot)
        work(store, &mut ids[..after]);
        if panic {
            panic!("deliberate panic for tests, in the ingest thread");
        }
        false
    })
}

#[cfg(not(feature = "testing"))]
fn as_asked(work: Work, _records: usize) -> Work {
    work
}

/// Whether chunks can be set off the JS thread: not with one CPU (nothing would overlap),
/// nor with `HARO_RS_INGEST=0` (every chunk is then set on the JS thread, as before).
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        std::env::var_os("HARO_RS_INGEST").is_none_or(|v| v != "0")
            && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
    })
}

/// The ingest thread of one JS thread (its stores' table holds it): each JS thread, the
/// main one and each worker, has its own, so that workers loading at once do not queue
/// behind one another's chunks. It ends when the table drops it.
pub struct Thread(Option<Sender<Job>>);

impl Thread {
    pub const fn none() -> Thread {
        Thread(None)
    }

    /// Starts `work` on `store` (`records` of them); its `Done` tells when it is over. The
    /// thread is started at the first chunk; without one (it could not be started, or is
    /// gone), the work runs here and is over on return.
    pub fn start(&mut self, store: *mut Store, records: usize, work: Work) -> Arc<Done> {
        let done = Arc::new(Done::default());
        let job = Job {
            store: StorePtr(store),
            records,
            work: as_asked(work, records),
            done: done.clone(),
        };
        if self.0.is_none() {
            let (tx, rx) = mpsc::channel::<Job>();
            let spawned = std::thread::Builder::new()
                .name("haro-rs ingest".into())
                .spawn(move || loop {
                    let mut next = Err(TryRecvError::Empty);
                    spin(|| {
                        next = rx.try_recv();
                        !matches!(next, Err(TryRecvError::Empty))
                    });
                    let job = match next {
                        Ok(job) => job,
                        Err(TryRecvError::Empty) => match rx.recv() {
                            Ok(job) => job,
                            Err(_) => break,
                        },
                        Err(TryRecvError::Disconnected) => break,
                    };
                    job.run();
                });
            if spawned.is_ok() {
                self.0 = Some(tx);
            }
        }
        let refused = match &self.0 {
            Some(tx) => tx.send(job).err().map(|e| e.0),
            None => Some(job),
        };
        if let Some(job) = refused {
            self.0 = None;
            job.run();
        }
        done
    }
}
