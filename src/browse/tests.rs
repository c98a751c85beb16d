//! The model without a terminal: keys, the filter, the sort, the selection kept
//! across changes, exports asked for, records read again, and `--follow` reading
//! what is appended to a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Effect};
use super::list::SortKey;
use super::load::{Reading, State, read_once};
use super::records::Records;
use crate::pipeline::Input;

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reading(files: &[PathBuf], follow: bool) -> Reading {
    Reading {
        inputs: files.iter().map(|f| Input::File(f.clone())).collect(),
        forced: None,
        tz: utc(),
        follow,
    }
}

fn app_of(files: &[&str]) -> App {
    let files: Vec<PathBuf> = files.iter().map(|f| root().join(f)).collect();
    let reading = reading(&files, false);
    let mut app = App::new(Records::new(reading.inputs.clone(), None, utc()), String::new(), false);
    app.update(read_once(&reading));
    app
}

fn key(app: &mut App, code: KeyCode) -> Effect {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The uids of the calls shown, in order.
fn shown(app: &App) -> Vec<String> {
    let timeline = app.timeline().unwrap();
    app.list
        .shown
        .iter()
        .map(|&i| timeline.strings.of(timeline.calls[i].uid()).unwrap().to_owned())
        .collect()
}

fn selected(app: &App) -> String {
    let timeline = app.timeline().unwrap();
    let call = app.list.selected().unwrap();
    timeline.strings.of(timeline.calls[call].uid()).unwrap().to_owned()
}

const EXAMPLES: [&str; 3] = [
    "examples/calls.ndjson",
    "examples/in-call-events.ndjson",
    "examples/after-call.json",
];

#[test]
fn the_filter_applies_as_typed_and_esc_undoes_it() {
    let mut app = app_of(&EXAMPLES);
    assert_eq!(shown(&app).len(), 4);
    typed(&mut app, "/state:9");
    assert_eq!(shown(&app), ["n2.1596271200.2175201"]);
    // An unknown prefix is not a filter: the list stays as the last good one left it
    // (`state:9 x`), and the line says why.
    typed(&mut app, " x");
    assert!(shown(&app).is_empty());
    typed(&mut app, ":");
    assert!(shown(&app).is_empty());
    let error = app.prompt.as_ref().unwrap().error.clone().unwrap();
    assert!(error.starts_with("unknown filter `x:`"), "{error}");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::Nothing);
    assert!(app.prompt.is_some(), "a bad filter is not kept");
    key(&mut app, KeyCode::Esc);
    assert!(app.prompt.is_none());
    assert_eq!(shown(&app).len(), 4, "Esc put back the filter before");

    typed(&mut app, "/anomaly:duplicate");
    key(&mut app, KeyCode::Enter);
    assert_eq!(shown(&app), ["n2.1596270949.2175190"]);
    assert!(app.note.as_ref().unwrap().text.starts_with("1 calls match"));
    // `/` again edits the filter kept.
    typed(&mut app, "/");
    assert_eq!(app.prompt.as_ref().unwrap().text, "anomaly:duplicate");
    key(&mut app, KeyCode::Esc);
    // Esc in the list clears it.
    key(&mut app, KeyCode::Esc);
    assert_eq!(shown(&app).len(), 4);
}

#[test]
fn filter_words_reach_every_part_of_a_call() {
    let cases: [(&str, &[&str]); 9] = [
        ("uid:2175230", &["n2.1596271500.2175230"]),
        ("caller:9811122233", &["n2.1596271200.2175201"]),
        ("agent:8586848544 uid:2175230", &["n2.1596271500.2175230"]),
        ("event:after-call", &["n2.1596270949.2175190"]),
        ("type:click", &["n2.1596271200.2175201"]),
        ("outcome:unfinished", &["n2.1596271800.2175260"]),
        ("anomaly:missing-end", &["n2.1596271800.2175260"]),
        ("missed -state:4", &["n2.1596271200.2175201"]),
        ("dialing obd", &["n2.1596271500.2175230"]),
    ];
    for (filter, expected) in cases {
        let mut app = app_of(&EXAMPLES);
        typed(&mut app, &format!("/{filter}"));
        key(&mut app, KeyCode::Enter);
        assert_eq!(shown(&app), expected, "/{filter}");
    }
}

