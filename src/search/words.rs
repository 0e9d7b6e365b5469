//! Words as the search page's query engine (Pagefind's WebAssembly) looks them up: letters and
//! digits only, lower case, accents folded (the accented spelling kept beside, so that an exact
//! match ranks first), stemmed with the same Snowball stemmers the query is stemmed with, and a
//! hyphenated or camel-case word also indexed by its parts. A word indexed differently from
//! how the browser stems a query would never be found, so each rule here mirrors the query
//! side's.

use std::ops::Range;

use convert_case::{Case, Casing as _};
use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization as _;

use crate::html::decode_entities;

/// One form a written word is found under, before it is numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Indexed {
    /// The stem, accents folded.
    stem: String,
    /// The word as written (lower case) when folding its accents changed it.
    accented: Option<String>,
    /// Whether this is a part of a compound (`back` of `low-back`), which counts for less.
    part: bool,
}

/// A form a word is indexed under: a stem, with the accented spelling when there was one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// The form's number in its [`Words`].
    pub id: u32,
    /// Whether it is a part of a compound, which counts for less than a whole word.
    pub part: bool,
}

/// A numbered form's text.
#[derive(Debug)]
pub struct FormText {
    /// The stem.
    pub stem: Box<str>,
    /// The spelling with accents, for a form written with them.
    pub accented: Option<Box<str>>,
    /// The shard of the index the stem is merged in.
    pub shard: usize,
}

/// Turns written words into numbered forms, remembering each word it has seen: prose repeats
/// its words, and stemming is most of the cost. One per thread; numbers are its own.
pub struct Words {
    language: String,
    stemmer: Option<Stemmer>,
    /// Each word seen of up to 15 bytes (most are), by its [`short_key`], with where its
    /// forms are in `seen_forms`.
    seen_short: FxHashMap<u128, (u32, u32)>,
    /// Each longer word seen, likewise.
    seen: FxHashMap<Box<str>, (u32, u32)>,
    seen_forms: Vec<Form>,
    forms: Vec<FormText>,
    form_ids: FxHashMap<(Box<str>, Option<Box<str>>), u32>,
    /// For each form, its place among the forms of the page being read (`u32::MAX`: none yet).
    pub(super) slots: Vec<u32>,
}

/// Past this many distinct words the memory of seen words starts over (between two pages), so
/// that a site of random strings cannot grow it without bound.
const MAX_REMEMBERED: usize = 500_000;

impl Words {
    /// Words of `language` (a BCP 47 tag; only its first part counts). A language without a
    /// stemmer is indexed unstemmed, as the query side does.
    pub fn new(language: &str) -> Self {
        Self {
            language: language.to_owned(),
            stemmer: algorithm(language).map(Stemmer::create),
            seen_short: FxHashMap::default(),
            seen: FxHashMap::default(),
            seen_forms: Vec::new(),
            forms: Vec::new(),
            form_ids: FxHashMap::default(),
            slots: Vec::new(),
        }
    }

    /// The language these words are of.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Forgets every word when too many are remembered; only between pages, as it renumbers
    /// the forms.
    pub fn forget_if_full(&mut self) {
        if self.seen_short.len() + self.seen.len() >= MAX_REMEMBERED
            || self.forms.len() >= MAX_REMEMBERED
        {
            self.seen_short.clear();
            self.seen.clear();
            self.seen_forms.clear();
            self.forms.clear();
            self.form_ids.clear();
            self.slots.clear();
        }
    }

    /// The forms `written` (one whitespace-free chunk of text, HTML-escaped) is indexed
    /// under, as numbers for [`Words::form`]; none for punctuation alone.
    pub fn index(&mut self, written: &str) -> Range<usize> {
        let short = short_key(written);
        let seen = match short {
            Some(key) => self.seen_short.get(&key),
            None => self.seen.get(written),
        };
        let (start, end) = match seen {
            Some(&range) => range,
            None => self.learn(written, short),
        };
        start as usize..end as usize
    }

    /// One of the forms [`Words::index`] gave.
    pub fn form(&self, index: usize) -> Form {
        self.seen_forms[index]
    }

    /// Finds the forms of a word not seen before, and remembers them.
    fn learn(&mut self, written: &str, short: Option<u128>) -> (u32, u32) {
        let decoded = decode_entities(written);
        let start = self.seen_forms.len();
        for indexed in indexed_forms(&decoded, self.stemmer.as_ref()) {
            let id = self.number(indexed.stem, indexed.accented);
            self.seen_forms.push(Form {
                id,
                part: indexed.part,
            });
        }
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let range = (count(start), count(self.seen_forms.len()));
        match short {
            Some(key) => self.seen_short.insert(key, range),
            None => self.seen.insert(written.into(), range),
        };
        range
    }

