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
