//! What a new user meets in the first hour (the first-hour issue): pages that show what they
//! should once, builds that refuse what `salve check` calls errors, and a terminal that speaks
//! plainly.

use crate::common::images::jpeg;
use crate::common::{TestSite, assert_reports};

/// A link to a site path that no page or file has, and a lead image given as a missing site
/// path, failed `salve check` but not `salve build`.
#[test]
fn missing_site_paths_fail_the_build() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\nimage: /images/lead.jpg\nimage_alt: A lead\n---\nCall or [write to us](/contact/), or get the [form](/assets/intake.pdf).\n\nSee [tags](/tags/) and [a file](/style.css).\n",
    )]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(
        &stderr,
        "posts/a.md:7:9: the link `/contact/` leads to no page or file",
    );
    assert_reports(
        &stderr,
        "posts/a.md:7:46: the link `/assets/intake.pdf` leads to no page",
    );
    assert_reports(
        &stderr,
        "posts/a.md:4:1: the image `/images/lead.jpg` is no file of the site",
    );
    assert_reports(&stderr, "3 errors found");
    site.write("static/contact/index.html", "<p>Contact</p>");
    site.write("static/assets/intake.pdf", "%PDF");
    site.write("static/images/lead.jpg", jpeg(40, 30, None));
    site.build(&[]);
}

/// A `#` heading in a body (common in posts moved from other generators) gave the page a
/// second h1: the body's headings move down a level, with the same ids.
#[test]
fn a_body_with_h1_headings_is_moved_down_a_level() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: The title\ndate: 2025-01-01\n---\n# Intro\n\nText.\n\n## Details\n\nMore.\n",
    )]);
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(page.count("h1"), 1, "only the title");
    assert_eq!(page.attr("article h2", "id"), "intro");
    assert_eq!(page.attr("article h3", "id"), "details");
    let run = site.salve(&["check", "--rule", "heading-h1"]).success();
    assert!(
        run.stdout().contains("warning[heading-h1]"),
        "{}",
        run.stdout()
    );
}

/// A post without a description showed its first paragraph twice (the lead fell back to the
/// summary, then the body began with it); an empty description shipped an empty meta
/// description.
#[test]
fn the_lead_paragraph_is_the_written_description_only() {
    let site = TestSite::new(&[
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nThe first paragraph.\n\nThe second.\n",
        ),
        (
            "posts/b.md",
            "---\ntitle: B\ndate: 2025-01-02\ndescription: \"\"\n---\nBs first paragraph.\n",
        ),
        (
            "posts/c.md",
            "---\ntitle: C\ndate: 2025-01-03\ndescription: Written by hand.\n---\nC's text.\n",
        ),
    ]);
    site.build(&[]);
    let a = site.page("posts/a/index.html");
    assert_eq!(a.count(".lead"), 0);
    assert_eq!(
        a.texts("article p")
            .iter()
            .filter(|text| text.contains("The first paragraph."))
            .count(),
        1
    );
    assert_eq!(
        a.attr("meta[name=description]", "content"),
        "The first paragraph."
    );
    let b = site.page("posts/b/index.html");
    assert_eq!(
        b.attr("meta[name=description]", "content"),
        "Bs first paragraph."
    );
    let c = site.page("posts/c/index.html");
    assert_eq!(c.text(".lead"), "Written by hand.");
}

/// `salve new` left an empty description and a placeholder body that `salve check` did not
/// flag.
#[test]
fn check_flags_what_salve_new_left_to_fill_in() {
    let site = TestSite::new(&[("posts/.keep", "")]);
    site.salve(&["new", "Knee pain"]).success();
    let run = site.salve(&["check", "--drafts"]).success();
    let out = run.stdout();
    assert!(
        out.contains("warning[description]: the description is empty"),
        "{out}"
    );
    assert!(out.contains("warning[placeholder]"), "{out}");
}

/// `search: false` still copied `search.js`.
#[test]
fn no_search_means_no_search_script() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: T\nsearch: false\n"),
        ("posts/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nA.\n"),
    ]);
    site.build(&[]);
    assert!(!site.path("public/search.js").exists());
    assert!(site.path("public/style.css").exists());
}

/// The terminal said "Built 1 posts, 6 pages, 1 tags" and "0 errors, 1 warnings"; a check of
/// two post rules said "0 pages" where a full run counts them all.
#[test]
fn counts_in_the_terminal_are_plural_only_when_they_should_be() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\ndescription: A.\ntags: [one]\n---\nA.\n",
    )]);
    let built = site.build(&[]).stdout();
    assert!(built.starts_with("Built 1 post, "), "{built}");
    assert!(built.contains(" pages, 1 tag in "), "{built}");
    let full = site
        .salve(&["check", "--today", "2025-02-01"])
        .success()
        .stdout();
    let pages = full
        .rsplit(" and ")
        .next()
        .expect("a summary")
        .trim()
        .to_owned();
    assert!(
        full.contains("0 errors, 1 warning in 1 post and "),
        "{full}"
    );
    let some = site
        .salve(&["check", "--rule", "description", "--rule", "tags"])
        .success()
        .stdout();
    assert!(
        some.ends_with(&format!(" and {pages}\n")),
        "{some} vs {pages}"
    );
}

/// Serde's words leaked: `invalid type: string "yes", expected a boolean`, `missing field
/// `title``; tags written as one line were refused; `--today 2025-13-01` said "failed to parse
/// two digit integer as month".
#[test]
fn errors_say_what_to_write() {
    let site = TestSite::new(&[
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\nfeatured: \"yes\"\nlayout: post\n---\nA.\n",
        ),
        ("posts/b.md", "---\ndate: 2025-01-01\n---\nB.\n"),
        (
            "posts/c.md",
            "---\ntitle: C\ndate: 2025-01-01\ntags: holidays, news\n---\nC.\n",
        ),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(
        &stderr,
        "featured: the text \"yes\" does not fit here: write `true` or `false`",
    );
    assert_reports(&stderr, "unknown key `layout`: salve has no layouts");
    assert_reports(&stderr, "missing `title`: add `title: ...`");
    assert!(!stderr.contains("posts/c.md"), "{stderr}");
    site.write("posts/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nA.\n");
    site.write("posts/b.md", "---\ntitle: B\ndate: 2025-01-01\n---\nB.\n");
    site.build(&[]);
    assert!(site.path("public/tags/holidays/index.html").exists());
    assert!(site.path("public/tags/news/index.html").exists());
    let run = site.salve(&["check", "--today", "2025-13-01"]).failure(2);
    assert_reports(
        &run.stderr(),
        "`2025-13-01` is not a date; write YYYY-MM-DD",
    );
}

/// An unclosed quote on line 2 was reported at the closing `---` two lines down.
#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: \"Knee pain\ndate: 2025-01-01\n---\nA.\n",
    )]);
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "posts/a.md:2:8:",
    );
}
