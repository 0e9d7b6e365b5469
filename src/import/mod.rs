//! `salve import`: brings a blog from Jekyll or Hugo into a salve site. Posts and pages keep
//! their text; front matter is mapped onto salve's keys ([`front_matter`]); Liquid tags and
//! shortcodes become Markdown where they have an equivalent ([`body`]); images and other files
//! are copied; every old address becomes an alias, so that links to the old site keep working.
//! Nothing is overwritten, and a report (`IMPORT-REPORT.md`) lists what needs a person.

mod body;
mod download;
mod front_matter;
mod html;
mod sources;
mod wix;
mod wordpress;
mod xml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde_yaml::{Mapping, Value};

pub use sources::Generator;

use crate::config::{CONFIG_FILE, Config};
use crate::content::{Collection, Post, parse_reporting_all};
use front_matter::People;
use sources::{Addressed, Document, Settings};

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The generator the old site was made with.
    pub generator: Generator,
    /// The old site's folder.
    pub from: PathBuf,
    /// The salve site to import into (created when missing).
    pub into: PathBuf,
    /// Report what would be done, and write nothing.
    pub dry_run: bool,
    /// Download the images posts show from the old site (a Wix feed's); without it they keep
    /// their remote addresses, which `salve build` refuses until they are replaced.
    pub download: bool,
    /// Told, after each post's images, how many images have been downloaded so far.
    pub progress: Option<fn(usize)>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Posts written.
    pub posts: usize,
    /// Pages written.
    pub pages: usize,
    /// Images and other files copied.
    pub files: usize,
    /// People added to `people`.
    pub people: usize,
    /// Old addresses kept as aliases.
    pub aliases: usize,
    /// Files left alone because the site already had them.
    pub skipped: Vec<String>,
    /// What a person should look at, one line each, by file.
    pub attention: Vec<String>,
    /// The report file, unless this was a dry run.
    pub report_file: Option<PathBuf>,
    /// `salve check`'s count of findings by rule on the imported site (drafts included),
    /// unless this was a dry run or the site cannot be checked yet.
    pub check_summary: Option<String>,
}

/// One document, converted, before it is checked with salve's own reader.
struct Pending {
    /// Where it goes, relative to the site.
    target: String,
    /// salve's front matter.
    front: Mapping,
    /// The body, its template syntax converted.
    body: String,
    /// Its address on the old site.
    old_url: String,
    /// Its bundle's files, with where each goes.
    files: Vec<(PathBuf, String)>,
    collection: Collection,
}

/// One document, converted and ready to write.
struct Converted {
    /// Where it goes, relative to the site.
    target: String,
    /// Its text.
    text: String,
    /// Its bundle's files, with where each goes.
    files: Vec<(PathBuf, String)>,
    collection: Collection,
    /// Whether its old address was added to its aliases.
    aliased: bool,
    /// Its old addresses (its aliases), each with its new address.
    redirects: Vec<(String, String)>,
}

/// Imports a site; see the module's documentation.
pub fn import(options: &ImportOptions) -> Result<ImportReport> {
    let existing = options.into.join(CONFIG_FILE).is_file();
    let config = if existing {
        Config::load(&options.into).map_err(|error| anyhow::anyhow!("{error}"))?
    } else {
        Config::default()
    };
    let mut people: People = config
        .people
        .iter()
        .map(|(id, person)| (id.clone(), person.name.clone()))
        .collect();
    let known_people = people.len();
    let mut report = ImportReport::default();
    let (settings, pending) = if matches!(options.generator, Generator::Wix | Generator::WordPress)
    {
        web_documents(options, &config, (&mut people, !existing), &mut report)?
    } else {
        site_documents(options, &config, (&mut people, !existing), &mut report)?
    };
    report.people = people.len() - known_people;
    // Each document is read back as salve reads it, with the people the import adds.
    let mut reading = config.clone();
    for (id, name) in &people {
        if !reading.people.contains_key(id) {
            let person = serde_yaml::from_value(serde_yaml::from_str(&format!("name: {name:?}"))?)?;
            reading.people.insert(id.clone(), person);
        }
    }
    let converted: Vec<Converted> = pending
        .into_iter()
        .map(|document| finish(document, &reading, &mut report))
        .collect::<Result<_>>()?;
    if options.dry_run {
        tally(&converted, &mut report);
    } else {
        write(
            options,
            &config,
            &settings,
            &people,
            &converted,
            &mut report,
        )?;
    }
    Ok(report)
}

