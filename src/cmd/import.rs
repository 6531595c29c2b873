//! `footing import FILE`: read a CSV or JSON export, all or nothing.
//!
//! The format is told by the content, not the name. Every record is checked with the rules
//! of `log` and `session` before the database is even opened, so a bad file changes
//! nothing (and creates no database); then the items go in one transaction.

use std::fmt;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;

use super::{out, print_json, Ctx};
use crate::domain::{self, NewItem};
use crate::error::InputError;
use crate::record::{program_from_json, FieldError, RawRecord, COLUMNS, COLUMNS_V1};
use crate::store::Access;

/// The format and version `footing export` writes in its JSON.
pub const FORMAT: &str = "footing";
pub const VERSION: u64 = 2;
/// The oldest version import still reads: version 1 had no `feet_ok`, `exercises` or program.
const OLDEST_VERSION: u64 = 1;

const BOM: &str = "\u{feff}";

/// Where a record sits in the file, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// A CSV record starting on this physical line (the header is line 1).
    Line(u64),
    /// The n-th element (from 1) of the JSON `items`, starting on this line if known.
    Item(usize, Option<usize>),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "on line {n}"),
            Place::Item(n, Some(line)) => write!(f, "in item {n} (line {line})"),
            Place::Item(n, None) => write!(f, "in item {n}"),
        }
    }
}

/// Shortens a value for an error message.
fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        format!("{}…", value.chars().take(MAX - 1).collect::<String>())
    }
}

fn field_error(e: &FieldError, place: Place) -> InputError {
    if e.value.trim().is_empty() {
        InputError(format!("missing {} {place}: {}", e.field, e.allowed))
    } else {
        InputError(format!("invalid value '{}' for {} {place}: {}", shown(&e.value), e.field, e.allowed))
    }
}

fn not_an_export(why: impl fmt::Display) -> InputError {
    InputError(format!("not a footing export: {why}"))
}

/// Reads the records of an export, CSV or JSON, telling them apart by their content.
fn read_records(bytes: &[u8]) -> Result<Vec<(Place, RawRecord)>, InputError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        not_an_export(format_args!("the file is not UTF-8 text (line {line})"))
    })?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    match text.trim_start().chars().next() {
        None => Err(not_an_export("the file is empty")),
        Some('{' | '[') => read_json(text),
        Some(_) => read_csv(text),
    }
}

fn read_csv(text: &str) -> Result<Vec<(Place, RawRecord)>, InputError> {
    let header = COLUMNS.join(",");
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(text.as_bytes());
    let mut lines = Lines { text, offset: 0, line: 1 };
    let mut records = Vec::new();
    // The header of this version or of an earlier one (which lacks the last columns).
    let mut width = COLUMNS.len();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| match e.kind() {
            csv::ErrorKind::UnequalLengths { pos, len, .. } => {
                let line = pos.as_ref().map_or(String::new(), |p| format!(" on line {}", lines.at(p.byte())));
                InputError(format!(
                    "invalid row{line}: it has {len} fields; its header has {width} ({})",
                    COLUMNS[..width].join(",")
                ))
            }
            _ => not_an_export(format_args!("the file could not be read as CSV: {e}")),
        })?;
        if i == 0 {
            width = row.len();
            if !(COLUMNS_V1..=COLUMNS.len()).contains(&width)
                || row.iter().ne(COLUMNS[..width].iter().copied())
            {
                let first = text.lines().next().unwrap_or_default();
                return Err(not_an_export(format_args!(
                    "expected JSON from `footing export` or CSV with the header {header}; the first line is '{}'",
                    shown(first)
                )));
            }
            continue;
        }
        let line = row.position().map_or(0, |p| lines.at(p.byte()));
        let mut raw = RawRecord::default();
        for (slot, value) in raw.0.iter_mut().zip(row.iter()) {
            *slot = Some(value.to_string());
        }
        records.push((Place::Line(line), raw));
    }
    Ok(records)
}

