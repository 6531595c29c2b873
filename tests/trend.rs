//! End to end: `footing trend` and `footing zones` on a real database in a temp dir.

mod common;

use common::{snapshot, Env};
use serde_json::{json, Value};

/// Every test here runs with NO_COLOR=1.
fn env() -> Env {
    Env::new().no_color()
}

/// A history around D = 2025-03-28. Windows: previous 03-01 … 03-14, current 03-15 … 03-28.
fn history() -> Env {
    let env = env();
    env.log_all(&[
        // First logged day: 2025-02-20, 36 days before D → week 36 div 7 + 1 = 6.
        "log --at '2025-02-20 08:00' --pain 7",
        // D−28: in neither window.
        "log --at '2025-02-28 08:00' --pain 9 --walk 60 --numb left-calf",
        // Previous window.
        "log --at '2025-03-01 08:00' --pain 4 --numb left-toes --stance-left 10 --heel-raises 8",
        "log --at '2025-03-01 20:00' --pain 6",
        "session strength --sets 2 --reps 10 --pain-before 3 --pain-after 5 --at '2025-03-05 10:00'",
        "log --at '2025-03-08 09:00' --walk 20",
        "log --at '2025-03-08 17:00' --walk 10",
        "log --at '2025-03-14 08:00' --pain 3 --numb none --stance-left 12 --stance-right 8 --heel-raises 10 \
         --walk 30",
        // Current window.
        "log --at '2025-03-15 08:00' --pain 2 --numb left-toes,right-toes --stance-left 13.5 \
         --heel-raises 12",
        "session balance --minutes 10 --at '2025-03-17 10:00'",
        "session mobility --minutes 5 --at '2025-03-17 10:30'",
        "log --at '2025-03-17 12:00' --pain 3",
        "session strength --sets 2 --reps 11 --pain-before 2 --pain-after 4 --at '2025-03-20 10:00'",
        "log --at '2025-03-22 09:00' --walk 33 --stance-right 8.8 --numb left-toes",
        "log --at '2025-03-28 08:00' --pain 1 --stance-left 14.5 --heel-raises 12 --walk 30",
    ]);
    env
}

