//! The one home of SQL: opening the database safely, migrations, and every query.

mod advice;
pub mod check;
mod items;
pub mod journal;
mod program;
pub mod transfer;

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use check::{Damage, RESTORE};
pub use items::item_from_row;

/// `PRAGMA application_id` of a footing database: "foot" in ASCII.
pub const APPLICATION_ID: i32 = 0x666f_6f74;

/// The schema, one numbered file per version, applied in order; append-only.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_activity_indexes.sql"),
    include_str!("../../migrations/0003_ids_never_reused.sql"),
    include_str!("../../migrations/0004_foot_check.sql"),
    include_str!("../../migrations/0005_program.sql"),
    include_str!("../../migrations/0006_logged_days.sql"),
    include_str!("../../migrations/0007_reviews_tests_temps_profile.sql"),
    include_str!("../../migrations/0008_change_journal.sql"),
];

/// The schema version this program writes and understands.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a command waits for another footing process to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What a command intends to do with the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reading commands never create a database file and never write into it; a damaged
    /// file is read (see [`Store::damage`]), so that what it still holds can be exported.
    Read,
    /// Changes an existing database (`undo`, `delete`): never creates one, and refuses a
    /// damaged one.
    Change,
    /// Writing commands create the file (0600) and its directories (0700) when missing, and
    /// refuse a damaged one.
    Write,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// True when there was no database to read: this store is an empty one in memory.
    missing: bool,
    /// What the cheap checks found wrong with the file (only ever set for reading).
    damage: Option<Damage>,
}

/// What the identification of an existing file found.
enum Found {
    /// A footing database at this schema version.
    Footing(i32),
    /// An empty file (or an empty SQLite database): ours to initialise.
    Empty,
}

impl Store {
    /// Opens the database at `path`, refusing files that are not footing databases and
    /// databases newer than this program, leaving them byte-for-byte unchanged.
    ///
    /// With `Access::Read` and no file, returns an empty in-memory store (see [`Store::is_missing`]).
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let exists =
            path.try_exists().with_context(|| format!("could not check database {}", path.display()))?;
        if !exists {
            match access {
                Access::Read | Access::Change => return Store::empty(path),
                Access::Write => create_file(path)?,
            }
        }
        if !has_sqlite_header(path)? {
            bail!(
                "{} is not a footing database (it is not an SQLite file); nothing was changed",
                path.display()
            );
        }
        // Identify the file before opening it for writing: a connection that may write would
        // replay another program's leftover journal into its file, or checkpoint its WAL.
        let found = match identify(path) {
            Ok(found) => found,
            // SQLite's "malformed" says less than the size against the header would.
            Err(e) => match check::header_damage(path) {
                Ok(Some(d)) if e.to_string().contains(" is damaged") => {
                    bail!("{d}; nothing was written; {RESTORE}")
                }
                _ => return Err(e),
            },
        };
        if matches!(found, Found::Empty) {
            if access != Access::Write {
                return Store::empty(path);
            }
            // An empty file given with --db becomes a database: readable by its owner only.
            make_private(path)?;
        }
        let damage = match found {
            Found::Footing(_) => check::header_damage(path)?,
            Found::Empty => None,
        };
        if let Some(d) = &damage {
            if access != Access::Read || !matches!(found, Found::Footing(SCHEMA_VERSION)) {
                bail!("{d}; nothing was written; {RESTORE}");
            }
        }
        let conn = connect(path, access, matches!(found, Found::Footing(SCHEMA_VERSION)))
            .with_context(|| format!("could not open database {}", path.display()))?;
        // Before anything is written, the first page of every table and index (§8).
        if access != Access::Read && matches!(found, Found::Footing(_)) {
            if let Some(problem) = check::root_damage(&conn)? {
                bail!("{} is damaged: {problem}; nothing was written; {RESTORE}", path.display());
            }
        }
        let mut store = Store { conn, path: path.to_path_buf(), missing: false, damage };
        match found {
            Found::Footing(v) if v == SCHEMA_VERSION => {}
            Found::Footing(v) => store.migrate_from(v, MIGRATIONS)?,
            Found::Empty => store.migrate_from(0, MIGRATIONS)?,
        }
        Ok(store)
    }

    /// What the cheap checks on opening found wrong with the file, for a reading command
    /// (writing commands refuse a damaged file instead).
    pub fn damage(&self) -> Option<&Damage> {
        self.damage.as_ref()
    }

    /// SQLite's full integrity check (`footing check`): every problem found, at most `max`;
    /// empty when the database is whole.
    pub fn integrity_problems(&self, max: u32) -> Result<Vec<String>> {
        check::integrity_problems(&self.conn, max).map_err(|e| anyhow!("{}", sqlite_message(&e)))
    }

    /// An empty store in memory, for reading commands when there is no database yet.
    fn empty(path: &Path) -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: path.to_path_buf(),
            missing: true,
            damage: None,
        };
        store.migrate_from(0, MIGRATIONS)?;
        Ok(store)
    }

    /// True when nothing has been logged yet: there was no database file to read.
    pub fn is_missing(&self) -> bool {
        self.missing
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Brings the schema from version `from` up to the last of `migrations`, in one immediate
    /// transaction. A database that holds items is first copied beside itself.
    fn migrate_from(&mut self, from: i32, migrations: &[&str]) -> Result<()> {
        if from == 0 && !self.missing {
            self.use_wal()?;
        }
        if from > 0 && self.count_items()? > 0 {
            self.copy_before_migration(from)?;
        }
        let saving = || format!("could not upgrade database {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        // Another process may have migrated while we waited for the write lock.
        let current: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in migrations.iter().enumerate().skip(current.max(0) as usize) {
            tx.execute_batch(sql).with_context(|| {
                format!("could not apply migration {} to database {}", i + 1, self.path.display())
            })?;
            tx.pragma_update(None, "user_version", (i + 1) as i32)?;
        }
        tx.commit().with_context(saving)?;
        Ok(())
    }

    /// Writes the copy made before a migration beside the database, under a name no earlier
    /// copy has: `footing.db.v1.bak`, then `footing.db.v1.2.bak`, `footing.db.v1.3.bak`, …
    fn copy_before_migration(&self, from: i32) -> Result<PathBuf> {
        for n in 1..1000 {
            let copy = backup_path(&self.path, from, n);
            if copy.symlink_metadata().is_ok() {
                continue;
            }
            match self.write_backup(&copy, false) {
                Ok(()) => return Ok(copy),
                // Another process took this name a moment ago.
                Err(e)
                    if copy.symlink_metadata().is_ok()
                        && e.downcast_ref::<crate::files::Exists>().is_some() =>
                {
                    continue
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("could not save a copy before upgrading the database to {}", copy.display())
                    })
                }
            }
        }
        bail!("could not find a free name for the copy of {} before upgrading it", self.path.display())
    }

    /// Puts a new database in WAL mode, which lets readers and one writer work at once; it is
    /// a property of the file, set once. Switching needs the file to itself, and SQLite
    /// answers "busy" at once rather than waiting while other footing processes (creating the
    /// same new database) have it open, so this waits and retries up to the busy timeout.
    fn use_wal(&self) -> Result<()> {
        let deadline = Instant::now() + BUSY_TIMEOUT;
        loop {
            match self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
                Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
                Ok(mode) => {
                    bail!("could not set up database {}: it stays in {mode} mode", self.path.display())
                }
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("could not set up database {}", self.path.display()))
                }
            }
        }
    }
}

