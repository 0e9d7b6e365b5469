//! The site as a whole, computed once per build: posts rendered and sorted newest first, the
//! "Featured posts" and "Recent posts" lists, tags with their posts, and the URL scheme. Every
//! page's rendering borrows from here; nothing site-wide is recomputed per page.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Language};
use crate::content::{Loaded, Post, PostDate};
use crate::diagnostics::ContentError;
use crate::fingerprint::{Table, fingerprint};
use crate::i18n::{Languages, Strings};
use crate::markdown::{self, FeedLinks, LinkTargets, RenderedMarkdown};
use crate::slug::slugify;

/// A post with its rendered body.
#[derive(Debug)]
pub struct RenderedPost {
    /// The post as read.
    pub post: Arc<Post>,
    /// Its body as HTML, with the table of contents and summary.
    pub markdown: Arc<RenderedMarkdown>,
    /// Indices into [`Site::tags`], in the order the post lists them.
    pub tags: Vec<usize>,
    /// A fingerprint of the post and of what its body was rendered against: equal
    /// fingerprints mean an equal post and body.
    pub fingerprint: u64,
}

/// The Markdown bodies this stage rendered, kept between builds by `salve serve`'s memo.
#[derive(Debug)]
pub struct BodyCache {
    /// Rendered bodies by the post's posts-relative path.
    table: Table<String, Arc<RenderedBody>>,
    /// Bodies rendered by the last build.
    pub rendered: usize,
}

impl BodyCache {
    /// An empty cache; `enabled` says whether it keeps what builds render.
    pub fn new(enabled: bool) -> Self {
        Self {
            table: Table::new(enabled),
            rendered: 0,
        }
    }

    /// Forgets the bodies that link to this file, or that had errors (which may be about it):
    /// they check the files they link to.
    pub fn forget_linking(&mut self, file: &std::path::Path) {
        self.table.retain(|body| {
            body.errors.is_empty() && !body.markdown.assets.iter().any(|a| a.source == file)
        });
    }
}

/// A rendered body with the problems found while rendering it.
#[derive(Debug)]
struct RenderedBody {
    markdown: Arc<RenderedMarkdown>,
    errors: Vec<ContentError>,
}

/// A tag and the posts that carry it.
#[derive(Debug)]
pub struct Tag {
    /// The first spelling met (in file-path order).
    pub name: String,
    /// The URL slug; tags match by it, so `Pain` and `pain` are one tag.
    pub slug: String,
    /// Indices into [`Site::posts`], newest first.
    pub posts: Vec<usize>,
}

/// How site paths become URLs.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `/` or the base URL's path, such as `/blog/`.
    pub base_path: String,
    /// The absolute base URL ending with `/`, if configured.
    pub base_url: Option<String>,
    /// `scheme://host[:port]` of the base URL, or empty without one.
    pub origin: String,
}

impl Urls {
    /// From the configuration.
    pub fn new(config: &Config) -> Self {
        match &config.base_url {
            Some(url) => Self {
                base_path: url.path().to_owned(),
                base_url: Some(url.as_str().to_owned()),
                origin: url.origin(),
            },
            None => Self {
                base_path: "/".to_owned(),
                base_url: None,
                origin: String::new(),
            },
        }
    }

    /// The link for a site path such as `/posts/x/`: `/blog/posts/x/` under a base path.
    pub fn path(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path.trim_start_matches('/'))
    }

    /// The absolute URL of a site path when the base URL is known, else the same as [`Self::path`].
    pub fn absolute(&self, site_path: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}{}", site_path.trim_start_matches('/')),
            None => self.path(site_path),
        }
    }
}

/// What one language's site of a build shares with the others.
struct Shared<'a> {
    root: &'a std::path::Path,
    left_out: &'a HashMap<String, &'static str>,
    /// Every post and page of every language, by content path, with its site path.
    link_paths: &'a HashMap<&'a str, &'a str>,
    versions: &'a Arc<Versions>,
}

/// What building one language's site made.
struct LanguageBuild {
    site: Site,
    errors: Vec<ContentError>,
    /// The bodies rendered or reused, for the cache.
    bodies: Vec<(String, u64, Arc<RenderedBody>)>,
    /// How many of them were rendered now.
    rendered: usize,
}