/// The posts and pages of a Jekyll or Hugo site folder, converted.
fn site_documents(
    options: &ImportOptions,
    config: &Config,
    (people, may_add_people): (&mut People, bool),
    report: &mut ImportReport,
) -> Result<(Settings, Vec<Pending>)> {
    let (settings, documents) = sources::read(options.generator, &options.from)?;
    let targets = target_paths(&documents, config);
    let mut pending = Vec::new();
    for document in &documents {
        let done = convert(
            options.generator,
            &settings,
            document,
            (config, &targets),
            (people, may_add_people),
            report,
        )
        .with_context(|| format!("failed to import `{}`", document.path.display()))?;
        pending.extend(done);
    }
    Ok((settings, pending))
}

/// A post or page read from a hosted blog's export, before its front matter is mapped.
struct WebItem {
    collection: Collection,
    slug: String,
    /// The old address's path.
    old_path: Option<String>,
    front: Mapping,
    body: String,
    /// What a person should know about it.
    notes: Vec<String>,
}

/// What a Wix feed or a WordPress export holds: the old site's settings, the items, what was
/// left out (as report lines) and the authors it describes (id and name).
struct Export {
    settings: Settings,
    items: Vec<WebItem>,
    left_out: Vec<String>,
    authors: Vec<(String, String)>,
}

/// Reads a Wix feed or a WordPress export.
fn read_export(options: &ImportOptions) -> Result<Export> {
    let xml = xml::decode(&options.from, crate::fs::read(&options.from)?)?;
    let xml = xml::blank_controls(xml);
    let read = || -> Result<Export> {
        if options.generator == Generator::Wix {
            let (title, items) = wix::read(&xml)?;
            let items = items
                .into_iter()
                .map(|item| WebItem {
                    collection: Collection::Posts,
                    notes: item
                        .teaser_only
                        .then(|| "the feed held only the start of this post; paste the rest in, then remove `draft: true`".to_owned())
                        .into_iter()
                        .chain(script_links_note(item.script_links))
                        .collect(),
                    slug: item.slug,
                    old_path: item.old_path,
                    front: item.front,
                    body: item.body,
                })
                .collect();
            return Ok(Export {
                settings: Settings {
                    title,
                    ..Settings::default()
                },
                items,
                left_out: Vec::new(),
                authors: Vec::new(),
            });
        }
        let export = wordpress::read(&xml)?;
        let left_out = export
            .left_out
            .into_iter()
            .map(|(title, why)| {
                format!("{}: “{title}” was left out: {why}", options.from.display())
            })
            .collect();
        let items = export
            .items
            .into_iter()
            .map(|item| WebItem {
                notes: item
                    .unconverted
                    .iter()
                    .map(|code| {
                        format!("the shortcode `{code}` has no equivalent in salve; rewrite it")
                    })
                    .chain(script_links_note(item.script_links))
                    .collect(),
                collection: item.collection,
                slug: item.slug,
                old_path: item.old_path,
                front: item.front,
                body: item.body,
            })
            .collect();
        let settings = Settings {
            title: export.title,
            base_url: export.base_url,
            ..Settings::default()
        };
        Ok(Export {
            settings,
            items,
            left_out,
            authors: export.authors,
        })
    };
    read().map_err(|error| {
        let path = options.from.display();
        match error.downcast_ref::<roxmltree::Error>() {
            Some(invalid) => {
                let at = invalid.pos();
                anyhow::anyhow!(
                    "{path}:{}:{}: the file is not valid XML ({invalid}); export it again from the old site, or fix the file at that place in a text editor",
                    at.row,
                    at.col
                )
            }
            None => error.context(format!("failed to read `{path}`")),
        }
    })
}

