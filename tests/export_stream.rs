//! `export` streams (issue 18, SPEC v3 §8 "Output is bounded"): its memory does not grow with
//! the history, in JSON and CSV, to standard output and to a file.

mod common;

use common::Env;

#[test]
fn export_memory_stays_bounded_as_the_items_grow() {
    let small = Env::new().now("2031-04-10 08:00");
    common::import_many_long_notes(&small, 3_000);
    let large = Env::new().now("2031-04-10 08:00");
    common::import_many_long_notes(&large, 15_000);
    for format in ["json", "csv"] {
        for to_file in [false, true] {
            let args = vec!["export", "--format", format];
            let out = |env: &Env| env.path("out.export").to_str().unwrap().to_string();
            let (small_out, large_out) = (out(&small), out(&large));
            let (mut a, mut b) = (args.clone(), args.clone());
            if to_file {
                a.extend(["--force", "--out", &small_out]);
                b.extend(["--force", "--out", &large_out]);
            }
            let (s_kib, l_kib) = (common::max_rss_kib(&small, &a), common::max_rss_kib(&large, &b));
            // Held in memory, 12,000 more items would take at least their 12 MB of notes,
            // and the text written from them as much again.
            assert!(
                l_kib < s_kib + 6 * 1024,
                "{format}, to a file {to_file}: {s_kib} KiB for 3,000 items, {l_kib} KiB for 15,000"
            );
        }
    }
    // Everything is there.
    let text = large.ok(&["export"]);
    assert_eq!(text.lines().count(), 15_002);
    assert_eq!(text.matches(&"z".repeat(1000)).count(), 15_000);
}
