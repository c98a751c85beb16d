//! The one writer of the capture log. Requests queue for it; it takes every record
//! waiting, appends them in one write (one line each, never split across writes),
//! and under `--durability fsync` makes them durable with one `fdatasync`, and only
//! then tells each sender its record is stored: group commit.
//!
//! Why a 2xx means "in the log" after SIGKILL: the server answers 2xx only after
//! this writer said "stored", which it says only after `write(2)` returned for the
//! bytes of that record. Those bytes are then in the kernel's page cache, which the
//! death of the process does not touch. A kill during a write leaves at most a
//! torn last line of records nobody was told were stored, which recovery sets aside.
//!
//! A failed write or sync (disk full, I/O error) is undone: the file is cut back to
//! where the batch started, so no half line stays in the middle of the log, and
//! every record of the batch is told it was not stored (the server answers 503).

use std::fs::File;
use std::io::{self, Write};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use super::Durability;
use crate::input::listen_log::REQUEST_PREFIX;

/// Where a stored request stands in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub n: u64,
    pub offset: u64,
    pub len: u64,
    /// Its line number in the log, from 1.
    pub line: u64,
}

/// A request line just stored, for the live view and the forwarder.
pub struct StoredLine<T> {
    pub at: Stored,
    pub line: Vec<u8>,
    /// What the sender of the record attached for whoever reads it next.
    pub attached: T,
}

enum Entry<T> {
    Request {
        rest: Vec<u8>,
        attached: T,
        reply: oneshot::Sender<io::Result<Stored>>,
    },
    Line {
        line: Vec<u8>,
        reply: Option<oneshot::Sender<io::Result<()>>>,
    },
}

/// A handle to the writer; cheap to clone. The writer stops when every handle is
/// dropped, after storing what was queued.
pub struct LogWriter<T> {
    tx: mpsc::UnboundedSender<Entry<T>>,
}

impl<T> Clone for LogWriter<T> {
    fn clone(&self) -> Self {
        Self { tx: self.tx.clone() }
    }
}

fn gone() -> io::Error {
    io::Error::other("the capture log writer has stopped")
}

impl<T: Send + 'static> LogWriter<T> {
    /// Appends a request line, `REQUEST_PREFIX`, its number and `rest`; returns once
    /// it is stored as the durability asks.
    pub async fn append_request(&self, rest: Vec<u8>, attached: T) -> io::Result<Stored> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Entry::Request { rest, attached, reply })
            .map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Appends a whole line (an attempt or a note); returns once it is stored.
    pub async fn append_line(&self, line: Vec<u8>) -> io::Result<()> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Entry::Line {
                line,
                reply: Some(reply),
            })
            .map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

/// Where the log stands when the writer takes it over.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    /// Its length: the file is open for appending there.
    pub len: u64,
    /// Its lines so far.
    pub lines: u64,
    /// The number of the next request.
    pub next_n: u64,
}

/// Starts the writer on its own thread. Each stored request line goes to
/// `stored`, in log order.
pub fn start<T: Send + 'static>(
    file: File,
    at: Position,
    durability: Durability,
    mut stored: impl FnMut(StoredLine<T>) + Send + 'static,
) -> io::Result<(LogWriter<T>, JoinHandle<()>)> {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut writer = Writer {
        file,
        len: at.len,
        lines: at.lines,
        next_n: at.next_n,
        durability,
        needs_cut: false,
        buffer: Vec::with_capacity(1 << 16),
    };
    let thread = std::thread::Builder::new()
        .name("capture-log".into())
        .spawn(move || writer.run(rx, &mut stored))?;
    Ok((LogWriter { tx }, thread))
}

/// The most bytes one batch gathers before it is written.
const BATCH_BYTES: usize = 1 << 20;

struct Writer {
    file: File,
    /// The length of the log's whole lines: where the next batch starts.
    len: u64,
    lines: u64,
    next_n: u64,
    durability: Durability,
    /// A failed batch could not be cut off yet: try again before writing more.
    needs_cut: bool,
    buffer: Vec<u8>,
}

enum Done<T> {
    Request {
        at: Stored,
        attached: T,
        reply: oneshot::Sender<io::Result<Stored>>,
    },
    Line(Option<oneshot::Sender<io::Result<()>>>),
}

impl Writer {
    fn run<T>(&mut self, mut rx: mpsc::UnboundedReceiver<Entry<T>>, stored: &mut impl FnMut(StoredLine<T>)) {
        let mut batch: Vec<Entry<T>> = Vec::new();
        while let Some(first) = rx.blocking_recv() {
            batch.push(first);
            let mut bytes = 0;
            while bytes < BATCH_BYTES {
                match rx.try_recv() {
                    Ok(entry) => {
                        bytes += match &entry {
                            Entry::Request { rest, .. } => rest.len(),
                            Entry::Line { line, .. } => line.len(),
                        };
                        batch.push(entry);
                    }
                    Err(_) => break,
                }
            }
            self.write_batch(&mut batch, stored);
        }
    }

