//! Where Jekyll and Hugo keep a site's posts, pages, images and settings, and the addresses
//! they gave each post (so that the old addresses can redirect to the new ones).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde_yaml::{Mapping, Value};

use crate::content::Collection;
use crate::slug::slugify;

/// The generators `salve import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// A Jekyll site: `_config.yml`, `_posts/`, `_drafts/`, pages at the top.
    Jekyll,
    /// A Hugo site: `hugo.toml` (or `config.*`), `content/`, `static/`.
    Hugo,
    /// A Wix blog's RSS feed, saved as a file.
    Wix,
    /// A WordPress export (WXR), saved as a file.
    WordPress,
}

/// One Markdown (or HTML) file of the old site.
#[derive(Debug)]
pub struct Document {
    /// The file.
    pub path: PathBuf,
    /// Post or page.
    pub collection: Collection,
    /// Where it goes in the salve site, relative to its folder (`2015-03-17-knee.md`,
    /// `knee/index.md`, `about.md`).
    pub target: String,
    /// Files beside it (a Hugo page bundle's images), copied next to it.
    pub bundle: Vec<PathBuf>,
    /// A Jekyll draft: imported with `draft: true`.
    pub draft: bool,
    /// Why it is a draft when the old site had it among its posts, for the report.
    pub unpublished: Option<&'static str>,
    /// The Hugo section it is in (`posts`), for the old address.
    pub section: String,
}

