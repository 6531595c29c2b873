//! Issue 19 end to end: the day's first write checks the whole file and takes a verified
//! backup (§8); damage deeper than a table's first page stops writes within a day and is an
//! error for any read that meets it; `check` lists the backups and `restore` puts one back.
//! Every run sets its clock with FOOTING_NOW, never the system's.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use common::{mode, s, snapshot, Env};

const CSV_HEADER: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The dates of the daily backups of `env`'s database, newest first, as `check --json` lists them.
fn listed(env: &Env, now: &str) -> Vec<String> {
    let env = env.clone().now(now);
    let json = env.json(&["check"]);
    json["backups"].as_array().unwrap().iter().map(|b| b["date"].as_str().unwrap().to_string()).collect()
}

/// The backups rotation keeps on `today`, computed the long way: each copy taken on `days`
/// is kept when fewer than 7 copies are newer than it, or when no newer copy falls in its
/// ISO week and that week starts at most 7 weeks before this week's Monday.
fn expected(days: &[NaiveDate], today: NaiveDate) -> Vec<String> {
    let monday = |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let mut kept: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| {
            let newer: Vec<&NaiveDate> = days.iter().filter(|x| *x > d).collect();
            let newest_of_week = newer.iter().all(|x| monday(**x) != monday(*d));
            let recent_week = (monday(today) - monday(*d)).num_days() <= 7 * 7;
            newer.len() < 7 || (newest_of_week && recent_week)
        })
        .collect();
    kept.sort_by(|a, b| b.cmp(a));
    kept.iter().map(|d| d.to_string()).collect()
}

/// A month and a half of mornings: each day's first `log` takes that day's backup (of the
/// days before), and rotation keeps the 7 newest and the newest of the last 8 weeks.
#[test]
fn daily_backups_rotate_over_a_simulated_month_and_a_half() {
    let env = Env::new();
    let first = day("2031-02-20");
    let last = day("2031-04-10");
    let mut taken = Vec::new();
    for d in first.iter_days().take_while(|d| *d <= last) {
        let morning = env.clone().now(&format!("{d} 07:30"));
        morning.ok(&["log", "--pain", "2"]);
        // The first day, the database held nothing before this second write, which takes
        // that day's backup; on the other days the second write takes nothing.
        morning.ok(&["log", "--walk", "10"]);
        taken.push(d);
        assert_eq!(listed(&env, &format!("{d} 07:31")), expected(&taken, d), "on {d}");
    }
    // Worked by hand for Thursday 2031-04-10: the 7 newest (04-04 … 04-10) and the Sundays of
    // the 6 weeks before this one and last (03-30, 03-23, 03-16, 03-09, 03-02, 02-23).
    assert_eq!(
        listed(&env, "2031-04-10 08:00"),
        [
            "2031-04-10",
            "2031-04-09",
            "2031-04-08",
            "2031-04-07",
            "2031-04-06",
            "2031-04-05",
            "2031-04-04",
            "2031-03-30",
            "2031-03-23",
            "2031-03-16",
            "2031-03-09",
            "2031-03-02",
            "2031-02-23",
        ]
    );
    let folder = env.path("backups");
    assert_eq!(mode(&folder), 0o700);
    let names: Vec<PathBuf> = fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(names.len(), 13, "nothing else in the folder: {names:?}");
    for n in &names {
        assert_eq!(mode(n), 0o600, "{}", n.display());
    }
    // The backup of 04-08 was taken before that day's entries: it holds the days before.
    let copy = env.with_db("backups/footing-2031-04-08.db").now("2031-04-10 08:00");
    let items = copy.json(&["history", "--items", "--from", "2031-02-01", "--to", "2031-04-10"]);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2 * 47, "two entries a day from 02-20 to 04-07");
    assert_eq!(items.last().unwrap()["at"], "2031-04-07 07:30");
    // `check` lists them, newest first, after its verdict.
    let text = env.clone().now("2031-04-10 08:00").ok(&["check"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "daily backups, newest first:");
    assert_eq!(lines[2], format!("  2031-04-10  {}", s(&folder.join("footing-2031-04-10.db"))));
    assert_eq!(lines.last().unwrap(), &format!("  2031-02-23  {}", s(&folder.join("footing-2031-02-23.db"))));
}

/// Three days of entries with their backups: 04-08 has day 1, 04-09 days 1–2, 04-10 days 1–3.
fn three_days() -> Env {
    let env = Env::new();
    for d in ["2031-04-07", "2031-04-08", "2031-04-09", "2031-04-10"] {
        env.clone().now(&format!("{d} 08:00")).ok(&["log", "--pain", "3", "--note", d]);
    }
    env
}

