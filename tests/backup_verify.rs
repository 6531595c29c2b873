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
