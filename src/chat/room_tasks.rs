//! Each joined room's subscription tasks, as a list. A page is in a few rooms: a list is as
//! quick as a map there, and a `HashMap<String, Vec<AbortHandle>>` was its own copy of the
//! hash table's code in the wasm. The methods are the map's that the service uses, so the
//! service reads the same; rooms come out in the order they were joined.

use futures::future::AbortHandle;

#[derive(Default)]
pub struct RoomTasks(Vec<(String, Vec<AbortHandle>)>);

impl RoomTasks {
    pub fn new() -> Self {
        RoomTasks(Vec::new())
    }

    fn find(&self, room: &str) -> Option<usize> {
        self.0.iter().position(|(r, _)| r == room)
    }

    pub fn contains_key(&self, room: &str) -> bool {
        self.find(room).is_some()
    }

    /// Sets `room`'s tasks; returns those it had (not aborted, as a map's `insert`).
    pub fn insert(&mut self, room: String, tasks: Vec<AbortHandle>) -> Option<Vec<AbortHandle>> {
        match self.find(&room) {
            Some(i) => Some(std::mem::replace(&mut self.0[i].1, tasks)),
            None => {
                self.0.push((room, tasks));
                None
            }
        }
    }

    pub fn remove(&mut self, room: &str) -> Option<Vec<AbortHandle>> {
        self.find(room).map(|i| self.0.remove(i).1)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(r, _)| r)
    }

    pub fn values(&self) -> impl Iterator<Item = &Vec<AbortHandle>> {
        self.0.iter().map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::AbortHandle;

    fn task() -> AbortHandle {
        AbortHandle::new_pair().0
    }

    #[test]
    fn rooms_in_join_order_with_their_tasks() {
        let mut r = RoomTasks::new();
        assert!(r.insert("b".into(), vec![task()]).is_none());
        assert!(r.insert("a".into(), vec![task(), task()]).is_none());
        assert_eq!(r.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert!(r.contains_key("a") && !r.contains_key("c"));
        assert_eq!(r.insert("b".into(), vec![]).map(|t| t.len()), Some(1));
        assert_eq!(r.values().map(Vec::len).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(r.remove("a").map(|t| t.len()), Some(2));
        assert!(r.remove("a").is_none());
        assert_eq!(r.keys().collect::<Vec<_>>(), ["b"]);
    }
}
