//! A page's searchable text, read once: the words in order with their weights (a heading's
//! words count for more), the text excerpts are cut from, and the headings a result can link
//! to. The body comes as the HTML the Markdown renderer made, so this reads HTML, but only
//! that: a single pass over the tags, no document tree.

use std::ops::Range;

use serde::Serialize;

use super::words::Words;
use crate::html::decode_entities;
use crate::markdown::{ANCHOR_CLASS, FOOTNOTE_REF_CLASS};

/// The weight of a word outside headings: the query engine's unit (1) times 24.
const BODY_WEIGHT: u8 = 24;

/// One form's places on a page: where its words are in [`Digested::text`] and
/// [`Digested::meta`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// The form's number in the [`Words`] that read the page.
    pub form: u32,
    /// Its words in the text, in order.
    pub text: Range<usize>,
    /// Its words in the page's details.
    pub meta: Range<usize>,
}

/// A word of the page as it is read: the page's number for the form (its place in
/// [`Digest::forms`]), then the word's position and weight (or detail and position).
type Occurrence<T> = (u32, T);

/// A heading a result can point into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// Its element (`h2`).
    pub element: String,
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// The number of its first word in the page's text.
    pub location: u32,
}

/// A page's text as it is read: words go in as text and tags arrive.
pub struct Digest<'w> {
    words: &'w mut Words,
    /// The text shown in excerpts: the words, HTML-escaped as written, one space apart.
    content: String,
    /// Where the word being read starts in `content`: a word may be cut by inline tags
    /// (`<em>pain</em>ful`).
    word_start: usize,
    next_position: u32,
    weights: Vec<u8>,
    /// The page's forms in the order they were first met.
    forms: Vec<u32>,
    /// Each word of the text: the form's page number, its position and weight (24 in the
    /// body, more in headings, less for a compound's part). One list for the page rather
    /// than one per form, grouped by form once the page is read.
    text_words: Vec<Occurrence<(u32, u8)>>,
    /// Each word of the details: the form's page number, the detail's number and the word's.
    meta_words: Vec<Occurrence<(u16, u32)>>,
    anchors: Vec<Anchor>,
    /// The heading being read, with its text so far.
    open_anchor: Option<Anchor>,
}

/// What a digest leaves: see [`Digest`]'s fields.
pub struct Digested {
    /// The text excerpts are cut from.
    pub content: String,
    /// Words in the text.
    pub word_count: u32,
    /// Each form's places, in the order the forms were first met.
    pub places: Vec<Places>,
    /// The words of the text, form after form, each form's in order: a position and weight.
    pub text: Vec<(u32, u8)>,
    /// The words of the details, form after form: a detail's number and a position.
    pub meta: Vec<(u16, u32)>,
    /// The headings with ids.
    pub anchors: Vec<Anchor>,
}

impl<'w> Digest<'w> {
    /// An empty page's text, with room for about `length` bytes of it (the body's HTML is
    /// a good guess), so that it is not copied as it grows.
    pub fn new(words: &'w mut Words, length: usize) -> Self {
        words.forget_if_full();
        Self {
            words,
            content: String::with_capacity(length),
            word_start: 0,
            next_position: 0,
            weights: vec![BODY_WEIGHT],
            forms: Vec::new(),
            text_words: Vec::with_capacity(length / 6),
            meta_words: Vec::new(),
            anchors: Vec::new(),
            open_anchor: None,
        }
    }

    /// Adds a block of text (a title, a paragraph), HTML-escaped.
    pub fn block(&mut self, escaped_text: &str) {
        self.text(escaped_text);
        self.end_block();
    }

    /// Adds a heading of `level` (1–6) whose words count for more.
    pub fn heading(&mut self, level: u8, id: Option<&str>, escaped_text: &str) {
        self.start_heading(level, id);
        self.text(escaped_text);
        self.end_heading();
    }

    /// Adds the body's HTML.
    pub fn html(&mut self, html: &str) {
        read_html(self, html);
    }

