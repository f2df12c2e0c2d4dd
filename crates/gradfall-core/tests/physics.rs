//! The physics the page exists to show, measured at step 0 (initialisation, first batch).

use gradfall_core::{Activation, Config, Dataset, Init, Trainer};

fn trainer(config: Config) -> Trainer {
    Trainer::new(config.clone()).unwrap_or_else(|e| panic!("{config:?}: {e}"))
}

/// Step-0 `grad_a` of hidden layers 1..=L.
fn grad_a(config: Config) -> Vec<f32> {
    let t = trainer(config.clone());
    t.stats().layers[..config.depth]
        .iter()
        .map(|l| l.grad_a)
        .collect()
}

fn cfg(act: Activation, init: Init, depth: usize, width: usize) -> Config {
    Config {
        act,
        init,
        depth,
        width,
        ..Config::default()
    }
}

/// The step-0 ratios grad_a(1)/grad_a(L) the closing note quotes (run with --nocapture),
/// with the order of magnitude each must have.
#[test]
fn print_first_to_last_ratios() {
    let cases = [
        ("sigmoid+xavier", Activation::Sigmoid, Init::Xavier),
        ("tanh+xavier", Activation::Tanh, Init::Xavier),
        ("relu+xavier", Activation::Relu, Init::Xavier),
        ("relu+he", Activation::Relu, Init::He),
        ("sigmoid+he", Activation::Sigmoid, Init::He),
        ("tanh+he", Activation::Tanh, Init::He),
    ];
    for width in [32, 512] {
        for depth in [20, 30] {
            for (name, act, init) in cases {
                let t = trainer(cfg(act, init, depth, width));
                let l = &t.stats().layers;
                let measured = l[0].grad_a / l[depth - 1].grad_a;
                let theory = l[0].theory_grad_a / l[depth - 1].theory_grad_a;
                println!("width {width:4} depth {depth}: {name:15} grad_a(1)/grad_a({depth}) = {measured:.3e}   theory {theory:.3e}");
                // The orders of magnitude the closing note relies on.
                let expected = match name {
                    "sigmoid+xavier" | "sigmoid+he" => 0.0..1e-6,
                    "relu+xavier" => 0.0..1e-2,
                    "relu+he" | "tanh+xavier" => 0.1..10.0,
                    _ => 1.0..100.0, // tanh+he: χ > 1, the gradient grows toward the input
                };
                assert!(
                    expected.contains(&measured),
                    "{name} width {width} depth {depth}: {measured:e}"
                );
            }
        }
    }
}

/// Story point 1: sigmoid's f' ≤ 1/4 makes δ shrink geometrically toward the input. At depth 20
/// layer 1 receives a gradient more than a million times smaller than layer 20 (measured
/// ~1e-10 with He, ~1e-12 with Xavier at width 32), whatever the initialisation.
#[test]
fn sigmoid_gradient_vanishes_at_depth_20() {
    for init in [Init::He, Init::Xavier] {
        let g = grad_a(cfg(Activation::Sigmoid, init, 20, 32));
        let ratio = g[0] / g[19];
        assert!(
            ratio > 0.0 && ratio < 1e-6,
            "{init:?}: grad_a(1)/grad_a(20) = {ratio:e}"
        );
        // Monotone in the mean: every 5 layers shrink it by at least 10×.
        for l in (5..20).step_by(5) {
            assert!(
                g[l - 5] < 0.1 * g[l],
                "{init:?}: layer {} vs {}: {} vs {}",
                l - 4,
                l + 1,
                g[l - 5],
                g[l]
            );
        }
    }
}

/// Story point 2: ReLU + He keeps the gradient's size over 30 layers. The per-layer factor is
/// exactly 1 in expectation; at finite width each layer multiplies the squared norm by a
/// random factor with relative spread ~√(2/width), so log(grad_a(1)/grad_a(30)) wanders by
/// ~√(30·2/width): ±1.4 (a factor 4) at width 32, ±0.34 (a factor 1.4) at width 512. Over
/// seeds 1..=5 we assert the whole ratio stays within [1/4, 4] at width 32 and [1/2, 2] at
/// width 512 — while ReLU + Xavier over the same depth loses 4–5 orders of magnitude.
#[test]
fn relu_he_keeps_the_gradient_over_30_layers() {
    for seed in 1..=5 {
        for (width, bound) in [(32, 4.0), (512, 2.0)] {
            let g = grad_a(Config {
                seed,
                ..cfg(Activation::Relu, Init::He, 30, width)
            });
            let ratio = g[0] / g[29];
            assert!(
                ratio > 1.0 / bound && ratio < bound,
                "seed {seed} width {width}: grad_a(1)/grad_a(30) = {ratio}"
            );
        }
    }
}

