//! STOMP over WebSocket (text messages, subprotocol `v12.stomp`), for brokers without a TCP
//! STOMP port such as the dev broker. Several whole frames go into one WebSocket message, up
//! to [`BATCH_BYTES`]: the dev broker (like Spring's `StompDecoder`) decodes every frame in a
//! message, and a frame is never split across messages.

use std::time::{Duration, Instant};

use bytes::BytesMut;
use futures_util::{SinkExt, StreamExt};
use stomp::{Command, Decoder, Limits};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::burst::{take, Burst};
use crate::Error;

/// Bytes of frames per WebSocket message: well under the dev broker's 256 KiB message limit
/// (4 × its 64 KiB frame limit), large enough that per-message costs vanish.
const BATCH_BYTES: usize = 64 * 1024;

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// Publishes the burst; returns the time from the first SEND to the RECEIPT.
pub async fn publish(url: &str, burst: &Burst) -> Result<Duration, Error> {
    let mut req = url.into_client_request()?;
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("v12.stomp"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(req, None, true).await?;
    let mut decoder = Decoder::new(Limits::default());
    let mut buf = BytesMut::with_capacity(64 * 1024);

    ws.send(text(burst.connect.clone())?).await?;
    expect(&mut ws, &mut decoder, &mut buf, Command::Connected).await?;

    let started = Instant::now();
    let mut batch = Vec::with_capacity(BATCH_BYTES);
    for i in 1..=burst.n {
        let frame = if i == burst.n {
            &burst.last
        } else {
            &burst.plain
        };
        if !batch.is_empty() && batch.len() + frame.len() > BATCH_BYTES {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_BYTES));
            ws.feed(text(full)?).await?;
        }
        batch.extend_from_slice(frame);
    }
    ws.send(text(batch)?).await?;
    expect(&mut ws, &mut decoder, &mut buf, Command::Receipt).await?;
    let took = started.elapsed();
    let _ = ws.close(None).await;
    Ok(took)
}

/// Text, as browsers send STOMP; the frames are UTF-8 (the body is ASCII).
fn text(bytes: Vec<u8>) -> Result<Message, Error> {
    Ok(Message::text(String::from_utf8(bytes)?))
}

async fn expect(
    ws: &mut Socket,
    decoder: &mut Decoder,
    buf: &mut BytesMut,
    want: Command,
) -> Result<(), Error> {
    while !take(decoder, buf, want)? {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => buf.extend_from_slice(t.as_bytes()),
            Some(Ok(Message::Binary(b))) => buf.extend_from_slice(&b),
            Some(Ok(Message::Close(c))) => {
                return Err(format!("socket closed while waiting for {want}: {c:?}").into())
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.into()),
            None => return Err(format!("socket ended while waiting for {want}").into()),
        }
    }
    Ok(())
}
