//! `footing advise`: next-session advice (§6) — the 24-hour rule, progression and red flags.

use std::io::Write;

use anyhow::Result;

use super::{out, print_json, Ctx};
use crate::advice::Advice;
use crate::cli::AsOfArgs;
use crate::render::{table, words};
use crate::store::Access;

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let (advice, _) = super::plan::todays_doses(&store, &store.program()?, as_of)?;
    if ctx.json {
        return print_json(&advice);
    }
    let text = human(&advice);
    out().write_all(text.as_bytes())?;
    Ok(())
}

/// The human form: one sentence why, the limits, the volumes table, the notes and the red
/// flags, each paragraph on one line (wrapping is the terminal edge's business).
pub fn human(a: &Advice) -> String {
    let mut s = String::new();
    s.push_str(&words::headline(a));
    s.push('\n');
    for l in &a.limits {
        s.push_str(&words::limit(l));
        s.push('\n');
    }
    // With no activity before the day there is nothing to tabulate, and the headline has
    // already said so.
    if !a.next.is_empty() {
        let mut t = table(words::NEXT_HEADER);
        for row in words::next_rows(a) {
            t.add_row(row.to_vec());
        }
        s.push('\n');
        s.push_str(&t.to_string());
        s.push('\n');
    }
    let notes = words::notes(a);
    if !notes.is_empty() {
        s.push('\n');
        for note in notes {
            s.push_str(&note);
            s.push('\n');
        }
    }
    if !a.red_flags.is_empty() {
        s.push_str("\nRed flags:\n");
        for f in &a.red_flags {
            s.push_str(&format!("- {}\n", words::red_flag(f)));
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
