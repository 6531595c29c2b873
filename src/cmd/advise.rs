//! `footing advise`: next-session advice (§6) — the 24-hour rule, progression and red flags.

use anyhow::Result;
use comfy_table::{Cell, Color};

use super::{print_json, print_text, Ctx};
use crate::advice::{Advice, Next};
use crate::cli::AsOfArgs;
use crate::render::term::{paint, ALARM};
use crate::render::{fit, table, words};
use crate::status::Status;
use crate::store::Access;

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let advice = crate::assess::assess(&store, as_of)?.advice;
    ctx.done_with(store);
    if ctx.json {
        return print_json(&advice);
    }
    print_text(&human(&advice))
}

/// The status column's colour: green for up, red for trimmed or paused.
fn status_cell(text: String, status: Status) -> Cell {
    match status {
        Status::Progress => Cell::new(text).fg(Color::DarkGreen),
        Status::Trim | Status::Paused => Cell::new(text).fg(Color::DarkRed),
        Status::Same | Status::Restart => Cell::new(text),
    }
}

/// The human form: one sentence why, the limits, the volumes table, the notes and the red
/// flags, each paragraph on one line (wrapping is the terminal edge's business).
pub fn human(a: &Advice) -> String {
    let mut s = String::new();
    s.push_str(&words::painted_headline(a));
    s.push('\n');
    for l in &a.limits {
        s.push_str(&words::limit(l));
        s.push('\n');
    }
    // With no activity before the day there is nothing to tabulate, and the headline has
    // already said so.
    if !a.next.is_empty() {
        let mut t = table(words::NEXT_HEADER);
        for (next, row) in a.next.iter().zip(words::next_rows(a)) {
            let status = match next {
                Next::Session(s) => s.status,
                Next::Walk(w) => w.status,
                Next::Exercise(e) => e.status,
            };
            let mut cells: Vec<Cell> = row.into_iter().map(Cell::new).collect();
            cells[1] = status_cell(cells[1].content(), status);
            t.add_row(cells);
        }
        fit(&mut t);
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
        s.push_str(&format!("\n{}\n", paint("Red flags:", ALARM)));
        for f in &a.red_flags {
            s.push_str(&format!("- {}\n", paint(&words::red_flag(f), ALARM)));
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
