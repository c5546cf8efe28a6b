//! The limiter's waiting calls: the queues that serve them first come, first
//! served ([`Waiter`]), and how far a call has got in one of the limiter's
//! two stages, its bucket and the global limit ([`Admission`]).

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::Notify;

/// A call waiting in a queue, woken (`notify_one`) when it may move on.
#[derive(Debug)]
pub(super) struct Waiter {
    pub(super) id: u64,
    pub(super) notify: Arc<Notify>,
}

/// Wakes the first waiter of `queue`, if any.
pub(super) fn wake_first(queue: &VecDeque<Waiter>) {
    if let Some(first) = queue.front() {
        first.notify.notify_one();
    }
}

/// Removes the waiter `id` from `queue`; wakes the next one when it was first.
pub(super) fn leave(queue: &mut VecDeque<Waiter>, id: u64) {
    if let Some(position) = queue.iter().position(|waiter| waiter.id == id) {
        queue.remove(position);
        if position == 0 {
            wake_first(queue);
        }
    }
}

/// How far a waiting call has got in one of the limiter's two stages (its
/// bucket, the global limit).
#[derive(Debug)]
pub(super) enum Admission {
    /// Not in the queue, holding nothing.
    Outside,
    /// In the queue.
    Queued(u64, Arc<Notify>),
    /// Holding a place (of the bucket, or counted by the global limit).
    Holding,
}
