//! A training step stripped to the work a framework's step does: forward, loss, backward and
//! the optimiser update on one fixed batch — no per-layer statistics, batch loading or test
//! evaluation. The benchmarks (`gradfall bench`, `cargo xtask bench`) time it against
//! TensorFlow.js's `variableGrads` + `sgd` step, so both sides do the same work.

use crate::config::ConfigError;
use crate::network::Network;
use crate::optim::Optim;
use crate::trainer::setup::{self, Start};
use crate::Config;

/// The work tfjs does per step, and no more: forward, loss, backward and the optimiser update
/// on one fixed batch, without the trainer's per-layer statistics, batch loading and test
/// evaluation. Built by the trainer's own setup (same checks, weights, biases, LSUV and first
/// batch), so it trains exactly the trainer's network.
pub struct BareStep {
    net: Network,
    optim: Optim,
    /// Class indices of the fixed batch (the trainer's first batch).
    labels: Vec<u32>,
    /// ‖ΔW‖/‖W‖ per layer: never read here, but the optimiser writes it as part of the
    /// trainer's update, and the bare step times that same update.
    update_ratio: Vec<f32>,
}

impl BareStep {
    /// The bare step of `config`, or why it cannot be trained (as [`crate::Trainer::new`]).
    pub fn try_new(config: &Config) -> Result<BareStep, ConfigError> {
        let Start { net, batches, .. } = setup::start(config, None)?;
        Ok(BareStep {
            optim: Optim::new(config.opt, config.lr, config.l2, net.params.len()),
            labels: batches.labels().to_vec(),
            update_ratio: vec![0.0; net.layers.len()],
            net,
        })
    }

    /// The bare step of a configuration [`crate::Trainer::new`] accepts, as the benchmarks
    /// build the trainer first.
    ///
    /// # Panics
    /// If `Trainer::new(config)` would fail (use [`BareStep::try_new`] otherwise).
    pub fn new(config: &Config) -> BareStep {
        BareStep::try_new(config).unwrap_or_else(|e| panic!("BareStep::new: {e}"))
    }

    /// One step; false once a parameter is no longer finite.
    pub fn step(&mut self) -> bool {
        let finite = self.optim.update(
            &mut self.net.params,
            &self.net.grads,
            &self.net.layers,
            &mut self.update_ratio,
        );
        let n = self.labels.len();
        self.net.forward(n);
        self.net.loss(n, &self.labels);
        self.net.backward(n);
        finite
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trainer::dump;

    /// The bare step starts from the trainer's network: same weights and biases (a bias fill
    /// and LSUV included) and the trainer's first batch.
    #[test]
    fn starts_from_the_trainers_network_and_first_batch() {
        for query in [
            "depth=4&width=8&bias=0.3",
            "depth=4&width=8&init=lsuv&act=tanh",
        ] {
            let config = Config::from_query(query).config;
            let bare = BareStep::new(&config);
            let dump = dump(config).unwrap();
            let net = &bare.net;
            for (l, d) in net.layers.iter().zip(&dump.layers) {
                assert_eq!(net.params[l.w.clone()], d.W.concat()[..], "{query}");
                assert_eq!(net.params[l.b.clone()], d.b[..], "{query}");
            }
            let d = net.n_inputs();
            assert_eq!(
                net.input()[..dump.x.len() * d],
                dump.x.concat()[..],
                "{query}"
            );
            assert_eq!(bare.labels, dump.y, "{query}");
        }
    }

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
