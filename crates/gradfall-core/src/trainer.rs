//! The trainer: builds the network from a [`Config`], steps it, and reports [`Stats`].
//!
//! `Trainer::new` generates the data, initialises the weights (each layer from its own random
//! stream, LSUV rescaling if asked), allocates every buffer, and computes the step-0 statistics:
//! forward and backward on the first batch, no update. Each `step` then applies the update
//! from the current gradients, loads the next minibatch, and runs forward, backward and the
//! statistics again — all in the buffers made by `new`, so stepping allocates nothing.
//!
//! Minibatches come from a fresh shuffle of the training set each epoch (its own random
//! stream); an epoch's last partial batch is skipped. A `batch` larger than the training set is
//! clamped to it ([`Trainer::batch_size`] says what is used).
//!
//! The test accuracy is evaluated at step 0 and every [`TEST_EVERY`] steps, in evaluation
//! mode (batch norm uses its running averages), from buffers made in `new`.
//!
//! A configuration whose buffers (parameters, gradients, optimiser state, the batch's
//! activations, data) would exceed [`MAX_FLOATS`] f32 values (256 MB) is refused by `new` with
//! a message giving the size and the limit: depth 100 × width 1024 needs ~210 M floats even
//! with SGD. The statistics' conventions are documented in [`crate::measure`]; the mean-field
//! `theory` is computed once at initialisation, see `Trainer::mean_field`.

use serde::Serialize;

use crate::config::{Config, ConfigError, Init, Norm};
use crate::data::{self, Data};
use crate::init;
use crate::loss::argmax;
use crate::measure::{empty_row, measure};
use crate::network::{Network, Spec};
use crate::optim::Optim;
use crate::rng::Rng;
use crate::stats::Stats;
use crate::theory;

/// The memory budget: every buffer of a trainer (parameters, gradients, optimiser state,
/// activations of the batch, data) must fit in this many f32 values (256 MB).
pub const MAX_FLOATS: usize = 64 << 20;
/// Steps between evaluations of the test accuracy.
pub const TEST_EVERY: u64 = 50;
/// Rows per chunk when evaluating the test set.
const EVAL_CHUNK: usize = 64;
/// LSUV's tolerance on the pre-activation variance, and its round limit (Mishkin & Matas).
const LSUV_TOLERANCE: f64 = 0.05;
const LSUV_ROUNDS: usize = 10;
/// Random streams of the one seed (the data use `data::DATA_STREAM` = 1): batches, and one
/// per layer for the weights.
const STREAM_BATCHES: u64 = 2;
const STREAM_WEIGHTS: u64 = 1000;

/// A network training on its data set, step by step.
pub struct Trainer {
    config: Config,
    stats: Stats,
    data: Data,
    net: Network,
    optim: Optim,
    /// The minibatch size actually used (the configured one clamped to the training set).
    batch: usize,
    /// Class indices of the current batch.
    y: Vec<u32>,
    /// Training-set order of the current epoch, the next position in it, and the shuffler.
    order: Vec<u32>,
    cursor: usize,
    batch_rng: Rng,
    /// Per layer: ‖ΔW‖/‖W‖ of the last update, √χ, and the predicted `grad_a`.
    update_ratio: Vec<f32>,
    theory: Vec<f32>,
    theory_grad_a: Vec<f32>,
    /// Evaluation scratch: logits and two activation buffers of `EVAL_CHUNK` rows.
    eval_logits: Vec<f32>,
    eval_a: Vec<f32>,
    eval_b: Vec<f32>,
}

/// The decision function on a grid over the 2-D input plane (row-major, y from top).
#[derive(Clone, Debug, Serialize)]
pub struct Boundary {
    pub resolution: usize,
    /// [x_min, x_max, y_min, y_max] in (standardised) input coordinates.
    pub extent: [f32; 4],
    /// Predicted class per grid cell.
    pub class: Vec<u8>,
    /// Probability (softmax) of the predicted class per grid cell.
    pub confidence: Vec<f32>,
}

