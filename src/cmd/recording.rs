//! What the recording commands share (`log`, `session`, `done`, `edit`, `checkin`): reading a
//! session's words, pain around sessions, storing an entry, printing what was stored. Not a
//! command: commands import this, never each other.

use anyhow::Result;
use chrono::{Days, NaiveDate, NaiveDateTime};

use super::{print_json, print_text, Ctx};
use crate::advice::logging_warnings;
use crate::cli::SessionArgs;
use crate::domain::{
    describe, format_at, nearest_kind, parse_exercise_dose, parse_kind, Body, Done, Dose, Entry, Item, Kind,
    NewItem, Numb, Pain, Session, Volume, Work,
};
use crate::error::InputError;
use crate::program::catalogue::{self, Exercise};
use crate::program::dose::find;
use crate::record::ItemJson;
use crate::render::term;
use crate::store::{Access, Store};

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

/// The items of one recording, with the label each is printed with: pain just before the
/// sessions and pain just after them are entries of their own, at the same minute, ordered by
/// logging (`session` and `done` share this).
pub fn with_pain_around(
    at: NaiveDateTime,
    before: Option<Pain>,
    after: Option<Pain>,
    sessions: Vec<Session>,
) -> (Vec<&'static str>, Vec<NewItem>) {
    let one = sessions.len() == 1;
    let pain = |p: Pain| NewItem { at, body: Body::Entry(Entry::pain(p)) };
    let before =
        before.map(|p| (if one { "before the session: " } else { "before the sessions: " }, pain(p)));
    let after = after.map(|p| (if one { "after the session: " } else { "after the sessions: " }, pain(p)));
    let sessions = sessions.into_iter().map(|s| ("", NewItem { at, body: Body::Session(s) }));
    before.into_iter().chain(sessions).chain(after).unzip()
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

/// Joins repeated `--numb` values; `none` must stand alone.
pub fn merge_numb(lists: Vec<Numb>) -> Result<Option<Numb>, InputError> {
    if lists.len() > 1 && lists.iter().any(Numb::is_empty) {
        return Err(InputError::value(
            "--numb",
            "none",
            "`none` means no numbness and cannot be combined with zones",
        ));
    }
    Ok(lists.into_iter().reduce(|mut a, b| {
        a.extend(b);
        a
    }))
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

#[cfg(test)]
mod pain_around_tests {
    use super::*;

    fn strength() -> Session {
        Session {
            kind: Kind::Strength,
            work: Work::Volume(Volume::SetsReps { sets: 2, reps: 10 }),
            rpe: None,
            note: None,
        }
    }

    #[test]
    fn pain_before_and_after_wrap_the_sessions_in_logging_order() {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let (labels, items) = with_pain_around(at, Some(2), Some(4), vec![strength()]);
        assert_eq!(labels, ["before the session: ", "", "after the session: "]);
        let pains: Vec<Option<u8>> =
            items.iter().map(|i| if let Body::Entry(e) = &i.body { e.pain } else { None }).collect();
        assert_eq!(pains, [Some(2), None, Some(4)]);
        assert!(items.iter().all(|i| i.at == at));
        let (labels, items) = with_pain_around(at, None, Some(3), vec![strength(), strength()]);
        assert_eq!(labels, ["", "", "after the sessions: "]);
        assert_eq!(items.len(), 3);
    }
}
