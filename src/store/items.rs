//! Items: insert, read by date range, delete.

use anyhow::{anyhow, Context, Result};
use chrono::{Datelike, NaiveDate, Timelike};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, params_from_iter, OptionalExtension, Row, TransactionBehavior};

use super::Store;
use crate::domain::home::{join_temps, parse_temps, parse_test_name, TempUnit};
use crate::domain::{
    join_exercises, join_flags, join_numb, parse_exercises, parse_flags, parse_kind, parse_numb,
    parse_reviewed, Body, Entry, Item, NewItem, Numb, Review, Session, Stance, Volume, Work,
};
use crate::domain::{TempItem, TestItem, TestResult};

const SELECT: &str = "SELECT id, day, time, type, pain, numb, stance_left, stance_right, heel_raises, walk, \
                      flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises, test, test_values, temps, \
                      cleared FROM item";
const ORDER: &str = "ORDER BY day, time, id";
/// The items with a red flag before a day, through the partial index `item_flags_by_day`
/// (named: left to itself, SQLite walks every day of `item_by_day` for its order).
const FLAGGED_BEFORE: &str = "INDEXED BY item_flags_by_day WHERE day < ?1 AND flags IS NOT NULL";
/// The items of one of the few types (a review, a test, a temperature) up to a day.
const OF_TYPE: &str = "WHERE type = ?1 AND type IN ('review', 'test', 'temp') AND day <= ?2";

/// The stored columns of an item, in the order of [`INSERT`] (and of the import's duplicate check):
/// NULL for "not recorded", '' numb for "none", stance in tenths.
/// The stored columns of an item, in the order of [`INSERT`].
pub(super) type Columns = [Value; N_COLUMNS];

/// How many columns an item is stored in (all but the id).
pub(super) const N_COLUMNS: usize = 22;

pub(super) fn columns(item: &NewItem) -> Columns {
    let text = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    let int = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    let (d, t) = (item.at.date(), item.at.time());
    // Written digit by digit: this runs for every item of an import.
    let digits = |s: &mut String, n: u32, width: u32| {
        for p in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
        }
    };
    let mut day = String::with_capacity(10);
    digits(&mut day, d.year().clamp(0, 9999) as u32, 4);
    day.push('-');
    digits(&mut day, d.month(), 2);
    day.push('-');
    digits(&mut day, d.day(), 2);
    let mut time = String::with_capacity(5);
    digits(&mut time, t.hour(), 2);
    time.push(':');
    digits(&mut time, t.minute(), 2);
    let (day, time) = (Value::Text(day), Value::Text(time));
    match &item.body {
        Body::Entry(e) => [
            day,
            time,
            Value::Text("entry".into()),
            int(e.pain.map(i64::from)),
            text(e.numb.as_ref().map(join_numb)),
            int(e.stance_left.map(|s| i64::from(Stance::tenths(s)))),
            int(e.stance_right.map(|s| i64::from(Stance::tenths(s)))),
            int(e.heel_raises.map(i64::from)),
            int(e.walk.map(i64::from)),
            text(Some(join_flags(&e.flags)).filter(|f| !f.is_empty())),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            text(e.note.clone()),
            int(e.feet_ok.then_some(1)),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ],
        Body::Session(s) => [
            day,
            time,
            Value::Text("session".into()),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Text(s.kind.as_str().into()),
            int(s.work.volume().and_then(Volume::sets).map(i64::from)),
            int(s.work.volume().and_then(Volume::reps).map(i64::from)),
            int(s.work.volume().and_then(Volume::minutes).map(i64::from)),
            int(s.rpe.map(i64::from)),
            text(s.note.clone()),
            Value::Null,
            text(Some(join_exercises(s.work.exercises())).filter(|e| !e.is_empty())),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ],
        Body::Review(r) => [
            day,
            time,
            Value::Text("review".into()),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Text(r.flag.as_str().into()),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            text(r.note.clone()),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            int(r.cleared.then_some(1)),
        ],
        Body::Test(_) | Body::Temp(_) => {
            let mut c: Columns = std::array::from_fn(|_| Value::Null);
            c[0] = day;
            c[1] = time;
            c[2] = Value::Text(item.body.type_name().into());
            c[15] = text(item.body.note().map(str::to_string));
            match &item.body {
                Body::Test(t) => {
                    c[18] = Value::Text(t.result.name().as_str().into());
                    c[19] = Value::Text(t.result.joined());
                }
                Body::Temp(t) => c[20] = Value::Text(join_temps(&t.temps)),
                _ => {}
            }
            c
        }
    }
}

