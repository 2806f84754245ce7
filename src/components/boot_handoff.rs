//! What the person did in index.html's connect form before the app started (boot/boot.js):
//! read from the page just before the app replaces it, and taken over by [`super::connect_form`]
//! so nothing typed is lost, the caret stays where it was and an early Connect is carried out.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlInputElement, HtmlSelectElement};

/// The pre-app form as it stood.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handoff {
    pub nickname: String,
    pub url: String,
    /// A profile id (`ProfileKind::id`).
    pub profile: String,
    pub login: String,
    pub passcode: String,
    pub server_open: bool,
    /// The focused field's id and its selection, to focus it again with the caret in place.
    pub focus: Option<(String, Option<u32>, Option<u32>)>,
    /// Connect was pressed: the app connects as soon as it has started.
    pub connect: bool,
}

thread_local! {
    static HANDOFF: RefCell<Option<Handoff>> = const { RefCell::new(None) };
}

fn input(doc: &Document, id: &str) -> Option<HtmlInputElement> {
    doc.get_element_by_id(id)?.dyn_into().ok()
}

fn value(doc: &Document, id: &str) -> String {
    input(doc, id).map(|i| i.value()).unwrap_or_default()
}

/// Reads the pre-app form, if the page drew one (not when it showed "Reconnecting as …").
/// Called once, before the app mounts.
pub fn capture() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(boot) = doc.get_element_by_id("boot") else {
        return;
    };
    if boot.has_attribute("data-resume") || doc.get_element_by_id("nickname").is_none() {
        return;
    }
    // The Server section's fields may still wait in their <template> (boot.js moves them in
    // after the first frame; a fast start can come first): in the page, they are read as usual.
    if let Some(tpl) = doc
        .get_element_by_id("boot-server-body")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTemplateElement>().ok())
    {
        let _ = tpl.replace_with_with_node_1(&tpl.content());
    }
    let focus = doc.active_element().and_then(|el| {
        let id = el.id();
        if id.is_empty() || !boot.contains(Some(&el)) {
            return None;
        }
        let (start, end) = match el.dyn_ref::<HtmlInputElement>() {
            Some(i) => (
                i.selection_start().ok().flatten(),
                i.selection_end().ok().flatten(),
            ),
            None => (None, None),
        };
        Some((id, start, end))
    });
    let handoff = Handoff {
        nickname: value(&doc, "nickname"),
        url: value(&doc, "server-url"),
        profile: doc
            .get_element_by_id("profile")
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default(),
        login: value(&doc, "login"),
        passcode: value(&doc, "passcode"),
        server_open: boot
            .query_selector("details[open]")
            .ok()
            .flatten()
            .is_some(),
        focus,
        connect: boot
            .query_selector("form[data-connect]")
            .ok()
            .flatten()
            .is_some(),
    };
    HANDOFF.with(|h| *h.borrow_mut() = Some(handoff));
}

/// The pre-app form's state, once: a later connect form starts from the settings as usual.
pub fn take() -> Option<Handoff> {
    HANDOFF.with(|h| h.borrow_mut().take())
}

/// Focuses the field that had focus before the app started, with its caret where it was.
/// False when there was none (or it is gone).
pub fn restore_focus(doc: &Document, focus: &(String, Option<u32>, Option<u32>)) -> bool {
    let (id, start, end) = focus;
    let Some(el) = doc
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if el.focus().is_err() {
        return false;
    }
    if let (Some(i), Some(s), Some(e)) = (el.dyn_ref::<HtmlInputElement>(), start, end) {
        let _ = i.set_selection_range(*s, *e);
    }
    true
}
