//! `callhook browse [FILE...] [--follow]`: the interactive view. This module owns the
//! terminal and the loop: it refuses when stdout is not a terminal, puts the
//! terminal in raw mode on the alternate screen, feeds keys, the mouse and new
//! snapshots to the model (`crate::browse`), draws it (`crate::render::browse`), and
//! does the effects the model asks for with the offline commands' own renderers:
//! CSV as `timeline --summary --format csv`, Mermaid as `timeline --format mermaid`,
//! the record as `decode --format ndjson`.
//!
//! The terminal is given back on every way out: quitting, an error (restored before
//! the error is printed), a panic on any thread (the panic hook restores it first),
//! and SIGTERM, SIGHUP or SIGINT (flags the loop reads at least every 100 ms, and a
//! watchdog reads too, for when the terminal hung up and crossterm's reader spins).

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::TryRecvError;
use std::time::Duration;

use anyhow::Context as _;
use base64::Engine as _;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};

use crate::browse::app::{App, Effect};
use crate::browse::load::{self, Reading, Update};
use crate::browse::records::Records;
use crate::cli::BrowseArgs;
use crate::pipeline::Input;
use crate::render::browse::{Look, Theme, draw};
use crate::render::decode::{DecodeNdjson, DecodeReport};
use crate::render::json_writer::RecordNumber;
use crate::render::message::write_error;
use crate::render::timeline::{Mermaid, SummaryCsv, TimelineReport};
use crate::settings::Settings;
use crate::status::Status;
use crate::timeline::call::Call;

/// At most this many keys are taken between two frames.
const KEYS_A_FRAME: usize = 64;

/// Set by the panic hook, so the loop stops drawing on a terminal already given back.
static PANICKED: AtomicBool = AtomicBool::new(false);

pub fn run(args: &BrowseArgs, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    if !io::stdout().is_terminal() {
        write_error(
            err,
            "`callhook browse` draws on a terminal, and standard output is not one; for a file or a pipe use `callhook timeline` (`--summary`, `--format csv`, `--format json`)",
        )?;
        return Ok(Status::CouldNotRun);
    }
    let inputs = match Input::from_args(&args.files, "browse") {
        Ok(inputs) => inputs,
        Err(message) => {
            write_error(err, &message)?;
            return Ok(Status::CouldNotRun);
        }
    };
    if args.follow && inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        write_error(
            err,
            "`--follow` watches files as they grow, and standard input is not a file: name the log (`callhook browse --follow capture.ndjson`)",
        )?;
        return Ok(Status::CouldNotRun);
    }
    if let Some(missing) = args.files.iter().find(|f| f.as_os_str() != "-" && !f.is_file()) {
        write_error(
            err,
            format!("cannot read {}: no such file (or it is not a file)", missing.display()),
        )?;
        return Ok(Status::CouldNotRun);
    }
    // The timeline's renderers colour with `colored`; here styles come from the theme.
    colored::control::set_override(false);
    let look = Look {
        theme: Theme { color: settings.color },
        privacy: settings.privacy,
        tz: settings.tz,
    };
    let title = args
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let title = if title.is_empty() { "<stdin>".to_owned() } else { title };
    let records = Records::new(inputs.clone(), args.input_format, settings.tz);
    let mut app = App::new(records, title, args.follow);
    let updates = load::start(Reading {
        inputs,
        forced: args.input_format,
        tz: settings.tz,
        follow: args.follow,
    });

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).context("setting up signal handling")?;
    }
    install_panic_hook();
    watch(Arc::clone(&stop));
    enable_raw_mode().context("putting the terminal in raw mode")?;
    let mut backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, out));
    let entered = execute!(backend, EnterAlternateScreen, EnableMouseCapture);
    let result = match entered {
        Ok(()) => match Terminal::new(backend) {
            Ok(mut terminal) => {
                let result = event_loop(&mut terminal, &mut app, &updates, look, args, &stop);
                let restored = restore(terminal.backend_mut());
                let _ = terminal.show_cursor();
                result.and(restored.map_err(Into::into))
            }
            Err(e) => {
                let _ = disable_raw_mode();
                Err(e.into())
            }
        },
        Err(e) => {
            let _ = restore(&mut backend);
            Err(e.into())
        }
    };
    result.map(|()| Status::Clean)
}

/// Gives the terminal back: mouse off, main screen, cursor shown, raw mode off.
fn restore(out: &mut impl Write) -> io::Result<()> {
    let screen = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    disable_raw_mode().and(screen)
}

/// Ends the process when a signal came or the terminal hung up (its window closed)
/// and the loop has not ended by itself a moment later: crossterm reads a terminal
/// that hung up in a loop that never returns to the caller, so the flags the loop
/// reads are never read. The terminal, where there still is one, is given back first.
fn watch(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let hung_up = !io::stdout().is_terminal();
            if hung_up || stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(800));
                if let Ok(mut tty) = File::options().write(true).open("/dev/tty") {
                    let _ = restore(&mut tty);
                }
                // 128 + SIGHUP, as a shell reports a process the hangup ended.
                std::process::exit(if hung_up { 129 } else { 0 });
            }
        }
    });
}

