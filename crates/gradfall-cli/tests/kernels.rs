//! `GRADFALL_KERNEL`: the CLI with each GEMM kernel this CPU offers prints the same statistics,
//! byte for byte (the JSON holds every f32 in its shortest round-trip form, so equal text is
//! equal bits). The full comparison over every preset, and against the wasm build, is
//! `cargo xtask test determinism`.

use std::process::{Command, Output};

use gradfall_core::kernels;

fn train_with(kernel: &str, query: &str, steps: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradfall"))
        .args(["train", query, "--steps", steps])
        .env("GRADFALL_KERNEL", kernel)
        .output()
        .expect("the binary runs")
}

#[test]
fn every_kernel_gives_the_same_statistics_to_the_bit() {
    let kernels = kernels::available();
    // dying-relu amplifies a last-bit difference within a few hundred steps; relu-he is deep.
    for (query, steps) in [("dying-relu", "300"), ("relu-he", "60")] {
        let outputs: Vec<Output> = kernels
            .iter()
            .map(|k| train_with(k, query, steps))
            .collect();
        for (kernel, output) in kernels.iter().zip(&outputs) {
            assert!(output.status.success(), "{kernel} failed on {query}");
        }
        let first = String::from_utf8_lossy(&outputs[0].stdout);
        assert!(first.lines().count() > 60, "{query}: too few lines");
        for (kernel, output) in kernels.iter().zip(&outputs).skip(1) {
            let text = String::from_utf8_lossy(&output.stdout);
            let differ = first.lines().zip(text.lines()).position(|(a, b)| a != b);
            assert!(
                text == first,
                "{query}: {kernel} differs from {} at line {differ:?}",
                kernels[0]
            );
        }
    }
    if kernels.len() < 2 {
        eprintln!("note: only the scalar kernel runs on this CPU; nothing to compare");
    }
}

#[test]
fn an_unknown_kernel_is_bad_input_with_the_choices() {
    let output = train_with("sse9", "depth=2&width=4", "1");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("GRADFALL_KERNEL") && message.contains("unknown kernel 'sse9'"),
        "{message}"
    );
    assert!(message.contains("scalar"), "{message}");
    assert!(output.stdout.is_empty());
}
