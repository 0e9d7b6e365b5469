//! Markdown to HTML, as a pulldown-cmark event adapter: headings get stable unique ids and
//! anchor links, a table of contents is collected, links to other posts written as `.md` paths
//! become their URLs, files a post links to are noted for copying, footnotes move to the end,
//! fenced code is highlighted, and the summary and word count are taken on the way.

mod blocks;
mod highlight;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

pub use highlight::CLASS_PREFIX;

use crate::content::{Kind, Post};
use crate::diagnostics::ContentError;
use crate::html::escape;
use crate::images::{Catalog, Format, Responsive, Use, url_path, variant_prefix};
use crate::slug::slugify;
use crate::video::Video;

/// A heading as read: its level (after any shift), its attributes and its inline events.
struct Heading<'h, 'p> {
    level: HeadingLevel,
    id: Option<CowStr<'p>>,
    classes: &'h [CowStr<'p>],
    attrs: &'h [(CowStr<'p>, Option<CowStr<'p>>)],
    inner: Vec<Event<'p>>,
}

impl Heading<'_, '_> {
    /// The heading's text.
    fn title(&self) -> String {
        self.inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect()
    }
}

/// A question of a FAQ section and its answer as text, for structured data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqEntry {
    /// The question, as its heading reads.
    pub question: String,
    /// The answer's text.
    pub answer: String,
}

/// Everything a post's links may point to, shared by all posts of a build.
#[derive(Debug)]
pub struct LinkTargets<'a> {
    /// Published posts and pages by their path relative to the site's folder
    /// ([`Source::content_path`](crate::content::Source)), with their site path.
    pub posts: HashMap<&'a str, &'a str>,
    /// Posts and pages left out of this build, by the same path, with the reason.
    pub left_out: &'a HashMap<String, &'static str>,
    /// The site's folder on disk, for finding linked files.
    pub root: &'a Path,
    /// The posts folder with symlinks resolved: files linked from a post must lie inside it.
    pub real_posts_dir: Option<PathBuf>,
    /// The pages folder with symlinks resolved: files linked from a page must lie inside it.
    pub real_pages_dir: Option<PathBuf>,
    /// The site's base path (`/` or `/blog/`), prefixed to site paths.
    pub base_path: &'a str,
    /// What the build knows of images, for the sizes and files of those the text shows.
    pub images: &'a Catalog,
    /// The site's static folder, where images shown by a path from the site's root are.
    pub static_dir: PathBuf,
    /// The words of the language the bodies are in, for what salve writes into them (a
    /// heading's link label, "Notes", "Play video").
    pub strings: &'a crate::i18n::Strings,
}

/// Where a post lives, for making its links absolute in feeds.
#[derive(Debug, Clone)]
pub struct FeedLinks {
    /// The post's absolute URL.
    pub permalink: String,
    /// The URL parsed, once for all the post's links.
    base: Option<url::Url>,
    /// What a link to a fragment of the post begins with: `href="<permalink>#`.
    fragment_href: String,
}

impl FeedLinks {
    /// The links of the post at `permalink`.
    pub fn new(permalink: String) -> Self {
        let fragment_href = format!("href=\"{}#", escape(&permalink));
        Self {
            base: url::Url::parse(&permalink).ok(),
            permalink,
            fragment_href,
        }
    }

    /// `dest` as an absolute URL, if it can be joined to the permalink.
    fn absolute<'a>(&self, dest: &CowStr<'a>) -> CowStr<'a> {
        self.base
            .as_ref()
            .and_then(|base| base.join(dest).ok())
            .map_or_else(|| dest.clone(), |url| String::from(url).into())
    }
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`, ...
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Sub-headings.
    pub children: Vec<TocEntry>,
}

/// A link to a `#fragment` that must exist once every post is rendered.
#[derive(Debug, Clone)]
pub struct FragmentLink {
    /// Posts-relative path of the post linked to.
    pub target: String,
    /// The id that must exist there.
    pub fragment: String,
    /// Where the link is, in the body.
    pub offset: usize,
}

/// A file next to a post that the post links to or shows, copied beside its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The file on disk.
    pub source: PathBuf,
    /// Where it goes, relative to the post's output folder.
    pub output: String,
    /// How the page shows it, when it is an image published as resized variants (then
    /// `output` less its extension names them); `None` for a file copied as it is.
    pub shown: Option<Use>,
    /// Whether it is an image of the site's static files, shown with a path from the site's
    /// root (`/images/team.jpg`): then `output` is that path, and the variants go beside it.
    pub from_static: bool,
}

/// A rendered body, held once for the whole build as the template value that pages show.
/// A template value cannot borrow a string, so a body kept as a `String` would be copied
/// again into each post's value: at 100,000 posts that second copy is a gigabyte.
#[derive(Debug, Clone)]
pub struct Html(tera::Value);

impl Html {
    /// Takes the rendered text.
    pub fn new(html: &str) -> Self {
        Self(tera::Value::from(html))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }

    /// The template value, sharing the text.
    pub fn value(&self) -> tera::Value {
        self.0.clone()
    }
}

impl Default for Html {
    fn default() -> Self {
        Self::new("")
    }
}

impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A post's body rendered to HTML, with what was learned on the way.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// The body.
    pub html: Html,
    /// The body with absolute links, for feeds (only for posts that appear in one).
    pub feed_html: Option<String>,
    /// The summary with absolute links, for feeds.
    pub feed_summary_html: Option<String>,
    /// The summary: text before `<!-- more -->`, else the `summary` front matter, else the
    /// first paragraph. Held as the template value list pages show, like the body.
    pub summary_html: Html,
    /// The table of contents.
    pub toc: Vec<TocEntry>,
    /// Words of prose (code excluded).
    pub word_count: usize,
    /// Every id a link may point at.
    pub ids: HashSet<String>,
    /// Links with a fragment, checked once all posts are rendered.
    pub fragment_links: Vec<FragmentLink>,
    /// Links to site paths (`/contact/`), checked once every output of the site is known.
    pub site_links: Vec<SiteLink>,
    /// What in the body may make the browser fetch from another site: raw HTML with an
    /// address in it, and Markdown images with an absolute address.
    pub fetching: Vec<Fetching>,
    /// Files to copy beside the page.
    pub assets: Vec<Asset>,
    /// The videos shown as facades, whose posters the build fetches.
    pub videos: Vec<Video>,
    /// The questions and answers of the body's FAQ section.
    pub faq: Vec<FaqEntry>,
}

/// Something in a body that may make the browser fetch a file, at its byte offset in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetching {
    /// Raw HTML (consecutive lines of one HTML block are one piece).
    Html {
        /// Where it starts.
        offset: usize,
        /// The HTML as written.
        html: String,
    },
    /// A Markdown image whose address has a scheme or starts with `//`.
    Image {
        /// Where the image is written.
        offset: usize,
        /// Its address.
        url: String,
    },
}

/// Words without which a piece of raw HTML fetches nothing (a cheap look before parsing it).
const FETCHING_WORDS: [&str; 6] = ["src", "href", "url(", "import", "action", "data"];

fn may_fetch(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    FETCHING_WORDS.iter().any(|word| lower.contains(word)) || lower.contains("http-equiv")
}

/// A link to a path of the site, written from its root (`/assets/intake.pdf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    /// The path after the first `/`, decoded, without query or fragment.
    pub path: String,
    /// Where the link is, as a byte offset into the body.
    pub offset: usize,
}

/// The Markdown flavour: CommonMark plus tables, footnotes, strikethrough, task lists, smart
/// punctuation and `{#id}` heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a post's body. Problems (broken links) are returned beside the result.
///
/// With `feed`, a second version of the body is rendered for feeds, where every link is
/// absolute (feed readers show posts away from the site) and heading anchors are left out.
pub fn render_post(
    post: &Post,
    targets: &LinkTargets,
    feed: Option<&FeedLinks>,
) -> (RenderedMarkdown, Vec<ContentError>) {
    let body = post.source.body();
    let mut adapter = Adapter::new(post, targets);
    // Posts give about one event per 34 bytes (20 at the least in the bench suite's 10,000):
    // with room for one per 16, the list is filled without being moved to a bigger buffer
    // (and copied) as it grows.
    let mut parsed = Vec::with_capacity(body.len() / 16);
    parsed.extend(Parser::new_ext(body, options()).into_offset_iter());
    let events = adapter.transform(parsed);
    if let Some(image) = &post.front.image {
        adapter.front_matter_image(image);
    }
    adapter.sort_footnotes();
    let mut rendered = RenderedMarkdown::default();
    if let Some(feed) = feed {
        let mut feed_html = String::with_capacity(body.len() + body.len() / 2);
        html::push_html(
            &mut feed_html,
            events.iter().filter_map(|event| for_feed(event, feed)),
        );
        feed_html.push_str(&adapter.footnotes_html(Some(feed)));
        rendered.feed_html = Some(feed_html);
    }
    let summary = summary_source(&events, post.front.summary.as_deref());
    if let Some(feed) = feed {
        rendered.feed_summary_html = Some(summary_html(&events, &summary, Some(feed)));
    }
    rendered.summary_html = Html::new(&summary_html(&events, &summary, None));
    // The body is rendered last, so that it can take the events instead of copying them. Its
    // HTML is longer than its Markdown; the room reserved up front is only held until the body
    // becomes its template value.
    let mut body_html = String::with_capacity(body.len() + body.len() / 2);
    html::push_html(&mut body_html, events.into_iter());
    body_html.push_str(&adapter.footnotes_html(None));
    rendered.html = Html::new(&body_html);
    rendered.toc = nest_toc(std::mem::take(&mut adapter.headings));
    rendered.word_count = adapter.word_count;
    rendered.ids = adapter.ids;
    rendered.fragment_links = adapter.fragment_links;
    rendered.site_links = adapter.site_links;
    rendered.fetching = adapter.fetching;
    rendered.assets = adapter.assets;
    rendered.videos = adapter.videos;
    rendered.faq = adapter.faq;
    // Bodies are kept for the whole build: their growth room would be wasted memory.
    if let Some(feed_html) = &mut rendered.feed_html {
        feed_html.shrink_to_fit();
    }
    (rendered, adapter.errors)
}

/// Renders Markdown that needs none of the post machinery (a front matter summary).
pub fn render_plain(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}

/// Checks links with fragments against the ids of the posts they point to.
pub fn check_fragments(
    post: &Post,
    links: &[FragmentLink],
    ids_by_path: &HashMap<&str, &HashSet<String>>,
) -> Vec<ContentError> {
    links
        .iter()
        .filter(|link| {
            ids_by_path
                .get(link.target.as_str())
                .is_some_and(|ids| !ids.contains(&link.fragment))
        })
        .map(|link| {
            let place = if link.target == post.source.content_path {
                format!("this {}", post.kind_name())
            } else {
                format!("`{}`", link.target)
            };
            let hint = ids_by_path
                .get(link.target.as_str())
                .and_then(|ids| {
                    crate::diagnostics::closest(&link.fragment, ids.iter().map(String::as_str))
                })
                .map_or_else(String::new, |id| format!("; did you mean `#{id}`?"));
            post.source.body_error(
                link.offset,
                format!(
                    "the link points to `#{}`, but {place} has no heading with that id{hint}",
                    link.fragment
                ),
            )
        })
        .collect()
}