/// On a panic, on whatever thread, the terminal is given back before the message.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !PANICKED.swap(true, Ordering::SeqCst) {
            // Not stdout: another thread may hold its lock.
            if let Ok(mut tty) = File::options().write(true).open("/dev/tty") {
                let _ = restore(&mut tty);
            } else {
                let _ = disable_raw_mode();
            }
        }
        previous(info);
    }));
}

fn event_loop<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
    updates: &std::sync::mpsc::Receiver<Update>,
    look: Look,
    args: &BrowseArgs,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut drawn = false;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if PANICKED.load(Ordering::SeqCst) {
            anyhow::bail!("an internal error stopped the view (the message is above)");
        }
        match updates.try_recv() {
            Ok(Update::Snapshot(snapshot)) => {
                app.update(*snapshot);
                dirty = true;
            }
            Err(TryRecvError::Disconnected) if app.data.is_none() => {
                anyhow::bail!("reading stopped before the captures were read")
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => {}
        }
        if dirty {
            terminal.draw(|frame| draw(frame, app, look))?;
            dirty = false;
            assert!(
                drawn || !args.test_panic,
                "--test-panic: a panic after the first frame, to test that the terminal is given back"
            );
            drawn = true;
        }
        let wait = if app.data.is_none() || app.data.as_ref().is_some_and(|d| d.following) {
            Duration::from_millis(50)
        } else {
            Duration::from_millis(100)
        };
        if !event::poll(wait)? {
            continue;
        }
        // Every key already typed (a paste, a held key) before the next frame.
        for _ in 0..KEYS_A_FRAME {
            let effect = match event::read()? {
                Event::Key(key) => app.on_key(key),
                Event::Mouse(mouse) => {
                    app.on_mouse(mouse);
                    Effect::Nothing
                }
                _ => Effect::Nothing,
            };
            dirty = true;
            if do_effect(effect, terminal, app, look)? {
                return Ok(());
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Does what a key asked for; whether it was to quit.
fn do_effect<W: Write>(
    effect: Effect,
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
    look: Look,
) -> anyhow::Result<bool> {
    match effect {
        Effect::Nothing => {}
        Effect::Quit => return Ok(true),
        Effect::ExportCsv { path, calls } => {
            let written = export(app, &path, |out, timeline| {
                let calls: Vec<&Call> = calls.iter().filter_map(|&i| timeline.calls.get(i)).collect();
                SummaryCsv {
                    privacy: look.privacy,
                    tz: look.tz,
                }
                .write(out, timeline, &calls)
                .map(|()| calls.len())
            });
            match written {
                Ok(n) => app.note(format!("wrote {n} calls to {}", path.display()), false),
                Err(e) => app.note(format!("could not write {}: {e}", path.display()), true),
            }
        }
        Effect::ExportMermaid { path, call } => {
            let written = export(app, &path, |out, timeline| {
                let calls: Vec<&Call> = timeline.calls.get(call).into_iter().collect();
                Mermaid { privacy: look.privacy }
                    .write(out, timeline, &calls)
                    .map(|()| calls.len())
            });
            match written {
                Ok(_) => app.note(format!("wrote the call as Mermaid to {}", path.display()), false),
                Err(e) => app.note(format!("could not write {}: {e}", path.display()), true),
            }
        }
        Effect::CopyRecord => {
            if let Some(Ok(reread)) = app.event.as_ref().map(|e| e.record.as_ref()) {
                let number = app.event.as_ref().map_or(0, |e| e.number);
                let mut json = Vec::new();
                DecodeNdjson {
                    privacy: look.privacy,
                    tz: look.tz,
                }
                .record(&reread.record, RecordNumber::Known(number as usize), &mut json);
                let bytes = json.len();
                let sequence = osc52(&json);
                terminal.backend_mut().write_all(sequence.as_bytes())?;
                terminal.backend_mut().flush()?;
                app.note(
                    format!("copied record {number} as JSON ({bytes} bytes) with OSC 52, where the terminal allows it"),
                    false,
                );
            }
        }
    }
    Ok(false)
}

/// Writes a file with one of the offline renderers; what it returns, or why not.
fn export(
    app: &App,
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn Write, &crate::timeline::Timeline) -> io::Result<usize>,
) -> io::Result<usize> {
    let timeline = app.timeline().ok_or_else(|| io::Error::other("nothing read yet"))?;
    let mut file = BufWriter::new(File::create(path)?);
    let n = write(&mut file, timeline)?;
    file.flush()?;
    Ok(n)
}

/// The sequence that asks the terminal to put `bytes` on the clipboard.
fn osc52(bytes: &[u8]) -> String {
    let text = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}
