//! Each capture format, from realistic captures, and the malformed inputs users hit:
//! positioned errors, findings, and the rest of the input still decoded.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{self, decode_ndjson as decode, finding_ids as ids, spawn_callhook};

/// The value of a decoded record's payload field at `path`.
fn field<'a>(record: &'a Value, path: &str) -> &'a Value {
    &harness::field(record, path)["value"]
}

#[test]
fn a_listener_capture_of_two_requests_the_second_chunked() {
    let run = decode(&["examples/listener-capture.http"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.records.len(), 2);
    let (first, second) = (&run.records[0], &run.records[1]);
    assert_eq!(first["format"], "http");
    assert_eq!(second["source"]["line"], 9);
    assert_eq!(field(first, "call_state"), "5");
    assert_eq!(field(second, "call_state"), "6", "the chunked JSON body decodes");
    assert_eq!(second["request"]["content_type"], "application/json");
    let names: Vec<&str> = first["request"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Host",
            "User-Agent",
            "Authorization",
            "my-super-secret-token",
            "Content-Type",
            "Content-Length"
        ]
    );
    let creds = &first["request"]["credentials"];
    assert_eq!(creds["username"], "admin");
    assert_eq!(creds["password"], "<redacted>");
    let php = &first["findings"][0];
    assert_eq!(php["id"], "php-header-name");
    assert!(
        php["message"]
            .as_str()
            .unwrap()
            .contains("$_SERVER['HTTP_MY_SUPER_SECRET_TOKEN']")
    );
}

#[test]
fn copy_as_curl_with_an_escaped_quote_in_the_body() {
    let run = decode(&["examples/copy-as-curl.sh"], b"");
    assert_eq!(run.records.len(), 2, "{}", run.stderr);
    let browser = &run.records[0];
    assert_eq!(browser["format"], "curl");
    assert_eq!(browser["request"]["method"], "POST");
    assert_eq!(field(browser, "client_ref_id"), "Priya's lead");
    assert_eq!(field(browser, "status"), "1");
    let documents = &run.records[1];
    assert_eq!(documents["source"]["line"], 7);
    assert_eq!(documents["request"]["credentials"]["username"], "admin");
    assert!(
        ids(documents).contains(&"secret-over-http"),
        "{}",
        documents["findings"]
    );
}

#[test]
fn a_browser_har_keeps_each_entrys_received_time() {
    let run = decode(&["--tz", "+05:30", "examples/devtools.har"], b"");
    assert_eq!(run.records.len(), 2, "{}", run.stderr);
    assert!(run.records.iter().all(|r| r["format"] == "har"));
    assert_eq!(run.records[0]["request"]["received"], "2020-08-01T14:05:49.312+05:30");
    assert_eq!(
        run.records[0]["request"]["query"][1]["display"],
        "incoming call on server"
    );
    assert_eq!(field(&run.records[1], "uid"), "n2.1596270949.2175190");
}

#[test]
fn access_log_lines_with_and_without_percent_encoding() {
    let run = decode(&["examples/access.log"], b"");
    assert_eq!(run.records.len(), 3, "{}", run.stderr);
    let encoded = &run.records[0]["request"];
    assert_eq!(encoded["query"][2]["value"], "+919711636496");
    assert_eq!(encoded["received"], "2020-08-01T08:35:49+00:00");
    assert_eq!(encoded["status"], 200);
    assert!(ids(&run.records[0]).is_empty());
    assert_eq!(ids(&run.records[1]), ["plus-in-query"]);
    assert_eq!(run.records[2]["request"]["query"][2]["value"], "Priya S");
    assert_eq!(run.records[2]["request"]["received"], "2020-08-01T08:35:53+00:00");
}

