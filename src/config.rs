//! `salve.yaml`: the site's configuration, strictly parsed (an unknown key is an error with a
//! "did you mean"), with defaults for everything so that a folder of posts builds without it.
//! Values are validated while they are parsed, so every error points at its `line:column`.

use std::collections::BTreeMap;
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
    /// The site's languages when it has translations, the default first (`[en, es]`): a
    /// translation sits beside its original as `name.es.md`, and each other language's pages
    /// live under `/<code>/`. Empty for a site in one language.
    pub languages: Vec<Language>,
    /// How dates are shown, as a Unicode (UTS 35) pattern such as `MMMM d, y`; the default
    /// suits the language.
    pub date_format: Option<String>,
    /// The theme's name: `clinic` (built in) or a folder under `themes/`.
    pub theme: String,
    /// Where the Markdown posts are.
    pub posts_dir: PathBuf,
    /// Where the site's pages are (About, Contact, the notices): Markdown without dates, whose
    /// URLs mirror the folder.
    pub pages_dir: PathBuf,
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
    /// The header's navigation, before the pages that join it with `menu: true`; without it,
    /// Home and Tags.
    pub menu: Option<Vec<MenuEntry>>,
    /// Links in the footer, before the pages that join it with `menu: footer`.
    pub footer_menu: Vec<MenuEntry>,
    /// `salve check`: the site paths of the notices every page's footer must link to; when
    /// unset, the pages US health providers post, for a site with a `clinic`.
    pub notices: Option<Vec<SitePath>>,
    /// The medical disclaimer shown under every post (a post may override or hide it).
    pub disclaimer: String,
    /// Authors and medical reviewers, by a short id that posts use in `author` and
    /// `reviewed_by`.
    pub people: BTreeMap<String, Person>,
    /// How many posts the feeds carry.
    pub feed_limit: usize,
    /// Whether feeds carry whole posts or only their summaries.
    pub feed_content: FeedContent,
    /// Build a search index and a search page (`/search/`).
    pub search: bool,
    /// Where the posters of YouTube and Vimeo videos come from.
    pub videos: VideosConfig,
    /// How images are resized and encoded.
    pub images: crate::images::Settings,
    /// `salve check`: origins allowed to serve resources to the site's pages.
    pub privacy: PrivacyConfig,
    /// `salve check`: the reading level posts should stay under.
    pub readability: ReadabilityConfig,
    /// `salve check`: how often posts should be medically reviewed.
    pub review: ReviewConfig,
    /// `salve check`: risky advertising words, in addition to salve's own list.
    pub claims: ClaimsConfig,
    /// `salve check`: severities by rule id (`error`, `warning` or `off`).
    pub rules: BTreeMap<RuleId, RuleSeverity>,
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
            languages: Vec::new(),
            date_format: None,
            theme: "clinic".to_owned(),
            posts_dir: PathBuf::from("posts"),
            pages_dir: PathBuf::from("pages"),
            static_dir: PathBuf::from("static"),
            templates_dir: PathBuf::from("templates"),
            output_dir: PathBuf::from("public"),
            permalink: Permalink("/posts/{slug}/".to_owned()),
            recent_posts: 5,
            featured_posts: 5,
            posts_per_page: PageSize(10),
            clinic: None,
            social: Vec::new(),
            menu: None,
            footer_menu: Vec::new(),
            notices: None,
            disclaimer: DEFAULT_DISCLAIMER.to_owned(),
            people: BTreeMap::new(),
            feed_limit: 20,
            feed_content: FeedContent::Full,
            search: true,
            videos: VideosConfig::default(),
            images: crate::images::Settings::default(),
            privacy: PrivacyConfig::default(),
            readability: ReadabilityConfig::default(),
            review: ReviewConfig::default(),
            claims: ClaimsConfig::default(),
            rules: BTreeMap::new(),
            extra: serde_json::Map::new(),
        }
    }
}

