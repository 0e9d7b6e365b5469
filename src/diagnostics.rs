//! Content errors with their source location, collected over a whole run and reported together,
//! and the "did you mean" hint that every strict key check shares.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// One problem in the site's content, pinned to `path:line:column` (both 1-based, counted in the
/// whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl ContentError {
    /// An error at `line:column` of `path`.
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
        }
    }

    /// An error about a file as a whole, reported at its first character.
    pub fn at_start(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(path, 1, 1, message)
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            display_path(&self.path),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Every content error of one run, sorted by file and position. This is the error a build
/// returns when the content is at fault (exit code 1), as opposed to an I/O failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    /// Sorts and deduplicates the errors so that reports are stable from run to run.
    pub fn new(mut errors: Vec<ContentError>) -> Self {
        errors.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        errors.dedup();
        Self(errors)
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        write!(
            f,
            "{} found; nothing was written",
            count(self.0.len(), "error", "errors")
        )
    }
}

impl std::error::Error for ContentErrors {}

/// Why a command of the library stopped: the one error shape its callers match on.
#[derive(Debug)]
pub enum Error {
    /// The content is at fault: every error found in the run, each with its place. Nothing
    /// was written.
    Content(ContentErrors),
    /// Something else failed (reading a file, an unsafe output folder), with its causes.
    Failure(anyhow::Error),
}

/// A result whose error is an [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl From<anyhow::Error> for Error {
    fn from(error: anyhow::Error) -> Self {
        Self::Failure(error)
    }
}

impl From<ContentErrors> for Error {
    fn from(errors: ContentErrors) -> Self {
        Self::Content(errors)
    }
}

impl From<Vec<ContentError>> for Error {
    fn from(errors: Vec<ContentError>) -> Self {
        Self::Content(ContentErrors::new(errors))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Content(errors) => errors.fmt(f),
            Self::Failure(error) => write!(f, "{error:#}"),
        }
    }
}

impl std::error::Error for Error {}

/// A count with its noun, singular for one: `1 post`, `2 posts`, `0 errors`.
pub fn count(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

/// Turns a result list into `Ok(values)` when no item failed, else every error at once.
pub fn collect_all<T>(
    results: impl IntoIterator<Item = std::result::Result<T, Vec<ContentError>>>,
) -> std::result::Result<Vec<T>, Vec<ContentError>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(mut more) => errors.append(&mut more),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The known name closest to `unknown`, if one is close enough to be a plausible typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown = unknown.to_lowercase();
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&unknown, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" (and the same for enum
/// variants) into a shorter message with a "did you mean" hint; other messages pass unchanged.
pub fn explain_serde_message(message: &str) -> String {
    for (prefix, noun) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        let Some(start) = message.find(prefix) else {
            continue;
        };
        let context = &message[..start];
        let rest = &message[start + prefix.len()..];
        let Some(end) = rest.find('`') else { continue };
        let unknown = &rest[..end];
        let expected: Vec<&str> = rest[end + 1..].split('`').skip(1).step_by(2).collect();
        let mut explained = format!("{context}unknown {noun} `{unknown}`");
        let moved = expected
            .contains(&"extra")
            .then(|| other_generators_key(unknown))
            .flatten();
        if let Some(hint) = moved {
            let _ = write!(explained, ": {hint}");
        } else if let Some(suggestion) = closest(unknown, expected.iter().copied()) {
            let _ = write!(explained, ": did you mean `{suggestion}`?");
        } else if expected.contains(&"extra") {
            let _ = write!(
                explained,
                "; custom fields go under `extra:` (known keys: {})",
                expected.join(", ")
            );
        } else if !expected.is_empty() {
            let _ = write!(explained, "; expected one of: {}", expected.join(", "));
        }
        return explained;
    }
    if let Some(hint) = plain_type_hint(message) {
        return hint;
    }
    message.to_owned()
}