/// Step-0 state for checking the gradients with any autodiff library (`gradfall dump`).
#[derive(Clone, Debug, Serialize)]
pub struct Dump {
    /// Canonical query of the configuration.
    pub query: String,
    pub activation: String,
    pub alpha: f32,
    /// First batch, `[batch][inputs]`, standardised.
    pub x: Vec<Vec<f32>>,
    /// Class indices of the first batch.
    pub y: Vec<u32>,
    /// Batch-mean loss at step 0.
    pub loss: f32,
    pub layers: Vec<DumpLayer>,
}

/// One layer's parameters and step-0 gradients (of the batch-mean loss).
#[allow(non_snake_case)]
#[derive(Clone, Debug, Serialize)]
pub struct DumpLayer {
    pub layer: usize,
    /// `[fan_out][fan_in]`.
    pub W: Vec<Vec<f32>>,
    pub b: Vec<f32>,
    pub dW: Vec<Vec<f32>>,
    pub db: Vec<f32>,
    /// Whether a residual connection adds the layer's input to its output.
    pub residual: bool,
    /// Normalisation scale and shift (empty without `norm`) and their gradients.
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
    pub dgamma: Vec<f32>,
    pub dbeta: Vec<f32>,
    /// PReLU slope and its gradient (absent for other activations).
    pub slope: Option<f32>,
    pub dslope: Option<f32>,
}

impl Trainer {
    /// Build the network, initialise it, and compute the step-0 statistics on the first batch.
    /// Fails (never panics) when the configuration cannot be trained, e.g. too much memory.
    pub fn new(config: Config) -> Result<Trainer, ConfigError> {
        check_values(&config)?;
        let data = data::generate(config.data, config.noise, config.seed);
        if data.n_train() == 0 || data.n_inputs == 0 || data.n_classes == 0 {
            return Err(ConfigError {
                problems: vec![format!("data set {:?} is empty", config.data)],
            });
        }
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
        check_memory(&config, &spec, &data)?;

        let mut net = Network::new(&spec);
        initialise(&config, &mut net);
        let n_layers = net.layers.len();
        let n_params = net.params.len();
        let widest = net.widest();
        let mut order: Vec<u32> = (0..data.n_train() as u32).collect();
        let mut batch_rng = Rng::new(config.seed, STREAM_BATCHES);
        batch_rng.shuffle(&mut order);
        let mut trainer = Trainer {
            optim: Optim::new(config.opt, config.lr, config.l2, n_params),
            stats: Stats {
                step: 0,
                loss: f32::NAN,
                accuracy: f32::NAN,
                test_accuracy: f32::NAN,
                diverged: None,
                layers: (1..=n_layers).map(empty_row).collect(),
            },
            y: vec![0; batch],
            order,
            cursor: 0,
            batch_rng,
            update_ratio: vec![0.0; n_layers],
            theory: vec![f32::NAN; n_layers],
            theory_grad_a: vec![f32::NAN; n_layers],
            eval_logits: vec![0.0; EVAL_CHUNK * data.n_classes],
            eval_a: vec![0.0; EVAL_CHUNK * widest],
            eval_b: vec![0.0; EVAL_CHUNK * widest],
            config,
            data,
            net,
            batch,
        };
        trainer.next_batch();
        if trainer.config.init == Init::Lsuv {
            trainer.lsuv();
        }
        let sqrt_chi = trainer.mean_field();
        trainer.pass();
        trainer.measure();
        trainer.anchor_theory(sqrt_chi);
        trainer.evaluate_test();
        Ok(trainer)
    }

    /// Apply up to `n` updates (fewer if training diverges). Returns the number applied.
    /// Allocates nothing.
    pub fn step(&mut self, n: usize) -> usize {
        let mut done = 0;
        while done < n && self.stats.diverged.is_none() {
            let finite = self.optim.update(
                &mut self.net.params,
                &self.net.grads,
                &self.net.layers,
                &mut self.update_ratio,
            );
            self.stats.step += 1;
            done += 1;
            self.next_batch();
            self.pass();
            if !finite {
                self.stats.diverged = Some(self.stats.step);
            }
            if self.stats.step.is_multiple_of(TEST_EVERY) {
                self.evaluate_test();
            }
        }
        // Only the last step's statistics can be read, so only they are measured: measuring
        // reads the buffers and changes nothing, so step(10) and ten step(1) agree bit for bit.
        if done > 0 {
            self.measure();
        }
        done
    }

