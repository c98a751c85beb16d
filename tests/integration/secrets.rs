//! Nothing secret is printed without `--show-secrets`, by any subcommand in any
//! output format, the source lines `validate` quotes and the configurations
//! `migrate` writes included; and `--mask-pii`
//! masks every phone number, raw bodies included.

use crate::harness::callhook;

/// The Basic password (and its base64), a secret header, a secret query value, and a
/// header value only the configuration declares.
const SECRETS: [&str; 5] = [
    "hunter2-pass",
    "YWRtaW46aHVudGVyMi1wYXNz",
    "tok-abc123def",
    "key-7Qx9Zt",
    "chk-5a4b3c",
];
const CAPTURES: &str = "tests/fixtures/secrets/captures.txt";
const CONFIG: &str = "tests/fixtures/secrets/webhook.json";

fn output(args: &[&str]) -> String {
    let out = callhook().args(args).output().unwrap();
    assert_ne!(out.status.code(), Some(101), "{args:?} panicked");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn runs() -> Vec<Vec<&'static str>> {
    let mut runs = Vec::new();
    for format in ["text", "json", "ndjson"] {
        runs.push(vec!["decode", "--config", CONFIG, "--format", format, CAPTURES]);
        runs.push(vec!["timeline", "--format", format, CAPTURES]);
        runs.push(vec!["timeline", "--summary", "--format", format, CAPTURES]);
    }
    runs.push(vec!["timeline", "--summary", "--format", "csv", CAPTURES]);
    runs.push(vec![
        "timeline",
        "--format",
        "mermaid",
        "--call",
        "n2.1596270949.1",
        CAPTURES,
    ]);
    for format in ["text", "json"] {
        runs.push(vec!["validate", "--format", format, CONFIG]);
        runs.push(vec!["migrate", "--format", format, CONFIG]);
    }
    // What `send` would send for the configuration, and its report of sending it (to
    // a port nothing listens on).
    for format in ["http", "curl", "ndjson"] {
        runs.push(vec![
            "send",
            "--config",
            CONFIG,
            "--seed",
            "1",
            "--dry-run",
            "--format",
            format,
        ]);
    }
    for format in ["text", "ndjson"] {
        runs.push(vec![
            "send",
            "--config",
            CONFIG,
            "--seed",
            "1",
            "--to",
            "http://127.0.0.1:1/",
            "--format",
            format,
        ]);
    }
    runs
}

#[test]
fn no_secret_appears_anywhere_without_show_secrets() {
    for args in runs() {
        let text = output(&args);
        for secret in SECRETS {
            assert!(!text.contains(secret), "{args:?} shows {secret}:\n{text}");
        }
    }
    // Without a configuration, a header only it declares is not known to be secret,
    // but everything else still is.
    for format in ["text", "json", "ndjson"] {
        let text = output(&["decode", "--format", format, CAPTURES]);
        for secret in &SECRETS[..4] {
            assert!(
                !text.contains(secret),
                "decode --format {format} shows {secret}:\n{text}"
            );
        }
    }
    for format in ["http", "curl", "ndjson"] {
        let text = output(&["send", "--dry-run", "--format", format, CAPTURES]);
        for secret in &SECRETS[..4] {
            assert!(
                !text.contains(secret),
                "send --dry-run --format {format} shows {secret}:\n{text}"
            );
        }
        // curl's `-u` goes out as `Authorization: Basic`: its password only in base64.
        let shown = output(&["send", "--dry-run", "--show-secrets", "--format", format, CAPTURES]);
        for secret in &SECRETS[1..4] {
            assert!(
                shown.contains(secret),
                "send --dry-run --show-secrets --format {format} hides {secret}:\n{shown}"
            );
        }
        let masked = output(&["send", "--dry-run", "--mask-pii", "--format", format, CAPTURES]);
        assert!(
            !masked.contains("9711636496"),
            "send --dry-run --mask-pii --format {format}:\n{masked}"
        );
    }
}

