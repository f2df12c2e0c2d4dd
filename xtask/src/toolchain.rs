//! Installing what the build and the tests need, on a fresh machine, only when missing:
//! clippy and rustfmt, the wasm32 target, the wasm-bindgen CLI at the version the workspace pins, Chromium and
//! Firefox ESR for the end-to-end tests, and the npm packages of `tests/`.

use std::path::Path;
use std::process::Command;

use crate::process;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Used when Cargo.lock cannot be read.
const FALLBACK_WASM_BINDGEN: &str = "0.2.129";

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";

/// `cargo` as the one running us names it.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Whether `program` can be found on PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// The rustup components the lint gates run: `cargo clippy` and `cargo fmt`.
const LINT_COMPONENTS: [&str; 2] = ["clippy", "rustfmt"];

/// `rustup component add clippy rustfmt` unless both are installed.
pub fn ensure_lint_tools() -> Result<(), String> {
    let Some(installed) =
        process::output(Command::new("rustup").args(["component", "list", "--installed"]))
    else {
        eprintln!("note: rustup not found; assuming clippy and rustfmt are installed");
        return Ok(());
    };
    // Lines read `clippy-x86_64-unknown-linux-gnu` (or `rustfmt` alone on some channels).
    let has = |component: &str| {
        installed
            .lines()
            .any(|line| line.trim() == component || line.starts_with(&format!("{component}-")))
    };
    if LINT_COMPONENTS.iter().all(|c| has(c)) {
        return Ok(());
    }
    process::run(
        Command::new("rustup")
            .args(["component", "add"])
            .args(LINT_COMPONENTS),
    )
}

/// `rustup target add wasm32-unknown-unknown` unless it is installed.
pub fn ensure_wasm_target() -> Result<(), String> {
    let Some(installed) =
        process::output(Command::new("rustup").args(["target", "list", "--installed"]))
    else {
        eprintln!("note: rustup not found; assuming the {WASM_TARGET} target is installed");
        return Ok(());
    };
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen version the workspace resolves to: the CLI must match it exactly.
/// Asks cargo (`cargo pkgid`, which also brings a stale Cargo.lock up to date), then reads
/// Cargo.lock, then falls back to the version known to work.
pub fn pinned_wasm_bindgen(root: &Path) -> String {
    let from_cargo = process::output(
        cargo()
            .args(["pkgid", "-p", "wasm-bindgen"])
            .current_dir(root),
    )
    .and_then(|id| id.rsplit_once('@').map(|(_, version)| version.to_string()));
    from_cargo
        .or_else(|| {
            let lock = std::fs::read_to_string(root.join("Cargo.lock")).ok()?;
            locked_version(&lock, "wasm-bindgen")
        })
        .unwrap_or_else(|| FALLBACK_WASM_BINDGEN.to_string())
}

/// The version of package `name` in the text of a Cargo.lock.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

/// `cargo install wasm-bindgen-cli` at the pinned version unless `wasm-bindgen --version`
/// already says it (the CLI also brings `wasm-bindgen-test-runner`).
pub fn ensure_wasm_bindgen(root: &Path) -> Result<(), String> {
    let version = pinned_wasm_bindgen(root);
    let installed = || process::output(Command::new("wasm-bindgen").arg("--version"));
    if installed().is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str())) {
        return Ok(());
    }
    eprintln!("installing wasm-bindgen-cli {version} (the version the workspace pins; takes a few minutes, once)");
    process::run(cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--locked",
    ]))?;
    match installed() {
        Some(v) if v.split_whitespace().nth(1) == Some(version.as_str()) => Ok(()),
        other => Err(format!(
            "wasm-bindgen on PATH says {:?} after installing {version}; is another one earlier on PATH?",
            other.unwrap_or_default()
        )),
    }
}

/// Debian's Chromium for the end-to-end tests: `apt-get install chromium` when missing.
pub fn ensure_chromium() -> Result<(), String> {
    ensure_debian_browser(CHROMIUM, "chromium")
}

/// Debian's Firefox ESR for the Firefox end-to-end stage: `apt-get install firefox-esr` when
/// missing.
pub fn ensure_firefox() -> Result<(), String> {
    ensure_debian_browser(FIREFOX, "firefox-esr")
}

/// `apt-get install package` (and fonts) unless `path` exists.
fn ensure_debian_browser(path: &str, package: &str) -> Result<(), String> {
    if Path::new(path).exists() {
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err(format!(
            "{path} is missing and there is no apt-get to install it"
        ));
    }
    eprintln!("installing {package} from Debian for the end-to-end tests");
    process::run(Command::new("apt-get").args(["update", "-qq"]))?;
    process::run(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                package,
                // Without recommends no font comes along; text on the charts needs one.
                "fonts-dejavu-core",
                "fonts-liberation",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// `npm ci` (or `npm install` without a lock file) in `dir` when it has a package.json
/// and its node_modules is older than its manifests.
pub fn ensure_npm_packages(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("package.json");
    if !manifest.exists() {
        return Ok(());
    }
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    let up_to_date = match modified(&installed) {
        Some(stamp) => [&manifest, &lock]
            .iter()
            .all(|p| modified(p).is_none_or(|m| m <= stamp)),
        None => false,
    };
    if up_to_date {
        return Ok(());
    }
    let verb = if lock.exists() { "ci" } else { "install" };
    process::run(
        Command::new("npm")
            .args([verb, "--no-audit", "--no-fund"])
            .current_dir(dir),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_version_out_of_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.129\"\nsource = \"x\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.129")
        );
        assert_eq!(locked_version(lock, "absent"), None);
    }

    #[test]
    fn the_repository_lock_pins_wasm_bindgen() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let version = pinned_wasm_bindgen(root);
        let manifest =
            std::fs::read_to_string(root.join("crates/gradfall-wasm/Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("\"={version}\"")),
            "the crate pins wasm-bindgen ={version}"
        );
    }
}
