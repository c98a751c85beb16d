//! Entry points for the fuzz targets in `fuzz/`, and for
//! `tests/integration/fuzz_regressions.rs`, which replays every input the fuzzers ever
//! crashed on. Each runs one parser on arbitrary bytes, then renders what it produced
//! in every format: nothing may panic.

use std::sync::Arc;

use chrono::FixedOffset;

use crate::decode::{DecodedRecord, decode_record};
use crate::input::reader::RecordReader;
use crate::input::{InputFormat, RawRecord, Source};
use crate::privacy::Privacy;
use crate::render::decode::{DecodeCsv, DecodeJson, DecodeNdjson, DecodeReport, DecodeText};
use crate::render::diagnostics::{quotable_source, write_text};
use crate::render::json_writer::RecordNumber;
use crate::settings::Settings;
use crate::timeline::Collector;
use crate::timeline::event::Sighting;

/// A fuzz target: arbitrary bytes in, nothing out, no panic.
pub type Target = fn(&[u8]);

/// Every target, by the name `cargo fuzz run NAME` takes.
pub const TARGETS: &[(&str, Target)] = &[
    ("http", http),
    ("curl", curl),
    ("form", form),
    ("json", json),
    ("har", har),
    ("access_log", access_log),
    ("validate", validate),
    ("stream", stream),
    ("send", send),
    ("flow", flow),
];

fn settings() -> Settings {
    Settings {
        color: false,
        privacy: Privacy {
            show_secrets: false,
            mask_pii: true,
            ..Privacy::default()
        },
        tz: FixedOffset::east_opt(19800).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC")),
    }
}

/// Decodes one record of `format` and renders and collects whatever comes out.
fn record(format: InputFormat, data: &[u8]) {
    let raw = RawRecord {
        source: Source {
            file: Arc::from("fuzz"),
            line: 1,
        },
        format,
        text: data.to_vec(),
    };
    let settings = settings();
    let mut collector = Collector::default();
    if let Some(sighting) = Sighting::from_json(&raw, settings.tz) {
        collector.add(&sighting, 1);
    }
    for (i, result) in decode_record(&raw, settings.tz).into_iter().enumerate() {
        if let Ok(decoded) = result {
            render(&decoded, i + 1, settings);
            collector.add(&Sighting::from_record(&decoded), i + 1);
        }
    }
    let _ = collector.finish();
}

/// One record in every `decode` format.
fn render(decoded: &DecodedRecord, number: usize, settings: Settings) {
    let (privacy, tz) = (settings.privacy, settings.tz);
    let formats: [&dyn DecodeReport; 5] = [
        &DecodeText::new(settings, false),
        &DecodeText::new(settings, true),
        &DecodeJson { privacy, tz },
        &DecodeNdjson { privacy, tz },
        &DecodeCsv { settings },
    ];
    for format in formats {
        let mut out = Vec::new();
        format.record(decoded, RecordNumber::Known(number), &mut out);
    }
}

pub fn http(data: &[u8]) {
    record(InputFormat::Http, data);
}

pub fn curl(data: &[u8]) {
    record(InputFormat::Curl, data);
}

pub fn form(data: &[u8]) {
    record(InputFormat::Form, data);
    record(InputFormat::Url, data);
}

pub fn json(data: &[u8]) {
    record(InputFormat::Json, data);
    // The listen log is JSON lines too.
    record(InputFormat::ListenLog, data);
}

pub fn har(data: &[u8]) {
    record(InputFormat::Har, data);
}

pub fn access_log(data: &[u8]) {
    record(InputFormat::AccessLog, data);
}

/// A configuration checked and its diagnostics rendered; its v1 webhooks migrated,
/// and the result rendered and checked again, as `migrate` does.
pub fn validate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let checked = crate::validate::check(&text);
    let source = quotable_source(&text, &checked.secrets, settings().privacy);
    let _ = write_text(&mut Vec::new(), "fuzz", &source, &checked.diagnostics, false);
    let _ = write_text(&mut Vec::new(), "fuzz", &source, &checked.diagnostics, true);
    let migrations: Vec<_> = checked
        .webhooks
        .iter()
        .map(|w| crate::validate::migration::migrate(w, "fuzz".into()))
        .collect();
    let settings = settings();
    let config = crate::render::migrate::configuration(&migrations, true, settings.privacy);
    let written = config.to_string();
    let again = crate::validate::check(&written);
    let _ = crate::render::migrate::write_notes(&mut Vec::new(), "fuzz", &migrations, &checked.webhooks, false);
    let _ = crate::render::migrate::write_json(
        &mut Vec::new(),
        &config,
        &migrations,
        &checked.webhooks,
        ("fuzz", &written, &again),
    );
}

