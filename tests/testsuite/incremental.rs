//! Incremental rebuilds, as `salve serve` does them: after every kind of edit, a build that
//! reuses the memo of the previous builds must give exactly the files of a clean build, and an
//! edit to one post's body must redo only that post and the pages that show it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::TestSite;
use salve::build::{RenderedSite, load_config, render_pages};
use salve::content::Selection;
use salve::files::{Contents, FileSource};
use salve::memo::{Memo, Work};

/// A fixed "now", so that both builds of a step publish the same posts.
fn selection() -> Selection {
    Selection {
        drafts: false,
        future: false,
        now: "2026-11-24T12:00:00Z".parse().expect("timestamp"),
    }
}

fn render(root: &Path, memo: &mut Memo) -> Result<RenderedSite, String> {
    let config = load_config(root, None).map_err(|e| format!("{e:#}"))?;
    render_pages(root, config, selection(), memo).map_err(|e| format!("{e:#}"))
}

/// Every output file with its bytes.
fn files(site: &RenderedSite) -> BTreeMap<String, Vec<u8>> {
    site.outputs
        .iter()
        .map(|output| {
            let bytes = match &output.contents {
                Contents::Bytes(bytes) => bytes.to_vec(),
                Contents::File(FileSource::Embedded(bytes)) => bytes.to_vec(),
                Contents::File(FileSource::Disk(path)) => std::fs::read(path).expect("read"),
            };
            (output.path.clone(), bytes)
        })
        .collect()
}

/// Rebuilds with the memo after `changed` files were edited, the way serve does, and checks
/// the result against a clean build. Returns what the incremental build did.
fn rebuild_matches_clean_build(site: &TestSite, memo: &mut Memo, changed: &[&str]) -> Work {
    let changed: Vec<PathBuf> = changed.iter().map(|path| site.path(path)).collect();
    memo.forget_files(&changed, &site.path("posts"), &site.path("pages"));
    let incremental = render(site.root(), memo);
    let clean = render(site.root(), &mut Memo::disabled());
    match (incremental, clean) {
        (Ok(incremental), Ok(clean)) => {
            let (incremental, clean) = (files(&incremental), files(&clean));
            assert_eq!(
                incremental.keys().collect::<Vec<_>>(),
                clean.keys().collect::<Vec<_>>(),
                "the same files after editing {changed:?}"
            );
            for (path, bytes) in &clean {
                assert!(
                    incremental[path] == *bytes,
                    "`{path}` differs from a clean build after editing {changed:?}"
                );
            }
        }
        (Err(incremental), Err(clean)) => assert_eq!(incremental, clean),
        (incremental, clean) => panic!(
            "after editing {changed:?} one build failed and the other did not:\nincremental: {:?}\nclean: {:?}",
            incremental.err(),
            clean.err()
        ),
    }
    memo.work()
}

fn edit(site: &TestSite, path: &str, from: &str, to: &str) {
    let text = site.read(path);
    assert!(text.contains(from), "`{from}` in {path}");
    site.write(path, text.replacen(from, to, 1));
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_same_files_as_a_clean_build() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    render(site.root(), &mut memo).expect("first build");

    let body = "posts/treatments/nerve-blocks.md";
    site.write(
        body,
        site.read(body) + "\nOne more sentence about nerve blocks.\n",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[body]);

    // A title shows on the pages next to the post and in lists (an older post's), and in the
    // sidebar of every page (the newest post's).
    let older = "posts/conditions/fibromyalgia.md";
    edit(
        &site,
        older,
        "understanding widespread pain",
        "widespread pain",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[older]);
    let newest = "posts/2025-10-07-sleep-and-chronic-pain.md";
    edit(
        &site,
        newest,
        "breaking the cycle",
        "how to break the cycle",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[newest]);

    edit(
        &site,
        body,
        "tags: [Nerve blocks, Treatments, Injections]",
        "tags: [Nerve blocks, Brand new tag]",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[body]);

    edit(&site, body, "date: 2025-05-14", "date: 2026-11-01");
    rebuild_matches_clean_build(&site, &mut memo, &[body]);

    let new_post = "posts/new-post.md";
    site.write(
        new_post,
        "---\ntitle: A new post\ndate: 2026-01-05\ntags: [Sleep]\n---\nLinks to [nerve blocks](treatments/nerve-blocks.md).\n",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[new_post]);

    edit(
        &site,
        new_post,
        "](treatments/nerve-blocks.md)",
        "](not-yet.md)",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[new_post]);
    let later = "posts/not-yet.md";
    site.write(
        later,
        "---\ntitle: Not yet\ndate: 2026-01-06\n---\nNow it exists.\n",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[later]);

    std::fs::remove_file(site.path(later)).expect("remove");
    rebuild_matches_clean_build(&site, &mut memo, &[later]);
    edit(
        &site,
        new_post,
        "](not-yet.md)",
        "](treatments/nerve-blocks.md)",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[new_post]);

    let broken = site.read(newest);
    site.write(newest, broken.replacen("title:", "title: [unclosed", 1));
    rebuild_matches_clean_build(&site, &mut memo, &[newest]);
    site.write(newest, broken);
    rebuild_matches_clean_build(&site, &mut memo, &[newest]);

    let sidebar = "themes/clinic/templates/partials/sidebar.html";
    edit(
        &site,
        sidebar,
        "{{ t(key=\"recent_posts\") }}</h2>",
        "Latest posts</h2>",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[sidebar]);

    edit(
        &site,
        "salve.yaml",
        "Riverbend Pain Clinic Blog",
        "Riverbend Blog",
    );
    rebuild_matches_clean_build(&site, &mut memo, &["salve.yaml"]);

    edit(&site, "salve.yaml", "recent_posts: 5", "recent_posts: 3");
    rebuild_matches_clean_build(&site, &mut memo, &["salve.yaml"]);
}

