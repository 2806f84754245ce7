//! The driver's socket: on the main thread ([`Socket`]) or in a Worker ([`WorkerSocket`]),
//! as the config chose; the same events either way.

use super::socket::{Socket, SocketError, SocketEvent};
use super::worker_socket::{self, WorkerSocket};
use super::worker_start;

pub(crate) enum EitherSocket {
    Page(Socket),
    Worker(WorkerSocket),
}

type OnEvent = Box<dyn FnMut(SocketEvent)>;
type Opener = fn(&str, OnEvent) -> Result<EitherSocket, SocketError>;

/// Where the client's WebSocket runs: on the page ([`SocketPlace::page`], the default) or in a
/// dedicated Worker ([`SocketPlace::worker`], see [`WorkerSocket`]). It carries the function
/// that opens the socket, so a program that never asks for the worker never refers to its code
/// and the linker leaves it out (a STOMP-only page stays ~3 KB brotli smaller).
#[derive(Clone, Copy)]
pub struct SocketPlace {
    in_worker: bool,
    open: Opener,
}

impl SocketPlace {
    /// The socket on the page's main thread: one task per WebSocket message.
    pub fn page() -> Self {
        SocketPlace {
            in_worker: false,
            open: open_on_page,
        }
    }

    /// The socket in a dedicated Worker that batches what arrives (the page's main thread
    /// when the page cannot start a `blob:` worker).
    pub fn worker() -> Self {
        SocketPlace {
            in_worker: true,
            open: open_in_worker,
        }
    }

    /// Whether this is [`SocketPlace::worker`].
    pub fn in_worker(&self) -> bool {
        self.in_worker
    }

    pub(crate) fn open(
        &self,
        url: &str,
        on_event: impl FnMut(SocketEvent) + 'static,
    ) -> Result<EitherSocket, SocketError> {
        (self.open)(url, Box::new(on_event))
    }
}

impl Default for SocketPlace {
    fn default() -> Self {
        SocketPlace::page()
    }
}

impl PartialEq for SocketPlace {
    fn eq(&self, other: &Self) -> bool {
        self.in_worker == other.in_worker
    }
}

impl Eq for SocketPlace {}

impl std::fmt::Debug for SocketPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.in_worker { "worker" } else { "page" })
    }
}

fn open_on_page(url: &str, on_event: OnEvent) -> Result<EitherSocket, SocketError> {
    Socket::open(url, on_event).map(EitherSocket::Page)
}

/// In a Worker if the page can start one, else on the main thread. A bad URL fails the same
/// way in both.
fn open_in_worker(url: &str, on_event: OnEvent) -> Result<EitherSocket, SocketError> {
    if WorkerSocket::available() {
        let resolved = worker_start::resolve(url)?;
        // No worker (a policy forbidding `blob:` workers): the main thread serves.
        if let Ok(worker) = worker_start::spawn() {
            let on_event: worker_socket::Callback = on_event;
            return Ok(EitherSocket::Worker(WorkerSocket::start(
                worker, resolved, on_event,
            )));
        }
    }
    open_on_page(url, on_event)
}

impl EitherSocket {
    pub(crate) fn send(&self, bytes: &[u8]) -> Result<(), SocketError> {
        match self {
            EitherSocket::Page(s) => s.send(bytes),
            EitherSocket::Worker(s) => s.send(bytes),
        }
    }

    pub(crate) fn send_text_if_utf8(&self, bytes: &[u8]) -> Result<(), SocketError> {
        match self {
            EitherSocket::Page(s) => s.send_text_if_utf8(bytes),
            EitherSocket::Worker(s) => s.send_text_if_utf8(bytes),
        }
    }
}
