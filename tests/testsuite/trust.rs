//! Medical trust and discoverability on the demo site and small fixtures: bylines, review
//! dates, person pages, references, feeds (parsed with feed-rs), the sitemap, head metadata
//! and JSON-LD (parsed with serde_json), and the rule that JSON-LD marks up only what the page
//! shows.

use std::collections::BTreeSet;

use crate::common::images::jpeg;
use crate::common::{Page, TestSite};
use serde_json::Value;

fn demo() -> TestSite {
    let site = TestSite::copy_of(&crate::common::repo_root());
    site.build(&[]);
    site
}

fn feed(site: &TestSite, path: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(site.read(&format!("public/{path}")).as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(page: &Page) -> Vec<Value> {
    page.select("script[type='application/ld+json']")
        .iter()
        .map(|script| {
            serde_json::from_str(&script.text().collect::<String>()).expect("JSON-LD parses")
        })
        .collect()
}

fn node<'a>(graph: &'a Value, kind: &str) -> &'a Value {
    graph["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {graph}"))
}

#[test]
fn byline_names_author_reviewer_and_review_date_with_links_to_their_pages() {
    let site = demo();
    let page = site.page("posts/ketamine-infusions/index.html");
    assert_eq!(
        page.text(".byline"),
        "By Dana Whitfield, DNP, APRN · Medically reviewed by Marcus Ortega, MD · Last reviewed February 3, 2026"
    );
    assert_eq!(
        page.attrs(".byline a", "href"),
        ["/people/dwhitfield/", "/people/mortega/"]
    );
    assert_eq!(page.attr(".byline time", "datetime"), "2026-02-03");
    let person = site.page("people/mortega/index.html");
    assert_eq!(person.text("h1"), "Marcus Ortega, MD");
    assert!(person.text(".bio").contains("board certified"));
    let lists = person.texts("main h2");
    assert_eq!(
        lists,
        [
            "Posts by Marcus Ortega",
            "Posts medically reviewed by Marcus Ortega"
        ]
    );
    assert!(
        person
            .texts("main ul.link-list li a")
            .iter()
            .any(|t| t.starts_with("Ketamine infusions")),
        "reviewed posts are listed"
    );
}

#[test]
fn every_post_has_the_disclaimer_and_contact_block_in_the_same_place() {
    let site = demo();
    for post in site.html_pages().iter().filter(|p| p.starts_with("posts/")) {
        let page = site.page(post);
        let order: Vec<String> = page
            .select("article.post > *")
            .iter()
            .map(|e| {
                e.value()
                    .attr("class")
                    .unwrap_or(e.value().name())
                    .to_owned()
            })
            .collect();
        let tail: Vec<&str> = order
            .iter()
            .rev()
            .take(2)
            .rev()
            .map(String::as_str)
            .collect();
        assert_eq!(tail, ["disclaimer", "cta"], "{post}: {order:?}");
    }
}

#[test]
fn references_are_numbered_with_doi_and_pubmed_links_and_footnotes_still_work() {
    let site = demo();
    let page = site.page("posts/ketamine-infusions/index.html");
    assert_eq!(page.text("#references-heading"), "References");
    let items = page.texts(".references li");
    assert_eq!(items.len(), 1);
    assert!(
        items[0].starts_with("Cohen SP, Bhatia A, Buvanendran A, et al. Consensus guidelines"),
        "{}",
        items[0]
    );
    assert_eq!(
        page.attrs(".references a", "href"),
        [
            "https://doi.org/10.1097/AAP.0000000000000808",
            "https://pubmed.ncbi.nlm.nih.gov/29870458/"
        ]
    );
    assert_eq!(
        page.count(".footnotes li"),
        2,
        "Markdown footnotes beside the references"
    );
}

