//! `footing program [add EXERCISE [DOSE] | remove EXERCISE | reset]`: show or change the
//! person's own program (§9.2). Showing it needs no database.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{out, print_json, print_text, Ctx};
use crate::cli::ProgramAction;
use crate::domain::dose::DOSE_ALLOWED;
use crate::domain::{parse_dose, Dose, Kind};
use crate::error::InputError;
use crate::program::catalogue::{check_form, Exercise, Range};
use crate::program::dose::find;
use crate::program::{Program, KIND_ORDER};
use crate::render::{fit, table};
use crate::store::{Access, Store};

#[derive(Serialize)]
struct ProgramJson {
    starter: bool,
    exercises: Vec<ExerciseJson>,
}

#[derive(Serialize)]
struct ExerciseJson {
    exercise: &'static str,
    kind: Kind,
    dose: Dose,
    /// Today's dose (§9.6); null while paused.
    today: Option<Dose>,
    range: Range,
    each_side: bool,
}

pub fn run(ctx: &Ctx, action: Option<&ProgramAction>) -> Result<()> {
    match action {
        None => show(ctx),
        Some(ProgramAction::Add { exercise, dose }) => add(ctx, exercise, dose.as_deref()),
        Some(ProgramAction::Remove { exercise }) => remove(ctx, exercise),
        Some(ProgramAction::Reset) => reset(ctx),
    }
}

/// The store to read the program from; with no database, an empty one (the starter program
/// applies, which is no news: nothing is said about the missing database).
fn read(ctx: &Ctx) -> Result<Store> {
    Store::open(&ctx.db_path()?, Access::Read)
}

fn show(ctx: &Ctx) -> Result<()> {
    let store = read(ctx)?;
    let program = store.program()?;
    let today = ctx.today();
    let doses = crate::assess::assess_with(&store, today, program.clone())?.advice.doses;
    let exercises: Vec<ExerciseJson> = KIND_ORDER
        .iter()
        .flat_map(|&k| program.of_kind(k))
        .map(|p| ExerciseJson {
            exercise: p.exercise.id,
            kind: p.exercise.kind,
            dose: p.dose,
            today: find(&doses, p.exercise.id).and_then(|d| d.next),
            range: p.exercise.range,
            each_side: p.exercise.each_side,
        })
        .collect();
    if ctx.json {
        return print_json(&ProgramJson { starter: program.starter, exercises });
    }
    let mut text = if program.starter {
        "The starter program: the bottom of each range, to begin low and slow.\n".to_string()
    } else {
        "Your program:\n".to_string()
    };
    if exercises.is_empty() {
        text.push_str("no exercises; add one with `footing program add EXERCISE`\n");
        return print_text(&text);
    }
    let mut t = table(["kind", "exercise", "starting dose", "today", "range", "each side"]);
    for e in &exercises {
        t.add_row([
            e.kind.to_string(),
            e.exercise.to_string(),
            e.dose.human(),
            e.today.map_or_else(|| "paused".to_string(), Dose::human),
            e.range.human(),
            if e.each_side { "yes" } else { "" }.to_string(),
        ]);
    }
    fit(&mut t);
    print_text(&format!("{text}{t}\n"))
}

/// The dose of `program add`, checked against the exercise: the form of its range (else exit
/// 2); outside the range is allowed, with a warning.
fn dose_for(exercise: &Exercise, given: Option<&str>) -> Result<Dose, InputError> {
    let Some(text) = given else { return Ok(exercise.range.bottom()) };
    let dose = parse_dose(text).map_err(|_| InputError::value("DOSE", text, DOSE_ALLOWED))?;
    let within = check_form(exercise, dose).map_err(|why| InputError::value("DOSE", text, why))?;
    if !within {
        eprintln!(
            "warning: {} is outside the range of {} ({}); stored as prescribed",
            dose.human(),
            exercise.id,
            exercise.range.human()
        );
    }
    Ok(dose)
}

fn add(ctx: &Ctx, exercise: &'static Exercise, dose: Option<&str>) -> Result<()> {
    let dose = dose_for(exercise, dose)?;
    let mut store = ctx.open(Access::Write)?;
    let today = ctx.today();
    // Read, changed and stored in one transaction: a program add running at the same time
    // keeps its change too, and today's doses are read before anything is written.
    let (before, was_starter, note) = store.change_program(|store, program| {
        let was_starter = program.starter;
        let before = program.get(exercise.id).map(|p| p.dose);
        program.add(exercise, dose);
        // §9.6 builds today's dose on the latest session: once the exercise has been done, a
        // new starting dose does not change it. Say so, and how to move to the new dose now.
        let doses = crate::assess::assess_with(store, today, program.clone())?.advice.doses;
        let note = find(&doses, exercise.id).and_then(|n| match (n.last, n.last_date, n.next) {
            (Some(last), Some(last_date), Some(today)) if today != dose => Some(format!(
                "note: {} was last done at {} on {last_date}, and today's dose builds on that session: {}; \
                 to move to {} now, record it once: footing session {}:{dose}",
                exercise.id,
                last.human(),
                today.human(),
                dose.human(),
                exercise.id
            )),
            _ => None,
        });
        Ok((before, was_starter, note))
    })?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    if ctx.json {
        return print_json(&ExerciseJsonShort { exercise: exercise.id, dose });
    }
    let mut out = out();
    match before {
        Some(old) if old == dose => writeln!(out, "{} stays at {}", exercise.id, dose.human())?,
        Some(old) => writeln!(out, "changed {} from {} to {}", exercise.id, old.human(), dose.human())?,
        None => writeln!(out, "added {} ({}) at {}", exercise.id, exercise.kind, dose.human())?,
    }
    if was_starter {
        writeln!(
            out,
            "Your own program now replaces the starter program (`footing program reset` goes back)."
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ExerciseJsonShort {
    exercise: &'static str,
    #[serde(flatten)]
    dose: Dose,
}

fn remove(ctx: &Ctx, exercise: &'static Exercise) -> Result<()> {
    // Opened as for writing: a damaged database is refused before its program is read.
    let mut program = Store::open(&ctx.db_path()?, Access::Change)?.program()?;
    let not_in = || {
        InputError::value(
            "EXERCISE",
            exercise.id,
            "it is not in your program; `footing program` lists the exercises in it",
        )
    };
    if !program.remove(exercise) {
        return Err(not_in().into());
    }
    // Read again, changed and stored in one transaction: another footing may be changing it.
    ctx.open(Access::Write)?.change_program(|_, program| {
        if program.remove(exercise) {
            Ok(())
        } else {
            Err(not_in().into())
        }
    })?;
    if ctx.json {
        return print_json(&serde_json::json!({"removed": exercise.id}));
    }
    writeln!(out(), "removed {} from your program", exercise.id)?;
    Ok(())
}

fn reset(ctx: &Ctx) -> Result<()> {
    let store = Store::open(&ctx.db_path()?, Access::Change)?;
    let already = store.is_missing() || store.program()?.starter;
    drop(store);
    if !already {
        ctx.open(Access::Write)?.set_program(&Program::starter())?;
    }
    if ctx.json {
        return print_json(&serde_json::json!({"starter": true}));
    }
    let text = if already { "the starter program already applies" } else { "back to the starter program" };
    writeln!(out(), "{text}")?;
    Ok(())
}
