//! The exercise program (§9) end to end: `exercises`, `program`, `session EXERCISE…`, `done`,
//! `plan`, `undo` of a `done`, and export version 2.

mod common;

use common::{argv, s, snapshot, Env};
use serde_json::{json, Value};

fn dose(sets: Option<u16>, reps: Option<u16>, seconds: Option<u16>, minutes: Option<u16>) -> Value {
    json!({"sets": sets, "reps": reps, "seconds": seconds, "minutes": minutes})
}

fn reps(sets: u16, reps: u16) -> Value {
    dose(Some(sets), Some(reps), None, None)
}

fn secs(sets: u16, seconds: u16) -> Value {
    dose(Some(sets), None, Some(seconds), None)
}

/// The exercise ids of a program's JSON, with their starting and today's doses.
fn program_rows(p: &Value) -> Vec<(String, Value, Value)> {
    p["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["exercise"].as_str().unwrap().to_string(), e["dose"].clone(), e["today"].clone()))
        .collect()
}

#[test]
fn exercises_lists_the_catalogue_without_a_database() {
    let env = Env::new();
    let list = env.json(&["exercises"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 24);
    assert_eq!(list[0]["exercise"], "ankle-pumps");
    let hr = list.iter().find(|e| e["exercise"] == "heel-raises").unwrap();
    let keys: Vec<&String> = hr.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["cue", "each_side", "exercise", "kind", "next_step", "range", "seated"]);
    assert_eq!(
        (&hr["kind"], &hr["range"], &hr["each_side"], &hr["next_step"]),
        (
            &json!("strength"),
            &json!({"sets": [2, 3], "reps": [8, 12], "seconds": null, "minutes": null}),
            &json!(false),
            &json!("single-leg raises, or 3–4 s lowering")
        )
    );
    let bd = list.iter().find(|e| e["exercise"] == "balance-drills").unwrap();
    assert_eq!(bd["range"], json!({"sets": null, "reps": null, "seconds": null, "minutes": [2, 3]}));
    assert_eq!(bd["next_step"], Value::Null);
    let sls = list.iter().find(|e| e["exercise"] == "single-leg-stance").unwrap();
    assert_eq!((&sls["range"]["seconds"], &sls["each_side"]), (&json!([10, 45]), &json!(true)));
    let text = env.ok(&["exercises"]);
    assert!(text.contains("tandem-stance") && text.contains("3 × 20–30 s"), "{text}");
    assert!(!env.db.exists(), "exercises needs no database");
}

#[test]
fn the_starter_program_shows_without_a_database() {
    let env = Env::new();
    let p = env.json(&["program"]);
    assert_eq!(p["starter"], true);
    let rows = program_rows(&p);
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    // By kind: mobility, strength, balance.
    assert_eq!(
        ids,
        [
            "ankle-pumps",
            "ankle-circles",
            "calf-stretch",
            "tibial-glide",
            "heel-raises",
            "sit-to-stand",
            "hip-abduction",
            "tandem-stance",
            "single-leg-stance"
        ]
    );
    assert_eq!(
        p["exercises"][4],
        json!({"exercise": "heel-raises", "kind": "strength", "dose": reps(2, 8), "today": reps(2, 8),
               "range": {"sets": [2, 3], "reps": [8, 12], "seconds": null, "minutes": null}, "each_side": false})
    );
    assert_eq!(rows[8].1, secs(3, 10));
    let (text, err) = env.ok_both(&["program"]);
    assert!(text.starts_with("The starter program"), "{text}");
    assert!(err.is_empty(), "{err}");
    assert!(!env.db.exists(), "program needs no database");
}

#[test]
fn program_add_remove_and_reset() {
    let env = Env::new();
    // The first change copies the starter program, then applies.
    let (out, err) = env.ok_both(&["program", "add", "step-ups"]);
    assert_eq!(
        out,
        "added step-ups (strength) at 2 × 8\nYour own program now replaces the starter program (`footing program reset` goes back).\n"
    );
    assert!(err.is_empty(), "{err}");
    let p = env.json(&["program"]);
    assert_eq!(p["starter"], false);
    let rows = program_rows(&p);
    assert_eq!(rows.len(), 10);
    assert_eq!(
        rows[7],
        ("step-ups".to_string(), reps(2, 8), reps(2, 8)),
        "after the other strength exercises"
    );

    // A clinician's dose outside the range is stored, with a warning.
    let (out, err) = env.ok_both(&["program", "add", "heel-raises", "3x15"]);
    assert_eq!(out, "changed heel-raises from 2 × 8 to 3 × 15\n");
    assert_eq!(
        err,
        "warning: 3 × 15 is outside the range of heel-raises (2–3 × 8–12); stored as prescribed\n"
    );
    let rows = program_rows(&env.json(&["program"]));
    assert_eq!(rows[4], ("heel-raises".to_string(), reps(3, 15), reps(3, 15)));

    assert_eq!(env.ok(&["program", "remove", "hip-abduction"]), "removed hip-abduction from your program\n");
    let rows = program_rows(&env.json(&["program"]));
    assert!(rows.iter().all(|r| r.0 != "hip-abduction"));
    assert_eq!(rows.len(), 9);

    assert_eq!(env.ok(&["program", "reset"]), "back to the starter program\n");
    let p = env.json(&["program"]);
    assert_eq!((p["starter"].clone(), program_rows(&p).len()), (json!(true), 9));
    assert_eq!(program_rows(&p)[4].1, reps(2, 8));
    assert_eq!(env.ok(&["program", "reset"]), "the starter program already applies\n");

    // An empty program: the plan says how to fill it, and `done` has nothing to record.
    for id in ["ankle-pumps", "ankle-circles", "calf-stretch", "tibial-glide", "heel-raises"] {
        env.ok(&["program", "remove", id]);
    }
    for id in ["sit-to-stand", "hip-abduction", "tandem-stance", "single-leg-stance"] {
        env.ok(&["program", "remove", id]);
    }
    let text = env.ok(&["plan"]);
    assert!(
        text.contains(
            "\nYour program has no exercises: `footing program add EXERCISE` adds one, `footing program reset` \
             goes back to the starter program.\n"
        ),
        "{text}"
    );
    let err = env.fails(2, &["done"]);
    assert!(err.contains("your program has no exercises"), "{err}");
}

#[test]
fn a_new_starting_dose_of_an_exercise_already_done_says_what_today_builds_on() {
    let env = Env::new();
    env.ok(&argv("session heel-raises:2x10 --at yesterday"));
    let (out, err) = env.ok_both(&["program", "add", "heel-raises", "3x10"]);
    assert!(out.starts_with("changed heel-raises from 2 × 8 to 3 × 10\n"), "{out}");
    assert!(err.starts_with("note: heel-raises was last done at 2 × 10 on "), "{err}");
    assert!(
        err.ends_with(
            "and today's dose builds on that session: 2 × 10; to move to 3 × 10 now, record it once: \
             footing session heel-raises:3x10\n"
        ),
        "{err}"
    );
    // Never done: the new starting dose is today's dose, and nothing is noted.
    let (_, err) = env.ok_both(&["program", "add", "sit-to-stand", "3x8"]);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn bad_program_changes_exit_2_name_the_value_and_write_nothing() {
    let env = Env::new();
    env.ok(&["program", "add", "step-ups", "2x9"]);
    let before = snapshot(&env.db);
    let cases: [(&[&str], &str); 6] = [
        (
            &["program", "add", "heel-raise"],
            "error: invalid value 'heel-raise' for '<EXERCISE>': did you mean heel-raises? expected an exercise of the catalogue (`footing exercises` lists them)",
        ),
        (
            &["program", "add", "heel"],
            "did you mean heel-raises, heel-toe-rock or heel-to-toe-walk?",
        ),
        (
            &["program", "add", "heel-raises", "3x20s"],
            "error: invalid value '3x20s' for DOSE: heel-raises is dosed in sets × reps, like 2x10 (its range is 2–3 × 8–12)",
        ),
        (
            &["program", "add", "tandem-stance", "3x20"],
            "error: invalid value '3x20' for DOSE: tandem-stance is dosed in sets × seconds, like 3x20s (its range is 3 × 20–30 s)",
        ),
        (
            &["program", "add", "heel-raises", "2x"],
            "error: invalid value '2x' for DOSE: expected SETSxREPS like 2x10, SETSxSECONDSs like 3x20s or MINUTESmin like 3min (sets 1–20, reps 1–200, seconds 1–600, minutes 1–600)",
        ),
        (
            &["program", "remove", "eversion"],
            "error: invalid value 'eversion' for EXERCISE: it is not in your program; `footing program` lists the exercises in it",
        ),
    ];
    for (args, expected) in cases {
        let err = env.fails(2, args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(snapshot(&env.db), before, "{args:?} wrote something");
    }
    // A bad change on a fresh setup creates no database.
    let fresh = env.with_db("fresh.db");
    fresh.fails(2, &["program", "add", "heel-raises", "9x9s"]);
    fresh.fails(2, &["program", "remove", "eversion"]);
    assert!(!fresh.db.exists());
}

#[test]
fn a_session_of_named_exercises_is_stored_and_listed() {
    let env = Env::new();
    let out = env.ok(&argv("session heel-raises:2x10 sit-to-stand:3x8 --rpe 6 --at '2025-03-26 09:00'"));
    assert_eq!(
        out,
        "logged #1 at 2025-03-26 09:00: strength session: heel-raises 2 × 10, sit-to-stand 3 × 8, RPE 6\n"
    );
    // The kind may be given; a bare exercise takes the dose for the date of --at (never done
    // before: the program's starting dose).
    let stored =
        env.json(&argv("session balance tandem-stance single-leg-stance:3x15s --at '2025-03-26 09:30'"));
    assert_eq!(
        stored,
        json!([{"id": 2, "type": "session", "at": "2025-03-26 09:30", "pain": null, "numb": null,
                "stance_left": null, "stance_right": null, "heel_raises": null, "walk": null, "flags": [],
                "kind": "balance", "sets": null, "reps": null, "minutes": null, "rpe": null, "note": null, "feet_ok": null,
                "exercises": [{"exercise": "tandem-stance", "sets": 3, "reps": null, "seconds": 20, "minutes": null},
                              {"exercise": "single-leg-stance", "sets": 3, "reps": null, "seconds": 15, "minutes": null}],
                "test": null, "values": null, "temps": null, "cleared": null}])
    );
    let items = env.ok(&["history", "--items", "--from", "2025-03-26", "--to", "2025-03-26"]);
    assert!(items.contains("strength session: heel-raises 2 × 10, sit-to-stand 3 × 8, RPE 6"), "{items}");
    assert!(items.contains("balance session: tandem-stance 3 × 20 s, single-leg-stance 3 × 15 s"), "{items}");
    let day = env.json(&["history", "--from", "2025-03-26", "--to", "2025-03-26"]);
    assert_eq!(day[0]["sessions"], json!({"strength": 1, "balance": 1}));
    // A volume session still works.
    env.ok(&argv("session mobility --minutes 10 --at '2025-03-26 10:00'"));
}

#[test]
fn bad_sessions_exit_2_name_the_value_and_write_nothing() {
    let env = Env::new();
    env.ok(&argv("log --pain 2 --at '2025-03-01 08:00'"));
    let before = snapshot(&env.db);
    let cases: [(&str, &str); 9] = [
        (
            "session heel-raises:2x10 tandem-stance:3x20s",
            "error: invalid value 'tandem-stance:3x20s' for EXERCISE[:DOSE]: heel-raises is a strength exercise and tandem-stance is a balance exercise; a session holds exercises of one kind (record two sessions)",
        ),
        (
            "session balance heel-raises:2x10",
            "error: invalid value 'heel-raises:2x10' for EXERCISE[:DOSE]: heel-raises is a strength exercise, not balance",
        ),
        (
            "session heel-raise:2x10",
            "error: invalid value 'heel-raise:2x10' for EXERCISE[:DOSE]: did you mean heel-raises? expected an exercise",
        ),
        (
            "session heel-raises:2x10s",
            "error: invalid value 'heel-raises:2x10s' for EXERCISE[:DOSE]: heel-raises is dosed in sets × reps, like 2x10",
        ),
        (
            "session heel-raises:ten",
            "for EXERCISE[:DOSE]: expected SETSxREPS like 2x10, SETSxSECONDSs like 3x20s or MINUTESmin like 3min",
        ),
        (
            "session heel-raises:2x10 --sets 2 --reps 10",
            "error: invalid volume '--sets 2 --reps 10': --sets, --reps and --minutes cannot be combined with named exercises",
        ),
        (
            "session yoga",
            "error: invalid value 'yoga' for KIND or EXERCISE: expected a session kind (strength, balance or mobility) or an exercise",
        ),
        ("session heel-raises heel-raises:2x9", "heel-raises is named twice"),
        (
            "session balance",
            "error: a balance session needs a volume: sets and reps (like --sets 2 --reps 10) or minutes (like --minutes 10); or name the exercises done, like footing session tandem-stance:3x20s (see `footing plan`)",
        ),
    ];
    for (line, expected) in cases {
        let err = env.fails(2, &argv(line));
        assert!(err.contains(expected), "{line}: {err}");
        assert_eq!(snapshot(&env.db), before, "{line} wrote something");
    }
}

/// Two calm strength days at the same doses (SPEC v3: two calm sessions at a dose before
/// it rises), the second on 03-26, pain 2 before and 2 the next morning; the program began on
/// 03-01 (past the first week); single-leg stance logged on both feet (its cap, 44 + 5 s).
fn calm_history(env: &Env) {
    env.log_all(&[
        "log --pain 2 --at '2025-03-01 08:00'",
        "log --pain 2 --at '2025-03-23 08:00'",
        "session heel-raises:2x10 sit-to-stand:2x12 --rpe 6 --at '2025-03-23 09:00'",
        "session balance tandem-stance:3x20s single-leg-stance:3x45s --at '2025-03-23 09:30'",
        "log --pain 2 --at '2025-03-24 08:00'",
        "log --pain 2 --stance-left 45 --stance-right 44 --at '2025-03-26 08:00'",
        "session heel-raises:2x10 sit-to-stand:2x12 --rpe 6 --at '2025-03-26 09:00'",
        "session balance tandem-stance:3x20s single-leg-stance:3x45s --at '2025-03-26 09:30'",
        "log --pain 2 --at '2025-03-27 08:00'",
    ]);
}

fn plan_exercise<'a>(plan: &'a Value, kind: &str, id: &str) -> &'a Value {
    let k = plan["kinds"].as_array().unwrap().iter().find(|k| k["kind"] == kind).unwrap();
    k["exercises"].as_array().unwrap().iter().find(|e| e["exercise"] == id).unwrap()
}

#[test]
fn plan_without_a_database_is_the_starter_program() {
    let env = Env::new();
    let plan = env.json(&["plan", "--as-of", "2025-03-28"]);
    let keys: Vec<&String> = plan.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["as_of", "headline", "kinds", "red_flags", "reminders", "verdict", "walk"]);
    assert_eq!((&plan["as_of"], &plan["verdict"]), (&json!("2025-03-28"), &json!("no-data")));
    let kinds: Vec<(&str, bool)> = plan["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kind"].as_str().unwrap(), k["due"] == true))
        .collect();
    assert_eq!(kinds, [("mobility", true), ("strength", true), ("balance", true)]);
    assert_eq!(
        plan_exercise(&plan, "strength", "heel-raises"),
        &json!({"exercise": "heel-raises", "dose": reps(2, 8), "status": "same", "each_side": false,
                "cue": "hold a counter, rise onto the balls of the feet, lower slowly"})
    );
    assert_eq!(plan_exercise(&plan, "balance", "single-leg-stance")["dose"], secs(3, 10));
    assert_eq!(plan["walk"], Value::Null);
    assert!(plan["reminders"][0].as_str().unwrap().starts_with("check your feet"));
    assert!(!env.db.exists());
}

