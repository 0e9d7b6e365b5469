//! Rendering tests: HTML pinned with insta snapshots, link rewriting and errors asserted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::config::Config;
use crate::content::parse_post;
use image::ImageEncoder as _;

fn post(path: &str, body: &str) -> Post {
    let text = format!("---\ntitle: Test\ndate: 2024-01-01\n---\n{body}");
    parse_post(
        PathBuf::from(format!("posts/{path}")),
        path.to_owned(),
        text.into_bytes(),
        &Config::default(),
    )
    .unwrap()
}

fn render_with(path: &str, body: &str, posts_dir: &Path) -> (RenderedMarkdown, Vec<ContentError>) {
    let left_out = HashMap::from([(
        "posts/draft.md".to_owned(),
        "a draft (build with --drafts to include it)",
    )]);
    let targets = LinkTargets {
        posts: HashMap::from([
            ("posts/other.md", "/posts/other/"),
            ("posts/2020/old.md", "/posts/old/"),
        ]),
        left_out: &left_out,
        root: posts_dir.parent().unwrap_or(posts_dir),
        real_posts_dir: posts_dir.canonicalize().ok(),
        real_pages_dir: None,
        base_path: "/blog/",
        static_dir: posts_dir.join("static"),
        images: &Catalog::with_cache(crate::images::Settings::default(), posts_dir.join(".cache")),
        strings: &crate::i18n::built_in_only(&Config::default()).0[0],
    };
    let feed = FeedLinks::new("https://x.org/blog/posts/test/".to_owned());
    render_post(&post(path, body), &targets, Some(&feed))
}

fn render(body: &str) -> (RenderedMarkdown, Vec<ContentError>) {
    render_with("a.md", body, Path::new("/nonexistent"))
}

#[test]
fn headings_get_unique_ids_anchors_and_a_toc() {
    let (rendered, errors) =
        render("## Side effects\n\ntext\n\n### Common\n\n## Side effects\n\n## Custom {#mine}\n");
    assert!(errors.is_empty());
    insta::assert_snapshot!(rendered.html);
    let ids: Vec<_> = rendered.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["side-effects", "side-effects-1", "mine"]);
    assert_eq!(rendered.toc[0].children[0].id, "common");
}

#[test]
fn explicit_ids_are_never_reused_by_generated_ones() {
    let (rendered, _) = render("## Intro\n\n## Other {#intro}\n");
    assert!(
        rendered.html.contains("id=\"intro-1\""),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("id=\"intro\""));
}

#[test]
fn tables_footnotes_strikethrough_tasks_and_smart_quotes() {
    let body = "| Step | Time |\n|---|---:|\n| Check-in | 10 min |\n\nA claim[^src] and \"quotes\" -- ~~old~~.\n\n- [x] done\n- [ ] todo\n\n[^src]: A source.\n";
    let (rendered, errors) = render(body);
    assert!(errors.is_empty());
    insta::assert_snapshot!(rendered.html);
}

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let (rendered, _) = render("```json\n{\"dose\": 1}\n```\n\n```\nplain <code>\n```\n");
    assert!(
        rendered
            .html
            .contains("<pre class=\"highlight\"><code class=\"language-json\">"),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("plain &lt;code&gt;"));
    assert!(!rendered.html.contains("style="));
}

#[test]
fn links_to_posts_become_their_urls() {
    let (rendered, errors) = render("[a](other.md) [b](2020/old.md#part) [c](./other.md)");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(rendered.html.contains("href=\"/blog/posts/other/\""));
    assert!(rendered.html.contains("href=\"/blog/posts/old/#part\""));
    assert_eq!(rendered.fragment_links.len(), 1);
    assert_eq!(rendered.fragment_links[0].target, "posts/2020/old.md");
}

