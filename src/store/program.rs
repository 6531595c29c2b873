//! The person's program (§9.2), the exercise sessions §9.6 looks at, and the groups of items
//! one `footing done` records (undone as one step).

use std::sync::OnceLock;

use anyhow::{anyhow, Context, Result};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::items::{columns, INSERT};
use super::Store;
use crate::domain::{format_utc, parse_dose, parse_utc, Item, NewItem};
use crate::program::catalogue::{self, CATALOGUE};
use crate::program::{Prescribed, Program};

fn day(d: NaiveDate) -> String {
    crate::domain::format_day(d)
}

fn parse_day(d: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| anyhow!("bad date '{d}' in the database"))
}

/// The time a program change made by this process is stamped with (UTC, to the second):
/// the command's clock (`FOOTING_NOW` included), set once at start-up by [`set_clock`]; the
/// system's clock when it was never set.
static CLOCK: OnceLock<DateTime<Utc>> = OnceLock::new();

/// Sets the time this process stamps program changes with (see [`CLOCK`]).
pub fn set_clock(now: DateTime<Utc>) {
    let _ = CLOCK.set(now);
}

fn now() -> DateTime<Utc> {
    CLOCK.get().copied().unwrap_or_else(|| {
        let now = Utc::now();
        DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    })
}

/// True when `program` is the one stored: writing it would change nothing.
pub(super) fn same_program(conn: &Connection, program: &Program) -> Result<bool> {
    let changed: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM program_changed)", [], |r| r.get(0))?;
    if changed == program.starter {
        return Ok(false);
    }
    let stored = conn
        .prepare_cached("SELECT exercise, dose FROM program ORDER BY position")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let wanted: Vec<(String, String)> =
        program.exercises.iter().map(|p| (p.exercise.id.to_string(), p.dose.to_string())).collect();
    Ok(program.starter || stored == wanted)
}

/// Replaces the stored program inside the caller's transaction, stamped as changed now.
pub(super) fn write_program(conn: &Connection, program: &Program) -> Result<()> {
    write_program_at(conn, program, Some(now()))
}

/// Replaces the stored program inside the caller's transaction, recording when it was
/// changed (`None`: not known, as in an export of an older footing).
pub(super) fn write_program_at(
    conn: &Connection,
    program: &Program,
    changed_at: Option<DateTime<Utc>>,
) -> Result<()> {
    // The same program again changes nothing, not even its time.
    if same_program(conn, program)? {
        return Ok(());
    }
    conn.execute("DELETE FROM program", [])?;
    conn.execute("DELETE FROM program_changed", [])?;
    if !program.starter {
        conn.execute(
            "INSERT INTO program_changed (one, changed_at) VALUES (1, ?1)",
            [changed_at.map(format_utc)],
        )?;
        let mut insert =
            conn.prepare_cached("INSERT INTO program (position, exercise, dose) VALUES (?1, ?2, ?3)")?;
        for (i, p) in program.exercises.iter().enumerate() {
            insert.execute(params![i as i64, p.exercise.id, p.dose.to_string()])?;
        }
    }
    Ok(())
}

/// How far back §9.6 looks for exercises done recently (T−42 … T).
pub const RECENT_DAYS: u64 = 42;

