//! `salve build`: renders the site into its output folder.

use std::path::PathBuf;

use salve::BuildOptions;
use salve::diagnostics::count;

/// Options of `salve build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (holding salve.yaml and posts/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site (default: `output_dir` from salve.yaml, else `public`).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Include posts marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include posts dated in the future.
    #[arg(long)]
    future: bool,
    /// The URL the site will be published at, overriding `base_url`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print nothing but errors.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Print what was written, unchanged and removed.
    #[arg(long, short)]
    verbose: bool,
}

/// Runs the build and prints its summary line.
pub fn run(args: Args) -> Result<(), salve::Error> {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url,
        exits_after: true,
    };
    let report = salve::build(&options)?;
    if !args.quiet {
        for note in &report.notes {
            eprintln!("note: {note}");
        }
        println!(
            "Built {}, {}, {} in {} ms into {}",
            count(report.posts, "post", "posts"),
            count(report.pages, "page", "pages"),
            count(report.tags, "tag", "tags"),
            report.elapsed.as_millis(),
            report.output_dir.display()
        );
    }
    if args.verbose {
        let files = report.files;
        println!(
            "Files: {} written, {} unchanged ({} of them kept without rendering), {} removed",
            files.written, files.unchanged, report.kept, files.removed
        );
    }
    Ok(())
}
