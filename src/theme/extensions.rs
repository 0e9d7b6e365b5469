//! What templates would otherwise compute again and again, computed once per build:
//!
//! - `cached_include`, the template function for parts that are the same on every page (a
//!   sidebar, a footer of clinic details): `{{ cached_include(path="partials/sidebar.html") }}`
//!   renders the template once per build, with `site` and nothing else, and every page after
//!   the first reuses the result. Tera would otherwise render such a part again for each of
//!   thousands of pages, like Hugo without `partialCached`.
//! - The `date` filter, which remembers what it formatted: a post's date is shown on its page,
//!   on each list it appears in and on its author's page, and formatting it in the reader's
//!   language sets up a localised formatter each time.
//! - The `safe` filter, which marks the string it is given instead of copying it: each post's
//!   body goes through `safe` on its page, and each summary on every list that shows it.
//! - `image`, the template function for a JPEG, PNG or WebP of the static files:
//!   `{% set hero = image(path="/images/hero.jpg") %}` gives its resized variants (`src`,
//!   `width`, `height`, `type`, `srcset`, `sizes`). A theme that calls it has every such image
//!   of the static files resized, once, before its pages are rendered.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

use tera::{Context, Filter, Function, Kwargs, State, Tera, TeraResult, Value};

/// The name templates call the function by.
pub const NAME: &str = "cached_include";

/// The function, as registered on the theme's templates. The theme compiles its templates with
/// an instance that cannot render ([`CachedInclude::nested`]); each build renders its pages
/// with one that can ([`CachedInclude::for_build`]), whose results live as long as that build.
pub struct CachedInclude {
    /// The templates, and the context a cached part sees; none in the theme's own instance,
    /// which is only ever reached from inside a cached part.
    renderer: Option<(Tera, Context)>,
    /// Each template's rendering, once made.
    rendered: HashMap<String, OnceLock<Value>>,
    /// The file each template came from, for locating errors.
    files: BTreeMap<String, PathBuf>,
}

impl CachedInclude {
    /// The instance templates are compiled with. The per-build instance renders cached parts
    /// with these templates, so a cached part that calls `cached_include` itself meets this
    /// one, which explains that parts do not nest.
    pub fn nested() -> Self {
        Self {
            renderer: None,
            rendered: HashMap::new(),
            files: BTreeMap::new(),
        }
    }

    /// The instance for one build: renders any of `templates`' templates with `site`;
    /// `files` says where each template came from.
    pub fn for_build(templates: Tera, files: BTreeMap<String, PathBuf>, site: Value) -> Self {
        let rendered = templates
            .get_template_names()
            .map(|name| (name.to_owned(), OnceLock::new()))
            .collect();
        let mut context = Context::new();
        context.insert_value("site", site);
        Self {
            renderer: Some((templates, context)),
            rendered,
            files,
        }
    }

    fn render(&self, path: &str) -> TeraResult<Value> {
        let Some((templates, context)) = &self.renderer else {
            return Err(tera::Error::message(format!(
                "`{NAME}(path=\"{path}\")` is used inside a template that is itself included with `{NAME}`; include it with `{{% include \"{path}\" %}}` there"
            )));
        };
        let Some(cell) = self.rendered.get(path) else {
            return Err(tera::Error::message(format!(
                "`{NAME}` was asked for `{path}`, which is not a template of this theme"
            )));
        };
        if let Some(value) = cell.get() {
            return Ok(value.clone());
        }
        // Threads that arrive together may each render the part; they make the same text, and
        // the first one kept is shared from then on.
        let html = templates
            .render(path, context)
            .map_err(|error| self.located(&error))?;
        Ok(cell.get_or_init(|| Value::safe_string(&html)).clone())
    }

    /// An error inside a cached part, reported where the part is included: its message names
    /// the place in the part's file, and reminds that the part sees only `site`.
    fn located(&self, error: &tera::Error) -> tera::Error {
        let place = super::template_error(error, &self.files, None);
        tera::Error::message(format!(
            "{place} (a template included with `{NAME}` is rendered once per build and sees only `site`)"
        ))
    }
}

/// The name of the image function.
pub const IMAGE_FUNCTION: &str = "image";

/// Whether a template's text calls the image function.
pub fn calls_image_function(text: &str) -> bool {
    text.match_indices(IMAGE_FUNCTION).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + IMAGE_FUNCTION.len()..].trim_start();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && after.starts_with('(')
    })
}

/// The image function: the variants of the static files' images, by site path.
pub struct StaticImages {
    images: BTreeMap<String, Value>,
}

impl StaticImages {
    /// The function for one build, with the variants of each image by its path in the static
    /// files (`images/hero.jpg`).
    pub fn new(images: BTreeMap<String, Value>) -> Self {
        Self { images }
    }
}

