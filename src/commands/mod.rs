//! One module per subcommand. Each takes its arguments, the settings and the
//! writers for output and diagnostics, and returns the exit status. `config_file`
//! loads a configuration for the commands that use one; `failed_records` is how
//! the commands that read captures report records that failed; and
//! `configuration_or_capture` tells a capture given for a configuration, and the
//! other way round.

pub mod browse;
pub mod config_file;
pub mod configuration_or_capture;
pub mod decode;
pub mod failed_records;
pub mod fields;
pub mod generate;
pub mod listen;
pub mod migrate;
pub mod send;
pub mod timeline;
pub mod validate;
