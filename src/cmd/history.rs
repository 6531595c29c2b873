//! `footing history`: daily values (§4), or the stored items with their ids.

use std::io::Write;

use anyhow::Result;
use chrono::Duration;
use comfy_table::{Attribute, Cell, CellAlignment, Color};

use super::{out, print_json, print_text, Ctx};
use crate::cli::HistoryArgs;
use crate::daily::{self, Day};
use crate::domain::{describe, format_at, join_flags, Kind, Numb, Side};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::render::term::{self, paint, ALARM};
use crate::render::{compact, fit, keep_words_whole, natural_width, opt_num, table};
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
        let mut t = table(["id", "at", "what"]);
        for item in &items {
            // Glued so that a dose (`2 × 10`) is never split over two lines of the cell.
            t.add_row([format!("#{}", item.id), format_at(item.at), term::glue(&describe(&item.body))]);
        }
        fit(&mut t);
        return print_text(&format!("{t}\n"));
    }

    let days = daily::summarize(&items);
    if ctx.json {
        return print_json(&days);
    }
    if days.is_empty() {
        writeln!(out(), "nothing logged from {from} to {to}")?;
        return Ok(());
    }
    print_text(&days_text(&days))
}

/// What the compact columns mean, printed under the table.
const LEGEND: &str = "pain: the day's mean/worst (0–10). stance: best seconds, left/right. heel: heel \
                      raises. walk: minutes in all/longest bout. numb: L left, R right, both: the same on both feet. sessions: S \
                      strength, B balance, M mobility, with counts. feet: ok when the foot check was done. `--items` and `--json` show every \
                      detail.";

/// The days as text: a compact table that fits the width, its legend, and the red flags.
fn days_text(days: &[Day]) -> String {
    // Both feet's zones on one line when the table fits that way, else a line each.
    let mut t = day_table(days, " · ");
    if natural_width(&t) > term::width() {
        t = day_table(days, "\n");
    }
    let mut s = format!("{t}\n{LEGEND}\n");
    let flagged: Vec<String> = days
        .iter()
        .filter(|d| !d.flags.is_empty())
        .map(|d| format!("{} {}", d.date, join_flags(&d.flags).replace(';', ", ")))
        .collect();
    if !flagged.is_empty() {
        s.push_str(&paint(&format!("Red flags: {}.", flagged.join("; ")), ALARM));
        s.push('\n');
    }
    s
}

/// Zones in a few characters: `L toes ball · R toes`, `both toes`, `none`; the two sides are
/// joined by `sides`.
fn compact_numb(numb: &Numb, sides: &str) -> String {
    if numb.is_empty() {
        return "none".into();
    }
    let regions = |side: Side| {
        numb.iter().filter(|z| z.side == side).map(|z| z.region.as_str()).collect::<Vec<_>>().join(" ")
    };
    let (left, right) = (regions(Side::Left), regions(Side::Right));
    if left == right {
        return format!("both {left}");
    }
    [("L", left), ("R", right)]
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .map(|(side, r)| format!("{side} {r}"))
        .collect::<Vec<_>>()
        .join(sides)
}

/// Sessions as counts by kind: `S1 B1 M2`.
fn compact_sessions(d: &Day) -> String {
    let counts: Vec<String> = Kind::ALL
        .iter()
        .filter_map(|k| d.sessions.get(k).map(|n| format!("{}{n}", k.as_str()[..1].to_ascii_uppercase())))
        .collect();
    if counts.is_empty() {
        "–".into()
    } else {
        counts.join(" ")
    }
}

fn day_table(days: &[Day], sides: &str) -> comfy_table::Table {
    let mut t = table(["date", "pain", "stance\nL/R", "heel", "walk", "numb", "sessions", "feet"]);
    let dash = || "–".to_string();
    for d in days {
        let pain = match (d.pain, d.pain_worst) {
            (Some(mean), Some(worst)) => format!("{}/{worst}", opt_num(Some(mean), 1)),
            _ => dash(),
        };
        let walk = match (d.walk_minutes, d.walk_longest) {
            (Some(total), Some(longest)) => format!("{total}/{longest}"),
            _ => dash(),
        };
        let stance = match (d.stance_left, d.stance_right) {
            (None, None) => dash(),
            (l, r) => format!(
                "{}/{}",
                l.map_or_else(dash, |s| s.to_string()),
                r.map_or_else(dash, |s| s.to_string())
            ),
        };
        let date = if d.flags.is_empty() {
            Cell::new(d.date)
        } else {
            Cell::new(d.date).fg(Color::DarkRed).add_attribute(Attribute::Bold)
        };
        t.add_row(vec![
            date,
            Cell::new(pain),
            Cell::new(stance),
            Cell::new(d.heel_raises.map_or_else(dash, |h| h.to_string())),
            Cell::new(walk),
            Cell::new(d.numb.as_ref().map_or_else(dash, |z| compact_numb(z, sides))),
            Cell::new(compact_sessions(d)),
            Cell::new(if d.feet_ok { "ok" } else { "–" }),
        ]);
    }
    compact(&mut t);
    for (i, column) in t.column_iter_mut().enumerate() {
        if (1..=4).contains(&i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    keep_words_whole(&mut t);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_numb, Body, Entry, Item};
    use chrono::NaiveDate;

    #[test]
    fn the_compact_columns_fit_60_columns_and_keep_dates_and_numbers_whole() {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let entry = Entry {
            pain: Some(4),
            numb: parse_numb("both-toes,both-ball,left-arch,right-heel,left-ankle").ok(),
            walk: Some(1440),
            flags: crate::domain::parse_flags("numbness-spread;night-pain").unwrap(),
            stance_left: crate::domain::parse_stance("112.5").ok(),
            stance_right: crate::domain::parse_stance("9").ok(),
            heel_raises: Some(120),
            note: None,
            feet_ok: true,
        };
        let session = |kind| {
            Body::Session(crate::domain::Session {
                kind,
                work: crate::domain::Work::Volume(crate::domain::Volume::Minutes(10)),
                rpe: None,
                note: None,
            })
        };
        let items = [
            Item { id: 1, at, body: Body::Entry(entry) },
            Item { id: 2, at, body: session(Kind::Mobility) },
            Item { id: 3, at, body: session(Kind::Strength) },
            Item { id: 4, at, body: session(Kind::Mobility) },
        ];
        let days = daily::summarize(&items);
        let mut t = day_table(&days, "\n");
        t.set_width(60);
        let text = anstream::adapter::strip_str(&t.to_string()).to_string();
        for line in text.lines() {
            assert!(line.chars().count() <= 60, "{text}");
        }
        for whole in ["2025-03-01", "4/4", "112.5/9", "120", "1440/1440", "S1 M2    ok", "L toes", "R toes"] {
            assert!(text.contains(whole), "{whole} split in\n{text}");
        }
        for word in ["toes", "ball", "arch", "heel", "ankle"] {
            assert!(text.split_whitespace().any(|w| w == word), "{word} split in\n{text}");
        }
        let all = days_text(&days);
        assert!(all.contains("Red flags: 2025-03-01 night-pain, numbness-spread."), "{all}");
    }

    #[test]
    fn zones_are_compact_by_side() {
        let z = |s| compact_numb(&parse_numb(s).unwrap(), " · ");
        assert_eq!(z("left-toes,left-ball,right-toes"), "L toes ball · R toes");
        assert_eq!(z("right-calf"), "R calf");
        assert_eq!(z("both-toes,both-heel"), "both toes heel");
        assert_eq!(z("none"), "none");
    }
}
