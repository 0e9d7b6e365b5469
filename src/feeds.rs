//! Atom and RSS feeds: the site's newest posts (`/atom.xml`, `/rss.xml`) and each tag's
//! (`/tags/<slug>/atom.xml`). Every URL is absolute, ids are the posts' permalinks (stable from
//! build to build), and links inside the content are absolute too.

use std::fmt::Write as _;

use crate::config::FeedContent;
use crate::content::PostDate;
use crate::files::{Contents, Output};
use crate::html::{escape, escape_into};
use crate::site::{RenderedPost, Site, Tag};

/// One feed file to write.
#[derive(Debug, Clone, Hash)]
pub struct Feed {
    /// Path inside the output folder, e.g. `tags/sleep/atom.xml`.
    pub path: String,
    /// Atom or RSS.
    pub format: Format,
    /// The feed's title.
    pub title: String,
    /// The site path of the page the feed follows (`/` or a tag's page).
    pub page: String,
    /// Indices into [`Site::posts`], newest first.
    pub posts: Vec<usize>,
}

/// A feed's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Atom 1.0.
    Atom,
    /// RSS 2.0.
    Rss,
}

/// The feeds of a site; none without a `base_url`, since feeds need absolute URLs.
pub fn feeds(site: &Site) -> Vec<Feed> {
    if !site.has_feeds() {
        return Vec::new();
    }
    let limit = site.config.feed_limit;
    let newest: Vec<usize> = (0..site.posts.len().min(limit)).collect();
    let site_feed = |path: &str, format| Feed {
        path: site.in_language(path).trim_start_matches('/').to_owned(),
        format,
        title: site.config.title.clone(),
        page: site.in_language("/"),
        posts: newest.clone(),
    };
    let mut feeds = vec![
        site_feed("atom.xml", Format::Atom),
        site_feed("rss.xml", Format::Rss),
    ];
    feeds.extend(site.tags.iter().map(|tag| Feed {
        path: tag_feed_url(site, tag).trim_start_matches('/').to_owned(),
        format: Format::Atom,
        title: format!("{} – {}", site.config.title, tag.name),
        page: site.tag_url(tag),
        posts: tag.posts.iter().copied().take(limit).collect(),
    }));
    feeds
}

/// Writes one feed.
pub fn render(site: &Site, feed: &Feed) -> Output {
    let xml = match feed.format {
        Format::Atom => atom(
            site,
            &feed.title,
            &feed.page,
            &format!("/{}", feed.path),
            &feed.posts,
        ),
        Format::Rss => rss(site, &feed.posts),
    };
    Output {
        path: feed.path.clone(),
        contents: Contents::Bytes(xml.into()),
    }
}

/// The site path of a tag's Atom feed.
pub fn tag_feed_url(site: &Site, tag: &Tag) -> String {
    format!("{}atom.xml", site.tag_url(tag))
}

fn atom(site: &Site, title: &str, page: &str, feed_path: &str, posts: &[usize]) -> String {
    let urls = &site.urls;
    let feed_url = urls.absolute(feed_path);
    let updated = posts
        .iter()
        .filter_map(|&i| site.posts[i].post.last_modified())
        .max_by_key(|d| d.timestamp())
        .map_or_else(|| EPOCH.to_owned(), PostDate::rfc3339);
    let mut xml = String::with_capacity(feed_capacity(site, posts));
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&site.config.language.0)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(title));
    if !site.config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape(&site.config.description)
        );
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&feed_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&urls.absolute(page))
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape(&feed_url));
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let publisher = site
        .config
        .clinic
        .as_ref()
        .map_or(site.config.title.as_str(), |clinic| clinic.name.as_str());
    let _ = writeln!(xml, "  <author><name>{}</name></author>", escape(publisher));
    let _ = writeln!(
        xml,
        "  <generator version=\"{}\">salve</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for &index in posts {
        atom_entry(&mut xml, site, &site.posts[index]);
    }
    xml.push_str("</feed>\n");
    xml
}