#[test]
fn a_stream_mixing_formats_decodes_record_by_record() {
    let input = b"/h?call_state=1\ncurl 'https://x/h?call_state=5'\n{\"call_state\": \"6\"}\nGET /h?call_state=2 HTTP/1.1\nHost: x\n\nmyoperator=%7B%22call_state%22%3A%222%22%7D\n";
    let run = decode(&[], input);
    let formats: Vec<&str> = run.records.iter().map(|r| r["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["url", "curl", "json", "http", "form"]);
}

#[test]
fn a_truncated_request_decodes_as_far_as_it_goes() {
    let input = b"POST /h HTTP/1.1\r\nContent-Length: 500\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nmyoperator=%7B%22call_state%22%3A%225%22%7D";
    let run = decode(&[], input);
    assert_eq!(run.records.len(), 1);
    assert_eq!(ids(&run.records[0]), ["content-length-mismatch"]);
    assert_eq!(field(&run.records[0], "call_state"), "5");
}

/// A Content-Length that is not a number of bytes (negative, past 2^64, words) frames
/// no body: the body is this request's, up to the next request line, with a warning;
/// not a second, separate record.
#[test]
fn an_invalid_content_length_keeps_the_body_with_its_request() {
    for length in ["-5", "99999999999999999999999", "ten"] {
        let input = format!(
            "POST /h HTTP/1.1\r\nContent-Length: {length}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nmyoperator=%7B%22call_state%22%3A%225%22%7D\r\nGET /h?call_state=6 HTTP/1.1\r\n\r\n"
        );
        let run = decode(&[], input);
        assert_eq!(run.records.len(), 2, "Content-Length {length}: {:?}", run.records);
        assert_eq!(ids(&run.records[0]), ["content-length-mismatch"], "{length}");
        assert_eq!(field(&run.records[0], "call_state"), "5", "{length}");
        let message = run.records[0]["findings"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("the body is read up to the next request line"),
            "{message}"
        );
        assert_eq!(run.records[1]["request"]["query"][0]["display"], "user answered");
    }
}

#[test]
fn a_bad_chunk_size_is_reported_and_the_next_request_still_decodes() {
    let input = b"POST /h HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\nGET /h?call_state=6 HTTP/1.1\r\n\r\n";
    let run = decode(&[], input);
    assert!(
        ids(&run.records[0]).contains(&"chunked-invalid"),
        "{}",
        run.records[0]["findings"]
    );
    assert!(
        run.records[0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 5 of the request: expected a chunk size in hex, found \"zz\"")
    );
    let last = run.records.last().unwrap();
    assert_eq!(last["request"]["query"][0]["display"], "user answered");
}

#[test]
fn an_unterminated_quote_is_a_positioned_error() {
    let run = decode(
        &[],
        b"/h?a=1\ncurl 'https://x/h?a=1' \\\n  --data-raw $'myoperator={\"a\\'\n",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: <stdin>:3:14: record 2: unterminated `$'` quote: expected its closing quote"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("3 |   --data-raw $'myoperator={\"a\\'"),
        "{}",
        run.stderr
    );
    assert_eq!(run.records.len(), 1);
}

#[test]
fn a_curl_command_with_no_url() {
    let run = decode(&[], b"curl -X POST -H 'a: b'\n");
    assert!(
        run.stderr.contains("<stdin>:1:1: record 1: a curl command with no URL"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_curl_flags_warn_and_decoding_goes_on() {
    let run = decode(&[], b"curl --frobnicate 'https://x/h?call_state=6'\n");
    assert_eq!(ids(&run.records[0]), ["unknown-curl-flag"]);
    assert_eq!(run.records[0]["request"]["query"][0]["value"], "6");
}

#[test]
fn a_body_that_is_not_a_form_is_shown_as_text() {
    let input = b"POST /h HTTP/1.1\nContent-Type: text/plain\nContent-Length: 11\n\nhello world";
    let run = decode(&[], input);
    assert_eq!(ids(&run.records[0]), ["body-not-form"]);
    assert_eq!(run.records[0]["request"]["body"], "hello world");
    let json_as_form =
        b"POST /h HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 19\n\n{\"call_state\": \"6\"}";
    let run = decode(&[], json_as_form);
    assert!(
        run.records[0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("the body is JSON")
    );
}

#[test]
fn invalid_utf8_and_binary_garbage_never_panic() {
    let run = decode(&[], b"/h?name=\xff\xfe\n\x00\x01\x02\x03garbage\n");
    assert_eq!(run.code, 1);
    assert_eq!(ids(&run.records[0]), ["invalid-utf8"]);
    assert!(
        run.stderr
            .contains("<stdin>:2:1: record 2: cannot tell what this record is"),
        "{}",
        run.stderr
    );
    let random: Vec<u8> = (0..20_000u32)
        .map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()[1])
        .collect();
    let run = decode(&[], &random);
    assert!(run.stderr.contains("records:"), "{}", run.stderr);
}

#[test]
fn a_100_mb_line_is_reported_and_skipped() {
    let mut input = vec![b'a'; 100 << 20];
    input.extend_from_slice(b"\n/h?call_state=6\n");
    let run = decode(&[], &input);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("<stdin>:1:1: record 1: record is longer than 64 MiB; it is skipped to the end of its line"),
        "{}",
        run.stderr
    );
    assert_eq!(run.records.len(), 1);
    assert_eq!(run.records[0]["source"]["line"], 2);
}

/// An endless line: the limit is reported once passed, while the input still flows,
/// not when (if ever) the line ends.
#[test]
fn an_endless_line_is_reported_when_it_passes_the_limit() {
    let mut child = spawn_callhook(&["decode", "-"], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stderr).read_line(&mut line);
        let _ = tx.send(line);
    });
    let chunk = vec![b'a'; 1 << 20];
    let mut said = None;
    // Up to 200 MiB, never a newline: the message must come before the writing ends.
    for _ in 0..200 {
        if stdin.write_all(&chunk).is_err() {
            break;
        }
        if let Ok(line) = rx.try_recv() {
            said = Some(line);
            break;
        }
    }
    let said = said.or_else(|| rx.recv_timeout(Duration::from_secs(1)).ok());
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    let said = said.expect("nothing said while the endless line was still being written");
    assert!(said.contains("record is longer than 64 MiB"), "{said}");
}

#[test]
fn har_errors_name_the_entry_and_field() {
    let run = decode(
        &[],
        br#"{"log": {"entries": [{"request": {"method": "GET", "url": 7}}]}}"#,
    );
    assert!(
        run.stderr
            .contains("HAR archive: log.entries[0].request.url: expected a string, found a number"),
        "{}",
        run.stderr
    );
    let run = decode(&["--input-format", "har"], br#"{"uid": "x"}"#);
    assert!(
        run.stderr.contains("HAR archive: expected `log.entries`"),
        "{}",
        run.stderr
    );
}

/// Each HAR entry is placed at its own line: decoded records carry it, and an
/// entry that cannot be read is reported there, naming its index.
#[test]
fn har_entries_are_placed_at_their_own_lines() {
    let run = decode(&["examples/devtools.har"], b"");
    let lines: Vec<&Value> = run.records.iter().map(|r| &r["source"]["line"]).collect();
    assert_eq!(
        lines,
        [10, 62],
        "{:?}",
        run.records.iter().map(|r| &r["source"]).collect::<Vec<_>>()
    );
    let har = "{\n\"log\": {\"entries\": [\n  {\"request\": {\"method\": \"GET\", \"url\": \"/h?call_state=1\", \"headers\": []}},\n  {\"request\": {\"method\": \"GET\", \"url\": 7}}\n]}}\n";
    let run = decode(&[], har);
    assert_eq!(run.records[0]["source"]["line"], 3);
    assert!(
        run.stderr.contains("<stdin>:4:3") && run.stderr.contains("log.entries[1].request.url"),
        "{}",
        run.stderr
    );
}

/// Pastes from chat or docs come indented: a raw request, a URL and an access-log
/// line decode as they would flush left, and the record after them is not swallowed.
#[test]
fn indented_pastes_decode_as_flush_left_ones() {
    let input = "    POST /h?call_state=1 HTTP/1.1\n    Host: x\n    Content-Length: 12\n    Content-Type: application/x-www-form-urlencoded\n\n    uid=n2.1&x=1\n/h?call_state=6\n\t203.0.113.9 - - [01/Aug/2020:08:35:49 +0000] \"GET /h?uid=n2.1&call_state=1 HTTP/1.1\" 200 2 \"-\" \"curl\"\n  /h?call_state=2\n";
    let run = decode(&[], input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let formats: Vec<&str> = run.records.iter().map(|r| r["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["http", "url", "access-log", "url"], "{}", run.stderr);
    let request = &run.records[0]["request"];
    assert_eq!(request["headers"][0]["name"], "Host");
    let form: Vec<&Value> = request["form"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(form, ["uid", "x"]);
    assert_eq!(run.records[1]["source"]["line"], 7);
    assert_eq!(run.records[3]["request"]["query"][0]["display"], "call finished");
}

#[test]
fn impossible_access_log_dates_are_positioned() {
    let run = decode(
        &[],
        b"1.2.3.4 - - [31/Feb/2020:08:35:49 +0000] \"GET /h?call_state=1 HTTP/1.1\" 200 2\n",
    );
    assert!(
        run.stderr
            .contains("<stdin>:1:14: record 1: expected a time like `10/Oct/2000:13:55:36 -0700`"),
        "{}",
        run.stderr
    );
}

#[test]
fn other_authorization_schemes_are_redacted_whole() {
    let input = b"GET /h HTTP/1.1\nAuthorization: Bearer eyJhbGciOi.secret\nX-Api-Key: k-123\n\n";
    let run = decode(&[], input);
    let text = run.records[0].to_string();
    assert!(!text.contains("eyJhbGciOi") && !text.contains("k-123"), "{text}");
    assert!(text.contains("Bearer <redacted>"), "{text}");
}

/// `tail -f capture | callhook decode --format ndjson` prints each record as it
/// arrives: the first line comes out while the input is still open.
#[test]
fn output_starts_before_input_ends() {
    let mut child = spawn_callhook(&["decode", "--format", "ndjson"], Stdio::null());
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"POST /h HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
        .unwrap();
    stdin.flush().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        send.send(line).unwrap();
    });
    let line = receive
        .recv_timeout(Duration::from_secs(20))
        .expect("no output while the input is open");
    assert!(line.contains("\"format\":\"http\""), "{line}");
    drop(stdin);
    assert!(child.wait().unwrap().success());
}
