//! `footing report`: one self-contained HTML page for a clinician visit (§7).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use chrono::Duration;
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::cli::ReportArgs;
use crate::daily;
use crate::files;
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
    // Never over the database (or its -wal file), a directory, a link or, without --force,
    // an earlier report.
    files::check_target("--out", &path, &ctx.db_path()?, args.force)?;
    let store = ctx.open(Access::Read)?;

    let from = as_of - Duration::days(i64::from(args.days) - 1);
    // The period, and the four weeks the trend compares when the period is shorter.
    let trend_from = as_of - Duration::days(trend::SERIES_DAYS as i64 - 1);
    let items = store.items_between(from.min(trend_from), as_of)?;
    let daily = daily::summarize(&items);
    let first_day = store.first_day()?;
    let trend = trend::compute(&daily, as_of, store.program_start(as_of)?);
    let program = store.program()?;
    let advice = crate::assess::assess(&store, as_of)?.advice;
    let doses = advice.doses.clone();
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
        items: &items,
        profile: &store.profile()?,
    })?;
    files::write_file(&path, page.as_bytes(), args.force)?;

    if ctx.json {
        return print_json(&Written { out: path.to_string_lossy().into_owned() });
    }
    writeln!(
        out(),
        "wrote the report ({} to {}) to {}",
        report::long_date(from),
        report::long_date(as_of),
        crate::render::shown_path(&path)
    )?;
    Ok(())
}
