//! End-to-end tests for `export`, `import` and `backup`, through the real binary.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use common::{mode, s, snapshot, Env};
use serde_json::{json, Value};

/// The header of a version 1 export, which import still reads.
const HEADER: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note,feet_ok";
/// The header export writes (version 3, with `exercises` and then `test,values,temps`);
/// import reads any header that is a prefix of it from `note` on.
const HEADER_V2: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,\
                         note,feet_ok,exercises,test,values,temps,cleared";
const AWKWARD: &str = " brûlure – ça pique 🦶, \"vraiment\"; a,b\nsecond line\r\nthird  ";

/// `footing export` of the database of `env`, parsed.
fn export_json(env: &Env) -> Value {
    serde_json::from_str(&env.ok(&["export"])).expect("export is JSON")
}

/// Every kind of item, with awkward notes, numbness `none` vs not recorded, sessions in both
/// volume forms and identical items; one item is deleted so the ids have a gap.
fn seed(env: &Env) {
    env.log_all(&[
        "log --at '2025-03-01 07:00' --pain 9",
        &format!("log --at '2025-03-01 08:00' --pain 3 --numb none --note '{AWKWARD}'"),
        "log --at '2025-03-01 08:00' --pain 3",
        "log --at '2025-03-01 08:00' --pain 3",
        "log --at '2025-03-01 08:00' --pain 3",
        r#"session strength --sets 2 --reps 10 --rpe 6 --at '2025-03-01 09:00' --note 'heel raises, slow; "good"'"#,
        "session mobility --minutes 10 --at '2025-03-01 09:30'",
        "session mobility --minutes 10 --at '2025-03-01 09:30'",
        "session balance --minutes 5 --rpe 2 --at '2025-03-01 10:00'",
        "log --at '2025-03-02 08:00' --pain 0 --numb left-toes,both-ball --stance-left 12.5 --stance-right 30 \
         --heel-raises 10 --walk 20 --flag fall --flag night-pain --note =1+2",
        "log --at '2025-03-02 09:00' --note '  only a note  '",
        "log --at '2025-03-02 10:00' --stance-left 0 --heel-raises 0",
    ]);
    env.ok(&["delete", "1"]);
}

const SEEDED: usize = 11;

/// The export's items without their ids.
fn without_ids(export: &Value) -> Vec<Value> {
    export["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.as_object_mut().expect("object").remove("id").expect("every item has an id");
            i
        })
        .collect()
}

/// CSV rows without the id column (the BOM is checked elsewhere).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().skip(1).map(str::to_string).collect())
        .collect()
}

#[test]
fn json_export_has_the_documented_shape() {
    let env = Env::new();
    seed(&env);
    let export = export_json(&env);
    assert_eq!(
        export.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["format", "items", "profile", "program", "program_changed_at", "version"]
    );
    assert_eq!((&export["format"], &export["version"]), (&json!("footing"), &json!(3)));
    assert_eq!(export["program"], Value::Null, "the starter program is exported as null");
    let items = export["items"].as_array().unwrap();
    assert_eq!(items.len(), SEEDED);
    assert_eq!(
        items[0],
        json!({"id": 2, "type": "entry", "at": "2025-03-01 08:00", "pain": 3, "numb": [], "stance_left": null,
               "stance_right": null, "heel_raises": null, "walk": null, "flags": [], "kind": null, "sets": null,
               "reps": null, "minutes": null, "rpe": null, "note": AWKWARD, "feet_ok": null, "exercises": null, "test": null, "values": null, "temps": null, "cleared": null})
    );
    assert_eq!(items[1]["numb"], Value::Null, "not recorded is null, not []");
    assert_eq!(
        items[4],
        json!({"id": 6, "type": "session", "at": "2025-03-01 09:00", "pain": null, "numb": null, "stance_left": null,
               "stance_right": null, "heel_raises": null, "walk": null, "flags": [], "kind": "strength", "sets": 2,
               "reps": 10, "minutes": null, "rpe": 6, "note": "heel raises, slow; \"good\"", "feet_ok": null,
               "exercises": null, "test": null, "values": null, "temps": null, "cleared": null})
    );
    assert_eq!(
        items[8],
        json!({"id": 10, "type": "entry", "at": "2025-03-02 08:00", "pain": 0,
               "numb": ["left-toes", "left-ball", "right-ball"], "stance_left": 12.5, "stance_right": 30.0,
               "heel_raises": 10, "walk": 20, "flags": ["night-pain", "fall"], "kind": null, "sets": null,
               "reps": null, "minutes": null, "rpe": null, "note": "=1+2", "feet_ok": null, "exercises": null, "test": null, "values": null, "temps": null, "cleared": null})
    );
}