/// What the report says of an item's links that ran code, if it had some.
fn script_links_note(removed: usize) -> Option<String> {
    (removed > 0).then(|| {
        format!(
            "{removed} link(s) ran code (`javascript:`), as spam or a hacked plug-in leaves them; their addresses were removed and their text kept: check the text around them"
        )
    })
}

/// The posts and pages of a Wix feed or a WordPress export, converted, each in a folder of
/// its own with its images downloaded beside it (unless this is a dry run, or downloads are
/// off).
fn web_documents(
    options: &ImportOptions,
    config: &Config,
    (people, may_add_people): (&mut People, bool),
    report: &mut ImportReport,
) -> Result<(Settings, Vec<Pending>)> {
    let export = read_export(options)?;
    report.attention.extend(export.left_out);
    let names: HashMap<String, String> = export.authors.into_iter().collect();
    let mut pending = Vec::new();
    let mut taken = HashSet::new();
    for mut item in export.items {
        // The export's authors join `people` by the ids of their logins, when people may
        // grow; else they are named, and kept under `extra`.
        let id = item
            .front
            .get("author")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(name) = id.as_ref().and_then(|id| names.get(id)) {
            let id = id.clone().unwrap_or_default();
            if may_add_people {
                people.entry(id).or_insert_with(|| name.clone());
            } else if !people.contains_key(&id) {
                item.front.insert("author".into(), name.clone().into());
            }
        }
        let folder = item
            .collection
            .folder(config)
            .to_string_lossy()
            .into_owned();
        let target = unique_target(&folder, &item.slug, &mut taken);
        let mut mapped = front_matter::map(&item.front, item.collection, people, may_add_people);
        for note in item.notes {
            report.attention.push(format!("{target}: {note}"));
        }
        let folder = options.into.join(&target);
        let folder = folder.parent().unwrap_or(&options.into);
        let fetch = options.download && !options.dry_run && !folder.join("index.md").exists();
        let body = if fetch {
            let body = localize_images(item.body, &mut mapped.front, folder, &target, report);
            if let Some(progress) = options.progress {
                progress(report.files);
            }
            body
        } else {
            item.body
        };
        if mapped.image_without_alt {
            report.attention.push(format!(
                "{target}: the image has no text alternative; write `image_alt`"
            ));
        }
        pending.push(Pending {
            target,
            front: mapped.front,
            body,
            old_url: item.old_path.unwrap_or_default(),
            files: Vec::new(),
            collection: item.collection,
        });
    }
    Ok((export.settings, pending))
}

/// A slug from a part of an old address, which WordPress and Wix keep percent-encoded
/// (`c%c3%b3mo-tratar` is `cómo-tratar`, whose slug is `como-tratar`).
fn slug_of_address(part: &str) -> String {
    crate::slug::slugify(&percent_encoding::percent_decode_str(part).decode_utf8_lossy())
}

/// The file of an item of slug `slug` in `folder`: `folder/slug/index.md`, or with `-2`, `-3`
/// after the slug when an earlier item of the export took that name (two items of one slug,
/// or items with neither slug nor title), so that none is lost.
fn unique_target(folder: &str, slug: &str, taken: &mut HashSet<String>) -> String {
    let slug = if slug.is_empty() { "untitled" } else { slug };
    let mut target = format!("{folder}/{slug}/index.md");
    let mut number = 1;
    while !taken.insert(target.clone()) {
        number += 1;
        target = format!("{folder}/{slug}-{number}/index.md");
    }
    target
}

