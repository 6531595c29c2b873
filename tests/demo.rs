//! `footing demo` end to end: where it writes, what it refuses, and that it is repeatable.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

/// A temp home: HOME, XDG_DATA_HOME and FOOTING_DB all point inside it, so no test can touch a
/// real database.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The user's own database (FOOTING_DB).
    fn user_db(&self) -> PathBuf {
        self.path("user/footing.db")
    }

    fn footing(&self) -> Command {
        let mut cmd = Command::cargo_bin("footing").unwrap();
        cmd.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("FOOTING_DB", self.user_db())
            .env_remove("NO_COLOR");
        cmd
    }

    /// Runs footing and returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.footing().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Runs footing with FOOTING_DB set to `db`.
    fn run_with_db_env(&self, db: &Path, args: &[&str]) -> (i32, String, String) {
        let out = self.footing().env("FOOTING_DB", db).args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// `history --items --json` over the last `days` days of a database.
    fn items(&self, db: &Path, days: u32) -> Vec<serde_json::Value> {
        let (code, out, err) =
            self.run(&["--db", s(db), "--json", "history", "--items", "--days", &days.to_string()]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct DemoJson {
    db: String,
    items: usize,
    days: u32,
    seed: u64,
}

#[test]
fn demo_fills_the_database_it_is_given_and_says_how_to_use_it() {
    let home = Home::new();
    let db = home.path("demo.db");
    let (code, out, err) = home.run(&["--db", s(&db), "demo", "--days", "30", "--seed", "7"]);
    assert_eq!(code, 0, "{err}");
    let items = home.items(&db, 30);
    assert!(items.len() > 100, "{} items", items.len());
    let first_line = out.lines().next().unwrap();
    assert_eq!(
        first_line,
        format!("wrote a demo program of 30 days ({} items, seed 7) to {}", items.len(), db.display())
    );
    assert!(out.contains(&format!("  footing --db {} trend\n", db.display())), "{out}");
    assert!(out.contains(&format!("  export FOOTING_DB={}\n", db.display())), "{out}");
    // Thirty days ending today: nothing older.
    assert_eq!(home.items(&db, 40).len(), items.len());
    // The user's own database was never created.
    assert!(!home.user_db().exists());
}

#[test]
fn a_database_that_holds_items_is_refused_and_left_unchanged() {
    let home = Home::new();
    let db = home.path("demo.db");
    let (code, _, err) = home.run(&["--db", s(&db), "demo", "--days", "14"]);
    assert_eq!(code, 0, "{err}");
    let before = fs::read(&db).unwrap();
    let (code, out, err) = home.run(&["--db", s(&db), "demo", "--days", "14"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out, "");
    let n = home.items(&db, 14).len();
    assert_eq!(
        err,
        format!(
            "error: {} already holds {n} items; the demo only fills a new or empty database, so nothing \
             was changed (choose another with --db PATH)\n",
            db.display()
        )
    );
    assert!(fs::read(&db).unwrap() == before, "the database changed");

    // A database of real data, one item.
    let real = home.path("real.db");
    let (code, _, err) = home.run(&["--db", s(&real), "log", "--pain", "2", "--at", "2025-03-01 08:00"]);
    assert_eq!(code, 0, "{err}");
    let before = fs::read(&real).unwrap();
    let (code, _, err) = home.run(&["--db", s(&real), "demo"]);
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("error: {} already holds 1 item; ", real.display())), "{err}");
    assert!(fs::read(&real).unwrap() == before, "the database changed");
}

#[test]
fn a_file_that_is_not_a_footing_database_is_refused_and_left_unchanged() {
    let home = Home::new();
    let file = home.path("notes.db");
    fs::write(&file, "my notes, not a database").unwrap();
    let (code, out, err) = home.run(&["--db", s(&file), "demo"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("is not a footing database"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "my notes, not a database");
}

#[test]
fn without_db_it_writes_beside_the_users_database_and_never_touches_it() {
    let home = Home::new();
    let (code, _, err) = home.run(&["log", "--pain", "3", "--at", "2025-03-01 08:00"]);
    assert_eq!(code, 0, "{err}");
    let user = fs::read(home.user_db()).unwrap();

    let (code, out, err) = home.run(&["demo", "--days", "14", "--seed", "3"]);
    assert_eq!(code, 0, "{err}");
    let demo = home.path("user/footing-demo.db");
    assert!(out.starts_with("wrote a demo program of 14 days ("), "{out}");
    assert!(out.lines().next().unwrap().ends_with(&format!(" to {}", demo.display())), "{out}");
    assert!(!home.items(&demo, 14).is_empty());

    assert!(fs::read(home.user_db()).unwrap() == user, "the user's database changed");
    let (code, out, _) = home.run(&["--json", "history", "--items", "--from", "2025-01-01"]);
    assert_eq!(code, 0);
    let own: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["at"], "2025-03-01 08:00");
}

#[test]
fn the_users_own_database_is_never_the_demo_database() {
    let home = Home::new();
    // FOOTING_DB itself is named footing-demo.db: the demo would land on it.
    let own = home.path("footing-demo.db");
    let (code, out, err) = home.run_with_db_env(&own, &["demo", "--days", "14"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "error: {} is your own footing database; the demo writes to a separate one: choose it with --db PATH\n",
            own.display()
        )
    );
    assert!(!own.exists(), "the user's database was created");
    // Naming it with --db is refused too.
    let (code, _, _) = home.run_with_db_env(&own, &["--db", s(&own), "demo", "--days", "14"]);
    assert_eq!(code, 1);
    assert!(!own.exists());
}

#[test]
fn the_same_seed_gives_the_same_program() {
    let home = Home::new();
    let (a, b, c) = (home.path("a.db"), home.path("b.db"), home.path("c.db"));
    for (db, seed) in [(&a, "11"), (&b, "11"), (&c, "12")] {
        let (code, _, err) = home.run(&["--db", s(db), "--json", "demo", "--days", "60", "--seed", seed]);
        assert_eq!(code, 0, "{err}");
    }
    let (a, b, c) = (home.items(&a, 60), home.items(&b, 60), home.items(&c, 60));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn json_prints_only_where_and_what_was_written() {
    let home = Home::new();
    let db = home.path("demo.db");
    let (code, out, err) = home.run(&["--db", s(&db), "--json", "demo", "--days", "21", "--seed", "5"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let got: DemoJson = serde_json::from_str(&out).unwrap();
    let items = home.items(&db, 21).len();
    assert_eq!(got, DemoJson { db: db.display().to_string(), items, days: 21, seed: 5 });
}

#[test]
fn days_out_of_range_are_refused_before_anything_is_written() {
    let home = Home::new();
    let db = home.path("demo.db");
    let (code, _, err) = home.run(&["--db", s(&db), "demo", "--days", "13"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected a whole number from 14 to 3650"), "{err}");
    assert!(!db.exists());
}
