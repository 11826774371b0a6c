//! The threads a load parses task files on.
//!
//! rayon builds its global pool on first use. A load builds it the first time it reads
//! the plan's files, with the process's main thread as one of its threads (one thread,
//! and one allocator heap, fewer than a pool the main thread waits on), rather than the
//! process building it at start-up: a command that reads one file (`plan update`, `plan
//! --version`) starts no thread at all. Starting them was more than a third of `plan
//! --version`'s time on the README's machine (3.4 ms with them, 2.1 ms without).

/// Builds rayon's global pool with the calling thread in it, if that is the process's
/// main thread and no pool has been built yet. Any other thread leaves the pool to
/// rayon's defaults: a test's thread that joined it would leave it when its test ends.
pub fn start_pool() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::thread::current().name() == Some("main") {
            // An error means a pool already exists, which serves as well.
            let _ = rayon::ThreadPoolBuilder::new().use_current_thread().build_global();
        }
    });
}
