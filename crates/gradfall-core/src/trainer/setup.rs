//! Building a trainable network from a [`Config`]: checking it, generating the data, sizing
//! and initialising the network, and loading the first batch (LSUV calibrates on it). The
//! trainer and the benchmark's bare step both start here, so they train the same network.

use super::batches::Batches;
use super::evaluation::Evaluator;
use crate::config::{Config, ConfigError, Dataset, Init};
use crate::data::{self, Data};
use crate::init;
use crate::network::{Network, Spec};
use crate::optim::Optim;
use crate::rng::Rng;

/// The memory budget: every buffer of a trainer (parameters, gradients, optimiser state,
/// activations of the batch, data) must fit in this many f32 values (256 MB).
pub const MAX_FLOATS: usize = 64 << 20;
/// LSUV's tolerance on the pre-activation variance, and its round limit (Mishkin & Matas).
pub(super) const LSUV_TOLERANCE: f64 = 0.05;
const LSUV_ROUNDS: usize = 10;
/// The random streams of the weights: layer `i` draws from stream `STREAM_WEIGHTS + i`.
const STREAM_WEIGHTS: u64 = 1000;

/// A network ready for its first step: initialised, with its data and its first batch loaded.
pub(crate) struct Start {
    pub data: Data,
    pub net: Network,
    pub batches: Batches,
}

/// Checks `config`, generates its data (or splits `table`, a CSV file's), builds and
/// initialises the network (LSUV included) and loads the first batch into it. Fails (never
/// panics) when the configuration cannot be trained: a value outside its range, an empty data
/// set (`data=csv` without a file, digits not loaded), or more than [`MAX_FLOATS`].
pub(crate) fn start(
    config: &Config,
    table: Option<&data::csv::Table>,
) -> Result<Start, ConfigError> {
    let problems = config.problems();
    if !problems.is_empty() {
        // The key table's ranges also keep every size product far from overflowing on wasm32.
        return Err(ConfigError { problems });
    }
    let missing = match (table, config.data) {
        (None, Dataset::Csv) => {
            Some("data=csv needs the file: load one on the page, or pass --data-file FILE")
        }
        (None, Dataset::Digits) if data::digits::loaded().is_none() => {
            Some("the digits are not loaded (data::digits::provide)")
        }
        _ => None,
    };
    if let Some(why) = missing {
        return Err(ConfigError {
            problems: vec![why.to_string()],
        });
    }
    let data = match table {
        Some(table) => data::from_table(table, config.seed),
        None => data::generate(config.data, config.noise, config.seed),
    };
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
    check_memory(config, &spec, &data)?;

    let mut net = Network::new(&spec);
    initialise(config, &mut net);
    let mut batches = Batches::new(&data, batch, config.seed);
    batches.next(&data, net.input_mut());
    if config.init == Init::Lsuv {
        lsuv(&mut net, batch);
    }
    Ok(Start { data, net, batches })
}

/// Initialise every layer: weights by the configured scheme, each layer from its own random
/// stream (so changing the depth does not reshuffle the other layers' weights); biases `bias`,
/// plus N(0, `bstd`²) drawn from the layer's stream after its weights when `bstd` > 0 (so
/// `bstd=0` leaves every other number as it was). LSUV starts from its orthogonal fill here;
/// the rescaling needs the first batch.
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
        if c.bstd > 0.0 {
            for b in &mut net.params[l.b.clone()] {
                *b += (c.bstd as f64 * rng.normal()) as f32;
            }
        }
    }
}

/// LSUV (Mishkin & Matas 2016): starting from the orthogonal initialisation, rescale each
/// layer in turn, from the input, until the variance of its pre-activation on the first
/// batch (`n` rows, already in the network's input) is within 0.05 of 1 (at most 10 rounds).
/// The output layer included.
fn lsuv(net: &mut Network, n: usize) {
    for i in 0..net.layers.len() {
        let w = net.layers[i].w.clone();
        let units = net.layers[i].fan_out;
        let mut round = 0;
        loop {
            net.forward_layer(i, n);
            let var = variance(&net.pre_activation(i)[..n * units]);
            if (var - 1.0).abs() < LSUV_TOLERANCE
                || round == LSUV_ROUNDS
                || !(var > 1e-20 && var.is_finite())
            {
                break;
            }
            let scale = (1.0 / var.sqrt()) as f32;
            net.params[w.clone()].iter_mut().for_each(|v| *v *= scale);
            round += 1;
        }
    }
    net.reset_running();
}

/// Refuse configurations whose buffers exceed [`MAX_FLOATS`], before allocating them.
fn check_memory(c: &Config, spec: &Spec, data: &Data) -> Result<(), ConfigError> {
    let net = Network::floats_for(spec);
    let optim = Optim::floats_for(c.opt, Network::params_for(spec));
    let data_floats = data.train_x.len() + data.test_x.len() + data.n_train() + data.n_test();
    let widest = spec.sizes.iter().copied().max().unwrap_or(1);
    let eval = Evaluator::floats_for(widest, data.n_classes);
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

/// The population variance of `v`, in f64.
pub(super) fn variance(v: &[f32]) -> f64 {
    let n = v.len().max(1) as f64;
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
    v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n
}
