//! `salve check` end to end: a fixture site that breaks every rule once, with the exact rule ids
//! and places asserted; exit codes; rule selection and severities; privacy.allow; Spanish
//! readability; external links against a local server; and the demo passing `--strict`.

use crate::common::TestSite;
use crate::common::http::StaticServer;
use serde_json::Value;

const TODAY: &str = "2026-11-24";

fn every_rule_site() -> TestSite {
    TestSite::copy_of(&crate::common::repo_root().join("tests/fixtures/check-every-rule"))
}

fn json(site: &TestSite, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["check", "--format", "json", "--today", TODAY];
    args.extend_from_slice(extra);
    let run = site.salve(&args);
    let value: Value = serde_json::from_str(&run.stdout())
        .unwrap_or_else(|e| panic!("JSON output: {e}\n{}\n{}", run.stdout(), run.stderr()));
    (value, run.0.status.code().expect("exit code"))
}

fn places(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_owned(),
                f["file"].as_str().expect("file").to_owned(),
                f["line"].as_u64().expect("line"),
                f["column"].as_u64().expect("column"),
                f["severity"].as_str().expect("severity").to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_rule_is_found_once_at_its_place() {
    let site = every_rule_site();
    let (report, code) = json(&site, &[]);
    assert_eq!(code, 1, "errors fail the check");
    let expected = [
        ("image-alt", "posts/alt.md", 11, 1, "error"),
        ("claims", "posts/claims.md", 11, 19, "warning"),
        ("description", "posts/description.md", 2, 1, "warning"),
        ("duplicate-title", "posts/duplicate-b.md", 2, 1, "error"),
        ("image-metadata", "posts/gps.jpg", 1, 1, "warning"),
        ("heading-h1", "posts/heading-h1.md", 11, 1, "warning"),
        ("heading-order", "posts/heading-order.md", 13, 1, "warning"),
        ("link-text", "posts/link-text.md", 9, 13, "warning"),
        ("links", "posts/links.md", 9, 16, "error"),
        ("links", "posts/links.md", 9, 42, "error"),
        ("privacy", "posts/privacy.md", 11, 25, "error"),
        ("readability", "posts/readability.md", 9, 1, "warning"),
        ("review-age", "posts/review-age.md", 7, 1, "warning"),
        ("reviewer", "posts/reviewer.md", 2, 1, "warning"),
        ("table-header", "posts/table.md", 11, 1, "warning"),
        ("tags", "posts/tags.md", 2, 1, "warning"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(r, f, l, c, s)| ((*r).to_owned(), (*f).to_owned(), *l, *c, (*s).to_owned()))
        .collect();
    assert_eq!(places(&report), expected);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 5);
    assert_eq!(report["summary"]["warnings"], 11);
    assert_eq!(report["summary"]["by_rule"]["links"], 2);
    assert_eq!(report["summary"]["posts"], 15);
}

#[test]
fn messages_say_why_it_matters() {
    let site = every_rule_site();
    let (report, _) = json(&site, &[]);
    let message = |rule: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(message("privacy").contains("the reader's address and the page they read"));
    assert!(
        message("claims").contains("\"This treatment is guaranteed to help you.\""),
        "the sentence is quoted"
    );
    let readability = message("readability");
    assert!(
        readability.contains("Flesch–Kincaid grade") && readability.contains("Flesch reading ease"),
        "{readability}"
    );
    assert!(
        readability.matches("words)").count() == 2,
        "the longest sentences are listed: {readability}"
    );
}

#[test]
fn text_output_groups_by_file_and_counts_per_rule() {
    let site = every_rule_site();
    let run = site.salve(&["check", "--today", TODAY]).failure(1);
    insta::assert_snapshot!(run.stdout());
}

#[test]
fn rules_can_be_selected_or_skipped() {
    let site = every_rule_site();
    let (report, code) = json(&site, &["--rule", "claims", "--rule", "tags"]);
    let rules: Vec<String> = places(&report).into_iter().map(|p| p.0).collect();
    assert_eq!(rules, ["claims", "tags"]);
    assert_eq!(code, 0, "warnings alone pass");
    let (report, _) = json(&site, &["--skip", "links"]);
    assert!(places(&report).iter().all(|p| p.0 != "links"));
}

#[test]
fn strict_fails_on_warnings() {
    let site = every_rule_site();
    let (_, code) = json(&site, &["--rule", "tags", "--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn severities_can_be_changed_or_turned_off_in_config() {
    let site = every_rule_site();
    let config = site.read("salve.yaml");
    site.write(
        "salve.yaml",
        format!("{config}rules:\n  tags: error\n  links: off\n  privacy: warning\n"),
    );
    let (report, _) = json(&site, &[]);
    let found = places(&report);
    assert!(found.iter().any(|p| p.0 == "tags" && p.4 == "error"));
    assert!(found.iter().any(|p| p.0 == "privacy" && p.4 == "warning"));
    assert!(found.iter().all(|p| p.0 != "links"));
}

#[test]
fn privacy_allow_lists_origins() {
    let site = every_rule_site();
    let config = site.read("salve.yaml");
    site.write(
        "salve.yaml",
        format!("{config}privacy:\n  allow: [\"https://cdn.example\"]\n"),
    );
    let (report, _) = json(&site, &["--rule", "privacy"]);
    assert!(places(&report).is_empty());
}

/// Regression: CSS `url()` in a style attribute, `@import` in a style element, an SVG image, a
/// `<base href>` and a refresh to another origin all passed the privacy rule.
#[test]
fn privacy_finds_css_svg_base_and_refresh_requests() {
    let body = [
        "<div style=\"background:url(https://css-attr.example/bg.png)\">A</div>",
        "<style>/* url(https://in-a-comment.example/x.png) */ @import url(\"https://fonts.example/a.css\"); p { background: image-set(\"https://image-set.example/a.png\" 1x) }</style>",
        "<svg width=\"10\" height=\"10\"><image href=\"https://svg.example/i.png\" width=\"10\" height=\"10\"></image></svg>",
        "<svg width=\"10\" height=\"10\"><image xlink:href=\"https://xlink.example/i.png\" width=\"10\" height=\"10\"></image></svg>",
        "<base href=\"https://base.example/\">",
        "<meta http-equiv=\"refresh\" content=\"5; url=https://refresh.example/\">",
    ]
    .join("\n\n");
    let site = TestSite::new(&[(
        "posts/a.md",
        &format!("---\ntitle: A\ndate: 2026-06-01\n---\nText.\n\n{body}\n"),
    )]);
    let (report, code) = json(&site, &["--rule", "privacy"]);
    assert_eq!(code, 1);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["message"].as_str().expect("message"))
        .collect();
    for origin in [
        "https://css-attr.example",
        "https://fonts.example",
        "https://image-set.example",
        "https://svg.example",
        "https://xlink.example",
        "https://base.example",
        "https://refresh.example",
    ] {
        assert!(
            messages
                .iter()
                .any(|m| m.contains(&format!("from {origin}"))),
            "{origin} in {messages:#?}"
        );
    }
    assert!(
        !messages.iter().any(|m| m.contains("in-a-comment")),
        "CSS comments fetch nothing"
    );
}

#[test]
fn allow_claims_in_front_matter_accepts_a_word() {
    let site = every_rule_site();
    let post =
        site.read("posts/claims.md")
            .replacen("---\n", "---\nallow_claims: [guaranteed]\n", 1);
    site.write("posts/claims.md", post);
    let (report, _) = json(&site, &["--rule", "claims"]);
    assert!(places(&report).is_empty());
}

#[test]
fn site_claim_words_add_to_the_list() {
    let site = every_rule_site();
    let config = site.read("salve.yaml");
    site.write(
        "salve.yaml",
        format!("{config}claims:\n  words: [\"kind\"]\n"),
    );
    let (report, _) = json(&site, &["--rule", "claims"]);
    assert_eq!(places(&report).len(), 2, "\"kind\" now counts too");
}

#[test]
fn spanish_posts_use_fernandez_huerta() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2026-06-01\nlanguage: es\n---\nLa administración intravenosa de ketamina demuestra considerable eficacia analgésica respecto de condiciones neuropáticas refractarias, particularmente el síndrome de dolor regional complejo, no obstante las características metodológicas heterogéneas de las investigaciones aleatorizadas disponibles actualmente.\n",
    )]);
    let (report, _) = json(&site, &["--rule", "readability"]);
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("Fernández-Huerta"), "{message}");
    assert_eq!(site.salve(&["build"]).success().0.status.code(), Some(0));
    assert_eq!(site.page("posts/a/index.html").attr("html", "lang"), "es");
}