    /// Statistics of the latest step.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The step at which training diverged, if it did.
    pub fn diverged(&self) -> Option<u64> {
        self.stats.diverged
    }

    /// The minibatch size in use: the configured `batch`, clamped to the training set's size.
    pub fn batch_size(&self) -> usize {
        self.batch
    }

    /// The data set being trained on.
    pub fn data(&self) -> &Data {
        &self.data
    }

    /// The decision function for 2-D data sets (`None` for digits). `resolution` is clamped
    /// to 2..=256. The grid covers the training data plus a margin of 10 % on every side;
    /// cells are sampled at their centres.
    pub fn boundary(&self, resolution: usize) -> Option<Boundary> {
        if !self.data.is_2d() {
            return None;
        }
        let res = resolution.clamp(2, 256);
        let extent = self.extent();
        let [x0, x1, y0, y1] = extent;
        let grid: Vec<f32> = (0..res * res)
            .flat_map(|cell| {
                let (r, c) = (cell / res, cell % res);
                let x = x0 + (c as f32 + 0.5) / res as f32 * (x1 - x0);
                let y = y1 - (r as f32 + 0.5) / res as f32 * (y1 - y0);
                [x, y]
            })
            .collect();
        let classes = self.data.n_classes;
        let logits = self.predict(&grid, res * res);
        let mut class = Vec::with_capacity(res * res);
        let mut confidence = Vec::with_capacity(res * res);
        for z in logits.chunks_exact(classes) {
            let k = argmax(z);
            let max = z[k];
            let sum: f32 = z.iter().map(|&v| (v - max).exp()).sum();
            class.push(k as u8);
            confidence.push(if sum.is_finite() && sum > 0.0 {
                1.0 / sum
            } else {
                f32::NAN
            });
        }
        Some(Boundary {
            resolution: res,
            extent,
            class,
            confidence,
        })
    }

    /// Up to `max` training points of a 2-D data set: (x,y pairs flattened, class), spread
    /// evenly over the training set.
    pub fn points(&self, max: usize) -> Option<(Vec<f32>, Vec<u32>)> {
        if !self.data.is_2d() {
            return None;
        }
        let n = self.data.n_train();
        let m = max.min(n);
        let idx = (0..m).map(|k| k * n / m);
        let xy = idx
            .clone()
            .flat_map(|i| [self.data.train_x[2 * i], self.data.train_x[2 * i + 1]])
            .collect();
        let y = idx.map(|i| self.data.train_y[i]).collect();
        Some((xy, y))
    }

    /// Logits of `n` rows of `x` in evaluation mode (allocates; not for the step loop).
    fn predict(&self, x: &[f32], n: usize) -> Vec<f32> {
        let classes = self.data.n_classes;
        let widest = self.net.widest();
        let mut out = vec![0.0; n * classes];
        let (mut s1, mut s2) = (
            vec![0.0; EVAL_CHUNK * widest],
            vec![0.0; EVAL_CHUNK * widest],
        );
        let d = self.data.n_inputs;
        for start in (0..n).step_by(EVAL_CHUNK) {
            let rows = EVAL_CHUNK.min(n - start);
            self.net.forward_eval(
                &x[start * d..],
                rows,
                &mut out[start * classes..],
                &mut s1,
                &mut s2,
            );
        }
        out
    }

    /// [x_min, x_max, y_min, y_max] of the training inputs plus a 10 % margin.
    fn extent(&self) -> [f32; 4] {
        let mut e = [
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ];
        for p in self.data.train_x.chunks_exact(2) {
            e[0] = e[0].min(p[0]);
            e[1] = e[1].max(p[0]);
            e[2] = e[2].min(p[1]);
            e[3] = e[3].max(p[1]);
        }
        let (mx, my) = (0.1 * (e[1] - e[0]).max(1e-3), 0.1 * (e[3] - e[2]).max(1e-3));
        [e[0] - mx, e[1] + mx, e[2] - my, e[3] + my]
    }

