//! §8 after the exercise program and the foot check landed: every writing command, the
//! program, `done` groups and exports, tried to lose or damage data. Each test drives the real
//! binary on real files in a temp dir and checks the exit code, the message and the bytes.

mod common;

use std::fs;

use common::{s, Env};
use serde_json::Value;

/// A note with what a terminal acts on: an escape sequence that retitles the window, the
/// one-byte C1 escape (U+009B), DEL and a mark that reverses the text.
const NOTE: &str = "a\u{1b}]0;owned\u{7} b\u{9b}2J c\u{7f} d\u{202e}e";

#[test]
fn an_export_on_standard_output_is_the_same_as_the_file_and_keeps_every_character() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3", "--feet-ok", "--note", NOTE]);
    env.ok(&["session", "heel-raises:2x10", "--at", "2025-03-01 09:00", "--note", NOTE]);
    for format in ["csv", "json"] {
        let file = env.path(&format!("out.{format}"));
        env.ok(&["export", "--format", format, "--out", s(&file)]);
        let written = fs::read(&file).unwrap();
        // Standard output is not a terminal here: the same bytes, nothing removed.
        let out = env.cmd(&["export", "--format", format]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&written), "{format}");
        // Both import back to the same notes.
        let other = env.with_db(&format!("back-{format}.db"));
        other.ok(&["import", s(&file)]);
        let items = other.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
        let notes: Vec<&Value> = items.as_array().unwrap().iter().map(|i| &i["note"]).collect();
        assert_eq!(notes, [NOTE, NOTE], "{format}");
    }
    // CSV holds the note's own bytes; JSON says the same with escapes a terminal cannot act on.
    let csv = fs::read_to_string(env.path("out.csv")).unwrap();
    assert!(csv.contains(NOTE), "{csv:?}");
    let json = fs::read_to_string(env.path("out.json")).unwrap();
    assert!(json.contains(r#""note":"a\u001b]0;owned\u0007 b\u009b2J c\u007f d\u202ee""#), "{json}");
    // The JSON of reading commands too: exact, and nothing raw.
    let out = env.ok(&["history", "--items", "--json", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert!(!out.contains(['\u{1b}', '\u{9b}', '\u{7f}', '\u{202e}']), "{out:?}");
    let parsed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed[0]["note"], NOTE);
}

#[test]
fn a_path_in_an_error_message_is_shown_escaped() {
    let env = Env::new();
    let name = env.path("x\u{1b}]0;owned\u{7}.csv");
    let err = env.fails(1, &["import", s(&name)]);
    assert_eq!(
        err,
        format!(
            "error: could not read {}/x\\u{{1b}}]0;owned\\u{{7}}.csv: No such file or directory (os error 2)\n",
            s(env.dir.path())
        )
    );
    assert_eq!(env.files(), Vec::<String>::new());
}

/// The page where the table or index `name` starts, read through SQLite before the damage.
fn first_page(env: &Env, name: &str) -> u64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [name], |r| r.get::<_, i64>(0))
        .unwrap() as u64
}

/// Overwrites page `page` (from 1) of the database with 4 KiB of garbage.
fn garble_page(env: &Env, page: u64) {
    let mut bytes = fs::read(&env.db).unwrap();
    let at = ((page - 1) * 4096) as usize;
    bytes[at..at + 4096].fill(0xa5);
    fs::write(&env.db, bytes).unwrap();
}

/// A database with a changed program, a `done` group and an entry, and its export.
fn seeded() -> Env {
    let env = Env::new();
    env.ok(&["log", "--at", "yesterday", "--pain", "2", "--feet-ok"]);
    env.ok(&["program", "add", "toe-yoga"]);
    env.ok(&["done", "--at", "yesterday", "--pain-before", "2", "--pain-after", "3", "--rpe", "6"]);
    env.ok(&["export", "--format", "json", "--out", s(&env.path("all.json"))]);
    env
}

