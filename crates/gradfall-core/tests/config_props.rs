//! Property tests of the query language: valid configs and compare experiments round-trip
//! exactly, and no input — arbitrary bytes or random `key=value` soups — panics or yields an
//! out-of-range config.

use gradfall_core::config::{ECHO_MAX, KEYS};
use gradfall_core::experiment::{Experiment, MAX_CONFIGS, METRICS, UI_KEYS, VIEW_CHARTS};
use gradfall_core::{Activation, Config, Dataset, Init, Loss, Norm, Optimizer};
use proptest::prelude::*;

/// A float in `min..=max`: uniform, an exact bound, or any bit pattern that falls in range
/// (subnormals, −0, values with long shortest representations).
fn float_in(min: f32, max: f32) -> impl Strategy<Value = f32> {
    prop_oneof![
        min..=max,
        Just(min),
        Just(max),
        any::<u32>()
            .prop_map(f32::from_bits)
            .prop_filter("in range", move |x| x.is_finite()
                && (min..=max).contains(x)),
    ]
}

fn pick<T: Copy + std::fmt::Debug + 'static>(variants: &'static [T]) -> impl Strategy<Value = T> {
    (0..variants.len()).prop_map(move |i| variants[i])
}

prop_compose! {
    /// Any valid config: every field within its key's range, `alpha` only where it matters.
    fn valid_config()(
        act in pick(Activation::VARIANTS),
        alpha in proptest::option::of(float_in(0.0, 5.0)),
        depth in 1usize..=100,
        width in 1usize..=1024,
        init in pick(Init::VARIANTS),
        gain in float_in(0.0, 10.0),
        bias in float_in(-10.0, 10.0),
        bstd in float_in(0.0, 10.0),
        res in any::<bool>(),
        norm in pick(Norm::VARIANTS),
        loss in pick(Loss::VARIANTS),
        opt in pick(Optimizer::VARIANTS),
        lr in float_in(0.0, 1000.0),
        batch in 1usize..=1024,
        l2 in float_in(0.0, 1.0),
        data in pick(Dataset::VARIANTS),
        noise in float_in(0.0, 1.0),
        seed in 0u64..=u32::MAX as u64,
    ) -> Config {
        let alpha = if act.uses_alpha() { alpha } else { None };
        Config { act, alpha, depth, width, init, gain, bias, bstd, res, norm, loss, opt, lr, batch, l2, data, noise, seed }
    }
}

/// Text that may or may not be a valid value of some key.
fn value_text() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = KEYS
        .iter()
        .flat_map(|k| match k.kind {
            gradfall_core::config::Kind::Choice { values } => values.to_vec(),
            _ => vec![],
        })
        .collect();
    prop_oneof![
        proptest::sample::select(names).prop_map(String::from),
        any::<f64>().prop_map(|x| x.to_string()),
        any::<i64>().prop_map(|x| x.to_string()),
        (-2000.0f64..2000.0).prop_map(|x| format!("{x}")),
        proptest::sample::select(vec![
            "", "inf", "-inf", "NaN", "1e999", "-0", "auto", "true", "%41", "%", "+1", ".5", "1.",
            "0x10"
        ])
        .prop_map(String::from),
        "\\PC{0,12}",
        ".{0,60}",
    ]
}

/// A key: usually a real one, sometimes `v`, a near miss or junk.
fn key_text() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = KEYS.iter().map(|k| k.name).collect();
    prop_oneof![
        4 => proptest::sample::select(names).prop_map(String::from),
        1 => Just("v".to_string()),
        1 => "[a-z]{0,6}",
        1 => ".{0,10}",
    ]
}

