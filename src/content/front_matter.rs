//! The YAML front matter of a post: every key salve knows, strictly parsed, with the values
//! that need it (dates, the disclaimer switch) validated during parsing so that errors point at
//! the offending value.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::{Timestamp, Zoned};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Everything a post's front matter may say.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The post's title (required).
    pub title: String,
    /// Publication date; may come from a `YYYY-MM-DD-` file name prefix instead.
    #[serde(default)]
    pub date: Option<PostDate>,
    /// Date of the last substantive update.
    #[serde(default)]
    pub updated: Option<PostDate>,
    /// One or two sentences for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// Tags; matched across posts by slug, case-insensitively. A list, or one line of text
    /// with commas between the tags (`tags: knee pain, exercise`).
    #[serde(default, deserialize_with = "tag_list")]
    pub tags: Vec<String>,
    /// Listed under "Featured posts".
    #[serde(default)]
    pub featured: bool,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Who wrote the post: the id (or ids) of people in `salve.yaml`.
    #[serde(default)]
    pub author: OneOrMany,
    /// Who medically reviewed the post: ids of people in `salve.yaml`.
    #[serde(default)]
    pub reviewed_by: OneOrMany,
    /// When the post was last medically reviewed.
    #[serde(default)]
    pub last_reviewed: Option<PostDate>,
    /// Sources, shown as a numbered "References" section.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// The conditions the post is about, for structured data.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// The URL slug; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old URLs of this post, each of which gets a redirect page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A lead image, relative to the post or absolute.
    #[serde(default)]
    pub image: Option<String>,
    /// The lead image's text alternative (required with `image`; may be empty if decorative).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// A Markdown summary, used when the body has no `<!-- more -->` marker.
    #[serde(default)]
    pub summary: Option<String>,
    /// This post's own disclaimer, or `false` to show none.
    #[serde(default)]
    pub disclaimer: Option<DisclaimerSetting>,
    /// The post's language when it differs from the site's (`es` for a Spanish post).
    #[serde(default)]
    pub language: Option<crate::config::Language>,
    /// `false` keeps this post out of the site's search index.
    #[serde(default = "yes")]
    pub search: bool,
    /// Words of the claims list this post may use (a quote, a drug's approved use).
    #[serde(default)]
    pub allow_claims: Vec<String>,
    /// Free values for templates, available as `post.extra`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Everything a page's front matter may say: a page (About, a notice, a service) has no date,
/// tags or disclaimer, and may join a menu.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page's title (required).
    pub title: String,
    /// One or two sentences for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// The last part of the page's URL; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// The menu the page joins: `true` for the header's, or a menu's name (`main`, `footer`).
    #[serde(default)]
    pub menu: Option<MenuName>,
    /// The page's place in its menu: lower comes first.
    #[serde(default)]
    pub weight: i64,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Old URLs of this page, each of which gets a redirect page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the page was last medically reviewed.
    #[serde(default)]
    pub last_reviewed: Option<PostDate>,
    /// Who medically reviewed the page: ids of people in `salve.yaml`.
    #[serde(default)]
    pub reviewed_by: OneOrMany,
    /// Who wrote the page: ids of people in `salve.yaml`.
    #[serde(default)]
    pub author: OneOrMany,
    /// A lead image, relative to the page or absolute.
    #[serde(default)]
    pub image: Option<String>,
    /// The lead image's text alternative (required with `image`).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// `false` keeps this page out of the site's search index.
    #[serde(default = "yes")]
    pub search: bool,
    /// Another template of the theme to render the page with (`contact.html`).
    #[serde(default)]
    pub template: Option<String>,
    /// Sources, shown as a numbered "References" section.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Words of the claims list this page may use.
    #[serde(default)]
    pub allow_claims: Vec<String>,
    /// Free values for templates, available as `post.extra`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The menus a page may join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MenuName {
    /// The header's navigation.
    Main,
    /// The links in the footer (the notices a clinic must post).
    Footer,
}

