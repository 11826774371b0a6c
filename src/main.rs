use std::process::ExitCode;

// Loading a national plan makes hundreds of thousands of small allocations across the
// parsing threads; mimalloc serves them several times faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    plan::cli::main()
}
