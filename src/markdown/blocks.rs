//! Block-level additions to Markdown that need no syntax of salve's own: callouts written as
//! GitHub's alerts (`> [!WARNING]`, plus the clinic's `> [!EMERGENCY]`), figures (an image
//! alone in its paragraph, with a title: `![alt](chart.png "Caption")`), videos (a paragraph
//! that is only a YouTube or Vimeo address, or a link to one) and FAQ sections (the `###`
//! questions under a `## Frequently asked questions` heading).

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use crate::html::escape;
use crate::video::Video;

/// The end of a callout.
pub(super) const CALLOUT_END: &str = "</div>\n";

/// The kinds of callout, as written after `[!` and shown as the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Callout {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
    Emergency,
}

impl Callout {
    fn from_kind(kind: BlockQuoteKind) -> Self {
        match kind {
            BlockQuoteKind::Note => Self::Note,
            BlockQuoteKind::Tip => Self::Tip,
            BlockQuoteKind::Important => Self::Important,
            BlockQuoteKind::Warning => Self::Warning,
            BlockQuoteKind::Caution => Self::Caution,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Tip => "tip",
            Self::Important => "important",
            Self::Warning => "warning",
            Self::Caution => "caution",
            Self::Emergency => "emergency",
        }
    }

    /// The visible label in the body's language, which also names the callout for screen
    /// readers: the string `callout_<class>` (`callout_note`: "Note").
    fn label(self, strings: &crate::i18n::Strings) -> String {
        strings.text(&format!("callout_{}", self.class()), &[])
    }

    /// An icon drawn inline (no request), hidden from screen readers: the label says it all.
    fn icon(self) -> &'static str {
        match self {
            Self::Note | Self::Tip | Self::Important => {
                r#"<svg class="callout-icon" aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 11v6M12 7v.01" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>"#
            }
            Self::Warning | Self::Caution | Self::Emergency => {
                r#"<svg class="callout-icon" aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24"><path d="M12 3 2 21h20L12 3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M12 10v5M12 18v.01" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>"#
            }
        }
    }
}

