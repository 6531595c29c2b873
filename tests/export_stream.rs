//! `export` streams (issue 18, SPEC v3 §8 "Output is bounded"): its memory does not grow with
//! the history, in JSON and CSV, to standard output and to a file.

mod common;

use common::{s, Env};

const CSV_HEADER: &str =
    "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note";

/// The largest resident size of a finished `footing` run, in KiB (from wait4's rusage).
fn max_rss_kib(env: &Env, args: &[&str]) -> i64 {
    // Reaped by wait4 below, which also gives its resource use.
    #[allow(clippy::zombie_processes)]
    let child = env.spawnable(args).stdout(std::process::Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, status and usage are valid for writes.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "footing {args:?} failed");
    usage.ru_maxrss
}

/// `n` entries with 1,000-character notes, one a minute from 2030-01-01.
fn many(env: &Env, n: usize) {
    let mut csv = format!("{CSV_HEADER}\n");
    let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    for i in 0..n {
        let at = start + chrono::Duration::minutes(i as i64);
        csv.push_str(&format!(",entry,{},3,,,,,,,,,,,,{}\n", at.format("%Y-%m-%d %H:%M"), "y".repeat(1000)));
    }
    let file = env.write("many.csv", csv);
    env.ok(&["import", s(&file)]);
}

#[test]
fn export_memory_stays_bounded_as_the_items_grow() {
    let small = Env::new().now("2031-04-10 08:00");
    many(&small, 3_000);
    let large = Env::new().now("2031-04-10 08:00");
    many(&large, 15_000);
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
            let (s_kib, l_kib) = (max_rss_kib(&small, &a), max_rss_kib(&large, &b));
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
    assert_eq!(text.matches(&"y".repeat(1000)).count(), 15_000);
}
