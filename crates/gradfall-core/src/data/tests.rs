use super::*;

const TWO_D: [Dataset; 5] = [
    Dataset::Spiral,
    Dataset::Xor,
    Dataset::Circles,
    Dataset::Gauss,
    Dataset::Checker,
];
const ALL: [Dataset; 6] = [
    Dataset::Spiral,
    Dataset::Xor,
    Dataset::Circles,
    Dataset::Gauss,
    Dataset::Checker,
    Dataset::Digits,
];

/// Label counts of the 1 797 digits 0..9, computed from scikit-learn's digits.csv by
/// scripts/convert_digits.py.
const DIGIT_COUNTS: [usize; 10] = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];

fn counts(labels: &[u32], n_classes: usize) -> Vec<usize> {
    let mut c = vec![0; n_classes];
    for &l in labels {
        c[l as usize] += 1;
    }
    c
}

fn raw_rows(data: &Data, x: &[f32]) -> Vec<Vec<f32>> {
    x.chunks_exact(data.n_inputs)
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(f, &z)| data.to_raw(f, z))
                .collect()
        })
        .collect()
}

#[test]
fn same_seed_same_data_different_seed_different_data() {
    for set in ALL {
        let a = generate(set, 0.3, 7);
        let b = generate(set, 0.3, 7);
        let c = generate(set, 0.3, 8);
        assert_eq!(
            (&a.train_x, &a.train_y, &a.test_x),
            (&b.train_x, &b.train_y, &b.test_x)
        );
        assert_ne!(a.train_x, c.train_x, "{set:?}");
        assert_ne!(
            a.test_y, c.test_y,
            "{set:?}: the split should depend on the seed"
        );
    }
}

#[test]
fn shapes_and_counts() {
    for set in ALL {
        let d = generate(set, 0.1, 1);
        let (inputs, classes, total) = match set {
            Dataset::Digits => (64, 10, 1797),
            Dataset::Spiral => (2, 3, 999),
            _ => (2, 2, 1000),
        };
        assert_eq!((d.n_inputs, d.n_classes), (inputs, classes), "{set:?}");
        assert_eq!(d.is_2d(), inputs == 2);
        assert_eq!(d.n_train() + d.n_test(), total, "{set:?}");
        assert_eq!(d.train_x.len(), d.n_train() * inputs);
        assert_eq!(d.test_x.len(), d.n_test() * inputs);
        assert_eq!((d.mean.len(), d.std.len()), (inputs, inputs));
        let share = d.n_train() as f64 / total as f64;
        assert!((share - 0.8).abs() < 0.01, "{set:?}: train share {share}");
        assert!(d
            .train_y
            .iter()
            .chain(&d.test_y)
            .all(|&y| (y as usize) < classes));
    }
}

#[test]
fn classes_are_balanced_in_both_splits() {
    for set in TWO_D {
        let d = generate(set, 0.5, 3);
        let per_class = shapes::POINTS / d.n_classes;
        let train = counts(&d.train_y, d.n_classes);
        let test = counts(&d.test_y, d.n_classes);
        for c in 0..d.n_classes {
            assert_eq!(train[c] + test[c], per_class, "{set:?} class {c}");
            assert_eq!(
                train[c],
                (per_class as f64 * 0.8).round() as usize,
                "{set:?}"
            );
        }
    }
}

#[test]
fn train_split_is_standardised_and_test_uses_the_same_transform() {
    for set in ALL {
        let d = generate(set, 0.2, 5);
        let n = d.n_train() as f64;
        for f in 0..d.n_inputs {
            let column = d
                .train_x
                .iter()
                .skip(f)
                .step_by(d.n_inputs)
                .map(|&v| v as f64);
            let (s, s2) = column.fold((0.0, 0.0), |(s, s2), v| (s + v, s2 + v * v));
            let (mean, var) = (s / n, s2 / n - (s / n).powi(2));
            if d.std[f] > 0.0 {
                assert!(mean.abs() < 1e-4, "{set:?} feature {f}: mean {mean}");
                assert!(
                    (var.sqrt() - 1.0).abs() < 1e-3,
                    "{set:?} feature {f}: std {}",
                    var.sqrt()
                );
            } else {
                assert_eq!((mean, var), (0.0, 0.0), "{set:?} constant feature {f}");
            }
        }
        // The test split went through the same affine map: back to raw and forward again.
        for (f, &z) in d.test_x.iter().enumerate().take(200) {
            let f = f % d.n_inputs;
            let again = d.to_standard(f, d.to_raw(f, z));
            assert!(
                (again - z).abs() < 1e-4 * (1.0 + z.abs()),
                "{set:?}: {z} vs {again}"
            );
        }
    }
}

