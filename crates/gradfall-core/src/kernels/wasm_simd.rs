//! The SIMD128 micro-kernel for wasm32 (`core::arch::wasm32`, f32x4), compiled only with
//! `target_feature = "simd128"`; a `relaxed_madd` twin, for benchmarks only, also needs
//! `target_feature = "relaxed-simd"`.
//!
//! The tile is MR rows × NR = 4·NV columns of C held in MR·NV f32x4 accumulators. Per depth step
//! the kernel loads NV vectors of the packed B panel, then for each row broadcasts one packed A
//! value straight from memory (`v128.load32_splat`, one instruction on x86 and ARM) and does NV
//! multiply-adds into that row's accumulators: the "loadsplat" scheme of XNNPACK's wasmsimd
//! kernels, on operands we packed ourselves so every load is contiguous.
//!
//! Why 4×8: wasm engines on x86-64 have 16 vector registers. 4×8 needs 8 accumulators + 2 B
//! vectors + 1 broadcast = 11 and leaves room for the engine's temporaries; larger tiles make
//! V8 spill accumulators inside the loop. Measured in Node 20 (V8 11.3) on the 2-core AMD EPYC
//! bench machine, A·B at 256³, GFLOP/s, medians of variants interleaved in one process (wall
//! clock, busy machine: the ordering is what counts, not the absolute figures):
//!
//! | variant                                   | GFLOP/s |
//! |-------------------------------------------|---------|
//! | 4×8, loadsplat (chosen)                   | 33–36   |
//! | 4×8, one A load + 4 `i32x4.shuffle` splats | 33      |
//! | 4×8, depth loop unrolled ×2 / ×4          | 21 / 21 |
//! | 4×16                                      | 25      |
//! | 6×8                                       | 22      |
//! | 8×8                                       | 20      |
//!
//! (Unrolled, LLVM interleaves two steps' loads, which probably needs more live vector
//! registers than V8 can give it.)
//!
//! Plain SIMD128 has no fused multiply-add, so the kernel does `mul` then `add`, as every kernel
//! must (the determinism rule of [`super`]). `f32x4.relaxed_madd` lets the engine emit one FMA
//! where the host has one, so its bits depend on the host: the `RelaxedMadd` twin is never run
//! by `gemm`; `cargo xtask bench` times it to show what the rule costs.

use core::arch::wasm32::*;

use super::Kernel;

/// How a kernel computes `a·b + c` on four lanes.
trait MulAdd {
    fn madd(a: v128, b: v128, c: v128) -> v128;
}

/// SIMD128: a multiply, then an add (two roundings).
struct Separate;

impl MulAdd for Separate {
    #[inline(always)]
    fn madd(a: v128, b: v128, c: v128) -> v128 {
        f32x4_add(f32x4_mul(a, b), c)
    }
}

/// Relaxed SIMD: fused or not, as the host does fastest (benchmarks only, see above).
#[cfg(target_feature = "relaxed-simd")]
struct MaybeFused;

#[cfg(target_feature = "relaxed-simd")]
impl MulAdd for MaybeFused {
    #[inline(always)]
    fn madd(a: v128, b: v128, c: v128) -> v128 {
        f32x4_relaxed_madd(a, b, c)
    }
}

/// The MR × 4·NV tile, written once for every tile size and multiply-add flavour.
///
/// # Safety
/// As [`Kernel::tile`] with MR rows and NR = 4·NV columns.
#[inline(always)]
unsafe fn tile<const MR: usize, const NV: usize, M: MulAdd>(
    kc: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    ldc: usize,
    accumulate: bool,
) {
    let mut acc = [[f32x4_splat(0.0); NV]; MR];
    let (mut ap, mut bp) = (a, b);
    for _ in 0..kc {
        let mut bv = [f32x4_splat(0.0); NV];
        for (v, slot) in bv.iter_mut().enumerate() {
            // Safety: bp walks the kc·NR packed B values, NR = 4·NV per step; wasm loads need
            // no alignment.
            *slot = unsafe { v128_load(bp.add(4 * v) as *const v128) };
        }
        for (r, row) in acc.iter_mut().enumerate() {
            // Safety: ap walks the kc·MR packed A values, MR per step.
            let av = unsafe { v128_load32_splat(ap.add(r) as *const u32) };
            for (s, &bvec) in row.iter_mut().zip(&bv) {
                *s = M::madd(av, bvec, *s);
            }
        }
        // Safety: at most kc steps, each within the panels (see above); the last step leaves
        // the pointers one past the end, which is allowed.
        unsafe {
            ap = ap.add(MR);
            bp = bp.add(4 * NV);
        }
    }
    for (r, row) in acc.iter().enumerate() {
        for (v, &s) in row.iter().enumerate() {
            // Safety: the caller guarantees c + r·ldc is valid for NR = 4·NV values.
            unsafe {
                let out = c.add(r * ldc + 4 * v) as *mut v128;
                let value = if accumulate {
                    f32x4_add(v128_load(out), s)
                } else {
                    s
                };
                v128_store(out, value);
            }
        }
    }
}