impl Document {
    /// The file's name without its extension (`2015-03-17-knee`, `index`).
    pub fn stem(&self) -> String {
        self.path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The folder of a bundle (`knee` for `knee/index.md`); `None` for a file of its own.
    pub fn bundle_folder(&self) -> Option<String> {
        (self.stem() == "index").then(|| {
            self.path
                .parent()
                .and_then(Path::file_name)
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }

    /// Where it goes in the salve site, relative to the site (`posts/knee.md`).
    pub fn site_target(&self, config: &crate::config::Config) -> String {
        let folder = self.collection.folder(config);
        format!("{}/{}", folder.to_string_lossy(), self.target)
    }
}

/// The old site's settings salve carries over.
#[derive(Debug, Default)]
pub struct Settings {
    /// The site's title.
    pub title: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Where it was published.
    pub base_url: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// Its languages when it has translations, the default first (Hugo's `languages`, ordered
    /// by `weight`, `defaultContentLanguage` first); empty for a site in one language.
    pub languages: Vec<String>,
    /// The address pattern of posts (Jekyll's `permalink`, Hugo's `permalinks` of the section).
    pub permalink: Option<String>,
    /// The folders of images and other files served as they are.
    pub static_dirs: Vec<PathBuf>,
}

/// Reads the settings and lists the documents of a site folder.
pub fn read(generator: Generator, from: &Path) -> Result<(Settings, Vec<Document>)> {
    if !from.is_dir() {
        bail!(
            "`{}` is not a folder; give the old site's folder",
            from.display()
        );
    }
    match generator {
        Generator::Jekyll => jekyll(from),
        Generator::Hugo => hugo(from),
        Generator::Wix | Generator::WordPress => {
            bail!(
                "a Wix or WordPress blog is imported from a file (its feed, its export), not a folder"
            )
        }
    }
}

fn jekyll(from: &Path) -> Result<(Settings, Vec<Document>)> {
    let config = read_config(&from.join("_config.yml"))?.unwrap_or_default();
    let field = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_owned);
    let base_url = field("url").map(|url| {
        let base = field("baseurl").unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
    });
    let settings = Settings {
        title: field("title"),
        description: field("description"),
        base_url,
        language: field("lang"),
        languages: Vec::new(),
        permalink: field("permalink"),
        static_dirs: ["assets", "images", "img", "uploads", "files"]
            .iter()
            .map(|dir| from.join(dir))
            .filter(|dir| dir.is_dir())
            .collect(),
    };
    let mut documents = Vec::new();
    for (folder, draft) in [("_posts", false), ("_drafts", true)] {
        for path in markdown_files(&from.join(folder))? {
            let target = file_name(&path);
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            // Jekyll publishes a file of `_posts/` only when its name starts with a date.
            let unpublished = (!draft && !crate::content::is_dated_file_name(&stem)).then_some(
                "Jekyll did not publish it, as its name does not start with a date (2019-03-04-name.md); imported as a draft",
            );
            documents.push(Document {
                path,
                collection: Collection::Posts,
                target,
                bundle: Vec::new(),
                draft: draft || unpublished.is_some(),
                unpublished,
                section: String::new(),
            });
        }
    }
    if documents.is_empty() {
        bail!(
            "`{}` has no `_posts/` with posts; is it a Jekyll site?",
            from.display()
        );
    }
    for entry in read_dir(from)? {
        let skip = ["index", "404", "readme", "changelog", "license"];
        let stem = entry
            .file_stem()
            .map(|stem| stem.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if entry.is_file() && is_markdown(&entry) && !skip.contains(&stem.as_str()) {
            documents.push(Document {
                target: file_name(&entry),
                path: entry,
                collection: Collection::Pages,
                bundle: Vec::new(),
                draft: false,
                unpublished: None,
                section: String::new(),
            });
        }
    }
    Ok((settings, documents))
}

fn hugo(from: &Path) -> Result<(Settings, Vec<Document>)> {
    let config = hugo_config(from)?;
    let field = |key: &str| {
        config
            .get(key)
            .or_else(|| config.get(key.to_lowercase()))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let params = config.get("params").and_then(Value::as_mapping);
    let content = from.join("content");
    if !content.is_dir() {
        bail!(
            "`{}` has no `content/` folder; is it a Hugo site?",
            from.display()
        );
    }
    let mut documents = Vec::new();
    let mut sections = Vec::new();
    for path in markdown_files(&content)? {
        let relative = path.strip_prefix(&content).unwrap_or(&path);
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = parts.last().cloned().unwrap_or_default();
        if name.starts_with("_index.") {
            continue;
        }
        let section = if parts.len() > 1 {
            parts[0].clone()
        } else {
            String::new()
        };
        let is_post = matches!(
            section.as_str(),
            "posts" | "post" | "blog" | "articles" | "news"
        );
        let inside = parts[usize::from(is_post)..].join("/");
        let bundle_dir = path.parent().filter(|_| name.starts_with("index."));
        let bundle = match bundle_dir {
            Some(dir) => read_dir(dir)?
                .into_iter()
                .filter(|file| file.is_file() && !is_markdown(file))
                .collect(),
            None => Vec::new(),
        };
        if is_post && !sections.contains(&section) {
            sections.push(section.clone());
        }
        documents.push(Document {
            path: path.clone(),
            collection: if is_post {
                Collection::Posts
            } else {
                Collection::Pages
            },
            target: inside,
            bundle,
            draft: false,
            unpublished: None,
            section,
        });
    }
    let permalink = config
        .get("permalinks")
        .and_then(Value::as_mapping)
        .and_then(|patterns| {
            sections
                .iter()
                .find_map(|section| patterns.get(section.as_str()))
        })
        .and_then(Value::as_str)
        .map(str::to_owned);
    let settings = Settings {
        title: field("title"),
        description: params
            .and_then(|params| params.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        base_url: field("baseURL"),
        language: field("languageCode").or_else(|| field("defaultContentLanguage")),
        languages: hugo_languages(&config, field("defaultContentLanguage")),
        permalink,
        static_dirs: [from.join("static")]
            .into_iter()
            .filter(|dir| dir.is_dir())
            .collect(),
    };
    Ok((settings, documents))
}

/// The languages of a Hugo site with translations: the keys of its `languages` table, by
/// `weight`, its `defaultContentLanguage` (`en` unless set) first. Translations then sit beside
/// their originals as `name.es.md`, as salve reads them; empty with one language.
fn hugo_languages(config: &Mapping, default: Option<String>) -> Vec<String> {
    let Some(table) = config.get("languages").and_then(Value::as_mapping) else {
        return Vec::new();
    };
    let mut languages: Vec<(i64, String)> = table
        .iter()
        .filter_map(|(code, settings)| {
            let weight = settings.get("weight").and_then(Value::as_i64).unwrap_or(0);
            Some((weight, code.as_str()?.to_lowercase().replace('_', "-")))
        })
        .collect();
    languages.sort();
    let default = default.map_or_else(|| "en".to_owned(), |code| code.to_lowercase());
    let mut codes: Vec<String> = vec![default.clone()];
    codes.extend(
        languages
            .into_iter()
            .map(|(_, code)| code)
            .filter(|code| *code != default),
    );
    if codes.len() < 2 { Vec::new() } else { codes }
}

/// A Hugo site's configuration (the first of its usual file names), as YAML.
fn hugo_config(from: &Path) -> Result<Mapping> {
    let names = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "config.toml",
        "config.yaml",
        "config.yml",
    ];
    for name in names {
        if let Some(config) = read_config(&from.join(name))? {
            return Ok(config);
        }
    }
    Ok(Mapping::new())
}

/// A configuration file as YAML (TOML converted), or `None` when there is none.
fn read_config(path: &Path) -> Result<Option<Mapping>> {
    let Some(text) = crate::fs::read_optional_text(path)? else {
        return Ok(None);
    };
    let is_toml = path
        .extension()
        .is_some_and(|extension| extension == "toml");
    let value: Value = if is_toml {
        let table: toml::Table = toml::from_str(&text)
            .with_context(|| format!("`{}` is not valid TOML", path.display()))?;
        super::toml_to_yaml(toml::Value::Table(table))
    } else {
        serde_yaml::from_str(&text)
            .with_context(|| format!("`{}` is not valid YAML", path.display()))?
    };
    Ok(value.as_mapping().cloned())
}

/// Every Markdown or HTML file under a folder, in path order (none when it does not exist).
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
        if entry.file_type().is_file() && is_markdown(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read `{}`", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

fn is_markdown(path: &Path) -> bool {
    crate::content::is_post_file(path)
        || path
            .extension()
            .is_some_and(|extension| extension == "html" || extension == "htm")
            && path
                .parent()
                .is_some_and(|parent| parent.ends_with("_posts"))
}

/// A file's name as a Markdown file: `.markdown` and `.html` posts become `.md`.
fn file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{stem}.md")
}

/// What an old address is made from.
pub struct Addressed<'a> {
    /// The file's name without extension (`2015-03-17-knee-pain`, `index`).
    pub stem: &'a str,
    /// The folder of a bundle (`knee-pain` for `knee-pain/index.md`).
    pub folder: Option<&'a str>,
    /// The date, `YYYY-MM-DD...`.
    pub date: Option<&'a str>,
    /// The title.
    pub title: &'a str,
    /// The front matter's `slug`.
    pub slug: Option<&'a str>,
    /// Tags and categories (Jekyll's `:categories`).
    pub categories: &'a [String],
    /// The Hugo section.
    pub section: &'a str,
}

/// The address the old generator gave a post or page, as a site path.
pub fn old_url(
    generator: Generator,
    settings: &Settings,
    doc: &Addressed,
    collection: Collection,
) -> String {
    let (date_part, name) = split_date(doc.stem);
    let date = doc.date.or(date_part).unwrap_or("1970-01-01");
    let (year, month, day) = (
        date.get(0..4).unwrap_or("1970"),
        date.get(5..7).unwrap_or("01"),
        date.get(8..10).unwrap_or("01"),
    );
    let name = doc.folder.unwrap_or(name);
    match (generator, collection) {
        (Generator::Jekyll, Collection::Pages) => format!("/{name}.html"),
        (Generator::Wix | Generator::WordPress, _) => format!("/post/{}", slugify(name)),
        (Generator::Hugo, Collection::Pages) => format!("/{}/", slugify(name)),
        (Generator::Jekyll, Collection::Posts) => {
            let pattern = match settings.permalink.as_deref() {
                None | Some("date") => "/:categories/:year/:month/:day/:title:output_ext",
                Some("pretty") => "/:categories/:year/:month/:day/:title/",
                Some("ordinal") => "/:categories/:year/:y_day/:title:output_ext",
                Some("none") => "/:categories/:title:output_ext",
                Some(custom) => custom,
            };
            let categories: Vec<String> = doc.categories.iter().map(|c| slugify(c)).collect();
            let path = pattern
                .replace(":categories", &categories.join("/"))
                .replace(":year", year)
                .replace(":month", month)
                .replace(":day", day)
                .replace(":title", &slugify(name))
                .replace(":slug", &doc.slug.map_or_else(|| slugify(name), slugify))
                .replace(":output_ext", ".html");
            squeeze_slashes(&path)
        }
        (Generator::Hugo, Collection::Posts) => {
            let slug = doc.slug.map_or_else(|| slugify(name), slugify);
            let pattern = settings.permalink.as_deref().unwrap_or("/:section/:slug/");
            let path = pattern
                .replace(":section", doc.section)
                .replace(":year", year)
                .replace(":month", month)
                .replace(":day", day)
                .replace(":slug", &slug)
                .replace(":filename", &slugify(name))
                .replace(":contentbasename", &slugify(name))
                .replace(":title", &slugify(doc.title));
            squeeze_slashes(&path)
        }
    }
}

/// `2015-03-17-knee` gives the date and the name.
fn split_date(stem: &str) -> (Option<&str>, &str) {
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && bytes[4] == b'-'
        && bytes[10] == b'-'
        && stem[..4].bytes().all(|b| b.is_ascii_digit());
    if dated {
        (Some(&stem[..10]), &stem[11..])
    } else {
        (None, stem)
    }
}

fn squeeze_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for c in format!("/{path}").chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(stem: &'a str, categories: &'a [String]) -> Addressed<'a> {
        Addressed {
            stem,
            folder: None,
            date: None,
            title: "Knee Pain!",
            slug: None,
            categories,
            section: "posts",
        }
    }

    #[test]
    fn old_addresses_follow_each_generators_patterns() {
        let none: Vec<String> = Vec::new();
        let health = vec!["Health".to_owned()];
        let mut settings = Settings::default();
        let jekyll = |settings: &Settings, doc: &Addressed| {
            old_url(Generator::Jekyll, settings, doc, Collection::Posts)
        };
        assert_eq!(
            jekyll(&settings, &post("2015-03-17-knee-pain", &health)),
            "/health/2015/03/17/knee-pain.html"
        );
        assert_eq!(
            jekyll(&settings, &post("2015-03-17-knee-pain", &none)),
            "/2015/03/17/knee-pain.html"
        );
        settings.permalink = Some("pretty".to_owned());
        assert_eq!(
            jekyll(&settings, &post("2015-03-17-knee-pain", &none)),
            "/2015/03/17/knee-pain/"
        );
        settings.permalink = Some("/blog/:title/".to_owned());
        assert_eq!(
            jekyll(&settings, &post("2015-03-17-knee-pain", &none)),
            "/blog/knee-pain/"
        );
        let hugo = Settings::default();
        let doc = post("knee-pain", &none);
        assert_eq!(
            old_url(Generator::Hugo, &hugo, &doc, Collection::Posts),
            "/posts/knee-pain/"
        );
        let dated = Settings {
            permalink: Some("/:year/:month/:title/".to_owned()),
            ..Settings::default()
        };
        let doc = Addressed {
            date: Some("2021-06-02T10:00:00Z"),
            ..post("knee-pain", &none)
        };
        assert_eq!(
            old_url(Generator::Hugo, &dated, &doc, Collection::Posts),
            "/2021/06/knee-pain/"
        );
        assert_eq!(
            old_url(
                Generator::Jekyll,
                &hugo,
                &post("about", &none),
                Collection::Pages
            ),
            "/about.html"
        );
    }
}