struct Adapter<'p> {
    post: &'p Post,
    targets: &'p LinkTargets<'p>,
    headings: Vec<TocEntry>,
    ids: HashSet<String>,
    word_count: usize,
    fragment_links: Vec<FragmentLink>,
    site_links: Vec<SiteLink>,
    fetching: Vec<Fetching>,
    /// The raw HTML block being read: where it starts, where it ends so far, its text.
    html_block: Option<(usize, usize, String)>,
    assets: Vec<Asset>,
    errors: Vec<ContentError>,
    footnotes: Vec<(String, Vec<Event<'p>>)>,
    footnote_numbers: HashMap<String, usize>,
    videos: Vec<Video>,
    faq: Vec<FaqEntry>,
    /// The image whose start was just rewritten, when it is shown as resized variants.
    shown_image: Option<Responsive>,
}

/// Where the event stream is in a section of questions and answers.
#[derive(Default)]
struct FaqSection {
    /// Whether a FAQ heading opened one that is still open.
    open: bool,
    /// The question whose answer is being read, and where its answer starts in the output.
    question: Option<(String, usize)>,
}

impl<'p> Adapter<'p> {
    fn new(post: &'p Post, targets: &'p LinkTargets<'p>) -> Self {
        Self {
            post,
            targets,
            headings: Vec::new(),
            ids: HashSet::new(),
            word_count: 0,
            fragment_links: Vec::new(),
            site_links: Vec::new(),
            fetching: Vec::new(),
            html_block: None,
            assets: Vec::new(),
            errors: Vec::new(),
            footnotes: Vec::new(),
            footnote_numbers: HashMap::new(),
            videos: Vec::new(),
            faq: Vec::new(),
            shown_image: None,
        }
    }

