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

/// Frees `value` on the thread pool instead of here. A build's site and template values are
/// millions of small allocations: freeing them one by one takes tens of milliseconds at 10,000
/// posts, which the build would otherwise spend before reporting, and a one-shot `salve build`
/// exits without waiting for it.
pub(crate) fn free_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}
