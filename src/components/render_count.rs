//! How often each component renders, for the render-path benchmark: with the `render-counts`
//! feature, `count("Name")` adds one to `window.__renders.Name` (benches/ui/load.mjs reports
//! them); without it, it is nothing at all.

#[cfg(feature = "render-counts")]
pub fn count(name: &'static str) {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    let Some(w) = web_sys::window() else { return };
    let key = JsValue::from_str("__renders");
    let counts = match Reflect::get(&w, &key) {
        Ok(o) if o.is_object() => o,
        _ => {
            let o: JsValue = Object::new().into();
            let _ = Reflect::set(&w, &key, &o);
            o
        }
    };
    let name = JsValue::from_str(name);
    let n = Reflect::get(&counts, &name)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = Reflect::set(&counts, &name, &JsValue::from_f64(n + 1.0));
}

#[cfg(not(feature = "render-counts"))]
#[inline(always)]
pub fn count(_name: &'static str) {}

/// Renders of `name` so far (tests of the render path).
#[cfg(feature = "render-counts")]
pub fn get(name: &str) -> u32 {
    use js_sys::Reflect;
    use wasm_bindgen::JsValue;
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("__renders")).ok())
        .and_then(|c| Reflect::get(&c, &JsValue::from_str(name)).ok())
        .and_then(|v| v.as_f64())
        .map_or(0, |n| n as u32)
}