/// Every writing command, each with input that is valid for the database of [`seeded`].
const WRITES: &[&[&str]] = &[
    &["log", "--pain", "3"],
    &["session", "strength", "--sets", "2", "--reps", "10"],
    &["session", "heel-raises:2x10"],
    &["done"],
    &["done", "mobility"],
    &["undo"],
    &["delete", "1"],
    &["program", "add", "eversion"],
    &["program", "remove", "toe-yoga"],
    &["program", "reset"],
    &["import", "all.json"],
    &["demo"],
];

/// Runs every writing command on a copy of the damaged database: each exits 1 saying the
/// file is damaged and to restore a backup, and leaves the file (and its WAL) as it was.
fn every_write_refuses(env: &Env, problem: &str) {
    let damaged = fs::read(&env.db).unwrap();
    for args in WRITES {
        fs::write(&env.db, &damaged).unwrap();
        let before = common::snapshot(&env.db);
        let args: Vec<String> = args
            .iter()
            .map(|a| if *a == "all.json" { s(&env.path(a)).to_string() } else { a.to_string() })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = env.fails(1, &args);
        let path = s(&env.db);
        assert!(
            err.starts_with(&format!(
                "error: {path} is damaged: {problem}; nothing was written; restore a backup"
            )),
            "{args:?}: {err}"
        );
        assert_eq!(common::snapshot(&env.db), before, "{args:?} wrote into the damaged database");
    }
}

#[test]
fn garbage_in_the_program_stops_every_write_not_only_program_commands() {
    let env = seeded();
    let page = first_page(&env, "program");
    garble_page(&env, page);
    every_write_refuses(
        &env,
        &format!("page {page}, the first page of program, is not what SQLite wrote there"),
    );
}

#[test]
fn garbage_in_the_items_stops_program_commands_done_and_demo_too() {
    let env = seeded();
    let page = first_page(&env, "item");
    garble_page(&env, page);
    every_write_refuses(
        &env,
        &format!("page {page}, the first page of item, is not what SQLite wrote there"),
    );
}

#[test]
fn garbage_in_the_groups_of_done_stops_every_write() {
    let env = seeded();
    let page = first_page(&env, "item_batch");
    garble_page(&env, page);
    every_write_refuses(
        &env,
        &format!("page {page}, the first page of item_batch, is not what SQLite wrote there"),
    );
}

#[test]
fn done_refuses_a_file_that_grew_before_it_reads_the_plan() {
    let env = seeded();
    env.ok(&["done"]);
    let mut bytes = fs::read(&env.db).unwrap();
    let pages = bytes.len() / 4096;
    bytes.extend([0xa5; 4096]);
    fs::write(&env.db, &bytes).unwrap();
    // Everything due was recorded: without the check this was exit 2, "already recorded".
    let err = env.fails(1, &["done"]);
    assert!(
        err.starts_with(&format!(
            "error: {} is damaged: it holds {} pages where its header records {pages}: something was added to it; \
             nothing was written; restore a backup",
            s(&env.db),
            pages + 1
        )),
        "{err}"
    );
    assert_eq!(fs::read(&env.db).unwrap(), bytes);
}