#[test]
fn plan_progresses_each_exercise_by_its_own_rule_and_rests_strength() {
    let env = Env::new();
    calm_history(&env);
    // T = 03-28: the 24-hour rule finds 03-26 calm: progress.
    let plan = env.json(&["plan", "--as-of", "2025-03-28"]);
    assert_eq!(plan["verdict"], "progress");
    let hr = plan_exercise(&plan, "strength", "heel-raises");
    assert_eq!((&hr["dose"], &hr["status"]), (&reps(2, 11), &json!("progress")));
    // 2 × 12 is the top of the reps: one more set at the bottom of the range.
    assert_eq!(plan_exercise(&plan, "strength", "sit-to-stand")["dose"], reps(3, 8));
    // Never done: the starting dose.
    assert_eq!(plan_exercise(&plan, "strength", "hip-abduction")["dose"], reps(2, 10));
    // Holds: + 5 s; at the top of the range the same.
    let ts = plan_exercise(&plan, "balance", "tandem-stance");
    assert_eq!((&ts["dose"], &ts["status"]), (&secs(3, 25), &json!("progress")));
    let sls = plan_exercise(&plan, "balance", "single-leg-stance");
    assert_eq!((&sls["dose"], &sls["status"]), (&secs(3, 45), &json!("same")));
    // Mobility: the same.
    assert_eq!(plan_exercise(&plan, "mobility", "ankle-pumps")["dose"], secs(2, 60));

    // 03-27 is the day after a strength day: a rest day for strength.
    let plan = env.json(&["plan", "--as-of", "2025-03-27"]);
    let strength = plan["kinds"].as_array().unwrap().iter().find(|k| k["kind"] == "strength").unwrap();
    assert_eq!(
        (&strength["due"], &strength["why"]),
        (&json!(false), &json!("rest day for strength; next on 2025-03-28"))
    );
    let text = env.ok(&["plan", "--as-of", "2025-03-27"]);
    assert!(text.contains("strength — not today: rest day for strength; next on 2025-03-28"), "{text}");
    // Only the kinds due today have a "today" column.
    assert_eq!((text.matches("┆ today ").count(), text.matches("┆ dose ").count()), (2, 1), "{text}");

    // `program` shows today's doses too; a bare exercise in `session` takes them.
    let out = env.ok(&argv("session heel-raises --at '2025-03-28 09:00'"));
    assert_eq!(out, "logged #10 at 2025-03-28 09:00: strength session: heel-raises 2 × 11\n");
}

