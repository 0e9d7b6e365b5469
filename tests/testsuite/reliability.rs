//! Regressions of the reliability issue: each test names the class of hostile or careless input
//! it guards against (writing outside the output folder, half-written output, errors without a
//! place, links wrongly refused, unsafe values reaching the page).

use crate::common::images::{jpeg, png};
use crate::common::{TestSite, assert_reports};

const GOOD: &str = "---\ntitle: Good\ndate: 2025-01-01\n---\nFine.\n";

/// Item 1: `nope/..` (a `..` after a folder that does not exist) resolved to a folder of its
/// own, so salve wrote into the site's root or its parent and replaced files it had not made.
#[test]
fn output_through_a_missing_folder_and_dot_dot_is_refused() {
    let site = TestSite::new(&[("posts/good.md", GOOD), ("index.html", "mine")]);
    for output in ["nope/..", "nope/../..", "a/b/../../"] {
        let stderr = site
            .salve(&["build", "--output", output])
            .failure(1)
            .stderr();
        assert_reports(&stderr, "refusing to write the site into");
    }
    site.write("salve.yaml", "output_dir: nope/..\n");
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "refusing to write the site into",
    );
    assert_eq!(site.read("index.html"), "mine");
    assert!(!site.path(".salve-manifest").exists());
    assert!(!site.path("../.salve-manifest").exists());
}

/// Item 1, the home folder: `~/x/..` is the home folder.
#[test]
fn output_that_resolves_to_the_home_folder_is_refused() {
    let home = tempfile::tempdir().expect("a temporary home");
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    let output = home.path().join("x/..");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_salve"))
        .args(["build", "--output"])
        .arg(&output)
        .current_dir(site.root())
        .env("HOME", home.path())
        .output()
        .expect("run salve");
    assert_eq!(run.status.code(), Some(1));
    assert_reports(
        &String::from_utf8_lossy(&run.stderr),
        "it is your home folder",
    );
    assert_eq!(std::fs::read_dir(home.path()).expect("listed").count(), 0);
}

/// Item 3: `theme: ../../outside` loaded templates and copied files from outside the site.
#[test]
fn a_theme_name_that_is_a_path_is_refused_with_its_place() {
    for theme in ["../../outside", "a/b", ".hidden", "..\\\\x"] {
        let site = TestSite::new(&[
            ("posts/good.md", GOOD),
            ("salve.yaml", &format!("title: T\ntheme: \"{theme}\"\n")),
        ]);
        let stderr = site.salve(&["build"]).failure(1).stderr();
        assert_reports(&stderr, "salve.yaml:2:1: theme");
        assert_reports(&stderr, "not a path");
    }
}

/// Item 5: a build killed while its files took their places left new files that the manifest
/// did not list, and every later build refused the folder as holding foreign files.
#[test]
fn a_build_killed_among_its_renames_is_completed_by_the_next() {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    site.build(&[]);
    // What the killed build had put in place: a new page, named in its journal only.
    let newer = TestSite::new(&[
        ("posts/good.md", GOOD),
        (
            "posts/new.md",
            "---\ntitle: New\ndate: 2025-02-01\n---\nNew.\n",
        ),
    ]);
    newer.build(&[]);
    std::fs::create_dir_all(site.path("public/posts/new")).expect("folder");
    std::fs::copy(
        newer.path("public/posts/new/index.html"),
        site.path("public/posts/new/index.html"),
    )
    .expect("copied");
    std::fs::copy(
        newer.path("public/.salve-manifest"),
        site.path("public/.salve-journal"),
    )
    .expect("journal");
    // The next build (of the old site) takes the journal's files as its own.
    let run = site.build(&[]);
    assert!(run.stdout().contains("Built 1 post"), "{}", run.stdout());
    assert!(
        !site.path("public/posts/new/index.html").exists(),
        "removed as stale"
    );
    assert!(!site.path("public/.salve-journal").exists());
    // A file the journal does not name is still refused.
    site.write("public/mine.txt", "mine");
    site.salve(&["build"]).failure(1);
}

/// Item 6: a killed clean build left `.public.salve-tmp` (tens of megabytes) forever.
#[test]
fn a_killed_clean_builds_hidden_folder_is_cleaned_by_the_next() {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    site.write(".public.salve-tmp/index.html", "half");
    site.write(".public.salve-tmp/posts/good/index.html", "half");
    site.build(&[]);
    assert!(!site.path(".public.salve-tmp").exists());
    assert!(site.read("public/index.html").contains("Good"));
}

