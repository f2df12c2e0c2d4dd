use super::format::format_f32;
use super::*;

fn parse(query: &str) -> Parsed {
    Config::from_query(query)
}

/// The single warning of `query`, failing if there is not exactly one.
fn warning(query: &str) -> String {
    let parsed = parse(query);
    assert_eq!(parsed.warnings.len(), 1, "{query}: {:?}", parsed.warnings);
    parsed.warnings[0].text.clone()
}

#[test]
fn empty_query_is_the_default() {
    for q in ["", "?", "v=1", "?v=1", "&&", "?&v=1&"] {
        let parsed = parse(q);
        assert_eq!(parsed.config, Config::default(), "{q}");
        assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
    }
    assert_eq!(Config::default().to_query(), "v=1");
}

#[test]
fn reads_every_kind_of_key() {
    let p = parse("?act=leaky&alpha=0.2&depth=30&width=64&init=xavier-normal&gain=1.5&bias=-0.25&res=1&norm=batch&loss=mse&opt=adam&lr=0.5&batch=16&l2=0.001&data=digits&noise=0&seed=4294967295");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let c = p.config;
    assert_eq!(c.act, Activation::Leaky);
    assert_eq!(c.alpha, Some(0.2));
    assert_eq!((c.depth, c.width, c.batch), (30, 64, 16));
    assert_eq!(c.init, Init::XavierNormal);
    assert_eq!(
        (c.gain, c.bias, c.lr, c.l2, c.noise),
        (1.5, -0.25, 0.5, 0.001, 0.0)
    );
    assert!(c.res);
    assert_eq!(
        (c.norm, c.loss, c.opt, c.data),
        (Norm::Batch, Loss::Mse, Optimizer::Adam, Dataset::Digits)
    );
    assert_eq!(c.seed, 4_294_967_295);
}

#[test]
fn decodes_percent_plus_and_urls() {
    let c = parse("act=%52eLU&data=+xor+&lr=1%65-3").config;
    assert_eq!(
        (c.act, c.data, c.lr),
        (Activation::Relu, Dataset::Xor, 1e-3)
    );
    let p = parse("https://example.org/gradfall/?depth=7#top");
    assert_eq!(p.config.depth, 7);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(
        split_query("a=%zz&b=%4"),
        vec![
            ("a".to_string(), Some("%zz".to_string())),
            ("b".to_string(), Some("%4".to_string())),
        ]
    );
    assert_eq!(
        split_query("res&x="),
        vec![("res".into(), None), ("x".into(), Some("".into()))]
    );
}

#[test]
fn bool_accepts_words_digits_and_a_bare_key() {
    for (q, want) in [
        ("res=1", true),
        ("res=true", true),
        ("res=TRUE", true),
        ("res", true),
        ("res=0", false),
        ("res=false", false),
    ] {
        let p = parse(q);
        assert_eq!(p.config.res, want, "{q}");
        assert!(p.warnings.is_empty(), "{q}");
    }
    assert_eq!(
        warning("res=yes"),
        "res=yes is not 0, 1, true or false; keeping 0"
    );
}

#[test]
fn warns_about_unknown_keys_with_a_suggestion() {
    assert_eq!(warning("colour=red"), "unknown key \"colour\" ignored");
    assert_eq!(
        warning("widht=8"),
        "unknown key \"widht\" ignored; did you mean width?"
    );
    assert_eq!(
        warning("Depth=8"),
        "unknown key \"Depth\" ignored; did you mean depth?"
    );
    assert_eq!(warning("=8"), "\"=8\" has no key; ignored");
}

/// `suggest_key` lowercases ASCII only (a smaller wasm): upper case and non-ASCII letters
/// still get the suggestion Unicode lowercasing gave, since every key is ASCII.
#[test]
fn suggestions_survive_upper_case_and_non_ascii_letters() {
    for (typed, expected) in [
        ("WIDTH", Some("width")),
        ("Dépth", Some("depth")),
        ("ÄCT", Some("act")),
        ("LR", Some("lr")),
        ("ΔEPTH", Some("depth")),
        ("ÉÉÉÉÉ", None),
    ] {
        assert_eq!(suggest_key(typed), expected, "{typed}");
        let unicode = typed.to_lowercase();
        assert_eq!(suggest_key(&unicode), expected, "{unicode}");
    }
}

#[test]
fn warns_about_bad_choices_listing_the_valid_ones() {
    let w = warning("act=foo");
    assert!(
        w.starts_with("act=foo is not one of relu, sigmoid, tanh,"),
        "{w}"
    );
    assert!(w.ends_with("necro; keeping relu"), "{w}");
    assert_eq!(parse("act=foo").config.act, Activation::Relu);
    assert_eq!(
        warning("norm=group"),
        "norm=group is not one of none, batch, layer; keeping none"
    );
}