    /// Rewrites the event stream; footnote definitions are taken out and kept for the end.
    fn transform(&mut self, mut input: Vec<(Event<'p>, Range<usize>)>) -> Vec<Event<'p>> {
        self.reserve_explicit_ids(&input);
        // The post's title is the page's one h1. A body that uses `#` headings (as posts
        // moved from other generators do) has every heading moved down a level instead.
        let shift = input.iter().any(|(event, _)| {
            matches!(
                event,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
        // A heading gives one event more than it took (its anchor).
        let mut out = Vec::with_capacity(input.len() + input.len() / 8);
        // Whether each open block quote is a callout, to close it the same way.
        let mut quotes: Vec<bool> = Vec::new();
        let mut faq = FaqSection::default();
        let mut index = 0;
        while index < input.len() {
            let (event, range) = std::mem::replace(&mut input[index], placeholder());
            index += 1;
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let inner = take_until_end(&mut input, &mut index, |e| {
                        matches!(e, Event::End(TagEnd::Heading(_)))
                    });
                    let level = if shift { one_level_down(level) } else { level };
                    let heading = Heading {
                        level,
                        id,
                        classes: &classes,
                        attrs: &attrs,
                        inner: inner.into_iter().map(|(e, _)| e).collect(),
                    };
                    self.heading_in_flow(heading, &mut faq, &mut out);
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let inner = take_until_end(&mut input, &mut index, |e| {
                        matches!(e, Event::End(TagEnd::CodeBlock))
                    });
                    let code: String = inner
                        .iter()
                        .filter_map(|(e, _)| {
                            if let Event::Text(t) = e {
                                Some(t.as_ref())
                            } else {
                                None
                            }
                        })
                        .collect();
                    out.push(Event::Html(code_block(&kind, &code).into()));
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    let callout =
                        blocks::callout_start(kind, &mut input, index, self.targets.strings);
                    quotes.push(callout.is_some());
                    out.push(match callout {
                        Some(open) => Event::Html(open.into()),
                        None => Event::Start(Tag::BlockQuote(kind)),
                    });
                }
                Event::End(TagEnd::BlockQuote(kind)) => out.push(if quotes.pop() == Some(true) {
                    Event::Html(blocks::CALLOUT_END.into())
                } else {
                    Event::End(TagEnd::BlockQuote(kind))
                }),
                Event::Start(Tag::Paragraph) => {
                    if let Some((video, title)) = blocks::video_paragraph(&mut input, index) {
                        out.push(self.video_facade(video, title.as_deref()));
                    } else {
                        out.push(
                            blocks::figure_start(&mut input, index)
                                .map_or(Event::Start(Tag::Paragraph), |open| {
                                    Event::Html(open.into())
                                }),
                        );
                    }
                }
                image @ Event::Start(Tag::Image { .. }) => {
                    let inner = take_until_end(&mut input, &mut index, |e| {
                        matches!(e, Event::End(TagEnd::Image))
                    });
                    self.image(image, &range, inner, &mut out);
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let inner = take_until_end(&mut input, &mut index, |e| {
                        matches!(e, Event::End(TagEnd::FootnoteDefinition))
                    });
                    let body = self.transform(inner);
                    self.ids.insert(format!("fn-{}", footnote_id(&name)));
                    self.footnotes.push((name.to_string(), body));
                }
                event => self.inline(event, &range, &mut out),
            }
        }
        self.end_faq_question(&mut faq, &mut out);
        self.end_html_block();
        out
    }

    /// A heading where it stands: in a FAQ section, a `###` heading is a question whose
    /// answer runs to the next heading of its level or above, all in a `<details>`.
    fn heading_in_flow(
        &mut self,
        heading: Heading<'_, 'p>,
        faq: &mut FaqSection,
        out: &mut Vec<Event<'p>>,
    ) {
        let level = heading.level as u8;
        if faq.open && level <= 3 {
            self.end_faq_question(faq, out);
            faq.open = level == 3;
        }
        let title = heading.title();
        let question = faq.open && level == 3;
        if question {
            out.push(Event::Html(CowStr::Borrowed(blocks::FAQ_QUESTION_START)));
        }
        // A link inside the summary would be a control inside a control.
        self.heading(heading, !question, out);
        if question {
            out.push(Event::Html(CowStr::Borrowed(blocks::FAQ_ANSWER_START)));
            faq.question = Some((title, out.len()));
        } else if level == 2 && blocks::is_faq_heading(&title) {
            faq.open = true;
        }
    }

    /// Closes the FAQ question being read, if any, and keeps it with its answer as text.
    fn end_faq_question(&mut self, faq: &mut FaqSection, out: &mut Vec<Event<'p>>) {
        let Some((question, start)) = faq.question.take() else {
            return;
        };
        let mut answer = String::new();
        html::push_html(&mut answer, out[start..].iter().cloned());
        self.faq.push(FaqEntry {
            question,
            answer: crate::html::plain_text(&answer),
        });
        out.push(Event::Html(CowStr::Borrowed(blocks::FAQ_QUESTION_END)));
    }

    /// Notes raw HTML for the privacy check, joining the lines of one HTML block.
    fn note_html(&mut self, html: &str, range: &Range<usize>) {
        match &mut self.html_block {
            Some((_, end, text)) if *end == range.start => {
                text.push_str(html);
                *end = range.end;
            }
            _ => {
                self.end_html_block();
                self.html_block = Some((range.start, range.end, html.to_owned()));
            }
        }
    }

    fn end_html_block(&mut self) {
        if let Some((offset, _, html)) = self.html_block.take()
            && may_fetch(&html)
        {
            self.fetching.push(Fetching::Html { offset, html });
        }
    }

    /// Events that need no look-ahead: links, images, footnote references, task markers, text.
    fn inline(&mut self, event: Event<'p>, range: &Range<usize>, out: &mut Vec<Event<'p>>) {
        match event {
            Event::Html(html) => {
                self.note_html(&html, range);
                out.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                self.note_html(&html, range);
                out.push(Event::InlineHtml(html));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An e-mail autolink (`<someone@example.org>`) is no path on the site: the
                // writer turns it into a `mailto:` link.
                let dest_url = if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.rewrite_destination(dest_url, range, false)
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if has_scheme(&dest_url) || dest_url.starts_with("//") {
                    self.fetching.push(Fetching::Image {
                        offset: range.start,
                        url: dest_url.to_string(),
                    });
                }
                let dest_url = self.rewrite_destination(dest_url, range, true);
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) => {
                out.push(Event::Html(self.footnote_reference(&name).into()));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "task_done")
                } else {
                    ("", "task_not_done")
                };
                let label = escape(&self.targets.strings.text(label, &[]));
                out.push(Event::Html(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            Event::Text(text) => {
                self.word_count += count_words(&text);
                out.push(Event::Text(text));
            }
            other => out.push(other),
        }
    }

    /// An image: a `<picture>` of its variants when it is a JPEG, PNG or WebP beside the
    /// post, else the image as written (its address rewritten like a link's).
    fn image(
        &mut self,
        start: Event<'p>,
        range: &Range<usize>,
        inner: Vec<(Event<'p>, Range<usize>)>,
        out: &mut Vec<Event<'p>>,
    ) {
        let title = match &start {
            Event::Start(Tag::Image { title, .. }) => title.to_string(),
            _ => String::new(),
        };
        self.inline(start, range, out);
        let Some(responsive) = self.shown_image.take() else {
            for (event, range) in inner {
                self.inline(event, &range, out);
            }
            out.push(Event::End(TagEnd::Image));
            return;
        };
        out.pop();
        let alt: String = inner
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                Event::SoftBreak | Event::HardBreak => Some(" "),
                _ => None,
            })
            .collect();
        out.push(Event::InlineHtml(
            responsive.html(&alt, Some(&title), None, false).into(),
        ));
    }

    /// Ids written as `{#id}` or in raw HTML (`<a id="dosing"></a>`) are claimed first, so
    /// generated ids never take them, and links to them are found.
    fn reserve_explicit_ids(&mut self, events: &[(Event<'p>, Range<usize>)]) {
        for (event, _) in events {
            match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => {
                    self.ids.insert(id.to_string());
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.ids.extend(html_ids(html).map(str::to_owned));
                }
                _ => {}
            }
        }
    }

    /// Writes a heading with its id (and, with `anchor`, a link to it), and enters it in the
    /// table of contents.
    fn heading(&mut self, heading: Heading<'_, 'p>, anchor: bool, out: &mut Vec<Event<'p>>) {
        let title = heading.title();
        let Heading {
            level,
            id,
            classes,
            attrs,
            inner,
        } = heading;
        self.word_count += title.split_whitespace().count();
        let id = match id {
            Some(id) => id.to_string(),
            None => self.unique_id(&title),
        };
        let level_number = level as u8;
        // Every post has several headings: their tags are put together with `push_str`, which
        // costs a tenth of what `format!` does.
        let escaped_id = escape(&id);
        let mut open = String::with_capacity(escaped_id.len() + 16);
        open.push_str("<h");
        open.push(char::from(b'0' + level_number));
        open.push_str(" id=\"");
        open.push_str(&escaped_id);
        open.push('"');
        if !classes.is_empty() {
            let _ = write!(open, " class=\"{}\"", escape(&classes.join(" ")));
        }
        for (name, value) in attrs {
            let _ = write!(
                open,
                " {}=\"{}\"",
                escape(name),
                escape(value.as_deref().unwrap_or(""))
            );
        }
        open.push('>');
        out.push(Event::Html(open.into()));
        out.extend(inner);
        if anchor {
            let mut link = String::with_capacity(ANCHOR_START.len() + escaped_id.len() + 64);
            link.push_str(ANCHOR_START);
            link.push_str(" href=\"#");
            link.push_str(&escaped_id);
            link.push_str("\" aria-label=\"");
            link.push_str(&escape(&self.targets.strings.text("link_to_section", &[])));
            link.push_str("\">#</a>");
            out.push(Event::Html(link.into()));
        }
        out.push(Event::Html(CowStr::Borrowed(closing_heading_tag(level))));
        if level_number >= 2 {
            self.headings.push(TocEntry {
                level: level_number,
                id,
                title,
                children: Vec::new(),
            });
        }
    }

    fn unique_id(&mut self, title: &str) -> String {
        let base = match slugify(title) {
            slug if slug.is_empty() => "section".to_owned(),
            slug => slug,
        };
        let mut id = base.clone();
        let mut counter = 1;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{counter}");
            counter += 1;
        }
        id
    }

    /// The facade that stands for a video until it is played; the video is kept for its
    /// poster.
    fn video_facade(&mut self, video: Video, title: Option<&str>) -> Event<'p> {
        let facade = video.facade(title, self.targets.base_path, self.targets.strings);
        self.videos.push(video);
        Event::Html(facade.into())
    }

    fn footnote_reference(&mut self, name: &str) -> String {
        let next = self.footnote_numbers.len() + 1;
        let number = *self.footnote_numbers.entry(name.to_owned()).or_insert(next);
        let id = footnote_id(name);
        let number_text = number.to_string();
        let label = escape(
            &self
                .targets
                .strings
                .text("note_number", &[("number", &number_text)]),
        );
        format!(
            "{FOOTNOTE_REF_START}<a href=\"#fn-{id}\" id=\"fnref-{id}\" aria-label=\"{label}\">{number}</a></sup>"
        )
    }

    /// Orders the footnotes as they were first referenced; unreferenced ones go last.
    fn sort_footnotes(&mut self) {
        let numbers = &self.footnote_numbers;
        self.footnotes
            .sort_by_key(|(name, _)| numbers.get(name).copied().unwrap_or(usize::MAX));
    }

    /// The footnotes as one ordered list at the end; for feeds, with absolute links.
    fn footnotes_html(&self, feed: Option<&FeedLinks>) -> String {
        if self.footnotes.is_empty() {
            return String::new();
        }
        let page = feed.map_or(String::new(), |feed| escape(&feed.permalink));
        let strings = self.targets.strings;
        let mut out = format!(
            "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>\n",
            escape(&strings.text("notes", &[]))
        );
        let back = escape(&strings.text("back_to_text", &[]));
        for (name, events) in &self.footnotes {
            let id = footnote_id(name);
            let _ = write!(out, "<li id=\"fn-{id}\">");
            match feed {
                Some(feed) => html::push_html(
                    &mut out,
                    events.iter().filter_map(|event| for_feed(event, feed)),
                ),
                None => html::push_html(&mut out, events.iter().cloned()),
            }
            if self.footnote_numbers.contains_key(name) {
                let _ = write!(
                    out,
                    " <a class=\"footnote-back\" href=\"{page}#fnref-{id}\" aria-label=\"{back}\">↩</a>"
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
        out
    }

    /// Whether a link runs code (`javascript:`), reported as an error at its place.
    fn refused_script(&mut self, link: &str, range: &Range<usize>, is_image: bool) -> bool {
        if !crate::html::runs_script(link) {
            return false;
        }
        let what = if is_image { "image" } else { "link" };
        let problem = crate::html::script_link_problem(what, link);
        self.errors
            .push(self.post.source.body_error(range.start, problem));
        true
    }

    /// Turns `other.md#part` into that post's URL, notes linked files for copying, prefixes
    /// site-absolute paths with the base path, and reports links that lead nowhere.
    fn rewrite_destination(
        &mut self,
        dest: CowStr<'p>,
        range: &Range<usize>,
        is_image: bool,
    ) -> CowStr<'p> {
        let link = dest.as_ref();
        if link.is_empty() || self.refused_script(link, range, is_image) {
            return dest;
        }
        if has_scheme(link) || link.starts_with("//") {
            return dest;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            if let Some(fragment) = fragment {
                self.fragment_links.push(FragmentLink {
                    target: self.post.source.content_path.clone(),
                    fragment: fragment.to_owned(),
                    offset: range.start,
                });
            }
            return dest;
        }
        if let Some(site_path) = path.strip_prefix('/') {
            let decoded = percent_decode(site_path).into_owned();
            if is_image {
                self.static_image(&decoded, range);
            }
            self.site_links.push(SiteLink {
                path: decoded,
                offset: range.start,
            });
            return format!(
                "{}{site_path}{}",
                self.targets.base_path,
                fragment.map(|f| format!("#{f}")).unwrap_or_default()
            )
            .into();
        }
        let decoded = percent_decode(path);
        let Some(resolved) = resolve_relative(&self.post.source.content_path, &decoded) else {
            self.errors.push(self.post.source.body_error(
                range.start,
                format!("the link `{link}` points outside the site's folder"),
            ));
            return dest;
        };
        if !is_image && crate::content::is_post_file(Path::new(&resolved)) {
            return self.post_link(link, &resolved, fragment, range);
        }
        match self.asset(&resolved, &decoded) {
            Ok(Some(mut asset)) => {
                if let Some(problem) = crate::images::unpublishable(&asset.source) {
                    self.errors
                        .push(self.post.source.body_error(range.start, problem));
                    return dest;
                }
                if is_image && Format::of_path(&asset.source).is_some() {
                    match self.shown(&mut asset, Use::Content) {
                        Ok(responsive) => self.shown_image = Some(responsive),
                        Err(problem) => {
                            self.errors.push(
                                self.post.source.body_error(
                                    range.start,
                                    format!("the image `{link}` {problem}"),
                                ),
                            );
                            return dest;
                        }
                    }
                }
                let rewritten = if asset.output == decoded {
                    dest
                } else {
                    asset.output.clone().into()
                };
                self.assets.push(asset);
                return rewritten;
            }
            Err(problem) => {
                self.errors
                    .push(self.post.source.body_error(range.start, problem));
                return dest;
            }
            Ok(None) => {}
        }
        if is_image || Path::new(&resolved).extension().is_some() {
            let what = if is_image { "image" } else { "link" };
            self.errors.push(self.post.source.body_error(
                range.start,
                format!(
                    "the {what} `{link}` points to a file that does not exist next to this post"
                ),
            ));
        }
        dest
    }

    /// A file beside the post (`resolved` from the posts folder, `written` as in the link),
    /// if it exists; why not, when it is a symlink that leads out of the posts folder. Links
    /// that climb out of the post's folder get a copy named by the file.
    fn asset(&self, resolved: &str, written: &str) -> Result<Option<Asset>, String> {
        let source = self.targets.root.join(resolved);
        if !source.is_file() {
            return Ok(None);
        }
        // A symlink (the file or a folder on the way) may lead anywhere, `/etc/passwd` say:
        // only what stays inside the file's own folder (posts or pages) is published.
        let (folder, real_folder) = match self.post.kind {
            Kind::Post(_) => ("posts", &self.targets.real_posts_dir),
            Kind::Page(_) => ("pages", &self.targets.real_pages_dir),
        };
        let inside = source
            .canonicalize()
            .ok()
            .zip(real_folder.as_deref())
            .is_some_and(|(file, folder)| file.starts_with(folder));
        if !inside {
            let what = self.post.kind_name();
            return Err(format!(
                "`{written}` is a link to a file outside the {folder} folder, which salve does not publish; copy the file next to the {what} instead"
            ));
        }
        let output = if written.split('/').any(|part| part == "..") {
            written.rsplit('/').next().unwrap_or_default().to_owned()
        } else {
            written.trim_start_matches("./").to_owned()
        };
        Ok(Some(Asset {
            source,
            output,
            shown: None,
            from_static: false,
        }))
    }

    /// An image shown by its path from the site's root, when it is a JPEG, PNG or WebP of
    /// the site's static files: shown as variants, like an image beside the post.
    fn static_image(&mut self, site_path: &str, range: &Range<usize>) {
        if site_path.split('/').any(|part| part == "..") {
            return;
        }
        let source = self.targets.static_dir.join(site_path);
        if Format::of_path(&source).is_none() || !source.is_file() {
            return;
        }
        let prefix = format!("{}{}", self.targets.base_path, variant_prefix(site_path));
        match self
            .targets
            .images
            .responsive(&source, &url_path(&prefix), Use::Content)
        {
            Ok(responsive) => {
                self.shown_image = Some(responsive);
                self.assets.push(Asset {
                    source,
                    output: site_path.to_owned(),
                    shown: Some(Use::Content),
                    from_static: true,
                });
            }
            Err(problem) => self.errors.push(self.post.source.body_error(
                range.start,
                format!("the image `/{site_path}` cannot be read as an image ({problem}); export it again as JPEG, PNG or WebP"),
            )),
        }
    }

    /// Marks an image beside the post as shown as variants, and returns how, or why it cannot
    /// be. Their URLs start from the site's root, so that the image shows wherever the text
    /// does: a summary on the home page or a tag's page, not only the post's own page.
    fn shown(&self, asset: &mut Asset, shown: Use) -> Result<Responsive, String> {
        let url = &self.post.url;
        let folder = url.rfind('/').map_or("", |slash| &url[..=slash]);
        let prefix = format!(
            "{}{}{}",
            self.targets.base_path,
            folder.trim_start_matches('/'),
            variant_prefix(&asset.output)
        );
        let responsive = self
            .targets
            .images
            .responsive(&asset.source, &url_path(&prefix), shown)
            .map_err(|problem| {
                format!(
                    "cannot be read as an image ({problem}); export it again as JPEG, PNG or WebP"
                )
            })?;
        asset.shown = Some(shown);
        Ok(responsive)
    }

    /// The front matter `image`, when it is a file beside the post, is copied like any other.
    fn front_matter_image(&mut self, image: &str) {
        if image.is_empty() || has_scheme(image) || image.starts_with('/') {
            return;
        }
        let decoded = percent_decode(image);
        let found = resolve_relative(&self.post.source.content_path, &decoded)
            .map_or(Ok(None), |resolved| self.asset(&resolved, &decoded));
        match found {
            Ok(Some(mut asset)) => {
                if Format::of_path(&asset.source).is_some()
                    && let Err(problem) = self.shown(&mut asset, Use::Lead)
                {
                    let problem = format!("the image `{image}` {problem}");
                    self.errors
                        .push(self.post.source.key_error("image", problem));
                    return;
                }
                self.assets.push(asset);
            }
            Ok(None) => self.errors.push(self.post.source.key_error(
                "image",
                format!("the image `{image}` does not exist next to this post"),
            )),
            Err(problem) => self
                .errors
                .push(self.post.source.key_error("image", problem)),
        }
    }

    fn post_link(
        &mut self,
        link: &str,
        resolved: &str,
        fragment: Option<&str>,
        range: &Range<usize>,
    ) -> CowStr<'p> {
        // A translation's link to a file goes to that file's version in its own language,
        // when there is one.
        let translated = self
            .post
            .translation
            .as_ref()
            .map(|language| crate::content::translated_path(resolved, language))
            .filter(|path| self.targets.posts.contains_key(path.as_str()));
        let resolved = translated.as_deref().unwrap_or(resolved);
        if let Some(url) = self.targets.posts.get(resolved) {
            if let Some(fragment) = fragment {
                self.fragment_links.push(FragmentLink {
                    target: resolved.to_owned(),
                    fragment: fragment.to_owned(),
                    offset: range.start,
                });
            }
            let url = url.trim_start_matches('/');
            let base_path = self.targets.base_path;
            let fragment_length = fragment.map_or(0, |f| f.len() + 1);
            let mut rewritten =
                String::with_capacity(base_path.len() + url.len() + fragment_length);
            rewritten.push_str(base_path);
            rewritten.push_str(url);
            if let Some(fragment) = fragment {
                rewritten.push('#');
                rewritten.push_str(fragment);
            }
            return rewritten.into();
        }
        let message = match self.targets.left_out.get(resolved) {
            Some(reason) => format!("the link `{link}` points to a file that is {reason}"),
            None => format!(
                "the link `{link}` points to a post or page that does not exist (looked for `{resolved}`)"
            ),
        };
        self.errors
            .push(self.post.source.body_error(range.start, message));
        CowStr::Borrowed("#")
    }
}

fn placeholder<'a>() -> (Event<'a>, Range<usize>) {
    (Event::Text(CowStr::Borrowed("")), 0..0)
}

/// Takes the events from `*index` up to the end event that closes the current element, and
/// moves `*index` past that end.
fn take_until_end<'a>(
    input: &mut [(Event<'a>, Range<usize>)],
    index: &mut usize,
    is_end: impl Fn(&Event<'a>) -> bool,
) -> Vec<(Event<'a>, Range<usize>)> {
    let end = find_end(input, *index, is_end);
    let taken = input[*index..end]
        .iter_mut()
        .map(|slot| std::mem::replace(slot, placeholder()))
        .collect();
    *index = end + 1;
    taken
}

/// The index of the first event from `from` matching `is_end` at the same nesting depth.
fn find_end<'a>(
    events: &[(Event<'a>, Range<usize>)],
    from: usize,
    is_end: impl Fn(&Event<'a>) -> bool,
) -> usize {
    let mut depth = 0usize;
    for (offset, (event, _)) in events[from..].iter().enumerate() {
        match event {
            event if depth == 0 && is_end(event) => return from + offset,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    events.len()
}

fn code_block(kind: &CodeBlockKind, code: &str) -> String {
    let language = match kind {
        CodeBlockKind::Fenced(info) => info
            .split([' ', ',', '{'])
            .next()
            .unwrap_or_default()
            .trim(),
        CodeBlockKind::Indented => "",
    };
    if language.is_empty() {
        return format!("<pre><code>{}</code></pre>\n", escape(code));
    }
    let class = format!("language-{}", escape(language));
    match highlight::highlight(code, language) {
        Some(highlighted) => {
            format!("<pre class=\"highlight\"><code class=\"{class}\">{highlighted}</code></pre>\n")
        }
        None => format!(
            "<pre><code class=\"{class}\">{}</code></pre>\n",
            escape(code)
        ),
    }
}

/// `<!-- more -->`, also written `<!--more-->` as Jekyll and WordPress posts do.
fn is_more_marker(event: &Event) -> bool {
    matches!(event, Event::Html(html) if html
        .trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inside| inside.trim() == "more"))
}

/// Where a post's summary comes from.
enum SummarySource<'a> {
    /// These events of the body: the text before `<!-- more -->`, else the first paragraph.
    Events(Range<usize>),
    /// The front matter `summary`, when the body has no `<!-- more -->`.
    FrontMatter(&'a str),
    /// Nothing: the body has no paragraph.
    Nothing,
}

/// The summary: the text before `<!-- more -->`, else the front matter `summary`, else the
/// first paragraph.
fn summary_source<'a>(
    events: &[Event],
    front_matter_summary: Option<&'a str>,
) -> SummarySource<'a> {
    if let Some(marker) = events.iter().position(is_more_marker) {
        return SummarySource::Events(0..marker);
    }
    if let Some(summary) = front_matter_summary {
        return SummarySource::FrontMatter(summary);
    }
    let Some(start) = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return SummarySource::Nothing;
    };
    let end = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map_or(events.len(), |end| start + end + 1);
    SummarySource::Events(start..end)
}

/// The summary's HTML; with `feed`, with absolute links. Only the summary's own events are
/// adapted for the feed, not the whole body.
fn summary_html(events: &[Event], source: &SummarySource, feed: Option<&FeedLinks>) -> String {
    let range = match source {
        SummarySource::Events(range) => range.clone(),
        SummarySource::FrontMatter(summary) => return render_plain(summary),
        SummarySource::Nothing => return String::new(),
    };
    let mut out = String::new();
    let events = events[range].iter();
    match feed {
        Some(feed) => html::push_html(
            &mut out,
            events
                .filter_map(|event| for_feed(event, feed))
                .filter_map(|event| for_summary(&event)),
        ),
        None => html::push_html(&mut out, events.filter_map(for_summary)),
    }
    out
}

/// The number of words in `text`, as `text.split_whitespace().count()` would give. This runs
/// over every character of every post, so ASCII text (nearly all of it) is counted as the
/// places where a space is followed by a non-space, in runs of 255 byte pairs summed in one
/// byte each: the compiler turns that into vector code, ten times faster than a loop over
/// characters. Only text with other characters is decoded.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return count_words_decoded(text);
    }
    let space = |byte: u8| byte == b' ' || (b'\t'..=b'\r').contains(&byte);
    let bytes = text.as_bytes();
    let Some((&first, after)) = bytes.split_first() else {
        return 0;
    };
    let before = &bytes[..after.len()];
    let mut words = usize::from(!space(first));
    for (before, after) in before.chunks(255).zip(after.chunks(255)) {
        let starts = before.iter().zip(after).fold(0u8, |starts, (&b, &a)| {
            starts + u8::from(space(b) & !space(a))
        });
        words += usize::from(starts);
    }
    words
}

/// [`count_words`] for text with characters beyond ASCII, one character at a time.
fn count_words_decoded(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        let space = c.is_whitespace();
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// `</h2>` and its line break, for a heading of `level`.
/// The heading level below `level` (h6 stays h6, as HTML has no h7).
fn one_level_down(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn closing_heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "</h1>\n",
        HeadingLevel::H2 => "</h2>\n",
        HeadingLevel::H3 => "</h3>\n",
        HeadingLevel::H4 => "</h4>\n",
        HeadingLevel::H5 => "</h5>\n",
        HeadingLevel::H6 => "</h6>\n",
    }
}

/// The class of a heading's anchor link (`#`), which summaries and the search index leave out.
pub const ANCHOR_CLASS: &str = "anchor";
/// The start of a heading's anchor link.
const ANCHOR_START: &str = "<a class=\"anchor\"";
/// The class of a footnote reference (a number), which summaries and the search index leave
/// out.
pub const FOOTNOTE_REF_CLASS: &str = "footnote-ref";
/// The start of a footnote reference.
const FOOTNOTE_REF_START: &str = "<sup class=\"footnote-ref\">";

/// A summary is shown on list pages, beside other posts' summaries: links to this page's
/// footnotes and headings would lead nowhere there, heading ids would clash, and headings
/// would break the list page's outline, so they become plain paragraphs.
fn for_summary<'a>(event: &Event<'a>) -> Option<Event<'a>> {
    let Event::Html(html) = event else {
        return Some(event.clone());
    };
    let bytes = html.as_bytes();
    let is_heading_tag = |offset: usize| {
        bytes.len() > offset + 1 && bytes[offset] == b'h' && bytes[offset + 1].is_ascii_digit()
    };
    if html.starts_with(ANCHOR_START) || html.starts_with(FOOTNOTE_REF_START) {
        None
    } else if html.starts_with('<') && is_heading_tag(1) {
        Some(Event::Html("<p class=\"summary-heading\">".into()))
    } else if html.starts_with("</") && is_heading_tag(2) {
        Some(Event::Html("</p>\n".into()))
    } else {
        Some(event.clone())
    }
}

