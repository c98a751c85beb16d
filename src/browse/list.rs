//! The call list: which calls are shown (the filter), in what order (the sort), and
//! which one is selected. The selection is a call, not a row: it stays on its call
//! when the filter, the sort or the timeline changes, so new calls arriving under
//! `--follow` never move it. Tailing (on at the start of `--follow`, and after
//! End) keeps the last row selected instead, until the cursor is moved.

use std::cmp::Ordering;

use super::filter::Filter;
use crate::timeline::Timeline;
use crate::timeline::call::{Call, Outcome};
use crate::timeline::event::Event;

/// What the list is sorted by: the columns, in the order `s` steps through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The timeline's own order: start, then first arrival.
    Start,
    Uid,
    Type,
    Caller,
    Outcome,
    Duration,
    TimeToAnswer,
    Anomalies,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Start,
        SortKey::Uid,
        SortKey::Type,
        SortKey::Caller,
        SortKey::Outcome,
        SortKey::Duration,
        SortKey::TimeToAnswer,
        SortKey::Anomalies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Start => "start",
            SortKey::Uid => "uid",
            SortKey::Type => "type",
            SortKey::Caller => "caller",
            SortKey::Outcome => "outcome",
            SortKey::Duration => "duration",
            SortKey::TimeToAnswer => "time to answer",
            SortKey::Anomalies => "anomalies",
        }
    }

    /// The next key, or with `back` the one before.
    pub fn step(self, back: bool) -> SortKey {
        let at = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        let n = SortKey::ALL.len();
        SortKey::ALL[if back { (at + n - 1) % n } else { (at + 1) % n }]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            key: SortKey::Start,
            descending: false,
        }
    }
}

#[derive(Debug, Default)]
pub struct CallList {
    /// The calls shown, as indices into the timeline's calls, in the order shown.
    pub shown: Vec<usize>,
    pub cursor: usize,
    /// The first row drawn; kept by the drawing so the cursor stays in view.
    pub offset: usize,
    pub sort: Sort,
    pub filter: Filter,
    /// Whether the last row stays selected as calls arrive.
    pub tailing: bool,
    /// The selected call's uid, to find it again.
    selected_uid: Option<String>,
}

impl CallList {
    /// The selected call, as an index into the timeline's calls.
    pub fn selected(&self) -> Option<usize> {
        self.shown.get(self.cursor).copied()
    }

    /// Works out the rows again for `timeline`, keeping the selected call.
    pub fn refresh(&mut self, timeline: &Timeline) {
        let filter = &self.filter;
        self.shown = (0..timeline.calls.len())
            .filter(|&i| filter.is_empty() || filter.matches(timeline, &timeline.calls[i]))
            .collect();
        let sort = self.sort;
        if sort != Sort::default() {
            // A caller is found among a call's events: once a call, not once a comparison.
            let callers: Vec<Option<&str>> = if sort.key == SortKey::Caller {
                timeline
                    .calls
                    .iter()
                    .map(|c| Call::first(timeline.events(c), &timeline.strings, Event::caller))
                    .collect()
            } else {
                Vec::new()
            };
            self.shown.sort_by(|&a, &b| {
                let order = match sort.key {
                    SortKey::Caller => known_first(callers[a], callers[b]),
                    key => compare(timeline, &timeline.calls[a], &timeline.calls[b], key),
                };
                if sort.descending { order.reverse() } else { order }.then(a.cmp(&b))
            });
        }
        self.reselect(timeline);
    }

    /// The cursor back on the selected call, or on the last row when tailing.
    fn reselect(&mut self, timeline: &Timeline) {
        let last = self.shown.len().saturating_sub(1);
        self.cursor = if self.tailing {
            last
        } else {
            let again = self.selected_uid.as_deref().and_then(|uid| {
                self.shown
                    .iter()
                    .position(|&i| timeline.strings.of(timeline.calls[i].uid()) == Some(uid))
            });
            again.unwrap_or(self.cursor).min(last)
        };
        self.remember(timeline);
    }

    /// Takes a filter that [`Filter::narrows`] the one before: only the calls shown
    /// are tried, and their order stays.
    pub fn narrow(&mut self, timeline: &Timeline, filter: Filter) {
        self.filter = filter;
        let filter = &self.filter;
        self.shown.retain(|&i| filter.matches(timeline, &timeline.calls[i]));
        self.reselect(timeline);
    }

    /// Moves the cursor by `delta` rows (stops at the ends); moving stops tailing.
    pub fn move_by(&mut self, timeline: &Timeline, delta: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.tailing = false;
        self.remember(timeline);
    }

    /// Selects row `row`.
    pub fn select(&mut self, timeline: &Timeline, row: usize) {
        if row < self.shown.len() {
            self.cursor = row;
            self.tailing = false;
            self.remember(timeline);
        }
    }

    /// The last row, and tailing on.
    pub fn end(&mut self, timeline: &Timeline) {
        self.cursor = self.shown.len().saturating_sub(1);
        self.tailing = true;
        self.remember(timeline);
    }

    fn remember(&mut self, timeline: &Timeline) {
        self.selected_uid = self
            .selected()
            .and_then(|i| timeline.strings.of(timeline.calls[i].uid()))
            .map(str::to_owned);
    }
}

/// Known values in order, then the unknown (no duration, no caller).
fn known_first<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Two calls by one column but the caller, which [`CallList::refresh`] looks up once.
fn compare(timeline: &Timeline, a: &Call, b: &Call, key: SortKey) -> Ordering {
    let strings = &timeline.strings;
    match key {
        SortKey::Start => known_first(a.start(), b.start()),
        SortKey::Uid => strings.of(a.uid()).cmp(&strings.of(b.uid())),
        SortKey::Type => a.kind.as_str().cmp(b.kind.as_str()),
        SortKey::Caller => known_first(
            Call::first(timeline.events(a), strings, Event::caller),
            Call::first(timeline.events(b), strings, Event::caller),
        ),
        SortKey::Outcome => outcome_rank(a.outcome).cmp(&outcome_rank(b.outcome)),
        SortKey::Duration => known_first(a.duration(), b.duration()),
        SortKey::TimeToAnswer => known_first(a.time_to_answer(), b.time_to_answer()),
        SortKey::Anomalies => a.anomalies.len().cmp(&b.anomalies.len()),
    }
}

fn outcome_rank(o: Outcome) -> u8 {
    match o {
        Outcome::Answered => 0,
        Outcome::Missed => 1,
        Outcome::Voicemail => 2,
        Outcome::Unfinished => 3,
        Outcome::None => 4,
    }
}