#[test]
fn sorting_keeps_the_selected_call() {
    let mut app = app_of(&EXAMPLES);
    key(&mut app, KeyCode::Down);
    let chosen = selected(&app);
    assert_eq!(chosen, "n2.1596271200.2175201");
    // Start, uid, type, caller, outcome, duration.
    for _ in 0..5 {
        key(&mut app, KeyCode::Char('s'));
    }
    assert_eq!(app.list.sort.key, SortKey::Duration);
    assert_eq!(
        shown(&app),
        [
            "n2.1596271200.2175201",
            "n2.1596271500.2175230",
            "n2.1596270949.2175190",
            "n2.1596271800.2175260"
        ],
        "31s, 32s, 39s, then no duration"
    );
    assert_eq!(selected(&app), chosen);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(shown(&app)[0], "n2.1596271800.2175260");
    assert_eq!(selected(&app), chosen);
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(app.list.sort.key, SortKey::Outcome);
}

#[test]
fn enter_opens_a_call_then_an_event_and_esc_goes_back() {
    let mut app = app_of(&EXAMPLES);
    key(&mut app, KeyCode::Enter);
    let view = app.call.as_ref().unwrap();
    assert_eq!(view.uid, "n2.1596270949.2175190");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let event = app.event.as_ref().unwrap();
    assert_eq!((event.index, event.arrival), (2, 3));
    let reread = event.record.as_ref().unwrap();
    // The third event in event order is state 5, the record that arrived third.
    let state = reread
        .record
        .payload
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .find(|f| f.path() == "call_state")
        .unwrap();
    assert_eq!(state.value, "5");
    assert_eq!(key(&mut app, KeyCode::Char('y')), Effect::CopyRecord);
    key(&mut app, KeyCode::Esc);
    assert!(app.event.is_none() && app.call.is_some());
    assert_eq!(key(&mut app, KeyCode::Char('y')), Effect::Nothing, "no record open");
    key(&mut app, KeyCode::Esc);
    assert!(app.call.is_none());
    assert_eq!(key(&mut app, KeyCode::Char('q')), Effect::Quit);
}

#[test]
fn an_element_of_an_array_is_read_back_as_itself() {
    let dir = scratch("array");
    let file = dir.join("array.json");
    std::fs::write(
        &file,
        "[\n{\"uid\":\"a1\",\"call_state\":1,\"call_time\":\"2020-08-01 08:00:00\"},\n{\"uid\":\"a1\",\"call_state\":2,\"call_time\":\"2020-08-01 08:01:00\"}\n]\n",
    )
    .unwrap();
    let mut app = app_of_path(&file);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let reread = app.event.as_ref().unwrap().record.as_ref().unwrap();
    let state = reread
        .record
        .payload
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .find(|f| f.path() == "call_state");
    assert_eq!(state.unwrap().value, 2);
    assert_eq!(app.event.as_ref().unwrap().number, 2);
}

#[test]
fn exports_name_a_fresh_file_and_ask_before_replacing_one() {
    let mut app = app_of(&EXAMPLES);
    typed(&mut app, "/outcome:missed");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('e'));
    let prompt = app.prompt.as_ref().unwrap();
    assert!(prompt.text.ends_with(".csv"), "{}", prompt.text);
    let dir = scratch("export");
    let existing = dir.join("calls.csv");
    std::fs::write(&existing, "old").unwrap();
    app.prompt.as_mut().unwrap().text = existing.display().to_string();
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::Nothing);
    assert!(app.prompt.as_ref().unwrap().error.as_ref().unwrap().contains("exists"));
    match key(&mut app, KeyCode::Enter) {
        Effect::ExportCsv { path, calls } => {
            assert_eq!(path, existing);
            assert_eq!(calls, app.list.shown, "the calls shown, in the order shown");
            assert_eq!(calls.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('m'));
    assert!(
        app.prompt
            .as_ref()
            .unwrap()
            .text
            .starts_with("call-n2.1596271200.2175201")
    );
    app.prompt.as_mut().unwrap().text = dir.join("one.mmd").display().to_string();
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Effect::ExportMermaid {
            path: dir.join("one.mmd"),
            call: app.call.as_ref().unwrap().call
        }
    );
}

