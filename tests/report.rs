//! `footing report`: the self-contained HTML page for a clinician visit (§7), end to end,
//! and rendered in a real headless Chromium.

mod common;

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{mode, s, snapshot, Env};
use serde_json::json;

const AS_OF: &str = "2025-03-28";

/// A known history. The period of 84 days ending 2025-03-28 starts on 2025-01-04; the first
/// logged day, 2025-01-03, is just before it and must not be charted, nor the day after
/// --as-of. The next logged day, 2025-02-03, comes 31 days later: the program restarts there.
fn history(env: &Env) {
    env.log_all(&[
        "log --at '2025-01-03 08:00' --pain 9",
        "log --at '2025-02-03 08:00' --pain 5 --numb left-toes",
        "log --at '2025-03-01 08:00' --pain 4 --numb left-calf",
        "log --at '2025-03-16 08:00' --pain 3 --numb left-toes,right-heel",
        "log --at '2025-03-16 09:00' --stance-left 12.5 --stance-right 20",
        "log --at '2025-03-18 08:00' --numb none",
        "log --at '2025-03-20 08:00' --pain 2 --numb left-toes --heel-raises 13",
        "log --at '2025-03-22 08:00' --numb right-heel --stance-left 31",
        "log --at '2025-03-25 08:00' --pain 3 --walk 20",
        "log --at '2025-03-25 18:00' --walk 15",
        "session strength --sets 2 --reps 10 --pain-before 3 --pain-after 4 --at '2025-03-26 10:00'",
        r#"log --at '2025-03-27 19:00' --note '<script>alert(1)</script> & "x"'"#,
        "log --at '2025-03-29 08:00' --pain 9 --walk 90",
    ]);
}

/// The inline SVG element with this id.
fn svg_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let start =
        html.find(&format!("<svg class=\"chart\" id=\"{id}\"")).unwrap_or_else(|| panic!("no chart {id}"));
    let len = html[start..].find("</svg>").expect("closed svg");
    &html[start..start + len]
}

/// Asserts that the page loads nothing from anywhere and runs no script.
fn assert_self_contained(html: &str) {
    for bad in
        ["http://", "https://", "<script", "src=", "href=", "@import", "<link", "<iframe", "<object", "<img"]
    {
        assert!(!html.contains(bad), "the report contains {bad:?}");
    }
    // The only url(…) references are to the page's own clip path.
    assert_eq!(html.matches("url(").count(), html.matches("url(#sole-clip)").count());
}

