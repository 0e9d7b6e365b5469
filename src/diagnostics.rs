//! Content errors with their source location, collected over a whole run and reported together,
//! and the "did you mean" hint that every strict key check shares.

use std::fmt;
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
        let count = self.0.len();
        write!(
            f,
            "{count} error{} found; nothing was written",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for ContentErrors {}

/// Turns a result list into `Ok(values)` when no item failed, else every error at once.
pub fn collect_all<T>(
    results: impl IntoIterator<Item = Result<T, Vec<ContentError>>>,
) -> Result<Vec<T>, Vec<ContentError>> {
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
        if let Some(suggestion) = closest(unknown, expected.iter().copied()) {
            explained.push_str(&format!(": did you mean `{suggestion}`?"));
        } else if !expected.is_empty() {
            explained.push_str(&format!("; expected one of: {}", expected.join(", ")));
        }
        return explained;
    }
    message.to_owned()
}

/// A YAML error's message without the " at line L column C" that yaml_serde appends, since
/// salve reports the position itself, counted in the whole file.
pub fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    let text = text
        .find(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    explain_serde_message(text)
}

/// The 1-based `(line, column)` of a YAML error inside its document, if the parser knows it.
pub fn yaml_position(error: &serde_yaml::Error) -> Option<(usize, usize)> {
    error
        .location()
        .map(|location| (location.line(), location.column()))
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
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
