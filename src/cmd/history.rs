//! `footing history`: daily values (§4), or the stored items with their ids.

use std::io::Write;

use anyhow::Result;
use chrono::Duration;

use super::{out, print_json, Ctx};
use crate::cli::HistoryArgs;
use crate::daily::{self, Day};
use crate::domain::{describe, format_at, join_flags, join_numb};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::render::{opt_num, table};
use crate::store::Access;

/// How many days `history` shows without --days or --from.
const DEFAULT_DAYS: u32 = 14;

pub fn run(ctx: &Ctx, args: &HistoryArgs) -> Result<()> {
    let to = ctx.date("--to", args.to.as_deref())?;
    let from = match &args.from {
        Some(_) => ctx.date("--from", args.from.as_deref())?,
        None => to - Duration::days(i64::from(args.days.unwrap_or(DEFAULT_DAYS)) - 1),
    };
    if from > to {
        let last = if args.to.is_some() { format!("--to {to}") } else { format!("today ({to})") };
        return Err(InputError(format!(
            "invalid range: --from {from} is after {last}; the first day must come before the last"
        ))
        .into());
    }
    let store = ctx.open(Access::Read)?;
    let items = store.items_between(from, to)?;

    if args.items {
        if ctx.json {
            return print_json(&items.iter().map(ItemJson::from).collect::<Vec<_>>());
        }
        if items.is_empty() {
            writeln!(out(), "nothing logged from {from} to {to}")?;
            return Ok(());
        }
        let mut t = table(["id", "at", "type", "what"]);
        for item in &items {
            t.add_row([
                format!("#{}", item.id),
                format_at(item.at),
                item.body.type_name().to_string(),
                describe(&item.body),
            ]);
        }
        writeln!(out(), "{t}")?;
        return Ok(());
    }

    let days = daily::summarize(&items);
    if ctx.json {
        return print_json(&days);
    }
    if days.is_empty() {
        writeln!(out(), "nothing logged from {from} to {to}")?;
        return Ok(());
    }
    writeln!(out(), "{}", day_table(&days))?;
    Ok(())
}

fn day_table(days: &[Day]) -> comfy_table::Table {
    let mut t = table([
        "date",
        "pain\n(mean/worst)",
        "stance L\n(s)",
        "stance R\n(s)",
        "heel\nraises",
        "walk min\n(total/longest)",
        "numbness",
        "sessions",
        "red flags",
    ]);
    for d in days {
        let pain = match (d.pain, d.pain_worst) {
            (Some(mean), Some(worst)) => format!("{} / {worst}", opt_num(Some(mean), 1)),
            _ => "–".into(),
        };
        let walk = match (d.walk_minutes, d.walk_longest) {
            (Some(total), Some(longest)) => format!("{total} / {longest}"),
            _ => "–".into(),
        };
        let numb = match &d.numb {
            None => "–".to_string(),
            Some(z) if z.is_empty() => "none".to_string(),
            Some(z) => join_numb(z).replace(';', ", "),
        };
        let sessions = d
            .sessions
            .iter()
            .map(|(kind, n)| if *n == 1 { kind.to_string() } else { format!("{kind} ×{n}") })
            .collect::<Vec<_>>()
            .join(", ");
        t.add_row([
            d.date.to_string(),
            pain,
            d.stance_left.map_or("–".into(), |s| s.to_string()),
            d.stance_right.map_or("–".into(), |s| s.to_string()),
            d.heel_raises.map_or("–".into(), |h| h.to_string()),
            walk,
            numb,
            if sessions.is_empty() { "–".into() } else { sessions },
            if d.flags.is_empty() { "–".into() } else { join_flags(&d.flags).replace(';', ", ") },
        ]);
    }
    t
}
