//! `footing edit ID [the flags of log or session]`: change the given fields of one stored
//! item. The flags are parsed by the very definitions `log` and `session` use, and the item
//! as edited must be one they would accept; nothing is written otherwise.

use anyhow::Result;
use clap::{Args, FromArgMatches};

use super::kind_and_work;
use super::{print_json, print_text, Ctx};
use crate::cli::{EditArgs, LogArgs, SessionArgs};
use crate::domain::{describe, format_at, Body, Entry, Item, NewItem, Session, Volume, Work};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::store::Access;

/// Parses `rest` with the definitions of `log` or `session` (`A`), as `footing edit ID` would
/// show them in its usage line.
fn parse<A: Args + FromArgMatches>(id: i64, rest: &[String]) -> Result<A, InputError> {
    let name = format!("footing edit {id}");
    let command = A::augment_args(clap::Command::new("edit").bin_name(name.clone()));
    let matches = command
        .try_get_matches_from(std::iter::once(name).chain(rest.iter().cloned()))
        .and_then(|m| A::from_arg_matches(&m))
        .map_err(|e| {
            let text = e.render().to_string();
            let text = text.trim_end().trim_start_matches("error: ");
            let lines =
                text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("For more information"));
            InputError(lines.collect::<Vec<_>>().join("; "))
        })?;
    Ok(matches)
}

/// Global flags (`--json`, `--db PATH`, `--color WHEN`) given after `edit ID` reach here
/// among the item's flags; they are taken out and honoured.
fn split_globals(ctx: &Ctx, rest: &[String]) -> (Ctx, Vec<String>) {
    let mut out = Ctx { db_flag: ctx.db_flag.clone(), json: ctx.json, now: ctx.now, last: false };
    let mut kept = Vec::with_capacity(rest.len());
    let mut words = rest.iter();
    while let Some(w) = words.next() {
        match w.as_str() {
            "--json" => out.json = true,
            "--db" => out.db_flag = words.next().map(Into::into),
            "--color" => {
                words.next();
            }
            _ if w.starts_with("--db=") => out.db_flag = Some(w["--db=".len()..].into()),
            _ if w.starts_with("--color=") => {}
            _ => kept.push(w.clone()),
        }
    }
    (out, kept)
}

fn nothing_to_change(id: i64, what: &str) -> InputError {
    InputError(format!(
        "nothing to change: give the fields of #{id} to change, as `footing {what}` takes them, \
         like `footing edit {id} {}`",
        if what == "log" { "--pain 3" } else { "--rpe 6" }
    ))
}

/// The entry with the fields `args` gives replaced.
fn edit_entry(ctx: &Ctx, id: i64, old: &Item, e: &Entry, args: LogArgs) -> Result<NewItem> {
    let given = args.at.is_some()
        || args.pain.is_some()
        || !args.numb.is_empty()
        || args.stance_left.is_some()
        || args.stance_right.is_some()
        || args.heel_raises.is_some()
        || args.walk.is_some()
        || args.feet_ok
        || !args.flag.is_empty()
        || args.note.is_some();
    if !given {
        return Err(nothing_to_change(id, "log").into());
    }
    let at = match args.at.as_deref() {
        Some(_) => ctx.at(args.at.as_deref())?,
        None => old.at,
    };
    let numb =
        crate::domain::merge_numb(args.numb).map_err(|why| InputError::value("--numb", "none", why))?;
    let entry = Entry {
        pain: args.pain.or(e.pain),
        numb: numb.or_else(|| e.numb.clone()),
        stance_left: args.stance_left.or(e.stance_left),
        stance_right: args.stance_right.or(e.stance_right),
        heel_raises: args.heel_raises.or(e.heel_raises),
        walk: args.walk.or(e.walk),
        flags: if args.flag.is_empty() { e.flags.clone() } else { args.flag.into_iter().collect() },
        note: args.note.or_else(|| e.note.clone()),
        feet_ok: args.feet_ok || e.feet_ok,
    };
    Ok(NewItem { at, body: Body::Entry(entry) })
}

