//! The `translations` rule: a translation whose original changed after it (a later `updated`
//! or `last_reviewed`) may no longer say what the original says; and a theme string that no
//! table of a language gives is shown in the default language there. (A translation without
//! an original is an error of the build.)

use std::collections::HashMap;

use super::{Raw, post_file};
use crate::config::RuleId;
use crate::content::PostDate;
use crate::site::{RenderedPost, Site};

/// How many missing keys a finding names before it says how many more there are.
const KEYS_NAMED: usize = 8;

pub(super) fn check(sites: &[&Site]) -> Vec<Raw> {
    let Some((default, others)) = sites.split_first() else {
        return Vec::new();
    };
    let originals: HashMap<&str, &RenderedPost> = default
        .posts
        .iter()
        .chain(&default.pages)
        .map(|post| (post.post.source.content_path.as_str(), post))
        .collect();
    let mut findings = Vec::new();
    for site in others {
        for translation in site.posts.iter().chain(&site.pages) {
            let Some(original) = originals.get(translation.post.original_path.as_str()) else {
                continue;
            };
            if let Some(finding) = stale(original, translation) {
                findings.push(finding);
            }
        }
        findings.extend(untranslated_strings(site));
    }
    findings
}

/// The finding for a translation older than its original's last change.
fn stale(original: &RenderedPost, translation: &RenderedPost) -> Option<Raw> {
    let changed = changed(original)?;
    let translated = changed_or_dated(translation);
    if translated.is_some_and(|date| date.timestamp() >= changed.timestamp()) {
        return None;
    }
    Some(Raw::new(
        RuleId::Translations,
        post_file(translation),
        (1, 1),
        format!(
            "the original `{}` changed on {} after this translation was last updated: check that it still says the same, then set `updated:` here",
            original.post.source.display_path.display(),
            changed.date()
        ),
    ))
}

/// When a post or page last changed by its front matter: its `updated` or `last_reviewed`.
fn changed(post: &RenderedPost) -> Option<&PostDate> {
    let front = &post.post.front;
    [front.updated.as_ref(), front.last_reviewed.as_ref()]
        .into_iter()
        .flatten()
        .max_by_key(|date| date.timestamp())
}

/// When a translation was last made: its `updated` or `last_reviewed`, else its date.
fn changed_or_dated(post: &RenderedPost) -> Option<&PostDate> {
    changed(post).or_else(|| post.post.date())
}

/// The finding for theme strings shown in another language on this language's pages.
fn untranslated_strings(site: &Site) -> Option<Raw> {
    let strings = &site.language.strings;
    if strings.fallbacks.is_empty() {
        return None;
    }
    let code = site.language.language.code();
    let named: Vec<&str> = strings
        .fallbacks
        .iter()
        .take(KEYS_NAMED)
        .map(String::as_str)
        .collect();
    let more = strings.fallbacks.len().saturating_sub(KEYS_NAMED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(Raw::new(
        RuleId::Translations,
        format!("{}/{code}.yaml", crate::i18n::I18N_DIR),
        (1, 1),
        format!(
            "{} theme strings have no `{code}` text and show in the default language: {}{more}; add them to `{}/{code}.yaml`",
            strings.fallbacks.len(),
            named.join(", "),
            crate::i18n::I18N_DIR
        ),
    ))
}
