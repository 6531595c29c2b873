//! Home tests, foot temperatures and the profile (SPEC §11) through the real binary.

mod common;

use common::{snapshot, Env};
use serde_json::{json, Value};

fn env() -> Env {
    Env::new().now("2031-04-10 07:30")
}

#[test]
fn a_profile_and_tests_read_through_tests_json() {
    let env = env();
    env.ok(&["profile", "--born", "1960", "--sex", "female", "--name", "Ann"]);
    env.log_all(&[
        "test chair-stand 9 --at 2031-02-01",
        "test chair-stand 11 --at 2031-03-01",
        "test chair-stand 12 --at 2031-04-01",
        "test tug 14.0 --at 2031-02-01",
        "test tug 11.9 --at 2031-04-02",
        "test four-stage 10 10 6 --at 2031-04-03",
        "test heel-raise --left 14 --right 21 --at 2031-04-04",
        "log --stance-left 8.5 --stance-right 31 --at 2031-04-05",
    ]);
    let got = env.json(&["tests"]);
    // Born 1960, tested in 2031: 71, women 70–74 (10–15, STEADI line 10). 9 → 12 is +3,
    // real; 11 → 12 is +1, noise.
    assert_eq!(
        got,
        json!([
            {"test": "chair-stand", "latest": {"date": "2031-04-01", "values": [12]},
             "norm": {"low": 10, "high": 15, "band": "women 70–74"}, "missing": [], "fall_risk": false,
             "since_first": {"change": 3, "real": true}, "since_previous": {"change": 1, "real": false}},
            {"test": "four-stage", "latest": {"date": "2031-04-03", "values": [10, 10, 6]},
             "norm": null, "missing": [], "fall_risk": true, "since_first": null, "since_previous": null},
            // 14.0 → 11.9 s: −2.1 s, real; under the 12 s line.
            {"test": "tug", "latest": {"date": "2031-04-02", "values": [11.9]},
             "norm": null, "missing": [], "fall_risk": false,
             "since_first": {"change": -2.1, "real": true}, "since_previous": {"change": -2.1, "real": true}},
            {"test": "heel-raise", "latest": {"date": "2031-04-04", "values": [14, 21]},
             "norm": {"low": 21, "high": 25, "band": "women (median 21); about 25 is usual"}, "missing": [],
             "fall_risk": false, "since_first": null, "since_previous": null},
            // Springer 70–79: 21.5 s; 8.5 s is under the 30 s line.
            {"test": "single-leg-stance", "latest": {"date": "2031-04-05", "values": [8.5, 31]},
             "norm": {"low": 21.5, "high": 21.5, "band": "ages 70–79, eyes open"}, "missing": [],
             "fall_risk": true, "since_first": null, "since_previous": null}
        ])
    );
    let text = env.ok(&["tests"]);
    assert!(text.starts_with("Take each test with someone beside you and a counter in reach.\n"), "{text}");
    assert!(text.contains("  within the usual range for women 70–74 (10–15 stands)\n"), "{text}");
    assert!(text.contains("  +3 stands since the first result (2031-02-01): a real change\n"), "{text}");
    assert!(
        text.contains("  +1 stand since the previous result (2031-03-01): within measurement noise\n"),
        "{text}"
    );
    assert!(
        text.contains("  tandem stance not held for 10 s: below the fall-risk line — talk to your physiotherapist about it\n"),
        "{text}"
    );
    assert!(text.contains("  the left foot did 7 fewer: a gap of 7 or more\n"), "{text}");
    assert!(!text.contains("Not taken yet"), "{text}");
    let env = env.with_db("other.db");
    env.ok(&["test", "tug", "10"]);
    assert!(env.ok(&["tests"]).ends_with(
        "\nNot taken yet: chair-stand, four-stage, heel-raise (`footing test --help` says how).\n"
    ));
}

