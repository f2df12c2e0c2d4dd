//! `gradfall`: the Gradfall engine on the command line, headless.
//!
//! The same engine and configuration language as the page, so a query copied from the
//! page's URL gives the same numbers here. Exit codes: 0 success (a diverged run
//! included), 1 a failure while running (e.g. a file that cannot be written), 2 bad input.
//!
//! Each subcommand is one file holding its arguments (a `clap::Args` struct) and its `run`;
//! adding one is a variant of [`Command`] and that file.

mod bench;
mod dump;
mod jacobian;
mod merge;
mod presets;
mod query;
mod report;
mod reproduce;
mod sweep;
mod sweep_output;
mod theory;
mod train;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
<QUERY> is the page's configuration language, e.g. \"act=sigmoid&depth=20&init=xavier\"
(quote it: & means something to the shell), a page URL holding one, or a preset name.

Examples:
  gradfall train \"act=sigmoid&depth=20\" --steps 100
  gradfall train \"act=relu&init=he&depth=30\" --steps 1000 --every 100 --format csv
  gradfall train \"act=relu&depth=8\" --data-file points.csv --steps 500 --every 100
  gradfall dump \"act=tanh&depth=3&width=4&batch=2\" --out dump.json
  gradfall presets
  gradfall sweep dying-relu --over act=relu,leaky,necro --over seed=1..16 --steps 1500
  gradfall theory \"act=tanh&init=lecun&bstd=0.2236\" --grid

Environment:
  GRADFALL_KERNEL=scalar|avx2|avx512   force a matrix-product kernel (default: the fastest
                                       this CPU has); every kernel gives the same numbers, to the bit

Exit codes: 0 ok (a diverged run included), 1 failed while running, 2 bad input.";

/// gradfall — watch gradients vanish (or not) in a deep network, on the command line
#[derive(Parser)]
#[command(
    name = "gradfall",
    version,
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Train(train::Args),
    Dump(dump::Args),
    Presets(presets::Args),
    Theory(theory::Args),
    Jacobian(jacobian::Args),
    Reproduce(reproduce::Args),
    Bench(bench::Args),
    Sweep(sweep::Args),
    Merge(merge::Args),
}

/// Why a command did not succeed.
pub enum Failure {
    /// Bad input from the user: exit code 2.
    Usage(String),
    /// Something went wrong while running: exit code 1.
    Runtime(String),
    /// Whoever read stdout closed it (`gradfall train … | head`): not a failure, the reader
    /// has what it wanted. Exit code 0, nothing said.
    ReaderGone,
}

impl Failure {
    /// Writing to stdout failed.
    fn from_io(error: io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::ReaderGone
        } else {
            Failure::Runtime(format!("cannot write the output: {error}"))
        }
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "gradfall: internal error (a bug, please report it with the command line): {info}"
        );
    }));
    // Bad arguments: clap prints the error (or the help) and exits with code 2.
    let cli = Cli::parse();
    if let Err(message) = choose_kernel() {
        return fail(Failure::Usage(message));
    }
    let result = match cli.command {
        Command::Train(args) => train::run(args),
        Command::Dump(args) => dump::run(args),
        Command::Presets(args) => presets::run(args),
        Command::Theory(args) => theory::run(args),
        Command::Jacobian(args) => jacobian::run(args),
        Command::Reproduce(args) => reproduce::run(args),
        Command::Bench(args) => bench::run(args).map_err(Failure::Runtime),
        Command::Sweep(args) => sweep::run(args),
        Command::Merge(args) => merge::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(failure),
    }
}

/// `GRADFALL_KERNEL`, when set, forces the GEMM kernel (tests run the CLI with each one).
fn choose_kernel() -> Result<(), String> {
    match std::env::var("GRADFALL_KERNEL") {
        Ok(name) => {
            gradfall_core::kernels::use_kernel(&name).map_err(|e| format!("GRADFALL_KERNEL: {e}"))
        }
        Err(std::env::VarError::NotPresent) => Ok(()),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err("GRADFALL_KERNEL is not valid UTF-8".to_string())
        }
    }
}

fn fail(failure: Failure) -> ExitCode {
    let (code, message) = match failure {
        Failure::Usage(message) => (2, message),
        Failure::Runtime(message) => (1, message),
        Failure::ReaderGone => return ExitCode::SUCCESS,
    };
    eprintln!("gradfall: error: {message}");
    ExitCode::from(code)
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
    fn each_subcommand_reads_its_own_options() {
        let parse = |words: &[&str]| Cli::try_parse_from([&["gradfall"], words].concat());
        let Ok(Cli {
            command: Command::Train(train),
        }) = parse(&["train", "q", "--steps=5", "--every", "2", "--format", "csv"])
        else {
            panic!("train did not parse");
        };
        assert_eq!(
            (train.query.as_str(), train.steps, train.every),
            ("q", 5, 2)
        );
        assert!(
            parse(&["train", "q", "--json"]).is_err(),
            "--json is presets'"
        );
        assert!(parse(&["presets", "--json"]).is_ok());
        assert!(parse(&["bench", "--quick", "--json", "f.json"]).is_ok());
        assert!(parse(&["dump", "q", "--out", "-"]).is_ok());
        assert!(parse(&["theory", "q", "--grid", "--resolution", "8"]).is_ok());
        assert!(parse(&["theory", "q", "--resolution", "1"]).is_err());
    }
}