/// The pages and feeds that show a post: its page, the pages of the posts next to it (their
/// "newer" and "older" links), the home page that lists it, its tags' pages, its people's
/// pages, and the feeds that carry it (the site's Atom and RSS, and each tag's Atom).
fn pages_showing(site: &RenderedSite, index: usize) -> usize {
    let post = &site.site().posts[index];
    // The posts next to it (newer and older) and the posts it is related to show its title.
    let posts_showing = (0..site.site().posts.len())
        .filter(|&other| {
            other != index
                && (other.abs_diff(index) == 1 || site.site().related[other].contains(&index))
        })
        .count();
    let mut people: Vec<&String> = post
        .post
        .front
        .author
        .0
        .iter()
        .chain(&post.post.front.reviewed_by.0)
        .collect();
    people.dedup();
    // The post, the posts showing it, the home page, its tags' pages, its people's pages, the
    // two feeds, its tags' feeds and the archive.
    1 + posts_showing + 1 + post.tags.len() + people.len() + 2 + post.tags.len() + 1
}

#[test]
fn a_body_edit_renders_only_the_post_and_the_pages_that_show_it() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    let first = render(site.root(), &mut memo).expect("first build");
    let position = |path: &str| {
        first
            .site()
            .posts
            .iter()
            .position(|post| post.post.source.display_path == Path::new(path))
            .expect("published post")
    };

    let body = "posts/treatments/nerve-blocks.md";
    site.write(body, site.read(body) + "\nOne more sentence.\n");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[body]);
    assert_eq!(work.posts_read, 1, "{work:?}");
    assert_eq!(work.bodies_rendered, 1, "{work:?}");
    assert_eq!(
        work.pages_rendered,
        pages_showing(&first, position(body)),
        "{work:?}"
    );

    let work = rebuild_matches_clean_build(&site, &mut memo, &[]);
    assert_eq!(
        (work.posts_read, work.bodies_rendered, work.pages_rendered),
        (0, 0, 0),
        "nothing changed, nothing redone: {work:?}"
    );

    // The newest post is in the "Recent posts" list of every page; its body is not.
    let newest = first.site().posts[0]
        .post
        .source
        .display_path
        .to_string_lossy()
        .into_owned();
    site.write(&newest, site.read(&newest) + "\nA closing line.\n");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[&newest]);
    assert_eq!(
        work.pages_rendered,
        pages_showing(&first, 0),
        "the sidebar lists do not hold bodies: {work:?}"
    );
}

#[test]
fn a_template_edit_renders_every_page_without_reading_markdown_again() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    render(site.root(), &mut memo).expect("first build");

    let template = "themes/clinic/templates/post.html";
    site.write(template, site.read(template) + "\n");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[template]);
    assert_eq!((work.posts_read, work.bodies_rendered), (0, 0), "{work:?}");
    assert_eq!(work.pages_rendered, work.pages, "{work:?}");
}

