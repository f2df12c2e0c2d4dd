//! The cache-blocked GEMM driver shared by every kernel: loop nest, packing, edge tiles.
//!
//! The loop nest is the classic one of GotoBLAS/BLIS (and `matrixmultiply`):
//!
//! ```text
//! for jc in steps of NC over n            B block: KC × NC, packed once per (jc, pc)
//!   for pc in steps of KC over k
//!     pack B[pc.., jc..] into NR-wide panels
//!     for ic in steps of MC over m        A block: MC × KC, packed once per (jc, pc, ic)
//!       pack A[ic.., pc..] into MR-tall panels
//!       for jr in steps of NR             one B panel (KC × NR) stays in L1 …
//!         for ir in steps of MR           … while the A panels stream through it from L2
//!           kernel: C[ic+ir.., jc+jr..] (+)= A panel · B panel
//! ```
//!
//! Block sizes and the caches they target (x86-64 hosts of the browsers we care about have
//! 32 KiB L1d, ≥ 256 KiB L2; phones are similar or larger):
//!
//! - `KC = 256`: the kernel's working set per tile is a B panel (KC·NR·4 B = 8 KiB at NR = 8)
//!   plus an A panel (KC·MR·4 B = 4 KiB at MR = 4): both sit in L1 together with the C tile.
//!   A deeper KC amortises the C load/store of each tile over more multiply-adds.
//! - `MC = 96`: the packed A block (MC·KC·4 B = 96 KiB) stays in L2 while every B panel of the
//!   block passes over it. 96 is a multiple of every MR we use (4, 6, 12).
//! - `NC = 240`: the packed B block (KC·NC·4 B = 240 KiB) fits in L2 beside the A block on
//!   most hosts and in L3 everywhere; 240 is a multiple of every NR we use (4, 8, 16). The
//!   training widths (≤ 512) need at most three column blocks.
//!
//! The packing buffers are stack arrays of exactly these sizes (no heap: the trainer's step must
//! not allocate), left uninitialised: the packers write every element a kernel reads.
//! Rows and columns past the edge of the matrix are packed as zeros, so a kernel always
//! computes full tiles; a tile that sticks out of C is computed into a small scratch tile and
//! only its valid part is copied to C.

use core::mem::MaybeUninit;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use super::scalar::interleave4;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use super::wasm_simd::interleave4;
use super::{Kernel, Shape};

/// Depth of a packed panel (the k extent of one block).
pub(crate) const KC: usize = 256;
/// Rows of the packed A block.
pub(crate) const MC: usize = 96;
/// Columns of the packed B block.
pub(crate) const NC: usize = 240;
/// The largest register tile a kernel may have (MR·NR), sizing the scratch tile for edges.
const MAX_TILE: usize = 12 * 16;

