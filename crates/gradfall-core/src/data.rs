//! Data sets (the `data` key): seeded 2-D generators, the UCI optical digits, and your own
//! CSV file.
//!
//! [`generate`] draws the raw set ([`shapes`] or [`digits`]); [`from_table`] takes a parsed
//! CSV file ([`csv`]). Both then split it 80/20 into train and
//! test per class (so both splits keep the class proportions), shuffles each split, and
//! standardises every feature with the mean and standard deviation of the *training*
//! split (the same transform is applied to the test split). A feature that is constant on
//! the training split (digits' corner pixels) maps to 0 everywhere, never NaN.
//!
//! All randomness comes from `Rng::new(seed, DATA_STREAM)`, a stream of its own, so the
//! data do not change when the model or batch order draws more or fewer numbers.

pub mod csv;
pub mod digits;
pub mod shapes;

use crate::config::Dataset;
use crate::rng::Rng;

/// The RNG stream reserved for data generation and the split.
pub const DATA_STREAM: u64 = 1;

/// Fraction of each class that goes to the training split (rounded to nearest).
pub const TRAIN_FRACTION: f64 = 0.8;

/// A generated data set, inputs standardised (zero mean, unit variance per feature over the
/// training split), with a fixed train/test split per seed.
#[derive(Clone, Debug)]
pub struct Data {
    pub n_inputs: usize,
    pub n_classes: usize,
    /// `[n_train][n_inputs]` row-major.
    pub train_x: Vec<f32>,
    pub train_y: Vec<u32>,
    pub test_x: Vec<f32>,
    pub test_y: Vec<u32>,
    /// Per-feature mean of the raw training inputs (what standardisation subtracted).
    pub mean: Vec<f32>,
    /// Per-feature standard deviation (population) of the raw training inputs; 0 marks a
    /// feature that is constant on the training split and is mapped to 0.
    pub std: Vec<f32>,
}

impl Data {
    pub fn n_train(&self) -> usize {
        self.train_y.len()
    }
    pub fn n_test(&self) -> usize {
        self.test_y.len()
    }

    /// True for the 2-D sets, whose points and decision boundary the page can draw.
    pub fn is_2d(&self) -> bool {
        self.n_inputs == 2
    }

    /// The raw (generator-frame) value of standardised value `z` of `feature`.
    pub fn to_raw(&self, feature: usize, z: f32) -> f32 {
        self.mean[feature] + z * self.std[feature]
    }

    /// The standardised value of raw value `raw` of `feature` (0 for a constant feature).
    pub fn to_standard(&self, feature: usize, raw: f32) -> f32 {
        let std = self.std[feature];
        if std > 0.0 {
            (raw - self.mean[feature]) / std
        } else {
            0.0
        }
    }
}

/// A data set before splitting and standardisation; rows grouped in any order.
#[derive(Clone, Debug, PartialEq)]
pub struct Raw {
    pub n_inputs: usize,
    pub n_classes: usize,
    /// `[n][n_inputs]` row-major.
    pub x: Vec<f32>,
    pub y: Vec<u32>,
}

/// Generate `data` with `noise` from `seed`. Deterministic.
///
/// `noise` is clamped to [0, 1] (NaN counts as 0) and only affects the 2-D sets; see
/// [`shapes`] for what it means for each. `digits` ignores it. `csv` has no generator: it
/// gives an empty set (train a file with [`from_table`]).
pub fn generate(data: Dataset, noise: f32, seed: u64) -> Data {
    let mut rng = Rng::new(seed, DATA_STREAM);
    let noise = if noise.is_nan() {
        0.0
    } else {
        noise.clamp(0.0, 1.0)
    };
    let raw = match data {
        Dataset::Digits => digits::raw(),
        Dataset::Csv => Raw {
            n_inputs: 0,
            n_classes: 0,
            x: Vec::new(),
            y: Vec::new(),
        },
        set => shapes::generate(set, noise, &mut rng),
    };
    split_and_standardise(&raw, &mut rng)
}