#[test]
fn the_report_is_self_contained_private_and_shows_every_part() {
    let env = Env::new();
    history(&env);
    let out = env.path("r.html");
    let stdout = env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    assert_eq!(stdout, format!("wrote the report (4 Jan 2025 to 28 Mar 2025) to {}\n", out.display()));
    assert_eq!(mode(&out), 0o600);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);

    // Header: the period, the program week and its phase, the disclaimer.
    // v3 §7: the period is the first to the last logged day within the report's days, with
    // the count of days logged (v2 showed the 84 days asked for).
    assert!(
        html.contains(
            "<strong>Period:</strong> 3 Feb 2025 to 27 Mar 2025: 9 days logged (the report looks at the 84 days to 28 Mar 2025)"
        ),
        "{html}"
    );
    assert!(html.contains(
        "<strong>Program week:</strong> week 8 (started 3 Feb 2025) — endurance and stronger push-off; flare-ups settle faster"
    ));
    assert!(html.contains("self-reported by the patient"));
    assert!(html.contains("never replaces it"));
    assert!(html.contains("@page") && html.contains("@media print"));

    // A chart per measure: five SVGs in all with the feet.
    assert_eq!(html.matches("<svg").count(), 5);
    // Pain: one point per day with a pain reading inside the period (6 days, not 3 Jan nor
    // 29 Mar), plus the legend's.
    let pain = svg_with_id(&html, "chart-pain");
    assert!(pain.contains("<title id=\"chart-pain-title\">Pain</title>"));
    assert_eq!(pain.matches("<circle").count(), 6 + 1, "{pain}");
    // Stance: the left foot on 2 days; goal lines at 30 and 45 s.
    let stance = svg_with_id(&html, "chart-stance");
    assert_eq!(stance.matches("<circle").count(), 2 + 1);
    assert!(stance.contains("goal 30 s") && stance.contains("goal 45 s"));
    // Heel raises: the goal band, and the one session day marked on the axis.
    let heel = svg_with_id(&html, "chart-heel-raises");
    assert!(heel.contains("goal 12–15"));
    assert_eq!(heel.matches("<polygon").count(), 1, "{heel}");
    // Walking: the day's total (20 + 15 = 35) sets the axis top at 40; 29 Mar's 90 is not there.
    let walk = svg_with_id(&html, "chart-walk");
    assert!(walk.contains("\n40\n</text>") && !walk.contains("\n90\n</text>"), "{walk}");
    assert_eq!(walk.matches("<circle").count(), 1 + 1);

    // The numbness map over the last 14 days: 4 checked days (16, 18, 20, 22 Mar).
    assert!(html.contains("Numbness was checked on 4 of the 14 days"));
    assert!(html.contains("<g id=\"numb-left-toes\" class=\"zone\" data-share=\"50\""));
    assert!(html.contains("<g id=\"numb-right-heel\" class=\"zone\" data-share=\"50\""));
    assert!(html.contains("<g id=\"numb-left-calf\" class=\"zone\" data-share=\"0\" fill=\"#ffffff\""));
    assert!(html.contains("<tr><th scope=\"row\">toes</th><td>50%</td><td>0%</td></tr>"));

    // The note, escaped.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));

    // The two-week trend (§5): now = 15–28 Mar, before = 1–14 Mar.
    assert!(html.contains("<section id=\"trend\"><h2>Two-week trend</h2>"));
    assert!(html.contains("The last two weeks (15 Mar 2025 to 28 Mar 2025) compared with the two before (1 Mar 2025 to 14 Mar 2025)"));
    let row = |label: &str, class: &str, cells: [&str; 4]| {
        format!(
            "<tr class=\"{class}\"><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td><td class=\"direction\">{}</td></tr>",
            cells[0], cells[1], cells[2], cells[3]
        )
    };
    for expected in [
        // Pain 4 before; now (3 + 2 + 3 + 3.5) / 4 = 2.875, a drop of 1.125: better, not noticeably (−28 %).
        row("pain (0–10)", "better", ["4", "2.88", "−1.13", "better"]), // −1.125 rounds away from zero
        // 21.75 s now: under 30 s, marked.
        row("stance left (seconds)", "na", ["–", FALL_MARK_21_75, "–", "not enough data"]),
        row("walking (min/day)", "na", ["–", "35", "–", "not enough data"]),
        // A previous count of 0 has no percentage; any change counts.
        row("sessions", "better", ["0", "1", "+1", "better"]),
        row("days logged", "better", ["1", "7", "+6 (+600%)", "better"]),
    ] {
        assert!(html.contains(&expected), "missing {expected}\n{html}");
    }
    assert!(html.contains("<p><strong>New numb zones:</strong> left-toes, right-heel.</p>"));
    assert!(html.contains("<p><strong>No longer reported:</strong> left-calf.</p>"));

    // The advice (§6): the session on 26 Mar had pain 3 before and 4 after, and no pain was
    // logged on 27 or 28 Mar: as of D+2 it waits for this morning's pain, volumes kept;
    // strength again from 28 Mar. The walk is the longest bout of 25 Mar. Left-toes and
    // right-heel were not reported in the four weeks before the last two, which had a check
    // (left-calf on 1 Mar): new numbness, a red flag.
    assert!(html.contains(
        "<p class=\"verdict\" data-verdict=\"see-clinician\"><strong>See a clinician before progressing:</strong> \
         new numbness at left-toes since 16 Mar 2025; new numbness at right-heel since 16 Mar 2025, so nothing progresses \
         (the 24-hour rule: the session on 26 Mar 2025 is judged by the next morning&#39;s pain, so log this morning&#39;s pain).</p>"
    ), "{html}");
    assert!(html.contains(
        "<p class=\"hint\">Note: check both feet for blisters, cuts or red marks after walking: numb skin can hide an injury.</p>"
    ));
    assert!(html.contains(
        "<tr data-status=\"same\"><th scope=\"row\">strength</th><td>same</td><td>2 × 10</td><td>26 Mar 2025</td><td>2 × 10</td><td>28 Mar 2025</td></tr>"
    ));
    assert!(html.contains(
        "<tr data-status=\"same\"><th scope=\"row\">walk</th><td>same</td><td>20 min</td><td>25 Mar 2025</td><td>20 min</td><td>–</td></tr>"
    ));
    assert!(html.contains(
        "<li><strong>new numbness at left-toes since 16 Mar 2025</strong> (detected in the measures): pause progression and contact a clinician promptly.</li>"
    ));
    // The sections come in the order a clinician reads them.
    let order: Vec<usize> = [
        "id=\"period\"",
        "id=\"advice\"",
        "id=\"trend\"",
        "id=\"program\"",
        "id=\"charts\"",
        "id=\"numbness\"",
        "id=\"notes\"",
    ]
    .iter()
    .map(|id| html.find(id).unwrap_or_else(|| panic!("{id} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

/// The "now" cell of a stance under 30 s: the value and its mark.
const FALL_MARK_21_75: &str =
    "21.75 <span class=\"fall-risk\" title=\"under 30 s — a level linked to more falls\">*</span>";

#[test]
fn the_report_shows_adherence_and_marks_strength_days_apart_from_daily_work() {
    let env = Env::new();
    // Strength on 5 Mar (before) and on 16, 17, 20 and 24 Mar (now; 17 Mar came the day after
    // 16 Mar); balance on 16, 18, 22 Mar, mobility on 18 Mar; walks on 17 and 25 Mar; the
    // foot check on 5 Mar and on every day from 15 to 28 Mar but 21 and 27 Mar.
    let mut lines: Vec<String> = [
        "session strength --sets 2 --reps 10 --at '2025-03-05 10:00'",
        "session strength --sets 2 --reps 10 --at '2025-03-16 10:00'",
        "session balance --minutes 10 --at '2025-03-16 10:30'",
        "session strength --sets 2 --reps 10 --at '2025-03-17 10:00'",
        "session balance --minutes 10 --at '2025-03-18 10:30'",
        "session mobility --minutes 10 --at '2025-03-18 11:00'",
        "session strength --sets 2 --reps 10 --at '2025-03-20 10:00'",
        "session balance --minutes 10 --at '2025-03-22 10:30'",
        "session strength --sets 2 --reps 10 --at '2025-03-24 10:00'",
        "log --at '2025-03-17 16:00' --walk 20",
        "log --at '2025-03-25 16:00' --walk 25",
        "log --at '2025-03-20 09:00' --stance-left 25 --stance-right 31 --heel-raises 10",
        "log --at '2025-03-05 08:00' --feet-ok",
    ]
    .map(String::from)
    .to_vec();
    lines.extend(
        (15..=28)
            .filter(|d| ![21, 27].contains(d))
            .map(|d| format!("log --at '2025-03-{d} 08:00' --feet-ok")),
    );
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--days", "14", "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();

    let row = |kind: &str, label: &str, class: &str, cells: [&str; 4]| {
        format!(
            "<tr class=\"{class}\" data-kind=\"{kind}\"><th scope=\"row\">{label}</th><td>{}</td><td>{}</td>\
             <td class=\"words\">{}</td><td class=\"words\">{}</td></tr>",
            cells[0], cells[1], cells[2], cells[3]
        )
    };
    for expected in [
        row(
            "strength",
            "strength",
            "off-target",
            [
                "1",
                "4",
                "4–6 days, none back to back",
                "not on target: 1 came the day after another strength day; rest a day between",
            ],
        ),
        row(
            "balance",
            "balance",
            "off-target",
            ["0", "3", "every day", "below target (every day): missed 11 of 14 days"],
        ),
        row(
            "mobility",
            "mobility",
            "off-target",
            ["0", "1", "every day", "below target (every day): missed 13 of 14 days"],
        ),
        row("walk", "walking", "none", ["0", "2", "none", "no target"]),
        row(
            "feet",
            "foot check",
            "off-target",
            ["1", "12", "every day", "below target (every day): missed 2 of 14 days"],
        ),
    ] {
        assert!(html.contains(&expected), "missing {expected}\n{html}");
    }
    assert!(html.contains("<section id=\"program\"><h2>The exercise program</h2>"));
    assert!(html.contains("<h3>How closely it was followed</h3>"));

    // The charts run from 15 Mar: strength days at offsets 1, 2, 5, 9 as dark triangles; the
    // balance and mobility days (16, 18, 22 Mar: offsets 1, 3, 7) as light squares.
    let heel = svg_with_id(&html, "chart-heel-raises");
    assert_eq!(heel.matches("<polygon").count(), 4, "{heel}");
    assert_eq!(heel.matches("height=\"8\" opacity=\"1\" fill=\"#999999\"").count(), 3, "{heel}");
    assert!(heel.contains(">strength day</text>") && heel.contains(">balance or mobility</text>"));
    assert!(html.contains("a dark triangle marks a day with a strength session"));

    // Stance left 25 s now: marked; the right foot's 31 s is not.
    assert!(html.contains("25 <span class=\"fall-risk\""), "{html}");
    assert!(!html.contains("31 <span class=\"fall-risk\""));
    assert!(html.contains("* Under 30 s — a level linked to more falls"));
}

#[test]
fn a_short_history_is_charted_from_its_first_day_not_squeezed_into_the_period() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-01 08:00' --pain 4",
        "log --at '2025-03-20 08:00' --pain 3 --numb left-toes",
    ]);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    // The period is what was logged (v3 §7); the charts start on the first logged day.
    assert!(
        html.contains("<strong>Period:</strong> 1 Mar 2025 to 20 Mar 2025: 2 days logged (the report looks at the 84 days to 28 Mar 2025)"),
        "{html}"
    );
    assert!(html.contains("<h2>Day by day, 1 Mar 2025 to 28 Mar 2025</h2>"), "{html}");
    assert!(html.contains("Nothing was logged before 1 Mar 2025, so the charts show only the last 28 days."));
    let pain = svg_with_id(&html, "chart-pain");
    // Weekly ticks back from 28 Mar; nothing from January or February.
    assert!(
        pain.contains("\n7 Mar\n</text>")
            && !pain.contains(" Jan\n</text>")
            && !pain.contains(" Feb\n</text>"),
        "{pain}"
    );
    // No numbness check in 1–14 Mar: the zones of now are not called new.
    assert!(html.contains(
        "<p><strong>Numb zones now:</strong> left-toes (no numbness check in the two weeks before to compare with).</p>"
    ));
    assert!(!html.contains("New numb zones"));

    // Started three days ago: the charts still show the last 14 days.
    let env = Env::new();
    env.log_all(&["log --at '2025-03-25 08:00' --pain 4"]);
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out), "--force"]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h2>Day by day, 15 Mar 2025 to 28 Mar 2025</h2>"), "{html}");
    assert!(html.contains("Nothing was logged before 25 Mar 2025, so the charts show only the last 14 days."));
}

