//! The orchestrator: runs the pipeline stages in order. `salve build` streams its pages into
//! the output folder; `render_site` keeps them in memory instead, so that other commands can
//! share every stage up to the list of outputs.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::config::{BaseUrl, Config};
use crate::content::{self, Collection, Loaded, Selection};
use crate::diagnostics::{ContentError, Error, Result};
use crate::feeds::{self, Feed};
use crate::files::{Discard, InMemory, Output, Sink, Writer, duplicate_outputs};
use crate::fingerprint::{fingerprint, fingerprint_debug};
use crate::images::Encode;
use crate::memo::{Memo, PageCache};
use crate::output::{self, Placed, Staging, WriteReport};
use crate::pages::{self, Page};
use crate::render::{self, TemplateValues};
use crate::site::Site;
use crate::theme::{PAGE_TEMPLATE, Theme};
use crate::video::{self, Fetch, PosterSources, Video};
use crate::{assets, privacy, search, sitemap};

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
    /// The process exits right after the build, so what the build made is left for the system
    /// to take back with the rest of the process instead of being freed.
    pub exits_after: bool,
}

/// A site rendered in memory.
#[derive(Debug)]
pub struct RenderedSite {
    /// The site of each language, with its pages, the default language first (one for a
    /// site in one language).
    pub languages: Vec<LanguageSite>,
    /// Every file of the site.
    pub outputs: Vec<Output>,
}

impl RenderedSite {
    /// The site of the default language.
    pub fn site(&self) -> &Site {
        &self.languages[0].site
    }
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
    /// Of the unchanged files, those kept without rendering them: the earlier build made
    /// them from the same inputs.
    pub kept: usize,
    /// The output folder.
    pub output_dir: PathBuf,
    /// Wall time.
    pub elapsed: Duration,
    /// What the reader of the summary should know that is no error (a video poster that
    /// could not be fetched).
    pub notes: Vec<String>,
}

/// Builds the site into its output folder. Pages are staged as they are rendered and put in
/// place once everything succeeded; pages the earlier build made under the same keys are kept
/// without rendering, and when nothing the build reads has changed, nothing is rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let config = load_config(&options.root, options.base_url.as_deref())?;
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    output::check_location(&options.root, &config, &output_dir)?;
    let staging = Staging::open(&output_dir)?;
    let selection = selection(options.drafts, options.future);
    let mut memo = Memo::disabled();
    let inputs = read_inputs(&options.root, config, selection, &mut memo)?;
    let site_key = inputs.key();
    if let Some(placed) = site_key.and_then(|key| staging.held_site(key)) {
        let posts = &inputs.loaded.posts;
        let tags: HashSet<&String> = posts.iter().flat_map(|post| &post.tag_slugs).collect();
        return Ok(finish(
            staging,
            &placed,
            site_key,
            (posts.len(), tags.len()),
            started,
            output_dir,
        )?);
    }
    let (made, _) = render_inputs(
        inputs,
        &mut memo,
        &staging,
        Sources::Release,
        OnErrors::Stop,
    )?;
    let notes = made.notes.clone();
    // A build that had to show a neutral poster is not a finished version of these inputs:
    // the next build renders again, and fetches again.
    let site_key = site_key.filter(|_| notes.is_empty());
    let mut placed = made.rendered;
    placed.extend(
        made.files
            .par_iter()
            .map(|file| staging.stage(file, None))
            .collect::<anyhow::Result<Vec<_>>>()?,
    );
    // Each language's index on its own, side by side: one's merging, which is partly
    // sequential, overlaps the other's reading of pages.
    let indexes: Vec<Vec<Placed>> = made
        .sites
        .par_iter()
        .map(|language| stage_search_index(&language.site, &language.pages, &staging))
        .collect::<anyhow::Result<_>>()?;
    placed.extend(indexes.into_iter().flatten());
    let counts = made.sites.iter().fold((0, 0), |(posts, tags), language| {
        (
            posts + language.site.posts.len(),
            tags + language.site.tags.len(),
        )
    });
    crate::release((made.sites, made.values), options.exits_after);
    let mut report = finish(staging, &placed, site_key, counts, started, output_dir)?;
    report.notes = notes;
    Ok(report)
}

/// Commits the staged build and reports it; `counts` are the posts and the tags.
fn finish(
    staging: Staging,
    placed: &[Placed],
    site_key: Option<u64>,
    (posts, tags): (usize, usize),
    started: Instant,
    output_dir: PathBuf,
) -> anyhow::Result<BuildReport> {
    let pages = placed
        .iter()
        .filter(|file| {
            Path::new(file.path())
                .extension()
                .is_some_and(|e| e == "html")
        })
        .count();
    let kept = Staging::kept(placed);
    let files = staging.commit(placed, site_key)?;
    Ok(BuildReport {
        posts,
        pages,
        tags,
        files,
        kept,
        output_dir,
        elapsed: started.elapsed(),
        notes: Vec::new(),
    })
}

