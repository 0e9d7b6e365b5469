//! salve: a static site generator for clinic blogs.
//!
//! The library holds the whole pipeline; the `salve` binary only turns command-line arguments
//! into the option structs below and prints what comes back. The stages, in order:
//!
//! ```text
//! salve.yaml ─► Config        (config)
//! posts/**/*.md ─► Post       (content)
//! Post ─► RenderedPost        (markdown)
//! [RenderedPost] ─► Site      (site)
//! Site + Theme ─► [Output]    (theme, render)
//! [Output] ─► output folder   (output)
//! ```
//!
//! [`build::build`] runs them in that order.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod fs;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod structured_data;
pub mod theme;

pub use build::{BuildOptions, BuildReport, build};
pub use diagnostics::{ContentError, ContentErrors};

/// Lets go of what a build made: millions of small allocations (posts, bodies, template
/// values). Freeing them one by one takes tens of milliseconds at 10,000 posts, so they are
/// freed on the thread pool instead of before reporting; and when the process exits right
/// after the build (`salve build`), not at all, since the system takes the whole heap back at
/// once.
pub(crate) fn release<T: Send + 'static>(value: T, exits_after: bool) {
    if exits_after {
        std::mem::forget(value);
    } else {
        rayon::spawn(move || drop(value));
    }
}
