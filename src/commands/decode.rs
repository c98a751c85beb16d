//! `callhook decode [FILE...]`: every record of every input, decoded and rendered.
//!
//! Records are decoded and rendered on the workers of `pipeline::read_records`, in
//! the format's [`DecodeReport`], and written in input order by its
//! [`RecordWriter`](crate::render::decode::output::RecordWriter).

use std::io::{self, Write};
use std::sync::Arc;

use crate::cli::{DecodeArgs, DecodeFormat};
use crate::commands::config_file::{declaring, load_webhooks};
use crate::commands::configuration_or_capture::{looks_like_configuration, write_configuration_note};
use crate::decode::decode_record;
use crate::pipeline::{Input, Item, Processed, read_records};
use crate::render::decode::{DecodeCsv, DecodeJson, DecodeNdjson, DecodeOutput, DecodeReport, DecodeText};
use crate::render::message::write_error;
use crate::render::reading::{FailedRecords, write_tally, write_unreadable};
use crate::settings::Settings;
use crate::status::Status;
use crate::validate::check_against;

pub fn run(args: &DecodeArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let inputs = match Input::from_args(&args.files, "decode") {
        Ok(inputs) => inputs,
        Err(message) => {
            write_error(err, message)?;
            return Ok(Status::CouldNotRun);
        }
    };
    let webhooks = match &args.config {
        None => None,
        Some(path) => match load_webhooks(path, "decode --config", settings, err)? {
            Some(webhooks) => Some(webhooks),
            None => return Ok(Status::CouldNotRun),
        },
    };
    let settings = webhooks.as_ref().map_or(settings, |w| declaring(settings, w));
    let output = DecodeOutput::new(report(args.format, settings, args.ascii));
    let mut writer = output.writer();
    // The opening (JSON's `{"records":[`, CSV's header) waits until an input could
    // be opened: when none can, there is no report to open.
    let mut opening = Vec::new();
    writer.begin(&mut opening)?;
    let mut opening = Some(opening);
    let mut failed = FailedRecords::new(settings.privacy);
    let mut configurations: Vec<Arc<str>> = Vec::new();
    let tally = read_records(
        &inputs,
        args.input_format,
        |raw| {
            decode_record(raw, settings.tz)
                .into_iter()
                .map(|decoded| {
                    decoded.map(|mut record| {
                        if let Some(webhooks) = &webhooks {
                            check_against(&mut record, webhooks, settings.tz);
                        }
                        let configuration = looks_like_configuration(&record).then(|| record.source.file.clone());
                        Processed {
                            has_error: record.has_error(),
                            value: (output.render(&record), configuration),
                        }
                    })
                })
                .collect()
        },
        |item| match item {
            Item::Decoded((rendered, configuration), number) => {
                open(out, &mut opening)?;
                if let Some(file) = configuration
                    && !configurations.contains(&file)
                {
                    configurations.push(file);
                }
                writer.record(out, rendered, number)
            }
            // Output is flushed before an error, so that where both go to one terminal
            // the error stands after the record before it.
            Item::Failed(e, number) => {
                open(out, &mut opening)?;
                writer.flush(out)?;
                failed.failed(err, e, number)?;
                writer.failure(e, number);
                Ok(())
            }
            Item::Unreadable(name, e) => {
                writer.flush(out)?;
                write_unreadable(err, name, e)
            }
            Item::Ended => {
                writer.flush(out)?;
                failed.ended(err)
            }
            Item::Idle => {
                open(out, &mut opening)?;
                writer.flush(out)
            }
        },
    )?;
    if tally.nothing_read(inputs.len()) {
        // The errors said what could not be read and where: no report of nothing.
        return Ok(tally.status());
    }
    open(out, &mut opening)?;
    writer.end(out, &tally)?;
    out.flush()?;
    for file in &configurations {
        write_configuration_note(err, file)?;
    }
    write_tally(err, &tally)?;
    Ok(tally.status())
}

/// Writes the report's opening once, before anything else of it.
fn open(out: &mut dyn Write, opening: &mut Option<Vec<u8>>) -> io::Result<()> {
    match opening.take() {
        Some(bytes) => out.write_all(&bytes),
        None => Ok(()),
    }
}

/// The format `--format` names: one type a format.
fn report(format: DecodeFormat, settings: Settings, ascii: bool) -> Box<dyn DecodeReport> {
    let (privacy, tz) = (settings.privacy, settings.tz);
    match format {
        DecodeFormat::Text => Box::new(DecodeText::new(settings, ascii)),
        DecodeFormat::Csv => Box::new(DecodeCsv { settings }),
        DecodeFormat::Json => Box::new(DecodeJson { privacy, tz }),
        DecodeFormat::Ndjson => Box::new(DecodeNdjson { privacy, tz }),
    }
}
