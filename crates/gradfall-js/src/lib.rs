//! Rust → JavaScript value conversion shared by the page's two wasm modules, the engine
//! (`gradfall-wasm`) and the lab (`gradfall-lab-wasm`).
//!
//! Why a crate of its own, and why it exports nothing: each module is a cdylib, and a
//! `#[wasm_bindgen]` export in an rlib one of them depends on is exported by that cdylib too
//! (it becomes a `#[no_mangle]` symbol the linker keeps). So the lab cannot depend on the
//! engine crate without carrying every engine export, and the helpers both modules need live
//! here, as plain Rust functions each module wraps in its own, explicit exports.

use gradfall_core::data;
use serde::Serialize;
use wasm_bindgen::{JsError, JsValue};

/// Serialise to a plain JS value: maps as plain objects, `None` as `null`.
/// The types passed here are plain data, so serialisation cannot fail; should it ever,
/// the result is `null` rather than a panic.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// A plain object from key/value pairs (used where typed arrays beat serde arrays).
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(key), value);
    }
    obj.into()
}

/// The body of both modules' `provideDigits`: hand the engine the digits data set (the bytes
/// of `pkg/digits.bin`); an error when the bytes are not the asset (bad layout or checksum).
/// Each module holds its own copy of the data set (two wasm memories share nothing).
pub fn provide_digits(asset: &[u8]) -> Result<(), JsError> {
    data::digits::provide(asset).map_err(|e| JsError::new(&format!("the digits asset: {e}")))
}

/// The body of both modules' `digitsLoaded`: whether this module has the digits data set.
pub fn digits_loaded() -> bool {
    data::digits::loaded().is_some()
}
