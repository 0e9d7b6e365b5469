//! The clinic theme as shipped, checked without a browser on the demo and every example: no
//! resource from another origin, one stylesheet, no scripts, one h1 and a language on every
//! page, and a small stylesheet. The browser tests (`tests/browser/`) check the same pages in
//! Chromium.

use crate::common::{Page, TestSite};

fn built_sites() -> Vec<(String, TestSite)> {
    let mut dirs = vec![crate::common::repo_root()];
    let mut examples: Vec<_> = std::fs::read_dir(crate::common::repo_root().join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .collect();
    examples.sort();
    dirs.extend(examples);
    dirs.into_iter()
        .map(|dir| {
            let site = TestSite::copy_of(&dir);
            site.build(&[]);
            (
                dir.file_name()
                    .expect("named")
                    .to_string_lossy()
                    .into_owned(),
                site,
            )
        })
        .collect()
}

fn pages(site: &TestSite) -> Vec<(String, Page)> {
    let root = site.path("public");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(&root)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let html = std::fs::read_to_string(e.path()).expect("read page");
            (name, Page(scraper::Html::parse_document(&html)))
        })
        .collect()
}

/// Every URL a page would fetch by itself (not links a reader may follow).
fn fetched_resources(page: &Page) -> Vec<String> {
    let mut urls = Vec::new();
    for (selector, attribute) in [
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("iframe[src]", "src"),
        ("frame[src]", "src"),
        ("embed[src]", "src"),
        ("video[src]", "src"),
        ("video[poster]", "poster"),
        ("audio[src]", "src"),
        ("source[src]", "src"),
        ("track[src]", "src"),
        ("object[data]", "data"),
        ("form[action]", "action"),
    ] {
        urls.extend(page.attrs(selector, attribute));
    }
    for link in page.select("link[href]") {
        let rel = link.value().attr("rel").unwrap_or_default();
        if !rel
            .split_whitespace()
            .any(|r| matches!(r, "canonical" | "alternate" | "me"))
        {
            urls.extend(link.value().attr("href").map(str::to_owned));
        }
    }
    for srcset in page.attrs("[srcset]", "srcset") {
        urls.extend(
            srcset
                .split(',')
                .filter_map(|part| part.split_whitespace().next())
                .map(str::to_owned),
        );
    }
    urls
}

fn is_other_origin(url: &str) -> bool {
    url.starts_with("//") || url.contains("://")
}

#[test]
fn no_page_fetches_anything_from_another_origin() {
    for (site_name, site) in built_sites() {
        for (name, page) in pages(&site) {
            let foreign: Vec<String> = fetched_resources(&page)
                .into_iter()
                .filter(|u| is_other_origin(u))
                .collect();
            assert!(foreign.is_empty(), "{site_name}/{name} fetches {foreign:?}");
        }
    }
}

#[test]
fn regression_the_privacy_check_sees_foreign_resources() {
    let page = Page(scraper::Html::parse_document(
        "<link rel=stylesheet href='https://fonts.example/css'><img srcset='https://cdn.example/a.png 2x'><a href='https://facebook.com/x'>ok</a>",
    ));
    let foreign: Vec<String> = fetched_resources(&page)
        .into_iter()
        .filter(|u| is_other_origin(u))
        .collect();
    assert_eq!(
        foreign,
        ["https://fonts.example/css", "https://cdn.example/a.png"]
    );
}

#[test]
fn every_page_has_a_language_one_stylesheet_no_scripts_and_one_h1() {
    for (site_name, site) in built_sites() {
        // The theme brings one stylesheet; a site may add its own from static/.
        let own_css = walkdir::WalkDir::new(site.path("static"))
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "css"))
            .count();
        for (name, page) in pages(&site) {
            assert!(
                page.attr("html", "lang").len() >= 2,
                "{site_name}/{name}: lang"
            );
            if page.count("meta[http-equiv=refresh]") == 1 {
                continue;
            }
            assert_eq!(
                page.count("link[rel=stylesheet]"),
                1 + own_css,
                "{site_name}/{name}: one stylesheet from the theme"
            );
            // JSON-LD everywhere; the script files are the search page's, which only that
            // page loads (deferred, as a module), and the video facades', which only a page
            // with a video loads (deferred).
            let has_video = page.count("figure.video-embed") > 0;
            for script in page.select("script") {
                let kind = script.value().attr("type").unwrap_or_default();
                let source = script.value().attr("src");
                let allowed = kind == "application/ld+json"
                    || (name.ends_with("search/index.html")
                        && kind == "module"
                        && source.is_some_and(|s| s.ends_with("/search.js")))
                    || (has_video
                        && script.value().attr("defer").is_some()
                        && source.is_some_and(|s| s.ends_with("/video.js")));
                assert!(
                    allowed,
                    "{site_name}/{name}: unexpected script {:?}",
                    script.value()
                );
            }
            assert_eq!(page.count("h1"), 1, "{site_name}/{name}: one h1");
            for landmark in ["header", "nav", "main", "footer"] {
                assert!(
                    page.count(landmark) >= 1,
                    "{site_name}/{name}: no <{landmark}>"
                );
            }
            assert_eq!(
                page.attr("body > a", "href"),
                "#main",
                "{site_name}/{name}: the skip link comes first"
            );
        }
    }
}

#[test]
fn theme_css_is_small_private_and_adaptive() {
    let theme = crate::common::repo_root().join("themes/clinic/static");
    let mut total = 0;
    let mut css = String::new();
    for entry in walkdir::WalkDir::new(&theme)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "css"))
    {
        total += entry.metadata().expect("metadata").len();
        css.push_str(&std::fs::read_to_string(entry.path()).expect("read css"));
    }
    assert!(
        total < 20 * 1024,
        "the theme's CSS is {total} bytes; the budget is 20 KB"
    );
    assert!(
        !css.contains("@import") && !css.contains("url(http") && !css.contains("url(//"),
        "the CSS fetches nothing"
    );
    for needle in [
        "prefers-color-scheme: dark",
        "prefers-reduced-motion",
        "@media print",
        ":focus-visible",
    ] {
        assert!(css.contains(needle), "the CSS handles {needle}");
    }
}

#[test]
fn social_links_have_accessible_names_and_inline_icons() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    site.build(&[]);
    let page = site.page("index.html");
    let links = page.select(".social-list a");
    assert_eq!(links.len(), 3);
    for link in links {
        let name: String = link.text().collect::<String>().trim().to_owned();
        assert!(!name.is_empty(), "a social link without a name");
        let svg = scraper::Selector::parse("svg").expect("selector");
        let icon = link.select(&svg).next().expect("an inline SVG icon");
        assert_eq!(icon.value().attr("aria-hidden"), Some("true"));
    }
}
