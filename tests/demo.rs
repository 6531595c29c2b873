//! `footing demo` end to end: where it writes, what it refuses, and that it is repeatable.

mod common;

use std::fs;

use common::Env;
use serde::Deserialize;
use serde_json::Value;

/// The user's own database (FOOTING_DB) is `user/footing.db` in the temp dir.
fn home() -> Env {
    Env::new().with_user_db("user/footing.db")
}

/// `history --items --json` over the last `days` days of the database of `env`.
fn stored_items(env: &Env, days: u32) -> Vec<Value> {
    serde_json::from_value(env.json(&["history", "--items", "--days", &days.to_string()])).unwrap()
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
    let home = home();
    let demo = home.with_db("demo.db");
    let out = demo.ok(&["demo", "--days", "30", "--seed", "7"]);
    // The trend and the advice it shows close their connections: nothing is left beside it.
    let beside: Vec<String> = fs::read_dir(demo.db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("demo.db-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    let items = stored_items(&demo, 30);
    assert!(items.len() > 100, "{} items", items.len());
    let first_line = out.lines().next().unwrap();
    assert_eq!(
        first_line,
        format!("wrote a demo program of 30 days ({} items, seed 7) to {}", items.len(), demo.db.display())
    );
    assert!(out.contains(&format!("  footing --db {} trend\n", demo.db.display())), "{out}");
    assert!(out.contains(&format!("  export FOOTING_DB={}\n", demo.db.display())), "{out}");
    // Thirty days ending today: nothing older.
    assert_eq!(stored_items(&demo, 40).len(), items.len());
    // The user's own database was never created.
    assert!(!home.user_db.exists());
}

#[test]
fn a_database_that_holds_items_is_refused_and_left_unchanged() {
    let home = home();
    let demo = home.with_db("demo.db");
    demo.ok(&["demo", "--days", "14"]);
    let before = fs::read(&demo.db).unwrap();
    let err = demo.fails(1, &["demo", "--days", "14"]);
    let n = stored_items(&demo, 14).len();
    assert_eq!(
        err,
        format!(
            "error: {} already holds {n} items; the demo only fills a new or empty database, so nothing \
             was changed (choose another with --db PATH)\n",
            demo.db.display()
        )
    );
    assert!(fs::read(&demo.db).unwrap() == before, "the database changed");

    // A database of real data, one item.
    let real = home.with_db("real.db");
    real.ok(&["log", "--pain", "2", "--at", "2025-03-01 08:00"]);
    let before = fs::read(&real.db).unwrap();
    let (code, _, err) = real.run(&["demo"]);
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("error: {} already holds 1 item; ", real.db.display())), "{err}");
    assert!(fs::read(&real.db).unwrap() == before, "the database changed");
}

#[test]
fn a_file_that_is_not_a_footing_database_is_refused_and_left_unchanged() {
    let home = home();
    let notes = home.with_db("notes.db");
    fs::write(&notes.db, "my notes, not a database").unwrap();
    let err = notes.fails(1, &["demo"]);
    assert!(err.contains("is not a footing database"), "{err}");
    assert_eq!(fs::read_to_string(&notes.db).unwrap(), "my notes, not a database");
}

#[test]
fn without_db_it_writes_beside_the_users_database_and_never_touches_it() {
    let home = home();
    let user = home.without_db_flag();
    user.ok(&["log", "--pain", "3", "--at", "2025-03-01 08:00"]);
    let before = fs::read(&home.user_db).unwrap();

    let out = user.ok(&["demo", "--days", "14", "--seed", "3"]);
    let demo = home.with_db("user/footing-demo.db");
    assert!(out.starts_with("wrote a demo program of 14 days ("), "{out}");
    assert!(out.lines().next().unwrap().ends_with(&format!(" to {}", demo.db.display())), "{out}");
    assert!(!stored_items(&demo, 14).is_empty());

    assert!(fs::read(&home.user_db).unwrap() == before, "the user's database changed");
    // A second demo leaves the first alone, shows it again and says how to look at it or
    // start over (v3 §10: no longer a failure).
    let demo_before = fs::read(&demo.db).unwrap();
    let again = user.ok(&["demo"]);
    let path = demo.db.display();
    assert!(again.starts_with(&format!("the demo is already in {path} (")), "{again}");
    assert!(
        again.contains(&format!(
            "look at it with `footing --db {path} trend`, or delete it to make a new one.\n"
        )),
        "{again}"
    );
    assert!(again.contains("Program week"), "the trend is shown again: {again}");
    assert!(fs::read(&demo.db).unwrap() == demo_before, "the demo database changed");
    assert!(fs::read(&home.user_db).unwrap() == before, "the user's database changed");
    let own: Vec<Value> =
        serde_json::from_value(user.json(&["history", "--items", "--from", "2025-01-01"])).unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["at"], "2025-03-01 08:00");
}

#[test]
fn the_users_own_database_is_never_the_demo_database() {
    // FOOTING_DB itself is named footing-demo.db: the demo would land on it.
    let home = Env::new().with_user_db("footing-demo.db");
    let err = home.without_db_flag().fails(1, &["demo", "--days", "14"]);
    assert_eq!(
        err,
        format!(
            "error: {} is your own footing database; the demo writes to a separate one: choose it with --db PATH\n",
            home.user_db.display()
        )
    );
    assert!(!home.user_db.exists(), "the user's database was created");
    // Naming it with --db is refused too.
    let (code, _, _) = home.with_db("footing-demo.db").run(&["demo", "--days", "14"]);
    assert_eq!(code, 1);
    assert!(!home.user_db.exists());
}

#[test]
fn the_same_seed_gives_the_same_program() {
    let home = home();
    let (a, b, c) = (home.with_db("a.db"), home.with_db("b.db"), home.with_db("c.db"));
    for (db, seed) in [(&a, "11"), (&b, "11"), (&c, "12")] {
        db.ok(&["--json", "demo", "--days", "60", "--seed", seed]);
    }
    let (a, b, c) = (stored_items(&a, 60), stored_items(&b, 60), stored_items(&c, 60));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn json_prints_only_where_and_what_was_written() {
    let demo = home().with_db("demo.db");
    let (out, err) = demo.ok_both(&["--json", "demo", "--days", "21", "--seed", "5"]);
    assert_eq!(err, "");
    let got: DemoJson = serde_json::from_str(&out).unwrap();
    let items = stored_items(&demo, 21).len();
    assert_eq!(got, DemoJson { db: demo.db.display().to_string(), items, days: 21, seed: 5 });
}

#[test]
fn days_out_of_range_are_refused_before_anything_is_written() {
    let demo = home().with_db("demo.db");
    let (code, _, err) = demo.run(&["demo", "--days", "13"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected a whole number from 14 to 3650"), "{err}");
    assert!(!demo.db.exists());
}
