//! The values templates see (`site`, `post`, `person`, ...), documented in the README. Each is
//! built once: a post's value is shared by its own page and by every list that shows it.

use std::collections::HashMap;

use serde::Serialize;
use tera::Value;

use crate::config::{
    Address, Clinic, Config, Hours, Location, MenuEntry, MenuTarget, Network, Person,
};
use crate::content::{Condition, DisclaimerSetting, MenuName, PostDate, Reference};
use crate::images::{Responsive, Use, url_path, variant_prefix};
use crate::markdown::TocEntry;
use crate::site::{RenderedPost, Site, Tag};

/// Words per minute used for reading time: a calm pace suits patient-education readers.
const WORDS_PER_MINUTE: usize = 200;

/// A tag as templates see it.
#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    feed_url: Option<String>,
}

/// A tag's template value.
fn tag_view<'a>(site: &Site, tag: &'a Tag) -> TagView<'a> {
    TagView {
        name: &tag.name,
        slug: &tag.slug,
        url: site.urls.path(&site.tag_url(tag)),
        count: tag.posts.len(),
        feed_url: site
            .has_feeds()
            .then(|| site.urls.path(&crate::feeds::tag_feed_url(site, tag))),
    }
}

/// A person named in a byline.
#[derive(Serialize)]
struct PersonRef<'a> {
    id: &'a str,
    name: &'a str,
    credentials: Option<&'a str>,
    display_name: String,
    role: Option<&'a str>,
    url: String,
}

/// The parts of post values that many posts have in common (their tags, the people in their
/// bylines, the site's disclaimer), each built once per build and shared: a template value is
/// copied by reference count, so ten thousand posts do not hold ten thousand copies.
pub struct SharedParts {
    /// Each tag's value, by index into [`Site::tags`].
    tags: Vec<Value>,
    /// Each person's byline value, by id.
    people: HashMap<String, Value>,
    /// The site's disclaimer.
    disclaimer: Value,
}

impl SharedParts {
    /// Builds the shared parts of a site.
    pub fn new(site: &Site) -> Self {
        let people = site
            .config
            .people
            .iter()
            .map(|(id, person)| {
                let view = PersonRef {
                    id,
                    name: &person.name,
                    credentials: person.credentials.as_deref(),
                    display_name: person.display_name(),
                    role: person.role.as_deref(),
                    url: site.urls.path(&site.person_url(id)),
                };
                (id.clone(), Value::from_serializable(&view))
            })
            .collect();
        Self {
            tags: site
                .tags
                .iter()
                .map(|tag| Value::from_serializable(&tag_view(site, tag)))
                .collect(),
            people,
            disclaimer: Value::from(site.config.disclaimer.as_str()),
        }
    }

    /// The value of the tag at this index into [`Site::tags`].
    pub fn tag(&self, index: usize) -> Value {
        self.tags[index].clone()
    }

    /// The byline values of the people with these ids, leaving out unknown ids.
    fn people(&self, ids: &[String]) -> Value {
        Value::from(
            ids.iter()
                .filter_map(|id| self.people.get(id).cloned())
                .collect::<Vec<_>>(),
        )
    }
}

/// A reference as templates see it, numbered from 1.
#[derive(Serialize)]
struct ReferenceView<'a> {
    number: usize,
    #[serde(flatten)]
    reference: &'a Reference,
    authors_text: String,
    doi_url: Option<String>,
    pmid_url: Option<String>,
}

#[derive(Serialize)]
struct PostView<'a> {
    kind: &'static str,
    title: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    last_reviewed: Option<String>,
    last_reviewed_iso: Option<String>,
    description: String,
    own_description: Option<&'a str>,
    word_count: usize,
    reading_time: usize,
    featured: bool,
    draft: bool,
    search: bool,
    references: Vec<ReferenceView<'a>>,
    conditions: &'a [Condition],
    image: Option<String>,
    image_alt: Option<&'a str>,
    lead_image: Option<LeadImageView>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    source_path: String,
    has_video: bool,
}

