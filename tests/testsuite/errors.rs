//! Bad input: every content error is reported in one run as `path:line:column: message`, the
//! exit code is 1, and nothing is written (the previous output stays as it was).

use crate::common::{TestSite, assert_reports};

const GOOD: &str = "---\ntitle: Good\ndate: 2025-01-01\n---\nFine.\n";

/// Builds a site holding one good post plus `files`, expecting failure; returns stderr.
fn failing_build(files: &[(&str, &str)]) -> String {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    site.build(&[]);
    let before = crate::common::snapshot(&site.path("public"));
    for (path, contents) in files {
        site.write(path, contents);
    }
    let run = site.salve(&["build"]).failure(1);
    assert!(
        crate::common::snapshot(&site.path("public")) == before,
        "the previous output stays intact, with nothing staged left behind"
    );
    assert_eq!(run.stdout(), "", "no summary line on failure");
    run.stderr()
}

#[test]
fn missing_front_matter() {
    assert_reports(
        &failing_build(&[("posts/bad.md", "# Just markdown\n")]),
        "error: posts/bad.md:1:1: missing front matter",
    );
}

#[test]
fn unclosed_front_matter() {
    assert_reports(
        &failing_build(&[("posts/bad.md", "---\ntitle: A\ndate: 2025-01-01\nBody\n")]),
        "posts/bad.md:1:1: the front matter is not closed",
    );
}

#[test]
fn yaml_syntax_error() {
    let stderr = failing_build(&[(
        "posts/bad.md",
        "---\ntitle: A\ndate: 2025-01-01\ntags: [a, b\n---\n",
    )]);
    assert_reports(&stderr, "posts/bad.md:");
    assert!(
        stderr.lines().next().unwrap().contains("posts/bad.md:5:")
            || stderr.contains("posts/bad.md:4:"),
        "{stderr}"
    );
}

#[test]
fn wrong_type() {
    assert_reports(
        &failing_build(&[(
            "posts/bad.md",
            "---\ntitle: A\ndate: 2025-01-01\nfeatured: maybe\n---\n",
        )]),
        "posts/bad.md:4:",
    );
}

#[test]
fn invalid_date() {
    assert_reports(
        &failing_build(&[("posts/bad.md", "---\ntitle: A\ndate: 2025-02-30\n---\n")]),
        "posts/bad.md:3:7: `2025-02-30` is not a date",
    );
}

#[test]
fn unknown_key_with_did_you_mean() {
    assert_reports(
        &failing_build(&[(
            "posts/bad.md",
            "---\ntitle: A\ndate: 2025-01-01\ntag: [pain]\n---\n",
        )]),
        "posts/bad.md:4:1: unknown key `tag`: did you mean `tags`?",
    );
}

#[test]
fn missing_title() {
    assert_reports(
        &failing_build(&[("posts/bad.md", "---\ndate: 2025-01-01\n---\n")]),
        "posts/bad.md:2:1: missing `title`: add `title: ...`",
    );
}

#[test]
fn non_utf8_file() {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    site.write("posts/bad.md", b"---\ntitle: caf\xe9\n---\n");
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "posts/bad.md:2:11: the file is not valid UTF-8");
}

#[test]
fn broken_internal_links() {
    let stderr = failing_build(&[(
        "posts/bad.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nText\n\nSee [gone](gone.md) and [part](good.md#nowhere).\n",
    )]);
    assert_reports(
        &stderr,
        "posts/bad.md:7:5: the link `gone.md` points to a post or page that does not exist",
    );
    assert_reports(
        &stderr,
        "posts/bad.md:7:25: the link points to `#nowhere`, but `posts/good.md` has no heading with that id",
    );
}