    /// A form's text.
    pub fn text(&self, form: u32) -> &FormText {
        &self.forms[form as usize]
    }

    /// The number of a form, given one the first time it is seen.
    fn number(&mut self, stem: String, accented: Option<String>) -> u32 {
        let key = (stem.into_boxed_str(), accented.map(String::into_boxed_str));
        if let Some(&id) = self.form_ids.get(&key) {
            return id;
        }
        let id = u32::try_from(self.forms.len()).unwrap_or(u32::MAX);
        self.forms.push(FormText {
            shard: super::record::shard_of(&key.0),
            stem: key.0.clone(),
            accented: key.1.clone(),
        });
        self.slots.push(u32::MAX);
        self.form_ids.insert(key, id);
        id
    }
}

/// A word of up to 15 bytes as one number: its bytes in the low 15 bytes, its length in the
/// top one, so that no two words share one. A number is hashed and compared in a step or
/// two, and a table of numbers holds its keys in place, with no string to follow. Read with
/// whole-number loads, which may overlap, rather than copied a byte at a time.
fn short_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let length = bytes.len();
    let length_byte = u8::try_from(length).ok().filter(|&length| length < 16)?;
    let bits = match length {
        8.. => u128::from(load::<8>(bytes, 0)) | u128::from(tail::<8>(bytes, length - 8)) << 64,
        4.. => u128::from(load::<4>(bytes, 0) | tail::<4>(bytes, length - 4) << 32),
        _ => bytes
            .iter()
            .rev()
            .fold(0, |key, &byte| key << 8 | u128::from(byte)),
    };
    Some(bits | u128::from(length_byte) << 120)
}

/// The bytes from `start` to `start + N` (at most 8), as a little-endian number.
fn load<const N: usize>(bytes: &[u8], start: usize) -> u64 {
    let mut chunk = [0u8; 8];
    chunk[..N].copy_from_slice(&bytes[start..start + N]);
    u64::from_le_bytes(chunk)
}

/// The last `keep` of the `N` bytes (at most 8) that end `bytes`, as a little-endian number.
fn tail<const N: usize>(bytes: &[u8], keep: usize) -> u64 {
    load::<N>(bytes, bytes.len() - N)
        .checked_shr(u32::try_from(8 * (N - keep)).unwrap_or(u32::MAX))
        .unwrap_or(0)
}

/// The Snowball stemmer for a language, for the languages the query side stems.
fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match language.split('-').next().unwrap_or_default() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

/// Every form of one written word: the whole word, then, for a compound, each part of two or
/// more bytes.
fn indexed_forms(written: &str, stemmer: Option<&Stemmer>) -> Vec<Indexed> {
    let mut forms = Vec::new();
    let whole = letters_and_digits(written);
    if !whole.is_empty() {
        forms.push(stemmed(&whole, stemmer, false));
    }
    let compound = written.chars().any(|c| !c.is_alphanumeric())
        || written.chars().skip(1).any(char::is_uppercase);
    if !compound || whole.is_empty() {
        return forms;
    }
    let parts = written
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower);
    let parts: Vec<&str> = parts.split_whitespace().collect();
    let joined = parts.join(" ");
    if parts.len() > 1 || !whole.starts_with(&joined) {
        forms.extend(
            parts
                .into_iter()
                .filter(|part| part.len() > 1)
                .map(|part| stemmed(part, stemmer, true)),
        );
    }
    forms
}

/// The word's letters and digits, lower case.
fn letters_and_digits(written: &str) -> String {
    let mut word = String::with_capacity(written.len());
    for c in written.chars().filter(|c| c.is_alphanumeric()) {
        if c.is_ascii() {
            word.push(c.to_ascii_lowercase());
        } else {
            word.extend(c.to_lowercase());
        }
    }
    word
}

/// A lower-case word's stem, accents folded first.
fn stemmed(word: &str, stemmer: Option<&Stemmer>, part: bool) -> Indexed {
    let folded = fold_accents(word);
    let plain = folded.as_deref().unwrap_or(word);
    let stem = match stemmer {
        Some(stemmer) => stemmer.stem(plain).into_owned(),
        None => plain.to_owned(),
    };
    Indexed {
        stem,
        accented: folded.map(|_| word.to_owned()),
        part,
    }
}

/// The word without its combining marks (`médico` → `medico`), when it has any. The Japanese
/// voicing marks tell words apart, so they stay (recomposed).
fn fold_accents(word: &str) -> Option<String> {
    if word.is_ascii() || !word.chars().any(decomposes) {
        return None;
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c) || kana_mark(c))
        .collect();
    let folded = if stripped.chars().any(kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (folded != word).then_some(folded)
}

