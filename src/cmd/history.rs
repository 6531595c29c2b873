//! `footing history`: daily values (§4), or the stored items with their ids.

use std::io::Write;

use anyhow::Result;
use chrono::Duration;
use comfy_table::{ColumnConstraint, Width};

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

/// The foot check and the red flags of a day: "feet ok", the flags, both, or "–".
fn feet_and_flags(d: &Day) -> String {
    let flags = join_flags(&d.flags).replace(';', ", ");
    match (d.feet_ok, flags.is_empty()) {
        (true, true) => "feet ok".into(),
        (true, false) => format!("feet ok, {flags}"),
        (false, true) => "–".into(),
        (false, false) => flags,
    }
}

fn day_table(days: &[Day]) -> comfy_table::Table {
    let mut t = table([
        "date",
        "pain\nmean/worst",
        "stance s\nleft/right",
        "heel\nraises",
        "walk min\ntotal/longest",
        "numbness",
        "sessions",
        "foot check,\nred flags",
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
            format!(
                "{} / {}",
                d.stance_left.map_or("–".into(), |s| s.to_string()),
                d.stance_right.map_or("–".into(), |s| s.to_string())
            ),
            d.heel_raises.map_or("–".into(), |h| h.to_string()),
            walk,
            numb,
            if sessions.is_empty() { "–".into() } else { sessions },
            feet_and_flags(d),
        ]);
    }
    // On a narrow terminal the words columns wrap; a date or a number split over two lines
    // would be misread, so those columns keep their full width.
    let widest: Vec<usize> = (0..5)
        .map(|i| t.column_cells_iter(i).flatten().map(|c| c.content().chars().count()).max().unwrap_or(1))
        .collect();
    for (column, widest) in t.column_iter_mut().zip(widest) {
        // The width includes one space of padding on each side.
        let width = u16::try_from(widest + 2).unwrap_or(u16::MAX);
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_numb, Body, Entry, Item};
    use chrono::NaiveDate;

    #[test]
    fn on_an_80_column_terminal_dates_and_numbers_stay_whole() {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let entry = Entry {
            pain: Some(4),
            numb: parse_numb("both-toes,both-ball,left-arch,right-heel").ok(),
            walk: Some(125),
            flags: crate::domain::parse_flags("numbness-spread;night-pain").unwrap(),
            stance_left: crate::domain::parse_stance("112.5").ok(),
            stance_right: crate::domain::parse_stance("9").ok(),
            heel_raises: Some(12),
            note: None,
            feet_ok: true,
        };
        let days = daily::summarize(&[Item { id: 1, at, body: Body::Entry(entry) }]);
        let mut t = day_table(&days);
        t.set_width(80);
        let text = t.to_string();
        assert_eq!(feet_and_flags(&days[0]), "feet ok, night-pain, numbness-spread");
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{text}");
        }
        for whole in ["2025-03-01", "4 / 4", "112.5 / 9", "125 / 125"] {
            assert!(text.contains(whole), "{whole} split in\n{text}");
        }
    }
}