#[test]
fn printing_keeps_tables_and_headings_with_what_they_introduce() {
    let env = Env::new();
    history(&env);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    // v3 §7: no row, chart or box split across pages, but whole tables may break between rows
    // (v2 kept every table whole, which left pages mostly empty); no forced page break.
    assert!(html.contains("tr, figure, .flags, .disclaimer, .keep-small { break-inside: avoid;"));
    assert!(html.contains("h2, h3, caption, thead { break-after: avoid;"));
    assert!(!html.contains("break-before: page"));
    // The charts' heading and introduction stay with the charts, the numbness heading with
    // the drawing of the feet.
    assert!(html.contains(".charts-head, .charts-head p { break-after: avoid;"));
    let charts = html.find("<div class=\"charts-head\"><h2>Day by day").expect("charts heading");
    let grid =
        html[charts..].find("</p></div><div class=\"chart-grid\">").expect("the charts' grid") + charts;
    let after = html[grid..].split_once("<div class=\"chart-grid\">").unwrap().1.trim_start();
    assert!(
        after.starts_with("<figure id=\"chart-pain-figure\">"),
        "the introduction is followed by the first chart"
    );
    let numb =
        html.find("<div class=\"keep-small\"><h2>Numbness, last 14 days").expect("numbness heading kept");
    let numb_end = html[numb..].find("</div>").unwrap() + numb;
    assert!(html[numb..numb_end].contains("id=\"numbness-map\""));
    // The name and the page number on every printed page.
    assert!(html.contains("@bottom-right { content: \"page \" counter(page) \" of \" counter(pages);"));
}