/// What to write instead of a front-matter key that Jekyll, Hugo or WordPress use.
fn other_generators_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "layout" => "salve has no layouts (the theme draws every post); remove it",
        "categories" | "category" => "salve has one kind of topic: write them in `tags`",
        "excerpt" | "description_html" => "write the teaser in `summary`",
        "published" => {
            "write `draft: true` for a post that is not published (and remove `published`)"
        }
        "redirect_from" => "write old addresses in `aliases`",
        "lastmod" | "last_modified_at" | "modified" => {
            "write the date of the last change in `updated`"
        }
        "lang" | "locale" => "write the language in `language`",
        "permalink" | "url" => {
            "set the address pattern with `permalink` in salve.yaml, or this post's with `slug`; keep an old address in `aliases`"
        }
        "authors" => "write the people's ids in `author` (a list is fine)",
        "images" | "featured_image" | "cover" | "thumbnail" => {
            "write the lead image in `image`, with `image_alt`"
        }
        _ => return None,
    })
}

/// Serde's "invalid type" and "missing field" messages, in the words of the file's author.
fn plain_type_hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!("missing `{field}`: add `{field}: ...`"));
    }
    let (context, rest) = match message.find("invalid type: ") {
        Some(start) => (
            &message[..start],
            &message[start + "invalid type: ".len()..],
        ),
        None => return None,
    };
    let (found, expected) = rest.split_once(", expected ")?;
    let advice = match expected {
        "a boolean" => "write `true` or `false`".to_owned(),
        "a sequence" => "write a list, like `[first, second]`".to_owned(),
        "a string" => {
            "write text (put it in quotes if it looks like a number or a date)".to_owned()
        }
        "a map" | "map" => "write `key: value` lines, each on its own line".to_owned(),
        other if other.starts_with("struct ") => {
            "write `key: value` lines, each on its own line".to_owned()
        }
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "write a whole number".to_owned()
        }
        "f32" | "f64" => "write a number".to_owned(),
        other => format!("write {other}"),
    };
    let found = match found.split_once(' ') {
        Some(("string", text)) => format!("the text {text}"),
        Some(("integer" | "floating", number)) => {
            format!("the number {}", number.trim_matches('`'))
        }
        _ => match found {
            "sequence" => "a list".to_owned(),
            "map" => "a set of keys".to_owned(),
            other => other.to_owned(),
        },
    };
    Some(format!("{context}{found} does not fit here: {advice}"))
}

/// A YAML error's message without the " at line L column C" that yaml_serde appends, since
/// salve reports the position itself, counted in the whole file.
pub fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    if text.contains("while scanning a quoted scalar") {
        return "YAML syntax error: this quote is never closed; add the closing quote at the end of the value (or write the value without quotes)".to_owned();
    }
    let text = text
        .find(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    let syntax = [
        "did not find expected",
        "found character",
        "mapping values are not allowed",
        "found unexpected",
        "could not find expected",
    ];
    if syntax.iter().any(|s| text.contains(s)) {
        return format!(
            "YAML syntax error: {text}; check the quotes, brackets and indentation on this line and the one before"
        );
    }
    explain_serde_message(text)
}

/// The 1-based `(line, column)` of a YAML error inside its document `yaml`.
///
/// yaml_serde places errors raised while validating a value (a bad date, a bad URL) at the
/// start of the enclosing mapping; when the message names the value's path (`date: ...`,
/// `social[1].url: ...`), the key found along that path is a better place to point at.
pub fn yaml_position(error: &serde_yaml::Error, yaml: &str) -> (usize, usize) {
    let marked = error
        .location()
        .map_or((1, 1), |location| (location.line(), location.column()));
    let text = error.to_string();
    if let Some(opened) = context_position(&text) {
        return opened;
    }
    let path = text
        .split_once(": ")
        .map(|(path, _)| path)
        .filter(|path| !path.contains(' ') && !path.is_empty());
    if let Some(found) = locate_quoted_value(yaml, &text, marked.0) {
        return found;
    }
    match path.and_then(|path| locate_key_path(yaml, path)) {
        Some(found) if found.0 > marked.0 => found,
        _ => marked,
    }
}