/// What a post's page adds to its head: the absolute image, the dates and the JSON-LD.
#[derive(Debug, Clone)]
pub struct PostHead {
    /// The meta description.
    pub description: String,
    /// Absolute URL of the lead image, for link previews.
    pub image: Option<String>,
    /// RFC 3339 publication date (a page has none).
    pub published: Option<String>,
    /// RFC 3339 date of the last change, when known.
    pub modified: Option<String>,
}

/// A post's own page adds its table of contents to its value. Every page that lists the post
/// shares the value, and none of them shows the contents, which were half the memory of the
/// values of a build.
pub fn value_with_toc(post_value: &Value, toc: &[TocEntry]) -> Value {
    let mut map = post_value.clone().into_map().unwrap_or_default();
    map.insert("toc".into(), Value::from_serializable(toc));
    Value::from(map)
}

/// A post's template value (without its table of contents: [`value_with_toc`]), and what its
/// page's head needs.
pub fn post_value(site: &Site, parts: &SharedParts, post: &RenderedPost) -> (Value, PostHead) {
    let front = &post.post.front;
    let description = post_description(post);
    let lead_image = lead_image(site, post);
    let image = match &lead_image {
        Some(lead) => Some(lead.responsive.src.clone()),
        None => front
            .image
            .as_deref()
            .map(|image| image_url(site, post, image)),
    };
    let preview = lead_image
        .as_ref()
        .and_then(|lead| lead.responsive.og.as_ref())
        .map(|og| og.src.clone())
        .or_else(|| image.clone());
    let absolute_image = preview.as_deref().map(|path| {
        if path.starts_with('/') {
            format!("{}{path}", site.urls.origin)
        } else {
            path.to_owned()
        }
    });
    let date = post.post.date();
    let view = PostView {
        kind: post.post.kind_name(),
        title: &front.title,
        slug: &post.post.slug,
        url: site.urls.path(&post.post.url),
        permalink: site.urls.absolute(&post.post.url),
        date: date.map(PostDate::rfc3339),
        date_iso: date.map(PostDate::html_datetime),
        updated: front.updated.as_ref().map(PostDate::rfc3339),
        updated_iso: front.updated.as_ref().map(PostDate::html_datetime),
        last_reviewed: front.last_reviewed.as_ref().map(PostDate::rfc3339),
        last_reviewed_iso: front.last_reviewed.as_ref().map(PostDate::html_datetime),
        description: description.clone(),
        own_description: post.post.own_description(),
        word_count: post.markdown.word_count,
        reading_time: post.markdown.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
        featured: front.featured,
        draft: front.draft,
        search: front.search && site.config.search,
        references: front
            .references
            .iter()
            .enumerate()
            .map(|(index, reference)| ReferenceView {
                number: index + 1,
                reference,
                authors_text: reference.authors.0.join(", "),
                doi_url: reference
                    .doi
                    .as_ref()
                    .map(|doi| format!("https://doi.org/{}", doi.0)),
                pmid_url: reference
                    .pmid
                    .as_ref()
                    .map(|pmid| format!("https://pubmed.ncbi.nlm.nih.gov/{}/", pmid.0)),
            })
            .collect(),
        conditions: &front.conditions,
        image,
        image_alt: front.image_alt.as_deref(),
        lead_image,
        extra: &front.extra,
        source_path: post
            .post
            .source
            .display_path
            .to_string_lossy()
            .replace('\\', "/"),
        has_video: !post.markdown.videos.is_empty(),
    };
    let head = PostHead {
        description: description.clone(),
        image: absolute_image,
        published: date.map(PostDate::rfc3339),
        modified: front.updated.as_ref().or(date).map(PostDate::rfc3339),
    };
    let mut map = Value::from_serializable(&view)
        .into_map()
        .unwrap_or_default();
    map.insert("content".into(), post.markdown.html.value());
    map.insert("summary".into(), post.markdown.summary_html.value());
    map.insert(
        "tags".into(),
        Value::from(post.tags.iter().map(|&t| parts.tag(t)).collect::<Vec<_>>()),
    );
    map.insert("authors".into(), parts.people(&front.author.0));
    map.insert("reviewers".into(), parts.people(&front.reviewed_by.0));
    let disclaimer = match disclaimer(&site.config, post) {
        Some(text) if text == site.config.disclaimer => parts.disclaimer.clone(),
        Some(text) => Value::from(text),
        None => Value::none(),
    };
    map.insert("disclaimer".into(), disclaimer);
    (Value::from(map), head)
}

