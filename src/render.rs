//! Rendering: turns the [`Site`] and the [`Theme`] into the list of output files, one job per
//! page, in parallel. Site-wide values (the lists in the sidebar, each post's data) are built
//! once as template values and shared by reference between pages, so a page costs the same
//! whatever the number of posts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::{Clinic, Config};
use crate::diagnostics::ContentError;
use crate::markdown::{TocEntry, escape};
use crate::site::{RenderedPost, Site, Tag};
use crate::theme::{FileSource, Theme};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path inside the output folder, `/`-separated, e.g. `posts/a/index.html`.
    pub path: String,
    /// What to write there.
    pub contents: Contents,
}

/// The bytes of an output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Copied from the theme, the static folder or beside a post.
    File(FileSource),
}

/// Words per minute used for reading time: a calm pace suits patient-education readers.
const WORDS_PER_MINUTE: usize = 200;

/// Renders every page and lists every file to copy. All content errors come back together.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Output>, Vec<ContentError>> {
    let post_values: Vec<Value> = site
        .posts
        .par_iter()
        .map(|post| post_value(site, post))
        .collect();
    let site_value = site_value(site, &post_values);
    let shared = Shared {
        site,
        theme,
        site_value,
        post_values,
    };

    let jobs = jobs(site);
    let results: Vec<Result<Output, ContentError>> =
        jobs.par_iter().map(|job| shared.render(job)).collect();
    let mut outputs = Vec::with_capacity(results.len() + theme.static_files.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(error) => errors.push(error),
        }
    }
    outputs.extend(theme.static_files.iter().map(|(path, source)| Output {
        path: path.clone(),
        contents: Contents::File(source.clone()),
    }));
    outputs.extend(assets(site));
    errors.extend(duplicate_outputs(&outputs));
    dedup_template_errors(&mut errors);
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// The pages of a site.
#[derive(Debug, Clone)]
enum Job {
    /// A page of the home page's list of posts (1-based).
    Home(usize),
    /// A post's page.
    Post(usize),
    /// The list of all tags.
    Tags,
    /// A page of one tag's posts.
    Tag(usize, usize),
    /// The "not found" page.
    NotFound,
    /// A redirect from an old address of a post.
    Alias(usize, usize),
}

fn jobs(site: &Site) -> Vec<Job> {
    let per_page = site.config.posts_per_page.0;
    let mut jobs: Vec<Job> = (1..=page_count(site.posts.len(), per_page))
        .map(Job::Home)
        .collect();
    jobs.extend((0..site.posts.len()).map(Job::Post));
    jobs.push(Job::Tags);
    for (index, tag) in site.tags.iter().enumerate() {
        jobs.extend((1..=page_count(tag.posts.len(), per_page)).map(|page| Job::Tag(index, page)));
    }
    jobs.push(Job::NotFound);
    for (index, post) in site.posts.iter().enumerate() {
        jobs.extend((0..post.post.front.aliases.len()).map(|alias| Job::Alias(index, alias)));
    }
    jobs
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

struct Shared<'a> {
    site: &'a Site,
    theme: &'a Theme,
    site_value: Value,
    post_values: Vec<Value>,
}

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
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

