//! One file per subcommand, each a small `run`; this file holds what they share.

mod advise;
mod backup;
mod check;
mod checkin;
mod demo;
mod done;
mod edit;
mod exercises;
mod export;
mod history;
mod import;
mod log;
mod man;
mod plan;
mod profile;
mod program;
mod recording;
mod remove;
mod report;
mod restore;
mod reviewed;
mod session;
mod temp;
mod test;
mod today;
mod trend;
mod zones;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::{Local, NaiveDate, NaiveDateTime, Timelike};
use clap::CommandFactory;
use serde::Serialize;

use crate::cli::{Cli, ColorWhen, Command};
use crate::domain;
use crate::error::InputError;
use crate::render::term;
use crate::store::{self, Access, Store};

/// What every command gets: where the database is, how to print, and the time.
pub struct Ctx {
    /// The database path given with --db; `None` means the default (see [`Ctx::db_path`]).
    pub db_flag: Option<PathBuf>,
    pub json: bool,
    /// The current local time, read once at start-up.
    pub now: NaiveDateTime,
}

impl Ctx {
    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    /// The database path: --db, else the default database (see [`default_db`]).
    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db_flag {
            Some(p) => Ok(p.clone()),
            None => default_db(),
        }
    }

    pub fn open(&self, access: Access) -> Result<Store> {
        let store = Store::open(&self.db_path()?, access)?;
        if store.is_missing() && !self.json {
            eprintln!(
                "nothing has been logged yet (no database at {})",
                crate::render::shown_path(store.path())
            );
        }
        // Reading a damaged file still shows what it holds (so it can be exported), never
        // quietly: writing commands refuse it in `Store::open`.
        if let Some(damage) = store.damage() {
            eprintln!(
                "warning: {damage}; what follows may be incomplete or wrong; {}",
                store::daily::advice(store.path())
            );
        }
        Ok(store)
    }

    /// Parses `--at WHEN` (default: now).
    pub fn at(&self, at: Option<&str>) -> Result<NaiveDateTime, InputError> {
        match at {
            None => Ok(self.now),
            Some(s) => domain::parse_at(s, self.now).map_err(|allowed| InputError::value("--at", s, allowed)),
        }
    }

    /// Parses a date flag such as `--as-of` (default: today).
    pub fn date(&self, flag: &str, value: Option<&str>) -> Result<NaiveDate, InputError> {
        match value {
            None => Ok(self.today()),
            Some(s) => {
                domain::parse_date(s, self.today()).map_err(|allowed| InputError::value(flag, s, allowed))
            }
        }
    }
}

/// The user's own database when no --db is given: `$FOOTING_DB`, else `footing.db` in the
/// platform data directory.
pub fn default_db() -> Result<PathBuf> {
    match std::env::var_os("FOOTING_DB").filter(|p| !p.is_empty()) {
        Some(p) => Ok(PathBuf::from(p)),
        None => store::default_path(),
    }
}

/// Standard output, locked; write errors (a closed pipe) end the command quietly in `main`.
/// Colour styles written to it are removed when colour is off (see [`term::setup`]).
pub fn out() -> anstream::AutoStream<io::StdoutLock<'static>> {
    anstream::stdout().lock()
}

/// Prints human text: one paragraph per line (and tables), each wrapped to the width.
pub fn print_text(text: &str) -> Result<()> {
    out().write_all(term::wrap(text, term::width()).as_bytes())?;
    Ok(())
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    // Escaped so that a terminal acts on nothing in it and colour stripping changes nothing.
    let mut text =
        crate::render::json_safe(serde_json::to_string_pretty(value).context("could not format JSON")?);
    text.push('\n');
    out().write_all(text.as_bytes())?;
    Ok(())
}

/// The environment variable that sets the clock for every command (SPEC §2), so that tests
/// and demonstrations never depend on the real date.
pub const NOW_VAR: &str = "FOOTING_NOW";

