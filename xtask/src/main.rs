//! The project's one build tool: `cargo xtask build|dist|serve|test|check|bench`.
//!
//! It installs what else it needs (see `toolchain`). Each command is one file holding its
//! arguments (a `clap::Args` struct) and its `run`; adding one is a variant of [`Command`]
//! and that file.

mod bench;
mod build;
mod determinism;
mod dist;
mod dist_e2e;
mod firefox_e2e;
mod lint;
mod minify;
mod process;
mod serve;
mod server;
mod test;
mod toolchain;
mod wasm_exports;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// cargo xtask — build, serve, test and benchmark Gradfall
#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(build::Args),
    Dist(dist::Args),
    Serve(serve::Args),
    Test(test::Args),
    Check(lint::Args),
    Bench(bench::Args),
}

impl Command {
    /// The name the user typed, for error messages.
    fn name(&self) -> &'static str {
        match self {
            Command::Build(_) => "build",
            Command::Dist(_) => "dist",
            Command::Serve(_) => "serve",
            Command::Test(_) => "test",
            Command::Check(_) => "check",
            Command::Bench(_) => "bench",
        }
    }
}

fn main() -> ExitCode {
    // Bad arguments: clap prints the error (or the help) and exits with code 2.
    let cli = Cli::parse();
    add_cargo_bin_to_path();
    if let Err(e) = std::env::set_current_dir(root()) {
        eprintln!("xtask: cannot enter the repository root: {e}");
        return ExitCode::FAILURE;
    }
    let name = cli.command.name();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Dist(args) => dist::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Test(args) => test::run(args),
        Command::Check(args) => lint::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {name}: error: {message}");
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn commands_read_their_own_options() {
        let parse = |words: &[&str]| Cli::try_parse_from([&["xtask"], words].concat());
        let Ok(Cli {
            command: Command::Serve(serve),
        }) = parse(&["serve", "--port", "9000", "--no-build"])
        else {
            panic!("serve did not parse");
        };
        assert_eq!((serve.port, serve.no_build), (9000, true));
        assert!(parse(&["serve", "--port", "70000"]).is_err());
        let Ok(Cli {
            command: Command::Test(test),
        }) = parse(&["test", "lint", "e2e", "e2e-firefox"])
        else {
            panic!("test did not parse");
        };
        assert_eq!(
            test.stages,
            [
                test::StageName::Lint,
                test::StageName::E2e,
                test::StageName::E2eFirefox
            ]
        );
        assert!(parse(&["test", "everything"]).is_err());
        assert!(parse(&["build", "--debug"]).is_ok());
        assert!(parse(&["bench", "--quick"]).is_ok());
        assert!(parse(&["check"]).is_ok());
        assert!(parse(&["frobnicate"]).is_err());
    }
}