#[test]
fn warns_about_non_numbers_and_non_finite_values() {
    assert_eq!(warning("lr=fast"), "lr=fast is not a number; keeping 0.01");
    assert_eq!(
        warning("lr=NaN"),
        "lr=NaN is not a finite number; keeping 0.01"
    );
    assert_eq!(
        warning("gain=inf"),
        "gain=inf is not a finite number; keeping 1"
    );
    assert_eq!(
        warning("gain=-Infinity"),
        "gain=-Infinity is not a finite number; keeping 1"
    );
    assert_eq!(
        warning("depth=deep"),
        "depth=deep is not a number; keeping 10"
    );
    assert_eq!(warning("depth="), "depth has no value; keeping 10");
    assert_eq!(warning("depth"), "depth has no value; keeping 10");
    assert_eq!(parse("lr=NaN").config.lr, 0.01);
}

#[test]
fn clamps_out_of_range_numbers_saying_to_what() {
    assert_eq!(
        warning("width=99999999"),
        "width=99999999 is above the maximum 1024; using 1024"
    );
    assert_eq!(
        warning("depth=0"),
        "depth=0 is below the minimum 1; using 1"
    );
    assert_eq!(
        warning("depth=-5"),
        "depth=-5 is below the minimum 1; using 1"
    );
    assert_eq!(
        warning("bias=-11"),
        "bias=-11 is below the minimum -10; using -10"
    );
    assert_eq!(
        warning("lr=1e999"),
        "lr=1e999 is above the maximum 1000; using 1000"
    );
    assert_eq!(
        warning("seed=4294967296"),
        "seed=4294967296 is above the maximum 4294967295; using 4294967295"
    );
    assert_eq!(
        warning("depth=2.5"),
        "depth=2.5 is not a whole number; using 3"
    );
    let c = parse("width=99999999&depth=-5&lr=1e999&seed=99999999999999999999999").config;
    assert_eq!(
        (c.width, c.depth, c.lr, c.seed),
        (1024, 1, 1000.0, 4_294_967_295)
    );
}

#[test]
fn accepts_the_extremes_of_every_range() {
    let p = parse(
        "lr=1000&depth=100&width=1024&batch=1&gain=0&bias=-10&l2=1&noise=1&seed=0&act=elu&alpha=5",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.config.lr, 1000.0);
    let c = parse("depth=30.0&width=+8").config;
    assert_eq!((c.depth, c.width), (30, 8));
}

#[test]
fn warns_once_per_duplicated_key_and_the_last_wins() {
    let p = parse("depth=3&depth=4&depth=5");
    assert_eq!(p.config.depth, 5);
    assert_eq!(
        p.warnings,
        vec!["depth is given 3 times; the last readable one wins: depth=5"]
    );
    let p = parse("depth=3&depth=x");
    assert_eq!(
        p.config.depth, 3,
        "an unreadable value does not replace a readable one"
    );
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
}

#[test]
fn warns_about_unknown_versions() {
    assert_eq!(
        warning("v=2&depth=3"),
        "unknown version v=2; reading it as v=1"
    );
    assert_eq!(parse("v=2&depth=3").config.depth, 3);
    assert_eq!(warning("v"), "unknown version v=; reading it as v=1");
}

#[test]
fn alpha_is_dropped_with_a_warning_when_the_activation_ignores_it() {
    let p = parse("alpha=0.3");
    assert_eq!(p.config.alpha, None);
    assert_eq!(p.warnings, vec!["alpha=0.3 has no effect with act=relu; ignored (it applies to leaky, prelu, elu and necro)"]);
    // Order does not matter: alpha before act is fine.
    let p = parse("alpha=0.3&act=leaky");
    assert_eq!(p.config.alpha, Some(0.3));
    assert!(p.warnings.is_empty());
    let p = parse("act=leaky&alpha=0.3&alpha=auto");
    assert_eq!(p.config.alpha, None);
    assert_eq!(p.config.alpha(), 0.01);
    assert_eq!(
        warning("act=elu&alpha=6"),
        "alpha=6 is above the maximum 5; using 5"
    );
}

#[test]
fn echoes_at_most_forty_characters() {
    let long = "x".repeat(500);
    let w = warning(&format!("act={long}"));
    assert!(
        w.contains(&format!("act={}…", "x".repeat(ECHO_MAX - 1))),
        "{w}"
    );
    assert!(!w.contains(&"x".repeat(ECHO_MAX)));
    let w = warning(&format!("{long}=1"));
    assert!(w.chars().count() < 80, "{w}");
    let w = warning("act=%00%0A%1B");
    assert!(!w.chars().any(char::is_control), "{w:?}");
}

