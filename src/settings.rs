//! The checked configuration: raw arguments and environment turned, once, into the
//! settings every command reads. Colour is decided here and nowhere else.

use std::ffi::OsString;

use chrono::FixedOffset;

use crate::privacy::Privacy;

/// `--color`: whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub color: bool,
    pub privacy: Privacy,
    pub tz: FixedOffset,
}

impl Settings {
    /// `env` reads an environment variable; `stdout_is_terminal` says where output goes.
    pub fn new(
        color: ColorChoice,
        privacy: Privacy,
        tz: FixedOffset,
        env: impl Fn(&str) -> Option<OsString>,
        stdout_is_terminal: bool,
    ) -> Self {
        Self {
            color: decide_color(color, env, stdout_is_terminal),
            privacy,
            tz,
        }
    }
}

/// `--color` wins; under `auto`, a non-empty NO_COLOR turns colour off, then a
/// non-empty CLICOLOR_FORCE (other than `0`) turns it on, else colour follows
/// whether stdout is a terminal.
pub fn decide_color(choice: ColorChoice, env: impl Fn(&str) -> Option<OsString>, stdout_is_terminal: bool) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") && env("CLICOLOR_FORCE") != Some("0".into()) => true,
        ColorChoice::Auto => stdout_is_terminal,
    }
}

/// `250ms`, `4s`, `2m`, `24h`, or seconds alone (`30`): the durations the command
/// line and flow files take.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let bad = || format!("expected a duration such as `250ms`, `4s`, `2m` or `24h`, found `{text}`");
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit.trim() {
        "ms" => number / 1000.0,
        "" | "s" => number,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(bad()),
    };
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.into())
    }

    #[test]
    fn colour_rules() {
        use ColorChoice::*;
        assert!(decide_color(Auto, with(&[]), true));
        assert!(!decide_color(Auto, with(&[]), false));
        assert!(!decide_color(Auto, with(&[("NO_COLOR", "1")]), true));
        assert!(
            decide_color(Auto, with(&[("NO_COLOR", "")]), true),
            "empty NO_COLOR is unset"
        );
        assert!(decide_color(Auto, with(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!decide_color(Auto, with(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!decide_color(
            Auto,
            with(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            false
        ));
        assert!(decide_color(Always, with(&[("NO_COLOR", "1")]), false));
        assert!(!decide_color(Never, with(&[("CLICOLOR_FORCE", "1")]), true));
    }
}
