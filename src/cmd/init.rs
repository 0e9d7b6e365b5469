//! `salve init DIR`: scaffolds a new site.

use std::path::PathBuf;

/// Options of `salve init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the site in (created if missing).
    dir: PathBuf,
}

/// Creates the site and prints the next two commands.
pub fn run(args: Args) -> Result<(), salve::Error> {
    let files = salve::scaffold::init(&args.dir, jiff::Zoned::now().date())?;
    for file in files {
        println!("Created {}", file.display());
    }
    println!("\nNext:\n  cd {}\n  salve build", args.dir.display());
    Ok(())
}