/// Worked out by hand from §5.
///
/// pain: previous days 03-01 (4, 6 → 5), 03-05 (3, 5 → 4), 03-14 (3): (5 + 4 + 3) / 3 = 4;
///   current 03-15 (2), 03-17 (3), 03-20 (2, 4 → 3), 03-28 (1): 9 / 4 = 2.25;
///   change −1.75, −1.75 / 4 = −43.75 % → −43.8; |−1.75| ≥ 1: better;
///   meaningful: 1.75 < 2 but 43.75 % ≥ 30 → true.
/// stance_left: (10 + 12) / 2 = 11 → (13.5 + 14.5) / 2 = 14; +3, 3 / 11 = 27.27 % → better.
/// stance_right: 8 → 8.8; +0.8, exactly +10 % → not steady: better.
/// heel_raises: (8 + 10) / 2 = 9 → (12 + 12) / 2 = 12; +3, +33.3 % → better.
/// walk_minutes: 03-08 (20 + 10 = 30), 03-14 (30): 30 → 03-22 (33), 03-28 (30): 31.5;
///   +1.5, +5 % → steady.
/// numb_zones: 03-01 (1), 03-14 none (0): 0.5 → 03-15 (2), 03-22 (1): 1.5; +1 ≥ 0.5,
///   +200 % → worse (lower is better).
/// sessions: 1 (03-05, one day) → 3 (03-17 ×2, 03-20; two days); +2, +200 % → better.
/// days_logged: 03-01, 03-05, 03-08, 03-14 = 4 → 03-15, 03-17, 03-20, 03-22, 03-28 = 5;
///   +1, +25 % → better.
/// The D−28 day (pain 9, walk 60, left-calf) counts nowhere.
/// adherence (§9.5), days per window: strength 03-05 → 03-20 (1 → 1, none the day after
///   another); balance and mobility 0 → 1 (03-17); walking 03-08, 03-14 → 03-22, 03-28
///   (2 → 2; the D−28 walk counts nowhere); no foot check (0 → 0).
fn expected_trend() -> Value {
    json!({
        "as_of": "2025-03-28",
        "program_week": 6,
        // §11.2: the single-leg stance is listed with the tests, the latest day of each window.
        "tests": [{"test": "single-leg-stance", "previous": {"date": "2025-03-14", "values": [12, 8]},
                   "current": {"date": "2025-03-28", "values": [14.5, null]}}],
        "current": {"from": "2025-03-15", "to": "2025-03-28"},
        "previous": {"from": "2025-03-01", "to": "2025-03-14"},
        "metrics": [
            {"key": "pain", "previous": 4.0, "current": 2.25, "change": -1.75, "change_pct": -43.8,
             "direction": "better", "meaningful": true, "previous_days": 3, "current_days": 4},
            {"key": "stance_left", "previous": 11.0, "current": 14.0, "change": 3.0, "change_pct": 27.3,
             "direction": "better", "previous_days": 2, "current_days": 2},
            {"key": "stance_right", "previous": 8.0, "current": 8.8, "change": 0.8, "change_pct": 10.0,
             "direction": "better", "previous_days": 1, "current_days": 1},
            {"key": "heel_raises", "previous": 9.0, "current": 12.0, "change": 3.0, "change_pct": 33.3,
             "direction": "better", "previous_days": 2, "current_days": 2},
            {"key": "walk_minutes", "previous": 30.0, "current": 31.5, "change": 1.5, "change_pct": 5.0,
             "direction": "steady", "previous_days": 2, "current_days": 2},
            {"key": "numb_zones", "previous": 0.5, "current": 1.5, "change": 1.0, "change_pct": 200.0,
             "direction": "worse", "previous_days": 2, "current_days": 2},
            {"key": "sessions", "previous": 1, "current": 3, "change": 2, "change_pct": 200.0,
             "direction": "better", "previous_days": 1, "current_days": 2},
            {"key": "days_logged", "previous": 4, "current": 5, "change": 1, "change_pct": 25.0,
             "direction": "better", "previous_days": 4, "current_days": 5}
        ],
        "numbness": {"previous_zones": ["left-toes"], "current_zones": ["left-toes", "right-toes"],
                     "new": ["right-toes"], "resolved": []},
        "adherence": [
            {"kind": "strength", "previous": 1, "current": 1, "target": "4-6", "consecutive": 0},
            {"kind": "balance", "previous": 0, "current": 1, "target": "14"},
            {"kind": "mobility", "previous": 0, "current": 1, "target": "14"},
            {"kind": "walk", "previous": 2, "current": 2, "target": null},
            {"kind": "feet", "previous": 0, "current": 0, "target": "14"}
        ]
    })
}

#[test]
fn trend_json_matches_the_hand_worked_numbers() {
    let env = history();
    assert_eq!(env.json(&["trend", "--as-of", "2025-03-28"]), expected_trend());
}

#[test]
fn trend_json_a_day_later_moves_both_windows() {
    // D = 03-29: current 03-16 … 03-29 loses 03-15; previous 03-02 … 03-15 loses 03-01
    // and gains 03-15. Pain: previous 03-05 (4), 03-14 (3), 03-15 (2): 3;
    // current 03-17 (3), 03-20 (3), 03-28 (1): 7 / 3 = 2.33; change −0.67 (−22.2 %): steady.
    let env = history();
    let v = env.json(&["trend", "--as-of", "2025-03-29"]);
    assert_eq!(
        v["metrics"][0],
        json!({"key": "pain", "previous": 3.0, "current": 2.33, "change": -0.67, "change_pct": -22.2,
               "direction": "steady", "meaningful": false, "previous_days": 3, "current_days": 3})
    );
    assert_eq!(v["program_week"], json!(6));
    // 37 days after 02-20 is still week 6; 42 days (04-03) is week 7, the next phase.
    assert_eq!(env.json(&["trend", "--as-of", "2025-04-02"])["program_week"], json!(6));
    assert_eq!(env.json(&["trend", "--as-of", "2025-04-03"])["program_week"], json!(7));
}

