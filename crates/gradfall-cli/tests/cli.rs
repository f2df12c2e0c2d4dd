//! The real `gradfall` binary, run as a user would.

use std::process::{Command, Output};

use serde_json::Value;

/// Small and fast: 3 hidden layers of 8 units, batch 16.
const SMALL: &str = "depth=3&width=8&batch=16";

fn gradfall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn steps_of(lines: &[Value]) -> Vec<u64> {
    lines
        .iter()
        .map(|l| l["step"].as_u64().expect("step is a number"))
        .collect()
}

/// Asserts a run failed as bad input should: exit code 2, a message, no panic.
fn assert_bad_input(args: &[&str], expected_in_message: &str) {
    let output = gradfall(args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(expected_in_message),
        "{args:?}: expected '{expected_in_message}' in: {err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{args:?}: {err}"
    );
    assert!(stdout(&output).is_empty(), "{args:?} printed to stdout");
}

const LAYER_FIELDS: &[&str] = &[
    "layer",
    "grad_a",
    "grad_w",
    "grad_b",
    "w_norm",
    "update_ratio",
    "act_mean",
    "act_std",
    "zero_frac",
    "dead_frac",
    "sat_frac",
    "theory",
    "hist_a",
    "hist_grad",
];

#[test]
fn train_prints_one_json_object_per_step_with_a_row_per_layer() {
    let output = gradfall(&["train", SMALL, "--steps", "5"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(steps_of(&lines), [0, 1, 2, 3, 4, 5]);
    for line in &lines {
        for key in ["step", "loss", "accuracy", "layers", "diverged"] {
            assert!(line.get(key).is_some(), "missing {key} in {line}");
        }
        assert!(line["loss"].as_f64().unwrap() > 0.0);
        assert!(line["diverged"].is_null());
        let layers = line["layers"].as_array().unwrap();
        assert_eq!(
            layers.len(),
            3 + 1,
            "depth hidden layers plus the output layer"
        );
        for (index, layer) in layers.iter().enumerate() {
            assert_eq!(layer["layer"], index + 1);
            for field in LAYER_FIELDS {
                assert!(
                    layer.get(field).is_some(),
                    "layer {} misses {field}",
                    index + 1
                );
            }
            assert!(layer["grad_a"].as_f64().unwrap() > 0.0);
        }
    }
    let first_update = lines[0]["layers"][0]["update_ratio"].as_f64().unwrap();
    let later_update = lines[5]["layers"][0]["update_ratio"].as_f64().unwrap();
    assert_eq!(first_update, 0.0, "no update before step 1");
    assert!(later_update > 0.0, "training updates the weights");
}

#[test]
fn every_k_reports_step_zero_the_multiples_of_k_and_the_last_step() {
    let output = gradfall(&["train", SMALL, "--steps", "10", "--every", "4"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(steps_of(&json_lines(&output)), [0, 4, 8, 10]);

    let output = gradfall(&["train", SMALL, "--steps=6", "--every=3"]);
    assert_eq!(steps_of(&json_lines(&output)), [0, 3, 6]);

    let output = gradfall(&["train", SMALL, "--steps", "0"]);
    assert_eq!(steps_of(&json_lines(&output)), [0]);
}

#[test]
fn csv_has_a_header_and_one_row_per_step_and_layer() {
    let output = gradfall(&[
        "train",
        "depth=4&width=8&batch=16",
        "--steps",
        "6",
        "--every",
        "3",
        "--format",
        "csv",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    for column in [
        "step",
        "loss",
        "accuracy",
        "layer",
        "grad_a",
        "grad_w",
        "dead_frac",
        "theory",
    ] {
        assert!(
            header.contains(&column),
            "header lacks {column}: {header:?}"
        );
    }
    assert_eq!(rows.len(), 1 + 3 * (4 + 1), "3 reported steps × 5 layers");
    let step = header.iter().position(|c| *c == "step").unwrap();
    let layer = header.iter().position(|c| *c == "layer").unwrap();
    for (i, row) in rows[1..].iter().enumerate() {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[step], ((i / 5) * 3).to_string());
        assert_eq!(row[layer], (i % 5 + 1).to_string());
    }
}

#[test]
fn same_query_same_numbers() {
    let a = gradfall(&["train", SMALL, "--steps", "3"]);
    let b = gradfall(&["train", SMALL, "--steps", "3"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let other_seed = gradfall(&["train", &format!("{SMALL}&seed=2"), "--steps", "3"]);
    assert_ne!(a.stdout, other_seed.stdout, "the seed matters");
}

#[test]
fn a_page_url_or_a_preset_name_stands_for_its_query() {
    let plain = gradfall(&["train", SMALL, "--steps", "1"]);
    let url = gradfall(&[
        "train",
        &format!("http://127.0.0.1:8000/?{SMALL}#x"),
        "--steps",
        "1",
    ]);
    assert_eq!(plain.stdout, url.stdout);

    let presets: Vec<Value> =
        serde_json::from_slice(&gradfall(&["presets", "--json"]).stdout).unwrap();
    let first = &presets[0];
    let by_name = gradfall(&["dump", first["name"].as_str().unwrap()]);
    let by_query = gradfall(&["dump", first["query"].as_str().unwrap()]);
    assert!(by_name.status.success(), "{}", stderr(&by_name));
    assert_eq!(by_name.stdout, by_query.stdout);
}

#[test]
fn dump_writes_weights_batch_loss_and_gradients_with_the_right_shapes() {
    let dir = std::env::temp_dir().join(format!("gradfall-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dump.json");
    let output = gradfall(&[
        "dump",
        "depth=2&width=5&batch=3&act=tanh",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dump: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(dump["activation"], "tanh");
    let x = dump["x"].as_array().unwrap();
    let y = dump["y"].as_array().unwrap();
    assert_eq!(
        (x.len(), y.len()),
        (3, 3),
        "one row and one label per sample of the batch"
    );
    let inputs = x[0].as_array().unwrap().len();
    assert!(dump["loss"].as_f64().unwrap() > 0.0);

    let layers = dump["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 3);
    let classes = layers[2]["b"].as_array().unwrap().len();
    assert!(classes >= 2);
    for label in y {
        assert!(label.as_u64().unwrap() < classes as u64);
    }
    let expected = [(5, inputs), (5, 5), (classes, 5)]; // (fan_out, fan_in)
    for (layer, (fan_out, fan_in)) in layers.iter().zip(expected) {
        for matrix in ["W", "dW"] {
            let rows = layer[matrix].as_array().unwrap();
            assert_eq!(rows.len(), fan_out, "{matrix} of layer {}", layer["layer"]);
            for row in rows {
                assert_eq!(
                    row.as_array().unwrap().len(),
                    fan_in,
                    "{matrix} of layer {}",
                    layer["layer"]
                );
            }
        }
        assert_eq!(layer["b"].as_array().unwrap().len(), fan_out);
        assert_eq!(layer["db"].as_array().unwrap().len(), fan_out);
    }
    let gradient_size: f64 = layers[0]["dW"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .map(|v| v.as_f64().unwrap().abs())
        .sum();
    assert!(gradient_size > 0.0, "the first layer gets a gradient");
}

#[test]
fn dump_without_out_writes_to_stdout() {
    let output = gradfall(&["dump", "depth=1&width=2&batch=2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dump: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(dump["layers"].as_array().unwrap().len(), 2);
}

#[test]
fn a_hostile_query_gives_warnings_and_still_trains() {
    let output = gradfall(&[
        "train",
        "act=<img src=x onerror=alert(1)>&depth=-5&width=99999999&lr=NaN&batch=8&bogus=1",
        "--steps",
        "2",
    ]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let warnings = err.lines().filter(|l| l.starts_with("warning: ")).count();
    assert!(warnings >= 4, "one warning per bad key, got: {err}");
    assert!(!err.contains("panicked"));
    assert_eq!(steps_of(&json_lines(&output)), [0, 1, 2]);
}

#[test]
fn bad_flags_and_values_exit_2_with_a_message() {
    assert_bad_input(&["train", SMALL, "--steps", "abc"], "'abc'");
    assert_bad_input(&["train", SMALL, "--steps", "-1"], "--steps");
    assert_bad_input(
        &["train", SMALL, "--steps"],
        "a value is required for '--steps",
    );
    assert_bad_input(&["train", SMALL, "--every", "0"], "--every");
    assert_bad_input(&["train", SMALL, "--format", "xml"], "'xml'");
    assert_bad_input(
        &["train", SMALL, "--bogus"],
        "unexpected argument '--bogus'",
    );
    assert_bad_input(&["train"], "<QUERY>");
    assert_bad_input(&["train", "act=relu", "depth=3"], "'depth=3'");
    assert_bad_input(&["dump", SMALL, "--out"], "a value is required for '--out");
    assert_bad_input(&["presets", "extra"], "'extra'");
    assert_bad_input(&["frobnicate"], "unrecognized subcommand 'frobnicate'");
    assert_bad_input(&["bench", "--fast"], "'--fast'");
    assert_bad_input(&["bench", "--json"], "a value is required for '--json");
    assert_bad_input(&[], "Usage:");
}

#[test]
fn help_goes_to_stdout_and_succeeds() {
    for args in [
        &["--help"][..],
        &["help"],
        &["train", "--help"],
        &["help", "dump"],
        &["presets", "-h"],
        &["bench", "--help"],
    ] {
        let output = gradfall(args);
        assert!(output.status.success(), "{args:?}");
        assert!(stdout(&output).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn presets_lists_every_preset_with_its_query() {
    let text = stdout(&gradfall(&["presets"]));
    let listed: Vec<Value> =
        serde_json::from_slice(&gradfall(&["presets", "--json"]).stdout).unwrap();
    assert!(
        listed.len() >= 14,
        "the presets table holds at least 14 presets"
    );
    for preset in &listed {
        for key in ["name", "query", "explanation"] {
            let value = preset[key].as_str().unwrap();
            assert!(!value.is_empty());
            assert!(text.contains(value), "text listing lacks {value}");
        }
    }
    assert!(listed.iter().any(|p| p["name"] == "vanishing-sigmoid"));
}

#[test]
fn a_diverging_run_reports_where_and_is_still_a_result() {
    // A linear net with squared error and lr=1000 overflows within a few steps.
    let output = gradfall(&[
        "train",
        "act=linear&loss=mse&lr=1000&depth=5&width=16",
        "--steps",
        "200",
        "--every",
        "50",
    ]);
    let err = stderr(&output);
    assert!(output.status.success(), "a diverged run exits 0: {err}");
    let lines = json_lines(&output);
    let last = lines.last().unwrap();
    let step = last["diverged"]
        .as_u64()
        .expect("the last object says where it diverged");
    assert!(step < 200);
    assert!(
        err.contains(&format!(
            "diverged at step {step} — lower the learning rate"
        )),
        "{err}"
    );
    assert!(lines[..lines.len() - 1]
        .iter()
        .all(|l| l["diverged"].is_null()));
    assert!(!err.contains("panicked"));
}

#[test]
fn a_configuration_too_big_to_train_exits_2_with_the_reason() {
    assert_bad_input(
        &[
            "train",
            "depth=100&width=1024&batch=1024&opt=adam",
            "--steps",
            "1",
        ],
        "cannot train",
    );
    assert_bad_input(
        &["dump", "depth=100&width=1024&batch=1024&opt=adam"],
        "cannot build",
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(["train", SMALL, "--steps", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"step\":0"), "{first}");
    // The reader is dropped here, like `| head -1` closing the pipe.
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
}

#[test]
fn bad_percent_escapes_stay_literal_as_in_the_browser() {
    // The URL Standard's rule (URLSearchParams' too): a `%` without two hex digits is kept,
    // bytes that are not UTF-8 become U+FFFD; each bad value gets a warning, good escapes decode.
    let output = gradfall(&["dump", "act=%zz&depth=%32&width=%34&batch=2&lr=%ff"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("warning: act=%zz is not"), "{err}");
    assert!(err.contains("warning: lr=\u{FFFD} is not"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    let dump: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        dump["layers"].as_array().unwrap().len(),
        3,
        "depth=%32 is 2"
    );
    assert_eq!(
        dump["layers"][0]["b"].as_array().unwrap().len(),
        4,
        "width=%34 is 4"
    );
}

/// A CSV file in the target directory's temporary area, removed when dropped.
struct DataFile(std::path::PathBuf);

impl DataFile {
    fn new(name: &str, text: &str) -> DataFile {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let path = dir.join(format!("{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        DataFile(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for DataFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Two separable blobs, classes named by text.
fn blobs() -> String {
    let mut text = String::from("x,y,class\n");
    for i in 0..100 {
        let (sign, class) = if i % 2 == 0 { (1, "in") } else { (-1, "out") };
        text.push_str(&format!(
            "{},{},{class}\n",
            sign * 2 + i % 5,
            sign * 2 - i % 3
        ));
    }
    text
}

#[test]
fn data_file_trains_on_the_csv_and_the_same_file_gives_the_same_numbers() {
    let file = DataFile::new("blobs.csv", &blobs());
    let args = [
        "train",
        "depth=2&width=8&lr=0.1",
        "--data-file",
        file.path(),
        "--steps",
        "100",
        "--every",
        "100",
    ];
    let output = gradfall(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(steps_of(&lines), [0, 100]);
    // 2 hidden layers + the output layer.
    assert_eq!(lines[1]["layers"].as_array().unwrap().len(), 3);
    let accuracy = lines[1]["test_accuracy"].as_f64().unwrap();
    assert!(accuracy > 0.95, "test accuracy {accuracy}");
    assert_eq!(stdout(&gradfall(&args)), stdout(&output));
}

#[test]
fn a_bad_data_file_exits_2_naming_the_file_line_and_reason() {
    let file = DataFile::new("bad.csv", "x,y,class\n1,2,a\n3,oops,b\n");
    assert_bad_input(
        &["train", SMALL, "--data-file", file.path()],
        "bad.csv, line 3: column 2 is \"oops\", not a number",
    );
    let one_class = DataFile::new("one.csv", "1,2,a\n3,4,a\n");
    assert_bad_input(
        &["train", SMALL, "--data-file", one_class.path()],
        "at least two classes",
    );
    assert_bad_input(
        &["train", SMALL, "--data-file", "/nonexistent/points.csv"],
        "cannot read the data file /nonexistent/points.csv",
    );
    assert_bad_input(&["train", "data=csv", "--steps", "1"], "--data-file");
}
