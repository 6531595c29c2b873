//! `footing report`: one self-contained HTML page for a clinician visit (§7).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::Duration;
use serde::Serialize;

use super::export::refuse_database;
use super::{out, print_json, Ctx};
use crate::cli::ReportArgs;
use crate::daily;
use crate::render::report::{self, Report};
use crate::store::Access;
use crate::trend;

#[derive(Serialize)]
struct Written {
    out: String,
}

pub fn run(ctx: &Ctx, args: &ReportArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_deref())?;
    let path = args.out.clone().unwrap_or_else(|| PathBuf::from(format!("footing-report-{as_of}.html")));
    // Writing the page over the database (or its -wal file) would destroy every record.
    refuse_database("--out", &path, &ctx.db_path()?)?;
    let store = ctx.open(Access::Read)?;

    let from = as_of - Duration::days(i64::from(args.days) - 1);
    // The period, and the four weeks the trend compares when the period is shorter.
    let trend_from = as_of - Duration::days(trend::SERIES_DAYS as i64 - 1);
    let items = store.items_between(from.min(trend_from), as_of)?;
    let daily = daily::summarize(&items);
    let first_day = store.first_day()?;
    let trend = trend::compute(&daily, as_of, store.program_start(as_of)?);
    let program = store.program()?;
    let (advice, doses) = super::plan::todays_doses(&store, &program, as_of)?;
    let notes_from = as_of - Duration::days(13);
    let notes: Vec<_> = items
        .iter()
        .filter(|i| i.date() >= notes_from)
        .filter_map(|i| i.body.note().map(|n| (i.at, n.to_string())))
        .collect();
    let page = report::render(&Report {
        as_of,
        days: args.days,
        made: ctx.now,
        first_day,
        trend: &trend,
        advice: &advice,
        daily: &daily,
        notes: &notes,
        program: &program,
        doses: &doses,
    })?;
    write_private(&path, page.as_bytes())?;

    if ctx.json {
        return print_json(&Written { out: path.to_string_lossy().into_owned() });
    }
    writeln!(
        out(),
        "wrote the report ({} to {}) to {}",
        report::long_date(from),
        report::long_date(as_of),
        path.display()
    )?;
    Ok(())
}

/// Writes a file readable by its owner only (0600), through a temporary file beside it and a
/// rename, so that a reader never sees half a report.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    };
    write()
        .inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
        .with_context(|| format!("could not write the report to {}", path.display()))
}
