//! `footing today`, bare `footing`, and colour (§10).

mod common;

use common::Env;
use serde_json::{json, Value};

/// The `what` of each thing still to do.
fn whats(v: &Value) -> Vec<&str> {
    v["todo"].as_array().expect("a to-do list").iter().map(|t| t["what"].as_str().expect("what")).collect()
}

#[test]
fn with_no_database_today_says_how_to_start_and_creates_nothing() {
    let env = Env::new();
    for args in [&["today"][..], &[][..]] {
        let (out, err) = env.ok_both(args);
        assert!(out.starts_with("Nothing is logged yet (no database at "), "{out}");
        assert!(out.contains("Start with `footing checkin`"), "{out}");
        assert!(err.is_empty(), "{err}");
    }
    let v = env.json(&["today"]);
    assert_eq!(v["logged"], json!(null));
    assert_eq!(v["verdict"], "no-data");
    // The starter program is due: every kind, then the foot check.
    assert_eq!(whats(&v), ["mobility", "strength", "balance", "feet"]);
    assert!(!env.db.exists(), "today created a database");
    // Bare `footing` with neither --db nor FOOTING_DB's file: the same, and still nothing created.
    let bare = env.bare().output().expect("run footing");
    assert!(bare.status.success());
    assert!(String::from_utf8_lossy(&bare.stdout).contains("footing checkin"));
    assert!(!env.user_db.exists());
}

#[test]
fn today_lists_what_is_logged_today_and_nothing_from_yesterday() {
    let env = Env::new();
    env.log_all(&[
        "log --at yesterday --pain 7 --heel-raises 99",
        "log --at today --pain 2 --numb left-toes,both-ball --stance-left 12.5 --heel-raises 10 --walk 15",
        "log --at today --pain 4 --walk 10",
        "session strength --at today --sets 2 --reps 10",
        "session balance --at today --minutes 10",
        "session balance --at today --minutes 5",
    ]);
    let out = env.ok(&["today"]);
    for want in [
        "Logged today:",
        "3 out of 10 on average, worst 4",
        "left-toes, left-ball, right-ball",
        "left 12.5 s",
        "heel raises  10",
        "25 min in all, longest 15 min",
        "strength, balance ×2",
        // Nothing before today to judge: the no-data headline, without an "Advice:" label.
        "\nNo advice yet: ",
    ] {
        assert!(out.contains(want), "{want} missing from\n{out}");
    }
    assert!(!out.contains("99"), "yesterday's heel raises shown as today's:\n{out}");
    assert_eq!(env.ok(&[]), out, "bare footing is footing today");
    assert_eq!(env.json(&[]), env.json(&["today"]), "bare footing --json is today --json");

    let v = env.json(&["today"]);
    let today = v["date"].as_str().expect("a date").to_string();
    assert_eq!(v["logged"]["date"], json!(today));
    assert_eq!(v["logged"]["pain"], json!(3.0));
    assert_eq!(v["logged"]["pain_worst"], json!(4));
    assert_eq!(v["logged"]["heel_raises"], json!(10));
    assert_eq!(v["logged"]["walk_minutes"], json!(25));
    assert_eq!(v["logged"]["sessions"], json!({"strength": 1, "balance": 2}));
    assert_eq!(v["logged"]["numb"], json!(["left-toes", "left-ball", "right-ball"]));
}

#[test]
fn this_mornings_pain_is_still_to_do_until_it_is_logged() {
    let env = Env::new();
    env.log_all(&["log --at yesterday --pain 2", "log --at yesterday --walk 20"]);
    let v = env.json(&["today"]);
    assert_eq!(v["verdict"], "pending");
    // v3 §10: the walk is on the list (W = 20, no week-old reference: 20) until one is logged.
    assert_eq!(whats(&v), ["morning-pain", "mobility", "strength", "balance", "walk", "feet"], "{v}");
    assert!(env
        .ok(&["today"])
        .contains("- Walk 20 min in one comfortable bout (`footing log --walk MIN`).\n"));
    let out = env.ok(&["today"]);
    assert!(out.contains("Nothing logged today yet."), "{out}");
    assert!(out.contains("Still to do:\n- Log this morning's pain"), "{out}");
    let yesterday = (chrono::Local::now().date_naive() - chrono::Days::new(1)).to_string();
    assert!(
        out.contains(&format!(
            "- Log this morning's pain: it tells whether the activity on {yesterday} was tolerated \
             (`footing log --pain N`).\n"
        )),
        "{out}"
    );
    // The foot check is worded as the plan's reminder words it.
    let feet =
        "check your feet: look at both feet for blisters, cuts, red marks or colour changes, then log it \
                with `footing log --feet-ok` (anything found is a red flag, like `--flag open-sore`)";
    assert!(out.contains(&format!("- C{}.\n", &feet[1..])), "{out}");
    assert!(env.ok(&["plan"]).contains(&format!("Reminder: {feet}.\n")));

    env.ok(&["log", "--pain", "2"]);
    let v = env.json(&["today"]);
    assert_eq!(whats(&v), ["mobility", "strength", "balance", "walk", "feet"], "{v}");
    assert_ne!(v["verdict"], "pending");
    env.ok(&["done"]);
    env.ok(&["log", "--walk", "20"]);
    env.ok(&["log", "--feet-ok"]);
    assert_eq!(whats(&env.json(&["today"])), Vec::<&str>::new());
    let out = env.ok(&["today"]);
    assert!(!out.contains("Still to do"), "{out}");
    assert!(out.contains("foot check  done, nothing found"), "{out}");
}