/// The language of one site of a build.
#[derive(Debug, Clone)]
pub struct SiteLanguage {
    /// The language.
    pub language: Language,
    /// Where its pages live: `/` for the default language, `/es/` for Spanish.
    pub root: String,
    /// Its words.
    pub strings: Arc<Strings>,
    /// Its place among the site's languages (0 for the default).
    pub index: usize,
    /// The words of every language of the site, for the names of the others.
    pub all: Languages,
}

impl SiteLanguage {
    /// The configuration as this language's pages show it: its `language`; the disclaimer of
    /// its table when `salve.yaml` sets none; and, in a language other than the default, the
    /// title, description, disclaimer and date format of its table (the site's
    /// `i18n/<code>.yaml` may give `site_title` and `site_description`).
    fn localise(&self, config: &mut Config, is_default: bool) {
        config.language = self.language.clone();
        let strings = &self.strings;
        if is_default {
            if config.disclaimer == crate::config::DEFAULT_DISCLAIMER {
                config.disclaimer = strings.text("disclaimer", &[]);
            }
            return;
        }
        if strings.has("site_title") {
            config.title = strings.text("site_title", &[]);
        }
        if strings.has("site_description") {
            config.description = strings.text("site_description", &[]);
        }
        config.disclaimer = strings.text("disclaimer", &[]);
        // A pattern made for the default language would misplace another's words; a language
        // without one of its own gets the one that suits it.
        config.date_format = strings
            .is_own("date_format")
            .then(|| strings.text("date_format", &[]));
    }
}

/// The site path of the home page of the language at `index` among the site's languages: `/`
/// for the default, `/es/` for Spanish.
pub fn language_root(languages: &[Arc<Strings>], index: usize) -> String {
    if index == 0 {
        "/".to_owned()
    } else {
        format!("/{}/", languages[index].language.code())
    }
}

/// Every post and page with versions in other languages, by the content path of its
/// original: where each version lives.
#[derive(Debug, Default)]
pub struct Versions {
    /// A fingerprint of where every version lives: pages that link their versions change
    /// with it.
    pub fingerprint: u64,
    by_original: HashMap<String, Vec<Version>>,
    /// The content path of each translated original, by its site path.
    by_url: HashMap<String, String>,
}

/// One language's version of a post or page.
#[derive(Debug, Clone, Hash)]
pub struct Version {
    /// The index of its language among the site's languages (0 for the default).
    pub language: usize,
    /// Its site path.
    pub url: String,
}

impl Versions {
    fn new<'a>(config: &Config, posts: impl Iterator<Item = &'a Arc<Post>>) -> Self {
        let languages = config.site_languages();
        if languages.len() < 2 {
            return Self::default();
        }
        let mut by_original: HashMap<String, Vec<Version>> = HashMap::new();
        for post in posts {
            let language = post.translation.as_ref().map_or(0, |own| {
                languages
                    .iter()
                    .position(|known| known.same_as(own))
                    .unwrap_or(0)
            });
            by_original
                .entry(post.original_path.clone())
                .or_default()
                .push(Version {
                    language,
                    url: post.url.clone(),
                });
        }
        by_original.retain(|_, versions| versions.len() > 1);
        let mut by_url = HashMap::new();
        for (original, versions) in &mut by_original {
            versions.sort_by_key(|version| version.language);
            if versions[0].language == 0 {
                by_url.insert(versions[0].url.clone(), original.clone());
            }
        }
        let mut sorted: Vec<(&String, &Vec<Version>)> = by_original.iter().collect();
        sorted.sort_unstable_by_key(|(original, _)| *original);
        Self {
            fingerprint: fingerprint(&sorted),
            by_original,
            by_url,
        }
    }

    /// The site path of the version in the language at `language` of the post or page at
    /// `site_path` (a path of the default language), when there is one.
    pub fn translate(&self, site_path: &str, language: usize) -> Option<&str> {
        let original = self.by_url.get(site_path)?;
        self.by_original[original]
            .iter()
            .find(|version| version.language == language)
            .map(|version| version.url.as_str())
    }

    /// The versions of a post or page in every language that has one, the default language
    /// first; empty when it has no translation.
    pub fn of(&self, post: &Post) -> &[Version] {
        self.by_original
            .get(&post.original_path)
            .map_or(&[], Vec::as_slice)
    }
}

