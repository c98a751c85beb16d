//! The screen on ratatui's `TestBackend`: each view at 80 and 120 columns compared
//! with its snapshot in `tests/snapshots/browse/` (refresh them with
//! `SNAPSHOTS=overwrite cargo test --lib render::browse`, then read the diff), and
//! what must hold on any screen: no colour without colour, no captured control
//! character drawn, no secret shown unless asked.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

use super::{Look, Theme, draw};
use crate::browse::app::{App, Effect};
use crate::browse::load::{Reading, read_once};
use crate::browse::records::Records;
use crate::pipeline::Input;
use crate::privacy::Privacy;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const EXAMPLES: [&str; 3] = [
    "examples/calls.ndjson",
    "examples/in-call-events.ndjson",
    "examples/after-call.json",
];

fn look(color: bool, privacy: Privacy) -> Look {
    Look {
        theme: Theme { color },
        privacy,
        tz: FixedOffset::east_opt(0).unwrap(),
    }
}

/// An app over `files` (relative to the repository), read to the end.
fn app_of(files: &[&str]) -> App {
    let inputs: Vec<Input> = files.iter().map(|f| Input::File(root().join(f))).collect();
    let tz = FixedOffset::east_opt(0).unwrap();
    let reading = Reading {
        inputs: inputs.clone(),
        forced: None,
        tz,
        follow: false,
    };
    let snapshot = read_once(&reading);
    let mut app = App::new(Records::new(inputs, None, tz), files.join(" "), false);
    app.update(snapshot);
    app
}

fn press(app: &mut App, keys: &[KeyCode]) -> Vec<Effect> {
    keys.iter()
        .map(|&code| app.on_key(KeyEvent::new(code, KeyModifiers::NONE)))
        .collect()
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn render(app: &mut App, width: u16, height: u16, look: Look) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app, look)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one line a row, trailing blanks trimmed. The absolute path
/// of the repository is written as `<repo>` so snapshots do not depend on it.
fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.replace(&root().display().to_string(), "<repo>")
}

/// Compares with (or, under `SNAPSHOTS=overwrite`, writes) a snapshot.
fn snapshot(name: &str, screen: &str) {
    let path = root().join("tests/snapshots/browse").join(format!("{name}.txt"));
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, screen).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with `SNAPSHOTS=overwrite cargo test --lib render::browse`",
            path.display()
        )
    });
    assert!(
        expected == screen,
        "{name} differs from {}; if the change is meant, refresh with `SNAPSHOTS=overwrite cargo test --lib render::browse`\n--- expected\n{expected}--- drawn\n{screen}",
        path.display()
    );
}

