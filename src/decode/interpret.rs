//! Reading a value by its field's type: code labels and v2 code words, date-times
//! (v1's and v2's ISO-8601), durations, phone numbers, agent lists, v2 event types.
//! Returns the interpretation and, where the value contradicts the type, the problem
//! to report.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use serde_json::Value;

use crate::findings::FindingId;
use crate::vocabulary::codes::{Word, documented_values, label_of, word_of};
use crate::vocabulary::v2_events::{Channel, channel_of, event};
use crate::vocabulary::{Field, ValueType};

/// What a value means, as decoding shows it. Labels are borrowed from the
/// dictionary; only what is computed (a time, a number's parts) is allocated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Interpretation {
    pub display: Option<Cow<'static, str>>,
    /// Whether the display is callhook's own text, with nothing captured in it: a
    /// label of the dictionary, or a time or duration written from the digits it was
    /// read as. Output need not look for secrets in it (`Privacy::own`).
    pub own: bool,
    pub problem: Option<(FindingId, String)>,
}

impl Interpretation {
    /// A display that holds captured text (a phone number, a uid's host).
    fn shown(display: impl Into<Cow<'static, str>>) -> Self {
        Self {
            display: Some(display.into()),
            own: false,
            problem: None,
        }
    }

    /// A display that is callhook's own text: a label or what it wrote from digits.
    fn own(display: impl Into<Cow<'static, str>>) -> Self {
        Self {
            own: true,
            ..Self::shown(display)
        }
    }

    /// No display, and what is wrong with the value.
    fn problem(id: FindingId, message: String) -> Self {
        Self {
            display: None,
            own: false,
            problem: Some((id, message)),
        }
    }

    fn mismatch(value: &Value, expected: &str) -> Self {
        Self::problem(
            FindingId::ValueTypeMismatch,
            format!("expected {expected}, found {}", compact(value)),
        )
    }
}

/// Interprets `value` as the dictionary says `field` is; times shown at `tz`.
pub fn interpret(field: &Field, value: &Value, tz: FixedOffset) -> Interpretation {
    if let Some(absent) = absent(field, value) {
        return Interpretation::own(absent);
    }
    let structured = matches!(value, Value::Array(_) | Value::Object(_));
    if structured && field.value_type.is_scalar() {
        return Interpretation::mismatch(value, &format!("one {} value", field.value_type.as_str()));
    }
    if !structured && matches!(field.value_type, ValueType::List | ValueType::KeyedList) {
        return Interpretation::mismatch(value, "a list");
    }
    if matches!(field.value_type, ValueType::CallUid | ValueType::HexId) && !value.is_string() {
        return Interpretation::mismatch(value, &format!("a {} as a string", field.value_type.as_str()));
    }
    // Only the types read from text ask for it: a number's text is built.
    let text = || scalar_text(value);
    match field.value_type {
        ValueType::Text | ValueType::Url | ValueType::List | ValueType::KeyedList | ValueType::Opaque => {
            Interpretation::default()
        }
        ValueType::Code(codes) => match integer(value) {
            None => Interpretation::mismatch(value, "an integer code"),
            Some(n) => match label_of(codes, n) {
                Some(code) => Interpretation::own(code.label),
                None => Interpretation::problem(
                    FindingId::CodeOutOfRange,
                    format!(
                        "{n} is not a documented `{}` code; the documented codes are {}",
                        field.id,
                        documented_values(codes)
                    ),
                ),
            },
        },
        ValueType::Epoch => match integer(value) {
            Some(n) if n > 100_000_000_000 => {
                Interpretation::mismatch(value, "an epoch in seconds (this looks like milliseconds)")
            }
            Some(n) => epoch_display(n, tz).map_or_else(
                || Interpretation::mismatch(value, "an epoch in seconds"),
                Interpretation::own,
            ),
            None => Interpretation::mismatch(value, "an epoch in seconds"),
        },
        ValueType::EpochMillis => match integer(value) {
            Some(ms) => match DateTime::<Utc>::from_timestamp_millis(ms) {
                Some(t) => Interpretation::own(format_time(t, tz)),
                None => Interpretation::mismatch(value, "an epoch in milliseconds"),
            },
            None => Interpretation::mismatch(value, "an epoch in milliseconds"),
        },
        ValueType::DateTime => match text().as_deref().and_then(|t| parse_date_time(t, tz)) {
            Some(shown) => Interpretation::own(shown),
            None => Interpretation::mismatch(value, "a date-time `YYYY-MM-DD HH:MM:SS` (UTC) or an epoch"),
        },
        ValueType::SecondsOfDay => match integer(value) {
            Some(n @ 0..86_400) => Interpretation::own(format!("{:02}:{:02}:{:02} UTC", n / 3600, n / 60 % 60, n % 60)),
            _ => Interpretation::mismatch(value, "seconds since midnight (0 to 86399)"),
        },
        ValueType::Duration => match duration_seconds(value) {
            Some(seconds) => Interpretation::own(human_duration(seconds)),
            None => Interpretation::mismatch(value, "a duration `HH:MM:SS`"),
        },
        ValueType::Seconds => match integer(value) {
            Some(seconds) if seconds >= 0 => Interpretation::own(human_duration(seconds)),
            _ => Interpretation::mismatch(value, "a whole number of seconds"),
        },
        ValueType::Minutes => match value
            .as_f64()
            .or_else(|| text().as_deref().and_then(|t| t.parse().ok()))
        {
            #[allow(
                clippy::cast_possible_truncation,
                reason = "`as` saturates: no duration is that long"
            )]
            Some(m) if m >= 0.0 && m.is_finite() => Interpretation::own(human_duration((m * 60.0).round() as i64)),
            _ => Interpretation::mismatch(value, "a number of minutes"),
        },
        ValueType::PhoneNumber => match text().as_deref().and_then(phone_display) {
            Some(shown) => Interpretation::shown(shown),
            None => Interpretation::mismatch(value, "a phone number (digits, optionally after `+`)"),
        },
        ValueType::AgentList => agent_list(value),
        ValueType::HexId => Interpretation {
            display: text().as_deref().and_then(|t| hex_id_time(t, tz)).map(Cow::Owned),
            own: true,
            problem: None,
        },
        ValueType::CallUid => match text().as_deref().and_then(|t| call_uid(t, tz)) {
            Some((shown, own)) => Interpretation {
                display: Some(Cow::Owned(shown)),
                own,
                problem: None,
            },
            None => Interpretation::default(),
        },
        ValueType::Words(words) => match value {
            Value::String(s) => code_word(field, words, s),
            _ => Interpretation::mismatch(value, "a word"),
        },
        ValueType::EventType => match value {
            Value::String(s) => event_type(s),
            _ => Interpretation::mismatch(value, "an event type"),
        },
        ValueType::IsoTime => match value.as_str().and_then(parse_iso_time) {
            Some(time) => {
                let mut shown = String::with_capacity(36);
                write_time_with_fraction(&mut shown, time.seconds, time.fraction, tz);
                Interpretation {
                    display: Some(Cow::Owned(shown)),
                    own: true,
                    problem: (time.fraction.len() > 6).then(|| {
                        (
                            FindingId::V2NanosecondTime,
                            format!(
                                "{} fraction digits: Python's datetime.fromisoformat before 3.11 rejects this time, and most parsers keep 6 or 3; trim the fraction first",
                                time.fraction.len()
                            ),
                        )
                    }),
                }
            }
            None => Interpretation::mismatch(value, "an ISO-8601 time with `Z` or an offset"),
        },
    }
}