impl<'de> Deserialize<'de> for MenuName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Flag(bool),
            Name(String),
        }
        const EXPECTED: &str = "`menu` is `true` (the header's menu), `main` or `footer`; leave it out to put the page in no menu";
        match Written::deserialize(deserializer) {
            Ok(Written::Flag(true)) => Ok(Self::Main),
            Ok(Written::Name(name)) if name == "main" => Ok(Self::Main),
            Ok(Written::Name(name)) if name == "footer" => Ok(Self::Footer),
            Ok(Written::Name(name)) => Err(de::Error::custom(format!(
                "unknown menu `{name}`: {EXPECTED}"
            ))),
            Ok(Written::Flag(false)) | Err(_) => Err(de::Error::custom(EXPECTED)),
        }
    }
}

impl PageFrontMatter {
    /// The page's keys that posts share, as a post's front matter (the rest left empty), so
    /// that Markdown, bylines and checks read pages as they read posts; and what only pages
    /// have.
    pub fn split(self) -> (FrontMatter, PageFields) {
        let fields = PageFields {
            menu: self.menu,
            weight: self.weight,
            template: self.template,
        };
        let front = FrontMatter {
            title: self.title,
            date: None,
            updated: None,
            description: self.description,
            tags: Vec::new(),
            featured: false,
            draft: self.draft,
            author: self.author,
            reviewed_by: self.reviewed_by,
            last_reviewed: self.last_reviewed,
            references: self.references,
            conditions: Vec::new(),
            slug: self.slug,
            aliases: self.aliases,
            image: self.image,
            image_alt: self.image_alt,
            summary: None,
            disclaimer: Some(DisclaimerSetting::Show(false)),
            language: None,
            search: self.search,
            allow_claims: self.allow_claims,
            extra: self.extra,
        };
        (front, fields)
    }
}

/// What only a page has: its menu, its place there and its template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageFields {
    /// The menu it joins, if any.
    pub menu: Option<MenuName>,
    /// Its place in the menu: lower comes first.
    pub weight: i64,
    /// The theme's template it is rendered with, instead of `page.html`.
    pub template: Option<String>,
}

fn yes() -> bool {
    true
}

/// A value written either alone or as a list: `author: jr` or `author: [jr, jd]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Many(Vec<String>),
        }
        match Written::deserialize(deserializer) {
            Ok(Written::One(one)) => Ok(Self(vec![one])),
            Ok(Written::Many(many)) => Ok(Self(many)),
            Err(_) => Err(de::Error::custom(
                "expected an id from `people` in salve.yaml, or a list of them",
            )),
        }
    }
}

/// Tags as a list, or as one line of text with commas between them. A visitor rather than
/// an untagged enum, so that a syntax error inside the value keeps its own message and place.
fn tag_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct TagList;

    impl<'de> Visitor<'de> for TagList {
        type Value = Vec<String>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a list of tags, or one line with commas between them")
        }

        fn visit_str<E: de::Error>(self, line: &str) -> Result<Vec<String>, E> {
            Ok(line
                .split(',')
                .map(str::trim)
                .filter(|tag| !tag.is_empty())
                .map(str::to_owned)
                .collect())
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<Vec<String>, A::Error> {
            let mut tags = Vec::new();
            while let Some(tag) = items.next_element::<String>()? {
                tags.push(tag);
            }
            Ok(tags)
        }
    }

    deserializer.deserialize_any(TagList)
}

/// A source the post relies on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The article's or book's title.
    pub title: String,
    /// The authors, as one line (`Roe J, Doe J`) or a list.
    #[serde(default)]
    pub authors: OneOrManyText,
    /// The journal (or publisher).
    #[serde(default)]
    pub journal: Option<String>,
    /// Year of publication.
    #[serde(default)]
    pub year: Option<u16>,
    /// Digital Object Identifier, e.g. `10.1016/j.pain.2019.01.001`.
    #[serde(default)]
    pub doi: Option<Doi>,
    /// PubMed ID, e.g. `31234567`.
    #[serde(default)]
    pub pmid: Option<Pmid>,
    /// A web address for sources without DOI or PubMed ID.
    #[serde(default)]
    pub url: Option<crate::config::HttpUrl>,
}

/// Text written alone or as a list, joined with commas for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OneOrManyText(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrManyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        OneOrMany::deserialize(deserializer)
            .map(|list| Self(list.0))
            .map_err(|_: D::Error| de::Error::custom("expected the authors as text or a list"))
    }
}

/// A DOI such as `10.1097/j.pain.0000000000001234`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Doi(pub String);

