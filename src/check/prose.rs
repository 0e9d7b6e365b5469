//! Rules over each post's Markdown, read event by event so that every finding points at its
//! line: images without alt text, vague or empty link text, `#` headings and skipped heading
//! levels, tables without a header row, risky advertising claims, and the reading level.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::readability::{self, Language};
use super::{Raw, post_file, post_position};
use crate::config::RuleId;
use crate::site::{RenderedPost, Site};

/// The rules this module checks.
pub(super) const RULES: [RuleId; 8] = [
    RuleId::TemplateSyntax,
    RuleId::ImageAlt,
    RuleId::LinkText,
    RuleId::HeadingH1,
    RuleId::HeadingOrder,
    RuleId::TableHeader,
    RuleId::Readability,
    RuleId::Claims,
];

/// Link texts that do not say where a link leads.
const VAGUE_LINK_TEXTS: [&str; 10] = [
    "click here",
    "here",
    "read more",
    "more",
    "this",
    "link",
    "this link",
    "learn more",
    "click",
    "go",
];

/// Advertising words that need strong evidence behind them (FTC Health Products Compliance
/// Guidance), in English and Spanish. salve.yaml's `claims.words` adds to these.
pub const CLAIM_WORDS: [&str; 23] = [
    "cure",
    "cures",
    "cured",
    "curing",
    "guaranteed",
    "guarantee",
    "miracle",
    "miraculous",
    "risk-free",
    "risk free",
    "no side effects",
    "100% effective",
    "fda-approved",
    "fda approved",
    "permanent relief",
    "clinically proven",
    "instant relief",
    "breakthrough",
    "cura",
    "milagro",
    "milagroso",
    "garantizado",
    "sin efectos secundarios",
];

/// Shortest text whose reading level is worth scoring.
const MIN_WORDS_FOR_READABILITY: usize = 30;

pub(super) fn check(site: &Site) -> Vec<Raw> {
    let extra: Vec<String> = site
        .config
        .claims
        .words
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    site.posts
        .par_iter()
        .chain(&site.pages)
        .flat_map_iter(|post| Walker::new(site, post, &extra).run())
        .collect()
}

struct Walker<'a> {
    post: &'a RenderedPost,
    language: Language,
    max_grade: f64,
    claims: Vec<String>,
    findings: Vec<Raw>,
    blocks: Vec<String>,
    block: String,
    block_start: Option<usize>,
    last_heading: u8,
    code: usize,
    table: usize,
    footnote: usize,
    heading: bool,
    image: Option<(usize, String, String)>,
    link: Option<(usize, String, String)>,
    header_cells: Option<Vec<String>>,
}

impl<'a> Walker<'a> {
    fn new(site: &'a Site, post: &'a RenderedPost, extra_claims: &[String]) -> Self {
        let tag = post
            .post
            .front
            .language
            .as_ref()
            .unwrap_or(&site.config.language);
        let allowed: Vec<String> = post
            .post
            .front
            .allow_claims
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        let claims = CLAIM_WORDS
            .iter()
            .map(|w| (*w).to_owned())
            .chain(extra_claims.iter().cloned())
            .filter(|w| !allowed.contains(w))
            .collect();
        Self {
            post,
            language: Language::from_tag(&tag.0),
            max_grade: site.config.readability.max_grade,
            claims,
            findings: Vec::new(),
            blocks: Vec::new(),
            block: String::new(),
            block_start: None,
            last_heading: 1,
            code: 0,
            table: 0,
            footnote: 0,
            heading: false,
            image: None,
            link: None,
            header_cells: None,
        }
    }

