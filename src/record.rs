//! The flat form of an item, as `export` writes it and `import` reads it (§3), and the
//! JSON form `log`, `session`, `history --items` and `export` print.
//!
//! Import goes through [`RawRecord::parse`], which uses the same parsers as `log` and
//! `session`: a rule lives in one place.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::home::{self as home, Tenths};
use crate::domain::{
    self, format_at, join_exercises, join_flags, join_numb, Body, Entry, Item, NewItem, Session, Stance,
    Volume, Work, Zone,
};
use crate::domain::{Done, Dose, TempItem, TestItem, TestName, TestResult};
use crate::program::{catalogue, ExerciseDoseJson, Program};

/// The CSV columns, in order.
pub const COLUMNS: [&str; 22] = [
    "id",
    "type",
    "at",
    "pain",
    "numb",
    "stance_left",
    "stance_right",
    "heel_raises",
    "walk",
    "flags",
    "kind",
    "sets",
    "reps",
    "minutes",
    "rpe",
    "note",
    "feet_ok",
    "exercises",
    "test",
    "values",
    "temps",
    "cleared",
];

/// The columns an export of version 1 has, which import still reads: the first 16.
pub const COLUMNS_V1: usize = 16;

/// An item as JSON: the export's fields, with lists for zones and flags.
#[derive(Debug, Serialize)]
pub struct ItemJson {
    pub id: i64,
    #[serde(rename = "type")]
    pub typ: &'static str,
    pub at: String,
    pub pain: Option<u8>,
    /// `null`: not checked; `[]`: checked, no numbness.
    pub numb: Option<Vec<Zone>>,
    pub stance_left: Option<Stance>,
    pub stance_right: Option<Stance>,
    pub heel_raises: Option<u16>,
    pub walk: Option<u16>,
    pub flags: Vec<&'static str>,
    pub kind: Option<&'static str>,
    pub sets: Option<u16>,
    pub reps: Option<u16>,
    pub minutes: Option<u16>,
    pub rpe: Option<u8>,
    pub note: Option<String>,
    /// `true`: feet checked, nothing found; `null`: not checked in this item.
    pub feet_ok: Option<bool>,
    /// The named exercises of a session (§9.3); null for an entry or a session with one volume.
    pub exercises: Option<Vec<ExerciseDoseJson>>,
    /// The home test (§11.2) of a `test` item.
    pub test: Option<TestName>,
    /// Its numbers (heel-raise: `[left, right]`).
    pub values: Option<Vec<Tenths>>,
    /// A `temp` item's sites, each `SITE:LEFT:RIGHT` in °C.
    pub temps: Option<Vec<String>>,
    /// A review (§6.3): `true` when the clinician cleared the foot; null otherwise.
    pub cleared: Option<bool>,
}

impl From<&Item> for ItemJson {
    fn from(item: &Item) -> ItemJson {
        let mut j = ItemJson {
            id: item.id,
            typ: item.body.type_name(),
            at: format_at(item.at),
            pain: None,
            numb: None,
            stance_left: None,
            stance_right: None,
            heel_raises: None,
            walk: None,
            flags: Vec::new(),
            kind: None,
            sets: None,
            reps: None,
            minutes: None,
            rpe: None,
            note: item.body.note().map(str::to_string),
            feet_ok: None,
            exercises: None,
            test: None,
            values: None,
            temps: None,
            cleared: None,
        };
        match &item.body {
            Body::Entry(e) => {
                j.pain = e.pain;
                j.numb = e.numb.as_ref().map(|z| z.iter().copied().collect());
                j.stance_left = e.stance_left;
                j.stance_right = e.stance_right;
                j.heel_raises = e.heel_raises;
                j.walk = e.walk;
                j.flags = e.flags.iter().map(|f| f.as_str()).collect();
                j.feet_ok = e.feet_ok.then_some(true);
            }
            Body::Session(s) => {
                j.kind = Some(s.kind.as_str());
                j.sets = s.work.volume().and_then(Volume::sets);
                j.reps = s.work.volume().and_then(Volume::reps);
                j.minutes = s.work.volume().and_then(Volume::minutes);
                if let Work::Exercises(e) = &s.work {
                    j.exercises = Some(
                        e.iter()
                            .map(|d| ExerciseDoseJson { exercise: d.exercise.id, dose: d.dose })
                            .collect(),
                    );
                }
                j.rpe = s.rpe;
            }
            Body::Review(r) => {
                j.flags = vec![r.flag.as_str()];
                j.cleared = r.cleared.then_some(true);
            }
            Body::Test(t) => {
                j.test = Some(t.result.name());
                j.values = Some(t.result.values());
            }
            Body::Temp(t) => j.temps = Some(t.temps.iter().map(ToString::to_string).collect()),
        }
        j
    }
}

