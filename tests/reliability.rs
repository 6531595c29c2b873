//! Issue 10 end to end: a damaged database, a hostile file or a repeated command never costs
//! data (§8). Each test drives the real binary on real files in a temp dir and checks the exit
//! code, the message and the bytes of every file involved.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;

use chrono::{Duration, Local};
use common::{mode, s, snapshot, Env};
use serde_json::Value;

/// The clock of the tests whose messages name the day's backup: the seed's first write
/// finds no data, its second takes the backup of 2025-03-03.
const NOW: &str = "2025-03-03 09:00";

/// What a damage message says to do: put back the day's backup (§8).
fn advice(env: &Env) -> String {
    format!(
        "restore a backup: `footing restore` puts back the newest daily copy that is sound (the newest is \
         2025-03-03, {}) and keeps the damaged file beside it; `footing check` shows what is wrong",
        s(&env.path("backups/footing-2025-03-03.db"))
    )
}

const HEADER: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note";

fn seed(env: &Env) {
    env.log_all(&[
        "log --at '2025-03-01 08:00' --pain 3 --note 'first'",
        "session strength --sets 2 --reps 10 --at '2025-03-01 09:00'",
        "log --at '2025-03-02 08:00' --pain 2 --walk 20",
    ]);
}

/// The page where the table `name` starts, read through SQLite before the damage.
fn root_page(db: &Path, name: &str) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let page: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [name], |r| r.get(0)).unwrap();
    page as u64
}

/// Overwrites page `page` (from 1) of the file with 4 KiB of garbage.
fn garble_page(db: &Path, page: u64) {
    let mut bytes = fs::read(db).unwrap();
    let at = ((page - 1) * 4096) as usize;
    bytes[at..at + 4096].fill(0xa5);
    fs::write(db, bytes).unwrap();
}

