//! The clinician report (§7): one self-contained HTML page — inline CSS and SVG, no scripts,
//! nothing loaded from anywhere — that prints on A4 and Letter.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::chart::{self, Chart, Look, Series};
use super::feet::{self, NumbShares};
use super::words;
use crate::advice::Advice;
use crate::daily::Day;
use crate::domain::Item;
use crate::domain::{Kind, Stance, Zone};
use crate::program::dose::{done_between, find, ExerciseNext};
use crate::program::plan::status_word;
use crate::program::{Program, KIND_ORDER};
use crate::round::round2;
use crate::trend::{Direction, Key, Metric, Trend};

/// How many notes the report shows at most (the most recent of the last 14 days).
pub const MAX_NOTES: usize = 12;

/// Everything the page shows; the command gathers it, this module only renders.
pub struct Report<'a> {
    /// The last day of the period (`--as-of`).
    pub as_of: NaiveDate,
    /// The number of days the period covers, ending on `as_of`.
    pub days: u32,
    /// When the report was made.
    pub made: NaiveDateTime,
    /// The first logged day: week 1 of the program starts there.
    pub first_day: Option<NaiveDate>,
    /// The two-week comparison (§5) for `as_of`.
    pub trend: &'a Trend,
    /// The next-session advice and red flags (§6) for `as_of`.
    pub advice: &'a Advice,
    /// Daily values (§4) of the period, oldest first (days outside the period are ignored).
    pub daily: &'a [Day],
    /// Notes from the last 14 days: when, and the text as the person wrote it.
    pub notes: &'a [(NaiveDateTime, String)],
    /// The person's program (§9.2).
    pub program: &'a Program,
    /// Each exercise's dose for `as_of` (§9.6).
    pub doses: &'a [ExerciseNext],
    /// The items of the period (others are ignored): the sessions show what was done.
    pub items: &'a [Item],
    /// The person's name (`report --name`, else the profile's), on every printed page.
    pub name: Option<&'a str>,
    /// The person's details, for the home tests' norms (§11.1).
    pub profile: &'a crate::domain::Profile,
}