#[test]
fn csv_export_is_spreadsheet_ready_and_quotes_awkward_notes() {
    let env = Env::new();
    seed(&env);
    let text = env.ok(&["export", "--format", "csv"]);
    assert!(text.starts_with(&format!("\u{feff}{HEADER_V2}\r\n")), "BOM, exact header, CRLF");
    // Quoted where needed, the note's own line breaks and spaces kept inside the quotes.
    assert!(text.contains(&format!(
        "\r\n2,entry,2025-03-01 08:00,3,none,,,,,,,,,,,\"{}\",,,,,,\r\n3,entry,2025-03-01 08:00,3,,,,,,,,,,,,,,,,,,\r\n",
        AWKWARD.replace('"', "\"\"")
    )));
    assert!(text.contains(
        "\r\n6,session,2025-03-01 09:00,,,,,,,,strength,2,10,,6,\"heel raises, slow; \"\"good\"\"\",,,,,,\r\n"
    ));
    assert!(text.contains("\r\n7,session,2025-03-01 09:30,,,,,,,,mobility,,,10,,,,,,,,\r\n"));
    assert!(text.contains("\r\n10,entry,2025-03-02 08:00,0,left-toes;left-ball;right-ball,12.5,30,10,20,night-pain;fall,,,,,,'=1+2,,,,,,\r\n"));
    assert!(text.ends_with("\r\n12,entry,2025-03-02 10:00,,,0,,0,,,,,,,,,,,,,,\r\n"));
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), SEEDED + 1);
    assert_eq!(rows[1][14], AWKWARD, "the note survives a CSV reader exactly");
}

/// export → import into a fresh database → export gives the same items; importing again adds nothing.
fn round_trip(format: &str) {
    let a = Env::new();
    let b = a.with_db("copy.db");
    seed(&a);
    let file = a.path(&format!("export.{format}"));
    let first = a.ok(&["export", "--format", format]);
    assert_eq!(
        a.ok(&["export", "--format", format, "--out", s(&file)]),
        format!("exported {SEEDED} items to {}\n", s(&file))
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), first, "--out writes what stdout shows");
    assert_eq!(mode(&file), 0o600);

    assert_eq!(b.ok(&["import", s(&file)]), format!("imported {SEEDED} items, skipped 0 already stored\n"));
    let second = b.ok(&["export", "--format", format]);
    if format == "json" {
        let (x, y) = (serde_json::from_str(&first).unwrap(), serde_json::from_str(&second).unwrap());
        assert_eq!(without_ids(&x), without_ids(&y));
        assert_ne!(x, y, "the ids differ (the original has a gap), nothing else");
    } else {
        assert_eq!(csv_rows(&first), csv_rows(&second));
        assert_ne!(first, second);
    }

    // The same file again adds nothing, and says so.
    let before = snapshot(&b.db);
    assert_eq!(b.ok(&["import", s(&file)]), format!("imported 0 items, skipped {SEEDED} already stored\n"));
    assert_eq!(
        b.ok(&["--json", "import", s(&file)]),
        format!("{{\n  \"imported\": 0,\n  \"skipped\": {SEEDED},\n  \"program\": null\n}}\n")
    );
    assert_eq!(b.ok(&["export", "--format", format]), second);
    assert_eq!(snapshot(&b.db), before);
    assert!(!a.files().iter().any(|f| f.ends_with(".tmp")), "no temporary files left: {:?}", a.files());
}

