//! Issue 22: videos as click-to-load facades with posters fetched at build time (from a server
//! on 127.0.0.1 here), and FAQ sections with their structured data.

use std::process::Command;

use crate::common::http::StaticServer;
use crate::common::{Run, TestSite, assert_reports, repo_root};

const YOUTUBE: &str = "dQw4w9WgXcQ";
const VIMEO: &str = "76979871";

/// A small JPEG, different for each `marker`: what the poster server hands out.
fn jpeg(marker: u8) -> Vec<u8> {
    crate::common::images::jpeg(8 + u32::from(marker), 8, None)
}

/// A site with a post that shows a YouTube and a Vimeo video, whose posters come from
/// `poster_base` (`http://127.0.0.1:PORT/`).
fn video_site(poster_base: &str) -> TestSite {
    let config = format!(
        "title: T\nvideos:\n  youtube_poster: \"{poster_base}yt/{{id}}.jpg\"\n  vimeo_oembed: \"{poster_base}vimeo/{{id}}.json\"\n"
    );
    TestSite::new(&[
        ("salve.yaml", &config),
        (
            "posts/stretches.md",
            &format!(
                "---\ntitle: Stretches\ndate: 2025-01-01\n---\nWatch:\n\n[Knee stretches](https://www.youtube.com/watch?v={YOUTUBE})\n\nhttps://vimeo.com/{VIMEO}\n"
            ),
        ),
    ])
}

/// A port of 127.0.0.1 that was free a moment ago: nothing answers there.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port of 127.0.0.1")
        .port()
}

/// Runs `salve build` with its own cache folder.
fn build_with_cache(site: &TestSite, cache: &std::path::Path) -> Run {
    Run(Command::new(env!("CARGO_BIN_EXE_salve"))
        .arg("build")
        .current_dir(site.root())
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("run salve"))
}

/// Guards the posters: fetched once from the configured addresses (Vimeo's through its
/// oEmbed description), stored with the site at the address the facade shows, kept in the
/// cache so that a build without the network still has them.
#[test]
fn posters_are_fetched_once_and_kept() {
    let hosts = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(hosts.path().join("yt")).unwrap();
    std::fs::create_dir_all(hosts.path().join("vimeo")).unwrap();
    std::fs::write(hosts.path().join(format!("yt/{YOUTUBE}.jpg")), jpeg(1)).unwrap();
    std::fs::write(hosts.path().join(format!("vimeo/{VIMEO}.jpg")), jpeg(2)).unwrap();
    let server = StaticServer::start(hosts.path(), "/");
    let base = format!("http://127.0.0.1:{}/", server.port);
    std::fs::write(
        hosts.path().join(format!("vimeo/{VIMEO}.json")),
        format!("{{\"type\":\"video\",\"thumbnail_url\":\"{base}vimeo/{VIMEO}.jpg\"}}"),
    )
    .unwrap();
    let site = video_site(&base);
    let cache = tempfile::tempdir().unwrap();
    let run = build_with_cache(&site, cache.path()).success();
    assert!(!run.stderr().contains("note:"), "{}", run.stderr());
    let youtube_poster = format!("public/video-posters/youtube-{YOUTUBE}.jpg");
    assert_eq!(std::fs::read(site.path(&youtube_poster)).unwrap(), jpeg(1));
    assert_eq!(
        std::fs::read(site.path(&format!("public/video-posters/vimeo-{VIMEO}.jpg"))).unwrap(),
        jpeg(2)
    );
    let page = site.page("posts/stretches/index.html");
    assert_eq!(
        page.attrs("figure.video-embed img", "src"),
        [
            format!("/video-posters/youtube-{YOUTUBE}.jpg"),
            format!("/video-posters/vimeo-{VIMEO}.jpg")
        ]
    );
    assert_eq!(
        page.attrs("figure.video-embed", "data-embed"),
        [
            format!("https://www.youtube-nocookie.com/embed/{YOUTUBE}?autoplay=1"),
            format!("https://player.vimeo.com/video/{VIMEO}?autoplay=1&dnt=1")
        ]
    );
    assert_eq!(
        page.texts("figure.video-embed figcaption"),
        ["Knee stretches (video on YouTube)", "Video on Vimeo"]
    );
    assert_eq!(page.count("script[src$='video.js']"), 1);
    assert_eq!(page.count("iframe"), 0);

    drop(server);
    std::fs::remove_dir_all(site.path("public")).unwrap();
    site.write(
        "posts/stretches.md",
        site.read("posts/stretches.md") + "\nMore.\n",
    );
    let run = build_with_cache(&site, cache.path()).success();
    assert!(
        !run.stderr().contains("note:"),
        "the cache answers: {}",
        run.stderr()
    );
    assert_eq!(std::fs::read(site.path(&youtube_poster)).unwrap(), jpeg(1));
}

