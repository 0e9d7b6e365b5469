//! `salve build` over an earlier build: pages are staged and put in place only when the whole
//! build succeeds, pages made under unchanged keys are kept without rendering, and whatever is
//! kept, the folder ends up exactly as a clean build would write it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::TestSite;

const CONFIG: &str =
    "title: \"Rebuild Clinic\"\nbase_url: \"https://clinic.example/\"\nposts_per_page: 2\n";

fn post(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n---\n{body}\n")
}

fn site() -> TestSite {
    TestSite::new(&[
        ("salve.yaml", CONFIG),
        (
            "posts/back-pain.md",
            &post("Back pain", "2025-01-05", "back", "Walk a little each day."),
        ),
        (
            "posts/knee/knee-pain.md",
            &post(
                "Knee pain",
                "2025-02-05",
                "knee, exercise",
                "Strength helps.\n\n![Knee exercise](knee.svg)\n\nSee [back pain](../back-pain.md).",
            ),
        ),
        (
            "posts/knee/knee.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (
            "posts/sleep.md",
            &post("Sleep and pain", "2025-03-05", "sleep", "Keep a routine."),
        ),
    ])
}

/// The files of an output folder with their bytes, without salve's manifest.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::common::snapshot(dir)
        .into_iter()
        .filter(|(name, _)| name != ".salve-manifest")
        .map(|(name, (bytes, _))| (name, bytes))
        .collect()
}

/// `(written, unchanged, kept)` from the `--verbose` line.
fn counts(site: &TestSite) -> (usize, usize, usize) {
    let out = site.build(&["--verbose"]).stdout();
    let line = out
        .lines()
        .find(|line| line.starts_with("Files: "))
        .unwrap_or_else(|| panic!("no Files line in {out}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().expect("a number"))
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

/// Builds the site over its earlier output and from scratch elsewhere, and checks both agree.
#[track_caller]
fn assert_same_as_clean_build(site: &TestSite) -> (usize, usize, usize) {
    let counts = counts(site);
    let clean = site.path("clean");
    let _ = std::fs::remove_dir_all(&clean);
    site.build(&["--output", "clean"]);
    assert!(
        files(&site.path("public")) == files(&clean),
        "the rebuilt folder differs from a clean build"
    );
    counts
}

/// Changes one post's body, leaving its title, date and tags as they were.
fn edit_sleep_body(site: &TestSite) {
    site.write(
        "posts/sleep.md",
        post(
            "Sleep and pain",
            "2025-03-05",
            "sleep",
            "Keep a calm routine.",
        ),
    );
}

#[test]
fn a_rebuild_with_nothing_changed_renders_nothing_and_touches_nothing() {
    let site = site();
    let (written, _, kept) = counts(&site);
    assert_eq!(kept, 0, "a first build has nothing to keep");
    let before = crate::common::snapshot(&site.path("public"));
    let (rewritten, unchanged, kept) = counts(&site);
    assert_eq!(rewritten, 0);
    assert_eq!(unchanged, written);
    assert_eq!(kept, written, "every file kept without rendering");
    assert!(
        crate::common::snapshot(&site.path("public")) == before,
        "no file rewritten, not even the manifest"
    );
}

#[test]
fn every_kind_of_edit_gives_what_a_clean_build_gives() {
    let site = site();
    site.build(&[]);
    let total = counts(&site).2;

    edit_sleep_body(&site);
    let (written, _, kept) = assert_same_as_clean_build(&site);
    assert!(written >= 1, "the edited post's page is rewritten");
    assert!(
        kept > 0 && kept < total,
        "pages that do not show the post are kept: {kept} of {total}"
    );
    assert!(
        site.read("public/posts/sleep/index.html")
            .contains("Keep a calm routine.")
    );

    site.write(
        "posts/back-pain.md",
        post(
            "Low back pain",
            "2025-01-05",
            "back",
            "Walk a little each day.",
        ),
    );
    assert_same_as_clean_build(&site);
    site.write(
        "posts/new.md",
        post("New post", "2025-04-05", "sleep, back", "Fresh."),
    );
    assert_same_as_clean_build(&site);
    std::fs::remove_file(site.path("posts/sleep.md")).expect("remove");
    assert_same_as_clean_build(&site);
    assert!(!site.path("public/posts/sleep/index.html").exists());
    site.write(
        "posts/knee/knee.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>",
    );
    let (written, _, _) = assert_same_as_clean_build(&site);
    assert_eq!(written, 1, "only the changed image is copied");
    site.write("static/robots.txt", "User-agent: *\nAllow: /\n");
    assert_same_as_clean_build(&site);
    site.write(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ post.title }}</h1>{% endblock main %}",
    );
    assert_same_as_clean_build(&site);
    site.write("salve.yaml", format!("{CONFIG}language: es\n"));
    let (_, _, kept) = assert_same_as_clean_build(&site);
    assert_eq!(
        kept, 5,
        "a new language renders every page again: only the copied files are kept (the theme's \
         style.css, favicon.svg and search.js, robots.txt and the image)"
    );
}

#[test]
fn a_touched_or_deleted_output_file_is_written_again() {
    let site = site();
    site.build(&[]);
    let page = site.read("public/posts/sleep/index.html");
    site.write("public/posts/sleep/index.html", "edited by hand");
    std::fs::remove_file(site.path("public/index.html")).expect("remove");
    let (written, _, _) = counts(&site);
    assert_eq!(written, 2);
    assert_eq!(site.read("public/posts/sleep/index.html"), page);
    assert!(site.path("public/index.html").is_file());
}

#[test]
fn a_failed_build_puts_nothing_in_place() {
    let site = site();
    site.build(&[]);
    let before = crate::common::snapshot(&site.path("public"));
    // Every page changes, and the tag pages fail only while rendering: the other pages are
    // staged before the error, and must not take their places.
    site.write(
        "salve.yaml",
        format!("{CONFIG}description: \"New words\"\n"),
    );
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block main %}\n{{ tag.no_such_field }}{% endblock main %}",
    );
    let run = site.salve(&["build"]).failure(1);
    assert!(
        run.stderr().contains("templates/tag.html:2:"),
        "{}",
        run.stderr()
    );
    assert!(
        crate::common::snapshot(&site.path("public")) == before,
        "the previous output is as it was, with no staged file left"
    );
}