/// Downloads a post's images (and its lead image) into its folder and links the files; an
/// image that could not be downloaded keeps its address and is reported.
fn localize_images(
    mut body: String,
    front: &mut Mapping,
    folder: &Path,
    target: &str,
    report: &mut ImportReport,
) -> String {
    let mut wanted = download::images(&body);
    let lead = front
        .get("image")
        .and_then(Value::as_str)
        .filter(|image| image.starts_with("http"))
        .and_then(|image| download::images(&format!("![]({image})")).pop())
        .map(|image| download::Wanted {
            file: format!("lead-{}", image.file),
            url: image.url,
        });
    wanted.extend(lead.clone());
    let failed = download::fetch(&wanted, folder);
    for image in &wanted {
        if let Some((url, why)) = failed.iter().find(|(url, _)| *url == image.url) {
            report.attention.push(format!(
                "{target}: the image {url} could not be downloaded ({why}); it keeps its remote address, which salve build refuses: download it beside the post"
            ));
            continue;
        }
        report.files += 1;
        // The address ends the link, or a title follows it.
        for end in [")", " "] {
            body = body.replace(
                &format!("]({}{end}", image.url),
                &format!("]({}{end}", image.file),
            );
        }
        if lead.as_ref().is_some_and(|lead| lead.url == image.url) {
            front.insert("image".into(), image.file.clone().into());
        }
    }
    body
}

/// Where each document goes in the salve site, by the old file's name without extension
/// (what `{% post_url %}` and `{{< ref >}}` name).
fn target_paths(documents: &[Document], config: &Config) -> HashMap<String, String> {
    documents
        .iter()
        .map(|document| {
            let name = document.bundle_folder().unwrap_or_else(|| document.stem());
            (name, document.site_target(config))
        })
        .collect()
}

/// Converts one document: its front matter mapped, its body converted, its old address an
/// alias. `None` when it is a file salve has no use for (no front matter at all).
fn convert(
    generator: Generator,
    settings: &Settings,
    document: &Document,
    (config, targets): (&Config, &HashMap<String, String>),
    (people, may_add_people): (&mut People, bool),
    report: &mut ImportReport,
) -> Result<Option<Pending>> {
    let display = document.path.display().to_string();
    // A file that cannot be read as a post is listed, and the others are imported all the same.
    let Ok(text) = String::from_utf8(crate::fs::read(&document.path)?) else {
        report.attention.push(format!(
            "{display}: not UTF-8 text; not imported (save it as UTF-8 and import again)"
        ));
        return Ok(None);
    };
    let (original, body) = match split_front_matter(&text) {
        Ok(Some(split)) => split,
        Ok(None) => {
            report
                .attention
                .push(format!("{display}: no front matter; not imported"));
            return Ok(None);
        }
        Err(error) => {
            let causes: Vec<String> = error.chain().map(ToString::to_string).collect();
            report
                .attention
                .push(format!("{display}: {}; not imported", causes.join(": ")));
            return Ok(None);
        }
    };
    let mut mapped = front_matter::map(&original, document.collection, people, may_add_people);
    if document.draft {
        mapped.front.insert("draft".into(), true.into());
    }
    if let Some(why) = document.unpublished {
        report.attention.push(format!("{display}: {why}"));
    }
    let target = document.site_target(config);
    let from_dir = target
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_owned();
    let post_link = |name: &str| targets.get(name).map(|to| relative_link(&from_dir, to));
    let converted_body = body::convert(body, &post_link);
    let (body, script_links) = html::drop_script_links(&converted_body.text);
    if let Some(note) = script_links_note(script_links) {
        report.attention.push(format!("{target}: {note}"));
    }
    for tag in &converted_body.unconverted {
        report.attention.push(format!(
            "{target}: `{tag}` has no equivalent in salve; rewrite it"
        ));
    }
    if mapped.image_without_alt {
        report.attention.push(format!(
            "{target}: the image has no text alternative; write `image_alt`"
        ));
    }
    let stem = document.stem();
    let folder = document.bundle_folder();
    let field = |key: &str| mapped.front.get(key).and_then(Value::as_str);
    let old_url = mapped.old_url.clone().unwrap_or_else(|| {
        sources::old_url(
            generator,
            settings,
            &Addressed {
                stem: &stem,
                folder: folder.as_deref(),
                date: field("date"),
                title: field("title").unwrap_or_default(),
                slug: field("slug"),
                categories: &mapped.categories,
                section: &document.section,
            },
            document.collection,
        )
    });
    // A post without `date:` whose name starts with one keeps it, as salve reads it too.
    if document.collection == Collection::Posts
        && !mapped.front.contains_key("date")
        && !crate::content::is_dated_file_name(&document.stem())
    {
        mapped
            .front
            .insert("date".into(), modified_date(&document.path).into());
    }
    Ok(Some(Pending {
        files: bundle_files(document, &from_dir),
        target,
        front: mapped.front,
        body,
        old_url,
        collection: document.collection,
    }))
}

