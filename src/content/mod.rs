//! Finding and reading posts: walks the posts folder, splits and parses each file's front
//! matter, and derives what the rest of the pipeline needs (slug, date, URL). Files are parsed
//! in parallel; every problem is collected rather than stopping at the first.

mod front_matter;
mod source;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::{Context as _, Result, bail};
use jiff::Timestamp;
use rayon::prelude::*;

pub use front_matter::{
    Condition, DisclaimerSetting, FrontMatter, MenuName, OneOrMany, PageFields, PageFrontMatter,
    PostDate, Reference,
};
pub use source::Source;

use crate::config::{Config, Language};
use crate::diagnostics::{ContentError, yaml_message, yaml_position};
use crate::fingerprint::{fingerprint, fingerprint_debug};
use crate::slug::slugify;

/// Which posts a build includes besides the published ones.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    /// Include posts marked `draft: true`.
    pub drafts: bool,
    /// Include posts dated after `now`.
    pub future: bool,
    /// The moment that decides what "future" means.
    pub now: Timestamp,
}

/// The two folders of Markdown files a site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collection {
    /// Dated posts of the blog (`posts_dir`).
    Posts,
    /// Pages of the site: About, the notices, services (`pages_dir`).
    Pages,
}

impl Collection {
    /// The folder of this collection, as configured (relative to the site's folder).
    pub fn folder(self, config: &Config) -> &Path {
        match self {
            Self::Posts => &config.posts_dir,
            Self::Pages => &config.pages_dir,
        }
    }
}

/// What a Markdown file is, with what only that kind has.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A post, with its publication date (from the front matter or the file name).
    Post(PostDate),
    /// A page, with its menu, weight and template.
    Page(PageFields),
}

/// A post or a page whose front matter is valid, ready for Markdown rendering. Pages are read
/// into the same shape as posts (their front matter without the keys only posts have), so
/// that Markdown, bylines, links and checks treat both alike.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file it came from.
    pub source: Source,
    /// Its front matter.
    pub front: FrontMatter,
    /// The URL slug.
    pub slug: String,
    /// Whether it is a post or a page.
    pub kind: Kind,
    /// The page's path on the site without the base path, e.g. `/posts/ketamine/`.
    pub url: String,
    /// The file written for it, relative to the output folder, e.g. `posts/ketamine/index.html`.
    pub output_file: String,
    /// The slug of each tag, in the order of `front.tags`; tags match by it.
    pub tag_slugs: Vec<String>,
    /// The language of a translation, named in its file name (`es` for `ketamine.es.md`);
    /// `None` for a file in the site's default language.
    pub translation: Option<Language>,
    /// The content path without the language (`posts/ketamine.md` for
    /// `posts/ketamine.es.md`): the versions of one post or page in each language share it.
    pub original_path: String,
    /// A fingerprint of the file's path and bytes and of the configuration it was parsed
    /// with, so that later stages (and later builds) can tell whether what they made from the
    /// post still holds.
    pub version: u64,
}

impl Post {
    /// The front matter's description, unless it is empty.
    pub fn own_description(&self) -> Option<&str> {
        self.front
            .description
            .as_deref()
            .filter(|text| !text.trim().is_empty())
    }

    /// The publication date of a post; a page has none.
    pub fn date(&self) -> Option<&PostDate> {
        match &self.kind {
            Kind::Post(date) => Some(date),
            Kind::Page(_) => None,
        }
    }

    /// "post" or "page", for messages.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Post(_) => "post",
            Kind::Page(_) => "page",
        }
    }

    /// What only a page has; `None` for a post.
    pub fn page_fields(&self) -> Option<&PageFields> {
        match &self.kind {
            Kind::Page(fields) => Some(fields),
            Kind::Post(_) => None,
        }
    }

    /// When the post last changed in substance: the later of `updated` and `last_reviewed`,
    /// else its date. Sitemaps and feeds use it. A page changes when it is reviewed.
    pub fn last_modified(&self) -> Option<&PostDate> {
        [
            self.front.updated.as_ref(),
            self.front.last_reviewed.as_ref(),
        ]
        .into_iter()
        .flatten()
        .max_by_key(|date| date.timestamp())
        .or(self.date())
    }
}

/// The outcome of reading the posts folder.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The posts this build publishes, in file-path order.
    pub posts: Vec<Arc<Post>>,
    /// Posts left out (drafts, scheduled), by posts-relative path, with the reason; links to
    /// them are errors that say why.
    pub left_out: HashMap<String, &'static str>,
    /// Every problem found.
    pub errors: Vec<ContentError>,
    /// A fingerprint of everything read from the posts folder: each post (by its version) and
    /// whether it is included, and every other file there by length and modification time
    /// (the images posts link to). `None` when the folder was not walked (the watcher vouched
    /// for it) or a post has errors.
    pub fingerprint: Option<u64>,
}

