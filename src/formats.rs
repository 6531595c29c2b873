//! Reading the files `footing export` writes (§3), CSV or JSON, told apart by their content.
//!
//! A file is streamed, never held: records are read one at a time through a counting reader
//! that knows the line each record starts on, refuses any one record larger than
//! [`MAX_RECORD`] (so `import /dev/zero` ends with a message, not with the memory gone) and
//! sees how the file ends (a CSV cut short inside a quoted field or without its last line
//! break is refused). Each record is checked with the rules of `log` and `session`
//! ([`RawRecord::parse`]) and handed to the caller (`import` spools it until the whole file
//! has passed), in memory that does not grow with the file.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::rc::Rc;

use anyhow::Result;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::domain::home::Profile;
use crate::domain::{self, NewItem};
use crate::error::InputError;
use crate::json_frame::{Framed, Framer, Stop};
use crate::program::Program;
use crate::record::{add_program_element, exercise_from_json, exercise_from_parts};
use crate::record::{csv_note_in, FieldError, RawRecord, COLUMNS, COLUMNS_V1};
use crate::render::printable;

/// The format and version `footing export` writes in its JSON.
pub const FORMAT: &str = "footing";
pub const VERSION: u64 = 3;
/// The oldest version import still reads: version 1 had no `feet_ok`, `exercises` or program,
/// version 2 no `program_changed_at`.
const OLDEST_VERSION: u64 = 1;

/// The largest single record (a CSV row, a JSON item) import accepts.
pub const MAX_RECORD: u64 = 1 << 20;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Where a record sits in the file, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A CSV record starting on this physical line (the header is line 1).
    Line(u64),
    /// The n-th element (from 1) of the JSON `items`, starting on this line if known.
    Item(usize, Option<u64>),
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

/// What a pass over a file found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// How many items the file holds.
    pub items: usize,
    /// True when the items come in (date, time) order, as every export writes them.
    pub in_order: bool,
    /// The person's program, when a JSON export carries one (null: the starter program).
    pub program: Option<Program>,
    /// When that program was last changed, when the export says (version 3 on).
    pub program_changed_at: Option<DateTime<Utc>>,
    /// The person's profile, when a JSON export of version 3 carries one.
    pub profile: Option<Profile>,
}

/// Shortens a value for an error message, with control characters shown escaped.
fn shown(value: &str) -> String {
    const MAX: usize = 60;
    let value = printable(value);
    if value.chars().count() <= MAX {
        value.into_owned()
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

/// What the counting reader has seen of the file.
#[derive(Default)]
struct Tally {
    /// Bytes read since the current record began.
    record_bytes: u64,
    /// Bytes read in all.
    offset: u64,
    /// Line breaks read in all.
    newlines: u64,
    /// Where the lines read ahead of the CSV parser (it reads in blocks) begin to hold
    /// something other than line ends: (offset, line).
    starts: VecDeque<(u64, u64)>,
    last: Option<u8>,
    quote: Quote,
    too_long: bool,
}

/// Where the file's end falls in CSV terms (RFC 4180 quoting).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Quote {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of a doubled quote.
    Seen,
}

impl Quote {
    #[inline]
    fn next(self, b: u8) -> Quote {
        let ends_field = matches!(b, b',' | b'\n' | b'\r');
        match (self, b) {
            (Quote::Quoted, b'"') => Quote::Seen,
            (Quote::Quoted, _) => Quote::Quoted,
            (Quote::Seen, b'"') | (Quote::FieldStart, b'"') => Quote::Quoted,
            (_, _) if ends_field => Quote::FieldStart,
            _ => Quote::Unquoted,
        }
    }
}

impl Tally {
    /// The physical line of the CSV record the parser places at byte `at` (records come in
    /// order). The parser may place it on the line end before it (with CRLF line ends, or
    /// after blank lines): the record is where the next line with content begins.
    fn csv_line(&mut self, at: u64) -> u64 {
        while self.starts.front().is_some_and(|&(o, _)| o < at) {
            self.starts.pop_front();
        }
        self.starts.front().map_or(self.newlines + 1, |&(_, line)| line)
    }
}

/// A reader that counts what passes through it into a shared [`Tally`].
struct Counted<R> {
    inner: R,
    tally: Rc<RefCell<Tally>>,
    csv: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut t = self.tally.borrow_mut();
        if self.csv && n > 0 {
            // Kept in locals while the block is scanned, byte by byte.
            let (mut quote, mut newlines, mut line_start) =
                (t.quote, t.newlines, matches!(t.last, None | Some(b'\n')));
            for (i, &b) in buf[..n].iter().enumerate() {
                let line_end = matches!(b, b'\r' | b'\n');
                if line_start && !line_end {
                    let at = t.offset + i as u64;
                    t.starts.push_back((at, newlines + 1));
                }
                quote = quote.next(b);
                line_start = b == b'\n';
                newlines += u64::from(line_start);
            }
            (t.quote, t.newlines, t.last) = (quote, newlines, Some(buf[n - 1]));
            t.offset += n as u64;
        }
        t.record_bytes += n as u64;
        // The parsers read a block or two ahead of the record they parse.
        if t.record_bytes > MAX_RECORD + 2 * BLOCK as u64 {
            t.too_long = true;
            return Err(io::Error::other(format!("a record is larger than {} MiB", MAX_RECORD >> 20)));
        }
        Ok(n)
    }
}

/// Reads every item of an export from `reader`, checking each with the rules of `log` and
/// `session` against the local time `now`, and hands each to `each` in file order. Stops at
/// the first bad record (invalid input: exit 2) or the first error of `each`.
pub fn read_items<R: Read + Seek>(
    mut reader: R,
    now: NaiveDateTime,
    mut each: impl FnMut(Place, NewItem) -> Result<()>,
) -> Result<Summary> {
    // The first block tells the format; it is read again from memory.
    let mut head = Vec::with_capacity(BLOCK);
    (&mut reader).take(BLOCK as u64).read_to_end(&mut head)?;
    let bom = head.starts_with(BOM);
    let start = if bom { BOM.len() } else { 0 };
    let first = head[start..].iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first.is_none() && head.len() < BLOCK {
        return Err(not_an_export("the file is empty").into());
    }
    let mut summary =
        Summary { items: 0, in_order: true, program: None, program_changed_at: None, profile: None };
    let mut last_at: Option<NaiveDateTime> = None;
    let mut visit = |place: Place, item: NewItem| -> Result<()> {
        summary.in_order &= last_at.is_none_or(|l| l <= item.at);
        last_at = Some(item.at);
        summary.items += 1;
        each(place, item)
    };
    let mut head = io::Cursor::new(head);
    head.set_position(start as u64);
    if !matches!(first, Some(b'{' | b'[')) {
        let tally = Rc::new(RefCell::new(Tally::default()));
        let counted = Counted { inner: head.chain(&mut reader), tally: Rc::clone(&tally), csv: true };
        read_csv(BufReader::with_capacity(BLOCK, counted), tally, now, &mut visit)?;
        return Ok(summary);
    }
    let doc = match read_json(head.chain(&mut reader), now, &mut visit) {
        Ok(doc) => doc,
        Err(JsonStop::Fail(e)) => return Err(e),
        Err(JsonStop::Frame(Stop::Io(e))) => return Err(anyhow::anyhow!("could not read the file: {e}")),
        Err(JsonStop::Frame(Stop::TooLong(line))) => {
            return Err(not_an_export(format_args!(
                "the item or value on line {line} is larger than {} MiB",
                MAX_RECORD >> 20
            ))
            .into())
        }
        Err(JsonStop::Frame(Stop::Syntax(at))) => return Err(syntax_error(&mut reader, start as u64, at)),
    };
    summary.program = doc.program;
    summary.program_changed_at = doc.changed_at;
    summary.profile = doc.profile;
    Ok(summary)
}

