//! End to end: the foot check (`log --feet-ok`) stored, shown, exported and imported, and
//! adherence (§9.5) in `trend`, on a real database in a temp dir.

mod common;

use common::{argv, s, snapshot, Env};
use serde_json::{json, Value};

const HEADER_V1: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note";

fn env() -> Env {
    Env::new().no_color()
}

/// The export's items without their ids.
fn items_without_ids(env: &Env) -> Vec<Value> {
    let export: Value = serde_json::from_str(&env.ok(&["export"])).expect("JSON export");
    export["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.as_object_mut().unwrap().remove("id");
            i
        })
        .collect()
}

#[test]
fn the_foot_check_alone_is_an_entry_and_is_shown_everywhere() {
    let env = env();
    let out = env.ok(&argv("log --at '2025-03-01 08:00' --feet-ok"));
    assert_eq!(out, "logged #1 at 2025-03-01 08:00: feet checked, nothing found\n");
    let stored = env.json(&argv("log --at '2025-03-01 09:00' --pain 3 --feet-ok"));
    assert_eq!(stored["feet_ok"], json!(true));
    assert_eq!(stored["pain"], json!(3));
    let plain = env.json(&argv("log --at '2025-03-02 09:00' --pain 2"));
    assert_eq!(plain["feet_ok"], Value::Null);

    // history --items lists it; history shows the day's check; --json: true, or null when
    // no entry that day had it.
    let items = env.ok(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-02"]);
    assert!(items.contains("pain 3, feet checked, nothing found"), "{items}");
    let table = env.ok(&["history", "--from", "2025-03-01", "--to", "2025-03-02"]);
    let day = |date: &str| table.lines().find(|l| l.contains(date)).unwrap_or_else(|| panic!("{table}"));
    // The compact table's last column, `feet`.
    assert!(day("2025-03-01").trim_end().ends_with(" ok"), "{table}");
    assert!(day("2025-03-02").trim_end().ends_with(" –"), "{table}");
    let days = env.json(&["history", "--from", "2025-03-01", "--to", "2025-03-02"]);
    assert_eq!(days[0]["feet_ok"], json!(true));
    assert_eq!(days[1]["feet_ok"], Value::Null);
    let items = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-02"]);
    let feet: Vec<&Value> = items.as_array().unwrap().iter().map(|i| &i["feet_ok"]).collect();
    assert_eq!(feet, [&json!(true), &json!(true), &Value::Null]);

    // undo removes it like any entry.
    assert!(env.ok(&["undo"]).contains("pain 2"));
    assert!(env.ok(&["undo"]).contains("pain 3, feet checked, nothing found"));
}

#[test]
fn the_foot_check_takes_no_value() {
    let env = env();
    let err = env.fails(2, &["log", "--feet-ok=no"]);
    assert!(err.contains("--feet-ok"), "{err}");
    assert!(!env.db.exists());
}

/// A history with the foot check on entries alone and with other measures, a flag, and a
/// pair of entries that differ only in the check.
fn seed(env: &Env) {
    env.log_all(&[
        "log --at '2025-03-01 08:00' --feet-ok",
        "log --at '2025-03-01 09:00' --pain 3 --numb none --feet-ok --note 'both feet fine'",
        "log --at '2025-03-01 09:00' --pain 3 --numb none --note 'both feet fine'",
        "log --at '2025-03-02 08:00' --feet-ok --flag fall",
        "session balance --minutes 10 --at '2025-03-02 10:00'",
    ]);
}

#[test]
fn export_writes_feet_ok_after_note_and_import_round_trips_it() {
    let a = env();
    seed(&a);
    let csv = a.ok(&["export", "--format", "csv"]);
    let csv = csv.strip_prefix('\u{feff}').unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], format!("{HEADER_V1},feet_ok,exercises,test,values,temps,cleared"));
    assert_eq!(lines[1], "1,entry,2025-03-01 08:00,,,,,,,,,,,,,,yes,,,,,");
    assert_eq!(lines[2], "2,entry,2025-03-01 09:00,3,none,,,,,,,,,,,both feet fine,yes,,,,,");
    assert_eq!(lines[3], "3,entry,2025-03-01 09:00,3,none,,,,,,,,,,,both feet fine,,,,,,");
    assert_eq!(lines[4], "4,entry,2025-03-02 08:00,,,,,,,fall,,,,,,,yes,,,,,");
    assert_eq!(lines[5], "5,session,2025-03-02 10:00,,,,,,,,balance,,,10,,,,,,,,");
    let json: Value = serde_json::from_str(&a.ok(&["export"])).unwrap();
    assert_eq!(json["version"], json!(3));
    let feet: Vec<&Value> = json["items"].as_array().unwrap().iter().map(|i| &i["feet_ok"]).collect();
    assert_eq!(feet, [&json!(true), &json!(true), &Value::Null, &json!(true), &Value::Null]);

    for format in ["csv", "json"] {
        let file = a.path(&format!("out.{format}"));
        a.ok(&["export", "--format", format, "--out", s(&file)]);
        let b = a.with_db(&format!("b-{format}.db"));
        assert_eq!(b.ok(&["import", s(&file)]), "imported 5 items, skipped 0 already stored\n");
        assert_eq!(items_without_ids(&b), items_without_ids(&a), "{format}");
        // Importing again adds nothing: the check is part of what makes an item the same.
        assert_eq!(b.ok(&["import", s(&file)]), "imported 0 items, skipped 5 already stored\n");
    }

    // An entry that differs from a stored one only by the check is a different item.
    let c = a.with_db("c.db");
    c.ok(&argv("log --at '2025-03-01 08:00' --pain 2"));
    let file =
        c.write("one.csv", format!("{HEADER_V1},feet_ok\n1,entry,2025-03-01 08:00,2,,,,,,,,,,,,,yes\n"));
    assert_eq!(c.ok(&["import", s(&file)]), "imported 1 item, skipped 0 already stored\n");
    assert_eq!(c.json(&["history", "--from", "2025-03-01", "--to", "2025-03-01"])[0]["feet_ok"], json!(true));
}

