//! Local clock times for display (the browser's time zone).

use wasm_bindgen::JsValue;

fn date(at: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(at as f64))
}

/// "14:05"
pub fn hm(at: i64) -> String {
    let d = date(at);
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// "14:05:09.123", for the frame inspector.
pub fn hms_ms(at: i64) -> String {
    let d = date(at);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}

/// The full local date and time, for a tooltip and `<time datetime>`.
pub fn full(at: i64) -> (String, String) {
    let d = date(at);
    (
        String::from(d.to_locale_string("default", &JsValue::UNDEFINED)),
        String::from(d.to_iso_string()),
    )
}
