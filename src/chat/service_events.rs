//! [`ChatService`]'s view of the client: its states, errors and send outcomes, as actions.

use super::ChatService;
use crate::chat::diagnose;
use crate::chat::model::{Millis, Reason};
use crate::chat::service::now;
use crate::chat::state::Action;
use futures::StreamExt;
use std::rc::Rc;
use stomp::web::{ClientEvent, ConnectionState, DisconnectReason, StompClient};
use wasm_bindgen_futures::spawn_local;

impl ChatService {
    /// Follows the client's state and errors for the status bar. When the client never gets
    /// to the URL it tried, an HTTP probe of that URL says why. With `several` URLs the status
    /// bar names the node.
    pub(super) async fn events(self: Rc<Self>, client: StompClient, several: bool) {
        let mut events = client.events();
        let mut last = Reason::Unreachable;
        let mut connected_before = false;
        // An ERROR frame on an established session is not about the login.
        let mut connected_now = false;
        while let Some(ev) = events.next().await {
            let me = self.me();
            match ev {
                ClientEvent::State(ConnectionState::Connecting { attempt }) => {
                    self.dispatch.dispatch(Action::Connecting { me, attempt });
                }
                ClientEvent::State(ConnectionState::Reconnecting { attempt, at_ms }) => {
                    let in_ms = at_ms.saturating_sub(client.clock_ms());
                    self.dispatch.dispatch(Action::Reconnecting {
                        attempt,
                        retry_at: now() + in_ms as Millis,
                        reason: last.clone(),
                    });
                }
                ClientEvent::State(ConnectionState::Closed(r)) => {
                    let r = match reason(&r) {
                        // Gave up on a server never reached: what the probe found, not "gone".
                        Reason::ServerGone | Reason::Unreachable if !connected_before => {
                            last.clone()
                        }
                        r => r,
                    };
                    self.dispatch.dispatch(Action::Disconnected(r));
                    break;
                }
                ClientEvent::State(_) => {}
                ClientEvent::Connected(info) => {
                    self.dispatch.dispatch(Action::Connected {
                        version: info.version.to_string(),
                        heart_beat: info.heart_beat,
                        server: info.server,
                        node: several.then_some(info.url),
                    });
                    if connected_before {
                        self.rejoin();
                    }
                    connected_before = true;
                    connected_now = true;
                }
                ClientEvent::Disconnected(r) => {
                    connected_now = false;
                    if !diagnose::worth_probing(&r, connected_before) {
                        last = reason(&r);
                        continue;
                    }
                    // Awaited here, so the Reconnecting event queued behind this one already
                    // carries the finding.
                    last = diagnose::diagnose(&client.url()).await;
                    if let Reason::CouldNotConnect(d) = &last {
                        if !d.retry_helps() {
                            // The same URL will fail the same way: stop and let the person fix it.
                            spawn_local(client.disconnect());
                            self.dispatch.dispatch(Action::Disconnected(last));
                            break;
                        }
                    }
                }
                ClientEvent::ServerError(e) => {
                    let (message, body) = (e.message.as_deref().unwrap_or(""), &e.body);
                    let r = if connected_now {
                        diagnose::error_after_connected(message, body)
                    } else {
                        Reason::from_error(message, body)
                    };
                    last = r.clone();
                    if let Reason::UnknownDestination(_)
                    | Reason::Forbidden(_)
                    | Reason::Server(_) = r
                    {
                        let text = e.message.unwrap_or(e.body);
                        self.dispatch.dispatch(Action::Notice(text));
                    }
                }
                ClientEvent::ProtocolError(p) => last = Reason::Protocol(p.to_string()),
                ClientEvent::HeartBeatLost => last = Reason::ServerGone,
                ClientEvent::Send { id, state } => {
                    let action = self
                        .outbound()
                        .and_then(|o| o.borrow_mut().on_state(id, &state));
                    if let Some(a) = action {
                        self.dispatch.dispatch(a);
                    }
                }
                _ => {}
            }
        }
    }
}

fn reason(r: &DisconnectReason) -> Reason {
    match r {
        DisconnectReason::UserRequest => Reason::ByUser,
        DisconnectReason::Rejected { message } => {
            Reason::from_error(message.as_deref().unwrap_or(""), "")
        }
        DisconnectReason::ServerError { message } => {
            diagnose::error_after_connected(message.as_deref().unwrap_or(""), "")
        }
        DisconnectReason::HeartBeatLost => Reason::ServerGone,
        DisconnectReason::TransportClosed { code: 1006, .. } => Reason::ServerGone,
        DisconnectReason::TransportClosed { code, reason } if reason.is_empty() => {
            Reason::Server(format!("closed with code {code}"))
        }
        DisconnectReason::TransportClosed { reason, .. } => Reason::Server(reason.clone()),
        DisconnectReason::ConnectTimeout => Reason::Unreachable,
        DisconnectReason::ProtocolError(m) => Reason::Protocol(m.to_string()),
        DisconnectReason::MaxAttemptsReached { last, .. } => reason(last),
    }
}
