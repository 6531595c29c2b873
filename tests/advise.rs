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

/// The example of §6: usual pain 2.5, a walk, then strength with pain 3 → 7, and 6 the next morning.
fn example() -> Env {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-20 08:00' --pain 2",
        "log --at '2025-03-21 08:00' --pain 2",
        "log --at '2025-03-22 08:00' --pain 3",
        "log --at '2025-03-23 08:00' --pain 3",
        "log --at '2025-03-26 10:00' --walk 30",
        "session strength --sets 3 --reps 10 --rpe 6 --pain-before 3 --pain-after 7 --at '2025-03-27 17:00'",
        "log --at '2025-03-28 07:30' --pain 6",
    ]);
    env
}

/// The statuses and next volumes of `advise --json`, per kind: (kind, status, next).
fn volumes(v: &Value) -> Vec<(String, String, Value)> {
    v["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_string(),
                n["status"].as_str().unwrap().to_string(),
                n["next"].clone(),
            )
        })
        .collect()
}

fn sr(sets: u32, reps: u32) -> Value {
    json!({"sets": sets, "reps": reps, "minutes": null})
}

fn walk(minutes: u32, minutes_max: u32) -> Value {
    json!({"minutes": minutes, "minutes_max": minutes_max})
}

fn row(kind: &str, status: &str, next: Value) -> (String, String, Value) {
    (kind.to_string(), status.to_string(), next)
}

#[test]
fn the_example_of_section_6_end_to_end() {
    let env = example();
    let want = json!({
        "as_of": "2025-03-28",
        "verdict": "trim",
        "trim_pct": 15,
        "rule": {"day": "2025-03-27", "before": 3, "usual": 2.5, "baseline": 2.5, "peak": 7,
                 "next_day": 6, "next_day_date": "2025-03-28", "excess": 3.5},
        "today": null,
        "reason": "pain went from 3 to 7 after the session on 2025-03-27 and was 6 the next morning, 3.5 above your usual 2.5",
        "limits": [],
        "next": [
            {"kind": "strength", "status": "trim", "result": "trim", "result_trim_pct": 15,
             "last_date": "2025-03-27",
             "last": {"sets": 3, "reps": 10, "minutes": null},
             "next": {"sets": 3, "reps": 9, "minutes": null}, "earliest": "2025-03-29"},
            // W = 30 (03-26, calm); 30 × 85% = 26; no B (no walk in 03-14 … 03-20).
            {"kind": "walk", "status": "trim", "result": "trim", "result_trim_pct": 15,
             "last_date": "2025-03-26",
             "last": {"minutes": 30}, "next": {"minutes": 26, "minutes_max": 26}, "usual_total": 30}
        ],
        "red_flags": [],
        "reviews_due": [],
        "notes": []
    });
    assert_eq!(advise_json(&env, "2025-03-28"), want);
}

#[test]
fn the_human_advice_says_why_then_the_table_with_a_status_column() {
    let env = example();
    let text = advise_text(&env, "2025-03-28");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Trim the next session by 15%: pain went from 3 to 7 after the session on 2025-03-27 and was 6 the next morning, 3.5 above your usual 2.5."
    );
    assert_eq!(lines[1], "");
    let cells = |kind: &str| -> Vec<String> {
        let line = lines.iter().find(|l| l.contains(kind)).copied().unwrap_or_default();
        line.split('┆').map(|c| c.trim_matches(['│', ' ']).to_string()).collect()
    };
    let header = cells("status");
    assert_eq!(header, ["", "status", "last time", "on", "next time", "earliest"]);
    assert_eq!(cells("strength"), ["strength", "trim", "3 × 10", "2025-03-27", "3 × 9", "2025-03-29"]);
    assert_eq!(cells("walk"), ["walk", "trim", "30 min", "2025-03-26", "26 min", ""]);
    assert!(!text.contains("Red flags"), "{text}");
    assert!(!text.contains("judged tomorrow"), "{text}");
    assert_eq!(lines.last(), Some(&"footing supports your clinician's care; it never replaces it."));
}

