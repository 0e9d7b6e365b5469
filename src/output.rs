//! Writing the built site. Everything is rendered in memory before this stage runs, so a
//! build with errors never gets here and the previous output stays as it was. salve never
//! deletes what it did not write: it keeps a manifest of its files in the output folder,
//! refuses a folder holding anything else, and refuses folders that hold the site's sources.
//! Unchanged files are not rewritten; files of an earlier build that are no longer produced
//! are removed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use rayon::prelude::*;

use crate::config::Config;
use crate::render::{Contents, Output};
use crate::theme::FileSource;

/// The file in the output folder that lists what salve wrote there.
pub const MANIFEST: &str = ".salve-manifest";

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: usize,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files of an earlier build that are gone now.
    pub removed: usize,
}

/// Refuses an output folder that is, contains or lies inside one of the site's source folders,
/// or that is the home folder or one of its parents.
pub fn check_location(root: &Path, config: &Config, output_dir: &Path) -> Result<()> {
    let output = crate::fs::absolute(output_dir)?;
    let root = crate::fs::absolute(root)?;
    let sources = [
        (root.clone(), "the site's root folder"),
        (
            crate::fs::absolute(&root.join(&config.posts_dir))?,
            "the posts folder",
        ),
        (
            crate::fs::absolute(&root.join(&config.static_dir))?,
            "the static folder",
        ),
        (
            crate::fs::absolute(&root.join(&config.templates_dir))?,
            "the templates folder",
        ),
        (
            crate::fs::absolute(&root.join("themes"))?,
            "the themes folder",
        ),
    ];
    for (source, what) in &sources {
        if source.starts_with(&output) {
            bail!(
                "refusing to write the site into `{}`: it is {what} or contains it, and salve never risks deleting sources; set `output_dir` in salve.yaml or --output to a folder of its own, such as `public`",
                output_dir.display()
            );
        }
        if output.starts_with(source) && source != &root {
            bail!(
                "refusing to write the site into `{}`: it is inside {what}; choose a folder of its own, such as `public`",
                output_dir.display()
            );
        }
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|home| crate::fs::absolute(&home).ok());
    if home.is_some_and(|home| home.starts_with(&output)) {
        bail!(
            "refusing to write the site into `{}`: it is your home folder or contains it; choose a folder of its own, such as `public`",
            output_dir.display()
        );
    }
    Ok(())
}

/// Writes the outputs into `output_dir`, which must be missing, empty, or hold only files an
/// earlier salve build wrote.
pub fn write(output_dir: &Path, outputs: &[Output]) -> Result<WriteReport> {
    for output in outputs {
        if !is_safe_relative(&output.path) {
            bail!(
                "internal error: refusing to write outside the output folder: `{}`",
                output.path
            );
        }
    }
    let previous = previous_files(output_dir)?;
    let results: Vec<Result<bool>> = outputs
        .par_iter()
        .map(|output| write_one(output_dir, output))
        .collect();
    let mut report = WriteReport::default();
    for result in results {
        if result? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }
    let current: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    for stale in previous
        .iter()
        .filter(|path| !current.contains(path.as_str()))
    {
        let file = output_dir.join(stale);
        crate::fs::remove_file(&file)?;
        report.removed += 1;
        remove_empty_parents(output_dir, &file);
    }
    let mut listing: Vec<&str> = current.into_iter().collect();
    listing.sort_unstable();
    let mut manifest = listing.join("\n");
    manifest.push('\n');
    crate::fs::write_atomic(&output_dir.join(MANIFEST), manifest.as_bytes())?;
    Ok(report)
}

