//! Optimisers over the network's flat parameter vector: SGD, heavy-ball momentum 0.9, and
//! Adam (β₁ 0.9, β₂ 0.999, ε 1e-8, with bias correction). L2 weight decay adds `l2·w` to the
//! gradient of the weights (not of biases, γ, β or PReLU slopes) before the optimiser sees it.

use std::ops::Range;

use crate::config::Optimizer;
use crate::network::Layer;

const MOMENTUM: f32 = 0.9;
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const ADAM_EPS: f32 = 1e-8;

/// An optimiser's state.
pub struct Optim {
    kind: Optimizer,
    lr: f32,
    l2: f32,
    /// Velocity (momentum) or first moment (Adam).
    m: Vec<f32>,
    /// Second moment (Adam).
    v: Vec<f32>,
    /// β₁ᵗ and β₂ᵗ for Adam's bias correction, after t updates.
    beta1_t: f64,
    beta2_t: f64,
}

impl Optim {
    /// State vectors the optimiser keeps for `n_params` parameters (in f32 values).
    pub fn floats_for(kind: Optimizer, n_params: usize) -> usize {
        n_params
            * match kind {
                Optimizer::Sgd => 0,
                Optimizer::Momentum => 1,
                Optimizer::Adam => 2,
            }
    }

    pub fn new(kind: Optimizer, lr: f32, l2: f32, n_params: usize) -> Optim {
        let m = if kind == Optimizer::Sgd { 0 } else { n_params };
        let v = if kind == Optimizer::Adam { n_params } else { 0 };
        Optim {
            kind,
            lr,
            l2,
            m: vec![0.0; m],
            v: vec![0.0; v],
            beta1_t: 1.0,
            beta2_t: 1.0,
        }
    }

    /// One update of every parameter from `grads`. Writes ‖ΔW_l‖/‖W_l‖ (W before the update)
    /// per layer into `update_ratio`, and returns whether every parameter is still finite.
    pub fn update(
        &mut self,
        params: &mut [f32],
        grads: &[f32],
        layers: &[Layer],
        update_ratio: &mut [f32],
    ) -> bool {
        self.beta1_t *= BETA1 as f64;
        self.beta2_t *= BETA2 as f64;
        let mut finite = true;
        for (l, ratio) in layers.iter().zip(update_ratio.iter_mut()) {
            let (dw2, w2) = self.update_range(params, grads, l.w.clone(), true);
            // An unchanged all-zero W (zero init) moved by 0 %, not 0/0.
            *ratio = if dw2 == 0.0 {
                0.0
            } else {
                (dw2 / w2).sqrt() as f32
            };
            finite &= w2.is_finite() && dw2.is_finite();
            let slope = l.slope.map_or(0..0, |s| s..s + 1);
            // b, γ, β are contiguous after W; the slope follows them.
            for r in [l.b.start..l.beta.end, slope] {
                let (d2, p2) = self.update_range(params, grads, r, false);
                finite &= d2.is_finite() && p2.is_finite();
            }
        }
        finite
    }

    /// Update `params[range]`; returns (Σ Δ², Σ p²) with p before the update, in f64.
    fn update_range(
        &mut self,
        params: &mut [f32],
        grads: &[f32],
        range: Range<usize>,
        decay: bool,
    ) -> (f64, f64) {
        let l2 = if decay { self.l2 } else { 0.0 };
        let lr = self.lr;
        let (c1, c2) = ((1.0 - self.beta1_t) as f32, (1.0 - self.beta2_t) as f32);
        let (mut d2, mut p2) = (0.0f64, 0.0f64);
        for k in range {
            let p = params[k];
            let g = grads[k] + l2 * p;
            let step = match self.kind {
                Optimizer::Sgd => lr * g,
                Optimizer::Momentum => {
                    self.m[k] = MOMENTUM * self.m[k] + g;
                    lr * self.m[k]
                }
                Optimizer::Adam => {
                    self.m[k] = BETA1 * self.m[k] + (1.0 - BETA1) * g;
                    self.v[k] = BETA2 * self.v[k] + (1.0 - BETA2) * g * g;
                    lr * (self.m[k] / c1) / ((self.v[k] / c2).sqrt() + ADAM_EPS)
                }
            };
            params[k] = p - step;
            d2 += (step as f64) * (step as f64);
            p2 += (p as f64) * (p as f64);
        }
        (d2, p2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Activation, Loss, Norm};
    use crate::network::{Network, Spec};

    fn one_layer() -> Vec<Layer> {
        let spec = Spec {
            act: Activation::Relu,
            alpha: 0.0,
            norm: Norm::None,
            res: false,
            loss: Loss::Ce,
            sizes: vec![2, 1],
            max_batch: 1,
        };
        Network::new(&spec).layers
    }

    #[test]
    fn sgd_with_decay_on_weights_only() {
        let layers = one_layer(); // W = [0, 1], b = [2]
        let mut p = vec![1.0f32, 2.0, 3.0];
        let g = vec![0.5f32, 0.0, 1.0];
        let mut opt = Optim::new(Optimizer::Sgd, 0.1, 0.5, 3);
        let mut ratio = [0.0f32];
        assert!(opt.update(&mut p, &g, &layers, &mut ratio));
        // w -= 0.1·(g + 0.5·w); b -= 0.1·g.
        assert_eq!(p, [1.0 - 0.1 * 1.0, 2.0 - 0.1 * 1.0, 3.0 - 0.1]);
        let expected = ((0.1f32 * 0.1 + 0.1 * 0.1) / 5.0).sqrt();
        assert!((ratio[0] - expected).abs() < 1e-6);
    }

    #[test]
    fn adam_first_step_is_lr_times_sign() {
        let layers = one_layer();
        let mut p = vec![1.0f32, -1.0, 0.0];
        let g = vec![1e-3f32, -5.0, 2.0];
        let mut opt = Optim::new(Optimizer::Adam, 0.01, 0.0, 3);
        opt.update(&mut p, &g, &layers, &mut [0.0]);
        for (after, before) in p
            .iter()
            .zip([1.0f32, -1.0, 0.0])
            .zip(&g)
            .map(|((a, b), g)| (a - b, g.signum()))
        {
            assert!((after + 0.01 * before).abs() < 1e-5, "{after}");
        }
    }

    #[test]
    fn momentum_accumulates() {
        let layers = one_layer();
        let mut p = vec![0.0f32; 3];
        let g = vec![1.0f32; 3];
        let mut opt = Optim::new(Optimizer::Momentum, 1.0, 0.0, 3);
        opt.update(&mut p, &g, &layers, &mut [0.0]);
        opt.update(&mut p, &g, &layers, &mut [0.0]);
        assert_eq!(p, [-2.9; 3]); // −1, then −(0.9 + 1)
    }

    #[test]
    fn overflow_is_reported() {
        let layers = one_layer();
        let mut p = vec![3e38f32, 0.0, 0.0];
        let g = vec![-3e38f32, 0.0, 0.0];
        let mut opt = Optim::new(Optimizer::Sgd, 10.0, 0.0, 3);
        assert!(!opt.update(&mut p, &g, &layers, &mut [0.0]));
    }
}
