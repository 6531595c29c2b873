//! Issue 19, items 4 and 7 end to end: a note is at most 4,000 characters wherever it comes
//! in, and `history --items` prints in time linear in what it prints, with memory bounded
//! whatever the number of items (§8).

mod common;

use std::time::{Duration, Instant};

use common::{s, Env};

const CSV_HEADER: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note";

#[test]
fn a_note_beyond_4000_characters_is_refused_everywhere_naming_its_length() {
    let env = Env::new().now("2031-04-10 08:00");
    // One argument can hold 128 KiB on Linux: a 100,000-character note on the command line.
    let long = "x".repeat(100_000);
    for args in [
        vec!["log", "--pain", "3", "--note", &long],
        vec!["session", "balance", "--minutes", "5", "--note", &long],
    ] {
        let err = env.fails(2, &args);
        assert_eq!(
            err,
            "error: invalid value for --note: a note is at most 4,000 characters; this one has 100,000\n"
        );
    }
    // Characters, not bytes: 4,001 of them, two bytes each.
    let err = env.fails(2, &["log", "--note", &"é".repeat(4001)]);
    assert_eq!(
        err,
        "error: invalid value for --note: a note is at most 4,000 characters; this one has 4,001\n"
    );
    assert!(!env.db.exists(), "nothing was written");
    // Exactly 4,000 is a note.
    env.ok(&["log", "--note", &"é".repeat(4000)]);
    // A million characters in an import.
    let csv = format!("{CSV_HEADER}\n,entry,2031-04-01 08:00,3,,,,,,,,,,,,{}\n", "y".repeat(1_000_000));
    let file = env.write("big.csv", csv);
    let before = common::snapshot(&env.db);
    let err = env.fails(2, &["import", s(&file)]);
    assert_eq!(
        err,
        format!(
            "error: invalid value '{}…' for note on line 2: a note is at most 4,000 characters; this one has \
             1,000,000\n",
            "y".repeat(59)
        )
    );
    assert!(err.len() < 400, "the note is not printed back: {} bytes", err.len());
    assert_eq!(common::snapshot(&env.db), before);
}

#[test]
fn history_items_memory_stays_bounded_as_the_items_grow() {
    let small = Env::new().now("2031-04-10 08:00");
    common::import_many_long_notes(&small, 3_000);
    let large = Env::new().now("2031-04-10 08:00");
    common::import_many_long_notes(&large, 15_000);
    let args = ["history", "--items", "--from", "2029-01-01", "--to", "2031-04-10"];
    for json in [false, true] {
        let mut a = args.to_vec();
        if json {
            a.push("--json");
        }
        let (s_kib, l_kib) = (common::max_rss_kib(&small, &a), common::max_rss_kib(&large, &a));
        // Held in memory, 12,000 more items would take at least their 12 MB of notes, and
        // the text printed from them as much again.
        assert!(
            l_kib < s_kib + 6 * 1024,
            "--json {json}: {s_kib} KiB for 3,000 items, {l_kib} KiB for 15,000"
        );
    }
    // Everything is there, in order.
    let text = large.ok(&args);
    assert_eq!(text.matches("│ #").count(), 15_000);
    assert!(text.ends_with("┘\n"));
}

#[test]
fn history_items_prints_long_unbroken_notes_in_linear_time() {
    let env = Env::new().now("2031-04-10 08:00");
    let word: String = (0..4000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let mut csv = format!("{CSV_HEADER}\n");
    for i in 0..500 {
        csv.push_str(&format!(
            ",entry,2031-03-{:02} {:02}:{:02},,,,,,,,,,,,,{word}\n",
            1 + i / 60,
            8 + (i % 60) / 60,
            i % 60
        ));
    }
    env.ok(&["import", s(&env.write("notes.csv", csv))]);
    let started = Instant::now();
    let text =
        env.clone().columns(60).ok(&["history", "--items", "--from", "2031-03-01", "--to", "2031-03-31"]);
    let took = started.elapsed();
    // 2 MB of unbroken words; a quadratic wrap took minutes for one such million.
    assert!(took < Duration::from_secs(20), "{took:?}");
    // Each note is whole, in pieces that fit the width.
    for line in text.lines() {
        assert!(line.chars().count() <= 60, "{line}");
    }
    let pieces: String = text
        .lines()
        .skip(3)
        .filter_map(|l| l.rsplit('┆').next())
        .map(|cell| cell.trim_end_matches('│').trim())
        .collect();
    // `note` ends its line: the word begins on the next, cut only at the cell's edge.
    assert_eq!(pieces.matches(&format!("note\"{word}\"")).count(), 500);
}
