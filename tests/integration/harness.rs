//! What every integration test needs: callhook run as users run it, in a fixed
//! environment (no colour variables, no terminal), from the repository root; its
//! NDJSON output read back; and scratch directories no two tests share.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;
use serde_json::Value;

pub fn callhook() -> Command {
    let mut cmd = Command::cargo_bin("callhook").unwrap_or_else(|e| panic!("the callhook binary: {e}"));
    cmd.env_clear().current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// callhook started in the same environment with `args`, its stdin and stdout piped to
/// the test, for tests that write and read while it runs.
pub fn spawn_callhook(args: &[&str], stderr: Stdio) -> Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_callhook"))
        .args(args)
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("starting callhook: {e}"))
}

/// What `callhook decode --format ndjson ARGS` printed, given `stdin`.
pub struct Decoded {
    pub records: Vec<Value>,
    pub stderr: String,
    pub code: i32,
}

pub fn decode_ndjson(args: &[&str], stdin: impl AsRef<[u8]>) -> Decoded {
    let out = callhook()
        .args(["decode", "--format", "ndjson"])
        .args(args)
        .write_stdin(stdin.as_ref())
        .output()
        .unwrap();
    Decoded {
        records: String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap(),
    }
}

/// The finding ids of a decoded record in `--format json|ndjson`, in order.
pub fn finding_ids(record: &Value) -> Vec<&str> {
    record["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {record}"))
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect()
}

/// The payload field of a decoded record at `path` (`_pm[ui]`, `call_state`).
pub fn field<'a>(record: &'a Value, path: &str) -> &'a Value {
    record["payload"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no payload fields in {record}"))
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no field {path} in {record}"))
}

/// A fresh directory under the system's temporary one, named for this process and
/// unique within it (the tests of every module run at once), removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(purpose: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("callhook-{purpose}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `data` to the file `name` in this directory and returns its path.
    pub fn write(&self, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, data).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
