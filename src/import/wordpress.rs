//! A WordPress export (WXR, from Tools → Export): posts (published, drafts, scheduled), pages,
//! authors, categories and tags, featured images and excerpts. Content is WordPress's own
//! (block-editor comments, shortcodes, paragraphs separated by blank lines): the comments are
//! dropped, `[caption]`, `[gallery]`, `[embed]`, `[video]` and `[audio]` become HTML salve
//! turns into figures, images and links, paragraphs are made as WordPress makes them, and the
//! result is converted to Markdown. Password-protected and private posts are left out, with a
//! note.

use std::collections::HashMap;

use anyhow::Result;
use roxmltree::Node;
use serde_yaml::{Mapping, Value};

use super::html::{drop_script_links, to_markdown};
use crate::content::Collection;

const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const EXCERPT_SUFFIX: &str = "/excerpt/";

/// One post or page of the export, converted.
#[derive(Debug)]
pub struct Item {
    /// Post or page.
    pub collection: Collection,
    /// Its slug (`post_name`).
    pub slug: String,
    /// The old address's path.
    pub old_path: Option<String>,
    /// salve's front matter (before the import's own mapping of authors and images).
    pub front: Mapping,
    /// The body, as Markdown.
    pub body: String,
    /// Shortcodes left as written.
    pub unconverted: Vec<String>,
    /// Links that ran code (`javascript:`), removed with their text kept.
    pub script_links: usize,
}

