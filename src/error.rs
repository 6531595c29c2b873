//! Invalid input, which exits with code 2, apart from every other failure (code 1).

use std::fmt;

/// Input the person or an import file gave us that we cannot accept. Nothing is written
/// when this is returned; the message names the flag or field, the value and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl InputError {
    /// `invalid value 'VALUE' for WHAT: ALLOWED`
    pub fn value(what: impl fmt::Display, value: &str, allowed: impl fmt::Display) -> InputError {
        InputError(format!("invalid value '{}' for {what}: {allowed}", crate::render::printable(value)))
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

/// The message for an error: its context chain joined with ": ", each cause once. SQLite's
/// errors come as rusqlite's message with SQLite's own error as its cause, which says the
/// same again ("malformed: Error code 11: malformed"); that cause is left out.
pub fn message(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        if cause.is::<rusqlite::ffi::Error>() {
            continue;
        }
        let text = match cause.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, None)) => {
                rusqlite::ffi::code_to_str(f.extended_code).to_string()
            }
            _ => cause.to_string(),
        };
        if parts.last().is_some_and(|last| last.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn sqlite_errors_are_said_once() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(11),
            Some("database disk image is malformed".into()),
        );
        let err = Err::<(), _>(e).context("could not read items from f.db").unwrap_err();
        assert_eq!(message(&err), "could not read items from f.db: database disk image is malformed");
        let bare = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(13), None);
        let err = Err::<(), _>(bare).context("could not save to f.db").unwrap_err();
        assert_eq!(message(&err), "could not save to f.db: database or disk is full");
    }
}
