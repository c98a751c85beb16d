//! `timeline` as text: per call a header and one line per event, anomalies marked on
//! the line they concern and explained under the call.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::DateTime;
use colored::Colorize;

use super::TimelineReport;
use super::legs;
use super::summary::write_totals;
use crate::decode::interpret::{format_time, human_duration};
use crate::privacy::Privacy;
use crate::render::table::shown_cell;
use crate::render::visible;
use crate::settings::Settings;
use crate::terminal::escape_control;
use crate::timeline::anomaly::event_label;
use crate::timeline::call::{Call, Outcome};
use crate::timeline::event::{Event, EventKind, SummaryTimes};
use crate::timeline::v2::{Leg, V2};
use crate::timeline::{Timeline, Totals};
use crate::vocabulary::call_states::flow_of;

/// The drawing characters, Unicode or, under `--ascii`, ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub rule: &'static str,
    pub dot: &'static str,
    pub mark: &'static str,
    pub arrow: &'static str,
    pub none: &'static str,
}

impl Glyphs {
    pub fn new(ascii: bool) -> Self {
        if ascii {
            Glyphs {
                rule: "-",
                dot: "|",
                mark: "!",
                arrow: "->",
                none: "-",
            }
        } else {
            Glyphs {
                rule: "─",
                dot: "·",
                mark: "⚠",
                arrow: "→",
                none: "—",
            }
        }
    }
}

/// Calls as text, one after another, and the totals under them.
pub struct CallsText {
    pub glyphs: Glyphs,
    pub settings: Settings,
}

impl TimelineReport for CallsText {
    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()> {
        for (i, call) in calls.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            write_call(out, timeline, call, self.glyphs, self.settings)?;
        }
        if !calls.is_empty() {
            writeln!(out)?;
        }
        write_totals(out, &Totals::of(calls))
    }
}

fn write_call(
    out: &mut dyn Write,
    timeline: &Timeline,
    call: &Call,
    glyphs: Glyphs,
    settings: Settings,
) -> io::Result<()> {
    let uid = visible::call_uid(timeline, call, settings.privacy);
    writeln!(
        out,
        "{}",
        format!(
            "{} call {} {}",
            glyphs.rule.repeat(2),
            shown_cell(&uid),
            glyphs.rule.repeat(2)
        )
        .bold()
    )?;
    writeln!(
        out,
        "{}",
        facts(timeline, call, settings.privacy).join(&format!(" {} ", glyphs.dot))
    )?;
    write_events(out, timeline, call, glyphs, settings)?;
    if let Some(record) = legs::record(timeline, call).filter(|r| r.legs().len() > 0) {
        writeln!(out, "  legs")?;
        for line in legs::lines(&record, settings.privacy) {
            writeln!(out, "    {line}")?;
        }
    }
    if !call.anomalies.is_empty() {
        writeln!(out, "  anomalies")?;
        for a in &call.anomalies {
            let place = a.event.map(|i| format!(" (event {})", i + 1)).unwrap_or_default();
            writeln!(
                out,
                "    {} {}{place}: {}",
                glyphs.mark.yellow().bold(),
                a.id.as_str().yellow().bold(),
                clean(&settings.privacy.text(&a.message))
            )?;
        }
    }
    Ok(())
}

/// What can be said of the whole call: its type, caller, agents, outcome, duration.
pub(crate) fn facts(timeline: &Timeline, call: &Call, privacy: Privacy) -> Vec<String> {
    let (strings, events) = (&timeline.strings, timeline.events(call));
    let mut facts = vec![call.kind.as_str().to_owned()];
    if let Some(caller) = Call::first(events, strings, Event::caller) {
        facts.push(format!("caller {}", clean(&privacy.phone(caller))));
    }
    let agents = Call::agents(events, strings);
    if !agents.is_empty() {
        let shown: Vec<String> = agents.iter().map(|a| clean(&privacy.phone(a))).collect();
        facts.push(format!("agents {}", shown.join(", ")));
    }
    let outcome = call.outcome.as_str();
    match call.outcome {
        Outcome::Answered => facts.push(outcome.green().to_string()),
        Outcome::Missed | Outcome::Voicemail => facts.push(outcome.yellow().to_string()),
        Outcome::Unfinished => facts.push(outcome.dimmed().to_string()),
        // A conversation's type says it is not a call.
        Outcome::None => {}
    }
    if let Some(d) = call.duration() {
        facts.push(format!("duration {}", human_duration(d)));
    }
    if let Some(w) = call.time_to_answer() {
        facts.push(format!("answered after {}", human_duration(w)));
    } else if let Some(why) = call.time_to_answer_missing(events, &timeline.extras, strings) {
        facts.push(format!("time to answer unknown: {why}"));
    }
    if let Some(record) = legs::record(timeline, call) {
        if let Some(agent) = legs::answered_by(&record, privacy) {
            facts.push(format!("answered by {agent}"));
        }
        if let Some(file) = record.recording() {
            facts.push(format!("recording {}", clean(file)));
        }
    }
    facts
}

