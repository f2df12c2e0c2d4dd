//! The phase-diagram quantities of one configuration ([`Summary::of`]) and, for a phase
//! diagram, the critical line and ξ_c over a grid of (σ_w², σ_b²) ([`PhaseGrid::of`]): what
//! `gradfall theory` prints and what a view of the plane would draw.

use serde::Serialize;

use super::moments::Unit;
use super::phase::{analyse, critical_line, critical_sigma_w2, grid};
use crate::config::{Config, Norm};
use crate::init;

/// Schoenholz et al. (2017) trained networks up to about this many times ξ_c.
pub const TRAINABLE_DEPTH_PER_XI_C: f64 = 6.0;

/// The mean-field quantities of a configuration's hidden layers. `None` (JSON `null`) stands
/// for "none" or "infinite", and for everything when the theory does not apply.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// fan_in·Var[w] of a hidden→hidden layer (`gain`² × the scheme's variance × width).
    pub sigma_w2: f64,
    /// `bstd`².
    pub sigma_b2: f64,
    pub q_star: Option<f64>,
    pub chi1: Option<f64>,
    pub xi_q: Option<f64>,
    pub xi_c: Option<f64>,
    /// The correlation map's stable fixed point (1 in the ordered phase).
    pub c_star: Option<f64>,
    /// χ₁ = 1 at this σ_w², for this σ_b².
    pub critical_sigma_w2: Option<f64>,
    /// 6 ξ_c, against which to read `depth`.
    pub trainable_depth: Option<f64>,
    /// Why the numbers are null, when the theory does not apply.
    pub note: Option<String>,
}

impl Summary {
    /// The summary of `config`: its activation, `alpha`, `bias` (the pre-activations' mean),
    /// σ_w² of its hidden layers and σ_b² = `bstd`².
    pub fn of(config: &Config) -> Summary {
        let (sigma_w2, sigma_b2, unit) = plane_point(config);
        let mut summary = Summary {
            sigma_w2,
            sigma_b2,
            q_star: None,
            chi1: None,
            xi_q: None,
            xi_c: None,
            c_star: None,
            critical_sigma_w2: None,
            trainable_depth: None,
            note: None,
        };
        if let Some(note) = not_applicable(config) {
            summary.note = Some(note.to_string());
            return summary;
        }
        let p = analyse(&unit, sigma_w2, sigma_b2);
        summary.q_star = p.q_star;
        summary.chi1 = Some(p.chi1);
        summary.xi_q = p.xi_q;
        summary.xi_c = p.xi_c;
        summary.c_star = Some(p.c_star).filter(|c| c.is_finite());
        summary.critical_sigma_w2 = critical_sigma_w2(&unit, sigma_b2);
        summary.trainable_depth = p.xi_c.map(|xi| TRAINABLE_DEPTH_PER_XI_C * xi);
        summary
    }
}

/// σ_w² of a configuration's hidden layers (fan_in·Var[w], `gain`² × the scheme's variance ×
/// width): where the configuration sits on the plane's horizontal axis.
pub fn sigma_w2(config: &Config) -> f64 {
    plane_point(config).0
}

/// (σ_w², σ_b², the unit) of a configuration's hidden layers.
fn plane_point(c: &Config) -> (f64, f64, Unit) {
    let width = c.width.max(1);
    let var = init::variance(c.init, c.act, c.alpha(), c.gain, width, width);
    let bstd = c.bstd as f64;
    (
        width as f64 * var,
        bstd * bstd,
        Unit::new(c.act, c.alpha(), c.bias as f64),
    )
}

/// Why the plain mean-field map does not describe this configuration, if it does not.
pub fn not_applicable(c: &Config) -> Option<&'static str> {
    match c.norm {
        Norm::None => None,
        Norm::Batch | Norm::Layer => Some(
            "with a normalisation every pre-activation is rescaled to unit variance, so σ_w² drops \
             out of the forward map and there is no critical line in the (σ_w², σ_b²) plane; batch \
             norm's own mean-field theory (Yang et al. 2019) predicts gradients that explode with \
             depth at initialisation whatever σ_w² (not computed here)",
        ),
    }
}

