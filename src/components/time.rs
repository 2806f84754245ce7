//! Local clock times for display (the browser's time zone).

use std::cell::{Cell, OnceCell};
use wasm_bindgen::JsValue;

fn date(at: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(at as f64))
}

/// Zone offsets change (summer time, law) only on quarter hours of UTC; the list asks about
/// thousands of messages, mostly of the same quarter hour, and each question put to a JS
/// `Date` crossed into JS and built an object.
const OFFSET_SPAN_MS: i64 = 900_000;

thread_local! {
    /// The last quarter hour asked about and the zone's offset then (minutes east of UTC).
    static OFFSET: Cell<Option<(i64, i32)>> = const { Cell::new(None) };
    /// One formatter for every tooltip: `toLocaleString` builds a new one per call.
    static FULL: OnceCell<js_sys::Intl::DateTimeFormat> = const { OnceCell::new() };
}

/// Minutes the browser's zone is ahead of UTC at the instant `at`.
fn offset_east(at: i64) -> i32 {
    let span = at.div_euclid(OFFSET_SPAN_MS);
    OFFSET.with(|c| match c.get() {
        Some((s, offset)) if s == span => offset,
        _ => {
            let offset = -(date(at).get_timezone_offset() as i32);
            c.set(Some((span, offset)));
            offset
        }
    })
}

/// "14:05"
pub fn hm(at: i64) -> String {
    let minutes = (at.div_euclid(60_000) + i64::from(offset_east(at))).rem_euclid(1_440);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
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

/// The full local date and time, for a tooltip and `<time datetime>`: what
/// `toLocaleString()` says (its default fields), from one shared formatter.
pub fn full(at: i64) -> (String, String) {
    let d = date(at);
    let title = FULL.with(|f| {
        let f = f.get_or_init(|| {
            let opts = js_sys::Object::new();
            for k in ["year", "month", "day", "hour", "minute", "second"] {
                let _ = js_sys::Reflect::set(&opts, &k.into(), &"numeric".into());
            }
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &opts)
        });
        f.format().call1(&JsValue::UNDEFINED, &d)
    });
    (
        title.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        String::from(d.to_iso_string()),
    )
}

/// The local day of `at` in the browser's zone (as the zone was at that instant).
pub fn local_day(at: i64) -> i64 {
    crate::days::local_day(at, offset_east(at))
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
