//! The first ten minutes: what a newcomer reads before running anything is true of the
//! repository (SPEC v3 §12, issue 17).

use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect(name)
}

#[test]
fn the_license_file_matches_cargo_toml() {
    let cargo = read("Cargo.toml");
    assert!(cargo.contains("\nlicense = \"MIT\"\n"));
    let license = read("LICENSE");
    assert!(license.starts_with("MIT License\n"), "{license}");
    assert!(license.contains("footing contributors"));
    assert!(license.contains("WITHOUT ANY KIND OF WARRANTY"));
}

#[test]
fn cargo_declares_the_rust_version_the_readme_names() {
    let cargo = read("Cargo.toml");
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("rust-version in Cargo.toml");
    let readme = read("README.md");
    assert!(readme.contains(&format!("Rust {version} or newer")), "README names Rust {version}");
    assert!(read(".ci/run").contains("cargo test --locked"));
}

/// Every file the README points to exists, and it cites no document the repository does not
/// hold (the specification lives outside it).
#[test]
fn the_readme_refers_only_to_what_the_repository_holds() {
    let readme = read("README.md");
    for word in ["SPEC", "EXAMPLES.md", "EVIDENCE.md", "STYLE.md", "shared/"] {
        assert!(!readme.contains(word), "README refers to {word}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (i, _) in readme.match_indices("](") {
        let target = &readme[i + 2..];
        let target = &target[..target.find(')').unwrap()];
        if target.starts_with("http") || target.starts_with('#') {
            continue;
        }
        assert!(root.join(target).exists(), "README links to missing {target}");
    }
}
