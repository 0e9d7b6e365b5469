//! Creating files for the writer: a new site (`salve init`) and a new post (`salve new`).
//! Neither ever overwrites a file.

mod pages;

pub use pages::OUTLINE_MARKER;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::config::{CONFIG_FILE, Config};
use crate::slug::file_slug;

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

/// The languages `salve init` writes starter pages in.
pub const INIT_LANGUAGES: [&str; 2] = ["en", "es"];

/// Creates a new site in `dir`: `salve.yaml`, `posts/` with one sample post, `pages/` with an
/// About page, a Contact page and outlines of the notices a clinic posts, and a `.gitignore`
/// for the output, in each of `languages` (the default first: `["en"]`, `["es"]`, `["en",
/// "es"]`). Returns the files created.
pub fn init(dir: &Path, today: jiff::civil::Date, languages: &[String]) -> Result<Vec<PathBuf>> {
    let default = languages.first().map_or("en", String::as_str);
    if let Some(other) = languages
        .iter()
        .find(|code| !INIT_LANGUAGES.contains(&code.as_str()))
    {
        bail!(
            "salve init writes its starter pages in {}, not `{other}`; start in one of those and add the language to `languages` in {CONFIG_FILE} later",
            INIT_LANGUAGES.join(" and ")
        );
    }
    if languages
        .iter()
        .enumerate()
        .any(|(i, code)| languages[..i].contains(code))
    {
        bail!("--languages lists a language twice; list each once");
    }
    if dir.join(CONFIG_FILE).exists() {
        bail!(
            "`{}` already has a {CONFIG_FILE}; salve init only creates new sites",
            dir.display()
        );
    }
    let mut files = vec![
        (dir.join(CONFIG_FILE), config_text(default, languages)),
        (dir.join(".gitignore"), "/public\n".to_owned()),
    ];
    for (index, code) in languages.iter().enumerate() {
        // The default language's files have plain names; the others', `.<code>` before `.md`.
        let name = |file: &str| {
            if index == 0 {
                file.replace(".es.md", ".md")
            } else {
                file.to_owned()
            }
        };
        let (post, pages) = if code == "es" {
            (
                sample_post_es(today),
                pages::PAGES_ES.map(|(file, text)| (name(file), pages::outline_text_es(text))),
            )
        } else {
            (
                sample_post(today),
                pages::PAGES.map(|(file, text)| (file.to_owned(), pages::outline_text(text))),
            )
        };
        let post_file = if index == 0 {
            "welcome.md".to_owned()
        } else {
            format!("welcome.{code}.md")
        };
        files.push((dir.join("posts").join(post_file), post));
        files.extend(
            pages
                .into_iter()
                .map(|(file, text)| (dir.join("pages").join(file), text)),
        );
    }
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

/// `salve.yaml` for a site in these languages (the default first).
fn config_text(default: &str, languages: &[String]) -> String {
    let mut text = CONFIG_TEMPLATE.to_owned();
    if default == "es" {
        text = text
            .replace(
                "title: \"Our clinic blog\"",
                "title: \"El blog de nuestra clínica\"",
            )
            .replace(
                "description: \"Patient education from our clinic.\"",
                "description: \"Información para pacientes de nuestra clínica.\"",
            )
            .replace("language: en\n", "language: es\n");
        if languages.len() == 1 {
            // The Spanish notices have Spanish addresses.
            text.push_str("\n# The notices every page's footer links to (salve check, rule `notices`).\nnotices: [/aviso-de-privacidad/, /no-discriminacion/, /accesibilidad/]\n");
        }
    }
    if languages.len() > 1 {
        text = text.replace(
            &format!("language: {default}\n"),
            &format!(
                "language: {default}\n# The site's languages, the default first: `name.{}.md` beside `name.md` is its translation.\nlanguages: [{}]\n",
                languages[1],
                languages.join(", ")
            ),
        );
    }
    text
}

/// The sample post in Spanish.
fn sample_post_es(today: jiff::civil::Date) -> String {
    format!(
        "---\ntitle: \"Bienvenidos a nuestro blog\"\nslug: bienvenidos\ndate: {today}\ndescription: \"Para qué sirve este blog y cómo usarlo.\"\ntags: [noticias]\n---\n\n\
         ¡Hola! Aquí le contamos, con palabras simples, cómo tratamos el dolor.\n\n\
         ## Lo que va a leer aquí\n\n\
         - Las preguntas que más nos hacen\n- Qué pasa antes, durante y después de una cita\n\n\
         Un médico lee cada texto. Esto no cambia una cita. Si tiene dudas sobre su caso, llámenos.\n"
    )
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
    let slug = file_slug(title);
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

    /// Guards the bilingual scaffold: both languages' pages, the Spanish ones beside the
    /// English with slugs in Spanish, and a configuration with both languages; a language
    /// salve has no starter pages in is refused before anything is written.
    #[test]
    fn init_writes_both_languages_and_refuses_others() {
        let dir = tempfile::tempdir().unwrap();
        let both = ["en".to_owned(), "es".to_owned()];
        let files = init(&dir.path().join("site"), today(), &both).unwrap();
        assert_eq!(files.len(), 16);
        let config = std::fs::read_to_string(dir.path().join("site/salve.yaml")).unwrap();
        let parsed = Config::parse(&config, Path::new("salve.yaml")).unwrap();
        assert_eq!(parsed.languages.len(), 2);
        let spanish =
            std::fs::read_to_string(dir.path().join("site/pages/nondiscrimination.es.md"));
        assert!(spanish.unwrap().contains("slug: no-discriminacion"));
        let only_es = init(&dir.path().join("es"), today(), &["es".to_owned()]).unwrap();
        assert!(only_es.iter().any(|f| f.ends_with("pages/about.md")));
        let about = std::fs::read_to_string(dir.path().join("es/pages/about.md")).unwrap();
        assert!(about.contains("Quiénes somos"));
        let refused = init(&dir.path().join("fr"), today(), &["fr".to_owned()]);
        assert!(refused.unwrap_err().to_string().contains("not `fr`"));
        assert!(!dir.path().join("fr").exists());
    }

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
        let english = ["en".to_owned()];
        let files = init(&dir.path().join("site"), today(), &english).unwrap();
        assert_eq!(files.len(), 9);
        let config = std::fs::read_to_string(dir.path().join("site/salve.yaml")).unwrap();
        Config::parse(&config, Path::new("salve.yaml")).unwrap();
        assert!(init(&dir.path().join("site"), today(), &english).is_err());
    }
}
