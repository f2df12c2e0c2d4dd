//! Named experiments: each a canonical query and one sentence on what the reader should see.
//!
//! Two tables of the same [`Preset`] type:
//!
//! * [`PRESETS`]: single-configuration experiments, queries for [`Config::from_query`] (the
//!   CLI's `gradfall train` takes them as they are);
//! * [`COMPARE_PRESETS`]: side-by-side experiments, queries for [`Experiment::from_query`]
//!   with B–D written as `b.key=value` (see [`crate::experiment`]).
//!
//! Names are unique across both tables. Every query is canonical — exactly what `to_query`
//! writes for its parse — so selecting a preset and reading the page's URL back give the
//! same text (tested below).
//!
//! [`Config::from_query`]: crate::Config::from_query
//! [`Experiment::from_query`]: crate::experiment::Experiment::from_query

use serde::Serialize;

/// A named experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Preset {
    /// Short kebab-case identifier, used in menus and by `gradfall presets`.
    pub name: &'static str,
    /// The canonical query.
    pub query: &'static str,
    /// One sentence: what the reader should see.
    pub explanation: &'static str,
}

/// The single-configuration presets, in the order of the story the page tells: the vanishing
/// gradient, ReLU's fix, its dying units, then the remedies.
///
/// Each sentence was checked against `gradfall train <name>` at the default seed: step-0
/// `grad_a` of layer 1 over the last hidden layer was 1.3e-12 (vanishing-sigmoid), 0.72
/// (tanh-xavier), 0.43 (relu-he), 1.8e-5 (relu-xavier), 0.62 (prelu), 88 (elu), 32 (selu),
/// 0.87 (lsuv), 33 (residual; 1.2e-9 without `res`), 82/0.21 ≈ 390 (batchnorm), and after
/// 2 000 steps batchnorm and residual reach ≥ 98 % test accuracy where their plain
/// counterparts stay at chance.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "vanishing-sigmoid",
        query: "v=1&act=sigmoid&depth=20&init=xavier",
        explanation: "Sigmoid's slope is at most 0.25, so the back-propagated gradient shrinks by a roughly constant factor per layer and the first of these 20 layers get many orders of magnitude less gradient than the last: they barely learn.",
    },
    Preset {
        name: "tanh-xavier",
        query: "v=1&act=tanh&depth=20&init=xavier",
        explanation: "Tanh is zero-centred with slope 1 at the origin, so with Xavier initialisation the gradient decays only slowly across 20 layers, far less than sigmoid's.",
    },
    Preset {
        name: "relu-he",
        query: "v=1&depth=30",
        explanation: "ReLU's slope is exactly 1 on active paths and He initialisation (Var[w] = 2/fan_in) makes up for the half of the units that are off, so all 30 layers receive gradients of the same order.",
    },
    Preset {
        name: "relu-xavier",
        query: "v=1&depth=30&init=xavier",
        explanation: "Xavier gives ReLU only half the variance it needs, so the gradient shrinks by about 1/√2 per layer: more than four orders of magnitude over 30 layers, and the net does not learn.",
    },
    // Chosen with a sweep of the real trainer (width 32, batch 64, 1500 steps, depth 4 and 8,
    // lr 0.1–1, bias 0 and −0.5, seeds 1–4): at depth 8 and lr 0.3 ReLU loses 23–30 % of its
    // units for good on every seed (and accuracy on seed 1), while leaky and necro keep all
    // of them and reach ≥ 98 % test accuracy. A negative bias kills units at once instead of
    // through training, which hides the mechanism. `dying_story_holds` re-checks it.
    Preset {
        name: "dying-relu",
        query: "v=1&depth=8&lr=0.3&seed=5",
        explanation: "A learning rate of 0.3 makes large updates that push some ReLU units below zero for every input: they output 0, get exactly zero gradient and never recover, so watch the dead fraction climb to about a quarter of the units.",
    },
    Preset {
        name: "zero-init",
        query: "v=1&init=zeros",
        explanation: "With all weights zero every ReLU unit outputs 0 and gets zero gradient, and every unit of a layer is identical anyway, so the hidden layers never learn and the accuracy stays at chance.",
    },
    Preset {
        name: "leaky",
        query: "v=1&act=leaky&alpha=0.1&depth=8&lr=0.3&seed=5",
        explanation: "The dying-relu setup with leaky ReLU: a slope of 0.1 for negative inputs keeps a gradient flowing through every unit, so none can die.",
    },
    Preset {
        name: "prelu",
        query: "v=1&act=prelu&depth=30",
        explanation: "PReLU learns each layer's negative slope (starting at 0.25) by gradient descent alongside the weights; with He initialisation and the leaky gain the gradient of a 30-layer net stays within a small factor across layers, and no unit can die.",
    },
    Preset {
        name: "elu",
        query: "v=1&act=elu&depth=30",
        explanation: "ELU is smooth, saturates at −α for negative inputs and pulls mean activations toward zero; it passes more signal below zero than ReLU does, so He initialisation (made for ReLU) lets its gradient grow toward the input across these 30 layers.",
    },
    Preset {
        name: "selu",
        query: "v=1&act=selu&depth=30&init=lecun",
        explanation: "SELU with LeCun initialisation is self-normalising: activations keep mean about 0 and variance about 1 through 30 layers without any normalisation layer, and the gradient does not vanish.",
    },
    Preset {
        name: "necro",
        query: "v=1&act=necro&depth=8&lr=0.3&seed=5",
        explanation: "The dying-relu setup with NecroReLU: the forward pass is still ReLU, but the backward pass uses slope 0.1 below zero (a surrogate gradient), so switched-off units keep learning and can come back; the price is that this surrogate is not the loss's true gradient, so at this learning rate a long run can still diverge.",
    },
    Preset {
        name: "lsuv",
        query: "v=1&depth=30&init=lsuv",
        explanation: "LSUV starts from orthogonal weights and rescales each layer until its pre-activations have unit variance on the first batch, so a 30-layer ReLU net starts with a flat gradient profile measured on real data.",
    },
    Preset {
        name: "residual",
        query: "v=1&act=tanh&depth=30&init=xavier&gain=0.5&res=1",
        explanation: "A 30-layer tanh net with weights at half the Xavier scale, whose gradient would shrink about a billion-fold toward the input without shortcuts: the identity shortcut around each layer carries the gradient to the first layers, and the net trains.",
    },
    Preset {
        name: "batchnorm",
        query: "v=1&act=sigmoid&depth=20&init=xavier&norm=batch",
        explanation: "The vanishing-sigmoid net with batch normalisation: rescaling each pre-activation to unit variance over the batch undoes sigmoid's shrinking factor, so the first layers get plenty of gradient (at initialisation even more than the last) and the net trains.",
    },
    // The Jacobian spectra of the lab's spectrum view (Saxe et al. 2014; Pennington,
    // Schoenholz & Ganguli 2017), each at depth 20 and width 32: `spectra_differ_as_told`
    // checks the sentences against `gradfall jacobian`.
    Preset {
        name: "spectrum-orthogonal-tanh",
        query: "v=1&act=tanh&depth=20&init=orthogonal",
        explanation: "Orthogonal weights on a 20-layer tanh net at the critical point (σ_w² = 1, σ_b² = 0): the singular values of the Jacobian from the first hidden layer to the last stay within a factor of about 6 of each other, so every direction of the signal gets through.",
    },
    Preset {
        name: "spectrum-gaussian-tanh",
        query: "v=1&act=tanh&depth=20&init=xavier-normal",
        explanation: "The same tanh net with Gaussian weights of the same variance: the average gradient is kept, but the Jacobian's singular values spread over more than ten orders of magnitude, so most directions of the signal are lost.",
    },
    Preset {
        name: "spectrum-relu-he",
        query: "v=1&depth=20",
        explanation: "ReLU with He initialisation keeps the average gradient but not its directions: the units that are off for this example make the Jacobian singular, so many of its singular values are zero or nearly so.",
    },
];

