//! The `?` overlay: every key, and the filter's words.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, centered};

/// The keys, as the help and docs/browse.md list them.
pub(super) const KEYS: &[(&str, &str)] = &[
    ("↑ ↓  j k", "move; in an event, scroll"),
    ("PgUp PgDn  Space", "a page up or down"),
    ("Home End  g G", "first or last; End follows new calls"),
    ("Enter  → l", "open: a call's ladder, an event's record"),
    ("Esc  ← h", "back; in the list, clear the filter"),
    ("/", "filter the calls (Enter keeps it, Esc undoes)"),
    ("s  S  r", "sort by the next or previous column, reverse"),
    ("e", "export the calls shown as CSV"),
    ("m", "export the selected call as Mermaid"),
    ("y", "copy the open event's record as JSON (OSC 52)"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
];

/// The filter's words, for the help.
const FILTER: &[&str] = &[
    "words must all match; -word must not",
    "uid:  caller:  agent:  state:6  event:answered",
    "anomaly:duplicate  type:incoming  outcome:missed",
];

pub(super) fn draw(frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<18}"), theme.heading()),
                Span::raw((*what).to_owned()),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" filter", theme.heading()));
    lines.extend(FILTER.iter().map(|f| Line::raw(format!(" {f}"))));
    lines.push(Line::raw(""));
    lines.push(Line::styled(" any key closes this", theme.dim()));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(frame, area, 70, height);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" keys ")),
        rect,
    );
}
