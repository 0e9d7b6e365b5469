//! Rendering: turns the [`Site`] and the [`Theme`] into the list of output files, one job per
//! page, in parallel. Site-wide values (the lists in the sidebar, each post's data) are built
//! once as template values and shared by reference between pages, so a page costs the same
//! whatever the number of posts.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

mod views;

use crate::MAX_ITEMS_PER_TASK;
use crate::diagnostics::ContentError;
use crate::feeds::Feed;
use crate::files::{Contents, Output, Sink};
use crate::fingerprint::{Table, fingerprint, fingerprint_debug, fingerprint_serialized};
use crate::html::escape;
use crate::images::Use;
use crate::pages::{
    ARCHIVE_PATH, Document, LOCATIONS_PATH, NOT_FOUND_PATH, PEOPLE_PATH, Page, SEARCH_PATH,
    TAGS_PATH, list_page_path, page_count,
};
use crate::site::{RenderedPost, Site};
use crate::structured_data;
use crate::theme::{Theme, extensions};
pub use views::PostHead;

/// The rendered site.
#[derive(Debug)]
pub struct Rendered<T> {
    /// Pages and feeds, as the sink keeps them (those that rendered).
    pub pages: Vec<T>,
    /// The content errors met while rendering (a template that fails on a page), each once.
    pub errors: Vec<ContentError>,
    /// The template values the pages were rendered from, for the caller to release
    /// ([`crate::release`]) once it no longer needs the site either.
    pub values: TemplateValues,
}

/// The template values of a build (every post's value and the `site` value), held only to be
/// released.
pub struct TemplateValues {
    _held: Box<dyn Send>,
}

impl std::fmt::Debug for TemplateValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TemplateValues")
    }
}

/// What rendering keeps between builds (`salve serve`'s memo): each post's template value and
/// page head, and each rendered page and feed, with the keys they were made under.
#[derive(Debug)]
pub struct PageCache {
    /// Post template values and page heads, by posts-relative path.
    values: Table<String, (Value, Arc<PostHead>)>,
    /// Rendered pages and feeds.
    files: Table<CacheKey, Output>,
    /// Pages and feeds in the last build.
    pub pages: usize,
    /// Of those, the ones rendered (not reused).
    pub rendered: usize,
}

impl PageCache {
    /// An empty cache; `enabled` says whether it keeps what builds render.
    pub fn new(enabled: bool) -> Self {
        Self {
            values: Table::new(enabled),
            files: Table::new(enabled),
            pages: 0,
            rendered: 0,
        }
    }

    fn is_enabled(&self) -> bool {
        self.files.is_enabled()
    }
}

/// What the page cache keeps a rendering under: a page of the list, or a feed by its path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CacheKey {
    Page(Page),
    Feed(String),
}

/// Renders every page of `pages` (written to the files `page_files`, in the same order) and
/// every feed into the sink; the content errors met come
/// back together beside the pages that rendered. Pages, feeds and post values the cache or the
/// sink hold under the same key are reused, not rendered.
pub fn render<S: Sink>(
    site: &Site,
    theme: &Theme,
    pages: &[Page],
    page_files: &[String],
    feeds: &[Feed],
    cache: &mut PageCache,
    sink: &S,
) -> anyhow::Result<Rendered<S::Item>> {
    let shared = Shared::new(site, theme, cache);
    // A person's page lists every post of theirs and the archive lists every post, the
    // largest pages by far: they go first, so that no core is left rendering one alone at the
    // end.
    let (people, others): (Vec<_>, Vec<_>) = pages
        .iter()
        .zip(page_files)
        .partition(|(page, _)| matches!(page, Page::Person(_) | Page::Archive));
    let cache_ref = &*cache;
    let rendered_pages = people
        .into_par_iter()
        .chain(others)
        .with_max_len(MAX_ITEMS_PER_TASK)
        .map(|(&page, path)| {
            let key = shared.page_key(page);
            produce(sink, cache_ref, CacheKey::Page(page), path, key, || {
                shared.render(page, path)
            })
        });
    let feed_files = feeds.par_iter().map(|feed| {
        let key = shared.feed_key(feed);
        produce(
            sink,
            cache_ref,
            CacheKey::Feed(feed.path.clone()),
            &feed.path,
            key,
            || Ok(crate::feeds::render(site, feed)),
        )
    });
    let results: Vec<Rendering<S::Item>> = rendered_pages.chain(feed_files).collect();
    let (pages, errors) = collect(results, cache)?;
    Ok(Rendered {
        pages,
        errors,
        values: shared.into_values(),
    })
}

