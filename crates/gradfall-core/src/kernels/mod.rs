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
//! With `accumulate` the product is added to C, otherwise C is overwritten (C is then never
//! read, so it may hold anything, NaN included). The trainer's uses: forward `a = x·Wᵀ` (ABt),
//! backward `δx = δa·W` (AB), weight gradient `∂W = δaᵀ·x` (AtB).
//!
//! # Layout of this module
//!
//! In the style of `matrixmultiply`: one [`Kernel`] trait for register-tiled micro-kernels, one
//! generic cache-blocked driver ([`blocked`]) that packs the operands and calls a kernel on every
//! tile, and one file per instruction set:
//!
//! - [`scalar`]: portable Rust, the reference and the fallback (always compiled);
//! - `wasm_simd`: `core::arch::wasm32` SIMD128 micro-kernels, compiled only for
//!   `wasm32` with `target_feature = "simd128"`; with `target_feature = "relaxed-simd"` the same
//!   kernel also exists with `f32x4.relaxed_madd` (a fused multiply-add where the host has one).
//!
//! [`gemm`] dispatches, at compile time, to the best kernel the build has; [`gemm_scalar`] always
//! runs the scalar kernel so tests and benchmarks can compare.
//!
//! # Allocation and determinism
//!
//! The trainer's step must not touch the heap, so nothing here allocates: the packing buffers
//! are fixed-size, uninitialised arrays on the stack whose size is bounded by the cache blocking
//! (see [`blocked`], about 330 KiB of stack per call, well inside the 1 MiB wasm stack and the
//! native thread stacks). The summation order depends only on (shape, m, k, n) and the kernel
//! compiled in, never on addresses or timing: the same inputs give the same bits on a given build.
//! (Relaxed SIMD lets the engine choose fused or separate multiply-add; a given engine on a given
//! host always makes the same choice.)

mod blocked;
mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd;

#[cfg(test)]
mod tests;
#[doc(hidden)]
pub mod verify;

/// Which operands are transposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    AB,
    ABt,
    AtB,
}

/// A register-tiled micro-kernel: computes one `MR × NR` tile of C from packed panels.
///
/// Packed layouts (made by [`blocked`]): the A panel holds `kc` groups of `MR` values
/// (`a[p·MR + r] = A(row r, p)`), the B panel `kc` groups of `NR` values
/// (`b[p·NR + j] = B(p, column j)`); rows/columns past the matrix edge are packed as zeros.
pub(crate) trait Kernel {
    /// Rows of the register tile.
    const MR: usize;
    /// Columns of the register tile.
    const NR: usize;
    /// Printed by benchmarks.
    const NAME: &'static str;

    /// `C[0..MR][0..NR] (+)= Σ_p a[p·MR + r] · b[p·NR + j]`, with C's rows `ldc` apart.
    /// With `accumulate` false, C is written without being read.
    ///
    /// # Safety
    /// `a` must be valid for reads of `kc·MR` f32, `b` for `kc·NR` f32, and for every
    /// `r < MR`, `c + r·ldc` must be valid for reads and writes of `NR` f32. `kc ≥ 1`.
    unsafe fn tile(
        kc: usize,
        a: *const f32,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        accumulate: bool,
    );
}

/// The kernel [`gemm`] uses in this build.
#[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
type Best = wasm_simd::Relaxed;
#[cfg(all(
    target_arch = "wasm32",
    target_feature = "simd128",
    not(target_feature = "relaxed-simd")
))]
type Best = wasm_simd::Simd128;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Best = scalar::Scalar;

/// C (m×n) = op(A)·op(B), or C += … with `accumulate`, with the fastest kernel of this build.
/// Panics if a slice is too short (a programming error, never reachable from user input).
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    accumulate: bool,
) {
    blocked::gemm::<Best>(shape, m, k, n, a, b, c, accumulate);
}

/// The same product with the portable scalar kernel: the reference and the fallback.
#[allow(clippy::too_many_arguments)]
pub fn gemm_scalar(
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    accumulate: bool,
) {
    blocked::gemm::<scalar::Scalar>(shape, m, k, n, a, b, c, accumulate);
}

/// The plain SIMD128 kernel (no relaxed instructions), so a relaxed build can still test and
/// time it.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[allow(clippy::too_many_arguments)]
pub fn gemm_simd128(
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    accumulate: bool,
) {
    blocked::gemm::<wasm_simd::Simd128>(shape, m, k, n, a, b, c, accumulate);
}

/// Name and tile of the kernel [`gemm`] uses, e.g. `"simd128 4x8"`.
pub fn kernel_name() -> &'static str {
    <Best as Kernel>::NAME
}
