//! Front matter from Jekyll and Hugo, mapped onto salve's keys: `categories` join `tags`,
//! `excerpt` becomes `summary`, `published: false` becomes `draft: true`, `lastmod` becomes
//! `updated`, `redirect_from` joins `aliases`, `lang` becomes `language`, free-text authors
//! become people; keys salve has no use for (`layout`, `comments`) are dropped, and any other
//! goes under `extra`, where templates still see it.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use crate::content::Collection;
use crate::slug::slugify;

/// A front matter mapped onto salve's keys, with what the mapping noticed.
#[derive(Debug, Default)]
pub struct Mapped {
    /// salve's front matter.
    pub front: Mapping,
    /// The post's address on the old site, when its front matter set one (`permalink`, `url`).
    pub old_url: Option<String>,
    /// The categories, in order, for the old address's `:categories`.
    pub categories: Vec<String>,
    /// Keys dropped because salve has no use for them.
    pub dropped: Vec<String>,
    /// Whether the post has an image but no text alternative (set to empty, to be written).
    pub image_without_alt: bool,
}

/// The authors an import met, by the id it gave them: their names.
pub type People = BTreeMap<String, String>;

/// Keys that only steer the old generator's templates or services.
const DROPPED: [&str; 14] = [
    "layout",
    "comments",
    "share",
    "sharing",
    "toc",
    "type",
    "sitemap",
    "ShowToc",
    "TocOpen",
    "showToc",
    "math",
    "mathjax",
    "disqus_identifier",
    "related",
];

/// Maps one front matter. `known_people` are the ids of a site's existing `people`: an author
/// named by one of them stays; another becomes a person of `people` (by a slug of the name)
/// when `people` may grow, else is kept under `extra.author_name`.
pub fn map(
    original: &Mapping,
    collection: Collection,
    people: &mut People,
    may_add_people: bool,
) -> Mapped {
    let mut mapped = Mapped::default();
    let mut tags: Vec<String> = Vec::new();
    let mut extra = Mapping::new();
    let mut aliases: Vec<Value> = Vec::new();
    let mut draft = false;
    for (key, value) in original {
        let Some(key) = key.as_str() else { continue };
        match key {
            "title" | "description" | "slug" => set(&mut mapped.front, key, text(value)),
            "date" if collection == Collection::Posts => {
                set(&mut mapped.front, "date", text(value));
            }
            "lastmod" | "last_modified_at" | "updated" | "modified"
                if collection == Collection::Posts =>
            {
                set(&mut mapped.front, "updated", text(value));
            }
            "excerpt" | "summary" if collection == Collection::Posts => {
                set(&mut mapped.front, "summary", text(value));
            }
            "tags" | "categories" | "category" | "keywords" => {
                if key.starts_with("categor") {
                    mapped.categories.extend(list(value));
                }
                for tag in list(value) {
                    if !tags.iter().any(|known| slugify(known) == slugify(&tag)) {
                        tags.push(tag);
                    }
                }
            }
            "published" => draft |= value.as_bool() == Some(false),
            // What Hugo never published stays unpublished: a draft, a headless bundle, a page
            // its build options keep from rendering, a page past its expiry date.
            "draft" | "headless" => draft |= value.as_bool() == Some(true),
            "build" | "_build" => draft |= is_never_rendered(value),
            "expiryDate" | "expirydate" | "expiry_date" => draft |= has_expired(value),
            "author" | "authors" => {
                let ids = authors(value, people, may_add_people, &mut extra);
                if !ids.is_empty() {
                    mapped.front.insert("author".into(), list_value(ids));
                }
            }
            "aliases" | "redirect_from" => aliases.extend(list(value).into_iter().map(Value::from)),
            "permalink" | "url" => mapped.old_url = text(value),
            "image" | "featured_image" | "cover_image" | "thumbnail" | "images" | "cover" => {
                if !mapped.front.contains_key("image")
                    && let Some(image) = image(value)
                {
                    mapped.front.insert("image".into(), image.into());
                }
            }
            "image_alt" | "alt" => set(&mut mapped.front, "image_alt", text(value)),
            "lang" | "language" if collection == Collection::Posts => {
                set(&mut mapped.front, "language", text(value));
            }
            "featured" | "sticky" | "pinned" if collection == Collection::Posts => {
                if value.as_bool() == Some(true) {
                    mapped.front.insert("featured".into(), true.into());
                }
            }
            "menu" if collection == Collection::Pages => {
                if names_main_menu(value) {
                    mapped.front.insert("menu".into(), true.into());
                }
            }
            "weight" if collection == Collection::Pages => {
                if let Some(weight) = value.as_i64() {
                    mapped.front.insert("weight".into(), weight.into());
                }
            }
            key if DROPPED.contains(&key) => mapped.dropped.push(key.to_owned()),
            key => {
                extra.insert(key.into(), value.clone());
            }
        }
    }
    if collection == Collection::Posts && !tags.is_empty() {
        mapped.front.insert("tags".into(), list_value(tags));
    }
    if draft {
        mapped.front.insert("draft".into(), true.into());
    }
    if !aliases.is_empty() {
        mapped
            .front
            .insert("aliases".into(), Value::Sequence(aliases));
    }
    if mapped.front.contains_key("image") && !mapped.front.contains_key("image_alt") {
        mapped.front.insert("image_alt".into(), "".into());
        mapped.image_without_alt = true;
    }
    if !extra.is_empty() {
        mapped.front.insert("extra".into(), Value::Mapping(extra));
    }
    mapped
}