/// The post files this stage read, kept between builds by `salve serve`'s memo.
#[derive(Debug)]
pub struct PostCache {
    enabled: bool,
    /// Parsed post files, by path on disk (in the order a walk of the posts folder meets them).
    posts: BTreeMap<PathBuf, ReadPost>,
    /// The posts folder whose files `posts` lists, while the watcher has reported no file added
    /// or removed there: the next build need not walk the folder nor look at the files it was
    /// not told about.
    listed: Option<PathBuf>,
    /// Post files read and parsed by the last build.
    pub read: usize,
}

impl PostCache {
    /// An empty cache; `enabled` says whether it keeps what builds read.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            posts: BTreeMap::new(),
            listed: None,
            read: 0,
        }
    }

    /// Makes the next build read this file again, whatever its stamp says; whether the cache
    /// knew the file.
    pub fn forget(&mut self, path: &Path) -> bool {
        self.posts
            .get_mut(path)
            .map(|read| read.stamp = None)
            .is_some()
    }

    /// Makes the next build walk the posts folder again.
    pub fn rescan(&mut self) {
        self.listed = None;
    }
}

/// A post file as last read: when it was modified, and what it parsed to.
#[derive(Debug, Clone)]
struct ReadPost {
    /// The file's modification time and length when it was read; `None` once the watcher
    /// reported a change, so that it is read again whatever they say.
    stamp: Option<(SystemTime, u64)>,
    /// The fingerprint of the configuration it was parsed with.
    config: u64,
    /// The parsed post, or the errors that stopped it.
    parsed: Result<Arc<Post>, Vec<ContentError>>,
}

/// The extensions of Markdown files: `.md`, and `.markdown` as Jekyll sites name them.
const MARKDOWN_EXTENSIONS: [&str; 2] = ["md", "markdown"];

