//! Captured text is data, never terminal control: escape sequences in headers,
//! query values and call-log strings come out escaped in text output of every
//! command, and as JSON escapes in JSON.

use crate::harness::callhook;

/// OSC 0 (retitle), CSI 2J (clear), SGR (recolour), and C1 CSI.
const ATTACK: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31m\u{9b}1m";

fn capture() -> String {
    let json =
        serde_json::json!({"uid": format!("n2.1596270949.1{ATTACK}"), "call_state": "5", "client_ref_id": ATTACK});
    let body = format!("{json}");
    format!(
        "POST /webhook.php?note=%1B%5D0%3Bpwned%07 HTTP/1.1\r\nX-Note: {ATTACK}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn stdout(args: &[&str], input: &str) -> Vec<u8> {
    let out = callhook().args(args).write_stdin(input.to_owned()).output().unwrap();
    [out.stdout, out.stderr].concat()
}

fn assert_inert(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!bytes.contains(&0x1b), "{what}: a raw ESC reached the output:\n{text}");
    assert!(!bytes.contains(&0x07), "{what}: a raw BEL reached the output:\n{text}");
    assert!(
        !text.contains('\u{9b}'),
        "{what}: a raw C1 CSI reached the output:\n{text}"
    );
}

#[test]
fn text_output_of_every_command_escapes_control_characters() {
    let input = capture();
    let decoded = stdout(&["decode"], &input);
    assert_inert(&decoded, "decode");
    let text = String::from_utf8_lossy(&decoded);
    assert!(text.contains("\\x1b]0;pwned\\x07"), "{text}");
    for args in [
        &["timeline"][..],
        &["timeline", "--summary"],
        &["timeline", "--format", "mermaid"],
    ] {
        assert_inert(&stdout(args, &input), &format!("{args:?}"));
    }
    let config = format!("{{\"target_url\": \"https://x.example/{ATTACK}\", \"method\": \"POST\"}}");
    assert_inert(&stdout(&["validate", "-"], &config), "validate");
    let v1 = format!(
        "{{\"target_url\": \"https://x.example/{ATTACK}\", \"method\": \"POST\", \"log_criteria\": \"call_logs\", \"headers\": [\"x-a: {ATTACK}\"]}}"
    );
    assert_inert(&stdout(&["migrate", "-"], &v1), "migrate");
    assert_inert(
        &stdout(&["migrate", "--show-secrets", "-"], &v1),
        "migrate --show-secrets",
    );
    let v2 = format!(
        "{{\"version\": 2, \"url\": \"https://x.example/{ATTACK}\", \"events\": [\"{ATTACK}\"], \"headers\": [{{\"name\": \"{ATTACK}\"}}], \"auth\": {{\"type\": \"{ATTACK}\"}}}}"
    );
    assert_inert(&stdout(&["validate", "-"], &v2), "validate v2");
    // send's report of the capture sent to a port nothing listens on, and of a
    // `--set` that names a path the capture does not have.
    assert_inert(
        &stdout(&["send", "-", "--show-response", "--to", "http://127.0.0.1:1/"], &input),
        "send",
    );
    let set = format!("client_ref_id={ATTACK}");
    assert_inert(
        &stdout(
            &[
                "send",
                "-",
                "--set",
                &set,
                "--set",
                &format!("x{ATTACK}=1"),
                "--dry-run",
            ],
            &input,
        ),
        "send --set",
    );
}

/// JSON escapes what JSON escapes (below U+0020); C1 characters it leaves as text,
/// as every JSON writer does.
#[test]
fn json_output_escapes_them_as_json_does() {
    let out = stdout(&["decode", "--format", "json"], &capture());
    assert!(
        !out.contains(&0x1b) && !out.contains(&0x07),
        "{}",
        String::from_utf8_lossy(&out)
    );
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("\\u001b]0;pwned\\u0007"), "{text}");
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
    let scratch = crate::harness::Scratch::new("terminal-v2");
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