/// Item 7: two builds into one folder at once both failed and left a mix. The second now
/// refuses while the first's process lives, and a lock left by a dead process is taken over.
#[test]
fn a_build_refuses_a_folder_another_live_build_holds() {
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    site.build(&[]);
    let before = crate::common::snapshot(&site.path("public"));
    // This test's own process stands for the other build: it is alive.
    site.write(".public.salve-lock", std::process::id().to_string());
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "another salve build (process");
    assert!(crate::common::snapshot(&site.path("public")) == before);
    // A process id that cannot be running: the lock is stale and taken over.
    site.write(".public.salve-lock", "4294967295");
    site.build(&[]);
    assert!(
        !site.path(".public.salve-lock").exists(),
        "released after the build"
    );
}

/// Item 10: permalinks and aliases that leave the folder or hold control characters were
/// accepted and failed at write time with no place; a BOM or non-UTF-8 text in salve.yaml
/// gave a YAML message or no place at all.
#[test]
fn unusable_paths_and_config_encodings_are_located() {
    let site = TestSite::new(&[
        ("posts/good.md", GOOD),
        ("salve.yaml", "title: T\npermalink: /posts/../{slug}/\n"),
    ]);
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "salve.yaml:2:12: permalink `/posts/../{slug}/` must be a plain path",
    );
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\naliases: [\"/old\\\\name\"]\n---\nA.\n",
    )]);
    assert_reports(&site.salve(&["build"]).failure(1).stderr(), "posts/a.md:4:");
    let site = TestSite::new(&[("posts/good.md", GOOD)]);
    site.write("salve.yaml", "\u{feff}title: \"With a BOM\"\n");
    site.build(&[]);
    assert!(site.read("public/index.html").contains("With a BOM"));
    site.write("salve.yaml", b"title: T\ndescription: caf\xe9\n".as_slice());
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "salve.yaml:2:17: this file is not UTF-8 text",
    );
}

/// Item 12: an e-mail autolink was taken for a missing file and failed the build.
#[test]
fn an_email_autolink_is_a_mailto_link() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nWrite to <desk@clinic.example>.\n",
    )]);
    site.build(&[]);
    let page = site.page("posts/a/index.html");
    assert_eq!(
        page.attr("article a[href^='mailto:']", "href"),
        "mailto:desk@clinic.example"
    );
}

/// Item 13 (and "did you mean" for ids): a link to an id set in raw HTML was refused.
#[test]
fn ids_from_raw_html_count_and_a_near_miss_gets_a_hint() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\n<a id=\"poison\"></a>\n\nSee [it](#poison) and <span id='dose'>here</span> [dose](#dose).\n\n## What you will find here\n",
    )]);
    site.build(&[]);
    site.write(
        "posts/b.md",
        "---\ntitle: B\ndate: 2025-01-02\n---\nSee [a](a.md#what-you-find-here).\n",
    );
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "did you mean `#what-you-will-find-here`?",
    );
}

/// Item 14: `booking_url` took `javascript:` and `data:` links onto every page.
#[test]
fn booking_url_must_be_a_web_address() {
    for url in ["javascript:alert(1)", "data:text/html,x", "/book"] {
        let site = TestSite::new(&[
            ("posts/good.md", GOOD),
            (
                "salve.yaml",
                &format!("title: T\nclinic:\n  name: C\n  booking_url: \"{url}\"\n"),
            ),
        ]);
        let stderr = site.salve(&["build"]).failure(1).stderr();
        assert_reports(&stderr, "salve.yaml:4:");
        assert_reports(&stderr, "is not an absolute https:// URL");
    }
}

/// Item 15: a person id of punctuation only gave `people/index.html` and `/people//`.
#[test]
fn a_person_id_without_letters_is_refused_with_its_place() {
    let site = TestSite::new(&[
        ("posts/good.md", GOOD),
        ("salve.yaml", "title: T\npeople:\n  \"--\":\n    name: Jo\n"),
    ]);
    assert_reports(
        &site.salve(&["build"]).failure(1).stderr(),
        "salve.yaml:3:3: the person id `--` has no letter or digit",
    );
}

