//! The one entry point from the store to the advice: the rows §6 and §9.6 need for T are
//! read, the advice (with each exercise's dose) is worked out, and today's plan is built
//! from it. Commands print an [`Assessment`]; none of them works anything out itself.

use anyhow::Result;
use chrono::{Days, NaiveDate};

use crate::advice::{self, Advice};
use crate::program::plan::{self, Advised, Plan};
use crate::program::Program;
use crate::render::words;
use crate::store::Store;

/// Everything a command may show about T.
pub struct Assessment {
    pub advice: Advice,
    pub plan: Plan,
    pub program: Program,
}

/// The rows the advice for T needs, from the store.
pub fn rows(store: &Store, t: NaiveDate, program: &Program) -> Result<Vec<crate::domain::Item>> {
    let mut items = store.advice_items(t)?;
    // The foot temperatures the foot-heat flag depends on come with the advice's items, and
    // the home tests of the fall-risk note (T−27 … T) are inside its window.
    items.extend(store.exercise_items(t, program, &items)?);
    Ok(items)
}

/// The assessment for T from what is stored.
pub fn assess(store: &Store, t: NaiveDate) -> Result<Assessment> {
    assess_with(store, t, store.program()?)
}

/// The assessment for T with `program` in place of the stored one (a change being made).
pub fn assess_with(store: &Store, t: NaiveDate, program: Program) -> Result<Assessment> {
    let items = rows(store, t, &program)?;
    // The advice asks of the program start only whether a day of its items, or a later one,
    // is in the program's first days: a start further back than that before the earliest item
    // (a day more for an item before 04:00, which counts for the day before) answers no as no
    // start does, and ten unbroken years need not be walked back through.
    let earliest = items.iter().map(|i| i.date()).min().unwrap_or(t).min(t);
    let floor =
        earliest.checked_sub_days(Days::new(advice::lookback::FIRST_DAYS + 1)).unwrap_or(NaiveDate::MIN);
    let program_start = store.program_start_from(t, floor)?;
    // What the plan needs of the items themselves, before the advice takes them.
    let feet_checked = items.iter().any(|i| i.date() == t && i.entry().is_some_and(|e| e.feet_ok));
    let done_today =
        items.iter().filter(|i| i.date() == t).filter_map(|i| i.session().map(|s| s.kind)).collect();
    let advice = advice::advise_owned(items, t, &program, program_start);
    let advised = Advised {
        as_of: t,
        verdict: advice.verdict,
        headline: words::headline(&advice),
        red_flags: advice.red_flags.clone(),
        walk: advice.walk().and_then(|w| w.next).map(|p| (p.minutes, p.minutes_max)),
        notes: advice.notes.clone(),
        pause: advice.pause,
        strength_earliest: advice.strength_done.then(|| advice.strength_earliest()).flatten(),
        feet_checked,
        done_today,
    };
    let plan = plan::build(&program, &advice.doses, &advised);
    Ok(Assessment { advice, plan, program })
}
