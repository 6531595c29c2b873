//! End-to-end tests for SPEC v3 §8's strict JSON import and the program rule on re-import
//! (issue 19, items 8 and 9), through the real binary.

mod common;

use common::{s, snapshot, Env};
use serde_json::Value;

/// A JSON export of `version` with these items (one per line) and top-level text after them.
fn doc(version: u64, items: &[&str], rest: &str) -> String {
    format!(
        "{{\"format\": \"footing\", \"version\": {version}, \"items\": [\n{}\n]{rest}}}\n",
        items.join(",\n")
    )
}

const PAIN: &str = r#"{"type": "entry", "at": "2031-04-01 08:00", "pain": 3}"#;
const PROGRAM: &str =
    r#", "program": [{"exercise": "toe-yoga", "sets": 2, "reps": 10, "seconds": null, "minutes": null}]"#;

#[test]
fn each_json_oddity_is_refused_naming_it_and_nothing_is_written() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--at", "2031-04-09 08:00", "--pain", "2"]);
    env.ok(&["program", "add", "step-ups"]);
    let program = env.json(&["program"]);
    let before = snapshot(&env.db);
    let twice = r#"{"type": "entry", "at": "2031-04-01 09:00", "pain": 99, "note": "x", "pain": 3}"#;
    let checked = r#"{"type": "entry", "at": "2031-04-01 09:00", "feet_ok": true}"#;
    let cases = [
        (doc(3, &[PAIN, twice], ""), "a repeated key \"pain\" in item 2 (line 3): each field may appear once"),
        (
            doc(3, &[PAIN], ",\n\"items\": [{\"type\": \"entry\", \"at\": \"2031-04-02 08:00\", \"pain\": 9}]"),
            "a second \"items\" list on line 4: the file has \"items\" on line 1 already; an export has one",
        ),
        (
            doc(3, &[PAIN], ", \"comment\": \"from my tablet\""),
            "unknown field \"comment\" on line 3: an export has only format, version, items, program, \
             program_changed_at, profile",
        ),
        (
            doc(1, &[PAIN], PROGRAM),
            "unexpected field \"program\" on line 3: a version-1 export has no program (it came with version 2)",
        ),
        (
            doc(2, &[PAIN], ", \"program_changed_at\": \"2031-04-01T08:00:00Z\""),
            "unexpected field \"program_changed_at\" on line 3: a version-2 export has no program_changed_at \
             (it came with version 3)",
        ),
        (
            doc(1, &[PAIN, checked], ""),
            "unexpected field feet_ok in item 2 (line 3): a version-1 export has no feet_ok (it came with version 2)",
        ),
    ];
    for (text, message) in cases {
        let file = env.write("odd.json", &text);
        assert_eq!(env.fails(2, &["import", s(&file)]), format!("error: {message}\n"), "{text}");
        assert_eq!(snapshot(&env.db), before, "nothing written for {text}");
    }
    assert_eq!(env.json(&["program"]), program);
    // Without the oddity, each file imports.
    let file = env.write("fine.json", doc(3, &[PAIN], PROGRAM));
    assert!(env.ok(&["import", s(&file)]).starts_with("imported 1 item, skipped 0"));
}

/// `2031-04-10T07:30:00Z` as import's message shows it: `2031-04-10 07:30:00 UTC`.
fn shown(t: &Value) -> String {
    t.as_str().unwrap().replace('T', " ").replace('Z', " UTC")
}

