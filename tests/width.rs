//! Every command's human output fits the width (COLUMNS) without splitting a word, a date or
//! a number (§10).
//!
//! Each command runs on a demo database with a hand-logged day of extreme values on top, at
//! widths 60, 80 and 120 and at a width so large that nothing wraps. Then:
//! - no line is wider than the width;
//! - every word of the narrow output is a word of the unwrapped output: a word split over two
//!   lines (`numbn` / `ess`, `2026-11-` / `20`) would be a new word;
//! - every date of the command's JSON output appears whole in the text.

mod common;

use std::collections::BTreeSet;

use common::{Env, WIDE};
use serde_json::Value;

const WIDTHS: [u16; 3] = [60, 80, 120];

/// The characters tables draw with: they separate words as spaces do.
fn is_border(c: char) -> bool {
    c.is_whitespace() || ('\u{2500}'..='\u{257f}').contains(&c)
}

fn words(text: &str) -> BTreeSet<&str> {
    text.split(is_border).filter(|w| !w.is_empty()).collect()
}

/// Every `YYYY-MM-DD` at the start of a string anywhere in `v`.
fn dates(v: &Value, into: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            let b = s.as_bytes();
            let digits =
                |r: std::ops::Range<usize>| r.into_iter().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
            if b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)
            {
                into.insert(s[..10].to_string());
            }
        }
        Value::Array(a) => a.iter().for_each(|x| dates(x, into)),
        Value::Object(o) => o.values().for_each(|x| dates(x, into)),
        _ => {}
    }
}

/// Which dates of a command's JSON its human text shows.
enum Dates<'a> {
    /// Every one.
    All,
    /// Those at these JSON pointers.
    At(&'a [&'a str]),
    /// None to look for.
    No,
}

/// Checks one command's output at every width against its unwrapped output and its JSON.
fn check(env: &Env, args: &[&str], shown: Dates) {
    let reference = env.clone().columns(WIDE).ok(args);
    let known = words(&reference);
    let mut wanted = BTreeSet::new();
    match shown {
        Dates::All => dates(&env.json(args), &mut wanted),
        Dates::At(pointers) => {
            let json = env.json(args);
            for p in pointers {
                dates(json.pointer(p).unwrap_or_else(|| panic!("no {p} in {json}")), &mut wanted);
            }
        }
        Dates::No => {}
    }
    if !matches!(shown, Dates::No) {
        assert!(!wanted.is_empty(), "footing {args:?} --json has no dates to look for");
    }
    for width in WIDTHS {
        let text = env.clone().columns(width).ok(args);
        assert!(!text.contains('\u{1b}'), "colour off a terminal in footing {args:?}:\n{text}");
        for line in text.lines() {
            let n = line.chars().count();
            assert!(n <= usize::from(width), "footing {args:?} at {width}: a line of {n}:\n{line}\n\n{text}");
        }
        for word in words(&text) {
            assert!(
                known.contains(word),
                "footing {args:?} at {width}: `{word}` is not a word of the unwrapped output (split?):\n{text}"
            );
        }
        let shown = words(&text);
        for date in &wanted {
            assert!(
                shown.iter().any(|w| w.trim_matches(|c: char| !c.is_ascii_digit()) == date),
                "footing {args:?} at {width}: the date {date} of the JSON is not whole in:\n{text}"
            );
        }
    }
}

/// A demo program, and today a day with every measure at a wide value, red flags and a long
/// note, plus a session.
fn demo_with_a_full_day() -> Env {
    let env = Env::new();
    env.ok(&["demo", "--days", "84"]);
    env.ok(&[
        "log",
        "--pain",
        "4",
        "--numb",
        "both-toes,both-ball,both-arch,left-heel,left-ankle,right-calf",
        "--stance-left",
        "112.5",
        "--stance-right",
        "9",
        "--heel-raises",
        "120",
        "--walk",
        "45",
        "--flag",
        "numbness-spread",
        "--flag",
        "night-pain",
        "--note",
        "calves sore after yesterday's strength work on the stairs; walked to the shop and back slowly",
    ]);
    env.ok(&[
        "session",
        "balance",
        "--minutes",
        "15",
        "--rpe",
        "3",
        "--note",
        "tandem stance by the kitchen counter",
    ]);
    env
}

#[test]
fn reading_commands_fit_every_width_without_splitting_words_dates_or_numbers() {
    let env = demo_with_a_full_day();
    check(&env, &["history"], Dates::All);
    check(&env, &["history", "--days", "40", "--items"], Dates::All);
    check(&env, &["trend"], Dates::All);
    // The JSON has dates the words leave out (the next-day reading's date).
    check(&env, &["advise"], Dates::At(&["/rule/day", "/red_flags", "/next"]));
    check(
        &env,
        &["zones", "--weeks", "12"],
        Dates::At(&["/weeks/0/from", "/weeks/5/from", "/weeks/11/from"]),
    );
    check(&env, &["today"], Dates::At(&["/date", "/red_flags"]));
    check(&env, &[], Dates::No);
    check(&env, &["plan"], Dates::At(&["/as_of", "/red_flags"]));
    check(&env, &["exercises"], Dates::No);
    check(&env, &["program"], Dates::No);
}

