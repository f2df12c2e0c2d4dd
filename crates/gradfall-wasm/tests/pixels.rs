//! The benchmark's colour map (`--features bench`, src/pixels.rs) as JavaScript sees it.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use gradfall_wasm::colour_map_rgba;
use wasm_bindgen_test::wasm_bindgen_test;

/// Built with `--features bench` only, as the export is.
#[wasm_bindgen_test]
fn the_rust_colour_map_fills_every_pixel_and_checks_its_input() {
    let values = [1.0, 10.0, 100.0, f64::INFINITY];
    let image = colour_map_rgba(&values, 2, 2, &[8, 4], &[0.5, 200.0]).unwrap();
    assert_eq!(image.0.len(), 8 * 4 * 4);
    assert!(image.0.chunks(4).all(|px| px[3] == 255));
    // Bottom-left is the smallest value (dark), top-right ∞ (viridis' yellow end).
    let bottom_left = &image.0[(3 * 8) * 4..][..3];
    let top_right = &image.0[7 * 4..][..3];
    assert!(
        bottom_left[1] < top_right[1],
        "{bottom_left:?} {top_right:?}"
    );
    assert_eq!(top_right, &[253, 231, 37]);
    assert!(colour_map_rgba(&values, 3, 2, &[8, 4], &[0.5, 200.0]).is_err());
    assert!(colour_map_rgba(&values, 2, 2, &[0, 4], &[0.5, 200.0]).is_err());
    assert!(colour_map_rgba(&values, 2, 2, &[8, 4], &[0.0, 200.0]).is_err());
}