#[test]
fn files_without_the_column_import_as_not_checked() {
    let env = env();
    let csv = env.write(
        "v1.csv",
        format!(
            "\u{feff}{HEADER_V1}\r\n1,entry,2025-03-01 08:00,4,left-toes,,,,,,,,,,,a note\r\n\
             2,session,2025-03-01 10:00,,,,,,,,strength,2,10,,6,\r\n"
        ),
    );
    assert_eq!(env.ok(&["import", s(&csv)]), "imported 2 items, skipped 0 already stored\n");
    let json = env.write(
        "v1.json",
        r#"{"format": "footing", "version": 1, "items": [
            {"id": 1, "type": "entry", "at": "2025-03-02 08:00", "pain": 2, "numb": null, "stance_left": null,
             "stance_right": null, "heel_raises": null, "walk": 15, "flags": [], "kind": null, "sets": null,
             "reps": null, "minutes": null, "rpe": null, "note": null}
        ]}"#,
    );
    assert_eq!(env.ok(&["import", s(&json)]), "imported 1 item, skipped 0 already stored\n");
    let items = items_without_ids(&env);
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i["feet_ok"].is_null()), "{items:?}");
    assert_eq!((&items[0]["pain"], &items[0]["note"]), (&json!(4), &json!("a note")));
    assert_eq!((&items[1]["kind"], &items[1]["rpe"]), (&json!("strength"), &json!(6)));
    assert_eq!(items[2]["walk"], json!(15));
    // A version-2 JSON item may leave `feet_ok` out, or give false for "not checked".
    let v2 = env.write(
        "v2.json",
        r#"{"format": "footing", "version": 2, "items": [
            {"type": "entry", "at": "2025-03-03 08:00", "pain": 1, "feet_ok": false},
            {"type": "entry", "at": "2025-03-03 09:00", "feet_ok": true}
        ]}"#,
    );
    assert_eq!(env.ok(&["import", s(&v2)]), "imported 2 items, skipped 0 already stored\n");
    let days = env.json(&["history", "--from", "2025-03-03", "--to", "2025-03-03", "--items"]);
    assert_eq!((&days[0]["feet_ok"], &days[1]["feet_ok"]), (&Value::Null, &json!(true)));
}

