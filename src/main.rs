//! The `xueshi` command: a thin layer over the library (see `src/cli/`).

mod cli;

/// Evaluating a record allocates many small values; mimalloc serves them fastest.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
