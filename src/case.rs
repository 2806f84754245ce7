//! Unicode case mapping for search and avatars, done by the browser in the app.
//!
//! `str::to_lowercase`/`to_uppercase` link Rust's Unicode case tables into the module (about
//! 25 KB of data before compression); the browser already has the same tables, so in wasm the
//! JS string methods do it. Native builds (tests) use std, which follows the same Unicode data.

/// `s` lower-cased (Unicode), e.g. for a case-insensitive filter.
pub fn lowercase(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JsString::from(s).to_lower_case().into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// `s` upper-cased (Unicode): "ß" becomes "SS", as in std.
pub fn uppercase(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JsString::from(s).to_upper_case().into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The wasm path (the browser's mapping) is checked by tests/case.rs in headless Chromium.
    #[test]
    fn maps_cyrillic_latin_and_special_cases() {
        assert_eq!(lowercase("Комната SEND /Topic"), "комната send /topic");
        assert_eq!(uppercase("ёлка"), "ЁЛКА");
        assert_eq!(uppercase("ß"), "SS");
        assert_eq!(lowercase("ΣΑΣ"), "σας");
        assert_eq!(uppercase(""), "");
    }
}