/// An item's CSV row, in the order of [`COLUMNS`]; empty strings for values not recorded.
pub fn csv_row(item: &Item) -> [String; COLUMNS.len()] {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let j = ItemJson::from(item);
    let numb = match &item.body {
        Body::Entry(Entry { numb: Some(z), .. }) if z.is_empty() => "none".to_string(),
        Body::Entry(Entry { numb: Some(z), .. }) => join_numb(z),
        _ => String::new(),
    };
    let flags = match &item.body {
        Body::Entry(e) => join_flags(&e.flags),
        Body::Review(r) => r.flag.as_str().to_string(),
        _ => String::new(),
    };
    let exercises = match &item.body {
        Body::Session(s) => join_exercises(s.work.exercises()),
        _ => String::new(),
    };
    let (test, values, temps) = match &item.body {
        Body::Test(t) => (t.result.name().to_string(), t.result.joined(), String::new()),
        Body::Temp(t) => (String::new(), String::new(), home::join_temps(&t.temps)),
        _ => (String::new(), String::new(), String::new()),
    };
    [
        j.id.to_string(),
        j.typ.to_string(),
        j.at,
        opt(j.pain.map(|v| v.to_string())),
        numb,
        opt(j.stance_left.map(|v| v.to_string())),
        opt(j.stance_right.map(|v| v.to_string())),
        opt(j.heel_raises.map(|v| v.to_string())),
        opt(j.walk.map(|v| v.to_string())),
        flags,
        opt(j.kind.map(str::to_string)),
        opt(j.sets.map(|v| v.to_string())),
        opt(j.reps.map(|v| v.to_string())),
        opt(j.minutes.map(|v| v.to_string())),
        opt(j.rpe.map(|v| v.to_string())),
        opt(j.note),
        opt(j.feet_ok.map(|_| "yes".to_string())),
        exercises,
        test,
        values,
        temps,
        opt(j.cleared.map(|_| "yes".to_string())),
    ]
}

/// The first characters that make a spreadsheet run a cell as a formula (or hide it).
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A note as written in CSV (§8): one leading `'` when it begins like a formula (or with
/// `'` itself), so a spreadsheet shows the text instead of running it.
pub fn csv_note_out(note: &str) -> String {
    if note.starts_with(FORMULA_START) {
        format!("'{note}")
    } else {
        note.to_string()
    }
}

/// A note as read from CSV: the leading `'` of [`csv_note_out`] removed.
pub fn csv_note_in(note: &str) -> String {
    note.strip_prefix('\'').unwrap_or(note).to_string()
}

/// One record as read from a file: every field as text, `None` (or empty) when absent.
/// Indexes follow [`COLUMNS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRecord(pub [Option<String>; COLUMNS.len()]);

/// A field of a record that cannot be accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub value: String,
    pub allowed: String,
}

impl RawRecord {
    /// The value of a column, trimmed; `None` when absent or empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = COLUMNS.iter().position(|c| *c == column).expect("known column");
        self.0[i].as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The value of a column exactly as read, untrimmed.
    pub fn raw(&self, column: &str) -> Option<&str> {
        let i = COLUMNS.iter().position(|c| *c == column).expect("known column");
        self.0[i].as_deref()
    }

