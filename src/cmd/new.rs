//! `salve new "Title"`: writes a new draft post.

use std::path::PathBuf;

/// Options of `salve new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The post's title; the file name is made from it.
    title: String,
    /// The site's folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Writes the post and says where.
pub fn run(args: Args) -> Result<(), salve::Error> {
    let path = salve::scaffold::new_post(&args.root, &args.title, jiff::Zoned::now().date())?;
    println!(
        "Created {} (a draft: build with --drafts to see it, remove `draft: true` to publish)",
        path.display()
    );
    Ok(())
}
