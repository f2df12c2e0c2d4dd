//! What the trainer reports after every step: one row per layer. The field names are those of
//! the page, the CLI's JSON and CSV, and the exported statistics; how each is measured is
//! documented in [`crate::measure`].

use serde::Serialize;

/// Bins of every histogram.
pub const HIST_BINS: usize = 40;
/// Range of the pre-activation histogram `hist_a`; values outside land in the edge bins.
pub const HIST_A_RANGE: (f32, f32) = (-5.0, 5.0);
/// Range of the `hist_grad` histogram of log10 |∂loss_i/∂a_l|; exact zeros and values below
/// the range land in bin 0.
pub const HIST_GRAD_RANGE: (f32, f32) = (-10.0, 2.0);

/// Statistics of one layer (1..=L hidden, L+1 the output layer).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerStats {
    /// 1-based layer number, counted from the input.
    pub layer: usize,
    /// RMS over batch × units of ∂loss_i/∂a_l (per-sample loss).
    pub grad_a: f32,
    /// Frobenius norm of ∂loss/∂W_l (batch-mean loss).
    pub grad_w: f32,
    /// Euclidean norm of ∂loss/∂b_l.
    pub grad_b: f32,
    /// Frobenius norm of W_l.
    pub w_norm: f32,
    /// ‖ΔW_l‖ / ‖W_l‖ of the last update (0 at step 0).
    pub update_ratio: f32,
    /// Mean and standard deviation of h_l over batch × units.
    pub act_mean: f32,
    pub act_std: f32,
    /// Fraction of entries of h_l exactly 0.
    pub zero_frac: f32,
    /// Fraction of units with f'(a_l) = 0 for every sample of the batch.
    pub dead_frac: f32,
    /// Fraction of entries with |f'(a_l)| < 5 % of max |f'|.
    pub sat_frac: f32,
    /// Mean-field factor at initialisation: the predicted `theory_grad_a` of this layer over
    /// that of the next (for the last hidden layer, √χ through the output layer); NaN where
    /// the theory does not apply (normalisation, the output layer).
    pub theory: f32,
    /// Mean-field prediction of this layer's `grad_a` at initialisation, per example (each
    /// example follows the variance map from its own input) and anchored at each example's
    /// measured step-0 gradient at the last hidden layer: √(mean_s g_s²·∏_{k=l}^{L−1} χ_k(s)).
    pub theory_grad_a: f32,
    /// Mean-field prediction of `act_std` at initialisation, from the inputs alone.
    pub theory_act_std: f32,
    /// PReLU's learned slope for this layer (NaN for other activations).
    pub slope: f32,
    /// Fraction of units with f'(a_l) = 0 on every example of the whole training set; measured
    /// every [`crate::dead_units::DEAD_EVERY`] steps, `None` at other steps.
    pub dead_data_frac: Option<f32>,
    /// Units dead on the whole training set at the previous measurement and alive now;
    /// `None` at steps without a measurement.
    pub revived: Option<u32>,
    /// Histogram of a_l over batch × units, `HIST_BINS` bins over `HIST_A_RANGE`.
    pub hist_a: Vec<u32>,
    /// Histogram of log10 |∂loss_i/∂a_l|, `HIST_BINS` bins over `HIST_GRAD_RANGE`.
    pub hist_grad: Vec<u32>,
}

impl LayerStats {
    /// The value of `metric`, one of the depth profile's metrics
    /// ([`crate::experiment::METRICS`]); `None` for any other name.
    pub fn metric(&self, metric: &str) -> Option<f32> {
        match metric {
            "grad_a" => Some(self.grad_a),
            "grad_w" => Some(self.grad_w),
            "update_ratio" => Some(self.update_ratio),
            "act_std" => Some(self.act_std),
            _ => None,
        }
    }
}

/// Statistics of one step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Number of updates applied so far; 0 = at initialisation on the first batch.
    pub step: u64,
    /// Batch-mean loss.
    pub loss: f32,
    /// Accuracy on the batch.
    pub accuracy: f32,
    /// Accuracy on the held-out test split (recomputed every so often; NaN until then).
    pub test_accuracy: f32,
    /// The step at which a non-finite value was met; training stops there.
    pub diverged: Option<u64>,
    pub layers: Vec<LayerStats>,
}

/// The per-layer scalars of [`LayerStats`] in declaration order (`layer` and the histograms
/// aside): the columns of `gradfall train --format csv` and of the page's exports. The page
/// reads this list through the wasm export `names()`; the test below fails when a field is
/// added to [`LayerStats`] and not here.
pub const LAYER_FIELDS: &[&str] = &[
    "grad_a",
    "grad_w",
    "grad_b",
    "w_norm",
    "update_ratio",
    "act_mean",
    "act_std",
    "zero_frac",
    "dead_frac",
    "sat_frac",
    "theory",
    "theory_grad_a",
    "theory_act_std",
    "slope",
    "dead_data_frac",
    "revived",
];

/// Fields of [`LayerStats`] that are not per-layer scalars.
pub const LAYER_NON_SCALARS: &[&str] = &["layer", "hist_a", "hist_grad"];

#[cfg(test)]
mod tests {
    use super::*;

    fn blank_row() -> LayerStats {
        LayerStats {
            layer: 1,
            grad_a: 0.0,
            grad_w: 0.0,
            grad_b: 0.0,
            w_norm: 0.0,
            update_ratio: 0.0,
            act_mean: 0.0,
            act_std: 0.0,
            zero_frac: 0.0,
            dead_frac: 0.0,
            sat_frac: 0.0,
            theory: 0.0,
            theory_grad_a: 0.0,
            theory_act_std: 0.0,
            slope: 0.0,
            dead_data_frac: None,
            revived: None,
            hist_a: Vec::new(),
            hist_grad: Vec::new(),
        }
    }

    #[test]
    fn layer_fields_are_every_scalar_of_layer_stats_in_order() {
        let row = blank_row();
        // serde_json keeps declaration order (no `preserve_order` needed for a struct).
        let json = serde_json::to_string(&row).unwrap();
        let names: Vec<&str> = json
            .split(&[',', '{'][..])
            .filter_map(|pair| pair.strip_prefix('"')?.split('"').next())
            .collect();
        let scalars: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !LAYER_NON_SCALARS.contains(n))
            .collect();
        assert_eq!(scalars, LAYER_FIELDS);
        assert_eq!(names.len(), LAYER_FIELDS.len() + LAYER_NON_SCALARS.len());
    }

    #[test]
    fn every_profile_metric_names_a_field() {
        let row = LayerStats {
            grad_a: 1.0,
            grad_w: 2.0,
            update_ratio: 3.0,
            act_std: 4.0,
            ..blank_row()
        };
        let values: Vec<Option<f32>> = crate::experiment::METRICS
            .iter()
            .map(|m| row.metric(m))
            .collect();
        assert_eq!(values, [Some(1.0), Some(2.0), Some(3.0), Some(4.0)]);
        assert_eq!(row.metric("dead_frac"), None);
    }
}
