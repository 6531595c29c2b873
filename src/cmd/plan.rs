//! `footing plan [--as-of DATE]`: today's session (§9.4). With no database: the starter
//! program at its starting doses, verdict `no-data`.

use anyhow::Result;

use super::{print_json, print_text, Ctx};
use crate::advice::{Alarm, Limit, NOTE_SOLE};
use crate::cli::AsOfArgs;
use crate::program::plan::{status_word, Plan, CHECK_FEET, STRENGTH_DONE};
use crate::render::term::{paint, ALARM};
use crate::render::{fit, table, words};
use crate::store::Access;
use chrono::NaiveDate;

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let t = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let crate::assess::Assessment { plan, advice, .. } = crate::assess::assess(&store, t)?;
    ctx.done_with(store);
    if ctx.json {
        return print_json(&plan);
    }
    let mut text = human(&plan, &advice.limits, advice.pause);
    if let Some(total) = advice.walk().and_then(words::walk_total) {
        text = text.replacen(" in one comfortable bout.\n", &format!("{}\n", &total[5..]), 1);
    }
    print_text(&text)?;
    Ok(())
}

/// The plan in words; `limits` (what holds progress back, §6.2) follow the headline as in
/// `advise`, so a "keep the same volume" after a calm day says why. `pause`: the red flag
/// that pauses weight-bearing work, walking included, with its day; the walk line names it
/// instead of asking for a walk.
pub fn human(plan: &Plan, limits: &[Limit], pause: Option<(Alarm, NaiveDate)>) -> String {
    let mut s = format!("Plan for {}\n{}\n", plan.as_of, plan.headline);
    for l in limits {
        s.push_str(&words::limit(l));
        s.push('\n');
    }
    // The flag's own action, word for word as `today` and `advise` give it.
    for f in &plan.red_flags {
        s.push_str(&format!("{}\n", paint(&format!("Red flag: {}", words::red_flag(f)), ALARM)));
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
        None => match pause {
            Some((flag, day)) => s.push_str(&format!(
                "Walk: paused by the {} of {day}, as strength and balance are.\n",
                flag.as_str()
            )),
            None => s.push_str("Walk: no target yet (log a walk with `footing log --walk MIN`).\n"),
        },
    }
    // One foot-check reminder: the daily check, while it is not logged, says what the
    // after-walking note says; and with walking paused the after-walking note has no walk.
    let check_due = plan.reminders.iter().any(|r| r == CHECK_FEET);
    for r in plan.reminders.iter().filter(|r| !(r.as_str() == NOTE_SOLE && (check_due || pause.is_some()))) {
        s.push_str(&format!("Reminder: {r}.\n"));
    }
    if plan.kinds.iter().any(|k| k.to_do()) {
        s.push_str("When it is done: `footing done` (or `footing done KIND`, `--skip EXERCISE`).\n");
    } else if plan.kinds.iter().any(|k| k.done_today) {
        s.push_str("Every exercise due today is recorded.\n");
    }
    s
}