/// One aligned line per event: time, offset, what happened, arrival; the anomalies
/// of each marked at its end.
fn write_events(
    out: &mut dyn Write,
    timeline: &Timeline,
    call: &Call,
    glyphs: Glyphs,
    settings: Settings,
) -> io::Result<()> {
    let events = timeline.events(call);
    let rows: Vec<[String; 4]> = events
        .iter()
        .zip(Call::offsets(events))
        .map(|(e, offset)| {
            let time = match e.time() {
                None => format!("{} (no time sent)", glyphs.none),
                Some(t) => {
                    DateTime::from_timestamp(t, 0).map_or_else(|| t.to_string(), |t| format_time(t, settings.tz))
                }
            };
            let offset = offset.map_or_else(|| glyphs.none.to_owned(), offset_text);
            [
                time,
                offset,
                what_happened(timeline, e, glyphs, settings.privacy),
                format!("#{}", e.arrival()),
            ]
        })
        .collect();
    let width = |col: usize| rows.iter().map(|r| r[col].chars().count()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    for (i, row) in rows.iter().enumerate() {
        let marks = marks_at(call, i);
        let line = format!(
            "  {:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
        if marks.is_empty() {
            writeln!(out, "{}", line.trim_end())?;
        } else {
            let flag = format!("{} {}", glyphs.mark, marks.join(", "));
            writeln!(out, "{line}  {}", flag.yellow().bold())?;
        }
    }
    Ok(())
}

/// The ids of the anomalies found at event `i` (in event order), to mark its line.
pub(crate) fn marks_at(call: &Call, i: usize) -> Vec<&'static str> {
    call.anomalies_at(i).iter().map(|a| a.id.as_str()).collect()
}

/// `6 user answered -> 918586848544`, `After-Call log, 39s`.
pub(crate) fn what_happened(timeline: &Timeline, e: &Event, glyphs: Glyphs, privacy: Privacy) -> String {
    if let Some(facts) = timeline.extras.v2(e) {
        return v2_happened(&facts, glyphs, privacy);
    }
    let flow = e.state().and_then(|s| Some((s, flow_of(i64::from(s))?)));
    let mut what = match (e.kind(), flow) {
        (EventKind::Summary, _) => {
            let mut text = "After-Call log".to_owned();
            if let Some(duration) = timeline.extras.summary(e).and_then(SummaryTimes::duration) {
                let _ = write!(text, ", {}", human_duration(duration));
            }
            text
        }
        (_, Some((state, flow))) => format!("{state} {}", flow.label()),
        _ => event_label(e, &timeline.extras),
    };
    if matches!(e.state(), Some(5 | 6))
        && let Some(agents) = timeline.strings.of(e.agents())
    {
        let _ = write!(what, " {} {}", glyphs.arrow, clean(&privacy.phone(agents)));
    }
    what
}

/// `call.end bridged, 43s`, `call.answered -> +919873641288`, `message.received`.
fn v2_happened<'x>(facts: &V2<'x>, glyphs: Glyphs, privacy: Privacy) -> String {
    let mut what = if facts.event_type().is_empty() {
        "(no event_type)".to_owned()
    } else {
        clean(facts.event_type())
    };
    if let Some(status) = facts.status() {
        let _ = write!(what, " {}", clean(status));
    }
    if let Some(d) = facts.duration() {
        let _ = write!(
            what,
            "{} {}",
            if facts.status().is_some() { "," } else { "" },
            human_duration(d)
        );
    }
    // The legs an event is about: those dialled, or the one that answered.
    let about: Option<fn(&Leg<'x>) -> bool> = match facts.event_type() {
        "call.dial_begin" => Some(Leg::is_agent),
        "call.answered" => Some(Leg::answered),
        _ => None,
    };
    let dialled: Vec<String> = about.map_or_else(Vec::new, |about| {
        facts
            .legs()
            .filter(about)
            .filter_map(|l| l.number())
            .map(|n| clean(&privacy.phone(n)))
            .collect()
    });
    if !dialled.is_empty() {
        let _ = write!(what, " {} {}", glyphs.arrow, dialled.join(", "));
    }
    match facts.media_link() {
        Some("") => what.push_str(", media link blank"),
        Some(_) => what.push_str(", media link filled"),
        None => {}
    }
    what
}

/// Captured text, safe for a terminal.
fn clean(s: &str) -> String {
    escape_control(s).into_owned()
}

/// `+0s`, `+1m12s`; `-3s` for an event before the first (never, once ordered).
pub fn offset_text(seconds: i64) -> String {
    if seconds < 0 {
        format!("-{}", human_duration(-seconds))
    } else {
        format!("+{}", human_duration(seconds))
    }
}

/// Records that name no call uid, so nobody wonders where they went.
pub fn write_unassigned(err: &mut dyn Write, timeline: &Timeline) -> io::Result<()> {
    if timeline.unassigned.is_empty() {
        return Ok(());
    }
    let places: Vec<String> = timeline
        .unassigned
        .iter()
        .take(5)
        .map(|o| format!("{}:{} (record {})", o.file, o.line, o.record))
        .collect();
    let more = timeline.unassigned.len().saturating_sub(places.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    writeln!(
        err,
        "{}: {} record(s) name no call uid (`uid` or `_pm` `ui`) and join no call: {}{more}",
        "warning".yellow().bold(),
        timeline.unassigned.len(),
        places.join(", ")
    )
}
