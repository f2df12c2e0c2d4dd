//! Running child processes: echo the command, check its status, and for test runners
//! count the tests their output reports.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The command line as a user could retype it (environment variables first).
pub fn describe(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter_map(|(key, value)| {
            let key = key.to_string_lossy();
            let keep = key == "RUSTFLAGS" || key == "NODE_ARGS" || key.starts_with("GRADFALL");
            value
                .filter(|_| keep)
                .map(|v| format!("{key}={}", quote(&v.to_string_lossy())))
        })
        .collect();
    words.push(command.get_program().to_string_lossy().into_owned());
    words.extend(command.get_args().map(|a| quote(&a.to_string_lossy())));
    words.join(" ")
}

fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:+,@".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Run to completion with inherited stdio; an error says what failed.
pub fn run(command: &mut Command) -> Result<(), String> {
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("cannot run {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// The trimmed stdout of a command that succeeded, `None` if it could not run or failed.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Tests reported by the runners' summary lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    /// Read one output line: libtest's (and wasm-bindgen-test-runner's)
    /// `test result: ok. 10 passed; 0 failed; 2 ignored; …`, or the summary lines of
    /// node's test runner, TAP (`# pass 3`) or spec (`ℹ fail 0`).
    pub fn read_line(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result:") {
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                if let (Some(number), Some(what)) = (words.next(), words.next()) {
                    if let Ok(n) = number.parse::<u64>() {
                        match what {
                            "passed" => self.passed += n,
                            "failed" => self.failed += n,
                            "ignored" => self.skipped += n,
                            _ => {}
                        }
                    }
                }
            }
            return;
        }
        let Some(rest) = line.strip_prefix("# ").or_else(|| line.strip_prefix("ℹ ")) else {
            return;
        };
        let mut words = rest.split_whitespace();
        if let (Some(what), Some(number), None) = (words.next(), words.next(), words.next()) {
            if let Ok(n) = number.parse::<u64>() {
                match what {
                    "pass" => self.passed += n,
                    "fail" | "cancelled" => self.failed += n,
                    "skipped" | "todo" => self.skipped += n,
                    _ => {}
                }
            }
        }
    }
}

/// Run a test runner: stdout is echoed line by line and its summary lines counted;
/// stderr is inherited. After `timeout` the child is killed and the run fails.
pub fn run_tests(command: &mut Command, timeout: Duration) -> (Result<(), String>, Counts) {
    eprintln!("$ {}", describe(command));
    let what = describe(command);
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => return (Err(format!("cannot run {what}: {e}")), Counts::default()),
    };
    let stdout = child.stdout.take().expect("stdout was piped");
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        let mut counts = Counts::default();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            counts.read_line(&line);
        }
        let _ = send.send(counts);
    });

    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "`{what}` was stopped after {} s",
                    timeout.as_secs()
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(100)),
            Err(e) => break Err(format!("lost track of `{what}`: {e}")),
        }
    };
    // The reader ends when the pipe closes; a grandchild that kept it open must not hang us.
    let counts = receive
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    let result = match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("`{what}` failed ({status})")),
        Err(message) => Err(message),
    };
    (result, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_and_node_summaries() {
        let mut counts = Counts::default();
        counts.read_line("test result: ok. 10 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        counts.read_line(
            "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out",
        );
        counts.read_line("# pass 4");
        counts.read_line("# fail 1");
        counts.read_line("ℹ skipped 2");
        counts.read_line("# Subtest: pass 5 things"); // not a summary line
        counts.read_line("test foo::pass ... ok");
        assert_eq!(
            counts,
            Counts {
                passed: 17,
                failed: 2,
                skipped: 4
            }
        );
    }

    #[test]
    fn describes_commands_retypably() {
        let mut command = Command::new("cargo");
        command
            .args(["test", "a b"])
            .env("RUSTFLAGS", "-C target-feature=+simd128")
            .env("OTHER", "x");
        assert_eq!(
            describe(&command),
            "RUSTFLAGS='-C target-feature=+simd128' cargo test 'a b'"
        );
    }

    #[test]
    fn a_failing_runner_fails_and_its_counts_are_kept() {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo 'test result: FAILED. 1 passed; 1 failed; 0 ignored'; exit 3",
        ]);
        let (result, counts) = run_tests(&mut command, Duration::from_secs(30));
        assert!(result.unwrap_err().contains("failed"));
        assert_eq!(
            counts,
            Counts {
                passed: 1,
                failed: 1,
                skipped: 0
            }
        );
    }

    #[test]
    fn a_runner_past_its_timeout_is_stopped() {
        let mut command = Command::new("sleep");
        command.arg("30");
        let started = Instant::now();
        let (result, _) = run_tests(&mut command, Duration::from_millis(300));
        assert!(result.unwrap_err().contains("stopped"));
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}
