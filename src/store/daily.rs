//! The day's first write (§8): SQLite's `quick_check` over the whole file, then a verified
//! copy into `backups/` beside the database, rotated; and `footing restore`, which puts one
//! back.
//!
//! **Where the day's result is remembered: the day's copy itself.** A copy named for the day
//! (`backups/footing-2031-04-10.db`) is written only after the database passed the quick
//! check and the copy passed its own ([`check::verify_copy`]), so its presence says "checked
//! today, and sound" — nothing is written into the database to remember it (a damaged file
//! is never written to, and the schema is not changed for a date). Until the day's copy
//! exists, each write checks again: a damaged database keeps being refused (the check costs
//! a few milliseconds per megabyte), and a copy that could not be written (a full disk) is
//! tried again by the next write. A restored copy has not got today's copy, so the first
//! write after a restore checks the restored file again.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::error::StoreError;
use super::{check, sidecar, uri, Store};
use crate::files::{self, TempFile};
use crate::render::shown_path;

/// How many of the newest daily copies are kept, whatever their age.
pub const KEEP_DAYS: usize = 7;
/// How many ISO weeks (the current one included) keep their newest copy.
pub const KEEP_WEEKS: i64 = 8;

/// One daily copy: the local date it was taken and its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DailyBackup {
    pub date: NaiveDate,
    pub file: PathBuf,
}

/// The folder of daily copies: `backups/` beside the database.
pub fn folder(db: &Path) -> PathBuf {
    match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.join("backups"),
        None => PathBuf::from("backups"),
    }
}

/// The name's stem and extension: `footing.db` gives (`footing`, `.db`).
fn name_parts(db: &Path) -> (String, String) {
    let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = db.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    (stem, ext)
}

/// The copy of `date`: `backups/footing-2031-04-10.db` for `footing.db`.
pub fn path_for(db: &Path, date: NaiveDate) -> PathBuf {
    let (stem, ext) = name_parts(db);
    folder(db).join(format!("{stem}-{}{ext}", date.format("%Y-%m-%d")))
}

/// The daily copies of `db`, newest first (only regular files named as footing names them).
pub fn list(db: &Path) -> Vec<DailyBackup> {
    let (stem, ext) = name_parts(db);
    let prefix = format!("{stem}-");
    let Ok(entries) = fs::read_dir(folder(db)) else { return Vec::new() };
    let mut found: Vec<DailyBackup> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let date = name.strip_prefix(&prefix)?.strip_suffix(ext.as_str())?;
            if date.len() != 10 {
                return None;
            }
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some(DailyBackup { date, file: e.path() })
        })
        .collect();
    found.sort_by_key(|c| std::cmp::Reverse(c.date));
    found
}

/// What to do about a damaged database, appended to every message that reports one: the
/// newest daily copy when there is one, else the copy `footing backup` wrote.
pub fn advice(db: &Path) -> String {
    match list(db).first() {
        Some(newest) => format!(
            "restore a backup: `footing restore` puts back the newest daily copy that is sound (the \
             newest is {}, {}) and keeps the damaged file beside it; `footing check` shows what is wrong",
            newest.date,
            shown_path(&newest.file)
        ),
        None => check::RESTORE.to_string(),
    }
}

/// The dates whose copies rotation keeps, as of `today`: the `KEEP_DAYS` newest, and the
/// newest of each of the last `KEEP_WEEKS` ISO weeks (Monday to Sunday, this week included).
pub fn kept(dates: &[NaiveDate], today: NaiveDate) -> BTreeSet<NaiveDate> {
    let mut sorted: Vec<NaiveDate> = dates.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut keep: BTreeSet<NaiveDate> = sorted.iter().take(KEEP_DAYS).copied().collect();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    for week in 0..KEEP_WEEKS {
        let start = monday - Duration::weeks(week);
        let end = start + Duration::days(6);
        if let Some(newest) = sorted.iter().find(|d| **d >= start && **d <= end) {
            keep.insert(*newest);
        }
    }
    keep
}

/// SQLite's `quick_check` over the whole file: the first problem it finds, or `None`.
pub fn quick_check(conn: &Connection) -> Option<String> {
    match check::quick_problems(conn, 1) {
        Ok(problems) => problems.into_iter().next(),
        Err(e) => Some(super::sqlite_message(&e)),
    }
}

