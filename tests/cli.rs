//! End to end: recording and reading back (log, session, history, undo, delete, completions),
//! bad input, concurrent writers, files that are not ours, and permissions.

mod common;

use std::process::{Command, Stdio};

use chrono::{Duration, Local};
use common::{argv, mode, snapshot, Env};
use serde_json::{json, Value};

#[test]
fn log_prints_what_was_stored_and_its_id() {
    let env = Env::new();
    let out = env.ok(&argv("log --at '2025-03-01 08:00' --pain 3 --numb left-toes,both-ball --walk 20"));
    assert_eq!(
        out,
        "logged #1 at 2025-03-01 08:00: pain 3, numbness left-toes, left-ball and right-ball, walk 20 min\n"
    );
    let stored = env.json(&argv(
        r#"log --at '2025-03-01 09:00' --stance-right 12.5 --flag fall --note 'tripped, "slightly"'"#,
    ));
    assert_eq!(
        stored,
        json!({"id": 2, "type": "entry", "at": "2025-03-01 09:00", "pain": null, "numb": null,
               "stance_left": null, "stance_right": 12.5, "heel_raises": null, "walk": null,
               "flags": ["fall"], "kind": null, "sets": null, "reps": null, "minutes": null,
               "rpe": null, "note": "tripped, \"slightly\"", "feet_ok": null, "exercises": null, "test": null, "values": null, "temps": null, "cleared": null})
    );
}

#[test]
fn history_json_follows_the_daily_rules_of_section_4() {
    let env = Env::new();
    // Day 1: three pain readings (mean 13/3, worst 6), two bouts (sum 35, longest 25),
    // two stance readings per foot (best kept), two heel-raise counts (highest kept),
    // zones from two entries (union), a session of each kind, a flag.
    env.log_all(&[
        "log --at '2025-03-01 07:30' --pain 3 --numb left-toes --stance-left 9.5",
        "log --at '2025-03-01 10:00' --walk 10 --heel-raises 8",
        "log --at '2025-03-01 12:00' --pain 6 --stance-left 12 --stance-right 20.1",
        "log --at '2025-03-01 18:00' --pain 4 --walk 25 --numb right-ball --heel-raises 11",
        "log --at '2025-03-01 19:00' --stance-right 7 --flag night-pain --feet-ok",
        "session strength --at '2025-03-01 17:00' --sets 2 --reps 10 --rpe 6",
        "session balance --at '2025-03-01 17:10' --minutes 10",
        "session balance --at '2025-03-01 17:20' --minutes 5",
        // Day 2: a `none` check only. Day 3: nothing. Day 4: a note only.
        "log --at '2025-03-02 08:00' --numb none",
        "log --at '2025-03-04 08:00' --note 'rest day'",
    ]);
    let days = env.json(&["history", "--from", "2025-03-01", "--to", "2025-03-05"]);
    assert_eq!(
        days,
        json!([
            {"date": "2025-03-01", "pain": 4.33, "pain_worst": 6, "stance_left": 12.0, "stance_right": 20.1,
             "heel_raises": 11, "walk_minutes": 35, "walk_longest": 25, "numb": ["left-toes", "right-ball"],
             "sessions": {"strength": 1, "balance": 2}, "flags": ["night-pain"], "feet_ok": true},
            {"date": "2025-03-02", "pain": null, "pain_worst": null, "stance_left": null, "stance_right": null,
             "heel_raises": null, "walk_minutes": null, "walk_longest": null, "numb": [],
             "sessions": {}, "flags": [], "feet_ok": null},
            {"date": "2025-03-04", "pain": null, "pain_worst": null, "stance_left": null, "stance_right": null,
             "heel_raises": null, "walk_minutes": null, "walk_longest": null, "numb": null,
             "sessions": {}, "flags": [], "feet_ok": null}
        ])
    );
    // --days counts back from --to; the range is inclusive.
    let two = env.json(&["history", "--to", "2025-03-02", "--days", "2"]);
    assert_eq!(two.as_array().map(Vec::len), Some(2));
    let one = env.json(&["history", "--from", "2025-03-02", "--to", "2025-03-03"]);
    assert_eq!(one[0]["date"], "2025-03-02");
    assert_eq!(one.as_array().map(Vec::len), Some(1));

    let table = env.ok(&["history", "--from", "2025-03-01", "--to", "2025-03-05"]);
    // The compact columns: zones by side, sessions counted by kind, red flags under the table.
    for cell in [
        "2025-03-01 4.3/6 12/20.1   11 35/25 L toes · R ball S1 B2    ok",
        "2025-03-02     –       –    –     – none            –        –",
        "Red flags: 2025-03-01 night-pain.",
    ] {
        assert!(table.contains(cell), "{cell} missing from\n{table}");
    }
}

