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
use chrono::{Days, Local, NaiveDate, NaiveDateTime, Timelike};
use clap::CommandFactory;
use serde::Serialize;

use crate::advice::logging_warnings;
use crate::cli::{Cli, ColorWhen, Command, SessionArgs};
use crate::domain;
use crate::domain::{
    describe, format_at, nearest_kind, parse_exercise_dose, parse_kind, Body, Done, Dose, Entry, Item, Kind,
    NewItem, Volume, Work,
};
use crate::error::InputError;
use crate::program::catalogue::{self, Exercise};
use crate::program::dose::find;
use crate::record::ItemJson;
use crate::render::term;
use crate::store::{self, Access, Store};

/// What every command gets: where the database is, how to print, and the time.
pub struct Ctx {
    /// The database path given with --db; `None` means the default (see [`Ctx::db_path`]).
    pub db_flag: Option<PathBuf>,
    pub json: bool,
    /// The current local time, read once at start-up.
    pub now: NaiveDateTime,
    /// The process ends when this command does: a read-only store may be left to the exit
    /// ([`Ctx::done_with`]). False when a command runs another's `run` (`demo`).
    pub last: bool,
}

impl Ctx {
    /// Lets go of a store opened with `Access::Read`, once the command is done with it. When
    /// the process ends with the command, the store is left to the exit (issue 18: freeing
    /// the parsed schema and the cached statements costs about 0.5 M instructions, and
    /// closing a read-only connection writes nothing); SQLite's empty `-wal` and `-shm` then
    /// stay beside the database until the next write closes them. Otherwise it is closed.
    pub fn done_with(&self, read: Store) {
        if self.last {
            std::mem::forget(read);
        }
    }

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
    let ctx = Ctx { db_flag: cli.db, json: cli.json, now, last: true };
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

// What the recording commands share (`log`, `session`, `done`, `edit`, `checkin`): reading a
// session's words, storing an entry, printing what was stored. Here, beside `Ctx`, so that
// no command imports another.

const WHAT: &str = "EXERCISE[:DOSE]";

/// An exercise named on the command line, with its dose when given.
struct Named<'a> {
    exercise: &'static Exercise,
    dose: Option<Dose>,
    word: &'a str,
}

/// The kind and the exercises named on the command line, before their missing doses are
/// looked up: `[KIND] EXERCISE[:DOSE]…`.
fn parse_what(what: &[String]) -> Result<(Option<Kind>, Vec<Named<'_>>), InputError> {
    let (kind, rest) = match what.split_first() {
        Some((first, rest)) if parse_kind(first).is_ok() => (parse_kind(first).ok(), rest),
        // The first word is a kind or an exercise: when it is neither, say both.
        Some((first, _)) if parse_exercise_dose(first).is_err() && !first.contains(':') => {
            let mut why = catalogue::find(first).err().unwrap_or_default().replace(
                "expected an exercise",
                "expected a session kind (strength, balance or mobility) or an exercise",
            );
            if let (Some(kind), false) = (nearest_kind(first), why.starts_with("did you mean")) {
                why = format!("did you mean {kind}? {why}");
            }
            return Err(InputError::value("KIND or EXERCISE", first, why));
        }
        _ => (None, what),
    };
    let mut named = Vec::with_capacity(rest.len());
    for word in rest {
        if parse_kind(word).is_ok() {
            return Err(InputError::value(
                "KIND",
                word,
                "the kind comes first and once; a session holds exercises of one kind (record two sessions)",
            ));
        }
        // `session strength 2x10`: a volume where an exercise was expected.
        if let Some(meant) = kind.and_then(|k| crate::suggest::session_volume(k.as_str(), word)) {
            return Err(InputError::value(
                WHAT,
                word,
                format!("a volume is given with flags: did you mean `{meant}`? Or name the exercises done, like heel-raises:{word}"),
            ));
        }
        let (exercise, dose) = parse_exercise_dose(word).map_err(|why| InputError::value(WHAT, word, why))?;
        if named.iter().any(|n: &Named| n.exercise.id == exercise.id) {
            return Err(InputError::value(
                WHAT,
                word,
                format!("{} is named twice; name each exercise once", exercise.id),
            ));
        }
        named.push(Named { exercise, dose, word: word.as_str() });
    }
    // One kind: the one given, else the first exercise's.
    let first = named.first().map(|n| (n.exercise.kind, n.exercise.id));
    if let Some(Named { exercise: e, word, .. }) =
        named.iter().find(|n| Some(n.exercise.kind) != kind.or(first.map(|f| f.0)))
    {
        let why = match (kind, first) {
            (Some(k), _) => format!("{} is a {} exercise, not {k}; a session holds exercises of one kind", e.id, e.kind),
            (None, Some((k, id))) => format!(
                "{id} is a {k} exercise and {} is a {} exercise; a session holds exercises of one kind (record two sessions)",
                e.id, e.kind
            ),
            (None, None) => unreachable!("a mismatch needs a first exercise"),
        };
        return Err(InputError::value(WHAT, word, why));
    }
    Ok((kind.or(first.map(|f| f.0)), named))
}

