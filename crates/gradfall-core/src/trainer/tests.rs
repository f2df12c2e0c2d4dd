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
