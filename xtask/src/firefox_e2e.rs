//! The end-to-end stage in Firefox: Debian's firefox-esr, driven over WebDriver BiDi by
//! puppeteer-core behind the Playwright-shaped adapter of `tests/e2e/firefox.mjs`
//! (`GRADFALL_BROWSER=firefox`). Firefox has no relaxed SIMD, so this runs the page's
//! SIMD128 build in a second engine; the cross-browser file compares its exported
//! statistics with Chromium's byte for byte.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::process::{self, Counts};
use crate::server::Server;
use crate::{build, toolchain};

/// The e2e files that also run in Firefox. A file named here that does not exist (yet) is
/// left out with a note, so a file another branch adds can be listed before it lands.
pub const FILES: &[&str] = &[
    "playground.test.mjs",
    "compare.test.mjs",
    "embed.test.mjs",
    "component.test.mjs",
    "sandbox.test.mjs",
    "chart-text.test.mjs",
    "chart-text-views.test.mjs",
    "cross-browser.test.mjs",
];

/// Build the page, serve www/ on a free port, run [`FILES`] in Firefox.
pub fn run(root: &Path, timeout: Duration) -> (Result<Option<String>, String>, Counts) {
    let suite = root.join("tests/e2e");
    let (present, missing): (Vec<&str>, Vec<&str>) =
        FILES.iter().partition(|f| suite.join(f).exists());
    if !missing.is_empty() {
        eprintln!(
            "note: not in tests/e2e/, so not run: {}",
            missing.join(", ")
        );
    }
    if present.is_empty() {
        return (
            Ok(Some("none of the Firefox test files exists".to_string())),
            Counts::default(),
        );
    }
    if let Err(message) = build::build(root, true) {
        return (Err(message), Counts::default());
    }
    let server = match Server::for_tests(&root.join("www")) {
        Ok(server) => server,
        Err(message) => return (Err(message), Counts::default()),
    };
    let mut node = Command::new("node");
    node.arg("--test")
        .args(present.iter().map(|f| suite.join(f)))
        .env("GRADFALL_URL", server.url())
        .env("GRADFALL_BROWSER", "firefox")
        .env("GRADFALL_FIREFOX", toolchain::FIREFOX)
        .current_dir(root);
    if Path::new(toolchain::CHROMIUM).exists() {
        // The cross-browser file opens Chromium too.
        node.env("GRADFALL_CHROMIUM", toolchain::CHROMIUM);
    }
    let (result, counts) = process::run_tests(&mut node, timeout);
    drop(server);
    (result.map(|()| None), counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_required_firefox_files_exist() {
        let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e");
        for file in [
            "playground.test.mjs",
            "compare.test.mjs",
            "embed.test.mjs",
            "cross-browser.test.mjs",
        ] {
            assert!(FILES.contains(&file), "{file} is listed");
            assert!(suite.join(file).exists(), "{file} exists");
        }
    }
}