/// The notices a US health provider posts on its website, as `salve init` names their pages:
/// the HIPAA Notice of Privacy Practices, the Section 1557 nondiscrimination and
/// language-assistance notice, and an accessibility statement.
pub const DEFAULT_NOTICES: [&str; 3] = [
    "/privacy-practices/",
    "/nondiscrimination/",
    "/accessibility/",
];

/// The disclaimer used when `salve.yaml` sets none.
pub const DEFAULT_DISCLAIMER: &str = "This article is general health information, not medical advice. \
Talk with your doctor or another qualified health professional about your own situation. \
In an emergency, call your local emergency number.";

impl Config {
    /// The site paths of the notices the site should post: `notices`, else the usual US ones
    /// for a clinic's site.
    pub fn notices(&self) -> Vec<SitePath> {
        match (&self.notices, &self.clinic) {
            (Some(notices), _) => notices.clone(),
            (None, Some(_)) => DEFAULT_NOTICES
                .iter()
                .map(|path| SitePath((*path).to_owned()))
                .collect(),
            (None, None) => Vec::new(),
        }
    }

    /// The clinic's locations, when it lists them.
    pub fn locations(&self) -> &[Location] {
        self.clinic
            .as_ref()
            .map_or(&[], |clinic| clinic.locations.as_slice())
    }

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
    pub fn load(root: &Path) -> crate::diagnostics::Result<Self> {
        let path = root.join(CONFIG_FILE);
        let Some(bytes) = crate::fs::read_optional(&path)? else {
            return Ok(Self::default());
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid =
                    String::from_utf8_lossy(&error.as_bytes()[..error.utf8_error().valid_up_to()]);
                let (line, column) = crate::diagnostics::line_column(&valid, valid.len());
                return Err(vec![ContentError::new(
                    CONFIG_FILE,
                    line,
                    column,
                    "this file is not UTF-8 text; save it as UTF-8 in your editor (the character here is in another encoding)",
                )]
                .into());
            }
        };
        Self::parse(&text, Path::new(CONFIG_FILE)).map_err(|error| vec![error].into())
    }

    /// Parses the text of a configuration file; `path` is only used in the error. A byte-order
    /// mark, which some Windows editors put first, is skipped.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ContentError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let config: Self = serde_yaml::from_str(text).map_err(|error| {
            let (line, column) = yaml_position(&error, text);
            ContentError::new(path, line, column, yaml_message(&error))
        })?;
        let mut config = config;
        config.check_names(text, path)?;
        config.settle_languages(text, path)?;
        Ok(config)
    }

    /// The languages of the site's translations: every language of `languages` but the first.
    pub fn translation_languages(&self) -> &[Language] {
        self.languages.get(1..).unwrap_or_default()
    }

    /// Every language the site is written in, the default first.
    pub fn site_languages(&self) -> Vec<Language> {
        if self.languages.is_empty() {
            vec![self.language.clone()]
        } else {
            self.languages.clone()
        }
    }

    /// Makes the first of `languages` the site's `language`, refusing a list with a language
    /// twice, or a `language` that is not its first.
    fn settle_languages(&mut self, text: &str, path: &Path) -> Result<(), ContentError> {
        let Some(first) = self.languages.first() else {
            return Ok(());
        };
        let at = |key: &str, message: String| {
            let (line, column) = key_position(text, key);
            ContentError::new(path, line, column, message)
        };
        for (index, language) in self.languages.iter().enumerate() {
            if self.languages[..index]
                .iter()
                .any(|seen| seen.same_as(language))
            {
                return Err(at(
                    "languages",
                    format!(
                        "`languages` lists `{}` twice; list each language once",
                        language.0
                    ),
                ));
            }
        }
        let has_language_key = text.lines().any(|line| line.starts_with("language:"));
        if has_language_key && !self.language.same_as(first) {
            return Err(at(
                "language",
                format!(
                    "`language: {}` is not the first of `languages` ({}): the first is the default language; remove `language`, or put `{}` first",
                    self.language.0, first.0, self.language.0
                ),
            ));
        }
        self.language = first.clone();
        Ok(())
    }

    /// Refuses names that would lead outside the site or to an empty address: a theme is a
    /// folder under `themes/` (never `../elsewhere`), and a person's id becomes their page's
    /// address, so it needs a letter or a digit.
    fn check_names(&self, text: &str, path: &Path) -> Result<(), ContentError> {
        let theme = &self.theme;
        if theme.is_empty() || theme.starts_with('.') || theme.contains(['/', '\\', '\0', ':']) {
            let (line, column) = key_position(text, "theme");
            return Err(ContentError::new(
                path,
                line,
                column,
                format!(
                    "theme `{theme}` must be the name of a folder under `themes/` (or `clinic`, the built-in theme), not a path"
                ),
            ));
        }
        if let Some(id) = self
            .people
            .keys()
            .find(|id| crate::slug::slugify(id).is_empty())
        {
            let (line, column) = key_position(text, id);
            return Err(ContentError::new(
                path,
                line,
                column,
                format!(
                    "the person id `{id}` has no letter or digit, and it becomes the address of their page; use a short id such as `jroe`"
                ),
            ));
        }
        let location_ids: Vec<String> = self.locations().iter().map(Location::id).collect();
        for (id, person) in &self.people {
            if let Some(unknown) = person
                .locations
                .iter()
                .find(|id| !location_ids.contains(id))
            {
                let (line, column) = value_position(text, id, unknown);
                let hint = match crate::diagnostics::closest(
                    unknown,
                    location_ids.iter().map(String::as_str),
                ) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None if location_ids.is_empty() => {
                        "list the clinic's sites under `clinic.locations` first".to_owned()
                    }
                    None => format!("the locations are {}", location_ids.join(", ")),
                };
                return Err(ContentError::new(
                    path,
                    line,
                    column,
                    format!(
                        "`{}` lists the location `{unknown}`, which is not among `clinic.locations`: {hint}",
                        person.name
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Where `value` is first written after the line where `key:` starts, else where `key:` is.
fn value_position(text: &str, key: &str, value: &str) -> (usize, usize) {
    let (key_line, key_column) = key_position(text, key);
    text.split_inclusive('\n')
        .enumerate()
        .skip(key_line - 1)
        .find_map(|(number, line)| {
            line.find(value)
                .map(|at| (number + 1, line[..at].chars().count() + 1))
        })
        .unwrap_or((key_line, key_column))
}

/// Where `key:` first starts a line of `text` (quoted or not), else the start of the file.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let unquoted = trimmed.trim_start_matches(['"', '\'']);
        if unquoted.strip_prefix(key).is_some_and(|rest| {
            rest.trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        }) {
            return (
                number + 1,
                text[offset..offset + indent].chars().count() + 1,
            );
        }
        offset += line.len();
    }
    (1, 1)
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

impl Language {
    /// Whether two tags name the same language: tags are not case-sensitive (`en-US`, `en-us`).
    pub fn same_as(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }

    /// The tag in lower case, as it appears in file names (`ketamine.es.md`) and URLs (`/es/`).
    pub fn code(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// The primary language subtag in lower case: `es` for `es-MX`.
    pub fn primary(&self) -> String {
        self.0
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

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
        if text.contains(['\\', '\0', '\n', '\r'])
            || text.contains("//")
            || text.split('/').any(|part| part == ".." || part == ".")
        {
            return Err(format!(
                "permalink `{}` must be a plain path: no `..`, `.`, `//`, backslash or line break",
                text.escape_debug()
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
    pub booking_url: Option<HttpUrl>,
    /// Opening hours: lines of text, or `days` + `opens` + `closes` (which also go into the
    /// structured data search engines read).
    #[serde(default)]
    pub hours: Vec<Hours>,
    /// What the clinic practises, as schema.org medical specialties (`Anesthesia`,
    /// `Musculoskeletal`, `Neurologic`, `Physiotherapy`, `Dentistry`, ...).
    #[serde(default)]
    pub medical_specialty: Vec<MedicalSpecialty>,
    /// The clinic's sites, when it has several: each is shown on the `/locations/` page and
    /// in the footer, and described to search engines. Templates see them with display lines
    /// and links made.
    #[serde(default, skip_serializing)]
    pub locations: Vec<Location>,
}

/// One site of the clinic.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// A short id that people's `locations` use; defaults to the name as a slug.
    #[serde(default)]
    pub id: Option<String>,
    /// The site's name, e.g. `Riverside office`.
    pub name: String,
    /// Postal address.
    pub address: Address,
    /// Phone number as people write it.
    #[serde(default)]
    pub phone: Option<String>,
    /// Contact e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Opening hours, as for the clinic.
    #[serde(default)]
    pub hours: Vec<Hours>,
    /// Latitude in degrees, for the "Directions" link and search engines.
    #[serde(default)]
    pub latitude: Option<Coordinate<90>>,
    /// Longitude in degrees.
    #[serde(default)]
    pub longitude: Option<Coordinate<180>>,
}

impl Location {
    /// The id people's `locations` name it by.
    pub fn id(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| crate::slug::slugify(&self.name))
    }
}

/// A latitude or longitude, within `LIMIT` degrees either side of zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Coordinate<const LIMIT: u8>(pub f64);

impl<'de, const LIMIT: u8> Deserialize<'de> for Coordinate<LIMIT> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let degrees = f64::deserialize(deserializer)?;
        if degrees.is_finite() && degrees.abs() <= f64::from(LIMIT) {
            Ok(Self(degrees))
        } else {
            Err(de::Error::custom(format!(
                "{degrees} is not within {LIMIT} degrees of zero; write decimal degrees, like 39.7817"
            )))
        }
    }
}

/// One line of opening hours.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Hours {
    /// Free text, shown as written.
    Text(String),
    /// Days and times, shown as text and given to search engines.
    Open(OpeningHours),
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        match value {
            serde_yaml::Value::String(text) => Ok(Self::Text(text)),
            other => serde_yaml::from_value(other)
                .map(Self::Open)
                .map_err(|error| {
                    de::Error::custom(crate::diagnostics::explain_serde_message(
                        &error.to_string(),
                    ))
                }),
        }
    }
}

/// Structured opening hours, e.g. `days: Monday-Friday`, `opens: "08:00"`, `closes: "17:00"`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// A day (`Monday`), a range (`Monday-Friday`) or a list of days.
    pub days: DayRange,
    /// Opening time, `HH:MM`.
    pub opens: ClockTime,
    /// Closing time, `HH:MM`.
    pub closes: ClockTime,
}

impl OpeningHours {
    /// The days as text, e.g. `Monday to Friday`.
    pub fn days_text(&self) -> String {
        self.days_in(&ToString::to_string, &|from, to| format!("{from} to {to}"))
    }

    /// The days as text in a language: `name` gives a day's name, `range` joins the first
    /// and last of a range (`de lunes a jueves`).
    pub fn days_in(
        &self,
        name: &dyn Fn(&Weekday) -> String,
        range: &dyn Fn(&str, &str) -> String,
    ) -> String {
        match self.days.0.as_slice() {
            [one] => name(one),
            days if self.days.1 => range(&name(&days[0]), &name(&days[days.len() - 1])),
            days => days.iter().map(name).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Days of the week, in order; the flag tells whether they were written as a range.
#[derive(Debug, Clone, Serialize)]
pub struct DayRange(pub Vec<Weekday>, #[serde(skip)] pub bool);

impl<'de> Deserialize<'de> for DayRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Many(Vec<String>),
        }
        let parse = |name: &str| Weekday::parse(name.trim()).map_err(de::Error::custom);
        match Written::deserialize(deserializer)? {
            Written::Many(names) => Ok(Self(
                names.iter().map(|n| parse(n)).collect::<Result<_, _>>()?,
                false,
            )),
            Written::One(text) => match text.split_once('-') {
                Some((first, last)) => {
                    let (first, last) = (parse(first)?, parse(last)?);
                    if last < first {
                        return Err(de::Error::custom(format!(
                            "`{text}`: write the days of a range in week order, Monday first"
                        )));
                    }
                    Ok(Self(
                        Weekday::ALL[first as usize..=last as usize].to_vec(),
                        true,
                    ))
                }
                None => Ok(Self(vec![parse(&text)?], false)),
            },
        }
    }
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[allow(missing_docs)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Self; 7] = [
        Self::Monday,
        Self::Tuesday,
        Self::Wednesday,
        Self::Thursday,
        Self::Friday,
        Self::Saturday,
        Self::Sunday,
    ];

    fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|day| {
                day.to_string().eq_ignore_ascii_case(name)
                    || day.to_string()[..3].eq_ignore_ascii_case(name)
            })
            .ok_or_else(|| {
                let hint = crate::diagnostics::closest(
                    &name.to_lowercase(),
                    [
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday",
                    ],
                )
                .map_or_else(String::new, |s| format!(": did you mean `{s}`?"));
                format!("`{name}` is not a day of the week{hint}")
            })
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A time of day, `HH:MM` (24-hour clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ClockTime(pub String);

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let valid = text.len() == 5 && text.parse::<jiff::civil::Time>().is_ok();
        if valid {
            Ok(Self(text))
        } else {
            Err(de::Error::custom(format!(
                "`{text}` is not a time; write it as HH:MM on a 24-hour clock, in quotes, like \"08:30\""
            )))
        }
    }
}

/// The medical specialties schema.org defines (its `MedicalSpecialty` enumeration).
pub const MEDICAL_SPECIALTIES: [&str; 41] = [
    "Anesthesia",
    "Cardiovascular",
    "CommunityHealth",
    "Dentistry",
    "Dermatology",
    "DietNutrition",
    "Emergency",
    "Endocrine",
    "Gastroenterologic",
    "Genetic",
    "Geriatric",
    "Gynecologic",
    "Hematologic",
    "Infectious",
    "LaboratoryScience",
    "Midwifery",
    "Musculoskeletal",
    "Neurologic",
    "Nursing",
    "Obstetric",
    "Oncologic",
    "Optometric",
    "Otolaryngologic",
    "Pathology",
    "Pediatric",
    "PharmacySpecialty",
    "Physiotherapy",
    "PlasticSurgery",
    "Podiatric",
    "PrimaryCare",
    "Psychiatric",
    "PublicHealth",
    "Pulmonary",
    "Radiography",
    "Renal",
    "RespiratoryTherapy",
    "Rheumatologic",
    "SpeechPathology",
    "Surgical",
    "Toxicologic",
    "Urologic",
];

/// One of [`MEDICAL_SPECIALTIES`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MedicalSpecialty(pub String);

impl<'de> Deserialize<'de> for MedicalSpecialty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if MEDICAL_SPECIALTIES.contains(&text.as_str()) {
            return Ok(Self(text));
        }
        let hint = crate::diagnostics::closest(&text, MEDICAL_SPECIALTIES).map_or_else(
            || " (pain medicine has no value of its own: use Anesthesia, Neurologic or Musculoskeletal)".to_owned(),
            |s| format!(": did you mean `{s}`?"),
        );
        Err(de::Error::custom(format!(
            "`{text}` is not a schema.org medical specialty{hint}"
        )))
    }
}