    /// Copy the next minibatch into the network's input and `y`, reshuffling at an epoch's end.
    fn next_batch(&mut self) {
        if self.cursor + self.batch > self.order.len() {
            self.batch_rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        let d = self.data.n_inputs;
        let x = self.net.input_mut();
        for (s, &i) in self.order[self.cursor..self.cursor + self.batch]
            .iter()
            .enumerate()
        {
            let i = i as usize;
            x[s * d..(s + 1) * d].copy_from_slice(&self.data.train_x[i * d..(i + 1) * d]);
            self.y[s] = self.data.train_y[i];
        }
        self.cursor += self.batch;
    }

    /// Forward, loss and backward on the current batch; flags divergence.
    fn pass(&mut self) {
        let n = self.batch;
        self.net.forward(n);
        let (loss, correct) = self.net.loss(n, &self.y);
        self.net.backward(n);
        self.stats.loss = if loss.is_finite() { loss } else { f32::NAN };
        self.stats.accuracy = correct as f32 / n as f32;
        let finite = loss.is_finite() && self.net.grads.iter().all(|g| g.is_finite());
        if !finite && self.stats.diverged.is_none() {
            self.stats.diverged = Some(self.stats.step);
        }
    }

    /// The per-layer statistics of the last pass.
    fn measure(&mut self) {
        measure(
            &self.net,
            self.batch,
            &self.update_ratio,
            &self.theory,
            &self.theory_grad_a,
            &mut self.stats,
        );
    }

    /// Test accuracy in evaluation mode, chunk by chunk, in the preallocated buffers.
    fn evaluate_test(&mut self) {
        let n_test = self.data.n_test();
        if n_test == 0 {
            return;
        }
        let (d, classes) = (self.data.n_inputs, self.data.n_classes);
        let mut correct = 0;
        for start in (0..n_test).step_by(EVAL_CHUNK) {
            let rows = EVAL_CHUNK.min(n_test - start);
            self.net.forward_eval(
                &self.data.test_x[start * d..],
                rows,
                &mut self.eval_logits,
                &mut self.eval_a,
                &mut self.eval_b,
            );
            for (s, z) in self.eval_logits[..rows * classes]
                .chunks_exact(classes)
                .enumerate()
            {
                correct += (argmax(z) == self.data.test_y[start + s] as usize) as usize;
            }
        }
        self.stats.test_accuracy = correct as f32 / n_test as f32;
    }

    /// LSUV (Mishkin & Matas 2016): starting from the orthogonal initialisation, rescale each
    /// layer in turn, from the input, until the variance of its pre-activation on the first
    /// batch is within 0.05 of 1 (at most 10 rounds). The output layer included.
    fn lsuv(&mut self) {
        let n = self.batch;
        for i in 0..self.net.layers.len() {
            let w = self.net.layers[i].w.clone();
            let units = self.net.layers[i].fan_out;
            let mut round = 0;
            loop {
                self.net.forward_layer(i, n);
                let var = variance(&self.net.pre_activation(i)[..n * units]);
                if (var - 1.0).abs() < LSUV_TOLERANCE
                    || round == LSUV_ROUNDS
                    || !(var > 1e-20 && var.is_finite())
                {
                    break;
                }
                let scale = (1.0 / var.sqrt()) as f32;
                self.net.params[w.clone()]
                    .iter_mut()
                    .for_each(|v| *v *= scale);
                round += 1;
            }
        }
        self.net.reset_running();
    }

    /// √χ per hidden layer from the mean-field theory ([`theory`]), computed from the
    /// initialisation alone — σ_w² = fan_in·Var[w] of the scheme's formula, or of the realised
    /// weights for LSUV (whose scale is data-driven) — and the constant `bias`. The output
    /// layer's entry is fan_out·Var[w] (n_classes·Var[w]), so that √χ_L is the backward factor
    /// from the output to the last hidden layer. With residual connections the theory's
    /// residual map is used. `None` with a normalisation, where the plain map does not apply.
    fn mean_field(&self) -> Option<Vec<f64>> {
        let c = &self.config;
        if c.norm != Norm::None {
            return None;
        }
        let layers = &self.net.layers;
        let sigma_w2: Vec<f64> = layers
            .iter()
            .map(|l| {
                let fan = if l.hidden { l.fan_in } else { l.fan_out } as f64;
                let var = if c.init == Init::Lsuv {
                    let w = &self.net.params[l.w.clone()];
                    w.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / w.len() as f64
                } else {
                    init::variance(c.init, c.act, c.alpha(), c.gain, l.fan_in, l.fan_out)
                };
                fan * var
            })
            .collect();
        let x = &self.data.train_x;
        let input_q = x.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / x.len() as f64;
        let bias = c.bias as f64;
        let residual: Vec<bool> = layers
            .iter()
            .filter(|l| l.hidden)
            .map(|l| l.residual)
            .collect();
        let field = if residual.contains(&true) {
            theory::mean_field_residual(c.act, c.alpha(), &sigma_w2, &residual, bias, input_q)
        } else {
            theory::mean_field_with_bias(c.act, c.alpha(), &sigma_w2, bias, 0.0, input_q)
        };
        Some(field.sqrt_chi)
    }

    /// Store √χ per hidden layer and the predicted `grad_a`, anchored at the measured step-0
    /// `grad_a` of the last hidden layer: grad_a_L · ∏_{k=l}^{L−1} √χ_k.
    fn anchor_theory(&mut self, sqrt_chi: Option<Vec<f64>>) {
        let Some(sqrt_chi) = sqrt_chi else { return };
        let depth = self.net.layers.len() - 1;
        if depth == 0 || sqrt_chi.len() < depth {
            return;
        }
        let anchor = self.stats.layers[depth - 1].grad_a as f64;
        for i in 0..depth {
            self.theory[i] = sqrt_chi[i] as f32;
            self.theory_grad_a[i] =
                (anchor * sqrt_chi[i..depth - 1].iter().product::<f64>()) as f32;
        }
        for (row, (&t, &g)) in self
            .stats
            .layers
            .iter_mut()
            .zip(self.theory.iter().zip(&self.theory_grad_a))
        {
            row.theory = t;
            row.theory_grad_a = g;
        }
    }

    /// The step-0 dump: parameters, first batch, loss and gradients.
    fn dump(&self) -> Dump {
        let net = &self.net;
        let d = net.n_inputs();
        let rows =
            |v: &[f32], cols: usize| v.chunks_exact(cols).map(|r| r.to_vec()).collect::<Vec<_>>();
        let layers = net
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| DumpLayer {
                layer: i + 1,
                W: rows(&net.params[l.w.clone()], l.fan_in),
                b: net.params[l.b.clone()].to_vec(),
                dW: rows(&net.grads[l.w.clone()], l.fan_in),
                db: net.grads[l.b.clone()].to_vec(),
                residual: l.residual,
                gamma: net.params[l.gamma.clone()].to_vec(),
                beta: net.params[l.beta.clone()].to_vec(),
                dgamma: net.grads[l.gamma.clone()].to_vec(),
                dbeta: net.grads[l.beta.clone()].to_vec(),
                slope: l.slope.map(|s| net.params[s]),
                dslope: l.slope.map(|s| net.grads[s]),
            })
            .collect();
        Dump {
            query: self.config.to_query(),
            activation: self.config.act.as_str().to_string(),
            alpha: self.config.alpha(),
            x: rows(&net.input()[..self.batch * d], d),
            y: self.y.clone(),
            loss: self.stats.loss,
            layers,
        }
    }
}

