//! `salve check`: builds the site in memory (writing nothing) and inspects it the way a careful
//! editor, an accessibility auditor and a privacy officer would. What `salve build` would refuse
//! is reported too (rule `build`), and the rest of the site is inspected all the same. Each finding has a rule id, a
//! severity and a place: `file:line:column` in the Markdown source when it comes from a post,
//! else in the built page.

mod external;
mod images;
mod notices;
mod pages;
mod posts;
mod prose;
pub mod readability;
mod translations;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::build::{load_config, render_site, selection};
use crate::config::{RuleId, RuleSeverity};
use crate::diagnostics::count;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Reported; fails the check only with `--strict`.
    Warning,
}

/// A rule: its id, default severity and what it looks for.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The id used in output, `--rule`, `--skip` and `rules:` in salve.yaml.
    pub id: RuleId,
    /// Severity unless salve.yaml says otherwise.
    pub severity: Severity,
    /// One line about the rule.
    pub summary: &'static str,
}

/// Every rule `salve check` knows.
pub const RULES: [Rule; 21] = [
    Rule {
        id: RuleId::Build,
        severity: Severity::Error,
        summary: "the site builds: every error `salve build` would report",
    },
    Rule {
        id: RuleId::Links,
        severity: Severity::Error,
        summary: "internal links and assets lead to a built file, and #fragments to an id there",
    },
    Rule {
        id: RuleId::ExternalLinks,
        severity: Severity::Error,
        summary: "external links answer (only with --external)",
    },
    Rule {
        id: RuleId::Privacy,
        severity: Severity::Error,
        summary: "no page loads anything from another origin unless privacy.allow lists it",
    },
    Rule {
        id: RuleId::ImageAlt,
        severity: Severity::Error,
        summary: "images have a text alternative",
    },
    Rule {
        id: RuleId::LinkText,
        severity: Severity::Warning,
        summary: "links say where they lead (no empty text, no \"click here\")",
    },
    Rule {
        id: RuleId::HeadingH1,
        severity: Severity::Warning,
        summary: "a post's body uses no `#` heading: the page's title is its h1 (salve moves such a body's headings down a level)",
    },
    Rule {
        id: RuleId::HeadingOrder,
        severity: Severity::Warning,
        summary: "headings in a post do not skip levels",
    },
    Rule {
        id: RuleId::TableHeader,
        severity: Severity::Warning,
        summary: "tables have a header row",
    },
    Rule {
        id: RuleId::Readability,
        severity: Severity::Warning,
        summary: "posts read at or below readability.max_grade",
    },
    Rule {
        id: RuleId::ReviewAge,
        severity: Severity::Warning,
        summary: "posts were medically reviewed within review.max_age_months",
    },
    Rule {
        id: RuleId::Reviewer,
        severity: Severity::Warning,
        summary: "posts name a medical reviewer",
    },
    Rule {
        id: RuleId::Claims,
        severity: Severity::Warning,
        summary: "no risky advertising wording (cure, guaranteed, miracle, ...)",
    },
    Rule {
        id: RuleId::Description,
        severity: Severity::Warning,
        summary: "posts have a description of at most 160 characters",
    },
    Rule {
        id: RuleId::DuplicateTitle,
        severity: Severity::Error,
        summary: "no two posts share a title",
    },
    Rule {
        id: RuleId::Placeholder,
        severity: Severity::Warning,
        summary: "no post still holds the text `salve new` wrote",
    },
    Rule {
        id: RuleId::TemplateSyntax,
        severity: Severity::Warning,
        summary: "no Liquid (`{% ... %}`) or Hugo shortcode (`{{< ... >}}`) left in a post",
    },
    Rule {
        id: RuleId::Tags,
        severity: Severity::Warning,
        summary: "posts have at least one tag",
    },
    Rule {
        id: RuleId::Notices,
        severity: Severity::Warning,
        summary: "the notices in `notices` have pages, completed, linked from every page's footer",
    },
    Rule {
        id: RuleId::ImageMetadata,
        severity: Severity::Warning,
        summary: "no source image holds a GPS position (salve publishes none, but the originals still have it)",
    },
    Rule {
        id: RuleId::Translations,
        severity: Severity::Warning,
        summary: "translations are as new as their originals, and every theme string has a text in each language",
    },
];

/// What `salve check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Include posts dated in the future.
    pub future: bool,
    /// Also check external links over the network.
    pub external: bool,
    /// Only these rules (all when empty).
    pub only: Vec<RuleId>,
    /// Not these rules.
    pub skip: Vec<RuleId>,
    /// The day review freshness is judged on (today when `None`): pins CI runs of content
    /// whose reviews age with the calendar.
    pub today: Option<jiff::civil::Date>,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: RuleId,
    /// Its severity (after salve.yaml's overrides).
    pub severity: Severity,
    /// The file, relative to the site root: a post's Markdown or a built page.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// The outcome of a check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Findings, sorted by file, line and column.
    pub findings: Vec<Finding>,
    /// Pages inspected.
    pub pages: usize,
    /// Posts inspected.
    pub posts: usize,
}

impl Report {
    /// Number of findings per rule id.
    pub fn per_rule(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.rule.as_str()).or_default() += 1;
        }
        counts
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// A finding before its severity is settled.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    rule: RuleId,
    file: String,
    line: usize,
    column: usize,
    message: String,
}

