//! `gradfall sweep` and `gradfall merge`, run as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn gradfall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(args)
        .output()
        .expect("the gradfall binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A small sweep: 2 activations × 3 seeds, 60 steps (two test evaluations and a last one).
const BASE: &str = "depth=3&width=8&batch=32";
const OVER: [&str; 4] = ["--over", "act=relu,tanh", "--over", "seed=1..3"];

fn sweep(extra: &[&str]) -> Output {
    let mut args = vec!["sweep", BASE];
    args.extend(OVER);
    args.extend(["--steps", "60"]);
    args.extend(extra);
    gradfall(&args)
}

/// A file for this test in the target directory's temporary folder.
fn temp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    dir.join(format!("sweep-test-{}-{name}", std::process::id()))
}

#[test]
fn one_line_per_run_then_per_cell() {
    let lines = json_lines(&stdout(&sweep(&["--threads", "2"])));
    assert_eq!(lines.len(), 6 + 2);
    let id = lines[0]["sweep"].as_str().unwrap().to_string();
    for (i, run) in lines[..6].iter().enumerate() {
        assert_eq!(run["kind"], "run");
        assert_eq!(run["run"], i);
        assert_eq!(run["runs"], 6);
        assert_eq!(run["sweep"], id.as_str());
        assert_eq!(run["steps"], 60);
        for key in [
            "loss",
            "test_accuracy",
            "best_test_accuracy",
            "grad_a_ratio",
        ] {
            assert!(run[key].is_number(), "{key}: {run}");
        }
        for key in [
            "reached_target",
            "diverged",
            "dead_data_frac",
            "revived",
            "query",
        ] {
            assert!(run.get(key).is_some(), "{key} missing");
        }
    }
    assert_eq!(lines[3]["point"], "act=tanh&seed=1");
    assert_eq!(
        lines[4]["query"],
        "v=1&act=tanh&depth=3&width=8&batch=32&seed=2"
    );
    let cell = &lines[7];
    assert_eq!(
        (&cell["kind"], &cell["cell"], &cell["point"]),
        (&"cell".into(), &1.into(), &"act=tanh".into())
    );
    assert_eq!(cell["run_indices"], serde_json::json!([3, 4, 5]));
    let test = &cell["test_accuracy"];
    let accuracies: Vec<f64> = lines[3..6]
        .iter()
        .map(|r| r["test_accuracy"].as_f64().unwrap())
        .collect();
    let mut sorted = accuracies.clone();
    sorted.sort_by(f64::total_cmp);
    // Three runs: the median is the middle one, the quartiles halfway to the ends.
    let close = |a: &Value, b: f64| (a.as_f64().unwrap() - b).abs() < 1e-6;
    assert!(close(&test["median"], sorted[1]), "{test}");
    assert!(close(&test["min"], sorted[0]) && close(&test["max"], sorted[2]));
    assert!(close(&test["q1"], (sorted[0] + sorted[1]) / 2.0));
    let reached = lines[3..6]
        .iter()
        .filter(|r| !r["reached_target"].is_null())
        .count();
    assert_eq!(cell["reached_target"], reached);
}

#[test]
fn the_output_does_not_depend_on_the_thread_count() {
    let one = stdout(&sweep(&["--threads", "1"]));
    let two = stdout(&sweep(&["--threads", "2"]));
    let many = stdout(&sweep(&["--threads", "5"]));
    assert_eq!(one, two);
    assert_eq!(one, many);
}

#[test]
fn merged_shards_equal_the_whole_sweep() {
    let whole = stdout(&sweep(&[]));
    let mut files = Vec::new();
    for shard in ["2/3", "0/3", "1/3"] {
        let text = stdout(&sweep(&["--shard", shard, "--threads", "1"]));
        // A shard holds its runs only: the cells need every run.
        assert!(json_lines(&text).iter().all(|l| l["kind"] == "run"));
        let file = temp(&format!("shard{}", &shard[..1]));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    }
    let names: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let mut args = vec!["merge"];
    args.extend(&names);
    assert_eq!(stdout(&gradfall(&args)), whole);

    // Missing a shard, or one given twice: refused.
    let incomplete = gradfall(&["merge", names[0], names[1]]);
    assert_eq!(incomplete.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&incomplete.stderr)
        .contains("incomplete sweep: 2 of 6 runs missing (1, 4)"));
    let twice = gradfall(&["merge", names[0], names[1], names[2], names[0]]);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("again in"));

    // A shard of another sweep (other steps): refused, naming both.
    let other = temp("other");
    let mut args = vec!["sweep", BASE];
    args.extend(OVER);
    args.extend(["--steps", "10", "--shard", "0/3"]);
    std::fs::write(&other, stdout(&gradfall(&args))).unwrap();
    let mixed = gradfall(&["merge", names[0], names[1], other.to_str().unwrap()]);
    let message = String::from_utf8_lossy(&mixed.stderr).to_string();
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        message.contains("these files are not shards of one sweep"),
        "{message}"
    );
    for file in files.iter().chain([&other]) {
        std::fs::remove_file(file).ok();
    }
}