/// A demo history of hundreds of items (import stores them many rows per statement into a
/// database without items): exported, imported into a new database and exported again, the
/// file is the same byte for byte; imported again, nothing is added; imported into a
/// database holding part of it, only the rest is added.
#[test]
fn a_long_history_round_trips_byte_for_byte_in_both_formats() {
    let a = Env::new();
    a.ok(&["demo", "--days", "60", "--seed", "5"]);
    for format in ["csv", "json"] {
        let file = a.path(&format!("history.{format}"));
        a.ok(&["export", "--format", format, "--out", s(&file)]);
        let exported = fs::read(&file).unwrap();
        let b = a.with_db(&format!("copy-{format}.db"));
        let out = b.ok(&["import", s(&file)]);
        assert!(out.starts_with("imported ") && out.contains(" items, skipped 0 already stored"), "{out}");
        let count: usize = out["imported ".len()..].split(' ').next().unwrap().parse().unwrap();
        assert!(count > 300, "{count} items");
        assert_eq!(b.ok(&["export", "--format", format]).into_bytes(), exported);
        assert!(b.ok(&["check"]).starts_with("ok: "));
        // (The JSON also carries the demo's program, which replaces the stored one each time.)
        let again = b.ok(&["import", s(&file)]);
        assert_eq!(
            again.lines().next(),
            Some(format!("imported 0 items, skipped {count} already stored").as_str())
        );

        // A database holding the first half: the second half is added, after it.
        let c = a.with_db(&format!("half-{format}.db"));
        let half = c.write(&format!("half.{format}"), half_of(&exported, format));
        let first = c.ok(&["import", s(&half)]);
        let kept: usize = first["imported ".len()..].split(' ').next().unwrap().parse().unwrap();
        let rest = c.ok(&["import", s(&file)]);
        assert_eq!(
            rest.lines().next(),
            Some(format!("imported {} items, skipped {kept} already stored", count - kept).as_str())
        );
        assert_eq!(c.ok(&["export", "--format", format]).into_bytes(), exported);
    }
}

