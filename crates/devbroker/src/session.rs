//! One STOMP session's protocol rules: the CONNECT handshake, what each client frame does,
//! and receipts. It sees frames, not sockets; the connection loop feeds it.

use std::sync::Arc;

use stomp::{Command, Frame, Version};

use crate::broker::Broker;
use crate::chat::SessionId;
use crate::config::ReceiptMode;
use crate::error::ProtocolError;
use crate::heartbeat::{self, Negotiated};
use crate::identity::{CLIENT_HEADER, NICKNAME_HEADER};
use crate::outbox::Outbox;

/// What the connection loop should do after a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// CONNECTED was queued: switch the decoder's escaping and start heart-beats.
    Connected(Version, Negotiated),
    /// DISCONNECT: close the socket once the queued frames are written.
    Disconnect,
}

pub struct Session {
    id: SessionId,
    broker: Arc<Broker>,
    outbox: Outbox,
    version: Option<Version>,
}

impl Session {
    pub fn new(id: SessionId, broker: Arc<Broker>, outbox: Outbox) -> Self {
        Session {
            id,
            broker,
            outbox,
            version: None,
        }
    }

    pub fn id(&self) -> SessionId {
        self.id
    }

    /// The negotiated version, once connected.
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    pub fn handle(&mut self, frame: Frame) -> Result<Flow, ProtocolError> {
        let command = frame.command;
        if command.is_server() {
            return Err(ProtocolError::ServerFrame(command));
        }
        let flow = match (self.version, command) {
            (None, Command::Connect | Command::Stomp) => return self.connect(&frame),
            (None, other) => return Err(ProtocolError::NotConnected(other)),
            (Some(_), Command::Connect | Command::Stomp) => {
                return Err(ProtocolError::AlreadyConnected)
            }
            (Some(_), Command::Send) => {
                self.broker.send(self.id, &frame)?;
                Flow::Continue
            }
            (Some(_), Command::Subscribe) => {
                let destination = required(&frame, "destination")?;
                // STOMP 1.0 made the id optional; the destination then names the subscription.
                let id = frame.get("id").unwrap_or(destination);
                self.broker.subscribe(self.id, id, destination)?;
                Flow::Continue
            }
            (Some(_), Command::Unsubscribe) => {
                let id = match frame.get("id") {
                    Some(id) => id,
                    None => required(&frame, "destination")?,
                };
                self.broker.unsubscribe(self.id, id);
                Flow::Continue
            }
            // The simple broker has no acknowledgements or transactions: accepted, ignored.
            (Some(_), Command::Ack | Command::Nack | Command::Begin | Command::Commit)
            | (Some(_), Command::Abort) => Flow::Continue,
            (Some(_), Command::Disconnect) => Flow::Disconnect,
            (Some(_), Command::Connected | Command::Message | Command::Receipt)
            | (Some(_), Command::Error) => unreachable!("server frames rejected above"),
        };
        if let Some(receipt) = frame.get("receipt") {
            let wanted =
                command == Command::Disconnect || self.broker.config().receipts == ReceiptMode::All;
            if wanted {
                let r = Frame::new(Command::Receipt).header("receipt-id", receipt);
                self.broker.reply(self.id, &r);
            }
        }
        Ok(flow)
    }

    fn connect(&mut self, frame: &Frame) -> Result<Flow, ProtocolError> {
        let version = match frame.get("accept-version") {
            None => Version::V1_0,
            Some(v) => {
                Version::best_of(v).ok_or_else(|| ProtocolError::UnsupportedVersion(v.into()))?
            }
        };
        let hb_header = frame.get("heart-beat");
        let client_hb = heartbeat::parse(hb_header)
            .ok_or_else(|| ProtocolError::InvalidHeartBeat(hb_header.unwrap_or("").into()))?;
        let server_hb = self.broker.config().heart_beat;
        let negotiated = heartbeat::negotiate(client_hb, server_hb);
        let login = frame.get("login").map(str::to_owned);
        if let Some(nick) = frame.get(NICKNAME_HEADER).filter(|n| !n.trim().is_empty()) {
            // A client without an id of its own is only itself.
            let own = format!("session-{}", self.id);
            let client = frame
                .get(CLIENT_HEADER)
                .filter(|c| !c.is_empty())
                .unwrap_or(&own);
            self.broker.claim_nickname(self.id, nick, client)?;
        }
        if !self
            .broker
            .register(self.id, self.outbox.clone(), version, login.clone())
        {
            return Err(ProtocolError::ServerFull(
                self.broker.config().limits.max_sessions,
            ));
        }
        self.version = Some(version);
        let mut connected = Frame::new(Command::Connected)
            .header("version", version.as_str())
            .header(
                "heart-beat",
                &format!("{},{}", server_hb.send_ms, server_hb.recv_ms),
            );
        // Spring names the user only when one is known; here that is when CONNECT gave a login.
        if let Some(login) = login.filter(|l| !l.is_empty()) {
            connected.headers.push("user-name", &login);
        }
        self.broker.reply(self.id, &connected);
        Ok(Flow::Connected(version, negotiated))
    }
}

fn required<'f>(frame: &'f Frame, header: &'static str) -> Result<&'f str, ProtocolError> {
    frame.get(header).ok_or(ProtocolError::MissingHeader {
        command: frame.command,
        header,
    })
}

/// The ERROR frame for a refusal; `receipt` is the offending frame's receipt request.
pub fn error_frame(err: &ProtocolError, receipt: Option<&str>) -> Frame {
    let text = err.to_string();
    let mut f = Frame::new(Command::Error).header("message", &text);
    if let Some(r) = receipt {
        f.headers.push("receipt-id", r);
    }
    f.headers.push("content-type", "text/plain");
    f.body(text)
}
