//! Reconnect delays, and the tiny random generator behind their jitter.

use super::config::ReconnectPolicy;

/// xorshift64*: enough randomness to spread reconnects, deterministic from a seed, no
/// dependency.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        // Zero is xorshift's one fixed point.
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The delay before reconnect attempt `attempt` (1-based), given a uniform sample `u` in
/// `[0, 1)`: the capped exponential delay, shortened by up to `jitter` of itself.
pub fn backoff_delay_ms(policy: &ReconnectPolicy, attempt: u32, u: f64) -> u64 {
    todo!("{policy:?}{attempt}{u}")
}
