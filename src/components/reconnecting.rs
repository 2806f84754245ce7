//! "Reconnecting as ann…": what a reload with a saved session shows until it is back in
//! session; the same markup and styles as index.html's placeholder, so the switch is seamless.

use crate::i18n::Texts;
use yew::prelude::*;

/// A function of the root screen's, not a component: it is shown once, while a reload
/// resumes, and a component costs ~1 KB of wasm in yew's per-component code alone.
pub fn reconnecting(t: &Texts, nickname: &str) -> Html {
    html! {
        <div class="boot" role="status">
            <div class="boot__mark" aria-hidden="true"></div>
            <p class="boot__title">{ t.app_title }</p>
            <p class="boot__text">{ t.reconnecting_as(nickname) }</p>
        </div>
    }
}