/// Says what the file at `path` is, through a connection that only reads. Without a `-wal`
/// beside the file, the file holds everything and is read as immutable, so SQLite creates
/// no `-wal` or `-shm` beside a file that may belong to another program; with one, the
/// normal read-only connection sees what footing processes have committed to it.
fn identify(path: &Path) -> Result<Found> {
    let immutable = !sidecar(path, "-wal").exists();
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let read = || -> rusqlite::Result<(i32, i32, Vec<String>)> {
        let conn = Connection::open_with_flags(uri(path, immutable), flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "cell_size_check", true)?;
        // One statement, so one consistent snapshot even while another process is
        // creating the schema.
        let (app, version, tables, others): (i32, i32, Option<String>, Option<String>) = conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version), \
                    (SELECT group_concat(name, ', ') FROM \
                        (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)), \
                    (SELECT group_concat(type || ' ' || name, ', ') FROM \
                        (SELECT type, name FROM sqlite_master WHERE type <> 'table' ORDER BY type, name))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let what = match (tables, others) {
            (Some(t), _) => vec![format!("with tables {t}")],
            (None, Some(o)) => vec![format!("with {o}")],
            (None, None) => vec![],
        };
        Ok((app, version, what))
    };
    let (app, version, schema) = read().map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => anyhow!(
            "{} is not a footing database (it is not a readable SQLite file); nothing was changed",
            path.display()
        ),
        Some(ErrorCode::DatabaseCorrupt) => {
            anyhow!("{} is damaged: {}; nothing was written; {RESTORE}", path.display(), sqlite_message(&e))
        }
        _ => anyhow::Error::new(e).context(format!("could not read database {}", path.display())),
    })?;
    if app == APPLICATION_ID {
        if version > SCHEMA_VERSION {
            bail!(
                "{} was written by a newer footing (schema version {version}; this footing knows up to {SCHEMA_VERSION}); \
                 upgrade footing to use it; nothing was changed",
                path.display()
            );
        }
        return Ok(Found::Footing(version));
    }
    if app == 0 && version == 0 && schema.is_empty() {
        return Ok(Found::Empty);
    }
    let what = match schema.first() {
        Some(s) => format!("it is an SQLite database of another program, {s}"),
        None => "it belongs to another program".to_string(),
    };
    bail!("{} is not a footing database ({what}); nothing was changed", path.display())
}

