//! A colour-map image filled in Rust, kept for the measurement that decided where the phase
//! diagram's pixels are filled (docs/ARCHITECTURE.md, "Pixel maps"; `bench/pixels.mjs`):
//! the same algorithm as `www/lab/colour-map.js` — each cell's value to t = log position
//! between `lo` and `hi`, bilinear interpolation of t between cell centres, viridis — into
//! an RGBA buffer returned as a `Uint8ClampedArray`. The page uses the JavaScript one, so this
//! is built only with the `bench` feature (`cargo xtask bench`'s builds).

use gradfall_core::math;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;

/// Viridis at 9 stops, as `www/charts/palette.js` holds it.
const VIRIDIS: [[f64; 3]; 9] = [
    [68.0, 1.0, 84.0],
    [71.0, 44.0, 122.0],
    [59.0, 81.0, 139.0],
    [44.0, 113.0, 142.0],
    [33.0, 144.0, 141.0],
    [39.0, 173.0, 129.0],
    [92.0, 200.0, 99.0],
    [170.0, 220.0, 50.0],
    [253.0, 231.0, 37.0],
];

/// Most pixels an image may have (4096²).
const MAX_PIXELS: usize = 1 << 24;

/// Position of `v` between `lo` and `hi` on a log axis, in [0, 1] (non-finite: 1).
fn position(v: f64, lo: f64, hi: f64) -> f64 {
    if !v.is_finite() {
        return 1.0;
    }
    let t = (math::ln(v.max(lo)) - math::ln(lo)) / (math::ln(hi) - math::ln(lo));
    t.clamp(0.0, 1.0)
}

/// `cols × rows` values (row 0 at the bottom) as a `width × height` RGBA image.
#[wasm_bindgen(js_name = colourMapRgba)]
pub fn colour_map_rgba(
    values: &[f64],
    cols: usize,
    rows: usize,
    size: &[usize],
    range: &[f64],
) -> Result<Clamped<Vec<u8>>, JsError> {
    let (width, height) = match size {
        [w, h] if *w > 0 && *h > 0 && w.saturating_mul(*h) <= MAX_PIXELS => (*w, *h),
        _ => {
            return Err(JsError::new(
                "colourMapRgba: size must be [width, height] > 0",
            ))
        }
    };
    let (lo, hi) = match range {
        [lo, hi] if *lo > 0.0 && hi > lo => (*lo, *hi),
        _ => {
            return Err(JsError::new(
                "colourMapRgba: range must be [lo, hi], 0 < lo < hi",
            ))
        }
    };
    if cols == 0 || rows == 0 || values.len() != cols * rows {
        return Err(JsError::new(
            "colourMapRgba: values must hold cols × rows numbers",
        ));
    }
    let t: Vec<f64> = values.iter().map(|&v| position(v, lo, hi)).collect();
    let mut out = vec![0u8; width * height * 4];
    for y in 0..height {
        let gy = ((height - 1 - y) as f64 + 0.5) / height as f64 * rows as f64 - 0.5;
        let gy = gy.clamp(0.0, (rows - 1) as f64);
        let (r0, fy) = (gy.floor() as usize, gy - gy.floor());
        let r1 = (r0 + 1).min(rows - 1);
        for x in 0..width {
            let gx = (x as f64 + 0.5) / width as f64 * cols as f64 - 0.5;
            let gx = gx.clamp(0.0, (cols - 1) as f64);
            let (c0, fx) = (gx.floor() as usize, gx - gx.floor());
            let c1 = (c0 + 1).min(cols - 1);
            let bottom = t[r0 * cols + c0] * (1.0 - fx) + t[r0 * cols + c1] * fx;
            let top = t[r1 * cols + c0] * (1.0 - fx) + t[r1 * cols + c1] * fx;
            let v = (bottom * (1.0 - fy) + top * fy) * 8.0;
            let i = (v.floor() as usize).min(7);
            let f = v - i as f64;
            let px = &mut out[(y * width + x) * 4..][..4];
            for c in 0..3 {
                let a = VIRIDIS[i][c];
                px[c] = (a + (VIRIDIS[i + 1][c] - a) * f).round() as u8;
            }
            px[3] = 255;
        }
    }
    Ok(Clamped(out))
}
