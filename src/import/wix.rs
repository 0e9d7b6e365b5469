//! A Wix blog's RSS feed (`blog-feed.xml`, saved from the site): each item becomes a post. An
//! item whose `content:encoded` holds the whole post is converted from HTML to Markdown; one
//! that holds only a teaser becomes a draft with the teaser and a note. Each post's
//! `/post/<slug>` address becomes an alias.

use anyhow::Result;
use serde_yaml::{Mapping, Value};

use super::html::{drop_script_links, to_markdown};

/// One post of the feed, read.
#[derive(Debug)]
pub struct Item {
    /// The post's slug, from its old address.
    pub slug: String,
    /// The old address's path (`/post/knee-pain`).
    pub old_path: Option<String>,
    /// salve's front matter.
    pub front: Mapping,
    /// The body, as Markdown.
    pub body: String,
    /// Links that ran code (`javascript:`), removed with their text kept.
    pub script_links: usize,
    /// Whether the feed held only a teaser.
    pub teaser_only: bool,
}

/// The feed's title and items.
pub fn read(xml: &str) -> Result<(Option<String>, Vec<Item>)> {
    super::xml::with_channel(
        xml,
        "save the blog's feed (`/blog-feed.xml`) and import that",
        read_channel,
    )
}

fn read_channel(channel: roxmltree::Node) -> Result<(Option<String>, Vec<Item>)> {
    let title = child_text(channel, "title");
    let items = channel
        .children()
        .filter(|node| node.has_tag_name("item"))
        .enumerate()
        .map(|(index, item)| read_item(item, index))
        .collect::<Result<Vec<_>>>()?;
    Ok((title, items))
}

fn read_item(item: roxmltree::Node, index: usize) -> Result<Item> {
    let title = child_text(item, "title").unwrap_or_else(|| format!("Post {}", index + 1));
    let link = child_text(item, "link");
    let old_path = link
        .as_deref()
        .and_then(|link| url::Url::parse(link).ok())
        .map(|url| url.path().to_owned())
        .filter(|path| path.len() > 1);
    let slug = old_path
        .as_deref()
        .and_then(|path| path.trim_end_matches('/').rsplit('/').next())
        .map(super::slug_of_address)
        .filter(|slug| !slug.is_empty())
        .unwrap_or_else(|| crate::slug::file_slug(&title));
    let teaser = child_text(item, "description").unwrap_or_default();
    let full = item
        .children()
        .find(|node| node.tag_name().name() == "encoded")
        .and_then(|node| node.text())
        .map(str::to_owned);
    let teaser_only = full.as_deref().is_none_or(|html| {
        crate::html::plain_text(html).len() <= crate::html::plain_text(&teaser).len() + 20
    });
    let (html, script_links) = drop_script_links(&full.unwrap_or(teaser.clone()));
    let mut front = Mapping::new();
    front.insert("title".into(), title.into());
    if let Some(date) = child_text(item, "pubDate").and_then(|date| rfc2822_date(&date)) {
        front.insert("date".into(), date.into());
    }
    let summary = crate::html::plain_text(&teaser);
    if !summary.is_empty() {
        front.insert("description".into(), shorten(&summary).into());
    }
    let tags: Vec<Value> = item
        .children()
        .filter(|node| node.has_tag_name("category"))
        .filter_map(|node| node.text())
        .map(|tag| Value::from(tag.trim()))
        .collect();
    if !tags.is_empty() {
        front.insert("tags".into(), Value::Sequence(tags));
    }
    if let Some(author) = item
        .children()
        .find(|node| node.tag_name().name() == "creator")
        .and_then(|node| node.text())
    {
        front.insert("author".into(), author.trim().into());
    }
    if let Some(image) = item
        .children()
        .find(|node| node.has_tag_name("enclosure"))
        .and_then(|node| node.attribute("url"))
    {
        front.insert("image".into(), image.into());
    }
    if teaser_only {
        front.insert("draft".into(), true.into());
    }
    Ok(Item {
        slug,
        old_path,
        front,
        body: to_markdown(&html)?,
        script_links,
        teaser_only,
    })
}

fn child_text(node: roxmltree::Node, name: &str) -> Option<String> {
    node.children()
        .find(|child| child.has_tag_name(name))
        .and_then(|child| child.text())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// An RSS date (`Tue, 17 Mar 2015 14:00:00 GMT`) as salve writes one.
fn rfc2822_date(date: &str) -> Option<String> {
    let moment = jiff::fmt::rfc2822::parse(date.trim()).ok()?;
    Some(moment.timestamp().to_string())
}

/// A description cut at a word near 160 characters.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 160 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(157).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wix_feed_gives_posts_and_teasers_become_drafts() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Clinic Blog</title>
<item><title>Knee pain</title><link>https://clinic.example/post/knee-pain</link>
<pubDate>Tue, 17 Mar 2015 14:00:00 GMT</pubDate><dc:creator>Jane Roe</dc:creator>
<category>Knees</category><description>Short.</description>
<content:encoded><![CDATA[<p style="color:red">Knee <strong>pain</strong> is common, and most of it gets better with time and exercise.</p><p><br></p><h1>What helps</h1><ul><li>Ice</li></ul>]]></content:encoded>
<enclosure url="https://static.wixstatic.com/media/knee.jpg" type="image/jpeg" length="0"/></item>
<item><title>Teaser only</title><link>https://clinic.example/post/teaser-only</link>
<pubDate>Wed, 18 Mar 2015 09:00:00 GMT</pubDate><description>Only the start of the post…</description></item>
</channel></rss>"#;
        let (title, items) = read(xml).unwrap();
        assert_eq!(title.as_deref(), Some("Clinic Blog"));
        assert_eq!(items.len(), 2);
        let knee = &items[0];
        assert_eq!(knee.slug, "knee-pain");
        assert_eq!(knee.old_path.as_deref(), Some("/post/knee-pain"));
        assert!(!knee.teaser_only);
        assert_eq!(
            knee.front.get("date").and_then(Value::as_str),
            Some("2015-03-17T14:00:00Z")
        );
        assert!(
            knee.body.contains("Knee **pain** is common"),
            "{}",
            knee.body
        );
        assert!(knee.body.contains("# What helps"), "{}", knee.body);
        assert!(!knee.body.contains("color:red"), "{}", knee.body);
        assert!(items[1].teaser_only);
        assert_eq!(items[1].front.get("draft"), Some(&Value::Bool(true)));
    }
}
