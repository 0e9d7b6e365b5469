//! `salve init DIR`: scaffolds a new site.

use std::path::PathBuf;

/// Options of `salve init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the site in (created if missing).
    dir: PathBuf,
    /// The site's languages, the default first: `en`, `es`, or `en,es` for a site in both
    /// (starter pages and sample post in each).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    languages: Vec<String>,
}

/// Creates the site and prints what to do next.
pub fn run(args: Args) -> Result<(), salve::Error> {
    let files = salve::scaffold::init(&args.dir, jiff::Zoned::now().date(), &args.languages)?;
    for file in files {
        println!("Created {}", file.display());
    }
    println!(
        "\nNext:\n  cd {}\n  salve serve                  preview the site at http://127.0.0.1:1111/, rebuilt on every save\n  salve new \"Your first post\"  write a post (a draft until you remove `draft: true`)\n  salve check                  what to fix before publishing (fill in `people:` in salve.yaml for reviewers)\n  salve build                  write the site into public/, ready to upload",
        args.dir.display()
    );
    Ok(())
}
