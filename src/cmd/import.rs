//! `salve import`: brings a Jekyll, Hugo, Wix or WordPress blog into a salve site.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use salve::diagnostics::count;
use salve::import::{Generator, ImportOptions};

/// The generators salve imports from.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Source {
    /// A Jekyll site folder (`_config.yml`, `_posts/`).
    Jekyll,
    /// A Hugo site folder (`hugo.toml` or `config.*`, `content/`).
    Hugo,
    /// A Wix blog's RSS feed, saved as a file (`blog-feed.xml`).
    Wix,
    /// A WordPress export file (Tools → Export, "All content").
    Wordpress,
}

/// Options of `salve import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What made the old site.
    source: Source,
    /// The old site's folder (for Wix, its saved feed; for WordPress, its export file).
    path: PathBuf,
    /// The salve site to import into (created if missing; nothing in it is overwritten).
    #[arg(long, default_value = ".")]
    into: PathBuf,
    /// Say what would be imported, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Keep images at their remote addresses instead of downloading them (salve build refuses
    /// them until they are replaced).
    #[arg(long)]
    no_download: bool,
}

/// Shows how many images have been downloaded, on one line that each count overwrites, when
/// someone watches (a terminal).
fn show_progress(downloaded: usize) {
    if std::io::stderr().is_terminal() {
        eprint!("\rDownloaded {}", count(downloaded, "image", "images"));
    }
}

/// Imports and prints a summary; the details are in `IMPORT-REPORT.md`.
pub fn run(args: Args) -> Result<(), salve::Error> {
    let options = ImportOptions {
        generator: match args.source {
            Source::Jekyll => Generator::Jekyll,
            Source::Hugo => Generator::Hugo,
            Source::Wix => Generator::Wix,
            Source::Wordpress => Generator::WordPress,
        },
        from: args.path,
        into: args.into,
        dry_run: args.dry_run,
        download: !args.no_download,
        progress: Some(show_progress),
    };
    let report = salve::import::import(&options)?;
    if report.files > 0 && std::io::stderr().is_terminal() {
        eprintln!();
    }
    let verb = if options.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    println!(
        "{verb} {}, {}, {} and {} from {} into {}; {} kept as aliases",
        count(report.posts, "post", "posts"),
        count(report.pages, "page", "pages"),
        count(report.files, "file", "files"),
        count(report.people, "person", "people"),
        options.from.display(),
        options.into.display(),
        count(report.aliases, "old address", "old addresses"),
    );
    if !report.skipped.is_empty() {
        println!(
            "Left alone: {} the site already had",
            count(report.skipped.len(), "file", "files")
        );
    }
    if !report.attention.is_empty() {
        println!(
            "Needs a person: {}",
            count(report.attention.len(), "item", "items")
        );
        for line in &report.attention {
            println!("  {line}");
        }
    }
    if let Some(summary) = &report.check_summary {
        println!("salve check finds, drafts included:\n{summary}");
    }
    match &report.report_file {
        Some(file) => println!(
            "Report: {}\nNext: salve check --root {}",
            file.display(),
            options.into.display()
        ),
        None => println!("Nothing was written (--dry-run)."),
    }
    Ok(())
}