#[test]
fn bad_references_and_unknown_people_are_located_errors() {
    let site = TestSite::new(&[
        ("salve.yaml", "people:\n  jroe:\n    name: Jane Roe\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\nauthor: jore\n---\n",
        ),
        (
            "posts/b.md",
            "---\ntitle: B\ndate: 2025-01-01\nreferences:\n  - title: X\n    doi: \"not-a-doi\"\n---\n",
        ),
        (
            "posts/c.md",
            "---\ntitle: C\ndate: 2025-01-01\nreviewed_by: [jroe, nobody]\n---\n",
        ),
        (
            "posts/d.md",
            "---\ntitle: D\ndate: 2025-01-01\nlast_reviewed: last week\n---\n",
        ),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    for expected in [
        "posts/a.md:4:1: unknown person `jore` in `author`: did you mean `jroe`?",
        "posts/b.md:6:11: references[0]: `not-a-doi` is not a DOI",
        "posts/c.md:4:1: unknown person `nobody` in `reviewed_by`; known people: jroe",
        "posts/d.md:4:16: `last week` is not a date",
    ] {
        assert!(
            stderr.contains(expected),
            "expected `{expected}` in:\n{stderr}"
        );
    }
}

#[test]
fn feeds_parse_and_carry_the_newest_posts_with_absolute_links() {
    let site = demo();
    let atom = feed(&site, "atom.xml");
    let rss = feed(&site, "rss.xml");
    assert_eq!(
        atom.entries.len(),
        10,
        "all 10 published posts fit in the default limit of 20"
    );
    assert_eq!(rss.entries.len(), 10);
    assert_eq!(atom.id, "https://riverbend-pain.example/atom.xml");
    let first = &atom.entries[0];
    assert_eq!(
        first.id,
        "https://riverbend-pain.example/posts/opioid-safety/"
    );
    assert_eq!(
        first.title.as_ref().unwrap().content,
        "Using pain medicines safely"
    );
    assert_eq!(
        first.published.unwrap().to_rfc3339(),
        "2025-11-12T00:00:00+00:00"
    );
    assert_eq!(
        first.updated.unwrap().to_rfc3339(),
        "2026-06-12T00:00:00+00:00",
        "updated is the last review"
    );
    assert_eq!(first.authors[0].name, "Marcus Ortega, MD");
    let published: Vec<_> = atom.entries.iter().map(|e| e.published.unwrap()).collect();
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(rss.entries[0].id, first.id);
    assert_eq!(rss.entries[0].published, first.published);
    for entry in &atom.entries {
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .expect("full content by default");
        let content = Page(scraper::Html::parse_fragment(&html));
        for link in content
            .attrs("a", "href")
            .into_iter()
            .chain(content.attrs("img", "src"))
        {
            assert!(
                link.starts_with("https://")
                    || link.starts_with("mailto:")
                    || link.starts_with("tel:"),
                "{}: relative link {link}",
                entry.id
            );
        }
    }
}

#[test]
fn feeds_are_identical_from_build_to_build() {
    let site = demo();
    let before = (
        site.read("public/atom.xml"),
        site.read("public/rss.xml"),
        site.read("public/sitemap.xml"),
    );
    site.build(&[]);
    assert_eq!(
        before,
        (
            site.read("public/atom.xml"),
            site.read("public/rss.xml"),
            site.read("public/sitemap.xml")
        )
    );
}

#[test]
fn tag_feeds_hold_only_their_tag_and_pages_link_to_feeds() {
    let site = demo();
    let feed = feed(&site, "tags/back-pain/atom.xml");
    let titles: BTreeSet<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    let tag_page = site.page("tags/back-pain/index.html");
    let listed: BTreeSet<String> = tag_page.texts(".post-card h2").into_iter().collect();
    assert_eq!(titles, listed);
    assert_eq!(
        tag_page.attrs("link[rel=alternate]", "href"),
        ["/atom.xml", "/rss.xml", "/tags/back-pain/atom.xml"]
    );
    for page in site.html_pages().iter().filter(|p| !p.starts_with("post/")) {
        let page_html = site.page(page);
        assert_eq!(
            page_html
                .attrs("link[rel=alternate][type='application/atom+xml']", "href")
                .first()
                .map(String::as_str),
            Some(if page.starts_with("es/") {
                "/es/atom.xml"
            } else {
                "/atom.xml"
            }),
            "{page}"
        );
    }
}

/// Feeds hold post HTML in CDATA sections; markup that would end one must not end the feed's
/// text, and characters XML forbids must not make the feed unreadable.
#[test]
fn feed_content_survives_cdata_ends_and_forbidden_characters() {
    let site = TestSite::new(&[
        ("salve.yaml", "base_url: https://x.example/\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-02\n---\n<div data-note=\"]]>\">Ice first.</div>\n\nHeat later.\n",
        ),
        (
            "posts/b.md",
            "---\ntitle: B\ndate: 2025-01-01\n---\nA form feed \u{c} here.\n",
        ),
    ]);
    site.build(&[]);
    for path in ["atom.xml", "rss.xml"] {
        let feed = feed(&site, path);
        let body = |index: usize| {
            let entry = &feed.entries[index];
            entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
                .expect("the entry has HTML")
        };
        assert!(
            body(0).contains("<div data-note=\"]]>\">Ice first.</div>"),
            "{path}: {}",
            body(0)
        );
        assert!(
            body(0).contains("<p>Heat later.</p>"),
            "{path}: {}",
            body(0)
        );
        assert!(
            body(1).contains("A form feed  here."),
            "{path}: {}",
            body(1)
        );
    }
}

#[test]
fn feed_limit_and_summary_mode() {
    let mut files = vec![(
        "salve.yaml".to_owned(),
        "base_url: https://x.example/\nfeed_limit: 2\nfeed_content: summary\n".to_owned(),
    )];
    for day in 1..=3 {
        files.push((format!("posts/p{day}.md"), format!("---\ntitle: P{day}\ndate: 2025-01-0{day}\n---\nSee [the tags](/tags/).\n\nMore text.\n")));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = TestSite::new(&refs);
    site.build(&[]);
    let atom = feed(&site, "atom.xml");
    assert_eq!(
        atom.entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect::<Vec<_>>(),
        ["P3", "P2"]
    );
    assert!(
        atom.entries[0].content.is_none(),
        "summary mode has no content"
    );
    let summary = &atom.entries[0].summary.as_ref().unwrap().content;
    assert!(
        summary.contains("href=\"https://x.example/tags/\""),
        "{summary}"
    );
    assert!(!summary.contains("More text"));
}

#[test]
fn no_base_url_means_no_feeds_or_sitemap() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n",
    )]);
    site.build(&[]);
    assert!(!site.path("public/atom.xml").exists());
    assert!(!site.path("public/sitemap.xml").exists());
    assert_eq!(site.page("index.html").count("link[rel=alternate]"), 0);
}

