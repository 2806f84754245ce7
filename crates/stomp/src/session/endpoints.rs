//! Several broker URLs for one logical client (a cluster, or a primary and a standby): which
//! one the next connection attempt goes to, and how long to wait before it.
//!
//! The session never opens anything itself, so a URL is only a name here: the driver opens
//! whatever [`Session::endpoint`](super::Session::endpoint) names when it sees
//! `Transmit::Open`. The rules, modelled on ActiveMQ's `failover:` transport:
//! - attempts go through the list in order (shuffled once at start with
//!   `SessionConfig::shuffle_endpoints`, so many clients spread over the nodes);
//! - a working endpoint is kept for as long as its connection lasts;
//! - when a connection or an attempt ends (not by the user's own disconnect), the next attempt
//!   goes to the next endpoint: a node that just died is the last one to try again;
//! - the backoff grows per full pass over the list, not per attempt, so a dead first node
//!   costs one initial delay, not an exponential climb before the healthy ones are tried.

use super::backoff::XorShift;

#[derive(Debug, Clone)]
pub(crate) struct Endpoints {
    /// In the order they are tried.
    list: Vec<String>,
    current: usize,
}

impl Endpoints {
    pub(crate) fn new(mut list: Vec<String>, shuffle: bool, rng: &mut XorShift) -> Endpoints {
        if shuffle {
            // Fisher-Yates; the modulo bias over a handful of URLs is irrelevant here.
            for i in (1..list.len()).rev() {
                let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                list.swap(i, j);
            }
        }
        Endpoints { list, current: 0 }
    }

    /// The endpoint of the current (or next) attempt: its position in the order tried and
    /// its URL. `None` when the config named none (the driver knows its URL itself).
    pub(crate) fn current(&self) -> Option<(usize, &str)> {
        self.list
            .get(self.current)
            .map(|u| (self.current, u.as_str()))
    }

    /// Moves on to the next endpoint; true if that is a different one.
    pub(crate) fn advance(&mut self) -> bool {
        if self.list.len() < 2 {
            return false;
        }
        self.current = (self.current + 1) % self.list.len();
        true
    }

    /// The order attempts go in.
    pub(crate) fn all(&self) -> &[String] {
        &self.list
    }

    /// Which backoff step the `failures`-th consecutive failed attempt takes: one step per
    /// full pass over the list (the first pass at the initial delay).
    pub(crate) fn backoff_step(&self, failures: u32) -> u32 {
        let n = self.list.len().max(1) as u32;
        failures.saturating_sub(1) / n + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("ws://n{i}/ws")).collect()
    }

    #[test]
    fn in_order_without_shuffle_and_wraps_around() {
        let mut e = Endpoints::new(urls(3), false, &mut XorShift::new(1));
        let mut seen = vec![e.current().unwrap().1.to_owned()];
        for _ in 0..3 {
            assert!(e.advance());
            seen.push(e.current().unwrap().1.to_owned());
        }
        assert_eq!(
            seen,
            ["ws://n0/ws", "ws://n1/ws", "ws://n2/ws", "ws://n0/ws"]
        );
    }

    #[test]
    fn one_or_no_url_never_moves() {
        let mut one = Endpoints::new(urls(1), true, &mut XorShift::new(1));
        assert!(!one.advance());
        assert_eq!(one.current(), Some((0, "ws://n0/ws")));
        let mut none = Endpoints::new(Vec::new(), true, &mut XorShift::new(1));
        assert!(!none.advance());
        assert_eq!(none.current(), None);
    }

    #[test]
    fn shuffle_is_a_permutation_that_depends_on_the_seed() {
        let mut firsts = std::collections::HashSet::new();
        for seed in 1..50 {
            let e = Endpoints::new(urls(5), true, &mut XorShift::new(seed));
            let mut sorted = e.all().to_vec();
            sorted.sort();
            assert_eq!(sorted, urls(5), "seed {seed}");
            firsts.insert(e.all()[0].clone());
        }
        assert_eq!(firsts.len(), 5, "every node comes first for some client");
    }

    #[test]
    fn backoff_grows_per_pass_over_the_list() {
        let e = Endpoints::new(urls(3), false, &mut XorShift::new(1));
        let steps: Vec<u32> = (1..=7).map(|f| e.backoff_step(f)).collect();
        assert_eq!(steps, [1, 1, 1, 2, 2, 2, 3]);
        let single = Endpoints::new(urls(1), false, &mut XorShift::new(1));
        let steps: Vec<u32> = (1..=3).map(|f| single.backoff_step(f)).collect();
        assert_eq!(steps, [1, 2, 3], "one URL: the backoff as before");
    }
}
