//! The determinism stage of `cargo xtask test`: one query gives one run, to the bit, in the
//! native CLI with every kernel this CPU offers and in every wasm build the page may load.
//!
//! For every configuration of every preset and compare preset (deduplicated by canonical
//! query), [`STEPS`] steps (fewer where a run diverges: training stops there):
//!
//! 1. `gradfall train QUERY --steps N` (release build) once per kernel, forced with
//!    `GRADFALL_KERNEL`;
//! 2. `tests/determinism/train-wasm.mjs` in Node once per page build (`build::VARIANTS`, the very
//!    files the page loads), which prints the same JSON lines through the lab module's
//!    `trainJson` (the engine module the playground loads first leaves the JSON writer out;
//!    both modules train with the same core and flags, and the script fails when the engine
//!    module's `Trainer` does not end at the lab's last line, bit for bit);
//! 3. every output compared byte for byte with the scalar kernel's. The JSON holds every f32 in
//!    its shortest round-trip form (serde_json on both sides), so equal text is equal bits of
//!    every statistic of every step: loss, accuracies, and each layer's gradients, norms,
//!    fractions, theory and histograms.
//!
//! Each (build, configuration) pair counts as one test. When one differs, the outputs stay in
//! `target/determinism/` for a look (about 750 MB for the 16 configurations and 4 builds).

use std::path::{Path, PathBuf};
use std::process::Command;

use gradfall_core::experiment::Experiment;
use gradfall_core::kernels;
use gradfall_core::presets::{COMPARE_PRESETS, PRESETS};
use gradfall_core::Config;

use crate::build::{self, VARIANTS};
use crate::process::{self, Counts};
use crate::toolchain;

/// Steps per run: long enough for a last-bit difference to grow into a different run (the
/// dying-relu preset parts visibly within 200 steps when the builds differ).
pub const STEPS: u32 = 1000;

const OUT: &str = "target/determinism";
const SCRIPT: &str = "tests/determinism/train-wasm.mjs";

/// The canonical query of every configuration the presets show, each once, in preset order.
pub fn queries() -> Vec<String> {
    let mut queries: Vec<String> = Vec::new();
    let mut add = |config: &Config| {
        let query = config.to_query();
        if !queries.contains(&query) {
            queries.push(query);
        }
    };
    for preset in PRESETS {
        add(&Config::from_query(preset.query).config);
    }
    for preset in COMPARE_PRESETS {
        Experiment::from_query(preset.query)
            .0
            .configs
            .iter()
            .for_each(&mut add);
    }
    queries
}

/// One set of outputs to compare: a name and the folder of its `i.jsonl` files.
struct Outputs {
    name: String,
    dir: PathBuf,
}

/// Run the stage; `Ok(())` when every output equals the reference.
pub fn run(root: &Path) -> (Result<(), String>, Counts) {
    match produce(root) {
        Ok((queries, outputs)) => {
            let (result, counts) = compare(&queries, &outputs);
            // Hundreds of MB of JSON: kept only when there is a difference to look at.
            if result.is_ok() {
                let _ = std::fs::remove_dir_all(root.join(OUT));
            }
            (result, counts)
        }
        Err(message) => (Err(message), Counts::default()),
    }
}

