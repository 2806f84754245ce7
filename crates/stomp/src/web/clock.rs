//! The page clock the session runs on.

use std::cell::Cell;

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

thread_local! {
    // Looked up once: `now()` runs for every frame.
    static PERFORMANCE: Option<web_sys::Performance> = performance();
    /// The last reading of `performance.now()` and the `Date.now()` it was taken at.
    static LAST: Cell<(f64, f64)> = const { Cell::new((f64::NAN, 0.0)) };
}

/// `performance.now()`, read again only when `Date.now()` has moved on. `performance.now()`
/// costs about 0.5 µs in Chromium, seven times `Date.now()` (measured), and a burst of
/// sends asks for the time once per send. While `Date.now()` shows the same millisecond,
/// less than 1 ms has passed since the last reading, so the value given is at most 1 ms
/// behind and still never goes backwards; a jump of the wall clock only means a fresh read.
fn now_f64() -> f64 {
    let date = js_sys::Date::now();
    LAST.with(|last| {
        let (seen, value) = last.get();
        if seen == date {
            return value;
        }
        let value = PERFORMANCE
            .with(|p| p.as_ref().map(|p| p.now()))
            .unwrap_or(date);
        last.set((date, value));
        value
    })
}

/// The session's clock: whole ms since page load, monotonic.
pub(crate) fn now() -> u64 {
    now_f64() as u64
}

/// The last reading of [`now`], without reading the clock (a crossing into JS per call);
/// the clock is read only if it never was. Never later than `now()` would say, and never
/// earlier than any value `now()` gave before, so a session fed with both still sees time
/// that never goes backwards.
pub(crate) fn last() -> u64 {
    let (seen, value) = LAST.with(Cell::get);
    if seen.is_nan() {
        now()
    } else {
        value as u64
    }
}

/// Epoch ms of the clock's zero, to turn session times into wall-clock times.
pub(crate) fn origin() -> f64 {
    performance()
        .map(|p| p.time_origin())
        .unwrap_or_else(|| js_sys::Date::now() - now_f64())
}