macro_rules! simd_kernel {
    ($(#[$meta:meta])* $name:ident, $mr:literal, $nv:literal, $madd:ty, $label:literal) => {
        $(#[$meta])*
        pub(crate) struct $name;

        $(#[$meta])*
        impl Kernel for $name {
            const MR: usize = $mr;
            const NR: usize = 4 * $nv;
            const NAME: &'static str = $label;

            unsafe fn tile(kc: usize, a: *const f32, b: *const f32, c: *mut f32, ldc: usize, accumulate: bool) {
                // Safety: forwarded unchanged from the caller, who upholds `Kernel::tile`.
                unsafe { tile::<$mr, $nv, $madd>(kc, a, b, c, ldc, accumulate) }
            }
        }
    };
}

simd_kernel!(Simd128, 4, 2, Separate, "simd128 4x8");
simd_kernel!(
    #[cfg(target_feature = "relaxed-simd")]
    RelaxedMadd,
    4,
    2,
    MaybeFused,
    "relaxed-madd 4x8"
);

/// Packing helper: writes four source rows, each `len` long, as interleaved groups of four:
/// `dst[p·stride + c] = rows[c][p]` for c < 4, p < len (a 4×4 transpose per 4 values of p,
/// with `i32x4.shuffle`, instead of 16 scalar loads and stores).
///
/// # Safety
/// Each `rows[c]` must be valid for reads of `len` f32, and `dst + p·stride + c` valid for
/// writes for every p < len, c < 4.
#[inline(always)]
pub(crate) unsafe fn interleave4(rows: [*const f32; 4], len: usize, dst: *mut f32, stride: usize) {
    let mut p = 0;
    while p + 4 <= len {
        // Safety: p + 4 ≤ len, so each row has four values at p; wasm loads and stores need no
        // alignment; the four stores are at rows p..p+4 of dst, columns 0..4.
        unsafe {
            let [a, b, c, d] = rows.map(|row| v128_load(row.add(p) as *const v128));
            let ab_lo = i32x4_shuffle::<0, 4, 1, 5>(a, b); // a0 b0 a1 b1
            let ab_hi = i32x4_shuffle::<2, 6, 3, 7>(a, b); // a2 b2 a3 b3
            let cd_lo = i32x4_shuffle::<0, 4, 1, 5>(c, d);
            let cd_hi = i32x4_shuffle::<2, 6, 3, 7>(c, d);
            v128_store(
                dst.add(p * stride) as *mut v128,
                i32x4_shuffle::<0, 1, 4, 5>(ab_lo, cd_lo),
            );
            v128_store(
                dst.add((p + 1) * stride) as *mut v128,
                i32x4_shuffle::<2, 3, 6, 7>(ab_lo, cd_lo),
            );
            v128_store(
                dst.add((p + 2) * stride) as *mut v128,
                i32x4_shuffle::<0, 1, 4, 5>(ab_hi, cd_hi),
            );
            v128_store(
                dst.add((p + 3) * stride) as *mut v128,
                i32x4_shuffle::<2, 3, 6, 7>(ab_hi, cd_hi),
            );
        }
        p += 4;
    }
    while p < len {
        for (c, row) in rows.iter().enumerate() {
            // Safety: p < len; see the contract above.
            unsafe { *dst.add(p * stride + c) = *row.add(p) };
        }
        p += 1;
    }
}
