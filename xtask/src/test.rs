//! `cargo xtask test`: everything, in order, on a fresh machine too.
//!
//! 1. toolchain — clippy and rustfmt, wasm target, pinned wasm-bindgen CLI, Chromium, npm
//!    packages of tests/;
//! 2. lint — the gates of `lint` (rustfmt, clippy, ESLint, Prettier);
//! 3. native — `cargo test --workspace`;
//! 4. wasm — the wasm-bindgen-test tests of gradfall-wasm and gradfall-lab-wasm, in Node,
//!    once per build variant;
//! 5. determinism — every preset trained by the native CLI with each kernel and by each page
//!    build in Node, compared bit for bit (see `determinism`);
//! 6. end-to-end — build the page, serve it on a free port, `node --test` the files of
//!    tests/e2e/ against it in headless Chromium; then a subset against `dist/` served by
//!    `python3 -m http.server` (`dist_e2e`);
//! 7. end-to-end in Firefox — a subset in headless firefox-esr over WebDriver BiDi, and
//!    Chromium's exported statistics against Firefox's (`firefox_e2e`).
//!
//! A failing stage does not stop the later ones (one run shows everything broken); the
//! summary lists each stage and the exit code is 1 if any failed. A stage whose tests do
//! not exist yet is skipped with a message.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build::{self, VARIANTS};
use crate::determinism;
use crate::process::{self, Counts};
use crate::server::Server;
use crate::{lint, toolchain};

/// A cargo stage (compiling included) that hangs is stopped after this long: generous,
/// because a busy 2-core machine compiles slowly; CI's own limit is 90 minutes.
const CARGO_TIMEOUT: Duration = Duration::from_secs(40 * 60);
/// The end-to-end run (after the build) is stopped after this long: a browser that hangs
/// must not eat CI's time.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(15 * 60);

enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

/// What a stage's body returns: `Ok(None)` passed, `Ok(Some(reason))` skipped, `Err`
/// failed; and the tests its runner reported.
type StageResult = (Result<Option<String>, String>, Counts);

struct Stage {
    name: String,
    outcome: Outcome,
    seconds: f64,
    counts: Counts,
}

/// A stage a user can pick (`cargo xtask test e2e`); the toolchain stage always runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StageName {
    /// rustfmt, clippy, ESLint and Prettier (as `cargo xtask check`)
    Lint,
    /// `cargo test --workspace`
    Native,
    /// the wasm-bindgen tests of both wasm modules (engine, lab) in Node, once per build variant
    Wasm,
    /// every preset by the native CLI (each kernel) and the page's wasm, compared bit for bit
    Determinism,
    /// the page in headless Chromium
    E2e,
    /// a subset of the page's tests in headless Firefox ESR (WebDriver BiDi)
    E2eFirefox,
}

/// Run the toolchain stage, then the named stages (all when none is named)
///
/// A failing stage does not stop the later ones; the exit code is 1 if any failed.
#[derive(clap::Args)]
pub struct Args {
    /// The stages to run; they run in the order listed below, whatever the order given
    #[arg(value_enum, value_name = "STAGE")]
    pub stages: Vec<StageName>,
}