#[test]
fn red_flags_are_in_a_box_at_the_top() {
    let env = Env::new();
    history(&env);
    env.ok(&["log", "--at", "2025-03-20 09:00", "--flag", "fall"]);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    let flags =
        html.find("<section class=\"flags\" id=\"red-flags\"><h2>⚠ Red flags</h2>").expect("a red-flag box");
    assert!(flags < html.find("id=\"advice\"").unwrap() && flags < html.find("id=\"trend\"").unwrap());
    assert!(html.contains(
        "<p><strong>Any red flag means: pause progression and contact a clinician promptly.</strong></p>\
         <ul>\n<li><strong>fall reported on 20 Mar 2025</strong> (reported by the patient): pause progression and contact a clinician promptly.</li>\n\
         <li><strong>new numbness at left-toes since 16 Mar 2025</strong> (detected in the measures): pause progression and contact a clinician promptly.</li>\n"
    ), "{html}");
    assert!(
        html.contains("data-verdict=\"see-clinician\"><strong>See a clinician before progressing:</strong>")
    );
}

#[test]
fn json_says_where_the_report_went_and_the_default_name_has_the_date() {
    let env = Env::new();
    history(&env);
    // Run in a directory of the temp dir: a relative --out is written there.
    let work = env.path("work");
    std::fs::create_dir(&work).unwrap();
    let out = env
        .cmd(&["report", "--as-of", AS_OF, "--out", "x.html", "--json"])
        .current_dir(&work)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(value, json!({"out": "x.html"}));
    assert_eq!(mode(&work.join("x.html")), 0o600);
    std::fs::remove_file(work.join("x.html")).unwrap();

    // Without --out: footing-report-DATE.html in the current directory, 0600.
    let out = env.cmd(&["report", "--as-of", AS_OF]).current_dir(&work).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = work.join("footing-report-2025-03-28.html");
    assert_eq!(mode(&expected), 0o600);
    assert_eq!(std::fs::read_dir(&work).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_becomes_private() {
    let env = Env::new();
    history(&env);
    let out = env.path("r.html");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = env.fails(2, &["report", "--as-of", AS_OF, "--out", s(&out)]);
    assert_eq!(
        err,
        format!("error: {} already exists; nothing was written (add --force to replace it)\n", out.display())
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out), "--force"]);
    assert_eq!(mode(&out), 0o600);
    assert!(std::fs::read_to_string(&out).unwrap().contains("footing — progress report"));
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let env = Env::new();
    history(&env);
    let before = snapshot(&env.db);
    let out = env.path("r.html");
    let err = env.fails(2, &["report", "--as-of", "2025-13-01", "--out", s(&out)]);
    assert_eq!(
        err,
        "error: invalid value '2025-13-01' for --as-of: there is no month 13 (01 to 12); expected a date as \
         YYYY-MM-DD, today or yesterday\n"
    );
    let err = env.fails(2, &["report", "--days", "13", "--out", s(&out)]);
    assert!(
        err.contains("invalid value '13' for '--days <N>': expected a whole number from 14 to 3650"),
        "{err}"
    );
    assert!(!out.exists());
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn an_unwritable_place_is_an_error_naming_the_file() {
    let env = Env::new();
    history(&env);
    let out = env.path("no-such-dir").join("r.html");
    let err = env.fails(1, &["report", "--as-of", AS_OF, "--out", s(&out)]);
    assert!(err.starts_with(&format!("error: could not write {}", out.display())), "{err}");
}

#[test]
fn a_fortnight_without_notes_says_so() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-01 08:00' --pain 3 --note 'a month ago'",
        "log --at '2025-03-20 08:00' --pain 2",
    ]);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(
        "<section id=\"notes\"><h2>Notes, last 14 days</h2><p class=\"missing\">No notes were written in the last 14 days.</p></section>"
    ), "{html}");
    assert!(!html.contains("a month ago"));
}

#[test]
fn with_nothing_logged_the_report_says_so() {
    let env = Env::new();
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<strong>Program week:</strong> nothing logged yet"));
    assert!(html.contains("Numbness was not checked in the last 14 days."));
    assert_eq!(html.matches("Nothing was recorded in this period.").count(), 4);
    assert!(!env.db.exists(), "a report never creates a database");
}

// ---- The report in a real browser -------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists())
}

/// Runs a command with a time limit, killing it on expiry; returns its stdout.
fn run_with_limit(mut cmd: Command, limit: Duration) -> Vec<u8> {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start chromium");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().expect("stdout reader")
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1200,2000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .env("HOME", profile);
    c
}

