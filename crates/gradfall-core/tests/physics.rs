//! The physics the page exists to show, measured at step 0 (initialisation, first batch).

use gradfall_core::{Activation, Config, Init, Trainer};

fn trainer(config: Config) -> Trainer {
    Trainer::new(config.clone()).unwrap_or_else(|e| panic!("{config:?}: {e}"))
}

/// Step-0 `grad_a` of hidden layers 1..=L.
fn grad_a(config: Config) -> Vec<f32> {
    let t = trainer(config.clone());
    t.stats().layers[..config.depth].iter().map(|l| l.grad_a).collect()
}

fn cfg(act: Activation, init: Init, depth: usize, width: usize) -> Config {
    Config { act, init, depth, width, ..Config::default() }
}

/// The step-0 ratios grad_a(1)/grad_a(L) the closing note quotes (run with --nocapture).
#[test]
fn print_first_to_last_ratios() {
    let cases = [
        ("sigmoid+xavier", Activation::Sigmoid, Init::Xavier),
        ("tanh+xavier", Activation::Tanh, Init::Xavier),
        ("relu+xavier", Activation::Relu, Init::Xavier),
        ("relu+he", Activation::Relu, Init::He),
        ("sigmoid+he", Activation::Sigmoid, Init::He),
        ("tanh+he", Activation::Tanh, Init::He),
    ];
    for width in [32, 512] {
        for depth in [20, 30] {
            for (name, act, init) in cases {
                let t = trainer(cfg(act, init, depth, width));
                let l = &t.stats().layers;
                let measured = l[0].grad_a / l[depth - 1].grad_a;
                let theory = l[0].theory_grad_a / l[depth - 1].theory_grad_a;
                println!("width {width:4} depth {depth}: {name:15} grad_a(1)/grad_a({depth}) = {measured:.3e}   theory {theory:.3e}");
            }
        }
    }
}
