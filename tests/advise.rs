//! `footing advise` and the logging-time warnings, end to end through the real binary.

mod common;

use common::{snapshot, Env};
use serde_json::{json, Value};

fn advise_json(env: &Env, as_of: &str) -> Value {
    env.json(&["advise", "--as-of", as_of])
}

fn advise_text(env: &Env, as_of: &str) -> String {
    env.ok(&["advise", "--as-of", as_of])
}

/// The example of §6: a walk, then strength with pain 3 → 7, and 6 the next morning.
fn example() -> Env {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-26 10:00' --walk 30",
        "session strength --sets 3 --reps 10 --rpe 6 --pain-before 3 --pain-after 7 --at '2025-03-27 17:00'",
        "log --at '2025-03-28 07:30' --pain 6",
    ]);
    env
}

#[test]
fn the_example_of_section_6_end_to_end() {
    let env = example();
    let want = json!({
        "as_of": "2025-03-28",
        "verdict": "trim",
        "trim_pct": 15,
        "rule": {"day": "2025-03-27", "baseline": 3, "peak": 7, "next_day": 6, "excess": 3},
        "reason": "pain went from 3 to 7 after the session on 2025-03-27 and was still 6 the next morning",
        "next": [
            {"kind": "strength", "last": {"sets": 3, "reps": 10, "minutes": null},
             "next": {"sets": 3, "reps": 9, "minutes": null}, "earliest": "2025-03-29"},
            {"kind": "walk", "last": {"minutes": 30}, "next": {"minutes": 26, "minutes_max": 26}}
        ],
        "red_flags": []
    });
    assert_eq!(advise_json(&env, "2025-03-28"), want);
}

#[test]
fn the_human_advice_names_its_numbers_and_ends_with_the_reminder() {
    let env = example();
    let text = advise_text(&env, "2025-03-28");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Trim the next session by 15%: pain went from 3 to 7 after the session on 2025-03-27 and was still 6 \
         the next morning."
    );
    assert_eq!(
        lines[1],
        "The 24-hour rule, for the session on 2025-03-27: pain before 3, highest after 7, next morning 6 (3 above the pain before)."
    );
    let row = |kind: &str| lines.iter().find(|l| l.contains(kind)).copied().unwrap_or_default().to_string();
    let strength_row = row("strength");
    let strength: Vec<&str> = strength_row.split('┆').map(|c| c.trim_matches(['│', ' '])).collect();
    assert_eq!(strength, ["strength", "3 × 10", "3 × 9", "2025-03-29"]);
    let walk = row("walk");
    assert!(walk.contains("30 min") && walk.contains("26 min"), "{walk}");
    assert!(!text.contains("Red flags"), "{text}");
    assert!(!text.contains("judged tomorrow"), "{text}");
    assert_eq!(lines.last(), Some(&"footing supports your clinician's care; it never replaces it."));
}

#[test]
fn a_red_flag_warns_when_logged_and_overrides_the_advice() {
    let env = example();
    let (stdout, stderr) =
        env.ok_both(&["log", "--at", "2025-03-28 09:00", "--flag", "fall", "--flag", "injury"]);
    assert!(stdout.starts_with("logged #6 at 2025-03-28 09:00: red flags fall, injury"), "{stdout}");
    assert_eq!(
        stderr,
        "warning: red flag (fall, injury): pause progression and contact a clinician promptly\n"
    );

    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(v["trim_pct"], Value::Null);
    assert_eq!(v["rule"], json!({"day": "2025-03-27", "baseline": 3, "peak": 7, "next_day": 6, "excess": 3}));
    assert_eq!(
        v["red_flags"],
        json!([
            {"kind": "fall", "day": "2025-03-28", "source": "reported"},
            {"kind": "injury", "day": "2025-03-28", "source": "reported"}
        ])
    );
    assert_eq!(v["next"][0]["next"], json!({"sets": 3, "reps": 10, "minutes": null}), "volumes held");

    let text = advise_text(&env, "2025-03-28");
    assert!(text.starts_with("See a clinician before progressing: fall reported on 2025-03-28;"), "{text}");
    assert!(text.contains("\nRed flags:\n- fall reported on 2025-03-28: pause progression and contact a clinician promptly.\n- injury reported on 2025-03-28: pause progression and contact a clinician promptly.\n"), "{text}");
    assert!(text.contains("pain before 3, highest after 7, next morning 6"), "{text}");
    // Fourteen days later the flag has expired.
    assert_eq!(
        advise_json(&env, "2025-04-10")["red_flags"],
        json!([{"kind": "fall", "day": "2025-03-28", "source": "reported"}, {"kind": "injury", "day": "2025-03-28", "source": "reported"}])
    );
    assert_eq!(advise_json(&env, "2025-04-11")["red_flags"], json!([]));
}

