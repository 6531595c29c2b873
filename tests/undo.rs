//! End to end: `undo` of every kind of change (SPEC v3 §3, §10) and `edit`.

mod common;

use common::{snapshot, Env};

fn ids(env: &Env) -> Vec<i64> {
    let items = env.json(&["history", "--items"]);
    let mut ids: Vec<i64> = items.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[test]
fn undo_removes_the_latest_recorded_item_not_the_latest_dated() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "3"]);
    // Back-dated: recorded last, dated first.
    env.ok(&["log", "--walk", "20", "--at", "2031-04-01 09:00"]);
    assert_eq!(env.ok(&["undo"]), "deleted #2 at 2031-04-01 09:00: walk 20 min\n");
    assert_eq!(ids(&env), [1]);
}

#[test]
fn undo_of_a_delete_puts_the_item_back_with_its_id() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "3", "--note", "stiff"]);
    env.ok(&["log", "--pain", "4"]);
    env.ok(&["delete", "1"]);
    assert_eq!(ids(&env), [2]);
    assert_eq!(env.ok(&["undo"]), "put back #1 at 2031-04-10 07:30: pain 3, note \"stiff\"\n");
    assert_eq!(ids(&env), [1, 2]);
    // Then the undo before that: the second entry's recording.
    assert!(env.ok(&["undo"]).starts_with("deleted #2 "));
    assert_eq!(ids(&env), [1]);
}

#[test]
fn edit_changes_only_the_given_fields_and_undo_puts_them_back() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "3", "--walk", "20", "--note", "-tired"]);
    let out = env.ok(&["edit", "1", "--pain", "5", "--at", "yesterday 18:00"]);
    assert!(out.contains("before: 2031-04-10 07:30: pain 3, walk 20 min"), "{out}");
    assert!(out.contains("after:  2031-04-09 18:00: pain 5, walk 20 min"), "{out}");
    let item = &env.json(&["history", "--items"])[0];
    assert_eq!((item["pain"].as_i64(), item["walk"].as_i64()), (Some(5), Some(20)));
    assert_eq!(item["at"], "2031-04-09 18:00");
    let out = env.ok(&["undo"]);
    assert!(out.contains("undid the edit of #1"), "{out}");
    let item = &env.json(&["history", "--items"])[0];
    assert_eq!((item["pain"].as_i64(), item["at"].as_str()), (Some(3), Some("2031-04-10 07:30")));
}

#[test]
fn edit_of_a_session_merges_the_volume_and_is_validated_like_session() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["session", "strength", "--sets", "2", "--reps", "10"]);
    let out = env.ok(&["edit", "#1", "--reps", "12", "--rpe", "6"]);
    assert!(out.contains("after:  2031-04-10 07:30: strength session 2 × 12, RPE 6"), "{out}");
    let before = snapshot(&env.db);
    // Each refused edit names the flag and what is allowed, and writes nothing.
    for (args, says) in [
        (&["edit", "1", "--rpe", "11"][..], "--rpe"),
        (&["edit", "1", "--sets", "21"], "--sets"),
        (&["edit", "1", "--minutes", "0"], "--minutes"),
        (&["edit", "1", "--pain", "3"], "--pain"),
        (&["edit", "1", "--pain-before", "3"], "--pain-before"),
        (&["edit", "1"], "nothing to change"),
        (&["edit", "9", "--rpe", "3"], "there is no item #9"),
        (&["edit", "1", "tandm-stance:3x20s", "--json"], "tandem-stance"),
    ] {
        let err = env.fails(2, args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(snapshot(&env.db), before, "a refused edit writes nothing");
    // An entry takes log's flags, not session's.
    env.ok(&["log", "--pain", "2"]);
    let err = env.fails(2, &["edit", "2", "--rpe", "3"]);
    assert!(err.contains("--rpe"), "{err}");
    let json = env.json(&["edit", "1", "balance", "tandem-stance:3x20s"]);
    assert_eq!(json["before"]["kind"], "strength");
    assert_eq!(json["after"]["kind"], "balance");
}

#[test]
fn undo_of_program_reset_brings_the_own_program_back() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "2"]);
    env.ok(&["program", "add", "step-ups", "2x8"]);
    env.ok(&["program", "remove", "hip-abduction"]);
    let own = env.ok(&["program"]);
    assert!(own.contains("step-ups") && !own.contains("hip-abduction"), "{own}");
    env.ok(&["program", "reset"]);
    assert!(!env.ok(&["program"]).contains("step-ups"));
    let out = env.ok(&["undo"]);
    assert!(out.contains("undid `program reset`"), "{out}");
    assert_eq!(env.ok(&["program"]), own);
    // The entry is still there: the undo reverted the reset, not the latest item.
    assert_eq!(ids(&env), [1]);
    // Then the removal, then the addition, then the entry.
    assert!(env.ok(&["undo"]).contains("program change"));
    assert!(env.ok(&["program"]).contains("hip-abduction"));
    env.ok(&["undo"]);
    assert!(env.ok(&["program"]).contains("starter program"), "back to the starter program");
    assert!(env.ok(&["undo"]).starts_with("deleted #1 "));
    assert!(env.fails(2, &["undo"]).contains("nothing to undo"));
}

