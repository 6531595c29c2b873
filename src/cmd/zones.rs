//! `footing zones`: the numbness map, zones × weeks, days reported.

use anyhow::Result;

use super::{print_json, print_text, Ctx};
use crate::cli::ZonesArgs;
use crate::daily;
use crate::render::{table, term};
use crate::store::Access;
use crate::trend::{self, ZoneMap};

/// Weeks per table, so that a table fits the width: the zone column takes 16 columns (with
/// the borders at both ends), each week 13 (a whole date and its borders).
fn weeks_per_table() -> usize {
    (term::width().saturating_sub(16) / 13).max(1)
}

pub fn run(ctx: &Ctx, args: &ZonesArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let from = trend::zone_map_start(as_of, args.weeks);
    let days = daily::summarize(&store.items_between(from, as_of)?);
    let map = trend::zone_weeks(&days, as_of, args.weeks);
    if ctx.json {
        return print_json(&map);
    }
    print_text(&render(&map))
}

/// The human form: one table per (up to) four weeks at 80 columns, a row per zone, days reported per week.
pub fn render(map: &ZoneMap) -> String {
    let checked: u32 = map.weeks.iter().map(|w| w.days_checked).sum();
    let weeks = map.weeks.len();
    let mut s = format!(
        "Numbness, {} to {} ({weeks} week{}): days each zone was reported\n",
        map.from,
        map.to,
        if weeks == 1 { "" } else { "s" }
    );
    if checked == 0 {
        s.push_str(
            "No numbness checks were logged in these weeks (log one with --numb ZONES or --numb none).\n",
        );
        return s;
    }
    if map.zones.is_empty() {
        let days = if checked == 1 { "the 1 day".to_string() } else { format!("any of the {checked} days") };
        s.push_str(&format!("No numbness reported on {days} checked.\n"));
        return s;
    }
    for chunk in map.weeks.chunks(weeks_per_table()) {
        let mut header = vec!["zone".to_string()];
        // Dated, not numbered: "week 1" here would read as week 1 of the program.
        // Whole dates, as everywhere else: "03-08" alone reads as 3 August to many.
        header.extend(chunk.iter().map(|w| format!("week of\n{}", w.from)));
        let mut t = table(header);
        let mut row = vec!["days checked".to_string()];
        row.extend(chunk.iter().map(|w| w.days_checked.to_string()));
        t.add_row(row);
        for z in &map.zones {
            let mut row = vec![z.zone.to_string()];
            for w in chunk {
                let i = (w.week - 1) as usize;
                let n = z.days.get(i).copied().unwrap_or(0);
                let cell = if w.days_checked == 0 {
                    "–".to_string()
                } else if w.new.contains(&z.zone) {
                    format!("{n} new")
                } else {
                    n.to_string()
                };
                row.push(cell);
            }
            t.add_row(row);
        }
        s.push_str(&format!("{t}\n"));
    }
    s.push_str(
        "Each week is 7 days from the date shown. \"new\": not reported in any earlier week shown \
         that had a check. \"–\": no numbness check that week.\n",
    );
    s
}