/// Checks the invariants every parse must satisfy, whatever the input.
fn assert_sane(query: &str) -> Result<(), TestCaseError> {
    let parsed = Config::from_query(query);
    prop_assert!(
        parsed.config.problems().is_empty(),
        "{query:?} -> {:?}",
        parsed.config.problems()
    );
    for w in &parsed.warnings {
        prop_assert!(
            !w.chars().any(char::is_control),
            "control character in {w:?}"
        );
        // Echoed user text is cut at ECHO_MAX; the longest fixed text is the activation list.
        prop_assert!(w.chars().count() <= 2 * ECHO_MAX + 160, "too long: {w:?}");
    }
    // The canonical form of whatever was read is clean and a fixed point.
    let canonical = parsed.config.to_query();
    let again = Config::from_query(&canonical);
    prop_assert!(
        again.warnings.is_empty(),
        "{canonical}: {:?}",
        again.warnings
    );
    prop_assert_eq!(&again.config, &parsed.config);
    prop_assert_eq!(again.config.to_query(), canonical);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn valid_configs_round_trip_exactly(config in valid_config()) {
        prop_assert!(config.problems().is_empty());
        let query = config.to_query();
        prop_assert!(query.starts_with("v=1"));
        let parsed = Config::from_query(&query);
        prop_assert!(parsed.warnings.is_empty(), "{query}: {:?}", parsed.warnings);
        prop_assert_eq!(&parsed.config, &config, "{}", query);
        prop_assert_eq!(parsed.config.to_query(), query);
    }

    #[test]
    fn pair_order_and_percent_encoding_do_not_matter(
        config in valid_config(),
        order in any::<proptest::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let query = config.to_query();
        let mut pairs: Vec<&str> = query.split('&').collect();
        let n = pairs.len();
        pairs.rotate_left(order.index(n));
        // A deterministic shuffle from `seed`.
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            pairs.swap(i, (s >> 33) as usize % (i + 1));
        }
        let shuffled = format!("?{}", pairs.join("&"));
        prop_assert_eq!(&Config::from_query(&shuffled).config, &config);
        let encoded: String = shuffled.bytes().map(|b| match b {
            b'&' | b'=' | b'?' => (b as char).to_string(),
            _ => format!("%{b:02x}"),
        }).collect();
        let parsed = Config::from_query(&encoded);
        prop_assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        prop_assert_eq!(&parsed.config, &config);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        assert_sane(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,120}|.{0,120}") {
        assert_sane(&text)?;
    }

    #[test]
    fn key_value_soups_never_panic(
        pairs in proptest::collection::vec((key_text(), proptest::option::of(value_text())), 0..24),
        prefix in prop_oneof![Just(""), Just("?"), Just("&&")],
    ) {
        let query: String = prefix.to_string() + &pairs
            .iter()
            .map(|(k, v)| match v { Some(v) => format!("{k}={v}"), None => k.clone() })
            .collect::<Vec<_>>()
            .join("&");
        assert_sane(&query)?;
    }

    #[test]
    fn canonical_query_is_idempotent(config in valid_config(), junk in ".{0,30}") {
        // Canonicalising twice changes nothing, even after appending junk.
        let once = Config::from_query(&format!("{}&{junk}", config.to_query())).config.to_query();
        let twice = Config::from_query(&once).config.to_query();
        prop_assert_eq!(once, twice);
    }
}

// ---------------------------------------------------------------------------------------------
// Compare experiments
// ---------------------------------------------------------------------------------------------

