//! The files of a built site, as every stage that makes or writes them sees them: an
//! [`Output`] is a path in the output folder and its bytes (rendered, or copied from a
//! [`FileSource`]); a [`Sink`] is where rendered files go.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::ContentError;

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    /// Compiled into salve.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path inside the output folder, `/`-separated, e.g. `posts/a/index.html`.
    pub path: String,
    /// What to write there.
    pub contents: Contents,
}

impl Output {
    /// The output with rendered bytes copied to a buffer of their exact size.
    #[must_use]
    pub fn compacted(self) -> Self {
        let contents = match self.contents {
            Contents::Bytes(bytes) => Contents::Bytes(bytes::Bytes::copy_from_slice(&bytes)),
            file @ Contents::File(_) => file,
        };
        Self {
            path: self.path,
            contents,
        }
    }
}

/// The bytes of an output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Rendered in memory (shared, so that keeping a page costs no copy).
    Bytes(bytes::Bytes),
    /// Copied from the theme, the static folder or beside a post.
    File(FileSource),
}

/// Where rendered pages and feeds go: kept in memory ([`InMemory`], for `salve serve` and
/// `salve check`), or staged in the output folder as they come (the output module's `Staging`, for
/// `salve build`, so that a build holds no more than a few pages at a time).
pub trait Sink: Sync {
    /// What the list of pages keeps of each.
    type Item: Send;

    /// Whether the sink keeps pages in memory, so that they are worth compacting first.
    const KEEPS_PAGES: bool;

    /// The page at `path` if the sink already holds it as rendered under `key`: such a page is
    /// not rendered again.
    fn held(&self, path: &str, key: u64) -> Option<Self::Item>;

    /// Takes a rendered page or feed, with the key it was rendered under.
    fn take(&self, output: Output, key: u64) -> anyhow::Result<Self::Item>;
}

/// A sink that keeps every page in memory.
#[derive(Debug, Clone, Copy)]
pub struct InMemory;

impl Sink for InMemory {
    type Item = Output;
    const KEEPS_PAGES: bool = true;

    fn held(&self, _path: &str, _key: u64) -> Option<Output> {
        None
    }

    fn take(&self, output: Output, _key: u64) -> anyhow::Result<Output> {
        Ok(output)
    }
}

/// Two different things written to the same file (a post whose URL is `/tags/`, a static file
/// named like a page): an error, since one would silently replace the other. Takes each path
/// with the contents of files that are not rendered pages.
pub fn duplicate_outputs<'a>(
    paths: impl Iterator<Item = (&'a str, Option<&'a Contents>)>,
) -> Vec<ContentError> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, contents) in paths {
        let count = seen.entry(path).or_default();
        *count += 1;
        if *count == 2 {
            let origin = match contents {
                Some(Contents::File(FileSource::Disk(source))) => source.display().to_string(),
                _ => "a generated page".to_owned(),
            };
            errors.push(ContentError::at_start(origin, format!("`{path}` is written twice in the output (by a page and by a file, or by two pages); rename one of them")));
        }
    }
    errors
}
