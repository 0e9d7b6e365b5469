//! Creating files for the writer: a new site (`salve init`) and a new post (`salve new`).
//! Neither ever overwrites a file.

mod pages;

pub use pages::OUTLINE_MARKER;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::config::{CONFIG_FILE, Config};
use crate::slug::slugify;

/// The `salve.yaml` of a new site: the essentials set, the clinic's fields written out as
/// comments to fill in.
const CONFIG_TEMPLATE: &str = r#"# salve.yaml: the settings of this clinic blog. Every key is optional.
title: "Our clinic blog"
description: "Patient education from our clinic."
language: en
# base_url: "https://www.example-clinic.org/blog/"   # where the site is published

# The clinic, shown in the header, the footer and the call to action.
# clinic:
#   name: "Example Pain & Spine Clinic"
#   phone: "(555) 010-0000"
#   email: "front-desk@example-clinic.org"
#   booking_url: "https://www.example-clinic.org/appointments/"
#   address:
#     street: "100 Main Street, Suite 2"
#     city: "Springfield"
#     region: "IL"
#     postal_code: "62701"
#     country: "USA"
#   hours:
#     - "Monday to Friday, 8 am to 5 pm"

# Who writes and medically reviews posts. Posts name them by id: `author: jdoe` and
# `reviewed_by: jdoe` (salve check asks every post for a medical reviewer).
# people:
#   jdoe:
#     name: "Jane Doe"
#     credentials: "MD"
#     role: "Pain medicine physician"

# "Follow us" links: facebook, instagram, x, youtube, linkedin, tiktok, threads, bluesky, mastodon, pinterest.
# social:
#   - network: facebook
#     url: "https://www.facebook.com/example-clinic"

# Shown under every post; a post can set its own `disclaimer:` or `disclaimer: false`.
# disclaimer: "This article is general health information, not medical advice."
"#;

/// Creates a new site in `dir`: `salve.yaml`, `posts/` with one sample post, `pages/` with an
/// About page, a Contact page and outlines of the notices a clinic posts, and a `.gitignore`
/// for the output. Returns the files created.
pub fn init(dir: &Path, today: jiff::civil::Date) -> Result<Vec<PathBuf>> {
    if dir.join(CONFIG_FILE).exists() {
        bail!(
            "`{}` already has a {CONFIG_FILE}; salve init only creates new sites",
            dir.display()
        );
    }
    let mut files = vec![
        (dir.join(CONFIG_FILE), CONFIG_TEMPLATE.to_owned()),
        (dir.join("posts").join("welcome.md"), sample_post(today)),
        (dir.join(".gitignore"), "/public\n".to_owned()),
    ];
    files.extend(
        pages::PAGES
            .iter()
            .map(|(name, text)| (dir.join("pages").join(name), pages::outline_text(text))),
    );
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        bail!(
            "`{}` already exists; salve init never overwrites files",
            existing.display()
        );
    }
    for (path, text) in &files {
        crate::fs::write_new(path, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn sample_post(today: jiff::civil::Date) -> String {
    format!(
        "---\ntitle: \"Welcome to our blog\"\ndate: {today}\ndescription: \"What this blog is for and how to use it.\"\ntags: [news]\n---\n\n\
         Welcome! Here our clinicians explain conditions and treatments in plain language.\n\n\
         ## What you will find here\n\n\
         - Answers to the questions patients ask us most\n- What to expect before, during and after a visit\n\n\
         Each post is reviewed by our medical team. It does not replace a visit: if you have questions about your own care, call us.\n"
    )
}

/// The body `salve new` gives a post, which `salve check` reports until it is replaced.
pub const NEW_POST_BODY: &str = "Write the post here.";

/// Writes `posts/<slug>.md` for a new draft titled `title`, dated `today`. Returns its path.
pub fn new_post(
    root: &Path,
    title: &str,
    today: jiff::civil::Date,
) -> crate::diagnostics::Result<PathBuf> {
    let config = Config::load(root)?;
    // Outside a site, a `posts/` folder made here would be a surprise, not a post.
    if !root.join(CONFIG_FILE).is_file() && !root.join(&config.posts_dir).is_dir() {
        return Err(anyhow::anyhow!(
            "`{}` is not a salve site (it has no {CONFIG_FILE} and no `{}` folder); create one with `salve init DIR`, or pass --root with the site's folder",
            root.display(),
            config.posts_dir.display()
        )
        .into());
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(anyhow::anyhow!(
            "the title {title:?} has no letters or digits to make a file name from"
        )
        .into());
    }
    let path = root.join(&config.posts_dir).join(format!("{slug}.md"));
    let quoted = serde_json::to_string(title).map_err(anyhow::Error::from)?;
    let text = format!(
        "---\ntitle: {quoted}\ndate: {today}\ndraft: true\ndescription: \"\"\ntags: []\n---\n\n{NEW_POST_BODY}\n"
    );
    crate::fs::write_new(&path, text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 24)
    }

    #[test]
    fn new_post_is_a_dated_draft_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("posts")).unwrap();
        let path = new_post(dir.path(), "Sleep & \"pain\"", today()).unwrap();
        assert_eq!(path, dir.path().join("posts/sleep-pain.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("title: \"Sleep & \\\"pain\\\"\"\ndate: 2026-11-24\ndraft: true"),
            "{text}"
        );
        let post = crate::content::parse_post(
            path.clone(),
            "sleep-pain.md".into(),
            text.into_bytes(),
            &Config::default(),
        )
        .unwrap();
        assert_eq!(post.front.title, "Sleep & \"pain\"");
        assert!(
            new_post(dir.path(), "Sleep & \"pain\"", today())
                .unwrap_err()
                .to_string()
                .contains("already exists")
        );
    }

    #[test]
    fn init_creates_a_site_whose_config_parses() {
        let dir = tempfile::tempdir().unwrap();
        let files = init(&dir.path().join("site"), today()).unwrap();
        assert_eq!(files.len(), 9);
        let config = std::fs::read_to_string(dir.path().join("site/salve.yaml")).unwrap();
        Config::parse(&config, Path::new("salve.yaml")).unwrap();
        assert!(init(&dir.path().join("site"), today()).is_err());
    }
}
