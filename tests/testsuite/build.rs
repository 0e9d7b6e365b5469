//! End-to-end tests of `salve build` over small sites: what the pages carry, parsed as HTML.

use crate::common::TestSite;
use crate::common::images::png;

const CONFIG: &str = r#"
title: "Test Clinic Blog"
description: "Plain answers about pain."
base_url: "https://clinic.example/"
posts_per_page: 2
recent_posts: 2
featured_posts: 1
clinic:
  name: "Test Pain Clinic"
  phone: "+1 (555) 010-2000"
  email: "desk@clinic.example"
  booking_url: "https://clinic.example/book/"
  address:
    street: "1 Main St"
    city: "Springfield"
    region: "IL"
    postal_code: "62701"
  hours:
    - "Mon-Fri 8-5"
social:
  - network: facebook
    url: "https://facebook.com/testclinic"
  - network: x
    url: "https://x.com/testclinic"
disclaimer: "Educational only, not medical advice."
extra:
  tagline: "Care close to home"
people:
  droe:
    name: "Dana Roe"
    credentials: "DNP"
"#;

fn post(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n{body}")
}

fn clinic_site() -> TestSite {
    TestSite::new(&[
        ("salve.yaml", CONFIG),
        (
            "posts/ketamine.md",
            &post(
                "Ketamine infusions",
                "2025-03-01",
                "tags: [Ketamine, nerve PAIN]\nfeatured: true\nauthor: droe\naliases: [/post/old-ketamine]\n",
                "Intro paragraph.\n\n## Who may benefit\n\nSome people.\n\nSee [CRPS](conditions/crps.md#signs).\n",
            ),
        ),
        (
            "posts/conditions/crps.md",
            &post(
                "CRPS basics",
                "2025-02-01",
                "tags: [Nerve pain, CRPS]\n",
                "First.\n\n## Signs\n\nBurning pain.\n",
            ),
        ),
        (
            "posts/2025-01-15-sleep.md",
            "---\ntitle: Sleep and pain\ntags: [Sleep]\n---\nSleep matters.\n",
        ),
        (
            "posts/draft.md",
            &post("Unfinished", "2025-01-01", "draft: true\n", "Draft.\n"),
        ),
        (
            "posts/scheduled.md",
            &post("Next year", "2999-01-01", "", "Later.\n"),
        ),
        ("posts/_private.md", "not a post, no front matter"),
    ])
}

#[test]
fn post_page_carries_everything_the_seed_page_did() {
    let site = clinic_site();
    site.build(&[]);
    let page = site.page("posts/ketamine/index.html");
    assert_eq!(page.count("h1"), 1, "exactly one h1");
    assert_eq!(page.text("h1"), "Ketamine infusions");
    for landmark in ["header", "nav", "main", "article", "aside", "footer"] {
        assert!(page.count(landmark) >= 1, "missing <{landmark}>");
    }
    assert_eq!(page.text(".byline"), "By Dana Roe, DNP");
    assert_eq!(page.attr(".byline a", "href"), "/people/droe/");
    let meta = page.text(".post-header .meta");
    assert!(meta.contains("March 1, 2025"), "{meta}");
    assert!(meta.contains("min read"), "{meta}");
    assert_eq!(
        page.attr(".post-header .meta time", "datetime"),
        "2025-03-01"
    );
    assert_eq!(page.texts("article .tags a"), ["Ketamine", "Nerve pain"]);
    assert!(page.text(".post-body").contains("Some people."));
    assert_eq!(
        page.text(".disclaimer"),
        "Educational only, not medical advice."
    );
    assert_eq!(
        page.texts("#featured-heading + ul a"),
        ["Ketamine infusions"]
    );
    assert_eq!(
        page.texts("#recent-heading + ul a"),
        ["Ketamine infusions", "CRPS basics"]
    );
    assert_eq!(
        page.texts("#tags-heading + ul a"),
        ["CRPS (1)", "Ketamine (1)", "Nerve pain (2)", "Sleep (1)"]
    );
    assert_eq!(page.texts(".social-list a"), ["Facebook", "X"]);
    assert_eq!(
        page.attrs(".social-list svg", "aria-hidden"),
        ["true", "true"]
    );
    let skip = page
        .select("body > a")
        .into_iter()
        .next()
        .expect("a link first in body");
    assert_eq!(skip.value().attr("href"), Some("#main"));
    assert_eq!(page.attr("a[href='#top']", "href"), "#top");
    assert!(page.text(".site-header").contains("Test Pain Clinic"));
    assert_eq!(
        page.attr("footer a[href^='tel:']", "href"),
        "tel:+15550102000"
    );
    assert_eq!(
        page.attr("footer a[href^='mailto:']", "href"),
        "mailto:desk@clinic.example"
    );
    assert!(
        page.text("footer address")
            .contains("Springfield, IL 62701")
    );
    assert_eq!(
        page.attrs(".cta-actions a", "href"),
        ["https://clinic.example/book/", "tel:+15550102000"]
    );
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        "https://clinic.example/posts/ketamine/"
    );
    assert_eq!(page.attr("html", "lang"), "en");
}

