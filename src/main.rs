use std::process::ExitCode;

// Loading a national plan makes hundreds of thousands of small allocations across the
// parsing threads; mimalloc serves them several times faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The main thread takes part in parallel work instead of waiting for the pool's
    // threads: one thread, and one allocator heap, fewer.
    let _ = rayon::ThreadPoolBuilder::new().use_current_thread().build_global();
    plan::cli::main()
}
