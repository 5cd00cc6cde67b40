//! The Node binding: free functions over an `External<Store>` handle. It only translates
//! arguments and results; every rule lives in `core`. Free functions, not a class:
//! measured on napi 3.16, a `#[napi]` class method costs 300–540 ns a call, a free
//! function 30–100 ns.
//!
//! This file: the plumbing every call shares (the store by number, stack to spare, keys)
//! and the store's lifecycle. By topic: `reads`, `writes` (and `bulk`), `queries`,
//! `indexes`; `testing` only with the cargo feature `testing`. Every message's layout:
//! `wire`. The calls made once per record or read are exported by `hot` as plain N-API
//! callbacks (napi-rs's wrapper cost ~75 ns a call), the rest through `#[napi]`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::core::{self, escape_str, Key};
use crate::stores;
use crate::wire;

mod bulk;
mod hot;
mod indexes;
mod queries;
mod reads;
#[cfg(feature = "testing")]
mod testing;
mod writes;

type JsKey = Either<String, f64>;

/// Runs a call with `need` bytes of stack to spare. Parsing, merging and freeing a record
/// recurse once per level of nesting (up to `MAX_DEPTH`); called from JS that is itself
/// deep in recursion, in a worker, a call finds as little as ~192 KB left (what V8 keeps
/// below its own limit): then it runs on a fresh heap-allocated stack instead.
fn deep<R>(need: usize, f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(need, 4 * 1024 * 1024, f)
}

/// Stack any call needs but a merging `set`: at most 150 KB measured at `MAX_DEPTH`
/// (release, x86-64), parsing and writing a record.
const RED_ZONE: usize = 256 * 1024;

/// A merging `set` needs this much more per level the two records share: 1.2 KB measured
/// (620 KB at `MAX_DEPTH`, more than `RED_ZONE`: entered with less left, it overflowed the
/// thread's own stack, SIGSEGV).
const MERGE_LEVEL: usize = 3 * 1024;

/// Runs `f` on the store numbered `store`, with stack to spare.
fn with<R>(store: u32, f: impl FnOnce(&mut crate::core::Store) -> Result<R>) -> Result<R> {
    with_stack(RED_ZONE, store, f)
}

fn with_stack<R>(
    need: usize,
    store: u32,
    f: impl FnOnce(&mut crate::core::Store) -> Result<R>,
) -> Result<R> {
    deep(need, || f(stores::get(store)?))
}

/// `f` of store `to` and store `from` at once; false where they are one store (`f` would
/// read what it writes).
fn with_two(
    to: u32,
    from: u32,
    f: impl FnOnce(&mut crate::core::Store, &crate::core::Store) -> Result<bool>,
) -> Result<bool> {
    if to == from {
        return Ok(false);
    }
    // (two stores: `stores::get` hands out one reference to each, neither live beyond `f`)
    deep(RED_ZONE, || f(stores::get(to)?, stores::get(from)?))
}

/// Stack to merge `text` into a stored record: merging recurses at most as deep as the new
/// record nests, which its brackets bound (brackets inside strings count too: an overcount,
/// never an under-count), so a shallow record needs no more than any call.
fn merge_need(text: &str) -> usize {
    let levels = memchr::memchr2_iter(b'{', b'[', text.as_bytes())
        .take(core::MAX_DEPTH + 1)
        .count();
    RED_ZONE + levels * MERGE_LEVEL
}

fn key(k: JsKey) -> Key {
    match k {
        Either::A(s) => str_key(&s),
        Either::B(n) => Key::num(n),
    }
}

/// The string arguments read by hand (`StrArg`, `StrKey`, `Chunk`, `Text`): napi-rs names
/// each as a JS string.
macro_rules! string_arg {
    ($($t:ty),*) => {$(
        impl TypeName for $t {
            fn type_name() -> &'static str {
                "String"
            }

            fn value_type() -> ValueType {
                ValueType::String
            }
        }
    )*};
}

string_arg!(StrArg, StrKey, Chunk, Text);

