//! Damage (§8): the cheap checks every open runs, and the full integrity check of
//! `footing check`.
//!
//! The cheap checks read the 100-byte header and the file's size: a file cut short, or one
//! that grew by garbage, no longer holds the number of pages its header records. The rest is
//! SQLite's own cell-size check (`PRAGMA cell_size_check`), on for every connection, which
//! turns a damaged page into an error the moment a command reads it instead of a wrong
//! answer or a write into it. The full check reads every page and index (`PRAGMA
//! integrity_check`); it costs milliseconds per megabyte, so only `check` and `restore` run
//! it. Every copy of the database is checked by [`verify_copy`] before it takes its place.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};

use super::sidecar;

/// What is wrong with a database file, in words for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    pub path: PathBuf,
    pub problem: String,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is damaged: {}", crate::render::shown_path(&self.path), self.problem)
    }
}

impl std::error::Error for Damage {}

/// What to do about a damaged database, appended to every message that reports one.
pub const RESTORE: &str = "restore a backup (copy the file `footing backup` wrote over it), \
                           and keep the damaged file until you have; `footing check` shows what is wrong";

/// The cheap check of §8: the file's size against the page count its header records.
/// `None` when the file looks whole.
///
/// While a write-ahead log with content lies beside the file, the file may hold fewer pages
/// than the database (the newest are in the log) or more (a checkpoint in progress), so then
/// only whole pages are required. A mismatch is read again a few times before it counts: a
/// checkpoint by another footing process moves both the header and the size.
pub fn header_damage(path: &Path) -> Result<Option<Damage>> {
    header_damage_from(path, None)
}

/// [`header_damage`], starting from a header already read (`read_header`): the file is read
/// again only when the first look finds a mismatch.
pub fn header_damage_from(path: &Path, first: Option<&Header>) -> Result<Option<Damage>> {
    let mut found = None;
    for attempt in 0..4 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
        found = match (attempt, first) {
            (0, Some(h)) => header_problem_in(path, h),
            _ => header_problem_in(path, &read_header(path)?),
        };
        if found.is_none() {
            return Ok(None);
        }
    }
    Ok(found.map(|problem| Damage { path: path.to_path_buf(), problem }))
}

/// The first 100 bytes of a database file (fewer when it is shorter) and its size.
pub struct Header {
    pub bytes: Vec<u8>,
    pub len: u64,
}

