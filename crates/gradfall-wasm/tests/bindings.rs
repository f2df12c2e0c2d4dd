//! The bindings as JavaScript sees them, run in Node by `wasm-bindgen-test-runner`
//! (`cargo test -p gradfall-wasm --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use gradfall_wasm::{
    compare_presets, digits_loaded, embed_iframe, key_owner, matmul, names, parse_csv,
    parse_experiment, presets, provide_digits, Trainer,
};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const HOSTILE: &str = "act=<img src=x onerror=alert(1)>&depth=-5&width=99999999&lr=NaN";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property read")
}

fn error_message(err: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(err);
    let error: js_sys::Error = value.dyn_into().expect("a JS Error object");
    error.message().into()
}

#[wasm_bindgen_test]
fn hostile_query_builds_a_trainer_and_reports_warnings() {
    let trainer = Trainer::new(HOSTILE).expect("parse problems are warnings, not errors");
    let warnings = trainer.warnings();
    assert!(
        warnings.len() >= 3,
        "one warning per bad key, got {warnings:?}"
    );
    assert!(
        !trainer.config().contains('<'),
        "canonical query {} echoes the hostile value",
        trainer.config()
    );
}

fn strings(value: &JsValue) -> Vec<String> {
    let array: Array = value.clone().dyn_into().expect("an array");
    array
        .iter()
        .map(|v| v.as_string().expect("a string"))
        .collect()
}

/// What the page consumes (`names().layerFields`) is exactly what `stats()` sends per layer,
/// besides the layer number and the histograms: adding a field in Rust without listing it
/// fails here, and the page's exports read the list, so they follow.
#[wasm_bindgen_test]
fn names_list_every_per_layer_field_that_stats_sends() {
    let table = names();
    let fields = strings(&get(&table, "layerFields"));
    let trainer = Trainer::new("depth=3&width=4&batch=8").unwrap();
    let layers: Array = get(&trainer.stats(), "layers").dyn_into().unwrap();
    let sent: Vec<String> = js_sys::Object::keys(&layers.get(0).into())
        .iter()
        .map(|k| k.as_string().unwrap())
        .filter(|k| !["layer", "hist_a", "hist_grad"].contains(&k.as_str()))
        .collect();
    assert_eq!(sent, fields);
    assert_eq!(strings(&get(&table, "letters")), ["A", "B", "C", "D"]);
    let ui = strings(&get(&table, "uiKeys"));
    for key in strings(&get(&table, "embedOnlyKeys")) {
        assert!(ui.contains(&key), "{key} is a UI key");
    }
    let view = get(&table, "defaultView").as_string().unwrap();
    let charts = strings(&get(&table, "viewCharts"));
    assert!(
        view.split(',').all(|c| charts.iter().any(|k| k == c)),
        "{view}"
    );
    assert_eq!(strings(&get(&table, "metrics"))[0], "grad_a");
}

#[wasm_bindgen_test]
fn keys_belong_to_configurations_and_iframes_are_escaped() {
    assert_eq!(key_owner("act"), 0);
    assert_eq!(key_owner("b.act"), 1);
    assert_eq!(key_owner("d"), 3);
    assert_eq!(key_owner("metric"), -1);
    assert_eq!(key_owner("v"), -1);
    let html = embed_iframe("https://x.org/embed.html?a=1&b=\"", "<T>", 300);
    assert!(
        html.starts_with(
            "<iframe src=\"https://x.org/embed.html?a=1&amp;b=&quot;\" title=\"&lt;T&gt;\""
        ),
        "{html}"
    );
}

#[wasm_bindgen_test]
fn refused_configuration_throws_an_error_with_a_message() {
    // 100 layers of 1024×1024 weights with batch 1024: far beyond what a page may allocate.
    let err = Trainer::new("depth=100&width=1024&batch=1024")
        .err()
        .expect("the engine refuses it");
    let message = error_message(err);
    assert!(
        message.starts_with("cannot train this configuration: "),
        "{message}"
    );
    assert!(
        message.len() > "cannot train this configuration: ".len() + 5,
        "{message}"
    );
}

