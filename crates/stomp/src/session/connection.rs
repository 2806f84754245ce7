//! Connection phases: opening, the CONNECT handshake, graceful disconnect, and what happens
//! when a connection ends (reconnect or close for good).

use crate::frame::{Command, Frame};
use crate::version::Version;

use super::backoff::backoff_delay_ms;
use super::event::{ConnectionState, DisconnectReason, Event, ProtocolViolation, Transmit};
use super::heartbeat::negotiate;
use super::receipts::Receipts;
use super::{Liveness, Phase, Session, SessionError};

impl Session {
    pub(super) fn start_attempt(&mut self, now: u64) {
        self.decoder.reset();
        self.inbuf.clear();
        self.phase = Phase::Opening {
            deadline: now.saturating_add(self.config.connect_timeout_ms.max(1)),
        };
        self.transmits.push_back(Transmit::Open);
        self.set_state(ConnectionState::Connecting {
            attempt: self.failures,
        });
    }

    pub(super) fn opened(&mut self, now: u64) {
        let Phase::Opening { deadline } = self.phase else {
            return;
        };
        let frame = self.connect_frame();
        match self.write(now, &frame) {
            Ok(()) => self.phase = Phase::Handshaking { deadline },
            Err(e) => {
                // A configured header with a line break: retrying cannot help.
                self.transmits.push_back(Transmit::Close);
                let reason = DisconnectReason::Rejected {
                    message: Some(format!("cannot send CONNECT: {e}")),
                };
                self.end_connection(now, reason);
            }
        }
    }

    pub(super) fn start_disconnect(&mut self, now: u64) {
        match self.phase {
            Phase::Connected { .. } => {
                let receipt = self.receipts.fresh_id();
                let frame = Frame::new(Command::Disconnect)
                    .header("receipt", &Receipts::header_value(receipt));
                // DISCONNECT has only a receipt header: it always encodes.
                let _ = self.write(now, &frame);
                self.phase = Phase::Disconnecting {
                    deadline: now.saturating_add(self.config.disconnect_timeout_ms),
                    receipt,
                };
                self.set_state(ConnectionState::Disconnecting);
            }
            Phase::Opening { .. } | Phase::Handshaking { .. } => {
                self.transmits.push_back(Transmit::Close);
                self.end_connection(now, DisconnectReason::UserRequest);
            }
            Phase::Idle | Phase::Waiting { .. } => {
                self.close_for_good(DisconnectReason::UserRequest)
            }
            Phase::Disconnecting { .. } | Phase::Closed => {}
        }
    }

    pub(super) fn closed(&mut self, now: u64, code: u16, reason: &str) {
        match self.phase {
            Phase::Opening { .. } | Phase::Handshaking { .. } | Phase::Connected { .. } => {
                let reason = DisconnectReason::TransportClosed {
                    code,
                    reason: reason.to_owned(),
                };
                self.end_connection(now, reason);
            }
            // The server closing after DISCONNECT is the expected end.
            Phase::Disconnecting { .. } => {
                self.end_connection(now, DisconnectReason::UserRequest);
            }
            Phase::Idle | Phase::Waiting { .. } | Phase::Closed => {}
        }
    }

    pub(super) fn check_open(&self) -> Result<(), SessionError> {
        match self.phase {
            Phase::Disconnecting { .. } | Phase::Closed => Err(SessionError::Closed),
            _ => Ok(()),
        }
    }

    pub(super) fn check_connected(&self) -> Result<(), SessionError> {
        self.check_open()?;
        match self.phase {
            Phase::Connected { .. } => Ok(()),
            _ => Err(SessionError::NotConnected),
        }
    }

