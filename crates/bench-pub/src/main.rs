//! `bench-pub ADDR DESTINATION N BODY_BYTES [LOGIN PASSCODE]`
//!
//! Publishes N SEND frames of BODY_BYTES each, the last with a receipt, and exits once that
//! receipt arrives. Prints `{"sent":N,"ms":T}` (first SEND written to RECEIPT read). A native
//! publisher far faster than a browser keeps the receive benchmarks measuring the page, not
//! the publisher.
//!
//! ADDR is either `host:port`, a broker's native STOMP TCP port (RabbitMQ's
//! `stomp.listeners.tcp`), written through one large buffer; or `ws://host:port/path`, a
//! STOMP-over-WebSocket endpoint (the dev broker, which has no TCP listener), written as
//! WebSocket messages of many whole frames each.

mod burst;
mod tcp;
mod ws;

use std::time::Duration;

use burst::Burst;

type Error = Box<dyn std::error::Error>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, destination, n, size, rest @ ..] = &args[..] else {
        return Err(
            "usage: bench-pub ADDR|ws://URL DESTINATION N BODY_BYTES [LOGIN PASSCODE]".into(),
        );
    };
    let n: u32 = n.parse()?;
    if n == 0 {
        return Err("N must be at least 1 (the last SEND carries the receipt)".into());
    }
    let size: usize = size.parse()?;
    let credentials = match rest {
        [l, p] => Some((l.as_str(), p.as_str())),
        [] => None,
        _ => return Err("give both LOGIN and PASSCODE, or neither".into()),
    };
    let burst = Burst::new(destination, n, size, credentials)?;
    let run = async {
        if addr.starts_with("ws://") {
            ws::publish(addr, &burst).await
        } else {
            tcp::publish(addr, &burst).await
        }
    };
    let took = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .map_err(|_| "no receipt for the last SEND within 120 s")??;
    println!("{{\"sent\":{n},\"ms\":{:.1}}}", took.as_secs_f64() * 1000.0);
    Ok(())
}
