//! The command line: clap derive types and help texts only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{self, Flag, Kind, Numb, Pain, Stance};
use crate::program::catalogue::{self, Exercise};

#[derive(Debug, Parser)]
#[command(
    name = "footing",
    version,
    about = "Track a home exercise program for foot neuropathy: pain, numbness, balance, strength and walking.",
    long_about = "Track a home exercise program for foot neuropathy: pain, numbness, balance, strength and walking.\n\n\
                  Your data stays in one SQLite file on this machine. footing supports your clinician's care; \
                  it never replaces it.",
    after_help = "A day with footing:\n  \
                  footing checkin                          # the day's questions, one at a time\n  \
                  footing log --pain 3 --numb left-toes --feet-ok\n  \
                  footing plan                             # today's exercises and doses\n  \
                  footing done --rpe 6 --pain-before 2 --pain-after 3\n  \
                  footing log --walk 25min\n  \
                  footing today                            # what is logged, what is left to do\n  \
                  footing undo                             # take back the latest change\n\n\
                  `footing man` prints the manual; `footing demo` shows a realistic example."
)]
pub struct Cli {
    /// The database file [default: $FOOTING_DB, else footing.db in the platform data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_name = "WHEN", value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// The command; without one, `footing` shows today (`footing today`)
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// What is logged today, what is still to do, and the advice headline
    Today(AsOfArgs),
    /// Answer the day's questions one by one on a terminal, then log them
    Checkin,
    /// Record measures, red flags or a note
    #[command(after_help = "Examples:\n  footing log --pain 3 --numb left-toes,both-ball\n  \
                      footing log --stance-left 12.5 --stance-right 9 --walk 20 --feet-ok")]
    Log(LogArgs),
    /// Record an exercise session: named exercises with their doses, or one volume
    #[command(
        override_usage = "footing session [KIND] EXERCISE[:DOSE]... [OPTIONS]\n       \
                          footing session KIND (--sets N --reps N | --minutes N) [OPTIONS]",
        after_help = "Examples:\n  footing session heel-raises:2x10 sit-to-stand --rpe 6\n  \
                            footing session strength --sets 2 --reps 10 --pain-before 2 --pain-after 3"
    )]
    Session(SessionArgs),
    /// Show daily values, or the stored items with their ids
    History(HistoryArgs),
    /// Revert the latest change: items recorded, an edit, a delete, a program change or an import
    Undo,
    /// Change the given fields of one stored item (`undo` puts it back)
    #[command(
        after_help = "The flags are those of `footing log` for an entry and of `footing session` for a \
                            session; the fields not given stay as they were.\n\n\
                            Examples:\n  footing edit 12 --pain 4\n  footing edit 15 --reps 12 --rpe 6\n  \
                            footing edit 15 heel-raises:2x12 --at \"yesterday 18:00\""
    )]
    Edit(EditArgs),
    /// Delete one item by its id (see `footing history --items`)
    Delete {
        /// The item's id
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
    },
    /// Compare the last two weeks with the two before
    Trend(AsOfArgs),
    /// Advice for the next session: the 24-hour rule, progression and red flags
    Advise(AsOfArgs),
    /// Numbness map: how often each zone was reported, week by week
    Zones(ZonesArgs),
    /// Write every item as JSON or CSV
    #[command(mut_arg("out", |a| a.help("Write to FILE [default: standard output]")))]
    Export(ExportArgs),
    /// Read items from a file written by `footing export`
    Import {
        /// The CSV or JSON file
        file: PathBuf,
    },
    /// Write a consistent copy of the database, even while it is in use
    Backup {
        /// Where to write the copy
        file: PathBuf,
        /// Overwrite FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Write a self-contained HTML report for a clinician visit
    #[command(mut_arg("out", |a| a.help("Write to FILE [default: footing-report-DATE.html, DATE the last day]")))]
    Report(ReportArgs),
    /// Run SQLite's full integrity check on the database and list the daily backups
    Check,
    /// Put a daily backup back, saving the current file beside the database first
    #[command(after_help = "Examples:\n  footing restore\n  footing restore 2031-04-08")]
    Restore {
        /// The date of the backup to put back (YYYY-MM-DD); default: the newest sound one
        date: Option<String>,
    },
    /// Fill a separate demo database with a realistic program, then show its trend and advice
    Demo(DemoArgs),
    /// The exercise catalogue: each exercise, its kind, dose range and cue
    Exercises,
    /// Show or change your own program of exercises
    #[command(after_help = "Examples:\n  footing program\n  footing program add step-ups 2x8\n  \
                            footing program remove hip-abduction\n  footing program reset")]
    Program {
        #[command(subcommand)]
        action: Option<ProgramAction>,
    },
    /// Today's session: each exercise with today's dose, the walk, reminders
    Plan(AsOfArgs),
    /// Record today's plan as done
    #[command(after_help = "Examples:\n  footing done\n  footing done balance --skip tandem-stance\n  \
                            footing done strength --rpe 6 --pain-before 2 --pain-after 3")]
    Done(DoneArgs),
    /// Print the manual page (roff; `footing man | man -l -`)
    Man,
    /// Record that a clinician has seen a red flag; `--cleared`: they allowed loading the foot again
    #[command(
        after_help = "Examples:\n  footing reviewed open-sore --note \"dressed; keep weight off it\"\n  \
                            footing reviewed open-sore --cleared --note healed\n  footing reviewed balance-drop"
    )]
    Reviewed(ReviewedArgs),
    /// Your details for the norms and the report: birth year, sex, name
    #[command(
        after_help = "Examples:\n  footing profile\n  footing profile --born 1958 --sex female --name \"Ann Smith\""
    )]
    Profile(ProfileArgs),
    /// Record a home test: chair-stand, four-stage, tug or heel-raise
    #[command(
        override_usage = "footing test chair-stand STANDS [--arms]\n       \
                          footing test four-stage SECONDS... (1 to 4 stages)\n       \
                          footing test tug SECONDS\n       \
                          footing test heel-raise --left N --right N",
        long_about = TEST_ABOUT,
        after_help = TEST_HELP
    )]
    Test(TestArgs),
    /// Your home tests against the norms for your age and sex
    #[command(long_about = TESTS_ABOUT)]
    Tests,
    /// Record foot temperatures, or show the last 14 days
    #[command(long_about = TEMP_ABOUT, after_help = TEMP_HELP)]
    Temp(TempArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Example: footing completions bash > ~/.local/share/bash-completion/completions/footing"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct ReviewedArgs {
    /// The red flag reviewed: a reported flag (open-sore, fall, …) or a detected kind
    /// (new-numbness, balance-drop, strength-drop, pain-rising, severe-pain, foot-heat)
    #[arg(value_name = "FLAG", value_parser = domain::parse_reviewed)]
    pub flag: domain::Reviewed,
    /// The clinician allowed loading the foot again: this ends a pause
    #[arg(long)]
    pub cleared: bool,
    /// When the review took place (default: now)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// A note (what the clinician said)
    #[arg(long, value_name = "TEXT", value_parser = domain::parse_note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// When: YYYY-MM-DD HH:MM, YYYY-MM-DD, HH:MM, today, yesterday, or "yesterday HH:MM" [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Pain now, 0 (none) to 10 (worst imaginable)
    #[arg(long, value_name = "N", value_parser = domain::parse_pain, allow_negative_numbers = true)]
    pub pain: Option<Pain>,
    /// Numb zones: SIDE-REGION (left/right/both; toes, ball, arch, heel, top, ankle, shin, calf), comma-separated, or none
    #[arg(long, value_name = "ZONES", value_parser = Listed::new(domain::parse_numb, zone_names), hide_possible_values = true)]
    pub numb: Vec<Numb>,
    /// Best single-leg stance on the left foot, seconds (0–300, one decimal)
    #[arg(long, value_name = "S", value_parser = domain::parse_stance, allow_negative_numbers = true)]
    pub stance_left: Option<Stance>,
    /// Best single-leg stance on the right foot, seconds (0–300, one decimal)
    #[arg(long, value_name = "S", value_parser = domain::parse_stance, allow_negative_numbers = true)]
    pub stance_right: Option<Stance>,
    /// Controlled heel raises before form fades (0–200)
    #[arg(long, value_name = "N", value_parser = domain::parse_heel_raises, allow_negative_numbers = true)]
    pub heel_raises: Option<u16>,
    /// One continuous walking bout, minutes (1–1440)
    #[arg(long, value_name = "MIN", value_parser = domain::parse_walk, allow_negative_numbers = true)]
    pub walk: Option<u16>,
    /// The daily foot check: both feet looked over, nothing found (report a problem with --flag open-sore, skin-change or infection)
    #[arg(long)]
    pub feet_ok: bool,
    /// A red flag (repeatable): weakness, foot-drop, balance-loss, open-sore, skin-change, infection, night-pain, fall, injury, deformity, numbness-spread, hot-foot (a foot that is red, warm or swollen)
    #[arg(long, value_name = "FLAG", value_parser = Listed::new(domain::parse_flag, flag_names), hide_possible_values = true)]
    pub flag: Vec<Flag>,
    /// A note
    #[arg(long, value_name = "TEXT", value_parser = NoteParser, allow_hyphen_values = true)]
    pub note: Option<String>,
}

