//! Import and backup: adding a file's items without doubling the ones already stored, and
//! copying the database while it is in use into a file that is checked before it takes its
//! place.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, BufWriter, ErrorKind, Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, TransactionBehavior};

use super::check::{verify_copy, COPY_CACHE_PAGES};
use super::items::{columns, Columns, INSERT};
use super::program::{program_import, ProgramImport};
use super::{plain, Store, BUSY_TIMEOUT};
use crate::domain::NewItem;
use crate::files::TempFile;
use crate::program::Program;

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Items added to the database.
    pub imported: usize,
    /// Items of the file that were already stored.
    pub skipped: usize,
}

/// Items stored before the import (id at most ?23) identical to one item in every column
/// but the id; `IS` treats NULLs as equal. The day and time narrow the search through the
/// index `item_by_day`.
const COUNT_SAME: &str = "SELECT count(*) FROM item WHERE day = ?1 AND time = ?2 AND type IS ?3 \
                          AND pain IS ?4 AND numb IS ?5 AND stance_left IS ?6 AND stance_right IS ?7 \
                          AND heel_raises IS ?8 AND walk IS ?9 AND flags IS ?10 AND kind IS ?11 \
                          AND sets IS ?12 AND reps IS ?13 AND minutes IS ?14 AND rpe IS ?15 AND note IS ?16 \
                          AND feet_ok IS ?17 AND exercises IS ?18 AND test IS ?19 AND test_values IS ?20 \
                          AND temps IS ?21 AND cleared IS ?22 AND id <= ?23";

/// The copies seen of each distinct item of a file out of order, kept by SQLite (in memory
/// while small, in a temporary file beyond) so memory stays bounded whatever the file. The
/// key is the item's columns in the spool's form ([`encode`]).
const SEEN_TABLE: &str = "DROP TABLE IF EXISTS temp.import_seen; \
                          CREATE TEMP TABLE import_seen (key BLOB PRIMARY KEY, stored INTEGER NOT NULL, \
                          seen INTEGER NOT NULL);";

/// The items of a file being imported, checked and kept on disk as their stored columns
/// between the pass that checks the file and the transaction that stores them: memory stays
/// bounded whatever the file's size, and the file is parsed once. The spool is an unnamed
/// temporary file (0600, removed from its folder as soon as it is made), gone when footing
/// exits, however it exits.
pub struct Spool {
    file: BufWriter<File>,
    buf: Vec<u8>,
}

/// How a spooled value begins: its type.
const NULL: u8 = 0;
const INTEGER: u8 = 1;
const TEXT: u8 = 2;

impl Spool {
    /// Creates the spool in the system's temporary folder.
    pub fn new() -> Result<Spool> {
        let dir = std::env::temp_dir();
        let making = || format!("could not create a temporary file in {}", dir.display());
        for _ in 0..100 {
            let path = dir.join(format!(".footing-import-{:016x}.tmp", fastrand::u64(..)));
            match OpenOptions::new().read(true).write(true).create_new(true).mode(0o600).open(&path) {
                Ok(file) => {
                    fs::remove_file(&path).with_context(making)?;
                    return Ok(Spool { file: BufWriter::with_capacity(1 << 16, file), buf: Vec::new() });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e).with_context(making),
            }
        }
        bail!("{}: no free name", making())
    }

    /// Adds one checked item.
    pub fn push(&mut self, item: &NewItem) -> Result<()> {
        self.buf.clear();
        encode(&columns(item), &mut self.buf)?;
        self.file.write_all(&self.buf).context("could not write the temporary copy of the import")
    }