#[test]
fn a_long_walk_warns_with_the_weeks_target_and_is_still_stored() {
    let env = Env::new();
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-14 09:00", "--walk", "20"]);
    assert_eq!(stderr, "", "the first walk has nothing to compare with");
    env.ok(&["log", "--at", "2025-03-24 09:00", "--walk", "22", "--pain", "2"]);
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-24 18:00", "--walk", "24"]);
    assert_eq!(stderr, "", "24 is within 10% of 22");
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-26 09:00", "--walk", "27"]);
    assert_eq!(
        stderr,
        "warning: this 27-minute walk is more than 10% longer than your longest bout of the last 30 days \
         (24 min); single-session jumps are what raise injury risk, so keep to this week's target of 24 \
         minutes instead\n"
    );
    let v = advise_json(&env, "2025-03-27");
    assert_eq!(
        v["next"],
        json!([{"kind": "walk", "last": {"minutes": 27}, "next": {"minutes": 27, "minutes_max": 27}}])
    );
    assert_eq!(v["verdict"], "pending");
    assert_eq!(
        v["reason"],
        "the walk on 2025-03-26 is judged by the next morning's pain, so log this morning's pain"
    );
    // A pain reading without a walk or flag reads nothing and warns about nothing.
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-27 07:00", "--pain", "2"]);
    assert_eq!(stderr, "");
    // Calm: B = 20 (03-14 is T−14), R = 27 → minutes max(21, 27), max(22, 27).
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "progress", "{v}");
    assert_eq!(v["next"][0]["next"], json!({"minutes": 27, "minutes_max": 27}));
}

#[test]
fn old_sessions_and_a_day_judged_months_ago_are_found() {
    let env = Env::new();
    env.log_all(&[
        "session mobility --minutes 12 --at '2024-01-10 08:00'",
        "session balance --sets 2 --reps 6 --at '2024-06-01 08:00'",
        "log --at '2024-09-01 08:00' --pain 4",
        "log --at '2024-09-03 08:00' --pain 2",
        "session strength --sets 2 --reps 12 --rpe 7 --pain-after 5 --at '2024-09-04 17:00'",
        "log --at '2024-09-05 08:00' --pain 3",
        "log --at '2025-03-20 08:00' --note 'back from holiday'",
    ]);
    let want = json!({
        "as_of": "2025-03-28",
        "verdict": "hold",
        "trim_pct": null,
        "rule": {"day": "2024-09-04", "baseline": 3, "peak": 5, "next_day": 3, "excess": 0},
        "reason": "pain went from 3 (the median of the week before) to 5 after the session on 2024-09-04 and settled to 3 by the next morning",
        "next": [
            {"kind": "strength", "last": {"sets": 2, "reps": 12, "minutes": null},
             "next": {"sets": 2, "reps": 12, "minutes": null}, "earliest": "2025-03-28"},
            {"kind": "balance", "last": {"sets": 2, "reps": 6, "minutes": null},
             "next": {"sets": 2, "reps": 6, "minutes": null}},
            {"kind": "mobility", "last": {"sets": null, "reps": null, "minutes": 12},
             "next": {"sets": null, "reps": null, "minutes": 12}}
        ],
        "red_flags": []
    });
    assert_eq!(advise_json(&env, "2025-03-28"), want);
    // Without the flare (item 6, the pain after the session) the day was calm: 2 × 12 becomes 3 × 8.
    env.ok(&["delete", "6"]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!((v["verdict"].clone(), v["rule"]["baseline"].clone()), (json!("progress"), json!(3)), "{v}");
    assert_eq!(v["rule"], json!({"day": "2024-09-04", "baseline": 3, "peak": 3, "next_day": 3, "excess": 0}));
    assert_eq!(v["next"][0]["next"], json!({"sets": 3, "reps": 8, "minutes": null}));
}

#[test]
fn todays_activity_is_judged_tomorrow() {
    let env = example();
    env.ok(&["session", "balance", "--minutes", "10", "--at", "2025-03-28 17:00"]);
    let text = advise_text(&env, "2025-03-28");
    assert!(
        text.contains(
            "\nThe activity logged on 2025-03-28 is judged tomorrow, from the next morning's pain.\n"
        ),
        "{text}"
    );
    assert_eq!(advise_json(&env, "2025-03-28")["verdict"], "trim");
}

#[test]
fn nothing_logged_is_no_data_and_creates_no_database() {
    let env = Env::new();
    assert_eq!(
        advise_json(&env, "2025-03-28"),
        json!({
            "as_of": "2025-03-28", "verdict": "no-data", "trim_pct": null,
            "rule": {"day": null, "baseline": null, "peak": null, "next_day": null, "excess": null},
            "reason": "no session or walk was logged before 2025-03-28, so there is nothing to judge yet",
            "next": [], "red_flags": []
        })
    );
    let (stdout, stderr) = env.ok_both(&["advise", "--as-of", "2025-03-28"]);
    // Said once, not repeated under the headline.
    assert_eq!(
        stdout,
        "No advice yet: no session or walk was logged before 2025-03-28, so there is nothing to judge yet.\n\n\
         footing supports your clinician's care; it never replaces it.\n"
    );
    assert!(stderr.starts_with("nothing has been logged yet"), "{stderr}");
    assert!(!env.db.exists());
}

#[test]
fn a_bad_as_of_exits_2_and_changes_nothing() {
    let env = example();
    let before = snapshot(&env.db);
    assert_eq!(
        env.fails(2, &["advise", "--as-of", "2025-13-01"]),
        "error: invalid value '2025-13-01' for --as-of: expected a date as YYYY-MM-DD, today or yesterday\n"
    );
    assert_eq!(snapshot(&env.db), before);
}