/// Everything a build renders from.
#[derive(Debug)]
pub struct Site {
    /// The configuration, as this language's pages show it.
    pub config: Config,
    /// The URL scheme.
    pub urls: Urls,
    /// The language of this site's pages.
    pub language: SiteLanguage,
    /// Where each translated post or page lives in each language.
    pub versions: Arc<Versions>,
    /// Published posts, newest first.
    pub posts: Vec<RenderedPost>,
    /// Published pages (About, the notices), in the order of their files' paths.
    pub pages: Vec<RenderedPost>,
    /// Indices of the featured posts, newest first, at most `featured_posts`.
    pub featured: Vec<usize>,
    /// Indices of the most recent posts, at most `recent_posts`.
    pub recent: Vec<usize>,
    /// Tags, sorted by name.
    pub tags: Vec<Tag>,
    /// Each person of `people` with their posts.
    pub people: Vec<PersonPosts>,
    /// Each post's related posts (indices into [`Site::posts`]), best first, at most
    /// [`RELATED_POSTS`].
    pub related: Vec<Vec<usize>>,
    /// What the build knows of the images the site shows.
    pub images: crate::images::Catalog,
    /// How images of the static files are shown (people's photos, lead images given as site
    /// paths), by use and site path, once the theme's static files are known (the build
    /// fills it in).
    pub static_images: crate::images::StaticShown,
}

/// The posts one person wrote and reviewed.
#[derive(Debug)]
pub struct PersonPosts {
    /// The person's id in `people`.
    pub id: String,
    /// Indices into [`Site::posts`] of the posts they wrote, newest first.
    pub written: Vec<usize>,
    /// Indices of the posts they reviewed, newest first.
    pub reviewed: Vec<usize>,
}

impl Site {
    /// Frees each post's file text, which nothing reads once the Markdown is rendered and the
    /// links are checked, for a build that is done with the posts' files (a one-shot
    /// `salve build`; `salve check` reads the text again for its prose rules). At 100,000 posts
    /// the text is 0.9 GB that rendering would otherwise hold for nothing; freeing it lowers
    /// the build's peak memory by a seventh. A post the memo shares keeps its text.
    pub fn release_sources(&mut self) {
        self.posts
            .par_iter_mut()
            .chain(&mut self.pages)
            .with_max_len(crate::MAX_ITEMS_PER_TASK)
            .for_each(|post| {
                if let Some(post) = Arc::get_mut(&mut post.post) {
                    post.source.release_text();
                }
            });
    }

    /// Renders every post's and page's Markdown (in parallel, reusing the cache's bodies that
    /// still hold), checks links between them, sorts the posts and derives the shared lists:
    /// one site per language of the site, the default language first, each of its own posts
    /// and pages. Returns the sites and the content errors found.
    pub fn build(
        config: Config,
        loaded_posts: Loaded,
        loaded_pages: Loaded,
        root: &std::path::Path,
        cache: &mut BodyCache,
        strings: &Languages,
    ) -> (Vec<Self>, Vec<ContentError>) {
        let mut posts = loaded_posts.posts;
        let pages = loaded_pages.posts;
        let mut left_out = loaded_posts.left_out;
        left_out.extend(loaded_pages.left_out);
        let mut errors = loaded_posts.errors;
        errors.extend(loaded_pages.errors);
        posts.sort_by(|a, b| {
            b.date()
                .map(PostDate::timestamp)
                .cmp(&a.date().map(PostDate::timestamp))
                .then_with(|| a.front.title.cmp(&b.front.title))
                .then_with(|| a.source.content_path.cmp(&b.source.content_path))
        });
        errors.extend(crate::content::orphan_translations(
            posts.iter().chain(&pages),
            &left_out,
        ));
        let versions = Arc::new(Versions::new(&config, posts.iter().chain(&pages)));
        let link_paths: HashMap<&str, &str> = posts
            .iter()
            .chain(&pages)
            .map(|p| (p.source.content_path.as_str(), p.url.as_str()))
            .collect();
        let languages = config.site_languages();
        let shared = Shared {
            root,
            left_out: &left_out,
            link_paths: &link_paths,
            versions: &versions,
        };
        let mut sites = Vec::with_capacity(languages.len());
        let mut kept = Vec::new();
        let mut rendered = 0;
        for (index, language) in languages.iter().enumerate() {
            let of_language = |post: &&Arc<Post>| {
                post.translation
                    .as_ref()
                    .map_or(index == 0, |own| own.same_as(language))
            };
            let own_posts: Vec<Arc<Post>> = posts.iter().filter(of_language).cloned().collect();
            let own_pages: Vec<Arc<Post>> = pages.iter().filter(of_language).cloned().collect();
            let site_language = SiteLanguage {
                language: language.clone(),
                root: language_root(&strings.0, index),
                strings: strings.of(language),
                index,
                all: strings.clone(),
            };
            let mut language_config = config.clone();
            site_language.localise(&mut language_config, index == 0);
            let built = Self::build_language(
                language_config,
                (own_posts, own_pages),
                site_language,
                &shared,
                cache,
            );
            errors.extend(built.errors);
            rendered += built.rendered;
            kept.extend(built.bodies);
            sites.push(built.site);
        }
        drop(link_paths);
        cache.rendered = rendered;
        cache.table.replace(kept);
        (sites, errors)
    }

