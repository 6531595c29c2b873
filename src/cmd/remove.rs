//! `footing undo` and `footing delete ID`.

use anyhow::Result;
use rusqlite::types::Value;

use super::{print_json, print_text, Ctx};
use crate::domain::{describe, format_at, Item};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::store::journal::{Row, Undone};
use crate::store::{item_from_row, Access};

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

/// `#ID at WHEN: WHAT` for a row of the journal; an item type this version does not know is
/// shown by its type.
fn shown(row: &Row) -> String {
    match item_from_row(row) {
        Ok(item) => format!("#{} at {}: {}", item.id, format_at(item.at), describe(&item.body)),
        Err(_) => {
            let text = |c: &str| match row.get(c) {
                Some(Value::Text(s)) => s.clone(),
                _ => String::new(),
            };
            format!("#{} at {} {}: a {}", row.rid, text("day"), text("time"), text("type"))
        }
    }
}

fn json_of(row: &Row) -> serde_json::Value {
    match item_from_row(row) {
        Ok(item) => serde_json::to_value(ItemJson::from(&item)).unwrap_or(serde_json::Value::Null),
        Err(_) => serde_json::json!({"id": row.rid}),
    }
}

/// What `undo` says it reverted: one line per item removed or put back, then the program
/// and the profile.
fn undone_text(u: &Undone) -> String {
    let mut text = String::new();
    let more = u.removed_count.saturating_sub(u.removed.len());
    if u.what == "import" {
        text.push_str(&format!(
            "undid the import: deleted the {} item{} it added\n",
            u.removed_count,
            if u.removed_count == 1 { "" } else { "s" }
        ));
    } else {
        for row in &u.removed {
            text.push_str(&format!("deleted {}\n", shown(row)));
        }
        if more > 0 {
            text.push_str(&format!("deleted {more} more items recorded with them\n"));
        }
    }
    for (before, after) in &u.restored {
        match after {
            Some(after) => {
                text.push_str(&format!("undid the edit of #{}: it is back as it was\n", before.rid));
                text.push_str(&format!("  before the undo: {}\n", shown(after)));
                text.push_str(&format!("  now:             {}\n", shown(before)));
            }
            None => text.push_str(&format!("put back {}\n", shown(before))),
        }
    }
    if u.program {
        let what = match u.what.as_str() {
            "program reset" => "undid `program reset`: your own program is back as it was",
            "import" => "the program the import replaced is back as it was",
            _ => "undid the program change: the program is back as it was",
        };
        text.push_str(&format!("{what} (see `footing program`)\n"));
    }
    if u.profile {
        text.push_str("undid the profile change: the profile is back as it was (see `footing profile`)\n");
    }
    text
}

pub fn undo(ctx: &Ctx) -> Result<()> {
    let mut store = ctx.open(Access::Change)?;
    let profile_before = store.profile()?;
    if let Some(undone) = store.undo_change()? {
        // A profile change alone: the profile as it is now, and the one reverted.
        if undone.profile && undone.removed_count == 0 && undone.restored.is_empty() && !undone.program {
            let now = store.profile()?;
            if ctx.json {
                return print_json(&serde_json::json!({ "profile": now, "reverted": profile_before }));
            }
            return print_text(&format!(
                "reverted the profile change ({}); the profile is now: {}\n",
                super::profile::describe(&profile_before),
                super::profile::describe(&now)
            ));
        }
        // Items recorded together (`log`, `session`, `done`) keep the shape they always had.
        let items_only = undone.restored.is_empty() && !undone.program && !undone.profile;
        if ctx.json {
            if items_only && undone.what != "import" && undone.removed_count == 1 {
                return print_json(&json_of(&undone.removed[0]));
            }
            if items_only && undone.what != "import" {
                return print_json(&undone.removed.iter().map(json_of).collect::<Vec<_>>());
            }
            return print_json(&serde_json::json!({
                "undid": if undone.what.is_empty() { "items" } else { undone.what.as_str() },
                "deleted": undone.removed_count,
                "deleted_items": undone.removed.iter().map(json_of).collect::<Vec<_>>(),
                "restored": undone.restored.iter().map(|(r, _)| json_of(r)).collect::<Vec<_>>(),
                "program": undone.program,
                "profile": undone.profile,
            }));
        }
        return print_text(&undone_text(&undone));
    }
    // A database from before the change journal: its newest item (with its `done` group).
    let items = store.undo_group()?;
    match items.as_slice() {
        [] => Err(InputError("nothing to undo: no changes are stored".into()).into()),
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
