//! What the live tests share: a running `callhook listen` (its address read from
//! its first line on stderr), and fake apps that record every request they get,
//! with when it came, and answer as a test says. Loopback only, ports from binding
//! 0, every loop bounded in count and time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;
use sha2::{Digest, Sha256};

pub(crate) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A running `callhook listen`, its address read from its first line on stderr.
pub(crate) struct Listener {
    pub(crate) child: Child,
    pub(crate) addr: SocketAddr,
    pub(crate) stdout: Arc<Mutex<String>>,
    pub(crate) stderr: Arc<Mutex<String>>,
}

pub(crate) struct Stopped {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) code: Option<i32>,
}

impl Listener {
    pub(crate) fn start(log: &Path, args: &[&str]) -> Listener {
        Self::start_with(Command::new(env!("CARGO_BIN_EXE_callhook")), log, args)
    }

    pub(crate) fn start_with(mut command: Command, log: &Path, args: &[&str]) -> Listener {
        let mut child = command
            .args(["listen", "--bind", "127.0.0.1:0", "--log"])
            .arg(log)
            .args(args)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (addr_tx, addr_rx) = mpsc::channel();
        let mut out = child.stdout.take().unwrap();
        let sink = stdout.clone();
        std::thread::spawn(move || {
            let mut buf = [0; 8192];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let err = BufReader::new(child.stderr.take().unwrap());
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in err.lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let addr = rest.split(' ').next().unwrap_or_default().to_owned();
                    let _ = addr_tx.send(addr);
                }
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        match addr_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(addr) => Listener {
                addr: addr.parse().unwrap(),
                child,
                stdout,
                stderr,
            },
            Err(_) => {
                let _ = child.kill();
                let status = child.wait().unwrap();
                std::thread::sleep(Duration::from_millis(100));
                panic!("listen did not start ({status}):\n{}", stderr.lock().unwrap());
            }
        }
    }

    pub(crate) fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (a bounded time) until stdout or stderr holds `text`.
    pub(crate) fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.stdout().contains(text) || self.stderr().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("never saw {text:?}:\n{}\n{}", self.stdout(), self.stderr());
    }

    /// Ctrl-C, then what it said.
    pub(crate) fn interrupt(mut self) -> Stopped {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        self.finish()
    }

    pub(crate) fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub(crate) fn finish(&mut self) -> Stopped {
        let deadline = Instant::now() + Duration::from_secs(30);
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("listen did not stop:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader threads see the pipes close.
        std::thread::sleep(Duration::from_millis(100));
        Stopped {
            stdout: self.stdout(),
            stderr: self.stderr(),
            code,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response as a client read it.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

/// Sends raw bytes on a new connection and reads responses until the server
/// closes it (the last request says `Connection: close`) or `count` came.
pub(crate) fn exchange(addr: SocketAddr, raw: &[u8], count: usize) -> Vec<Answer> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.write_all(raw).unwrap();
    let mut reader = BufReader::new(stream);
    let mut answers = Vec::new();
    while answers.len() < count {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return answers;
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let length = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse::<usize>().unwrap())
            })
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        answers.push(Answer { status, head, body });
    }
    answers
}

pub(crate) fn post(addr: SocketAddr, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut raw = format!(
        "POST {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str("\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    exchange(addr, &raw, 1).pop().unwrap()
}

pub(crate) const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// A form body of one In-Call event.
pub(crate) fn event(uid: &str, state: u32, second: u32, seq: usize) -> Vec<u8> {
    let log = format!(
        r#"{{"uid":"{uid}","call_state":"{state}","call_time":"2020-08-01 08:35:{second:02}","clid":"9711636496","seq":{seq}}}"#
    );
    let mut body = b"myoperator=".to_vec();
    for b in log.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
            body.push(b);
        } else {
            body.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    body
}

/// Every line of a log, parsed.
pub(crate) fn log_lines(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub(crate) fn requests(log: &Path) -> Vec<Value> {
    log_lines(log).into_iter().filter(|l| l["kind"] == "request").collect()
}

pub(crate) fn body_of(record: &Value) -> Vec<u8> {
    use base64::Engine as _;
    match (record["body"].as_str(), record["body_base64"].as_str()) {
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD.decode(b64).unwrap(),
        _ => panic!("no body in {record}"),
    }
}

/// A fake app: records every request it gets and answers as `behave` says
/// (status and delay, by request); HTTP/1.1 with keep-alive, as the forwarder uses it.
pub(crate) struct App {
    pub(crate) addr: SocketAddr,
    pub(crate) got: Arc<Mutex<Vec<AppRequest>>>,
    pub(crate) stop: Arc<AtomicBool>,
}

#[derive(Debug, Clone)]
pub(crate) struct AppRequest {
    pub(crate) method: String,
    /// When the app had read it.
    pub(crate) at: Instant,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl AppRequest {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) type Behave = dyn Fn(&AppRequest) -> (u16, Duration) + Send + Sync;

impl App {
    pub(crate) fn start(port: u16, behave: impl Fn(&AppRequest) -> (u16, Duration) + Send + Sync + 'static) -> App {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let addr = listener.local_addr().unwrap();
        let got = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let behave: Arc<Behave> = Arc::new(behave);
        let (got2, stop2) = (got.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (got, behave, stop) = (got2.clone(), behave.clone(), stop2.clone());
                std::thread::spawn(move || serve_app(stream, &got, &*behave, &stop));
            }
        });
        App { addr, got, stop }
    }

    pub(crate) fn got(&self) -> Vec<AppRequest> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (a bounded time) until the app has had `n` requests.
    pub(crate) fn wait_for(&self, n: usize, within: Duration) -> Vec<AppRequest> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if self.got.lock().unwrap().len() >= n {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.got()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

pub(crate) fn serve_app(stream: TcpStream, got: &Mutex<Vec<AppRequest>>, behave: &Behave, stop: &AtomicBool) {
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    for _ in 0..10_000 {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 || stop.load(Ordering::SeqCst) {
            return;
        }
        let method = request_line.split(' ').next().unwrap_or_default().to_owned();
        let target = request_line.split(' ').nth(1).unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = AppRequest {
            method,
            at: Instant::now(),
            target,
            headers,
            body,
        };
        let (status, delay) = behave(&request);
        got.lock().unwrap().push(request);
        std::thread::sleep(delay);
        let answer = format!("app says {status}");
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nX-App: yes\r\n\r\n{answer}",
            answer.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// A port nothing listens on (for now).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
