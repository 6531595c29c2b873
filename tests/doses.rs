//! SPEC v3 §9.6 situations end to end: the starter program starts from the person's own
//! plain volumes, an exercise added mid-flare follows its kind's trim, and a balance session
//! rated 10 makes the holds easier instead of longer.

mod common;

use common::{argv, Env};
use serde_json::{json, Value};

fn dose_of(plan: &Value, kind: &str, id: &str) -> (Value, Value) {
    let k = plan["kinds"].as_array().unwrap().iter().find(|k| k["kind"] == kind).unwrap();
    let e = k["exercises"].as_array().unwrap().iter().find(|e| e["exercise"] == id).unwrap();
    (e["dose"].clone(), e["status"].clone())
}

fn reps(sets: u16, reps: u16) -> Value {
    json!({"sets": sets, "reps": reps, "seconds": null, "minutes": null})
}

fn secs(sets: u16, seconds: u16) -> Value {
    json!({"sets": sets, "reps": null, "seconds": seconds, "minutes": null})
}

/// Pain 2 every morning of March 2031 up to `to`.
fn mornings(env: &Env, to: u32) {
    let lines: Vec<String> = (1..=to).map(|d| format!("log --at '2031-03-{d:02} 07:00' --pain 2")).collect();
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn the_starter_program_starts_from_logged_plain_volumes_and_a_new_exercise_follows_a_trim() {
    let env = Env::new().now("2031-03-31 12:00");
    mornings(&env, 18);
    env.log_all(&[
        "session strength --sets 3 --reps 11 --at '2031-03-10 17:00'",
        "session strength --sets 3 --reps 11 --at '2031-03-13 17:00'",
    ]);
    // Calm: each starter strength exercise starts from 3 × 11, brought into its range
    // (heel raises 2–3 × 8–12: 3 × 11; hip abduction 2–3 × 10–15: 3 × 11), not 2 × 8.
    let plan = env.json(&["plan", "--as-of", "2031-03-15"]);
    assert_eq!(dose_of(&plan, "strength", "heel-raises"), (reps(3, 11), json!("same")));
    assert_eq!(dose_of(&plan, "strength", "hip-abduction"), (reps(3, 11), json!("same")));
    // Seconds-dosed exercises keep their starting dose.
    assert_eq!(dose_of(&plan, "balance", "tandem-stance").0, secs(3, 20));

    // A flare on 03-16 (2 → 6 the next morning, E = 4: trim 20), then step-ups added.
    env.log_all(&[
        "session strength --sets 3 --reps 11 --pain-after 6 --at '2031-03-16 17:00'",
        "log --at '2031-03-17 06:00' --pain 6",
    ]);
    env.ok(&["program", "add", "step-ups", "2x10"]);
    let plan = env.json(&["plan", "--as-of", "2031-03-18"]);
    // Never done, under its kind's trim 20: 2 × scale(10, 80) = 2 × 8, status trim.
    assert_eq!(dose_of(&plan, "strength", "step-ups"), (reps(2, 8), json!("trim")));
}

#[test]
fn a_balance_session_rated_10_makes_the_holds_easier() {
    let env = Env::new().now("2031-03-31 12:00");
    mornings(&env, 20);
    env.log_all(&[
        "log --at '2031-03-10 08:00' --stance-left 40 --stance-right 38",
        "session balance tandem-stance:3x25s --at '2031-03-12 18:00'",
        "session balance tandem-stance:3x25s --rpe 10 --at '2031-03-18 18:00'",
    ]);
    let v = env.json(&["advise", "--as-of", "2031-03-20"]);
    let tandem = v["next"].as_array().unwrap().iter().find(|n| n["exercise"] == "tandem-stance").unwrap();
    // 5 s less per hold (not under the range's 20 s), status trim.
    assert_eq!((&tandem["status"], &tandem["next"]), (&json!("trim"), &secs(3, 20)));
    let text = env.ok(&["advise", "--as-of", "2031-03-20"]);
    assert!(text.contains("did you lose your balance? `--flag balance-loss` records it"), "{text}");
    // Rated 6 instead: + 5 s. A hold rises at most once in 7 days: 03-18 repeated 03-12's dose,
    // and 03-12 (the rise from the starting 20 s) is before T−6 = 03-14.
    let calm = Env::new().now("2031-03-31 12:00");
    mornings(&calm, 20);
    calm.log_all(&[
        "log --at '2031-03-10 08:00' --stance-left 40 --stance-right 38",
        "session balance tandem-stance:3x25s --at '2031-03-12 18:00'",
        "session balance tandem-stance:3x25s --rpe 6 --at '2031-03-18 18:00'",
    ]);
    let v = calm.json(&["advise", "--as-of", "2031-03-20"]);
    let tandem = v["next"].as_array().unwrap().iter().find(|n| n["exercise"] == "tandem-stance").unwrap();
    assert_eq!((&tandem["status"], &tandem["next"]), (&json!("progress"), &secs(3, 30)));
    assert!(calm.ok(&argv("plan --as-of 2031-03-20")).contains("tandem-stance"));
}

/// SPEC v3 §6.4: a stance or heel-raise value above twice the best of the previous 30 days
/// asks whether it was a typo; the value is stored either way.
#[test]
fn a_value_twice_the_best_of_30_days_asks_whether_it_was_a_typo() {
    let env = Env::new().now("2031-03-31 12:00");
    env.ok(&argv("log --at '2031-03-10 08:00' --stance-left 14 --heel-raises 12"));
    let (_, stderr) = env.ok_both(&argv("log --at '2031-03-11 08:00' --stance-left 28 --heel-raises 24"));
    assert_eq!(stderr, "", "exactly twice is not more than twice");
    let (_, stderr) = env.ok_both(&argv("log --at '2031-03-12 08:00' --stance-left 140"));
    assert_eq!(
        stderr,
        "warning: a single-leg stance of 140 s is more than twice your best of the last 30 days; if \
         this was a typo, `footing undo` removes it\n"
    );
    assert!(env.ok(&["history", "--items", "--from", "2031-03-12"]).contains("stance left 140 s"));
}