/// A file's modification day, as `YYYY-MM-DD`: Jekyll's date for a draft that names none.
fn modified_date(path: &Path) -> String {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| jiff::Timestamp::try_from(modified).ok())
        .unwrap_or_else(jiff::Timestamp::now)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

/// Reads a converted document back as salve reads it: what salve rejects goes to the report
/// (the document is written all the same, for a person to fix), and the old address becomes
/// an alias when it differs from the new one.
fn finish(document: Pending, config: &Config, report: &mut ImportReport) -> Result<Converted> {
    let text = document_text(&document.front, &document.body)?;
    let folder_path = document
        .target
        .split_once('/')
        .map_or(document.target.as_str(), |(_, rest)| rest)
        .to_owned();
    let read = parse_reporting_all(
        document.collection,
        PathBuf::from(&document.target),
        folder_path,
        text.clone().into_bytes(),
        config,
    );
    let (text, aliased, redirects) = match read {
        Ok(post) => {
            let (text, aliased) =
                with_alias(&post, &document.front, &document.old_url, &document.body)?;
            let mut redirects: Vec<(String, String)> = post
                .front
                .aliases
                .iter()
                .map(|alias| (alias.clone(), post.url.clone()))
                .collect();
            if aliased {
                redirects.push((document.old_url.clone(), post.url.clone()));
            }
            (text, aliased, redirects)
        }
        Err(errors) => {
            report
                .attention
                .extend(errors.iter().map(ToString::to_string));
            (text, false, Vec::new())
        }
    };
    Ok(Converted {
        target: document.target,
        text,
        files: document.files,
        collection: document.collection,
        aliased,
        redirects,
    })
}

/// The document's text with its old address added to `aliases` when it differs from the new,
/// and whether it was.
fn with_alias(post: &Post, front: &Mapping, old_url: &str, body: &str) -> Result<(String, bool)> {
    let same = |a: &str, b: &str| {
        let normal = |url: &str| {
            url.trim_end_matches("index.html")
                .trim_end_matches('/')
                .to_owned()
        };
        normal(a) == normal(b)
    };
    let mut front = front.clone();
    let listed = front
        .get("aliases")
        .and_then(Value::as_sequence)
        .is_some_and(|aliases| aliases.iter().any(|alias| alias.as_str() == Some(old_url)));
    let add =
        !same(old_url, &post.url) && !listed && crate::content::alias_output_file(old_url).is_ok();
    if add
        && let Value::Sequence(list) = front
            .entry("aliases".into())
            .or_insert_with(|| Value::Sequence(Vec::new()))
    {
        list.push(old_url.into());
    }
    Ok((document_text(&front, body)?, add))
}

/// A salve document: the front matter between `---` lines, then the body.
fn document_text(front: &Mapping, body: &str) -> Result<String> {
    let yaml = serde_yaml::to_string(front).context("writing the front matter")?;
    Ok(format!("---\n{yaml}---\n{}", body.trim_start_matches('\n')))
}

