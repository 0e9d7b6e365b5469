//! Rule `image-metadata`: source images that hold a GPS position. salve publishes none of it
//! (variants are encoded from pixels, copies are stripped), but the originals still say where
//! a photo was taken, which matters when the files are shared another way.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Raw;
use crate::config::RuleId;
use crate::images::Format;
use crate::site::Site;

/// A finding for each JPEG, PNG or WebP of the posts, the pages and `static/` whose EXIF has
/// a GPS position.
pub(super) fn check(site: &Site, root: &Path) -> Vec<Raw> {
    let mut sources: BTreeSet<PathBuf> = site
        .posts
        .iter()
        .chain(&site.pages)
        .flat_map(|post| &post.markdown.assets)
        .map(|asset| asset.source.clone())
        .collect();
    sources.extend(
        walkdir::WalkDir::new(root.join(&site.config.static_dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(walkdir::DirEntry::into_path),
    );
    sources
        .iter()
        .filter(|source| Format::of_path(source).is_some())
        .filter(|source| site.images.probe(source).is_ok_and(|probe| probe.gps))
        .map(|source| {
            let file = source.strip_prefix(root).unwrap_or(source);
            Raw::new(
                RuleId::ImageMetadata,
                file.to_string_lossy().replace('\\', "/"),
                (1, 1),
                "this photo holds the GPS position where it was taken; salve leaves it out of the published site, but remove it from the original before sharing the file elsewhere (most photo apps can, or `exiftool -gps:all= FILE`)",
            )
        })
        .collect()
}
