use super::*;

/// E[g(μ + σZ)] by the midpoint rule on [−12, 12] with 400 000 cells split at the kink:
/// an integral independent of the module's quadrature.
fn riemann(g: impl Fn(f64) -> f64, mean: f64, std: f64) -> f64 {
    let kink = (-mean / std).clamp(-12.0, 12.0);
    let midpoint = |a: f64, b: f64| {
        let n = 200_000;
        let dz = (b - a) / n as f64;
        (0..n)
            .map(|i| a + (i as f64 + 0.5) * dz)
            .map(|z| (-0.5 * z * z).exp() * g(mean + std * z))
            .sum::<f64>()
            * dz
    };
    (midpoint(-12.0, kink) + midpoint(kink, 12.0)) / (2.0 * std::f64::consts::PI).sqrt()
}

/// The same map as `mean_field_with_bias`, iterated with Riemann sums.
fn reference(
    act: Activation,
    alpha: f64,
    sigma_w2: &[f64],
    bias: f64,
    input_q: f64,
) -> (Vec<f64>, Vec<f64>) {
    let (mut q, mut sqrt_chi) = (vec![], vec![]);
    let mut var = sigma_w2[0] * input_q;
    for l in 0..sigma_w2.len() - 1 {
        q.push(var);
        sqrt_chi.push(
            (sigma_w2[l + 1] * riemann(|x| act.df(x, alpha).powi(2), bias, var.sqrt())).sqrt(),
        );
        var = sigma_w2[l + 1] * riemann(|x| act.f(x, alpha).powi(2), bias, var.sqrt());
    }
    (q, sqrt_chi)
}

fn he_net(act: Activation, alpha: f32, depth: usize) -> Vec<f64> {
    let mut dims = vec![2];
    dims.extend(std::iter::repeat_n(64, depth));
    dims.push(3);
    sigma_w2(Init::He, act, alpha, 1.0, &dims)
}

#[test]
fn relu_with_he_preserves_the_gradient_exactly() {
    let mf = mean_field(
        Activation::Relu,
        0.0,
        &he_net(Activation::Relu, 0.0, 30),
        0.0,
        1.0,
    );
    assert_eq!(mf.sqrt_chi.len(), 30);
    for (l, &s) in mf.sqrt_chi[..29].iter().enumerate() {
        assert!((s - 1.0).abs() < 1e-13, "layer {}: √χ = {s}", l + 1);
    }
    // q: σ_w²(1) = 2·(2/2) = 2 for E[x²] = 1, then constant (He keeps E[a²]).
    for &q in &mf.q {
        assert!((q - 2.0).abs() < 1e-12, "{q}");
    }
    assert!(mf.grad_a_ratios().iter().all(|r| (r - 1.0).abs() < 1e-12));
}

#[test]
fn leaky_family_with_the_leaky_gain_has_chi_one() {
    for (act, alpha) in [
        (Activation::Leaky, 0.01),
        (Activation::Leaky, 0.3),
        (Activation::Prelu, 0.25),
    ] {
        let mf = mean_field(act, alpha, &he_net(act, alpha, 20), 0.0, 1.0);
        for &s in &mf.sqrt_chi[..19] {
            assert!((s - 1.0).abs() < 1e-13, "{act:?} α={alpha}: √χ = {s}");
        }
    }
    // Necro: ReLU forwards, slope α backwards: E[f'²] = (1+α²)/2, so with the leaky He gain
    // χ = 1 as well, while q shrinks by (1+α²) per layer (the forward pass is ReLU's).
    let mf = mean_field(
        Activation::Necro,
        0.1,
        &he_net(Activation::Necro, 0.1, 10),
        0.0,
        1.0,
    );
    assert!(
        mf.sqrt_chi[..9].iter().all(|s| (s - 1.0).abs() < 1e-13),
        "{:?}",
        mf.sqrt_chi
    );
    let alpha = 0.1f32 as f64;
    assert!((mf.q[1] / mf.q[0] - 1.0 / (1.0 + alpha * alpha)).abs() < 1e-12);
}

