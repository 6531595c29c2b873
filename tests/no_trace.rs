//! Issue 19, items 5 and 6 end to end: reading never writes (an older database is read
//! through an upgraded copy in memory, read-only files and folders included), and a write
//! that fails for want of space leaves nothing behind and names the file it could not write
//! (§8).

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{s, Env};

/// A database of schema version 2 (before ids were kept, the foot check, the program…),
/// with three entries.
fn version_2_database(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(include_str!("../migrations/0001_init.sql")).unwrap();
    conn.execute_batch(include_str!("../migrations/0002_activity_indexes.sql")).unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 2; PRAGMA journal_mode = WAL;
         INSERT INTO item (day, time, type, pain, note) VALUES ('2025-03-01', '08:00', 'entry', 1, 'one'),
             ('2025-03-01', '09:00', 'entry', 2, NULL), ('2025-03-02', '10:00', 'entry', 3, 'three');",
    )
    .unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    n.sort();
    n
}

fn is_root() -> bool {
    String::from_utf8_lossy(&Command::new("id").arg("-u").output().unwrap().stdout).trim() == "0"
}

/// `advise` leaves its read-only connection to the process exit (issue 18), so SQLite's
/// empty log and its index may stay beside the database; the next write closes and removes
/// them, and the file alone then holds everything.
#[test]
fn the_log_a_reading_command_leaves_goes_with_the_next_write() {
    let env = Env::new().now("2031-04-10 08:00");
    env.ok(&["log", "--pain", "3"]);
    env.ok(&["advise"]);
    let wal = env.path("footing.db-wal");
    assert_eq!(fs::metadata(&wal).map(|m| m.len()).ok(), Some(0), "{:?}", names(env.dir.path()));
    env.ok(&["log", "--pain", "2"]);
    assert_eq!(names(env.dir.path()), ["backups", "footing.db"]);
    // The file alone holds both entries.
    let conn =
        rusqlite::Connection::open_with_flags(&env.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);
}

#[test]
fn an_older_database_is_read_without_a_write_and_upgraded_by_the_first_write() {
    let env = Env::new().now("2031-04-10 08:00");
    version_2_database(&env.db);
    let before = fs::read(&env.db).unwrap();
    let json = env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-02"]);
    assert_eq!(json.as_array().unwrap().len(), 3);
    let csv = env.ok(&["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    env.ok(&["check"]);
    env.ok(&["trend", "--as-of", "2025-03-02"]);
    // `check` looks at the file itself: an entry whose date no longer matches its index
    // entry is found, though the copy in memory rebuilds its indexes from the rows.
    let item_page = {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        let page: i64 = conn
            .query_row("SELECT rootpage FROM sqlite_master WHERE name = 'item'", [], |r| r.get(0))
            .unwrap();
        page as usize
    };
    let mut broken = before.clone();
    let page = &mut broken[(item_page - 1) * 4096..item_page * 4096];
    let at = page.windows(10).position(|w| w == b"2025-03-02").expect("row 3's date");
    page[at..at + 10].copy_from_slice(b"2025-03-05");
    fs::write(&env.db, &broken).unwrap();
    let err = env.fails(1, &["check"]);
    assert!(err.starts_with(&format!("error: {} is damaged: ", s(&env.db))), "{err}");
    fs::write(&env.db, &before).unwrap();
    assert_eq!(fs::read(&env.db).unwrap(), before, "reading left the file as it was");
    assert_eq!(names(env.dir.path()), ["footing.db"], "and wrote nothing beside it");
    // The first write upgrades it, after the copy before a migration and the day's backup.
    env.ok(&["log", "--pain", "2"]);
    assert!(env.path("footing.db.v2.bak").exists());
    assert!(env.path("backups/footing-2031-04-10.db").exists());
    assert_eq!(
        env.json(&["history", "--items", "--from", "2025-03-01", "--to", "2031-04-10"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn a_read_only_older_database_in_a_read_only_folder_is_exported_untouched() {
    let env = Env::new().now("2031-04-10 08:00");
    let dir = env.path("cd");
    fs::create_dir(&dir).unwrap();
    let db = dir.join("footing.db");
    version_2_database(&db);
    let before = fs::read(&db).unwrap();
    let set = |p: &Path, m| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    set(env.dir.path(), 0o755);
    set(&db, 0o444);
    set(&dir, 0o555);
    // File permissions do not bind root: as root, the reader runs as `nobody` so they do.
    let bin = assert_cmd::cargo::cargo_bin!("footing");
    let mut reader = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let out = reader
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "json"])
        .env("HOME", env.dir.path())
        .env("FOOTING_NOW", "2031-04-10 08:00")
        .env_remove("FOOTING_DB")
        .output()
        .unwrap();
    set(&dir, 0o700);
    set(&db, 0o600);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<&serde_json::Value> =
        json["items"].as_array().unwrap().iter().map(|i| &i["note"]).collect();
    assert_eq!(notes, [&serde_json::json!("one"), &serde_json::Value::Null, &serde_json::json!("three")]);
    assert_eq!(fs::read(&db).unwrap(), before);
    assert_eq!(names(&dir), ["footing.db"]);
}

/// A 1 MiB tmpfs mounted in the test's temp dir (root only), unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(env: &Env) -> Option<SmallDisk> {
        let at = env.path("small");
        fs::create_dir(&at).unwrap();
        let ok = is_root()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
                .arg(&at)
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("SKIPPED: cannot mount a small tmpfs (not root?): the disk-full cases did not run");
            return None;
        }
        Some(SmallDisk(at))
    }

    /// Fills the disk but for `left` bytes.
    fn fill(&self, left: u64) {
        let stat = nix_free(&self.0);
        let size = stat.saturating_sub(left);
        fs::write(self.0.join("fill"), vec![0u8; size as usize]).unwrap();
    }
}

/// Free bytes on the file system of `dir`.
fn nix_free(dir: &Path) -> u64 {
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).unwrap();
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::statvfs(c.as_ptr(), &mut st) }, 0);
    st.f_bavail as u64 * st.f_frsize as u64
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn big_csv(env: &Env) -> PathBuf {
    let mut csv = String::from(
        "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note\n",
    );
    for i in 0..3000 {
        csv.push_str(&format!(
            ",entry,2030-01-{:02} {:02}:{:02},3,,,,,,,,,,,,{}\n",
            1 + i / 1440,
            (i / 60) % 24,
            i % 60,
            "n".repeat(500)
        ));
    }
    env.write("big.csv", csv)
}

