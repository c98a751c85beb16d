//! `callhook listen` as users run it: the real binary, on loopback ports it picks
//! itself (bind 0), fed by clients and forwarding to fake apps that these tests
//! start and stop. Every loop is bounded in count and time.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{Scratch, callhook};
use crate::live::{
    App, AppRequest, FORM, Listener, body_of, event, exchange, free_port, log_lines, post, requests, sha256,
};

/// Every kind of request is answered 200 after it is in the log, exactly: chunked
/// and pipelined ones, GET, non-UTF-8 bodies; `decode` and `timeline` read the log
/// with the received times.
#[test]
fn every_request_is_logged_exactly_and_the_log_is_a_capture() {
    let scratch = Scratch::new("listen-receive");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let listener = Listener::start(&log, &[]);
    listener.wait_for("hint: expose it");
    let addr = listener.addr;
    let form = event("n2.1596270949.2175190", 1, 49, 1);
    let tricky = b"myoperator=%7B%7D&a=+91&a=%2B91&b=x+y".to_vec();
    let binary = b"\xff\xfe\x00raw\x80".to_vec();
    assert_eq!(post(addr, "/hook?src=mo", &[FORM], &form).status, 200);
    assert_eq!(post(addr, "/hook", &[FORM], &tricky).status, 200);
    assert_eq!(
        post(addr, "/bin", &[("Content-Type", "application/octet-stream")], &binary).status,
        200
    );
    // Chunked, then a GET webhook pipelined behind it on the same connection.
    let chunked = format!(
        "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n5\r\nmyope\r\n{:x}\r\n{}\r\n0\r\n\r\nGET /get?uid=n2.1596270949.2175190&call_state=5&call_time=2020-08-01%2008:35:51 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        form.len() - 5,
        String::from_utf8_lossy(&form[5..])
    );
    let answers = exchange(addr, chunked.as_bytes(), 2);
    assert_eq!(answers.iter().map(|a| a.status).collect::<Vec<_>>(), [200, 200]);
    assert!(String::from_utf8_lossy(&answers[1].body).contains("\"n\":5"));
    listener.wait_for("#5");
    let stopped = listener.interrupt();
    assert_eq!(stopped.code, Some(0), "{}", stopped.stderr);
    assert!(stopped.stderr.contains("5 received, 5 stored"), "{}", stopped.stderr);

    let records = requests(&log);
    assert_eq!(records.len(), 5);
    let sent: [&[u8]; 5] = [&form, &tricky, &binary, &form, b""];
    for (i, (record, body)) in records.iter().zip(sent).enumerate() {
        assert_eq!(record["callhook"], "listen/1");
        assert_eq!(record["n"], i + 1);
        assert_eq!(body_of(record), body, "record {}", i + 1);
        assert_eq!(record["length"], body.len());
        assert_eq!(record["sha256"], sha256(body));
        assert!(record["received"].as_str().unwrap().ends_with('Z'));
        assert!(record["peer"].as_str().unwrap().starts_with("127.0.0.1:"));
    }
    assert!(records[2]["body_base64"].is_string(), "non-UTF-8 is base64");
    assert_eq!(records[1]["target"], "/hook");
    assert_eq!(records[4]["method"], "GET");
    assert_eq!(
        records[4]["target"],
        "/get?uid=n2.1596270949.2175190&call_state=5&call_time=2020-08-01%2008:35:51"
    );
    let names: Vec<&str> = records[0]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["host", "content-length", "connection", "content-type"],
        "in order received"
    );
    // The live lines: one per request, with family, state, call and findings.
    assert!(
        stopped
            .stdout
            .contains("#1  POST /hook  in-call state 1 (incoming call on server)  call n2.1596270949.2175190"),
        "{}",
        stopped.stdout
    );
    assert!(
        stopped.stdout.contains("#5  GET /get  state 5 (dialing users)"),
        "{}",
        stopped.stdout
    );
    assert!(stopped.stdout.contains("[plus-in-form"), "{}", stopped.stdout);

    let decoded = callhook()
        .args(["decode", "--format", "ndjson"])
        .arg(&log)
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(decoded.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["format"], "listen-log");
    assert_eq!(
        lines[0]["request"]["received"],
        records[0]["received"].as_str().unwrap().replace("Z", "+00:00")
    );
    assert_eq!(lines[0]["payload"]["family"], "in-call");
    let timeline = callhook()
        .args(["timeline", "--format", "json"])
        .arg(&log)
        .output()
        .unwrap();
    let timeline: Value = serde_json::from_slice(&timeline.stdout).unwrap();
    let call = &timeline["calls"][0];
    assert_eq!(call["uid"], "n2.1596270949.2175190");
    assert_eq!(call["events"].as_array().unwrap().len(), 3, "{call}");
    assert!(call["events"][0]["received"].is_string(), "{call}");
}