/// Whether Hugo's build options (`build: {render: never}`, the older `_build: {render:
/// false}`) keep a page from being rendered.
fn is_never_rendered(options: &Value) -> bool {
    options.get("render").is_some_and(|render| {
        render.as_bool() == Some(false)
            || render
                .as_str()
                .is_some_and(|render| matches!(render, "never" | "false"))
    })
}

/// Whether a date (`2024-05-01`, or a date and time) is before today.
fn has_expired(date: &Value) -> bool {
    let today = jiff::Zoned::now().date().to_string();
    text(date)
        .and_then(|date| date.get(..10).map(str::to_owned))
        .is_some_and(|day| day < today)
}

fn set(front: &mut Mapping, key: &str, value: Option<String>) {
    if let Some(value) = value {
        front.insert(key.into(), value.into());
    }
}

/// A scalar as text (a date or a number written without quotes too).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_owned()).filter(|text| !text.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Tagged(tagged) => text(&tagged.value),
        _ => None,
    }
}

/// A list, or one line: Jekyll's `categories: health news` is two.
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(text).collect(),
        Value::String(line) if line.contains(',') => line
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::String(line) => line.split_whitespace().map(str::to_owned).collect(),
        other => text(other).into_iter().collect(),
    }
}

fn list_value(items: Vec<String>) -> Value {
    Value::Sequence(items.into_iter().map(Value::from).collect())
}

/// The ids of a post's authors, adding people met for the first time.
fn authors(
    value: &Value,
    people: &mut People,
    may_add_people: bool,
    extra: &mut Mapping,
) -> Vec<String> {
    let names: Vec<String> = match value {
        Value::Mapping(author) => author.get("name").and_then(text).into_iter().collect(),
        Value::Sequence(items) if items.iter().all(Value::is_string) => list(value),
        other => text(other).into_iter().collect(),
    };
    let mut ids = Vec::new();
    for name in names {
        if people.contains_key(&name) {
            ids.push(name);
            continue;
        }
        let id = slugify(&name).replace('-', "");
        if id.is_empty() {
            continue;
        }
        if people.contains_key(&id) {
            ids.push(id);
        } else if may_add_people {
            people.insert(id.clone(), name);
            ids.push(id);
        } else {
            extra.insert("author_name".into(), name.into());
        }
    }
    ids
}

/// A lead image from `image: x.png`, `images: [x.png]` or `cover: {image: x.png}`.
fn image(value: &Value) -> Option<String> {
    match value {
        Value::Sequence(items) => items.first().and_then(image),
        Value::Mapping(map) => map
            .get("image")
            .or_else(|| map.get("src"))
            .or_else(|| map.get("path"))
            .and_then(text),
        other => text(other),
    }
}

/// Whether a Hugo `menu` names the main menu: `menu: main`, `menu: [main]` or `menu: {main:
/// {...}}`.
fn names_main_menu(value: &Value) -> bool {
    match value {
        Value::String(name) => name == "main",
        Value::Sequence(items) => items.iter().any(names_main_menu),
        Value::Mapping(menus) => menus.contains_key("main"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Mapping {
        serde_yaml::from_str(text).expect("test YAML")
    }

    #[test]
    fn jekyll_keys_map_onto_salves() {
        let mut people = People::new();
        let mapped = map(
            &yaml(
                "layout: post\ntitle: Knee pain\ndate: 2015-03-17 14:00:00 -0500\ncategories: health news\ntags: [Knee, health]\nexcerpt: Short.\npublished: false\nauthor: Jane Roe\nredirect_from: /old/\nlast_modified_at: 2016-01-01\nimage: /img/knee.jpg\nmood: calm\n",
            ),
            Collection::Posts,
            &mut people,
            true,
        );
        let expected = yaml(
            "title: Knee pain\ndate: 2015-03-17 14:00:00 -0500\nsummary: Short.\nauthor: [janeroe]\nupdated: 2016-01-01\nimage: /img/knee.jpg\ntags: [health, news, Knee]\ndraft: true\naliases: [/old/]\nimage_alt: ''\nextra: {mood: calm}\n",
        );
        assert_eq!(mapped.front, expected);
        assert_eq!(mapped.dropped, ["layout"]);
        assert!(mapped.image_without_alt);
        assert_eq!(people.get("janeroe").map(String::as_str), Some("Jane Roe"));
    }

    /// Regression: Hugo pages Hugo never published (headless bundles, `build: {render:
    /// never}`, past their `expiryDate`) were imported as published posts.
    #[test]
    fn what_hugo_did_not_publish_becomes_a_draft() {
        let draft = |front: &str| {
            let mapped = map(&yaml(front), Collection::Posts, &mut People::new(), true);
            mapped.front.get("draft").and_then(Value::as_bool) == Some(true)
        };
        assert!(draft("title: A\nheadless: true\n"));
        assert!(draft("title: A\nbuild:\n  render: never\n"));
        assert!(draft("title: A\n_build:\n  render: false\n"));
        assert!(draft("title: A\nexpiryDate: 2001-01-01T00:00:00Z\n"));
        assert!(!draft(
            "title: A\nexpiryDate: 2999-01-01\nbuild:\n  render: always\n"
        ));
    }

    #[test]
    fn a_hugo_page_keeps_its_menu_and_weight() {
        let mapped = map(
            &yaml(
                "title: About\ndate: 2020-01-01\nmenu:\n  main:\n    weight: 2\nweight: 5\ndraft: true\n",
            ),
            Collection::Pages,
            &mut People::new(),
            true,
        );
        assert_eq!(
            mapped.front,
            yaml("title: About\nmenu: true\nweight: 5\ndraft: true\nextra: {date: 2020-01-01}\n")
        );
    }
}
