//! The store's failures a person can act on, as types (§8): each reaches them as its own
//! message, and the rest of footing tells them apart by type, never by the words.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::render::shown_path;

/// A failure at the store's edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The database is damaged; nothing was written. `advice` says which backup to restore.
    Damaged { path: PathBuf, problem: String, advice: String },
    /// Another footing kept the database busy past the timeout.
    Busy { path: PathBuf, seconds: u64 },
    /// The file is not a footing database; `what` says what it is instead.
    Foreign { path: PathBuf, what: String },
    /// The database was written by a newer footing.
    Newer { path: PathBuf, version: i32, known: i32 },
    /// The path names something other than a regular file (a FIFO, a device, a directory,
    /// a socket), refused before it is opened; `role` says what it was given as.
    NotRegular { path: PathBuf, kind: &'static str, role: &'static str },
    /// The disk is full while writing `path`; nothing was saved there.
    DiskFull { path: PathBuf },
}

impl StoreError {
    /// The database at `path` is damaged: the message names the newest daily backup.
    pub fn damaged(path: &Path, problem: impl Into<String>) -> StoreError {
        StoreError::Damaged {
            path: path.to_path_buf(),
            problem: problem.into(),
            advice: super::daily::advice(path),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Damaged { path, problem, advice } => {
                write!(f, "{} is damaged: {problem}; nothing was written; {advice}", shown_path(path))
            }
            StoreError::Busy { path, seconds } => write!(
                f,
                "another footing is writing to {} and it stayed busy for {seconds} seconds; nothing was \
                 changed; try again in a moment",
                shown_path(path)
            ),
            StoreError::Foreign { path, what } => {
                write!(f, "{} is not a footing database ({what}); nothing was changed", shown_path(path))
            }
            StoreError::Newer { path, version, known } => write!(
                f,
                "{} was written by a newer footing (schema version {version}; this footing knows up to \
                 {known}); upgrade footing to use it; nothing was changed",
                shown_path(path)
            ),
            StoreError::NotRegular { path, kind, role } => write!(
                f,
                "{} is {kind}, not a regular file; footing reads {role} only from a regular file; nothing \
                 was opened",
                shown_path(path)
            ),
            StoreError::DiskFull { path } => {
                write!(f, "the disk is full: could not write {}; nothing was saved", shown_path(path))
            }
        }
    }
}

impl std::error::Error for StoreError {}

/// What a file that is not a regular one is, in words ("a FIFO"); `None` for a regular file.
pub fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_block_device() || t.is_char_device() {
        Some("a device")
    } else if t.is_symlink() {
        Some("a symbolic link")
    } else {
        Some("not a regular file")
    }
}

/// Refuses `path` before anything opens it unless it is a regular file (a symbolic link to
/// one is that file): opening a FIFO would block, and a device is no place for health data.
/// `Ok(false)` when nothing is there.
pub fn regular_or_missing(path: &Path, role: &'static str) -> anyhow::Result<bool> {
    use anyhow::Context;
    match std::fs::metadata(path) {
        Ok(meta) => match not_regular(&meta) {
            None => Ok(true),
            Some(kind) => Err(StoreError::NotRegular { path: path.to_path_buf(), kind, role }.into()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling symbolic link is refused too: writing through it would create its target.
            if path.symlink_metadata().is_ok() {
                return Err(StoreError::NotRegular {
                    path: path.to_path_buf(),
                    kind: "a symbolic link to nothing",
                    role,
                }
                .into());
            }
            Ok(false)
        }
        Err(e) => Err(e).with_context(|| format!("could not read {}", shown_path(path))),
    }
}