#[test]
fn internal_md_links_become_post_urls() {
    let site = clinic_site();
    site.build(&[]);
    let page = site.page("posts/ketamine/index.html");
    assert_eq!(
        page.attrs(".post-body a:not(.anchor)", "href"),
        ["/posts/crps/#signs"]
    );
}

#[test]
fn drafts_and_scheduled_posts_are_left_out_unless_asked_for() {
    let site = clinic_site();
    site.build(&[]);
    assert!(!site.path("public/posts/draft").exists());
    assert!(!site.path("public/posts/scheduled").exists());
    assert!(
        !site.path("public/posts/private").exists(),
        "files starting with _ are skipped"
    );
    site.build(&["--drafts", "--future"]);
    assert!(site.path("public/posts/draft/index.html").is_file());
    assert!(site.path("public/posts/scheduled/index.html").is_file());
    site.build(&[]);
    assert!(
        !site.path("public/posts/draft").exists(),
        "a later build removes what is no longer produced"
    );
}

#[test]
fn home_page_lists_posts_newest_first_and_paginates() {
    let site = clinic_site();
    site.build(&[]);
    let home = site.page("index.html");
    assert_eq!(
        home.texts(".post-card h2"),
        ["Ketamine infusions", "CRPS basics"]
    );
    assert_eq!(home.attr("a[rel=next]", "href"), "/page/2/");
    let second = site.page("page/2/index.html");
    assert_eq!(second.texts(".post-card h2"), ["Sleep and pain"]);
    assert_eq!(second.attr("a[rel=prev]", "href"), "/");
    assert_eq!(
        home.text(".post-card .summary"),
        "Intro paragraph. | First."
    );
}

#[test]
fn date_and_slug_can_come_from_the_file_name() {
    let site = clinic_site();
    site.build(&[]);
    let page = site.page("posts/sleep/index.html");
    assert_eq!(
        page.attr(".post-header .meta time", "datetime"),
        "2025-01-15"
    );
}

#[test]
fn tags_match_case_insensitively_and_keep_the_first_spelling() {
    // `conditions/crps.md` comes first in path order and spells it "Nerve pain";
    // `ketamine.md` writes "nerve PAIN" and still lands on the same tag.
    let site = clinic_site();
    site.build(&[]);
    let tags = site.page("tags/index.html");
    assert_eq!(tags.text("h1"), "Tags");
    assert_eq!(
        tags.texts("main .tag-list a"),
        ["CRPS (1)", "Ketamine (1)", "Nerve pain (2)", "Sleep (1)"]
    );
    let nerve = site.page("tags/nerve-pain/index.html");
    assert_eq!(
        nerve.texts(".post-card h2"),
        ["Ketamine infusions", "CRPS basics"]
    );
    assert!(nerve.text("h1").contains("Nerve pain"));
}