#[test]
fn history_defaults_to_the_last_14_days() {
    let env = Env::new();
    let today = Local::now().date_naive();
    let old = (today - Duration::days(14)).format("%Y-%m-%d 08:00").to_string();
    let recent = (today - Duration::days(13)).format("%Y-%m-%d 08:00").to_string();
    env.ok(&["log", "--at", &old, "--pain", "5"]);
    env.ok(&["log", "--at", &recent, "--pain", "4"]);
    let days = env.json(&["history"]);
    assert_eq!(days.as_array().map(Vec::len), Some(1), "{days}");
    assert_eq!(days[0]["pain"], 4.0);
}

#[test]
fn session_records_pain_before_and_after_around_it() {
    let env = Env::new();
    let stored = env.json(&argv(
        "session strength --sets 2 --reps 10 --rpe 6 --pain-before 2 --pain-after 4 --at '2025-03-01 17:00' \
         --note 'chair raises'",
    ));
    let kinds: Vec<(&str, Value)> =
        stored.as_array().unwrap().iter().map(|i| (i["type"].as_str().unwrap(), i["pain"].clone())).collect();
    assert_eq!(kinds, [("entry", json!(2)), ("session", json!(null)), ("entry", json!(4))]);
    assert_eq!(stored[1]["kind"], "strength");
    assert_eq!(stored[1]["sets"], 2);
    assert_eq!(stored[1]["reps"], 10);
    assert_eq!(stored[1]["rpe"], 6);
    assert_eq!(stored[1]["note"], "chair raises");

    let out = env.ok(&["session", "mobility", "--minutes", "12", "--at", "2025-03-01 18:00"]);
    assert_eq!(out, "logged #4 at 2025-03-01 18:00: mobility session 12 min\n");

    let items = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    let ids: Vec<i64> = items.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let table = env.ok(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert!(table.contains("#2") && table.contains("strength session 2 × 10, RPE 6"), "{table}");
}

#[test]
fn items_are_ordered_by_date_then_time_then_logging() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-02 08:00", "--pain", "1"]);
    env.ok(&["log", "--at", "2025-03-01 09:00", "--pain", "2"]);
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "4"]);
    let items = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-02"]);
    let pains: Vec<i64> = items.as_array().unwrap().iter().map(|i| i["pain"].as_i64().unwrap()).collect();
    assert_eq!(pains, [3, 4, 2, 1]);
}

#[test]
fn at_accepts_every_form_of_section_2() {
    let env = Env::new();
    let today = Local::now().date_naive();
    let cases = [
        ("2025-03-01 08:15", "2025-03-01 08:15".to_string()),
        ("2025-03-01T08:15", "2025-03-01 08:15".to_string()),
        ("00:00", today.format("%Y-%m-%d 00:00").to_string()),
    ];
    for (given, want) in cases {
        let item = env.json(&["log", "--pain", "1", "--at", given]);
        assert_eq!(item["at"], want.as_str(), "--at {given}");
    }
    for (given, day) in [
        ("2025-03-01", "2025-03-01"),
        ("today", &today.to_string()),
        ("yesterday", &(today - Duration::days(1)).to_string()),
    ] {
        let item = env.json(&["log", "--pain", "1", "--at", given]);
        assert!(item["at"].as_str().unwrap().starts_with(day), "--at {given}: {item}");
    }
}

#[test]
fn undo_and_delete_remove_one_item_and_say_which() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    env.ok(&["log", "--at", "2025-03-01 09:00", "--pain", "5"]);
    env.ok(&["log", "--at", "2025-02-01 09:00", "--walk", "12"]);
    // The most recently *recorded* item, not the latest dated.
    assert_eq!(env.ok(&["undo"]), "deleted #3 at 2025-02-01 09:00: walk 12 min\n");
    assert_eq!(env.ok(&["delete", "1"]), "deleted #1 at 2025-03-01 08:00: pain 3\n");
    let err = env.fails(2, &["delete", "1"]);
    assert!(err.contains("there is no item #1"), "{err}");
    let left = env.json(&["history", "--items", "--from", "2025-01-01", "--to", "2025-12-31"]);
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    assert_eq!(left[0]["id"], 2);
    assert_eq!(env.json(&["undo"])["pain"], 5);
    let err = env.fails(2, &["undo"]);
    assert!(err.contains("nothing to undo"), "{err}");
}

