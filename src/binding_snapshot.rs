//! The Node binding of snapshots (`core::snapshot`): save and load, each also as an
//! `AsyncTask` that encodes, checksums and does its I/O on the libuv pool. An
//! asynchronous save copies the store's contents on the calling thread first (one pass,
//! texts packed in one buffer), so the store stays free to change while it runs.

use std::path::{Path, PathBuf};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::core::snapshot::{self, Captured, Header, SnapError, Snapshot};
use crate::core::Store;
use crate::stores;

/// The configuration a snapshot records; strings as JS has them.
#[napi(object)]
pub struct SnapshotConfig {
    pub key: String,
    pub delimiter: String,
    pub index: Vec<String>,
    pub versioning: bool,
    pub immutable: bool,
    pub ttl: Option<f64>,
    pub expire_at: Option<String>,
    pub version_limit: Option<f64>,
    pub version_ttl: Option<f64>,
}

fn header(c: SnapshotConfig) -> Header {
    Header {
        key: c.key,
        delimiter: c.delimiter,
        index: c.index,
        versioning: c.versioning,
        immutable: c.immutable,
        ttl: c.ttl,
        expire_at: c.expire_at,
        // lib/expiry.js checked it is a non-negative integer.
        version_limit: c.version_limit.map(|n| n as u64),
        version_ttl: c.version_ttl,
        ..Header::default()
    }
}

/// `[kind] message`: the facade turns the kind into an error code.
fn fail(e: SnapError) -> Error {
    Error::new(Status::GenericFailure, format!("[{}] {e}", e.kind()))
}

/// Runs `f` with stack to spare (record texts parse recursively), turning a panic into
/// an error: pool threads have no `catch_unwind` of napi-rs around them.
fn guarded<R>(f: impl FnOnce() -> Result<R>) -> Result<R> {
    let run = std::panic::AssertUnwindSafe(|| stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(Error::new(
            Status::GenericFailure,
            "[internal] snapshot task panicked",
        ))
    })
}

/// Writes the store to `path`; returns the bytes written.
#[napi(catch_unwind)]
pub fn snapshot_save(store: u32, path: String, config: SnapshotConfig) -> Result<f64> {
    guarded(|| {
        let s = stores::get(store)?;
        let turn = snapshot::Turn::take(PathBuf::from(path));
        let n = snapshot::save(&turn, &header(config), s).map_err(fail)?;
        Ok(n as f64)
    })
}

pub struct SaveTask {
    turn: snapshot::Turn,
    header: Header,
    data: Captured,
}

impl Task for SaveTask {
    type Output = u64;
    type JsValue = f64;

    fn compute(&mut self) -> Result<u64> {
        // Taken, so the copy is freed here rather than on the JS thread.
        let data = std::mem::take(&mut self.data);
        guarded(|| snapshot::save(&self.turn, &self.header, &data).map_err(fail))
    }

    fn resolve(&mut self, _: Env, n: u64) -> Result<f64> {
        Ok(n as f64)
    }
}

/// The same, off the JS thread: the store as it is now is copied, then written.
#[napi(catch_unwind)]
pub fn snapshot_save_async(
    store: u32,
    path: String,
    config: SnapshotConfig,
) -> Result<AsyncTask<SaveTask>> {
    let data = guarded(|| Ok(Captured::of(stores::get(store)?)))?;
    Ok(AsyncTask::new(SaveTask {
        // (its turn taken now: saves of one file land in call order)
        turn: snapshot::Turn::take(PathBuf::from(path)),
        header: header(config),
        data,
    }))
}

/// A snapshot read, checked and decoded, held while the facade builds the store its header
/// describes: a damaged file is refused before a constructor runs, and the file is read once.
pub struct Pending(Option<Snapshot>);

impl Pending {
    fn of(path: &Path) -> Result<Pending> {
        snapshot::read_file(path)
            .map(|snap| Pending(Some(snap)))
            .map_err(fail)
    }

    /// Into the V8 value that owns it for the few calls of a load (not told its size: V8 would
    /// count it toward a collection it does not need, and count it back a turn later).
    fn external(self) -> External<Pending> {
        External::new(self)
    }