#[test]
fn without_a_profile_tests_say_what_is_missing() {
    let env = env();
    env.ok(&["test", "chair-stand", "12"]);
    let got = env.json(&["tests"]);
    assert_eq!(got[0]["norm"], Value::Null);
    assert_eq!(got[0]["missing"], json!(["born", "sex"]));
    let text = env.ok(&["tests"]);
    assert!(
        text.contains("no norm shown: the norm needs your birth year and sex: `footing profile --born YEAR --sex female|male`"),
        "{text}"
    );
    // Born 1972: 59 in 2031, below the table.
    env.ok(&["profile", "--born", "1972", "--sex", "male"]);
    assert!(env.ok(&["tests"]).contains("no norm for this age (59; the table covers 60–94)"));
    let got = env.json(&["tests"]);
    assert_eq!((got[0]["norm"].clone(), got[0]["missing"].clone()), (Value::Null, json!([])));
}

#[test]
fn the_profile_is_checked_shown_changed_and_undone() {
    let env = env();
    for (args, msg) in [
        (
            vec!["profile", "--born", "1899"],
            "invalid value '1899' for --born: expected a birth year from 1900 to 2031",
        ),
        (
            vec!["profile", "--born", "2032"],
            "invalid value '2032' for --born: expected a birth year from 1900 to 2031",
        ),
        (vec!["profile", "--sex", "f"], "expected female or male"),
        (vec!["profile", "--name", " "], "a name needs some text"),
    ] {
        let err = env.fails(2, &args);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    assert!(!env.db.exists(), "a refused profile creates nothing");
    env.ok(&["profile", "--born", "1900", "--sex", "male"]);
    env.ok(&["log", "--pain", "2"]);
    env.ok(&["profile", "--name", "Bo"]);
    assert_eq!(env.json(&["profile"]), json!({"born": 1900, "sex": "male", "name": "Bo"}));
    let before = snapshot(&env.db);
    env.fails(2, &["profile", "--born", "31"]);
    assert_eq!(snapshot(&env.db), before, "a refused change writes nothing");
    // Undo reverts the newest change first: the name, then the pain entry, then the rest.
    let out = env.ok(&["undo"]);
    assert!(out.starts_with("reverted the profile change (born 1900, male, name \"Bo\")"), "{out}");
    assert_eq!(env.json(&["profile"]), json!({"born": 1900, "sex": "male", "name": null}));
    assert!(env.ok(&["undo"]).starts_with("deleted #"), "the pain entry");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["profile"]), json!({"born": null, "sex": null, "name": null}));
}

