//! `salve.yaml`: the site's configuration, strictly parsed (an unknown key is an error with a
//! "did you mean"), with defaults for everything so that a folder of posts builds without it.
//! Values are validated while they are parsed, so every error points at its `line:column`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{ContentError, yaml_message, yaml_position};

/// The name of the configuration file in a site's root folder.
pub const CONFIG_FILE: &str = "salve.yaml";

/// The placeholders a `permalink` pattern may use.
pub const PERMALINK_PLACEHOLDERS: [&str; 4] = ["year", "month", "day", "slug"];

/// The whole configuration of a site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The blog's name, shown in the header and the page titles.
    pub title: String,
    /// One sentence about the blog, for the home page's meta description.
    pub description: String,
    /// Where the site is deployed, e.g. `https://example.org/blog/`; `None` builds root-relative
    /// links that work at the root of any host.
    pub base_url: Option<BaseUrl>,
    /// The language of the content, as a BCP 47 tag (`en`, `es`, `en-US`).
    pub language: Language,
    /// How dates are shown, as a Unicode (UTS 35) pattern such as `MMMM d, y`; the default
    /// suits the language.
    pub date_format: Option<String>,
    /// The theme's name: `clinic` (built in) or a folder under `themes/`.
    pub theme: String,
    /// Where the Markdown posts are.
    pub posts_dir: PathBuf,
    /// Files copied verbatim to the output root.
    pub static_dir: PathBuf,
    /// The site's own templates, each overriding the theme's template of the same name.
    pub templates_dir: PathBuf,
    /// Where the site is written.
    pub output_dir: PathBuf,
    /// The URL pattern of a post, e.g. `/posts/{slug}/` or `/{year}/{month}/{slug}/`.
    pub permalink: Permalink,
    /// How many posts the "Recent posts" list shows.
    pub recent_posts: usize,
    /// How many posts the "Featured posts" list shows.
    pub featured_posts: usize,
    /// How many posts a page of the home page or of a tag page lists.
    pub posts_per_page: PageSize,
    /// The clinic behind the blog: name and contact, shown in the header and footer.
    pub clinic: Option<Clinic>,
    /// "Follow us" links.
    pub social: Vec<SocialLink>,
    /// The medical disclaimer shown under every post (a post may override or hide it).
    pub disclaimer: String,
    /// Free values for templates, available as `site.extra`.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            title: "Clinic blog".to_owned(),
            description: String::new(),
            base_url: None,
            language: Language("en".to_owned()),
            date_format: None,
            theme: "clinic".to_owned(),
            posts_dir: PathBuf::from("posts"),
            static_dir: PathBuf::from("static"),
            templates_dir: PathBuf::from("templates"),
            output_dir: PathBuf::from("public"),
            permalink: Permalink("/posts/{slug}/".to_owned()),
            recent_posts: 5,
            featured_posts: 5,
            posts_per_page: PageSize(10),
            clinic: None,
            social: Vec::new(),
            disclaimer: DEFAULT_DISCLAIMER.to_owned(),
            extra: serde_json::Map::new(),
        }
    }
}

/// The disclaimer used when `salve.yaml` sets none.
pub const DEFAULT_DISCLAIMER: &str = "This article is general health information, not medical advice. \
Talk with your doctor or another qualified health professional about your own situation. \
In an emergency, call your local emergency number.";

impl Config {
    /// The date pattern in force: `date_format`, else one that suits the language.
    pub fn date_format(&self) -> &str {
        if let Some(format) = &self.date_format {
            return format;
        }
        match self.language.0.split('-').next().unwrap_or_default() {
            "en" => "MMMM d, y",
            "es" | "pt" => "d 'de' MMMM 'de' y",
            "de" => "d. MMMM y",
            _ => "d MMMM y",
        }
    }

    /// Reads `salve.yaml` from `root`; a missing file gives the defaults.
    pub fn load(root: &Path) -> anyhow::Result<Result<Self, ContentError>> {
        let path = root.join(CONFIG_FILE);
        let Some(text) = crate::fs::read_optional_text(&path)? else {
            return Ok(Ok(Self::default()));
        };
        Ok(Self::parse(&text, Path::new(CONFIG_FILE)))
    }

    /// Parses the text of a configuration file; `path` is only used in the error.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ContentError> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_yaml::from_str(text).map_err(|error| {
            let (line, column) = yaml_position(&error, text);
            ContentError::new(path, line, column, yaml_message(&error))
        })
    }
}

/// An absolute `http(s)` URL that ends with `/`, possibly with a path (`https://example.org/blog/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(url::Url);

impl BaseUrl {
    /// Validates a base URL given in the config or on the command line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut url = url::Url::parse(text).map_err(|error| {
            format!("base_url `{text}` is not an absolute URL ({error}); write it like https://example.org/ or https://example.org/blog/")
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(format!(
                "base_url `{text}` must start with https:// (or http://) and name a host"
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "base_url `{text}` must not have a query or a #fragment"
            ));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(Self(url))
    }

    /// The path part, always starting and ending with `/`.
    pub fn path(&self) -> &str {
        self.0.path()
    }

    /// The URL as text, ending with `/`.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// `scheme://host[:port]`, without the path.
    pub fn origin(&self) -> String {
        self.0.origin().ascii_serialization()
    }
}

impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

/// A language tag such as `en`, `es` or `en-US`, used in `<html lang>` and for dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language(pub String);

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let valid = !text.is_empty()
            && text.split('-').all(|part| {
                (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
            })
            && text
                .split('-')
                .next()
                .is_some_and(|primary| primary.chars().all(|c| c.is_ascii_alphabetic()));
        if valid {
            Ok(Self(text))
        } else {
            Err(de::Error::custom(format!(
                "`{text}` is not a language tag; use one like `en`, `es` or `en-US`"
            )))
        }
    }
}

