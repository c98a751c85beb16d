//! `browse`'s screen: the model (`crate::browse::app::App`) drawn with ratatui, on
//! the terminal or, in tests, on its `TestBackend`. A title line, the open view (the
//! call list, a call's ladder, an event's record), a status line with the counts,
//! and a line for the prompt, a message or the keys.
//!
//! Every captured string is shown the way text output shows it: through the
//! timeline's and decode's own renderers where they make the text (summary rows,
//! event labels, call facts), `visible` for secrets and phone numbers, and
//! `terminal::escape_control`, so no captured byte reaches the terminal as control.
//! Colour follows `--color` and `NO_COLOR` ([`Theme`]); the cursor and headings use
//! reverse and bold, which stay without colour.

mod event;
mod help;
mod ladder;
mod list;

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::browse::app::{App, PromptKind};
use crate::privacy::Privacy;
use crate::render::message::{count, plural};
use crate::terminal::escape_control;
use crate::timeline::Totals;
use crate::timeline::call::Call;

/// Styles, with colour or without.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Bold, with colour or without.
    pub fn heading(self) -> Style {
        let _ = self;
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Reverse video, with colour or without.
    pub fn cursor(self) -> Style {
        let _ = self;
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            Style::new()
        }
    }

    pub fn anomaly(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn info(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn bar(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}

/// What the drawing needs besides the model.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub theme: Theme,
    pub privacy: Privacy,
    pub tz: chrono::FixedOffset,
}

/// Draws the whole screen, and notes in `app` what the keys and the mouse need of
/// it (the page height, where the rows start, the scroll offsets).
pub fn draw(frame: &mut Frame, app: &mut App, look: Look) {
    let [title, body, status, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(
        Paragraph::new(title_line(app, usize::from(title.width))).style(look.theme.bar()),
        title,
    );
    if app.data.is_none() {
        let reading = format!("reading {}…", app.title);
        frame.render_widget(Paragraph::new(reading).wrap(Wrap { trim: false }), body);
    } else if app.event.is_some() {
        event::draw(frame, body, app, look);
    } else if app.call.is_some() {
        ladder::draw(frame, body, app, look);
    } else {
        list::draw(frame, body, app, look);
    }
    frame.render_widget(Paragraph::new(status_line(app)).style(look.theme.bar()), status);
    frame.render_widget(bottom_line(app, look.theme), bottom);
    if app.help {
        help::draw(frame, body, look.theme);
    }
}

/// `callhook browse › call UID › event N (#arrival) · FILES`, cut to the width.
fn title_line(app: &App, width: usize) -> Line<'static> {
    let mut text = " callhook browse".to_owned();
    if let Some((timeline, call, _)) = app.open_call() {
        let uid = escape_control(timeline.strings.of(call.uid()).unwrap_or_default()).into_owned();
        let _ = write!(text, " › call {uid}");
        if let Some(event) = &app.event {
            let _ = write!(text, " › event {} (#{})", event.index + 1, event.arrival);
        }
    }
    let _ = write!(text, " · {}", escape_control(&app.title));
    Line::raw(fit(&text, width))
}

/// The counts: calls, events, anomalies, what the filter keeps, the sort, reading.
fn status_line(app: &App) -> Line<'static> {
    let Some(data) = &app.data else {
        return Line::raw(" reading…");
    };
    let timeline = &data.timeline;
    let calls: Vec<&Call> = timeline.calls.iter().collect();
    let events: usize = calls.iter().map(|c| c.range().len()).sum();
    let totals = Totals::of(&calls);
    let anomalies: usize = totals.anomalies.iter().map(|(_, n)| n).sum();
    let mut parts = vec![plural(totals.calls, "call")];
    if totals.conversations > 0 {
        parts.push(plural(totals.conversations, "WhatsApp conversation"));
    }
    parts.push(plural(events, "event"));
    parts.push(count(anomalies, "anomaly", "anomalies"));
    if !app.list.filter.is_empty() {
        parts.push(format!(
            "{} shown (/{})",
            app.list.shown.len(),
            escape_control(app.list.filter.text())
        ));
    }
    let sort = app.list.sort;
    parts.push(format!(
        "sort {} {}",
        sort.key.as_str(),
        if sort.descending { "↓" } else { "↑" }
    ));
    if !timeline.unassigned.is_empty() {
        parts.push(format!("{} without a call uid", timeline.unassigned.len()));
    }
    if data.tally.failed > 0 || !data.unreadable.is_empty() {
        parts.push(plural(data.tally.failed + data.unreadable.len(), "problem"));
    }
    if data.following {
        parts.push(
            if app.list.tailing {
                "following (tail)"
            } else {
                "following"
            }
            .into(),
        );
    }
    Line::raw(format!(" {}", parts.join(" · ")))
}

/// The prompt, a message, or the keys of the open view.
fn bottom_line(app: &App, theme: Theme) -> Paragraph<'static> {
    if let Some(prompt) = &app.prompt {
        let label = match prompt.kind {
            PromptKind::Filter => "/",
            PromptKind::ExportCsv => "export the calls shown as CSV to: ",
            PromptKind::ExportMermaid => "export the call as Mermaid to: ",
        };
        let mut spans = vec![
            Span::styled(label, theme.heading()),
            Span::raw(escape_control(&prompt.text).into_owned()),
        ];
        spans.push(Span::styled(" ", theme.cursor()));
        if let Some(error) = &prompt.error {
            spans.push(Span::styled(format!("  {}", escape_control(error)), theme.bad()));
        } else if prompt.kind == PromptKind::Filter {
            spans.push(Span::styled(
                "  Enter keeps it, Esc undoes; uid: caller: state: event: anomaly: …",
                theme.dim(),
            ));
        }
        return Paragraph::new(Line::from(spans));
    }
    if let Some(note) = &app.note {
        let style = if note.error { theme.bad() } else { theme.good() };
        return Paragraph::new(Line::styled(format!(" {}", escape_control(&note.text)), style));
    }
    if let Some(problem) = first_problem(app) {
        return Paragraph::new(Line::styled(format!(" {}", escape_control(&problem)), theme.bad()));
    }
    let keys = if app.event.is_some() {
        "↑↓ scroll  y copy as JSON  Esc back  ? help  q quit"
    } else if app.call.is_some() {
        "↑↓ event  Enter decode  m Mermaid  Esc back  ? help  q quit"
    } else {
        "↑↓ move  Enter open  / filter  s sort  e CSV  m Mermaid  ? help  q quit"
    };
    Paragraph::new(Line::styled(format!(" {keys}"), theme.dim()))
}

/// What could not be read, while the list shows.
fn first_problem(app: &App) -> Option<String> {
    let data = app.data.as_ref()?;
    if app.call.is_some() {
        return None;
    }
    data.unreadable.first().map(|u| format!("cannot read {u}")).or_else(|| {
        data.problems.first().map(|p| {
            let more = data.tally.failed.saturating_sub(1);
            let more = if more > 0 {
                format!(" (and {more} more: `callhook decode` shows them)")
            } else {
                String::new()
            };
            format!("record failed: {p}{more}")
        })
    })
}

/// A box in the middle of `area`, cleared, for an overlay.
fn centered(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    rect
}

/// `text` cut to `width` characters, with `…` where it was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests;
