//! The lab module keeps its own copy of the digits data set (its memory is not the engine's):
//! a sweep over `data=digits` fails with the core's sentence until the page provides it.
#![cfg(target_arch = "wasm32")]

use gradfall_lab_wasm::{digits_loaded, provide_digits, sweep_run};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn error_message(err: wasm_bindgen::JsError) -> String {
    let error: js_sys::Error = JsValue::from(err).dyn_into().expect("a JS Error object");
    error.message().into()
}

#[wasm_bindgen_test]
fn a_digits_sweep_runs_once_the_asset_is_provided() {
    let query = "data=digits&depth=2&width=8";
    assert!(!digits_loaded());
    let before = error_message(sweep_run(query, 1, 2, 0).unwrap_err());
    assert!(before.contains("digits"), "{before}");
    let asset = include_bytes!("../../gradfall-core/assets/digits.bin");
    let broken = provide_digits(&asset[..100]).unwrap_err();
    assert!(error_message(broken).contains("the digits asset"));
    assert!(!digits_loaded());
    provide_digits(asset).unwrap();
    assert!(digits_loaded());
    let line = sweep_run(query, 1, 2, 0).expect("trains on the digits");
    assert!(line.contains("\"kind\":\"run\""), "{line}");
}