/// `footing test`'s description: what the tests are, and to take them with someone near.
const TEST_ABOUT: &str = "Record a home test. Take every test with someone beside you and a counter or \
     a sturdy chair within reach; stop if you feel unsteady, dizzy or have pain.";

const TEST_HELP: &str = "The tests:\n\n\
     chair-stand: full stands from an armless chair (about 43 cm high, its back against a wall), \
     arms crossed, in 30 s; more than halfway up at the end counts; add --arms if you needed your \
     arms (the score is then 0).\n\n\
     four-stage: 10 s in each position without moving your feet or holding on: feet together, \
     semi-tandem, tandem, one leg; give the seconds held at each stage you reached.\n\n\
     tug (Timed Up and Go): stand up, walk 3 m at your usual pace, turn, walk back and sit down; \
     the seconds, one decimal.\n\n\
     heel-raise: on one leg, fingertips on a counter, up and down to a beat of 60 a minute, until \
     you cannot keep the pace or the height; each foot.\n\n\
     With someone beside you and a counter in reach, always.\n\n\
     Examples:\n  footing test chair-stand 11\n  footing test four-stage 10 10 6\n  \
     footing test tug 11.4\n  footing test heel-raise --left 14 --right 19";

const TESTS_ABOUT: &str =
    "Your home tests: for each, the latest result and date, the norm for your age and sex \
     (footing profile), where the result stands in plain words, the fall-risk line, and the change since \
     the first and the previous result, called real only when it is larger than measurement noise. The \
     single-leg stance you log appears too. Take each test with someone beside you and a counter in \
     reach. footing states what the norms say; it never diagnoses.";

