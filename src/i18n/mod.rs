//! The words a site shows around its content, in each of its languages: the built-in theme's
//! headings, labels and messages ("Recent posts", "min read", "Page not found"), the default
//! disclaimer, and what salve writes into bodies (a video's "Play video").
//!
//! salve ships a table for English and one for Spanish (`en.yaml`, `es.yaml` beside this
//! file). A site overrides any entry, and adds its own for its templates, in
//! `i18n/<language>.yaml`. Keys are strict: an entry in a site's table must be a key of the
//! built-in tables or one the site's default-language table adds. A key missing from a
//! language's tables is shown from the default language's, then English, and `salve check`
//! warns about it. Plural forms follow the CLDR rules of the language (`icu_plurals`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_plurals::{PluralCategory, PluralRules};
use serde::Deserialize;
use tera::{Function, Kwargs, State, TeraResult, Value};

use crate::config::{Config, Language};
use crate::diagnostics::ContentError;

/// The folder of a site's own tables.
pub const I18N_DIR: &str = "i18n";

/// The built-in tables, by primary language subtag.
const BUILT_IN: [(&str, &str); 2] = [
    ("en", include_str!("en.yaml")),
    ("es", include_str!("es.yaml")),
];

/// The name templates call the translation function by: `{{ t(key="recent_posts") }}`.
pub const FUNCTION: &str = "t";

/// One entry of a table: a text, or its plural forms by CLDR category.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(untagged)]
enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// Keys a site's table may give that no built-in table has: a language's own title and
/// description of the site (`salve.yaml` gives the default language's).
const SITE_KEYS: [&str; 2] = ["site_title", "site_description"];

