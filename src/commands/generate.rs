//! `callhook generate` (hidden): deterministic, realistic captures for benchmarks and
//! tests. Calls of every type and outcome, several at once, their events interleaved
//! by arrival, a few delivered late or twice; written as NDJSON In-Call logs, raw
//! HTTP POST requests (form bodies, Basic auth, a custom header) or GET URLs; or as
//! Webhook v2 call events (NDJSON), every event of each call, with its legs and the
//! agents tried before one answers, shaped like MyOperator's published samples.

use std::io::{self, Write};

use chrono::DateTime;

use crate::cli::{GenerateArgs, GenerateFormat};
use crate::input::curl::percent_encode;
use crate::send::ids::Random;
use crate::status::Status;

/// One In-Call event to write.
struct Event {
    arrival: i64,
    uid: String,
    state: u8,
    time: i64,
    direction: u8,
    status: Option<u8>,
    caller: u64,
    agent: u64,
}

pub fn run(args: &GenerateArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let format = match args.format {
        GenerateFormat::Ndjson => V1Format::Ndjson,
        GenerateFormat::Http => V1Format::Http,
        GenerateFormat::Url => V1Format::Url,
        GenerateFormat::V2Ndjson => {
            v2_calls(args, out)?;
            out.flush()?;
            return Ok(Status::Clean);
        }
    };
    let mut random = Random::new(args.seed);
    let start = 1_596_270_949_i64;
    let mut events: Vec<Event> = Vec::new();
    let mut written = 0;
    for call in 0..args.calls {
        // A call every 0-3 seconds: several are in progress at once.
        let begins = start + i64::try_from(call).unwrap_or(i64::MAX / 4) * 2 + random.offset_below(3);
        let uid = format!("n{}.{begins}.{}", 1 + random.below(4), 2_175_190 + call);
        // `91` and a ten-digit Indian mobile number starting 6 to 9.
        let caller = 916_000_000_000 + random.below(4_000_000_000);
        let agent = 8_000_000_000 + random.below(2_000_000_000);
        let (direction, plan): (u8, &[(u8, i64)]) = match random.below(10) {
            0..=4 => (1, &[(1, 0), (5, 2), (6, 4), (2, 39)]),
            5 | 6 => (1, &[(1, 0), (5, 2), (2, 31)]),
            7 => (2, &[(1, 0), (5, 2), (4, 32)]),
            8 => (2, &[(3, 0), (7, 9)]),
            _ => (2, &[(3, 0), (9, 31)]),
        };
        for (i, &(state, offset)) in plan.iter().enumerate() {
            let time = begins + offset + random.offset_below(2);
            let last = i + 1 == plan.len();
            // Delivery takes 50-800 ms; one in twenty is slowed by two seconds.
            let delay = 50 + random.offset_below(750) + if random.below(20) == 0 { 2000 } else { 0 };
            let event = Event {
                arrival: time * 1000 + delay,
                uid: uid.clone(),
                state,
                time,
                direction,
                status: last.then_some(if plan.iter().any(|&(s, _)| s == 6) { 1 } else { 2 }),
                caller,
                agent,
            };
            if last && random.below(50) == 0 {
                // A retried delivery.
                events.push(Event {
                    arrival: event.arrival + 5000,
                    uid: uid.clone(),
                    ..event
                });
            }
            events.push(event);
        }
        if call % 64 == 63 || call + 1 == args.calls {
            let last = call + 1 == args.calls;
            write_arrived(
                &mut events,
                |e| e.arrival,
                (begins - 60) * 1000,
                last,
                |e| {
                    write_event(out, &e, format, written)?;
                    written += 1;
                    Ok(())
                },
            )?;
        }
    }
    out.flush()?;
    Ok(Status::Clean)
}

/// Writes, in arrival order, the pending events no later call can arrive before
/// (all of them after the `last` call), keeping the rest pending.
fn write_arrived<T>(
    pending: &mut Vec<T>,
    arrival: impl Fn(&T) -> i64,
    safe: i64,
    last: bool,
    mut write: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    pending.sort_by_key(&arrival);
    let cut = if last {
        pending.len()
    } else {
        pending.partition_point(|e| arrival(e) < safe)
    };
    for e in pending.drain(..cut) {
        write(e)?;
    }
    Ok(())
}

/// One agent tried on a v2 call: who, and how dialling them ended.
struct Tried {
    number: u64,
    agent: usize,
    /// `ANSWER`, `NOANSWER` or `BUSY`.
    dial_status: &'static str,
    ring: i64,
    /// Seconds from the call's start to when the leg began ringing.
    starts: i64,
}