impl Header {
    /// The big-endian number at `at` (the header's fields), when the header is whole.
    pub fn be32(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at + 4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Reads the header of the file at `path`: one open, one read.
pub fn read_header(path: &Path) -> Result<Header> {
    let read = || format!("could not read database {}", path.display());
    let mut file = File::open(path).with_context(read)?;
    let len = file.metadata().with_context(read)?.len();
    let mut bytes = Vec::with_capacity(100);
    file.by_ref().take(100).read_to_end(&mut bytes).with_context(read)?;
    Ok(Header { bytes, len })
}

fn header_problem_in(path: &Path, h: &Header) -> Option<String> {
    let len = h.len;
    let Ok(header) = <[u8; 100]>::try_from(h.bytes.as_slice()) else {
        return Some(format!("it is cut short ({len} bytes, less than one page)"));
    };
    let be32 = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        n => return Some(format!("its header names an impossible page size ({n})")),
    };
    if !len.is_multiple_of(page_size) {
        return Some(format!(
            "its size ({len} bytes) is not a whole number of {page_size}-byte pages: it was cut short or \
             something was written into it"
        ));
    }
    let wal_len = std::fs::metadata(sidecar(path, "-wal")).map_or(0, |m| m.len());
    // The header's page count is valid when its "version valid for" matches the change counter.
    let (pages, valid) = (u64::from(be32(28)), be32(92) == be32(24));
    if wal_len == 0 && valid && pages > 0 && pages * page_size != len {
        let held = len / page_size;
        let how = if held < pages { "it was cut short" } else { "something was added to it" };
        return Some(format!("it holds {held} pages where its header records {pages}: {how}"));
    }
    None
}

/// The cheap check of §8 for a command about to write: the first page of every table and
/// index must be a whole b-tree page. A write goes only through the pages it needs, so
/// garbage in the pages of the program would not stop `log`, nor garbage in the items' first
/// page `program add`; this finds it in a fraction of a millisecond (one page per table and
/// index), whatever the size of the database. `None` when every first page is whole.
///
/// The pages are read through SQLite's pager (`sqlite_dbpage`, compiled in by
/// `.cargo/config.toml`), so a page still in the log is read as it is now, and checked here
/// as SQLite would decode it ([`btree_page_problem`]); a build of SQLite without that table
/// has `dbstat` decode them instead (issue 18: that cost 1.6 M instructions on every write,
/// some 60,000 per page).
pub fn root_damage(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut stmt = match conn.prepare_cached(
        "SELECT m.name, m.rootpage, (SELECT data FROM sqlite_dbpage WHERE pgno = m.rootpage) \
         FROM sqlite_master AS m WHERE m.rootpage > 0 ORDER BY m.rootpage",
    ) {
        Ok(stmt) => stmt,
        Err(e) if e.to_string().contains("sqlite_dbpage") => return root_damage_by_dbstat(conn),
        Err(e) => return Err(e),
    };
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let page = match row.get_ref(2)? {
            rusqlite::types::ValueRef::Blob(b) => Some(b),
            _ => None,
        };
        let pgno: i64 = row.get(1)?;
        // What exactly is wrong with the page would not help a person: the message is the
        // one `dbstat`'s check gives.
        if page.is_none_or(|p| btree_page_problem(p, pgno == 1).is_some()) {
            let name: String = row.get(0)?;
            return Ok(Some(format!(
                "page {pgno}, the first page of {name}, is not what SQLite wrote there"
            )));
        }
    }
    Ok(None)
}

/// [`root_damage`] through `dbstat`, which decodes each first page itself.
fn root_damage_by_dbstat(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, rootpage, (SELECT pagetype FROM dbstat WHERE name = m.name LIMIT 1) \
         FROM sqlite_master AS m WHERE rootpage > 0 ORDER BY rootpage",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let kind: Option<String> = row.get(2)?;
        if !matches!(kind.as_deref(), Some("internal" | "leaf")) {
            let (name, page): (String, i64) = (row.get(0)?, row.get(1)?);
            return Ok(Some(format!(
                "page {page}, the first page of {name}, is not what SQLite wrote there"
            )));
        }
    }
    Ok(None)
}

/// What is wrong with `page` as a b-tree page, in SQLite's file format (§1.6 of its
/// documentation): its kind (interior or leaf, of a table or an index), its header, and
/// every cell pointer inside the page past the pointer array; the first page of the file
/// has the file header in front. `None` for a whole page.
pub fn btree_page_problem(page: &[u8], first_of_file: bool) -> Option<&'static str> {
    let at = if first_of_file { 100 } else { 0 };
    let size = page.len();
    let byte = |i: usize| page.get(at + i).copied();
    let word = |i: usize| Some(usize::from(u16::from_be_bytes([byte(i)?, byte(i + 1)?])));
    let header = match byte(0) {
        Some(0x02 | 0x05) => 12,
        Some(0x0a | 0x0d) => 8,
        _ => return Some("not a b-tree page"),
    };
    let (Some(cells), Some(content), Some(fragmented)) = (word(3), word(5), byte(7)) else {
        return Some("cut short");
    };
    // A content area starting at 0 means 65,536 (a page of that size with no cells).
    let content = if content == 0 { 65_536 } else { content };
    let pointers_end = at + header + 2 * cells;
    if pointers_end > size || content < pointers_end || content > size || fragmented > 60 {
        return Some("a header that does not fit the page");
    }
    for i in 0..cells {
        match word(header + 2 * i) {
            Some(cell) if cell >= content && cell < size => {}
            _ => return Some("a cell outside the page"),
        }
    }
    None
}

