//! §8 after the exercise program and the foot check landed: every writing command, the
//! program, `done` groups and exports, tried to lose or damage data. Each test drives the real
//! binary on real files in a temp dir and checks the exit code, the message and the bytes.

mod common;

use std::fs;

use common::{s, Env};
use serde_json::Value;

/// A note with what a terminal acts on: an escape sequence that retitles the window, the
/// one-byte C1 escape (U+009B), DEL and a mark that reverses the text.
const NOTE: &str = "a\u{1b}]0;owned\u{7} b\u{9b}2J c\u{7f} d\u{202e}e";

#[test]
fn an_export_on_standard_output_is_the_same_as_the_file_and_keeps_every_character() {
    let env = Env::new();
    env.ok(&["log", "--at", "2025-03-01 08:00", "--pain", "3", "--feet-ok", "--note", NOTE]);
    env.ok(&["session", "heel-raises:2x10", "--at", "2025-03-01 09:00", "--note", NOTE]);
    for format in ["csv", "json"] {
        let file = env.path(&format!("out.{format}"));
        env.ok(&["export", "--format", format, "--out", s(&file)]);
        let written = fs::read(&file).unwrap();
        // Standard output is not a terminal here: the same bytes, nothing removed.
        let out = env.cmd(&["export", "--format", format]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&written), "{format}");
        // Both import back to the same notes.
        let other = env.with_db(&format!("back-{format}.db"));
        other.ok(&["import", s(&file)]);
        let items = other.json(&["history", "--items", "--from", "2025-03-01", "--to", "2025-03-01"]);
        let notes: Vec<&Value> = items.as_array().unwrap().iter().map(|i| &i["note"]).collect();
        assert_eq!(notes, [NOTE, NOTE], "{format}");
    }
    // CSV holds the note's own bytes; JSON says the same with escapes a terminal cannot act on.
    let csv = fs::read_to_string(env.path("out.csv")).unwrap();
    assert!(csv.contains(NOTE), "{csv:?}");
    let json = fs::read_to_string(env.path("out.json")).unwrap();
    assert!(json.contains(r#""note": "a\u001b]0;owned\u0007 b\u009b2J c\u007f d\u202ee""#), "{json}");
    // The JSON of reading commands too: exact, and nothing raw.
    let out = env.ok(&["history", "--items", "--json", "--from", "2025-03-01", "--to", "2025-03-01"]);
    assert!(!out.contains(['\u{1b}', '\u{9b}', '\u{7f}', '\u{202e}']), "{out:?}");
    let parsed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed[0]["note"], NOTE);
}

#[test]
fn a_path_in_an_error_message_is_shown_escaped() {
    let env = Env::new();
    let name = env.path("x\u{1b}]0;owned\u{7}.csv");
    let err = env.fails(1, &["import", s(&name)]);
    assert_eq!(
        err,
        format!(
            "error: could not read {}/x\\u{{1b}}]0;owned\\u{{7}}.csv: No such file or directory (os error 2)\n",
            s(env.dir.path())
        )
    );
    assert_eq!(env.files(), Vec::<String>::new());
}

#[test]
fn program_changes_made_at_the_same_time_are_all_kept() {
    let env = Env::new();
    env.ok(&["log", "--pain", "2"]);
    let added = [
        "toe-yoga",
        "eversion",
        "inversion",
        "short-foot",
        "step-ups",
        "toe-fans",
        "plantar-roll",
        "arch-lift",
    ];
    let removed = ["ankle-pumps", "calf-stretch"];
    let mut children: Vec<_> = added
        .iter()
        .map(|e| vec!["program", "add", e])
        .chain(removed.iter().map(|e| vec!["program", "remove", e]))
        .map(|args| {
            env.spawnable(&args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children.iter_mut() {
        assert!(child.wait().unwrap().success());
    }
    let program = env.json(&["program"]);
    let mut have: Vec<&str> =
        program["exercises"].as_array().unwrap().iter().map(|e| e["exercise"].as_str().unwrap()).collect();
    have.sort_unstable();
    let mut expected: Vec<&str> = [
        "ankle-circles",
        "tibial-glide",
        "heel-raises",
        "sit-to-stand",
        "hip-abduction",
        "tandem-stance",
        "single-leg-stance",
    ]
    .into_iter()
    .chain(added)
    .collect();
    expected.sort_unstable();
    assert_eq!(have, expected);
}