#[test]
fn a_red_flag_warns_when_logged_and_overrides_the_advice() {
    let env = example();
    let (stdout, stderr) =
        env.ok_both(&["log", "--at", "2025-03-28 09:00", "--flag", "fall", "--flag", "injury"]);
    // "and", not a comma: "red flags fall, injury, note …" read as if the note were a flag.
    assert_eq!(stdout, "logged #10 at 2025-03-28 09:00: red flags fall and injury\n");
    let (stdout, _) =
        env.ok_both(&["log", "--at", "2025-03-28 09:01", "--flag", "weakness", "--note", "stairs"]);
    assert_eq!(stdout, "logged #11 at 2025-03-28 09:01: red flag weakness, note \"stairs\"\n");
    env.ok(&["undo"]);
    assert_eq!(
        stderr,
        "warning: red flag (fall, injury): pause progression and contact a clinician promptly; once a \
         clinician has seen it, record that with `footing reviewed fall`\n"
    );

    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(v["trim_pct"], Value::Null);
    assert_eq!(v["rule"]["excess"], json!(3.5), "the rule still shows what it found");
    assert_eq!(
        v["red_flags"],
        json!([
            {"kind": "fall", "day": "2025-03-28", "source": "reported"},
            {"kind": "injury", "day": "2025-03-28", "source": "reported"}
        ])
    );
    // An injury pauses weight-bearing work.
    assert_eq!(volumes(&v), [row("strength", "paused", Value::Null), row("walk", "paused", Value::Null)]);

    let text = advise_text(&env, "2025-03-28");
    assert!(text.starts_with("See a clinician before progressing: fall reported on 2025-03-28; injury reported on 2025-03-28, so nothing progresses (the 24-hour rule: pain went from 3 to 7"), "{text}");
    assert!(
        text.contains("\nRed flags:\n- fall reported on 2025-03-28: pause progression and contact a clinician promptly.\n- injury reported on 2025-03-28: see a clinician before weight-bearing exercise.\n"),
        "{text}"
    );
    // SPEC v3 §6.3: a reported flag lasts until a review. After T−13 it leaves the red flags
    // and waits for a review (an injury to a foot that is not numb pauses for 14 days).
    assert_eq!(advise_json(&env, "2025-04-10")["red_flags"].as_array().unwrap().len(), 2);
    let v = advise_json(&env, "2025-04-11");
    assert_eq!(v["red_flags"], json!([]));
    assert_eq!(
        v["reviews_due"],
        json!([{"flag": "fall", "day": "2025-03-28"}, {"flag": "injury", "day": "2025-03-28"}])
    );
    assert_eq!(v["verdict"], "restart", "the last activity was on 2025-03-27, 15 days before");
    assert!(advise_text(&env, "2025-04-11").contains("the fall of 2025-03-28 waits for a clinician's review"));
    env.ok(&["reviewed", "fall", "--at", "2025-04-11 09:00"]);
    env.ok(&["reviewed", "injury", "--at", "2025-04-11 09:05"]);
    let v = advise_json(&env, "2025-04-11");
    assert_eq!(v["reviews_due"], json!([]));
    assert_eq!(v["notes"], json!([]));
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
    // B = 20 (03-14 is T−12), W = 24: max(21, min(24, 22)) … 22.
    assert_eq!(
        stderr,
        "warning: this 27-minute walk is more than 10% longer than your longest bout of the last 30 days \
         (24 min); single-session jumps are what raise injury risk, so keep to this week's target of 22 \
         minutes instead\n"
    );
    let v = advise_json(&env, "2025-03-27");
    assert_eq!(v["verdict"], "pending");
    // No pain before the walk and only one day of pain before it: nothing to judge against.
    assert_eq!(
        v["reason"],
        "there is no pain reading before the walk on 2025-03-26 and fewer than 3 days of morning pain in the four weeks before it, so log pain before a session"
    );
    // Pending keeps W = median(24, 27) = 25.5 → 26, but never past max(110% of B = 20, 21) =
    // 22: lowered below W, status trim (SPEC v3 §6.4 step 6).
    assert_eq!(volumes(&v), [row("walk", "trim", walk(22, 22))]);
    // A pain reading without a walk or flag warns about nothing.
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-27 07:00", "--pain", "2"]);
    assert_eq!(stderr, "");
}

