//! A session's bounded outbox: what the broker queued for one client and the writer task has
//! not written yet. Bounded in frames and in bytes, like Spring's send buffer limit: a client
//! that stops reading is disconnected rather than making the broker hold its backlog.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::ws::Message;
use tokio::sync::{mpsc, Notify};

/// What the connection's writer task is told to do.
#[derive(Debug)]
pub enum Out {
    Message(Message),
    /// Start writing a heart-beat whenever nothing was written for this many milliseconds.
    HeartBeat(u64),
    /// Close the socket with this code and reason, after what was queued before.
    Close(u16, String),
}

impl Out {
    fn bytes(&self) -> usize {
        match self {
            Out::Message(Message::Text(t)) => t.len(),
            Out::Message(Message::Binary(b)) => b.len(),
            _ => 0,
        }
    }
}

/// The outbox could not take the item: the client is too far behind (or already gone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// The sending half, shared by the connection and the broker.
#[derive(Debug, Clone)]
pub struct Outbox {
    tx: mpsc::Sender<Out>,
    queued: Arc<AtomicUsize>,
    max_bytes: usize,
    kick: Arc<Notify>,
}

/// The writer's half.
#[derive(Debug)]
pub struct OutboxReader {
    rx: mpsc::Receiver<Out>,
    queued: Arc<AtomicUsize>,
}

/// An outbox of at most `max_items` items and `max_bytes` bytes. One item is always
/// accepted when the outbox is empty, however large, so a big answer still goes out.
pub fn outbox(max_items: usize, max_bytes: usize) -> (Outbox, OutboxReader) {
    // Room for CONNECTED, the heart-beat setting and an ERROR + close at the very least.
    let (tx, rx) = mpsc::channel(max_items.max(4));
    let queued = Arc::new(AtomicUsize::new(0));
    let kick = Arc::new(Notify::new());
    (
        Outbox {
            tx,
            queued: queued.clone(),
            max_bytes,
            kick,
        },
        OutboxReader { rx, queued },
    )
}

impl Outbox {
    pub fn push(&self, out: Out) -> Result<(), Overflow> {
        let n = out.bytes();
        let before = self.queued.fetch_add(n, Ordering::AcqRel);
        if before > 0 && before + n > self.max_bytes {
            self.queued.fetch_sub(n, Ordering::AcqRel);
            return Err(Overflow);
        }
        self.tx.try_send(out).map_err(|_| {
            self.queued.fetch_sub(n, Ordering::AcqRel);
            Overflow
        })
    }

    /// Pushes, and on overflow asks the connection to end the session.
    pub fn push_or_kick(&self, out: Out) {
        if self.push(out).is_err() {
            tracing::warn!("outbox full: disconnecting a client too slow to read");
            self.kick();
        }
    }

    pub fn kick(&self) {
        self.kick.notify_one();
    }

    /// Resolves once [`Outbox::kick`] was called (including before this call).
    pub async fn kicked(&self) {
        self.kick.notified().await
    }
}

impl OutboxReader {
    /// The next item; from now on its bytes are the writer's, no longer queued.
    pub async fn recv(&mut self) -> Option<Out> {
        let out = self.rx.recv().await?;
        self.queued.fetch_sub(out.bytes(), Ordering::AcqRel);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize) -> Out {
        Out::Message(Message::Text("x".repeat(n).into()))
    }

    #[tokio::test]
    async fn bounded_in_items_and_bytes() {
        let (out, mut reader) = outbox(4, 100);
        assert_eq!(
            out.push(text(500)),
            Ok(()),
            "an empty outbox takes anything"
        );
        assert_eq!(out.push(text(1)), Err(Overflow), "over the byte limit");
        reader.recv().await.unwrap();
        for _ in 0..4 {
            assert_eq!(out.push(text(10)), Ok(()));
        }
        assert_eq!(out.push(text(10)), Err(Overflow), "over the item limit");
        assert_eq!(out.push(Out::HeartBeat(5)), Err(Overflow));
    }
}
