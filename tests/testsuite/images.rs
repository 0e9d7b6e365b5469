//! Issue 21: images shown as resized WebP variants with a fallback, upright, with `srcset`,
//! `sizes`, `width` and `height`; no published image carries EXIF or a GPS position; the
//! cache spares a rebuild the work; `salve check` tells the clinic which photos hold GPS.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::images::{BLUE, PhoneExif, RED, decode, exif_of, has_gps, jpeg, near, png};
use crate::common::{TestSite, assert_reports};

const PHONE: PhoneExif = PhoneExif {
    orientation: 6,
    gps: true,
};

/// A post that shows a phone photo (stored turned, with GPS), a PNG diagram and an SVG, with
/// a lead image, and links to the full-size photo.
fn photo_site() -> TestSite {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: Clinic\nbase_url: https://clinic.example\n",
        ),
        (
            "posts/knee/index.md",
            "---\ntitle: Knee brace\ndate: 2025-03-01\nimage: lead.jpg\nimage_alt: A knee brace on a table\n---\nHow to wear it.\n\n![Fitting the brace](brace.jpg \"Fitting a brace\")\n\nThe diagram ![Parts of the brace](diagram.png) and the logo ![Logo](logo.svg).\n\n[The photo at full size](brace.jpg)\n",
        ),
        (
            "posts/knee/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        ),
    ]);
    site.write("posts/knee/brace.jpg", jpeg(2000, 1500, Some(PHONE)));
    site.write("posts/knee/lead.jpg", jpeg(1800, 1200, None));
    site.write("posts/knee/diagram.png", png(600, 400));
    site
}

/// The `srcset` of an element as (address, width) pairs.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|candidate| {
            let (url, width) = candidate.rsplit_once(' ').expect("a width");
            let width = width.trim_end_matches('w').parse().expect("a number");
            (url.to_owned(), width)
        })
        .collect()
}

/// Every image file of the built site, by its path in the output.
fn published_images(output: &Path) -> BTreeMap<String, PathBuf> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.path().extension().is_some_and(|extension| {
                ["jpg", "jpeg", "png", "webp"].contains(&extension.to_string_lossy().as_ref())
            })
        })
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(output)
                .expect("inside the folder");
            (
                relative.to_string_lossy().replace('\\', "/"),
                entry.path().to_path_buf(),
            )
        })
        .collect()
}

/// Guards the variants: every width of `srcset` is a file of that width, the fallback's
/// size is the `<img>`'s, nothing is wider than the source, the photo is upright, the lead
/// image is eager and the others lazy, the SVG is left alone.
#[test]
fn shown_images_become_upright_variants_of_the_sizes_the_page_declares() {
    let site = photo_site();
    site.build(&[]);
    let folder = site.path("public/posts/knee");
    let page = site.page("posts/knee/index.html");

    let photo = page.select("figure picture");
    assert_eq!(
        photo.len(),
        1,
        "the titled photo is a figure with a picture"
    );
    let webp = page.attr("figure picture source[type=\"image/webp\"]", "srcset");
    let widths: Vec<u32> = candidates(&webp).iter().map(|(_, w)| *w).collect();
    // Stored 2000×1500 and turned: 1500 wide upright, so never wider than that.
    assert_eq!(widths, [480, 800, 1200, 1500]);
    for (url, width) in candidates(&webp) {
        let file = decode(&site.path(&format!("public{url}")));
        assert_eq!(file.width(), width, "{url}");
        let upright = (width * 2000 + 750) / 1500;
        assert_eq!(file.height(), upright, "{url} keeps the upright shape");
    }
    let img = "figure picture img";
    assert_eq!(page.attr(img, "src"), "/posts/knee/brace-1500w.jpg");
    assert_eq!(page.attr(img, "alt"), "Fitting the brace");
    assert_eq!(page.attr(img, "loading"), "lazy");
    assert_eq!(page.attr(img, "decoding"), "async");
    let fallback = decode(&folder.join("brace-1500w.jpg"));
    assert_eq!(page.attr(img, "width"), fallback.width().to_string());
    assert_eq!(page.attr(img, "height"), fallback.height().to_string());
    // Stored with red on the left and turned a quarter clockwise: red is on top now.
    let rgba = fallback.to_rgba8();
    assert!(
        near(*rgba.get_pixel(750, 100), RED),
        "{:?}",
        rgba.get_pixel(750, 100)
    );
    assert!(near(*rgba.get_pixel(750, 1900), BLUE));
    assert_eq!(page.text("figcaption"), "Fitting a brace");
    assert!(
        site.read("public/atom.xml")
            .contains("https://clinic.example/posts/knee/brace-480w.webp 480w"),
        "the feed names the variants by their full address"
    );

    let diagram = page.attr("picture img[alt=\"Parts of the brace\"]", "src");
    assert_eq!(
        diagram, "/posts/knee/diagram-600w.png",
        "a PNG falls back to PNG, at its own width"
    );
    assert_eq!(page.attr("img[alt=\"Logo\"]", "src"), "logo.svg");
    assert!(folder.join("logo.svg").is_file());

    let lead = "picture img.lead-image";
    assert_eq!(page.attr(lead, "fetchpriority"), "high");
    assert!(
        page.attrs(lead, "loading").is_empty(),
        "the lead image is not lazy"
    );
    assert_eq!(page.attr(lead, "alt"), "A knee brace on a table");
    let og = page.attr("meta[property=\"og:image\"]", "content");
    assert_eq!(og, "https://clinic.example/posts/knee/lead-og.jpg");
    let preview = decode(&folder.join("lead-og.jpg"));
    assert_eq!((preview.width(), preview.height()), (1200, 630));

    assert!(
        !folder.join("lead.jpg").exists(),
        "the lead image is published only as its variants"
    );
}

