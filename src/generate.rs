//! Shell completions and man pages, generated from the CLI definition. The committed
//! copies in `completions/` and `man/` are checked by
//! `tests/integration/generated_files.rs`;
//! `SNAPSHOTS=overwrite cargo test --test integration generated_files` refreshes them.

use std::io;
use std::path::Path;

use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clap_mangen::Man;
use roff::{Roff, bold, roman};

use crate::cli::Cli;
use crate::findings::FindingId;
use crate::timeline::anomaly::AnomalyId;
use crate::validate::Rule;

pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

/// The completion script for `shell`, and the file name it is kept under.
#[must_use]
pub fn completion(shell: Shell) -> (String, Vec<u8>) {
    let mut cmd = visible(&Cli::command());
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

/// `cmd` without its hidden subcommands and options, recursively: clap_complete
/// offers them (`generate`, `browse --test-panic`), and completions should not.
fn visible(cmd: &Command) -> Command {
    let mut shown = Command::new(cmd.get_name().to_owned())
        .about(cmd.get_about().cloned().unwrap_or_default())
        .long_about(cmd.get_long_about().cloned().unwrap_or_default())
        .args(cmd.get_arguments().filter(|a| !a.is_hide_set()).cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(visible));
    if let Some(version) = cmd.get_version() {
        shown = shown.version(version.to_owned());
    }
    shown
}

/// Writes one man page per command (`callhook.1`, `callhook-decode.1`, ...) into `dir`.
///
/// # Errors
///
/// When a page cannot be written into `dir`.
pub fn man_pages(dir: &Path) -> io::Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    write_page(&cmd, dir)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_page(sub, dir)?;
    }
    Ok(())
}

/// What roff starts every rendering with: apostrophes typeset as such.
const PREAMBLE: &[u8] = b".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One command's page: clap's sections, then what clap cannot know (the examples
/// and exit status of its `after_help` as sections of their own, and the findings,
/// anomalies or rules the command reports), with `callhook VERSION` in the footer.
fn write_page(cmd: &Command, dir: &Path) -> io::Result<()> {
    let man = Man::new(cmd.clone())
        .source(format!("callhook {}", env!("CARGO_PKG_VERSION")))
        .manual("callhook manual");
    // Each section clap_mangen renders comes with roff's preamble: it is kept once.
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut part = |render: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| -> io::Result<()> {
        let mut text = Vec::new();
        render(&mut text)?;
        parts.push(text);
        Ok(())
    };
    part(&|w| man.render_title(w))?;
    part(&|w| man.render_name_section(w))?;
    part(&|w| man.render_synopsis_section(w))?;
    part(&|w| man.render_description_section(w))?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        part(&|w| man.render_options_section(w))?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        part(&|w| man.render_subcommands_section(w))?;
    }
    let mut roff = Roff::new();
    let after = cmd.get_after_help().map(ToString::to_string).unwrap_or_default();
    let (examples, exit_status) = after.split_once("\n\nExit status: ").unwrap_or((&after, ""));
    if let Some(examples) = examples.strip_prefix("Examples:\n") {
        roff.control("SH", ["EXAMPLES"]).control("nf", []);
        for line in examples.lines() {
            roff.text([roman(line.trim_start())]);
        }
        roff.control("fi", []);
    }
    let ids: Vec<(&str, Option<&str>, &str)> = match cmd.get_name() {
        "decode" => FindingId::ALL
            .iter()
            .map(|f| (f.as_str(), Some(f.severity().as_str()), f.explain()))
            .collect(),
        "timeline" => AnomalyId::ALL.iter().map(|a| (a.as_str(), None, a.explain())).collect(),
        "validate" => Rule::ALL
            .iter()
            .map(|r| (r.as_str(), Some(r.severity().as_str()), r.explain()))
            .collect(),
        _ => Vec::new(),
    };
    if !ids.is_empty() {
        let heading = match cmd.get_name() {
            "decode" => "FINDINGS",
            "timeline" => "ANOMALIES",
            _ => "RULES",
        };
        roff.control("SH", [heading]);
        for (id, severity, explain) in ids {
            roff.control("TP", []);
            match severity {
                Some(severity) => roff.text([bold(id), roman(format!(" ({severity})"))]),
                None => roff.text([bold(id)]),
            };
            roff.text([roman(explain)]);
        }
    }
    if !exit_status.is_empty() {
        roff.control("SH", ["EXIT STATUS"]);
        roff.text([roman(exit_status.split_whitespace().collect::<Vec<_>>().join(" "))]);
    }
    part(&|w| roff.to_writer(w))?;
    if cmd.get_version().is_some() {
        part(&|w| man.render_version_section(w))?;
    }
    let mut page = Vec::new();
    for (i, text) in parts.iter().enumerate() {
        let body = if i == 0 {
            text
        } else {
            text.strip_prefix(PREAMBLE).unwrap_or(text)
        };
        page.extend_from_slice(body);
    }
    std::fs::write(dir.join(man.get_filename()), page)
}