/// The phase diagram of a configuration's activation: ξ_c over a grid and the critical line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseGrid {
    /// The grid's axes.
    pub sigma_w2: Vec<f64>,
    pub sigma_b2: Vec<f64>,
    /// ξ_c per cell, `xi_c[i][j]` at (sigma_w2[j], sigma_b2[i]); null where infinite.
    pub xi_c: Vec<Vec<Option<f64>>>,
    /// The critical σ_w² for each σ_b² of the grid (null where there is none in range).
    pub critical_line: Vec<CriticalPoint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CriticalPoint {
    pub sigma_b2: f64,
    pub sigma_w2: Option<f64>,
}

/// The plane's default extent: σ_w² in (0, 4], σ_b² in [0, 0.5] (the region of Poole et al.'s
/// and Schoenholz et al.'s diagrams, with ReLU's critical σ_w² = 2 in the middle).
pub const PLANE: (f64, f64) = (4.0, 0.5);

impl PhaseGrid {
    /// `resolution` × `resolution` cells (clamped to 2..=64) for the configuration's
    /// activation, `alpha` and `bias`; `None` where the theory does not apply.
    pub fn of(config: &Config, resolution: usize) -> Option<PhaseGrid> {
        let (sigma_w2, sigma_b2) = PhaseGrid::axes(resolution);
        let rows: Vec<PhaseRow> = (0..sigma_b2.len())
            .map(|i| PhaseRow::of(config, resolution, i))
            .collect::<Option<_>>()?;
        Some(PhaseGrid {
            sigma_w2,
            sigma_b2,
            xi_c: rows.iter().map(|r| r.xi_c.clone()).collect(),
            critical_line: rows.iter().map(|r| r.critical).collect(),
        })
    }

    /// The grid's axes at `resolution` (clamped to 2..=64): σ_w² = 4·j/n for j = 1..n, σ_b² =
    /// 0.5·i/(n − 1) for i = 0..n−1 (see [`PLANE`]).
    pub fn axes(resolution: usize) -> (Vec<f64>, Vec<f64>) {
        let n = resolution.clamp(2, 64);
        let sigma_w2 = (1..=n).map(|j| PLANE.0 * j as f64 / n as f64).collect();
        let sigma_b2 = (0..n)
            .map(|i| PLANE.1 * i as f64 / (n - 1) as f64)
            .collect();
        (sigma_w2, sigma_b2)
    }
}

/// One row of a [`PhaseGrid`] (one σ_b²): what a page computes a row at a time, so the
/// diagram fills in while the rest is computed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseRow {
    /// ξ_c at each σ_w² of the grid, null where infinite.
    pub xi_c: Vec<Option<f64>>,
    pub critical: CriticalPoint,
}

impl PhaseRow {
    /// Row `row` of `PhaseGrid::of(config, resolution)`, the same numbers; `None` where the
    /// theory does not apply or the row is outside the grid.
    pub fn of(config: &Config, resolution: usize, row: usize) -> Option<PhaseRow> {
        if not_applicable(config).is_some() {
            return None;
        }
        let (sigma_w2, sigma_b2) = PhaseGrid::axes(resolution);
        let b = *sigma_b2.get(row)?;
        let (_, _, unit) = plane_point(config);
        let xi_c = grid(&unit, &sigma_w2, &[b])
            .into_iter()
            .map(|p| p.xi_c)
            .collect();
        let (sigma_b2, sigma_w2) = critical_line(&unit, &[b])[0];
        Some(PhaseRow {
            xi_c,
            critical: CriticalPoint { sigma_b2, sigma_w2 },
        })
    }
}
