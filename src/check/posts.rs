//! Rules over each post's front matter: review freshness, a named reviewer, the description,
//! duplicate titles and missing tags; and over each page's: review freshness, when the page
//! is medically reviewed.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Raw, post_file};
use crate::config::RuleId;
use crate::site::{RenderedPost, Site};

/// Longest description search engines show in full.
const MAX_DESCRIPTION: usize = 160;

pub(super) fn check(site: &Site, today: Date) -> Vec<Raw> {
    let mut findings = Vec::new();
    let max_age = site.config.review.max_age_months;
    let stale_before = today
        .checked_sub(i64::from(max_age).months())
        .unwrap_or(today);
    let mut titles: HashMap<String, &RenderedPost> = HashMap::new();
    for page in &site.pages {
        findings.extend(review_age(page, stale_before, max_age));
    }
    let mut by_path: Vec<&RenderedPost> = site.posts.iter().collect();
    by_path.sort_by(|a, b| a.post.source.content_path.cmp(&b.post.source.content_path));
    for post in by_path {
        let front = &post.post.front;
        findings.extend(review_age(post, stale_before, max_age));
        if front.reviewed_by.0.is_empty() {
            findings.push(Raw::new(RuleId::Reviewer, post_file(post), key_place(post, "title"), "no medical reviewer: add `reviewed_by:` with the id of the clinician who checked this post"));
        }
        match &front.description {
            None => findings.push(Raw::new(RuleId::Description, post_file(post), key_place(post, "title"), "no `description`: search engines and link previews will guess one; write one or two sentences")),
            Some(text) if text.chars().count() > MAX_DESCRIPTION => findings.push(Raw::new(
                RuleId::Description,
                post_file(post),
                key_place(post, "description"),
                format!("the description has {} characters; search engines cut it after about {MAX_DESCRIPTION}", text.chars().count()),
            )),
            Some(text) if text.trim().is_empty() => findings.push(Raw::new(
                RuleId::Description,
                post_file(post),
                key_place(post, "description"),
                "the description is empty: search engines and link previews will guess one; write one or two sentences",
            )),
            Some(_) => {}
        }
        if let Some(offset) = post.post.source.body().find(crate::scaffold::NEW_POST_BODY) {
            findings.push(Raw::new(
                RuleId::Placeholder,
                post_file(post),
                super::post_position(post, offset),
                "this is the text `salve new` wrote: replace it with the post",
            ));
        }
        if front.tags.is_empty() {
            findings.push(Raw::new(
                RuleId::Tags,
                post_file(post),
                key_place(post, "title"),
                "no `tags`: readers find posts by topic on the tags pages; add one or more",
            ));
        }
        let title = front.title.trim().to_lowercase();
        if let Some(other) = titles.get(&title) {
            findings.push(Raw::new(
                RuleId::DuplicateTitle,
                post_file(post),
                key_place(post, "title"),
                format!(
                    "`{}` has the same title; readers and search engines cannot tell the two apart",
                    post_file(other)
                ),
            ));
        } else {
            titles.insert(title, post);
        }
    }
    findings
}

/// A post last reviewed (else published) before `stale_before`; a page last reviewed then
/// (a page without a review date has no medical content to keep fresh).
fn review_age(post: &RenderedPost, stale_before: Date, max_age: u32) -> Option<Raw> {
    let (reviewed, key) = match (&post.post.front.last_reviewed, post.post.date()) {
        (Some(date), _) => (date, "last_reviewed"),
        (None, Some(date)) => (date, "date"),
        (None, None) => return None,
    };
    if reviewed.date() >= stale_before {
        return None;
    }
    let what = if key == "last_reviewed" {
        "was last medically reviewed"
    } else {
        "has no `last_reviewed` and was published"
    };
    Some(Raw::new(
        RuleId::ReviewAge,
        post_file(post),
        key_place(post, key),
        format!(
            "this {} {what} on {}, more than {max_age} months ago: have it reviewed and update `last_reviewed`",
            post.post.kind_name(),
            reviewed.date()
        ),
    ))
}

/// `line:column` of a front matter key in the whole file.
fn key_place(post: &RenderedPost, key: &str) -> (usize, usize) {
    let (line, column) = post.post.source.key_position(key);
    (post.post.source.yaml_first_line() + line - 1, column)
}
