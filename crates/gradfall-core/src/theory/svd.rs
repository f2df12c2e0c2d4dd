//! Singular value decomposition by one-sided Jacobi rotations (Hestenes 1958), in f64.
//!
//! Hand-written rather than a linear-algebra crate because the matrices are small (a hidden
//! layer's width, at most [`MAX_SIDE`]), the method is short, and it uses only `+ − × ÷` and
//! `sqrt` (correctly rounded everywhere) in a fixed order: the same bits natively and in
//! WebAssembly, as the numeric rules ask, with no dependency.
//!
//! The method orthogonalises the columns of `A` by plane rotations applied on the right,
//! `A·V = U·Σ`; each rotation zeroes the inner product of one pair of columns. Sweeps over
//! all pairs repeat until no pair is further from orthogonal than [`TOLERANCE`] relative to
//! its norms; the singular values are then the column norms.

/// The largest side of a matrix [`svd`] accepts (its cost grows as the cube).
pub const MAX_SIDE: usize = 1024;
/// A pair of columns counts as orthogonal when |uₚ·u_q| ≤ TOLERANCE·‖uₚ‖‖u_q‖.
const TOLERANCE: f64 = 1e-15;
/// Sweeps before giving up (Jacobi converges quadratically: a few tens suffice in practice).
const MAX_SWEEPS: usize = 60;

/// `A = U·diag(s)·Vᵀ` for an `m × n` matrix with m ≥ n: `u` is `m × n` with orthonormal
/// columns (where s > 0), `v` is `n × n` orthogonal, `s` is descending. Row-major.
#[derive(Clone, Debug)]
pub struct Svd {
    pub rows: usize,
    pub cols: usize,
    pub u: Vec<f64>,
    pub s: Vec<f64>,
    pub v: Vec<f64>,
}

/// The SVD of the `rows × cols` row-major matrix `a` (rows ≥ cols). Errors on a shape that
/// does not fit, on more than [`MAX_SIDE`] columns, or on a value that is not finite.
pub fn svd(a: &[f64], rows: usize, cols: usize) -> Result<Svd, String> {
    if a.len() != rows * cols || rows < cols || cols == 0 {
        return Err(format!(
            "svd needs a rows × cols matrix with rows ≥ cols ≥ 1, got {rows} × {cols} with {} values",
            a.len()
        ));
    }
    if cols > MAX_SIDE {
        return Err(format!("svd takes at most {MAX_SIDE} columns, got {cols}"));
    }
    if a.iter().any(|v| !v.is_finite()) {
        return Err("the matrix holds a value that is not finite".to_string());
    }
    // Work on columns: column j of A is `w[j*rows..(j+1)*rows]`, so rotations touch
    // contiguous memory.
    let mut w = vec![0.0; rows * cols];
    for i in 0..rows {
        for j in 0..cols {
            w[j * rows + i] = a[i * cols + j];
        }
    }
    let mut vt = vec![0.0; cols * cols]; // column j of V at vt[j*cols..]
    for j in 0..cols {
        vt[j * cols + j] = 1.0;
    }
    for _ in 0..MAX_SWEEPS {
        let mut rotated = false;
        for p in 0..cols {
            for q in p + 1..cols {
                if let Some((c, s)) = rotation(&w, rows, p, q) {
                    apply(&mut w, rows, p, q, c, s);
                    apply(&mut vt, cols, p, q, c, s);
                    rotated = true;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut order: Vec<(f64, usize)> = (0..cols)
        .map(|j| {
            (
                dot(&w[j * rows..(j + 1) * rows], &w[j * rows..(j + 1) * rows]).sqrt(),
                j,
            )
        })
        .collect();
    order.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut out = Svd {
        rows,
        cols,
        u: vec![0.0; rows * cols],
        s: Vec::with_capacity(cols),
        v: vec![0.0; cols * cols],
    };
    for (k, &(sigma, j)) in order.iter().enumerate() {
        out.s.push(sigma);
        for i in 0..rows {
            out.u[i * cols + k] = if sigma > 0.0 {
                w[j * rows + i] / sigma
            } else {
                0.0
            };
        }
        for i in 0..cols {
            out.v[i * cols + k] = vt[j * cols + i];
        }
    }
    Ok(out)
}

/// The rotation (c, s) that makes columns p and q orthogonal, or None when they already are.
fn rotation(w: &[f64], rows: usize, p: usize, q: usize) -> Option<(f64, f64)> {
    let up = &w[p * rows..(p + 1) * rows];
    let uq = &w[q * rows..(q + 1) * rows];
    let alpha = dot(up, up);
    let beta = dot(uq, uq);
    let gamma = dot(up, uq);
    if gamma == 0.0 || gamma.abs() <= TOLERANCE * (alpha * beta).sqrt() {
        return None;
    }
    let zeta = (beta - alpha) / (2.0 * gamma);
    let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
    let c = 1.0 / (1.0 + t * t).sqrt();
    Some((c, c * t))
}

/// Columns p and q (of length `len`) ← (c·p − s·q, s·p + c·q).
fn apply(w: &mut [f64], len: usize, p: usize, q: usize, c: f64, s: f64) {
    let (left, right) = w.split_at_mut(q * len);
    let cp = &mut left[p * len..(p + 1) * len];
    let cq = &mut right[..len];
    for (x, y) in cp.iter_mut().zip(cq.iter_mut()) {
        let (a, b) = (*x, *y);
        *x = c * a - s * b;
        *y = s * a + c * b;
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
