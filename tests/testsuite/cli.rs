//! The command line as users meet it: help texts pinned, `init` and `new` end to end.

use crate::common::TestSite;

#[test]
fn help_texts_are_pinned() {
    let site = TestSite::new(&[]);
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["init", "--help"],
        &["import", "--help"],
        &["serve", "--help"],
        &["new", "--help"],
    ] {
        let run = site.salve(args).success();
        insta::assert_snapshot!(
            format!("help_{}", args.join("_").replace("--", "")),
            run.stdout()
        );
    }
}

#[test]
fn version_is_printed() {
    let run = TestSite::new(&[]).salve(&["--version"]).success();
    assert_eq!(
        run.stdout().trim(),
        format!("salve {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn init_creates_a_site_that_builds_and_prints_the_next_commands() {
    let site = TestSite::new(&[]);
    let run = site.salve(&["init", "my-clinic"]).success();
    let stdout = run.stdout();
    for next in [
        "cd my-clinic",
        "salve serve",
        "salve new",
        "salve check",
        "salve build",
    ] {
        assert!(stdout.contains(next), "`{next}` in {stdout}");
    }
    assert!(
        site.read("my-clinic/salve.yaml").contains("# people:"),
        "the scaffolded salve.yaml shows how to name reviewers"
    );
    assert!(site.path("my-clinic/salve.yaml").is_file());
    let built = site.salve(&["build", "--root", "my-clinic"]).success();
    assert!(
        built.stdout().starts_with("Built 1 post, "),
        "{}",
        built.stdout()
    );
    let page = crate::common::Page(scraper::Html::parse_document(
        &site.read("my-clinic/public/posts/welcome/index.html"),
    ));
    assert_eq!(page.text("h1"), "Welcome to our blog");
}

#[test]
fn init_never_overwrites() {
    let site = TestSite::new(&[("my-clinic/salve.yaml", "title: Mine\n")]);
    let run = site.salve(&["init", "my-clinic"]).failure(1);
    assert!(
        run.stderr().contains("already has a salve.yaml"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.read("my-clinic/salve.yaml"), "title: Mine\n");
}

/// Regression: `salve new` outside a site silently made `./posts/title.md`, and with
/// `--root /nonexistent` made that folder.
#[test]
fn new_refuses_a_folder_that_is_no_site() {
    let site = TestSite::new(&[]);
    let run = site.salve(&["new", "Knee pain"]).failure(1);
    assert!(
        run.stderr().contains("is not a salve site") && run.stderr().contains("salve init"),
        "{}",
        run.stderr()
    );
    assert!(!site.path("posts").exists());
    site.salve(&["new", "Knee pain", "--root", "no/such/site"])
        .failure(1);
    assert!(!site.path("no").exists());
}

#[test]
fn new_writes_a_draft_that_builds_only_with_drafts() {
    let site = TestSite::new(&[("posts/.keep", "")]);
    let run = site.salve(&["new", "Knee pain: 5 questions"]).success();
    assert!(
        run.stdout().contains("knee-pain-5-questions.md"),
        "{}",
        run.stdout()
    );
    let text = site.read("posts/knee-pain-5-questions.md");
    assert!(text.contains("title: \"Knee pain: 5 questions\""), "{text}");
    assert!(text.contains("draft: true"));
    site.build(&[]);
    assert!(!site.path("public/posts/knee-pain-5-questions").exists());
    site.build(&["--drafts"]);
    assert!(
        site.path("public/posts/knee-pain-5-questions/index.html")
            .is_file()
    );
    let again = site.salve(&["new", "Knee pain: 5 questions"]).failure(1);
    assert!(
        again.stderr().contains("already exists"),
        "{}",
        again.stderr()
    );
}

/// The keys salve names when it meets an unknown one (`... (known keys: a, b, c)`).
fn known_keys(stderr: &str, file: &str) -> Vec<String> {
    let line = stderr
        .lines()
        .find(|line| line.contains(file))
        .unwrap_or_else(|| panic!("no error for {file} in:\n{stderr}"));
    let list = line
        .split("known keys: ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("no list of known keys in: {line}"));
    list.split(", ").map(str::to_owned).collect()
}

/// Guards the README against drift: every key salve.yaml, a post's and a page's front matter
/// accept, and every rule of `salve check`, is documented there.
#[test]
fn the_readme_documents_every_key_and_rule() {
    let readme = std::fs::read_to_string(crate::common::repo_root().join("README.md")).unwrap();
    let site = TestSite::new(&[
        ("salve.yaml", "unknown_setting: 1\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\nunknown_setting: 1\n---\n",
        ),
        ("pages/b.md", "---\ntitle: B\nunknown_setting: 1\n---\n"),
    ]);
    let config = site.salve(&["build"]).failure(1).stderr();
    site.write("salve.yaml", "title: T\n");
    let content = site.salve(&["build"]).failure(1).stderr();
    let mut keys = known_keys(&config, "salve.yaml");
    keys.extend(known_keys(&content, "posts/a.md"));
    keys.extend(known_keys(&content, "pages/b.md"));
    let rules = site.salve(&["check", "--list-rules"]).success().stdout();
    let rule_ids = rules
        .lines()
        .filter_map(|line| line.split_whitespace().next());
    let undocumented: Vec<String> = keys
        .iter()
        .map(String::as_str)
        .chain(rule_ids)
        .filter(|key| !readme.contains(&format!("`{key}`")))
        .map(str::to_owned)
        .collect();
    assert!(
        undocumented.is_empty(),
        "not in README.md: {undocumented:?}"
    );
}