#[test]
fn delete_takes_the_id_as_history_shows_it() {
    let env = Env::new();
    env.log_all(&["log --at '2025-03-01 08:00' --pain 3", "log --at '2025-03-01 09:00' --pain 4"]);
    assert_eq!(env.ok(&["delete", "#1"]), "deleted #1 at 2025-03-01 08:00: pain 3\n");
    let left = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert_eq!(left.as_array().unwrap().iter().map(|i| i["id"].clone()).collect::<Vec<_>>(), vec![json!(2)]);
}

#[test]
fn completions_are_printed_for_each_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains("footing") && script.contains("stance-left"), "{shell}");
    }
    let err = env.fails(2, &["completions", "tcsh"]);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
    assert!(!env.db.exists(), "completions must not create a database");
}

/// Each case: arguments, and fragments the message must contain (flag, value, what is allowed).
const BAD_INPUT: &[(&[&str], &[&str])] = &[
    (&["log", "--pain", "11"], &["--pain", "'11'", "whole number from 0 to 10"]),
    (&["log", "--pain", "2.5"], &["--pain", "'2.5'", "whole number from 0 to 10"]),
    (&["log", "--pain", "-1"], &["--pain", "'-1'"]),
    (&["log", "--stance-left", "300.1"], &["--stance-left", "'300.1'", "0 to 300"]),
    (&["log", "--stance-right", "12.25"], &["--stance-right", "'12.25'", "one decimal"]),
    (&["log", "--heel-raises", "201"], &["--heel-raises", "'201'", "0 to 200"]),
    (&["log", "--walk", "0"], &["--walk", "'0'", "1 to 1440"]),
    (&["log", "--walk", "1441"], &["--walk", "'1441'", "1 to 1440"]),
    (
        &["log", "--numb", "left-knee"],
        &["--numb", "'left-knee'", "toes, ball, arch, heel, top, ankle, shin or calf"],
    ),
    (&["log", "--numb", "toes"], &["--numb", "'toes'", "left-toes, right-toes or both-toes"]),
    (&["log", "--numb", "none,left-toes"], &["--numb", "cannot be combined"]),
    (&["log", "--numb", "none", "--numb", "left-toes"], &["--numb", "cannot be combined"]),
    (&["log", "--flag", "dizzy"], &["--flag", "'dizzy'", "weakness, foot-drop"]),
    (
        &["log", "--pain", "3", "--at", "2025-02-30"],
        &["--at", "'2025-02-30'", "2025-02 has no day 30", "YYYY-MM-DD HH:MM"],
    ),
    // A date of the right shape that does not exist says what is wrong with it.
    (&["log", "--pain", "3", "--at", "2026-13-01"], &["--at", "'2026-13-01'", "there is no month 13"]),
    (&["log", "--pain", "3", "--at", "2026-13-01 08:00"], &["--at", "there is no month 13"]),
    (&["log", "--pain", "3", "--at", "2026-11-00"], &["--at", "2026-11 has no day 00"]),
    (&["log", "--pain", "3", "--at", "2026-11-20 25:10"], &["--at", "there is no hour 25 (00 to 23)"]),
    (&["log", "--pain", "3", "--at", "07:60"], &["--at", "there is no minute 60 (00 to 59)"]),
    (&["trend", "--as-of", "2026-00-10"], &["--as-of", "'2026-00-10'", "there is no month 00", "YYYY-MM-DD"]),
    (&["log", "--pain", "3", "--at", "3pm"], &["--at", "'3pm'", "HH:MM"]),
    (&["log", "--pain", "3", "--at", "2098-01-01 08:00"], &["--at", "in the future"]),
    (&["log", "--note", "  "], &["--note", "a note needs some text"]),
    (&["log"], &["nothing to log", "at least one measure"]),
    (&["log", "--pian", "3"], &["--pian"]),
    (&["session", "yoga", "--minutes", "5"], &["'yoga'", "strength, balance or mobility"]),
    // A misspelt kind suggests the kind, in `done` and `session` alike.
    (&["done", "strenght"], &["'strenght'", "did you mean strength? expected a session kind"]),
    (
        &["session", "balence", "--minutes", "5"],
        &["'balence'", "did you mean balance? expected a session kind"],
    ),
    (
        &["session", "mobilty", "ankle-pumps"],
        &["'mobilty'", "did you mean mobility? expected a session kind"],
    ),
    (&["session", "strength", "--sets", "2"], &["--sets 2", "sets need reps"]),
    (&["session", "strength", "--reps", "10"], &["--reps 10", "reps need sets"]),
    (&["session", "balance", "--sets", "2", "--reps", "5", "--minutes", "5"], &["not both"]),
    (&["session", "balance"], &["needs a volume"]),
    (&["session", "strength", "--sets", "21", "--reps", "5"], &["--sets", "'21'", "1 to 20"]),
    (&["session", "strength", "--sets", "2", "--reps", "201"], &["--reps", "'201'", "1 to 200"]),
    (&["session", "balance", "--minutes", "601"], &["--minutes", "'601'", "1 to 600"]),
    (&["session", "strength", "--sets", "2", "--reps", "8", "--rpe", "11"], &["--rpe", "'11'", "0 to 10"]),
    (&["session", "mobility", "--minutes", "5", "--pain-after", "12"], &["--pain-after", "'12'"]),
    (&["history", "--from", "2025-13-01"], &["--from", "'2025-13-01'", "YYYY-MM-DD"]),
    (
        &["history", "--from", "2025-03-05", "--to", "2025-03-01"],
        &["--from 2025-03-05", "after --to 2025-03-01"],
    ),
    (&["history", "--days", "0"], &["--days", "'0'"]),
    (&["delete", "abc"], &["'abc'", "item id"]),
    (&["delete", "#"], &["'#'", "item id"]),
    (&["log", "--pain", "３"], &["--pain", "'３'", "whole number from 0 to 10"]),
    (&["log", "--walk", "1e1"], &["--walk", "'1e1'", "1 to 1440"]),
    (&["log", "--numb", "left-toes,"], &["--numb", "'left-toes,'", "SIDE-REGION"]),
    (&["log", "--pain", "3", "--at", "2025- 3-01"], &["--at", "'2025- 3-01'", "YYYY-MM-DD"]),
    (&["log", "--pain", "3", "--at", "+202-03-01"], &["--at", "'+202-03-01'", "YYYY-MM-DD"]),
    (&["log", "--pain", "3", "--at", "2025-03-01  8:00"], &["--at", "'2025-03-01  8:00'", "HH:MM"]),
    (&["log", "--pain", "3", "--at", "2025-03-01 24:00"], &["--at", "'2025-03-01 24:00'", "HH:MM"]),
    (&["history", "--to", "2025-03- 1"], &["--to", "'2025-03- 1'", "YYYY-MM-DD"]),
    (&["history", "--from", "2098-01-01"], &["--from 2098-01-01", "is after today ("]),
];