fn disclaimer<'a>(config: &'a Config, post: &'a RenderedPost) -> Option<&'a str> {
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
    if let Some(description) = post.post.own_description() {
        return description.to_owned();
    }
    let text = crate::html::plain_text(&post.markdown.summary_html);
    if text.chars().count() <= 160 {
        return text;
    }
    let cut: String = text.chars().take(157).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// The lead image as variants, when it is a JPEG, PNG or WebP beside the post.
#[derive(Serialize)]
struct LeadImageView {
    #[serde(flatten)]
    responsive: Responsive,
    /// The `<picture>`, ready to show.
    html: String,
}

fn lead_image(site: &Site, post: &RenderedPost) -> Option<LeadImageView> {
    let beside = post
        .markdown
        .assets
        .iter()
        .find(|asset| asset.shown == Some(Use::Lead));
    let responsive = if let Some(asset) = beside {
        let prefix = format!("{}{}", post.post.url, variant_prefix(&asset.output));
        let prefix = url_path(&site.urls.path(&prefix));
        site.images
            .responsive(&asset.source, &prefix, Use::Lead)
            .ok()?
    } else {
        let site_path = post.post.front.image.clone()?;
        site.static_images.get(&(Use::Lead, site_path))?.clone()
    };
    let alt = post.post.front.image_alt.as_deref().unwrap_or_default();
    let html = responsive.html(alt, None, Some("lead-image"), true);
    Some(LeadImageView { responsive, html })
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
    network: Network,
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
    /// The opening hours as display lines.
    hours_lines: Vec<String>,
    /// The clinic's sites.
    locations: Vec<LocationView<'a>>,
}

/// One of the clinic's sites as templates see it.
#[derive(Serialize)]
struct LocationView<'a> {
    id: String,
    name: &'a str,
    phone: Option<&'a str>,
    phone_href: Option<String>,
    email: Option<&'a str>,
    address_lines: Vec<String>,
    hours_lines: Vec<String>,
    /// A plain link to directions on OpenStreetMap: a link, never an embedded map, so that no
    /// map service sees a reader who does not ask for it.
    directions_url: String,
    url: String,
}

fn location_view<'a>(site: &Site, location: &'a Location) -> LocationView<'a> {
    let address_lines = address_lines(&location.address);
    let directions_url = match (location.latitude, location.longitude) {
        (Some(latitude), Some(longitude)) => format!(
            "https://www.openstreetmap.org/directions?route=%3B{}%2C{}",
            latitude.0, longitude.0
        ),
        _ => format!(
            "https://www.openstreetmap.org/search?query={}",
            percent_encoding::utf8_percent_encode(
                &address_lines.join(", "),
                percent_encoding::NON_ALPHANUMERIC
            )
        ),
    };
    let id = location.id();
    LocationView {
        url: site.urls.path(&format!(
            "{}#{id}",
            site.in_language(crate::pages::LOCATIONS_PATH)
        )),
        id,
        name: &location.name,
        phone: location.phone.as_deref(),
        phone_href: location.phone.as_deref().map(phone_href),
        email: location.email.as_deref(),
        address_lines,
        hours_lines: hours_lines(&location.hours, &site.language.strings),
        directions_url,
    }
}

