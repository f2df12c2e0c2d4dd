//! The papers page's exports in Node: the table of reproductions and one entry computed.
#![cfg(target_arch = "wasm32")]

use gradfall_lab_wasm::{reproduce, reproductions};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property read")
}

fn error_message(err: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(err);
    let error: js_sys::Error = value.dyn_into().expect("a JS Error object");
    error.message().into()
}

#[wasm_bindgen_test]
fn reproductions_list_every_entry_and_a_bad_name_is_a_js_error() {
    let rows: Array = reproductions().dyn_into().expect("an array");
    assert_eq!(
        rows.length() as usize,
        gradfall_core::reproduce::entries().count()
    );
    let first = rows.get(0);
    for key in ["name", "paper", "what", "paperValue", "tolerance", "query"] {
        assert!(!get(&first, key).is_undefined(), "{key}");
    }
    let message = error_message(reproduce("no-such-paper").expect_err("unknown name"));
    assert!(message.contains("no-such-paper"), "{message}");
    let line = reproduce("tanh-critical-line").expect("computes");
    assert!(line.contains("\"holds\":true"), "{line}");
}
