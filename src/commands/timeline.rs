//! `callhook timeline [FILE...]`: calls, their states in order, and their anomalies.

use std::io::Write;

use crate::cli::{TimelineArgs, TimelineFormat};
use crate::decode::decode_record;
use crate::pipeline::{Input, Item, Processed, read_records};
use crate::render::SCHEMA_VERSION;
use crate::render::message::write_error;
use crate::render::pretty::write_indented;
use crate::render::reading::{write_record_error, write_tally, write_unreadable};
use crate::render::timeline_json::{CallView, SummaryView, TotalsView, unassigned};
use crate::render::timeline_mermaid::write_mermaid;
use crate::render::timeline_summary;
use crate::render::timeline_text::{Glyphs, write_call, write_unassigned};
use crate::settings::Settings;
use crate::status::Status;
use crate::timeline::call::Call;
use crate::timeline::event::Sighting;
use crate::timeline::{Collector, Timeline, Totals};

pub fn run(
    args: &TimelineArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Status> {
    let bad_arguments = |err: &mut dyn Write, message: &str| -> anyhow::Result<Status> {
        write_error(err, message)?;
        Ok(Status::CouldNotRun)
    };
    if args.format == TimelineFormat::Csv && !args.summary {
        return bad_arguments(err, "`--format csv` prints the summary table: add `--summary`");
    }
    if args.format == TimelineFormat::Mermaid && args.summary {
        return bad_arguments(
            err,
            "`--format mermaid` draws one call, not a summary: drop `--summary`",
        );
    }
    let inputs = match Input::from_args(&args.files, "timeline") {
        Ok(inputs) => inputs,
        Err(message) => return bad_arguments(err, &message),
    };
    let mut collector = Collector::default();
    let tally = read_records(
        &inputs,
        args.input_format,
        |raw| match Sighting::from_json(raw, settings.tz) {
            Some(sighting) => vec![Ok(Processed {
                value: sighting,
                has_error: false,
            })],
            None => decode_record(raw, settings.tz)
                .into_iter()
                .map(|decoded| {
                    decoded.map(|record| Processed {
                        has_error: record.has_error(),
                        value: Sighting::from_record(&record),
                    })
                })
                .collect(),
        },
        |item| match item {
            Item::Decoded(record, number) => {
                collector.add(record, number);
                Ok(())
            }
            Item::Failed(e, number) => write_record_error(err, e, number, settings.privacy),
            Item::Unreadable(name, e) => write_unreadable(err, name, e),
            Item::Idle => Ok(()),
        },
    )?;
    let timeline = collector.finish();
    let calls: Vec<&Call> = timeline.calls.iter().filter(|c| selected(args, &timeline, c)).collect();

    match (args.format, args.summary) {
        (TimelineFormat::Mermaid, _) => match calls.as_slice() {
            [call] => write_mermaid(out, &timeline, call, settings.privacy)?,
            _ => {
                let message = format!(
                    "`--format mermaid` draws one call, and {} calls are selected: pick one with `--call UID`",
                    calls.len()
                );
                return bad_arguments(err, &message);
            }
        },
        (TimelineFormat::Text, false) => {
            let glyphs = Glyphs::new(args.ascii);
            for (i, call) in calls.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write_call(out, &timeline, call, glyphs, settings)?;
            }
            if !calls.is_empty() {
                writeln!(out)?;
            }
            timeline_summary::write_totals(out, &Totals::of(&calls))?;
        }
        (TimelineFormat::Text, true) => {
            timeline_summary::write_table(out, &timeline, &calls, settings.tz, settings.color, args.ascii)?;
        }
        (TimelineFormat::Csv, _) => timeline_summary::write_csv(out, &timeline, &calls, settings.tz)?,
        (TimelineFormat::Json, summary) => write_json(out, &timeline, &calls, summary, settings)?,
        (TimelineFormat::Ndjson, summary) => {
            for call in &calls {
                if summary {
                    serde_json::to_writer(&mut *out, &SummaryView::new(&timeline, call, settings.tz))?;
                } else {
                    serde_json::to_writer(
                        &mut *out,
                        &CallView::new(&timeline, call, settings.privacy, settings.tz),
                    )?;
                }
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    write_unassigned(err, &timeline)?;
    write_tally(err, &tally)?;
    let anomalies = calls.iter().any(|c| !c.anomalies.is_empty());
    Ok(tally.status().max(if args.check && anomalies {
        Status::Problems
    } else {
        Status::Clean
    }))
}

/// The `--format json` document, one call at a time.
fn write_json(
    out: &mut dyn Write,
    timeline: &Timeline,
    calls: &[&Call],
    summary: bool,
    settings: &Settings,
) -> std::io::Result<()> {
    write!(out, "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"calls\": [")?;
    for (i, call) in calls.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        if summary {
            write_indented(out, &SummaryView::new(timeline, call, settings.tz), "    ", true)?;
        } else {
            write_indented(
                out,
                &CallView::new(timeline, call, settings.privacy, settings.tz),
                "    ",
                true,
            )?;
        }
    }
    out.write_all(if calls.is_empty() {
        b"],\n  \"unassigned\": "
    } else {
        b"\n  ],\n  \"unassigned\": "
    })?;
    write_indented(out, &unassigned(timeline), "  ", false)?;
    out.write_all(b",\n  \"totals\": ")?;
    write_indented(out, &TotalsView::from(&Totals::of(calls)), "  ", false)?;
    out.write_all(b"\n}\n")
}

/// The filters: `--call`, `--state`, `--anomalies-only`.
fn selected(args: &TimelineArgs, timeline: &Timeline, call: &Call) -> bool {
    let uid = timeline.strings.get(call.uid).unwrap_or_default();
    (args.calls.is_empty() || args.calls.iter().any(|c| c == uid))
        && (args.states.is_empty() || timeline.events(call).iter().any(|e| args.states.contains(&e.state)))
        && (!args.anomalies_only || !call.anomalies.is_empty())
}
