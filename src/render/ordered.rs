//! A list's items rendered on several threads and written in their order: the
//! machinery behind `timeline`'s JSON and NDJSON, whose calls are each rendered on
//! their own (a call's bytes depend on the call and its place in the list, nothing
//! else). Once the calls are judged, writing them was the one step left on one
//! thread; here the threads take chunks of items in turn, each renders its chunk
//! into a buffer, and the calling thread writes the buffers in the items' order, so
//! the bytes are the ones one thread writes (a test checks).
//!
//! Memory stays bounded: each thread renders at most [`CHUNKS_AHEAD`] chunks
//! beyond the one being written, and waits for the writer to take them.

use std::io::{self, Write};
use std::sync::mpsc::sync_channel;

/// Items a thread renders into one buffer: enough that handing it over costs little
/// against rendering it, few enough that the buffers in flight stay small (a
/// summary of 128 calls is about 90 KB).
const ITEMS_A_CHUNK: usize = 128;

/// Chunks a thread may have rendered and not yet seen written.
const CHUNKS_AHEAD: usize = 2;

/// Writes `render`'s bytes for each of `items` (given its index) to `out`, in order,
/// rendering on `threads` threads when there is more than a chunk to render.
///
/// # Errors
///
/// The first error writing to `out`; the rendering threads then stop.
pub fn write_in_order<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    threads: usize,
    render: impl Fn(&mut Vec<u8>, usize, &T) + Sync,
) -> io::Result<()> {
    if threads <= 1 || items.len() <= ITEMS_A_CHUNK {
        let mut buffer = Vec::new();
        for (i, item) in items.iter().enumerate() {
            buffer.clear();
            render(&mut buffer, i, item);
            out.write_all(&buffer)?;
        }
        return Ok(());
    }
    let chunks = items.len().div_ceil(ITEMS_A_CHUNK);
    let threads = threads.min(chunks);
    let render = &render;
    std::thread::scope(|scope| {
        // Chunk k is thread k % threads's, so the writer knows whose turn it is.
        let lanes: Vec<_> = (0..threads)
            .map(|lane| {
                let (done, taken) = sync_channel::<Vec<u8>>(CHUNKS_AHEAD);
                scope.spawn(move || {
                    for k in (lane..chunks).step_by(threads) {
                        let first = k * ITEMS_A_CHUNK;
                        let chunk = &items[first..items.len().min(first + ITEMS_A_CHUNK)];
                        let mut buffer = Vec::new();
                        for (i, item) in chunk.iter().enumerate() {
                            render(&mut buffer, first + i, item);
                        }
                        // The writer has stopped, on an error: so does this thread.
                        if done.send(buffer).is_err() {
                            return;
                        }
                    }
                });
                taken
            })
            .collect();
        for k in 0..chunks {
            let buffer = lanes[k % threads]
                .recv()
                .map_err(|_| io::Error::other("a thread rendering the output stopped"))?;
            out.write_all(&buffer)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(out: &mut Vec<u8>, i: usize, item: &u32) {
        write!(out, "{i}:{item};").unwrap();
    }

    /// Whatever the number of items and threads, the bytes are those of the items
    /// rendered one after the other.
    #[test]
    fn the_bytes_are_one_threads_in_order() {
        for len in [
            0,
            1,
            ITEMS_A_CHUNK - 1,
            ITEMS_A_CHUNK,
            ITEMS_A_CHUNK + 1,
            7 * ITEMS_A_CHUNK + 3,
        ] {
            let items: Vec<u32> = (0..len).map(|i| (i as u32).wrapping_mul(2_654_435_761)).collect();
            let mut expected = Vec::new();
            for (i, item) in items.iter().enumerate() {
                render(&mut expected, i, item);
            }
            for threads in [1, 2, 3, 8] {
                let mut out = Vec::new();
                write_in_order(&mut out, &items, threads, render).unwrap();
                assert!(out == expected, "{len} items on {threads} threads");
            }
        }
    }

    /// A writer that fails after `room` bytes.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if bytes.len() > self.room {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "full"));
            }
            self.room -= bytes.len();
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A failed write is returned, and the rendering threads stop rather than wait
    /// for a writer that is gone.
    #[test]
    fn a_failed_write_stops_the_threads() {
        let items: Vec<u32> = (0..50 * ITEMS_A_CHUNK as u32).collect();
        for room in [0, 10, 5_000] {
            let error = write_in_order(&mut Full { room }, &items, 3, render).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        }
    }
}
