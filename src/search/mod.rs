//! Site search without third parties. Each searchable page (a post or page that does not opt
//! out) is indexed from what the build already holds: its title, description, tags and
//! rendered body, on all cores, a page at a time ([`record`]). The pages' records are then
//! merged into an index the search page's query engine reads ([`bundle`]): split into chunks
//! so that a browser downloads only what a query needs, written under `/pagefind/` and served
//! by the site itself. `salve serve` keeps the records between rebuilds ([`Records`]), so an
//! edit re-reads only the pages it changed.

mod bundle;
mod cbor;
mod huffman;
mod record;
mod runtime;
mod text;
mod words;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;

use record::Record;
pub use record::Source;
use runtime::Runtime;
use words::Words;

use crate::files::Output;
use crate::fingerprint::fingerprint;
use crate::pages::Page;
use crate::site::Site;

/// The folder of the search index in the output, in each language's root (`pagefind`,
/// `es/pagefind`): each language has an index of its own pages, stemmed for it.
pub const BUNDLE_DIR: &str = "pagefind";

/// The folder of a site's search index in the output: `pagefind`, or `es/pagefind`.
pub fn bundle_dir(site: &Site) -> String {
    site.in_language(&format!("/{BUNDLE_DIR}"))
        .trim_start_matches('/')
        .to_owned()
}

/// The site path of a site's search index: `/pagefind/`, or `/es/pagefind/`.
pub fn bundle_path(site: &Site) -> String {
    format!("/{}/", bundle_dir(site))
}

/// Changes whenever what a record holds or how it is written changes, so that records kept
/// from an older salve are not reused.
const RECORD_FORMAT: u32 = 1;

/// Pages indexed together: enough to keep every core busy, few enough that their records
/// take little memory. The index's memory is the merged words and one batch.
const BATCH: usize = 256;

/// The index files of the site's searchable pages; none when `search: false`.
pub fn outputs(site: &Site, pages: &[Page]) -> Result<Vec<Output>> {
    if !site.config.search {
        return Ok(Vec::new());
    }
    let mut outputs = Vec::new();
    let dir = bundle_dir(site);
    write_index(
        &site.config.language.0,
        &dir,
        &sources(site, pages),
        |files| {
            outputs.extend(files);
            Ok(())
        },
    )?;
    Ok(outputs)
}

/// Indexes `sources` a batch at a time, handing each batch's files to `emit` as soon as they
/// are made (the fragments of its pages; the words, filter and metadata come last).
pub fn write_index(
    language: &str,
    dir: &str,
    sources: &[Source],
    mut emit: impl FnMut(Vec<Output>) -> Result<()>,
) -> Result<()> {
    let runtime = Runtime::for_language(language)?;
    let mut index = bundle::Index::new(dir, &runtime);
    for batch in sources.chunks(BATCH) {
        let records: Vec<Record> = batch
            .par_iter()
            .map(|source| make_record(language, source))
            .collect();
        let records: Vec<&Record> = records.iter().collect();
        emit(index.add(&records))?;
    }
    emit(index.finish())
}

thread_local! {
    /// Each thread's words, kept from page to page and build to build: most words of a page
    /// were seen on an earlier one.
    static WORDS: RefCell<Option<Words>> = const { RefCell::new(None) };
}

/// A page's record, read with this thread's words of `language`.
fn make_record(language: &str, source: &Source) -> Record {
    WORDS.with_borrow_mut(|kept| {
        let words = match kept {
            Some(words) if words.language() == language => words,
            _ => kept.insert(Words::new(language)),
        };
        record::record(source, words)
    })
}

/// What each searchable page is indexed from, in the order of the site's pages. Quick to take
/// (bodies are shared, not copied), so that `salve serve` can index later, away from the
/// reload.
pub fn sources(site: &Site, pages: &[Page]) -> Vec<Source> {
    let language = &site.config.language.0;
    pages
        .iter()
        .filter(|page| page.is_searchable(site))
        .filter_map(|&page| {
            let (document, tags) = match page {
                Page::Post(index) => {
                    let post = &site.posts[index];
                    let tags = post.tags.iter().map(|&t| site.tags[t].name.clone());
                    (post, tags.collect())
                }
                Page::Standalone(index) => (&site.pages[index], Vec::new()),
                _ => return None,
            };
            let post = &document.post;
            let url = site.urls.path(&page.site_path(site));
            let date = post.date().map(|date| date.date().to_string());
            let key = fingerprint(&(RECORD_FORMAT, language, &url, document.fingerprint, &tags));
            Some(Source {
                url,
                title: post.front.title.clone(),
                date,
                description: post.own_description().map(str::to_owned),
                tags,
                body: Arc::clone(&document.markdown),
                key,
            })
        })
        .collect()
}

/// A key for the whole index of these sources: equal keys, equal index.
pub fn index_key(language: &str, sources: &[Source]) -> u64 {
    let keys: Vec<u64> = sources.iter().map(|source| source.key).collect();
    fingerprint(&(RECORD_FORMAT, language, keys))
}

/// The pages' records kept from the last index, by key.
#[derive(Debug, Default)]
pub struct Records {
    by_key: HashMap<u64, Arc<Record>>,
}

impl Records {
    /// The records of `sources`, in order: kept ones reused, the others made on all cores.
    /// Records of pages no longer among the sources are forgotten.
    pub fn update(&mut self, language: &str, sources: &[Source]) -> Vec<Arc<Record>> {
        let kept = &self.by_key;
        let records: Vec<Arc<Record>> = sources
            .par_iter()
            .map(|source| match kept.get(&source.key) {
                Some(record) => Arc::clone(record),
                None => Arc::new(make_record(language, source)),
            })
            .collect();
        self.by_key = records
            .iter()
            .map(|record| (record.key, Arc::clone(record)))
            .collect();
        records
    }
}

/// The index files of these records (the searchable pages, in order) and the query engine's
/// files, under `dir` ([`bundle_dir`]).
pub fn index(language: &str, dir: &str, records: &[Arc<Record>]) -> Result<Vec<Output>> {
    let runtime = Runtime::for_language(language)?;
    let records: Vec<&Record> = records.iter().map(Arc::as_ref).collect();
    let mut index = bundle::Index::new(dir, &runtime);
    let mut files = index.add(&records);
    files.extend(index.finish());
    Ok(files)
}