    fn loaded() -> Error {
        Error::new(
            Status::InvalidArg,
            "[internal] this snapshot was already loaded",
        )
    }

    fn take(&mut self) -> Result<Snapshot> {
        self.0.take().ok_or_else(Pending::loaded)
    }
}

/// Reads, checks and decodes the snapshot at `path`.
#[napi(catch_unwind)]
pub fn snapshot_read(path: String) -> Result<External<Pending>> {
    guarded(|| Pending::of(&PathBuf::from(path))).map(Pending::external)
}

pub struct ReadTask(PathBuf);

/// What a `ReadTask` settles with: napi-rs's `External` lacks the type name a task's value needs.
pub struct Read(External<Pending>);

impl TypeName for Read {
    fn type_name() -> &'static str {
        "External"
    }

    fn value_type() -> ValueType {
        ValueType::External
    }
}

impl ToNapiValue for Read {
    unsafe fn to_napi_value(env: napi::sys::napi_env, val: Self) -> Result<napi::sys::napi_value> {
        // SAFETY: forwarded as napi-rs calls it, with the env it was given.
        unsafe { External::to_napi_value(env, val.0) }
    }
}

impl Task for ReadTask {
    type Output = Pending;
    type JsValue = Read;

    fn compute(&mut self) -> Result<Pending> {
        guarded(|| Pending::of(&self.0))
    }

    fn resolve(&mut self, _: Env, out: Pending) -> Result<Read> {
        Ok(Read(out.external()))
    }
}

/// The same on the pool.
#[napi(catch_unwind)]
pub fn snapshot_read_async(path: String) -> AsyncTask<ReadTask> {
    AsyncTask::new(ReadTask(PathBuf::from(path)))
}

/// Frees a snapshot read that will not be loaded (the store's constructor threw) now, rather
/// than when its External is finalized, a turn of the event loop later.
#[napi(catch_unwind)]
pub fn snapshot_discard(pending: &mut External<Pending>) {
    pending.0 = None;
}

/// The header of a snapshot read, as JSON.
#[napi(catch_unwind)]
pub fn snapshot_header(pending: &External<Pending>) -> Result<String> {
    pending
        .0
        .as_ref()
        .map(|snap| snap.header.to_json())
        .ok_or_else(Pending::loaded)
}

/// Replaces the (empty) store numbered `store` with one built from a snapshot.
fn install(env: &Env, store: u32, mut built: Store) -> Result<()> {
    let slot = stores::get(store)?;
    built.succeed(slot);
    let old = std::mem::replace(slot, built);
    drop(old);
    stores::report(env.raw(), store);
    Ok(())
}

/// Fills store `store`, new and empty, from a snapshot read. The new store is built aside
/// (indexes included) before the store is touched.
#[napi(catch_unwind)]
pub fn snapshot_load(env: Env, store: u32, pending: &mut External<Pending>) -> Result<()> {
    let snap = pending.take()?;
    let built = guarded(|| snap.into_store(stores::get(store)?).map_err(fail))?;
    install(&env, store, built)
}

pub struct LoadTask {
    store: u32,
    snap: Option<Snapshot>,
    template: Store,
}

impl Task for LoadTask {
    type Output = Store;
    type JsValue = ();

    fn compute(&mut self) -> Result<Store> {
        let snap = self.snap.take();
        guarded(|| {
            snap.ok_or_else(|| Error::from_reason("[internal] load task ran twice"))?
                .into_store(&self.template)
                .map_err(fail)
        })
    }

    fn resolve(&mut self, env: Env, built: Store) -> Result<()> {
        install(&env, self.store, built)
    }
}

/// The same, building the store (its indexes included) on the pool; the store is replaced
/// when the promise settles.
#[napi(catch_unwind)]
pub fn snapshot_load_async(
    store: u32,
    pending: &mut External<Pending>,
) -> Result<AsyncTask<LoadTask>> {
    let template = stores::get(store)?.empty_like();
    Ok(AsyncTask::new(LoadTask {
        store,
        snap: Some(pending.take()?),
        template,
    }))
}
