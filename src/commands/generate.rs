//! `callhook generate` (hidden): deterministic, realistic captures for benchmarks and
//! tests. Calls of every type and outcome, several at once, their events interleaved
//! by arrival, a few delivered late or twice; written as NDJSON In-Call logs, raw
//! HTTP POST requests (form bodies, Basic auth, a custom header) or GET URLs.

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
    let mut random = Random::new(args.seed);
    let start = 1_596_270_949_i64;
    let mut events: Vec<Event> = Vec::new();
    let mut written = 0;
    let mut pending_from = 0;
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
        // Events are written in arrival order once no later call can arrive before them.
        if call % 64 == 63 || call + 1 == args.calls {
            events[pending_from..].sort_by_key(|e| e.arrival);
            let safe = (begins - 60) * 1000;
            let cut = if call + 1 == args.calls {
                events.len()
            } else {
                events.partition_point(|e| e.arrival < safe)
            };
            for e in events.drain(..cut) {
                write_event(out, &e, args.format, written)?;
                written += 1;
            }
            pending_from = 0;
            events.sort_by_key(|e| e.arrival);
        }
    }
    out.flush()?;
    Ok(Status::Clean)
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

fn write_event(out: &mut dyn Write, e: &Event, format: GenerateFormat, n: usize) -> io::Result<()> {
    match format {
        GenerateFormat::Ndjson => writeln!(out, "{}", log_json(e)),
        GenerateFormat::Url => writeln!(
            out,
            "https://crm.example.com/webhook.php?uid={}&call_state={}&caller_number=%2B{}&created={}",
            e.uid, e.state, e.caller, e.time
        ),
        GenerateFormat::Http => {
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
