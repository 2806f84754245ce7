use bytes::BytesMut;
use stomp::{encode_to_vec, Command, Decoder, Frame, Item, Version};

#[test]
fn round_trip_and_heartbeats() {
    let f = Frame::new(Command::Message)
        .header("destination", "/topic/a:b")
        .header("subscription", "0")
        .header("content-length", "8")
        .body(&b"hi\0there"[..]);
    let mut wire = encode_to_vec(&f, Version::V1_2).unwrap();
    wire.extend_from_slice(b"\n\r\n");
    wire.extend_from_slice(&wire.clone());
    let mut d = Decoder::default();
    let mut out = vec![];
    let mut buf = BytesMut::new();
    for b in wire {
        buf.extend_from_slice(&[b]);
        while let Some(item) = d.decode(&mut buf).unwrap() {
            out.push(item);
        }
    }
    let hb = Item::HeartBeat;
    assert_eq!(
        out,
        vec![
            Item::Frame(f.clone()),
            hb.clone(),
            hb.clone(),
            Item::Frame(f),
            hb.clone(),
            hb
        ]
    );
}
