//! Shell completions and man pages, generated from the CLI definition. The committed
//! copies in `completions/` and `man/` are checked by
//! `tests/integration/generated_files.rs`;
//! `SNAPSHOTS=overwrite cargo test --test integration generated_files` refreshes them.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

/// The completion script for `shell`, and the file name it is kept under.
#[must_use]
pub fn completion(shell: Shell) -> (String, Vec<u8>) {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "callhook", &mut out);
    let name = match shell {
        Shell::Bash => "callhook.bash".to_owned(),
        Shell::Zsh => "_callhook".to_owned(),
        Shell::Fish => "callhook.fish".to_owned(),
        Shell::PowerShell => "_callhook.ps1".to_owned(),
        Shell::Elvish => "callhook.elv".to_owned(),
        other => format!("callhook.{other}"),
    };
    (name, out)
}

/// Writes one man page per command (`callhook.1`, `callhook-decode.1`, ...) into `dir`.
///
/// # Errors
///
/// When a page cannot be written into `dir`.
pub fn man_pages(dir: &Path) -> std::io::Result<()> {
    clap_mangen::generate_to(Cli::command(), dir)
}
