//! A small harness for end-to-end tests: the real `footing` binary on a database in a temp dir.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("footing.db");
        Env { dir, db }
    }

    /// `footing --db DB ARGS…`, isolated from any real user database.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.arg("--db").arg(&self.db).args(args);
        c
    }

    /// `footing ARGS…` with HOME, XDG_DATA_HOME and FOOTING_DB pointing into the temp dir.
    pub fn bare(&self) -> Command {
        let mut c = Command::cargo_bin("footing").expect("binary");
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("FOOTING_DB", self.dir.path().join("user.db"))
            .env_remove("NO_COLOR");
        c
    }

    /// A plain `std::process::Command` for `footing --db DB ARGS…`, to spawn several at once.
    pub fn spawnable(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("footing"));
        c.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("FOOTING_DB", self.dir.path().join("user.db"))
            .arg("--db")
            .arg(&self.db)
            .args(args);
        c
    }

    /// Runs `footing` and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run footing");
        assert!(
            out.status.success(),
            "footing {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs `footing … --json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("valid JSON on stdout")
    }

    /// Runs `footing` expecting failure with `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run footing");
        assert_eq!(
            out.status.code(),
            Some(code),
            "footing {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }
}

/// Every byte of a database file and of its WAL, to prove nothing was written.
pub fn snapshot(db: &Path) -> Vec<Vec<u8>> {
    let wal = db.with_extension("db-wal");
    [db.to_path_buf(), wal].iter().map(|p| std::fs::read(p).unwrap_or_default()).collect()
}
