//! One page's part of the search index, made from the page alone, so that pages are indexed in
//! parallel and an unchanged page's part is reused: the page's fragment (the text and details
//! a result shows, compressed) and its words with their positions, already packed the way the
//! index stores them.

use std::collections::BTreeMap;
use std::sync::Arc;

use std::cell::RefCell;
use std::io::Write as _;

use bytes::Bytes;

use super::cbor::Cbor;
use super::text::{Anchor, Digest, Digested};
use super::words::Words;
use crate::markdown::RenderedMarkdown;

/// What a searchable page is indexed from, taken from what the build has in memory.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its address from the site's root.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its publication date (`2024-05-01`), for posts.
    pub date: Option<String>,
    /// Its own description.
    pub description: Option<String>,
    /// Its tags' names, which are also the search page's filters.
    pub tags: Vec<String>,
    /// Its rendered body.
    pub body: Arc<RenderedMarkdown>,
    /// Equal keys mean an equal record (the language, the page and its body).
    pub key: u64,
}

/// A page's words are split into this many shards by their stem, so that the index merges
/// shards on all cores.
pub const SHARDS: usize = 32;

/// The details every page may have, in the order the index numbers them.
pub const META_FIELDS: [&str; 2] = ["date", "title"];
const DATE: u16 = 0;
const TITLE: u16 = 1;

/// A page's part of the index, packed into a few buffers: the site's records are held
/// together while the index is made.
#[derive(Debug)]
pub struct Record {
    /// The source's key.
    pub key: u64,
    /// The fragment file: the page's text and details as JSON, compressed.
    pub fragment: Bytes,
    /// A hash of the fragment's JSON, in hexadecimal, that names its file.
    pub fragment_hash: String,
    /// Words in the page's text.
    pub word_count: u32,
    /// The page's tags.
    pub tags: Vec<String>,
    /// The page's forms, shard after shard.
    entries: Vec<Entry>,
    /// Where each shard's entries start, and where the last ends.
    shard_starts: Vec<u32>,
    /// The forms' stems and accented spellings, one after another.
    strings: String,
    /// Each form's places as the index writes them: a CBOR array of places in the text, then
    /// one of places in the details.
    positions: Vec<u8>,
}

/// Where one form's stem, spelling and places are in a record's buffers.
#[derive(Debug)]
struct Entry {
    stem: (u32, u32),
    /// Empty when the form has no accents.
    accented: (u32, u32),
    positions: (u32, u32),
}

/// One form of a page, read from its record.
pub struct PageForm<'r> {
    /// The stem.
    pub stem: &'r str,
    /// The accented spelling, for a form written with accents.
    pub accented: Option<&'r str>,
    /// Its places as the index writes them.
    pub positions: &'r [u8],
}

impl Record {
    /// The page's forms whose stems belong to a shard.
    pub fn shard(&self, shard: usize) -> impl Iterator<Item = PageForm<'_>> {
        let range = self.shard_starts[shard] as usize..self.shard_starts[shard + 1] as usize;
        self.entries[range].iter().map(|entry| {
            let text = |(start, end): (u32, u32)| &self.strings[start as usize..end as usize];
            PageForm {
                stem: text(entry.stem),
                accented: (entry.accented.0 != entry.accented.1).then(|| text(entry.accented)),
                positions: &self.positions[entry.positions.0 as usize..entry.positions.1 as usize],
            }
        })
    }
}

/// The shard a stem belongs to.
pub fn shard_of(stem: &str) -> usize {
    // Truncation is fine: any bits of the hash pick a shard.
    let hash = xxhash_rust::xxh3::xxh3_64(stem.as_bytes()).to_le_bytes();
    usize::from(hash[0]) % SHARDS
}

