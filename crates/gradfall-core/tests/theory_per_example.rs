//! The per-example mean-field prediction against real networks at initialisation, over the
//! grid of the issue: every activation (none normalised) × the five 2-D data sets and the
//! digits × Xavier, He and LeCun, width 512, depth 30, step 0.
//!
//! The band, derived (`gradfall_core::theory::spread`): the theory is exact at infinite width.
//! At width N each layer averages over N units, so it measures its output's second moment
//! with a relative error of variance (E[f⁴]/E[f²]² − 1)/N and its gradient factor χ with one
//! of (3·E[f'⁴]/E[f'²]² − 1)/N (Hanin & Nica's 5/N for ReLU). Over L − 1 = 29 layers these add
//! up, to first order, to a standard deviation σ of ln(measured/predicted) of about
//! ½·√(29·5/512) ≈ 0.27 for the ReLU gradient — the depth/width scaling — and the map itself
//! says how much more where the forward errors are carried along rather than damped (GELU and
//! swish under He, whose variance collapses slowly and then fast, reach σ ≈ 1). The
//! examples share the weights, so the batch does not average the errors away. The test
//! asserts |ln(measured/predicted)| ≤ 3σ + 0.1: three standard deviations of the finite-width
//! noise, plus 10 % for what first order leaves out (the 2-D sets' first layer has fan-in 2,
//! so Xavier's uniform weights make its pre-activations visibly non-Gaussian). The
//! batch-average prediction misses by 8–166× in the issue.
//!
//! Cost: 234 trainers of width 512 × depth 30 at step 0, one test per activation so they run
//! in parallel: `cargo test -p gradfall-core --test theory_per_example` (see the README for
//! the measured time).

use gradfall_core::theory::{mean_field_with_bias, sigma_w2};
use gradfall_core::{Activation, Config, Dataset, Init, Trainer};

const WIDTH: usize = 512;
const DEPTH: usize = 30;
/// Standard deviations of the finite-width noise the band allows, and the allowance for
/// higher orders (see above).
const SIGMAS: f64 = 3.0;
const SLACK: f64 = 0.1;

const DATA: [Dataset; 6] = [
    Dataset::Spiral,
    Dataset::Xor,
    Dataset::Circles,
    Dataset::Gauss,
    Dataset::Checker,
    Dataset::Digits,
];
const INITS: [Init; 3] = [Init::Xavier, Init::He, Init::Lecun];

/// One case at step 0: the layer-1 / last-hidden-layer ratio of `grad_a`, measured, predicted
/// per example (the statistics' `theory_grad_a`) and by the old batch-average map; and the
/// worst measured/predicted `act_std` over the hidden layers.
struct Case {
    label: String,
    measured: f64,
    per_example: f64,
    batch_average: f64,
    /// The derived σ of ln(measured/predicted) for the gradient ratio.
    grad_sigma: f64,
    /// The worst |ln(measured/predicted)| of `act_std` over the hidden layers, in units of the
    /// band at that layer (≤ 1 inside), and that layer's ratio.
    act_std_excess: f64,
    act_std_ratio: f64,
}

fn run(act: Activation, data: Dataset, init: Init) -> Case {
    let mut case = measure(Config {
        act,
        data,
        init,
        width: WIDTH,
        depth: DEPTH,
        ..Config::default()
    });
    case.label = format!(
        "act={}&init={}&data={}",
        act.as_str(),
        init.as_str(),
        data.as_str()
    );
    case
}

/// [`Case`] of any configuration (labelled by its canonical query).
fn measure(config: Config) -> Case {
    let (act, init, depth, width) = (config.act, config.init, config.depth, config.width);
    let t = Trainer::new(config.clone()).unwrap_or_else(|e| panic!("{config:?}: {e}"));
    let layers = &t.stats().layers;
    let (first, last) = (&layers[0], &layers[depth - 1]);
    // The old prediction: one map from the training set's mean E[x²].
    let x = &t.data().train_x;
    let input_q = x.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / x.len() as f64;
    let mut dims = vec![t.data().n_inputs];
    dims.extend(std::iter::repeat_n(width, depth));
    dims.push(t.data().n_classes);
    let sw2 = sigma_w2(init, act, config.alpha(), config.gain, &dims);
    let old = mean_field_with_bias(act, config.alpha(), &sw2, 0.0, 0.0, input_q);
    let spread = t.theory_spread().expect("step 0 without normalisation");
    let (mut act_std_excess, mut act_std_ratio) = (0.0, 1.0);
    for (l, sigma) in layers[..depth].iter().zip(&spread.act_std) {
        let ratio = l.act_std as f64 / l.theory_act_std as f64;
        let excess = ratio.ln().abs() / (SIGMAS * sigma + SLACK);
        if excess.is_nan() || excess > act_std_excess {
            (act_std_excess, act_std_ratio) = (excess, ratio);
        }
    }
    Case {
        label: config.to_query(),
        measured: first.grad_a as f64 / last.grad_a as f64,
        per_example: first.theory_grad_a as f64 / last.theory_grad_a as f64,
        batch_average: old.grad_a_ratios()[0],
        grad_sigma: spread.grad_ratio,
        act_std_excess,
        act_std_ratio,
    }
}