    /// The site of one language, from its posts and pages (sorted newest first).
    fn build_language(
        config: Config,
        (posts, pages): (Vec<Arc<Post>>, Vec<Arc<Post>>),
        language: SiteLanguage,
        shared: &Shared,
        cache: &BodyCache,
    ) -> LanguageBuild {
        let urls = Urls::new(&config);
        let (tags, post_tags) = collect_tags(&posts);
        let in_feeds = posts_in_feeds(&config, &urls, posts.len(), &tags);

        let images = crate::images::Catalog::new(config.images.clone());
        let root = shared.root;
        let folder = |dir: &std::path::Path| root.join(dir).canonicalize().ok();
        let targets = LinkTargets {
            posts: shared.link_paths.clone(),
            left_out: shared.left_out,
            root,
            real_posts_dir: folder(&config.posts_dir),
            real_pages_dir: folder(&config.pages_dir),
            base_path: &urls.base_path,
            images: &images,
            static_dir: root.join(&config.static_dir),
            strings: &language.strings,
        };
        let links_key = links_key(&targets);
        let files: Vec<(&Arc<Post>, bool)> = posts
            .iter()
            .zip(in_feeds)
            .chain(pages.iter().map(|page| (page, false)))
            .collect();
        let rendered: Vec<(u64, Arc<RenderedBody>, bool)> = files
            .par_iter()
            .with_max_len(crate::MAX_ITEMS_PER_TASK)
            .map(|&(post, in_feed)| {
                let feed = in_feed.then(|| FeedLinks::new(urls.absolute(&post.url)));
                let key =
                    fingerprint(&(post.version, links_key, feed.as_ref().map(|f| &f.permalink)));
                let known = cache.table.get(&post.source.content_path, key);
                let fresh = known.is_none();
                let body = known.unwrap_or_else(|| {
                    let (markdown, errors) = markdown::render_post(post, &targets, feed.as_ref());
                    Arc::new(RenderedBody {
                        markdown: Arc::new(markdown),
                        errors,
                    })
                });
                (key, body, fresh)
            })
            .collect();
        drop(targets);
        let fresh = rendered.iter().filter(|(_, _, fresh)| *fresh).count();
        let bodies: Vec<(String, u64, Arc<RenderedBody>)> = files
            .iter()
            .zip(&rendered)
            .map(|((post, _), (key, body, _))| {
                (post.source.content_path.clone(), *key, Arc::clone(body))
            })
            .collect();
        drop(files);
        let errors = link_errors(posts.iter().chain(&pages), &rendered);

        let mut rendered = rendered.into_iter().map(|(key, body, _)| (key, body));
        let no_tags = std::iter::repeat_with(Vec::new);
        let posts: Vec<RenderedPost> = rendered_posts(posts, &mut rendered, post_tags.into_iter());
        let pages: Vec<RenderedPost> = rendered_posts(pages, &mut rendered, no_tags);
        let featured = posts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.post.front.featured)
            .map(|(i, _)| i)
            .take(config.featured_posts)
            .collect();
        let recent = (0..posts.len().min(config.recent_posts)).collect();
        let people = people_posts(&config, &posts);
        let related = related_posts(&posts, &tags);
        let site = Self {
            config,
            urls,
            language,
            versions: Arc::clone(shared.versions),
            posts,
            pages,
            featured,
            recent,
            tags,
            people,
            related,
            images,
            static_images: HashMap::new(),
        };
        LanguageBuild {
            site,
            errors,
            bodies,
            rendered: fresh,
        }
    }

    /// A site path in this site's language: `/tags/` is `/es/tags/` in Spanish.
    pub fn in_language(&self, site_path: &str) -> String {
        format!(
            "{}{}",
            self.language.root,
            site_path.trim_start_matches('/')
        )
    }

    /// A site path of the default language (a menu entry's, a notice's) as this language
    /// shows it: the translation of the post or page there, when it has one; else the same
    /// path.
    pub fn translated_site_path(&self, site_path: &str) -> String {
        if self.is_default_language() {
            return site_path.to_owned();
        }
        self.versions
            .translate(site_path, self.language.index)
            .unwrap_or(site_path)
            .to_owned()
    }

    /// Whether this is the site of the default language (or of the only one).
    pub fn is_default_language(&self) -> bool {
        self.language.root == "/"
    }

    /// The site path of a tag's page.
    pub fn tag_url(&self, tag: &Tag) -> String {
        self.in_language(&format!("/tags/{}/", tag.slug))
    }

    /// The site path of a person's page.
    pub fn person_url(&self, id: &str) -> String {
        self.in_language(&format!("/people/{}/", slugify(id)))
    }

    /// Feeds and the sitemap need absolute URLs, so they exist only with a `base_url`.
    pub fn has_feeds(&self) -> bool {
        self.urls.base_url.is_some()
    }
}

