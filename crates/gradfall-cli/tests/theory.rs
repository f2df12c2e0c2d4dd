//! `gradfall theory`, run as a user would. The numbers themselves are checked against
//! independent computations in the core (`theory::phase` tests); here: the fields, ReLU's closed
//! forms through the whole pipeline (query → σ_w², σ_b² → JSON), the grid and bad input.

use std::process::{Command, Output};

use serde_json::Value;

fn gradfall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "one JSON object: {text}");
    serde_json::from_str(&text).unwrap()
}

fn number(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {v}"))
}

/// ReLU with He and gain 0.9: σ_w² = 2·0.81 = 1.62; bstd 0.3: σ_b² = 0.09 (in f32). Then
/// Q(q) = σ_w²·q/2 + σ_b², so q* = σ_b²/(1 − σ_w²/2), χ₁ = σ_w²/2 = ξ's base, critical σ_w² = 2.
#[test]
fn relu_closed_forms_through_the_command() {
    let v = json(&gradfall(&["theory", "act=relu&gain=0.9&bstd=0.3"]));
    let (w, b) = (number(&v, "sigma_w2"), number(&v, "sigma_b2"));
    assert!((w - 1.62).abs() < 1e-6 && (b - 0.09).abs() < 1e-6, "{v}");
    assert!(
        (number(&v, "q_star") - b / (1.0 - w / 2.0)).abs() < 1e-9,
        "{v}"
    );
    assert!((number(&v, "chi1") - w / 2.0).abs() < 1e-12, "{v}");
    let xi = -1.0 / (w / 2.0).ln();
    assert!((number(&v, "xi_c") / xi - 1.0).abs() < 1e-9, "{v}");
    assert!((number(&v, "xi_q") / xi - 1.0).abs() < 1e-6, "{v}");
    assert!((number(&v, "trainable_depth") / (6.0 * xi) - 1.0).abs() < 1e-9);
    assert!((number(&v, "critical_sigma_w2") - 2.0).abs() < 1e-9, "{v}");
    assert!(v["note"].is_null());
}

#[test]
fn every_field_is_there_and_chaos_has_no_fixed_point_for_relu() {
    let v = json(&gradfall(&["theory", "act=relu&gain=1.2&bstd=0.1"]));
    for key in [
        "sigma_w2",
        "sigma_b2",
        "q_star",
        "chi1",
        "xi_q",
        "xi_c",
        "critical_sigma_w2",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    // σ_w² = 2.88 > 2: the variance grows without bound.
    assert!(v["q_star"].is_null() && v["xi_c"].is_null(), "{v}");
    assert!((number(&v, "chi1") - 1.44).abs() < 1e-6);
}

#[test]
fn normalised_networks_get_a_note_not_numbers() {
    let v = json(&gradfall(&["theory", "act=tanh&norm=batch"]));
    assert!(
        v["chi1"].is_null() && v["critical_sigma_w2"].is_null(),
        "{v}"
    );
    assert!(v["note"].as_str().unwrap().contains("no critical line"));
}

#[test]
fn grid_adds_the_critical_line_and_xi_c() {
    let v = json(&gradfall(&[
        "theory",
        "act=relu&bstd=0.1",
        "--grid",
        "--resolution",
        "4",
    ]));
    let grid = &v["grid"];
    assert_eq!(grid["sigma_w2"].as_array().unwrap().len(), 4);
    assert_eq!(grid["sigma_b2"].as_array().unwrap().len(), 4);
    let rows = grid["xi_c"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // σ_w² = 1, 2, 3, 4: ordered below 2 (ξ_c = −1/ln(σ_w²/2)), infinite from 2 on.
    for row in rows {
        let row = row.as_array().unwrap();
        let xi = row[0].as_f64().unwrap();
        assert!((xi - 1.0 / 2f64.ln()).abs() < 1e-9, "{row:?}");
        assert!(row[1].is_null() && row[3].is_null(), "{row:?}");
    }
    for point in grid["critical_line"].as_array().unwrap() {
        assert!((point["sigma_w2"].as_f64().unwrap() - 2.0).abs() < 1e-9);
    }
    assert!(json(&gradfall(&["theory", "act=relu"]))
        .get("grid")
        .is_none());
}

#[test]
fn bad_input_is_refused_with_a_message() {
    for args in [
        &["theory"][..],
        &["theory", "act=relu", "--resolution", "1", "--grid"],
        &["theory", "act=relu", "--nope"],
    ] {
        let output = gradfall(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty());
        assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    }
}
