//! `footing export [--format csv|json] [--out FILE]`: every item, lossless.
//!
//! JSON (the default) is `{"format": "footing", "version": 2, "items": [...], "program": ...}`. CSV is
//! written for spreadsheets: a UTF-8 byte order mark (so Excel reads "brûlure" correctly),
//! CRLF line ends, and quotes around any field holding a comma, quote or line break.
//! `import` reads both, with or without the mark.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::import::{FORMAT, VERSION};
use super::{out, print_json, Ctx};
use crate::cli::{ExportArgs, Format};
use crate::domain::Item;
use crate::error::InputError;
use crate::program::{ExerciseDoseJson, Program};
use crate::record::{csv_row, ItemJson, COLUMNS};
use crate::store::transfer::TempFile;
use crate::store::Access;

#[derive(Serialize)]
struct Export {
    format: &'static str,
    version: u64,
    items: Vec<ItemJson>,
    /// The person's program; null while the starter program applies.
    program: Option<Vec<ExerciseDoseJson>>,
}

pub(super) fn json(items: &[Item], program: &Program) -> Result<Vec<u8>> {
    let program = (!program.starter).then(|| {
        program.exercises.iter().map(|p| ExerciseDoseJson { exercise: p.exercise.id, dose: p.dose }).collect()
    });
    let doc = Export {
        format: FORMAT,
        version: VERSION,
        items: items.iter().map(ItemJson::from).collect(),
        program,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).context("could not format JSON")?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub(super) fn csv(items: &[Item]) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for item in items {
        writer.write_record(csv_row(item))?;
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(writer.into_inner().context("could not format CSV")?);
    Ok(bytes)
}

/// True when `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Where a path leads, whether or not the file exists yet: the canonical path of the file,
/// or of its folder joined with its name.
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(p.file_name()?))
}

/// Why writing to `file` would destroy the database at `db`: it is the database itself, or
/// one of the files SQLite keeps beside it (`-wal`, `-shm`, `-journal`). `None` when it is
/// another file.
pub fn destroys_database(file: &Path, db: &Path) -> Option<&'static str> {
    if same_file(file, db) {
        return Some("that is the database itself; give another file name");
    }
    let target = resolved(file)?;
    let db = resolved(db)?;
    let beside = ["-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut side = db.as_os_str().to_os_string();
        side.push(suffix);
        side == target.as_os_str()
    });
    if db == target {
        Some("that is the database itself; give another file name")
    } else if beside {
        Some("that is a file SQLite keeps beside the database; give another file name")
    } else {
        None
    }
}

/// Refuses (exit 2, naming `flag`) an output path that would destroy the database.
pub fn refuse_database(flag: &str, file: &Path, db: &Path) -> Result<()> {
    match destroys_database(file, db) {
        Some(why) => Err(InputError::value(flag, &file.display().to_string(), why).into()),
        None => Ok(()),
    }
}

#[derive(Serialize)]
struct Written<'a> {
    file: &'a Path,
    items: usize,
}

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    if let Some(file) = &args.out {
        if file.is_dir() {
            return Err(InputError::value(
                "--out",
                &file.display().to_string(),
                "that is a directory; give a file name",
            )
            .into());
        }
        refuse_database("--out", file, &ctx.db_path()?)?;
    }
    let store = ctx.open(Access::Read)?;
    let items = store.all_items()?;
    let bytes = match args.format {
        Format::Json => json(&items, &store.program()?)?,
        Format::Csv => csv(&items)?,
    };
    let Some(file) = &args.out else {
        out().write_all(&bytes)?;
        return Ok(());
    };
    // An existing file is replaced, as a fresh export of the same name is the usual intent;
    // the new one is complete before it takes the old one's place.
    let mut tmp = TempFile::beside(file)?;
    tmp.file().write_all(&bytes).with_context(|| format!("could not write {}", tmp.path().display()))?;
    tmp.persist(file, true)?;
    if ctx.json {
        print_json(&Written { file, items: items.len() })
    } else {
        let n = if items.len() == 1 { "1 item".to_string() } else { format!("{} items", items.len()) };
        writeln!(out(), "exported {n} to {}", file.display())?;
        Ok(())
    }
}