/// Marks the posts that appear in a feed (the newest overall, and the newest of each tag), the
/// only ones whose feed version of the body is worth rendering.
fn posts_in_feeds(config: &Config, urls: &Urls, count: usize, tags: &[Tag]) -> Vec<bool> {
    let mut in_feeds = vec![false; count];
    if urls.base_url.is_none() {
        return in_feeds;
    }
    for flag in in_feeds.iter_mut().take(config.feed_limit) {
        *flag = true;
    }
    for tag in tags {
        for &index in tag.posts.iter().take(config.feed_limit) {
            in_feeds[index] = true;
        }
    }
    in_feeds
}

fn people_posts(config: &Config, posts: &[RenderedPost]) -> Vec<PersonPosts> {
    let mut people: Vec<PersonPosts> = config
        .people
        .keys()
        .map(|id| PersonPosts {
            id: id.clone(),
            written: Vec::new(),
            reviewed: Vec::new(),
        })
        .collect();
    let position: HashMap<&str, usize> = config
        .people
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let positions =
        |ids: &[String]| -> Vec<usize> { ids.iter().map(|id| position[id.as_str()]).collect() };
    let bylines: Vec<(Vec<usize>, Vec<usize>)> = posts
        .par_iter()
        .map(|post| {
            let front = &post.post.front;
            (positions(&front.author.0), positions(&front.reviewed_by.0))
        })
        .collect();
    for (index, (authors, reviewers)) in bylines.into_iter().enumerate() {
        for person in authors {
            people[person].written.push(index);
        }
        for person in reviewers {
            people[person].reviewed.push(index);
        }
    }
    people
}

/// How many related posts a post shows.
pub const RELATED_POSTS: usize = 3;

/// How many posts on each side of a post, in each of its tags' and conditions' lists, are
/// weighed as related: the work per post stays the same however long the lists grow.
const RELATED_WINDOW: usize = 24;

