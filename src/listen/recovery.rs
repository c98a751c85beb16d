//! Opening the log at start: every line read and checked, a torn last line set
//! aside, and what the run goes on from (the next request number, the requests
//! still waiting for the app).
//!
//! A torn line is what a process killed in the middle of a write leaves: the start
//! of a line, without its newline (or a last line that does not parse). It holds
//! only records nobody was told were stored. It is moved, byte for byte, to a file
//! beside the log (`<log>.torn-<time>`), reported, and noted in the log by a
//! `recovery` record, so nothing disappears without a word. A bad line elsewhere
//! (an edit by hand) is reported with its line number and left where it is.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::input::listen_log::{FORMAT, LogLine, RecoveryRecord, log_time, parse_line};

/// A request still waiting for the app: where its line is in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingRef {
    pub n: u64,
    pub offset: u64,
    pub len: u64,
}

/// A torn last line, moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Torn {
    pub offset: u64,
    pub bytes: u64,
    pub moved_to: PathBuf,
}

/// What the log holds, once opened.
#[derive(Debug, Default)]
pub struct Recovered {
    /// The length of its whole lines: where appending goes on.
    pub len: u64,
    /// Its whole lines, the recovery note included.
    pub lines: u64,
    pub next_n: u64,
    pub requests: u64,
    /// Requests stored for forwarding with no final attempt, in log order.
    pub pending: Vec<PendingRef>,
    pub torn: Option<Torn>,
    /// Lines that do not parse, other than the last: (line number, message).
    pub bad_lines: Vec<(u64, String)>,
}

/// Reads the log at `path` (a missing one is empty), sets a torn tail aside, and
/// opens it for appending.
pub fn recover(path: &Path) -> io::Result<(File, Recovered)> {
    let mut recovered = Recovered {
        next_n: 1,
        ..Recovered::default()
    };
    let mut pending: BTreeMap<u64, PendingRef> = BTreeMap::new();
    // The last line read, unjudged until we know whether another follows.
    let mut last: Option<(u64, u64, Vec<u8>)> = None;
    if let Ok(file) = File::open(path) {
        let mut reader = BufReader::with_capacity(1 << 18, file);
        let (mut offset, mut number) = (0u64, 0u64);
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)?;
            if n == 0 {
                break;
            }
            number += 1;
            if let Some((at, no, text)) = last.take() {
                judge(&text, at, no, &mut recovered, &mut pending);
            }
            last = Some((offset, number, line.clone()));
            offset += n as u64;
        }
        if let Some((at, no, text)) = last {
            let whole = text.ends_with(b"\n");
            if whole && (text.trim_ascii().is_empty() || parse_line(&text).is_ok()) {
                judge(&text, at, no, &mut recovered, &mut pending);
                recovered.len = offset;
                recovered.lines = number;
            } else {
                recovered.len = at;
                recovered.lines = number - 1;
                recovered.torn = Some(Torn {
                    offset: at,
                    bytes: text.len() as u64,
                    moved_to: set_aside(path, &text)?,
                });
            }
        }
    }
    recovered.pending = pending.into_values().collect();
    let existed = path.exists();
    let mut file = OpenOptions::new().create(true).append(true).open(path)?;
    if !existed || recovered.torn.is_some() {
        // A new file, or the one set aside, is in the directory only once the
        // directory itself is synced.
        sync_directory(path)?;
    }
    if let Some(torn) = &recovered.torn {
        file.set_len(recovered.len)?;
        let note = RecoveryRecord {
            callhook: FORMAT,
            kind: "recovery",
            at: log_time(Utc::now()),
            offset: torn.offset,
            bytes: torn.bytes,
            set_aside: &torn.moved_to.display().to_string(),
        }
        .line();
        file.write_all(&note)?;
        file.sync_data()?;
        recovered.len += note.len() as u64;
        recovered.lines += 1;
    }
    Ok((file, recovered))
}

fn judge(text: &[u8], offset: u64, number: u64, recovered: &mut Recovered, pending: &mut BTreeMap<u64, PendingRef>) {
    if text.trim_ascii().is_empty() {
        return;
    }
    match parse_line(text) {
        Ok(LogLine::Request(r)) => {
            recovered.requests += 1;
            recovered.next_n = recovered.next_n.max(r.n + 1);
            if r.forward.is_some() && r.answer.is_none() {
                pending.insert(
                    r.n,
                    PendingRef {
                        n: r.n,
                        offset,
                        len: text.len() as u64,
                    },
                );
            }
        }
        Ok(LogLine::Attempt(a)) => {
            if a.is_final {
                pending.remove(&a.request);
            }
        }
        Ok(LogLine::Other) => {}
        Err(e) => recovered.bad_lines.push((number, e.message)),
    }
}

