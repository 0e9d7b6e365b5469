//! Rules over the built pages: every internal link and asset leads to a built file and every
//! `#fragment` to an id on its page (`links`), and nothing is loaded from another origin
//! (`privacy`). External links are collected for `--external`. The footer of every page links
//! to each notice of `notices` (`notices`).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use scraper::{Html, Selector};

use super::{Raw, find_in_post, post_file};
use crate::config::RuleId;
use crate::files::{Contents, Output};
use crate::privacy::Reference;
use crate::site::{RenderedPost, Site};

/// What the pages hold.
pub(super) struct Pages {
    /// Findings of the `links` and `privacy` rules.
    pub findings: Vec<Raw>,
    /// External links (`a href`), with where each was first seen.
    pub external_links: Vec<(String, Raw)>,
}

/// A page's findings, and its external links with where they are.
type PageResult = (Vec<Located>, Vec<(String, Located)>);

/// The built pages of a site, whichever rules run.
pub(super) fn count(outputs: &[Output]) -> usize {
    outputs
        .iter()
        .filter(|output| is_html(&output.path))
        .count()
}

fn is_html(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("html"))
}

/// A finding with what it is about, to drop repeats.
struct Located {
    raw: Raw,
    value: String,
    in_post: bool,
}

/// One page, parsed.
struct Parsed<'a> {
    path: &'a str,
    html: &'a str,
    ids: HashSet<String>,
    references: Vec<Reference>,
    /// The `href` of every link in the page's `<footer>`s.
    footer_links: Vec<String>,
}

pub(super) fn inspect(sites: &[&Site], outputs: &[Output], output_dir: &str) -> Pages {
    let site = sites[0];
    let files: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let parsed: Vec<Parsed> = outputs
        .par_iter()
        .filter_map(|output| match &output.contents {
            Contents::Bytes(bytes) if is_html(&output.path) => std::str::from_utf8(bytes)
                .ok()
                .map(|html| parse(&output.path, html)),
            _ => None,
        })
        .collect();
    let ids: HashMap<&str, &HashSet<String>> =
        parsed.iter().map(|page| (page.path, &page.ids)).collect();
    let post_pages: HashMap<&str, &RenderedPost> = sites
        .iter()
        .flat_map(|site| site.posts.iter().chain(&site.pages))
        .map(|post| (post.post.output_file.as_str(), post))
        .collect();
    let allowed = crate::privacy::allowed_origins(site);
    // A page may link to a notice in any language: a Spanish page's footer to the Spanish
    // version, when there is one.
    let notices: Vec<(Vec<String>, String)> = site
        .config
        .notices()
        .into_iter()
        .map(|notice| {
            let links = sites
                .iter()
                .map(|site| site.urls.path(&site.translated_site_path(&notice.0)))
                .collect();
            (links, notice.0)
        })
        .collect();
    let context = Context {
        notices: &notices,
        site,
        files: &files,
        ids: &ids,
        post_pages: &post_pages,
        allowed: &allowed,
        output_dir,
    };

    let results: Vec<PageResult> = parsed
        .par_iter()
        .map(|page| context.check_page(page))
        .collect();
    let mut located = Vec::new();
    let mut external: HashMap<String, Located> = HashMap::new();
    let mut notices_reported = HashSet::new();
    for (page_findings, page_external) in results {
        located.extend(page_findings.into_iter().filter(|finding| {
            finding.raw.rule != RuleId::Notices || notices_reported.insert(finding.value.clone())
        }));
        for (url, place) in page_external {
            // The place in a post's Markdown beats a list page that repeats its summary.
            let entry = external.entry(url).or_insert_with(|| Located {
                raw: place.raw.clone(),
                value: place.value.clone(),
                in_post: place.in_post,
            });
            if place.in_post && !entry.in_post {
                *entry = place;
            }
        }
    }
    // A post's summary repeats its links on list pages: a problem already traced to a post's
    // Markdown is not reported again for every page that shows the summary.
    let in_posts: HashSet<(RuleId, String)> = located
        .iter()
        .filter(|l| l.in_post)
        .map(|l| (l.raw.rule, l.value.clone()))
        .collect();
    let findings = located
        .into_iter()
        .filter(|l| l.in_post || !in_posts.contains(&(l.raw.rule, l.value.clone())))
        .map(|l| l.raw)
        .collect();
    let mut external_links: Vec<(String, Raw)> = external
        .into_iter()
        .map(|(url, place)| (url, place.raw))
        .collect();
    external_links.sort_by(|a, b| a.0.cmp(&b.0));
    Pages {
        findings,
        external_links,
    }
}

fn parse<'a>(path: &'a str, html: &'a str) -> Parsed<'a> {
    let document = Html::parse_document(html);
    let ids = document
        .select(&selector("[id]"))
        .filter_map(|e| e.value().attr("id").map(str::to_owned))
        .collect();
    let references = crate::privacy::references(&document);
    let footer_links = document
        .select(&selector("footer a[href]"))
        .filter_map(|link| link.value().attr("href").map(str::to_owned))
        .collect();
    Parsed {
        path,
        html,
        ids,
        references,
        footer_links,
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| unreachable!("the selectors here are valid: {css}"))
}

