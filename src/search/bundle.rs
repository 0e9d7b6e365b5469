//! The search index's files, in the format of the query engine the search page loads
//! (Pagefind's, version [`Runtime::version`]): an entry file naming the index of each language;
//! the index's metadata (the pages, where each range of words is, the filters); the words,
//! split into chunks by range so that a query downloads only the chunks of its words; a
//! fragment per page with what a result shows; and a file per filter. Files are named by a
//! hash of what they hold, so a browser may keep them, and an unchanged file is not rewritten.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cbor::Cbor;
use super::record::{Kind, META_FIELDS, Record, SHARDS, compress};
use super::runtime::Runtime;
use crate::files::{Contents, Output};

/// About how many bytes of places a chunk of the word index holds: a few tens of kilobytes,
/// as the query engine's own chunks.
const CHUNK_BYTES: usize = 32 * 1024;

/// An index being made: pages are added in order, a batch at a time, so that only a batch of
/// records is held at once.
pub struct Index<'d> {
    dir: &'d str,
    runtime: &'d Runtime,
    /// Each page's fragment name and word count, in page order.
    pages: Vec<(String, u32)>,
    names: Names,
    /// The words merged so far, by shard.
    shards: Vec<FxHashMap<Box<str>, MergedWord>>,
    /// Each tag's pages.
    tags: BTreeMap<String, Vec<usize>>,
}

impl<'d> Index<'d> {
    /// An empty index whose files go under `dir`.
    pub fn new(dir: &'d str, runtime: &'d Runtime) -> Self {
        Self {
            dir,
            runtime,
            pages: Vec::new(),
            names: Names::default(),
            shards: (0..SHARDS).map(|_| FxHashMap::default()).collect(),
            tags: BTreeMap::new(),
        }
    }

    /// Adds the next pages; returns their fragment files (one per distinct fragment).
    pub fn add(&mut self, records: &[&Record]) -> Vec<Output> {
        let language = self.runtime.language();
        let first = self.pages.len();
        let mut fragments = Vec::new();
        for (page, record) in (first..).zip(records) {
            let (name, new) = self.names.name(language, &record.fragment_hash);
            if new {
                fragments.push(Output {
                    path: format!("{}/fragment/{name}.pf_fragment", self.dir),
                    contents: Contents::Bytes(record.fragment.clone()),
                });
            }
            self.pages.push((name, record.word_count));
            for tag in &record.tags {
                self.tags.entry(tag.clone()).or_default().push(page);
            }
        }
        self.shards
            .par_iter_mut()
            .enumerate()
            .for_each(|(shard, words)| {
                for (page, record) in (first..).zip(records) {
                    for form in record.shard(shard) {
                        let word = match words.get_mut(form.stem) {
                            Some(word) => word,
                            None => words.entry(form.stem.into()).or_default(),
                        };
                        let pages = match form.accented {
                            None => &mut word.pages,
                            Some(spelling) => word.accented(spelling),
                        };
                        pages.add(page, form.positions);
                    }
                }
            });
        fragments
    }

    /// The rest of the index's files: the words, the filter, the metadata, the entry file and
    /// the query engine's own files.
    pub fn finish(mut self) -> Vec<Output> {
        let language = self.runtime.language();
        let mut names = std::mem::take(&mut self.names);
        let mut words: Vec<(Box<str>, MergedWord)> = std::mem::take(&mut self.shards)
            .into_iter()
            .flatten()
            .collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let chunks = chunks(words);
        let encoded: Vec<(Vec<u8>, String)> = chunks
            .par_iter()
            .map(|chunk| {
                let bytes = compress(&encode_chunk(chunk), Kind::Numbers);
                let hash = hash(&bytes);
                (bytes, hash)
            })
            .collect();
        let ranges = chunk_ranges(&chunks);
        drop(chunks);
        let mut files = Vec::new();
        let mut chunk_names = Vec::new();
        for (bytes, hash) in encoded {
            let (name, _) = names.name(language, &hash);
            files.push(self.output(format!("index/{name}.pf_index"), bytes));
            chunk_names.push(name);
        }
        let filter = filter_index(&self.tags).map(|filter| {
            let filter = compress(&filter, Kind::Numbers);
            let (name, _) = names.name(language, &hash(&filter));
            files.push(self.output(format!("filter/{name}.pf_filter"), filter));
            name
        });

        let meta = compress(
            &self.meta(&ranges, &chunk_names, filter.as_deref()),
            Kind::Text,
        );
        let meta_name = format!("{language}_{}", &hash(&meta)[..7]);
        files.push(self.output(format!("pagefind.{meta_name}.pf_meta"), meta));
        let entry = self.runtime.entry(&meta_name, self.pages.len());
        files.push(self.output("pagefind-entry.json".to_owned(), entry));
        for (name, bytes) in self.runtime.files() {
            files.push(Output {
                path: format!("{}/{name}", self.dir),
                contents: Contents::Bytes(bytes.clone()),
            });
        }
        files
    }

    /// The index's metadata: the version, the pages, the chunks with their word ranges, the
    /// filter, no sort orders, and the details' names.
    fn meta(
        &self,
        ranges: &[(String, String)],
        chunk_names: &[String],
        filter: Option<&str>,
    ) -> Vec<u8> {
        let mut meta = Cbor::default();
        meta.array(6);
        meta.text(self.runtime.version());
        meta.array(self.pages.len());
        for (name, word_count) in &self.pages {
            meta.array(3);
            meta.text(name);
            meta.unsigned(u64::from(*word_count));
            meta.text("");
        }
        meta.array(ranges.len());
        for ((from, to), name) in ranges.iter().zip(chunk_names) {
            meta.array(3);
            meta.text(from);
            meta.text(to);
            meta.text(name);
        }
        match filter {
            Some(name) => {
                meta.array(1);
                meta.array(2);
                meta.text("tag");
                meta.text(name);
            }
            None => meta.array(0),
        }
        meta.array(0);
        meta.array(META_FIELDS.len());
        for field in META_FIELDS {
            meta.text(field);
        }
        meta.into_bytes()
    }

