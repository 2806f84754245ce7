//! One WebSocket connection: the read loop (decoding, read heart-beat deadline), the writer
//! task (outbox, write heart-beats), and the way the session ends.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use bytes::{Bytes, BytesMut};
use futures_util::{SinkExt, StreamExt};
use stomp::{Decoder, Item, Version};
use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};

use crate::broker::{encode_message, Broker};
use crate::error::ProtocolError;
use crate::outbox::{outbox, Out, Outbox, OutboxReader};
use crate::session::{error_frame, Flow, Session};

/// WebSocket close codes used when the broker ends a session.
mod close {
    pub const NORMAL: u16 = 1000;
    pub const GOING_AWAY: u16 = 1001;
    /// Spring closes with this after an ERROR frame.
    pub const PROTOCOL_ERROR: u16 = 1002;
    pub const POLICY: u16 = 1008;
}

/// Why the read loop stopped.
#[derive(Debug)]
enum End {
    /// The client closed the socket or it broke.
    Gone,
    Disconnect,
    Refused(ProtocolError, Option<String>),
    /// No CONNECT in time, or a silent client after CONNECT.
    Silent,
    /// The outbox overflowed (or the broker otherwise asked the session to stop).
    Kicked,
    Shutdown,
}

/// Runs a session until it ends, then unregisters it (which announces LEAVE to its rooms).
pub async fn run(socket: WebSocket, broker: Arc<Broker>, mut shutdown: watch::Receiver<bool>) {
    let limits = broker.config().limits.clone();
    let id = broker.new_session_id();
    let (sink, mut stream) = socket.split();
    let (outbox, reader) = outbox(limits.outbound_queue, limits.outbound_bytes);
    let writer = tokio::spawn(write_loop(sink, reader));
    let mut session = Session::new(id, broker.clone(), outbox.clone());
    let mut decoder = Decoder::new(limits.decoder());
    let mut buf = BytesMut::new();
    let mut read_timeout: Option<Duration> = None;
    let mut deadline = Some(Instant::now() + Duration::from_millis(limits.connect_timeout_ms));
    tracing::debug!(session = id, "socket open");

    let end = loop {
        tokio::select! {
            biased;
            _ = outbox.kicked() => break End::Kicked,
            _ = shutdown.changed() => break End::Shutdown,
            _ = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                break End::Silent
            }
            msg = stream.next() => {
                let data: Bytes = match msg {
                    Some(Ok(Message::Text(t))) => Bytes::from(t),
                    Some(Ok(Message::Binary(b))) => b,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => Bytes::new(),
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break End::Gone,
                };
                // Spring counts any inbound traffic as a sign of life.
                if let Some(t) = read_timeout {
                    deadline = Some(Instant::now() + t);
                }
                buf.extend_from_slice(&data);
                match drain(&mut decoder, &mut buf, &mut session, &outbox).await {
                    Ok(None) => {}
                    Ok(Some(neg_timeout)) => {
                        read_timeout = neg_timeout;
                        deadline = neg_timeout.map(|t| Instant::now() + t);
                    }
                    Err(end) => break end,
                }
            }
        }
    };

    let version = session.version().unwrap_or(Version::V1_2);
    let final_out = match &end {
        End::Gone => None,
        End::Disconnect => Some(Out::Close(close::NORMAL, String::new())),
        End::Refused(err, receipt) => {
            tracing::info!(session = id, "refused: {err}");
            if let Some(m) = encode_message(&error_frame(err, receipt.as_deref()), version) {
                let _ = outbox.push(Out::Message(m));
            }
            Some(Out::Close(close::PROTOCOL_ERROR, "STOMP ERROR".into()))
        }
        End::Silent => Some(Out::Close(
            close::POLICY,
            "no heart-beat or CONNECT in time".into(),
        )),
        End::Kicked => Some(Out::Close(close::POLICY, "client too slow".into())),
        End::Shutdown => Some(Out::Close(close::GOING_AWAY, "server shutting down".into())),
    };
    tracing::debug!(session = id, ?end, "session ends");
    if let Some(out) = final_out {
        let _ = outbox.push(out);
    }
    broker.unregister(id, matches!(end, End::Disconnect));
    drop(session);
    drop(outbox);
    // The writer ends when the outbox empties; a client that stopped reading gets a moment.
    let abort = writer.abort_handle();
    if tokio::time::timeout(Duration::from_secs(2), writer)
        .await
        .is_err()
    {
        abort.abort();
    }
}

/// Decodes and handles every complete frame in `buf`. `Ok(Some(timeout))` reports a CONNECT
/// and the read timeout it negotiated.
async fn drain(
    decoder: &mut Decoder,
    buf: &mut BytesMut,
    session: &mut Session,
    outbox: &Outbox,
) -> Result<Option<Option<Duration>>, End> {
    let mut connected = None;
    loop {
        let frame = match decoder.decode(buf) {
            Ok(Some(Item::Frame(f))) => f,
            Ok(Some(Item::HeartBeat)) => continue,
            Ok(None) => return Ok(connected),
            Err(e) => return Err(End::Refused(e.into(), None)),
        };
        let receipt = frame.get("receipt").map(str::to_owned);
        match session.handle(frame) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Connected(version, negotiated)) => {
                decoder.set_version(version);
                if negotiated.send_ms > 0 {
                    let _ = outbox.push(Out::HeartBeat(negotiated.send_ms));
                }
                connected = Some(negotiated.read_timeout_ms().map(Duration::from_millis));
            }
            Ok(Flow::Disconnect) => return Err(End::Disconnect),
            Err(e) => return Err(End::Refused(e, receipt)),
        }
    }
}

/// Writes the outbox to the socket in order, and a heart-beat (`"\n"`) whenever nothing was
/// written for the negotiated interval.
async fn write_loop(
    mut sink: futures_util::stream::SplitSink<WebSocket, Message>,
    mut rx: OutboxReader,
) {
    let mut every: Option<Duration> = None;
    let mut last_write = Instant::now();
    loop {
        let ping_at = every.map(|d| last_write + d);
        let out = tokio::select! {
            out = rx.recv() => out,
            _ = sleep_until(ping_at.unwrap_or_else(Instant::now)), if ping_at.is_some() => {
                Some(Out::Message(Message::Text("\n".into())))
            }
        };
        let result = match out {
            None => {
                let _ = sink.close().await;
                return;
            }
            Some(Out::HeartBeat(ms)) => {
                every = Some(Duration::from_millis(ms));
                continue;
            }
            Some(Out::Message(m)) => sink.send(m).await,
            Some(Out::Close(code, reason)) => {
                let frame = CloseFrame {
                    code,
                    reason: reason.into(),
                };
                let _ = sink.send(Message::Close(Some(frame))).await;
                return;
            }
        };
        if result.is_err() {
            return;
        }
        last_write = Instant::now();
    }
}