/// The step-0 dump of a configuration.
pub fn dump(config: Config) -> Result<Dump, ConfigError> {
    Ok(Trainer::new(config)?.dump())
}

/// Initialise every layer: weights by the configured scheme, each layer from its own random
/// stream (so changing the depth does not reshuffle the other layers' weights); biases `bias`.
/// LSUV starts from its orthogonal fill here; the rescaling needs the first batch.
fn initialise(c: &Config, net: &mut Network) {
    for (i, l) in net.layers.iter().enumerate() {
        let mut rng = Rng::new(c.seed, STREAM_WEIGHTS + i as u64);
        init::fill(
            c.init,
            c.act,
            c.alpha(),
            c.gain,
            l.fan_in,
            l.fan_out,
            &mut rng,
            &mut net.params[l.w.clone()],
        );
        net.params[l.b.clone()].fill(c.bias);
    }
}

/// Refuse a config built in code with a value outside its key's range ([`Config::problems`]):
/// the ranges of the key table also keep every size product far from overflowing on wasm32.
fn check_values(c: &Config) -> Result<(), ConfigError> {
    let problems = c.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ConfigError { problems })
    }
}

/// Refuse configurations whose buffers exceed [`MAX_FLOATS`], before allocating them.
fn check_memory(c: &Config, spec: &Spec, data: &Data) -> Result<(), ConfigError> {
    let net = Network::floats_for(spec);
    let optim = Optim::floats_for(c.opt, Network::params_for(spec));
    let data_floats = data.train_x.len() + data.test_x.len() + data.n_train() + data.n_test();
    let widest = spec.sizes.iter().copied().max().unwrap_or(1);
    let eval = EVAL_CHUNK * (2 * widest + data.n_classes);
    let total = net + optim + data_floats + eval;
    if total > MAX_FLOATS {
        let mb = |f: usize| f as f64 * 4.0 / (1 << 20) as f64;
        return Err(ConfigError {
            problems: vec![format!(
                "depth={} width={} batch={} opt={:?} needs {:.1} M floats ({:.0} MB) of buffers, above the limit of {} M floats ({:.0} MB); reduce depth, width or batch, or use a lighter optimiser",
                c.depth,
                c.width,
                spec.max_batch,
                c.opt,
                total as f64 / (1 << 20) as f64,
                mb(total),
                MAX_FLOATS >> 20,
                mb(MAX_FLOATS)
            )],
        });
    }
    Ok(())
}

