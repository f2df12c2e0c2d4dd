//! The lint gates: `cargo xtask check` runs them alone, `cargo xtask test` as its `lint` stage.
//!
//! 1. `cargo fmt --all --check`;
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`, then the same for both wasm
//!    modules (`build::MODULES`) on wasm32 once per build variant: its tests and the SIMD kernels exist only there
//!    (`cfg(target_arch = "wasm32")`, `cfg(target_feature = ...)`). Each variant uses its own
//!    target directory and RUSTFLAGS, as its build does, so no gate invalidates a build.
//!    Thresholds live in the root clippy.toml;
//! 3. ESLint and Prettier on www/ and tests/: `npm run lint` and `npm run format:check` in
//!    tests/, each only once tests/package.json defines it.
//!
//! Every gate runs even when an earlier one fails, so one run shows everything to fix.

use std::path::Path;
use std::process::Command;

use crate::build::{MODULES, VARIANTS};
use crate::{process, toolchain};

/// The npm scripts of tests/package.json that are gates.
const NPM_GATES: [&str; 2] = ["lint", "format:check"];

/// Run the lint gates alone: rustfmt, clippy (native and wasm32), ESLint and Prettier
#[derive(clap::Args)]
pub struct Args {}

pub fn run(Args {}: Args) -> Result<(), String> {
    let root = crate::root();
    toolchain::ensure_lint_tools()?;
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_npm_packages(&root.join("tests"))?;
    gates(&root)
}

/// Run every gate; the error names those that failed.
pub fn gates(root: &Path) -> Result<(), String> {
    let mut failed = Vec::new();
    for (name, mut command) in commands(root) {
        eprintln!("-- {name}");
        if let Err(message) = process::run(&mut command) {
            eprintln!("{name}: {message}");
            failed.push(name);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed: {}", failed.join(", ")))
    }
}

/// Each gate's name and command (with its working directory), in the order they run.
fn commands(root: &Path) -> Vec<(String, Command)> {
    let cargo = || {
        let mut cargo = toolchain::cargo();
        cargo.current_dir(root);
        cargo
    };
    let mut gates = Vec::new();
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    gates.push(("rustfmt".to_string(), fmt));

    let mut clippy = cargo();
    clippy.args(["clippy", "--workspace", "--all-targets"]);
    clippy.args(["--", "-D", "warnings"]);
    gates.push(("clippy".to_string(), clippy));
    for variant in VARIANTS {
        let mut clippy = cargo();
        clippy.arg("clippy");
        for module in MODULES {
            clippy.args(["-p", module.krate]);
        }
        clippy
            .args(["--all-targets", "--all-features"])
            .args(["--target", toolchain::WASM_TARGET])
            .args(["--target-dir", variant.target_dir])
            .args(["--", "-D", "warnings"])
            .env("RUSTFLAGS", variant.rustflags);
        gates.push((format!("clippy ({})", variant.name), clippy));
    }

    let tests = root.join("tests");
    let manifest = std::fs::read_to_string(tests.join("package.json")).unwrap_or_default();
    for script in NPM_GATES {
        if has_npm_script(&manifest, script) {
            let mut npm = Command::new("npm");
            npm.args(["run", script]).current_dir(&tests);
            gates.push((format!("npm run {script}"), npm));
        } else {
            eprintln!(
                "note: tests/package.json has no `{script}` script yet; that gate is skipped"
            );
        }
    }
    gates
}

/// Whether the package.json text `manifest` defines the npm script `name`.
fn has_npm_script(manifest: &str, name: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(manifest)
        .ok()
        .and_then(|json| json.get("scripts")?.get(name).map(|s| s.is_string()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_npm_scripts_in_a_manifest() {
        let manifest = r#"{"scripts": {"test": "node --test", "lint": "eslint ."}}"#;
        assert!(has_npm_script(manifest, "lint"));
        assert!(!has_npm_script(manifest, "format:check"));
        assert!(!has_npm_script(r#"{"name": "x"}"#, "lint"));
        assert!(!has_npm_script("not json", "lint"));
    }

    #[test]
    fn the_gates_run_in_order_in_their_directories_with_clippy_denying_warnings() {
        let names: Vec<String> = commands(&crate::root())
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names[..2], ["rustfmt", "clippy"]);
        assert_eq!(
            names.iter().filter(|n| n.starts_with("clippy (")).count(),
            VARIANTS.len(),
            "one wasm32 clippy per build variant"
        );
        let root = crate::root();
        for (name, command) in commands(&root) {
            let dir = command.get_current_dir().expect("a working directory");
            let wanted = if name.starts_with("npm") {
                root.join("tests")
            } else {
                root.clone()
            };
            assert_eq!(dir, wanted, "{name}");
            if name.starts_with("clippy") {
                let args: Vec<_> = command.get_args().collect();
                assert!(
                    args.ends_with(&["-D".as_ref(), "warnings".as_ref()]),
                    "{name}"
                );
            }
        }
    }
}
