use super::*;
use crate::{Activation, Init};

fn parse(query: &str) -> (Experiment, Vec<crate::Warning>) {
    Experiment::from_query(query)
}

#[test]
fn a_plain_query_is_one_configuration() {
    let (e, w) = parse("act=tanh&depth=5");
    assert!(w.is_empty());
    assert_eq!(
        e.configs,
        vec![Config::from_query("act=tanh&depth=5").config]
    );
    assert!(e.ui.is_empty());
    assert_eq!(e.to_query(), "v=1&act=tanh&depth=5");
    assert_eq!(parse("").0, Experiment::default());
}

#[test]
fn prefixed_keys_override_a_copy_of_a() {
    // B's key may come before A's: A is read in full first.
    let (e, w) = parse("b.act=relu&act=sigmoid&depth=20&init=xavier&b.init=he&c.depth=3");
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(e.configs.len(), 3);
    let [a, b, c] = [&e.configs[0], &e.configs[1], &e.configs[2]];
    assert_eq!(
        (a.act, a.init, a.depth),
        (Activation::Sigmoid, Init::Xavier, 20)
    );
    assert_eq!((b.act, b.init, b.depth), (Activation::Relu, Init::He, 20));
    assert_eq!(
        (c.act, c.init, c.depth),
        (Activation::Sigmoid, Init::Xavier, 3)
    );
    assert_eq!(
        e.to_query(),
        "v=1&act=sigmoid&depth=20&init=xavier&b.act=relu&b.init=he&c.depth=3"
    );
}

#[test]
fn a_bare_letter_declares_an_identical_copy() {
    for q in ["depth=4&b=1", "depth=4&b", "depth=4&B=true"] {
        let (e, w) = parse(q);
        assert!(w.is_empty(), "{q}: {w:?}");
        assert_eq!(e.configs.len(), 2, "{q}");
        assert_eq!(e.configs[0], e.configs[1]);
        assert_eq!(e.to_query(), "v=1&depth=4&b=1");
    }
    assert_eq!(parse("b=0").0.configs.len(), 1);
    let (e, w) = parse("b=2");
    assert_eq!(e.configs.len(), 1);
    assert_eq!(w, vec!["b=2 is not 1; write b=1 to add B as a copy of A"]);
}

#[test]
fn warnings_name_their_configuration() {
    let (_, w) = parse("act=foo&b.act=bar&b.depth=0");
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w[0].starts_with("A: act=foo is not one of relu,"),
        "{}",
        w[0]
    );
    assert!(
        w[1].starts_with("B: act=bar is not one of relu,"),
        "{}",
        w[1]
    );
    assert_eq!(w[2], "B: depth=0 is below the minimum 1; using 1");
    // With one configuration A's warnings carry no label.
    assert_eq!(parse("act=foo").1.len(), 1);
    assert!(parse("act=foo").1[0].starts_with("act=foo"));
}

#[test]
fn gaps_move_up_and_extra_letters_are_refused() {
    let (e, w) = parse("d.depth=7&e.depth=8&z=1");
    assert_eq!(e.configs.len(), 2);
    assert_eq!(e.configs[1].depth, 7);
    assert_eq!(
        w,
        vec![
            "at most 4 configurations (A–D); e.depth ignored",
            "D is given without B; it is shown as B",
            "A: unknown key \"z\" ignored",
        ]
    );
    // A is written without a prefix; the suggestion says so.
    assert_eq!(
        parse("a.depth=3").1,
        vec!["unknown key \"a.depth\" ignored; did you mean depth?"]
    );
}

#[test]
fn alpha_follows_the_activation_of_each_configuration() {
    // B inherits A's alpha silently dropped when B's activation ignores it…
    let (e, w) = parse("act=leaky&alpha=0.2&b.act=relu&c.act=elu&c.alpha=auto");
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(e.configs[1].alpha, None);
    assert_eq!(e.configs[2].alpha, None);
    assert_eq!(
        e.to_query(),
        "v=1&act=leaky&alpha=0.2&b.act=relu&c.act=elu&c.alpha=auto"
    );
    // …but warns when B sets it itself.
    let (_, w) = parse("b.alpha=0.3&b=1");
    assert_eq!(w.len(), 1);
    assert!(
        w[0].starts_with("B: alpha=0.3 has no effect with act=relu"),
        "{}",
        w[0]
    );
}

#[test]
fn ui_keys_pass_through_in_canonical_form() {
    let (e, w) =
        parse("embed&speed=2.50&autoplay=true&view=Depth,loss,depth&metric=grad_w&act=tanh");
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(e.ui_value("view"), Some("depth,loss"));
    assert_eq!(
        e.to_query(),
        "v=1&act=tanh&view=depth,loss&autoplay=1&metric=grad_w&speed=2.5&embed=1"
    );
}

#[test]
fn ui_keys_are_validated_lightly() {
    let (e, w) = parse("view=depth,pie&autoplay=maybe&metric=loss&speed=fast&speed=1e9&embed=2");
    assert_eq!(e.ui, vec![("view".to_string(), "depth".to_string())]);
    assert_eq!(w.len(), 6, "{w:?}");
    assert!(w[0].starts_with("view: unknown pie dropped"), "{}", w[0]);
    assert_eq!(w[1], "autoplay=maybe is not 0 or 1; ignored");
    assert!(w[2].starts_with("metric=loss is not one of grad_a, grad_w, update_ratio"));
    assert_eq!(w[3], "speed=fast is not a number from 0 to 1000; ignored");
    let (_, w) = parse("view=pie");
    assert!(w[0].starts_with("view=pie names no chart"), "{w:?}");
    let (e, w) = parse("autoplay=1&autoplay=0");
    assert_eq!(e.ui_value("autoplay"), Some("0"));
    assert_eq!(
        w,
        vec!["autoplay is given more than once; the last one wins"]
    );
}

#[test]
fn version_is_checked_once() {
    let (e, w) = parse("v=7&b.depth=2");
    assert_eq!(e.configs.len(), 2);
    assert_eq!(w, vec!["unknown version v=7; reading it as v=1"]);
}

#[test]
fn writes_at_most_four_configurations_and_a_default_a_when_empty() {
    let e = Experiment {
        configs: vec![],
        ui: vec![],
    };
    assert_eq!(e.to_query(), "v=1");
    let many = Experiment {
        configs: vec![Config::default(); 6],
        ui: vec![],
    };
    assert_eq!(many.to_query(), "v=1&b=1&c=1&d=1");
}

#[test]
fn keys_belong_to_their_configuration() {
    for (key, owner) in [
        ("act", Some(0)),
        ("x", Some(0)),
        ("b", Some(1)),
        ("b.act", Some(1)),
        ("C.depth", Some(2)),
        ("d.lr", Some(3)),
        ("e.act", None),
        ("v", None),
        ("view", None),
        ("speed", None),
    ] {
        assert_eq!(key_owner(key), owner, "{key}");
    }
}

#[test]
fn ui_table_is_consistent_with_the_readers() {
    for key in UI_KEYS {
        assert!(
            KEYS.iter().all(|k| k.name != key.name),
            "{} clashes with a config key",
            key.name
        );
        assert!(key.help.ends_with('.'));
    }
    for chart in VIEW_CHARTS {
        assert!(UI_KEYS[0].help.contains(chart));
    }
}