/// The names in the site's root folder, hidden ones included.
fn root_entries(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .expect("the site folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_clean_build_into_a_missing_folder_leaves_only_that_folder() {
    let site = site();
    let before = root_entries(&site);
    let (written, unchanged, _) = counts(&site);
    assert_eq!(unchanged, 0);
    let mut expected = before.clone();
    expected.push("public".to_owned());
    expected.sort();
    assert_eq!(
        root_entries(&site),
        expected,
        "the hidden folder it wrote into became `public`"
    );
    assert_eq!(
        files(&site.path("public")).len(),
        written,
        "every file written"
    );
    assert!(
        site.path("public/.salve-manifest").is_file(),
        "the manifest came along"
    );
    assert_eq!(
        counts(&site),
        (0, written, written),
        "the next build keeps all"
    );
}

#[test]
fn a_failed_clean_build_leaves_no_folder_behind() {
    let site = site();
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block main %}\n{{ tag.no_such_field }}{% endblock main %}",
    );
    let before = root_entries(&site);
    site.salve(&["build"]).failure(1);
    assert_eq!(
        root_entries(&site),
        before,
        "neither `public` nor the hidden folder the pages were written into"
    );
}

#[test]
fn a_removed_image_is_an_error_even_when_nothing_else_changed() {
    let site = site();
    site.build(&[]);
    std::fs::remove_file(site.path("posts/knee/knee.svg")).expect("remove");
    let run = site.salve(&["build"]).failure(1);
    assert!(
        run.stderr().contains("posts/knee/knee-pain.md:") && run.stderr().contains("knee.svg"),
        "{}",
        run.stderr()
    );
}

#[test]
fn keys_of_another_salve_or_an_older_manifest_are_not_trusted() {
    let site = site();
    site.build(&[]);
    let manifest = site.read("public/.salve-manifest");
    let (header, rest) = manifest.split_once('\n').expect("a header line");
    assert!(header.starts_with("salve-manifest 2 "), "{header}");
    let mut fields: Vec<&str> = header.split(' ').collect();
    fields[2] = "0000000000000000";
    site.write(
        "public/.salve-manifest",
        format!("{}\n{rest}", fields.join(" ")),
    );
    let (written, _, kept) = counts(&site);
    assert_eq!((written, kept), (0, 0), "rendered again, and compared");

    // A manifest of salve 0.1 lists paths only: still salve's files, none trusted.
    let paths: Vec<&str> = rest
        .lines()
        .map(|line| line.rsplit('\t').next().expect("path"))
        .collect();
    site.write("public/.salve-manifest", paths.join("\n") + "\n");
    let (written, _, kept) = counts(&site);
    assert_eq!((written, kept), (0, 0));
    assert_same_as_clean_build(&site);
}

#[test]
fn the_search_index_is_kept_while_the_pages_it_indexes_are() {
    let site = site();
    site.build(&[]);
    let index = site.path("public/pagefind");
    let before = crate::common::snapshot(&index);
    assert!(!before.is_empty(), "search is on by default");
    // A new static file: the build runs, but no post page changes.
    site.write("static/notes.txt", "Opening hours change in May.");
    let (written, unchanged, kept) = counts(&site);
    assert_eq!(written, 1);
    assert_eq!(
        unchanged - kept,
        2,
        "all but the sitemap and robots.txt (which have no key) are kept without rendering"
    );
    assert!(
        crate::common::snapshot(&index) == before,
        "the index is neither rebuilt nor rewritten"
    );
    edit_sleep_body(&site);
    assert_same_as_clean_build(&site);
    assert!(
        crate::common::snapshot(&index) != before,
        "an edited post is indexed again"
    );
}
