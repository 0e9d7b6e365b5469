//! Sites in several languages: the demo in English and Spanish, and small sites for the
//! errors. Pages are parsed: alternates, the switcher, the theme's words, feeds, search.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{Page, TestSite};

fn demo() -> TestSite {
    let site = TestSite::copy_of(&crate::common::repo_root());
    site.build(&[]);
    site
}

/// The output file of an absolute URL of the demo.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix("https://riverbend-pain.example/")
        .unwrap_or_else(|| panic!("{url} is on the demo's host"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// A page's `hreflang` alternates: language to URL.
fn alternates(page: &Page) -> BTreeMap<String, String> {
    page.select("link[rel=alternate][hreflang]")
        .iter()
        .map(|link| {
            let value = link.value();
            (
                value.attr("hreflang").unwrap_or_default().to_owned(),
                value.attr("href").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Guards hreflang: every translated page lists each version (itself included) and
/// `x-default`, the English one; and each version lists the very same set back.
#[test]
fn translated_pages_link_every_version_both_ways_with_x_default() {
    let site = demo();
    let mut translated = 0;
    for path in site.html_pages() {
        let page = site.page(&path);
        let links = alternates(&page);
        if links.is_empty() {
            continue;
        }
        translated += 1;
        assert_eq!(
            links.keys().cloned().collect::<Vec<_>>(),
            ["en", "es", "x-default"],
            "{path}"
        );
        assert_eq!(links["x-default"], links["en"], "{path}");
        let own = page.attr("link[rel=canonical]", "href");
        assert!(links.values().any(|url| *url == own), "{path} lists itself");
        for url in links.values() {
            let other = site.page(&file_of(url));
            assert_eq!(alternates(&other), links, "{path} and {url} agree");
        }
    }
    // Three posts and four notices, and the home, tags, archive, people, locations and
    // search pages of each language, and each person's page.
    assert!(translated >= 2 * 7 + 2 * 6, "{translated} translated pages");
    let original = site.page("posts/your-first-visit/index.html");
    assert_eq!(
        alternates(&original)["es"],
        "https://riverbend-pain.example/es/posts/primera-visita/"
    );
}

/// Guards the switcher: a translated page links its version; a page with none links the
/// other language's home page; and neither kind of page has alternates it does not have.
#[test]
fn the_language_switcher_leads_to_the_translation_or_the_other_home() {
    let site = demo();
    let translated = site.page("es/posts/infusiones-de-ketamina/index.html");
    assert_eq!(
        translated.attrs(".language-switcher a", "href"),
        ["/posts/ketamine-infusions/"]
    );
    assert_eq!(translated.attr(".language-switcher a", "lang"), "en");
    assert_eq!(translated.text(".language-switcher a"), "English");
    // What salve writes into a body is in the body's language too.
    assert_eq!(translated.text(".callout-title span"), "Importante");
    let alone = site.page("posts/opioid-safety/index.html");
    assert_eq!(alone.attrs(".language-switcher a", "href"), ["/es/"]);
    assert_eq!(alone.text(".language-switcher a"), "Español");
    assert!(alternates(&alone).is_empty());
    assert_eq!(alone.attr("html", "lang"), "en");
    assert_eq!(translated.attr("html", "lang"), "es");
}

/// The literal parts of a table's texts: the words between its `{placeholders}`.
fn literal_parts(table: &serde_yaml::Mapping) -> BTreeSet<String> {
    let mut texts = Vec::new();
    for (key, value) in table {
        if key.as_str() == Some("language_name") {
            continue;
        }
        match value {
            serde_yaml::Value::String(text) => texts.push(text.clone()),
            serde_yaml::Value::Mapping(forms) => {
                texts.extend(forms.values().filter_map(|v| v.as_str().map(str::to_owned)));
            }
            _ => {}
        }
    }
    texts
        .iter()
        .flat_map(|text| {
            text.split(['{', '}'])
                .enumerate()
                .filter(|(index, _)| index % 2 == 0)
                .map(|(_, part)| {
                    part.trim()
                        .trim_matches(['.', ':', ',', '(', ')'])
                        .trim()
                        .to_owned()
                })
                .collect::<Vec<_>>()
        })
        .filter(|part| part.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect()
}

/// Whether `text` holds `words` as whole words (`post` is not in `postura`).
fn contains_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn table(name: &str) -> serde_yaml::Mapping {
    let path = crate::common::repo_root().join("src/i18n").join(name);
    serde_yaml::from_str(&std::fs::read_to_string(path).expect("a built-in table"))
        .expect("a table of YAML")
}

/// Guards the theme's words: no text of the English table shows on a Spanish page, in its
/// text or in the labels a screen reader reads (aria-label, placeholder, alt).
#[test]
fn spanish_pages_show_no_english_theme_string() {
    let site = demo();
    let spanish = literal_parts(&table("es.yaml"));
    let english: BTreeSet<String> = literal_parts(&table("en.yaml"))
        .into_iter()
        .filter(|part| !spanish.contains(part))
        .collect();
    assert!(english.contains("Recent posts") && english.contains("min read"));
    let pages: Vec<String> = site
        .html_pages()
        .into_iter()
        .filter(|path| path.starts_with("es/"))
        .collect();
    assert!(pages.len() > 20, "{pages:?}");
    for path in pages {
        let page = site.page(&path);
        let mut shown: Vec<String> = page
            .select("body *:not(script)")
            .iter()
            .flat_map(|element| {
                let own_text = element
                    .children()
                    .filter_map(|child| child.value().as_text().map(|t| t.to_string()));
                let labels = ["aria-label", "placeholder", "alt", "title"]
                    .into_iter()
                    .filter_map(|name| element.value().attr(name).map(str::to_owned));
                own_text.chain(labels).collect::<Vec<_>>()
            })
            .collect();
        shown.push(page.text("title"));
        // Addresses (the printed "This page: https://…") are no words of the theme.
        let shown: String = shown
            .join(" ")
            .split_whitespace()
            .filter(|word| !word.contains("://"))
            .collect::<Vec<_>>()
            .join(" ");
        for part in &english {
            assert!(
                !contains_words(&shown, part),
                "es page {path} shows the English `{part}`"
            );
        }
    }
}

/// Guards each language's own lists: the Spanish home page, tags, feeds and search index
/// hold the Spanish posts only, with Spanish plurals, and the English ones hold none of them.
#[test]
fn each_language_has_its_own_home_tags_feeds_and_search() {
    let site = demo();
    let home = site.page("es/index.html");
    assert_eq!(home.text("h1"), "Blog de Riverbend Pain Clinic");
    let listed = home.texts(".post-card h2");
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed.iter().all(|title| !title.contains("Ketamine")));
    assert!(home.text(".post-card .meta").contains("minutos de lectura"));
    let english_home = site.page("index.html");
    assert!(
        english_home
            .texts(".post-card h2")
            .iter()
            .all(|title| !title.contains("ketamina"))
    );

    let tag = site.page("es/tags/ketamina/index.html");
    assert_eq!(tag.text("h1"), "Entradas sobre «Ketamina»");
    assert!(
        tag.text(".lead").starts_with("1 entrada."),
        "{}",
        tag.text(".lead")
    );
    let tags = site.page("es/tags/index.html");
    assert!(
        tags.texts(".tag-list a")
            .iter()
            .all(|t| !t.contains("Sleep"))
    );

    let feed = feed_rs::parser::parse(site.read("public/es/atom.xml").as_bytes()).expect("Atom");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|entry| entry.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(site.read("public/es/atom.xml").contains("xml:lang=\"es\""));
    assert!(
        site.read("public/es/rss.xml")
            .contains("<language>es</language>")
    );
    assert!(site.path("public/es/tags/ketamina/atom.xml").is_file());

    let entry: serde_json::Value =
        serde_json::from_str(&site.read("public/es/pagefind/pagefind-entry.json"))
            .expect("an entry file");
    assert!(entry["languages"]["es"].is_object(), "{entry}");
    let indexed: Vec<String> = crate::search::fragments_under(&site, "public/es/pagefind")
        .iter()
        .map(|fragment| fragment["url"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        indexed.iter().all(|url| url.starts_with("/es/")),
        "{indexed:?}"
    );
    assert!(indexed.contains(&"/es/posts/primera-visita/".to_owned()));
    let english: Vec<String> = crate::search::fragments_under(&site, "public/pagefind")
        .iter()
        .map(|fragment| fragment["url"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        english.iter().all(|url| !url.starts_with("/es/")),
        "{english:?}"
    );
    let search = site.page("es/search/index.html");
    assert_eq!(search.attr("[data-search]", "data-bundle"), "/es/pagefind/");
    assert_eq!(
        site.page("es/404.html").text("h1"),
        "No encontramos esta página"
    );
}

/// Guards the sitemap: both languages' pages, and each translated page with its alternates.
#[test]
fn the_sitemap_lists_both_languages_with_alternates() {
    let site = demo();
    let xml = site.read("public/sitemap.xml");
    let document = roxmltree::Document::parse(&xml).expect("a sitemap of XML");
    let entry = document
        .descendants()
        .filter(|node| node.has_tag_name("url"))
        .find(|node| {
            node.children().any(|child| {
                child.has_tag_name("loc")
                    && child.text()
                        == Some("https://riverbend-pain.example/es/posts/primera-visita/")
            })
        })
        .expect("the Spanish post in the sitemap");
    let links: BTreeMap<&str, &str> = entry
        .children()
        .filter(|child| child.has_tag_name("link"))
        .map(|link| {
            (
                link.attribute("hreflang").unwrap_or_default(),
                link.attribute("href").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        links,
        BTreeMap::from([
            (
                "en",
                "https://riverbend-pain.example/posts/your-first-visit/"
            ),
            (
                "es",
                "https://riverbend-pain.example/es/posts/primera-visita/"
            ),
            (
                "x-default",
                "https://riverbend-pain.example/posts/your-first-visit/"
            ),
        ])
    );
}

/// Guards links between files: a Spanish post's link to an English file leads to that
/// file's Spanish version; the Spanish footer links the Spanish notices.
#[test]
fn links_go_to_the_same_language_version() {
    let site = demo();
    let post = site.page("es/posts/primera-visita/index.html");
    assert!(
        post.attrs(".post-body a", "href")
            .contains(&"/es/posts/moverse-con-dolor-de-espalda/".to_owned())
    );
    let footer = post.attrs(".footer-nav a", "href");
    assert!(
        footer.contains(&"/es/no-discriminacion/".to_owned()),
        "{footer:?}"
    );
    assert!(footer.contains(&"/es/archive/".to_owned()), "{footer:?}");
}

const TWO_LANGUAGES: &str = "title: Clinic\nlanguages: [en, es]\n";

/// Guards the errors: a translation without an original, and a misspelt key in a site's
/// table, each at its place, and nothing built.
#[test]
fn a_translation_without_original_and_an_unknown_string_key_are_located_errors() {
    let site = TestSite::new(&[
        ("salve.yaml", TWO_LANGUAGES),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n",
        ),
        (
            "posts/gone.es.md",
            "---\ntitle: Perdido\ndate: 2025-01-01\n---\nTexto.\n",
        ),
        ("i18n/es.yaml", "home: Portada\nrecent_post: Lo último\n"),
    ]);
    let run = site.salve(&["build"]).failure(1);
    let errors = run.stderr();
    assert!(
        errors.contains(
            "posts/gone.es.md:1:1: this translation has no original: there is no `posts/gone.md`"
        ),
        "{errors}"
    );
    assert!(
        errors
            .contains("i18n/es.yaml:2:1: unknown key `recent_post`: did you mean `recent_posts`?"),
        "{errors}"
    );
    assert!(!site.path("public").exists());
}

/// Guards `translations`: a translation older than its original's last change is flagged,
/// and a language without a table of its own has its missing strings named.
#[test]
fn check_flags_stale_translations_and_untranslated_strings() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: Clinic\nlanguages: [en, es, fr]\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\nupdated: 2025-06-01\n---\nText.\n",
        ),
        (
            "posts/a.es.md",
            "---\ntitle: A es\ndate: 2025-01-01\n---\nTexto.\n",
        ),
        (
            "posts/a.fr.md",
            "---\ntitle: A fr\ndate: 2025-01-01\nupdated: 2025-07-01\n---\nTexte.\n",
        ),
    ]);
    let run = site.salve(&["check", "--rule", "translations"]);
    let report = run.stdout();
    assert!(
        report.contains("posts/a.es.md:1:1: warning[translations]: the original `posts/a.md` changed on 2025-06-01"),
        "{report}"
    );
    assert!(!report.contains("posts/a.fr.md"), "{report}");
    assert!(
        report.contains("i18n/fr.yaml:1:1: warning[translations]:")
            && report.contains("theme strings have no `fr` text")
            && report.contains("all_tags"),
        "{report}"
    );
}

/// Guards menus of `salve.yaml` in other languages: an entry that leads to a page with a
/// translation leads to the translation there, under its title; an entry without one stays.
#[test]
fn a_configured_menu_entry_leads_to_the_translation_under_its_title() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: Clinic\nlanguages: [en, es]\nmenu:\n  - title: Privacy\n    url: /privacy/\n  - title: Contact\n    url: /contact/\n",
        ),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n",
        ),
        ("pages/privacy.md", "---\ntitle: Privacy\n---\nText.\n"),
        (
            "pages/privacy.es.md",
            "---\ntitle: Privacidad\nslug: privacidad\n---\nTexto.\n",
        ),
        ("pages/contact.md", "---\ntitle: Contact\n---\nText.\n"),
    ]);
    site.build(&[]);
    let home = site.page("es/index.html");
    assert_eq!(
        home.attrs(".site-nav a", "href")[..2],
        ["/es/privacidad/", "/contact/"]
    );
    assert_eq!(home.texts(".site-nav a")[..2], ["Privacidad", "Contact"]);
    let english = site.page("index.html");
    assert_eq!(english.texts(".site-nav a")[..2], ["Privacy", "Contact"]);
}
