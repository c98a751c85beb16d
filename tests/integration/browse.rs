//! `callhook browse` in a real terminal: tmux runs it in a pane of a server of the
//! test's own (its socket in a scratch directory), the test types keys and reads the
//! screen; after it quits, tmux says whether the pane is back on the main screen
//! with the mouse off, and `stty` whether the line discipline is back (canonical
//! mode, echo). `.ci/run` installs tmux; without it these tests fail and say so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{Scratch, callhook};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tmux server with one pane running `script` (sh), in `dir`.
struct Pane {
    socket: PathBuf,
}

impl Pane {
    fn start(dir: &Path, width: u16, height: u16, script: &str) -> Pane {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = dir.join(format!("tmux-{n}.sock"));
        let pane = Pane { socket };
        let status = pane
            .tmux()
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "t"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["-c", &dir.display().to_string()])
            .arg(script)
            .status()
            .unwrap_or_else(|e| panic!("running tmux (`apt-get install tmux`; .ci/run installs it): {e}"));
        assert!(status.success(), "tmux new-session failed");
        pane.tmux_ok(&["set-option", "-g", "remain-on-exit", "on"]);
        pane.tmux_ok(&["set-option", "-g", "set-clipboard", "on"]);
        pane
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket);
        cmd.env("TERM", "xterm-256color");
        cmd
    }

    fn tmux_ok(&self, args: &[&str]) -> String {
        let out = self.tmux().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keys as tmux names them (`Enter`, `Escape`, `Down`), or literal text.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux_ok(&args);
    }

    fn text(&self, text: &str) {
        self.tmux_ok(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux_ok(&["capture-pane", "-p", "-t", "t"])
    }

    /// The screen once it shows `text`; fails after ten seconds with the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the screen never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A tmux format of the pane: `#{alternate_on}`, `#{mouse_any_flag}`.
    fn flag(&self, format: &str) -> String {
        self.tmux_ok(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_owned()
    }

    /// After callhook ended: its exit status as the script printed it, and that the
    /// terminal was given back.
    fn assert_restored(&self, status: i32) -> String {
        let screen = self.wait_for("stty:");
        assert!(screen.contains(&format!("exit status {status}")), "{screen}");
        assert_eq!(
            self.flag("#{alternate_on}"),
            "0",
            "still on the alternate screen:\n{screen}"
        );
        assert_eq!(self.flag("#{mouse_any_flag}"), "0", "mouse reporting left on");
        assert_eq!(self.flag("#{cursor_flag}"), "1", "cursor left hidden");
        let stty = screen.lines().find(|l| l.starts_with("stty:")).unwrap();
        assert!(
            stty.contains(" icanon") && stty.contains(" echo"),
            "raw mode left on: {stty}"
        );
        screen
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").output();
    }
}

/// The pane's script: callhook with `args`, then its exit status and the terminal's
/// modes, and a pause so the pane can be read.
fn script(args: &str) -> String {
    format!(
        "NO_COLOR=1 {} browse {args}; echo \"exit status $?\"; echo \"stty: $(stty -a | tr -s ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')\"; sleep 60",
        env!("CARGO_BIN_EXE_callhook")
    )
}

fn examples() -> String {
    ["calls.ndjson", "in-call-events.ndjson", "after-call.json"]
        .iter()
        .map(|f| repo().join("examples").join(f).display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What `callhook timeline ARGS` prints, from the repository root.
fn timeline(args: &[&str]) -> String {
    let out = callhook().arg("timeline").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn without_a_terminal_browse_points_at_timeline() {
    let out = callhook().args(["browse", "examples/calls.ndjson"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("standard output is not one; for a file or a pipe use `callhook timeline`"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn filter_open_export_and_quit_in_a_real_terminal() {
    let scratch = Scratch::new("browse-session");
    let pane = Pane::start(scratch.path(), 100, 30, &script(&examples()));
    let screen = pane.wait_for("4 calls · 17 events · 7 anomalies");
    assert!(screen.contains("n2.1596271800.2175260"), "{screen}");

    // Filter to the click-to-call call, which has state 9.
    pane.text("/state:9");
    pane.wait_for("1 shown (/state:9)");
    pane.keys(&["Enter"]);
    let screen = pane.wait_for("1 calls match");
    assert!(!screen.contains("n2.1596270949.2175190"), "{screen}");

    // Its ladder, then its second event decoded.
    pane.keys(&["Enter"]);
    pane.wait_for("9 no user picked the call (no answer)");
    pane.keys(&["Down", "Enter"]);
    let screen = pane.wait_for("call log · in-call");
    assert!(screen.contains("call_state"), "{screen}");

    // Copied through OSC 52, which this tmux keeps in a buffer.
    pane.keys(&["y"]);
    pane.wait_for("copied record 6 as JSON");
    let copied = pane.tmux_ok(&["show-buffer"]);
    let json: serde_json::Value = serde_json::from_str(&copied).unwrap_or_else(|e| panic!("{e}: {copied}"));
    assert_eq!(json["source"]["record"], 6, "{json}");
    assert_eq!(json["format"], "json", "{json}");

    // Back to the list, and the calls shown exported as CSV, as `timeline` writes them.
    pane.keys(&["Escape", "Escape", "e"]);
    pane.wait_for("export the calls shown as CSV to: calls.csv");
    pane.keys(&["Enter"]);
    pane.wait_for("wrote 1 calls to calls.csv");
    let mut args: Vec<String> = vec!["--summary".into(), "--format".into(), "csv".into()];
    args.extend(["--state".into(), "9".into()]);
    args.extend(examples().split(' ').map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let csv = std::fs::read_to_string(scratch.path().join("calls.csv")).unwrap();
    assert_eq!(csv, timeline(&args));

    // And the call as Mermaid, as `timeline --format mermaid` draws it.
    pane.keys(&["m"]);
    pane.wait_for("call-n2.1596271200.2175201.mmd");
    pane.keys(&["Enter"]);
    pane.wait_for("wrote the call as Mermaid");
    let mermaid = std::fs::read_to_string(scratch.path().join("call-n2.1596271200.2175201.mmd")).unwrap();
    let mut args = vec!["--format", "mermaid", "--call", "n2.1596271200.2175201"];
    let files = examples();
    args.extend(files.split(' '));
    assert_eq!(mermaid, timeline(&args));

    pane.keys(&["?"]);
    pane.wait_for("any key closes this");
    pane.keys(&["q"]);
    pane.assert_restored(0);
}

#[test]
fn follow_shows_calls_as_they_are_appended() {
    let scratch = Scratch::new("browse-follow");
    let calls = std::fs::read_to_string(repo().join("examples/calls.ndjson")).unwrap();
    let lines: Vec<&str> = calls.lines().collect();
    let log = scratch.write("log.ndjson", format!("{}\n", lines[0]));
    let pane = Pane::start(scratch.path(), 100, 30, &script(&format!("--follow {}", log.display())));
    pane.wait_for("1 call · 1 event · 1 anomaly");
    pane.wait_for("following (tail)");
    // The call open while the rest arrive.
    pane.keys(&["Enter"]);
    pane.wait_for("1 incoming call on server");
    let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    for line in &lines[1..] {
        std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }
    // The open call gained its events while open.
    let screen = pane.wait_for("2 call finished");
    assert!(screen.contains("6 user answered"), "{screen}");
    pane.keys(&["Escape"]);
    let screen = pane.wait_for("4 calls · 12 events");
    let screen = if screen.contains("n2.1596271800.2175260") {
        screen
    } else {
        pane.wait_for("n2.1596271800.2175260")
    };
    assert!(screen.contains("following"), "{screen}");
    pane.keys(&["q"]);
    pane.assert_restored(0);
}

#[test]
fn sigterm_and_a_panic_give_the_terminal_back() {
    let scratch = Scratch::new("browse-signals");
    let pidfile = scratch.path().join("pid");
    // In the background so the script knows its pid, and waits for it.
    let script = format!(
        "NO_COLOR=1 {} browse {} & echo $! > {}; wait $!; echo \"exit status $?\"; echo \"stty: $(stty -a | tr -s ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')\"; sleep 60",
        env!("CARGO_BIN_EXE_callhook"),
        repo().join("examples/calls.ndjson").display(),
        pidfile.display()
    );
    let pane = Pane::start(scratch.path(), 100, 30, &script);
    pane.wait_for("4 calls");
    pane.keys(&["Enter"]);
    pane.wait_for("MyOperator");
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    let status = Command::new("kill").args(["-TERM", pid.trim()]).status().unwrap();
    assert!(status.success());
    pane.assert_restored(0);

    // A terminal that goes away (its window closed) ends browse too.
    let scratch = Scratch::new("browse-hangup");
    let pidfile = scratch.path().join("pid");
    let script = format!(
        "{} browse {} & echo $! > {}; wait $!",
        env!("CARGO_BIN_EXE_callhook"),
        repo().join("examples/calls.ndjson").display(),
        pidfile.display()
    );
    let pane = Pane::start(scratch.path(), 100, 30, &script);
    pane.wait_for("4 calls");
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    drop(pane);
    let alive = || Path::new(&format!("/proc/{}", pid.trim())).exists();
    let start = Instant::now();
    while alive() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive() {
        let _ = Command::new("kill").args(["-KILL", pid.trim()]).status();
        panic!("browse went on after its terminal hung up");
    }

    let scratch = Scratch::new("browse-panic");
    let pane = Pane::start(
        scratch.path(),
        100,
        30,
        &self::script(&format!(
            "--test-panic {}",
            repo().join("examples/calls.ndjson").display()
        )),
    );
    let screen = pane.assert_restored(101);
    assert!(
        screen.contains("--test-panic: a panic after the first frame"),
        "{screen}"
    );
}

#[test]
fn bad_arguments_are_refused_before_the_screen_changes() {
    let scratch = Scratch::new("browse-args");
    let pane = Pane::start(scratch.path(), 100, 30, &script("no-such-file.ndjson"));
    let screen = pane.assert_restored(2);
    assert!(
        screen.contains("cannot read no-such-file.ndjson: no such file"),
        "{screen}"
    );
    let pane = Pane::start(scratch.path(), 100, 30, &script("--follow -"));
    let screen = pane.assert_restored(2);
    assert!(screen.contains("standard input is not a file"), "{screen}");
}