/// Physical line numbers of CSV records, counted from their byte offsets: with CRLF line
/// ends the csv crate reports a record as starting at the end of the line before it.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record whose position is `byte`; records come in order.
    fn at(&mut self, byte: u64) -> u64 {
        let bytes = self.text.as_bytes();
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        // Skip the line end (and any blank lines) before the record itself.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.offset {
            self.line += bytes[self.offset..start].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = start;
        }
        self.line
    }
}

fn read_json(text: &str) -> Result<Vec<(Place, RawRecord)>, InputError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| not_an_export(format_args!("the file is not valid JSON ({e})")))?;
    let expected =
        format!("expected a JSON object with \"format\": \"{FORMAT}\", \"version\": {VERSION} and \"items\"");
    let Value::Object(doc) = doc else { return Err(not_an_export(expected)) };
    match doc.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => return Err(not_an_export(format_args!("the format is {other}; {expected}"))),
        None => return Err(not_an_export(format_args!("there is no \"format\"; {expected}"))),
    }
    match doc.get("version") {
        Some(v) if v.as_u64().is_some_and(|v| (OLDEST_VERSION..=VERSION).contains(&v)) => {}
        Some(v) => {
            return Err(not_an_export(format_args!(
                "version {v} is not one this footing reads (it reads versions up to {VERSION}); \
                 a newer footing may read it"
            )))
        }
        None => return Err(not_an_export(format_args!("there is no \"version\"; {expected}"))),
    }
    let Some(Value::Array(items)) = doc.get("items") else {
        return Err(not_an_export(format_args!("there is no \"items\" list; {expected}")));
    };
    let offsets = item_offsets(text);
    let lines = (offsets.len() == items.len()).then(|| {
        offsets.iter().map(|&o| text[..o].bytes().filter(|&b| b == b'\n').count() + 1).collect::<Vec<_>>()
    });
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let place = Place::Item(i + 1, lines.as_ref().map(|l| l[i]));
            if !v.is_object() {
                return Err(InputError(format!(
                    "invalid value '{}' {place}: expected an object with the fields {}",
                    shown(&v.to_string()),
                    COLUMNS.join(", ")
                )));
            }
            json_record(v).map(|r| (place, r)).map_err(|e| field_error(&e, place))
        })
        .collect()
}

/// What a JSON field may hold.
#[derive(Clone, Copy)]
enum Shape {
    /// Ignored (`id`).
    Any,
    Text,
    Number,
    /// A list of names, or the same joined by `;` in one string.
    List,
    /// `true`, or `false`/`null` for "not recorded" (`feet_ok`).
    Flag,
    /// A list of `{"exercise", "sets", "reps", "seconds", "minutes"}`.
    Exercises,
}

fn shape(column: &str) -> Shape {
    match column {
        "id" => Shape::Any,
        "type" | "at" | "kind" | "note" => Shape::Text,
        "numb" | "flags" => Shape::List,
        "feet_ok" => Shape::Flag,
        "exercises" => Shape::Exercises,
        _ => Shape::Number,
    }
}