    pub fn set(&mut self, column: &str, value: Option<String>) {
        let i = COLUMNS.iter().position(|c| *c == column).expect("known column");
        self.0[i] = value;
    }

    /// Checks the record with the rules of `log` and `session` and turns it into an item.
    /// `now` is the current local time: items may lie at most 26 hours ahead of it (an
    /// export made in another time zone).
    pub fn parse(&self, now: NaiveDateTime) -> Result<NewItem, FieldError> {
        fn field<T>(
            r: &RawRecord,
            name: &'static str,
            parse: impl Fn(&str) -> Result<T, String>,
        ) -> Result<Option<T>, FieldError> {
            r.get(name)
                .map(|v| {
                    parse(v).map_err(|allowed| FieldError { field: name, value: v.to_string(), allowed })
                })
                .transpose()
        }
        let err = |field: &'static str, value: &str, allowed: &str| FieldError {
            field,
            value: value.to_string(),
            allowed: allowed.to_string(),
        };

        let at = field(self, "at", domain::parse_stored_at)?
            .ok_or_else(|| err("at", "", "every item needs a date and time as YYYY-MM-DD HH:MM"))?;
        domain::check_import_not_future(at, now).map_err(|a| err("at", self.get("at").unwrap_or(""), &a))?;
        // The note is kept exactly as written, spaces and all; empty means no note.
        let note = match self.raw("note") {
            None | Some("") => None,
            Some(n) => Some(domain::parse_note(n).map_err(|a| err("note", n, &a))?),
        };
        let entry_fields =
            ["pain", "numb", "stance_left", "stance_right", "heel_raises", "walk", "flags", "feet_ok"];
        let session_fields = ["kind", "sets", "reps", "minutes", "rpe", "exercises"];
        let home_fields = ["test", "values", "temps"];
        let typ = self.get("type");
        let own: &[&str] = match typ {
            Some("test") => &["test", "values"],
            Some("temp") => &["temps"],
            _ => &[],
        };
        if matches!(typ, Some("entry" | "session" | "review" | "test" | "temp")) {
            if let Some(f) = home_fields.iter().find(|f| !own.contains(f) && self.get(f).is_some()) {
                return Err(err(
                    f,
                    self.get(f).unwrap_or(""),
                    "only tests have test and values, only temperatures have temps",
                ));
            }
        }
        if typ != Some("review") {
            if let Some(v) = self.get("cleared") {
                return Err(err("cleared", v, "only reviews are cleared"));
            }
        }
        let body = match typ {
            Some("review") => {
                if let Some(f) = entry_fields
                    .iter()
                    .chain(&session_fields)
                    .find(|f| **f != "flags" && self.get(f).is_some())
                {
                    return Err(err(
                        f,
                        self.get(f).unwrap_or(""),
                        "a review carries only its flag, cleared and a note",
                    ));
                }
                let flag = field(self, "flags", domain::parse_reviewed)?.ok_or_else(|| {
                    err("flags", "", "a review names the one flag reviewed, like open-sore")
                })?;
                let cleared = field(self, "cleared", domain::parse_feet_ok)?.is_some();
                Body::Review(domain::Review { flag, cleared, note })
            }
            Some("test" | "temp") => {
                if let Some(f) = entry_fields.iter().chain(&session_fields).find(|f| self.get(f).is_some()) {
                    return Err(err(
                        f,
                        self.get(f).unwrap_or(""),
                        "a test or a temperature carries only its own fields and a note",
                    ));
                }
                if typ == Some("test") {
                    let name = field(self, "test", home::parse_test_name)?
                        .ok_or_else(|| err("test", "", &home::parse_test_name("").unwrap_err()))?;
                    let result = field(self, "values", |v| TestResult::parse_joined(name, v))?
                        .ok_or_else(|| err("values", "", &format!("a {name} test needs its numbers")))?;
                    Body::Test(TestItem { result, note })
                } else {
                    let temps =
                        field(self, "temps", |v| home::parse_temps(v.split(';'), home::TempUnit::Celsius))?
                            .ok_or_else(|| err("temps", "", "expected SITE:LEFT:RIGHT in °C joined by ;"))?;
                    Body::Temp(TempItem { temps, note })
                }
            }
            Some("entry") => {
                if let Some(f) = session_fields.iter().find(|f| self.get(f).is_some()) {
                    return Err(err(
                        f,
                        self.get(f).unwrap_or(""),
                        "only sessions have kind, sets, reps, minutes, rpe and exercises",
                    ));
                }
                let numb = match self.get("numb") {
                    Some(v) if v.eq_ignore_ascii_case("none") => Some(domain::Numb::new()),
                    _ => field(self, "numb", domain::parse_numb)?,
                };
                let entry = Entry {
                    pain: field(self, "pain", domain::parse_pain)?,
                    numb,
                    stance_left: field(self, "stance_left", domain::parse_stance)?,
                    stance_right: field(self, "stance_right", domain::parse_stance)?,
                    heel_raises: field(self, "heel_raises", domain::parse_heel_raises)?,
                    walk: field(self, "walk", domain::parse_walk)?,
                    flags: field(self, "flags", domain::parse_flags)?.unwrap_or_else(BTreeSet::new),
                    note,
                    feet_ok: field(self, "feet_ok", domain::parse_feet_ok)?.unwrap_or(false),
                };
                if entry.is_empty() {
                    return Err(err("type", "entry", "an entry needs at least one measure, flag or note"));
                }
                if let Some(f) = domain::skin_flag_with_feet_ok(&entry) {
                    return Err(err("flags", f.as_str(), &domain::feet_ok_contradiction(f)));
                }
                Body::Entry(entry)
            }
            Some("session") => {
                if let Some(f) = entry_fields.iter().find(|f| self.get(f).is_some()) {
                    return Err(err(
                        f,
                        self.get(f).unwrap_or(""),
                        "sessions carry no measures; log them as a separate entry",
                    ));
                }
                let kind = field(self, "kind", domain::parse_kind)?
                    .ok_or_else(|| err("kind", "", &domain::parse_kind("").unwrap_err()))?;
                let sets = field(self, "sets", domain::parse_sets)?;
                let reps = field(self, "reps", domain::parse_reps)?;
                let minutes = field(self, "minutes", domain::parse_minutes)?;
                let rpe = field(self, "rpe", domain::parse_rpe)?;
                if let Some(done) = field(self, "exercises", domain::parse_exercises)? {
                    if let Some(f) = ["sets", "reps", "minutes"].iter().find(|f| self.get(f).is_some()) {
                        return Err(err(
                            f,
                            self.get(f).unwrap_or(""),
                            "a session of named exercises has no sets, reps or minutes of its own",
                        ));
                    }
                    if let Some(other) = done.iter().find(|d| d.exercise.kind != kind) {
                        return Err(err(
                            "exercises",
                            self.get("exercises").unwrap_or(""),
                            &format!(
                                "{} is a {} exercise; every exercise of a {kind} session is of kind {kind}",
                                other.exercise.id, other.exercise.kind
                            ),
                        ));
                    }
                    // As `session` refuses `heel-raises heel-raises`.
                    let twice = done
                        .iter()
                        .enumerate()
                        .find(|(i, d)| done[..*i].iter().any(|e| e.exercise.id == d.exercise.id));
                    if let Some((_, twice)) = twice {
                        return Err(err(
                            "exercises",
                            self.get("exercises").unwrap_or(""),
                            &format!("{} is named twice; name each exercise once", twice.exercise.id),
                        ));
                    }
                    return Ok(NewItem {
                        at,
                        body: Body::Session(Session { kind, work: Work::Exercises(done), rpe, note }),
                    });
                }
                let volume = domain::Volume::new(sets, reps, minutes).map_err(|a| {
                    let f = if minutes.is_some() || (sets.is_none() && reps.is_none()) {
                        "minutes"
                    } else if sets.is_none() {
                        "sets"
                    } else {
                        "reps"
                    };
                    err(f, self.get(f).unwrap_or(""), &a)
                })?;
                Body::Session(Session { kind, work: Work::Volume(volume), rpe, note })
            }
            other => {
                return Err(err("type", other.unwrap_or(""), "expected entry, session, review, test or temp"))
            }
        };
        Ok(NewItem { at, body })
    }
}

