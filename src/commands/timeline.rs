//! `callhook timeline [FILE...]`: calls, their states in order, and their anomalies.

use std::io::Write;

use crate::cli::{TimelineArgs, TimelineFormat};
use crate::pipeline::{self, Input, Item, read_records};
use crate::render::message::{count, plural, write_error};
use crate::render::reading::{FailedRecords, write_tally, write_unreadable};
use crate::render::timeline::text::write_unassigned;
use crate::render::timeline::{
    CallsAs, CallsText, Glyphs, Mermaid, SummaryCsv, SummaryTable, TimelineJson, TimelineNdjson, TimelineReport,
};
use crate::settings::Settings;
use crate::status::Status;
use crate::terminal::escape_control;
use crate::timeline::call::Call;
use crate::timeline::{Collector, Timeline, sightings};

pub fn run(
    args: &TimelineArgs,
    settings: Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Status> {
    let bad_arguments = |err: &mut dyn Write, message: &str| -> anyhow::Result<Status> {
        write_error(err, message)?;
        Ok(Status::CouldNotRun)
    };
    // The threads that judge and render the calls, as many as read; a count that is
    // not one is refused when reading begins.
    let threads = pipeline::workers().unwrap_or(1);
    let report = match report(args, settings, threads) {
        Ok(report) => report,
        Err(message) => return bad_arguments(err, message),
    };
    let inputs = match Input::from_args(&args.files, "timeline") {
        Ok(inputs) => inputs,
        Err(message) => return bad_arguments(err, &message),
    };
    let mut collector = Collector::default();
    let mut failed = FailedRecords::new(settings.privacy);
    let tally = read_records(
        &inputs,
        args.input_format,
        |raw| sightings(raw, settings.tz),
        |item| match item {
            Item::Decoded(record, number) => {
                collector.add_owned(record, number);
                Ok(())
            }
            Item::Failed(e, number) => failed.failed(err, e, number),
            Item::Unreadable(name, e) => write_unreadable(err, name, e),
            Item::Ended => failed.ended(err),
            Item::Idle => Ok(()),
        },
    )?;
    if tally.nothing_read(inputs.len()) {
        // The errors said what could not be read and where: no report of nothing.
        return Ok(tally.status());
    }
    let timeline = collector.finish_on(threads);
    let calls: Vec<&Call> = timeline.calls.iter().filter(|c| selected(args, &timeline, c)).collect();

    if let Some(message) = report.refuses(&calls) {
        return bad_arguments(err, &message);
    }
    report.write(out, &timeline, &calls)?;
    out.flush()?;
    write_unassigned(err, &timeline)?;
    let missing = missing_calls(args, &timeline);
    for uid in &missing {
        write_error(
            err,
            format_args!(
                "no call has the uid {:?} (`--call`): `callhook timeline --summary` lists the calls read",
                escape_control(uid)
            ),
        )?;
    }
    write_tally(err, &tally)?;
    if tally.with_errors > 0 {
        // The exit status says so; the timeline shows no findings, so say which.
        write_error(
            err,
            format_args!(
                "{} record(s) have error findings, so the exit status is 1: `callhook decode` on the same input shows them",
                tally.with_errors
            ),
        )?;
    }
    let anomalies: usize = calls.iter().map(|c| c.anomalies.len()).sum();
    if args.check && anomalies > 0 {
        let with = calls.iter().filter(|c| !c.anomalies.is_empty()).count();
        writeln!(
            err,
            "callhook: --check: {} in {} (exit 1)",
            count(anomalies, "anomaly", "anomalies"),
            plural(with, "call")
        )?;
    }
    Ok(tally
        .status()
        .max(if (args.check && anomalies > 0) || !missing.is_empty() {
            Status::Problems
        } else {
            Status::Clean
        }))
}

/// The uids `--call` names that no call has.
fn missing_calls<'a>(args: &'a TimelineArgs, timeline: &Timeline) -> Vec<&'a str> {
    args.calls
        .iter()
        .filter(|wanted| {
            !timeline
                .calls
                .iter()
                .any(|c| timeline.strings.of(c.uid()) == Some(wanted.as_str()))
        })
        .map(String::as_str)
        .collect()
}

/// The format `--format` and `--summary` name: one type a format.
fn report(args: &TimelineArgs, settings: Settings, threads: usize) -> Result<Box<dyn TimelineReport>, &'static str> {
    let calls_as = CallsAs {
        summary: args.summary,
        privacy: settings.privacy,
        tz: settings.tz,
        threads,
    };
    Ok(match (args.format, args.summary) {
        (TimelineFormat::Text, false) => Box::new(CallsText {
            glyphs: Glyphs::new(args.ascii),
            settings,
        }),
        (TimelineFormat::Text, true) => Box::new(SummaryTable {
            privacy: settings.privacy,
            tz: settings.tz,
            color: settings.color,
            ascii: args.ascii,
        }),
        (TimelineFormat::Csv, true) => Box::new(SummaryCsv {
            tz: settings.tz,
            privacy: settings.privacy,
        }),
        (TimelineFormat::Csv, false) => return Err("`--format csv` prints the summary table: add `--summary`"),
        (TimelineFormat::Json, _) => Box::new(TimelineJson(calls_as)),
        (TimelineFormat::Ndjson, _) => Box::new(TimelineNdjson(calls_as)),
        (TimelineFormat::Mermaid, false) => Box::new(Mermaid {
            privacy: settings.privacy,
        }),
        (TimelineFormat::Mermaid, true) => {
            return Err("`--format mermaid` draws one call, not a summary: drop `--summary`");
        }
    })
}

/// The filters: `--call`, `--state`, `--anomalies-only`.
fn selected(args: &TimelineArgs, timeline: &Timeline, call: &Call) -> bool {
    let uid = timeline.strings.of(call.uid()).unwrap_or_default();
    (args.calls.is_empty() || args.calls.iter().any(|c| c == uid))
        && (args.states.is_empty()
            || timeline
                .events(call)
                .iter()
                .any(|e| e.state().is_some_and(|s| args.states.contains(&s))))
        && (!args.anomalies_only || !call.anomalies.is_empty())
}
