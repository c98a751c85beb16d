//! The reading pipeline: every record of every input of a command (files in argument
//! order, or standard input), worked on in parallel and handed back in input order.
//! It knows inputs and records, not what is made of them: `decode` renders each
//! record on the workers, `timeline` reads its facts. Counting lives here, once.
//!
//! A reader thread frames records into batches; workers (one per core, up to 8, or
//! `CALLHOOK_WORKERS` of them: see [`worker_count`]) run the command's `process` on
//! each raw record; the calling thread puts the batches
//! back in order, numbers the records within their file and hands them to `visit`.
//! Batches end where the input runs dry, so `tail -f | callhook decode` still prints
//! each record as it arrives.
//!
//! At most [`BATCHES_IN_FLIGHT`] batches are between the reader and the calling
//! thread at once: the reader takes a credit before it sends a batch, and the
//! calling thread hands the credit back once it has visited that batch. So when one
//! worker falls behind (a slow core, a big record), the others stop for want of work
//! instead of piling finished batches up behind it, and memory stays bounded by
//! the batches in flight whatever the machine's load.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use crate::input::reader::{ReadError, RecordReader};
use crate::input::{InputFormat, RawRecord, RecordError};
use crate::status::Status;

/// Where records come from: a named file or standard input.
#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// Bytes `start..end` of a file whose first line is line `first_line`: a file
    /// being followed as it grows (`browse --follow`), read a whole line at a time.
    Part {
        path: PathBuf,
        start: u64,
        end: u64,
        first_line: usize,
    },
}

type Stream = BufReader<Box<dyn Read + Send>>;

impl Input {
    /// The inputs of a command: its FILE arguments, or stdin when it is not a terminal.
    pub fn from_args(files: &[PathBuf], command: &str) -> Result<Vec<Input>, String> {
        if files.is_empty() {
            if io::stdin().is_terminal() {
                return Err(format!(
                    "no input: name capture files, or pipe a capture into standard input (`pbpaste | callhook {command}`)"
                ));
            }
            return Ok(vec![Input::Stdin]);
        }
        Ok(files
            .iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(f.clone())
                }
            })
            .collect())
    }

    pub fn name(&self) -> Arc<str> {
        match self {
            Input::Stdin => Arc::from("<stdin>"),
            Input::File(path) | Input::Part { path, .. } => Arc::from(path.display().to_string()),
        }
    }

    /// The line its first byte is on.
    fn first_line(&self) -> usize {
        match self {
            Input::Part { first_line, .. } => *first_line,
            Input::Stdin | Input::File(_) => 1,
        }
    }

    /// Its bytes, buffered.
    pub fn open(&self) -> io::Result<Stream> {
        Ok(match self {
            Input::Stdin => BufReader::with_capacity(1 << 16, Box::new(io::stdin())),
            Input::File(path) => BufReader::with_capacity(1 << 18, Box::new(File::open(path)?)),
            Input::Part { path, start, end, .. } => {
                let mut file = File::open(path)?;
                file.seek(SeekFrom::Start(*start))?;
                BufReader::with_capacity(1 << 18, Box::new(file.take(end.saturating_sub(*start))))
            }
        })
    }
}

/// One outcome of reading, with a record's 1-based number within its file.
pub enum Item<'a, T> {
    Decoded(T, usize),
    Failed(&'a RecordError, usize),
    /// An input that could not be opened or read further.
    Unreadable(&'a str, &'a io::Error),
    /// The input whose records came last ended: what follows is another input's
    /// (or nothing). Said once per input that gave a batch, before the next input's
    /// first item, before an unreadable input's error, and at the end.
    Ended,
    /// The input ran dry for now: a moment to flush output.
    Idle,
}

/// Counts for the closing summary and the exit status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub decoded: usize,
    pub failed: usize,
    pub with_errors: usize,
    pub unreadable: usize,
}

impl Tally {
    /// Records read: decoded or failed.
    pub fn records(&self) -> usize {
        self.decoded + self.failed
    }

    /// Whether no input of the `inputs` named could be read at all: each failed to
    /// open, and no record was read. There is then no report to print, only errors.
    pub fn nothing_read(&self, inputs: usize) -> bool {
        self.records() == 0 && self.unreadable >= inputs
    }

