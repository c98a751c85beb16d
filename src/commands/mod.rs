//! One module per subcommand. Each takes its arguments, the settings and the
//! writers for output and diagnostics, and returns the exit status. `config_file`
//! loads a configuration for the commands that use one; `reading` is what
//! the commands that read captures say about reading (failed records, nothing read); and
//! `configuration_or_capture` tells a capture given for a configuration, and the
//! other way round.

pub mod browse;
pub mod config_file;
pub mod configuration_or_capture;
pub mod decode;
pub mod fields;
pub mod generate;
pub mod listen;
pub mod migrate;
pub mod send;
pub mod timeline;
pub mod validate;
