//! `gradfall bench [--quick] [--json FILE]`: native GEMM and training-step timings, the
//! reference column of `cargo xtask bench` (which compares them with the wasm builds and
//! TensorFlow.js). Each figure is the median of several samples after a warm-up.

mod sweep;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use gradfall_core::bare_step::BareStep;
use gradfall_core::data;
use gradfall_core::dead_units::{DeadUnits, DEAD_EVERY};
use gradfall_core::kernels::{self, verify, Shape};
use gradfall_core::network::{Network, Spec};
use gradfall_core::{Config, Trainer};
use serde::Serialize;

/// The products timed (the same list as bench/bench.mjs): cubes, the training shapes
/// batch × width times width × width, then the two transposed shapes at one training shape.
fn gemm_cases() -> Vec<(Shape, usize, usize, usize)> {
    let mut cases = vec![
        (Shape::AB, 64, 64, 64),
        (Shape::AB, 128, 128, 128),
        (Shape::AB, 256, 256, 256),
        (Shape::AB, 512, 512, 512),
    ];
    for batch in [64, 256] {
        for width in [32, 64, 128, 256, 512] {
            cases.push((Shape::AB, batch, width, width));
        }
    }
    cases.extend([(Shape::ABt, 256, 256, 256), (Shape::AtB, 256, 256, 256)]);
    cases
}

/// The training steps timed (the same list as bench/bench.mjs): (depth, width, batch).
const STEP_CASES: [(usize, usize, usize); 3] = [(10, 32, 64), (20, 256, 128), (50, 128, 256)];

/// The query of one training-step case, shared with bench/bench.mjs.
fn step_query(depth: usize, width: usize, batch: usize) -> String {
    format!("depth={depth}&width={width}&batch={batch}&opt=sgd&act=relu&init=he&lr=0.001")
}

#[derive(Serialize)]
struct GemmFigure {
    shape: String,
    m: usize,
    k: usize,
    n: usize,
    /// With the default (fastest) kernel.
    gflops: f64,
    /// With every kernel this CPU offers, by name (`scalar`, `avx2`, …).
    by_kernel: BTreeMap<&'static str, f64>,
}

#[derive(Serialize)]
struct StepFigure {
    query: String,
    /// The trainer's step, with statistics, with the default kernel.
    ms: f64,
    /// The bare step: forward, loss, backward, update on a fixed batch.
    ms_bare: f64,
    /// `[ms, ms_bare]` with every kernel this CPU offers.
    by_kernel: BTreeMap<&'static str, [f64; 2]>,
}

/// Playing speed of the default configuration: how much measuring the per-layer statistics
/// only at recorded steps (every 20, as the page and `train --every 20` do) gains.
#[derive(Serialize)]
struct PlayingFigure {
    query: String,
    steps_per_s_stats_every_step: f64,
    steps_per_s_stats_every_20: f64,
    ratio: f64,
    /// One whole-training-set dead-unit measurement (made every `DEAD_EVERY` steps), in ms,
    /// and its share of the every-20 step time once spread over those steps.
    dead_units_ms: f64,
    dead_units_share: f64,
}

#[derive(Serialize)]
struct Report {
    /// The default kernel's name and tile.
    kernel: &'static str,
    kernels: Vec<&'static str>,
    samples: usize,
    gemm: Vec<GemmFigure>,
    step: Vec<StepFigure>,
    playing: PlayingFigure,
    sweep: sweep::SweepFigure,
}

/// The clock: this process's CPU time where the platform offers it (Linux), else wall time —
/// the same choice as bench/bench.mjs and for the same reason: on a shared machine wall time
/// also counts the time slices other processes get.
mod clock {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    pub fn seconds() -> f64 {
        #[repr(C)]
        struct Timespec {
            tv_sec: i64,
            tv_nsec: i64,
        }
        extern "C" {
            fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
        }
        const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
        let mut t = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // Safety: clock_gettime is glibc's/musl's (std links the C library on Linux); on 64-bit
        // Linux `struct timespec` is two 64-bit integers, matching `Timespec`, and the pointer
        // is to a live, writable value.
        let status = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut t) };
        assert_eq!(status, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
    }

    #[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
    pub fn seconds() -> f64 {
        use std::sync::OnceLock;
        use std::time::Instant;
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64()
    }

    pub const NAME: &str = if cfg!(all(target_os = "linux", target_pointer_width = "64")) {
        "process CPU time"
    } else {
        "wall time"
    };
}

