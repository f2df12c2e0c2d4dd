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
//! - `avx2` and `avx512`: `core::arch::x86_64` micro-kernels, compiled on every x86-64 build and
//!   chosen at run time by what the CPU has (AVX-512F, else AVX2, else scalar);
//! - `wasm_simd`: `core::arch::wasm32` SIMD128 micro-kernel, compiled only for `wasm32` with
//!   `target_feature = "simd128"`.
//!
//! [`gemm`] runs the best kernel this build and CPU offer ([`available`] lists them, best
//! last; [`use_kernel`] forces one, e.g. from `GRADFALL_KERNEL` in the CLI); [`gemm_scalar`]
//! always runs the scalar kernel so tests and benchmarks can compare.
//!
//! # The determinism rule
//!
//! One URL gives one run, to the bit, on every build and CPU. So every kernel computes each
//! element of C with the same operations in the same order as the scalar kernel:
//!
//! - the k-blocking of [`blocked`] (depth blocks of `KC`, each summed into C in order), which
//!   every kernel shares because the driver is shared;
//! - within a block, a sum that starts at 0 and adds `a·b` for p = 0, 1, …, kc − 1 in order,
//!   the product rounded to f32 and then added (multiply, then add: two roundings). No fused
//!   multiply-add: WebAssembly has no deterministic one (`f32x4.relaxed_madd` fuses or not
//!   depending on the host), so no path may fuse. No reassociation either: a kernel vectorises
//!   across columns (j) and rows (r), never across the depth p;
//! - with `accumulate` (and for every depth block after the first) C becomes `C + sum`.
//!
//! The tile shape (MR × NR) is free: it only decides which elements are computed together,
//! not how each one is. [`verify::check_same_bits`] holds every kernel to this, bit for bit.
//! The same rule applies outside the kernels (transcendental functions from one pure-Rust
//! implementation, reductions in a fixed order); see docs/ARCHITECTURE.md.
//!
//! # Allocation
//!
//! The trainer's step must not touch the heap, so nothing here allocates: the packing buffers
//! are fixed-size, uninitialised arrays on the stack whose size is bounded by the cache blocking
//! (see [`blocked`], about 330 KiB of stack per call, well inside the 1 MiB wasm stack and the
//! native thread stacks). The summation order depends only on (shape, m, k, n), never on the
//! kernel, addresses or timing.

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
mod blocked;
mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd;

use core::sync::atomic::{AtomicUsize, Ordering};

#[cfg(test)]
mod tests;
#[doc(hidden)]
pub mod verify;

/// Any of the module's GEMM entry points: `(shape, m, k, n, a, b, c, accumulate)`.
pub type GemmFn = fn(Shape, usize, usize, usize, &[f32], &[f32], &mut [f32], bool);

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

/// One kernel [`gemm`] can run.
struct Choice {
    /// What [`use_kernel`] and `GRADFALL_KERNEL` call it.
    name: &'static str,
    /// Name and tile, printed by benchmarks: [`Kernel::NAME`].
    label: &'static str,
    run: GemmFn,
    /// Whether this CPU can run it.
    available: fn() -> bool,
    /// Whether it obeys the determinism rule (gives the scalar kernel's bits). Only benchmarks
    /// force an inexact kernel; [`available`] and the default never include one.
    exact: bool,
}

/// The kernels of this build, worst first: [`gemm`] picks the last available one.
const CHOICES: &[Choice] = &[
    Choice {
        name: "scalar",
        label: <scalar::Scalar as Kernel>::NAME,
        run: gemm_scalar,
        available: || true,
        exact: true,
    },
    #[cfg(target_arch = "x86_64")]
    Choice {
        name: "avx2",
        label: <avx2::Avx2 as Kernel>::NAME,
        run: gemm_avx2,
        available: || std::arch::is_x86_feature_detected!("avx2"),
        exact: true,
    },
    #[cfg(target_arch = "x86_64")]
    Choice {
        name: "avx512",
        label: <avx512::Avx512 as Kernel>::NAME,
        run: gemm_avx512,
        available: || std::arch::is_x86_feature_detected!("avx512f"),
        exact: true,
    },
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Choice {
        name: "simd128",
        label: <wasm_simd::Simd128 as Kernel>::NAME,
        run: gemm_simd128,
        available: || true,
        exact: true,
    },
    #[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
    Choice {
        name: "relaxed-madd",
        label: <wasm_simd::RelaxedMadd as Kernel>::NAME,
        run: gemm_relaxed_madd,
        available: || true,
        exact: false,
    },
];

/// Index into [`CHOICES`] of the kernel [`gemm`] runs; `usize::MAX` until first used.
static CHOSEN: AtomicUsize = AtomicUsize::new(usize::MAX);

