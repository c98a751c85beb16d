//! `timeline --format mermaid`: one call as a Mermaid sequence diagram, for pasting
//! into a ticket. Mermaid reads `;` and `#` specially, so labels avoid them.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::TimelineReport;
use super::legs;
use super::text::offset_text;
use crate::decode::interpret::human_duration;
use crate::privacy::Privacy;
use crate::render::visible;
use crate::terminal::escape_control;
use crate::timeline::Timeline;
use crate::timeline::anomaly::event_label;
use crate::timeline::call::{Call, Outcome};

/// `--format mermaid`: the one selected call.
pub struct Mermaid {
    pub privacy: Privacy,
}

impl TimelineReport for Mermaid {
    fn refuses(&self, calls: &[&Call]) -> Option<String> {
        (calls.len() != 1).then(|| {
            format!(
                "`--format mermaid` draws one call, and {} calls are selected: pick one with `--call UID`",
                calls.len()
            )
        })
    }

    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()> {
        calls
            .iter()
            .try_for_each(|call| write_mermaid(out, timeline, call, self.privacy))
    }
}

/// Text as a label: escaped as text output escapes it (`terminal::escape_control`),
/// and without what Mermaid reads specially.
fn label(text: &str) -> String {
    escape_control(text)
        .chars()
        .map(|c| match c {
            ';' => ',',
            '#' => 'n',
            c => c,
        })
        .collect()
}

fn write_mermaid(out: &mut dyn Write, timeline: &Timeline, call: &Call, privacy: Privacy) -> io::Result<()> {
    let uid = visible::call_uid(timeline, call, privacy);
    writeln!(out, "sequenceDiagram")?;
    writeln!(out, "    participant M as MyOperator")?;
    writeln!(out, "    participant W as Your webhook")?;
    let mut title = format!("call {uid}, {}", call.kind.as_str());
    if call.outcome != Outcome::None {
        let _ = write!(title, ", {}", call.outcome.as_str());
    }
    if let Some(d) = call.duration() {
        let _ = write!(title, ", {}", human_duration(d));
    }
    writeln!(out, "    Note over M,W: {}", label(&title))?;
    let events = timeline.events(call);
    for ((i, e), offset) in events.iter().enumerate().zip(Call::offsets(events)) {
        let offset = offset.map_or_else(|| "no time".into(), offset_text);
        writeln!(
            out,
            "    M->>W: {} {}, arrived {}",
            offset,
            label(&privacy.text(&event_label(e, &timeline.extras))),
            e.arrival()
        )?;
        for a in call.anomalies_at(i) {
            writeln!(out, "    Note right of W: {}", label(a.id.as_str()))?;
        }
    }
    if let Some(record) = legs::record(timeline, call) {
        for (n, leg) in record.legs().enumerate() {
            writeln!(
                out,
                "    Note over M,W: leg {} {}, {}",
                leg.index().unwrap_or(n as i64 + 1),
                label(&legs::who(&leg, privacy)),
                label(&legs::how(&leg))
            )?;
        }
        if let Some(file) = record.recording() {
            writeln!(out, "    Note over M,W: recording {}", label(file))?;
        }
    }
    for a in call.anomalies_of_the_call() {
        writeln!(
            out,
            "    Note over M,W: {}: {}",
            a.id.as_str(),
            label(&privacy.text(&a.message))
        )?;
    }
    Ok(())
}
