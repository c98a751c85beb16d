//! A v2 call's legs as every timeline format states them: who was dialled, in
//! order, how dialling each ended, ring and talk time; and who answered.

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
    let mut out = String::new();
    write_who(&mut out, leg, privacy);
    out
}

/// [`who`], appended to `out`: a summary of many calls writes each cell in one go.
fn write_who(out: &mut String, leg: &Leg, privacy: Privacy) {
    // Escaping works a character at a time, so each part is escaped on its own.
    let mut part = |text: &str| out.push_str(&escape_control(text));
    if !leg.is_agent() {
        part(leg.kind().unwrap_or("leg"));
        part(" ");
    }
    let number = leg.number().map(|n| privacy.phone(n));
    match (leg.name(), number.as_deref()) {
        (Some(name), Some(number)) => {
            part(name);
            part(" ");
            part(number);
        }
        (Some(name), None) => part(name),
        (None, Some(number)) => part(number),
        (None, None) => part("(no number)"),
    }
}

/// `BUSY not_answered, ring 22s`, `ANSWER answered, ring 8s, talk 1m22s`.
pub fn how(leg: &Leg) -> String {
    let mut out = String::new();
    write_how(&mut out, leg);
    out
}

/// [`how`], appended to `out`.
fn write_how(out: &mut String, leg: &Leg) {
    let start = out.len();
    for word in leg.dial_status().into_iter().chain(leg.result()) {
        if out.len() > start {
            out.push(' ');
        }
        out.push_str(&escape_control(word));
    }
    for (what, seconds) in [("ring", leg.ring()), ("talk", leg.talk())] {
        if let Some(s) = seconds {
            if out.len() > start {
                out.push_str(", ");
            }
            out.push_str(what);
            out.push(' ');
            out.push_str(&human_duration(s));
        }
    }
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
    let mut out = String::with_capacity(128);
    for (i, leg) in record.legs().filter(Leg::is_agent).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        write_who(&mut out, &leg, privacy);
        out.push_str(" (");
        write_how(&mut out, &leg);
        out.push(')');
    }
    out
}

/// The agent who answered, when one did.
pub fn answered_by(record: &V2<'_>, privacy: Privacy) -> Option<String> {
    record.legs().find(Leg::answered).map(|l| who(&l, privacy))
}

/// Whether any of `calls` is a v2 call with a record, so that tables gain its columns.
pub fn any_record(timeline: &Timeline, calls: &[&Call]) -> bool {
    calls.iter().any(|c| record(timeline, c).is_some())
}