/// A string argument read into a stack buffer with one N-API call (napi-rs's `String`
/// asks for the length first, then copies into a fresh allocation: two calls). Strings of
/// more than 251 bytes are read as `Text` reads them.
/// The buffer is left uninitialized: N-API writes what is read of it (zeroing it was a
/// tenth of a `find` by key's instructions).
pub struct StrArg {
    buf: [std::mem::MaybeUninit<u8>; 256],
    len: usize,
    long: Option<String>,
}

impl StrArg {
    pub fn as_str(&self) -> &str {
        match &self.long {
            Some(s) => s,
            // Checked in `from_napi_value`.
            None => std::str::from_utf8(self.written()).unwrap_or_default(),
        }
    }

    /// The bytes N-API wrote.
    fn written(&self) -> &[u8] {
        // SAFETY: `len` is at most what N-API reported writing (below the buffer's length),
        // and those bytes are initialized.
        unsafe {
            std::slice::from_raw_parts(self.buf.as_ptr().cast(), self.len.min(self.buf.len()))
        }
    }
}

impl FromNapiValue for StrArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut arg = StrArg {
            buf: [std::mem::MaybeUninit::uninit(); 256],
            len: 0,
            long: None,
        };
        let status = sys::napi_get_value_string_utf8(
            env,
            value,
            arg.buf.as_mut_ptr().cast(),
            arg.buf.len(),
            &mut arg.len,
        );
        if status != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "expected a string"));
        }
        // N-API writes at most `buf.len() - 1` bytes and never part of a character: a longer
        // string stops up to 4 bytes short of that (a 254-byte prefix of a 256-byte string
        // reads as a whole string of 254). Only a length that leaves room for any character
        // proves nothing was cut.
        if arg.len + 4 < arg.buf.len() && std::str::from_utf8(arg.written()).is_ok() {
            return Ok(arg);
        }
        arg.long = Some(Text::from_napi_value(env, value)?.0);
        Ok(arg)
    }
}

/// A string key argument (`StrArg`, escaped).
pub struct StrKey(Key);

impl FromNapiValue for StrKey {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        StrArg::from_napi_value(env, value)
            .map(|s| StrKey(str_key(s.as_str())))
            .map_err(|_| Error::new(Status::StringExpected, "a key must be a string"))
    }
}

/// An index key argument: a string, a number or a boolean, its type asked once (napi-rs's
/// `Either3` asks per candidate, and copies a string twice).
// The string's buffer is meant to be inline: it lives on the stack for one call.
#[allow(clippy::large_enum_variant)]
pub enum KeyArg {
    Str(StrArg),
    Num(f64),
    Bool(bool),
}

impl TypeName for KeyArg {
    fn type_name() -> &'static str {
        "String | Number | Boolean"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl FromNapiValue for KeyArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut t = 0;
        check_status!(sys::napi_typeof(env, value, &mut t))?;
        match t {
            sys::ValueType::napi_string => StrArg::from_napi_value(env, value).map(KeyArg::Str),
            sys::ValueType::napi_number => f64::from_napi_value(env, value).map(KeyArg::Num),
            sys::ValueType::napi_boolean => bool::from_napi_value(env, value).map(KeyArg::Bool),
            _ => Err(Error::new(
                Status::InvalidArg,
                "an index key must be a string, a number or a boolean",
            )),
        }
    }
}

/// A string argument read for the call alone (a chunk of records, a key list, an index
/// dump): copied out of V8 once (`read_string`) into an allocation of three bytes a UTF-16
/// unit, and read there. napi-rs's `String` asks N-API for the UTF-8 length (a pass over the
/// string), zeroes a fresh allocation of it, then copies: of a 256-record chunk's
/// `setRecords`, the length pass and the zeroing were a tenth of the call's instructions
/// (callgrind). (A buffer kept between calls instead cost more page faults than it saved:
/// glibc, never given a big block back, kept trimming its heap under stores made and
/// dropped.) Past `CHUNK_ONE_PASS_MAX` units: the ordinary conversion.
pub struct Chunk(String);

const CHUNK_ONE_PASS_MAX: usize = 1 << 22;

impl std::ops::Deref for Chunk {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl FromNapiValue for Chunk {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut buf = Vec::new();
        if !read_string(env, value, &mut buf, CHUNK_ONE_PASS_MAX)? {
            return String::from_napi_value(env, value).map(Chunk);
        }
        String::from_utf8(buf)
            .map(Chunk)
            .map_err(|_| Error::new(Status::InvalidArg, "a string that is not UTF-8"))
    }
}