#[test]
fn a_flare_trims_strength_and_balance_and_keeps_mobility() {
    let env = Env::new();
    env.log_all(&[
        "log --pain 2 --at '2025-03-26 08:00'",
        "session heel-raises:2x10 --at '2025-03-26 09:00'",
        "session balance tandem-stance:3x30s --at '2025-03-26 09:30'",
        "session mobility ankle-pumps:2x80s --at '2025-03-26 09:40'",
        "log --pain 5 --at '2025-03-27 08:00'",
    ]);
    // Excess 3: trim 15%. scale(10, 85) = 9; scale(30, 85) = 26 (2550 + 50 = 2600).
    let plan = env.json(&["plan", "--as-of", "2025-03-28"]);
    assert_eq!(plan["verdict"], "trim");
    let hr = plan_exercise(&plan, "strength", "heel-raises");
    assert_eq!((&hr["dose"], &hr["status"]), (&reps(2, 9), &json!("trim")));
    assert_eq!(plan_exercise(&plan, "balance", "tandem-stance")["dose"], secs(3, 26));
    let ap = plan_exercise(&plan, "mobility", "ankle-pumps");
    assert_eq!((&ap["dose"], &ap["status"]), (&secs(2, 80), &json!("same")));
}

#[test]
fn done_records_the_plan_and_undo_removes_it_in_one_step() {
    let env = Env::new();
    calm_history(&env);
    let out = env
        .ok(&argv("done --at '2025-03-28 10:00' --pain-before 2 --pain-after 3 --rpe 6 --skip calf-stretch"));
    assert_eq!(
        out,
        "logged #10 at 2025-03-28 10:00: before the sessions: pain 2\n\
         logged #11 at 2025-03-28 10:00: mobility session: ankle-pumps 2 × 60 s, ankle-circles 2 × 10, tibial-glide 1 × 8\n\
         logged #12 at 2025-03-28 10:00: strength session: heel-raises 2 × 11, sit-to-stand 3 × 8, hip-abduction 2 × 10, RPE 6\n\
         logged #13 at 2025-03-28 10:00: balance session: tandem-stance 3 × 25 s, single-leg-stance 3 × 45 s\n\
         logged #14 at 2025-03-28 10:00: after the sessions: pain 3\n"
    );
    // Strength was done on 03-28: the next day it is not due, and `done strength` says when it is.
    let before = snapshot(&env.db);
    let err = env.fails(2, &argv("done strength --at '2025-03-29 10:00'"));
    assert_eq!(
        err,
        "error: invalid value 'strength' for KIND: strength is not due on 2025-03-29: rest day for strength; \
         next on 2025-03-30; `footing session` can still record it\n"
    );
    let err = env.fails(2, &argv("done balance --skip heel-raises --at '2025-03-29 10:00'"));
    assert!(
        err.starts_with(
            "error: invalid value 'heel-raises' for --skip: it is not in the plan being recorded (balance)"
        ),
        "{err}"
    );
    let err = env.fails(2, &argv("done --skip heel-raise --at '2025-03-29 10:00'"));
    assert!(err.contains("did you mean heel-raises?"), "{err}");
    assert_eq!(snapshot(&env.db), before, "a refused done writes nothing");

    // Undo removes everything the done recorded, and nothing before it.
    let out = env.ok(&["undo"]);
    assert_eq!(out.lines().count(), 5, "{out}");
    assert!(out.starts_with("deleted #10 at 2025-03-28 10:00: pain 2\n"), "{out}");
    let items = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-31"]);
    let ids: Vec<i64> = items.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The next undo removes one item as before.
    assert!(env.ok(&["undo"]).starts_with("deleted #9 "));
}