/// What languages call themselves, for the language switcher of a language that has no table
/// of salve's: the languages US clinics most often give language help in.
const ENDONYMS: [(&str, &str); 16] = [
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("hi", "हिन्दी"),
    ("ht", "Kreyòl ayisyen"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("so", "Soomaali"),
    ("tl", "Tagalog"),
    ("uk", "Українська"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// The plural categories CLDR knows.
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The words of one language, with its plural rules.
pub struct Strings {
    /// The language.
    pub language: Language,
    entries: HashMap<String, Entry>,
    plurals: PluralRules,
    /// Keys shown in another language, as no table of this one has them.
    pub fallbacks: Vec<String>,
    /// A fingerprint of the entries, for the keys of what is made with them.
    pub fingerprint: u64,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Strings({})", self.language.0)
    }
}

impl Strings {
    /// The text of `key`, its `{name}` placeholders filled from `values`; the key itself when
    /// no table has it (a site's template asking for a key it never defined).
    pub fn text(&self, key: &str, values: &[(&str, &str)]) -> String {
        match self.entries.get(key) {
            Some(Entry::Text(text)) => fill(text, values),
            Some(Entry::Plural(forms)) => {
                fill(forms.get("other").map_or(key, String::as_str), values)
            }
            None => key.to_owned(),
        }
    }

    /// The form of `key` for `count` under the language's plural rules, filled with `count`
    /// and `values`.
    pub fn plural(&self, key: &str, count: u64, values: &[(&str, &str)]) -> String {
        let count_text = count.to_string();
        let mut all = vec![("count", count_text.as_str())];
        all.extend_from_slice(values);
        match self.entries.get(key) {
            Some(Entry::Plural(forms)) => {
                let category = category_name(self.plurals.category_for(count));
                let form = forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .map_or(key, String::as_str);
                fill(form, &all)
            }
            _ => self.text(key, &all),
        }
    }

    /// One plural form of `key` as written, its placeholders unfilled (`other` when the
    /// table has not that form), for scripts that pick the form themselves.
    pub fn form(&self, key: &str, form: &str) -> String {
        match self.entries.get(key) {
            Some(Entry::Plural(forms)) => forms
                .get(form)
                .or_else(|| forms.get("other"))
                .cloned()
                .unwrap_or_default(),
            Some(Entry::Text(text)) => text.clone(),
            None => key.to_owned(),
        }
    }

    /// Whether a table of this language gives `key` (not another language's, standing in).
    pub fn is_own(&self, key: &str) -> bool {
        self.has(key) && !self.fallbacks.iter().any(|missing| missing == key)
    }

    /// Whether a table of the site gives `key` (the site's own templates may ask for keys the
    /// built-in tables lack).
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// `text` with each `{name}` replaced by its value; other braces stay.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(known, _)| *known == name)
                .map(|(_, value)| (*value, close))
        });
        if let Some((value, close)) = value {
            out.push_str(value);
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The words of every language of a site, the default language first.
#[derive(Debug, Clone)]
pub struct Languages(pub Vec<Arc<Strings>>);

impl Languages {
    /// The strings of one language of the site.
    pub fn of(&self, language: &Language) -> Arc<Strings> {
        let found = self
            .0
            .iter()
            .find(|strings| strings.language.same_as(language));
        Arc::clone(found.unwrap_or(&self.0[0]))
    }
}

/// A table as parsed, with the file it came from and its text (for locating errors).
struct Table {
    entries: BTreeMap<String, Entry>,
    file: Option<(PathBuf, String)>,
}

/// The built-in table of a language, by its primary subtag.
fn built_in(language: &Language) -> Option<Table> {
    let primary = language.primary();
    let (_, text) = BUILT_IN.iter().find(|(code, _)| *code == primary)?;
    let entries = serde_yaml::from_str(text).unwrap_or_default();
    Some(Table {
        entries,
        file: None,
    })
}

/// Reads a site's table for `language`, if it has one, keeping the entries that are a text or
/// plural forms; the others are the errors beside it.
fn site_table(
    root: &Path,
    language: &Language,
) -> Result<(Option<Table>, Vec<ContentError>), ContentError> {
    let relative = PathBuf::from(I18N_DIR).join(format!("{}.yaml", language.code()));
    let bytes = crate::fs::read_optional(&root.join(&relative))
        .map_err(|error| ContentError::at_start(&relative, format!("{error:#}")))?;
    let Some(bytes) = bytes else {
        return Ok((None, Vec::new()));
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        ContentError::at_start(&relative, "this file is not UTF-8 text; save it as UTF-8")
    })?;
    if text.trim().is_empty() {
        let table = Table {
            entries: BTreeMap::new(),
            file: Some((relative, text)),
        };
        return Ok((Some(table), Vec::new()));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|error| {
        let (line, column) = crate::diagnostics::yaml_position(&error, &text);
        ContentError::new(
            &relative,
            line,
            column,
            crate::diagnostics::yaml_message(&error),
        )
    })?;
    let serde_yaml::Value::Mapping(mapping) = value else {
        return Err(ContentError::at_start(
            &relative,
            "this file must be a list of `key: \"text\"` lines, one per string",
        ));
    };
    let mut entries = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in mapping {
        let key = scalar_text(&key).unwrap_or_default();
        let entry = match value {
            serde_yaml::Value::Mapping(forms) => forms
                .iter()
                .map(|(form, text)| Some((scalar_text(form)?, scalar_text(text)?)))
                .collect::<Option<BTreeMap<String, String>>>()
                .map(Entry::Plural),
            other => scalar_text(&other).map(Entry::Text),
        };
        let Some(entry) = entry else {
            let (line, column) = key_line(&text, &key);
            errors.push(ContentError::new(
                &relative,
                line,
                column,
                format!(
                    "`{key}` must be a text (`{key}: \"…\"`) or a map of plural forms (`one:`, `other:`), each a text"
                ),
            ));
            continue;
        };
        entries.insert(key, entry);
    }
    let table = Table {
        entries,
        file: Some((relative, text)),
    };
    Ok((Some(table), errors))
}

/// A YAML scalar as text: a string, or a number or a boolean written as it reads.
fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(text) => Some(text.clone()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Where `key:` starts a line of `text`.
fn key_line(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|line| {
            line.trim_start_matches(['"', '\''])
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).starts_with(':'))
        })
        .map_or((1, 1), |index| (index + 1, 1))
}

/// The entries of a site's table that are not keys of any table, or plural maps with unknown
/// forms or no `other`.
fn table_errors(table: &Table, known: &[&str]) -> Vec<ContentError> {
    let Some((path, text)) = &table.file else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for (key, entry) in &table.entries {
        let (line, column) = key_line(text, key);
        if !known.contains(&key.as_str()) {
            let hint = crate::diagnostics::closest(key, known.iter().copied())
                .map_or_else(String::new, |close| format!("did you mean `{close}`? "));
            errors.push(ContentError::new(
                path,
                line,
                column,
                format!(
                    "unknown key `{key}`: {hint}a new key for your templates goes first in the default language's table"
                ),
            ));
        }
        if let Entry::Plural(forms) = entry {
            let unknown = forms
                .keys()
                .find(|form| !PLURAL_FORMS.contains(&form.as_str()));
            if let Some(form) = unknown {
                errors.push(ContentError::new(
                    path,
                    line,
                    column,
                    format!(
                        "`{key}` has the plural form `{form}`; the forms are {}",
                        PLURAL_FORMS.join(", ")
                    ),
                ));
            } else if !forms.contains_key("other") {
                errors.push(ContentError::new(
                    path,
                    line,
                    column,
                    format!(
                        "`{key}` needs an `other` form, used for any count the others do not cover"
                    ),
                ));
            }
        }
    }
    errors
}