#[test]
fn linear_unit_variance_keeps_q_constant() {
    let mf = mean_field(Activation::Linear, 0.0, &[1.0; 11], 0.0, 0.7);
    assert!(mf.q.iter().all(|q| (q - 0.7).abs() < 1e-14), "{:?}", mf.q);
    assert!(mf.sqrt_chi.iter().all(|s| (s - 1.0).abs() < 1e-14));
    // Adding a random bias grows q by σ_b² per layer.
    let mf = mean_field(Activation::Linear, 0.0, &[1.0; 4], 0.1, 0.7);
    assert!((mf.q[2] - 1.0).abs() < 1e-14, "{:?}", mf.q);
}

#[test]
fn sigmoid_with_xavier_vanishes_as_an_independent_integral_says() {
    let dims = [2, 64, 64, 64, 64, 64, 64, 10];
    let sw2 = sigma_w2(Init::Xavier, Activation::Sigmoid, 0.0, 1.0, &dims);
    let mf = mean_field(Activation::Sigmoid, 0.0, &sw2, 0.0, 1.0);
    let (q, sqrt_chi) = reference(Activation::Sigmoid, 0.0, &sw2, 0.0, 1.0);
    for l in 0..6 {
        assert!(
            (mf.q[l] / q[l] - 1.0).abs() < 1e-9,
            "q[{l}]: {} vs {}",
            mf.q[l],
            q[l]
        );
        assert!((mf.sqrt_chi[l] / sqrt_chi[l] - 1.0).abs() < 1e-9, "√χ[{l}]");
    }
    // Sigmoid's f' ≤ ¼ and its mean output ½ inflates q: √χ lands well below ½ (≈ 0.23).
    for &s in &mf.sqrt_chi[1..5] {
        assert!(s > 0.15 && s < 0.3, "√χ = {s}");
    }
    let ratios = mf.grad_a_ratios();
    assert!(
        ratios[0] < 1e-2,
        "5 sigmoid layers shrink the gradient ×100: {ratios:?}"
    );
}

#[test]
fn selu_with_lecun_sits_at_its_self_normalising_fixed_point() {
    // Klambauer et al. chose λ, α so that E[selu(z)] = 0 and E[selu(z)²] = 1: with
    // σ_w² = 1 (LeCun on square layers) and E[x²] = 1, q stays 1 in every layer, and
    // χ = λ²·(½ + α²·e²·Φ(−2)) ≈ 1.0716 in closed form (E[e^{2z}; z < 0] = e²·Φ(−2)).
    use crate::activation::{SELU_ALPHA, SELU_LAMBDA};
    let mf = mean_field(Activation::Selu, 0.0, &[1.0; 11], 0.0, 1.0);
    let phi_minus_2 = 0.022_750_131_948_179_195;
    let e2 = std::f64::consts::E.powi(2);
    let chi = SELU_LAMBDA.powi(2) * (0.5 + SELU_ALPHA.powi(2) * e2 * phi_minus_2);
    for (q, s) in mf.q.iter().zip(&mf.sqrt_chi) {
        assert!((q - 1.0).abs() < 1e-8, "q = {q}");
        assert!((s * s - chi).abs() < 1e-12, "χ = {} vs {chi}", s * s);
    }
}

#[test]
fn tanh_chi_tends_to_sigma_w2_as_q_vanishes() {
    // Tiny inputs: tanh is linear near 0, so χ → σ_w²·tanh'(0)² = σ_w².
    for sw2 in [0.5, 1.0, 1.5] {
        let mf = mean_field(Activation::Tanh, 0.0, &[sw2, sw2, sw2], 0.0, 1e-10);
        assert!(
            (mf.sqrt_chi[0].powi(2) / sw2 - 1.0).abs() < 1e-8,
            "σ_w² = {sw2}: {:?}",
            mf.sqrt_chi
        );
    }
    // And at q = 1 it is well below: E[tanh'(z)²] ≈ 0.46.
    let mf = mean_field(Activation::Tanh, 0.0, &[1.0, 1.0], 0.0, 1.0);
    assert!(mf.sqrt_chi[0].powi(2) < 0.5);
}