fn atom_entry(xml: &mut String, site: &Site, post: &RenderedPost) {
    let permalink = escape(&site.urls.absolute(&post.post.url));
    let front = &post.post.front;
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", escape(&front.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{permalink}\"/>"
    );
    let _ = writeln!(xml, "    <id>{permalink}</id>");
    if let Some(date) = post.post.date() {
        let _ = writeln!(xml, "    <published>{}</published>", date.rfc3339());
    }
    let updated = post.post.last_modified();
    let _ = writeln!(
        xml,
        "    <updated>{}</updated>",
        updated.map_or_else(|| EPOCH.to_owned(), PostDate::rfc3339)
    );
    for id in &front.author.0 {
        if let Some(person) = site.config.people.get(id) {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name><uri>{}</uri></author>",
                escape(&person.display_name()),
                escape(&site.urls.absolute(&site.person_url(id)))
            );
        }
    }
    for &tag in &post.tags {
        let tag = &site.tags[tag];
        let _ = writeln!(
            xml,
            "    <category term=\"{}\" label=\"{}\"/>",
            escape(&tag.slug),
            escape(&tag.name)
        );
    }
    let (summary, content) = entry_texts(site, post);
    xml.push_str("    <summary type=\"html\">");
    html_into(xml, summary);
    xml.push_str("</summary>\n");
    if let Some(content) = content {
        xml.push_str("    <content type=\"html\">");
        html_into(xml, content);
        xml.push_str("</content>\n");
    }
    xml.push_str("  </entry>\n");
}

