//! One module per subcommand. Each takes its arguments, the settings and the
//! writers for output and diagnostics, and returns the exit status. `config_file`
//! loads a configuration for the commands that use one.

pub mod browse;
pub mod config_file;
pub mod decode;
pub mod fields;
pub mod generate;
pub mod listen;
pub mod migrate;
pub mod send;
pub mod timeline;
pub mod validate;