/// Build, then train every query with every kernel and every page build.
fn produce(root: &Path) -> Result<(Vec<String>, Vec<Outputs>), String> {
    let queries = queries();
    process::run(
        toolchain::cargo()
            .args(["build", "--release", "-p", "gradfall-cli"])
            .env_remove("RUSTFLAGS")
            .current_dir(root),
    )?;
    build::build(root, true)?;
    let out = root.join(OUT);
    let _ = std::fs::remove_dir_all(&out);
    let mut outputs = Vec::new();
    // The reference first: the scalar kernel (always available).
    for kernel in kernels::available() {
        let dir = out.join(format!("native-{kernel}"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        eprintln!(
            "== native CLI, GRADFALL_KERNEL={kernel}: {} runs of {STEPS} steps",
            queries.len()
        );
        for (i, query) in queries.iter().enumerate() {
            let mut command = Command::new(root.join("target/release/gradfall"));
            command
                .args(["train", query, "--steps", &STEPS.to_string()])
                .env("GRADFALL_KERNEL", kernel);
            let output = command
                .output()
                .map_err(|e| format!("cannot run {}: {e}", process::describe(&command)))?;
            if !output.status.success() {
                return Err(format!(
                    "`{}` failed: {}",
                    process::describe(&command),
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            let file = dir.join(format!("{i}.jsonl"));
            std::fs::write(&file, &output.stdout)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        outputs.push(Outputs {
            name: format!("native {kernel}"),
            dir,
        });
    }
    for variant in VARIANTS {
        let dir = out.join(format!("wasm-{}", variant.name));
        let mut node = Command::new("node");
        node.args(variant.node_args.split_whitespace())
            .arg(root.join(SCRIPT))
            .arg(root.join(variant.out_dir))
            .arg(STEPS.to_string())
            .arg(&dir)
            .args(&queries)
            .current_dir(root);
        process::run(&mut node)?;
        outputs.push(Outputs {
            name: format!("wasm {}", variant.name),
            dir,
        });
    }
    Ok((queries, outputs))
}

/// Every output against the first (the scalar kernel's), one test per (build, query).
fn compare(queries: &[String], outputs: &[Outputs]) -> (Result<(), String>, Counts) {
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    let read = |dir: &Path, i: usize| std::fs::read_to_string(dir.join(format!("{i}.jsonl")));
    let (reference, others) = outputs
        .split_first()
        .expect("the scalar kernel always runs");
    let mut lines = 0;
    for (i, query) in queries.iter().enumerate() {
        let Ok(expected) = read(&reference.dir, i) else {
            failures.push(format!("{}: no output for {query}", reference.name));
            counts.failed += 1;
            continue;
        };
        lines += expected.lines().count();
        for other in others {
            let verdict = match read(&other.dir, i) {
                Ok(got) => first_difference(&expected, &got),
                Err(e) => Some(format!("no output ({e})")),
            };
            match verdict {
                None => counts.passed += 1,
                Some(difference) => {
                    eprintln!(
                        "DIFFERS: {} vs {} on {query}: {difference}",
                        other.name, reference.name
                    );
                    failures.push(format!("{} on {query}", other.name));
                    counts.failed += 1;
                }
            }
        }
    }
    eprintln!(
        "{} configurations, {lines} recorded steps each in {} builds ({}): {} identical, {} differ",
        queries.len(),
        outputs.len(),
        outputs
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        counts.passed,
        counts.failed
    );
    let result = if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("not bit-identical: {}", failures.join("; ")))
    };
    (result, counts)
}

/// `None` when equal, else where the two runs part: the step, and the text around the first
/// differing character.
fn first_difference(expected: &str, got: &str) -> Option<String> {
    if expected == got {
        return None;
    }
    let (e_lines, g_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), got.lines().collect());
    let Some(line) =
        (0..e_lines.len().max(g_lines.len())).find(|&i| e_lines.get(i) != g_lines.get(i))
    else {
        return Some("line endings differ".to_string());
    };
    let (e, g) = (
        e_lines.get(line).copied().unwrap_or("(no line)"),
        g_lines.get(line).copied().unwrap_or("(no line)"),
    );
    let at = e
        .char_indices()
        .zip(g.chars())
        .find(|((_, a), b)| a != b)
        .map_or(e.len().min(g.len()), |((i, _), _)| i);
    let around = |s: &str| {
        let start = s.floor_char_boundary(at.saturating_sub(60));
        let end = s.ceil_char_boundary((at + 40).min(s.len()));
        s[start..end].to_string()
    };
    Some(format!(
        "line {} (the step-{line} report when no step was skipped): …{}… vs …{}…",
        line + 1,
        around(e),
        around(g)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queries_cover_every_configuration_of_every_preset_once() {
        let queries = queries();
        for preset in PRESETS {
            assert!(
                queries.contains(&preset.query.to_string()),
                "{}",
                preset.name
            );
        }
        // relu-vs-leaky-vs-necro's three configurations are the dying-relu, leaky and necro
        // presets: counted once.
        let dying_query = PRESETS
            .iter()
            .find(|p| p.name == "dying-relu")
            .expect("the dying-relu preset")
            .query;
        let dying = queries.iter().filter(|q| q.as_str() == dying_query).count();
        assert_eq!(dying, 1);
        assert!(queries.len() >= PRESETS.len());
    }

    #[test]
    fn a_difference_is_located() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        let found = first_difference(
            "{\"step\":0}\n{\"loss\":0.5}\n",
            "{\"step\":0}\n{\"loss\":0.25}\n",
        )
        .unwrap();
        assert!(found.starts_with("line 2"), "{found}");
        assert!(found.contains("0.5") && found.contains("0.25"), "{found}");
        assert!(first_difference("a\n", "a\nb\n")
            .unwrap()
            .contains("(no line)"));
    }
}