/// "Now" for this command, to the minute: `FOOTING_NOW` when set, else the local clock.
/// This is the one place footing reads the clock.
fn clock() -> Result<chrono::NaiveDateTime> {
    match std::env::var(NOW_VAR) {
        Ok(value) => crate::domain::parse_stored_at(&value)
            .map_err(|allowed| crate::error::InputError::value(NOW_VAR, &value, allowed).into()),
        Err(std::env::VarError::NotUnicode(value)) => Err(crate::error::InputError::value(
            NOW_VAR,
            &value.to_string_lossy(),
            "expected a date and time as YYYY-MM-DD HH:MM",
        )
        .into()),
        Err(std::env::VarError::NotPresent) => {
            let now = Local::now().naive_local();
            Ok(now.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(now))
        }
    }
}

/// `now` in UTC to the second, as program changes are stamped (§8): with the seconds of the
/// system's clock when `now` is its current minute, else `now` itself (`FOOTING_NOW`).
fn utc_now(now: NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let real = Local::now();
    let real = real.with_nanosecond(0).unwrap_or(real);
    if real.naive_local().with_second(0) == Some(now) {
        return real.to_utc();
    }
    // A local time that a clock change skips or repeats: its earliest reading, else as UTC.
    Local.from_local_datetime(&now).earliest().map_or_else(|| now.and_utc(), |t| t.to_utc())
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let now = clock()?;
    term::setup(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    store::set_program_clock(utc_now(now));
    // The day of the daily check and backup (§8) is the day of this command's clock.
    store::set_today(now.date());
    let ctx = Ctx { db_flag: cli.db, json: cli.json, now };
    // SQLite's busy, damaged and full-disk errors are reworded for a person, naming the file.
    let db = ctx.db_path().ok();
    let result = match cli.command.unwrap_or(Command::Today(Default::default())) {
        Command::Today(args) => today::run(&ctx, &args),
        Command::Checkin => checkin::run(&ctx),
        Command::Log(args) => log::run(&ctx, args),
        Command::Session(args) => session::run(&ctx, args),
        Command::History(args) => history::run(&ctx, &args),
        Command::Undo => remove::undo(&ctx),
        Command::Edit(args) => edit::run(&ctx, &args),
        Command::Delete { id } => remove::delete(&ctx, id),
        Command::Trend(args) => trend::run(&ctx, &args),
        Command::Advise(args) => advise::run(&ctx, &args),
        Command::Zones(args) => zones::run(&ctx, &args),
        Command::Export(args) => export::run(&ctx, &args),
        Command::Import { file } => import::run(&ctx, &file),
        Command::Backup { file, force } => backup::run(&ctx, &file, force),
        Command::Report(args) => report::run(&ctx, &args),
        Command::Check => check::run(&ctx),
        Command::Restore { date } => restore::run(&ctx, date.as_deref()),
        Command::Demo(args) => demo::run(&ctx, &args),
        Command::Exercises => exercises::run(&ctx),
        Command::Program { action } => program::run(&ctx, action.as_ref()),
        Command::Plan(args) => plan::run(&ctx, &args),
        Command::Done(args) => done::run(&ctx, &args),
        Command::Man => man::run(),
        Command::Reviewed(args) => reviewed::run(&ctx, args),
        Command::Profile(args) => profile::run(&ctx, &args),
        Command::Test(args) => test::run(&ctx, args),
        Command::Tests => test::tests(&ctx),
        Command::Temp(args) => temp::run(&ctx, args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "footing", &mut out());
            Ok(())
        }
    };
    match (result, db) {
        (Err(e), Some(db)) => {
            let e = store::explain(e, &db);
            // A write the disk could not hold leaves nothing behind: not even a grown log.
            if matches!(e.downcast_ref::<store::StoreError>(), Some(store::StoreError::DiskFull { .. })) {
                store::release_space(&db);
            }
            Err(e)
        }
        (result, _) => result,
    }
}
