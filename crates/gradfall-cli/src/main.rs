//! `gradfall`: the Gradfall engine on the command line, headless.
//!
//! The same engine and configuration language as the page, so a query copied from the
//! page's URL gives the same numbers here. Exit codes: 0 success (a diverged run
//! included), 1 a failure while running (e.g. a file that cannot be written), 2 bad input.

mod args;
mod bench;
mod dump;
mod presets;
mod query;
mod report;
mod theory;
mod train;

use std::io;
use std::process::ExitCode;

const HELP: &str = "\
gradfall — watch gradients vanish (or not) in a deep network, on the command line

USAGE:
    gradfall train <QUERY> [--steps N] [--every K] [--format json|csv]
    gradfall dump <QUERY> [--out FILE]
    gradfall presets [--json]
    gradfall theory <QUERY> [--grid [--resolution N]]
    gradfall bench [...]
    gradfall help [COMMAND]

<QUERY> is the page's configuration language, e.g. \"act=sigmoid&depth=20&init=xavier\"
(quote it: & means something to the shell), a page URL holding one, or a preset name.

EXAMPLES:
    gradfall train \"act=sigmoid&depth=20\" --steps 100
    gradfall train \"act=relu&init=he&depth=30\" --steps 1000 --every 100 --format csv
    gradfall dump \"act=tanh&depth=3&width=4&batch=2\" --out dump.json
    gradfall presets
    gradfall theory \"act=tanh&init=lecun&bstd=0.2236\" --grid

`gradfall <COMMAND> --help` tells more. Exit codes: 0 ok (a diverged run included),
1 failed while running, 2 bad input.
";

const BENCH_HELP: &str = "\
Time the native GEMM kernels and training steps (the wasm and TensorFlow.js figures come
from `cargo xtask bench`; see the README's Benchmarks).

USAGE:
    gradfall bench [--quick] [--json FILE]
";

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
    let words = match words() {
        Ok(words) => words,
        Err(message) => return fail(Failure::Usage(message)),
    };
    match run(&words) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(failure),
    }
}

/// The command-line words after the program name; non-UTF-8 is bad input.
fn words() -> Result<Vec<String>, String> {
    std::env::args_os()
        .skip(1)
        .map(|word| {
            word.into_string()
                .map_err(|w| format!("argument {w:?} is not valid UTF-8"))
        })
        .collect()
}

fn run(words: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = words.split_first() else {
        eprint!("{HELP}");
        return Err(Failure::Usage(String::new()));
    };
    match command.as_str() {
        "train" => train::run(rest),
        "dump" => dump::run(rest),
        "presets" => presets::run(rest),
        "theory" => theory::run(rest),
        "bench" if rest.iter().any(|w| w == "--help" || w == "-h") => help(Some("bench")),
        "bench" => bench::run(rest).map_err(Failure::Runtime),
        "help" | "--help" | "-h" => help(rest.first().map(String::as_str)),
        "--version" | "-V" => {
            println!("gradfall {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(Failure::Usage(format!(
            "unknown command '{other}' (see gradfall --help)"
        ))),
    }
}

fn help(topic: Option<&str>) -> Result<(), Failure> {
    let text = match topic {
        None => HELP,
        Some("train") => train::HELP,
        Some("dump") => dump::HELP,
        Some("presets") => presets::HELP,
        Some("theory") => theory::HELP,
        Some("bench") => BENCH_HELP,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "no help on '{other}' (see gradfall --help)"
            )))
        }
    };
    print!("{text}");
    Ok(())
}

fn fail(failure: Failure) -> ExitCode {
    let (code, message) = match failure {
        Failure::Usage(message) => (2, message),
        Failure::Runtime(message) => (1, message),
        Failure::ReaderGone => return ExitCode::SUCCESS,
    };
    if !message.is_empty() {
        eprintln!("gradfall: error: {message}");
    }
    ExitCode::from(code)
}
