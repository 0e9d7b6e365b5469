//! The files a site copies as they are: the theme's and the site's static files, and the files
//! posts link to (an image, a PDF), each copied beside its post's page.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::output_file_for;
use crate::diagnostics::ContentError;
use crate::files::{Contents, FileSource, Output};
use crate::site::{RenderedPost, Site};
use crate::theme::Theme;

/// The script of the built-in theme's search page.
const SEARCH_SCRIPT: &str = "search.js";

/// The script of the built-in theme's video facades.
const VIDEO_SCRIPT: &str = "video.js";

/// The theme's static files (with the site's `static/` on top); without search, not the
/// search page's script, and without videos, not the facades' script.
pub fn static_files<'t>(site: &Site, theme: &'t Theme) -> impl Iterator<Item = Output> + 't {
    let search = site.config.search;
    let videos = site
        .posts
        .iter()
        .chain(&site.pages)
        .any(|post| !post.markdown.videos.is_empty());
    theme
        .static_files
        .iter()
        .filter(move |(path, _)| match path.as_str() {
            SEARCH_SCRIPT => search,
            VIDEO_SCRIPT => videos,
            _ => true,
        })
        .map(|(path, source)| Output {
            path: path.clone(),
            contents: Contents::File(source.clone()),
        })
}

/// Files linked from posts, copied beside each post's page; or an error for each output path
/// that two different files would take (two posts with their own `chart.png` under a flat
/// permalink, or `../x/img.png` and `../y/img.png`, both copied as `img.png`).
pub fn linked_files(site: &Site) -> Result<Vec<Output>, Vec<ContentError>> {
    let mut seen: BTreeMap<String, (&PathBuf, &RenderedPost)> = BTreeMap::new();
    let mut errors = Vec::new();
    for post in site
        .posts
        .iter()
        .chain(&site.pages)
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
            match seen.get(&path) {
                Some((source, _)) if **source == asset.source => {}
                Some((source, first)) => errors.push(ContentError::at_start(
                    &post.post.source.display_path,
                    format!(
                        "`{}` and `{}` (linked from `{}`) would both be copied to `{path}`; rename one of them",
                        asset.source.display(),
                        source.display(),
                        first.post.source.display_path.display()
                    ),
                )),
                None => {
                    seen.insert(path, (&asset.source, post));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(seen
        .into_iter()
        .map(|(path, (source, _))| Output {
            path,
            contents: Contents::File(FileSource::Disk(source.clone())),
        })
        .collect())
}
