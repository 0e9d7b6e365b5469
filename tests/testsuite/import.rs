//! Issue 20: `salve import` brings Jekyll and Hugo sites in: the result builds, front matter is
//! mapped, Liquid and shortcodes are converted, old addresses redirect, and nothing is
//! overwritten.

use crate::common::images::{jpeg, png};
use crate::common::{Page, TestSite, assert_reports};

/// A page of the imported site's build (`new/public/...`), parsed.
fn built_page(site: &TestSite, path: &str) -> Page {
    Page(scraper::Html::parse_document(
        &site.read(&format!("new/public/{path}")),
    ))
}

/// A Jekyll site modelled on real ones: `_config.yml` with a permalink style, a post with
/// Jekyll's keys and date format, a `.markdown` post, an HTML post, a draft, a page, Liquid,
/// and an image in `assets/`.
fn jekyll_site() -> TestSite {
    let site = TestSite::new(&[
        (
            "old/_config.yml",
            "title: Knee Clinic Blog\ndescription: Notes from the clinic.\nurl: https://knees.example\nbaseurl: /blog\nlang: en-US\npermalink: pretty\n",
        ),
        (
            "old/_posts/2015-03-17-knee-pain.md",
            "---\nlayout: post\ntitle: \"Knee pain: what helps\"\ndate: 2015-03-17 14:00:00 -0500\ncategories: health news\ntags: [Knee]\nexcerpt: Short answers.\nauthor: Jane Roe\nredirect_from: /knee/\nlast_modified_at: 2016-01-02\nimage: /assets/knee.jpg\ncomments: true\nmood: calm\n---\nIntro.<!--more-->\n\n![Knee](/assets/knee.jpg)\n\nSee {% post_url 2016-01-05-exercises %}.\n\n{% highlight python %}\nprint('{% raw %}')\n{% endhighlight %}\n\n{% include newsletter.html %}\n",
        ),
        (
            "old/_posts/2016-01-05-exercises.markdown",
            "---\ntitle: Exercises\ndate: 2016-01-05\ncategories: [Exercise]\nauthor: Jane Roe\n---\nBack to [knee pain]({% post_url 2015-03-17-knee-pain %}).\n",
        ),
        (
            "old/_posts/2016-02-01-clinic-news.html",
            "---\ntitle: Clinic news\npublished: false\n---\n<p>We moved.</p>\n",
        ),
        (
            "old/_drafts/new-idea.md",
            "---\ntitle: New idea\n---\nSoon.\n",
        ),
        (
            "old/about.md",
            "---\nlayout: page\ntitle: About\npermalink: /about/\n---\nWho we are.\n",
        ),
        ("old/README.md", "# Not a page\n"),
        (
            "old/_posts/2017-01-01-broken.md",
            "---\ntitle: [unclosed\n---\nText.\n",
        ),
    ]);
    site.write("old/assets/knee.jpg", jpeg(30, 20, None));
    site
}