    /// 2 when an input could not be read, 1 when a record failed or has an error
    /// finding, else 0.
    pub fn status(&self) -> Status {
        if self.unreadable > 0 {
            Status::CouldNotRun
        } else if self.failed > 0 || self.with_errors > 0 {
            Status::Problems
        } else {
            Status::Clean
        }
    }
}

/// What a worker made of one record, and whether the record has an error (a finding
/// of error severity), which the exit status counts.
pub struct Processed<T> {
    pub value: T,
    pub has_error: bool,
}

/// A batch of raw records read from one input.
struct Work {
    seq: u64,
    file: usize,
    raws: Vec<Result<RawRecord, RecordError>>,
    dry: bool,
}

/// What a worker made of one record, or why it could not.
enum Done<T> {
    Decoded(T, bool),
    Failed(RecordError),
}

/// Messages to the calling thread, numbered in input order.
enum Message<T> {
    Batch {
        seq: u64,
        file: usize,
        done: Vec<Done<T>>,
        dry: bool,
    },
    Unreadable {
        seq: u64,
        name: Arc<str>,
        error: io::Error,
    },
    /// A worker panicked (a bug): the calling thread stops waiting, so that the
    /// others wind down and the panic is reported instead of a hang.
    Panicked,
}

impl<T> Message<T> {
    fn seq(&self) -> u64 {
        match self {
            Message::Batch { seq, .. } | Message::Unreadable { seq, .. } => *seq,
            Message::Panicked => u64::MAX,
        }
    }
}

const BATCH_RECORDS: usize = 256;
/// A batch also ends at this much input: 256 In-Call lines are about 110 KB, but 256
/// v2 events or raw requests about 240 KB, and decode writes 8 to 9 bytes for each
/// byte of a v2 event, so this cap is what keeps a v2 decode's batches in flight
/// about as large as a v1 one's (with two workers and two busy processes beside
/// them: a median peak of 36 MB against 41 MB at 256 KB, 60 MB of v2 NDJSON).
const BATCH_BYTES: usize = 1 << 17;

/// The most batches read and not yet visited, per worker: enough to keep every
/// worker busy while the calling thread writes, few enough that a worker that falls
/// behind holds up only this many finished batches (each at most [`BATCH_BYTES`] of
/// input, plus what is made of it).
pub(crate) const BATCHES_IN_FLIGHT_PER_WORKER: usize = 4;

/// The environment variable that sets how many workers read (for measuring how the
/// reading scales with cores: `docs/performance.md`).
pub const WORKERS_VARIABLE: &str = "CALLHOOK_WORKERS";

/// The most workers: beyond this the reader thread and the calling thread, one each,
/// are the limit (see `docs/performance.md`).
const MOST_WORKERS: usize = 8;

/// How many workers read: `CALLHOOK_WORKERS` when set (1 to [`MOST_WORKERS`]), else
/// one per core up to [`MOST_WORKERS`].
///
/// # Errors
///
/// When the variable is set to anything else, saying what it accepts.
pub fn worker_count(set: Option<&std::ffi::OsStr>) -> Result<usize, String> {
    let Some(set) = set else {
        return Ok(std::thread::available_parallelism()
            .map_or(2, std::num::NonZero::get)
            .clamp(1, MOST_WORKERS));
    };
    set.to_str()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|n| (1..=MOST_WORKERS).contains(n))
        .ok_or_else(|| {
            format!(
                "{WORKERS_VARIABLE}={}: not a worker count; set it to a whole number from 1 to {MOST_WORKERS}, or unset it for one worker per core",
                set.to_string_lossy()
            )
        })
}

/// How many workers read in this run: [`worker_count`] of `CALLHOOK_WORKERS`.
///
/// # Errors
///
/// When the variable is set to anything but a worker count, saying what it takes.
pub fn workers() -> Result<usize, String> {
    worker_count(std::env::var_os(WORKERS_VARIABLE).as_deref())
}