#[test]
fn a_full_disk_leaves_no_grown_log_and_names_the_file_it_could_not_write() {
    let env = Env::new().now("2031-04-10 08:00");
    let Some(disk) = SmallDisk::mount(&env) else { return };
    let on_disk = env.with_db("small/footing.db");
    on_disk.ok(&["log", "--pain", "3"]);
    on_disk.ok(&["log", "--pain", "4"]);
    let csv = big_csv(&env);
    let before = fs::read(&on_disk.db).unwrap();
    // Another reader holds the database open, so SQLite does not remove the log on closing.
    let reader = rusqlite::Connection::open(&on_disk.db).unwrap();
    let _: i64 = reader.query_row("SELECT count(*) FROM item", [], |r| r.get(0)).unwrap();
    let err = on_disk.fails(1, &["import", s(&csv)]);
    assert_eq!(
        err,
        format!("error: the disk is full: could not write {}; nothing was saved\n", s(&on_disk.db))
    );
    let wal = env.path("small/footing.db-wal");
    assert_eq!(fs::metadata(&wal).map_or(0, |m| m.len()), 0, "the log gave back what the failed import took");
    drop(reader);
    assert_eq!(fs::read(&on_disk.db).unwrap(), before);
    assert_eq!(on_disk.json(&["check"])["items"], 2);
    // A backup and an export onto the full disk name their target, and leave nothing there.
    let big = env.with_db("big.db");
    big.ok(&["import", s(&csv)]);
    disk.fill(4096);
    let left = names(&disk.0);
    for (args, target) in [(vec!["backup"], "small/copy.db"), (vec!["export", "--out"], "small/out.csv")] {
        let target = env.path(target);
        let mut all = args.clone();
        all.push(s(&target));
        let err = big.fails(1, &all);
        assert!(err.contains(&format!("could not write {}", s(&target))), "{args:?}: {err}");
        assert!(!err.contains("big.db"), "{args:?} names the target, not the source: {err}");
        assert_eq!(names(&disk.0), left, "{args:?} left nothing");
    }
}
