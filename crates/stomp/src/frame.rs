//! STOMP frames: the command, ordered headers and a byte body.

use bytes::Bytes;
use std::fmt;
use std::str::FromStr;

/// Every STOMP 1.2 command, client and server side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    // client → server
    /// CONNECT: opens a session (1.0 and up).
    Connect,
    /// STOMP: CONNECT under the name 1.1+ servers prefer.
    Stomp,
    /// SEND a message to a destination.
    Send,
    /// SUBSCRIBE to a destination.
    Subscribe,
    /// UNSUBSCRIBE a subscription.
    Unsubscribe,
    /// ACK a message.
    Ack,
    /// NACK a message (1.1+).
    Nack,
    /// BEGIN a transaction.
    Begin,
    /// COMMIT a transaction.
    Commit,
    /// ABORT a transaction.
    Abort,
    /// DISCONNECT gracefully.
    Disconnect,
    // server → client
    /// CONNECTED: the server accepted the session.
    Connected,
    /// MESSAGE for a subscription.
    Message,
    /// RECEIPT for a frame that asked for one.
    Receipt,
    /// ERROR: something went wrong; the server closes after it.
    Error,
}

impl Command {
    /// Every command, client commands first.
    pub const ALL: [Command; 15] = [
        Command::Connect,
        Command::Stomp,
        Command::Send,
        Command::Subscribe,
        Command::Unsubscribe,
        Command::Ack,
        Command::Nack,
        Command::Begin,
        Command::Commit,
        Command::Abort,
        Command::Disconnect,
        Command::Connected,
        Command::Message,
        Command::Receipt,
        Command::Error,
    ];

    /// The command as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Command::Connect => "CONNECT",
            Command::Stomp => "STOMP",
            Command::Send => "SEND",
            Command::Subscribe => "SUBSCRIBE",
            Command::Unsubscribe => "UNSUBSCRIBE",
            Command::Ack => "ACK",
            Command::Nack => "NACK",
            Command::Begin => "BEGIN",
            Command::Commit => "COMMIT",
            Command::Abort => "ABORT",
            Command::Disconnect => "DISCONNECT",
            Command::Connected => "CONNECTED",
            Command::Message => "MESSAGE",
            Command::Receipt => "RECEIPT",
            Command::Error => "ERROR",
        }
    }

    /// Parses a command line exactly (case-sensitive, no surrounding whitespace).
    pub fn from_bytes(b: &[u8]) -> Option<Command> {
        Some(match b {
            b"CONNECT" => Command::Connect,
            b"STOMP" => Command::Stomp,
            b"SEND" => Command::Send,
            b"SUBSCRIBE" => Command::Subscribe,
            b"UNSUBSCRIBE" => Command::Unsubscribe,
            b"ACK" => Command::Ack,
            b"NACK" => Command::Nack,
            b"BEGIN" => Command::Begin,
            b"COMMIT" => Command::Commit,
            b"ABORT" => Command::Abort,
            b"DISCONNECT" => Command::Disconnect,
            b"CONNECTED" => Command::Connected,
            b"MESSAGE" => Command::Message,
            b"RECEIPT" => Command::Receipt,
            b"ERROR" => Command::Error,
            _ => return None,
        })
    }

    /// The spec exempts CONNECT, STOMP and CONNECTED from header escaping, for
    /// compatibility with 1.0 peers that do not know the version yet.
    pub fn escapes_headers(self) -> bool {
        !matches!(self, Command::Connect | Command::Stomp | Command::Connected)
    }

    /// Only SEND, MESSAGE and ERROR frames may carry a body.
    pub fn allows_body(self) -> bool {
        matches!(self, Command::Send | Command::Message | Command::Error)
    }

    /// Whether clients send it.
    pub fn is_client(self) -> bool {
        !self.is_server()
    }

    /// Whether servers send it.
    pub fn is_server(self) -> bool {
        matches!(
            self,
            Command::Connected | Command::Message | Command::Receipt | Command::Error
        )
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a string that is not a STOMP command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a STOMP command: {0:?}")]
pub struct UnknownCommand(pub String);

impl FromStr for Command {
    type Err = UnknownCommand;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Command::from_bytes(s.as_bytes()).ok_or_else(|| UnknownCommand(s.to_owned()))
    }
}