#[test]
fn csv_has_a_runs_table_and_a_cells_table() {
    let text = stdout(&sweep(&["--format", "csv"]));
    let tables: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(tables.len(), 2, "{text}");
    let runs: Vec<&str> = tables[0].lines().collect();
    assert_eq!(runs.len(), 1 + 6);
    assert!(runs[0].starts_with("kind,sweep,run,runs,config,point,query,seed,steps,loss"));
    let cells: Vec<&str> = tables[1].lines().collect();
    assert_eq!(cells.len(), 1 + 2);
    assert!(cells[0].contains(",test_accuracy_median,"), "{}", cells[0]);
    let width = cells[0].split(',').count();
    assert!(cells[1..].iter().all(|row| row.split(',').count() == width));
}

#[test]
fn a_compare_preset_sweeps_every_configuration() {
    let text = stdout(&gradfall(&[
        "sweep",
        "relu-vs-leaky-vs-necro",
        "--over",
        "seed=1..2",
        "--over",
        "width=4",
        "--over",
        "depth=2",
        "--steps",
        "1",
    ]));
    let lines = json_lines(&text);
    let labels: Vec<&str> = lines[..6]
        .iter()
        .map(|l| l["config"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["A", "B", "C", "A", "B", "C"]);
    // Three cells, one per configuration, each over both seeds.
    assert_eq!(lines.len(), 6 + 3);
    assert_eq!(lines[7]["run_indices"], serde_json::json!([1, 4]));
}

/// log10 of every layer's `metric` in a `gradfall train` JSON line.
fn log10_of(step: &Value, metric: &str) -> Vec<f64> {
    step["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l[metric].as_f64().unwrap().log10())
        .collect()
}

#[test]
fn the_depth_profile_is_log10_of_gradfall_train_at_step_0_and_the_last_step() {
    let lines = json_lines(&stdout(&sweep(&["--threads", "2"])));
    let run = &lines[4]; // tanh, seed 2
    let train = json_lines(&stdout(&gradfall(&[
        "train",
        run["query"].as_str().unwrap(),
        "--steps",
        "60",
        "--every",
        "60",
    ])));
    let (first, last) = (&train[0], &train[train.len() - 1]);
    assert_eq!(
        (first["step"].as_u64(), last["step"].as_u64()),
        (Some(0), Some(60))
    );
    for metric in ["grad_a", "grad_w", "act_std"] {
        for (end, step) in [("start", first), ("end", last)] {
            let profile: Vec<f64> = run["log10_profile"][metric][end]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let expected = log10_of(step, metric);
            assert_eq!(profile.len(), 4, "3 hidden layers and the output layer");
            for (p, e) in profile.iter().zip(&expected) {
                // The engine's log10 is libm's in f32; this one is the platform's in f64.
                assert!((p - e).abs() < 1e-5, "{metric} {end}: {p} vs {e}");
            }
        }
    }
    // update_ratio is 0 at step 0: no logarithm, null.
    let ratio = &run["log10_profile"]["update_ratio"];
    assert!(ratio["start"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_null));
    assert!(ratio["end"].as_array().unwrap().iter().all(Value::is_f64));
    // A cell's median per layer is the median of its three runs (seeds 1–3 of tanh).
    let cell = &lines[7];
    assert_eq!(cell["run_indices"], serde_json::json!([3, 4, 5]));
    for layer in 0..4 {
        let mut values: Vec<f64> = [3, 4, 5]
            .iter()
            .map(|&r| {
                lines[r]["log10_profile"]["grad_a"]["end"][layer]
                    .as_f64()
                    .unwrap()
            })
            .collect();
        values.sort_by(f64::total_cmp);
        let median = cell["log10_profile"]["grad_a"]["end"]["median"][layer]
            .as_f64()
            .unwrap();
        assert_eq!(median, values[1], "layer {}", layer + 1);
        assert_eq!(cell["log10_profile"]["grad_a"]["end"]["n"][layer], 3);
    }
}

fn assert_bad_input(args: &[&str], expected: &str) {
    let output = gradfall(args);
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
    assert!(message.contains(expected), "{args:?}: {message}");
    assert!(!message.contains("internal error"), "{message}");
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_input_is_named() {
    assert_bad_input(
        &["sweep", BASE, "--over", "widht=1,2"],
        "unknown key widht; did you mean width?",
    );
    assert_bad_input(
        &["sweep", BASE, "--over", "seed=5..2"],
        "the range 5..2 is empty",
    );
    assert_bad_input(&["sweep", BASE, "--over", "gain=1:2"], "start:stop:count");
    assert_bad_input(
        &["sweep", BASE, "--shard", "3/2"],
        "shard 3/2 does not exist",
    );
    assert_bad_input(&["sweep", BASE, "--shard", "1/0"], "not in 1..=4096");
    assert_bad_input(&["sweep", BASE, "--threads", "0"], "--threads");
    assert_bad_input(
        &[
            "sweep",
            BASE,
            "--over",
            "seed=1..100",
            "--over",
            "width=1..50",
        ],
        "100 × 50 values × 1 configuration(s) is more than the limit of 4096 runs",
    );
    assert_bad_input(
        &["sweep", BASE, "--over", "seed=1..2", "--over", "seed=3"],
        "two axes over seed",
    );
    let bad = temp("not-a-sweep");
    std::fs::write(&bad, "{\"step\":0}\n").unwrap();
    assert_bad_input(
        &["merge", bad.to_str().unwrap()],
        "line 1: not a line of gradfall sweep",
    );
    std::fs::remove_file(&bad).ok();
    assert_bad_input(
        &["merge", "/nonexistent/shard.jsonl"],
        "cannot read /nonexistent/shard.jsonl",
    );
    assert_bad_input(&["merge"], "FILE");
}
