//! `gradfall reproduce`, run as a user would: the fields of each line, one name, the list,
//! and a bad name. Whether each number holds is tested in the core (`tests/reproduce.rs`).

use std::process::{Command, Output};

fn gradfall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn one_name_prints_one_line_with_every_field() {
    let text = stdout(&gradfall(&["reproduce", "tanh-critical-line"]));
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in ["name", "paper", "what", "query"] {
        assert!(v[key].is_string(), "{key}: {v}");
    }
    for key in ["paper_value", "ours", "tolerance"] {
        assert!(v[key].is_f64(), "{key}: {v}");
    }
    assert_eq!(v["holds"], true, "{v}");
    assert!((v["ours"].as_f64().unwrap() - 1.761).abs() < 1e-3, "{v}");
}

#[test]
fn without_arguments_lists_the_names_and_a_bad_name_exits_2() {
    let names = stdout(&gradfall(&["reproduce"]));
    assert!(names.lines().any(|n| n == "relu-exact-zeros"), "{names}");
    let bad = gradfall(&["reproduce", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("tanh-critical-line"));
    assert!(gradfall(&["reproduce", "nope", "--all"]).status.code() == Some(2));
}
