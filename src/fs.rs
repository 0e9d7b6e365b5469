//! Every file-system access of salve goes through here, so that each failure names its path.

use std::io::{ErrorKind, Read, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context as _, Result};

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Reads a whole file, with its modification time and length taken from the open file: one
/// look at the file's metadata, where a stamp by path and then a read would take two.
pub fn read_stamped(path: &Path) -> Result<(Vec<u8>, (SystemTime, u64))> {
    let failed = || format!("failed to read `{}`", path.display());
    let mut file = std::fs::File::open(path).with_context(failed)?;
    let stamp = source_stamp(&file.metadata().with_context(failed)?);
    let bytes = read_to_end_expecting(&mut file, stamp.1).with_context(failed)?;
    Ok((bytes, stamp))
}

/// Reads the rest of `file`, which had `expected` bytes when it was looked at: one read for
/// them and one that finds the end. `Read::read_to_end` would first ask the system for the
/// file's length and position again, and read large files in several steps.
fn read_to_end_expecting(file: &mut std::fs::File, expected: u64) -> std::io::Result<Vec<u8>> {
    // One byte of room more than expected, so that the read which finds the end has a place to
    // put a byte if the file has grown since.
    let mut bytes = vec![0; usize::try_from(expected).unwrap_or_default() + 1];
    let mut filled = 0;
    loop {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(read) => {
                filled += read;
                if filled == bytes.len() {
                    bytes.resize(filled * 2, 0);
                }
            }
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// A source file's stamp: modification time (the epoch where the file system keeps none) and
/// length. A file with the same stamp as before is taken to be unchanged.
pub fn source_stamp(metadata: &std::fs::Metadata) -> (SystemTime, u64) {
    let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    (modified, metadata.len())
}

/// Reads a whole file as bytes; `None` when it does not exist.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("failed to read `{}`", path.display())),
    }
}

/// Reads a whole file as UTF-8 text; `None` when it does not exist.
pub fn read_optional_text(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("failed to read `{}`", path.display())),
    }
}

/// A file's length and modification time, which change when it is saved; `None` when it is not
/// a readable file (callers treat that as "changed").
pub fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let metadata = std::fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?;
    metadata.is_file().then_some((metadata.len(), modified))
}

/// True when `path` is an existing file whose bytes equal `contents`, so rewriting it can be
/// skipped (keeping its modification time, which deploy tools and browsers rely on).
pub fn has_contents(path: &Path, contents: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == contents.len() as u64 => {
            std::fs::read(path).is_ok_and(|existing| existing == contents)
        }
        _ => false,
    }
}

/// True when two files have the same bytes.
pub fn same_file_contents(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) if ma.is_file() && mb.is_file() && ma.len() == mb.len() => {
            matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// Writes `contents` to `path` through a temporary file in the same folder and a rename, so
/// that a reader (or an interrupted build) never sees a half-written file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    create_dir_all(parent)?;
    let temporary = temporary_sibling(path);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(contents)?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.with_context(|| format!("failed to write `{}`", path.display()))
}

/// Copies a file to a new path (its folder made if needed), refusing to replace a file.
/// Returns the new file's length and modification time.
pub fn copy_new(from: &Path, to: &Path) -> Result<(u64, SystemTime)> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    copy_new_in_folder(from, to)
}

/// [`copy_new`] into a folder known to exist: no look at the folder first.
pub fn copy_new_in_folder(from: &Path, to: &Path) -> Result<(u64, SystemTime)> {
    let copy = || -> std::io::Result<(u64, SystemTime)> {
        let mut source = std::fs::File::open(from)?;
        let mut target = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(to)?;
        std::io::copy(&mut source, &mut target)?;
        file_stamp(&target)
    };
    copy().with_context(|| format!("failed to copy `{}` to `{}`", from.display(), to.display()))
}

/// Renames a file, replacing what `to` held.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("failed to create folder `{}`", path.display()))
}

/// Removes one file; a file that is already gone is not an error.
pub fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != ErrorKind::NotFound => {
            Err(error).with_context(|| format!("failed to remove `{}`", path.display()))
        }
        _ => Ok(()),
    }
}