#[test]
#[cfg_attr(not(chromium), ignore = "needs chromium (the Debian package; `bash .ci/run` installs it)")]
fn the_report_renders_in_headless_chromium() {
    let browser = chromium().expect("chromium");
    let env = Env::new();
    history(&env);
    let report = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&report)]);
    let url = format!("file://{}", report.display());

    // A screenshot that is not blank: many colours, and a good share of non-white pixels.
    let shot = env.path("shot.png");
    let mut c = headless(&browser, &env.path("profile-1"));
    c.arg(format!("--screenshot={}", shot.display())).arg(&url);
    run_with_limit(c, Duration::from_secs(60));
    let decoder =
        png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).expect("a screenshot")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut pixels).expect("PNG pixels");
    assert_eq!((frame.width, frame.height), (1200, 2000));
    let channels = frame.color_type.samples();
    assert!(channels >= 3, "{:?}", frame.color_type);
    let mut colours = std::collections::HashSet::new();
    let mut ink = 0usize;
    for px in pixels[..frame.buffer_size()].chunks(channels) {
        colours.insert((px[0], px[1], px[2]));
        if px[0] < 200 || px[1] < 200 || px[2] < 200 {
            ink += 1;
        }
    }
    let total = (frame.width * frame.height) as usize;
    assert!(colours.len() > 100, "only {} colours: the page looks blank", colours.len());
    assert!(ink * 100 > total * 2, "only {ink} of {total} pixels are not near-white");

    // The charts are in the rendered page.
    let mut c = headless(&browser, &env.path("profile-2"));
    c.arg("--dump-dom").arg(&url);
    let dom = String::from_utf8(run_with_limit(c, Duration::from_secs(60))).expect("utf-8 DOM");
    assert_eq!(dom.matches("<svg").count(), 5, "{dom}");
    for id in ["chart-pain", "chart-stance", "chart-heel-raises", "chart-walk", "numbness-map"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "{id} missing from the rendered page");
    }
    for title in
        ["Pain, 0–10 (lower is better)", "Heel raises (higher is better)", "Walking (higher is better)"]
    {
        assert!(dom.contains(title), "{title}");
    }
    assert!(dom.contains("footing — progress report"));
    assert!(dom.contains("<h2>Two-week trend</h2>") && dom.contains("<h2>Next-session advice</h2>"));
    assert!(dom.contains("<h3>How closely it was followed</h3>") && dom.contains("data-kind=\"feet\""));
    assert!(dom.contains("strength day") && dom.contains("balance or mobility"));
    assert!(!dom.contains("<script"), "the note stayed text in the browser");
}

/// Lays the page out in Chromium at this window width and returns what the JavaScript
/// expression `js` gives there. With `print`, the print rules apply (as on paper), by turning
/// `@media print` into `@media all` in a copy; the copy also gets the script, which writes its
/// answer into the title (the report itself has no script).
fn probe(browser: &Path, env: &Env, report: &Path, width: u32, print: bool, js: &str) -> String {
    let mut html = std::fs::read_to_string(report).unwrap();
    if print {
        html = html.replace("@media print", "@media all");
    }
    html = html.replace("</body>", &format!("<script>document.title = 'probe:' + ({js});</script></body>"));
    let name = format!("probe-{}-{width}-{print}", html.len());
    let copy = env.path(&format!("{name}.html"));
    std::fs::write(&copy, html).unwrap();
    let mut c = headless(browser, &env.path(&format!("profile-{name}")));
    c.arg(format!("--window-size={width},1500")).arg("--dump-dom").arg(format!("file://{}", copy.display()));
    let dom = String::from_utf8(run_with_limit(c, Duration::from_secs(60))).expect("utf-8 DOM");
    let start = dom.find("<title>probe:").expect("the probe ran") + "<title>probe:".len();
    let end = dom[start..].find("</title>").unwrap() + start;
    dom[start..end].replace("&amp;", "&")
}

/// How wide the page lays out: `(content, window)` in CSS pixels.
fn laid_out_width(browser: &Path, env: &Env, report: &Path, width: u32, print: bool) -> (u32, u32) {
    let js = "document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth";
    let answer = probe(browser, env, report, width, print, js);
    let mut w = answer.split(' ').map(|n| n.parse::<u32>().expect("a width"));
    (w.next().unwrap(), w.next().unwrap())
}

#[test]
#[cfg_attr(not(chromium), ignore = "needs chromium (the Debian package; `bash .ci/run` installs it)")]
fn nothing_is_wider_than_the_screen_or_an_a4_page() {
    let browser = chromium().expect("chromium");
    // The demo person: a changed program done for twelve weeks, the longest table cells.
    let env = Env::new();
    env.ok(&["demo"]);
    let report = env.path("r.html");
    env.ok(&["report", "--out", s(&report)]);
    // A laptop window, a narrow one, and the printable width of A4 (210 mm less the page
    // margins of 13 mm each side: 184 mm, 695 CSS pixels).
    for (width, print) in [(1000, false), (800, false), (695, true)] {
        let (content, window) = laid_out_width(&browser, &env, &report, width, print);
        assert!(
            content <= window,
            "at {width} px (print: {print}) the page is {content} px wide, the window {window}"
        );
    }
}

/// The text a reader sees: the page without its style sheet and tags.
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").expect("a body")..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every `YYYY-MM-DD` in the text.
fn iso_dates(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let shape = "dddd-dd-dd";
    (0..b.len().saturating_sub(shape.len() - 1))
        .filter(|&i| {
            shape
                .bytes()
                .enumerate()
                .all(|(k, s)| if s == b'd' { b[i + k].is_ascii_digit() } else { b[i + k] == s })
        })
        .map(|i| text[i..i + shape.len()].to_string())
        .collect()
}