#[test]
fn program_changes_made_at_the_same_time_are_all_kept() {
    let env = Env::new();
    env.ok(&["log", "--pain", "2"]);
    let added = [
        "toe-yoga",
        "eversion",
        "inversion",
        "short-foot",
        "step-ups",
        "toe-fans",
        "plantar-roll",
        "arch-lift",
    ];
    let removed = ["ankle-pumps", "calf-stretch"];
    let mut children: Vec<_> = added
        .iter()
        .map(|e| vec!["program", "add", e])
        .chain(removed.iter().map(|e| vec!["program", "remove", e]))
        .map(|args| {
            env.spawnable(&args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children.iter_mut() {
        assert!(child.wait().unwrap().success());
    }
    let program = env.json(&["program"]);
    let mut have: Vec<&str> =
        program["exercises"].as_array().unwrap().iter().map(|e| e["exercise"].as_str().unwrap()).collect();
    have.sort_unstable();
    let mut expected: Vec<&str> = [
        "ankle-circles",
        "tibial-glide",
        "heel-raises",
        "sit-to-stand",
        "hip-abduction",
        "tandem-stance",
        "single-leg-stance",
    ]
    .into_iter()
    .chain(added)
    .collect();
    expected.sort_unstable();
    assert_eq!(have, expected);
}

#[test]
fn import_refuses_a_session_naming_an_exercise_twice() {
    let env = seeded();
    let json = fs::read_to_string(env.path("all.json")).unwrap();
    let csv = env.path("all.csv");
    env.ok(&["export", "--format", "csv", "--out", s(&csv)]);
    let before = common::snapshot(&env.db);
    // CSV: the last session (a line near the end) names heel-raises twice.
    let text = fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.split_inclusive("\r\n").collect();
    let (n, line) = lines.iter().enumerate().rev().find(|(_, l)| l.contains("heel-raises:")).unwrap();
    let twice = line.replace("heel-raises:2x8", "heel-raises:2x8;heel-raises:2x9");
    let bad: String =
        lines.iter().enumerate().map(|(i, l)| if i == n { twice.as_str() } else { l }).collect();
    let bad_csv = env.write("twice.csv", &bad);
    let err = env.fails(2, &["import", s(&bad_csv)]);
    assert!(err.starts_with("error: invalid value 'heel-raises:2x8;heel-raises:2x9;"), "{err}");
    assert!(
        err.ends_with(&format!(
            " for exercises on line {}: heel-raises is named twice; name each exercise once\n",
            n + 1
        )),
        "{err}"
    );
    // JSON: the same session, its list with heel-raises twice.
    let mut doc: Value = serde_json::from_str(&json).unwrap();
    let items = doc["items"].as_array_mut().unwrap();
    let session = items.iter_mut().rev().find(|i| i["kind"] == "strength").unwrap();
    let first = session["exercises"][0].clone();
    session["exercises"].as_array_mut().unwrap().push(first);
    let bad_json = env.write("twice.json", serde_json::to_string_pretty(&doc).unwrap());
    let err = env.fails(2, &["import", s(&bad_json)]);
    assert!(err.contains(" for exercises in item "), "{err}");
    assert!(err.ends_with(": heel-raises is named twice; name each exercise once\n"), "{err}");
    assert_eq!(common::snapshot(&env.db), before);
    // `session` says the same.
    let err = env.fails(2, &["session", "heel-raises:2x8", "heel-raises:2x9"]);
    assert_eq!(
        err,
        "error: invalid value 'heel-raises:2x9' for EXERCISE[:DOSE]: heel-raises is named twice; name each exercise once\n"
    );
    assert_eq!(common::snapshot(&env.db), before);
}

#[test]
fn file_names_in_what_is_printed_are_shown_escaped() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    let name = "x\u{1b}]0;owned\u{7}";
    let shown = "x\\u{1b}]0;owned\\u{7}";
    let dir = s(env.dir.path()).to_string();
    // Colour forced on: the output stream passes escape sequences as a terminal would get them.
    let json = format!("{dir}/{name}.json");
    let copy = format!("{dir}/{name}.db");
    assert_eq!(
        env.ok(&["--color", "always", "export", "--out", &json]),
        format!("exported 1 item to {dir}/{shown}.json\n")
    );
    assert_eq!(
        env.ok(&["--color", "always", "backup", &copy]),
        format!("backed up 1 item to {dir}/{shown}.db\n")
    );
    let report = format!("{dir}/{name}.html");
    let out = env.ok(&["--color", "always", "report", "--as-of", "2025-03-01", "--out", &report]);
    assert!(out.ends_with(&format!(") to {dir}/{shown}.html\n")) && !out.contains('\u{1b}'), "{out:?}");
    let missing = env.with_db(&format!("{name}.db"));
    let (_, stderr) = env.with_db(&format!("none{name}.db")).ok_both(&["--color", "always", "history"]);
    assert_eq!(stderr, format!("nothing has been logged yet (no database at {dir}/none{shown}.db)\n"));
    let out = missing.ok(&["--color", "always", "check"]);
    assert!(out.starts_with(&format!("ok: {dir}/{shown}.db passed")), "{out:?}");
    // The files themselves have the names given.
    for file in [format!("{name}.json"), format!("{name}.db"), format!("{name}.html")] {
        assert!(env.files().contains(&file), "{file:?}");
    }
}

#[test]
fn demo_never_replaces_a_program_the_person_set() {
    let env = Env::new();
    env.ok(&["program", "add", "toe-yoga"]);
    let before = common::snapshot(&env.db);
    let err = env.fails(1, &["demo"]);
    assert_eq!(
        err,
        format!(
            "error: {} already holds a program of its own; the demo only fills a new or empty database, so \
             nothing was changed (choose another with --db PATH)\n",
            s(&env.db)
        )
    );
    assert_eq!(common::snapshot(&env.db), before);
    let program = env.json(&["program"]);
    assert!(
        program["exercises"].as_array().unwrap().iter().any(|e| e["exercise"] == "toe-yoga"),
        "{program}"
    );
    // A new database gets the demo's items and program at once.
    let demo = env.with_db("demo.db");
    demo.ok(&["demo"]);
    let program = demo.json(&["program"]);
    assert_eq!(program["starter"], false);
    assert!(
        program["exercises"].as_array().unwrap().iter().any(|e| e["exercise"] == "step-ups"),
        "{program}"
    );
}

#[test]
fn a_first_session_database_takes_done_groups_and_never_reuses_ids() {
    let env = Env::new();
    // The schema the first session wrote (version 2), with three items.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(include_str!("../migrations/0001_init.sql")).unwrap();
    conn.execute_batch(include_str!("../migrations/0002_activity_indexes.sql")).unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 2; PRAGMA journal_mode = WAL;
         INSERT INTO item (day, time, type, pain, note) VALUES ('2025-03-01', '08:00', 'entry', 1, 'a, \"b\"'),
             ('2025-03-01', '09:00', 'entry', 2, NULL);
         INSERT INTO item (day, time, type, kind, sets, reps, rpe)
             VALUES ('2025-03-02', '09:00', 'session', 'strength', 2, 10, 6);",
    )
    .unwrap();
    drop(conn);
    // `done` upgrades it (keeping a copy) and records one group after the old ids.
    let out = env.ok(&["done", "--pain-before", "2", "--pain-after", "3"]);
    assert!(out.starts_with("logged #4 at ") && out.contains("logged #8 at "), "{out}");
    let copy = rusqlite::Connection::open(env.path("footing.db.v2.bak")).unwrap();
    let kept: i64 = copy.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 3);
    drop(copy);
    // `undo` removes exactly the group; the old items stay with their ids.
    let undone = env.ok(&["undo"]);
    let ids: Vec<&str> = undone.lines().filter_map(|l| l.split(' ').nth(1)).collect();
    assert_eq!(ids, ["#4", "#5", "#6", "#7", "#8"], "{undone}");
    let items = env.json(&["history", "--items", "--from", "2025-03-01"]);
    let ids: Vec<i64> = items.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3]);
    // Ids never come back: not those of the undone group, not a deleted old one.
    assert_eq!(env.ok(&["delete", "3"]), "deleted #3 at 2025-03-02 09:00: strength session 2 × 10, RPE 6\n");
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-03 08:00", "--pain", "4"]),
        "logged #9 at 2025-03-03 08:00: pain 4\n"
    );
    // Export, import into a new database, export again: the same items.
    let file = env.path("all.json");
    env.ok(&["export", "--out", s(&file)]);
    let other = env.with_db("other.db");
    assert_eq!(other.ok(&["import", s(&file)]), "imported 3 items, skipped 0 already stored\n");
    assert_eq!(env.ok(&["import", s(&file)]), "imported 0 items, skipped 3 already stored\n");
    let strip = |v: Value| -> Vec<Value> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.as_object_mut().unwrap().remove("id");
                i
            })
            .collect()
    };
    let again: Value = serde_json::from_str(&other.ok(&["export"])).unwrap();
    let first: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(strip(again), strip(first));
}