#[test]
fn a_csv_table_is_split_per_class_and_standardised_like_the_built_in_sets() {
    let mut text = String::from("a,b,class\n");
    for i in 0..50 {
        let class = if i < 40 { "big" } else { "small" };
        text.push_str(&format!("{},{},{class}\n", i * 2, 100 - i));
    }
    let table = csv::parse(text.as_bytes()).unwrap();
    let d = from_table(&table, 4);
    assert_eq!((d.n_inputs, d.n_classes), (2, 2));
    assert_eq!(counts(&d.train_y, 2), [32, 8]);
    assert_eq!(counts(&d.test_y, 2), [8, 2]);
    let n = d.n_train() as f32;
    for f in 0..2 {
        let mean: f32 = d.train_x.iter().skip(f).step_by(2).sum::<f32>() / n;
        assert!(mean.abs() < 1e-5, "feature {f}: mean {mean}");
    }
    // Every raw row comes back from the standardised one.
    let mut rows: Vec<(i64, i64)> = raw_rows(&d, &d.train_x)
        .into_iter()
        .chain(raw_rows(&d, &d.test_x))
        .map(|r| (r[0].round() as i64, r[1].round() as i64))
        .collect();
    rows.sort();
    let expected: Vec<(i64, i64)> = (0..50).map(|i| (i * 2, 100 - i)).collect();
    assert_eq!(rows, expected);
    assert_eq!(from_table(&table, 4).train_x, d.train_x);
    assert_ne!(
        from_table(&table, 5).train_y,
        d.train_y,
        "the split follows the seed"
    );
}

#[test]
fn data_csv_alone_generates_an_empty_set_without_panicking() {
    let d = generate(Dataset::Csv, 0.1, 1);
    assert_eq!((d.n_train(), d.n_test(), d.n_inputs), (0, 0, 0));
}

#[test]
fn digits_have_constant_pixels_mapped_to_zero() {
    let d = generate(Dataset::Digits, 0.0, 1);
    let constant: Vec<usize> = (0..64).filter(|&f| d.std[f] == 0.0).collect();
    // Pixel 0 (top-left corner) is 0 in every one of the 1 797 images.
    assert!(constant.contains(&0), "constant features {constant:?}");
    for &f in &constant {
        assert!(d
            .train_x
            .iter()
            .chain(&d.test_x)
            .skip(f)
            .step_by(64)
            .all(|&v| v == 0.0));
    }
}

#[test]
fn all_finite_at_the_noise_extremes_and_out_of_range_noise() {
    for set in ALL {
        for noise in [0.0, 1.0, -3.0, 7.0, f32::NAN, f32::INFINITY] {
            let d = generate(set, noise, 11);
            let all = d
                .train_x
                .iter()
                .chain(&d.test_x)
                .chain(&d.mean)
                .chain(&d.std);
            assert!(all.clone().all(|v| v.is_finite()), "{set:?} noise {noise}");
        }
    }
}

#[test]
fn noise_moves_points_and_is_clamped() {
    for set in TWO_D {
        let clean = generate(set, 0.0, 2);
        let noisy = generate(set, 0.5, 2);
        let (a, b) = (
            raw_rows(&clean, &clean.train_x),
            raw_rows(&noisy, &noisy.train_x),
        );
        // Same seed ⇒ same split and same clean positions; only the noise differs.
        assert_eq!(clean.train_y, noisy.train_y, "{set:?}");
        let moved: f64 = a
            .iter()
            .zip(&b)
            .map(|(p, q)| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt() as f64)
            .sum::<f64>()
            / a.len() as f64;
        // Mean displacement of a 2-D Gaussian with σ per coordinate is σ·√(π/2).
        let sigma = 0.5 * shapes::noise_std(set) as f64;
        let expected = sigma * (std::f64::consts::PI / 2.0).sqrt();
        assert!(
            (moved / expected - 1.0).abs() < 0.1,
            "{set:?}: moved {moved}, expected {expected}"
        );
        assert_eq!(generate(set, 9.0, 2).train_x, generate(set, 1.0, 2).train_x);
    }
}

