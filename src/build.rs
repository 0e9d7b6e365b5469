//! The orchestrator: runs the pipeline stages in order. `render_site` stops before writing,
//! so that other commands can share every stage up to the list of outputs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::config::{BaseUrl, Config};
use crate::content::{self, Selection};
use crate::diagnostics::ContentErrors;
use crate::memo::Memo;
use crate::output::{self, WriteReport};
use crate::render::{self, Output};
use crate::site::Site;
use crate::theme::Theme;

/// What `salve build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Include posts dated in the future.
    pub future: bool,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
}

/// A site rendered in memory.
#[derive(Debug)]
pub struct RenderedSite {
    /// The site: configuration, posts, tags, people.
    pub site: Site,
    /// Every file of the site.
    pub outputs: Vec<Output>,
}

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Published posts.
    pub posts: usize,
    /// HTML pages written or kept.
    pub pages: usize,
    /// Tags.
    pub tags: usize,
    /// Files written, unchanged and removed.
    pub files: WriteReport,
    /// The output folder.
    pub output_dir: PathBuf,
    /// Wall time.
    pub elapsed: Duration,
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let config = load_config(&options.root, options.base_url.as_deref())?;
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    output::check_location(&options.root, &config, &output_dir)?;
    let site = render_site(
        &options.root,
        config,
        selection(options.drafts, options.future),
        &mut Memo::disabled(),
    )?;
    let files = output::write(&output_dir, &site.outputs)?;
    Ok(BuildReport {
        posts: site.site.posts.len(),
        pages: site
            .outputs
            .iter()
            .filter(|o| Path::new(&o.path).extension().is_some_and(|e| e == "html"))
            .count(),
        tags: site.site.tags.len(),
        files,
        output_dir,
        elapsed: started.elapsed(),
    })
}

/// Which posts to include, as of now.
pub fn selection(drafts: bool, future: bool) -> Selection {
    Selection {
        drafts,
        future,
        now: jiff::Timestamp::now(),
    }
}

/// Reads `salve.yaml` and applies a `--base-url` override.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config> {
    if !root.is_dir() {
        anyhow::bail!(
            "the site folder `{}` does not exist; pass --root with the folder that holds salve.yaml and posts/",
            root.display()
        );
    }
    let mut config = Config::load(root)?.map_err(|error| ContentErrors::new(vec![error]))?;
    if let Some(url) = base_url {
        config.base_url = Some(
            BaseUrl::parse(url)
                .map_err(anyhow::Error::msg)
                .context("invalid --base-url")?,
        );
    }
    Ok(config)
}

/// Runs every stage up to the list of outputs: posts, Markdown, site, theme, pages, search.
/// Work the memo holds from an earlier build of the same site is reused.
pub fn render_site(
    root: &Path,
    config: Config,
    selection: Selection,
    memo: &mut Memo,
) -> Result<RenderedSite> {
    let mut rendered = render_pages(root, config, selection, memo)?;
    let index = crate::search::outputs(&rendered.site, &rendered.outputs)?;
    rendered.outputs.extend(index);
    Ok(rendered)
}

/// Every stage but the search index, which `salve serve` builds after the tabs have reloaded.
pub fn render_pages(
    root: &Path,
    config: Config,
    selection: Selection,
    memo: &mut Memo,
) -> Result<RenderedSite> {
    let posts_dir = root.join(&config.posts_dir);
    let loaded = content::load(root, &config, selection, memo)?;
    let theme = Theme::load(root, &config)?;
    let (site, mut errors) = Site::build(config, loaded, &posts_dir, memo);
    let theme = match theme {
        Ok(theme) => Some(theme),
        Err(theme_errors) => {
            errors.extend(theme_errors);
            None
        }
    };
    let (Some(theme), true) = (theme, errors.is_empty()) else {
        return Err(ContentErrors::new(errors).into());
    };
    let outputs = render::render(&site, &theme, memo).map_err(ContentErrors::new)?;
    Ok(RenderedSite { site, outputs })
}