/// The agents a generated company has: name, e-mail (some have none), extension.
const AGENTS: &[(&str, Option<&str>, &str)] = &[
    ("Priya Sharma", Some("priya@example.in"), "11"),
    ("Ravi Kumar", Some("ravi@example.in"), "12"),
    ("Anita Rao", None, "13"),
    ("Vikram Singh", Some("vikram@example.in"), "14"),
    ("Meera Iyer", Some("meera@example.in"), "15"),
    ("Arjun Nair", None, "16"),
];

/// `2026-01-03T08:00:00.412Z`: v2's times, with milliseconds.
fn iso_ms(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// `2026-01-03T08:00:00+00:00`: the other style the summary sample sends.
fn iso_offset(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
        .unwrap_or_default()
}

/// Webhook v2 calls: for each, `call.initiated`, `call.dial_begin`, `call.answered`
/// (when an agent answers), `call.end` and `call.summary`, interleaved by arrival
/// with the calls around it, one in fifty `call.end` delivered twice (a retry).
fn v2_calls(args: &GenerateArgs, out: &mut dyn Write) -> io::Result<()> {
    let mut random = Random::new(args.seed);
    let start = 1_767_427_200_i64;
    let mut pending: Vec<(i64, String)> = Vec::new();
    for call in 0..args.calls {
        let begins = start + i64::try_from(call).unwrap_or(i64::MAX / 4) * 2 + random.offset_below(3);
        let session = format!("s{}.{begins}.{}", 1 + random.below(9), 1000 + call * 2);
        let customer = 916_000_000_000 + random.below(4_000_000_000);
        let outgoing = random.below(4) == 0;
        // Agents are tried in turn: most calls are answered by the first, some after
        // one or two who do not answer or are busy, some by none.
        let answered_after = match random.below(10) {
            0..=5 => Some(0),
            6 | 7 => Some(1 + usize::try_from(random.below(2)).unwrap_or(0)),
            _ => None,
        };
        let tries = answered_after.map_or(1 + random.below(3), |n| n as u64 + 1);
        let mut tried: Vec<Tried> = Vec::new();
        let mut at = 2 + random.offset_below(3);
        for i in 0..tries {
            let answered = answered_after == Some(usize::try_from(i).unwrap_or(0));
            let ring = if answered { 3 + random.offset_below(12) } else { 20 };
            let dial_status = if answered {
                "ANSWER"
            } else if random.below(3) == 0 {
                "BUSY"
            } else {
                "NOANSWER"
            };
            let ring = if dial_status == "BUSY" {
                1 + random.offset_below(3)
            } else {
                ring
            };
            tried.push(Tried {
                number: 9_900_000_000 + random.below(100_000_000),
                agent: usize::try_from(random.below(AGENTS.len() as u64)).unwrap_or(0),
                dial_status,
                ring,
                starts: at,
            });
            at += ring + 1;
        }
        let answer = tried.iter().find(|t| t.dial_status == "ANSWER");
        let talk = answer.map(|_| 20 + random.offset_below(300));
        let duration = at + talk.unwrap_or(0);
        let call_v2 = V2Call {
            session: &session,
            begins,
            begins_ms: begins * 1000 + random.offset_below(1000),
            customer,
            outgoing,
            tried: &tried,
            talk,
            duration,
            obd: outgoing && random.below(2) == 0,
            n: call,
        };
        let mut events = vec![("call.initiated", 1001, begins * 1000 + 400)];
        events.push(("call.dial_begin", 2001, (begins + tried[0].starts) * 1000 + 80));
        if let Some(a) = answer {
            events.push(("call.answered", 2002, (begins + a.starts + a.ring) * 1000 + 95));
        }
        events.push(("call.end", 3001, (begins + duration) * 1000 + 520));
        events.push(("call.summary", 1, (begins + duration + 2) * 1000 + 118));
        for (i, &(event_type, sequence, sent_ms)) in events.iter().enumerate() {
            let line = call_v2.event(event_type, sequence, sent_ms, i);
            // Delivery takes 50-800 ms; one in twenty is slowed by two seconds.
            let delay = 50 + random.offset_below(750) + if random.below(20) == 0 { 2000 } else { 0 };
            if event_type == "call.end" && random.below(50) == 0 {
                pending.push((sent_ms + delay + 5000, line.clone()));
            }
            pending.push((sent_ms + delay, line));
        }
        if call % 64 == 63 || call + 1 == args.calls {
            let last = call + 1 == args.calls;
            write_arrived(
                &mut pending,
                |(arrival, _)| *arrival,
                (begins - 60) * 1000,
                last,
                |(_, line)| {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")
                },
            )?;
        }
    }
    Ok(())
}

/// One generated v2 call, and how each of its events is written.
struct V2Call<'a> {
    session: &'a str,
    begins: i64,
    begins_ms: i64,
    customer: u64,
    outgoing: bool,
    tried: &'a [Tried],
    talk: Option<i64>,
    duration: i64,
    obd: bool,
    n: usize,
}