/// Whether a file is a post by its name: Markdown (`.md` or `.markdown`).
pub fn is_post_file(path: &Path) -> bool {
    path.extension().is_some_and(|extension| {
        MARKDOWN_EXTENSIONS
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// A post's file name without its Markdown extension.
fn file_stem(name: &str) -> &str {
    MARKDOWN_EXTENSIONS
        .iter()
        .find_map(|extension| {
            let cut = name.len().checked_sub(extension.len() + 1)?;
            let (stem, dotted) = name.split_at_checked(cut)?;
            (dotted.starts_with('.') && dotted[1..].eq_ignore_ascii_case(extension)).then_some(stem)
        })
        .unwrap_or(name)
}

/// Reads every Markdown file of a collection's folder (the posts, or the pages). Files the
/// cache read before and that have not changed since (same modification time and length, same
/// configuration) are not read again. A site needs a posts folder; the pages folder is
/// optional.
pub fn load(
    root: &Path,
    config: &Config,
    collection: Collection,
    selection: Selection,
    cache: &mut PostCache,
) -> Result<Loaded> {
    let Some((posts_dir, other_dir)) = collection_folders(root, config, collection)? else {
        return Ok(Loaded {
            fingerprint: Some(fingerprint(&root.join(collection.folder(config)))),
            ..Loaded::default()
        });
    };
    let config_key = fingerprint_debug(config);
    // Files the watcher vouches for are reused without a look at the disk.
    let vouched = cache.listed.as_ref() == Some(&posts_dir);
    let (files, other_files) = if vouched {
        (cache.posts.keys().cloned().collect(), None)
    } else {
        let (posts, others) = folder_files(&posts_dir, &other_dir)?;
        (posts, Some(others))
    };
    let cache_ref = &*cache;
    let read: Vec<(PathBuf, ReadPost, bool)> = files
        .into_par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .map(|file| -> Result<(PathBuf, ReadPost, bool)> {
            let known = cache_ref
                .posts
                .get(&file)
                .filter(|known| known.config == config_key);
            if let Some(known) = known
                && vouched
                && known.stamp.is_some()
            {
                return Ok((file, known.clone(), false));
            }
            let (bytes, stamp) = match read_if_changed(&file, known)? {
                FileRead::Unchanged(known) => return Ok((file, known.clone(), false)),
                FileRead::Fresh(bytes, stamp) => (bytes, stamp),
            };
            let version = fingerprint(&(config_key, &file, &bytes));
            let display_path = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
            let folder_path = folder_relative(&file, &posts_dir);
            let parsed = parse_reporting_all(collection, display_path, folder_path, bytes, config)
                .map(|mut post| {
                    post.version = version;
                    Arc::new(post)
                });
            Ok((
                file,
                ReadPost {
                    stamp: Some(stamp),
                    config: config_key,
                    parsed,
                },
                true,
            ))
        })
        .collect::<Result<_>>()?;

    cache.read = read.iter().filter(|(_, _, fresh)| *fresh).count();
    let mut loaded = Loaded {
        fingerprint: other_files.and_then(|others| {
            let posts = read
                .iter()
                .map(|(_, read_post, _)| {
                    let post = read_post.parsed.as_ref().ok()?;
                    Some((post.version, is_included(post, selection)))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(fingerprint(&(others, posts)))
        }),
        ..Loaded::default()
    };
    for (_, read_post, _) in &read {
        match &read_post.parsed {
            Ok(post) if is_included(post, selection) => loaded.posts.push(Arc::clone(post)),
            Ok(post) => {
                let reason = if post.front.draft {
                    "a draft (build with --drafts to include it)"
                } else {
                    "scheduled for a future date (build with --future to include it)"
                };
                loaded
                    .left_out
                    .insert(post.source.content_path.clone(), reason);
            }
            Err(errors) => loaded.errors.extend(errors.iter().cloned()),
        }
    }
    if cache.enabled {
        cache.listed = Some(posts_dir);
        cache.posts = read
            .into_iter()
            .map(|(file, read_post, _)| (file, read_post))
            .collect();
    }
    loaded.errors.extend(url_collisions(&loaded.posts));
    Ok(loaded)
}

/// The folder of a collection and the other collection's folder (which a walk skips, when a
/// site's posts folder is its own folder and holds the pages); `None` for a pages folder that
/// does not exist, which a site need not have. A site needs its posts folder.
fn collection_folders(
    root: &Path,
    config: &Config,
    collection: Collection,
) -> Result<Option<(PathBuf, PathBuf)>> {
    let folder = root.join(collection.folder(config));
    if !folder.is_dir() {
        if collection == Collection::Pages {
            return Ok(None);
        }
        bail!(
            "the posts folder `{}` does not exist; create it, set `posts_dir` in {}, or pass --root with the site's folder",
            folder.display(),
            crate::config::CONFIG_FILE
        );
    }
    let other = match collection {
        Collection::Posts => Collection::Pages,
        Collection::Pages => Collection::Posts,
    };
    Ok(Some((folder, root.join(other.folder(config)))))
}

fn is_included(post: &Post, selection: Selection) -> bool {
    (selection.drafts || !post.front.draft)
        && (selection.future
            || post
                .date()
                .is_none_or(|date| date.timestamp() <= selection.now))
}

/// A post file, as [`read_if_changed`] found it.
enum FileRead<'m> {
    /// The cache's post, whose file has the same stamp.
    Unchanged(&'m ReadPost),
    /// The file's bytes and stamp.
    Fresh(Vec<u8>, (SystemTime, u64)),
}

/// Reads a post file unless the cache knows it with the same stamp. A file the cache does not
/// know is stamped from the open file, with one look at its metadata instead of two.
fn read_if_changed<'m>(file: &Path, known: Option<&'m ReadPost>) -> Result<FileRead<'m>> {
    let Some(known) = known else {
        let (bytes, stamp) = crate::fs::read_stamped(file)?;
        return Ok(FileRead::Fresh(bytes, stamp));
    };
    let stamp = file_stamp(file)?;
    if known.stamp == Some(stamp) {
        return Ok(FileRead::Unchanged(known));
    }
    Ok(FileRead::Fresh(crate::fs::read(file)?, stamp))
}

/// A file's modification time and length, which change when it is saved.
fn file_stamp(file: &Path) -> Result<(SystemTime, u64)> {
    let metadata =
        std::fs::metadata(file).with_context(|| format!("failed to read `{}`", file.display()))?;
    Ok(crate::fs::source_stamp(&metadata))
}

/// Every `.md` file under `posts_dir`, skipping names that start with `_` or `.` and the
/// folder `other_dir` (the other collection's, when it lies inside), in path order; and a
/// fingerprint of the other files there, by path, length and modification time.
fn folder_files(posts_dir: &Path, other_dir: &Path) -> Result<(Vec<PathBuf>, u64)> {
    let mut posts = Vec::new();
    let mut others = Vec::new();
    let walker = walkdir::WalkDir::new(posts_dir)
        .sort_by_file_name()
        .into_iter();
    let is_walked = |entry: &walkdir::DirEntry| {
        entry.depth() == 0 || !(is_hidden(entry.file_name()) || entry.path() == other_dir)
    };
    for entry in walker.filter_entry(is_walked) {
        let failed = || format!("failed to read the posts folder `{}`", posts_dir.display());
        let entry = entry.with_context(failed)?;
        if !entry.file_type().is_file() {
            continue;
        }
        if is_post_file(entry.path()) {
            posts.push(entry.into_path());
        } else {
            let metadata = entry.metadata().with_context(failed)?;
            let (modified, length) = crate::fs::source_stamp(&metadata);
            others.push((entry.into_path(), length, modified));
        }
    }
    Ok((posts, fingerprint(&others)))
}

/// Names starting with `_` or `.` are private to the writer: never published nor copied.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|name| name.starts_with('_') || name.starts_with('.'))
}

fn folder_relative(file: &Path, posts_dir: &Path) -> String {
    let relative = file.strip_prefix(posts_dir).unwrap_or(file);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses one post file into a [`Post`], or the first error that prevents it.
pub fn parse_post(
    display_path: PathBuf,
    folder_path: String,
    bytes: Vec<u8>,
    config: &Config,
) -> Result<Post, ContentError> {
    parse_reporting_all(Collection::Posts, display_path, folder_path, bytes, config)
        .map_err(|mut errors| errors.swap_remove(0))
}

/// Parses one file of a collection into a [`Post`], or every error of its front matter (an
/// unknown key, a value of the wrong type and a bad date in one file are three errors), else
/// the first error found after it.
pub fn parse_reporting_all(
    collection: Collection,
    display_path: PathBuf,
    folder_path: String,
    bytes: Vec<u8>,
    config: &Config,
) -> Result<Post, Vec<ContentError>> {
    let source = Source::parse(display_path, folder_path, bytes).map_err(|error| vec![error])?;
    match collection {
        Collection::Posts => {
            let front = front_matter::<FrontMatter>(&source, "`title:` and `date:`")?;
            finish_post(source, front, config).map_err(|error| vec![error])
        }
        Collection::Pages => {
            let front = front_matter::<PageFrontMatter>(&source, "`title:`").map_err(|errors| {
                errors
                    .into_iter()
                    .map(explain_post_keys)
                    .collect::<Vec<_>>()
            })?;
            finish_page(source, front, config).map_err(|error| vec![error])
        }
    }
}

/// The keys only posts have, with why a page has none.
const POST_ONLY_KEYS: [(&str, &str); 6] = [
    ("date", "a page has no date"),
    (
        "updated",
        "a page has no date; `last_reviewed` says when it was last checked",
    ),
    ("tags", "pages have no tags"),
    ("featured", "only posts are featured"),
    ("conditions", "only posts name conditions"),
    ("disclaimer", "pages show no medical disclaimer"),
];

/// An unknown key of a page's front matter that a post would have: the message says so, and
/// that a dated article belongs in the posts folder.
fn explain_post_keys(mut error: ContentError) -> ContentError {
    for (key, why) in POST_ONLY_KEYS {
        if error.message.starts_with(&format!("unknown key `{key}`")) {
            error.message = format!(
                "unknown key `{key}`: {why}; an article with a date belongs in the posts folder"
            );
        }
    }
    error
}

/// The front matter of a post or a page, or all its errors. Serde stops at the first: the key
/// it is about is taken out and the rest read again, until it reads or no key is to blame.
/// `needed` names the keys an empty front matter lacks.
fn front_matter<T: serde::de::DeserializeOwned>(
    source: &Source,
    needed: &str,
) -> Result<T, Vec<ContentError>> {
    let yaml = source.yaml();
    if yaml.trim().is_empty() {
        return Err(vec![source.yaml_error(
            1,
            1,
            format!("the front matter is empty; it needs at least {needed}"),
        )]);
    }
    let first = match serde_yaml::from_str::<T>(yaml) {
        Ok(front) => return Ok(front),
        Err(error) => error,
    };
    let (line, column) = yaml_position(&first, yaml);
    let mut errors = vec![source.yaml_error(line, column, yaml_message(&first))];
    let Ok(serde_yaml::Value::Mapping(mut keys)) = serde_yaml::from_str(yaml) else {
        return Err(errors);
    };
    let mut blamed = blamed_key(&first, yaml, &keys);
    while let Some(key) = blamed {
        keys.remove(key.as_str());
        // Written out again, the rest gives errors with places, which name their keys.
        let Ok(rest) = serde_yaml::to_string(&keys) else {
            break;
        };
        let Err(error) = serde_yaml::from_str::<T>(&rest) else {
            break;
        };
        blamed = blamed_key(&error, &rest, &keys);
        if let Some(next) = &blamed {
            errors.push(source.key_error(next, yaml_message(&error)));
        }
    }
    Err(errors)
}

/// The top-level key of `keys` a front-matter error in `yaml` is about: the unknown key it
/// names, else the key whose value holds the place of the error.
fn blamed_key(error: &serde_yaml::Error, yaml: &str, keys: &serde_yaml::Mapping) -> Option<String> {
    let message = error.to_string();
    // Serde names a missing key only once it has read every key there is, all of them
    // fine: no key present is to blame.
    if message.starts_with("missing field `") {
        return None;
    }
    let key = if let Some(rest) = message.strip_prefix("unknown field `") {
        rest.split('`').next()?.to_owned()
    } else {
        let (line, _) = yaml_position(error, yaml);
        yaml.lines()
            .take(line)
            .filter(|text| !text.starts_with([' ', '\t', '-', '#']))
            .filter_map(|text| text.split_once(':'))
            .map(|(key, _)| key.trim().trim_matches(['"', '\'']).to_owned())
            .last()?
    };
    keys.contains_key(key.as_str()).then_some(key)
}

/// Checks and derives what the rest of a post needs from its front matter.
fn finish_post(source: Source, front: FrontMatter, config: &Config) -> Result<Post, ContentError> {
    check_shared_keys(&source, &front, config)?;
    let file_stem = file_stem(source.folder_path.rsplit('/').next().unwrap_or_default());
    let (file_stem, translation) = split_language(file_stem, config);
    let (file_date, file_slug) = split_date_prefix(file_stem);
    let date = match (&front.date, file_date) {
        (Some(date), _) => date.clone(),
        (None, Some(date)) => PostDate::from_date(date),
        (None, None) => {
            return Err(source.yaml_error(1, 1, "missing `date`: add `date: YYYY-MM-DD` to the front matter, or start the file name with the date (2025-03-04-name.md)"));
        }
    };
    let slug = post_slug(&source, &front, file_slug)?;
    let tag_slugs: Vec<String> = front.tags.iter().map(|tag| slugify(tag)).collect();
    if let Some(index) = tag_slugs.iter().position(String::is_empty) {
        return Err(source.key_error(
            "tags",
            format!(
                "tag {} (`{}`) has no letters or digits; write a word",
                index + 1,
                front.tags[index]
            ),
        ));
    }
    let url = in_language(
        translation.as_ref(),
        permalink(config.permalink.pattern(), &date, &slug),
    );
    let output_file = output_file_for(&url);
    let original_path = original_path(&source.content_path, translation.as_ref());
    Ok(Post {
        source,
        front,
        slug,
        kind: Kind::Post(date),
        url,
        output_file,
        tag_slugs,
        translation,
        original_path,
        version: 0,
    })
}

/// Checks and derives what the rest of a page needs from its front matter. Its URL mirrors
/// its place in the pages folder: `services/knee-pain.md` is `/services/knee-pain/`, and
/// `services/index.md` is `/services/`.
fn finish_page(
    source: Source,
    front: PageFrontMatter,
    config: &Config,
) -> Result<Post, ContentError> {
    let (front, fields) = front.split();
    check_shared_keys(&source, &front, config)?;
    let mut parts: Vec<&str> = source.folder_path.split('/').collect();
    let (file, translation) = split_language(file_stem(parts.pop().unwrap_or_default()), config);
    if !file.eq_ignore_ascii_case("index") {
        parts.push(file);
    }
    let mut segments: Vec<String> = parts.iter().map(|part| slugify(part)).collect();
    if let Some(slug) = &front.slug {
        let slug = slugify(slug);
        if slug.is_empty() {
            return Err(source.key_error(
                "slug",
                "the `slug` value gives an empty URL slug; set `slug:` to a few words",
            ));
        }
        match segments.last_mut() {
            Some(last) => *last = slug,
            None => segments.push(slug),
        }
    }
    if let Some(position) = segments.iter().position(String::is_empty) {
        return Err(source.key_error(
            "slug",
            format!(
                "`{}` in the page's path gives an empty URL part; rename it, or set `slug:`",
                parts.get(position).copied().unwrap_or(file)
            ),
        ));
    }
    let slug = segments.last().cloned().unwrap_or_default();
    let url = if segments.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", segments.join("/"))
    };
    let url = in_language(translation.as_ref(), url);
    let output_file = output_file_for(&url);
    let original_path = original_path(&source.content_path, translation.as_ref());
    Ok(Post {
        source,
        front,
        slug,
        kind: Kind::Page(fields),
        url,
        output_file,
        tag_slugs: Vec::new(),
        translation,
        original_path,
        version: 0,
    })
}

/// A file stem without the language of a translation (`ketamine` and `es` for `ketamine.es`),
/// when the suffix names one of the site's other languages; other stems are left whole, so a
/// site in one language keeps `notes.v2.md` as it is.
fn split_language<'a>(stem: &'a str, config: &Config) -> (&'a str, Option<Language>) {
    let Some((rest, suffix)) = stem.rsplit_once('.') else {
        return (stem, None);
    };
    let language = config
        .translation_languages()
        .iter()
        .find(|language| language.0.eq_ignore_ascii_case(suffix));
    match language {
        Some(language) if !rest.is_empty() => (rest, Some(language.clone())),
        _ => (stem, None),
    }
}

/// A site path in a language: a translation's lives under `/<code>/`.
pub fn in_language(language: Option<&Language>, site_path: String) -> String {
    match language {
        Some(language) => format!("/{}{site_path}", language.code()),
        None => site_path,
    }
}

/// The content path of a file's version in `language`: `posts/ketamine.es.md` for
/// `posts/ketamine.md`.
pub fn translated_path(content_path: &str, language: &Language) -> String {
    let (folder, name) = content_path
        .rsplit_once('/')
        .map_or(("", content_path), |(folder, name)| (folder, name));
    let stem = file_stem(name);
    let extension = &name[stem.len()..];
    let name = format!("{stem}.{}{extension}", language.0);
    if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    }
}