/// The items of every page and feed that rendered (what the cache keeps of them goes to the
/// cache), and every content error met.
fn collect<T>(
    results: Vec<Rendering<T>>,
    cache: &mut PageCache,
) -> anyhow::Result<(Vec<T>, Vec<ContentError>)> {
    cache.pages = results.len();
    cache.rendered = results.iter().filter(|result| result.fresh).count();
    let mut items = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    let mut kept = Vec::new();
    for rendering in results {
        match rendering.result {
            Ok(taken) => {
                let (item, output) = taken?;
                kept.extend(output.map(|output| (rendering.name, rendering.key, output)));
                items.push(item);
            }
            Err(error) => errors.push(error),
        }
    }
    cache.files.replace(kept);
    dedup_template_errors(&mut errors);
    Ok((items, errors))
}

/// One page or feed, as [`produce`] left it.
struct Rendering<T> {
    /// What the cache keeps it under.
    name: CacheKey,
    /// The key it was made under.
    key: u64,
    /// What the sink made of it, with the output the cache keeps; or the content error that
    /// stopped its rendering.
    result: Result<anyhow::Result<(T, Option<Output>)>, ContentError>,
    /// Whether it was rendered now.
    fresh: bool,
}

/// One page or feed: held by the sink already, taken from the cache, or rendered now, then
/// handed to the sink (keeping a copy of a shared buffer for the cache when it keeps pages).
fn produce<S: Sink>(
    sink: &S,
    cache: &PageCache,
    name: CacheKey,
    path: &str,
    key: u64,
    render: impl FnOnce() -> Result<Output, ContentError>,
) -> Rendering<S::Item> {
    if let Some(item) = sink.held(path, key) {
        let result = Ok(Ok((item, None)));
        return Rendering {
            name,
            key,
            result,
            fresh: false,
        };
    }
    let (output, fresh) = match cache.files.get(&name, key) {
        Some(output) => (Ok(output), false),
        None => (render(), true),
    };
    let result = output.map(|output| {
        // A page rendered now has room to grow; one kept in memory gives it back. One written
        // straight to disk is freed at once, and copying it would be wasted work.
        let output = if fresh && (S::KEEPS_PAGES || cache.is_enabled()) {
            output.compacted()
        } else {
            output
        };
        let kept = cache.is_enabled().then(|| output.clone());
        sink.take(output, key).map(|item| (item, kept))
    });
    Rendering {
        name,
        key,
        result,
        fresh,
    }
}

/// Each post's and then each page's template value and page head, with the key they were made
/// under: the post and its body, the configuration, and its tags as shown (with their post
/// counts).
fn post_values(
    site: &Site,
    parts: &views::SharedParts,
    config_key: u64,
    cache: &mut PageCache,
) -> Vec<(u64, Value, Arc<PostHead>)> {
    let cache_ref = &*cache;
    let values: Vec<(u64, Value, Arc<PostHead>)> = site
        .posts
        .par_iter()
        .chain(&site.pages)
        .with_max_len(MAX_ITEMS_PER_TASK)
        .map(|post| {
            let tags: Vec<(&str, &str, usize)> = post
                .tags
                .iter()
                .map(|&t| {
                    let tag = &site.tags[t];
                    (tag.name.as_str(), tag.slug.as_str(), tag.posts.len())
                })
                .collect();
            let key = fingerprint(&(post.fingerprint, config_key, tags));
            let (value, head) = cache_ref
                .values
                .get(&post.post.source.content_path, key)
                .unwrap_or_else(|| {
                    let (value, head) = views::post_value(site, parts, post);
                    (value, Arc::new(head))
                });
            (key, value, head)
        })
        .collect();
    cache
        .values
        .replace(site.posts.iter().chain(&site.pages).zip(&values).map(
            |(post, (key, value, head))| {
                (
                    post.post.source.content_path.clone(),
                    *key,
                    (value.clone(), Arc::clone(head)),
                )
            },
        ));
    values
}

