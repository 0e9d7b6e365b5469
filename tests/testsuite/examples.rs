//! What ships is tested: the demo site at the repository root and every site in `examples/`
//! build, and their pages link only to files that exist, also when served under a subpath.

use crate::common::TestSite;
use crate::common::http::{StaticServer, crawl};

fn example_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(crate::common::repo_root().join("examples"))
        .expect("examples folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn there_are_the_promised_examples() {
    let names: Vec<String> = example_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["minimal", "custom-theme"] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing example {expected}: {names:?}"
        );
    }
}

#[test]
fn every_example_builds_with_no_broken_links() {
    for dir in example_dirs() {
        let site = TestSite::copy_of(&dir);
        site.build(&[]);
        let home = site.page("index.html");
        assert!(
            home.count(".post-card") >= 1,
            "{}: the home page lists posts",
            dir.display()
        );
        let broken = crate::common::broken_links(&site.path("public"), "/");
        assert!(broken.is_empty(), "{}: {broken:#?}", dir.display());
    }
}

#[test]
fn minimal_example_needs_no_config() {
    let dir = crate::common::repo_root().join("examples/minimal");
    assert!(!dir.join("salve.yaml").exists());
    let site = TestSite::copy_of(&dir);
    site.build(&[]);
    assert_eq!(
        site.page("posts/hello/index.html").text("h1"),
        "Welcome to our practice"
    );
}

#[test]
fn custom_theme_example_overrides_a_template_and_adds_css() {
    let site = TestSite::copy_of(&crate::common::repo_root().join("examples/custom-theme"));
    site.build(&[]);
    let page = site.page("posts/flossing/index.html");
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        ["/style.css", "/brightside.css"]
    );
    assert_eq!(page.attr("meta[name=theme-color]", "content"), "#5b2a86");
    assert!(
        site.read("public/brightside.css")
            .contains("--accent: #5b2a86")
    );
}

#[test]
fn demo_site_builds_with_the_promised_content() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let run = site.build(&[]);
    assert!(
        run.stdout().starts_with("Built 13 posts"),
        "{}",
        run.stdout()
    );
    let sources: Vec<_> = walkdir::WalkDir::new(site.path("posts"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    let (spanish, english): (Vec<_>, Vec<_>) = sources
        .iter()
        .partition(|e| e.path().to_string_lossy().ends_with(".es.md"));
    assert!(
        (10..=12).contains(&english.len()),
        "10 to 12 demo posts, found {}",
        english.len()
    );
    assert!(
        spanish.len() >= 3,
        "three Spanish posts, found {}",
        spanish.len()
    );
    let texts: Vec<String> = sources
        .iter()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert_eq!(
        texts.iter().filter(|t| t.contains("\ndraft: true")).count(),
        1,
        "one draft"
    );
    let home = site.page("index.html");
    let featured = home.count("#featured-heading + ul li");
    assert!(
        (2..=3).contains(&featured),
        "2 or 3 featured, found {featured}"
    );
    assert!(
        !site
            .path("public/posts/cold-weather-and-joint-pain")
            .exists(),
        "the scheduled post waits"
    );
    assert!(
        !site.path("public/posts/spinal-cord-stimulation").exists(),
        "the draft waits"
    );
    let visit = site.page("posts/your-first-visit/index.html");
    assert!(
        visit.count(".post-body table th") >= 3,
        "a post with a table"
    );
    let ketamine = site.page("posts/ketamine-infusions/index.html");
    assert!(
        ketamine.count(".footnotes li") >= 2,
        "a post with footnotes"
    );
    let safety = site.page("posts/opioid-safety/index.html");
    assert!(safety.attrs(".post-body a", "href").iter().filter(|h| h.starts_with("https://riverbend-pain.example/") || h.starts_with("/posts/")).count() >= 4, "a post linking to others");
    assert!(site.path("public/post/intravenous-ketamine-infusion-for-the-treatment-of-refractory-chronic-pain/index.html").is_file(), "the hosted builder's old URL still works");
    assert!(
        crate::common::broken_links(&site.path("public"), "/").is_empty(),
        "{:#?}",
        crate::common::broken_links(&site.path("public"), "/")
    );
}

#[test]
fn demo_served_under_a_subpath_has_no_broken_link_or_asset() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let output = tempfile::tempdir().unwrap();
    let out_dir = output.path().join("blog");
    let server = StaticServer::start(&out_dir, "/blog/");
    let base = format!("http://127.0.0.1:{}/blog/", server.port);
    site.build(&["--base-url", &base, "--output", out_dir.to_str().unwrap()]);
    let start = url::Url::parse(&base).unwrap();
    let (problems, pages) = crawl(&start);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        pages.len() >= 30,
        "crawled only {} pages: {pages:?}",
        pages.len()
    );
    assert!(pages.contains("/blog/tags/ketamine/"));
    let (status, body) = crate::common::http::get(&start.join("no/such/page/").unwrap());
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("/blog/style.css"),
        "the 404 page's links work at any depth"
    );
}
