//! The `salve` command: parses arguments and hands them to the library.

mod cmd;

/// A build makes and frees millions of small values (template values, strings) on every core;
/// mimalloc's per-thread heaps do that with less locking than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Transparent huge pages make the kernel find, compact and clear 2 MiB at a time for
    // mimalloc's heaps; with a heap of gigabytes (100,000 posts) that doubled the system time
    // of a build. salve's memory is touched once and written out, so small pages serve it
    // better. A kernel without the setting just builds as before.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    cmd::run()
}
