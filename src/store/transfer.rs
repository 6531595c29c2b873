//! Import and backup: adding a file's items without doubling the ones already stored,
//! copying the database while it is in use, and writing files that hold health data
//! (created 0600 beside their target and renamed into place, so a failure never leaves
//! half a file).

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params_from_iter, Connection, TransactionBehavior};

use super::items::{columns, INSERT};
use super::{Store, BUSY_TIMEOUT};
use crate::domain::NewItem;

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Items added to the database.
    pub imported: usize,
    /// Items of the file that were already stored.
    pub skipped: usize,
}

/// Stored items identical to one item in every column but the id; `IS` treats NULLs as
/// equal. The day and time narrow the search through the index `item_by_day`.
const COUNT_SAME: &str = "SELECT count(*) FROM item WHERE day = ?1 AND time = ?2 AND type IS ?3 \
                          AND pain IS ?4 AND numb IS ?5 AND stance_left IS ?6 AND stance_right IS ?7 \
                          AND heel_raises IS ?8 AND walk IS ?9 AND flags IS ?10 AND kind IS ?11 \
                          AND sets IS ?12 AND reps IS ?13 AND minutes IS ?14 AND rpe IS ?15 AND note IS ?16 \
                          AND feet_ok IS ?17 AND exercises IS ?18";

impl Store {
    /// Adds `items` in one immediate transaction, in order, skipping those already stored.
    ///
    /// A file may hold identical items (two pain readings of 3 in the same minute), so
    /// copies are counted: of each distinct item, as many are added as the file holds
    /// beyond the copies stored before the import. Importing the same file twice adds
    /// nothing; importing an export into an empty database reproduces every item.
    pub fn import(&mut self, items: &[NewItem]) -> Result<ImportCounts> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut counts = ImportCounts::default();
        {
            let mut count_same = tx.prepare_cached(COUNT_SAME)?;
            let mut insert = tx.prepare_cached(INSERT)?;
            // For each distinct item: (copies stored before the import, copies seen in the file).
            // Distinct items never match each other, so adding one leaves the others' counts alone.
            let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
            for item in items {
                let values = columns(item);
                // The Debug form of the values is an unambiguous key (strings are escaped).
                let key = format!("{values:?}");
                let entry = match seen.get_mut(&key) {
                    Some(e) => e,
                    None => {
                        let stored: i64 =
                            count_same.query_row(params_from_iter(values.iter()), |r| r.get(0))?;
                        seen.entry(key).or_insert((usize::try_from(stored).unwrap_or(0), 0))
                    }
                };
                entry.1 += 1;
                if entry.1 > entry.0 {
                    insert.execute(params_from_iter(values.iter()))?;
                    counts.imported += 1;
                } else {
                    counts.skipped += 1;
                }
            }
        }
        tx.commit().with_context(|| format!("could not save to {}", self.path.display()))?;
        Ok(counts)
    }

    /// Writes a consistent copy of the database to `dest` with SQLite's online backup API.
    ///
    /// All pages are copied in one step under one read snapshot: in WAL mode other
    /// processes keep writing meanwhile, and the copy holds exactly what was committed when
    /// the step began. The copy is written to a file (0600) beside `dest` and renamed into
    /// place; an existing `dest` is replaced only when `replace` is true.
    pub fn write_backup(&self, dest: &Path, replace: bool) -> Result<()> {
        let tmp = TempFile::beside(dest)?;
        {
            let mut out = Connection::open(tmp.path())
                .with_context(|| format!("could not write {}", tmp.path().display()))?;
            let backup = Backup::new(&self.conn, &mut out)?;
            let deadline = Instant::now() + BUSY_TIMEOUT;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    _ if Instant::now() > deadline => {
                        bail!("the database stayed busy for {} seconds; try again", BUSY_TIMEOUT.as_secs())
                    }
                    _ => thread::sleep(Duration::from_millis(20)),
                }
            }
        }
        tmp.persist(dest, replace)
    }
}

/// A file being written beside its target: created 0600 with a unique name, renamed over
/// the target by [`TempFile::persist`], removed if dropped before that.
pub struct TempFile {
    path: PathBuf,
    file: File,
}

