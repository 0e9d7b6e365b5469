//! The search index and page as built; the browser tests (`tests/browser/`) run real searches.

use std::io::Read as _;

use crate::common::TestSite;

/// The pages in the index: each fragment file's JSON, decompressed.
fn fragments(site: &TestSite) -> Vec<serde_json::Value> {
    fragments_under(site, "public/pagefind")
}

/// The pages in the index in the folder `bundle`.
pub(crate) fn fragments_under(site: &TestSite, bundle: &str) -> Vec<serde_json::Value> {
    let folder = std::fs::read_dir(site.path(&format!("{bundle}/fragment"))).expect("fragments");
    let mut fragments: Vec<serde_json::Value> = folder
        .map(|entry| {
            let path = entry.expect("a fragment").path();
            let compressed = std::fs::read(&path).expect("a readable fragment");
            let mut text = String::new();
            flate2::read::GzDecoder::new(&compressed[..])
                .read_to_string(&mut text)
                .expect("a gzipped fragment");
            let json = text
                .strip_prefix("pagefind_dcd")
                .expect("the engine's marker");
            serde_json::from_str(json).expect("a fragment of JSON")
        })
        .collect();
    fragments.sort_by_key(|fragment| fragment["url"].as_str().unwrap_or_default().to_owned());
    fragments
}

/// The index's entry file.
fn entry(site: &TestSite) -> serde_json::Value {
    serde_json::from_str(&site.read("public/pagefind/pagefind-entry.json"))
        .expect("an entry file of JSON")
}

fn post(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2025-01-01\ntags: [Sleep]\n{extra}---\nSome words about {title}.\n"
    )
}

#[test]
fn the_index_and_the_search_page_are_built_by_default() {
    let site = TestSite::new(&[
        ("posts/a.md", &post("Sleep", "")),
        ("posts/b.md", &post("Hidden", "search: false\n")),
    ]);
    site.build(&[]);
    assert!(site.path("public/pagefind/pagefind.js").is_file());
    assert!(site.path("public/pagefind/wasm.en.pagefind").is_file());
    let entry = entry(&site);
    assert_eq!(entry["languages"]["en"]["page_count"], 1);
    let meta = entry["languages"]["en"]["hash"].as_str().unwrap();
    assert!(
        site.path(&format!("public/pagefind/pagefind.{meta}.pf_meta"))
            .is_file()
    );
    let fragments = fragments(&site);
    assert_eq!(fragments.len(), 1, "one post indexed, the other opted out");
    assert_eq!(fragments[0]["url"], "/posts/a/");
    assert_eq!(fragments[0]["meta"]["title"], "Sleep");
    assert_eq!(fragments[0]["meta"]["date"], "2025-01-01");
    assert_eq!(fragments[0]["filters"]["tag"], serde_json::json!(["Sleep"]));
    assert_eq!(
        fragments[0]["content"],
        "Sleep. Sleep. Some words about Sleep."
    );
    assert_eq!(fragments[0]["word_count"], 6);
    assert!(
        std::fs::read_dir(site.path("public/pagefind/index"))
            .unwrap()
            .count()
            > 0
    );
    assert_eq!(
        std::fs::read_dir(site.path("public/pagefind/filter"))
            .unwrap()
            .count(),
        1
    );
    let search = site.page("search/index.html");
    assert_eq!(search.text("h1"), "Search");
    assert_eq!(search.attr("[data-search]", "data-bundle"), "/pagefind/");
    let home = site.page("index.html");
    assert_eq!(home.attr("form[role=search]", "action"), "/search/");
}

#[test]
fn the_index_holds_the_text_a_reader_searches_and_not_the_rest() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: \"Knee &amp; hip\"\ndate: 2025-01-01\ndescription: Ice or heat for sore joints\ntags: [Knee pain, Exercise]\n---\n## Gentle *stretch*ing {#stretching}\n\nWalk 10 minutes.\n\n<div data-pagefind-ignore>Internal note</div>\n<script>var tracking = 1;</script>\n\n```\nsquat()\n```\n",
    )]);
    site.build(&[]);
    let fragment = &fragments(&site)[0];
    assert_eq!(
        fragment["meta"]["title"], "Knee &amp; hip",
        "the title as written"
    );
    assert_eq!(
        fragment["content"],
        "Knee &amp;amp; hip. Ice or heat for sore joints. Knee pain. Exercise. Gentle stretching. Walk 10 minutes. squat()."
    );
    assert_eq!(
        fragment["filters"]["tag"],
        serde_json::json!(["Knee pain", "Exercise"])
    );
    let anchors = fragment["anchors"].as_array().unwrap();
    assert_eq!(anchors.len(), 1);
    assert_eq!(anchors[0]["element"], "h2");
    assert_eq!(anchors[0]["id"], "stretching");
    assert_eq!(anchors[0]["text"], "Gentle stretching");
    assert_eq!(anchors[0]["location"], 12, "the number of its first word");
}

#[test]
fn a_spanish_site_gets_the_spanish_stemmer() {
    let site = TestSite::new(&[
        ("salve.yaml", "language: es-MX\n"),
        ("posts/a.md", &post("Dormir mejor", "")),
    ]);
    site.build(&[]);
    assert_eq!(entry(&site)["languages"]["es"]["wasm"], "es");
    assert!(site.path("public/pagefind/wasm.es.pagefind").is_file());
}

#[test]
fn search_false_builds_no_index_page_or_box() {
    let site = TestSite::new(&[
        ("salve.yaml", "search: false\n"),
        ("posts/a.md", &post("Sleep", "")),
    ]);
    site.build(&[]);
    assert!(!site.path("public/pagefind").exists());
    assert!(!site.path("public/search").exists());
    assert_eq!(site.page("index.html").count("form[role=search]"), 0);
}

#[test]
fn drafts_are_left_out_of_a_normal_build_index() {
    let site = TestSite::new(&[
        ("posts/a.md", &post("Published", "")),
        ("posts/d.md", &post("Draft", "draft: true\n")),
    ]);
    site.build(&[]);
    let urls: Vec<_> = fragments(&site).iter().map(|f| f["url"].clone()).collect();
    assert_eq!(urls, ["/posts/a/"]);
    site.build(&["--drafts"]);
    let urls: Vec<_> = fragments(&site).iter().map(|f| f["url"].clone()).collect();
    assert_eq!(
        urls,
        ["/posts/a/", "/posts/d/"],
        "a preview with drafts finds them"
    );
}

#[test]
fn search_under_a_subpath_uses_it() {
    let site = TestSite::new(&[("posts/a.md", &post("Sleep", ""))]);
    site.build(&["--base-url", "https://x.example/blog/"]);
    let search = site.page("search/index.html");
    assert_eq!(
        search.attr("[data-search]", "data-bundle"),
        "/blog/pagefind/"
    );
    assert_eq!(search.attr("script[type=module]", "src"), "/blog/search.js");
}
