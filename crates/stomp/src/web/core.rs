//! Where every input of one client meets its [`Driver`], synchronously.
//!
//! Handles, socket callbacks and timer ticks all call [`Core::input`], which runs the driver
//! at once: a send is on the socket, and a received frame is in its subscription's stream,
//! before the call returns. No task or channel sits between the browser and the session, so
//! a message costs no extra hop through the microtask queue (that hop was half the CPU time
//! of a send).
//!
//! Re-entrancy is handled by a trampoline: an input that arrives while the driver is running
//! (from code the driver called) is queued in the backlog, and the caller that holds the
//! driver handles it before returning. Inputs are therefore handled one at a time, in the
//! order they arrived.

use std::cell::{RefCell, RefMut};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use crate::session::{SendId, SendRequest};

use super::config::ClientConfig;
use super::driver::Driver;
use super::plumbing::{Cmd, Feed, Inbox, Input, Shared};
use super::send::{SendHandle, SendSlot};

pub(crate) struct Core {
    driver: RefCell<Driver>,
    backlog: RefCell<VecDeque<Input>>,
    /// The core keeps itself alive from the start until the driver has finished (closed
    /// with every handle gone): a graceful disconnect must outlive the last handle. Socket
    /// and timer callbacks hold only weak references, so once this is cleared nothing leaks.
    keepalive: RefCell<Option<Rc<Core>>>,
}

impl Core {
    /// Creates the driver and queues its start. It starts on the first input or, at the
    /// latest, in the next microtask — after the caller has had a chance to listen.
    pub(crate) fn spawn(config: ClientConfig, shared: Rc<Shared>) -> Rc<Core> {
        let core = Rc::new_cyclic(|me: &Weak<Core>| Core {
            driver: RefCell::new(Driver::new(config, me.clone() as Inbox, shared)),
            backlog: RefCell::new(VecDeque::from([Input::Start])),
            keepalive: RefCell::new(None),
        });
        *core.keepalive.borrow_mut() = Some(core.clone());
        let weak = Rc::downgrade(&core);
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(core) = weak.upgrade() {
                core.drain();
            }
        });
        core
    }

    /// Handles `input` now, or after the input being handled if the driver is busy.
    pub(crate) fn input(self: &Rc<Self>, input: Input) {
        self.feed(input);
    }

    /// Sends directly, without queueing a command: the hot path of a send. Only when the
    /// driver is busy (or has queued inputs, which must go first) does the send wait its turn
    /// as a command, with a slot for its answer.
    pub(crate) fn send(&self, req: SendRequest) -> SendHandle {
        if let Some(mut driver) = self.idle_driver() {
            let handle = driver.send(req);
            drop(driver);
            self.drain();
            return handle;
        }
        let slot = Rc::new(SendSlot::new(req.confirm));
        self.feed(Input::Cmd(Cmd::Send {
            req,
            slot: slot.clone(),
        }));
        SendHandle::waiting(slot)
    }

    pub(crate) fn confirm(&self, id: SendId) -> bool {
        self.run(|d| d.confirm(id)).unwrap_or(false)
    }

    pub(crate) fn cancel(&self, id: SendId) -> bool {
        self.run(|d| d.cancel(id)).unwrap_or(false)
    }

    /// Runs `f` on the driver at once, if it is idle; then handles whatever `f` queued.
    fn run<R>(&self, f: impl FnOnce(&mut Driver) -> R) -> Option<R> {
        let mut driver = self.idle_driver()?;
        let result = f(&mut driver);
        drop(driver);
        self.drain();
        Some(result)
    }

    /// The driver, if nothing is running it and nothing waits in the backlog.
    fn idle_driver(&self) -> Option<RefMut<'_, Driver>> {
        if !self.backlog.borrow().is_empty() {
            return None;
        }
        self.driver.try_borrow_mut().ok()
    }

    // Every caller holds a strong reference (a handle's, or one upgraded from the inbox), so
    // dropping `keepalive` at the end never frees `self` while it runs.
    fn drain(&self) {
        // Busy: whoever holds the driver is up the stack and drains the backlog before
        // letting go.
        let Ok(mut driver) = self.driver.try_borrow_mut() else {
            return;
        };
        let mut finished = false;
        loop {
            let next = self.backlog.borrow_mut().pop_front();
            let Some(input) = next else { break };
            finished |= !driver.handle(input);
        }
        drop(driver);
        if finished {
            // Moved out first: dropping the last reference must not happen while borrowed.
            let me = self.keepalive.borrow_mut().take();
            drop(me);
        }
    }
}

impl Feed for Core {
    fn feed(&self, input: Input) {
        self.backlog.borrow_mut().push_back(input);
        self.drain();
    }
}
