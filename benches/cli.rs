//! Whole-process benchmarks of issue 18's pairs, on 1-year and 10-year demo databases, each
//! footing command paired run for run with the `sqlite3` shell doing the nearest job: `log`
//! against one INSERT into the same WAL database; `history`, `trend`, `zones`, `advise`,
//! `plan` and `today` against one 28-day aggregate query grouped by day; `export` against
//! `sqlite3 -json` / `-csv` of the item table; `backup` against the shell's `.backup`; and
//! footing's JSON import of the 10-year history against its CSV import of the same.
//!
//! `cargo bench` prints medians, ratios, peak memory and whether each target is met.
//! `cargo bench -- --instructions` counts instructions instead (one run of each side under
//! `valgrind --tool=callgrind`): repeatable on a busy machine, where times are not.
//! `cargo bench -- log export` runs only the rows whose command starts with those words.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Local};

const FOOTING: &str = env!("CARGO_BIN_EXE_footing");
/// Runs per measured command; each footing run is paired with one sqlite3 run.
const RUNS: usize = 41;
/// Runs per bulk command (export, import, backup of ten years).
const BULK_RUNS: usize = 9;

/// One finished process: wall time and peak resident memory.
struct Run {
    wall: Duration,
    max_rss_kib: i64,
}

/// Spawns a command, waits for it with `wait4` to read its own peak memory, and times it.
// The child is reaped by `wait4`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(cmd: &mut Command) -> Run {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("could not start {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, status and usage are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed for {cmd:?}");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        panic!("{cmd:?} failed: {err}");
    }
    Run { wall, max_rss_kib: usage.ru_maxrss }
}

fn footing(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(FOOTING);
    c.arg("--db").arg(db).args(args).env("NO_COLOR", "1");
    c
}