/// Whether a character is a combining mark or has a canonical decomposition.
fn decomposes(c: char) -> bool {
    if unicode_normalization::char::is_combining_mark(c) {
        return true;
    }
    let mut differs = false;
    unicode_normalization::char::decompose_canonical(c, |part| differs |= part != c);
    differs
}

#[cfg(test)]
mod tests {
    use super::Words;

    fn stems(words: &mut Words, written: &str) -> Vec<(String, Option<String>, bool)> {
        let forms: Vec<_> = words
            .index(written)
            .map(|index| words.form(index))
            .collect();
        forms
            .into_iter()
            .map(|form| {
                let text = words.text(form.id);
                let accented = text.accented.as_deref().map(str::to_owned);
                (text.stem.to_string(), accented, form.part)
            })
            .collect()
    }

    #[test]
    fn english_words_are_stemmed_without_punctuation() {
        let mut words = Words::new("en-US");
        assert_eq!(
            stems(&mut words, "Stretching,"),
            [("stretch".into(), None, false)]
        );
        assert_eq!(stems(&mut words, "—"), []);
    }

    #[test]
    fn compounds_are_also_indexed_by_their_parts() {
        let mut words = Words::new("en");
        assert_eq!(
            stems(&mut words, "low-back"),
            [
                ("lowback".into(), None, false),
                ("low".into(), None, true),
                ("back".into(), None, true),
            ]
        );
        assert_eq!(
            stems(&mut words, "PubMed"),
            [
                ("pubm".into(), None, false),
                ("pub".into(), None, true),
                ("med".into(), None, true),
            ]
        );
    }

    #[test]
    fn accents_are_folded_and_the_accented_spelling_kept() {
        let mut words = Words::new("es");
        assert_eq!(
            stems(&mut words, "Médicos"),
            [("medic".into(), Some("médicos".into()), false)]
        );
        assert_eq!(
            stems(&mut words, "ejercicios"),
            [("ejercici".into(), None, false)]
        );
    }

    #[test]
    fn the_same_form_gets_the_same_number() {
        let mut words = Words::new("en");
        let mut forms = |written| -> Vec<_> {
            words
                .index(written)
                .map(|index| words.form(index))
                .collect()
        };
        let first = forms("walking");
        assert_eq!(first, forms("walks"));
        assert_ne!(forms("rest")[0].id, first[0].id);
    }

    #[test]
    fn many_words_are_each_remembered_with_their_own_forms() {
        let mut words = Words::new("en");
        let written: Vec<String> = (0..5000).map(|n| format!("word{n}")).collect();
        let first: Vec<_> = written.iter().map(|w| words.index(w)).collect();
        for (word, range) in written.iter().zip(&first) {
            assert_eq!(&words.index(word), range);
            let form = words.form(range.start);
            assert_eq!(&*words.text(form.id).stem, word.as_str());
        }
    }

    /// Guards the packing of short words into numbers: words that differ only past their
    /// end, or by length around the 15 bytes that fit, keep their own forms.
    #[test]
    fn short_and_long_words_are_told_apart() {
        let mut words = Words::new("ja");
        let written = [
            "a",
            "a\0",
            "ab",
            "abcdefghijklmn",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
        ];
        let ranges: Vec<_> = written.iter().map(|w| words.index(w)).collect();
        for (word, range) in written.iter().zip(&ranges) {
            assert_eq!(&words.index(word), range, "{word:?}");
        }
        let stems: Vec<_> = ranges
            .iter()
            .map(|range| words.text(words.form(range.start).id).stem.to_string())
            .collect();
        // A NUL is not a letter, so both index `a`, but each was learned on its own.
        assert_eq!(stems[..2], ["a", "a"]);
        assert_ne!(ranges[0], ranges[1]);
        assert_eq!(stems[2..], written[2..]);
    }

    /// Guards the overlapping loads of `short_key`: at every length it holds the word's bytes
    /// in order, then its length.
    #[test]
    fn a_short_key_is_the_bytes_then_the_length() {
        let word = "abcdefghijklmnopq";
        for length in 0..=16 {
            let expected = (length < 16).then(|| {
                let mut key = [0u8; 16];
                key[..length].copy_from_slice(&word.as_bytes()[..length]);
                key[15] = u8::try_from(length).unwrap();
                u128::from_le_bytes(key)
            });
            assert_eq!(super::short_key(&word[..length]), expected, "{length}");
        }
    }

    #[test]
    fn a_language_without_a_stemmer_keeps_whole_words() {
        let mut words = Words::new("ja");
        assert_eq!(
            stems(&mut words, "walking"),
            [("walking".into(), None, false)]
        );
    }
}