#[test]
fn today_as_of_shows_that_day_and_the_reviews_due() {
    let env = Env::new().now("2031-04-20 12:00");
    env.log_all(&[
        "log --at '2031-04-01 07:00' --pain 2 --flag night-pain",
        "log --at '2031-04-02 07:00' --pain 2 --walk 15",
    ]);
    let v = env.json(&["today", "--as-of", "2031-04-02"]);
    assert_eq!(v["date"], "2031-04-02");
    assert_eq!(v["logged"]["walk_minutes"], 15);
    assert_eq!(v["red_flags"][0]["kind"], "night-pain");
    // 19 days on, unreviewed: no longer a red flag, a review due.
    let v = env.json(&["today"]);
    assert_eq!(v["date"], "2031-04-20");
    assert_eq!(v["reviews_due"], json!([{"flag": "night-pain", "day": "2031-04-01"}]));
    let out = env.ok(&["today"]);
    assert!(
        out.contains("Review due: the night-pain of 2031-04-01 waits for a clinician; `footing reviewed night-pain` once they have seen it.\n"),
        "{out}"
    );
    let err = env.fails(2, &["today", "--as-of", "2031-13-01"]);
    assert!(err.contains("--as-of"), "{err}");
}

#[test]
fn the_plans_due_kinds_are_to_do_until_a_session_of_each_is_logged() {
    let env = Env::new();
    env.ok(&["log", "--feet-ok"]);
    let v = env.json(&["today"]);
    assert_eq!(whats(&v), ["mobility", "strength", "balance"], "{v}");
    let strength = &v["todo"][1]["text"];
    assert_eq!(
        strength,
        "Strength session: heel-raises 2 × 8, sit-to-stand 2 × 8, hip-abduction 2 × 10 \
         (`footing plan` shows how; `footing done strength` logs it).",
        "the starter program's doses"
    );
    env.ok(&["session", "strength", "--sets", "2", "--reps", "8"]);
    assert_eq!(whats(&env.json(&["today"])), ["mobility", "balance"]);
    env.ok(&["done", "balance"]);
    let out = env.ok(&["today"]);
    assert!(out.contains("Still to do:\n- Mobility session: ankle-pumps 2 × 60 s,"), "{out}");
    assert!(!out.contains("Balance session"), "{out}");
}