impl TempFile {
    /// Creates `.NAME.XXXXXXXX.tmp` in the directory of `target`, readable by its owner only.
    pub fn beside(target: &Path) -> Result<TempFile> {
        let name = target
            .file_name()
            .with_context(|| format!("{} is not a file name", target.display()))?
            .to_string_lossy()
            .into_owned();
        let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut tries = 0;
        loop {
            let path = dir.join(format!(".{name}.{:08x}.tmp", fastrand::u32(..)));
            match OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path) {
                Ok(file) => return Ok(TempFile { path, file }),
                Err(e) if e.kind() == ErrorKind::AlreadyExists && tries < 10 => tries += 1,
                Err(e) => return Err(e).with_context(|| format!("could not write in {}", dir.display())),
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
    /// `target` is left alone and this fails (checked atomically where the file system allows).
    pub fn persist(mut self, target: &Path, replace: bool) -> Result<()> {
        self.file.sync_all().with_context(|| format!("could not write {}", self.path.display()))?;
        if replace {
            fs::rename(&self.path, target)
                .with_context(|| format!("could not write {}", target.display()))?;
        } else {
            match fs::hard_link(&self.path, target) {
                Ok(()) => {
                    let _ = fs::remove_file(&self.path);
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    bail!("{} already exists; nothing was written", target.display())
                }
                // Some file systems cannot link: check, then rename.
                Err(_) => {
                    if target.symlink_metadata().is_ok() {
                        bail!("{} already exists; nothing was written", target.display());
                    }
                    fs::rename(&self.path, target)
                        .with_context(|| format!("could not write {}", target.display()))?;
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Body, Entry};
    use crate::store::Access;
    use chrono::NaiveDate;

    fn pain(p: u8, minute: u32) -> NewItem {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(8, minute, 0).unwrap();
        NewItem { at, body: Body::Entry(Entry::pain(p)) }
    }

    #[test]
    fn import_adds_only_the_copies_not_yet_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let (a, b, c) = (pain(3, 0), pain(4, 0), pain(3, 1));
        store.insert(&[a.clone(), a.clone(), b.clone()]).unwrap();
        let counts = store.import(&[a.clone(), a.clone(), a.clone(), b.clone(), c.clone()]).unwrap();
        assert_eq!(counts, ImportCounts { imported: 2, skipped: 3 });
        // Ordered by (day, time, id): the added copy of `a` (id 4) comes after `b` (id 3).
        let stored: Vec<_> = store.all_items().unwrap().into_iter().map(|i| (i.id, i.pain(), i.at)).collect();
        assert_eq!(
            stored,
            [
                (1, Some(3), a.at),
                (2, Some(3), a.at),
                (3, Some(4), b.at),
                (4, Some(3), a.at),
                (5, Some(3), c.at)
            ]
        );
        let again = store.import(&[a.clone(), a.clone(), a, b, c]).unwrap();
        assert_eq!(again, ImportCounts { imported: 0, skipped: 5 });
    }

    #[test]
    fn the_duplicate_search_uses_the_day_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {COUNT_SAME}"))
            .unwrap()
            .query_map(params_from_iter(columns(&pain(1, 0)).iter()), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().any(|p| p.contains("USING INDEX item_by_day (day=? AND time=?)")), "{plan:?}");
    }

    #[test]
    fn a_backup_never_replaces_a_file_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        store.insert(&[pain(2, 0)]).unwrap();
        let dest = dir.path().join("copy.db");
        fs::write(&dest, b"keep me").unwrap();
        let err = store.write_backup(&dest, false).unwrap_err();
        assert_eq!(err.to_string(), format!("{} already exists; nothing was written", dest.display()));
        assert_eq!(fs::read(&dest).unwrap(), b"keep me");
        store.write_backup(&dest, true).unwrap();
        assert_eq!(Store::open(&dest, Access::Read).unwrap().count_items().unwrap(), 1);
        // Nothing but the database (with its WAL files, as it is open) and the copy.
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["copy.db", "f.db", "f.db-shm", "f.db-wal"]);
    }
}