pub(super) const INSERT: &str =
    "INSERT INTO item (day, time, type, pain, numb, stance_left, stance_right, heel_raises, \
                      walk, flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises, test, test_values, temps, \
                      cleared) \
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
                      ?19, ?20, ?21, ?22)";

/// A row as stored, before it is checked back into domain types: the text borrowed from
/// SQLite's row (or the journal's values), copied only into the item's own strings.
struct Raw<'a> {
    id: i64,
    day: &'a str,
    time: &'a str,
    typ: &'a str,
    pain: Option<u8>,
    numb: Option<&'a str>,
    stance_left: Option<u16>,
    stance_right: Option<u16>,
    heel_raises: Option<u16>,
    walk: Option<u16>,
    flags: Option<&'a str>,
    kind: Option<&'a str>,
    sets: Option<u16>,
    reps: Option<u16>,
    minutes: Option<u16>,
    rpe: Option<u8>,
    note: Option<&'a str>,
    feet_ok: Option<i64>,
    exercises: Option<&'a str>,
    test: Option<&'a str>,
    test_values: Option<&'a str>,
    temps: Option<&'a str>,
    cleared: Option<i64>,
}

/// The error `Row::get` gives for a column of the wrong storage class.
fn wrong_type(r: &Row<'_>, i: usize, v: ValueRef<'_>) -> rusqlite::Error {
    let name = r.as_ref().column_name(i).map_or_else(|_| i.to_string(), str::to_string);
    rusqlite::Error::InvalidColumnType(i, name, v.data_type())
}

/// Column `i` as an integer, converted and checked as `Row::get` would.
fn int<T: TryFrom<i64>>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Integer(n) => {
            T::try_from(n).map(Some).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(i, n))
        }
        v => Err(wrong_type(r, i, v)),
    }
}

/// Column `i` as text, borrowed from the row, checked as `Row::get` would.
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(b) => std::str::from_utf8(b).map(Some).map_err(|e| rusqlite::Error::Utf8Error(i, e)),
        v => Err(wrong_type(r, i, v)),
    }
}

/// Column `i`, which is NOT NULL, as text.
fn text_given<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    text(r, i)?.ok_or_else(|| wrong_type(r, i, ValueRef::Null))
}

