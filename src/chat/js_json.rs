//! Reading and writing JSON values through the browser's own `JSON` and `Reflect`, for the
//! stores that skip serde in the wasm (settings_json.rs, saved_json.rs, outbox_json.rs).

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// `o[key]`; `undefined` when it is not there or `o` is no object.
pub fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub fn set(o: &JsValue, key: &str, v: JsValue) {
    let _ = Reflect::set(o, &key.into(), &v);
}

/// `v` if it is a JSON object (not an array, not `null`).
pub fn object(v: JsValue) -> Option<JsValue> {
    (v.is_object() && !Array::is_array(&v)).then_some(v)
}

pub fn array(v: JsValue) -> Option<Array> {
    Array::is_array(&v).then(|| v.unchecked_into())
}

/// `json` parsed, if it is a JSON object.
pub fn parse_object(json: &str) -> Option<JsValue> {
    JSON::parse(json).ok().and_then(object)
}

pub fn stringify(v: &JsValue) -> String {
    JSON::stringify(v).map(String::from).unwrap_or_default()
}
