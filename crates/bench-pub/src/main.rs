//! `bench-pub ADDR DESTINATION N BODY_BYTES [LOGIN PASSCODE]`
//!
//! Connects to a broker's native STOMP TCP port (RabbitMQ's `stomp.listeners.tcp`), writes N
//! SEND frames of BODY_BYTES each through one large buffer, the last with a receipt, and exits
//! once that receipt arrives. Prints `{"sent":N,"ms":T}`. A native publisher far faster than a
//! browser keeps the receive benchmarks measuring the page, not the publisher.

use std::time::{Duration, Instant};

use bytes::BytesMut;
use stomp::{encode, Command, Decoder, Frame, Item, Limits, Version};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};
use tokio::net::TcpStream;

type Error = Box<dyn std::error::Error>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, destination, n, size, rest @ ..] = &args[..] else {
        return Err("usage: bench-pub ADDR DESTINATION N BODY_BYTES [LOGIN PASSCODE]".into());
    };
    let n: u32 = n.parse()?;
    let size: usize = size.parse()?;
    let (login, passcode) = match rest {
        [l, p] => (l.as_str(), p.as_str()),
        _ => ("guest", "guest"),
    };
    tokio::time::timeout(
        Duration::from_secs(120),
        publish(addr, destination, n, size, login, passcode),
    )
    .await
    .map_err(|_| "no receipt for the last SEND within 120 s")?
}

async fn publish(
    addr: &str,
    destination: &str,
    n: u32,
    size: usize,
    login: &str,
    passcode: &str,
) -> Result<(), Error> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (mut rd, wr) = stream.into_split();
    let mut wr = BufWriter::with_capacity(256 * 1024, wr);
    let mut decoder = Decoder::new(Limits::default());
    let mut buf = BytesMut::with_capacity(64 * 1024);

    let connect = Frame::new(Command::Connect)
        .header("accept-version", "1.2")
        .header("host", "/")
        .header("login", login)
        .header("passcode", passcode)
        .header("heart-beat", "0,0");
    write_frame(&mut wr, &connect).await?;
    wr.flush().await?;
    expect(&mut rd, &mut decoder, &mut buf, Command::Connected).await?;

    let body: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    let plain = Frame::new(Command::Send)
        .header("destination", destination)
        .body(body.clone());
    let mut plain_bytes = Vec::new();
    encode(&plain, Version::V1_2, &mut plain_bytes)?;
    let started = Instant::now();
    for _ in 1..n {
        wr.write_all(&plain_bytes).await?;
    }
    write_frame(&mut wr, &plain.header("receipt", "last")).await?;
    wr.flush().await?;
    expect(&mut rd, &mut decoder, &mut buf, Command::Receipt).await?;
    println!(
        "{{\"sent\":{n},\"ms\":{:.1}}}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

async fn write_frame(
    wr: &mut BufWriter<tokio::net::tcp::OwnedWriteHalf>,
    frame: &Frame,
) -> Result<(), Error> {
    let mut out = Vec::new();
    encode(frame, Version::V1_2, &mut out)?;
    wr.write_all(&out).await?;
    Ok(())
}

/// Reads until a frame arrives; it must be `want` (an ERROR ends the run with its message).
async fn expect(
    rd: &mut tokio::net::tcp::OwnedReadHalf,
    decoder: &mut Decoder,
    buf: &mut BytesMut,
    want: Command,
) -> Result<(), Error> {
    loop {
        while let Some(item) = decoder.decode(buf)? {
            if let Item::Frame(f) = item {
                if f.command == want {
                    return Ok(());
                }
                return Err(format!(
                    "expected {want}, got {}: {} {}",
                    f.command,
                    f.get("message").unwrap_or_default(),
                    String::from_utf8_lossy(&f.body)
                )
                .into());
            }
        }
        if rd.read_buf(buf).await? == 0 {
            return Err(format!("connection closed while waiting for {want}").into());
        }
    }
}