impl<'a> Raw<'a> {
    /// The columns of a row in [`SELECT`]'s order. Only the columns the item's type is made
    /// from are read ([`Raw::into_item`] reads no other): the CHECKs of migrations/0007 keep
    /// the others NULL.
    fn from_row(r: &'a Row<'_>) -> rusqlite::Result<Raw<'a>> {
        let typ = text_given(r, 3)?;
        let mut raw = Raw {
            id: int(r, 0)?.ok_or_else(|| wrong_type(r, 0, ValueRef::Null))?,
            day: text_given(r, 1)?,
            time: text_given(r, 2)?,
            typ,
            pain: None,
            numb: None,
            stance_left: None,
            stance_right: None,
            heel_raises: None,
            walk: None,
            flags: None,
            kind: None,
            sets: None,
            reps: None,
            minutes: None,
            rpe: None,
            note: text(r, 16)?,
            feet_ok: None,
            exercises: None,
            test: None,
            test_values: None,
            temps: None,
            cleared: None,
        };
        match typ {
            "entry" => {
                raw.pain = int(r, 4)?;
                raw.numb = text(r, 5)?;
                raw.stance_left = int(r, 6)?;
                raw.stance_right = int(r, 7)?;
                raw.heel_raises = int(r, 8)?;
                raw.walk = int(r, 9)?;
                raw.flags = text(r, 10)?;
                raw.feet_ok = int(r, 17)?;
            }
            "session" => {
                raw.kind = text(r, 11)?;
                raw.sets = int(r, 12)?;
                raw.reps = int(r, 13)?;
                raw.minutes = int(r, 14)?;
                raw.rpe = int(r, 15)?;
                raw.exercises = text(r, 18)?;
            }
            "review" => {
                raw.flags = text(r, 10)?;
                raw.cleared = int(r, 22)?;
            }
            "test" => {
                raw.test = text(r, 19)?;
                raw.test_values = text(r, 20)?;
            }
            "temp" => raw.temps = text(r, 21)?,
            _ => {}
        }
        Ok(raw)
    }

    fn into_item(self) -> Result<Item> {
        let id = self.id;
        let damaged = |what: String| anyhow!("item {id} in the database is damaged: {what}");
        let at = crate::domain::parse_stored_day_time(self.day, self.time)
            .ok_or_else(|| damaged(format!("bad date '{} {}'", self.day, self.time)))?;
        let stance = |t: Option<u16>| -> Result<Option<Stance>> {
            t.map(|t| Stance::from_tenths(t).ok_or_else(|| damaged(format!("bad stance {t}")))).transpose()
        };
        let note = self.note.map(str::to_string);
        let body = match self.typ {
            "entry" => Body::Entry(Entry {
                pain: self.pain,
                numb: match self.numb {
                    None => None,
                    Some("") => Some(Numb::new()),
                    Some(z) => Some(parse_numb(z).map_err(damaged)?),
                },
                stance_left: stance(self.stance_left)?,
                stance_right: stance(self.stance_right)?,
                heel_raises: self.heel_raises,
                walk: self.walk,
                flags: parse_flags(self.flags.unwrap_or("")).map_err(damaged)?,
                note,
                feet_ok: self.feet_ok.is_some(),
            }),
            "session" => {
                let kind = parse_kind(self.kind.unwrap_or("")).map_err(damaged)?;
                let work = match self.exercises {
                    Some(e) => Work::Exercises(parse_exercises(e).map_err(damaged)?),
                    None => Work::Volume(Volume::new(self.sets, self.reps, self.minutes).map_err(damaged)?),
                };
                Body::Session(Session { kind, work, rpe: self.rpe, note })
            }
            "review" => Body::Review(Review {
                flag: parse_reviewed(self.flags.unwrap_or("")).map_err(damaged)?,
                cleared: self.cleared.is_some(),
                note,
            }),
            "test" => {
                let name = parse_test_name(self.test.unwrap_or("")).map_err(damaged)?;
                let result =
                    TestResult::parse_joined(name, self.test_values.unwrap_or("")).map_err(damaged)?;
                Body::Test(TestItem { result, note })
            }
            "temp" => {
                let temps =
                    parse_temps(self.temps.unwrap_or("").split(';'), TempUnit::Celsius).map_err(damaged)?;
                Body::Temp(TempItem { temps, note })
            }
            other => return Err(damaged(format!("unknown type '{other}'"))),
        };
        Ok(Item { id, at, body })
    }
}

/// The item of the current row.
fn item(r: &Row<'_>) -> rusqlite::Result<Result<Item>> {
    Raw::from_row(r).map(Raw::into_item)
}

fn day(d: NaiveDate) -> String {
    crate::domain::format_day(d)
}

impl Store {
    fn query_items(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Item>> {
        let reading = || format!("could not read items from {}", self.path.display());
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params).with_context(reading)?;
        let mut items = Vec::new();
        while let Some(row) = rows.next().with_context(reading)? {
            items.push(item(row).with_context(reading)??);
        }
        Ok(items)
    }

    /// Items dated `from` … `to` inclusive, in (date, time, logging) order.
    pub fn items_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Item>> {
        self.query_items(
            &format!("{SELECT} WHERE day BETWEEN ?1 AND ?2 {ORDER}"),
            params![day(from), day(to)],
        )
    }

    /// The entries with red flags and the reviews dated before `before`, in order: a reported
    /// flag lasts until a review of it (§6.3), however old.
    pub fn flag_items_before(&self, before: NaiveDate) -> Result<Vec<Item>> {
        self.query_items(&format!("{SELECT} {FLAGGED_BEFORE} {ORDER}"), params![day(before)])
    }

