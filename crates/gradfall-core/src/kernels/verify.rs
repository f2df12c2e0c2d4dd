//! Checking a GEMM against a naive f64 reference, shared by the native tests (beside this file)
//! and the wasm tests (`gradfall-wasm/tests/kernels.rs`), so both builds are held to one rule.
//!
//! The tolerance is the classical bound for a dot product summed in any order in f32
//! (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1): each entry of the computed
//! C satisfies `|ĉ − c| ≤ γ_{k+1} · (|c₀| + Σ_p |a_ip|·|b_pj|)` with `γ_n = n·u / (1 − n·u)`,
//! `u = 2⁻²⁴`; k products summed plus one add of the old C with `accumulate`. (A fused
//! multiply-add rounds less, so the bound holds for it too.) The reference itself is exact to
//! ~k·2⁻⁵³, far below it. The bound is a worst case, not a statistical guess: a correct kernel
//! cannot fail it, and a wrong index or a missed edge (errors of order |c|) cannot pass it.

pub use super::GemmFn;
use super::Shape;
use crate::rng::Rng;

/// Values past the m·n entries of C, which a kernel must leave alone.
const GUARD: usize = 7;
const GUARD_VALUE: f32 = 12345.0;

/// A seeded matrix with entries uniform in [−1, 1).
pub fn random_matrix(len: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed, 0x6e_6d);
    (0..len).map(|_| 2.0 * rng.uniform() - 1.0).collect()
}

/// Runs `gemm` on seeded data of the given size and checks every entry of C against the f64
/// reference within the bound above, that the guard past C is untouched, and (without
/// `accumulate`) that C was not read: it starts as NaN.
pub fn check(
    gemm: GemmFn,
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    accumulate: bool,
    seed: u64,
) -> Result<(), String> {
    let a = random_matrix(m * k, seed);
    let b = random_matrix(k * n, seed + 1);
    let c0 = if accumulate {
        random_matrix(m * n, seed + 2)
    } else {
        vec![f32::NAN; m * n]
    };
    let mut c = c0.clone();
    c.extend([GUARD_VALUE; GUARD]);
    gemm(shape, m, k, n, &a, &b, &mut c, accumulate);

    let what = || format!("{shape:?} m={m} k={k} n={n} accumulate={accumulate}");
    if c[m * n..].iter().any(|&g| g != GUARD_VALUE) {
        return Err(format!("{}: wrote past the end of C", what()));
    }
    let u = 2f64.powi(-24);
    let gamma = (k + 1) as f64 * u / (1.0 - (k + 1) as f64 * u);
    for i in 0..m {
        for j in 0..n {
            let (mut exact, mut magnitude) = (0.0f64, 0.0f64);
            for p in 0..k {
                let (av, bv) = match shape {
                    Shape::AB => (a[i * k + p], b[p * n + j]),
                    Shape::ABt => (a[i * k + p], b[j * k + p]),
                    Shape::AtB => (a[p * m + i], b[p * n + j]),
                };
                exact += av as f64 * bv as f64;
                magnitude += (av as f64 * bv as f64).abs();
            }
            if accumulate {
                exact += c0[i * n + j] as f64;
                magnitude += (c0[i * n + j] as f64).abs();
            }
            let got = c[i * n + j] as f64;
            let bound = gamma * magnitude;
            // Written so that a NaN fails too.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            if !((got - exact).abs() <= bound) {
                return Err(format!(
                    "{}: C[{i}][{j}] = {got}, expected {exact} ± {bound:e}",
                    what()
                ));
            }
        }
    }
    Ok(())
}

/// Sizes covering every remainder of the register tiles (MR ∈ {4, 6, 12}, NR ∈ {4, 8, 16}) and
/// the small cases, for a sampled cube over 1…67.
pub const SMALL_DIMS: [usize; 26] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 23, 31, 32, 33, 47, 63, 64, 65, 66, 67,
];

/// Sizes that cross the cache blocks (MC = 96, KC = 256, NC = 240) with ragged remainders.
pub const BLOCK_CROSSING: [(usize, usize, usize); 4] =
    [(97, 257, 241), (193, 300, 250), (5, 513, 3), (200, 70, 490)];

