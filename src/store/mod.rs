//! The one home of SQL: opening the database safely, migrations, and every query.

mod advice;
mod items;
mod program;
pub mod transfer;

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// `PRAGMA application_id` of a footing database: "foot" in ASCII.
pub const APPLICATION_ID: i32 = 0x666f_6f74;

/// The schema, one numbered file per version, applied in order; append-only.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_activity_indexes.sql"),
    include_str!("../../migrations/0004_foot_check.sql"),
    include_str!("../../migrations/0005_program.sql"),
];

/// The schema version this program writes and understands.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a command waits for another footing process to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What a command intends to do with the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reading commands never create a database file.
    Read,
    /// Writing commands create the file (0600) and its directories (0700) when missing.
    Write,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// True when there was no database to read: this store is an empty one in memory.
    missing: bool,
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
                Access::Read => return Store::empty(path),
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
        let found = identify(path)?;
        if matches!(found, Found::Empty) && access == Access::Read {
            return Store::empty(path);
        }
        let conn = connect(path, access, matches!(found, Found::Footing(SCHEMA_VERSION)))
            .with_context(|| format!("could not open database {}", path.display()))?;
        let mut store = Store { conn, path: path.to_path_buf(), missing: false };
        match found {
            Found::Footing(v) if v == SCHEMA_VERSION => {}
            Found::Footing(v) => store.migrate_from(v, MIGRATIONS)?,
            Found::Empty => store.migrate_from(0, MIGRATIONS)?,
        }
        Ok(store)
    }

    /// An empty store in memory, for reading commands when there is no database yet.
    fn empty(path: &Path) -> Result<Store> {
        let mut store =
            Store { conn: Connection::open_in_memory()?, path: path.to_path_buf(), missing: true };
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
            let copy = backup_path(&self.path, from);
            self.backup_to(&copy).with_context(|| {
                format!("could not save a copy before upgrading the database to {}", copy.display())
            })?;
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let current: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in migrations.iter().enumerate().skip(current.max(0) as usize) {
            tx.execute_batch(sql).with_context(|| format!("could not apply database migration {}", i + 1))?;
            tx.pragma_update(None, "user_version", (i + 1) as i32)?;
        }
        tx.commit()?;
        Ok(())
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

    /// Writes a consistent copy of the database to `dest` (0600, replacing it atomically);
    /// see [`Store::write_backup`].
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.write_backup(dest, true)
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
        Some(rusqlite::ErrorCode::NotADatabase) => anyhow::anyhow!(
            "{} is not a footing database (it is not a readable SQLite file); nothing was changed",
            path.display()
        ),
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
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Err(e)
            if access == Access::Read
                && current
                && e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) =>
        {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            Connection::open_with_flags(uri(path, true), flags)
        }
        Err(e) => Err(e),
        Ok(_) => Ok(conn),
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
    // "file:///abs" or "file:rel": a path starting with "//" must not read as an authority.
    let mut bytes: Vec<u8> = if path.is_absolute() { b"file://".to_vec() } else { b"file:".to_vec() };
    for &b in path.as_os_str().as_bytes() {
        match b {
            b'%' | b'?' | b'#' => bytes.extend(format!("%{b:02X}").bytes()),
            _ => bytes.push(b),
        }
    }
    bytes.extend_from_slice(if immutable { b"?mode=ro&immutable=1" } else { b"?mode=ro" });
    std::ffi::OsString::from_vec(bytes)
}

/// Where the copy made before a migration goes: `footing.db.v1.bak` beside the database.
fn backup_path(path: &Path, version: i32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    path.with_file_name(name)
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

    #[test]
    fn an_empty_database_is_migrated_without_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("footing.db");
        Store::open(&path, Access::Write).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().contains(".bak")), "{names:?}");
    }
}
