//! criterion benchmarks of the hot stages of a build, over the demo site's posts (real clinic
//! content: front matter with references and reviewers, headings, lists, tables, footnotes,
//! links between posts): front matter parsing, Markdown rendering, template rendering of every
//! page, and writing the output (a fresh folder, then an unchanged one).
//!
//! Run with `cargo bench --bench stages`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_main};
use salve::build::{load_config, render_pages, selection};
use salve::content::{Collection, Post, parse_post};
use salve::markdown::{LinkTargets, render_post};
use salve::memo::Memo;
use salve::site::Site;
use salve::theme::Theme;

fn demo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The demo's post files: display path, posts-relative path, bytes.
fn post_files(root: &Path) -> Vec<(PathBuf, String, Vec<u8>)> {
    let posts_dir = root.join("posts");
    walkdir::WalkDir::new(&posts_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "md"))
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(&posts_dir)
                .expect("inside the posts folder")
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path()).expect("read a demo post");
            (entry.path().to_path_buf(), relative, bytes)
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let root = demo_root();
    let config = load_config(&root, None).expect("demo config");
    let files = post_files(&root);

    c.bench_function("front matter parse (12 demo posts)", |b| {
        b.iter(|| {
            for (display, relative, bytes) in &files {
                black_box(
                    parse_post(display.clone(), relative.clone(), bytes.clone(), &config)
                        .expect("a valid post"),
                );
            }
        });
    });

    let posts: Vec<Post> = files
        .iter()
        .map(|(display, relative, bytes)| {
            parse_post(display.clone(), relative.clone(), bytes.clone(), &config)
                .expect("a valid post")
        })
        .collect();
    let left_out = std::collections::HashMap::new();
    let posts_dir = root.join("posts");
    // The demo's images are probed once, on the first render, like in a build.
    let images = salve::images::Catalog::new(config.images.clone());
    let targets = LinkTargets {
        posts: posts
            .iter()
            .map(|post| (post.source.content_path.as_str(), post.url.as_str()))
            .collect(),
        left_out: &left_out,
        root: &root,
        real_posts_dir: posts_dir.canonicalize().ok(),
        real_pages_dir: root.join("pages").canonicalize().ok(),
        base_path: "/",
        images: &images,
        static_dir: root.join("static"),
        strings: &salve::i18n::built_in_only(&config).0[0],
    };
    c.bench_function("markdown render (12 demo posts)", |b| {
        b.iter(|| {
            for post in &posts {
                black_box(render_post(post, &targets, None));
            }
        });
    });

    let mut memo = Memo::disabled();
    let load = |collection, cache| {
        salve::content::load(&root, &config, collection, selection(false, false), cache)
            .expect("demo posts and pages")
    };
    let loaded = load(Collection::Posts, &mut memo.posts);
    let loaded_pages = load(Collection::Pages, &mut memo.page_files);
    let theme = Theme::load(&root, &config).expect("a valid theme");
    let strings = salve::i18n::load(&root, &config).expect("the demo's string tables");
    let (mut sites, errors) = Site::build(
        config.clone(),
        loaded,
        loaded_pages,
        &root,
        &mut memo.bodies,
        &strings,
    );
    assert!(errors.is_empty(), "{errors:?}");
    let site = sites.remove(0);
    let pages = salve::pages::list(&site);
    let page_files: Vec<String> = pages.iter().map(|page| page.output_file(&site)).collect();
    let feeds = salve::feeds::feeds(&site);
    c.bench_function("template render (every page of the demo)", |b| {
        b.iter(|| {
            black_box(salve::render::render(
                &site,
                &theme,
                &pages,
                &page_files,
                &feeds,
                &mut salve::render::PageCache::new(false),
                &salve::files::InMemory,
            ))
        });
    });

    search_index(c, &site, &pages);

    let outputs = render_pages(&root, config, selection(false, false), &mut memo)
        .expect("demo site")
        .outputs;
    c.bench_function("output write (the demo, into a new folder)", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temporary folder"),
            |dir| {
                let target = dir.path().join("public");
                black_box(salve::output::write(&target, &outputs).expect("written"));
                dir
            },
            BatchSize::PerIteration,
        );
    });
    let dir = tempfile::tempdir().expect("temporary folder");
    let target = dir.path().join("public");
    salve::output::write(&target, &outputs).expect("written");
    c.bench_function("output write (the demo, nothing changed)", |b| {
        b.iter(|| black_box(salve::output::write(&target, &outputs).expect("written")));
    });
}

/// The search index of every searchable page: each page's record, then the merged index.
fn search_index(c: &mut Criterion, site: &Site, pages: &[salve::pages::Page]) {
    let language = &site.config.language.0;
    let sources = salve::search::sources(site, pages);
    c.bench_function("search index (every searchable page of the demo)", |b| {
        b.iter(|| {
            let records = salve::search::Records::default().update(language, &sources);
            black_box(salve::search::index(language, "pagefind", &records).expect("indexed"))
        });
    });
}

// The macro defines an undocumented public function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::stages);
}
use group::benches;
criterion_main!(benches);
