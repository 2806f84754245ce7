//! Room history on RabbitMQ without a server of our own: each room's chat messages go to a
//! RabbitMQ stream (a replicated, append-only log every node of a cluster can read), and
//! every page reads that stream from a little before its end. The same subscription then
//! carries the live messages, so history and live never overlap; after a reconnect or a move
//! to another node the library resumes it right after the last offset seen (`stomp`'s
//! `x-stream-offset` handling), so nothing is skipped or repeated either.
//!
//! Bounded: a joining page loads about the last [`HISTORY_LIMIT`] messages, not the whole log.
//! RabbitMQ over STOMP can only start a stream consumer at `first`, `last` (the last chunk),
//! `next`, an offset or a time, so the start is found in two steps: a probe at `last` gives
//! the offset of the newest chunk, and the reader starts `HISTORY_LIMIT` before it. (The
//! retention settings that would bound the log itself are not passed through by RabbitMQ
//! 3.10's STOMP plugin, except `x-max-length-bytes`, which acts per 500 MB segment.)
//!
//! Sending: chat messages go to a stream with `Confirm::Echo` and no SEND on the connection asks
//! for a RECEIPT (private messages go unconfirmed). A `receipt` puts the connection's AMQP
//! channel into publisher-confirm mode, and in that mode RabbitMQ 3.10.8 mishandles a stream
//! write that is unconfirmed when the stream's leader dies: on the leader change the channel
//! (`rabbit_stream_queue:resend_all`) re-sends it under its confirm number instead of its
//! stream sequence, so the new leader (de-duplicating by sequence) drops the channel's next
//! message(s) while confirming them: a RECEIPT for a message that is in no stream (seen in
//! `tests/e2e/cluster.test.mjs`). Without confirm mode nothing is re-sent by the broker; a
//! write lost with the old leader is written again by the library until our own message
//! comes back on the stream (`follow` matches it), and a second copy in the stream is
//! shown once (by message id).

use futures::future::{select, Either};
use futures::StreamExt;
use stomp::web::{AckMode, StompClient, SubscribeOptions, Subscription};
use yew::UseReducerDispatcher;

use super::incoming::parse_message;
use super::model::RoomKey;
use super::sender::SharedOutbound;
use super::service::{batched, now, yield_to_events};
use super::state::{Action, ChatState};

/// How many of the newest messages a joining page loads.
pub const HISTORY_LIMIT: u64 = 100;
/// How long the probe waits for the newest chunk before taking the stream to be empty.
const PROBE_MS: u32 = 1_500;
/// Messages the broker may send ahead of our acks.
const PREFETCH: &str = "200";
/// Keeps the stream's total size bounded at least coarsely (see the module doc).
const MAX_BYTES: &str = "50000000";

/// Where a room's chat messages are published: the stream itself (a SEND to `/queue/<name>`
/// would re-declare it as a classic queue and fail).
pub fn publish_destination(name: &str) -> String {
    format!("/amq/queue/{name}")
}

fn header(n: &str, v: &str) -> (String, String) {
    (n.to_owned(), v.to_owned())
}

/// Declares the stream (idempotent: same arguments every time) and finds the offset of its
/// newest chunk; `None` for an empty stream.
async fn newest_offset(client: &StompClient, name: &str) -> Result<Option<u64>, String> {
    let declare = SubscribeOptions {
        ack: AckMode::Client,
        receipt: true,
        headers: vec![
            header("x-queue-type", "stream"),
            header("durable", "true"),
            header("auto-delete", "false"),
            header("x-max-length-bytes", MAX_BYTES),
            header("prefetch-count", "1"),
            header("x-stream-offset", "last"),
        ],
    };
    let mut probe = client
        .subscribe(&format!("/queue/{name}"), declare)
        .await
        .map_err(|e| e.to_string())?;
    let first = select(
        probe.next(),
        gloo_timers::future::TimeoutFuture::new(PROBE_MS),
    )
    .await;
    Ok(match first {
        Either::Left((Some(m), _)) => m
            .frame
            .get("x-stream-offset")
            .and_then(|o| o.parse::<u64>().ok()),
        _ => None,
    })
    // Dropping the probe unsubscribes it.
}

/// The room's reader: the last messages first, then live ones. Every message must be passed
/// to [`ack`] once handled, or the broker stops at `PREFETCH`.
pub async fn open(client: &StompClient, name: &str) -> Result<Subscription, String> {
    let start = match newest_offset(client, name).await? {
        Some(newest) => format!("offset={}", newest.saturating_sub(HISTORY_LIMIT - 1)),
        None => "first".to_owned(),
    };
    let opts = SubscribeOptions {
        ack: AckMode::Client,
        receipt: true,
        headers: vec![
            header("prefetch-count", PREFETCH),
            header("x-stream-offset", &start),
        ],
    };
    client
        .subscribe(&publish_destination(name), opts)
        .await
        .map_err(|e| e.to_string())
}

/// Acknowledges a handled stream message (cumulative: `client` mode), so more may come.
pub fn ack(client: &StompClient, m: &stomp::web::Message) {
    let done = client.ack(m);
    wasm_bindgen_futures::spawn_local(async move {
        // An ack lost with its connection needs no retry: the replayed subscription resumes
        // by offset, not by what was acked.
        let _ = done.await;
    });
}

/// Reads the room's stream for as long as the room is open: history first, then live
/// messages, each shown once (our own are matched to what we sent, as on the topic).
pub async fn follow(
    client: StompClient,
    name: String,
    room: RoomKey,
    out: SharedOutbound,
    dispatch: UseReducerDispatcher<ChatState>,
) {
    let mut sub = match open(&client, &name).await {
        Ok(sub) => sub,
        Err(e) => {
            dispatch.dispatch(Action::Notice(format!("{name}: {e}")));
            return;
        }
    };
    let incoming = |m: &stomp::web::Message| {
        let mut payload = parse_message(m.body());
        out.borrow_mut().match_echo(&client, &room, &mut payload);
        Action::Incoming {
            room: room.clone(),
            payload,
            now: now(),
        }
    };
    while let Some(first) = sub.next().await {
        let mut batch = vec![incoming(&first)];
        let mut last = first;
        // History arrives in a burst: render it once.
        yield_to_events().await;
        while let Some(m) = sub.try_next() {
            batch.push(incoming(&m));
            last = m;
        }
        ack(&client, &last);
        dispatch.dispatch(batched(batch));
    }
}