#[test]
fn a_red_flag_is_shown_with_what_to_do_in_bold_red_only_when_colour_is_on() {
    let env = Env::new();
    env.ok(&["log", "--flag", "fall"]);
    let v = env.json(&["today"]);
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(v["red_flags"][0]["kind"], "fall");
    let today = v["date"].as_str().expect("a date");
    let plain = env.ok(&["today"]);
    assert!(
        plain.contains(&format!(
            "Red flags:\n- fall reported on {today}: pause progression and contact a clinician promptly."
        )),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'), "colour off a terminal:\n{plain}");

    let bold_red = "\u{1b}[1m\u{1b}[31m";
    let coloured = env.ok(&["--color", "always", "today"]);
    assert!(coloured.contains(&format!("{bold_red}fall reported on {today}")), "{coloured:?}");
    assert!(!env.ok(&["--color", "never", "today"]).contains('\u{1b}'));
    // v3 §10: --color typed on the command line wins over NO_COLOR; `auto` (the default)
    // follows it (v2: NO_COLOR won over --color always).
    assert!(env.clone().no_color().ok(&["--color", "always", "today"]).contains(bold_red));
    assert!(!env.clone().no_color().ok(&["--color", "auto", "today"]).contains('\u{1b}'));
    assert!(!env.clone().no_color().ok(&["today"]).contains('\u{1b}'));
    // history marks the day in bold red too, and lists the flag under the table.
    let history = env.ok(&["--color", "always", "history"]);
    assert!(history.contains(&format!("{bold_red}Red flags: {today} fall.")), "{history:?}");
}

#[test]
fn trend_shows_better_in_green_and_worse_in_red() {
    let env = Env::new();
    env.log_all(&[
        "log --at 2025-03-01 --pain 6 --stance-left 10",
        "log --at 2025-03-20 --pain 2 --stance-left 5",
    ]);
    let out = env.ok(&["--color", "always", "trend", "--as-of", "2025-03-28"]);
    // comfy-table writes the same standard green and red as 256-colour codes.
    let green = "\u{1b}[38;5;2m";
    let red = "\u{1b}[38;5;1m";
    let line = |key: &str| out.lines().find(|l| l.contains(key)).unwrap_or_else(|| panic!("{key}: {out}"));
    assert!(line("pain (0–10)").contains(&format!("{green} noticeably")), "{out:?}");
    assert!(line("stance left").contains(&format!("{red} worse")), "{out:?}");
    assert!(!env.ok(&["trend", "--as-of", "2025-03-28"]).contains('\u{1b}'));
}

#[test]
fn color_takes_only_auto_always_or_never() {
    let env = Env::new();
    let err = env.fails(2, &["--color", "sometimes", "today"]);
    assert!(err.contains("'sometimes'") && err.contains("auto") && err.contains("never"), "{err}");
}

#[test]
fn advise_colours_its_verdict_status_and_red_flags_only_when_asked() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-27 08:00' --pain 2",
        "session strength --sets 3 --reps 10 --at '2025-03-27 17:00'",
        "log --at '2025-03-28 07:00' --pain 6",
    ]);
    let out = env.ok(&["--color", "always", "advise", "--as-of", "2025-03-28"]);
    let red = "\u{1b}[31m";
    assert!(out.starts_with(&format!("{red}Trim the next session by 20%")), "{out:?}");
    assert!(out.contains("\u{1b}[38;5;1m trim "), "the trim status in red: {out:?}");
    env.ok(&["log", "--at", "2025-03-28 08:00", "--flag", "fall"]);
    let out = env.ok(&["--color", "always", "advise", "--as-of", "2025-03-28"]);
    let bold_red = "\u{1b}[1m\u{1b}[31m";
    assert!(out.starts_with(&format!("{bold_red}See a clinician")), "{out:?}");
    assert!(out.contains(&format!("{bold_red}Red flags:")), "{out:?}");
    assert!(out.contains(&format!("- {bold_red}fall reported on 2025-03-28")), "{out:?}");
    let plain = env.ok(&["advise", "--as-of", "2025-03-28"]);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(plain.starts_with("See a clinician"), "{plain}");
}

/// `today`, `plan` and `advise` word one advice: with the program's exercises rising after a
/// calm day, none of them may say "keep" while another says "progress".
#[test]
fn today_plan_and_advise_share_one_headline() {
    let env = Env::new();
    // Three weeks into the program (v3: the first week holds).
    let start = (chrono::Local::now().date_naive() - chrono::Days::new(20)).to_string();
    env.log_all(&[
        &format!("log --at '{start} 08:00' --pain 3"),
        "log --at yesterday --pain 3",
        "done --at yesterday --pain-before 3 --pain-after 4 --rpe 6",
    ]);
    env.log_all(&["log --at today --pain 3"]);
    let today = env.json(&["today"]);
    let plan = env.json(&["plan"]);
    assert_eq!(plan["verdict"], "progress");
    assert!(plan["headline"].as_str().unwrap().starts_with("Progress a little: pain stayed calm"), "{plan}");
    assert_eq!(today["headline"], plan["headline"]);
    let advise = env.ok(&["advise"]);
    assert!(advise.starts_with(plan["headline"].as_str().unwrap()), "{advise}");
}

#[test]
fn what_holds_progress_back_is_said_in_today_and_plan_as_in_advise() {
    let env = Env::new();
    let day = |n: u64| (chrono::Local::now().date_naive() - chrono::Days::new(n)).to_string();
    let lines = [
        format!("log --at '{} 08:00' --pain 2", day(20)),
        format!("log --at '{} 08:00' --pain 2", day(6)),
        format!("log --at '{} 08:00' --pain 2", day(5)),
        format!("session strength --sets 2 --reps 10 --pain-before 2 --pain-after 6 --at '{} 10:00'", day(5)),
        format!("log --at '{} 08:00' --pain 5", day(4)),
        format!("log --at '{} 08:00' --pain 2", day(1)),
        format!("log --at '{} 10:00' --walk 10", day(1)),
        "log --at today --pain 2".to_string(),
    ];
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    // The walk yesterday was calm, but the strength session five days ago flared: strength
    // still answers for it (v3: trim until its next session), the walk holds.
    let limit = format!(
        "Not progressing yet: pain flared after the activities on {}; keep to the trimmed volume for a week.",
        day(5)
    );
    let advise = env.ok(&["advise"]);
    assert!(advise.starts_with("Trim the next session by 15%: pain went from 2 to 6"), "{advise}");
    assert!(advise.contains(&limit), "{advise}");
    let headline = advise.lines().next().unwrap();
    assert_eq!(advise.lines().nth(1), Some(limit.as_str()), "{advise}");
    let plan = env.ok(&["plan"]);
    assert!(plan.contains(&format!("\n{headline}\n{limit}\n")), "{plan}");
    let today = env.ok(&["today"]);
    assert!(today.contains(&format!("\nAdvice: {headline}\n{limit}\n")), "{today}");
}
