//! The one list of the site's pages. Every page salve renders is a [`Page`]: its kind and the
//! index of what it shows. Rendering, the sitemap, the search index, the check of output paths
//! and the page cache all read this list, so a new kind of page is a new variant here and a
//! template in the theme.

use crate::content::{PostDate, alias_output_file, output_file_for};
use crate::diagnostics::ContentError;
use crate::files::Writer;
use crate::site::{RenderedPost, Site};

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// A page of the home page's list of posts (1-based).
    Home(usize),
    /// A post's page (index into `Site::posts`).
    Post(usize),
    /// A page of the pages folder: About, a notice, a service (index into `Site::pages`).
    Standalone(usize),
    /// The list of all tags.
    Tags,
    /// A page (1-based) of one tag's posts (index into `Site::tags`).
    Tag(usize, usize),
    /// A person's page (index into `Site::people`).
    Person(usize),
    /// The directory of the clinic's people (`/people/`).
    People,
    /// The clinic's locations, with directions (`/locations/`), when it lists them.
    Locations,
    /// Every post, year by year (`/archive/`).
    Archive,
    /// The search page.
    Search,
    /// The "not found" page.
    NotFound,
    /// A redirect from an old address of a post or page: which one, and which of its aliases.
    Alias(Document, usize),
}

/// A post or a page of the pages folder: what has a Markdown file, aliases and a writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// A post (index into `Site::posts`).
    Post(usize),
    /// A page (index into `Site::pages`).
    Page(usize),
}

impl Document {
    /// The post or page.
    pub fn of(self, site: &Site) -> &RenderedPost {
        match self {
            Self::Post(index) => &site.posts[index],
            Self::Page(index) => &site.pages[index],
        }
    }
}

/// Every page of the site, in the order a reader meets them: the home pages, the posts, the
/// site's own pages, the tags, the people, the locations, the archive, then the search page,
/// the "not found" page and the redirects.
pub fn list(site: &Site) -> Vec<Page> {
    let per_page = site.config.posts_per_page.0;
    let mut pages: Vec<Page> = (1..=page_count(site.posts.len(), per_page))
        .map(Page::Home)
        .collect();
    pages.extend((0..site.posts.len()).map(Page::Post));
    pages.extend((0..site.pages.len()).map(Page::Standalone));
    pages.push(Page::Tags);
    for (index, tag) in site.tags.iter().enumerate() {
        pages.extend((1..=page_count(tag.posts.len(), per_page)).map(|n| Page::Tag(index, n)));
    }
    pages.extend((0..site.people.len()).map(Page::Person));
    if !site.people.is_empty() {
        pages.push(Page::People);
    }
    if !site.config.locations().is_empty() {
        pages.push(Page::Locations);
    }
    pages.push(Page::Archive);
    if site.config.search {
        pages.push(Page::Search);
    }
    pages.push(Page::NotFound);
    let documents = (0..site.posts.len())
        .map(Document::Post)
        .chain((0..site.pages.len()).map(Document::Page));
    for document in documents {
        let aliases = document.of(site).post.front.aliases.len();
        pages.extend((0..aliases).map(|alias| Page::Alias(document, alias)));
    }
    pages
}

impl Page {
    /// The page's path on the site, without the base path: `/`, `/page/2/`, `/tags/pain/`.
    pub fn site_path(self, site: &Site) -> String {
        match self {
            Self::Home(number) => list_page_path(&site.in_language("/"), number),
            Self::Post(index) => site.posts[index].post.url.clone(),
            Self::Standalone(index) => site.pages[index].post.url.clone(),
            Self::Tags => site.in_language(TAGS_PATH),
            Self::Tag(index, number) => list_page_path(&site.tag_url(&site.tags[index]), number),
            Self::Person(index) => site.person_url(&site.people[index].id),
            Self::People => site.in_language(PEOPLE_PATH),
            Self::Locations => site.in_language(LOCATIONS_PATH),
            Self::Archive => site.in_language(ARCHIVE_PATH),
            Self::Search => site.in_language(SEARCH_PATH),
            Self::NotFound => site.in_language(NOT_FOUND_PATH),
            Self::Alias(document, alias) => document.of(site).post.front.aliases[alias].clone(),
        }
    }