/// The content path of the original of a translation: the path without `.<code>` before the
/// extension.
fn original_path(content_path: &str, translation: Option<&Language>) -> String {
    let Some(language) = translation else {
        return content_path.to_owned();
    };
    let (folder, name) = content_path
        .rsplit_once('/')
        .map_or(("", content_path), |(folder, name)| (folder, name));
    let stem = file_stem(name);
    let extension = &name[stem.len()..];
    let original_stem = &stem[..stem.len() - language.0.len() - 1];
    if folder.is_empty() {
        format!("{original_stem}{extension}")
    } else {
        format!("{folder}/{original_stem}{extension}")
    }
}

/// Checks what posts and pages share: a title, alt text with an image, known people in the
/// bylines, usable aliases.
fn check_shared_keys(
    source: &Source,
    front: &FrontMatter,
    config: &Config,
) -> Result<(), ContentError> {
    if front.title.trim().is_empty() {
        return Err(source.key_error(
            "title",
            "the title is empty; write the title after `title:`",
        ));
    }
    if front.image.is_some() && front.image_alt.is_none() {
        return Err(source.key_error(
            "image",
            "`image` needs `image_alt`: describe the image for people who cannot see it (use `image_alt: \"\"` only if it is purely decorative)",
        ));
    }
    for (key, ids) in [
        ("author", &front.author),
        ("reviewed_by", &front.reviewed_by),
    ] {
        if let Some(id) = ids.0.iter().find(|id| !config.people.contains_key(*id)) {
            let hint = match crate::diagnostics::closest(id, config.people.keys().map(String::as_str)) {
                Some(known) => format!(": did you mean `{known}`?"),
                None if config.people.is_empty() => "; add the person under `people:` in salve.yaml, with an id, a name and credentials".to_owned(),
                None => format!("; known people: {}", config.people.keys().cloned().collect::<Vec<_>>().join(", ")),
            };
            return Err(source.key_error(key, format!("unknown person `{id}` in `{key}`{hint}")));
        }
    }
    for alias in &front.aliases {
        alias_output_file(alias).map_err(|message| source.key_error("aliases", message))?;
    }
    Ok(())
}