/// C (m×n) = op(A)·op(B) (or += with `accumulate`) with kernel `K`; see the module contract.
pub(crate) fn gemm<K: Kernel>(
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    accumulate: bool,
) {
    assert!(
        a.len() >= m * k && b.len() >= k * n && c.len() >= m * n,
        "gemm: slices too short"
    );
    const { assert!(MC.is_multiple_of(K::MR) && NC.is_multiple_of(K::NR) && K::MR * K::NR <= MAX_TILE) };
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            c[..m * n].fill(0.0);
        }
        return;
    }

    let mut a_pack = [const { MaybeUninit::<f32>::uninit() }; MC * KC];
    let mut b_pack = [const { MaybeUninit::<f32>::uninit() }; KC * NC];

    for jc in (0..n).step_by(NC) {
        let nc = NC.min(n - jc);
        for pc in (0..k).step_by(KC) {
            let kc = KC.min(k - pc);
            // Later depth blocks add to what the first one wrote.
            let acc = accumulate || pc > 0;
            pack_b::<K>(shape, b, k, n, pc, kc, jc, nc, &mut b_pack);
            for ic in (0..m).step_by(MC) {
                let mc = MC.min(m - ic);
                pack_a::<K>(shape, a, m, k, ic, mc, pc, kc, &mut a_pack);
                for jr in (0..nc).step_by(K::NR) {
                    let cols = K::NR.min(nc - jr);
                    let b_panel = b_pack[jr * kc..].as_ptr() as *const f32;
                    for ir in (0..mc).step_by(K::MR) {
                        let rows = K::MR.min(mc - ir);
                        let a_panel = a_pack[ir * kc..].as_ptr() as *const f32;
                        let c_at = (ic + ir) * n + jc + jr;
                        if rows == K::MR && cols == K::NR {
                            // Safety: the packers wrote kc·MR values at a_panel and kc·NR at
                            // b_panel (panel jr/NR of the B block starts at jr·kc, panel ir/MR
                            // of the A block at ir·kc). The tile's rows ic+ir+r < m and columns
                            // jc+jr+j < n lie inside c (len ≥ m·n), rows n apart.
                            unsafe {
                                K::tile(kc, a_panel, b_panel, c.as_mut_ptr().add(c_at), n, acc)
                            };
                        } else {
                            edge_tile::<K>(
                                kc,
                                a_panel,
                                b_panel,
                                &mut c[c_at..],
                                n,
                                rows,
                                cols,
                                acc,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// A tile that sticks out of C: compute it into a scratch tile, copy back the valid part.
fn edge_tile<K: Kernel>(
    kc: usize,
    a_panel: *const f32,
    b_panel: *const f32,
    c: &mut [f32],
    ldc: usize,
    rows: usize,
    cols: usize,
    accumulate: bool,
) {
    let mut scratch = [0.0f32; MAX_TILE];
    if accumulate {
        for r in 0..rows {
            scratch[r * K::NR..][..cols].copy_from_slice(&c[r * ldc..][..cols]);
        }
    }
    // Safety: the panels are as in the full-tile case; the scratch tile holds MR·NR ≤ MAX_TILE
    // values with rows NR apart.
    unsafe {
        K::tile(
            kc,
            a_panel,
            b_panel,
            scratch.as_mut_ptr(),
            K::NR,
            accumulate,
        )
    };
    for r in 0..rows {
        c[r * ldc..][..cols].copy_from_slice(&scratch[r * K::NR..][..cols]);
    }
}

/// Packs rows `ic..ic+mc`, depth `pc..pc+kc` of op(A) into MR-tall panels:
/// panel `q` holds `dst[q·MR·kc + p·MR + r] = op(A)(ic + q·MR + r, pc + p)`, zero past row m.
///
/// Packing is O(m·k) against the kernel's O(m·k·n), but per value it is far dearer than a
/// multiply-add, so it matters for the narrow training shapes: full groups go through
/// `interleave4` (a SIMD 4×4 transpose in SIMD builds) or fixed-size copies, no per-value
/// bounds checks.
fn pack_a<K: Kernel>(
    shape: Shape,
    a: &[f32],
    m: usize,
    k: usize,
    ic: usize,
    mc: usize,
    pc: usize,
    kc: usize,
    dst: &mut [MaybeUninit<f32>],
) {
    let mr = K::MR;
    assert!(
        dst.len() >= mc.div_ceil(mr) * mr * kc,
        "pack_a: buffer too small"
    );
    let out = dst.as_mut_ptr() as *mut f32;
    for ir in (0..mc).step_by(mr) {
        let rows = mr.min(mc - ir);
        // Safety (for every write below): panel ir/MR is dst[ir·kc .. ir·kc + MR·kc], inside the
        // buffer (asserted above); writes are at p·MR + r with p < kc, r < MR.
        let panel = unsafe { out.add(ir * kc) };
        match shape {
            // op(A) = A, m × k: row i is contiguous; four rows at a time are transposed.
            Shape::AB | Shape::ABt => {
                let row = |r: usize| a[(ic + ir + r) * k + pc..][..kc].as_ptr();
                let mut r = 0;
                while r + 4 <= rows {
                    // Safety: each row() slice holds kc values; the writes are as above.
                    unsafe {
                        interleave4(
                            [row(r), row(r + 1), row(r + 2), row(r + 3)],
                            kc,
                            panel.add(r),
                            mr,
                        )
                    };
                    r += 4;
                }
                for r in r..mr {
                    let src = (r < rows).then(|| &a[(ic + ir + r) * k + pc..][..kc]);
                    for p in 0..kc {
                        // Safety: as above.
                        unsafe { *panel.add(p * mr + r) = src.map_or(0.0, |s| s[p]) };
                    }
                }
            }
            // op(A) = Aᵀ with A k × m: the MR values of one depth p are contiguous.
            Shape::AtB => {
                for p in 0..kc {
                    let src = &a[(pc + p) * m + ic + ir..][..rows];
                    // Safety: as above; a full group copies exactly MR values from src.
                    unsafe {
                        let d = panel.add(p * mr);
                        if rows == K::MR {
                            core::ptr::copy_nonoverlapping(src.as_ptr(), d, K::MR);
                        } else {
                            for r in 0..mr {
                                *d.add(r) = src.get(r).copied().unwrap_or(0.0);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Packs depth `pc..pc+kc`, columns `jc..jc+nc` of op(B) into NR-wide panels:
/// panel `q` holds `dst[q·NR·kc + p·NR + j] = op(B)(pc + p, jc + q·NR + j)`, zero past column n.
fn pack_b<K: Kernel>(
    shape: Shape,
    b: &[f32],
    k: usize,
    n: usize,
    pc: usize,
    kc: usize,
    jc: usize,
    nc: usize,
    dst: &mut [MaybeUninit<f32>],
) {
    let nr = K::NR;
    assert!(
        dst.len() >= nc.div_ceil(nr) * nr * kc,
        "pack_b: buffer too small"
    );
    let out = dst.as_mut_ptr() as *mut f32;
    // Safety (for every write below): panel jr/NR is dst[jr·kc .. jr·kc + NR·kc], inside the
    // buffer (asserted above); writes are at p·NR + j with p < kc, j < NR.
    match shape {
        // op(B) = B, k × n: NR values of a row go to a panel as one fixed-size copy (vector
        // loads and stores). Rows are taken eight at a time (8 × NC values, ≤ 8 KiB, stay in
        // L1) and dealt out panel by panel, so each panel receives 8·NR contiguous values (whole
        // cache lines): a whole row per pass would scatter 32-byte writes KC·NR·4 bytes apart,
        // which alias in L1 and cost ~25 % at 64×512×512.
        Shape::AB | Shape::AtB => {
            for p0 in (0..kc).step_by(8) {
                let depth = 8.min(kc - p0);
                for jr in (0..nc).step_by(nr) {
                    let cols = nr.min(nc - jr);
                    for p in p0..p0 + depth {
                        let src = &b[(pc + p) * n + jc + jr..][..cols];
                        // Safety: as above; a full group copies exactly NR values from src.
                        unsafe {
                            let d = out.add(jr * kc + p * nr);
                            if cols == K::NR {
                                core::ptr::copy_nonoverlapping(src.as_ptr(), d, K::NR);
                            } else {
                                for j in 0..nr {
                                    *d.add(j) = src.get(j).copied().unwrap_or(0.0);
                                }
                            }
                        }
                    }
                }
            }
        }
        // op(B) = Bᵀ with B n × k: column j of op(B) is row j of B, contiguous in p; four
        // rows at a time are transposed into the panel.
        Shape::ABt => {
            for jr in (0..nc).step_by(nr) {
                let cols = nr.min(nc - jr);
                // Safety: as above (the panel's start).
                let panel = unsafe { out.add(jr * kc) };
                let row = |j: usize| b[(jc + jr + j) * k + pc..][..kc].as_ptr();
                let mut j = 0;
                while j + 4 <= cols {
                    // Safety: each row() slice holds kc values; the writes are as above.
                    unsafe {
                        interleave4(
                            [row(j), row(j + 1), row(j + 2), row(j + 3)],
                            kc,
                            panel.add(j),
                            nr,
                        )
                    };
                    j += 4;
                }
                for j in j..nr {
                    let src = (j < cols).then(|| &b[(jc + jr + j) * k + pc..][..kc]);
                    for p in 0..kc {
                        // Safety: as above.
                        unsafe { *panel.add(p * nr + j) = src.map_or(0.0, |s| s[p]) };
                    }
                }
            }
        }
    }
}