/// Guards privacy: no image of the output has a GPS position, and no variant has EXIF at
/// all; the photo linked at full size keeps only its orientation; a photo of `static/`
/// loses its GPS too.
#[test]
fn no_published_image_carries_gps_or_camera_metadata() {
    let site = photo_site();
    site.write("static/images/team.jpg", jpeg(300, 200, Some(PHONE)));
    site.build(&[]);
    let images = published_images(&site.path("public"));
    assert!(images.len() > 10, "{images:?}");
    for (path, file) in &images {
        let bytes = std::fs::read(file).unwrap();
        assert!(!has_gps(&bytes), "{path} has a GPS position");
        assert!(
            !bytes.windows(12).any(|window| window == b"SN-0042-PHON"),
            "{path} has the camera's serial number"
        );
        if path.contains("w.") || path.ends_with("-og.jpg") {
            assert!(exif_of(&bytes).is_none(), "{path} has EXIF");
        }
    }
    let linked = std::fs::read(site.path("public/posts/knee/brace.jpg")).unwrap();
    let exif = exif_of(&linked).expect("the orientation is kept");
    assert_eq!(exif.fields().count(), 1);
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|field| field.value.get_uint(0));
    assert_eq!(orientation, Some(6));
    assert_eq!(
        decode(&site.path("public/posts/knee/brace.jpg")).width(),
        2000
    );
    assert!(images.contains_key("images/team.jpg"));
}

/// Guards the cache: a second build after a text edit re-renders the page but encodes
/// nothing (the cache's files are not written again), and keeps the variants in place.
#[test]
fn a_rebuild_does_not_encode_an_unchanged_image_again() {
    let site = photo_site();
    site.build(&[]);
    let cached = published_images(site.cache());
    assert!(!cached.is_empty());
    let stamps = |files: &BTreeMap<String, PathBuf>| -> Vec<std::time::SystemTime> {
        files
            .values()
            .map(|file| std::fs::metadata(file).unwrap().modified().unwrap())
            .collect()
    };
    let before = stamps(&cached);
    let output_before = stamps(&published_images(&site.path("public")));
    let post = "posts/knee/index.md";
    site.write(
        post,
        site.read(post)
            .replace("How to wear it.", "How to wear it well."),
    );
    let run = site.build(&[]);
    assert_eq!(
        published_images(site.cache()),
        cached,
        "no new file in the cache"
    );
    assert_eq!(
        stamps(&cached),
        before,
        "nothing in the cache written again"
    );
    assert_eq!(
        stamps(&published_images(&site.path("public"))),
        output_before,
        "{}",
        run.stdout()
    );
    assert!(
        site.read("public/posts/knee/index.html")
            .contains("wear it well")
    );
}

/// Guards the errors: a shown image salve cannot decode is an error at the image in the
/// text, and the previous output stays.
#[test]
fn an_image_that_cannot_be_read_is_a_located_error() {
    let site = photo_site();
    site.build(&[]);
    let post = "posts/knee/index.md";
    site.write(post, site.read(post) + "\nBroken: ![Scan](scan.jpg)\n");
    site.write("posts/knee/scan.jpg", "this is no JPEG");
    let run = site.salve(&["build"]).failure(1);
    assert_reports(
        &run.stderr(),
        "posts/knee/index.md:15:9: the image `scan.jpg` cannot be read as an image",
    );
    assert!(site.path("public/posts/knee/index.html").is_file());
}