/// Guards the Jekyll import end to end: the imported site builds; keys are mapped, Liquid
/// converted, the old addresses (pretty permalinks under the categories) are aliases that
/// redirect, the author became a person, the image is in `static/`, and what has no
/// equivalent is reported.
#[test]
fn a_jekyll_site_imports_and_builds() {
    let site = jekyll_site();
    let run = site
        .salve(&["import", "jekyll", "old", "--into", "new"])
        .success();
    let stdout = run.stdout();
    assert_reports(
        &stdout,
        "Imported 4 posts, 1 page, 1 file and 1 person from old into new",
    );
    assert_reports(
        &stdout,
        "posts/2015-03-17-knee-pain.md: the image has no text alternative",
    );
    assert_reports(
        &stdout,
        "`{% include newsletter.html %}` has no equivalent in salve",
    );
    let post = site.read("new/posts/2015-03-17-knee-pain.md");
    for expected in [
        "title: 'Knee pain: what helps'",
        "date: 2015-03-17 14:00:00 -0500",
        "summary: Short answers.",
        "author:\n- janeroe",
        "updated: 2016-01-02",
        "tags:\n- health\n- news\n- Knee",
        "aliases:\n- /knee/\n- /health/news/2015/03/17/knee-pain/",
        "extra:\n  mood: calm",
        "See 2016-01-05-exercises.md.",
        "```python\nprint('{% raw %}')\n```",
    ] {
        assert!(post.contains(expected), "`{expected}` in:\n{post}");
    }
    assert!(!post.contains("layout"), "{post}");
    assert!(
        site.path("new/posts/2016-01-05-exercises.md").is_file(),
        ".markdown becomes .md"
    );
    assert!(
        site.read("new/posts/2016-02-01-clinic-news.md")
            .contains("draft: true")
    );
    assert!(site.read("new/posts/new-idea.md").contains("draft: true"));
    assert!(site.path("new/pages/about.md").is_file());
    assert!(!site.path("new/pages/README.md").exists());
    assert_eq!(
        std::fs::read(site.path("new/static/assets/knee.jpg")).unwrap(),
        jpeg(30, 20, None)
    );
    let config = site.read("new/salve.yaml");
    for expected in [
        "title: Knee Clinic Blog",
        "base_url: https://knees.example/blog/",
        "language: en",
        "janeroe:\n    name: Jane Roe",
    ] {
        assert!(config.contains(expected), "`{expected}` in:\n{config}");
    }
    let report = site.read("new/IMPORT-REPORT.md");
    assert!(report.contains("## Needs a person"), "{report}");
    assert!(report.contains("## What `salve check` finds"), "{report}");
    assert_reports(&stdout, "salve check finds, drafts included:");
    assert_reports(&stdout, "reviewer");

    site.salve(&["build", "--root", "new", "--drafts"])
        .success();
    let exercises = built_page(&site, "posts/exercises/index.html");
    assert_eq!(
        exercises.attr(".post-body a", "href"),
        "/blog/posts/knee-pain/",
    );
    let redirects = site.read("new/public/_redirects");
    assert!(
        redirects.contains("/blog/health/news/2015/03/17/knee-pain/ /blog/posts/knee-pain/ 301\n"),
        "{redirects}"
    );
    let redirect = built_page(&site, "health/news/2015/03/17/knee-pain/index.html");
    assert_eq!(
        redirect.attr("link[rel=canonical]", "href"),
        "https://knees.example/blog/posts/knee-pain/"
    );
}

/// Guards "never overwrites": importing again leaves every file as it is and lists them, and
/// a dry run writes nothing.
#[test]
fn an_import_never_overwrites_and_a_dry_run_writes_nothing() {
    let site = jekyll_site();
    let dry = site
        .salve(&["import", "jekyll", "old", "--into", "new", "--dry-run"])
        .success();
    assert_reports(&dry.stdout(), "Would import 4 posts, 1 page");
    assert!(!site.path("new").exists());
    site.salve(&["import", "jekyll", "old", "--into", "new"])
        .success();
    site.write("new/posts/2015-03-17-knee-pain.md", "edited by hand");
    let again = site
        .salve(&["import", "jekyll", "old", "--into", "new"])
        .success();
    assert_reports(&again.stdout(), "Imported 0 posts, 0 pages, 0 files");
    assert_reports(&again.stdout(), "Left alone: 7 files the site already had");
    assert_eq!(
        site.read("new/posts/2015-03-17-knee-pain.md"),
        "edited by hand"
    );
}