/// Whether a file name (without its extension) starts with a date, which a post without
/// `date:` takes: `2025-03-04-ketamine`.
pub fn is_dated_file_name(stem: &str) -> bool {
    split_date_prefix(stem).0.is_some()
}

/// The date at the start of a file name and the rest: `2025-03-04-name` gives the date and
/// `name` (and, as Jekyll allows, `2019-12-3-name` with one-digit months and days); other
/// names give no date.
fn split_date_prefix(stem: &str) -> (Option<jiff::civil::Date>, &str) {
    let mut parts = stem.splitn(4, '-');
    let (Some(year), Some(month), Some(day), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (None, stem);
    };
    let digits = |text: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
    };
    if rest.is_empty() || !digits(year, 4..=4) || !digits(month, 1..=2) || !digits(day, 1..=2) {
        return (None, stem);
    }
    let date = jiff::civil::Date::new(
        year.parse().unwrap_or_default(),
        month.parse().unwrap_or_default(),
        day.parse().unwrap_or_default(),
    );
    match date {
        Ok(date) => (Some(date), rest),
        Err(_) => (None, stem),
    }
}

fn post_slug(
    source: &Source,
    front: &FrontMatter,
    file_slug: &str,
) -> Result<String, ContentError> {
    let (slug, origin) = match &front.slug {
        Some(slug) => (slugify(slug), "the `slug` value"),
        None if file_slug.eq_ignore_ascii_case("index") => {
            let folder = source.folder_path.rsplit('/').nth(1).unwrap_or_default();
            (slugify(folder), "the folder name")
        }
        None => (slugify(file_slug), "the file name"),
    };
    if slug.is_empty() {
        return Err(source.key_error(
            "slug",
            format!("{origin} gives an empty URL slug; set `slug:` to a few words"),
        ));
    }
    Ok(slug)
}