/// The front matter (YAML between `---`, or TOML between `+++`) and the body; `None` when the
/// file has none.
fn split_front_matter(text: &str) -> Result<Option<(Mapping, &str)>> {
    let text = text.trim_start_matches('\u{feff}');
    if let Some(json) = json_front_matter(text)? {
        return Ok(Some(json));
    }
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let rest = rest
            .trim_start_matches([' ', '\t'])
            .trim_start_matches('\r');
        let Some(rest) = rest.strip_prefix('\n') else {
            continue;
        };
        let close = format!("\n{fence}");
        let (header, body) = match rest.find(&close) {
            Some(at) => (&rest[..at], &rest[at + close.len()..]),
            None if rest.starts_with(fence) => ("", &rest[fence.len()..]),
            None => anyhow::bail!("the front matter has no closing `{fence}` line"),
        };
        let body = body.split_once('\n').map_or("", |(_, body)| body);
        let value: Value = if toml {
            let table: toml::Table =
                toml::from_str(header).context("the TOML front matter does not parse")?;
            toml_to_yaml(toml::Value::Table(table))
        } else if header.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            serde_yaml::from_str(header).context("the YAML front matter does not parse")?
        };
        return Ok(Some((
            value.as_mapping().cloned().unwrap_or_default(),
            body,
        )));
    }
    Ok(None)
}

/// Hugo's JSON front matter: an object at the very start of the file, the body after the
/// line it ends on. `None` when the file does not start with one (`{% include %}` is Liquid).
fn json_front_matter(text: &str) -> Result<Option<(Mapping, &str)>> {
    if !text.starts_with('{') {
        return Ok(None);
    }
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let header = match values.next() {
        Some(Ok(serde_json::Value::Object(header))) => header,
        Some(Err(error))
            if text[1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n') =>
        {
            return Err(error).context("the JSON front matter does not parse");
        }
        _ => return Ok(None),
    };
    let rest = &text[values.byte_offset()..];
    let body = rest.split_once('\n').map_or("", |(_, body)| body);
    let header = serde_yaml::to_value(header).context("the JSON front matter does not parse")?;
    Ok(Some((
        header.as_mapping().cloned().unwrap_or_default(),
        body,
    )))
}

/// A TOML value as YAML; dates and times become text, as salve reads them.
pub(crate) fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => text.into(),
        toml::Value::Integer(number) => number.into(),
        toml::Value::Float(number) => number.into(),
        toml::Value::Boolean(flag) => flag.into(),
        toml::Value::Datetime(moment) => moment.to_string().into(),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(key, value)| (Value::from(key), toml_to_yaml(value)))
                .collect(),
        ),
    }
}

/// A link from a file in `from_dir` to `to`, both relative to the site.
fn relative_link(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut link = "../".repeat(from.len() - common);
    link.push_str(&to_parts[common..].join("/"));
    link
}

/// A bundle's files, each with where it goes: beside the document.
fn bundle_files(document: &Document, target_dir: &str) -> Vec<(PathBuf, String)> {
    document
        .bundle
        .iter()
        .filter_map(|file| {
            let name = file.file_name()?.to_string_lossy().into_owned();
            Some((file.clone(), format!("{target_dir}/{name}")))
        })
        .collect()
}

/// Counts what a dry run would write.
fn tally(converted: &[Converted], report: &mut ImportReport) {
    for document in converted {
        match document.collection {
            Collection::Posts => report.posts += 1,
            Collection::Pages => report.pages += 1,
        }
        report.files += document.files.len();
        report.aliases += usize::from(document.aliased);
    }
}

