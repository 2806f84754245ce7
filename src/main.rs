//! The Yew chat app (built by Trunk from `index.html`).
fn main() {
    stomp_chat::run();
}