#[test]
fn a_rejected_value_typed_on_the_command_line_is_shown_escaped_on_a_terminal() {
    let env = Env::new();
    let word = "x\u{1b}]0;owned\u{7}";
    // On a pseudo-terminal, where clap colours its messages and passed the value on raw.
    for args in [vec!["program", "add", word], vec!["log", "--pain", word], vec!["done", "--skip", word]] {
        let mut p = rexpect::session::spawn_command(env.spawnable(&args), Some(10_000)).unwrap();
        let out = p.exp_eof().unwrap();
        // clap's own colours stay; the typed escape sequence does not reach the terminal.
        assert!(!out.contains("\u{1b}]0;owned"), "{args:?}: {out:?}");
        assert!(out.contains("x\\u{1b}]0;owned\\u{7}"), "{args:?}: {out:?}");
        match p.process().wait().unwrap() {
            rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 2, "{args:?}"),
            other => panic!("{other:?}"),
        }
    }
    // Off a terminal, the same words.
    let err = env.fails(2, &["program", "add", word]);
    assert_eq!(
        err,
        "error: invalid value 'x\\u{1b}]0;owned\\u{7}' for '<EXERCISE>': expected an exercise of the catalogue \
         (`footing exercises` lists them)\n\nFor more information, try '--help'.\n"
    );
    assert_eq!(env.files(), Vec::<String>::new());
}

