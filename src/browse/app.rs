//! The state of the view and what each key does to it. Keys come in, an
//! [`Effect`] goes out for what the model cannot do itself (quit, write a file, copy
//! to the clipboard); drawing reads the state (`crate::render::browse`).
//!
//! Three views, each opened from the one before with Enter and closed with Esc: the
//! call list, a call's ladder, and an event's decoded record. A prompt (the filter,
//! a file name to export to) and the help take the keys while they are open.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::filter::Filter;
use super::list::CallList;
use super::load::Snapshot;
use super::records::{Records, Reread};
use crate::timeline::Timeline;
use crate::timeline::call::Call;
use crate::timeline::event::Event;

/// What the loop does after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Nothing,
    Quit,
    /// Write the calls shown as `timeline --summary --format csv` does.
    ExportCsv {
        path: PathBuf,
        calls: Vec<usize>,
    },
    /// Write one call as `timeline --format mermaid` does.
    ExportMermaid {
        path: PathBuf,
        call: usize,
    },
    /// Copy the open event's record, as `decode --format ndjson` writes it.
    CopyRecord,
}

/// A call's ladder, open.
#[derive(Debug)]
pub struct CallView {
    pub uid: String,
    /// Its index in the timeline's calls; found again by uid when the timeline changes.
    pub call: usize,
    /// The selected event, in event order.
    pub cursor: usize,
    pub offset: usize,
}

/// An event's record, open.
#[derive(Debug)]
pub struct EventView {
    /// Its place in the call, in event order, and its arrival number.
    pub index: usize,
    pub arrival: u32,
    /// Its record's number within its file.
    pub number: u32,
    pub record: Result<Box<Reread>, String>,
    /// Lines scrolled past.
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    ExportCsv,
    ExportMermaid,
}

/// A line being typed at the bottom of the screen.
#[derive(Debug)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// The cursor, in characters.
    pub cursor: usize,
    /// What the line says is wrong with the text, if anything.
    pub error: Option<String>,
    /// The filter before this one was typed, put back on Esc.
    previous: String,
    /// An export over an existing file waits for a second Enter.
    confirm: Option<PathBuf>,
}

impl Prompt {
    fn new(kind: PromptKind, text: String) -> Self {
        Prompt {
            kind,
            cursor: text.chars().count(),
            previous: text.clone(),
            text,
            error: None,
            confirm: None,
        }
    }

    /// Edits the line; whether the key was an edit.
    fn edit(&mut self, key: KeyEvent) -> bool {
        let at = |text: &str, chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char('w') if ctrl => {
                let end = at(&self.text, self.cursor);
                let kept = self.text[..end].trim_end();
                let start = kept.rfind(' ').map_or(0, |p| p + 1);
                self.cursor = self.text[..start].chars().count();
                self.text.replace_range(start..end, "");
            }
            KeyCode::Char(c) if !ctrl => {
                let i = at(&self.text, self.cursor);
                self.text.insert(i, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let i = at(&self.text, self.cursor);
                self.text.remove(i);
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let i = at(&self.text, self.cursor);
                self.text.remove(i);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.text.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.chars().count(),
            _ => return false,
        }
        self.confirm = None;
        true
    }
}

/// A message on the status line, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

/// Everything the screen shows.
#[derive(Debug)]
pub struct App {
    /// The timeline as read so far; `None` until the first reading ends.
    pub data: Option<Snapshot>,
    pub records: Records,
    pub list: CallList,
    pub call: Option<CallView>,
    pub event: Option<EventView>,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub note: Option<Note>,
    /// What is being read, for the title: the file names.
    pub title: String,
    /// Rows of the last drawn page, for Page Up and Down; and where the rows of the
    /// list or ladder began on screen, for the mouse.
    pub page: usize,
    pub rows_top: u16,
}

impl App {
    pub fn new(records: Records, title: String, follow: bool) -> Self {
        let mut list = CallList::default();
        list.tailing = follow;
        App {
            data: None,
            records,
            list,
            call: None,
            event: None,
            prompt: None,
            help: false,
            note: None,
            title,
            page: 10,
            rows_top: 0,
        }
    }

    pub fn timeline(&self) -> Option<&Timeline> {
        self.data.as_ref().map(|d| &d.timeline)
    }

    /// Takes a new state of the timeline, keeping the selection, the open call and
    /// the open event.
    pub fn update(&mut self, snapshot: Snapshot) {
        // Events are found again by arrival: appended ones may be put before them.
        let at_cursor = self
            .open_call()
            .and_then(|(timeline, call, view)| timeline.events(call).get(view.cursor).map(Event::arrival));
        self.data = Some(snapshot);
        let Some(data) = &self.data else { return };
        let timeline = &data.timeline;
        self.list.refresh(timeline);
        if let Some(view) = &mut self.call {
            let found = timeline
                .calls
                .iter()
                .position(|c| timeline.strings.of(c.uid()) == Some(view.uid.as_str()));
            if let Some(call) = found {
                view.call = call;
                let events = timeline.events(&timeline.calls[call]);
                view.cursor = at_cursor
                    .and_then(|arrival| events.iter().position(|e| e.arrival() == arrival))
                    .unwrap_or(view.cursor)
                    .min(events.len().saturating_sub(1));
                if let Some(open) = &mut self.event
                    && let Some(i) = events.iter().position(|e| e.arrival() == open.arrival)
                {
                    open.index = i;
                }
            } else {
                self.call = None;
                self.event = None;
            }
        }
    }

