//! `gradfall jacobian`, run as a user would: the JSON shape, the order, and bad input. The
//! numbers are checked in the core (`gradfall-core/tests/jacobian.rs`).

use std::process::{Command, Output};

fn gradfall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn prints_width_singular_values_descending() {
    let out = gradfall(&["jacobian", "act=tanh&init=orthogonal&depth=8&width=12"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s: Vec<f64> = v["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(s.len(), 12);
    assert!(s.windows(2).all(|w| w[0] >= w[1]) && s[11] > 0.0, "{s:?}");
}

#[test]
fn bad_input_exits_2_with_a_reason() {
    for q in ["act=relu&norm=batch", "width=1024", "data=csv"] {
        let out = gradfall(&["jacobian", q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("gradfall: error:"), "{q}: {err}");
    }
}