/// What is allowed in a column, as the shared parsers word it.
fn allowed(column: &str) -> String {
    let parser: fn(&str) -> Result<(), String> = match column {
        "at" => |s| domain::parse_stored_at(s).map(drop),
        "kind" => |s| domain::parse_kind(s).map(drop),
        "pain" => |s| domain::parse_pain(s).map(drop),
        "rpe" => |s| domain::parse_rpe(s).map(drop),
        "stance_left" | "stance_right" => |s| domain::parse_stance(s).map(drop),
        "heel_raises" => |s| domain::parse_heel_raises(s).map(drop),
        "walk" => |s| domain::parse_walk(s).map(drop),
        "sets" => |s| domain::parse_sets(s).map(drop),
        "reps" => |s| domain::parse_reps(s).map(drop),
        "minutes" => |s| domain::parse_minutes(s).map(drop),
        "type" => return "expected entry or session".into(),
        "numb" => return "expected a list of zones like [\"left-toes\"], [] for none, or null".into(),
        "flags" => return "expected a list of red flags like [\"fall\"], or []".into(),
        "feet_ok" => return "expected true (feet checked, nothing found), or null".into(),
        "exercises" => {
            return "expected a list of exercises like [{\"exercise\": \"heel-raises\", \"sets\": 2, \"reps\": 10, \
                    \"seconds\": null, \"minutes\": null}], or null"
                .into()
        }
        _ => return "expected text or null".into(),
    };
    parser("").err().unwrap_or_default()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Turns one JSON item into the text fields the shared parsers take. A value of the wrong
/// JSON type (pain `"3"` or `true`, numb `5`) is a bad field.
fn json_record(v: &Value) -> Result<RawRecord, FieldError> {
    let Value::Object(map) = v else {
        return Err(FieldError {
            field: "item",
            value: shown(&v.to_string()),
            allowed: format!("expected an object with the fields {}", COLUMNS.join(", ")),
        });
    };
    let mut raw = RawRecord::default();
    for (key, value) in map {
        let Some(column) = COLUMNS.iter().copied().find(|c| c == key) else {
            return Err(FieldError {
                field: "field name",
                value: shown(key),
                allowed: format!("expected one of {}", COLUMNS.join(", ")),
            });
        };
        let wrong = || FieldError {
            field: column,
            value: shown(&value.to_string()),
            allowed: match shape(column) {
                Shape::Number => format!("{} (a JSON number, not {})", allowed(column), type_name(value)),
                Shape::Text => format!("{} (JSON text, not {})", allowed(column), type_name(value)),
                _ => allowed(column),
            },
        };
        let text = match (shape(column), value) {
            (Shape::Any, _) | (_, Value::Null) => None,
            (Shape::Text, Value::String(s)) => Some(s.clone()),
            (Shape::Number, Value::Number(n)) => Some(n.to_string()),
            (Shape::List | Shape::Exercises, Value::String(s)) => Some(s.clone()),
            (Shape::Flag, Value::Bool(true)) => Some("yes".to_string()),
            (Shape::Flag, Value::Bool(false)) => None,
            (Shape::Exercises, Value::Array(list)) => Some(
                list.iter()
                    .map(|v| crate::record::exercise_from_json(v).map(|d| d.to_string()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|why| FieldError {
                        field: column,
                        value: shown(&value.to_string()),
                        allowed: why,
                    })?
                    .join(";"),
            ),
            (Shape::List, Value::Array(list)) => {
                let names =
                    list.iter().map(|v| v.as_str().ok_or_else(wrong)).collect::<Result<Vec<_>, _>>()?;
                match (column, names.is_empty()) {
                    ("numb", true) => Some("none".to_string()),
                    _ => Some(names.join(";")),
                }
            }
            _ => return Err(wrong()),
        };
        raw.set(column, text);
    }
    Ok(raw)
}

/// The byte offsets where the elements of the top-level `"items"` array start, found by
/// scanning the (already parsed, so valid) JSON text, for line numbers in messages.
fn item_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut string_start, mut last_string, mut key) = (0, "", "");
    let (mut in_items, mut expect_value) = (false, false);
    for (i, c) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
                if depth == 1 {
                    last_string = &text[string_start..i];
                }
            }
            continue;
        }
        if in_items && depth == 2 && expect_value && !c.is_ascii_whitespace() && c != b']' {
            offsets.push(i);
            expect_value = false;
        }
        match c {
            b'"' => {
                in_string = true;
                string_start = i + 1;
            }
            b':' if depth == 1 => key = last_string,
            b'{' | b'[' => {
                if depth == 1 && c == b'[' && key == "items" {
                    // A repeated key counts once: the last, as the parser takes it.
                    offsets.clear();
                    in_items = true;
                    expect_value = true;
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth <= 1 {
                    in_items = false;
                }
            }
            b',' if in_items && depth == 2 => expect_value = true,
            _ => {}
        }
    }
    offsets
}

