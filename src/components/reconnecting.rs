//! "Reconnecting as ann…": what a reload with a saved session shows until it is back in
//! session; the same markup and styles as index.html's placeholder, so the switch is seamless.

use super::use_texts;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub nickname: String,
}

#[component]
pub fn Reconnecting(props: &Props) -> Html {
    super::render_count::count("Reconnecting");
    let t = use_texts();
    html! {
        <div class="boot" role="status">
            <div class="boot__mark" aria-hidden="true"></div>
            <p class="boot__title">{ t.app_title }</p>
            <p class="boot__text">{ t.reconnecting_as(&props.nickname) }</p>
        </div>
    }
}
