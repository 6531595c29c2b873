//! `footing restore [DATE]`: puts a daily backup back (§8), saving the current file first.

use std::io::Write;

use anyhow::Result;

use super::{out, print_json, Ctx};
use crate::render::shown_path;
use crate::store::daily;

pub fn run(ctx: &Ctx, date: Option<&str>) -> Result<()> {
    let db = ctx.db_path()?;
    let date = match date {
        Some(d) => Some(ctx.date("DATE", Some(d))?),
        None => None,
    };
    let done = daily::restore(&db, date)?;
    if ctx.json {
        return print_json(&done);
    }
    let mut o = out();
    for s in &done.skipped {
        writeln!(
            o,
            "passed over the backup of {} ({}): it failed SQLite's integrity check",
            s.date,
            shown_path(&s.file)
        )?;
    }
    writeln!(
        o,
        "restored the daily backup of {} ({}) to {}",
        done.date,
        shown_path(&done.from),
        shown_path(&db)
    )?;
    match &done.saved {
        Some(saved) => writeln!(o, "the file it replaced is kept as {}", shown_path(saved))?,
        None => writeln!(o, "there was no database file to keep")?,
    }
    Ok(())
}
