//! Whole-process benchmarks: `footing log`, `trend`, `advise` and `report` on 1-year and
//! 10-year demo databases, each paired run for run with the `sqlite3` shell doing the floor
//! work (one INSERT into a WAL database; one 28-day aggregate query grouped by day); and
//! `footing import` of a 10-year export, as JSON and as CSV, into a new database, paired
//! with the shell's `.import` of the same CSV.
//!
//! Run with `cargo bench`. Prints medians, ratios, peak memory and whether each target is met.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Local};

const FOOTING: &str = env!("CARGO_BIN_EXE_footing");
/// Runs per measured command; each footing run is paired with one sqlite3 run.
const RUNS: usize = 41;

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

/// Runs footing and the floor command alternately, `RUNS` times each.
fn paired(
    what: String,
    floor_name: &'static str,
    ours: impl FnMut() -> Command,
    floor: impl FnMut() -> Command,
) -> Row {
    paired_n(RUNS, what, floor_name, ours, floor)
}

/// Runs footing and the floor command alternately, `runs` times each.
fn paired_n(
    runs: usize,
    what: String,
    floor_name: &'static str,
    mut ours: impl FnMut() -> Command,
    mut floor: impl FnMut() -> Command,
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

/// Import rows: footing importing the 10-year export as JSON and as CSV into a new database,
/// each paired with the sqlite3 shell's `.import` of the same CSV into a new database.
fn import_rows(dir: &Path, decade: &Path) -> Vec<Row> {
    const IMPORT_RUNS: usize = 5;
    let json = dir.join("decade.json");
    let csv = dir.join("decade.csv");
    export(decade, "json", &json);
    export(decade, "csv", &csv);
    let target = dir.join("import.db");
    let floor_db = dir.join("floor.db");
    let floor = || {
        remove_db(&floor_db);
        let mut c = Command::new("sqlite3");
        c.arg(&floor_db).arg(".mode csv").arg(format!(".import {} item", csv.display()));
        c
    };
    let mut rows = Vec::new();
    for (label, file) in [("JSON", &json), ("CSV", &csv)] {
        let ours = || {
            remove_db(&target);
            let mut c = footing(&target, &["import"]);
            c.arg(file);
            c
        };
        rows.push(paired_n(IMPORT_RUNS, format!("import 10 years ({label})"), ".import CSV", ours, floor));
    }
    rows
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing useful either way.
    if Command::new("sqlite3").arg("-version").output().is_err() {
        eprintln!("the sqlite3 shell is needed as the baseline: apt-get install sqlite3 (bash .ci/run does)");
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let today = Local::now().date_naive();
    let from = (today - Days::days(27)).format("%Y-%m-%d").to_string();
    let to = today.format("%Y-%m-%d").to_string();
    let aggregate = format!(
        "SELECT day, avg(pain), max(pain), max(stance_left), max(stance_right), max(heel_raises), \
         sum(walk), max(walk), count(kind) FROM item WHERE day BETWEEN '{from}' AND '{to}' GROUP BY day;"
    );
    let insert = "INSERT INTO item (day, time, type, pain) VALUES ('2020-01-01', '08:00', 'entry', 3);";
    let report_out = dir.path().join("report.html");

    // `cargo bench -- log import` measures only the rows whose command starts with those words.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |what: &str| only.is_empty() || only.iter().any(|o| what.starts_with(o.as_str()));

    let year = demo(dir.path(), 365);
    let decade = demo(dir.path(), 3650);
    let mut rows = if wanted("import") { import_rows(dir.path(), &decade) } else { Vec::new() };
    for (label, db) in [("1 year", &year), ("10 years", &decade)] {
        let report = report_out.clone();
        if wanted("log") {
            rows.push(paired(
                format!("log ({label})"),
                "INSERT",
                || footing(db, &["log", "--pain", "3", "--at", "2020-01-01 08:00"]),
                || sqlite3(db, insert),
            ));
        }
        for cmd in ["trend", "advise"].into_iter().filter(|c| wanted(c)) {
            rows.push(paired(
                format!("{cmd} ({label})"),
                "28-day query",
                || footing(db, &[cmd]),
                || sqlite3(db, &aggregate),
            ));
        }
        if wanted("report") {
            rows.push(paired(
                format!("report ({label})"),
                "28-day query",
                || {
                    let mut c = footing(db, &["report", "--force", "--out"]);
                    c.arg(&report);
                    c
                },
                || sqlite3(db, &aggregate),
            ));
        }
    }

    let target = |what: &str| -> f64 {
        if what.starts_with("log") {
            1.3
        } else if what.starts_with("report") {
            15.0
        } else if what.starts_with("import") {
            2.0
        } else {
            2.5
        }
    };
    // Import streams the file: its peak memory must not grow with the file.
    let memory_target = |what: &str| -> f64 {
        if what.starts_with("import") {
            32.0
        } else {
            16.0
        }
    };
    let mut table = String::from("| command | footing (median) | sqlite3 floor | floor (median) | ratio | target | peak memory |\n|---|---|---|---|---|---|---|\n");
    let mut misses = Vec::new();
    for r in &rows {
        let ratio = r.footing.as_secs_f64() / r.floor.as_secs_f64();
        let t = target(&r.what);
        let mib = r.max_rss_kib as f64 / 1024.0;
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {ratio:.2}× | ≤ {t}× | {mib:.1} MiB |",
            r.what,
            ms(r.footing),
            r.floor_name,
            ms(r.floor)
        );
        if ratio > t {
            misses.push(format!("{}: {ratio:.2}× > {t}×", r.what));
        }
        let m = memory_target(&r.what);
        if mib > m {
            misses.push(format!("{}: {mib:.1} MiB > {m} MiB", r.what));
        }
    }
    // Ten years must cost no more than one (≤ 1.2×): measured run for run, 10-year against
    // 1-year, so both see the same machine load.
    for cmd in ["trend", "advise"].into_iter().filter(|c| wanted(c)) {
        let r = paired(
            format!("{cmd} 10 years vs 1 year"),
            "",
            || footing(&decade, &[cmd]),
            || footing(&year, &[cmd]),
        );
        let growth = r.footing.as_secs_f64() / r.floor.as_secs_f64();
        let _ = writeln!(
            table,
            "| {cmd}: 10 years vs 1 year | {} | footing on 1 year | {} | {growth:.2}× | ≤ 1.2× | |",
            ms(r.footing),
            ms(r.floor)
        );
        if growth > 1.2 {
            misses.push(format!("{cmd}: 10 years is {growth:.2}× 1 year"));
        }
    }
    println!("\n{table}");
    println!("{RUNS} paired runs per row (imports: 5); medians of whole-process wall time.");
    if misses.is_empty() {
        println!("every target met");
    } else {
        println!("targets missed:\n  {}", misses.join("\n  "));
    }
}
