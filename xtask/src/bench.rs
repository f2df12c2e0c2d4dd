//! `cargo xtask bench [--quick]`: gradfall against TensorFlow.js in one run.
//!
//! 1. builds gradfall-wasm three ways, each in its own target directory (so their RUSTFLAGS
//!    never invalidate one another) and binds it with `wasm-bindgen --target web` into
//!    `target/bench-pkg/<variant>/`: SIMD128, relaxed SIMD, and scalar (no SIMD at all: the
//!    fallback a browser without SIMD would run);
//! 2. runs the native figures (`gradfall bench --json target/bench-native.json`, release), with
//!    every kernel this CPU offers (scalar, AVX2);
//! 3. times single-threaded OpenBLAS through numpy on the same GEMM cases (`bench/openblas.py`
//!    in a venv, `target/bench-venv`, numpy installed there with pip), the baseline of the
//!    native kernels;
//! 4. installs the pinned tfjs packages of `bench/` (`npm ci`, into the git-ignored
//!    `bench/node_modules`);
//! 5. runs `bench/bench.mjs` in ONE Node process, which times everything interleaved, prints
//!    one table of absolute figures and ratios, and writes `target/bench.json`.
//!
//! The page ships only the SIMD128 build; the relaxed-SIMD build is built here to time
//! `f32x4.relaxed_madd` (which the determinism rule forbids) and so show what the rule costs.
//! Node 20 validates relaxed SIMD only behind `--experimental-wasm-relaxed-simd`, which is
//! passed; a Node that still refuses it gets the table without the relaxed column.

use std::path::Path;
use std::process::Command;

use crate::{process, toolchain};

/// One wasm build the benchmark loads.
struct BenchBuild {
    name: &'static str,
    rustflags: &'static str,
}

const BUILDS: &[BenchBuild] = &[
    BenchBuild {
        name: "simd",
        rustflags: "-C target-feature=+simd128",
    },
    BenchBuild {
        name: "relaxed",
        rustflags: "-C target-feature=+simd128,+relaxed-simd",
    },
    BenchBuild {
        name: "scalar",
        rustflags: "",
    },
];

const NATIVE_JSON: &str = "target/bench-native.json";
const OPENBLAS_JSON: &str = "target/bench-openblas.json";
const VENV: &str = "target/bench-venv";
const REPORT_JSON: &str = "target/bench.json";

/// Time gradfall (wasm SIMD128, relaxed SIMD, scalar, native) against TensorFlow.js wasm
///
/// Writes the figures to target/bench.json (see the README's Benchmarks).
#[derive(clap::Args)]
pub struct Args {
    /// Fewer, shorter samples
    #[arg(long)]
    quick: bool,
}

pub fn run(Args { quick }: Args) -> Result<(), String> {
    let root = crate::root();
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_wasm_bindgen(&root)?;
    for build in BUILDS {
        build_wasm(&root, build)?;
    }
    native(&root, quick)?;
    openblas(&root, quick)?;
    toolchain::ensure_npm_packages(&root.join("bench"))?;

    let pkg = |name: &str| {
        root.join("target/bench-pkg")
            .join(name)
            .to_string_lossy()
            .into_owned()
    };
    let mut node = Command::new("node");
    // --single-threaded: V8 compiles and collects garbage on the main thread, so the process
    // CPU time the bench reads is the contender's own work; with background threads, a tier-up
    // or a GC that one contender caused was charged to whichever contender ran next.
    node.args(["--single-threaded", "--experimental-wasm-relaxed-simd"])
        .arg("bench.mjs")
        .args([
            "--simd",
            &pkg("simd"),
            "--relaxed",
            &pkg("relaxed"),
            "--scalar",
            &pkg("scalar"),
        ])
        .args([
            "--native",
            &root.join(NATIVE_JSON).to_string_lossy(),
            "--openblas",
            &root.join(OPENBLAS_JSON).to_string_lossy(),
            "--out",
            &root.join(REPORT_JSON).to_string_lossy(),
        ])
        .current_dir(root.join("bench"));
    if quick {
        node.arg("--quick");
    }
    process::run(&mut node)
}

/// Release build of gradfall-wasm with `build`'s flags, bound into target/bench-pkg/<name>.
fn build_wasm(root: &Path, build: &BenchBuild) -> Result<(), String> {
    let target_dir = format!("target/bench-{}", build.name);
    process::run(
        toolchain::cargo()
            .args([
                "build",
                "--release",
                "-p",
                "gradfall-wasm",
                "--features",
                "bench",
                "--target",
                toolchain::WASM_TARGET,
            ])
            .args(["--target-dir", &target_dir])
            .env("RUSTFLAGS", build.rustflags)
            .current_dir(root),
    )?;
    let wasm = root
        .join(&target_dir)
        .join(toolchain::WASM_TARGET)
        .join("release/gradfall_wasm.wasm");
    let out = root.join("target/bench-pkg").join(build.name);
    process::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--out-dir"])
            .arg(&out)
            .arg(&wasm)
            .current_dir(root),
    )
}

/// `gradfall bench` from a release build: the native column.
fn native(root: &Path, quick: bool) -> Result<(), String> {
    process::run(
        toolchain::cargo()
            .args(["build", "--release", "-p", "gradfall-cli"])
            .env_remove("RUSTFLAGS")
            .current_dir(root),
    )?;
    let mut command = Command::new(root.join("target/release/gradfall"));
    command
        .args(["bench", "--json", NATIVE_JSON])
        .current_dir(root);
    if quick {
        command.arg("--quick");
    }
    process::run(&mut command)
}

/// numpy's OpenBLAS on one thread, in a venv made on first use. The machine may set
/// OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (older OpenBLAS builds misdetect some CPUs); they slow a
/// current one, so this command alone runs without them and lets OpenBLAS pick its kernel
/// (the script prints which).
fn openblas(root: &Path, quick: bool) -> Result<(), String> {
    let python = root.join(VENV).join("bin/python");
    if !python.exists() {
        process::run(
            Command::new("python3")
                .args(["-m", "venv", VENV])
                .current_dir(root),
        )?;
    }
    if process::output(Command::new(&python).args(["-c", "import numpy, threadpoolctl"])).is_none()
    {
        process::run(
            Command::new(&python)
                .args(["-m", "pip", "install", "--quiet", "numpy", "threadpoolctl"])
                .current_dir(root),
        )?;
    }
    let mut command = Command::new(&python);
    command
        .args(["bench/openblas.py", "--out", OPENBLAS_JSON])
        .env_remove("OPENBLAS_CORETYPE")
        .env_remove("OPENBLAS_L2_SIZE")
        .env("OPENBLAS_NUM_THREADS", "1")
        .current_dir(root);
    if quick {
        command.arg("--quick");
    }
    process::run(&mut command)
}
