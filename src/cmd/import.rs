//! `footing import FILE`: read a CSV or JSON export, all or nothing.
//!
//! The format is told by the content, not the name (see [`crate::formats`]). The file is read
//! once, never held: every record is checked with the rules of `log` and `session` and kept
//! in a [`Spool`] (a temporary file) before the database is even opened, so a bad file
//! changes nothing (and creates no database); then the spooled items are stored in one
//! transaction.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::formats;
use crate::program::Program;
use crate::store::transfer::{ImportCounts, Spool};
use crate::store::{Access, ProgramImport};

#[derive(Serialize)]
struct Imported {
    imported: usize,
    skipped: usize,
    /// What was done with the file's program: `replaced`, `same` or `kept`; null when the
    /// file has none.
    program: Option<&'static str>,
}

fn items(n: usize) -> String {
    if n == 1 {
        "1 item".to_string()
    } else {
        format!("{n} items")
    }
}

/// Opens the file to import: a regular file, which can be read again (to find the line of a
/// bad JSON item).
fn open(file: &Path) -> Result<File> {
    let reading = || format!("could not read {}", file.display());
    // Before it is opened: opening a FIFO would wait for a writer that may never come.
    crate::store::regular_or_missing(file, "an import")?;
    let f = File::open(file).with_context(reading)?;
    if !f.metadata().with_context(reading)?.is_file() {
        anyhow::bail!(
            "could not import {}: it is not a regular file (import reads a file written by `footing export`)",
            file.display()
        );
    }
    Ok(f)
}

pub fn run(ctx: &Ctx, file: &Path) -> Result<()> {
    let (counts, program, profile) = import(ctx, file)?;
    let outcome = program.as_ref().map(|(_, outcome)| match outcome {
        ProgramImport::Replaced => "replaced",
        ProgramImport::Same => "same",
        _ => "kept",
    });
    if ctx.json {
        return print_json(&Imported {
            imported: counts.imported,
            skipped: counts.skipped,
            program: outcome,
        });
    }
    writeln!(out(), "imported {}, skipped {} already stored", items(counts.imported), counts.skipped)?;
    if let Some((p, outcome)) = &program {
        let shown = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
        let kept = "kept your program, which differs from the file's";
        match outcome {
            ProgramImport::Replaced => {
                let n = p.exercises.len();
                writeln!(
                    out(),
                    "your program was replaced by the file's ({n} exercise{})",
                    if n == 1 { "" } else { "s" }
                )?
            }
            ProgramImport::Same => {}
            ProgramImport::KeptNewer { file, ours } => writeln!(
                out(),
                "{kept}: yours was changed on {}, the file's on {} (not later)",
                shown(ours),
                shown(file)
            )?,
            ProgramImport::KeptUndated => writeln!(
                out(),
                "{kept}: the file does not say when its program was changed (an export of an older footing)"
            )?,
            ProgramImport::KeptUnknown => writeln!(
                out(),
                "{kept}: when yours was changed is not known, so the file's is not taken as newer"
            )?,
        }
    }
    if profile {
        writeln!(out(), "your profile was set to the file's (footing profile shows it)")?;
    }
    Ok(())
}

/// What an import did: the items added and skipped, the file's program (when it has one)
/// and what was done with it, and whether the file's profile was set.
type Outcome = (ImportCounts, Option<(Program, ProgramImport)>, bool);