/// Guards the Hugo import: TOML front matter and config, a page bundle with its image, a
/// section's permalink pattern, shortcodes (video, figure, ref), a page with a menu, and
/// `_index.md` left out; the result builds and the old addresses redirect.
#[test]
fn a_hugo_site_imports_and_builds() {
    let site = TestSite::new(&[
        (
            "old/hugo.toml",
            "baseURL = 'https://spine.example/'\ntitle = 'Spine Notes'\nlanguageCode = 'en-us'\n[permalinks]\nposts = '/:year/:month/:slug/'\n[params]\ndescription = 'From the spine team.'\n",
        ),
        ("old/content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "old/content/posts/sciatica/index.md",
            "+++\ntitle = 'Sciatica'\ndate = 2021-06-02T10:00:00Z\ntags = ['nerve pain']\ncategories = ['Back']\nslug = 'sciatica-basics'\nlastmod = 2022-01-01\ndraft = false\n[cover]\nimage = 'leg.png'\n+++\n{{< youtube dQw4w9WgXcQ >}}\n\n{{< figure src=\"leg.png\" alt=\"The sciatic nerve\" caption=\"Where it runs\" >}}\n\nMore in [stretches]({{< ref \"stretches.md\" >}}).\n",
        ),
        (
            "old/content/posts/stretches.md",
            "---\ntitle: Stretches\ndate: 2021-07-01\nauthors: [Sam Lee]\n---\nGentle ones.\n",
        ),
        (
            "old/content/about.md",
            "---\ntitle: About\nmenu: main\nweight: 3\n---\nUs.\n",
        ),
        ("old/static/favicon.ico", "icon"),
    ]);
    site.write("old/content/posts/sciatica/leg.png", png(50, 20));
    let run = site
        .salve(&["import", "hugo", "old", "--into", "new"])
        .success();
    assert_reports(
        &run.stdout(),
        "Imported 2 posts, 1 page, 2 files and 1 person",
    );
    let post = site.read("new/posts/sciatica/index.md");
    for expected in [
        "date: 2021-06-02T10:00:00Z",
        "tags:\n- nerve pain\n- Back",
        "image: leg.png",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "![The sciatic nerve](leg.png \"Where it runs\")",
        "[stretches](../stretches.md)",
        "aliases:\n- /2021/06/sciatica-basics/",
    ] {
        assert!(post.contains(expected), "`{expected}` in:\n{post}");
    }
    assert_eq!(
        std::fs::read(site.path("new/posts/sciatica/leg.png")).unwrap(),
        png(50, 20)
    );
    assert_eq!(site.read("new/static/favicon.ico"), "icon");
    let about = site.read("new/pages/about.md");
    assert!(
        about.contains("menu: true") && about.contains("weight: 3"),
        "{about}"
    );
    assert!(!site.path("new/pages/_index.md").exists());

    site.salve(&["build", "--root", "new"]).success();
    let built = built_page(&site, "posts/sciatica-basics/index.html");
    assert_eq!(built.count("figure.video-embed"), 1);
    assert_eq!(
        built.attr("figure img[alt='The sciatic nerve']", "src"),
        "/posts/sciatica-basics/leg-50w.png"
    );
    let redirect = built_page(&site, "2021/06/sciatica-basics/index.html");
    assert_eq!(
        redirect.attr("link[rel=canonical]", "href"),
        "https://spine.example/posts/sciatica-basics/"
    );
    let nav = built_page(&site, "index.html").texts(".site-nav a");
    assert!(nav.contains(&"About".to_owned()), "{nav:?}");
}

/// Guards the errors: a folder that is no site of that generator is refused with what to do.
#[test]
fn a_folder_that_is_no_such_site_is_refused() {
    let site = TestSite::new(&[("old/notes.txt", "x")]);
    let run = site
        .salve(&["import", "jekyll", "old", "--into", "new"])
        .failure(1);
    assert_reports(
        &run.stderr(),
        "has no `_posts/` with posts; is it a Jekyll site?",
    );
    let run = site
        .salve(&["import", "hugo", "old", "--into", "new"])
        .failure(1);
    assert_reports(
        &run.stderr(),
        "has no `content/` folder; is it a Hugo site?",
    );
    assert!(!site.path("new").exists());
}

/// A Wix blog's feed, as saved from `/blog-feed.xml`: a full post with builder markup and two
/// images on Wix's media host (`media_base`), and a teaser-only post.
fn wix_feed(media_base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Riverside Physio Blog</title><link>https://physio.example/blog</link>
<item><title>Five desk stretches</title><link>https://physio.example/post/five-desk-stretches</link>
<pubDate>Tue, 17 Mar 2020 14:00:00 GMT</pubDate><dc:creator>Sam Lee</dc:creator><category>Posture</category>
<description>Stretch at your desk.</description>
<content:encoded><![CDATA[<p style="font-size:18px"><span style="color:#333">Sitting all day stiffens the neck and back. These five stretches take two minutes and need no equipment at all.</span></p><p><br></p><p><img src="{media_base}media/neck.jpg" alt="A neck stretch"></p><h2>Shoulder rolls</h2><p>Roll your shoulders ten times.</p>]]></content:encoded>
<enclosure url="{media_base}media/lead.jpg" type="image/jpeg" length="3"/></item>
<item><title>Back to work</title><link>https://physio.example/post/back-to-work</link>
<pubDate>Wed, 18 Mar 2020 09:00:00 GMT</pubDate><description>How to go back to work after a back injury…</description></item>
</channel></rss>"#
    )
}