    /// Hands every item back, in the order they were added.
    fn read_back(self, each: &mut dyn FnMut(Columns) -> Result<()>) -> Result<()> {
        let reading = || "could not read the temporary copy of the import".to_string();
        let mut file = self.file.into_inner().map_err(|e| e.into_error()).with_context(reading)?;
        file.rewind().with_context(reading)?;
        let mut r = BufReader::with_capacity(1 << 16, file);
        let mut tag = [0u8];
        let mut word = [0u8; 8];
        loop {
            let mut values: Columns = std::array::from_fn(|_| Value::Null);
            for (i, value) in values.iter_mut().enumerate() {
                match r.read(&mut tag).with_context(reading)? {
                    0 if i == 0 => return Ok(()),
                    0 => bail!("{}: it ends inside an item", reading()),
                    _ => {}
                }
                *value = match tag[0] {
                    NULL => Value::Null,
                    INTEGER => {
                        r.read_exact(&mut word).with_context(reading)?;
                        Value::Integer(i64::from_le_bytes(word))
                    }
                    TEXT => {
                        r.read_exact(&mut word).with_context(reading)?;
                        let mut text = vec![0u8; u64::from_le_bytes(word) as usize];
                        r.read_exact(&mut text).with_context(reading)?;
                        Value::Text(String::from_utf8(text).with_context(reading)?)
                    }
                    other => bail!("{}: unknown value type {other}", reading()),
                };
            }
            each(values)?;
        }
    }
}

/// Appends an item's columns to `buf`, each as its type, then (for text) its length, then its
/// bytes: the spool's form, which [`Spool::read_back`] reads, and the key of an item in
/// `temp.import_seen` (every value says where it ends, so two items have the same bytes only
/// when they have the same values).
fn encode(values: &Columns, buf: &mut Vec<u8>) -> Result<()> {
    for value in values {
        match value {
            Value::Integer(n) => {
                buf.push(INTEGER);
                buf.extend_from_slice(&n.to_le_bytes());
            }
            Value::Text(t) => {
                buf.push(TEXT);
                buf.extend_from_slice(&(t.len() as u64).to_le_bytes());
                buf.extend_from_slice(t.as_bytes());
            }
            Value::Null => buf.push(NULL),
            other => bail!("an item's column cannot be {other:?}"),
        }
    }
    Ok(())
}

/// Rows per statement of an import into a database that held no items.
const BATCH: usize = 32;

/// The statement inserting [`BATCH`] items: [`INSERT`] with that many rows of values. `OR
/// FAIL`: a row SQLite refused would end the statement where it stands instead of undoing
/// the statement's earlier rows, so SQLite keeps no statement journal (a temporary file
/// written for every statement); any error rolls the whole import back anyway.
fn batch_insert() -> String {
    let (head, _) = INSERT.split_once(" VALUES ").expect("INSERT has VALUES");
    let row = format!("({})", vec!["?"; super::items::N_COLUMNS].join(", "));
    let head = head.replacen("INSERT INTO", "INSERT OR FAIL INTO", 1);
    format!("{head} VALUES {}", vec![row; BATCH].join(", "))
}

impl Store {
    /// Adds the items `fill` hands over, in one immediate transaction, in order, skipping
    /// those already stored; nothing is stored when `fill` fails.
    ///
    /// A file may hold identical items (two pain readings of 3 in the same minute), so
    /// copies are counted: of each distinct item, as many are added as the file holds
    /// beyond the copies stored before the import. Importing the same file twice adds
    /// nothing; importing an export into an empty database reproduces every item.
    ///
    /// Each distinct item costs one indexed lookup (none when the database was empty). The
    /// copies seen so far are remembered only for the current minute when the file is
    /// `in_order` (every export is), so memory does not grow with the file; for a file out
    /// of order they go into a temporary table.
    pub fn import(
        &mut self,
        in_order: bool,
        fill: impl FnOnce(&mut dyn FnMut(NewItem) -> Result<()>) -> Result<()>,
    ) -> Result<ImportCounts> {
        let (counts, _) = self.import_columns(in_order, None, |add| fill(&mut |item| add(columns(&item))))?;
        Ok(counts)
    }

    /// Adds the items a [`Spool`] holds, as [`Store::import`] does, and, when the file has a
    /// program (with the time it was changed, when the file says), decides with
    /// [`program_import`] whether it replaces the stored one — in the same transaction: all
    /// or nothing. Returns what was done with the program too.
    pub fn import_spool(
        &mut self,
        in_order: bool,
        spool: Spool,
        program: Option<(&Program, Option<DateTime<Utc>>)>,
    ) -> Result<(ImportCounts, Option<ProgramImport>)> {
        self.import_columns(in_order, program, |add| spool.read_back(add))
    }

