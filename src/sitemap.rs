//! `/sitemap.xml` (every page a search engine should index, with the date it last changed) and
//! `/robots.txt` pointing at it. Redirect pages of aliases and the 404 page are left out.

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::content::PostDate;
use crate::markdown::escape_into;
use crate::render::{Contents, Output};
use crate::site::Site;

/// The sitemap and robots.txt; none without a `base_url`. A `robots.txt` of the site's own (in
/// `static/`) wins over the generated one.
pub fn outputs(site: &Site, has_own_robots: bool) -> Vec<Output> {
    if !site.has_feeds() {
        return Vec::new();
    }
    let mut outputs = vec![Output {
        path: "sitemap.xml".to_owned(),
        contents: Contents::Bytes(sitemap(site).into()),
    }];
    if !has_own_robots {
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.urls.absolute("/sitemap.xml")
        );
        outputs.push(Output {
            path: "robots.txt".to_owned(),
            contents: Contents::Bytes(robots.into()),
        });
    }
    outputs
}

/// Every indexable page with its last change: `(site path, date)`.
pub fn pages(site: &Site) -> Vec<(String, Option<&PostDate>)> {
    let newest_of = |indices: &mut dyn Iterator<Item = usize>| {
        indices
            .map(|i| site.posts[i].post.last_modified())
            .max_by_key(|d| d.timestamp())
    };
    let per_page = site.config.posts_per_page.0;
    let mut pages = Vec::new();
    let home_pages = site.posts.len().div_ceil(per_page).max(1);
    for number in 1..=home_pages {
        let path = if number == 1 {
            "/".to_owned()
        } else {
            format!("/page/{number}/")
        };
        let start = (number - 1) * per_page;
        pages.push((
            path,
            newest_of(&mut (start..site.posts.len().min(start + per_page))),
        ));
    }
    for post in &site.posts {
        pages.push((post.post.url.clone(), Some(post.post.last_modified())));
    }
    pages.push(("/tags/".to_owned(), newest_of(&mut (0..site.posts.len()))));
    for tag in &site.tags {
        for (number, chunk) in tag.posts.chunks(per_page).enumerate() {
            let base = Site::tag_url(tag);
            let path = if number == 0 {
                base
            } else {
                format!("{base}page/{}/", number + 1)
            };
            pages.push((path, newest_of(&mut chunk.iter().copied())));
        }
    }
    for person in &site.people {
        pages.push((
            Site::person_url(&person.id),
            newest_of(&mut person.written.iter().chain(&person.reviewed).copied()),
        ));
    }
    pages
}

fn sitemap(site: &Site) -> String {
    let pages = pages(site);
    // A site of 100,000 posts has more than 100,000 entries: they are written in parallel runs.
    let entries: Vec<String> = pages
        .par_chunks(4096)
        .map(|chunk| {
            let mut xml = String::with_capacity(chunk.len() * 120);
            for (path, lastmod) in chunk {
                xml.push_str("  <url><loc>");
                escape_into(&mut xml, &site.urls.absolute(path));
                xml.push_str("</loc>");
                if let Some(date) = lastmod {
                    let _ = write!(xml, "<lastmod>{}</lastmod>", date.rfc3339());
                }
                xml.push_str("</url>\n");
            }
            xml
        })
        .collect();
    let mut xml = String::with_capacity(128 + entries.iter().map(String::len).sum::<usize>());
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    xml.extend(entries);
    xml.push_str("</urlset>\n");
    xml
}