/// Reads every record of every input; `process` runs on the workers for each raw
/// record (one raw record, a JSON array, may hold many), and `visit` gets the results
/// in input order.
pub fn read_records<T: Send>(
    inputs: &[Input],
    forced: Option<InputFormat>,
    process: impl Fn(&RawRecord) -> Vec<Result<Processed<T>, RecordError>> + Sync,
    mut visit: impl FnMut(Item<'_, T>) -> io::Result<()>,
) -> io::Result<Tally> {
    let workers = workers().map_err(io::Error::other)?;
    let stop = AtomicBool::new(false);
    let in_flight = workers * BATCHES_IN_FLIGHT_PER_WORKER;
    let (work_tx, work_rx) = sync_channel::<Work>(workers * 2);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = sync_channel::<Message<T>>(in_flight);
    let (credit_tx, credit_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        // The channel has room for every credit.
        let _ = credit_tx.send(());
    }
    std::thread::scope(|scope| {
        let reader_done = done_tx.clone();
        let stop = &stop;
        scope.spawn(move || {
            let credits = Credits(credit_rx);
            read_batches(inputs, forced, &work_tx, &reader_done, &credits, stop);
        });
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (work_rx, process) = (&work_rx, &process);
            scope.spawn(move || {
                let worked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    work(work_rx, &done_tx, process, stop);
                }));
                if let Err(panic) = worked {
                    stop.store(true, Ordering::Relaxed);
                    let _ = done_tx.send(Message::Panicked);
                    // Takes what the reader still sends until it sees `stop`, so that
                    // it is never left blocked on a full queue.
                    while let Ok(rx) = work_rx.lock() {
                        if rx.recv().is_err() {
                            break;
                        }
                    }
                    std::panic::resume_unwind(panic);
                }
            });
        }
        drop(done_tx);
        let result = consume(done_rx, &credit_tx, &mut visit);
        // On a write error the others wind down: the reader at its next record (or
        // its next credit, which no longer comes), the workers when the reader is gone.
        stop.store(true, Ordering::Relaxed);
        drop(credit_tx);
        result
    })
}

/// The right to send one more batch: taken by the reader, handed back by the
/// calling thread once the batch is visited.
struct Credits(Receiver<()>);

impl Credits {
    /// Waits for a credit; `false` once the calling thread is gone.
    fn take(&self) -> bool {
        self.0.recv().is_ok()
    }
}

fn read_batches<T>(
    inputs: &[Input],
    forced: Option<InputFormat>,
    work_tx: &SyncSender<Work>,
    done_tx: &SyncSender<Message<T>>,
    credits: &Credits,
    stop: &AtomicBool,
) {
    let mut seq = 0;
    for (file, input) in inputs.iter().enumerate() {
        let name = input.name();
        let stream = match input.open() {
            Ok(stream) => stream,
            Err(error) => {
                if !credits.take() {
                    return;
                }
                let _ = done_tx.send(Message::Unreadable { seq, name, error });
                seq += 1;
                continue;
            }
        };
        let mut reader = RecordReader::new(stream, name.clone(), forced).counting_from(input.first_line());
        let mut raws = Vec::new();
        let mut bytes = 0;
        loop {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let Some(item) = reader.next() else { break };
            let mut failed = false;
            let io_error = match item {
                Ok(raw) => {
                    bytes += raw.text.len();
                    raws.push(Ok(raw));
                    None
                }
                Err(ReadError::Record(e)) => {
                    raws.push(Err(e));
                    failed = true;
                    None
                }
                Err(ReadError::Io(e)) => Some(e),
            };
            let dry = reader.input().buffer().is_empty() && !reader.has_rewound_bytes();
            // A record that failed is sent on at once: what follows it may take long
            // to read (the rest of an endless line), and the user hears of it now.
            if raws.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES || dry || failed || io_error.is_some() {
                let batch = Work {
                    seq,
                    file,
                    raws: std::mem::take(&mut raws),
                    dry,
                };
                if !credits.take() || work_tx.send(batch).is_err() {
                    return;
                }
                seq += 1;
                bytes = 0;
            }
            if let Some(error) = io_error {
                if !credits.take() {
                    return;
                }
                let _ = done_tx.send(Message::Unreadable {
                    seq,
                    name: name.clone(),
                    error,
                });
                seq += 1;
                break;
            }
        }
        if !raws.is_empty() {
            let batch = Work {
                seq,
                file,
                raws,
                dry: true,
            };
            if !credits.take() || work_tx.send(batch).is_err() {
                return;
            }
            seq += 1;
        }
    }
}