/// Stages the search index, or keeps the earlier one when it indexed the same pages (same
/// URLs, same posts and bodies).
fn stage_search_index(
    site: &Site,
    pages: &[Page],
    staging: &Staging,
) -> anyhow::Result<Vec<Placed>> {
    if !site.config.search {
        return Ok(Vec::new());
    }
    let language = &site.config.language.0;
    let sources = search::sources(site, pages);
    let key = search::index_key(language, &sources);
    let dir = search::bundle_dir(site);
    if let Some(kept) = staging.held_under(&dir, key) {
        return Ok(kept);
    }
    let mut placed = Vec::new();
    search::write_index(language, &dir, &sources, |files| {
        placed.extend(
            files
                .par_iter()
                .map(|file| staging.stage(file, Some(key)))
                .collect::<anyhow::Result<Vec<_>>>()?,
        );
        Ok(())
    })?;
    Ok(placed)
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
        return Err(anyhow::anyhow!(
            "the site folder `{}` does not exist; pass --root with the folder that holds salve.yaml and posts/",
            root.display()
        )
        .into());
    }
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = Some(
            BaseUrl::parse(url)
                .map_err(anyhow::Error::msg)
                .context("invalid --base-url")?,
        );
    }
    Ok(config)
}

/// Every stage but the search index, which `salve serve` builds after the tabs have reloaded.
pub fn render_pages(
    root: &Path,
    config: Config,
    selection: Selection,
    memo: &mut Memo,
) -> Result<RenderedSite> {
    let inputs = read_inputs(root, config, selection, memo)?;
    let (made, _) = render_inputs(inputs, memo, &InMemory, Sources::Keep, OnErrors::Stop)?;
    Ok(made.in_memory())
}

/// Runs every stage up to the list of outputs, search index included, all in memory, for
/// `salve check`, which inspects what could be built even when the content has errors: the
/// site of the posts that were read is rendered all the same, and the content errors come back
/// beside it. Only an error that leaves nothing to render (the configuration, the theme) stops
/// it.
pub fn render_site(
    root: &Path,
    config: Config,
    selection: Selection,
) -> Result<(RenderedSite, Vec<ContentError>)> {
    let memo = &mut Memo::disabled();
    let inputs = read_inputs(root, config, selection, memo)?;
    let (made, errors) = render_inputs(inputs, memo, &InMemory, Sources::Keep, OnErrors::Report)?;
    let mut rendered = made.in_memory();
    for language in &rendered.languages {
        let index = search::outputs(&language.site, &language.pages)?;
        rendered.outputs.extend(index);
    }
    Ok((rendered, errors))
}

/// What a build reads: the configuration, the posts folder and the theme.
struct Inputs {
    config: Config,
    root: PathBuf,
    loaded: Loaded,
    loaded_pages: Loaded,
    theme: std::result::Result<Theme, Vec<ContentError>>,
    /// The words of each language, or the errors of the site's tables.
    strings: std::result::Result<crate::i18n::Languages, Vec<ContentError>>,
}

impl Inputs {
    /// A key of everything the build reads, when all of it was read without errors: the
    /// configuration, every file of the posts folder, the templates and the static files.
    fn key(&self) -> Option<u64> {
        let theme = self.theme.as_ref().ok()?;
        if !self.loaded.errors.is_empty() || !self.loaded_pages.errors.is_empty() {
            return None;
        }
        let strings = self.strings.as_ref().ok()?;
        let strings: Vec<u64> = strings.0.iter().map(|s| s.fingerprint).collect();
        Some(fingerprint(&(
            fingerprint_debug(&self.config),
            self.loaded.fingerprint?,
            self.loaded_pages.fingerprint?,
            theme.inputs_key(),
            strings,
        )))
    }
}