/// What every page's rendering shares, built once.
struct Shared<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// The theme's templates, with this build's `cached_include`.
    templates: tera::Tera,
    parts: views::SharedParts,
    site_value: Value,
    /// Each post's value, then each page's.
    post_values: Vec<Value>,
    /// Each post's page head, then each page's.
    post_heads: Vec<Arc<PostHead>>,
    /// The key each post's (then each page's) value was made under.
    value_keys: Vec<u64>,
    /// What every page depends on: the theme, the configuration and the `site` value.
    site_key: u64,
    /// The clinic's JSON-LD node, spliced into every page's graph.
    clinic_json: Option<String>,
    site_json_ld: String,
}

/// The `page` value: what every page's head needs.
#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    language: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    image: Option<&'a str>,
    published: Option<&'a str>,
    modified: Option<&'a str>,
    json_ld: &'a str,
    feed_url: Option<String>,
    /// The page in each language that has it (itself included), for `hreflang` links and
    /// the language switcher; empty when it has no other version.
    translations: Vec<TranslationView>,
    /// The page in the default language, for `hreflang="x-default"`, when it has versions.
    x_default: Option<String>,
    /// Where the language switcher leads in each other language: the page's version there,
    /// else that language's home page. Empty on a site in one language.
    languages: Vec<TranslationView>,
}

/// One language's version of a page.
#[derive(Serialize)]
struct TranslationView {
    /// Its language tag (`es`).
    language: String,
    /// The language's own name for itself (`Español`).
    name: String,
    /// Its link.
    url: String,
    /// Its absolute URL (with a base URL).
    permalink: String,
    /// Whether it is the page being shown.
    current: bool,
}

/// A key of how the static files' images are shown, in a stable order.
fn static_images_key(site: &Site) -> u64 {
    let mut shown: Vec<_> = site.static_images.iter().collect();
    shown.sort_unstable_by(|a, b| a.0.cmp(b.0));
    fingerprint(&shown)
}

/// The posts of a paginated list, by position, without materialising the whole list for each
/// page (the home page's list is every post).
struct PostList<'a> {
    len: usize,
    post_at: &'a dyn Fn(usize) -> usize,
}

#[derive(Serialize)]
struct PaginatorView {
    number: usize,
    total_pages: usize,
    total_posts: usize,
    previous_url: Option<String>,
    next_url: Option<String>,
    first_url: String,
    last_url: String,
}

impl<'a> Shared<'a> {
    /// Builds what every page shares: each post's value (reused from the cache when its key
    /// holds) and the `site` value.
    fn new(site: &'a Site, theme: &'a Theme, cache: &mut PageCache) -> Self {
        // Images of the static files are part of what pages show (a photo's size, a lead
        // image given as a site path), like the configuration.
        let config_key = fingerprint(&(fingerprint_debug(&site.config), static_images_key(site)));
        let clinic_json = structured_data::clinic_json(site);
        let parts = views::SharedParts::new(site);
        let values = post_values(site, &parts, config_key, cache);
        let value_keys: Vec<u64> = values.iter().map(|(key, _, _)| *key).collect();
        let (post_values, post_heads): (Vec<Value>, Vec<Arc<PostHead>>) = values
            .into_iter()
            .map(|(_, value, head)| (value, head))
            .unzip();
        let site_value = views::site_value(site, &parts, &post_values);
        // Every page may link its versions in other languages, or their home pages.
        let site_key = fingerprint(&(
            theme.fingerprint,
            config_key,
            fingerprint_serialized(&site_value),
            site.versions.fingerprint,
            site.language.strings.fingerprint,
        ));
        let site_json_ld = structured_data::site_graph(clinic_json.as_deref());
        // Parts rendered once per build see the language's words too.
        let mut cached_parts = theme.tera.clone();
        cached_parts.register_function(
            crate::i18n::FUNCTION,
            crate::i18n::Translate::new(Arc::clone(&site.language.strings)),
        );
        let mut templates = cached_parts.clone();
        templates.register_function(
            extensions::NAME,
            extensions::CachedInclude::for_build(
                cached_parts,
                theme.template_paths.clone(),
                site_value.clone(),
            ),
        );
        templates.register_function(
            extensions::IMAGE_FUNCTION,
            extensions::StaticImages::new(
                site.static_images
                    .iter()
                    .filter(|((usage, _), _)| *usage == Use::Content)
                    .map(|((_, path), shown)| {
                        (
                            path.trim_start_matches('/').to_owned(),
                            Value::from_serializable(shown),
                        )
                    })
                    .collect(),
            ),
        );
        Self {
            site,
            theme,
            templates,
            parts,
            site_value,
            post_values,
            post_heads,
            value_keys,
            site_key,
            clinic_json,
            site_json_ld,
        }
    }

