//! ASCII slugs for URLs and ids: any Unicode text is transliterated, lowercased, and every run
//! of other characters becomes a single hyphen.

/// The slug of `text`: `"Dolor crónico & CRPS"` becomes `"dolor-cronico-crps"`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// The longest slug [`file_slug`] gives: a readable address, and a file name far below the
/// 255 bytes file systems allow.
const MAX_FILE_SLUG: usize = 80;

/// The slug of a title that names a new file or folder (`salve new`, an imported post with no
/// slug of its own): [`slugify`], cut after its last whole word within 80 characters.
pub fn file_slug(title: &str) -> String {
    let mut slug = slugify(title);
    if slug.len() > MAX_FILE_SLUG {
        // The slug is ASCII: every index is a character boundary.
        let cut = slug[..=MAX_FILE_SLUG].rfind('-').unwrap_or(MAX_FILE_SLUG);
        slug.truncate(cut);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::{file_slug, slugify};

    /// Regression: `salve new` with a pasted paragraph as its title failed with "File name
    /// too long"; the slug stops after the last whole word within 80 characters.
    #[test]
    fn a_file_slug_is_cut_at_a_word() {
        let title = "Why your lower back hurts more in the morning ".repeat(6);
        let slug = file_slug(&title);
        assert!(slug.len() <= 80, "{slug}");
        assert_eq!(
            slug,
            "why-your-lower-back-hurts-more-in-the-morning-why-your-lower-back-hurts-more-in"
        );
        assert_eq!(file_slug(&"a".repeat(100)).len(), 80);
        assert_eq!(file_slug("Knee pain"), "knee-pain");
    }

    #[test]
    fn folds_unicode_to_ascii() {
        assert_eq!(slugify("Dolor crónico & CRPS"), "dolor-cronico-crps");
        assert_eq!(
            slugify("Ketamine: what to expect?"),
            "ketamine-what-to-expect"
        );
        assert_eq!(slugify("  --Already-a-slug-- "), "already-a-slug");
        assert_eq!(slugify("Straße"), "strasse");
    }

    #[test]
    fn symbols_alone_give_an_empty_slug() {
        assert_eq!(slugify("!!!"), "");
    }
}