#[test]
fn the_plan_says_what_is_done_today_and_done_does_not_record_it_twice() {
    let env = Env::new();
    calm_history(&env);
    let plan = env.json(&["plan", "--as-of", "2025-03-28"]);
    let done: Vec<(&str, &Value, &Value)> = plan["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kind"].as_str().unwrap(), &k["due"], &k["done_today"]))
        .collect();
    assert_eq!(
        done,
        [
            ("mobility", &json!(true), &json!(false)),
            ("strength", &json!(true), &json!(false)),
            ("balance", &json!(true), &json!(false))
        ]
    );
    // Mobility done by `session`, then `done` records strength and balance only.
    env.ok(&argv("session ankle-pumps --at '2025-03-28 08:30'"));
    let out = env.ok(&argv("done --at '2025-03-28 10:00'"));
    let kinds: Vec<&str> =
        out.lines().map(|l| l.split(": ").nth(1).unwrap().split(' ').next().unwrap()).collect();
    assert_eq!(kinds, ["strength", "balance"], "{out}");
    let plan = env.json(&["plan", "--as-of", "2025-03-28"]);
    let done: Vec<(&Value, &Value)> =
        plan["kinds"].as_array().unwrap().iter().map(|k| (&k["due"], &k["done_today"])).collect();
    assert_eq!(
        done,
        [(&json!(true), &json!(true)), (&json!(false), &json!(true)), (&json!(true), &json!(true))]
    );
    let text = env.ok(&["plan", "--as-of", "2025-03-28"]);
    assert!(text.contains("\nmobility — done today\n"), "{text}");
    assert!(text.contains("\nstrength — done today; next on 2025-03-30\n"), "{text}");
    assert!(text.contains("\nbalance — done today\n"), "{text}");
    assert!(!text.contains("tandem-stance"), "a done kind shows no table: {text}");
    assert!(text.contains("Every exercise due today is recorded."), "{text}");
    // A second bare `done` refuses and writes nothing; naming a kind records it again.
    let before = snapshot(&env.db);
    let err = env.fails(2, &argv("done --at '2025-03-28 11:00'"));
    assert_eq!(
        err,
        "error: everything due on 2025-03-28 is already recorded (mobility, strength, balance); to record a kind again, \
         name it, like footing done mobility\n"
    );
    assert_eq!(snapshot(&env.db), before);
    let (out, err) = env.ok_both(&argv("done balance --at '2025-03-28 11:00'"));
    assert!(out.contains("balance session: tandem-stance 3 × 25 s"), "{out}");
    assert_eq!(err, "note: balance was already recorded on 2025-03-28; recording it again as you asked\n");
}

