//! `timeline --summary`: one row per call, then totals; as a table or CSV.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use colored::Colorize;

use super::TimelineReport;
use super::json::time;
use super::legs;
use crate::decode::interpret::{format_time, human_duration};
use crate::privacy::Privacy;
use crate::render::csv::write_row;
use crate::render::message::plural;
use crate::render::table::write_streamed;
use crate::render::visible;
use crate::timeline::call::{Call, Outcome};
use crate::timeline::{Timeline, Totals};

/// `--summary` as a table, and the totals under it.
pub struct SummaryTable {
    pub privacy: Privacy,
    pub tz: FixedOffset,
    pub color: bool,
    pub ascii: bool,
}

impl TimelineReport for SummaryTable {
    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()> {
        let v2 = legs::any_record(timeline, calls);
        let mut headers: Vec<&str> = HEADERS.to_vec();
        if v2 {
            headers.extend(V2_HEADERS);
        }
        // Streamed: a row is made when it is drawn and not held (a row of comfy-table
        // costs about 2.5 KB, a million calls 2.5 GB).
        write_streamed(out, &headers, self.color, self.ascii, || {
            calls.iter().map(move |call| {
                let mut cells = row(timeline, call, self.privacy, self.tz).to_vec();
                if v2 {
                    cells.extend(v2_cells(timeline, call, self.privacy));
                }
                cells
            })
        })?;
        write_totals(out, &Totals::of(calls))
    }
}

/// `--summary --format csv`.
pub struct SummaryCsv {
    pub privacy: Privacy,
    pub tz: FixedOffset,
}

impl TimelineReport for SummaryCsv {
    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()> {
        write_csv(out, timeline, calls, self.privacy, self.tz)
    }
}

pub const HEADERS: [&str; 8] = [
    "uid",
    "type",
    "start",
    "duration",
    "answered",
    "time to answer",
    "path",
    "anomalies",
];

/// The cells of one call's row, as text.
pub fn row(timeline: &Timeline, call: &Call, privacy: Privacy, tz: FixedOffset) -> [String; 8] {
    let seconds = |s: Option<i64>| s.map(human_duration).unwrap_or_default();
    [
        visible::call_uid(timeline, call, privacy).into_owned(),
        call.kind.as_str().to_owned(),
        call.start()
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .map(|t| format_time(t, tz))
            .unwrap_or_default(),
        seconds(call.duration()),
        match call.outcome {
            Outcome::Answered => "yes",
            Outcome::None => "",
            _ => "no",
        }
        .to_owned(),
        seconds(call.time_to_answer()),
        Call::path(timeline.events(call), &timeline.extras),
        call.anomalies.len().to_string(),
    ]
}

/// The columns a v2 call adds, shown when any call listed has them.
pub const V2_HEADERS: [&str; 3] = ["answered by", "agents tried", "recording"];

/// A call's cells under [`V2_HEADERS`]; blank for a call without a v2 record.
/// Phone numbers are masked under `--mask-pii`.
pub fn v2_cells(timeline: &Timeline, call: &Call, privacy: Privacy) -> [String; 3] {
    let Some(record) = legs::record(timeline, call) else {
        return Default::default();
    };
    [
        legs::answered_by(&record, privacy).unwrap_or_default(),
        legs::agents_tried(&record, privacy),
        // Escaped where it is written, as every cell is.
        record.recording().unwrap_or_default().to_owned(),
    ]
}

pub fn write_totals(out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
    let share = (totals.answered * 100 + totals.calls / 2)
        .checked_div(totals.calls)
        .unwrap_or(0);
    let mut line = format!(
        "{}, {} answered ({share}%)",
        plural(totals.calls, "call"),
        totals.answered
    );
    if let Some(m) = totals.median_time_to_answer {
        let _ = write!(line, ", median time to answer {}", human_duration(m));
    }
    if totals.conversations > 0 {
        let _ = write!(
            line,
            "; {} (no call outcome)",
            plural(totals.conversations, "WhatsApp conversation")
        );
    }
    writeln!(out, "{}", line.bold())?;
    if totals.anomalies.is_empty() {
        writeln!(out, "no anomalies")
    } else {
        let list: Vec<String> = totals
            .anomalies
            .iter()
            .map(|(id, n)| format!("{} {n}", id.as_str()))
            .collect();
        writeln!(out, "anomalies: {}", list.join(", "))
    }
}

/// CSV is for machines: seconds and RFC 3339 times, anomaly ids listed.
/// Columns `answered_by`, `agents_tried` and `recording` follow when any call is a
/// v2 call with a record.
fn write_csv(
    out: &mut dyn Write,
    timeline: &Timeline,
    calls: &[&Call],
    privacy: Privacy,
    tz: FixedOffset,
) -> io::Result<()> {
    let v2 = legs::any_record(timeline, calls);
    let mut headers = vec![
        "uid",
        "type",
        "start",
        "duration_seconds",
        "answered",
        "time_to_answer_seconds",
        "path",
        "anomalies",
    ];
    if v2 {
        headers.extend(["answered_by", "agents_tried", "recording"]);
    }
    write_row(out, &headers)?;
    let seconds = |s: Option<i64>| s.map(|s| s.to_string()).unwrap_or_default();
    for call in calls {
        let ids: Vec<&str> = call.anomalies.iter().map(|a| a.id.as_str()).collect();
        let mut cells = vec![
            visible::call_uid(timeline, call, privacy).into_owned(),
            call.kind.as_str().to_owned(),
            call.start().and_then(|t| time(t, tz)).unwrap_or_default(),
            seconds(call.duration()),
            match call.outcome {
                Outcome::None => String::new(),
                o => (o == Outcome::Answered).to_string(),
            },
            seconds(call.time_to_answer()),
            Call::path(timeline.events(call), &timeline.extras),
            ids.join(" "),
        ];
        if v2 {
            cells.extend(v2_cells(timeline, call, privacy));
        }
        write_row(out, &cells)?;
    }
    Ok(())
}
