//! `parseExperiment` as JavaScript sees it (run in Node by wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use gradfall_wasm::parse_experiment;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property read")
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().expect("a string")
}

#[wasm_bindgen_test]
fn compare_query_gives_one_plain_query_per_configuration_and_the_ui_keys() {
    let parsed = parse_experiment("act=sigmoid&depth=20&b.act=relu&view=depth,loss&autoplay=1");
    let configs: Array = get(&parsed, "configs")
        .dyn_into()
        .expect("configs is an array");
    assert_eq!(configs.length(), 2);
    assert_eq!(text(&configs.get(0), "label"), "A");
    assert_eq!(text(&configs.get(0), "query"), "v=1&act=sigmoid&depth=20");
    assert_eq!(text(&configs.get(1), "label"), "B");
    assert_eq!(text(&configs.get(1), "query"), "v=1&depth=20");
    let ui = get(&parsed, "ui");
    assert_eq!(text(&ui, "view"), "depth,loss");
    assert_eq!(text(&ui, "autoplay"), "1");
    assert!(get(&ui, "metric").is_undefined());
    assert_eq!(
        text(&parsed, "query"),
        "v=1&act=sigmoid&depth=20&b.act=relu&view=depth,loss&autoplay=1"
    );
    let warnings: Array = get(&parsed, "warnings").dyn_into().unwrap();
    assert_eq!(warnings.length(), 0);
}

#[wasm_bindgen_test]
fn an_unknown_version_and_bad_input_are_warnings_never_errors() {
    let parsed = parse_experiment("v=9&act=<b>&b.depth=-3&view=pie");
    let warnings: Vec<String> = get(&parsed, "warnings")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|w| w.as_string().unwrap())
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("unknown version v=9")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("B: depth=")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("view=pie")),
        "{warnings:?}"
    );
    assert!(!text(&parsed, "query").contains('<'));
}