/// Each post's related posts: those sharing the most tags and conditions with it, ties going
/// to the post nearest in date, then the newer. Candidates are the posts nearest in date in
/// each list the post is in, so each post costs the same at any size of site.
fn related_posts(posts: &[RenderedPost], tags: &[Tag]) -> Vec<Vec<usize>> {
    let mut by_condition: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, post) in posts.iter().enumerate() {
        for condition in &post.post.front.conditions {
            let list = by_condition.entry(slugify(&condition.name)).or_default();
            // A post naming a condition twice is in its list once.
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    posts
        .par_iter()
        .enumerate()
        .map(|(index, post)| {
            let conditions = post
                .post
                .front
                .conditions
                .iter()
                .filter_map(|condition| by_condition.get(&slugify(&condition.name)));
            let lists = post
                .tags
                .iter()
                .map(|&tag| &tags[tag].posts)
                .chain(conditions);
            // Every candidate once per list it is in: sorted, each run of one index is its
            // score.
            let mut candidates: Vec<usize> = Vec::new();
            for list in lists {
                // Lists hold indices in ascending order, newest first, as the posts are sorted.
                let position = list.binary_search(&index).unwrap_or_else(|at| at);
                let start = position.saturating_sub(RELATED_WINDOW);
                let end = list.len().min(position + RELATED_WINDOW + 1);
                candidates.extend(list[start..end].iter().filter(|&&other| other != index));
            }
            candidates.sort_unstable();
            let seconds = |post: &RenderedPost| {
                post.post
                    .date()
                    .map_or(0, |date| date.timestamp().as_second())
            };
            let own = seconds(post);
            let mut ranked: Vec<(usize, usize)> = candidates
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len()))
                .collect();
            ranked.sort_unstable_by_key(|&(other, score)| {
                let apart = seconds(&posts[other]).abs_diff(own);
                (std::cmp::Reverse(score), apart, other)
            });
            ranked
                .into_iter()
                .take(RELATED_POSTS)
                .map(|(other, _)| other)
                .collect()
        })
        .collect()
}

/// Pairs each post (or page) with its rendered body (and the key it was rendered under) and
/// its tags, taking the bodies from `rendered` in order.
fn rendered_posts(
    posts: Vec<Arc<Post>>,
    rendered: &mut impl Iterator<Item = (u64, Arc<RenderedBody>)>,
    tags: impl Iterator<Item = Vec<usize>>,
) -> Vec<RenderedPost> {
    posts
        .into_iter()
        .zip(rendered)
        .zip(tags)
        .map(|((post, (key, body)), tags)| RenderedPost {
            post,
            fingerprint: with_assets(key, &body.markdown.assets),
            markdown: Arc::clone(&body.markdown),
            tags,
        })
        .collect()
}

/// A body's key with the length and modification time of each file it links to or shows: a
/// page whose image was replaced (another size, so other `width` and `height`) is not the
/// page an earlier build made, though its text is the same.
fn with_assets(key: u64, assets: &[markdown::Asset]) -> u64 {
    if assets.is_empty() {
        return key;
    }
    let stamps: Vec<_> = assets
        .iter()
        .map(|asset| crate::fs::stamp(&asset.source))
        .collect();
    fingerprint(&(key, stamps))
}

/// What every post's links resolve against: which posts exist at which URLs, which are left
/// out and why, and where. A body rendered under the same key links the same way.
fn links_key(targets: &LinkTargets) -> u64 {
    let mut posts: Vec<(&str, &str)> = targets.posts.iter().map(|(&p, &u)| (p, u)).collect();
    posts.sort_unstable();
    let mut left_out: Vec<(&String, &&str)> = targets.left_out.iter().collect();
    left_out.sort_unstable();
    fingerprint(&(
        posts,
        left_out,
        targets.root,
        &targets.real_posts_dir,
        &targets.real_pages_dir,
        targets.base_path,
        targets.images.settings(),
        targets.strings.fingerprint,
    ))
}

/// Errors found while rendering, plus links whose `#fragment` names no id of their target.
fn link_errors<'a>(
    posts: impl Iterator<Item = &'a Arc<Post>>,
    rendered: &[(u64, Arc<RenderedBody>, bool)],
) -> Vec<ContentError> {
    let posts: Vec<(&Arc<Post>, &Arc<RenderedBody>)> = posts
        .zip(rendered)
        .map(|(post, (_, body, _))| (post, body))
        .collect();
    let ids_by_path: HashMap<&str, &HashSet<String>> = posts
        .par_iter()
        .map(|(post, body)| (post.source.content_path.as_str(), &body.markdown.ids))
        .collect();
    posts
        .par_iter()
        .flat_map_iter(|(post, body)| {
            let broken_fragments =
                markdown::check_fragments(post, &body.markdown.fragment_links, &ids_by_path);
            body.errors.iter().cloned().chain(broken_fragments)
        })
        .collect()
}