struct Timing {
    samples: usize,
    sample: Duration,
    warmup: Duration,
}

impl Timing {
    /// Median seconds per call of `op`: the warm-up calibrates how many calls fill a sample.
    fn seconds(&self, mut op: impl FnMut()) -> f64 {
        let start = clock::seconds();
        let mut calls = 0u32;
        while clock::seconds() - start < self.warmup.as_secs_f64() || calls < 2 {
            op();
            calls += 1;
        }
        let per_call = (clock::seconds() - start) / calls as f64;
        let reps = ((self.sample.as_secs_f64() / per_call).round() as u32).max(1);
        let mut samples: Vec<f64> = (0..self.samples)
            .map(|_| {
                let t = clock::seconds();
                for _ in 0..reps {
                    op();
                }
                (clock::seconds() - t) / reps as f64
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    }
}

/// Time the native GEMM kernels and training steps
///
/// The wasm and TensorFlow.js figures come from `cargo xtask bench` (see the README's
/// Benchmarks). Each figure is the median of several samples after a warm-up.
#[derive(clap::Args)]
pub struct Args {
    /// Fewer, shorter samples
    #[arg(long)]
    quick: bool,
    /// Also write the figures as JSON to FILE
    #[arg(long, value_name = "FILE")]
    json: Option<String>,
}

/// Run the benchmark named by `args`.
pub fn run(Args { quick, json }: Args) -> Result<(), String> {
    let timing = if quick {
        Timing {
            samples: 3,
            sample: Duration::from_millis(10),
            warmup: Duration::from_millis(30),
        }
    } else {
        Timing {
            samples: 9,
            sample: Duration::from_millis(40),
            warmup: Duration::from_millis(200),
        }
    };

    let kernels = kernels::available();
    println!(
        "gradfall bench (native, kernels {} — the default is {}; median of {} samples, {})",
        kernels.join(", "),
        kernels::kernel_name(),
        timing.samples,
        clock::NAME
    );
    let gemm = gemm_figures(&timing, &kernels);
    let step = step_figures(&timing, &kernels)?;
    let playing = playing(&timing)?;
    let sweep = sweep::figure(quick)?;

    if let Some(file) = json {
        let report = Report {
            kernel: kernels::kernel_name(),
            kernels,
            samples: timing.samples,
            gemm,
            step,
            playing,
            sweep,
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(&file, text).map_err(|e| format!("cannot write {file}: {e}"))?;
        println!("wrote {file}");
    }
    Ok(())
}

/// GFLOP/s of every case with every kernel (the last kernel is the default).
fn gemm_figures(timing: &Timing, kernels: &[&'static str]) -> Vec<GemmFigure> {
    let mut figures = Vec::new();
    for (shape, m, k, n) in gemm_cases() {
        let a = verify::random_matrix(m * k, 1);
        let b = verify::random_matrix(k * n, 2);
        let mut c = vec![0.0; m * n];
        let mut by_kernel = BTreeMap::new();
        for &name in kernels {
            let gemm = kernels::by_name(name).expect("an available kernel");
            let seconds = timing.seconds(|| {
                gemm(
                    shape,
                    m,
                    k,
                    n,
                    black_box(&a),
                    black_box(&b),
                    black_box(&mut c),
                    false,
                )
            });
            by_kernel.insert(name, 2.0 * (m * k * n) as f64 / seconds / 1e9);
        }
        let line: Vec<String> = kernels
            .iter()
            .map(|name| format!("{name} {:7.2}", by_kernel[name]))
            .collect();
        println!(
            "  GEMM {:<4} {m}×{k}×{n}: {} GFLOP/s",
            format!("{shape:?}"),
            line.join(", ")
        );
        figures.push(GemmFigure {
            shape: format!("{shape:?}"),
            m,
            k,
            n,
            gflops: by_kernel[kernels.last().expect("scalar is always there")],
            by_kernel,
        });
    }
    figures
}

/// Milliseconds per training step (trainer and bare) of every case with every kernel, each
/// forced in turn; the default kernel (the last) is left in force.
fn step_figures(timing: &Timing, kernels: &[&'static str]) -> Result<Vec<StepFigure>, String> {
    let mut figures = Vec::new();
    for (depth, width, batch) in STEP_CASES {
        let query = step_query(depth, width, batch);
        let config = Config::from_query(&query).config;
        let mut by_kernel = BTreeMap::new();
        for &name in kernels {
            kernels::use_kernel(name)?;
            let mut trainer = Trainer::new(config.clone())
                .map_err(|e| format!("{query}: {}", e.problems.join("; ")))?;
            let ms = 1e3
                * timing.seconds(|| {
                    trainer.step(1);
                });
            let mut bare = BareStep::new(&config);
            let mut finite = true;
            let ms_bare = 1e3 * timing.seconds(|| finite &= bare.step());
            if trainer.diverged().is_some() || !finite {
                return Err(format!(
                    "{query}: training diverged; the timing would not be meaningful"
                ));
            }
            println!(
                "  training step {query}, {name}: {ms:8.3} ms, without statistics {ms_bare:8.3} ms"
            );
            by_kernel.insert(name, [ms, ms_bare]);
        }
        let [ms, ms_bare] = by_kernel[kernels.last().expect("scalar is always there")];
        figures.push(StepFigure {
            query,
            ms,
            ms_bare,
            by_kernel,
        });
    }
    Ok(figures)
}

/// Steps per second of the default configuration with the statistics measured every step
/// against every 20 steps, and the cost of one whole-data dead-unit measurement.
fn playing(timing: &Timing) -> Result<PlayingFigure, String> {
    let config = Config::default();
    let query = config.to_query();
    let trainer = || Trainer::new(config.clone()).map_err(|e| format!("{query}: {e}"));
    let (mut every_step, mut every_20) = (trainer()?, trainer()?);
    let per_step_1 = timing.seconds(|| {
        every_step.step(1);
    });
    let per_step_20 = timing.seconds(|| {
        every_20.step(20);
    }) / 20.0;
    if every_step.diverged().is_some() || every_20.diverged().is_some() {
        return Err(format!(
            "{query}: training diverged while timing playing speed"
        ));
    }
    // The measurement alone, on the default configuration's network and training set.
    let data = data::generate(config.data, config.noise, config.seed);
    let mut sizes = vec![data.n_inputs];
    sizes.extend(std::iter::repeat_n(config.width, config.depth));
    sizes.push(data.n_classes);
    let net = Network::new(&Spec {
        act: config.act,
        alpha: config.alpha(),
        norm: config.norm,
        res: config.res,
        loss: config.loss,
        sizes,
        max_batch: config.batch,
    });
    let mut dead = DeadUnits::new(&net);
    let dead_s = timing.seconds(|| dead.measure(&net, &data, 0));
    let figure = PlayingFigure {
        query,
        steps_per_s_stats_every_step: 1.0 / per_step_1,
        steps_per_s_stats_every_20: 1.0 / per_step_20,
        ratio: per_step_1 / per_step_20,
        dead_units_ms: 1e3 * dead_s,
        dead_units_share: dead_s / DEAD_EVERY as f64 / per_step_20,
    };
    println!(
        "  playing speed {}: {:.0} steps/s with statistics every 20 steps, {:.0} every step: {:.2}×",
        figure.query,
        figure.steps_per_s_stats_every_20,
        figure.steps_per_s_stats_every_step,
        figure.ratio
    );
    println!(
        "  whole-data dead units: {:.3} ms per measurement, every {DEAD_EVERY} steps: {:.1} % of a step",
        figure.dead_units_ms,
        100.0 * figure.dead_units_share
    );
    Ok(figure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_advances_with_work() {
        let start = clock::seconds();
        let mut x = 0u64;
        for _ in 0..20_000_000 {
            x = black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        assert!(
            clock::seconds() > start,
            "20 million multiplications took no time"
        );
    }

    #[test]
    fn step_queries_parse_without_warnings() {
        for (depth, width, batch) in STEP_CASES {
            let parsed = Config::from_query(&step_query(depth, width, batch));
            assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
            assert_eq!(
                (
                    parsed.config.depth,
                    parsed.config.width,
                    parsed.config.batch
                ),
                (depth, width, batch)
            );
        }
    }
}