    /// The open call.
    pub fn open_call(&self) -> Option<(&Timeline, &Call, &CallView)> {
        let timeline = self.timeline()?;
        let view = self.call.as_ref()?;
        Some((timeline, timeline.calls.get(view.call)?, view))
    }

    pub fn note(&mut self, text: impl Into<String>, error: bool) {
        self.note = Some(Note {
            text: text.into(),
            error,
        });
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Effect {
        if key.kind == KeyEventKind::Release {
            return Effect::Nothing;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c')) {
            return Effect::Quit;
        }
        if self.prompt.is_some() {
            return self.on_prompt_key(key);
        }
        self.note = None;
        if self.help {
            self.help = false;
            return if matches!(key.code, KeyCode::Char('q')) {
                Effect::Quit
            } else {
                Effect::Nothing
            };
        }
        match key.code {
            KeyCode::Char('q') => return Effect::Quit,
            KeyCode::Char('?') | KeyCode::F(1) => self.help = true,
            KeyCode::Char('/') => {
                self.prompt = Some(Prompt::new(PromptKind::Filter, self.list.filter.text().to_owned()));
            }
            KeyCode::Char('e') => self.start_export(PromptKind::ExportCsv),
            KeyCode::Char('m') => self.start_export(PromptKind::ExportMermaid),
            KeyCode::Char('y') => {
                return if self.event.as_ref().is_some_and(|e| e.record.is_ok()) {
                    Effect::CopyRecord
                } else {
                    self.note("`y` copies the record of an open event: open one with Enter", true);
                    Effect::Nothing
                };
            }
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => self.back(),
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => self.open(),
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.move_by(self.page_rows()),
            KeyCode::Char('f') if ctrl => self.move_by(self.page_rows()),
            KeyCode::PageUp => self.move_by(-self.page_rows()),
            KeyCode::Char('b') if ctrl => self.move_by(-self.page_rows()),
            KeyCode::Home | KeyCode::Char('g') => self.move_by(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => self.go_to_end(),
            KeyCode::Char('s') if self.call.is_none() => self.sort_by(false),
            KeyCode::Char('S') if self.call.is_none() => self.sort_by(true),
            KeyCode::Char('r') if self.call.is_none() => {
                self.list.sort.descending = !self.list.sort.descending;
                self.refresh_list();
            }
            _ => {}
        }
        Effect::Nothing
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.move_by(3),
            MouseEventKind::ScrollUp => self.move_by(-3),
            MouseEventKind::Down(_) if self.event.is_none() && self.prompt.is_none() && !self.help => {
                let Some(row) = mouse.row.checked_sub(self.rows_top) else {
                    return;
                };
                let row = usize::from(row);
                if let (Some(view), Some(timeline)) = (&mut self.call, self.data.as_ref().map(|d| &d.timeline)) {
                    let events = timeline.calls.get(view.call).map_or(0, |c| timeline.events(c).len());
                    if view.offset + row < events {
                        view.cursor = view.offset + row;
                    }
                } else if let Some(timeline) = self.data.as_ref().map(|d| &d.timeline) {
                    self.list.select(timeline, self.list.offset + row);
                }
            }
            _ => {}
        }
    }

    fn page_rows(&self) -> isize {
        isize::try_from(self.page.max(1)).unwrap_or(1)
    }

    fn move_by(&mut self, delta: isize) {
        if let Some(view) = &mut self.event {
            let scrolled = i64::from(view.scroll) + i64::try_from(delta).unwrap_or(0);
            view.scroll = u16::try_from(scrolled.max(0)).unwrap_or(u16::MAX);
        } else if let Some(view) = &mut self.call {
            let events = self
                .data
                .as_ref()
                .and_then(|d| d.timeline.calls.get(view.call).map(|c| d.timeline.events(c).len()))
                .unwrap_or(0);
            view.cursor = view.cursor.saturating_add_signed(delta).min(events.saturating_sub(1));
        } else if let Some(data) = &self.data {
            self.list.move_by(&data.timeline, delta);
        }
    }

    fn go_to_end(&mut self) {
        if let Some(view) = &mut self.event {
            // The drawing clamps the scroll to the text.
            view.scroll = u16::MAX;
        } else if self.call.is_some() {
            self.move_by(isize::MAX / 2);
        } else if let Some(data) = &self.data {
            self.list.end(&data.timeline);
        }
    }

    fn sort_by(&mut self, back: bool) {
        self.list.sort.key = self.list.sort.key.step(back);
        self.refresh_list();
        self.note(format!("sorted by {}", self.list.sort.key.as_str()), false);
    }

    fn refresh_list(&mut self) {
        if let Some(data) = &self.data {
            self.list.refresh(&data.timeline);
        }
    }

    fn open(&mut self) {
        if self.event.is_some() {
            return;
        }
        let Some(data) = &self.data else { return };
        let timeline = &data.timeline;
        if let Some(view) = &self.call {
            let Some(call) = timeline.calls.get(view.call) else {
                return;
            };
            let events = timeline.events(call);
            let Some(e) = events.get(view.cursor) else { return };
            let record = self.records.read(&data.places, e).map(Box::new);
            self.event = Some(EventView {
                index: view.cursor,
                arrival: e.arrival(),
                number: timeline.record(e),
                record,
                scroll: 0,
            });
        } else if let Some(call) = self.list.selected() {
            let uid = timeline.strings.of(timeline.calls[call].uid()).unwrap_or_default();
            self.call = Some(CallView {
                uid: uid.to_owned(),
                call,
                cursor: 0,
                offset: 0,
            });
        }
    }

    fn back(&mut self) {
        if self.event.take().is_some() || self.call.take().is_some() {
            return;
        }
        if !self.list.filter.is_empty() {
            self.list.filter = Filter::default();
            self.refresh_list();
            self.note("filter cleared", false);
        }
    }

    fn start_export(&mut self, kind: PromptKind) {
        let Some(timeline) = self.timeline() else {
            self.note("nothing to export yet: still reading", true);
            return;
        };
        let name = match kind {
            PromptKind::ExportMermaid => {
                let call = self.call.as_ref().map(|v| v.call).or_else(|| self.list.selected());
                let Some(call) = call else {
                    self.note("no call selected to draw", true);
                    return;
                };
                let uid = timeline.strings.of(timeline.calls[call].uid()).unwrap_or("call");
                let safe: String = uid
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                fresh_name(&format!("call-{safe}"), "mmd")
            }
            _ => fresh_name("calls", "csv"),
        };
        self.prompt = Some(Prompt::new(kind, name));
    }

    fn on_prompt_key(&mut self, key: KeyEvent) -> Effect {
        let Some(prompt) = &mut self.prompt else {
            return Effect::Nothing;
        };
        match key.code {
            KeyCode::Esc => {
                let prompt = self.prompt.take();
                if let Some(p) = prompt
                    && p.kind == PromptKind::Filter
                {
                    self.apply_filter(&p.previous);
                }
                Effect::Nothing
            }
            KeyCode::Enter => self.submit(),
            _ => {
                if prompt.edit(key) && prompt.kind == PromptKind::Filter {
                    let text = prompt.text.clone();
                    self.apply_filter(&text);
                }
                Effect::Nothing
            }
        }
    }

    /// Applies a filter as it is typed; a bad one leaves the list as it was and
    /// says why on the prompt line.
    fn apply_filter(&mut self, text: &str) {
        match Filter::parse(text) {
            Ok(filter) => {
                if let Some(p) = &mut self.prompt {
                    p.error = None;
                }
                if filter != self.list.filter {
                    match &self.data {
                        Some(data) if filter.narrows(&self.list.filter) => self.list.narrow(&data.timeline, filter),
                        _ => {
                            self.list.filter = filter;
                            self.refresh_list();
                        }
                    }
                }
            }
            Err(message) => {
                if let Some(p) = &mut self.prompt {
                    p.error = Some(message);
                }
            }
        }
    }

    fn submit(&mut self) -> Effect {
        let Some(prompt) = &mut self.prompt else {
            return Effect::Nothing;
        };
        match prompt.kind {
            PromptKind::Filter => {
                if prompt.error.is_none() {
                    self.prompt = None;
                    let shown = self.list.shown.len();
                    if !self.list.filter.is_empty() {
                        self.note(format!("{shown} calls match; Esc clears the filter"), false);
                    }
                }
                Effect::Nothing
            }
            kind => {
                let path = PathBuf::from(prompt.text.trim());
                if path.as_os_str().is_empty() {
                    prompt.error = Some("type a file name, or Esc".into());
                    return Effect::Nothing;
                }
                if path.exists() && prompt.confirm.as_ref() != Some(&path) {
                    prompt.error = Some(format!("{} exists: Enter again to replace it", path.display()));
                    prompt.confirm = Some(path);
                    return Effect::Nothing;
                }
                self.prompt = None;
                match kind {
                    PromptKind::ExportCsv => Effect::ExportCsv {
                        path,
                        calls: self.list.shown.clone(),
                    },
                    _ => match self.call.as_ref().map(|v| v.call).or_else(|| self.list.selected()) {
                        Some(call) => Effect::ExportMermaid { path, call },
                        None => Effect::Nothing,
                    },
                }
            }
        }
    }
}

/// `calls.csv`, or `calls-2.csv` and so on when it exists.
fn fresh_name(stem: &str, extension: &str) -> String {
    let name = format!("{stem}.{extension}");
    if !std::path::Path::new(&name).exists() {
        return name;
    }
    (2..1000)
        .map(|n| format!("{stem}-{n}.{extension}"))
        .find(|name| !std::path::Path::new(name).exists())
        .unwrap_or(name)
}