    /// Text, HTML-escaped as in the page; a word may continue in the next call.
    fn text(&mut self, escaped: &str) {
        if let Some(anchor) = &mut self.open_anchor {
            anchor.text.push_str(escaped);
        }
        let mut rest = escaped;
        while let Some((word, space)) = next_space(rest) {
            self.content.push_str(&rest[..word]);
            self.end_word();
            rest = &rest[word + space..];
        }
        self.content.push_str(rest);
    }

    /// Ends the word being read, if any.
    fn end_word(&mut self) {
        if self.content.len() == self.word_start {
            return;
        }
        let weight = self.weights.last().copied().unwrap_or(BODY_WEIGHT);
        let forms = self.words.index(&self.content[self.word_start..]);
        let position = self.next_position;
        if forms.len() == 1 {
            // Most words have one form, which takes the whole weight, part or not.
            let slot = self.slot_of(self.words.form(forms.start).id);
            self.text_words.push((slot, (position, weight)));
        } else {
            let parts = forms
                .clone()
                .filter(|&index| self.words.form(index).part)
                .count();
            let part_weight = match u8::try_from(parts) {
                Ok(0) => 0,
                Ok(parts) if weight > 0 => (weight / parts).max(1),
                _ => 0,
            };
            for index in forms {
                let form = self.words.form(index);
                let weight = if form.part { part_weight } else { weight };
                let slot = self.slot_of(form.id);
                self.text_words.push((slot, (position, weight)));
            }
        }
        self.content.push(' ');
        self.word_start = self.content.len();
        self.next_position += 1;
    }

    /// Ends a block: the word being read ends, and a block that ends in a word gets a full
    /// stop, so that excerpts read as sentences.
    fn end_block(&mut self) {
        self.end_word();
        if self.content.ends_with(' ') {
            self.content.pop();
            if self
                .content
                .ends_with(|c: char| c.is_alphanumeric() || "_'\")$*".contains(c))
            {
                self.content.push('.');
            }
            self.content.push(' ');
            self.word_start = self.content.len();
        }
    }

    /// Adds a detail of the page (its title, its date), whose words are searched apart.
    pub fn meta(&mut self, field: u16, value: &str) {
        for (position, written) in (0u32..).zip(value.split_whitespace()) {
            for index in self.words.index(&crate::html::escape(written)) {
                let slot = self.slot_of(self.words.form(index).id);
                self.meta_words.push((slot, (field, position)));
            }
        }
    }

    /// The page's number for a form, given one the first time the page has it.
    fn slot_of(&mut self, form: u32) -> u32 {
        let slot = &mut self.words.slots[form as usize];
        if *slot == u32::MAX {
            *slot = u32::try_from(self.forms.len()).unwrap_or(u32::MAX);
            self.forms.push(form);
        }
        *slot
    }

    fn start_heading(&mut self, level: u8, id: Option<&str>) {
        self.end_word();
        if let Some(id) = id {
            self.open_anchor = Some(Anchor {
                element: format!("h{level}"),
                id: id.to_owned(),
                text: String::new(),
                location: self.next_position,
            });
        }
        // Headings weigh 7 (h1) down to 2 (h6) times a body word, unless inside another.
        let weight = match self.weights.as_slice() {
            [_] => (8 - level.clamp(1, 6)) * BODY_WEIGHT,
            [.., outer] => *outer,
            [] => BODY_WEIGHT,
        };
        self.weights.push(weight);
    }

