//! Published numbers, reproduced by running the engine (`gradfall reproduce`): each entry
//! names the paper and what it claims, computes ours (from the theory engine or a real
//! network at step 0) and says whether it holds within the stated tolerance.

use serde::Serialize;

use crate::config::{Activation, Config};
use crate::theory::moments::Unit;
use crate::theory::phase::critical_sigma_w2;
use crate::trainer::Trainer;

/// One published number next to ours.
#[derive(Clone, Debug, Serialize)]
pub struct Reproduction {
    pub name: &'static str,
    pub paper: &'static str,
    pub what: &'static str,
    pub paper_value: f64,
    pub ours: f64,
    pub tolerance: f64,
    pub holds: bool,
}

/// One entry of the table: its text and how to compute ours.
pub struct Entry {
    pub name: &'static str,
    pub paper: &'static str,
    pub what: &'static str,
    pub paper_value: f64,
    pub tolerance: f64,
    compute: fn() -> Result<f64, String>,
}

impl Entry {
    /// Compute ours and compare it with the paper's value.
    pub fn run(&self) -> Result<Reproduction, String> {
        let ours = (self.compute)()?;
        Ok(Reproduction {
            name: self.name,
            paper: self.paper,
            what: self.what,
            paper_value: self.paper_value,
            ours,
            tolerance: self.tolerance,
            holds: (ours - self.paper_value).abs() <= self.tolerance,
        })
    }
}

/// Every reproduction, in the order `--all` prints them.
pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "selu-fixed-point-theory",
        paper: "Klambauer et al. 2017, Self-Normalizing Neural Networks (Theorem 1)",
        what: "E[selu(z)²] for z ~ N(0, 1), from the theory engine's quadrature: \
               (mean, variance) = (0, 1) is a fixed point; E[selu(z)] is checked too",
        paper_value: 1.0,
        tolerance: 1e-3,
        compute: selu_fixed_point,
    },
    Entry {
        name: "selu-fixed-point-measured",
        paper: "Klambauer et al. 2017, Self-Normalizing Neural Networks (Theorem 1)",
        what: "activation std of hidden layer 30 in a SELU + LeCun network (width 256) at step 0",
        paper_value: 1.0,
        tolerance: 0.15,
        compute: selu_measured,
    },
    Entry {
        name: "he-variance-kept",
        paper: "He et al. 2015, Delving Deep into Rectifiers (Sec. 2.2, Var[w] = 2/n)",
        what: "ReLU + He, width 256, depth 30, step 0: per-layer factor of the activation \
               variance, (Var h_30 / Var h_1)^(1/29)",
        paper_value: 1.0,
        tolerance: 0.05,
        compute: he_factor,
    },
    Entry {
        name: "xavier-relu-halves",
        paper: "He et al. 2015, Delving Deep into Rectifiers (Sec. 2.2: with Var[w] = 1/n \
                the ReLU signal shrinks by 2 per layer)",
        what: "ReLU + Xavier (normal, Var[w] = 1/n on square layers), width 256, depth 30, step \
               0: per-layer factor of the activation variance, (Var h_30 / Var h_1)^(1/29)",
        paper_value: 0.5,
        tolerance: 0.05,
        compute: xavier_factor,
    },
    Entry {
        name: "relu-exact-zeros",
        paper: "Glorot, Bordes & Bengio 2011, Deep Sparse Rectifier Neural Networks (Sec. 3.1)",
        what: "fraction of exact zeros among ReLU outputs at a symmetric initialisation \
               (ReLU + He, width 256, depth 10, mean over hidden layers, step 0)",
        paper_value: 0.5,
        tolerance: 0.05,
        compute: relu_zeros,
    },
    Entry {
        name: "tanh-critical-line",
        paper: "Schoenholz et al. 2017, Deep Information Propagation (Fig. 1: ξ_c diverges at \
                the critical σ_w² for σ_b² = 0.05; read off the plot, so to about ±0.05)",
        what: "critical σ_w² of tanh at σ_b² = 0.05 (χ₁ = 1), from the theory engine",
        paper_value: 1.76,
        tolerance: 0.05,
        compute: tanh_critical,
    },
];

/// The entry called `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.name == name)
}

fn selu_fixed_point() -> Result<f64, String> {
    let m = Unit::new(Activation::Selu, Activation::Selu.default_alpha(), 0.0).moments(1.0);
    if m.mean.abs() > 1e-3 {
        return Err(format!("E[selu(z)] = {} is not 0", m.mean));
    }
    Ok(m.second)
}

fn step0(query: &str) -> Result<Trainer, String> {
    let parsed = Config::from_query(query);
    if let Some(w) = parsed.warnings.first() {
        return Err(format!("{query}: {w}"));
    }
    Trainer::new(parsed.config).map_err(|e| e.to_string())
}

fn selu_measured() -> Result<f64, String> {
    let t = step0("act=selu&init=lecun&depth=30&width=256&batch=64")?;
    Ok(f64::from(t.stats().layers[29].act_std))
}

/// (Var h_30 / Var h_1)^(1/29) of a depth-30 network: the geometric mean per-layer factor.
fn variance_factor(query: &str) -> Result<f64, String> {
    let t = step0(query)?;
    let var = |i: usize| f64::from(t.stats().layers[i].act_std).powi(2);
    Ok((var(29) / var(0)).powf(1.0 / 29.0))
}

fn he_factor() -> Result<f64, String> {
    variance_factor("act=relu&init=he&depth=30&width=256&batch=64")
}

fn xavier_factor() -> Result<f64, String> {
    variance_factor("act=relu&init=xavier-normal&depth=30&width=256&batch=64")
}

fn relu_zeros() -> Result<f64, String> {
    let t = step0("act=relu&init=he&depth=10&width=256&batch=64")?;
    let hidden = &t.stats().layers[..10];
    Ok(hidden.iter().map(|l| f64::from(l.zero_frac)).sum::<f64>() / 10.0)
}

fn tanh_critical() -> Result<f64, String> {
    critical_sigma_w2(&Unit::new(Activation::Tanh, 0.0, 0.0), 0.05)
        .ok_or_else(|| "tanh has no critical line at σ_b² = 0.05".to_string())
}
