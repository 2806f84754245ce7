//! An arbitrary config and an arbitrary sequence of user commands, transport events, server
//! frames (well-formed, cut or garbage) and time passing, fed to `stomp::session::Session`.
//!
//! The ops, the driver and the checks after every step are those of the session proptest:
//! one model, `crates/stomp/tests/support/session_model.rs`, included here by path, whose
//! `Op` derives `Arbitrary` under cargo-fuzz's `--cfg fuzzing`. Only the config is generated
//! differently: here it reaches every field, with troublesome floats and tiny limits.
#![no_main]

#[path = "../../crates/stomp/tests/support/session_model.rs"]
mod session_model;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use session_model::{Driver, Op};
use stomp::session::{HeartBeat, ReconnectPolicy, SessionConfig};
use stomp::{Limits, Version};

/// A float that is usually one of the troublesome values.
#[derive(Debug, Arbitrary)]
enum Float {
    Nan,
    Inf,
    NegInf,
    Zero,
    Small(u8),
    Any(f64),
}

impl Float {
    fn get(self) -> f64 {
        match self {
            Float::Nan => f64::NAN,
            Float::Inf => f64::INFINITY,
            Float::NegInf => f64::NEG_INFINITY,
            Float::Zero => 0.0,
            Float::Small(n) => f64::from(n) / 64.0,
            Float::Any(f) => f,
        }
    }
}

#[derive(Debug, Arbitrary)]
struct FuzzConfig {
    /// Bit i offers `Version::ALL[i]`; 0 offers all three.
    versions: u8,
    host: Option<String>,
    login: Option<String>,
    passcode: Option<String>,
    connect_headers: Vec<(String, String)>,
    use_stomp_command: bool,
    hb_out: u16,
    hb_in: u16,
    tolerance: Float,
    connect_timeout: u16,
    receipt_timeout: u16,
    disconnect_timeout: u16,
    reconnect: bool,
    initial_delay: u16,
    max_delay: u16,
    multiplier: Float,
    jitter: Float,
    max_attempts: Option<u8>,
    healthy_after: u16,
    outbox_limit: u8,
    max_send_attempts: u8,
    tiny_limits: bool,
    max_ws_message: u8,
    tap_frames: bool,
    seed: u64,
    /// 0 = none; small values refuse most sends (`TooLarge`), larger ones some.
    max_frame_bytes: u16,
    /// `% 4`: 0 = none, else tiny, so the oldest unacked message is dropped often.
    max_unacked: u8,
    /// `% 4` broker URLs (0 and 1: no failover), tried in order or shuffled.
    endpoints: u8,
    shuffle_endpoints: bool,
}

impl FuzzConfig {
    fn build(self) -> SessionConfig {
        let accept_versions = Version::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| self.versions & (1 << i) != 0)
            .map(|(_, v)| *v)
            .collect();
        let limits = if self.tiny_limits {
            Limits {
                max_headers: 4,
                max_header_line: 32,
                max_body: 64,
                max_frame: 128,
            }
        } else {
            Limits::default()
        };
        SessionConfig {
            endpoints: (0..self.endpoints % 4)
                .map(|i| format!("ws://node{i}.invalid/ws"))
                .collect(),
            shuffle_endpoints: self.shuffle_endpoints,
            accept_versions,
            host: self.host,
            login: self.login,
            passcode: self.passcode,
            connect_headers: self.connect_headers.into_iter().take(3).collect(),
            use_stomp_command: self.use_stomp_command,
            heart_beat: HeartBeat {
                outgoing_ms: u32::from(self.hb_out),
                incoming_ms: u32::from(self.hb_in),
            },
            heart_beat_tolerance: self.tolerance.get(),
            connect_timeout_ms: u64::from(self.connect_timeout),
            receipt_timeout_ms: u64::from(self.receipt_timeout),
            disconnect_timeout_ms: u64::from(self.disconnect_timeout),
            reconnect: ReconnectPolicy {
                enabled: self.reconnect,
                initial_delay_ms: u64::from(self.initial_delay),
                max_delay_ms: u64::from(self.max_delay),
                multiplier: self.multiplier.get(),
                jitter: self.jitter.get(),
                max_attempts: self.max_attempts.map(|n| u32::from(n % 5)),
                healthy_after_ms: u64::from(self.healthy_after),
            },
            outbox_limit: usize::from(self.outbox_limit % 6),
            max_send_attempts: u32::from(self.max_send_attempts % 5),
            max_frame_bytes: usize::from(self.max_frame_bytes % 4096),
            max_unacked: usize::from(self.max_unacked % 4),
            limits,
            max_ws_message: usize::from(self.max_ws_message % 64),
            tap_frames: self.tap_frames,
            seed: self.seed,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(config) = FuzzConfig::arbitrary(&mut u) else {
        return;
    };
    let mut d = Driver::new(config.build());
    // Arbitrary yields default values once the input runs out: stop there instead.
    while !u.is_empty() {
        let Ok(op) = Op::arbitrary(&mut u) else {
            break;
        };
        d.step(op);
    }
    d.finish();
});
