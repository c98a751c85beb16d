//! The malformed-input corpus, `tests/fixtures/bad/`: every file gives its expected
//! exit status (never 101, a panic) and a message naming the place, with peak memory
//! under 512 MB. Inputs too large to commit (a 100 MB line, JSON nested 100 000
//! deep, 200 000 headers) are written here at run time.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::Scratch;

const MEMORY_LIMIT_KB: u64 = 512 * 1024;

struct Outcome {
    status: i32,
    output: String,
    peak_kb: u64,
}

/// Runs callhook under /usr/bin/time for its peak resident memory.
fn run(command: &str, file: &Path) -> Outcome {
    let scratch = Scratch::new("rss");
    let report = scratch.path().join("time");
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_callhook"))
        .arg(command)
        .arg(file)
        .env_clear()
        .output()
        .expect("/usr/bin/time runs (the time package)");
    let peak_kb = std::fs::read_to_string(&report)
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    Outcome {
        status: out.status.code().unwrap_or(-1),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        peak_kb,
    }
}

fn check(file: &Path, command: &str, status: i32, expected: &str) {
    let outcome = run(command, file);
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(
        !outcome.output.contains("panicked"),
        "{name} panicked:\n{}",
        outcome.output
    );
    assert_eq!(outcome.status, status, "{name}: exit status\n{}", outcome.output);
    assert!(
        outcome.output.contains(expected),
        "{name}: expected {expected:?} in\n{}",
        outcome.output
    );
    assert!(
        outcome.output.contains(&*name),
        "{name}: the output does not name the file\n{}",
        outcome.output
    );
    assert!(
        outcome.peak_kb < MEMORY_LIMIT_KB,
        "{name}: peak memory {} KB",
        outcome.peak_kb
    );
}

#[test]
fn every_malformed_file_gives_its_documented_status_and_a_placed_message() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let manifest = std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap();
    let mut listed = Vec::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "bad manifest line: {line}");
        check(&dir.join(fields[0]), fields[1], fields[2].parse().unwrap(), fields[3]);
        listed.push(fields[0].to_owned());
    }
    let on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED.tsv")
        .collect();
    for name in &on_disk {
        assert!(
            listed.contains(name),
            "{name} is in tests/fixtures/bad but not in EXPECTED.tsv"
        );
    }
    assert!(listed.len() >= 40, "{}", listed.len());
}

#[test]
fn inputs_too_large_to_commit() {
    let dir = Scratch::new("bad");
    let deep = dir.write("deep-100000.json", "[".repeat(100_000).into_bytes());
    check(
        &deep,
        "decode",
        1,
        "deep-100000.json:1:128: record 1: invalid JSON: recursion limit exceeded",
    );
    check(&deep, "validate", 1, "error[invalid-json]: JSON nested 65 levels deep");
    check(
        &deep,
        "timeline",
        1,
        "deep-100000.json:1:128: record 1: invalid JSON: recursion limit exceeded",
    );

    let mut long = vec![b'a'; 100 << 20];
    long.extend_from_slice(b"\n/webhook.php?call_state=6\n");
    let long = dir.write("line-100mb.txt", long);
    check(
        &long,
        "decode",
        1,
        "line-100mb.txt:1:1: record 1: record is longer than 64 MiB; it is skipped to the end of its line",
    );

    let mut headers = b"POST /webhook.php HTTP/1.1\r\n".to_vec();
    for i in 0..200_000 {
        headers.extend_from_slice(format!("X-H-{i}: v\r\n").as_bytes());
    }
    headers.extend_from_slice(b"Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{}");
    let headers = dir.write("headers-200000.http", headers);
    check(&headers, "decode", 0, "headers-200000.http:1 · HTTP request");
}