/// Whether measured/predicted = `ratio` is outside the band of standard deviation `sigma`.
fn outside(ratio: f64, sigma: f64) -> bool {
    !(ratio.is_finite() && ratio.ln().abs() <= SIGMAS * sigma + SLACK)
}

/// The issue's table recomputed: measured, per-example and batch-average ratio of `grad_a`
/// layer 1 / last hidden layer at step 0 (`--ignored --nocapture` prints it).
#[test]
#[ignore = "prints the table of the issue; run with --ignored --nocapture"]
fn print_the_issue_table() {
    for query in [
        "act=elu&depth=30",
        "act=elu&depth=30&width=512",
        "act=selu&depth=30&init=lecun",
        "act=tanh&depth=30&init=he",
        "act=elu&depth=30&data=gauss",
        "act=elu&depth=30&data=digits",
        "act=gelu&init=he&depth=30&width=512&data=digits&seed=2",
        "act=swish&init=he&depth=30&width=512&data=digits&seed=2",
    ] {
        let c = measure(Config::from_query(query).config);
        println!(
            "| `{query}` | {:.3} | {:.3} | {:.3} | {:.2} | {:.2} |",
            c.measured,
            c.batch_average,
            c.per_example,
            c.measured / c.batch_average,
            c.measured / c.per_example
        );
    }
}

/// One test per activation (they run in parallel where there are cores).
fn check(act: Activation) {
    let mut misses = Vec::new();
    let mut old_misses = Vec::new();
    for data in DATA {
        for init in INITS {
            let c = run(act, data, init);
            let (new, old) = (c.measured / c.per_example, c.measured / c.batch_average);
            let band = (SIGMAS * c.grad_sigma + SLACK).exp();
            println!(
                "{:38} measured {:9.3e}  per-example {:9.3e} (×{new:.3})  batch-average {:9.3e} (×{old:.3})  band ×{band:.2}  act_std ×{:.3} ({:.2} of its band)",
                c.label, c.measured, c.per_example, c.batch_average, c.act_std_ratio, c.act_std_excess
            );
            if outside(new, c.grad_sigma) || c.act_std_excess.is_nan() || c.act_std_excess > 1.0 {
                misses.push(c.label.clone());
            }
            if outside(old, c.grad_sigma) {
                old_misses.push(c.label);
            }
        }
    }
    assert!(misses.is_empty(), "outside the band: {misses:?}");
    println!(
        "{act:?}: the batch-average prediction is outside the band in {} of 18 cases: {old_misses:?}",
        old_misses.len()
    );
}

/// The old prediction, one map from the batch's average input variance, fails the same band
/// where the issue found it off: the test above has teeth.
#[test]
fn the_batch_average_prediction_fails_the_band() {
    for (act, init, data) in [
        (Activation::Elu, Init::He, Dataset::Spiral),
        (Activation::Gelu, Init::He, Dataset::Digits),
        (Activation::Swish, Init::He, Dataset::Digits),
    ] {
        let c = run(act, data, init);
        let old = c.measured / c.batch_average;
        assert!(
            outside(old, c.grad_sigma),
            "{}: batch average ×{old:.3} is inside the band ×{:.2}",
            c.label,
            (SIGMAS * c.grad_sigma + SLACK).exp()
        );
        assert!(
            !outside(c.measured / c.per_example, c.grad_sigma),
            "{}",
            c.label
        );
    }
}

#[test]
fn relu() {
    check(Activation::Relu);
}
#[test]
fn sigmoid() {
    check(Activation::Sigmoid);
}
#[test]
fn tanh() {
    check(Activation::Tanh);
}
#[test]
fn leaky() {
    check(Activation::Leaky);
}
#[test]
fn prelu() {
    check(Activation::Prelu);
}
#[test]
fn elu() {
    check(Activation::Elu);
}
#[test]
fn selu() {
    check(Activation::Selu);
}
#[test]
fn softplus() {
    check(Activation::Softplus);
}
#[test]
fn abs() {
    check(Activation::Abs);
}
#[test]
fn gelu() {
    check(Activation::Gelu);
}
#[test]
fn swish() {
    check(Activation::Swish);
}
#[test]
fn linear() {
    check(Activation::Linear);
}
#[test]
fn necro() {
    check(Activation::Necro);
}
