//! `/sitemap.xml` (every page a search engine should index, with the date it last changed) and
//! `/robots.txt` pointing at it. Redirect pages of aliases and the 404 page are left out. On a
//! site in several languages the sitemap lists the pages of every language, and each page
//! with versions in other languages lists them all as `xhtml:link` alternates (itself
//! included, and `x-default` for the default language's), as search engines ask.

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::content::PostDate;
use crate::files::{Contents, Output};
use crate::html::escape_into;
use crate::pages::Page;
use crate::site::Site;

/// The sitemap and robots.txt; none without a `base_url`. A `robots.txt` of the site's own (in
/// `static/`) wins over the generated one.
pub fn outputs(sites: &[(&Site, &[Page])], has_own_robots: bool) -> Vec<Output> {
    let Some((site, _)) = sites.first().filter(|(site, _)| site.has_feeds()) else {
        return Vec::new();
    };
    let entries: Vec<String> = sites
        .iter()
        .flat_map(|(site, pages)| entries(site, pages))
        .collect();
    let multilingual = sites.len() > 1;
    let mut xml = String::with_capacity(192 + entries.iter().map(String::len).sum::<usize>());
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if multilingual {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    xml.extend(entries);
    xml.push_str("</urlset>\n");
    let mut outputs = vec![Output {
        path: "sitemap.xml".to_owned(),
        contents: Contents::Bytes(xml.into()),
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

/// The entries of one language's pages, in runs written in parallel (a site of 100,000 posts
/// has more than 100,000 entries).
fn entries(site: &Site, pages: &[Page]) -> Vec<String> {
    let pages: Vec<(Page, Option<&PostDate>)> = pages
        .iter()
        .filter(|page| page.in_sitemap())
        .map(|&page| (page, page.last_modified(site)))
        .collect();
    let languages = site.config.site_languages();
    pages
        .par_chunks(4096)
        .map(|chunk| {
            let mut xml = String::with_capacity(chunk.len() * 120);
            for &(page, lastmod) in chunk {
                xml.push_str("  <url><loc>");
                escape_into(&mut xml, &site.urls.absolute(&page.site_path(site)));
                xml.push_str("</loc>");
                if let Some(date) = lastmod {
                    let _ = write!(xml, "<lastmod>{}</lastmod>", date.rfc3339());
                }
                let versions = page.versions(site);
                for (index, path) in &versions {
                    alternate(&mut xml, &languages[*index].0, &site.urls.absolute(path));
                }
                if let Some((_, default)) = versions.iter().find(|(index, _)| *index == 0) {
                    alternate(&mut xml, "x-default", &site.urls.absolute(default));
                }
                xml.push_str("</url>\n");
            }
            xml
        })
        .collect()
}

/// One `xhtml:link` alternate of a sitemap entry.
fn alternate(xml: &mut String, hreflang: &str, url: &str) {
    xml.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
    escape_into(xml, hreflang);
    xml.push_str("\" href=\"");
    escape_into(xml, url);
    xml.push_str("\"/>");
}
