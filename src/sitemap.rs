//! `/sitemap.xml` (every page a search engine should index, with the date it last changed) and
//! `/robots.txt` pointing at it. Redirect pages of aliases and the 404 page are left out.

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::content::PostDate;
use crate::files::{Contents, Output};
use crate::html::escape_into;
use crate::pages::Page;
use crate::site::Site;

/// The sitemap and robots.txt; none without a `base_url`. A `robots.txt` of the site's own (in
/// `static/`) wins over the generated one.
pub fn outputs(site: &Site, pages: &[Page], has_own_robots: bool) -> Vec<Output> {
    if !site.has_feeds() {
        return Vec::new();
    }
    let mut outputs = vec![Output {
        path: "sitemap.xml".to_owned(),
        contents: Contents::Bytes(sitemap(site, pages).into()),
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

fn sitemap(site: &Site, pages: &[Page]) -> String {
    let pages: Vec<(String, Option<&PostDate>)> = pages
        .iter()
        .filter(|page| page.in_sitemap())
        .map(|page| (page.site_path(site), page.last_modified(site)))
        .collect();
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