/// The export's site title, its items, and the items left out with why.
pub struct Export {
    /// The blog's title.
    pub title: Option<String>,
    /// The site's address.
    pub base_url: Option<String>,
    /// Posts and pages.
    pub items: Vec<Item>,
    /// Items left out: their title and why.
    pub left_out: Vec<(String, &'static str)>,
    /// The authors: the id each post's `author` names (from the login), and the display name.
    pub authors: Vec<(String, String)>,
}

/// Reads an export.
pub fn read(xml: &str) -> Result<Export> {
    super::xml::with_channel(
        xml,
        "export the site from WordPress (Tools → Export) and import that file",
        read_channel,
    )
}

fn read_channel(channel: Node) -> Result<Export> {
    let authors: HashMap<String, String> = channel
        .children()
        .filter(|node| node.tag_name().name() == "author")
        .filter_map(|author| {
            let login = local_text(author, "author_login")?;
            let name = local_text(author, "author_display_name").unwrap_or_else(|| login.clone());
            Some((login, name))
        })
        .collect();
    let items: Vec<Node> = channel
        .children()
        .filter(|node| node.has_tag_name("item"))
        .collect();
    let attachments: HashMap<String, String> = items
        .iter()
        .filter(|item| local_text(**item, "post_type").as_deref() == Some("attachment"))
        .filter_map(|item| {
            Some((
                local_text(*item, "post_id")?,
                local_text(*item, "attachment_url")?,
            ))
        })
        .collect();
    let mut export = Export {
        title: local_text(channel, "title"),
        base_url: local_text(channel, "base_blog_url").or_else(|| local_text(channel, "link")),
        items: Vec::new(),
        left_out: Vec::new(),
        authors: authors
            .iter()
            .map(|(login, name)| (author_id(login), name.clone()))
            .collect(),
    };
    for item in items {
        let collection = match local_text(item, "post_type").as_deref() {
            Some("post") => Collection::Posts,
            Some("page") => Collection::Pages,
            _ => continue,
        };
        // WordPress keeps some titles and names HTML-escaped (`Tips &amp; tricks`): it shows
        // them as HTML, so their references are decoded.
        let title = local_text(item, "title")
            .map(|title| crate::html::decode_entities(title.trim()).into_owned())
            .unwrap_or_default();
        let status = local_text(item, "status").unwrap_or_default();
        let why = match status.as_str() {
            "trash" | "auto-draft" | "inherit" => Some("in the trash or an automatic draft"),
            "private" => Some("private on the old site; publish it by hand if it should be public"),
            _ if local_text(item, "post_password").is_some() => {
                Some("password-protected, which a static site cannot do")
            }
            _ => None,
        };
        if let Some(why) = why {
            export.left_out.push((title, why));
            continue;
        }
        export.items.push(read_item(
            item,
            collection,
            &title,
            &status,
            &authors,
            &attachments,
        )?);
    }
    Ok(export)
}

fn read_item(
    item: Node,
    collection: Collection,
    title: &str,
    status: &str,
    authors: &HashMap<String, String>,
    attachments: &HashMap<String, String>,
) -> Result<Item> {
    let link = local_text(item, "link");
    let old_path = link
        .as_deref()
        .and_then(|link| url::Url::parse(link).ok())
        .map(|url| url.path().to_owned())
        .filter(|path| path.len() > 1);
    let slug = local_text(item, "post_name")
        .map(|name| super::slug_of_address(&name))
        .filter(|slug| !slug.is_empty())
        .unwrap_or_else(|| crate::slug::file_slug(title));
    let mut front = Mapping::new();
    front.insert("title".into(), title.into());
    if collection == Collection::Posts {
        let date = local_text(item, "post_date_gmt")
            .filter(|date| !date.starts_with("0000"))
            .map(|date| format!("{date} +0000"))
            // The local time has no offset in the export: its day is what is known.
            .or_else(|| {
                local_text(item, "post_date")
                    .filter(|date| !date.starts_with("0000"))
                    .and_then(|date| date.get(..10).map(str::to_owned))
            });
        if let Some(date) = date {
            front.insert("date".into(), date.into());
        }
        let tags: Vec<Value> = item
            .children()
            .filter(|node| node.has_tag_name("category"))
            .filter(|node| matches!(node.attribute("domain"), Some("category" | "post_tag")))
            .filter_map(|node| node.text())
            .map(|tag| crate::html::decode_entities(tag.trim()).into_owned())
            .filter(|tag| {
                !crate::slug::slugify(tag).is_empty() && !tag.eq_ignore_ascii_case("uncategorized")
            })
            .map(Value::from)
            .collect();
        if !tags.is_empty() {
            front.insert("tags".into(), Value::Sequence(tags));
        }
        if let Some(excerpt) = namespaced_text(item, "encoded", |ns| ns.ends_with(EXCERPT_SUFFIX)) {
            front.insert("excerpt".into(), crate::html::plain_text(&excerpt).into());
        }
    }
    if matches!(status, "draft" | "pending") {
        front.insert("draft".into(), true.into());
    }
    if let Some(login) = item
        .children()
        .find(|node| node.tag_name().name() == "creator")
        .and_then(|node| node.text())
    {
        let login = login.trim();
        // A login the export does not describe is a name of its own.
        let author = if authors.contains_key(login) {
            author_id(login)
        } else {
            login.to_owned()
        };
        front.insert("author".into(), author.into());
    }
    let thumbnail = item
        .children()
        .filter(|node| node.tag_name().name() == "postmeta")
        .find(|meta| local_text(*meta, "meta_key").as_deref() == Some("_thumbnail_id"))
        .and_then(|meta| local_text(meta, "meta_value"))
        .and_then(|id| attachments.get(&id));
    if let Some(image) = thumbnail {
        front.insert("image".into(), image.clone().into());
    }
    let content = namespaced_text(item, "encoded", |ns| ns == CONTENT).unwrap_or_default();
    let (html, unconverted) = content_html(&content, attachments);
    let (html, script_links) = drop_script_links(&html);
    Ok(Item {
        collection,
        slug,
        old_path,
        front,
        body: to_markdown(&html)?,
        unconverted,
        script_links,
    })
}

/// The id of a person of `people` for a WordPress login: `dr.kim` is `drkim`.
pub fn author_id(login: &str) -> String {
    crate::slug::slugify(login).replace('-', "")
}

/// The text of the child whose local name is `name` (any namespace).
fn local_text(node: Node, name: &str) -> Option<String> {
    node.children()
        .find(|child| child.tag_name().name() == name)
        .and_then(|child| child.text())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// The text of the child named `name` in a namespace `namespace` accepts.
fn namespaced_text(node: Node, name: &str, namespace: impl Fn(&str) -> bool) -> Option<String> {
    node.children()
        .find(|child| {
            child.tag_name().name() == name && child.tag_name().namespace().is_some_and(&namespace)
        })
        .and_then(|child| child.text())
        .map(str::to_owned)
        .filter(|text| !text.trim().is_empty())
}

/// WordPress content as HTML: block comments dropped, shortcodes converted (the ones without
/// an equivalent come back beside it), paragraphs made from blank lines.
fn content_html(content: &str, attachments: &HashMap<String, String>) -> (String, Vec<String>) {
    let without_blocks = drop_block_comments(content);
    let (converted, unconverted) = shortcodes(&without_blocks, attachments);
    (paragraphs(&converted), unconverted)
}

/// Removes the block editor's `<!-- wp:... -->` and `<!-- /wp:... -->` comments.
fn drop_block_comments(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("<!-- wp:").or_else(|| rest.find("<!-- /wp:")) {
        let start = [rest.find("<!-- wp:"), rest.find("<!-- /wp:")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(start);
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Converts the shortcodes salve has an equivalent for.
fn shortcodes(content: &str, attachments: &HashMap<String, String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(content.len());
    let mut unconverted = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find(']') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = &after[..end];
        let name = tag.split_whitespace().next().unwrap_or_default();
        let known = ["caption", "gallery", "embed", "video", "audio", "youtube"];
        if !known.contains(&name) || name.is_empty() {
            // `[x](link)` is a Markdown link, and `[/x]` closes a shortcode reported already.
            let looks_like_shortcode = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                })
                && !after[end + 1..].starts_with('(');
            if looks_like_shortcode {
                unconverted.push(format!("[{tag}]"));
            }
            out.push('[');
            rest = after;
            continue;
        }
        let closing = format!("[/{name}]");
        let (inner, next) = match after[end + 1..].find(&closing) {
            Some(close) => (
                &after[end + 1..end + 1 + close],
                &after[end + 1 + close + closing.len()..],
            ),
            None => ("", &after[end + 1..]),
        };
        out.push_str(&shortcode_html(name, tag, inner, attachments));
        rest = next;
    }
    out.push_str(rest);
    (out, unconverted)
}

/// The HTML for one known shortcode.
fn shortcode_html(
    name: &str,
    tag: &str,
    inner: &str,
    attachments: &HashMap<String, String>,
) -> String {
    let attribute = |key: &str| {
        let start = tag.find(&format!("{key}=\""))? + key.len() + 2;
        let end = tag[start..].find('"')?;
        Some(tag[start..start + end].to_owned())
    };
    match name {
        "caption" => {
            let (image, caption) = match inner.find('>') {
                Some(end) if inner.trim_start().starts_with('<') => {
                    (&inner[..=end], inner[end + 1..].trim())
                }
                _ => ("", inner.trim()),
            };
            let caption = attribute("caption").unwrap_or_else(|| caption.to_owned());
            let image = image.replace(" title=", " data-title=");
            // An image alone with a title becomes a figure in salve's Markdown.
            let image = image.replacen(
                "<img ",
                &format!("<img title=\"{}\" ", caption.replace('"', "'")),
                1,
            );
            format!("\n\n<p>{image}</p>\n\n")
        }
        "gallery" => {
            let ids = attribute("ids").unwrap_or_default();
            let mut images = String::new();
            for url in ids.split(',').filter_map(|id| attachments.get(id.trim())) {
                images.push_str("\n\n<p><img src=\"");
                images.push_str(url);
                images.push_str("\" alt=\"\"></p>\n\n");
            }
            images
        }
        "embed" | "youtube" => {
            let url = if inner.trim().is_empty() {
                tag.split_whitespace().nth(1).unwrap_or_default().to_owned()
            } else {
                inner.trim().to_owned()
            };
            format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n")
        }
        _ => {
            let source = attribute("src")
                .or_else(|| attribute("mp4"))
                .or_else(|| attribute("mp3"))
                .unwrap_or_default();
            format!("\n\n<p><a href=\"{source}\">{source}</a></p>\n\n")
        }
    }
}

/// Paragraphs as WordPress makes them: text separated by a blank line is a paragraph, a line
/// break inside one is a `<br>`; blocks of HTML stay as they are.
fn paragraphs(content: &str) -> String {
    let block = [
        "<p",
        "<h",
        "<ul",
        "<ol",
        "<li",
        "<table",
        "<blockquote",
        "<figure",
        "<div",
        "<pre",
        "<hr",
        "<!--",
        "<iframe",
        "<script",
        "<dl",
    ];
    content
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| {
            if block.iter().any(|tag| chunk.starts_with(tag)) {
                chunk.to_owned()
            } else {
                format!("<p>{}</p>", chunk.replace('\n', "<br>\n"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_content_becomes_html_salve_converts() {
        let attachments = HashMap::from([("7".to_owned(), "https://x.org/a.jpg".to_owned())]);
        let (html, unconverted) = content_html(
            "<!-- wp:paragraph -->\nFirst line\nsecond line\n<!-- /wp:paragraph -->\n\n[caption id=\"1\"]<img src=\"https://x.org/k.jpg\" alt=\"Knee\"> The knee[/caption]\n\n[gallery ids=\"7\"]\n\n[embed]https://youtu.be/dQw4w9WgXcQ[/embed]\n\n[contact-form-7 id=\"3\"]\n\nA [link](x) stays.",
            &attachments,
        );
        assert!(
            html.contains("<p>First line<br>\nsecond line</p>"),
            "{html}"
        );
        assert!(
            html.contains("<img title=\"The knee\" src=\"https://x.org/k.jpg\" alt=\"Knee\">"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"https://x.org/a.jpg\" alt=\"\">"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://youtu.be/dQw4w9WgXcQ\">"),
            "{html}"
        );
        assert!(!html.contains("wp:paragraph"), "{html}");
        assert_eq!(unconverted, ["[contact-form-7 id=\"3\"]"]);
    }
}
