//! The x86-64 AVX2 micro-kernel (`core::arch::x86_64`, eight f32 lanes), compiled on every
//! x86-64 build and chosen at run time when the CPU has AVX2 (see [`super::gemm`]).
//!
//! The tile is 6 rows × 16 columns of C in 12 `__m256` accumulators: per depth step the kernel
//! loads the two B vectors of the packed panel, then broadcasts each of the six packed A values
//! (`vbroadcastss` from memory) and does two multiplies and two adds into that row's
//! accumulators. 12 accumulators + 2 B vectors + 1 broadcast + 1 product = the 16 ymm registers
//! AVX2 has, so nothing spills; 24 multiplies and 24 adds per 8 loads keep the arithmetic, not
//! the loads, the bottleneck (the tile of the BLIS and OpenBLAS Haswell kernels).
//!
//! Multiply, then add: `_mm256_mul_ps` then `_mm256_add_ps`, two roundings, exactly what the
//! scalar and SIMD128 kernels do, in the same order over p (the determinism rule of
//! [`super`]). A fused multiply-add (`vfmadd231ps`) would round once and give different
//! bits from the wasm build, which has no deterministic fused instruction. On AMD Zen the
//! separate multiply and add go to different pipes, so the unfused kernel loses little; on
//! Intel cores, whose multiply and add share the FMA ports, it runs at about half the FMA peak.

use core::arch::x86_64::*;

use super::Kernel;

pub(crate) struct Avx2;

impl Kernel for Avx2 {
    const MR: usize = 6;
    const NR: usize = 16;
    const NAME: &'static str = "avx2 6x16";

    #[inline(always)]
    unsafe fn tile(
        kc: usize,
        a: *const f32,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        accumulate: bool,
    ) {
        // Safety: the caller upholds `Kernel::tile`'s contract, forwarded unchanged; the CPU has
        // AVX2 because `Avx2` is only ever run by `super::gemm_avx2`, which checks it first.
        unsafe { tile_6x16(kc, a, b, c, ldc, accumulate) }
    }
}

/// The 6 × 16 tile; see the module comment.
///
/// # Safety
/// As [`Kernel::tile`] with MR = 6, NR = 16; the CPU must support AVX2.
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn tile_6x16(
    kc: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    accumulate: bool,
) {
    let mut acc = [[_mm256_setzero_ps(); 2]; 6];
    for p in 0..kc {
        // Safety: the B panel holds kc·16 values, the A panel kc·6 (the caller's contract);
        // the unaligned load and the broadcast need no alignment.
        unsafe {
            let b0 = _mm256_loadu_ps(b.add(p * 16));
            let b1 = _mm256_loadu_ps(b.add(p * 16 + 8));
            for (r, row) in acc.iter_mut().enumerate() {
                let av = _mm256_broadcast_ss(&*a.add(p * 6 + r));
                row[0] = _mm256_add_ps(row[0], _mm256_mul_ps(av, b0));
                row[1] = _mm256_add_ps(row[1], _mm256_mul_ps(av, b1));
            }
        }
    }
    for (r, row) in acc.iter().enumerate() {
        for (half, &sum) in row.iter().enumerate() {
            // Safety: the caller guarantees c + r·ldc is valid for reads and writes of 16
            // values; unaligned loads and stores need no alignment.
            unsafe {
                let out = c.add(r * ldc + 8 * half);
                let value = if accumulate {
                    _mm256_add_ps(_mm256_loadu_ps(out), sum)
                } else {
                    sum
                };
                _mm256_storeu_ps(out, value);
            }
        }
    }
}
