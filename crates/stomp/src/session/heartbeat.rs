//! Heart-beat negotiation and keeping track of liveness.

use super::config::HeartBeat;

/// The spec's negotiation. Client requests `cx,cy`, server answers `sx,sy`: we send every
/// `max(cx, sy)` unless either is 0, and expect something every `max(sx, cy)` unless either
/// is 0. Returns (send, receive) in ms, 0 meaning none.
pub fn negotiate(client: HeartBeat, server: (u32, u32)) -> (u32, u32) {
    let pick = |ours: u32, theirs: u32| {
        if ours == 0 || theirs == 0 {
            0
        } else {
            ours.max(theirs)
        }
    };
    (
        pick(client.outgoing_ms, server.1),
        pick(client.incoming_ms, server.0),
    )
}
