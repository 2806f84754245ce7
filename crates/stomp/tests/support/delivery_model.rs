//! The delivery half of the session model (`session_model.rs`): what the driver tracks per
//! send, and the checks on every `Event::Send` and on every SEND seen on the wire.

use stomp::session::{Confirm, SendId, SendState};

use super::Driver;

/// One send as seen from outside: its mode, its states, and SEND frames on the wire.
pub(super) struct Tracked {
    pub confirm: Confirm,
    pub states: Vec<SendState>,
    pub writes: u32,
}

impl Tracked {
    pub fn last(&self) -> Option<&SendState> {
        self.states.last()
    }

    pub fn is_final(&self) -> bool {
        match self.last() {
            Some(SendState::Sent) => self.confirm == Confirm::None,
            Some(s) => s.is_final(),
            None => false,
        }
    }
}

impl Driver {
    pub(super) fn send_event(&mut self, id: SendId, state: SendState) {
        if let Some((expected, want)) = &self.expect {
            if *expected == id {
                assert_eq!(&state, want, "{id}");
                self.expect = None;
            }
        }
        let Some(t) = self.tracked.get_mut(&id) else {
            panic!("{id}: {state:?} for a send never accepted");
        };
        assert!(!t.is_final(), "{id}: {state:?} after final {:?}", t.states);
        let sent_before = t.states.contains(&SendState::Sent);
        match &state {
            SendState::Queued => assert!(
                t.states.is_empty() || matches!(t.confirm, Confirm::Receipt | Confirm::Echo),
                "{id} queued again: {:?}",
                t.states
            ),
            SendState::Sent => {}
            SendState::Delivered => {
                assert_ne!(t.confirm, Confirm::None, "{id}");
                assert_eq!(t.last(), Some(&SendState::Sent), "{id} delivered unsent");
            }
            SendState::Uncertain => assert!(sent_before, "{id} uncertain, never sent"),
            SendState::Failed(_) => {}
        }
        if t.states.is_empty() {
            assert!(
                matches!(state, SendState::Queued | SendState::Sent),
                "{id} starts {state:?}"
            );
        }
        t.states.push(state);
    }

    /// A SEND reached the server. Transmits are carried out before the step's events are
    /// read, so a state reported in this step is not known yet: only a send settled in an
    /// earlier step is caught here, which is what "never written again" means.
    pub(super) fn send_written(&mut self, n: u64) {
        let Some(id) = self.numbered.get(&n) else {
            return;
        };
        let t = self
            .tracked
            .get_mut(id)
            .expect("numbered sends are tracked");
        assert!(!t.is_final(), "{id} written after {:?}", t.states);
        t.writes += 1;
        let max = match t.confirm {
            Confirm::Receipt | Confirm::Echo => self.max_writes,
            Confirm::None | Confirm::Caller => 1,
        };
        assert!(
            t.writes <= max,
            "{id} ({:?}) written {} times",
            t.confirm,
            t.writes
        );
    }
}