#[test]
fn show_secrets_shows_them() {
    let text = output(&[
        "decode",
        "--show-secrets",
        "--config",
        CONFIG,
        "--format",
        "json",
        CAPTURES,
    ]);
    for secret in ["hunter2-pass", "tok-abc123def", "key-7Qx9Zt", "chk-5a4b3c"] {
        assert!(text.contains(secret), "{secret} hidden even with --show-secrets");
    }
    let text = output(&["validate", "--show-secrets", CONFIG]);
    assert!(text.contains("chk-5a4b3c"), "{text}");
    let text = output(&["migrate", "--show-secrets", CONFIG]);
    for secret in ["hunter2-pass", "tok-abc123def", "key-7Qx9Zt", "chk-5a4b3c"] {
        assert!(text.contains(secret), "migrate hides {secret} even with --show-secrets");
    }
}

#[test]
fn mask_pii_masks_phone_numbers_in_every_format_raw_bodies_included() {
    for mut args in runs() {
        args.insert(1, "--mask-pii");
        let text = output(&args);
        assert!(!text.contains("9711636496"), "{args:?} shows the phone number:\n{text}");
    }
    let text = output(&["decode", "--mask-pii", "--format", "text", CAPTURES]);
    assert!(text.contains("the agent called back on ******6496"), "{text}");
}

