//! The files of a built site, as every stage that makes or writes them sees them: an
//! [`Output`] is a path in the output folder and its bytes (rendered, or copied from a
//! [`FileSource`]); a [`Sink`] is where rendered files go.

use std::collections::HashMap;
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

/// A sink that keeps nothing: pages are rendered only for the errors they meet.
#[derive(Debug, Clone, Copy)]
pub struct Discard;

impl Sink for Discard {
    type Item = ();
    const KEEPS_PAGES: bool = false;

    fn held(&self, _path: &str, _key: u64) -> Option<()> {
        None
    }

    fn take(&self, _output: Output, _key: u64) -> anyhow::Result<()> {
        Ok(())
    }
}

/// What writes an output file, for the error when two write the same one.
#[derive(Debug, Clone)]
pub struct Writer {
    /// Said in the message: "the post `posts/a.md`", "the tags page".
    pub what: String,
    /// Where the error points when this writer is to blame, if it comes from a file.
    pub place: Option<ContentError>,
}

impl Writer {
    /// A page salve generates (the tags page, a feed): it has no place of its own.
    pub fn generated(what: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            place: None,
        }
    }

    /// A file copied as it is: the file is the place.
    pub fn file(contents: &Contents, path: &str) -> Self {
        match contents {
            Contents::File(FileSource::Disk(source)) => Self {
                what: format!("the file `{}`", source.display()),
                place: Some(ContentError::at_start(source, "")),
            },
            _ => Self::generated(format!("the theme's `{path}`")),
        }
    }
}

/// Two different things written to the same file (a post whose URL is `/tags/`, a static file
/// named like a page, an alias that is also a page), or a file where another output needs a
/// folder: an error naming both, placed at the one that comes from a file (the later one when
/// both do), since one would silently replace the other. Each output comes with a cheap id
/// that `describe` turns into its [`Writer`], only when it collides.
pub fn duplicate_outputs<'a, T: Copy>(
    outputs: impl Iterator<Item = (&'a str, T)>,
    describe: impl Fn(T) -> Writer,
    fallback: &str,
) -> Vec<ContentError> {
    let mut seen: HashMap<&str, T> = HashMap::new();
    let mut errors = Vec::new();
    let mut blame = |first: T, second: T, message: &dyn Fn(&Writer, &Writer) -> String| {
        let (first, second) = (describe(first), describe(second));
        let place = second
            .place
            .clone()
            .or_else(|| first.place.clone())
            .unwrap_or_else(|| ContentError::at_start(fallback, ""));
        errors.push(ContentError {
            message: message(&first, &second),
            ..place
        });
    };
    for (path, id) in outputs {
        match seen.get(path) {
            Some(&first) => blame(first, id, &|first, second| {
                format!(
                    "`{path}` would be written twice in the output, by {} and by {}; rename or remove one of them",
                    first.what, second.what
                )
            }),
            None => {
                seen.insert(path, id);
            }
        }
    }
    // A file where another output needs a folder (`about` and `about/index.html`).
    let mut paths: Vec<(&str, T)> = seen.iter().map(|(path, id)| (*path, *id)).collect();
    paths.sort_unstable_by_key(|(path, _)| *path);
    for &(path, id) in &paths {
        for (end, _) in path.match_indices('/') {
            let folder = &path[..end];
            if let Some(&file) = seen.get(folder) {
                blame(file, id, &|file, needs| {
                    format!(
                        "`{folder}` would be a file, written by {}, but {} needs a folder of that name for `{path}`; rename or remove one of them",
                        file.what, needs.what
                    )
                });
            }
        }
    }
    errors
}