fn notes(env: &Env) -> Vec<String> {
    let items = env.json(&["history", "--items", "--from", "2031-04-01", "--to", "2031-04-10"]);
    items.as_array().unwrap().iter().map(|i| i["note"].as_str().unwrap().to_string()).collect()
}

#[test]
fn restore_puts_back_the_chosen_day_and_keeps_the_current_file() {
    let env = three_days().now("2031-04-10 09:00");
    let current = fs::read(&env.db).unwrap();
    let out = env.ok(&["restore", "2031-04-09"]);
    let saved = env.path("footing.db.before-restore.bak");
    let (paths, trade) = out.split_once("\n\n").expect("the paths, then what was traded");
    assert_eq!(
        format!("{paths}\n"),
        format!(
            "restored the daily backup of 2031-04-09 ({}) to {}\nthe file it replaced is kept as {}\n",
            s(&env.path("backups/footing-2031-04-09.db")),
            s(&env.db),
            s(&saved)
        )
    );
    // What the restore traded, in items: the copy of the 9th holds the 7th and the 8th;
    // the file kept aside held all four days, the 9th and the 10th included.
    assert_eq!(
        trade.split_whitespace().collect::<Vec<_>>().join(" "),
        "The database now holds 2 items, as it was before the first change of 2031-04-09; the file \
         kept aside holds 4 items. To go back to it, copy it over the database while no footing runs."
    );
    assert_eq!(notes(&env), ["2031-04-07", "2031-04-08"]);
    assert_eq!(fs::read(&saved).unwrap(), current, "the replaced file, byte for byte");
    assert_eq!(mode(&env.db), 0o600);
    // The backup stays; a second restore never replaces the first saved file.
    assert!(env.path("backups/footing-2031-04-09.db").exists());
    let json = env.json(&["restore"]);
    assert_eq!(json["date"], "2031-04-10");
    assert_eq!(json["saved"], s(&env.path("footing.db.before-restore.2.bak")));
    assert_eq!(fs::read(&saved).unwrap(), current);
    assert_eq!(notes(&env), ["2031-04-07", "2031-04-08", "2031-04-09"]);
    // The saved file is a whole database with everything it held.
    let back = env.with_db("footing.db.before-restore.bak");
    assert_eq!(notes(&back), ["2031-04-07", "2031-04-08", "2031-04-09", "2031-04-10"]);
    // Through a symbolic link, the file it names is restored and the link stays a link.
    std::os::unix::fs::symlink(&env.db, env.path("link.db")).unwrap();
    let linked = env.with_db("link.db");
    fs::create_dir(env.path("link-backups")).unwrap();
    fs::rename(env.path("backups"), env.path("link-backups/backups")).unwrap();
    fs::create_dir(env.path("backups")).unwrap();
    fs::copy(env.path("link-backups/backups/footing-2031-04-08.db"), env.path("backups/link-2031-04-08.db"))
        .unwrap();
    linked.ok(&["restore"]);
    assert!(fs::symlink_metadata(env.path("link.db")).unwrap().file_type().is_symlink());
    assert_eq!(notes(&env), ["2031-04-07"]);
}

#[test]
fn restore_of_a_date_without_a_backup_lists_the_dates_and_changes_nothing() {
    let env = three_days().now("2031-04-10 09:00");
    let before = env.files();
    let db = snapshot(&env.db);
    let err = env.fails(1, &["restore", "2031-04-07"]);
    assert_eq!(
        err,
        "error: there is no daily backup of 2031-04-07; there are: 2031-04-10, 2031-04-09, 2031-04-08; \
         nothing was changed\n"
    );
    assert_eq!(env.files(), before);
    assert_eq!(snapshot(&env.db), db);
    let err = env.fails(2, &["restore", "April"]);
    assert!(err.starts_with("error: invalid value 'April' for DATE: "), "{err}");
    // No backups at all.
    let empty = Env::new().now("2031-04-10 09:00");
    let err = empty.fails(1, &["restore"]);
    assert_eq!(
        err,
        format!(
            "error: there are no daily backups in {} to restore; nothing was changed\n",
            s(&empty.path("backups"))
        )
    );
}

