//! `footing today` (and `footing` alone): what is logged today, what is still to do, and the
//! advice headline with any red flag (§10).

use anyhow::Result;
use comfy_table::{Attribute, Cell, Color};
use serde::Serialize;

use super::{print_json, print_text, Ctx};
use crate::advice::{Advice, DayResult, Due, RedFlag, Verdict};
use crate::cli::AsOfArgs;
use crate::daily::{self, Day};
use crate::domain::{join_flags, join_numb};
use crate::program::plan::Plan;
use crate::render::term::{paint, ALARM};
use crate::render::{headless_table, keep_words_whole, num, words};
use crate::store::{Access, Store};

/// `today --json`.
#[derive(Serialize)]
struct TodayJson<'a> {
    date: chrono::NaiveDate,
    /// Today's daily values as `history --json` gives them; null when nothing is logged today.
    logged: Option<&'a Day>,
    todo: Vec<ToDo>,
    verdict: Verdict,
    headline: String,
    red_flags: &'a [RedFlag],
    reviews_due: &'a [Due],
}

/// One thing still to do today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct ToDo {
    /// `pain` (this morning's, §10), or (with the plan) a session kind that is due.
    what: String,
    /// The same in words, with the command that does it.
    text: String,
}

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let today = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = Store::open(&ctx.db_path()?, Access::Read)?;
    let items = store.items_between(today, today)?;
    let day = daily::summarize(&items).into_iter().next();
    let crate::assess::Assessment { plan, advice, .. } = crate::assess::assess(&store, today)?;
    let (missing, path) = (store.is_missing(), store.path().to_path_buf());
    ctx.done_with(store);
    let to_do = to_do(&advice, day.as_ref(), &plan);
    if ctx.json {
        return print_json(&TodayJson {
            date: today,
            logged: day.as_ref(),
            todo: to_do,
            verdict: advice.verdict,
            headline: words::headline(&advice),
            red_flags: &advice.red_flags,
            reviews_due: &advice.reviews_due,
        });
    }
    if missing {
        return print_text(&format!(
            "Nothing is logged yet (no database at {}).\n\nStart with `footing checkin`: it asks \
             today's questions one at a time (pain, numbness, balance, heel raises, walking) and \
             logs your answers. Or log one measure directly, like `footing log --pain 3`.\n",
            crate::render::shown_path(&path)
        ));
    }
    print_text(&human(today, day.as_ref(), &to_do, &advice))
}

/// True while the 24-hour rule waits for this morning's pain (§6.1 `pending` for it).
fn waits_for_morning_pain(a: &Advice) -> bool {
    a.rule_result == Some(DayResult::Pending)
        && a.rule.as_ref().is_some_and(|r| r.baseline.is_some() && r.next_day.is_none())
}

/// What is still to do today: this morning's pain while the 24-hour rule waits for it, each
/// kind of the plan that is due and has no session today, and the foot check until it is
/// logged.
fn to_do(a: &Advice, today: Option<&Day>, plan: &Plan) -> Vec<ToDo> {
    let mut list = Vec::new();
    if waits_for_morning_pain(a) {
        let on = a.rule.as_ref().and_then(|r| r.day).map(|d| format!(" on {d}")).unwrap_or_default();
        list.push(ToDo {
            what: "pain".into(),
            text: format!(
                "Log this morning's pain: it tells whether the activity{on} was tolerated \
                 (`footing log --pain N`)."
            ),
        });
    }
    for k in plan.kinds.iter().filter(|k| k.due) {
        if today.is_some_and(|d| d.sessions.contains_key(&k.kind)) {
            continue;
        }
        // Only the exercises to do: one paused by a red flag (no dose today) is named apart,
        // so it never reads as part of today's session.
        let (to_do, paused): (Vec<_>, Vec<_>) = k.exercises.iter().partition(|e| e.dose.is_some());
        if to_do.is_empty() {
            continue;
        }
        let exercises: Vec<String> =
            to_do.iter().filter_map(|e| e.dose.map(|d| format!("{} {}", e.exercise, d.human()))).collect();
        let paused = match paused.as_slice() {
            [] => String::new(),
            [e] => format!("; {} is paused", e.exercise),
            more => format!("; {} are paused", join_and(more.iter().map(|e| e.exercise))),
        };
        list.push(ToDo {
            what: k.kind.to_string(),
            text: format!(
                "{} session: {}{paused} (`footing plan` shows how; `footing done {}` logs it).",
                capitalised(k.kind.as_str()),
                exercises.join(", "),
                k.kind
            ),
        });
    }
    // The walk, until one is logged on T, unless walking is paused (§10).
    if let Some(w) = plan.walk.filter(|_| today.is_none_or(|d| d.walk_minutes.is_none())) {
        let minutes = if w.minutes == w.minutes_max {
            w.minutes.to_string()
        } else {
            format!("{}–{}", w.minutes, w.minutes_max)
        };
        list.push(ToDo {
            what: "walk".into(),
            text: format!("Walk {minutes} min in one comfortable bout (`footing log --walk MIN`)."),
        });
    }
    if !today.is_some_and(|d| d.feet_ok) {
        list.push(ToDo {
            what: "feet".into(),
            text: format!("{}.", capitalised(crate::program::plan::CHECK_FEET)),
        });
    }
    list
}

