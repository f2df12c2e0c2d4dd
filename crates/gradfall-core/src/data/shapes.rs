//! The five 2-D toy sets, in the spirit of TensorFlow Playground and cs231n.
//!
//! Every clean set is drawn in the frame [-1, 1]²; `noise` (0..1) then adds independent
//! Gaussian noise N(0, (noise · `noise_std(set)`)²) to each coordinate, so noise moves
//! points (the label stays the one of the class that generated the point), exactly
//! like TF Playground's "noise" slider blurs the picture. The per-set scales are chosen so
//! that `noise = 1` is about TF Playground's maximum (50 %): the classes overlap visibly but
//! the shape is still recognisable.
//!
//! | set       | classes | clean shape                                          | σ at noise 1 |
//! |-----------|---------|------------------------------------------------------|--------------|
//! | `spiral`  | 3       | 3 arms (cs231n), r ∈ (0, 1], one full turn per arm    | 0.10         |
//! | `xor`     | 2       | uniform in the quadrants, 0.06 away from the axes    | 0.30         |
//! | `circles` | 2       | disc r < 0.5 inside a ring 0.7 < r < 1 (TF radii)     | 0.30         |
//! | `gauss`   | 2       | N(±(0.4, 0.4), 0.15²) per coordinate                  | 0.30         |
//! | `checker` | 2       | 4 × 4 checkerboard on [-1, 1]², cells 0.5 wide        | 0.15         |
//!
//! The spiral has 3 arms rather than TF's 2 because softmax over three classes is the
//! classic cs231n benchmark for a small MLP and makes the decision boundary richer.
//! Arms lie 1/3 apart radially, so σ = 0.1 at noise 1 blurs them without erasing them.
//! The checkerboard's cells are narrower than the other gaps, hence its smaller σ.
//!
//! Classes are exactly balanced: every class gets `POINTS / classes` points.

use std::f32::consts::TAU;

use super::Raw;
use crate::config::Dataset;
use crate::math;
use crate::rng::Rng;

/// Points per 2-D set (before the split), rounded down to a multiple of the class count.
pub const POINTS: usize = 1000;

/// Distance kept between XOR points and the axes (TF Playground's 0.3 of its radius 5).
const XOR_MARGIN: f32 = 0.06;
/// Inner disc radius and outer ring radii of `circles` (TF Playground's 0.5 and 0.7 of 1).
const CIRCLE_INNER: f32 = 0.5;
const CIRCLE_RING: f32 = 0.7;
/// Centre offset and spread of the two `gauss` blobs.
const GAUSS_CENTRE: f32 = 0.4;
const GAUSS_SPREAD: f32 = 0.15;
/// Cells per side of the checkerboard.
const CHECKER_CELLS: u32 = 4;
/// Turns each spiral arm makes from the centre to r = 1.
const SPIRAL_TURNS: f32 = 1.0;

/// Number of classes of a 2-D set.
pub fn classes(set: Dataset) -> usize {
    match set {
        Dataset::Spiral => 3,
        _ => 2,
    }
}

/// Standard deviation of the coordinate noise at `noise = 1` (see the table above).
pub fn noise_std(set: Dataset) -> f32 {
    match set {
        Dataset::Spiral => 0.10,
        Dataset::Checker => 0.15,
        _ => 0.30,
    }
}

/// Draw the raw (unstandardised) 2-D set; points are grouped by class, in generation order.
/// `noise` must already be clamped to [0, 1]. `set` must not be `Digits`.
pub(super) fn generate(set: Dataset, noise: f32, rng: &mut Rng) -> Raw {
    let n_classes = classes(set);
    let per_class = POINTS / n_classes;
    let sigma = noise * noise_std(set);
    let mut x = Vec::with_capacity(2 * per_class * n_classes);
    let mut y = Vec::with_capacity(per_class * n_classes);
    for class in 0..n_classes {
        for i in 0..per_class {
            let (px, py) = match set {
                Dataset::Spiral => spiral(class, n_classes, (i + 1) as f32 / per_class as f32),
                Dataset::Xor => xor(class, rng),
                Dataset::Circles => circles(class, rng),
                Dataset::Gauss => gauss(class, rng),
                Dataset::Checker | Dataset::Digits | Dataset::Csv => checker(class, rng),
            };
            x.push(px + sigma * rng.normal() as f32);
            x.push(py + sigma * rng.normal() as f32);
            y.push(class as u32);
        }
    }
    Raw {
        n_inputs: 2,
        n_classes,
        x,
        y,
    }
}

/// Point at fraction `t` ∈ (0, 1] along arm `class`: radius t, angle rotating one turn,
/// arms evenly spaced by 1/`arms` of a turn.
fn spiral(class: usize, arms: usize, t: f32) -> (f32, f32) {
    let angle = TAU * (class as f32 / arms as f32 + SPIRAL_TURNS * t);
    (t * math::cos(angle), t * math::sin(angle))
}

/// Class 0 in the quadrants where x·y > 0, class 1 where x·y < 0.
fn xor(class: usize, rng: &mut Rng) -> (f32, f32) {
    let sx = if rng.below(2) == 0 { 1.0 } else { -1.0 };
    let sy = if class == 0 { sx } else { -sx };
    let x = rng.range(XOR_MARGIN, 1.0);
    let y = rng.range(XOR_MARGIN, 1.0);
    (sx * x, sy * y)
}

/// Class 0 inside the disc, class 1 in the ring; radius uniform like TF Playground.
fn circles(class: usize, rng: &mut Rng) -> (f32, f32) {
    let r = if class == 0 {
        rng.range(0.0, CIRCLE_INNER)
    } else {
        rng.range(CIRCLE_RING, 1.0)
    };
    let angle = rng.range(0.0, TAU);
    (r * math::cos(angle), r * math::sin(angle))
}

/// Class 0 around (+c, +c), class 1 around (−c, −c).
fn gauss(class: usize, rng: &mut Rng) -> (f32, f32) {
    let c = if class == 0 {
        GAUSS_CENTRE
    } else {
        -GAUSS_CENTRE
    };
    let x = c + GAUSS_SPREAD * rng.normal() as f32;
    let y = c + GAUSS_SPREAD * rng.normal() as f32;
    (x, y)
}

/// A uniform point in one of the cells of colour `class` (cell (i, j) has colour (i+j) mod 2).
fn checker(class: usize, rng: &mut Rng) -> (f32, f32) {
    let i = rng.below(CHECKER_CELLS);
    // Half the cells of each row have each colour: pick the k-th cell of the right parity.
    let k = rng.below(CHECKER_CELLS / 2);
    let j = 2 * k + (i + class as u32) % 2;
    let cell = 2.0 / CHECKER_CELLS as f32;
    let x = -1.0 + cell * (i as f32 + rng.uniform());
    let y = -1.0 + cell * (j as f32 + rng.uniform());
    (x, y)
}

/// The colour of the checkerboard cell holding (x, y) (for tests).
#[cfg(test)]
pub(super) fn checker_class(x: f32, y: f32) -> u32 {
    let cell = 2.0 / CHECKER_CELLS as f32;
    let i = ((x + 1.0) / cell).floor() as i64;
    let j = ((y + 1.0) / cell).floor() as i64;
    (i + j).rem_euclid(2) as u32
}
