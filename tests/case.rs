//! The browser's case mapping behind `stomp_chat::case` (scripts/test-app-wasm.sh runs this in
//! headless Chromium): the same answers as std gives natively (src/case.rs's unit test).
#![cfg(target_arch = "wasm32")]

use stomp_chat::case::{lowercase, uppercase};
use stomp_chat::text::initial;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn maps_cyrillic_latin_and_special_cases_like_std() {
    assert_eq!(lowercase("Комната SEND /Topic"), "комната send /topic");
    assert_eq!(uppercase("ёлка"), "ЁЛКА");
    assert_eq!(uppercase("ß"), "SS");
    assert_eq!(lowercase("ΣΑΣ"), "σας");
    assert_eq!(initial("юля"), "Ю");
    assert_eq!(initial(""), "?");
}

/// The browser's `\p{Alphabetic}`/`\p{N}` against std's tables, over the planes where letters
/// and numbers are (its Unicode version may be newer than std's: then only characters std
/// does not know yet may differ, and none do today).
#[wasm_bindgen_test]
fn alphanumeric_as_std_says() {
    let differ: Vec<char> = (0..0x3_2000u32)
        .filter_map(char::from_u32)
        .filter(|&c| stomp_chat::case::is_alphanumeric(c) != c.is_alphanumeric())
        .collect();
    assert!(differ.is_empty(), "{:?}", &differ[..differ.len().min(20)]);
}