#[test]
fn tag_pages_paginate() {
    let mut files = vec![("salve.yaml".to_owned(), "posts_per_page: 2\n".to_owned())];
    for day in 1..=5 {
        files.push((
            format!("posts/p{day}.md"),
            post(
                &format!("Post {day}"),
                &format!("2025-01-0{day}"),
                "tags: [Pain]\n",
                "Text.\n",
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = TestSite::new(&refs);
    site.build(&[]);
    assert_eq!(
        site.page("tags/pain/index.html").texts(".post-card h2"),
        ["Post 5", "Post 4"]
    );
    assert_eq!(
        site.page("tags/pain/page/3/index.html")
            .texts(".post-card h2"),
        ["Post 1"]
    );
    assert!(!site.path("public/tags/pain/page/4").exists());
}

#[test]
fn aliases_get_redirect_pages_with_a_canonical_link() {
    let site = clinic_site();
    site.build(&[]);
    let redirect = site.page("post/old-ketamine/index.html");
    assert_eq!(
        redirect.attr("link[rel=canonical]", "href"),
        "https://clinic.example/posts/ketamine/"
    );
    assert_eq!(redirect.attr("meta[name=robots]", "content"), "noindex");
    assert_eq!(
        redirect.attr("meta[http-equiv=refresh]", "content"),
        "0; url=/posts/ketamine/"
    );
    assert_eq!(redirect.attr("body a", "href"), "/posts/ketamine/");
}

#[test]
fn not_found_page_and_theme_files_are_written() {
    let site = clinic_site();
    site.build(&[]);
    assert_eq!(site.page("404.html").text("h1"), "Page not found");
    let css = site.read("public/style.css");
    assert!(
        css.contains(".hl-keyword"),
        "the syntax highlighting CSS ships with the theme"
    );
    assert!(css.contains("prefers-color-scheme: dark"));
}

#[test]
fn no_tags_yet_and_no_booking_without_clinic() {
    let site = TestSite::new(&[("posts/a.md", &post("Alone", "2025-01-01", "", "Text.\n"))]);
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(page.text("#tags-heading + p"), "No tags yet.");
    assert_eq!(page.count(".cta"), 0);
    assert_eq!(page.count(".nav-cta"), 0);
    assert_eq!(page.count(".social-list"), 0);
}

#[test]
fn phone_alone_still_offers_an_appointment() {
    let site = TestSite::new(&[
        ("salve.yaml", "clinic:\n  name: C\n  phone: \"555 0100\"\n"),
        ("posts/a.md", &post("A", "2025-01-01", "", "Text.\n")),
    ]);
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(page.attr(".nav-cta", "href"), "tel:5550100");
    assert_eq!(page.texts(".cta-actions a"), ["Call 555 0100"]);
}

#[test]
fn every_value_from_front_matter_and_config_is_escaped() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: \"<b>Blog</b>\"\npeople:\n  x:\n    name: \"<img src=x>\"\n",
        ),
        (
            "posts/a.md",
            "---\ntitle: \"</title><script>alert(1)</script>\"\ndate: 2025-01-01\ntags: [\"<i>x</i>\"]\nauthor: x\n---\nText.\n",
        ),
    ]);
    site.build(&[]);
    let html = site.read("public/posts/a/index.html");
    assert!(!html.contains("<script>alert"), "title must be escaped");
    assert!(!html.contains("<img src=x>"));
    assert!(!html.contains("<b>Blog</b>"));
    let page = site.page("posts/a/index.html");
    assert_eq!(page.text("h1"), "</title><script>alert(1)</script>");
    let script_types = page.attrs("script", "type");
    assert_eq!(script_types.len(), page.count("script"));
    assert!(
        script_types.iter().all(|t| t == "application/ld+json"),
        "{script_types:?}"
    );
}

#[test]
fn disclaimer_can_be_overridden_or_hidden_per_post() {
    let site = TestSite::new(&[
        (
            "posts/own.md",
            &post(
                "Own",
                "2025-01-02",
                "disclaimer: \"Ask your dentist.\"\n",
                "Text.\n",
            ),
        ),
        (
            "posts/none.md",
            &post("None", "2025-01-01", "disclaimer: false\n", "Text.\n"),
        ),
        (
            "posts/default.md",
            &post("Default", "2025-01-03", "", "Text.\n"),
        ),
    ]);
    site.build(&[]);
    assert_eq!(
        site.page("posts/own/index.html").text(".disclaimer"),
        "Ask your dentist."
    );
    assert_eq!(site.page("posts/none/index.html").count(".disclaimer"), 0);
    assert!(
        site.page("posts/default/index.html")
            .text(".disclaimer")
            .contains("not medical advice")
    );
}

