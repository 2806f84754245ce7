//! The driver's record of sends someone may still await: only sends not final when `send`
//! returned get a slot, so a fire-and-forget send written at once costs no allocation here.

use std::collections::HashMap;
use std::rc::Rc;

use crate::session::{Confirm, SendId, SendState};

use super::super::error::ClientError;
use super::super::send::{ends, SendHandle, SendSlot};

#[derive(Default)]
pub(super) struct Sends {
    /// The send being made right now, and the latest state reported for it so far.
    current: Option<(SendId, Option<SendState>)>,
    slots: HashMap<SendId, (Confirm, Rc<SendSlot>)>,
}

impl Sends {
    /// Records the states of `id` reported until [`Sends::handle_for`].
    pub(super) fn watch(&mut self, id: SendId) {
        self.current = Some((id, None));
    }

    /// The handle of the send being made: done if its state is final, else backed by a slot
    /// that later states go to.
    pub(super) fn handle_for(&mut self, id: SendId, confirm: Confirm) -> SendHandle {
        let state = match self.current.take() {
            Some((current, state)) if current == id => state,
            _ => None,
        };
        // The session reports a first state during `send`; without one, it is held.
        let state = state.unwrap_or(SendState::Queued);
        if ends(confirm, &state) {
            return SendHandle::done(id, state);
        }
        let slot = Rc::new(SendSlot::new(confirm));
        slot.set_id(id);
        slot.set_state(state);
        self.slots.insert(id, (confirm, slot.clone()));
        SendHandle::waiting(slot)
    }

    /// A send issued as a command, with its slot made by the caller. Its states are
    /// reported after this, when the driver drains the session.
    pub(super) fn track(&mut self, id: SendId, confirm: Confirm, slot: Rc<SendSlot>) {
        self.slots.insert(id, (confirm, slot));
    }

    /// A state the session reported.
    pub(super) fn update(&mut self, id: SendId, state: &SendState) {
        if let Some((current, latest)) = &mut self.current {
            if *current == id {
                *latest = Some(state.clone());
                return;
            }
        }
        if self.slots.is_empty() {
            return;
        }
        let Some((confirm, slot)) = self.slots.get(&id) else {
            return;
        };
        slot.set_state(state.clone());
        if ends(*confirm, state) {
            self.slots.remove(&id);
        }
    }

    /// The client stopped: nobody will report on these sends again.
    pub(super) fn stop(&mut self) {
        for (_, (_, slot)) in self.slots.drain() {
            slot.refuse(ClientError::Stopped);
        }
    }
}