/// The chosen kernel, picking the best available one on first use.
fn chosen() -> &'static Choice {
    let mut index = CHOSEN.load(Ordering::Relaxed);
    if index == usize::MAX {
        index = CHOICES
            .iter()
            .rposition(|c| c.exact && (c.available)())
            .unwrap_or(0);
        CHOSEN.store(index, Ordering::Relaxed);
    }
    &CHOICES[index]
}

/// Names of the kernels this build can run on this CPU, worst first (the last is the default).
/// Every one gives the same bits (the determinism rule above), at different speeds.
pub fn available() -> Vec<&'static str> {
    CHOICES
        .iter()
        .filter(|c| c.exact && (c.available)())
        .map(|c| c.name)
        .collect()
}

/// Make [`gemm`] run the kernel called `name` (one of [`available`]) from now on, in this
/// whole process. Unknown names and kernels this CPU lacks are errors that change nothing.
/// (A relaxed-SIMD build also accepts `relaxed-madd`, which breaks the determinism rule: the
/// benchmark forces it there to show what the rule costs. The page never builds it.)
pub fn use_kernel(name: &str) -> Result<(), String> {
    let offer = || available().join(", ");
    match CHOICES.iter().position(|c| c.name == name) {
        Some(index) if (CHOICES[index].available)() => {
            CHOSEN.store(index, Ordering::Relaxed);
            Ok(())
        }
        Some(_) => Err(format!(
            "kernel '{name}' needs an instruction set this CPU lacks (available: {})",
            offer()
        )),
        None => Err(format!("unknown kernel '{name}' (available: {})", offer())),
    }
}

/// The GEMM of the kernel called `name`, if this build and CPU can run it (for tests and
/// benchmarks that compare kernels without changing what [`gemm`] runs).
pub fn by_name(name: &str) -> Option<GemmFn> {
    CHOICES
        .iter()
        .find(|c| c.name == name && (c.available)())
        .map(|c| c.run)
}

/// C (m×n) = op(A)·op(B), or C += … with `accumulate`, with the chosen kernel (by default the
/// fastest this build and CPU offer). Panics if a slice is too short (a programming error,
/// never reachable from user input).
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
    (chosen().run)(shape, m, k, n, a, b, c, accumulate);
}

/// The same product with the portable scalar kernel: the reference and the fallback.
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

/// A GEMM whose whole driver (packing included) is compiled for an x86-64 instruction set
/// `feature`, with the micro-kernel `kernel`. The function checks the CPU first and panics
/// without it (unreachable: [`CHOICES`] only offers a kernel where its feature is detected).
#[cfg(target_arch = "x86_64")]
macro_rules! x86_gemm {
    ($(#[$doc:meta])* $name:ident, $kernel:ty, $feature:tt) => {
        $(#[$doc])*
        fn $name(
            shape: Shape,
            m: usize,
            k: usize,
            n: usize,
            a: &[f32],
            b: &[f32],
            c: &mut [f32],
            accumulate: bool,
        ) {
            #[target_feature(enable = $feature)]
            fn driver(
                shape: Shape,
                m: usize,
                k: usize,
                n: usize,
                a: &[f32],
                b: &[f32],
                c: &mut [f32],
                accumulate: bool,
            ) {
                blocked::gemm::<$kernel>(shape, m, k, n, a, b, c, accumulate);
            }
            assert!(
                std::arch::is_x86_feature_detected!($feature),
                concat!("the ", $feature, " kernel on a CPU without it")
            );
            // Safety: the CPU has the feature (checked just above), the one requirement of
            // `driver`.
            unsafe { driver(shape, m, k, n, a, b, c, accumulate) }
        }
    };
}

#[cfg(target_arch = "x86_64")]
x86_gemm!(
    /// The AVX2 kernel (6 × 16 tiles).
    gemm_avx2,
    avx2::Avx2,
    "avx2"
);

#[cfg(target_arch = "x86_64")]
x86_gemm!(
    /// The AVX-512 kernel (12 × 16 tiles).
    gemm_avx512,
    avx512::Avx512,
    "avx512f"
);

/// The SIMD128 kernel of wasm builds.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn gemm_simd128(
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

/// `f32x4.relaxed_madd` in the SIMD128 kernel's place, in builds with `relaxed-simd` only.
/// Never the default: it breaks the determinism rule (the host decides whether it fuses). It
/// exists so `cargo xtask bench` can force it and show the speed the rule costs.
#[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
fn gemm_relaxed_madd(
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    accumulate: bool,
) {
    blocked::gemm::<wasm_simd::RelaxedMadd>(shape, m, k, n, a, b, c, accumulate);
}

/// Name and tile of the kernel [`gemm`] runs, e.g. `"simd128 4x8"`.
pub fn kernel_name() -> &'static str {
    chosen().label
}