/// A v2 code word's label; a known word under another spelling says so.
fn code_word(field: &Field, words: &'static [Word], text: &str) -> Interpretation {
    let Some(word) = word_of(words, text) else {
        let known: Vec<&str> = words.iter().map(|w| w.value).collect();
        return Interpretation::problem(
            FindingId::V2UnknownValue,
            format!(
                "{text:?} is not a `{}` value any source lists (known: {}); shown as sent",
                field.id,
                known.join(", ")
            ),
        );
    };
    if word.value == text {
        return Interpretation::own(word.label);
    }
    Interpretation::shown(format!(
        "{} (spelt {text:?} here; also sent as {:?}: match both)",
        word.label, word.value
    ))
}

/// A v2 event type's meaning; one no source lists, and what it is read as.
fn event_type(name: &str) -> Interpretation {
    if let Some(known) = event(name) {
        return if known.name == name {
            Interpretation::own(known.meaning)
        } else {
            Interpretation::shown(format!(
                "{} (the spelling of MyOperator's article; its Postman collection sends {:?}: match both)",
                known.meaning, known.name
            ))
        };
    }
    let read_as = match channel_of(name) {
        Some(Channel::Call) => "read as a call event by its `call.` prefix",
        Some(Channel::WhatsApp) => "read as a WhatsApp event by its prefix",
        None => "its name does not say whether it is a call or WhatsApp event",
    };
    Interpretation::problem(
        FindingId::V2UnknownEventType,
        format!("{name:?} is not an event type any source lists: {read_as}; its fields are shown as sent"),
    )
}

/// An ISO-8601 time as v2 sends it, read to the second with its fraction kept as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoTime<'a> {
    /// Epoch seconds, UTC.
    pub seconds: i64,
    /// The fraction's digits, as sent (0 to 9 of them).
    pub fraction: &'a str,
}

/// `YYYY-MM-DDTHH:MM:SS`, then 0 to 9 fraction digits after `.`, then `Z` or an
/// offset (`+05:30`, `+0530`, `+05`). Read by position, as In-Call times are, since
/// every v2 event has several.
pub fn parse_iso_time(text: &str) -> Option<IsoTime<'_>> {
    let b = text.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let local = epoch_at(&b[..19], b[10])?;
    let mut at = 19;
    let mut fraction = "";
    if b[at] == b'.' {
        let digits = b[at + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        fraction = &text[at + 1..at + 1 + digits];
        at += 1 + digits;
    }
    let offset = match &b[at..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let two = |h: u8, l: u8| two_digits(h, l).map(i64::from);
            let (hours, minutes) = match *rest {
                [h1, h2] => (two(h1, h2)?, 0),
                [h1, h2, m1, m2] | [h1, h2, b':', m1, m2] => (two(h1, h2)?, two(m1, m2)?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    Some(IsoTime {
        seconds: local - offset,
        fraction,
    })
}

/// `null` and `""` are absent everywhere; `"unknown"` too where text is not expected.
fn absent(field: &Field, value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => Some("(absent)"),
        Value::String(s) if s.is_empty() => Some("(absent)"),
        Value::String(s) if s.eq_ignore_ascii_case("unknown") && field.value_type != ValueType::Text => {
            Some("(absent: sent as \"unknown\")")
        }
        _ => None,
    }
}

fn scalar_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        // Most values have no white space about them: no need to look for it.
        Value::String(s) if !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace) => {
            Some(Cow::Borrowed(s))
        }
        Value::String(s) => Some(Cow::Borrowed(s.trim())),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// An integer sent as a JSON integer or as a string of digits (`1` or `"1"`).
pub fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => parse_i64(s.trim()),
        _ => None,
    }
}

/// Compact JSON of a value, for messages.
pub fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(57).collect::<String>())
    } else {
        text
    }
}