/// A v2 delivery: an API key in a header named like a secret, another in the query,
/// a signature-looking header, a custom header only the configuration names, and
/// every place a v2 event carries a phone number.
fn v2_capture() -> String {
    let event = serde_json::json!({
        "event_id": "event-1", "company_id": "6836cad944e39380", "event_type": "call.summary",
        "event_sequence": 1, "event_version": 1, "timestamp": "2026-04-14T05:29:28Z", "channel": "call",
        "direction": "incoming", "session_id": "15.1776144484.2922",
        "system_identifier": "+911206544510", "customer_identifier": "+919876543210",
        "payload": {
            "id": "15.1776144484.2922", "did": "+911206544510", "customer_number": "+919876543210",
            "status": "bridged", "started_at": "2026-04-14T05:28:04+00:00", "duration": 82,
            "legs": [
                {"leg_index": 1, "type": "customer", "phone_number": "+919876543210", "result": "connected"},
                {"leg_index": 2, "type": "agent", "phone_number": "+919873641288", "result": "answered",
                 "dial_status": "ANSWER", "talk_duration": 80,
                 "agent": {"uuid": "6836cad947bcc605", "name": "A", "contact": "+919873641288", "extension": "10"}}
            ]
        }
    });
    let whatsapp = serde_json::json!({
        "event_type": "message.received", "customer_identifier": "919837114044",
        "system_identifier": "106540352242922", "session_id": "dd60b513",
        "payload": {"id": "9fcb92ab", "status": "received", "data": {"type": "text", "context": {"body": "call me on 9812345678"}}}
    });
    let post = |body: &serde_json::Value| {
        let body = body.to_string();
        format!(
            "POST /hooks/myoperator?token=qk-55Ab HTTP/1.1\r\nHost: crm.example.in\r\nContent-Type: application/json\r\nx-webhook-token: wh-7Qx9Zt31\r\nX-MyOperator-Signature: sig-Zz81\r\nX-Partner: pt-90Lm\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    format!("{}{}", post(&event), post(&whatsapp))
}

const V2_CONFIG: &str = r#"{"version": 2, "name": "CRM", "url": "https://crm.example.in/hooks/myoperator",
  "events": ["call.summary", "message.received"],
  "auth": {"type": "api_key", "in": "header", "name": "x-webhook-token", "value": "wh-7Qx9Zt31"},
  "headers": [{"name": "X-Partner", "value": "pt-90Lm"}]}"#;

#[test]
fn v2_keys_and_numbers_are_hidden_wherever_they_appear() {
    let scratch = crate::harness::Scratch::new("secrets-v2");
    let capture = scratch.write("v2.http", v2_capture());
    let config = scratch.write("v2.json", V2_CONFIG);
    let (capture, config) = (capture.to_str().unwrap(), config.to_str().unwrap());
    for format in ["text", "json", "ndjson"] {
        let configured = output(&["decode", "--config", config, "--format", format, capture]);
        for secret in ["wh-7Qx9Zt31", "qk-55Ab", "sig-Zz81", "pt-90Lm"] {
            assert!(
                !configured.contains(secret),
                "decode --config shows {secret}:\n{configured}"
            );
        }
        // Without the configuration, the header only it names is not known to be secret.
        let bare = output(&["decode", "--format", format, capture]);
        for secret in ["wh-7Qx9Zt31", "qk-55Ab", "sig-Zz81"] {
            assert!(!bare.contains(secret), "decode shows {secret}:\n{bare}");
        }
        let masked = output(&["decode", "--mask-pii", "--config", config, "--format", format, capture]);
        for number in [
            "9876543210",
            "9873641288",
            "1206544510",
            "9837114044",
            "9812345678",
            "106540352242922",
        ] {
            assert!(!masked.contains(number), "--mask-pii shows {number}:\n{masked}");
        }
        assert!(
            masked.contains("6544510") || masked.contains("4510"),
            "the last digits stay"
        );
    }
    let validated = output(&["validate", config]);
    assert!(
        !validated.contains("wh-7Qx9Zt31") && !validated.contains("pt-90Lm"),
        "{validated}"
    );
    let shown = output(&[
        "decode",
        "--show-secrets",
        "--config",
        config,
        "--format",
        "json",
        capture,
    ]);
    for secret in ["wh-7Qx9Zt31", "qk-55Ab", "sig-Zz81", "pt-90Lm"] {
        assert!(shown.contains(secret), "{secret} hidden even with --show-secrets");
    }
}

/// Secrets in every place the issue names (and a few more): lines that fail to
/// parse, findings' messages, the names and curl options that carry secrets, JSON
/// call logs and text bodies. Every secret here starts with `s3-`.
fn adversarial_captures() -> String {
    let log = serde_json::json!({
        "uid": "n2.1596270949.1", "call_state": "5", "token": "s3-log-token",
        "password": "s3-log-password", "meta": {"api_key": "s3-log-key"},
    });
    [
        // A header line without its colon, a JSON log with a trailing character, and
        // an access-log line cut short (and, last, as it runs to the end, a curl
        // command with an unterminated quote).
        "POST /h HTTP/1.1\r\nHost: x\r\nX-Token s3-http-line\r\n\r\n".to_owned(),
        "{\"uid\": \"n2.1\", \"token\":\"s3-json-trailing\"}x".to_owned(),
        "203.0.113.9 - admin [01/Aug/2020:08:35:49 +0000] \"GET /h?token=s3-access-line HTTP/1.1\" 200".to_owned(),
        // Findings that would quote a value, and options callhook does not follow.
        "/h?token=s3-percent%zz&sig=s3-sig+plus&pass=s3-pass".to_owned(),
        "curl --frobnicate http://x.example/h?a=1 --proxy-user u:s3-proxy-user --pass s3-curl-pass -E c.pem:s3-cert -b 'sid=s3-cookie' --oauth2-bearer s3-bearer --user admin:s3-user-long -uadmin:s3-user-glued".to_owned(),
        format!(
            "POST /h HTTP/1.1\r\nX-Pass: s3-x-pass\r\nX-JWT: s3-jwt\r\nX-Credential: s3-credential\r\nCookie: a=s3-cookie-header\r\nSet-Cookie: b=s3-set-cookie\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{log}",
            log.to_string().len()
        ),
        "POST /t HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 32\r\n\r\nretry with password=s3-text-body".to_owned(),
        "curl -H 'Authorization: Bearer s3-curl-quote' 'http://x.example/h".to_owned(),
    ]
    .join("\n")
        + "\n"
}

#[test]
fn no_secret_appears_from_a_failed_record_a_message_or_a_new_secret_place() {
    let scratch = crate::harness::Scratch::new("secrets-adversarial");
    let captures = scratch.write("captures.txt", adversarial_captures());
    let captures = captures.to_str().unwrap();
    let broken = scratch.write(
        "broken.json",
        "{\"credentials\": {\"username\": \"a\", \"password\": \"s3-config-syntax\"} x}",
    );
    let typed = scratch.write(
        "typed.json",
        "{\"target_url\": \"https://x.example/h\", \"method\": \"POST\", \"headers\": [\"X-Token: s3-config-header\", 7], \"credentials\": {\"username\": \"a\", \"password\": [\"s3-config-type\"]}, \"query_params\": [{\"name\": \"token\", \"field\": \"custom\", \"value\": \"s3-config-custom\"}]}",
    );
    let configs = [broken.to_str().unwrap(), typed.to_str().unwrap()];
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["text", "json", "ndjson"] {
        runs.push(vec!["decode", "--format", format, captures]);
        runs.push(vec!["timeline", "--format", format, captures]);
    }
    runs.push(vec!["timeline", "--summary", captures]);
    for format in ["text", "json"] {
        runs.push([&["validate", "--format", format][..], &configs].concat());
        for config in configs {
            runs.push(vec!["migrate", "--format", format, config]);
            runs.push(vec!["decode", "--config", config, "--format", format, captures]);
        }
    }
    for args in &runs {
        let text = output(args);
        assert!(!text.contains("s3-"), "{args:?} shows a secret:\n{text}");
    }
    // The curl command's URL is its URL, not the unknown option's neighbour.
    let text = output(&["decode", "--format", "json", captures]);
    assert!(text.contains("\"url\": \"http://x.example/h?a=1\""), "{text}");
}

/// One shape for every masked number (country code and last four digits), in
/// every place a number can stand: a uid, a JSON number, a key, an agent list.
#[test]
fn mask_pii_masks_every_phone_number_in_one_shape() {
    let log = serde_json::json!({
        "uid": "n2.9711636496.1", "call_state": "6", "caller_number": "+919711636496",
        "clid": "9711636496", "users": ["+918586848544", "+919711636496"],
        "extra": 919711636496_u64, "9711636496": "a key", "_ld": [{"_rr": [{"_ct": "+918586848544"}]}],
    });
    let scratch = crate::harness::Scratch::new("secrets-phones");
    let path = scratch.write("calls.ndjson", format!("{log}\n"));
    let path = path.to_str().unwrap();
    let config = scratch.write(
        "config.json",
        "{\"target_url\": \"https://x.example/h?tel=919711636496\", \"method\": \"POST\", \"headers\": [\"X-Phone: +919711636496\"]}",
    );
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["text", "json", "ndjson"] {
        runs.push(vec!["decode", "--mask-pii", "--format", format, path]);
        runs.push(vec!["timeline", "--mask-pii", "--format", format, path]);
    }
    runs.push(vec!["timeline", "--mask-pii", "--summary", path]);
    runs.push(vec!["timeline", "--mask-pii", "--format", "mermaid", path]);
    runs.push(vec!["validate", "--mask-pii", config.to_str().unwrap()]);
    runs.push(vec![
        "validate",
        "--mask-pii",
        "--format",
        "json",
        config.to_str().unwrap(),
    ]);
    for args in &runs {
        let text = output(args);
        for digits in ["9711636496", "8586848544", "97116", "85868"] {
            assert!(!text.contains(digits), "{args:?} shows {digits}:\n{text}");
        }
        for wrong in ["+********", "+************", "* agent"] {
            assert!(
                !text.contains(wrong),
                "{args:?} masks in another shape ({wrong}):\n{text}"
            );
        }
    }
    let text = output(&["decode", "--mask-pii", path]);
    assert!(text.contains("+91******6496"), "{text}");
    assert!(text.contains("+91******8544"), "{text}");
}

/// `send --dry-run` writes a body through the redaction decode applies: secret JSON
/// keys and a `password=` in a text body, in every format; `--show-secrets` writes
/// them as they are.
#[test]
fn send_dry_runs_redact_secrets_in_bodies() {
    let scratch = crate::harness::Scratch::new("send-bodies");
    let json = "{\"uid\":\"n2.1596270949.1\",\"token\":\"tok-in-body-77\",\"api_key\":\"key-in-body-88\"}";
    let text = "note password=pass-in-body-99";
    let capture = scratch.write(
        "bodies.http",
        format!(
            "POST /h HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}POST /t HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{text}",
            json.len(),
            text.len()
        ),
    );
    let capture = capture.to_str().unwrap();
    let secrets = ["tok-in-body-77", "key-in-body-88", "pass-in-body-99"];
    for format in ["http", "curl", "ndjson", "text"] {
        let hidden = output(&["send", "--dry-run", "--format", format, capture]);
        let shown = output(&["send", "--dry-run", "--show-secrets", "--format", format, capture]);
        for secret in secrets {
            assert!(!hidden.contains(secret), "--format {format} shows {secret}:\n{hidden}");
            assert!(
                shown.contains(secret),
                "--format {format} --show-secrets hides {secret}:\n{shown}"
            );
        }
    }
}
