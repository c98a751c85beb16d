//! `callhook timeline`: every anomaly triggered and not triggered, each call type,
//! the ordering rules, filters and exit statuses.

use serde_json::{Value, json};

use crate::harness::callhook;

/// An In-Call event of call `uid` at `08:MM:SS` (`time` is `MM:SS`).
fn event(uid: &str, state: &str, time: &str) -> Value {
    json!({
        "uid": uid, "company_id": "5cd40f6554442586", "clid_raw": "919711636496",
        "call_state": state, "event": "1", "users": ["918586848544"],
        "created": format!("2020-08-01 08:{time}"), "call_time": format!("2020-08-01 08:{time}"),
    })
}

fn lines(events: &[Value]) -> String {
    events.iter().flat_map(|e| [e.to_string(), "\n".to_owned()]).collect()
}

/// The calls of `--format json`, from `input` in arrival order.
fn calls(input: &str, extra: &[&str]) -> Vec<Value> {
    let out = callhook()
        .args(["timeline", "--format", "json"])
        .args(extra)
        .write_stdin(input)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["calls"].as_array().unwrap().clone()
}

fn anomaly_ids(call: &Value) -> Vec<String> {
    call["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

fn states(call: &Value) -> Vec<i64> {
    call["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["state"].as_i64())
        .collect()
}

const U: &str = "n2.1596270949.2175190";

fn clean_call() -> Vec<Value> {
    vec![
        event(U, "1", "35:49"),
        event(U, "5", "35:51"),
        event(U, "6", "35:53"),
        event(U, "2", "36:28"),
    ]
}

#[test]
fn a_clean_call_has_no_anomaly() {
    let calls = calls(&lines(&clean_call()), &[]);
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(anomaly_ids(call), Vec::<String>::new());
    assert_eq!(call["path"], "1 > 5 > 6 > 2");
    assert_eq!(call["type"], "incoming");
    assert_eq!(call["outcome"], "answered");
    assert_eq!(call["duration_seconds"], 39);
    assert_eq!(call["time_to_answer_seconds"], 4);
    assert_eq!(call["events"][3]["offset_seconds"], 39);
    callhook()
        .args(["timeline", "--check"])
        .write_stdin(lines(&clean_call()))
        .assert()
        .code(0);
}

#[test]
fn each_anomaly_is_found_and_placed_on_its_event() {
    let mut out_of_order = clean_call();
    out_of_order.swap(1, 2);
    let mut duplicate = clean_call();
    duplicate.insert(2, event(U, "5", "35:51"));
    let mut changed = clean_call();
    changed[2]["clid_raw"] = json!("919811122233");
    let mut company = clean_call();
    company[3]["company_id"] = json!("aaaaaaaaaaaaaaaa");
    let cases: Vec<(&str, Vec<Value>, Option<usize>)> = vec![
        ("out-of-order-delivery", out_of_order, Some(2)),
        (
            "after-end",
            vec![
                event(U, "1", "35:49"),
                event(U, "5", "35:51"),
                event(U, "2", "35:52"),
                event(U, "6", "35:53"),
            ],
            Some(4),
        ),
        (
            "phase-regression",
            vec![
                event(U, "1", "35:49"),
                event(U, "5", "35:51"),
                event(U, "6", "35:53"),
                event(U, "5", "35:55"),
                event(U, "2", "36:28"),
            ],
            Some(4),
        ),
        ("duplicate-delivery", duplicate, Some(3)),
        ("missing-start", clean_call()[1..].to_vec(), None),
        ("missing-end", clean_call()[..3].to_vec(), None),
        (
            "answered-without-dialing",
            vec![event(U, "1", "35:49"), event(U, "6", "35:53"), event(U, "2", "36:28")],
            Some(2),
        ),
        (
            "mixed-call-types",
            vec![event(U, "1", "35:49"), event(U, "3", "35:50"), event(U, "2", "36:28")],
            Some(2),
        ),
        (
            "unknown-state",
            vec![event(U, "1", "35:49"), event(U, "8", "35:50"), event(U, "2", "36:28")],
            Some(2),
        ),
        ("field-changed", changed, Some(3)),
        ("field-changed", company, Some(4)),
    ];
    for (id, events, at) in cases {
        let calls = calls(&lines(&events), &[]);
        let call = &calls[0];
        let anomaly = call["anomalies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("{id} not found in {}", call["anomalies"]));
        assert_eq!(
            anomaly["event"].as_u64().map(|n| usize::try_from(n).unwrap()),
            at,
            "{id}: {anomaly}"
        );
        if let Some(at) = at {
            let marks = &call["events"][at - 1]["anomalies"];
            assert!(
                marks.as_array().unwrap().contains(&json!(id)),
                "{id} not marked on its event"
            );
        }
        callhook()
            .args(["timeline", "--check"])
            .write_stdin(lines(&events))
            .assert()
            .code(1);
    }
}

#[test]
fn call_types_from_states_and_event() {
    let click = vec![event(U, "3", "40:00"), event(U, "7", "40:09")];
    assert_eq!(calls(&lines(&click), &[])[0]["type"], "click to call");
    let mut obd = vec![event(U, "1", "45:00"), event(U, "5", "45:02"), event(U, "4", "45:32")];
    assert_eq!(calls(&lines(&obd), &[])[0]["type"], "OBD", "state 4 is OBD only");
    for e in &mut obd {
        e["event"] = json!("2");
    }
    obd[2]["call_state"] = json!("2");
    assert_eq!(calls(&lines(&obd), &[])[0]["type"], "OBD", "event 2 is outgoing");
    let mut unsaid = clean_call();
    for e in &mut unsaid {
        e.as_object_mut().unwrap().remove("event");
    }
    assert_eq!(calls(&lines(&unsaid), &[])[0]["type"], "OBD or incoming");
}

#[test]
fn ties_break_by_documented_order_then_arrival() {
    // 6 and 5 in the same second, 6 delivered first: ordered 5 then 6.
    let input = lines(&[
        event(U, "1", "35:49"),
        event(U, "6", "35:51"),
        event(U, "5", "35:51"),
        event(U, "2", "36:28"),
    ]);
    let call = &calls(&input, &[])[0];
    assert_eq!(states(call), [1, 5, 6, 2]);
    assert_eq!(call["events"][1]["arrival"], 3);
    assert_eq!(anomaly_ids(call), ["out-of-order-delivery"]);
    // Same state twice at different times keeps the time order whatever the arrival.
    let input = lines(&[
        event(U, "1", "35:49"),
        event(U, "5", "35:52"),
        event(U, "5", "35:51"),
        event(U, "2", "36:28"),
    ]);
    let call = &calls(&input, &[])[0];
    let times: Vec<&str> = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["time"].as_str().unwrap())
        .collect();
    assert_eq!(times[1], "2020-08-01T08:35:51+00:00");
}

#[test]
fn arrival_is_the_received_time_where_the_capture_has_one() {
    // Listed out of order, but the access log's times say 5 arrived before 6.
    let log = "\
1.2.3.4 - - [01/Aug/2020:08:35:54 +0000] \"GET /h?uid=n2.1.1&call_state=6&created=1596270953 HTTP/1.1\" 200 2
1.2.3.4 - - [01/Aug/2020:08:35:52 +0000] \"GET /h?uid=n2.1.1&call_state=5&created=1596270951 HTTP/1.1\" 200 2
1.2.3.4 - - [01/Aug/2020:08:35:50 +0000] \"GET /h?uid=n2.1.1&call_state=1&created=1596270949 HTTP/1.1\" 200 2
";
    let call = &calls(log, &[])[0];
    assert_eq!(states(call), [1, 5, 6]);
    let arrivals: Vec<u64> = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["arrival"].as_u64().unwrap())
        .collect();
    assert_eq!(arrivals, [1, 2, 3]);
    assert_eq!(anomaly_ids(call), ["missing-end"]);
    assert_eq!(call["events"][0]["received"], "2020-08-01T08:35:50+00:00");
}

#[test]
fn an_after_call_log_joins_its_call_as_the_closing_summary() {
    let mut input = lines(&clean_call()[..3]);
    input.push_str(
        &std::fs::read_to_string("examples/after-call.json")
            .unwrap()
            .replace('\n', " "),
    );
    input.push('\n');
    let call = &calls(&input, &[])[0];
    assert_eq!(
        anomaly_ids(call),
        Vec::<String>::new(),
        "the After-Call log ends the call"
    );
    let last = call["events"].as_array().unwrap().last().unwrap();
    assert_eq!(last["kind"], "after-call");
    assert_eq!(call["duration_seconds"], 39);
    assert_eq!(call["outcome"], "answered");
}

#[test]
fn filters_and_check() {
    let two = format!("{}{}", lines(&clean_call()), lines(&[event("n2.9.9", "1", "50:00")]));
    assert_eq!(calls(&two, &[]).len(), 2);
    assert_eq!(calls(&two, &["--call", "n2.9.9"]).len(), 1);
    assert_eq!(calls(&two, &["--state", "6"])[0]["uid"], U);
    assert_eq!(calls(&two, &["--anomalies-only"])[0]["uid"], "n2.9.9");
    callhook()
        .args(["timeline", "--check"])
        .write_stdin(two.clone())
        .assert()
        .code(1);
    callhook()
        .args(["timeline", "--check", "--call", U])
        .write_stdin(two.clone())
        .assert()
        .code(0);
}

#[test]
fn bad_argument_combinations_are_exit_2_with_a_reason() {
    callhook()
        .args(["timeline", "--format", "csv", "examples/calls.ndjson"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("add `--summary`"));
    callhook()
        .args(["timeline", "--format", "mermaid", "examples/calls.ndjson"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "4 calls are selected: pick one with `--call UID`",
        ));
}

#[test]
fn records_without_a_uid_are_reported_not_dropped() {
    callhook()
        .args(["timeline"])
        .write_stdin("{\"call_state\": \"1\"}\n")
        .assert()
        .code(0)
        .stderr(predicates::str::contains("1 record(s) name no call uid"))
        .stderr(predicates::str::contains("<stdin>:1 (record 1)"));
}

#[test]
fn summary_json_and_totals() {
    let out = callhook()
        .args(["timeline", "--summary", "--format", "json", "examples/calls.ndjson"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["calls"].as_array().unwrap().len(), 4);
    assert_eq!(doc["calls"][0]["path"], "1 > 5 > 6 > 2 > 2");
    assert_eq!(doc["totals"]["calls"], 4);
    assert_eq!(doc["totals"]["answered"], 1);
    assert_eq!(doc["totals"]["median_time_to_answer_seconds"], 4);
    assert_eq!(doc["totals"]["anomalies"]["missing-end"], 1);
}

#[test]
fn phone_numbers_are_masked_in_every_timeline_format() {
    for args in [
        &["--format", "text"][..],
        &["--format", "json"],
        &["--format", "ndjson"],
        &["--call", "n2.1596270949.2175190", "--format", "mermaid"],
    ] {
        let out = callhook()
            .args(["timeline", "--mask-pii", "examples/calls.ndjson"])
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains("9711636496") && !text.contains("8586848544"),
            "{args:?}: {text}"
        );
    }
}

/// Issue 13, point 13: a non-zero exit always says why.
#[test]
fn every_non_zero_exit_says_why() {
    let out = callhook()
        .args(["timeline", "--call", "n9.1.1", "-"])
        .write_stdin(lines(&clean_call()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(r#"no call has the uid "n9.1.1" (`--call`)"#),
        "{stderr}"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = callhook()
        .arg("timeline")
        .arg(root.join("tests/fixtures/bad/http-json-body-broken.http"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 record(s) have error findings, so the exit status is 1"),
        "{stderr}"
    );
}

/// Webhook v2: the shipped session through every call event joins one call with
/// its legs, who answered and the recording; JSON members for them.
#[test]
fn a_v2_session_is_one_call_with_its_legs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = callhook()
        .args(["timeline", "--format", "json"])
        .arg(root.join("examples/v2-session.http"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = doc["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call["uid"], "s7.1767427200.4411");
    assert_eq!(
        call["path"],
        "call.initiated > call.dial_begin > call.answered > call.end > call.summary"
    );
    assert_eq!(call["answered_by"], "Priya Sharma +919873641288");
    assert_eq!(call["recording"], "9e1f04c2b7a35d60-v2.mp3");
    assert_eq!(call["time_to_answer_seconds"], 11);
    assert_eq!(call["legs"][1]["ring_seconds"], 7);
    assert_eq!(call["events"][3]["event_type"], "call.end");
    assert!(call["anomalies"].as_array().unwrap().is_empty());
    // Without v2 calls the summary keeps its columns; with them it gains three.
    let csv = |file: &str| {
        let out = callhook()
            .args(["timeline", "--summary", "--format", "csv", "--mask-pii"])
            .arg(root.join(file))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let v2 = csv("examples/v2-summary-hunting.json");
    assert!(v2.starts_with("uid,type,start,duration_seconds,answered,time_to_answer_seconds,path,anomalies,answered_by,agents_tried,recording\n"), "{v2}");
    assert!(v2.contains("BUSY not_answered, ring 3s"), "{v2}");
    assert!(!v2.contains("919900055566"), "masked: {v2}");
    assert!(!csv("examples/calls.ndjson").contains("answered_by"));
}

/// A WhatsApp conversation is not a call: no outcome ("unfinished" it is not), left
/// out of the calls and the answered share, and counted on its own in the totals.
#[test]
fn a_whatsapp_conversation_has_no_call_outcome_and_is_counted_apart() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        let out = callhook()
            .arg("timeline")
            .args(args)
            .arg(root.join("examples/v2-whatsapp-received.json"))
            .arg(root.join("examples/v2-call-end.json"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&[]);
    assert!(text.contains("WhatsApp conversation · caller 919837114044\n"), "{text}");
    assert!(!text.contains("unfinished"), "{text}");
    assert!(
        text.contains("1 call, 1 answered (100%); 1 WhatsApp conversation (no call outcome)\n"),
        "{text}"
    );
    let doc: Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(doc["totals"]["calls"], 1);
    assert_eq!(doc["totals"]["conversations"], 1);
    assert_eq!(doc["totals"]["answered_share"], 1.0);
    let outcomes: Vec<&Value> = doc["calls"].as_array().unwrap().iter().map(|c| &c["outcome"]).collect();
    assert_eq!(outcomes, ["answered", "none"]);
    // The summary's `answered` is empty for it, neither yes nor no.
    let csv = run(&["--summary", "--format", "csv"]);
    let row = csv.lines().find(|l| l.contains("WhatsApp conversation")).unwrap();
    assert_eq!(row.split(',').nth(4), Some(""), "{row}");
}

/// `CALLHOOK_WORKERS` picks how many workers read (for measuring): one or eight give
/// what one per core gives; a value that is no worker count stops the command with
/// exit status 2 and a message that names the variable and what it takes.
#[test]
fn the_worker_count_changes_nothing_but_a_bad_one_is_an_error() {
    let run = |workers: Option<&str>| {
        let mut cmd = callhook();
        cmd.args([
            "timeline",
            "--summary",
            "examples/calls.ndjson",
            "examples/v2-call-end.json",
        ]);
        if let Some(n) = workers {
            cmd.env("CALLHOOK_WORKERS", n);
        }
        cmd.output().unwrap()
    };
    let default = run(None);
    assert_eq!(
        default.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&default.stderr)
    );
    for n in ["1", "8"] {
        assert_eq!(run(Some(n)).stdout, default.stdout, "CALLHOOK_WORKERS={n}");
    }
    for bad in ["0", "nine", "9"] {
        let out = run(Some(bad));
        assert_eq!(out.status.code(), Some(2), "CALLHOOK_WORKERS={bad}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "CALLHOOK_WORKERS={bad}: not a worker count; set it to a whole number from 1 to 8"
            )),
            "{err}"
        );
    }
}

#[test]
fn check_says_why_it_exits_1() {
    let out = callhook()
        .args(["timeline", "--check", "examples/calls.ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "callhook: 12 records: 12 decoded, 0 failed\ncallhook: --check: 3 anomalies in 2 calls (exit 1)\n"
    );
    // Without --check, or without anomalies, no such line.
    let out = callhook().args(["timeline", "examples/calls.ndjson"]).output().unwrap();
    assert!(!String::from_utf8(out.stderr).unwrap().contains("--check"));
    let out = callhook()
        .args(["timeline", "--check"])
        .write_stdin(lines(&clean_call()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("--check"), "{stderr}");
    let one = lines(&[event("n2.1.1", "1", "00:00")]);
    let out = callhook()
        .args(["timeline", "--check"])
        .write_stdin(one)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.ends_with("callhook: --check: 1 anomaly in 1 call (exit 1)\n"),
        "{stderr}"
    );
}

#[test]
fn when_no_input_can_be_read_there_is_no_report_only_the_error() {
    for format in [&["--format", "text"][..], &["--format", "json"], &["--summary"]] {
        let out = callhook()
            .args(["timeline", "nosuchfile.ndjson"])
            .args(format)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format:?}");
        assert!(
            out.stdout.is_empty(),
            "{format:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("error: cannot read nosuchfile.ndjson: No such file or directory"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // Some inputs read: a report on what was read, exit 2, as ripgrep does.
    let out = callhook()
        .args(["timeline", "nosuchfile.ndjson", "examples/calls.ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stdout).unwrap().contains("4 calls, 1 answered"));
}

#[test]
fn after_ten_failed_records_of_an_input_one_line_counts_the_rest() {
    let mut input: String = (1..=12).map(|i| format!("junk line {i}\n")).collect();
    input.push_str(&lines(&[event("n2.1.1", "1", "00:00")]));
    let out = callhook().args(["timeline"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": record ")).count(),
        10,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: 2 more records of <stdin> failed (10 of 12 shown): `callhook decode --format json` on the same input lists every one"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("callhook: 13 records: 1 decoded, 12 failed"),
        "{stderr}"
    );
}

/// The failed records the timeline shows are counted per input: the same file named
/// twice is two inputs, each with its first ten failures and its own count line.
#[test]
fn failed_records_are_shown_ten_an_input_even_for_a_file_named_twice() {
    let dir = crate::harness::Scratch::new("timeline-junk");
    let file = dir.path().join("junk.txt");
    let junk: String = (1..=12).map(|i| format!("junk line {i}\n")).collect();
    std::fs::write(&file, junk).unwrap();
    let file = file.to_str().unwrap();
    let out = callhook()
        .args(["timeline", file, "examples/calls.ndjson", file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": record ")).count(),
        20,
        "{stderr}"
    );
    let count = format!("error: 2 more records of {file} failed (10 of 12 shown)");
    assert_eq!(stderr.matches(&count).count(), 2, "{stderr}");
    assert!(String::from_utf8(out.stdout).unwrap().contains("n2.1596270949"));
}