/// Each view, at both widths.
fn views() -> Vec<(&'static str, App)> {
    let mut list = app_of(&EXAMPLES);
    press(&mut list, &[KeyCode::Down]);
    let mut filtered = app_of(&EXAMPLES);
    typed(&mut filtered, "/");
    typed(&mut filtered, "anomaly:dup");
    let mut call = app_of(&EXAMPLES);
    press(&mut call, &[KeyCode::Enter, KeyCode::Down, KeyCode::Down]);
    let mut event = app_of(&EXAMPLES);
    press(
        &mut event,
        &[KeyCode::Enter, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
    );
    let mut request = app_of(&["examples/listen.ndjson"]);
    press(&mut request, &[KeyCode::Enter, KeyCode::Enter]);
    let v2 = ["examples/v2-session.http", "examples/v2-summary-hunting.json"];
    let mut v2_session = app_of(&v2);
    press(&mut v2_session, &[KeyCode::Enter]);
    let mut v2_hunting = app_of(&v2);
    press(&mut v2_hunting, &[KeyCode::Down, KeyCode::Enter]);
    let mut help = app_of(&EXAMPLES);
    press(&mut help, &[KeyCode::Char('?')]);
    vec![
        ("list", list),
        ("list-filter", filtered),
        ("call", call),
        ("event", event),
        ("event-listen-log", request),
        ("call-v2-session", v2_session),
        ("call-v2-hunting", v2_hunting),
        ("help", help),
    ]
}

#[test]
fn each_view_matches_its_snapshot_at_80_and_120_columns() {
    for width in [80, 120] {
        for (name, mut app) in views() {
            let buffer = render(&mut app, width, 32, look(false, Privacy::default()));
            snapshot(&format!("{name}-{width}"), &text_of(&buffer));
        }
    }
}

#[test]
fn without_colour_no_cell_has_one_and_with_colour_some_do() {
    for (name, mut app) in views() {
        let plain = render(&mut app, 120, 32, look(false, Privacy::default()));
        let coloured = |c: Color| c != Color::Reset;
        assert!(
            plain.content().iter().all(|c| !coloured(c.fg) && !coloured(c.bg)),
            "{name} has colour without it"
        );
        let rich = render(&mut app, 120, 32, look(true, Privacy::default()));
        assert!(
            rich.content().iter().any(|c| coloured(c.fg) || coloured(c.bg)),
            "{name} has no colour with it"
        );
    }
}

/// Every screen of every call and event of a capture, as text.
fn every_screen(files: &[&str], privacy: Privacy) -> String {
    let mut screens = String::new();
    let mut app = app_of(files);
    let look = look(false, privacy);
    screens.push_str(&text_of(&render(&mut app, 120, 40, look)));
    let calls = app.list.shown.len();
    for c in 0..calls {
        app.list.select(&app.data.as_ref().unwrap().timeline, c);
        press(&mut app, &[KeyCode::Enter]);
        screens.push_str(&text_of(&render(&mut app, 120, 40, look)));
        let events = {
            let (timeline, call, _) = app.open_call().unwrap();
            timeline.events(call).len()
        };
        for e in 0..events {
            app.call.as_mut().unwrap().cursor = e;
            press(&mut app, &[KeyCode::Enter]);
            // Tall enough for the whole record: nothing hides below the fold.
            screens.push_str(&text_of(&render(&mut app, 120, 400, look)));
            press(&mut app, &[KeyCode::Esc]);
        }
        press(&mut app, &[KeyCode::Esc]);
    }
    screens
}

#[test]
fn no_secret_is_drawn_unless_asked_and_phone_numbers_are_masked() {
    // The Basic password, a secret header and a secret query value of a curl
    // command; Basic credentials and a secret header of raw HTTP requests.
    let files = ["tests/fixtures/secrets/captures.txt", "examples/listener-capture.http"];
    let secrets = [
        "hunter2-pass",
        "tok-abc123def",
        "key-7Qx9Zt",
        "YWRtaW46MTIzNDU2",
        "abc123def",
    ];
    let hidden = every_screen(&files, Privacy::default());
    assert!(hidden.contains("raw request"), "{hidden}");
    assert!(hidden.contains("Authorization: Basic <redacted>"), "{hidden}");
    for secret in secrets {
        assert!(!hidden.contains(secret), "{secret} drawn:\n{hidden}");
    }
    let shown = every_screen(
        &files,
        Privacy {
            show_secrets: true,
            ..Privacy::default()
        },
    );
    for secret in secrets {
        assert!(shown.contains(secret), "{secret} not drawn under --show-secrets");
    }
    assert!(shown.contains("9711636496"));
    let masked = every_screen(
        &files,
        Privacy {
            mask_pii: true,
            ..Privacy::default()
        },
    );
    assert!(!masked.contains("9711636496"), "{masked}");
    assert!(masked.contains("******6496"), "{masked}");
}

#[test]
fn captured_control_characters_are_drawn_escaped() {
    let dir = std::env::temp_dir().join(format!("callhook-browse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = dir.join("hostile.ndjson");
    std::fs::write(
        &hostile,
        concat!(
            r#"{"uid":"n2.1.\u001b]0;pwned\u0007","call_state":1,"clid":"97\u202e11","call_time":"2020-08-01 08:35:49"}"#,
            "\n",
            r#"{"uid":"n2.1.\u001b]0;pwned\u0007","call_state":2,"users":["x\u009b2J"],"call_time":"2020-08-01 08:36:49"}"#,
            "\n"
        ),
    )
    .unwrap();
    let name = hostile.display().to_string();
    let screens = every_screen(&[name.as_str()], Privacy::default());
    let _ = std::fs::remove_dir_all(&dir);
    let bad: Vec<char> = screens
        .chars()
        .filter(|&c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)))
        .collect();
    assert!(bad.is_empty(), "drawn raw: {bad:?}");
    assert!(screens.contains("\\x1b]0;pwned\\x07"), "{screens}");
    assert!(screens.contains("\\u{202e}"), "{screens}");
}

#[test]
fn snapshots_have_no_stray_files() {
    let dir: &Path = &root().join("tests/snapshots/browse");
    let expected: Vec<String> = [80, 120]
        .iter()
        .flat_map(|w| views().into_iter().map(move |(name, _)| format!("{name}-{w}.txt")))
        .collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            expected.contains(&name),
            "tests/snapshots/browse/{name} is no test's: delete it"
        );
    }
}

/// docs/browse.md lists every key the help lists, as the help says it.
#[test]
fn the_docs_list_the_keys_of_the_help() {
    let docs = std::fs::read_to_string(root().join("docs/browse.md")).unwrap();
    for (keys, what) in super::help::KEYS {
        let row = format!(
            "| {} | {what} |",
            keys.split("  ").map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" ")
        );
        assert!(docs.contains(&row), "docs/browse.md lacks the row {row}");
    }
}