/// How much is read at a time.
const BLOCK: usize = 64 * 1024;

type Visit<'a> = dyn FnMut(Place, NewItem) -> Result<()> + 'a;

fn read_csv<R: Read>(
    reader: R,
    tally: Rc<RefCell<Tally>>,
    now: NaiveDateTime,
    visit: &mut Visit<'_>,
) -> Result<()> {
    let header = COLUMNS.join(",");
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(reader);
    let mut row = csv::StringRecord::new();
    let mut line = 1;
    let mut first = true;
    // The header of this version or of an earlier one (which lacks the last columns).
    let mut width = COLUMNS.len();
    loop {
        match csv.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at_line = match e.position() {
                    Some(p) => tally.borrow_mut().csv_line(p.byte()),
                    None => line,
                };
                let err = match e.kind() {
                    _ if tally.borrow().too_long => not_an_export(format_args!(
                        "the record on line {at_line} is larger than {} MiB",
                        MAX_RECORD >> 20
                    )),
                    csv::ErrorKind::Utf8 { .. } => {
                        not_an_export(format_args!("the file is not UTF-8 text (line {at_line})"))
                    }
                    csv::ErrorKind::UnequalLengths { len, .. } => {
                        // The last row of a file cut short has fewer fields: say so.
                        let mut rest = csv::StringRecord::new();
                        let at_end = matches!(csv.read_record(&mut rest), Ok(false));
                        match cut_short(&tally.borrow(), at_line) {
                            Some(cut) if at_end => cut,
                            _ => InputError(format!(
                                "invalid row on line {at_line}: it has {len} fields; its header has {width} ({})",
                                COLUMNS[..width].join(",")
                            )),
                        }
                    }
                    csv::ErrorKind::Io(io) => return Err(anyhow::anyhow!("could not read the file: {io}")),
                    _ => not_an_export(format_args!("the file could not be read as CSV: {e}")),
                };
                return Err(err.into());
            }
        }
        line = row.position().map_or(line, |p| tally.borrow_mut().csv_line(p.byte()));
        tally.borrow_mut().record_bytes = 0;
        if first {
            first = false;
            width = row.len();
            if !(COLUMNS_V1..=COLUMNS.len()).contains(&width)
                || row.iter().ne(COLUMNS[..width].iter().copied())
            {
                let got = row.iter().collect::<Vec<_>>().join(",");
                return Err(not_an_export(format_args!(
                    "expected JSON from `footing export` or CSV with the header {header}; the first line is '{}'",
                    shown(&got)
                ))
                .into());
            }
            continue;
        }
        let mut raw = RawRecord::default();
        for (slot, value) in raw.0.iter_mut().zip(row.iter()) {
            *slot = Some(value.to_string());
        }
        // A note written spreadsheet-safe (§8) has one leading apostrophe to remove.
        raw.set("note", raw.raw("note").map(csv_note_in));
        let place = Place::Line(line);
        let item = raw.parse(now).map_err(|e| field_error(&e, place))?;
        visit(place, item)?;
    }
    if let Some(cut) = cut_short(&tally.borrow(), line) {
        return Err(cut.into());
    }
    Ok(())
}

/// The message for a CSV that ends inside a quoted field or without its last line break.
fn cut_short(tally: &Tally, line: u64) -> Option<InputError> {
    let why = if tally.quote == Quote::Quoted {
        "it ends inside a quoted field"
    } else if tally.last != Some(b'\n') {
        "it ends without its final line break"
    } else {
        return None;
    };
    Some(InputError(format!(
        "the file is cut short: {why}, in the record on line {line}; nothing was imported \
         (export the file again, or copy it completely)"
    )))
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
    /// A list of numbers (a test's values), or the same joined by `;` in one string.
    Numbers,
}

