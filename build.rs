//! Tells the tests which browser tools this machine has: the report tests that render in
//! headless Chromium (and read its PDF with poppler's pdftoppm) are marked ignored, with the
//! reason, where they are missing, so that `cargo test` shows them as not run instead of
//! passing them silently. CI (`.ci/run`) installs both, and runs them.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(chromium)");
    println!("cargo::rustc-check-cfg=cfg(pdftoppm)");
    println!("cargo::rerun-if-changed=build.rs");
    // Installing a package changes /usr/bin: look again then.
    println!("cargo::rerun-if-changed=/usr/bin");
    if ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().any(|p| Path::new(p).exists()) {
        println!("cargo::rustc-cfg=chromium");
    }
    if Path::new("/usr/bin/pdftoppm").exists() {
        println!("cargo::rustc-cfg=pdftoppm");
    }
}