/// `privacy:` in salve.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacyConfig {
    /// Origins (`https://player.vimeo.com`) whose resources pages may load.
    pub allow: Vec<HttpUrl>,
}

/// `readability:` in salve.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReadabilityConfig {
    /// The highest acceptable grade level (Flesch–Kincaid, or Fernández-Huerta's equivalent).
    pub max_grade: f64,
}

impl Default for ReadabilityConfig {
    fn default() -> Self {
        Self { max_grade: 8.0 }
    }
}

/// `review:` in salve.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// Months after which a post's last review (or its date) is stale.
    pub max_age_months: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self { max_age_months: 12 }
    }
}

/// `claims:` in salve.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClaimsConfig {
    /// More words and phrases to warn about, besides salve's own list.
    pub words: Vec<String>,
}

/// The id of a `salve check` rule, as written in `--rule`, `--skip`, `rules:` and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// `build`.
    Build,
    /// `links`.
    Links,
    /// `external-links`.
    ExternalLinks,
    /// `privacy`.
    Privacy,
    /// `image-alt`.
    ImageAlt,
    /// `link-text`.
    LinkText,
    /// `heading-h1`.
    HeadingH1,
    /// `heading-order`.
    HeadingOrder,
    /// `table-header`.
    TableHeader,
    /// `readability`.
    Readability,
    /// `review-age`.
    ReviewAge,
    /// `reviewer`.
    Reviewer,
    /// `claims`.
    Claims,
    /// `description`.
    Description,
    /// `duplicate-title`.
    DuplicateTitle,
    /// `tags`.
    Tags,
    /// `placeholder`.
    Placeholder,
    /// `template-syntax`.
    TemplateSyntax,
    /// `notices`.
    Notices,
    /// `image-metadata`.
    ImageMetadata,
    /// `translations`.
    Translations,
}