const TEMP_ABOUT: &str =
    "Record foot skin temperatures: SITE:LEFT:RIGHT for any of the six sites, the same on \
     both feet: hallux (the big toe), met1, met3, met5 (the ball of the foot under the first, third \
     and fifth toes), midfoot, heel. Without sites, show the last 14 days: per day \
     the largest difference between the feet and its site, marked * above 2.2 °C (4 °F).";

const TEMP_HELP: &str = "How to measure: after ten minutes barefoot at rest, before walking, with a skin \
     thermometer on the same spot of each foot; the first reading of the day per site counts. A \
     difference above 2.2 °C (4 °F) at the same site on two days at most 3 days apart may mean \
     inflammation before a wound, or a Charcot foot: rest your feet and contact your foot clinician \
     the same day. Comparing the feet does not work after an amputation, with a cast on one foot, or \
     when both feet are inflamed.\n\n\
     Examples:\n  footing temp hallux:31.2:30.8 met1:30.9:31.0 heel:29.8:29.9\n  \
     footing temp hallux:88.2:87.4 --unit f\n  footing temp";

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Your birth year (1900 to this year)
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub born: Option<String>,
    /// The sex the norms are tabulated by: female or male
    #[arg(long, value_name = "SEX", value_parser = domain::home::parse_sex)]
    pub sex: Option<domain::home::Sex>,
    /// Your name, as the report carries it
    #[arg(long, value_name = "TEXT", value_parser = domain::home::parse_name, allow_hyphen_values = true)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The test: chair-stand, four-stage, tug or heel-raise
    #[arg(value_name = "NAME", value_parser = domain::home::parse_test_name)]
    pub name: domain::TestName,
    /// The result: stands (chair-stand), seconds per stage (four-stage), seconds (tug)
    #[arg(value_name = "VALUE", allow_negative_numbers = true)]
    pub values: Vec<String>,
    /// Chair stand: the arms were used (the score is then 0)
    #[arg(long)]
    pub arms: bool,
    /// Heel raise: raises on the left foot (0–150)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub left: Option<String>,
    /// Heel raise: raises on the right foot (0–150)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub right: Option<String>,
    /// When: YYYY-MM-DD HH:MM, YYYY-MM-DD, HH:MM, today or yesterday [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// A note
    #[arg(long, value_name = "TEXT", value_parser = domain::parse_note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Unit {
    /// degrees Celsius
    C,
    /// degrees Fahrenheit (stored in °C)
    F,
}