impl Function<TeraResult<Value>> for StaticImages {
    fn call(&self, kwargs: Kwargs, _state: &State) -> TeraResult<Value> {
        let path: &str = kwargs.must_get("path")?;
        self.images
            .get(path.trim_start_matches('/'))
            .cloned()
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "`{IMAGE_FUNCTION}(path=\"{path}\")`: the static files have no JPEG, PNG or WebP at that path; write the path from the site's root, like /images/team.jpg, of a file in `static/`"
                ))
            })
    }
}

impl Function<TeraResult<Value>> for CachedInclude {
    fn call(&self, kwargs: Kwargs, _state: &State) -> TeraResult<Value> {
        self.render(kwargs.must_get("path")?)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The `date` filter (`date(format="MMMM d, y", locale=site.language)`, from tera-contrib),
/// remembering each text it made by date, format, locale and time zone.
#[derive(Default)]
pub struct CachedDate {
    formatted: Mutex<HashMap<String, Value>>,
}

impl Filter<&Value, TeraResult<Value>> for CachedDate {
    fn call(&self, value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let format_now = |kwargs| tera_contrib::dates::date(value, kwargs, state).map(Value::from);
        let Some(date) = value.as_str() else {
            return format_now(kwargs);
        };
        let setting = |name| kwargs.get::<&str>(name).ok().flatten().unwrap_or_default();
        let key = [
            date,
            setting("format"),
            setting("locale"),
            setting("timezone"),
        ]
        .join("\u{1f}");
        let formatted = || {
            self.formatted
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(text) = formatted().get(&key) {
            return Ok(text.clone());
        }
        let text = format_now(kwargs)?;
        formatted().insert(key, text.clone());
        Ok(text)
    }
}

/// The `safe` filter: the value as a string that is not escaped. Tera's own makes a copy of
/// the string; this one shares it, as any template value shares its text.
pub struct Safe;

impl Filter<&Value, Value> for Safe {
    fn call(&self, value: &Value, _: Kwargs, _: &State) -> Value {
        if value.as_str().is_some() {
            value.clone()
        } else {
            Value::from(value.to_string())
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{CachedDate, Safe};
    use tera::{Context, Tera};

    /// A remembered date is found again only under the same format, locale and time zone.
    #[test]
    fn calls_of_the_image_function_are_found_and_lookalikes_are_not() {
        use super::calls_image_function as calls;
        assert!(calls("{% set hero = image(path=\"/a.jpg\") %}"));
        assert!(calls("{{ image (path=p).src }}"));
        assert!(!calls(
            "{{ post.image }} {{ lead_image(x) }} {{ post.image(x) }}"
        ));
    }

    #[test]
    fn the_date_filter_remembers_each_format_apart() {
        let mut tera = Tera::new();
        tera.register_filter("date", CachedDate::default());
        tera.add_raw_template(
            "t",
            "{{ d | date(format=\"%Y\") }} {{ d | date(format=\"%m\") }} {{ d | date(format=\"MMMM d\", locale=\"en\") }} {{ d | date(format=\"MMMM d\", locale=\"fr\") }} {{ d | date(format=\"%Y\") }} {{ e | date(format=\"%Y\") }} {{ t | date(format=\"%H:%M\", timezone=\"America/New_York\") }} {{ t | date(format=\"%H:%M\", timezone=\"Europe/Paris\") }}",
        )
        .unwrap();
        let mut context = Context::new();
        context.insert("d", "2025-03-02");
        context.insert("e", "2019-12-31");
        context.insert("t", "2025-03-02T12:00:00Z");
        assert_eq!(
            tera.render("t", &context).unwrap(),
            "2025 03 March 2 mars 2 2025 2019 07:00 13:00"
        );
    }

    /// Strings are shown unescaped in an escaped template, and other values as their text, as
    /// with Tera's own `safe`.
    #[test]
    fn safe_marks_strings_and_writes_other_values_as_text() {
        let template = "{{ html | safe }}|{{ html }}|{{ number | safe }}|{{ list | safe }}|{{ html | safe | upper }}";
        let mut context = Context::new();
        context.insert("html", "<b>5 > 3</b>");
        context.insert("number", &5);
        context.insert("list", &[1, 2]);
        let render = |tera: &mut Tera| {
            tera.add_raw_template("t.html", template).unwrap();
            tera.render("t.html", &context).unwrap()
        };
        let with_ours = render(&mut {
            let mut tera = Tera::new();
            tera.register_filter("safe", Safe);
            tera
        });
        assert_eq!(with_ours, render(&mut Tera::new()));
        assert!(
            with_ours.starts_with("<b>5 > 3</b>|&lt;b&gt;"),
            "{with_ours}"
        );
    }
}
