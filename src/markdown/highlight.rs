//! Syntax highlighting of fenced code with syntect, as CSS classes (`hl-keyword`, `hl-string`,
//! ...) rather than inline styles, so that the theme decides colours for light and dark mode.
//! The syntax definitions are loaded on first use only: a site without code pays nothing.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class prefix of highlighted spans; the theme's CSS styles `hl-*` classes.
pub const CLASS_PREFIX: &str = "hl-";

/// Highlights `code` written in `language` (a name or file extension such as `rust`, `py`,
/// `json`). Returns the inner HTML of the `<code>` element, or `None` when the language is
/// unknown, in which case the caller escapes the code as plain text.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes
        .find_syntax_by_token(language)
        .or_else(|| syntaxes.find_syntax_by_name(language))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed {
            prefix: CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn known_languages_get_classes_not_styles() {
        let html = highlight("let x = \"a\";\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "no-such-language").is_none());
    }
}
