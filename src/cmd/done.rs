//! `footing done [KIND…] [--skip EXERCISE]…`: records today's plan (§9.4) as done, at the
//! doses of the date of `--at` (§9.3). Everything it records is one group: `undo` removes it
//! in one step.

use anyhow::Result;

use super::print_stored;
use super::Ctx;
use crate::cli::DoneArgs;
use crate::domain::with_pain_around;
use crate::domain::{Done, Kind, Session, Work};
use crate::error::InputError;
use crate::program::catalogue;
use crate::program::plan::KindPlan;
use crate::store::{Access, Store};

pub fn run(ctx: &Ctx, args: &DoneArgs) -> Result<()> {
    let at = ctx.at(args.around.at.as_deref())?;
    let day = at.date();
    let plan = {
        // As a writing command opens it: a damaged database is refused before the plan is
        // read from it; a missing one is not created yet.
        let store = Store::open(&ctx.db_path()?, Access::Change)?;
        crate::assess::assess(&store, day)?.plan
    };
    let on = if day == ctx.today() { "today".to_string() } else { format!("on {day}") };
    // The kinds to record: those named, each of which must be due, else every kind due.
    let chosen: Vec<&KindPlan> = if args.kinds.is_empty() {
        // A kind already recorded on that day is not recorded twice by a bare `done`.
        let due: Vec<&KindPlan> = plan.kinds.iter().filter(|k| k.to_do()).collect();
        let again = plan.kinds.iter().find(|k| k.due && k.done_today);
        if let (true, Some(again)) = (due.is_empty(), again) {
            let recorded: Vec<&str> =
                plan.kinds.iter().filter(|k| k.done_today).map(|k| k.kind.as_str()).collect();
            return Err(InputError(format!(
                "everything due {on} is already recorded ({}); to record a kind again, name it, \
                 like footing done {}",
                recorded.join(", "),
                again.kind
            ))
            .into());
        }
        if due.is_empty() {
            let why: Vec<String> = plan
                .kinds
                .iter()
                .filter_map(|k| k.why.as_ref().map(|w| format!("{}: {w}", k.kind)))
                .collect();
            let why =
                if why.is_empty() { "your program has no exercises".to_string() } else { why.join("; ") };
            return Err(InputError(format!("nothing in your plan is due {on}: {why}")).into());
        }
        due
    } else {
        let mut chosen = Vec::new();
        for &kind in &args.kinds {
            let Some(k) = plan.kind(kind) else {
                return Err(InputError::value(
                    "KIND",
                    kind.as_str(),
                    format!(
                        "your program has no {kind} exercises; `footing program add EXERCISE` adds one, \
                         `footing session` records any exercise"
                    ),
                )
                .into());
            };
            if !k.due {
                return Err(InputError::value(
                    "KIND",
                    kind.as_str(),
                    format!(
                        "{kind} is not due {on}: {}; `footing session` can still record it",
                        k.why.as_deref().unwrap_or("")
                    ),
                )
                .into());
            }
            if !chosen.iter().any(|c: &&KindPlan| c.kind == kind) {
                if k.done_today {
                    eprintln!("note: {kind} was already recorded {on}; recording it again as you asked");
                }
                chosen.push(k);
            }
        }
        // In the plan's order: mobility, strength, balance.
        chosen.sort_by_key(|k| plan.kinds.iter().position(|p| p.kind == k.kind));
        chosen
    };
    for skip in &args.skip {
        if !chosen.iter().any(|k| k.exercises.iter().any(|e| e.exercise == skip.id)) {
            let kinds: Vec<&str> = chosen.iter().map(|k| k.kind.as_str()).collect();
            return Err(InputError::value(
                "--skip",
                skip.id,
                format!(
                    "it is not in the plan being recorded ({}); `footing plan` shows it",
                    kinds.join(", ")
                ),
            )
            .into());
        }
    }
    let sessions: Vec<(Kind, Vec<Done>)> = chosen
        .iter()
        .map(|k| {
            let done = k
                .exercises
                .iter()
                .filter(|e| !args.skip.iter().any(|s| s.id == e.exercise))
                .filter_map(|e| {
                    let exercise = catalogue::get(e.exercise)?;
                    e.dose.map(|dose| Done { exercise, dose })
                })
                .collect();
            (k.kind, done)
        })
        .filter(|(_, done): &(Kind, Vec<Done>)| !done.is_empty())
        .collect();
    if sessions.is_empty() {
        return Err(InputError::value(
            "--skip",
            &args.skip.iter().map(|s| s.id).collect::<Vec<_>>().join(", "),
            "that leaves nothing to record",
        )
        .into());
    }
    // `--rpe` rates the strength session; without one it rates only the kinds named (§9.3).
    let has_strength = sessions.iter().any(|(k, _)| *k == Kind::Strength);
    if let (Some(rpe), false, true) = (args.around.rpe, has_strength, args.kinds.is_empty()) {
        return Err(InputError::value(
            "--rpe",
            &rpe.to_string(),
            "it rates the strength session, and none is recorded here; name the kind it rates, \
             like `footing done balance --rpe 6`",
        )
        .into());
    }
    let sessions = sessions
        .into_iter()
        .map(|(kind, done)| {
            let rpe = if kind == Kind::Strength || (!has_strength && args.kinds.contains(&kind)) {
                args.around.rpe
            } else {
                None
            };
            Session { kind, work: Work::Exercises(done), rpe, note: None }
        })
        .collect();
    let (labels, items) = with_pain_around(at, args.around.pain_before, args.around.pain_after, sessions);
    let mut store = ctx.open(Access::Write)?;
    let ids = store.insert_group(&items)?;
    let stored: Vec<crate::domain::Item> = ids
        .into_iter()
        .zip(items)
        .map(|(id, new)| crate::domain::Item { id, at: new.at, body: new.body })
        .collect();
    print_stored(ctx, &labels, &stored)
}
