//! Lu, Shin, Su & Karniadakis 2019, "Dying ReLU and Initialization: Theory and Numerical
//! Examples" (Commun. Comput. Phys. 28, 2020): with weights and biases drawn from symmetric
//! distributions, a deep ReLU network is "born dead" — a constant function at
//! initialisation — with a probability that tends to 1 as the depth grows (their abstract).
//!
//! Their theorem's exact bound (and its number) could not be checked against the paper's text
//! here, so this entry does not quote it. What we compare instead is a probability derived
//! here in their setting, and exact: for one input x ≠ 0, zero biases and independent weights
//! from a symmetric continuous distribution, each layer's N pre-activations are independent
//! and each is negative with probability ½ whenever the layer below is not all zero; an
//! all-zero layer stays all zero above. So a given input reaches the last of L hidden layers
//! as all zeros with probability 1 − (1 − 2⁻ᴺ)ᴸ. A network born dead is dead for every input,
//! so this is also an upper bound on their "born dead" probability. Ours is a Monte Carlo
//! estimate over seeds: real networks built by the trainer, the first example of the first
//! batch.

use super::{config, Entry};
use crate::trainer::Trainer;

/// Width N and depth L of the entry.
const WIDTH: usize = 3;
const DEPTH: usize = 10;
/// Networks drawn: the standard error is √(p(1 − p)/SEEDS) ≈ 0.022 at p ≈ 0.74.
const SEEDS: u64 = 400;

const QUERY: &str = "act=relu&init=he&width=3&depth=10&batch=8&view=dead,depth";

/// The deep, narrow network of the second entry, and how many seeds it draws.
const DEEP: &str = "act=relu&init=he&width=2&depth=40&batch=8&view=dead,depth";
const DEEP_SEEDS: u64 = 200;

pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "relu-born-dead",
        paper: "Lu, Shin, Su & Karniadakis 2019, Dying ReLU and Initialization: Theory and \
            Numerical Examples (abstract: symmetric initialisation, born dead in probability \
            as the depth grows; their theorem's bound not quoted, not verified here)",
        what:
            "ReLU + He, zero biases, width N = 3, depth L = 10: probability that the last hidden \
           layer is all zero for a given input, 1 − (1 − 2⁻ᴺ)ᴸ (derived here, an upper bound \
           on being born dead), against the fraction over seeds 1–400 of real networks whose \
           first example is dead",
        paper_value: 0.736_924_423_836_171_6,
        tolerance: 0.07,
        query: QUERY,
        compute: born_dead_fraction,
    },
    Entry {
        name: "relu-born-dead-deep",
        paper: "Lu, Shin, Su & Karniadakis 2019, Dying ReLU and Initialization: Theory and \
            Numerical Examples (abstract: a deep ReLU network with symmetric initialisation \
            dies in probability as the depth goes to infinity)",
        what:
            "ReLU + He, zero biases, width 2, depth 40: fraction of seeds 1–200 born dead on the \
           whole training set (some hidden layer has every unit at f′ = 0 on every example, \
           so the network is constant on the data); the paper's limit is 1",
        paper_value: 1.0,
        tolerance: 0.05,
        query: DEEP,
        compute: deep_born_dead_fraction,
    },
];

/// 1 − (1 − 2⁻ᴺ)ᴸ: a given input reaches hidden layer L of a width-N ReLU net as all zeros.
pub fn one_input_dead_probability(width: usize, depth: usize) -> f64 {
    let alive = 1.0 - 0.5f64.powi(width as i32);
    1.0 - alive.powi(depth as i32)
}

/// Whether the first example of the first batch leaves `trainer`'s last hidden layer all zero.
pub fn dead_for_one_input(trainer: &Trainer) -> bool {
    let net = trainer.network();
    let last = net.layers.iter().take_while(|l| l.hidden).count() - 1;
    let width = net.layers[last].fan_out;
    net.activation_input(last)[..width]
        .iter()
        .all(|&a| a <= 0.0)
}

/// Whether some hidden layer of `trainer` is dead on the whole training set at step 0 (every
/// unit at f′ = 0 on every example): the network is then constant on the data.
pub fn dead_on_the_data(trainer: &Trainer) -> bool {
    let stats = trainer.stats();
    let hidden = stats.layers.len() - 1;
    stats.layers[..hidden]
        .iter()
        .any(|l| l.dead_data_frac == Some(1.0))
}

fn deep_born_dead_fraction() -> Result<f64, String> {
    let base = config(DEEP)?;
    let mut dead = 0u64;
    for seed in 1..=DEEP_SEEDS {
        let mut c = base.clone();
        c.seed = seed;
        let trainer = Trainer::new(c).map_err(|e| e.to_string())?;
        dead += u64::from(dead_on_the_data(&trainer));
    }
    Ok(dead as f64 / DEEP_SEEDS as f64)
}

fn born_dead_fraction() -> Result<f64, String> {
    let base = config(QUERY)?;
    if (base.width, base.depth) != (WIDTH, DEPTH) {
        return Err(format!("{QUERY}: not width {WIDTH}, depth {DEPTH}"));
    }
    let mut dead = 0u64;
    for seed in 1..=SEEDS {
        let mut c = base.clone();
        c.seed = seed;
        let trainer = Trainer::new(c).map_err(|e| e.to_string())?;
        dead += u64::from(dead_for_one_input(&trainer));
    }
    Ok(dead as f64 / SEEDS as f64)
}
