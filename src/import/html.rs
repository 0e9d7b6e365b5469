//! HTML from a hosted blog turned into Markdown: the builders' empty paragraphs (`<p><br></p>`,
//! `<p>&nbsp;</p>`) dropped, inline styles, scripts and iframes left out, `<!--more-->` kept.

use anyhow::{Context as _, Result};

/// Stands for `<!--more-->` while the HTML is converted (converters drop comments).
const MORE: &str = "SALVEMOREMARKER";

/// Converts a post's HTML to Markdown.
pub fn to_markdown(html: &str) -> Result<String> {
    let cleaned = html
        .replace("<!--more-->", &format!("<p>{MORE}</p>"))
        .replace("<!-- more -->", &format!("<p>{MORE}</p>"));
    let cleaned = drop_empty_paragraphs(&cleaned);
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "iframe", "noscript", "form"])
        .build();
    let markdown = converter
        .convert(&cleaned)
        .context("the post's HTML could not be converted")?;
    Ok(format!(
        "{}\n",
        markdown.replace(MORE, "<!--more-->").trim_end()
    ))
}

/// The HTML without the `href` of links that run code (`javascript:`, as spam and hacked
/// plug-ins leave in old posts), so that each becomes its text; and how many there were.
pub fn drop_script_links(html: &str) -> (String, usize) {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut removed = 0;
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find("href") {
        let start = from + found;
        from = start + "href".len();
        let Some((value, end)) = attribute_value(&lower, from) else {
            continue;
        };
        if start > 0
            && lower.as_bytes()[start - 1].is_ascii_whitespace()
            && crate::html::runs_script(&crate::html::decode_entities(&html[value]))
        {
            out.push_str(&html[copied..start]);
            copied = end;
            from = end;
            removed += 1;
        }
    }
    out.push_str(&html[copied..]);
    (out, removed)
}

/// The value of an attribute whose name ends at `at` (`= "value"`, `='value'` or `=value`):
/// its range, and where the attribute ends.
fn attribute_value(html: &str, at: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let rest = &html[at..];
    let after_name = rest.trim_start();
    let after_equals = after_name.strip_prefix('=')?.trim_start();
    let start = html.len() - after_equals.len();
    if let quote @ ('"' | '\'') = after_equals.chars().next()? {
        let length = after_equals[1..].find(quote)?;
        return Some((start + 1..start + 1 + length, start + length + 2));
    }
    let length = after_equals
        .find(|c: char| c.is_ascii_whitespace() || c == '>')
        .unwrap_or(after_equals.len());
    Some((start..start + length, start + length))
}

/// Removes paragraphs that hold nothing but breaks and spaces.
fn drop_empty_paragraphs(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<p") {
        let Some(end) = rest[start..]
            .find("</p>")
            .map(|end| start + end + "</p>".len())
        else {
            break;
        };
        let paragraph = &rest[start..end];
        let is_paragraph = paragraph[2..].starts_with(['>', ' ']);
        let text = crate::html::plain_text(paragraph).replace('\u{a0}', "");
        let empty = is_paragraph
            && text.trim().is_empty()
            && !paragraph.contains("<img")
            && !paragraph.contains("&nbsp;x");
        out.push_str(&rest[..start]);
        if !empty {
            out.push_str(paragraph);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a hacked blog's `javascript:` link was imported as a Markdown link that
    /// salve build then refused; the link goes, its text stays, and ordinary links are kept.
    #[test]
    fn links_that_run_code_lose_their_address_and_keep_their_text() {
        let html = r#"<p><a href="javascript:alert(1)">Win</a>, <A HREF = 'jav&#x61;script:x()'>now</A>, <a href=vbscript:y>here</a> or <a href="/knee/">knee</a>; <a data-href="javascript:z">data</a></p>"#;
        let (cleaned, removed) = drop_script_links(html);
        assert_eq!(removed, 3);
        assert_eq!(
            cleaned,
            r#"<p><a >Win</a>, <A >now</A>, <a >here</a> or <a href="/knee/">knee</a>; <a data-href="javascript:z">data</a></p>"#
        );
        let markdown = to_markdown(&cleaned).unwrap();
        assert!(!markdown.contains("script"), "{markdown}");
        assert!(
            markdown.contains("Win") && markdown.contains("[knee](/knee/)"),
            "{markdown}"
        );
    }

    /// Guards "tables and lists kept": a table stays a table salve renders, a list a list.
    #[test]
    fn tables_and_lists_are_kept() {
        let markdown = to_markdown("<table><thead><tr><th>Step</th><th>Time</th></tr></thead><tbody><tr><td>Floss</td><td>2 min</td></tr></tbody></table><ul><li>One</li><li>Two</li></ul>").unwrap();
        assert!(
            markdown.contains("| Step  | Time  |\n| ----- | ----- |\n| Floss | 2 min |"),
            "{markdown}"
        );
        assert!(markdown.contains("*   One\n*   Two"), "{markdown}");
    }

    #[test]
    fn builder_html_becomes_clean_markdown() {
        let markdown = to_markdown(
            "<p style=\"font-size:18px\">First <em>words</em>.</p><!--more--><p><br></p><p>&nbsp;</p><table><tr><th>A</th></tr><tr><td>1</td></tr></table><script>track()</script><p><img src=\"x.jpg\" alt=\"X\"></p>",
        )
        .unwrap();
        assert!(markdown.starts_with("First *words*."), "{markdown}");
        assert!(markdown.contains("<!--more-->"), "{markdown}");
        assert!(
            !markdown.contains("track()") && !markdown.contains("font-size"),
            "{markdown}"
        );
        assert!(markdown.contains("![X](x.jpg)"), "{markdown}");
    }
}
