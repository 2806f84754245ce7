//! Random sequences of operations — user commands, transport events, server frames both
//! well-formed and garbage, and time passing — never panic, and keep the session's promises.
#![cfg(not(target_arch = "wasm32"))] // native only: fake broker and clock

mod support;

use proptest::prelude::*;
use stomp::session::{ReconnectPolicy, SessionConfig};
use stomp::Version;
use support::session_model::{Driver, Op};

// The ops, the driver and every check live in `support/session_model.rs`, shared with the
// `session` fuzz target; only the generation is here.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Connect),
        6 => (0u8..3).prop_map(Op::Handshake),
        1 => Just(Op::Disconnect),
        1 => Just(Op::ReconnectNow),
        4 => Just(Op::Open),
        2 => prop_oneof![Just(1000u16), Just(1006), any::<u16>()].prop_map(Op::Close),
        4 => prop_oneof![0u32..50, 0u32..5_000, 0u32..100_000].prop_map(Op::Advance),
        4 => Just(Op::FireTimeout),
        3 => (any::<u8>(), 0u8..3, any::<bool>())
            .prop_map(|(dest, ack, receipt)| Op::Subscribe { dest, ack, receipt }),
        1 => any::<u8>().prop_map(Op::Unsubscribe),
        5 => (0u8..3, proptest::option::of(any::<u8>()), 0u16..300, any::<u8>())
            .prop_map(|(confirm, tx, len, dest)| Op::Send { confirm, tx, len, dest }),
        1 => any::<u8>().prop_map(Op::Confirm),
        1 => any::<u8>().prop_map(Op::Cancel),
        2 => any::<u8>().prop_map(Op::Ack),
        1 => any::<u8>().prop_map(Op::Nack),
        1 => Just(Op::Begin),
        1 => any::<u8>().prop_map(Op::Commit),
        1 => any::<u8>().prop_map(Op::Abort),
        4 => (proptest::option::of(0u8..6), any::<u16>(), any::<u16>())
            .prop_map(|(version, sx, sy)| Op::Connected { version, sx, sy }),
        5 => (any::<u8>(), any::<u8>()).prop_map(|(sub, id)| Op::Message { sub, id }),
        4 => any::<u8>().prop_map(Op::Receipt),
        1 => proptest::option::of(any::<u8>()).prop_map(Op::Error),
        2 => Just(Op::HeartBeat),
        1 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(Op::Raw),
        1 => any::<u8>().prop_map(Op::Partial),
    ]
}

fn config() -> impl Strategy<Value = SessionConfig> {
    (
        0u32..3_000,
        0u32..3_000,
        prop_oneof![Just(0.0), Just(1.0), Just(2.0), Just(3.0), Just(f64::NAN)],
        0u64..3_000,
        0usize..6,
        prop_oneof![Just(0usize), 1usize..64],
        any::<bool>(),
        proptest::option::of(0u32..4),
        (0u64..2_000, 0.0f64..1.5, any::<u64>(), any::<bool>()),
        (
            prop_oneof![Just(0usize), 60usize..2_200],
            prop_oneof![Just(0usize), 1usize..4],
            0u32..4,
        ),
    )
        .prop_map(
            |(
                hb_out,
                hb_in,
                tolerance,
                timeout,
                outbox,
                max_msg,
                tap,
                max_attempts,
                (initial, jitter, seed, v10),
                (max_frame, max_unacked, send_attempts),
            )| {
                SessionConfig {
                    heart_beat: stomp::session::HeartBeat {
                        outgoing_ms: hb_out,
                        incoming_ms: hb_in,
                    },
                    heart_beat_tolerance: tolerance,
                    connect_timeout_ms: timeout,
                    receipt_timeout_ms: timeout,
                    disconnect_timeout_ms: timeout,
                    outbox_limit: outbox,
                    max_ws_message: max_msg,
                    max_frame_bytes: max_frame,
                    max_unacked,
                    max_send_attempts: send_attempts,
                    tap_frames: tap,
                    reconnect: ReconnectPolicy {
                        initial_delay_ms: initial,
                        max_delay_ms: 5_000,
                        jitter,
                        max_attempts,
                        healthy_after_ms: 1_000,
                        ..ReconnectPolicy::default()
                    },
                    accept_versions: if v10 {
                        vec![Version::V1_0, Version::V1_1, Version::V1_2]
                    } else {
                        vec![Version::V1_2]
                    },
                    seed,
                    ..SessionConfig::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_never_panic_and_keep_promises(
        config in config(),
        ops in proptest::collection::vec(op(), 0..150),
    ) {
        let mut d = Driver::new(config);
        for op in ops {
            d.step(op);
        }
        d.finish();
    }
}