#[test]
fn bad_input_exits_2_names_the_problem_and_writes_nothing() {
    let env = Env::new();
    // On a database that does not exist yet: nothing may be created.
    for (args, fragments) in BAD_INPUT {
        let err = env.fails(2, args);
        for f in *fragments {
            assert!(err.contains(f), "footing {args:?}: {f:?} missing from {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert!(!env.db.exists(), "footing {args:?} created the database");
    }
    // On an existing database: not a byte changes.
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    let before = snapshot(&env.db);
    for (args, _) in BAD_INPUT {
        env.fails(2, args);
        assert_eq!(snapshot(&env.db), before, "footing {args:?} changed the database");
    }
}

#[test]
fn twenty_concurrent_writers_lose_nothing() {
    let env = Env::new();
    // The database does not exist yet: the writers also race to create it.
    let children: Vec<_> = (0..24)
        .map(|i| {
            env.spawnable(&[
                "log",
                "--at",
                "2025-03-01 08:00",
                "--pain",
                &(i % 11).to_string(),
                "--note",
                &format!("writer {i}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn footing")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let items = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    let mut notes: Vec<String> =
        items.as_array().unwrap().iter().map(|i| i["note"].as_str().unwrap().to_string()).collect();
    notes.sort();
    let mut want: Vec<String> = (0..24).map(|i| format!("writer {i}")).collect();
    want.sort();
    assert_eq!(notes, want);
}

#[test]
fn writers_and_readers_together_on_an_existing_database_lose_nothing() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-02-28 08:00", "--pain", "1"]);
    let history = ["history", "--from", "2025-02-28", "--to", "2025-03-01", "--json"];
    let spawn = |args: &[&str]| {
        env.spawnable(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn footing")
    };
    let mut children = Vec::new();
    for i in 0..20 {
        let note = format!("writer {i}");
        children.push((false, spawn(&["log", "--at", "2025-03-01 08:00", "--pain", "2", "--note", &note])));
        if i % 2 == 0 {
            children.push((true, spawn(&history)));
        }
    }
    for (reader, child) in children {
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "{stderr}");
        if reader {
            let days: Value = serde_json::from_slice(&out.stdout).expect("a reader prints JSON");
            assert_eq!(days[0]["date"], json!("2025-02-28"), "{days}");
        }
    }
    let items = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert_eq!(items.as_array().unwrap().len(), 20);
    assert_eq!(env.json(&history[..5])[1]["pain"], json!(2.0));
}

#[test]
fn new_files_are_private_even_with_umask_000() {
    let env = Env::new();
    let db = env.path("a/b/footing.db");
    let status = std::process::Command::new("sh")
        .args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("footing"))
        .args(["--db", db.to_str().unwrap(), "log", "--pain", "3", "--at", "2025-03-01 08:00"])
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.path("data"))
        .env("FOOTING_DB", env.path("user.db"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&env.path("a/b")), 0o700);
    assert_eq!(mode(&env.path("a")), 0o700);
}

#[test]
fn a_read_only_database_can_still_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = env.path("ro");
    let ro = env.with_db("ro/footing.db");
    ro.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    let set =
        |p: &std::path::Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    // Readable by everyone, writable by no one: neither the file nor a -wal beside it.
    set(env.dir.path(), 0o755);
    set(&ro.db, 0o444);
    set(&dir, 0o555);
    // File permissions do not bind root: as root, run footing as `nobody` so they do.
    let root = String::from_utf8_lossy(&Command::new("id").arg("-u").output().unwrap().stdout).trim() == "0";
    let run = |args: &[&str]| {
        let bin = assert_cmd::cargo::cargo_bin!("footing");
        let mut c = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"]).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        c.arg("--db").arg(&ro.db).args(args).env("HOME", env.dir.path()).env_remove("FOOTING_DB");
        c.output().unwrap()
    };
    let read = run(&["history", "--json", "--from", "2025-03-01", "--to", "2025-03-01"]);
    let write = run(&["log", "--pain", "4"]);
    set(&dir, 0o700);
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let days: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(days[0]["pain"], json!(3.0));
    let err = String::from_utf8_lossy(&write.stderr);
    assert_eq!(write.status.code(), Some(1), "{err}");
    assert!(err.contains("could not open database") && err.contains("readonly database"), "{err}");
}

fn assert_refused(env: &Env, fragment: &str) {
    let before = std::fs::read(&env.db).unwrap();
    for args in [&["log", "--pain", "3"][..], &["history"], &["undo"], &["history", "--items"]] {
        let err = env.fails(1, args);
        assert!(err.contains(fragment), "footing {args:?}: {err}");
        assert!(err.contains("nothing was changed"), "{err}");
        assert_eq!(std::fs::read(&env.db).unwrap(), before, "footing {args:?} changed the file");
    }
    let sidecars: Vec<_> =
        std::fs::read_dir(env.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(sidecars.len(), 1, "no -wal, -shm or other files may appear: {sidecars:?}");
}

#[test]
fn a_text_file_is_refused_and_left_alone() {
    let env = Env::new();
    std::fs::write(&env.db, "shopping list: milk, eggs\n").unwrap();
    assert_refused(&env, "is not a footing database (it is not an SQLite file)");
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_alone() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');").unwrap();
    }
    assert_refused(&env, "SQLite database of another program, with tables recipes");
}

#[test]
fn another_programs_database_with_only_a_view_is_refused_and_left_alone() {
    let env = Env::new();
    rusqlite::Connection::open(&env.db).unwrap().execute_batch("CREATE VIEW answer AS SELECT 42;").unwrap();
    assert_refused(&env, "SQLite database of another program, with view answer");
}

#[test]
fn another_programs_wal_database_is_refused_without_sidecars() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE recipes (name TEXT);").unwrap();
    }
    // Closed cleanly: no -wal or -shm beside it, and reading it must not leave any.
    assert_refused(&env, "SQLite database of another program, with tables recipes");
}

