//! Invalid input, which exits with code 2, apart from every other failure (code 1).

use std::fmt;

/// Input the person or an import file gave us that we cannot accept. Nothing is written
/// when this is returned; the message names the flag or field, the value and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl InputError {
    /// `invalid value 'VALUE' for WHAT: ALLOWED`
    pub fn value(what: impl fmt::Display, value: &str, allowed: impl fmt::Display) -> InputError {
        InputError(format!("invalid value '{value}' for {what}: {allowed}"))
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Exit code for an error: 2 when any cause in the chain is invalid input, else 1.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    if err.chain().any(|e| e.is::<InputError>()) {
        2
    } else {
        1
    }
}
