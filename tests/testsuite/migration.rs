//! Posts moved by hand from Jekyll and Hugo (the import issue's "people who move by hand"):
//! what those generators write either builds as it is or gets an error that says what salve
//! wants instead.

use crate::common::{TestSite, assert_reports};

/// `.markdown` files were skipped silently, `<!--more-->` without spaces was ignored, Jekyll's
/// `2015-03-17 14:00:00 -0500` dates and `2019-12-3-name.md` file names were refused.
#[test]
fn jekyll_posts_build_as_they_are() {
    let site = TestSite::new(&[
        (
            "posts/2015-03-17-knee.markdown",
            "---\ntitle: Knee pain\ndate: 2015-03-17 14:00:00 -0500\ntags: knee, exercise\n---\nThe teaser.\n<!--more-->\nThe rest of the post.\n",
        ),
        (
            "posts/2019-12-3-back.md",
            "---\ntitle: Back pain\n---\nSee [the knee post](2015-03-17-knee.markdown).\n",
        ),
    ]);
    let run = site.build(&[]);
    assert!(
        run.stdout().starts_with("Built 2 posts"),
        "{}",
        run.stdout()
    );
    let knee = site.page("posts/knee/index.html");
    assert_eq!(
        knee.attr("time[datetime^='2015-03-17']", "datetime"),
        "2015-03-17T14:00:00-05:00"
    );
    let home = site.page("index.html");
    let summaries = home.texts("main p");
    assert!(
        summaries.iter().any(|text| text == "The teaser."),
        "{summaries:?}"
    );
    assert!(
        !summaries.iter().any(|text| text.contains("The rest")),
        "{summaries:?}"
    );
    let back = site.page("posts/back/index.html");
    assert_eq!(back.attr("article a[href*=knee]", "href"), "/posts/knee/");
    assert_eq!(
        back.attr("time[datetime^='2019']", "datetime"),
        "2019-12-03"
    );
}

/// Keys of other generators get a hint of their own.
#[test]
fn keys_of_other_generators_say_what_salve_wants() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\nlayout: post\ncategories: [pain]\nexcerpt: Short.\npublished: false\nredirect_from: [/old/]\nlastmod: 2025-02-01\ncustom_thing: 1\n---\nA.\n",
    )]);
    let stderr = site.salve(&["build"]).failure(1).stderr();
    for expected in [
        "posts/a.md:4:1: unknown key `layout`: salve has no layouts",
        "posts/a.md:5:1: unknown key `categories`: salve has one kind of topic: write them in `tags`",
        "posts/a.md:6:1: unknown key `excerpt`: write the teaser in `summary`",
        "posts/a.md:7:1: unknown key `published`: write `draft: true`",
        "posts/a.md:8:1: unknown key `redirect_from`: write old addresses in `aliases`",
        "posts/a.md:9:1: unknown key `lastmod`: write the date of the last change in `updated`",
        "posts/a.md:10:1: unknown key `custom_thing`; custom fields go under `extra:`",
    ] {
        assert_reports(&stderr, expected);
    }
}

/// Liquid and Hugo shortcodes left in a body were printed on the page with no warning.
#[test]
fn template_syntax_from_other_generators_is_a_check_warning() {
    let site = TestSite::new(&[(
        "posts/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nRead {% post_url 2015-03-17-knee %} first.\n\n{{< youtube abc123 >}}\n\n{{% note %}}\n\n```\n{% raw %} in code is fine\n```\n",
    )]);
    let run = site
        .salve(&["check", "--rule", "template-syntax"])
        .success();
    let out = run.stdout();
    assert!(
        out.contains("posts/a.md:5:6: warning[template-syntax]: `{% post_url 2015-03-17-knee %}` is Liquid (Jekyll) syntax"),
        "{out}"
    );
    assert!(
        out.contains(
            "posts/a.md:7:1: warning[template-syntax]: `{{< youtube abc123 >}}` is a Hugo shortcode"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "posts/a.md:9:1: warning[template-syntax]: `{{% note %}}` is a Hugo shortcode"
        ),
        "{out}"
    );
    assert!(out.contains("3 warnings"), "{out}");
}
