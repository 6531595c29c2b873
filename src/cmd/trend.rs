//! `footing trend`: the two-week comparison (§5) as a table or as JSON.

use anyhow::Result;
use chrono::Duration;
use comfy_table::{presets, Cell, CellAlignment, Color, ColumnConstraint, Table, Width};

use super::{print_json, print_text, Ctx};
use crate::cli::AsOfArgs;
use crate::daily;
use crate::render::spark::{sparkline, GAP};
use crate::render::words::{self, signed};
use crate::render::{num, table, term};
use crate::store::Access;
use crate::trend::{self, Direction, Key, Metric, Trend};

/// Every line of human output fits in this many columns.
pub const WIDTH: u16 = 80;

pub fn run(ctx: &Ctx, args: &AsOfArgs) -> Result<()> {
    let as_of = ctx.date("--as-of", args.as_of.as_deref())?;
    let store = ctx.open(Access::Read)?;
    let from = as_of - Duration::days(trend::SERIES_DAYS as i64 - 1);
    // The 28 days read are the two windows (§5): read once, summarized once, so ten years
    // cost what one does.
    let items = store.items_between(from, as_of)?;
    let days = daily::summarize(&items);
    let mut t = trend::compute(&days, as_of, store.program_start(as_of)?);
    debug_assert_eq!((t.previous.from, t.current.to), (from, as_of));
    t.tests = crate::home::trend_tests(
        &crate::home::taken_from(&items),
        &crate::home::stance_of(&days),
        (t.previous.from, t.previous.to),
        (t.current.from, t.current.to),
    );
    if ctx.json {
        ctx.done_with(store);
        return print_json(&t);
    }
    // Days under a pause are not missed days (§7): the advice says which kinds and since when.
    // Most days no pause can be in force, which a few indexed rows prove without the advice.
    let paused = if store.pause_possible(as_of, &items, from)? {
        let advice = crate::assess::assess(&store, as_of)?.advice;
        crate::render::adherence::pause_of(&advice, as_of, t.current.from)
    } else {
        None
    };
    ctx.done_with(store);
    print_text(&render(&t, paused.as_ref().map(|(k, since, days)| (k.as_slice(), *since, *days))))
}

/// The human form: header, date ranges, the table and a legend; `paused` as for
/// [`crate::render::adherence::text`].
pub fn render(t: &Trend, paused: Option<(&[crate::domain::Kind], chrono::NaiveDate, u32)>) -> String {
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
    if shows_sparklines() {
        s.push_str(&format!(
            "28 days: one bar a day, {} to {}; taller = higher; {GAP} = no value.\n",
            t.previous.from, t.current.to
        ));
    }
    if t.metrics.iter().any(|m| m.meaningful == Some(true) && m.direction != Direction::Steady) {
        s.push_str("noticeably: pain changed by 2 points or 30% or more, a change people feel.\n");
    }
    if t.metrics.iter().any(Metric::under_fall_risk_stance) {
        s.push_str(&format!("{FALL_MARK} under 30 s — a level linked to more falls.\n"));
    }
    // Zones are only "new" against weeks that had a numbness check: with none, every zone
    // reported now would look new (the JSON `new` still follows §5 literally).
    let checked_before = t.metric(Key::NumbZones).is_some_and(|m| m.previous_days > 0);
    if !checked_before && !t.numbness.current_zones.is_empty() {
        s.push_str(&zone_lines("Numb zones now:", &t.numbness.current_zones));
        s.push_str("(No numbness check in the two weeks before to compare with.)\n");
    } else if !t.numbness.new.is_empty() {
        s.push_str(&zone_lines("New numb zones:", &t.numbness.new));
    }
    if !t.numbness.resolved.is_empty() {
        s.push_str(&zone_lines("No longer reported:", &t.numbness.resolved));
    }
    s.push('\n');
    s.push_str(&crate::render::adherence::text(&t.adherence, paused, usize::from(WIDTH)));
    s.push_str(&tests_text(&t.tests));
    s
}

/// The home tests taken in either window: the latest result of each (§11.2).
fn tests_text(tests: &[crate::home::TrendTest]) -> String {
    if tests.is_empty() {
        return String::new();
    }
    let shown = |l: &Option<crate::home::Latest>| match l {
        None => "—".to_string(),
        Some(l) => {
            let v: Vec<String> = l.values.iter().map(|v| v.map_or("—".into(), |v| v.to_string())).collect();
            format!("{} ({})", v.join(", "), l.date)
        }
    };
    let mut s = String::from("\nHome tests, the latest in each window (footing tests explains them):\n");
    for t in tests {
        s.push_str(&format!("  {}: before {}, now {}\n", t.test, shown(&t.previous), shown(&t.current)));
    }
    s
}

/// Marks a foot's stance mean under 30 s in the "now" column; explained under the table.
const FALL_MARK: char = '*';