    /// What this build made for its pages, for the caller to release.
    fn into_values(self) -> TemplateValues {
        let Self {
            templates,
            parts,
            site_value,
            post_values,
            post_heads,
            ..
        } = self;
        TemplateValues {
            _held: Box::new((templates, parts, site_value, post_values, post_heads)),
        }
    }

    /// A fingerprint of everything a page is rendered from: the same key gives the same page.
    fn page_key(&self, page: Page) -> u64 {
        let site = self.site;
        let keys = &self.value_keys;
        let per_page = site.config.posts_per_page.0;
        let page_keys = |posts: &mut dyn Iterator<Item = usize>, number: usize| -> Vec<u64> {
            posts
                .skip((number - 1) * per_page)
                .take(per_page)
                .map(|index| keys[index])
                .collect()
        };
        match page {
            Page::Home(number) => fingerprint(&(
                self.site_key,
                number,
                site.posts.len(),
                page_keys(&mut (0..site.posts.len()), number),
            )),
            Page::Post(index) => fingerprint(&(
                self.site_key,
                index.checked_sub(1).map(|i| keys[i]),
                keys[index],
                self.older(index).map(|i| keys[i]),
                site.related[index]
                    .iter()
                    .map(|&i| keys[i])
                    .collect::<Vec<_>>(),
            )),
            Page::Standalone(_) | Page::Alias(..) => {
                fingerprint(&(self.site_key, page, self.document_key(page)))
            }
            Page::Archive => fingerprint(&(self.site_key, &keys[..site.posts.len()])),
            Page::Tag(tag_index, number) => {
                let tag = &site.tags[tag_index];
                fingerprint(&(
                    self.site_key,
                    &tag.name,
                    &tag.slug,
                    number,
                    tag.posts.len(),
                    page_keys(&mut tag.posts.iter().copied(), number),
                ))
            }
            Page::Person(index) => {
                let entry = &site.people[index];
                let written: Vec<u64> = entry.written.iter().map(|&i| keys[i]).collect();
                let reviewed: Vec<u64> = entry.reviewed.iter().map(|&i| keys[i]).collect();
                fingerprint(&(self.site_key, &entry.id, written, reviewed))
            }
            Page::Tags | Page::People | Page::Locations | Page::Search | Page::NotFound => {
                self.site_key
            }
        }
    }

    /// The key of the value of the post or page a page of the site shows or redirects to.
    fn document_key(&self, page: Page) -> Option<u64> {
        let document = match page {
            Page::Standalone(index) => Document::Page(index),
            Page::Alias(document, _) => document,
            _ => return None,
        };
        Some(self.value_keys[self.value_index(document)])
    }

    /// Where a post's or page's value is among the values (posts first, then pages).
    fn value_index(&self, document: Document) -> usize {
        match document {
            Document::Post(index) => index,
            Document::Page(index) => self.site.posts.len() + index,
        }
    }

    /// The post older than the post at `index`, if any.
    fn older(&self, index: usize) -> Option<usize> {
        Some(index + 1).filter(|&older| older < self.site.posts.len())
    }

    /// A fingerprint of everything a feed is made from.
    fn feed_key(&self, feed: &Feed) -> u64 {
        let posts: Vec<u64> = feed.posts.iter().map(|&i| self.value_keys[i]).collect();
        fingerprint(&(self.site_key, feed, posts))
    }