/// A parsed CSV file split and standardised exactly as the built-in sets are, the split
/// drawn from `seed`'s data stream. Deterministic.
pub fn from_table(table: &csv::Table, seed: u64) -> Data {
    split_and_standardise(&table.raw, &mut Rng::new(seed, DATA_STREAM))
}

/// The stratified 80/20 split of `raw`, shuffled, standardised with the training moments.
fn split_and_standardise(raw: &Raw, rng: &mut Rng) -> Data {
    let (train, test) = stratified_split(&raw.y, raw.n_classes, rng);
    let d = raw.n_inputs;
    let gather = |rows: &[usize]| -> (Vec<f32>, Vec<u32>) {
        let mut x = Vec::with_capacity(rows.len() * d);
        for &r in rows {
            x.extend_from_slice(&raw.x[r * d..(r + 1) * d]);
        }
        (x, rows.iter().map(|&r| raw.y[r]).collect())
    };
    let (mut train_x, train_y) = gather(&train);
    let (mut test_x, test_y) = gather(&test);
    let (mean, std) = moments(&train_x, d);
    standardise(&mut train_x, &mean, &std);
    standardise(&mut test_x, &mean, &std);
    Data {
        n_inputs: d,
        n_classes: raw.n_classes,
        train_x,
        train_y,
        test_x,
        test_y,
        mean,
        std,
    }
}

/// Row indices of the train and test splits: each class split `TRAIN_FRACTION` / rest
/// after a shuffle, then each split shuffled so classes are interleaved.
fn stratified_split(labels: &[u32], n_classes: usize, rng: &mut Rng) -> (Vec<usize>, Vec<usize>) {
    let mut train = Vec::with_capacity(labels.len());
    let mut test = Vec::with_capacity(labels.len());
    for class in 0..n_classes as u32 {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&r| labels[r] == class).collect();
        rng.shuffle(&mut rows);
        let n_train = (rows.len() as f64 * TRAIN_FRACTION).round() as usize;
        train.extend_from_slice(&rows[..n_train]);
        test.extend_from_slice(&rows[n_train..]);
    }
    rng.shuffle(&mut train);
    rng.shuffle(&mut test);
    (train, test)
}

/// Per-feature mean and population standard deviation of `[n][d]` rows, accumulated in
/// f64. A feature whose variance is negligible against its scale gets std 0.
fn moments(x: &[f32], d: usize) -> (Vec<f32>, Vec<f32>) {
    if d == 0 {
        return (Vec::new(), Vec::new());
    }
    let n = (x.len() / d.max(1)).max(1) as f64;
    let mut mean = vec![0.0f64; d];
    for row in x.chunks_exact(d) {
        for (m, &v) in mean.iter_mut().zip(row) {
            *m += v as f64;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n);
    let mut var = vec![0.0f64; d];
    for row in x.chunks_exact(d) {
        for ((s, &v), &m) in var.iter_mut().zip(row).zip(&mean) {
            *s += (v as f64 - m).powi(2);
        }
    }
    let std = var
        .iter()
        .zip(&mean)
        .map(|(&s, &m)| {
            let v = s / n;
            if v > 1e-12 * (1.0 + m * m) {
                v.sqrt() as f32
            } else {
                0.0
            }
        })
        .collect();
    (mean.iter().map(|&m| m as f32).collect(), std)
}

/// Map every row to `(x − mean) / std`, or 0 where std is 0.
fn standardise(x: &mut [f32], mean: &[f32], std: &[f32]) {
    if mean.is_empty() {
        return;
    }
    for row in x.chunks_exact_mut(mean.len()) {
        for ((v, &m), &s) in row.iter_mut().zip(mean).zip(std) {
            *v = if s > 0.0 { (*v - m) / s } else { 0.0 };
        }
    }
}

#[cfg(test)]
mod tests;