struct Context<'a> {
    site: &'a Site,
    files: &'a HashSet<&'a str>,
    ids: &'a HashMap<&'a str, &'a HashSet<String>>,
    post_pages: &'a HashMap<&'a str, &'a RenderedPost>,
    allowed: &'a [String],
    output_dir: &'a str,
    /// Each notice's link paths (with the base path) in each language, and its site path as
    /// configured.
    notices: &'a [(Vec<String>, String)],
}

impl Context<'_> {
    fn check_page(&self, page: &Parsed) -> PageResult {
        let base = url::Url::parse("http://site.invalid/")
            .and_then(|root| root.join(&self.site.urls.path(&format!("/{}", page.path))));
        let Ok(base) = base else {
            return (Vec::new(), Vec::new());
        };
        let mut findings = self.unlinked_notices(page, &base);
        let mut external = Vec::new();
        for reference in &page.references {
            let value = reference.value.trim();
            if value.is_empty()
                || ["mailto:", "tel:", "data:", "javascript:", "sms:"]
                    .iter()
                    .any(|scheme| value.to_ascii_lowercase().starts_with(scheme))
            {
                continue;
            }
            let Ok(url) = base.join(value) else {
                findings.push(self.place(
                    page,
                    RuleId::Links,
                    value,
                    format!("`{value}` is not a valid URL"),
                ));
                continue;
            };
            if url.host_str() != Some("site.invalid") {
                if reference.fetched {
                    self.privacy(page, reference, &url, &mut findings);
                } else if reference.element == "a" && matches!(url.scheme(), "http" | "https") {
                    external.push((
                        url.to_string(),
                        self.place(page, RuleId::ExternalLinks, value, String::new()),
                    ));
                }
                continue;
            }
            if let Some(problem) = self.internal_problem(&url) {
                findings.push(self.place(page, RuleId::Links, value, problem));
            }
        }
        (findings, external)
    }

    /// The notices of `notices` the page's footer does not link to: one finding each, at the
    /// page. A theme that leaves them out leaves them out of every page; [`inspect`] keeps the
    /// first page of each.
    fn unlinked_notices(&self, page: &Parsed, base: &url::Url) -> Vec<Located> {
        // Redirects and the search page's index are pages no reader stays on.
        if page.html.contains("http-equiv=\"refresh\"") {
            return Vec::new();
        }
        let linked: HashSet<String> = page
            .footer_links
            .iter()
            .filter_map(|href| base.join(href).ok())
            .map(|url| url.path().to_owned())
            .collect();
        self.notices
            .iter()
            .filter(|(links, _)| !links.iter().any(|link| linked.contains(link)))
            .map(|(_, notice)| {
                let file = format!("{}/{}", self.output_dir, page.path);
                Located {
                    raw: Raw::new(
                        RuleId::Notices,
                        file,
                        (1, 1),
                        format!(
                            "the footer has no link to the notice `{notice}`; give its page `menu: footer`, or add it to `footer_menu` in salve.yaml (every page of the site lacking it is reported under this one)"
                        ),
                    ),
                    value: format!("notice {notice}"),
                    in_post: false,
                }
            })
            .collect()
    }

    /// Why an internal URL leads nowhere, if it does.
    fn internal_problem(&self, url: &url::Url) -> Option<String> {
        let base_path = &self.site.urls.base_path;
        let Some(inside) = url
            .path()
            .strip_prefix(base_path.as_str())
            .or_else(|| (url.path() == base_path.trim_end_matches('/')).then_some(""))
        else {
            return Some(format!(
                "`{}` is outside the site's base path `{base_path}`",
                url.path()
            ));
        };
        let decoded = percent_encoding::percent_decode_str(inside)
            .decode_utf8_lossy()
            .into_owned();
        let Some(file) =
            crate::pages::file_for_site_path(&decoded, |path| self.files.contains(path))
        else {
            return Some(format!(
                "`{}` leads to no page or file of the site",
                url.path()
            ));
        };
        let fragment = url.fragment().filter(|f| !f.is_empty())?;
        let ids = self.ids.get(file.as_str())?;
        (!ids.contains(fragment)).then(|| {
            format!(
                "`{}#{fragment}`: that page has no element with the id `{fragment}`",
                url.path()
            )
        })
    }

    fn privacy(
        &self,
        page: &Parsed,
        reference: &Reference,
        url: &url::Url,
        findings: &mut Vec<Located>,
    ) {
        let origin = url.origin().ascii_serialization();
        if self.allowed.contains(&origin) {
            return;
        }
        findings.push(self.place(
            page,
            RuleId::Privacy,
            &reference.value,
            crate::privacy::message(&reference.element, url, &origin),
        ));
    }

    /// A finding about `value`: in the post's Markdown when it is written there, else in the
    /// built page.
    fn place(&self, page: &Parsed, rule: RuleId, value: &str, message: String) -> Located {
        if let Some(&post) = self.post_pages.get(page.path)
            && post.post.source.text.contains(value)
        {
            {
                return Located {
                    raw: Raw::new(rule, post_file(post), find_in_post(post, value), message),
                    value: value.to_owned(),
                    in_post: true,
                };
            }
        }
        let escaped = crate::html::escape(value);
        let offset = page
            .html
            .find(&format!("\"{escaped}\""))
            .map_or(0, |offset| offset + 1);
        let file = format!("{}/{}", self.output_dir, page.path);
        let raw = Raw::new(
            rule,
            file,
            crate::diagnostics::line_column(page.html, offset),
            format!("{message} (in the built page)"),
        );
        Located {
            raw,
            value: value.to_owned(),
            in_post: false,
        }
    }
}