#[test]
fn what_log_and_session_print_fits_every_width() {
    for width in WIDTHS {
        let env = Env::new().columns(width);
        let text = env.ok(&[
            "log",
            "--at",
            "2025-03-01 08:00",
            "--numb",
            "both-toes,both-ball,both-arch,both-heel,both-top,both-ankle",
            "--flag",
            "numbness-spread",
            "--note",
            "a long note that goes on about the calves being sore after the stairs at 2025-02-28",
        ]);
        for line in text.lines() {
            assert!(line.chars().count() <= usize::from(width), "{width}:\n{text}");
        }
        for whole in
            ["2025-03-01", "08:00:", "left-ankle,", "right-ankle,", "numbness-spread,", "2025-02-28\""]
        {
            assert!(words(&text).contains(whole), "{whole} split at {width}:\n{text}");
        }
    }
}

#[test]
fn the_demo_fits_every_width() {
    let base = Env::new();
    let reference = base.with_db("wide.db").columns(WIDE).ok(&["demo", "--days", "60"]);
    let known = words(&reference);
    for width in WIDTHS {
        let env = base.with_db(&format!("demo-{width}.db")).columns(width);
        let text = env.ok(&["demo", "--days", "60"]);
        for line in text.lines() {
            assert!(line.chars().count() <= usize::from(width), "{width}:\n{text}");
        }
        for word in words(&text) {
            // The database path differs between runs.
            if !word.contains(".db") {
                assert!(known.contains(word), "`{word}` split at {width}:\n{text}");
            }
        }
    }
}

/// A day of the starter program done, as `footing done` records it.
fn a_day_done() -> Env {
    let env = Env::new();
    env.ok(&["done", "--at", "2025-03-01 10:00", "--pain-before", "2", "--pain-after", "3"]);
    env.ok(&["log", "--at", "2025-03-02 08:00", "--pain", "2"]);
    env
}

#[test]
fn an_exercise_row_keeps_its_indent_under_its_kind() {
    let env = a_day_done();
    // At 60 columns the six columns cannot all fit with the indent; 80 is the usual terminal.
    for width in [80, 120] {
        let text = env.clone().columns(width).ok(&["advise", "--as-of", "2025-03-02"]);
        for exercise in ["heel-raises", "tandem-stance", "single-leg-stance", "ankle-pumps"] {
            let row = text
                .lines()
                .find(|l| l.trim_start_matches(['│', ' ']).starts_with(exercise))
                .unwrap_or_else(|| panic!("no row for {exercise} at {width}:\n{text}"));
            let kind =
                text.lines().find(|l| l.trim_start_matches(['│', ' ']).starts_with("balance")).unwrap();
            let indent = |l: &str| l.trim_start_matches('│').len() - l.trim_start_matches(['│', ' ']).len();
            assert_eq!(indent(row), indent(kind) + 2, "{exercise} is not under its kind at {width}:\n{text}");
        }
    }
}

#[test]
fn a_dose_in_a_table_cell_stays_on_one_line() {
    let env = a_day_done();
    for width in WIDTHS {
        let text = env.clone().columns(width).ok(&[
            "history",
            "--items",
            "--from",
            "2025-03-01",
            "--to",
            "2025-03-02",
        ]);
        for line in text.lines() {
            let line = line.trim_matches(|c: char| is_border(c));
            assert!(!line.ends_with(" ×") && !line.starts_with("× "), "a dose split at {width}:\n{text}");
            assert!(
                !line.starts_with("s,") && !line.starts_with("s ") && line != "s",
                "a dose split at {width}:\n{text}"
            );
        }
        for dose in ["2 × 60 s", "2 × 10", "2 × 20 s", "3 × 10 s", "3 × 20 s"] {
            assert!(text.contains(dose), "{dose} not whole at {width}:\n{text}");
        }
    }
}

/// Error messages (ours and the command-line parser's) fit the width like everything else,
/// and never split a number range, a flag from its value name or a suggested command.
#[test]
fn error_messages_wrap_without_splitting_a_token() {
    let cases: [(&[&str], &[&str]); 6] = [
        (&["log", "--pain", "3.5"], &["'--pain <N>'", "0 to 10"]),
        (&["log", "--flag", "falls"], &["'--flag <FLAG>'", "fall?"]),
        (&["session", "strength", "2x10"], &["`footing session strength --sets 2 --reps 10`"]),
        (&["lgo"], &["`footing log`", "`footing --help`"]),
        (&["log", "3"], &["`footing log --pain 3`"]),
        (&["log", "--numb", "lft-toes"], &["left-toes?"]),
    ];
    for width in [60u16, 80] {
        let env = Env::new().columns(width).now("2031-04-10 07:30");
        for (args, tokens) in cases {
            let err = env.fails(2, args);
            for line in err.lines() {
                assert!(line.chars().count() <= width as usize, "{args:?} at {width}: {line:?}\n{err}");
            }
            for token in tokens {
                assert!(
                    err.lines().any(|l| l.contains(token)),
                    "{args:?} at {width}: {token:?} split in\n{err}"
                );
            }
        }
    }
}