/// The stored program and when it was last changed (`None` for the starter program, or a
/// change made before footing recorded the time).
pub(super) fn read_program(conn: &Connection) -> Result<(Program, Option<DateTime<Utc>>)> {
    let changed: Option<Option<String>> =
        conn.query_row("SELECT changed_at FROM program_changed", [], |r| r.get(0)).optional()?;
    let Some(changed_at) = changed else { return Ok((Program::starter(), None)) };
    let changed_at = changed_at
        .map(|t| {
            parse_utc(&t).ok_or_else(|| anyhow!("the program in the database is damaged: bad time '{t}'"))
        })
        .transpose()?;
    let mut stmt = conn.prepare_cached("SELECT exercise, dose FROM program ORDER BY position")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let exercises = rows
        .into_iter()
        .map(|(id, dose)| {
            let damaged = |why: String| anyhow!("the program in the database is damaged: {why}");
            let exercise = catalogue::get(&id).ok_or_else(|| damaged(format!("unknown exercise '{id}'")))?;
            let dose = parse_dose(&dose).map_err(|_| damaged(format!("bad dose '{dose}' for {id}")))?;
            Ok(Prescribed { exercise, dose })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((Program { starter: false, exercises }, changed_at))
}

/// What import does with a file's program (§8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgramImport {
    /// The file's program replaced the stored one.
    Replaced,
    /// The file's program is the stored one.
    Same,
    /// Kept the stored program: the file's was not changed after it (times of both).
    KeptNewer { file: DateTime<Utc>, ours: DateTime<Utc> },
    /// Kept the stored program: the file does not say when its program was changed (an
    /// export of version 1 or 2), and the stored one is the person's own.
    KeptUndated,
    /// Kept the stored program: the file's has a time, the stored one's is not known.
    KeptUnknown,
}

/// Decides what import does with a file's program: it replaces the stored program only when
/// it differs and was changed later; a file without the time replaces only the starter
/// program, and so does any file (the starter program is no one's choice).
pub fn program_import(
    ours: &Program,
    ours_at: Option<DateTime<Utc>>,
    file: &Program,
    file_at: Option<DateTime<Utc>>,
) -> ProgramImport {
    if ours.starter == file.starter && ours.exercises == file.exercises {
        return ProgramImport::Same;
    }
    if ours.starter {
        return ProgramImport::Replaced;
    }
    match (file_at, ours_at) {
        (None, _) => ProgramImport::KeptUndated,
        (Some(_), None) => ProgramImport::KeptUnknown,
        (Some(file), Some(ours)) if file > ours => ProgramImport::Replaced,
        (Some(file), Some(ours)) => ProgramImport::KeptNewer { file, ours },
    }
}

impl Store {
    /// The stored program, or the starter program when it was never changed (or was reset).
    pub fn program(&self) -> Result<Program> {
        Ok(read_program(&self.conn)?.0)
    }

    /// The stored program and when it was last changed (see [`read_program`]).
    pub fn program_changed(&self) -> Result<(Program, Option<DateTime<Utc>>)> {
        read_program(&self.conn)
    }

    /// Stores the program in one transaction; the starter program is stored as "no program".
    pub fn set_program(&mut self, program: &Program) -> Result<()> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        super::journal::open_change(&tx, if program.starter { "program reset" } else { "program change" })?;
        write_program(&tx, program)?;
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(())
    }

    /// Changes the stored program in one immediate transaction, so that footing processes
    /// changing it at the same time each keep their change: reads it, lets `change` edit it
    /// (and read whatever else it needs, before anything is written), then stores it. Nothing
    /// is written when `change` fails.
    pub fn change_program<T>(&mut self, change: impl FnOnce(&Store, &mut Program) -> Result<T>) -> Result<T> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx =
            Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate).with_context(saving)?;
        let mut program = self.program()?;
        let out = change(self, &mut program)?;
        super::journal::open_change(&tx, "program change")?;
        write_program(&tx, &program)?;
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(out)
    }

    /// Stores items as one group, undone as one step (see [`Store::undo_group`]), in one transaction; returns their ids.
    pub fn insert_group(&mut self, items: &[NewItem]) -> Result<Vec<i64>> {
        let saving = || format!("could not save to {}", self.path.display());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).with_context(saving)?;
        super::journal::open_change(&tx, "")?;
        let mut ids = Vec::with_capacity(items.len());
        {
            let mut stmt = tx.prepare_cached(INSERT)?;
            let mut group = tx.prepare_cached("INSERT INTO item_batch (item_id, batch) VALUES (?1, ?2)")?;
            for item in items {
                stmt.execute(params_from_iter(columns(item))).with_context(saving)?;
                let id = tx.last_insert_rowid();
                group.execute(params![id, ids.first().copied().unwrap_or(id)])?;
                ids.push(id);
            }
        }
        super::journal::close_change(&tx)?;
        tx.commit().with_context(saving)?;
        Ok(ids)
    }

    /// The sessions of named exercises §9.6 needs for as-of date `t` and `program`, in order:
    /// every one dated T−42 … T, and the day of the latest session before T−42 of each
    /// exercise that gets an element (in the program, or done in T−42 … T−1) and was not done
    /// in T−42 … T−7 — an exercise done then already has, in the window, its latest session
    /// before T and the dose before each of its sessions in T−6 … T−1. Looking up only those
    /// keeps `advise` and `plan` as quick on ten years of history as on one.
    ///
    /// `read` holds every item of T−42 … T already (the advice's window, T−98 … T, read
    /// once): only the older sessions are read here and returned.
    pub fn exercise_items(&self, t: NaiveDate, program: &Program, read: &[Item]) -> Result<Vec<Item>> {
        const _: () = assert!(RECENT_DAYS <= crate::advice::lookback::RECENT);
        let from = t.checked_sub_days(Days::new(RECENT_DAYS)).unwrap_or(NaiveDate::MIN);
        let week = t.checked_sub_days(Days::new(7)).unwrap_or(NaiveDate::MIN);
        // For each exercise of the catalogue (by its place there): the earliest day it was done
        // in T−42 … T−1, from one pass over the sessions.
        let place = |e: &catalogue::Exercise| {
            CATALOGUE
                .iter()
                .position(|c| std::ptr::eq(c, e))
                .or_else(|| CATALOGUE.iter().position(|c| c.id == e.id))
        };
        let mut earliest: Vec<Option<NaiveDate>> = vec![None; CATALOGUE.len()];
        for i in read.iter().filter(|i| (from..t).contains(&i.date())) {
            for d in i.session().map(|s| s.work.exercises()).unwrap_or_default() {
                if let Some(at) = place(d.exercise) {
                    earliest[at] = Some(earliest[at].map_or(i.date(), |e| e.min(i.date())));
                }
            }
        }
        // Done in T−42 … T−7: settled. Wanted: in the program or done in T−42 … T−1, and not
        // settled.
        let settled = |at: usize| earliest[at].is_some_and(|d| d <= week);
        let in_program = |e: &catalogue::Exercise| program.exercises.iter().any(|p| p.exercise.id == e.id);
        let wanted: Vec<&catalogue::Exercise> = CATALOGUE
            .iter()
            .enumerate()
            .filter(|&(at, e)| (in_program(e) || earliest[at].is_some()) && !settled(at))
            .map(|(_, e)| e)
            .collect();
        let mut days: Vec<NaiveDate> = Vec::new();
        if !wanted.is_empty() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT max(day) FROM item WHERE kind = ?1 AND day < ?2 AND exercises IS NOT NULL \
                 AND (';' || exercises) LIKE ?3",
            )?;
            for e in wanted {
                let pattern = format!("%;{}:%", e.id);
                let d: Option<String> =
                    stmt.query_row(params![e.kind.as_str(), day(from), pattern], |r| r.get(0))?;
                if let Some(d) = d {
                    days.push(parse_day(&d)?);
                }
            }
        }
        days.sort();
        days.dedup();
        let mut items = Vec::new();
        for d in days {
            items.extend(self.items_between(d, d)?);
        }
        // Days the advice has read already are not read twice.
        items.retain(|i| i.session().is_some_and(|s| !s.work.exercises().is_empty()));
        items.retain(|i| !read.iter().any(|r| r.id == i.id));
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advice::{advise, Input};
    use crate::domain::{Body, Done, Kind, Session, Work};
    use crate::store::Access;
    use chrono::NaiveDateTime;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn named(at: &str, kind: Kind, done: &[(&str, &str)]) -> NewItem {
        let done = done
            .iter()
            .map(|(id, dose)| Done { exercise: catalogue::get(id).unwrap(), dose: parse_dose(dose).unwrap() })
            .collect();
        NewItem {
            at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap(),
            body: Body::Session(Session { kind, work: Work::Exercises(done), rpe: None, note: None }),
        }
    }

    /// Today's doses from the sessions `exercise_items` reads equal those from every session,
    /// for the starter program and a changed one: exercises back after 50 days (a hold done
    /// below its last dose within the week), one left for months, one done only outside the program.
    #[test]
    fn doses_from_the_sessions_it_reads_equal_doses_from_every_session() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), Access::Write).unwrap();
        let now = NaiveDateTime::parse_from_str("2025-06-30 20:00", "%Y-%m-%d %H:%M").unwrap();
        store.insert(&crate::demo::generate(150, 3, now)).unwrap();
        store
            .insert(&[
                named("2025-07-01 09:00", Kind::Strength, &[("toe-yoga", "1x10"), ("step-ups", "2x8")]),
                named("2025-08-20 09:00", Kind::Strength, &[("toe-yoga", "1x9"), ("eversion", "2x12")]),
                named("2025-08-25 09:00", Kind::Balance, &[("tandem-stance", "3x30s")]),
                // A hold back after 51 days, below its last dose but above its starting one:
                // it did not rise, so it may rise again within the week.
                named("2025-07-01 10:00", Kind::Strength, &[("short-foot", "6x10s")]),
                named("2025-08-21 10:00", Kind::Strength, &[("short-foot", "6x9s")]),
                named("2025-10-30 09:00", Kind::Strength, &[("step-ups", "3x10")]),
            ])
            .unwrap();
        let all: Vec<Item> = store.all_items().unwrap();
        let mut changed = Program::starter();
        changed.starter = false;
        for id in ["toe-yoga", "step-ups", "short-foot"] {
            let exercise = catalogue::get(id).unwrap();
            changed.exercises.push(Prescribed { exercise, dose: exercise.range.bottom() });
        }
        let mut t = d("2025-01-01");
        let mut checked = 0;
        while t <= d("2026-01-15") {
            // Every third day: each day costs two advices over the whole history.
            for program in [&Program::starter(), &changed] {
                let read = crate::assess::rows(&store, t, program).unwrap();
                let start = store.program_start(t).unwrap();
                let doses =
                    |items: &[Item]| advise(&Input { as_of: t, items, program, program_start: start }).doses;
                assert_eq!(doses(&read), doses(&all), "as of {t}");
            }
            checked += 1;
            t = t + Days::new(3);
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn a_file_s_program_replaces_the_stored_one_only_when_newer_or_over_the_starter() {
        use ProgramImport::*;
        let t = |s: &str| Some(parse_utc(s).unwrap());
        let mut mine = Program::starter();
        mine.starter = false;
        mine.exercises.truncate(3);
        let mut theirs = mine.clone();
        theirs.exercises.pop();
        let starter = Program::starter();
        let (early, late) = (t("2031-04-10T07:30:00Z"), t("2031-04-10T07:30:01Z"));
        let cases = [
            // (stored, its time, file's, its time) → outcome
            (&starter, None, &theirs, None, Replaced),
            (&starter, None, &theirs, early, Replaced),
            (&mine, early, &mine.clone(), late, Same),
            (&mine, early, &theirs, late, Replaced),
            // One second is later; the same second is not.
            (&mine, late, &theirs, early, KeptNewer { file: early.unwrap(), ours: late.unwrap() }),
            (&mine, early, &theirs, early, KeptNewer { file: early.unwrap(), ours: early.unwrap() }),
            (&mine, early, &theirs, None, KeptUndated),
            (&mine, None, &theirs, None, KeptUndated),
            (&mine, None, &theirs, late, KeptUnknown),
        ];
        for (ours, ours_at, file, file_at, want) in cases {
            assert_eq!(program_import(ours, ours_at, file, file_at), want, "{ours_at:?} {file_at:?}");
        }
    }

    #[test]
    fn a_program_change_is_stamped_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db"), crate::store::Access::Write).unwrap();
        assert_eq!(store.program_changed().unwrap(), (Program::starter(), None));
        let mut p = Program::starter();
        p.starter = false;
        p.exercises.truncate(2);
        let at = parse_utc("2031-04-10T07:30:05Z");
        write_program_at(&store.conn, &p, at).unwrap();
        assert_eq!(store.program_changed().unwrap(), (p.clone(), at));
        // The same program again changes nothing, not even the time.
        write_program_at(&store.conn, &p, parse_utc("2031-05-01T00:00:00Z")).unwrap();
        assert_eq!(store.program_changed().unwrap(), (p.clone(), at));
        p.exercises.pop();
        write_program_at(&store.conn, &p, None).unwrap();
        assert_eq!(store.program_changed().unwrap(), (p, None));
        store.set_program(&Program::starter()).unwrap();
        assert_eq!(store.program_changed().unwrap(), (Program::starter(), None));
    }
}