#[test]
fn re_importing_an_old_export_keeps_the_newer_program() {
    let a = Env::new().now("2031-04-10 07:30");
    a.ok(&["log", "--at", "2031-04-09 08:00", "--pain", "2"]);
    a.ok(&["program", "add", "toe-yoga"]);
    let first = a.json(&["export"]);
    let first_at = first["program_changed_at"].clone();
    assert!(first_at.as_str().is_some_and(|t| t.ends_with(":30:00Z")), "{first_at}");
    let old_file = a.write("old.json", a.ok(&["export"]));
    // Two days later the program changes again.
    let later = a.with_db("footing.db").now("2031-04-12 18:05");
    later.ok(&["program", "add", "step-ups"]);
    let second = later.json(&["export"]);
    assert_ne!(second["program_changed_at"], first_at);
    let new_file = later.write("new.json", later.ok(&["export"]));

    // A new database has the starter program: any file's replaces it, and keeps the file's time.
    let b = a.with_db("b.db");
    assert!(b
        .ok(&["import", s(&old_file)])
        .ends_with("your program was replaced by the file's (10 exercises)\n"));
    assert_eq!(b.json(&["export"])["program_changed_at"], first_at);
    // A later one replaces it.
    assert!(b
        .ok(&["import", s(&new_file)])
        .ends_with("your program was replaced by the file's (11 exercises)\n"));
    assert_eq!(b.json(&["export"])["program"], second["program"]);
    // The old export again: its program was not changed later, so the stored one stays.
    let before = snapshot(&b.db);
    assert_eq!(
        b.ok(&["import", s(&old_file)]),
        format!(
            "imported 0 items, skipped 1 already stored\nkept your program, which differs from the file's: \
             yours was changed on {}, the file's on {} (not later)\n",
            shown(&second["program_changed_at"]),
            shown(&first_at)
        )
    );
    assert_eq!(snapshot(&b.db), before);
    assert_eq!(b.json(&["--json", "import", s(&old_file)])["program"], "kept");
    assert_eq!(b.json(&["--json", "import", s(&new_file)])["program"], "same");
    assert_eq!(b.json(&["export"])["program"], second["program"]);

    // A version-2 export says nothing of when: it replaces only the starter program.
    let mut v2 = first.clone();
    v2["version"] = Value::from(2);
    v2.as_object_mut().unwrap().remove("program_changed_at");
    v2.as_object_mut().unwrap().remove("profile");
    for item in v2["items"].as_array_mut().unwrap() {
        for field in ["test", "values", "temps", "cleared"] {
            item.as_object_mut().unwrap().remove(field);
        }
    }
    let v2_file = a.write("v2.json", v2.to_string());
    assert_eq!(
        b.ok(&["import", s(&v2_file)]),
        "imported 0 items, skipped 1 already stored\nkept your program, which differs from the file's: the \
         file does not say when its program was changed (an export of an older footing)\n"
    );
    assert_eq!(b.json(&["export"])["program"], second["program"]);
    let c = a.with_db("c.db");
    assert!(c
        .ok(&["import", s(&v2_file)])
        .ends_with("your program was replaced by the file's (10 exercises)\n"));
    assert_eq!(c.json(&["export"])["program_changed_at"], Value::Null, "the time is not known");
    // Not knowing when the stored program was changed, a dated file does not replace it.
    assert_eq!(
        c.ok(&["import", s(&new_file)]).lines().last().unwrap(),
        "kept your program, which differs from the file's: when yours was changed is not known, so the \
         file's is not taken as newer"
    );
    // Changing it here dates it: then the newer file is taken... only when it is newer.
    c.clone().now("2031-04-11 09:00").ok(&["program", "remove", "toe-yoga"]);
    assert!(c
        .ok(&["import", s(&new_file)])
        .ends_with("your program was replaced by the file's (11 exercises)\n"));
}

#[test]
fn undo_of_a_program_change_puts_back_when_the_program_before_was_changed() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["program", "add", "toe-yoga"]);
    let first = env.json(&["export"])["program_changed_at"].clone();
    assert!(first.is_string(), "{first}");
    env.clone().now("2031-04-12 18:05").ok(&["program", "add", "step-ups"]);
    assert_ne!(env.json(&["export"])["program_changed_at"], first);
    env.ok(&["undo"]);
    let after = env.json(&["export"]);
    assert_eq!(after["program_changed_at"], first);
    assert_eq!(after["program"].as_array().unwrap().len(), 10);
}
