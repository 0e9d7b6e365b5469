//! Themes: the templates and static files a site is drawn with. The default theme, `clinic`,
//! is embedded in the binary (and is also `themes/clinic` in salve's repository); a site may
//! bring its own under `themes/<name>/`, and override single templates in `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use tera::Tera;

use crate::config::Config;
use crate::diagnostics::ContentError;
use crate::files::FileSource;
use crate::fingerprint::fingerprint;

pub mod extensions;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// The name of the theme built into salve.
pub const DEFAULT_THEME: &str = "clinic";

/// The template of the site's pages, unless a page names another.
pub const PAGE_TEMPLATE: &str = "page.html";

/// The templates every theme must have, one per kind of page.
pub const REQUIRED_TEMPLATES: [&str; 6] = [
    "index.html",
    "post.html",
    "tags.html",
    "tag.html",
    "archive.html",
    "404.html",
];

/// The templates a theme needs for what the configuration turns on, with the setting that
/// does: the search page, the directory of people, the list of locations.
fn configured_templates(config: &Config) -> impl Iterator<Item = (&'static str, &'static str)> {
    [
        (
            config.search,
            "search.html",
            " (or set `search: false` in salve.yaml)",
        ),
        (
            !config.people.is_empty(),
            "people.html",
            " (the directory of `people`)",
        ),
        (
            !config.locations().is_empty(),
            "locations.html",
            " (the list of `clinic.locations`)",
        ),
    ]
    .into_iter()
    .filter(|(needed, _, _)| *needed)
    .map(|(_, name, hint)| (name, hint))
}

/// A loaded theme: compiled templates and the static files to copy.
#[derive(Debug)]
pub struct Theme {
    /// The compiled templates, with salve's filters registered.
    pub tera: Tera,
    /// Static files by output path (theme first, then the site's `static/` on top).
    pub static_files: BTreeMap<String, FileSource>,
    /// Where each template came from, for error messages.
    pub template_paths: BTreeMap<String, PathBuf>,
    /// A fingerprint of every template's name and text: pages rendered with a theme of the
    /// same fingerprint come out the same.
    pub fingerprint: u64,
    /// Whether a template calls the `image` function, so that the static files' images are
    /// resized for it.
    pub calls_image: bool,
}

impl Theme {
    /// Loads the configured theme and the site's overrides. Template syntax errors and missing
    /// templates come back as content errors, all of them.
    pub fn load(root: &Path, config: &Config) -> crate::diagnostics::Result<Self> {
        let theme_dir = root.join("themes").join(&config.theme);
        let mut templates = Templates::new();
        let mut static_files = BTreeMap::new();
        if theme_dir.is_dir() {
            read_templates(&theme_dir.join("templates"), root, &mut templates)?;
            read_static(&theme_dir.join("static"), root, &mut static_files)?;
        } else if config.theme == DEFAULT_THEME {
            for (path, bytes) in embedded::FILES {
                let display =
                    PathBuf::from(format!("themes/{DEFAULT_THEME}/{path} (built into salve)"));
                if let Some(name) = path.strip_prefix("templates/") {
                    templates.insert(
                        name.to_owned(),
                        (display, String::from_utf8_lossy(bytes).into_owned()),
                    );
                } else if let Some(name) = path.strip_prefix("static/") {
                    static_files.insert(name.to_owned(), FileSource::Embedded(bytes));
                }
            }
        } else {
            return Err(vec![unknown_theme(root, config)].into());
        }
        // The site's own files come last, so that they replace the theme's of the same name.
        read_templates(&root.join(&config.templates_dir), root, &mut templates)?;
        read_static(&root.join(&config.static_dir), root, &mut static_files)?;
        let fingerprint = fingerprint(&templates);
        let calls_image = templates
            .values()
            .any(|(_, text)| extensions::calls_image_function(text));
        let (tera, template_paths) = compile(templates, config)?;
        Ok(Self {
            tera,
            static_files,
            template_paths,
            fingerprint,
            calls_image,
        })
    }

    /// A fingerprint of the templates and of the static files (those on disk by length and
    /// modification time): a site built with a theme of the same inputs key comes out the same.
    pub fn inputs_key(&self) -> u64 {
        let files: Vec<(&String, Option<(u64, std::time::SystemTime)>)> = self
            .static_files
            .iter()
            .map(|(path, source)| {
                let stamp = match source {
                    FileSource::Embedded(_) => None,
                    FileSource::Disk(file) => crate::fs::stamp(file),
                };
                (path, stamp)
            })
            .collect();
        fingerprint(&(self.fingerprint, files))
    }

    /// Turns a Tera error into a content error pointing into the template file.
    pub fn error(&self, error: &tera::Error, page: &str) -> ContentError {
        template_error(error, &self.template_paths, Some(page))
    }
}

/// Template text by name, with the file it came from.
type Templates = BTreeMap<String, (PathBuf, String)>;

fn read_templates(dir: &Path, root: &Path, templates: &mut Templates) -> Result<()> {
    read_tree(dir, root, &mut |name, path, display| {
        templates.insert(
            name,
            (
                display,
                crate::fs::read_optional_text(&path)?.unwrap_or_default(),
            ),
        );
        Ok(())
    })
}

fn read_static(dir: &Path, root: &Path, files: &mut BTreeMap<String, FileSource>) -> Result<()> {
    read_tree(dir, root, &mut |name, path, _| {
        files.insert(name, FileSource::Disk(path));
        Ok(())
    })
}