/// The photo the Wix media host serves.
fn neck_jpeg() -> Vec<u8> {
    jpeg(40, 30, None)
}

/// Guards the Wix import: a full post becomes Markdown without the builder's styles, its
/// images are downloaded from the media host (a server on 127.0.0.1 here) and linked beside
/// it, the teaser-only post is a draft with a note, `/post/<slug>` redirects, and the site
/// builds; a missing image is reported and keeps its address.
#[test]
fn a_wix_feed_imports_with_its_images() {
    let media = tempfile::tempdir().unwrap();
    std::fs::create_dir(media.path().join("media")).unwrap();
    std::fs::write(media.path().join("media/neck.jpg"), neck_jpeg()).unwrap();
    std::fs::write(media.path().join("media/lead.jpg"), jpeg(30, 20, None)).unwrap();
    let server = crate::common::http::StaticServer::start(media.path(), "/");
    let base = format!("http://127.0.0.1:{}/", server.port);
    let site = TestSite::new(&[("blog-feed.xml", &wix_feed(&base))]);
    let run = site
        .salve(&["import", "wix", "blog-feed.xml", "--into", "new"])
        .success();
    let stdout = run.stdout();
    assert_reports(&stdout, "Imported 2 posts, 0 pages, 2 files and 1 person");
    assert_reports(
        &stdout,
        "posts/back-to-work/index.md: the feed held only the start of this post",
    );
    let post = site.read("new/posts/five-desk-stretches/index.md");
    for expected in [
        "title: Five desk stretches",
        "date: 2020-03-17T14:00:00Z",
        "tags:\n- Posture",
        "author:\n- samlee",
        "image: lead-lead-1.jpg",
        "aliases:\n- /post/five-desk-stretches",
        "Sitting all day stiffens the neck",
        "![A neck stretch](neck-1.jpg)",
        "## Shoulder rolls",
    ] {
        assert!(post.contains(expected), "`{expected}` in:\n{post}");
    }
    assert!(
        !post.contains("font-size") && !post.contains("<br"),
        "{post}"
    );
    assert_eq!(
        std::fs::read(site.path("new/posts/five-desk-stretches/neck-1.jpg")).unwrap(),
        neck_jpeg()
    );
    let teaser = site.read("new/posts/back-to-work/index.md");
    assert!(teaser.contains("draft: true"), "{teaser}");

    site.salve(&["build", "--root", "new", "--drafts"])
        .success();
    let built = built_page(&site, "posts/five-desk-stretches/index.html");
    assert_eq!(
        built.attr(".post-body img", "src"),
        "/posts/five-desk-stretches/neck-1-40w.jpg"
    );
    assert!(
        site.path("new/public/posts/five-desk-stretches/neck-1-40w.webp")
            .is_file()
    );
    assert!(
        site.path("new/public/post/five-desk-stretches/index.html")
            .is_file()
    );

    std::fs::remove_file(media.path().join("media/neck.jpg")).unwrap();
    let run = site
        .salve(&["import", "wix", "blog-feed.xml", "--into", "again"])
        .success();
    assert_reports(
        &run.stdout(),
        &format!("the image {base}media/neck.jpg could not be downloaded"),
    );
    assert!(
        site.read("again/posts/five-desk-stretches/index.md")
            .contains(&format!("]({base}media/neck.jpg)"))
    );
}

