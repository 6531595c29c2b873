//! The one home of SQL: opening the database safely, migrations, and every query.

mod advice;
pub mod check;
pub mod daily;
mod error;
mod items;
pub mod journal;
mod pause;
mod profile;
mod program;
pub mod transfer;

use std::fs::{self, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use check::{Damage, RESTORE};
pub use error::{not_regular, regular_or_missing, StoreError};
pub use items::item_from_row;
pub use program::{program_import, set_clock as set_program_clock, ProgramImport};

/// The local date of this command (§2), set once by the command line before any database
/// is opened: the day of the daily check and backup. Unset (library tests), no daily step runs.
static TODAY: std::sync::OnceLock<chrono::NaiveDate> = std::sync::OnceLock::new();

/// Sets the date of the day's first write (see [`daily`]); the first call wins.
pub fn set_today(today: chrono::NaiveDate) {
    let _ = TODAY.set(today);
}

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
    include_str!("../../migrations/0009_program_changed_at.sql"),
    include_str!("../../migrations/0010_program_breaks.sql"),
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
    /// True when this is an upgraded copy in memory of an older database being read: it is
    /// never copied beside the file, and the file is never written.
    in_memory: bool,
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
        // A FIFO would block the open below, and a device is no place for a database.
        let exists = regular_or_missing(path, "a database")?;
        if !exists {
            match access {
                Access::Read | Access::Change => return Store::empty(path),
                Access::Write => create_file(path)?,
            }
        }
        // The header, read once, says what the file is and whether its size fits (§8).
        let header = check::read_header(path)?;
        if !(header.bytes.is_empty() || header.bytes.starts_with(SQLITE_HEADER)) {
            return Err(
                StoreError::Foreign { path: path.into(), what: "it is not an SQLite file".into() }.into()
            );
        }
        // Identify the file before opening it for writing: a connection that may write would
        // replay another program's leftover journal into its file, or checkpoint its WAL. A
        // footing database with nothing in a log beside it says all in its header; anything
        // else is asked through a connection that only reads.
        let found = match from_header(path, &header)? {
            Some(found) => found,
            None => match identify(path) {
                Ok(found) => found,
                // SQLite's "malformed" says less than the size against the header would.
                Err(e) => match check::header_damage_from(path, Some(&header)) {
                    Ok(Some(d)) if is_damaged(&e) => return Err(StoreError::damaged(path, d.problem).into()),
                    _ => return Err(e),
                },
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
            Found::Footing(_) => check::header_damage_from(path, Some(&header))?,
            Found::Empty => None,
        };
        if let Some(d) = &damage {
            if access != Access::Read || !matches!(found, Found::Footing(SCHEMA_VERSION)) {
                return Err(StoreError::damaged(path, d.problem.clone()).into());
            }
        }
        // Reading never writes (§8): an older database is read through an upgraded copy in
        // memory, and the file is left as it is.
        if let (Access::Read, Found::Footing(v)) = (access, &found) {
            if *v < SCHEMA_VERSION {
                return Store::upgraded_copy(path, *v);
            }
        }
        let conn = match connect(path, access, matches!(found, Found::Footing(SCHEMA_VERSION))) {
            Ok(conn) => conn,
            // SQLite's "malformed" says less than the size against the header does.
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) && damage.is_some() => {
                let problem = damage.map(|d| d.problem).unwrap_or_default();
                return Err(StoreError::damaged(path, problem).into());
            }
            Err(e) => return Err(e).with_context(|| format!("could not open database {}", path.display())),
        };
        // Before anything is written, the first page of every table and index (§8).
        if access != Access::Read && matches!(found, Found::Footing(_)) {
            if let Some(problem) = check::root_damage(&conn)? {
                return Err(StoreError::damaged(path, problem).into());
            }
        }
        let mut store = Store { conn, path: path.to_path_buf(), missing: false, damage, in_memory: false };
        // The day's first write: the whole file checked, and a verified copy taken (§8).
        if let (Access::Write | Access::Change, Found::Footing(_), Some(today)) =
            (access, &found, TODAY.get())
        {
            store.daily(*today)?;
        }
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
    ///
    /// An older database read through an upgraded copy in memory is checked in its file, as
    /// it is (the copy's upgrade rebuilds tables and indexes, which would hide their damage).
    pub fn integrity_problems(&self, max: u32) -> Result<Vec<String>> {
        let found = if self.in_memory && !self.missing {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            let immutable = !sidecar(&self.path, "-wal").exists();
            Connection::open_with_flags(uri(&self.path, immutable), flags)
                .and_then(|conn| check::integrity_problems(&conn, max))
        } else {
            check::integrity_problems(&self.conn, max)
        };
        found.map_err(|e| anyhow!("{}", sqlite_message(&e)))
    }

    /// An empty store in memory, for reading commands when there is no database yet.
    fn empty(path: &Path) -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: path.to_path_buf(),
            missing: true,
            damage: None,
            in_memory: true,
        };
        store.migrate_from(0, MIGRATIONS)?;
        Ok(store)
    }

    /// An older database (schema `version`) for reading: copied into memory with SQLite's
    /// backup API through a read-only connection, then upgraded there. The file, and the
    /// folder it is in, are never written (they may be read-only: a backup on a CD).
    fn upgraded_copy(path: &Path, version: i32) -> Result<Store> {
        let reading = || format!("could not read database {}", path.display());
        let immutable = !sidecar(path, "-wal").exists();
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let source = Connection::open_with_flags(uri(path, immutable), flags).with_context(reading)?;
        source.busy_timeout(BUSY_TIMEOUT)?;
        let mut conn = Connection::open_in_memory().with_context(reading)?;
        {
            let backup = rusqlite::backup::Backup::new(&source, &mut conn).with_context(reading)?;
            // Every page in one step, under one read snapshot.
            backup.run_to_completion(i32::MAX, Duration::from_millis(20), None).with_context(reading)?;
        }
        drop(source);
        conn.pragma_update(None, "cell_size_check", true)?;
        let mut store =
            Store { conn, path: path.to_path_buf(), missing: false, damage: None, in_memory: true };
        store.migrate_from(version, MIGRATIONS)?;
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
        if from == 0 && !self.in_memory {
            self.use_wal()?;
        }
        if from > 0 && !self.in_memory && self.count_items()? > 0 {
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
                Ok(_) => return Ok(copy),
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

    /// Why the write-ahead log is not kept between runs (issue 18 asked to weigh it): a kept
    /// log holds committed entries outside `footing.db` until a checkpoint. Durability on
    /// this machine would hold — at `synchronous = FULL` (SQLite's default, which footing
    /// keeps) each commit syncs the log before `log` reports the entry, and a kill right
    /// after is tested to keep it — but a person who backs up by copying `footing.db` (a
    /// file manager, a USB stick) would copy a file without their latest entries, with no
    /// sign that anything is missing. So SQLite checkpoints into the file and removes the log
    /// when the last connection closes, at about a millisecond and two syncs per write.
    ///
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

/// What the header of the file says it is, when that is the whole truth: a footing database
/// (application id and schema version, bytes 68 and 60) with no log beside it holding pages
/// the file has not got yet. `None` when a connection must be asked ([`identify`]).
fn from_header(path: &Path, header: &check::Header) -> Result<Option<Found>> {
    let (Some(version), Some(app)) = (header.be32(60), header.be32(68)) else { return Ok(None) };
    let (version, app) = (version as i32, app as i32);
    if app != APPLICATION_ID || sidecar(path, "-wal").metadata().is_ok_and(|m| m.len() > 0) {
        return Ok(None);
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer { path: path.into(), version, known: SCHEMA_VERSION }.into());
    }
    Ok(Some(Found::Footing(version)))
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
        Some(ErrorCode::NotADatabase) => {
            StoreError::Foreign { path: path.into(), what: "it is not a readable SQLite file".into() }.into()
        }
        Some(ErrorCode::DatabaseCorrupt) => StoreError::damaged(path, sqlite_message(&e)).into(),
        _ => anyhow::Error::new(e).context(format!("could not read database {}", path.display())),
    })?;
    if app == APPLICATION_ID {
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path: path.into(), version, known: SCHEMA_VERSION }.into());
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
    Err(StoreError::Foreign { path: path.into(), what }.into())
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

