//! Site search without third parties: a Pagefind index of every searchable page (title,
//! headings, body, tags, description), split into chunks so that a browser downloads only what a
//! query needs, written under `/pagefind/` and served by the site itself. The theme marks what
//! to index with `data-pagefind-*` attributes; the search page's script queries the index.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use bytes::Bytes;

use crate::files::{Contents, FileSource, Output};
use crate::pages::Page;
use crate::site::Site;

/// The folder of the search index in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// The index files for the site's searchable pages; none when `search: false`. `outputs` are
/// the rendered files of `pages`.
pub fn outputs(site: &Site, pages: &[Page], outputs: &[Output]) -> Result<Vec<Output>> {
    if !site.config.search {
        return Ok(Vec::new());
    }
    let index = build_index(
        &site.config.language.0,
        inputs(site, pages, outputs),
        &|| false,
    )?;
    Ok(index.unwrap_or_default())
}

/// What the indexer reads: each searchable page's URL and HTML. Quick to take (the pages are
/// shared, not copied), so that `salve serve` can index later, away from the reload.
pub fn inputs(site: &Site, pages: &[Page], outputs: &[Output]) -> Vec<(String, Bytes)> {
    let html_of: HashMap<&str, &Bytes> = outputs
        .iter()
        .filter_map(|page| match &page.contents {
            Contents::Bytes(html) => Some((page.path.as_str(), html)),
            Contents::File(FileSource::Embedded(_) | FileSource::Disk(_)) => None,
        })
        .collect();
    searchable(site, pages)
        .filter_map(|(url, file)| Some((url, Bytes::clone(html_of.get(file.as_str())?))))
        .collect()
}

/// Each searchable page's URL and its file in the output folder.
pub fn searchable<'a>(
    site: &'a Site,
    pages: &'a [Page],
) -> impl Iterator<Item = (String, String)> + 'a {
    pages
        .iter()
        .filter(|page| page.is_searchable(site))
        .map(|page| {
            (
                site.urls.path(&page.site_path(site)),
                page.output_file(site),
            )
        })
}

/// Builds the index files under `pagefind/` from [`inputs`]; `None` when `stop` said so
/// between two pages (`salve serve` stops an index that a newer save made stale).
pub fn build_index(
    language: &str,
    inputs: Vec<(String, Bytes)>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<Output>>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("failed to start the search indexer")?;
    let Some(files) = runtime.block_on(index(language, inputs, stop))? else {
        return Ok(None);
    };
    Ok(Some(
        files
            .into_iter()
            .map(|file| Output {
                path: format!(
                    "{BUNDLE_DIR}/{}",
                    file.filename.to_string_lossy().replace('\\', "/")
                ),
                contents: Contents::Bytes(file.contents.into()),
            })
            .collect(),
    ))
}

/// What the indexer needs of a page: its `<html>` tag (for the language) and the element
/// marked `data-pagefind-body`. The indexer parses everything it is given, and the rest of a
/// page (head, sidebar, footer) would be ignored anyway.
fn indexed_part(page: &str) -> String {
    let html_tag = page
        .find("<html")
        .and_then(|start| {
            page[start..]
                .find('>')
                .map(|end| &page[start..=start + end])
        })
        .unwrap_or("<html>");
    let body = page.find("data-pagefind-body").and_then(|marker| {
        let start = page[..marker].rfind('<')?;
        let name_end = page[start + 1..].find(|c: char| c.is_whitespace() || c == '>')? + start + 1;
        let closing = format!("</{}>", &page[start + 1..name_end]);
        let end = page[start..].find(&closing)? + start + closing.len();
        Some(&page[start..end])
    });
    match body {
        Some(body) => format!("<!DOCTYPE html>{html_tag}<body>{body}</body></html>"),
        None => page.to_owned(),
    }
}

async fn index(
    language: &str,
    pages: Vec<(String, Bytes)>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Vec<pagefind::api::SyntheticFile>>> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.split('-').next().unwrap_or("en").to_owned())
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options))
        .context("failed to set up the search index")?;
    for (url, page) in pages {
        if stop() {
            return Ok(None);
        }
        let html = indexed_part(&String::from_utf8_lossy(&page));
        index
            .add_html_file(None, Some(url.clone()), html)
            .await
            .with_context(|| format!("failed to index {url} for search"))?;
    }
    index
        .get_files()
        .await
        .map(Some)
        .context("failed to build the search index")
}

#[cfg(test)]
mod tests {
    use super::indexed_part;

    #[test]
    fn only_the_marked_element_is_handed_to_the_indexer() {
        let page = "<!DOCTYPE html><html lang=\"es\"><head><title>T</title></head><body><nav>Menu</nav><article class=\"post\" data-pagefind-body><h1>Dolor</h1></article><aside>More</aside></body></html>";
        assert_eq!(
            indexed_part(page),
            "<!DOCTYPE html><html lang=\"es\"><body><article class=\"post\" data-pagefind-body><h1>Dolor</h1></article></body></html>"
        );
        assert_eq!(indexed_part("<p>no marker</p>"), "<p>no marker</p>");
    }
}