/// Guards the offline case: a poster that cannot be fetched is the neutral one, the build
/// succeeds and says so once, quickly; `salve check` fetches nothing and finds no broken link.
#[test]
fn an_unreachable_poster_is_replaced_and_the_build_says_so() {
    let site = video_site(&format!("http://127.0.0.1:{}/", closed_port()));
    let cache = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run = build_with_cache(&site, cache.path()).success();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let stderr = run.stderr();
    assert_eq!(stderr.matches("note:").count(), 1, "{stderr}");
    assert_reports(
        &stderr,
        "note: the poster of 2 videos could not be fetched, so a neutral poster is shown",
    );
    let poster =
        std::fs::read(site.path(&format!("public/video-posters/youtube-{YOUTUBE}.jpg"))).unwrap();
    assert!(
        poster.starts_with(&[0xFF, 0xD8, 0xFF]),
        "a JPEG all the same"
    );
    let check = site
        .salve(&["check", "--rule", "links", "--rule", "privacy"])
        .success();
    assert!(check.stdout().contains("0 errors"), "{}", check.stdout());
}

/// Guards the site's own poster: a file at the poster's address in `static/` is used, and
/// nothing is fetched for that video.
#[test]
fn a_poster_of_the_sites_own_wins() {
    let site = video_site(&format!("http://127.0.0.1:{}/", closed_port()));
    site.write(
        &format!("static/video-posters/youtube-{YOUTUBE}.jpg"),
        jpeg(7),
    );
    site.write(&format!("static/video-posters/vimeo-{VIMEO}.jpg"), jpeg(8));
    let cache = tempfile::tempdir().unwrap();
    let run = build_with_cache(&site, cache.path()).success();
    assert!(!run.stderr().contains("note:"), "{}", run.stderr());
    assert_eq!(
        std::fs::read(site.path(&format!("public/video-posters/youtube-{YOUTUBE}.jpg"))).unwrap(),
        jpeg(7)
    );
}

/// Guards the demo's FAQ: its questions are `<details>` whose summaries hold the questions,
/// and the page's `FAQPage` JSON-LD parses and names the same questions in the same order,
/// with each answer's visible text.
#[test]
fn the_faq_json_ld_matches_the_visible_questions() {
    let site = TestSite::copy_of(&repo_root());
    site.build(&[]);
    let page = site.page("posts/your-first-visit/index.html");
    let visible = page.texts("details.faq-item summary h3");
    assert_eq!(visible.len(), 3, "{visible:?}");
    let answers = page.texts("details.faq-item .faq-answer");
    let json: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    let faq = json["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["@type"] == "FAQPage")
        .expect("a FAQPage node");
    let questions = faq["mainEntity"].as_array().unwrap();
    let named: Vec<&str> = questions
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(named, visible);
    for (question, answer) in questions.iter().zip(&answers) {
        let text = question["acceptedAnswer"]["text"].as_str().unwrap();
        let shown: String = answer.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(text, shown);
    }
}
