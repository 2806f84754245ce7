//! The page clock the session runs on.

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

thread_local! {
    // Looked up once: `now()` runs for every frame.
    static PERFORMANCE: Option<web_sys::Performance> = performance();
}

fn now_f64() -> f64 {
    PERFORMANCE
        .with(|p| p.as_ref().map(|p| p.now()))
        .unwrap_or_else(js_sys::Date::now)
}

/// The session's clock: whole ms since page load, monotonic.
pub(crate) fn now() -> u64 {
    now_f64() as u64
}

/// Epoch ms of the clock's zero, to turn session times into wall-clock times.
pub(crate) fn origin() -> f64 {
    performance()
        .map(|p| p.time_origin())
        .unwrap_or_else(|| js_sys::Date::now() - now_f64())
}