#[test]
fn a_long_walk_warns_with_the_same_target_plan_and_advise_give() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-03-01 08:00' --pain 2",
        "log --at '2025-03-01 09:00' --walk 20",
        "log --at '2025-03-02 08:00' --pain 2",
        "log --at '2025-03-09 08:00' --pain 2",
        "log --at '2025-03-09 09:00' --walk 10",
        "log --at '2025-03-09 10:00' --pain 6",
        "log --at '2025-03-10 08:00' --pain 6",
    ]);
    // The walk on 03-09 flared (2 → 6, still 6 the next morning): trim by 20%, 10 → 8 minutes;
    // but trims never go below 80% of the walk before the flare, W(03-09) = 20 (03-01, the
    // latest bout before 03-02), never above W = 10: the floor keeps 10 (SPEC v3 §6.4 step 3).
    let v = advise_json(&env, "2025-03-10");
    assert_eq!((&v["verdict"], &v["trim_pct"]), (&json!("trim"), &json!(20)));
    assert_eq!(volumes(&v), [row("walk", "trim", walk(10, 10))]);
    assert!(env.ok(&["plan", "--as-of", "2025-03-10"]).contains("Walk: 10 min in one comfortable bout."));
    // A 30-minute walk that day is warned about with that same target, not with the 21–22
    // minutes a calm week would allow.
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-10 17:00", "--walk", "30"]);
    assert_eq!(
        stderr,
        "warning: this 30-minute walk is more than 10% longer than your longest bout of the last 30 days \
         (20 min); single-session jumps are what raise injury risk, so keep to this week's target of 10 \
         minutes instead\n"
    );
    // Under a weight-bearing pause there is no target: walking waits for a clinician.
    env.ok_both(&["log", "--at", "2025-03-11 07:00", "--flag", "open-sore"]);
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-12 09:00", "--walk", "35"]);
    assert!(
        stderr.ends_with(
            "single-session jumps are what raise injury risk, and walking is paused for now: see a clinician \
             before weight-bearing exercise\n"
        ),
        "{stderr}"
    );
}

#[test]
fn after_months_away_every_kind_restarts_at_half() {
    let env = Env::new();
    env.log_all(&[
        "session mobility --minutes 12 --at '2024-01-10 08:00'",
        "session balance --sets 2 --reps 6 --at '2024-06-01 08:00'",
        "log --at '2024-09-01 08:00' --pain 4",
        "session strength --sets 2 --reps 12 --rpe 7 --pain-before 2 --pain-after 5 --at '2024-09-04 17:00'",
        "log --at '2024-09-05 08:00' --pain 3",
        "log --at '2025-03-20 08:00' --note 'back from holiday'",
    ]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "restart");
    assert_eq!(
        v["reason"],
        "it has been 205 days since the last activity, on 2024-09-04, so begin below your last volumes"
    );
    assert_eq!(v["rule"]["day"], Value::Null);
    assert_eq!(
        volumes(&v),
        [
            row("strength", "restart", sr(2, 6)),
            row("balance", "restart", sr(2, 3)),
            row("mobility", "restart", json!({"sets": null, "reps": null, "minutes": 6})),
        ]
    );
    assert_eq!(v["next"][0]["last_date"], "2024-09-04");
    assert_eq!(v["next"][0]["earliest"], "2025-03-28");
}