/// Every file in the temp dir with its bytes.
fn all_files(env: &Env) -> Vec<(String, Vec<u8>)> {
    env.files()
        .into_iter()
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .map(|n| {
            let bytes = fs::read(env.path(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect()
}

#[test]
fn a_backup_is_checked_before_it_replaces_a_good_one() {
    let env = Env::new().now(NOW);
    let restore = advice(&env);
    seed(&env);
    let good = env.path("good.db");
    env.ok(&["backup", s(&good)]);
    let good_bytes = fs::read(&good).unwrap();

    // A damaged page inside: the copy fails SQLite's check (quick_check) and the good backup stays.
    garble_page(&env.db, root_page(&env.db, "item"));
    let before = all_files(&env);
    let err = env.fails(1, &["backup", s(&good), "--force"]);
    let prefix =
        format!("error: {} is damaged: its copy for {} failed SQLite's check (", s(&env.db), s(&good));
    assert!(err.starts_with(&prefix), "{err}");
    assert!(err.ends_with(&format!("); nothing was written; {restore}\n")), "{err}");
    assert_eq!(fs::read(&good).unwrap(), good_bytes);
    assert_eq!(all_files(&env), before, "no file changed, no temporary file left");
    let err = env.fails(1, &["backup", s(&env.path("new.db"))]);
    let prefix = format!("error: {} is damaged: its copy for {} failed", s(&env.db), s(&env.path("new.db")));
    assert!(err.starts_with(&prefix), "{err}");
    assert!(!env.path("new.db").exists());
    assert_eq!(all_files(&env), before);
}

#[test]
fn a_truncated_database_gives_no_backup() {
    let env = Env::new().now(NOW);
    let restore = advice(&env);
    seed(&env);
    let bytes = fs::read(&env.db).unwrap();
    let cut = bytes.len() - 4096 - 1000;
    fs::write(&env.db, &bytes[..cut]).unwrap();
    let before = all_files(&env);
    let err = env.fails(1, &["backup", s(&env.path("copy.db"))]);
    assert_eq!(
        err,
        format!(
            "error: {} is damaged: its size ({cut} bytes) is not a whole number of 4096-byte pages: it was cut \
             short or something was written into it; nothing was written; {restore}\n",
            s(&env.db)
        )
    );
    assert_eq!(all_files(&env), before);
    // Cut at a page boundary: the header still counts the missing pages.
    let pages = bytes.len() / 4096;
    fs::write(&env.db, &bytes[..(pages - 2) * 4096]).unwrap();
    let err = env.fails(1, &["backup", s(&env.path("copy.db"))]);
    assert_eq!(
        err,
        format!(
            "error: {} is damaged: it holds {} pages where its header records {pages}: it was cut short; \
             nothing was written; {restore}\n",
            s(&env.db),
            pages - 2
        )
    );
    assert!(!env.path("copy.db").exists());
}

#[test]
fn a_damaged_database_refuses_writes_and_reads_say_so() {
    let env = Env::new().now(NOW);
    let restore = advice(&env);
    seed(&env);
    let page = root_page(&env.db, "item");
    garble_page(&env.db, page);
    let before = snapshot(&env.db);
    let damaged = |problem: &str| {
        format!("error: {} is damaged: {problem}; nothing was written; {restore}\n", s(&env.db))
    };
    // Writing commands check the first page of every table before they write; reading
    // commands find the damage when they read it.
    let first_page = format!("page {page}, the first page of item, is not what SQLite wrote there");
    for (args, problem) in [
        (&["log", "--pain", "3"][..], first_page.as_str()),
        (&["undo"], &first_page),
        (&["delete", "1"], &first_page),
        (&["session", "balance", "--minutes", "5"], &first_page),
        (&["advise", "--as-of", "2025-03-03"], "database disk image is malformed"),
        (&["zones", "--as-of", "2025-03-03"], "database disk image is malformed"),
        (
            &["history", "--items", "--from", "2025-03-01", "--to", "2025-03-03"],
            "database disk image is malformed",
        ),
    ] {
        let err = env.fails(1, args);
        assert_eq!(err, damaged(problem), "{args:?}");
        assert!(!err.contains("Error code"), "SQLite's words once: {err}");
        assert_eq!(snapshot(&env.db), before, "{args:?} wrote nothing");
    }
    // The full check names the problem; --json says the same for scripts.
    let (code, stdout, stderr) = env.run(&["check"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.starts_with(&format!("error: {} is damaged: ", s(&env.db))), "{stderr}");
    assert!(stderr.ends_with(&format!("; {restore}\n")), "{stderr}");
    let (code, stdout, _) = env.run(&["check", "--json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((json["ok"].clone(), json["db"].clone()), (Value::Bool(false), Value::from(s(&env.db))));
    assert!(!json["problems"].as_array().unwrap().is_empty());
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn garbage_added_inside_is_found_on_every_open() {
    let env = Env::new().now(NOW);
    let restore = advice(&env);
    seed(&env);
    // 4 KiB of garbage inserted after the first page: the file no longer matches its header.
    let mut bytes = fs::read(&env.db).unwrap();
    let pages = bytes.len() / 4096;
    bytes.splice(4096..4096, [0x5a; 4096]);
    fs::write(&env.db, &bytes).unwrap();
    let problem = format!(
        "{} is damaged: it holds {} pages where its header records {pages}: something was added to it",
        s(&env.db),
        pages + 1
    );
    let err = env.fails(1, &["log", "--pain", "3"]);
    assert_eq!(err, format!("error: {problem}; nothing was written; {restore}\n"));
    let err = env.fails(1, &["undo"]);
    assert_eq!(err, format!("error: {problem}; nothing was written; {restore}\n"));
    assert_eq!(fs::read(&env.db).unwrap(), bytes);
    // A reading command never answers quietly: it says the file is damaged (and its answer may
    // be wrong) before it answers, or fails.
    let (code, _, stderr) = env.run(&["advise", "--as-of", "2025-03-03"]);
    let warning = format!("warning: {problem}; what follows may be incomplete or wrong; {restore}\n");
    assert!(code == 1 || stderr == warning, "{code} {stderr}");
    let (code, _, stderr) = env.run(&["check"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with(&format!("error: {problem}")), "{stderr}");
    assert_eq!(fs::read(&env.db).unwrap(), bytes);
}

#[test]
fn check_says_ok_for_a_whole_database() {
    let env = Env::new().now(NOW);
    seed(&env);
    let copy = s(&env.path("backups/footing-2025-03-03.db")).to_string();
    assert_eq!(
        env.ok(&["check"]),
        format!(
            "ok: {} passed SQLite's full integrity check (3 items)\ndaily backups, newest first:\n  \
             2025-03-03  {copy}\n",
            s(&env.db)
        )
    );
    let json = env.json(&["check"]);
    assert_eq!(
        json,
        serde_json::json!({"db": s(&env.db), "ok": true, "items": 3, "problems": [],
            "backups": [{"date": "2025-03-03", "file": copy}]})
    );
    let fresh = env.with_db("none.db");
    assert_eq!(
        fresh.ok(&["check"]),
        format!(
            "nothing to check: there is no database at {} yet\nno daily backups yet: the first command that \
             writes on a day takes one\n",
            s(&fresh.db)
        )
    );
    assert!(!fresh.db.exists());
}

#[test]
fn import_of_an_endless_file_ends_with_a_message() {
    let env = Env::new();
    seed(&env);
    let before = snapshot(&env.db);
    let err = env.fails(1, &["import", "/dev/zero"]);
    assert_eq!(
        err,
        "error: /dev/zero is a device, not a regular file; footing reads an import only from a regular file; \
         nothing was opened\n"
    );
    // A large regular file without a line break: refused after one record's worth.
    let zeros = env.write("zeros.csv", vec![0u8; 3 << 20]);
    let err = env.fails(2, &["import", s(&zeros)]);
    assert_eq!(err, "error: not a footing export: the record on line 1 is larger than 1 MiB\n");
    let mut json = br#"{"format": "footing", "version": 1, "items": [{"type": "entry", "note": ""#.to_vec();
    json.extend(std::iter::repeat_n(b'x', 3 << 20));
    let big = env.write("big.json", json);
    let err = env.fails(2, &["import", s(&big)]);
    assert_eq!(err, "error: not a footing export: the item or value on line 1 is larger than 1 MiB\n");
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn a_large_json_export_imports_and_reimports_nothing() {
    let a = Env::new();
    a.ok(&["demo", "--days", "365"]);
    let file = a.write("e.json", a.ok(&["export"]));
    let n = a
        .json(&["history", "--items", "--from", "1970-01-01", "--to", "2099-12-31"])
        .as_array()
        .unwrap()
        .len();
    let b = a.with_db("b.db");
    // The demo's own program comes along (it replaces the starter program).
    let program = "your program was replaced by the file's (10 exercises)\n";
    // And, since export version 3, the demo person's profile.
    let profile = "your profile was set to the file's (footing profile shows it)\n";
    assert_eq!(
        b.ok(&["import", s(&file)]),
        format!("imported {n} items, skipped 0 already stored\n{program}{profile}")
    );
    let before = snapshot(&b.db);
    // Its program is now the stored one: nothing more to say about it.
    assert_eq!(b.ok(&["import", s(&file)]), format!("imported 0 items, skipped {n} already stored\n"));
    assert_eq!(snapshot(&b.db), before);
    assert_eq!(b.ok(&["export"]), a.ok(&["export"]));
}

#[test]
fn a_db_path_is_never_read_as_a_uri() {
    let env = Env::new();
    let victim = env.path("victim.db");
    {
        let conn = rusqlite::Connection::open(&victim).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    }
    let victim_bytes = fs::read(&victim).unwrap();
    for db in ["file:victim.db", "file:victim.db?mode=rwc"] {
        let out = env
            .bare()
            .current_dir(env.dir.path())
            .args(["--db", db, "log", "--at", "2025-03-01 08:00", "--pain", "3"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "logged #1 at 2025-03-01 08:00: pain 3\n");
        assert_eq!(mode(&env.path(db)), 0o600);
    }
    assert_eq!(fs::read(&victim).unwrap(), victim_bytes, "another program's file is untouched");
    assert!(!env.files().iter().any(|f| f.starts_with("victim.db-")), "{:?}", env.files());
}

#[test]
fn ids_are_never_reused() {
    let env = Env::new();
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]),
        "logged #1 at 2025-03-01 08:00: pain 3\n"
    );
    assert_eq!(env.ok(&["delete", "1"]), "deleted #1 at 2025-03-01 08:00: pain 3\n");
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-01 09:00", "--pain", "5"]),
        "logged #2 at 2025-03-01 09:00: pain 5\n"
    );
    // The repeated delete cannot remove the new reading.
    let before = snapshot(&env.db);
    let err = env.fails(2, &["delete", "1"]);
    assert_eq!(
        err,
        "error: invalid value '1' for ID: there is no item #1; `footing history --items` lists the ids\n"
    );
    assert_eq!(snapshot(&env.db), before);
    assert_eq!(env.ok(&["undo"]), "deleted #2 at 2025-03-01 09:00: pain 5\n");
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-01 10:00", "--pain", "1"]),
        "logged #3 at 2025-03-01 10:00: pain 1\n"
    );
}

/// A version-2 database (before migration 0003) holding items 1–3, written as footing 0.1 did.
fn version_2_database(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(include_str!("../migrations/0001_init.sql")).unwrap();
    conn.execute_batch(include_str!("../migrations/0002_activity_indexes.sql")).unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 2; PRAGMA journal_mode = WAL;
         INSERT INTO item (day, time, type, pain) VALUES ('2025-03-01', '08:00', 'entry', 1),
             ('2025-03-01', '09:00', 'entry', 2), ('2025-03-01', '10:00', 'entry', 3);",
    )
    .unwrap();
}

#[test]
fn an_older_database_migrates_with_its_ids_and_never_overwrites_an_earlier_copy() {
    let env = Env::new();
    version_2_database(&env.db);
    let earlier = env.write("footing.db.v2.bak", "an earlier copy");
    let original = fs::read(&env.db).unwrap();
    assert_eq!(env.ok(&["delete", "3"]), "deleted #3 at 2025-03-01 10:00: pain 3\n");
    assert_eq!(fs::read(&earlier).unwrap(), b"an earlier copy");
    let copy = env.path("footing.db.v2.2.bak");
    assert_eq!(mode(&copy), 0o600);
    let kept = rusqlite::Connection::open(&copy).unwrap();
    let ids: Vec<i64> = kept
        .prepare("SELECT id FROM item ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, [1, 2, 3], "the copy holds the database as it was");
    drop(kept);
    assert_ne!(fs::read(&env.db).unwrap(), original);
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-01 11:00", "--pain", "4"]),
        "logged #4 at 2025-03-01 11:00: pain 4\n"
    );
}

#[test]
fn import_allows_26_hours_ahead_only() {
    let env = Env::new();
    let now = Local::now().naive_local();
    let at = |h: i64| (now + Duration::hours(h)).format("%Y-%m-%d %H:%M").to_string();
    let ok = env.write("ahead.csv", format!("{HEADER}\n,entry,{},3,,,,,,,,,,,,\n", at(25)));
    assert_eq!(env.ok(&["import", s(&ok)]), "imported 1 item, skipped 0 already stored\n");
    let before = snapshot(&env.db);
    let far = env.write("far.csv", format!("{HEADER}\n,entry,{},3,,,,,,,,,,,,\n", at(27)));
    let err = env.fails(2, &["import", s(&far)]);
    assert!(
        err.starts_with(&format!(
            "error: invalid value '{}' for at on line 2: that is more than 26 hours ahead of now (",
            at(27)
        )),
        "{err}"
    );
    assert!(
        err.ends_with(
            "); an imported item may be dated at most 26 hours ahead (an export made in another time zone)\n"
        ),
        "{err}"
    );
    assert_eq!(snapshot(&env.db), before);
    // `log` keeps its five minutes.
    let err = env.fails(2, &["log", "--pain", "3", "--at", &at(25)]);
    assert!(err.contains("items can be dated at most five minutes ahead"), "{err}");
}

#[test]
fn control_characters_are_shown_escaped_and_json_stays_exact() {
    let env = Env::new();
    let note = "\u{1b}[2J\u{1b}]0;owned\u{7}hi";
    let shown = "\\u{1b}[2J\\u{1b}]0;owned\\u{7}hi";
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3", "--note", note]),
        format!("logged #1 at 2025-03-01 08:00: pain 3, note \"{shown}\"\n")
    );
    let items = env.ok(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert!(items.contains(shown) && !items.contains('\u{1b}'), "{items}");
    let json = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert_eq!(json[0]["note"], note, "JSON keeps the note exactly");
    assert!(env
        .ok(&["history", "--items", "--json", "--from", "2025-03-01", "--to", "2025-03-01"])
        .contains("\\u001b[2J"));
    assert_eq!(env.ok(&["undo"]), format!("deleted #1 at 2025-03-01 08:00: pain 3, note \"{shown}\"\n"));

    // From a hostile file: imported notes print escaped; a bad value in a message too.
    let file = env.write("evil.csv", format!("{HEADER}\n,entry,2025-03-01 08:00,3,,,,,,,,,,,,\"{note}\"\n"));
    env.ok(&["import", s(&file)]);
    let items = env.ok(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert!(items.contains(shown) && !items.contains('\u{1b}'), "{items}");
    let bad = env.write("bad.csv", format!("{HEADER}\n,entry,2025-03-01 08:00,\u{1b}[2J,,,,,,,,,,,,\n"));
    let err = env.fails(2, &["import", s(&bad)]);
    assert_eq!(
        err,
        "error: invalid value '\\u{1b}[2J' for pain on line 2: expected a whole number from 0 to 10\n"
    );
    let err = env.fails(2, &["log", "--at", "\u{1b}[2J"]);
    assert_eq!(err, "error: invalid value '\\u{1b}[2J' for --at: expected YYYY-MM-DD HH:MM, YYYY-MM-DDTHH:MM, YYYY-MM-DD, HH:MM, today, yesterday, today HH:MM or yesterday HH:MM\n");
}

#[test]
fn csv_notes_are_spreadsheet_safe_and_round_trip() {
    let a = Env::new();
    let notes = ["=HYPERLINK(\"x\")", "+31 6 1234", "-tired", "@home", "\tindented", "'quoted", "fine = ok"];
    for (i, note) in notes.iter().enumerate() {
        a.ok(&["log", "--at", &format!("2025-03-01 08:0{i}"), "--pain", "3", "--note", note]);
    }
    let csv = a.ok(&["export", "--format", "csv"]);
    for written in [
        "'=HYPERLINK(\"\"x\"\")",
        "'+31 6 1234",
        "'-tired",
        "'@home",
        ",'\tindented,,,,,,\r\n",
        "''quoted",
        ",fine = ok,,,,,,\r\n",
    ] {
        assert!(csv.contains(written), "{written:?} in {csv}");
    }
    let file = a.write("e.csv", &csv);
    let b = a.with_db("b.db");
    assert_eq!(b.ok(&["import", s(&file)]), "imported 7 items, skipped 0 already stored\n");
    assert_eq!(b.ok(&["export"]), a.ok(&["export"]), "the round trip is lossless");
    assert_eq!(b.ok(&["import", s(&file)]), "imported 0 items, skipped 7 already stored\n");
}

#[test]
fn a_csv_cut_short_is_refused() {
    let a = Env::new();
    a.log_all(&[
        "log --at '2025-03-01 08:00' --pain 3",
        "log --at '2025-03-01 09:00' --pain 4 --note 'a long note, quoted'",
    ]);
    let csv = a.ok(&["export", "--format", "csv"]);
    let b = a.with_db("b.db");
    b.ok(&["log", "--at", "2025-02-01 08:00", "--pain", "1"]);
    let before = snapshot(&b.db);
    for (cut, why) in [
        (2, "it ends without its final line break"),
        (9, "it ends inside a quoted field"),
        (16, "it ends inside a quoted field"),
    ] {
        let file = b.write("cut.csv", &csv.as_bytes()[..csv.len() - cut]);
        let err = b.fails(2, &["import", s(&file)]);
        assert_eq!(
            err,
            format!(
                "error: the file is cut short: {why}, in the record on line 3; nothing was imported \
                 (export the file again, or copy it completely)\n"
            ),
            "cut {cut}"
        );
        assert_eq!(snapshot(&b.db), before);
    }
}

#[test]
fn outputs_never_replace_follow_links_or_land_on_directories() {
    let env = Env::new();
    seed(&env);
    let target = env.write("precious.txt", "precious");
    let link = env.path("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let dir = env.path("somedir");
    fs::create_dir(&dir).unwrap();
    for (args, flag) in [
        (vec!["export", "--out"], "--out"),
        (vec!["report", "--as-of", "2025-03-03", "--out"], "--out"),
        (vec!["backup"], "FILE"),
    ] {
        let mut with_link = args.clone();
        with_link.push(s(&link));
        with_link.push("--force");
        let err = env.fails(2, &with_link);
        assert_eq!(
            err,
            format!(
                "error: invalid value '{}' for {flag}: that is a symbolic link; footing writes only to a plain \
                 file (give the file itself, or another name)\n",
                s(&link)
            )
        );
        let mut with_dir = args.clone();
        with_dir.push(s(&dir));
        let err = env.fails(2, &with_dir);
        assert_eq!(
            err,
            format!("error: invalid value '{}' for {flag}: that is a directory; give a file name\n", s(&dir))
        );
    }
    assert_eq!(fs::read(&target).unwrap(), b"precious");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn temporary_files_left_by_a_killed_run_are_removed_by_the_next() {
    let env = Env::new();
    seed(&env);
    let out = env.path("out.json");
    let left = env.write(".out.json.0badf00d.tmp", "half an export");
    let left_journal = env.write(".copy.db.deadbeef.tmp-journal", "journal");
    env.write(".copy.db.deadbeef.tmp", "half a copy");
    env.ok(&["export", "--out", s(&out)]);
    assert!(!left.exists());
    env.ok(&["backup", s(&env.path("copy.db"))]);
    assert!(!left_journal.exists());
    let names = env.files();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    // A run killed while writing: the next one cleans up after it.
    let mut child =
        env.spawnable(&["export", "--out", s(&env.path("slow.json"))]).stdout(Stdio::null()).spawn().unwrap();
    child.kill().ok();
    child.wait().unwrap();
    env.write(".slow.json.12345678.tmp", "left by the killed run");
    env.ok(&["export", "--out", s(&env.path("slow.json")), "--force"]);
    assert!(env.files().iter().all(|n| !n.contains(".tmp")), "{:?}", env.files());
}

#[test]
fn concurrent_demos_into_one_new_database_fill_it_once() {
    let env = Env::new();
    let children: Vec<_> = (0..3)
        .map(|_| {
            env.spawnable(&["demo", "--days", "14"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let codes: Vec<i32> =
        children.into_iter().map(|c| c.wait_with_output().unwrap().status.code().unwrap()).collect();
    assert_eq!(codes.iter().filter(|&&c| c == 0).count(), 1, "{codes:?}");
    assert!(codes.iter().all(|&c| c == 0 || c == 1), "{codes:?}");
    let one = env.with_db("one.db");
    let expected = one.json(&["demo", "--days", "14"])["items"].clone();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let held: i64 = conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
    assert_eq!(Value::from(held), expected);
}

#[test]
fn a_busy_database_says_another_footing_is_writing() {
    let env = Env::new();
    seed(&env);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO item (day, time, type, pain) VALUES ('2025-03-05', '08:00', 'entry', 1);").unwrap();
    let err = env.fails(1, &["log", "--pain", "3"]);
    assert_eq!(
        err,
        format!(
            "error: another footing is writing to {} and it stayed busy for 10 seconds; nothing was changed; \
             try again in a moment\n",
            s(&env.db)
        )
    );
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn an_empty_file_becomes_a_private_database() {
    let env = Env::new();
    let db = env.write("footing.db", "");
    fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
    env.ok(&["log", "--pain", "3"]);
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn dates_before_1970_or_after_2099_are_refused_everywhere() {
    let env = Env::new();
    seed(&env);
    let before = snapshot(&env.db);
    let range = "footing takes dates from 1970-01-01 to 2099-12-31";
    for (args, flag, value) in [
        (&["log", "--pain", "3", "--at", "1969-12-31 08:00"][..], "--at", "1969-12-31 08:00"),
        (&["log", "--pain", "3", "--at", "0001-01-01"], "--at", "0001-01-01"),
        (&["history", "--from", "0001-01-01"], "--from", "0001-01-01"),
        (&["history", "--to", "9999-12-31"], "--to", "9999-12-31"),
        (&["trend", "--as-of", "2100-01-01"], "--as-of", "2100-01-01"),
        (&["advise", "--as-of", "1969-12-31"], "--as-of", "1969-12-31"),
        (&["zones", "--as-of", "2100-01-01"], "--as-of", "2100-01-01"),
        (&["report", "--as-of", "2100-01-01"], "--as-of", "2100-01-01"),
    ] {
        let err = env.fails(2, args);
        assert_eq!(err, format!("error: invalid value '{value}' for {flag}: {range}\n"), "{args:?}");
    }
    let file = env.write("old.csv", format!("{HEADER}\n,entry,1969-12-31 08:00,3,,,,,,,,,,,,\n"));
    let err = env.fails(2, &["import", s(&file)]);
    assert_eq!(err, format!("error: invalid value '1969-12-31 08:00' for at on line 2: {range}\n"));
    assert_eq!(snapshot(&env.db), before);
}

#[test]
fn small_messages_name_the_flag_and_what_is_allowed() {
    let env = Env::new();
    seed(&env);
    let before = snapshot(&env.db);
    let err = env.fails(2, &["history", "--days", "-1"]);
    assert!(
        err.starts_with(
            "error: invalid value '-1' for '--days <N>': expected a whole number from 1 to 36500\n"
        ),
        "{err}"
    );
    let err = env.fails(2, &["delete", "-1"]);
    assert!(err.starts_with("error: invalid value '-1' for '<ID>': expected an item id, a whole number as `footing history --items` shows\n"), "{err}");
    let err = env.fails(2, &["zones", "--weeks", "-2"]);
    assert!(
        err.starts_with(
            "error: invalid value '-2' for '--weeks <N>': expected a whole number from 1 to 52\n"
        ),
        "{err}"
    );
    let err = env.fails(2, &["session", "strength"]);
    assert_eq!(
        err,
        "error: a strength session needs a volume: sets and reps (like --sets 2 --reps 10) or minutes \
         (like --minutes 10); or name the exercises done, like footing session heel-raises:2x10 (see `footing plan`)\n"
    );
    let dir = env.path("reports");
    fs::create_dir(&dir).unwrap();
    let err = env.fails(2, &["report", "--out", s(&dir)]);
    assert_eq!(
        err,
        format!("error: invalid value '{}' for --out: that is a directory; give a file name\n", s(&dir))
    );
    assert_eq!(snapshot(&env.db), before);
    assert_eq!(
        env.ok(&["log", "--at", "2025-03-03 08:00", "--note", "-tired"]),
        "logged #4 at 2025-03-03 08:00: note \"-tired\"\n"
    );
}

/// Issue 10, item 11: a reader that may not write the database (another person reading a
/// file they may only read, in a folder they may write; or a file made read-only) reads it as
/// it is. SQLite would otherwise create `-wal` and `-shm` beside it with the file's read-only
/// permissions and leave them there, and every later write by the owner would fail.
#[test]
fn a_reader_that_may_not_write_leaves_nothing_that_blocks_later_writes() {
    let env = Env::new();
    let shared = env.with_db("shared/footing.db");
    let dir = env.path("shared");
    shared.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3"]);
    let set = |p: &Path, m| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    let names = || {
        let mut n: Vec<String> =
            fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        n.sort();
        n
    };
    assert_eq!(names(), ["footing.db"]);
    let before = fs::read(&shared.db).unwrap();
    // The file may be read by everyone and written by no one; the folder may be written by all.
    set(env.dir.path(), 0o755);
    set(&dir, 0o777);
    set(&shared.db, 0o444);
    // File permissions do not bind root: as root, the reader runs as `nobody` so they do.
    let root = String::from_utf8_lossy(&std::process::Command::new("id").arg("-u").output().unwrap().stdout)
        .trim()
        == "0";
    let bin = assert_cmd::cargo::cargo_bin!("footing");
    let mut reader = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"]).arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    reader
        .arg("--db")
        .arg(&shared.db)
        .args(["history", "--json", "--from", "2025-03-01", "--to", "2025-03-01"])
        .env("HOME", env.dir.path())
        .env_remove("FOOTING_DB");
    let read = reader.output().unwrap();
    let after_reading = names();
    set(&dir, 0o700);
    set(&shared.db, 0o600);
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let days: Value = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(days[0]["pain"], serde_json::json!(3.0));
    assert_eq!(after_reading, ["footing.db"], "the reader left files beside the database");
    assert_eq!(fs::read(&shared.db).unwrap(), before);
    // The owner writes as before.
    assert!(shared.ok(&["log", "--at", "2025-03-01 09:00", "--pain", "4"]).contains("#2"));
    let items = shared.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert_eq!(items.as_array().map(Vec::len), Some(2), "{items}");
}
