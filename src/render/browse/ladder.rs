//! A call's ladder: MyOperator on the left, your endpoint on the right, one arrow
//! per event in the order they happened, each with its number, its arrival number
//! and its offset from the start, anomalies marked at its end and explained under
//! the ladder. For a v2 call, the legs (each agent dialled in order, how dialling
//! ended, ring and talk time) under the ladder, before the anomalies. The call's
//! facts (who answered, the recording), each event's label and the legs are the
//! text timeline's own (`render::timeline::text`, `render::timeline::legs`), so the
//! two never say different things.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Look, fit};
use crate::browse::app::App;
use crate::decode::interpret::format_time;
use crate::render::timeline::legs;
use crate::render::timeline::text::{Glyphs, facts, marks_at, offset_text, what_happened};
use crate::terminal::escape_control;
use crate::timeline::Timeline;
use crate::timeline::call::Call;

/// Columns left of the ladder: event number, arrival, offset; then the time of day
/// where the screen is wide enough.
const NUMBER: usize = 3;
const ARRIVAL: usize = 4;
const OFFSET: usize = 7;
const TIME: usize = 8;
/// Room kept right of the ladder for anomaly marks.
const MARKS: usize = 24;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &mut App, look: Look) {
    let Some(data) = &app.data else { return };
    let timeline = &data.timeline;
    let Some(view) = app.call.as_mut() else { return };
    let Some(call) = timeline.calls.get(view.call) else {
        return;
    };
    let events = timeline.events(call);
    let glyphs = Glyphs::new(false);
    let theme = look.theme;

    let facts_text = facts(timeline, call, look.privacy).join(&format!(" {} ", glyphs.dot));
    let facts = Paragraph::new(facts_text).wrap(Wrap { trim: false });
    let legs = Paragraph::new(legs_block(timeline, call, look)).wrap(Wrap { trim: false });
    let notes = Paragraph::new(notes(call, look)).wrap(Wrap { trim: false });
    // Each block as tall as its wrapped lines (the facts at least two, as ever), a
    // block under the ladder at most a third of the view.
    let height_of = |p: &Paragraph| u16::try_from(p.line_count(area.width)).unwrap_or(u16::MAX);
    let [facts_area, ladder_area, legs_area, notes_area] = Layout::vertical([
        Constraint::Length(height_of(&facts).max(2).min(area.height / 3)),
        Constraint::Min(3),
        Constraint::Length(height_of(&legs).min(area.height / 3)),
        Constraint::Length(height_of(&notes).min(area.height / 3)),
    ])
    .areas(area);
    frame.render_widget(facts, facts_area);

    let width = usize::from(area.width);
    let with_time = width >= 100;
    let prefix = NUMBER + 1 + ARRIVAL + 1 + OFFSET + if with_time { 1 + TIME } else { 0 } + 2;
    let lane = width.saturating_sub(prefix + MARKS).clamp(28, 64);
    let height = usize::from(ladder_area.height.saturating_sub(1)).max(1);
    if view.cursor < view.offset {
        view.offset = view.cursor;
    } else if view.cursor >= view.offset + height {
        view.offset = view.cursor + 1 - height;
    }
    app.page = height;
    app.rows_top = ladder_area.y + 1;

    let mut lines = Vec::with_capacity(height + 1);
    let left = format!(
        "{:>NUMBER$} {:>ARRIVAL$} {:>OFFSET$}{}  ",
        "n",
        "arr",
        "offset",
        if with_time {
            format!(" {:>TIME$}", "time")
        } else {
            String::new()
        }
    );
    let participants = format!("{:<w$}{}", "MyOperator", "your endpoint", w = lane.saturating_sub(13));
    lines.push(Line::from(vec![
        Span::styled(left, theme.heading()),
        Span::styled(participants, theme.heading()),
    ]));
    for (i, (e, offset)) in events
        .iter()
        .zip(Call::offsets(events))
        .enumerate()
        .skip(view.offset)
        .take(height)
    {
        let offset = offset.map_or_else(|| glyphs.none.to_owned(), offset_text);
        let time = if with_time {
            let t: String = e
                .time()
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|t| format_time(t, look.tz))
                .and_then(|t| t.split(' ').nth(1).map(str::to_owned))
                .unwrap_or_else(|| glyphs.none.to_owned());
            format!(" {t:>TIME$}")
        } else {
            String::new()
        };
        let left = format!(
            "{:>NUMBER$} {:>ARRIVAL$} {offset:>OFFSET$}{time}  ",
            i + 1,
            format!("#{}", e.arrival())
        );
        let label = fit(
            &what_happened(timeline, e, glyphs, look.privacy),
            lane.saturating_sub(7),
        );
        let dashes = lane.saturating_sub(label.chars().count() + 6);
        let arrow = format!("│─ {label} {}▶│", "─".repeat(dashes));
        let marks = marks_at(call, i);
        let mark_text = if marks.is_empty() {
            String::new()
        } else {
            fit(
                &format!(" {} {}", glyphs.mark, marks.join(", ")),
                width.saturating_sub(prefix + lane),
            )
        };
        let row_style = if i == view.cursor { theme.cursor() } else { Style::new() };
        lines.push(
            Line::from(vec![
                Span::raw(left),
                Span::raw(arrow),
                Span::styled(mark_text, theme.anomaly()),
            ])
            .style(row_style),
        );
    }
    frame.render_widget(Paragraph::new(lines), ladder_area);
    frame.render_widget(legs, legs_area);
    frame.render_widget(notes, notes_area);
}

/// A v2 call's legs, as the text timeline lists them; nothing for other calls.
fn legs_block(timeline: &Timeline, call: &Call, look: Look) -> Vec<Line<'static>> {
    let Some(record) = legs::record(timeline, call).filter(|r| r.legs().len() > 0) else {
        return Vec::new();
    };
    let mut lines = vec![Line::styled("legs", look.theme.heading())];
    lines.extend(
        legs::lines(&record, look.privacy)
            .into_iter()
            .zip(record.legs())
            .map(|(text, leg)| {
                let style = if leg.answered() {
                    look.theme.good()
                } else {
                    Style::new()
                };
                Line::styled(format!("  {text}"), style)
            }),
    );
    lines
}

/// The anomalies under the ladder, each with its event and its message.
fn notes(call: &Call, look: Look) -> Vec<Line<'static>> {
    if call.anomalies.is_empty() {
        return Vec::new();
    }
    let mark = Glyphs::new(false).mark;
    let mut lines = vec![Line::styled("anomalies", look.theme.heading())];
    for a in &call.anomalies {
        let place = a.event.map(|i| format!(" (event {})", i + 1)).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} {}", a.id.as_str()), look.theme.anomaly()),
            Span::raw(format!("{place}: {}", escape_control(&look.privacy.text(&a.message)))),
        ]));
    }
    lines
}
