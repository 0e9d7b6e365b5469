//! salve's end-to-end tests, in one test binary (each file below was a binary of its own,
//! and linking the crate eleven times took most of a fresh machine's test run).

mod common;

mod build;
mod check;
mod cli;
mod errors;
mod examples;
mod first_hour;
mod images;
mod import;
mod incremental;
mod languages;
mod media;
mod migration;
mod privacy;
mod rebuild;
mod reliability;
mod search;
mod serve;
mod site_pages;
mod theme;
mod trust;