impl Raw {
    fn new(
        rule: RuleId,
        file: impl Into<String>,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Builds the site in memory and runs the selected rules.
pub fn check(options: &CheckOptions) -> crate::diagnostics::Result<Report> {
    let config = load_config(&options.root, None)?;
    let (rendered, build_errors) = render_site(
        &options.root,
        config,
        selection(options.drafts, options.future),
    )?;
    let site = rendered.site();
    let sites: Vec<&crate::site::Site> = rendered
        .languages
        .iter()
        .map(|language| &language.site)
        .collect();
    let enabled = |id: RuleId| {
        (options.only.is_empty() || options.only.contains(&id))
            && !options.skip.contains(&id)
            && site.config.rules.get(&id) != Some(&RuleSeverity::Off)
            && (id != RuleId::ExternalLinks || options.external)
    };
    let output_dir = site.config.output_dir.to_string_lossy().replace('\\', "/");
    let mut raw: Vec<Raw> = build_errors
        .into_iter()
        .filter(|_| enabled(RuleId::Build))
        .map(|error| {
            let file = error.path.to_string_lossy().replace('\\', "/");
            Raw::new(
                RuleId::Build,
                file,
                (error.line, error.column),
                error.message,
            )
        })
        .collect();
    if [
        RuleId::Links,
        RuleId::Privacy,
        RuleId::ExternalLinks,
        RuleId::Notices,
    ]
    .into_iter()
    .any(enabled)
    {
        let pages = pages::inspect(&sites, &rendered.outputs, &output_dir);
        raw.extend(pages.findings.into_iter().filter(|f| enabled(f.rule)));
        if enabled(RuleId::ExternalLinks) {
            raw.extend(external::check(&options.root, &pages.external_links));
        }
    }
    if enabled(RuleId::Notices) {
        raw.extend(notices::check(&sites, &rendered.outputs));
    }
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    raw.extend(source_findings(&sites, &options.root, today, &enabled));

    let mut findings: Vec<Finding> = raw
        .into_iter()
        .map(|f| {
            let severity = match site.config.rules.get(&f.rule) {
                Some(RuleSeverity::Error) => Severity::Error,
                Some(RuleSeverity::Warning) => Severity::Warning,
                _ => RULES
                    .iter()
                    .find(|r| r.id == f.rule)
                    .map_or(Severity::Error, |r| r.severity),
            };
            Finding {
                rule: f.rule,
                severity,
                file: f.file,
                line: f.line,
                column: f.column,
                message: f.message,
            }
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule.as_str()).cmp(&(
            &b.file,
            b.line,
            b.column,
            b.rule.as_str(),
        ))
    });
    findings.dedup();
    Ok(Report {
        findings,
        pages: pages::count(&rendered.outputs),
        posts: sites.iter().map(|site| site.posts.len()).sum(),
    })
}

/// The findings about the posts and pages as written, in every language: their images, their
/// prose, their front matter and their translations.
fn source_findings(
    sites: &[&crate::site::Site],
    root: &std::path::Path,
    today: jiff::civil::Date,
    enabled: &dyn Fn(RuleId) -> bool,
) -> Vec<Raw> {
    let mut raw = Vec::new();
    for site in sites {
        if enabled(RuleId::ImageMetadata) {
            raw.extend(images::check(site, root));
        }
        if prose::RULES.into_iter().any(enabled) {
            raw.extend(prose::check(site));
        }
        raw.extend(posts::check(site, today));
    }
    if enabled(RuleId::Translations) {
        raw.extend(translations::check(sites));
    }
    raw.retain(|finding| enabled(finding.rule));
    raw
}

/// The report for a terminal: findings grouped by file, then a count per rule. With `color`,
/// severities are coloured.
pub fn format_text(report: &Report, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for finding in &report.findings {
        if current != Some(finding.file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", paint("1", &finding.file));
            current = Some(&finding.file);
        }
        let severity = match finding.severity {
            Severity::Error => paint("31;1", "error"),
            Severity::Warning => paint("33;1", "warning"),
        };
        let _ = writeln!(
            out,
            "  {}:{}:{}: {severity}[{}]: {}",
            finding.file, finding.line, finding.column, finding.rule, finding.message
        );
    }
    let per_rule = report.per_rule();
    if !per_rule.is_empty() {
        out.push('\n');
        for (rule, count) in &per_rule {
            let _ = writeln!(out, "{count:>5}  {rule}");
        }
    }
    let _ = writeln!(
        out,
        "{}, {} in {} and {}",
        count(report.count(Severity::Error), "error", "errors"),
        count(report.count(Severity::Warning), "warning", "warnings"),
        count(report.posts, "post", "posts"),
        count(report.pages, "page", "pages"),
    );
    out
}

/// The report as JSON (schema version 1, documented in the README).
pub fn format_json(report: &Report) -> String {
    let per_rule = report.per_rule();
    let document = serde_json::json!({
        "version": 1,
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "posts": report.posts,
            "pages": report.pages,
            "by_rule": per_rule,
        },
        "findings": report.findings,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// A post's Markdown file as findings name it.
fn post_file(post: &crate::site::RenderedPost) -> String {
    post.post
        .source
        .display_path
        .to_string_lossy()
        .replace('\\', "/")
}

/// `line:column` of a byte offset in a post's whole file.
fn post_position(post: &crate::site::RenderedPost, body_offset: usize) -> (usize, usize) {
    crate::diagnostics::line_column(
        &post.post.source.text,
        post.post.source.body_start + body_offset,
    )
}

/// The place in a post's source where `needle` first appears, else its first line.
fn find_in_post(post: &crate::site::RenderedPost, needle: &str) -> (usize, usize) {
    post.post.source.text.find(needle).map_or((1, 1), |offset| {
        crate::diagnostics::line_column(&post.post.source.text, offset)
    })
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::config::RuleId;

    /// Every rule id salve.yaml and `--rule` accept has exactly one entry in the table of
    /// severities and summaries, in the same order.
    #[test]
    fn every_rule_id_has_one_rule() {
        let ids: Vec<RuleId> = RULES.iter().map(|rule| rule.id).collect();
        assert_eq!(ids, RuleId::ALL);
    }
}