#[derive(Debug, Args)]
pub struct TempArgs {
    /// SITE:LEFT:RIGHT, like hallux:31.2:30.8 (sites: hallux, met1, met3, met5, midfoot, heel)
    #[arg(value_name = "SITE:LEFT:RIGHT")]
    pub sites: Vec<String>,
    /// The unit of the values: c (°C, 15.0–42.0) or f (°F, 59.0–107.6)
    #[arg(long, value_enum, default_value_t = Unit::C)]
    pub unit: Unit,
    /// When: YYYY-MM-DD HH:MM, YYYY-MM-DD, HH:MM, today or yesterday [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// A note
    #[arg(long, value_name = "TEXT", value_parser = domain::parse_note, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProgramAction {
    /// Add an exercise, or change its starting dose
    Add {
        /// The exercise (see `footing exercises`)
        #[arg(value_name = "EXERCISE", value_parser = Listed::new(parse_exercise, exercise_names), hide_possible_values = true)]
        exercise: &'static Exercise,
        /// Its starting dose: SETSxREPS (2x10), SETSxSECONDSs (3x20s) or MINUTESmin (3min) [default: the bottom of its range]
        #[arg(value_name = "DOSE")]
        dose: Option<String>,
    },
    /// Remove an exercise
    Remove {
        /// The exercise
        #[arg(value_name = "EXERCISE", value_parser = Listed::new(parse_exercise, exercise_names), hide_possible_values = true)]
        exercise: &'static Exercise,
    },
    /// Go back to the starter program
    Reset,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The kinds to record (mobility, strength, balance) [default: every kind due today and not yet recorded]
    #[arg(value_name = "KIND", value_parser = Listed::new(domain::parse_kind, kind_names), hide_possible_values = true)]
    pub kinds: Vec<Kind>,
    /// Leave this exercise out (repeatable)
    #[arg(long, value_name = "EXERCISE", value_parser = Listed::new(parse_exercise, exercise_names), hide_possible_values = true)]
    pub skip: Vec<&'static Exercise>,
    #[command(flatten)]
    pub around: AroundArgs,
}