/// The kind and the work of a session from `session`'s words and volume flags, checked as
/// `session` checks them (`session` and `edit` share this).
pub fn kind_and_work(ctx: &Ctx, args: &SessionArgs, at: NaiveDateTime) -> Result<(Kind, Work)> {
    let (kind, named) = parse_what(&args.what)?;
    let given = [("--sets", args.sets), ("--reps", args.reps), ("--minutes", args.minutes)]
        .iter()
        .filter_map(|(flag, v)| v.map(|v| format!("{flag} {v}")))
        .collect::<Vec<_>>()
        .join(" ");
    let work = if named.is_empty() {
        let Some(kind) = kind else {
            return Err(InputError(
                "a session needs named exercises with their doses (like footing session heel-raises:2x10) \
                 or a kind with a volume (like footing session strength --sets 2 --reps 10)"
                    .into(),
            )
            .into());
        };
        let volume = Volume::new(args.sets, args.reps, args.minutes).map_err(|why| {
            if given.is_empty() {
                let example = match kind {
                    Kind::Strength => "heel-raises:2x10",
                    Kind::Balance => "tandem-stance:3x20s",
                    Kind::Mobility => "ankle-pumps:2x60s",
                };
                InputError(format!(
                    "{}; or name the exercises done, like footing session {example} (see `footing plan`)",
                    why.replace("a session", &format!("a {kind} session"))
                ))
            } else {
                InputError(format!("invalid volume '{given}' for a {kind} session: {why}"))
            }
        })?;
        Work::Volume(volume)
    } else {
        if !given.is_empty() {
            return Err(InputError(format!(
                "invalid volume '{given}': --sets, --reps and --minutes cannot be combined with named exercises; \
                 give each exercise its dose instead, like heel-raises:2x10"
            ))
            .into());
        }
        Work::Exercises(fill_doses(ctx, &named, at.date())?)
    };
    let kind = kind.expect("a kind, given or from the exercises");
    Ok((kind, work))
}

/// The doses of the named exercises: as given, else the dose for the date of `--at` (§9.6).
/// Nothing is written: the database is only read, and only when a dose is missing.
fn fill_doses(ctx: &Ctx, named: &[Named], day: NaiveDate) -> Result<Vec<Done>> {
    let missing = named.iter().any(|n| n.dose.is_none());
    let doses = if missing {
        let store = Store::open(&ctx.db_path()?, Access::Read)?;
        crate::assess::assess(&store, day)?.advice.doses
    } else {
        Vec::new()
    };
    named
        .iter()
        .map(|&Named { exercise, dose, word }| {
            let dose = match dose {
                Some(d) => d,
                None => match find(&doses, exercise.id) {
                    Some(n) => n.next.ok_or_else(|| {
                        InputError::value(
                            WHAT,
                            word,
                            format!(
                                "{} is paused today (see `footing plan`); to record it anyway give its dose, like {}:{}",
                                exercise.id,
                                exercise.id,
                                n.last.unwrap_or(exercise.range.bottom())
                            ),
                        )
                    })?,
                    // Neither in the program nor done lately: the bottom of its range.
                    None => exercise.range.bottom(),
                },
            };
            Ok(Done { exercise, dose })
        })
        .collect()
}

/// Prints what was stored, one line per item (JSON: the list of items).
pub fn print_stored(ctx: &Ctx, labels: &[&str], stored: &[Item]) -> Result<()> {
    if ctx.json {
        return print_json(&stored.iter().map(ItemJson::from).collect::<Vec<_>>());
    }
    let mut text = String::new();
    for (label, item) in labels.iter().zip(stored) {
        text.push_str(&format!(
            "logged #{} at {}: {label}{}\n",
            item.id,
            format_at(item.at),
            describe(&item.body)
        ));
    }
    print_text(&text)
}

/// Stores one entry as `log` does, for `log` and `checkin` alike: refuses an empty entry,
/// warns about red flags and long walks (§6), prints what was stored and its id.
pub fn store_entry(ctx: &Ctx, at: NaiveDateTime, entry: Entry) -> Result<()> {
    if entry.is_empty() {
        return Err(InputError(
            "nothing to log: give at least one measure, red flag or note, like `footing log --pain 3` \
             (see `footing log --help`)"
                .into(),
        )
        .into());
    }
    if let Some(f) = crate::domain::skin_flag_with_feet_ok(&entry) {
        return Err(InputError::value("--flag", f.as_str(), crate::domain::feet_ok_contradiction(f)).into());
    }
    let mut store = ctx.open(Access::Write)?;
    // A red flag, a walking bout or a stance or heel-raise value may need a warning (§6);
    // only then read the 30 days before.
    let measured = entry.stance_left.is_some() || entry.stance_right.is_some() || entry.heel_raises.is_some();
    let warnings = if entry.walk.is_some() || !entry.flags.is_empty() || measured {
        let day = at.date();
        let from = day.checked_sub_days(Days::new(30)).unwrap_or(day);
        // A long walk is warned about with the target `advise` and `plan` give for its day.
        let (today, pause) = match entry.walk {
            Some(_) => {
                let advice = crate::assess::assess(&store, day)?.advice;
                (advice.walk().copied(), advice.pause)
            }
            None => (None, None),
        };
        let mut warnings = logging_warnings(&entry, at, &store.items_between(from, day)?, today.as_ref());
        // A walk while a red flag pauses walking: stored, but the person is told, as `plan`
        // would have told them (once: a long walk's warning already says it).
        let said = warnings.iter().any(|w| w.contains("walking is paused"));
        if let Some((flag, since)) = pause.filter(|_| !said) {
            warnings.push(format!(
                "walking is paused by the {} of {since} (see `footing plan`); the walk is recorded, \
                 but rest your feet until the pause ends",
                flag.as_str()
            ));
        }
        warnings
    } else {
        Vec::new()
    };
    let body = Body::Entry(entry);
    let id = store.insert(&[NewItem { at, body: body.clone() }])?[0];
    let item = Item { id, at, body };
    if ctx.json {
        print_json(&ItemJson::from(&item))?;
    } else {
        print_text(&format!("logged #{id} at {}: {}\n", format_at(at), describe(&item.body)))?;
    }
    for warning in warnings {
        eprint!("{}", term::wrap(&format!("warning: {warning}\n"), term::width()));
    }
    Ok(())
}
