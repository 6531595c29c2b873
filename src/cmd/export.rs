//! `footing export [--format csv|json] [--out FILE]`: every item, lossless.
//!
//! JSON (the default, unless `--out` names a `.csv` file) is `{"format": "footing", "version":
//! 3, "items": [...], "program": ..., "program_changed_at": ..., "profile": ...}`. CSV is
//! written for spreadsheets: a UTF-8 byte order mark (so Excel reads "brûlure" correctly),
//! CRLF line ends, and quotes around any field holding a comma, quote or line break.
//! `import` reads both, with or without the mark.
//!
//! Both are streamed: each item goes out as SQLite reads it, so memory stays the same
//! whatever the history's length.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::cli::{ExportArgs, Format};
use crate::domain::{format_utc, Item, Profile};
use crate::files::{self, TempFile};
use crate::formats::{FORMAT, VERSION};
use crate::program::{ExerciseDoseJson, Program};
use crate::record::{csv_note_out, csv_row, ItemJson, COLUMNS};
use crate::store::Access;

/// Where an export goes, one record (a line, or a CSV row) at a time.
struct Sink<'a, W: Write> {
    out: W,
    /// On a terminal, control characters in the notes are shown escaped instead of acted on
    /// (§8); elsewhere the export's own bytes.
    terminal: bool,
    /// The file written, which a failed write names (a full disk).
    target: Option<&'a PathBuf>,
}

impl<W: Write> Sink<'_, W> {
    fn record(&mut self, bytes: &[u8]) -> Result<()> {
        let written = if self.terminal {
            let text = String::from_utf8_lossy(bytes);
            self.out.write_all(crate::render::printable_lines(&text).as_bytes())
        } else {
            self.out.write_all(bytes)
        };
        match self.target {
            Some(file) => written.with_context(|| files::Writing(file.clone())),
            None => Ok(written?),
        }
    }
}

/// CSV rows go through the sink whole: the CSV writer hands each on when flushed.
impl<W: Write> Write for Sink<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.record(buf).map_err(std::io::Error::other)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The items of an export, handed over one at a time.
type Items<'a> = &'a mut dyn FnMut(&mut dyn FnMut(Item) -> Result<()>) -> Result<()>;

/// The JSON export: one item per line, so a file of years stays small, greps well and reads
/// quickly back in; `import` takes any JSON layout. Returns how many items it wrote.
fn write_json<W: Write>(
    sink: &mut Sink<'_, W>,
    items: Items<'_>,
    program: &Program,
    changed_at: Option<DateTime<Utc>>,
    profile: &Profile,
) -> Result<usize> {
    let program: Option<Vec<ExerciseDoseJson>> = (!program.starter).then(|| {
        program.exercises.iter().map(|p| ExerciseDoseJson { exercise: p.exercise.id, dose: p.dose }).collect()
    });
    // DEL, the C1 controls and the marks that reorder text are written as JSON escapes: the
    // same data, safe on a terminal, and nothing that a stream removing escape sequences would
    // remove.
    let mut text = format!("{{\"format\": {}, \"version\": {VERSION}, \"items\": [", safe_json(FORMAT)?);
    sink.record(text.as_bytes())?;
    text.clear();
    let mut n = 0;
    let mut line = Vec::with_capacity(1024);
    items(&mut |item| {
        line.clear();
        line.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut line, &ItemJson::from(&item)).context("could not format JSON")?;
        // serde_json writes no raw control character below U+0020: anything else is ASCII
        // unless a note holds more, and only then does the line need a closer look.
        if line.iter().any(|b| *b >= 0x7f) {
            let text = String::from_utf8(std::mem::take(&mut line)).context("could not format JSON")?;
            line = crate::render::json_safe(text).into_bytes();
        }
        sink.record(&line)?;
        n += 1;
        Ok(())
    })?;
    if n > 0 {
        text.push('\n');
    }
    text.push_str("], \"program\": ");
    text.push_str(&safe_json(&program)?);
    text.push_str(", \"program_changed_at\": ");
    text.push_str(&safe_json(&changed_at.map(format_utc))?);
    text.push_str(", \"profile\": ");
    text.push_str(&safe_json(&(!profile.is_empty()).then_some(profile))?);
    text.push_str("}\n");
    sink.record(text.as_bytes())?;
    Ok(n)
}

/// One value as compact JSON, with the characters a terminal would act on escaped.
fn safe_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(crate::render::json_safe(serde_json::to_string(value).context("could not format JSON")?))
}