    /// The items of one type (`test`, `temp`) up to `to`, in (date, time, logging) order.
    pub fn items_of_type(&self, typ: &str, to: NaiveDate) -> Result<Vec<Item>> {
        // The `IN` lets SQLite use the partial index `item_by_type`, which it cannot prove
        // covers `type = ?1` alone: a search of a few rows instead of a scan of every item.
        self.query_items(&format!("{SELECT} {OF_TYPE} {ORDER}"), params![typ, day(to)])
    }

    /// The items of one type (`test`, `temp`) dated `from` … `to`, in order, through
    /// `item_by_type` as [`Store::items_of_type`].
    pub(super) fn items_of_type_between(
        &self,
        typ: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Item>> {
        self.query_items(
            &format!("{SELECT} {OF_TYPE} AND day >= ?3 {ORDER}"),
            params![typ, day(to), day(from)],
        )
    }

    /// The entries with a single-leg stance up to `to`, in order.
    pub fn stance_items(&self, to: NaiveDate) -> Result<Vec<Item>> {
        self.query_items(
            &format!(
                "{SELECT} WHERE (stance_left IS NOT NULL OR stance_right IS NOT NULL) AND day <= ?1 {ORDER}"
            ),
            params![day(to)],
        )
    }

    /// Items dated `from` … `to` inclusive, in (date, time, logging) order, handed to `each`
    /// one at a time as they are read: memory stays bounded however many there are. An error
    /// (a damaged page met half-way) stops the reading.
    pub fn each_item_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut each: impl FnMut(Item) -> Result<()>,
    ) -> Result<()> {
        let reading = || format!("could not read items from {}", self.path.display());
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT} WHERE day BETWEEN ?1 AND ?2 {ORDER}"))?;
        let mut rows = stmt.query(params![day(from), day(to)]).with_context(reading)?;
        while let Some(row) = rows.next().with_context(reading)? {
            each(item(row).with_context(reading)??)?;
        }
        Ok(())
    }

    /// The highest id stored (0 when there is none): how wide an id column must be.
    pub fn max_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) FROM item", [], |r| r.get(0))?)
    }

    /// Every item, in (date, time, logging) order.
    pub fn all_items(&self) -> Result<Vec<Item>> {
        self.query_items(&format!("{SELECT} {ORDER}"), [])
    }

    /// Every item, in (date, time, logging) order, handed to `each` one at a time as SQLite
    /// reads it: memory does not grow with the history (`export`).
    pub fn each_item(&self, mut each: impl FnMut(Item) -> Result<()>) -> Result<()> {
        let reading = || format!("could not read items from {}", self.path.display());
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT} {ORDER}"))?;
        let mut rows = stmt.query([]).with_context(reading)?;
        while let Some(row) = rows.next().with_context(reading)? {
            each(item(row).with_context(reading)??)?;
        }
        Ok(())
    }

    /// The first date with any item: week 1 of the program starts there.
    pub fn first_day(&self) -> Result<Option<NaiveDate>> {
        let d: Option<String> = self.conn.query_row("SELECT min(day) FROM item", [], |r| r.get(0))?;
        d.map(|d| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| anyhow!("bad date '{d}' in the database"))
        })
        .transpose()
    }

    pub fn count_items(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0))?)
    }

    /// Stores items in one immediate transaction and returns their ids, in order.
    pub fn insert(&mut self, items: &[NewItem]) -> Result<Vec<i64>> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        super::journal::open_change(&tx, "")?;
        let mut ids = Vec::with_capacity(items.len());
        {
            let mut stmt = tx.prepare_cached(INSERT)?;
            for item in items {
                stmt.execute(params_from_iter(columns(item))).with_context(saving)?;
                ids.push(tx.last_insert_rowid());
            }
        }
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(ids)
    }

    /// Stores items and a program only into a database that holds neither items nor a program
    /// of its own, in one immediate transaction, so that several processes filling one new
    /// database (`demo`) fill it once, and a person's program is never replaced. `Err((n,
    /// changed))` when it already holds `n` items, or a program changed from the starter one:
    /// nothing was stored.
    pub fn insert_into_empty(
        &mut self,
        items: &[NewItem],
        program: &crate::program::Program,
    ) -> Result<Result<(), (i64, bool)>> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        let held: (i64, bool) = tx.query_row(
            "SELECT (SELECT count(*) FROM item), EXISTS (SELECT 1 FROM program_changed)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if held != (0, false) {
            return Ok(Err(held));
        }
        super::journal::open_change(&tx, "demo")?;
        super::program::write_program(&tx, program)?;
        {
            let mut stmt = tx.prepare_cached(INSERT)?;
            for item in items {
                stmt.execute(params_from_iter(columns(item))).with_context(saving)?;
            }
        }
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(Ok(()))
    }

    /// The item with this id; `None` when there is none.
    pub fn item(&self, id: i64) -> Result<Option<Item>> {
        Ok(self.query_items(&format!("{SELECT} WHERE id = ?1"), [id])?.pop())
    }

    /// Replaces the item with this id by `item`, keeping its id, as one change `undo` reverts;
    /// returns it as it was, `None` when there is none.
    pub fn edit(&mut self, id: i64, item: &NewItem) -> Result<Option<Item>> {
        let Some(before) = self.item(id)? else { return Ok(None) };
        let (head, _) = INSERT.split_once(" VALUES ").expect("INSERT has VALUES");
        let names = head.split_once('(').map(|(_, n)| n.trim_end_matches(')')).unwrap_or("");
        let set: Vec<String> =
            names.split(',').enumerate().map(|(i, c)| format!("{} = ?{}", c.trim(), i + 1)).collect();
        let sql = format!("UPDATE item SET {} WHERE id = ?{}", set.join(", "), set.len() + 1);
        self.as_change("edit", |tx| {
            let values = columns(item).into_iter().chain([Value::Integer(id)]);
            tx.execute(&sql, params_from_iter(values))?;
            Ok(())
        })?;
        Ok(Some(before))
    }

    /// Deletes the item with this id and returns it; `None` when there is none.
    pub fn delete(&mut self, id: i64) -> Result<Option<Item>> {
        self.delete_where("WHERE id = ?1", id)
    }

    /// Deletes the most recently recorded item and returns it; `None` when there is none.
    pub fn undo(&mut self) -> Result<Option<Item>> {
        self.delete_where("WHERE id = (SELECT max(id) FROM item) AND ?1 = ?1", 0)
    }

    /// Deletes the most recently recorded item, with every item recorded in the same group
    /// (one `footing done`), in one transaction; returns them in order, empty when none.
    pub fn undo_group(&mut self) -> Result<Vec<Item>> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        // Items stored before the change journal (migration 0008): removing them is no change
        // of its own to undo.
        tx.execute("INSERT INTO change_undoing (one) VALUES (1)", [])?;
        let items = {
            let mut stmt = tx.prepare_cached(&format!(
                "{SELECT} WHERE id = (SELECT max(id) FROM item) OR id IN (SELECT item_id FROM item_batch \
                 WHERE batch = (SELECT batch FROM item_batch WHERE item_id = (SELECT max(id) FROM item))) \
                 ORDER BY id"
            ))?;
            let items = stmt.query_map([], item)?.collect::<rusqlite::Result<Vec<Result<Item>>>>()?;
            items.into_iter().collect::<Result<Vec<Item>>>()?
        };
        for item in &items {
            tx.execute("DELETE FROM item WHERE id = ?1", [item.id]).with_context(saving)?;
        }
        tx.execute("DELETE FROM change_undoing", [])?;
        tx.commit().with_context(saving)?;
        Ok(items)
    }

    fn delete_where(&mut self, filter: &str, id: i64) -> Result<Option<Item>> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        let item = tx.query_row(&format!("{SELECT} {filter}"), [id], item).optional()?.transpose()?;
        let Some(item) = item else { return Ok(None) };
        super::journal::open_change(&tx, "delete")?;
        tx.execute("DELETE FROM item WHERE id = ?1", [item.id]).with_context(saving)?;
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(Some(item))
    }
}

