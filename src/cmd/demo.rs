//! `footing demo`: fill a separate demo database with a synthetic program, then show its
//! trend and advice. It never touches the user's own database.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use super::{default_db, out, print_json, print_text, Ctx};
use crate::cli::{AsOfArgs, DemoArgs};
use crate::demo;
use crate::store::{Access, Store};

/// A reading command the demo shows its database with.
type Show = fn(&Ctx, &AsOfArgs) -> Result<()>;

#[derive(Serialize)]
struct DemoJson {
    db: String,
    items: usize,
    days: u32,
    seed: u64,
}

/// True when `a` and `b` name the same file (or, when either is missing, the same path).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (a.metadata(), b.metadata()) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

/// Quotes a path for a POSIX shell when it holds anything but plain characters.
fn shell_quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:=@%,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Where the demo goes: --db, else `footing-demo.db` beside the user's default database.
fn demo_path(ctx: &Ctx) -> Result<PathBuf> {
    let path = match &ctx.db_flag {
        Some(p) => p.clone(),
        None => default_db()?.with_file_name("footing-demo.db"),
    };
    // The user's own database is never the demo's, even an empty one.
    if let Ok(own) = default_db() {
        if same_file(&path, &own) {
            bail!(
                "{} is your own footing database; the demo writes to a separate one: choose it with --db PATH",
                path.display()
            );
        }
    }
    Ok(std::path::absolute(&path).unwrap_or(path))
}

pub fn run(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    let path = demo_path(ctx)?;
    let mut store = Store::open(&path, Access::Write)?;
    let items = demo::generate(args.days, args.seed, ctx.now);
    let filled = store
        .insert_into_empty(&items, &demo::program())
        .with_context(|| format!("could not write the demo to {}", path.display()))?;
    if let Err((held, program)) = filled {
        let items = match held {
            0 if program => "a program of its own".to_string(),
            1 => "1 item".to_string(),
            n => format!("{n} items"),
        };
        if ctx.db_flag.is_some() {
            bail!(
                "{} already holds {items}; the demo only fills a new or empty database, so nothing was \
                 changed (choose another with --db PATH)",
                path.display()
            );
        }
        // The default demo database, made by an earlier `footing demo`: show it again, and
        // say how to look around it or start over (v3 §10: not a failure).
        drop(store);
        let quoted = crate::render::printable(&shell_quote(&path.display().to_string())).into_owned();
        if ctx.json {
            return print_json(
                &serde_json::json!({"db": crate::render::shown_path(&path), "existing": true}),
            );
        }
        print_text(&format!(
            "the demo is already in {} ({items}); nothing was changed.\n\
             look at it with `footing --db {quoted} trend`, or delete it to make a new one.\n\n",
            crate::render::shown_path(&path)
        ))?;
        return show(ctx, path);
    }
    store.set_profile(&demo::profile(ctx.now))?;
    drop(store);

    let shown = crate::render::shown_path(&path);
    if ctx.json {
        return print_json(&DemoJson { db: shown, items: items.len(), days: args.days, seed: args.seed });
    }
    let quoted = crate::render::printable(&shell_quote(&path.display().to_string())).into_owned();
    print_text(&format!(
        "wrote a demo program of {} days ({} items, seed {}) to {shown}\n\
         your own footing database was not touched.\n\n\
         explore it with --db, for example:\n  \
         footing --db {quoted} trend\n  \
         footing --db {quoted} plan\n  \
         footing --db {quoted} history --items\n\
         or use it for a whole shell session with:\n  \
         export FOOTING_DB={quoted}\n\n",
        args.days,
        items.len(),
        args.seed
    ))?;

    show(ctx, path)
}

/// The demo's trend and advice.
fn show(ctx: &Ctx, path: std::path::PathBuf) -> Result<()> {
    let demo_ctx = Ctx { db_flag: Some(path), json: false, now: ctx.now, last: false };
    let as_of = AsOfArgs { as_of: None };
    let shows: [(&str, Show); 2] = [("trend", super::trend::run), ("advice", super::advise::run)];
    for (what, show) in shows {
        match show(&demo_ctx, &as_of) {
            Ok(()) => writeln!(out())?,
            Err(err) => writeln!(out(), "(the {what} is not available: {err:#})")?,
        }
    }
    Ok(())
}