    fn run(mut self) -> Vec<Raw> {
        let body = self.post.post.source.body();
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let mut code = Vec::new();
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            if matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
                code.push(range.clone());
            }
            self.event(event, range.start);
        }
        self.template_syntax(body, &code);
        self.readability();
        self.findings
    }

    fn event(&mut self, event: Event, offset: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.heading_start(level, offset),
            Event::End(TagEnd::Heading(_)) => self.heading = false,
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code -= 1,
            Event::Start(Tag::Table(_)) => self.table += 1,
            Event::End(TagEnd::Table) => self.table -= 1,
            Event::Start(Tag::TableHead) => self.header_cells = Some(Vec::new()),
            Event::Start(Tag::TableCell) => {
                if let Some(cells) = &mut self.header_cells {
                    cells.push(String::new());
                }
            }
            Event::End(TagEnd::TableHead) => self.table_head_end(offset),
            Event::Start(Tag::FootnoteDefinition(_)) => self.footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => self.footnote -= 1,
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some((offset, dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Image) => self.image_end(),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some((offset, dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => self.link_end(),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                self.flush_block();
            }
            Event::Text(text) => self.text(&text, offset),
            Event::Code(_) | Event::SoftBreak | Event::HardBreak => self.text(" ", offset),
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(&html, offset),
            _ => {}
        }
    }

    fn heading_start(&mut self, level: HeadingLevel, offset: usize) {
        let level = level as u8;
        self.heading = true;
        if level == 1 {
            self.add(RuleId::HeadingH1, offset, "a `#` heading in the body: the post's title is the page's h1, so salve moves this body's headings down a level; start sections at `##` to keep the levels you wrote");
        } else if level > self.last_heading + 1 {
            let previous = self.last_heading;
            self.add(RuleId::HeadingOrder, offset, format!("this level-{level} heading follows a level-{previous} heading: a level is skipped, which confuses screen-reader navigation; use `{}`", "#".repeat(usize::from(previous) + 1)));
        }
        self.last_heading = level;
    }

    fn table_head_end(&mut self, offset: usize) {
        if self
            .header_cells
            .take()
            .is_some_and(|cells| cells.iter().all(|c| c.trim().is_empty()))
        {
            self.add(RuleId::TableHeader, offset, "this table's header row is empty: name each column, so that screen readers can announce what each cell means");
        }
    }

    fn image_end(&mut self) {
        if let Some((offset, dest, alt)) = self.image.take() {
            if let Some((_, _, text)) = &mut self.link {
                text.push_str(&alt);
            }
            if alt.trim().is_empty() {
                self.add(RuleId::ImageAlt, offset, format!("the image `{dest}` has no alt text: write what it shows between the brackets, `![...]({dest})`"));
            }
        }
    }

    fn link_end(&mut self) {
        if let Some((offset, dest, text)) = self.link.take() {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                self.add(
                    RuleId::LinkText,
                    offset,
                    format!(
                        "the link to `{dest}` has no text: screen readers will read out the address"
                    ),
                );
            } else if VAGUE_LINK_TEXTS
                .contains(&text.to_lowercase().trim_end_matches(['.', '!', ':']))
            {
                self.add(RuleId::LinkText, offset, format!("the link text \"{text}\" does not say where it leads; name the destination instead"));
            }
        }
    }

    fn text(&mut self, text: &str, offset: usize) {
        if let Some((_, _, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if let Some((_, _, link_text)) = &mut self.link {
            link_text.push_str(text);
        }
        if let Some(cell) = self
            .header_cells
            .as_mut()
            .and_then(|cells| cells.last_mut())
        {
            cell.push_str(text);
        }
        if self.code > 0 || self.table > 0 || self.footnote > 0 || self.heading {
            return;
        }
        self.block_start.get_or_insert(offset);
        self.block.push_str(text);
    }

    /// Liquid (`{% post_url ... %}`) and Hugo shortcodes (`{{< youtube ... >}}`) from another
    /// generator, which salve would print on the page as they are. Read from the source, since
    /// Markdown splits such text into pieces; code (where they may be shown on purpose) is
    /// skipped.
    fn template_syntax(&mut self, body: &str, code: &[std::ops::Range<usize>]) {
        for (opening, closing, generator) in [
            ("{%", "%}", "Liquid (Jekyll)"),
            ("{{<", ">}}", "a Hugo shortcode"),
            ("{{%", "%}}", "a Hugo shortcode"),
        ] {
            for (at, _) in body.match_indices(opening) {
                // `{{% x %}}` is Hugo's, not a Liquid tag inside braces.
                let inside_hugo = opening == "{%" && body[..at].ends_with('{');
                if inside_hugo || code.iter().any(|range| range.contains(&at)) {
                    continue;
                }
                let rest = &body[at..];
                let end = rest
                    .find(closing)
                    .map(|end| end + closing.len())
                    .filter(|end| *end <= 120)
                    .unwrap_or_else(|| rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i));
                let snippet = rest[..end].lines().next().unwrap_or_default().trim_end();
                self.add(
                    RuleId::TemplateSyntax,
                    at,
                    format!("`{snippet}` is {generator} syntax, which salve shows on the page as it is: replace it with Markdown (a link, an image, a plain link to a video)"),
                );
            }
        }
    }

    fn raw_html(&mut self, html: &str, offset: usize) {
        let lower = html.to_lowercase();
        if lower.contains("<img") && !lower.contains("alt=") {
            self.add(
                RuleId::ImageAlt,
                offset,
                "this <img> has no alt attribute: describe what it shows in alt=\"...\"",
            );
        }
        if lower.contains("<table") && !lower.contains("<th") {
            self.add(
                RuleId::TableHeader,
                offset,
                "this table has no header cells (<th>): name each column",
            );
        }
    }

    /// A paragraph or list item ends: keep it for readability and look for claims in it.
    fn flush_block(&mut self) {
        let block = std::mem::take(&mut self.block);
        let Some(start) = self.block_start.take() else {
            return;
        };
        for sentence in readability::sentences(&block) {
            let lower = sentence.to_lowercase();
            for claim in &self.claims {
                if contains_word(&lower, claim) {
                    let source = &self.post.post.source.body()[start..];
                    let at = source
                        .to_lowercase()
                        .find(claim.as_str())
                        .map_or(start, |found| start + found);
                    self.findings.push(Raw::new(
                        RuleId::Claims,
                        post_file(self.post),
                        post_position(self.post, at),
                        format!(
                            "\"{claim}\" is a risky health claim: \"{sentence}\". Health claims need competent and reliable scientific evidence (FTC); \
                             say what the evidence shows, or list the word in this post's `allow_claims` if it is accurate here"
                        ),
                    ));
                }
            }
        }
        self.blocks.push(block);
    }

    fn readability(&mut self) {
        let Some(score) = readability::score(&self.blocks, self.language) else {
            return;
        };
        // Judged at the one decimal shown, so that "8.0" is never reported as above 8.
        let shown_grade = (score.grade * 10.0).round() / 10.0;
        if score.words < MIN_WORDS_FOR_READABILITY || shown_grade <= self.max_grade {
            return;
        }
        let mut sentences: Vec<(usize, &str)> = self
            .blocks
            .iter()
            .flat_map(|b| readability::sentences(b))
            .map(|s| (readability::words(s).len(), s))
            .collect();
        sentences.sort_by_key(|&(words, _)| std::cmp::Reverse(words));
        let longest: Vec<String> = sentences
            .iter()
            .take(3)
            .map(|(words, s)| format!("\"{s}\" ({words} words)"))
            .collect();
        let (formula, ease) = match self.language {
            Language::English => ("Flesch–Kincaid grade", "Flesch reading ease"),
            Language::Spanish => ("grade (from Fernández-Huerta)", "Fernández-Huerta"),
        };
        let message = format!(
            "reads at {formula} {:.1}, above the goal of {} ({ease} {:.0}; {} words in {} sentences). Shorter sentences and everyday words help; the longest sentences: {}",
            score.grade,
            self.max_grade,
            score.ease,
            score.words,
            score.sentences,
            longest.join("; ")
        );
        self.findings.push(Raw::new(
            RuleId::Readability,
            post_file(self.post),
            post_position(self.post, 0),
            message,
        ));
    }

    fn add(&mut self, rule: RuleId, offset: usize, message: impl Into<String>) {
        self.findings.push(Raw::new(
            rule,
            post_file(self.post),
            post_position(self.post, offset),
            message,
        ));
    }
}

/// Whether `phrase` occurs in `text` as whole words.
fn contains_word(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, found)| {
        let before = text[..at].chars().next_back();
        let after = text[at + found.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn claims_match_whole_words_only() {
        assert!(contains_word("this will cure your pain", "cure"));
        assert!(!contains_word("a secure room", "cure"));
        assert!(contains_word("it is fda-approved.", "fda-approved"));
        assert!(contains_word("100% effective!", "100% effective"));
    }
}
