//! `footing import FILE`: read a CSV or JSON export, all or nothing.
//!
//! The format is told by the content, not the name (see [`crate::formats`]). The file is read
//! twice, never held: the first pass checks every record with the rules of `log` and
//! `session` before the database is even opened, so a bad file changes nothing (and creates
//! no database); the second stores the items in one transaction.

use std::fs::File;
use std::io::{Seek, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::{out, print_json, Ctx};
use crate::formats;
use crate::store::Access;

#[derive(Serialize)]
struct Imported {
    imported: usize,
    skipped: usize,
}

fn items(n: usize) -> String {
    if n == 1 {
        "1 item".to_string()
    } else {
        format!("{n} items")
    }
}

/// Opens the file to import: a regular file, which can be read twice.
fn open(file: &Path) -> Result<File> {
    let reading = || format!("could not read {}", file.display());
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
    let mut f = open(file)?;
    // First pass: every record is checked before anything is opened for writing.
    let checked = formats::read_items(&f, ctx.now, |_, _| Ok(()))?;
    let counts = if checked.items == 0 {
        // Nothing to add: no need to open (or create) the database.
        Default::default()
    } else {
        let mut store = ctx.open(Access::Write)?;
        f.rewind().with_context(|| format!("could not read {}", file.display()))?;
        let counts = store.import(checked.in_order, |add| {
            let again = formats::read_items(&f, ctx.now, |_, item| add(item))?;
            anyhow::ensure!(
                again == checked,
                "{} changed while it was being imported; nothing was imported",
                file.display()
            );
            Ok(())
        })?;
        counts
    };
    if ctx.json {
        print_json(&Imported { imported: counts.imported, skipped: counts.skipped })
    } else {
        writeln!(out(), "imported {}, skipped {} already stored", items(counts.imported), counts.skipped)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Body, Entry, Flag, Item, Kind, NewItem, Session, Stance, Volume, Zone};
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
            subsequence(Flag::ALL.to_vec(), 0..3),
            note(),
        )
            .prop_map(|(pain, numb, (left, right), (heel_raises, walk), flags, note)| {
                Body::Entry(Entry {
                    pain,
                    numb: numb.map(|z| z.into_iter().collect()),
                    stance_left: left.and_then(Stance::from_tenths),
                    stance_right: right.and_then(Stance::from_tenths),
                    heel_raises,
                    walk,
                    flags: flags.into_iter().collect(),
                    note,
                })
            })
            .prop_filter("an entry holds something", |b| matches!(b, Body::Entry(e) if !e.is_empty()));
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
                Body::Session(Session { kind: kind[0], volume, rpe, note })
            });
        prop_oneof![entry, session]
    }

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap()
    }

    /// Reads an export back and checks every record, as `import` does.
    fn read_back(bytes: &[u8]) -> Vec<NewItem> {
        let now = start() + Duration::days(400);
        let mut items = Vec::new();
        formats::read_items(bytes, now, |_, item| {
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
            prop_assert_eq!(&read_back(&super::super::export::json(&items).unwrap()), &expected);
        }
    }
}