#[test]
fn sitemap_lists_every_page_but_redirects_404_and_search() {
    let site = demo();
    let xml = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap parses");
    let mut in_sitemap = BTreeSet::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .unwrap();
        let path = loc
            .strip_prefix("https://riverbend-pain.example/")
            .expect("absolute");
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name("lastmod"))
            .and_then(|n| n.text());
        // Pages with no date of their own (the directory, an About page never reviewed) have
        // none rather than a made-up one; every post has one.
        assert!(
            lastmod.is_none_or(|d| d.len() == 25),
            "{loc} has a full lastmod"
        );
        assert!(
            lastmod.is_some() || !path.starts_with("posts/"),
            "{loc} has a lastmod"
        );
        in_sitemap.insert(format!("{path}index.html"));
    }
    let built: BTreeSet<String> = site
        .html_pages()
        .into_iter()
        .filter(|p| !p.ends_with("404.html") && !p.ends_with("search/index.html"))
        .filter(|p| !p.starts_with("post/"))
        .collect();
    assert_eq!(in_sitemap, built);
    assert!(xml.contains("<loc>https://riverbend-pain.example/posts/ketamine-infusions/</loc><lastmod>2026-02-03T00:00:00+00:00</lastmod>"), "lastmod is the later of updated and last_reviewed");
    assert!(xml.contains("<loc>https://riverbend-pain.example/privacy-practices/</loc><lastmod>2026-10-01T00:00:00+00:00</lastmod>"), "a page's lastmod is its last review");
    assert_eq!(
        site.read("public/_redirects"),
        "/post/intravenous-ketamine-infusion-for-the-treatment-of-refractory-chronic-pain /posts/ketamine-infusions/ 301\n",
        "hosts that read `_redirects` answer old addresses with a 301"
    );
    site.write("static/_redirects", "/old /new 301\n");
    site.build(&[]);
    assert_eq!(
        site.read("public/_redirects"),
        "/old /new 301\n",
        "the site's own wins"
    );
    let redirect = site.page("post/intravenous-ketamine-infusion-for-the-treatment-of-refractory-chronic-pain/index.html");
    assert_eq!(redirect.attr("meta[name=robots]", "content"), "noindex");
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://riverbend-pain.example/sitemap.xml\n"
    );
}

