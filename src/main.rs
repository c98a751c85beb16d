//! The `callhook` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    callhook::run(std::env::args_os())
}
