//! A stable insertion sort for the handful of short slices the engine sorts on the page's
//! path (the UI keys of a query, a CSV file's class names, the quadrature's breakpoints).
//!
//! Why not `slice::sort_by`: in the wasm module every element type std's stable sort is used
//! with gets its own copy of the driftsort machinery, about 5 KB each, and four of them were
//! about 20 KB of the engine's 360 KB. These slices hold at most a few dozen items, where an
//! insertion sort is as fast and a few hundred bytes. Stable like `sort_by`, so the order,
//! and every number computed from it, is the same.

use std::cmp::Ordering;

/// Sort `items` stably by `compare`, as `items.sort_by(compare)` does. Quadratic: for short
/// slices only (tens of items).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        // Move item i left past every item greater than it (not equal: stable).
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs sorted by their first half only: equal keys must keep their order.
        let mut seed = 12345u32;
        for len in 0..40 {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    ((seed >> 16) % 7, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items;
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "length {len}");
        }
    }

    #[test]
    fn orders_floats_by_total_order() {
        let mut values = [2.5, -0.0, 0.0, f64::NAN, -1.0, f64::INFINITY, 2.5];
        sort_by(&mut values, f64::total_cmp);
        let mut expected = values;
        expected.sort_by(f64::total_cmp);
        assert_eq!(values.map(f64::to_bits), expected.map(f64::to_bits));
        assert_eq!(values[0], -1.0);
        assert!(values[1].is_sign_negative() && values[1] == 0.0);
    }
}