#[test]
fn summary_more_marker_description_and_reading_time() {
    let words = "word ".repeat(450);
    let site = TestSite::new(&[
        (
            "posts/a.md",
            &post(
                "A",
                "2025-01-02",
                "summary: \"A *short* summary.\"\n",
                &format!("First para.\n\n{words}\n"),
            ),
        ),
        (
            "posts/b.md",
            &post(
                "B",
                "2025-01-01",
                "description: \"Custom description.\"\n",
                "Before.\n\n<!-- more -->\n\nAfter.\n",
            ),
        ),
    ]);
    site.build(&[]);
    let home = site.page("index.html");
    assert_eq!(home.texts(".summary"), ["A short summary.", "Before."]);
    assert!(
        home.text(".post-card .meta").contains("3 min read"),
        "452 words at 200 a minute"
    );
    assert_eq!(
        site.page("posts/b/index.html")
            .attr("meta[name=description]", "content"),
        "Custom description."
    );
    assert_eq!(
        site.page("posts/a/index.html")
            .attr("meta[name=description]", "content"),
        "A short summary."
    );
}

#[test]
fn custom_slug_folds_unicode_and_permalink_patterns_apply() {
    let site = TestSite::new(&[
        ("salve.yaml", "permalink: \"/{year}/{month}/{slug}/\"\n"),
        (
            "posts/x.md",
            &post(
                "Dolor",
                "2025-03-09",
                "slug: \"Dolor crónico y sueño\"\n",
                "Texto.\n",
            ),
        ),
    ]);
    site.build(&[]);
    assert!(
        site.path("public/2025/03/dolor-cronico-y-sueno/index.html")
            .is_file()
    );
}

#[test]
fn files_beside_a_post_are_copied_next_to_its_page() {
    let site = TestSite::new(&[
        (
            "posts/visit/index.md",
            &post(
                "Visit",
                "2025-01-01",
                "image: map.png\nimage_alt: \"Map to the clinic\"\n",
                "![Form](forms/intake.pdf)\n\n[Download](forms/intake.pdf)\n",
            ),
        ),
        ("posts/visit/forms/intake.pdf", "PDF"),
    ]);
    site.write("posts/visit/map.png", png(400, 300));
    site.build(&[]);
    assert_eq!(site.read("public/posts/visit/forms/intake.pdf"), "PDF");
    // The lead image is published as its variants (the images tests look at them).
    assert!(site.path("public/posts/visit/map-400w.png").is_file());
    let page = site.page("posts/visit/index.html");
    assert_eq!(page.attr(".lead-image", "src"), "/posts/visit/map-400w.png");
    assert_eq!(page.attr(".lead-image", "alt"), "Map to the clinic");
}

#[test]
fn static_files_and_site_templates_override_the_theme() {
    let site = TestSite::new(&[
        (
            "posts/a.md",
            &post("A", "2025-01-01", "extra:\n  color: teal\n", "Text.\n"),
        ),
        ("static/robots.txt", "User-agent: *\n"),
        ("static/style.css", "body { color: red }"),
        (
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<h1>Lost? {{ site.title }}</h1>{% endblock main %}",
        ),
        (
            "templates/post.html",
            "<!DOCTYPE html><title>{{ post.title }}</title><p class=\"x\">{{ post.extra.color }}</p>",
        ),
    ]);
    site.build(&[]);
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\n");
    assert_eq!(site.read("public/style.css"), "body { color: red }");
    assert_eq!(site.page("404.html").text("h1"), "Lost? Clinic blog");
    assert_eq!(site.page("posts/a/index.html").text(".x"), "teal");
}

