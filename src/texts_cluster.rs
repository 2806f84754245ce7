//! Texts about several broker URLs (a cluster): the server field's hint, its errors, and the
//! node the chat is on. English and Russian, as in `i18n.rs`.

use crate::chat::urls::UrlsError;
use crate::i18n::{Lang, Texts};

impl Texts {
    /// Under the server field.
    pub fn server_urls_hint(&self) -> &'static str {
        if self.lang == Lang::Ru {
            "Для кластера — несколько адресов через запятую: при потере узла чат перейдёт на следующий."
        } else {
            "For a cluster, several URLs separated by commas: if a node is lost, the chat moves to the next."
        }
    }

    pub fn urls_error(&self, e: &UrlsError) -> String {
        let ru = self.lang == Lang::Ru;
        match e {
            UrlsError::Empty if ru => "Укажите адрес сервера (ws:// или wss://).".to_owned(),
            UrlsError::Empty => "Enter the server URL (ws:// or wss://).".to_owned(),
            UrlsError::NotWebSocket(u) if ru => {
                format!("«{u}» — не адрес WebSocket: он должен начинаться с ws:// или wss://.")
            }
            UrlsError::NotWebSocket(u) => {
                format!("“{u}” is not a WebSocket URL: it must start with ws:// or wss://.")
            }
        }
    }

    /// The profile's name in the connect form's list.
    pub fn profile_rabbit_stream(&self) -> &'static str {
        if self.lang == Lang::Ru {
            "RabbitMQ, история в потоках (streams)"
        } else {
            "RabbitMQ, history in streams"
        }
    }

    /// The status bar's "which node", e.g. "node 127.0.0.1:15674".
    pub fn on_node(&self, label: &str) -> String {
        if self.lang == Lang::Ru {
            format!("узел {label}")
        } else {
            format!("node {label}")
        }
    }
}