#[test]
fn every_date_on_the_page_is_written_the_same_way() {
    // Advice with volumes, an earliest strength day, a limit and red flags: every place
    // where the advice words carry a date.
    let env = Env::new();
    history(&env);
    env.log_all(&[
        "log --at '2025-03-10 09:00' --flag fall",
        "log --at '2025-03-20 09:00' --flag night-pain",
        "session balance --minutes 10 --at '2025-03-26 11:00'",
    ]);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    let text = visible_text(&html);
    assert!(text.contains("26 Mar 2025"), "{text}");
    assert_eq!(iso_dates(&text), Vec::<String>::new(), "{text}");
    // The advice table says when each kind was last done and when strength may come next.
    assert!(html.contains("<td>26 Mar 2025</td><td>2 × 10</td><td>28 Mar 2025</td>"), "{html}");
}

#[test]
fn adherence_of_a_new_program_speaks_of_the_patient_not_to_them() {
    // Started five days ago: the targets are scaled to the days since the start, and the
    // page, read by a clinician, says so without "you".
    let env = Env::new();
    env.log_all(&[
        "session strength --sets 2 --reps 8 --at '2025-03-24 10:00'",
        "session balance --minutes 10 --at '2025-03-25 10:00'",
        "session strength --sets 2 --reps 8 --at '2025-03-26 10:00'",
        "log --at '2025-03-27 08:00' --pain 2 --feet-ok",
    ]);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    let table = &html[html.find("<table class=\"adherence\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("below target (every day): missed 4 of the 5 days since the program started"),
        "{table}"
    );
    assert!(!table.contains("you"), "{table}");
}

#[test]
#[cfg_attr(not(chromium), ignore = "needs chromium (the Debian package; `bash .ci/run` installs it)")]
fn every_column_heading_is_aligned_like_its_column() {
    let browser = chromium().expect("chromium");
    let env = Env::new();
    env.ok(&["demo"]);
    let report = env.path("r.html");
    env.ok(&["report", "--out", s(&report)]);
    // For each table, each heading whose cells below (in rows with one cell per column) are
    // aligned otherwise: "table class, heading text: heading alignment / cells' alignment".
    let js = r#"(function () {
        const bad = [];
        for (const table of document.querySelectorAll('table')) {
            const heads = [...table.querySelectorAll('thead th')];
            const rows = [...table.querySelectorAll('tbody tr')].filter(r => r.cells.length === heads.length);
            heads.forEach((th, i) => {
                const want = getComputedStyle(th).textAlign;
                for (const r of rows) {
                    const got = getComputedStyle(r.cells[i]).textAlign;
                    if (got !== want) { bad.push(table.className + ', ' + th.textContent + ': ' + want + ' / ' + got); break; }
                }
            });
        }
        return bad.join(' | ') || 'none';
    })()"#;
    for print in [false, true] {
        assert_eq!(probe(&browser, &env, &report, 1000, print, js), "none", "print: {print}");
    }
}

#[test]
fn in_the_advice_table_each_exercise_sits_under_its_kind() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-25 08:00' --pain 2",
        "session heel-raises:2x10 sit-to-stand:2x8 --at '2025-03-25 10:00'",
        "log --at '2025-03-26 08:00' --pain 2",
    ]);
    let out = env.path("r.html");
    env.ok(&["report", "--as-of", AS_OF, "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    let table = &html[html.find("<table class=\"next\"").expect("the volumes table")..];
    let table = &table[..table.find("</table>").unwrap()];
    // The terminal's two-space indent would vanish in HTML: the rows say what they are.
    assert!(!table.contains("<th scope=\"row\">  "), "{table}");
    let kind = table.find("<th scope=\"row\">strength</th>").expect("the kind's row");
    let heel = table.find("class=\"exercise\"><th scope=\"row\">heel-raises</th>").expect("an exercise row");
    let sit = table.find("class=\"exercise\"><th scope=\"row\">sit-to-stand</th>").expect("an exercise row");
    assert!(kind < heel && heel < sit, "{table}");
    assert!(html.contains("table.next tr.exercise th { padding-left: 1.8em;"));
}

// ---- Version 3 of §7: whose report, the real period, the flare history, pauses ----------

