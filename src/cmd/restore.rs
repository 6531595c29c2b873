//! `footing restore [DATE]`: puts a daily backup back (§8), saving the current file first.

use std::io::Write;

use anyhow::Result;

use super::{out, print_json, Ctx};
use crate::render::{shown_path, term};
use crate::store::{daily, Access, Store};

pub fn run(ctx: &Ctx, date: Option<&str>) -> Result<()> {
    let db = ctx.db_path()?;
    let date = match date {
        Some(d) => Some(ctx.date("DATE", Some(d))?),
        None => None,
    };
    // The items of the file about to be replaced, so the person sees what the restore
    // trades (a damaged file may not count: then it is not said).
    let before = count(&db);
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
    // What was traded, in words: a day's copy is taken before that day's first change, so
    // what was recorded since is only in the file kept aside.
    let mut said = match count(&db) {
        Some(n) => format!(
            "\nThe database now holds {n} item{}, as it was before the first change of {}",
            if n == 1 { "" } else { "s" },
            done.date
        ),
        None => format!("\nThe database is now as it was before the first change of {}", done.date),
    };
    match (before, &done.saved) {
        (Some(m), Some(_)) => said.push_str(&format!(
            "; the file kept aside holds {m} item{}. To go back to it, copy it over the database \
             while no footing runs.\n",
            if m == 1 { "" } else { "s" }
        )),
        (None, Some(_)) => said.push_str(
            ". To go back to the file kept aside, copy it over the database while no footing runs.\n",
        ),
        (_, None) => said.push_str(".\n"),
    }
    o.write_all(term::wrap(&said, term::width()).as_bytes())?;
    Ok(())
}

/// The items in the database at `db`; `None` when it cannot be read as one.
fn count(db: &std::path::Path) -> Option<i64> {
    let store = Store::open(db, Access::Read).ok()?;
    if store.is_missing() {
        return None;
    }
    store.count_items().ok()
}
