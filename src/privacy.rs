//! The privacy promise: a salve site makes the browser fetch nothing from another website
//! unless `privacy.allow` names it. This module finds what a piece of HTML makes the browser
//! fetch (scripts, images, frames, media, stylesheets, fonts through CSS, SVG images, form
//! targets, a `<base>` or a refresh elsewhere) and which of it goes to another origin. `salve
//! build` refuses such requests in posts; `salve check`'s `privacy` rule looks for them on
//! every built page with the same reader.

use rayon::prelude::*;
use scraper::{Html, Selector};

use crate::diagnostics::ContentError;
use crate::markdown::Fetching;
use crate::site::Site;

/// One URL in a piece of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `a`, `img`, `link`, `div style`, ...
    pub element: String,
    /// The URL as written.
    pub value: String,
    /// Whether the browser fetches it by itself (as opposed to a link the reader may follow).
    pub fetched: bool,
}

const LINK_RELS_NOT_FETCHED: [&str; 5] = ["canonical", "alternate", "me", "author", "license"];

/// Every URL of a document or fragment: what the browser fetches, and the links of `<a>`.
pub fn references(document: &Html) -> Vec<Reference> {
    let mut references = Vec::new();
    let fetched_by = [
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("iframe[src]", "src"),
        ("frame[src]", "src"),
        ("embed[src]", "src"),
        ("video[src]", "src"),
        ("video[poster]", "poster"),
        ("audio[src]", "src"),
        ("source[src]", "src"),
        ("track[src]", "src"),
        ("object[data]", "data"),
        ("form[action]", "action"),
    ];
    for (css, attribute) in fetched_by {
        for element in document.select(&selector(css)) {
            if let Some(value) = element.value().attr(attribute) {
                references.push(Reference {
                    element: element.value().name().to_owned(),
                    value: value.to_owned(),
                    fetched: true,
                });
            }
        }
    }
    for element in document.select(&selector("[srcset]")) {
        for candidate in element
            .value()
            .attr("srcset")
            .unwrap_or_default()
            .split(',')
        {
            if let Some(url) = candidate.split_whitespace().next() {
                references.push(Reference {
                    element: element.value().name().to_owned(),
                    value: url.to_owned(),
                    fetched: true,
                });
            }
        }
    }
    for element in document.select(&selector("link[href]")) {
        let rel = element.value().attr("rel").unwrap_or_default();
        let fetched = !rel
            .split_whitespace()
            .any(|r| LINK_RELS_NOT_FETCHED.contains(&r));
        references.push(Reference {
            element: "link".to_owned(),
            value: element.value().attr("href").unwrap_or_default().to_owned(),
            fetched,
        });
    }
    references.extend(css_references(document));
    references.extend(svg_and_head_references(document));
    for element in document.select(&selector("a[href]")) {
        references.push(Reference {
            element: "a".to_owned(),
            value: element.value().attr("href").unwrap_or_default().to_owned(),
            fetched: false,
        });
    }
    references
}

/// The origins `privacy.allow` names (`https://cdn.example`), as URLs serialise them.
pub fn allowed_origins(site: &Site) -> Vec<String> {
    site.config
        .privacy
        .allow
        .iter()
        .filter_map(|url| url::Url::parse(&url.0).ok())
        .map(|url| url.origin().ascii_serialization())
        .collect()
}

/// Why a request to another origin matters, and what to do.
pub fn message(element: &str, url: &url::Url, origin: &str) -> String {
    format!(
        "<{element}> loads {url} from {origin}: every visit would tell {origin} the reader's address and the page they read, \
         which on a clinic's site often names a condition. Serve the file from this site, or, after checking the \
         provider's privacy terms, allow the origin in salve.yaml under privacy.allow"
    )
}

