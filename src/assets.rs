//! The files a site copies as they are: the theme's and the site's static files, and the files
//! posts link to (an image, a PDF), each copied beside its post's page.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::output_file_for;
use crate::files::{Contents, FileSource, Output};
use crate::site::Site;
use crate::theme::Theme;

/// The theme's static files (with the site's `static/` on top).
pub fn static_files(theme: &Theme) -> impl Iterator<Item = Output> + '_ {
    theme.static_files.iter().map(|(path, source)| Output {
        path: path.clone(),
        contents: Contents::File(source.clone()),
    })
}

/// Files linked from posts, copied beside each post's page.
pub fn linked_files(site: &Site) -> Vec<Output> {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for post in site
        .posts
        .iter()
        .filter(|post| !post.markdown.assets.is_empty())
    {
        let folder = output_file_for(&post.post.url);
        let folder = folder.rsplit_once('/').map_or("", |(folder, _)| folder);
        for asset in &post.markdown.assets {
            let path = if folder.is_empty() {
                asset.output.clone()
            } else {
                format!("{folder}/{}", asset.output)
            };
            seen.entry(path).or_insert_with(|| asset.source.clone());
        }
    }
    seen.into_iter()
        .map(|(path, source)| Output {
            path,
            contents: Contents::File(FileSource::Disk(source)),
        })
        .collect()
}
