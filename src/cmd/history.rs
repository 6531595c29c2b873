//! `footing history`: daily values (§4), or the stored items with their ids.

use std::io::{BufWriter, Write};

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use comfy_table::{Attribute, Cell, CellAlignment, Color};

use super::{out, print_json, print_text, Ctx};
use crate::cli::HistoryArgs;
use crate::daily::{self, Day};
use crate::domain::{describe, format_at, join_flags, Kind, Numb, Side};
use crate::error::InputError;
use crate::record::ItemJson;
use crate::render::term::{self, paint, ALARM};
use crate::render::{compact, keep_words_whole, natural_width, opt_num, table};
use crate::store::{Access, Store};

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
    if args.items {
        return items(ctx, &store, from, to);
    }
    let items = store.items_between(from, to)?;

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

/// `history --items`: the items streamed as they are read (§8: memory bounded at any size,
/// time linear in what is printed), as a JSON list or as a table whose rows are written one
/// at a time. A read that fails half-way (a damaged page) leaves the output unterminated.
fn items(ctx: &Ctx, store: &Store, from: NaiveDate, to: NaiveDate) -> Result<()> {
    let mut o = BufWriter::new(out());
    let mut count = 0usize;
    if ctx.json {
        store.each_item_between(from, to, |item| {
            let json =
                serde_json::to_string_pretty(&ItemJson::from(&item)).context("could not format JSON")?;
            o.write_all(if count == 0 { b"[\n" } else { b",\n" })?;
            let indented = json.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n");
            o.write_all(crate::render::json_safe(indented).as_bytes())?;
            count += 1;
            Ok(())
        })?;
        o.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })?;
        o.flush()?;
        return Ok(());
    }
    let rows = ItemRows::new(store.max_id()?, term::width());
    store.each_item_between(from, to, |item| {
        if count == 0 {
            o.write_all(rows.top().as_bytes())?;
        }
        count += 1;
        // Glued so that a dose (`2 × 10`) is never split over two lines of the cell.
        let what = term::glue(&describe(&item.body));
        o.write_all(rows.row(&format!("#{}", item.id), &format_at(item.at), &what).as_bytes())?;
        Ok(())
    })?;
    if count == 0 {
        writeln!(o, "nothing logged from {from} to {to}")?;
    } else {
        o.write_all(rows.bottom().as_bytes())?;
    }
    o.flush()?;
    Ok(())
}

/// The table of `history --items`, one row at a time: the id column as wide as the highest
/// id, the date column fixed, and the rest of the width for what the item holds.
struct ItemRows {
    id: usize,
    what: usize,
}

/// The date column: `YYYY-MM-DD HH:MM`.
const AT: usize = 16;
/// The narrowest the last column gets, however narrow the terminal.
const WHAT_MIN: usize = 12;
/// The widest it gets, however wide the terminal: a long note reads best in lines of this.
const WHAT_MAX: usize = 80;

impl ItemRows {
    fn new(max_id: i64, width: usize) -> ItemRows {
        let id = (format!("#{max_id}").len()).max(2);
        // `│ id ┆ at ┆ what │`: 10 columns of borders and padding.
        let what = width.saturating_sub(id + AT + 10).clamp(WHAT_MIN, WHAT_MAX);
        ItemRows { id, what }
    }

    fn line(&self, left: char, cross: char, right: char, fill: char) -> String {
        let bar = |n: usize| fill.to_string().repeat(n + 2);
        format!("{left}{}{cross}{}{cross}{}{right}\n", bar(self.id), bar(AT), bar(self.what))
    }

    fn top(&self) -> String {
        let mut s = self.line('┌', '┬', '┐', '─');
        s.push_str(&self.cells("id", "at", &["what".to_string()]));
        s.push_str(&self.line('╞', '╪', '╡', '═'));
        s
    }

    fn bottom(&self) -> String {
        self.line('└', '┴', '┘', '─')
    }

    fn row(&self, id: &str, at: &str, what: &str) -> String {
        self.cells(id, at, &wrap_cell(what, self.what))
    }

    fn cells(&self, id: &str, at: &str, what: &[String]) -> String {
        let mut s = String::new();
        for (i, w) in what.iter().enumerate() {
            let (id, at) = if i == 0 { (id, at) } else { ("", "") };
            let pad = self.what.saturating_sub(textwrap::core::display_width(w));
            s.push_str(&format!("│ {id:<iw$} ┆ {at:<AT$} ┆ {w}{} │\n", " ".repeat(pad), iw = self.id));
        }
        s
    }
}

/// Wraps one cell's text to `width` columns in time linear in its length: at spaces, a word
/// wider than the cell split where the cell ends; the glue of [`term::glue`] back to spaces.
fn wrap_cell(text: &str, width: usize) -> Vec<String> {
    let char_width = |c: char| {
        let mut buf = [0u8; 4];
        textwrap::core::display_width(c.encode_utf8(&mut buf))
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width = textwrap::core::display_width(word);
        if used > 0 && used + 1 + word_width <= width {
            line.push(' ');
            used += 1;
        } else if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if word_width <= width - used {
            line.push_str(word);
            used += word_width;
            continue;
        }
        for c in word.chars() {
            let w = char_width(c);
            if used + w > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| l.replace(term::GLUE, " ")).collect()
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