/// SQLite's full integrity check on an open connection: the problems it finds, at most
/// `max`, or none.
pub fn integrity_problems(conn: &Connection, max: u32) -> rusqlite::Result<Vec<String>> {
    problems(conn, "integrity_check", max)
}

/// SQLite's quick check (`PRAGMA quick_check`): every page and cell of the file and the
/// number of entries of each index, but not whether each entry matches its row; the
/// problems it finds, at most `max`, or none.
pub fn quick_problems(conn: &Connection, max: u32) -> rusqlite::Result<Vec<String>> {
    problems(conn, "quick_check", max)
}

/// Pages of SQLite's cache (4 KiB each) for each connection of a backup: the copy and the
/// check of it read every page once in an order a cache does not help (SQLite's default,
/// 2 MiB, held a second copy of the database's first 500 pages for nothing).
pub const COPY_CACHE_PAGES: i64 = 64;

/// The check every copy of the database passes before it takes its place (`backup`, the
/// daily backups and the copy before a migration), on the copy's file `path`, read through a
/// connection that writes nothing beside it: SQLite's `quick_check` — every page of the copy
/// read, every b-tree and record well formed, no page lost or used twice, every NOT NULL
/// held, each index holding as many entries as its table has rows — without the table's
/// CHECK constraints, and without looking up every row in every index (`footing check` runs
/// both, with SQLite's full integrity check). Returns the number of items the copy holds,
/// or the first problem found (an error reading the copy is a problem too).
///
/// Why no CHECK constraints here (issue 18: they were 105 M of the 10-year backup's 185 M
/// instructions, SQLite evaluating some twenty expressions for each of 24,000 rows): the copy
/// is a page-for-page image the online backup API took of the database, so the damage a
/// copy can have is damage to pages — a page torn, zeroed, overwritten with garbage or left
/// stale by a crash, in the database or on the way — and that is what the structural checks
/// find: a page that is not what SQLite wrote breaks its b-tree, its cells or the freelist,
/// or an index's count (tests/backup_verify.rs and the `store::check` tests damage pages
/// this way). The CHECKs test values inside records that are well formed: a value the rules
/// refuse gets there only by being written so (footing checks every item before it stores
/// it), and the copy then holds exactly what the database holds, no worse. Nothing is lost
/// for the daily copies: the day's first write runs the full `quick_check`, CHECKs included,
/// on the database itself before it copies it, and refuses a database that fails. A reader
/// of any copy still meets such a value: every stored item is parsed into the domain types
/// when it is read (an unknown type, kind, flag, zone, exercise or date is reported as a
/// damaged item), and `restore` runs the full integrity check, CHECKs included, on the copy
/// it puts back.
pub fn verify_copy(path: &Path) -> Result<i64, String> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let sqlite = |e: rusqlite::Error| super::sqlite_message(&e);
    // Immutable: the copy is a file no one else has, so SQLite takes no lock and creates no
    // `-wal` or `-shm` beside it (a copy of a database in WAL mode says so in its header).
    let conn = Connection::open_with_flags(super::uri(path, true), flags).map_err(sqlite)?;
    conn.pragma_update(None, "cache_size", COPY_CACHE_PAGES).map_err(sqlite)?;
    conn.pragma_update(None, "ignore_check_constraints", true).map_err(sqlite)?;
    if let Some(problem) = quick_problems(&conn, 1).map_err(sqlite)?.into_iter().next() {
        return Err(problem);
    }
    conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).map_err(sqlite)
}