#[test]
fn trend_table_says_what_improved_and_fits_80_columns() {
    let env = history();
    let out = env.ok(&["trend", "--as-of", "2025-03-28"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Program week 6 — expect steadier balance and modest relief");
    assert_eq!(lines[1], "before = 2025-03-01 to 2025-03-14, now = 2025-03-15 to 2025-03-28");
    for line in &lines {
        assert!(line.chars().count() <= 80, "{} wide: {line}", line.chars().count());
    }
    let row = |label: &str| -> String {
        lines
            .iter()
            .find(|l| l.starts_with(&format!(" {label}")))
            .unwrap_or_else(|| panic!("{label}\n{out}"))
            .to_string()
    };
    let squash = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squash(row("pain (0–10)")).starts_with("pain (0–10) 4 2.25 -1.75 noticeably"), "{out}");
    // Both feet are under 30 s now: marked, and the mark explained.
    assert!(squash(row("stance left")).starts_with("stance left 11 14* +3 better"), "{out}");
    assert!(squash(row("stance right")).starts_with("stance right 8 8.8* +0.8 better"), "{out}");
    assert!(out.contains("\n* under 30 s — a level linked to more falls.\n"), "{out}");
    assert!(squash(row("heel raises")).starts_with("heel raises 9 12 +3 better"), "{out}");
    assert!(squash(row("walking")).starts_with("walking 30 31.5 +1.5 steady"), "{out}");
    assert!(squash(row("numb zones")).starts_with("numb zones 0.5 1.5 +1 worse"), "{out}");
    assert!(squash(row("sessions")).starts_with("sessions 1 3 +2 better"), "{out}");
    assert!(squash(row("days logged")).starts_with("days logged 4 5 +1 better"), "{out}");
    // The pain row's second line finishes "noticeably better"; percentages sit under changes.
    let pain_at = lines.iter().position(|l| l.starts_with(" pain (0–10)")).unwrap();
    assert_eq!(lines[pain_at + 1].trim(), "better");
    assert!(out.contains("(+27%)") && out.contains("(+10%)") && out.contains("(+5%)"), "{out}");
    // Sparklines: 28 bars, the pain row draws its highest day (03-01, 5) tallest and D lowest.
    let spark = row("pain (0–10)").split_whitespace().last().unwrap().to_string();
    assert_eq!(spark.chars().count(), 28, "{spark}");
    assert_eq!(spark, "█···▆········▅▃·▅··▅·······▁");
    assert!(out.contains("28 days: one bar a day, 2025-03-01 to 2025-03-28; taller = higher; · = no value."));
    assert!(out.contains("noticeably: pain changed by 2 points or 30% or more"));
    assert!(out.contains("New numb zones: right-toes."));
}

#[test]
fn trend_directions_read_worse_and_not_enough_data() {
    let env = env();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "2", "--stance-left", "20"]);
    env.ok(&["log", "--at", "2025-03-20 08:00", "--pain", "6", "--stance-left", "15"]);
    let out = env.ok(&["trend", "--as-of", "2025-03-28"]);
    assert!(out.starts_with("Program week 4 — expect steadier balance and modest relief\n"), "{out}");
    let squash: Vec<String> =
        out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let has = |prefix: &str| squash.iter().any(|l| l.starts_with(prefix));
    assert!(has("pain (0–10) 2 6 +4 noticeably"), "{out}");
    assert!(has("stance left 20 15* -5 worse"), "{out}");
    assert!(has("stance right – – – not enough"), "{out}");
    assert!(has("sessions 0 0 0 steady"), "{out}");
    assert!(has("days logged 1 1 0 steady"), "{out}");
    assert!(!out.contains("New numb zones"));
}

#[test]
fn trend_with_nothing_logged_has_the_full_shape_and_creates_no_file() {
    let env = env();
    let out = env.ok(&["trend", "--as-of", "2025-03-28"]);
    assert_eq!(
        out,
        "Program week: not started (nothing logged yet)\n\
         before = 2025-03-01 to 2025-03-14, now = 2025-03-15 to 2025-03-28\n\
         Nothing to compare yet: nothing was logged from 2025-03-01 to 2025-03-28.\n"
    );
    let v = env.json(&["trend", "--as-of", "2025-03-28"]);
    let none = |key: &str| {
        json!({"key": key, "previous": null, "current": null, "change": null, "change_pct": null,
               "direction": "n/a", "previous_days": 0, "current_days": 0})
    };
    let zero = |key: &str| {
        json!({"key": key, "previous": 0, "current": 0, "change": 0, "change_pct": null,
               "direction": "steady", "previous_days": 0, "current_days": 0})
    };
    let mut pain = none("pain");
    pain["meaningful"] = json!(false);
    assert_eq!(
        v,
        json!({
            "as_of": "2025-03-28", "program_week": null, "tests": [],
            "current": {"from": "2025-03-15", "to": "2025-03-28"},
            "previous": {"from": "2025-03-01", "to": "2025-03-14"},
            "metrics": [pain, none("stance_left"), none("stance_right"), none("heel_raises"),
                        none("walk_minutes"), none("numb_zones"), zero("sessions"), zero("days_logged")],
            "numbness": {"previous_zones": [], "current_zones": [], "new": [], "resolved": []},
            "adherence": [
                {"kind": "strength", "previous": 0, "current": 0, "target": "4-6", "consecutive": 0},
                {"kind": "balance", "previous": 0, "current": 0, "target": "14"},
                {"kind": "mobility", "previous": 0, "current": 0, "target": "14"},
                {"kind": "walk", "previous": 0, "current": 0, "target": null},
                {"kind": "feet", "previous": 0, "current": 0, "target": "14"}
            ]
        })
    );
    assert!(!env.db.exists(), "a reading command created the database");
    let z = env.json(&["zones", "--as-of", "2025-03-28", "--weeks", "1"]);
    assert_eq!(
        z,
        json!({"as_of": "2025-03-28", "from": "2025-03-22", "to": "2025-03-28",
               "weeks": [{"week": 1, "from": "2025-03-22", "to": "2025-03-28", "days_checked": 0, "new": []}],
               "zones": []})
    );
    assert!(env.ok(&["zones", "--as-of", "2025-03-28"]).contains("No numbness checks were logged"));
    assert!(!env.db.exists(), "a reading command created the database");
    assert!(!env.user_db.exists());
}

