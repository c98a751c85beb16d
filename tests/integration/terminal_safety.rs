//! Captured text is data, never terminal control: every output of every command
//! (text, tables, CSV, Mermaid, JSON, messages on stderr, file names) is fed records
//! with each class of dangerous character in every string position, and none of
//! them reaches the output as it is.

use std::path::Path;

use crate::harness::{Scratch, callhook};

/// One of each class: OSC 0 (retitle) ended by BEL, CSI 2J (clear), BS, DEL, the C1
/// CSI U+009B and NEL U+0085, the bidirectional overrides U+202E, U+2066 and U+061C,
/// the zero-width U+200B, U+FEFF and U+00AD, and the line separator U+2028.
const ATTACK: &str =
    "\u{1b}]0;t\u{7}\u{1b}[2J\u{8}\u{7f}\u{9b}1m\u{85}\u{202e}\u{2066}\u{61c}\u{200b}\u{feff}\u{ad}\u{2028}";

/// Whether a character must not reach a terminal: the classes above, as a list of
/// its own, so that a narrower `terminal::is_unsafe` fails here.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

fn assert_inert(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| is_dangerous(c)) {
        let from = text[..at].char_indices().rev().nth(300).map_or(0, |(i, _)| i);
        panic!(
            "{what}: {c:?} reached the output raw, after ...{}",
            text[from..at].escape_debug()
        );
    }
}

fn percent(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// A call log with the attack in every string: keys, values, nested keys and values,
/// the uid, the caller and the agents.
fn call_log(state: u32) -> serde_json::Value {
    serde_json::json!({
        "uid": format!("n2.1596270949.1{ATTACK}"),
        "call_state": state.to_string(),
        "caller_number": format!("+91{ATTACK}9711636496"),
        "users": [format!("{ATTACK}918586848544")],
        "client_ref_id": ATTACK,
        format!("key{ATTACK}"): ATTACK,
        "nested": {ATTACK: [ATTACK, {"deep": ATTACK}]},
        "created": format!("2020-08-01 08:35:5{state}{ATTACK}"),
    })
}

/// Every capture format, each carrying the attack in every place it has.
fn captures(dir: &Path) -> Vec<std::path::PathBuf> {
    let body = call_log(5).to_string();
    let http = format!(
        "POST /webhook{p}.php?note{p}={p}&caller_number=%2B919711636496{p} HTTP/1.1\r\nX-Note{a}: {a}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len(),
        p = percent(ATTACK),
        a = ATTACK,
    );
    let text_body = format!("hello {ATTACK} password=hunter2");
    let text = format!(
        "POST /t HTTP/1.1\r\nContent-Type: text/{ATTACK}\r\nContent-Length: {}\r\n\r\n{text_body}",
        text_body.len()
    );
    let form = format!(
        "myoperator={}&extra{p}={p}",
        percent(&call_log(6).to_string()),
        p = percent(ATTACK)
    );
    let ndjson = format!("{}\n{}\n", call_log(1), call_log(2));
    let curl = format!(
        "curl 'https://x.example/h{a}?a{a}={a}' -H $'X-A: \\e]0;t\\a' -H 'X-B{a}: {a}' --data-raw '{}' --frobnicate{a}\n",
        call_log(6).to_string().replace('\'', ""),
        a = ATTACK
    );
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [{
        "startedDateTime": "2020-08-01T08:35:49.000Z",
        "request": {"method": "POST", "url": format!("https://x.example/h?a={}", percent(ATTACK)),
            "headers": [{"name": format!("X{ATTACK}"), "value": ATTACK}],
            "postData": {"mimeType": "application/json", "text": call_log(2).to_string()}}
    }]}})
    .to_string();
    let access = format!(
        "203.0.113.9 - - [01/Aug/2020:08:35:49 +0000] \"GET /h?uid=n2.1{p}&call_state=1&x{p}={p} HTTP/1.1\" 200 2 \"-\" \"agent{a}\"\n",
        p = percent(ATTACK),
        a = ATTACK
    );
    let broken =
        format!("not a capture {ATTACK}\n{{\"uid\": \"{ATTACK}\" x}}\nPOST /h HTTP/1.1\r\nbad{ATTACK}\r\n\r\n");
    let mut files = vec![
        dir.join(format!("capture{ATTACK}.http")),
        dir.join("text.http"),
        dir.join("form.txt"),
        dir.join("calls.ndjson"),
        dir.join("copy.sh"),
        dir.join("devtools.har"),
        dir.join("access.log"),
        dir.join("broken.txt"),
    ];
    for (path, content) in files.iter().zip([http, text, form, ndjson, curl, har, access, broken]) {
        std::fs::write(path, content).unwrap();
    }
    files.push(dir.join(format!("missing{ATTACK}.txt")));
    files
}