impl Shared<'_> {
    fn render(&self, job: &Job) -> Result<Output, ContentError> {
        let site = self.site;
        match *job {
            Job::Home(number) => {
                let list = PostList {
                    len: site.posts.len(),
                    post_at: &|position| position,
                };
                let (path, context) = self.list_page(
                    "index",
                    &site.config.title,
                    &site.config.description,
                    "/",
                    &list,
                    number,
                );
                self.render_template("index.html", &path, context)
            }
            Job::Post(index) => {
                let post = &site.posts[index];
                let mut context = self.context(&PageView {
                    kind: "post",
                    title: &post.post.front.title,
                    description: post_description(post).as_str(),
                    url: site.urls.path(&post.post.url),
                    permalink: site.urls.absolute(&post.post.url),
                });
                context.insert_value("post", self.post_values[index].clone());
                context.insert_value(
                    "newer",
                    index
                        .checked_sub(1)
                        .map_or_else(Value::none, |i| self.post_values[i].clone()),
                );
                context.insert_value(
                    "older",
                    self.post_values
                        .get(index + 1)
                        .cloned()
                        .unwrap_or_else(Value::none),
                );
                self.render_template("post.html", &post.post.url, context)
            }
            Job::Tags => {
                let context = self.context(&PageView {
                    kind: "tags",
                    title: "Tags",
                    description: "Every topic on this blog, with its number of posts.",
                    url: site.urls.path("/tags/"),
                    permalink: site.urls.absolute("/tags/"),
                });
                self.render_template("tags.html", "/tags/", context)
            }
            Job::Tag(tag_index, number) => {
                let tag = &site.tags[tag_index];
                let title = format!("Posts tagged “{}”", tag.name);
                let description = format!("Posts about {} from {}.", tag.name, site.config.title);
                let (path, mut context) = self.list_page(
                    "tag",
                    &title,
                    &description,
                    &Site::tag_url(tag),
                    &PostList {
                        len: tag.posts.len(),
                        post_at: &|position| tag.posts[position],
                    },
                    number,
                );
                context.insert("tag", &tag_view(site, tag));
                self.render_template("tag.html", &path, context)
            }
            Job::NotFound => {
                let context = self.context(&PageView {
                    kind: "404",
                    title: "Page not found",
                    description: "This page does not exist.",
                    url: site.urls.path("/404.html"),
                    permalink: site.urls.absolute("/404.html"),
                });
                self.render_template("404.html", "/404.html", context)
            }
            Job::Alias(post_index, alias_index) => Ok(alias_page(
                site,
                &site.posts[post_index],
                &site.posts[post_index].post.front.aliases[alias_index],
            )),
        }
    }

    fn context(&self, page: &PageView) -> Context {
        let mut context = Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("page", page);
        context
    }

    /// A page of a paginated list of posts; returns its site path and context.
    fn list_page(
        &self,
        kind: &'static str,
        title: &str,
        description: &str,
        base: &str,
        list: &PostList,
        number: usize,
    ) -> (String, Context) {
        let urls = &self.site.urls;
        let per_page = self.site.config.posts_per_page.0;
        let total_pages = page_count(list.len, per_page);
        let page_path = |n: usize| {
            if n == 1 {
                base.to_owned()
            } else {
                format!("{base}page/{n}/")
            }
        };
        let path = page_path(number);
        let title = if number == 1 {
            title.to_owned()
        } else {
            format!("{title} (page {number} of {total_pages})")
        };
        let mut context = self.context(&PageView {
            kind,
            title: &title,
            description,
            url: urls.path(&path),
            permalink: urls.absolute(&path),
        });
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

    fn render_template(
        &self,
        template: &str,
        site_path: &str,
        context: Context,
    ) -> Result<Output, ContentError> {
        let html = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|error| self.theme.error(&error, site_path))?;
        Ok(Output {
            path: crate::content::output_file_for(site_path),
            contents: Contents::Bytes(html.into_bytes()),
        })
    }
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

fn tag_view<'a>(site: &Site, tag: &'a Tag) -> TagView<'a> {
    TagView {
        name: &tag.name,
        slug: &tag.slug,
        url: site.urls.path(&Site::tag_url(tag)),
        count: tag.posts.len(),
    }
}

#[derive(Serialize)]
struct PostView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
    date: String,
    date_iso: String,
    updated: Option<String>,
    updated_iso: Option<String>,
    description: String,
    summary: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    word_count: usize,
    reading_time: usize,
    tags: Vec<TagView<'a>>,
    featured: bool,
    draft: bool,
    author: Option<&'a str>,
    image: Option<String>,
    image_alt: Option<&'a str>,
    disclaimer: Option<&'a str>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    source_path: String,
}

