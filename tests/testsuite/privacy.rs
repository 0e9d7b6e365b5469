//! The privacy promise kept by `salve build` itself: a post that would make the browser fetch
//! from another site (a pasted video iframe, a script, CSS `url()`, another site's image) does
//! not build, unless salve.yaml allows that origin by name.

use crate::common::{TestSite, assert_reports};

const POST: &str = "---\ntitle: A\ndate: 2025-01-01\n---\nOur doctor explains the treatment.\n\n<iframe width=\"560\" height=\"315\"\n  src=\"https://www.youtube.com/embed/abc123\"\n  title=\"Video\"></iframe>\n\nA chart: ![Pain scores](https://cdn.example/chart.png)\n\n<div style=\"background: url('https://images.example/bg.jpg')\">Text</div>\n\n<script src=\"https://tracker.example/t.js\"></script>\n\nA [plain link](https://www.example.org/) and our own [image](https://clinic.example/logo.png) are fine.\n";

/// Regression: `salve build` published a YouTube iframe (and any other third-party request)
/// with exit 0; only `salve check` objected.
#[test]
fn a_request_to_another_site_fails_the_build_at_its_place() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: T\nbase_url: https://clinic.example/\n",
        ),
        ("posts/a.md", POST),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    for expected in [
        "posts/a.md:8:8: <iframe> loads https://www.youtube.com/embed/abc123 from https://www.youtube.com",
        "posts/a.md:11:10: <img> loads https://cdn.example/chart.png from https://cdn.example",
        "posts/a.md:13:30: <div style> loads https://images.example/bg.jpg from https://images.example",
        "posts/a.md:15:14: <script> loads https://tracker.example/t.js from https://tracker.example",
        "allow the origin in salve.yaml under privacy.allow",
        "4 errors found",
    ] {
        assert_reports(&stderr, expected);
    }
    assert!(!site.path("public").exists());
    // check reports them under its privacy rule, not twice.
    let run = site.salve(&["check", "--skip", "build"]).failure(1);
    assert_eq!(
        run.stdout().matches("error[privacy]").count(),
        4,
        "{}",
        run.stdout()
    );
    let all = site.salve(&["check"]).failure(1).stdout();
    assert!(!all.contains("error[build]"), "{all}");
}

#[test]
fn origins_allowed_by_name_build() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: T\nbase_url: https://clinic.example/\nprivacy:\n  allow:\n    - https://www.youtube.com\n    - https://cdn.example\n    - https://images.example\n    - https://tracker.example\n",
        ),
        ("posts/a.md", POST),
    ]);
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(
        page.attr("iframe", "src"),
        "https://www.youtube.com/embed/abc123"
    );
}

/// Regression: a `javascript:` link (from an imported blog's spam, or pasted) was published as
/// it was, in the post, its feeds and the home page; now the build names each, Markdown or
/// raw HTML, whatever the case of its scheme or its entities.
#[test]
fn a_link_that_runs_code_fails_the_build_at_its_place() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: T\nbase_url: https://clinic.example/\n",
        ),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nSee [our offer](javascript:alert(1)) or [this]( JavaScript:void(0)).\n\n<p>Or <a href=\"jav&#x61;script:alert(2)\">here</a>.</p>\n\n<form action=\"vbscript:msgbox\"><button>Go</button></form>\n\nA [plain link](https://www.example.org/) is fine.\n",
        ),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    for expected in [
        "posts/a.md:5:5: the link `javascript:alert(1)` runs code in the reader's browser",
        "posts/a.md:5:41: the link `JavaScript:void(0)` runs code",
        "the <a> address `javascript:alert(2)` runs code",
        "the <form> address `vbscript:msgbox` runs code",
        "remove it, or link to a page or file",
        "4 errors found",
    ] {
        assert_reports(&stderr, expected);
    }
    assert!(!site.path("public").exists());
    let check = site.salve(&["check"]).failure(1).stdout();
    assert!(
        check.contains("runs code in the reader's browser"),
        "{check}"
    );
}