#[test]
fn every_activation_matches_the_independent_integral_with_and_without_bias() {
    for &act in Activation::VARIANTS {
        let alpha = act.default_alpha();
        for (gain, bias) in [(1.0, 0.0), (1.0, -0.3), (3.0, 0.5)] {
            let dims = [2, 32, 32, 32, 32, 10];
            let sw2 = sigma_w2(Init::He, act, alpha, gain, &dims);
            let mf = mean_field_with_bias(act, alpha, &sw2, bias, 0.0, 1.0);
            let (q, sqrt_chi) = reference(act, alpha as f64, &sw2, bias, 1.0);
            for l in 0..4 {
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-7 * b.abs().max(1e-12);
                assert!(
                    close(mf.q[l], q[l]),
                    "{act:?} gain {gain} bias {bias} q[{l}]: {} vs {}",
                    mf.q[l],
                    q[l]
                );
                assert!(
                    close(mf.sqrt_chi[l], sqrt_chi[l]),
                    "{act:?} gain {gain} bias {bias} √χ[{l}]: {} vs {}",
                    mf.sqrt_chi[l],
                    sqrt_chi[l]
                );
            }
        }
    }
}

#[test]
fn negative_bias_kills_relu_gradient_share() {
    // a ~ N(b, q): P(a > 0) = Φ(b/√q) = E[relu'²]. With He, q_1 = 2, bias −√2: Φ(−1).
    let sw2 = he_net(Activation::Relu, 0.0, 3);
    let mf = mean_field_with_bias(Activation::Relu, 0.0, &sw2, -(2.0f64).sqrt(), 0.0, 1.0);
    let phi_minus_1 = 0.158_655_253_931_457_05;
    assert!(
        (mf.sqrt_chi[0].powi(2) - 2.0 * phi_minus_1).abs() < 1e-12,
        "{:?}",
        mf.sqrt_chi
    );
}

#[test]
fn degenerate_inputs_stay_finite() {
    // Zero init: no signal, no gradient, no NaN.
    let mf = mean_field(Activation::Relu, 0.0, &[0.0; 6], 0.0, 1.0);
    assert!(mf.q.iter().chain(&mf.sqrt_chi).all(|&v| v == 0.0));
    assert!(mf.grad_a_ratios()[..4].iter().all(|&r| r == 0.0));
    // Exploding nets: gain 10, 100 layers, for every activation.
    for &act in Activation::VARIANTS {
        let mut dims = vec![2];
        dims.extend(std::iter::repeat_n(64, 100));
        dims.push(10);
        let sw2 = sigma_w2(Init::He, act, act.default_alpha(), 10.0, &dims);
        let mf = mean_field_with_bias(act, act.default_alpha(), &sw2, 1.0, 0.0, 1.0);
        assert!(
            mf.q.iter().chain(&mf.sqrt_chi).all(|v| v.is_finite()),
            "{act:?}"
        );
        assert!(mf.grad_a_ratios().iter().all(|v| !v.is_nan()), "{act:?}");
    }
    // Garbage in: NaN and negative variances read as 0; no hidden layer → empty.
    let mf = mean_field(Activation::Tanh, 0.0, &[f64::NAN, -1.0, 1.0], f64::NAN, 1.0);
    assert!(mf.q.iter().chain(&mf.sqrt_chi).all(|v| v.is_finite()));
    assert!(mean_field(Activation::Tanh, 0.0, &[1.0], 0.0, 1.0)
        .q
        .is_empty());
    assert!(mean_field(Activation::Tanh, 0.0, &[], 0.0, 1.0)
        .grad_a_ratios()
        .is_empty());
}