/// `2020-08-01 14:05:56 +05:30`.
pub fn format_time(t: DateTime<Utc>, tz: FixedOffset) -> String {
    let mut out = String::with_capacity(26);
    write_time(&mut out, t.timestamp(), tz);
    out
}

/// `00` to `99`, two bytes each.
const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// [`format_time`] appended to `out`. Written by hand: chrono's strftime parses its
/// pattern on every call, and decoding formats a time for most fields.
fn write_time(out: &mut String, seconds: i64, tz: FixedOffset) {
    write_time_with_fraction(out, seconds, "", tz);
}

/// [`write_time`] with the digits of a fraction of a second after the seconds
/// (`2025-12-23 12:21:48.962 +00:00`), none when `fraction` is empty.
fn write_time_with_fraction(out: &mut String, seconds: i64, fraction: &str, tz: FixedOffset) {
    let offset = tz.local_minus_utc();
    let local = seconds.saturating_add(i64::from(offset));
    let hour = local.div_euclid(3600);
    let within = usize::try_from(local.rem_euclid(3600)).unwrap_or(0);
    LAST_HOURS.with_borrow_mut(|hours| {
        let found = hours
            .slots
            .iter()
            .position(|last| last.hour == hour && last.offset == offset && !last.text.is_empty());
        let at = match found {
            Some(at) => at,
            None => {
                let at = hours.older;
                let last = &mut hours.slots[at];
                last.text.clear();
                if !hour_text(&mut last.text, local, offset) {
                    return far_time(out, seconds, fraction, tz);
                }
                (last.hour, last.offset) = (hour, offset);
                at
            }
        };
        hours.older = 1 - at;
        let (start, zone) = hours.slots[at].text.split_at(HOUR_START);
        let dot = usize::from(!fraction.is_empty());
        out.reserve(start.len() + 5 + dot + fraction.len() + zone.len());
        out.push_str(start);
        out.push_str(minutes_and_seconds(within));
        push_fraction(out, fraction);
        out.push_str(zone);
    });
}

/// The texts of the two hours times were last written in on this thread: most
/// times of a capture fall in a few hours, and the date's arithmetic and digits,
/// once per hour, cost more than the rest. Two, since on generated v1 records
/// one slot was replaced at almost every time written: a record's times
/// alternate between two hours.
struct LastHours {
    slots: [LastHour; 2],
    /// The slot used less recently, which the next hour replaces.
    older: usize,
}

struct LastHour {
    /// Local hours since the epoch.
    hour: i64,
    offset: i32,
    /// `2026-01-03 08:` then ` +05:30`, split at [`HOUR_START`]; empty when none.
    text: String,
}

thread_local! {
    static LAST_HOURS: std::cell::RefCell<LastHours> = const {
        std::cell::RefCell::new(LastHours {
            slots: [
                LastHour {
                    hour: 0,
                    offset: 0,
                    text: String::new(),
                },
                LastHour {
                    hour: 0,
                    offset: 0,
                    text: String::new(),
                },
            ],
            older: 0,
        })
    };
}

/// The length of `2026-01-03 08:`.
const HOUR_START: usize = 14;

/// `2026-01-03 08:` and ` +05:30` for the hour of `local` (seconds, local time) at
/// `offset`; false, and nothing written, where the year is not one of four digits.
fn hour_text(out: &mut String, local: i64, offset: i32) -> bool {
    let (year, month, day) = civil_date(local.div_euclid(86_400));
    let Ok(year @ 0..=9999) = u32::try_from(year) else {
        return false;
    };
    let hour = u32::try_from(local.rem_euclid(86_400) / 3600).unwrap_or(0);
    let mut text = *b"0000-00-00 00: +00:00";
    let mut pair = |at: usize, n: u32| {
        let n = (n % 100) as usize * 2;
        text[at..at + 2].copy_from_slice(&DIGIT_PAIRS[n..n + 2]);
    };
    pair(0, year / 100);
    pair(2, year);
    pair(5, month);
    pair(8, day);
    pair(11, hour);
    pair(16, offset.unsigned_abs() / 3600);
    pair(19, offset.unsigned_abs() / 60 % 60);
    text[15] = if offset < 0 { b'-' } else { b'+' };
    out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    true
}

/// `MM:SS` for a second of the hour (0 to 3599), from a table made at compile
/// time: the digits already text, so that no time is checked as UTF-8 when it is
/// written.
fn minutes_and_seconds(second: usize) -> &'static str {
    MINUTES_AND_SECONDS.get(second * 5..second * 5 + 5).unwrap_or("00:00")
}

/// `00:0000:01`...`59:59`, five bytes for each second of an hour.
static MINUTES_AND_SECONDS: &str = match std::str::from_utf8(&MINUTES_AND_SECONDS_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the table of minutes and seconds is ASCII digits and colons"),
};

static MINUTES_AND_SECONDS_BYTES: [u8; 3600 * 5] = {
    let mut table = [0; 3600 * 5];
    let mut second = 0;
    while second < 3600 {
        let (minutes, seconds) = ((second / 60) as u8, (second % 60) as u8);
        let at = second * 5;
        table[at] = b'0' + minutes / 10;
        table[at + 1] = b'0' + minutes % 10;
        table[at + 2] = b':';
        table[at + 3] = b'0' + seconds / 10;
        table[at + 4] = b'0' + seconds % 10;
        second += 1;
    }
    table
};