/// A WordPress export (WXR 1.2) modelled on a real one: authors, a published post with
/// categories, tags, an excerpt, a featured image, block-editor markup, `[caption]`,
/// `[gallery]` and `[embed]`; a draft; a scheduled post; a password-protected post; a private
/// one; a page; and the attachments, all on the media host at `media`.
fn wordpress_export(media: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Smile Dental Blog</title><link>https://smile.example</link><language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://smile.example</wp:base_site_url><wp:base_blog_url>https://smile.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[drkim]]></wp:author_login><wp:author_display_name><![CDATA[Alicia Kim]]></wp:author_display_name></wp:author>
<item><title>chart</title><wp:post_id>10</wp:post_id><wp:post_type><![CDATA[attachment]]></wp:post_type><wp:status><![CDATA[inherit]]></wp:status><wp:attachment_url><![CDATA[{media}uploads/chart.png]]></wp:attachment_url></item>
<item><title>smile</title><wp:post_id>11</wp:post_id><wp:post_type><![CDATA[attachment]]></wp:post_type><wp:status><![CDATA[inherit]]></wp:status><wp:attachment_url><![CDATA[{media}uploads/smile.jpg]]></wp:attachment_url></item>
<item><title>Flossing, step by step</title><link>https://smile.example/2021/05/04/flossing-step-by-step/</link>
<dc:creator><![CDATA[drkim]]></dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph -->
<p>Floss once a day, before you brush.</p>
<!-- /wp:paragraph -->

Hold the floss in a C shape
around each tooth.

<!--more-->

[caption id="attachment_10" align="aligncenter" width="300"]<img src="{media}uploads/chart.png" alt="Flossing chart" width="300" height="200" /> When to floss[/caption]

[gallery ids="11"]

[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]

[contact-form-7 id="3"]]]></content:encoded>
<excerpt:encoded><![CDATA[How to floss, in four steps.]]></excerpt:encoded>
<wp:post_id>20</wp:post_id><wp:post_date><![CDATA[2021-05-04 09:30:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2021-05-04 14:30:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[flossing-step-by-step]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type><wp:post_password><![CDATA[]]></wp:post_password>
<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
<category domain="category" nicename="oral-health"><![CDATA[Oral health]]></category>
<category domain="post_tag" nicename="flossing"><![CDATA[flossing]]></category>
<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[11]]></wp:meta_value></wp:postmeta>
</item>
<item><title>Whitening myths</title><link>https://smile.example/?p=21</link><dc:creator><![CDATA[drkim]]></dc:creator>
<content:encoded><![CDATA[Coming soon.]]></content:encoded><wp:post_id>21</wp:post_id><wp:post_date><![CDATA[2021-06-01 10:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[]]></wp:post_name><wp:status><![CDATA[draft]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>
<item><title>Next year's checkup</title><link>https://smile.example/?p=24</link><content:encoded><![CDATA[Soon.]]></content:encoded><wp:post_id>24</wp:post_id><wp:post_date><![CDATA[2099-01-05 08:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2099-01-05 13:00:00]]></wp:post_date_gmt><wp:post_name><![CDATA[next-years-checkup]]></wp:post_name><wp:status><![CDATA[future]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>
<item><title>Members only</title><link>https://smile.example/members/</link><content:encoded><![CDATA[Secret.]]></content:encoded><wp:post_id>22</wp:post_id><wp:post_name><![CDATA[members-only]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type><wp:post_password><![CDATA[hunter2]]></wp:post_password></item>
<item><title>Staff notes</title><link>https://smile.example/staff/</link><content:encoded><![CDATA[Private.]]></content:encoded><wp:post_id>23</wp:post_id><wp:post_name><![CDATA[staff-notes]]></wp:post_name><wp:status><![CDATA[private]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>
<item><title>Our practice</title><link>https://smile.example/our-practice/</link><dc:creator><![CDATA[drkim]]></dc:creator><content:encoded><![CDATA[<!-- wp:heading --><h2>Who we are</h2><!-- /wp:heading -->

A family dental practice.]]></content:encoded><wp:post_id>30</wp:post_id><wp:post_name><![CDATA[our-practice]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[page]]></wp:post_type></item>
</channel>
</rss>"#
    )
}

