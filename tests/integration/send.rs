//! `callhook send` as users run it: the real binary, sending on loopback to fake
//! apps and to `callhook listen`, each started and stopped by its test on a port
//! from binding 0. Every loop is bounded in count and time.

use std::collections::BTreeMap;
use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Scratch, callhook};
use crate::live::{App, AppRequest, Listener, body_of, requests, sha256};

/// A file of `text` in the scratch directory, by its path.
fn write(scratch: &Scratch, name: &str, text: &str) -> std::path::PathBuf {
    let path = scratch.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `callhook send ARGS`, its output and status.
fn send(args: &[&str]) -> Output {
    callhook()
        .arg("send")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok_app() -> App {
    App::start(0, |_| (200, Duration::ZERO))
}

fn url(app: &App, path: &str) -> String {
    format!("http://{}{path}", app.addr)
}

/// The JSON records of an NDJSON output.
fn records(out: &Output) -> Vec<Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The call log an app received in a form body's `myoperator`, or the JSON body.
fn log_of(r: &AppRequest) -> Value {
    let body = text(&r.body);
    if body.starts_with('{') {
        return serde_json::from_str(&body).unwrap();
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap();
    let (_, log) = pairs.iter().find(|(n, _)| n == "myoperator").unwrap();
    serde_json::from_str(log).unwrap()
}

const V1_CONFIG: &str = r#"[
  {"type": "in_call", "target_url": "https://crm.example.com/in-call.php", "method": "POST",
   "headers": ["my-super-secret-token: abc123def"], "credentials": {"username": "admin", "password": "123456"},
   "log_criteria": "call_logs",
   "query_params": [
     {"name": "caller_number", "field": "Caller number with country code"},
     {"name": "state", "field": "call_state"},
     {"name": "uid", "field": "UID"},
     {"name": "source", "field": "custom", "value": "myoperator"}]},
  {"type": "after_call", "target_url": "https://crm.example.com/after-call.php", "method": "POST",
   "headers": ["my-super-secret-token: abc123def"], "log_criteria": "call_logs"}
]"#;

const V2_CONFIG: &str = r#"[{"version": 2, "name": "CRM calls", "url": "https://crm.example.in/hooks/myoperator?team=7",
  "events": ["call.initiated", "call.dial_begin", "call.answered", "call.end", "call.summary"],
  "auth": {"type": "api_key", "in": "header", "name": "x-webhook-token", "value": "wh-7Qx9Zt31"},
  "headers": [{"name": "X-Source", "value": "myoperator"}]},
 {"version": 2, "name": "query key", "url": "https://crm.example.in/hooks/q",
  "events": ["call.end"], "auth": {"type": "api_key", "in": "query", "name": "key", "value": "k-123"}},
 {"version": 2, "name": "basic", "url": "https://crm.example.in/hooks/b",
  "events": ["call.summary"], "auth": {"type": "basic", "username": "myoperator", "password": "s3cret-pass"}}]"#;