impl<'de> Deserialize<'de> for Doi {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let bare = text
            .trim()
            .trim_start_matches("https://doi.org/")
            .trim_start_matches("doi:")
            .trim();
        if bare.starts_with("10.") && bare.contains('/') && !bare.contains(char::is_whitespace) {
            Ok(Self(bare.to_owned()))
        } else {
            Err(de::Error::custom(format!(
                "`{text}` is not a DOI; a DOI looks like 10.1016/j.pain.2019.01.001"
            )))
        }
    }
}

/// A PubMed ID: digits only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Pmid(pub String);

impl<'de> Deserialize<'de> for Pmid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        let text = match &value {
            serde_yaml::Value::Number(number) => number.to_string(),
            serde_yaml::Value::String(text) => text.trim().to_owned(),
            _ => String::new(),
        };
        if !text.is_empty() && text.len() <= 9 && text.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(text))
        } else {
            Err(de::Error::custom(format!(
                "`{text}` is not a PubMed ID; write the digits only, like 31234567"
            )))
        }
    }
}

/// A condition a post is about: a name, optionally with a code.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// The condition's name, e.g. `Complex regional pain syndrome`.
    pub name: String,
    /// A code, e.g. `G90.5`.
    pub code: Option<String>,
    /// The coding system of `code`, e.g. `ICD-10`.
    pub code_system: Option<String>,
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            name: String,
            #[serde(default)]
            code: Option<String>,
            #[serde(default)]
            code_system: Option<String>,
        }
        let value = serde_yaml::Value::deserialize(deserializer)?;
        if let serde_yaml::Value::String(name) = value {
            return Ok(Self {
                name,
                code: None,
                code_system: None,
            });
        }
        let full: Full = serde_yaml::from_value(value).map_err(|error| {
            de::Error::custom(crate::diagnostics::explain_serde_message(
                &error.to_string(),
            ))
        })?;
        if full.code.is_some() != full.code_system.is_some() {
            return Err(de::Error::custom(format!(
                "condition `{}`: give `code` and `code_system` together (e.g. code: G90.5, code_system: ICD-10)",
                full.name
            )));
        }
        Ok(Self {
            name: full.name,
            code: full.code,
            code_system: full.code_system,
        })
    }
}

/// A post's `disclaimer:` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisclaimerSetting {
    /// `true`: the site's disclaimer (the same as leaving the key out); `false`: none.
    Show(bool),
    /// A disclaimer of this post's own.
    Text(String),
}

impl<'de> Deserialize<'de> for DisclaimerSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DisclaimerVisitor;
        impl Visitor<'_> for DisclaimerVisitor {
            type Value = DisclaimerSetting;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the disclaimer's text, or `false` to hide it on this post")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
                Ok(DisclaimerSetting::Show(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(DisclaimerSetting::Text(value.to_owned()))
            }
        }
        deserializer.deserialize_any(DisclaimerVisitor)
    }
}

/// A post date: a calendar date (`2025-03-04`) or a date-time with an offset
/// (`2025-03-04T09:30:00-05:00`). Templates receive it as RFC 3339 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDate {
    zoned: Zoned,
    date_only: bool,
}