/// An event as a feed shows it: links and images absolute, heading anchors left out.
fn for_feed<'a>(event: &Event<'a>, feed: &FeedLinks) -> Option<Event<'a>> {
    Some(match event {
        Event::Html(html) if html.starts_with(ANCHOR_START) => return None,
        // A feed reader shows the facade as a linked picture: its poster needs its address.
        Event::Html(html) if html.starts_with(crate::video::FACADE_START) => {
            Event::Html(absolute_sources(html, feed).into())
        }
        Event::InlineHtml(html) if html.starts_with(crate::images::PICTURE_START) => {
            Event::InlineHtml(absolute_sources(html, feed).into())
        }
        Event::Html(html) if html.contains("href=\"#") => {
            Event::Html(html.replace("href=\"#", &feed.fragment_href).into())
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: feed.absolute(dest_url),
            title: title.clone(),
            id: id.clone(),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: feed.absolute(dest_url),
            title: title.clone(),
            id: id.clone(),
        }),
        other => other.clone(),
    })
}

/// `html` with every `src="..."` and each address of every `srcset="..."` made absolute.
fn absolute_sources(html: &str, feed: &FeedLinks) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find("src") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let (attribute, srcset) = if after.starts_with("src=\"") {
            ("src=\"", false)
        } else if after.starts_with("srcset=\"") {
            ("srcset=\"", true)
        } else {
            out.push_str("src");
            rest = &after[3..];
            continue;
        };
        out.push_str(attribute);
        let value = &after[attribute.len()..];
        let end = value.find('"').unwrap_or(value.len());
        let absolute = |address: &str| feed.absolute(&CowStr::Borrowed(address)).to_string();
        if srcset {
            let candidates: Vec<String> = value[..end]
                .split(", ")
                .map(|candidate| match candidate.split_once(' ') {
                    Some((address, width)) => format!("{} {width}", absolute(address)),
                    None => absolute(candidate),
                })
                .collect();
            out.push_str(&candidates.join(", "));
        } else {
            out.push_str(&absolute(&value[..end]));
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert_toc(&mut roots, entry);
    }
    roots
}

