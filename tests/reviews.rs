//! `footing reviewed` and the `review` item (SPEC v3 §3, §6.3), the foot check that
//! contradicts a skin flag, and §9's `done --rpe` and seated column, end to end.

mod common;

use common::{argv, snapshot, Env};
use serde_json::{json, Value};

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// A calm walker with an open sore on 2031-07-03.
fn sore() -> Env {
    let env = Env::new().now("2031-07-20 12:00");
    let mut lines = Vec::new();
    for day in 10..=30 {
        lines.push(format!("log --at '2031-06-{day:02} 07:00' --pain 1"));
        lines.push(format!("log --at '2031-06-{day:02} 10:00' --walk 20"));
    }
    lines.push("log --at '2031-07-01 07:00' --pain 1".into());
    lines.push("log --at '2031-07-03 20:30' --pain 1 --flag open-sore".into());
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    env
}

#[test]
fn a_review_is_an_item_shown_undone_deleted_and_exported() {
    let env = sore();
    let out =
        env.ok(&argv("reviewed open-sore --at '2031-07-07 11:00' --note 'dressed; keep weight off it'"));
    assert!(
        out.starts_with(
            "recorded #45 at 2031-07-07 11:00: review of open-sore, note \"dressed; keep weight off it\""
        ),
        "{out}"
    );
    let out = env.json(&argv("reviewed open-sore --cleared --at '2031-07-15 10:00'"));
    assert_eq!(
        (&out["type"], &out["flags"], &out["cleared"]),
        (&json!("review"), &json!(["open-sore"]), &json!(true))
    );
    let items = env.ok(&["history", "--items", "--from", "2031-07-07"]);
    assert!(items.contains("review of open-sore, note \"dressed; keep weight off it\""), "{items}");
    assert!(items.contains("review of open-sore, cleared"), "{items}");
    // Exported both ways, and imported back identically.
    let json_export: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let reviews: Vec<&Value> =
        json_export["items"].as_array().unwrap().iter().filter(|i| i["type"] == "review").collect();
    assert_eq!(reviews.len(), 2);
    assert_eq!((&reviews[0]["cleared"], &reviews[1]["cleared"]), (&Value::Null, &json!(true)));
    let csv = env.ok(&["export", "--format", "csv"]);
    assert!(csv.contains("\r\n46,review,2031-07-15 10:00,,,,,,,open-sore,,,,,,,,,,,,yes\r\n"), "{csv}");
    for (name, text) in [("e.json", env.ok(&["export"])), ("e.csv", csv.clone())] {
        let file = env.write(name, &text);
        let b = env.with_db(&format!("{name}.db"));
        assert_eq!(b.ok(&["import", s(&file)]), "imported 46 items, skipped 0 already stored\n");
        assert_eq!(b.ok(&["export", "--format", "csv"]), csv, "{name} round trips");
    }
    // Undo removes the latest review; delete removes the other: the sore is unreviewed again.
    assert!(env.ok(&["undo"]).starts_with("deleted #46 at 2031-07-15 10:00: review of open-sore, cleared"));
    env.ok(&["delete", "45"]);
    let v = env.json(&["advise", "--as-of", "2031-07-20"]);
    assert_eq!(v["verdict"], "see-clinician", "an unreviewed pause alarms, however old: {v}");
}

#[test]
fn seen_is_not_healed_and_cleared_restarts_gently() {
    let env = sore();
    let v = env.json(&["advise", "--as-of", "2031-07-05"]);
    assert_eq!(v["verdict"], "see-clinician");
    assert_eq!(v["next"][0]["status"], "paused");
    env.ok(&argv("reviewed open-sore --at '2031-07-07 11:00'"));
    // Reviewed: no alarm, the pause stays, its line first in the notes.
    let v = env.json(&["advise", "--as-of", "2031-07-08"]);
    assert_eq!((&v["verdict"], &v["red_flags"]), (&json!("hold"), &json!([])));
    assert_eq!(v["next"][0]["status"], "paused");
    assert_eq!(
        v["notes"][0],
        "weight-bearing work stays paused until your clinician clears the foot: `footing reviewed open-sore --cleared`"
    );
    let plan = env.json(&["plan", "--as-of", "2031-07-08"]);
    assert_eq!(plan["walk"], Value::Null);
    // Cleared on 07-15: the walk (last 06-30, W = 20) restarts at 50 % after 42 days? No: the
    // pause ended after L = 06-30 and L ≥ T−42 → 70 %: scale(20, 70) = 14.
    env.ok(&argv("reviewed open-sore --cleared --at '2031-07-15 10:00'"));
    let v = env.json(&["advise", "--as-of", "2031-07-16"]);
    assert_eq!(v["next"][0]["status"], "restart", "{v}");
    assert_eq!(v["next"][0]["next"], json!({"minutes": 14, "minutes_max": 14}));
    assert_eq!(v["notes"], json!([]));
}

#[test]
fn an_unknown_flag_names_the_nearest_and_writes_nothing() {
    let env = sore();
    let before = snapshot(&env.db);
    let err = env.fails(2, &["reviewed", "open-sores"]);
    assert!(err.contains("invalid value 'open-sores'"), "{err}");
    assert!(err.contains("did you mean open-sore?"), "{err}");
    let err = env.fails(2, &["reviewed", "balance-dorp"]);
    assert!(err.contains("did you mean balance-drop"), "{err}");
    assert_eq!(snapshot(&env.db), before);
    // A detected kind is accepted.
    assert!(env.ok(&["reviewed", "new-numbness"]).contains("silenced for 14 days while it gets no worse"));
}