/// Copies the JS string `value` into `buf` (emptied first) in one pass: the UTF-16 length
/// costs nothing to ask and bounds the UTF-8 one (at most 3 bytes a unit, a lone
/// surrogate's U+FFFD included), so that much room holds it whole. `Ok(false)`, nothing
/// read, past `max` units: the caller converts it the ordinary way.
unsafe fn read_string(
    env: sys::napi_env,
    value: sys::napi_value,
    buf: &mut Vec<u8>,
    max: usize,
) -> Result<bool> {
    let expected = || Err(Error::new(Status::StringExpected, "expected a string"));
    let mut units = 0;
    let status = sys::napi_get_value_string_utf16(env, value, std::ptr::null_mut(), 0, &mut units);
    if status != sys::Status::napi_ok {
        return expected();
    }
    if units > max {
        return Ok(false);
    }
    let room = units * 3 + 1; // and the NUL N-API writes after the text
    buf.clear();
    buf.reserve(room);
    let mut len = 0;
    let status =
        sys::napi_get_value_string_utf8(env, value, buf.as_mut_ptr().cast(), room, &mut len);
    if status != sys::Status::napi_ok {
        return expected();
    }
    // SAFETY: N-API wrote `len` bytes, fewer than `room`, which the buffer has.
    buf.set_len(len.min(room - 1));
    Ok(true)
}

/// A string argument the engine keeps (a record's text), copied out of V8 once
/// (`read_string`): napi-rs's `String` asks N-API for the UTF-8 length (a pass over the
/// string), then copies (a second). The room is a buffer kept between calls, and the text is copied out of it into an
/// allocation of its own size (an allocation three times too big, shrunk when the store
/// boxes the text, would leave a free hole beside every record kept). Past `ONE_PASS_MAX`
/// units: the ordinary conversion.
pub struct Text(pub String);

const ONE_PASS_MAX: usize = 1 << 16;
const KEY_ROOM: usize = 24;

thread_local! {
    static TEXT_ROOM: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl FromNapiValue for Text {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut buf = TEXT_ROOM.with(|b| b.take());
        let out = match read_string(env, value, &mut buf, ONE_PASS_MAX) {
            Ok(true) => std::str::from_utf8(&buf)
                .map(|s| {
                    // Room for the key the store keeps after a record's text (a number
                    // key's 16 digits, most string keys): no copy to grow it there.
                    let mut owned = String::with_capacity(s.len() + KEY_ROOM);
                    owned.push_str(s);
                    Text(owned)
                })
                .map_err(|_| Error::new(Status::InvalidArg, "a string that is not UTF-8")),
            Ok(false) => String::from_napi_value(env, value).map(Text),
            Err(e) => Err(e),
        };
        TEXT_ROOM.with(|b| b.set(buf));
        out
    }
}

/// A text the engine writes for JS (a read's records), written into a buffer kept on the JS
/// thread between calls and made a JS string from there: a cold `find` or `get` of one
/// record allocated and freed its text each time (malloc, free and its coalescing were ~4% of
/// a `find` at 1M records, `perf`). A buffer past `KEPT_MAX` bytes is not kept.
pub struct Kept(String);

const KEPT_MAX: usize = 1 << 20;

