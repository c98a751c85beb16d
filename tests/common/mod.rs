//! What every integration test needs: callhook run as users run it, in a fixed
//! environment (no colour variables, no terminal), from the repository root.

use assert_cmd::Command;

pub fn callhook() -> Command {
    let mut cmd = Command::cargo_bin("callhook").unwrap_or_else(|e| panic!("the callhook binary: {e}"));
    cmd.env_clear().current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}
