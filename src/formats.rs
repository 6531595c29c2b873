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
use chrono::NaiveDateTime;
use serde::de::{self, Deserialize, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::domain::home::Profile;
use crate::domain::{self, NewItem};
use crate::error::InputError;
use crate::program::Program;
use crate::record::{csv_note_in, FieldError, RawRecord, COLUMNS, COLUMNS_V1};
use crate::record::{exercise_from_json, program_from_json};
use crate::render::printable;

/// The format and version `footing export` writes in its JSON.
pub const FORMAT: &str = "footing";
pub const VERSION: u64 = 3;
/// The oldest version import still reads: version 1 had no `feet_ok`, `exercises` or program.
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
    let mut summary = Summary { items: 0, in_order: true, program: None, profile: None };
    let mut profile = None;
    let mut program = None;
    let mut last_at: Option<NaiveDateTime> = None;
    let mut visit = |place: Place, item: NewItem| -> Result<()> {
        summary.in_order &= last_at.is_none_or(|l| l <= item.at);
        last_at = Some(item.at);
        summary.items += 1;
        each(place, item)
    };
    let mut head = io::Cursor::new(head);
    head.set_position(start as u64);
    let json = matches!(first, Some(b'{' | b'['));
    let tally = Rc::new(RefCell::new(Tally::default()));
    let counted = Counted { inner: head.chain(&mut reader), tally: Rc::clone(&tally), csv: !json };
    let buffered = BufReader::with_capacity(BLOCK, counted);
    if !json {
        read_csv(buffered, tally, now, &mut visit)?;
        return Ok(summary);
    }
    let bad = read_json(buffered, tally, now, &mut visit, &mut program, &mut profile)?;
    summary.program = program;
    summary.profile = profile;
    match bad {
        None => Ok(summary),
        // A bad item: its line is found by reading the file again.
        Some((list, n, failure)) => {
            reader.seek(SeekFrom::Start(0))?;
            let line = item_line(&mut reader, list, n);
            Err(failure(Place::Item(n, line)))
        }
    }
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
        fields.add(column_of(key), || value.clone());
    }
    fields.record()
}

/// The index in [`COLUMNS`] of a JSON item's key; `Err` holds an unknown key.
fn column_of(key: &str) -> Result<usize, String> {
    COLUMNS.iter().position(|c| *c == key).ok_or_else(|| key.to_string())
}

/// The fields of one JSON item by column (the last of a repeated key wins, as in a JSON
/// object read whole), and its first unknown key in the order of names.
#[derive(Default)]
struct ItemFields {
    values: [Option<Value>; COLUMNS.len()],
    unknown: Option<String>,
}

/// The indexes of [`COLUMNS`] in the order of their names: the fields of an item are
/// checked in this order (as a JSON object read whole orders its keys), so the first bad
/// one named does not depend on how the file orders its keys.
const COLUMNS_BY_NAME: [usize; COLUMNS.len()] =
    [2, 21, 17, 16, 9, 7, 0, 10, 13, 15, 4, 3, 12, 14, 11, 5, 6, 20, 18, 1, 19, 8];

