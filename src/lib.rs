//! salve: a static site generator for clinic blogs.
//!
//! The library holds the whole pipeline; the `salve` binary only turns command-line arguments
//! into the option structs below and prints what comes back. The stages, in order:
//!
//! ```text
//! salve.yaml ─► Config; i18n/*.yaml ─► Strings  (config, i18n)
//! posts/**/*.md, pages/**/*.md ─► Post         (content)
//! Post ─► RenderedPost                         (markdown)
//! [RenderedPost] ─► a Site per language        (site)
//! Site ─► [Page]                               (pages: the one list of pages)
//! Site + [Page] + Theme ─► pages and feeds     (theme, render, feeds)
//! Site + [Page] ─► sitemap, search index       (sitemap, search); copied files (assets)
//! [Output] ─► output folder                    (files, output)
//! ```
//!
//! The bottom vocabulary (`files`, `fingerprint`, `html`, `diagnostics`, `fs`, `slug`) is
//! shared by every stage; `memo` holds each stage's cache between builds of `salve serve`.
//! ARCHITECTURE.md draws the layers.
//!
//! [`build::build`] runs them in that order.

pub mod assets;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod files;
pub mod fingerprint;
pub mod fs;
pub mod html;
pub mod i18n;
pub mod images;
pub mod import;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod pages;
pub mod privacy;
pub mod redirects;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod structured_data;
pub mod theme;
pub mod video;

pub use build::{BuildOptions, BuildReport, build};
pub use diagnostics::{ContentError, ContentErrors, Error};

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

/// The most items of a parallel loop that one thread takes in a row. Rayon cuts a loop into
/// about as many parts as there are threads and cuts a part again only when another thread
/// steals it; a thread that finds nothing left to steal then waits while the other works
/// through a long part alone, tens of milliseconds at the end of each stage of a
/// 10,000-post build. Parts this short keep every thread busy to the end, for a few hundred
/// more tasks of a microsecond each.
pub(crate) const MAX_ITEMS_PER_TASK: usize = 32;
