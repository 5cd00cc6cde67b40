//! haro-rs: the record store engine (`core`, free of N-API) and its thin Node binding.

pub mod core;

// The binding is left out of `cargo test`: the tests are the engine's.
#[cfg(all(feature = "napi-binding", not(test)))]
mod binding;
#[cfg(all(feature = "napi-binding", not(test)))]
mod binding_ext;
#[cfg(all(feature = "napi-binding", not(test)))]
mod binding_snapshot;
#[cfg(all(feature = "napi-binding", not(test)))]
mod stores;