/// The compare presets: each sets A as the plain query and B–D as what differs from A.
pub const COMPARE_PRESETS: &[Preset] = &[
    Preset {
        name: "sigmoid-vs-relu",
        query: "v=1&act=sigmoid&depth=20&init=xavier&b.act=relu&b.init=he",
        explanation: "The same 20-layer net on the same data and seed: with sigmoid (A) the gradient falls by orders of magnitude toward the input, with ReLU and He initialisation (B) it stays level.",
    },
    Preset {
        name: "xavier-vs-he-relu30",
        query: "v=1&depth=30&init=xavier&b.init=he",
        explanation: "Two 30-layer ReLU nets that differ only in initialisation: Xavier (A) gives half the variance ReLU needs, so its gradient shrinks by about 1/√2 per layer, while He (B) keeps it flat.",
    },
    Preset {
        name: "relu-vs-leaky-vs-necro",
        query: "v=1&depth=8&lr=0.3&seed=5&b.act=leaky&b.alpha=0.1&c.act=necro",
        explanation: "The dying-relu setup three ways: plain ReLU (A) loses units for good, leaky ReLU (B) keeps a gradient through every unit, and NecroReLU (C) stays ReLU in the forward pass while its surrogate gradient lets switched-off units learn back.",
    },
    Preset {
        name: "plain-vs-residual",
        query: "v=1&act=tanh&depth=30&init=xavier&gain=0.5&b.res=1",
        explanation: "A 30-layer tanh net with weights at half the Xavier scale, without (A) and with (B) identity shortcuts: A's gradient falls about a billion-fold toward the input and it never learns, while B's reaches every layer and B trains.",
    },
];

