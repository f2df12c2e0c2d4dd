//! The first reproductions: SELU's fixed point (Klambauer et al. 2017), He's variance
//! (He et al. 2015), ReLU's exact zeros (Glorot, Bordes & Bengio 2011).

use super::{per_layer, step0, Entry};
use crate::config::Activation;
use crate::theory::moments::Unit;

const SELU: &str = "act=selu&init=lecun&depth=30&width=256&batch=64&metric=act_std";
const HE: &str = "act=relu&init=he&depth=30&width=256&batch=64&metric=act_std";
const XAVIER: &str = "act=relu&init=xavier-normal&depth=30&width=256&batch=64&metric=act_std";
const ZEROS: &str = "act=relu&init=he&depth=10&width=256&batch=64&view=dead,depth";

pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "selu-fixed-point-theory",
        paper: "Klambauer et al. 2017, Self-Normalizing Neural Networks (Theorem 1)",
        what: "E[selu(z)²] for z ~ N(0, 1), from the theory engine's quadrature: \
               (mean, variance) = (0, 1) is a fixed point; E[selu(z)] is checked too",
        paper_value: 1.0,
        tolerance: 1e-3,
        query: SELU,
        compute: selu_fixed_point,
    },
    Entry {
        name: "selu-fixed-point-measured",
        paper: "Klambauer et al. 2017, Self-Normalizing Neural Networks (Theorem 1)",
        what: "activation std of hidden layer 30 in a SELU + LeCun network (width 256) at step 0",
        paper_value: 1.0,
        tolerance: 0.15,
        query: SELU,
        compute: selu_measured,
    },
    Entry {
        name: "he-variance-kept",
        paper: "He et al. 2015, Delving Deep into Rectifiers (Sec. 2.2, Var[w] = 2/n)",
        what: "ReLU + He, width 256, depth 30, step 0: per-layer factor of the activation \
               variance, (Var h_30 / Var h_1)^(1/29)",
        paper_value: 1.0,
        tolerance: 0.05,
        query: HE,
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
        query: XAVIER,
        compute: xavier_factor,
    },
    Entry {
        name: "relu-exact-zeros",
        paper: "Glorot, Bordes & Bengio 2011, Deep Sparse Rectifier Neural Networks (Sec. 3.1)",
        what: "fraction of exact zeros among ReLU outputs at a symmetric initialisation \
               (ReLU + He, width 256, depth 10, mean over hidden layers, step 0)",
        paper_value: 0.5,
        tolerance: 0.05,
        query: ZEROS,
        compute: relu_zeros,
    },
];

fn selu_fixed_point() -> Result<f64, String> {
    let m = Unit::new(Activation::Selu, Activation::Selu.default_alpha(), 0.0).moments(1.0);
    if m.mean.abs() > 1e-3 {
        return Err(format!("E[selu(z)] = {} is not 0", m.mean));
    }
    Ok(m.second)
}

fn selu_measured() -> Result<f64, String> {
    let t = step0(SELU)?;
    Ok(f64::from(t.stats().layers[29].act_std))
}

/// (Var h_30 / Var h_1)^(1/29) of a depth-30 network: the geometric mean per-layer factor.
fn variance_factor(query: &str) -> Result<f64, String> {
    let t = step0(query)?;
    let var = |i: usize| f64::from(t.stats().layers[i].act_std).powi(2);
    Ok(per_layer(var(29), var(0), 29.0))
}

fn he_factor() -> Result<f64, String> {
    variance_factor(HE)
}

fn xavier_factor() -> Result<f64, String> {
    variance_factor(XAVIER)
}

fn relu_zeros() -> Result<f64, String> {
    let t = step0(ZEROS)?;
    let hidden = &t.stats().layers[..10];
    Ok(hidden.iter().map(|l| f64::from(l.zero_frac)).sum::<f64>() / 10.0)
}