/// Imports `file` into the database of `ctx`: all of it, or nothing. Returns what was added,
/// when the file has a program, that program and what was done with it, and whether the
/// file's profile was set.
fn import(ctx: &Ctx, file: &Path) -> Result<Outcome> {
    let f = open(file)?;
    // The one pass over the file: every record is checked, and kept in the spool, before
    // anything is opened for writing.
    let mut spool = Spool::new()?;
    let checked = formats::read_items(&f, ctx.now, |_, item| spool.push(&item))?;
    if checked.items == 0 && checked.program.is_none() && checked.profile.is_none() {
        // Nothing to add: no need to open (or create) the database.
        return Ok((ImportCounts::default(), None, false));
    }
    let mut store = ctx.open(Access::Write)?;
    // The program with the items, in one transaction.
    let file_program = checked.program.as_ref().map(|p| (p, checked.program_changed_at));
    let (counts, outcome) = store.import_spool(checked.in_order, spool, file_program)?;
    // The file's profile, when it has one and it differs (checked with the file above).
    let mut set = false;
    if let Some(profile) = checked.profile.filter(|p| !p.is_empty()) {
        if store.profile()? != profile {
            store.set_profile_of_import(&profile)?;
            set = true;
        }
    }
    Ok((counts, checked.program.zip(outcome), set))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dose::Form;
    use crate::domain::{
        Body, Done, Dose, Entry, Flag, Item, Kind, NewItem, Session, Stance, Volume, Work, Zone,
    };
    use chrono::{Duration, NaiveDate, NaiveDateTime};
    use proptest::prelude::*;
    use proptest::sample::subsequence;

    fn note() -> impl Strategy<Value = Option<String>> {
        let ch = prop_oneof![
            Just(','),
            Just('"'),
            Just(';'),
            Just('\n'),
            Just('\r'),
            Just(' '),
            Just('\u{feff}'),
            Just('🦶'),
            Just('='),
            Just('\''),
            Just('-'),
            Just('\u{1b}'),
            any::<char>()
        ];
        proptest::option::of(
            proptest::collection::vec(ch, 1..12)
                .prop_map(|c| c.into_iter().collect::<String>())
                .prop_filter("a note says something", |n| !n.trim().is_empty()),
        )
    }

    fn body() -> impl Strategy<Value = Body> {
        use proptest::option::of;
        let entry = (
            of(0u8..=10),
            of(subsequence(Zone::all().collect::<Vec<_>>(), 0..4)),
            (of(0u16..=3000), of(0u16..=3000)),
            (of(0u16..=200), of(1u16..=1440)),
            (subsequence(Flag::ALL.to_vec(), 0..3), any::<bool>()),
            note(),
        )
            .prop_map(|(pain, numb, (left, right), (heel_raises, walk), (flags, feet_ok), note)| {
                Body::Entry(Entry {
                    pain,
                    numb: numb.map(|z| z.into_iter().collect()),
                    stance_left: left.and_then(Stance::from_tenths),
                    stance_right: right.and_then(Stance::from_tenths),
                    heel_raises,
                    walk,
                    flags: flags.into_iter().collect(),
                    note,
                    feet_ok,
                })
            })
            .prop_filter("an entry holds something", |b| matches!(b, Body::Entry(e) if !e.is_empty()))
            .prop_filter(
                "a skin flag contradicts --feet-ok",
                |b| matches!(b, Body::Entry(e) if crate::domain::skin_flag_with_feet_ok(e).is_none()),
            );
        let volume = prop_oneof![
            (1u16..=20, 1u16..=200).prop_map(|(sets, reps)| Volume::SetsReps { sets, reps }),
            (1u16..=600).prop_map(Volume::Minutes),
        ];
        let session = (
            subsequence(vec![Kind::Strength, Kind::Balance, Kind::Mobility], 1),
            volume,
            of(0u8..=10),
            note(),
        )
            .prop_map(|(kind, volume, rpe, note)| {
                Body::Session(Session { kind: kind[0], work: Work::Volume(volume), rpe, note })
            });
        // A session of named exercises of one kind, each with a dose of its range's form.
        let named = (
            subsequence(crate::program::catalogue::CATALOGUE.iter().collect::<Vec<_>>(), 1..4),
            1u16..=20,
            1u16..=200,
            of(0u8..=10),
        )
            .prop_map(|(exercises, sets, n, rpe)| {
                let kind = exercises[0].kind;
                let done = exercises
                    .into_iter()
                    .filter(|e| e.kind == kind)
                    .map(|e| {
                        let dose = match e.range.form() {
                            Form::Reps => Dose::Reps { sets, reps: n },
                            Form::Seconds => Dose::Seconds { sets, seconds: n },
                            Form::Minutes => Dose::Minutes(n),
                        };
                        Done { exercise: e, dose }
                    })
                    .collect();
                Body::Session(Session { kind, work: Work::Exercises(done), rpe, note: None })
            });
        // Home tests and temperatures (§11): every test with values in its range, every site.
        let test = (0usize..4, proptest::collection::vec(0u16..=100, 1..=4), 30u16..=1200, note()).prop_map(
            |(which, stages, tug, note)| {
                use crate::domain::home::{Tenths, TestResult};
                let mut held: Vec<Tenths> = stages.into_iter().map(Tenths).collect();
                let n = held.len();
                held[..n - 1].iter_mut().for_each(|t| *t = Tenths(100));
                let result = match which {
                    0 => TestResult::ChairStand((tug % 61) as u8),
                    1 => TestResult::FourStage(held),
                    2 => TestResult::Tug(Tenths(tug)),
                    _ => TestResult::HeelRaise { left: (tug % 151) as u8, right: (tug / 8) as u8 },
                };
                Body::Test(crate::domain::TestItem { result, note })
            },
        );
        let temp =
            (subsequence(crate::domain::Site::ALL.to_vec(), 1..=6), 150u16..=420, 150u16..=420, note())
                .prop_map(|(sites, l, r, note)| {
                    use crate::domain::home::{SiteTemp, Tenths};
                    let temps = sites
                        .into_iter()
                        .map(|site| SiteTemp { site, left: Tenths(l), right: Tenths(r) })
                        .collect();
                    Body::Temp(crate::domain::TempItem { temps, note })
                });
        prop_oneof![entry, session, named, test, temp]
    }

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap()
    }

    /// Reads an export back and checks every record, as `import` does.
    fn read_back(bytes: &[u8]) -> Vec<NewItem> {
        let now = start() + Duration::days(400);
        let mut items = Vec::new();
        formats::read_items(std::io::Cursor::new(bytes), now, |_, item| {
            items.push(item);
            Ok(())
        })
        .unwrap();
        items
    }

    proptest! {
        #[test]
        fn export_then_import_is_lossless(list in proptest::collection::vec((0i64..500_000, body()), 0..8)) {
            let items: Vec<Item> = list
                .into_iter()
                .enumerate()
                .map(|(i, (m, body))| Item { id: i as i64 + 1, at: start() + Duration::minutes(m), body })
                .collect();
            let expected: Vec<NewItem> = items.iter().map(|i| NewItem { at: i.at, body: i.body.clone() }).collect();
            prop_assert_eq!(&read_back(&super::super::export::csv(&items).unwrap()), &expected);
            prop_assert_eq!(&read_back(&super::super::export::json(&items, &crate::program::Program::starter()).unwrap()), &expected);
        }
    }

    /// How an export is damaged before it is imported.
    #[derive(Clone, Debug)]
    enum Mutation {
        /// XOR the byte at this share of the file with a value.
        Flip(f64, u8),
        /// Keep this share of the file.
        Cut(f64),
        /// Add `,x` at the end of the line at this share of the lines.
        ExtraColumn(f64),
        /// Remove the last field of the line at this share of the lines.
        MissingColumn(f64),
        /// Insert these bytes at this share of the file.
        Insert(f64, Vec<u8>),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (0.0..1.0f64, 1u8..=255).prop_map(|(at, x)| Mutation::Flip(at, x)),
            (0.0..1.0f64).prop_map(Mutation::Cut),
            (0.0..1.0f64).prop_map(Mutation::ExtraColumn),
            (0.0..1.0f64).prop_map(Mutation::MissingColumn),
            (0.0..1.0f64, proptest::collection::vec(any::<u8>(), 1..6))
                .prop_map(|(at, b)| Mutation::Insert(at, b)),
        ]
    }

    fn mutate(bytes: &[u8], m: &Mutation) -> Vec<u8> {
        let at = |share: f64, len: usize| ((share * len as f64) as usize).min(len.saturating_sub(1));
        let mut out = bytes.to_vec();
        let on_line = |out: &mut Vec<u8>, share: f64, edit: &dyn Fn(&mut Vec<u8>)| {
            let mut lines: Vec<Vec<u8>> = out.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let i = at(share, lines.len());
            edit(&mut lines[i]);
            *out = lines.join(&b'\n');
        };
        match m {
            Mutation::Flip(share, x) if !out.is_empty() => {
                let i = at(*share, out.len());
                out[i] ^= x;
            }
            Mutation::Flip(..) => {}
            Mutation::Cut(share) => out.truncate(at(*share, out.len())),
            Mutation::ExtraColumn(share) => on_line(&mut out, *share, &|l| {
                let end = if l.ends_with(b"\r") { l.len() - 1 } else { l.len() };
                l.splice(end..end, *b",x");
            }),
            Mutation::MissingColumn(share) => on_line(&mut out, *share, &|l| {
                if let Some(comma) = l.iter().rposition(|&b| b == b',') {
                    l.truncate(comma);
                }
            }),
            Mutation::Insert(share, b) => {
                let i = at(*share, out.len() + 1);
                out.splice(i..i, b.iter().copied());
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A damaged export never panics, and when import refuses it the database is
        /// byte-for-byte what it was.
        #[test]
        fn a_mutated_export_never_panics_and_a_refused_one_changes_nothing(
            list in proptest::collection::vec((0i64..500_000, body()), 1..6),
            stored in 0usize..3,
            json in any::<bool>(),
            mutations in proptest::collection::vec(mutation(), 1..3),
        ) {
            let items: Vec<Item> = list
                .into_iter()
                .enumerate()
                .map(|(i, (m, body))| Item { id: i as i64 + 1, at: start() + Duration::minutes(m), body })
                .collect();
            let export = if json { super::super::export::json(&items, &crate::program::Program::starter()) } else { super::super::export::csv(&items) }.unwrap();
            let file_bytes = mutations.iter().fold(export, |b, m| mutate(&b, m));
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("f.db");
            {
                let mut store = crate::store::Store::open(&db, Access::Write).unwrap();
                let some: Vec<NewItem> = items.iter().take(stored).map(|i| NewItem { at: i.at, body: i.body.clone() }).collect();
                store.insert(&some).unwrap();
            }
            let before = std::fs::read(&db).unwrap();
            let file = dir.path().join("e.export");
            std::fs::write(&file, &file_bytes).unwrap();
            let ctx = Ctx { db_flag: Some(db.clone()), json: true, now: start() + Duration::days(400), last: false };
            match import(&ctx, &file).map(|(counts, ..)| counts) {
                Ok(counts) => {
                    prop_assert!(counts.imported + counts.skipped > 0 || file_bytes.len() < 200);
                    // Import stores without SQLite's CHECK constraints: every row must meet them.
                    let store = crate::store::Store::open(&db, Access::Read).unwrap();
                    prop_assert_eq!(store.integrity_problems(5).unwrap(), Vec::<String>::new());
                }
                Err(e) => {
                    prop_assert!(!crate::error::message(&e).is_empty());
                    prop_assert_eq!(std::fs::read(&db).unwrap(), before);
                    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
                    prop_assert_eq!(names.len(), 2, "only the database and the file: {:?}", names);
                }
            }
        }
    }
}