/// Fills a permalink pattern for one post.
pub fn permalink(pattern: &str, date: &PostDate, slug: &str) -> String {
    let day = date.date();
    pattern
        .replace("{year}", &format!("{:04}", day.year()))
        .replace("{month}", &format!("{:02}", day.month()))
        .replace("{day}", &format!("{:02}", day.day()))
        .replace("{slug}", slug)
}

/// The file that serves a site path: `/a/b/` is `a/b/index.html`, `/a/b.html` is itself.
pub fn output_file_for(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() {
        "index.html".to_owned()
    } else if Path::new(path)
        .extension()
        .is_some_and(|ext| ext == "html" || ext == "htm")
    {
        path.to_owned()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    }
}

/// Translations whose original is not among the posts and pages read: `ketamine.es.md` with
/// no `ketamine.md` beside it (a draft original counts as there).
pub fn orphan_translations<'a>(
    posts: impl Iterator<Item = &'a Arc<Post>> + Clone,
    left_out: &HashMap<String, &'static str>,
) -> Vec<ContentError> {
    let originals: std::collections::HashSet<&str> = posts
        .clone()
        .filter(|post| post.translation.is_none())
        .map(|post| post.source.content_path.as_str())
        .collect();
    posts
        .filter(|post| post.translation.is_some())
        .filter(|post| {
            !originals.contains(post.original_path.as_str())
                && !left_out.contains_key(&post.original_path)
        })
        .map(|post| {
            ContentError::at_start(
                &post.source.display_path,
                format!(
                    "this translation has no original: there is no `{}`; add the original in the default language, or rename this file without `.{}`",
                    post.original_path,
                    post.translation.as_ref().map(|l| l.0.as_str()).unwrap_or_default()
                ),
            )
        })
        .collect()
}