#[test]
fn clean_points_lie_on_their_shapes() {
    let rows = |set| {
        let d = generate(set, 0.0, 4);
        let xs = raw_rows(&d, &d.train_x);
        xs.into_iter().zip(d.train_y).collect::<Vec<_>>()
    };
    let tol = 1e-4;
    for (p, y) in rows(Dataset::Xor) {
        assert_eq!(p[0] * p[1] > 0.0, y == 0);
        assert!(p[0].abs() >= 0.06 - tol && p[1].abs() >= 0.06 - tol && p[0].abs() <= 1.0 + tol);
    }
    for (p, y) in rows(Dataset::Circles) {
        let r = p[0].hypot(p[1]);
        assert!(
            if y == 0 {
                r <= 0.5 + tol
            } else {
                (0.7 - tol..=1.0 + tol).contains(&r)
            },
            "r {r}"
        );
    }
    for (p, y) in rows(Dataset::Checker) {
        assert_eq!(shapes::checker_class(p[0], p[1]), y, "{p:?}");
    }
    for (p, _) in rows(Dataset::Spiral) {
        assert!(p[0].hypot(p[1]) <= 1.0 + tol);
    }
    let gauss = rows(Dataset::Gauss);
    for class in 0..2 {
        let pts: Vec<_> = gauss.iter().filter(|(_, y)| *y == class).collect();
        let mx = pts.iter().map(|(p, _)| p[0]).sum::<f32>() / pts.len() as f32;
        let want = if class == 0 { 0.4 } else { -0.4 };
        assert!((mx - want).abs() < 0.05, "gauss class {class} centre {mx}");
    }
}

#[test]
fn digits_decode_with_known_counts_and_pixels() {
    let digits = digits::embedded();
    assert_eq!(digits.len(), 1797);
    assert_eq!(digits.pixels.len(), 1797 * 64);
    let mut per_class = [0usize; 10];
    digits
        .labels
        .iter()
        .for_each(|&l| per_class[l as usize] += 1);
    assert_eq!(per_class, DIGIT_COUNTS);
    // First lines of scikit-learn's digits.csv: sample 0 is a "0", sample 1 a "1".
    assert_eq!(digits.labels[..2], [0, 1]);
    assert_eq!(digits.pixels[..8], [0, 0, 5, 13, 9, 1, 0, 0]);
    assert_eq!(digits.pixels[64 + 8..64 + 16], [0, 0, 0, 11, 16, 9, 0, 0]);
    // The last sample, an "8".
    assert_eq!(digits.labels[1796], 8);
    assert_eq!(
        digits.pixels[1796 * 64..1796 * 64 + 8],
        [0, 0, 10, 14, 8, 1, 0, 0]
    );
    assert!(digits.pixels.iter().all(|&p| p <= 16));
    assert!(
        digits.pixels.contains(&16),
        "the 17th level must survive packing"
    );
}

#[test]
fn digits_split_is_stratified() {
    let d = generate(Dataset::Digits, 0.1, 9);
    let train = counts(&d.train_y, 10);
    let test = counts(&d.test_y, 10);
    for c in 0..10 {
        assert_eq!(train[c] + test[c], DIGIT_COUNTS[c]);
        assert_eq!(train[c], (DIGIT_COUNTS[c] as f64 * 0.8).round() as usize);
    }
}

#[test]
fn digits_asset_checksum_and_corruption_are_detected() {
    let asset = include_bytes!("../../assets/digits.bin");
    let stored = u32::from_le_bytes(asset[20..24].try_into().unwrap());
    assert_eq!(digits::fnv1a32(&asset[24..]), stored);
    assert!(digits::decode(asset).is_ok());
    let mut flipped = asset.to_vec();
    flipped[5000] ^= 0x10;
    assert!(digits::decode(&flipped).unwrap_err().contains("checksum"));
    assert!(digits::decode(&asset[..asset.len() - 1]).is_err());
    assert!(digits::decode(&asset[..10]).is_err());
    let mut magic = asset.to_vec();
    magic[0] = b'X';
    assert!(digits::decode(&magic).is_err());
}