#[wasm_bindgen_test]
fn step_and_stats_report_one_row_per_layer() {
    let mut trainer = Trainer::new("depth=4&width=8&batch=16").unwrap();
    let before = trainer.stats();
    assert_eq!(get(&before, "step").as_f64(), Some(0.0));
    assert_eq!(trainer.step(3), 3);
    let stats = trainer.stats();
    assert_eq!(get(&stats, "step").as_f64(), Some(3.0));
    let layers: Array = get(&stats, "layers").dyn_into().unwrap();
    assert_eq!(layers.length(), 5, "4 hidden layers + the output layer");
    for (i, row) in layers.iter().enumerate() {
        assert_eq!(get(&row, "layer").as_f64(), Some(i as f64 + 1.0));
        let grad_a = get(&row, "grad_a").as_f64().unwrap();
        assert!(
            grad_a.is_finite() && grad_a > 0.0,
            "layer {} grad_a {grad_a}",
            i + 1
        );
        let hist: Array = get(&row, "hist_a").dyn_into().unwrap();
        assert!(hist.length() > 0);
    }
    assert!(get(&stats, "diverged").is_null());
}

#[wasm_bindgen_test]
fn boundary_and_points_cover_2d_data_only() {
    let trainer = Trainer::new("data=xor&depth=2&width=8").unwrap();
    let boundary = trainer.boundary(16);
    assert_eq!(get(&boundary, "resolution").as_f64(), Some(16.0));
    let class: js_sys::Uint8Array = get(&boundary, "class").dyn_into().unwrap();
    assert_eq!(class.length(), 256);
    let points = trainer.points(50);
    let xy: js_sys::Float32Array = get(&points, "xy").dyn_into().unwrap();
    let cls: js_sys::Uint32Array = get(&points, "class").dyn_into().unwrap();
    assert_eq!(xy.length(), 2 * cls.length());
    assert!(cls.length() > 0 && cls.length() <= 50);

    // The module does not embed the digits: the page provides them (and checks them).
    let asset = include_bytes!("../../gradfall-core/assets/digits.bin");
    let broken = provide_digits(&asset[..100]).unwrap_err();
    assert!(error_message(broken).contains("the digits asset"));
    provide_digits(asset).unwrap();
    assert!(digits_loaded());
    let digits = Trainer::new("data=digits&depth=2&width=8").unwrap();
    assert!(digits.boundary(16).is_null());
    assert!(digits.points(50).is_null());
}

#[wasm_bindgen_test]
fn derivative_curve_follows_the_activation() {
    let sigmoid = Trainer::new("act=sigmoid&depth=2&width=4").unwrap();
    let curve = sigmoid.derivative_curve(101);
    assert_eq!(curve.len(), 101);
    // Symmetric range: the middle point is a = 0, where sigmoid' peaks at 1/4.
    assert!((curve[50] - 0.25).abs() < 1e-6, "{}", curve[50]);
    assert!(curve.iter().all(|&d| d <= 0.25 + 1e-6));
}

#[wasm_bindgen_test]
fn matmul_matches_a_naive_product() {
    let (m, k, n) = (5usize, 7usize, 3usize);
    let a: Vec<f32> = (0..m * k)
        .map(|i| ((i * 37 % 11) as f32 - 5.0) / 3.0)
        .collect();
    let b: Vec<f32> = (0..k * n)
        .map(|i| ((i * 13 % 7) as f32 - 3.0) / 2.0)
        .collect();
    let c = matmul(&a, &b, m, k, n).unwrap();
    assert_eq!(c.len(), m * n);
    for i in 0..m {
        for j in 0..n {
            let want: f32 = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
            assert!(
                (c[i * n + j] - want).abs() <= 1e-4 * (1.0 + want.abs()),
                "C[{i}][{j}]"
            );
        }
    }
    let err = matmul(&a, &b, m, k + 1, n).expect_err("mismatched sizes are refused");
    assert!(error_message(err).contains("matmul"));
}

