//! `footing undo` and `footing delete ID`.

use anyhow::Result;

use super::{print_json, print_text, Ctx};
use crate::domain::{describe, format_at, Item};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::store::Access;

fn report(ctx: &Ctx, item: &Item) -> Result<()> {
    if ctx.json {
        return print_json(&ItemJson::from(item));
    }
    print_text(&deleted(item))
}

/// `deleted #ID at WHEN: WHAT`, one line.
fn deleted(item: &Item) -> String {
    format!("deleted #{} at {}: {}\n", item.id, format_at(item.at), describe(&item.body))
}

pub fn undo(ctx: &Ctx) -> Result<()> {
    let mut store = ctx.open(Access::Change)?;
    // A profile change newer than every item is the latest change.
    if let Some((now, removed)) = store.undo_profile_if_newest()? {
        if ctx.json {
            return print_json(&serde_json::json!({ "profile": now, "reverted": removed }));
        }
        return print_text(&format!(
            "reverted the profile change ({}); the profile is now: {}\n",
            super::profile::describe(&removed),
            super::profile::describe(&now)
        ));
    }
    let items = store.undo_group()?;
    match items.as_slice() {
        [] => Err(InputError("nothing to undo: no items are stored".into()).into()),
        [item] => report(ctx, item),
        // A `footing done` is undone as one step.
        _ if ctx.json => print_json(&items.iter().map(ItemJson::from).collect::<Vec<_>>()),
        _ => print_text(&items.iter().map(deleted).collect::<String>()),
    }
}

pub fn delete(ctx: &Ctx, id: i64) -> Result<()> {
    let mut store = ctx.open(Access::Change)?;
    match store.delete(id)? {
        Some(item) => report(ctx, &item),
        None => Err(InputError(format!(
            "invalid value '{id}' for ID: there is no item #{id}; `footing history --items` lists the ids"
        ))
        .into()),
    }
}
