//! The pending queue: one lane per call, first in first out, and calls side by
//! side. A lane exists while a worker is busy with it: the first request of an
//! idle call starts a worker, later ones queue behind it, and the worker ends when
//! its lane runs dry. So a call's requests reach the app in the order they were
//! stored, and a slow or failing call holds back only itself.
//!
//! The queue holds where each request's line is in the log, not the request: it
//! is rebuilt from the log after a restart (see `recovery`), and memory stays
//! small however long the app is away.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

#[derive(Debug)]
pub struct Lanes<T> {
    queues: Mutex<HashMap<String, VecDeque<T>>>,
}

impl<T> Default for Lanes<T> {
    fn default() -> Self {
        Self {
            queues: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> Lanes<T> {
    /// Queues `item` behind the earlier requests of call `key`. Gives it back when
    /// the call's lane was idle: the caller then starts a worker with it.
    pub fn push(&self, key: &str, item: T) -> Option<T> {
        let Ok(mut queues) = self.queues.lock() else {
            return Some(item);
        };
        match queues.get_mut(key) {
            Some(queue) => {
                queue.push_back(item);
                None
            }
            None => {
                queues.insert(key.to_owned(), VecDeque::new());
                Some(item)
            }
        }
    }

    /// The next request of call `key`, for the worker that finished one; `None`
    /// closes the lane, and the worker ends.
    pub fn next(&self, key: &str) -> Option<T> {
        let mut queues = self.queues.lock().ok()?;
        let next = queues.get_mut(key).and_then(VecDeque::pop_front);
        if next.is_none() {
            queues.remove(key);
        }
        next
    }

    /// How many calls have a worker.
    #[cfg(test)]
    pub fn busy(&self) -> usize {
        self.queues.lock().map_or(0, |q| q.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lane_keeps_order_and_closes_when_dry() {
        let lanes = Lanes::default();
        assert_eq!(lanes.push("a", 1), Some(1), "an idle call starts a worker");
        assert_eq!(lanes.push("a", 2), None);
        assert_eq!(lanes.push("b", 10), Some(10), "another call runs beside it");
        assert_eq!(lanes.push("a", 3), None);
        assert_eq!(lanes.busy(), 2);
        assert_eq!(lanes.next("a"), Some(2));
        assert_eq!(lanes.next("a"), Some(3));
        assert_eq!(lanes.next("a"), None);
        assert_eq!(lanes.push("a", 4), Some(4), "a closed lane starts again");
        assert_eq!(lanes.next("b"), None);
        assert_eq!(lanes.busy(), 1);
    }
}