#[test]
fn writes_canonical_queries() {
    let c = Config {
        act: Activation::Sigmoid,
        depth: 20,
        init: Init::Xavier,
        lr: 0.1,
        res: true,
        ..Config::default()
    };
    assert_eq!(
        c.to_query(),
        "v=1&act=sigmoid&depth=20&init=xavier&res=1&lr=0.1"
    );
    let c = Config {
        lr: 1e-7,
        alpha: Some(0.25),
        ..Config::default()
    };
    assert_eq!(c.to_query(), "v=1&lr=1e-7", "alpha is not written for relu");
    let c = Config {
        act: Activation::Prelu,
        alpha: Some(0.25),
        ..Config::default()
    };
    assert_eq!(
        c.to_query(),
        "v=1&act=prelu&alpha=0.25",
        "an explicit alpha is kept"
    );
}

#[test]
fn table_defaults_match_config_default() {
    let d = Config::default();
    for spec in KEYS {
        assert_eq!(spec.default, spec.value_text(&d), "{}", spec.name);
        let parsed = Config::from_query(&format!("{}={}", spec.name, spec.default));
        assert!(
            parsed.warnings.is_empty(),
            "{}: the default text parses",
            spec.name
        );
    }
    let names: Vec<_> = KEYS.iter().map(|k| k.name).collect();
    assert_eq!(
        names,
        [
            "act", "alpha", "depth", "width", "init", "gain", "bias", "bstd", "res", "norm",
            "loss", "opt", "lr", "batch", "l2", "data", "noise", "seed"
        ]
    );
}

#[test]
fn enum_names_match_serde_and_activation_names() {
    for (&a, &name) in Activation::VARIANTS.iter().zip(Activation::NAMES) {
        assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{name}\""));
        assert_eq!(Activation::from_name(name), Some(a));
    }
    for (&i, &name) in Init::VARIANTS.iter().zip(Init::NAMES) {
        assert_eq!(serde_json::to_string(&i).unwrap(), format!("\"{name}\""));
    }
    for (&d, &name) in Dataset::VARIANTS.iter().zip(Dataset::NAMES) {
        assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{name}\""));
    }
}

#[test]
fn key_table_serialises_for_the_page() {
    let json = serde_json::to_value(KEYS).unwrap();
    assert_eq!(json[0]["name"], "act");
    assert_eq!(json[0]["kind"]["type"], "choice");
    assert_eq!(json[0]["kind"]["values"][12], "necro");
    assert_eq!(json[1]["kind"]["auto"], true);
    assert_eq!(
        json[3]["kind"],
        serde_json::json!({"type": "int", "min": 1, "max": 1024})
    );
    assert_eq!(json[8]["kind"]["type"], "bool");
    assert_eq!(json[17]["kind"]["max"], 4_294_967_295u64);
}

#[test]
fn set_changes_one_key() {
    let mut c = Config::default();
    assert!(c.set("act", "tanh").is_empty());
    assert_eq!(c.act, Activation::Tanh);
    assert_eq!(
        c.set("width", "5000"),
        vec!["width=5000 is above the maximum 1024; using 1024"]
    );
    assert_eq!(c.width, 1024);
}

#[test]
fn problems_flags_invalid_configs_built_in_code() {
    assert!(Config::default().problems().is_empty());
    let c = Config {
        depth: 0,
        lr: f32::NAN,
        alpha: Some(0.1),
        ..Config::default()
    };
    let p = c.problems();
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("depth=0 is outside its range 1–100"));
}

#[test]
fn formats_floats_shortest() {
    for x in [0.1f32, 1e-7, 1000.0, 0.3, 1e-45, 123.456, 3.4e-5] {
        let text = format_f32(x);
        assert_eq!(text.parse::<f32>().unwrap(), x, "{text}");
        assert!(text.len() <= 8 || !text.starts_with("0.0000"), "{text}");
    }
    assert_eq!(format_f32(1000.0), "1000");
}

#[test]
fn components_encode_and_decode_by_the_url_standard() {
    let text = "a b&c=ü,~%+";
    let encoded = encode_component(text);
    assert_eq!(encoded, "a%20b%26c%3D%C3%BC,~%25%2B");
    assert_eq!(
        split_query(&format!("k={encoded}")),
        vec![("k".to_string(), Some(text.to_string()))]
    );
    assert_eq!(
        split_query("k=%FF%zz+1"),
        vec![("k".to_string(), Some("\u{FFFD}%zz 1".to_string()))]
    );
}
