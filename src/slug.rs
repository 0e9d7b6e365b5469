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

#[cfg(test)]
mod tests {
    use super::slugify;

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
