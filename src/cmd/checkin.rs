//! `footing checkin`: the day's questions one at a time on a terminal, then one entry stored
//! exactly as `footing log` stores it (§10).
//!
//! The prompts are inquire's; every answer is checked by the same `domain::parse_*` function
//! as the matching `log` flag, so a rule lives in one place.

use std::fmt;
use std::io::IsTerminal;

use anyhow::{anyhow, Result};
use inquire::error::InquireError;
use inquire::list_option::ListOption;
use inquire::ui::RenderConfig;
use inquire::validator::Validation;
use inquire::{Confirm, MultiSelect, Select};

use super::store_entry;
use super::{print_text, Ctx};
use crate::domain::{self, describe, Body, Entry, Flag, Numb, Zone};
use crate::error::InputError;

/// How every question can be skipped.
const SKIP: &str = "Enter alone skips";

pub fn run(ctx: &Ctx) -> Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(InputError("checkin needs a terminal; use footing log".into()).into());
    }
    if anstream::AutoStream::choice(&std::io::stdout()) == anstream::ColorChoice::Never {
        inquire::set_global_render_config(RenderConfig::empty());
    }
    print_text(&format!(
        "Today's check-in, {}. Answer what you measured; {SKIP} a question. Esc stops \
         without logging anything.\n",
        ctx.now.format("%Y-%m-%d %H:%M")
    ))?;
    let entry = ask_all()?;
    if entry.is_empty() {
        print_text("Every question was skipped, so nothing was logged.\n")?;
        return Ok(());
    }
    print_text(&format!(
        "To log at {}: {}\n",
        domain::format_at(ctx.now),
        describe(&Body::Entry(entry.clone()))
    ))?;
    let yes = Confirm::new("Log this?").with_default(true).prompt().map_err(stopped)?;
    if !yes {
        print_text("Nothing was logged.\n")?;
        return Ok(());
    }
    store_entry(ctx, ctx.now, entry)
}

/// Asks every question in turn.
fn ask_all() -> Result<Entry> {
    let mut e = Entry {
        pain: ask("Pain now, from 0 (none) to 10 (worst imaginable)?", domain::parse_pain)?,
        numb: ask_numb()?,
        stance_left: ask("Single-leg stance on the LEFT foot, best time in seconds?", domain::parse_stance)?,
        stance_right: ask(
            "Single-leg stance on the RIGHT foot, best time in seconds?",
            domain::parse_stance,
        )?,
        heel_raises: ask("Heel raises before your form faded?", domain::parse_heel_raises)?,
        walk: ask("A walk: how many minutes, without stopping?", domain::parse_walk)?,
        ..Entry::default()
    };
    let (feet_ok, found) = ask_feet()?;
    e.feet_ok = feet_ok;
    e.flags = ask_flags()?.into_iter().chain(found).collect();
    e.note = ask("A note?", domain::parse_note)?;
    Ok(e)
}

/// Esc and Ctrl-C stop the check-in; nothing is stored.
fn stopped(e: InquireError) -> anyhow::Error {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            anyhow!("check-in stopped: nothing was logged")
        }
        e => anyhow!(e).context("could not ask the check-in questions"),
    }
}

/// One question with a typed answer: empty skips it (shown as skipped); an answer `parse`
/// refuses is cleared and asked again, with what is allowed (the line editor of
/// [`crate::render::prompt`]: Ctrl-U and the usual keys).
fn ask<T>(question: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>> {
    let check = |s: &str| parse(s).map(drop);
    let answer = match crate::render::prompt::ask(question, SKIP, &check) {
        Ok(answer) => answer,
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            return Err(anyhow!("check-in stopped: nothing was logged"))
        }
        Err(e) => return Err(anyhow!(e).context("could not ask the check-in questions")),
    };
    let Some(answer) = answer else { return Ok(None) };
    // A note keeps its spaces, as `log --note` does; numbers are read as `log` reads them.
    Ok(Some(parse(&answer).map_err(|allowed| InputError::value(question, &answer, allowed))?))
}

