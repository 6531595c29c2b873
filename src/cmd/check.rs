//! `footing check`: SQLite's full integrity check of the database (§8), with the cheap
//! checks every command runs on opening it.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Result};
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::store::daily::{self, DailyBackup};
use crate::store::{Access, Store};

/// How many of SQLite's findings are kept; the first names the problem.
const MAX_PROBLEMS: u32 = 20;

#[derive(Serialize)]
struct Checked<'a> {
    db: &'a Path,
    ok: bool,
    /// The items the database holds; null when they could not be counted.
    items: Option<i64>,
    problems: Vec<String>,
    /// The daily backups beside the database, newest first.
    backups: Vec<DailyBackup>,
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let db = ctx.db_path()?;
    let store = Store::open(&db, Access::Read)?;
    let backups = daily::list(&db);
    if store.is_missing() {
        if ctx.json {
            return print_json(&Checked { db: &db, ok: true, items: Some(0), problems: Vec::new(), backups });
        }
        writeln!(out(), "nothing to check: there is no database at {} yet", crate::render::shown_path(&db))?;
        return list_backups(&backups);
    }
    let mut problems: Vec<String> = store.damage().map(|d| d.problem.clone()).into_iter().collect();
    match store.integrity_problems(MAX_PROBLEMS) {
        Ok(found) => problems.extend(found),
        Err(e) => problems.push(crate::error::message(&e)),
    }
    let items = store.count_items().ok();
    if ctx.json {
        print_json(&Checked {
            db: &db,
            ok: problems.is_empty(),
            items,
            problems: problems.clone(),
            backups: backups.clone(),
        })?;
    }
    if let Some(first) = problems.first() {
        let more = match problems.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more problem{} found)", if n == 1 { "" } else { "s" }),
        };
        return Err(anyhow!("{} is damaged: {first}{more}; {}", db.display(), daily::advice(&db)));
    }
    if !ctx.json {
        let items = match items {
            Some(1) => "1 item".to_string(),
            Some(n) => format!("{n} items"),
            None => "items".to_string(),
        };
        writeln!(
            out(),
            "ok: {} passed SQLite's full integrity check ({items})",
            crate::render::shown_path(&db)
        )?;
        list_backups(&backups)?;
    }
    Ok(())
}

/// The daily backups, newest first, one a line (on stdout, before any error).
fn list_backups(backups: &[DailyBackup]) -> Result<()> {
    let mut o = out();
    if backups.is_empty() {
        writeln!(o, "no daily backups yet: the first command that writes on a day takes one")?;
        return Ok(());
    }
    writeln!(o, "daily backups, newest first:")?;
    for b in backups {
        writeln!(o, "  {}  {}", b.date, crate::render::shown_path(&b.file))?;
    }
    Ok(())
}
