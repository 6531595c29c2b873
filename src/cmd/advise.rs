//! `footing advise`: next-session advice (§6) — the 24-hour rule, progression and red flags.

use anyhow::Result;

use super::{print_json, print_text, Ctx};
use crate::advice::{advise, Advice, Next};
use crate::cli::AsOfArgs;
use crate::render::{table, words};
use crate::store::Access;

/// What to do about any red flag.
const RED_FLAG_ACTION: &str = "pause progression and contact a clinician promptly";

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let advice = advise(&store.advice_items(as_of)?, as_of);
    if ctx.json {
        return print_json(&advice);
    }
    print_text(&human(&advice))
}

/// The headline: the verdict in plain words, then the reason with its numbers.
fn headline(a: &Advice) -> String {
    format!("{}: {}.", words::verdict(a), a.reason)
}

/// The 24-hour rule's numbers, as found.
fn rule_line(a: &Advice) -> Option<String> {
    let day = a.rule.day?;
    Some(format!("The 24-hour rule, for the {} on {day}: {}.", a.rule.activity, words::rule_numbers(&a.rule)))
}

pub fn human(a: &Advice) -> String {
    let mut s = String::new();
    s.push_str(&headline(a));
    s.push('\n');
    if let Some(line) = rule_line(a) {
        s.push_str(&line);
        s.push('\n');
    }
    // With no activity before the day there is nothing to tabulate, and the headline has
    // already said so.
    if !a.next.is_empty() {
        let mut t = table(["", "last time", "next time", "earliest"]);
        let mut notes = Vec::new();
        for n in &a.next {
            match n {
                Next::Session(n) => {
                    let earliest = n.earliest.map(|d| d.to_string()).unwrap_or_default();
                    t.add_row(vec![n.kind.to_string(), n.last.to_string(), n.next.to_string(), earliest]);
                    notes.extend(n.note.as_ref().map(|note| format!("{}: {note}.", n.kind)));
                }
                Next::Walk(w) => {
                    let next = if w.minutes == w.minutes_max {
                        format!("{} min", w.minutes)
                    } else {
                        format!("{}–{} min", w.minutes, w.minutes_max)
                    };
                    t.add_row(vec!["walk".to_string(), format!("{} min", w.last), next, String::new()]);
                }
            }
        }
        s.push('\n');
        s.push_str(&t.to_string());
        s.push('\n');
        for note in notes {
            s.push_str(&note);
            s.push('\n');
        }
    }
    if !a.red_flags.is_empty() {
        s.push_str("\nRed flags:\n");
        for f in &a.red_flags {
            s.push_str(&format!("- {}: {RED_FLAG_ACTION}.\n", f.describe()));
        }
    }
    match a.judged_tomorrow {
        0 => {}
        1 => s.push_str(&format!(
            "\nThe activity logged on {} is judged tomorrow, from the next morning's pain.\n",
            a.as_of
        )),
        n => s.push_str(&format!(
            "\nThe {n} activities logged on {} are judged tomorrow, from the next morning's pain.\n",
            a.as_of
        )),
    }
    s.push_str("\nfooting supports your clinician's care; it never replaces it.\n");
    s
}
