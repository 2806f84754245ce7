//! Keeps what the reader is looking at in place when rows are added or dropped above it.
//! Chromium and Firefox do this themselves (CSS scroll anchoring); WebKit does not, so there
//! the list notes the first row in view before its rows change and scrolls by however far that
//! row moved once they have. Only the window's first row changing moves rows this way, so this
//! runs every few dozen messages at most, never per message.

use std::cell::OnceCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

thread_local! {
    static NATIVE: OnceCell<bool> = const { OnceCell::new() };
}

/// Whether the browser anchors scrolling itself (`CSS.supports("overflow-anchor", "auto")`).
/// Read through `Reflect` so no web-sys feature (and no bytes) is added for one call.
pub fn native() -> bool {
    NATIVE.with(|n| {
        *n.get_or_init(|| {
            let css = js_sys::Reflect::get(&js_sys::global(), &"CSS".into()).ok();
            let supports = css
                .as_ref()
                .and_then(|c| js_sys::Reflect::get(c, &"supports".into()).ok())
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            match (css, supports) {
                (Some(css), Some(f)) => f
                    .call2(&css, &"overflow-anchor".into(), &"auto".into())
                    .is_ok_and(|v| v == JsValue::TRUE),
                _ => false,
            }
        })
    })
}

/// The first row at least partly in view, and where it was.
pub struct Anchor {
    row: Element,
    top: f64,
}

/// Notes the first row of `list` (the scroller) whose bottom is below the scroller's top.
/// Call it before the rows change (while rendering): it reads the layout as it still is.
pub fn capture(list: &Element) -> Option<Anchor> {
    let view_top = list.get_bounding_client_rect().top();
    let mut row = list
        .query_selector(".messages__list")
        .ok()??
        .first_element_child();
    while let Some(r) = row {
        let rect = r.get_bounding_client_rect();
        if rect.bottom() > view_top {
            return Some(Anchor {
                row: r,
                top: rect.top(),
            });
        }
        row = r.next_element_sibling();
    }
    None
}

impl Anchor {
    /// After the rows changed: scrolls `list` so the noted row is back where it was. A row
    /// that left the DOM has nothing to keep.
    pub fn restore(self, list: &Element) {
        if !self.row.is_connected() {
            return;
        }
        let moved = self.row.get_bounding_client_rect().top() - self.top;
        if moved.abs() >= 0.5 {
            list.set_scroll_top(list.scroll_top() + moved.round() as i32);
        }
    }
}