/// ReLU + Xavier: σ_w² = fan_in·2/(fan_in+fan_out) = 1 between equal widths, half of what
/// ReLU needs, so χ = σ_w²·P(a > 0) = 1/2 and grad_a shrinks by 1/√2 ≈ 0.707 per layer. The
/// geometric-mean factor over the 19 steps from layer 20 to layer 1 is asserted in [0.65, 0.76].
#[test]
fn relu_xavier_shrinks_by_one_over_root_two_per_layer() {
    for width in [32, 512] {
        let g = grad_a(cfg(Activation::Relu, Init::Xavier, 20, width));
        let per_layer = (g[0] / g[19]).powf(1.0 / 19.0);
        assert!(
            (0.65..0.76).contains(&per_layer),
            "width {width}: per-layer factor {per_layer}"
        );
    }
}

/// Story point 3: a negative bias kills ReLU units (f' = 0 on the whole batch); leaky ReLU
/// with the same weights has no dead unit. And a too-aggressive optimiser kills units that were
/// alive at initialisation.
#[test]
fn dying_relu() {
    let hidden_mean = |t: &Trainer, f: fn(&gradfall_core::LayerStats) -> f32| {
        let l = &t.stats().layers[..t.config().depth];
        l.iter().map(f).sum::<f32>() / l.len() as f32
    };
    let dead = trainer(Config {
        bias: -1.0,
        ..Config::default()
    });
    assert!(
        hidden_mean(&dead, |l| l.dead_frac) > 0.5,
        "bias=-1: mean dead_frac {}",
        hidden_mean(&dead, |l| l.dead_frac)
    );
    assert_eq!(
        dead.stats().layers[9].dead_frac,
        1.0,
        "the last hidden layer is entirely dead"
    );
    let leaky = trainer(Config {
        bias: -1.0,
        act: Activation::Leaky,
        ..Config::default()
    });
    assert_eq!(hidden_mean(&leaky, |l| l.dead_frac), 0.0);

    let mut t = trainer(Config {
        opt: gradfall_core::Optimizer::Adam,
        lr: 0.1,
        ..Config::default()
    });
    let at_init = hidden_mean(&t, |l| l.dead_frac);
    t.step(200);
    let after = hidden_mean(&t, |l| l.dead_frac);
    // At init ~20 % of the units are already silent on this batch (2-D inputs span few
    // directions); training at this rate kills most of the rest.
    assert!(
        at_init < 0.3 && after > 0.6 && after > at_init + 0.3,
        "Adam lr=0.1: dead_frac {at_init} at init, {after} after 200 steps"
    );
}

/// Story point 3, sparsity: after He initialisation about half of the ReLU outputs are exactly 0.
#[test]
fn relu_outputs_are_half_zero_at_init() {
    let t = trainer(cfg(Activation::Relu, Init::He, 10, 512));
    for l in &t.stats().layers[..10] {
        assert!(
            (0.4..0.6).contains(&l.zero_frac),
            "layer {}: zero_frac {}",
            l.layer,
            l.zero_frac
        );
    }
}

/// Story point 5: with zero weights every ReLU output is 0 and stays 0: f'(0) = 0 stops every
/// hidden gradient and the zero weights pass no signal, so only the output bias learns.
#[test]
fn zero_init_with_relu_keeps_every_hidden_output_zero() {
    let mut t = trainer(cfg(Activation::Relu, Init::Zeros, 10, 32));
    for steps in [0, 50] {
        t.step(steps);
        let s = t.stats();
        for l in &s.layers[..10] {
            assert_eq!(
                (l.act_mean, l.act_std, l.zero_frac),
                (0.0, 0.0, 1.0),
                "step {}: layer {}",
                s.step,
                l.layer
            );
            assert_eq!(l.grad_w, 0.0, "step {}: layer {}", s.step, l.layer);
        }
        assert_eq!(
            s.layers[10].grad_w, 0.0,
            "the output weights see only zero inputs"
        );
    }
    assert!(
        t.stats().layers[10].grad_b > 0.0,
        "the output bias still learns"
    );
}

