//! A room's people as sorted vectors instead of `BTreeSet<String>` / `BTreeMap<String, _>`.
//! A room lists tens of people, not thousands: a binary search in one vector is as quick, and
//! the wasm then carries no B-tree code of its own (each B-tree key/value type was a separate
//! copy of insert, remove, rebalance, clone and drop, ~12 KB raw for the two we had; yew's
//! scheduler keeps its own). Iteration is in name order, as before.

use super::model::Millis;

/// Names, sorted, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameSet(Vec<String>);

impl NameSet {
    pub fn new() -> Self {
        NameSet(Vec::new())
    }

    /// True if `name` was not in the set.
    pub fn insert(&mut self, name: String) -> bool {
        match self.0.binary_search(&name) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, name);
                true
            }
        }
    }

    /// True if `name` was in the set.
    pub fn remove(&mut self, name: &str) -> bool {
        match self.0.binary_search_by(|n| n.as_str().cmp(name)) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.binary_search_by(|n| n.as_str().cmp(name)).is_ok()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl Extend<String> for NameSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for n in names {
            self.insert(n);
        }
    }
}

/// When each person was last heard from, sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastHeard(Vec<(String, Millis)>);

impl LastHeard {
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// `name` was heard from at `at`: keeps the later of this and what was known.
    pub fn heard(&mut self, name: &str, at: Millis) {
        match self.find(name) {
            Ok(i) => self.0[i].1 = self.0[i].1.max(at),
            Err(i) => self.0.insert(i, (name.to_owned(), at)),
        }
    }

    pub fn remove(&mut self, name: &str) {
        if let Ok(i) = self.find(name) {
            self.0.remove(i);
        }
    }

    pub fn get(&self, name: &str) -> Option<Millis> {
        self.find(name).ok().map(|i| self.0[i].1)
    }

    /// (name, last heard) in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Millis)> {
        self.0.iter().map(|(n, at)| (n, at))
    }

    pub fn values(&self) -> impl Iterator<Item = &Millis> {
        self.0.iter().map(|(_, at)| at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_keeps_names_sorted_and_once() {
        let mut s = NameSet::new();
        assert!(s.insert("eve".into()));
        assert!(s.insert("ann".into()));
        assert!(!s.insert("eve".into()));
        s.extend(["bob".to_owned(), "ann".to_owned()]);
        assert_eq!(s.iter().collect::<Vec<_>>(), ["ann", "bob", "eve"]);
        assert_eq!(s.len(), 3);
        assert!(s.contains("bob") && !s.contains("bo"));
        assert!(s.remove("bob") && !s.remove("bob"));
        assert_eq!(s.iter().collect::<Vec<_>>(), ["ann", "eve"]);
        s.clear();
        assert!(s.is_empty());
    }

    #[test]
    fn last_heard_keeps_the_latest_time_per_name() {
        let mut h = LastHeard::default();
        h.heard("bob", 5);
        h.heard("ann", 9);
        h.heard("bob", 3);
        assert_eq!(h.get("bob"), Some(5));
        h.heard("bob", 7);
        assert_eq!(
            h.iter()
                .map(|(n, at)| (n.as_str(), *at))
                .collect::<Vec<_>>(),
            [("ann", 9), ("bob", 7)]
        );
        assert_eq!(h.values().copied().collect::<Vec<_>>(), [9, 7]);
        h.remove("ann");
        h.remove("nobody");
        assert_eq!(h.get("ann"), None);
        assert_eq!(h.values().count(), 1);
    }
}