/// The options `session` and `done` share: effort, pain around the sessions, and when.
#[derive(Debug, Args)]
pub struct AroundArgs {
    /// Effort, 0–10 (the program targets 5–7 for strength, 2–3 for nerve glides); with
    /// `done`, on the strength session (with none, name the kind: `done balance --rpe 6`)
    #[arg(long, value_name = "N", value_parser = domain::parse_rpe, allow_negative_numbers = true)]
    pub rpe: Option<u8>,
    /// Pain just before the session (0–10), recorded as its own entry
    #[arg(long, value_name = "N", value_parser = domain::parse_pain, allow_negative_numbers = true)]
    pub pain_before: Option<Pain>,
    /// Pain just after the session (0–10), recorded as its own entry
    #[arg(long, value_name = "N", value_parser = domain::parse_pain, allow_negative_numbers = true)]
    pub pain_after: Option<Pain>,
    /// When: YYYY-MM-DD HH:MM, YYYY-MM-DD, HH:MM, today, yesterday, or "yesterday HH:MM" [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct SessionArgs {
    /// The kind (strength, balance or mobility), then the exercises done, each with its dose
    /// (heel-raises:2x10; without :DOSE, today's dose); or a kind alone with --sets/--reps or --minutes
    #[arg(value_name = "WHAT", value_parser = Listed::new(|s: &str| Ok(s.to_string()), what_names), hide_possible_values = true)]
    pub what: Vec<String>,
    /// Sets (1–20), with --reps
    #[arg(long, value_name = "N", value_parser = domain::parse_sets, allow_negative_numbers = true)]
    pub sets: Option<u16>,
    /// Repetitions per set (1–200), with --sets
    #[arg(long, value_name = "N", value_parser = domain::parse_reps, allow_negative_numbers = true)]
    pub reps: Option<u16>,
    /// Minutes (1–600), instead of sets and reps
    #[arg(long, value_name = "N", value_parser = domain::parse_minutes, allow_negative_numbers = true)]
    pub minutes: Option<u16>,
    #[command(flatten)]
    pub around: AroundArgs,
    /// A note
    #[arg(long, value_name = "TEXT", value_parser = NoteParser, allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The item's id (see `footing history --items`)
    #[arg(value_parser = parse_id, allow_negative_numbers = true)]
    pub id: i64,
    /// The fields to change: the flags of `footing log` (an entry) or `footing session` (a session)
    #[arg(value_name = "FIELDS", trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
    pub fields: Vec<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Show the N days up to --to (or today) [default: 14]
    #[arg(long, value_name = "N", value_parser = parse_days, conflicts_with = "from", allow_negative_numbers = true)]
    pub days: Option<u32>,
    /// First day to show (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day to show (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// List the stored items with their ids instead of daily values
    #[arg(long)]
    pub items: bool,
}

#[derive(Debug, Default, Args)]
pub struct AsOfArgs {
    /// Pretend today is DATE (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ZonesArgs {
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// How many weeks to show (1–52)
    #[arg(long, value_name = "N", default_value = "4", value_parser = parse_weeks, allow_negative_numbers = true)]
    pub weeks: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format [default: csv when FILE ends in .csv, else json]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub out: OutArgs,
}

/// Where a command writes its file, and whether it may replace one (`export`, `report`).
#[derive(Debug, Args)]
pub struct OutArgs {
    /// Write to FILE (each command says its default)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub out: OutArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// The person's name on every page [default: the name of `footing profile`]
    #[arg(long, value_name = "TEXT", value_parser = domain::parse_note, allow_hyphen_values = true)]
    pub name: Option<String>,
    /// Open the written report in the default browser, when there is one
    #[arg(long)]
    pub open: bool,
    /// How many days the charts cover (14–3650)
    #[arg(long, value_name = "N", default_value = "84", value_parser = parse_report_days, allow_negative_numbers = true)]
    pub days: u32,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many days of program to generate (14–3650)
    #[arg(long, value_name = "N", default_value = "84", value_parser = parse_demo_days, allow_negative_numbers = true)]
    pub days: u32,
    /// Seed for the synthetic data: the same seed gives the same data
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: u64,
}

/// A clearer message, with the nearest valid form, for a usage mistake clap's own words leave
/// unhelpful: a misspelt command (`footing lgo`), a value without its flag (`footing log 3`).
/// `args` are the command-line arguments after the program name.
pub fn suggestion(e: &clap::Error, args: &[String]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use clap::CommandFactory;
    let value = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let word = value(ContextKind::InvalidSubcommand)?;
            let command = Cli::command();
            let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            let near = crate::suggest::nearest(&word, names.iter().copied());
            let hint = match near.as_slice() {
                [] => String::new(),
                [one] => format!("did you mean `footing {one}`? "),
                more => format!("did you mean one of {}? ", more.join(", ")),
            };
            Some(format!(
                "unrecognized command '{}': {hint}`footing --help` lists the commands",
                crate::render::printable(&word)
            ))
        }
        ErrorKind::UnknownArgument => {
            let word = value(ContextKind::InvalidArg)?;
            if word.starts_with('-') || !args.iter().any(|a| a == "log") {
                return None;
            }
            let meant = crate::suggest::log_value(&word)?;
            Some(format!(
                "unexpected value '{}' for `footing log`: every measure is given with its flag; did you mean `{meant}`?",
                crate::render::printable(&word)
            ))
        }
        _ => None,
    }
}