/// Makes a page's record.
pub fn record(source: &Source, words: &mut Words) -> Record {
    let body = source.body.html.as_str();
    let mut digest = Digest::new(words, body.len() + source.title.len() + 256);
    digest.meta(TITLE, &source.title);
    if let Some(date) = &source.date {
        digest.meta(DATE, date);
    }
    digest.heading(1, None, &crate::html::escape(&source.title));
    if let Some(description) = &source.description {
        digest.block(&crate::html::escape(description));
    }
    for tag in &source.tags {
        digest.block(&crate::html::escape(tag));
    }
    digest.html(body);
    let digested = digest.finish();

    let mut meta = BTreeMap::new();
    meta.insert(META_FIELDS[usize::from(TITLE)], source.title.as_str());
    if let Some(date) = &source.date {
        meta.insert(META_FIELDS[usize::from(DATE)], date.as_str());
    }
    let fragment = Fragment {
        url: &source.url,
        content: &digested.content,
        word_count: digested.word_count,
        filters: filters(&source.tags),
        meta,
        anchors: &digested.anchors,
    };
    let mut json = Vec::with_capacity(digested.content.len() + 1024);
    fragment.write_json(&mut json);
    let mut record = Record {
        key: source.key,
        fragment_hash: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&json)),
        fragment: compress(&json, Kind::Text).into(),
        word_count: digested.word_count,
        tags: source.tags.clone(),
        entries: Vec::with_capacity(digested.places.len()),
        shard_starts: Vec::with_capacity(SHARDS + 1),
        strings: String::with_capacity(digested.places.len() * 8),
        positions: Vec::new(),
    };
    pack(&mut record, &digested, words);
    record
}

/// Packs the page's forms into the record, shard after shard.
fn pack(record: &mut Record, digested: &Digested, words: &Words) {
    let mut places: Vec<_> = digested
        .places
        .iter()
        .map(|places| (words.text(places.form).shard, places))
        .collect();
    // Stable: a shard's forms stay in the order the page has them.
    places.sort_by_key(|&(shard, _)| shard);
    let mut shard = 0;
    // About a byte per position, and two array heads per form.
    let mut positions = Cbor::with_capacity(digested.text.len() + 3 * places.len());
    for (form_shard, places) in places {
        let text = words.text(places.form);
        while shard <= form_shard {
            record.shard_starts.push(offset(record.entries.len()));
            shard += 1;
        }
        let mut push = |string: &str| {
            let start = offset(record.strings.len());
            record.strings.push_str(string);
            (start, offset(record.strings.len()))
        };
        let stem = push(&text.stem);
        let accented = text.accented.as_deref().map_or((0, 0), &mut push);
        let start = offset(positions.size());
        pack_positions(&digested.text[places.text.clone()], &mut positions);
        pack_meta_positions(&digested.meta[places.meta.clone()], &mut positions);
        record.entries.push(Entry {
            stem,
            accented,
            positions: (start, offset(positions.size())),
        });
    }
    while shard <= SHARDS {
        record.shard_starts.push(offset(record.entries.len()));
        shard += 1;
    }
    record.positions = positions.into_bytes();
}

/// An offset into a record's buffers; a page's text is far below 4 GB.
fn offset(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

/// What a result shows of a page, as the query engine reads it.
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: u32,
    filters: BTreeMap<&'static str, &'a [String]>,
    meta: BTreeMap<&'static str, &'a str>,
    anchors: &'a [Anchor],
}

impl Fragment<'_> {
    /// The fragment as a JSON object, its fields in this order.
    fn write_json(&self, json: &mut Vec<u8>) {
        // Writing into memory cannot fail.
        json.extend_from_slice(b"{\"url\":");
        let _ = serde_json::to_writer(&mut *json, self.url);
        json.extend_from_slice(b",\"content\":");
        write_long_text(json, self.content);
        let _ = write!(json, ",\"word_count\":{}", self.word_count);
        json.extend_from_slice(b",\"filters\":");
        let _ = serde_json::to_writer(&mut *json, &self.filters);
        json.extend_from_slice(b",\"meta\":");
        let _ = serde_json::to_writer(&mut *json, &self.meta);
        json.extend_from_slice(b",\"anchors\":");
        let _ = serde_json::to_writer(&mut *json, self.anchors);
        json.push(b'}');
    }
}

