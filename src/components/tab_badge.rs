//! The tab shows what was missed while away: "(3) STOMP Chat" and a dot on the icon.

use super::use_texts;
use crate::chat::use_chat;
use crate::effect::use_mount_cleanup;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The app's icon, a speech bubble, with a red badge and the count when something is
/// unread; an SVG data URL, so no request and nothing for the page's CSP to refuse.
pub fn favicon(unread: u32) -> String {
    let badge = match unread {
        0 => String::new(),
        n => {
            let label = if n > 9 {
                "9+".to_owned()
            } else {
                n.to_string()
            };
            let size = if n > 9 { 11 } else { 14 };
            format!(
                "<circle cx='22' cy='10' r='10' fill='#d93025'/><text x='22' y='15' \
                 font-family='Arial,sans-serif' font-weight='700' font-size='{size}' \
                 text-anchor='middle' fill='#fff'>{label}</text>"
            )
        }
    };
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>\
         <path d='M5 6h22a3 3 0 0 1 3 3v13a3 3 0 0 1-3 3H14l-7 5v-5H5a3 3 0 0 1-3-3V9a3 3 0 0 1 3-3z' \
         fill='#2f6fde'/>{badge}</svg>"
    );
    format!(
        "data:image/svg+xml,{}",
        svg.replace('%', "%25")
            .replace('#', "%23")
            .replace('<', "%3C")
            .replace('>', "%3E")
    )
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A hook of the root screen's, not a component of its own: it draws nothing, and a
/// component costs ~1 KB of wasm in yew's per-component code alone.
#[hook]
pub fn use_tab_badge() {
    let chat = use_chat();
    let t = use_texts();
    {
        let chat = chat.clone();
        use_mount_cleanup(Box::new(move || {
            let report = move || {
                if let Some(d) = document() {
                    chat.page_hidden(d.hidden());
                }
            };
            report();
            let closure = Closure::<dyn FnMut()>::new(report);
            let doc = document();
            if let Some(d) = &doc {
                let _ = d.add_event_listener_with_callback(
                    "visibilitychange",
                    closure.as_ref().unchecked_ref(),
                );
            }
            Box::new(move || {
                if let Some(d) = doc {
                    let _ = d.remove_event_listener_with_callback(
                        "visibilitychange",
                        closure.as_ref().unchecked_ref(),
                    );
                }
            })
        }));
    }
    let unread = if chat.connection.in_session() {
        chat.unread_total()
    } else {
        0
    };
    use_effect_with((unread, t.lang), move |&(unread, _)| {
        if let Some(d) = document() {
            d.set_title(&t.tab_title(unread));
            if let Ok(Some(link)) = d.query_selector("link[rel~='icon']") {
                let _ = link.set_attribute("href", &favicon(unread));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::favicon;

    #[test]
    fn favicon_badge_shows_the_count_only_when_unread() {
        let plain = favicon(0);
        assert!(plain.starts_with("data:image/svg+xml,%3Csvg"));
        assert!(!plain.contains("circle") && !plain.contains('#'));
        assert!(favicon(3).contains("%3E3%3C/text%3E"));
        assert!(
            favicon(42).contains("%3E9+%3C/text%3E"),
            "two digits do not fit"
        );
    }
}