#[test]
fn links_from_nested_posts_resolve_relative_to_their_folder() {
    let (rendered, errors) = render_with(
        "2020/new.md",
        "[a](../other.md) [b](old.md)",
        Path::new("/nonexistent"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert!(rendered.html.contains("href=\"/blog/posts/other/\""));
    assert!(rendered.html.contains("href=\"/blog/posts/old/\""));
}

#[test]
fn broken_post_links_are_errors_at_their_line() {
    let (_, errors) = render("Intro\n\nSee [this](missing.md) and [that](draft.md).\n");
    assert_eq!(errors.len(), 2);
    assert_eq!((errors[0].line, errors[0].column), (7, 5));
    assert!(errors[0].message.contains("does not exist"));
    assert!(errors[1].message.contains("a draft"));
}

#[test]
fn site_absolute_links_get_the_base_path() {
    let (rendered, _) = render("[tags](/tags/)");
    assert!(rendered.html.contains("href=\"/blog/tags/\""));
}

#[test]
fn external_links_are_untouched() {
    let (rendered, errors) =
        render("[a](https://example.org/x.md) [m](mailto:a@b.c) [t](tel:+15550100)");
    assert!(errors.is_empty());
    assert!(rendered.html.contains("href=\"https://example.org/x.md\""));
}

#[test]
fn linked_files_beside_the_post_are_assets() {
    let dir = tempfile::tempdir().unwrap();
    let posts_dir = dir.path().join("posts");
    std::fs::create_dir(&posts_dir).unwrap();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[200; 40 * 30 * 3], 40, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    std::fs::write(posts_dir.join("chart.png"), png).unwrap();
    let (rendered, errors) = render_with(
        "a.md",
        "![A chart](chart.png)\n\n![gone](gone.png)\n",
        &posts_dir,
    );
    assert_eq!(
        rendered.assets,
        vec![Asset {
            source: posts_dir.join("chart.png"),
            output: "chart.png".to_owned(),
            shown: Some(Use::Content),
            from_static: false,
        }]
    );
    // From the site's root (here `/blog/`), so that a summary on a list page shows it too.
    let html = rendered.html.to_string();
    assert!(
        html.contains("srcset=\"/blog/posts/a/chart-40w.webp 40w\""),
        "{html}"
    );
    assert!(html.contains("<img src=\"/blog/posts/a/chart-40w.png\" alt=\"A chart\""));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("`gone.png`"));
}

#[test]
fn summary_prefers_the_more_marker_then_front_matter_then_first_paragraph() {
    let (rendered, _) = render("First.\n\nSecond.\n\n<!-- more -->\n\nThird.\n");
    assert_eq!(
        rendered.summary_html.as_str(),
        "<p>First.</p>\n<p>Second.</p>\n"
    );
    let (rendered, _) = render("# Heading\n\nFirst *para*.\n\nSecond.\n");
    assert_eq!(
        rendered.summary_html.as_str(),
        "<p>First <em>para</em>.</p>\n"
    );
}

#[test]
fn words_are_counted_without_code() {
    let (rendered, _) = render("## Two words\n\nThree more words.\n\n```\nnot counted here\n```\n");
    assert_eq!(rendered.word_count, 5);
}

#[test]
fn missing_fragments_are_reported() {
    let (rendered, _) = render("## Real\n\n[ok](#real) [bad](#fake)\n");
    let target = post("a.md", "");
    let ids = HashMap::from([("posts/a.md", &rendered.ids)]);
    let errors = check_fragments(&target, &rendered.fragment_links, &ids);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("`#fake`"));
}

#[test]
fn regression_summary_has_no_links_to_footnotes_or_anchors_of_its_post() {
    let (rendered, _) = render(
        "Intro with a note.[^n]\n\n## Part\n\nMore.\n\n<!-- more -->\n\nRest.\n\n[^n]: The note.\n",
    );
    assert_eq!(
        rendered.summary_html.as_str(),
        "<p>Intro with a note.</p>\n<p class=\"summary-heading\">Part</p>\n<p>More.</p>\n"
    );
    assert!(
        rendered.html.contains("href=\"#fn-n\""),
        "the post itself keeps its footnote link"
    );
}

#[test]
fn feed_version_has_absolute_links_and_no_anchors() {
    let dir = tempfile::tempdir().unwrap();
    let posts_dir = dir.path().join("posts");
    std::fs::create_dir(&posts_dir).unwrap();
    std::fs::write(posts_dir.join("chart.png"), b"png").unwrap();
    let (rendered, _) = render_with(
        "a.md",
        "## Part\n\n[o](other.md) [t](/tags/) [p](#part) ![c](chart.png) [e](https://e.org/)[^n]\n\n[^n]: Note.\n",
        &posts_dir,
    );
    let feed = rendered.feed_html.unwrap();
    for href in [
        "href=\"https://x.org/blog/posts/other/\"",
        "href=\"https://x.org/blog/tags/\"",
        "href=\"https://x.org/blog/posts/test/#part\"",
        "src=\"https://x.org/blog/posts/test/chart.png\"",
        "href=\"https://e.org/\"",
        "href=\"https://x.org/blog/posts/test/#fn-n\"",
        "href=\"https://x.org/blog/posts/test/#fnref-n\"",
    ] {
        assert!(feed.contains(href), "{href} missing in {feed}");
    }
    assert!(!feed.contains("class=\"anchor\""));
    assert!(
        rendered.html.contains("href=\"#fnref-n\""),
        "the page keeps relative links"
    );
}

#[test]
fn words_are_counted_as_split_whitespace_counts_them() {
    for text in [
        "",
        "   ",
        "one",
        " two  words ",
        "tabs\tand\nnew\r\nlines\x0bvertical",
        "no\u{a0}break and\u{2003}em\u{3000}space",
        "café ünïcode wörds",
        "x",
        "\x0c form\x1ffeed\x1c ",
        "a long run of plain ASCII prose, longer than one vector of bytes, ends here.",
    ] {
        assert_eq!(
            count_words(text),
            text.split_whitespace().count(),
            "{text:?}"
        );
    }
    // Long ASCII text is counted in runs of 255 byte pairs: words across the runs' edges.
    for text in [
        "word ".repeat(300),
        "a b".repeat(200),
        format!("{} tail", "x".repeat(254)),
        " ".repeat(256) + "last",
    ] {
        assert_eq!(count_words(&text), text.split_whitespace().count());
    }
}