/// The first half of an export's items, as a file of the same format.
fn half_of(export: &[u8], format: &str) -> Vec<u8> {
    if format == "csv" {
        let text = String::from_utf8(export.to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut out = lines[..lines.len() / 2].join("\n");
        out.push('\n');
        out.into_bytes()
    } else {
        let mut doc: Value = serde_json::from_slice(export).unwrap();
        let items = doc["items"].as_array_mut().unwrap();
        items.truncate(items.len() / 2);
        serde_json::to_vec(&doc).unwrap()
    }
}

#[test]
fn json_round_trip_is_lossless() {
    round_trip("json");
}

#[test]
fn csv_round_trip_is_lossless() {
    round_trip("csv");
}

#[test]
fn formats_cross_over_and_the_bom_is_optional() {
    let a = Env::new();
    seed(&a);
    let csv_text = a.ok(&["export", "--format", "csv"]);
    let no_bom = a.write("plain.csv", csv_text.strip_prefix('\u{feff}').unwrap().replace("\r\n", "\n"));
    let json_file = a.write("e.json", a.ok(&["export"]));

    // CSV without BOM and with LF line ends, into a fresh database: then its CSV export matches.
    let b = a.with_db("b.db");
    assert_eq!(b.ok(&["import", s(&no_bom)]), format!("imported {SEEDED} items, skipped 0 already stored\n"));
    // Everything came in as written (the note's own \r\n too became \n in this file).
    let plain = fs::read_to_string(&no_bom).unwrap();
    assert_eq!(csv_rows(&b.ok(&["export", "--format", "csv"])), csv_rows(&plain));
    assert_ne!(csv_rows(&plain), csv_rows(&csv_text));
    // The JSON export of the same data is already stored, but for the note whose \r\n this
    // file turned into \n: that item differs, so it is added.
    assert_eq!(
        b.ok(&["import", s(&json_file)]),
        format!("imported 1 item, skipped {} already stored\n", SEEDED - 1)
    );
}

#[test]
fn identical_items_are_counted_not_collapsed() {
    let a = Env::new();
    let b = a.with_db("b.db");
    seed(&a);
    let file = a.write("e.json", a.ok(&["export"]));
    // b already holds one of the three identical pain readings and one of the two mobility sessions.
    b.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    b.ok(&["session", "mobility", "--minutes", "10", "--at", "2025-03-01 09:30"]);
    // A near twin (another minute) is a different item.
    b.ok(&["log", "--at", "2025-03-01 08:01", "--pain", "3"]);
    assert_eq!(
        b.ok(&["import", s(&file)]),
        format!("imported {} items, skipped 2 already stored\n", SEEDED - 2)
    );
    let items = without_ids(&export_json(&b));
    let threes = items
        .iter()
        .filter(|i| i["at"] == "2025-03-01 08:00" && i["pain"] == 3 && i["note"].is_null())
        .count();
    let mobility = items.iter().filter(|i| i["kind"] == "mobility").count();
    assert_eq!((items.len(), threes, mobility), (SEEDED + 1, 3, 2));
}

/// A CSV row of an entry at 2025-03-01 11:00 with these columns set.
fn line(fields: &[(&str, &str)]) -> String {
    let columns: Vec<&str> = HEADER.split(',').collect();
    let mut row: Vec<String> = vec![String::new(); columns.len()];
    row[0] = "9".into();
    row[1] = "entry".into();
    row[2] = "2025-03-01 11:00".into();
    for (name, value) in fields {
        let i = columns.iter().position(|c| c == name).expect("known column");
        row[i] = value.to_string();
    }
    row.join(",")
}

/// Imports `name` with `content` into the database of `env` and expects exit `code` with exactly `message`;
/// the database must be byte-for-byte unchanged.
fn refused(env: &Env, name: &str, content: &[u8], code: i32, message: &str) {
    let file = env.write(name, content);
    let before = (snapshot(&env.db), env.files());
    let err = env.fails(code, &["import", s(&file)]);
    assert_eq!(err, format!("error: {message}\n"), "importing {name}");
    assert_eq!((snapshot(&env.db), env.files()), before, "{name} changed nothing");
}

#[test]
fn bad_imports_change_nothing_and_name_the_line_and_field() {
    let env = Env::new();
    seed(&env);
    // Good rows first, one spanning three lines (a quoted note), then the bad one on line 6.
    let csv = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n",
        line(&[("pain", "1"), ("note", "\"new, note\nover\nthree lines\"")]),
        line(&[("pain", "2")]),
        line(&[("pain", "11")]),
        line(&[("pain", "2")]),
    );
    refused(
        &env,
        "range.csv",
        csv.as_bytes(),
        2,
        "invalid value '11' for pain on line 6: expected a whole number from 0 to 10",
    );
    // CRLF line ends, a BOM and a note over two lines: the bad row is on line 4.
    let csv = format!(
        "\u{feff}{HEADER}\r\n{}\r\n{}\r\n",
        line(&[("pain", "2"), ("note", "\"two\r\nlines\"")]),
        line(&[("numb", "left-knee")])
    );
    refused(
        &env,
        "zone.csv",
        csv.as_bytes(),
        2,
        "invalid value 'left-knee' for numb on line 4: expected `none` or SIDE-REGION zones separated by commas, \
         where SIDE is left, right or both and REGION is toes, ball, arch, heel, top, ankle, shin or calf",
    );
    let csv = format!("{HEADER}\n{}\n", line(&[("type", "session"), ("kind", "strength"), ("sets", "2")]));
    refused(
        &env,
        "reps.csv",
        csv.as_bytes(),
        2,
        "missing reps on line 2: sets need reps too (like --sets 2 --reps 10)",
    );
    let csv = format!("{HEADER}\n{}\n{}\n", line(&[("pain", "2")]), "9,entry,2025-03-01 11:00,2,,,");
    refused(
        &env,
        "short.csv",
        csv.as_bytes(),
        2,
        &format!("invalid row on line 3: it has 7 fields; its header has 17 ({HEADER})"),
    );
    refused(
        &env,
        "random.bin",
        &[0x00, 0xff, 0xfe, 0x9c, 0x10, 0x80, 0x0a, 0xc3],
        2,
        "not a footing export: the file is not UTF-8 text (line 1)",
    );
    refused(&env, "empty.csv", b"", 2, "not a footing export: the file is empty");
    refused(&env, "blank.csv", "\u{feff} \n\n".as_bytes(), 2, "not a footing export: the file is empty");
    refused(
        &env,
        "header.csv",
        b"id,type,at,pain\n1,entry,2025-03-01 08:00,3\n",
        2,
        &format!("not a footing export: expected JSON from `footing export` or CSV with the header {HEADER_V2}; the first line is 'id,type,at,pain'"),
    );
    refused(
        &env,
        "other.json",
        br#"{"format": "garmin", "version": 1, "items": []}"#,
        2,
        "not a footing export: the format is \"garmin\"; expected a JSON object with \"format\": \"footing\", \"version\": 3 and \"items\"",
    );
    refused(
        &env,
        "newer.json",
        br#"{"format": "footing", "version": 4, "items": []}"#,
        2,
        "not a footing export: version 4 is not one this footing reads (it reads versions up to 3); a newer footing may read it",
    );
    refused(
        &env,
        "broken.json",
        b"{\"format\": \"footing\",\n \"items\": [",
        2,
        "not a footing export: the file is not valid JSON (EOF while parsing a list at line 2 column 11)",
    );

    let item = |fields: &str| format!("    {{\"type\": \"entry\", \"at\": \"2025-03-01 11:00\", {fields}}}");
    let doc = |items: &[String]| {
        format!(
            "{{\n  \"format\": \"footing\",\n  \"version\": 1,\n  \"items\": [\n{}\n  ]\n}}\n",
            items.join(",\n")
        )
    };
    let bad = [
        ("\"pain\": \"3.5\"", "invalid value '\"3.5\"' for pain in item 3 (line 7): expected a whole number from 0 to 10 (a JSON number, not text)"),
        ("\"pain\": true", "invalid value 'true' for pain in item 3 (line 7): expected a whole number from 0 to 10 (a JSON number, not true or false)"),
        ("\"pain\": 3.5", "invalid value '3.5' for pain in item 3 (line 7): expected a whole number from 0 to 10"),
        ("\"numb\": 4", "invalid value '4' for numb in item 3 (line 7): expected a list of zones like [\"left-toes\"], [] for none, or null"),
        ("\"numb\": [\"left-heel\", \"both-knee\"]", "invalid value 'left-heel;both-knee' for numb in item 3 (line 7): expected `none` or SIDE-REGION zones separated by commas, where SIDE is left, right or both and REGION is toes, ball, arch, heel, top, ankle, shin or calf"),
        ("\"flags\": [\"tired\"]", "invalid value 'tired' for flags in item 3 (line 7): expected a red flag: weakness, foot-drop, balance-loss, open-sore, skin-change, infection, night-pain, fall, injury, deformity, numbness-spread or hot-foot"),
        ("\"stance_left\": 12.25", "invalid value '12.25' for stance_left in item 3 (line 7): expected seconds from 0 to 300 with at most one decimal, like 12.5"),
        ("\"mood\": 3", "invalid value 'mood' for field name in item 3 (line 7): expected one of id, type, at, pain, numb, stance_left, stance_right, heel_raises, walk, flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises, test, values, temps, cleared"),
    ];
    for (fields, message) in bad {
        let text = doc(&[
            item("\"pain\": 1"),
            item("\"pain\": 2, \"note\": \"two\\nlines, \\\"quoted\\\" ] }\""),
            item(fields),
        ]);
        refused(&env, "bad.json", text.as_bytes(), 2, message);
    }
    let text = doc(&[item("\"pain\": 1"), "    5".into()]);
    refused(
        &env,
        "notobject.json",
        text.as_bytes(),
        2,
        "invalid value '5' in item 2 (line 6): expected an object with the fields id, type, at, pain, numb, stance_left, stance_right, heel_raises, walk, flags, kind, sets, reps, minutes, rpe, note, feet_ok, exercises, test, values, temps, cleared",
    );
    // A missing or unreadable file is not invalid input: exit 1.
    let before = snapshot(&env.db);
    let err = env.fails(1, &["import", s(&env.path("nowhere.csv"))]);
    assert!(err.starts_with(&format!("error: could not read {}: ", s(&env.path("nowhere.csv")))), "{err}");
    env.fails(1, &["import", s(env.dir.path())]);
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn a_failed_import_creates_no_database() {
    let env = Env::new().with_db("new.db");
    let file = env.write(
        "bad.csv",
        format!(
            "{HEADER}\n1,entry,2025-03-01 08:00,2,,,,,,,,,,,,,\n2,entry,2099-01-01 08:00,2,,,,,,,,,,,,,\n"
        ),
    );
    let err = env.fails(2, &["import", s(&file)]);
    assert!(
        err.starts_with(
            "error: invalid value '2099-01-01 08:00' for at on line 3: that is more than 26 hours ahead"
        ),
        "{err}"
    );
    assert!(!env.db.exists());
    env.fails(1, &["import", s(&env.path("missing.json"))]);
    assert!(!env.db.exists());
    // A header-only file holds nothing to import and creates nothing either.
    let empty = env.write("header.csv", format!("{HEADER}\r\n"));
    assert_eq!(env.ok(&["import", s(&empty)]), "imported 0 items, skipped 0 already stored\n");
    assert!(!env.db.exists());
}

#[test]
fn exporting_without_a_database_creates_nothing() {
    let env = Env::new().with_db("none.db");
    assert_eq!(
        export_json(&env),
        json!({"format": "footing", "version": 3, "items": [], "program": null, "program_changed_at": null, "profile": null})
    );
    assert_eq!(env.ok(&["export", "--format", "csv"]), format!("\u{feff}{HEADER_V2}\r\n"));
    assert!(!env.db.exists());
    assert_eq!(env.files(), Vec::<String>::new());
}

#[test]
fn export_out_replaces_a_file_only_with_force_and_never_the_database() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "2"]);
    let file = env.write("out.json", "old contents");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let err = env.fails(2, &["export", "--out", s(&file)]);
    assert_eq!(
        err,
        format!("error: {} already exists; nothing was written (add --force to replace it)\n", s(&file))
    );
    assert_eq!(fs::read(&file).unwrap(), b"old contents");
    assert_eq!(
        env.ok(&["export", "--out", s(&file), "--force"]),
        format!("exported 1 item to {}\n", s(&file))
    );
    assert_eq!(
        serde_json::from_str::<Value>(&fs::read_to_string(&file).unwrap()).unwrap()["items"][0]["pain"],
        2
    );
    assert_eq!(mode(&file), 0o600, "the new file is the owner's only");

    let before = snapshot(&env.db);
    let err = env.fails(2, &["export", "--out", s(&env.db)]);
    assert_eq!(
        err,
        format!(
            "error: invalid value '{}' for --out: that is the database itself; give another file name\n",
            s(&env.db)
        )
    );
    assert_eq!(snapshot(&env.db), before);
    let err = env.fails(1, &["export", "--out", s(&env.path("no/such/dir/x.json"))]);
    assert!(
        err.starts_with(&format!("error: could not write {}", s(&env.path("no/such/dir/x.json")))),
        "{err}"
    );
}