/// Guards the WordPress import end to end: posts and pages, drafts, authors as people,
/// categories and tags (without "Uncategorized"), the excerpt as summary, the featured image
/// and the content's images downloaded from the media host (127.0.0.1 here), `[caption]` as a
/// figure, `[gallery]` as images, `[embed]` as a video; password-protected and private posts
/// left out with a note; unknown shortcodes listed; old addresses redirect; the site builds.
#[test]
fn a_wordpress_export_imports_and_builds() {
    let media = tempfile::tempdir().unwrap();
    std::fs::create_dir(media.path().join("uploads")).unwrap();
    std::fs::write(media.path().join("uploads/chart.png"), png(30, 20)).unwrap();
    std::fs::write(media.path().join("uploads/smile.jpg"), jpeg(40, 20, None)).unwrap();
    let server = crate::common::http::StaticServer::start(media.path(), "/");
    let base = format!("http://127.0.0.1:{}/", server.port);
    let site = TestSite::new(&[("export.xml", &wordpress_export(&base))]);
    let run = site
        .salve(&["import", "wordpress", "export.xml", "--into", "new"])
        .success();
    let stdout = run.stdout();
    assert_reports(&stdout, "Imported 3 posts, 1 page, 3 files and 1 person");
    assert_reports(&stdout, "“Members only” was left out: password-protected");
    assert_reports(&stdout, "“Staff notes” was left out: private");
    assert_reports(
        &stdout,
        "the shortcode `[contact-form-7 id=\"3\"]` has no equivalent",
    );
    let post = site.read("new/posts/flossing-step-by-step/index.md");
    for expected in [
        "title: Flossing, step by step",
        "date: 2021-05-04 14:30:00 +0000",
        "tags:\n- Oral health\n- flossing",
        "summary: How to floss, in four steps.",
        "author:\n- drkim",
        "image: lead-smile-1.jpg",
        "aliases:\n- /2021/05/04/flossing-step-by-step/",
        "Floss once a day, before you brush.",
        "<!--more-->",
        "![Flossing chart](chart-1.png \"When to floss\")",
        "![](smile-2.jpg)",
    ] {
        assert!(post.contains(expected), "`{expected}` in:\n{post}");
    }
    assert!(
        !post.contains("wp:paragraph") && !post.contains("[caption"),
        "{post}"
    );
    assert!(
        site.read("new/posts/whitening-myths/index.md")
            .contains("draft: true")
    );
    assert!(
        site.read("new/pages/our-practice/index.md")
            .contains("## Who we are")
    );
    assert!(!site.path("new/posts/members-only").exists());
    let config = site.read("new/salve.yaml");
    assert!(config.contains("drkim:\n    name: Alicia Kim"), "{config}");
    let nginx = site.read("new/nginx-redirects.conf");
    assert!(
        nginx.contains("    /2021/05/04/flossing-step-by-step/ /posts/flossing-step-by-step/;\n"),
        "{nginx}"
    );

    site.salve(&["build", "--root", "new", "--drafts"])
        .success();
    let built = built_page(&site, "posts/flossing-step-by-step/index.html");
    assert_eq!(
        built.text("figure:not(.video-embed) figcaption"),
        "When to floss"
    );
    assert_eq!(built.count("figure.video-embed"), 1);
    assert_eq!(
        built.attr("img.lead-image", "src"),
        "/posts/flossing-step-by-step/lead-smile-1-40w.jpg"
    );
    assert_eq!(
        built_page(&site, "our-practice/index.html").text("h1"),
        "Our practice"
    );
    let scheduled = site.read("new/posts/next-years-checkup/index.md");
    assert!(
        scheduled.contains("date: 2099-01-05 13:00:00 +0000"),
        "{scheduled}"
    );
    assert!(
        !site.path("new/public/posts/next-years-checkup").exists(),
        "a scheduled post waits for its date (or --future)"
    );
    assert!(
        site.read("new/public/_redirects")
            .contains("/2021/05/04/flossing-step-by-step/ /posts/flossing-step-by-step/ 301")
    );
}

