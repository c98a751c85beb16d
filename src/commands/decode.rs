//! `callhook decode [FILE...]`: every record of every input, decoded and rendered.
//!
//! Records are decoded and rendered on the workers of `pipeline::read_records`, in
//! the format's [`DecodeReport`], and written in input order by its
//! [`RecordWriter`](crate::render::decode::output::RecordWriter).

use std::io::Write;

use crate::cli::{DecodeArgs, DecodeFormat};
use crate::commands::config_file::{declaring, load_webhooks};
use crate::decode::decode_record;
use crate::pipeline::{Input, Item, Processed, read_records};
use crate::render::decode::{DecodeCsv, DecodeJson, DecodeNdjson, DecodeOutput, DecodeReport, DecodeText};
use crate::render::message::write_error;
use crate::render::reading::{write_record_error, write_tally, write_unreadable};
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
    writer.begin(out)?;
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
                        Processed {
                            has_error: record.has_error(),
                            value: output.render(&record),
                        }
                    })
                })
                .collect()
        },
        |item| match item {
            Item::Decoded(rendered, number) => writer.record(out, rendered, number),
            // Output is flushed before an error, so that where both go to one terminal
            // the error stands after the record before it.
            Item::Failed(e, number) => {
                writer.flush(out)?;
                write_record_error(err, e, number, settings.privacy)?;
                writer.failure(e, number);
                Ok(())
            }
            Item::Unreadable(name, e) => {
                writer.flush(out)?;
                write_unreadable(err, name, e)
            }
            Item::Idle => writer.flush(out),
        },
    )?;
    writer.end(out, &tally)?;
    out.flush()?;
    write_tally(err, &tally)?;
    Ok(tally.status())
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