#[test]
fn undo_of_an_import_removes_its_items_and_brings_back_the_program_it_replaced() {
    // The file's program was changed after this database's (SPEC v3 §8: only a newer one
    // replaces it).
    let source = Env::new().now("2031-04-10 07:45");
    source.ok(&["log", "--pain", "3", "--at", "2031-04-01 08:00"]);
    source.ok(&["session", "balance", "--minutes", "10", "--at", "2031-04-02 08:00"]);
    source.ok(&["program", "add", "step-ups", "2x8"]);
    let file = source.path("export.json");
    source.ok(&["export", "--out", file.to_str().unwrap()]);

    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "1"]);
    env.ok(&["program", "remove", "ankle-pumps"]);
    let own = env.ok(&["program"]);
    env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(ids(&env).len(), 3);
    assert!(env.ok(&["program"]).contains("step-ups"));
    let out = env.ok(&["undo"]);
    assert!(out.contains("undid the import: deleted the 2 items it added"), "{out}");
    assert!(out.contains("the program the import replaced is back"), "{out}");
    assert_eq!(ids(&env), [1]);
    assert_eq!(env.ok(&["program"]), own);
}

#[test]
fn a_done_is_undone_in_one_step_and_json_lists_what_was_reverted() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "2"]);
    env.ok(&["delete", "1"]);
    let json = env.json(&["undo"]);
    assert_eq!(json["undid"], "delete");
    assert_eq!(json["restored"][0]["pain"], 2);
    let json = env.json(&["undo"]);
    assert_eq!(json["pain"], 2, "an item recorded alone is shown as before: {json}");
}

#[test]
fn undo_reverts_home_tests_temperatures_and_profile_changes_in_order() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "2"]);
    env.ok(&["profile", "--born", "1958", "--sex", "female", "--name", "Ann"]);
    env.ok(&["test", "tug", "11.5", "--at", "2031-04-01 10:00"]);
    env.ok(&["temp", "hallux:30.1:29.5"]);
    env.ok(&["profile", "--name", "Ann Lee"]);
    // edit changes entries and sessions only.
    let err = env.fails(2, &["edit", "2", "--pain", "3"]);
    assert!(err.contains("#2 is a test: edit changes entries and sessions"), "{err}");
    assert!(env.ok(&["undo"]).contains("reverted the profile change"));
    assert!(env.ok(&["profile"]).contains("Ann") && !env.ok(&["profile"]).contains("Ann Lee"));
    // The temperature, then the back-dated test: newest recorded first, whatever their type.
    assert!(env.ok(&["undo"]).starts_with("deleted #3 "));
    assert!(env.ok(&["undo"]).starts_with("deleted #2 "));
    assert!(env.ok(&["undo"]).contains("reverted the profile change"));
    assert!(env.ok(&["undo"]).starts_with("deleted #1 "));
    assert!(env.fails(2, &["undo"]).contains("nothing to undo"));
}

#[test]
fn undo_of_an_import_reverts_the_profile_it_set_in_the_same_step() {
    let source = Env::new().now("2031-04-10 07:30");
    source.ok(&["log", "--pain", "3", "--at", "2031-04-01 08:00"]);
    source.ok(&["profile", "--born", "1950", "--name", "From the file"]);
    let file = source.path("export.json");
    source.ok(&["export", "--out", file.to_str().unwrap()]);

    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["profile", "--name", "Mine"]);
    env.ok(&["import", file.to_str().unwrap()]);
    assert!(env.ok(&["profile"]).contains("From the file"));
    let out = env.ok(&["undo"]);
    assert!(out.contains("undid the import: deleted the 1 item it added"), "{out}");
    assert!(out.contains("undid the profile change"), "{out}");
    let profile = env.ok(&["profile"]);
    assert!(profile.contains("Mine") && !profile.contains("From the file"), "{profile}");
    assert_eq!(ids(&env), Vec::<i64>::new());
}

/// Items stored before the change journal (a database of schema 7, upgraded) are undone as
/// before — the newest first — and undoing them enters nothing that a next undo would redo.
#[test]
fn items_from_before_the_journal_are_undone_newest_first() {
    let env = Env::new().now("2031-04-10 07:30");
    env.ok(&["log", "--pain", "3"]);
    env.ok(&["log", "--pain", "4"]);
    let db = rusqlite::Connection::open(&env.db).unwrap();
    db.execute_batch("DELETE FROM change_row; DELETE FROM change_log;").unwrap();
    drop(db);
    assert!(env.ok(&["undo"]).starts_with("deleted #2 "));
    assert!(env.ok(&["undo"]).starts_with("deleted #1 "));
    assert!(env.fails(2, &["undo"]).contains("nothing to undo"));
    let db = rusqlite::Connection::open(&env.db).unwrap();
    let changes: i64 = db.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    assert_eq!(changes, 0);
}