fn run(args: &[&str], files: &[impl AsRef<Path>]) -> Vec<u8> {
    let out = callhook()
        .args(args)
        .args(files.iter().map(AsRef::as_ref))
        .output()
        .unwrap();
    [out.stdout, out.stderr].concat()
}

/// Stdout and stderr of a run fed `input` on standard input.
fn stdout(args: &[&str], input: &str) -> Vec<u8> {
    let out = callhook().args(args).write_stdin(input.to_owned()).output().unwrap();
    [out.stdout, out.stderr].concat()
}

#[test]
fn every_output_of_decode_and_timeline_escapes_every_dangerous_character() {
    let scratch = Scratch::new("terminal-captures");
    let files = captures(scratch.path());
    let mut checked = 0;
    for privacy in [&[][..], &["--mask-pii"], &["--show-secrets"]] {
        for format in ["text", "json", "ndjson", "csv"] {
            let args = [&["decode", "--format", format][..], privacy].concat();
            let out = run(&args, &files);
            if format == "csv" && String::from_utf8_lossy(&out).contains("invalid value 'csv'") {
                continue;
            }
            assert_inert(&out, &format!("{args:?}"));
            checked += 1;
        }
        for format in [
            &["--format", "text"][..],
            &["--format", "json"],
            &["--format", "ndjson"],
            &["--summary"],
            &["--summary", "--ascii"],
            &["--summary", "--format", "csv"],
            &["--summary", "--format", "json"],
            &["--format", "mermaid", "--call", &format!("n2.1596270949.1{ATTACK}")],
            &["--format", "mermaid"],
            &["--anomalies-only", "--check"],
        ] {
            let args = [&["timeline"][..], format, privacy].concat();
            assert_inert(&run(&args, &files), &format!("{args:?}"));
            checked += 1;
        }
    }
    assert!(checked >= 36);
    let decoded = String::from_utf8(run(&["decode"], &files[..1])).unwrap();
    assert!(
        decoded.contains("\\x1b]0;t\\x07\\x1b[2J\\x08\\x7f\\x9b1m\\x85\\u{202e}"),
        "{decoded}"
    );
}

#[test]
fn every_output_of_validate_migrate_and_fields_escapes_every_dangerous_character() {
    let scratch = Scratch::new("terminal-configs");
    let a = serde_json::Value::String(ATTACK.to_owned());
    let v1 = serde_json::json!({
        "target_url": format!("http://x.example/{ATTACK}?k{ATTACK}=v"),
        "method": ATTACK,
        "headers": [format!("x-a{ATTACK}: {ATTACK}"), ATTACK],
        "credentials": {"username": ATTACK, "password": ATTACK},
        "log_criteria": ATTACK,
        "query_params": [
            {"name": ATTACK, "field": ATTACK},
            {"name": "s", "field": "custom", "value": ATTACK},
        ],
        ATTACK: a,
    });
    let v1_good = serde_json::json!({
        "target_url": "https://x.example/h",
        "method": "POST",
        "headers": [format!("x-a: {ATTACK}")],
        "credentials": {"username": ATTACK, "password": ATTACK},
        "log_criteria": "call_logs",
        "query_params": [{"name": "s", "field": "custom", "value": ATTACK}],
    });
    let v2 = serde_json::json!({
        "version": 2, "url": format!("https://x.example/{ATTACK}"), "events": [ATTACK],
        "headers": [{"name": ATTACK, "value": ATTACK}], "auth": {"type": ATTACK}, ATTACK: 1,
    });
    let not_json = format!("{{\"target_url\": \"{ATTACK}\" \"x\"}}");
    let files = [
        scratch.write(&format!("v1{ATTACK}.json"), v1.to_string()),
        scratch.write("v1-good.json", serde_json::to_string_pretty(&v1_good).unwrap()),
        scratch.write("v2.json", v2.to_string()),
        scratch.write("broken.json", not_json),
        scratch.path().join(format!("missing{ATTACK}.json")),
    ];
    for privacy in [&[][..], &["--show-secrets"], &["--mask-pii"]] {
        for format in ["text", "json"] {
            let args = [&["validate", "--format", format][..], privacy].concat();
            assert_inert(&run(&args, &files), &format!("{args:?}"));
            for file in &files {
                let args = [&["migrate", "--format", format][..], privacy].concat();
                assert_inert(&run(&args, &[file]), &format!("{args:?} {}", file.display()));
            }
            let args = [&["decode", "--format", format, "--config"][..], privacy].concat();
            let capture = scratch.write("c.url", format!("https://x.example/h?s={}\n", percent(ATTACK)));
            assert_inert(&run(&args, &[&files[1], &capture]), &format!("{args:?}"));
        }
    }
    let unknown = [format!("name{ATTACK}")];
    for format in ["text", "json", "csv"] {
        assert_inert(&run(&["fields", "--format", format], &unknown), "fields NAME");
    }
    assert_inert(
        &run(&["validate", "--explain"], &[format!("rule{ATTACK}")]),
        "validate --explain",
    );
}

