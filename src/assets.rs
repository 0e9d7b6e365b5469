//! The files a site publishes beside its pages: the theme's and the site's static files, the
//! files posts link to (a PDF, a photo), each copied beside its post's page, and the images
//! posts, pages and people show, written as resized variants.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::content::output_file_for;
use crate::diagnostics::ContentError;
use crate::files::{Contents, FileSource, Output};
use crate::images::{self, Encode, Format, Job, Use, unpublishable, url_path, variant_prefix};
use crate::site::{RenderedPost, Site};
use crate::theme::Theme;

/// The script of the built-in theme's search page.
const SEARCH_SCRIPT: &str = "search.js";

/// The script of the built-in theme's video facades.
const VIDEO_SCRIPT: &str = "video.js";

/// The theme's static files (with the site's `static/` on top); without search, not the
/// search page's script, and without videos, not the facades' script. A JPEG, PNG or WebP of
/// the site's is published without its metadata; one that cannot be read is an error.
pub fn static_files(site: &Site, theme: &Theme) -> (Vec<Output>, Vec<ContentError>) {
    let search = site.config.search;
    let videos = site
        .posts
        .iter()
        .chain(&site.pages)
        .any(|post| !post.markdown.videos.is_empty());
    let mut errors = Vec::new();
    let outputs = theme
        .static_files
        .iter()
        .filter(move |(path, _)| match path.as_str() {
            SEARCH_SCRIPT => search,
            VIDEO_SCRIPT => videos,
            _ => true,
        })
        .filter_map(|(path, source)| {
            let source = match source {
                FileSource::Disk(file) => match published_copy(site, file) {
                    Ok(published) => FileSource::Disk(published),
                    Err(error) => {
                        errors.push(error);
                        return None;
                    }
                },
                embedded @ FileSource::Embedded(_) => embedded.clone(),
            };
            Some(Output {
                path: path.clone(),
                contents: Contents::File(source),
            })
        })
        .collect();
    (outputs, errors)
}

/// The file to publish for a file copied as it is: itself, or for an image a copy without
/// its metadata; an error for a photo whose metadata cannot be removed or an image that
/// cannot be read.
fn published_copy(site: &Site, file: &Path) -> Result<PathBuf, ContentError> {
    if let Some(problem) = unpublishable(file) {
        return Err(ContentError::at_start(shown_path(file), problem));
    }
    if Format::of_path(file).is_none() {
        return Ok(file.to_path_buf());
    }
    site.images
        .copy_source(file)
        .map_err(|problem| unreadable(file, &problem))
}

/// A file's path as errors show it: from the site's folder, without a leading `./`.
fn shown_path(file: &Path) -> &Path {
    file.strip_prefix(".").unwrap_or(file)
}

/// The error for an image file salve cannot read.
fn unreadable(file: &Path, problem: &str) -> ContentError {
    let file = shown_path(file);
    ContentError::at_start(
        file,
        format!(
            "`{}` cannot be read as an image ({problem}); export it again as JPEG, PNG or WebP, or give it the extension of what it is",
            file.display()
        ),
    )
}

