//! `footing plan [--as-of DATE]`: today's session (§9.4). With no database: the starter
//! program at its starting doses, verdict `no-data`.

use anyhow::Result;
use chrono::NaiveDate;

use super::{print_json, print_text, Ctx};
use crate::advice::{advise, Advice, Limit, Next};
use crate::cli::AsOfArgs;
use crate::domain::{Item, Kind};
use crate::program::dose::{exercise_doses, with_exercises, ExerciseNext};
use crate::program::pause::weight_bearing_pause;
use crate::program::plan::{build, status_word, strength_earliest, Advised, Plan, STRENGTH_DONE};
use crate::program::Program;
use crate::render::{fit, table, words};
use crate::store::{Access, Store};

/// The advice for T and each exercise's dose for T (§9.6). Once the person has recorded a
/// session of named exercises or changed the program, the advice's `next` holds each
/// exercise's element too.
pub(super) fn todays_doses(
    store: &Store,
    program: &Program,
    t: NaiveDate,
) -> Result<(Advice, Vec<ExerciseNext>)> {
    let today = advice_and_doses(store, program, t)?;
    Ok((today.advice, today.doses))
}

/// The advice and the doses for T, with the items the advice was worked out from.
struct Today {
    advice: Advice,
    doses: Vec<ExerciseNext>,
    items: Vec<Item>,
}

fn advice_and_doses(store: &Store, program: &Program, t: NaiveDate) -> Result<Today> {
    let items = store.advice_items(t)?;
    let mut advice = advise(&items, t);
    let sessions = store.exercise_items(t, program)?;
    let doses = exercise_doses(program, &sessions, t, &|kind, latest| advice.decision(kind, latest));
    if !program.starter || !sessions.is_empty() {
        let strength_day = items
            .iter()
            .filter(|i| i.date() <= t && i.session().is_some_and(|s| s.kind == Kind::Strength))
            .map(Item::date)
            .max();
        with_exercises(&mut advice, &doses, strength_day);
    }
    Ok(Today { advice, doses, items })
}

/// The plan for T from what is stored.
pub(super) fn plan_for(store: &Store, t: NaiveDate) -> Result<Plan> {
    Ok(plan_and_advice(store, t)?.0)
}

/// The plan for T and the advice it was built from (with each exercise's element, as
/// `advise` shows it), so `today` words the advice exactly as `advise` and `plan` do.
pub(super) fn plan_and_advice(store: &Store, t: NaiveDate) -> Result<(Plan, Advice)> {
    let program = store.program()?;
    let Today { advice, doses, items } = advice_and_doses(store, &program, t)?;
    let walk = advice.next.iter().find_map(|n| match n {
        Next::Walk(w) => w.next.map(|p| (p.minutes, p.minutes_max)),
        Next::Session(_) | Next::Exercise(_) => None,
    });
    let advised = Advised {
        as_of: t,
        verdict: advice.verdict,
        headline: words::headline(&advice),
        red_flags: advice.red_flags.clone(),
        walk,
        notes: advice.notes.clone(),
        pause: weight_bearing_pause(&advice),
        strength_earliest: strength_earliest(&items, t),
        feet_checked: items.iter().any(|i| i.date() == t && i.entry().is_some_and(|e| e.feet_ok)),
        done_today: items
            .iter()
            .filter(|i| i.date() == t)
            .filter_map(|i| i.session().map(|s| s.kind))
            .collect(),
    };
    Ok((build(&program, &doses, &advised), advice))
}

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let t = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let (plan, advice) = plan_and_advice(&store, t)?;
    if ctx.json {
        return print_json(&plan);
    }
    print_text(&human(&plan, &advice.limits))?;
    Ok(())
}

/// The plan in words; `limits` (what holds progress back, §6.2) follow the headline as in
/// `advise`, so a "keep the same volume" after a calm day says why.
pub fn human(plan: &Plan, limits: &[Limit]) -> String {
    let mut s = format!("Plan for {}\n{}\n", plan.as_of, plan.headline);
    for l in limits {
        s.push_str(&words::limit(l));
        s.push('\n');
    }
    for f in &plan.red_flags {
        s.push_str(&format!(
            "Red flag: {}: pause progression and contact a clinician promptly.\n",
            f.describe()
        ));
    }
    if plan.kinds.is_empty() {
        s.push_str(
            "\nYour program has no exercises: `footing program add EXERCISE` adds one, \
             `footing program reset` goes back to the starter program.\n",
        );
    }
    for k in &plan.kinds {
        s.push('\n');
        if k.done_today {
            // Done: no table, so nothing reads as still to do. Strength says when it is next.
            match k.why.as_deref().map(|w| w.strip_prefix(STRENGTH_DONE).unwrap_or(w)) {
                None => s.push_str(&format!("{} — done today\n", k.kind)),
                Some(why) => {
                    let why = why.trim_start_matches("; ");
                    s.push_str(&format!("{} — done today; {why}\n", k.kind));
                }
            }
            continue;
        }
        match &k.why {
            None => s.push_str(&format!("{} — due today\n", k.kind)),
            Some(why) => s.push_str(&format!("{} — not today: {why}\n", k.kind)),
        }
        // A kind not due today shows the dose it would have today, not a dose to do today.
        let mut t = table(["exercise", if k.due { "today" } else { "dose" }, "status", "each side", "how"]);
        for e in &k.exercises {
            let mut how = e.cue.to_string();
            if let Some(next) = e.next_step {
                how.push_str(&format!("; top of the range: next, {next}"));
            }
            t.add_row([
                e.exercise.to_string(),
                e.dose.map_or_else(|| "–".to_string(), |d| d.human()),
                status_word(e.status).to_string(),
                if e.each_side { "yes" } else { "" }.to_string(),
                how,
            ]);
        }
        fit(&mut t);
        s.push_str(&format!("{t}\n"));
    }
    s.push('\n');
    match plan.walk {
        Some(w) if w.minutes == w.minutes_max => {
            s.push_str(&format!("Walk: {} min in one comfortable bout.\n", w.minutes))
        }
        Some(w) => {
            s.push_str(&format!("Walk: {}–{} min in one comfortable bout.\n", w.minutes, w.minutes_max))
        }
        None => s.push_str("Walk: no target yet (log a walk with `footing log --walk MIN`).\n"),
    }
    for r in &plan.reminders {
        s.push_str(&format!("Reminder: {r}.\n"));
    }
    if plan.kinds.iter().any(|k| k.to_do()) {
        s.push_str("When it is done: `footing done` (or `footing done KIND`, `--skip EXERCISE`).\n");
    } else if plan.kinds.iter().any(|k| k.done_today) {
        s.push_str("Every exercise due today is recorded.\n");
    }
    s
}