fn sqlite3(db: &Path, sql: &str) -> Command {
    let mut c = Command::new("sqlite3");
    c.arg(db).arg(sql);
    c
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

struct Row {
    what: String,
    footing: Duration,
    floor: Duration,
    floor_name: &'static str,
    max_rss_kib: i64,
}

/// Runs footing and the floor command alternately, `runs` times each.
fn paired_n(
    runs: usize,
    what: String,
    floor_name: &'static str,
    ours: &dyn Fn() -> Command,
    floor: &dyn Fn() -> Command,
) -> Row {
    // Warm the page cache and the binaries once.
    run(&mut ours());
    run(&mut floor());
    let (mut a, mut b, mut rss) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs {
        let r = run(&mut ours());
        rss = rss.max(r.max_rss_kib);
        a.push(r.wall);
        b.push(run(&mut floor()).wall);
    }
    Row { what, footing: median(a), floor: median(b), floor_name, max_rss_kib: rss }
}

fn demo(dir: &Path, days: u32) -> PathBuf {
    let db = dir.join(format!("demo-{days}.db"));
    let started = Instant::now();
    let out = Command::new(FOOTING)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--json", "--days", &days.to_string(), "--seed", "1"])
        .output()
        .expect("footing demo");
    assert!(out.status.success(), "demo failed: {}", String::from_utf8_lossy(&out.stderr));
    eprintln!("demo --days {days}: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    db
}

/// Removes a database and the files SQLite keeps beside it, so the next run starts afresh.
fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// Exports the database to `file` in `format`.
fn export(db: &Path, format: &str, file: &Path) {
    let out =
        footing(db, &["export", "--format", format, "--force", "--out"]).arg(file).output().expect("export");
    assert!(out.status.success(), "export failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Instructions one run of `cmd` executes, counted by callgrind (its summary on stderr).
fn instructions(cmd: &Command) -> u64 {
    let mut c = Command::new("valgrind");
    c.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let out =
        c.stdout(Stdio::null()).stderr(Stdio::piped()).output().expect("valgrind (apt-get install valgrind)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{cmd:?} under callgrind failed: {err}");
    err.lines()
        .find_map(|l| l.split_once("Collected : ").map(|(_, n)| n.trim().parse().expect("a count")))
        .unwrap_or_else(|| panic!("no count in {err}"))
}

/// One row of the table: a footing command and the floor it is held against.
struct Pair<'a> {
    what: String,
    floor_name: &'static str,
    ours: Box<dyn Fn() -> Command + 'a>,
    floor: Box<dyn Fn() -> Command + 'a>,
    /// The largest ratio footing / floor the issue allows.
    target: f64,
    runs: usize,
}

fn pair<'a>(
    what: impl Into<String>,
    floor_name: &'static str,
    target: f64,
    runs: usize,
    ours: impl Fn() -> Command + 'a,
    floor: impl Fn() -> Command + 'a,
) -> Pair<'a> {
    Pair { what: what.into(), floor_name, ours: Box::new(ours), floor: Box::new(floor), target, runs }
}

/// Peak memory any command may reach (issue 18: export included, at any size).
const MEMORY_MIB: f64 = 10.0;
/// How much slower a command may be on ten years than on one.
const GROWTH: f64 = 1.10;

fn main() {
    if Command::new("sqlite3").arg("-version").output().is_err() {
        eprintln!("the sqlite3 shell is needed as the baseline: apt-get install sqlite3 (bash .ci/run does)");
        std::process::exit(1);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.iter().any(|a| a == "--instructions");
    // `cargo bench` passes `--bench`; words name the rows to run.
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let wanted = |what: &str| only.is_empty() || only.iter().any(|o| what.starts_with(o.as_str()));

    let dir = tempfile::tempdir().expect("temp dir");
    let today = Local::now().date_naive();
    let from = (today - Days::days(27)).format("%Y-%m-%d").to_string();
    let to = today.format("%Y-%m-%d").to_string();
    let aggregate = format!(
        "SELECT day, avg(pain), max(pain), max(stance_left), max(stance_right), max(heel_raises), \
         sum(walk), max(walk), count(kind) FROM item WHERE day BETWEEN '{from}' AND '{to}' GROUP BY day;"
    );
    let insert = "INSERT INTO item (day, time, type, pain) VALUES ('2020-01-01', '08:00', 'entry', 3);";
    let year = demo(dir.path(), 365);
    let decade = demo(dir.path(), 3650);
    let (json, csv) = (dir.path().join("decade.json"), dir.path().join("decade.csv"));
    export(&decade, "json", &json);
    export(&decade, "csv", &csv);
    let (target_db, copy, floor_copy) =
        (dir.path().join("import.db"), dir.path().join("copy.db"), dir.path().join("floor-copy.db"));

    let mut pairs = Vec::new();
    for (label, db) in [("1 year", &year), ("10 years", &decade)] {
        pairs.push(pair(
            format!("log ({label})"),
            "INSERT",
            1.10,
            RUNS,
            move || footing(db, &["log", "--pain", "3", "--at", "2020-01-01 08:00"]),
            move || sqlite3(db, insert),
        ));
        for (cmd, target) in
            [("history", 1.2), ("trend", 1.2), ("zones", 1.2), ("advise", 1.4), ("plan", 1.4), ("today", 1.4)]
        {
            let aggregate = aggregate.clone();
            pairs.push(pair(
                format!("{cmd} ({label})"),
                "28-day query",
                target,
                RUNS,
                move || footing(db, &[cmd]),
                move || sqlite3(db, &aggregate),
            ));
        }
    }
    for (format, flag) in [("json", "-json"), ("csv", "-csv")] {
        let decade = &decade;
        pairs.push(pair(
            format!("export {format} (10 years)"),
            if format == "json" { "sqlite3 -json" } else { "sqlite3 -csv" },
            1.2,
            BULK_RUNS,
            move || footing(decade, &["export", "--format", format]),
            move || {
                let mut c = Command::new("sqlite3");
                c.arg(flag).arg("-header").arg(decade).arg("SELECT * FROM item ORDER BY day, time, id;");
                c
            },
        ));
    }
    let (json, csv, target_db) = (&json, &csv, &target_db);
    let import = move |file: &Path| {
        remove_db(target_db);
        let mut c = footing(target_db, &["import"]);
        c.arg(file);
        c
    };
    pairs.push(pair(
        "import json (10 years)",
        "footing import csv",
        1.3,
        BULK_RUNS,
        move || import(json),
        move || import(csv),
    ));
    let (decade, copy, floor_copy) = (&decade, &copy, &floor_copy);
    pairs.push(pair(
        "backup (10 years)",
        "sqlite3 .backup",
        1.8,
        BULK_RUNS,
        move || {
            let mut c = footing(decade, &["backup", "--force"]);
            c.arg(copy);
            c
        },
        move || {
            remove_db(floor_copy);
            let mut c = Command::new("sqlite3");
            c.arg(decade).arg(format!(".backup '{}'", floor_copy.display()));
            c
        },
    ));
    pairs.retain(|p| wanted(&p.what));

    let mut misses = Vec::new();
    let mut table = String::new();
    if count {
        table.push_str(
            "| command | footing | floor | floor's | ratio | target |\n|---|---|---|---|---|---|\n",
        );
        let mut counts = std::collections::HashMap::new();
        for p in &pairs {
            // One run of each first, as the timed rows do: the day's first write (its check
            // and backup, once a day) is not what the row measures.
            run(&mut (p.ours)());
            run(&mut (p.floor)());
            let ours = instructions(&(p.ours)());
            counts.insert(p.what.clone(), ours);
            let floor = instructions(&(p.floor)());
            let ratio = ours as f64 / floor as f64;
            let m = |n: u64| format!("{:.2} M", n as f64 / 1e6);
            let _ = writeln!(
                table,
                "| {} | {} | {} | {} | {ratio:.2}× | ≤ {}× |",
                p.what,
                m(ours),
                p.floor_name,
                m(floor),
                p.target
            );
            if ratio > p.target {
                misses.push(format!("{}: {ratio:.2}× > {}×", p.what, p.target));
            }
        }
        for p in &pairs {
            let Some(cmd) = p.what.strip_suffix(" (10 years)") else { continue };
            let Some(one) = counts.get(&format!("{cmd} (1 year)")) else { continue };
            let growth = counts[&p.what] as f64 / *one as f64;
            let _ = writeln!(table, "| {cmd}: 10 years vs 1 year | | | | {growth:.2}× | ≤ {GROWTH}× |");
            if growth > GROWTH {
                misses.push(format!("{cmd}: 10 years is {growth:.2}× 1 year"));
            }
        }
        println!("\n{table}");
        println!("instructions of one run of each, counted by callgrind.");
    } else {
        table.push_str(
            "| command | footing (median) | floor | floor (median) | ratio | target | peak memory |\n\
             |---|---|---|---|---|---|---|\n",
        );
        let mut medians = std::collections::HashMap::new();
        for p in &pairs {
            let r = paired_n(p.runs, p.what.clone(), p.floor_name, &*p.ours, &*p.floor);
            let ratio = r.footing.as_secs_f64() / r.floor.as_secs_f64();
            let mib = r.max_rss_kib as f64 / 1024.0;
            let _ = writeln!(
                table,
                "| {} | {} | {} | {} | {ratio:.2}× | ≤ {}× | {mib:.1} MiB |",
                r.what,
                ms(r.footing),
                r.floor_name,
                ms(r.floor),
                p.target
            );
            if ratio > p.target {
                misses.push(format!("{}: {ratio:.2}× > {}×", r.what, p.target));
            }
            if mib > MEMORY_MIB {
                misses.push(format!("{}: {mib:.1} MiB > {MEMORY_MIB} MiB", r.what));
            }
            medians.insert(r.what.clone(), r.footing);
        }
        // Ten years must cost no more than one: each command's two medians, from runs
        // interleaved with the same floor.
        for p in &pairs {
            let Some(cmd) = p.what.strip_suffix(" (10 years)") else { continue };
            let Some(one) = medians.get(&format!("{cmd} (1 year)")) else { continue };
            let growth = medians[&p.what].as_secs_f64() / one.as_secs_f64();
            let _ = writeln!(
                table,
                "| {cmd}: 10 years vs 1 year | {} | footing on 1 year | {} | {growth:.2}× | ≤ {GROWTH}× | |",
                ms(medians[&p.what]),
                ms(*one)
            );
            if growth > GROWTH {
                misses.push(format!("{cmd}: 10 years is {growth:.2}× 1 year"));
            }
        }
        println!("\n{table}");
        println!(
            "{RUNS} paired runs per row ({BULK_RUNS} for export, import, backup); medians of wall time."
        );
    }
    if misses.is_empty() {
        println!("every target met");
    } else {
        println!("targets missed:\n  {}", misses.join("\n  "));
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