/// A post's template value, built once and shared by every page that shows the post.
fn post_value(site: &Site, post: &RenderedPost) -> Value {
    let front = &post.post.front;
    let view = PostView {
        title: &front.title,
        slug: &post.post.slug,
        url: site.urls.path(&post.post.url),
        permalink: site.urls.absolute(&post.post.url),
        date: post.post.date.rfc3339(),
        date_iso: post.post.date.html_datetime(),
        updated: front
            .updated
            .as_ref()
            .map(crate::content::PostDate::rfc3339),
        updated_iso: front
            .updated
            .as_ref()
            .map(crate::content::PostDate::html_datetime),
        description: post_description(post),
        summary: &post.markdown.summary_html,
        content: &post.markdown.html,
        toc: &post.markdown.toc,
        word_count: post.markdown.word_count,
        reading_time: post.markdown.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
        tags: post
            .tags
            .iter()
            .map(|&t| tag_view(site, &site.tags[t]))
            .collect(),
        featured: front.featured,
        draft: front.draft,
        author: front.author.as_deref(),
        image: front
            .image
            .as_deref()
            .map(|image| image_url(site, post, image)),
        image_alt: front.image_alt.as_deref(),
        disclaimer: disclaimer(&site.config, post),
        extra: &front.extra,
        source_path: post
            .post
            .source
            .display_path
            .to_string_lossy()
            .replace('\\', "/"),
    };
    Value::from_serializable(&view)
}

fn disclaimer<'a>(config: &'a Config, post: &'a RenderedPost) -> Option<&'a str> {
    use crate::content::DisclaimerSetting;
    let text = match &post.post.front.disclaimer {
        Some(DisclaimerSetting::Show(false)) => return None,
        Some(DisclaimerSetting::Text(text)) => text.as_str(),
        Some(DisclaimerSetting::Show(true)) | None => config.disclaimer.as_str(),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// The front matter description, else the summary as plain text, cut at a word near 160
/// characters (the length search engines show).
fn post_description(post: &RenderedPost) -> String {
    if let Some(description) = &post.post.front.description {
        return description.clone();
    }
    let text = plain_text(&post.markdown.summary_html);
    if text.chars().count() <= 160 {
        return text;
    }
    let cut: String = text.chars().take(157).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// HTML to text: tags dropped, the common entities decoded, white space folded.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn image_url(site: &Site, post: &RenderedPost, image: &str) -> String {
    if image.contains("://") || image.starts_with("//") {
        image.to_owned()
    } else if let Some(site_path) = image.strip_prefix('/') {
        site.urls.path(site_path)
    } else {
        let file = image.rsplit('/').next().unwrap_or(image);
        let relative = if image.split('/').any(|part| part == "..") {
            file
        } else {
            image.trim_start_matches("./")
        };
        site.urls.path(&format!("{}{relative}", post.post.url))
    }
}

#[derive(Serialize)]
struct SocialView {
    network: crate::config::Network,
    label: &'static str,
    url: String,
}

#[derive(Serialize)]
struct ClinicView<'a> {
    #[serde(flatten)]
    clinic: &'a Clinic,
    /// `tel:` link target: digits and a leading `+` only.
    phone_href: Option<String>,
    /// The address as display lines.
    address_lines: Vec<String>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    date_format: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    home_url: String,
    tags_url: String,
    stylesheet_url: String,
    clinic: Option<ClinicView<'a>>,
    social: Vec<SocialView>,
    disclaimer: &'a str,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    tags: Vec<TagView<'a>>,
    post_count: usize,
    generator: String,
}

/// The `site` value of every page, built once.
fn site_value(site: &Site, post_values: &[Value]) -> Value {
    let config = &site.config;
    let view = SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language.0,
        date_format: config.date_format(),
        base_url: site.urls.base_url.as_deref().unwrap_or(""),
        base_path: &site.urls.base_path,
        home_url: site.urls.path("/"),
        tags_url: site.urls.path("/tags/"),
        stylesheet_url: site.urls.path("/style.css"),
        clinic: config.clinic.as_ref().map(|clinic| ClinicView {
            clinic,
            phone_href: clinic.phone.as_deref().map(phone_href),
            address_lines: address_lines(clinic),
        }),
        social: config
            .social
            .iter()
            .map(|s| SocialView {
                network: s.network,
                label: s.network.label(),
                url: s.url.0.clone(),
            })
            .collect(),
        disclaimer: &config.disclaimer,
        extra: &config.extra,
        tags: site.tags.iter().map(|tag| tag_view(site, tag)).collect(),
        post_count: site.posts.len(),
        generator: format!("salve {}", env!("CARGO_PKG_VERSION")),
    };
    let mut map = Value::from_serializable(&view)
        .into_map()
        .unwrap_or_default();
    map.insert(
        "featured".into(),
        Value::from(
            site.featured
                .iter()
                .map(|&i| post_values[i].clone())
                .collect::<Vec<_>>(),
        ),
    );
    map.insert(
        "recent".into(),
        Value::from(
            site.recent
                .iter()
                .map(|&i| post_values[i].clone())
                .collect::<Vec<_>>(),
        ),
    );
    Value::from(map)
}