/// "a, b and c".
fn join_and<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn human(today: chrono::NaiveDate, day: Option<&Day>, to_do: &[ToDo], a: &Advice) -> String {
    let mut s = format!("Today, {}\n\n", today.format("%A %Y-%m-%d"));
    match day {
        None => s.push_str(
            "Nothing logged today yet. `footing checkin` asks the day's questions one at a time.\n",
        ),
        Some(d) => {
            s.push_str("Logged today:\n");
            s.push_str(&logged_table(d));
            s.push('\n');
        }
    }
    if !to_do.is_empty() {
        s.push_str("\nStill to do:\n");
        for t in to_do {
            s.push_str(&format!("- {}\n", t.text));
        }
    } else if day.is_some() {
        // Said, not left to be inferred from a missing list.
        s.push_str("\nNothing left to do today: everything due is recorded.\n");
    }
    // "Advice: No advice yet: …" says "advice" twice: the no-data headline stands alone.
    if a.verdict == Verdict::NoData {
        s.push_str(&format!("\n{}\n", words::painted_headline(a)));
    } else {
        s.push_str(&format!("\nAdvice: {}\n", words::painted_headline(a)));
    }
    for l in &a.limits {
        s.push_str(&words::limit(l));
        s.push('\n');
    }
    if !a.red_flags.is_empty() {
        s.push_str(&format!("\n{}\n", paint("Red flags:", ALARM)));
        for f in &a.red_flags {
            s.push_str(&format!("- {}\n", paint(&words::red_flag(f), ALARM)));
        }
    }
    // A pause outlives the flag's alarm once it is reviewed: say so here too, or today reads
    // as if walking were back (`advise` and `plan` say it in their notes).
    if let Some(line) = words::pause_line(a) {
        s.push_str(&format!("\n{line}\n"));
        for n in a.notes.iter().filter(|n| n.starts_with("weight-bearing work stays paused")) {
            s.push_str(&format!("Note: {n}.\n"));
        }
    }
    for d in &a.reviews_due {
        s.push_str(&format!(
            "Review due: the {} of {} waits for a clinician; `footing reviewed {}` once they have seen it.\n",
            d.flag, d.day, d.flag
        ));
    }
    s.push_str("\n`footing advise` explains the advice.\n");
    s
}