#[test]
fn restore_passes_over_a_damaged_newest_backup() {
    let env = three_days().now("2031-04-10 09:00");
    let newest = env.path("backups/footing-2031-04-10.db");
    let mut bytes = fs::read(&newest).unwrap();
    let n = bytes.len();
    bytes[n - 4096..].fill(0xa5);
    fs::write(&newest, &bytes).unwrap();
    let out = env.ok(&["restore"]);
    assert!(out.starts_with(&format!(
        "passed over the backup of 2031-04-10 ({}): it failed SQLite's integrity check\nrestored the daily \
         backup of 2031-04-09",
        s(&newest)
    )));
    assert_eq!(notes(&env), ["2031-04-07", "2031-04-08"]);
    let err = env.fails(1, &["restore", "2031-04-10"]);
    assert!(err.starts_with("error: the daily backup of 2031-04-10 ("), "{err}");
}

/// A database of 1,500 days of entries with notes (many pages of items, of the day index and
/// of the logged days), one note long enough to need overflow pages, and item 700 deleted;
/// `old` is the file before the delete (for a stale page). Built once: (old, new, the day's
/// backup).
struct Seeded {
    old: Vec<u8>,
    new: Vec<u8>,
    backup: Vec<u8>,
}

fn seeded() -> &'static Seeded {
    static SEEDED: OnceLock<Seeded> = OnceLock::new();
    SEEDED.get_or_init(|| {
        let env = Env::new().now("2031-04-09 08:00");
        let mut csv = format!("{CSV_HEADER}\n");
        let start = day("2027-01-01");
        for i in 0..1500 {
            let note = format!("day {i} {}", "walked to the shop and back ".repeat(3));
            csv.push_str(&format!(
                ",entry,{} 08:00,{},,,,,,,,,,,,{note}\n",
                start + Duration::days(i),
                i % 7
            ));
        }
        csv.push_str(&format!(",entry,2031-04-01 08:00,2,,,,,,,,,,,,{}\n", "é".repeat(3000)));
        let file = env.write("seed.csv", csv);
        env.ok(&["import", s(&file)]);
        // The second write of the day takes the day's backup.
        env.ok(&["log", "--pain", "1"]);
        assert!(!env.path("footing.db-wal").exists());
        let old = fs::read(&env.db).unwrap();
        env.ok(&["delete", "700"]);
        let new = fs::read(&env.db).unwrap();
        let backup = fs::read(env.path("backups/footing-2031-04-09.db")).unwrap();
        Seeded { old, new, backup }
    })
}

/// The pages of `name` of one type (`leaf`, `internal`, `overflow`) in the database `bytes`.
fn pages(bytes: &[u8], name: &str, kind: &str) -> Vec<usize> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    fs::write(&path, bytes).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt =
        conn.prepare("SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = ?2 ORDER BY pageno").unwrap();
    let found: Vec<usize> =
        stmt.query_map([name, kind], |r| r.get::<_, i64>(0)).unwrap().map(|p| p.unwrap() as usize).collect();
    found
}

const PAGE: usize = 4096;

fn page_mut(bytes: &mut [u8], page: usize) -> &mut [u8] {
    &mut bytes[(page - 1) * PAGE..page * PAGE]
}

/// The eight kinds of damage below a table's first page, each applied to the seeded file.
fn damaged(kind: &str) -> Vec<u8> {
    let seed = seeded();
    let mut b = seed.new.clone();
    let leaves = pages(&seed.new, "item", "leaf");
    let middle = leaves[leaves.len() / 2];
    match kind {
        "zeroed leaf" => page_mut(&mut b, middle).fill(0),
        "random bytes" => {
            let mut x: u32 = 0x1234_5678;
            for byte in page_mut(&mut b, middle).iter_mut().skip(8) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *byte = x as u8;
            }
        }
        "changed cell" => {
            // The first two cell pointers swapped: the page's rowids out of order.
            let p = page_mut(&mut b, middle);
            let (a, c) = ([p[8], p[9]], [p[10], p[11]]);
            p[8..10].copy_from_slice(&c);
            p[10..12].copy_from_slice(&a);
        }
        "zeroed index page" => {
            let index = pages(&seed.new, "item_by_day", "leaf");
            page_mut(&mut b, index[index.len() / 2]).fill(0);
        }
        "stale page" => {
            // The page that held item 700 as it was before the delete: a lost write.
            let changed = leaves
                .iter()
                .copied()
                .find(|&p| seed.old[(p - 1) * PAGE..p * PAGE] != seed.new[(p - 1) * PAGE..p * PAGE])
                .expect("the delete changed a leaf");
            page_mut(&mut b, changed).copy_from_slice(&seed.old[(changed - 1) * PAGE..changed * PAGE]);
        }
        "misdirected write" => {
            // A page of the logged days written where a page of items belongs.
            let days = pages(&seed.new, "logged_day", "leaf");
            let from = b[(days[0] - 1) * PAGE..days[0] * PAGE].to_vec();
            page_mut(&mut b, middle).copy_from_slice(&from);
        }
        "zeroed logged-day page" => {
            let days = pages(&seed.new, "logged_day", "leaf");
            page_mut(&mut b, days[days.len() / 2]).fill(0);
        }
        "swapped leaves" => {
            let (x, y) = (leaves[1], leaves[leaves.len() - 2]);
            let a = b[(x - 1) * PAGE..x * PAGE].to_vec();
            let c = b[(y - 1) * PAGE..y * PAGE].to_vec();
            page_mut(&mut b, x).copy_from_slice(&c);
            page_mut(&mut b, y).copy_from_slice(&a);
        }
        other => panic!("unknown damage {other}"),
    }
    assert_ne!(b, seed.new);
    b
}