/// Writes the documents, their files, the static files, `salve.yaml` (for a new site) and
/// the report. Nothing that exists is overwritten.
fn write(
    options: &ImportOptions,
    config: &Config,
    settings: &Settings,
    people: &People,
    converted: &[Converted],
    report: &mut ImportReport,
) -> Result<()> {
    let into = &options.into;
    for document in converted {
        let path = into.join(&document.target);
        if path.exists() {
            report.skipped.push(document.target.clone());
            continue;
        }
        write_file(&path, document.text.as_bytes())?;
        match document.collection {
            Collection::Posts => report.posts += 1,
            Collection::Pages => report.pages += 1,
        }
        report.aliases += usize::from(document.aliased);
        for (source, target) in &document.files {
            report.files += usize::from(copy_new(source, &into.join(target), report)?);
        }
    }
    for dir in &settings.static_dirs {
        // Jekyll's `assets/` keeps its name under `static/`; Hugo's `static/` is `static/`.
        let name = dir
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        let target = match options.generator {
            Generator::Jekyll => config.static_dir.join(name.unwrap_or_default()),
            Generator::Hugo | Generator::Wix | Generator::WordPress => config.static_dir.clone(),
        };
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
            if entry.file_type().is_file() {
                let inside = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let destination = into.join(&target).join(inside);
                report.files += usize::from(copy_new(entry.path(), &destination, report)?);
            }
        }
    }
    if !into.join(CONFIG_FILE).exists() {
        write_file(
            &into.join(CONFIG_FILE),
            new_config(settings, people).as_bytes(),
        )?;
    }
    let redirects: Vec<&(String, String)> =
        converted.iter().flat_map(|doc| &doc.redirects).collect();
    let nginx = into.join(NGINX_REDIRECTS);
    if !redirects.is_empty() {
        if nginx.exists() {
            report.skipped.push(NGINX_REDIRECTS.to_owned());
        } else {
            write_file(&nginx, nginx_map(&redirects).as_bytes())?;
        }
    }
    report.check_summary = check_summary(into);
    let report_file = into.join("IMPORT-REPORT.md");
    std::fs::write(&report_file, report_text(options, report))
        .with_context(|| format!("failed to write `{}`", report_file.display()))?;
    report.report_file = Some(report_file);
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::fs::write_new(path, bytes).map(|_| ())
}

/// Copies a file unless its destination exists (then listed as skipped); whether it copied.
fn copy_new(source: &Path, destination: &Path, report: &mut ImportReport) -> Result<bool> {
    if destination.exists() {
        report.skipped.push(destination.display().to_string());
        return Ok(false);
    }
    crate::fs::copy_new(source, destination)?;
    Ok(true)
}

/// What `salve check` finds on the imported site, drafts included: its count by rule and its
/// total, the to-do list's headings. `None` when the site cannot be checked (the reasons are
/// in the report already: what salve could not read).
fn check_summary(root: &Path) -> Option<String> {
    let options = crate::check::CheckOptions {
        root: root.to_path_buf(),
        drafts: true,
        future: true,
        external: false,
        only: Vec::new(),
        skip: Vec::new(),
        today: None,
    };
    let report = crate::check::check(&options).ok()?;
    let text = crate::check::format_text(&report, false);
    let summary = text.trim_end().rsplit("\n\n").next()?.to_owned();
    Some(summary)
}

/// The nginx snippet of the old addresses, written beside `salve.yaml` (not published).
const NGINX_REDIRECTS: &str = "nginx-redirects.conf";

/// The old addresses as an nginx `map` of 301 redirects, for a site served by nginx (hosts that
/// read `_redirects` get the same from `salve build`).
fn nginx_map(redirects: &[&(String, String)]) -> String {
    let mut text = String::from(
        "# The old site's addresses, each with its new one, written by `salve import`.\n\
         # In nginx's `http` block:   include /path/to/nginx-redirects.conf;\n\
         # and in the site's `server`: if ($salve_redirect) { return 301 $salve_redirect; }\n\
         # Addresses are paths from the site's root: add the base path if the site has one.\n\
         map $uri $salve_redirect {\n",
    );
    for (from, to) in redirects {
        if !from.contains(char::is_whitespace) && !from.contains([';', '{', '}']) {
            let _ = writeln!(text, "    {from} {to};");
        }
    }
    text.push_str("}\n");
    text
}

