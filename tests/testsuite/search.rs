//! The search index and page as built; the browser tests (`tests/browser/`) run real searches.

use crate::common::TestSite;

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
    assert!(site.path("public/pagefind/pagefind-entry.json").is_file());
    let fragments = std::fs::read_dir(site.path("public/pagefind/fragment"))
        .unwrap()
        .count();
    assert_eq!(fragments, 1, "one post indexed, the other opted out");
    let search = site.page("search/index.html");
    assert_eq!(search.text("h1"), "Search");
    assert_eq!(search.attr("[data-search]", "data-bundle"), "/pagefind/");
    let home = site.page("index.html");
    assert_eq!(home.attr("form[role=search]", "action"), "/search/");
    assert_eq!(
        site.page("posts/a/index.html")
            .count("[data-pagefind-body]"),
        1
    );
    assert_eq!(
        site.page("posts/b/index.html")
            .count("[data-pagefind-body]"),
        0
    );
    assert_eq!(
        site.page("posts/a/index.html")
            .attrs("[data-pagefind-filter=tag]", "data-pagefind-filter")
            .len(),
        1
    );
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
    assert_eq!(
        site.page("posts/a/index.html")
            .count("[data-pagefind-body]"),
        0
    );
}

#[test]
fn drafts_are_left_out_of_a_normal_build_index() {
    let site = TestSite::new(&[
        ("posts/a.md", &post("Published", "")),
        ("posts/d.md", &post("Draft", "draft: true\n")),
    ]);
    site.build(&[]);
    assert_eq!(
        std::fs::read_dir(site.path("public/pagefind/fragment"))
            .unwrap()
            .count(),
        1
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