/// Groups posts (sorted newest first) by tag slug; returns the tags and each post's tag
/// indices. The display name is the first spelling met in file-path order, so it does not
/// change when posts are re-dated.
fn collect_tags(posts: &[Arc<Post>]) -> (Vec<Tag>, Vec<Vec<usize>>) {
    let names = posts
        .par_iter()
        .fold(FirstSpellings::new, |mut names, post| {
            let path = post.source.content_path.as_str();
            for (name, slug) in post.front.tags.iter().zip(&post.tag_slugs) {
                keep_first_spelling(&mut names, slug, (path, name.trim()));
            }
            names
        })
        .reduce(FirstSpellings::new, |mut names, other| {
            for (slug, spelling) in other {
                keep_first_spelling(&mut names, slug, spelling);
            }
            names
        });
    let mut tags: Vec<Tag> = names
        .into_iter()
        .map(|(slug, (_, name))| Tag {
            name: name.to_owned(),
            slug: slug.to_owned(),
            posts: Vec::new(),
        })
        .collect();
    tags.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let index_of: HashMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let post_tags: Vec<Vec<usize>> = posts
        .par_iter()
        .map(|post| {
            let mut indices = Vec::with_capacity(post.tag_slugs.len());
            for slug in &post.tag_slugs {
                let tag = index_of[slug.as_str()];
                if !indices.contains(&tag) {
                    indices.push(tag);
                }
            }
            indices
        })
        .collect();
    drop(index_of);
    for (post_index, indices) in post_tags.iter().enumerate() {
        for &tag in indices {
            tags[tag].posts.push(post_index);
        }
    }
    (tags, post_tags)
}

/// Each tag slug's first spelling: `(posts path, name)` of the first file, in path order,
/// that spells it.
type FirstSpellings<'a> = HashMap<&'a str, (&'a str, &'a str)>;

