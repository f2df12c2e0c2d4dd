//! The x86-64 AVX-512 micro-kernel (`core::arch::x86_64`, sixteen f32 lanes), compiled on every
//! x86-64 build and chosen at run time when the CPU has AVX-512F (see [`super::gemm`]).
//!
//! The tile is 12 rows × 16 columns of C in 12 `__m512` accumulators: per depth step the kernel
//! loads the one B vector of the packed panel, then broadcasts each of the twelve packed A values
//! (`vbroadcastss` from memory) and does one multiply and one add into that row's accumulator.
//! NR = 16 is one register, so the training widths (multiples of 16) need no padded edge tiles;
//! twelve independent accumulators hide the add's latency. 12 + 1 B + 1 broadcast + 1 product
//! use 15 of the 32 zmm registers.
//!
//! Multiply, then add: `_mm512_mul_ps` then `_mm512_add_ps`, two roundings, exactly what the
//! scalar, AVX2 and SIMD128 kernels do, in the same order over p (the determinism rule of
//! [`super`]); never `vfmadd`. Where the multiply and the add have pipes of their own (AMD Zen
//! 4/5), the unfused pair reaches the same peak as a fused multiply-add.

use core::arch::x86_64::*;

use super::Kernel;

pub(crate) struct Avx512;

impl Kernel for Avx512 {
    const MR: usize = 12;
    const NR: usize = 16;
    const NAME: &'static str = "avx512 12x16";

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
        // AVX-512F because `Avx512` is only ever run by `super::gemm_avx512`, which checks it.
        unsafe { tile_12x16(kc, a, b, c, ldc, accumulate) }
    }
}

/// The 12 × 16 tile; see the module comment.
///
/// # Safety
/// As [`Kernel::tile`] with MR = 12, NR = 16; the CPU must support AVX-512F.
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn tile_12x16(
    kc: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    accumulate: bool,
) {
    let mut acc = [_mm512_setzero_ps(); 12];
    for p in 0..kc {
        // Safety: the B panel holds kc·16 values, the A panel kc·12 (the caller's contract);
        // the unaligned load and the broadcast need no alignment.
        unsafe {
            let bv = _mm512_loadu_ps(b.add(p * 16));
            for (r, sum) in acc.iter_mut().enumerate() {
                let av = _mm512_set1_ps(*a.add(p * 12 + r));
                *sum = _mm512_add_ps(*sum, _mm512_mul_ps(av, bv));
            }
        }
    }
    for (r, &sum) in acc.iter().enumerate() {
        // Safety: the caller guarantees c + r·ldc is valid for reads and writes of 16 values;
        // unaligned loads and stores need no alignment.
        unsafe {
            let out = c.add(r * ldc);
            let value = if accumulate {
                _mm512_add_ps(_mm512_loadu_ps(out), sum)
            } else {
                sum
            };
            _mm512_storeu_ps(out, value);
        }
    }
}
