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
    let cap = policy.max_delay_ms as f64;
    let multiplier = if policy.multiplier >= 1.0 {
        policy.multiplier
    } else {
        1.0
    };
    let jitter = if policy.jitter > 0.0 {
        policy.jitter.min(1.0)
    } else {
        0.0
    };
    let u = if (0.0..1.0).contains(&u) { u } else { 0.0 };
    // powi saturates to infinity, and min() then caps it.
    let exponent = attempt.saturating_sub(1).min(i32::MAX as u32) as i32;
    let base = (policy.initial_delay_ms as f64 * multiplier.powi(exponent)).min(cap);
    // `as` saturates and maps NaN to 0, so this cannot panic or wrap.
    (base * (1.0 - jitter * u)).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_is_uniform_enough_and_in_range() {
        let mut r = XorShift::new(0);
        let mut sum = 0.0;
        for _ in 0..10_000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
            sum += x;
        }
        let mean = sum / 10_000.0;
        assert!((0.45..0.55).contains(&mean), "mean {mean}");
    }

    #[test]
    fn nonsense_policies_do_not_panic() {
        let p = ReconnectPolicy {
            multiplier: f64::NAN,
            jitter: f64::INFINITY,
            initial_delay_ms: u64::MAX,
            max_delay_ms: u64::MAX,
            ..ReconnectPolicy::default()
        };
        for attempt in [0, 1, u32::MAX] {
            let _ = backoff_delay_ms(&p, attempt, 0.5);
            let _ = backoff_delay_ms(&p, attempt, f64::NAN);
        }
    }
}