impl V2Call<'_> {
    fn event(&self, event_type: &str, sequence: u32, sent_ms: i64, nth: usize) -> String {
        let summary = event_type == "call.summary";
        let direction = if self.outgoing { "outgoing" } else { "incoming" };
        let system_identifier = if summary { "\"\"" } else { "\"+911206544510\"" };
        let timestamp = if summary {
            // The summary sample's nine fraction digits.
            format!(
                "{}{:06}Z",
                iso_ms(sent_ms).trim_end_matches('Z'),
                (self.n * 7919) % 1_000_000
            )
        } else {
            iso_ms(sent_ms)
        };
        let mut line = format!(
            "{{\"company_id\":\"6836cad944e39380\",\"event_id\":\"event-{:012x}{nth:04x}\",\"event_type\":\"{event_type}\",\"event_sequence\":{sequence},\"event_version\":\"1\",\"timestamp\":\"{timestamp}\",\"channel\":\"call\",\"direction\":\"{direction}\",\"session_id\":\"{}\",\"system_identifier\":{system_identifier},\"customer_identifier\":\"+{}\",\"payload\":{{\"id\":\"{}\"",
            self.n, self.session, self.customer, self.session
        );
        let end = self.begins + self.duration;
        if matches!(event_type, "call.initiated" | "call.end" | "call.summary") {
            let category = match (self.obd, self.outgoing) {
                (true, _) => "obd",
                (false, true) => "callback",
                (false, false) => "incoming",
            };
            line.push_str(&format!(
                ",\"did\":\"+911206544510\",\"direction\":\"{direction}\",\"customer_number\":\"+{}\",\"category\":\"{category}\",\"started_at\":\"{}\"",
                self.customer,
                if summary { iso_offset(self.begins) } else { iso_ms(self.begins_ms) }
            ));
        }
        if matches!(event_type, "call.end" | "call.summary") {
            let status = if self.talk.is_some() { "bridged" } else { "missed" };
            let (ref_id, client_ref_id, campaign) = if self.obd {
                (
                    format!("{:08x}-76cd-11f1-9c1e-0a58a9feac02", self.n),
                    format!("crm-{}", self.n),
                    format!("{{\"id\":\"cmp-{}\",\"job_id\":\"job-{}\"}}", self.n % 7, self.n % 97),
                )
            } else {
                (String::new(), String::new(), "null".to_owned())
            };
            line.push_str(&format!(
                ",\"status\":\"{status}\",\"ended_at\":\"{}\",\"duration\":{},\"recording_filename\":\"{:016x}-v2.mp3\",\"billable\":true,\"ref_id\":\"{ref_id}\",\"client_ref_id\":\"{client_ref_id}\",\"obd_campaign\":{campaign}",
                if summary { iso_offset(end) } else { iso_ms(end * 1000 + 400) },
                self.duration,
                0x5228_2261_74b1_0000_u64 + self.n as u64
            ));
            if summary {
                line.push_str(",\"location\":\"UP, IN\",\"comments\":[]");
            }
        }
        if event_type != "call.initiated" {
            line.push_str(",\"legs\":[");
            line.push_str(&self.legs(event_type));
            line.push(']');
        }
        line.push_str("}}");
        line
    }

    /// The legs an event carries: the customer's, then each agent tried so far.
    fn legs(&self, event_type: &str) -> String {
        let summary = event_type == "call.summary";
        let finished = matches!(event_type, "call.end" | "call.summary");
        let talk = |t: Option<i64>| t.map_or("null".to_owned(), |t| t.to_string());
        let mut legs = format!(
            "{{\"leg_index\":1,\"uid\":\"{}\",\"type\":\"customer\",\"phone_number\":\"+{}\",\"result\":\"connected\"",
            self.session, self.customer
        );
        if summary {
            legs.push_str(",\"agent\":null");
        }
        if finished {
            legs.push_str(&format!(
                ",\"dial_status\":\"\",\"ring_duration\":null,\"talk_duration\":{}",
                talk(self.talk.map(|t| t + self.tried.last().map_or(0, |l| l.ring)))
            ));
        }
        legs.push('}');
        let (host_epoch, sequence) = self.session.rsplit_once('.').unwrap_or((self.session, "0"));
        let sequence: u64 = sequence.parse().unwrap_or(0);
        let shown = match event_type {
            "call.dial_begin" => &self.tried[..1],
            _ => self.tried,
        };
        for (i, t) in shown.iter().enumerate() {
            let answered = t.dial_status == "ANSWER";
            let (result, dial_status) = match event_type {
                "call.dial_begin" => ("dialing", ""),
                "call.answered" if !answered => ("not_answered", t.dial_status),
                _ if answered => ("answered", t.dial_status),
                _ => ("not_answered", t.dial_status),
            };
            legs.push_str(&format!(
                ",{{\"leg_index\":{},\"uid\":\"{host_epoch}.{}\",\"type\":\"agent\",\"phone_number\":\"+91{}\",\"result\":\"{result}\"",
                i + 2,
                sequence + 1 + i as u64,
                t.number
            ));
            if !dial_status.is_empty() {
                legs.push_str(&format!(",\"dial_status\":\"{dial_status}\""));
            }
            let rang = self.begins + t.starts;
            if summary {
                let (name, email, extension) = AGENTS[t.agent];
                let email = email.map_or("null".to_owned(), |e| format!("\"{e}\""));
                legs.push_str(&format!(
                    ",\"agent\":{{\"uuid\":\"6836cad947bcc6{:02x}\",\"name\":\"{name}\",\"email\":{email},\"contact\":\"+91{}\",\"extension\":\"{extension}\"}},\"department\":{{\"id\":\"dept123\",\"name\":\"Sales\"}}",
                    t.agent, t.number
                ));
            } else {
                legs.push_str(&format!(",\"started_at\":\"{}\"", iso_ms(rang * 1000 + 250)));
            }
            if event_type != "call.dial_begin" {
                if answered {
                    let picked = rang + t.ring;
                    legs.push_str(&format!(
                        ",\"answered_at\":\"{}\"",
                        if summary {
                            iso_offset(picked)
                        } else {
                            iso_ms(picked * 1000 + 180)
                        }
                    ));
                }
                if finished {
                    legs.push_str(&format!(
                        ",\"ring_duration\":{},\"talk_duration\":{}",
                        t.ring,
                        talk(self.talk.filter(|_| answered))
                    ));
                }
            }
            legs.push('}');
        }
        legs
    }
}

