//! `decode --format csv`, the way into a spreadsheet: a row per field of every
//! record (headers, query parameters, form fields, call-log fields), each with the
//! record's place, the field's path and key, its value, meaning and interpretation,
//! all as text output shows them (secrets redacted, phone numbers masked under
//! `--mask-pii`, control characters escaped by [`write_row`]).

use std::borrow::Cow;
use std::io::Write;

use super::DecodeReport;
use crate::decode::DecodedRecord;
use crate::render::csv::write_row;
use crate::render::entry_text::meaning;
use crate::render::json_writer::RecordNumber;
use crate::render::visible;
use crate::settings::Settings;

/// The columns, in order.
const HEADERS: [&str; 6] = ["record", "path", "key", "value", "meaning", "interpretation"];

/// `--format csv`.
pub struct DecodeCsv {
    pub settings: Settings,
}

impl DecodeReport for DecodeCsv {
    fn begin(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write_row(out, &HEADERS)
    }

    /// A row a field; the record is named by its place (`file:line`), which every
    /// row carries, where the other formats number records.
    fn record(&self, r: &DecodedRecord, _number: RecordNumber<'_>, out: &mut Vec<u8>) {
        let privacy = self.settings.privacy;
        let place = format!("{}:{}", r.source.file, r.source.line);
        let mut row = |path: &str, key: &str, value: &str, meaning: &str, display: &str| {
            // Writing to a Vec cannot fail.
            let _ = write_row(out, &[place.as_str(), path, key, value, meaning, display]);
        };
        if let Some(q) = &r.request {
            for h in &q.headers {
                let name = privacy.name(&h.name);
                row(
                    &format!("header.{name}"),
                    &name,
                    &visible::header_value(h, privacy),
                    "",
                    "",
                );
            }
            let has_call_log = r.payload.is_some();
            let params = (q.query.iter().map(|p| ("query", p)))
                .chain(q.form.iter().map(|p| ("form", p)))
                .filter(|(_, p)| p.name != "myoperator" || !has_call_log);
            for (part, p) in params {
                let shown = visible::param(p, privacy);
                row(
                    &format!("{part}.{}", shown.name),
                    &shown.name,
                    &shown.value,
                    p.field.map(|f| meaning(Some(f))).unwrap_or_default(),
                    shown.display.as_deref().unwrap_or_default(),
                );
            }
            if let Some(body) = &q.body_text {
                row("body", "", &privacy.text(body), "", "");
            }
        }
        for field in r.payload.iter().flat_map(|p| &p.fields) {
            let value = visible::value(field, privacy);
            let value: Cow<'_, str> = match value.as_ref() {
                serde_json::Value::String(s) => Cow::Owned(s.clone()),
                other => Cow::Owned(other.to_string()),
            };
            row(
                &privacy.name(field.path()),
                &privacy.name(&field.key),
                &value,
                meaning(field.field),
                visible::display(field, privacy).as_deref().unwrap_or_default(),
            );
        }
    }

    fn separator(&self, _written: usize) -> &'static [u8] {
        b""
    }
}