#[test]
fn a_robots_txt_of_the_site_wins() {
    let site = TestSite::new(&[
        ("salve.yaml", "base_url: https://x.example/\n"),
        ("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n",
        ),
    ]);
    site.build(&[]);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
}

#[test]
fn head_metadata_on_posts_and_other_pages() {
    let site = demo();
    let post = site.page("posts/ketamine-infusions/index.html");
    assert_eq!(
        post.text("title"),
        "Ketamine infusions for chronic pain: what patients should know · Riverbend Pain Clinic Blog"
    );
    assert!(
        post.attr("meta[name=description]", "content")
            .starts_with("How intravenous ketamine works")
    );
    assert_eq!(
        post.attr("link[rel=canonical]", "href"),
        "https://riverbend-pain.example/posts/ketamine-infusions/"
    );
    assert_eq!(post.attr("meta[property='og:type']", "content"), "article");
    assert_eq!(
        post.attr("meta[property='og:url']", "content"),
        "https://riverbend-pain.example/posts/ketamine-infusions/"
    );
    assert_eq!(
        post.attr("meta[property='article:published_time']", "content"),
        "2025-09-18T00:00:00+00:00"
    );
    assert_eq!(
        post.attr("meta[property='article:modified_time']", "content"),
        "2026-02-03T00:00:00+00:00"
    );
    assert_eq!(post.attr("meta[name='twitter:card']", "content"), "summary");
    assert!(
        post.attr("meta[name=generator]", "content")
            .starts_with("salve ")
    );
    let tags = site.page("tags/index.html");
    assert_eq!(tags.attr("meta[property='og:type']", "content"), "website");
    assert_eq!(tags.count("meta[property='article:published_time']"), 0);
}

#[test]
fn open_graph_image_is_absolute() {
    let site = TestSite::new(&[
        ("salve.yaml", "base_url: https://x.example/blog/\n"),
        (
            "posts/a/index.md",
            "---\ntitle: A\ndate: 2025-01-01\nimage: photo.jpg\nimage_alt: A clinic room\n---\nText.\n",
        ),
    ]);
    site.write("posts/a/photo.jpg", jpeg(1300, 800, None));
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(
        page.attr("meta[property='og:image']", "content"),
        "https://x.example/blog/posts/a/photo-og.jpg"
    );
    assert_eq!(
        page.attr("meta[name='twitter:card']", "content"),
        "summary_large_image"
    );
    let graph = &json_ld(&page)[0];
    assert_eq!(
        node(graph, "BlogPosting")["image"],
        "https://x.example/blog/posts/a/photo-og.jpg"
    );
}

#[test]
fn json_ld_on_every_demo_page_describes_the_clinic() {
    let site = demo();
    for path in site.html_pages().iter().filter(|p| !p.starts_with("post/")) {
        let page = site.page(path);
        let blocks = json_ld(&page);
        assert_eq!(blocks.len(), 1, "{path}");
        let clinic = node(&blocks[0], "MedicalClinic");
        assert_eq!(clinic["name"], "Riverbend Pain Clinic", "{path}");
        assert_eq!(clinic["url"], "https://riverbend-pain.example/");
        assert_eq!(clinic["telephone"], "(555) 013-2040");
        assert_eq!(clinic["address"]["@type"], "PostalAddress");
        assert_eq!(clinic["address"]["postalCode"], "62704");
        assert_eq!(
            clinic["openingHoursSpecification"][0]["dayOfWeek"],
            serde_json::json!(["Monday", "Tuesday", "Wednesday", "Thursday"])
        );
        assert_eq!(clinic["openingHoursSpecification"][0]["opens"], "07:30");
        assert_eq!(clinic["medicalSpecialty"][0], "Anesthesia");
        assert_eq!(clinic["sameAs"].as_array().unwrap().len(), 3);
    }
}