/// Guards the `image-metadata` rule: a source photo with a GPS position is named, a photo
/// without one is not.
#[test]
fn check_names_the_photos_that_hold_a_gps_position() {
    let site = photo_site();
    site.write("static/images/team.jpg", jpeg(300, 200, Some(PHONE)));
    let run = site.salve(&["check"]);
    let out = run.stdout() + &run.stderr();
    assert_reports(&out, "posts/knee/brace.jpg:1:1: warning[image-metadata]");
    assert_reports(&out, "static/images/team.jpg:1:1: warning[image-metadata]");
    assert!(!out.contains("lead.jpg"), "{out}");
}

/// Guards the settings: widths and quality are checked where they are written.
#[test]
fn image_settings_are_checked() {
    let site = photo_site();
    site.write(
        "salve.yaml",
        "title: Clinic\nimages:\n  widths: [400, 9000]\n",
    );
    let run = site.salve(&["build"]).failure(1);
    assert_reports(&run.stderr(), "salve.yaml:3:");
    assert_reports(&run.stderr(), "the image width 9000 is out of range");
    site.write(
        "salve.yaml",
        "title: Clinic\nimages:\n  widths: [300, 600]\n  quality: 70\n",
    );
    site.build(&[]);
    let page = site.page("posts/knee/index.html");
    let webp = page.attr("figure picture source[type=\"image/webp\"]", "srcset");
    assert_eq!(
        webp,
        "/posts/knee/brace-300w.webp 300w, /posts/knee/brace-600w.webp 600w"
    );
}

/// Guards images of `static/` that pages show: a person's photo at the photo widths, and a
/// lead image written as a site path (as imports write them), with its preview crop.
#[test]
fn static_photos_and_lead_images_get_variants_too() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: Clinic\nbase_url: https://clinic.example\npeople:\n  jr:\n    name: Jane Roe\n    credentials: MD\n    photo: /images/jr.jpg\n",
        ),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\nauthor: jr\nimage: /images/hero.jpg\nimage_alt: The clinic's door\n---\nText.\n",
        ),
    ]);
    site.write("static/images/jr.jpg", jpeg(600, 600, Some(PHONE)));
    site.write("static/images/hero.jpg", jpeg(1400, 1000, None));
    site.build(&[]);
    let person = site.page("people/jr/index.html");
    let webp = person.attr("picture source[type=\"image/webp\"]", "srcset");
    assert_eq!(webp, "/images/jr-160w.webp 160w, /images/jr-320w.webp 320w");
    assert_eq!(
        person.attr("img.person-photo", "src"),
        "/images/jr-320w.jpg"
    );
    for (url, width) in candidates(&webp) {
        let file = decode(&site.path(&format!("public{url}")));
        assert_eq!((file.width(), file.height()), (width, width));
    }
    let directory = site.page("people/index.html");
    assert_eq!(
        directory.attr("img.person-photo", "src"),
        "/images/jr-320w.jpg"
    );

    let post = site.page("posts/a/index.html");
    assert_eq!(post.attr("img.lead-image", "src"), "/images/hero-1400w.jpg");
    assert_eq!(post.attr("img.lead-image", "width"), "1400");
    assert_eq!(
        post.attr("meta[property=\"og:image\"]", "content"),
        "https://clinic.example/images/hero-og.jpg"
    );
    let preview = decode(&site.path("public/images/hero-og.jpg"));
    assert_eq!((preview.width(), preview.height()), (1200, 630));
}

/// Guards the `image` template function: a theme asks for any image of the static files and
/// gets variants that exist, with their sizes; a path that is no such image is an error that
/// names the template.
#[test]
fn templates_get_the_variants_of_static_images_from_the_image_function() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: Clinic\n"),
        (
            "posts/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n",
        ),
        (
            "templates/tags.html",
            "<!DOCTYPE html><html lang=\"en\"><title>Tags</title>{% set hero = image(path=\"/images/hero.png\") %}<img src=\"{{ hero.src }}\" srcset=\"{{ hero.srcset }}\" sizes=\"{{ hero.sizes }}\" width=\"{{ hero.width }}\" height=\"{{ hero.height }}\" alt=\"\" data-type=\"{{ hero.type }}\">",
        ),
    ]);
    site.write("static/images/hero.png", png(1000, 500));
    site.build(&[]);
    let page = site.page("tags/index.html");
    assert_eq!(page.attr("img", "src"), "/images/hero-1000w.png");
    assert_eq!(page.attr("img", "data-type"), "image/png");
    assert_eq!(
        (page.attr("img", "width"), page.attr("img", "height")),
        ("1000".into(), "500".into())
    );
    for (url, width) in candidates(&page.attr("img", "srcset")) {
        assert_eq!(
            decode(&site.path(&format!("public{url}"))).width(),
            width,
            "{url}"
        );
    }
    site.write(
        "templates/tags.html",
        "{% set hero = image(path=\"/images/nothing.png\") %}{{ hero.src }}",
    );
    let run = site.salve(&["build"]).failure(1);
    assert_reports(&run.stderr(), "templates/tags.html");
    assert_reports(
        &run.stderr(),
        "the static files have no JPEG, PNG or WebP at that path",
    );
}

