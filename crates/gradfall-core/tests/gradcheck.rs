//! The analytic gradients of the network (f32) against central finite differences of an
//! independent, deliberately plain f64 reference forward pass (micrograd spirit: loops over
//! samples and units, the activation formulas of `Activation::f` evaluated in f64).
//!
//! Every activation × residual on/off × each norm × both losses, and PReLU's slope, on tiny
//! nets (2 or 3 inputs, depth 3, width 4, batch 5), every parameter checked.
//!
//! Tolerance: |analytic − fd| ≤ 1e-3·|fd| + 1e-4·(largest |fd| of that layer) + 1e-7.
//! The finite difference is in f64 with h = 1e-5, so its own error (truncation ~h²·f''' ≈ 1e-10,
//! rounding ~1e-16/h ≈ 1e-11) is negligible; what remains is the f32 arithmetic of the analytic
//! pass: each entry is a sum of a few dozen products carrying ~6e-8 relative rounding, and the
//! normalisation backward (n·g − Σg − x̂·Σg·x̂) cancels terms of the tensor's scale, so errors of
//! ~1e-6 of the tensor's largest entry are expected — the 1e-4 term leaves a 100× margin while
//! a wrong formula (a missing term, a transposed index, a wrong factor) is off by O(1).
//!
//! `necro` has, by design, no true gradient in its hidden layers (ReLU forward, slope α
//! backward). Its reference replaces each activation by its linearisation at the unperturbed
//! point, f(z₀) + (z − z₀)·df(z₀): the same forward value, and a derivative that is exactly the
//! chain rule with `df` — so the finite differences check the surrogate gradient.

use gradfall_core::config::{Activation, Loss, Norm};
use gradfall_core::network::{Network, Spec};
use gradfall_core::rng::Rng;
use gradfall_core::trainer::{dump, Dump};
use gradfall_core::{Config, Dataset, Init};

/// One layer of the reference, in f64.
#[derive(Clone)]
struct RefLayer {
    fan_in: usize,
    fan_out: usize,
    hidden: bool,
    residual: bool,
    /// `[fan_out][fan_in]`.
    w: Vec<f64>,
    b: Vec<f64>,
    /// Empty without normalisation.
    gamma: Vec<f64>,
    beta: Vec<f64>,
    slope: Option<f64>,
}

struct Problem {
    act: Activation,
    alpha: f64,
    norm: Norm,
    loss: Loss,
    n: usize,
    /// `[n][inputs]`.
    x: Vec<f64>,
    y: Vec<u32>,
}

const EPS: f64 = 1e-5;

/// The batch-mean loss, and every hidden layer's activation inputs z (for the kink check and
/// for freezing). With `frozen`, activations are linearised around those z.
fn ref_loss(p: &Problem, layers: &[RefLayer], frozen: Option<&[Vec<f64>]>) -> (f64, Vec<Vec<f64>>) {
    let n = p.n;
    let mut h = p.x.clone();
    let mut zs = Vec::new();
    let mut logits = Vec::new();
    for (li, l) in layers.iter().enumerate() {
        let mut a = vec![0.0; n * l.fan_out];
        for s in 0..n {
            for j in 0..l.fan_out {
                let mut sum = l.b[j];
                for k in 0..l.fan_in {
                    sum += h[s * l.fan_in + k] * l.w[j * l.fan_in + k];
                }
                a[s * l.fan_out + j] = sum;
            }
        }
        if !l.hidden {
            logits = a;
            break;
        }
        let m = l.fan_out;
        let z = match p.norm {
            Norm::None => a,
            Norm::Batch => {
                let mut z = vec![0.0; n * m];
                for j in 0..m {
                    let mean = (0..n).map(|s| a[s * m + j]).sum::<f64>() / n as f64;
                    let var = (0..n).map(|s| (a[s * m + j] - mean).powi(2)).sum::<f64>() / n as f64;
                    for s in 0..n {
                        z[s * m + j] =
                            l.gamma[j] * (a[s * m + j] - mean) / (var + EPS).sqrt() + l.beta[j];
                    }
                }
                z
            }
            Norm::Layer => {
                let mut z = vec![0.0; n * m];
                for s in 0..n {
                    let row = &a[s * m..(s + 1) * m];
                    let mean = row.iter().sum::<f64>() / m as f64;
                    let var = row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m as f64;
                    for j in 0..m {
                        z[s * m + j] =
                            l.gamma[j] * (row[j] - mean) / (var + EPS).sqrt() + l.beta[j];
                    }
                }
                z
            }
        };
        let alpha = l.slope.unwrap_or(p.alpha);
        let mut out = vec![0.0; n * m];
        for k in 0..n * m {
            out[k] = match frozen {
                None => p.act.f(z[k], alpha),
                Some(z0) => {
                    let z0 = z0[li][k];
                    p.act.f(z0, alpha) + (z[k] - z0) * p.act.df(z0, alpha)
                }
            };
            if l.residual {
                out[k] += h[k];
            }
        }
        zs.push(z);
        h = out;
    }
    let c = layers.last().unwrap().fan_out;
    let mut total = 0.0;
    for s in 0..n {
        let z = &logits[s * c..(s + 1) * c];
        let t = p.y[s] as usize;
        total += match p.loss {
            Loss::Ce => {
                let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln() - z[t]
            }
            Loss::Mse => {
                0.5 * (0..c)
                    .map(|k| (z[k] - if k == t { 1.0 } else { 0.0 }).powi(2))
                    .sum::<f64>()
            }
        };
    }
    (total / n as f64, zs)
}