fn rss(site: &Site, posts: &[usize]) -> String {
    let urls = &site.urls;
    let mut xml = String::with_capacity(feed_capacity(site, posts));
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let _ = writeln!(xml, "  <title>{}</title>", escape(&site.config.title));
    let _ = writeln!(
        xml,
        "  <link>{}</link>",
        escape(&urls.absolute(&site.in_language("/")))
    );
    let description = if site.config.description.is_empty() {
        &site.config.title
    } else {
        &site.config.description
    };
    let _ = writeln!(xml, "  <description>{}</description>", escape(description));
    let _ = writeln!(
        xml,
        "  <language>{}</language>",
        escape(&site.config.language.0)
    );
    let _ = writeln!(
        xml,
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&urls.absolute(&site.in_language("/rss.xml")))
    );
    if let Some(newest) = posts
        .iter()
        .filter_map(|&i| site.posts[i].post.last_modified())
        .max_by_key(|d| d.timestamp())
    {
        let _ = writeln!(xml, "  <lastBuildDate>{}</lastBuildDate>", newest.rfc2822());
    }
    let _ = writeln!(
        xml,
        "  <generator>salve {}</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for &index in posts {
        let post = &site.posts[index];
        let permalink = escape(&urls.absolute(&post.post.url));
        xml.push_str("  <item>\n");
        let _ = writeln!(xml, "    <title>{}</title>", escape(&post.post.front.title));
        let _ = writeln!(xml, "    <link>{permalink}</link>");
        let _ = writeln!(xml, "    <guid isPermaLink=\"true\">{permalink}</guid>");
        if let Some(date) = post.post.date() {
            let _ = writeln!(xml, "    <pubDate>{}</pubDate>", date.rfc2822());
        }
        for id in &post.post.front.author.0 {
            if let Some(person) = site.config.people.get(id) {
                let _ = writeln!(
                    xml,
                    "    <dc:creator>{}</dc:creator>",
                    escape(&person.display_name())
                );
            }
        }
        for &tag in &post.tags {
            let _ = writeln!(
                xml,
                "    <category>{}</category>",
                escape(&site.tags[tag].name)
            );
        }
        let (summary, content) = entry_texts(site, post);
        xml.push_str("    <description>");
        html_into(&mut xml, content.unwrap_or(summary));
        xml.push_str("</description>\n");
        xml.push_str("  </item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// Room for a feed of `posts`: their texts, and what the feed and each entry add around them.
/// A feed of whole posts is hundreds of kilobytes, which a guess would copy several times as
/// it grows.
fn feed_capacity(site: &Site, posts: &[usize]) -> usize {
    posts.iter().fold(4096, |room, &index| {
        let (summary, content) = entry_texts(site, &site.posts[index]);
        room + summary.len() + content.map_or(0, str::len) + 2048
    })
}

/// The entry's summary (HTML) and, with `feed_content: full`, its whole body.
fn entry_texts<'a>(site: &Site, post: &'a RenderedPost) -> (&'a str, Option<&'a str>) {
    let markdown = &post.markdown;
    let summary = markdown
        .feed_summary_html
        .as_deref()
        .unwrap_or(&markdown.summary_html);
    let content = match site.config.feed_content {
        FeedContent::Full => Some(markdown.feed_html.as_deref().unwrap_or(&markdown.html)),
        FeedContent::Summary => None,
    };
    (summary, content)
}

/// Writes HTML as an element's text. A CDATA section holds it unchanged, where escaping would
/// stop at every tag: feeds carry whole bodies, a third of the bytes of a 1,000-post site.
/// Text that may hold characters XML forbids is escaped instead, which drops them.
fn html_into(xml: &mut String, html: &str) {
    if may_hold_forbidden_characters(html.as_bytes()) {
        escape_into(xml, html);
        return;
    }
    xml.push_str("<![CDATA[");
    let mut rest = html;
    // `]]>` would end the section: it is split over two sections, `]]` in one, `>` in the next.
    while let Some(end) = memchr::memmem::find(rest.as_bytes(), b"]]>") {
        xml.push_str(&rest[..end + 2]);
        xml.push_str("]]><![CDATA[");
        rest = &rest[end + 2..];
    }
    xml.push_str(rest);
    xml.push_str("]]>");
}

/// Whether `bytes` has a control character other than tab and line breaks, or the lead byte
/// of a C1 control (which also starts U+00A0 to U+00BF). Written as one pass with no early
/// exit, so that it is checked many bytes at a time.
fn may_hold_forbidden_characters(bytes: &[u8]) -> bool {
    let forbidden = |byte: u8| {
        let control = u8::from(byte < 0x20) & u8::from(!matches!(byte, b'\t' | b'\n' | b'\r'));
        control | u8::from(byte == 0x7f) | u8::from(byte == 0xc2)
    };
    bytes
        .chunks(64)
        .any(|chunk| chunk.iter().fold(0, |found, &byte| found | forbidden(byte)) != 0)
}

/// The `updated` of a feed with no posts: fixed, so the file does not change between builds.
const EPOCH: &str = "1970-01-01T00:00:00+00:00";

#[cfg(test)]
mod tests {
    use super::*;

    /// The element's text as an XML parser reads it back.
    fn read_back(html: &str) -> String {
        let mut xml = String::from("<content>");
        html_into(&mut xml, html);
        xml.push_str("</content>");
        let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
        document
            .root_element()
            .text()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn html_is_kept_unchanged_in_a_cdata_section() {
        let html = "<p>Ice &amp; heat: \"which\" <em>first</em>? It\u{2019}s 5 > 3.</p>\n";
        let mut xml = String::new();
        html_into(&mut xml, html);
        assert_eq!(xml, format!("<![CDATA[{html}]]>"));
        assert_eq!(read_back(html), html);
    }

    #[test]
    fn a_cdata_end_inside_the_html_does_not_end_the_section() {
        for html in ["a]]>b", "]]>", "]]]]>>", "x]]>y]]>z", "]]"] {
            assert_eq!(read_back(html), html, "{html}");
        }
    }

    #[test]
    fn characters_xml_forbids_are_dropped_and_the_rest_escaped() {
        assert_eq!(read_back("<b>a\u{1}b\u{7f}c\u{85}d</b>"), "<b>abcd</b>");
        assert_eq!(read_back("tab\tline\r\nnext"), "tab\tline\nnext");
        assert_eq!(
            read_back("non\u{a0}breaking <i>space</i>"),
            "non\u{a0}breaking <i>space</i>"
        );
    }

    #[test]
    fn forbidden_characters_are_found_at_any_place() {
        let clean = "x".repeat(200);
        assert!(!may_hold_forbidden_characters(clean.as_bytes()));
        for place in [0, 63, 64, 150, 199] {
            for byte in [0x00, 0x08, 0x1f, 0x7f, 0xc2] {
                let mut bytes = clean.clone().into_bytes();
                bytes[place] = byte;
                assert!(
                    may_hold_forbidden_characters(&bytes),
                    "{byte:#x} at {place}"
                );
            }
        }
    }
}
