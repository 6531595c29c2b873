//! The one harness for end-to-end tests: the real `footing` binary on a database in a temp dir,
//! with HOME, XDG_DATA_HOME and FOOTING_DB pointing into that dir so that no test can ever
//! reach a real user database.
#![allow(dead_code)]

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::prelude::*;
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The width tests run at unless they ask for another: wide enough that a paragraph stays on
/// one line, so tests can match whole sentences (`tests/width.rs` tests the wrapping).
pub const WIDE: u16 = 1000;

/// A temp dir and the database a test works on. Cloning shares the dir (it is removed when the
/// last clone is dropped), so `with_db` and `without_db_flag` give views of the same place.
#[derive(Clone)]
pub struct Env {
    pub dir: Arc<TempDir>,
    /// The database of this view: passed with `--db`, or FOOTING_DB after `without_db_flag`.
    pub db: PathBuf,
    /// FOOTING_DB, the user's own database: `user.db` in the temp dir unless `with_user_db`.
    pub user_db: PathBuf,
    db_flag: bool,
    no_color: bool,
    /// COLUMNS: the width human output is fitted to.
    columns: u16,
    /// FOOTING_NOW, the clock of every run (removed from the environment when None).
    now: Option<String>,
}

impl Env {
    /// `footing.db` in a new temp dir, passed with `--db`; NO_COLOR removed.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("footing.db");
        let user_db = dir.path().join("user.db");
        Env { dir: Arc::new(dir), db, user_db, db_flag: true, no_color: false, columns: WIDE, now: None }
    }

    /// `name` inside the temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The same temp dir, with `--db` naming the database `name` in it.
    pub fn with_db(&self, name: &str) -> Env {
        Env { db: self.path(name), db_flag: true, ..self.clone() }
    }

    /// FOOTING_DB set to `name` in the temp dir (before any `without_db_flag`).
    pub fn with_user_db(self, name: &str) -> Env {
        Env { user_db: self.path(name), ..self }
    }

    /// The same temp dir, running `footing` without `--db`: the database is FOOTING_DB.
    pub fn without_db_flag(&self) -> Env {
        Env { db: self.user_db.clone(), db_flag: false, ..self.clone() }
    }

    /// Every run with COLUMNS=`width` (by default [`WIDE`]).
    pub fn columns(self, width: u16) -> Env {
        Env { columns: width, ..self }
    }

    /// Every run with FOOTING_NOW=`now` ("YYYY-MM-DD HH:MM"): the clock of every command.
    pub fn now(self, now: &str) -> Env {
        Env { now: Some(now.to_string()), ..self }
    }

    /// Every run with NO_COLOR=1 (by default NO_COLOR is removed from the environment).
    pub fn no_color(self) -> Env {
        Env { no_color: true, ..self }
    }

    /// The binary with the isolating environment, and `--db` if `db_flag`.
    fn footing(&self, db_flag: bool) -> std::process::Command {
        let mut c = std::process::Command::cargo_bin("footing").expect("binary");
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("FOOTING_DB", &self.user_db)
            .env("COLUMNS", self.columns.to_string());
        if self.no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        match &self.now {
            Some(now) => c.env("FOOTING_NOW", now),
            None => c.env_remove("FOOTING_NOW"),
        };
        if db_flag {
            c.arg("--db").arg(&self.db);
        }
        c
    }

    /// `footing --db DB ARGS…` (no `--db` after `without_db_flag`).
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.spawnable(args))
    }

    /// `footing` with only the isolating environment: no `--db`, no arguments.
    pub fn bare(&self) -> Command {
        Command::from_std(self.footing(false))
    }

    /// A plain `std::process::Command` for `footing --db DB ARGS…`, to spawn several at once.
    pub fn spawnable(&self, args: &[&str]) -> std::process::Command {
        let mut c = self.footing(self.db_flag);
        c.args(args);
        c
    }

    /// Runs `footing` and returns (exit code, stdout, stderr); -1 when killed by a signal.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().expect("run footing");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).expect("utf-8 stdout"),
            String::from_utf8(out.stderr).expect("utf-8 stderr"),
        )
    }

    /// Runs `footing` and expects success; returns (stdout, stderr).
    pub fn ok_both(&self, args: &[&str]) -> (String, String) {
        let (code, stdout, stderr) = self.run(args);
        assert_eq!(code, 0, "footing {args:?} failed: {stderr}\n{stdout}");
        (stdout, stderr)
    }

    /// Runs `footing` and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_both(args).0
    }

    /// Runs `footing … --json`, expects success and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("valid JSON on stdout")
    }

    /// Runs `footing` expecting exit `code` and nothing on stdout; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let (got, stdout, stderr) = self.run(args);
        assert_eq!(got, code, "footing {args:?}: stdout {stdout} stderr {stderr}");
        assert!(stdout.is_empty(), "footing {args:?} failed but printed on stdout: {stdout}");
        stderr
    }

    /// Runs each command line (see `argv`) in order; each must succeed.
    pub fn log_all(&self, lines: &[&str]) {
        for line in lines {
            self.ok(&argv(line));
        }
    }

    /// Writes `bytes` to `name` in the temp dir; returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write test file");
        p
    }

    /// The names in the temp dir, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("list dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Splits a command line into arguments the way a shell would for simple words: whitespace
/// separates them, and a word in single quotes is kept whole (`--at '2025-03-01 08:00'`);
/// there are no escapes.
pub fn argv(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted.find('\'').unwrap_or_else(|| panic!("unclosed quote in {line:?}"));
            words.push(&quoted[..end]);
            rest = &quoted[end + 1..];
            assert!(
                rest.is_empty() || rest.starts_with(char::is_whitespace),
                "quote inside a word: {line:?}"
            );
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            assert!(!rest[..end].contains('\''), "quote inside a word: {line:?}");
            words.push(&rest[..end]);
            rest = &rest[end..];
        }
        rest = rest.trim_start();
    }
    words
}

/// Every byte of a database file, which must exist, and of its WAL (empty when there is none),
/// to prove nothing was written.
pub fn snapshot(db: &Path) -> [Vec<u8>; 2] {
    let mut wal = OsString::from(db);
    wal.push("-wal");
    let main = std::fs::read(db).unwrap_or_else(|e| panic!("read {}: {e}", db.display()));
    [main, std::fs::read(wal).unwrap_or_default()]
}

/// The permission bits of a file or directory.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("file exists").permissions().mode() & 0o777
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The largest resident size of a finished `footing` run, in KiB (from wait4's rusage): the
/// memory tests compare it between a short and a long history.
pub fn max_rss_kib(env: &Env, args: &[&str]) -> i64 {
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

/// Imports `n` entries with 1,000-character notes, one a minute from 2030-01-01.
pub fn import_many_long_notes(env: &Env, n: usize) {
    let mut csv = String::from(
        "id,type,at,pain,numb,stance_left,stance_right,heel_raises,walk,flags,kind,sets,reps,minutes,rpe,note\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    for i in 0..n {
        let at = start + chrono::Duration::minutes(i as i64);
        csv.push_str(&format!(",entry,{},3,,,,,,,,,,,,{}\n", at.format("%Y-%m-%d %H:%M"), "z".repeat(1000)));
    }
    let file = env.write("many.csv", csv);
    env.ok(&["import", s(&file)]);
}
