//! A v2 call's legs as every timeline format states them: who was dialled, in
//! order, how dialling each ended, ring and talk time; and who answered.

use std::fmt::Write as _;

use crate::decode::interpret::human_duration;
use crate::privacy::Privacy;
use crate::terminal::escape_control;
use crate::timeline::Timeline;
use crate::timeline::call::Call;
use crate::timeline::v2::{Leg, V2};

/// The call record (`call.summary`, else `call.end`) of a v2 call, whose legs and
/// recording are the call's.
pub fn record<'t>(timeline: &'t Timeline, call: &Call) -> Option<V2<'t>> {
    Call::record(timeline.events(call), &timeline.extras)
}

/// `Priya Sharma +919873641288`, `+919873641288`, `customer +917906225789`.
pub fn who(leg: &Leg, privacy: Privacy) -> String {
    let number = leg.number().map(|n| privacy.phone(n).into_owned());
    let mut text = match (leg.name(), number) {
        (Some(name), Some(number)) => format!("{name} {number}"),
        (Some(name), None) => name.to_owned(),
        (None, Some(number)) => number,
        (None, None) => "(no number)".to_owned(),
    };
    if !leg.is_agent() {
        text = format!("{} {text}", leg.kind().unwrap_or("leg"));
    }
    escape_control(&text).into_owned()
}

/// `BUSY not_answered, ring 22s`, `ANSWER answered, ring 8s, talk 1m22s`.
pub fn how(leg: &Leg) -> String {
    let mut text: Vec<&str> = Vec::new();
    text.extend(leg.dial_status());
    text.extend(leg.result());
    let mut out = escape_control(&text.join(" ")).into_owned();
    for (what, seconds) in [("ring", leg.ring()), ("talk", leg.talk())] {
        if let Some(s) = seconds {
            let _ = write!(
                out,
                "{}{what} {}",
                if out.is_empty() { "" } else { ", " },
                human_duration(s)
            );
        }
    }
    out
}

/// The legs block of a call's text, one aligned line per leg: its number, who
/// (`who`), how dialling it ended (`how`); the text timeline indents these under
/// `legs`, and `browse`'s call view draws them under its ladder.
pub fn lines(record: &V2<'_>, privacy: Privacy) -> Vec<String> {
    let rows: Vec<[String; 3]> = record
        .legs()
        .zip(1..)
        .map(|(l, n)| [l.index().unwrap_or(n).to_string(), who(&l, privacy), how(&l)])
        .collect();
    let width = |col: usize| rows.iter().map(|r| r[col].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    rows.iter()
        .map(|row| {
            format!("{:>w0$}  {:<w1$}  {}", row[0], row[1], row[2])
                .trim_end()
                .to_owned()
        })
        .collect()
}

/// The agents tried, in leg order, each as `who (how)`, joined by `; `: a table cell.
pub fn agents_tried(record: &V2<'_>, privacy: Privacy) -> String {
    record
        .legs()
        .filter(Leg::is_agent)
        .map(|l| format!("{} ({})", who(&l, privacy), how(&l)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The agent who answered, when one did.
pub fn answered_by(record: &V2<'_>, privacy: Privacy) -> Option<String> {
    record.legs().find(Leg::answered).map(|l| who(&l, privacy))
}

/// Whether any of `calls` is a v2 call with a record, so that tables gain its columns.
pub fn any_record(timeline: &Timeline, calls: &[&Call]) -> bool {
    calls.iter().any(|c| record(timeline, c).is_some())
}