thread_local! {
    static KEPT: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

impl Kept {
    /// `Store::write_records_for_js` of `ids`, written into the kept buffer (taken, emptied).
    pub fn records(s: &mut core::Store, ids: &[u32]) -> Kept {
        let mut out = KEPT.take();
        out.clear();
        s.write_records_for_js(ids, &mut out);
        Kept(out)
    }

    /// Gives the buffer back for the next `write`, unless a big read made it big.
    fn keep(self) {
        if self.0.capacity() <= KEPT_MAX {
            KEPT.set(self.0);
        }
    }
}

impl ToNapiValue for Kept {
    unsafe fn to_napi_value(env: sys::napi_env, text: Self) -> Result<sys::napi_value> {
        let v = <&String>::to_napi_value(env, &text.0);
        text.keep();
        v
    }
}

fn str_key(s: &str) -> Key {
    Key::Str(escape_str(s))
}

/// A new store with its delimiter and versioning, its number written into `out[0]`: one
/// crossing where a store took three (`create`, `slot`, `configure`).
#[napi(catch_unwind, ts_return_type = "unknown")]
pub fn create(
    env: Env,
    delimiter: String,
    versioning: bool,
    mut out: Uint32ArraySlice,
) -> Result<Owner> {
    // Start the freeing thread now, not inside the first `clear` of a big store.
    bin();
    let slot = stores::Slot::new(env.raw());
    with(slot.id(), |s| {
        // (a new store's generation stays 0: the facade knows it has nothing to reindex)
        s.configure_new(&escape_str(&delimiter), versioning);
        Ok(())
    })?;
    // SAFETY: no JS runs during the call, so nothing reads or writes the buffer meanwhile.
    match unsafe { out.as_mut() }.first_mut() {
        Some(first) => *first = slot.id(),
        None => {
            return Err(Error::new(
                Status::InvalidArg,
                "no room for the store's number",
            ))
        }
    }
    Ok(Owner(slot))
}

/// What owns a store on the JS side: an N-API External whose finalizer frees the store when
/// JS collects it. Its data is the slot number plus one, not a pointer: nothing is read
/// through it. Made here rather than as napi-rs's `External<T>`, which boxes the value and
/// registers the box in a process-wide table, for a value nobody reads back.
pub struct Owner(stores::Slot);

impl ToNapiValue for Owner {
    unsafe fn to_napi_value(env: sys::napi_env, owner: Self) -> Result<sys::napi_value> {
        let id = owner.0.into_raw();
        let mut out = std::ptr::null_mut();
        let status = sys::napi_create_external(
            env,
            (id as usize + 1) as *mut std::ffi::c_void,
            Some(release),
            std::ptr::null_mut(),
            &mut out,
        );
        if status != sys::Status::napi_ok {
            drop(stores::Slot::from_raw(id));
            return Err(Error::new(
                Status::from(status),
                "cannot make the store's handle",
            ));
        }
        Ok(out)
    }
}

/// The finalizer of an `Owner`'s External: the store goes.
unsafe extern "C" fn release(
    _env: sys::napi_env,
    data: *mut std::ffi::c_void,
    _hint: *mut std::ffi::c_void,
) {
    let id = (data as usize).wrapping_sub(1) as u32;
    // SAFETY: `data` is what `Owner::to_napi_value` wrote, and N-API finalizes once. No panic
    // may unwind into Node.
    let _ = std::panic::catch_unwind(|| drop(unsafe { stores::Slot::from_raw(id) }));
}

/// The number of the store a handle `create` made owns (tests and benches: the facade keeps
/// the number `create` wrote).
#[napi(catch_unwind)]
pub fn slot(env: Env, handle: Unknown) -> Result<u32> {
    let mut data = std::ptr::null_mut();
    // SAFETY: `data` only receives the External's data word, which is never dereferenced.
    let status = unsafe { sys::napi_get_value_external(env.raw(), handle.raw(), &mut data) };
    match (status, (data as usize).checked_sub(1)) {
        (sys::Status::napi_ok, Some(id)) if id <= u32::MAX as usize => Ok(id as u32),
        _ => Err(Error::new(Status::InvalidArg, "not a store's handle")),
    }
}

#[napi(catch_unwind)]
pub fn configure(store: u32, delimiter: String, versioning: bool) -> Result<()> {
    with(store, |s| {
        s.set_delimiter(&escape_str(&delimiter));
        s.versioning = versioning;
        Ok(())
    })
}

/// Replaces the index list: `[[name, fields|null], …]`; with `reindex`, then rebuilds every
/// index, as `reindex(null)` would (haro's `reindex()` sends its list first: one crossing).
/// Answers the generation it leaves, as `reindex` does.
#[napi(catch_unwind)]
pub fn set_specs(env: Env, store: u32, specs: String, reindex: Option<bool>) -> Result<f64> {
    let out = with(store, |s| {
        s.set_specs(wire::specs(&specs)?);
        if reindex == Some(true) {
            s.reindex(None).map_err(wire::fail)?;
        }
        Ok(s.generation() as f64)
    });
    if reindex == Some(true) {
        // Indexes count in what V8 is told the store holds.
        stores::report(env.raw(), store);
    }
    out
}

/// Moves whenever records, versions or indexes change: views keep what they decoded until it does.
pub fn generation(store: u32) -> Result<f64> {
    with(store, |s| Ok(s.generation() as f64))
}

pub fn size(store: u32) -> Result<u32> {
    with(store, |s| Ok(s.len() as u32))
}

/// Freeing a store's allocations one by one takes ~0.1 µs a record; a background thread
/// does it so `clear` returns at once (`free_later`). The smallest are freed in place.
/// With `reindex`, the indexes of the current list come back empty, as haro's `clear` has
/// them after its `reindex()` (one call where that is haro's own). Called through `hot`: a
/// `clear` is called once, cold, where napi-rs's wrapper costs the most.
pub fn clear(env: Env, store: u32, reindex: bool) -> Result<()> {
    let out = with(store, |s| {
        let records = s.len();
        let dropped = if reindex {
            s.clear_reindexed().map_err(wire::fail)?
        } else {
            s.clear()
        };
        free_later(dropped, records);
        Ok(())
    });
    stores::report(env.raw(), store);
    out
}

/// Stores of more records than this are freed on the freeing thread. Freed inline, a record
/// cost ~75-100 ns cold (its text, its index keys and lists), the hand-over ~1 µs: at 4,096,
/// the threshold before, a cold `clear` of 1k-4k indexed records took 80-450 µs of native
/// time (haro's whole `clear` 11-40), 4-10 µs now.
const FREE_LATER_MIN: usize = 32;
/// Garbage of more records than this is big.
const BIG: usize = 4096;

/// Garbage handed over and not yet freed: big stores by count, small ones by their records.
/// Past `MAX_BIG` stores (`MAX_SMALL` records) the caller frees inline, so a process that
/// keeps every core busy cannot pile up garbage behind an idle-priority thread (small
/// stores: a few tens of MB at most). Counted apart: two small stores cleared or collected
/// took both places of one count, and a big store cleared next was freed here (50k
/// records: 1.7-2.5 ms instead of 41-304 µs). The freeing thread reads them before it
/// takes the bin's lock, so it locks only when there is garbage to take.
static PENDING_BIG: AtomicUsize = AtomicUsize::new(0);
static PENDING_SMALL: AtomicUsize = AtomicUsize::new(0);
const MAX_BIG: usize = 2;
const MAX_SMALL: usize = 1 << 16;
/// The freeing thread's look for garbage, and how many empty looks it makes before it
/// waits to be woken (about two seconds).
const POLL: std::time::Duration = std::time::Duration::from_millis(1);
const QUIET_POLLS: u32 = 2000;

/// Something to drop, whether it is big, and what it weighs in its count.
/// What was freed, whether it is big, its weight (`free_later`), and whether the memory freed
/// is worth handing back to the system (`TRIM_MIN`).
type Garbage = (Box<dyn Send>, bool, usize, bool);

/// Garbage of this many records or more is followed by `malloc_trim`: glibc keeps what a
/// freed store held in its arenas, resident (a cleared store of 1M records gave back 41 MB of
/// ~300 MB of RSS), and trims only the top of each heap by itself.
const TRIM_MIN: usize = 65_536;

/// What the freeing thread is handed: garbage under a lock, and a wake-up for when it
/// stopped polling. (It was an mpsc channel, whose `send` was timed at 14-60 µs inside a
/// cold 10k-record `clear` on this 2-core VM, where this hand-over takes under one.)
struct Bin {
    state: Mutex<BinState>,
    wake: Condvar,
}

struct BinState {
    garbage: Vec<Garbage>,
    /// The thread waits on `wake` (it polled long enough without finding any).
    waiting: bool,
}

static BIN: Bin = Bin {
    state: Mutex::new(BinState {
        garbage: Vec::new(),
        waiting: false,
    }),
    wake: Condvar::new(),
};

/// Whether the freeing thread runs; it starts on the first call.
fn bin() -> bool {
    static STARTED: OnceLock<bool> = OnceLock::new();
    *STARTED.get_or_init(|| {
        std::thread::Builder::new()
            .name("haro-rs-free".into())
            .spawn(free_garbage)
            .is_ok()
    })
}

/// The freeing thread. While garbage keeps coming it looks for it every millisecond instead
/// of waiting to be woken: waking a waiting thread cost the sender 30-90 µs on this 2-core
/// VM (an inter-processor interrupt), more than the rest of a 10k-record `clear`. After two
/// seconds without any (from its start, with the first store), it waits again.
fn free_garbage() {
    idle_priority();
    let mut quiet = 0;
    loop {
        let idle =
            PENDING_BIG.load(Ordering::Relaxed) == 0 && PENDING_SMALL.load(Ordering::Relaxed) == 0;
        if idle && quiet < QUIET_POLLS {
            quiet += 1;
            std::thread::sleep(POLL);
            continue;
        }
        let garbage = {
            let Ok(mut st) = BIN.state.lock() else {
                return;
            };
            while st.garbage.is_empty() {
                st.waiting = true;
                st = match BIN.wake.wait(st) {
                    Ok(st) => st,
                    Err(_) => return,
                };
            }
            st.waiting = false;
            std::mem::take(&mut st.garbage)
        };
        quiet = 0;
        let weight = |big: bool| garbage.iter().filter(|g| g.1 == big).map(|g| g.2).sum();
        let (big, small): (usize, usize) = (weight(true), weight(false));
        // A drop that panicked must not end the thread with the counts left at the limit
        // (every later free would then run inline); the garbage is lost either way.
        let trim = garbage.iter().any(|g| g.3);
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(garbage)));
        PENDING_BIG.fetch_sub(big, Ordering::Relaxed);
        PENDING_SMALL.fetch_sub(small, Ordering::Relaxed);
        if trim {
            give_back();
        }
    }
}