/// A link of a menu as templates see it.
#[derive(Serialize)]
struct MenuLinkView<'a> {
    title: std::borrow::Cow<'a, str>,
    url: String,
    /// Whether it leads to another website.
    external: bool,
}

/// The title of this language's post or page at a site path.
fn translated_title<'a>(site: &'a Site, site_path: &str) -> Option<&'a str> {
    site.pages
        .iter()
        .chain(&site.posts)
        .find(|document| document.post.url == site_path)
        .map(|document| document.post.front.title.as_str())
}

/// A menu: the configured links (or the default ones), then the pages that join it, by
/// weight; the configured links come first among equal weights.
fn menu_links<'a>(
    site: &'a Site,
    configured: Option<&'a [MenuEntry]>,
    defaults: &[(&str, &str)],
    menu: MenuName,
) -> Vec<MenuLinkView<'a>> {
    let mut links: Vec<(i64, MenuLinkView<'a>)> = match configured {
        Some(entries) => entries
            .iter()
            .map(|entry| {
                let (url, external, title) = match &entry.url {
                    MenuTarget::Site(path) => {
                        let translated = site.translated_site_path(path);
                        // An entry that leads to a translation is named by its title.
                        let title = (translated != path.as_str())
                            .then(|| translated_title(site, &translated))
                            .flatten();
                        (site.urls.path(&translated), false, title)
                    }
                    MenuTarget::External(url) => (url.0.clone(), true, None),
                };
                let title = title.map_or_else(|| entry.title.as_str().into(), Into::into);
                (
                    entry.weight,
                    MenuLinkView {
                        title,
                        url,
                        external,
                    },
                )
            })
            .collect(),
        None => defaults
            .iter()
            .map(|&(title, path)| {
                let url = site.urls.path(path);
                (
                    i64::MIN,
                    MenuLinkView {
                        title: title.to_owned().into(),
                        url,
                        external: false,
                    },
                )
            })
            .collect(),
    };
    for page in &site.pages {
        if let Some(fields) = page.post.page_fields()
            && fields.menu == Some(menu)
        {
            let view = MenuLinkView {
                title: page.post.front.title.as_str().into(),
                url: site.urls.path(&page.post.url),
                external: false,
            };
            links.push((fields.weight, view));
        }
    }
    links.sort_by_key(|(weight, _)| *weight);
    links.into_iter().map(|(_, link)| link).collect()
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
    atom_url: Option<String>,
    rss_url: Option<String>,
    search_url: Option<String>,
    search_bundle_url: Option<String>,
    clinic: Option<ClinicView<'a>>,
    menu: Vec<MenuLinkView<'a>>,
    footer_menu: Vec<MenuLinkView<'a>>,
    archive_url: String,
    people_url: Option<String>,
    locations_url: Option<String>,
    social: Vec<SocialView>,
    disclaimer: &'a str,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    post_count: usize,
    generator: String,
}