/// The mean-field prediction (computed from the initialisation formulas alone, anchored only at
/// the last hidden layer's measured `grad_a`) agrees with the measurement at width 512, depth
/// 20, in every hidden layer, within a factor of 2. (Measured: within 10 % for every case on
/// the spiral below except tanh+He and SELU+LeCun, see the next paragraph.)
///
/// Why a factor 2 and not a few per cent: the theory is exact only at infinite width. At
/// width N each layer multiplies the squared gradient norm by its expected factor χ times a
/// random factor of relative spread ~√(κ/N) (κ = E[f'⁴]/E[f'²]² + 1 ≈ 2–3 for these
/// activations), independently per layer, so log(measured/theory) at layer l wanders like
/// √((L−l)·κ/N)/2 ≈ 0.1–0.15 at the input end of a 20-layer net of width 512 — averaging over
/// the 64 samples of the batch does not remove it, because every sample sees the same random
/// weights. Add the non-Gaussian first layer (fan-in 2, 2-D data) and the 3-unit output layer
/// that seeds δ: a factor 2 is ~4–5 standard deviations, so the test does not flake with the
/// seed, yet it fails for any wrong exponent: a missed 1/√2 per layer is a factor 700 over 19
/// layers, and sigmoid's prediction spans 12 orders of magnitude.
///
/// The prediction follows each example from its own input (`theory::per_example`): the
/// spiral's points near the origin keep a small q, and where χ depends on q (tanh at He scale,
/// SELU, ELU) they pass gradient with f' ≈ 1 for the first layers; one map from the batch's
/// average variance missed that by up to ~5× near the input. These cases are checked here on
/// `gauss` and `digits`, and on every data set in `tests/theory_per_example.rs`.
#[test]
fn theory_matches_measurement_at_width_512() {
    let spiral = [
        (Activation::Sigmoid, Init::Xavier),
        (Activation::Tanh, Init::Xavier),
        (Activation::Relu, Init::Xavier),
        (Activation::Relu, Init::He),
        (Activation::Relu, Init::Lsuv),
        (Activation::Leaky, Init::He),
    ];
    let away_from_origin = [
        (Activation::Tanh, Init::He),
        (Activation::Selu, Init::Lecun),
        (Activation::Elu, Init::He),
    ];
    let cases =
        spiral
            .iter()
            .map(|&(act, init)| (act, init, Dataset::Spiral))
            .chain(away_from_origin.iter().flat_map(|&(act, init)| {
                [(act, init, Dataset::Gauss), (act, init, Dataset::Digits)]
            }));
    for (act, init, data) in cases {
        let t = trainer(Config {
            data,
            ..cfg(act, init, 20, 512)
        });
        let mut worst = 1.0f32;
        for l in &t.stats().layers[..20] {
            let ratio = l.grad_a / l.theory_grad_a;
            let label = format!("{act:?}+{init:?} on {data:?}, layer {}", l.layer);
            assert!(
                ratio.is_finite() && l.theory > 0.0,
                "{label}: theory {} measured {}",
                l.theory_grad_a,
                l.grad_a
            );
            assert!(
                (0.5..2.0).contains(&ratio),
                "{label}: measured {:e} vs theory {:e}",
                l.grad_a,
                l.theory_grad_a
            );
            if ratio.ln().abs() > worst.ln().abs() {
                worst = ratio;
            }
        }
        println!(
            "{act:?}+{init:?} on {data:?}: worst measured/theory over layers 1..20 = {worst:.3}"
        );
    }
}

/// The residual and spiral cases the theory does not capture as well, printed for the record
/// (run with --nocapture): measured/theory at every hidden layer, layer 1 first.
#[test]
fn print_theory_ratios_beyond_its_assumptions() {
    for (act, init) in [
        (Activation::Relu, Init::He),
        (Activation::Tanh, Init::Xavier),
        (Activation::Tanh, Init::He),
        (Activation::Selu, Init::Lecun),
    ] {
        for res in [false, true] {
            let t = trainer(Config {
                res,
                ..cfg(act, init, 20, 512)
            });
            let r: Vec<String> = t.stats().layers[..20]
                .iter()
                .map(|l| format!("{:.2}", l.grad_a / l.theory_grad_a))
                .collect();
            println!(
                "{act:?}+{init:?} res={res} (spiral): measured/theory = {}",
                r.join(" ")
            );
        }
    }
}

/// Where the theory does not apply (normalisation) it reports NaN, not a wrong number.
#[test]
fn theory_is_nan_with_normalisation() {
    for norm in [gradfall_core::Norm::Batch, gradfall_core::Norm::Layer] {
        let t = trainer(Config {
            norm,
            ..Config::default()
        });
        assert!(t
            .stats()
            .layers
            .iter()
            .all(|l| l.theory.is_nan() && l.theory_grad_a.is_nan()));
    }
    for res in [false, true] {
        let t = trainer(Config {
            res,
            ..Config::default()
        });
        assert!(
            t.stats().layers[..10]
                .iter()
                .all(|l| l.theory.is_finite() && l.theory_grad_a.is_finite()),
            "res={res}"
        );
    }
    let t = trainer(Config::default());
    assert!(
        t.stats().layers[10].theory.is_nan(),
        "no theory for the output layer"
    );
}