impl Store {
    /// The day's first write into a database that holds data (§8): the quick check, then the
    /// day's copy, then the rotation. Refuses (`StoreError::Damaged`) a database that fails
    /// the check, or whose copy fails its check. A copy that cannot be written for any
    /// other reason (a full disk, a read-only folder) is a warning: the person's entry is
    /// saved all the same, and the next write tries again.
    pub(super) fn daily(&self, today: NaiveDate) -> Result<()> {
        let copy = path_for(&self.path, today);
        if copy.symlink_metadata().is_ok() || self.count_items()? == 0 {
            return Ok(());
        }
        if let Some(problem) = quick_check(&self.conn) {
            return Err(
                StoreError::damaged(&self.path, format!("SQLite's quick check found: {problem}")).into()
            );
        }
        let dir = folder(&self.path);
        let taken = fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .with_context(|| format!("could not create {}", shown_path(&dir)))
            .and_then(|()| self.write_backup(&copy, false).map(drop));
        match taken {
            Ok(()) => {}
            // Another footing took today's copy a moment ago.
            Err(e) if e.downcast_ref::<files::Exists>().is_some() => {}
            Err(e)
                if e.downcast_ref::<StoreError>()
                    .is_some_and(|s| matches!(s, StoreError::Damaged { .. })) =>
            {
                return Err(e)
            }
            Err(e) => {
                let message = crate::error::message(&e);
                let _ = writeln!(
                    io::stderr(),
                    "warning: today's backup could not be written ({}); what you asked is saved all the \
                     same, and the next command that writes tries again",
                    crate::render::printable(&message)
                );
                return Ok(());
            }
        }
        rotate(&self.path, today);
        Ok(())
    }
}

/// Removes the daily copies that rotation no longer keeps, and temporary files a killed
/// copy left in the folder. Best effort: what cannot be removed stays.
fn rotate(db: &Path, today: NaiveDate) {
    let copies = list(db);
    let keep = kept(&copies.iter().map(|c| c.date).collect::<Vec<_>>(), today);
    for c in copies.iter().filter(|c| !keep.contains(&c.date)) {
        let _ = fs::remove_file(&c.file);
        // What SQLite left beside it when something opened it.
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(sidecar(&c.file, suffix));
        }
    }
    files::remove_stale_temps(&folder(db));
}

/// SQLite's full integrity check of a copy, read without writing anything beside it: the
/// first problem, or `None` when it is sound.
pub fn copy_problem(file: &Path) -> Option<String> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = match Connection::open_with_flags(uri(file, true), flags) {
        Ok(c) => c,
        Err(e) => return Some(super::sqlite_message(&e)),
    };
    let app: rusqlite::Result<i32> = conn.query_row("PRAGMA application_id", [], |r| r.get(0));
    match app {
        Ok(super::APPLICATION_ID) => {}
        Ok(_) => return Some("it is not a footing database".into()),
        Err(e) => return Some(super::sqlite_message(&e)),
    }
    match check::integrity_problems(&conn, 1) {
        Ok(p) => p.into_iter().next(),
        Err(e) => Some(super::sqlite_message(&e)),
    }
}

/// What `footing restore` did.
#[derive(Debug, Serialize)]
pub struct Restored {
    pub date: NaiveDate,
    pub from: PathBuf,
    /// Where the file it replaced was saved; `None` when there was no file.
    pub saved: Option<PathBuf>,
    /// Newer copies passed over because they failed the integrity check.
    pub skipped: Vec<DailyBackup>,
}

/// Puts a daily copy back over `db` (§8): the copy of `date`, or the newest one that passes
/// the integrity check. The current file (with its write-ahead log) is first saved beside
/// the database under a name no earlier file has. Exit 1 (nothing changed) when there is no
/// copy of `date`, listing the dates there are.
pub fn restore(db: &Path, date: Option<NaiveDate>) -> Result<Restored> {
    let copies = list(db);
    let dates = || copies.iter().map(|c| c.date.to_string()).collect::<Vec<_>>().join(", ");
    if copies.is_empty() {
        anyhow::bail!(
            "there are no daily backups in {} to restore; nothing was changed",
            shown_path(&folder(db))
        );
    }
    let mut skipped = Vec::new();
    let chosen = match date {
        Some(date) => {
            let Some(c) = copies.iter().find(|c| c.date == date) else {
                anyhow::bail!(
                    "there is no daily backup of {date}; there are: {}; nothing was changed",
                    dates()
                );
            };
            if let Some(problem) = copy_problem(&c.file) {
                anyhow::bail!(
                    "the daily backup of {date} ({}) failed SQLite's integrity check ({problem}); choose \
                     another date ({}); nothing was changed",
                    shown_path(&c.file),
                    dates()
                );
            }
            c.clone()
        }
        None => {
            let mut good = None;
            for c in &copies {
                if copy_problem(&c.file).is_none() {
                    good = Some(c.clone());
                    break;
                }
                skipped.push(c.clone());
            }
            good.with_context(|| {
                format!(
                    "every daily backup in {} failed SQLite's integrity check ({}); nothing was changed",
                    shown_path(&folder(db)),
                    dates()
                )
            })?
        }
    };
    // A symbolic link to the database is that file: the file is replaced, the link stays
    // (and SQLite keeps its log beside the file, not the link).
    let linked;
    let db = if db.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        linked = fs::canonicalize(db).with_context(|| format!("could not read {}", shown_path(db)))?;
        linked.as_path()
    } else {
        db
    };
    let saved = save_current(db)?;
    // The copy goes in beside the database first, whole and on disk, then takes its place.
    let mut tmp = TempFile::beside(db)?;
    let mut from = fs::File::open(&chosen.file)
        .with_context(|| format!("could not read {}", shown_path(&chosen.file)))?;
    io::copy(&mut from, tmp.file()).with_context(|| format!("could not write {}", shown_path(db)))?;
    // The log beside the replaced file belongs to it (it is saved with it): SQLite would
    // otherwise read its pages into the restored file.
    for suffix in ["-wal", "-shm", "-journal"] {
        match fs::remove_file(sidecar(db, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not remove {}", shown_path(&sidecar(db, suffix))))
            }
        }
    }
    tmp.persist(db, true)?;
    Ok(Restored { date: chosen.date, from: chosen.file, saved, skipped })
}

