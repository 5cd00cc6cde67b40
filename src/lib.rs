//! haro-rs: the record store engine (`core`, free of N-API) and its thin Node binding.

pub mod core;

#[cfg(feature = "napi-binding")]
mod binding;