/// A post's own page lists its headings in "On this page", nested by level, each linking to
/// its heading's id; the value that list pages share leaves the contents out.
#[test]
fn a_post_page_has_its_table_of_contents() {
    let body = "Intro.\n\n## Causes\n\nText.\n\n### In the neck\n\nText.\n\n### In the back\n\nText.\n\n## Treatment {#care}\n\nText.\n\n## Outlook\n\nText.\n";
    let list = "<!DOCTYPE html><title>{{ page.title }}</title>{% for post in posts %}<p class=\"toc-length\">{{ post.toc | default(value=[]) | length }}</p>{% endfor %}";
    let site = TestSite::new(&[
        ("posts/a.md", &post("A", "2025-01-01", "", body)),
        ("templates/index.html", list),
    ]);
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(
        page.texts("nav.toc > ol > li > a"),
        ["Causes", "Treatment", "Outlook"]
    );
    assert_eq!(
        page.attrs("nav.toc > ol > li > a", "href"),
        ["#causes", "#care", "#outlook"]
    );
    assert_eq!(
        page.texts("nav.toc > ol > li > ol > li > a"),
        ["In the neck", "In the back"]
    );
    for href in page.attrs("nav.toc a", "href") {
        let id = href.trim_start_matches('#');
        assert_eq!(
            page.count(&format!(".post-body [id=\"{id}\"]")),
            1,
            "{href}"
        );
    }
    assert_eq!(site.page("index.html").texts(".toc-length"), ["0"]);
}

/// `cached_include` gives every page the same HTML as `{% include %}` would, for a part that
/// reads only `site`, and a template may use both.
#[test]
fn a_cached_include_shows_what_an_include_shows() {
    let part = "<p class=\"part\">{{ site.title }}: {% for tag in site.tags %}{{ tag.name }} ({{ tag.count }}) {% endfor %}</p>";
    let page = "<!DOCTYPE html><title>{{ page.title }}</title>{% include \"partials/part.html\" %}<div class=\"cached\">{{ cached_include(path=\"partials/part.html\") }}</div>";
    let site = TestSite::new(&[
        (
            "posts/a.md",
            &post("A", "2025-01-01", "tags: [Back pain]\n", "Text.\n"),
        ),
        (
            "posts/b.md",
            &post("B", "2025-01-02", "tags: [Back pain, Sleep]\n", "Text.\n"),
        ),
        ("templates/partials/part.html", part),
        ("templates/post.html", page),
        ("templates/index.html", page),
    ]);
    site.build(&[]);
    for file in ["posts/a/index.html", "posts/b/index.html", "index.html"] {
        let page = site.page(file);
        assert_eq!(
            page.texts(".part"),
            ["Clinic blog: Back pain (2) Sleep (1)"; 2],
            "{file}"
        );
        assert_eq!(page.count(".cached > .part"), 1, "{file}: not escaped");
    }
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = clinic_site();
    site.build(&["--base-url", "https://example.org/blog"]);
    let page = site.page("posts/ketamine/index.html");
    assert_eq!(page.attr("link[rel=stylesheet]", "href"), "/blog/style.css");
    assert_eq!(page.attr(".site-title a", "href"), "/blog/");
    assert_eq!(
        page.attrs(".post-body a:not(.anchor)", "href"),
        ["/blog/posts/crps/#signs"]
    );
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        "https://example.org/blog/posts/ketamine/"
    );
    assert!(crate::common::broken_links(&site.path("public"), "/blog/").is_empty());
}

#[test]
fn summary_line_quiet_and_verbose() {
    let site = clinic_site();
    let run = site.build(&[]);
    let line = run.stdout();
    assert!(line.starts_with("Built 3 posts, "), "{line}");
    assert!(
        line.contains(" tags in ") && line.contains(" ms into "),
        "{line}"
    );
    assert_eq!(site.build(&["--quiet"]).stdout(), "");
    let verbose = site.build(&["--verbose"]).stdout();
    assert!(
        verbose.contains("0 written"),
        "nothing changed, nothing rewritten: {verbose}"
    );
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let site = clinic_site();
    site.build(&[]);
    let page = site.path("public/posts/ketamine/index.html");
    let before = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build(&[]);
    assert_eq!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn output_option_writes_elsewhere() {
    let site = clinic_site();
    site.build(&["--output", "site-out"]);
    assert!(site.path("site-out/index.html").is_file());
    assert!(!site.path("public").exists());
}

#[test]
fn works_from_another_folder_with_root() {
    let site = clinic_site();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_salve"))
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(site.path("public/index.html").is_file());
}

#[test]
fn folders_can_be_renamed_in_config() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "posts_dir: articles\nstatic_dir: assets\ntemplates_dir: layouts\noutput_dir: dist\n",
        ),
        ("articles/a.md", &post("A", "2025-01-01", "", "Text.\n")),
        ("assets/favicon.svg", "<svg/>"),
        (
            "layouts/404.html",
            "<!DOCTYPE html><title>x</title><h1>Custom 404</h1>",
        ),
    ]);
    site.build(&[]);
    assert!(site.path("dist/posts/a/index.html").is_file());
    assert_eq!(site.read("dist/favicon.svg"), "<svg/>");
    assert!(site.read("dist/404.html").contains("Custom 404"));
}

