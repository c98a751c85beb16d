//! What every integration test needs: callhook run as users run it, in a fixed
//! environment (no colour variables, no terminal), from the repository root.

use assert_cmd::Command;

pub fn callhook() -> Command {
    let mut cmd = Command::cargo_bin("callhook").unwrap_or_else(|e| panic!("the callhook binary: {e}"));
    cmd.env_clear().current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The finding ids of a decoded record in `--format json|ndjson`, in order.
#[allow(dead_code, reason = "not every test file reads findings")]
pub fn finding_ids(record: &serde_json::Value) -> Vec<&str> {
    record["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {record}"))
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect()
}