/// Keeps `spelling` for `slug` if no file before it in path order spelled the slug. Within one
/// file the first spelling stays, as the files' spellings are offered in order.
fn keep_first_spelling<'a>(
    names: &mut FirstSpellings<'a>,
    slug: &'a str,
    spelling: (&'a str, &'a str),
) {
    names
        .entry(slug)
        .and_modify(|kept| {
            if spelling.0 < kept.0 {
                *kept = spelling;
            }
        })
        .or_insert(spelling);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::content::parse_post;

    /// A post of this path, date and tags (a line of them), titled by its path.
    fn dated(path: &str, date: &str, tags: &str) -> Arc<Post> {
        let text = format!("---\ntitle: {path}\ndate: {date}\ntags: [{tags}]\n---\nText.\n");
        let post = parse_post(
            PathBuf::from(format!("posts/{path}")),
            path.to_owned(),
            text.into_bytes(),
            &Config::default(),
        );
        Arc::new(post.expect("a valid post"))
    }

    fn tagged(path: &str, tags: &str) -> Arc<Post> {
        dated(path, "2025-01-01", tags)
    }

    /// The site of these posts, which must have no errors.
    fn site_of(posts: Vec<Arc<Post>>) -> Site {
        let loaded = Loaded {
            posts,
            ..Loaded::default()
        };
        let config = Config::default();
        let strings = crate::i18n::built_in_only(&config);
        let (mut sites, errors) = Site::build(
            config,
            loaded,
            Loaded::default(),
            std::path::Path::new("."),
            &mut BodyCache::new(false),
            &strings,
        );
        assert!(errors.is_empty(), "{errors:?}");
        sites.remove(0)
    }

    /// Guards `release_sources`: the text of a post only the site holds is freed, while a post
    /// shared with someone else (the memo of `salve serve`) keeps its text; the rendered
    /// bodies stay.
    #[test]
    fn releasing_sources_frees_only_the_text_no_one_else_holds() {
        let shared = tagged("shared.md", "Sleep");
        let held_elsewhere = Arc::clone(&shared);
        let mut site = site_of(vec![tagged("alone.md", "Sleep"), shared]);
        site.release_sources();
        let text_of = |path: &str| {
            let post = site
                .posts
                .iter()
                .find(|p| p.post.source.folder_path == path);
            post.expect("the post").post.source.body().to_owned()
        };
        assert_eq!(text_of("alone.md"), "");
        assert_eq!(text_of("shared.md"), "Text.\n");
        assert_eq!(held_elsewhere.source.body(), "Text.\n");
        assert!(site.posts.iter().all(|p| p.markdown.html.contains("Text.")));
    }

    fn related_titles(site: &Site, title: &str) -> Vec<String> {
        let index = site
            .posts
            .iter()
            .position(|post| post.post.front.title == title)
            .expect("the post");
        site.related[index]
            .iter()
            .map(|&other| site.posts[other].post.front.title.clone())
            .collect()
    }

    /// Guards related posts: the posts sharing the most tags come first, a post never relates
    /// to itself, equal scores go to the post nearest in date (then the newer), a post with
    /// no tags relates to none, and at most three are kept.
    #[test]
    fn related_posts_share_the_most_tags_and_ties_go_to_the_nearest_in_date() {
        let site = site_of(vec![
            dated("knee.md", "2025-06-01", "knee, exercise, pain"),
            dated("both.md", "2025-01-01", "knee, exercise"),
            dated("knee-old.md", "2020-01-01", "knee"),
            dated("knee-near.md", "2025-05-25", "knee"),
            dated("knee-later.md", "2025-07-01", "knee"),
            dated("pain.md", "2025-05-20", "pain"),
            dated("alone.md", "2025-06-02", ""),
        ]);
        assert_eq!(
            related_titles(&site, "knee.md"),
            ["both.md", "knee-near.md", "pain.md"]
        );
        assert_eq!(
            related_titles(&site, "knee-near.md"),
            ["knee.md", "knee-later.md", "both.md"]
        );
        assert!(related_titles(&site, "alone.md").is_empty());
        for (index, related) in site.related.iter().enumerate() {
            assert!(!related.contains(&index), "post {index} relates to itself");
            assert!(related.len() <= RELATED_POSTS);
        }
    }

    /// Guards the tags collected on every core: a tag's name is its first spelling in path
    /// order, wherever in the list (and so on whichever core) that file is met, and each tag
    /// lists its posts in the order given, once each.
    #[test]
    fn a_tag_is_named_by_its_first_spelling_in_path_order() {
        let posts: Vec<Arc<Post>> = (0..3000)
            .rev()
            .map(|number| {
                let spelling = match number {
                    0 => "Back Pain, back pain",
                    _ if number % 2 == 0 => "back pain, Sleep",
                    _ => "BACK PAIN",
                };
                tagged(&format!("post-{number:04}.md"), spelling)
            })
            .collect();
        let (tags, post_tags) = collect_tags(&posts);
        let names: Vec<&str> = tags.iter().map(|tag| tag.name.as_str()).collect();
        assert_eq!(names, ["Back Pain", "Sleep"]);
        assert_eq!(tags[0].posts, (0..3000).collect::<Vec<_>>());
        assert_eq!(tags[1].posts.len(), 1499);
        assert_eq!(post_tags[2999], [0]);
        assert_eq!(post_tags[2997], [0, 1]);
    }

    /// Guards what each language's pages take from its table: another language gets its own
    /// disclaimer and date pattern over `salve.yaml`'s (none for a language without a table,
    /// so that one suiting it is used); the default language keeps `salve.yaml`'s pattern and
    /// shows its table's disclaimer when `salve.yaml` sets none.
    #[test]
    fn each_language_shows_its_own_disclaimer_and_date_pattern() {
        let config = Config {
            languages: ["en", "es", "fr"]
                .map(|code| Language(code.to_owned()))
                .to_vec(),
            date_format: Some("MMMM d, y".to_owned()),
            ..Config::default()
        };
        let strings = crate::i18n::built_in_only(&config);
        let localised = |index: usize| {
            let language = SiteLanguage {
                language: config.languages[index].clone(),
                root: language_root(&strings.0, index),
                strings: Arc::clone(&strings.0[index]),
                index,
                all: strings.clone(),
            };
            let mut localised = config.clone();
            language.localise(&mut localised, index == 0);
            localised
        };
        let (en, es, fr) = (localised(0), localised(1), localised(2));
        assert_eq!(en.date_format(), "MMMM d, y");
        assert_eq!(es.date_format(), "d 'de' MMMM 'de' y");
        assert_eq!(fr.date_format(), "d MMMM y");
        assert_eq!(en.disclaimer, crate::config::DEFAULT_DISCLAIMER);
        assert!(
            es.disclaimer.starts_with("Este artículo"),
            "{}",
            es.disclaimer
        );
        assert_eq!(
            (es.language.0.as_str(), es.title.as_str()),
            ("es", "Clinic blog")
        );
    }
}