const KINDS: [&str; 8] = [
    "zeroed leaf",
    "random bytes",
    "changed cell",
    "zeroed index page",
    "stale page",
    "misdirected write",
    "zeroed logged-day page",
    "swapped leaves",
];

/// Each kind of deeper damage is refused by the next day's first write (the quick check),
/// with the advice naming the day's backup, and nothing is written; a read that meets the
/// damaged page (SQLite reports it) exits 1 instead of printing part of the answer; `check`
/// and `backup` find every kind; `restore` then puts the day's backup back and writing works.
#[test]
fn deeper_damage_stops_the_next_days_first_write_and_reads_that_meet_it() {
    for kind in KINDS {
        let env = Env::new().now("2031-04-10 08:00");
        fs::create_dir(env.path("backups")).unwrap();
        let copy = env.path("backups/footing-2031-04-09.db");
        fs::write(&copy, &seeded().backup).unwrap();
        fs::write(&env.db, damaged(kind)).unwrap();
        let before = snapshot(&env.db);
        let advice = format!(
            "; nothing was written; restore a backup: `footing restore` puts back the newest daily copy that is \
             sound (the newest is 2031-04-09, {}) and keeps the damaged file beside it; `footing check` shows \
             what is wrong\n",
            s(&copy)
        );
        let damaged_prefix = format!("error: {} is damaged: ", s(&env.db));
        for args in [&["log", "--pain", "3"][..], &["session", "balance", "--minutes", "5"], &["delete", "3"]]
        {
            let err = env.fails(1, args);
            assert!(err.starts_with(&damaged_prefix) && err.ends_with(&advice), "{kind}, {args:?}: {err}");
            assert_eq!(snapshot(&env.db), before, "{kind}: {args:?} wrote nothing");
        }
        assert!(!env.path("backups/footing-2031-04-10.db").exists(), "{kind}: no copy of a damaged file");
        // Reads: those that meet a damaged page of the items or their index.
        let meets_items = !matches!(kind, "stale page" | "zeroed logged-day page");
        for args in [
            &["export", "--format", "json"][..],
            &["history", "--items", "--from", "2027-01-01", "--to", "2031-04-10"],
            &["history", "--items", "--from", "2027-01-01", "--to", "2031-04-10", "--json"],
        ] {
            let (code, out, err) = env.run(args);
            if meets_items {
                assert_eq!(code, 1, "{kind}: {args:?}");
                assert!(err.starts_with(&damaged_prefix) && err.ends_with(&advice), "{kind}: {err}");
                assert!(
                    !out.ends_with("]}\n") && !out.ends_with("]\n") && !out.ends_with("┘\n"),
                    "{kind}: {args:?}"
                );
            } else {
                // A lost write or a page of the logged days: SQLite reads what is there.
                assert_eq!(code, 0, "{kind}: {args:?}: {err}");
            }
        }
        if meets_items {
            // A file being written when the damage is met is not left behind.
            let out = env.path("out.json");
            let err = env.fails(1, &["export", "--out", s(&out)]);
            assert!(err.starts_with(&damaged_prefix), "{kind}: {err}");
            assert!(!out.exists());
            assert!(env.files().iter().all(|n| !n.contains(".tmp")), "{kind}: {:?}", env.files());
        }
        let err = env.fails(1, &["check"]);
        assert!(err.starts_with(&damaged_prefix), "{kind}: {err}");
        let err = env.fails(1, &["backup", s(&env.path("copy.db"))]);
        assert!(err.starts_with(&damaged_prefix), "{kind}: {err}");
        assert!(!env.path("copy.db").exists());
        assert_eq!(snapshot(&env.db), before, "{kind}: reading wrote nothing");
        // What to do works: the day's backup goes back, the damaged file is kept.
        env.ok(&["restore"]);
        assert_eq!(fs::read(env.path("footing.db.before-restore.bak")).unwrap(), before[0]);
        env.ok(&["log", "--pain", "3"]);
        assert!(env.path("backups/footing-2031-04-10.db").exists(), "{kind}");
    }
}

