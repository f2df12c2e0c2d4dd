use super::*;

fn spec(norm: Norm, res: bool, act: Activation) -> Spec {
    Spec {
        act,
        alpha: 0.25,
        norm,
        res,
        loss: Loss::Ce,
        sizes: vec![3, 4, 4, 4, 2],
        max_batch: 5,
    }
}

#[test]
fn allocation_matches_the_estimate() {
    for norm in [Norm::None, Norm::Batch, Norm::Layer] {
        for act in [Activation::Relu, Activation::Prelu] {
            let s = spec(norm, true, act);
            assert_eq!(Network::new(&s).allocated_floats(), Network::floats_for(&s));
        }
    }
}

#[test]
fn residual_only_where_widths_match() {
    let net = Network::new(&spec(Norm::None, true, Activation::Relu));
    let res: Vec<bool> = net.layers.iter().map(|l| l.residual).collect();
    assert_eq!(res, [false, true, true, false]);
}

/// With layer norm (no running averages) evaluation equals the training-mode forward pass.
#[test]
fn eval_forward_matches_training_forward() {
    for norm in [Norm::None, Norm::Layer] {
        let s = spec(norm, true, Activation::Tanh);
        let mut net = Network::new(&s);
        let mut rng = crate::rng::Rng::new(5, 0);
        for p in net.params.iter_mut() {
            *p += rng.normal() as f32 * 0.5;
        }
        let x: Vec<f32> = (0..15).map(|_| rng.normal() as f32).collect();
        net.input_mut()[..15].copy_from_slice(&x);
        net.forward(5);
        let mut logits = vec![0.0; 10];
        let mut scratch = net.eval_scratch(5);
        net.forward_eval(&x, 5, &mut logits, &mut scratch);
        for (a, b) in logits.iter().zip(net.output(3)) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }
}
