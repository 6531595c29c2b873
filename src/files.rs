//! The files footing writes for a person — `export --out`, `report --out`, `backup` — and
//! how it keeps them safe (§8). One place decides, for all three:
//!
//! - where a file may go: never over the database or the files SQLite keeps beside it, never
//!   through a symbolic link or onto a directory, never over an existing file without
//!   `--force` ([`check_target`]);
//! - how it is written: to a temporary file beside the target, readable by its owner only,
//!   flushed to disk and renamed into place, so a reader never sees half a file
//!   ([`TempFile`]);
//! - what a killed run leaves: each temporary file is locked while it is written, and the
//!   next write beside the same target removes the unlocked ones.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::MetadataExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::error::InputError;

/// The target of a write without `--force` exists.
#[derive(Debug)]
pub struct Exists(pub PathBuf);

impl fmt::Display for Exists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} already exists; nothing was written (add --force to replace it)", self.0.display())
    }
}

impl std::error::Error for Exists {}

/// The context of a failed write: the file that could not be written (so that a full disk
/// names it, not the database it was copied from).
#[derive(Debug)]
pub struct Writing(pub PathBuf);

impl fmt::Display for Writing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not write {}", self.0.display())
    }
}

/// True when `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Where a path leads, whether or not the file exists yet: the canonical path of the file,
/// or of its folder joined with its name.
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(p.file_name()?))
}

/// Why writing to `file` would destroy the database at `db`: it is the database itself, or
/// one of the files SQLite keeps beside it (`-wal`, `-shm`, `-journal`). `None` when it is
/// another file.
pub fn destroys_database(file: &Path, db: &Path) -> Option<&'static str> {
    const ITSELF: &str = "that is the database itself; give another file name";
    if same_file(file, db) {
        return Some(ITSELF);
    }
    let target = resolved(file)?;
    let db = resolved(db)?;
    let beside = ["-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut side = db.as_os_str().to_os_string();
        side.push(suffix);
        side == target.as_os_str()
    });
    if db == target {
        Some(ITSELF)
    } else if beside {
        Some("that is a file SQLite keeps beside the database; give another file name")
    } else {
        None
    }
}

/// Checks where a command is about to write, before it does any work. Refuses, as invalid
/// input naming `flag` (exit 2): a directory, a symbolic link, the database or a file SQLite
/// keeps beside it, and an existing file unless `force`.
pub fn check_target(flag: &str, path: &Path, db: &Path, force: bool) -> Result<(), InputError> {
    let shown = path.display().to_string();
    let refuse = |why: &str| Err(InputError::value(flag, &shown, why));
    if path.as_os_str().is_empty() {
        return refuse("give a file name");
    }
    let meta = path.symlink_metadata().ok();
    if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
        return refuse(
            "that is a symbolic link; footing writes only to a plain file (give the file itself, or another name)",
        );
    }
    if meta.as_ref().is_some_and(|m| m.is_dir()) || path.file_name().is_none() {
        return refuse("that is a directory; give a file name");
    }
    // A device, a FIFO or a socket is never replaced by a file of health data, --force or not.
    if let Some(kind) = meta.as_ref().and_then(crate::store::not_regular) {
        return refuse(&format!("that is {kind}; footing writes only to a regular file (give another name)"));
    }
    if let Some(why) = destroys_database(path, db) {
        return refuse(why);
    }
    if meta.is_some() && !force {
        return Err(InputError(Exists(path.to_path_buf()).to_string()));
    }
    Ok(())
}

/// Writes `bytes` to `path` (0600) through a temporary file and a rename; an existing file
/// is replaced only when `replace` is true.
pub fn write_file(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let mut tmp = TempFile::beside(path)?;
    tmp.file().write_all(bytes).with_context(|| Writing(path.into()))?;
    tmp.persist(path, replace)
}

/// A file being written beside its target: created 0600 with a unique name and locked while
/// this process lives, renamed over the target by [`TempFile::persist`], removed if dropped
/// before that — and by the next [`TempFile::beside`] the same target when the process was
/// killed.
pub struct TempFile {
    path: PathBuf,
    file: File,
}

/// `.NAME.` and `.tmp`: how the temporary files beside a target named NAME are named.
fn temp_affixes(target: &Path) -> Option<(String, &'static str)> {
    let name = target.file_name()?.to_string_lossy().into_owned();
    Some((format!(".{name}."), ".tmp"))
}

