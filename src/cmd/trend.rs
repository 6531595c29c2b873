//! `footing trend`: the two-week comparison (§5) as a table or as JSON.

use std::io::Write;

use anyhow::Result;
use chrono::Duration;
use comfy_table::{presets, CellAlignment, ColumnConstraint, Table, Width};

use super::{out, print_json, Ctx};
use crate::cli::AsOfArgs;
use crate::daily;
use crate::render::spark::{sparkline, GAP};
use crate::render::{num, table};
use crate::store::Access;
use crate::trend::{self, Direction, Key, Metric, Trend};

/// Every line of human output fits in this many columns.
pub const WIDTH: u16 = 80;

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let from = as_of - Duration::days(trend::SERIES_DAYS as i64 - 1);
    let days = daily::summarize(&store.items_between(from, as_of)?);
    let t = trend::compute(&days, as_of, store.first_day()?);
    if ctx.json {
        return print_json(&t);
    }
    write!(out(), "{}", render(&t))?;
    Ok(())
}

/// The human form: header, date ranges, the table and a legend.
pub fn render(t: &Trend) -> String {
    let mut s = String::new();
    match (t.program_week, t.phase()) {
        (Some(week), Some(phase)) => s.push_str(&format!("Program week {week} — {phase}\n")),
        _ => s.push_str("Program week: not started (nothing logged yet)\n"),
    }
    s.push_str(&format!(
        "before = {} to {}, now = {} to {}\n",
        t.previous.from, t.previous.to, t.current.from, t.current.to
    ));
    if t.is_empty() {
        s.push_str(&format!(
            "Nothing to compare yet: nothing was logged from {} to {}.\n",
            t.previous.from, t.current.to
        ));
        return s;
    }
    s.push_str(&format!("{}\n", metric_table(t)));
    s.push_str(&format!(
        "28 days: one bar a day, {} to {}; taller = higher; {GAP} = no value.\n",
        t.previous.from, t.current.to
    ));
    if t.metrics.iter().any(|m| m.meaningful == Some(true) && m.direction != Direction::Steady) {
        s.push_str("noticeably: pain changed by 2 points or 30% or more, a change people feel.\n");
    }
    if !t.numbness.new.is_empty() {
        s.push_str(&format!("New numb zones: {}.\n", zone_list(&t.numbness.new)));
    }
    if !t.numbness.resolved.is_empty() {
        s.push_str(&format!("No longer reported: {}.\n", zone_list(&t.numbness.resolved)));
    }
    s
}

fn zone_list(zones: &[crate::domain::Zone]) -> String {
    zones.iter().map(|z| z.to_string()).collect::<Vec<_>>().join(", ")
}

/// Column widths, each with one space of padding on the left; with the five one-space
/// column separators the table is exactly 80 columns wide.
const COLUMNS: [u16; 6] = [13, 7, 7, 8, 11, 29];

fn metric_table(t: &Trend) -> Table {
    let mut tab = table(["measure", "before", "now", "change", "direction", "28 days"]);
    // Without vertical lines, so that six columns and a 28-day sparkline fit in 80 columns.
    tab.load_preset(presets::UTF8_HORIZONTAL_ONLY);
    for m in &t.metrics {
        tab.add_row([
            m.key.label().to_string(),
            value(m, m.previous),
            value(m, m.current),
            change(m),
            direction_words(m),
            sparkline(&m.series),
        ]);
    }
    for (i, width) in COLUMNS.into_iter().enumerate() {
        if let Some(c) = tab.column_mut(i) {
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width))).set_padding((1, 0));
            if (1..=3).contains(&i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    tab.set_width(WIDTH);
    tab
}

fn value(m: &Metric, x: Option<f64>) -> String {
    match x {
        None => "–".into(),
        Some(x) if m.key.is_count() => num(x, 0),
        Some(x) => num(x, 2),
    }
}

fn signed(x: f64, places: usize) -> String {
    let s = num(x, places);
    if s != "0" && !s.starts_with('-') {
        format!("+{s}")
    } else {
        s
    }
}

fn change(m: &Metric) -> String {
    let Some(ch) = m.change else { return "–".into() };
    let places = if m.key.is_count() { 0 } else { 2 };
    match m.change_pct {
        // Percentages matter for the measures whose steady test uses them.
        Some(pct) if !matches!(m.key, Key::Pain | Key::NumbZones) => {
            format!("{}\n({}%)", signed(ch, places), signed(pct, 0))
        }
        _ => signed(ch, places),
    }
}

fn direction_words(m: &Metric) -> String {
    let words = match m.direction {
        Direction::Better => "better",
        Direction::Worse => "worse",
        Direction::Steady => "steady",
        Direction::NotAvailable => "not enough data",
    };
    match (m.meaningful, m.direction) {
        (Some(true), Direction::Better | Direction::Worse) => format!("noticeably {words}"),
        _ => words.to_string(),
    }
}