#[test]
fn a_bad_foot_check_in_a_file_names_the_line_and_writes_nothing() {
    let env = env();
    seed(&env);
    let refused = |name: &str, content: String, message: &str| {
        let file = env.write(name, content);
        let before = snapshot(&env.db);
        let err = env.fails(2, &["import", s(&file)]);
        assert_eq!(err, format!("error: {message}\n"), "{name}");
        assert_eq!(snapshot(&env.db), before, "{name} changed nothing");
    };
    refused(
        "no.csv",
        format!("{HEADER_V1},feet_ok\n1,entry,2025-03-05 08:00,2,,,,,,,,,,,,,yes\n2,entry,2025-03-05 09:00,2,,,,,,,,,,,,,no\n"),
        "invalid value 'no' for feet_ok on line 3: expected yes (feet checked, nothing found), \
         or nothing when they were not checked",
    );
    refused(
        "session.csv",
        format!("{HEADER_V1},feet_ok\n1,session,2025-03-05 10:00,,,,,,,,balance,,,10,,,yes\n"),
        "invalid value 'yes' for feet_ok on line 2: sessions carry no measures; log them as a separate entry",
    );
    refused(
        "text.json",
        r#"{"format": "footing", "version": 2, "items": [{"type": "entry", "at": "2025-03-05 08:00", "feet_ok": "yes"}]}"#
            .to_string(),
        "invalid value '\"yes\"' for feet_ok in item 1 (line 1): expected true (feet checked, nothing found), or null",
    );
    // A header with a column this footing does not know is not an export of ours.
    let err = env.fails(
        2,
        &[
            "import",
            s(&env.write(
                "more.csv",
                format!("{HEADER_V1},feet_ok,mood\n1,entry,2025-03-05 08:00,2,,,,,,,,,,,,,,3\n"),
            )),
        ],
    );
    assert!(
        err.starts_with(
            "error: not a footing export: expected JSON from `footing export` or CSV with the header"
        ),
        "{err}"
    );
}

/// A history around D = 2025-03-28 (current 03-15 … 03-28, previous 03-01 … 03-14) for
/// adherence, worked out by hand:
/// - strength: 02-28 (D−28, nowhere), 03-01 and 03-02 (previous; 03-02 came the day after
///   03-01, but only the current window's back-to-back days are counted), 03-14 (D−14,
///   previous), 03-15 (D−13, current, the day after 03-14: back to back), 03-18, twice on
///   03-22 (one day), 03-25, 03-26 (back to back): previous 3, current 5, consecutive 2;
/// - balance: 03-14, 03-15 and every day 03-20 … 03-28: previous 1, current 10;
/// - mobility: 03-10 only: previous 1, current 0;
/// - walking: 03-13 (twice), 03-27: previous 1, current 1;
/// - feet: 03-01 … 03-14 every day but 03-07 (13), 03-15 … 03-28 every day (14, one day
///   with two checks), and 02-27 outside the windows.
fn adherence_history() -> Env {
    let env = env();
    let mut lines: Vec<String> = Vec::new();
    let strength = ["02-28", "03-01", "03-02", "03-14", "03-15", "03-18", "03-22", "03-22", "03-25", "03-26"];
    for (i, d) in strength.iter().enumerate() {
        lines.push(format!("session strength --sets 2 --reps 10 --at '2025-{d} 10:{i:02}'"));
    }
    let balance =
        ["03-14", "03-15"].iter().map(|d| d.to_string()).chain((20..=28).map(|d| format!("03-{d}")));
    for d in balance {
        lines.push(format!("session balance --minutes 10 --at '2025-{d} 11:00'"));
    }
    lines.push("session mobility --minutes 10 --at '2025-03-10 12:00'".into());
    lines.push("log --at '2025-03-13 16:00' --walk 20".into());
    lines.push("log --at '2025-03-13 18:00' --walk 10".into());
    lines.push("log --at '2025-03-27 16:00' --walk 25".into());
    lines.push("log --at '2025-02-27 08:00' --feet-ok".into());
    for d in (1..=28).filter(|&d| d != 7) {
        lines.push(format!("log --at '2025-03-{d:02} 08:00' --feet-ok"));
    }
    lines.push("log --at '2025-03-28 20:00' --feet-ok --pain 2".into());
    env.log_all(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    env
}

#[test]
fn trend_json_adherence_matches_the_hand_worked_numbers() {
    let env = adherence_history();
    let v = env.json(&["trend", "--as-of", "2025-03-28"]);
    assert_eq!(
        v["adherence"],
        json!([
            {"kind": "strength", "previous": 3, "current": 5, "target": "4-6", "consecutive": 2},
            {"kind": "balance", "previous": 1, "current": 10, "target": "14"},
            {"kind": "mobility", "previous": 1, "current": 0, "target": "14"},
            {"kind": "walk", "previous": 1, "current": 1, "target": null},
            {"kind": "feet", "previous": 13, "current": 14, "target": "14"}
        ])
    );
    // A day later: current 03-16 … 03-29 loses 03-15 (and with it one back-to-back day);
    // previous 03-02 … 03-15 loses 03-01 and gains 03-15.
    let v = env.json(&["trend", "--as-of", "2025-03-29"]);
    assert_eq!(
        v["adherence"][0],
        json!({"kind": "strength", "previous": 3, "current": 4, "target": "4-6", "consecutive": 1})
    );
    assert_eq!(v["adherence"][4], json!({"kind": "feet", "previous": 13, "current": 13, "target": "14"}));
}

#[test]
fn trend_shows_adherence_under_the_table_in_plain_words() {
    let env = adherence_history();
    let out = env.ok(&["trend", "--as-of", "2025-03-28"]);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    let at = out.find("Following the program").expect("the adherence lines");
    assert!(out[..at].contains("days logged"), "under the table: {out}");
    let rest = &out[at..];
    assert!(
        rest.contains("  strength     3 → 5   not on target: 2 came the day after another strength day;\n"),
        "{rest}"
    );
    assert!(
        rest.contains("  balance      1 → 10  below target (every day): missed 4 of 14 days\n"),
        "{rest}"
    );
    assert!(
        rest.contains("  mobility     1 → 0   below target (every day): missed 14 of 14 days\n"),
        "{rest}"
    );
    assert!(rest.contains("  walking      1 → 1   no target\n"), "{rest}");
    assert!(rest.contains("  foot check  13 → 14  on target: every day\n"), "{rest}");
}

/// A database made by the footing before the foot check (schema version 2), holding one item.
fn version_2_database(env: &Env) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(include_str!("../migrations/0001_init.sql")).unwrap();
    conn.execute_batch(include_str!("../migrations/0002_activity_indexes.sql")).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute("INSERT INTO item (day, time, type, pain) VALUES ('2025-03-01', '08:00', 'entry', 4)", [])
        .unwrap();
}

