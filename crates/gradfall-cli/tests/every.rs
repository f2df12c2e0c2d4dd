//! Statistics only where they are used: `gradfall train --every K` measures the per-layer
//! statistics at the reported steps only, and those rows equal the every-step run's, bit for
//! bit.

use std::process::Command;

fn train(query: &str, steps: &str, every: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(["train", query, "--steps", steps, "--every", every])
        .output()
        .expect("the gradfall binary runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn step_of(line: &str) -> u64 {
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    value["step"].as_u64().unwrap()
}

#[test]
fn every_k_rows_equal_the_every_step_rows_at_the_same_steps() {
    for query in [
        "depth=6&width=16",
        "depth=4&width=8&norm=batch&opt=adam&act=prelu",
    ] {
        let all = train(query, "120", "1");
        assert_eq!(all.len(), 121);
        for every in ["20", "7", "50"] {
            let some = train(query, "120", every);
            let k: u64 = every.parse().unwrap();
            let expected: Vec<&String> = all
                .iter()
                .filter(|l| {
                    let s = step_of(l);
                    s.is_multiple_of(k) || s == 120
                })
                .collect();
            assert_eq!(some.len(), expected.len(), "{query} every {every}");
            for (a, b) in some.iter().zip(expected) {
                // The whole JSON text: every statistic, histograms and nulls included.
                assert_eq!(a, b, "{query} every {every}");
            }
        }
        // The whole-data dead units appear at step 0 and every 50 steps only.
        let measured: Vec<u64> = all
            .iter()
            .filter(|l| !l.contains("\"dead_data_frac\":null"))
            .map(|l| step_of(l))
            .collect();
        assert_eq!(measured, [0, 50, 100], "{query}");
    }
}
