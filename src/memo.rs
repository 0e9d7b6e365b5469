//! What `salve serve` keeps from one build to the next, so that a save redoes only the work its
//! change affects. Each stage that can skip work owns a cache of its results
//! ([`PostCache`] for the posts read, [`BodyCache`] for rendered Markdown, [`PageCache`] for
//! template values and pages), each result stored with a *key*: a fingerprint of everything it
//! was computed from. A stage reuses a result only when the key it computes now is the same;
//! anything else recomputes. The memo holds the three caches together and answers for them to
//! the file watcher.
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

use std::path::{Path, PathBuf};

pub use crate::content::PostCache;
pub use crate::render::PageCache;
pub use crate::site::BodyCache;

/// The results kept between builds, one cache per stage.
#[derive(Debug)]
pub struct Memo {
    /// Parsed post files.
    pub posts: PostCache,
    /// Parsed files of the pages folder.
    pub page_files: PostCache,
    /// Rendered Markdown bodies.
    pub bodies: BodyCache,
    /// Post template values, page heads and rendered pages, one cache per language (the
    /// default first): pages of two languages share their kinds and numbers.
    pub pages: Vec<PageCache>,
    enabled: bool,
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

impl Memo {
    /// A memo that keeps results between builds.
    pub fn new() -> Self {
        Self::keeping(true)
    }

    /// A memo that keeps nothing: each build computes everything, once.
    pub fn disabled() -> Self {
        Self::keeping(false)
    }

    fn keeping(enabled: bool) -> Self {
        Self {
            posts: PostCache::new(enabled),
            page_files: PostCache::new(enabled),
            bodies: BodyCache::new(enabled),
            pages: Vec::new(),
            enabled,
        }
    }

    /// Whether the memo keeps what builds make.
    pub fn keeps(&self) -> bool {
        self.enabled
    }

    /// What the last build did, as each stage counted it.
    pub fn work(&self) -> Work {
        Work {
            posts_read: self.posts.read + self.page_files.read,
            bodies_rendered: self.bodies.rendered,
            pages_rendered: self.pages.iter().map(|cache| cache.rendered).sum(),
            pages: self.pages.iter().map(|cache| cache.pages).sum(),
        }
    }

    /// Forgets what was read from these files, whatever their modification times say (two
    /// saves within the file system's clock tick keep both). A file added or removed under the
    /// posts or pages folder makes the next build walk it again. Another file there (an image)
    /// forgets the bodies that link to it, since bodies check the files they link to. Hidden
    /// files (an editor's swap file) are ignored, as builds ignore them.
    pub fn forget_files(&mut self, paths: &[PathBuf], posts_dir: &Path, pages_dir: &Path) {
        for path in paths {
            let (cache, inside) = match (path.strip_prefix(posts_dir), path.strip_prefix(pages_dir))
            {
                // The deeper folder owns the file, when one folder holds the other.
                (Ok(in_posts), Ok(in_pages))
                    if in_pages.iter().count() < in_posts.iter().count() =>
                {
                    (&mut self.page_files, in_pages)
                }
                (Ok(inside), _) => (&mut self.posts, inside),
                (_, Ok(inside)) => (&mut self.page_files, inside),
                _ => continue,
            };
            if inside
                .components()
                .any(|part| crate::content::is_hidden(part.as_os_str()))
            {
                continue;
            }
            let is_post = crate::content::is_post_file(path);
            let known = cache.forget(path);
            if !path.is_file() || (is_post && !known) {
                cache.rescan();
            }
            if !is_post {
                self.bodies.forget_linking(path);
            }
        }
    }

    /// Forgets which files the posts and pages folders hold, after the watcher lost track of
    /// changes.
    pub fn rescan(&mut self) {
        self.posts.rescan();
        self.page_files.rescan();
    }
}

impl Default for Memo {
    fn default() -> Self {
        Self::new()
    }
}