fn problems(conn: &Connection, pragma: &str, max: u32) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}({max})"))?;
    let mut rows = Vec::new();
    // SQLite may report what it found and then fail on the damage itself: the findings count.
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        match row {
            Ok(r) => rows.extend(
                r.lines().filter(|l| *l != "ok" && !l.starts_with("*** in database")).map(str::to_string),
            ),
            Err(_) if !rows.is_empty() => break,
            Err(e) => return Err(e),
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Access, Store};
    use std::fs;

    fn database(dir: &Path) -> PathBuf {
        let path = dir.join("f.db");
        let store = Store::open(&path, Access::Write).unwrap();
        drop(store);
        path
    }

    /// The first pages of a real database are whole, read through `sqlite_dbpage` (compiled in
    /// by .cargo/config.toml: without it every write would pay `dbstat`'s decoding), and each
    /// kind of damage to one is named.
    #[test]
    fn first_pages_are_checked_through_the_pager() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path());
        let conn = Connection::open(&path).unwrap();
        let (root, page): (i64, Vec<u8>) = conn
            .query_row(
                "SELECT rootpage, (SELECT data FROM sqlite_dbpage WHERE pgno = rootpage) FROM sqlite_master \
                 WHERE name = 'item'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("sqlite_dbpage is compiled in");
        assert_eq!(root_damage(&conn).unwrap(), None);
        assert_eq!(root_damage_by_dbstat(&conn).unwrap(), None);
        let first: Vec<u8> =
            conn.query_row("SELECT data FROM sqlite_dbpage WHERE pgno = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(btree_page_problem(&first, true), None);
        assert_eq!(btree_page_problem(&page, root == 1), None);
        // A leaf of a table (0x0d) with two cells at 4000 and 4050 of 4096 bytes.
        let mut leaf = vec![0u8; 4096];
        leaf[..12].copy_from_slice(&[0x0d, 0, 0, 0, 2, 0x0f, 0xa0, 0, 0x0f, 0xd2, 0x0f, 0xa0]);
        assert_eq!(btree_page_problem(&leaf, false), None);
        let with = |i: usize, b: u8| {
            let mut p = leaf.clone();
            p[i] = b;
            btree_page_problem(&p, false)
        };
        assert_eq!(with(0, 0), Some("not a b-tree page"));
        assert_eq!(with(3, 9), Some("a header that does not fit the page"), "2,306 cells");
        assert_eq!(with(5, 0x20), Some("a header that does not fit the page"), "content past the end");
        assert_eq!(with(7, 61), Some("a header that does not fit the page"), "61 fragmented bytes");
        assert_eq!(with(8, 0x00), Some("a cell outside the page"), "a cell at 0xd2, before the content");
        assert_eq!(with(10, 0x10), Some("a cell outside the page"), "a cell at 4096");
        assert_eq!(btree_page_problem(&leaf[..6], false), Some("cut short"));
    }

    #[test]
    fn a_whole_database_passes() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path());
        assert_eq!(header_damage(&path).unwrap(), None);
    }

    #[test]
    fn a_file_cut_or_grown_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path());
        let bytes = fs::read(&path).unwrap();
        let pages = bytes.len() / 4096;
        fs::write(&path, &bytes[..bytes.len() - 4096]).unwrap();
        let d = header_damage(&path).unwrap().unwrap();
        assert_eq!(
            d.problem,
            format!("it holds {} pages where its header records {pages}: it was cut short", pages - 1)
        );
        fs::write(&path, &bytes[..bytes.len() - 100]).unwrap();
        let d = header_damage(&path).unwrap().unwrap();
        assert!(d
            .problem
            .starts_with(&format!("its size ({} bytes) is not a whole number", bytes.len() - 100)));
        let mut grown = bytes.clone();
        grown.extend([0xa5; 4096]);
        fs::write(&path, &grown).unwrap();
        let d = header_damage(&path).unwrap().unwrap();
        assert_eq!(
            d.problem,
            format!(
                "it holds {} pages where its header records {pages}: something was added to it",
                pages + 1
            )
        );
        fs::write(&path, &bytes[..50]).unwrap();
        assert_eq!(
            header_damage(&path).unwrap().unwrap().problem,
            "it is cut short (50 bytes, less than one page)"
        );
    }
}