fn shape(column: &str) -> Shape {
    match column {
        "id" => Shape::Any,
        "type" | "at" | "kind" | "note" | "test" => Shape::Text,
        "numb" | "flags" | "temps" => Shape::List,
        "values" => Shape::Numbers,
        "feet_ok" | "cleared" => Shape::Flag,
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
        "type" => return "expected entry, session, review, test or temp".into(),
        "cleared" => return "expected true (the clinician cleared the foot), or null".into(),
        "test" => return crate::domain::home::parse_test_name("").unwrap_err(),
        "values" => return "expected the test's numbers as a list, like [10, 10, 6]".into(),
        "temps" => return "expected a list of SITE:LEFT:RIGHT in °C, like [\"hallux:31.2:30.8\"]".into(),
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
/// JSON type (pain `"3"` or `true`, numb `5`) is a bad field. (Import reads items with
/// [`ItemSeed`], which checks them the same way without building the object.)
#[cfg(test)]
pub(crate) fn json_record(v: &Value) -> Result<RawRecord, FieldError> {
    let Value::Object(map) = v else {
        return Err(FieldError {
            field: "item",
            value: shown(&v.to_string()),
            allowed: format!("expected an object with the fields {}", COLUMNS.join(", ")),
        });
    };
    let mut fields = ItemFields::default();
    for (key, value) in map {
        fields.add(column_of(key), || Field::Json(value.clone()));
    }
    fields.record()
}

/// The index in [`COLUMNS`] of a JSON item's key; `Err` holds an unknown key.
fn column_of(key: &str) -> Result<usize, String> {
    COLUMNS.iter().position(|c| *c == key).ok_or_else(|| key.to_string())
}

/// The fields of one JSON item by column, its first unknown key in the order of names, its
/// first repeated key, and the newest version one of its fields needs (with the column).
#[derive(Default)]
struct ItemFields {
    values: [Option<Field>; COLUMNS.len()],
    seen: [bool; COLUMNS.len()],
    unknown: Option<String>,
    repeated: Option<String>,
    newest: Option<(u64, usize)>,
}

/// The indexes of [`COLUMNS`] in the order of their names: the fields of an item are
/// checked in this order (as a JSON object read whole orders its keys), so the first bad
/// one named does not depend on how the file orders its keys.
const COLUMNS_BY_NAME: [usize; COLUMNS.len()] =
    [2, 21, 17, 16, 9, 7, 0, 10, 13, 15, 4, 3, 12, 14, 11, 5, 6, 20, 18, 1, 19, 8];

impl ItemFields {
    /// Adds one key and its value (`value` is only asked for a column that is read).
    fn add(&mut self, column: Result<usize, String>, value: impl FnOnce() -> Field) {
        match column {
            Ok(i) if self.seen[i] => {
                self.repeated.get_or_insert_with(|| COLUMNS[i].to_string());
            }
            Ok(i) => {
                self.seen[i] = true;
                let since = column_version(i);
                if since > self.newest.map_or(1, |(v, _)| v) {
                    self.newest = Some((since, i));
                }
                // The id is informational: whatever it holds is ignored.
                if i > 0 {
                    self.values[i] = Some(value());
                }
            }
            Err(key) => {
                if self.unknown.as_ref().is_none_or(|u| key < *u) {
                    self.unknown = Some(key);
                }
            }
        }
    }

    /// The text fields of the item; the first bad field in the order of names is the error.
    fn record(mut self) -> Result<RawRecord, FieldError> {
        let unknown = |key: &str| FieldError {
            field: "field name",
            value: shown(key),
            allowed: format!("expected one of {}", COLUMNS.join(", ")),
        };
        let mut raw = RawRecord::default();
        for i in COLUMNS_BY_NAME {
            let column = COLUMNS[i];
            if let Some(key) = self.unknown.as_deref().filter(|k| *k < column) {
                return Err(unknown(key));
            }
            match self.values[i].take() {
                Some(Field::Json(value)) => raw.0[i] = field_text(column, value)?,
                Some(Field::Text(text)) => raw.0[i] = text,
                None => {}
            }
        }
        match self.unknown {
            Some(key) => Err(unknown(&key)),
            None => Ok(raw),
        }
    }
}

/// The text of one JSON field, as the shared parsers take it; `None` when not recorded.
fn field_text(column: &'static str, value: Value) -> Result<Option<String>, FieldError> {
    let wrong = |value: &Value| FieldError {
        field: column,
        value: shown(&value.to_string()),
        allowed: match shape(column) {
            Shape::Number => format!("{} (a JSON number, not {})", allowed(column), type_name(value)),
            Shape::Text => format!("{} (JSON text, not {})", allowed(column), type_name(value)),
            _ => allowed(column),
        },
    };
    Ok(match (shape(column), value) {
        (Shape::Any, _) | (_, Value::Null) => None,
        (Shape::Text | Shape::List | Shape::Exercises | Shape::Numbers, Value::String(s)) => Some(s),
        (Shape::Numbers, Value::Array(list)) => {
            if !list.iter().all(Value::is_number) {
                return Err(wrong(&Value::Array(list)));
            }
            let parts: Vec<String> = list
                .iter()
                .filter_map(|v| v.as_number().map(|n| n.as_u64().map_or_else(|| n.to_string(), decimal)))
                .collect();
            Some(parts.join(";"))
        }
        (Shape::Number, Value::Number(n)) => Some(n.as_u64().map_or_else(|| n.to_string(), decimal)),
        (Shape::Exercises, Value::Array(list)) => {
            let mut parts = Vec::with_capacity(list.len());
            for v in &list {
                match exercise_from_json(v) {
                    Ok(done) => parts.push(done.to_string()),
                    Err(why) => {
                        return Err(FieldError {
                            field: column,
                            value: shown(&Value::Array(list.clone()).to_string()),
                            allowed: why,
                        })
                    }
                }
            }
            Some(parts.join(";"))
        }
        (Shape::Flag, Value::Bool(true)) => Some("yes".to_string()),
        (Shape::Flag, Value::Bool(false)) => None,
        (Shape::List, Value::Array(list)) => {
            if !list.iter().all(Value::is_string) {
                return Err(wrong(&Value::Array(list)));
            }
            match (column, list.is_empty()) {
                ("numb", true) => Some("none".to_string()),
                _ => Some(list.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(";")),
            }
        }
        (_, value) => return Err(wrong(&value)),
    })
}

/// A whole number in decimal, as `to_string` writes it, without the formatting machinery.
fn decimal(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().map(|&d| char::from(d)).collect()
}

/// One field of a JSON item as read: its JSON value, or (read by [`QuickSeed`]) already the
/// text the shared parsers take.
enum Field {
    Json(Value),
    Text(Option<String>),
}

/// Reads one element of `items` as [`ItemSeed`] does, but each field of a plain shape (text,
/// a number, a list of names, `true`) straight into its text, without building a JSON value.
/// Anything else — an unknown key, a value of the wrong JSON type, an element that is not
/// an object — sets `slow` and stops: the caller reads the element again with [`ItemSeed`],
/// whose message names the problem.
struct QuickSeed<'c> {
    repeated: &'c RefCell<Option<String>>,
    slow: &'c std::cell::Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for QuickSeed<'_> {
    type Value = ItemFields;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<ItemFields, D::Error> {
        d.deserialize_any(self)
    }
}

impl QuickSeed<'_> {
    fn slow<E: de::Error>(&self) -> E {
        self.slow.set(true);
        E::custom("read again")
    }
}

impl<'de> Visitor<'de> for QuickSeed<'_> {
    type Value = ItemFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ItemFields, A::Error> {
        let mut fields = ItemFields::default();
        while let Some(column) = map.next_key_seed(KeySeed)? {
            let i = match column {
                Ok(i) => i,
                Err(_) => return Err(self.slow()),
            };
            let field = match shape(COLUMNS[i]) {
                Shape::Any => {
                    map.next_value::<IgnoredAny>()?;
                    Field::Text(None)
                }
                Shape::Exercises => Field::Text(
                    map.next_value_seed(QuickExercises { repeated: self.repeated, slow: self.slow })?,
                ),
                shape => Field::Text(map.next_value_seed(QuickField {
                    shape,
                    numb: i == NUMB,
                    slow: self.slow,
                })?),
            };
            fields.add(Ok(i), || field);
        }
        Ok(fields)
    }

    // Not an object: read again by `ItemSeed`, which names it.
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<ItemFields, A::Error> {
        Err(self.slow())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<ItemFields, E> {
        Err(self.slow())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<ItemFields, E> {
        Err(self.slow())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<ItemFields, E> {
        Err(self.slow())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<ItemFields, E> {
        Err(self.slow())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<ItemFields, E> {
        Err(self.slow())
    }

    fn visit_unit<E: de::Error>(self) -> Result<ItemFields, E> {
        Err(self.slow())
    }
}

/// A session's `exercises` (null, or a list of `{"exercise", "sets", "reps", "seconds",
/// "minutes"}`), read straight into their text `EXERCISE:DOSE;…`; anything the full reading
/// would refuse or word sets `slow` (see [`QuickSeed`]).
struct QuickExercises<'c> {
    repeated: &'c RefCell<Option<String>>,
    slow: &'c std::cell::Cell<bool>,
}

impl QuickExercises<'_> {
    fn slow<E: de::Error>(&self) -> E {
        self.slow.set(true);
        E::custom("read again")
    }
}

impl<'de> DeserializeSeed<'de> for QuickExercises<'_> {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for QuickExercises<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of exercises")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    // Anything but a list or null: read again by the full reading, which names it.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<String>, E> {
        Err(self.slow())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<String>, E> {
        Err(self.slow())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<String>, E> {
        Err(self.slow())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<String>, E> {
        Err(self.slow())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<String>, E> {
        Err(self.slow())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Option<String>, A::Error> {
        Err(self.slow())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        let mut text = String::new();
        while let Some(done) =
            seq.next_element_seed(QuickExercise { repeated: self.repeated, slow: self.slow })?
        {
            if !text.is_empty() {
                text.push(';');
            }
            text.push_str(&done.to_string());
        }
        Ok(Some(text))
    }
}

/// One element of `exercises`, checked as the full reading checks it (see [`QuickExercises`]).
struct QuickExercise<'c> {
    repeated: &'c RefCell<Option<String>>,
    slow: &'c std::cell::Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for QuickExercise<'_> {
    type Value = crate::domain::Done;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<crate::domain::Done, D::Error> {
        // Not an object, or any other failure: the full reading says what (a repeated key
        // included, which it finds too).
        let slow = self.slow;
        d.deserialize_map(self).inspect_err(|_| slow.set(true))
    }
}

impl<'de> Visitor<'de> for QuickExercise<'_> {
    type Value = crate::domain::Done;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exercise")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<crate::domain::Done, A::Error> {
        const KEYS: [&str; 5] = ["exercise", "sets", "reps", "seconds", "minutes"];
        let slow = || -> A::Error {
            self.slow.set(true);
            de::Error::custom("read again")
        };
        let (mut id, mut dose, mut seen) = (None::<String>, [None::<u16>; 4], [false; 5]);
        while let Some(key) = map.next_key::<std::borrow::Cow<'_, str>>()? {
            let Some(k) = KEYS.iter().position(|k| *k == key) else { return Err(slow()) };
            if seen[k] {
                *self.repeated.borrow_mut() = Some(key.into_owned());
                return Err(de::Error::custom("a repeated key"));
            }
            seen[k] = true;
            if k == 0 {
                id = Some(map.next_value::<String>().map_err(|_| slow())?);
            } else {
                let n = map.next_value::<Option<u64>>().map_err(|_| slow())?;
                dose[k - 1] = match n {
                    None => None,
                    Some(n) => Some(u16::try_from(n).map_err(|_| slow())?),
                };
            }
        }
        let id = id.ok_or_else(slow)?;
        exercise_from_parts(&id, dose).map_err(|_| slow())
    }
}

/// The column of `numb`, whose empty list means "checked, none".
const NUMB: usize = 4;

/// One field of a plain shape, read straight into its text (see [`QuickSeed`]).
struct QuickField<'c> {
    shape: Shape,
    numb: bool,
    slow: &'c std::cell::Cell<bool>,
}

impl QuickField<'_> {
    fn slow<E: de::Error>(&self) -> Result<Option<String>, E> {
        self.slow.set(true);
        Err(E::custom("read again"))
    }
}

impl<'de> DeserializeSeed<'de> for QuickField<'_> {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for QuickField<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        match self.shape {
            Shape::Text | Shape::List => Ok(Some(v.to_string())),
            _ => self.slow(),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
        match self.shape {
            Shape::Number => Ok(Some(decimal(v))),
            _ => self.slow(),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
        match self.shape {
            Shape::Number => Ok(Some(serde_json::Number::from(v).to_string())),
            _ => self.slow(),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
        match (self.shape, serde_json::Number::from_f64(v)) {
            (Shape::Number, Some(n)) => Ok(Some(n.to_string())),
            _ => self.slow(),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<String>, E> {
        match self.shape {
            Shape::Flag => Ok(v.then(|| "yes".to_string())),
            _ => self.slow(),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        if !matches!(self.shape, Shape::List) {
            return self.slow();
        }
        let mut text = String::new();
        let mut first = true;
        while let Some(name) =
            seq.next_element_seed(QuickField { shape: Shape::Text, numb: false, slow: self.slow })?
        {
            let Some(name) = name else { return self.slow() };
            if !first {
                text.push(';');
            }
            text.push_str(&name);
            first = false;
        }
        Ok(Some(if first && self.numb { "none".to_string() } else { text }))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Option<String>, A::Error> {
        self.slow()
    }
}

/// One element of the `items` list: an object's fields, or any other JSON value (an error).
// One lives at a time, on the stack; boxing the fields would cost an allocation per item.
#[allow(clippy::large_enum_variant)]
enum JsonItem {
    Fields(ItemFields),
    Other(Value),
}

/// Reads one element of `items` without building a map of it: keys are matched to columns
/// as they are read; a key repeated inside a value is left in the cell.
struct ItemSeed<'c>(&'c RefCell<Option<String>>);

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = JsonItem;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<JsonItem, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = JsonItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonItem, A::Error> {
        let mut fields = ItemFields::default();
        while let Some(column) = map.next_key_seed(KeySeed)? {
            match column {
                Ok(i) if i > 0 => {
                    let value = map.next_value_seed(Strict(self.0))?;
                    fields.add(Ok(i), || Field::Json(value));
                }
                other => {
                    map.next_value::<IgnoredAny>()?;
                    fields.add(other, || Field::Json(Value::Null));
                }
            }
        }
        Ok(JsonItem::Fields(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<JsonItem, A::Error> {
        Strict(self.0).visit_seq(seq).map(JsonItem::Other)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<JsonItem, E> {
        Ok(JsonItem::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JsonItem, E> {
        Ok(JsonItem::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JsonItem, E> {
        Ok(JsonItem::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JsonItem, E> {
        Ok(JsonItem::Other(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonItem, E> {
        Ok(JsonItem::Other(Value::String(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<JsonItem, E> {
        Ok(JsonItem::Other(Value::Null))
    }
}

/// Reads a key of an item as its column, without keeping its text unless it is unknown.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Result<usize, String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(column_of(key))
    }
}

/// The profile of a JSON export (§3): `None` when absent or null, else
/// `{"born", "sex", "name"}`, each checked as `footing profile` checks it.
pub fn profile_from_json(v: &Value, now: NaiveDateTime) -> Result<Option<Profile>, String> {
    use crate::domain::home::{parse_born, parse_name, parse_sex};
    use chrono::Datelike;
    const SHAPE: &str =
        "expected {\"born\": YEAR or null, \"sex\": \"female\", \"male\" or null, \"name\": text or null}";
    let map = match v {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
        _ => return Err(SHAPE.to_string()),
    };
    if let Some(k) = map.keys().find(|k| !["born", "sex", "name"].contains(&k.as_str())) {
        return Err(format!("unknown field '{}': {SHAPE}", shown(k)));
    }
    let text = |k: &str| -> Result<Option<String>, String> {
        match map.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if k == "born" => Ok(Some(n.to_string())),
            Some(other) => Err(format!("{k} {}: {SHAPE}", shown(&other.to_string()))),
        }
    };
    let born = text("born")?
        .map(|b| parse_born(&b, now.year()).map_err(|a| format!("born '{}': {a}", shown(&b))))
        .transpose()?;
    let sex =
        text("sex")?.map(|s| parse_sex(&s).map_err(|a| format!("sex '{}': {a}", shown(&s)))).transpose()?;
    let name = text("name")?.map(|n| parse_name(&n).map_err(|a| format!("name: {a}"))).transpose()?;
    Ok(Some(Profile { born, sex, name }))
}

fn expected_json() -> String {
    format!("expected a JSON object with \"format\": \"{FORMAT}\", \"version\": {VERSION} and \"items\"")
}

/// The top-level fields of a JSON export, each with the first version that has it.
const TOP_FIELDS: [(&str, u64); 6] =
    [("format", 1), ("version", 1), ("items", 1), ("program", 2), ("program_changed_at", 3), ("profile", 3)];

/// The columns version 2 items have (version 1: [`COLUMNS_V1`]); later ones came with 3.
const COLUMNS_V2: usize = 18;

/// The first version whose items have column `i` of [`COLUMNS`].
fn column_version(i: usize) -> u64 {
    match i {
        i if i < COLUMNS_V1 => 1,
        i if i < COLUMNS_V2 => 2,
        _ => 3,
    }
}

/// Reads any JSON value as a [`Value`], refusing an object that repeats a key (serde_json's
/// own `Value` keeps the last): the key is left in the cell and the parse fails.
#[derive(Clone, Copy)]
struct Strict<'c>(&'c RefCell<Option<String>>);

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                *self.0.borrow_mut() = Some(key);
                return Err(de::Error::custom("a repeated key"));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut list = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            list.push(v);
        }
        Ok(Value::Array(list))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// What the JSON reader found besides the items.
#[derive(Default)]
struct JsonDoc {
    program: Option<Program>,
    changed_at: Option<DateTime<Utc>>,
    profile: Option<Profile>,
}

/// Why the JSON reader stopped.
enum JsonStop {
    /// The framing stopped (syntax, a value too large, a read error).
    Frame(Stop),
    /// The file is JSON but not an export this footing takes, or the caller's visit failed.
    Fail(anyhow::Error),
}

impl From<Stop> for JsonStop {
    fn from(s: Stop) -> JsonStop {
        JsonStop::Frame(s)
    }
}

impl From<io::Error> for JsonStop {
    fn from(e: io::Error) -> JsonStop {
        JsonStop::Frame(Stop::Io(e))
    }
}

fn fail(e: impl Into<anyhow::Error>) -> JsonStop {
    JsonStop::Fail(e.into())
}

/// Why one framed value could not be read.
enum Unread {
    /// An object in it repeats this key.
    Repeated(String),
    /// Not JSON: the syntax error lies before this offset.
    Syntax(u64),
}

/// A JSON export being read: the framer and what the items met so far need.
struct JsonReader<'v, 'a, R> {
    f: Framer<R>,
    repeated: RefCell<Option<String>>,
    now: NaiveDateTime,
    visit: &'v mut Visit<'a>,
    /// The file's version, once read (an object's keys may come in any order).
    version: Option<u64>,
    /// Read before the version: the first item with a field of each later version (by the
    /// version it needs), with its place.
    newer: [Option<(&'static str, Place)>; VERSION as usize + 1],
}

impl<R: Read> JsonReader<'_, '_, R> {
    /// Reads the value just framed, refusing a repeated key.
    fn parse<T>(&self, v: Framed, seed: impl for<'de> DeserializeSeed<'de, Value = T>) -> Result<T, Unread> {
        let end = self.f.offset();
        let bytes = self.f.bytes(v);
        // Checked as UTF-8 once, the value's strings are not checked again one by one.
        let parsed = match std::str::from_utf8(bytes) {
            Ok(text) => {
                let mut de = serde_json::Deserializer::from_str(text);
                seed.deserialize(&mut de).and_then(|t| de.end().map(|()| t))
            }
            Err(_) => {
                let mut de = serde_json::Deserializer::from_slice(bytes);
                seed.deserialize(&mut de).and_then(|t| de.end().map(|()| t))
            }
        };
        parsed.map_err(|_| match self.repeated.take() {
            Some(key) => Unread::Repeated(key),
            None => Unread::Syntax(end),
        })
    }

    /// An element of `items`: read quickly ([`QuickSeed`]), or again with [`ItemSeed`] when
    /// the quick reading meets anything it does not take.
    fn item(&self, v: Framed) -> Result<JsonItem, Unread> {
        let slow = std::cell::Cell::new(false);
        match self.parse(v, QuickSeed { repeated: &self.repeated, slow: &slow }) {
            Ok(fields) => Ok(JsonItem::Fields(fields)),
            Err(_) if slow.get() => self.parse(v, ItemSeed(&self.repeated)),
            Err(e) => Err(e),
        }
    }

    /// The next value of the document, read as a [`Value`]; `repeated` words the message for
    /// a repeated key.
    fn value(&mut self, repeated: impl FnOnce(&str) -> InputError) -> Result<(Value, u64), JsonStop> {
        let v = self.f.value()?;
        match self.parse(v, Strict(&self.repeated)) {
            Ok(value) => Ok((value, v.line)),
            Err(Unread::Repeated(key)) => Err(fail(repeated(&key))),
            Err(Unread::Syntax(at)) => Err(Stop::Syntax(at).into()),
        }
    }

    /// After an element of a list: `true` for another one, `false` at the list's end.
    fn next_in_list(&mut self) -> Result<bool, JsonStop> {
        match self.f.peek()? {
            Some(b',') => {
                self.f.expect(b',')?;
                Ok(true)
            }
            Some(b']') => {
                self.f.expect(b']')?;
                Ok(false)
            }
            _ => Err(self.f.syntax().into()),
        }
    }

    /// Takes the `[` of a list; `false` (and the `]` taken) when it is empty.
    fn open_list(&mut self) -> Result<bool, JsonStop> {
        self.f.expect(b'[')?;
        if self.f.peek()? == Some(b']') {
            self.f.expect(b']')?;
            return Ok(false);
        }
        Ok(true)
    }

    /// The whole document: `format`, `version`, `items`, `program`, `program_changed_at`.
    fn document(&mut self) -> Result<JsonDoc, JsonStop> {
        match self.f.peek()? {
            Some(b'{') => self.f.expect(b'{')?,
            Some(b'[') => {
                return Err(fail(not_an_export(format_args!(
                    "the file holds a JSON list; {}",
                    expected_json()
                ))))
            }
            _ => return Err(self.f.syntax().into()),
        }
        let mut doc = JsonDoc::default();
        // The fields read, with the line of each.
        let mut seen: Vec<(&'static str, u64, u64)> = Vec::new();
        let mut more = self.f.peek()? != Some(b'}');
        if !more {
            self.f.expect(b'}')?;
        }
        while more {
            if self.f.peek()? != Some(b'"') {
                return Err(self.f.syntax().into());
            }
            let k = self.f.value()?;
            let line = k.line;
            let key: String = match self.parse(k, std::marker::PhantomData::<String>) {
                Ok(key) => key,
                Err(_) => return Err(Stop::Syntax(self.f.offset()).into()),
            };
            self.f.expect(b':')?;
            let Some(&(name, since)) = TOP_FIELDS.iter().find(|(n, _)| *n == key) else {
                let known = TOP_FIELDS.map(|(n, _)| n).join(", ");
                return Err(fail(InputError(format!(
                    "unknown field \"{}\" on line {line}: an export has only {known}",
                    shown(&key)
                ))));
            };
            if let Some((_, first, _)) = seen.iter().find(|(n, ..)| *n == name) {
                let what = if name == "items" { " list" } else { "" };
                return Err(fail(InputError(format!(
                    "a second \"{name}\"{what} on line {line}: the file has \"{name}\" on line {first} \
                     already; an export has one"
                ))));
            }
            seen.push((name, line, since));
            match name {
                "items" => self.items()?,
                "program" => doc.program = self.program()?,
                _ => {
                    let (value, line) = self.value(|key| {
                        InputError(format!("a repeated key \"{}\" in \"{name}\" on line {line}", shown(key)))
                    })?;
                    match name {
                        "format" => {
                            if value.as_str() != Some(FORMAT) {
                                return Err(fail(not_an_export(format_args!(
                                    "the format is {}; {}",
                                    shown(&value.to_string()),
                                    expected_json()
                                ))));
                            }
                        }
                        "profile" => match profile_from_json(&value, self.now) {
                            Ok(p) => doc.profile = p,
                            Err(why) => return Err(fail(InputError(format!("invalid profile: {why}")))),
                        },
                        "version" => {
                            match value.as_u64().filter(|v| (OLDEST_VERSION..=VERSION).contains(v)) {
                                Some(v) => self.version = Some(v),
                                None => {
                                    return Err(fail(not_an_export(format_args!(
                                        "version {} is not one this footing reads (it reads versions up to \
                                     {VERSION}); a newer footing may read it",
                                        shown(&value.to_string())
                                    ))))
                                }
                            }
                        }
                        _ => {
                            doc.changed_at = match &value {
                                Value::Null => None,
                                Value::String(s) => match domain::parse_utc(s) {
                                    Some(t) => Some(t),
                                    None => return Err(fail(changed_at_error(&value, line))),
                                },
                                _ => return Err(fail(changed_at_error(&value, line))),
                            }
                        }
                    }
                }
            }
            more = match self.f.peek()? {
                Some(b',') => {
                    self.f.expect(b',')?;
                    true
                }
                Some(b'}') => {
                    self.f.expect(b'}')?;
                    false
                }
                _ => return Err(self.f.syntax().into()),
            };
        }
        if self.f.peek()?.is_some() {
            return Err(self.f.syntax().into());
        }
        for name in ["format", "version"] {
            if !seen.iter().any(|(n, ..)| *n == name) {
                return Err(fail(not_an_export(format_args!("there is no \"{name}\"; {}", expected_json()))));
            }
        }
        if !seen.iter().any(|(n, ..)| *n == "items") {
            return Err(fail(not_an_export(format_args!("there is no \"items\" list; {}", expected_json()))));
        }
        let version = self.version.unwrap_or(VERSION);
        if let Some((name, line, since)) = seen.iter().find(|(.., since)| *since > version) {
            return Err(fail(InputError(format!(
                "unexpected field \"{name}\" on line {line}: a version-{version} export has no {name} \
                 (it came with version {since})"
            ))));
        }
        let newer = self.newer[version as usize + 1..]
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.map(|(column, place)| (column, place, version + 1 + i as u64)))
            .min_by_key(|(_, place, _)| match place {
                Place::Item(n, _) => *n,
                Place::Line(_) => 0,
            });
        if let Some((column, place, since)) = newer {
            return Err(fail(newer_field(column, place, version, since)));
        }
        Ok(doc)
    }

    /// The `items` list, each element framed, checked and handed to the visit in turn.
    fn items(&mut self) -> Result<(), JsonStop> {
        if self.f.peek()? != Some(b'[') {
            let line = self.f.line();
            return Err(fail(not_an_export(format_args!(
                "\"items\" on line {line} is not a list; {}",
                expected_json()
            ))));
        }
        let mut more = self.open_list()?;
        let mut n = 0;
        while more {
            n += 1;
            // An export has one item per line: parsed from the line when it is exactly one
            // item; else (another layout) framed first.
            let line = self.f.rest_of_line()?;
            let quick = line.and_then(|v| match self.item(v) {
                Err(Unread::Syntax(_)) => None,
                parsed => Some((v, parsed)),
            });
            let (v, parsed) = match quick {
                Some((v, parsed)) => {
                    self.f.take(v);
                    (v, parsed)
                }
                None => {
                    let v = self.f.value()?;
                    (v, self.item(v))
                }
            };
            let place = Place::Item(n, Some(v.line));
            let item = match parsed {
                Ok(item) => item,
                Err(Unread::Repeated(key)) => return Err(fail(repeated_key(&key, place))),
                Err(Unread::Syntax(at)) => return Err(Stop::Syntax(at).into()),
            };
            let fields = match item {
                JsonItem::Fields(fields) => fields,
                JsonItem::Other(value) => {
                    return Err(fail(InputError(format!(
                        "invalid value '{}' {place}: expected an object with the fields {}",
                        shown(&value.to_string()),
                        COLUMNS.join(", ")
                    ))))
                }
            };
            if let Some(key) = &fields.repeated {
                return Err(fail(repeated_key(key, place)));
            }
            if let Some((since, i)) = fields.newest {
                match self.version {
                    Some(version) if since > version => {
                        return Err(fail(newer_field(COLUMNS[i], place, version, since)))
                    }
                    Some(_) => {}
                    None => {
                        let first = &mut self.newer[since as usize];
                        first.get_or_insert((COLUMNS[i], place));
                    }
                }
            }
            let item =
                fields.record().and_then(|r| r.parse(self.now)).map_err(|e| fail(field_error(&e, place)))?;
            (self.visit)(place, item).map_err(JsonStop::Fail)?;
            more = self.next_in_list()?;
        }
        Ok(())
    }

    /// The `program` list (null: the starter program), each element checked as `program
    /// add` checks it.
    fn program(&mut self) -> Result<Option<Program>, JsonStop> {
        if self.f.peek()? != Some(b'[') {
            let (value, _) =
                self.value(|key| InputError(format!("invalid program: a repeated key \"{}\"", shown(key))))?;
            if value.is_null() {
                return Ok(None);
            }
            return Err(fail(InputError(
                "invalid program: expected a list of exercises with their doses, or null".into(),
            )));
        }
        let mut program = Program { starter: false, exercises: Vec::new() };
        let mut more = self.open_list()?;
        let mut n = 0;
        while more {
            n += 1;
            let at = |line: u64| format!("invalid program: element {n} (line {line})");
            let (value, line) = {
                let v = self.f.value()?;
                match self.parse(v, Strict(&self.repeated)) {
                    Ok(value) => (value, v.line),
                    Err(Unread::Repeated(key)) => {
                        return Err(fail(InputError(format!(
                            "{}: a repeated key \"{}\"",
                            at(v.line),
                            shown(&key)
                        ))))
                    }
                    Err(Unread::Syntax(end)) => return Err(Stop::Syntax(end).into()),
                }
            };
            add_program_element(&mut program, &value)
                .map_err(|why| fail(InputError(format!("{}: {why}", at(line)))))?;
            more = self.next_in_list()?;
        }
        Ok(Some(program))
    }
}

fn changed_at_error(value: &Value, line: u64) -> InputError {
    InputError(format!(
        "invalid value '{}' for program_changed_at on line {line}: expected a UTC time like \
         2031-04-10T07:30:00Z, or null",
        shown(&value.to_string())
    ))
}

fn repeated_key(key: &str, place: Place) -> InputError {
    InputError(format!("a repeated key \"{}\" {place}: each field may appear once", shown(key)))
}

fn newer_field(column: &str, place: Place, version: u64, since: u64) -> InputError {
    InputError(format!(
        "unexpected field {column} {place}: a version-{version} export has no {column} (it came with \
         version {since})"
    ))
}

/// Reads a JSON export through the [`Framer`].
fn read_json<R: Read>(reader: R, now: NaiveDateTime, visit: &mut Visit<'_>) -> Result<JsonDoc, JsonStop> {
    let mut reader = JsonReader {
        f: Framer::new(reader, MAX_RECORD as usize),
        repeated: RefCell::new(None),
        now,
        visit,
        version: None,
        newer: Default::default(),
    };
    reader.document()
}

/// The message for JSON that is not JSON: serde_json's own words (with the line and column),
/// from reading the file again up to where framing stopped (`at`, counted from `start`).
fn syntax_error<R: Read + Seek>(reader: &mut R, start: u64, at: u64) -> anyhow::Error {
    let found = reader.seek(SeekFrom::Start(start)).ok().and_then(|_| {
        let limited = BufReader::with_capacity(BLOCK, (&mut *reader).take(at + 1));
        serde_json::from_reader::<_, IgnoredAny>(limited).err().filter(|e| e.is_syntax() || e.is_eof())
    });
    match found {
        Some(e) => not_an_export(format_args!("the file is not valid JSON ({e})")).into(),
        None => not_an_export(format_args!("the file is not valid JSON (near byte {})", start + at)).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 28).unwrap().and_hms_opt(12, 0, 0).unwrap()
    }

    fn read(bytes: &[u8]) -> Result<Vec<(Place, NewItem)>> {
        let mut all = Vec::new();
        read_items(io::Cursor::new(bytes), now(), |p, i| {
            all.push((p, i));
            Ok(())
        })?;
        Ok(all)
    }

    /// The header of a version-1 CSV, which import still reads: the rows below have 16 fields.
    fn header() -> String {
        COLUMNS[..COLUMNS_V1].join(",")
    }

    #[test]
    fn csv_lines_are_physical_lines_with_either_line_end() {
        for end in ["\n", "\r\n"] {
            let text = format!(
                "{h}{end},entry,2025-03-01 08:00,3,,,,,,,,,,,,\"two{end}lines\"{end}{end},entry,2025-03-01 09:00,4,,,,,,,,,,,,{end}",
                h = header()
            );
            let places: Vec<Place> = read(text.as_bytes()).unwrap().into_iter().map(|(p, _)| p).collect();
            assert_eq!(places, [Place::Line(2), Place::Line(5)], "{end:?}");
        }
    }

    #[test]
    fn json_items_know_their_lines() {
        let text = "{\"format\": \"footing\", \"version\": 1,\n \"items\": [\n  {\"type\": \"entry\", \"at\": \"2025-03-01 08:00\", \"pain\": 3},\n\n  {\"type\": \"entry\",\n \"at\": \"2025-03-01 09:00\", \"pain\": 11}]}";
        let err = read(text.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid value '11' for pain in item 2 (line 5): expected a whole number from 0 to 10"
        );
    }

    #[test]
    fn a_csv_cut_short_is_refused_with_its_line() {
        let whole = format!("{}\n,entry,2025-03-01 08:00,3,,,,,,,,,,,,\"a note\"\n", header());
        assert_eq!(read(whole.as_bytes()).unwrap().len(), 1);
        let err = read(&whole.as_bytes()[..whole.len() - 1]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is cut short: it ends without its final line break, in the record on line 2; \
             nothing was imported (export the file again, or copy it completely)"
        );
        let err = read(&whole.as_bytes()[..whole.len() - 4]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the file is cut short: it ends inside a quoted field, in the record on line 2"),
            "{err}"
        );
        let err = read(&whole.as_bytes()[..whole.len() - 20]).unwrap_err();
        assert!(err.to_string().starts_with("the file is cut short:"), "{err}");
    }

    #[test]
    fn a_record_without_end_is_refused_in_bounded_memory() {
        let zeros = io::Cursor::new(vec![0u8; 4 * MAX_RECORD as usize]);
        let err = read_items(zeros, now(), |_, _| Ok(())).unwrap_err();
        assert_eq!(err.to_string(), "not a footing export: the record on line 1 is larger than 1 MiB");
        let mut json = b"{\"format\": \"footing\", \"version\": 1, \"items\": [{\"note\": \"".to_vec();
        json.extend(std::iter::repeat_n(b'x', 2 * MAX_RECORD as usize));
        let err = read_items(io::Cursor::new(&json[..]), now(), |_, _| Ok(())).unwrap_err();
        assert_eq!(err.to_string(), "not a footing export: the item or value on line 1 is larger than 1 MiB");
    }

    #[test]
    fn the_summary_says_whether_items_are_in_order() {
        let rows =
            |a: &str, b: &str| format!("{}\n,entry,{a},3,,,,,,,,,,,,\n,entry,{b},3,,,,,,,,,,,,\n", header());
        let summary =
            read_items(io::Cursor::new(rows("2025-03-01 08:00", "2025-03-01 08:00")), now(), |_, _| Ok(()))
                .unwrap();
        assert_eq!(
            summary,
            Summary { items: 2, in_order: true, program: None, program_changed_at: None, profile: None }
        );
        let summary =
            read_items(io::Cursor::new(rows("2025-03-02 08:00", "2025-03-01 08:00")), now(), |_, _| Ok(()))
                .unwrap();
        assert_eq!(
            summary,
            Summary { items: 2, in_order: false, program: None, program_changed_at: None, profile: None }
        );
    }

    #[test]
    fn columns_by_name_are_the_columns_sorted() {
        let mut sorted: Vec<usize> = (0..COLUMNS.len()).collect();
        sorted.sort_by_key(|&i| COLUMNS[i]);
        assert_eq!(COLUMNS_BY_NAME.to_vec(), sorted);
        for n in [0, 7, 10, 99, 1440, 65535, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn the_first_bad_field_is_the_first_by_name_whatever_the_order_of_keys() {
        for text in [
            r#"{"zeta": 1, "pain": 11, "type": "entry", "at": "2025-03-01 08:00", "flags": 3}"#,
            r#"{"flags": 3, "at": "2025-03-01 08:00", "type": "entry", "pain": 11, "zeta": 1}"#,
        ] {
            let doc = format!(r#"{{"format": "footing", "version": 2, "items": [{text}]}}"#);
            let err = read(doc.as_bytes()).unwrap_err();
            assert_eq!(err.to_string(), "invalid value '3' for flags in item 1 (line 1): expected a list of red flags like [\"fall\"], or []");
        }
        let doc = r#"{"format": "footing", "version": 2, "items": [{"type": "entry", "pain": 3, "at": "2025-03-01 08:00", "notes": "x", "note": 5}]}"#;
        assert_eq!(
            read(doc.as_bytes()).unwrap_err().to_string(),
            "invalid value '5' for note in item 1 (line 1): expected text or null (JSON text, not a number)"
        );
        // (A repeated key is refused before any field: see the strict tests below.)
        let doc = r#"{"format": "footing", "version": 2, "items": [{"type": "entry", "at": "2025-03-01 08:00", "nota": "x", "pain": 11}]}"#;
        assert_eq!(
            read(doc.as_bytes()).unwrap_err().to_string(),
            "invalid value 'nota' for field name in item 1 (line 1): expected one of id, type, at, pain, numb, stance_left, stance_right, heel_raises, walk, flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises, test, values, temps, cleared"
        );
    }

    /// A document of `version` with the given top-level fields after `items` (`ITEMS` stands
    /// for the items, one per line).
    fn doc(version: u64, items: &[&str], rest: &str) -> String {
        format!(
            "{{\"format\": \"footing\", \"version\": {version}, \"items\": [\n{}\n]{rest}}}\n",
            items.join(",\n")
        )
    }

    const A: &str = r#"{"type": "entry", "at": "2025-03-01 08:00", "pain": 3}"#;
    const PROGRAM: &str =
        r#", "program": [{"exercise": "toe-yoga", "sets": 2, "reps": 10, "seconds": null, "minutes": null}]"#;

    fn refused(text: &str) -> String {
        read(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn strict_json_refuses_a_repeated_key_anywhere_naming_it() {
        // `"pain": 99, …, "pain": 3` used to import 3 without checking 99.
        let twice = r#"{"type": "entry", "at": "2025-03-01 09:00", "pain": 99, "note": "x", "pain": 3}"#;
        assert_eq!(
            refused(&doc(3, &[A, twice], "")),
            "a repeated key \"pain\" in item 2 (line 3): each field may appear once"
        );
        let id_twice = r#"{"id": 1, "type": "entry", "at": "2025-03-01 09:00", "pain": 2, "id": 2}"#;
        assert_eq!(
            refused(&doc(3, &[id_twice], "")),
            "a repeated key \"id\" in item 1 (line 2): each field may appear once"
        );
        let nested = r#"{"type": "session", "at": "2025-03-01 09:00", "kind": "strength", "exercises": [{"exercise": "heel-raises", "sets": 2, "reps": 10, "sets": 3, "seconds": null, "minutes": null}]}"#;
        assert_eq!(
            refused(&doc(3, &[A, A, nested], "")),
            "a repeated key \"sets\" in item 3 (line 4): each field may appear once"
        );
        let program = r#", "program": [
 {"exercise": "toe-yoga", "sets": 2, "reps": 10, "seconds": null, "minutes": null},
 {"exercise": "heel-raises", "sets": 2, "reps": 10, "minutes": null, "reps": 12, "seconds": null}]"#;
        assert_eq!(
            refused(&doc(3, &[A], program)),
            "invalid program: element 2 (line 5): a repeated key \"reps\""
        );
        assert_eq!(
            refused(&doc(3, &[A], r#", "version": 3"#)),
            "a second \"version\" on line 3: the file has \"version\" on line 1 already; an export has one"
        );
    }

    #[test]
    fn strict_json_refuses_a_second_items_list_and_unknown_fields() {
        let second =
            doc(3, &[A], ",\n \"items\": [{\"type\": \"entry\", \"at\": \"2025-03-01 10:00\", \"pain\": 9}]");
        assert_eq!(
            refused(&second),
            "a second \"items\" list on line 4: the file has \"items\" on line 1 already; an export has one"
        );
        assert_eq!(
            refused(&doc(3, &[A], ",\n \"comment\": \"mine\"")),
            "unknown field \"comment\" on line 4: an export has only format, version, items, program, \
             program_changed_at, profile"
        );
        // Nothing was handed on from a refused file that the caller would keep: import spools
        // the items and stores none when reading fails.
    }

    #[test]
    fn strict_json_refuses_a_field_its_version_does_not_have() {
        assert_eq!(
            refused(&doc(1, &[A], PROGRAM)),
            "unexpected field \"program\" on line 3: a version-1 export has no program (it came with version 2)"
        );
        let changed = ", \"program_changed_at\": \"2031-04-10T07:30:00Z\"";
        assert_eq!(
            refused(&doc(2, &[A], changed)),
            "unexpected field \"program_changed_at\" on line 3: a version-2 export has no \
             program_changed_at (it came with version 3)"
        );
        let checked = r#"{"type": "entry", "at": "2025-03-01 09:00", "feet_ok": true}"#;
        assert_eq!(
            refused(&doc(1, &[A, checked], "")),
            "unexpected field feet_ok in item 2 (line 3): a version-1 export has no feet_ok (it came with \
             version 2)"
        );
        // The version may come after the items: the same item is refused at the end.
        let late = format!(
            "{{\"format\": \"footing\", \"items\": [\n{A},\n{checked},\n{checked}],\n \"version\": 1}}"
        );
        assert_eq!(
            refused(&late),
            "unexpected field feet_ok in item 2 (line 3): a version-1 export has no feet_ok (it came with \
             version 2)"
        );
        // Each version reads what it has.
        assert_eq!(read(doc(2, &[A, checked], PROGRAM).as_bytes()).unwrap().len(), 2);
        let v3 = doc(3, &[A, checked], &format!("{PROGRAM}{changed}"));
        let summary = read_items(io::Cursor::new(v3), now(), |_, _| Ok(())).unwrap();
        assert_eq!(
            summary.program_changed_at.map(|t| t.to_rfc3339()),
            Some("2031-04-10T07:30:00+00:00".into())
        );
        assert_eq!(summary.program.map(|p| p.exercises.len()), Some(1));
        for bad in
            ["\"2031-04-10 07:30:00\"", "\"2031-04-10T07:30Z\"", "\"2031-02-30T07:30:00Z\"", "1923456789"]
        {
            assert_eq!(
                refused(&doc(3, &[A], &format!(", \"program_changed_at\": {bad}"))),
                format!(
                    "invalid value '{bad}' for program_changed_at on line 3: expected a UTC time like \
                     2031-04-10T07:30:00Z, or null"
                )
            );
        }
    }

    #[test]
    fn json_syntax_errors_are_serde_json_s_words_with_the_file_s_line_and_column() {
        for (text, message) in [
            (
                &b"{\"format\": \"footing\",\n \"items\": ["[..],
                "EOF while parsing a list at line 2 column 11",
            ),
            (
                b"\xef\xbb\xbf{\"format\": \"footing\",\n \"items\": [\n {\"pain\": 3,}]}",
                "key must be a string at line 3 column 13",
            ),
            (b"{\"format\": \"footing\" \"version\": 3}", "expected `,` or `}` at line 1 column 22"),
            (
                b"{\"format\": \"footing\", \"version\": 3, \"items\": [tru]}",
                "expected ident at line 1 column 50",
            ),
            (
                b"{\"format\": \"footing\", \"version\": 3, \"items\": []} {}",
                "trailing characters at line 1 column 50",
            ),
            (
                b"{\"format\": \"footing\", \"version\": 3, \"items\": [{\"note\": \"a\nb\"}]}",
                "control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0",
            ),
        ] {
            let err = read(text).unwrap_err().to_string();
            assert_eq!(err, format!("not a footing export: the file is not valid JSON ({message})"));
        }
    }

    proptest::proptest! {
        /// The framing does not depend on the layout: an export read as written (one item a
        /// line) and pretty-printed gives the same items and program.
        #[test]
        fn any_layout_reads_the_same(notes in proptest::collection::vec("x[a-z\\[\\]{}\",:\\\\ \n]{0,12}", 1..6)) {
            let items: Vec<String> = notes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    serde_json::json!({"type": "entry", "at": format!("2025-03-01 08:{i:02}"), "pain": i, "note": n})
                        .to_string()
                })
                .collect();
            let refs: Vec<&str> = items.iter().map(String::as_str).collect();
            let compact = doc(3, &refs, PROGRAM);
            let value: Value = serde_json::from_str(&compact).unwrap();
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            let a = read_items(io::Cursor::new(&compact), now(), |_, _| Ok(())).unwrap();
            let b = read_items(io::Cursor::new(&pretty), now(), |_, _| Ok(())).unwrap();
            proptest::prop_assert_eq!(&a, &b);
            let (ia, ib) = (read(compact.as_bytes()).unwrap(), read(pretty.as_bytes()).unwrap());
            proptest::prop_assert_eq!(ia.into_iter().map(|(_, i)| i).collect::<Vec<_>>(), ib.into_iter().map(|(_, i)| i).collect::<Vec<_>>());
        }
    }

    /// The quick reading of an item gives what the full one gives, or hands it over.
    #[test]
    fn the_quick_reading_of_an_item_agrees_with_the_full_one() {
        let texts = [
            r#"{"id": 7, "type": "entry", "at": "2025-03-01 08:00", "pain": 3, "numb": [], "flags": [], "feet_ok": false}"#,
            r#"{"type": "entry", "at": "2025-03-01 08:00", "numb": ["left-toes", "right-heel"], "stance_left": 12.5, "note": "a\u001b"}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "strength", "exercises": [{"exercise": "heel-raises", "sets": 2, "reps": 10, "seconds": null, "minutes": null}], "rpe": -1}"#,
            r#"{"type": "entry", "at": "2025-03-01 08:00", "pain": "3", "walk": 1e2, "feet_ok": true, "flags": "fall;injury"}"#,
            r#"{"type": "entry", "numb": [3], "zzz": 1}"#,
            r#"{"type": "entry", "feet_ok": 1, "numb": {"a": 1}}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": [{"exercise": "tandem-stance", "sets": 3, "seconds": 20}, {"minutes": null, "exercise": "toe-yoga", "sets": 1, "reps": 8}]}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": []}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": "toe-yoga:1x8"}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": [{"exercise": "toe-yogo", "sets": 1, "reps": 8}]}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": [{"exercise": "toe-yoga", "sets": 1, "reps": 8, "weight": 2}]}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": [{"exercise": "toe-yoga", "sets": 1.5, "reps": 8}]}"#,
            r#"{"type": "session", "at": "2025-03-01 08:00", "kind": "balance", "exercises": [5]}"#,
            r#"[1, 2]"#,
            r#""entry""#,
        ];
        let repeated = RefCell::new(None);
        let mut quick_ones = 0;
        for text in texts {
            let slow = std::cell::Cell::new(false);
            let mut de = serde_json::Deserializer::from_str(text);
            let quick = QuickSeed { repeated: &repeated, slow: &slow }.deserialize(&mut de);
            let mut de = serde_json::Deserializer::from_str(text);
            let full = ItemSeed(&repeated).deserialize(&mut de).unwrap();
            match (quick, full) {
                (Ok(q), JsonItem::Fields(f)) => {
                    assert_eq!(q.record(), f.record(), "{text}");
                    quick_ones += 1;
                }
                (Err(_), _) => assert!(slow.get(), "{text}"),
                (Ok(_), JsonItem::Other(_)) => panic!("{text}"),
            }
        }
        assert_eq!(quick_ones, 5, "the items of plain shapes are read quickly");
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
