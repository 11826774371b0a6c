//! How a load that parses a national plan from its files asks the kernel for memory.
//!
//! mimalloc reserves its arena with `MADV_HUGEPAGE`, so the first touch of each 2 MiB of it
//! is a transparent huge page that the kernel zeroes whole, and a purge of part of one
//! splits it. Parsing tens of thousands of files churns through short-lived parse buffers
//! while the plan grows: on 100,000 generated tasks (bench/run.sh, the 2-core VM of the
//! README's table) `plan check --no-cache` took 1.87 s with huge pages and 1.58 s without
//! them from the 16,384th file on (runs interleaved), the kernel's page zeroing falling
//! from 15 % of the samples to 1 %. A load served by the cache makes fewer, longer-lived
//! allocations and huge pages serve it better (cached `plan overdue` on 10,000 tasks:
//! 0.059 s with them, 0.076 s without), and at 10,000 files read from source the two are
//! even; so only a load that parses more files than [`MANY_FILES`] gives them up, from
//! then on.

/// How many task files parsed from source make a load give up huge pages.
pub const MANY_FILES: usize = 16_384;

/// Asks the kernel not to back this process's memory with transparent huge pages from now
/// on; memory already backed keeps its pages. Linux only: elsewhere, or if the kernel
/// refuses, nothing changes.
pub fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
            // Its result is not needed: a refusal leaves the process as it was.
            let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
        });
    }
}
