//! STOMP over a plain TCP socket, through one 256 KiB buffer.

use std::time::{Duration, Instant};

use bytes::BytesMut;
use stomp::{Command, Decoder, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;

use crate::burst::{take, Burst};
use crate::Error;

/// Publishes the burst; returns the time from the first SEND to the RECEIPT.
pub async fn publish(addr: &str, burst: &Burst) -> Result<Duration, Error> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (mut rd, wr) = stream.into_split();
    let mut wr = BufWriter::with_capacity(256 * 1024, wr);
    let mut decoder = Decoder::new(Limits::default());
    let mut buf = BytesMut::with_capacity(64 * 1024);

    wr.write_all(&burst.connect).await?;
    wr.flush().await?;
    expect(&mut rd, &mut decoder, &mut buf, Command::Connected).await?;

    let started = Instant::now();
    for _ in 1..burst.n {
        wr.write_all(&burst.plain).await?;
    }
    wr.write_all(&burst.last).await?;
    wr.flush().await?;
    expect(&mut rd, &mut decoder, &mut buf, Command::Receipt).await?;
    Ok(started.elapsed())
}

async fn expect(
    rd: &mut OwnedReadHalf,
    decoder: &mut Decoder,
    buf: &mut BytesMut,
    want: Command,
) -> Result<(), Error> {
    while !take(decoder, buf, want)? {
        if rd.read_buf(buf).await? == 0 {
            return Err(format!("connection closed while waiting for {want}").into());
        }
    }
    Ok(())
}