/// Reads the posts folder and the theme, the theme while the posts are read.
fn read_inputs(
    root: &Path,
    config: Config,
    selection: Selection,
    memo: &mut Memo,
) -> anyhow::Result<Inputs> {
    let posts = &mut memo.posts;
    let pages = &mut memo.page_files;
    let ((loaded, loaded_pages), theme) = rayon::join(
        || {
            (
                content::load(root, &config, Collection::Posts, selection, posts),
                content::load(root, &config, Collection::Pages, selection, pages),
            )
        },
        || Theme::load(root, &config),
    );
    let loaded = loaded?;
    let loaded_pages = loaded_pages?;
    // Theme errors are reported with the content's; only a failure to read stops here.
    let theme = match theme {
        Ok(theme) => Ok(theme),
        Err(Error::Content(errors)) => Err(errors.0),
        Err(Error::Failure(failure)) => return Err(failure),
    };
    let strings = crate::i18n::load(root, &config);
    Ok(Inputs {
        config,
        root: root.to_path_buf(),
        loaded,
        loaded_pages,
        theme,
        strings,
    })
}

/// Whether the caller reads the posts' files again once the site is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sources {
    /// It does (`salve check` inspects the text; `salve serve` keeps posts for its next build).
    Keep,
    /// It does not: each post's text is freed before the pages are rendered.
    Release,
}

/// What to do when the content has errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnErrors {
    /// Return them all (after rendering into nothing, to find template errors too).
    Stop,
    /// Render what could be read all the same, and return the errors beside it.
    Report,
}

/// One language's site of a build, with its list of pages.
#[derive(Debug)]
pub struct LanguageSite {
    /// The site: configuration, posts, tags, people.
    pub site: Site,
    /// The site's pages.
    pub pages: Vec<Page>,
}

/// What a build made from its inputs.
struct Made<T> {
    /// Each language's site, the default language first.
    sites: Vec<LanguageSite>,
    /// The rendered pages and feeds, as the sink took them.
    rendered: Vec<T>,
    /// The files copied as they are, the sitemap and robots.txt.
    files: Vec<Output>,
    values: Vec<TemplateValues>,
    /// What the build should say beside its summary.
    notes: Vec<String>,
}

impl Made<Output> {
    /// The site with every file in memory; the template values are released.
    fn in_memory(self) -> RenderedSite {
        crate::release(self.values, false);
        let mut outputs = self.rendered;
        outputs.extend(self.files);
        RenderedSite {
            languages: self.sites,
            outputs,
        }
    }
}

/// A language's site with the output file of each of its pages and its feeds.
struct Planned {
    site: Site,
    pages: Vec<Page>,
    page_files: Vec<String>,
    feeds: Vec<Feed>,
}

/// Builds the site from what was read, lists its pages, feeds and files, and renders the pages
/// and feeds into `sink`; with the content errors found, when `on_errors` says to go on.
fn render_inputs<S: Sink>(
    inputs: Inputs,
    memo: &mut Memo,
    sink: &S,
    sources: Sources,
    on_errors: OnErrors,
) -> Result<(Made<S::Item>, Vec<ContentError>)> {
    let (strings, mut errors) = match inputs.strings {
        Ok(strings) => (strings, Vec::new()),
        Err(string_errors) => (crate::i18n::built_in_only(&inputs.config), string_errors),
    };
    let (sites, site_errors) = Site::build(
        inputs.config,
        inputs.loaded,
        inputs.loaded_pages,
        &inputs.root,
        &mut memo.bodies,
        &strings,
    );
    errors.extend(site_errors);
    let theme = inputs
        .theme
        .map_err(|theme_errors| errors.extend(theme_errors))
        .ok();
    let mut planned = plan(sites);
    let (mut files, mut static_jobs) = (Vec::new(), Vec::new());
    if let Some(theme) = &theme {
        let (static_files, jobs, static_errors) = static_outputs(&mut planned, theme);
        files = static_files;
        static_jobs = jobs;
        errors.extend(static_errors);
    }
    // `salve check` builds in memory and reaches no network: posters it has not kept show
    // as the neutral one there, and images it has not resized are named, not made.
    let (fetch, encode) = match on_errors {
        OnErrors::Stop => (Fetch::Network, Encode::Missing),
        OnErrors::Report => (Fetch::CacheOnly, Encode::Nothing),
    };
    // A build that stops on errors already found need not resize anything.
    let encode = if errors.is_empty() {
        encode
    } else {
        Encode::Nothing
    };
    for plan in &planned {
        let jobs = std::mem::take(&mut static_jobs);
        let (linked, linked_errors) = assets::linked_files(&plan.site, jobs, encode);
        files.extend(linked);
        errors.extend(linked_errors);
    }
    let (generated, poster_note) = generated_files(&planned, theme.as_ref(), fetch);
    files.extend(generated);
    errors.extend(path_errors(&planned, &files));
    for plan in &planned {
        // `salve check` finds these on the built pages, under its `privacy` rule.
        if on_errors == OnErrors::Stop {
            errors.extend(privacy::third_party_requests(&plan.site));
        }
        errors.extend(privacy::script_links(&plan.site));
    }
    // Without templates there is nothing to render: the errors found so far are all there is.
    let Some(theme) = theme else {
        return Err(errors.into());
    };
    for plan in &planned {
        errors.extend(missing_page_templates(&plan.site, &theme));
    }
    if !errors.is_empty() && on_errors == OnErrors::Stop {
        // The pages of the posts that were read are rendered all the same, into nothing, so
        // that template errors are reported in this run too.
        let caches = &mut Vec::new();
        let rendered = render_planned(&mut planned, &theme, caches, &Discard, Sources::Keep)?;
        errors.extend(rendered.errors);
        return Err(errors.into());
    }
    let keeps = memo.keeps();
    memo.pages
        .resize_with(planned.len(), || PageCache::new(keeps));
    let rendered = render_planned(&mut planned, &theme, &mut memo.pages, sink, sources)?;
    errors.extend(rendered.errors);
    if !errors.is_empty() && on_errors == OnErrors::Stop {
        return Err(errors.into());
    }
    let made = Made {
        sites: planned
            .into_iter()
            .map(|plan| LanguageSite {
                site: plan.site,
                pages: plan.pages,
            })
            .collect(),
        rendered: rendered.items,
        files,
        values: rendered.values,
        notes: poster_note.into_iter().collect(),
    };
    Ok((made, errors))
}