/// Ordered frame headers. Repeated names are kept in order; [`Headers::get`] returns the
/// first, which is the one that counts per the spec.
///
/// All names and values live in one string, so a decoded frame costs two allocations for
/// its headers however many there are.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers {
    text: String,
    /// (name_end, value_end) offsets into `text`; each entry starts where the previous ended.
    spans: Vec<(u32, u32)>,
}

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// No headers, with room for `entries` of `text_bytes` in all.
    pub fn with_capacity(entries: usize, text_bytes: usize) -> Self {
        Headers {
            text: String::with_capacity(text_bytes),
            spans: Vec::with_capacity(entries),
        }
    }

    /// Appends a header, keeping any earlier one of the same name (which still wins).
    pub fn push(&mut self, name: &str, value: &str) {
        self.text.push_str(name);
        let name_end = self.text.len() as u32;
        self.text.push_str(value);
        self.spans.push((name_end, self.text.len() as u32));
    }

    /// Builder form of [`Headers::push`].
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.push(name, value);
        self
    }

    /// Replaces every header of this name by one with `value`, at the position of the first.
    pub fn set(&mut self, name: &str, value: &str) {
        if self.get(name).is_none() {
            self.push(name, value);
            return;
        }
        let mut out = Headers::with_capacity(self.len(), self.text.len() + value.len());
        let mut done = false;
        for (n, v) in self.iter() {
            if n == name {
                if !done {
                    out.push(n, value);
                    done = true;
                }
            } else {
                out.push(n, v);
            }
        }
        *self = out;
    }

    /// Removes every header of this name; returns whether any was there.
    pub fn remove(&mut self, name: &str) -> bool {
        if self.get(name).is_none() {
            return false;
        }
        let mut out = Headers::with_capacity(self.len(), self.text.len());
        for (n, v) in self.iter().filter(|(n, _)| *n != name) {
            out.push(n, v);
        }
        *self = out;
        true
    }

    /// The first value of a header, as the spec says for repeated headers.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Every value of a header, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.iter().filter(move |(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Whether a header `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// How many headers (repeats included).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Headers in wire order, repeats included.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        let mut start = 0u32;
        self.spans.iter().map(move |&(name_end, value_end)| {
            let name = &self.text[start as usize..name_end as usize];
            let value = &self.text[name_end as usize..value_end as usize];
            start = value_end;
            (name, value)
        })
    }

    // Decoder support: text is appended directly, then the entry is closed.
    pub(crate) fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }
    pub(crate) fn close_entry(&mut self, name_end: usize) {
        self.spans.push((name_end as u32, self.text.len() as u32));
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> FromIterator<(&'a str, &'a str)> for Headers {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(iter: I) -> Self {
        let mut h = Headers::new();
        for (n, v) in iter {
            h.push(n, v);
        }
        h
    }
}

impl<'a, const N: usize> From<[(&'a str, &'a str); N]> for Headers {
    fn from(arr: [(&'a str, &'a str); N]) -> Self {
        arr.into_iter().collect()
    }
}

/// A STOMP frame. The body is bytes (it may contain NULs when `content-length` is given);
/// [`Frame::body_text`] is the UTF-8 view.
#[derive(Clone, PartialEq, Eq)]
pub struct Frame {
    /// The command line.
    pub command: Command,
    /// The headers, in order, unescaped.
    pub headers: Headers,
    /// The body (empty if none).
    pub body: Bytes,
}

impl Frame {
    /// A frame with no headers and no body.
    pub fn new(command: Command) -> Self {
        Frame {
            command,
            headers: Headers::new(),
            body: Bytes::new(),
        }
    }

    /// Builder: appends a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push(name, value);
        self
    }

    /// Builder: sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of a header.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// The body as UTF-8 text.
    pub fn body_text(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.body)
    }

    /// `content-length` as a number, if present and valid.
    pub fn content_length(&self) -> Option<usize> {
        self.get("content-length").and_then(|v| v.parse().ok())
    }
}

impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Frame");
        d.field("command", &self.command)
            .field("headers", &self.headers);
        match std::str::from_utf8(&self.body) {
            Ok(s) if s.len() <= 256 => d.field("body", &s),
            Ok(s) => d.field(
                "body",
                &format_args!(
                    "{:?}… ({} bytes)",
                    &s[..s.floor_char_boundary_compat(256)],
                    s.len()
                ),
            ),
            Err(_) => d.field(
                "body",
                &format_args!("<{} bytes, not UTF-8>", self.body.len()),
            ),
        };
        d.finish()
    }
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}
impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_round_trips_through_str() {
        for c in Command::ALL {
            assert_eq!(c.as_str().parse::<Command>().unwrap(), c);
            assert_eq!(c.to_string(), c.as_str());
        }
        assert!("send".parse::<Command>().is_err());
        assert!(" SEND".parse::<Command>().is_err());
    }

    #[test]
    fn escaping_exemptions() {
        assert!(!Command::Connect.escapes_headers());
        assert!(!Command::Stomp.escapes_headers());
        assert!(!Command::Connected.escapes_headers());
        assert!(Command::Send.escapes_headers());
        assert!(Command::Message.escapes_headers());
    }

    #[test]
    fn first_repeated_header_wins() {
        let h = Headers::from([("foo", "World"), ("foo", "Hello"), ("bar", "")]);
        assert_eq!(h.get("foo"), Some("World"));
        assert_eq!(h.get_all("foo").collect::<Vec<_>>(), ["World", "Hello"]);
        assert_eq!(h.get("bar"), Some(""));
        assert_eq!(h.get("baz"), None);
        assert_eq!(h.len(), 3);
    }

    #[test]
    fn set_and_remove_keep_order() {
        let mut h = Headers::from([("a", "1"), ("b", "2"), ("a", "3"), ("c", "4")]);
        h.set("a", "x");
        assert_eq!(
            h.iter().collect::<Vec<_>>(),
            [("a", "x"), ("b", "2"), ("c", "4")]
        );
        assert!(h.remove("b"));
        assert!(!h.remove("b"));
        assert_eq!(h.iter().collect::<Vec<_>>(), [("a", "x"), ("c", "4")]);
        h.set("d", "5");
        assert_eq!(h.get("d"), Some("5"));
    }

    #[test]
    fn debug_truncates_long_bodies_on_char_boundary() {
        let f = Frame::new(Command::Send).body("é".repeat(300));
        let s = format!("{f:?}");
        assert!(s.contains("600 bytes"));
    }
}
