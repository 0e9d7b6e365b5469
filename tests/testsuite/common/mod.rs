//! Helpers shared by the end-to-end tests: temporary sites, running the `salve` binary, and
//! reading built pages as parsed HTML.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
    /// salve's cache folder for this site's runs (resized images, video posters): its own,
    /// so that no test reads what another left behind, but for copies of the demo and the
    /// examples.
    cache: PathBuf,
    /// The cache folder's owner, which removes it, when it is the site's own.
    _own_cache: Option<tempfile::TempDir>,
}

impl TestSite {
    /// A site made of the given files (path relative to the site root, contents).
    pub fn new(files: &[(&str, &str)]) -> Self {
        let own_cache = tempfile::tempdir().expect("temporary folder");
        let site = Self {
            dir: tempfile::tempdir().expect("temporary folder"),
            cache: own_cache.path().to_path_buf(),
            _own_cache: Some(own_cache),
        };
        for (path, contents) in files {
            site.write(path, contents);
        }
        site
    }

    /// A copy of a site folder (the demo at the repository root, or an example): the files
    /// and folders a site is made of, nothing else. Copies share one cache folder (under
    /// cargo's temporary folder for tests), so that the demo's images are resized once for
    /// all the tests that build it: the cache is keyed by the images' bytes.
    pub fn copy_of(source: &Path) -> Self {
        let site = Self {
            dir: tempfile::tempdir().expect("temporary folder"),
            cache: Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-cache"),
            _own_cache: None,
        };
        for part in [
            "salve.yaml",
            "posts",
            "pages",
            "static",
            "templates",
            "themes",
            "i18n",
        ] {
            let from = source.join(part);
            if from.is_dir() {
                copy_tree(&from, &site.root().join(part));
            } else if from.is_file() {
                std::fs::copy(&from, site.root().join(part)).expect("copy");
            }
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The folder the site's runs use as `XDG_CACHE_HOME`.
    pub fn cache(&self) -> &Path {
        &self.cache
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        std::fs::write(path, contents).expect("write fixture file");
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    /// Runs `salve <args>` in the site's folder.
    pub fn salve(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_salve"))
            .args(args)
            .current_dir(self.root())
            .env("XDG_CACHE_HOME", self.cache())
            .output()
            .expect("run salve");
        Run(output)
    }

    /// Builds and asserts success.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.salve(&all).success()
    }

    /// A built page, parsed.
    /// Every HTML page of the output folder, by its path there, sorted.
    pub fn html_pages(&self) -> Vec<String> {
        let root = self.path("public");
        let mut pages: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .expect("inside the output folder")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        pages.sort();
        pages
    }

    pub fn page(&self, relative: &str) -> Page {
        Page(Html::parse_document(
            &self.read(&format!("public/{relative}")),
        ))
    }
}

/// Asserts that `output` (what a run printed) contains `expected`, showing it whole if not.
#[track_caller]
pub fn assert_reports(output: &str, expected: &str) {
    assert!(
        output.contains(expected),
        "expected `{expected}` in:\n{output}"
    );
}

/// The outcome of one run of the binary.
pub struct Run(pub Output);

impl Run {
    pub fn success(self) -> Self {
        assert!(
            self.0.status.success(),
            "salve failed:\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn failure(self, code: i32) -> Self {
        assert_eq!(
            self.0.status.code(),
            Some(code),
            "expected exit code {code}:\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
}

/// A parsed HTML page.
pub struct Page(pub Html);

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.select(css).len()
    }

    /// Texts of the matching elements, white space folded.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, css: &str) -> String {
        let texts = self.texts(css);
        assert!(!texts.is_empty(), "nothing matches {css}");
        texts.join(" | ")
    }

    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .filter_map(|e| e.value().attr(attr))
            .map(str::to_owned)
            .collect()
    }

    pub fn attr(&self, css: &str, attr: &str) -> String {
        self.attrs(css, attr)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {attr} on {css}"))
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The repository's root folder, which is also the demo site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every internal link and asset of every HTML page under `output`, checked against the files
/// there: returns the ones that lead nowhere, as `page -> target`. `base_path` is the site's
/// path prefix (`/` or `/blog/`).
pub fn broken_links(output: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(output) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page_path = entry
            .path()
            .strip_prefix(output)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let html = Html::parse_document(&std::fs::read_to_string(entry.path()).expect("read page"));
        let selector =
            Selector::parse("a[href], link[href], img[src], script[src]").expect("selector");
        for element in html.select(&selector) {
            let target = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap_or_default();
            if let Some(problem) = check_link(output, base_path, &page_path, target, &html) {
                broken.push(format!("{page_path} -> {target}: {problem}"));
            }
        }
    }
    broken
}

fn check_link(
    output: &Path,
    base_path: &str,
    page_path: &str,
    target: &str,
    page: &Html,
) -> Option<String> {
    if target.contains("://") || target.starts_with("mailto:") || target.starts_with("tel:") {
        return None;
    }
    let (path, fragment) = target
        .split_once('#')
        .map_or((target, None), |(p, f)| (p, Some(f)));
    let file = if path.is_empty() {
        output.join(page_path)
    } else if let Some(site_path) = path.strip_prefix('/') {
        let Some(inside) = format!("/{site_path}")
            .strip_prefix(base_path)
            .map(str::to_owned)
        else {
            return Some(format!("not under the base path {base_path}"));
        };
        output.join(inside)
    } else {
        let folder = Path::new(page_path).parent().unwrap_or(Path::new(""));
        output.join(folder).join(path)
    };
    let file = if file.is_dir() || path.ends_with('/') {
        file.join("index.html")
    } else {
        file
    };
    if !file.is_file() {
        return Some(format!("no file {}", file.display()));
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let target_page = if path.is_empty() {
        page.clone()
    } else {
        Html::parse_document(&std::fs::read_to_string(&file).ok()?)
    };
    let selector = Selector::parse(&format!("[id=\"{fragment}\"]")).ok()?;
    if target_page.select(&selector).next().is_none() {
        Some(format!("no id {fragment}"))
    } else {
        None
    }
}
pub mod http;
pub mod images;

/// Every file under `dir`, by `/`-separated relative path, with its bytes and modification
/// time: two equal snapshots mean nothing was written, removed or touched.
pub fn snapshot(
    dir: &Path,
) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).expect("inside");
            let name = relative.to_string_lossy().replace('\\', "/");
            let modified = entry
                .metadata()
                .expect("metadata")
                .modified()
                .expect("mtime");
            (name, (std::fs::read(entry.path()).expect("read"), modified))
        })
        .collect()
}