#[test]
fn export_out_takes_its_format_from_a_csv_or_json_name_unless_format_is_given() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "2", "--note", "=1+2"]);
    let csv_text = env.ok(&["export", "--format", "csv"]);
    let json_text = env.ok(&["export"]);

    // A person who names the file week.csv expects a spreadsheet file, not JSON.
    for name in ["week.csv", "WEEK.CSV"] {
        env.ok(&["export", "--out", s(&env.path(name))]);
        assert_eq!(fs::read_to_string(env.path(name)).unwrap(), csv_text, "{name}");
    }
    // .json, any other name, and no name keep the JSON default.
    for name in ["week.json", "week.txt", "week"] {
        env.ok(&["export", "--out", s(&env.path(name))]);
        assert_eq!(fs::read_to_string(env.path(name)).unwrap(), json_text, "{name}");
    }
    // --format always wins over the name.
    env.ok(&["export", "--format", "json", "--out", s(&env.path("odd.csv"))]);
    assert_eq!(fs::read_to_string(env.path("odd.csv")).unwrap(), json_text);
    env.ok(&["export", "--format", "csv", "--out", s(&env.path("odd.json"))]);
    assert_eq!(fs::read_to_string(env.path("odd.json")).unwrap(), csv_text);
    // What the name chose is read back by import.
    let fresh = env.with_db("fresh.db");
    assert_eq!(
        fresh.ok(&["import", s(&env.path("week.csv"))]),
        "imported 1 item, skipped 0 already stored\n"
    );
    assert_eq!(fresh.ok(&["export"]), json_text);
}