#[wasm_bindgen_test]
fn presets_have_names_and_queries() {
    let list: Array = presets().dyn_into().unwrap();
    for p in list.iter() {
        for key in ["name", "query"] {
            assert!(
                !get(&p, key).as_string().unwrap_or_default().is_empty(),
                "preset {key}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn keys_describe_every_control() {
    let list: Array = gradfall_wasm::keys().dyn_into().unwrap();
    let names: Vec<String> = list
        .iter()
        .map(|k| get(&k, "name").as_string().unwrap())
        .collect();
    for key in [
        "act", "alpha", "depth", "width", "init", "gain", "bias", "res", "norm", "loss", "opt",
        "lr", "batch", "l2", "data", "noise", "seed",
    ] {
        assert!(
            names.iter().any(|n| n == key),
            "key {key} missing from {names:?}"
        );
    }
    // Labels and tooltips are the catalogues' (`key.<name>.label`/`.help`, checked for every
    // key in both languages by the core's tests/catalogue.rs), not the key table's.
    for k in list.iter() {
        assert!(
            get(&k, "help").is_undefined(),
            "help of {:?}",
            get(&k, "name")
        );
        let kind = get(&k, "kind");
        assert!(
            get(&kind, "type").as_string().is_some(),
            "kind of {:?}",
            get(&k, "name")
        );
    }
    let act = list
        .iter()
        .find(|k| get(k, "name").as_string().as_deref() == Some("act"))
        .unwrap();
    let values: Array = get(&get(&act, "kind"), "values").dyn_into().unwrap();
    assert!(values.includes(&JsValue::from_str("sigmoid"), 0));
}

#[wasm_bindgen_test]
fn parse_experiment_splits_configurations_and_ui_settings() {
    let parsed =
        parse_experiment("act=sigmoid&depth=20&b.act=relu&b.init=he&metric=grad_w&b.depth=oops");
    let configs: Array = get(&parsed, "configs").dyn_into().unwrap();
    assert_eq!(configs.length(), 2);
    let a = configs.get(0).as_string().unwrap();
    let b = configs.get(1).as_string().unwrap();
    assert!(a.contains("act=sigmoid") && a.contains("depth=20"), "{a}");
    assert!(
        !b.contains("act=") && b.contains("depth=20"),
        "B inherits A's depth: {b}"
    );
    assert_eq!(
        get(&get(&parsed, "ui"), "metric").as_string().as_deref(),
        Some("grad_w")
    );
    let warnings: Array = get(&parsed, "warnings").dyn_into().unwrap();
    assert_eq!(warnings.length(), 1, "B's bad depth");
    assert!(warnings.get(0).as_string().unwrap().starts_with("B: "));
    let query = get(&parsed, "query").as_string().unwrap();
    assert!(
        query.contains("b.act=relu") && query.contains("metric=grad_w"),
        "{query}"
    );

    let list: Array = compare_presets().dyn_into().unwrap();
    assert!(list.length() > 0);
    for p in list.iter() {
        let q = get(&p, "query").as_string().unwrap();
        let configs: Array = get(&parse_experiment(&q), "configs").dyn_into().unwrap();
        assert!(configs.length() >= 2, "a compare preset compares: {q}");
    }
}

#[wasm_bindgen_test]
fn a_csv_file_is_summarised_trained_on_or_refused_with_its_line() {
    let csv = b"x,y,class\n0,0,a\n1,1,b\n0.1,0,a\n1,0.9,b\n0,0.2,a\n0.8,1,b\n";
    let summary = parse_csv(csv).unwrap();
    assert_eq!(get(&summary, "rows").as_f64(), Some(6.0));
    let classes: Array = get(&summary, "classes").dyn_into().unwrap();
    assert_eq!(classes.get(1).as_string().as_deref(), Some("b"));

    let trainer = Trainer::from_csv("depth=2&width=4", csv).unwrap();
    assert!(trainer.config().contains("data=csv"));
    assert!(!trainer.boundary(8).is_null(), "two features: a plane");

    let message = error_message(parse_csv(b"x,y,class\n0,zero,a\n").unwrap_err());
    assert_eq!(message, "line 2: column 2 is \"zero\", not a number");
    let Err(err) = Trainer::from_csv("depth=2", b"1,2,a\n3,4,a\n") else {
        panic!("one class trained");
    };
    assert!(error_message(err).contains("two classes"));
}