/// Guards `images.avif`: AVIF files at every width, offered before the WebP ones.
#[test]
fn avif_variants_come_first_when_asked_for() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: Clinic\nimages:\n  widths: [200, 400]\n  avif: true\n",
        ),
        (
            "posts/knee/index.md",
            "---\ntitle: Knee\ndate: 2025-01-01\n---\n![A brace](brace.jpg)\n",
        ),
    ]);
    site.write("posts/knee/brace.jpg", jpeg(600, 400, None));
    site.build(&[]);
    let page = site.page("posts/knee/index.html");
    let types = page.attrs("picture source", "type");
    assert_eq!(types, ["image/avif", "image/webp"]);
    let avif = page.attr("picture source[type=\"image/avif\"]", "srcset");
    assert_eq!(
        avif,
        "/posts/knee/brace-200w.avif 200w, /posts/knee/brace-400w.avif 400w"
    );
    for (url, _) in candidates(&avif) {
        let bytes = std::fs::read(site.path(&format!("public{url}"))).unwrap();
        assert_eq!(&bytes[4..12], b"ftypavif", "{url} is an AVIF file");
    }
}

/// Guards HEIC and other photos salve cannot clean: never published, an error at the link
/// (or at the file of `static/`) that says to export a JPEG.
#[test]
fn photos_salve_cannot_clean_are_refused() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: Clinic\n"),
        (
            "posts/knee/index.md",
            "---\ntitle: Knee\ndate: 2025-01-01\n---\nThe [photo](IMG_0042.HEIC).\n",
        ),
        ("posts/knee/IMG_0042.HEIC", "ftypheic and EXIF with GPS"),
        ("static/images/scan.tiff", "II* TIFF with GPS"),
    ]);
    let run = site.salve(&["build"]).failure(1);
    assert_reports(
        &run.stderr(),
        "posts/knee/index.md:5:5: `IMG_0042.HEIC` is a HEIC photo: salve cannot remove the location",
    );
    assert_reports(
        &run.stderr(),
        "static/images/scan.tiff:1:1: `scan.tiff` is a TIFF image",
    );
    assert!(!site.path("public").exists());
}

/// Guards images in summaries: the home page shows a post's first paragraph, and an image
/// there is named from the site's root, so it shows on the home page too.
#[test]
fn an_image_in_a_summary_shows_on_the_home_page() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: Clinic\n"),
        (
            "posts/knee/index.md",
            "---\ntitle: Knee\ndate: 2025-01-01\n---\n![A brace](brace.png) on the knee.\n\nMore.\n",
        ),
    ]);
    site.write("posts/knee/brace.png", png(600, 400));
    site.build(&[]);
    let home = site.page("index.html");
    let src = home.attr("article.post-card picture img", "src");
    assert_eq!(src, "/posts/knee/brace-600w.png");
    assert!(site.path(&format!("public{src}")).is_file());
}

/// Guards images written with a path from the site's root (as Jekyll posts write them, and
/// the import keeps): an image of `static/` shown in the text gets variants beside it.
#[test]
fn an_image_of_static_shown_in_the_text_gets_variants() {
    let site = TestSite::new(&[
        (
            "salve.yaml",
            "title: Clinic\nbase_url: https://clinic.example/blog/\n",
        ),
        (
            "posts/knee.md",
            "---\ntitle: Knee\ndate: 2025-01-01\n---\nText.\n\n![A knee](/assets/knee.jpg)\n",
        ),
    ]);
    site.write("static/assets/knee.jpg", jpeg(900, 600, Some(PHONE)));
    site.build(&[]);
    let page = site.page("posts/knee/index.html");
    let img = "picture img[alt=\"A knee\"]";
    assert_eq!(page.attr(img, "src"), "/blog/assets/knee-600w.jpg");
    let webp = page.attr("picture source[type=\"image/webp\"]", "srcset");
    assert_eq!(
        webp,
        "/blog/assets/knee-480w.webp 480w, /blog/assets/knee-600w.webp 600w"
    );
    for (url, width) in candidates(&webp) {
        let file = url.trim_start_matches("/blog");
        assert_eq!(decode(&site.path(&format!("public{file}"))).width(), width);
    }
    let copy = std::fs::read(site.path("public/assets/knee.jpg")).unwrap();
    assert!(!has_gps(&copy), "the copy of static/ has no GPS either");
}