/// A time whose year is not of four digits, through chrono (`+14645-...`).
fn far_time(out: &mut String, seconds: i64, fraction: &str, tz: FixedOffset) {
    if let Some(t) = DateTime::<Utc>::from_timestamp(seconds, 0) {
        let shown = t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
        let (time, zone) = shown.rsplit_once(' ').unwrap_or((&shown, ""));
        out.push_str(time);
        push_fraction(out, fraction);
        out.push(' ');
        out.push_str(zone);
    }
}

fn push_fraction(out: &mut String, fraction: &str) {
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01:
/// arithmetic (Howard Hinnant's `civil_from_days`), where going through chrono's
/// calendar types costs several times as much, on most fields of every record.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the day is 1 to 31 and the month 1 to 12 by the arithmetic"
)]
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

fn epoch_display(seconds: i64, tz: FixedOffset) -> Option<String> {
    // The range chrono holds, from about 262000 BCE to 262000 CE.
    DateTime::<Utc>::from_timestamp(seconds, 0)?;
    let mut out = String::with_capacity(26);
    write_time(&mut out, seconds, tz);
    Some(out)
}

/// A naive `YYYY-MM-DD HH:MM:SS` (UTC, as the documents' sample shows), an RFC 3339
/// date-time, or an epoch in seconds, as the query-parameter `created` is sent.
pub fn parse_date_time_utc(text: &str) -> Option<DateTime<Utc>> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return DateTime::<Utc>::from_timestamp(text.parse().ok()?, 0);
    }
    positional_epoch(text)
        .and_then(|seconds| DateTime::<Utc>::from_timestamp(seconds, 0))
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|t| t.and_utc())
        })
        .or_else(|| DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc()))
}

/// [`parse_date_time_utc`] in whole epoch seconds.
pub fn parse_epoch(text: &str) -> Option<i64> {
    positional_epoch(text).or_else(|| parse_date_time_utc(text).map(|t| t.timestamp()))
}

/// `YYYY-MM-DD HH:MM:SS` read by position, the shape every In-Call log sends, in
/// epoch seconds; anything else falls through to chrono.
fn positional_epoch(text: &str) -> Option<i64> {
    epoch_at(text.as_bytes(), b' ')
}

/// `YYYY-MM-DD?HH:MM:SS` with `separator` for `?`, in epoch seconds as if UTC.
fn epoch_at(b: &[u8], separator: u8) -> Option<i64> {
    if b.len() != 19 || b[10] != separator || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (date_and_hour, _) = b.split_at(13);
    // The hour's start remembered for its text: most times of a capture fall in
    // the hour of the one before, and reading a date costs most of a time.
    let start = match LAST_DATE_AND_HOUR.get() {
        Some((last, start)) if last == date_and_hour => start,
        _ => {
            let start = hour_start(date_and_hour)?;
            LAST_DATE_AND_HOUR.set(Some((date_and_hour.try_into().ok()?, start)));
            start
        }
    };
    let (minute, second) = (two_digits(b[14], b[15])?, two_digits(b[17], b[18])?);
    if minute > 59 || second > 59 {
        return None;
    }
    Some(start + i64::from(minute * 60 + second))
}

thread_local! {
    /// The `YYYY-MM-DD?HH` [`epoch_at`] last read on this thread, with its epoch
    /// seconds; only one that reads as a date and hour.
    static LAST_DATE_AND_HOUR: std::cell::Cell<Option<([u8; 13], i64)>> = const { std::cell::Cell::new(None) };
}

fn two_digits(high: u8, low: u8) -> Option<u32> {
    (high.is_ascii_digit() && low.is_ascii_digit()).then(|| u32::from(high - b'0') * 10 + u32::from(low - b'0'))
}

/// `YYYY-MM-DD?HH` (any byte for `?`) in epoch seconds as if UTC.
fn hour_start(b: &[u8]) -> Option<i64> {
    if b.len() != 13 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range]
            .iter()
            .try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let (year, month, day) = (i64::from(number(0..4)?), number(5..7)?, number(8..10)?);
    let hour = number(11..13)?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if day == 0 || day > month_days || hour > 23 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600))
}

/// Days from 1970-01-01 to a proleptic Gregorian date: the inverse of
/// [`civil_date`] (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * i64::from((month + 9) % 12) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn parse_date_time(text: &str, tz: FixedOffset) -> Option<String> {
    let seconds = parse_epoch(text)?;
    let mut out = String::with_capacity(26);
    write_time(&mut out, seconds, tz);
    Some(out)
}

/// A duration as sent: `HH:MM:SS` (minutes and seconds two digits each, below 60)
/// or a whole number of seconds. `"00:75:00"` is not a duration: a clock's minutes
/// stop at 59, so it is reported as a mismatch rather than read as 75 minutes.
pub fn duration_seconds(value: &Value) -> Option<i64> {
    scalar_text(value)
        .as_deref()
        .and_then(parse_hms)
        .or_else(|| integer(value))
        .filter(|&seconds| seconds >= 0)
}

fn parse_hms(text: &str) -> Option<i64> {
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() != 2 || s.len() != 2 {
        return None;
    }
    let (h, m, s): (i64, i64, i64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    (m < 60 && s < 60).then_some(h * 3600 + m * 60 + s)
}

/// `39s`, `1m12s`, `2h0m5s`: the same spelling the timeline uses for offsets.
pub fn human_duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::with_capacity(12);
    let mut number = itoa::Buffer::new();
    if h != 0 {
        out.push_str(number.format(h));
        out.push('h');
    }
    if h != 0 || m != 0 {
        out.push_str(number.format(m));
        out.push('m');
    }
    out.push_str(number.format(s));
    out.push('s');
    out
}

/// The last ten digits of a phone number, so `+919711636496` and `9711636496` match.
pub fn phone_key(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(10)..].to_owned()
}

