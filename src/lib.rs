//! callhook: decode, look up, order, validate and migrate MyOperator call webhooks.
//!
//! The binary is a thin shell over [`run`]. Layout, by concern: `input` (one file per
//! capture format), `vocabulary` (the field dictionary and code labels), `decode`
//! (records to meanings), `render` (text, JSON, CSV), `commands` (one module per
//! subcommand), `cli` (the command line, whose doc comments are the help),
//! `settings` (arguments checked into what commands read), `generate` (completions
//! and man pages), `listen` (the live receiver, above decode and timeline), `send`
//! (replay and simulation, beside `listen`), `http_client` (the client both send
//! with).

pub mod cli;
pub mod commands;
pub mod decode;
pub mod findings;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod http_client;
pub mod input;
pub mod listen;
pub mod privacy;
pub mod records;
pub mod render;
pub mod send;
pub mod settings;
mod stable_ids;
pub mod terminal;
pub mod timeline;
pub mod validate;
pub mod vocabulary;

use std::ffi::OsString;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use settings::Settings;

/// How a command ended; the exit status is the documented contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: all good.
    Clean,
    /// 1: the input was read and has problems.
    Problems,
    /// 2: the command could not run.
    CouldNotRun,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

/// Runs callhook with `args`, writing to the process's stdout and stderr.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = io::stdout();
    let settings = Settings::new(&cli.global, |name| std::env::var_os(name), stdout.is_terminal());
    colored::control::set_override(settings.color);
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = io::stderr().lock();
    let result = match &cli.command {
        Command::Decode(args) => commands::decode::run(args, &settings, &mut out, &mut err),
        Command::Timeline(args) => commands::timeline::run(args, &settings, &mut out, &mut err),
        Command::Validate(args) => commands::validate::run(args, &settings, &mut out, &mut err),
        Command::Fields(args) => commands::fields::run(args, &settings, &mut out, &mut err),
        Command::Migrate(args) => commands::migrate::run(args, &settings, &mut out, &mut err),
        Command::Listen(args) => commands::listen::run(args, &settings, &mut out, &mut err),
        Command::Send(args) => commands::send::run(args, &settings, &mut out, &mut err),
        Command::Generate(args) => commands::generate::run(args, &mut out),
    }
    .and_then(|status| out.flush().map(|()| status).map_err(Into::into));
    match result {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "callhook: error: {e:#}");
            Status::CouldNotRun.into()
        }
    }
}

/// A reader that went away (`| head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