    /// [`Store::import`] of items as their stored columns.
    fn import_columns(
        &mut self,
        in_order: bool,
        program: Option<(&Program, Option<DateTime<Utc>>)>,
        fill: impl FnOnce(&mut dyn FnMut(Columns) -> Result<()>) -> Result<()>,
    ) -> Result<(ImportCounts, Option<ProgramImport>)> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        // Ids only grow (migration 0003), so "stored before the import" is "id <= this".
        let before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM item", [], |r| r.get(0))?;
        // The whole import, and any program it replaces, is one change for `undo`, opened
        // before its first write: an import that adds nothing leaves the file as it was.
        let mut opened = false;
        let mut open = |tx: &rusqlite::Connection| -> Result<()> {
            if !opened {
                super::journal::open_change(tx, "import")?;
                opened = true;
            }
            Ok(())
        };
        let nothing_before = before == 0;
        let before = Value::Integer(before);
        // A 1 MiB page cache (SQLite's default is 2 MiB): the import's peak memory is
        // bounded by it whatever the file (issue 18: 10 MiB). Items go in as the file holds
        // them, so the pages written are mostly new pages at the right of the table and its
        // indexes; once the cache is full of them SQLite writes the oldest to the log and
        // reads back the few it needs again. Measured on the 10-year demo (JSON, into an empty
        // database): 8 MiB let the whole database stay in memory, 11.3 MiB of peak memory; 1
        // MiB, 8.4 MiB, with 900 more page writes and reads (2,544 and 837 before) and 0.1%
        // more instructions; a re-import of the same file reads the same pages either way.
        tx.pragma_update(None, "cache_size", -1024)?;
        // Every item was checked into domain types (the rules of `log` and `session`) and
        // `columns` writes them as `log` does, so the table's CHECK constraints hold by
        // construction; SQLite would otherwise build a temporary b-tree for
        // `kind IN (…)` on every row, most of the cost of an insert. Only for the import's
        // statements: turned on again below whatever happens (`footing check` verifies the
        // constraints of every row).
        tx.pragma_update(None, "ignore_check_constraints", true)?;
        // Into a database without items, the logged days (migration 0006) are brought up to
        // date once, after the items, instead of by the insert trigger for every row: the
        // trigger is dropped inside this transaction and made again below from its own stored
        // SQL, so no other connection ever sees it missing, and a failed import rolls both
        // back. (Not otherwise: a re-import that adds nothing must leave the file unchanged.)
        let day_trigger: Option<String> = if nothing_before {
            let sql = tx.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'logged_day_on_insert'",
                [],
                |r| r.get(0),
            )?;
            tx.execute_batch("DROP TRIGGER logged_day_on_insert")?;
            Some(sql)
        } else {
            None
        };
        if !in_order {
            tx.execute_batch(SEEN_TABLE)?;
            // The temporary table's own cache: 1 MiB as well (SQLite's default of 2 MiB beside
            // the main cache took the re-import of the 10-year demo, shuffled, to 10.1 MiB).
            tx.pragma_update(Some("temp"), "cache_size", -1024)?;
        }
        let mut counts = ImportCounts::default();
        {
            let mut count_same = tx.prepare_cached(COUNT_SAME)?;
            let mut insert = tx.prepare_cached(INSERT)?;
            // For each distinct item: (its values, copies stored before the import, copies seen
            // in the file) — for the current minute only when the file is in order; else
            // all of them, in a temporary table (on disk when large) keyed by their bytes in
            // the spool's form.
            let mut this_minute: Vec<(Columns, usize, usize)> = Vec::new();
            let mut key: Vec<u8> = Vec::new();
            let mut minute: Option<Vec<Value>> = None;
            // Nothing stored before: every copy the file holds is added, BATCH rows per
            // statement (a statement's own work — opening the table and its indexes, updating
            // the id sequence — is then done once per batch).
            let mut batch: Vec<Columns> = Vec::with_capacity(BATCH);
            let mut insert_batch = match nothing_before {
                true => Some(tx.prepare_cached(&batch_insert())?),
                false => None,
            };
            let mut add = |values: Columns| -> Result<()> {
                if let Some(insert_batch) = &mut insert_batch {
                    open(&tx)?;
                    batch.push(values);
                    counts.imported += 1;
                    if batch.len() == BATCH {
                        insert_batch
                            .execute(params_from_iter(batch.iter().flatten()))
                            .with_context(saving)?;
                        batch.clear();
                    }
                    return Ok(());
                }
                // The day and time: the first two columns.
                if in_order && minute.as_deref() != Some(&values[..2]) {
                    this_minute.clear();
                    minute = Some(values[..2].to_vec());
                }
                let mut stored_before = || -> Result<usize> {
                    if nothing_before {
                        return Ok(0);
                    }
                    let params = values.iter().chain([&before]);
                    let n: i64 = count_same.query_row(params_from_iter(params), |r| r.get(0))?;
                    Ok(usize::try_from(n).unwrap_or(0))
                };
                let (stored, seen) = if in_order {
                    let i = match this_minute.iter().position(|(v, ..)| *v == values) {
                        Some(i) => i,
                        None => {
                            let stored = stored_before()?;
                            this_minute.push((values.clone(), stored, 0));
                            this_minute.len() - 1
                        }
                    };
                    let e = &mut this_minute[i];
                    e.2 += 1;
                    (e.1, e.2)
                } else {
                    key.clear();
                    encode(&values, &mut key)?;
                    let found: Option<(i64, i64)> = tx
                        .prepare_cached("SELECT stored, seen FROM temp.import_seen WHERE key = ?1")?
                        .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?;
                    let (stored, seen) = match found {
                        Some((stored, seen)) => {
                            (usize::try_from(stored).unwrap_or(0), usize::try_from(seen).unwrap_or(0) + 1)
                        }
                        None => (stored_before()?, 1),
                    };
                    tx.prepare_cached(
                        "INSERT INTO temp.import_seen (key, stored, seen) VALUES (?1, ?2, ?3) \
                         ON CONFLICT (key) DO UPDATE SET seen = excluded.seen",
                    )?
                    .execute(rusqlite::params![key, stored as i64, seen as i64])?;
                    (stored, seen)
                };
                if seen > stored {
                    open(&tx)?;
                    insert.execute(params_from_iter(values.iter())).with_context(saving)?;
                    counts.imported += 1;
                } else {
                    counts.skipped += 1;
                }
                Ok(())
            };
            let mut filled = fill(&mut add);
            if filled.is_ok() {
                filled = batch.iter().try_for_each(|values| {
                    insert.execute(params_from_iter(values)).map(drop).with_context(saving)
                });
            }
            drop(insert_batch);
            drop(insert);
            drop(count_same);
            tx.pragma_update(None, "ignore_check_constraints", false)?;
            filled?;
        }
        if let Some(sql) = day_trigger {
            tx.execute_batch(&sql)?;
            tx.execute("INSERT INTO logged_day (day) SELECT DISTINCT day FROM item", [])?;
        }
        // The stored program is read inside the transaction: another footing changing it
        // meanwhile waits, and is not overwritten by an older one.
        let outcome = match program {
            Some((file, file_at)) => {
                let (ours, ours_at) = super::program::read_program(&tx)?;
                let outcome = program_import(&ours, ours_at, file, file_at);
                if outcome == ProgramImport::Replaced {
                    open(&tx)?;
                    super::program::write_program_at(&tx, file, file_at).with_context(saving)?;
                }
                Some(outcome)
            }
            None => None,
        };
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok((counts, outcome))
    }

    /// Writes a consistent copy of the database to `dest` with SQLite's online backup API,
    /// and returns the number of items it holds.
    ///
    /// All pages are copied in one step under one read snapshot: in WAL mode other
    /// processes keep writing meanwhile, and the copy holds exactly what was committed when
    /// the step began. The copy is written to a file (0600) beside `dest` and passes
    /// [`verify_copy`] before it is renamed into place, so a good earlier copy is never
    /// replaced by a damaged one; an existing `dest` is replaced only when `replace` is true.
    pub fn write_backup(&self, dest: &Path, replace: bool) -> Result<i64> {
        let tmp = TempFile::beside(dest)?;
        let writing = || crate::files::Writing(dest.into());
        // The copy reads every page of the database once, so a cache would only hold memory
        // (up to SQLite's default 2 MiB, kept while the copy is checked): a small one, and
        // the size the connection had is set again below, whatever happens.
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", COPY_CACHE_PAGES)?;
        let copied = self.copy_into(tmp.path(), &writing);
        let restored = self.conn.pragma_update(None, "cache_size", cache);
        copied?;
        restored?;
        let items = verify_copy(tmp.path()).map_err(|problem| {
            let problem =
                format!("its copy for {} failed SQLite's check ({problem})", crate::render::shown_path(dest));
            super::StoreError::damaged(&self.path, problem)
        })?;
        tmp.persist(dest, replace)?;
        Ok(items)
    }

    /// Copies every page of the database into the new empty file `path`.
    fn copy_into(&self, path: &Path, writing: &dyn Fn() -> crate::files::Writing) -> Result<()> {
        let mut out = Connection::open(plain(path)).with_context(writing)?;
        // The copy is a temporary file that takes its place only after it is verified, and
        // `TempFile::persist` syncs it before the rename (fsync through its own descriptor:
        // it syncs the file, whichever descriptor wrote it): SQLite's rollback journal and
        // its own syncs would protect nothing (a copy cut short by a crash or an error
        // is a temporary file, removed then or by the next run), so there are none.
        out.query_row("PRAGMA journal_mode = OFF", [], |_| Ok(())).with_context(writing)?;
        out.pragma_update(None, "synchronous", "OFF").with_context(writing)?;
        out.pragma_update(None, "cache_size", COPY_CACHE_PAGES).with_context(writing)?;
        let backup = Backup::new(&self.conn, &mut out)?;
        let deadline = Instant::now() + BUSY_TIMEOUT;
        loop {
            match backup.step(-1).with_context(writing)? {
                StepResult::Done => return Ok(()),
                _ if Instant::now() > deadline => {
                    bail!("the database stayed busy for {} seconds; try again", BUSY_TIMEOUT.as_secs())
                }
                _ => thread::sleep(Duration::from_millis(20)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Body, Entry};
    use crate::store::Access;
    use chrono::NaiveDate;
    use std::fs;

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
        let counts = import(&mut store, true, &[a.clone(), a.clone(), a.clone(), b.clone(), c.clone()]);
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
        let again = import(&mut store, true, &[a.clone(), a.clone(), a.clone(), b.clone(), c.clone()]);
        assert_eq!(again, ImportCounts { imported: 0, skipped: 5 });
        // Out of order, the copies of `a` apart: still counted against what was stored before.
        // The file holds a ×4, c ×2 and b; the database held a ×3, c and b before it.
        let mixed = import(&mut store, false, &[a.clone(), c.clone(), a.clone(), b, a.clone(), a, c]);
        assert_eq!(mixed, ImportCounts { imported: 2, skipped: 5 });
    }

    fn import(store: &mut Store, in_order: bool, items: &[NewItem]) -> ImportCounts {
        store
            .import(in_order, |add| {
                for item in items {
                    add(item.clone())?;
                }
                Ok(())
            })
            .unwrap()
    }

    /// Import keeps the logged days (migration 0006) as the insert trigger would, into an
    /// empty database and beside stored items, and a failed import leaves the trigger in place.
    #[test]
    fn import_keeps_the_logged_days_and_the_trigger() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let at = |d: &str| NewItem {
            at: NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap().and_hms_opt(8, 0, 0).unwrap(),
            body: Body::Entry(Entry::pain(3)),
        };
        let days = |store: &Store| -> Vec<String> {
            let mut stmt = store.conn.prepare("SELECT day FROM logged_day ORDER BY day").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        let start =
            |store: &Store| store.program_start(NaiveDate::from_ymd_opt(2024, 2, 5).unwrap()).unwrap();
        import(&mut store, true, &[at("2024-01-01"), at("2024-01-01"), at("2024-02-05")]);
        assert_eq!(days(&store), ["2024-01-01", "2024-02-05"]);
        // 35 days apart: the program breaks (migration 0010) follow the logged days of the
        // import into an empty database, and of one beside stored items.
        assert_eq!(start(&store), NaiveDate::from_ymd_opt(2024, 2, 5));
        import(&mut store, false, &[at("2024-01-20"), at("2024-02-05"), at("2024-01-01")]);
        assert_eq!(days(&store), ["2024-01-01", "2024-01-20", "2024-02-05"]);
        assert_eq!(start(&store), NaiveDate::from_ymd_opt(2024, 1, 1));
        assert!(store.import(true, |_| anyhow::bail!("bad record")).is_err());
        store.insert(&[at("2024-02-20")]).unwrap();
        assert_eq!(days(&store), ["2024-01-01", "2024-01-20", "2024-02-05", "2024-02-20"]);
        assert_eq!(
            store.program_start(NaiveDate::from_ymd_opt(2024, 2, 20).unwrap()).unwrap(),
            Some(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
        );
    }

    /// The key of an item out of order is its columns' bytes: items that differ only in
    /// where one text ends and the next begins, or in an empty text against none, or in a
    /// number against its digits, have different keys; the spool reads back what it wrote.
    #[test]
    fn the_seen_key_tells_every_item_apart() {
        let row = |vals: &[Value]| -> Columns {
            let mut c: Columns = std::array::from_fn(|_| Value::Null);
            c[..vals.len()].clone_from_slice(vals);
            c
        };
        let t = |s: &str| Value::Text(s.into());
        let rows = [
            row(&[t("ab"), t("c")]),
            row(&[t("a"), t("bc")]),
            row(&[t(""), Value::Null]),
            row(&[Value::Null, t("")]),
            row(&[Value::Null, Value::Null]),
            row(&[Value::Integer(3)]),
            row(&[t("3")]),
            row(&[Value::Integer(3 << 8)]),
        ];
        let keys: Vec<Vec<u8>> = rows
            .iter()
            .map(|r| {
                let mut k = Vec::new();
                encode(r, &mut k).unwrap();
                k
            })
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let mut spool = Spool::new().unwrap();
        spool.file.write_all(&keys.concat()).unwrap();
        let mut back = Vec::new();
        spool
            .read_back(&mut |c| {
                back.push(c);
                Ok(())
            })
            .unwrap();
        assert_eq!(back, rows);
    }

    #[test]
    fn the_day_and_time_are_stored_as_text_in_their_fixed_form() {
        for (y, m, d, h, min) in [(1970, 1, 1, 0, 0), (2025, 3, 9, 8, 5), (2099, 12, 31, 23, 59)] {
            let at = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap();
            let c = columns(&NewItem { at, body: Body::Entry(Entry::pain(1)) });
            assert_eq!(c[0], Value::Text(at.format("%Y-%m-%d").to_string()));
            assert_eq!(c[1], Value::Text(at.format("%H:%M").to_string()));
        }
    }

    #[test]
    fn a_failed_fill_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let err = store
            .import(true, |add| {
                add(pain(3, 0))?;
                anyhow::bail!("bad record")
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "bad record");
        assert_eq!(store.count_items().unwrap(), 0);
    }

    #[test]
    fn the_duplicate_search_uses_the_day_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {COUNT_SAME}"))
            .unwrap()
            .query_map(params_from_iter(columns(&pain(1, 0)).iter().chain([&Value::Integer(0)])), |r| {
                r.get(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().any(|p| p.contains("USING INDEX item_by_day (day=? AND time=?")), "{plan:?}");
    }

    /// The copy reads through a small cache and gives the connection back the cache it had
    /// (the day's first write goes on writing through it); the copy says what it holds.
    #[test]
    fn a_backup_counts_its_items_and_gives_the_connection_back_its_cache() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        store.insert(&[pain(2, 0), pain(3, 1), pain(4, 2)]).unwrap();
        store.conn.pragma_update(None, "cache_size", -3000).unwrap();
        assert_eq!(store.write_backup(&dir.path().join("copy.db"), false).unwrap(), 3);
        let cache: i64 = store.conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
        assert_eq!(cache, -3000);
        let ignored: bool =
            store.conn.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0)).unwrap();
        assert!(!ignored, "the CHECKs are left out on the copy's connection only");
    }

    #[test]
    fn a_backup_never_replaces_a_file_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        store.insert(&[pain(2, 0)]).unwrap();
        let dest = dir.path().join("copy.db");
        fs::write(&dest, b"keep me").unwrap();
        let err = store.write_backup(&dest, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} already exists; nothing was written (add --force to replace it)", dest.display())
        );
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
