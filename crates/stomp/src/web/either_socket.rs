//! The driver's socket: on the main thread ([`Socket`]) or in a Worker ([`WorkerSocket`]),
//! as the config chose; the same events either way.

use super::socket::{Socket, SocketError, SocketEvent};
use super::worker_socket::{self, WorkerSocket};
use super::worker_start;

pub(crate) enum EitherSocket {
    Page(Socket),
    Worker(WorkerSocket),
}

impl EitherSocket {
    /// Opens a socket in a Worker if `in_worker` and the page can start one, else on the
    /// main thread. A bad URL fails the same way in both.
    pub(crate) fn open(
        url: &str,
        in_worker: bool,
        on_event: impl FnMut(SocketEvent) + 'static,
    ) -> Result<EitherSocket, SocketError> {
        if in_worker && WorkerSocket::available() {
            let resolved = worker_start::resolve(url)?;
            // No worker (a policy forbidding `blob:` workers): the main thread serves.
            if let Ok(worker) = worker_start::spawn() {
                let on_event: worker_socket::Callback = Box::new(on_event);
                return Ok(EitherSocket::Worker(WorkerSocket::start(
                    worker, resolved, on_event,
                )));
            }
        }
        Socket::open(url, on_event).map(EitherSocket::Page)
    }

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
