//! Turning a MESSAGE body into something the chat can show, whatever the publisher sent.

use super::wire_json;
use chat_proto::{ChatMessage, RoomSnapshot};

/// Characters of a body shown at most, far above any chat message a server takes (Spring:
/// 64 KiB frames): only a hostile 10 MB body is cut, so it cannot freeze the page, and the
/// cut is marked with the count of what is left out. Long messages show collapsed instead.
pub const MAX_TEXT: usize = 262_144;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Chat(ChatMessage),
    /// Not our JSON: another STOMP publisher, or a malformed payload. Shown as text.
    Text(String),
}

/// Our JSON if it is our JSON, else the body as (lossy, bounded) text.
pub fn parse_message(body: &[u8]) -> Incoming {
    match text(body).and_then(wire_json::chat_message) {
        Some(mut m) => {
            if let Some(c) = m.content.as_mut() {
                truncate(c);
            }
            Incoming::Chat(m)
        }
        None => {
            let mut text = String::from_utf8_lossy(body).into_owned();
            truncate(&mut text);
            Incoming::Text(text)
        }
    }
}

pub fn parse_snapshot(body: &[u8]) -> Option<RoomSnapshot> {
    text(body).and_then(wire_json::snapshot)
}

/// JSON is UTF-8, so a body that is not fails here as it failed in serde_json's `from_slice`.
pub fn text(body: &[u8]) -> Option<&str> {
    std::str::from_utf8(body).ok()
}

fn truncate(s: &mut String) {
    if let Some((cut, _)) = s.char_indices().nth(MAX_TEXT) {
        let rest = s[cut..].chars().count();
        s.truncate(cut);
        s.push_str(&format!("… [+{rest}]"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_proto::MessageType;

    #[test]
    fn our_json_is_a_chat_message() {
        let body = br#"{"type":"CHAT","room":"r","sender":"ann","content":"hi \u263a"}"#;
        match parse_message(body) {
            Incoming::Chat(m) => {
                assert_eq!(m.kind, MessageType::Chat);
                assert_eq!(m.content.as_deref(), Some("hi ☺"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn anything_else_is_text_bounded_and_lossy() {
        assert_eq!(
            parse_message(b"plain hello"),
            Incoming::Text("plain hello".into())
        );
        assert_eq!(
            parse_message(br#"{"type":"SHOUT"}"#),
            Incoming::Text(r#"{"type":"SHOUT"}"#.into())
        );
        assert_eq!(
            parse_message(b"a\xffb"),
            Incoming::Text("a\u{fffd}b".into())
        );
        let Incoming::Text(t) = parse_message("я".repeat(MAX_TEXT + 10).as_bytes()) else {
            panic!()
        };
        assert!(t.ends_with("… [+10]"), "the cut says how much is left out");
        assert!(t.starts_with(&"я".repeat(MAX_TEXT)));
    }

    #[test]
    fn a_long_message_a_server_takes_is_whole() {
        let content = "Ж".repeat(20_000);
        let body = format!(r#"{{"type":"CHAT","sender":"ann","content":"{content}"}}"#);
        let Incoming::Chat(m) = parse_message(body.as_bytes()) else {
            panic!()
        };
        assert_eq!(m.content.as_deref(), Some(content.as_str()));
    }

    #[test]
    fn snapshot_or_nothing() {
        let s = parse_snapshot(br#"{"room":"r","history":[],"participants":["a"]}"#).unwrap();
        assert_eq!(s.participants, vec!["a".to_string()]);
        assert!(parse_snapshot(b"nope").is_none());
    }
}