#[test]
fn an_import_whose_program_cannot_be_stored_stores_no_items_either() {
    let env = seeded();
    let file = env.path("all.json");
    let target = env.with_db("target.db");
    target.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "1"]);
    // Storing a program fails in this database (as a full disk would fail it).
    let conn = rusqlite::Connection::open(&target.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER no_program BEFORE INSERT ON program BEGIN SELECT RAISE(ABORT, 'no room'); END;",
    )
    .unwrap();
    drop(conn);
    let before = common::snapshot(&target.db);
    let err = target.fails(1, &["import", s(&file)]);
    assert_eq!(err, format!("error: could not save to {}: no room\n", s(&target.db)));
    assert_eq!(common::snapshot(&target.db), before, "nothing of the file was stored");
    let items = target.json(&["history", "--items", "--from", "2025-03-01"]);
    assert_eq!(items.as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_program_entry_on_the_last_line_is_named_by_its_line_and_changes_nothing() {
    let env = seeded();
    let json = fs::read_to_string(env.path("all.json")).unwrap();
    let before = common::snapshot(&env.db);
    // The last element of the program: an exercise that does not exist, then a dose of the
    // wrong form.
    let mut doc: Value = serde_json::from_str(&json).unwrap();
    let last = doc["program"].as_array().unwrap().len();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let line = |text: &str, needle: &str| text[..text.rfind(needle).unwrap()].lines().count();
    doc["program"][last - 1]["exercise"] = Value::from("toe-yogo");
    let bad = serde_json::to_string_pretty(&doc).unwrap();
    // The element's `{` is on the line above its "exercise".
    let at = line(&bad, "\"toe-yogo\"") - 1;
    let file = env.write("bad.json", &bad);
    let err = env.fails(2, &["import", s(&file)]);
    assert!(
        err.starts_with(&format!(
            "error: invalid program: element {last} (line {at}): unknown exercise 'toe-yogo': did you mean toe-yoga?"
        )),
        "{err}"
    );
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["program"][last - 1]["reps"] = Value::Null;
    doc["program"][last - 1]["seconds"] = Value::from(20);
    let bad = serde_json::to_string_pretty(&doc).unwrap();
    let at = line(&bad, "\"exercise\": \"toe-yoga\"") - 1;
    let file = env.write("bad.json", &bad);
    let err = env.fails(2, &["import", s(&file)]);
    assert!(
        err.starts_with(&format!("error: invalid program: element {last} (line {at}): toe-yoga is dosed")),
        "{err}"
    );
    assert_eq!(common::snapshot(&env.db), before);
}