/// Whether two phone numbers have the same [`phone_key`], compared without building it.
pub fn same_phone(a: &str, b: &str) -> bool {
    fn last_ten(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().rev().filter(u8::is_ascii_digit).take(10)
    }
    last_ten(a).eq(last_ten(b))
}

/// A phone number with and without country code. A leading space is a `+` that form
/// decoding ate, and is read as one.
fn phone_display(text: &str) -> Option<String> {
    let (plus, digits) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Built with push_str: this runs for most records, and `format!` is slow.
    let mut out = String::with_capacity(48);
    match (plus, digits.len()) {
        (_, 12) if digits.starts_with("91") => {
            out.push('+');
            out.push_str(digits);
            out.push_str(" (national ");
            out.push_str(&digits[2..]);
            out.push(')');
        }
        (false, 10) => {
            out.push_str("national ");
            out.push_str(digits);
            out.push_str("; +91");
            out.push_str(digits);
            out.push_str(" if Indian");
        }
        (true, _) => {
            out.push('+');
            out.push_str(digits);
        }
        (false, _) => out.push_str(digits),
    }
    Some(out)
}

fn agent_list(value: &Value) -> Interpretation {
    let items: Vec<Cow<'_, str>> = match value {
        Value::Array(items) => match items.iter().map(scalar_text).collect::<Option<Vec<_>>>() {
            Some(items) => items,
            None => return Interpretation::mismatch(value, "a list of agents"),
        },
        Value::String(s) => s
            .split(',')
            .map(|p| Cow::Borrowed(p.trim()))
            .filter(|p| !p.is_empty())
            .collect(),
        Value::Number(n) => vec![Cow::Owned(n.to_string())],
        _ => return Interpretation::mismatch(value, "a list of agents"),
    };
    let mut shown = String::with_capacity(16 + 40 * items.len());
    shown.push_str(&items.len().to_string());
    shown.push_str(if items.len() == 1 { " agent: " } else { " agents: " });
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            shown.push_str(", ");
        }
        match phone_display(item) {
            Some(phone) => shown.push_str(&phone),
            None => shown.push_str(item),
        }
    }
    Interpretation::shown(shown)
}

/// The time in the first 8 hex digits of a 16-hex-digit id, when it is plausible.
fn hex_id_time(text: &str, tz: FixedOffset) -> Option<String> {
    if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let seconds = i64::from_str_radix(&text[..8], 16).ok()?;
    if !plausible_epoch(seconds) {
        return None;
    }
    let mut out = String::with_capacity(33);
    out.push_str("embeds ");
    write_time(&mut out, seconds, tz);
    Some(out)
}

/// `<host>.<epoch seconds>.<sequence>`, when the middle is a plausible epoch, and
/// whether the display is callhook's own text: where the host and sequence it
/// shows are letters and digits (`s8`, `1000`), nothing in it can name a secret.
fn call_uid(text: &str, tz: FixedOffset) -> Option<(String, bool)> {
    let (host, seconds, sequence) = call_uid_parts(text)?;
    let own = host.bytes().chain(sequence.bytes()).all(|b| b.is_ascii_alphanumeric());
    let mut out = String::with_capacity(48 + host.len() + sequence.len());
    out.push_str("host ");
    out.push_str(host);
    out.push_str(", began ");
    write_time(&mut out, seconds, tz);
    out.push_str(", seq ");
    out.push_str(sequence);
    Some((out, own))
}

/// The host, epoch seconds and sequence of a `<host>.<epoch>.<seq>` uid or session
/// id, when the middle is a plausible epoch.
pub fn call_uid_parts(text: &str) -> Option<(&str, i64, &str)> {
    let first = memchr::memchr(b'.', text.as_bytes())?;
    let (host, rest) = (&text[..first], &text[first + 1..]);
    let second = memchr::memchr(b'.', rest.as_bytes())?;
    let (epoch, sequence) = (&rest[..second], &rest[second + 1..]);
    if sequence.contains('.') {
        return None;
    }
    let seconds = parse_i64(epoch)?;
    plausible_epoch(seconds).then_some((host, seconds, sequence))
}

/// `text` as `str::parse::<i64>` reads it: written out, since every call uid and
/// code sent as text is read through here and the standard parser's generality
/// costs several times as much.
fn parse_i64(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    // Up to 18 digits cannot overflow.
    if digits.len() <= 18 {
        let mut n = 0i64;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            n = n * 10 + i64::from(d - b'0');
        }
        return Some(if negative { -n } else { n });
    }
    // Accumulated on the sign's side, so that `i64::MIN` is read too.
    digits.iter().try_fold(0i64, |n, &d| {
        let digit = i64::from(d.wrapping_sub(b'0'));
        if !d.is_ascii_digit() {
            return None;
        }
        let n = n.checked_mul(10)?;
        if negative {
            n.checked_sub(digit)
        } else {
            n.checked_add(digit)
        }
    })
}