#[test]
fn a_paused_kind_is_not_due_and_done_says_when() {
    let env = Env::new();
    calm_history(&env);
    env.ok(&argv("log --flag open-sore --at '2025-03-27 09:00'"));
    let plan = env.json(&["plan", "--as-of", "2025-03-28"]);
    let balance = plan["kinds"].as_array().unwrap().iter().find(|k| k["kind"] == "balance").unwrap();
    assert_eq!(balance["due"], false);
    assert_eq!(
        balance["why"],
        "paused: open-sore of 2025-03-27; see a clinician before weight-bearing exercise; the pause ends when \
         your clinician clears the foot (`footing reviewed open-sore --cleared`)"
    );
    assert_eq!(plan_exercise(&plan, "balance", "tandem-stance")["status"], "paused");
    assert_eq!(plan_exercise(&plan, "balance", "tandem-stance")["dose"], Value::Null);
    assert_eq!(plan_exercise(&plan, "mobility", "ankle-pumps")["status"], "same");
    let err = env.fails(2, &argv("done balance --at '2025-03-28 10:00'"));
    assert!(err.contains("balance is not due on 2025-03-28: paused: open-sore of 2025-03-27"), "{err}");
    assert!(
        err.contains("(`footing reviewed open-sore --cleared`); `footing session` can still record it"),
        "{err}"
    );
    // Bare `done` records what is due: mobility only.
    let out = env.ok(&argv("done --at '2025-03-28 10:00'"));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("mobility session"), "{out}");
}