/// Removes a folder only if it is empty; returns whether it did.
pub fn remove_empty_dir(path: &Path) -> bool {
    std::fs::remove_dir(path).is_ok()
}

/// Writes a new file, refusing to replace one that exists. Returns its length and
/// modification time, read from the open file (cheaper than looking the path up again).
pub fn write_new(path: &Path, contents: &[u8]) -> Result<(u64, SystemTime)> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    write_new_in_folder(path, contents)
}

/// [`write_new`] into a folder known to exist: no look at the folder first.
pub fn write_new_in_folder(path: &Path, contents: &[u8]) -> Result<(u64, SystemTime)> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| match path.try_exists() {
            Ok(true) => format!(
                "`{}` already exists; salve will not overwrite it",
                path.display()
            ),
            _ => format!("failed to create `{}`", path.display()),
        })?;
    file.write_all(contents)
        .and_then(|()| file_stamp(&file))
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// The length and modification time of an open file.
fn file_stamp(file: &std::fs::File) -> std::io::Result<(u64, SystemTime)> {
    let metadata = file.metadata()?;
    Ok((metadata.len(), metadata.modified()?))
}

/// The absolute, symlink-free form of `path`, which need not exist yet: the longest existing
/// ancestor is canonicalized and the rest appended, and `..` in the rest goes up a level, as
/// creating the folders would (`nope/..` is the folder that holds `nope`). Used to compare
/// folders safely.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    let mut current = std::path::absolute(path)
        .with_context(|| format!("failed to resolve `{}`", path.display()))?;
    // Each round removes at least one `..`, and what it goes up to may be a symlink to resolve.
    loop {
        let resolved = canonical_prefix(&current);
        let normal = lexically_normal(&resolved);
        if normal == resolved {
            return Ok(resolved);
        }
        current = normal;
    }
}

/// `path` with its longest existing ancestor canonicalized and the rest appended as it is.
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut result = canonical;
            for part in rest.iter().rev() {
                result.push(part);
            }
            return result;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            // `file_name` is `None` for a path ending in `..`: keep it for the next round.
            (Some(parent), None) if existing.ends_with("..") => {
                rest.push("..".into());
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// `path` without `.` components and with each `..` taking away the component before it.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn temporary_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.salve-tmp"))
}

/// salve's cache folder, outside every site: `$XDG_CACHE_HOME/salve`, else `~/.cache/salve`;
/// `None` when neither variable is set.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("salve"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that changed length after it was looked at is still read whole.
    #[test]
    fn a_file_is_read_whole_whatever_length_was_expected() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let path = folder.path().join("post.md");
        let text: Vec<u8> = (0..20_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).expect("written");
        for expected in [0, 1, 7, 19_999, 20_000, 20_001, 100_000] {
            let mut file = std::fs::File::open(&path).expect("opened");
            let bytes = read_to_end_expecting(&mut file, expected).expect("read");
            assert_eq!(bytes, text, "expected {expected} bytes");
        }
        let (bytes, (_, length)) = read_stamped(&path).expect("read");
        assert_eq!((bytes.len(), length), (20_000, 20_000));
    }

    /// Guards against writing into the site's root through `nope/..`: a `..` after a folder
    /// that does not exist used to stay in the path, which then compared as a folder of its own.
    #[test]
    fn dot_dot_after_a_missing_folder_goes_up_a_level() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let root = folder.path().canonicalize().expect("canonical");
        std::fs::create_dir(root.join("site")).expect("created");
        let site = root.join("site");
        assert_eq!(absolute(&site.join("nope/..")).expect("resolved"), site);
        assert_eq!(absolute(&site.join("nope/../..")).expect("resolved"), root);
        assert_eq!(
            absolute(&site.join("a/./b/../c")).expect("resolved"),
            site.join("a/c")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&root, site.join("up")).expect("linked");
            assert_eq!(
                absolute(&site.join("nope/../up/x")).expect("resolved"),
                root.join("x")
            );
        }
    }
}
