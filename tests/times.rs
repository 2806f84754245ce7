//! The message list's clock helpers (`stomp_chat::components::time`) in headless Chromium
//! (scripts/test-app-wasm.sh): with the zone offset cached per quarter hour and one shared
//! formatter, they still say what the browser's `Date` says for each instant.
#![cfg(target_arch = "wasm32")]

use stomp_chat::components::time::{full, hm, local_day};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn date(at: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(at as f64))
}

/// Instants over two years, a few minutes apart and far apart, in an order that makes the
/// cache move back and forth (across summer-time changes where the browser's zone has them).
fn instants() -> Vec<i64> {
    let start = 1_764_000_000_000_i64; // November 2025
    let mut v: Vec<i64> = (0..400).map(|i| start + i * 7_919_000 * 23).collect();
    v.extend((0..50).map(|i| start + i * 61_000));
    v.extend((0..50).rev().map(|i| start - i * 3_600_000 * 37));
    v
}

#[wasm_bindgen_test]
fn hours_and_minutes_match_the_browsers_date() {
    for at in instants() {
        let d = date(at);
        let want = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
        assert_eq!(hm(at), want, "at {at}");
    }
}

#[wasm_bindgen_test]
fn local_days_match_the_browsers_date() {
    for at in instants() {
        let d = date(at);
        let offset = -(d.get_timezone_offset() as i64);
        let want = (at + offset * 60_000).div_euclid(86_400_000);
        assert_eq!(local_day(at), want, "at {at}");
    }
}

#[wasm_bindgen_test]
fn the_tooltip_is_what_to_locale_string_says() {
    for at in instants().into_iter().take(40) {
        let d = date(at);
        let (title, iso) = full(at);
        assert_eq!(
            title,
            String::from(d.to_locale_string("default", &JsValue::UNDEFINED))
        );
        assert_eq!(iso, String::from(d.to_iso_string()));
    }
}
