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
            Error::NotFound => write!(f, "Record not found"),
        }
    }
}

impl std::error::Error for Error {}
