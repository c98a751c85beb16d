//! A list that grows a chunk at a time, for what the timeline keeps of every event
//! (the v2 store's events and legs, the extras): a doubling vector copies all it
//! holds each time it grows, and for a moment holds its old and new buffers at once,
//! which for a capture of millions of events is a large copy on the calling thread
//! and a peak of memory. The first chunk grows as a vector does, so that a small
//! timeline (`listen` judges a call at a time) stays small; the others are made
//! whole and never moved. Runs of items (an event's legs) are kept within one
//! chunk, so that they read back as one slice.

/// Items by index, [`CHUNK`] to a chunk.
#[derive(Debug)]
pub(super) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

/// Items a chunk holds: 64 Ki, a few megabytes of the timeline's largest items.
const CHUNK: usize = 1 << 16;

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    /// Adds `item`, and gives its index.
    pub fn push(&mut self, item: T) -> usize {
        self.push_run(std::iter::once(item))
    }

    /// Adds `items` one after another in one chunk (a run longer than a chunk gets a
    /// chunk of its own), and gives the index of the first; items after the run are
    /// added from the index after its last.
    pub fn push_run(&mut self, items: impl ExactSizeIterator<Item = T>) -> usize {
        self.room_for(items.len());
        let start = self.len;
        if let Some(chunk) = self.chunks.last_mut() {
            for item in items {
                chunk.push(item);
                self.len += 1;
            }
        }
        start
    }

    /// Makes the last chunk one with room for `count` more items, skipping the rest of
    /// the current one when it has less. A chunk covers [`CHUNK`] indices, but one
    /// that holds a longer run covers as many chunks' indices as it needs, the
    /// chunks in between left empty.
    fn room_for(&mut self, count: usize) {
        let first_of_last = self.chunks.len().saturating_sub(1) * CHUNK;
        if !self.chunks.is_empty() && self.len - first_of_last + count <= CHUNK {
            return;
        }
        let next = self.len.div_ceil(CHUNK);
        self.chunks.resize_with(next, Vec::new);
        self.len = next * CHUNK;
        self.chunks.push(if next == 0 && count <= CHUNK {
            Vec::new()
        } else {
            Vec::with_capacity(count.max(CHUNK))
        });
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    /// The `count` items from `start`, a run [`Chunked::push_run`] added.
    pub fn run(&self, start: usize, count: usize) -> &[T] {
        self.chunks
            .get(start / CHUNK)
            .and_then(|c| c.get(start % CHUNK..(start % CHUNK).checked_add(count)?))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items and runs read back as added, across chunks, a run that does not fit in
    /// the rest of a chunk and one longer than a chunk included.
    #[test]
    fn items_and_runs_read_back_across_chunks() {
        let mut list = Chunked::default();
        let mut expected: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut n = 0u32;
        for round in 0..3 * CHUNK / 7 {
            let len = match round % 5 {
                0 => 1,
                4 if round % 3000 == 4 => CHUNK + 3,
                k => k * 3,
            };
            let items: Vec<u32> = (n..n + len as u32).collect();
            n += len as u32;
            let start = if len == 1 {
                list.push(items[0])
            } else {
                list.push_run(items.iter().copied())
            };
            assert!(start >= expected.last().map_or(0, |(s, v)| s + v.len()));
            expected.push((start, items));
        }
        assert!(list.chunks.len() > 3, "{}", list.chunks.len());
        for (start, items) in &expected {
            assert_eq!(list.run(*start, items.len()), &items[..]);
            assert_eq!(list.get(*start), items.first());
        }
        assert_eq!(list.run(list.len + 5, 2), &[] as &[u32]);
        assert_eq!(list.get(usize::MAX), None);
    }
}