    /// The file the page is written to, inside the output folder.
    pub fn output_file(self, site: &Site) -> String {
        match self {
            Self::Post(index) => site.posts[index].post.output_file.clone(),
            Self::Standalone(index) => site.pages[index].post.output_file.clone(),
            // Aliases were checked when the posts were read; an unusable one has no file.
            Self::Alias(document, alias) => {
                alias_output_file(&document.of(site).post.front.aliases[alias]).unwrap_or_default()
            }
            _ => output_file_for(&self.site_path(site)),
        }
    }

    /// What writes the page, for the error when another output takes its file.
    pub fn writer(self, site: &Site) -> Writer {
        let file = |post: &RenderedPost| Writer {
            what: format!(
                "the {} `{}`",
                post.post.kind_name(),
                post.post.source.display_path.display()
            ),
            place: Some(ContentError::at_start(&post.post.source.display_path, "")),
        };
        match self {
            Self::Post(index) => file(&site.posts[index]),
            Self::Standalone(index) => file(&site.pages[index]),
            Self::Alias(document, alias) => {
                let post = &document.of(site).post;
                Writer {
                    what: format!(
                        "the alias `{}` of `{}`",
                        post.front.aliases[alias],
                        post.source.display_path.display()
                    ),
                    place: Some(post.source.key_error("aliases", "")),
                }
            }
            Self::Home(number) => Writer::generated(format!("page {number} of the home page")),
            Self::Tags => Writer::generated("the list of tags"),
            Self::Tag(index, number) => Writer::generated(format!(
                "page {number} of the tag `{}`",
                site.tags[index].name
            )),
            Self::Person(index) => {
                Writer::generated(format!("the page of `{}`", site.people[index].id))
            }
            Self::People => Writer::generated("the directory of people"),
            Self::Locations => Writer::generated("the list of locations"),
            Self::Archive => Writer::generated("the archive of posts"),
            Self::Search => Writer::generated("the search page"),
            Self::NotFound => Writer::generated("the \"not found\" page"),
        }
    }

    /// The site paths of this page in every language of the site, by language index (the
    /// default first), when it has versions in other languages: a translated post or page, or
    /// a page every language has (the home page, the list of tags, the archive). Empty
    /// otherwise.
    pub fn versions(self, site: &Site) -> Vec<(usize, String)> {
        let languages = &site.language.all.0;
        if languages.len() < 2 {
            return Vec::new();
        }
        let in_each = |path: &str| -> Vec<(usize, String)> {
            (0..languages.len())
                .map(|index| {
                    let root = crate::site::language_root(languages, index);
                    (index, format!("{root}{}", path.trim_start_matches('/')))
                })
                .collect()
        };
        match self {
            Self::Post(index) => document_versions(&site.posts[index], site),
            Self::Standalone(index) => document_versions(&site.pages[index], site),
            Self::Home(1) => in_each("/"),
            Self::Tags => in_each(TAGS_PATH),
            Self::Archive => in_each(ARCHIVE_PATH),
            Self::People => in_each(PEOPLE_PATH),
            Self::Locations => in_each(LOCATIONS_PATH),
            Self::Search => in_each(SEARCH_PATH),
            Self::Person(index) => in_each(&format!(
                "/people/{}/",
                crate::slug::slugify(&site.people[index].id)
            )),
            _ => Vec::new(),
        }
    }

    /// Whether search engines should index the page: redirects, the search page and the "not
    /// found" page stay out of the sitemap.
    pub fn in_sitemap(self) -> bool {
        !matches!(self, Self::Alias(..) | Self::Search | Self::NotFound)
    }

    /// Whether the page goes into the search index: a post or page that does not opt out.
    pub fn is_searchable(self, site: &Site) -> bool {
        match self {
            Self::Post(index) => site.posts[index].post.front.search,
            Self::Standalone(index) => site.pages[index].post.front.search,
            _ => false,
        }
    }