/// The `salve.yaml` of a site made by an import: the old site's title, description, address
/// and language, and the authors met.
fn new_config(settings: &Settings, people: &People) -> String {
    let mut config = Mapping::new();
    let mut put = |key: &str, value: &Option<String>| {
        if let Some(value) = value {
            config.insert(key.into(), value.clone().into());
        }
    };
    put("title", &settings.title);
    put("description", &settings.description);
    let base_url = settings
        .base_url
        .as_ref()
        .filter(|url| url.starts_with("http"))
        .map(|url| format!("{}/", url.trim_end_matches('/')));
    put("base_url", &base_url);
    let language = settings
        .language
        .as_ref()
        .and_then(|tag| tag.split(['-', '_']).next().map(str::to_lowercase))
        .filter(|tag| tag.len() == 2);
    // With translations, the old site's default language leads `languages`, and `language`,
    // when given, must be that one.
    match settings.languages.first() {
        Some(default) => {
            put("language", &Some(default.clone()));
            let languages: Vec<Value> = settings
                .languages
                .iter()
                .map(|code| code.clone().into())
                .collect();
            config.insert("languages".into(), Value::Sequence(languages));
        }
        None => put("language", &language),
    }
    if !people.is_empty() {
        let people: Mapping = people
            .iter()
            .map(|(id, name)| {
                let mut person = Mapping::new();
                person.insert("name".into(), name.clone().into());
                (Value::from(id.clone()), Value::Mapping(person))
            })
            .collect();
        config.insert("people".into(), Value::Mapping(people));
    }
    let yaml = serde_yaml::to_string(&config).unwrap_or_default();
    format!("# Written by `salve import`; see README.md for every setting.\n{yaml}")
}

/// The report as Markdown.
fn report_text(options: &ImportOptions, report: &ImportReport) -> String {
    let mut text = format!(
        "# Import report\n\nImported from `{}` ({:?}): {} posts, {} pages, {} files copied, {} people added, {} old addresses kept as aliases.\n",
        options.from.display(),
        options.generator,
        report.posts,
        report.pages,
        report.files,
        report.people,
        report.aliases
    );
    let mut by_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in &report.attention {
        let (file, what) = line.split_once(": ").unwrap_or(("", line));
        by_file.entry(file).or_default().push(what);
    }
    if !by_file.is_empty() {
        text.push_str("\n## Needs a person\n\n");
        for (file, items) in by_file {
            let _ = writeln!(text, "- `{file}`");
            for item in items {
                let _ = writeln!(text, "  - {item}");
            }
        }
    }
    if !report.skipped.is_empty() {
        text.push_str("\n## Left alone (the site already had them)\n\n");
        for file in &report.skipped {
            let _ = writeln!(text, "- `{file}`");
        }
    }
    if let Some(summary) = &report.check_summary {
        text.push_str("\n## What `salve check` finds\n\n```text\n");
        text.push_str(summary);
        text.push_str("\n```\n");
    }
    text.push_str("\nNext: run `salve check`: it lists what to fix before publishing (medical reviewers, descriptions, images without text alternatives).\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: Hugo's JSON front matter was "no front matter; not imported".
    #[test]
    fn json_front_matter_is_read_and_liquid_is_not_taken_for_it() {
        let (front, body) =
            split_front_matter("{\n  \"title\": \"JSON\",\n  \"tags\": [\"a\"]\n}\nThe body.\n")
                .unwrap()
                .unwrap();
        assert_eq!(front.get("title").and_then(Value::as_str), Some("JSON"));
        assert_eq!(body, "The body.\n");
        assert!(
            split_front_matter("{% include x.html %}\nText\n")
                .unwrap()
                .is_none()
        );
        assert!(split_front_matter("{\n  \"title\": \n}\n").is_err());
    }

    #[test]
    fn relative_links_climb_only_as_far_as_needed() {
        assert_eq!(relative_link("posts", "posts/knee.md"), "knee.md");
        assert_eq!(
            relative_link("posts/a", "posts/knee/index.md"),
            "../knee/index.md"
        );
        assert_eq!(relative_link("pages", "posts/knee.md"), "../posts/knee.md");
    }

    #[test]
    fn front_matter_in_yaml_or_toml_is_read() {
        let (yaml, body) = split_front_matter("---\ntitle: A\n---\nText\n")
            .unwrap()
            .unwrap();
        assert_eq!(yaml.get("title").and_then(Value::as_str), Some("A"));
        assert_eq!(body, "Text\n");
        let (toml, body) =
            split_front_matter("+++\ntitle = \"B\"\ndate = 2021-06-02T10:00:00Z\n+++\nText\n")
                .unwrap()
                .unwrap();
        assert_eq!(toml.get("title").and_then(Value::as_str), Some("B"));
        assert_eq!(body, "Text\n");
        assert!(split_front_matter("No front matter\n").unwrap().is_none());
    }
}