/// `title` and the zones, comma-separated, wrapped at zone boundaries to [`WIDTH`] columns
/// (continuation lines indented by two spaces), ending with a full stop.
fn zone_lines(title: &str, zones: &[crate::domain::Zone]) -> String {
    let mut s = String::new();
    let mut line = title.to_string();
    for (i, zone) in zones.iter().enumerate() {
        let word = format!("{zone}{}", if i + 1 == zones.len() { "." } else { "," });
        if line.chars().count() + 1 + word.chars().count() > usize::from(WIDTH) {
            s.push_str(&line);
            s.push('\n');
            line = format!("  {word}");
        } else {
            line.push(' ');
            line.push_str(&word);
        }
    }
    s.push_str(&line);
    s.push('\n');
    s
}

/// Column widths, each with one space of padding on the left; with the five one-space
/// column separators the table is exactly 80 columns wide.
const COLUMNS: [u16; 6] = [13, 7, 7, 8, 11, 29];

/// The sparkline column needs the 80 columns the table has with it; narrower, it is left out.
fn shows_sparklines() -> bool {
    term::width() >= usize::from(WIDTH)
}

fn metric_table(t: &Trend) -> Table {
    let mut header = vec!["measure", "before", "now", "change", "direction"];
    let spark = shows_sparklines();
    if spark {
        header.push("28 days");
    }
    let mut tab = table(header);
    // Without vertical lines, so that six columns and a 28-day sparkline fit in 80 columns.
    tab.load_preset(presets::UTF8_HORIZONTAL_ONLY);
    for m in &t.metrics {
        let direction = Cell::new(words::direction(m));
        let direction = match m.direction {
            Direction::Better => direction.fg(Color::DarkGreen),
            Direction::Worse => direction.fg(Color::DarkRed),
            _ => direction,
        };
        let mut row = vec![
            Cell::new(m.key.label()),
            Cell::new(value(m, m.previous)),
            Cell::new(now(m)),
            Cell::new(change(m)),
            direction,
        ];
        if spark {
            row.push(Cell::new(sparkline(&m.series)));
        }
        tab.add_row(row);
    }
    for (i, width) in COLUMNS.into_iter().enumerate() {
        if let Some(c) = tab.column_mut(i) {
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width))).set_padding((1, 0));
            if (1..=3).contains(&i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    let columns = if spark { COLUMNS.len() } else { COLUMNS.len() - 1 };
    let width: u16 = COLUMNS[..columns].iter().sum::<u16>() + columns as u16 - 1;
    tab.set_width(width);
    tab
}

/// The current value, marked when a foot's stance is under 30 s.
fn now(m: &Metric) -> String {
    match m.current {
        Some(x) if m.under_fall_risk_stance() => {
            format!("{}{FALL_MARK}", fit(x, places(m), cell_width(2) - 1, false))
        }
        _ => value(m, m.current),
    }
}

fn value(m: &Metric, x: Option<f64>) -> String {
    match x {
        None => "–".into(),
        Some(x) => fit(x, places(m), cell_width(1), false),
    }
}

/// Decimals shown for a metric's values and changes: none for counts, else up to 2.
fn places(m: &Metric) -> usize {
    if m.key.is_count() {
        0
    } else {
        2
    }
}

/// The room for text in column `i` (its width less the one space of padding).
fn cell_width(i: usize) -> usize {
    usize::from(COLUMNS[i]) - 1
}

/// `x` with at most `places` decimals, fewer when that is what it takes to fit in `width`
/// characters: a number that comfy-table wrapped onto two lines would be misread.
fn fit(x: f64, places: usize, width: usize, sign: bool) -> String {
    let show = |p| if sign { signed(x, p) } else { num(x, p) };
    (0..=places).rev().map(show).find(|s| s.chars().count() <= width).unwrap_or_else(|| show(0))
}