    pub(super) fn offered_versions(&self) -> impl Iterator<Item = Version> + '_ {
        let all: &[Version] = if self.config.accept_versions.is_empty() {
            &Version::ALL
        } else {
            &self.config.accept_versions
        };
        all.iter().copied()
    }

    fn connect_frame(&self) -> Frame {
        let command = if self.config.use_stomp_command {
            Command::Stomp
        } else {
            Command::Connect
        };
        // Ascending and without repeats, by walking the known versions oldest first rather
        // than sorting: a sort instantiation costs the wasm about 4 KB for three values.
        let versions: Vec<&str> = Version::ALL
            .iter()
            .rev()
            .filter(|v| self.offered_versions().any(|o| o == **v))
            .map(|v| v.as_str())
            .collect();
        let hb = self.config.heart_beat;
        let mut f = Frame::new(command)
            .header("accept-version", &versions.join(","))
            .header(
                "heart-beat",
                &format!("{},{}", hb.outgoing_ms, hb.incoming_ms),
            );
        if let Some(host) = &self.config.host {
            f.headers.push("host", host);
        }
        if let Some(login) = &self.config.login {
            f.headers.push("login", login);
        }
        if let Some(passcode) = &self.config.passcode {
            f.headers.push("passcode", passcode);
        }
        for (n, v) in &self.config.connect_headers {
            f.headers.push(n, v);
        }
        f
    }

    pub(super) fn on_connected(&mut self, now: u64, frame: Frame) {
        let version = match frame.get("version") {
            None => Version::V1_0,
            Some(v) => match v.parse::<Version>() {
                Ok(v) if self.offered_versions().any(|o| o == v) => v,
                _ => {
                    let bad = ProtocolViolation::UnsupportedVersion(v.to_owned());
                    return self.protocol_error(now, bad);
                }
            },
        };
        self.version = version;
        self.decoder.set_version(version);
        let server_hb = frame
            .get("heart-beat")
            .and_then(parse_heart_beat)
            .unwrap_or((0, 0));
        let (send_ms, recv_ms) = negotiate(self.config.heart_beat, server_hb);
        self.live = Liveness {
            send_ms,
            recv_ms,
            last_sent: now,
            last_recv: now,
        };
        self.phase = Phase::Connected { since: now };
        self.set_state(ConnectionState::Connected);
        let Frame { headers, .. } = frame;
        self.events.push_back(Event::Connected {
            version,
            server: headers.get("server").map(str::to_owned),
            session: headers.get("session").map(str::to_owned),
            heart_beat: (send_ms, recv_ms),
            headers,
        });
        self.resubscribe(now);
        self.flush_outbox(now);
    }

    /// The current connection (or attempt) is over. The caller has already queued
    /// `Transmit::Close` if the socket may still be open. Decides between reconnecting and
    /// closing for good.
    pub(super) fn end_connection(&mut self, now: u64, reason: DisconnectReason) {
        if let Phase::Connected { since } = self.phase {
            if now.saturating_sub(since) >= self.config.reconnect.healthy_after_ms {
                self.failures = 0;
            }
        }
        self.generation = self.generation.wrapping_add(1);
        // Bytes the driver has not taken yet were meant for the socket that is now gone.
        self.transmits.retain(|t| !matches!(t, Transmit::Bytes(_)));
        self.decoder.reset();
        self.inbuf.clear();
        self.live = Liveness::default();
        self.receipts.clear();
        self.transactions.clear();
        self.subs.connection_lost();
        let final_reason = matches!(
            reason,
            DisconnectReason::UserRequest | DisconnectReason::Rejected { .. }
        ) || !self.config.reconnect.enabled;
        let failures = self.failures.saturating_add(1);
        let give_up = self
            .config
            .reconnect
            .max_attempts
            .filter(|max| failures > *max);
        // Decided first, so a send that will never be written again goes straight to its
        // final state instead of through `Queued`.
        self.sends_connection_lost(final_reason || give_up.is_some());
        self.events.push_back(Event::Disconnected(reason.clone()));
        if final_reason {
            return self.close_for_good(reason);
        }
        self.failures = failures;
        if let Some(max) = give_up {
            return self.close_for_good(DisconnectReason::MaxAttemptsReached {
                attempts: max,
                last: Box::new(reason),
            });
        }
        if self.endpoints.advance() {
            if let Some((index, url)) = self.endpoints.current() {
                let url = url.to_owned();
                self.events.push_back(Event::EndpointChanged { index, url });
            }
        }
        let step = self.endpoints.backoff_step(self.failures);
        let delay = backoff_delay_ms(&self.config.reconnect, step, self.rng.next_f64());
        // At least 1 ms, so every deadline lies in the future and a driver that honours
        // `poll_timeout` cannot spin on one instant.
        let at = now.saturating_add(delay.max(1));
        self.phase = Phase::Waiting { at };
        self.set_state(ConnectionState::Reconnecting {
            attempt: self.failures,
            at_ms: at,
        });
    }

    /// No connection will follow unless `connect` is called: whatever is still held cannot
    /// be delivered, and subscriptions not confirmed by the server have failed.
    pub(super) fn close_for_good(&mut self, reason: DisconnectReason) {
        self.sends_session_closed();
        self.forget_subscriptions();
        self.phase = Phase::Closed;
        self.set_state(ConnectionState::Closed(reason));
    }
}

/// `heart-beat: sx,sy`. Anything else is read as "no heart-beats" by the caller.
fn parse_heart_beat(value: &str) -> Option<(u32, u32)> {
    let (a, b) = value.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}