/// The `site` value of every page, built once.
pub fn site_value(site: &Site, parts: &SharedParts, post_values: &[Value]) -> Value {
    let config = &site.config;
    let strings = &site.language.strings;
    let home = (strings.text("home", &[]), site.in_language("/"));
    let tags = (
        strings.text("tags", &[]),
        site.in_language(crate::pages::TAGS_PATH),
    );
    let view = SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language.0,
        date_format: config.date_format(),
        base_url: site.urls.base_url.as_deref().unwrap_or(""),
        base_path: &site.urls.base_path,
        home_url: site.urls.path(&site.in_language("/")),
        tags_url: site.urls.path(&site.in_language(crate::pages::TAGS_PATH)),
        stylesheet_url: site.urls.path("/style.css"),
        atom_url: site
            .has_feeds()
            .then(|| site.urls.path(&site.in_language("/atom.xml"))),
        rss_url: site
            .has_feeds()
            .then(|| site.urls.path(&site.in_language("/rss.xml"))),
        search_url: config
            .search
            .then(|| site.urls.path(&site.in_language(crate::pages::SEARCH_PATH))),
        search_bundle_url: config
            .search
            .then(|| site.urls.path(&crate::search::bundle_path(site))),
        clinic: config.clinic.as_ref().map(|clinic| ClinicView {
            clinic,
            phone_href: clinic.phone.as_deref().map(phone_href),
            address_lines: clinic
                .address
                .as_ref()
                .map(address_lines)
                .unwrap_or_default(),
            hours_lines: hours_lines(&clinic.hours, &site.language.strings),
            locations: clinic
                .locations
                .iter()
                .map(|location| location_view(site, location))
                .collect(),
        }),
        menu: menu_links(
            site,
            config.menu.as_deref(),
            &[
                (home.0.as_str(), home.1.as_str()),
                (tags.0.as_str(), tags.1.as_str()),
            ],
            MenuName::Main,
        ),
        footer_menu: menu_links(site, Some(&config.footer_menu), &[], MenuName::Footer),
        archive_url: site
            .urls
            .path(&site.in_language(crate::pages::ARCHIVE_PATH)),
        people_url: (!site.people.is_empty())
            .then(|| site.urls.path(&site.in_language(crate::pages::PEOPLE_PATH))),
        locations_url: (!config.locations().is_empty()).then(|| {
            site.urls
                .path(&site.in_language(crate::pages::LOCATIONS_PATH))
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
        post_count: site.posts.len(),
        generator: format!("salve {}", env!("CARGO_PKG_VERSION")),
    };
    let mut map = Value::from_serializable(&view)
        .into_map()
        .unwrap_or_default();
    map.insert("tags".into(), Value::from(parts.tags.clone()));
    map.insert("top_tags".into(), top_tags(site, parts));
    map.insert("featured".into(), listed_posts(&site.featured, post_values));
    map.insert("recent".into(), listed_posts(&site.recent, post_values));
    Value::from(map)
}

/// How many tags `site.top_tags` holds: enough to show what the blog writes about, few enough
/// that a sidebar on every page stays short when an imported blog brings hundreds of tags.
const TOP_TAGS: usize = 30;

/// The [`TOP_TAGS`] tags with the most posts (the first in `site.tags` order among equals),
/// in `site.tags` order.
fn top_tags(site: &Site, parts: &SharedParts) -> Value {
    let mut ranked: Vec<usize> = (0..site.tags.len()).collect();
    ranked.sort_by_key(|&index| std::cmp::Reverse(site.tags[index].posts.len()));
    ranked.truncate(TOP_TAGS);
    ranked.sort_unstable();
    Value::from(
        ranked
            .into_iter()
            .map(|index| parts.tag(index))
            .collect::<Vec<_>>(),
    )
}

/// The fields of a post's value that only its own page shows, left out of the `site.featured`
/// and `site.recent` lists. Every page shows those lists, so a body edit that left the title
/// and summary alone would otherwise re-render every page in `salve serve`.
const PAGE_ONLY_FIELDS: [&str; 2] = ["content", "word_count"];

fn listed_posts(indices: &[usize], post_values: &[Value]) -> Value {
    Value::from(
        indices
            .iter()
            .map(|&i| {
                let map: tera::Map = post_values[i]
                    .clone()
                    .into_map()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(key, _)| {
                        key.as_str()
                            .is_none_or(|key| !PAGE_ONLY_FIELDS.contains(&key))
                    })
                    .collect();
                Value::from(map)
            })
            .collect::<Vec<_>>(),
    )
}

#[derive(Serialize)]
struct PersonView<'a> {
    id: &'a str,
    #[serde(flatten)]
    person: &'a Person,
    display_name: String,
    bio_html: String,
    photo_url: Option<String>,
    photo: Option<&'a Responsive>,
    location_list: Vec<LocationView<'a>>,
    url: String,
}