/// Between 2001 and 2100: anything else in an id is a coincidence, not a time.
fn plausible_epoch(seconds: i64) -> bool {
    (978_307_200..4_102_444_800).contains(&seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::lookup::resolve;
    use serde_json::json;

    #[allow(clippy::needless_pass_by_value, reason = "the tests pass `json!` values")]
    fn show(field: &str, value: Value) -> Interpretation {
        interpret(resolve(field).unwrap(), &value, FixedOffset::east_opt(0).unwrap())
    }

    fn display(field: &str, value: Value) -> String {
        show(field, value).display.unwrap_or_default().into_owned()
    }

    #[test]
    fn codes_read_the_same_as_integer_or_string() {
        assert_eq!(display("call_state", json!(6)), "user answered");
        assert_eq!(display("call_state", json!("6")), "user answered");
        assert_eq!(display("_su", json!(2)), "missed");
        assert_eq!(
            show("call_state", json!("8")).problem.unwrap().0,
            FindingId::CodeOutOfRange
        );
        assert_eq!(
            show("event", json!("in")).problem.unwrap().0,
            FindingId::ValueTypeMismatch
        );
        assert_eq!(display("status", json!(null)), "(absent)");
    }

    #[test]
    fn times_are_utc_or_the_requested_offset() {
        assert_eq!(
            display("created", json!("2020-08-01 08:35:56")),
            "2020-08-01 08:35:56 +00:00"
        );
        assert_eq!(display("created", json!("1596270956")), "2020-08-01 08:35:56 +00:00");
        assert_eq!(display("_st", json!(1_596_270_949)), "2020-08-01 08:35:49 +00:00");
        assert_eq!(
            display("_ms", json!(1_596_270_949_000_i64)),
            "2020-08-01 08:35:49 +00:00"
        );
        assert_eq!(display("_ss", json!(30949)), "08:35:49 UTC");
        let ist = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        let shown = interpret(resolve("created").unwrap(), &json!("2020-08-01 08:35:56"), ist);
        assert_eq!(shown.display.unwrap(), "2020-08-01 14:05:56 +05:30");
        assert_eq!(
            show("_st", json!(1_596_270_949_000_i64)).problem.unwrap().0,
            FindingId::ValueTypeMismatch
        );
        assert_eq!(
            show("created", json!("yesterday")).problem.unwrap().0,
            FindingId::ValueTypeMismatch
        );
    }

    #[test]
    fn the_hand_written_time_format_is_strftime_s() {
        let offsets = [0, 19_800, -12 * 3600, 14 * 3600, -3600 - 1800];
        // Every day over 1600 years and more, at a time that moves through the day,
        // and the edges of what chrono holds.
        let days = (-150_000..450_000).step_by(7).chain([-719_528, 2_932_896]);
        for (i, day) in days.enumerate() {
            let seconds = day * 86_400 + (i64::try_from(i).unwrap() * 7919) % 86_400;
            let t = DateTime::<Utc>::from_timestamp(seconds, 0).unwrap();
            let tz = FixedOffset::east_opt(offsets[i % offsets.len()]).unwrap();
            let chrono = t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
            assert_eq!(format_time(t, tz), chrono, "{seconds}");
        }
        let far = DateTime::<Utc>::from_timestamp(400_000_000_000, 0).unwrap();
        assert!(format_time(far, FixedOffset::east_opt(0).unwrap()).starts_with("+14645-"));
    }

    /// The hour remembered between times is the hour of the time written: times
    /// of one hour, of the next, of another offset, far years and back, with and
    /// without a fraction, each as chrono writes it.
    #[test]
    fn times_written_from_the_remembered_hour_are_strftime_s() {
        let offsets = [0, 19_800, -3600 - 1800];
        let start = 1_767_427_199; // 2026-01-03 07:59:59 UTC
        let mut seconds: Vec<i64> = (0..7300).map(|i| start + (i * 37) % 7300).collect();
        seconds.extend([
            start,
            253_402_300_799,
            253_402_300_800,
            start,
            -62_167_219_200,
            -62_167_219_201,
            start,
        ]);
        for (i, &at) in seconds.iter().enumerate() {
            let t = DateTime::<Utc>::from_timestamp(at, 0).unwrap();
            // An offset kept for runs of times, then changed.
            let tz = FixedOffset::east_opt(offsets[i / 50 % offsets.len()]).unwrap();
            let chrono = t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
            assert_eq!(format_time(t, tz), chrono, "{at}");
            let fraction = ["", "9", "870", "123456789"][i % 4];
            let mut ours = String::from("at ");
            write_time_with_fraction(&mut ours, at, fraction, tz);
            let (time, zone) = chrono.rsplit_once(' ').unwrap();
            let dot = if fraction.is_empty() { "" } else { "." };
            assert_eq!(ours, format!("at {time}{dot}{fraction} {zone}"), "{at}");
        }
    }

    /// The epoch of a uid is read as `str::parse` reads it.
    #[test]
    fn uid_epochs_are_read_as_parse_reads_them() {
        for text in [
            "1767427202",
            "+1767427202",
            "0001767427202",
            "-1767427202",
            "-0",
            "+",
            "",
            "-",
            "++1",
            "+-1",
            "12a4",
            " 12",
            "12 ",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "00000000000000000000000001",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "١٢٣",
        ] {
            assert_eq!(parse_i64(text), text.parse::<i64>().ok(), "{text:?}");
        }
    }

    #[test]
    fn the_positional_date_time_reader_agrees_with_chrono() {
        let chrono = |text: &str| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|t| t.and_utc().timestamp())
        };
        for text in [
            "2020-08-01 08:35:56",
            "2000-02-29 23:59:59",
            "2021-02-29 00:00:00",
            "1900-02-29 00:00:00",
            "2020-13-01 00:00:00",
            "2020-00-10 00:00:00",
            "2020-04-31 00:00:00",
            "2020-01-00 00:00:00",
            "2020-01-01 24:00:00",
            "2020-01-01 23:60:00",
            "2020-01-01 23:59:60",
            "0000-01-01 00:00:00",
            "9999-12-31 23:59:59",
            "2020-08-01T08:35:56",
        ] {
            // A leap second (`:60`) is left to chrono, which reads it.
            assert_eq!(parse_epoch(text), chrono(text), "{text}");
        }
        // Times of one hour after another's, after one that is no time, and after
        // one with another separator, each read as if none came before.
        for (i, text) in [
            "2020-08-01 08:35:56",
            "2020-08-01 08:60:56",
            "2020-08-01 08:35:5x",
            "2020-08-01T08:35:56",
            "2020-08-01 08:00:00",
            "2020-08-01 08;00:00",
            "2021-02-29 08:00:00",
            "2021-02-29 08:00:01",
            "2020-08-01 08:59:59",
            "\0\0\0\0\0\0\0\0\0\0\0\0\0:00:00",
            "2020-08-01 24:00:00",
            "2020-08-01 23:59:59",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(parse_epoch(text), chrono(text), "{i}: {text}");
        }
        // Every day of four centuries, leap days and all.
        for day in 0..146_097 {
            let t = DateTime::<Utc>::from_timestamp((day - 150_000) * 86_400 + 45_296, 0).unwrap();
            let text = t.format("%Y-%m-%d %H:%M:%S").to_string();
            assert_eq!(positional_epoch(&text), Some(t.timestamp()), "{text}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(display("_dr", json!("00:00:39")), "39s");
        assert_eq!(display("_dr", json!("01:02:03")), "1h2m3s");
        assert_eq!(display("_drm", json!(0.65)), "39s");
        assert_eq!(display("_tc[].yf", json!(72)), "1m12s");
        assert!(show("_dr", json!("1:2")).problem.is_some());
        assert_eq!(display("_dr", json!(39)), "39s");
        // A clock's minutes stop at 59: 75 of them is no duration.
        assert_eq!(duration_seconds(&json!("00:75:00")), None);
        assert!(show("_dr", json!("00:75:00")).problem.is_some());
        assert_eq!(duration_seconds(&json!("00:01:15")), Some(75));
        assert_eq!(duration_seconds(&json!(-5)), None);
    }

    #[test]
    fn human_durations_and_uid_parts() {
        for (seconds, shown) in [
            (0, "0s"),
            (39, "39s"),
            (72, "1m12s"),
            (3600, "1h0m0s"),
            (7325, "2h2m5s"),
        ] {
            assert_eq!(human_duration(seconds), shown);
        }
        assert_eq!(
            call_uid_parts("s4.1766492465.1359"),
            Some(("s4", 1_766_492_465, "1359"))
        );
        assert_eq!(call_uid_parts(".1766492465."), Some(("", 1_766_492_465, "")));
        assert_eq!(call_uid_parts("s4.1766492465.1359.2"), None);
        assert_eq!(call_uid_parts("s4.1766492465"), None);
        assert_eq!(call_uid_parts("s4.12.1"), None);
        assert_eq!(call_uid_parts("dd60b513-711d-4a1c"), None);
    }

    #[test]
    fn phone_keys_ignore_the_country_code() {
        assert_eq!(phone_key("+919711636496"), phone_key("9711636496"));
        assert_eq!(phone_key("919711636496"), "9711636496");
        assert_eq!(phone_key("12"), "12");
        for (a, b) in [
            ("+919711636496", "9711636496"),
            ("97-1163-6496", "919711636496"),
            ("12", "012"),
            ("", ""),
        ] {
            assert_eq!(same_phone(a, b), phone_key(a) == phone_key(b), "{a} {b}");
        }
    }

    #[test]
    fn phone_numbers_with_and_without_country_code() {
        assert_eq!(
            display("clid_raw", json!("919711636496")),
            "+919711636496 (national 9711636496)"
        );
        assert_eq!(
            display("clid", json!("9711636496")),
            "national 9711636496; +919711636496 if Indian"
        );
        assert_eq!(
            display("_cl", json!("+919711636496")),
            "+919711636496 (national 9711636496)"
        );
        assert_eq!(
            display("caller_number", json!(" 919711636496")),
            "+919711636496 (national 9711636496)"
        );
        assert_eq!(display("rdnis", json!("unknown")), "(absent: sent as \"unknown\")");
        assert_eq!(
            show("clid", json!("97116x")).problem.unwrap().0,
            FindingId::ValueTypeMismatch
        );
    }

    #[test]
    fn users_as_array_single_string_or_comma_separated() {
        assert_eq!(
            display("users", json!(["918586848544"])),
            "1 agent: +918586848544 (national 8586848544)"
        );
        assert_eq!(display("users", json!("abc123,def456")), "2 agents: abc123, def456");
        assert_eq!(display("users", json!("abc123")), "1 agent: abc123");
        assert!(show("users", json!({"a": 1})).problem.is_some());
    }

    #[test]
    fn ids_and_uids_reveal_their_times() {
        assert_eq!(
            display("id", json!("5f25296c4122c135")),
            "embeds 2020-08-01 08:35:56 +00:00"
        );
        assert_eq!(display("company_id", json!("abc123")), "");
        assert_eq!(
            display("uid", json!("n2.1596270949.2175190")),
            "host n2, began 2020-08-01 08:35:49 +00:00, seq 2175190"
        );
        assert_eq!(display("uid", json!("s5.347638.78643857")), "");
    }

    /// Every privacy choice output can make, a declared secret included.
    fn privacies() -> Vec<crate::privacy::Privacy> {
        use crate::privacy::{Declared, Privacy};
        let declared = Declared::new(["08:35".to_owned(), "2020".to_owned()]);
        let mut all = Vec::new();
        for (show_secrets, mask_pii, declared) in [
            (false, false, Declared::default()),
            (false, true, Declared::default()),
            (true, false, Declared::default()),
            (true, true, Declared::default()),
            (false, false, declared),
            (false, true, declared),
        ] {
            all.push(Privacy {
                show_secrets,
                mask_pii,
                declared,
            });
        }
        all
    }

    /// What a display marked `own` is shown as must be what `Privacy::text` shows
    /// of it: skipping the secret scan never hides less. Counts the own displays.
    fn own_shown_as_text(shown: &Interpretation) -> usize {
        let Some(display) = shown.display.as_deref().filter(|_| shown.own) else {
            return 0;
        };
        for privacy in privacies() {
            assert_eq!(
                privacy.own(display),
                privacy.text(display),
                "{display:?} under {privacy:?}"
            );
        }
        1
    }

    #[test]
    #[should_panic(expected = "under")]
    fn a_display_with_a_secret_in_it_is_not_own() {
        own_shown_as_text(&Interpretation::own("host token=abc, began 2020-08-01"));
    }

    /// A uid's display is callhook's own only where the host and sequence it shows
    /// are letters and digits.
    #[test]
    fn uid_displays_are_own_only_of_letters_and_digits() {
        let field = crate::vocabulary::lookup::by_pattern("session_id").unwrap();
        let tz = FixedOffset::east_opt(0).unwrap();
        let own = |uid: &str| {
            let shown = interpret(field, &json!(uid), tz);
            assert!(shown.display.is_some(), "{uid}");
            shown.own
        };
        assert!(own("s8.1767427202.1000"));
        assert!(own(".1767427202."));
        assert!(!own("token=abc.1767427202.1000"));
        assert!(!own("s8.1767427202.pw:x"));
        assert!(!own("s-8.1767427202.1000"));
    }

    #[test]
    fn own_labels_hide_what_text_hides() {
        use crate::vocabulary::FIELDS;
        use crate::vocabulary::v2_events::V2_EVENTS;
        let tz = FixedOffset::east_opt(0).unwrap();
        let mut own = 0;
        for field in FIELDS {
            let mut values = vec![json!(null), json!(""), json!("unknown")];
            match field.value_type {
                ValueType::Code(codes) => values.extend(codes.iter().map(|c| json!(c.value))),
                ValueType::Words(words) => values.extend(words.iter().flat_map(Word::spellings).map(|w| json!(w))),
                ValueType::EventType => values.extend(
                    V2_EVENTS
                        .iter()
                        .flat_map(|e| std::iter::once(e.name).chain(e.other_spellings.iter().copied()))
                        .map(|name| json!(name)),
                ),
                _ => {}
            }
            for value in values {
                own += own_shown_as_text(&interpret(field, &value, tz));
            }
        }
        assert!(own > 100, "only {own} own labels");
    }

    /// An ISO time's offset is `Z`, or a sign and two digits of hours, then two of
    /// minutes with or without a colon between; nothing else.
    #[test]
    fn iso_offsets_are_read_in_their_three_spellings() {
        let at = |offset: &str| parse_iso_time(&format!("2026-01-03T08:00:22.5{offset}")).map(|t| t.seconds);
        let utc = at("Z").unwrap();
        assert_eq!(at("z"), Some(utc));
        for (offset, seconds) in [
            ("+05:30", -19_800),
            ("+0530", -19_800),
            ("+05", -18_000),
            ("-05:30", 19_800),
            ("-0000", 0),
            ("+23:59", -86_340),
        ] {
            assert_eq!(at(offset), Some(utc + seconds), "{offset}");
        }
        for offset in [
            "",
            "+",
            "+5",
            "+5:30",
            "+05:3",
            "+05:",
            "+:0530",
            "+05:30:00",
            "+05::30",
            "+0:530",
            "+24:00",
            "+05:60",
            "+0a:30",
            "+05-30",
            "05:30",
            "+05:30Z",
            "+053",
            "+05300",
        ] {
            assert_eq!(at(offset), None, "{offset}");
        }
    }

    proptest::proptest! {
        #[test]
        fn own_times_hide_what_text_hides(
            seconds in -100_000_000_000i64..100_000_000_000,
            fraction in "[0-9]{0,12}",
            offset in -86_399i32..86_400,
            text in "[0-9a-fA-F.:+ TZ-]{0,24}|.{0,24}",
            host in "[A-Za-z0-9]{0,10}|token|pass|pw|sig|key|u|b|E|bearer|[a-z=:@ -]{0,8}",
            sequence in "[0-9]{0,6}|[A-Za-z0-9]{0,10}|token|pass|-u|[a-z=:@ -]{0,8}",
        ) {
            use crate::vocabulary::FIELDS;
            let tz = FixedOffset::east_opt(offset).unwrap();
            let time = DateTime::<Utc>::from_timestamp(seconds.rem_euclid(4_102_444_800), 0).unwrap();
            let dot = if fraction.is_empty() { "" } else { "." };
            let values = [
                json!(seconds),
                json!(seconds.to_string()),
                json!(seconds.rem_euclid(86_400 * 3)),
                json!(time.format("%Y-%m-%d %H:%M:%S").to_string()),
                json!(format!("{}{dot}{fraction}Z", time.format("%Y-%m-%dT%H:%M:%S"))),
                json!(format!("{}{dot}{fraction}+05:30", time.format("%Y-%m-%dT%H:%M:%S"))),
                json!(format!("{:02}:{:02}:{:02}", seconds.rem_euclid(100), seconds.rem_euclid(60), seconds.rem_euclid(59))),
                json!(format!("{:08x}{:08x}", seconds.rem_euclid(1 << 32), offset.unsigned_abs())),
                json!(f64::from(offset) / 7.0),
                json!(text),
                json!(format!("{host}.{}.{sequence}", 978_307_200 + seconds.rem_euclid(3_000_000_000))),
            ];
            for field in FIELDS {
                for value in &values {
                    own_shown_as_text(&interpret(field, value, tz));
                }
            }
        }
    }
}