/// A page's text as a JSON string: copied as it is when nothing in it needs escaping, as is
/// nearly always the case (it is HTML-escaped already, quotes included).
fn write_long_text(json: &mut Vec<u8>, text: &str) {
    if needs_escaping(text.as_bytes()) {
        let _ = serde_json::to_writer(json, text);
    } else {
        json.push(b'"');
        json.extend_from_slice(text.as_bytes());
        json.push(b'"');
    }
}

/// Whether a JSON string of these bytes needs an escape: a quote, a backslash or a control
/// character. Checked in blocks without stopping early, which compilers turn into vector
/// instructions.
fn needs_escaping(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|block| {
        let found = block.iter().fold(0u8, |found, &byte| {
            found | u8::from(byte < 0x20) | u8::from(byte == b'"') | u8::from(byte == b'\\')
        });
        found != 0
    })
}

fn filters(tags: &[String]) -> BTreeMap<&'static str, &[String]> {
    let mut filters = BTreeMap::new();
    if !tags.is_empty() {
        filters.insert("tag", tags);
    }
    filters
}

/// The query engine's marker at the start of each index file, before compression.
const MARKER: &[u8] = b"pagefind_dcd";

/// What an index file holds, which decides how it is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (a fragment, the metadata): gzip's fastest level, which finds repeated strings.
    Text,
    /// Numbers (the words' places, the filters' pages): little repeats, so Huffman coding
    /// alone ([`super::huffman`]), which makes these files smaller than the fastest level
    /// does, in less time.
    Numbers,
}

thread_local! {
    /// Each thread's compressors and output buffer, reused from file to file: setting a
    /// compressor up costs more than compressing a fragment.
    static DEFLATE: RefCell<Compressors> = RefCell::new(Compressors::new());
}

struct Compressors {
    text: zlib_rs::Deflate,
    out: Vec<u8>,
}

impl Compressors {
    fn new() -> Self {
        Self {
            text: zlib_rs::Deflate::new_with_config(zlib_rs::DeflateConfig {
                level: 1,
                // 15 bits of window, plus 16 for a gzip header and trailer.
                window_bits: 15 + 16,
                ..zlib_rs::DeflateConfig::default()
            }),
            out: Vec::new(),
        }
    }
}

/// An index file's contents: the query engine's marker, then the data, compressed with gzip
/// (RFC 1952), fast: the files are small, and the build writes thousands.
pub fn compress(data: &[u8], kind: Kind) -> Vec<u8> {
    if kind == Kind::Numbers {
        let marked = [MARKER, data].concat();
        let mut out = Vec::with_capacity(data.len() * 3 / 4 + 1024);
        super::huffman::gzip(&marked, &mut out);
        return out;
    }
    DEFLATE.with_borrow_mut(|compressors| {
        let Compressors { text: deflate, out } = compressors;
        // Deflate never grows data by more than a few bytes a block, and gzip adds 18.
        let bound = zlib_rs::compress_bound(MARKER.len() + data.len()) + 64;
        if out.len() < bound {
            out.resize(bound, 0);
        }
        deflate.reset();
        // Compressing into a buffer of the bound cannot run out of room, and the stream is
        // reset and set up right: the calls cannot fail, and write all they are given.
        let _ = deflate.compress(MARKER, out, zlib_rs::DeflateFlush::NoFlush);
        let written = usize::try_from(deflate.total_out()).unwrap_or(0);
        let _ = deflate.compress(data, &mut out[written..], zlib_rs::DeflateFlush::Finish);
        let written = usize::try_from(deflate.total_out()).unwrap_or(0);
        out[..written].to_vec()
    })
}

/// The weight the query engine assumes until told otherwise.
const DEFAULT_WEIGHT: u8 = 25;

