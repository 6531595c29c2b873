//! `footing export [--format csv|json] [--out FILE]`: every item, lossless.
//!
//! JSON (the default, unless `--out` names a `.csv` file) is `{"format": "footing", "version": 3, "items": [...], "program": ..., "profile": ...}`. CSV is
//! written for spreadsheets: a UTF-8 byte order mark (so Excel reads "brûlure" correctly),
//! CRLF line ends, and quotes around any field holding a comma, quote or line break.
//! `import` reads both, with or without the mark.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::cli::{ExportArgs, Format};
use crate::domain::{Item, Profile};
use crate::files;
use crate::formats::{FORMAT, VERSION};
use crate::program::{ExerciseDoseJson, Program};
use crate::record::{csv_note_out, csv_row, ItemJson, COLUMNS};
use crate::store::Access;

/// The JSON export: one item per line, so a file of years stays small, greps well and reads
/// quickly back in; `import` takes any JSON layout.
#[cfg(test)]
pub(super) fn json(items: &[Item], program: &Program) -> Result<Vec<u8>> {
    json_with_profile(items, program, &Profile::default())
}

/// The JSON export with the person's profile (§11.1; null when nothing is given).
pub(super) fn json_with_profile(items: &[Item], program: &Program, profile: &Profile) -> Result<Vec<u8>> {
    let program: Option<Vec<ExerciseDoseJson>> = (!program.starter).then(|| {
        program.exercises.iter().map(|p| ExerciseDoseJson { exercise: p.exercise.id, dose: p.dose }).collect()
    });
    // DEL, the C1 controls and the marks that reorder text are written as JSON escapes: the
    // same data, safe on a terminal, and nothing that a stream removing escape sequences would
    // remove.
    let mut text = format!("{{\"format\": {}, \"version\": {VERSION}, \"items\": [", safe_json(FORMAT)?);
    for (i, item) in items.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&safe_json(&ItemJson::from(item))?);
    }
    if !items.is_empty() {
        text.push('\n');
    }
    text.push_str("], \"program\": ");
    text.push_str(&safe_json(&program)?);
    text.push_str(", \"profile\": ");
    text.push_str(&safe_json(&(!profile.is_empty()).then_some(profile))?);
    text.push_str("}\n");
    Ok(text.into_bytes())
}

/// One value as compact JSON, with the characters a terminal would act on escaped.
fn safe_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(crate::render::json_safe(serde_json::to_string(value).context("could not format JSON")?))
}

pub(super) fn csv(items: &[Item]) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let note = COLUMNS.iter().position(|c| *c == "note").expect("a note column");
    for item in items {
        let mut row = csv_row(item);
        // Spreadsheet safety (§8): a note that begins like a formula gets one leading `'`.
        row[note] = csv_note_out(&row[note]);
        writer.write_record(row)?;
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(writer.into_inner().context("could not format CSV")?);
    Ok(bytes)
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

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    if let Some(file) = &args.out {
        files::check_target("--out", file, &ctx.db_path()?, args.force)?;
    }
    let store = ctx.open(Access::Read)?;
    let items = store.all_items()?;
    let bytes = match format(args.format, args.out.as_deref()) {
        Format::Json => json_with_profile(&items, &store.program()?, &store.profile()?)?,
        Format::Csv => csv(&items)?,
    };
    let Some(file) = &args.out else {
        // The export's own bytes, not through `out()`, which removes escape sequences when
        // colour is off and would change a note; on a terminal, control characters in the
        // notes are shown escaped instead of acted on (§8).
        let mut stdout = std::io::stdout().lock();
        if stdout.is_terminal() {
            let text = String::from_utf8_lossy(&bytes);
            stdout.write_all(crate::render::printable_lines(&text).as_bytes())?;
        } else {
            stdout.write_all(&bytes)?;
        }
        stdout.flush()?;
        return Ok(());
    };
    // The new file is complete before it takes its place; an existing one only with --force.
    files::write_file(file, &bytes, args.force)?;
    if ctx.json {
        print_json(&Written { file, items: items.len() })
    } else {
        let n = if items.len() == 1 { "1 item".to_string() } else { format!("{} items", items.len()) };
        writeln!(out(), "exported {n} to {}", crate::render::shown_path(file))?;
        Ok(())
    }
}