#[test]
fn a_clean_site_passes_and_build_errors_are_findings() {
    let site = TestSite::new(&[
        ("salve.yaml", "people:\n  r:\n    name: R\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2026-06-01\ndescription: Short.\ntags: [x]\nreviewed_by: r\nlast_reviewed: 2026-10-01\n---\nWe are here to help.\n",
        ),
    ]);
    let run = site
        .salve(&["check", "--strict", "--today", TODAY])
        .success();
    assert!(
        run.stdout().contains("0 errors, 0 warnings in 1 post and"),
        "{}",
        run.stdout()
    );
    assert!(!site.path("public").exists(), "check writes nothing");
    // Regression: a build error used to stop the check (exit 2) and hide every other finding.
    site.write("posts/b.md", "no front matter");
    site.write(
        "posts/c.md",
        "---\ntitle: C\ndate: 2026-06-02\n---\nSee [gone](gone.md). ![](x.png)\n\n<script src=\"https://tracker.example/t.js\"></script>\n\nThis cures pain.\n",
    );
    let failed = site.salve(&["check", "--today", TODAY]).failure(1);
    let out = failed.stdout();
    for expected in [
        "posts/b.md:1:1: error[build]: missing front matter",
        "posts/c.md:5:5: error[build]: the link `gone.md`",
        "error[privacy]",
        "error[image-alt]",
        "warning[claims]",
    ] {
        assert!(out.contains(expected), "`{expected}` in:\n{out}");
    }
    site.salve(&["check", "--skip", "build", "--rule", "privacy"])
        .failure(1);
    site.write("salve.yaml", "people: [\n");
    site.salve(&["check"]).failure(2);
}