    fn output(&self, name: String, bytes: Vec<u8>) -> Output {
        Output {
            path: format!("{}/{name}", self.dir),
            contents: Contents::Bytes(bytes.into()),
        }
    }
}

/// A hash of bytes in hexadecimal.
fn hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// File names from hashes: the language and the hash's first seven digits, more where two
/// hashes would share a name. Equal hashes get one name.
#[derive(Default)]
struct Names {
    taken: HashMap<String, String>,
}

impl Names {
    /// The name for a hash, and whether it is new.
    fn name(&mut self, language: &str, hash: &str) -> (String, bool) {
        let mut length = 7;
        loop {
            let name = format!("{language}_{}", &hash[..length.min(hash.len())]);
            match self.taken.get(&name) {
                Some(owner) if owner == hash => return (name, false),
                Some(_) if length < hash.len() => length += 1,
                _ => {
                    self.taken.insert(name.clone(), hash.to_owned());
                    return (name, true);
                }
            }
        }
    }
}

/// A word of the index: its pages, already written out, and its accented spellings'.
#[derive(Default)]
struct MergedWord {
    pages: Pages,
    accented: Vec<(Box<str>, Pages)>,
}

impl MergedWord {
    /// The pages of an accented spelling, added if new.
    fn accented(&mut self, spelling: &str) -> &mut Pages {
        let index = self
            .accented
            .iter()
            .position(|(known, _)| &**known == spelling)
            .unwrap_or_else(|| {
                self.accented.push((spelling.into(), Pages::default()));
                self.accented.len() - 1
            });
        &mut self.accented[index].1
    }

    /// The bytes of places it holds.
    fn size(&self) -> usize {
        self.pages.encoded.size()
            + self
                .accented
                .iter()
                .map(|(_, p)| p.encoded.size())
                .sum::<usize>()
    }
}

/// A word's pages as written into the index: each page's number (as the distance from the
/// one before) and places.
#[derive(Default)]
struct Pages {
    count: usize,
    last_page: usize,
    encoded: Cbor,
}

impl Pages {
    fn add(&mut self, page: usize, positions: &[u8]) {
        self.encoded.array(3);
        self.encoded.unsigned((page - self.last_page) as u64);
        self.encoded.raw(positions);
        self.count += 1;
        self.last_page = page;
    }
}

/// The words cut into chunks of about [`CHUNK_BYTES`] each.
fn chunks(words: Vec<(Box<str>, MergedWord)>) -> Vec<Vec<(Box<str>, MergedWord)>> {
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for (word, merged) in words {
        size += merged.size();
        chunk.push((word, merged));
        if size >= CHUNK_BYTES {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// One chunk's file: its words with their pages.
fn encode_chunk(chunk: &[(Box<str>, MergedWord)]) -> Vec<u8> {
    let mut out = Cbor::default();
    out.array(1);
    out.array(chunk.len());
    for (word, merged) in chunk {
        out.array(3);
        out.text(word);
        out.array(merged.pages.count);
        out.raw(merged.pages.encoded.bytes());
        out.array(merged.accented.len());
        for (form, pages) in &merged.accented {
            out.array(2);
            out.text(form);
            out.array(pages.count);
            out.raw(pages.encoded.bytes());
        }
    }
    out.into_bytes()
}

/// The range of words each chunk covers, as short as tells neighbours apart: the query
/// engine finds the chunks of a word (or of a prefix, as the reader types) by these.
fn chunk_ranges(chunks: &[Vec<(Box<str>, MergedWord)>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|chunk| {
            let first = chunk.first().map_or("", |(word, _)| &**word);
            let last = chunk.last().map_or("", |(word, _)| &**word);
            (first.to_owned(), last.to_owned())
        })
        .collect();
    for index in 1..ranges.len() {
        let (before, after) = ranges.split_at_mut(index);
        let (previous, next) = (&mut before[index - 1], &mut after[0]);
        let shared = previous
            .1
            .chars()
            .zip(next.0.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let previous_end: String = previous.1.chars().take(shared + 1).collect();
        if previous_end >= previous.0 {
            previous.1 = previous_end;
        }
        next.0 = next.0.chars().take(shared + 1).collect();
    }
    ranges
}

/// The `tag` filter: each tag with the pages that have it, tags in order; none when no page
/// has a tag.
fn filter_index(tags: &BTreeMap<String, Vec<usize>>) -> Option<Vec<u8>> {
    if tags.is_empty() {
        return None;
    }
    let mut out = Cbor::default();
    out.array(2);
    out.text("tag");
    out.array(tags.len());
    for (tag, pages) in tags {
        out.array(2);
        out.text(tag);
        out.array(pages.len());
        for &page in pages {
            out.unsigned(page as u64);
        }
    }
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::Names;

    #[test]
    fn names_grow_only_where_two_hashes_share_a_prefix() {
        let mut names = Names::default();
        let mut name = |hash: &str| names.name("en", hash);
        assert_eq!(name("abcdef0111"), ("en_abcdef0".into(), true));
        assert_eq!(name("abcdef0222"), ("en_abcdef02".into(), true));
        assert_eq!(name("abcdef0111"), ("en_abcdef0".into(), false));
        assert_eq!(name("1234567000"), ("en_1234567".into(), true));
    }
}