/// A choice in the numbness list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NumbChoice {
    None,
    Zone(Zone),
}

impl fmt::Display for NumbChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumbChoice::None => f.write_str("none: no numbness today"),
            NumbChoice::Zone(z) => write!(f, "{z}"),
        }
    }
}

fn ask_numb() -> Result<Option<Numb>> {
    let mut choices = vec![NumbChoice::None];
    choices.extend(Zone::all().map(NumbChoice::Zone));
    let validator = |picked: &[ListOption<&NumbChoice>]| {
        Ok(if picked.len() > 1 && picked.iter().any(|o| *o.value == NumbChoice::None) {
            Validation::Invalid("`none` means no numbness and cannot be combined with zones".into())
        } else {
            Validation::Valid
        })
    };
    let picked = MultiSelect::new("Numbness: which areas feel numb now?", choices)
        .with_help_message("↑↓ to move, Space to pick, type to filter, Enter when done; Enter alone skips")
        .with_page_size(9)
        .with_validator(validator)
        .with_formatter(&|picked| match picked {
            [] => "skipped".to_string(),
            p => p.iter().map(|o| o.value.to_string()).collect::<Vec<_>>().join(", "),
        })
        .prompt()
        .map_err(stopped)?;
    if picked.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        picked
            .into_iter()
            .filter_map(|c| match c {
                NumbChoice::Zone(z) => Some(z),
                NumbChoice::None => None,
            })
            .collect(),
    ))
}

/// The foot check (§10): "yes" is `--feet-ok`; "found something" asks which of the skin
/// flags it was (a red flag, never with `--feet-ok`); "skip" leaves it unrecorded.
fn ask_feet() -> Result<(bool, Option<Flag>)> {
    const YES: &str = "yes: both feet checked, nothing found";
    const FOUND: &str = "found something";
    const SKIPPED: &str = "skip";
    // The question and its one-word answer stay on one line at 80 columns.
    let answer =
        Select::new("Checked your feet today: blisters, cuts, red or warm areas?", vec![YES, FOUND, SKIPPED])
            .with_formatter(&|picked| match *picked.value {
                YES => "yes".to_string(),
                SKIPPED => "skipped".to_string(),
                other => other.to_string(),
            })
            .with_starting_cursor(2)
            .with_help_message("↑↓ to move or type to filter, Enter to choose; Enter alone skips")
            .prompt()
            .map_err(stopped)?;
    match answer {
        YES => Ok((true, None)),
        FOUND => {
            // Each choice says what it means on its own line: one long help line broke
            // mid-phrase on a narrow terminal.
            let meaning = |f: Flag| match f {
                Flag::OpenSore => "a blister or cut",
                Flag::SkinChange => "colour or a callus",
                Flag::Infection => "pus or spreading redness",
                _ => "red, warm or swollen",
            };
            let choices: Vec<String> =
                domain::SKIN_FLAGS.iter().map(|&f| format!("{f}: {}", meaning(f))).collect();
            let picked = Select::new("What did you find?", choices)
                .with_help_message("↑↓ to move, Enter to choose")
                .with_formatter(&|picked| domain::SKIN_FLAGS[picked.index].to_string())
                .raw_prompt()
                .map_err(stopped)?;
            Ok((false, Some(domain::SKIN_FLAGS[picked.index])))
        }
        _ => Ok((false, None)),
    }
}

fn ask_flags() -> Result<Vec<Flag>> {
    MultiSelect::new("Red flags: anything new or worrying?", Flag::ALL.to_vec())
        .with_help_message("↑↓ to move, Space to pick, Enter when done; Enter alone: none")
        // Every flag on one page: the last one (hot-foot) must not hide below the fold.
        .with_page_size(Flag::ALL.len())
        .with_formatter(&|picked| match picked {
            [] => "none".to_string(),
            p => p.iter().map(|o| o.value.to_string()).collect::<Vec<_>>().join(", "),
        })
        .prompt()
        .map_err(stopped)
}
