//! `footing backup FILE [--force]`: a consistent copy of the database, even while another
//! footing process is writing to it.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::files;
use crate::store::{daily, Access, Store};

#[derive(Serialize)]
struct Written<'a> {
    file: &'a Path,
    items: i64,
}

pub fn run(ctx: &Ctx, file: &Path, force: bool) -> Result<()> {
    let db = ctx.db_path()?;
    let shown = crate::render::shown_path(file);
    files::check_target("FILE", file, &db, force)?;
    // A replaced database's leftover journal would be read into the new copy and spoil it.
    for suffix in ["-wal", "-journal"] {
        let mut side = file.as_os_str().to_os_string();
        side.push(suffix);
        if Path::new(&side).exists() {
            bail!(
                "{} exists: {shown} looks like a database in use; nothing was written (choose another name)",
                Path::new(&side).display()
            );
        }
    }
    let store = Store::open(&db, Access::Read)?;
    if store.is_missing() {
        bail!("there is no footing database at {} to back up; nothing was written", db.display());
    }
    if let Some(damage) = store.damage() {
        bail!("{damage}; nothing was written to {shown}; {}", daily::advice(&db));
    }
    // The copy was read back whole before it took its place: what it holds.
    let items = store.write_backup(file, force)?;
    if ctx.json {
        print_json(&Written { file, items })
    } else {
        let n = if items == 1 { "1 item".to_string() } else { format!("{items} items") };
        writeln!(out(), "backed up {n} to {shown}")?;
        Ok(())
    }
}