#[test]
fn export_version_3_round_trips_exercises_and_the_program() {
    let env = Env::new();
    calm_history(&env);
    env.ok(&["program", "add", "step-ups", "2x9"]);
    let export = env.json(&["export"]);
    assert_eq!(export["version"], 3);
    assert_eq!(export["program"].as_array().unwrap().len(), 10);
    assert_eq!(
        export["program"][9],
        json!({"exercise": "step-ups", "sets": 2, "reps": 9, "seconds": null, "minutes": null})
    );
    assert_eq!(
        export["items"][2]["exercises"],
        json!([{"exercise": "heel-raises", "sets": 2, "reps": 10, "seconds": null, "minutes": null},
               {"exercise": "sit-to-stand", "sets": 2, "reps": 12, "seconds": null, "minutes": null}])
    );
    let csv = env.ok(&["export", "--format", "csv"]);
    assert!(csv.contains(",strength,,,,6,,,heel-raises:2x10;sit-to-stand:2x12,,,,\r\n"), "{csv}");

    // Into a new database: the same items and the same program, from JSON and from CSV.
    let json_file = env.write("export.json", env.ok(&["export"]));
    let csv_file = env.write("export.csv", &csv);
    let b = env.with_db("b.db");
    assert_eq!(
        b.ok(&["import", s(&json_file)]),
        "imported 9 items, skipped 0 already stored\nyour program was replaced by the file's (10 exercises)\n"
    );
    assert_eq!(b.json(&["export"]), export);
    assert_eq!(
        b.ok(&["import", s(&json_file)]).lines().next().unwrap(),
        "imported 0 items, skipped 9 already stored"
    );
    let c = env.with_db("c.db");
    c.ok(&["import", s(&csv_file)]);
    assert_eq!(c.json(&["export"])["items"], export["items"]);
    assert_eq!(c.json(&["export"])["program"], Value::Null, "CSV carries no program");
}

#[test]
fn a_version_1_export_imports_and_exports_as_version_3() {
    let env = Env::new();
    let v1 = json!({"format": "footing", "version": 1, "items": [
        {"id": 1, "type": "entry", "at": "2025-03-01 08:00", "pain": 3, "numb": null, "stance_left": null,
         "stance_right": null, "heel_raises": null, "walk": null, "flags": [], "kind": null, "sets": null,
         "reps": null, "minutes": null, "rpe": null, "note": null},
        {"id": 2, "type": "session", "at": "2025-03-01 09:00", "pain": null, "numb": null, "stance_left": null,
         "stance_right": null, "heel_raises": null, "walk": null, "flags": [], "kind": "strength", "sets": 2,
         "reps": 10, "minutes": null, "rpe": 6, "note": null}]});
    let file = env.write("v1.json", v1.to_string());
    assert_eq!(env.ok(&["import", s(&file)]), "imported 2 items, skipped 0 already stored\n");
    env.ok(&["program", "add", "toe-yoga"]);
    let export = env.json(&["export"]);
    assert_eq!((&export["version"], export["items"].as_array().unwrap().len()), (&json!(3), 2));
    assert_eq!(export["items"][1]["exercises"], Value::Null);
    assert_eq!((&export["items"][1]["sets"], &export["items"][1]["reps"]), (&json!(2), &json!(10)));
    // Importing the version 1 file again leaves the program alone: the file has none.
    env.ok(&["import", s(&file)]);
    assert_eq!(env.json(&["program"])["starter"], false);
    // A v1 CSV without the last column imports too.
    let csv = env.write(
        "v1.csv",
        "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note\n\
         1,entry,2025-03-02 08:00,4,,,,,,,,,,,,\n",
    );
    assert_eq!(env.ok(&["import", s(&csv)]), "imported 1 item, skipped 0 already stored\n");
}