/// Saves the database and its write-ahead log beside it before a restore replaces them:
/// `footing.db.before-restore.bak` (with `-wal` when there is one), then `.2.bak`, …
fn save_current(db: &Path) -> Result<Option<PathBuf>> {
    if !super::error::regular_or_missing(db, "a database")? {
        return Ok(None);
    }
    let name = db.file_name().unwrap_or_default().to_string_lossy().into_owned();
    for n in 1..1000 {
        let saved = match n {
            1 => db.with_file_name(format!("{name}.before-restore.bak")),
            n => db.with_file_name(format!("{name}.before-restore.{n}.bak")),
        };
        if saved.symlink_metadata().is_ok() || sidecar(&saved, "-wal").symlink_metadata().is_ok() {
            continue;
        }
        let wal = sidecar(db, "-wal");
        if wal.metadata().is_ok_and(|m| m.len() > 0) {
            copy_file(&wal, &sidecar(&saved, "-wal"))?;
        }
        match copy_file(db, &saved) {
            Ok(()) => return Ok(Some(saved)),
            Err(e) if e.downcast_ref::<files::Exists>().is_some() => continue,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("could not save {} before restoring; nothing was changed", shown_path(db))
                })
            }
        }
    }
    anyhow::bail!("could not find a free name to save {} before restoring", shown_path(db))
}

/// Copies `from` to a new file `to` (0600) through a temporary file; never replaces `to`.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let mut tmp = TempFile::beside(to)?;
    let mut src = fs::File::open(from).with_context(|| format!("could not read {}", shown_path(from)))?;
    io::copy(&mut src, tmp.file()).with_context(|| format!("could not write {}", shown_path(to)))?;
    tmp.persist(to, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn copies_are_named_for_the_day_beside_the_database() {
        let db = Path::new("/data/footing.db");
        assert_eq!(path_for(db, d("2031-04-10")), Path::new("/data/backups/footing-2031-04-10.db"));
        assert_eq!(path_for(Path::new("mine"), d("2031-04-10")), Path::new("backups/mine-2031-04-10"));
    }

    /// Today is Thursday 2031-04-10 (ISO week 15 runs Monday 04-07 to Sunday 04-13).
    /// Copies of every day since 2031-01-01: the 7 newest are 04-04 … 04-10; the weeks are
    /// those starting 04-07, 03-31, 03-24, 03-17, 03-10, 03-03, 02-24 and 02-17, whose
    /// newest copies are their Sundays (04-10 for the current week); 04-10 and 04-06 are
    /// among the 7 newest, so 03-30, 03-23, 03-16, 03-09, 03-02 and 02-23 add 6: 13 in all.
    #[test]
    fn rotation_keeps_seven_days_and_the_newest_of_eight_weeks() {
        let today = d("2031-04-10");
        let all: Vec<NaiveDate> = d("2031-01-01").iter_days().take_while(|x| *x <= today).collect();
        let keep: Vec<String> = kept(&all, today).iter().map(|x| x.to_string()).collect();
        assert_eq!(
            keep,
            [
                "2031-02-23",
                "2031-03-02",
                "2031-03-09",
                "2031-03-16",
                "2031-03-23",
                "2031-03-30",
                "2031-04-04",
                "2031-04-05",
                "2031-04-06",
                "2031-04-07",
                "2031-04-08",
                "2031-04-09",
                "2031-04-10",
            ]
        );
    }

    /// With gaps, the 7 newest copies are kept however old they are, and an empty week keeps
    /// nothing.
    #[test]
    fn rotation_keeps_the_newest_copies_across_gaps() {
        let today = d("2031-04-10");
        let dates = [d("2030-12-01"), d("2031-01-05"), d("2031-02-02"), d("2031-03-01"), d("2031-03-02")];
        assert_eq!(kept(&dates, today).len(), 5);
        let many: Vec<NaiveDate> = (0..10).map(|i| d("2030-06-01") + Duration::days(i)).collect();
        let keep = kept(&many, today);
        // None falls in the last 8 weeks: only the 7 newest stay (06-04 … 06-10).
        assert_eq!(keep.iter().next(), Some(&d("2030-06-04")));
        assert_eq!(keep.len(), 7);
    }
}
