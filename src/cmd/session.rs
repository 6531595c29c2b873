//! `footing session`: record an exercise session, with pain just before and after it.

use std::io::Write;

use anyhow::Result;

use super::{out, print_json, Ctx};
use crate::cli::SessionArgs;
use crate::domain::{describe, format_at, Body, Entry, Item, NewItem, Session, Volume};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::store::Access;

pub fn run(ctx: &Ctx, args: SessionArgs) -> Result<()> {
    let at = ctx.at(args.at.as_deref())?;
    let volume = Volume::new(args.sets, args.reps, args.minutes).map_err(|why| {
        let given = [("--sets", args.sets), ("--reps", args.reps), ("--minutes", args.minutes)]
            .iter()
            .filter_map(|(flag, v)| v.map(|v| format!("{flag} {v}")))
            .collect::<Vec<_>>()
            .join(" ");
        if given.is_empty() {
            InputError(format!("missing volume: {why}; sets 1–20, reps 1–200, minutes 1–600"))
        } else {
            InputError(format!("invalid volume '{given}': {why}"))
        }
    })?;
    let session = Session { kind: args.kind, volume, rpe: args.rpe, note: args.note };
    // Pain before and after are entries of their own, at the same minute, ordered by logging.
    let mut labelled: Vec<(&str, NewItem)> = Vec::new();
    labelled.extend(
        args.pain_before.map(|p| ("before the session: ", NewItem { at, body: Body::Entry(Entry::pain(p)) })),
    );
    labelled.push(("", NewItem { at, body: Body::Session(session) }));
    labelled.extend(
        args.pain_after.map(|p| ("after the session: ", NewItem { at, body: Body::Entry(Entry::pain(p)) })),
    );
    let (labels, items): (Vec<&str>, Vec<NewItem>) = labelled.into_iter().unzip();

    let mut store = ctx.open(Access::Write)?;
    let ids = store.insert(&items)?;
    let stored: Vec<Item> =
        ids.into_iter().zip(items).map(|(id, new)| Item { id, at: new.at, body: new.body }).collect();
    if ctx.json {
        print_json(&stored.iter().map(ItemJson::from).collect::<Vec<_>>())?;
    } else {
        let mut out = out();
        for (label, item) in labels.iter().zip(&stored) {
            writeln!(out, "logged #{} at {}: {label}{}", item.id, format_at(item.at), describe(&item.body))?;
        }
    }
    Ok(())
}