    fn end_heading(&mut self) {
        self.end_block();
        if self.weights.len() > 1 {
            self.weights.pop();
        }
        if let Some(mut anchor) = self.open_anchor.take() {
            anchor.text = decode_entities(&anchor.text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            self.anchors.push(anchor);
        }
    }

    /// The page's text, read.
    pub fn finish(mut self) -> Digested {
        self.end_block();
        let mut content = self.content;
        if content.ends_with(' ') {
            content.pop();
        }
        for &form in &self.forms {
            self.words.slots[form as usize] = u32::MAX;
        }
        let (text, text_ranges) = group(self.forms.len(), &self.text_words);
        let (meta, meta_ranges) = group(self.forms.len(), &self.meta_words);
        let places = self
            .forms
            .iter()
            .zip(text_ranges.zip(meta_ranges))
            .map(|(&form, (text, meta))| Places { form, text, meta })
            .collect();
        Digested {
            content,
            word_count: self.next_position,
            places,
            text,
            meta,
            anchors: self.anchors,
        }
    }
}

/// Groups a page's words by form (a counting sort, which keeps each form's in order): the
/// words, then where each form's are.
fn group<T: Copy + Default>(
    forms: usize,
    words: &[Occurrence<T>],
) -> (Vec<T>, impl Iterator<Item = Range<usize>>) {
    let mut starts = vec![0usize; forms + 1];
    for &(slot, _) in words {
        starts[slot as usize + 1] += 1;
    }
    for index in 1..starts.len() {
        starts[index] += starts[index - 1];
    }
    let mut next = starts.clone();
    let mut grouped = vec![T::default(); words.len()];
    for &(slot, word) in words {
        let place = &mut next[slot as usize];
        grouped[*place] = word;
        *place += 1;
    }
    let ranges = (0..forms).map(move |form| starts[form]..starts[form + 1]);
    (grouped, ranges)
}

/// Where the first white space of `text` starts, and its length in bytes. Text is mostly
/// ASCII, which is checked a byte at a time; other characters are decoded only where they
/// start.
fn next_space(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte < 0x80 {
            if byte.is_ascii_whitespace() || byte == 0x0b {
                return Some((index, 1));
            }
            index += 1;
        } else {
            let c = text[index..].chars().next()?;
            if c.is_whitespace() {
                return Some((index, c.len_utf8()));
            }
            index += c.len_utf8();
        }
    }
    None
}

/// What an element does to the text in and around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Its text is not searchable: not prose, or never shown.
    Unsearched,
    /// It does not end a word: `<em>pain</em>ful` is one word.
    Inline,
    /// Inline, and without content or end tag (`img`, `input`).
    InlineVoid,
    /// A block that ends a sentence.
    Sentence,
    /// Without content or end tag.
    Void,
    /// Any other element: it ends a word.
    Other,
}

impl Kind {
    /// The kind of an element, by its name in any case.
    fn of(name: &str) -> Self {
        let mut lower = [0u8; 8];
        let Some(lower) = lower.get_mut(..name.len()) else {
            return Self::Other;
        };
        for (lower, byte) in lower.iter_mut().zip(name.bytes()) {
            *lower = byte.to_ascii_lowercase();
        }
        match &*lower {
            b"head" | b"style" | b"script" | b"noscript" | b"label" | b"form" | b"svg"
            | b"footer" | b"nav" | b"iframe" | b"template" => Self::Unsearched,
            b"a" | b"abbr" | b"acronym" | b"b" | b"bdo" | b"big" | b"button" | b"cite"
            | b"code" | b"dfn" | b"em" | b"i" | b"kbd" | b"mark" | b"q" | b"s" | b"samp"
            | b"small" | b"span" | b"strong" | b"sub" | b"sup" | b"time" | b"tt" | b"var" => {
                Self::Inline
            }
            b"img" | b"input" => Self::InlineVoid,
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"p" | b"td" | b"div" | b"ul"
            | b"li" | b"article" | b"section" => Self::Sentence,
            b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"link" | b"meta"
            | b"source" | b"track" | b"wbr" => Self::Void,
            _ => Self::Other,
        }
    }

    fn is_void(self) -> bool {
        matches!(self, Self::Void | Self::InlineVoid)
    }
}

/// Reads HTML into the digest: text in order, headings weighted, unsearched elements (and
/// those marked `data-pagefind-ignore`, as a post's raw HTML may) left out.
fn read_html(digest: &mut Digest<'_>, html: &str) {
    // The element being left out, and how deep in elements of its name the reader is.
    let mut skipping: Option<(&str, usize)> = None;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        if skipping.is_none() {
            digest.text(&rest[..open]);
        }
        rest = &rest[open..];
        let Some(tag) = Tag::read(rest) else {
            if skipping.is_none() {
                digest.text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.length..];
        let Some(name) = tag.name else {
            continue;
        };
        if let Some((skipped, depth)) = &mut skipping {
            if name.eq_ignore_ascii_case(skipped) && !tag.self_closing {
                if tag.closing {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    skipping = None;
                }
            }
            continue;
        }
        let kind = Kind::of(name);
        if !tag.closing && !kind.is_void() && !tag.self_closing && is_unsearched(kind, &tag) {
            digest.end_word();
            skipping = Some((name, 1));
            continue;
        }
        element(digest, name, kind, &tag);
    }
    if skipping.is_none() {
        digest.text(rest);
    }
}