/// Hands the free memory of glibc's arenas back to the system (on the freeing thread, at
/// idle priority: a trim walks every arena, ~ms after a big store).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back() {
    // SAFETY: a plain libc call; it only releases free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back() {}

/// Hands `x`, what held `records` records, to one long-lived thread that drops what it is
/// handed (spawning a thread per call cost more than `clear` itself); a few records are
/// dropped here. Without that thread, or when the thread holds the lock this moment
/// (taking earlier garbage), `x` is dropped here too: the JS thread never waits for an
/// idle-priority thread that may not get a CPU for a while.
pub(crate) fn free_later(x: impl Send + 'static, records: usize) {
    let big = records > BIG;
    let (pending, max, weight) = if big {
        (&PENDING_BIG, MAX_BIG, 1)
    } else {
        (&PENDING_SMALL, MAX_SMALL, records)
    };
    if records <= FREE_LATER_MIN || !bin() || pending.load(Ordering::Relaxed) + weight > max {
        drop(x);
        return;
    }
    let garbage: Garbage = (Box::new(x), big, weight, records >= TRIM_MIN);
    let Ok(mut st) = BIN.state.try_lock() else {
        drop(garbage);
        return;
    };
    st.garbage.push(garbage);
    pending.fetch_add(weight, Ordering::Relaxed);
    let wake = st.waiting;
    drop(st);
    if wake {
        BIN.wake.notify_one();
    }
}

/// The freeing thread runs only on a CPU nothing else wants: at normal priority, woken by
/// a `clear`, it preempted the JS thread on its core for the whole free (a 10k-record
/// `clear` measured 0.4–0.8 ms of wall time, almost none of it the call's own work; now
/// 5–30 µs).
#[cfg(target_os = "linux")]
fn idle_priority() {
    // SAFETY: a plain syscall on the calling thread; a failure leaves the priority as it was.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
    }
}

#[cfg(not(target_os = "linux"))]
fn idle_priority() {}

/// `[reportedToV8, [records, recordBytes, indexBytes, versionBytes, …]]` (`Store::stats_text`).
#[napi(catch_unwind)]
pub fn stats(store: u32) -> Result<String> {
    with(store, |s| Ok(wire::stats(stores::reported(store), s)))
}