pub fn run(Args { stages: picked }: Args) -> Result<(), String> {
    let wanted = |stage: StageName| picked.is_empty() || picked.contains(&stage);
    let root = crate::root();
    let mut stages = Vec::new();
    let toolchain_failed = || -> StageResult {
        (
            Err("the toolchain stage failed".to_string()),
            Counts::default(),
        )
    };

    let toolchain_ok = stage(&mut stages, "toolchain", || {
        (ensure_toolchain(&root).map(|()| None), Counts::default())
    });
    if wanted(StageName::Lint) {
        stage(&mut stages, "lint", || {
            if !toolchain_ok {
                return toolchain_failed();
            }
            (lint::gates(&root).map(|()| None), Counts::default())
        });
    }
    if wanted(StageName::Native) {
        stage(&mut stages, "native tests", || {
            let mut cargo = toolchain::cargo();
            cargo.args(["test", "--workspace"]).current_dir(&root);
            let (result, counts) = process::run_tests(&mut cargo, CARGO_TIMEOUT);
            (result.map(|()| None), counts)
        });
    }
    if wanted(StageName::Wasm) {
        for variant in VARIANTS {
            stage(
                &mut stages,
                &format!("wasm tests ({})", variant.name),
                || {
                    if !toolchain_ok {
                        return toolchain_failed();
                    }
                    wasm_tests(&root, variant)
                },
            );
        }
    }
    if wanted(StageName::Determinism) {
        stage(&mut stages, "determinism", || {
            if !toolchain_ok {
                return toolchain_failed();
            }
            let (result, counts) = determinism::run(&root);
            (result.map(|()| None), counts)
        });
    }
    if wanted(StageName::E2e) {
        stage(&mut stages, "end-to-end", || {
            if !toolchain_ok {
                return toolchain_failed();
            }
            end_to_end(&root)
        });
        stage(
            &mut stages,
            "end-to-end (dist/, python3 -m http.server)",
            || {
                if !toolchain_ok {
                    return toolchain_failed();
                }
                crate::dist_e2e::run(&root, BROWSER_TIMEOUT)
            },
        );
    }
    if wanted(StageName::E2eFirefox) {
        stage(&mut stages, "end-to-end (Firefox)", || {
            if !toolchain_ok {
                return toolchain_failed();
            }
            crate::firefox_e2e::run(&root, BROWSER_TIMEOUT)
        });
    }
    summarise(&stages)
}

/// Run one stage, timing it and recording its outcome. Returns whether it passed.
fn stage(stages: &mut Vec<Stage>, name: &str, body: impl FnOnce() -> StageResult) -> bool {
    eprintln!("\n==== {name}");
    let started = Instant::now();
    let (result, counts) = body();
    let outcome = match result {
        Ok(None) => Outcome::Passed,
        Ok(Some(reason)) => {
            eprintln!("skipped: {reason}");
            Outcome::Skipped(reason)
        }
        Err(message) => {
            eprintln!("FAILED: {message}");
            Outcome::Failed(message)
        }
    };
    let passed = matches!(outcome, Outcome::Passed);
    stages.push(Stage {
        name: name.to_string(),
        outcome,
        seconds: started.elapsed().as_secs_f64(),
        counts,
    });
    passed
}

fn ensure_toolchain(root: &Path) -> Result<(), String> {
    toolchain::ensure_lint_tools()?;
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_wasm_bindgen(root)?;
    toolchain::ensure_chromium()?;
    toolchain::ensure_firefox()?;
    toolchain::ensure_npm_packages(&root.join("tests"))
}

fn wasm_tests(root: &Path, variant: &build::Variant) -> StageResult {
    // The runner (wasm-bindgen-test-runner) comes from .cargo/config.toml.
    let mut cargo = toolchain::cargo();
    cargo.arg("test");
    for module in build::MODULES {
        let crate_dir = root.join("crates").join(module.krate);
        if !mentions(&crate_dir, "wasm_bindgen_test") {
            return (
                Ok(Some(format!(
                    "crates/{} has no wasm-bindgen-test tests yet",
                    module.krate
                ))),
                Counts::default(),
            );
        }
        cargo.args(["-p", module.krate]);
    }
    cargo
        .args(["--target", toolchain::WASM_TARGET])
        .args(["--target-dir", variant.target_dir])
        .env("RUSTFLAGS", variant.rustflags)
        .current_dir(root);
    if !variant.node_args.is_empty() {
        cargo.env("NODE_ARGS", variant.node_args);
    }
    let (result, counts) = process::run_tests(&mut cargo, CARGO_TIMEOUT);
    (result.map(|()| None), counts)
}