/// The report of `env` as of `as_of`, as text.
fn report_html(env: &Env, as_of: &str, extra: &[&str]) -> String {
    let out = env.path("v3.html");
    let mut args = vec!["report", "--as-of", as_of, "--out", s(&out), "--force"];
    args.extend_from_slice(extra);
    env.ok(&args);
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn the_report_names_the_person_from_the_profile_or_the_flag_on_every_page() {
    let env = Env::new();
    history(&env);
    let html = report_html(&env, AS_OF, &[]);
    assert!(!html.contains("id=\"name\""), "no name without a profile");
    // The profile of migration 0007 (its command comes with the home tests): the newest row.
    let db = rusqlite::Connection::open(&env.db).unwrap();
    db.execute_batch(
        "INSERT INTO profile (born, sex, name) VALUES (1958, 'female', 'Ann Old');
         INSERT INTO profile (born, sex, name) VALUES (1958, 'female', 'Ann \"Nan\" Lee');",
    )
    .unwrap();
    drop(db);
    let html = report_html(&env, AS_OF, &[]);
    assert!(html.contains("<p class=\"meta\" id=\"name\"><strong>Name:</strong> Ann &quot;Nan&quot; Lee</p>"));
    assert!(html.contains("<title>Ann &quot;Nan&quot; Lee — footing — progress report"));
    // In the page's margin on paper, escaped for CSS, with the period and the page number.
    assert!(
        html.contains("@top-left { content: \"Ann \\\"Nan\\\" Lee — footing progress report\";"),
        "{}",
        &html[html.find("@top-left").unwrap()..][..120]
    );
    assert!(html.contains("@top-right { content: \"3 Feb 2025 to 27 Mar 2025\";"));
    assert!(html.contains("counter(page) \" of \" counter(pages)"));
    // --name wins over the profile; markup in it stays text, also in the style sheet.
    let html = report_html(&env, AS_OF, &["--name", "Bob </style><b>x"]);
    assert!(html.contains("<strong>Name:</strong> Bob &lt;/style&gt;&lt;b&gt;x</p>"));
    let style = &html[..html.find("</style>").unwrap()];
    assert!(style.contains("Bob \\3c /style>"), "the name cannot close the style sheet");
}

#[test]
fn the_session_table_shows_each_day_with_pain_around_the_sessions_and_marks_flares() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-20 07:30' --pain 2",
        "session strength --sets 2 --reps 10 --rpe 6 --pain-before 2 --pain-after 3 --at '2025-03-20 10:00'",
        "session balance tandem-stance:3x20s --at '2025-03-20 11:00'",
        "log --at '2025-03-21 07:30' --pain 2",
        "session strength --sets 3 --reps 12 --rpe 8 --pain-before 2 --pain-after 5 --at '2025-03-23 10:00'",
        "log --at '2025-03-24 07:30' --pain 4",
        "session mobility --minutes 10 --at '2025-03-27 09:00'",
    ]);
    let html = report_html(&env, AS_OF, &[]);
    let table = &html[html.find("<table class=\"sessions\"").expect("a session table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<&str> = table.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 3, "one row per day with a session: {table}");
    assert!(
        rows[0].contains(
            "<th scope=\"row\">Thu 20 Mar</th><td>2 × 10</td><td>1 ex., 3 sets</td><td>–</td><td>6</td><td>2</td><td>3</td><td>2</td>"
        ),
        "{}",
        rows[0]
    );
    // 23 Mar: pain 2 → 5, a flare, marked in bold with a sign that survives greyscale.
    assert!(rows[1].starts_with(" class=\"flare\""), "{}", rows[1]);
    assert!(
        rows[1].contains("<td>3 × 12</td><td>–</td><td>–</td><td>8</td><td>2</td><td>▲ 5</td><td>4</td>"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains("<th scope=\"row\">Thu 27 Mar</th><td>–</td><td>–</td><td>10 min</td><td>–</td><td>–</td><td>–</td><td>–</td>"), "{}", rows[2]);
    assert!(html.contains("tr.flare td, tr.flare th { font-weight: 700; }"));
}

#[test]
fn a_pause_is_not_missed_work_and_the_red_flag_carries_the_persons_words() {
    let env = Env::new();
    let mut lines: Vec<String> = Vec::new();
    // Balance every day until an open sore on 20 Mar pauses weight-bearing work.
    for day in 1..=19 {
        lines.push(format!("log --at '2025-03-{day:02} 07:30' --pain 2 --feet-ok"));
        lines.push(format!("session balance --minutes 10 --at '2025-03-{day:02} 10:00'"));
        lines.push(format!("session mobility --minutes 10 --at '2025-03-{day:02} 10:30'"));
    }
    lines.push("log --at '2025-03-20 07:30' --flag open-sore --note 'blister under the left big toe'".into());
    for day in 20..=28 {
        lines.push(format!("session mobility --minutes 10 --at '2025-03-{day:02} 10:30'"));
    }
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    let html = report_html(&env, AS_OF, &[]);
    let flags = &html[html.find("id=\"red-flags\"").unwrap()..];
    let flags = &flags[..flags.find("</section>").unwrap()];
    // The person's words beside the flag they reported.
    let open_sore = &flags[flags.find("open-sore").expect("the flag")..];
    let open_sore = &open_sore[..open_sore.find("</li>").unwrap()];
    assert!(
        open_sore.contains("In the patient's words, <time>20 Mar 07:30</time>: <span class=\"note-text\">“blister under the left big toe”</span>"),
        "{flags}"
    );
    // Balance: 14 − 9 paused days = 5 days before the pause, all done: not "missed 9".
    let table = &html[html.find("<table class=\"adherence\"").unwrap()..];
    let balance = &table[table.find("data-kind=\"balance\"").unwrap()..];
    let balance = &balance[..balance.find("</tr>").unwrap()];
    assert!(!balance.contains("missed"), "{balance}");
    assert!(balance.contains("paused since 20 Mar 2025 (a red flag), those days not counted"), "{balance}");
    // Mobility went on and is counted as usual.
    let mobility = &table[table.find("data-kind=\"mobility\"").unwrap()..];
    assert!(!mobility[..mobility.find("</tr>").unwrap()].contains("paused"));
    // The fall in sessions during the pause is not "worse".
    let trend = &html[html.find("<table class=\"trend\"").unwrap()..];
    let head = trend.find("<th scope=\"row\">sessions</th>").unwrap();
    let sessions = &trend[trend[..head].rfind("<tr").unwrap()..];
    let sessions = &sessions[..sessions.find("</tr>").unwrap()];
    assert!(sessions.contains("class=\"paused\""), "{sessions}");
    assert!(sessions.contains("fewer: paused since 20 Mar 2025"), "{sessions}");
}

#[test]
fn the_walking_chart_shows_the_target_and_the_advice_table_counts_the_as_of_day() {
    let env = Env::new();
    let mut lines: Vec<String> = Vec::new();
    for day in 1..=27 {
        lines.push(format!("log --at '2025-03-{day:02} 07:30' --pain 2"));
        lines.push(format!("log --at '2025-03-{day:02} 17:00' --walk 20"));
    }
    lines.push("session mobility --minutes 10 --at '2025-03-05 09:00'".into());
    // A session on the as-of day itself: "last" says 28 Mar, not 5 Mar.
    lines.push("session mobility --minutes 12 --at '2025-03-28 09:00'".into());
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    let html = report_html(&env, AS_OF, &[]);
    let walk = svg_with_id(&html, "chart-walk");
    assert!(walk.contains("target 2"), "the walking target is drawn: {walk}");
    let next = &html[html.find("<table class=\"next\"").unwrap()..];
    let mobility = &next[next.find("<th scope=\"row\">mobility</th>").unwrap()..];
    let mobility = &mobility[..mobility.find("</tr>").unwrap()];
    assert!(mobility.contains("<td>12 min</td><td>28 Mar 2025</td>"), "{mobility}");
}

#[test]
fn open_uses_the_default_browser_and_without_one_says_where_the_report_is() {
    let env = Env::new();
    history(&env);
    let out = env.path("o.html");
    // No browser opener on the PATH: written, said where, exit 0.
    let empty = env.path("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let run = env
        .cmd(&["report", "--as-of", AS_OF, "--out", s(&out), "--open"])
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains(&format!("open {} in a browser", out.display())), "{stdout}");
    assert!(out.exists());
    // An opener that records what it was given.
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = env.path("opened.txt");
    let script = bin.join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let run = env
        .cmd(&["report", "--as-of", AS_OF, "--out", s(&out), "--force", "--open"])
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8(run.stdout).unwrap().contains("opened it in the default browser"));
    assert_eq!(std::fs::read_to_string(&opened).unwrap().trim(), out.display().to_string());
}

/// The pages of `pdf` as greyscale images (pdftoppm, 30 dpi): for each, the share of its
/// height down to the last inked row of the body (the page's top and bottom margins, where
/// the name and the page number are, left out).
fn page_fill(env: &Env, pdf: &Path) -> Vec<f64> {
    let prefix = env.path("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "30", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("run pdftoppm");
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("page-"))
        .collect();
    pages.sort_by_key(|p| {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        name.rsplit('-').next().unwrap().parse::<u32>().unwrap()
    });
    pages
        .iter()
        .map(|p| {
            // A binary PGM: "P5\nW H\n255\n" then one byte per pixel.
            let bytes = std::fs::read(p).unwrap();
            let mut fields = Vec::new();
            let mut at = 0;
            while fields.len() < 4 {
                while bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                let start = at;
                while !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
            }
            let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
            let pixels = &bytes[at + 1..];
            // The body: below the top margin (16 mm) and above the bottom one (15 mm).
            let (top, bottom) = (h * 55 / 1000, h * 945 / 1000);
            let last = (top..bottom).rev().find(|y| pixels[y * w..(y + 1) * w].iter().any(|&px| px < 200));
            last.map_or(0.0, |y| y as f64 / h as f64)
        })
        .collect()
}

/// A month of demo data prints on at most 4 pages of A4 and of Letter without the home tests
/// (§7), and, with them or without, no page before the last is more than half empty.
#[test]
#[cfg_attr(
    not(all(chromium, pdftoppm)),
    ignore = "needs chromium and pdftoppm (`bash .ci/run` installs both)"
)]
fn a_month_prints_on_four_pages_of_a4_or_letter_none_half_empty() {
    let browser = chromium().expect("chromium");
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["demo", "--days", "30"]);
    let report = env.path("month.html");
    env.ok(&["report", "--out", s(&report), "--name", "Ann Example"]);
    let full = std::fs::read_to_string(&report).unwrap();
    let home = full.find("<section id=\"home-tests\">").expect("the demo has home tests");
    let home_end = full[home..].find("</section>").unwrap() + home + "</section>".len();
    let without = format!("{}{}", &full[..home], &full[home_end..]);
    for (html, most, which) in [(&without, 4, "without home tests"), (&full, 7, "with home tests")] {
        for (paper, size) in [("A4", "A4"), ("Letter", "letter")] {
            let paper = format!("{paper}, {which}");
            let copy = env.path("month-print.html");
            std::fs::write(&copy, html.replace("</style>", &format!("@page {{ size: {size}; }}</style>")))
                .unwrap();
            let pdf = env.path("month.pdf");
            let mut c = headless(&browser, &env.path("profile-pdf"));
            c.arg("--no-pdf-header-footer").arg(format!("--print-to-pdf={}", pdf.display()));
            c.arg(format!("file://{}", copy.display()));
            run_with_limit(c, Duration::from_secs(90));
            for old in std::fs::read_dir(env.dir.path()).unwrap() {
                let old = old.unwrap().path();
                if old.file_name().unwrap().to_string_lossy().starts_with("page-") {
                    std::fs::remove_file(old).unwrap();
                }
            }
            let fill = page_fill(&env, &pdf);
            assert!((2..=most).contains(&fill.len()), "{paper}: {} pages", fill.len());
            for (i, f) in fill[..fill.len() - 1].iter().enumerate() {
                assert!(*f > 0.5, "{paper}: page {} ends at {:.0}% of its height", i + 1, f * 100.0);
            }
            // The name and the page number on every page.
            for page in 1..=fill.len() {
                let text = Command::new("pdftotext")
                    .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
                    .arg(&pdf)
                    .arg("-")
                    .output()
                    .expect("run pdftotext");
                let text = String::from_utf8_lossy(&text.stdout);
                assert!(text.contains("Ann Example"), "{paper} page {page}: {text}");
                assert!(
                    text.contains(&format!("page {page} of {}", fill.len())),
                    "{paper} page {page}: {text}"
                );
            }
        }
    }
}