#[test]
fn backup_copies_refuses_to_overwrite_and_is_private() {
    let env = Env::new();
    seed(&env);
    let copy = env.with_db("copy.db");
    assert_eq!(env.ok(&["backup", s(&copy.db)]), format!("backed up {SEEDED} items to {}\n", s(&copy.db)));
    assert_eq!(mode(&copy.db), 0o600);
    assert_eq!(export_json(&copy), export_json(&env), "the copy holds everything, ids and all");
    let history = copy.ok(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-02"]);
    assert!(history.contains("#12") && history.contains("2025-03-02 10:00"), "{history}");

    env.ok(&["log", "--at", "2025-03-03 08:00", "--pain", "1"]);
    let before = snapshot(&copy.db);
    let err = env.fails(2, &["backup", s(&copy.db)]);
    assert_eq!(
        err,
        format!("error: {} already exists; nothing was written (add --force to replace it)\n", s(&copy.db))
    );
    assert_eq!(snapshot(&copy.db), before);
    assert_eq!(
        env.ok(&["--json", "backup", s(&copy.db), "--force"]),
        format!("{{\n  \"file\": \"{}\",\n  \"items\": {}\n}}\n", s(&copy.db), SEEDED + 1)
    );
    assert_eq!(mode(&copy.db), 0o600);
    assert_eq!(export_json(&copy)["items"].as_array().unwrap().len(), SEEDED + 1);

    // A file with a journal beside it may be a database in use: never replaced.
    let wal = env.write("copy.db-wal", "journal");
    let before = snapshot(&copy.db);
    let err = env.fails(1, &["backup", s(&copy.db), "--force"]);
    assert_eq!(
        err,
        format!(
            "error: {} exists: {} looks like a database in use; nothing was written (choose another name)\n",
            s(&wal),
            s(&copy.db)
        )
    );
    assert_eq!(snapshot(&copy.db), before);
    fs::remove_file(&wal).unwrap();

    let err = env.fails(2, &["backup", s(&env.db), "--force"]);
    assert!(err.contains("that is the database itself"), "{err}");
    let mut files = env.files();
    // (backups/ holds the daily copies, §8 v3.)
    files.retain(|f| !f.starts_with("footing.db") && f != "backups");
    assert_eq!(files, ["copy.db"], "no temporary files are left behind");
}

#[test]
fn nothing_is_ever_written_over_the_database_or_the_files_sqlite_keeps_beside_it() {
    let env = Env::new();
    seed(&env);
    let db = s(&env.db).to_string();
    let dir = env.db.parent().unwrap().to_path_buf();
    let before = snapshot(&env.db);
    let files = env.files();
    // The database itself, also by another spelling of its path.
    let dotted = dir.join(".").join(env.db.file_name().unwrap());
    for (args, shown) in [
        (vec!["report", "--as-of", "2025-03-28", "--out", &db], db.clone()),
        (vec!["report", "--out", s(&dotted)], s(&dotted).to_string()),
    ] {
        let err = env.fails(2, &args);
        assert_eq!(
            err,
            format!("error: invalid value '{shown}' for --out: that is the database itself; give another file name\n")
        );
    }
    // SQLite's write-ahead log, shared-memory index and rollback journal, existing or not.
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = format!("{db}{suffix}");
        let why = "that is a file SQLite keeps beside the database; give another file name";
        for (args, flag) in [
            (vec!["report", "--out", side.as_str()], "--out"),
            (vec!["export", "--out", side.as_str()], "--out"),
            (vec!["backup", side.as_str(), "--force"], "FILE"),
        ] {
            let err = env.fails(2, &args);
            assert_eq!(err, format!("error: invalid value '{side}' for {flag}: {why}\n"), "{args:?}");
        }
    }
    assert_eq!(snapshot(&env.db), before);
    assert_eq!(env.files(), files, "nothing was written");
}

