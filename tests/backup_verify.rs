//! `backup` checks its copy with SQLite's `quick_check` (issue 18): damage deep inside the
//! database — not only in a table's first page — still stops a backup from replacing a good
//! one.

mod common;

use std::fs;
use std::path::Path;

use common::{s, Env};

/// A page of the table or index `name` that is a leaf and not its first page, through
/// SQLite's `dbstat`, before any damage.
fn deep_leaf(db: &Path, name: &str) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' \
         AND pageno <> (SELECT rootpage FROM sqlite_master WHERE name = ?1) ORDER BY pageno DESC LIMIT 1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|p| p as u64)
    .unwrap()
}

#[test]
fn a_damaged_leaf_of_a_table_or_an_index_gives_no_backup() {
    for (name, fill) in [("item", 0u8), ("item_by_day", 0xa5)] {
        let env = Env::new().now("2031-04-10 07:30");
        env.ok(&["demo", "--days", "365", "--seed", "3"]);
        let good = env.path("good.db");
        env.ok(&["backup", s(&good)]);
        let good_bytes = fs::read(&good).unwrap();
        let page = deep_leaf(&env.db, name);
        let mut bytes = fs::read(&env.db).unwrap();
        let at = ((page - 1) * 4096) as usize;
        bytes[at..at + 4096].fill(fill);
        fs::write(&env.db, bytes).unwrap();
        let err = env.fails(1, &["backup", s(&good), "--force"]);
        let prefix =
            format!("error: {} is damaged: its copy for {} failed SQLite's check (", s(&env.db), s(&good));
        assert!(err.starts_with(&prefix), "{name}: {err}");
        assert_eq!(fs::read(&good).unwrap(), good_bytes, "{name}: the good backup stays");
        let names = env.files();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{name}: nothing left behind: {names:?}");
    }
}

/// A row whose values break the item table's CHECK constraints (written past SQLite's checks;
/// footing never stores one) is not damage to pages: the copy's check leaves the CHECKs out
/// (issue 18), so `backup` copies the database as it is, and the copy carries the row, which
/// `footing check` of the copy reports. The day's first write still runs the quick check with
/// the CHECKs on the database itself — the copy's setting stays on the copy's connection —
/// and refuses it, writing nothing.
#[test]
fn a_row_breaking_a_check_constraint_is_carried_by_a_backup_and_refused_by_the_days_check() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["demo", "--days", "30", "--seed", "3"]);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.pragma_update(None, "ignore_check_constraints", true).unwrap();
        let changed = conn
            .execute(
                "UPDATE item SET pain = 42 WHERE id = (SELECT min(id) FROM item WHERE pain IS NOT NULL)",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }
    let copy = env.path("copy.db");
    env.ok(&["backup", s(&copy)]);
    let err = env.with_db("copy.db").fails(1, &["check"]);
    assert!(
        err.starts_with(&format!("error: {} is damaged: CHECK constraint failed in item;", s(&copy))),
        "{err}"
    );
    let before = common::snapshot(&env.db);
    let err = env.clone().now("2031-04-11 07:30").fails(1, &["log", "--pain", "3"]);
    let prefix = format!(
        "error: {} is damaged: SQLite's quick check found: CHECK constraint failed in item;",
        s(&env.db)
    );
    assert!(err.starts_with(&prefix), "{err}");
    assert_eq!(common::snapshot(&env.db), before, "nothing was written");
    assert!(!env.path("backups/footing-2031-04-11.db").exists(), "no copy of the day");
}