/// Positions in the text (in order) as the index stores them, as a CBOR array: the positions
/// of each weight in order, each as the distance from the one before; a change of weight is
/// written as `-weight - 1` followed by the position itself. Words of the default weight come
/// first, as the most common, to keep the list short.
pub fn pack_positions(positions: &[(u32, u8)], packed: &mut Cbor) {
    let Some(&(_, weight)) = positions.first() else {
        packed.array(0);
        return;
    };
    if positions.iter().all(|&(_, other)| other == weight) {
        // One weight, nearly always: the array is written as it is read.
        let mut last = 0;
        if weight == DEFAULT_WEIGHT {
            packed.array(positions.len());
        } else {
            packed.array(positions.len() + 1);
            packed.signed(-i64::from(weight) - 1);
            packed.unsigned(u64::from(positions[0].0));
            last = positions[0].0;
        }
        let start = usize::from(weight != DEFAULT_WEIGHT);
        for &(position, _) in &positions[start..] {
            packed.unsigned(u64::from(position - last));
            last = position;
        }
        return;
    }
    let mut sorted = positions.to_vec();
    sorted.sort_by_key(|&(position, weight)| {
        let order = if weight == DEFAULT_WEIGHT { 0 } else { weight };
        (order, position)
    });
    let mut items = Vec::with_capacity(sorted.len() + 8);
    let mut weight = DEFAULT_WEIGHT;
    let mut last = 0u32;
    for (position, word_weight) in sorted {
        if word_weight == weight {
            items.push(i64::from(position - last));
        } else {
            items.push(-i64::from(word_weight) - 1);
            items.push(i64::from(position));
            weight = word_weight;
        }
        last = position;
    }
    write_array(packed, &items);
}

/// Positions in the details as the index stores them, as a CBOR array: for each field in
/// order, `-field - 1`, then its positions as distances from the one before.
pub fn pack_meta_positions(positions: &[(u16, u32)], packed: &mut Cbor) {
    let mut sorted = positions.to_vec();
    sorted.sort_unstable();
    let mut items = Vec::with_capacity(sorted.len() + 2);
    let mut field = None;
    let mut last = 0u32;
    for (position_field, position) in sorted {
        if field != Some(position_field) {
            items.push(-i64::from(position_field) - 1);
            field = Some(position_field);
            last = 0;
        }
        items.push(i64::from(position - last));
        last = position;
    }
    write_array(packed, &items);
}