#[test]
fn limits_have_clear_answers() {
    let scratch = Scratch::new("listen-limits");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let listener = Listener::start(&log, &["--max-body", "1KiB", "--header-timeout", "300ms"]);
    let big = post(listener.addr, "/big", &[FORM], &vec![b'a'; 2000]);
    assert_eq!(big.status, 413);
    assert!(String::from_utf8_lossy(&big.body).contains("--max-body"));
    // Headers sent too slowly: the connection is cut off, nothing is logged.
    let mut slow = TcpStream::connect(listener.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    slow.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\n").unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "cut off after {:?}",
        started.elapsed()
    );
    assert_eq!(post(listener.addr, "/ok", &[FORM], b"a=1").status, 200);
    let stopped = listener.interrupt();
    assert!(stopped.stdout.contains("413  POST /big"), "{}", stopped.stdout);
    assert!(stopped.stderr.contains("1 refused"), "{}", stopped.stderr);
    assert_eq!(requests(&log).len(), 1);
}

#[test]
fn a_second_listener_on_the_same_log_names_the_first() {
    let scratch = Scratch::new("listen-lock");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let first = Listener::start(&log, &[]);
    let second = callhook()
        .args(["listen", "--bind", "127.0.0.1:0", "--log"])
        .arg(&log)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    let err = String::from_utf8_lossy(&second.stderr);
    let pid = format!("(pid {})", first.child.id());
    assert!(err.contains("is already being written by callhook listen"), "{err}");
    assert!(err.contains(&pid), "{err}");
    assert!(err.contains(&first.addr.to_string()), "{err}");
    first.kill();
    // SIGKILL released the lock.
    let again = Listener::start(&log, &[]);
    again.interrupt();
}