#[test]
fn a_save_within_the_same_clock_tick_is_still_seen() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    render(site.root(), &mut memo).expect("first build");
    let body = "posts/opioid-safety.md";
    let path = site.path(body);
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    // Same length and modification time: only the watcher's report tells the change apart.
    let text = site.read(body);
    let changed = text.replacen("opioid", "OPIOID", 1);
    assert_eq!(changed.len(), text.len());
    site.write(body, changed);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(modified))
        .expect("restore mtime");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[body]);
    assert_eq!(work.posts_read, 1, "{work:?}");
}

#[test]
fn an_editors_swap_file_beside_the_posts_redoes_nothing() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    render(site.root(), &mut memo).expect("first build");
    let swap = "posts/treatments/.nerve-blocks.md.swp";
    site.write(swap, "swap");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[swap]);
    assert_eq!(
        (work.posts_read, work.bodies_rendered, work.pages_rendered),
        (0, 0, 0),
        "{work:?}"
    );
}

#[test]
fn an_image_a_post_links_to_appearing_fixes_its_body() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let post = "posts/opioid-safety.md";
    site.write(post, site.read(post) + "\n![A chart](chart.png)\n");
    let mut memo = Memo::new();
    assert!(
        render(site.root(), &mut memo).is_err(),
        "the image is missing"
    );
    site.write("posts/chart.png", "png");
    rebuild_matches_clean_build(&site, &mut memo, &["posts/chart.png"]);
    std::fs::remove_file(site.path("posts/chart.png")).expect("remove");
    rebuild_matches_clean_build(&site, &mut memo, &["posts/chart.png"]);
}

/// Guards `salve serve` with pages: a page's body edit reads and renders that page alone; a
/// new title renders every page (it is in the menu); a new page file is found; and every
/// rebuild matches a clean build.
#[test]
fn a_page_edit_renders_the_page_and_a_menu_change_every_page() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    render(site.root(), &mut memo).expect("first build");

    let about = "pages/about.md";
    site.write(about, site.read(about) + "\nOne more sentence.\n");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[about]);
    assert_eq!(
        (work.posts_read, work.bodies_rendered, work.pages_rendered),
        (1, 1, 1),
        "{work:?}"
    );

    site.write(
        about,
        site.read(about).replace("About us", "About the clinic"),
    );
    let work = rebuild_matches_clean_build(&site, &mut memo, &[about]);
    // Every page in English shows the menu; the Spanish pages' menu has no About page.
    let spanish = files(&render(site.root(), &mut Memo::disabled()).expect("a clean build"))
        .keys()
        .filter(|path| path.starts_with("es/"))
        .count();
    assert_eq!(work.pages_rendered, work.pages - spanish, "{work:?}");

    let new_page = "pages/visiting.md";
    site.write(new_page, "---\ntitle: Visiting\n---\nParking is free.\n");
    let work = rebuild_matches_clean_build(&site, &mut memo, &[new_page]);
    assert_eq!(work.posts_read, 1, "{work:?}");
}

/// Guards translations in `salve serve`: a new translation, a translation's new slug and a
/// removed translation each rebuild to what a clean build makes (the original's page gains
/// and loses its alternates, the switcher follows); a Spanish string edit reaches the
/// Spanish pages.
#[test]
fn adding_and_removing_a_translation_rebuilds_to_a_clean_build() {
    let site = TestSite::copy_of(&crate::common::repo_root());
    let mut memo = Memo::new();
    render(site.root(), &mut memo).expect("first build");

    let translation = "posts/opioid-safety.es.md";
    site.write(
        translation,
        "---\ntitle: \"Opioides con seguridad\"\ndate: 2025-06-01\ntags: [Seguridad]\n---\nGuarde sus medicinas bajo llave.\n",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[translation]);
    let built = render(site.root(), &mut memo).expect("a build");
    let english = files(&built)["posts/opioid-safety/index.html"].clone();
    assert!(
        String::from_utf8_lossy(&english).contains("hreflang=\"es\""),
        "the original links its new translation"
    );

    edit(
        &site,
        translation,
        "date: 2025-06-01",
        "slug: opioides\ndate: 2025-06-01",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[translation]);

    let strings = "i18n/es.yaml";
    site.write(
        strings,
        site.read(strings) + "recent_posts: \"Lo más nuevo\"\n",
    );
    rebuild_matches_clean_build(&site, &mut memo, &[strings]);

    std::fs::remove_file(site.path(translation)).expect("removed");
    rebuild_matches_clean_build(&site, &mut memo, &[translation]);
}
