//! haro-rs: the Node binding of the engine (`crates/haro-core`, free of N-API).

// The engine, named `core` inside the binding.
#[cfg(not(test))]
use haro_core as core;

// The binding is left out of `cargo test`: the tests are the engine's, in its crate.
#[cfg(not(test))]
mod binding;
#[cfg(not(test))]
mod binding_ext;
#[cfg(not(test))]
mod binding_snapshot;
#[cfg(not(test))]
mod ingest;
#[cfg(not(test))]
mod relief;
#[cfg(not(test))]
mod stores;
#[cfg(not(test))]
mod wire;
