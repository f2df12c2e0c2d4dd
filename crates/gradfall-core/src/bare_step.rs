//! A training step stripped to the work a framework's step does: forward, loss, backward and
//! the optimiser update on one fixed batch — no per-layer statistics, batch loading or test
//! evaluation. The benchmarks (`gradfall bench`, `cargo xtask bench`) time it against
//! TensorFlow.js's `variableGrads` + `sgd` step, so both sides do the same work.

use crate::network::{Network, Spec};
use crate::optim::Optim;
use crate::rng::Rng;
use crate::{data, init, Config};

/// The work tfjs does per step, and no more: forward, loss, backward and the optimiser update
/// on one fixed batch, without the trainer's per-layer statistics, batch loading and test
/// evaluation. Built from the same configuration and initialisation as the trainer.
pub struct BareStep {
    net: Network,
    optim: Optim,
    y: Vec<u32>,
    update_ratio: Vec<f32>,
    batch: usize,
}

impl BareStep {
    pub fn new(config: &Config) -> BareStep {
        let data = data::generate(config.data, config.noise, config.seed);
        let batch = config.batch.min(data.n_train());
        let mut sizes = vec![data.n_inputs];
        sizes.extend(std::iter::repeat_n(config.width, config.depth));
        sizes.push(data.n_classes);
        let spec = Spec {
            act: config.act,
            alpha: config.alpha(),
            norm: config.norm,
            res: config.res,
            loss: config.loss,
            sizes,
            max_batch: batch,
        };
        let mut net = Network::new(&spec);
        for (i, l) in net.layers.iter().enumerate() {
            let mut rng = Rng::new(config.seed, 1000 + i as u64);
            init::fill(
                config.init,
                config.act,
                config.alpha(),
                config.gain,
                l.fan_in,
                l.fan_out,
                &mut rng,
                &mut net.params[l.w.clone()],
            );
        }
        let inputs = batch * data.n_inputs;
        net.input_mut()[..inputs].copy_from_slice(&data.train_x[..inputs]);
        let optim = Optim::new(config.opt, config.lr, config.l2, net.params.len());
        let update_ratio = vec![0.0; net.layers.len()];
        BareStep {
            net,
            optim,
            y: data.train_y[..batch].to_vec(),
            update_ratio,
            batch,
        }
    }

    /// One step; false once a parameter is no longer finite.
    pub fn step(&mut self) -> bool {
        let finite = self.optim.update(
            &mut self.net.params,
            &self.net.grads,
            &self.net.layers,
            &mut self.update_ratio,
        );
        self.net.forward(self.batch);
        self.net.loss(self.batch, &self.y);
        self.net.backward(self.batch);
        finite
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_stay_finite_then_report_divergence() {
        let mut sane = BareStep::new(&Config::default());
        assert!(
            (0..20).all(|_| sane.step()),
            "the default configuration stays finite"
        );

        let wild = Config {
            lr: 1000.0,
            loss: crate::Loss::Mse,
            ..Config::default()
        };
        let mut wild = BareStep::new(&wild);
        assert!(
            (0..50).any(|_| !wild.step()),
            "lr=1000 must overflow within 50 steps"
        );
    }
}