/// A real random network, forwards and backwards in f64, against the prediction: `width`
/// units in every layer including the input (x ~ N(0, 1), so E[x²] = 1), a constant bias,
/// the weights drawn by `init::fill`, and a N(0, 1) gradient ∂loss/∂h arriving at the last
/// hidden layer; with `residual`, every layer adds its input (h = f(a) + h_prev). Returns
/// the measured RMS grad_a of every hidden layer over the last one.
fn measured_grad_a_ratios(
    act: Activation,
    init: Init,
    gain: f32,
    bias: f64,
    residual: bool,
    depth: usize,
) -> Vec<f64> {
    let (width, batch) = (256, 32);
    use crate::rng::Rng;
    let alpha = act.default_alpha();
    let mut rng = Rng::new(2024, 0);
    let weights: Vec<Vec<f64>> = (0..depth)
        .map(|_| {
            let mut w = vec![0.0f32; width * width];
            init::fill(init, act, alpha, gain, width, width, &mut rng, &mut w);
            w.into_iter().map(f64::from).collect()
        })
        .collect();
    let alpha = alpha as f64;
    // Forward: a[l] = W_l·h[l−1] + b (batch × width, row-major), h[l] = f(a[l]).
    let mut h: Vec<f64> = (0..batch * width).map(|_| rng.normal()).collect();
    let mut pre = Vec::with_capacity(depth);
    for w in &weights {
        let mut a = vec![bias; batch * width];
        for s in 0..batch {
            for o in 0..width {
                a[s * width + o] += (0..width)
                    .map(|i| w[o * width + i] * h[s * width + i])
                    .sum::<f64>();
            }
        }
        let skip = if residual { 1.0 } else { 0.0 };
        h = a
            .iter()
            .zip(&h)
            .map(|(&x, &prev)| act.f(x, alpha) + skip * prev)
            .collect();
        pre.push(a);
    }
    // Backward: g = ∂loss/∂h, δ_l = g_l ⊙ f'(a_l), g_l = [g_{l+1} +] W_{l+1}ᵀ δ_{l+1}.
    let rms = |v: &[f64]| (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt();
    let mut g: Vec<f64> = (0..batch * width).map(|_| rng.normal()).collect();
    let mut delta: Vec<f64> = pre[depth - 1]
        .iter()
        .zip(&g)
        .map(|(&a, &gi)| gi * act.df(a, alpha))
        .collect();
    let mut grad_a = vec![0.0; depth];
    grad_a[depth - 1] = rms(&delta);
    for l in (0..depth - 1).rev() {
        let w = &weights[l + 1];
        for s in 0..batch {
            for i in 0..width {
                let back: f64 = (0..width)
                    .map(|o| w[o * width + i] * delta[s * width + o])
                    .sum();
                g[s * width + i] = back + if residual { g[s * width + i] } else { 0.0 };
            }
        }
        delta = pre[l]
            .iter()
            .zip(&g)
            .map(|(&a, &gi)| gi * act.df(a, alpha))
            .collect();
        grad_a[l] = rms(&delta);
    }
    grad_a.iter().map(|g| g / grad_a[depth - 1]).collect()
}

/// The prediction holds in a real network at width 256, layer by layer over 8 layers:
/// within a factor 1.25 where the signal is centred, 1.6 for sigmoid (×10⁻⁴ over 7 layers)
/// and a negative bias. Finite width makes each layer's factor fluctuate by about
/// 1/√width ≈ 6 %, so over L layers the spread grows like √L·6 % ≈ 17 %. Measured worst
/// factors with this seed: ≤ 1.06 for all centred cases, 1.20 for ReLU with bias −0.2; at
/// width 512 every case is within 1.05 (the bias case 1.033), as finite-width noise should.
#[test]
fn prediction_matches_a_random_network_at_width_256() {
    let (width, depth) = (256, 8);
    for (act, init, gain, bias, tolerance) in [
        (Activation::Relu, Init::He, 1.0, 0.0, 1.25),
        (Activation::Tanh, Init::Xavier, 1.0, 0.0, 1.25),
        (Activation::Leaky, Init::He, 1.0, 0.0, 1.25),
        (Activation::Elu, Init::Lecun, 1.0, 0.0, 1.25),
        (Activation::Sigmoid, Init::Xavier, 1.0, 0.0, 1.6),
        (Activation::Relu, Init::He, 1.0, -0.2, 1.6),
        (Activation::Tanh, Init::Orthogonal, 2.0, 0.3, 1.25),
    ] {
        let measured = measured_grad_a_ratios(act, init, gain, bias, false, depth);
        let dims = vec![width; depth + 2];
        let sw2 = sigma_w2(init, act, act.default_alpha(), gain, &dims);
        let predicted =
            mean_field_with_bias(act, act.default_alpha(), &sw2, bias, 0.0, 1.0).grad_a_ratios();
        println!("{act:?} {init:?} gain {gain} bias {bias}: worst factor {:.3}, first layer measured {:.3e} predicted {:.3e}",
            measured.iter().zip(&predicted).map(|(m, p)| (m / p).max(p / m)).fold(1.0, f64::max), measured[0], predicted[0]);
        for (l, (m, p)) in measured.iter().zip(&predicted).enumerate() {
            let factor = (m / p).max(p / m);
            assert!(factor < tolerance, "{act:?} {init:?} gain {gain} bias {bias}, layer {}: measured {m:.4e}, predicted {p:.4e}\n{measured:?}\n{predicted:?}", l + 1);
        }
    }
}

/// The residual map against a real residual network (every layer h = f(a) + h_prev, the
/// input centred): the mean a ReLU stream accumulates enters the variance, and the skip
/// path keeps the gradient from vanishing even for sigmoid.
#[test]
fn residual_prediction_matches_a_random_residual_network() {
    let (width, depth) = (256, 8);
    for (act, init, gain, bias) in [
        (Activation::Relu, Init::He, 1.0, 0.0),
        (Activation::Relu, Init::He, 0.5, -0.2),
        (Activation::Tanh, Init::Xavier, 1.0, 0.0),
        (Activation::Sigmoid, Init::Xavier, 1.0, 0.0),
        (Activation::Elu, Init::He, 1.0, 0.1),
    ] {
        let measured = measured_grad_a_ratios(act, init, gain, bias, true, depth);
        let dims = vec![width; depth + 2];
        let sw2 = sigma_w2(init, act, act.default_alpha(), gain, &dims);
        let mf = mean_field_residual(act, act.default_alpha(), &sw2, &[true; 8], bias, 1.0);
        let predicted = mf.grad_a_ratios();
        let worst = measured
            .iter()
            .zip(&predicted)
            .map(|(m, p)| (m / p).max(p / m))
            .fold(1.0, f64::max);
        println!("residual {act:?} {init:?} gain {gain} bias {bias}: worst factor {worst:.3}, first layer measured {:.3e} predicted {:.3e}", measured[0], predicted[0]);
        assert!(
            worst < 1.25,
            "{act:?} {init:?} gain {gain} bias {bias}:\n{measured:?}\n{predicted:?}"
        );
    }
    // Without any residual layer the map is the plain one, bit for bit.
    let sw2 = sigma_w2(Init::He, Activation::Elu, 1.0, 1.3, &[2, 16, 16, 16, 3]);
    assert_eq!(
        mean_field_residual(Activation::Elu, 1.0, &sw2, &[false; 3], 0.2, 1.0),
        mean_field_with_bias(Activation::Elu, 1.0, &sw2, 0.2, 0.0, 1.0)
    );
}

#[test]
fn ratios_multiply_from_the_top() {
    let mf = MeanField {
        q: vec![1.0; 4],
        sqrt_chi: vec![0.5, 0.25, 2.0, 7.0],
        act_std: vec![1.0; 4],
    };
    assert_eq!(mf.grad_a_ratios(), vec![0.25, 0.5, 2.0, 1.0]);
}
