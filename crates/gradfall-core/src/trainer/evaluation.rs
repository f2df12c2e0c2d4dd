//! Evaluation mode (batch norm uses its running averages): the test accuracy, and the
//! decision function over the input plane for the 2-D data sets.

use serde::Serialize;

use crate::data::Data;
use crate::loss::argmax;
use crate::math;
use crate::network::{EvalScratch, Network};

/// Rows per chunk when evaluating.
const EVAL_CHUNK: usize = 64;

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

/// The buffers of the test-set evaluation, made once so that evaluating allocates nothing.
pub(crate) struct Evaluator {
    logits: Vec<f32>,
    scratch: EvalScratch,
}

impl Evaluator {
    pub(crate) fn new(net: &Network) -> Evaluator {
        Evaluator {
            logits: vec![0.0; EVAL_CHUNK * net.n_outputs()],
            scratch: net.eval_scratch(EVAL_CHUNK),
        }
    }

    /// The f32 values an evaluator of a network allocates (for the memory budget).
    pub(crate) fn floats_for(widest: usize, classes: usize) -> usize {
        EVAL_CHUNK * classes + EvalScratch::floats_for(EVAL_CHUNK, widest)
    }

    /// The fraction of the test set `net` classifies correctly, chunk by chunk; `None`
    /// without a test set.
    pub(crate) fn test_accuracy(&mut self, net: &Network, data: &Data) -> Option<f32> {
        let n_test = data.n_test();
        if n_test == 0 {
            return None;
        }
        let (d, classes) = (data.n_inputs, data.n_classes);
        let mut correct = 0;
        for start in (0..n_test).step_by(EVAL_CHUNK) {
            let rows = EVAL_CHUNK.min(n_test - start);
            net.forward_eval(
                &data.test_x[start * d..],
                rows,
                &mut self.logits,
                &mut self.scratch,
            );
            for (s, z) in self.logits[..rows * classes]
                .chunks_exact(classes)
                .enumerate()
            {
                correct += (argmax(z) == data.test_y[start + s] as usize) as usize;
            }
        }
        Some(correct as f32 / n_test as f32)
    }
}

/// The decision function of `net` for a 2-D data set (`None` for digits). `resolution` is
/// clamped to 2..=256. The grid covers the training data plus a margin of 10 % on every side;
/// cells are sampled at their centres.
pub(crate) fn boundary(net: &Network, data: &Data, resolution: usize) -> Option<Boundary> {
    if !data.is_2d() {
        return None;
    }
    let res = resolution.clamp(2, 256);
    let extent = extent(data);
    let [x0, x1, y0, y1] = extent;
    let grid: Vec<f32> = (0..res * res)
        .flat_map(|cell| {
            let (r, c) = (cell / res, cell % res);
            let x = x0 + (c as f32 + 0.5) / res as f32 * (x1 - x0);
            let y = y1 - (r as f32 + 0.5) / res as f32 * (y1 - y0);
            [x, y]
        })
        .collect();
    let logits = predict(net, &grid, res * res);
    let mut class = Vec::with_capacity(res * res);
    let mut confidence = Vec::with_capacity(res * res);
    for z in logits.chunks_exact(data.n_classes) {
        let k = argmax(z);
        let max = z[k];
        let sum: f32 = z.iter().map(|&v| math::exp(v - max)).sum();
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

/// Up to `max` training points of a 2-D data set: (x,y pairs flattened, class), spread evenly
/// over the training set.
pub(crate) fn points(data: &Data, max: usize) -> Option<(Vec<f32>, Vec<u32>)> {
    if !data.is_2d() {
        return None;
    }
    let n = data.n_train();
    let m = max.min(n);
    let idx = (0..m).map(|k| k * n / m);
    let xy = idx
        .clone()
        .flat_map(|i| [data.train_x[2 * i], data.train_x[2 * i + 1]])
        .collect();
    let y = idx.map(|i| data.train_y[i]).collect();
    Some((xy, y))
}

/// Logits of `n` rows of `x` in evaluation mode (allocates; not for the step loop).
pub(crate) fn predict(net: &Network, x: &[f32], n: usize) -> Vec<f32> {
    let (d, classes) = (net.n_inputs(), net.n_outputs());
    let mut out = vec![0.0; n * classes];
    let mut scratch = net.eval_scratch(EVAL_CHUNK);
    for start in (0..n).step_by(EVAL_CHUNK) {
        let rows = EVAL_CHUNK.min(n - start);
        net.forward_eval(
            &x[start * d..],
            rows,
            &mut out[start * classes..],
            &mut scratch,
        );
    }
    out
}

/// [x_min, x_max, y_min, y_max] of the training inputs plus a 10 % margin.
fn extent(data: &Data) -> [f32; 4] {
    let mut e = [
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ];
    for p in data.train_x.chunks_exact(2) {
        e[0] = e[0].min(p[0]);
        e[1] = e[1].max(p[0]);
        e[2] = e[2].min(p[1]);
        e[3] = e[3].max(p[1]);
    }
    let (mx, my) = (0.1 * (e[1] - e[0]).max(1e-3), 0.1 * (e[3] - e[2]).max(1e-3));
    [e[0] - mx, e[1] + mx, e[2] - my, e[3] + my]
}
