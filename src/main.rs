//! The `xueshi` command: a thin layer over the library (see `src/cli/`).

/// Evaluating a record allocates many small values and frees them soon after. jemalloc
/// hands the block freed last out again first, while it is still in the processor's cache;
/// with it `eval` takes about 7% less processor time than with mimalloc, which hands out a
/// page's blocks in turn (bench/README.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    xueshi::cli::run()
}
