use std::fmt;

/// Errors the engine reports; the binding turns them into JS exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Text that is not the tagged JSON the facade produces.
    Malformed(String),
    /// A value that haro's semantics would create but the store cannot represent.
    Unrepresentable(String),
    /// Nesting deeper than the engine accepts.
    TooDeep,
    /// A record whose array fields make more keys of composite `index` than a haro index
    /// holds (`store::MAX_RECORD_KEYS`).
    TooManyKeys { keys: u64, index: Box<str> },
    /// `delete` of a key that is not in the store.
    NotFound,
}

pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Malformed(m) => write!(f, "Malformed input: {m}"),
            Error::Unrepresentable(m) => write!(f, "{m}"),
            Error::TooDeep => write!(f, "Value nested too deeply"),
            Error::TooManyKeys { keys, index } => write!(
                f,
                "the record makes {keys} keys of the index \"{index}\" (its array fields' lengths multiplied), past the {} a haro index holds",
                crate::store::MAX_RECORD_KEYS
            ),
            Error::NotFound => write!(f, "Record not found"),
        }
    }
}

impl std::error::Error for Error {}