/// The connection a command works through. A current database this user may not write (a
/// read-only file in a read-only directory, such as a copy on a read-only disk) can still be
/// read: when SQLite cannot set up its shared WAL index there, a reading command reads the
/// file as immutable (nobody can be writing to it either).
fn connect(path: &Path, access: Access, current: bool) -> rusqlite::Result<Connection> {
    // A reader that may not write the file would have SQLite create `-wal` and `-shm` files
    // beside it with the file's read-only permissions, and leave them there, where they
    // block every later write. Such a reader reads the file as it is, creating nothing.
    let read_only_file = access == Access::Read
        && current
        && !sidecar(path, "-wal").exists()
        && OpenOptions::new().write(true).open(path).is_err_and(|e| e.kind() == ErrorKind::PermissionDenied);
    if read_only_file {
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(uri(path, true), flags)?;
        conn.pragma_update(None, "cell_size_check", true)?;
        return Ok(conn);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(plain(path), flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // A damaged page is an error when it is read, never an answer or a write.
    conn.pragma_update(None, "cell_size_check", true)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Err(e) if access == Access::Read && current && e.sqlite_error_code() == Some(ErrorCode::ReadOnly) => {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            let conn = Connection::open_with_flags(uri(path, true), flags)?;
            conn.pragma_update(None, "cell_size_check", true)?;
            Ok(conn)
        }
        Err(e) => Err(e),
        Ok(_) => Ok(conn),
    }
}

/// `path` as SQLite must be given it to read it as a plain file name: absolute, so that a
/// name such as `file:x.db` is never read as a URI (this SQLite is built to accept URIs).
pub(crate) fn plain(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| Path::new(".").join(path))
}

/// SQLite's own words for an error, once (rusqlite's message and its cause say the same).
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) if !m.is_empty() => m.clone(),
        rusqlite::Error::SqliteFailure(f, _) => rusqlite::ffi::code_to_str(f.extended_code).to_string(),
        other => other.to_string(),
    }
}

/// Rewords the SQLite failures a person can act on, for a command on the database at `db`:
/// a busy database (another footing is writing), a damaged one (restore a backup) and a full
/// disk (naming the file). Other errors pass unchanged.
pub fn explain(err: anyhow::Error, db: &Path) -> anyhow::Error {
    let Some(e) = err.chain().find_map(|e| e.downcast_ref::<rusqlite::Error>()) else { return err };
    let shown = db.display();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => anyhow!(
            "another footing is writing to {shown} and it stayed busy for {} seconds; nothing was changed; \
             try again in a moment",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
            if !err.chain().any(|c| c.to_string().contains(" is damaged")) =>
        {
            anyhow!("{shown} is damaged: {}; nothing was written; {RESTORE}", sqlite_message(e))
        }
        Some(ErrorCode::DiskFull) if !err.chain().any(|c| c.to_string().contains(&shown.to_string())) => {
            err.context(format!("the disk is full: could not write {shown}; nothing was saved"))
        }
        _ => err,
    }
}

/// `path` with `suffix` appended to its name: the `-wal` beside a database.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// An SQLite `file:` URI for `path`, read-only, and immutable when asked.
fn uri(path: &Path, immutable: bool) -> std::ffi::OsString {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    // "file://" and an absolute path: an empty authority, then the path, with the characters
    // a URI gives a meaning to escaped.
    let mut bytes: Vec<u8> = b"file://".to_vec();
    for &b in plain(path).as_os_str().as_bytes() {
        match b {
            b'%' | b'?' | b'#' => bytes.extend(format!("%{b:02X}").bytes()),
            _ => bytes.push(b),
        }
    }
    bytes.extend_from_slice(if immutable { b"?mode=ro&immutable=1" } else { b"?mode=ro" });
    std::ffi::OsString::from_vec(bytes)
}

/// Where the `n`-th copy made before a migration from `version` goes, beside the database:
/// `footing.db.v1.bak`, then `footing.db.v1.2.bak`, …
fn backup_path(path: &Path, version: i32, n: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    if n <= 1 {
        name.push(format!(".v{version}.bak"));
    } else {
        name.push(format!(".v{version}.{n}.bak"));
    }
    path.with_file_name(name)
}

/// Makes an empty file that footing turns into a database readable by its owner only.
fn make_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::metadata(path).with_context(|| format!("could not read database {}", path.display()))?;
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .with_context(|| format!("could not make {} private (0600)", path.display()))?;
    }
    Ok(())
}