/// The products the trainer makes for batch × width layers: (shape, m, k, n).
pub fn training_shapes() -> Vec<(Shape, usize, usize, usize)> {
    let mut shapes = Vec::new();
    for batch in [64, 256] {
        for width in [32, 64, 128, 256, 512] {
            shapes.push((Shape::ABt, batch, width, width)); // forward   a = x·Wᵀ
            shapes.push((Shape::AB, batch, width, width)); // backward  δx = δa·W
            shapes.push((Shape::AtB, width, batch, width)); // gradient  ∂W = δaᵀ·x
        }
    }
    shapes
}

/// Every size the checks below run: the sampled cube, the full diagonal 1…67 and every m, n, k
/// alone over 1…67, and the block-crossing sizes, for each shape; then the training shapes.
fn cases() -> Vec<(Shape, usize, usize, usize)> {
    let mut cases = Vec::new();
    for shape in [Shape::AB, Shape::ABt, Shape::AtB] {
        for &m in &SMALL_DIMS {
            for &k in &SMALL_DIMS {
                for &n in &SMALL_DIMS {
                    cases.push((shape, m, k, n));
                }
            }
        }
        for d in 1..=67 {
            cases.extend([
                (shape, d, d, d),
                (shape, d, 19, 37),
                (shape, 21, 19, d),
                (shape, 13, d, 29),
            ]);
        }
        cases.extend(BLOCK_CROSSING.map(|(m, k, n)| (shape, m, k, n)));
    }
    cases.extend(training_shapes());
    cases
}

/// The seed of one case's operands.
fn seed(m: usize, k: usize, n: usize) -> u64 {
    (m * 10_007 + k * 101 + n) as u64
}

/// Every check above for one GEMM, on every size of [`cases`] in both `accumulate` modes, plus
/// k = 0. Returns the number of products checked, or the first failure.
pub fn check_all(gemm: GemmFn) -> Result<usize, String> {
    let mut count = 0;
    for (shape, m, k, n) in cases() {
        for accumulate in [false, true] {
            check(gemm, shape, m, k, n, accumulate, seed(m, k, n))?;
            count += 1;
        }
    }
    for shape in [Shape::AB, Shape::ABt, Shape::AtB] {
        // k = 0: C is zeroed, or left as it was.
        let mut c = vec![f32::NAN; 6];
        gemm(shape, 2, 0, 3, &[], &[], &mut c, false);
        if c.iter().any(|&v| v != 0.0) {
            return Err(format!("{shape:?} k=0 did not zero C: {c:?}"));
        }
        let mut c = vec![3.0; 6];
        gemm(shape, 2, 0, 3, &[], &[], &mut c, true);
        if c.iter().any(|&v| v != 3.0) {
            return Err(format!("{shape:?} k=0 accumulate changed C: {c:?}"));
        }
    }
    Ok(count)
}

/// The determinism rule (see [`super`]): `gemm` gives exactly the bits of `reference` (the
/// scalar kernel) on every size of [`cases`], both `accumulate` modes, and on operands with
/// values of very different magnitudes (where a different order or a fused multiply-add
/// would show in the last bits). Returns the number of products compared, or the first
/// difference.
pub fn check_same_bits(gemm: GemmFn, reference: GemmFn) -> Result<usize, String> {
    let mut count = 0;
    for (shape, m, k, n) in cases() {
        for accumulate in [false, true] {
            let s = seed(m, k, n);
            // Spread the magnitudes over 2^±12 so rounding differences cannot cancel out.
            let spread = |v: Vec<f32>| -> Vec<f32> {
                v.iter()
                    .enumerate()
                    .map(|(i, x)| x * f32::powi(2.0, (i * 7 % 25) as i32 - 12))
                    .collect()
            };
            let a = spread(random_matrix(m * k, s));
            let b = spread(random_matrix(k * n, s + 1));
            let c0 = random_matrix(m * n, s + 2);
            let (mut got, mut want) = (c0.clone(), c0);
            gemm(shape, m, k, n, &a, &b, &mut got, accumulate);
            reference(shape, m, k, n, &a, &b, &mut want, accumulate);
            if let Some(i) = (0..m * n).find(|&i| got[i].to_bits() != want[i].to_bits()) {
                return Err(format!(
                    "{shape:?} m={m} k={k} n={n} accumulate={accumulate}: C[{}][{}] = {:e} \
                     ({:#010x}), the reference gives {:e} ({:#010x})",
                    i / n,
                    i % n,
                    got[i],
                    got[i].to_bits(),
                    want[i],
                    want[i].to_bits()
                ));
            }
            count += 1;
        }
    }
    Ok(count)
}