/// Each language's site with its pages, their files and its feeds.
fn plan(sites: Vec<Site>) -> Vec<Planned> {
    sites
        .into_iter()
        .map(|site| {
            let pages = pages::list(&site);
            let page_files = pages
                .par_iter()
                .map(|page| page.output_file(&site))
                .collect();
            let feeds = feeds::feeds(&site);
            Planned {
                site,
                pages,
                page_files,
                feeds,
            }
        })
        .collect()
}

/// The theme's static files, and the images of the static files the pages of every language
/// show (each resized once, however many languages show it; each site learns how they are
/// shown).
fn static_outputs(
    planned: &mut [Planned],
    theme: &Theme,
) -> (Vec<Output>, Vec<crate::images::Job>, Vec<ContentError>) {
    let (files, mut errors) = assets::static_files(&planned[0].site, theme);
    let mut jobs = Vec::new();
    let mut all_shown = crate::images::StaticShown::new();
    for plan in planned.iter() {
        let (site_jobs, shown, shown_errors) = assets::static_images(&plan.site, theme);
        jobs.extend(site_jobs);
        all_shown.extend(shown);
        errors.extend(shown_errors);
    }
    let mut seen = HashSet::new();
    jobs.retain(|job: &crate::images::Job| seen.insert((job.base.clone(), job.shown)));
    for plan in planned {
        plan.site.static_images.clone_from(&all_shown);
    }
    (files, jobs, errors)
}

/// What rendering every language made.
struct Renderings<T> {
    /// What the sink took of the pages and feeds.
    items: Vec<T>,
    /// The content errors met.
    errors: Vec<ContentError>,
    /// Each language's template values, to release.
    values: Vec<TemplateValues>,
}

/// Renders every language's pages and feeds into `sink`, each language with its own cache
/// (`caches` grows to one per language; new ones keep nothing).
fn render_planned<S: Sink>(
    planned: &mut [Planned],
    theme: &Theme,
    caches: &mut Vec<PageCache>,
    sink: &S,
    sources: Sources,
) -> anyhow::Result<Renderings<S::Item>> {
    caches.resize_with(planned.len(), || PageCache::new(false));
    // The languages render side by side: the smaller one's pages fill the cores while the
    // larger one's last pages finish.
    let rendered: Vec<render::Rendered<S::Item>> = planned
        .par_iter_mut()
        .zip(caches.par_iter_mut())
        .map(|(plan, cache)| {
            if sources == Sources::Release {
                plan.site.release_sources();
            }
            render::render(
                &plan.site,
                theme,
                &plan.pages,
                &plan.page_files,
                &plan.feeds,
                cache,
                sink,
            )
        })
        .collect::<anyhow::Result<_>>()?;
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut values = Vec::new();
    for language in rendered {
        errors.extend(language.errors);
        items.extend(language.pages);
        values.push(language.values);
    }
    Ok(Renderings {
        items,
        errors,
        values,
    })
}