/// Creates an empty database file readable by its owner only, and its directories (0700).
fn create_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("could not create directory {}", dir.display()))?;
    }
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        // Another footing process created it a moment ago.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("could not create database {}", path.display())),
    }
}

/// True when the file starts like an SQLite database, or is empty.
fn has_sqlite_header(path: &Path) -> Result<bool> {
    let mut file =
        fs::File::open(path).with_context(|| format!("could not read database {}", path.display()))?;
    if file.metadata()?.is_dir() {
        bail!("{} is a directory, not a footing database", path.display());
    }
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .with_context(|| format!("could not read database {}", path.display()))?;
    Ok(head.is_empty() || head == SQLITE_HEADER)
}

/// The default database: `footing.db` in the platform data directory.
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "footing")
        .context("could not find a home directory for the default database; use --db PATH")?;
    Ok(dirs.data_dir().join("footing.db"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Body, Entry, NewItem};

    #[test]
    fn a_migration_of_a_database_with_items_first_writes_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("footing.db");
        let mut store = Store::open(&path, Access::Write).unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        store.insert(&[NewItem { at, body: Body::Entry(Entry::pain(3)) }]).unwrap();

        let next: Vec<&str> =
            MIGRATIONS.iter().copied().chain(["ALTER TABLE item ADD COLUMN mood INTEGER;"]).collect();
        store.migrate_from(SCHEMA_VERSION, &next).unwrap();

        let version: i32 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION + 1);
        let copy =
            Store::open(&dir.path().join(format!("footing.db.v{SCHEMA_VERSION}.bak")), Access::Read).unwrap();
        assert!(!copy.is_missing());
        assert_eq!(copy.count_items().unwrap(), 1);
        assert_eq!(copy.all_items().unwrap()[0].pain(), Some(3));
    }

    /// Migration 0006 fills the logged days from the items already stored.
    #[test]
    fn the_logged_days_are_filled_from_a_database_of_version_5() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("footing.db");
        let mut store = Store::open(&path, Access::Write).unwrap();
        let at = |d: u32| chrono::NaiveDate::from_ymd_opt(2025, 3, d).unwrap().and_hms_opt(8, 0, 0).unwrap();
        store.insert(&[NewItem { at: at(1), body: Body::Entry(Entry::pain(3)) }]).unwrap();
        // Back to version 5, with items on days the triggers have not seen; only 0006 runs again.
        store
            .conn
            .execute_batch(
                "DROP TRIGGER logged_day_on_insert; DROP TRIGGER logged_day_on_delete; \
                 DROP TRIGGER logged_day_on_update; DROP TABLE logged_day; PRAGMA user_version = 5; \
                 INSERT INTO item (type, day, time, pain) VALUES ('entry', '2025-03-20', '08:00', 2), \
                 ('entry', '2025-03-20', '09:00', 2), ('entry', '2025-02-01', '08:00', 4);",
            )
            .unwrap();
        store.migrate_from(5, &MIGRATIONS[..6]).unwrap();
        let days: Vec<String> = store
            .conn
            .prepare("SELECT day FROM logged_day ORDER BY day")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(days, ["2025-02-01", "2025-03-01", "2025-03-20"]);
    }

    fn sqlite_error(code: i32, message: &str) -> anyhow::Error {
        let e = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(message.into()));
        anyhow::Error::new(e)
    }

    #[test]
    fn sqlite_failures_are_reworded_for_a_person() {
        let db = Path::new("/data/footing.db");
        let full = explain(sqlite_error(13, "database or disk is full"), db);
        assert_eq!(
            crate::error::message(&full),
            "the disk is full: could not write /data/footing.db; nothing was saved: database or disk is full"
        );
        // A message that already names the file keeps its words.
        let named = explain(
            sqlite_error(13, "database or disk is full").context("could not save to /data/footing.db"),
            db,
        );
        assert_eq!(
            crate::error::message(&named),
            "could not save to /data/footing.db: database or disk is full"
        );
        let busy = explain(sqlite_error(5, "database is locked"), db);
        assert_eq!(
            busy.to_string(),
            "another footing is writing to /data/footing.db and it stayed busy for 10 seconds; nothing was changed; \
             try again in a moment"
        );
        let corrupt = explain(sqlite_error(11, "database disk image is malformed"), db);
        assert_eq!(
            corrupt.to_string(),
            format!("/data/footing.db is damaged: database disk image is malformed; nothing was written; {RESTORE}")
        );
        let other = explain(anyhow!("something else"), db);
        assert_eq!(other.to_string(), "something else");
    }

    #[test]
    fn an_empty_database_is_migrated_without_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("footing.db");
        Store::open(&path, Access::Write).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().contains(".bak")), "{names:?}");
    }
}
