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

use crate::session::SendRequest;

use super::client::{ClientError, Cmd, Shared};
use super::config::{ClientConfig, Credentials};
use super::driver::Driver;
use super::socket::SocketEvent;
use super::ticker::Wake;

/// Inputs from the browser side, tagged with the connection generation they belong to, so
/// that late events of a replaced socket are ignored.
pub(crate) enum Io {
    Socket(u64, SocketEvent),
    HookDone(u64, Result<Credentials, String>),
    Wake(Wake),
}

pub(crate) enum Input {
    /// The first input of every client: start connecting.
    Start,
    Cmd(Cmd),
    Io(Io),
    /// Every handle (client clone and subscription) is gone.
    HandlesGone,
}

pub(crate) enum SendNow {
    Done(Result<(), ClientError>),
    Busy(SendRequest),
}

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
            driver: RefCell::new(Driver::new(config, me.clone(), shared)),
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
        self.backlog.borrow_mut().push_back(input);
        self.drain();
    }

    /// Sends a message that needs no receipt directly, without queueing a command: the
    /// hot path of a send. Gives the request back if the driver is busy or has queued
    /// inputs, which must go first.
    pub(crate) fn send_now(self: &Rc<Self>, req: SendRequest) -> SendNow {
        let Some(mut driver) = self.idle_driver() else {
            return SendNow::Busy(req);
        };
        let result = driver.send_now(req);
        drop(driver);
        self.drain();
        SendNow::Done(result)
    }

    /// The driver, if nothing is running it and nothing waits in the backlog.
    fn idle_driver(&self) -> Option<RefMut<'_, Driver>> {
        if !self.backlog.borrow().is_empty() {
            return None;
        }
        self.driver.try_borrow_mut().ok()
    }

    // Takes the `Rc` so that a caller's strong reference is sure to outlive the drop of
    // `keepalive` at the end.
    fn drain(self: &Rc<Self>) {
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
