//! `footing log`: record one entry.

use anyhow::Result;
use chrono::{Days, NaiveDateTime};

use super::{print_json, print_text, Ctx};
use crate::advice::logging_warnings;
use crate::cli::LogArgs;
use crate::domain::{describe, format_at, Body, Entry, Item, NewItem, Numb};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::render::term;
use crate::store::Access;

/// Joins repeated `--numb` values; `none` must stand alone.
pub fn merge_numb(lists: Vec<Numb>) -> Result<Option<Numb>, InputError> {
    if lists.len() > 1 && lists.iter().any(Numb::is_empty) {
        return Err(InputError::value(
            "--numb",
            "none",
            "`none` means no numbness and cannot be combined with zones",
        ));
    }
    Ok(lists.into_iter().reduce(|mut a, b| {
        a.extend(b);
        a
    }))
}

pub fn run(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let at = ctx.at(args.at.as_deref())?;
    let entry = Entry {
        pain: args.pain,
        numb: merge_numb(args.numb)?,
        stance_left: args.stance_left,
        stance_right: args.stance_right,
        heel_raises: args.heel_raises,
        walk: args.walk,
        flags: args.flag.into_iter().collect(),
        note: args.note,
        feet_ok: args.feet_ok,
    };
    store_entry(ctx, at, entry)
}

/// Stores one entry as `log` does, for `log` and `checkin` alike: refuses an empty entry,
/// warns about red flags and long walks (§6), prints what was stored and its id.
pub fn store_entry(ctx: &Ctx, at: NaiveDateTime, entry: Entry) -> Result<()> {
    if entry.is_empty() {
        return Err(InputError(
            "nothing to log: give at least one measure, red flag or note, like `footing log --pain 3` \
             (see `footing log --help`)"
                .into(),
        )
        .into());
    }
    if let Some(f) = crate::domain::skin_flag_with_feet_ok(&entry) {
        return Err(InputError::value("--flag", f.as_str(), crate::domain::feet_ok_contradiction(f)).into());
    }
    let mut store = ctx.open(Access::Write)?;
    // A red flag, a walking bout or a stance or heel-raise value may need a warning (§6);
    // only then read the 30 days before.
    let measured = entry.stance_left.is_some() || entry.stance_right.is_some() || entry.heel_raises.is_some();
    let warnings = if entry.walk.is_some() || !entry.flags.is_empty() || measured {
        let day = at.date();
        let from = day.checked_sub_days(Days::new(30)).unwrap_or(day);
        // A long walk is warned about with the target `advise` and `plan` give for its day.
        let (today, pause) = match entry.walk {
            Some(_) => {
                let advice = crate::assess::assess(&store, day)?.advice;
                (advice.walk().copied(), advice.pause)
            }
            None => (None, None),
        };
        let mut warnings = logging_warnings(&entry, at, &store.items_between(from, day)?, today.as_ref());
        // A walk while a red flag pauses walking: stored, but the person is told, as `plan`
        // would have told them (once: a long walk's warning already says it).
        let said = warnings.iter().any(|w| w.contains("walking is paused"));
        if let Some((flag, since)) = pause.filter(|_| !said) {
            warnings.push(format!(
                "walking is paused by the {} of {since} (see `footing plan`); the walk is recorded, \
                 but rest your feet until the pause ends",
                flag.as_str()
            ));
        }
        warnings
    } else {
        Vec::new()
    };
    let body = Body::Entry(entry);
    let id = store.insert(&[NewItem { at, body: body.clone() }])?[0];
    let item = Item { id, at, body };
    if ctx.json {
        print_json(&ItemJson::from(&item))?;
    } else {
        print_text(&format!("logged #{id} at {}: {}\n", format_at(at), describe(&item.body)))?;
    }
    for warning in warnings {
        eprint!("{}", term::wrap(&format!("warning: {warning}\n"), term::width()));
    }
    Ok(())
}