/// The images of the site's static files that pages show: each person's photo, lead images
/// given as site paths (`image: /images/team.jpg`, as imports write them), and every one
/// when the theme calls the `image` function. Returns
/// the variants to write and, by how and which site path, how pages show them.
pub fn static_images(
    site: &Site,
    theme: &Theme,
) -> (Vec<Job>, images::StaticShown, Vec<ContentError>) {
    let photos = site
        .config
        .people
        .values()
        .filter_map(|person| Some((Use::Avatar, person.photo.as_ref()?.0.as_str())));
    let leads = site
        .posts
        .iter()
        .chain(&site.pages)
        .filter_map(|post| Some((Use::Lead, post.post.front.image.as_deref()?)))
        .filter(|(_, image)| image.starts_with('/') && !image.starts_with("//"));
    let mut wanted: BTreeSet<(Use, String)> = photos
        .chain(leads)
        .map(|(usage, path)| (usage, path.to_owned()))
        .collect();
    // A theme that calls `image()` may ask for any image of the static files.
    if theme.calls_image {
        wanted.extend(
            theme
                .static_files
                .iter()
                .filter(|(_, source)| {
                    matches!(source, FileSource::Disk(file) if Format::of_path(file).is_some())
                })
                .map(|(path, _)| (Use::Content, format!("/{path}"))),
        );
    }
    let mut jobs = Vec::new();
    let mut shown = HashMap::new();
    let mut errors = Vec::new();
    for (usage, site_path) in wanted {
        let path = site_path.trim_start_matches('/');
        let Some(FileSource::Disk(source)) = theme.static_files.get(path) else {
            continue;
        };
        if Format::of_path(source).is_none() {
            continue;
        }
        let base = variant_prefix(path);
        match site
            .images
            .responsive(source, &url_path(&site.urls.path(base)), usage)
        {
            Ok(responsive) => {
                shown.insert((usage, site_path.clone()), responsive);
                jobs.push(Job {
                    source: source.clone(),
                    base: base.to_owned(),
                    shown: usage,
                });
            }
            Err(problem) => errors.push(unreadable(source, &problem)),
        }
    }
    (jobs, shown, errors)
}

/// Files linked from posts, copied beside each post's page (images without their metadata),
/// and the images they show, written as variants there; or an error for each output path
/// that two different files would take (two posts with their own `chart.png` under a flat
/// permalink, or `../x/img.png` and `../y/img.png`, both copied as `img.png`).
pub fn linked_files(
    site: &Site,
    mut jobs: Vec<Job>,
    encode: Encode,
) -> (Vec<Output>, Vec<ContentError>) {
    let mut seen: BTreeMap<String, (&PathBuf, &RenderedPost)> = BTreeMap::new();
    let mut copies = BTreeMap::new();
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
            let in_folder = |output: &str| {
                if folder.is_empty() {
                    output.to_owned()
                } else {
                    format!("{folder}/{output}")
                }
            };
            // Variants are named by the image's path less its extension.
            let path = match asset.shown {
                Some(_) if asset.from_static => variant_prefix(&asset.output).to_owned(),
                Some(_) => in_folder(variant_prefix(&asset.output)),
                None => in_folder(&asset.output),
            };
            match seen.get(&path) {
                Some((source, _)) if **source == asset.source => {}
                Some((source, first)) => errors.push(ContentError::at_start(
                    &post.post.source.display_path,
                    format!(
                        "`{}` and `{}` (linked from `{}`) would both be published as `{}`; rename one of them",
                        asset.source.display(),
                        source.display(),
                        first.post.source.display_path.display(),
                        in_folder(&asset.output),
                    ),
                )),
                None => {
                    seen.insert(path.clone(), (&asset.source, post));
                }
            }
            match asset.shown {
                Some(shown) => jobs.push(Job {
                    source: asset.source.clone(),
                    base: path,
                    shown,
                }),
                None => {
                    copies.insert(path, &asset.source);
                }
            }
        }
    }
    let mut outputs = Vec::new();
    for (path, source) in copies {
        match published_copy(site, source) {
            Ok(published) => outputs.push(Output {
                path,
                contents: Contents::File(FileSource::Disk(published)),
            }),
            Err(error) => errors.push(error),
        }
    }
    jobs.sort();
    jobs.dedup();
    let (variants, failures) = site.images.outputs(&jobs, encode);
    errors.extend(failures.iter().map(|(source, problem)| {
        let file = shown_path(source);
        ContentError::at_start(
            file,
            format!(
                "`{}` could not be resized ({problem}); if it opens in an image viewer, export it again as JPEG, PNG or WebP",
                file.display()
            ),
        )
    }));
    // An image shown by two posts of one folder, or as a lead image and in the text, is
    // written once.
    let mut variant_paths = std::collections::HashSet::new();
    outputs.extend(
        variants
            .into_iter()
            .filter(|output| variant_paths.insert(output.path.clone())),
    );
    (outputs, errors)
}