/// A CBOR array of these numbers.
fn write_array(packed: &mut Cbor, items: &[i64]) {
    packed.array(items.len());
    for &item in items {
        packed.signed(item);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Anchor, Cbor, Fragment, Kind, filters, pack_meta_positions, pack_positions};

    /// Guards the fragment's hand-written JSON: it reads back as its fields, with or without
    /// characters to escape in the text, and plain text is copied as it is.
    #[test]
    fn fragments_are_json_of_their_fields() {
        let tags = vec!["back pain".to_owned()];
        let anchors = [Anchor {
            element: "h2".into(),
            id: "rest".into(),
            text: "Rest \"well\"".into(),
            location: 3,
        }];
        let plain = "Pain &amp; sleep: &quot;rest&quot; é. ".repeat(10);
        let escaped = format!("{plain}a \"quote\", a back\\slash, a\ttab, a\u{1}control");
        for content in [plain.as_str(), escaped.as_str()] {
            let fragment = Fragment {
                url: "/posts/a/",
                content,
                word_count: 4,
                filters: filters(&tags),
                meta: BTreeMap::from([("title", "A \"title\"")]),
                anchors: &anchors,
            };
            let mut json = Vec::new();
            fragment.write_json(&mut json);
            let read: serde_json::Value = serde_json::from_slice(&json).unwrap();
            let expected = serde_json::json!({
                "url": "/posts/a/",
                "content": content,
                "word_count": 4,
                "filters": {"tag": ["back pain"]},
                "meta": {"title": "A \"title\""},
                "anchors": [{"element": "h2", "id": "rest", "text": "Rest \"well\"", "location": 3}],
            });
            assert_eq!(read, expected);
            let json = String::from_utf8(json).unwrap();
            assert!(
                json.starts_with(r#"{"url":"/posts/a/","content":""#),
                "{json}"
            );
            assert_eq!(json.contains(content), content == plain, "{json}");
        }
    }

    #[test]
    fn any_character_json_escapes_is_found_wherever_it_is() {
        for special in ['"', '\\', '\n', '\u{1f}', '\0'] {
            for at in [0, 63, 64, 100] {
                let mut text = "x".repeat(130);
                text.replace_range(at..=at, &special.to_string());
                assert!(
                    super::needs_escaping(text.as_bytes()),
                    "{special:?} at {at}"
                );
            }
        }
        assert!(!super::needs_escaping("é ü &amp; \u{7f} ok".as_bytes()));
    }

    #[test]
    fn files_are_gzip_of_the_marker_and_the_data() {
        use std::io::Read as _;
        let text = "pain ".repeat(5000);
        let numbers: Vec<u8> = (0..20_000u32).map(|n| (n * 7 % 23) as u8).collect();
        for (data, kind, most) in [
            (text.as_bytes(), Kind::Text, text.len() / 10),
            (&numbers[..], Kind::Numbers, numbers.len() * 3 / 4),
            (b"" as &[u8], Kind::Text, 64),
        ] {
            // Twice, as the second reuses the thread's compressor.
            for _ in 0..2 {
                let compressed = super::compress(data, kind);
                assert!(compressed.len() < most, "{kind:?}: {}", compressed.len());
                let mut decoded = Vec::new();
                flate2::read::GzDecoder::new(&compressed[..])
                    .read_to_end(&mut decoded)
                    .unwrap();
                assert_eq!(decoded, [b"pagefind_dcd", data].concat());
            }
        }
    }

    /// Guards the choice of Huffman coding alone for numbers: small numbers without repeats,
    /// as a word chunk's places are, come out smaller than the fastest level makes them.
    #[test]
    fn numbers_without_repeats_are_smaller_huffman_coded() {
        let mut state = 12_345u32;
        let numbers: Vec<u8> = (0..20_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16).to_le_bytes()[0] % 32
            })
            .collect();
        let huffman = super::compress(&numbers, Kind::Numbers).len();
        let fastest = super::compress(&numbers, Kind::Text).len();
        assert!(huffman * 4 < fastest * 3, "{huffman} against {fastest}");
    }

    /// The CBOR array of these items.
    fn array(items: &[i64]) -> Vec<u8> {
        let mut cbor = Cbor::default();
        super::write_array(&mut cbor, items);
        cbor.into_bytes()
    }

    fn packed(positions: &[(u32, u8)]) -> Vec<u8> {
        let mut packed = Cbor::default();
        pack_positions(positions, &mut packed);
        packed.into_bytes()
    }

    #[test]
    fn positions_are_packed_default_weight_first_then_by_weight() {
        assert_eq!(
            packed(&[(0, 168), (3, 24), (9, 24), (12, 25)]),
            array(&[12, -25, 3, 6, -169, 0])
        );
        assert_eq!(packed(&[(2, 25), (5, 25)]), array(&[2, 3]));
        assert_eq!(packed(&[(2, 24), (5, 24)]), array(&[-25, 2, 3]));
        assert_eq!(packed(&[(2, 24)]), array(&[-25, 2]));
        assert_eq!(packed(&[(300, 25), (700, 25)]), array(&[300, 400]));
        assert_eq!(packed(&[]), array(&[]));
    }

    #[test]
    fn meta_positions_restart_in_each_field() {
        let mut packed = Cbor::default();
        pack_meta_positions(&[(1, 4), (0, 2), (1, 0)], &mut packed);
        assert_eq!(packed.into_bytes(), array(&[-1, 2, -2, 0, 4]));
    }
}
