//! The `callhook` binary: everything lives in the library.

// Records are allocated on one thread and freed on another; glibc's allocator pays
// for that on every record, mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    callhook::run(std::env::args_os())
}