fn change(m: &Metric) -> String {
    let Some(ch) = m.change else { return "–".into() };
    let ch = fit(ch, places(m), cell_width(3), true);
    match m.change_pct {
        // Percentages matter for the measures whose steady test uses them.
        Some(pct) if words::shows_change_pct(m) => {
            let pct = format!("({}%)", signed(pct, 0));
            // Values are never negative, so only a rise can be too wide (−100 % at most).
            let pct = if pct.chars().count() > cell_width(3) { "(>999%)".to_string() } else { pct };
            format!("{ch}\n{pct}")
        }
        _ => ch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daily::summarize;
    use crate::domain::{parse_numb, Body, Entry, Item, Kind, Session, Stance, Volume, Work};
    use chrono::{NaiveDate, NaiveDateTime};

    const D: &str = "2025-03-28";

    fn at(days_before: i64, hour: u32) -> NaiveDateTime {
        let d = NaiveDate::parse_from_str(D, "%Y-%m-%d").unwrap();
        (d - Duration::days(days_before)).and_hms_opt(hour, 0, 0).unwrap()
    }

    fn entry(days_before: i64, hour: u32, e: Entry) -> Item {
        Item { id: 0, at: at(days_before, hour), body: Body::Entry(e) }
    }

    fn session(days_before: i64) -> Item {
        Item {
            id: 0,
            at: at(days_before, 18),
            body: Body::Session(Session {
                kind: Kind::Strength,
                work: Work::Volume(Volume::Minutes(600)),
                rpe: None,
                note: None,
            }),
        }
    }

    fn render_items(items: &[Item]) -> String {
        let d = NaiveDate::parse_from_str(D, "%Y-%m-%d").unwrap();
        let text = render(&trend::compute(&summarize(items), d, Some(d - Duration::days(10_000))), None);
        anstream::adapter::strip_str(&text).to_string()
    }

    fn line_with<'a>(out: &'a str, start: &str) -> (&'a str, &'a str) {
        let mut lines = out.lines();
        while let Some(l) = lines.next() {
            if l.starts_with(start) {
                return (l, lines.next().unwrap_or(""));
            }
        }
        panic!("no line starting with {start:?} in\n{out}");
    }

    /// Pain 10 → 0, stance 0.1 s → 300 s, heel raises 1 → 200, walking 1 → 1439.93 min/day
    /// (totals of 1440 on 13 days and 1439 on one), 40 sessions a day, all 16 zones newly numb.
    fn extreme() -> Vec<Item> {
        let mut items = Vec::new();
        for i in 0..28 {
            let now = i < 14;
            items.push(entry(
                i,
                8,
                Entry {
                    pain: Some(if now { 0 } else { 10 }),
                    stance_left: Stance::from_tenths(if now { 3000 } else { 1 }),
                    stance_right: Stance::from_tenths(if now { 3000 } else { 1 }),
                    heel_raises: Some(if now { 200 } else { 1 }),
                    walk: Some(if now { 720 } else { 1 }),
                    numb: if now {
                        parse_numb(
                            "both-toes,both-ball,both-arch,both-heel,both-top,both-ankle,both-shin,both-calf",
                        )
                        .ok()
                    } else {
                        parse_numb("none").ok()
                    },
                    ..Entry::default()
                },
            ));
            if now {
                let second = if i == 0 { 719 } else { 720 };
                items.push(entry(i, 9, Entry { walk: Some(second), ..Entry::default() }));
                items.extend((0..40).map(|_| session(i)));
            }
        }
        items
    }

    #[test]
    fn extreme_values_fit_80_columns_and_no_number_is_split() {
        let out = render_items(&extreme());
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{} wide: {line}\n{out}", line.chars().count());
        }
        // Numbers too wide for their column lose decimals instead of wrapping onto a second
        // line, and percentages of a thousand or more read "(>999%)".
        let (walk, below) = line_with(&out, " walking");
        assert!(walk.contains(" 1  1439.9  +1438.9  better "), "{out}");
        assert!(below.contains("(>999%)"), "{out}");
        // Nothing spills into the before/now columns of the second line (a split "1439.9|3").
        assert!(!below.chars().take(31).any(|c| c.is_ascii_digit()), "{out}");
        let (stance, below) = line_with(&out, " stance left");
        assert!(stance.contains("0.1     300   +299.9  better "), "{out}");
        assert!(below.contains("(>999%)"), "{out}");
        let (pain, _) = line_with(&out, " pain (0–10)");
        assert!(pain.contains("10       0      -10  noticeably"), "{out}");
        let (sessions, _) = line_with(&out, " sessions");
        assert!(sessions.contains("0     560     +560  better "), "{out}");
        // All 16 new zones are listed, on lines that fit.
        for zone in crate::domain::Zone::all() {
            assert!(out.contains(&zone.to_string()), "{zone} missing from\n{out}");
        }
        assert!(out.contains("New numb zones: left-toes, left-ball,"), "{out}");
    }

    #[test]
    fn zones_are_not_called_new_when_the_weeks_before_had_no_check() {
        let numb = |days_before, zones| {
            entry(days_before, 8, Entry { numb: parse_numb(zones).ok(), ..Entry::default() })
        };
        let note =
            |days_before| entry(days_before, 8, Entry { note: Some("rest".into()), ..Entry::default() });
        // Nothing checked before (a note only): there is nothing to call the zones new against.
        let out = render_items(&[note(20), numb(3, "left-toes,right-heel")]);
        assert!(!out.contains("New numb zones"), "{out}");
        assert!(
            out.contains(
                "Numb zones now: left-toes, right-heel.\n(No numbness check in the two weeks before to compare with.)\n"
            ),
            "{out}"
        );
        // A `none` check before: the zones are new.
        let out = render_items(&[numb(20, "none"), numb(3, "left-toes,right-heel")]);
        assert!(out.contains("New numb zones: left-toes, right-heel.\n"), "{out}");
        assert!(!out.contains("Numb zones now"), "{out}");
    }
}