/// Two posts (or two pages), or one and an alias, that would write the same file.
fn url_collisions(posts: &[Arc<Post>]) -> Vec<ContentError> {
    let mut owners: HashMap<String, &Post> = HashMap::new();
    let mut errors = Vec::new();
    for post in posts {
        if let Some(other) = owners.insert(post.output_file.clone(), post) {
            errors.push(ContentError::at_start(
                &post.source.display_path,
                format!(
                    "this {} and `{}` would both be written at {}; give one of them another `slug`",
                    post.kind_name(),
                    other.source.display_path.display(),
                    post.url
                ),
            ));
        }
    }
    for post in posts {
        for alias in &post.front.aliases {
            let Ok(file) = alias_output_file(alias) else {
                continue;
            };
            if let Some(other) = owners.insert(file, post) {
                errors.push(post.source.key_error(
                    "aliases",
                    format!(
                        "alias `{alias}` is also the address of `{}`; remove it from one of them",
                        other.source.display_path.display()
                    ),
                ));
            }
        }
    }
    errors
}

/// The redirect file for an alias such as `/post/old-name`, or why the alias is unusable. A
/// host looks a requested path up decoded, so `/post/c%C3%B3mo` is the file
/// `post/cómo/index.html`.
pub fn alias_output_file(alias: &str) -> Result<String, String> {
    let decoded = percent_encoding::percent_decode_str(alias)
        .decode_utf8()
        .map_err(|_| {
            format!(
                "alias `{alias}` has a %-escape that is no UTF-8 text; write the path as the old site's address bar showed it"
            )
        })?;
    let alias = decoded.as_ref();
    if alias.contains(['\\', '\0', '\n', '\r']) {
        return Err(format!(
            "alias `{}` holds a backslash, a line break or a NUL; write a path with `/`, like /post/old-name",
            alias.escape_debug()
        ));
    }
    if alias.contains("://") || alias.starts_with("//") {
        return Err(format!(
            "alias `{alias}` must be a path on this site, like /post/old-name"
        ));
    }
    let path = alias.split(['?', '#']).next().unwrap_or_default();
    if path.split('/').any(|part| part == ".." || part == ".")
        || path.trim_matches('/').is_empty()
        || path.trim_start_matches('/').contains("//")
    {
        return Err(format!(
            "alias `{alias}` must be a path below the site's root, like /post/old-name"
        ));
    }
    Ok(output_file_for(&format!(
        "/{}",
        path.trim_start_matches('/')
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, text: &str) -> Result<Post, ContentError> {
        parse_post(
            PathBuf::from(format!("posts/{path}")),
            path.to_owned(),
            text.as_bytes().to_vec(),
            &Config::default(),
        )
    }

    #[test]
    fn date_and_slug_come_from_the_file_name() {
        let post = post(
            "2024-05-06-Nerve Blocks.md",
            "---\ntitle: Nerve blocks\n---\n",
        )
        .unwrap();
        assert_eq!(post.date().unwrap().date().to_string(), "2024-05-06");
        assert_eq!(post.slug, "nerve-blocks");
        assert_eq!(post.url, "/posts/nerve-blocks/");
        assert_eq!(post.output_file, "posts/nerve-blocks/index.html");
    }

    #[test]
    fn a_folder_with_index_md_takes_the_folder_name() {
        let post = post("crps/index.md", "---\ntitle: CRPS\ndate: 2024-01-01\n---\n").unwrap();
        assert_eq!(post.slug, "crps");
    }

    #[test]
    fn missing_date_is_an_error_that_says_how_to_fix_it() {
        let error = post("a.md", "---\ntitle: A\n---\n").unwrap_err();
        assert!(
            error.message.starts_with("missing `date`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unknown_key_is_located_in_the_whole_file() {
        let error = post(
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntag: [pain]\n---\n",
        )
        .unwrap_err();
        assert_eq!((error.line, error.column), (4, 1));
        assert_eq!(error.message, "unknown key `tag`: did you mean `tags`?");
    }

    #[test]
    fn wrong_type_is_located() {
        let error = post(
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\nfeatured: maybe\n---\n",
        )
        .unwrap_err();
        assert_eq!(error.line, 4);
        assert!(error.message.contains("featured"), "{}", error.message);
    }

    #[test]
    fn invalid_date_is_located_at_the_value() {
        let error = post("a.md", "---\ntitle: A\ndate: 2024-13-01\n---\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 7));
        assert!(error.message.contains("is not a date"));
    }

    #[test]
    fn missing_title_is_an_error() {
        let error = post("a.md", "---\ndate: 2024-01-01\n---\n").unwrap_err();
        assert!(
            error.message.contains("missing `title`: add `title: ...`"),
            "{}",
            error.message
        );
    }

    /// Regression: a missing title was reported once per key of the front matter, each time
    /// at another key, since the search for more errors blamed the keys present one by one.
    #[test]
    fn a_missing_title_is_reported_once() {
        let errors = parse_reporting_all(
            Collection::Posts,
            PathBuf::from("posts/a.md"),
            "a.md".to_owned(),
            b"---\ndate: 2024-01-01\nauthor:\n- drkim\ntags: [a]\n---\n".to_vec(),
            &Config::default(),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("missing `title`"), "{errors:?}");
    }

    #[test]
    fn yaml_syntax_error_is_located() {
        let error = post(
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntags: [a, b\n---\n",
        )
        .unwrap_err();
        assert!(error.line >= 4, "{error}");
    }

    #[test]
    fn image_needs_alt_text() {
        let error = post(
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\nimage: a.jpg\n---\n",
        )
        .unwrap_err();
        assert_eq!(error.line, 4);
        assert!(error.message.contains("image_alt"));
    }

    #[test]
    fn permalink_patterns_use_the_post_date() {
        let date = PostDate::parse("2024-03-09").unwrap();
        assert_eq!(
            permalink("/{year}/{month}/{day}/{slug}/", &date, "x"),
            "/2024/03/09/x/"
        );
        assert_eq!(output_file_for("/a/b.html"), "a/b.html");
    }

    fn bilingual() -> Config {
        Config {
            languages: vec![Language("en".to_owned()), Language("es".to_owned())],
            ..Config::default()
        }
    }

    /// Guards file naming of translations: the language before the extension makes a
    /// translation under `/es/`, sharing its original's path; a folder post's `index.es.md`
    /// takes the folder's name; on a site in one language the same name is an ordinary post.
    #[test]
    fn a_language_before_the_extension_makes_a_translation() {
        let text = b"---\ntitle: Rodilla\ndate: 2025-01-01\n---\nTexto.\n".to_vec();
        let parse = |path: &str, config: &Config| {
            parse_post(
                PathBuf::from(format!("posts/{path}")),
                path.to_owned(),
                text.clone(),
                config,
            )
            .expect("a valid post")
        };
        let spanish = parse("knee.es.md", &bilingual());
        assert_eq!(spanish.url, "/es/posts/knee/");
        assert_eq!(spanish.output_file, "es/posts/knee/index.html");
        assert_eq!(spanish.original_path, "posts/knee.md");
        assert_eq!(
            spanish.translation.as_ref().map(|l| l.0.as_str()),
            Some("es")
        );
        let folder = parse("knee/index.es.md", &bilingual());
        assert_eq!(folder.url, "/es/posts/knee/");
        assert_eq!(folder.original_path, "posts/knee/index.md");
        let dated = parse("2025-01-01-knee.ES.md", &bilingual());
        assert_eq!(dated.url, "/es/posts/knee/");
        let alone = parse("knee.es.md", &Config::default());
        assert_eq!(
            (alone.url.as_str(), alone.translation.is_none()),
            ("/posts/knee-es/", true)
        );
        assert_eq!(
            translated_path("posts/knee/index.md", &Language("es".to_owned())),
            "posts/knee/index.es.md"
        );
        assert_eq!(
            translated_path("a.markdown", &Language("es".to_owned())),
            "a.es.markdown"
        );
    }

    #[test]
    fn aliases_must_stay_on_the_site() {
        assert_eq!(
            alias_output_file("/post/old").unwrap(),
            "post/old/index.html"
        );
        assert!(alias_output_file("https://x.org/a").is_err());
        assert!(alias_output_file("/../etc").is_err());
    }

    /// Regression: an imported Wix or WordPress address with %-escapes (`/post/c%C3%B3mo`)
    /// got its redirect page in a folder named with the escapes, which hosts never serve, as
    /// they look the path up decoded. Escapes cannot smuggle a `..` or a NUL in either.
    #[test]
    fn an_escaped_alias_is_written_where_hosts_look_it_up() {
        assert_eq!(
            alias_output_file("/post/c%C3%B3mo-tratar").unwrap(),
            "post/cómo-tratar/index.html"
        );
        assert!(alias_output_file("/%2e%2e/etc").is_err());
        assert!(alias_output_file("/a%00b").is_err());
        assert!(alias_output_file("/caf%E9").is_err());
    }
}