fn variance(v: &[f32]) -> f64 {
    let n = v.len().max(1) as f64;
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
    v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Activation, Dataset, Optimizer};

    fn small(c: Config) -> Config {
        Config {
            depth: 4,
            width: 16,
            ..c
        }
    }

    #[test]
    fn lsuv_brings_every_pre_activation_variance_to_one() {
        for act in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
            let t = Trainer::new(Config {
                init: Init::Lsuv,
                act,
                depth: 8,
                ..Config::default()
            })
            .unwrap();
            let n = t.batch;
            // Step 0 ran on the same first batch LSUV used.
            for i in 0..t.net.layers.len() {
                let units = t.net.layers[i].fan_out;
                let var = variance(&t.net.pre_activation(i)[..n * units]);
                assert!(
                    (var - 1.0).abs() < LSUV_TOLERANCE,
                    "{act:?} layer {}: Var[a] = {var}",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn step_zero_is_the_first_batch_without_update() {
        let t = Trainer::new(small(Config::default())).unwrap();
        let s = t.stats();
        assert_eq!(s.step, 0);
        assert!(s.layers.iter().all(|l| l.update_ratio == 0.0));
        assert!(s.loss.is_finite() && s.loss > 0.0);
        assert!(s.test_accuracy.is_finite());
        assert_eq!(s.layers.len(), 5);
        assert!(s.layers.iter().enumerate().all(|(i, l)| l.layer == i + 1));
    }

    #[test]
    fn stepping_updates_and_reports() {
        let mut t = Trainer::new(small(Config {
            opt: Optimizer::Adam,
            ..Config::default()
        }))
        .unwrap();
        let w0 = t.net.params.clone();
        assert_eq!(t.step(3), 3);
        assert_eq!(t.stats().step, 3);
        assert_ne!(w0, t.net.params);
        assert!(t
            .stats()
            .layers
            .iter()
            .all(|l| l.update_ratio > 0.0 && l.update_ratio.is_finite()));
        // Histograms count every entry of the batch × units.
        let l = &t.stats().layers[0];
        assert_eq!(l.hist_a.iter().sum::<u32>() as usize, t.batch * 16);
        assert_eq!(l.hist_grad.iter().sum::<u32>() as usize, t.batch * 16);
    }

    #[test]
    fn training_learns_the_spiral() {
        let mut t = Trainer::new(Config {
            opt: Optimizer::Adam,
            ..Config::default()
        })
        .unwrap();
        let first = t.stats().loss;
        t.step(500);
        let s = t.stats();
        assert!(s.loss < 0.5 * first, "loss {first} → {}", s.loss);
        assert!(s.test_accuracy > 0.8, "test accuracy {}", s.test_accuracy);
    }

    #[test]
    fn prelu_slope_is_reported_and_learned() {
        let mut t = Trainer::new(small(Config {
            act: Activation::Prelu,
            lr: 0.1,
            ..Config::default()
        }))
        .unwrap();
        assert!(t.stats().layers[..4].iter().all(|l| l.slope == 0.25));
        assert!(t.stats().layers[4].slope.is_nan());
        t.step(20);
        assert!(t.stats().layers[..4].iter().any(|l| l.slope != 0.25));
    }

    #[test]
    fn batch_norm_evaluates_with_running_averages() {
        let mut t = Trainer::new(small(Config {
            norm: Norm::Batch,
            ..Config::default()
        }))
        .unwrap();
        t.step(TEST_EVERY as usize);
        assert!(t.stats().test_accuracy.is_finite());
        let b = t.boundary(16).unwrap();
        assert!(b.confidence.iter().all(|c| c.is_finite()));
    }

    #[test]
    fn boundary_and_points_for_2d_data_only() {
        let t = Trainer::new(small(Config::default())).unwrap();
        let b = t.boundary(1000).unwrap();
        assert_eq!(b.resolution, 256);
        assert_eq!(b.class.len(), 256 * 256);
        assert!(b.class.iter().all(|&k| (k as usize) < t.data.n_classes));
        let classes = t.data.n_classes as f32;
        assert!(b
            .confidence
            .iter()
            .all(|&c| c >= 1.0 / classes - 1e-6 && c <= 1.0));
        let [x0, x1, y0, y1] = b.extent;
        assert!(x0 < x1 && y0 < y1);
        let (xy, y) = t.points(100).unwrap();
        assert_eq!((xy.len(), y.len()), (200, 100));
        assert!(xy
            .chunks(2)
            .all(|p| p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1));
        // The points are spread over the classes, not the first 100 of one.
        assert!((0..t.data.n_classes as u32).all(|k| y.contains(&k)));

        let digits = Trainer::new(small(Config {
            data: Dataset::Digits,
            ..Config::default()
        }))
        .unwrap();
        assert!(digits.boundary(32).is_none());
        assert!(digits.points(10).is_none());
    }

    #[test]
    fn boundary_agrees_with_the_training_forward_pass() {
        // Layer norm has no running averages, so evaluation equals training mode exactly.
        let t = Trainer::new(small(Config {
            norm: Norm::Layer,
            ..Config::default()
        }))
        .unwrap();
        let x = &t.net.input()[..2 * t.batch];
        let logits = t.predict(x, t.batch);
        for (a, b) in logits.iter().zip(t.net.output(t.net.layers.len() - 1)) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
    }

    #[test]
    fn memory_estimate_covers_the_network() {
        let c = Config {
            depth: 3,
            width: 8,
            opt: Optimizer::Adam,
            ..Config::default()
        };
        let t = Trainer::new(c).unwrap();
        assert!(t.net.allocated_floats() + 2 * t.net.params.len() < MAX_FLOATS);
        // The largest default-range config that fits: depth 100, width 512, SGD.
        assert!(Trainer::new(Config {
            depth: 100,
            width: 512,
            ..Config::default()
        })
        .is_ok());
    }
}
