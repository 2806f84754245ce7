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

/// `char::is_alphanumeric` (Unicode Alphabetic or a number, Nd/Nl/No), for the letters of
/// names and words: beyond ASCII asked of the browser's `\p{Alphabetic}`/`\p{N}`, since std's
/// lookup tables for the two cost the wasm about 6 KB. Called for single characters at word
/// edges, never per character of a whole message.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::RegExp::new("^[\\p{Alphabetic}\\p{N}]$", "u").test(c.encode_utf8(&mut [0; 4]))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        c.is_alphanumeric()
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

    #[test]
    fn letters_and_numbers_of_any_script() {
        for c in ['a', 'Z', '7', 'ж', 'Ё', '中', '٣', 'Ⅻ', '½'] {
            assert!(is_alphanumeric(c), "{c}");
        }
        for c in [' ', '-', '_', '.', '@', '🙂', '\u{a0}', '—'] {
            assert!(!is_alphanumeric(c), "{c}");
        }
    }
}