/// A post URL pattern: starts with `/`, uses only the known placeholders and contains `{slug}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink(String);

impl Permalink {
    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.0
    }

    fn validate(text: &str) -> Result<(), String> {
        if !text.starts_with('/') {
            return Err(format!(
                "permalink `{text}` must start with `/`, like `/posts/{{slug}}/`"
            ));
        }
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("permalink `{text}` has a `{{` without its `}}`"));
            };
            let name = &rest[open + 1..open + close];
            if !PERMALINK_PLACEHOLDERS.contains(&name) {
                let hint = crate::diagnostics::closest(name, PERMALINK_PLACEHOLDERS)
                    .map_or_else(String::new, |s| format!(": did you mean `{{{s}}}`?"));
                return Err(format!(
                    "permalink `{text}` uses the unknown placeholder `{{{name}}}`{hint} (known: {{year}}, {{month}}, {{day}}, {{slug}})"
                ));
            }
            rest = &rest[open + close + 1..];
        }
        if !text.contains("{slug}") {
            return Err(format!(
                "permalink `{text}` must contain `{{slug}}` so that every post gets its own URL"
            ));
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Permalink {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::validate(&text).map_err(de::Error::custom)?;
        Ok(Self(text))
    }
}

/// A number of posts per page, at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(pub usize);

impl<'de> Deserialize<'de> for PageSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = usize::deserialize(deserializer)?;
        if value == 0 {
            return Err(de::Error::custom("posts_per_page must be at least 1"));
        }
        Ok(Self(value))
    }
}

/// The clinic that publishes the blog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// The clinic's name.
    pub name: String,
    /// Phone number as people write it, e.g. `(555) 013-2040`.
    #[serde(default)]
    pub phone: Option<String>,
    /// Contact e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Online booking page; with a phone, this makes the "Book an appointment" call to action.
    #[serde(default)]
    pub booking_url: Option<String>,
    /// Opening hours, one line each, e.g. `Monday–Friday 8:00–17:00`.
    #[serde(default)]
    pub hours: Vec<String>,
}

/// A postal address, each part optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// City or town.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// ZIP or postal code.
    pub postal_code: Option<String>,
    /// Country.
    pub country: Option<String>,
}

/// One "Follow us" link.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialLink {
    /// Which network, for the icon and the accessible name.
    pub network: Network,
    /// The clinic's profile page.
    pub url: HttpUrl,
}

/// An absolute `http(s)` URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct HttpUrl(pub String);

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match url::Url::parse(&text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Ok(Self(text))
            }
            _ => Err(de::Error::custom(format!(
                "`{text}` is not an absolute https:// URL"
            ))),
        }
    }
}

/// The social networks salve draws an icon for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// Facebook.
    Facebook,
    /// Instagram.
    Instagram,
    /// X, formerly Twitter.
    X,
    /// YouTube.
    Youtube,
    /// LinkedIn.
    Linkedin,
    /// TikTok.
    Tiktok,
    /// Threads.
    Threads,
    /// Bluesky.
    Bluesky,
    /// Mastodon.
    Mastodon,
    /// Pinterest.
    Pinterest,
}

impl Network {
    /// The network's name as people write it, used as the link's accessible name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Facebook => "Facebook",
            Self::Instagram => "Instagram",
            Self::X => "X",
            Self::Youtube => "YouTube",
            Self::Linkedin => "LinkedIn",
            Self::Tiktok => "TikTok",
            Self::Threads => "Threads",
            Self::Bluesky => "Bluesky",
            Self::Mastodon => "Mastodon",
            Self::Pinterest => "Pinterest",
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ContentError> {
        Config::parse(text, Path::new("salve.yaml"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.permalink.pattern(), "/posts/{slug}/");
        assert_eq!(config.posts_per_page.0, 10);
        assert_eq!(config.language.0, "en");
    }

    #[test]
    fn unknown_key_names_the_closest_known_key() {
        let error = parse("title: A\ndescriptoin: B\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        assert_eq!(
            error.message,
            "unknown key `descriptoin`: did you mean `description`?"
        );
    }

    #[test]
    fn unknown_nested_key_names_its_path() {
        let error = parse("clinic:\n  name: A\n  phnoe: '1'\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(
            error
                .message
                .contains("clinic: unknown key `phnoe`: did you mean `phone`?"),
            "{}",
            error.message
        );
    }

    #[test]
    fn base_url_must_be_absolute_and_gains_a_trailing_slash() {
        let error = parse("base_url: example.org\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 11));
        assert!(error.message.contains("not an absolute URL"));
        let config = parse("base_url: https://example.org/blog\n").unwrap();
        assert_eq!(config.base_url.unwrap().path(), "/blog/");
    }

    #[test]
    fn permalink_placeholders_are_checked() {
        let error = parse("permalink: /{year}/{slgu}/\n").unwrap_err();
        assert!(
            error.message.contains("did you mean `{slug}`"),
            "{}",
            error.message
        );
        assert!(
            parse("permalink: /{year}/\n")
                .unwrap_err()
                .message
                .contains("must contain `{slug}`")
        );
    }

    #[test]
    fn unknown_social_network_suggests_one() {
        let error =
            parse("social:\n  - network: facebok\n    url: https://facebook.com/x\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error.message.contains("did you mean `facebook`?"),
            "{}",
            error.message
        );
    }

    #[test]
    fn zero_posts_per_page_is_refused() {
        assert!(
            parse("posts_per_page: 0\n")
                .unwrap_err()
                .message
                .contains("at least 1")
        );
    }
}
