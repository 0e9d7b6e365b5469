//! Issue 19: the site's own pages (About, Contact, the notices), menus and footer links,
//! locations, providers, related posts and the archive, as built and as `salve check` sees them.

use crate::common::{TestSite, assert_reports, repo_root};

const POST: &str = "---\ntitle: Knee pain\ndate: 2025-03-01\ntags: [knee]\n---\nText.\n";

fn site_with(extra: &[(&str, &str)]) -> TestSite {
    let mut files = vec![("salve.yaml", "title: T\n"), ("posts/knee.md", POST)];
    files.extend_from_slice(extra);
    TestSite::new(&files)
}

/// Guards the URL mapping: a page's address mirrors its place in the pages folder, an
/// `index.md` stands for its folder, `slug` renames the last part, and pages are not posts
/// (no date, not on the home page, not in the feeds).
#[test]
fn page_urls_mirror_the_pages_folder() {
    let site = site_with(&[
        ("pages/about.md", "---\ntitle: About us\n---\nWho we are.\n"),
        (
            "pages/services/index.md",
            "---\ntitle: Services\n---\nWhat we do.\n",
        ),
        (
            "pages/services/Knee Pain.md",
            "---\ntitle: Knee pain care\n---\nKnees.\n",
        ),
        (
            "pages/team/old-name.md",
            "---\ntitle: Team\nslug: people-we-are\n---\nUs.\n",
        ),
    ]);
    site.build(&[]);
    assert_eq!(site.page("about/index.html").text("h1"), "About us");
    assert_eq!(site.page("services/index.html").text("h1"), "Services");
    assert_eq!(
        site.page("services/knee-pain/index.html").text("h1"),
        "Knee pain care"
    );
    assert_eq!(
        site.page("team/people-we-are/index.html").text("h1"),
        "Team"
    );
    let home = site.page("index.html");
    assert!(!home.texts("main h2 a").contains(&"About us".to_owned()));
    let about = site.page("about/index.html");
    assert_eq!(
        about.count("article time"),
        0,
        "a page shows no publication date"
    );
    assert!(!site.path("public/posts/about/index.html").exists());
}