#[test]
fn an_older_database_gains_the_foot_check_after_a_backup() {
    let env = env();
    version_2_database(&env);
    env.ok(&argv("log --at '2025-03-01 09:00' --feet-ok"));
    assert!(env.path("footing.db.v2.bak").exists(), "{:?}", env.files());
    let days = env.json(&["history", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert_eq!((&days[0]["pain"], &days[0]["feet_ok"]), (&json!(4.0), &json!(true)));
    // Only entries can hold the check, and only as "checked" (1): the schema says so too.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for bad in [
        "INSERT INTO item (day, time, type, pain, feet_ok) VALUES ('2025-03-02', '08:00', 'entry', 1, 0)",
        "INSERT INTO item (day, time, type, kind, minutes, feet_ok) \
         VALUES ('2025-03-02', '08:00', 'session', 'balance', 5, 1)",
    ] {
        assert!(conn.execute(bad, []).is_err(), "{bad}");
    }
}

#[test]
fn a_program_started_days_ago_is_judged_on_those_days_not_on_fourteen() {
    let env = env();
    env.log_all(&[
        "log --at '2025-03-24 08:00' --feet-ok --pain 3",
        "session balance --minutes 10 --at '2025-03-24 10:00'",
        "log --at '2025-03-25 08:00' --feet-ok",
        "session strength --sets 2 --reps 8 --at '2025-03-25 10:00'",
        "log --at '2025-03-26 08:00' --feet-ok",
        "log --at '2025-03-28 08:00' --feet-ok",
        "session strength --sets 2 --reps 8 --at '2025-03-28 10:00'",
    ]);
    let out = env.ok(&["trend", "--as-of", "2025-03-28"]);
    let rest = &out[out.find("Following the program").expect("adherence lines")..];
    let words = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "strength 0 → 2 on target: 1–3 in the 5 days since you started, none back to back",
        "balance 0 → 1 below target (every day): missed 4 of the 5 days since you started",
        "foot check 0 → 4 below target (every day): missed 1 of the 5 days since you started",
    ] {
        assert!(words.contains(line), "{line}\n{rest}");
    }
    // The JSON keeps the counts and the per-14-day targets of §9.5.
    let v = env.json(&["trend", "--as-of", "2025-03-28"]);
    assert_eq!(v["adherence"][4], json!({"kind": "feet", "previous": 0, "current": 4, "target": "14"}));
}