#[test]
fn dates_follow_the_site_language_and_date_format() {
    let spanish = TestSite::new(&[
        ("salve.yaml", "language: es\n"),
        ("posts/a.md", &post("Dolor", "2025-09-18", "", "Texto.\n")),
    ]);
    spanish.build(&[]);
    let page = spanish.page("posts/a/index.html");
    assert_eq!(page.attr("html", "lang"), "es");
    assert!(
        page.text(".post-header .meta")
            .contains("18 de septiembre de 2025"),
        "{}",
        page.text(".post-header .meta")
    );
    let custom = TestSite::new(&[
        ("salve.yaml", "date_format: \"y-MM-dd\"\n"),
        ("posts/a.md", &post("A", "2025-09-18", "", "Text.\n")),
    ]);
    custom.build(&[]);
    assert!(
        custom
            .page("posts/a/index.html")
            .text(".post-header .meta")
            .contains("2025-09-18")
    );
}

/// Callouts (`> [!IMPORTANT]`, `> [!EMERGENCY]`) and figures (`![alt](x.svg "Caption")`) on the
/// demo: a labelled note for screen readers, a visible label, and a caption tied to its image.
#[test]
fn the_demo_shows_callouts_and_a_figure() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    site.build(&["--output", "public"]);
    let ketamine = site.page("posts/ketamine-infusions/index.html");
    assert_eq!(
        ketamine.text(".post-body .callout-important[role=note] .callout-title"),
        "Important"
    );
    assert_eq!(
        ketamine.count(".post-body .callout svg[aria-hidden=true]"),
        1
    );
    let source = ketamine.attr(".post-body figure > img", "src");
    assert!(
        site.path(&format!("public/posts/ketamine-infusions/{source}"))
            .is_file()
    );
    assert_eq!(
        ketamine.text(".post-body figure > figcaption"),
        "An infusion day, from check-in to the ride home."
    );
    let opioids = site.page("posts/opioid-safety/index.html");
    assert!(
        opioids
            .text(".post-body .callout-emergency .callout-title")
            .contains("call 911")
    );
    assert!(!opioids.text(".post-body").contains("[!EMERGENCY]"));
}

/// Regression: the sidebar listed every tag on every page, so a blog imported with hundreds of
/// tags carried all of them on each page. It lists the 30 most used, in name order, and links
/// to the tags page, which still lists all.
#[test]
fn the_sidebar_lists_the_most_used_tags_and_links_to_the_rest() {
    // Tag `t00` is on every post, `t01` on all but one, ...: the most used have low numbers.
    let tags = |post: usize| -> String {
        let names: Vec<String> = (0..40 - post).map(|tag| format!("t{tag:02}")).collect();
        format!("tags: [{}]\n", names.join(", "))
    };
    let files: Vec<(String, String)> = (0..40)
        .map(|n| {
            (
                format!("posts/p{n:02}.md"),
                post(&format!("Post {n}"), "2025-01-01", &tags(n), "Text.\n"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = TestSite::new(&files);
    site.build(&[]);
    let page = site.page("index.html");
    let expected: Vec<String> = (0..30)
        .map(|tag| format!("t{tag:02} ({})", 40 - tag))
        .collect();
    assert_eq!(page.texts("#tags-heading + ul a"), expected);
    assert_eq!(page.text("#tags-heading + ul + p a"), "All tags");
    assert_eq!(site.page("tags/index.html").count("main .tag-list a"), 40);
}