fn log_json(e: &Event) -> String {
    let time = DateTime::from_timestamp(e.time, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    let status = e.status.map_or("null".to_owned(), |s| format!("\"{s}\""));
    format!(
        "{{\"id\":\"{:08x}4122c135\",\"uid\":\"{}\",\"reference_id\":\"fd771ed0-d3d1-11ea-935a-9a5b7644c4f0\",\"company_id\":\"5cd40f6554442586\",\"clid_raw\":\"{}\",\"clid\":\"{}\",\"rdnis\":\"911140000000\",\"call_state\":\"{}\",\"event\":\"{}\",\"status\":{status},\"users\":[\"91{}\"],\"created\":\"{time}\",\"call_time\":\"{time}\",\"public_ivr_id\":\"5ee9a795b318a786\",\"client_ref_id\":\"crm-{}\",\"job_id\":null}}",
        e.time,
        e.uid,
        e.caller,
        e.caller % 10_000_000_000,
        e.state,
        e.direction,
        e.agent,
        e.caller % 100_000
    )
}

/// The v1 captures `generate` writes.
#[derive(Clone, Copy)]
enum V1Format {
    Ndjson,
    Http,
    Url,
}

fn write_event(out: &mut dyn Write, e: &Event, format: V1Format, n: usize) -> io::Result<()> {
    match format {
        V1Format::Ndjson => writeln!(out, "{}", log_json(e)),
        V1Format::Url => writeln!(
            out,
            "https://crm.example.com/webhook.php?uid={}&call_state={}&caller_number=%2B{}&created={}",
            e.uid, e.state, e.caller, e.time
        ),
        V1Format::Http => {
            let body = format!("myoperator={}", percent_encode(&log_json(e)));
            write!(
                out,
                "POST /webhook.php?caller_number=%2B{}&state={} HTTP/1.1\r\nHost: crm.example.com\r\nUser-Agent: python-requests/2.31.0\r\nAuthorization: Basic YWRtaW46MTIzNDU2\r\nmy-super-secret-token: abc123def\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Request-Id: {n}\r\nContent-Length: {}\r\n\r\n{body}",
                e.caller,
                e.state,
                body.len()
            )
        }
    }
}