/// Guards collisions: a page at a post's, a tag's or the home page's address is an error that
/// names both, at the page's file, and nothing is written.
#[test]
fn a_page_at_another_outputs_address_is_an_error_naming_both() {
    let site = site_with(&[
        ("pages/posts/knee.md", "---\ntitle: Clash\n---\nText.\n"),
        ("pages/tags/index.md", "---\ntitle: Tags page\n---\nText.\n"),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "pages/posts/knee.md:1:1:");
    assert!(stderr.contains("posts/knee.md"), "{stderr}");
    assert_reports(&stderr, "pages/tags/index.md:1:1:");
    assert!(stderr.contains("the list of tags"), "{stderr}");
    assert!(!site.path("public").exists());
}

/// Guards strict page front matter: a post-only key is an error with a hint, and a page may
/// not name a template the theme lacks.
#[test]
fn page_front_matter_is_strict() {
    let site = site_with(&[
        (
            "pages/about.md",
            "---\ntitle: About\ndate: 2025-01-01\nmenu: header\n---\nText.\n",
        ),
        (
            "pages/contact.md",
            "---\ntitle: Contact\ntemplate: contakt.html\n---\nText.\n",
        ),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(
        &stderr,
        "pages/about.md:3:1: unknown key `date`: a page has no date",
    );
    assert!(!stderr.contains("while rendering"), "{stderr}");
    assert_reports(&stderr, "pages/about.md:4:1: unknown menu `header`");
    assert_reports(
        &stderr,
        "pages/contact.md:3:1: the theme has no template `contakt.html`",
    );
}

/// Guards a page's own template, links between posts and pages as `.md` paths, and the
/// search index and sitemap taking pages in.
#[test]
fn pages_link_with_posts_and_use_their_own_template() {
    let site = site_with(&[
        (
            "salve.yaml",
            "title: T\nbase_url: https://clinic.example/\n",
        ),
        (
            "posts/knee.md",
            "---\ntitle: Knee pain\ndate: 2025-03-01\n---\nSee [our services](../pages/services.md#knees).\n",
        ),
        (
            "pages/services.md",
            "---\ntitle: Services\ntemplate: services.html\n---\n## Knees {#knees}\n\nBack to [the post](../posts/knee.md).\n",
        ),
        (
            "templates/services.html",
            "{% extends \"base.html\" %}{% block main %}<h1 class=\"own\">{{ entry.title }}</h1>{{ entry.content | safe }}{% endblock main %}",
        ),
    ]);
    site.build(&[]);
    let post = site.page("posts/knee/index.html");
    assert_eq!(post.attr(".post-body a", "href"), "/services/#knees");
    let page = site.page("services/index.html");
    assert_eq!(page.text("h1.own"), "Services");
    assert_eq!(page.attr("main a[href^='/posts']", "href"), "/posts/knee/");
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://clinic.example/services/</loc>")
    );
}

/// Guards menus: the default header menu (Home, Tags), pages joining it by weight after the
/// configured links, external links, the footer menu, and `aria-current` on the current page
/// only.
#[test]
fn menus_are_ordered_by_weight_and_mark_the_current_page() {
    let site = site_with(&[
        (
            "pages/contact.md",
            "---\ntitle: Contact\nmenu: true\nweight: 20\n---\nText.\n",
        ),
        (
            "pages/about.md",
            "---\ntitle: About\nmenu: main\nweight: 10\n---\nText.\n",
        ),
        (
            "pages/privacy.md",
            "---\ntitle: Privacy\nmenu: footer\n---\nText.\n",
        ),
    ]);
    site.build(&[]);
    let about = site.page("about/index.html");
    assert_eq!(
        about.texts(".site-nav a"),
        ["Home", "Tags", "About", "Contact"]
    );
    assert_eq!(
        about.attrs(".site-nav a[aria-current=page]", "href"),
        ["/about/"]
    );
    assert_eq!(
        about.attrs(".footer-nav a[href='/privacy/']", "href"),
        ["/privacy/"]
    );
    let home = site.page("index.html");
    assert_eq!(home.attrs(".site-nav a[aria-current=page]", "href"), ["/"]);

    site.write(
        "salve.yaml",
        "title: T\nmenu:\n  - title: Blog\n    url: /\n  - title: Main site\n    url: https://clinic.example/\n    weight: 15\nfooter_menu:\n  - title: Careers\n    url: https://clinic.example/jobs/\n",
    );
    site.build(&[]);
    let about = site.page("about/index.html");
    assert_eq!(
        about.texts(".site-nav a"),
        ["Blog", "About", "Main site", "Contact"]
    );
    assert_eq!(
        about.attrs(".footer-nav a", "href")[..2],
        ["https://clinic.example/jobs/", "/privacy/"]
    );
}

/// Guards the `notices` rule: an outline `salve init` wrote, a notice without a page, and a
/// footer without a notice's link are each reported; the completed demo passes.
#[test]
fn the_notices_rule_reports_outlines_missing_pages_and_footers() {
    let site = TestSite::new(&[("salve.yaml", "title: T\nclinic:\n  name: C\n")]);
    let init = TestSite::new(&[]);
    init.salve(&["init", "new-site"]).success();
    let scaffold = init.path("new-site");
    crate::common::copy_tree(&scaffold.join("pages"), &site.path("pages"));
    crate::common::copy_tree(&scaffold.join("posts"), &site.path("posts"));
    let report = site.salve(&["check", "--rule", "notices"]).stdout();
    assert_reports(
        &report,
        "pages/privacy-practices.md:8:6: warning[notices]: this page is still the outline",
    );
    assert_eq!(report.matches("still the outline").count(), 6, "{report}");

    std::fs::remove_file(site.path("pages/accessibility.md")).unwrap();
    site.write(
        "pages/nondiscrimination.md",
        "---\ntitle: Nondiscrimination\n---\nWe treat everyone fairly.\n",
    );
    let report = site.salve(&["check", "--rule", "notices"]).stdout();
    assert_reports(
        &report,
        "salve.yaml:1:1: warning[notices]: no page at `/accessibility/`",
    );
    assert_reports(
        &report,
        "warning[notices]: the footer has no link to the notice `/nondiscrimination/`",
    );
    assert!(
        !report.contains("no page at `/privacy-practices/`"),
        "{report}"
    );

    site.write("salve.yaml", "title: T\nclinic:\n  name: C\nnotices: []\n");
    let report = site.salve(&["check", "--rule", "notices"]).stdout();
    assert_eq!(report.matches("no page at").count(), 0, "{report}");
}

/// Guards locations and providers on the demo: each location on `/locations/` with a plain
/// directions link (no map embedded), each a `MedicalClinic` department in the JSON-LD, the
/// people directory with provider facts, and a physician's page typed `Physician`.
#[test]
fn locations_and_providers_are_shown_and_described() {
    let site = TestSite::copy_of(&repo_root());
    site.build(&[]);
    let locations = site.page("locations/index.html");
    assert_eq!(
        locations.texts("section.location h2"),
        ["Riverside office", "Westside infusion suite"]
    );
    let directions = locations.attrs("section.location a.button", "href");
    assert!(
        directions[0]
            .starts_with("https://www.openstreetmap.org/directions?route=%3B39.7817%2C-89.6501")
    );
    assert!(
        directions[1].starts_with("https://www.openstreetmap.org/search?query=48%20Meadow%20Lane")
    );
    assert_eq!(locations.count("iframe, script[src]"), 0);

    let json: serde_json::Value =
        serde_json::from_str(&locations.text("script[type='application/ld+json']")).unwrap();
    let clinic = &json["@graph"][0];
    assert_eq!(clinic["@type"], "MedicalClinic");
    let departments = clinic["department"].as_array().unwrap();
    assert_eq!(departments.len(), 2);
    assert_eq!(departments[0]["@type"], "MedicalClinic");
    assert_eq!(departments[0]["geo"]["latitude"], 39.7817);
    assert_eq!(departments[1]["address"]["streetAddress"], "48 Meadow Lane");

    let people = site.page("people/index.html");
    assert_eq!(people.count(".directory-card"), 4);
    assert!(
        people
            .texts(".provider-facts dd")
            .contains(&"English, Spanish".to_owned())
    );
    let ortega = site.page("people/mortega/index.html");
    let json: serde_json::Value =
        serde_json::from_str(&ortega.text("script[type='application/ld+json']")).unwrap();
    let entity = &json["@graph"][1]["mainEntity"];
    assert_eq!(entity["@type"], "Physician");
    assert_eq!(entity["isAcceptingNewPatients"], true);
    assert_eq!(entity["knowsLanguage"][1], "Spanish");
    let lee = site.page("people/jlee/index.html");
    let json: serde_json::Value =
        serde_json::from_str(&lee.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(json["@graph"][1]["mainEntity"]["@type"], "Person");
}

/// Guards page JSON-LD: About and Contact pages get their types, a reviewed notice is a
/// `MedicalWebPage` with its review date, shown in a `<time>`.
#[test]
fn pages_get_their_own_structured_data() {
    let site = TestSite::copy_of(&repo_root());
    site.build(&[]);
    let graph_type = |path: &str| {
        let page = site.page(path);
        let json: serde_json::Value =
            serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
        json["@graph"][1]["@type"].as_str().unwrap().to_owned()
    };
    assert_eq!(graph_type("about/index.html"), "AboutPage");
    assert_eq!(graph_type("contact/index.html"), "ContactPage");
    assert_eq!(graph_type("accessibility/index.html"), "WebPage");
    assert_eq!(graph_type("privacy-practices/index.html"), "MedicalWebPage");
    let notice = site.page("privacy-practices/index.html");
    assert_eq!(notice.attr(".byline time", "datetime"), "2026-10-01");
}

/// Guards a person's unknown location: a located error in salve.yaml with a hint.
#[test]
fn a_person_at_an_unknown_location_is_an_error() {
    let site = site_with(&[(
        "salve.yaml",
        "title: T\nclinic:\n  name: C\n  locations:\n    - name: Main office\n      address:\n        city: Springfield\npeople:\n  jroe:\n    name: Jane Roe\n    locations: [main-ofice]\n",
    )]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(
        &stderr,
        "salve.yaml:11:17: `Jane Roe` lists the location `main-ofice`, which is not among `clinic.locations`: did you mean `main-office`?",
    );
}

/// Guards the archive and related posts on the demo: the archive lists every post under its
/// year, newest year first; a post's related posts share a tag with it and never include it.
#[test]
fn the_archive_lists_every_post_by_year_and_posts_show_related_ones() {
    let site = TestSite::copy_of(&repo_root());
    site.build(&[]);
    let archive = site.page("archive/index.html");
    let years = archive.texts("section.archive-year h2");
    let mut sorted = years.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(years, sorted);
    assert_eq!(archive.count("section.archive-year li"), 10);

    let post = site.page("posts/ketamine-infusions/index.html");
    let related = post.attrs("section.related a", "href");
    assert!(!related.is_empty() && related.len() <= 3, "{related:?}");
    assert!(!related.contains(&"/posts/ketamine-infusions/".to_owned()));
    let own_tags = post.texts(".post-header .tags a");
    for href in &related {
        let other = site.page(&format!("{}index.html", href.trim_start_matches('/')));
        let shared = other
            .texts(".post-header .tags a")
            .iter()
            .any(|tag| own_tags.contains(tag));
        assert!(shared, "{href} shares no tag with the post");
    }
}

/// Guards a theme of one's own: it needs `archive.html`, `people.html` with `people` and
/// `locations.html` with `clinic.locations`, and `page.html` once the site has pages, each
/// reported by name.
#[test]
fn a_theme_of_ones_own_is_told_which_new_templates_it_lacks() {
    let bare = "{% block main %}{% endblock main %}";
    let site = site_with(&[
        (
            "salve.yaml",
            "title: T\ntheme: bare\nsearch: false\npeople:\n  jroe:\n    name: Jane Roe\nclinic:\n  name: C\n  locations:\n    - name: Main\n      address:\n        city: X\n",
        ),
        ("themes/bare/templates/index.html", bare),
        ("themes/bare/templates/post.html", bare),
        ("themes/bare/templates/tags.html", bare),
        ("themes/bare/templates/tag.html", bare),
        ("themes/bare/templates/404.html", bare),
        ("pages/about.md", "---\ntitle: About\n---\nText.\n"),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    for name in ["archive.html", "people.html", "locations.html"] {
        assert_reports(
            &stderr,
            &format!("the theme `bare` has no `{name}` template"),
        );
    }
    site.write("themes/bare/templates/archive.html", bare);
    site.write("themes/bare/templates/people.html", bare);
    site.write("themes/bare/templates/person.html", bare);
    site.write("themes/bare/templates/locations.html", bare);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "pages/about.md:1:1: the theme has no `page.html`");
    site.write("themes/bare/templates/page.html", bare);
    site.build(&[]);
}
