//! Issue 19, item 3 end to end: footing replaces only regular files and reads a database or
//! an import only from a regular file (§8). FIFOs, sockets and device nodes are made in the
//! test's temp dir, never in /dev.

mod common;

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{s, Env};

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
}

/// A character device with the numbers of /dev/null, when this user may make one (root on a
/// file system that allows devices); `None`, said on stderr, otherwise.
fn mknod_null(path: &Path) -> Option<PathBuf> {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o600, libc::makedev(1, 3)) };
    if made != 0 {
        eprintln!(
            "SKIPPED: cannot make a device node in {} (not root?): device cases not run",
            path.display()
        );
        return None;
    }
    Some(path.to_path_buf())
}

/// The special files of one temp dir: a FIFO, a socket, a directory and (when possible) a
/// device node, with the words footing uses for each.
fn specials(env: &Env) -> (Vec<(PathBuf, &'static str)>, std::os::unix::net::UnixListener) {
    let fifo = env.path("fifo");
    mkfifo(&fifo);
    let sock = env.path("sock");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let dir = env.path("dir");
    fs::create_dir(&dir).unwrap();
    let mut all = vec![(fifo, "a FIFO (named pipe)"), (sock, "a socket"), (dir, "a directory")];
    if let Some(dev) = mknod_null(&env.path("device")) {
        all.push((dev, "a device"));
    }
    (all, listener)
}

/// Runs footing with a deadline: a FIFO must never make it wait.
fn run_quickly(env: &Env, args: &[&str]) -> (i32, String, String) {
    let mut child = env
        .spawnable(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("footing {args:?} blocked");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn file_type(p: &Path) -> fs::FileType {
    fs::symlink_metadata(p).unwrap().file_type()
}

#[test]
fn only_regular_files_are_replaced_with_force_or_without() {
    let env = Env::new().now("2031-04-10 08:00");
    env.ok(&["log", "--pain", "3"]);
    let (specials, _listener) = specials(&env);
    for (path, kind) in &specials {
        let before = file_type(path);
        for (args, flag) in
            [(vec!["export", "--out"], "--out"), (vec!["report", "--out"], "--out"), (vec!["backup"], "FILE")]
        {
            for force in [false, true] {
                let mut all = args.clone();
                all.push(s(path));
                if force {
                    all.push("--force");
                }
                let (code, out, err) = run_quickly(&env, &all);
                assert_eq!((code, out.as_str()), (2, ""), "{all:?}: {err}");
                let why = if *kind == "a directory" {
                    "that is a directory; give a file name".to_string()
                } else {
                    format!("that is {kind}; footing writes only to a regular file (give another name)")
                };
                assert_eq!(err, format!("error: invalid value '{}' for {flag}: {why}\n", s(path)), "{all:?}");
                assert_eq!(file_type(path), before, "{all:?} left {} as it was", path.display());
            }
        }
    }
    let names = env.files();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
}

#[test]
fn a_database_or_an_import_that_is_not_a_regular_file_is_refused_before_it_is_opened() {
    let env = Env::new().now("2031-04-10 08:00");
    env.ok(&["log", "--pain", "3"]);
    let (specials, _listener) = specials(&env);
    for (path, kind) in &specials {
        for args in [&["log", "--pain", "2"][..], &["today"], &["export"], &["check"]] {
            let (code, out, err) =
                run_quickly(&env.with_db(path.file_name().unwrap().to_str().unwrap()), args);
            assert_eq!((code, out.as_str()), (1, ""), "--db {kind} {args:?}: {err}");
            assert_eq!(
                err,
                format!(
                    "error: {} is {kind}, not a regular file; footing reads a database only from a regular \
                     file; nothing was opened\n",
                    s(path)
                ),
                "{args:?}"
            );
        }
        let (code, out, err) = run_quickly(&env, &["import", s(path)]);
        assert_eq!((code, out.as_str()), (1, ""), "import {kind}: {err}");
        assert_eq!(
            err,
            format!(
                "error: {} is {kind}, not a regular file; footing reads an import only from a regular file; \
                 nothing was opened\n",
                s(path)
            )
        );
        assert!(file_type(path).is_fifo() || !file_type(path).is_file());
    }
    // A symbolic link to a regular file is that file: as a database and as an import.
    std::os::unix::fs::symlink(&env.db, env.path("link.db")).unwrap();
    let linked = env.with_db("link.db");
    linked.ok(&["log", "--pain", "4"]);
    assert_eq!(env.json(&["history", "--items"]).as_array().unwrap().len(), 2);
    let export = env.write("out.csv", env.ok(&["export"]));
    std::os::unix::fs::symlink(&export, env.path("link.csv")).unwrap();
    let other = env.with_db("other.db");
    assert_eq!(
        other.ok(&["import", s(&env.path("link.csv"))]),
        "imported 2 items, skipped 0 already stored\n"
    );
}
