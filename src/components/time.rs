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

/// The local day of `at` in the browser's zone (as the zone was at that instant).
pub fn local_day(at: i64) -> i64 {
    let offset = date(at).get_timezone_offset();
    crate::days::local_day(at, -(offset as i32))
}

/// A day separator's words: "Today", "Yesterday", else the weekday and date in the page's
/// language ("Monday, 26 November", "понедельник, 26 ноября"), with the year if not this one.
pub fn day_label(at: i64, today: i64, t: &crate::i18n::Texts) -> String {
    use crate::days::{label, DayLabel};
    match label(local_day(at), today) {
        DayLabel::Today => t.today().to_owned(),
        DayLabel::Yesterday => t.yesterday().to_owned(),
        DayLabel::Date { with_year } => {
            let opts = js_sys::Object::new();
            let set = |k: &str, v: &str| {
                let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
            };
            set("weekday", "long");
            set("day", "numeric");
            set("month", "long");
            if with_year {
                set("year", "numeric");
            }
            String::from(date(at).to_locale_date_string(t.date_locale(), &opts))
        }
    }
}
