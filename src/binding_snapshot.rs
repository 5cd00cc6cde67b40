//! The Node binding of snapshots (`core::snapshot`): save and load, each also as an
//! `AsyncTask` that encodes, checksums and does its I/O on the libuv pool. An
//! asynchronous save copies the store's contents on the calling thread first (one pass,
//! texts packed in one buffer), so the store stays free to change while it runs.

use std::path::{Path, PathBuf};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::core::snapshot::{self, Captured, Header, SnapError};
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
        let n = snapshot::save(&PathBuf::from(path), &header(config), s).map_err(fail)?;
        Ok(n as f64)
    })
}

pub struct SaveTask {
    path: PathBuf,
    header: Header,
    data: Captured,
}

impl Task for SaveTask {
    type Output = u64;
    type JsValue = f64;

    fn compute(&mut self) -> Result<u64> {
        // Taken, so the copy is freed here rather than on the JS thread.
        let data = std::mem::take(&mut self.data);
        guarded(|| snapshot::save(&self.path, &self.header, &data).map_err(fail))
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
        path: PathBuf::from(path),
        header: header(config),
        data,
    }))
}

/// The header of the snapshot at `path`, as JSON.
#[napi(catch_unwind)]
pub fn snapshot_header(path: String) -> Result<String> {
    guarded(|| {
        snapshot::read_header_file(&PathBuf::from(path))
            .map(|h| h.to_json())
            .map_err(fail)
    })
}

pub struct HeaderTask(PathBuf);

impl Task for HeaderTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        guarded(|| {
            snapshot::read_header_file(&self.0)
                .map(|h| h.to_json())
                .map_err(fail)
        })
    }

    fn resolve(&mut self, _: Env, out: String) -> Result<String> {
        Ok(out)
    }
}

#[napi(catch_unwind)]
pub fn snapshot_header_async(path: String) -> AsyncTask<HeaderTask> {
    AsyncTask::new(HeaderTask(PathBuf::from(path)))
}

/// Reads the whole file and builds a store from it, configured as `template`; `expect`
/// is the header the caller read first (the file may have been replaced since).
fn build(path: &Path, expect: &str, template: &Store) -> Result<Store> {
    let snap = snapshot::read_file(path).map_err(fail)?;
    if snap.header.to_json() != expect {
        return Err(fail(SnapError::Changed));
    }
    snap.into_store(template).map_err(fail)
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

/// Fills store `store`, new and empty, from the snapshot at `path`. Everything is read
/// and checked, and the new store built aside, before the store is touched.
#[napi(catch_unwind)]
pub fn snapshot_load(env: Env, store: u32, path: String, expect: String) -> Result<()> {
    let built = guarded(|| build(&PathBuf::from(path), &expect, stores::get(store)?))?;
    install(&env, store, built)
}

pub struct LoadTask {
    store: u32,
    path: PathBuf,
    expect: String,
    template: Store,
}

impl Task for LoadTask {
    type Output = Store;
    type JsValue = ();

    fn compute(&mut self) -> Result<Store> {
        guarded(|| build(&self.path, &self.expect, &self.template))
    }

    fn resolve(&mut self, env: Env, built: Store) -> Result<()> {
        install(&env, self.store, built)
    }
}

/// The same, reading, checking and building on the pool; the store is replaced when
/// the promise settles.
#[napi(catch_unwind)]
pub fn snapshot_load_async(
    store: u32,
    path: String,
    expect: String,
) -> Result<AsyncTask<LoadTask>> {
    let template = stores::get(store)?.empty_like();
    Ok(AsyncTask::new(LoadTask {
        store,
        path: PathBuf::from(path),
        expect,
        template,
    }))
}