#[test]
fn github_alerts_become_labelled_callouts_and_plain_quotes_stay_quotes() {
    let (rendered, errors) = render(
        "> [!WARNING]\n> Stop the medicine.\n\n> [!TIP]\n> Drink water.\n\n> Just a quote.\n",
    );
    assert!(errors.is_empty());
    let html = rendered.html.as_str();
    assert!(
        html.contains("<div class=\"callout callout-warning\" role=\"note\">"),
        "{html}"
    );
    assert!(
        html.contains("<span>Warning</span></p>\n<p>Stop the medicine.</p>\n</div>"),
        "{html}"
    );
    assert!(
        html.contains("callout-tip") && html.contains("<span>Tip</span>"),
        "{html}"
    );
    assert!(
        html.contains("<blockquote>\n<p>Just a quote.</p>\n</blockquote>"),
        "{html}"
    );
    assert!(!html.contains("[!"), "{html}");
}

#[test]
fn an_emergency_callout_says_what_to_do_and_drops_its_marker() {
    for body in [
        "> [!EMERGENCY]\n> Chest pain that spreads to the arm.\n",
        "> [!emergency]\n>\n> Chest pain that spreads to the arm.\n",
    ] {
        let (rendered, _) = render(body);
        let html = rendered.html.as_str();
        assert!(html.contains("callout-emergency"), "{html}");
        assert!(
            html.contains("call 911 or go to the nearest emergency room"),
            "{html}"
        );
        assert!(
            html.contains("Chest pain that spreads to the arm."),
            "{html}"
        );
        assert!(!html.to_lowercase().contains("[!emergency]"), "{html}");
        assert!(!html.contains("<p></p>"), "{html}");
    }
}

#[test]
fn an_image_alone_with_a_title_is_a_figure_and_others_stay_images() {
    let (rendered, _) = render(
        "![A chart](https://x.org/c.png \"Pain scores over 12 weeks\")\n\nText ![inline](https://x.org/i.png \"Not a caption\") here.\n\n![No title](https://x.org/n.png)\n",
    );
    let html = rendered.html.as_str();
    assert!(
        html.contains("<figure>\n<img src=\"https://x.org/c.png\" alt=\"A chart\" />\n<figcaption>Pain scores over 12 weeks</figcaption>\n</figure>"),
        "{html}"
    );
    assert_eq!(html.matches("<figure>").count(), 1, "{html}");
    assert!(html.contains("title=\"Not a caption\""), "{html}");
}

#[test]
fn a_paragraph_that_is_only_a_video_address_becomes_a_facade() {
    let (rendered, errors) = render(
        "https://youtu.be/dQw4w9WgXcQ\n\n[Knee exercises](https://vimeo.com/76979871)\n\n<https://www.youtube.com/watch?v=dQw4w9WgXcQ>\n\nSee https://youtu.be/dQw4w9WgXcQ in a sentence.\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let html = rendered.html.to_string();
    assert_eq!(
        html.matches("<figure class=\"video-embed\"").count(),
        3,
        "{html}"
    );
    assert!(
        html.contains(
            "<figcaption>Knee exercises <span class=\"video-host\">(video on Vimeo)</span>"
        )
    );
    assert!(html.contains("<figcaption>Video on YouTube</figcaption>"));
    assert!(html.contains("<p>See https://youtu.be/dQw4w9WgXcQ in a sentence.</p>"));
    assert!(
        !html.contains("<p><a"),
        "the link paragraphs are gone: {html}"
    );
    let ids: Vec<&str> = rendered
        .videos
        .iter()
        .map(|video| video.id.as_str())
        .collect();
    assert_eq!(ids, ["dQw4w9WgXcQ", "76979871", "dQw4w9WgXcQ"]);
    assert!(rendered.fetching.is_empty(), "the facade fetches nothing");
}

#[test]
fn a_faq_section_becomes_details_with_its_questions_and_answers() {
    let (rendered, errors) = render(
        "## Before\n\n### Not a question\n\nText.\n\n## Frequently asked questions\n\n### Does it hurt?\n\nA little, *briefly*.\n\n- ice helps\n\n### How long?\n\nAn hour.\n\n## After\n\n### Also not a question\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let html = rendered.html.to_string();
    assert_eq!(
        html.matches("<details class=\"faq-item\">").count(),
        2,
        "{html}"
    );
    assert_eq!(html.matches("</details>").count(), 2, "{html}");
    assert!(
        html.contains("<summary><h3 id=\"does-it-hurt\">Does it hurt?</h3>\n</summary>"),
        "{html}"
    );
    assert!(
        !html.contains("href=\"#does-it-hurt\""),
        "no link inside the summary"
    );
    assert!(html.contains("href=\"#not-a-question\""));
    assert_eq!(
        rendered.faq,
        [
            FaqEntry {
                question: "Does it hurt?".to_owned(),
                answer: "A little, briefly. ice helps".to_owned(),
            },
            FaqEntry {
                question: "How long?".to_owned(),
                answer: "An hour.".to_owned(),
            },
        ]
    );
    let toc: Vec<&str> = rendered.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(toc, ["before", "frequently-asked-questions", "after"]);
}