impl ItemFields {
    /// Adds one key and its value (`value` is only asked for a column that is read).
    fn add(&mut self, column: Result<usize, String>, value: impl FnOnce() -> Value) {
        match column {
            // The id is informational: whatever it holds is ignored.
            Ok(0) => {}
            Ok(i) => self.values[i] = Some(value()),
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
            if let Some(value) = self.values[i].take() {
                raw.0[i] = field_text(column, value)?;
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

/// One element of the `items` list: an object's fields, or any other JSON value (an error).
// One lives at a time, on the stack; boxing the fields would cost an allocation per item.
#[allow(clippy::large_enum_variant)]
enum JsonItem {
    Fields(ItemFields),
    Other(Value),
}

/// Reads one element of `items` without building a map of it: keys are matched to columns
/// as they are read.
struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = JsonItem;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<JsonItem, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed {
    type Value = JsonItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonItem, A::Error> {
        let mut fields = ItemFields::default();
        while let Some(column) = map.next_key_seed(KeySeed)? {
            match column {
                Ok(i) if i > 0 => {
                    let value = map.next_value::<Value>()?;
                    fields.add(Ok(i), || value);
                }
                other => {
                    map.next_value::<IgnoredAny>()?;
                    fields.add(other, || Value::Null);
                }
            }
        }
        Ok(JsonItem::Fields(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<JsonItem, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(JsonItem::Other)
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

/// Builds the error for a bad JSON item once its place (with its line) is known.
type ItemFailure = Box<dyn FnOnce(Place) -> anyhow::Error>;

/// The top-level lists whose elements a message names by line.
const ITEMS: &[u8] = b"items";
const PROGRAM: &[u8] = b"program";

/// The state the streaming JSON visitors share: the counts, the first error that is not
/// JSON's own, and the caller's visit.
struct JsonState<'v, 'a> {
    tally: Rc<RefCell<Tally>>,
    now: NaiveDateTime,
    visit: &'v mut Visit<'a>,
    /// An error found while reading, which serde can only carry as text.
    failed: Option<anyhow::Error>,
    /// A bad element of `items` or `program`: the list, its number, and its message for
    /// its place.
    bad_item: Option<(&'static [u8], usize, ItemFailure)>,
    /// The file's program, when it has one.
    program: Option<Program>,
    /// The file's profile, when it has one.
    profile: Option<Profile>,
}

impl JsonState<'_, '_> {
    fn fail<E: de::Error>(&mut self, err: anyhow::Error) -> E {
        self.failed = Some(err);
        E::custom("stopped")
    }
}

/// Reads a JSON export; `Some` names a bad item, whose line the caller finds.
fn read_json<R: Read>(
    reader: R,
    tally: Rc<RefCell<Tally>>,
    now: NaiveDateTime,
    visit: &mut Visit<'_>,
    program: &mut Option<Program>,
    profile: &mut Option<Profile>,
) -> Result<Option<(&'static [u8], usize, ItemFailure)>> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut state = JsonState {
        tally: Rc::clone(&tally),
        now,
        visit,
        failed: None,
        bad_item: None,
        program: None,
        profile: None,
    };
    let result = Document(&mut state).deserialize(&mut de).and_then(|()| de.end());
    *program = state.program.take();
    *profile = state.profile.take();
    match result {
        Ok(()) => Ok(None),
        Err(_) if state.bad_item.is_some() => Ok(state.bad_item.take()),
        Err(_) if state.failed.is_some() => Err(state.failed.take().expect("checked")),
        Err(e) if tally.borrow().too_long => Err(not_an_export(format_args!(
            "the item or value on line {} is larger than {} MiB",
            e.line(),
            MAX_RECORD >> 20
        ))
        .into()),
        Err(e) if e.is_io() => Err(anyhow::anyhow!("could not read the file: {e}")),
        Err(e) if e.is_data() => Err(not_an_export(format_args!("{}; {}", e, expected_json())).into()),
        Err(e) => Err(not_an_export(format_args!("the file is not valid JSON ({e})")).into()),
    }
}

/// The line on which element `n` (from 1) of the top-level list `list` (`"items"` or
/// `"program"`) begins, found by scanning the file again (only to report a bad element).
/// `None` when it is not found.
fn item_line<R: Read>(reader: R, list: &[u8], n: usize) -> Option<u64> {
    let mut line = 1u64;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    // Top-level keys are short: only their first bytes are kept.
    let (mut string, mut last_string, mut key) = (Vec::new(), Vec::new(), Vec::new());
    let (mut in_items, mut expect_value, mut count) = (false, false, 0usize);
    for byte in BufReader::with_capacity(BLOCK, reader).bytes() {
        let c = byte.ok()?;
        if c == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
                if depth == 1 {
                    last_string = std::mem::take(&mut string);
                }
            } else if depth == 1 && string.len() < 16 {
                string.push(c);
            }
            continue;
        }
        if in_items && depth == 2 && expect_value && !c.is_ascii_whitespace() && c != b']' {
            count += 1;
            if count == n {
                return Some(line);
            }
            expect_value = false;
        }
        match c {
            b'"' => {
                in_string = true;
                string.clear();
            }
            b':' if depth == 1 => key = std::mem::take(&mut last_string),
            b'{' | b'[' => {
                if depth == 1 && c == b'[' && key == list {
                    in_items = true;
                    expect_value = true;
                    count = 0;
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
    None
}

/// The top-level object: `format`, `version`, `items`; other fields are skipped.
struct Document<'s, 'v, 'a>(&'s mut JsonState<'v, 'a>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let (mut format, mut version, mut items) = (false, false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    match map.next_value::<Value>()? {
                        Value::String(f) if f == FORMAT => {}
                        other => {
                            let e = not_an_export(format_args!(
                                "the format is {}; {}",
                                shown(&other.to_string()),
                                expected_json()
                            ));
                            return Err(state.fail(e.into()));
                        }
                    }
                    format = true;
                }
                "version" => {
                    let v = map.next_value::<Value>()?;
                    if !v.as_u64().is_some_and(|v| (OLDEST_VERSION..=VERSION).contains(&v)) {
                        let e = not_an_export(format_args!(
                            "version {} is not one this footing reads (it reads versions up to {VERSION}); \
                             a newer footing may read it",
                            shown(&v.to_string())
                        ));
                        return Err(state.fail(e.into()));
                    }
                    version = true;
                }
                "program" => {
                    // A version-2 export may carry the person's program (null: the starter one).
                    let doc = serde_json::json!({ "program": map.next_value::<Value>()? });
                    match program_from_json(&doc) {
                        Ok(p) => state.program = p,
                        // A bad element: its line is found by reading the file again.
                        Err((Some(n), why)) => {
                            let failure: ItemFailure = Box::new(move |place| {
                                let line = match place {
                                    Place::Item(_, Some(line)) => format!(" (line {line})"),
                                    _ => String::new(),
                                };
                                InputError(format!("invalid program: element {n}{line}: {why}")).into()
                            });
                            state.bad_item = Some((PROGRAM, n, failure));
                            return Err(de::Error::custom("stopped"));
                        }
                        Err((None, why)) => {
                            return Err(state.fail(InputError(format!("invalid program: {why}")).into()))
                        }
                    }
                }
                "profile" => match profile_from_json(&map.next_value::<Value>()?, state.now) {
                    Ok(p) => state.profile = p,
                    Err(why) => return Err(state.fail(InputError(format!("invalid profile: {why}")).into())),
                },
                "items" => {
                    map.next_value_seed(Items(&mut *state))?;
                    items = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            state.tally.borrow_mut().record_bytes = 0;
        }
        let missing =
            [(format, "format"), (version, "version")].iter().find(|(seen, _)| !seen).map(|(_, n)| *n);
        if let Some(name) = missing {
            let e = not_an_export(format_args!("there is no \"{name}\"; {}", expected_json()));
            return Err(state.fail(e.into()));
        }
        if !items {
            let e = not_an_export(format_args!("there is no \"items\" list; {}", expected_json()));
            return Err(state.fail(e.into()));
        }
        Ok(())
    }
}

/// The `items` list, one element at a time.
struct Items<'s, 'v, 'a>(&'s mut JsonState<'v, 'a>);

impl<'de> DeserializeSeed<'de> for Items<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Items<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut n = 0;
        loop {
            state.tally.borrow_mut().record_bytes = 0;
            let Some(item) = seq.next_element_seed(ItemSeed)? else {
                return Ok(());
            };
            n += 1;
            let failure: Option<ItemFailure> = match item {
                JsonItem::Other(value) => {
                    let shown_value = shown(&value.to_string());
                    Some(Box::new(move |place| {
                        InputError(format!(
                            "invalid value '{shown_value}' {place}: expected an object with the fields {}",
                            COLUMNS.join(", ")
                        ))
                        .into()
                    }))
                }
                JsonItem::Fields(fields) => match fields.record().and_then(|r| r.parse(state.now)) {
                    Ok(item) => {
                        if let Err(e) = (state.visit)(Place::Item(n, None), item) {
                            return Err(state.fail(e));
                        }
                        None
                    }
                    Err(e) => Some(Box::new(move |place| field_error(&e, place).into())),
                },
            };
            if let Some(failure) = failure {
                state.bad_item = Some((ITEMS, n, failure));
                return Err(de::Error::custom("stopped"));
            }
        }
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
        assert_eq!(summary, Summary { items: 2, in_order: true, program: None, profile: None });
        let summary =
            read_items(io::Cursor::new(rows("2025-03-02 08:00", "2025-03-01 08:00")), now(), |_, _| Ok(()))
                .unwrap();
        assert_eq!(summary, Summary { items: 2, in_order: false, program: None, profile: None });
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
        let doc = r#"{"format": "footing", "version": 2, "items": [{"type": "entry", "pain": 3, "at": "2025-03-01 08:00", "nota": "x", "pain": 11}]}"#;
        assert_eq!(
            read(doc.as_bytes()).unwrap_err().to_string(),
            "invalid value 'nota' for field name in item 1 (line 1): expected one of id, type, at, pain, numb, stance_left, stance_right, heel_raises, walk, flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises, test, values, temps, cleared"
        );
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