/// The `person` value of a person's page: who they are and the posts they wrote and reviewed.
pub fn person_value(
    site: &Site,
    id: &str,
    person: &Person,
    written: &[usize],
    reviewed: &[usize],
    post_values: &[Value],
) -> Value {
    let photo = person
        .photo
        .as_ref()
        .and_then(|photo| site.static_images.get(&(Use::Avatar, photo.0.clone())));
    let view = PersonView {
        id,
        person,
        display_name: person.display_name(),
        bio_html: person
            .bio
            .as_deref()
            .map(crate::markdown::render_plain)
            .unwrap_or_default(),
        photo_url: match photo {
            Some(photo) => Some(photo.src.clone()),
            None => person.photo.as_ref().map(|photo| site.urls.path(&photo.0)),
        },
        photo,
        location_list: site
            .config
            .locations()
            .iter()
            .filter(|location| person.locations.contains(&location.id()))
            .map(|location| location_view(site, location))
            .collect(),
        url: site.urls.path(&site.person_url(id)),
    };
    let mut map = Value::from_serializable(&view)
        .into_map()
        .unwrap_or_default();
    map.insert(
        "written".into(),
        Value::from(
            written
                .iter()
                .map(|&i| post_values[i].clone())
                .collect::<Vec<_>>(),
        ),
    );
    map.insert(
        "reviewed".into(),
        Value::from(
            reviewed
                .iter()
                .map(|&i| post_values[i].clone())
                .collect::<Vec<_>>(),
        ),
    );
    Value::from(map)
}

/// The `years` value of the archive: each year that has posts, newest first, with its posts.
pub fn archive_years(site: &Site, post_values: &[Value]) -> Value {
    let mut years: Vec<Value> = Vec::new();
    let mut current: Option<(i16, Vec<Value>)> = None;
    for (index, post) in site.posts.iter().enumerate() {
        let Some(year) = post.post.date().map(|date| date.date().year()) else {
            continue;
        };
        match &mut current {
            Some((shown, posts)) if *shown == year => posts.push(post_values[index].clone()),
            _ => {
                years.extend(current.take().map(year_value));
                current = Some((year, vec![post_values[index].clone()]));
            }
        }
    }
    years.extend(current.map(year_value));
    Value::from(years)
}

fn year_value((year, posts): (i16, Vec<Value>)) -> Value {
    let mut map = tera::Map::new();
    map.insert("year".into(), Value::from(i64::from(year)));
    map.insert("posts".into(), Value::from(posts));
    Value::from(map)
}

/// The `people` value of the directory: everyone in `people`, in the order of their ids,
/// with their page's value (without their lists of posts).
pub fn people_directory(site: &Site) -> Value {
    Value::from(
        site.config
            .people
            .iter()
            .map(|(id, person)| person_value(site, id, person, &[], &[], &[]))
            .collect::<Vec<_>>(),
    )
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

fn address_lines(address: &Address) -> Vec<String> {
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

/// Opening hours as lines of text, with the days named in the site's language.
fn hours_lines(hours: &[Hours], strings: &crate::i18n::Strings) -> Vec<String> {
    let name = |day: &crate::config::Weekday| {
        strings.text(&format!("weekday_{}", day.to_string().to_lowercase()), &[])
    };
    let range = |from: &str, to: &str| strings.text("days_range", &[("from", from), ("to", to)]);
    hours
        .iter()
        .map(|hours| match hours {
            Hours::Text(text) => text.clone(),
            Hours::Open(open) => {
                format!(
                    "{}, {}–{}",
                    open.days_in(&name, &range),
                    open.opens.0,
                    open.closes.0
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links_keep_digits_and_a_leading_plus() {
        assert_eq!(phone_href("+1 (555) 013-2040"), "tel:+15550132040");
    }
}
