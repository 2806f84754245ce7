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

use futures::future::{select, Either};
use futures::{FutureExt, StreamExt};
use stomp::web::{AckMode, ClientEvent, StompClient, SubscribeOptions, Subscription};
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
/// After a reconnect, the reader is opened afresh this long after, as well as resumed at
/// once by the library. Seen on RabbitMQ 3.10.8 (a 3-node cluster, the node holding the
/// stream's leader killed): a reader resumed on another node right away sometimes received
/// what the stream held and then nothing more, while readers opened later were fine —
/// apparently a reader attached to a replica that restarts to follow the new leader.
const REOPEN_AFTER_MS: [u32; 2] = [3_000, 10_000];
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

/// Where a joining page starts reading: about `HISTORY_LIMIT` before the newest chunk.
async fn history_start(client: &StompClient, name: &str) -> Result<String, String> {
    Ok(match newest_offset(client, name).await? {
        Some(newest) => format!("offset={}", newest.saturating_sub(HISTORY_LIMIT - 1)),
        None => "first".to_owned(),
    })
}

/// The room's reader from `start` on. Every message must be passed to [`ack`] once handled,
/// or the broker stops at `PREFETCH`.
async fn open_at(client: &StompClient, name: &str, start: &str) -> Result<Subscription, String> {
    let opts = SubscribeOptions {
        ack: AckMode::Client,
        receipt: true,
        headers: vec![
            header("prefetch-count", PREFETCH),
            header("x-stream-offset", start),
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
    let opened = match history_start(&client, &name).await {
        Ok(start) => open_at(&client, &name, &start).await,
        Err(e) => Err(e),
    };
    let mut sub = match opened {
        Ok(sub) => sub,
        Err(e) => {
            dispatch.dispatch(Action::Notice(format!("{name}: {e}")));
            return;
        }
    };
    let mut events = client.events();
    let mut connections = 0u32;
    // When to re-open the reader, after a reconnect (see REOPEN_AFTER_MS).
    let mut reopen_at: Vec<f64> = Vec::new();
    let mut last_offset: Option<u64> = None;
    let incoming = |m: &stomp::web::Message| {
        let mut payload = parse_message(m.body());
        out.borrow_mut().match_echo(&client, &room, &mut payload);
        Action::Incoming {
            room: room.clone(),
            payload,
            now: now(),
        }
    };
    loop {
        let wait = reopen_at
            .iter()
            .copied()
            .reduce(f64::min)
            .map(|t| (t - js_sys::Date::now()).max(0.0) as u32);
        let timer = async move {
            match wait {
                Some(ms) => gloo_timers::future::TimeoutFuture::new(ms).await,
                None => futures::future::pending().await,
            }
        };
        futures::select! {
            first = sub.next().fuse() => {
                let Some(first) = first else { return };
                let mut batch = vec![first];
                // History arrives in a burst: render it once.
                yield_to_events().await;
                while let Some(m) = sub.try_next() {
                    batch.push(m);
                }
                if let Some(o) = batch.iter().filter_map(offset_of).max() {
                    last_offset = Some(last_offset.map_or(o, |l| l.max(o)));
                }
                let actions = batch.iter().map(&incoming).collect();
                if let Some(last) = batch.last() {
                    ack(&client, last);
                }
                dispatch.dispatch(batched(actions));
            }
            e = events.next().fuse() => match e {
                Some(ClientEvent::Connected(_)) => {
                    connections += 1;
                    if connections > 1 {
                        let now = js_sys::Date::now();
                        reopen_at.extend(REOPEN_AFTER_MS.iter().map(|d| now + f64::from(*d)));
                    }
                }
                None => return,
                _ => {}
            },
            () = timer.fuse() => {
                let now = js_sys::Date::now();
                reopen_at.retain(|t| *t > now);
                // Dropping the old reader unsubscribes it; the new one starts right after
                // the last offset shown, so nothing is skipped or repeated.
                let start = last_offset.map_or("first".to_owned(), |o| format!("offset={}", o + 1));
                drop(sub);
                sub = match open_at(&client, &name, &start).await {
                    Ok(sub) => sub,
                    Err(e) => {
                        dispatch.dispatch(Action::Notice(format!("{name}: {e}")));
                        return;
                    }
                };
            }
        }
    }
}

fn offset_of(m: &stomp::web::Message) -> Option<u64> {
    m.frame.get("x-stream-offset").and_then(|o| o.parse().ok())
}