/// True when `err` is (or was caused by) a damaged database.
fn is_damaged(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        matches!(c.downcast_ref::<StoreError>(), Some(StoreError::Damaged { .. }))
            || c.downcast_ref::<rusqlite::Error>().and_then(|e| e.sqlite_error_code())
                == Some(ErrorCode::DatabaseCorrupt)
    })
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
    // Already said in the store's own words.
    if err.downcast_ref::<StoreError>().is_some() {
        return err;
    }
    let Some(e) = err.chain().find_map(|e| e.downcast_ref::<rusqlite::Error>()) else { return err };
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Busy { path: db.into(), seconds: BUSY_TIMEOUT.as_secs() }.into()
        }
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            StoreError::damaged(db, sqlite_message(e)).into()
        }
        // A failed write names the file it could not write: a `Writing` context when there
        // is one (a backup's target), else the database.
        Some(ErrorCode::DiskFull) => {
            let path = err.downcast_ref::<crate::files::Writing>().map_or(db, |w| w.0.as_path());
            StoreError::DiskFull { path: path.into() }.into()
        }
        _ => err,
    }
}

/// After a write failed for want of space: gives back what the failed transaction took in
/// the write-ahead log beside `db`. SQLite removes the log when the last connection closes,
/// but while another footing (or any reader) has the database open, the log keeps the size
/// the failed write grew it to — space the full disk needs. A checkpoint that truncates it
/// moves only committed pages (the failed write never committed) and empties the file; it
/// cannot while another process is in the middle of reading, so it waits a moment, then gives
/// up quietly (the log is emptied by the next write that finishes).
pub fn release_space(db: &Path) {
    let wal = sidecar(db, "-wal");
    if !wal.metadata().is_ok_and(|m| m.len() > 0) {
        return;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if let Ok(conn) = Connection::open_with_flags(plain(db), flags) {
        let _ = conn.busy_timeout(Duration::from_secs(2));
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
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

    /// Migration 0010 finds the program breaks of the days already logged: the first day and
    /// each day 28 or more days after the one before it (27 days is not a break).
    #[test]
    fn the_program_breaks_are_filled_from_a_database_of_version_9() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("footing.db");
        let mut store = Store::open(&path, Access::Write).unwrap();
        let at = |d: &str| {
            let day = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            NewItem { at: day.and_hms_opt(8, 0, 0).unwrap(), body: Body::Entry(Entry::pain(3)) }
        };
        let days = ["2025-01-01", "2025-01-28", "2025-02-25", "2025-02-26", "2025-04-01"];
        store.insert(&days.map(at)).unwrap();
        store
            .conn
            .execute_batch(
                "DROP TRIGGER program_break_on_insert; DROP TRIGGER program_break_on_delete; \
                 DROP TABLE program_break; PRAGMA user_version = 9;",
            )
            .unwrap();
        store.migrate_from(9, &MIGRATIONS[..10]).unwrap();
        let breaks: Vec<String> = store
            .conn
            .prepare("SELECT day FROM program_break ORDER BY day")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // 01-28 is 27 days after 01-01; 02-25 is 28 after 01-28; 04-01 is 34 after 02-26.
        assert_eq!(breaks, ["2025-01-01", "2025-02-25", "2025-04-01"]);
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
            "the disk is full: could not write /data/footing.db; nothing was saved"
        );
        // A failed write names the file it was writing (a backup's target), not the database.
        let named = explain(
            sqlite_error(13, "database or disk is full")
                .context(crate::files::Writing("/media/copy.db".into())),
            db,
        );
        assert_eq!(
            crate::error::message(&named),
            "the disk is full: could not write /media/copy.db; nothing was saved"
        );
        assert!(matches!(named.downcast_ref::<StoreError>(), Some(StoreError::DiskFull { .. })));
        let busy = explain(sqlite_error(5, "database is locked"), db);
        assert_eq!(
            busy.to_string(),
            "another footing is writing to /data/footing.db and it stayed busy for 10 seconds; nothing was changed; \
             try again in a moment"
        );
        assert!(matches!(busy.downcast_ref::<StoreError>(), Some(StoreError::Busy { .. })));
        let corrupt = explain(sqlite_error(11, "database disk image is malformed"), db);
        assert_eq!(
            corrupt.to_string(),
            format!("/data/footing.db is damaged: database disk image is malformed; nothing was written; {RESTORE}")
        );
        assert!(is_damaged(&corrupt));
        // Said once: an error already in the store's words passes unchanged.
        let again = explain(corrupt, db);
        assert!(matches!(again.downcast_ref::<StoreError>(), Some(StoreError::Damaged { .. })));
        let other = explain(anyhow!("something else"), db);
        assert_eq!(other.to_string(), "something else");
    }

    /// Each failure a person can act on is its own type, found without reading the words.
    #[test]
    fn store_errors_are_typed() {
        let dir = tempfile::tempdir().unwrap();
        let kind = |path: &Path| {
            let e = Store::open(path, Access::Read).err().unwrap();
            let e = e.downcast_ref::<StoreError>().cloned().unwrap();
            std::mem::discriminant(&e)
        };
        let text = dir.path().join("notes.txt");
        fs::write(&text, "hello").unwrap();
        let foreign = StoreError::Foreign { path: text.clone(), what: String::new() };
        assert_eq!(kind(&text), std::mem::discriminant(&foreign));
        let other = dir.path().join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
        assert_eq!(kind(&other), std::mem::discriminant(&foreign));
        let newer = dir.path().join("newer.db");
        Store::open(&newer, Access::Write).unwrap();
        Connection::open(&newer).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        let e = Store::open(&newer, Access::Read).err().unwrap();
        assert_eq!(
            e.downcast_ref::<StoreError>(),
            Some(&StoreError::Newer {
                path: newer.clone(),
                version: SCHEMA_VERSION + 1,
                known: SCHEMA_VERSION
            })
        );
        let e = Store::open(dir.path(), Access::Write).err().unwrap();
        assert!(matches!(
            e.downcast_ref::<StoreError>(),
            Some(StoreError::NotRegular { kind: "a directory", .. })
        ));
    }

    /// A footing database with no log beside it is known from its header alone (no second
    /// connection); with pages in a log, or another program's file, a connection is asked.
    #[test]
    fn the_header_says_what_a_footing_database_is_when_no_log_holds_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("footing.db");
        drop(Store::open(&path, Access::Write).unwrap());
        let header = check::read_header(&path).unwrap();
        assert!(matches!(from_header(&path, &header).unwrap(), Some(Found::Footing(SCHEMA_VERSION))));
        fs::write(sidecar(&path, "-wal"), b"pages not yet in the file").unwrap();
        assert!(from_header(&path, &header).unwrap().is_none());
        fs::remove_file(sidecar(&path, "-wal")).unwrap();
        let mut newer = header.bytes.clone();
        newer[60..64].copy_from_slice(&(SCHEMA_VERSION + 1).to_be_bytes());
        let e = from_header(&path, &check::Header { bytes: newer, len: header.len }).err().unwrap();
        assert!(matches!(e.downcast_ref::<StoreError>(), Some(StoreError::Newer { .. })));
        let other = dir.path().join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(from_header(&other, &check::read_header(&other).unwrap()).unwrap().is_none());
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