/// Pain `p` at 07:00 and a 20-minute walk at 10:00 on each day `from` … `to`.
fn walking_days(env: &Env, from: &str, to: &str, pain: &dyn Fn(usize) -> u32, minutes: u32) {
    let mut day = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
    let to = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap();
    let mut k = 0;
    let mut lines = Vec::new();
    while day <= to {
        lines.push(format!("log --at '{day} 07:00' --pain {}", pain(k)));
        lines.push(format!("log --at '{day} 10:00' --walk {minutes}"));
        day = day.succ_opt().unwrap();
        k += 1;
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    env.log_all(&refs);
}

#[test]
fn issue_9_a_strength_flare_then_a_small_walk_is_not_calm() {
    let env = Env::new();
    walking_days(&env, "2025-03-01", "2025-03-20", &|_| 2, 20);
    env.log_all(&[
        "session strength --sets 3 --reps 11 --rpe 6 --pain-before 2 --pain-after 8 --at '2025-03-24 17:00'",
        "log --at '2025-03-25 07:00' --pain 7",
        "log --at '2025-03-25 10:00' --walk 10",
        "log --at '2025-03-26 07:00' --pain 6",
    ]);
    let v = advise_json(&env, "2025-03-26");
    // The walk on 03-25 is judged against the usual 2, not the 7 before it.
    assert_eq!(
        v["rule"],
        json!({"day": "2025-03-25", "before": 7, "usual": 2, "baseline": 2, "peak": 6, "next_day": 6,
               "next_day_date": "2025-03-26", "excess": 4})
    );
    // The 8 of 03-24 has not settled (7, then 6, above min(U + 1, 7) = 3): a red flag (v3).
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(
        v["red_flags"],
        json!([{"kind": "severe-pain", "day": "2025-03-24", "value": 8, "source": "detected"}])
    );
    // Each kind follows its own trim: strength 3 × scale(11, 80) = 3 × 9; the walk from W =
    // the week's calm bouts (20), not the 10-minute errand: scale(20, 80) = 16.
    assert_eq!(volumes(&v), [row("strength", "trim", sr(3, 9)), row("walk", "trim", walk(16, 16))]);
    // Two days on, the walk day is calm but strength still answers for its flare.
    env.log_all(&[
        "log --at '2025-03-26 09:00' --pain 2",
        "log --at '2025-03-26 10:00' --walk 10",
        "log --at '2025-03-27 07:00' --pain 2",
    ]);
    let v = advise_json(&env, "2025-03-27");
    // Strength's days judged are 03-24 … 03-26: still trim 20 (v3 §6.2 step 2); the walk's
    // day 03-26 is calm but held by the trimmed day 03-25; 2 settled the severe pain.
    assert_eq!((v["verdict"].clone(), v["trim_pct"].clone()), (json!("trim"), json!(20)), "{v}");
    assert_eq!(v["red_flags"], json!([]));
    assert_eq!(v["limits"], json!([{"kind": "recent-trim", "day": "2025-03-25"}]));
    // W = median(20, 10) = 15, under the ceilings of 16.
    assert_eq!(volumes(&v), [row("strength", "trim", sr(3, 9)), row("walk", "same", walk(15, 15))]);
    let text = advise_text(&env, "2025-03-27");
    assert!(text.contains("\nNot progressing yet: pain flared after the activities on 2025-03-25; keep to the trimmed volume for a week.\n"), "{text}");
}

#[test]
fn issue_9_pain_creeping_up_over_five_weeks_never_progresses() {
    let env = Env::new();
    // 2 → 7 over 35 days, one point a week, no single spike.
    walking_days(&env, "2025-02-21", "2025-03-27", &|k| 2 + (k as u32) / 7, 20);
    env.ok(&["log", "--at", "2025-03-28 07:00", "--pain", "7"]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "see-clinician", "{v}");
    let flags: Vec<&str> =
        v["red_flags"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(flags, ["pain-rising"]);
    // The rule found 7 the next morning, 3 above the usual 4: the trim of 15% is kept.
    assert_eq!((v["rule"]["usual"].clone(), v["rule"]["excess"].clone()), (json!(4), json!(3)));
    assert_eq!(volumes(&v), [row("walk", "trim", walk(17, 17))]);
    // Before it rose by 2 points, the next morning's 6 or more already held.
    let v = advise_json(&env, "2025-03-22");
    assert_eq!(v["rule"]["next_day"], 6);
    assert_ne!(v["verdict"], "progress");
}

#[test]
fn issue_9_an_open_sore_pauses_walking_strength_and_balance() {
    let env = Env::new();
    walking_days(&env, "2025-03-10", "2025-03-26", &|_| 2, 40);
    env.log_all(&[
        "session strength --sets 2 --reps 10 --at '2025-03-26 17:00'",
        "session balance --minutes 10 --at '2025-03-26 17:30'",
        "session mobility --minutes 10 --at '2025-03-26 18:00'",
        "log --at '2025-03-27 07:00' --pain 2 --flag open-sore",
    ]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(
        volumes(&v),
        [
            row("strength", "paused", Value::Null),
            row("balance", "paused", Value::Null),
            row("mobility", "same", json!({"sets": null, "reps": null, "minutes": 10})),
            row("walk", "paused", Value::Null),
        ]
    );
    assert!(v["next"][0].get("earliest").is_none(), "no earliest date while paused");
    let text = advise_text(&env, "2025-03-28");
    assert!(
        text.contains(
            "- open-sore reported on 2025-03-27: see a clinician before weight-bearing exercise.\n"
        ),
        "{text}"
    );
    assert!(text.contains("│ walk     ┆ paused ┆"), "{text}");
}

#[test]
fn issue_9_four_weeks_away_restarts_at_70_percent() {
    let env = Env::new();
    walking_days(&env, "2025-02-10", "2025-02-28", &|_| 2, 30);
    env.log_all(&["session strength --sets 3 --reps 10 --at '2025-02-28 17:00'"]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "restart");
    assert_eq!(volumes(&v), [row("strength", "restart", sr(3, 7)), row("walk", "restart", walk(21, 21))]);
    // Forty-three days away: half.
    let v = advise_json(&env, "2025-04-12");
    assert_eq!(volumes(&v), [row("strength", "restart", sr(3, 5)), row("walk", "restart", walk(15, 15))]);
    assert!(advise_text(&env, "2025-03-28").starts_with(
        "Start again gently: it has been 28 days since the last activity, on 2025-02-28, so begin below your last volumes.\n"
    ));
}

#[test]
fn issue_9_one_long_walk_after_weeks_of_30_does_not_set_the_target() {
    let env = Env::new();
    walking_days(&env, "2025-03-01", "2025-03-24", &|_| 2, 30);
    env.ok(&["log", "--at", "2025-03-25 07:00", "--pain", "2"]);
    let (_, stderr) = env.ok_both(&["log", "--at", "2025-03-25 10:00", "--walk", "60"]);
    assert!(stderr.contains("keep to this week's target of 32–33 minutes instead"), "{stderr}");
    env.ok(&["log", "--at", "2025-03-26 07:00", "--pain", "2"]);
    let v = advise_json(&env, "2025-03-26");
    assert_eq!(v["verdict"], "progress");
    // W is the median of the week's bouts (30, the 60 is one of seven), B = 30: 32–33 (v3).
    assert_eq!(volumes(&v), [row("walk", "progress", walk(32, 33))]);
    assert_eq!(v["next"][0]["last"], json!({"minutes": 30}));
    let text = advise_text(&env, "2025-03-26");
    assert!(text.starts_with("Progress a little: pain stayed calm after the walk on 2025-03-25"), "{text}");
    // When the walk does grow, the headline says so and there is no cap note.
    env.ok(&["log", "--at", "2025-03-26 10:00", "--walk", "30"]);
    env.ok(&["log", "--at", "2025-03-27 07:00", "--pain", "2"]);
    let v = advise_json(&env, "2025-03-27");
    assert_eq!(volumes(&v), [row("walk", "progress", walk(32, 33))]);
    let text = advise_text(&env, "2025-03-27");
    assert!(text.starts_with("Progress a little: pain stayed calm after the walk on 2025-03-26"), "{text}");
    assert!(!text.contains("at most 33 min"), "{text}");
}

#[test]
fn steady_usual_pain_of_7_progresses_and_7_above_a_usual_5_holds() {
    // SPEC v3 §6.1: N ≥ 6 holds only above the usual pain; steady usual pain progresses.
    let env = Env::new();
    walking_days(&env, "2025-03-01", "2025-03-28", &|_| 7, 20);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "progress");
    assert_eq!((v["rule"]["baseline"].clone(), v["rule"]["next_day"].clone()), (json!(7), json!(7)));
    // W = B = 20: minutes_max = min(max(22, 21), max(22, 21)) = 22, minutes = max(21, 21) = 21.
    assert_eq!(volumes(&v), [row("walk", "progress", walk(21, 22))]);
    // Usual 5 (first readings), then 7 the next morning: E = 2 trims; 6 (E = 1) holds.
    let env = Env::new();
    walking_days(&env, "2025-03-01", "2025-03-27", &|_| 5, 20);
    env.ok(&["log", "--at", "2025-03-28 07:00", "--pain", "6"]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!((v["verdict"].clone(), v["rule"]["excess"].clone()), (json!("hold"), json!(1)));
    assert_eq!(v["reason"], "pain was 6 the next morning after the walk on 2025-03-27, above the 5 before it: 6 or more is too high to progress");
}

#[test]
fn issue_9_a_session_at_rpe_10_is_trimmed_not_progressed() {
    let env = Env::new();
    env.log_all(&[
        "session strength --sets 3 --reps 10 --rpe 10 --pain-before 2 --pain-after 3 --at '2025-03-27 17:00'",
        "log --at '2025-03-28 07:00' --pain 2",
    ]);
    let v = advise_json(&env, "2025-03-28");
    // The first week holds (v3 `first-week`); the effort trim applies under hold too.
    assert_eq!(v["verdict"], "hold");
    assert_eq!(v["limits"], json!([{"kind": "first-week"}]));
    assert_eq!(volumes(&v), [row("strength", "trim", sr(3, 9))]);
    assert!(advise_text(&env, "2025-03-28")
        .contains("strength: the last session felt very hard (RPE 10): trimmed by 10%."));
}

#[test]
fn issue_9_balance_collapsing_between_weekly_measures_is_a_red_flag() {
    let env = Env::new();
    env.log_all(&[
        "log --at '2025-02-07 08:00' --stance-left 30",
        "log --at '2025-02-14 08:00' --stance-left 30",
        "log --at '2025-02-21 08:00' --stance-left 29",
        "log --at '2025-02-28 08:00' --stance-left 30",
        "log --at '2025-03-07 08:00' --stance-left 31",
        "log --at '2025-03-14 08:00' --stance-left 30",
        "log --at '2025-03-21 08:00' --stance-left 30",
        "log --at '2025-03-28 08:00' --stance-left 4",
    ]);
    let v = advise_json(&env, "2025-03-28");
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(
        v["red_flags"],
        json!([{"kind": "balance-drop", "foot": "left", "day": "2025-03-28", "value": 4, "reference": 31, "source": "detected"}])
    );
    assert!(advise_text(&env, "2025-03-28").contains("- left single-leg stance was 4 s on 2025-03-28, under half the best weekly median of 31 s in the seven weeks before: pause progression and contact a clinician promptly.\n"));
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
            "rule": null, "today": null,
            "reason": "no session or walk was logged before 2025-03-28, so there is nothing to judge yet",
            "limits": [], "next": [], "red_flags": [], "reviews_due": [], "notes": []
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
        "error: invalid value '2025-13-01' for --as-of: there is no month 13 (01 to 12); expected a date as \
         YYYY-MM-DD, today or yesterday\n"
    );
    assert_eq!(snapshot(&env.db), before);
}
