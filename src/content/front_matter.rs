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
    /// Tags; matched across posts by slug, case-insensitively.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Listed under "Featured posts".
    #[serde(default)]
    pub featured: bool,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Who wrote the post.
    #[serde(default)]
    pub author: Option<String>,
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
    /// Free values for templates, available as `post.extra`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
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

    /// The value for a `<time datetime>` attribute: the date alone when only a date was given.
    pub fn html_datetime(&self) -> String {
        if self.date_only {
            self.date().to_string()
        } else {
            self.rfc3339()
        }
    }
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