/// Every format `decode` reads is replayed: the method, the target after --to's
/// path, the headers, and the body byte for byte (the listen log's bodies match
/// their sha256).
#[test]
fn every_capture_format_is_replayed_byte_for_byte() {
    let app = ok_app();
    let cases: [(&str, usize); 8] = [
        ("examples/listener-capture.http", 2),
        ("examples/copy-as-curl.sh", 1),
        ("examples/devtools.har", 0),
        ("examples/get-webhook.url", 0),
        ("examples/access.log", 0),
        ("examples/in-call-post.form", 1),
        ("examples/in-call-events.ndjson", 4),
        ("examples/listen.ndjson", 0),
    ];
    for (file, at_least) in cases {
        let before = app.got().len();
        let out = send(&[file, "--to", &url(&app, "/base"), "--format", "ndjson"]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", text(&out.stderr));
        let sent = records(&out).iter().filter(|r| r["send"] == "attempt").count();
        let got = app.wait_for(before + sent, Duration::from_secs(10));
        assert_eq!(got.len() - before, sent, "{file}");
        assert!(sent >= at_least.max(1), "{file}: {sent}");
        // A request to the root, and a bare call log, go to --to's path as written.
        assert!(
            got[before..]
                .iter()
                .all(|r| r.target.starts_with("/base/") || r.target == "/base" || r.target.starts_with("/base?")),
            "{file}: {:?}",
            got[before..].iter().map(|r| &r.target).collect::<Vec<_>>()
        );
    }
    // The raw HTTP capture: the form body as captured, the chunked one de-chunked.
    let before = app.got().len();
    send(&["examples/listener-capture.http", "--to", &url(&app, "/")]);
    let got = app.wait_for(before + 2, Duration::from_secs(10));
    let first = &got[before];
    assert_eq!(first.method, "POST");
    assert_eq!(first.target, "/webhook.php?caller_number=%2B919711636496&state=5");
    assert_eq!(first.header("my-super-secret-token"), Some("abc123def"));
    assert_eq!(first.header("authorization"), Some("Basic YWRtaW46MTIzNDU2"));
    assert_eq!(
        first.header("host"),
        Some(app.addr.to_string().as_str()),
        "Host is the target's"
    );
    let capture = std::fs::read_to_string("examples/listener-capture.http").unwrap();
    let body_start = capture.find("\r\n\r\n").unwrap() + 4;
    assert_eq!(text(&first.body), capture[body_start..body_start + first.body.len()]);
    assert_eq!(log_of(&got[before + 1])["call_state"], "6");
    // The listen log: every body exactly as logged.
    let log = std::path::Path::new("examples/listen.ndjson");
    let logged: Vec<String> = requests(log)
        .iter()
        .map(|r| r["sha256"].as_str().unwrap().to_owned())
        .collect();
    let before = app.got().len();
    send(&["examples/listen.ndjson", "--to", &url(&app, "/")]);
    let got = app.wait_for(before + logged.len(), Duration::from_secs(10));
    let mut sent: Vec<String> = got[before..].iter().map(|r| sha256(&r.body)).collect();
    let mut want = logged.clone();
    sent.sort();
    want.sort();
    assert_eq!(sent, want);
}

/// `--only-failed` sends what no forward delivered; `--call` one call's requests.
#[test]
fn only_failed_and_call_pick_requests() {
    // A listen log whose app rejected the state-5 events (400: final, no retry).
    let scratch = Scratch::new("send-only-failed");
    let log = scratch.path().join("calls.ndjson");
    let rejecting = App::start(0, |r: &AppRequest| {
        (
            if r.body.windows(9).any(|w| w == b"%225%22%2") {
                400
            } else {
                200
            },
            Duration::ZERO,
        )
    });
    let listener = Listener::start(&log, &["--forward-to", &url(&rejecting, "/")]);
    let out = send(&[
        "examples/in-call-events.ndjson",
        "examples/calls.ndjson",
        "--to",
        &format!("http://{}/", listener.addr),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let logged = requests(&log).len();
    rejecting.wait_for(logged, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(300));
    listener.interrupt();
    let lines = crate::live::log_lines(&log);
    let delivered: Vec<u64> = lines
        .iter()
        .filter(|l| l["kind"] == "attempt" && l["outcome"] == "delivered")
        .map(|l| l["request"].as_u64().unwrap())
        .collect();
    let failed: Vec<String> = lines
        .iter()
        .filter(|l| l["kind"] == "request" && !delivered.contains(&l["n"].as_u64().unwrap()))
        .map(|l| sha256(&body_of(l)))
        .collect();
    assert!(
        !failed.is_empty() && failed.len() < logged,
        "{} of {logged}",
        failed.len()
    );
    let app = ok_app();
    let out = send(&[log.to_str().unwrap(), "--only-failed", "--to", &url(&app, "/")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = app.wait_for(failed.len(), Duration::from_secs(10));
    let mut sent: Vec<String> = got.iter().map(|r| sha256(&r.body)).collect();
    let mut want = failed;
    sent.sort();
    want.sort();
    assert_eq!(sent, want);
    assert!(got.iter().all(|r| log_of(r)["call_state"] == "5"));

    let app = ok_app();
    let out = send(&[
        "examples/calls.ndjson",
        "--call",
        "n2.1596270949.2175190",
        "--format",
        "ndjson",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let attempts: Vec<Value> = records(&out).into_iter().filter(|r| r["send"] == "attempt").collect();
    assert!(!attempts.is_empty());
    assert!(
        attempts.iter().all(|a| a["call"] == "n2.1596270949.2175190"),
        "{attempts:?}"
    );
    let out = send(&["examples/calls.ndjson", "--call", "nope.1.1", "--to", &url(&app, "/")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("none of the"), "{}", text(&out.stderr));
    let out = send(&["examples/get-webhook.url", "--only-failed", "--to", &url(&app, "/")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a request of a `callhook listen` log"),
        "{}",
        text(&out.stderr)
    );
}

/// `--set` edits go out in each request's own transport: the form field, the JSON
/// body, the query string of a GET.
#[test]
fn edits_are_made_in_the_request_s_own_transport() {
    let app = ok_app();
    let out = send(&[
        "examples/after-call.json",
        "--set",
        "_ld[0]._ds=NOANSWER",
        "--set",
        "status=2",
        "--set",
        "_pm[ui]=n9.1596270949.1",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = app.wait_for(1, Duration::from_secs(10));
    assert!(text(&got[0].body).starts_with("myoperator="));
    let log = log_of(&got[0]);
    assert_eq!(log["_ld"][0]["_ds"], "NOANSWER");
    assert_eq!(log["_su"], 2);
    assert_eq!(log["_pm"][0]["vl"], "n9.1596270949.1");
    assert_eq!(log["_cr"], "9711636496", "the rest is as it was");

    let app = ok_app();
    let out = send(&[
        "examples/get-webhook.url",
        "--set",
        "call_state=6",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = app.wait_for(1, Duration::from_secs(10));
    let original = std::fs::read_to_string("examples/get-webhook.url").unwrap();
    let original_query = original.trim().split_once('?').unwrap().1;
    let (_, query) = got[0].target.split_once('?').unwrap();
    let state = |q: &str| q.split('&').find(|p| p.starts_with("call_state=")).map(str::to_owned);
    assert_eq!(state(query).as_deref(), Some("call_state=6"));
    let others = |q: &str| {
        q.split('&')
            .filter(|p| !p.starts_with("call_state="))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        others(query),
        others(original_query),
        "the other parameters keep their bytes"
    );

    let app = ok_app();
    let out = send(&[
        "examples/listener-capture.http",
        "--set",
        "call_state=9",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = app.wait_for(2, Duration::from_secs(10));
    assert_eq!(log_of(&got[0])["call_state"], "9");
    assert_eq!(log_of(&got[1])["call_state"], "9", "the JSON body too");
    assert_eq!(got[1].header("content-type"), Some("application/json"));
}

/// Every way a `--set` can be wrong stops the run before anything is sent, with
/// the path, where, and what to do.
#[test]
fn every_set_error_stops_the_run_before_anything_is_sent() {
    let app = ok_app();
    let to = url(&app, "/");
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "examples/in-call-events.ndjson",
            &["call_state"],
            &["--set call_state: expected PATH=VALUE", "help:"],
        ),
        ("examples/in-call-events.ndjson", &["call_state:=six"], &["is not JSON"]),
        ("examples/in-call-events.ndjson", &["_ld[0=x"], &["`[` without `]`"]),
        (
            "examples/in-call-events.ndjson",
            &["_ld[]._ds=x"],
            &["name one element"],
        ),
        (
            "examples/in-call-events.ndjson",
            &["call_stat=6"],
            &["no request has `call_stat`", "did you mean `call_state`?"],
        ),
        (
            "examples/in-call-events.ndjson",
            &["call_state=six"],
            &[
                "`call_state` is a code field: expected an integer code",
                "examples/in-call-events.ndjson:1",
            ],
        ),
        (
            "examples/in-call-events.ndjson",
            &["call_state=8"],
            &[
                "`8` is not a documented `call_state` code (the documented codes are 1-7, 9)",
                "--set call_state:=\"8\"",
            ],
        ),
        (
            "examples/in-call-events.ndjson",
            &["clid=not-a-number"],
            &["phone-number field"],
        ),
        (
            "examples/in-call-events.ndjson",
            &["created=yesterday"],
            &["date-time field"],
        ),
        (
            "examples/after-call.json",
            &["_su=connected"],
            &["`_su` is sent as a number (1)"],
        ),
        ("examples/after-call.json", &["_ld=none"], &["`_ld` is a list", "_ld:="]),
        (
            "examples/after-call.json",
            &["_ld[4]._ds=BUSY"],
            &["no request has `_ld[4]._ds`", "did you mean"],
        ),
        (
            "examples/after-call.json",
            &["_pm[zz]=1"],
            &["no request has `_pm[zz]`"],
        ),
        (
            "examples/listener-capture.http",
            &["call_state=6", "zzzz=1", "clid=x"],
            &[
                "no request has `zzzz`",
                "`clid` is a phone-number field",
                "nothing was sent",
            ],
        ),
    ];
    for (file, sets, expected) in cases {
        let mut args: Vec<&str> = vec![file, "--to", &to];
        for s in *sets {
            args.extend(["--set", s]);
        }
        let out = send(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{sets:?}: {stderr}");
        for e in *expected {
            assert!(stderr.contains(e), "{sets:?}: wanted {e:?} in\n{stderr}");
        }
        assert!(out.stdout.is_empty(), "{sets:?}");
    }
    // A body with no call log at all.
    let scratch = Scratch::new("send-no-log");
    let plain = scratch.path().join("plain.http");
    std::fs::write(
        &plain,
        "POST /x HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
    )
    .unwrap();
    let out = send(&[plain.to_str().unwrap(), "--set", "call_state=6", "--to", &to]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no request carries a call log"),
        "{}",
        text(&out.stderr)
    );
    // A flow file's values are checked the same way.
    let flow = scratch.path().join("flow.toml");
    std::fs::write(
        &flow,
        "type = \"incoming\"\nsteps = [{ state = 1 }, { state = 2 }]\n[in_call]\ncall_stat = \"6\"\n",
    )
    .unwrap();
    let config = write(&scratch, "webhook.json", V1_CONFIG);
    let out = send(&[
        "--config",
        config.to_str().unwrap(),
        "--flow",
        flow.to_str().unwrap(),
        "--to",
        &to,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `call_state`?"),
        "{}",
        text(&out.stderr)
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(app.got().is_empty(), "nothing was sent");
}

/// `--retries` re-sends a request the app fails, at the chosen schedule scaled by
/// `--time-scale`; a timeout counts as a failure.
#[test]
fn retries_come_at_the_scaled_schedule() {
    // Fails the first two tries of each request: 3x30s at 1/100 is 300 ms apart.
    let tries = std::sync::Arc::new(std::sync::Mutex::new(0));
    let counter = tries.clone();
    let app = App::start(0, move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        (if *n <= 2 { 503 } else { 200 }, Duration::ZERO)
    });
    let out = send(&[
        "examples/in-call-post.form",
        "--retries",
        "3x30s",
        "--time-scale",
        "0.01",
        "--format",
        "ndjson",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = app.wait_for(3, Duration::from_secs(10));
    assert_eq!(got.len(), 3);
    for pair in got.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(290) && gap < Duration::from_millis(1500),
            "{gap:?}"
        );
    }
    let attempts: Vec<Value> = records(&out).into_iter().filter(|r| r["send"] == "attempt").collect();
    let statuses: Vec<u64> = attempts.iter().map(|a| a["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [503, 503, 200]);
    assert_eq!(attempts[0]["retry_in_ms"], 300);
    assert_eq!(attempts[2]["final"], true);
    assert!(attempts.iter().all(|a| a["attempts"] == 4));

    // exponential at 1/1000: 30, 60, 120, 240 ms... (19 attempts would take 80 s:
    // stopped with SIGTERM after six, it says what it did not send).
    let app = App::start(0, |_| (500, Duration::ZERO));
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_callhook"))
        .args([
            "send",
            "examples/in-call-post.form",
            "--retries",
            "exponential",
            "--time-scale",
            "0.001",
        ])
        .args(["--to", &url(&app, "/")])
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let got = app.wait_for(6, Duration::from_secs(20));
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let gaps: Vec<Duration> = got.windows(2).map(|p| p[1].at - p[0].at).collect();
    for (i, want_ms) in [30u64, 60, 120, 240, 480].into_iter().enumerate() {
        let gap = gaps[i].as_millis() as u64;
        assert!(
            gap >= want_ms - 5 && gap < want_ms + 200,
            "gap {i}: {gap} ms, wanted {want_ms}"
        );
    }
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("try 2/26") && stdout.contains("(retry in 30 ms)"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("1 not sent"), "{}", text(&out.stderr));

    // once-3s, and an app slower than --timeout: one retry, both timed out.
    let app = App::start(0, |_| (200, Duration::from_millis(600)));
    let out = send(&[
        "examples/in-call-post.form",
        "--retries",
        "once-3s",
        "--time-scale",
        "0.1",
        "--timeout",
        "200ms",
        "--format",
        "ndjson",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let attempts: Vec<Value> = records(&out).into_iter().filter(|r| r["send"] == "attempt").collect();
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|a| a["error"].as_str().unwrap().contains("no answer within 200 ms")),
        "{attempts:?}"
    );
    let got = app.wait_for(2, Duration::from_secs(5));
    assert!(
        got[1].at - got[0].at >= Duration::from_millis(290),
        "3 s at 1/10 after the failure"
    );

    // none: one try only.
    let app = App::start(0, |_| (500, Duration::ZERO));
    let out = send(&["examples/in-call-post.form", "--to", &url(&app, "/")]);
    assert_eq!(out.status.code(), Some(1));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(app.got().len(), 1);
}

/// How many anomalies of each id each call has.
type Anomalies = BTreeMap<(String, String), usize>;

/// What `send` said it planted, and what `timeline` found.
fn planted_and_found(send_out: &Output, timeline: &Value) -> (Anomalies, Anomalies) {
    let mut planted = BTreeMap::new();
    for r in records(send_out).iter().filter(|r| r["send"] == "planted") {
        let key = (
            r["anomaly"].as_str().unwrap().to_owned(),
            r["call"].as_str().unwrap().to_owned(),
        );
        *planted.entry(key).or_insert(0) += 1;
    }
    let mut found = BTreeMap::new();
    for call in timeline["calls"].as_array().unwrap() {
        for a in call["anomalies"].as_array().unwrap() {
            let key = (
                a["id"].as_str().unwrap().to_owned(),
                call["uid"].as_str().unwrap().to_owned(),
            );
            *found.entry(key).or_insert(0) += 1;
        }
    }
    (planted, found)
}

/// The proof of point 8, for a v1 configuration: the simulated calls, with planted
/// disorder and duplicates, into `callhook listen`; `timeline` on its log finds
/// exactly what was planted, and `decode --config` shows the configured
/// parameters, headers and credentials on every request.
#[test]
fn simulated_calls_into_listen_give_exactly_the_planted_anomalies() {
    let scratch = Scratch::new("send-into-listen");
    let config = write(&scratch, "webhook.json", V1_CONFIG);
    for (flow, seed) in [
        ("agent-hunt", "11"),
        ("answered-incoming", "12"),
        ("obd-not-answered", "13"),
    ] {
        let log = scratch.path().join(format!("{flow}.ndjson"));
        let listener = Listener::start(&log, &[]);
        let to = format!("http://{}/", listener.addr);
        let out = send(&[
            "--config",
            config.to_str().unwrap(),
            "--flow",
            flow,
            "--calls",
            "4",
            "--seed",
            seed,
            "--disorder",
            "--duplicate",
            "0.25",
            "--format",
            "ndjson",
            "--to",
            &to,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let sent = records(&out).iter().filter(|r| r["send"] == "attempt").count();
        let stopped = listener.interrupt();
        assert_eq!(stopped.code, Some(0));
        assert_eq!(requests(&log).len(), sent);
        let timeline = callhook()
            .args(["timeline", "--format", "json"])
            .arg(&log)
            .output()
            .unwrap();
        let timeline: Value = serde_json::from_slice(&timeline.stdout).unwrap();
        assert_eq!(timeline["calls"].as_array().unwrap().len(), 4, "{flow}");
        let (planted, found) = planted_and_found(&out, &timeline);
        assert!(
            planted.keys().any(|(id, _)| id == "out-of-order-delivery"),
            "{flow}: {planted:?}"
        );
        assert_eq!(
            found, planted,
            "{flow}: timeline found what was planted, and nothing else"
        );

        let decoded = callhook()
            .args(["decode", "--format", "ndjson", "--show-secrets", "--config"])
            .arg(&config)
            .arg(&log)
            .output()
            .unwrap();
        assert_eq!(decoded.status.code(), Some(0), "{}", text(&decoded.stderr));
        let decoded: Vec<Value> = text(&decoded.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(decoded.len(), sent);
        for r in &decoded {
            let ids: Vec<&str> = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["id"].as_str())
                .collect();
            assert!(ids.iter().all(|id| !id.starts_with("config-")), "{ids:?}");
            let request = &r["request"];
            let header = |name: &str| {
                request["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|h| h["name"].as_str().unwrap().eq_ignore_ascii_case(name))
                    .map(|h| h["value"].clone())
            };
            assert_eq!(header("my-super-secret-token"), Some(Value::from("abc123def")));
            let url = request["url"].as_str().unwrap();
            if url.starts_with("/in-call.php") {
                assert_eq!(request["credentials"]["username"], "admin");
                let names: Vec<&str> = request["query"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["name"].as_str().unwrap())
                    .collect();
                assert_eq!(names, ["caller_number", "state", "uid", "source"]);
            } else {
                assert!(url.starts_with("/after-call.php"), "{url}");
            }
        }
    }
}

/// The same proof for a v2 configuration: duplicates share an `event_id`, order is
/// by `event_sequence`.
#[test]
fn simulated_v2_events_into_listen_give_exactly_the_planted_anomalies() {
    let scratch = Scratch::new("send-v2-into-listen");
    let config = write(&scratch, "webhook-v2.json", V2_CONFIG);
    let log = scratch.path().join("v2.ndjson");
    let listener = Listener::start(&log, &[]);
    let to = format!("http://{}/", listener.addr);
    let out = send(&[
        "--config",
        config.to_str().unwrap(),
        "--flow",
        "agent-hunt",
        "--calls",
        "3",
        "--seed",
        "21",
        "--disorder",
        "--duplicate",
        "0.3",
        "--format",
        "ndjson",
        "--to",
        &to,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    listener.interrupt();
    let timeline = callhook()
        .args(["timeline", "--format", "json"])
        .arg(&log)
        .output()
        .unwrap();
    let timeline: Value = serde_json::from_slice(&timeline.stdout).unwrap();
    let (planted, found) = planted_and_found(&out, &timeline);
    assert!(!planted.is_empty());
    assert_eq!(found, planted);
}

/// v2 requests: each subscribed event as the 12-field envelope, in order within the
/// session, with the configured header, API key (header or query) or Basic
/// credentials.
#[test]
fn v2_events_carry_the_envelope_and_the_configured_auth() {
    let scratch = Scratch::new("send-v2");
    let config = write(&scratch, "webhook-v2.json", V2_CONFIG);
    let app = ok_app();
    let out = send(&[
        "--config",
        config.to_str().unwrap(),
        "--flow",
        "agent-hunt",
        "--seed",
        "4",
        "--to",
        &url(&app, "/app"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // 5 call.* events for the first webhook (dial_begin twice), one each for the others.
    let got = app.wait_for(8, Duration::from_secs(10));
    assert_eq!(got.len(), 8);
    let first: Vec<&AppRequest> = got
        .iter()
        .filter(|r| r.target.starts_with("/app/hooks/myoperator"))
        .collect();
    let types: Vec<String> = first
        .iter()
        .map(|r| log_of(r)["event_type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        types,
        [
            "call.initiated",
            "call.dial_begin",
            "call.dial_begin",
            "call.answered",
            "call.end",
            "call.summary"
        ]
    );
    let envelopes: Vec<Value> = first.iter().map(|r| log_of(r)).collect();
    let keys: Vec<&str> = envelopes[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "event_id",
            "company_id",
            "event_type",
            "event_sequence",
            "event_version",
            "timestamp",
            "channel",
            "direction",
            "session_id",
            "system_identifier",
            "customer_identifier",
            "payload"
        ]
    );
    let sequences: Vec<u64> = envelopes
        .iter()
        .map(|e| e["event_sequence"].as_u64().unwrap())
        .collect();
    assert_eq!(sequences, [1, 2, 3, 4, 5, 6]);
    assert!(envelopes.iter().all(|e| e["session_id"] == envelopes[0]["session_id"]));
    let session = envelopes[0]["session_id"].as_str().unwrap();
    assert_eq!(session.split('.').count(), 3, "<host>.<epoch>.<seq>: {session}");
    assert_eq!(envelopes[4]["payload"]["status"], "bridged");
    assert_eq!(
        envelopes[5]["system_identifier"], "",
        "empty on call.summary, as the sample"
    );
    let legs = envelopes[5]["payload"]["legs"].as_array().unwrap();
    assert_eq!(legs.len(), 3);
    assert_eq!(legs[1]["dial_status"], "BUSY");
    assert_eq!(legs[2]["result"], "answered");
    assert!(legs[2]["agent"]["name"].is_string(), "agents are named on call.summary");
    assert!(
        first
            .iter()
            .all(|r| r.header("x-webhook-token") == Some("wh-7Qx9Zt31") && r.header("x-source") == Some("myoperator"))
    );
    assert!(first[0].target.starts_with("/app/hooks/myoperator?team=7"));
    let query = got.iter().find(|r| r.target.starts_with("/app/hooks/q")).unwrap();
    assert_eq!(query.target, "/app/hooks/q?key=k-123");
    assert_eq!(log_of(query)["event_type"], "call.end");
    let basic = got.iter().find(|r| r.target.starts_with("/app/hooks/b")).unwrap();
    assert_eq!(
        basic.header("authorization"),
        Some("Basic bXlvcGVyYXRvcjpzM2NyZXQtcGFzcw==")
    );
    // A WhatsApp-only webhook gets nothing, and says so.
    let out = send(&[
        "--config",
        "examples/webhook-v2.json",
        "--seed",
        "4",
        "--to",
        &url(&app, "/"),
    ]);
    assert!(
        text(&out.stderr).contains("WhatsApp events only"),
        "{}",
        text(&out.stderr)
    );
}

/// The dry run writes what `decode` reads back, as raw HTTP or curl; the same seed
/// gives the same bytes; secrets are redacted unless --show-secrets.
#[test]
fn a_dry_run_writes_what_decode_reads_back() {
    let scratch = Scratch::new("send-dry-run");
    let config = write(&scratch, "webhook.json", V1_CONFIG);
    let c = config.to_str().unwrap();
    let http = send(&["--config", c, "--flow", "agent-hunt", "--seed", "9", "--dry-run"]);
    assert_eq!(http.status.code(), Some(0), "{}", text(&http.stderr));
    assert_eq!(
        http.stdout,
        send(&["--config", c, "--flow", "agent-hunt", "--seed", "9", "--dry-run"]).stdout
    );
    assert_ne!(
        http.stdout,
        send(&["--config", c, "--flow", "agent-hunt", "--seed", "10", "--dry-run"]).stdout
    );
    let shown = text(&http.stdout);
    assert!(
        shown.contains("my-super-secret-token: <redacted>") && !shown.contains("abc123def"),
        "{shown}"
    );
    assert!(text(&http.stderr).contains("--show-secrets"));
    assert!(text(&http.stderr).contains("MyOperator retired v1 webhooks on 31 July 2026"));
    for format in ["http", "curl"] {
        let out = send(&[
            "--config",
            c,
            "--flow",
            "agent-hunt",
            "--seed",
            "9",
            "--dry-run",
            "--show-secrets",
            "--format",
            format,
        ]);
        let file = scratch.path().join(format!("requests.{format}"));
        std::fs::write(&file, &out.stdout).unwrap();
        let decoded = callhook()
            .args(["decode", "--format", "ndjson", "--show-secrets", "--config", c])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(decoded.status.code(), Some(0), "{format}: {}", text(&decoded.stderr));
        let records: Vec<Value> = text(&decoded.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), 6, "{format}: five states and the After-Call log");
        let states: Vec<String> = records
            .iter()
            .filter_map(|r| {
                r["payload"]["fields"]
                    .as_array()?
                    .iter()
                    .find(|f| f["path"] == "call_state")
                    .map(|f| f["value"].as_str().unwrap().to_owned())
            })
            .collect();
        assert_eq!(states, ["1", "5", "5", "6", "2"], "{format}");
        assert!(
            records.iter().all(|r| r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["severity"] != "warning" && f["severity"] != "error")),
            "{format}: {records:?}"
        );
    }
    let curl = text(
        &send(&[
            "--config",
            c,
            "--seed",
            "9",
            "--dry-run",
            "--format",
            "curl",
            "--to",
            "http://127.0.0.1:9/base",
        ])
        .stdout,
    );
    assert!(
        curl.starts_with("curl -X POST 'http://127.0.0.1:9/base/in-call.php?caller_number=%2B91"),
        "{curl}"
    );
    // Without a terminal, no progress bar and no escape sequences on stderr.
    assert!(!text(&http.stderr).contains('\u{1b}'));
}

/// The report: a line per request, the summary's counts and percentiles, NDJSON
/// records, exit 1 when a request ends without a 2xx, --show-response.
#[test]
fn the_report_counts_every_request() {
    let app = App::start(0, |r: &AppRequest| {
        (
            if r.body.windows(8).any(|w| w == b"%222%22%") {
                500
            } else {
                200
            },
            Duration::ZERO,
        )
    });
    let out = send(&[
        "examples/in-call-events.ndjson",
        "--show-response",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(1), "the state-2 event got a 500");
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines.iter().all(|l| l.contains("n2.1596270949.2175190")));
    assert!(
        lines[3].contains("state 2") && lines[3].contains("500") && lines[3].contains("\"app says 500\""),
        "{}",
        lines[3]
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("3 delivered (2xx), 1 failed"), "{stderr}");
    assert!(stderr.contains("200 ×3, 500 ×1"), "{stderr}");
    assert!(stderr.contains("p50") && stderr.contains("p99.9"), "{stderr}");

    let out = send(&[
        "examples/in-call-events.ndjson",
        "--format",
        "ndjson",
        "--to",
        &url(&app, "/"),
    ]);
    let all = records(&out);
    assert_eq!(all[0]["send"], "plan");
    assert_eq!(all.iter().filter(|r| r["send"] == "attempt").count(), 4);
    let summary = all.last().unwrap();
    assert_eq!(summary["send"], "summary");
    assert_eq!(summary["by_status"]["500"], 1);
    assert_eq!(
        (summary["delivered"].as_u64(), summary["failed"].as_u64()),
        (Some(3), Some(1))
    );
    for p in ["p50", "p90", "p99", "p99.9", "max"] {
        assert!(summary["latency_ms"][p].as_f64().unwrap() > 0.0, "{p}");
    }
    assert!(!summary["per_second"].as_array().unwrap().is_empty());
    let out = send(&["examples/in-call-events.ndjson", "--quiet", "--to", &url(&app, "/")]);
    assert!(out.stdout.is_empty());
}

/// `--calls N --rate R`: an open loop, each request due at its place in the
/// schedule, and latency counted from then: against an app that takes 40 ms a
/// request one at a time, the wait shows in the latency.
#[test]
fn an_open_loop_counts_latency_from_when_each_request_was_due() {
    let scratch = Scratch::new("send-load");
    let config = write(&scratch, "webhook.json", V1_CONFIG);
    let c = config.to_str().unwrap();
    let fast = ok_app();
    let out = send(&[
        "--config",
        c,
        "--calls",
        "50",
        "--rate",
        "400/s",
        "--seed",
        "1",
        "--quiet",
        "--format",
        "ndjson",
        "--to",
        &url(&fast, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary = records(&out).pop().unwrap();
    assert_eq!(summary["attempts"], 250);
    // 250 requests in text, but output is piped: no progress bar.
    let out = send(&["--config", c, "--calls", "50", "--quiet", "--to", &url(&fast, "/")]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("250 delivered (2xx)"), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('█') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    let elapsed = summary["elapsed_s"].as_f64().unwrap();
    assert!(
        (0.55..3.0).contains(&elapsed),
        "250 requests at 400/s take about 0.62 s, not {elapsed}"
    );
    assert!(!summary["per_second"].as_array().unwrap().is_empty());

    let slow = App::start(0, |_| (200, Duration::from_millis(40)));
    let out = send(&[
        "--config",
        c,
        "--calls",
        "10",
        "--rate",
        "100/s",
        "--concurrency",
        "1",
        "--seed",
        "1",
        "--format",
        "ndjson",
        "--to",
        &url(&slow, "/"),
    ]);
    let attempts: Vec<Value> = records(&out).into_iter().filter(|r| r["send"] == "attempt").collect();
    assert_eq!(attempts.len(), 50);
    let last = attempts
        .iter()
        .max_by(|a, b| a["latency_ms"].as_f64().partial_cmp(&b["latency_ms"].as_f64()).unwrap())
        .unwrap();
    let (latency, service) = (
        last["latency_ms"].as_f64().unwrap(),
        last["service_ms"].as_f64().unwrap(),
    );
    assert!(
        service < 200.0 && latency > 500.0,
        "queueing shows: latency {latency} ms, service {service} ms"
    );
}

/// `--preserve-timing` keeps the flow's gaps, divided by `--speed`.
#[test]
fn preserve_timing_keeps_the_gaps() {
    let scratch = Scratch::new("send-timing");
    let config = write(&scratch, "webhook.json", V1_CONFIG);
    let app = ok_app();
    // answered-incoming: states at 0, 2, 6 and 45 s; at 50x, 40, 80 and 780 ms apart.
    let out = send(&[
        "--config",
        config.to_str().unwrap(),
        "--seed",
        "1",
        "--preserve-timing",
        "--speed",
        "50x",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = app.wait_for(5, Duration::from_secs(10));
    let in_call: Vec<&AppRequest> = got.iter().filter(|r| r.target.starts_with("/in-call.php")).collect();
    let gaps: Vec<u128> = in_call.windows(2).map(|p| (p[1].at - p[0].at).as_millis()).collect();
    assert_eq!(gaps.len(), 3, "{gaps:?}");
    // The schedule is kept from the start, so a first request that leaves late (the
    // process and its first connection starting on a busy machine) shortens the gaps
    // after it until the schedule is caught up, and no request leaves later than it
    // is due: each is bounded above from the first one, and the last gap, 780 ms
    // after a request due 120 ms in, both ways.
    let mut since_first = 0;
    for (gap, due) in gaps.iter().zip([40u128, 120, 900]) {
        since_first += gap;
        assert!(since_first < due + 150, "{gaps:?}");
    }
    assert!(gaps[2] + 25 >= 780, "{gaps:?}");
    let out = send(&[
        "examples/in-call-post.form",
        "--preserve-timing",
        "--to",
        &url(&app, "/"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("has none (HAR, access logs and the `listen` log have them)"),
        "{}",
        text(&out.stderr)
    );
}

/// Mistakes in the arguments, the configuration or the flow stop the run with what
/// to do.
#[test]
fn bad_arguments_say_what_to_do() {
    let scratch = Scratch::new("send-bad");
    let config = write(&scratch, "webhook.json", V1_CONFIG);
    let c = config.to_str().unwrap();
    let broken = "examples/webhook-broken.json";
    let xml = scratch.path().join("xml.json");
    std::fs::write(
        &xml,
        r#"{"target_url": "https://x.example/h", "method": "POST", "format": "xml", "log_criteria": "call_logs"}"#,
    )
    .unwrap();
    let bad_flow = scratch.path().join("bad.toml");
    std::fs::write(&bad_flow, "type = \"incoming\"\nsteps = [{ state = 7 }]\n").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["examples/in-call-post.form"], "name where to send with --to"),
        (
            &["examples/in-call-post.form", "--to", "https://x.example/"],
            "use http://",
        ),
        (
            &["examples/in-call-post.form", "--to", "/x"],
            "must be an absolute http URL",
        ),
        (
            &["examples/in-call-post.form", "--to", "http://127.0.0.1:/"],
            "name a port from 1 to 65535",
        ),
        (
            &[
                "examples/in-call-post.form",
                "--format",
                "curl",
                "--to",
                "http://127.0.0.1:9/",
            ],
            "add --dry-run",
        ),
        (
            &["--config", c, "--flow", "answered-inbound", "--dry-run"],
            "did you mean `answered-incoming`?",
        ),
        (
            &["--config", c, "--flow", bad_flow.to_str().unwrap(), "--dry-run"],
            "steps[0]: state 7 (client rejected the call) belongs to click to call calls",
        ),
        (
            &["--config", c, "--flow", "missing.toml", "--dry-run"],
            "cannot read the flow file missing.toml",
        ),
        (&["--config", c, "--calls", "0", "--dry-run"], "--calls 0"),
        (&["--config", broken, "--dry-run"], "has errors"),
        (&["--config", xml.to_str().unwrap(), "--dry-run"], "`format: xml`"),
        (&["--config", c, "--duplicate", "2", "--dry-run"], "a share from 0 to 1"),
        (&["--config", c, "--rate", "fast", "--dry-run"], "a rate such as `50/s`"),
    ];
    for (args, expected) in cases {
        let out = send(args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: wanted {expected:?} in\n{stderr}");
    }
}

/// `--only-failed` on a log whose every request was delivered: nothing to send, and
/// nothing wrong; on a capture that is not a `listen` log, one error with the count.
#[test]
fn only_failed_with_nothing_failed_is_success_and_a_wrong_capture_is_said_once() {
    let app = ok_app();
    let out = send(&["examples/listen.ndjson", "--only-failed", "--to", &url(&app, "/")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "callhook: nothing to send: none of the 15 requests read failed to be forwarded\n"
    );
    assert!(out.stdout.is_empty());
    assert!(app.got().is_empty());

    let out = send(&["examples/calls.ndjson", "--only-failed", "--to", &url(&app, "/")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: --only-failed: examples/calls.ndjson:1 is a JSON call log, not a request of a `callhook listen` log; so are 11 more records\n  \
         help: --only-failed reads the forward attempts a `callhook listen` log keeps; replay other captures without it\n"
    );
}

/// An agent's number in a flow file is written as the caller's is, whatever its
/// spelling: one `+` in v2 legs and in `_nr`, bare digits in v1 `users` (as the
/// In-Call sample has them).
#[test]
fn flow_agent_numbers_are_normalised_like_the_caller() {
    let flow = "examples/flow.toml";
    let v2 = send(&["--config", "examples/webhook-v2.json", "--flow", flow, "--dry-run"]);
    assert_eq!(v2.status.code(), Some(0), "{}", text(&v2.stderr));
    let body = text(&v2.stdout);
    assert!(body.contains(r#""phone_number":"+918586848544""#), "{body}");
    assert!(!body.contains("++"), "{body}");
    let v1 = send(&["--config", "examples/webhook.json", "--flow", flow, "--dry-run"]);
    assert_eq!(v1.status.code(), Some(0), "{}", text(&v1.stderr));
    let body = text(&v1.stdout);
    // `"users":["918586848544","919873641288"]`, form-encoded.
    assert!(
        body.contains("users%22%3A%5B%22918586848544%22%2C%22919873641288%22%5D"),
        "{body}"
    );
    assert!(
        !body.contains("%2B%2B") && !body.contains("users%22%3A%5B%22%2B"),
        "{body}"
    );
}

/// A capture whose records fail: the first 10 shown, one line for the rest, nothing
/// sent.
#[test]
fn failed_records_of_a_capture_are_shown_ten_then_counted() {
    let scratch = Scratch::new("send-junk");
    let junk = scratch.path().join("junk.txt");
    std::fs::write(&junk, (1..=14).map(|i| format!("junk line {i}\n")).collect::<String>()).unwrap();
    let junk = junk.to_str().unwrap();
    let out = send(&[junk, "--to", "http://127.0.0.1:9/"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": record ")).count(),
        10,
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("error: 4 more records of {junk} failed (10 of 14 shown)")),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("error: 14 records could not be read; nothing was sent\n"),
        "{stderr}"
    );
}

/// A v2 dry run shows each event's `session_id` (the call's id, which `decode` shows
/// too) while the API key stays redacted: a secret word in a name MyOperator uses
/// for no secret hides nothing.
#[test]
fn a_v2_dry_run_shows_the_session_id_and_hides_the_key() {
    let out = send(&[
        "--config",
        "examples/webhook-v2.json",
        "--flow",
        "examples/flow.toml",
        "--seed",
        "3",
        "--dry-run",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let sessions = shown.matches("\"session_id\":\"").count();
    assert!(sessions >= 3, "{shown}");
    assert!(!shown.contains("\"session_id\":\"<redacted>\""), "{shown}");
    assert!(shown.contains("x-webhook-token: <redacted>"), "{shown}");
}

/// What the example v2 configuration would send for the example flow is a clean call
/// to `timeline --check`: that configuration does not subscribe to `call.dial_begin`,
/// so its `call.answered` without one is no lost event.
#[test]
fn the_example_v2_configurations_call_passes_timeline_check() {
    let scratch = Scratch::new("send-v2-check");
    let out = send(&[
        "--config",
        "examples/webhook-v2.json",
        "--flow",
        "examples/flow.toml",
        "--dry-run",
        "--show-secrets",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("call.answered"));
    let file = scratch.path().join("sent.http");
    std::fs::write(&file, &out.stdout).unwrap();
    let checked = callhook().args(["timeline", "--check"]).arg(&file).output().unwrap();
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    assert!(
        text(&checked.stdout).contains("no anomalies"),
        "{}",
        text(&checked.stdout)
    );
}