#[derive(Serialize)]
struct Imported {
    imported: usize,
    skipped: usize,
}

fn items(n: usize) -> String {
    if n == 1 {
        "1 item".to_string()
    } else {
        format!("{n} items")
    }
}

pub fn run(ctx: &Ctx, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let records = read_records(&bytes)?;
    // A JSON export of version 2 may carry the person's program (null for the starter one).
    let program = match serde_json::from_slice::<Value>(bytes.strip_prefix(BOM.as_bytes()).unwrap_or(&bytes))
    {
        Ok(doc) => program_from_json(&doc).map_err(|why| InputError(format!("invalid program: {why}")))?,
        Err(_) => None,
    };
    // Every record is checked before anything is opened for writing.
    let new_items = records
        .iter()
        .map(|(place, raw)| raw.parse(ctx.now).map_err(|e| field_error(&e, *place)))
        .collect::<Result<Vec<NewItem>, InputError>>()?;
    let counts = if new_items.is_empty() && program.is_none() {
        // Nothing to add: no need to open (or create) the database.
        Default::default()
    } else {
        let mut store = ctx.open(Access::Write)?;
        let counts = store.import(&new_items)?;
        if let Some(program) = &program {
            store.set_program(program)?;
        }
        counts
    };
    if ctx.json {
        print_json(&Imported { imported: counts.imported, skipped: counts.skipped })
    } else {
        writeln!(out(), "imported {}, skipped {} already stored", items(counts.imported), counts.skipped)?;
        if let Some(p) = &program {
            let n = p.exercises.len();
            writeln!(
                out(),
                "your program was replaced by the file's ({n} exercise{})",
                if n == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dose::Form;
    use crate::domain::{Body, Done, Dose, Entry, Flag, Item, Kind, Session, Stance, Volume, Work, Zone};
    use chrono::{Duration, NaiveDate, NaiveDateTime};
    use proptest::prelude::*;
    use proptest::sample::subsequence;

    fn note() -> impl Strategy<Value = Option<String>> {
        let ch = prop_oneof![
            Just(','),
            Just('"'),
            Just(';'),
            Just('\n'),
            Just('\r'),
            Just(' '),
            Just('\u{feff}'),
            Just('🦶'),
            any::<char>()
        ];
        proptest::option::of(
            proptest::collection::vec(ch, 1..12)
                .prop_map(|c| c.into_iter().collect::<String>())
                .prop_filter("a note says something", |n| !n.trim().is_empty()),
        )
    }

    fn body() -> impl Strategy<Value = Body> {
        use proptest::option::of;
        let entry = (
            of(0u8..=10),
            of(subsequence(Zone::all().collect::<Vec<_>>(), 0..4)),
            (of(0u16..=3000), of(0u16..=3000)),
            (of(0u16..=200), of(1u16..=1440)),
            (subsequence(Flag::ALL.to_vec(), 0..3), any::<bool>()),
            note(),
        )
            .prop_map(|(pain, numb, (left, right), (heel_raises, walk), (flags, feet_ok), note)| {
                Body::Entry(Entry {
                    pain,
                    numb: numb.map(|z| z.into_iter().collect()),
                    stance_left: left.and_then(Stance::from_tenths),
                    stance_right: right.and_then(Stance::from_tenths),
                    heel_raises,
                    walk,
                    flags: flags.into_iter().collect(),
                    note,
                    feet_ok,
                })
            })
            .prop_filter("an entry holds something", |b| matches!(b, Body::Entry(e) if !e.is_empty()));
        let volume = prop_oneof![
            (1u16..=20, 1u16..=200).prop_map(|(sets, reps)| Volume::SetsReps { sets, reps }),
            (1u16..=600).prop_map(Volume::Minutes),
        ];
        let session = (
            subsequence(vec![Kind::Strength, Kind::Balance, Kind::Mobility], 1),
            volume,
            of(0u8..=10),
            note(),
        )
            .prop_map(|(kind, volume, rpe, note)| {
                Body::Session(Session { kind: kind[0], work: Work::Volume(volume), rpe, note })
            });
        // A session of named exercises of one kind, each with a dose of its range's form.
        let named = (
            subsequence(crate::program::catalogue::CATALOGUE.iter().collect::<Vec<_>>(), 1..4),
            1u16..=20,
            1u16..=200,
            of(0u8..=10),
        )
            .prop_map(|(exercises, sets, n, rpe)| {
                let kind = exercises[0].kind;
                let done = exercises
                    .into_iter()
                    .filter(|e| e.kind == kind)
                    .map(|e| {
                        let dose = match e.range.form() {
                            Form::Reps => Dose::Reps { sets, reps: n },
                            Form::Seconds => Dose::Seconds { sets, seconds: n },
                            Form::Minutes => Dose::Minutes(n),
                        };
                        Done { exercise: e, dose }
                    })
                    .collect();
                Body::Session(Session { kind, work: Work::Exercises(done), rpe, note: None })
            });
        prop_oneof![entry, session, named]
    }

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap()
    }

    /// Reads an export back and checks every record, as `import` does.
    fn read_back(bytes: &[u8]) -> Vec<NewItem> {
        let now = start() + Duration::days(400);
        read_records(bytes).unwrap().iter().map(|(_, r)| r.parse(now).unwrap()).collect()
    }

    proptest! {
        #[test]
        fn export_then_import_is_lossless(list in proptest::collection::vec((0i64..500_000, body()), 0..8)) {
            let items: Vec<Item> = list
                .into_iter()
                .enumerate()
                .map(|(i, (m, body))| Item { id: i as i64 + 1, at: start() + Duration::minutes(m), body })
                .collect();
            let expected: Vec<NewItem> = items.iter().map(|i| NewItem { at: i.at, body: i.body.clone() }).collect();
            prop_assert_eq!(&read_back(&super::super::export::csv(&items).unwrap()), &expected);
            prop_assert_eq!(&read_back(&super::super::export::json(&items, &crate::program::Program::starter()).unwrap()), &expected);
        }
    }

    #[test]
    fn item_offsets_find_each_element_of_the_top_level_items() {
        let text = "{\"note\": \"items [\\\"x\", \"items\" :\n [ {\"a\": [1, {\"b\": 2}]},\n  {\"c\": \"]\"} , 7 ], \"z\": [1]}";
        let offsets = item_offsets(text);
        let starts: Vec<char> = offsets.iter().map(|&o| text[o..].chars().next().unwrap()).collect();
        assert_eq!(starts, vec!['{', '{', '7']);
        assert_eq!(offsets.len(), 3);
        assert_eq!(item_offsets("{\"items\": []}"), Vec::<usize>::new());
    }

    #[test]
    fn wrong_json_types_are_bad_fields() {
        let e = json_record(&serde_json::json!({"type": "entry", "pain": "3.5"})).unwrap_err();
        assert_eq!(
            (e.field, e.value.as_str(), e.allowed.as_str()),
            ("pain", "\"3.5\"", "expected a whole number from 0 to 10 (a JSON number, not text)")
        );
        let e = json_record(&serde_json::json!({"pain": true})).unwrap_err();
        assert_eq!((e.field, e.value.as_str()), ("pain", "true"));
        let e = json_record(&serde_json::json!({"numb": 5})).unwrap_err();
        assert_eq!(e.field, "numb");
        let e = json_record(&serde_json::json!({"numb": ["left-toes", 3]})).unwrap_err();
        assert_eq!(e.field, "numb");
        let e = json_record(&serde_json::json!({"paine": 3})).unwrap_err();
        assert_eq!((e.field, e.value.as_str()), ("field name", "paine"));
        let r = json_record(&serde_json::json!({"numb": [], "flags": [], "stance_left": 12.5, "id": "x"}))
            .unwrap();
        assert_eq!((r.get("numb"), r.get("flags"), r.get("stance_left")), (Some("none"), None, Some("12.5")));
    }
}