#[test]
fn a_skin_flag_with_the_foot_check_is_refused_in_log_and_import() {
    let env = sore();
    let before = snapshot(&env.db);
    for flag in ["open-sore", "skin-change", "infection", "hot-foot"] {
        let err = env.fails(2, &["log", "--flag", flag, "--feet-ok"]);
        assert!(err.contains(&format!("invalid value '{flag}' for --flag")), "{err}");
        assert!(err.contains("--feet-ok says it found nothing"), "{err}");
    }
    assert_eq!(snapshot(&env.db), before);
    // Other flags go with a foot check.
    env.ok(&["log", "--flag", "night-pain", "--feet-ok", "--at", "2031-07-19 08:00"]);
    let file = env.write(
        "bad.json",
        r#"{"format": "footing", "version": 2, "items": [
{"type": "entry", "at": "2031-07-01 08:00", "flags": ["hot-foot"], "feet_ok": true}
]}"#,
    );
    let b = env.with_db("b.db");
    let err = b.fails(2, &["import", s(&file)]);
    assert!(err.contains("invalid value 'hot-foot' for flags"), "{err}");
    assert_eq!(b.json(&["history", "--items"]), json!([]), "a refused import stores nothing");
}

#[test]
fn done_rpe_needs_a_kind_when_no_strength_session_is_recorded() {
    let env = Env::new().now("2031-05-10 12:00");
    env.log_all(&["log --at '2031-05-01 07:00' --pain 2", "session heel-raises:2x8 --at '2031-05-09 17:00'"]);
    // Strength was done yesterday: today only mobility and balance are due.
    let before = snapshot(&env.db);
    let err = env.fails(2, &argv("done --rpe 6 --at '2031-05-10 10:00'"));
    assert!(err.contains("invalid value '6' for --rpe"), "{err}");
    assert!(err.contains("footing done balance --rpe 6"), "{err}");
    assert_eq!(snapshot(&env.db), before);
    // Named: the RPE goes on that kind's session only.
    env.ok(&argv("done mobility balance --rpe 6 --at '2031-05-10 10:00'"));
    let items = env.json(&["history", "--items", "--from", "2031-05-10"]);
    let rpes: Vec<(&str, &Value)> =
        items.as_array().unwrap().iter().map(|i| (i["kind"].as_str().unwrap(), &i["rpe"])).collect();
    assert_eq!(rpes, [("mobility", &json!(6)), ("balance", &json!(6))]);
}

#[test]
fn exercises_marks_the_seated_ones() {
    let env = Env::new();
    let list = env.json(&["exercises"]);
    let seated: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["seated"] == true)
        .map(|e| e["exercise"].as_str().unwrap())
        .collect();
    assert_eq!(
        seated,
        ["ankle-pumps", "ankle-circles", "toe-fans", "tibial-glide", "peroneal-glide", "sural-glide"]
    );
    assert!(env.ok(&["exercises"]).contains("┆ seated ┆"));
}

/// SPEC v3 §6.3, §11.3: a foot-heat flag pauses weight-bearing work (Charcot drills only)
/// until `reviewed foot-heat --cleared`; a plain review silences the alarm, not the pause.
#[test]
fn foot_heat_pauses_until_cleared() {
    let env = sore();
    env.ok(&argv("reviewed open-sore --cleared --at '2031-07-04 09:00'"));
    env.log_all(&[
        "temp met1:33.0:30.2 --at '2031-07-10 07:00'",
        "temp met1:32.9:30.1 --at '2031-07-12 07:00'",
    ]);
    let v = env.json(&["advise", "--as-of", "2031-07-12"]);
    assert_eq!(v["verdict"], "see-clinician", "{v}");
    assert_eq!(
        v["red_flags"],
        json!([{"kind": "foot-heat", "site": "met1", "day": "2031-07-12", "difference": 2.8, "source": "detected"}])
    );
    let walk = v["next"].as_array().unwrap().iter().find(|n| n["kind"] == "walk").unwrap().clone();
    assert_eq!(walk["status"], "paused");
    let plan = env.json(&["plan", "--as-of", "2031-07-12"]);
    let mobility =
        plan["kinds"].as_array().unwrap().iter().find(|k| k["kind"] == "mobility").unwrap().clone();
    let going: Vec<&str> = mobility["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "paused")
        .map(|e| e["exercise"].as_str().unwrap())
        .collect();
    assert_eq!(going, ["ankle-pumps", "tibial-glide"], "the starter's Charcot drills");
    env.ok(&argv("reviewed foot-heat --at '2031-07-13 09:00'"));
    let v = env.json(&["advise", "--as-of", "2031-07-13"]);
    assert_eq!((&v["verdict"], &v["red_flags"]), (&json!("hold"), &json!([])), "{v}");
    env.ok(&argv("reviewed foot-heat --cleared --at '2031-07-14 09:00'"));
    let v = env.json(&["advise", "--as-of", "2031-07-14"]);
    let walk = v["next"].as_array().unwrap().iter().find(|n| n["kind"] == "walk").unwrap().clone();
    assert_ne!(walk["status"], "paused", "{v}");
}
