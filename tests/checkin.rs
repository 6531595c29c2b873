//! `footing checkin` end to end: the real binary on a pseudo-terminal, answered key by key,
//! then what was stored read back with `history --json`.

mod common;

use common::Env;
use rexpect::session::{spawn_command, PtySession};
use serde_json::json;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const BACKSPACE: &str = "\x7f";

/// `footing checkin` on a pseudo-terminal, with colour off so the screen is plain text.
fn checkin(env: &Env) -> PtySession {
    let cmd = env.spawnable(&["--color", "never", "checkin"]);
    spawn_command(cmd, Some(30_000)).expect("spawn footing checkin on a pty")
}

fn send(p: &mut PtySession, keys: &str) {
    p.send(keys).expect("send keys");
    p.flush().expect("flush keys");
}

fn expect(p: &mut PtySession, text: &str) {
    if let Err(e) = p.exp_string(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

/// Waits for the process to end; returns its exit code.
fn exit_code(p: &mut PtySession) -> i32 {
    p.exp_eof().expect("footing ends");
    match p.process().wait().expect("wait for footing") {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("footing did not exit normally: {other:?}"),
    }
}

#[test]
fn every_question_answered_is_stored_as_log_would_store_it() {
    let env = Env::new();
    let mut p = checkin(&env);
    expect(&mut p, "Pain now, from 0 (none) to 10 (worst imaginable)?");
    // Out of range: asked again with the range, then answered.
    send(&mut p, &format!("12{ENTER}"));
    expect(&mut p, "expected a whole number from 0 to 10");
    send(&mut p, &format!("{BACKSPACE}{BACKSPACE}3{ENTER}"));
    expect(&mut p, "Numbness: which areas feel numb now?");
    // Past `none`: left-toes and left-ball.
    send(&mut p, &format!("{DOWN} {DOWN} {ENTER}"));
    expect(&mut p, "LEFT foot");
    send(&mut p, &format!("12.5{ENTER}"));
    expect(&mut p, "RIGHT foot");
    // Skipped.
    send(&mut p, ENTER);
    expect(&mut p, "Heel raises");
    send(&mut p, &format!("10{ENTER}"));
    expect(&mut p, "A walk");
    send(&mut p, &format!("20{ENTER}"));
    expect(&mut p, "Checked your feet today");
    send(&mut p, &format!("y{ENTER}"));
    expect(&mut p, "Red flags");
    // The seventh flag: night-pain.
    send(&mut p, &format!("{}{ENTER}", DOWN.repeat(6) + " "));
    expect(&mut p, "A note?");
    send(&mut p, &format!("-tired but ok{ENTER}"));
    expect(
        &mut p,
        "pain 3, numbness left-toes and left-ball, stance left 12.5 s, heel raises 10, walk 20 min, \
         feet checked, nothing found, red flag night-pain, note \"-tired but ok\"",
    );
    expect(&mut p, "Log this?");
    send(&mut p, ENTER);
    expect(&mut p, "logged #1 at ");
    assert_eq!(exit_code(&mut p), 0);

    let items = env.json(&["history", "--items"]);
    let items = items.as_array().expect("a list of items");
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(item["type"], "entry");
    assert_eq!(item["pain"], json!(3));
    assert_eq!(item["numb"], json!(["left-toes", "left-ball"]));
    assert_eq!(item["stance_left"], json!(12.5));
    assert_eq!(item["stance_right"], json!(null));
    assert_eq!(item["heel_raises"], json!(10));
    assert_eq!(item["walk"], json!(20));
    assert_eq!(item["flags"], json!(["night-pain"]));
    assert_eq!(item["note"], json!("-tired but ok"));
    assert_eq!(item["feet_ok"], json!(true));
}

#[test]
fn none_checked_and_a_no_at_the_confirmation() {
    let env = Env::new();
    let mut p = checkin(&env);
    expect(&mut p, "Pain now");
    send(&mut p, ENTER);
    expect(&mut p, "Numbness");
    // `none` with a zone is refused; `none` alone is "checked, no numbness".
    send(&mut p, &format!(" {DOWN} {ENTER}"));
    expect(&mut p, "cannot be combined with zones");
    send(&mut p, &format!(" {ENTER}"));
    for question in
        ["LEFT foot", "RIGHT foot", "Heel raises", "A walk", "Checked your feet", "Red flags", "A note?"]
    {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "numbness none");
    expect(&mut p, "Log this?");
    send(&mut p, &format!("n{ENTER}"));
    expect(&mut p, "Nothing was logged.");
    assert_eq!(exit_code(&mut p), 0);
    assert!(!env.db.exists(), "a check-in not confirmed created the database");

    // Confirmed, the same answers are stored as `log --numb none` stores them.
    let mut p = checkin(&env);
    expect(&mut p, "Pain now");
    send(&mut p, ENTER);
    expect(&mut p, "Numbness");
    send(&mut p, &format!(" {ENTER}"));
    for question in
        ["LEFT foot", "RIGHT foot", "Heel raises", "A walk", "Checked your feet", "Red flags", "A note?"]
    {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Log this?");
    send(&mut p, &format!("y{ENTER}"));
    expect(&mut p, "logged #1");
    assert_eq!(exit_code(&mut p), 0);
    let days = env.json(&["history"]);
    assert_eq!(days[0]["numb"], json!([]), "{days}");
    assert_eq!(days[0]["feet_ok"], json!(null), "Enter on the foot check is not a check: {days}");
}

#[test]
fn every_question_skipped_logs_nothing() {
    let env = Env::new();
    let mut p = checkin(&env);
    for question in [
        "Pain now",
        "Numbness",
        "LEFT foot",
        "RIGHT foot",
        "Heel raises",
        "A walk",
        "Checked your feet",
        "Red flags",
        "A note?",
    ] {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Every question was skipped, so nothing was logged.");
    assert_eq!(exit_code(&mut p), 0);
    assert!(!env.db.exists());
}

#[test]
fn escape_stops_without_logging() {
    let env = Env::new();
    let mut p = checkin(&env);
    expect(&mut p, "Pain now");
    send(&mut p, &format!("4{ENTER}"));
    expect(&mut p, "Numbness");
    send(&mut p, "\x1b");
    expect(&mut p, "check-in stopped: nothing was logged");
    assert_eq!(exit_code(&mut p), 1);
    assert!(!env.db.exists());
}

#[test]
fn without_a_terminal_it_says_to_use_log_and_never_waits() {
    let env = Env::new();
    // assert_cmd gives the child no terminal: stdin is closed, stdout a pipe.
    let err = env.fails(2, &["checkin"]);
    assert_eq!(err, "error: checkin needs a terminal; use footing log\n");
    assert!(!env.db.exists());
}

/// SPEC v3 §10: "found something" asks which skin flag it was, and stores it as a red flag
/// without the foot check.
#[test]
fn a_foot_check_that_found_something_records_its_flag() {
    let env = Env::new();
    let mut p = checkin(&env);
    for question in ["Pain now", "Numbness", "LEFT foot", "RIGHT foot", "Heel raises", "A walk"] {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Checked your feet today");
    // Filtered to "found something".
    send(&mut p, &format!("found{ENTER}"));
    expect(&mut p, "What did you find?");
    // The fourth: hot-foot.
    send(&mut p, &format!("{}{ENTER}", DOWN.repeat(3)));
    for question in ["Red flags", "A note?"] {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "red flag hot-foot");
    expect(&mut p, "Log this?");
    send(&mut p, ENTER);
    expect(&mut p, "logged #1 at ");
    assert_eq!(exit_code(&mut p), 0);
    let items = env.json(&["history", "--items"]);
    assert_eq!((&items[0]["flags"], &items[0]["feet_ok"]), (&json!(["hot-foot"]), &json!(null)));
}

const CTRL_U: &str = "\x15";

/// §10: a rejected answer is cleared (typing again starts afresh), Ctrl-U erases the line, a
/// skipped question shows as skipped, a unit after a number is accepted as `log` accepts it,
/// and the questions wrap at the width without splitting a word.
#[test]
fn rejected_answers_are_cleared_ctrl_u_erases_and_skips_show() {
    // 50 columns: the narrowest footing fits to.
    let env = Env::new().columns(50);
    let mut p = checkin(&env);
    expect(&mut p, "Pain now, from 0 (none) to 10 (worst");
    send(&mut p, &format!("12{ENTER}"));
    expect(&mut p, "not accepted: 12:");
    expect(&mut p, "0 to 10");
    // Cleared: "4" alone, not "124".
    send(&mut p, &format!("4{ENTER}"));
    expect(&mut p, "Numbness");
    send(&mut p, ENTER);
    expect(&mut p, "skipped");
    // Wrapped at 50 columns between words.
    expect(&mut p, "Single-leg stance on the LEFT foot, best time in\r\nseconds?");
    send(&mut p, &format!("99{CTRL_U}12.5 s{ENTER}"));
    expect(&mut p, "RIGHT foot");
    send(&mut p, ENTER);
    expect(&mut p, "> skipped");
    expect(&mut p, "Heel raises");
    send(&mut p, ENTER);
    expect(&mut p, "A walk");
    send(&mut p, &format!("25 min{ENTER}"));
    expect(&mut p, "Checked your feet today");
    send(&mut p, ENTER);
    expect(&mut p, "Red flags");
    send(&mut p, ENTER);
    expect(&mut p, "A note?");
    send(&mut p, ENTER);
    expect(&mut p, "Log this?");
    send(&mut p, ENTER);
    expect(&mut p, "logged #1 at ");
    assert_eq!(exit_code(&mut p), 0);
    let items = env.json(&["history", "--items"]);
    let item = &items[0];
    assert_eq!(item["pain"], 4, "{item}");
    assert_eq!(item["stance_left"], 12.5, "{item}");
    assert_eq!(item["stance_right"], serde_json::Value::Null, "{item}");
    assert_eq!(item["walk"], 25, "{item}");
}

/// At 80 columns the foot check's question and its answer stay on one line: the answer is a
/// word ("yes"), not the long choice, which the terminal would break mid-phrase.
#[test]
fn the_foot_check_answer_stays_on_the_questions_line_at_80_columns() {
    let env = Env::new().columns(80);
    let mut p = checkin(&env);
    for question in ["Pain now", "Numbness", "LEFT foot", "RIGHT foot", "Heel raises", "A walk"] {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Checked your feet today");
    send(&mut p, &format!("y{ENTER}"));
    expect(&mut p, "Checked your feet today: blisters, cuts, red or warm areas? yes");
    let before = p.exp_string("Red flags").expect("the red flags question");
    assert!(!before.contains("nothing found"), "{before:?}");
    send(&mut p, ENTER);
    expect(&mut p, "A note?");
    send(&mut p, ENTER);
    expect(&mut p, "feet checked, nothing found");
    expect(&mut p, "Log this?");
    send(&mut p, ENTER);
    expect(&mut p, "logged #1 at ");
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.json(&["history", "--items"])[0]["feet_ok"], json!(true));
}

/// The red flags' list shows all twelve at once: hot-foot, the last, is not below the fold.
#[test]
fn every_red_flag_is_on_the_first_page_of_the_list() {
    let env = Env::new().columns(80);
    let mut p = checkin(&env);
    for question in
        ["Pain now", "Numbness", "LEFT foot", "RIGHT foot", "Heel raises", "A walk", "Checked your feet"]
    {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Red flags");
    // Drawn before any key is pressed.
    expect(&mut p, "numbness-spread");
    expect(&mut p, "hot-foot");
    send(&mut p, "\x1b");
    assert_eq!(exit_code(&mut p), 1);
}

/// What each skin finding means is on its own choice, not in one long help line that a
/// narrow terminal broke mid-phrase; the answer shows the flag's name.
#[test]
fn each_skin_finding_says_what_it_means() {
    let env = Env::new().columns(60);
    let mut p = checkin(&env);
    for question in ["Pain now", "Numbness", "LEFT foot", "RIGHT foot", "Heel raises", "A walk"] {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Checked your feet today");
    send(&mut p, &format!("found{ENTER}"));
    expect(&mut p, "What did you find?");
    for choice in [
        "open-sore: a blister or cut",
        "skin-change: colour or a callus",
        "infection: pus or spreading redness",
        "hot-foot: red, warm or swollen",
    ] {
        expect(&mut p, choice);
    }
    // The second: skin-change.
    send(&mut p, &format!("{DOWN}{ENTER}"));
    expect(&mut p, "What did you find? skin-change");
    for question in ["Red flags", "A note?"] {
        expect(&mut p, question);
        send(&mut p, ENTER);
    }
    expect(&mut p, "Log this?");
    send(&mut p, ENTER);
    expect(&mut p, "logged #1 at ");
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.json(&["history", "--items"])[0]["flags"], json!(["skin-change"]));
}