/// Whether an element's text is left out: not prose, marked `data-pagefind-ignore` (as a
/// post's raw HTML may be), or a heading's `#` link or a footnote's number.
fn is_unsearched(kind: Kind, tag: &Tag<'_>) -> bool {
    kind == Kind::Unsearched
        || attributes(tag.attributes).any(|(attribute, value)| {
            attribute.eq_ignore_ascii_case("data-pagefind-ignore")
                || attribute.eq_ignore_ascii_case("class")
                    && value
                        .split_whitespace()
                        .any(|class| class == ANCHOR_CLASS || class == FOOTNOTE_REF_CLASS)
        })
}

/// What an element's tag does to the text around it.
fn element(digest: &mut Digest<'_>, name: &str, kind: Kind, tag: &Tag<'_>) {
    let heading = match name.as_bytes() {
        [b'h' | b'H', level @ b'1'..=b'6'] => Some(level - b'0'),
        _ => None,
    };
    match (heading, tag.closing) {
        (Some(level), false) => digest.start_heading(level, tag.attribute("id")),
        (Some(_), true) => digest.end_heading(),
        (None, true) if kind == Kind::Sentence => digest.end_block(),
        (None, _) if !matches!(kind, Kind::Inline | Kind::InlineVoid) => digest.end_word(),
        (None, _) => {}
    }
}

/// A tag as written.
struct Tag<'h> {
    /// Its bytes, `<` to `>`.
    length: usize,
    /// The element's name as written; none for comments, doctypes and the like.
    name: Option<&'h str>,
    closing: bool,
    self_closing: bool,
    attributes: &'h str,
}

impl<'h> Tag<'h> {
    /// The tag at the start of `html` (which starts with `<`); none when it is not one (a
    /// `<` in text, or a tag never closed).
    fn read(html: &'h str) -> Option<Self> {
        if let Some(comment) = html.strip_prefix("<!--") {
            let end = comment.find("-->")? + 4 + 3;
            return Some(Self::nameless(end));
        }
        let after = &html[1..];
        let closing = after.starts_with('/');
        let name_start = usize::from(closing);
        let name_length = after[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len() - name_start);
        if name_length == 0 {
            return match after.as_bytes().first() {
                Some(b'!' | b'?') => Some(Self::nameless(html.find('>')? + 1)),
                _ => None,
            };
        }
        let name_end = 1 + name_start + name_length;
        let end = name_end + tag_end(&html[name_end..])?;
        let inside = &html[name_end..end - 1];
        Some(Self {
            length: end,
            name: Some(&html[1 + name_start..name_end]),
            closing,
            self_closing: inside.trim_end().ends_with('/'),
            attributes: inside,
        })
    }

    fn nameless(length: usize) -> Self {
        Self {
            length,
            name: None,
            closing: false,
            self_closing: true,
            attributes: "",
        }
    }

    /// An attribute's value (empty for an attribute without one).
    fn attribute(&self, wanted: &str) -> Option<&'h str> {
        attributes(self.attributes)
            .find_map(|(name, value)| name.eq_ignore_ascii_case(wanted).then_some(value))
    }
}

/// Where a tag's attributes end: one past its `>`, quotes respected.
fn tag_end(attributes: &str) -> Option<usize> {
    // Quotes and `>` are ASCII, so bytes will do: no other character has their bytes.
    let mut quote = None;
    for (index, &byte) in attributes.as_bytes().iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), byte) if byte == open => quote = None,
            (None, b'>') => return Some(index + 1),
            _ => {}
        }
    }
    None
}