fn end_to_end(root: &Path) -> StageResult {
    let suite = root.join("tests/e2e");
    let files = test_files(&suite);
    if files.is_empty() {
        return (
            Ok(Some(
                "no test files (*.test.mjs, *.test.js) in tests/e2e/ yet".to_string(),
            )),
            Counts::default(),
        );
    }
    if let Err(message) = build::build(root, true) {
        return (Err(message), Counts::default());
    }
    // Tests that compare the page with the command line (tests/e2e/cli.mjs) run the release
    // binary: build it from this checkout, so that a stale one is never compared.
    if let Err(message) = process::run(
        toolchain::cargo()
            .args(["build", "--release", "-p", "gradfall-cli"])
            .env_remove("RUSTFLAGS")
            .current_dir(root),
    ) {
        return (Err(message), Counts::default());
    }
    let server = match Server::for_tests(&root.join("www")) {
        Ok(server) => server,
        Err(message) => return (Err(message), Counts::default()),
    };
    let mut node = Command::new("node");
    node.arg("--test")
        .args(&files)
        .env("GRADFALL_URL", server.url())
        .current_dir(root);
    if Path::new(toolchain::CHROMIUM).exists() {
        node.env("GRADFALL_CHROMIUM", toolchain::CHROMIUM);
    }
    let (result, counts) = process::run_tests(&mut node, BROWSER_TIMEOUT);
    drop(server);
    (result.map(|()| None), counts)
}

/// The files node's test runner would pick in `dir`, recursively (node_modules excluded),
/// listed explicitly because node 20 and 22 read a directory argument differently.
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "node_modules" {
                found.extend(test_files(&path));
            }
        } else if is_test_file(name) {
            found.push(path);
        }
    }
    found
}

/// node's naming convention for test files.
fn is_test_file(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(extension, "js" | "mjs" | "cjs") {
        return false;
    }
    stem == "test"
        || stem.starts_with("test-")
        || ["-test", ".test", "_test"]
            .iter()
            .any(|s| stem.ends_with(s))
}

/// Whether any .rs file under `dir` contains `needle`.
fn mentions(dir: &Path, needle: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            mentions(&path, needle)
        } else {
            path.extension().is_some_and(|e| e == "rs")
                && std::fs::read_to_string(&path).is_ok_and(|text| text.contains(needle))
        }
    })
}

fn summarise(stages: &[Stage]) -> Result<(), String> {
    println!("\n==== summary");
    let mut total = Counts::default();
    for stage in stages {
        let (word, detail) = match &stage.outcome {
            Outcome::Passed => ("ok", String::new()),
            Outcome::Failed(message) => ("FAILED", message.clone()),
            Outcome::Skipped(reason) => ("skipped", reason.clone()),
        };
        let counts = if stage.counts == Counts::default() {
            String::new()
        } else {
            format!(
                "{} passed, {} failed, {} skipped",
                stage.counts.passed, stage.counts.failed, stage.counts.skipped
            )
        };
        println!(
            "{:<24} {:<8} {:>7.1} s  {counts}{}{detail}",
            stage.name,
            word,
            stage.seconds,
            if counts.is_empty() || detail.is_empty() {
                ""
            } else {
                "  "
            }
        );
        total.add(stage.counts);
    }
    let failed_stages = stages
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Failed(_)))
        .count();
    // A closing line in the plain form CI readers understand.
    println!(
        "total: {} passed, {} failed, {} skipped",
        total.passed, total.failed, total.skipped
    );
    if failed_stages == 0 {
        Ok(())
    } else {
        Err(format!("{failed_stages} stage(s) failed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_test_files_by_nodes_convention() {
        for name in [
            "page.test.mjs",
            "test.js",
            "test-share.mjs",
            "share_test.cjs",
            "x-test.js",
        ] {
            assert!(is_test_file(name), "{name}");
        }
        for name in [
            "helpers.mjs",
            "testing.js",
            "page.test.ts",
            "fixture.json",
            "contest.js",
        ] {
            assert!(!is_test_file(name), "{name}");
        }
    }

    #[test]
    fn finds_test_files_recursively_but_not_in_node_modules() {
        let dir = std::env::temp_dir().join(format!("xtask-e2e-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::create_dir_all(dir.join("node_modules/pkg")).unwrap();
        for file in [
            "b.test.mjs",
            "a.test.mjs",
            "helpers.mjs",
            "sub/c.test.js",
            "node_modules/pkg/d.test.js",
        ] {
            std::fs::write(dir.join(file), "").unwrap();
        }
        let found: Vec<String> = test_files(&dir)
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, ["a.test.mjs", "b.test.mjs", "sub/c.test.js"]);
    }
}
