//! The engine: records, insertion order, haro's merge semantics, versions and indexes.
//! Nothing here knows about N-API; the binding only translates.

mod error;
pub mod expiry;
mod ikey;
mod index;
mod key;
mod ordered;
pub mod ordered_index;
mod path;
mod shape;
pub mod snapshot;
mod store;
mod tombstoned;
mod value;

pub use error::{Error, Result};
pub use ikey::IKey;
// For examples/postings only: a posting list is the engine's business.
#[doc(hidden)]
pub use index::IdSet;
pub use key::{Key, RecKey};
pub use store::{Cleared, Continues, Copied, IndexSpec, IndexStats, SetOutcome, Stats, Store};
pub use value::{
    escape_str, escaped, parse, parse_fields, split_array, split_objects, write, write_into, Val,
    MAX_DEPTH,
};