/// Which parameter tensor of a layer.
#[derive(Clone, Copy, Debug)]
enum Kind {
    W,
    B,
    Gamma,
    Beta,
    Slope,
}

fn tensor(l: &mut RefLayer, kind: Kind) -> Vec<&mut f64> {
    match kind {
        Kind::W => l.w.iter_mut().collect(),
        Kind::B => l.b.iter_mut().collect(),
        Kind::Gamma => l.gamma.iter_mut().collect(),
        Kind::Beta => l.beta.iter_mut().collect(),
        Kind::Slope => l.slope.iter_mut().collect(),
    }
}

/// The analytic gradients to check, per layer and kind, in the reference's order.
type Analytic = Vec<[Vec<f32>; 5]>;

/// Compare the analytic gradient of every parameter with central differences of the reference.
fn check(label: &str, p: &Problem, layers: &[RefLayer], analytic: &Analytic) {
    let (_, z0) = ref_loss(p, layers, None);
    let frozen = (p.act == Activation::Necro).then_some(&z0[..]);
    let h = 1e-5;
    let mut checked = 0;
    const KINDS: [Kind; 5] = [Kind::W, Kind::B, Kind::Gamma, Kind::Beta, Kind::Slope];
    for li in 0..layers.len() {
        let fds: Vec<Vec<f64>> = KINDS
            .iter()
            .map(|&kind| {
                let count = tensor(&mut layers[li].clone(), kind).len();
                (0..count)
                    .map(|k| {
                        let mut plus = layers.to_vec();
                        *tensor(&mut plus[li], kind)[k] += h;
                        let mut minus = layers.to_vec();
                        *tensor(&mut minus[li], kind)[k] -= h;
                        (ref_loss(p, &plus, frozen).0 - ref_loss(p, &minus, frozen).0) / (2.0 * h)
                    })
                    .collect()
            })
            .collect();
        // The layer's largest gradient: exact zeros (e.g. the bias before batch norm) are
        // reproduced up to rounding at this scale.
        let scale = fds.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
        for (ki, kind) in KINDS.into_iter().enumerate() {
            let (an, fd) = (&analytic[li][ki], &fds[ki]);
            assert_eq!(
                an.len(),
                fd.len(),
                "{label}: layer {} {kind:?} has {} analytic entries, reference {}",
                li + 1,
                an.len(),
                fd.len()
            );
            for (k, (&g, &f)) in an.iter().zip(fd).enumerate() {
                let tol = 1e-3 * f.abs() + 1e-4 * scale + 1e-7;
                assert!(
                    (g as f64 - f).abs() <= tol,
                    "{label}: layer {} {kind:?}[{k}]: analytic {g:e} vs finite difference {f:e} (tolerance {tol:e})",
                    li + 1
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{label}: only {checked} parameters checked");
}

/// Whether some activation input lies within 1e-3 of a kink (at 0 for the ReLU family).
fn near_kink(p: &Problem, layers: &[RefLayer]) -> bool {
    let kinked = matches!(
        p.act,
        Activation::Relu
            | Activation::Leaky
            | Activation::Prelu
            | Activation::Necro
            | Activation::Abs
            | Activation::Elu
            | Activation::Selu
    );
    kinked
        && ref_loss(p, layers, None)
            .1
            .iter()
            .flatten()
            .any(|z| z.abs() < 1e-3)
}

fn to_ref(net: &Network) -> Vec<RefLayer> {
    let f = |r: &std::ops::Range<usize>| {
        net.params[r.clone()]
            .iter()
            .map(|&v| v as f64)
            .collect::<Vec<f64>>()
    };
    net.layers
        .iter()
        .map(|l| RefLayer {
            fan_in: l.fan_in,
            fan_out: l.fan_out,
            hidden: l.hidden,
            residual: l.residual,
            w: f(&l.w),
            b: f(&l.b),
            gamma: f(&l.gamma),
            beta: f(&l.beta),
            slope: l.slope.map(|s| net.params[s] as f64),
        })
        .collect()
}

/// A tiny network with random parameters, trained-looking rather than initial: γ ≠ 1, β ≠ 0,
/// biases ≠ 0, so every term of the backward pass matters.
fn tiny(act: Activation, norm: Norm, res: bool, loss: Loss, seed: u64) -> (Problem, Network) {
    let (n, n_in, width, classes) = (5, 3, 4, 3);
    let alpha = if act.uses_alpha() {
        act.default_alpha().max(0.1)
    } else {
        0.0
    };
    let spec = Spec {
        act,
        alpha,
        norm,
        res,
        loss,
        sizes: vec![n_in, width, width, width, classes],
        max_batch: n,
    };
    let mut net = Network::new(&spec);
    let mut rng = Rng::new(seed, 9);
    for l in net.layers.clone() {
        let std = 1.2 / (l.fan_in as f64).sqrt();
        for v in &mut net.params[l.w.clone()] {
            *v = (rng.normal() * std) as f32;
        }
        for v in &mut net.params[l.b.clone()] {
            *v = (rng.normal() * 0.3) as f32;
        }
        for v in &mut net.params[l.gamma.clone()] {
            *v = (1.0 + rng.normal() * 0.3) as f32;
        }
        for v in &mut net.params[l.beta.clone()] {
            *v = (rng.normal() * 0.3) as f32;
        }
        if let Some(s) = l.slope {
            net.params[s] = 0.2 + 0.1 * rng.uniform();
        }
    }
    let x: Vec<f32> = (0..n * n_in).map(|_| rng.normal() as f32).collect();
    let y: Vec<u32> = (0..n).map(|s| (s % classes) as u32).collect();
    net.input_mut()[..n * n_in].copy_from_slice(&x);
    let problem = Problem {
        act,
        alpha: alpha as f64,
        norm,
        loss,
        n,
        x: x.iter().map(|&v| v as f64).collect(),
        y,
    };
    (problem, net)
}

fn analytic_of(net: &Network) -> Analytic {
    net.layers
        .iter()
        .map(|l| {
            let g = |r: &std::ops::Range<usize>| net.grads[r.clone()].to_vec();
            [
                g(&l.w),
                g(&l.b),
                g(&l.gamma),
                g(&l.beta),
                l.slope.map(|s| vec![net.grads[s]]).unwrap_or_default(),
            ]
        })
        .collect()
}

#[test]
fn network_gradients_match_finite_differences() {
    let mut cases = 0;
    for &act in Activation::VARIANTS {
        for norm in [Norm::None, Norm::Batch, Norm::Layer] {
            for res in [false, true] {
                for loss in [Loss::Ce, Loss::Mse] {
                    let label =
                        format!("act={} norm={norm:?} res={res} loss={loss:?}", act.as_str());
                    // The first seed whose activation inputs all stay clear of the kinks.
                    let (p, mut net) = (1..50)
                        .map(|seed| tiny(act, norm, res, loss, seed))
                        .find(|(p, net)| !near_kink(p, &to_ref(net)))
                        .unwrap_or_else(|| panic!("{label}: no seed without kinks"));
                    net.forward(p.n);
                    let (loss_value, _) = net.loss(p.n, &p.y);
                    net.backward(p.n);
                    let layers = to_ref(&net);
                    let reference = ref_loss(&p, &layers, None).0;
                    assert!(
                        (loss_value as f64 - reference).abs() < 1e-5 * (1.0 + reference.abs()),
                        "{label}: loss {loss_value} vs {reference}"
                    );
                    check(&label, &p, &layers, &analytic_of(&net));
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 13 * 3 * 2 * 2);
}

fn dump_to_ref(d: &Dump) -> Vec<RefLayer> {
    let f = |v: &[f32]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let n = d.layers.len();
    d.layers
        .iter()
        .enumerate()
        .map(|(i, l)| RefLayer {
            fan_in: l.W[0].len(),
            fan_out: l.W.len(),
            hidden: i + 1 < n,
            residual: l.residual,
            w: l.W.iter().flat_map(|r| f(r)).collect(),
            b: f(&l.b),
            gamma: f(&l.gamma),
            beta: f(&l.beta),
            slope: l.slope.map(|s| s as f64),
        })
        .collect()
}

fn dump_analytic(d: &Dump) -> Analytic {
    d.layers
        .iter()
        .map(|l| {
            [
                l.dW.concat(),
                l.db.clone(),
                l.dgamma.clone(),
                l.dbeta.clone(),
                l.dslope.map(|s| vec![s]).unwrap_or_default(),
            ]
        })
        .collect()
}

/// The same check through the trainer's public path: `dump` (what `gradfall dump` writes)
/// holds the initialised parameters, the first batch and the step-0 gradients; the reference
/// recomputes the loss from them alone. Covers the trainer's wiring (data, batches, init,
/// biases, LSUV) on top of the network.
#[test]
fn dump_gradients_match_finite_differences() {
    let acts = [
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Prelu,
        Activation::Necro,
        Activation::Selu,
    ];
    for act in acts {
        for norm in [Norm::None, Norm::Batch, Norm::Layer] {
            for res in [false, true] {
                for (loss, init) in [(Loss::Ce, Init::He), (Loss::Mse, Init::Lsuv)] {
                    let label = format!(
                        "act={} norm={norm:?} res={res} loss={loss:?} init={init:?}",
                        act.as_str()
                    );
                    let found = (1..50).find_map(|seed| {
                        let config = Config {
                            act,
                            norm,
                            res,
                            loss,
                            init,
                            depth: 3,
                            width: 4,
                            batch: 5,
                            bias: 0.1,
                            data: Dataset::Spiral,
                            seed,
                            ..Config::default()
                        };
                        let d = dump(config).unwrap_or_else(|e| panic!("{label}: {e}"));
                        let p = Problem {
                            act,
                            alpha: d.alpha as f64,
                            norm,
                            loss,
                            n: d.y.len(),
                            x: d.x.iter().flatten().map(|&v| v as f64).collect(),
                            y: d.y.clone(),
                        };
                        let layers = dump_to_ref(&d);
                        (!near_kink(&p, &layers)).then_some((d, p, layers))
                    });
                    let (d, p, layers) =
                        found.unwrap_or_else(|| panic!("{label}: no seed without kinks"));
                    assert_eq!(p.n, 5, "{label}");
                    assert_eq!(
                        layers.iter().filter(|l| l.residual).count(),
                        if res { 2 } else { 0 },
                        "{label}"
                    );
                    let reference = ref_loss(&p, &layers, None).0;
                    assert!(
                        (d.loss as f64 - reference).abs() < 1e-5 * (1.0 + reference.abs()),
                        "{label}: loss {} vs {reference}",
                        d.loss
                    );
                    check(&label, &p, &layers, &dump_analytic(&d));
                }
            }
        }
    }
}