    /// When what the page shows last changed: the newest change among its posts.
    pub fn last_modified(self, site: &Site) -> Option<&PostDate> {
        let per_page = site.config.posts_per_page.0;
        let newest = |indices: &mut dyn Iterator<Item = usize>| {
            indices
                .filter_map(|i| site.posts[i].post.last_modified())
                .max_by_key(|date| date.timestamp())
        };
        let on_page = |number: usize, len: usize| {
            let start = (number - 1) * per_page;
            start..len.min(start + per_page)
        };
        match self {
            Self::Home(number) => newest(&mut on_page(number, site.posts.len())),
            Self::Post(index) => site.posts[index].post.last_modified(),
            Self::Standalone(index) => site.pages[index].post.last_modified(),
            Self::Tags | Self::Archive => newest(&mut (0..site.posts.len())),
            Self::Tag(index, number) => {
                let posts = &site.tags[index].posts;
                newest(&mut on_page(number, posts.len()).map(|position| posts[position]))
            }
            Self::Person(index) => {
                let person = &site.people[index];
                newest(&mut person.written.iter().chain(&person.reviewed).copied())
            }
            Self::People | Self::Locations | Self::Search | Self::NotFound | Self::Alias(..) => {
                None
            }
        }
    }
}

/// Where a post's or page's versions live, by language index.
fn document_versions(post: &RenderedPost, site: &Site) -> Vec<(usize, String)> {
    site.versions
        .of(&post.post)
        .iter()
        .map(|version| (version.language, version.url.clone()))
        .collect()
}

/// The site path of the list of tags.
pub const TAGS_PATH: &str = "/tags/";
/// The site path of the directory of people.
pub const PEOPLE_PATH: &str = "/people/";
/// The site path of the list of locations.
pub const LOCATIONS_PATH: &str = "/locations/";
/// The site path of the archive.
pub const ARCHIVE_PATH: &str = "/archive/";
/// The site path of the search page.
pub const SEARCH_PATH: &str = "/search/";
/// The site path of the "not found" page (a file, as static hosts expect it).
pub const NOT_FOUND_PATH: &str = "/404.html";

/// The site path of page `number` of a list whose first page is `base`.
pub fn list_page_path(base: &str, number: usize) -> String {
    if number == 1 {
        base.to_owned()
    } else {
        format!("{base}page/{number}/")
    }
}

/// How many pages a list of `items` takes; an empty list still has its first page.
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The output file a site path (after its first `/`, decoded) leads to, as a static host
/// serves it: a folder's `index.html`, else the file itself, else the folder of that name.
pub fn file_for_site_path(path: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return exists(&index).then_some(index);
    }
    if exists(path) {
        return Some(path.to_owned());
    }
    let index = format!("{path}/index.html");
    exists(&index).then_some(index)
}

/// Links to site paths (`/contact/`) and lead images given as site paths that lead to no
/// output of the site, each at its place in its post. `exists` says whether the output folder
/// will hold a file.
pub fn missing_site_paths(
    site: &Site,
    exists: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<ContentError> {
    use rayon::prelude::*;
    site.posts
        .par_iter()
        .chain(&site.pages)
        .flat_map_iter(|post| {
            let source = &post.post.source;
            let links = post
                .markdown
                .site_links
                .iter()
                .filter(|link| file_for_site_path(&link.path, exists).is_none())
                .map(|link| {
                    source.body_error(
                        link.offset,
                        format!(
                            "the link `/{}` leads to no page or file of the site; fix the path, or add the page (static files go in `static/`)",
                            link.path
                        ),
                    )
                });
            let image = post
                .post
                .front
                .image
                .as_deref()
                .and_then(|image| image.strip_prefix('/'))
                .filter(|image| !image.starts_with('/'))
                .filter(|image| file_for_site_path(image, exists).is_none())
                .map(|image| {
                    source.key_error(
                        "image",
                        format!("the image `/{image}` is no file of the site; put it in `static/` or next to the post"),
                    )
                });
            links.chain(image).collect::<Vec<_>>()
        })
        .collect()
}