impl RuleId {
    /// Every rule, in the order `salve check --list-rules` shows them.
    pub const ALL: [Self; 21] = [
        Self::Build,
        Self::Links,
        Self::ExternalLinks,
        Self::Privacy,
        Self::ImageAlt,
        Self::LinkText,
        Self::HeadingH1,
        Self::HeadingOrder,
        Self::TableHeader,
        Self::Readability,
        Self::ReviewAge,
        Self::Reviewer,
        Self::Claims,
        Self::Description,
        Self::DuplicateTitle,
        Self::Placeholder,
        Self::TemplateSyntax,
        Self::Tags,
        Self::Notices,
        Self::ImageMetadata,
        Self::Translations,
    ];

    /// The id as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Build => "build",
            Self::Links => "links",
            Self::ExternalLinks => "external-links",
            Self::Privacy => "privacy",
            Self::ImageAlt => "image-alt",
            Self::LinkText => "link-text",
            Self::HeadingH1 => "heading-h1",
            Self::HeadingOrder => "heading-order",
            Self::TableHeader => "table-header",
            Self::Readability => "readability",
            Self::ReviewAge => "review-age",
            Self::Reviewer => "reviewer",
            Self::Claims => "claims",
            Self::Description => "description",
            Self::DuplicateTitle => "duplicate-title",
            Self::Tags => "tags",
            Self::Placeholder => "placeholder",
            Self::TemplateSyntax => "template-syntax",
            Self::Notices => "notices",
            Self::ImageMetadata => "image-metadata",
            Self::Translations => "translations",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RuleId {
    type Err = String;

    /// A rule by its id; an unknown id gets the closest known one and the list.
    fn from_str(id: &str) -> Result<Self, String> {
        if let Some(rule) = Self::ALL.into_iter().find(|rule| rule.as_str() == id) {
            return Ok(rule);
        }
        let known = Self::ALL.map(Self::as_str);
        let hint = crate::diagnostics::closest(id, known)
            .map_or_else(String::new, |s| format!(": did you mean `{s}`?"));
        Err(format!(
            "unknown rule `{id}`{hint} (rules: {})",
            known.join(", ")
        ))
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(de::Error::custom)
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A severity set for a rule in salve.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSeverity {
    /// Fails `salve check`.
    Error,
    /// Reported; fails only with `--strict`.
    Warning,
    /// Not checked.
    Off,
}

/// Whether feeds carry whole posts or summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The whole post.
    Full,
    /// The summary and a link.
    Summary,
}

/// An author or medical reviewer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name, e.g. `Jane Roe`.
    pub name: String,
    /// Credentials after the name, e.g. `MD` or `DNP, APRN`.
    #[serde(default)]
    pub credentials: Option<String>,
    /// Role at the clinic, e.g. `Pain medicine physician`.
    #[serde(default)]
    pub role: Option<String>,
    /// A short biography (Markdown).
    #[serde(default)]
    pub bio: Option<String>,
    /// A photo: a path on this site (put the file in `static/`), never another website.
    #[serde(default)]
    pub photo: Option<SitePath>,
    /// A page about the person elsewhere (a profile on the clinic's main site). Templates see
    /// it as `profile_url`.
    #[serde(default, rename(serialize = "profile_url"))]
    pub url: Option<HttpUrl>,
    /// What a provider treats, e.g. `Back pain`, `Sports injuries`.
    #[serde(default)]
    pub specialties: Vec<String>,
    /// The languages they speak with patients, e.g. `English`, `Spanish`.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Whether a provider takes new patients; unset says nothing.
    #[serde(default)]
    pub accepting_new_patients: Option<bool>,
    /// Where to book with them, when it differs from the clinic's booking page.
    #[serde(default)]
    pub booking_url: Option<HttpUrl>,
    /// The ids of the clinic's `locations` where they see patients.
    #[serde(default)]
    pub locations: Vec<String>,
}

/// Credentials that make a person a physician (or a dentist or podiatrist, whom schema.org
/// counts the same).
const PHYSICIAN_DEGREES: [&str; 7] = ["MD", "DO", "MBBS", "MBCHB", "DDS", "DMD", "DPM"];

impl Person {
    /// Whether their credentials include a physician's degree (`MD`, `DO`, ...).
    pub fn is_physician(&self) -> bool {
        self.credentials.as_deref().is_some_and(|credentials| {
            credentials
                .split([',', ' ', '/'])
                .map(|part| part.trim().replace('.', "").to_uppercase())
                .any(|part| PHYSICIAN_DEGREES.contains(&part.as_str()))
        })
    }