#[test]
fn json_ld_on_posts_ties_article_and_medical_page_together() {
    let site = demo();
    let page = site.page("posts/crps/index.html");
    let graph = &json_ld(&page)[0];
    let article = node(graph, "BlogPosting");
    let web_page = node(graph, "MedicalWebPage");
    let permalink = "https://riverbend-pain.example/posts/crps/";
    assert_eq!(article["@id"], format!("{permalink}#article"));
    assert_eq!(article["mainEntityOfPage"]["@id"], web_page["@id"]);
    assert_eq!(web_page["mainEntity"]["@id"], article["@id"]);
    assert_eq!(
        article["publisher"]["@id"],
        node(graph, "MedicalClinic")["@id"]
    );
    assert_eq!(
        article["headline"],
        "Complex regional pain syndrome (CRPS): early signs and treatment"
    );
    assert_eq!(article["author"][0]["@type"], "Person");
    assert_eq!(
        article["author"][0]["url"],
        "https://riverbend-pain.example/people/mortega/"
    );
    assert_eq!(web_page["medicalAudience"]["@type"], "Patient");
    assert_eq!(web_page["reviewedBy"][0]["name"], "Priya Raman");
    assert_eq!(web_page["lastReviewed"], "2026-05-12");
    assert_eq!(web_page["about"][0]["@type"], "MedicalCondition");
    assert_eq!(web_page["about"][0]["code"]["codeValue"], "G90.5");
    assert_eq!(
        web_page["citation"][0]["sameAs"],
        "https://doi.org/10.1093/pm/pnac046"
    );
}

#[test]
fn json_ld_marks_up_only_what_the_page_shows() {
    let site = demo();
    for path in site.html_pages().iter().filter(|p| p.starts_with("posts/")) {
        let page = site.page(path);
        let text = page.text("main");
        let times: BTreeSet<String> = page.attrs("main time", "datetime").into_iter().collect();
        let graph = &json_ld(&page)[0];
        let article = node(graph, "BlogPosting");
        let web_page = node(graph, "MedicalWebPage");
        let people = article["author"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(web_page["reviewedBy"].as_array().into_iter().flatten());
        for person in people {
            let name = person["name"].as_str().unwrap();
            assert!(
                text.contains(name),
                "{path}: {name} is in JSON-LD but not on the page"
            );
        }
        for date in [
            &article["datePublished"],
            &article["dateModified"],
            &web_page["lastReviewed"],
        ]
        .into_iter()
        .filter_map(Value::as_str)
        {
            assert!(
                times.contains(date),
                "{path}: date {date} is in JSON-LD but in no <time> of the page: {times:?}"
            );
        }
    }
}

#[test]
fn json_ld_cannot_be_broken_out_of() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "base_url: https://x.example/\nclinic:\n  name: \"A & B <!-- clinic -->\"\n",
        ),
        (
            "posts/a.md",
            "---\ntitle: \"</script><script>alert(1)</script> <!-- x\"\ndate: 2025-01-01\n---\nText.\n",
        ),
    ]);
    site.build(&[]);
    let html = site.read("public/posts/a/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let end = start + html[start..].find("</script>").unwrap();
    let script = &html[start..end];
    assert!(!script[1..].contains('<'), "{script}");
    let page = site.page("posts/a/index.html");
    let graph = &json_ld(&page)[0];
    assert_eq!(
        node(graph, "BlogPosting")["headline"],
        "</script><script>alert(1)</script> <!-- x"
    );
    assert_eq!(
        node(graph, "MedicalClinic")["name"],
        "A & B <!-- clinic -->"
    );
    assert_eq!(page.count("script"), 1);
}

#[test]
fn opening_hours_show_in_the_footer() {
    let site = demo();
    let hours = site.page("index.html").texts("footer .hours li");
    assert_eq!(
        hours,
        ["Monday to Thursday, 07:30–17:00", "Friday, 07:30–13:00"]
    );
}
