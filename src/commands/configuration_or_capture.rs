//! A file given to the wrong command: a captured request, call log or v2 event where
//! a webhook configuration is wanted (`validate`, `migrate`, `--config`), or a
//! configuration where captures are (`decode`). Each is told apart by what the rest
//! of callhook already knows: a capture by the input format sniffing and the
//! vocabulary's family detection (through `decode_record`), a configuration by the
//! keys that only a configuration has. Told before the file is judged as what it is
//! not, so that one line names the command that fits instead of dozens of errors.

use std::io::{self, Write};
use std::sync::Arc;

use chrono::FixedOffset;
use colored::Colorize;

use crate::decode::{DecodedRecord, decode_record};
use crate::input::InputFormat;
use crate::input::reader::RecordReader;
use crate::render::reading::shell_word;
use crate::terminal::escape_control;
use crate::vocabulary::family::Family;

/// What the configuration file `text` holds if it is a capture instead: `a captured
/// call.end event (Webhook v2)`, `12 captured records (the first an In-Call call
/// log, Webhook v1)`; `None` when it does not look like one.
pub fn capture_described(name: &str, text: &str) -> Option<String> {
    let mut records = RecordReader::new(text.as_bytes(), Arc::from(name), None);
    let first = records.next()?.ok()?;
    let decoded = decode_record(&first, FixedOffset::east_opt(0)?)
        .into_iter()
        .next()?
        .ok()?;
    let (what, version) = captured(&decoded)?;
    let more = records.count();
    Some(match (more, version) {
        (0, Some(version)) => format!("a captured {what} ({version})"),
        (0, None) => format!("a captured {what}"),
        (_, Some(version)) => format!(
            "{} captured records (the first {} {what}, {version})",
            more + 1,
            article(&what)
        ),
        (_, None) => format!("{} captured records (the first {} {what})", more + 1, article(&what)),
    })
}

/// What a decoded record is, when it is a capture, and of which Webhook version:
/// `call.end event` (v2), `In-Call call log in a form body` (v1), `HTTP request`.
fn captured(decoded: &DecodedRecord) -> Option<(String, Option<&'static str>)> {
    let family = decoded.payload.as_ref().map_or(Family::Unknown, |p| p.family);
    let log = match family {
        Family::V2Call | Family::V2WhatsApp => Some(match decoded.v2_event_type() {
            Some(event) => format!("{} event", escape_control(event)),
            None => "event".to_owned(),
        }),
        Family::InCall | Family::AfterCall | Family::Disposition => Some(format!("{} call log", family.label())),
        Family::Unknown => None,
    };
    let version = match family {
        Family::V2Call | Family::V2WhatsApp => Some("Webhook v2"),
        Family::InCall | Family::AfterCall | Family::Disposition => Some("Webhook v1"),
        Family::Unknown => None,
    };
    let format = decoded.format;
    // Without a known call log, only a request framed as one, or a URL whose query
    // names call-log fields, is a capture: a JSON object, or a line a JSONC comment
    // might be read as, could be a configuration.
    let request = decoded.request.as_ref();
    let framed_request = match format {
        InputFormat::Http | InputFormat::Curl | InputFormat::Har | InputFormat::AccessLog | InputFormat::ListenLog => {
            request.is_some()
        }
        InputFormat::Url => request.is_some_and(|r| r.query.iter().any(|p| p.field.is_some())),
        InputFormat::Form | InputFormat::Json => false,
    };
    let what = match (log, format) {
        (Some(log), InputFormat::Json) => log,
        (Some(log), _) => format!("{log} in {} {}", article(format.describe()), format.describe()),
        (None, _) if framed_request => format.describe().to_owned(),
        (None, _) => return None,
    };
    Some((what, version))
}

/// `a` or `an`, as the word is said (`an HTTP request`, `an In-Call log`).
fn article(word: &str) -> &'static str {
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
    if vowel || word.starts_with("HTTP") { "an" } else { "a" }
}

/// `callhook COMMAND FILE`, or `callhook COMMAND` for standard input.
fn command_on(command: &str, file: &str) -> String {
    let line = if file == "<stdin>" {
        format!("callhook {command}")
    } else {
        format!("callhook {command} {}", shell_word(file))
    };
    escape_control(&line).into_owned()
}

/// `error: FILE looks like WHAT, not a webhook configuration: decode it with ...`.
pub fn write_not_a_configuration(err: &mut dyn Write, name: &str, what: &str) -> io::Result<()> {
    writeln!(
        err,
        "{}: {} looks like {what}, not a webhook configuration: decode it with `{}`",
        "error".red().bold(),
        escape_control(name),
        command_on("decode", name)
    )
}

/// Whether a decoded record is a webhook configuration rather than a capture: a
/// JSON object of no known family with the keys only a configuration has (v1's
/// `target_url`; v2's `url` with `events`).
pub fn looks_like_configuration(record: &DecodedRecord) -> bool {
    let Some(payload) = &record.payload else {
        return false;
    };
    if record.format != InputFormat::Json || payload.family != Family::Unknown {
        return false;
    }
    let has = |key: &str| {
        payload
            .fields
            .iter()
            .any(|row| row.path().split(['.', '[']).next() == Some(key))
    };
    has("target_url") || (has("url") && has("events"))
}

/// `note: FILE looks like a webhook configuration ...: callhook validate FILE`.
pub fn write_configuration_note(err: &mut dyn Write, file: &str) -> io::Result<()> {
    writeln!(
        err,
        "{}: {} looks like a webhook configuration, not a captured request: `{}` checks it",
        "note".cyan().bold(),
        escape_control(file),
        command_on("validate", file)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_are_told_by_their_family_and_format() {
        let v2 = r#"{"event_type":"call.end","payload":{"status":"missed"},"timestamp":"2025-01-01T00:00:00Z"}"#;
        assert_eq!(
            capture_described("e.json", v2).as_deref(),
            Some("a captured call.end event (Webhook v2)")
        );
        let logs = "{\"uid\":\"c1\",\"call_state\":\"1\",\"clid_raw\":\"9711636496\"}\n\
                    {\"uid\":\"c1\",\"call_state\":\"2\",\"clid_raw\":\"9711636496\"}\n";
        assert_eq!(
            capture_described("calls.ndjson", logs).as_deref(),
            Some("2 captured records (the first an In-Call call log, Webhook v1)")
        );
    }

    #[test]
    fn configurations_are_not_captures() {
        for config in [
            r#"{"target_url":"https://x.example/hook","method":"POST","log_criteria":"call_logs"}"#,
            r#"[{"target_url":"https://x.example/hook"},{"target_url":"https://y.example/hook"}]"#,
            r#"{"version":2,"url":"https://x.example/hook","events":["call.end"]}"#,
            "// a JSONC comment\n{\"version\":2,\"url\":\"https://x.example/?a=b\",\"events\":[]}",
            "{\"target_url\": \"https://x.example/hook\",}",
            "not json at all",
            "",
        ] {
            assert_eq!(capture_described("c.json", config), None, "{config}");
        }
    }
}
