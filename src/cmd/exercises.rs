//! `footing exercises`: the catalogue (§9.1). Needs no database.

use anyhow::Result;
use serde::Serialize;

use super::{print_json, print_text, Ctx};
use crate::domain::Kind;
use crate::program::catalogue::{Exercise, Range, CATALOGUE};
use crate::render::{fit, table};

#[derive(Serialize)]
struct ExerciseJson {
    exercise: &'static str,
    kind: Kind,
    range: Range,
    each_side: bool,
    /// No weight or pressure on the sole: continues during a pause (§9.1, §6.3).
    seated: bool,
    next_step: Option<&'static str>,
    cue: &'static str,
}

impl From<&'static Exercise> for ExerciseJson {
    fn from(e: &'static Exercise) -> ExerciseJson {
        ExerciseJson {
            exercise: e.id,
            kind: e.kind,
            range: e.range,
            each_side: e.each_side,
            seated: e.seated(),
            next_step: e.next_step,
            cue: e.cue,
        }
    }
}

pub fn run(ctx: &Ctx) -> Result<()> {
    if ctx.json {
        return print_json(&CATALOGUE.iter().map(ExerciseJson::from).collect::<Vec<_>>());
    }
    let mut t = table(["exercise", "kind", "dose range", "each side", "seated", "how"]);
    for e in CATALOGUE {
        let mut how = e.cue.to_string();
        if let Some(next) = e.next_step {
            how.push_str(&format!("; at the top: {next}"));
        }
        t.add_row([
            e.id.to_string(),
            e.kind.to_string(),
            e.range.human(),
            if e.each_side { "yes" } else { "" }.to_string(),
            if e.seated() { "yes" } else { "" }.to_string(),
            how,
        ]);
    }
    fit(&mut t);
    print_text(&format!(
        "{t}\nDoses: SETSxREPS (2x10), SETSxSECONDSs (3x20s) or MINUTESmin (3min). Effort: strength 5–7 of 10, nerve glides 2–3.\nSeated: no weight or pressure on the sole; these continue while a red flag pauses weight-bearing work.\n"
    ))
}
