//! Reconnect delays, and the tiny random generator behind their jitter.

use super::config::ReconnectPolicy;

/// xorshift64*: enough randomness to spread reconnects, deterministic from a seed, no
/// dependency.
#[derive(Debug, Clone)]
pub(crate) struct XorShift(u64);

impl XorShift {
    pub(crate) fn new(seed: u64) -> Self {
        // Zero is xorshift's one fixed point.
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The delay before reconnect attempt `attempt` (1-based), given a uniform sample `u` in
/// `[0, 1)`: the capped exponential delay, shortened by up to `jitter` of itself.
pub(crate) fn backoff_delay_ms(policy: &ReconnectPolicy, attempt: u32, u: f64) -> u64 {
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

    fn policy(jitter: f64, max_attempts: Option<u32>) -> ReconnectPolicy {
        ReconnectPolicy {
            enabled: true,
            initial_delay_ms: 1_000,
            max_delay_ms: 10_000,
            multiplier: 2.0,
            jitter,
            max_attempts,
            healthy_after_ms: 5_000,
        }
    }

    #[test]
    fn backoff_table_without_jitter() {
        let p = policy(0.0, None);
        let delays: Vec<u64> = (1..=7).map(|n| backoff_delay_ms(&p, n, 0.7)).collect();
        assert_eq!(delays, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
        assert_eq!(
            backoff_delay_ms(&p, u32::MAX, 0.0),
            10_000,
            "cap holds at any attempt"
        );
        let flat = ReconnectPolicy {
            multiplier: 0.5,
            ..p.clone()
        };
        assert_eq!(
            backoff_delay_ms(&flat, 5, 0.0),
            1_000,
            "multiplier below 1 means 1"
        );
    }

    #[test]
    fn jitter_only_shortens_and_stays_within_its_fraction() {
        let p = policy(0.3, None);
        let mut rng = XorShift::new(42);
        for attempt in 1..=8 {
            let base = backoff_delay_ms(&policy(0.0, None), attempt, 0.0);
            let mut seen = Vec::new();
            for _ in 0..200 {
                let d = backoff_delay_ms(&p, attempt, rng.next_f64());
                assert!(
                    d <= base && d as f64 >= base as f64 * 0.7 - 1.0,
                    "{attempt}: {d}"
                );
                seen.push(d);
            }
            seen.sort();
            seen.dedup();
            assert!(seen.len() > 20, "jitter actually varies: {seen:?}");
        }
        assert_eq!(backoff_delay_ms(&p, 1, 0.0), 1_000);
        assert_eq!(backoff_delay_ms(&p, 1, 0.999_999), 700);
    }
}