/// One exercise of an export's JSON, `{"exercise", "sets", "reps", "seconds", "minutes"}`,
/// checked as `session EXERCISE:DOSE` checks it.
pub fn exercise_from_json(v: &serde_json::Value) -> Result<Done, String> {
    const SHAPE: &str =
        "expected {\"exercise\", \"sets\", \"reps\", \"seconds\", \"minutes\"} with whole numbers or null";
    let serde_json::Value::Object(map) = v else { return Err(SHAPE.to_string()) };
    if let Some(k) =
        map.keys().find(|k| !["exercise", "sets", "reps", "seconds", "minutes"].contains(&k.as_str()))
    {
        return Err(format!("unknown field '{k}': {SHAPE}"));
    }
    let id = map.get("exercise").and_then(|e| e.as_str()).ok_or_else(|| SHAPE.to_string())?;
    let number = |k: &str| -> Result<Option<u16>, String> {
        match map.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(n) => {
                n.as_u64().and_then(|n| u16::try_from(n).ok()).map(Some).ok_or_else(|| SHAPE.to_string())
            }
        }
    };
    exercise_from_parts(id, [number("sets")?, number("reps")?, number("seconds")?, number("minutes")?])
}

/// One exercise of a session or a program from its parts: the catalogue's id and the dose's
/// sets, reps, seconds and minutes, checked as `program add` checks them.
pub fn exercise_from_parts(
    id: &str,
    [sets, reps, seconds, minutes]: [Option<u16>; 4],
) -> Result<Done, String> {
    let exercise = catalogue::find(id).map_err(|why| format!("unknown exercise '{id}': {why}"))?;
    let dose = Dose::from_parts(sets, reps, seconds, minutes).map_err(|why| format!("{id}: {why}"))?;
    catalogue::check_form(exercise, dose)?;
    Ok(Done { exercise, dose })
}