fn compile(
    templates: Templates,
    config: &Config,
) -> Result<(Tera, BTreeMap<String, PathBuf>), Vec<ContentError>> {
    let template_paths: BTreeMap<String, PathBuf> = templates
        .iter()
        .map(|(name, (path, _))| (name.clone(), path.clone()))
        .collect();
    let mut errors: Vec<ContentError> = REQUIRED_TEMPLATES
        .iter()
        .map(|name| (*name, ""))
        .chain(configured_templates(config))
        .filter(|(name, _)| !templates.contains_key(*name))
        .map(|(name, hint)| {
            ContentError::at_start(
                format!("themes/{}/templates", config.theme),
                format!("the theme `{}` has no `{name}` template; add one to `{}/` or to the theme{hint}", config.theme, config.templates_dir.display()),
            )
        })
        .collect();
    let mut tera = Tera::new();
    register_extensions(&mut tera);
    // Each template is parsed on its own first, so that every syntax error is reported, not
    // only the first one Tera meets; references between templates are checked together after.
    for (name, (_, text)) in &templates {
        if let Err(error) = Tera::new().add_raw_template(name, text)
            && matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
        {
            errors.push(template_error(&error, &template_paths, None));
        }
    }
    if errors.is_empty()
        && let Err(error) =
            tera.add_raw_templates(templates.iter().map(|(name, (_, text))| (name, text)))
    {
        errors.extend(template_errors(&error, &template_paths));
    }
    if errors.is_empty() {
        Ok((tera, template_paths))
    } else {
        Err(errors)
    }
}

/// The filters and functions salve adds to Tera's own.
fn register_extensions(tera: &mut Tera) {
    tera.register_filter("date", extensions::CachedDate::default());
    tera.register_filter("safe", extensions::Safe);
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_function(extensions::NAME, extensions::CachedInclude::nested());
    // Each build registers the words of the language it renders; these are for compiling.
    tera.register_function(crate::i18n::FUNCTION, crate::i18n::Translate::english());
    tera.register_function(
        extensions::IMAGE_FUNCTION,
        extensions::StaticImages::new(BTreeMap::new()),
    );
}

/// Tera reports unknown filters, functions and included templates as one message holding a
/// report per problem; each becomes its own located error.
fn template_errors(error: &tera::Error, paths: &BTreeMap<String, PathBuf>) -> Vec<ContentError> {
    let tera::ErrorKind::Msg(text) = error.kind() else {
        return vec![template_error(error, paths, None)];
    };
    let mut errors = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            message = Some(rest);
        } else if let (Some(found), Some(location)) =
            (message, line.trim_start().strip_prefix("--> "))
        {
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(1);
            let line_number = parts.next().and_then(|l| l.parse().ok()).unwrap_or(1);
            let name = parts.next().unwrap_or_default();
            let path = paths
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            errors.push(ContentError::new(
                path,
                line_number,
                column,
                found.to_owned(),
            ));
            message = None;
        }
    }
    if errors.is_empty() {
        errors.push(template_error(error, paths, None));
    }
    errors
}

/// A Tera error as a content error at its place in the template's file (`paths` maps template
/// names to files); `page` names the page being rendered, if any.
pub(crate) fn template_error(
    error: &tera::Error,
    paths: &BTreeMap<String, PathBuf>,
    page: Option<&str>,
) -> ContentError {
    let path_of = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let suffix = page
        .map(|page| format!(" (while rendering {page})"))
        .unwrap_or_default();
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            ContentError::new(
                path_of(report.filename()),
                span.start_line,
                span.start_col + 1,
                format!("{}{suffix}", report.message()),
            )
        }
        tera::ErrorKind::MissingParent { current, parent } => ContentError::at_start(
            path_of(current),
            format!("extends `{parent}`, which is not a template of this theme{suffix}"),
        ),
        tera::ErrorKind::TemplateNotFound(name) => ContentError::at_start(
            path_of(name),
            format!("the template `{name}` does not exist{suffix}"),
        ),
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message = format!("{message}: {cause}");
                source = cause.source();
            }
            ContentError::at_start(
                paths
                    .keys()
                    .next()
                    .map_or_else(|| PathBuf::from("templates"), |name| path_of(name)),
                format!("{message}{suffix}"),
            )
        }
    }
}

fn unknown_theme(root: &Path, config: &Config) -> ContentError {
    let mut available = vec![DEFAULT_THEME.to_owned()];
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        available.extend(
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    available.sort();
    available.dedup();
    let hint = crate::diagnostics::closest(&config.theme, available.iter().map(String::as_str))
        .map_or_else(String::new, |s| format!(" Did you mean `{s}`?"));
    ContentError::at_start(
        crate::config::CONFIG_FILE,
        format!(
            "unknown theme `{}`: there is no folder `themes/{}`.{hint} Available: {}",
            config.theme,
            config.theme,
            available.join(", ")
        ),
    )
}

/// Calls `visit(name, path, display_path)` for every file under `dir` (if it exists), where
/// `name` is the `/`-separated path inside `dir`. Hidden files are skipped.
fn read_tree(
    dir: &Path,
    root: &Path,
    visit: &mut dyn FnMut(String, PathBuf, PathBuf) -> Result<()>,
) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry =
            entry.with_context(|| format!("failed to read the folder `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let display = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        visit(name, entry.into_path(), display)?;
    }
    Ok(())
}