/// Today's values, one measure a row.
fn logged_table(d: &Day) -> String {
    let mut rows: Vec<(&str, Cell)> = Vec::new();
    if let (Some(mean), Some(worst)) = (d.pain, d.pain_worst) {
        let text = if f64::from(worst) == mean {
            format!("{worst} out of 10")
        } else {
            format!("{} out of 10 on average, worst {worst}", num(mean, 1))
        };
        rows.push(("pain", Cell::new(text)));
    }
    match &d.numb {
        Some(z) if z.is_empty() => rows.push(("numbness", Cell::new("none"))),
        Some(z) => rows.push(("numbness", Cell::new(join_numb(z).replace(';', ", ")))),
        None => {}
    }
    let feet: Vec<String> = [("left", d.stance_left), ("right", d.stance_right)]
        .iter()
        .filter_map(|(foot, s)| s.map(|s| format!("{foot} {s} s")))
        .collect();
    if !feet.is_empty() {
        rows.push(("stance", Cell::new(feet.join(", "))));
    }
    if let Some(h) = d.heel_raises {
        rows.push(("heel raises", Cell::new(h.to_string())));
    }
    if let (Some(total), Some(longest)) = (d.walk_minutes, d.walk_longest) {
        let text = if u32::from(longest) == total {
            format!("{total} min")
        } else {
            format!("{total} min in all, longest {longest} min")
        };
        rows.push(("walking", Cell::new(text)));
    }
    // In the plan's order (mobility, strength, balance), as `plan` and `done` list them.
    let sessions: Vec<String> = crate::program::KIND_ORDER
        .iter()
        .filter_map(|k| d.sessions.get(k).map(|&n| if n == 1 { k.to_string() } else { format!("{k} ×{n}") }))
        .collect();
    if !sessions.is_empty() {
        rows.push(("sessions", Cell::new(sessions.join(", "))));
    }
    if d.feet_ok {
        rows.push(("foot check", Cell::new("done, nothing found")));
    }
    if !d.flags.is_empty() {
        rows.push((
            "red flags",
            Cell::new(join_flags(&d.flags).replace(';', ", "))
                .fg(Color::DarkRed)
                .add_attribute(Attribute::Bold),
        ));
    }
    if rows.is_empty() {
        return "  a note only\n".to_string();
    }
    let mut t = headless_table();
    for (label, value) in rows {
        t.add_row(vec![Cell::new(label), value]);
    }
    keep_words_whole(&mut t);
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advice::advise_items;
    use crate::domain::{parse_at, parse_flags, parse_numb, parse_stance, Body, Entry, Item};
    use chrono::NaiveDate;

    fn item(at: &str, e: Entry) -> Item {
        let now = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(23, 0, 0).unwrap();
        Item { id: 1, at: parse_at(at, now).unwrap(), body: Body::Entry(e) }
    }

    #[test]
    fn the_morning_pain_is_asked_for_only_while_the_rule_waits_for_it() {
        let t = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let walked = [item("2026-11-21 08:00", Entry { pain: Some(2), ..Entry::default() }), {
            item("2026-11-21 09:00", Entry { walk: Some(20), ..Entry::default() })
        }];
        // No plan here: the plan's kinds are tested end to end.
        let plan = Plan {
            as_of: t,
            verdict: Verdict::NoData,
            headline: String::new(),
            red_flags: Vec::new(),
            kinds: Vec::new(),
            walk: None,
            reminders: Vec::new(),
        };
        let whats = |items: &[Item]| {
            let today = daily::summarize(items).into_iter().find(|d| d.date == t);
            to_do(&advise_items(items, t), today.as_ref(), &plan)
                .into_iter()
                .map(|x| x.what)
                .collect::<Vec<_>>()
        };
        let list = to_do(&advise_items(&walked, t), None, &plan);
        assert_eq!(list[0].what, "pain");
        assert!(list[0].text.contains("the activity on 2026-11-21 was tolerated"), "{list:?}");
        assert_eq!(whats(&walked), ["pain", "feet"]);
        // Logged: nothing to do for it.
        let mut done = walked.to_vec();
        done.push(item("2026-11-22 07:00", Entry { pain: Some(2), ..Entry::default() }));
        assert_eq!(whats(&done), ["feet"]);
        done.push(item("2026-11-22 07:05", Entry { feet_ok: true, ..Entry::default() }));
        assert!(whats(&done).is_empty());
        // No pain before and no week before: the rule waits for a reading before, not this one.
        let no_baseline = [item("2026-11-21 09:00", Entry { walk: Some(20), ..Entry::default() })];
        assert_eq!(whats(&no_baseline), ["feet"]);
    }

    #[test]
    fn the_logged_table_names_every_measure() {
        let e = Entry {
            pain: Some(3),
            numb: parse_numb("left-toes,right-ball").ok(),
            stance_left: parse_stance("12.5").ok(),
            stance_right: parse_stance("9").ok(),
            heel_raises: Some(10),
            walk: Some(20),
            flags: parse_flags("fall").unwrap(),
            note: None,
            feet_ok: true,
        };
        let days = daily::summarize(&[
            item("2026-11-22 08:00", e),
            item("2026-11-22 18:00", Entry { pain: Some(4), walk: Some(5), ..Entry::default() }),
        ]);
        let text = logged_table(&days[0]);
        for want in [
            "pain",
            "3.5 out of 10 on average, worst 4",
            "left-toes, right-ball",
            "left 12.5 s, right 9 s",
            "heel raises",
            "25 min in all, longest 20 min",
            "done, nothing found",
            "fall",
        ] {
            assert!(text.contains(want), "{want} missing from\n{text}");
        }
    }
}