#[test]
fn unknown_rules_are_usage_errors() {
    let site = every_rule_site();
    let run = site.salve(&["check", "--rule", "clams"]).failure(2);
    assert!(
        run.stderr()
            .contains("unknown rule `clams`: did you mean `claims`?"),
        "{}",
        run.stderr()
    );
    let config = site.read("salve.yaml");
    site.write("salve.yaml", format!("{config}rules:\n  readabilty: off\n"));
    let run = site.salve(&["check"]).failure(2);
    assert!(
        run.stderr().contains("did you mean `readability`?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn external_links_are_checked_against_the_network_when_asked() {
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("ok.html"), "fine").unwrap();
    std::fs::write(files.path().join("404.html"), "missing").unwrap();
    let server = StaticServer::start(files.path(), "/");
    let body = format!(
        "[Good](http://127.0.0.1:{port}/ok.html) and [gone](http://127.0.0.1:{port}/gone.html).\n",
        port = server.port
    );
    let site = TestSite::new(&[(
        "posts/a.md",
        &format!("---\ntitle: A\ndate: 2026-06-01\n---\n{body}"),
    )]);
    let cache = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--rule", "external-links"];
        args.extend_from_slice(extra);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_salve"))
            .args(&args)
            .current_dir(site.root())
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    assert!(places(&run(&[])).is_empty(), "off without --external");
    let report = run(&["--external"]);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{report}");
    let column =
        body.find("/gone.html").unwrap() - format!("http://127.0.0.1:{}", server.port).len() + 1;
    assert_eq!(
        (found[0].1.as_str(), found[0].2, found[0].3),
        ("posts/a.md", 5, column as u64)
    );
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("answered 404")
    );
    let cache_text = std::fs::read_to_string(
        walkdir::WalkDir::new(cache.path())
            .into_iter()
            .flatten()
            .find(|e| e.file_type().is_file())
            .unwrap()
            .path(),
    )
    .unwrap();
    assert!(
        cache_text.contains("/ok.html") && !cache_text.contains("/gone.html"),
        "good answers are cache_text, failures are not: {cache_text}"
    );
}

#[test]
fn the_demo_passes_strict() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let run = site
        .salve(&["check", "--strict", "--today", TODAY])
        .success();
    assert!(
        run.stdout()
            .ends_with("0 errors, 0 warnings in 13 posts and 71 pages\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn rules_can_be_listed() {
    let run = TestSite::new(&[])
        .salve(&["check", "--list-rules"])
        .success();
    let ids: Vec<&str> = run
        .0
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            std::str::from_utf8(l)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 21);
    assert!(ids.contains(&"readability") && ids.contains(&"privacy") && ids.contains(&"build"));
}