impl TempFile {
    /// Creates `.NAME.XXXXXXXX.tmp` in the directory of `target`, readable by its owner only,
    /// after removing the ones a killed run left there.
    pub fn beside(target: &Path) -> Result<TempFile> {
        let (prefix, suffix) =
            temp_affixes(target).with_context(|| format!("{} is not a file name", target.display()))?;
        let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        remove_stale(dir, &prefix, suffix);
        let mut tries = 0;
        loop {
            let path = dir.join(format!("{prefix}{:08x}{suffix}", fastrand::u32(..)));
            match OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path) {
                Ok(file) => {
                    // Held until the file is renamed or this process ends: a lock the next
                    // run can take means nobody is writing this file any more. Between the
                    // creation and the lock another run cleaning up may find the file
                    // unlocked and remove it (then SQLite, opening the name, would make a
                    // new file nobody holds, which the next cleaner removes mid-backup: seen
                    // as a "disk I/O error" with twenty concurrent writers): the lock counts
                    // only if the name still leads to the file locked, else another name.
                    let held = file.try_lock().is_ok()
                        && fs::metadata(&path).ok().zip(file.metadata().ok()).is_some_and(
                            |(named, locked)| (named.dev(), named.ino()) == (locked.dev(), locked.ino()),
                        );
                    if held || tries >= 10 {
                        return Ok(TempFile { path, file });
                    }
                    tries += 1;
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists && tries < 10 => tries += 1,
                Err(e) => return Err(e).with_context(|| Writing(target.into())),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file, for writing.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Flushes the file to disk and moves it to `target`. With `replace` false, an existing
    /// `target` is left alone and this fails with [`Exists`] (checked atomically where the
    /// file system allows).
    pub fn persist(mut self, target: &Path, replace: bool) -> Result<()> {
        let writing = || Writing(target.into());
        self.file.flush().with_context(writing)?;
        self.file.sync_all().with_context(writing)?;
        if replace {
            // Checked again at the last moment: only a regular file is ever replaced.
            if let Some(kind) = target.symlink_metadata().ok().and_then(|m| crate::store::not_regular(&m)) {
                anyhow::bail!(
                    "{} is {kind}, not a regular file; nothing was written there",
                    target.display()
                );
            }
            fs::rename(&self.path, target).with_context(writing)?;
        } else {
            match fs::hard_link(&self.path, target) {
                Ok(()) => {
                    let _ = fs::remove_file(&self.path);
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(Exists(target.into()).into()),
                // Some file systems cannot link: check, then rename.
                Err(_) => {
                    if target.symlink_metadata().is_ok() {
                        return Err(Exists(target.into()).into());
                    }
                    fs::rename(&self.path, target).with_context(writing)?;
                }
            }
        }
        // The rename itself is made durable by syncing the directory (best effort).
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
            // SQLite's files beside it, when it was a database being copied.
            for suffix in SQLITE_SIDES {
                let _ = fs::remove_file(with_suffix(&self.path, suffix));
            }
        }
    }
}

/// The files SQLite keeps beside a database while it works on it.
const SQLITE_SIDES: [&str; 3] = ["-journal", "-wal", "-shm"];

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes every temporary file footing left in `dir` (whatever its target) that no live
/// process holds: those a killed run left. Best effort.
pub fn remove_stale_temps(dir: &Path) {
    remove_stale(dir, ".", ".tmp");
}

/// Removes the temporary files (and the files SQLite keeps beside them) in `dir` that no live process
/// holds: those a killed run left. Best effort: what cannot be removed stays.
fn remove_stale(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(prefix) else { continue };
        let Some((before, tail)) = rest.rsplit_once(suffix) else { continue };
        // `.NAME.` + 8 hex digits: with the generic prefix ".", the hex is what follows the
        // name's last dot.
        let hex = if prefix == "." { before.rsplit_once('.').map_or("", |(_, h)| h) } else { before };
        if hex.len() != 8
            || !hex.bytes().all(|b| b.is_ascii_hexdigit())
            || !(tail.is_empty() || SQLITE_SIDES.contains(&tail))
        {
            continue;
        }
        let base = dir.join(format!("{prefix}{before}{suffix}"));
        let stale = match OpenOptions::new().write(true).open(&base) {
            Ok(f) => f.try_lock().is_ok(),
            Err(e) => e.kind() == ErrorKind::NotFound,
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_of_a_live_writer_stays_and_a_dead_ones_goes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let live = TempFile::beside(&target).unwrap();
        let dead = dir.path().join(".out.json.0badf00d.tmp");
        fs::write(&dead, b"half").unwrap();
        fs::write(with_suffix(&dead, "-journal"), b"j").unwrap();
        let other = dir.path().join(".other.json.0badf00d.tmp");
        fs::write(&other, b"not ours").unwrap();
        let second = TempFile::beside(&target).unwrap();
        assert!(live.path().exists(), "a file another writer holds is kept");
        assert!(!dead.exists() && !with_suffix(&dead, "-journal").exists());
        assert!(other.exists(), "the temporary files of another target are left alone");
        second.persist(&target, false).unwrap();
        drop(live);
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".other.json.0badf00d.tmp", "out.json"]);
    }

    #[test]
    fn persist_without_replace_keeps_the_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, b"keep me").unwrap();
        let err = write_file(&target, b"new", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} already exists; nothing was written (add --force to replace it)", target.display())
        );
        assert_eq!(fs::read(&target).unwrap(), b"keep me");
        write_file(&target, b"new", true).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
