use super::setup::{variance, LSUV_TOLERANCE};
use super::*;
use crate::config::{Activation, Dataset, Init, Norm, Optimizer};

fn small(c: Config) -> Config {
    Config {
        depth: 4,
        width: 16,
        ..c
    }
}

#[test]
fn lsuv_brings_every_pre_activation_variance_to_one() {
    for act in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
        let t = Trainer::new(Config {
            init: Init::Lsuv,
            act,
            depth: 8,
            ..Config::default()
        })
        .unwrap();
        let n = t.batch_size();
        // Step 0 ran on the same first batch LSUV used.
        for i in 0..t.net.layers.len() {
            let units = t.net.layers[i].fan_out;
            let var = variance(&t.net.pre_activation(i)[..n * units]);
            assert!(
                (var - 1.0).abs() < LSUV_TOLERANCE,
                "{act:?} layer {}: Var[a] = {var}",
                i + 1
            );
        }
    }
}

#[test]
fn step_zero_is_the_first_batch_without_update() {
    let t = Trainer::new(small(Config::default())).unwrap();
    let s = t.stats();
    assert_eq!(s.step, 0);
    assert!(s.layers.iter().all(|l| l.update_ratio == 0.0));
    assert!(s.loss.is_finite() && s.loss > 0.0);
    assert!(s.test_accuracy.is_finite());
    assert_eq!(s.layers.len(), 5);
    assert!(s.layers.iter().enumerate().all(|(i, l)| l.layer == i + 1));
}

#[test]
fn stepping_updates_and_reports() {
    let mut t = Trainer::new(small(Config {
        opt: Optimizer::Adam,
        ..Config::default()
    }))
    .unwrap();
    let w0 = t.net.params.clone();
    assert_eq!(t.step(3), 3);
    assert_eq!(t.stats().step, 3);
    assert_ne!(w0, t.net.params);
    assert!(t
        .stats()
        .layers
        .iter()
        .all(|l| l.update_ratio > 0.0 && l.update_ratio.is_finite()));
    // Histograms count every entry of the batch × units.
    let l = &t.stats().layers[0];
    assert_eq!(l.hist_a.iter().sum::<u32>() as usize, t.batch_size() * 16);
    assert_eq!(
        l.hist_grad.iter().sum::<u32>() as usize,
        t.batch_size() * 16
    );
}

#[test]
fn training_learns_the_spiral() {
    let mut t = Trainer::new(Config {
        opt: Optimizer::Adam,
        ..Config::default()
    })
    .unwrap();
    let first = t.stats().loss;
    t.step(500);
    let s = t.stats();
    assert!(s.loss < 0.5 * first, "loss {first} → {}", s.loss);
    assert!(s.test_accuracy > 0.8, "test accuracy {}", s.test_accuracy);
}

#[test]
fn prelu_slope_is_reported_and_learned() {
    let mut t = Trainer::new(small(Config {
        act: Activation::Prelu,
        lr: 0.1,
        ..Config::default()
    }))
    .unwrap();
    assert!(t.stats().layers[..4].iter().all(|l| l.slope == 0.25));
    assert!(t.stats().layers[4].slope.is_nan());
    t.step(20);
    assert!(t.stats().layers[..4].iter().any(|l| l.slope != 0.25));
}

#[test]
fn batch_norm_evaluates_with_running_averages() {
    let mut t = Trainer::new(small(Config {
        norm: Norm::Batch,
        ..Config::default()
    }))
    .unwrap();
    t.step(TEST_EVERY as usize);
    assert!(t.stats().test_accuracy.is_finite());
    let b = t.boundary(16).unwrap();
    assert!(b.confidence.iter().all(|c| c.is_finite()));
}

