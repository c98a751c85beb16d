//! `timeline --summary`: one row per call, then totals; as a table or CSV.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use colored::Colorize;

use super::TimelineReport;
use super::json::time;
use crate::decode::interpret::{format_time, human_duration};
use crate::privacy::Privacy;
use crate::render::csv::write_row;
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
        write_table(out, timeline, calls, self)
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
        if call.outcome == Outcome::Answered { "yes" } else { "no" }.to_owned(),
        seconds(call.time_to_answer()),
        Call::path(timeline.events(call)),
        call.anomalies.len().to_string(),
    ]
}

fn write_table(out: &mut dyn Write, timeline: &Timeline, calls: &[&Call], how: &SummaryTable) -> io::Result<()> {
    // Streamed: a row is made when it is drawn and not held (a row of comfy-table
    // costs about 2.5 KB, a million calls 2.5 GB).
    write_streamed(out, &HEADERS, how.color, how.ascii, || {
        calls
            .iter()
            .map(|call| row(timeline, call, how.privacy, how.tz).to_vec())
    })?;
    write_totals(out, &Totals::of(calls))
}

pub fn write_totals(out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
    let share = (totals.answered * 100 + totals.calls / 2)
        .checked_div(totals.calls)
        .unwrap_or(0);
    let noun = if totals.calls == 1 { "call" } else { "calls" };
    let mut line = format!("{} {noun}, {} answered ({share}%)", totals.calls, totals.answered);
    if let Some(m) = totals.median_time_to_answer {
        let _ = write!(line, ", median time to answer {}", human_duration(m));
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
fn write_csv(
    out: &mut dyn Write,
    timeline: &Timeline,
    calls: &[&Call],
    privacy: Privacy,
    tz: FixedOffset,
) -> io::Result<()> {
    write_row(
        out,
        &[
            "uid",
            "type",
            "start",
            "duration_seconds",
            "answered",
            "time_to_answer_seconds",
            "path",
            "anomalies",
        ],
    )?;
    let seconds = |s: Option<i64>| s.map(|s| s.to_string()).unwrap_or_default();
    for call in calls {
        let ids: Vec<&str> = call.anomalies.iter().map(|a| a.id.as_str()).collect();
        write_row(
            out,
            &[
                visible::call_uid(timeline, call, privacy).into_owned(),
                call.kind.as_str().to_owned(),
                call.start().and_then(|t| time(t, tz)).unwrap_or_default(),
                seconds(call.duration()),
                (call.outcome == Outcome::Answered).to_string(),
                seconds(call.time_to_answer()),
                Call::path(timeline.events(call)),
                ids.join(" "),
            ],
        )?;
    }
    Ok(())
}
