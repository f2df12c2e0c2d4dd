//! Matrix products: the three GEMM shapes training needs, behind one entry point.
//!
//! Contract (documented once, here): all matrices are row-major, dense, f32.
//!
//! | shape        | A      | B      | C = op(A)·op(B) |
//! |--------------|--------|--------|-----------------|
//! | `Shape::AB`  | m × k  | k × n  | m × n           |
//! | `Shape::ABt` | m × k  | n × k  | m × n           |
//! | `Shape::AtB` | k × m  | k × n  | m × n           |
//!
//! With `accumulate` the product is added to C, otherwise C is overwritten. The trainer's uses:
//! forward `a = x·Wᵀ` (ABt), backward `δx = δa·W` (AB), weight gradient `∂W = δaᵀ·x` (AtB).
//!
//! SKELETON: a correct naive implementation; cache-blocked scalar and SIMD128 kernels replace it.

/// Which operands are transposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    AB,
    ABt,
    AtB,
}

/// C (m×n) = op(A)·op(B), or C += … with `accumulate`. Panics if a slice is too short
/// (a programming error, never reachable from user input).
pub fn gemm(shape: Shape, m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32], accumulate: bool) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n, "gemm: slices too short");
    for i in 0..m {
        for j in 0..n {
            let mut s = 0.0f32;
            for p in 0..k {
                let av = match shape {
                    Shape::AtB => a[p * m + i],
                    _ => a[i * k + p],
                };
                let bv = match shape {
                    Shape::ABt => b[j * k + p],
                    _ => b[p * n + j],
                };
                s += av * bv;
            }
            if accumulate {
                c[i * n + j] += s;
            } else {
                c[i * n + j] = s;
            }
        }
    }
}
