use super::*;
use crate::config::{Activation, Init};
use crate::theory::{mean_field_residual, mean_field_with_bias, sigma_w2, Unit};

fn spec<'a>(act: Activation, sw2: &'a [f64], residual: &'a [bool], bias: f64) -> MapSpec<'a> {
    MapSpec {
        unit: Unit::new(act, act.default_alpha(), bias),
        sigma_w2: sw2,
        residual,
        sigma_b2: 0.0,
    }
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1e-300)
}

/// When every example has the same input, the per-example prediction is the batch-average map
/// up to the table's interpolation error (< 1e-7 per moment; the map carries it through six
/// layers, amplified by its slope, hence 1e-5), anchored at the anchors' RMS.
#[test]
fn identical_examples_give_the_batch_average_map() {
    let dims = [2, 64, 64, 64, 64, 64, 64, 3];
    for &act in Activation::VARIANTS {
        let alpha = act.default_alpha();
        for (res, bias) in [(false, 0.0), (false, -0.2), (true, 0.1)] {
            let sw2 = sigma_w2(Init::He, act, alpha, 1.0, &dims);
            let residual = [false, res, res, res, res, res];
            let example = Example {
                input_second: 0.8,
                input_mean: 0.0,
                anchor: 0.0,
            };
            let examples: Vec<Example> = [0.5, 2.0, 1.0]
                .iter()
                .map(|&anchor| Example { anchor, ..example })
                .collect();
            let p = predict(&spec(act, &sw2, &residual, bias), &examples);
            let mf = mean_field_residual(act, alpha, &sw2, &residual, bias, 0.8);
            let anchor_rms = ((0.25 + 4.0 + 1.0) / 3.0f64).sqrt();
            for (l, (got, ratio)) in p.grad_a.iter().zip(mf.grad_a_ratios()).enumerate() {
                assert!(
                    close(*got, anchor_rms * ratio, 1e-5),
                    "{act:?} res {res} bias {bias} layer {}: {got} vs {}",
                    l + 1,
                    anchor_rms * ratio
                );
            }
            for (got, want) in p.sqrt_chi.iter().zip(&mf.sqrt_chi) {
                assert!(close(*got, *want, 1e-5), "{act:?}: √χ {got} vs {want}");
            }
            // The std is √(p − m²): compare variances relative to the second moment p, as
            // the cancellation amplifies the interpolation's 1e-8 where m² ≈ p.
            let path = crate::theory::trace(
                &spec(act, &sw2, &residual, bias),
                &mut |q| Unit::new(act, alpha, bias).moments(q),
                0.8,
                0.0,
            );
            for ((got, want), p2) in p.act_std.iter().zip(&mf.act_std).zip(&path.second) {
                assert!(
                    (got * got - want * want).abs() <= 1e-5 * p2,
                    "{act:?} res {res} bias {bias}: act_std {got} vs {want}"
                );
            }
        }
    }
}

/// Two examples with different input norms: the prediction is the anchor-weighted RMS of
/// their own maps, computed here from two batch-average maps.
#[test]
fn two_examples_combine_as_a_weighted_rms() {
    let dims = [2, 64, 64, 64, 64, 64, 3];
    let act = Activation::Elu;
    let sw2 = sigma_w2(Init::He, act, 1.0, 1.0, &dims);
    let (small, large) = (0.01, 2.0);
    let examples = [
        Example {
            input_second: small,
            input_mean: 0.0,
            anchor: 1.0,
        },
        Example {
            input_second: large,
            input_mean: 0.0,
            anchor: 2.0,
        },
    ];
    let p = predict(&spec(act, &sw2, &[], 0.0), &examples);
    let a = mean_field_with_bias(act, 1.0, &sw2, 0.0, 0.0, small);
    let b = mean_field_with_bias(act, 1.0, &sw2, 0.0, 0.0, large);
    let (ra, rb) = (a.grad_a_ratios(), b.grad_a_ratios());
    for l in 0..5 {
        let want = ((1.0 * ra[l] * ra[l] + 4.0 * rb[l] * rb[l]) / 2.0).sqrt();
        assert!(close(p.grad_a[l], want, 1e-6), "layer {}", l + 1);
    }
    // The small-norm example, with χ ≈ σ_w² = 2 per layer near 0, weighs in near the input:
    // the prediction at layer 1 is well above the batch-average map's.
    let average = mean_field_with_bias(act, 1.0, &sw2, 0.0, 0.0, (small + large) / 2.0);
    let average_anchor = ((1.0 + 4.0) / 2.0f64).sqrt();
    assert!(p.grad_a[0] > 1.2 * average_anchor * average.grad_a_ratios()[0]);
}

/// The cost: one table serves the whole batch, so it computes far fewer quadrature passes than
/// one per example and layer (printed with --nocapture; the README quotes it).
#[test]
fn the_table_costs_less_than_exact_quadrature_per_example() {
    let depth = 30;
    let mut dims = vec![2];
    dims.extend(std::iter::repeat_n(512, depth));
    dims.push(3);
    for act in [Activation::Elu, Activation::Gelu, Activation::Tanh] {
        let sw2 = sigma_w2(Init::He, act, act.default_alpha(), 1.0, &dims);
        // 64 inputs spread like the spiral's: norms from ~0 to ~2.
        let examples: Vec<Example> = (0..64)
            .map(|s| Example {
                input_second: (s as f64 / 32.0).powi(2) + 1e-4,
                input_mean: 0.0,
                anchor: 1.0,
            })
            .collect();
        let p = predict(&spec(act, &sw2, &[], 0.0), &examples);
        let exact_passes = examples.len() * depth;
        println!(
            "{act:?}: {} table nodes vs {exact_passes} exact quadratures",
            p.nodes_computed
        );
        assert!(p.nodes_computed * 3 < exact_passes, "{act:?}");
    }
}

#[test]
fn degenerate_batches_stay_finite() {
    let sw2 = [2.0, 2.0, 2.0, 2.0];
    let s = spec(Activation::Relu, &sw2, &[], 0.0);
    let p = predict(&s, &[]);
    assert!(p.grad_a.iter().all(|&g| g == 0.0), "{p:?}");
    let zero = Example {
        input_second: 0.0,
        input_mean: 0.0,
        anchor: 0.0,
    };
    let p = predict(&s, &[zero, zero]);
    assert!(p
        .grad_a
        .iter()
        .chain(&p.sqrt_chi)
        .chain(&p.act_std)
        .all(|v| v.is_finite()));
    let garbage = Example {
        input_second: f64::NAN,
        input_mean: f64::INFINITY,
        anchor: f64::NAN,
    };
    let p = predict(&s, &[garbage]);
    assert!(p.act_std.iter().all(|v| !v.is_nan()), "{p:?}");
}