/// Valid UI settings in canonical form and table order.
fn valid_ui() -> impl Strategy<Value = Vec<(String, String)>> {
    let view = proptest::sample::subsequence(VIEW_CHARTS.to_vec(), 1..=VIEW_CHARTS.len())
        .prop_shuffle()
        .prop_map(|charts| charts.join(","));
    let flag = || proptest::sample::select(vec!["0", "1"]).prop_map(String::from);
    let metric = proptest::sample::select(METRICS.to_vec()).prop_map(String::from);
    let speed = (0.0f64..=1000.0).prop_map(|x| format!("{x}"));
    (
        proptest::option::of(view),
        proptest::option::of(flag()),
        proptest::option::of(metric),
        proptest::option::of(speed),
        proptest::option::of(flag()),
    )
        .prop_map(|(view, autoplay, metric, speed, embed)| {
            [
                ("view", view),
                ("autoplay", autoplay),
                ("metric", metric),
                ("speed", speed),
                ("embed", embed),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect()
        })
}

/// B–D either independent random configs or A with a few keys changed (the usual case).
fn valid_experiment() -> impl Strategy<Value = Experiment> {
    (
        valid_config(),
        proptest::collection::vec(
            (
                valid_config(),
                proptest::collection::vec(any::<proptest::sample::Index>(), 0..4),
                any::<bool>(),
            ),
            0..MAX_CONFIGS,
        ),
        valid_ui(),
    )
        .prop_map(|(a, others, ui)| {
            let mut configs = vec![a.clone()];
            for (random, keys, independent) in others {
                if independent {
                    configs.push(random);
                } else {
                    // Take the chosen keys' values from `random`, the rest from A.
                    let mut query = a.to_query();
                    for index in keys {
                        let spec = &KEYS[index.index(KEYS.len())];
                        query.push_str(&format!("&{}={}", spec.name, spec.value_text(&random)));
                    }
                    configs.push(Config::from_query(&query).config);
                }
            }
            Experiment { configs, ui }
        })
}

/// Checks the invariants every experiment parse must satisfy, whatever the input.
fn assert_sane_experiment(query: &str) -> Result<(), TestCaseError> {
    let (experiment, warnings) = Experiment::from_query(query);
    prop_assert!((1..=MAX_CONFIGS).contains(&experiment.configs.len()));
    for config in &experiment.configs {
        prop_assert!(
            config.problems().is_empty(),
            "{query:?} -> {:?}",
            config.problems()
        );
    }
    for w in &warnings {
        prop_assert!(
            !w.chars().any(char::is_control),
            "control character in {w:?}"
        );
        prop_assert!(w.chars().count() <= 2 * ECHO_MAX + 160, "too long: {w:?}");
    }
    for (key, _) in &experiment.ui {
        prop_assert!(UI_KEYS.iter().any(|u| u.name == key));
    }
    let canonical = experiment.to_query();
    let (again, again_warnings) = Experiment::from_query(&canonical);
    prop_assert!(again_warnings.is_empty(), "{canonical}: {again_warnings:?}");
    prop_assert_eq!(&again, &experiment);
    prop_assert_eq!(again.to_query(), canonical);
    Ok(())
}

/// A key for experiment soups: config or UI keys with or without a prefix, bare letters, junk.
fn experiment_key() -> impl Strategy<Value = String> {
    let prefixes = vec!["", "", "", "b.", "c.", "d.", "e.", "B.", "a."];
    let ui: Vec<&'static str> = UI_KEYS.iter().map(|u| u.name).collect();
    prop_oneof![
        6 => (proptest::sample::select(prefixes), key_text()).prop_map(|(p, k)| format!("{p}{k}")),
        2 => proptest::sample::select(ui).prop_map(String::from),
        1 => proptest::sample::select(vec!["b", "c", "d", "e", "B", "b.", "."]).prop_map(String::from),
    ]
}

fn ui_value_text() -> impl Strategy<Value = String> {
    prop_oneof![
        value_text(),
        proptest::sample::select(METRICS.to_vec()).prop_map(String::from),
        proptest::collection::vec(proptest::sample::select(VIEW_CHARTS.to_vec()), 0..8)
            .prop_map(|v| v.join(",")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn valid_experiments_round_trip_exactly(experiment in valid_experiment()) {
        let query = experiment.to_query();
        let (parsed, warnings) = Experiment::from_query(&query);
        prop_assert!(warnings.is_empty(), "{query}: {warnings:?}");
        prop_assert_eq!(&parsed, &experiment, "{}", query);
        prop_assert_eq!(parsed.to_query(), query);
    }

    #[test]
    fn experiments_carry_only_what_differs(experiment in valid_experiment()) {
        // A's part is exactly A's own canonical query, and no B–D pair repeats A's value.
        let query = experiment.to_query();
        let a_query = experiment.configs[0].to_query();
        prop_assert!(query.starts_with(&a_query));
        for pair in query.split('&') {
            if let Some((key, value)) = pair.split_once('=') {
                if let Some((_, name)) = key.split_once('.') {
                    let spec = KEYS.iter().find(|k| k.name == name).unwrap();
                    prop_assert_ne!(spec.value_text(&experiment.configs[0]), value, "{}", query);
                }
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_as_experiments(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        assert_sane_experiment(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn experiment_soups_never_panic(
        pairs in proptest::collection::vec((experiment_key(), proptest::option::of(ui_value_text())), 0..24),
    ) {
        let query = pairs
            .iter()
            .map(|(k, v)| match v { Some(v) => format!("{k}={v}"), None => k.clone() })
            .collect::<Vec<_>>()
            .join("&");
        assert_sane_experiment(&query)?;
    }

    #[test]
    fn a_single_config_query_means_the_same_as_an_experiment(config in valid_config()) {
        let (experiment, warnings) = Experiment::from_query(&config.to_query());
        prop_assert!(warnings.is_empty());
        prop_assert_eq!(experiment.configs, vec![config.clone()]);
        prop_assert_eq!(Experiment::single(config.clone()).to_query(), config.to_query());
    }
}