    /// Renders a page into the file `path` ([`Page::output_file`]).
    fn render(&self, page: Page, path: &str) -> Result<Output, ContentError> {
        let site = self.site;
        let text = |key: &str| site.language.strings.text(key, &[]);
        match page {
            Page::Home(_) => {
                let list = PostList {
                    len: site.posts.len(),
                    post_at: &|position| position,
                };
                let (site_path, context) = self.list_page(
                    page,
                    &site.config.title,
                    &site.config.description,
                    &site.in_language("/"),
                    &list,
                    None,
                );
                self.render_template("index.html", &site_path, path, context, 0)
            }
            Page::Post(index) => self.post_page(index, path),
            Page::Standalone(index) => self.standalone_page(index, path),
            Page::People | Page::Locations | Page::Archive => self.directory_page(page, path),
            Page::Tags => {
                let site_path = site.in_language(TAGS_PATH);
                let (title, description) = (text("tags"), text("tags_description"));
                let context = self.context(self.page(page, &title, &description, &site_path));
                self.render_template("tags.html", &site_path, path, context, 0)
            }
            Page::Tag(tag_index, _) => {
                let tag = &site.tags[tag_index];
                let strings = &site.language.strings;
                let title = strings.text("posts_tagged", &[("tag", &tag.name)]);
                let description = strings.text(
                    "posts_about",
                    &[("tag", &tag.name), ("site", &site.config.title)],
                );
                let list = PostList {
                    len: tag.posts.len(),
                    post_at: &|position| tag.posts[position],
                };
                let feed = site
                    .has_feeds()
                    .then(|| site.urls.path(&crate::feeds::tag_feed_url(site, tag)));
                let (site_path, mut context) =
                    self.list_page(page, &title, &description, &site.tag_url(tag), &list, feed);
                context.insert_value("tag", self.parts.tag(tag_index));
                self.render_template("tag.html", &site_path, path, context, 0)
            }
            Page::Person(index) => self.person_page(index, path),
            Page::Search => {
                let site_path = site.in_language(SEARCH_PATH);
                let (title, description) = (text("search"), text("search_description"));
                let context = self.context(self.page(page, &title, &description, &site_path));
                self.render_template("search.html", &site_path, path, context, 0)
            }
            Page::NotFound => {
                let site_path = site.in_language(NOT_FOUND_PATH);
                let (title, description) =
                    (text("page_not_found"), text("page_not_found_description"));
                let context = self.context(self.page(page, &title, &description, &site_path));
                self.render_template("404.html", &site_path, path, context, 0)
            }
            Page::Alias(document, _) => Ok(alias_page(site, document.of(site), path)),
        }
    }

    /// A page of the site's directories: its people, its locations, its archive.
    fn directory_page(&self, page: Page, path: &str) -> Result<Output, ContentError> {
        let site = self.site;
        let (title, description, site_path, template) = match page {
            Page::People => ("our_team", "people_description", PEOPLE_PATH, "people.html"),
            Page::Locations => (
                "locations",
                "locations_description",
                LOCATIONS_PATH,
                "locations.html",
            ),
            _ => (
                "archive",
                "archive_description",
                ARCHIVE_PATH,
                "archive.html",
            ),
        };
        let strings = &site.language.strings;
        let (title, description) = (strings.text(title, &[]), strings.text(description, &[]));
        let site_path = site.in_language(site_path);
        let mut context = self.context(self.page(page, &title, &description, &site_path));
        match page {
            Page::People => context.insert_value("people", views::people_directory(site)),
            Page::Archive => context.insert_value(
                "years",
                views::archive_years(site, &self.post_values[..site.posts.len()]),
            ),
            _ => {}
        }
        self.render_template(template, &site_path, path, context, 0)
    }