fn phone_href(phone: &str) -> String {
    let mut href = String::from("tel:");
    for (index, c) in phone.trim().chars().enumerate() {
        if c.is_ascii_digit() || (c == '+' && index == 0) {
            href.push(c);
        }
    }
    href
}

fn address_lines(clinic: &Clinic) -> Vec<String> {
    let Some(address) = &clinic.address else {
        return Vec::new();
    };
    let locality = [address.city.as_deref(), address.region.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let locality = [
        Some(locality.as_str()).filter(|s| !s.is_empty()),
        address.postal_code.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    [
        address.street.clone(),
        Some(locality).filter(|s| !s.is_empty()),
        address.country.clone(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A redirect page for an old address: instant refresh, a canonical link for search engines,
/// `noindex`, and a plain link for browsers that ignore the refresh.
fn alias_page(site: &Site, post: &RenderedPost, alias: &str) -> Output {
    let target = escape(&site.urls.path(&post.post.url));
    let canonical = escape(&site.urls.absolute(&post.post.url));
    let title = escape(&post.post.front.title);
    let language = escape(&site.config.language.0);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n"
    );
    let path = crate::content::alias_output_file(alias).unwrap_or_default();
    Output {
        path,
        contents: Contents::Bytes(html.into_bytes()),
    }
}

/// Files linked from posts, copied beside each post's page.
fn assets(site: &Site) -> Vec<Output> {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for post in &site.posts {
        let folder = crate::content::output_file_for(&post.post.url);
        let folder = folder.rsplit_once('/').map_or("", |(folder, _)| folder);
        for asset in &post.markdown.assets {
            let path = if folder.is_empty() {
                asset.output.clone()
            } else {
                format!("{folder}/{}", asset.output)
            };
            seen.entry(path).or_insert_with(|| asset.source.clone());
        }
    }
    seen.into_iter()
        .map(|(path, source)| Output {
            path,
            contents: Contents::File(FileSource::Disk(source)),
        })
        .collect()
}

/// Two different things written to the same file (a post whose URL is `/tags/`, a static file
/// named like a page): an error, since one would silently replace the other.
fn duplicate_outputs(outputs: &[Output]) -> Vec<ContentError> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for output in outputs {
        let count = seen.entry(output.path.as_str()).or_default();
        *count += 1;
        if *count == 2 {
            let origin = match &output.contents {
                Contents::File(FileSource::Disk(path)) => path.display().to_string(),
                _ => "a generated page".to_owned(),
            };
            errors.push(ContentError::at_start(origin, format!("`{}` is written twice in the output (by a page and by a file, or by two pages); rename one of them", output.path)));
        }
    }
    errors
}

/// The same template error on many pages is reported once.
fn dedup_template_errors(errors: &mut Vec<ContentError>) {
    let mut seen = std::collections::HashSet::new();
    errors.retain(|error| {
        let message = error
            .message
            .split(" (while rendering ")
            .next()
            .unwrap_or_default()
            .to_owned();
        seen.insert((error.path.clone(), error.line, error.column, message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links_keep_digits_and_a_leading_plus() {
        assert_eq!(phone_href("+1 (555) 013-2040"), "tel:+15550132040");
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>Pain &amp; <em>sleep</em></p>\n"),
            "Pain & sleep"
        );
    }
}
