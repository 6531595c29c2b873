//! The change journal (migration 0008): every change a person makes is one entry, and
//! `undo` pops the newest. Triggers record what each change did to the items, the program
//! and the profile, so this module never needs to know an item's type or columns.

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, TransactionBehavior};

use super::Store;

/// The tables whose rows the journal may put back; anything else in `change_row` is damage.
const TABLES: &[&str] = &["item", "program", "program_changed", "profile"];

/// Opens a change named `what` inside the caller's transaction, unless one is open already
/// (an import that also replaces the program is one change).
pub(super) fn open_change(conn: &Connection, what: &str) -> Result<()> {
    let open: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM change_open)", [], |r| r.get(0))?;
    if open {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO change_log (what, first_item) \
         VALUES (?1, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0) + 1)",
        [what],
    )?;
    conn.execute("INSERT INTO change_open (seq) VALUES (last_insert_rowid())", [])?;
    Ok(())
}

/// Closes the open change: notes the last item it added, and forgets a change that changed
/// nothing (an import that added nothing leaves the journal as it was).
pub(super) fn close_change(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE change_log SET last_item = coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0)
             WHERE seq = (SELECT seq FROM change_open);
         UPDATE change_log SET first_item = NULL, last_item = NULL
             WHERE seq = (SELECT seq FROM change_open) AND last_item < first_item;
         DELETE FROM change_log WHERE seq = (SELECT seq FROM change_open) AND first_item IS NULL
             AND NOT EXISTS (SELECT 1 FROM change_row WHERE change = change_log.seq);
         DELETE FROM change_open;",
    )?;
    Ok(())
}

/// A row as it was, as the journal keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub tbl: String,
    pub rid: i64,
    /// Column name and value.
    pub values: Vec<(String, Value)>,
}

impl Row {
    pub fn get(&self, column: &str) -> Option<&Value> {
        self.values.iter().find(|(c, _)| c == column).map(|(_, v)| v)
    }
}

/// What one `undo` reverted.
#[derive(Debug, Default)]
pub struct Undone {
    /// What the change was, as the command that made it named it ('' for items alone).
    pub what: String,
    /// Items the change had added, now deleted: the first [`SHOWN`] rows as they were.
    pub removed: Vec<Row>,
    /// How many items the change had added (all deleted).
    pub removed_count: usize,
    /// Item rows the change had deleted or edited, now back as they were (and as they were
    /// after the change, for an edit).
    pub restored: Vec<(Row, Option<Row>)>,
    /// The program was put back as it was.
    pub program: bool,
    /// The profile was put back as it was.
    pub profile: bool,
}

impl Undone {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.restored.is_empty() && !self.program && !self.profile
    }
}

fn json_to_value(v: &serde_json::Value) -> Result<Value> {
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or_else(|| anyhow!("bad number {n}"))?),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => bail!("unexpected value {other}"),
    })
}

fn identifier(s: &str) -> Result<&str> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        Ok(s)
    } else {
        Err(anyhow!("the change journal in the database is damaged: bad column '{s}'"))
    }
}

fn table(s: &str) -> Result<&'static str> {
    TABLES
        .iter()
        .find(|t| **t == s)
        .copied()
        .ok_or_else(|| anyhow!("the change journal in the database is damaged: unknown table '{s}'"))
}

fn parse_row(tbl: &str, rid: i64, json: &str) -> Result<Row> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
        .map_err(|_| anyhow!("the change journal in the database is damaged: a row of {tbl} is not JSON"))?;
    let values = object
        .iter()
        .map(|(k, v)| Ok((identifier(k)?.to_string(), json_to_value(v)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Row { tbl: tbl.to_string(), rid, values })
}

/// The row `rid` of `tbl` now, every column; `None` when there is none.
fn current_row(conn: &Connection, tbl: &'static str, rid: i64) -> Result<Option<Row>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {tbl} WHERE rowid = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    stmt.query_row([rid], |r| {
        let values = (0..names.len()).map(|i| Ok((names[i].clone(), r.get::<_, Value>(i)?)));
        Ok(Row { tbl: tbl.to_string(), rid, values: values.collect::<rusqlite::Result<Vec<_>>>()? })
    })
    .optional()
    .map_err(Into::into)
}