/// `send`: its dry run and its report of every capture format, each carrying the
/// attack, sent to a loopback port nothing listens on, and a `--set` whose path and
/// value carry it.
#[test]
fn every_output_of_send_escapes_every_dangerous_character() {
    let scratch = Scratch::new("terminal-send");
    let files = captures(scratch.path());
    let set = format!("client_ref_id={ATTACK}");
    let unknown_path = format!("x{ATTACK}=1");
    for privacy in [&[][..], &["--mask-pii"], &["--show-secrets"]] {
        for format in ["text", "ndjson", "http", "curl"] {
            let args = [&["send", "--dry-run", "--format", format, "--set", &set][..], privacy].concat();
            assert_inert(&run(&args, &files[..files.len() - 1]), &format!("{args:?}"));
            let args = [
                &["send", "--dry-run", "--format", format, "--set", &unknown_path][..],
                privacy,
            ]
            .concat();
            assert_inert(&run(&args, &files[..1]), &format!("{args:?}"));
            if matches!(format, "http" | "curl") {
                continue;
            }
            let args = [
                &[
                    "send",
                    "--format",
                    format,
                    "--show-response",
                    "--to",
                    "http://127.0.0.1:1/",
                ][..],
                privacy,
            ]
            .concat();
            assert_inert(&run(&args, &files[..files.len() - 1]), &format!("{args:?}"));
        }
    }
}

/// A v2 event whose type, agent and header carry escape sequences: text output of
/// `decode` (with and without a v2 configuration) and of `fields` shows them escaped.
#[test]
fn v2_events_and_names_are_shown_escaped() {
    let event = serde_json::json!({
        "event_type": format!("call.{ATTACK}"), "session_id": "s4.1766492465.1359",
        "payload": {"status": ATTACK, "legs": [{"type": "agent", "result": "answered",
            "agent": {"name": ATTACK, "contact": "+919873641288"}}]}
    });
    let body = event.to_string();
    let input = format!(
        "POST /hooks/{ATTACK} HTTP/1.1\r\nX-MyOperator-Signature: {ATTACK}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    assert_inert(&stdout(&["decode"], &input), "decode v2");
    let config = r#"{"version": 2, "url": "https://x.example/hooks/a", "events": ["call.end"]}"#;
    let scratch = Scratch::new("terminal-v2");
    let path = scratch.write("v2.json", config);
    assert_inert(
        &stdout(&["decode", "--config", path.to_str().unwrap()], &input),
        "decode --config v2",
    );
    assert_inert(
        &stdout(&["fields", &format!("x{ATTACK}")], ""),
        "fields, an unknown name",
    );
    assert_inert(
        &stdout(&["fields", &format!("{ATTACK}started_at")], ""),
        "fields, a path's end",
    );
}
