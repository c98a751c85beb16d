//! `timeline --format mermaid`: one call as a Mermaid sequence diagram, for pasting
//! into a ticket. Mermaid reads `;` and `#` specially, so labels avoid them.

use std::io::{self, Write};

use crate::decode::interpret::human_duration;
use crate::privacy::Privacy;
use crate::timeline::Timeline;
use crate::timeline::anomaly::event_label;
use crate::timeline::call::Call;

use super::timeline_text::offset_text;

fn label(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ';' => ',',
            '#' => 'n',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

pub fn write_mermaid(out: &mut dyn Write, timeline: &Timeline, call: &Call, privacy: Privacy) -> io::Result<()> {
    let uid = timeline.strings.get(call.uid).unwrap_or_default();
    writeln!(out, "sequenceDiagram")?;
    writeln!(out, "    participant M as MyOperator")?;
    writeln!(out, "    participant W as Your webhook")?;
    let mut title = format!("call {uid}, {}, {}", call.kind.as_str(), call.outcome.as_str());
    if let Some(d) = call.duration() {
        title.push_str(&format!(", {}", human_duration(d)));
    }
    writeln!(out, "    Note over M,W: {}", label(&title))?;
    let events = timeline.events(call);
    for (i, e) in events.iter().enumerate() {
        let offset = Call::offset(events, i)
            .map(offset_text)
            .unwrap_or_else(|| "no time".into());
        writeln!(
            out,
            "    M->>W: {} {}, arrived {}",
            offset,
            label(&event_label(e)),
            e.arrival
        )?;
        for a in call.anomalies.iter().filter(|a| a.event == Some(i)) {
            writeln!(out, "    Note right of W: {}", label(a.id.as_str()))?;
        }
    }
    for a in call.anomalies.iter().filter(|a| a.event.is_none()) {
        writeln!(
            out,
            "    Note over M,W: {}: {}",
            a.id.as_str(),
            label(&privacy.text(&a.message))
        )?;
    }
    Ok(())
}