/// How many images the progress callback of the test below was last told of.
static DOWNLOADED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Guards the download progress: the callback hears the running count after each post.
#[test]
fn downloads_report_their_progress() {
    let media = tempfile::tempdir().unwrap();
    std::fs::create_dir(media.path().join("media")).unwrap();
    std::fs::write(media.path().join("media/neck.jpg"), neck_jpeg()).unwrap();
    std::fs::write(media.path().join("media/lead.jpg"), jpeg(30, 20, None)).unwrap();
    let server = crate::common::http::StaticServer::start(media.path(), "/");
    let site = TestSite::new(&[(
        "blog-feed.xml",
        &wix_feed(&format!("http://127.0.0.1:{}/", server.port)),
    )]);
    let options = salve::import::ImportOptions {
        generator: salve::import::Generator::Wix,
        from: site.path("blog-feed.xml"),
        into: site.path("new"),
        dry_run: false,
        download: true,
        progress: Some(|done| DOWNLOADED.store(done, std::sync::atomic::Ordering::SeqCst)),
    };
    let report = salve::import::import(&options).expect("the import runs");
    assert_eq!(report.files, 2);
    assert_eq!(DOWNLOADED.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// Guards each document's place: a post whose file name ends another's (`knee.md`,
/// `old-knee.md`) goes to its own file, never the other's.
#[test]
fn each_document_keeps_its_own_file() {
    let site = TestSite::new(&[
        ("old/hugo.toml", "title = 'T'\n"),
        (
            "old/content/posts/knee.md",
            "---\ntitle: Knee\ndate: 2021-01-01\n---\nA.\n",
        ),
        (
            "old/content/posts/old-knee.md",
            "---\ntitle: Old knee\ndate: 2020-01-01\n---\nB.\n",
        ),
    ]);
    site.salve(&["import", "hugo", "old", "--into", "new"])
        .success();
    assert!(site.read("new/posts/knee.md").contains("title: Knee\n"));
    assert!(
        site.read("new/posts/old-knee.md")
            .contains("title: Old knee\n")
    );
}

/// Guards a Hugo site with translations: its languages (by weight, the default first) become
/// `languages`, so each `name.es.md` stays the translation of `name.md`, at the address Hugo
/// gave it (`/es/posts/name/`), linked both ways.
#[test]
fn a_hugo_site_with_translations_keeps_them_as_translations() {
    let site = TestSite::new(&[
        (
            "old/hugo.toml",
            "baseURL = 'https://spine.example/'\ntitle = 'Spine Notes'\ndefaultContentLanguage = 'en'\n[languages.es]\nweight = 2\n[languages.en]\nweight = 1\n",
        ),
        (
            "old/content/posts/knees.md",
            "---\ntitle: Knees\ndate: 2021-07-01\n---\nGentle ones.\n",
        ),
        (
            "old/content/posts/knees.es.md",
            "---\ntitle: Rodillas\ndate: 2021-07-01\n---\nSuaves.\n",
        ),
    ]);
    site.salve(&["import", "hugo", "old", "--into", "new"])
        .success();
    let config = site.read("new/salve.yaml");
    assert!(config.contains("languages:\n- en\n- es"), "{config}");
    site.salve(&["build", "--root", "new"]).success();
    let spanish = built_page(&site, "es/posts/knees/index.html");
    assert_eq!(spanish.attr("html", "lang"), "es");
    assert_eq!(
        spanish.attr("link[hreflang=en]", "href"),
        "https://spine.example/posts/knees/"
    );
    assert!(!site.path("new/public/posts/knees-es").exists());
}

/// A WordPress item of the hostile export below.
fn hostile_item(id: u32, title: &str, slug: &str, content: &str, categories: &str) -> String {
    format!(
        "<item><title>{title}</title><link>https://old.example/?p={id}</link><content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[2020-03-0{id} 10:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt><wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>{categories}</item>"
    )
}

/// Regression, from exports of old blogs as they are: an export in ISO-8859-1 was refused as
/// "not UTF-8"; a vertical tab pasted into one post made the whole file "not valid XML"; a
/// percent-encoded slug became `c-c3-b3mo`; the second of two items with one slug was dropped
/// as "already in the site"; HTML-escaped titles and categories kept `&amp;`; a spammer's
/// `javascript:` link came through as a link `salve build` refuses. Now all of it imports and
/// the site builds.
#[test]
fn an_old_wordpress_export_with_its_flaws_imports_and_builds() {
    let items = [
        hostile_item(1, "Caf\u{e9} hours", "caf%c3%a9-hours", "<p>Open \u{b}daily.</p>", ""),
        hostile_item(2, "Knee pain", "knee", "<p>First.</p>", "<category domain=\"post_tag\" nicename=\"tips\"><![CDATA[Tips &amp; tricks]]></category><category domain=\"post_tag\" nicename=\"x\"><![CDATA[&amp;]]></category>"),
        hostile_item(3, "Knee pain again", "knee", "<p>Second.</p>", ""),
        hostile_item(4, "Q&amp;amp;A", "qa", "<p>Win a <a href=\"javascript:spam()\">prize</a> or read <a href=\"https://example.org/\">this</a>.</p>", ""),
    ]
    .concat();
    let export = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>Old clinic</title><link>https://old.example</link>{items}</channel></rss>"
    );
    // ISO-8859-1: each character below U+0100 is one byte.
    let latin_1: Vec<u8> = export
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect();
    let site = TestSite::new(&[]);
    site.write("export.xml", latin_1);
    let stdout = site
        .salve(&[
            "import",
            "wordpress",
            "export.xml",
            "--into",
            "new",
            "--no-download",
        ])
        .success()
        .stdout();
    assert_reports(&stdout, "Imported 4 posts");
    assert_reports(
        &stdout,
        "posts/qa/index.md: 1 link(s) ran code (`javascript:`)",
    );
    let cafe = site.read("new/posts/cafe-hours/index.md");
    assert!(
        cafe.contains("title: Café hours") && cafe.contains("daily."),
        "{cafe}"
    );
    assert!(site.read("new/posts/knee/index.md").contains("First."));
    assert!(site.read("new/posts/knee-2/index.md").contains("Second."));
    let knee = site.read("new/posts/knee/index.md");
    assert!(knee.contains("tags:\n- Tips & tricks\n"), "{knee}");
    let qa = site.read("new/posts/qa/index.md");
    assert!(
        qa.contains("title: Q&A") && !qa.contains("javascript"),
        "{qa}"
    );
    site.salve(&["build", "--root", "new"]).success();
    let page = built_page(&site, "posts/qa/index.html");
    assert!(page.text("main").contains("Win a prize or read this."));
    assert_eq!(
        page.attrs("main a[href^='https://example.org']", "href")
            .len(),
        1
    );
}

/// Regression, from Jekyll and Hugo sites as they are: a Jekyll post without `date:` got the
/// day of the import instead of the date its name starts with; `{{ site.baseurl }}` in an
/// image's address and `{% raw %}` were printed on the page; a `_posts/` file without a date,
/// which Jekyll never published, went live; a Hugo post with JSON front matter was left out.
#[test]
fn dates_liquid_addresses_and_json_front_matter_import_as_the_old_site_had_them() {
    let site = TestSite::new(&[
        ("old/_config.yml", "title: Old\nurl: https://old.example\n"),
        (
            "old/_posts/2019-02-01-knee.md",
            "---\ntitle: Knee\n---\n![A knee]({{ site.baseurl }}/assets/knee.png) and [about]({{ \"/about/\" | relative_url }}).\n\n{% raw %}Type {{ name }}.{% endraw %}\n",
        ),
        (
            "old/_posts/undated.md",
            "---\ntitle: Undated\n---\nNever published.\n",
        ),
        ("old/about.md", "---\ntitle: About\n---\nAbout us.\n"),
        (
            "hugo/hugo.toml",
            "baseURL = \"https://hugo.example/\"\ntitle = \"Hugo\"\n",
        ),
        (
            "hugo/content/posts/json.md",
            "{\n  \"title\": \"From JSON\",\n  \"date\": \"2021-01-02\",\n  \"tags\": [\"knees\"]\n}\nJSON body.\n",
        ),
    ]);
    site.write("old/assets/knee.png", png(40, 30));
    let stdout = site
        .salve(&["import", "jekyll", "old", "--into", "new"])
        .success()
        .stdout();
    assert_reports(&stdout, "old/_posts/undated.md: Jekyll did not publish it");
    let knee = site.read("new/posts/2019-02-01-knee.md");
    assert!(!knee.contains("date:"), "the name's date stands: {knee}");
    assert!(
        knee.contains("![A knee](/assets/knee.png)") && knee.contains("[about](/about/)"),
        "{knee}"
    );
    assert!(
        knee.contains("Type {{ name }}.") && !knee.contains("raw"),
        "{knee}"
    );
    assert!(site.read("new/posts/undated.md").contains("draft: true"));
    site.salve(&["build", "--root", "new"]).success();
    let page = built_page(&site, "posts/knee/index.html");
    assert!(page.text("main").contains("Type {{ name }}."));
    assert_eq!(
        page.attr("main time", "datetime").get(..10),
        Some("2019-02-01")
    );

    site.salve(&["import", "hugo", "hugo", "--into", "from-hugo"])
        .success();
    let json = site.read("from-hugo/posts/json.md");
    assert!(
        json.contains("title: From JSON") && json.contains("JSON body."),
        "{json}"
    );
}