/// Adds one element of a JSON export's program (§3), checked as `program add` checks it.
pub fn add_program_element(program: &mut Program, v: &serde_json::Value) -> Result<(), String> {
    let done = exercise_from_json(v)?;
    if program.get(done.exercise.id).is_some() {
        return Err(format!("{} is listed twice", done.exercise.id));
    }
    program.add(done.exercise, done.dose);
    Ok(())
}

/// The person's program of a JSON export (§3): `None` when the file has none (`"program"`
/// absent or null), else the program it holds, each exercise checked as `program add` does.
/// An error names the bad element (from 1) when it is one element.
pub fn program_from_json(doc: &serde_json::Value) -> Result<Option<Program>, (Option<usize>, String)> {
    match doc.get("program") {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Array(list)) => {
            let mut program = Program { starter: false, exercises: Vec::new() };
            for (i, v) in list.iter().enumerate() {
                add_program_element(&mut program, v).map_err(|why| (Some(i + 1), why))?;
            }
            Ok(Some(program))
        }
        Some(_) => Err((None, "expected a list of exercises with their doses, or null".to_string())),
    }
}

impl From<&Item> for RawRecord {
    fn from(item: &Item) -> RawRecord {
        RawRecord(csv_row(item).map(|v| Some(v).filter(|v| !v.is_empty())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 28).unwrap().and_hms_opt(12, 0, 0).unwrap()
    }

    fn record(pairs: &[(&str, &str)]) -> RawRecord {
        let mut r = RawRecord::default();
        for (k, v) in pairs {
            r.set(k, Some(v.to_string()));
        }
        r
    }

    #[test]
    fn a_record_round_trips_through_its_flat_form() {
        let r = record(&[
            ("type", "entry"),
            ("at", "2025-03-01 08:00"),
            ("pain", "4"),
            ("numb", "right-ball;left-toes"),
            ("stance_left", "12.5"),
            ("flags", "fall;injury"),
            ("note", "a, \"quoted\"; note\nwith a newline"),
        ]);
        let new = r.parse(now()).unwrap();
        let item = Item { id: 7, at: new.at, body: new.body.clone() };
        let row = csv_row(&item);
        assert_eq!(row[4], "left-toes;right-ball");
        assert_eq!(row[9], "fall;injury");
        assert_eq!(RawRecord::from(&item).parse(now()).unwrap(), new);
    }

    #[test]
    fn notes_that_look_like_formulas_get_one_apostrophe_in_csv() {
        for (note, csv) in [
            ("=1+1", "'=1+1"),
            ("+31 6", "'+31 6"),
            ("-tired", "'-tired"),
            ("@home", "'@home"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'quoted", "''quoted"),
            ("fine = ok", "fine = ok"),
            (" =spaced", " =spaced"),
        ] {
            assert_eq!(csv_note_out(note), csv, "{note:?}");
            assert_eq!(csv_note_in(&csv_note_out(note)), note);
        }
    }

    #[test]
    fn import_allows_26_hours_ahead() {
        let at = |s: &str| record(&[("type", "entry"), ("at", s), ("pain", "1")]).parse(now());
        assert!(at("2025-03-29 14:00").is_ok());
        let e = at("2025-03-29 14:01").unwrap_err();
        assert_eq!(e.field, "at");
        assert_eq!(
            e.allowed,
            "that is more than 26 hours ahead of now (2025-03-28 12:00); an imported item may be dated \
             at most 26 hours ahead (an export made in another time zone)"
        );
        assert_eq!(at("1969-12-31 23:59").unwrap_err().field, "at");
    }

    #[test]
    fn bad_fields_are_named() {
        let e = record(&[("type", "entry"), ("at", "2025-03-01 08:00"), ("pain", "11")])
            .parse(now())
            .unwrap_err();
        assert_eq!((e.field, e.value.as_str()), ("pain", "11"));
        let e = record(&[("type", "entry"), ("at", "2025-03-01 08:00"), ("numb", "left-knee")])
            .parse(now())
            .unwrap_err();
        assert_eq!(e.field, "numb");
        let e =
            record(&[("type", "session"), ("at", "2025-03-01 08:00"), ("kind", "strength"), ("sets", "2")])
                .parse(now())
                .unwrap_err();
        assert_eq!(e.field, "reps");
        let e =
            record(&[("type", "entry"), ("at", "2025-04-01 08:00"), ("pain", "1")]).parse(now()).unwrap_err();
        assert_eq!(e.field, "at");
        let e =
            record(&[("type", "entry"), ("at", "2100-01-01 08:00"), ("pain", "1")]).parse(now()).unwrap_err();
        assert_eq!(e.field, "at");
        let e = record(&[("type", "entry"), ("at", "2025-03-01 08:00")]).parse(now()).unwrap_err();
        assert_eq!(e.field, "type");
        let e = record(&[("type", "entry"), ("at", "2025-03-01 08:00"), ("pain", "1"), ("rpe", "3")])
            .parse(now())
            .unwrap_err();
        assert_eq!(e.field, "rpe");
        let e = record(&[("type", "entry"), ("at", "2025-03-01 08:00"), ("note", " \n ")])
            .parse(now())
            .unwrap_err();
        assert_eq!((e.field, e.allowed.as_str()), ("note", "a note needs some text"));
        let e = record(&[("type", "visit"), ("at", "2025-03-01 08:00")]).parse(now()).unwrap_err();
        assert_eq!(e.field, "type");
    }
}
