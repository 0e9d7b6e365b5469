//! What `salve serve` keeps from one build to the next, so that a save redoes only the work its
//! change affects. Every stage that can skip work gets a table of results, each stored with a
//! *key*: a fingerprint of everything the result was computed from. A stage looks the result
//! up and reuses it only when the key it computes now is the same; anything else recomputes.
//!
//! The keys are built from small fingerprints rather than from whole inputs: a post read from
//! disk gets a [`Post::version`](crate::content::Post::version), a fingerprint of its file,
//! and the later stages key on versions and on fingerprints of the site-wide values
//! (configuration, theme, tag list), so checking a key costs the same whatever the post's
//! length. Keys depend only on inputs, never on the order of work, so they hold from one run
//! to the next: `salve build` records the keys of its pages in the output folder's manifest and
//! keeps pages whose key has not changed (see [`crate::output`]).
//!
//! A one-shot `salve build` uses a [`Memo::disabled`] memo: the same code runs, nothing is kept.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use serde::Serialize;
use tera::Value;
use xxhash_rust::xxh3::Xxh3Default;

use crate::diagnostics::ContentError;
use crate::markdown::RenderedMarkdown;
use crate::render::{Output, PostHead};

/// The results kept between builds.
#[derive(Debug, Default)]
pub struct Memo {
    enabled: bool,
    /// Parsed post files, by path on disk (in the order a walk of the posts folder meets them).
    pub(crate) posts: BTreeMap<PathBuf, ReadPost>,
    /// The posts folder whose files `posts` lists, while the watcher has reported no file added
    /// or removed there: the next build need not walk the folder nor look at the files it was
    /// not told about.
    pub(crate) listed: Option<PathBuf>,
    /// Rendered Markdown bodies, by the post's posts-relative path.
    pub(crate) markdown: Table<Arc<RenderedBody>>,
    /// Post template values and page heads, by posts-relative path.
    pub(crate) values: Table<(Value, Arc<PostHead>)>,
    /// Rendered pages and feeds, by the page's name.
    pub(crate) files: Table<Output>,
    /// What the last build did.
    pub(crate) work: Work,
}

/// What a build did and what it reused, for the terminal and for tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Post files read and parsed.
    pub posts_read: usize,
    /// Post bodies rendered from Markdown.
    pub bodies_rendered: usize,
    /// Pages and feeds rendered.
    pub pages_rendered: usize,
    /// Pages and feeds in the site.
    pub pages: usize,
}

/// A post file as last read: when it was modified, and what it parsed to.
#[derive(Debug, Clone)]
pub(crate) struct ReadPost {
    /// The file's modification time and length when it was read; `None` once the watcher
    /// reported a change, so that it is read again whatever they say.
    pub stamp: Option<(SystemTime, u64)>,
    /// The fingerprint of the configuration it was parsed with.
    pub config: u64,
    /// The parsed post, or the error that stopped it.
    pub parsed: Result<Arc<crate::content::Post>, ContentError>,
}

/// A rendered body with the problems found while rendering it.
#[derive(Debug)]
pub(crate) struct RenderedBody {
    pub markdown: Arc<RenderedMarkdown>,
    pub errors: Vec<ContentError>,
}

impl Memo {
    /// A memo that keeps results between builds.
    pub fn new() -> Self {
        Self {
            enabled: true,
            ..Self::default()
        }
    }

    /// A memo that keeps nothing: each build computes everything, once.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Whether results are kept.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// What the last build did.
    pub fn work(&self) -> Work {
        self.work
    }

    /// Forgets what was read from these files, whatever their modification times say (two
    /// saves within the file system's clock tick keep both). A file added or removed under the
    /// posts folder makes the next build walk it again. Another file there (an image) forgets
    /// the bodies that link to it, since bodies check the files they link to. Hidden files
    /// (an editor's swap file) are ignored, as builds ignore them.
    pub fn forget_files(&mut self, paths: &[PathBuf], posts_dir: &Path) {
        for path in paths {
            let Ok(inside) = path.strip_prefix(posts_dir) else {
                continue;
            };
            if inside
                .components()
                .any(|part| crate::content::is_hidden(part.as_os_str()))
            {
                continue;
            }
            let is_post = path
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("md"));
            let known = self.posts.get_mut(path).map(|read| read.stamp = None);
            if !path.is_file() || (is_post && known.is_none()) {
                self.listed = None;
            }
            if !is_post {
                self.markdown.retain(|body| {
                    body.errors.is_empty()
                        && !body
                            .markdown
                            .assets
                            .iter()
                            .any(|asset| asset.source == *path)
                });
            }
        }
    }

    /// Forgets which files the posts folder holds, after the watcher lost track of changes.
    pub fn rescan(&mut self) {
        self.listed = None;
    }
}

/// Results by name, each with the key it was computed under.
#[derive(Debug)]
pub(crate) struct Table<V> {
    entries: HashMap<String, (u64, V)>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
        }
    }
}

impl<V: Clone> Table<V> {
    /// The result stored under `name`, if it was computed under the same key.
    pub fn get(&self, name: &str, key: u64) -> Option<V> {
        self.entries
            .get(name)
            .filter(|(stored, _)| *stored == key)
            .map(|(_, value)| value.clone())
    }

    /// Keeps only the results that pass `keep`.
    pub fn retain(&mut self, mut keep: impl FnMut(&V) -> bool) {
        self.entries.retain(|_, (_, value)| keep(value));
    }

    /// Replaces the table with this build's results, so that entries no build uses any more
    /// (a deleted post, a page that is gone) do not pile up.
    pub fn replace(&mut self, enabled: bool, entries: impl IntoIterator<Item = (String, u64, V)>) {
        self.entries = if enabled {
            entries
                .into_iter()
                .map(|(name, key, value)| (name, (key, value)))
                .collect()
        } else {
            HashMap::new()
        };
    }
}

/// A fingerprint of a value: XXH3, which keeps its value from one run (and one Rust release)
/// to the next, as the manifest's page keys need, and hashes a post's text many times faster
/// than the standard library's SipHash.
pub fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = Xxh3Default::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint of a value through its serialised form, for values that are not `Hash` (a
/// template value, the configuration).
pub fn fingerprint_serialized(value: &impl Serialize) -> u64 {
    let mut writer = HashWriter(Xxh3Default::new());
    // Serialising into a hasher cannot fail on I/O; a value that cannot be serialised gets a
    // key never seen before, which only costs a recomputation.
    if serde_json::to_writer(&mut writer, value).is_err() {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        return fingerprint(&("unserialisable", UNIQUE.fetch_add(1, Ordering::Relaxed)));
    }
    writer.0.finish()
}

/// A fingerprint of a value through its `Debug` form, for values that are neither `Hash` nor
/// `Serialize` (the configuration). Sound because the form shows every field, and maps in it
/// are ordered.
pub fn fingerprint_debug(value: &impl std::fmt::Debug) -> u64 {
    fingerprint(&format!("{value:?}"))
}

struct HashWriter(Xxh3Default);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