fn work<T>(
    work_rx: &Mutex<Receiver<Work>>,
    done_tx: &SyncSender<Message<T>>,
    process: &(impl Fn(&RawRecord) -> Vec<Result<Processed<T>, RecordError>> + Sync),
    stop: &AtomicBool,
) {
    loop {
        let next = match work_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(Work { seq, file, raws, dry }) = next else {
            return;
        };
        if stop.load(Ordering::Relaxed) {
            continue;
        }
        let mut done = Vec::with_capacity(raws.len());
        for raw in raws {
            match raw {
                Err(e) => done.push(Done::Failed(e)),
                Ok(raw) => done.extend(process(&raw).into_iter().map(|result| match result {
                    Ok(Processed { value, has_error }) => Done::Decoded(value, has_error),
                    Err(e) => Done::Failed(e),
                })),
            }
        }
        if done_tx.send(Message::Batch { seq, file, done, dry }).is_err() {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Puts the messages back in input order, numbers records per file and visits them.
fn consume<T>(
    done_rx: Receiver<Message<T>>,
    credits: &SyncSender<()>,
    visit: &mut impl FnMut(Item<'_, T>) -> io::Result<()>,
) -> io::Result<Tally> {
    let mut tally = Tally::default();
    let mut waiting: BTreeMap<u64, Message<T>> = BTreeMap::new();
    let mut next = 0;
    let (mut current_file, mut record) = (usize::MAX, 0);
    for message in done_rx {
        if let Message::Panicked = message {
            return Err(io::Error::other("a worker thread panicked"));
        }
        waiting.insert(message.seq(), message);
        while let Some(message) = waiting.remove(&next) {
            next += 1;
            // Its credit goes back now: what is left of it is visited below, and the
            // reader may read one more batch meanwhile. Never full: each credit
            // taken is given back once.
            let _ = credits.try_send(());
            match message {
                Message::Unreadable { name, error, .. } => {
                    // Inputs are read one after another: the one before has ended.
                    if current_file != usize::MAX {
                        current_file = usize::MAX;
                        visit(Item::Ended)?;
                    }
                    tally.unreadable += 1;
                    visit(Item::Unreadable(&name, &error))?;
                }
                Message::Panicked => {}
                Message::Batch { file, done, dry, .. } => {
                    if file != current_file {
                        if current_file != usize::MAX {
                            visit(Item::Ended)?;
                        }
                        current_file = file;
                        record = 0;
                    }
                    for d in done {
                        record += 1;
                        match d {
                            Done::Decoded(value, error) => {
                                tally.decoded += 1;
                                tally.with_errors += usize::from(error);
                                visit(Item::Decoded(value, record))?;
                            }
                            Done::Failed(e) => {
                                tally.failed += 1;
                                visit(Item::Failed(&e, record))?;
                            }
                        }
                    }
                    if dry {
                        visit(Item::Idle)?;
                    }
                }
            }
        }
    }
    if current_file != usize::MAX {
        visit(Item::Ended)?;
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Each input that gave records is said to have ended once, before the next
    /// input's first record, before an unreadable input's error and at the end, so
    /// that what counts per input (the failed records shown) needs no guessing. The
    /// same file named twice is two inputs.
    #[test]
    fn each_input_is_said_to_end_before_the_next_one_starts() {
        let dir = std::env::temp_dir().join(format!("callhook-pipeline-ended-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
        // More records than a batch holds, so that an input spans batches.
        std::fs::write(&a, "/h?a=1\n".repeat(BATCH_RECORDS + 5)).unwrap();
        std::fs::write(&b, "/h?b=1\n/h?b=2\n").unwrap();
        let inputs = [
            Input::File(a.clone()),
            Input::File(dir.join("missing.txt")),
            Input::File(b.clone()),
            Input::File(b.clone()),
        ];
        let mut said = Vec::new();
        read_records(
            &inputs,
            None,
            |_| -> Vec<Result<Processed<()>, RecordError>> {
                vec![Ok(Processed {
                    value: (),
                    has_error: false,
                })]
            },
            |item| {
                match item {
                    Item::Decoded((), 1) => said.push("first".to_owned()),
                    Item::Decoded(..) | Item::Idle => {}
                    Item::Failed(..) => said.push("failed".to_owned()),
                    Item::Unreadable(..) => said.push("unreadable".to_owned()),
                    Item::Ended => said.push("ended".to_owned()),
                }
                Ok(())
            },
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            said,
            ["first", "ended", "unreadable", "first", "ended", "first", "ended"],
            "the items of a.txt, missing.txt, b.txt, b.txt"
        );
    }

    /// A worker that panics (a bug) ends the command with that panic, never a hang.
    #[test]
    fn a_panicking_worker_ends_the_run_instead_of_hanging_it() {
        let path = std::env::temp_dir().join(format!("callhook-pipeline-panic-{}.txt", std::process::id()));
        std::fs::write(&path, "/h?a=1\n".repeat(20_000)).unwrap();
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let input = path.clone();
        std::thread::spawn(move || {
            let run = std::panic::catch_unwind(|| {
                read_records(
                    &[Input::File(input)],
                    None,
                    |raw| -> Vec<Result<Processed<()>, RecordError>> {
                        assert!(raw.source.line != 3, "a bug on record 3");
                        vec![Ok(Processed {
                            value: (),
                            has_error: false,
                        })]
                    },
                    |_| Ok(()),
                )
            });
            let _ = done_tx.send(run.is_err());
        });
        let panicked = done_rx.recv_timeout(std::time::Duration::from_secs(20));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(panicked, Ok(true), "the run hung or did not report the panic");
    }

    /// One worker stuck on the first record while the others race on: the records
    /// done and not yet visited stay within the batches in flight, where before the
    /// bound they grew to the whole input.
    #[test]
    fn a_worker_that_falls_behind_holds_up_only_the_batches_in_flight() {
        let path = std::env::temp_dir().join(format!("callhook-pipeline-{}.txt", std::process::id()));
        let records = 60_000;
        std::fs::write(&path, "/h?a=1\n".repeat(records)).unwrap();
        let (pending, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let tally = read_records(
            &[Input::File(path.clone())],
            None,
            |raw| {
                if raw.source.line == 1 {
                    std::thread::sleep(std::time::Duration::from_millis(300));
                }
                let now = pending.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                vec![Ok(Processed {
                    value: (),
                    has_error: false,
                })]
            },
            |item| {
                if let Item::Decoded(..) = item {
                    pending.fetch_sub(1, Ordering::SeqCst);
                }
                Ok(())
            },
        )
        .unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(tally.decoded, records);
        let workers = workers().unwrap();
        let bound = (workers * BATCHES_IN_FLIGHT_PER_WORKER + 1) * BATCH_RECORDS;
        let most = most.load(Ordering::SeqCst);
        assert!(most <= bound, "{most} records done and waiting, bound {bound}");
    }

    /// `CALLHOOK_WORKERS` picks the worker count, from 1 to 8; anything else is an
    /// error that names the variable and what it takes.
    #[test]
    fn the_worker_count_is_the_variable_or_one_per_core() {
        use std::ffi::OsStr;
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        assert_eq!(worker_count(None), Ok(cores.clamp(1, MOST_WORKERS)));
        assert_eq!(worker_count(Some(OsStr::new("1"))), Ok(1));
        assert_eq!(worker_count(Some(OsStr::new(" 2 "))), Ok(2));
        assert_eq!(worker_count(Some(OsStr::new("8"))), Ok(8));
        for bad in ["0", "9", "two", "", "-1"] {
            let error = worker_count(Some(OsStr::new(bad))).unwrap_err();
            assert!(
                error.starts_with(&format!("CALLHOOK_WORKERS={bad}:")) && error.contains("from 1 to 8"),
                "{error}"
            );
        }
    }
}
