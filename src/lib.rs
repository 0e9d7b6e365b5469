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