#[test]
fn backup_without_a_database_creates_nothing() {
    let env = Env::new().with_db("none.db");
    let err = env.fails(1, &["backup", s(&env.path("copy.db"))]);
    assert_eq!(
        err,
        format!("error: there is no footing database at {} to back up; nothing was written\n", s(&env.db))
    );
    assert_eq!(env.files(), Vec::<String>::new());
}

#[test]
fn backup_while_another_process_logs_holds_every_committed_item() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 07:00", "--pain", "1", "--note", "start"]);
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (env, stop, committed) = (env.clone(), stop.clone(), committed.clone());
        thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) && n < 2000 {
                let note = format!("w{n}");
                let status = env
                    .spawnable(&["log", "--at", "2025-03-01 08:00", "--pain", "2", "--note", &note])
                    .output()
                    .expect("run footing log");
                assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
                n += 1;
                committed.store(n, Ordering::SeqCst);
            }
        })
    };
    let mut checks = Vec::new();
    for round in 0..4 {
        while committed.load(Ordering::SeqCst) < 3 * (round + 1) {
            thread::yield_now();
        }
        // Every log that returned before the backup started must be in the copy.
        let before = committed.load(Ordering::SeqCst);
        let copy = env.with_db(&format!("copy{round}.db"));
        env.ok(&["backup", s(&copy.db)]);
        checks.push((copy, before));
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().expect("writer thread");

    let all = without_ids(&export_json(&env));
    for (copy, before) in checks {
        assert_eq!(mode(&copy.db), 0o600);
        let items = without_ids(&export_json(&copy));
        assert!(
            items.len() > before,
            "{} holds {} items; {before} logs had finished",
            s(&copy.db),
            items.len()
        );
        // Consistent: exactly the first items of the database, in order, nothing half-written.
        assert_eq!(items[..], all[..items.len()]);
        let notes: Vec<&str> = items.iter().map(|i| i["note"].as_str().unwrap()).collect();
        let expected: Vec<String> = std::iter::once("start".to_string())
            .chain((0..items.len() - 1).map(|n| format!("w{n}")))
            .collect();
        assert_eq!(notes, expected);
        copy.ok(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    }
}

/// The JSON export holds one item per line between its opening and closing lines, so a file of
/// years stays small and `grep`/`diff` read it item by item.
#[test]
fn the_json_export_has_one_item_per_line() {
    let env = Env::new();
    env.log_all(&[
        "log --at 2025-03-01 --pain 3 --note 'a, \"b\"'",
        "log --at 2025-03-02 --walk 20",
        "session strength --at 2025-03-02 --sets 2 --reps 10",
    ]);
    let text = env.ok(&["export"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], r#"{"format": "footing", "version": 3, "items": ["#);
    assert_eq!(lines[4], r#"], "program": null, "program_changed_at": null, "profile": null}"#);
    for (i, line) in lines[1..4].iter().enumerate() {
        let item: serde_json::Value =
            serde_json::from_str(line.strip_suffix(',').unwrap_or(line)).expect(line);
        assert_eq!(item["id"], i as u64 + 1, "{line}");
    }
    assert!(lines[3].ends_with('}'), "no comma after the last item");
}