/// The session with the fields `args` gives replaced: its exercises (with or without the
/// kind), its volume (a flag given alone keeps the others: `--reps 12` on 2 × 10 is 2 × 12),
/// effort, time and note.
fn edit_session(ctx: &Ctx, id: i64, old: &Item, s: &Session, args: SessionArgs) -> Result<NewItem> {
    for (flag, given) in [
        ("--pain-before", args.around.pain_before.is_some()),
        ("--pain-after", args.around.pain_after.is_some()),
    ] {
        if given {
            return Err(InputError(format!(
                "{flag} cannot be edited: it records a pain entry of its own; edit that entry \
                 (`footing history --items` lists it) or log one with `footing log --pain N --at WHEN`"
            ))
            .into());
        }
    }
    let volume_given = args.sets.is_some() || args.reps.is_some() || args.minutes.is_some();
    let given = !args.what.is_empty()
        || volume_given
        || args.around.rpe.is_some()
        || args.around.at.is_some()
        || args.note.is_some();
    if !given {
        return Err(nothing_to_change(id, "session").into());
    }
    let at = match args.around.at.as_deref() {
        Some(_) => ctx.at(args.around.at.as_deref())?,
        None => old.at,
    };
    let (kind, work) = if !args.what.is_empty() {
        kind_and_work(ctx, &args, at)?
    } else if volume_given {
        let old_volume = s.work.volume();
        let (sets, reps, minutes) = if args.minutes.is_some() {
            (args.sets, args.reps, args.minutes)
        } else if args.sets.is_some() || args.reps.is_some() {
            (
                args.sets.or(old_volume.and_then(Volume::sets)),
                args.reps.or(old_volume.and_then(Volume::reps)),
                None,
            )
        } else {
            (None, None, None)
        };
        let volume = Volume::new(sets, reps, minutes)
            .map_err(|why| InputError(format!("invalid volume for #{id}, a {} session: {why}", s.kind)))?;
        if !s.work.exercises().is_empty() {
            return Err(InputError(format!(
                "#{id} is a session of named exercises: give them again with their doses, like \
                 `footing edit {id} heel-raises:2x12`, instead of --sets, --reps or --minutes"
            ))
            .into());
        }
        (s.kind, Work::Volume(volume))
    } else {
        (s.kind, s.work.clone())
    };
    let session =
        Session { kind, work, rpe: args.around.rpe.or(s.rpe), note: args.note.or_else(|| s.note.clone()) };
    Ok(NewItem { at, body: Body::Session(session) })
}

pub fn run(ctx: &Ctx, args: &EditArgs) -> Result<()> {
    let (ctx, rest) = split_globals(ctx, &args.fields);
    let ctx = &ctx;
    let id = args.id;
    let no_item = || {
        InputError(format!(
            "invalid value '{id}' for ID: there is no item #{id}; `footing history --items` lists the ids"
        ))
    };
    // Read first, to know which command's flags apply; the change itself is one transaction.
    let old = {
        let store = ctx.open(Access::Change)?;
        store.item(id)?.ok_or_else(no_item)?
    };
    let new = match &old.body {
        Body::Entry(e) => edit_entry(ctx, id, &old, e, parse::<LogArgs>(id, &rest)?)?,
        Body::Session(s) => edit_session(ctx, id, &old, s, parse::<SessionArgs>(id, &rest)?)?,
        other => {
            return Err(InputError(format!(
                "#{id} is a {}: edit changes entries and sessions; `footing undo` or `footing delete {id}` \
                 removes it, then record it again",
                other.type_name()
            ))
            .into())
        }
    };
    let mut store = ctx.open(Access::Change)?;
    let before = store.edit(id, &new)?.ok_or_else(no_item)?;
    let after = Item { id, at: new.at, body: new.body };
    if ctx.json {
        return print_json(&serde_json::json!({
            "before": ItemJson::from(&before),
            "after": ItemJson::from(&after),
        }));
    }
    print_text(&format!(
        "edited #{id} (`footing undo` puts it back)\nbefore: {}: {}\nafter:  {}: {}\n",
        format_at(before.at),
        describe(&before.body),
        format_at(after.at),
        describe(&after.body)
    ))
}