/// Item 8 (and 10): errors came one stage at a time (a bad date hid an alias that collides
/// with a page and a template error), and a page written twice was reported at "a generated
/// page:1:1" with no file.
#[test]
fn errors_of_every_stage_are_reported_in_one_run() {
    let site = TestSite::new(&[
        ("posts/good.md", GOOD),
        (
            "posts/bad-date.md",
            "---\ntitle: Bad\ndate: 2025-02-30\n---\nX.\n",
        ),
        (
            "posts/alias.md",
            "---\ntitle: Alias\ndate: 2025-01-03\naliases: [/tags/]\n---\nX.\n",
        ),
        ("templates/post.html", "{{ post.title | no_such_filter }}"),
    ]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "posts/bad-date.md:3:7:");
    assert_reports(
        &stderr,
        "posts/alias.md:4:1: `tags/index.html` would be written twice in the output, by the list of tags and by the alias `/tags/` of `posts/alias.md`",
    );
    assert_reports(&stderr, "templates/post.html:1:");
    assert_reports(&stderr, "3 errors found");
    assert!(!site.path("public").exists());
    // A file where a page needs a folder.
    let clash = TestSite::new(&[
        ("posts/good.md", GOOD),
        ("static/posts", "a file named like the posts folder"),
    ]);
    assert_reports(
        &clash.salve(&["build"]).failure(1).stderr(),
        "posts/good.md:1:1: `posts` would be a file, written by the file `./static/posts`, but the post `posts/good.md` needs a folder",
    );
    // A template that compiles but fails on a page is found despite the content errors.
    site.write("templates/post.html", "{{ post.no_such_value.deeper }}");
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "posts/bad-date.md:3:7:");
    assert_reports(&stderr, "templates/post.html:1:");
    assert!(!site.path("public").exists());
}

/// Item 2: a file beside a post that is a symlink to a file outside the posts folder (or a
/// front-matter image that is one) was copied into the output.
#[cfg(unix)]
#[test]
fn linked_files_that_are_symlinks_out_of_the_posts_folder_are_refused() {
    let outside = tempfile::tempdir().expect("a folder outside the site");
    std::fs::write(outside.path().join("secret.txt"), "secret").expect("written");
    let site = TestSite::new(&[(
        "posts/a/index.md",
        "---\ntitle: A\ndate: 2025-01-01\nimage: photo.jpg\nimage_alt: A photo\n---\n[notes](notes.txt)\n",
    )]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path("posts/a/notes.txt"),
    )
    .expect("linked");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path("posts/a/photo.jpg"),
    )
    .expect("linked");
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(
        &stderr,
        "posts/a/index.md:7:1: `notes.txt` is a link to a file outside the posts folder",
    );
    assert_reports(
        &stderr,
        "posts/a/index.md:4:1: `photo.jpg` is a link to a file outside the posts folder",
    );
    assert!(!site.path("public").exists());
    // A symlink that stays inside the posts folder is fine.
    site.write("posts/a/real.txt", "notes");
    std::fs::remove_file(site.path("posts/a/notes.txt")).expect("removed");
    std::fs::remove_file(site.path("posts/a/photo.jpg")).expect("removed");
    std::os::unix::fs::symlink("real.txt", site.path("posts/a/notes.txt")).expect("linked");
    site.write("posts/a/photo.jpg", jpeg(40, 30, None));
    site.build(&[]);
    assert_eq!(site.read("public/posts/a/notes.txt"), "notes");
}

/// Item 4: two different files landing on one output name were silently merged (the first
/// won).
#[test]
fn two_files_copied_to_one_name_are_an_error_naming_both() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: T\npermalink: /{slug}.html\n"),
        (
            "posts/a/index.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\n![Chart A](chart.png)\n",
        ),
        (
            "posts/b/index.md",
            "---\ntitle: B\ndate: 2025-01-02\n---\n![Chart B](chart.png)\n",
        ),
    ]);
    site.write("posts/a/chart.png", png(40, 30));
    site.write("posts/b/chart.png", png(50, 30));
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "would both be published as `chart.png`");
    assert_reports(&stderr, "posts/a/chart.png");
    assert_reports(&stderr, "posts/b/chart.png");
}

/// Item 9: only the first front-matter error of a file was reported (serde stops at the
/// first).
#[test]
fn every_front_matter_error_of_a_file_is_reported() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-02-30\ntag: [pain]\nfeatured: \"yes\"\nsearch: true\n---\nA.\n",
    )]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    assert_reports(&stderr, "posts/a.md:3:7:");
    assert_reports(&stderr, "posts/a.md:4:1: unknown key `tag`");
    assert_reports(&stderr, "posts/a.md:5:1: featured");
    assert_reports(&stderr, "3 errors found");
}