#[test]
fn a_bad_exercise_or_program_in_an_import_changes_nothing() {
    let env = Env::new();
    env.ok(&argv("log --pain 2 --at '2025-03-01 08:00'"));
    let before = snapshot(&env.db);
    let item = |exercises: Value| {
        json!({"format": "footing", "version": 2, "program": null, "items": [
            {"type": "session", "at": "2025-03-01 09:00", "kind": "strength", "exercises": exercises}]})
    };
    let cases = [
        (
            item(
                json!([{"exercise": "heel-raise", "sets": 2, "reps": 10, "seconds": null, "minutes": null}]),
            ),
            "unknown exercise 'heel-raise': did you mean heel-raises?",
        ),
        (
            item(
                json!([{"exercise": "heel-raises", "sets": 2, "reps": null, "seconds": 10, "minutes": null}]),
            ),
            "heel-raises is dosed in sets × reps, like 2x10",
        ),
        (
            item(
                json!([{"exercise": "tandem-stance", "sets": 3, "reps": null, "seconds": 20, "minutes": null}]),
            ),
            "tandem-stance is a balance exercise; every exercise of a strength session is of kind strength",
        ),
        (
            json!({"format": "footing", "version": 2, "items": [],
                   "program": [{"exercise": "heel-raises", "sets": 2, "reps": 10},
                               {"exercise": "heel-raises", "sets": 2, "reps": 11}]}),
            "invalid program: element 2 (line 1): heel-raises is listed twice",
        ),
    ];
    for (doc, expected) in cases {
        let file = env.write("bad.json", doc.to_string());
        let err = env.fails(2, &["import", s(&file)]);
        assert!(err.contains(expected), "{doc}: {err}");
        assert_eq!(snapshot(&env.db), before);
    }
}

#[test]
fn the_report_shows_what_is_prescribed_and_the_dose_now() {
    let env = Env::new();
    calm_history(&env);
    env.ok(&["program", "add", "step-ups", "2x9"]);
    let out = env.path("report.html");
    env.ok(&["report", "--as-of", "2025-03-28", "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Exercises of the person's own program"), "{html}");
    assert!(
        html.contains(
            "<tr><th scope=\"row\">heel-raises</th><td><span class=\"nb\">2 × 8</span></td>\
             <td>2 times, at <span class=\"nb\">2 × 10</span></td>\
             <td><span class=\"nb\">2 × 10</span> on <span class=\"nb\">26 Mar 2025</span></td>\
             <td><span class=\"nb\">2 × 11</span> (up)</td>\
             <td><span class=\"nb\">2–3 ×</span> <span class=\"nb\">8–12</span></td></tr>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<tr><th scope=\"row\">step-ups<span class=\"side\">each side</span></th>\
             <td><span class=\"nb\">2 × 9</span></td><td>not in the period</td>\
             <td>not yet</td><td><span class=\"nb\">2 × 9</span> (same)</td>"
        ),
        "{html}"
    );
}

#[test]
fn the_report_shows_how_each_exercise_changed_and_what_was_done_outside_the_program() {
    let env = Env::new();
    calm_history(&env);
    env.log_all(&[
        "log --pain 2 --at '2025-03-28 08:00'",
        "session heel-raises:2x11 --at '2025-03-28 09:00'",
        "session toe-yoga:1x8 --at '2025-03-28 09:10'",
        "log --pain 2 --at '2025-03-29 08:00'",
    ]);
    let out = env.path("report.html");
    env.ok(&["report", "--as-of", "2025-03-30", "--out", s(&out)]);
    let html = std::fs::read_to_string(&out).unwrap();
    // What was prescribed, what was done over the period and how it changed, the dose now:
    // 2 × 11 once is not yet two calm sessions at it (v3), so it stays.
    assert!(
        html.contains(
            "<tr><th scope=\"row\">heel-raises</th><td><span class=\"nb\">2 × 8</span></td>\
         <td>3 times, <span class=\"nb\">2 × 10</span> → <span class=\"nb\">2 × 11</span></td>\
         <td><span class=\"nb\">2 × 11</span> on <span class=\"nb\">28 Mar 2025</span></td>\
         <td><span class=\"nb\">2 × 11</span> (same)</td>"
        ),
        "{html}"
    );
    // Done but not in the program: listed after the program's exercises.
    assert!(html.contains(
        "<tbody><tr class=\"kind\"><th scope=\"rowgroup\" colspan=\"6\">strength, not in the program</th></tr>\n\
         <tr><th scope=\"row\">toe-yoga<span class=\"side\">each side</span></th><td>not in the program</td>\
         <td>once, at <span class=\"nb\">1 × 8</span></td>\
         <td><span class=\"nb\">1 × 8</span> on <span class=\"nb\">28 Mar 2025</span></td>\
         <td><span class=\"nb\">1 × 8</span> (same)</td>\
         <td><span class=\"nb\">1 ×</span> <span class=\"nb\">8–10</span></td></tr>"
    ), "{html}");
    let program = &html[html.find("<section id=\"program\">").unwrap()..];
    let toe_yoga = program.find(">toe-yoga<").unwrap();
    assert!(program.find(">single-leg-stance<").unwrap() < toe_yoga);
}