/// A value parser that also lists the valid names, so that shell completions offer them
/// (exercise ids, zones, flag names); parsing and its messages stay those of `parse`.
#[derive(Clone, Copy)]
pub struct Listed<T> {
    parse: fn(&str) -> Result<T, String>,
    names: fn() -> Vec<&'static str>,
}

impl<T> Listed<T> {
    fn new(parse: fn(&str) -> Result<T, String>, names: fn() -> Vec<&'static str>) -> Listed<T> {
        Listed { parse, names }
    }
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Listed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new((self.names)().into_iter().map(clap::builder::PossibleValue::new)))
    }
}

fn zone_names() -> Vec<&'static str> {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let sides = ["left", "right", "both"];
        let zones = sides.iter().flat_map(|s| domain::Region::ALL.iter().map(move |r| format!("{s}-{r}")));
        std::iter::once("none".to_string()).chain(zones).collect()
    });
    names.iter().map(String::as_str).collect()
}

fn flag_names() -> Vec<&'static str> {
    Flag::ALL.iter().map(|f| f.as_str()).collect()
}

fn kind_names() -> Vec<&'static str> {
    Kind::ALL.iter().map(|k| k.as_str()).collect()
}

fn exercise_names() -> Vec<&'static str> {
    catalogue::CATALOGUE.iter().map(|e| e.id).collect()
}

fn what_names() -> Vec<&'static str> {
    kind_names().into_iter().chain(exercise_names()).collect()
}

/// An item id as `log` and `history --items` show it: `12` or `#12`.
fn parse_id(s: &str) -> Result<i64, String> {
    let t = s.trim();
    domain::parse_whole(t.strip_prefix('#').unwrap_or(t), 1, u32::MAX)
        .map(i64::from)
        .map_err(|_| "expected an item id, a whole number as `footing history --items` shows".to_string())
}

fn parse_seed(s: &str) -> Result<u64, String> {
    let t = s.trim();
    match t.parse::<u64>() {
        Ok(n) if t.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!("expected a whole number from 0 to {}", u64::MAX)),
    }
}

fn parse_exercise(s: &str) -> Result<&'static Exercise, String> {
    catalogue::find(s)
}

fn parse_days(s: &str) -> Result<u32, String> {
    domain::parse_whole(s, 1, 36_500)
}

fn parse_weeks(s: &str) -> Result<u32, String> {
    domain::parse_whole(s, 1, 52)
}

fn parse_report_days(s: &str) -> Result<u32, String> {
    domain::parse_whole(s, 14, 3650)
}

fn parse_demo_days(s: &str) -> Result<u32, String> {
    domain::parse_whole(s, 14, 3650)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn an_id_may_be_written_as_history_shows_it() {
        assert_eq!(parse_id("12"), Ok(12));
        assert_eq!(parse_id("#12"), Ok(12));
        for bad in ["", "#", "0", "#-1", "##12", "12#", "x"] {
            assert!(parse_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}

/// `--note TEXT`: [`domain::parse_note`], with a refusal that names the flag and the rule
/// but never repeats the text (a note of a million characters is not printed back).
#[derive(Clone)]
pub struct NoteParser;

impl clap::builder::TypedValueParser for NoteParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let flag = arg.and_then(|a| a.get_long()).map_or("--note".to_string(), |l| format!("--{l}"));
        let text = value.to_str().ok_or_else(|| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidUtf8,
                format!("invalid value for {flag}: not UTF-8\n"),
            )
            .with_cmd(cmd)
        })?;
        domain::parse_note(text).map_err(|why| {
            let shown = if text.chars().count() > 60 {
                String::new()
            } else {
                format!(" '{}'", crate::render::printable(text))
            };
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("invalid value{shown} for {flag}: {why}\n"),
            )
            .with_cmd(cmd)
        })
    }
}