    /// The name with credentials: `Jane Roe, MD`.
    pub fn display_name(&self) -> String {
        match &self.credentials {
            Some(credentials) if !credentials.trim().is_empty() => {
                format!("{}, {credentials}", self.name)
            }
            _ => self.name.clone(),
        }
    }
}

/// A path on this site, such as `/images/jane.jpg`: loading a file from another website would
/// tell that website who reads the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SitePath(pub String);

impl<'de> Deserialize<'de> for SitePath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.contains("://") || text.starts_with("//") {
            return Err(de::Error::custom(format!(
                "`{text}` is on another website; put the file in `static/` and write its path, like /images/photo.jpg, so that no reader's visit is reported to another site"
            )));
        }
        Ok(Self(format!("/{}", text.trim_start_matches('/'))))
    }
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

/// Where video posters come from: each address has `{id}` for the video's id. Posters are
/// fetched once, when the site is built, and kept in salve's cache folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VideosConfig {
    /// A YouTube video's poster.
    pub youtube_poster: String,
    /// Vimeo's description of a video (oEmbed JSON), which names its poster.
    pub vimeo_oembed: String,
}

impl Default for VideosConfig {
    fn default() -> Self {
        Self {
            youtube_poster: "https://i.ytimg.com/vi/{id}/hqdefault.jpg".to_owned(),
            vimeo_oembed: "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F{id}"
                .to_owned(),
        }
    }
}