fn sync_directory(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

/// Writes the torn bytes to `<log>.torn-<time>`, synced, and says where.
fn set_aside(log: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let mut name = log.as_os_str().to_owned();
    name.push(format!(".torn-{stamp}"));
    let path = PathBuf::from(name);
    let mut file = OpenOptions::new().write(true).create_new(true).open(&path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::listen_log::{LoggedHeader, REQUEST_PREFIX, RequestRecord};

    fn request_line(n: u64, forward: bool) -> Vec<u8> {
        let record = RequestRecord {
            received: "2026-05-01T10:00:03.412345Z".into(),
            peer: "127.0.0.1:5000".into(),
            method: "POST",
            target: "/hook",
            version: "HTTP/1.1",
            headers: vec![LoggedHeader::new("content-type", b"application/x-www-form-urlencoded")],
            forward: forward.then_some("http://127.0.0.1:3000/"),
            answer: None,
        };
        let mut line = REQUEST_PREFIX.to_vec();
        line.extend_from_slice(n.to_string().as_bytes());
        line.extend(record.rest_of_line(b"myoperator=%7B%22uid%22%3A%22n2.1.1%22%7D"));
        line
    }

    /// A log whose last line is cut at every byte offset: the whole lines before it
    /// are kept as they were, the torn bytes are moved aside exactly, and the log
    /// reads end to end afterwards.
    #[test]
    fn a_torn_tail_at_every_offset_is_set_aside_and_the_rest_kept() {
        let dir = std::env::temp_dir().join(format!("callhook-recovery-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut whole = request_line(1, true);
        whole.extend(request_line(2, false));
        let torn_line = request_line(3, true);
        for cut in 0..torn_line.len() {
            let path = dir.join(format!("cut-{cut}.ndjson"));
            let mut bytes = whole.clone();
            bytes.extend_from_slice(&torn_line[..cut]);
            std::fs::write(&path, &bytes).unwrap();
            let (_, recovered) = recover(&path).unwrap();
            assert_eq!(recovered.requests, 2, "cut at {cut}");
            assert_eq!(recovered.next_n, 3, "cut at {cut}");
            assert_eq!(recovered.pending.iter().map(|p| p.n).collect::<Vec<_>>(), [1]);
            assert!(
                recovered.bad_lines.is_empty(),
                "cut at {cut}: {:?}",
                recovered.bad_lines
            );
            let after = std::fs::read(&path).unwrap();
            assert_eq!(&after[..whole.len()], &whole[..], "cut at {cut}");
            match &recovered.torn {
                None => {
                    assert_eq!(cut, 0);
                    assert_eq!(after, whole);
                }
                Some(torn) => {
                    assert_eq!(torn.offset, whole.len() as u64);
                    assert_eq!(std::fs::read(&torn.moved_to).unwrap(), &torn_line[..cut]);
                    let note = String::from_utf8(after[whole.len()..].to_vec()).unwrap();
                    assert!(note.contains("\"kind\":\"recovery\""), "{note}");
                    assert_eq!(recovered.len, after.len() as u64);
                }
            }
            // Opened again, nothing more is torn.
            let (_, again) = recover(&path).unwrap();
            assert!(again.torn.is_none(), "cut at {cut}");
            assert_eq!(again.requests, 2);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn final_attempts_end_pending_and_bad_lines_are_reported() {
        let dir = std::env::temp_dir().join(format!("callhook-recovery2-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("log.ndjson");
        let mut bytes = request_line(1, true);
        bytes.extend(request_line(2, true));
        bytes.extend_from_slice(b"{\"callhook\":\"listen/1\",\"kind\":\"request\" damaged\n");
        bytes.extend_from_slice(
            br#"{"callhook":"listen/1","kind":"attempt","request":1,"attempt":2,"at":"t","url":"u","outcome":"delivered","final":true,"latency_ms":1.0}"#,
        );
        bytes.push(b'\n');
        std::fs::write(&path, &bytes).unwrap();
        let (_, recovered) = recover(&path).unwrap();
        assert_eq!(recovered.pending.iter().map(|p| p.n).collect::<Vec<_>>(), [2]);
        assert_eq!(recovered.bad_lines.len(), 1);
        assert_eq!(recovered.bad_lines[0].0, 3);
        assert!(recovered.torn.is_none());
        let p = recovered.pending[0];
        assert_eq!(
            &bytes[p.offset as usize..(p.offset + p.len) as usize],
            &request_line(2, true)[..]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
