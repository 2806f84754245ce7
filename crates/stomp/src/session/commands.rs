//! Subscriptions, acknowledgements and transactions.

use crate::encode::encode_to_vec;
use crate::frame::{Command, Frame};
use crate::version::Version;

use super::event::{Event, SendFailure};
use super::ids::{AckToken, SubscriptionId, TransactionId};
use super::request::SubscribeOptions;
use super::{Phase, Session, SessionError};

impl Session {
    pub(super) fn add_subscription(
        &mut self,
        now: u64,
        destination: &str,
        opts: SubscribeOptions,
    ) -> Result<SubscriptionId, SessionError> {
        self.check_open()?;
        let id = self.subs.add(destination, opts);
        let result = match self.phase {
            Phase::Connected { .. } => self.write_subscribe(now, id),
            // Checked now, with the strictest version we may end up speaking, so a replay
            // cannot fail later where nobody can be told.
            _ => {
                let strictest = self.offered_versions().min().unwrap_or(Version::V1_0);
                let sub = self.subs.get_mut(id).map(|s| s.frame(None));
                match sub.map(|f| encode_to_vec(&f, strictest)) {
                    Some(Err(e)) => Err(e),
                    _ => Ok(()),
                }
            }
        };
        match result {
            Ok(()) => Ok(id),
            Err(e) => {
                self.subs.remove(id);
                Err(e.into())
            }
        }
    }

    pub(super) fn remove_subscription(
        &mut self,
        now: u64,
        id: SubscriptionId,
    ) -> Result<(), SessionError> {
        self.check_open()?;
        self.subs
            .remove(id)
            .ok_or(SessionError::UnknownSubscription(id))?;
        if let Phase::Connected { .. } = self.phase {
            let frame = Frame::new(Command::Unsubscribe).header("id", &id.to_string());
            self.write(now, &frame)?;
        }
        Ok(())
    }

    /// The session closed for good. A subscription the server has (written, and confirmed
    /// if a receipt was asked for) is kept for a later `connect`, as a user's "reconnect"
    /// expects; one never made or never confirmed failed, and must not come back as a
    /// zombie replayed by that `connect`.
    pub(super) fn forget_subscriptions(&mut self) {
        for id in self.subs.remove_unconfirmed() {
            self.events.push_back(Event::SubscribeFailed {
                id,
                reason: SendFailure::SessionClosed,
            });
        }
    }

    pub(super) fn settle(
        &mut self,
        now: u64,
        token: &AckToken,
        command: Command,
    ) -> Result<(), SessionError> {
        self.check_connected()?;
        if command == Command::Nack && self.version == Version::V1_0 {
            return Err(SessionError::Unsupported {
                command: "NACK",
                version: self.version,
            });
        }
        let version = self.version;
        let sub = self
            .subs
            .get_mut(token.subscription)
            .ok_or(SessionError::UnknownMessage)?;
        let pos = sub.find(token.seq).ok_or(SessionError::UnknownMessage)?;
        let value = &sub.unacked[pos].1;
        let frame = match version {
            Version::V1_2 => Frame::new(command).header("id", value),
            Version::V1_1 => Frame::new(command)
                .header("subscription", &sub.id.to_string())
                .header("message-id", value),
            Version::V1_0 => Frame::new(command).header("message-id", value),
        };
        self.write(now, &frame)?;
        if let Some(sub) = self.subs.get_mut(token.subscription) {
            sub.settle(pos);
        }
        Ok(())
    }

    pub(super) fn begin_transaction(&mut self, now: u64) -> Result<TransactionId, SessionError> {
        self.check_connected()?;
        let tx = TransactionId(self.next_tx);
        self.next_tx = self.next_tx.wrapping_add(1);
        let frame = Frame::new(Command::Begin).header("transaction", &tx.to_string());
        self.write(now, &frame)?;
        self.transactions.push(tx);
        Ok(tx)
    }

    pub(super) fn end_transaction(
        &mut self,
        now: u64,
        tx: &TransactionId,
        command: Command,
    ) -> Result<(), SessionError> {
        self.check_open()?;
        let pos = self
            .transactions
            .iter()
            .position(|t| t == tx)
            .ok_or(SessionError::UnknownTransaction(*tx))?;
        let frame = Frame::new(command).header("transaction", &tx.to_string());
        self.write(now, &frame)?;
        self.transactions.swap_remove(pos);
        if command == Command::Commit {
            self.outbox.committed(*tx);
        } else {
            self.sends_aborted(*tx);
        }
        Ok(())
    }
}