/// The opening of a callout when the block quote starting before `input[index]` is one (a
/// GitHub alert, or `[!EMERGENCY]` on its first line, whose marker is then taken out).
pub(super) fn callout_start(
    kind: Option<BlockQuoteKind>,
    input: &mut [(Event<'_>, Range<usize>)],
    index: usize,
    strings: &crate::i18n::Strings,
) -> Option<String> {
    let callout = match kind {
        Some(kind) => Callout::from_kind(kind),
        None if take_emergency_marker(input, index) => Callout::Emergency,
        None => return None,
    };
    Some(format!(
        "<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">{}<span>{}</span></p>\n",
        callout.class(),
        callout.icon(),
        escape(&callout.label(strings))
    ))
}

/// Whether the quote's first line is `[!EMERGENCY]`; if so, that line is blanked out (and its
/// paragraph, when nothing else is in it).
fn take_emergency_marker(input: &mut [(Event<'_>, Range<usize>)], index: usize) -> bool {
    if !matches!(input.get(index), Some((Event::Start(Tag::Paragraph), _))) {
        return false;
    }
    let mut marker = String::new();
    let mut end = index + 1;
    while let Some((Event::Text(text), _)) = input.get(end) {
        marker.push_str(text);
        end += 1;
    }
    if !marker.trim().eq_ignore_ascii_case("[!EMERGENCY]") {
        return false;
    }
    let alone = matches!(input.get(end), Some((Event::End(TagEnd::Paragraph), _)));
    let line_break = matches!(
        input.get(end),
        Some((Event::SoftBreak | Event::HardBreak, _))
    );
    let (from, to) = if alone {
        (index, end + 1)
    } else if line_break {
        (index + 1, end + 1)
    } else {
        (index + 1, end)
    };
    for slot in &mut input[from..to] {
        slot.0 = Event::Text(CowStr::Borrowed(""));
    }
    true
}

/// The opening of a figure when the paragraph starting before `input[index]` holds only an
/// image with a title: the title becomes the caption (replacing the paragraph's end) and
/// leaves the image.
pub(super) fn figure_start(
    input: &mut [(Event<'_>, Range<usize>)],
    index: usize,
) -> Option<&'static str> {
    let Some((Event::Start(Tag::Image { title, .. }), _)) = input.get(index) else {
        return None;
    };
    if title.trim().is_empty() {
        return None;
    }
    let image_end = index
        + input[index..]
            .iter()
            .position(|(event, _)| matches!(event, Event::End(TagEnd::Image)))?;
    if !matches!(
        input.get(image_end + 1),
        Some((Event::End(TagEnd::Paragraph), _))
    ) {
        return None;
    }
    let Event::Start(Tag::Image { title, .. }) = &mut input[index].0 else {
        return None;
    };
    let caption = std::mem::replace(title, CowStr::Borrowed(""));
    input[image_end + 1].0 = Event::Html(
        format!(
            "\n<figcaption>{}</figcaption>\n</figure>\n",
            escape(&caption)
        )
        .into(),
    );
    Some("<figure>\n")
}

/// The video of the paragraph starting before `input[index]`, when it holds only a video's
/// address (as text, or as a link whose text becomes the title): the paragraph's events are
/// blanked out, and the video comes back with its title.
pub(super) fn video_paragraph(
    input: &mut [(Event<'_>, Range<usize>)],
    index: usize,
) -> Option<(Video, Option<String>)> {
    let mut end = index;
    let (video, title) = if let Some((Event::Start(Tag::Link { dest_url, .. }), _)) =
        input.get(index)
    {
        let video = Video::from_url(dest_url)?;
        let mut text = String::new();
        end += 1;
        loop {
            match input.get(end) {
                Some((Event::Text(part) | Event::Code(part), _)) => text.push_str(part),
                Some((Event::End(TagEnd::Link), _)) => break,
                Some((Event::SoftBreak, _)) => text.push(' '),
                _ => return None,
            }
            end += 1;
        }
        end += 1;
        let text = text.trim();
        let title = (!text.is_empty() && Video::from_url(text).is_none()).then(|| text.to_owned());
        (video, title)
    } else {
        // Most paragraphs are prose: only one that starts as an address is looked at.
        let Some((Event::Text(first), _)) = input.get(index) else {
            return None;
        };
        if !first.starts_with("https://") && !first.starts_with("http://") {
            return None;
        }
        let mut text = String::new();
        while let Some((Event::Text(part), _)) = input.get(end) {
            text.push_str(part);
            end += 1;
        }
        (Video::from_url(&text)?, None)
    };
    if !matches!(input.get(end), Some((Event::End(TagEnd::Paragraph), _))) {
        return None;
    }
    for slot in &mut input[index..=end] {
        slot.0 = Event::Text(CowStr::Borrowed(""));
    }
    Some((video, title))
}

/// The headings, folded to a slug, that open a section of questions and answers.
const FAQ_HEADINGS: [&str; 5] = [
    "frequently-asked-questions",
    "faq",
    "faqs",
    "common-questions",
    "preguntas-frecuentes",
];

/// Whether a heading's text opens a section of questions and answers.
pub(super) fn is_faq_heading(title: &str) -> bool {
    FAQ_HEADINGS.contains(&crate::slug::slugify(title).as_str())
}

/// The opening of a question of a FAQ section, before its heading.
pub(super) const FAQ_QUESTION_START: &str = "<details class=\"faq-item\">\n<summary>";
/// Between a question's heading and its answer.
pub(super) const FAQ_ANSWER_START: &str = "</summary>\n<div class=\"faq-answer\">\n";
/// The end of a question and its answer.
pub(super) const FAQ_QUESTION_END: &str = "</div>\n</details>\n";