/// Every request a post's body makes to another origin that `privacy.allow` does not name, at
/// its place in the post: raw HTML (an `<iframe>` pasted from a video site, a `<script>`, CSS
/// `url()`) and Markdown images with another site's address.
pub fn third_party_requests(site: &Site) -> Vec<ContentError> {
    let allowed = allowed_origins(site);
    let own = site.urls.origin.as_str();
    site.posts
        .par_iter()
        .chain(&site.pages)
        .filter(|post| !post.markdown.fetching.is_empty())
        .flat_map_iter(|post| {
            let page = url::Url::parse("http://site.invalid/")
                .and_then(|root| root.join(&post.post.url))
                .ok();
            let allowed = &allowed;
            post.markdown
                .fetching
                .iter()
                .flat_map(fetched_by)
                .filter_map(move |(at, reference)| {
                    let url = page.as_ref()?.join(reference.value.trim()).ok()?;
                    let elsewhere = url.host_str() != Some("site.invalid")
                        && matches!(url.scheme(), "http" | "https");
                    let origin = url.origin().ascii_serialization();
                    (elsewhere && origin != own && !allowed.contains(&origin)).then(|| {
                        post.post
                            .source
                            .body_error(at, message(&reference.element, &url, &origin))
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every link or address in a body's raw HTML that runs code when followed or loaded
/// (`<a href="javascript:…">`, a form's `action`), at its place in the body. Markdown links of
/// that kind are refused where the Markdown is rendered.
pub fn script_links(site: &Site) -> Vec<ContentError> {
    site.posts
        .par_iter()
        .chain(&site.pages)
        .filter(|post| !post.markdown.fetching.is_empty())
        .flat_map_iter(|post| {
            post.markdown
                .fetching
                .iter()
                .flat_map(|fetching| match fetching {
                    Fetching::Html { offset, html } => html_references(*offset, html),
                    Fetching::Image { .. } => Vec::new(),
                })
                .filter(|(_, reference)| crate::html::runs_script(&reference.value))
                .map(|(at, reference)| {
                    let what = format!("<{}> address", reference.element);
                    let problem = crate::html::script_link_problem(&what, &reference.value);
                    post.post.source.body_error(at, problem)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What one piece of a body makes the browser fetch, each with its offset in the body.
fn fetched_by(fetching: &Fetching) -> Vec<(usize, Reference)> {
    match fetching {
        Fetching::Image { offset, url } => vec![(
            *offset,
            Reference {
                element: "img".to_owned(),
                value: url.clone(),
                fetched: true,
            },
        )],
        Fetching::Html { offset, html } => html_references(*offset, html)
            .into_iter()
            .filter(|(_, reference)| reference.fetched)
            .collect(),
    }
}

/// Every URL of a piece of a body's raw HTML that starts at `offset`, each with its offset in
/// the body.
fn html_references(offset: usize, html: &str) -> Vec<(usize, Reference)> {
    references(&Html::parse_fragment(html))
        .into_iter()
        .map(|reference| {
            let at = html.find(reference.value.trim()).unwrap_or_default();
            (offset + at, reference)
        })
        .collect()
}

/// What CSS makes the browser fetch: `url(...)`, `@import` and `image-set(...)` in `<style>`
/// elements and `style` attributes, read with a CSS tokenizer (comments, escapes and nesting
/// handled as browsers do).
fn css_references(document: &Html) -> Vec<Reference> {
    let mut references = Vec::new();
    for element in document.select(&selector("style")) {
        let css: String = element.text().collect();
        references.extend(css_urls(&css).into_iter().map(|value| Reference {
            element: "style".to_owned(),
            value,
            fetched: true,
        }));
    }
    for element in document.select(&selector("[style]")) {
        let css = element.value().attr("style").unwrap_or_default();
        let name = format!("{} style", element.value().name());
        references.extend(css_urls(css).into_iter().map(|value| Reference {
            element: name.clone(),
            value,
            fetched: true,
        }));
    }
    references
}

/// What SVG (`<image href>`, `<use href>`, `<feImage href>`, also as `xlink:href`), `<base
/// href>` and `<meta http-equiv="refresh">` make the browser load without a click.
fn svg_and_head_references(document: &Html) -> Vec<Reference> {
    let mut references = Vec::new();
    for element in document.select(&selector("*")) {
        let element = element.value();
        let name = element.name();
        let href = || {
            element
                .attrs()
                .find(|(attribute, _)| *attribute == "href" || attribute.ends_with(":href"))
                .map(|(_, value)| value.to_owned())
        };
        let value = match name {
            "image" | "use" | "feImage" | "feimage" | "base" => href(),
            "meta"
                if element
                    .attr("http-equiv")
                    .is_some_and(|value| value.eq_ignore_ascii_case("refresh")) =>
            {
                element.attr("content").and_then(refresh_target)
            }
            _ => None,
        };
        if let Some(value) = value {
            references.push(Reference {
                element: name.to_owned(),
                value,
                fetched: true,
            });
        }
    }
    references
}

/// The address of `<meta http-equiv="refresh" content="0; url=...">`.
fn refresh_target(content: &str) -> Option<String> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let url = rest
        .get(..4)
        .filter(|prefix| prefix.eq_ignore_ascii_case("url="))
        .map_or(rest, |_| &rest[4..]);
    let url = url.trim().trim_matches(['"', '\'']);
    (!url.is_empty()).then(|| url.to_owned())
}

/// The URLs a piece of CSS fetches.
fn css_urls(css: &str) -> Vec<String> {
    let mut input = cssparser::ParserInput::new(css);
    let mut parser = cssparser::Parser::new(&mut input);
    let mut urls = Vec::new();
    collect_css_urls(&mut parser, false, &mut urls);
    urls
}

/// Walks the tokens of `parser` and the blocks inside them; `strings_are_urls` inside
/// `url("...")` and `image-set("..." 1x)`, and right after `@import`.
fn collect_css_urls(
    parser: &mut cssparser::Parser<'_, '_>,
    strings_are_urls: bool,
    urls: &mut Vec<String>,
) {
    use cssparser::Token;
    let mut after_import = false;
    while let Ok(token) = parser.next() {
        let token = token.clone();
        let nested = match &token {
            Token::UnquotedUrl(url) => {
                urls.push(url.to_string());
                None
            }
            Token::QuotedString(text) if strings_are_urls || after_import => {
                urls.push(text.to_string());
                None
            }
            Token::Function(name) => Some(
                ["url", "src", "image-set", "-webkit-image-set"]
                    .iter()
                    .any(|fetching| name.eq_ignore_ascii_case(fetching)),
            ),
            Token::CurlyBracketBlock | Token::SquareBracketBlock | Token::ParenthesisBlock => {
                Some(false)
            }
            _ => None,
        };
        after_import =
            matches!(&token, Token::AtKeyword(name) if name.eq_ignore_ascii_case("import"));
        if let Some(strings_are_urls) = nested {
            let _ = parser.parse_nested_block(|block| {
                collect_css_urls(block, strings_are_urls, urls);
                Ok::<(), cssparser::ParseError<'_, ()>>(())
            });
        }
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| unreachable!("the selectors here are valid: {css}"))
}
