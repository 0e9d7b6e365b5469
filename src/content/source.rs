//! A post's file as read from disk, split into its YAML front matter and its Markdown body,
//! remembering where each part starts so that errors can name `line:column` in the whole file.

use std::path::PathBuf;

use crate::diagnostics::{ContentError, line_column};

/// One Markdown file, read and split.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as shown in messages: relative to the site root.
    pub display_path: PathBuf,
    /// The path relative to its folder (posts or pages), with `/` separators: a post's slug
    /// and a page's URL come from it.
    pub folder_path: String,
    /// The path relative to the site's folder, with `/` separators (`posts/a.md`,
    /// `pages/about.md`): links between files resolve against it, and it names the file in
    /// the caches.
    pub content_path: String,
    /// The whole text of the file.
    pub text: String,
    /// The byte range of the YAML between the `---` lines.
    pub front_matter: std::ops::Range<usize>,
    /// The byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Whether a byte is a control character HTML does not allow in text (all but tab, line
/// feed, form feed and carriage return).
fn is_forbidden_control(byte: u8) -> bool {
    (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | 0x0c | b'\r')) || byte == 0x7f
}

impl Source {
    /// Decodes and splits a file's bytes.
    pub fn parse(
        display_path: PathBuf,
        folder_path: String,
        bytes: Vec<u8>,
    ) -> Result<Self, ContentError> {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let (line, column) = line_column(&prefix, valid);
                return Err(ContentError::new(
                    display_path,
                    line,
                    column,
                    "the file is not valid UTF-8 text; save it as UTF-8 in your editor",
                ));
            }
        };
        let (front_matter, body_start) = split_front_matter(&text)
            .map_err(|(line, message)| ContentError::new(&display_path, line, 1, message))?;
        // A vertical tab pasted from a word processor, a stray NUL or escape: spaces, byte for
        // byte, so that positions in the file hold.
        let text = crate::html::blank_bytes(text, body_start, is_forbidden_control);
        let content_path = display_path
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Self {
            display_path,
            folder_path,
            content_path,
            text,
            front_matter,
            body_start,
        })
    }

    /// The YAML text of the front matter.
    pub fn yaml(&self) -> &str {
        &self.text[self.front_matter.clone()]
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Frees the file's text, for a build that reads nothing more of it: the front matter and
    /// the body become empty, and errors point at the file's first line.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.front_matter = 0..0;
        self.body_start = 0;
    }

    /// The file line of the front matter's first line (the one after the opening `---`).
    pub fn yaml_first_line(&self) -> usize {
        line_column(&self.text, self.front_matter.start).0
    }

    /// An error at a 1-based position inside the front matter.
    pub fn yaml_error(
        &self,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> ContentError {
        ContentError::new(
            &self.display_path,
            self.yaml_first_line() + line - 1,
            column,
            message,
        )
    }

    /// An error at a byte offset of the Markdown body.
    pub fn body_error(&self, offset: usize, message: impl Into<String>) -> ContentError {
        let (line, column) = line_column(&self.text, self.body_start + offset);
        ContentError::new(&self.display_path, line, column, message)
    }

    /// The 1-based position (inside the front matter) of a top-level key, for errors found
    /// after parsing; `(1, 1)` if it cannot be found.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        self.yaml()
            .lines()
            .position(|line| {
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or((1, 1), |index| (index + 1, 1))
    }

    /// An error about a front matter key.
    pub fn key_error(&self, key: &str, message: impl Into<String>) -> ContentError {
        let (line, column) = self.key_position(key);
        self.yaml_error(line, column, message)
    }
}

/// Finds the front matter: the file must open with a `---` line and the YAML ends at the next
/// `---` (or `...`) line. Returns the YAML's byte range and where the body starts, or the line
/// to blame and a message.
fn split_front_matter(text: &str) -> Result<(std::ops::Range<usize>, usize), (usize, String)> {
    let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    let mut lines = line_spans(text, start);
    let opening = lines
        .next()
        .filter(|&(a, b)| text[a..b].trim_end() == "---");
    let Some((_, opening_end)) = opening else {
        return Err((
            1,
            "missing front matter: start the file with a `---` line, then `title: ...` and `date: ...`, then another `---` line".to_owned(),
        ));
    };
    for (line_start, line_end) in lines {
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (line_end + 1).min(text.len());
            return Ok((opening_end + 1..line_start, body_start));
        }
    }
    Err((
        1,
        "the front matter is not closed: add a `---` line after the last front matter line"
            .to_owned(),
    ))
}

/// `(start, end)` byte offsets of each line (without its `\n`) from `start`.
fn line_spans(text: &str, start: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut position = start;
    std::iter::from_fn(move || {
        if position >= text.len() {
            return None;
        }
        let end = text[position..]
            .find('\n')
            .map_or(text.len(), |i| position + i);
        let span = (position, end);
        position = end + 1;
        Some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Source, ContentError> {
        Source::parse(
            PathBuf::from("posts/a.md"),
            "a.md".to_owned(),
            text.as_bytes().to_vec(),
        )
    }

    #[test]
    fn splits_front_matter_and_body() {
        let source = parse("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(source.yaml(), "title: A\n");
        assert_eq!(source.body(), "Body\n");
        assert_eq!(source.yaml_first_line(), 2);
    }

    /// Regression: a vertical tab pasted from a word processor, or a stray NUL or escape,
    /// went into the page's HTML, which forbids them; they become spaces, byte for byte, so
    /// that an error later on the line is still placed right.
    #[test]
    fn control_characters_of_the_body_become_spaces() {
        let source =
            parse("---\ntitle: A\n---\nOne\u{b}two\u{0}three\u{1b}[31m\u{7f}\tfour\u{c}\r\n")
                .unwrap();
        assert_eq!(source.body(), "One two three [31m \tfour\u{c}\r\n");
        let untouched = parse("---\ntitle: A\n---\nPlain \u{e9}t\u{e9}\n").unwrap();
        assert_eq!(untouched.body(), "Plain \u{e9}t\u{e9}\n");
    }

    /// Guards a released source: it holds no text, and reading it or placing an error in it
    /// gives empty text and the first line instead of slicing past the end.
    #[test]
    fn a_released_source_is_empty_and_places_errors_at_its_start() {
        let mut source = parse("---\ntitle: A\n---\nBody\nmore\n").unwrap();
        source.release_text();
        assert_eq!(source.text.capacity(), 0);
        assert_eq!((source.yaml(), source.body()), ("", ""));
        let error = source.body_error(7, "late");
        assert_eq!((error.line, error.column), (1, 1));
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let source = parse("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(source.yaml(), "title: A\r\n");
        assert_eq!(source.body(), "Body");
    }

    #[test]
    fn missing_front_matter_is_an_error_at_the_first_line() {
        let error = parse("# Title\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 1));
        assert!(error.message.starts_with("missing front matter"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let error = parse("---\ntitle: A\n").unwrap_err();
        assert!(error.message.contains("not closed"));
    }

    #[test]
    fn non_utf8_names_the_first_bad_byte() {
        let mut bytes = b"---\ntitle: ab".to_vec();
        bytes.push(0xff);
        let error =
            Source::parse(PathBuf::from("posts/a.md"), "a.md".to_owned(), bytes).unwrap_err();
        assert_eq!((error.line, error.column), (2, 10));
        assert!(error.message.contains("UTF-8"));
    }

    #[test]
    fn empty_file_has_no_front_matter() {
        assert!(
            parse("")
                .unwrap_err()
                .message
                .starts_with("missing front matter")
        );
    }
}