#[test]
fn zones_with_only_none_checks_says_no_numbness() {
    let env = env();
    env.ok(&["log", "--at", "2025-03-20 08:00", "--numb", "none"]);
    let out = env.ok(&["zones", "--as-of", "2025-03-28", "--weeks", "2"]);
    assert_eq!(
        out,
        "Numbness, 2025-03-15 to 2025-03-28 (2 weeks): days each zone was reported\n\
         No numbness reported on the 1 day checked.\n"
    );
    env.ok(&["log", "--at", "2025-03-27 08:00", "--numb", "none"]);
    let out = env.ok(&["zones", "--as-of", "2025-03-28", "--weeks", "1"]);
    assert!(out.ends_with("No numbness reported on the 1 day checked.\n"), "{out}");
    let out = env.ok(&["zones", "--as-of", "2025-03-28", "--weeks", "2"]);
    assert!(out.ends_with("No numbness reported on any of the 2 days checked.\n"), "{out}");
    let v = env.json(&["zones", "--as-of", "2025-03-28", "--weeks", "2"]);
    assert_eq!(v["zones"], json!([]));
    assert_eq!(v["weeks"][0]["days_checked"], json!(1));
    assert_eq!(v["weeks"][1]["days_checked"], json!(1));
}

#[test]
fn coming_back_after_a_break_of_28_days_restarts_the_program_week() {
    let env = env();
    env.log_all(&[
        "log --at '2025-01-01 08:00' --pain 3",
        "log --at '2025-01-28 08:00' --pain 3",
        "log --at '2025-02-25 08:00' --pain 3",
    ]);
    // 27 days apart: the program goes on (2025-02-24 is day 54: week 8).
    assert_eq!(env.json(&["trend", "--as-of", "2025-02-24"])["program_week"], json!(8));
    // 28 days apart: 2025-02-25 is week 1 again, and stays the start a week later.
    assert_eq!(env.json(&["trend", "--as-of", "2025-02-25"])["program_week"], json!(1));
    assert_eq!(env.json(&["trend", "--as-of", "2025-03-04"])["program_week"], json!(2));
}

#[test]
fn trend_with_data_only_long_ago_still_shows_the_week() {
    let env = env();
    env.ok(&["log", "--at", "2025-01-01 08:00", "--pain", "3"]);
    // 2025-03-28 is 86 days later: week 13, "maintain and keep tracking".
    let out = env.ok(&["trend", "--as-of", "2025-03-28"]);
    assert!(out.starts_with("Program week 13 — maintain and keep tracking\n"), "{out}");
    assert!(out.contains("Nothing to compare yet"), "{out}");
    // An as-of date before the first logged day: no program week yet.
    assert_eq!(env.json(&["trend", "--as-of", "2024-12-31"])["program_week"], json!(null));
}

