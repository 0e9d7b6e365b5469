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