    /// A page that is neither a post nor a list.
    fn page<'p>(
        &'p self,
        which: Page,
        title: &'p str,
        description: &'p str,
        path: &str,
    ) -> PageView<'p> {
        let urls = &self.site.urls;
        let view = PageView {
            kind: page_kind(which),
            language: &self.site.config.language.0,
            title,
            description,
            url: urls.path(path),
            permalink: urls.absolute(path),
            image: None,
            published: None,
            modified: None,
            json_ld: &self.site_json_ld,
            feed_url: None,
            translations: Vec::new(),
            x_default: None,
            languages: Vec::new(),
        };
        self.with_versions(view, which)
    }

    /// Fills in a page's versions in other languages, and where the language switcher leads.
    fn with_versions<'v>(&self, mut view: PageView<'v>, page: Page) -> PageView<'v> {
        let site = self.site;
        let languages = &site.language.all.0;
        if languages.len() < 2 {
            return view;
        }
        let versions = page.versions(site);
        let current = site.language.index;
        let view_of = |index: usize, path: &str| TranslationView {
            language: languages[index].language.0.clone(),
            name: languages[index].text("language_name", &[]),
            url: site.urls.path(path),
            permalink: site.urls.absolute(path),
            current: index == current,
        };
        view.translations = versions
            .iter()
            .map(|(index, path)| view_of(*index, path))
            .collect();
        view.x_default = versions
            .iter()
            .find(|(index, _)| *index == 0)
            .map(|(_, path)| site.urls.absolute(path));
        view.languages = (0..languages.len())
            .filter(|&index| index != current)
            .map(|index| match versions.iter().find(|(i, _)| *i == index) {
                Some((_, path)) => view_of(index, path),
                None => view_of(index, &crate::site::language_root(languages, index)),
            })
            .collect();
        view
    }

    fn context(&self, page: PageView) -> Context {
        let mut context = Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("page", &page);
        context
    }

    fn post_page(&self, index: usize, path: &str) -> Result<Output, ContentError> {
        let site = self.site;
        let post = &site.posts[index];
        let head = &self.post_heads[index];
        let mut page = self.page(
            Page::Post(index),
            &post.post.front.title,
            &head.description,
            &post.post.url,
        );
        page.image = head.image.as_deref();
        page.published = head.published.as_deref();
        page.modified = head.modified.as_deref();
        // The graph is made here rather than kept with the post's value: only this page shows
        // it, and held for every post it would be megabytes for the whole build.
        let json_ld = structured_data::post_graph(
            site,
            post,
            self.clinic_json.as_deref(),
            &head.description,
            head.image.as_deref(),
        );
        page.json_ld = &json_ld;
        if let Some(language) = &post.post.front.language {
            page.language = &language.0;
        }
        let mut context = self.context(page);
        context.insert_value(
            "post",
            views::value_with_toc(&self.post_values[index], &post.markdown.toc),
        );
        context.insert_value(
            "newer",
            index
                .checked_sub(1)
                .map_or_else(Value::none, |i| self.post_values[i].clone()),
        );
        context.insert_value(
            "older",
            self.older(index)
                .map_or_else(Value::none, |i| self.post_values[i].clone()),
        );
        context.insert_value(
            "related",
            Value::from(
                site.related[index]
                    .iter()
                    .map(|&i| self.post_values[i].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        self.render_template(
            "post.html",
            &post.post.url,
            path,
            context,
            post.markdown.html.len(),
        )
    }

    /// A page of the pages folder, with its own template when it names one.
    fn standalone_page(&self, index: usize, path: &str) -> Result<Output, ContentError> {
        let site = self.site;
        let page = &site.pages[index];
        let value_index = self.value_index(Document::Page(index));
        let head = &self.post_heads[value_index];
        let mut view = self.page(
            Page::Standalone(index),
            &page.post.front.title,
            &head.description,
            &page.post.url,
        );
        view.image = head.image.as_deref();
        view.modified = head.modified.as_deref();
        let json_ld =
            structured_data::page_graph(site, page, self.clinic_json.as_deref(), &head.description);
        view.json_ld = &json_ld;
        let mut context = self.context(view);
        context.insert_value(
            "entry",
            views::value_with_toc(&self.post_values[value_index], &page.markdown.toc),
        );
        // A template the theme lacks was reported when the build began.
        let template = page
            .post
            .page_fields()
            .and_then(|fields| fields.template.as_deref())
            .filter(|template| self.theme.template_paths.contains_key(*template))
            .unwrap_or(crate::theme::PAGE_TEMPLATE);
        self.render_template(
            template,
            &page.post.url,
            path,
            context,
            page.markdown.html.len(),
        )
    }

    fn person_page(&self, index: usize, path: &str) -> Result<Output, ContentError> {
        let site = self.site;
        let entry = &site.people[index];
        let person = &site.config.people[&entry.id];
        let site_path = site.person_url(&entry.id);
        let title = person.display_name();
        let description = person.role.clone().unwrap_or_else(|| {
            site.language.strings.text(
                "person_description",
                &[("name", &person.name), ("site", &site.config.title)],
            )
        });
        let json_ld =
            structured_data::person_graph(site, &entry.id, person, self.clinic_json.as_deref());
        let mut page = self.page(Page::Person(index), &title, &description, &site_path);
        page.json_ld = &json_ld;
        let mut context = self.context(page);
        context.insert_value(
            "person",
            views::person_value(
                site,
                &entry.id,
                person,
                &entry.written,
                &entry.reviewed,
                &self.post_values,
            ),
        );
        self.render_template("person.html", &site_path, path, context, 0)
    }

    /// A page of a paginated list of posts; returns its site path and context.
    #[allow(clippy::too_many_arguments)]
    fn list_page(
        &self,
        which: Page,
        title: &str,
        description: &str,
        base: &str,
        list: &PostList,
        feed_url: Option<String>,
    ) -> (String, Context) {
        let number = match which {
            Page::Home(number) | Page::Tag(_, number) => number,
            _ => 1,
        };
        let urls = &self.site.urls;
        let per_page = self.site.config.posts_per_page.0;
        let total_pages = page_count(list.len, per_page);
        let page_path = |n: usize| list_page_path(base, n);
        let path = page_path(number);
        let title = if number == 1 {
            title.to_owned()
        } else {
            let (number, total) = (number.to_string(), total_pages.to_string());
            self.site.language.strings.text(
                "list_page_title",
                &[("title", title), ("number", &number), ("total", &total)],
            )
        };
        let mut page = self.page(which, &title, description, &path);
        page.feed_url = feed_url;
        let mut context = self.context(page);
        let start = (number - 1) * per_page;
        let posts: Vec<Value> = (start..list.len.min(start + per_page))
            .map(|position| self.post_values[(list.post_at)(position)].clone())
            .collect();
        context.insert_value("posts", Value::from(posts));
        context.insert(
            "paginator",
            &PaginatorView {
                number,
                total_pages,
                total_posts: list.len,
                previous_url: (number > 1).then(|| urls.path(&page_path(number - 1))),
                next_url: (number < total_pages).then(|| urls.path(&page_path(number + 1))),
                first_url: urls.path(&page_path(1)),
                last_url: urls.path(&page_path(total_pages)),
            },
        );
        (path, context)
    }

    /// Renders a template into the file `path`; `site_path` names the page in errors. `shown`
    /// is the length of the text the page shows from elsewhere (a post's body).
    fn render_template(
        &self,
        template: &str,
        site_path: &str,
        path: &str,
        context: Context,
        shown: usize,
    ) -> Result<Output, ContentError> {
        // Room for the whole page up front, so it is not copied as it grows. It stays bytes:
        // templates and values are all text, and checking 25 KB of UTF-8 per page is waste.
        let mut html = Vec::with_capacity(shown + THEME_MARKUP_ROOM);
        self.templates
            .render_to(template, &context, &mut html)
            .map_err(|error| self.theme.error(&error, site_path))?;
        Ok(Output {
            path: path.to_owned(),
            contents: Contents::Bytes(html.into()),
        })
    }
}

/// The `kind` templates see for a page.
fn page_kind(page: Page) -> &'static str {
    match page {
        Page::Home(_) => "index",
        Page::Post(_) => "post",
        Page::Standalone(_) => "page",
        Page::Tags => "tags",
        Page::Tag(..) => "tag",
        Page::Person(_) => "person",
        Page::People => "people",
        Page::Locations => "locations",
        Page::Archive => "archive",
        Page::Search => "search",
        Page::NotFound => "404",
        Page::Alias(..) => "alias",
    }
}

/// What a page's own markup (head, header, sidebar, footer) is expected to take: a little more
/// than the built-in theme's.
const THEME_MARKUP_ROOM: usize = 24 * 1024;

/// A redirect page for an old address: instant refresh, a canonical link for search engines,
/// `noindex`, and a plain link for browsers that ignore the refresh.
fn alias_page(site: &Site, post: &RenderedPost, path: &str) -> Output {
    let target = escape(&site.urls.path(&post.post.url));
    let canonical = escape(&site.urls.absolute(&post.post.url));
    let title = escape(&post.post.front.title);
    let language = escape(&site.config.language.0);
    let strings = &site.language.strings;
    let moved = escape(&strings.text("moved", &[("title", &post.post.front.title)]));
    let moved_to = escape(&strings.text("moved_to", &[]));
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{moved}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
         <p>{moved_to} <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n"
    );
    Output {
        path: path.to_owned(),
        contents: Contents::Bytes(html.into()),
    }
}

/// The same template error on many pages is reported once: by its place in the template, the
/// first page it failed on named in its message.
fn dedup_template_errors(errors: &mut Vec<ContentError>) {
    let mut seen = std::collections::HashSet::new();
    errors.retain(|error| seen.insert((error.path.clone(), error.line, error.column)));
}
