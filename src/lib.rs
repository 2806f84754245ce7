//! The Yew chat app (built by Trunk from `index.html`).