#[test]
fn following_adds_what_is_appended_and_keeps_the_selection() {
    let dir = scratch("follow");
    let log = dir.join("log.ndjson");
    let line = |uid: &str, state: u8, time: &str| {
        format!("{{\"uid\":\"{uid}\",\"call_state\":{state},\"call_time\":\"2020-08-01 {time}\"}}\n")
    };
    std::fs::write(&log, line("b", 1, "09:00:00") + &line("c", 1, "10:00:00")).unwrap();
    let (reading, mut state, mut app) = followed(&log);
    assert_eq!(shown(&app), ["b", "c"]);
    assert!(app.list.tailing, "following starts at the newest call");
    key(&mut app, KeyCode::Up);
    assert_eq!(selected(&app), "b");
    assert!(!app.list.tailing);
    key(&mut app, KeyCode::Enter);

    // A call that started earlier, an event of `b`, and half a line still being written.
    let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    file.write_all((line("a", 1, "08:00:00") + &line("b", 2, "09:01:00")).as_bytes())
        .unwrap();
    file.write_all(br#"{"uid":"d","call_st"#).unwrap();
    file.flush().unwrap();
    assert!(state.read_more(&reading));
    app.update(state.snapshot(true));
    assert_eq!(shown(&app), ["a", "b", "c"]);
    assert_eq!(selected(&app), "b", "the cursor stays on its call");
    let (timeline, call, view) = app.open_call().unwrap();
    assert_eq!(timeline.events(call).len(), 2, "the open call gained its event");
    assert_eq!(view.cursor, 0);
    assert!(!state.read_more(&reading), "nothing new until the line ends");

    file.write_all(b"ate\":1,\"call_time\":\"2020-08-01 11:00:00\"}\n")
        .unwrap();
    file.flush().unwrap();
    assert!(state.read_more(&reading));
    app.update(state.snapshot(true));
    assert_eq!(shown(&app), ["a", "b", "c", "d"]);
    assert_eq!(
        app.data.as_ref().unwrap().tally.failed,
        0,
        "the torn line was read whole"
    );
    // The appended event's record is read back from its line.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::End);
    assert_eq!(selected(&app), "d");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let reread = app.event.as_ref().unwrap().record.as_ref().unwrap();
    assert_eq!(reread.raw.source.line, 5);

    // A file replaced by a shorter one is read again from its start.
    std::fs::write(&log, line("z", 1, "07:00:00")).unwrap();
    assert!(state.read_more(&reading));
    app.update(state.snapshot(true));
    assert_eq!(shown(&app), ["z"]);
}

/// A log read as `--follow` reads it, and the app showing it.
fn followed(log: &Path) -> (Reading, State, App) {
    let reading = reading(&[log.to_path_buf()], true);
    let mut state = State::new(&reading);
    state.read_all(&reading);
    let mut app = App::new(Records::new(reading.inputs.clone(), None, utc()), String::new(), true);
    app.update(state.snapshot(true));
    (reading, state, app)
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("callhook-browse-model-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_record_of_a_file_that_changed_is_said_to_be_gone() {
    let dir = scratch("gone");
    let file = dir.join("one.ndjson");
    std::fs::write(
        &file,
        "{\"uid\":\"g\",\"call_state\":1}\n{\"uid\":\"g\",\"call_state\":2}\n",
    )
    .unwrap();
    let mut app = app_of_path(&file);
    std::fs::write(&file, "{\"uid\":\"g\",\"call_state\":1}\n").unwrap();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let error = app.event.as_ref().unwrap().record.as_ref().unwrap_err();
    assert!(
        error.ends_with("one.ndjson:2: the record is no longer there"),
        "{error}"
    );
}

fn app_of_path(file: &Path) -> App {
    let reading = reading(&[file.to_path_buf()], false);
    let mut app = App::new(Records::new(reading.inputs.clone(), None, utc()), String::new(), false);
    app.update(read_once(&reading));
    app
}

#[test]
fn the_ladder_cursor_stays_on_its_event_when_an_earlier_one_arrives() {
    let dir = scratch("ladder");
    let log = dir.join("log.ndjson");
    std::fs::write(
        &log,
        "{\"uid\":\"b\",\"call_state\":5,\"call_time\":\"2020-08-01 09:00:05\"}\n{\"uid\":\"b\",\"call_state\":6,\"call_time\":\"2020-08-01 09:00:09\"}\n",
    )
    .unwrap();
    let (reading, mut state, mut app) = followed(&log);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.call.as_ref().unwrap().cursor, 1, "on state 6");
    let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    file.write_all(b"{\"uid\":\"b\",\"call_state\":1,\"call_time\":\"2020-08-01 09:00:00\"}\n")
        .unwrap();
    assert!(state.read_more(&reading));
    app.update(state.snapshot(true));
    let (timeline, call, view) = app.open_call().unwrap();
    assert_eq!(view.cursor, 2, "state 1 went before it");
    assert_eq!(timeline.events(call)[view.cursor].state(), Some(6));
}