#[test]
fn test_values_are_validated_and_nothing_is_stored() {
    let env = env();
    env.ok(&["log", "--pain", "1"]);
    let before = snapshot(&env.db);
    for (args, msg) in [
        (
            vec!["test", "chair-stand", "61"],
            "invalid value '61' for VALUE: expected a whole number from 0 to 60",
        ),
        (
            vec!["test", "chair-stand", "12.5"],
            "invalid value '12.5' for VALUE: expected a whole number from 0 to 60",
        ),
        (vec!["test", "chair-stand"], "invalid chair-stand result: chair-stand takes one number"),
        (
            vec!["test", "tug", "2.9"],
            "invalid value '2.9' for VALUE: expected seconds from 3 to 120 with at most one decimal",
        ),
        (vec!["test", "tug", "12.25"], "with at most one decimal"),
        (vec!["test", "tug", "-4"], "invalid value '-4' for VALUE"),
        (vec!["test", "four-stage", "10", "10", "10", "10", "10"], "1 to 4 numbers"),
        (vec!["test", "four-stage", "10.5"], "expected seconds from 0 to 10"),
        (vec!["test", "four-stage", "10", "7", "4"], "stage 3 follows only a stage held for 10 s"),
        (
            vec!["test", "heel-raise", "--left", "151", "--right", "3"],
            "invalid value '151' for --left: expected a whole number from 0 to 150",
        ),
        (vec!["test", "heel-raise", "--left", "15"], "missing --right"),
        (vec!["test", "heel-raise", "12", "14"], "heel-raise takes its numbers as --left N --right N"),
        (vec!["test", "tug", "12", "--left", "3"], "only heel-raise takes --left and --right"),
        (vec!["test", "tug", "12", "--arms"], "only chair-stand takes --arms"),
        (vec!["test", "chair", "12"], "did you mean chair-stand?"),
        (vec!["test", "tug", "12", "--at", "2031-04-10 08:00"], "--at"),
    ] {
        let err = env.fails(2, &args);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    assert_eq!(snapshot(&env.db), before);
    // With --arms the score is 0 whatever was given, and the value may be left out.
    assert!(env.ok(&["test", "chair-stand", "--arms"]).contains(": chair-stand 0 stands\n"));
    assert!(env.ok(&["test", "chair-stand", "8", "--arms"]).contains(": chair-stand 0 stands\n"));
}

#[test]
fn tests_and_temperatures_are_items_like_any_other() {
    let env = env();
    let out = env.ok(&["test", "tug", "12.4", "--note", "slow turn"]);
    assert!(out.starts_with("logged #1 at 2031-04-10 07:30: tug 12.4 s, note \"slow turn\"\n"), "{out}");
    assert!(out
        .contains("  12 s or more: in the range linked to falls — talk to your physiotherapist about it\n"));
    env.ok(&["temp", "hallux:31.2:30.8", "heel:30:29.5"]);
    let items = env.ok(&["history", "--items"]);
    assert!(items.contains("tug 12.4 s, note \"slow turn\""), "{items}");
    assert!(items.contains("foot temperatures (°C, left/right) hallux 31.2/30.8, heel 30.0/29.5"), "{items}");
    let got = env.json(&["history", "--items"]);
    assert_eq!(
        (got[0]["type"].clone(), got[0]["test"].clone(), got[0]["values"].clone()),
        (json!("test"), json!("tug"), json!([12.4]))
    );
    assert_eq!(got[1]["temps"], json!(["hallux:31.2:30.8", "heel:30.0:29.5"]));
    assert!(env.ok(&["undo"]).starts_with("deleted #2 at 2031-04-10 07:30: foot temperatures"));
    assert!(env.ok(&["delete", "1"]).starts_with("deleted #1 at 2031-04-10 07:30: tug 12.4 s"));
    assert_eq!(env.json(&["tests"]), json!([]));
}

#[test]
fn temperatures_are_checked_in_either_unit() {
    let env = env();
    for (args, msg) in [
        (
            vec!["temp", "hallux:42.1:30"],
            "invalid value 'hallux:42.1:30' for SITE:LEFT:RIGHT: left hallux: expected °C from 15 to 42",
        ),
        (vec!["temp", "hallux:30:14.9"], "right hallux: expected °C from 15 to 42"),
        (vec!["temp", "hallux:30.25:30"], "with at most one decimal"),
        (vec!["temp", "toe:30:30"], "expected a site: hallux, met1, met3, met5, midfoot or heel"),
        (vec!["temp", "hallux:30"], "expected SITE:LEFT:RIGHT"),
        (vec!["temp", "hallux:30:30", "hallux:31:31"], "hallux is given twice"),
        (
            vec!["temp", "hallux:58.9:60", "--unit", "f"],
            "left hallux: expected °F (with --unit f) from 59 to 107.6",
        ),
        (vec!["temp", "hallux:60:107.7", "--unit", "f"], "right hallux: expected °F"),
        (vec!["temp", "hallux:30:30", "--unit", "k"], "--unit"),
    ] {
        let err = env.fails(2, &args);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    assert!(!env.db.exists());
    // The °F edges are the °C edges: 59.0 °F is 15.0 °C and 107.6 °F is 42.0 °C.
    env.ok(&["temp", "hallux:59:107.6", "--unit", "f"]);
    let got = env.json(&["history", "--items"]);
    assert_eq!(got[0]["temps"], json!(["hallux:15.0:42.0"]));
}

#[test]
fn temp_alone_shows_14_days_marked_above_2_2() {
    let env = env();
    env.log_all(&[
        // T−14: outside the 14 days.
        "temp met1:35:30 --at '2031-03-27 07:00'",
        // T−13: 2.2 °C exactly, not marked.
        "temp met1:32.2:30.0 heel:30:30.5 --at '2031-03-28 07:00'",
        // 2.3 °C at heel (right warmer); the later reading that day does not count.
        "temp met1:30:30 heel:30:32.3 --at '2031-04-01 07:00'",
        "temp met1:36:30 --at '2031-04-01 20:00'",
    ]);
    let text = env.ok(&["temp"]);
    assert!(!text.contains("2031-03-27"), "{text}");
    assert!(text.contains("  2031-03-28  met1     left 32.2 °C  right 30.0 °C  +2.2 °C\n"), "{text}");
    assert!(text.contains("  2031-04-01  heel     left 30.0 °C  right 32.3 °C  −2.3 °C *\n"), "{text}");
    // Two hot dates, but 03-27 and 04-01 are 5 days apart, and at different sites.
    assert!(!text.contains("foot-heat"), "{text}");
    // In °F: 32.2 and 30.0 °C are 90.0 and 86.0 °F, 4.0 °F apart, not marked.
    let text = env.ok(&["temp", "--unit", "f"]);
    assert!(text.contains("  2031-03-28  met1     left 90.0 °F  right 86.0 °F  +4.0 °F\n"), "{text}");
    assert!(text.contains("  2031-04-01  heel     left 86.0 °F  right 90.1 °F  −4.1 °F *\n"), "{text}");
    let got = env.json(&["temp"]);
    assert_eq!(got["days"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        got["days"][1],
        json!({"date": "2031-04-01", "site": "heel", "left": 30, "right": 32.3, "difference": -2.3, "above": true})
    );
    assert_eq!(got["foot_heat"], Value::Null);
}

#[test]
fn two_hot_dates_at_one_site_raise_foot_heat_until_two_normal_dates() {
    let env = env();
    let first = env.ok(&["temp", "met1:33.0:30.5", "--at", "2031-04-06 07:00"]);
    // One warm day is no flag yet, and says what to do next.
    assert!(!first.contains("Red flag"), "{first}");
    assert!(first.contains("One warm day alone is not a red flag: measure again tomorrow"), "{first}");
    let out = env.ok(&["temp", "met1:32.9:30.5", "--at", "2031-04-09 07:00"]);
    assert!(
        out.contains("Red flag: foot-heat: the left foot is warmer by 2.4 °C at met1 on 2031-04-09.\n"),
        "{out}"
    );
    assert!(!out.contains("One warm day"), "{out}");
    assert!(out.contains("rest your feet and contact your foot clinician today"), "{out}");
    // It stays while nothing new is measured, and when only other sites are measured.
    env.ok(&["temp", "heel:30:30", "--at", "2031-04-09 09:00"]);
    let later = env.clone().now("2031-06-01 08:00");
    assert_eq!(
        later.json(&["temp"])["foot_heat"],
        json!({"site": "met1", "day": "2031-04-09", "difference": 2.4})
    );
    // One normal date does not lift it; a second consecutive one does.
    later.ok(&["temp", "met1:31:30", "heel:30:30", "--at", "2031-05-01 07:00"]);
    assert!(later.json(&["temp"])["foot_heat"].is_object());
    later.ok(&["temp", "met1:31:30", "--at", "2031-05-02 07:00"]);
    assert_eq!(later.json(&["temp"])["foot_heat"], Value::Null);
}

#[test]
fn cautions_for_the_risky_tests_go_to_stderr_and_the_result_is_stored() {
    let env = env();
    const CAUTION: &str =
        "caution: take this test only with someone beside you until your clinician says otherwise";
    // No risk yet: no caution.
    let (_, err) = env.ok_both(&["test", "heel-raise", "--left", "10", "--right", "10"]);
    assert!(err.is_empty(), "{err}");
    // A stance under 5 s: the one-leg stage and the heel raise get the caution, the rest not.
    env.ok(&["log", "--stance-left", "4.9", "--stance-right", "20"]);
    let (out, err) = env.ok_both(&["test", "four-stage", "10", "10", "10", "2"]);
    assert!(out.starts_with("logged #"), "{out}");
    assert_eq!(err.trim_end(), CAUTION);
    let (_, err) = env.ok_both(&["test", "heel-raise", "--left", "10", "--right", "10"]);
    assert_eq!(err.trim_end(), CAUTION);
    let (_, err) = env.ok_both(&["test", "four-stage", "10", "10", "10"]);
    assert!(err.is_empty(), "{err}");
    // 5.0 s is not under 5 s; a reported fall is a risk.
    env.ok(&["log", "--stance-left", "5", "--stance-right", "20", "--at", "2031-04-10 07:31"]);
    let env = env.now("2031-04-10 08:00");
    let (_, err) = env.ok_both(&["test", "heel-raise", "--left", "10", "--right", "10"]);
    assert!(err.is_empty(), "{err}");
    env.ok(&["log", "--flag", "fall"]);
    let (_, err) = env.ok_both(&["test", "heel-raise", "--left", "10", "--right", "10"]);
    assert_eq!(err.trim_end(), CAUTION);
    assert_eq!(env.json(&["tests"])[1]["test"], "heel-raise");
}

#[test]
fn help_states_the_safety_words_and_the_protocol() {
    let env = env();
    let help = env.ok(&["test", "--help"]);
    assert!(help.contains("Take every test with someone beside you"), "{help}");
    assert!(help.contains("With someone beside you and a counter in reach, always."), "{help}");
    let help = env.ok(&["temp", "--help"]);
    for words in
        ["after ten minutes barefoot at rest, before walking", "after an amputation", "2.2 °C (4 °F)"]
    {
        assert!(help.contains(words), "{words}: {help}");
    }
    let help = env.ok(&["tests", "--help"]);
    assert!(help.contains("with someone beside you and a counter in reach"), "{help}");
}

#[test]
fn export_import_export_is_identical_with_every_new_item_type() {
    let a = env();
    a.ok(&["profile", "--born", "1955", "--sex", "male", "--name", "Bo \"the\" walker"]);
    a.log_all(&[
        "log --pain 3 --at 2031-04-01",
        "test chair-stand 12 --at 2031-04-01 --note 'first, try'",
        "test four-stage 10 10 10 4.5 --at 2031-04-02",
        "test tug 9.8 --at 2031-04-03",
        "test heel-raise --left 20 --right 13 --at 2031-04-04",
        "test chair-stand --arms --at 2031-04-05",
        "temp hallux:31.2:30.8 met5:29.0:29.4 midfoot:30:30 --at 2031-04-06",
        "temp met1:90.2:86 --unit f --at 2031-04-07",
    ]);
    let json1 = a.ok(&["export"]);
    let doc: Value = serde_json::from_str(&json1).unwrap();
    assert_eq!(doc["version"], 3);
    assert_eq!(doc["profile"], json!({"born": 1955, "sex": "male", "name": "Bo \"the\" walker"}));
    let csv1 = a.ok(&["export", "--format", "csv"]);
    assert!(csv1.lines().next().unwrap().ends_with(",feet_ok,exercises,test,values,temps,cleared"), "{csv1}");
    assert!(csv1.contains(",four-stage,10;10;10;4.5,,\r\n"), "{csv1}");
    assert!(csv1.contains(",,,met1:32.3:30.0,\r\n"), "{csv1}");

    for (name, file) in [("json", a.write("a.json", &json1)), ("csv", a.write("a.csv", &csv1))] {
        let b = a.with_db(&format!("{name}.db"));
        b.ok(&["import", file.to_str().unwrap()]);
        let again = if name == "json" { b.ok(&["export"]) } else { b.ok(&["export", "--format", "csv"]) };
        assert_eq!(again, if name == "json" { json1.clone() } else { csv1.clone() }, "{name}");
        // Re-importing adds nothing.
        assert!(b.ok(&["import", file.to_str().unwrap()]).starts_with("imported 0 items, skipped 8"));
        if name == "csv" {
            // CSV carries the items only: no profile.
            assert_eq!(b.json(&["profile"]), json!({"born": null, "sex": null, "name": null}));
        }
    }
}

#[test]
fn import_reads_versions_1_and_2_and_checks_the_new_fields() {
    let env = env();
    let v2 = env.write(
        "v2.json",
        r#"{"format": "footing", "version": 2, "items": [{"type": "entry", "at": "2031-01-01 08:00", "pain": 2}], "program": null}"#,
    );
    assert!(env.ok(&["import", v2.to_str().unwrap()]).starts_with("imported 1 item"));
    let v1 = env.write("v1.csv", "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note\n1,entry,2031-01-02 08:00,3,,,,,,,,,,,,\n");
    assert!(env.ok(&["import", v1.to_str().unwrap()]).starts_with("imported 1 item"));
    let v2 = env.write("v2.csv", "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note,feet_ok,exercises\n1,entry,2031-01-02 09:00,4,,,,,,,,,,,,,yes,\n");
    assert!(env.ok(&["import", v2.to_str().unwrap()]).starts_with("imported 1 item"));
    // Values and temperatures may also come as one `;`-joined string, as in CSV.
    let joined = env.write(
        "joined.json",
        json!({"format": "footing", "version": 3, "items": [
            {"type": "test", "at": "2031-01-04 08:00", "test": "four-stage", "values": "10;10;6"},
            {"type": "temp", "at": "2031-01-04 08:00", "temps": "heel:30.0:29.5;hallux:31:31"}]})
        .to_string(),
    );
    assert!(env.ok(&["import", joined.to_str().unwrap()]).starts_with("imported 2 items"));
    let items = env.json(&["history", "--items", "--from", "2031-01-04", "--to", "2031-01-04"]);
    assert_eq!(items[0]["values"], json!([10, 10, 6]));
    assert_eq!(items[1]["temps"], json!(["hallux:31.0:31.0", "heel:30.0:29.5"]));
    let before = snapshot(&env.db);
    for (doc, msg) in [
        (
            json!({"type": "test", "at": "2031-01-03 08:00", "test": "tug", "values": [2.9]}),
            "invalid value '2.9' for values in item 1",
        ),
        (
            json!({"type": "test", "at": "2031-01-03 08:00", "test": "walk", "values": [3]}),
            "for test in item 1",
        ),
        (json!({"type": "test", "at": "2031-01-03 08:00", "test": "tug"}), "missing values in item 1"),
        (
            json!({"type": "test", "at": "2031-01-03 08:00", "test": "tug", "values": [12], "pain": 3}),
            "for pain in item 1",
        ),
        (json!({"type": "entry", "at": "2031-01-03 08:00", "pain": 3, "test": "tug"}), "for test in item 1"),
        (json!({"type": "temp", "at": "2031-01-03 08:00", "temps": ["hallux:43:30"]}), "for temps in item 1"),
        (json!({"type": "temp", "at": "2031-01-03 08:00"}), "missing temps in item 1"),
    ] {
        let file =
            env.write("bad.json", json!({"format": "footing", "version": 3, "items": [doc]}).to_string());
        let err = env.fails(2, &["import", file.to_str().unwrap()]);
        assert!(err.contains(msg), "{doc}: {err}");
    }
    let file = env
        .write("bad.json", r#"{"format": "footing", "version": 3, "items": [], "profile": {"born": 1850}}"#);
    let err = env.fails(2, &["import", file.to_str().unwrap()]);
    assert!(err.contains("invalid profile: born '1850': expected a birth year from 1900 to 2031"), "{err}");
    assert_eq!(snapshot(&env.db), before);
    // A profile in the file is set, and undo reverts it.
    let file = env.write("p.json", r#"{"format": "footing", "version": 3, "items": [], "profile": {"born": 1950, "sex": "female", "name": null}}"#);
    assert!(env
        .ok(&["import", file.to_str().unwrap()])
        .ends_with("your profile was set to the file's (footing profile shows it)\n"));
    assert_eq!(env.json(&["profile"])["born"], 1950);
    // The same profile again changes nothing and says nothing about it.
    assert_eq!(env.ok(&["import", file.to_str().unwrap()]), "imported 0 items, skipped 0 already stored\n");
    env.ok(&["undo"]);
    assert_eq!(env.json(&["profile"])["born"], Value::Null);
}

#[test]
fn trend_lists_the_tests_taken_in_either_window() {
    let env = env();
    env.log_all(&[
        // T = 2031-04-10: now = 03-28 … 04-10, before = 03-14 … 03-27.
        "test tug 13.0 --at 2031-03-13",
        "test chair-stand 9 --at 2031-03-14",
        "test chair-stand 10 --at 2031-03-20",
        "test chair-stand 12 --at 2031-04-09",
        "log --stance-left 12 --at 2031-03-30",
    ]);
    let got = env.json(&["trend"]);
    assert_eq!(
        got["tests"],
        json!([
            {"test": "chair-stand", "previous": {"date": "2031-03-20", "values": [10]},
             "current": {"date": "2031-04-09", "values": [12]}},
            {"test": "single-leg-stance", "previous": null, "current": {"date": "2031-03-30", "values": [12, null]}}
        ])
    );
    let text = env.ok(&["trend"]);
    assert!(text.contains("  chair-stand: before 10 (2031-03-20), now 12 (2031-04-09)\n"), "{text}");
    assert!(!text.contains("tug:"), "{text}");
}

#[test]
fn the_report_has_a_home_tests_section_and_the_temperature_chart() {
    let env = env();
    let out = env.path("r.html");
    env.ok(&["log", "--pain", "2", "--at", "2031-03-01"]);
    env.ok(&["report", "--out", out.to_str().unwrap()]);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(!page.contains("id=\"home-tests\""), "no section without tests or temperatures");
    env.ok(&["profile", "--born", "1958", "--sex", "female"]);
    env.log_all(&[
        "test chair-stand 9 --at 2031-03-02",
        "test chair-stand 12 --at 2031-04-02",
        "test tug 12.5 --at 2031-04-03",
        "temp met1:33:30.5 --at 2031-04-08",
    ]);
    env.ok(&["report", "--out", out.to_str().unwrap(), "--force"]);
    let page = std::fs::read_to_string(&out).unwrap();
    for part in [
        "<section id=\"home-tests\">",
        "<h2>Home tests</h2>",
        "id=\"chart-test-chair-stand\"",
        "id=\"chart-test-tug\"",
        "id=\"chart-foot-temperature\"",
        "usual 10–15",
        "fall-risk line 10",
        "2.2 °C",
        "within the usual range for women 70–74 (10–15 stands)",
        "+3 (real)",
    ] {
        assert!(page.contains(part), "{part}");
    }
    assert!(!page.contains("id=\"chart-test-heel-raise\""), "only the tests taken");
    // The section comes before the notes.
    assert!(page.find("id=\"home-tests\"") < page.find("id=\"notes\""));
}

#[test]
fn a_raised_foot_heat_counts_as_a_pause_for_the_cautions() {
    let env = env();
    env.ok(&["temp", "heel:33:30", "--at", "2031-04-08 07:00"]);
    let (_, err) = env.ok_both(&["test", "heel-raise", "--left", "10", "--right", "10"]);
    assert!(err.is_empty(), "one hot date is no flag: {err}");
    env.ok(&["temp", "heel:33:30", "--at", "2031-04-09 07:00"]);
    let (_, err) = env.ok_both(&["test", "heel-raise", "--left", "10", "--right", "10"]);
    assert!(err.starts_with("caution: take this test only with someone beside you"), "{err}");
}

#[test]
fn tests_temp_and_profile_fit_every_width_without_splitting_words() {
    let words = |t: &str| -> std::collections::BTreeSet<String> {
        t.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    let env = env();
    env.ok(&["demo", "--days", "84"]);
    assert!(env.ok(&["tests"]).contains("chair-stand (30-second chair stand): 13 stands on"));
    assert_eq!(env.json(&["temp"])["days"].as_array().map(Vec::len), Some(14));
    for args in [vec!["tests"], vec!["temp"], vec!["temp", "--unit", "f"], vec!["profile"]] {
        let known = words(&env.clone().columns(common::WIDE).ok(&args));
        for width in [60u16, 80] {
            let text = env.clone().columns(width).ok(&args);
            for line in text.lines() {
                assert!(line.chars().count() <= usize::from(width), "{args:?} at {width}:\n{text}");
            }
            for w in words(&text) {
                assert!(known.contains(&w), "{args:?} at {width}: `{w}` split:\n{text}");
            }
        }
    }
}