#[test]
fn boundary_and_points_for_2d_data_only() {
    let t = Trainer::new(small(Config::default())).unwrap();
    let b = t.boundary(1000).unwrap();
    assert_eq!(b.resolution, 256);
    assert_eq!(b.class.len(), 256 * 256);
    assert!(b.class.iter().all(|&k| (k as usize) < t.data.n_classes));
    let classes = t.data.n_classes as f32;
    assert!(b
        .confidence
        .iter()
        .all(|&c| c >= 1.0 / classes - 1e-6 && c <= 1.0));
    let [x0, x1, y0, y1] = b.extent;
    assert!(x0 < x1 && y0 < y1);
    let (xy, y) = t.points(100).unwrap();
    assert_eq!((xy.len(), y.len()), (200, 100));
    assert!(xy
        .chunks(2)
        .all(|p| p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1));
    // The points are spread over the classes, not the first 100 of one.
    assert!((0..t.data.n_classes as u32).all(|k| y.contains(&k)));

    let digits = Trainer::new(small(Config {
        data: Dataset::Digits,
        ..Config::default()
    }))
    .unwrap();
    assert!(digits.boundary(32).is_none());
    assert!(digits.points(10).is_none());
}

#[test]
fn boundary_agrees_with_the_training_forward_pass() {
    // Layer norm has no running averages, so evaluation equals training mode exactly.
    let t = Trainer::new(small(Config {
        norm: Norm::Layer,
        ..Config::default()
    }))
    .unwrap();
    let x = &t.net.input()[..2 * t.batch_size()];
    let logits = evaluation::predict(&t.net, x, t.batch_size());
    for (a, b) in logits.iter().zip(t.net.output(t.net.layers.len() - 1)) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }
}

#[test]
fn memory_estimate_covers_the_network() {
    let c = Config {
        depth: 3,
        width: 8,
        opt: Optimizer::Adam,
        ..Config::default()
    };
    let t = Trainer::new(c).unwrap();
    assert!(t.net.allocated_floats() + 2 * t.net.params.len() < MAX_FLOATS);
    // The largest default-range config that fits: depth 100, width 512, SGD.
    assert!(Trainer::new(Config {
        depth: 100,
        width: 512,
        ..Config::default()
    })
    .is_ok());
}

/// Two blobs around (±3, ±3) plus a constant third column, as a user's file would hold.
fn blobs_csv() -> String {
    let mut text = String::from("u,v,w,class\n");
    for i in 0..200 {
        let jitter = (i % 10) as f32 * 0.1;
        let (sign, class) = if i % 2 == 0 {
            (1.0, "left")
        } else {
            (-1.0, "right")
        };
        text.push_str(&format!(
            "{},{},7,{class}\n",
            sign * 3.0 + jitter,
            sign * 3.0 - jitter
        ));
    }
    text
}

#[test]
fn data_csv_without_a_file_says_how_to_give_one() {
    let Err(e) = Trainer::new(Config::from_query("data=csv").config) else {
        panic!("data=csv without a file trained");
    };
    assert!(e.to_string().contains("--data-file"), "{e}");
}

#[test]
fn trains_on_a_csv_table_and_says_data_csv() {
    let table = crate::data::csv::parse(blobs_csv().as_bytes()).unwrap();
    let config = Config::from_query("depth=2&width=8&lr=0.1&seed=3").config;
    let mut t = Trainer::with_table(config, &table).unwrap();
    assert_eq!(t.config().data, Dataset::Csv);
    assert!(t.config().to_query().contains("data=csv"));
    assert_eq!((t.data().n_inputs, t.data().n_classes), (3, 2));
    assert_eq!(t.data().n_train() + t.data().n_test(), 200);
    // The constant column is standardised to 0, never NaN.
    assert_eq!(t.data().std[2], 0.0);
    assert!(t.boundary(8).is_none(), "three features are not a plane");
    t.step(200);
    assert!(
        t.stats().test_accuracy > 0.99,
        "{}",
        t.stats().test_accuracy
    );
    // Same table and seed, same run, to the bit.
    let mut again = Trainer::with_table(t.config().clone(), &table).unwrap();
    again.step(200);
    assert_eq!(again.stats().loss.to_bits(), t.stats().loss.to_bits());
}

#[test]
fn a_two_feature_csv_has_a_decision_boundary() {
    let text: String = blobs_csv()
        .lines()
        .map(|l| l.replace(",7,", ",").replace(",w,", ",") + "\n")
        .collect();
    let table = crate::data::csv::parse(text.as_bytes()).unwrap();
    let t = Trainer::with_table(Config::from_query("depth=2&width=8").config, &table).unwrap();
    assert!(t.data().is_2d());
    assert_eq!(t.boundary(8).unwrap().class.len(), 64);
    assert_eq!(t.points(50).unwrap().1.len(), 50);
}
