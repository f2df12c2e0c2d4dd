//! The portable scalar micro-kernel: the reference every other kernel is tested against, and
//! the fallback where no SIMD kernel is compiled (native builds, wasm without `simd128`).
//!
//! A 4×4 tile: 16 accumulators plus 4 + 4 operands is about what a scalar register file holds
//! (x86-64 has 16 vector registers used as scalars; wasm engines map locals to them). Natively
//! LLVM vectorises the tile's rows; in a wasm build without `simd128` it stays truly scalar.

use super::Kernel;

pub(crate) struct Scalar;

impl Kernel for Scalar {
    const MR: usize = 4;
    const NR: usize = 4;
    const NAME: &'static str = "scalar 4x4";

    unsafe fn tile(
        kc: usize,
        a: *const f32,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        accumulate: bool,
    ) {
        // Safety: the caller guarantees `a` holds kc·MR and `b` kc·NR readable values.
        let (a, b) = unsafe {
            (
                core::slice::from_raw_parts(a, kc * 4),
                core::slice::from_raw_parts(b, kc * 4),
            )
        };
        let mut sum = [[0.0f32; 4]; 4];
        for (av, bv) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
            for r in 0..4 {
                for j in 0..4 {
                    sum[r][j] += av[r] * bv[j];
                }
            }
        }
        for (r, row) in sum.iter().enumerate() {
            // Safety: the caller guarantees c + r·ldc is valid for reads and writes of NR values.
            let out = unsafe { core::slice::from_raw_parts_mut(c.add(r * ldc), 4) };
            for (o, &s) in out.iter_mut().zip(row) {
                *o = if accumulate { *o + s } else { s };
            }
        }
    }
}

/// Packing helper: writes four source rows, each `len` long, as interleaved groups of four:
/// `dst[p·stride + c] = rows[c][p]` for c < 4, p < len.
///
/// # Safety
/// Each `rows[c]` must be valid for reads of `len` f32, and `dst + p·stride + c` valid for
/// writes for every p < len, c < 4.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline(always)]
pub(crate) unsafe fn interleave4(rows: [*const f32; 4], len: usize, dst: *mut f32, stride: usize) {
    for p in 0..len {
        for (c, row) in rows.iter().enumerate() {
            // Safety: p < len; see the contract above.
            unsafe { *dst.add(p * stride + c) = *row.add(p) };
        }
    }
}
