//! The project's one build tool: `cargo xtask build|serve|test|bench`.
//!
//! Standard library only, so it compiles in seconds on a fresh machine; it installs what
//! else it needs (see `toolchain`).

mod bench;
mod build;
mod determinism;
mod process;
mod server;
mod test;
mod toolchain;
mod wasm_exports;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask — build, serve, test and benchmark Gradfall

USAGE:
    cargo xtask build [--debug]     build the page's wasm into www/pkg*/ (installs the wasm
                                    target and the pinned wasm-bindgen CLI when missing)
    cargo xtask serve [--port P]    build, then serve www/ at http://127.0.0.1:P/ (default 8000)
                      [--no-build]
    cargo xtask test                toolchain, native tests, wasm tests (Node), end-to-end
                                    tests (headless Chromium); exit code 1 if any fails
    cargo xtask bench [...]         gradfall against TensorFlow.js (see the README)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    add_cargo_bin_to_path();
    if let Err(e) = std::env::set_current_dir(root()) {
        eprintln!("xtask: cannot enter the repository root: {e}");
        return ExitCode::FAILURE;
    }
    let Some((command, rest)) = args.split_first() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "build" => build::run(rest),
        "serve" => serve(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => {
            eprint!("xtask: unknown command '{other}'\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {command}: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask/ is one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// Put cargo's bin directory (where rustup and `cargo install` put tools) on PATH, for us
/// and our children, if it is not there already.
fn add_cargo_bin_to_path() {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(bin) = cargo_home.map(|home| home.join("bin")) else {
        return;
    };
    let current = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<PathBuf> = std::env::split_paths(&current).collect();
    if paths.contains(&bin) {
        return;
    }
    paths.insert(0, bin);
    if let Ok(joined) = std::env::join_paths(paths) {
        // Still single-threaded here, so changing the environment is sound.
        std::env::set_var("PATH", joined);
    }
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut port: u16 = 8000;
    let mut build_first = true;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--port" => {
                let value = words.next().ok_or("--port needs a number")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port wants a number 0-65535, not '{value}'"))?;
            }
            "--no-build" => build_first = false,
            "-h" | "--help" => {
                println!("cargo xtask serve [--port P] [--no-build]: build, then serve www/ on 127.0.0.1");
                return Ok(());
            }
            other => return Err(format!("unknown option '{other}' for serve (try --port P)")),
        }
    }
    let root = root();
    if build_first {
        build::build(&root, true)?;
    }
    let server =
        server::Server::start(&root.join("www"), ("127.0.0.1", port), true).map_err(|e| {
            format!("cannot serve on 127.0.0.1:{port}: {e} (another server there? try --port)")
        })?;
    println!("Gradfall is at {}  (Ctrl-C to stop)", server.url());
    server.wait();
    Ok(())
}