/// Puts `row` back: the row with its rowid replaced by the values it had.
fn put_back(conn: &Connection, row: &Row) -> Result<()> {
    let tbl = table(&row.tbl)?;
    conn.execute(&format!("DELETE FROM {tbl} WHERE rowid = ?1"), [row.rid])?;
    let names = row.values.iter().map(|(c, _)| identifier(c)).collect::<Result<Vec<_>>>()?;
    let marks = (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>();
    conn.execute(
        &format!("INSERT INTO {tbl} ({}) VALUES ({})", names.join(", "), marks.join(", ")),
        params_from_iter(row.values.iter().map(|(_, v)| v)),
    )?;
    Ok(())
}

/// Reverts the newest change in the journal inside the caller's transaction; `None` when the
/// journal is empty.
fn pop_newest(tx: &Connection) -> Result<Option<Undone>> {
    let newest: Option<(i64, String, Option<i64>, Option<i64>)> = tx
        .query_row(
            "SELECT seq, what, first_item, last_item FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((seq, what, first, last)) = newest else { return Ok(None) };
    tx.execute("INSERT INTO change_undoing (one) VALUES (1)", [])?;
    let mut undone = Undone { what, ..Undone::default() };
    let rows: Vec<(String, i64, Option<String>)> = {
        let mut stmt =
            tx.prepare("SELECT tbl, rid, before FROM change_row WHERE change = ?1 ORDER BY rowid DESC")?;
        let rows = stmt.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    for (tbl, rid, before) in rows {
        let tbl = table(&tbl)?;
        match tbl {
            "program" | "program_changed" => undone.program = true,
            "profile" => undone.profile = true,
            _ => {}
        }
        match before {
            None => {
                tx.execute(&format!("DELETE FROM {tbl} WHERE rowid = ?1"), [rid])?;
            }
            Some(json) => {
                let row = parse_row(tbl, rid, &json)?;
                let after = current_row(tx, tbl, rid)?;
                put_back(tx, &row)?;
                if tbl == "item" {
                    // Several edits of one item in one change: the oldest state wins.
                    undone.restored.retain(|(r, _)| r.rid != rid);
                    undone.restored.push((row, after));
                }
            }
        }
    }
    if let (Some(first), Some(last)) = (first, last) {
        let mut stmt = tx.prepare("SELECT rowid FROM item WHERE id BETWEEN ?1 AND ?2 ORDER BY id")?;
        let ids = stmt.query_map([first, last], |r| r.get::<_, i64>(0))?;
        let ids = ids.collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        // A large import is removed in one statement; only a few rows are kept to show.
        for id in ids.iter().take(SHOWN) {
            if let Some(row) = current_row(tx, "item", *id)? {
                undone.removed.push(row);
            }
        }
        undone.removed_count = ids.len();
        tx.execute("DELETE FROM item WHERE id BETWEEN ?1 AND ?2", [first, last])?;
    }
    undone.restored.sort_by_key(|(r, _)| r.rid);
    tx.execute("DELETE FROM change_row WHERE change = ?1", [seq])?;
    tx.execute("DELETE FROM change_log WHERE seq = ?1", [seq])?;
    tx.execute("DELETE FROM change_undoing", [])?;
    Ok(Some(undone))
}

impl Store {
    /// Reverts the newest change in the journal, in one transaction; `None` when the journal
    /// is empty (then [`Store::undo_group`] removes the newest item of an older database). The
    /// profile an import set is reverted with that import.
    pub fn undo_change(&mut self) -> Result<Option<Undone>> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        let Some(mut undone) = pop_newest(&tx)? else { return Ok(None) };
        if undone.what == IMPORT_PROFILE {
            let next: Option<String> = tx
                .query_row("SELECT what FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
                .optional()?;
            if next.as_deref() == Some("import") {
                if let Some(import) = pop_newest(&tx)? {
                    undone = Undone { profile: true, ..import };
                }
            }
        }
        tx.commit().with_context(saving)?;
        Ok(Some(undone))
    }

    /// Runs `f` inside one immediate transaction as one change named `what`.
    pub(super) fn as_change<T>(&mut self, what: &str, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        open_change(&tx, what)?;
        let out = f(&tx)?;
        close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(out)
    }
}

/// The change of the profile an import brought: undone together with the import before it.
pub const IMPORT_PROFILE: &str = "import profile";

/// How many removed items `undo` shows one by one; beyond that it gives their number.
pub const SHOWN: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Body, Entry, NewItem};
    use crate::store::Access;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("footing.db"), Access::Write).unwrap();
        (dir, store)
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Rows written by code that knows nothing of the journal (another item type, the
    /// profile) are each a change of their own, and undo reverts them without knowing them.
    #[test]
    fn undo_reverts_rows_of_any_type_written_by_any_path() {
        let (_dir, mut store) = store();
        let at = chrono::NaiveDate::from_ymd_opt(2031, 4, 10).unwrap().and_hms_opt(7, 30, 0).unwrap();
        store.insert(&[NewItem { at, body: Body::Entry(Entry::pain(3)) }]).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO item (day, time, type, flags, cleared) VALUES ('2031-04-01', '09:00', 'review', 'fall', 1);
                 INSERT INTO profile (born, sex, name) VALUES (1958, 'female', 'Ann');
                 INSERT INTO profile (born, sex, name) VALUES (1958, 'female', 'Ann Lee');
                 DELETE FROM item WHERE type = 'entry';",
            )
            .unwrap();
        assert_eq!(count(&store, "SELECT count(*) FROM change_log"), 5);

        // The delete: the entry comes back with its id.
        let u = store.undo_change().unwrap().unwrap();
        assert_eq!((u.restored.len(), u.restored[0].0.rid), (1, 1));
        assert_eq!(count(&store, "SELECT count(*) FROM item WHERE id = 1 AND pain = 3"), 1);
        // The newer profile, then the first.
        assert!(store.undo_change().unwrap().unwrap().profile);
        assert_eq!(count(&store, "SELECT count(*) FROM profile WHERE name = 'Ann'"), 1);
        assert!(store.undo_change().unwrap().unwrap().profile);
        assert_eq!(count(&store, "SELECT count(*) FROM profile"), 0);
        // The review, back-dated, recorded after the entry.
        let u = store.undo_change().unwrap().unwrap();
        assert_eq!(u.removed_count, 1);
        assert_eq!(u.removed[0].get("type"), Some(&Value::Text("review".into())));
        assert_eq!(u.removed[0].rid, 2);
        assert_eq!(count(&store, "SELECT count(*) FROM item"), 1);
        // The entry, and then nothing; undo itself entered nothing.
        assert_eq!(store.undo_change().unwrap().unwrap().removed_count, 1);
        assert!(store.undo_change().unwrap().is_none());
        assert_eq!(count(&store, "SELECT count(*) FROM change_row"), 0);
        assert_eq!(count(&store, "SELECT count(*) FROM item"), 0);
        assert_eq!(count(&store, "SELECT count(*) FROM logged_day"), 0);
    }

    /// A change that wrote nothing leaves no entry, and a damaged journal row is an error,
    /// not a write into some other table.
    #[test]
    fn an_empty_change_is_forgotten_and_a_foreign_table_is_refused() {
        let (_dir, mut store) = store();
        store.as_change("nothing", |_| Ok(())).unwrap();
        assert_eq!(count(&store, "SELECT count(*) FROM change_log"), 0);
        store
            .conn
            .execute_batch(
                "INSERT INTO change_log (seq, what) VALUES (1, 'x');
                 INSERT INTO change_row (change, tbl, rid, before) VALUES (1, 'sqlite_master', 1, '{}');",
            )
            .unwrap();
        let err = store.undo_change().unwrap_err().to_string();
        assert!(err.contains("unknown table 'sqlite_master'"), "{err}");
    }
}
