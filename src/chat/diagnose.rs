//! Why a connection could not be made, in words a person can act on.
//!
//! The browser hides why a WebSocket handshake failed: a wrong path (404), a refused origin
//! (Spring: 403), a SockJS endpoint or a closed port all reach the page as the same close 1006
//! before `open`. So when the socket never got as far as CONNECTED, the app asks the endpoint
//! over plain HTTP what it is. What that answer means is decided by the pure functions here
//! (tested natively); only [`probe`] touches the network.

use super::model::Reason;
use stomp::session::DisconnectReason;

/// The pieces of a `ws://` / `wss://` URL the diagnosis needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub secure: bool,
    pub host: String,
    pub port: u16,
    /// Path without the query, `/` when empty.
    pub path: String,
    /// `?…` as given, kept for the probe so it asks for exactly what the socket asked for.
    pub query: String,
}

impl Endpoint {
    pub fn parse(url: &str) -> Option<Endpoint> {
        let url = url.trim();
        let (secure, rest) = if let Some(r) = strip_prefix_ci(url, "wss://") {
            (true, r)
        } else {
            (false, strip_prefix_ci(url, "ws://")?)
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(split);
        // Credentials in the URL are not part of where the server is.
        let authority = authority.rsplit('@').next().unwrap_or_default();
        let (host, port) = split_host_port(authority)?;
        let port = port.unwrap_or(if secure { 443 } else { 80 });
        let (path, query) = match tail.find('?') {
            Some(i) => (&tail[..i], &tail[i..]),
            None => (tail, ""),
        };
        Some(Endpoint {
            secure,
            host: host.to_ascii_lowercase(),
            port,
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            query: query.into(),
        })
    }

    /// `host:port` as a person would type it (IPv6 in brackets).
    pub fn host_port(&self) -> String {
        format!("{}:{}", bracket(&self.host), self.port)
    }

    /// The HTTP origin the handshake goes to: `http(s)://host[:port]`, default port left out,
    /// as `location.origin` writes it.
    pub fn http_origin(&self) -> String {
        let (scheme, default) = if self.secure {
            ("https", 443)
        } else {
            ("http", 80)
        };
        if self.port == default {
            format!("{scheme}://{}", bracket(&self.host))
        } else {
            format!("{scheme}://{}", self.host_port())
        }
    }

    /// What the probe fetches: the endpoint's own URL over HTTP.
    pub fn http_url(&self) -> String {
        format!("{}{}{}", self.http_origin(), self.path, self.query)
    }

    /// Whether a page at `page_origin` may read the probe's answer (same origin, as fetch sees it).
    pub fn same_origin_as(&self, page_origin: &str) -> bool {
        self.http_origin()
            .eq_ignore_ascii_case(page_origin.trim_end_matches('/'))
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        let after = &rest[end + 1..];
        (&rest[..end], after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    Some((host, port))
}

fn bracket(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// What the HTTP probe of the endpoint saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// fetch failed outright: no TCP connection (or it was reset).
    NetworkError,
    /// A cross-origin answer the page may not read (`no-cors`): a server is there.
    Opaque,
    /// A same-origin answer; `body` is read only where it decides something (SockJS's greeting).
    Answered { status: u16, body: String },
    /// No answer in time, or the probe could not run: nothing can be said.
    NoAnswer,
}

/// What the probe says about an endpoint the socket could not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    NothingListening {
        at: String,
    },
    WrongPath {
        path: String,
    },
    SockJs {
        websocket_path: String,
    },
    /// The server speaks HTTP there but refused the upgrade; `origin` is the page's.
    OriginRefused {
        origin: String,
    },
    HttpStatus {
        status: u16,
        path: String,
    },
    /// The probe could not tell (timeout, a blocked request).
    Unknown,
}

impl Diagnosis {
    /// Whether trying the same URL again can succeed without anyone changing anything; when it
    /// cannot, the app stops reconnecting and waits for the person.
    pub fn retry_helps(&self) -> bool {
        !matches!(
            self,
            Diagnosis::WrongPath { .. }
                | Diagnosis::SockJs { .. }
                | Diagnosis::OriginRefused { .. }
        )
    }
}

/// SockJS answers `GET <prefix>` with exactly this greeting.
const SOCKJS_GREETING: &str = "Welcome to SockJS!";

pub fn classify(ep: &Endpoint, page_origin: &str, probe: &Probe) -> Diagnosis {
    let refused = || Diagnosis::OriginRefused {
        origin: page_origin.to_owned(),
    };
    match probe {
        Probe::NetworkError => Diagnosis::NothingListening { at: ep.host_port() },
        // Cross-origin we cannot read the status; the usual cause is Spring's same-origin rule.
        Probe::Opaque => refused(),
        Probe::NoAnswer => Diagnosis::Unknown,
        Probe::Answered { status, body } => match status {
            200 if body.trim_start().starts_with(SOCKJS_GREETING) => Diagnosis::SockJs {
                websocket_path: format!("{}/websocket", ep.path.trim_end_matches('/')),
            },
            // Spring: `400 Can "Upgrade" only to "WebSocket".`; other servers 426 Upgrade Required.
            400 | 426 => refused(),
            // A 200 page (an app's index.html, a fallback route) is not a WebSocket endpoint either.
            200 | 404 => Diagnosis::WrongPath {
                path: ep.path.clone(),
            },
            s => Diagnosis::HttpStatus {
                status: *s,
                path: ep.path.clone(),
            },
        },
    }
}

/// Whether an attempt that ended this way is worth an HTTP probe: the client never reached
/// CONNECTED, and the socket closed without a word (the browser's 1006) or never answered.
pub fn worth_probing(r: &DisconnectReason, ever_connected: bool) -> bool {
    !ever_connected
        && matches!(
            r,
            DisconnectReason::TransportClosed { code: 1006, .. } | DisconnectReason::ConnectTimeout
        )
}

/// An ERROR frame on an established session. The login was accepted already, so whatever the
/// wording ("not authorized", "Session closed."), it is never a bad password.
pub fn error_after_connected(message: &str, body: &str) -> Reason {
    match Reason::from_error(message, body) {
        Reason::BadCredentials => {
            let text = if message.trim().is_empty() {
                body
            } else {
                message
            };
            Reason::Server(text.trim().to_owned())
        }
        r => r,
    }
}

/// Asks the endpoint over HTTP what it is. Same-origin: a normal fetch whose status and body the
/// page may read. Cross-origin: `no-cors`, which still tells "nobody there" (network error) from
/// "a server answered" (opaque). Gives up after `timeout_ms`.
pub async fn probe(ep: &Endpoint, page_origin: &str, timeout_ms: u32) -> Probe {
    use futures::future::{select, Either};
    use gloo_net::http::Request;
    use web_sys::{RequestMode, ResponseType};

    let same = ep.same_origin_as(page_origin);
    let url = ep.http_url();
    let fetch = async move {
        let mode = if same {
            RequestMode::SameOrigin
        } else {
            RequestMode::NoCors
        };
        match Request::get(&url).mode(mode).send().await {
            Err(_) => Probe::NetworkError,
            Ok(resp) if resp.type_() == ResponseType::Opaque => Probe::Opaque,
            Ok(resp) => {
                let status = resp.status();
                let body = if status == 200 {
                    resp.text().await.unwrap_or_default()
                } else {
                    String::new()
                };
                Probe::Answered { status, body }
            }
        }
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(timeout_ms);
    match select(Box::pin(fetch), timeout).await {
        Either::Left((p, _)) => p,
        Either::Right(_) => Probe::NoAnswer,
    }
}

/// Asks the endpoint behind `ws_url` over HTTP why the socket never got to CONNECTED.
pub async fn diagnose(ws_url: &str) -> Reason {
    let Some(ep) = Endpoint::parse(ws_url) else {
        return Reason::Unreachable;
    };
    let origin = page_origin();
    let probe = probe(&ep, &origin, PROBE_TIMEOUT_MS).await;
    match classify(&ep, &origin, &probe) {
        Diagnosis::Unknown => Reason::Unreachable,
        d => Reason::CouldNotConnect(d),
    }
}

/// Long enough for a slow server to answer a GET, short enough not to hold up the status.
const PROBE_TIMEOUT_MS: u32 = 4_000;

/// The page's own origin (`location.origin`).
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "diagnose_tests.rs"]
mod tests;
