use std::process::ExitCode;

// Loading a national plan makes hundreds of thousands of small allocations across the
// parsing threads: with mimalloc, `plan overdue` on 10,000 tasks took 0.6 of its time
// with the system allocator (bench/run.sh).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    plan::cli::main()
}