/// The built-in tables of the site's languages, without any of the site's own.
pub fn built_in_only(config: &Config) -> Languages {
    load_from(None, config).unwrap_or_else(|_| unreachable!("built-in tables have no errors"))
}

/// Reads the tables of every language of the site: its own, over the built-in ones.
pub fn load(root: &Path, config: &Config) -> Result<Languages, Vec<ContentError>> {
    load_from(Some(root), config)
}

fn load_from(root: Option<&Path>, config: &Config) -> Result<Languages, Vec<ContentError>> {
    let languages = config.site_languages();
    let english = built_in(&Language("en".to_owned())).map(|table| table.entries);
    let english = english.unwrap_or_default();
    let mut errors = Vec::new();
    let mut site_tables = Vec::new();
    for language in &languages {
        let Some(root) = root else {
            site_tables.push(None);
            continue;
        };
        match site_table(root, language) {
            Ok((table, entry_errors)) => {
                site_tables.push(table);
                errors.extend(entry_errors);
            }
            Err(error) => {
                errors.push(error);
                site_tables.push(None);
            }
        }
    }
    let default_site = site_tables[0].as_ref();
    let mut known: Vec<&str> = english.keys().map(String::as_str).collect();
    known.extend(SITE_KEYS);
    known.extend(
        default_site
            .iter()
            .flat_map(|t| t.entries.keys().map(String::as_str)),
    );
    known.sort_unstable();
    known.dedup();
    for table in site_tables.iter().flatten() {
        errors.extend(table_errors(table, &known));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let default_built_in = built_in(&languages[0])
        .map(|t| t.entries)
        .unwrap_or_default();
    let strings = languages
        .iter()
        .zip(&site_tables)
        .map(|(language, own)| {
            let own_built_in = built_in(language).map(|t| t.entries).unwrap_or_default();
            let own_site = own.as_ref().map(|t| t.entries.clone()).unwrap_or_default();
            // Lowest first: each layer overrides the ones before it.
            let mut entries: HashMap<String, Entry> = english.clone().into_iter().collect();
            entries.extend(default_built_in.clone());
            entries.extend(default_site.map(|t| t.entries.clone()).unwrap_or_default());
            let fallbacks: Vec<String> = known
                .iter()
                .filter(|key| !SITE_KEYS.contains(key))
                .filter(|key| !own_built_in.contains_key(**key) && !own_site.contains_key(**key))
                .map(|key| (*key).to_owned())
                .collect();
            // A language's name is its own, even where its other words are missing.
            let endonym = ENDONYMS
                .iter()
                .find(|(code, _)| *code == language.primary())
                .map(|(_, name)| (*name).to_owned());
            let fallbacks: Vec<String> = fallbacks
                .into_iter()
                .filter(|key| !(key == "language_name" && endonym.is_some()))
                .collect();
            if let Some(name) = endonym {
                entries.insert("language_name".to_owned(), Entry::Text(name));
            }
            entries.extend(own_built_in);
            entries.extend(own_site);
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_unstable();
            let fingerprint = crate::fingerprint::fingerprint(&(&language.0, sorted));
            Arc::new(Strings {
                language: language.clone(),
                plurals: plural_rules(language),
                entries,
                fallbacks,
                fingerprint,
            })
        })
        .collect();
    Ok(Languages(strings))
}

/// The CLDR cardinal rules of a language; English's for a tag CLDR does not know.
fn plural_rules(language: &Language) -> PluralRules {
    let rules = icu_locale_core::Locale::try_from_str(&language.0)
        .ok()
        .and_then(|locale| PluralRules::try_new_cardinal((&locale).into()).ok());
    rules.unwrap_or_else(|| {
        PluralRules::try_new_cardinal(icu_locale_core::locale!("en").into())
            .expect("CLDR data for English is compiled in")
    })
}

/// The template function `t`: `t(key="recent_posts")`, `t(key="minutes_read",
/// count=post.reading_time)`, `t(key="posts_by", name=person.name)`; `t(key="search_results",
/// form="one")` gives one plural form unfilled, for a script to fill.
pub struct Translate {
    strings: Arc<Strings>,
    /// The texts without placeholders as template values, made once: most calls ask for one
    /// (a heading, a label), a hundred times on each page.
    plain: HashMap<String, Value>,
}

impl Translate {
    /// The function for the words of one language.
    pub fn new(strings: Arc<Strings>) -> Self {
        let plain = strings
            .entries
            .iter()
            .filter_map(|(key, entry)| match entry {
                Entry::Text(text) if !text.contains('{') => {
                    Some((key.clone(), Value::from(text.as_str())))
                }
                _ => None,
            })
            .collect();
        Self { strings, plain }
    }

    /// The function with the built-in English words.
    pub fn english() -> Self {
        Self::new(Arc::clone(&built_in_only(&Config::default()).0[0]))
    }
}

impl Function<TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, _state: &State) -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        if let Some(text) = self.plain.get(key) {
            return Ok(text.clone());
        }
        let strings = &self.strings;
        if !strings.has(key) {
            return Err(tera::Error::message(format!(
                "`{FUNCTION}(key=\"{key}\")`: no string table has the key `{key}`; add it to `{I18N_DIR}/{}.yaml`",
                strings.language.code()
            )));
        }
        if let Some(form) = kwargs.get::<&str>("form")? {
            return Ok(Value::from(strings.form(key, form)));
        }
        let count: Option<i64> = kwargs.get("count")?;
        let texts: Vec<(String, String)> = kwargs
            .iter()
            .filter_map(|(name, value)| {
                let name = name.as_str()?;
                (!["key", "count", "form"].contains(&name))
                    .then(|| (name.to_owned(), value.to_string()))
            })
            .collect();
        let values: Vec<(&str, &str)> = texts
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let text = match count {
            Some(count) => strings.plural(key, count.unsigned_abs(), &values),
            None => strings.text(key, &values),
        };
        Ok(Value::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(language: &str) -> Arc<Strings> {
        let config = Config {
            languages: vec![Language("en".to_owned()), Language(language.to_owned())],
            ..Config::default()
        };
        let languages = load(Path::new("/nonexistent"), &config).expect("built-in tables");
        languages.of(&Language(language.to_owned()))
    }

    /// Guards the plural rules: English and Spanish pick "one" for 1 only, and the count is
    /// written into the form.
    #[test]
    fn plurals_follow_the_language_rules() {
        let es = strings("es");
        assert_eq!(es.plural("post_count", 1, &[]), "1 entrada.");
        assert_eq!(es.plural("post_count", 2, &[]), "2 entradas.");
        assert_eq!(es.plural("post_count", 0, &[]), "0 entradas.");
        let en = strings("en");
        assert_eq!(en.plural("minutes_read", 1, &[]), "1 min read");
        assert_eq!(en.plural("post_count", 1, &[]), "1 post.");
        assert_eq!(en.plural("post_count", 3, &[]), "3 posts.");
    }

    /// Guards the built-in tables: Spanish has every key English has, so a Spanish page
    /// shows no English word of the theme.
    #[test]
    fn the_spanish_table_has_every_english_key() {
        let es = strings("es");
        assert!(
            es.fallbacks.is_empty(),
            "missing in es.yaml: {:?}",
            es.fallbacks
        );
        let fr = strings("fr");
        assert!(fr.fallbacks.contains(&"recent_posts".to_owned()));
        assert_eq!(fr.text("recent_posts", &[]), "Recent posts");
        // A language is named in itself even without a table of its own.
        assert_eq!(fr.text("language_name", &[]), "Français");
        assert!(!fr.fallbacks.contains(&"language_name".to_owned()));
    }

    #[test]
    fn placeholders_are_filled_and_unknown_braces_stay() {
        assert_eq!(
            fill("Posts by {name} {x}", &[("name", "Ana")]),
            "Posts by Ana {x}"
        );
        assert_eq!(fill("{a}{b}", &[("a", "1"), ("b", "2")]), "12");
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }

    /// Guards strict keys: a misspelt key in a site's table is an error at its line, with the
    /// key it was meant to be.
    #[test]
    fn an_unknown_key_in_a_site_table_is_located_with_a_suggestion() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(I18N_DIR)).unwrap();
        std::fs::write(
            root.path().join("i18n/es.yaml"),
            "home: Portada\nrecent_post: Lo último\n",
        )
        .unwrap();
        let config = Config {
            languages: vec![Language("en".to_owned()), Language("es".to_owned())],
            ..Config::default()
        };
        let errors = load(root.path(), &config).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 1));
        assert!(
            errors[0].message.contains("did you mean `recent_posts`"),
            "{}",
            errors[0].message
        );
    }

    /// Guards the shapes of entries: a number reads as text, while an unknown plural form, a
    /// plural without `other` and a list are each an error at its key, all in one run.
    #[test]
    fn every_malformed_entry_of_a_table_is_reported() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(I18N_DIR)).unwrap();
        std::fs::write(
            root.path().join("i18n/es.yaml"),
            "home: 5\nminutes_read:\n  uno: x\n  other: y\npost_count:\n  one: x\nall_tags: [a]\n",
        )
        .unwrap();
        let config = Config {
            languages: vec![Language("en".to_owned()), Language("es".to_owned())],
            ..Config::default()
        };
        let errors = load(root.path(), &config).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|error| error.line).collect();
        assert_eq!(lines, [7, 2, 5], "{errors:?}");
        assert!(errors[1].message.contains("the plural form `uno`"));
        assert!(errors[2].message.contains("needs an `other` form"));
    }
}
