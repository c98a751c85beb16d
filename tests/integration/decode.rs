//! `callhook decode` as users run it, on the shipped examples and on crafted inputs:
//! every field and finding, exit statuses, stdin, colour, time zones, the JSON schema,
//! a closed pipe; and the top-level `--help` and `--version`.

use std::io::{Read, Write};
use std::process::Stdio;

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{callhook, decode_ndjson, field, finding_ids, spawn_callhook};

const SEED_FIELDS: [&str; 16] = [
    "id",
    "uid",
    "reference_id",
    "company_id",
    "clid_raw",
    "clid",
    "rdnis",
    "call_state",
    "event",
    "status",
    "users",
    "created",
    "call_time",
    "public_ivr_id",
    "client_ref_id",
    "job_id",
];

#[test]
fn the_seed_post_sample_shows_every_field_with_its_meaning() {
    let assert = callhook()
        .args(["decode", "examples/in-call-post.form"])
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for key in SEED_FIELDS {
        assert!(text.contains(&format!("│ {key} ")), "{key} missing from\n{text}");
    }
    for shown in [
        "incoming call on server",
        "outgoing",
        "(absent: sent as \"unknown\")",
        "1 agent: +918586848544 (national 8586848544)",
        "2020-08-01 08:35:56 +00:00",
    ] {
        assert!(text.contains(shown), "{shown} missing from\n{text}");
    }

    let out = callhook()
        .args(["decode", "--format", "json", "examples/in-call-post.form"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let record = &doc["records"][0];
    assert_eq!(record["payload"]["family"], "in-call");
    assert_eq!(record["request"]["method"], "POST");
    for key in SEED_FIELDS {
        let f = field(record, key);
        assert_eq!(f["field"], key);
        assert!(!f["meaning"].as_str().unwrap().is_empty(), "{key}");
    }
    assert_eq!(field(record, "call_state")["display"], "incoming call on server");
    assert_eq!(field(record, "call_state")["value"], "1");
}

#[test]
fn an_after_call_log_shows_every_key_nested_ones_included() {
    let log: Value = serde_json::from_str(&std::fs::read_to_string("examples/after-call.json").unwrap()).unwrap();
    let out = callhook()
        .args(["decode", "--format", "json", "examples/after-call.json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let record = &doc["records"][0];
    assert_eq!(record["payload"]["family"], "after-call");
    let paths: Vec<&str> = record["payload"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for key in log.as_object().unwrap().keys() {
        assert!(paths.iter().any(|p| p.starts_with(key.as_str())), "{key} dropped");
    }
    assert_eq!(field(record, "_pm[ui]")["field"], "uid");
    assert_eq!(field(record, "_ld[0]._rr[0]._ct")["field"], "agent_number");
    assert_eq!(field(record, "_su")["display"], "connected");
    assert_eq!(field(record, "_ev")["display"], "incoming");
    assert_eq!(field(record, "_dr")["display"], "39s");
    assert_eq!(field(record, "_cm")["meaning"], "meaning not documented");
    assert_eq!(field(record, "_cm")["provenance"], "unknown");
    assert_eq!(field(record, "_st")["provenance"], "derived");
    assert!(finding_ids(record).is_empty(), "{}", record["findings"]);
}

#[test]
fn ndjson_prints_exactly_one_line_per_record() {
    let out = callhook()
        .args(["decode", "--format", "ndjson", "examples/in-call-events.ndjson"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    let states: Vec<Value> = lines
        .iter()
        .map(|l| {
            let r: Value = serde_json::from_str(l).unwrap();
            assert_eq!(r["schema_version"], 1);
            field(&r, "call_state")["value"].clone()
        })
        .collect();
    assert_eq!(states, ["1", "5", "6", "2"]);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "callhook: 4 records: 4 decoded, 0 failed\n"
    );
}

#[test]
fn a_get_url_decodes_without_configuration() {
    let records = decode_ndjson(&[], std::fs::read_to_string("examples/get-webhook.url").unwrap()).records;
    let r = &records[0];
    assert_eq!(r["format"], "url");
    assert!(r["payload"].is_null());
    let query = r["request"]["query"].as_array().unwrap();
    let caller = &query[0];
    assert_eq!(caller["name"], "caller_number");
    assert_eq!(caller["raw"], "+919711636496");
    assert_eq!(caller["value"], " 919711636496");
    assert_eq!(caller["field"], "caller_number");
    assert_eq!(caller["inferred"], true);
    let created = query.iter().find(|p| p["name"] == "created").unwrap();
    assert_eq!(created["display"], "2020-08-01 08:35:56 +00:00");
    let custom = query.iter().find(|p| p["name"] == "source").unwrap();
    assert!(custom["field"].is_null());
    assert_eq!(finding_ids(r), ["plus-in-query"]);
}

#[test]
fn each_finding_id_is_reported_where_it_applies() {
    let cases: [(&str, &str); 10] = [
        ("/h?caller_number=+919999999999", "plus-in-query"),
        ("token=a+b&myoperator=%7B%7D", "plus-in-form"),
        ("/h?a=100%zz", "invalid-percent-encoding"),
        ("/h?a=%FF", "invalid-utf8"),
        ("/h?uid=a&uid=b", "duplicate-query-param"),
        ("foo=bar", "myoperator-missing"),
        ("myoperator=not-json", "myoperator-not-json"),
        (r#"{"uid": "n2.1.2", "mystery": 1}"#, "unknown-field"),
        (r#"{"call_state": "8"}"#, "code-out-of-range"),
        (r#"{"clid": "call me"}"#, "value-type-mismatch"),
    ];
    for (input, id) in cases {
        let records = decode_ndjson(&[], format!("{input}\n")).records;
        assert_eq!(records.len(), 1, "{input}");
        assert!(
            finding_ids(&records[0]).contains(&id),
            "{input}: {}",
            records[0]["findings"]
        );
    }
    // And none on clean input.
    let clean = decode_ndjson(
        &[],
        r#"{"uid": "n2.1596270949.1", "call_state": 6, "clid": "9711636496"}"#,
    )
    .records;
    assert!(finding_ids(&clean[0]).is_empty());
}

#[test]
fn an_error_finding_makes_the_exit_status_1() {
    callhook()
        .args(["decode"])
        .write_stdin("myoperator={oops\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[myoperator-not-json] myoperator"));
}

#[test]
fn stdin_is_read_with_no_file_and_with_dash() {
    for args in [&["decode"][..], &["decode", "-"]] {
        callhook()
            .args(args)
            .write_stdin("/webhook.php?call_state=6\n")
            .assert()
            .success()
            .stdout(predicate::str::contains("# record 1 · <stdin>:1 · URL"))
            .stdout(predicate::str::contains("user answered"));
    }
}

#[test]
fn a_bad_record_among_good_ones_is_reported_with_its_place_and_the_rest_decode() {
    let input = "/h?call_state=1\n{\"uid\": \"x\" \"call_state\": 2}\nhello there\n/h?call_state=6\n";
    let assert = callhook()
        .args(["decode", "--format", "ndjson"])
        .write_stdin(input)
        .assert()
        .code(1);
    let out = assert.get_output();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: <stdin>:2:13: record 2: invalid JSON: expected `,` or `}`"),
        "{err}"
    );
    assert!(err.contains("2 | {\"uid\": \"x\" \"call_state\": 2}"), "{err}");
    assert!(
        err.contains("error: <stdin>:3:1: record 3: cannot tell what this record is"),
        "{err}"
    );
    assert!(err.ends_with("callhook: 4 records: 2 decoded, 2 failed\n"), "{err}");
}

#[test]
fn json_output_lists_failures_and_a_summary() {
    let out = callhook()
        .args(["decode", "--format", "json"])
        .write_stdin("{\"uid\": 1\n/h?a=1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["errors"][0]["line"], 1);
    assert_eq!(doc["errors"][0]["record"], 1);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"records": 2, "decoded": 1, "failed": 1})
    );
}

#[test]
fn an_unreadable_file_is_exit_2_and_the_others_still_decode() {
    callhook()
        .args(["decode", "no-such-file.txt", "examples/get-webhook.url"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: cannot read no-such-file.txt:"))
        .stdout(predicate::str::contains("caller_number"));
}

#[test]
fn forced_input_format() {
    callhook()
        .args(["decode", "--input-format", "form"])
        .write_stdin("/path?x=1\n")
        .assert()
        .stdout(predicate::str::contains("myoperator-missing"));
}

#[test]
fn secrets_are_redacted_unless_shown() {
    let input =
        "https://admin:hunter2@crm.example.com/h?token=abc123def&uid=n2.1.2\ntoken=abc123def&myoperator=%7B%7D\n";
    for format in ["text", "json", "ndjson"] {
        let out = callhook()
            .args(["decode", "--format", format])
            .write_stdin(input)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains("hunter2"), "{format}: {text}");
        assert!(!text.contains("abc123def"), "{format}: {text}");
        assert!(text.contains("<redacted>"), "{format}: {text}");
        let shown = callhook()
            .args(["decode", "--show-secrets", "--format", format])
            .write_stdin(input)
            .output()
            .unwrap();
        let text = String::from_utf8(shown.stdout).unwrap();
        assert!(
            text.contains("hunter2") && text.contains("abc123def"),
            "{format}: {text}"
        );
    }
}

#[test]
fn mask_pii_masks_phone_numbers_in_every_format() {
    for format in ["text", "json", "ndjson"] {
        let out = callhook()
            .args(["decode", "--mask-pii", "--format", format, "examples/in-call-post.form"])
            .args(["examples/get-webhook.url", "examples/after-call.json"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for number in ["9711636496", "8586848544"] {
            assert!(!text.contains(number), "{format} shows {number}");
        }
        assert!(text.contains("6496"), "{format}: last four digits kept");
        assert!(text.contains("1596270949"), "{format}: epochs are not phone numbers");
    }
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let has_ansi = |cmd: &mut assert_cmd::Command| {
        let out = cmd.args(["decode", "examples/get-webhook.url"]).output().unwrap();
        out.stdout.contains(&0x1b)
    };
    assert!(!has_ansi(&mut callhook()), "not a terminal: no colour");
    assert!(has_ansi(callhook().arg("--color=always")));
    assert!(!has_ansi(callhook().arg("--color=never").env("CLICOLOR_FORCE", "1")));
    assert!(has_ansi(callhook().env("CLICOLOR_FORCE", "1")));
    assert!(!has_ansi(callhook().env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1")));
}

#[test]
fn times_follow_tz() {
    callhook()
        .args(["decode", "--tz", "+05:30", "examples/in-call-post.form"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2020-08-01 14:05:56 +05:30"));
    callhook()
        .args(["decode", "--tz", "+5:30", "examples/in-call-post.form"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a UTC offset such as `+05:30`"));
}

#[test]
fn captured_control_characters_cannot_reach_the_terminal() {
    let out = callhook()
        .args(["decode"])
        .write_stdin("/h?title=%1B%5D0%3Bpwned%07&clid=%1B%5B2J\n")
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b), "raw ESC in output");
    assert!(!out.stdout.contains(&0x07), "raw BEL in output");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\\u{1b}]0;pwned\\u{7}") || text.contains("\\x1b]0;pwned\\x07"),
        "{text}"
    );
}

/// The schema docs/json-schema.md documents, checked key by key and type by type.
#[test]
fn json_schema_matches_the_documentation() {
    let out = callhook()
        .args([
            "decode",
            "--format",
            "json",
            "examples/get-webhook.url",
            "examples/in-call-post.form",
            "examples/v2-session.http",
            "examples/v1-json-shapes.http",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let shapes = [
        "query",
        "form",
        "form-as-text",
        "json",
        "json-in-myoperator",
        "json-text-in-myoperator",
        "v2-envelope",
    ];
    assert_eq!(keys(&doc), ["schema_version", "records", "errors", "summary"]);
    for record in doc["records"].as_array().unwrap() {
        assert_eq!(
            keys(record),
            [
                "schema_version",
                "source",
                "format",
                "shape",
                "request",
                "payload",
                "findings"
            ]
        );
        assert!(record["shape"].is_null() || shapes.contains(&record["shape"].as_str().unwrap()));
        assert_eq!(keys(&record["source"]), ["file", "record", "line"]);
        assert!(record["source"]["record"].is_u64() && record["source"]["line"].is_u64());
        assert_eq!(
            keys(&record["request"]),
            [
                "method",
                "url",
                "received",
                "status",
                "query",
                "headers",
                "credentials",
                "content_type",
                "form",
                "body"
            ]
        );
        for param in record["request"]["query"].as_array().unwrap() {
            assert_eq!(
                keys(param),
                [
                    "name", "raw", "value", "field", "inferred", "meaning", "display", "redacted"
                ]
            );
        }
        if let Some(payload) = record["payload"].as_object() {
            let families = [
                "in-call",
                "after-call",
                "disposition",
                "v2-call",
                "v2-whatsapp",
                "unknown",
            ];
            assert!(families.contains(&payload["family"].as_str().unwrap()));
            for f in payload["fields"].as_array().unwrap() {
                assert_eq!(
                    keys(f),
                    ["path", "key", "field", "meaning", "provenance", "value", "display"]
                );
                assert!(f["field"].is_string() || f["field"].is_null());
                assert!(f["display"].is_string() || f["display"].is_null());
            }
        }
        for finding in record["findings"].as_array().unwrap() {
            assert_eq!(keys(finding), ["id", "severity", "message", "path"]);
            assert!(["info", "warning", "error"].contains(&finding["severity"].as_str().unwrap()));
        }
    }
}

#[test]
fn help_has_examples_and_version_works() {
    callhook()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    callhook()
        .args(["decode", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status:"));
    callhook()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("callhook {}\n", env!("CARGO_PKG_VERSION")));
    callhook().arg("--bogus").assert().code(2);
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let mut child = spawn_callhook(&["decode", "--format", "ndjson"], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for i in 0..50_000 {
            if writeln!(stdin, "/h?uid=n2.1596270949.{i}&call_state=6").is_err() {
                break;
            }
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    writer.join().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "status {status:?}, stderr {err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// A known field sent with the wrong JSON type is a `value-type-mismatch` on that
/// field, not unknown nested fields, and not silence.
#[test]
fn a_known_field_of_the_wrong_json_type_is_a_mismatch_on_that_field() {
    let run = decode_ndjson(
        &[],
        "{\"call_state\": {\"a\": 1}, \"uid\": 12, \"_ld\": [{\"_rr\": 5}], \"_pm\": [{\"ky\": \"ui\", \"vl\": [1]}]}\n",
    );
    let record = &run.records[0];
    let findings = record["findings"].as_array().unwrap();
    for path in ["call_state", "uid", "_ld[0]._rr", "_pm[ui]"] {
        assert!(
            findings
                .iter()
                .any(|f| f["id"] == "value-type-mismatch" && f["path"] == path),
            "no mismatch on {path}: {record}"
        );
    }
    assert!(
        !findings.iter().any(|f| f["id"] == "unknown-field"),
        "walked into a known field: {record}"
    );
    assert_eq!(field(record, "call_state")["value"], serde_json::json!({"a": 1}));
}

/// A long value is cut, with its length and how to see it whole, wherever text
/// output shows it: in a table, and on the lines above the tables (the url) or a
/// call's heading in `timeline`.
#[test]
fn long_values_are_cut_in_every_text_line() {
    let long = "a".repeat(100_000);
    let url = format!("/h?note={long}&call_state=5\n");
    let calls = format!("{{\"uid\":\"n2.{long}\",\"call_state\":\"1\"}}\n");
    for (args, input) in [(&["decode"][..], &url), (&["decode"], &calls), (&["timeline"], &calls)] {
        let out = callhook().args(args).write_stdin(input.as_str()).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest < 2_500, "{args:?}: a line of {longest} characters");
        assert!(
            text.contains("characters in all; --format json shows it whole"),
            "{args:?}: {}",
            &text[..text.len().min(2000)]
        );
    }
}

/// `--format csv`: a header, then a row per field of every record (query
/// parameters, form fields, call-log fields), secrets redacted as in text.
#[test]
fn csv_is_a_row_per_field() {
    let out = callhook()
        .args(["decode", "--format", "csv"])
        .write_stdin("/h?call_state=6&token=s3cr3t\n{\"uid\":\"n2.1596270949.1\",\"call_state\":\"2\"}\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows,
        [
            "record,path,key,value,meaning,interpretation",
            "<stdin>:1,query.call_state,call_state,6,state of the call when this event was sent,user answered",
            "<stdin>:1,query.token,token,<redacted>,,",
            "<stdin>:2,uid,uid,n2.1596270949.1,\"call unique id, the same on every event of one call\",\"host n2, began 2020-08-01 08:35:49 +00:00, seq 1\"",
            "<stdin>:2,call_state,call_state,2,state of the call when this event was sent,call finished",
        ],
        "{text}"
    );
}

/// `--ascii`: text output with no character outside ASCII, tables included.
#[test]
fn ascii_text_has_only_ascii() {
    for file in [
        "examples/in-call-post.form",
        "examples/listener-capture.http",
        "examples/devtools.har",
    ] {
        let out = callhook().args(["decode", "--ascii", file]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("+---"), "{file}: {text}");
        assert!(text.is_ascii(), "{file}: {:?}", text.chars().find(|c| !c.is_ascii()));
    }
}

/// `--tz` takes `IST` and IANA names of zones with one offset all year, and says
/// why it refuses a zone with daylight saving time.
#[test]
fn tz_takes_ist_and_zone_names() {
    for zone in ["IST", "Asia/Kolkata", "+05:30"] {
        callhook()
            .args(["decode", "--tz", zone, "examples/in-call-post.form"])
            .assert()
            .success()
            .stdout(predicate::str::contains("began 2020-08-01 14:05:49 +05:30"));
    }
    callhook()
        .args(["decode", "--tz", "Europe/London", "examples/in-call-post.form"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Europe/London has daylight saving time; give the offset of the dates you look at, e.g. +00:00 or +01:00",
        ))
        .stderr(predicate::str::contains("unknown").not());
    // An unknown name: the message lists the names taken, those --help names too.
    let out = callhook()
        .args(["decode", "--tz", "Foo/Bar", "examples/in-call-post.form"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("unknown time zone `Foo/Bar`"), "{stderr}");
    for zone in ["IST", "Asia/Kolkata", "Asia/Dubai", "Asia/Singapore", "UTC"] {
        assert!(stderr.contains(zone), "{zone}: {stderr}");
        callhook()
            .args(["decode", "--tz", zone, "examples/in-call-post.form"])
            .assert()
            .success();
    }
}

#[test]
fn when_no_input_can_be_read_there_is_no_report_only_the_error() {
    for format in ["text", "json", "ndjson", "csv"] {
        let out = callhook()
            .args(["decode", "--format", format, "no-such-file.txt", "nor-this.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(
            out.stdout.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("error: cannot read no-such-file.txt: "), "{stderr}");
        assert!(stderr.contains("error: cannot read nor-this.txt: "), "{stderr}");
        assert!(!stderr.contains("0 records"), "{stderr}");
    }
    // One input read is a report, of what was read, and still exit 2.
    let out = callhook()
        .args([
            "decode",
            "--format",
            "json",
            "no-such-file.txt",
            "examples/get-webhook.url",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["decoded"], 1);
}

#[test]
fn after_ten_failed_records_of_an_input_one_line_counts_the_rest() {
    let junk: String = (1..=35).map(|i| format!("junk line {i}\n")).collect();
    let dir = crate::harness::Scratch::new("junk");
    let file = dir.path().join("junk.txt");
    std::fs::write(&file, &junk).unwrap();
    let file = file.to_str().unwrap();
    let out = callhook()
        .args(["decode", file, "examples/get-webhook.url"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "exit status unchanged");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let shown = stderr.lines().filter(|l| l.contains(": record ")).count();
    assert_eq!(shown, 10, "{stderr}");
    assert!(stderr.contains(&format!("{file}:10:1: record 10:")), "{stderr}");
    assert!(!stderr.contains("record 11:"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: 25 more records of {file} failed (10 of 35 shown): `callhook decode --format json {file}` lists every one"
        )),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("callhook: 36 records: 1 decoded, 35 failed\n"),
        "{stderr}"
    );
    // The JSON document still lists every failure.
    let out = callhook().args(["decode", "--format", "json", file]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["errors"].as_array().unwrap().len(), 35);
    // Ten failures or fewer: each shown, no count line.
    let ten: String = (1..=10).map(|i| format!("junk line {i}\n")).collect();
    let stderr = callhook().args(["decode"]).write_stdin(ten).output().unwrap().stderr;
    let stderr = String::from_utf8(stderr).unwrap();
    assert_eq!(stderr.lines().filter(|l| l.contains(": record ")).count(), 10);
    assert!(!stderr.contains("more record"), "{stderr}");
}

#[test]
fn a_webhook_configuration_is_decoded_with_a_note_to_validate_it() {
    let out = callhook().args(["decode", "examples/webhook.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "note: examples/webhook.json looks like a webhook configuration, not a captured request: `callhook validate examples/webhook.json` checks it\n\
         callhook: 2 records: 2 decoded, 0 failed\n"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("target_url"));
    let v2 = callhook()
        .args(["decode", "examples/webhook-v2.json"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(v2.stderr)
            .unwrap()
            .contains("note: examples/webhook-v2.json looks like a webhook configuration")
    );
    // A capture gets no such note.
    let capture = callhook().args(["decode", "examples/calls.ndjson"]).output().unwrap();
    assert!(!String::from_utf8(capture.stderr).unwrap().contains("note:"));
}

/// On one terminal, the line that counts an input's unshown failures stands after
/// that input's records and before the next input's.
#[test]
fn the_count_of_unshown_failures_stands_between_its_input_and_the_next() {
    let dir = crate::harness::Scratch::new("junk-order");
    let file = dir.path().join("junk.txt");
    let mut junk: String = (1..=12).map(|i| format!("junk line {i}\n")).collect();
    junk.push_str("/hook?uid=n2.1596270949.7&call_state=5\n");
    std::fs::write(&file, junk).unwrap();
    let both = dir.path().join("both.txt");
    let sink = std::fs::File::create(&both).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_callhook"))
        .args(["decode", file.to_str().unwrap(), "examples/get-webhook.url"])
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(sink.try_clone().unwrap())
        .stderr(sink)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let text = std::fs::read_to_string(&both).unwrap();
    let own = text.find("# record 13 · ").unwrap_or_else(|| panic!("{text}"));
    let count = text.find("2 more records of").unwrap_or_else(|| panic!("{text}"));
    let next = text
        .find("# record 1 · examples/get-webhook.url")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(own < count && count < next, "{text}");
}