fn insert_toc(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if entry.level > last.level => insert_toc(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

fn has_scheme(link: &str) -> bool {
    link.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !scheme.contains('/')
    })
}

/// Joins a relative link to the folder of the file it is in (both relative to the site's
/// folder); `None` if it climbs out of the site's folder.
fn resolve_relative(post_path: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = post_path.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The values of `id` and `name` attributes in a piece of raw HTML, quoted or not.
fn html_ids(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    ["id", "name"].into_iter().flat_map(move |attribute| {
        html.match_indices(attribute).filter_map(move |(start, _)| {
            let before = start.checked_sub(1).map(|i| bytes[i]);
            if !before.is_some_and(|b| b.is_ascii_whitespace()) {
                return None;
            }
            let rest = html[start + attribute.len()..]
                .trim_start()
                .strip_prefix('=')?;
            let rest = rest.trim_start();
            let value = match rest.chars().next()? {
                quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
                _ => rest
                    .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                    .next()?,
            };
            (!value.is_empty()).then_some(value)
        })
    })
}

/// Decodes `%20` and the like in a link's path; most paths have none, and are kept as they are.
fn percent_decode(text: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy()
}

fn footnote_id(name: &str) -> String {
    match slugify(name) {
        slug if slug.is_empty() => "note".to_owned(),
        slug => slug,
    }
}

#[cfg(test)]
mod tests;