/// A tag's attributes as names and values.
fn attributes(mut text: &str) -> impl Iterator<Item = (&str, &str)> {
    std::iter::from_fn(move || {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if text.is_empty() {
            return None;
        }
        let name_end = text
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(text.len());
        let name = &text[..name_end];
        text = text[name_end..].trim_start();
        let Some(after_equals) = text.strip_prefix('=') else {
            return Some((name, ""));
        };
        let after_equals = after_equals.trim_start();
        let (value, rest) = if let Some(quote @ ('"' | '\'')) = after_equals.chars().next() {
            let inner = &after_equals[1..];
            let end = inner.find(quote).unwrap_or(inner.len());
            (&inner[..end], inner.get(end + 1..).unwrap_or(""))
        } else {
            let end = after_equals
                .find(char::is_whitespace)
                .unwrap_or(after_equals.len());
            (&after_equals[..end], &after_equals[end..])
        };
        text = rest;
        Some((name, value))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Digest, Digested};
    use crate::search::words::Words;

    /// The page's text, and each stem's places in it.
    fn digest(html: &str) -> (Digested, HashMap<String, Vec<(u32, u8)>>) {
        let mut words = Words::new("en");
        let mut digest = Digest::new(&mut words, html.len());
        digest.html(html);
        let digested = digest.finish();
        let places = digested
            .places
            .iter()
            .map(|places| {
                (
                    words.text(places.form).stem.to_string(),
                    digested.text[places.text.clone()].to_vec(),
                )
            })
            .collect();
        (digested, places)
    }

    #[test]
    fn blocks_become_sentences_and_inline_tags_do_not_split_words() {
        let (page, places) = digest(
            "<h2 id=\"ice\">Ice &amp; heat</h2>\n<p>Use <em>pain</em>ful joints less</p><ul><li>rest</li><li>walk</li></ul>",
        );
        assert_eq!(
            page.content,
            "Ice &amp; heat. Use painful joints less. rest. walk."
        );
        assert_eq!(page.word_count, 9);
        assert_eq!(places["ice"], [(0, 144)]);
        assert_eq!(places["pain"], [(4, 24)]);
        assert_eq!(page.anchors.len(), 1);
        assert_eq!(
            (page.anchors[0].id.as_str(), page.anchors[0].text.as_str()),
            ("ice", "Ice & heat")
        );
    }

    #[test]
    fn unsearched_and_ignored_elements_are_left_out() {
        let (page, _) = digest(
            "<p>Before<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup></p><script>var x = '<p>';</script><div data-pagefind-ignore><div>Hidden</div> too</div><!-- note --><p>After <br>line</p>",
        );
        assert_eq!(page.content, "Before. After line.");
    }

    #[test]
    fn a_compound_part_shares_its_word_weight() {
        let (_, places) = digest("<h1>low-back</h1>");
        assert_eq!(places["lowback"], [(0, 168)]);
        assert_eq!(places["low"], [(0, 84)]);
    }

    #[test]
    fn words_end_at_any_white_space() {
        let (page, _) = digest("<p>one\u{a0}two\tthree\u{2003}four\u{1F600}</p>");
        assert_eq!(page.content, "one two three four\u{1F600}");
        assert_eq!(page.word_count, 4);
    }

    #[test]
    fn each_forms_words_are_grouped_in_order() {
        let (page, places) = digest("<p>rest walk rest</p><h2>walk</h2><p>rest</p>");
        assert_eq!(page.word_count, 5);
        assert_eq!(places["rest"], [(0, 24), (2, 24), (4, 24)]);
        assert_eq!(places["walk"], [(1, 24), (3, 144)]);
    }

    #[test]
    fn tags_are_read_in_any_case() {
        let (page, places) = digest(
            "<P>Before</P><SCRIPT>hidden()</SCRIPT><H2 ID=\"rest\">Rest</H2><Div Data-Pagefind-Ignore>no</Div><P>after<BR>line</P>",
        );
        assert_eq!(page.content, "Before. Rest. after line.");
        assert_eq!(places["rest"], [(1, 144)]);
        assert_eq!(page.anchors[0].id, "rest");
        assert_eq!(page.anchors[0].element, "h2");
    }

    #[test]
    fn a_stray_angle_bracket_is_text() {
        let (page, _) = digest("<p>a < b</p>");
        assert_eq!(page.content, "a < b.");
    }
}