/// The promise: every request answered 2xx is in the log, complete, exactly once,
/// after SIGKILL at any moment and a restart; the log parses end to end.
#[test]
fn sigkill_at_random_points_loses_no_answered_request() {
    let scratch = Scratch::new("listen-sigkill");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut random = seed;
    let mut next = move || {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        random
    };
    let mut answered: Vec<usize> = Vec::new();
    let mut seq = 0;
    let rounds = 8;
    for round in 0..rounds {
        let args: &[&str] = if round % 2 == 0 {
            &[]
        } else {
            &["--durability", "fsync"]
        };
        let listener = Listener::start(&log, args);
        if round > 0 {
            assert!(!listener.stderr().contains("could not"), "{}", listener.stderr());
        }
        let addr = listener.addr;
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        // Four clients sending as fast as they can, each request with its own seq.
        let clients: Vec<_> = (0..4)
            .map(|c| {
                let (stop, tx) = (stop.clone(), tx.clone());
                std::thread::spawn(move || {
                    for i in 0..5_000 {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let seq = (seq + c) * 100_000 + i;
                        let body = event(&format!("k{seq}"), 1, 0, seq);
                        let Ok(mut stream) = TcpStream::connect(addr) else { break };
                        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                        let head = format!(
                            "POST /k HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        if stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body)).is_err() {
                            break;
                        }
                        let mut answer = Vec::new();
                        let _ = stream.read_to_end(&mut answer);
                        if answer.starts_with(b"HTTP/1.1 200") {
                            let _ = tx.send(seq);
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        std::thread::sleep(Duration::from_millis(50 + next() % 400));
        listener.kill();
        stop.store(true, Ordering::SeqCst);
        for c in clients {
            c.join().unwrap();
        }
        answered.extend(rx.iter());
        seq += 4;
    }
    // Started once more: recovery reports any torn line, and the log parses.
    let last = Listener::start(&log, &[]);
    let stopped = last.interrupt();
    assert_eq!(stopped.code, Some(0), "seed {seed}:\n{}", stopped.stderr);
    let mut in_log: HashMap<usize, usize> = HashMap::new();
    for record in requests(&log) {
        let text = String::from_utf8(body_of(&record)).unwrap();
        assert_eq!(record["sha256"], sha256(text.as_bytes()));
        let seq: usize = text
            .split("%22seq%22%3A")
            .nth(1)
            .and_then(|s| s.split('%').next())
            .unwrap()
            .parse()
            .unwrap();
        *in_log.entry(seq).or_default() += 1;
    }
    assert!(answered.len() > rounds, "seed {seed}: only {} answered", answered.len());
    for seq in &answered {
        assert_eq!(
            in_log.get(seq),
            Some(&1),
            "seed {seed}: seq {seq} answered 200 but is in the log {:?} times",
            in_log.get(seq)
        );
    }
    // Unanswered requests may be there, at most one per client per kill.
    assert!(in_log.len() - answered.len() <= rounds * 4, "seed {seed}");
    assert!(in_log.values().all(|&n| n == 1), "seed {seed}: a request twice");
    let numbers: Vec<u64> = requests(&log).iter().map(|r| r["n"].as_u64().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[1] > w[0]), "numbers go on across restarts");
    let decode = callhook().arg("decode").arg(&log).output().unwrap();
    assert_eq!(
        decode.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&decode.stderr)
    );
}

/// Ctrl-C the moment listen says it is ready still stops it cleanly, with its
/// summary: the handlers are in place before the address is printed.
#[test]
fn an_interrupt_right_after_start_stops_cleanly() {
    let scratch = Scratch::new("listen-early-interrupt");
    for round in 0..10 {
        let log = scratch.path().join(format!("calls-{round}.ndjson"));
        let stopped = Listener::start(&log, &[]).interrupt();
        assert_eq!(stopped.code, Some(0), "round {round}:\n{}", stopped.stderr);
        assert!(
            stopped.stderr.contains("0 received"),
            "round {round}:\n{}",
            stopped.stderr
        );
    }
}

/// A torn line left by a kill is reported at the next start and set aside in a
/// file of its own, never dropped silently.
#[test]
fn a_torn_last_line_is_reported_and_set_aside() {
    let scratch = Scratch::new("listen-torn");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let listener = Listener::start(&log, &[]);
    assert_eq!(post(listener.addr, "/a", &[FORM], b"a=1").status, 200);
    listener.interrupt();
    let mut bytes = std::fs::read(&log).unwrap();
    let whole = bytes.len();
    bytes.extend_from_slice(br#"{"callhook":"listen/1","kind":"request","n":2,"rece"#);
    std::fs::write(&log, &bytes).unwrap();
    let listener = Listener::start(&log, &[]);
    listener.wait_for("set aside");
    let stopped = listener.interrupt();
    assert!(
        stopped.stderr.contains("recovered: the last line of"),
        "{}",
        stopped.stderr
    );
    assert!(
        stopped.stderr.contains(&format!("at byte {whole}")),
        "{}",
        stopped.stderr
    );
    let aside: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".torn-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(&aside[0]).unwrap(), &bytes[whole..]);
    let lines = log_lines(&log);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["kind"], "recovery");
}

/// Disk full: a small filesystem made for the test (tmpfs in a private mount
/// namespace). The listener answers 503 with Retry-After, never 2xx, and stores
/// again once there is room.
#[test]
fn a_full_disk_gets_503_never_2xx_and_storing_resumes() {
    let scratch = Scratch::new("listen-full");
    let dir = scratch.path();
    let mount = dir.join("small");
    std::fs::create_dir_all(&mount).unwrap();
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg(format!("mount -t tmpfs -o size=64k tmpfs {}", mount.display()))
        .output();
    match probe {
        Ok(out) if out.status.success() => {}
        other => panic!(
            "this test needs a small filesystem of its own: `unshare -m` and a tmpfs mount (root, or CAP_SYS_ADMIN), and could not make one: {other:?}. It does not pass without checking."
        ),
    }
    let log = mount.join("calls.ndjson");
    // In the namespace: the tmpfs, a file that fills most of it, and listen; a line
    // on stdin frees the room.
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs {m} && head -c 40000 /dev/zero > {m}/filler && {bin} \"$@\" & echo $! > {d}/pid; read line; rm -f {m}/filler; wait",
        d = dir.display(),
        m = mount.display(),
        bin = env!("CARGO_BIN_EXE_callhook"),
    );
    let mut command = Command::new("unshare");
    command.args(["-m", "sh", "-c", &script, "sh"]);
    let mut listener = Listener::start_with(command, &log, &["--durability", "fsync"]);
    let body = vec![b'x'; 3000];
    let mut statuses = Vec::new();
    for _ in 0..40 {
        let answer = post(listener.addr, "/fill", &[FORM], &body);
        if answer.status == 503 {
            assert!(
                answer.head.to_ascii_lowercase().contains("retry-after: 30"),
                "{}",
                answer.head
            );
            assert!(
                String::from_utf8_lossy(&answer.body).contains("No space left"),
                "{:?}",
                answer.body
            );
        }
        statuses.push(answer.status);
    }
    let first_503 = statuses
        .iter()
        .position(|&s| s == 503)
        .unwrap_or_else(|| panic!("never full: {statuses:?}"));
    assert!(first_503 > 0, "{statuses:?}");
    assert!(statuses.iter().all(|&s| s == 200 || s == 503), "{statuses:?}");
    let stored = statuses.iter().filter(|&&s| s == 200).count();
    // Room again: storing resumes.
    listener.child.stdin.as_mut().unwrap().write_all(b"free\n").unwrap();
    let mut resumed = false;
    for _ in 0..50 {
        if post(listener.addr, "/after", &[FORM], &body).status == 200 {
            resumed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(resumed, "storing did not resume");
    // A job started with `&` ignores SIGINT: SIGTERM stops it as cleanly.
    let pid = std::fs::read_to_string(dir.join("pid")).unwrap();
    Command::new("kill").args(["-TERM", pid.trim()]).status().unwrap();
    let stopped = listener.finish();
    assert!(stopped.stderr.contains("not stored (503)"), "{}", stopped.stderr);
    let summary_line = stopped
        .stderr
        .lines()
        .find(|l| l.contains(" received, "))
        .unwrap()
        .to_owned();
    assert!(
        summary_line.contains(&format!("{} stored", stored + 1)),
        "{summary_line} / {stored}"
    );
    assert!(stopped.stdout.contains("503  POST /fill"), "{}", stopped.stdout);
}

/// The app gets each request byte for byte: form bodies with `+`, `%2B`,
/// duplicate keys and non-UTF-8 bytes, chunked or not; method, path and query
/// re-based on --forward-to; hop-by-hop headers dropped; every attempt logged.
#[test]
fn forwarding_is_byte_exact() {
    let scratch = Scratch::new("listen-exact");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let app = App::start(0, |_| (200, Duration::ZERO));
    let url = format!("http://{}/base/", app.addr);
    let listener = Listener::start(&log, &["--forward-to", &url, "--show-response"]);
    let bodies: Vec<Vec<u8>> = vec![
        b"myoperator=%7B%22a%22%3A1%7D&caller=+919711636496&caller=%2B919711636496".to_vec(),
        b"a=1&a=2&b=%zz&c=\xff\xfe".to_vec(),
        event("n2.1.1", 1, 1, 1),
    ];
    for body in &bodies {
        assert_eq!(
            post(
                listener.addr,
                "/hook?x=%2B1&y=+1",
                &[FORM, ("X-Secret-Token", "t0k")],
                body
            )
            .status,
            200
        );
    }
    let chunked = "PUT /put HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    assert_eq!(exchange(listener.addr, chunked.as_bytes(), 1)[0].status, 200);
    let got = app.wait_for(4, Duration::from_secs(20));
    assert_eq!(got.len(), 4);
    let mut by_id: BTreeMap<u64, AppRequest> = BTreeMap::new();
    for r in got {
        by_id.insert(r.header("x-callhook-id").unwrap().parse().unwrap(), r);
    }
    for (i, body) in bodies.iter().enumerate() {
        let r = &by_id[&(i as u64 + 1)];
        assert_eq!(sha256(&r.body), sha256(body), "request {}", i + 1);
        assert_eq!(r.target, "/base/hook?x=%2B1&y=+1");
        assert_eq!(r.header("x-secret-token"), Some("t0k"));
        assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(r.header("x-forwarded-host"), Some(listener.addr.to_string().as_str()));
        assert_eq!(r.header("x-callhook-attempt"), Some("1"));
        assert_eq!(r.header("connection"), None);
    }
    assert_eq!(by_id[&4].body, b"abcde");
    assert_eq!(by_id[&4].target, "/base/put");
    assert_eq!(by_id[&4].header("transfer-encoding"), None);
    listener.wait_for("#4");
    let stopped = listener.interrupt();
    assert!(stopped.stdout.contains("→ 200"), "{}", stopped.stdout);
    assert!(stopped.stdout.contains("\"app says 200\""), "{}", stopped.stdout);
    assert!(stopped.stderr.contains("4 delivered"), "{}", stopped.stderr);
    let attempts: Vec<Value> = log_lines(&log).into_iter().filter(|l| l["kind"] == "attempt").collect();
    assert_eq!(attempts.len(), 4);
    assert!(
        attempts
            .iter()
            .all(|a| a["outcome"] == "delivered" && a["final"] == true && a["status"] == 200)
    );
    assert!(attempts.iter().all(|a| a["response_body"] == "app says 200"));
}

/// The app is down: callhook still answers, keeps the requests pending, retries,
/// and when the app is back delivers everything, in order within each call, even
/// after callhook itself was restarted in between.
#[test]
fn pending_requests_survive_the_app_and_callhook_going_down() {
    let scratch = Scratch::new("listen-pending");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/");
    let retry = [
        "--retry-delay",
        "50ms",
        "--retry-max-delay",
        "200ms",
        "--forward-timeout",
        "1s",
    ];
    let mut args = vec!["--forward-to", url.as_str()];
    args.extend(retry);
    let listener = Listener::start(&log, &args);
    // Three calls, interleaved: 4 events each.
    let mut sent = Vec::new();
    for step in 0..4 {
        for call in ["a", "b", "c"] {
            let seq = sent.len();
            let answer = post(
                listener.addr,
                "/hook",
                &[FORM],
                &event(&format!("call-{call}"), 1 + step, step, seq),
            );
            assert_eq!(answer.status, 200, "answered while the app is down");
            sent.push((call, seq));
        }
    }
    listener.wait_for("ERR");
    listener.wait_for("retry in");
    let stopped = listener.interrupt();
    assert!(stopped.stderr.contains("12 pending"), "{}", stopped.stderr);
    let failed: Vec<Value> = log_lines(&log).into_iter().filter(|l| l["kind"] == "attempt").collect();
    assert!(!failed.is_empty());
    assert!(
        failed
            .iter()
            .all(|a| a["outcome"] == "retry" && a["error"].as_str().unwrap().contains("onnect")),
        "{failed:?}"
    );

    // callhook restarts while the app is still down, then the app comes up.
    let listener = Listener::start(&log, &args);
    listener.wait_for("12 requests from an earlier run wait");
    std::thread::sleep(Duration::from_millis(300));
    let app = App::start(port, |_| (200, Duration::ZERO));
    let got = app.wait_for(12, Duration::from_secs(20));
    assert_eq!(got.len(), 12, "{got:?}");
    let mut order: HashMap<String, Vec<usize>> = HashMap::new();
    for r in &got {
        let text = String::from_utf8(r.body.clone()).unwrap();
        let call = text.split("call-").nth(1).unwrap()[..1].to_owned();
        let seq: usize = text
            .split("%22seq%22%3A")
            .nth(1)
            .unwrap()
            .split('%')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        order.entry(call).or_default().push(seq);
    }
    for (call, seqs) in &order {
        let mut sorted = seqs.clone();
        sorted.sort_unstable();
        assert_eq!(seqs, &sorted, "call {call} out of order");
        assert_eq!(seqs.len(), 4, "call {call}");
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(app.got().len(), 12, "nothing delivered twice");
    let stopped = listener.interrupt();
    assert!(stopped.stderr.contains("12 delivered"), "{}", stopped.stderr);
    assert!(stopped.stderr.contains("0 pending"), "{}", stopped.stderr);
    // Started again: nothing is pending any more.
    let listener = Listener::start(&log, &args);
    assert!(!listener.stderr().contains("earlier run"), "{}", listener.stderr());
    listener.interrupt();
}

/// A slow app: ack mode answers at once, and a slow call does not hold back the
/// others; proxy mode returns the app's own answer, or 504 at --ack-timeout.
#[test]
fn a_slow_call_holds_back_only_itself() {
    let scratch = Scratch::new("listen-slow");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let app = App::start(0, |r| {
        let slow = String::from_utf8_lossy(&r.body).contains("slow");
        (200, if slow { Duration::from_secs(3) } else { Duration::ZERO })
    });
    let url = format!("http://{}/", app.addr);
    let listener = Listener::start(&log, &["--forward-to", &url]);
    let started = Instant::now();
    for step in 0..3 {
        let t = Instant::now();
        assert_eq!(
            post(listener.addr, "/", &[FORM], &event("slow", 1 + step, step, 0)).status,
            200
        );
        assert!(t.elapsed() < Duration::from_millis(500), "ack took {:?}", t.elapsed());
    }
    for step in 0..3 {
        assert_eq!(
            post(listener.addr, "/", &[FORM], &event("fast", 1 + step, step, 0)).status,
            200
        );
    }
    let got = app.wait_for(4, Duration::from_secs(10));
    let fast = got
        .iter()
        .filter(|r| String::from_utf8_lossy(&r.body).contains("fast"))
        .count();
    assert_eq!(fast, 3, "the fast call went through while the slow one waited");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    listener.wait_for("pending");
    drop(listener);

    let proxy = Listener::start(
        &dir.join("proxy.ndjson"),
        &["--forward-to", &url, "--mode", "proxy", "--ack-timeout", "500ms"],
    );
    let quick = post(proxy.addr, "/", &[FORM], &event("quick", 1, 0, 0));
    assert_eq!(quick.status, 200);
    assert_eq!(quick.body, b"app says 200");
    assert!(quick.head.to_ascii_lowercase().contains("x-app: yes"), "{}", quick.head);
    let t = Instant::now();
    let late = post(proxy.addr, "/", &[FORM], &event("slow-proxy", 1, 0, 0));
    assert_eq!(late.status, 504);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert!(String::from_utf8_lossy(&late.body).contains("--ack-timeout"));
    drop(proxy);
    let down = Listener::start(
        &dir.join("down.ndjson"),
        &[
            "--forward-to",
            &format!("http://127.0.0.1:{}/", free_port()),
            "--mode",
            "proxy",
        ],
    );
    assert_eq!(post(down.addr, "/", &[FORM], b"a=1").status, 502);
    drop(down);
}

/// `--format ndjson`: stdout is records only, one per line, each a decoded
/// record with its `listen` member; status goes to stderr.
#[test]
fn ndjson_output_is_only_records() {
    let scratch = Scratch::new("listen-ndjson");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let listener = Listener::start(&log, &["--format", "ndjson"]);
    let bodies = [
        event("n2.9.1", 5, 2, 0),
        event("n2.9.1", 1, 1, 1),
        b"not a form at all".to_vec(),
    ];
    for body in &bodies {
        assert_eq!(post(listener.addr, "/h", &[FORM], body).status, 200);
    }
    assert_eq!(post(listener.addr, "/big", &[FORM], &vec![b'a'; 2 << 20]).status, 413);
    listener.wait_for("\"n\":3");
    let stopped = listener.interrupt();
    let lines: Vec<Value> = stopped
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{}", stopped.stdout);
    assert_eq!(lines[0]["schema_version"], 1);
    assert_eq!(lines[0]["listen"]["n"], 1);
    assert_eq!(
        lines[1]["listen"]["anomalies"][0]["id"], "out-of-order-delivery",
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["findings"][0]["id"], "body-not-form");
    assert!(stopped.stderr.contains("listening on"));
    assert!(stopped.stderr.contains("413"), "{}", stopped.stderr);
}

/// A v2 event's line names its event type, as a v1 line names its state; and every
/// `#N` on the screen is a request's number in the log, anomaly lines included.
#[test]
fn live_lines_name_v2_events_and_number_requests_one_way() {
    let scratch = Scratch::new("listen-lines");
    let log = scratch.path().join("calls.ndjson");
    let listener = Listener::start(&log, &[]);
    let v2 = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/v2-call-end.json")).unwrap();
    let json = [("Content-Type", "application/json")];
    assert_eq!(post(listener.addr, "/h", &json, &v2).status, 200);
    // Requests 2 to 4 are one call's; 4 happened before 3.
    assert_eq!(
        post(listener.addr, "/h", &[FORM], &event("n2.7.7", 1, 1, 0)).status,
        200
    );
    assert_eq!(
        post(listener.addr, "/h", &[FORM], &event("n2.7.7", 6, 9, 1)).status,
        200
    );
    assert_eq!(
        post(listener.addr, "/h", &[FORM], &event("n2.7.7", 5, 5, 2)).status,
        200
    );
    listener.wait_for("#4");
    let stopped = listener.interrupt();
    let out = &stopped.stdout;
    assert!(out.contains("#1  POST /h  v2-call call.end  call "), "{out}");
    assert!(
        out.contains("out-of-order-delivery: state 5 (dialing users) arrived #4, after state 6 (user answered) (#3)"),
        "{out}"
    );
}

/// `--config`: mismatches flagged on the line; `--enforce-auth`: 401 for a
/// request without the configured header and credentials, logged, not forwarded.
#[test]
fn a_configuration_is_checked_and_auth_enforced() {
    let scratch = Scratch::new("listen-config");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let app = App::start(0, |_| (200, Duration::ZERO));
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/webhook.json");
    let url = format!("http://{}/", app.addr);
    let listener = Listener::start(&log, &["--config", config, "--enforce-auth", "--forward-to", &url]);
    let target = "/webhook.php?caller_number=%2B919711636496&state=1&source=myoperator";
    let bare = post(listener.addr, target, &[FORM], &event("n2.5.5", 1, 0, 0));
    assert_eq!(bare.status, 401);
    assert!(
        bare.head.to_ascii_lowercase().contains("www-authenticate"),
        "{}",
        bare.head
    );
    let good = post(
        listener.addr,
        target,
        &[
            FORM,
            ("my-super-secret-token", "abc123def"),
            ("Authorization", "Basic YWRtaW46MTIzNDU2"),
        ],
        &event("n2.5.5", 1, 0, 1),
    );
    assert_eq!(good.status, 200);
    let got = app.wait_for(1, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(app.got().len(), 1, "the 401 one is not forwarded");
    assert_eq!(got[0].header("x-callhook-id"), Some("2"));
    listener.wait_for("#2");
    let stopped = listener.interrupt();
    assert!(stopped.stdout.contains("config-header-missing"), "{}", stopped.stdout);
    assert!(stopped.stdout.contains("answered 401"), "{}", stopped.stdout);
    assert!(!stopped.stdout.contains("abc123def"), "secrets stay out of the output");
    assert!(stopped.stderr.contains("1 unauthorized"), "{}", stopped.stderr);
    let records = requests(&log);
    assert_eq!(records[0]["answer"], 401);
    assert!(records[0].get("forward").is_none());
    let decoded = callhook()
        .args(["decode", "--config", config])
        .arg(&log)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&decoded.stdout).contains("config-header-missing"));
}

/// `--config` with a v2 webhook: a request without its API key, or with another one,
/// is answered 401 under `--enforce-auth` and flagged; the right key passes, and the
/// key is never printed.
#[test]
fn a_v2_webhook_s_api_key_is_enforced() {
    let scratch = Scratch::new("listen-config-v2");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/webhook-v2.json");
    let listener = Listener::start(&log, &["--config", config, "--enforce-auth"]);
    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/v2-call-end.json")).unwrap();
    let json = ("Content-Type", "application/json");
    let target = "/hooks/myoperator";
    assert_eq!(post(listener.addr, target, &[json], &body).status, 401);
    assert_eq!(
        post(listener.addr, target, &[json, ("x-webhook-token", "wh-wrong")], &body).status,
        401
    );
    let good = [json, ("x-webhook-token", "wh-7Qx9Zt31"), ("X-Source", "myoperator")];
    assert_eq!(post(listener.addr, target, &good, &body).status, 200);
    listener.wait_for("#3");
    let stopped = listener.interrupt();
    assert!(stopped.stdout.contains("config-api-key-missing"), "{}", stopped.stdout);
    assert!(stopped.stdout.contains("config-api-key-mismatch"), "{}", stopped.stdout);
    assert!(
        !stopped.stdout.contains("wh-7Qx9Zt31"),
        "the key stays out of the output"
    );
    assert!(stopped.stderr.contains("2 unauthorized"), "{}", stopped.stderr);
    let answers: Vec<Value> = requests(&log).iter().map(|r| r["answer"].clone()).collect();
    // The log records an answer other than the usual 200 only.
    assert_eq!(answers, [Value::from(401), Value::from(401), Value::Null]);
}

/// Many clients at once: every 2xx is exactly one record, and the log's numbers
/// run without gaps.
#[test]
fn concurrent_clients_each_2xx_is_one_record() {
    let scratch = Scratch::new("listen-concurrent");
    let dir = scratch.path();
    let log = dir.join("calls.ndjson");
    let listener = Listener::start(&log, &["--durability", "fsync"]);
    let addr = listener.addr;
    let clients: Vec<_> = (0..8)
        .map(|c| {
            std::thread::spawn(move || {
                // Keep-alive: each client sends its requests on one connection.
                let mut raw = Vec::new();
                for i in 0..50 {
                    let body = event(&format!("c{c}"), 1, 0, c * 1000 + i);
                    let close = if i == 49 { "Connection: close\r\n" } else { "" };
                    raw.extend_from_slice(
                        format!(
                            "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n{close}\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    );
                    raw.extend_from_slice(&body);
                }
                exchange(addr, &raw, 50).iter().filter(|a| a.status == 200).count()
            })
        })
        .collect();
    let ok: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    assert_eq!(ok, 400);
    listener.interrupt();
    let records = requests(&log);
    assert_eq!(records.len(), ok);
    let numbers: Vec<u64> = records.iter().map(|r| r["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=400).collect::<Vec<u64>>());
}

#[test]
fn bad_arguments_say_what_to_do() {
    let run = |args: &[&str]| {
        let out = callhook()
            .arg("listen")
            .args(args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(&["--mode", "proxy"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("name the app with --forward-to"), "{err}");
    let (code, err) = run(&["--forward-to", "https://example.com/"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("plain http"), "{err}");
    let (code, err) = run(&["--forward-to", "localhost:3000"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("absolute http URL"), "{err}");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let scratch = Scratch::new("listen-args");
    let dir = scratch.path();
    let (code, err) = run(&[
        "--bind",
        &taken.local_addr().unwrap().to_string(),
        "--log",
        dir.join("l").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("pick another port with --bind"), "{err}");
}

/// The DuckDB queries of docs/listen.md load a real log as documented (DuckDB's
/// Python package; CI installs it).
#[test]
fn the_duckdb_queries_in_the_docs_load_a_real_log() {
    let has_duckdb = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_duckdb,
        "this test runs the docs' DuckDB queries with DuckDB's Python package: `python3 -m pip install duckdb` (.ci/run does)"
    );
    let scratch = Scratch::new("listen-duckdb");
    let dir = scratch.path();
    let log = dir.join("callhook-listen.ndjson");
    let app = App::start(0, |r| {
        (
            if String::from_utf8_lossy(&r.body).contains("failing") {
                500
            } else {
                200
            },
            Duration::ZERO,
        )
    });
    let url = format!("http://{}/", app.addr);
    let listener = Listener::start(&log, &["--forward-to", &url, "--retry-delay", "10s"]);
    for (i, call) in ["n2.1.1", "failing", "n2.1.1"].iter().enumerate() {
        assert_eq!(
            post(
                listener.addr,
                "/webhook.php",
                &[FORM],
                &event(call, 1 + i as u32, i as u32, i)
            )
            .status,
            200
        );
    }
    assert_eq!(post(listener.addr, "/other?x=1", &[], b"plain").status, 200);
    app.wait_for(4, Duration::from_secs(10));
    listener.wait_for("retry in");
    listener.interrupt();

    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/listen.md")).unwrap();
    let statements: Vec<String> = docs
        .split("```sql\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap().to_owned())
        .flat_map(|block| {
            block
                .split(";\n")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(statements.len(), 4, "{statements:?}");
    let script = "import duckdb, json, sys\nfor stmt in json.load(sys.stdin):\n    print(json.dumps(duckdb.sql(stmt).fetchall(), default=str))\n";
    let mut python = Command::new("python3")
        .args(["-c", script])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    python
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&statements).unwrap().as_bytes())
        .unwrap();
    let out = python.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Per minute and path: 4 requests, 4 forwarded.
    let total: u64 = results[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[2].as_u64().unwrap())
        .sum();
    let forwarded: u64 = results[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[3].as_u64().unwrap())
        .sum();
    assert_eq!((total, forwarded), (4, 4), "{}", results[0]);
    // Pending: the failing call's request only.
    let pending: Vec<u64> = results[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[0].as_u64().unwrap())
        .collect();
    assert_eq!(pending, [2], "{}", results[1]);
    // Latency of the 4 answers (the failing one's 500 included).
    assert_eq!(results[2][0][0], 4, "{}", results[2]);
    // Call ids out of the form bodies.
    assert_eq!(
        results[3],
        serde_json::json!([[1, "n2.1.1"], [2, "failing"], [3, "n2.1.1"]])
    );
}