/// The item a row of the change journal holds; an error for a type this version cannot read
/// (then `undo` still reverts it, and shows its type).
pub fn item_from_row(row: &super::journal::Row) -> Result<Item> {
    let text = |c: &str| match row.get(c) {
        Some(Value::Text(s)) => Some(s.as_str()),
        _ => None,
    };
    let int = |c: &str| match row.get(c) {
        Some(Value::Integer(n)) => Some(*n),
        _ => None,
    };
    let small = |c: &str| int(c).and_then(|n| u16::try_from(n).ok());
    let raw = Raw {
        id: row.rid,
        day: text("day").unwrap_or_default(),
        time: text("time").unwrap_or_default(),
        typ: text("type").unwrap_or_default(),
        pain: int("pain").and_then(|n| u8::try_from(n).ok()),
        numb: text("numb"),
        stance_left: small("stance_left"),
        stance_right: small("stance_right"),
        heel_raises: small("heel_raises"),
        walk: small("walk"),
        flags: text("flags"),
        kind: text("kind"),
        sets: small("sets"),
        reps: small("reps"),
        minutes: small("minutes"),
        rpe: int("rpe").and_then(|n| u8::try_from(n).ok()),
        note: text("note"),
        feet_ok: int("feet_ok"),
        exercises: text("exercises"),
        test: text("test"),
        test_values: text("test_values"),
        temps: text("temps"),
        cleared: int("cleared"),
    };
    raw.into_item()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Migration 0007's CHECKs, written as `=`/`OR` chains, keep the meaning of the `IN`
    /// lists they replaced: an unknown type, kind or test is refused, a NULL kind or test
    /// (an entry) passes, and each allowed value is taken.
    #[test]
    fn the_item_checks_refuse_unknown_types_kinds_and_tests() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("f.db"), crate::store::Access::Write).unwrap();
        let insert = |typ: &str,
                      kind: Option<&str>,
                      test: Option<&str>,
                      flags: Option<&str>,
                      temps: Option<&str>| {
            store.conn.execute(
                "INSERT INTO item (day, time, type, kind, test, test_values, flags, temps) \
                 VALUES ('2031-04-10', '07:30', ?1, ?2, ?3, CASE WHEN ?3 IS NULL THEN NULL ELSE '12' END, ?4, ?5)",
                params![typ, kind, test, flags, temps],
            )
        };
        let refused = |r: rusqlite::Result<usize>| match r {
            Err(e) => assert!(e.to_string().contains("CHECK constraint failed"), "{e}"),
            Ok(_) => panic!("a bad row was stored"),
        };
        insert("entry", None, None, None, None).unwrap();
        for kind in ["mobility", "strength", "balance"] {
            insert("session", Some(kind), None, None, None).unwrap();
        }
        for test in ["chair-stand", "four-stage", "tug", "heel-raise"] {
            insert("test", None, Some(test), None, None).unwrap();
        }
        insert("review", None, None, Some("fall"), None).unwrap();
        insert("temp", None, None, None, Some("met1:30:30")).unwrap();
        refused(insert("Entry", None, None, None, None));
        refused(insert("walk", None, None, None, None));
        refused(insert("session", Some("running"), None, None, None));
        refused(insert("session", Some("Strength"), None, None, None));
        refused(insert("test", None, Some("sprint"), None, None));
        refused(insert("test", None, Some("tug "), None, None));
        let stored: i64 = store.conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, 10);
    }

    /// Reading the tests or temperatures of ten years is a search of the partial index
    /// `item_by_type`, not a scan of every item.
    #[test]
    fn the_items_of_a_type_are_found_through_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("f.db"), crate::store::Access::Write).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {SELECT} {OF_TYPE} {ORDER}"))
            .unwrap()
            .query_map(params!["test", "2031-04-10"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().any(|p| p.contains("USING INDEX item_by_type")), "{plan:?}");
    }

    /// The flagged items of ten years are a search of the partial index `item_flags_by_day`
    /// (migration 0009), not a scan of every item.
    #[test]
    fn the_flagged_items_are_found_through_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("f.db"), crate::store::Access::Write).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {SELECT} {FLAGGED_BEFORE} {ORDER}"))
            .unwrap()
            .query_map(params!["2031-04-10"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().any(|p| p.contains("USING INDEX item_flags_by_day")), "{plan:?}");
    }
}