    fn write_batch<T>(&mut self, batch: &mut Vec<Entry<T>>, stored: &mut impl FnMut(StoredLine<T>)) {
        self.buffer.clear();
        let mut done = Vec::with_capacity(batch.len());
        // Where each request line stands in the buffer, to hand it on.
        let mut spans = Vec::with_capacity(batch.len());
        let mut n = self.next_n;
        let mut line_no = self.lines;
        let mut itoa = itoa::Buffer::new();
        for entry in batch.drain(..) {
            let start = self.buffer.len();
            line_no += 1;
            match entry {
                Entry::Request { rest, attached, reply } => {
                    self.buffer.extend_from_slice(REQUEST_PREFIX);
                    self.buffer.extend_from_slice(itoa.format(n).as_bytes());
                    self.buffer.extend_from_slice(&rest);
                    let at = Stored {
                        n,
                        offset: self.len + start as u64,
                        len: (self.buffer.len() - start) as u64,
                        line: line_no,
                    };
                    spans.push(start..self.buffer.len());
                    done.push(Done::Request { at, attached, reply });
                    n += 1;
                }
                Entry::Line { line, reply } => {
                    self.buffer.extend_from_slice(&line);
                    done.push(Done::Line(reply));
                }
            }
        }
        match self.store() {
            Ok(()) => {
                self.len += self.buffer.len() as u64;
                self.next_n = n;
                self.lines = line_no;
                let mut spans = spans.into_iter();
                for d in done {
                    match d {
                        Done::Request { at, attached, reply } => {
                            let span = spans.next().unwrap_or_default();
                            let line = self.buffer[span].to_vec();
                            // The live view hears of it before the sender is answered,
                            // so that its line never lags behind the answer.
                            stored(StoredLine { at, line, attached });
                            let _ = reply.send(Ok(at));
                        }
                        Done::Line(reply) => {
                            if let Some(reply) = reply {
                                let _ = reply.send(Ok(()));
                            }
                        }
                    }
                }
            }
            Err(e) => {
                for d in done {
                    let e = io::Error::new(e.kind(), e.to_string());
                    match d {
                        Done::Request { reply, .. } => {
                            let _ = reply.send(Err(e));
                        }
                        Done::Line(Some(reply)) => {
                            let _ = reply.send(Err(e));
                        }
                        Done::Line(None) => {}
                    }
                }
            }
        }
    }

    /// Writes the buffer (and syncs it), or cuts the log back to its whole lines.
    fn store(&mut self) -> io::Result<()> {
        if self.needs_cut {
            self.file.set_len(self.len)?;
            self.needs_cut = false;
        }
        let result = self.file.write_all(&self.buffer).and_then(|()| match self.durability {
            Durability::Write => Ok(()),
            Durability::Fsync => self.file.sync_data(),
        });
        if result.is_err() && self.file.set_len(self.len).is_err() {
            self.needs_cut = true;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_numbered_in_log_order_and_handed_on() {
        let dir = std::env::temp_dir().join(format!("callhook-writer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("log.ndjson");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let at = Position {
            len: 0,
            lines: 0,
            next_n: 5,
        };
        let (writer, thread) = start::<u32>(file, at, Durability::Fsync, move |s| tx.send(s).unwrap()).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let stored = runtime.block_on(async {
            let a = writer.append_request(b"}\n".to_vec(), 1).await.unwrap();
            writer.append_line(b"{\"x\":1}\n".to_vec()).await.unwrap();
            let b = writer.append_request(b",\"y\":2}\n".to_vec(), 2).await.unwrap();
            (a, b)
        });
        drop(writer);
        thread.join().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let first = format!("{}5}}\n", String::from_utf8_lossy(REQUEST_PREFIX));
        assert!(text.starts_with(&first), "{text}");
        assert_eq!(
            stored.0,
            Stored {
                n: 5,
                offset: 0,
                len: first.len() as u64,
                line: 1
            }
        );
        assert_eq!(stored.1.line, 3);
        assert_eq!(stored.1.n, 6);
        assert_eq!(
            &text[stored.1.offset as usize..],
            format!("{}6,\"y\":2}}\n", String::from_utf8_lossy(REQUEST_PREFIX))
        );
        let handed: Vec<(u64, u32)> = rx.iter().map(|s| (s.at.n, s.attached)).collect();
        assert_eq!(handed, [(5, 1), (6, 2)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