/// The files an earlier build wrote, after checking that the folder holds nothing else.
fn previous_files(output_dir: &Path) -> Result<Vec<String>> {
    if !output_dir.exists() {
        return Ok(Vec::new());
    }
    if !output_dir.is_dir() {
        bail!(
            "the output path `{}` is a file, not a folder; remove it or choose another output folder",
            output_dir.display()
        );
    }
    let manifest = crate::fs::read_optional_text(&output_dir.join(MANIFEST))?.unwrap_or_default();
    let listed: Vec<String> = manifest
        .lines()
        .filter(|line| is_safe_relative(line))
        .map(str::to_owned)
        .collect();
    let known: HashSet<&str> = listed.iter().map(String::as_str).collect();
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output_dir)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|error| {
            anyhow::anyhow!(
                "failed to read the output folder `{}`: {error}",
                output_dir.display()
            )
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(output_dir)
            .unwrap_or(entry.path());
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name == MANIFEST || known.contains(name.as_str()) {
            continue;
        }
        if is_leftover_temporary(entry.path()) {
            crate::fs::remove_file(entry.path())?;
            continue;
        }
        foreign.push(name);
    }
    if !foreign.is_empty() {
        let shown: Vec<String> = foreign
            .iter()
            .take(8)
            .map(|name| format!("  {name}"))
            .collect();
        let more = if foreign.len() > 8 {
            format!("\n  … and {} more", foreign.len() - 8)
        } else {
            String::new()
        };
        bail!(
            "the output folder `{}` holds files salve did not write, and salve never deletes what it did not write:\n{}{more}\n\
             Move them away (files you want published belong in `static/`), or choose another output folder with --output.",
            output_dir.display(),
            shown.join("\n")
        );
    }
    Ok(listed)
}

/// Writes one output unless the file already has these bytes; returns whether it wrote.
fn write_one(output_dir: &Path, output: &Output) -> Result<bool> {
    let target = output_dir.join(&output.path);
    match &output.contents {
        Contents::Bytes(bytes) => write_bytes(&target, bytes),
        Contents::File(FileSource::Embedded(bytes)) => write_bytes(&target, bytes),
        Contents::File(FileSource::Disk(source)) => {
            if crate::fs::same_file_contents(source, &target) {
                return Ok(false);
            }
            crate::fs::copy_atomic(source, &target)?;
            Ok(true)
        }
    }
}

fn write_bytes(target: &Path, bytes: &[u8]) -> Result<bool> {
    if crate::fs::has_contents(target, bytes) {
        return Ok(false);
    }
    crate::fs::write_atomic(target, bytes)?;
    Ok(true)
}

/// Folders left empty by removed files go too, up to (not including) the output folder.
fn remove_empty_parents(output_dir: &Path, file: &Path) {
    let mut folder = file.parent();
    while let Some(dir) = folder {
        if dir == output_dir || !dir.starts_with(output_dir) || !crate::fs::remove_empty_dir(dir) {
            break;
        }
        folder = dir.parent();
    }
}

fn is_leftover_temporary(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| name.starts_with('.') && name.ends_with(".salve-tmp"))
}

/// A `/`-separated relative path that stays inside its folder.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Output {
        Output {
            path: path.to_owned(),
            contents: Contents::Bytes(text.as_bytes().to_vec().into()),
        }
    }

    #[test]
    fn writes_then_skips_unchanged_then_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write(
            &out,
            &[page("index.html", "a"), page("old/index.html", "b")],
        )
        .unwrap();
        assert_eq!(
            first,
            WriteReport {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let second = write(&out, &[page("index.html", "a")]).unwrap();
        assert_eq!(
            second,
            WriteReport {
                written: 0,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(
            !out.join("old").exists(),
            "empty folders of removed files go too"
        );
    }

    #[test]
    fn refuses_a_folder_with_foreign_files_and_deletes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "mine").unwrap();
        let error = write(&out, &[page("index.html", "a")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("precious.txt"), "{error}");
        assert_eq!(
            std::fs::read_to_string(out.join("precious.txt")).unwrap(),
            "mine"
        );
        assert!(!out.join("index.html").exists());
    }

    #[test]
    fn refuses_a_file_added_after_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[page("index.html", "a")]).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(write(&out, &[page("index.html", "b")]).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
    }

    #[test]
    fn refuses_source_folders_and_their_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("posts")).unwrap();
        let config = Config::default();
        for bad in [
            root.clone(),
            root.join("posts"),
            root.join("static"),
            root.join("templates"),
            root.join("themes"),
            dir.path().to_path_buf(),
            root.join("posts/out"),
        ] {
            assert!(
                check_location(&root, &config, &bad).is_err(),
                "{} should be refused",
                bad.display()
            );
        }
        assert!(check_location(&root, &config, &root.join("public")).is_ok());
        assert!(check_location(&root, &config, &dir.path().join("elsewhere")).is_ok());
    }

    #[test]
    fn manifest_entries_cannot_escape_the_output_folder() {
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a/../../b"));
        assert!(is_safe_relative("posts/a/index.html"));
    }
}