/// SQLite's integrity check of a file, read-only: "ok" when sound.
fn integrity(path: &Path) -> String {
    // Immutable when no log lies beside it: a read-only connection to a file in WAL mode
    // would leave -wal and -shm; with a log (a killed writer's), the log is read too.
    let wal = Path::new(&format!("{}-wal", s(path))).exists();
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
    let uri = if wal { format!("file:{}", s(path)) } else { format!("file:{}?immutable=1", s(path)) };
    let conn = rusqlite::Connection::open_with_flags(uri, flags).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap_or_else(|e| e.to_string())
}

/// kill -9 at any moment of a day's first write (the quick check, the copy, its check, the
/// rotation, the entry): the database and the newest backup are always sound, and the next
/// run removes what the killed one left.
#[test]
fn a_kill_during_the_daily_check_and_backup_leaves_the_database_and_the_newest_backup_sound() {
    let env = Env::new();
    fs::write(&env.db, &seeded().new).unwrap();
    let mut rng = 0x9e37_79b9_u32;
    let mut killed = 0;
    for i in 0..40 {
        let d = day("2031-05-01") + Duration::days(i);
        let run = env.clone().now(&format!("{d} 08:00"));
        let mut child = run
            .spawnable(&["log", "--pain", "2"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 17;
        rng ^= rng << 5;
        std::thread::sleep(std::time::Duration::from_micros(u64::from(rng % 25_000)));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        assert_eq!(integrity(&env.db), "ok", "the database after a kill on {d}");
        if let Some(newest) = listed(&env, &format!("{d} 08:00")).first() {
            let newest = env.path(&format!("backups/footing-{newest}.db"));
            assert_eq!(integrity(&newest), "ok", "the newest backup after a kill on {d}");
        }
    }
    assert!(killed >= 10, "only {killed} runs were killed while working");
    // The next run finishes; what killed runs left beside the copies is gone.
    let last = env.clone().now("2031-06-15 08:00");
    last.ok(&["log", "--pain", "2"]);
    let names: Vec<String> = fs::read_dir(env.path("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| n.starts_with("footing-2031-") && n.ends_with(".db")), "{names:?}");
    assert_eq!(integrity(&env.path("backups/footing-2031-06-15.db")), "ok");
}

/// kill -9 the moment `log` has said it stored the entry (while it closes the database):
/// the entry is there, and the file is sound. What `log` reports as stored survives.
#[test]
fn a_kill_right_after_the_commit_keeps_the_entry() {
    use std::io::BufRead;
    let env = Env::new().now("2031-04-10 08:00");
    env.ok(&["log", "--pain", "1"]);
    for i in 0..20 {
        let at = format!("2031-04-10 07:{i:02}");
        let mut child = env
            .spawnable(&["log", "--pain", "2", "--at", &at])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let _ = child.kill();
        child.wait().unwrap();
        assert!(line.starts_with("logged #"), "{line}");
        assert_eq!(integrity(&env.db), "ok");
        let items = env.json(&["history", "--items", "--from", "2031-04-10", "--to", "2031-04-10"]);
        assert!(items.as_array().unwrap().iter().any(|x| x["at"] == at.as_str()), "{at} survived the kill");
    }
}

/// A backup that cannot be written (here `backups` is a file, not a folder) never costs the
/// entry: it is saved, with a warning, and the next write tries again.
#[test]
fn an_entry_is_saved_when_the_days_backup_cannot_be_written() {
    let env = Env::new().now("2031-04-10 08:00");
    env.ok(&["log", "--pain", "1"]);
    env.write("backups", "not a folder");
    let (out, err) = env.ok_both(&["log", "--pain", "2"]);
    assert_eq!(out, "logged #2 at 2031-04-10 08:00: pain 2\n");
    assert!(
        err.starts_with("warning: today's backup could not be written (could not create ")
            && err.ends_with(
                "what you asked is saved all the same, and the next command that writes tries again\n"
            ),
        "{err}"
    );
    fs::remove_file(env.path("backups")).unwrap();
    let (_, err) = env.ok_both(&["log", "--pain", "3"]);
    assert_eq!(err, "");
    assert_eq!(listed(&env, "2031-04-10 09:00"), ["2031-04-10"]);
}