/// The CSV export; returns how many items it wrote.
fn write_csv<W: Write>(sink: &mut Sink<'_, W>, items: Items<'_>) -> Result<usize> {
    sink.record("\u{feff}".as_bytes())?;
    // Flushed after every row, so that each reaches the sink whole (a row is far smaller
    // than the buffer: a note is at most a few thousand characters).
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(sink);
    writer.write_record(COLUMNS)?;
    writer.flush().context("could not write CSV")?;
    let note = COLUMNS.iter().position(|c| *c == "note").expect("a note column");
    let mut n = 0;
    items(&mut |item| {
        let mut row = csv_row(&item);
        // Spreadsheet safety (§8): a note that begins like a formula gets one leading `'`.
        row[note] = csv_note_out(&row[note]);
        writer.write_record(row)?;
        writer.flush().context("could not write CSV")?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

/// The JSON export of `items`, in memory (for tests).
#[cfg(test)]
pub(super) fn json(items: &[Item], program: &Program) -> Result<Vec<u8>> {
    let mut sink = Sink { out: Vec::new(), terminal: false, target: None };
    let profile = Profile::default();
    write_json(
        &mut sink,
        &mut |each| items.iter().try_for_each(|i| each(i.clone())),
        program,
        None,
        &profile,
    )?;
    Ok(sink.out)
}

/// The CSV export of `items`, in memory (for tests).
#[cfg(test)]
pub(super) fn csv(items: &[Item]) -> Result<Vec<u8>> {
    let mut sink = Sink { out: Vec::new(), terminal: false, target: None };
    write_csv(&mut sink, &mut |each| items.iter().try_for_each(|i| each(i.clone())))?;
    Ok(sink.out)
}

/// The format asked for; without `--format`, the one `--out` names by its extension
/// (`week.csv` is CSV, in any letter case), else JSON.
fn format(asked: Option<Format>, out: Option<&Path>) -> Format {
    let named_csv = out.and_then(Path::extension).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    asked.unwrap_or(if named_csv { Format::Csv } else { Format::Json })
}

#[derive(Serialize)]
struct Written<'a> {
    file: &'a Path,
    items: usize,
}

/// Everything an export writes, to `sink`; returns how many items.
fn write_export<W: Write>(
    sink: &mut Sink<'_, W>,
    store: &crate::store::Store,
    format: Format,
    program: &Program,
    changed_at: Option<DateTime<Utc>>,
    profile: &Profile,
) -> Result<usize> {
    let mut items = |each: &mut dyn FnMut(Item) -> Result<()>| store.each_item(each);
    match format {
        Format::Json => write_json(sink, &mut items, program, changed_at, profile),
        Format::Csv => write_csv(sink, &mut items),
    }
}

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    if args.out.force && args.out.out.is_none() {
        return Err(crate::error::InputError(
            "--force replaces the file given with --out; without --out, export writes to standard output"
                .into(),
        )
        .into());
    }
    if let Some(file) = &args.out.out {
        files::check_target("--out", file, &ctx.db_path()?, args.out.force)?;
    }
    let store = ctx.open(Access::Read)?;
    let (program, changed_at) = store.program_changed()?;
    let profile = store.profile()?;
    let format = format(args.format, args.out.out.as_deref());
    let Some(file) = &args.out.out else {
        // The export's own bytes, not through `out()`, which removes escape sequences when
        // colour is off and would change a note.
        let stdout = std::io::stdout().lock();
        let terminal = stdout.is_terminal();
        let mut sink = Sink { out: BufWriter::with_capacity(1 << 16, stdout), terminal, target: None };
        write_export(&mut sink, &store, format, &program, changed_at, &profile)?;
        sink.out.flush()?;
        return Ok(());
    };
    // The new file is complete before it takes its place; an existing one only with --force.
    // A failure on the way (damage met while reading, a full disk) leaves nothing behind: the
    // temporary file is removed.
    let mut tmp = TempFile::beside(file)?;
    let n = {
        let out = BufWriter::with_capacity(1 << 16, tmp.file());
        let mut sink = Sink { out, terminal: false, target: Some(file) };
        let n = write_export(&mut sink, &store, format, &program, changed_at, &profile)?;
        sink.out.flush().with_context(|| files::Writing(file.clone()))?;
        n
    };
    tmp.persist(file, args.out.force)?;
    if ctx.json {
        print_json(&Written { file, items: n })
    } else {
        let n = if n == 1 { "1 item".to_string() } else { format!("{n} items") };
        writeln!(out(), "exported {n} to {}", crate::render::shown_path(file))?;
        Ok(())
    }
}