impl Report<'_> {
    pub fn from(&self) -> NaiveDate {
        self.as_of - Duration::days(i64::from(self.days) - 1)
    }

    /// The first day the charts show: the period's first day, or the first logged day when
    /// the program started later — but never fewer than the last 14 days — so that a short
    /// history is not squeezed against the right edge of a long, empty period.
    pub fn chart_from(&self) -> NaiveDate {
        let from = self.from();
        match self.first_day {
            Some(first) if first > from => first.min(self.as_of - Duration::days(13)).max(from),
            _ => from,
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A date as people read it: "3 Mar 2025".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The advice's words as `advise` says them, with each `YYYY-MM-DD` written as the rest of the
/// page writes dates ("3 Mar 2025"), so that one page never mixes two ways of writing a date.
pub fn long_dates(text: &str) -> String {
    const LEN: usize = "YYYY-MM-DD".len();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let date = rest
            .get(..LEN)
            .filter(|s| s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            // Not part of a longer number.
            .filter(|_| !rest[LEN..].starts_with(|c: char| c.is_ascii_digit()))
            .filter(|_| !out.ends_with(|c: char| c.is_ascii_digit()));
        match date {
            Some(d) => {
                out.push_str(&long_date(d));
                rest = &rest[LEN..];
            }
            None => {
                let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                out.push_str(&rest[..digits]);
                rest = &rest[digits..];
            }
        }
    }
    out.push_str(rest);
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 18px; line-height: 1.45; color: #111; background: #fff; max-width: 1000px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 1.9em; margin: 0 0 .2em; }
h2 { font-size: 1.35em; margin: 1.6em 0 .5em; padding-bottom: .15em; border-bottom: 2px solid #333; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.1em; margin: 1.1em 0 .1em; break-after: avoid; page-break-after: avoid; }
p { margin: .35em 0; }
.meta { font-size: 1.05em; }
.meta strong { font-weight: 650; }
.disclaimer { margin-top: .8em; padding: .5em .8em; border-left: 5px solid #777; background: #f3f3f3; }
.flags { margin: 1.2em 0; padding: .7em 1em; border: 4px solid #9b1111; background: #fff1f1; break-inside: avoid; page-break-inside: avoid; }
.flags h2 { margin: 0 0 .3em; border: 0; color: #7a0b0b; }
.flags ul { margin: .3em 0; padding-left: 1.3em; }
.verdict { font-size: 1.1em; }
table.next th, table.next td { text-align: left; }
table.next tr.exercise th { padding-left: 1.8em; font-weight: normal; }
.missing { padding: .5em .8em; border: 2px dashed #888; color: #333; }
.hint { color: #333; font-size: .95em; }
figure { margin: 0 0 1.2em; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: #333; font-size: .95em; }
svg.chart, svg.feet { display: block; width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; fill: #111; }
table { border-collapse: collapse; margin: .4em 0; }
caption { text-align: left; font-weight: 650; padding-bottom: .3em; white-space: nowrap; }
th, td { border: 1px solid #999; padding: .25em .7em; text-align: right; }
td { white-space: nowrap; }
th[scope=row], thead th:first-child { text-align: left; }
thead th { background: #eee; }
table.trend td.direction, table.trend thead th:last-child { text-align: left; }
table.adherence thead th:nth-child(n+4) { text-align: left; }
table.program th, table.program td { padding-left: .5em; padding-right: .5em; }
table.program td { white-space: normal; text-align: left; }
table.program .nb { white-space: nowrap; }
table.program th { text-align: left; }
table.program th[scope=row] { white-space: nowrap; }
table.program .side { display: block; font-weight: normal; font-size: .85em; color: #333; }
table.program tr.kind th { text-align: left; background: #f6f6f6; font-variant: small-caps; letter-spacing: .03em; }
.fall-risk { font-weight: 650; color: #7a0b0b; }
table.adherence td.words { text-align: left; white-space: normal; }
tr.off-target td:last-child { background: #fbe9e4; }
tr.on-target td:last-child { background: #e6f2e3; }
tr.better td.direction { background: #e6f2e3; }
tr.worse td.direction { background: #fbe9e4; font-weight: 650; }
.notes { padding-left: 1.2em; }
.notes li { margin: .2em 0; }
.notes time { font-weight: 650; margin-right: .5em; }
.note-text { white-space: pre-wrap; }
tr.paused td:last-child, tr.paused td.direction { background: #eeeeee; font-style: italic; }
table.sessions { font-size: .85em; }
table.sessions th, table.sessions td { padding: .2em .4em; }
table.sessions td { text-align: left; white-space: normal; }
table.sessions thead th:nth-child(-n+4) { text-align: left; }
table.sessions td:nth-child(n+5) { text-align: right; white-space: nowrap; }
table.sessions thead th:nth-child(n+5) { text-align: right; }
table.sessions th[scope=row] { white-space: nowrap; font-weight: normal; }
tr.flare td, tr.flare th { font-weight: 700; }
.flag-note { display: inline-block; margin-top: .15em; }
.flag-note time { font-weight: 650; }
@page { margin: 16mm 12mm 15mm; }
@media print {
  body { font-size: 9.5pt; line-height: 1.3; max-width: none; padding: 0; }
  h1 { font-size: 1.5em; }
  h2 { margin-top: .8em; font-size: 1.25em; }
  h3 { margin-top: .6em; }
  th, td { padding: .1em .45em; }
  .flags, .disclaimer, thead th, tr.better td.direction, tr.worse td.direction, tr.off-target td, tr.on-target td, tr.paused td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* No row, chart or box split across pages; no heading left alone at the foot of a page.
     Whole tables may break between rows, so that no page is left mostly empty. */
  tr, figure, .flags, .disclaimer, .keep-small { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, caption, thead { break-after: avoid; page-break-after: avoid; }
  p.hint, figcaption { orphans: 2; widows: 2; }
  /* Charts two to a row on paper; the section's heading and introduction stay with them. */
  .charts-head, .charts-head p { break-after: avoid; page-break-after: avoid; }
  .chart-grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 5mm; }
  .chart-grid figure { margin: 0 0 .4em; }
  .chart-grid figure h3 { font-size: 1em; margin-top: .3em; }
  figcaption { font-size: .85em; }
  .keep { break-inside: auto; }
}
"#;

/// Renders the whole page.
pub fn render(report: &Report) -> Result<String> {
    let from = report.from();
    let period = format!("{} to {}", long_date(from), long_date(report.as_of));
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let whose = report.name.map(|n| format!("{n} — ")).unwrap_or_default();
    let _ = writeln!(html, "<title>{}footing — progress report, {}</title>", escape(&whose), escape(&period));
    let _ = writeln!(html, "<style>{STYLE}{}</style>\n</head>\n<body>", page_css(report));

    header(&mut html, report);
    red_flags(&mut html, report);
    advice(&mut html, report);
    trend(&mut html, report);
    program(&mut html, report);
    sessions(&mut html, report);
    charts(&mut html, report)?;
    numbness(&mut html, report);
    super::home::section(&mut html, report, report.profile)?;
    notes(&mut html, report);
    // No footer: when the last section filled its page, the footer's one line took a page of
    // its own. What it said (when, with which version, self-reported) is on the first page.
    html.push_str("</body>\n</html>\n");
    Ok(html)
}

fn header(html: &mut String, report: &Report) {
    let _ = writeln!(html, "<header>\n<h1>footing — progress report</h1>");
    if let Some(name) = report.name {
        let _ = writeln!(html, "<p class=\"meta\" id=\"name\"><strong>Name:</strong> {}</p>", escape(name));
    }
    // Age and sex, which the home tests' norms were read for: the clinician needs them to read
    // those lines (the profile's, §11.1; nothing when not given).
    let p = report.profile;
    let about = match (p.born.zip(p.age_in(chrono::Datelike::year(&report.as_of))), p.sex.map(|s| s.as_str()))
    {
        (Some((born, age)), Some(sex)) => Some(format!("{age} (born {born}), {sex}")),
        (Some((born, age)), None) => Some(format!("{age} (born {born})")),
        (None, Some(sex)) => Some(sex.to_string()),
        (None, None) => None,
    };
    if let Some(about) = about {
        let _ = writeln!(html, "<p class=\"meta\" id=\"age\"><strong>Age:</strong> {}</p>", escape(&about));
    }
    let _ = writeln!(
        html,
        "<p class=\"meta\" id=\"period\"><strong>Period:</strong> {}</p>",
        escape(&period_words(report))
    );
    let week = match (report.trend.program_week, report.trend.phase()) {
        (Some(week), Some(phase)) => format!(
            "week {week} (started {}) — {}",
            long_date(report.trend.program_start.or(report.first_day).unwrap_or(report.as_of)),
            escape(phase)
        ),
        _ => "nothing logged yet".to_string(),
    };
    let _ = writeln!(html, "<p class=\"meta\" id=\"program-week\"><strong>Program week:</strong> {week}</p>");
    let _ = writeln!(
        html,
        "<p class=\"meta\"><strong>Made on:</strong> {}, with footing {}</p>",
        escape(&report.made.format("%-d %b %Y at %H:%M").to_string()),
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        html,
        "<p class=\"disclaimer\">All data were self-reported by the patient. footing supports clinical judgment; it never replaces it.</p>\n</header>"
    );
}

/// The first and last logged day within the report's days, and how many days were logged.
pub fn logged_period(report: &Report) -> Option<(NaiveDate, NaiveDate, usize)> {
    let days: Vec<NaiveDate> = by_date(report).into_keys().collect();
    Some((*days.first()?, *days.last()?, days.len()))
}

/// "8 Nov 2026 to 7 Dec 2026: 28 days logged (the report looks at the 84 days to 7 Dec 2026)".
fn period_words(report: &Report) -> String {
    match logged_period(report) {
        Some((first, last, n)) => format!(
            "{} to {}: {n} day{} logged (the report looks at the {} days to {})",
            long_date(first),
            long_date(last),
            if n == 1 { "" } else { "s" },
            report.days,
            long_date(report.as_of)
        ),
        None => format!("nothing logged in the {} days to {}", report.days, long_date(report.as_of)),
    }
}

/// A string for CSS `content: "…"`: quotes, backslashes and line breaks escaped.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            // `</style>` cannot end the sheet from inside a string.
            '<' => out.push_str("\\3c "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The printed page: the name and the period at the top of every page, the page number at
/// the bottom (CSS page margin boxes; on screen they show nothing).
fn page_css(report: &Report) -> String {
    let who = report
        .name
        .map_or_else(|| "footing progress report".to_string(), |n| format!("{n} — footing progress report"));
    let period = match logged_period(report) {
        Some((first, last, _)) => format!("{} to {}", long_date(first), long_date(last)),
        None => long_date(report.as_of),
    };
    format!(
        "\n@page {{ @top-left {{ content: {}; font: 9pt sans-serif; color: #333; }} \
         @top-right {{ content: {}; font: 9pt sans-serif; color: #333; }} \
         @bottom-right {{ content: \"page \" counter(page) \" of \" counter(pages); font: 9pt sans-serif; color: #333; }} }}\n",
        css_string(&who),
        css_string(&period)
    )
}

/// The daily values by date, for the period.
fn by_date<'a>(report: &Report<'a>) -> BTreeMap<NaiveDate, &'a Day> {
    let from = report.from();
    report.daily.iter().filter(|d| (from..=report.as_of).contains(&d.date)).map(|d| (d.date, d)).collect()
}

/// What to do about any red flag (§1).
const RED_FLAG_ACTION: &str = "pause progression and contact a clinician promptly";

/// The red flags, in a box at the top of the page, when there are any, each with what to do.
fn red_flags(html: &mut String, report: &Report) {
    let a = report.advice;
    if a.red_flags.is_empty() {
        return;
    }
    let _ = writeln!(
        html,
        "<section class=\"flags\" id=\"red-flags\"><h2>⚠ Red flags</h2>\
         <p><strong>Any red flag means: {RED_FLAG_ACTION}.</strong></p><ul>"
    );
    for f in &a.red_flags {
        let source = if f.is_reported() { "reported by the patient" } else { "detected in the measures" };
        let _ = write!(
            html,
            "<li><strong>{}</strong> ({source}): {}.",
            escape(&long_dates(&f.describe())),
            escape(&long_dates(f.action()))
        );
        // Beside a flag the person reported: their own words, from the entries that
        // reported it (the latest three).
        if let crate::advice::Alarm::Reported(flag) = f.kind {
            let words: Vec<_> = report
                .items
                .iter()
                .filter(|i| i.date() <= report.as_of)
                .filter_map(|i| {
                    i.entry()
                        .filter(|e| e.flags.contains(&flag))
                        .and_then(|e| e.note.as_deref())
                        .map(|n| (i.at, n))
                })
                .collect();
            for (at, note) in words.iter().rev().take(3) {
                let _ = write!(
                    html,
                    "<br><span class=\"flag-note\">In the patient's words, <time>{}</time>: <span class=\"note-text\">“{}”</span></span>",
                    at.format("%-d %b %H:%M"),
                    escape(note)
                );
            }
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul></section>\n");
}

/// The latest session of each kind, of each exercise, and the latest walk on or before the
/// as-of date, from the items: the advice table's "last time" and "on" (§7: the report's
/// "last" is the latest on or before the as-of date, today's session included).
fn latest_done(report: &Report) -> BTreeMap<String, (NaiveDate, String)> {
    let mut latest = BTreeMap::new();
    for item in report.items.iter().filter(|i| i.date() <= report.as_of) {
        if let Some(s) = item.session() {
            let volume = s.work.volume().map_or_else(|| "–".to_string(), |v| v.to_string());
            latest.insert(s.kind.to_string(), (item.date(), volume));
            for done in s.work.exercises() {
                latest.insert(done.exercise.id.to_string(), (item.date(), done.dose.human()));
            }
        }
        if let Some(w) = item.entry().and_then(|e| e.walk) {
            latest.insert("walk".to_string(), (item.date(), format!("{w} min")));
        }
    }
    latest
}

/// The advice as `advise` shows it: the sentence why, the limits, the volumes with their
/// status, then the notes.
fn advice(html: &mut String, report: &Report) {
    let a = report.advice;
    let latest = latest_done(report);
    let what = words::verdict(a);
    let _ = writeln!(
        html,
        "<section id=\"advice\"><h2>Next-session advice</h2>\
         <p class=\"verdict\" data-verdict=\"{}\"><strong>{}:</strong> {}.</p>",
        a.verdict,
        escape(&what),
        escape(&long_dates(&a.reason))
    );
    for l in &a.limits {
        let _ = writeln!(
            html,
            "<p class=\"limit\" data-limit=\"{}\">{}</p>",
            l.kind(),
            escape(&long_dates(&words::limit(l)))
        );
    }
    if !a.next.is_empty() {
        html.push_str("<table class=\"next\"><thead><tr>");
        for (k, h) in words::NEXT_HEADER.iter().enumerate() {
            let h = if k == 0 { "exercise" } else { h };
            let _ = write!(html, "<th scope=\"col\">{h}</th>");
        }
        html.push_str("</tr></thead><tbody>\n");
        for mut row in words::next_rows(a) {
            // A later session than the advice's base (one on the as-of date itself).
            if let Some((day, last)) = latest.get(row[0].trim()) {
                let on = day.to_string();
                if row[3].is_empty() || on > row[3] {
                    row[2] = last.clone();
                    row[3] = on;
                }
            }
            // The terminal indents an exercise under its kind; HTML would swallow the spaces.
            let (class, label) = match row[0].strip_prefix("  ") {
                Some(exercise) => (" class=\"exercise\"", exercise),
                None => ("", row[0].as_str()),
            };
            let _ = write!(
                html,
                "<tr data-status=\"{}\"{class}><th scope=\"row\">{}</th>",
                escape(&row[1]),
                escape(label)
            );
            for cell in &row[1..] {
                let cell = if cell.is_empty() { "–".to_string() } else { escape(&long_dates(cell)) };
                let _ = write!(html, "<td>{cell}</td>");
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table>\n");
    }
    for note in words::notes(a) {
        let _ = writeln!(html, "<p class=\"hint\">{}</p>", escape(&long_dates(&note)));
    }
    match a.judged_tomorrow {
        0 => {}
        1 => {
            let _ = writeln!(
                html,
                "<p class=\"hint\">The activity logged on {} is judged the day after, from the next morning's pain.</p>",
                long_date(a.as_of)
            );
        }
        n => {
            let _ = writeln!(
                html,
                "<p class=\"hint\">The {n} activities logged on {} are judged the day after, from the next morning's pain.</p>",
                long_date(a.as_of)
            );
        }
    }
    html.push_str("</section>\n");
}

fn trend(html: &mut String, report: &Report) {
    let t = report.trend;
    let paused = super::adherence::pause_of(report.advice, report.as_of, t.current.from);
    let _ = writeln!(
        html,
        "<section id=\"trend\"><h2>Two-week trend</h2>\
         <p>The last two weeks ({} to {}) compared with the two before ({} to {}). \
         Each value is the mean of the days that have one; sessions and days logged are totals.</p>",
        long_date(t.current.from),
        long_date(t.current.to),
        long_date(t.previous.from),
        long_date(t.previous.to)
    );
    if t.is_empty() {
        let _ = writeln!(html, "<p class=\"missing\">Nothing was logged in these four weeks.</p></section>");
        return;
    }
    html.push_str(
        "<table class=\"trend\"><thead><tr><th scope=\"col\">measure</th><th scope=\"col\">previous 2 weeks</th>\
         <th scope=\"col\">last 2 weeks</th><th scope=\"col\">change</th><th scope=\"col\">direction</th></tr></thead><tbody>\n",
    );
    for m in &t.metrics {
        // Fewer sessions during a pause footing itself ordered are not "worse" (§7).
        let (class, direction) = match (&paused, m.key) {
            (Some((_, since, _)), Key::Sessions) if m.direction == Direction::Worse => {
                ("paused", format!("fewer: paused since {}", long_date(*since)))
            }
            _ => (direction_class(m.direction), words::direction(m)),
        };
        let _ = writeln!(
            html,
            "<tr class=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td class=\"direction\">{}</td></tr>",
            class,
            escape(m.key.label()),
            trend_value(m, m.previous),
            trend_now(m),
            trend_change(m),
            escape(&direction)
        );
    }
    html.push_str("</tbody></table>\n");
    if t.metrics.iter().any(|m| m.meaningful == Some(true) && m.direction != Direction::Steady) {
        html.push_str("<p class=\"hint\">“Noticeably”: pain changed by 2 points or 30% or more, a change people feel.</p>\n");
    }
    if t.metrics.iter().any(Metric::under_fall_risk_stance) {
        html.push_str(
            "<p class=\"hint\" id=\"fall-risk\">* Under 30 s — a level linked to more falls \
             (single-leg stance under 30 s went with falls in people with peripheral neuropathy, Hurvitz 2000).</p>\n",
        );
    }
    let zones = |z: &[Zone]| z.iter().map(|z| z.to_string()).collect::<Vec<_>>().join(", ");
    // As in `footing trend`: zones are only "new" against a fortnight that had a numbness
    // check; with none, every zone reported now would look new.
    let checked_before = t.metric(Key::NumbZones).is_some_and(|m| m.previous_days > 0);
    if !checked_before && !t.numbness.current_zones.is_empty() {
        let _ = writeln!(
            html,
            "<p><strong>Numb zones now:</strong> {} (no numbness check in the two weeks before to compare with).</p>",
            zones(&t.numbness.current_zones)
        );
    } else if !t.numbness.new.is_empty() {
        let _ = writeln!(html, "<p><strong>New numb zones:</strong> {}.</p>", zones(&t.numbness.new));
    }
    if !t.numbness.resolved.is_empty() {
        let _ =
            writeln!(html, "<p><strong>No longer reported:</strong> {}.</p>", zones(&t.numbness.resolved));
    }
    html.push_str("</section>\n");
}

/// The exercise program (§7): what was prescribed, with today's doses, and how closely it was
/// followed (§9.5).
fn program(html: &mut String, report: &Report) {
    let t = report.trend;
    html.push_str("<section id=\"program\"><h2>The exercise program</h2>\n");
    prescribed(html, report);
    let _ = writeln!(
        html,
        "<div class=\"keep\" id=\"adherence\"><h3>How closely it was followed</h3>\
         <p>Days with each kind of work in the last two weeks ({} to {}) and the two before. \
         The program asks for strength work on 4–6 days per two weeks, never two days running, and \
         balance work, mobility work and a look at both feet every day.</p>",
        long_date(t.current.from),
        long_date(t.current.to)
    );
    let paused = super::adherence::pause_of(report.advice, report.as_of, t.current.from);
    html.push_str(&super::adherence::html(
        &t.adherence,
        paused.as_ref().map(|(k, s, d)| (k.as_slice(), *s, *d)),
    ));
    html.push_str("</div></section>\n");
}

/// The person's program with each exercise's dose for the as-of date (§9.2, §9.6).
fn prescribed(html: &mut String, report: &Report) {
    let p = report.program;
    let whose = if p.starter {
        "the starter program (the bottom of each range; it has not been changed)"
    } else {
        "the person's own program"
    };
    let _ = writeln!(
        html,
        "<div class=\"keep\" id=\"prescribed\"><h3>What is prescribed</h3><p>Exercises of {whose}, \
         with the dose footing gives for {} by the 24-hour rule.</p>",
        long_date(report.as_of)
    );
    if p.exercises.is_empty() {
        html.push_str("<p>No exercises are in the program.</p></div>\n");
        return;
    }
    html.push_str(
        "<table class=\"program\"><thead><tr><th scope=\"col\">exercise</th>\
         <th scope=\"col\">starting dose</th><th scope=\"col\">done in the period</th>\
         <th scope=\"col\">last done</th><th scope=\"col\">dose today</th>\
         <th scope=\"col\">range</th></tr></thead>\n",
    );
    // The program's exercises, then those done lately that are not in it (§9.6).
    let listed = KIND_ORDER.iter().flat_map(|&k| p.of_kind(k)).map(|e| (e.exercise, Some(e.dose))).chain(
        KIND_ORDER.iter().flat_map(|&k| {
            report
                .doses
                .iter()
                .filter(move |n| n.kind == k && p.get(n.exercise.id).is_none())
                .map(|n| (n.exercise, None))
        }),
    );
    // One group of rows per kind, headed by the kind, so that the table needs no kind column.
    // Exercises done lately that are not in the program come after it, in groups of their own.
    let mut group = None;
    for (exercise, start) in listed {
        if group != Some((exercise.kind, start.is_some())) {
            if group.is_some() {
                html.push_str("</tbody>");
            }
            group = Some((exercise.kind, start.is_some()));
            let _ = writeln!(
                html,
                "<tbody><tr class=\"kind\"><th scope=\"rowgroup\" colspan=\"6\">{}{}</th></tr>",
                exercise.kind,
                if start.is_some() { "" } else { ", not in the program" }
            );
        }
        let n = find(report.doses, exercise.id);
        let done = done_between(report.items, exercise.id, report.from(), report.as_of);
        // Cells are HTML: a dose or a date never breaks inside, the words around them may.
        let period = match (done.first(), done.last()) {
            (Some(&(_, first)), Some(&(_, last))) => {
                let times =
                    if done.len() == 1 { "once".to_string() } else { format!("{} times", done.len()) };
                if first == last {
                    format!("{times}, at {}", nb(&first.human()))
                } else {
                    format!("{times}, {} → {}", nb(&first.human()), nb(&last.human()))
                }
            }
            _ => "not in the period".to_string(),
        };
        let last = match n.and_then(|n| n.last_date.zip(n.last)) {
            Some((day, dose)) => format!("{} on {}", nb(&dose.human()), nb(&long_date(day))),
            None => "not yet".to_string(),
        };
        let now = match n {
            Some(n) => match n.next {
                Some(d) => format!("{} ({})", nb(&d.human()), status_word(n.status)),
                None => status_word(n.status).to_string(),
            },
            None => start.map_or_else(String::new, |d| nb(&d.human())),
        };
        let _ = writeln!(
            html,
            "<tr><th scope=\"row\">{}{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(exercise.id),
            if exercise.each_side { "<span class=\"side\">each side</span>" } else { "" },
            start.map_or_else(|| "not in the program".to_string(), |d| nb(&d.human())),
            period,
            last,
            now,
            range(&exercise.range.human()),
        );
    }
    html.push_str("</tbody></table></div>\n");
}

/// A range such as "2–3 × 8–12": it may break after the "×", never inside a span of numbers.
fn range(text: &str) -> String {
    match text.split_once(" × ") {
        Some((sets, each)) => format!("{} {}", nb(&format!("{sets} ×")), nb(each)),
        None => nb(text),
    }
}

/// Text that must not break across lines (a dose, a date), escaped.
fn nb(text: &str) -> String {
    format!("<span class=\"nb\">{}</span>", escape(text))
}

fn direction_class(d: Direction) -> &'static str {
    match d {
        Direction::Better => "better",
        Direction::Worse => "worse",
        Direction::Steady => "steady",
        Direction::NotAvailable => "na",
    }
}

/// A window value as the trend table shows it: counts whole, means with up to 2 decimals.
fn trend_value(m: &Metric, x: Option<f64>) -> String {
    match x {
        None => "–".into(),
        Some(x) if m.key.is_count() => super::num(x, 0),
        Some(x) => super::num(round2(x), 2),
    }
}

/// The last two weeks' value, marked when a foot's stance is under 30 s (§5).
fn trend_now(m: &Metric) -> String {
    let value = trend_value(m, m.current);
    if m.under_fall_risk_stance() {
        format!(
            "{value} <span class=\"fall-risk\" title=\"under 30 s — a level linked to more falls\">*</span>"
        )
    } else {
        value
    }
}

/// A signed number with a typographic minus.
fn signed(x: f64, places: usize) -> String {
    words::signed(x, places).replacen('-', "−", 1)
}

/// The change, with its percentage for the measures whose steady test uses one.
fn trend_change(m: &Metric) -> String {
    let Some(ch) = m.change else { return "–".into() };
    let places = if m.key.is_count() { 0 } else { 2 };
    match m.change_pct {
        Some(pct) if words::shows_change_pct(m) => {
            format!("{} ({}%)", signed(ch, places), signed(pct, 0))
        }
        _ => signed(ch, places),
    }
}

/// One day of the session table: each kind's work, the highest effort, and pain just before
/// the first session, just after the last, and the next morning.
struct SessionDay {
    date: NaiveDate,
    work: BTreeMap<Kind, Vec<String>>,
    rpe: Option<u8>,
    before: Option<u8>,
    after: Option<u8>,
    next_morning: Option<u8>,
}

/// A session's dose in a few words: its volume, or its exercises and sets.
fn dose_words(s: &crate::domain::Session) -> String {
    match s.work.volume() {
        Some(v) => v.to_string(),
        None => {
            let done = s.work.exercises();
            let sets: u32 = done.iter().map(|d| u32::from(d.dose.sets().unwrap_or(1))).sum();
            format!("{} ex., {sets} sets", done.len())
        }
    }
}

/// The days of the period with a session, oldest first (§7: the flare history).
fn session_days(report: &Report) -> Vec<SessionDay> {
    let from = report.from();
    let mut days: Vec<SessionDay> = Vec::new();
    let items: Vec<&Item> =
        report.items.iter().filter(|i| i.date() >= from && i.date() <= report.as_of).collect();
    let mut i = 0;
    while i < items.len() {
        let date = items[i].date();
        let day: Vec<&Item> = items[i..].iter().take_while(|x| x.date() == date).copied().collect();
        i += day.len();
        let first = day.iter().position(|x| x.session().is_some());
        let Some(first) = first else { continue };
        let mut work: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
        let mut rpe = None;
        for s in day.iter().filter_map(|x| x.session()) {
            work.entry(s.kind).or_default().push(dose_words(s));
            rpe = rpe.max(s.rpe);
        }
        let before = day[..first].iter().rev().find_map(|x| x.pain());
        // After: the highest reading after the first session (a flare shows, whichever session).
        let after = day[first + 1..].iter().filter_map(|x| x.pain()).max();
        days.push(SessionDay { date, work, rpe, before, after, next_morning: None });
    }
    // The first reading of the next day, when there is one in the items.
    for d in &mut days {
        let next = d.date + Duration::days(1);
        d.next_morning = report.items.iter().filter(|x| x.date() == next).find_map(|x| x.pain());
    }
    days
}

/// The walking target the advice gives for the next bout (its lower end), when not paused.
fn walk_target(report: &Report) -> Option<u16> {
    report.advice.next.iter().find_map(|n| match n {
        crate::advice::Next::Walk(w) => w.next.map(|p| p.minutes),
        _ => None,
    })
}

fn sessions(html: &mut String, report: &Report) {
    let days = session_days(report);
    html.push_str("<section id=\"sessions\"><h2>Sessions, day by day</h2>");
    if days.is_empty() {
        html.push_str("<p class=\"missing\">No sessions were recorded in the period.</p></section>\n");
        return;
    }
    html.push_str(
        "<p class=\"hint\">Each day with a session: the work of each kind, the highest effort (RPE 0–10), and \
         pain (0–10) just before the first session, the highest after it that day, and the next morning's first reading. \
         ▲ marks a rise of 2 or more after the sessions or the next morning.</p>\
         <table class=\"sessions\"><thead><tr><th scope=\"col\">day</th><th scope=\"col\">strength</th>\
         <th scope=\"col\">balance</th><th scope=\"col\">mobility</th><th scope=\"col\">RPE</th>\
         <th scope=\"col\">pain before</th><th scope=\"col\">after</th><th scope=\"col\">next morning</th></tr></thead><tbody>\n",
    );
    let pain = |p: Option<u8>| p.map_or_else(|| "–".to_string(), |p| p.to_string());
    for d in &days {
        let flare = d.before.is_some_and(|b| {
            d.after.is_some_and(|a| a >= b + 2) || d.next_morning.is_some_and(|n| n >= b + 2)
        });
        let kind = |k: Kind| d.work.get(&k).map_or_else(|| "–".to_string(), |w| escape(&w.join(" + ")));
        let _ = writeln!(
            html,
            "<tr{}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
            if flare { " class=\"flare\"" } else { "" },
            d.date.format("%a %-d %b"),
            kind(Kind::Strength),
            kind(Kind::Balance),
            kind(Kind::Mobility),
            d.rpe.map_or_else(|| "–".to_string(), |r| r.to_string()),
            pain(d.before),
            if flare { "▲ " } else { "" },
            pain(d.after),
            pain(d.next_morning),
        );
    }
    html.push_str("</tbody></table></section>\n");
}

fn charts(html: &mut String, report: &Report) -> Result<()> {
    let from = report.chart_from();
    let chart_days = u32::try_from((report.as_of - from).num_days() + 1).unwrap_or(report.days);
    let days = by_date(report);
    let column = |f: &dyn Fn(&Day) -> Option<f64>| -> Vec<Option<f64>> {
        (0..chart_days).map(|i| days.get(&(from + Duration::days(i64::from(i)))).and_then(|d| f(d))).collect()
    };
    let days_with = |kinds: &[Kind]| -> Vec<u32> {
        (0..chart_days)
            .filter(|&i| {
                days.get(&(from + Duration::days(i64::from(i))))
                    .is_some_and(|d| kinds.iter().any(|k| d.sessions.get(k).is_some_and(|&n| n > 0)))
            })
            .collect()
    };
    let strength_days = days_with(&[Kind::Strength]);
    let daily_work_days = days_with(&[Kind::Balance, Kind::Mobility]);
    let stance = |s: Option<Stance>| s.map(Stance::seconds);
    let dark = plotters::style::RGBColor(0x1b, 0x4f, 0x8a);
    let light = plotters::style::RGBColor(0x6f, 0x93, 0xc2);
    let orange = plotters::style::RGBColor(0xa8, 0x4a, 0x12);
    let base = |id: &str, title: &str, y_desc: &str, y_top: f64| Chart {
        id: id.into(),
        title: title.into(),
        y_desc: y_desc.into(),
        from,
        days: chart_days,
        y_top,
        y_fixed: false,
        series: Vec::new(),
        goal_lines: Vec::new(),
        goal_band: None,
        strength_days: strength_days.clone(),
        daily_work_days: daily_work_days.clone(),
    };

    let pain = Chart {
        y_fixed: true,
        series: vec![
            Series { label: "daily mean".into(), look: Look::Solid(dark), values: column(&|d| d.pain) },
            Series {
                label: "worst of the day".into(),
                look: Look::Dashed(light),
                values: column(&|d| d.pain_worst.map(f64::from)),
            },
        ],
        ..base("chart-pain", "Pain", "pain (0–10)", 10.0)
    };
    let stance_chart = Chart {
        series: vec![
            Series {
                label: "left foot".into(),
                look: Look::Solid(dark),
                values: column(&|d| stance(d.stance_left)),
            },
            Series {
                label: "right foot".into(),
                look: Look::Dashed(orange),
                values: column(&|d| stance(d.stance_right)),
            },
        ],
        goal_lines: vec![(30.0, "goal 30 s".into()), (45.0, "goal 45 s".into())],
        ..base("chart-stance", "Single-leg stance", "seconds", 50.0)
    };
    let heel = Chart {
        series: vec![Series {
            label: "highest of the day".into(),
            look: Look::Solid(dark),
            values: column(&|d| d.heel_raises.map(f64::from)),
        }],
        goal_band: Some((12.0, 15.0, "goal 12–15".into())),
        ..base("chart-heel-raises", "Heel raises", "raises", 20.0)
    };
    let walk = Chart {
        series: vec![Series {
            label: "total minutes of the day".into(),
            look: Look::Solid(dark),
            values: column(&|d| d.walk_minutes.map(f64::from)),
        }],
        goal_lines: walk_target(report)
            .map(|m| vec![(f64::from(m), format!("target {m} min"))])
            .unwrap_or_default(),
        ..base("chart-walk", "Walking", "minutes", 30.0)
    };

    let _ = writeln!(
        html,
        "<section class=\"charts\" id=\"charts\"><div class=\"charts-head\"><h2>Day by day, {} to {}</h2>\
         <p class=\"hint\">{}Each point is one day; lines join only consecutive days, so a gap means nothing was recorded. \
         Along the bottom, a dark triangle marks a day with a strength session, apart from the daily balance \
         and mobility work (light squares).</p></div><div class=\"chart-grid\">",
        long_date(from),
        long_date(report.as_of),
        match report.first_day {
            Some(first) if from > report.from() => format!(
                "Nothing was logged before {}, so the charts show only the last {chart_days} days. ",
                long_date(first)
            ),
            _ => String::new(),
        }
    );
    // The caption describes the line only when the chart has one.
    let walk_caption = match walk_target(report) {
        Some(_) => "Total minutes walked per day; the dashed line is the current target for one bout.",
        None if report.advice.pause.is_some() => {
            "Total minutes walked per day; walking is paused, so there is no target line."
        }
        None => "Total minutes walked per day; there is no target for one bout yet.",
    };
    let captions = [
        (
            &pain,
            "Pain, 0–10 (lower is better)",
            "Mean of the day's readings (solid) and the worst reading (dashed).",
        ),
        (
            &stance_chart,
            "Single-leg stance, left and right (higher is better)",
            "Best time of the day per foot, in seconds; goals 30 s, then 45 s (dashed green lines).",
        ),
        (
            &heel,
            "Heel raises (higher is better)",
            "Most controlled raises in a day; the shaded band is the 12–15 goal.",
        ),
        (&walk, "Walking (higher is better)", walk_caption),
    ];
    for (chart, heading, caption) in captions {
        let recorded = chart.series.iter().flat_map(|s| s.values.iter().flatten()).count();
        let _ = writeln!(
            html,
            "<figure id=\"{}-figure\"><h3>{}</h3>{}\n<figcaption>{}{}</figcaption></figure>",
            chart.id,
            escape(heading),
            chart::render(chart)?,
            escape(caption),
            if recorded == 0 { " Nothing was recorded in this period." } else { "" },
        );
    }
    html.push_str("</div></section>\n");
    Ok(())
}

fn numbness(html: &mut String, report: &Report) {
    let from = report.as_of - Duration::days(13);
    let shares = NumbShares::over(report.daily, from, report.as_of);
    let span = format!("{} to {}", long_date(from), long_date(report.as_of));
    let _ = writeln!(
        html,
        "<section id=\"numbness\"><div class=\"keep-small\"><h2>Numbness, last 14 days ({})</h2>",
        escape(&span)
    );
    if shares.checked_days == 0 {
        let _ = writeln!(html, "<p class=\"missing\">Numbness was not checked in the last 14 days.</p>");
    } else {
        let _ = writeln!(
            html,
            "<p>Numbness was checked on {} of the 14 days. Each zone is shaded by the share of those days it was reported on \
             (white: never, darkest: every day); the percentages are written beside each zone.</p>",
            shares.checked_days
        );
    }
    let _ = writeln!(html, "<figure>{}</figure></div>", feet::render(&shares, &span));
    html.push_str(&feet::table(&shares));
    html.push_str("</section>\n");
}

fn notes(html: &mut String, report: &Report) {
    html.push_str("<section id=\"notes\"><h2>Notes, last 14 days</h2>");
    if report.notes.is_empty() {
        // Said, so that a reader does not wonder whether notes were left out.
        html.push_str("<p class=\"missing\">No notes were written in the last 14 days.</p></section>\n");
        return;
    }
    html.push_str("<ul class=\"notes\">\n");
    let shown = &report.notes[report.notes.len().saturating_sub(MAX_NOTES)..];
    for (at, text) in shown.iter().rev() {
        let _ = writeln!(
            html,
            "<li><time>{}</time><span class=\"note-text\">{}</span></li>",
            at.format("%-d %b %H:%M"),
            escape(text)
        );
    }
    html.push_str("</ul>");
    if report.notes.len() > MAX_NOTES {
        let _ = writeln!(
            html,
            "<p class=\"hint\">The {MAX_NOTES} most recent of {} notes; <code>footing history --items</code> lists them all.</p>",
            report.notes.len()
        );
    }
    html.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn iso_dates_in_the_advice_words_become_long_dates_and_nothing_else_changes() {
        assert_eq!(
            long_dates("pain went from 3 to 7 after the session on 2025-03-27 (since 2025-03-01)."),
            "pain went from 3 to 7 after the session on 27 Mar 2025 (since 1 Mar 2025)."
        );
        assert_eq!(long_dates("2025-03-27"), "27 Mar 2025");
        for same in
            ["3 × 10", "12025-03-27", "2025-03-271", "2025-13-01", "2025-02-30", "20-25", "2025-03-2", ""]
        {
            assert_eq!(long_dates(same), same);
        }
    }

    #[test]
    fn escaping_covers_markup_quotes_and_ampersands() {
        assert_eq!(
            escape(r#"<script>alert(1)</script> & "x" 'y'"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }

    #[test]
    fn a_note_is_escaped_in_the_page() {
        let at = d("2025-03-27").and_hms_opt(9, 30, 0).unwrap();
        let notes = vec![(at, r#"<script>alert(1)</script> & "x""#.to_string())];
        let trend = crate::trend::compute(&[], d("2025-03-28"), Some(d("2025-02-01")));
        let advice = crate::advice::advise_items(&[], d("2025-03-28"));
        let report = Report {
            as_of: d("2025-03-28"),
            days: 14,
            made: at,
            first_day: Some(d("2025-02-01")),
            trend: &trend,
            advice: &advice,
            daily: &[],
            notes: &notes,
            program: &Program::starter(),
            doses: &[],
            items: &[],
            name: None,
            profile: &crate::domain::Profile::default(),
        };
        let html = render(&report).unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), "{html}");
        assert!(!html.contains("<script"));
        assert!(html.contains("<time>27 Mar 09:30</time>"));
        // The starter program, with its starting doses when there is nothing to judge.
        assert!(html.contains("Exercises of the starter program"), "{html}");
        assert!(html.contains(
            "<tbody><tr class=\"kind\"><th scope=\"rowgroup\" colspan=\"6\">strength</th></tr>\n\
             <tr><th scope=\"row\">heel-raises</th><td><span class=\"nb\">2 × 8</span></td><td>not in the period</td>\
             <td>not yet</td><td><span class=\"nb\">2 × 8</span></td><td><span class=\"nb\">2–3 ×</span> <span class=\"nb\">8–12</span></td></tr>"
        ));
    }
}
