//! Schoenholz, Gilmer, Ganguli & Sohl-Dickstein 2017, "Deep Information Propagation" (ICLR):
//! the order-to-chaos line of tanh networks and the correlation depth scale ξ_c, which
//! diverges on it (the paper's introduction says so in words; its plots use σ_b² = 0.05).
//!
//! Where the paper plots the line, the number is read off the figure, so the tolerance says
//! so. The figure's number could not be checked against the paper's text here, so the
//! citation names the section and the claim, not a figure.

use super::Entry;
use crate::config::Activation;
use crate::theory::moments::Unit;
use crate::theory::phase::{analyse, critical_sigma_w2};

/// tanh at σ_w² ≈ 1.761 (Xavier's n·Var[W] = 1 on square layers, gain² = 1.761) and
/// σ_b² = 0.05 (bstd = √0.05): on the critical line.
const CRITICAL: &str = "act=tanh&init=xavier-normal&gain=1.327&bstd=0.2236&depth=30&width=256";

/// σ_b² of the paper's plots.
const SIGMA_B2: f64 = 0.05;

pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "tanh-critical-line",
        paper: "Schoenholz et al. 2017, Deep Information Propagation (Sec. 3: the \
                order-to-chaos line of tanh, where ξ_c diverges, plotted at σ_b² = 0.05; read \
                off the plot, so to about ±0.05; figure number not verified here)",
        what: "critical σ_w² of tanh at σ_b² = 0.05 (χ₁ = 1), from the theory engine",
        paper_value: 1.76,
        tolerance: 0.05,
        query: CRITICAL,
        compute: tanh_critical,
    },
    Entry {
        name: "tanh-xi-c-diverges",
        paper: "Schoenholz et al. 2017, Deep Information Propagation (Sec. 1 and 3: the \
                correlation depth scale ξ_c diverges at the boundary between order and chaos)",
        what: "1/ξ_c of tanh at σ_b² = 0.05 and the engine's critical σ_w², from the theory \
               engine's correlation map (0 means ξ_c is infinite; 6ξ_c, the trainable depth, \
               then has no limit)",
        paper_value: 0.0,
        tolerance: 1e-3,
        query: CRITICAL,
        compute: inverse_xi_c_at_criticality,
    },
];

fn tanh_unit() -> Unit {
    Unit::new(Activation::Tanh, 0.0, 0.0)
}

fn tanh_critical() -> Result<f64, String> {
    critical_sigma_w2(&tanh_unit(), SIGMA_B2)
        .ok_or_else(|| "tanh has no critical line at σ_b² = 0.05".to_string())
}

fn inverse_xi_c_at_criticality() -> Result<f64, String> {
    let sigma_w2 = tanh_critical()?;
    Ok(match analyse(&tanh_unit(), sigma_w2, SIGMA_B2).xi_c {
        Some(xi) => 1.0 / xi,
        None => 0.0,
    })
}