/// The single-configuration preset called `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The compare preset called `name`.
pub fn find_compare(name: &str) -> Option<&'static Preset> {
    COMPARE_PRESETS.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Experiment;
    use crate::{Activation, Config, Init, Norm};

    #[test]
    fn every_preset_parses_cleanly_and_is_canonical() {
        for p in PRESETS {
            let parsed = Config::from_query(p.query);
            assert!(
                parsed.warnings.is_empty(),
                "{}: {:?}",
                p.name,
                parsed.warnings
            );
            assert_eq!(
                parsed.config.to_query(),
                p.query,
                "{} is not canonical",
                p.name
            );
            assert!(parsed.config.problems().is_empty(), "{}", p.name);
        }
    }

    #[test]
    fn the_required_presets_exist_once_each_with_one_sentence() {
        let required = [
            "vanishing-sigmoid",
            "tanh-xavier",
            "relu-he",
            "relu-xavier",
            "dying-relu",
            "zero-init",
            "leaky",
            "prelu",
            "elu",
            "selu",
            "necro",
            "lsuv",
            "residual",
            "batchnorm",
        ];
        for name in required {
            assert!(find(name).is_some(), "missing preset {name}");
        }
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(
                PRESETS[..i].iter().all(|q| q.name != p.name),
                "duplicate {}",
                p.name
            );
            let e = p.explanation;
            assert!(
                e.ends_with('.') && e.matches(". ").count() == 0,
                "{}: one sentence",
                p.name
            );
        }
        assert!(find("nope").is_none());
    }

    #[test]
    fn spectra_differ_as_told() {
        let spectrum = |name: &str| {
            let config = Config::from_query(find(name).unwrap().query).config;
            crate::theory::jacobian::singular_values(&config).unwrap()
        };
        let spread = |s: &[f64]| s[0] / s[s.len() - 1];
        let orthogonal = spectrum("spectrum-orthogonal-tanh");
        assert!(spread(&orthogonal) < 10.0, "{orthogonal:?}");
        let gaussian = spectrum("spectrum-gaussian-tanh");
        assert!(spread(&gaussian) > 1e10, "{gaussian:?}");
        let relu = spectrum("spectrum-relu-he");
        let tiny = relu.iter().filter(|&&v| v < 1e-12 * relu[0]).count();
        assert!(tiny >= relu.len() / 4, "{relu:?}");
    }

    #[test]
    fn every_compare_preset_parses_cleanly_and_is_canonical() {
        for name in [
            "sigmoid-vs-relu",
            "xavier-vs-he-relu30",
            "relu-vs-leaky-vs-necro",
            "plain-vs-residual",
        ] {
            assert!(
                find_compare(name).is_some(),
                "missing compare preset {name}"
            );
        }
        for p in COMPARE_PRESETS {
            let (experiment, warnings) = Experiment::from_query(p.query);
            assert!(warnings.is_empty(), "{}: {warnings:?}", p.name);
            assert_eq!(
                experiment.to_query(),
                p.query,
                "{} is not canonical",
                p.name
            );
            assert!(experiment.configs.len() >= 2, "{} compares nothing", p.name);
            let e = p.explanation;
            assert!(
                e.ends_with('.') && !e.contains(". "),
                "{}: one sentence",
                p.name
            );
            assert!(find(p.name).is_none(), "{} is in both tables", p.name);
        }
    }

    /// Each compare preset changes exactly what its name says, against the matching single preset.
    #[test]
    fn compare_presets_compare_what_their_names_say() {
        let configs = |name: &str| {
            Experiment::from_query(find_compare(name).unwrap().query)
                .0
                .configs
        };
        let single = |name: &str| Config::from_query(find(name).unwrap().query).config;
        let c = configs("sigmoid-vs-relu");
        assert_eq!(c[0], single("vanishing-sigmoid"));
        assert_eq!(
            Config {
                act: Activation::Relu,
                init: Init::He,
                ..c[0].clone()
            },
            c[1]
        );
        let c = configs("xavier-vs-he-relu30");
        assert_eq!(
            (c[0].clone(), c[1].clone()),
            (single("relu-xavier"), single("relu-he"))
        );
        let c = configs("relu-vs-leaky-vs-necro");
        assert_eq!(c[0], single("dying-relu"));
        assert_eq!(c[1], single("leaky"));
        assert_eq!(c[2], single("necro"));
        assert_eq!(
            c[2].alpha(),
            c[1].alpha(),
            "B and C use the same negative slope"
        );
        let c = configs("plain-vs-residual");
        assert_eq!(c[1], single("residual"));
        assert_eq!(
            c[0],
            Config {
                res: false,
                ..single("residual")
            }
        );
    }

    /// The presets show what their names say: pin the parameters that make them work.
    #[test]
    fn presets_hold_the_parameters_their_story_needs() {
        let config = |name: &str| Config::from_query(find(name).unwrap().query).config;
        let sig = config("vanishing-sigmoid");
        assert_eq!(
            (sig.act, sig.init, sig.depth),
            (Activation::Sigmoid, Init::Xavier, 20)
        );
        let he = config("relu-he");
        assert_eq!(
            (he.act, he.init, he.depth),
            (Activation::Relu, Init::He, 30)
        );
        let xavier = config("relu-xavier");
        assert_eq!(
            (xavier.act, xavier.init, xavier.depth),
            (Activation::Relu, Init::Xavier, 30)
        );
        assert!(config("dying-relu").lr > Config::default().lr);
        assert_eq!(config("zero-init").init, Init::Zeros);
        // The remedies change only the activation against the problem they fix.
        for (remedy, act) in [("leaky", Activation::Leaky), ("necro", Activation::Necro)] {
            let c = config(remedy);
            assert_eq!(c.act, act);
            assert_eq!(
                Config {
                    act: Activation::Relu,
                    alpha: None,
                    ..c
                },
                config("dying-relu")
            );
        }
        let res = config("residual");
        assert!(
            res.res && res.gain < 1.0,
            "a plain net that vanishes, rescued by shortcuts"
        );
        let bn = config("batchnorm");
        assert_eq!(bn.norm, Norm::Batch);
        assert_eq!(
            Config {
                norm: Norm::None,
                ..bn
            },
            sig
        );
        let selu = config("selu");
        assert_eq!((selu.act, selu.init), (Activation::Selu, Init::Lecun));
        assert_eq!(config("lsuv").init, Init::Lsuv);
    }

    /// The dying-ReLU presets tell their story with the real trainer: plain ReLU ends with a
    /// sizeable dead fraction, the remedies with none.
    #[test]
    fn dying_story_holds() {
        use crate::Trainer;
        let dead_after = |name: &str| {
            let mut t = Trainer::new(Config::from_query(find(name).unwrap().query).config).unwrap();
            t.step(1500);
            let stats = t.stats();
            assert_eq!(stats.diverged, None, "{name} diverged");
            let hidden = &stats.layers[..stats.layers.len() - 1];
            hidden.iter().map(|l| l.dead_frac).sum::<f32>() / hidden.len() as f32
        };
        let relu = dead_after("dying-relu");
        assert!(relu > 0.15, "dying-relu: mean dead fraction {relu}");
        for remedy in ["leaky", "necro"] {
            assert_eq!(dead_after(remedy), 0.0, "{remedy} has dead units");
        }
    }
}