/// The files made from the whole site rather than one page: the videos' posters (and a note
/// when some could not be fetched), the sitemap, robots.txt and `_redirects`, but those the
/// theme's static files hold.
fn generated_files(
    planned: &[Planned],
    theme: Option<&Theme>,
    fetch: Fetch,
) -> (Vec<Output>, Option<String>) {
    let has_static = |path: &str| theme.is_some_and(|theme| theme.static_files.contains_key(path));
    let sites: Vec<&Site> = planned.iter().map(|plan| &plan.site).collect();
    let (mut files, poster_note) = video_posters(&sites, fetch, &has_static);
    let with_pages: Vec<(&Site, &[Page])> = planned
        .iter()
        .map(|plan| (&plan.site, plan.pages.as_slice()))
        .collect();
    files.extend(sitemap::outputs(&with_pages, has_static("robots.txt")));
    files.extend(crate::redirects::output(
        &with_pages,
        has_static(crate::redirects::REDIRECTS_FILE),
    ));
    (files, poster_note)
}

/// The posters of the videos the posts and pages show, but those the site has in its own
/// static files (`has_static`), and a note when some could not be fetched.
fn video_posters(
    sites: &[&Site],
    fetch: Fetch,
    has_static: &dyn Fn(&str) -> bool,
) -> (Vec<Output>, Option<String>) {
    let Some(site) = sites.first() else {
        return (Vec::new(), None);
    };
    let videos: BTreeSet<Video> = sites
        .iter()
        .flat_map(|site| site.posts.iter().chain(&site.pages))
        .flat_map(|post| post.markdown.videos.iter().cloned())
        .filter(|video| !has_static(&video.poster_file()))
        .collect();
    if videos.is_empty() {
        return (Vec::new(), None);
    }
    let sources = PosterSources {
        youtube: &site.config.videos.youtube_poster,
        vimeo: &site.config.videos.vimeo_oembed,
    };
    video::posters(&videos, sources, fetch)
}

/// Pages whose `template` names no template of the theme, at that key; or, without one,
/// pages of a theme that has no `page.html`.
fn missing_page_templates(site: &Site, theme: &Theme) -> Vec<ContentError> {
    site.pages
        .iter()
        .filter_map(|page| {
            let Some(template) = page.post.page_fields()?.template.as_deref() else {
                return (!theme.template_paths.contains_key(PAGE_TEMPLATE)).then(|| {
                    ContentError::at_start(
                        &page.post.source.display_path,
                        format!("the theme has no `{PAGE_TEMPLATE}` for the site's pages; add one to `templates/`, or name another template with `template:`"),
                    )
                });
            };
            if theme.template_paths.contains_key(template) {
                return None;
            }
            let hint = crate::diagnostics::closest(
                template,
                theme.template_paths.keys().map(String::as_str),
            )
            .map_or_else(String::new, |known| format!("did you mean `{known}`? "));
            Some(page.post.source.key_error(
                "template",
                format!(
                    "the theme has no template `{template}`: {hint}put it in `templates/`, or leave `template` out to use `{PAGE_TEMPLATE}`"
                ),
            ))
        })
        .collect()
}

/// Problems with the paths of the outputs, found before anything is rendered: links to site
/// paths that no output has, and two outputs at one path (a post whose URL is `/tags/`, a
/// static file named like a page), across every language.
fn path_errors(planned: &[Planned], files: &[Output]) -> Vec<ContentError> {
    /// What writes an output, described only when it collides.
    #[derive(Clone, Copy)]
    enum Origin {
        Page(usize, Page),
        Feed(usize, usize),
        File(usize),
    }
    let mut outputs: Vec<(&str, Origin)> = Vec::new();
    for (language, plan) in planned.iter().enumerate() {
        outputs.extend(
            plan.page_files
                .iter()
                .zip(&plan.pages)
                .map(|(path, page)| (path.as_str(), Origin::Page(language, *page))),
        );
        outputs.extend(
            plan.feeds
                .iter()
                .enumerate()
                .map(|(index, feed)| (feed.path.as_str(), Origin::Feed(language, index))),
        );
    }
    outputs.extend(
        files
            .iter()
            .enumerate()
            .map(|(index, file)| (file.path.as_str(), Origin::File(index))),
    );
    let known: HashSet<&str> = outputs.iter().map(|(path, _)| *path).collect();
    let mut errors: Vec<ContentError> = planned
        .iter()
        .flat_map(|plan| pages::missing_site_paths(&plan.site, &|path| known.contains(path)))
        .collect();
    let describe = |origin| match origin {
        Origin::Page(language, page) => page.writer(&planned[language].site),
        Origin::Feed(language, index) => Writer::generated(format!(
            "the feed `{}`",
            planned[language].feeds[index].path
        )),
        Origin::File(index) => Writer::file(&files[index].contents, &files[index].path),
    };
    errors.extend(duplicate_outputs(
        outputs.into_iter(),
        describe,
        crate::config::CONFIG_FILE,
    ));
    errors
}