#[test]
fn bad_as_of_exits_2_naming_the_flag_and_writes_nothing() {
    let env = history();
    let before = snapshot(&env.db);
    for cmd in ["trend", "zones"] {
        for bad in ["2025/03/01", "soon", "2025-3-1"] {
            let err = env.fails(2, &[cmd, "--as-of", bad]);
            assert_eq!(
                err,
                format!("error: invalid value '{bad}' for --as-of: expected a date as YYYY-MM-DD, today or yesterday\n"),
                "{cmd}"
            );
        }
    }
    assert!(env.fails(2, &["zones", "--weeks", "53"]).contains("--weeks"));
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn zones_json_counts_days_per_week_and_marks_new_zones() {
    // Weeks of 7 days ending on D: 03-01 … 03-07, 03-08 … 03-14, 03-15 … 03-21, 03-22 … 03-28.
    // Checked days: 03-01 (left-toes), 03-14 (none), 03-15 (left-toes, right-toes),
    // 03-22 (left-toes). right-toes first appears in week 3: new there. 02-28 (left-calf) is
    // before the map.
    let env = history();
    assert_eq!(
        env.json(&["zones", "--as-of", "2025-03-28"]),
        json!({
            "as_of": "2025-03-28", "from": "2025-03-01", "to": "2025-03-28",
            "weeks": [
                {"week": 1, "from": "2025-03-01", "to": "2025-03-07", "days_checked": 1, "new": []},
                {"week": 2, "from": "2025-03-08", "to": "2025-03-14", "days_checked": 1, "new": []},
                {"week": 3, "from": "2025-03-15", "to": "2025-03-21", "days_checked": 1, "new": ["right-toes"]},
                {"week": 4, "from": "2025-03-22", "to": "2025-03-28", "days_checked": 1, "new": []}
            ],
            "zones": [
                {"zone": "left-toes", "days": [1, 0, 1, 1]},
                {"zone": "right-toes", "days": [0, 0, 1, 0]}
            ]
        })
    );
    // Five weeks reach back to 02-22 and take in left-calf (02-28), reported before left-toes.
    let v = env.json(&["zones", "--as-of", "2025-03-28", "--weeks", "5"]);
    assert_eq!(v["from"], json!("2025-02-22"));
    assert_eq!(
        v["zones"],
        json!([
            {"zone": "left-toes", "days": [0, 1, 0, 1, 1]},
            {"zone": "left-calf", "days": [1, 0, 0, 0, 0]},
            {"zone": "right-toes", "days": [0, 0, 0, 1, 0]}
        ])
    );
    assert_eq!(v["weeks"][1]["new"], json!(["left-toes"]));
}

#[test]
fn zones_table_shows_weeks_zones_and_new_and_fits_80_columns() {
    let env = history().columns(80);
    let out = env.ok(&["zones", "--as-of", "2025-03-28"]);
    assert!(
        out.starts_with("Numbness, 2025-03-01 to 2025-03-28 (4 weeks): days each zone was reported\n"),
        "{out}"
    );
    let squash: Vec<String> = out
        .lines()
        .map(|l| l.split([' ', '│', '┆']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .collect();
    assert!(squash.contains(&"zone week of week of week of week of".to_string()), "{out}");
    // Whole dates, as everywhere else: "03-08" alone reads as 3 August to many.
    assert!(squash.contains(&"2025-03-01 2025-03-08 2025-03-15 2025-03-22".to_string()), "{out}");
    assert!(squash.contains(&"days checked 1 1 1 1".to_string()), "{out}");
    assert!(squash.contains(&"left-toes 1 0 1 1".to_string()), "{out}");
    assert!(squash.contains(&"right-toes 0 0 1 new 0".to_string()), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // The legend is one paragraph, wrapped to the width.
    assert!(out.ends_with("no numbness check that week.\n"), "{out}");
    assert!(out.split_whitespace().collect::<Vec<_>>().join(" ").ends_with(
        "Each week is 7 days from the date shown. \"new\": not reported in any earlier week shown \
         that had a check. \"–\": no numbness check that week."
    ));
    // 52 weeks: several tables of at most four weeks each, all within 80 columns.
    let out = env.ok(&["zones", "--as-of", "2025-03-28", "--weeks", "52"]);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    assert!(out.starts_with("Numbness, 2024-03-30 to 2025-03-28 (52 weeks)"), "{out}");
    assert!(out.contains("┆ 2025-03-22 │"), "the last week is there: {out}");
    // left-calf is first reported in the first week with any check: nothing to call it new against.
    let calf: Vec<&str> = out.lines().filter(|l| l.contains("left-calf")).collect();
    assert!(calf.iter().any(|l| l.contains(" 1 ")) && calf.iter().all(|l| !l.contains("new")), "{out}");
}