impl PostDate {
    /// Parses the forms salve accepts; the error says which ones those are.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(written) = jekyll_date_time(text) {
            return Self::parse(&written);
        }
        if let (true, Ok(date)) = (text.len() == "YYYY-MM-DD".len(), text.parse::<Date>()) {
            return Ok(Self::from_date(date));
        }
        if let Ok(timestamp) = text.parse::<Timestamp>() {
            let offset = jiff::fmt::temporal::Pieces::parse(text)
                .ok()
                .and_then(|pieces| pieces.to_numeric_offset())
                .unwrap_or(Offset::UTC);
            return Ok(Self {
                zoned: timestamp.to_zoned(offset.to_time_zone()),
                date_only: false,
            });
        }
        if text.parse::<DateTime>().is_ok() {
            return Err(format!(
                "date `{text}` has a time but no offset; add one, e.g. `{text}-05:00` or `{text}Z`"
            ));
        }
        Err(format!(
            "`{text}` is not a date; write `YYYY-MM-DD` (e.g. 2025-03-04) or a date-time with an offset (2025-03-04T09:30:00-05:00)"
        ))
    }

    /// A calendar date, taken as midnight UTC.
    pub fn from_date(date: Date) -> Self {
        let zoned = date
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap_or_else(|_| Zoned::new(Timestamp::UNIX_EPOCH, jiff::tz::TimeZone::UTC));
        Self {
            zoned,
            date_only: true,
        }
    }

    /// The instant, for sorting and for comparing with now.
    pub fn timestamp(&self) -> Timestamp {
        self.zoned.timestamp()
    }

    /// The calendar date as written (in the date's own offset).
    pub fn date(&self) -> Date {
        self.zoned.date()
    }

    /// RFC 3339 text, e.g. `2025-03-04T00:00:00+00:00`.
    pub fn rfc3339(&self) -> String {
        self.zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// RFC 2822 text for RSS, e.g. `Tue, 04 Mar 2025 00:00:00 +0000`.
    pub fn rfc2822(&self) -> String {
        self.zoned.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
    }

    /// The value for a `<time datetime>` attribute: the date alone when only a date was given.
    pub fn html_datetime(&self) -> String {
        if self.date_only {
            self.date().to_string()
        } else {
            self.rfc3339()
        }
    }
}

/// A date-time as Jekyll writes it, `2015-03-17 14:00:00 -0500`, in the form salve reads,
/// `2015-03-17T14:00:00-05:00`; `None` for any other text.
fn jekyll_date_time(text: &str) -> Option<String> {
    let mut parts = text.split_whitespace();
    let (Some(date), Some(time), Some(offset), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    date.parse::<Date>().ok()?;
    jiff::civil::Time::strptime("%H:%M:%S", time)
        .or_else(|_| jiff::civil::Time::strptime("%H:%M", time))
        .ok()?;
    let offset = match offset {
        "Z" | "UTC" | "GMT" => "Z".to_owned(),
        _ => {
            let (sign, digits) = offset.split_at_checked(1)?;
            let digits = digits.replace(':', "");
            let valid = matches!(sign, "+" | "-")
                && digits.len() == 4
                && digits.bytes().all(|b| b.is_ascii_digit());
            if !valid {
                return None;
            }
            format!("{sign}{}:{}", &digits[..2], &digits[2..])
        }
    };
    Some(format!("{date}T{time}{offset}"))
}

impl<'de> Deserialize<'de> for PostDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

impl Serialize for PostDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_date_times_with_offsets() {
        assert_eq!(
            PostDate::parse("2025-03-04").unwrap().rfc3339(),
            "2025-03-04T00:00:00+00:00"
        );
        let with_offset = PostDate::parse("2025-03-04T09:30:00-05:00").unwrap();
        assert_eq!(with_offset.rfc3339(), "2025-03-04T09:30:00-05:00");
        assert_eq!(with_offset.html_datetime(), "2025-03-04T09:30:00-05:00");
        assert_eq!(
            PostDate::parse("2025-03-04T14:30:00Z").unwrap().rfc3339(),
            "2025-03-04T14:30:00+00:00"
        );
    }

    #[test]
    fn jekyll_date_times_with_a_space_before_the_offset_are_read() {
        let date = PostDate::parse("2015-03-17 14:00:00 -0500").unwrap();
        assert_eq!(date.rfc3339(), "2015-03-17T14:00:00-05:00");
        assert_eq!(
            PostDate::parse("2015-03-17 14:00 +0100").unwrap().rfc3339(),
            "2015-03-17T14:00:00+01:00"
        );
        assert_eq!(
            PostDate::parse("2015-03-17 09:05:00 UTC")
                .unwrap()
                .rfc3339(),
            "2015-03-17T09:05:00+00:00"
        );
        assert!(PostDate::parse("2015-03-17 14:00:00 -05").is_err());
        assert!(PostDate::parse("2015-03-17 25:00:00 -0500").is_err());
    }

    #[test]
    fn a_time_without_offset_asks_for_one() {
        let error = PostDate::parse("2025-03-04T09:30:00").unwrap_err();
        assert!(error.contains("no offset"), "{error}");
    }

    #[test]
    fn nonsense_dates_are_refused() {
        assert!(
            PostDate::parse("2025-02-30")
                .unwrap_err()
                .contains("is not a date")
        );
        assert!(
            PostDate::parse("March 4")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }
}