/// Where the construct a syntax error is about began: "..., while scanning a quoted scalar
/// at line 2 column 8" points at the quote that is never closed, where the error itself is
/// at the end of the text.
fn context_position(message: &str) -> Option<(usize, usize)> {
    let (_, context) = message.split_once(", while ")?;
    let (_, place) = context.rsplit_once(" at line ")?;
    let (line, column) = place.split_once(" column ")?;
    let column = column.split(|c: char| !c.is_ascii_digit()).next()?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// salve's own validation messages quote the offending value in backticks; its first
/// occurrence at or after the marked line is where the error is.
fn locate_quoted_value(yaml: &str, message: &str, from_line: usize) -> Option<(usize, usize)> {
    let quoted = message
        .split('`')
        .nth(1)
        .filter(|value| !value.is_empty())?;
    let line_start: usize = yaml
        .split_inclusive('\n')
        .take(from_line.saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = yaml.get(line_start..)?.find(quoted)? + line_start;
    Some(line_column(yaml, offset))
}

/// Finds the line of the last key of a path such as `clinic.address.city` or `social[1].url`
/// by scanning the YAML text for each key in turn (and each `- ` item for an index).
fn locate_key_path(yaml: &str, path: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut current = 0;
    let mut found = None;
    for segment in path.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let line = (current..lines.len()).find(|&i| {
            let trimmed = lines[i].trim_start().trim_start_matches("- ");
            trimmed
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })?;
        current = line;
        found = Some((
            line + 1,
            lines[line].len() - lines[line].trim_start().len() + 1,
        ));
        if let Some(index) = index {
            let item = (current + 1..lines.len())
                .filter(|&i| lines[i].trim_start().starts_with("- "))
                .nth(index)?;
            current = item;
            found = Some((
                item + 1,
                lines[item].len() - lines[item].trim_start().len() + 1,
            ));
        }
    }
    found
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = text[..offset].lines().count().max(1) + usize::from(text[..offset].ends_with('\n'));
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        let message = "unknown field `titel`, expected one of `title`, `date`, `tags`";
        assert_eq!(
            explain_serde_message(message),
            "unknown key `titel`: did you mean `title`?"
        );
    }

    #[test]
    fn regression_tag_singular_suggests_tags() {
        let message = "unknown field `tag`, expected one of `title`, `date`, `tags`, `draft`";
        assert_eq!(
            explain_serde_message(message),
            "unknown key `tag`: did you mean `tags`?"
        );
    }

    /// Regression: front matter written as a list read "write struct FrontMatter", a name
    /// from salve's code; a number's type read "write u32".
    #[test]
    fn type_errors_speak_of_keys_and_numbers_not_rust_types() {
        let list = "invalid type: sequence, expected struct FrontMatter";
        assert_eq!(
            explain_serde_message(list),
            "a list does not fit here: write `key: value` lines, each on its own line"
        );
        let text = "recent_posts: invalid type: string \"five\", expected u32";
        assert_eq!(
            explain_serde_message(text),
            "recent_posts: the text \"five\" does not fit here: write a whole number"
        );
    }

    #[test]
    fn lists_the_choices_when_nothing_is_close() {
        let message =
            "social[0].network: unknown variant `myspace`, expected one of `facebook`, `x`";
        assert_eq!(
            explain_serde_message(message),
            "social[0].network: unknown value `myspace`; expected one of: facebook, x"
        );
    }

    #[test]
    fn counts_lines_and_columns_from_one() {
        let text = "ab\ncdé f\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.find('f').unwrap()), (2, 5));
    }

    #[test]
    fn errors_print_as_path_line_column() {
        let error = ContentError::new("posts/a.md", 3, 7, "bad");
        assert_eq!(error.to_string(), "posts/a.md:3:7: bad");
    }
}