#[test]
fn the_plan_reminds_to_check_the_feet_until_it_is_logged() {
    let env = Env::new();
    calm_history(&env);
    let reminders = |env: &Env| env.json(&["plan", "--as-of", "2025-03-28"])["reminders"].clone();
    assert_eq!(
        reminders(&env),
        json!([
            "check your feet: look at both feet for blisters, cuts, red marks or colour changes, then log it with \
             `footing log --feet-ok` (anything found is a red flag, like `--flag open-sore`)"
        ])
    );
    // A check on another day does not count for T.
    env.ok(&argv("log --feet-ok --at '2025-03-27 08:05'"));
    assert_eq!(reminders(&env).as_array().unwrap().len(), 1);
    env.ok(&argv("log --feet-ok --at '2025-03-28 08:05'"));
    assert_eq!(reminders(&env), json!([]));
}

#[test]
fn advise_lists_each_exercise_after_its_kind() {
    let env = Env::new();
    calm_history(&env);
    env.ok(&argv("session step-ups:2x8 --at '2025-03-20 09:00'"));
    let a = env.json(&["advise", "--as-of", "2025-03-28"]);
    assert_eq!(a["verdict"], "progress");
    let order: Vec<String> = a["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{}/{}", n["kind"].as_str().unwrap(), n["exercise"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        order,
        [
            "strength/",
            "strength/heel-raises",
            "strength/sit-to-stand",
            "strength/hip-abduction",
            "strength/step-ups",
            "balance/",
            "balance/tandem-stance",
            "balance/single-leg-stance",
            "mobility/",
            "mobility/ankle-pumps",
            "mobility/ankle-circles",
            "mobility/calf-stretch",
            "mobility/tibial-glide"
        ]
    );
    // A kind whose latest session named exercises keeps its element, with last and next null.
    assert_eq!(
        a["next"][0],
        json!({"kind": "strength", "status": "same", "result": "progress", "result_trim_pct": null,
               "last_date": "2025-03-26", "last": null, "next": null, "earliest": "2025-03-28"})
    );
    assert_eq!(
        a["next"][1],
        json!({"kind": "strength", "exercise": "heel-raises", "status": "progress", "last_date": "2025-03-26",
               "last": reps(2, 10), "next": reps(2, 11)})
    );
    // Never done: the starting dose, status same; done 8 days ago, not in the program: listed after.
    assert_eq!(
        a["next"][3],
        json!({"kind": "strength", "exercise": "hip-abduction", "status": "same", "last_date": null,
               "last": null, "next": reps(2, 10)})
    );
    // Step-ups, last done 8 days before T, restart at 90% (v3 §6.4 step 2): 2 × scale(8, 90).
    assert_eq!(
        (&a["next"][4]["status"], &a["next"][4]["last"], &a["next"][4]["next"]),
        (&json!("restart"), &reps(2, 8), &reps(2, 7))
    );
    // A kind with no session at all is listed for its exercises.
    assert_eq!(
        a["next"][8],
        json!({"kind": "mobility", "status": "same", "result": "progress", "result_trim_pct": null,
               "last_date": null, "last": null, "next": null})
    );
    let text = env.ok(&["advise", "--as-of", "2025-03-28"]);
    assert!(text.contains("heel-raises"), "{text}");

    // Before any named session and with the starter program, advise keeps the shape of §6.4.
    let plain = Env::new();
    plain.log_all(&[
        "log --pain 2 --at '2025-03-26 08:00'",
        "session strength --sets 2 --reps 10 --at '2025-03-26 09:00'",
        "log --pain 2 --at '2025-03-27 08:00'",
    ]);
    let a = plain.json(&["advise", "--as-of", "2025-03-28"]);
    assert_eq!(a["next"].as_array().unwrap().len(), 1);
    // The first week holds (v3 `first-week`), and one session is not two calm ones.
    assert_eq!(a["next"][0]["next"], json!({"sets": 2, "reps": 10, "minutes": null}));
}
