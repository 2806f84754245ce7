//! The bytes of one benchmark burst, encoded once, and the wait for the broker's answers;
//! shared by both transports.

use bytes::BytesMut;
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};

use crate::Error;

pub struct Burst {
    pub connect: Vec<u8>,
    /// One SEND without a receipt; written N - 1 times.
    pub plain: Vec<u8>,
    /// The last SEND, asking for a receipt.
    pub last: Vec<u8>,
    pub n: u32,
}

impl Burst {
    /// Without `credentials` CONNECT carries no login (the dev broker needs none; RabbitMQ's
    /// default is guest/guest).
    pub fn new(
        destination: &str,
        n: u32,
        size: usize,
        credentials: Option<(&str, &str)>,
    ) -> Result<Burst, Error> {
        let mut connect = Frame::new(Command::Connect)
            .header("accept-version", "1.2")
            .header("host", "/")
            .header("heart-beat", "0,0");
        if let Some((login, passcode)) = credentials {
            connect = connect.header("login", login).header("passcode", passcode);
        }
        let body: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
        let plain = Frame::new(Command::Send)
            .header("destination", destination)
            .body(body);
        Ok(Burst {
            connect: encode_to_vec(&connect, Version::V1_2)?,
            last: encode_to_vec(&plain.clone().header("receipt", "last"), Version::V1_2)?,
            plain: encode_to_vec(&plain, Version::V1_2)?,
            n,
        })
    }
}

/// Takes the next frame out of `buf` if one is complete; it must be `want` (an ERROR ends
/// the run with its message). Heart-beats are skipped.
pub fn take(decoder: &mut Decoder, buf: &mut BytesMut, want: Command) -> Result<bool, Error> {
    while let Some(item) = decoder.decode(buf)? {
        let Item::Frame(f) = item else { continue };
        if f.command == want {
            return Ok(true);
        }
        return Err(format!(
            "expected {want}, got {}: {} {}",
            f.command,
            f.get("message").unwrap_or_default(),
            String::from_utf8_lossy(&f.body)
        )
        .into());
    }
    Ok(false)
}
