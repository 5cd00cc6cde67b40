//! Asks V8 to give freed pages back to the system. Under Node 22 and later V8 keeps the
//! pages of collected objects in a pool, resident, until its memory reducer runs (after a
//! while of an idle event loop, or never on a busy one): a million records a caller loaded
//! and dropped left ~900 MB resident beside a store that holds them in ~300 MB. A
//! moderate memory-pressure notification starts an incremental collection that, finished,
//! releases the pool (~0.5 ms on the calling thread; the pool gone ~100 ms later).
//!
//! N-API has no such call; `v8::Isolate::MemoryPressureNotification` is a public V8 embedder
//! function that Node exports for addons, found by its symbol. Where it is not (Windows,
//! a runtime without V8, an embedder that hides V8's symbols) this does nothing.

use napi_derive::napi;

/// `v8::MemoryPressureLevel::kModerate`: incremental, never a pause of a full collection
/// (`kCritical` collects at once, 60 ms measured, and drops compiled code's caches).
#[cfg(unix)]
const MODERATE: i32 = 1;

/// Whether the notification was given.
#[napi]
pub fn relieve_memory() -> bool {
    notify()
}

#[cfg(unix)]
fn notify() -> bool {
    use std::ffi::c_void;
    use std::sync::OnceLock;

    type Current = unsafe extern "C" fn() -> *mut c_void;
    type Notify = unsafe extern "C" fn(*mut c_void, i32);
    static FNS: OnceLock<Option<(Current, Notify)>> = OnceLock::new();

    let fns = FNS.get_or_init(|| {
        // SAFETY: dlsym only looks names up; a null answer is checked before any use.
        let (current, notify) = unsafe {
            (
                libc::dlsym(libc::RTLD_DEFAULT, c"_ZN2v87Isolate10GetCurrentEv".as_ptr()),
                libc::dlsym(
                    libc::RTLD_DEFAULT,
                    c"_ZN2v87Isolate26MemoryPressureNotificationENS_19MemoryPressureLevelE"
                        .as_ptr(),
                ),
            )
        };
        if current.is_null() || notify.is_null() {
            return None;
        }
        // SAFETY: the two symbols are V8's `static Isolate* Isolate::GetCurrent()` and
        // `void Isolate::MemoryPressureNotification(MemoryPressureLevel)` (a non-virtual
        // member: `this` first; the level an int-sized enum), unchanged since V8 5.
        Some(unsafe {
            (
                std::mem::transmute::<*mut c_void, Current>(current),
                std::mem::transmute::<*mut c_void, Notify>(notify),
            )
        })
    });
    let Some((current, notify)) = *fns else {
        return false;
    };
    // SAFETY: called from JS, so on a thread that has entered its isolate: `GetCurrent` is
    // that isolate, and the notification is made on its own thread, as V8 allows.
    unsafe {
        let isolate = current();
        if isolate.is_null() {
            return false;
        }
        notify(isolate, MODERATE);
    }
    true
}

#[cfg(not(unix))]
fn notify() -> bool {
    false
}