#[test]
fn duplicate_urls_name_both_files() {
    let stderr = failing_build(&[(
        "posts/2024/good.md",
        "---\ntitle: Other\ndate: 2024-01-01\n---\n",
    )]);
    assert_reports(&stderr, "would both be written at /posts/good/");
    assert!(
        stderr.contains("posts/good.md") && stderr.contains("posts/2024/good.md"),
        "{stderr}"
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let stderr = failing_build(&[("templates/post.html", "<p>\n{{ post.title </p>\n")]);
    assert_reports(&stderr, "templates/post.html:2:");
}

#[test]
fn template_rendering_error_names_template_and_line() {
    let stderr = failing_build(&[("templates/post.html", "<p>\n{{ post.no_such_field }}</p>\n")]);
    assert_reports(&stderr, "templates/post.html:2:");
    assert_reports(&stderr, "while rendering /posts/good/");
}

#[test]
fn a_cached_part_that_reads_the_page_is_located() {
    let stderr = failing_build(&[(
        "templates/partials/sidebar.html",
        "<aside>\n{{ page.title }}</aside>\n",
    )]);
    assert_reports(&stderr, "templates/partials/sidebar.html:2:");
    assert_reports(&stderr, "is rendered once per build and sees only `site`");
}

#[test]
fn cached_parts_do_not_nest() {
    let stderr = failing_build(&[(
        "templates/partials/sidebar.html",
        "<aside>{{ cached_include(path=\"partials/tag-list.html\") }}</aside>\n",
    )]);
    assert_reports(
        &stderr,
        "is used inside a template that is itself included with `cached_include`",
    );
}

#[test]
fn a_cached_include_of_a_missing_template() {
    let stderr = failing_build(&[(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}\n{{ cached_include(path=\"nope.html\") }}{% endblock main %}",
    )]);
    assert_reports(&stderr, "templates/404.html:2:");
    assert_reports(
        &stderr,
        "`nope.html`, which is not a template of this theme",
    );
}

#[test]
fn missing_template() {
    let stderr = failing_build(&[
        ("themes/bare/templates/index.html", "x"),
        ("salve.yaml", "theme: bare\n"),
    ]);
    assert_reports(&stderr, "the theme `bare` has no `post.html` template");
}

#[test]
fn unknown_include_is_located() {
    let stderr = failing_build(&[(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}\n{% include \"nope.html\" %}{% endblock main %}",
    )]);
    assert_reports(&stderr, "templates/404.html:2:");
}

#[test]
fn unknown_theme() {
    assert_reports(
        &failing_build(&[("salve.yaml", "theme: clinc\n")]),
        "salve.yaml:1:1: unknown theme `clinc`: there is no folder `themes/clinc`. Did you mean `clinic`?",
    );
}

#[test]
fn config_errors_are_located() {
    assert_reports(
        &failing_build(&[("salve.yaml", "title: X\npost_per_page: 3\n")]),
        "salve.yaml:2:1: unknown key `post_per_page`: did you mean `posts_per_page`?",
    );
}

#[test]
fn image_without_alt_text() {
    assert_reports(
        &failing_build(&[(
            "posts/bad.md",
            "---\ntitle: A\ndate: 2025-01-01\nimage: x.png\n---\n",
        )]),
        "posts/bad.md:4:1: `image` needs `image_alt`",
    );
}

#[test]
fn every_error_of_the_run_is_reported_together() {
    let stderr = failing_build(&[
        ("posts/a.md", "# no front matter\n"),
        ("posts/b.md", "---\ntitle: B\ndate: nope\n---\n"),
        (
            "posts/c.md",
            "---\ntitle: C\ndate: 2025-01-01\n---\n[x](missing.md)\n",
        ),
        ("templates/tags.html", "{% if %}"),
    ]);
    insta::assert_snapshot!(stderr);
}

#[test]
fn refuses_an_output_folder_with_foreign_files_and_deletes_nothing() {
    let site = TestSite::new(&[
        ("posts/good.md", GOOD),
        ("public/family-photos/1.jpg", "JPEG"),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "holds files salve did not write");
    assert_reports(&stderr, "family-photos/1.jpg");
    assert_eq!(site.read("public/family-photos/1.jpg"), "JPEG");
    assert!(!site.path("public/index.html").exists());
}

#[test]
fn refuses_to_write_into_source_folders() {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    for output in [".", "posts", "..", "static", "templates", "themes"] {
        let stderr = site
            .salve(&["build", "--output", output])
            .failure(1)
            .stderr();
        assert_reports(&stderr, "refusing to write the site into");
    }
    assert_eq!(site.read("posts/good.md"), GOOD);
}

#[test]
fn refuses_output_dir_set_to_the_site_root_in_config() {
    let site = TestSite::new(&[
        ("posts/good.md", GOOD),
        ("salve.yaml", "output_dir: \".\"\n"),
    ]);
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "refusing to write the site into",
    );
    assert_eq!(site.read("posts/good.md"), GOOD);
}

#[test]
fn missing_posts_folder_and_bad_root_are_clear() {
    let site = TestSite::new(&[("salve.yaml", "title: X\n")]);
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "the posts folder",
    );
    assert_reports(
        &site
            .salve(&["build", "--root", "nowhere"])
            .failure(1)
            .stderr(),
        "the site folder `nowhere` does not exist",
    );
}

#[test]
fn bad_base_url_flag() {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    assert_reports(
        &site
            .salve(&["build", "--base-url", "example.org"])
            .failure(1)
            .stderr(),
        "invalid --base-url",
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = TestSite::new(&[]);
    site.salve(&["build", "--no-such-flag"]).failure(2);
    site.salve(&["serve-nothing"]).failure(2);
}

#[test]
fn hostile_inputs_never_panic() {
    let inputs: [&[u8]; 8] = [
        b"---\n---\n",
        b"---\n: :\n---\n",
        b"---\ntitle: [\n---\n",
        b"---\ntitle: A\ndate: 2025-01-01\n---\n[x](../../../../etc/passwd.md) ![y](../../x.png)",
        b"---\ntitle: A\ndate: 2025-01-01\nslug: '!!!'\n---\n",
        b"---\ntitle: A\ndate: 2025-01-01\naliases: ['https://evil.example/']\n---\n",
        b"---\ntitle: A\ndate: 9999-12-31T23:59:59+14:00\n---\n",
        b"\xef\xbb\xbf---\r\ntitle: A\r\ndate: 2025-01-01\r\n---\r\n# H\r\n[^x]\r\n\r\n[^x]: note\r\n",
    ];
    for input in inputs {
        let site = TestSite::new(&[]);
        site.write("posts/a.md", input);
        let run = site.salve(&["build", "--future"]);
        let stderr = run.stderr();
        assert!(
            !stderr.contains("panicked"),
            "panic on {:?}: {stderr}",
            String::from_utf8_lossy(input)
        );
        assert!(matches!(run.0.status.code(), Some(0 | 1)), "{stderr}");
    }
}
