//! The call list: one row per call, the columns of `timeline --summary` (its cells,
//! from `render::timeline::summary::row`) with the caller, agents and outcome beside
//! them. Columns that do not fit are left out, the least telling first, so the list
//! reads at 80 columns; only the rows on screen are made.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{Look, fit};
use crate::browse::app::App;
use crate::render::timeline::summary::row;
use crate::terminal::escape_control;
use crate::timeline::Timeline;
use crate::timeline::call::{Call, Outcome};
use crate::timeline::event::Event;

/// A column: its heading, the widest it grows, and how much it matters (the least
/// is dropped first when the screen is narrow).
struct Column {
    heading: &'static str,
    max: usize,
    keep: u8,
}

const COLUMNS: [Column; 10] = [
    Column {
        heading: "start",
        max: 19,
        keep: 9,
    },
    Column {
        heading: "uid",
        max: 26,
        keep: 10,
    },
    Column {
        heading: "type",
        max: 15,
        keep: 3,
    },
    Column {
        heading: "caller",
        max: 14,
        keep: 4,
    },
    Column {
        heading: "agents",
        max: 16,
        keep: 2,
    },
    Column {
        heading: "outcome",
        max: 10,
        keep: 8,
    },
    Column {
        heading: "duration",
        max: 8,
        keep: 5,
    },
    Column {
        heading: "answer",
        max: 6,
        keep: 1,
    },
    Column {
        heading: "path",
        max: 24,
        keep: 6,
    },
    Column {
        heading: "⚠",
        max: 3,
        keep: 7,
    },
];

/// The path's column, and the least it is cut to.
const PATH: usize = 8;
const PATH_LEAST: usize = 16;

/// The cells of one call, in [`COLUMNS`] order.
fn cells(timeline: &Timeline, call: &Call, look: Look) -> [String; 10] {
    let [uid, kind, start, duration, _answered, answer, path, anomalies] = row(timeline, call, look.privacy, look.tz);
    // The summary's cells are escaped where its table draws them; these are drawn here.
    let uid = escape_control(&uid).into_owned();
    let events = timeline.events(call);
    let caller = Call::first(events, &timeline.strings, Event::caller)
        .map(|c| escape_control(&look.privacy.phone(c)).into_owned())
        .unwrap_or_default();
    let agents: Vec<String> = Call::agents(events, &timeline.strings)
        .iter()
        .map(|a| escape_control(&look.privacy.phone(a)).into_owned())
        .collect();
    // The zone is said once, in the heading.
    let start = start
        .rsplit_once(' ')
        .map_or(start.clone(), |(time, _)| time.to_owned());
    [
        start,
        uid,
        kind,
        caller,
        agents.join(", "),
        call.outcome.as_str().to_owned(),
        duration,
        answer,
        path,
        anomalies,
    ]
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &mut App, look: Look) {
    let Some(data) = &app.data else { return };
    let timeline = &data.timeline;
    let list = &mut app.list;
    if list.shown.is_empty() {
        let text = if timeline.calls.is_empty() && data.following {
            format!("no calls yet: waiting for {} to grow", escape_control(&app.title))
        } else if timeline.calls.is_empty() {
            "no calls: no record names a call uid (`uid`, or the After-Call `_pm` entry `ui`)".to_owned()
        } else {
            format!(
                "no call matches /{}: Esc clears the filter, / edits it",
                escape_control(list.filter.text())
            )
        };
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    if list.cursor < list.offset {
        list.offset = list.cursor;
    } else if list.cursor >= list.offset + height {
        list.offset = list.cursor + 1 - height;
    }
    list.offset = list.offset.min(list.shown.len().saturating_sub(height));
    app.page = height;
    app.rows_top = area.y + 1;
    let rows: Vec<(usize, [String; 10])> = list.shown[list.offset..]
        .iter()
        .take(height)
        .map(|&i| (i, cells(timeline, &timeline.calls[i], look)))
        .collect();
    let zone = look.tz.to_string();
    let start_heading = if zone == "+00:00" {
        "start (UTC)".to_owned()
    } else {
        format!("start ({zone})")
    };
    let headings: Vec<String> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                start_heading.clone()
            } else {
                c.heading.to_owned()
            }
        })
        .collect();
    let (columns, widths) = fit_columns(&rows, &headings, usize::from(area.width));
    let header = Row::new(columns.iter().map(|&c| Cell::from(headings[c].clone()))).style(look.theme.heading());
    let cursor = list.cursor - list.offset;
    let table_rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(n, (i, cells))| {
            let call = &timeline.calls[i];
            let row = Row::new(columns.iter().map(|&c| {
                let text = fit(&cells[c], widths[c]);
                let style = match c {
                    5 => match call.outcome {
                        Outcome::Answered => look.theme.good(),
                        Outcome::Missed | Outcome::Voicemail => look.theme.anomaly(),
                        Outcome::Unfinished | Outcome::None => look.theme.dim(),
                    },
                    9 if !call.anomalies.is_empty() => look.theme.anomaly(),
                    _ => ratatui::style::Style::new(),
                };
                Cell::from(Line::from(Span::styled(text, style)))
            }));
            if n == cursor {
                row.style(look.theme.cursor())
            } else {
                row
            }
        })
        .collect();
    let constraints: Vec<Constraint> = columns
        .iter()
        .map(|&c| Constraint::Length(u16::try_from(widths[c]).unwrap_or(u16::MAX)))
        .collect();
    let table = Table::new(table_rows, constraints).header(header).column_spacing(1);
    frame.render_widget(table, area);
}

/// Which columns fit in `width`, and how wide each is: each as wide as its widest
/// cell on screen (up to its most), empty ones left out, the path cut before any
/// column is dropped, then the least telling dropped until the rest fit; what is
/// left over goes to the path.
fn fit_columns(rows: &[(usize, [String; 10])], headings: &[String], width: usize) -> (Vec<usize>, Vec<usize>) {
    let mut widths: Vec<usize> = (0..COLUMNS.len())
        .map(|col| {
            let content = rows.iter().map(|(_, r)| r[col].chars().count()).max().unwrap_or(0);
            content
                .min(COLUMNS[col].max)
                .max(headings[col].chars().count().min(COLUMNS[col].max))
        })
        .collect();
    let mut kept: Vec<bool> = widths.iter().map(|_| true).collect();
    // Empty columns (no caller anywhere on screen) take no room.
    for (col, k) in kept.iter_mut().enumerate() {
        if rows.iter().all(|(_, r)| r[col].is_empty()) && col != 0 && col != 1 {
            *k = false;
        }
    }
    let total = |kept: &[bool], widths: &[usize]| -> usize {
        let shown: Vec<usize> = (0..widths.len()).filter(|&c| kept[c]).map(|c| widths[c]).collect();
        shown.iter().sum::<usize>() + shown.len().saturating_sub(1)
    };
    // The path is cut (`1 > 5 > …`) before any column is left out.
    let over = total(&kept, &widths).saturating_sub(width);
    widths[PATH] -= over.min(widths[PATH].saturating_sub(PATH_LEAST));
    while total(&kept, &widths) > width {
        let Some(drop) = (0..COLUMNS.len())
            .filter(|&c| kept[c] && c != 1)
            .min_by_key(|&c| COLUMNS[c].keep)
        else {
            break;
        };
        kept[drop] = false;
    }
    // What is left over goes to the path, the column most often cut.
    let spare = width.saturating_sub(total(&kept, &widths));
    widths[PATH] += spare.min(24);
    let columns: Vec<usize> = (0..COLUMNS.len()).filter(|&c| kept[c]).collect();
    (columns, widths)
}