/// A whole capture: framing, detection and every record decoded and rendered.
pub fn stream(data: &[u8]) {
    let settings = settings();
    for (i, raw) in RecordReader::new(data, Arc::from("fuzz"), None).flatten().enumerate() {
        for decoded in decode_record(&raw, settings.tz).into_iter().flatten() {
            render(&decoded, i + 1, settings);
        }
    }
}

/// A capture read for replay, as `send` reads it; its first line taken as `--set`
/// edits (one per `;`), applied; every request written as a dry run in every format.
pub fn send(data: &[u8]) {
    use crate::send::edit::{Edit, apply};
    use crate::send::replay::{Filter, Replayed, read_input};
    let (first, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&data[..0], data),
    };
    let settings = settings();
    let edits: Vec<Edit> = String::from_utf8_lossy(first)
        .split(';')
        .filter_map(|arg| Edit::parse(arg).ok())
        .collect();
    for only_failed in [false, true] {
        let filter = Filter {
            calls: Vec::new(),
            only_failed,
            input_format: None,
        };
        let mut replayed = Replayed::default();
        if read_input(rest, "fuzz", &filter, &mut replayed).is_err() {
            return;
        }
        let _ = apply(&edits, &mut replayed.requests, settings.tz);
        dry_run(&replayed.requests, settings);
    }
}

/// A flow file, as TOML and as JSON, checked and simulated against a v1 and a v2
/// configuration for two calls, and the requests written as a dry run.
pub fn flow(data: &[u8]) {
    use crate::send::simulate::{Simulation, simulate};
    let text = String::from_utf8_lossy(data);
    let v1 = crate::validate::check(FUZZ_V1_CONFIG);
    let v2 = crate::validate::check(FUZZ_V2_CONFIG);
    let settings = settings();
    for toml_text in [true, false] {
        let Ok(flow) = crate::send::flow::parse(&text, toml_text, "fuzz") else {
            continue;
        };
        for checked in [&v1, &v2] {
            let simulation = Simulation {
                webhooks: &checked.webhooks,
                v2_webhooks: &checked.v2_webhooks,
                flow: &flow,
                calls: 2,
                seed: 7,
                start: 1_767_225_600,
                tz: settings.tz,
            };
            if let Ok(made) = simulate(&simulation) {
                dry_run(&made.requests, settings);
            }
        }
    }
}

const FUZZ_V1_CONFIG: &str = r#"[
  {"type": "in_call", "target_url": "https://crm.example.com/in-call", "method": "POST", "format": "json",
   "headers": ["X-Token: abc123"], "log_criteria": "call_logs"},
  {"type": "after_call", "target_url": "https://crm.example.com/after-call", "method": "POST", "format": "json",
   "log_criteria": "call_logs"}
]"#;

const FUZZ_V2_CONFIG: &str = r#"{"version": 2, "name": "fuzz", "url": "https://crm.example.in/hooks?team=7",
  "events": ["call.initiated", "call.dial_begin", "call.answered", "call.end", "call.summary"],
  "auth": {"type": "api_key", "in": "query", "name": "key", "value": "k-123"}}"#;

/// Requests written as `send --dry-run` writes them, in every format.
fn dry_run(requests: &[crate::send::request::OutboundRequest], settings: Settings) {
    use crate::render::send::{DryRun, SendFormat};
    for format in [SendFormat::Http, SendFormat::Curl, SendFormat::Ndjson] {
        for to in [
            None,
            Some(("http".to_owned(), "127.0.0.1:3000".to_owned(), "/hook".to_owned())),
        ] {
            let mut out = Vec::new();
            let mut dry = DryRun {
                format,
                privacy: settings.privacy,
                terminal: true,
                to,
                out: &mut out,
            };
            for request in requests {
                let _ = dry.write(request);
            }
        }
    }
}