/// A link of a menu: its text and where it leads.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// The link's text.
    pub title: String,
    /// A path on this site (`/contact/`) or an absolute `https://` URL.
    pub url: MenuTarget,
    /// Its place among the menu's links and pages: lower comes first.
    #[serde(default)]
    pub weight: i64,
}

/// Where a menu link leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum MenuTarget {
    /// A path on this site, starting with `/`.
    Site(String),
    /// A page of another website.
    External(HttpUrl),
}

impl<'de> Deserialize<'de> for MenuTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.starts_with('/') && !text.starts_with("//") {
            return Ok(Self::Site(text));
        }
        HttpUrl::deserialize(de::value::StrDeserializer::<D::Error>::new(&text))
            .map(Self::External)
            .map_err(|_| {
                de::Error::custom(format!(
                    "`{text}` is neither a path on this site (starting with `/`, like /contact/) nor an absolute https:// URL"
                ))
            })
    }
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

    /// Guards `languages`: the first becomes `language`; a language listed twice, or a
    /// `language` that is not the first, is an error at its line.
    #[test]
    fn languages_set_the_default_language_and_refuse_contradictions() {
        let parse = |text: &str| Config::parse(text, Path::new("salve.yaml"));
        let config = parse("languages: [es, en]\n").expect("valid");
        assert_eq!(config.language.0, "es");
        assert_eq!(config.translation_languages()[0].0, "en");
        let twice = parse("title: x\nlanguages: [en, es, ES]\n").unwrap_err();
        assert_eq!((twice.line, twice.message.contains("twice")), (2, true));
        let contradiction = parse("language: es\nlanguages: [en, es]\n").unwrap_err();
        assert_eq!(contradiction.line, 1);
        assert!(
            contradiction
                .message
                .contains("not the first of `languages`"),
            "{}",
            contradiction.message
        );
        assert!(parse("language: en\nlanguages: [en, es]\n").is_ok());
        let bad = parse("languages: [en, \"../x\"]\n").unwrap_err();
        assert!(
            bad.message.contains("is not a language tag"),
            "{}",
            bad.message
        );
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
    fn hours_may_be_text_or_structured() {
        let config = parse("clinic:\n  name: C\n  hours:\n    - \"By appointment\"\n    - days: Mon-Thu\n      opens: \"07:30\"\n      closes: \"17:00\"\n").unwrap();
        let hours = &config.clinic.unwrap().hours;
        assert!(matches!(&hours[0], Hours::Text(text) if text == "By appointment"));
        let Hours::Open(open) = &hours[1] else {
            panic!("structured")
        };
        assert_eq!(
            open.days.0,
            [
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday
            ]
        );
        assert_eq!(open.days_text(), "Monday to Thursday");
        let error = parse("clinic:\n  name: C\n  hours:\n    - days: Munday\n      opens: \"7\"\n      closes: \"17:00\"\n").unwrap_err();
        assert!(
            error.message.contains("did you mean `monday`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn medical_specialty_must_be_a_schema_org_value() {
        let error = parse("clinic:\n  name: C\n  medical_specialty: [PainMedicine]\n").unwrap_err();
        assert!(
            error.message.contains("not a schema.org medical specialty"),
            "{}",
            error.message
        );
        assert!(
            parse("clinic:\n  name: C\n  medical_specialty: [Anesthesia, Neurologic]\n").is_ok()
        );
    }

    #[test]
    fn people_photos_must_be_local() {
        let error =
            parse("people:\n  jr:\n    name: Jane Roe\n    photo: https://cdn.example/jr.jpg\n")
                .unwrap_err();
        assert_eq!(error.line, 4);
        assert!(
            error.message.contains("another website"),
            "{}",
            error.message
        );
        let config = parse(
            "people:\n  jr:\n    name: Jane Roe\n    credentials: MD\n    photo: images/jr.jpg\n",
        )
        .unwrap();
        assert_eq!(config.people["jr"].display_name(), "Jane Roe, MD");
        assert_eq!(
            config.people["jr"].photo.as_ref().unwrap().0,
            "/images/jr.jpg"
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