#[test]
fn another_programs_leftover_wal_is_not_replayed_into_its_file() {
    let env = Env::new();
    // The other program crashed with committed rows still in its WAL: copy the pair of files
    // while its connection is open, as a crash would leave them.
    let source = env.path("other.db");
    let conn = rusqlite::Connection::open(&source).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; \
         CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
    )
    .unwrap();
    std::fs::copy(&source, &env.db).unwrap();
    std::fs::copy(env.path("other.db-wal"), env.path("footing.db-wal")).unwrap();
    drop(conn);
    let before = snapshot(&env.db);
    assert!(!before[1].is_empty(), "the test needs a WAL with content");
    for args in [&["log", "--pain", "3"][..], &["history"], &["undo"], &["export"]] {
        let err = env.fails(1, args);
        assert!(err.contains("another program, with tables recipes"), "footing {args:?}: {err}");
        assert_eq!(snapshot(&env.db), before, "footing {args:?} changed the file or its WAL");
    }
    assert!(!env.path("footing.db-journal").exists());
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;").unwrap();
    }
    assert_refused(&env, "newer footing (schema version 99");
}

#[test]
fn new_files_are_private_to_their_owner() {
    let env = Env::new();
    let nested = env.dir.path().join("a/b/footing.db");
    let db = nested.to_str().unwrap();
    env.bare().args(["--db", db, "log", "--pain", "3", "--at", "2025-03-01 08:00"]).assert().success();
    assert_eq!(mode(&nested), 0o600);
    assert_eq!(mode(nested.parent().unwrap()), 0o700);
    assert_eq!(mode(&env.dir.path().join("a")), 0o700);
    // WAL mode, so readers never block the writer.
    let conn = rusqlite::Connection::open(&nested).unwrap();
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn reading_commands_never_create_a_database() {
    let env = Env::new();
    let out = env.cmd(&["history"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing has been logged yet"));
    assert_eq!(env.json(&["history"]), json!([]));
    assert_eq!(env.json(&["history", "--items"]), json!([]));
    env.fails(2, &["undo"]);
    assert!(!env.db.exists());
}

#[test]
fn the_default_database_lives_in_footing_db_or_the_data_directory() {
    let env = Env::new();
    // FOOTING_DB (set by the harness to user.db) is used when --db is absent.
    env.bare().args(["log", "--pain", "2", "--at", "2025-03-01 08:00"]).assert().success();
    assert!(env.dir.path().join("user.db").exists());
    // Without FOOTING_DB: footing/footing.db under the platform data directory.
    env.bare()
        .env_remove("FOOTING_DB")
        .args(["log", "--pain", "2", "--at", "2025-03-01 08:00"])
        .assert()
        .success();
    assert!(env.dir.path().join("data/footing/footing.db").exists());
}

#[test]
fn help_examples_are_whole_commands_at_80_columns() {
    let env = Env::new().columns(80);
    for cmd in ["log", "session", "done", "program"] {
        let help = env.ok(&[cmd, "--help"]);
        let examples = help.split_once("Example").map(|(_, e)| e).unwrap_or_else(|| panic!("{cmd}: {help}"));
        for line in examples.lines().skip(1) {
            // A copied line must be a whole command: none may be the rest of the one before.
            assert!(line.trim_start().starts_with("footing "), "footing {cmd} --help: {line:?} in\n{help}");
        }
    }
}

/// SPEC §2: FOOTING_NOW is the clock of every command — the default `--at`, today and the
/// five-minute rule — and a malformed value is invalid input naming the variable.
#[test]
fn footing_now_sets_the_clock() {
    let env = Env::new().now("2031-04-10 07:30");
    assert_eq!(env.ok(&argv("log --pain 2")), "logged #1 at 2031-04-10 07:30: pain 2\n");
    assert_eq!(env.ok(&argv("log --at yesterday --pain 3")), "logged #2 at 2031-04-09 07:30: pain 3\n");
    // Six minutes after FOOTING_NOW is in the future, whatever the real clock says.
    let err = env.fails(2, &argv("log --at '2031-04-10 07:36' --pain 2"));
    assert!(err.contains("--at"), "{err}");
    env.ok(&argv("log --at '2031-04-10 07:35' --pain 2"));
    let today = env.json(&argv("history --days 1"));
    assert_eq!(today[0]["date"], "2031-04-10");
    let bad = Env::new().now("next tuesday");
    let err = bad.fails(2, &argv("log --pain 2"));
    assert!(
        err.contains("FOOTING_NOW") && err.contains("next tuesday") && err.contains("YYYY-MM-DD HH:MM"),
        "{err}"
    );
    assert!(!bad.db.exists(), "nothing is written when the clock is invalid");
}
