//! Converting the template syntax other generators allow in a post's body: Jekyll's Liquid tags
//! and Hugo's shortcodes. What has a Markdown equivalent becomes it (a highlighted block, a
//! figure, a link to another post, a video address that salve shows without tracking); what has
//! none is left in place and listed, for `salve check`'s `template-syntax` rule to point at.

/// A body with its template syntax converted, and what could not be.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// The body.
    pub text: String,
    /// Each tag or shortcode left as it was, as written.
    pub unconverted: Vec<String>,
}

/// How a post refers to another, by the other's file name without its extension
/// (`2015-03-17-knee`), when an import knows where that post went (`knee.md` beside it).
pub type PostLinks<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Converts a body's Liquid tags (`{% ... %}`) and Hugo shortcodes (`{{< ... >}}`,
/// `{{% ... %}}`). Code blocks and inline code are left alone.
pub fn convert(body: &str, post_link: PostLinks) -> Converted {
    let mut converted = Converted::default();
    let mut in_raw = false;
    let mut in_fence: Option<String> = None;
    let mut lines = body.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                in_fence = None;
            }
            converted.text.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = Some(trimmed[..3].to_owned());
            converted.text.push_str(line);
            continue;
        }
        if let Some(language) = highlight_start(trimmed) {
            // Everything up to the closing tag is code, kept verbatim.
            converted.text.push_str("```");
            converted.text.push_str(&language);
            converted.text.push('\n');
            for code in lines.by_ref() {
                if is_highlight_end(code.trim()) {
                    break;
                }
                converted.text.push_str(code);
            }
            converted.text.push_str("```\n");
            continue;
        }
        if let Some((kind, after_open)) = notice_start(trimmed) {
            let (inside, after) = notice_content(after_open, &mut lines);
            let inner = convert(&inside, post_link);
            converted.text.push_str(&callout(kind, &inner.text));
            converted.unconverted.extend(inner.unconverted);
            convert_line(after, post_link, &mut converted, &mut in_raw);
            continue;
        }
        convert_line(line, post_link, &mut converted, &mut in_raw);
    }
    converted
}

/// The callout kind of a Hugo theme's notice shortcode opening a line (`{{% notice tip %}}`,
/// `{{< notice warning >}}`, Relearn's `{{% notice style="info" %}}`), and the rest of the line.
fn notice_start(line: &str) -> Option<(&'static str, &str)> {
    let (open, close) = [("{{%", "%}}"), ("{{<", ">}}")]
        .into_iter()
        .find(|(open, _)| line.starts_with(open))?;
    let end = line.find(close)?;
    let inner = line[open.len()..end].trim();
    let arguments = Arguments::parse(inner.strip_prefix("notice")?);
    let style = arguments
        .get("style", 0)
        .unwrap_or("note")
        .to_ascii_lowercase();
    let kind = match style.as_str() {
        "tip" | "green" => "TIP",
        "warning" | "orange" => "WARNING",
        "important" => "IMPORTANT",
        "danger" | "error" | "caution" | "red" => "CAUTION",
        _ => "NOTE",
    };
    Some((kind, &line[end + close.len()..]))
}

/// A notice's content up to its closing shortcode (on this line or a later one), and what
/// follows the closing shortcode on its line.
fn notice_content<'b>(
    first: &'b str,
    lines: &mut impl Iterator<Item = &'b str>,
) -> (String, &'b str) {
    let mut inside = String::new();
    let mut line = first;
    loop {
        if let Some((start, end)) = notice_close(line) {
            inside.push_str(&line[..start]);
            return (inside, &line[end..]);
        }
        inside.push_str(line);
        match lines.next() {
            Some(next) => line = next,
            None => return (inside, ""),
        }
    }
}

/// Where a notice's closing shortcode (`{{% /notice %}}`, `{{< /notice >}}`) starts and ends.
fn notice_close(line: &str) -> Option<(usize, usize)> {
    let at = line.find("/notice")?;
    let start = line[..at].rfind("{{")?;
    let end = at + line[at..].find("}}")? + 2;
    line[start + 2..at]
        .trim_matches(|c: char| c == '%' || c == '<' || c.is_whitespace())
        .is_empty()
        .then_some((start, end))
}

/// A callout of salve's Markdown (`> [!TIP]`) holding `text`.
fn callout(kind: &str, text: &str) -> String {
    let mut out = format!("\n> [!{kind}]\n");
    for line in text.trim().lines() {
        out.push('>');
        if !line.trim().is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The language of a `{% highlight ruby %}` or `{{< highlight go >}}` line.
fn highlight_start(line: &str) -> Option<String> {
    let inner = tag_inner(line.trim_end())?;
    let mut words = inner.split_whitespace();
    (words.next()? == "highlight").then(|| words.next().unwrap_or_default().to_owned())
}

fn is_highlight_end(line: &str) -> bool {
    tag_inner(line).is_some_and(|inner| matches!(inner.trim(), "endhighlight" | "/highlight"))
}

/// What is inside a line that is one tag: `{% ... %}`, `{{< ... >}}` or `{{% ... %}}`.
fn tag_inner(line: &str) -> Option<&str> {
    [("{%", "%}"), ("{{<", ">}}"), ("{{%", "%}}")]
        .into_iter()
        .find_map(|(open, close)| line.strip_prefix(open)?.strip_suffix(close))
        .map(|inner| inner.trim().trim_matches('-').trim())
}

/// Converts the tags of one line outside code, copying the rest. Between Liquid's `{% raw %}`
/// and `{% endraw %}` (`in_raw`, which may span lines) text is copied as it is, the two tags
/// dropped: Liquid printed what is between them as written, and so does salve.
fn convert_line(line: &str, post_link: PostLinks, converted: &mut Converted, in_raw: &mut bool) {
    let mut rest = line;
    while let Some((start, open, close)) = next_tag(rest) {
        let (before, from_tag) = rest.split_at(start);
        converted.text.push_str(before);
        let Some(end) = from_tag[open.len()..].find(close) else {
            converted.text.push_str(from_tag);
            return;
        };
        let whole = &from_tag[..open.len() + end + close.len()];
        let inner = whole[open.len()..whole.len() - close.len()]
            .trim()
            .trim_matches('-')
            .trim();
        rest = &from_tag[whole.len()..];
        if open == "{%" && (inner == "raw" || inner == "endraw") {
            *in_raw = inner == "raw";
            continue;
        }
        let markdown = if *in_raw {
            Some(whole.to_owned())
        } else if open == "{{" {
            liquid_output(inner)
        } else {
            replacement(inner, post_link)
        };
        if let Some(markdown) = markdown {
            converted.text.push_str(&markdown);
        } else {
            converted.unconverted.push(whole.to_owned());
            converted.text.push_str(whole);
        }
    }
    converted.text.push_str(rest);
}

/// What a Liquid output tag (`{{ ... }}`) gives, when salve knows: the site's own address
/// (`site.baseurl`, `site.url`) is nothing, since salve writes a site path with the site's
/// base; a quoted path through `relative_url`, `absolute_url` or `prepend: site.baseurl` is
/// that path.
fn liquid_output(inner: &str) -> Option<String> {
    let mut parts = inner.split('|').map(str::trim);
    let value = match parts.next()? {
        "site.baseurl" | "site.url" => "",
        quoted if quoted.len() >= 2 && quoted.starts_with(['"', '\'']) => unquote(quoted),
        _ => return None,
    };
    for filter in parts {
        let (name, argument) = filter.split_once(':').unwrap_or((filter, ""));
        let site_address = matches!(argument.trim(), "site.baseurl" | "site.url");
        match name.trim() {
            "relative_url" | "absolute_url" => {}
            "prepend" | "append" if site_address => {}
            _ => return None,
        }
    }
    Some(value.to_owned())
}

/// The next tag in `text`: where it starts, and its delimiters.
fn next_tag(text: &str) -> Option<(usize, &'static str, &'static str)> {
    [("{%", "%}"), ("{{<", ">}}"), ("{{%", "%}}"), ("{{", "}}")]
        .into_iter()
        .filter_map(|(open, close)| text.find(open).map(|at| (at, open, close)))
        .min_by_key(|(at, open, _)| (*at, std::cmp::Reverse(open.len())))
}

/// The Markdown for a tag's inside (`youtube abc`, `post_url 2015-01-01-x`), if it has one.
fn replacement(inner: &str, post_link: PostLinks) -> Option<String> {
    let (name, arguments) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let arguments = Arguments::parse(arguments);
    match name {
        "youtube" => Some(format!(
            "\n\nhttps://www.youtube.com/watch?v={}\n\n",
            arguments.get("id", 0)?
        )),
        "vimeo" => Some(format!(
            "\n\nhttps://vimeo.com/{}\n\n",
            arguments.get("id", 0)?
        )),
        "figure" => {
            let src = arguments.named("src")?;
            let alt = arguments
                .named("alt")
                .or_else(|| arguments.named("caption"))
                .unwrap_or_default();
            Some(
                match arguments
                    .named("caption")
                    .or_else(|| arguments.named("title"))
                {
                    Some(caption) => format!("![{alt}]({src} \"{}\")", caption.replace('"', "'")),
                    None => format!("![{alt}]({src})"),
                },
            )
        }
        "post_url" => {
            let name = arguments.get("", 0)?;
            let name = name.rsplit('/').next().unwrap_or(name);
            post_link(name)
        }
        "ref" | "relref" => {
            let target = arguments.get("path", 0)?;
            let file = target.rsplit('/').next().unwrap_or(target);
            let stem = file.split('#').next().unwrap_or(file);
            let stem = stem.trim_end_matches(".md").trim_end_matches(".markdown");
            post_link(stem).map(|link| match target.split_once('#') {
                Some((_, fragment)) => format!("{link}#{fragment}"),
                None => link,
            })
        }
        _ => None,
    }
}

/// A tag's arguments: positional (`youtube abc`) and named (`figure src="x" alt="y"`).
struct Arguments {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Arguments {
    fn parse(text: &str) -> Self {
        let mut positional = Vec::new();
        let mut named = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (token, after) = next_token(rest);
            match token.split_once('=') {
                Some((key, value)) if !key.contains(['"', '\'']) => {
                    named.push((key.to_owned(), unquote(value).to_owned()));
                }
                _ => positional.push(unquote(&token).to_owned()),
            }
            rest = after.trim_start();
        }
        Self { positional, named }
    }

    fn named(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// The argument named `key`, else the positional one at `index`.
    fn get(&self, key: &str, index: usize) -> Option<&str> {
        self.named(key)
            .or_else(|| self.positional.get(index).map(String::as_str))
            .filter(|value| !value.is_empty())
    }
}

/// The first token of `text` (a quoted string stays whole, with its quotes) and the rest.
fn next_token(text: &str) -> (String, &str) {
    let mut token = String::new();
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => return (token, &text[at..]),
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            _ => {}
        }
        token.push(c);
    }
    (token, "")
}

fn unquote(text: &str) -> &str {
    text.trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(name: &str) -> Option<String> {
        (name == "2015-03-17-knee" || name == "knee").then(|| "knee.md".to_owned())
    }

    /// Regression: Jekyll posts link their images with `{{ site.baseurl }}/assets/x.jpg` or
    /// `{{ "/x" | relative_url }}`, and quote Liquid between `{% raw %}` and `{% endraw %}`;
    /// all of it was left as written, and printed as such on the page.
    #[test]
    fn liquid_output_of_the_site_address_and_raw_blocks_become_markdown() {
        let body = "![Knee]({{ site.baseurl }}/assets/knee.jpg) and [About]({{ \"/about/\" | relative_url }}), [x]({{site.url}}{{ site.baseurl }}/x/), [y]({{ '/y/' | prepend: site.baseurl }})\n{% raw %}Write {{ name }} and {% if %}\nstill raw {{ x }}{% endraw %} then {{ page.title }}\n";
        let converted = convert(body, &links);
        assert_eq!(
            converted.text,
            "![Knee](/assets/knee.jpg) and [About](/about/), [x](/x/), [y](/y/)\nWrite {{ name }} and {% if %}\nstill raw {{ x }} then {{ page.title }}\n"
        );
        assert_eq!(converted.unconverted, ["{{ page.title }}"]);
    }

    /// Regression: Hugo themes' notice shortcodes were left as written and listed; they are
    /// salve's callouts, one line or many, their kind from the style.
    #[test]
    fn hugo_notices_become_callouts() {
        let body = "Before.\n{{% notice tip %}}Walk daily.{{% /notice %}} After.\n{{< notice style=\"warning\" >}}\nDo not drive.\n\nAsk us {{< ref \"knee.md\" >}}.\n{{< /notice >}}\n{{% notice info %}}\nPlain note.\n";
        let converted = convert(body, &links);
        assert_eq!(
            converted.text,
            "Before.\n\n> [!TIP]\n> Walk daily.\n\n After.\n\n> [!WARNING]\n> Do not drive.\n>\n> Ask us knee.md.\n\n\n\n> [!NOTE]\n> Plain note.\n\n"
        );
        assert!(
            converted.unconverted.is_empty(),
            "{:?}",
            converted.unconverted
        );
    }

    #[test]
    fn liquid_and_shortcodes_become_markdown() {
        let body = "Intro {% post_url 2015-03-17-knee %} and [it]({{< relref \"knee.md#exercises\" >}}).\n\n{{< youtube dQw4w9WgXcQ >}}\n{{< figure src=\"chart.png\" alt=\"Pain scores\" caption=\"After 12 weeks\" >}}\n{% highlight ruby %}\nputs {% raw %}\n{% endhighlight %}\n```\n{% keep %}\n```\n{% include cta.html %} and {{< gallery >}}\n";
        let converted = convert(body, &links);
        assert_eq!(
            converted.text,
            "Intro knee.md and [it](knee.md#exercises).\n\n\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n\n![Pain scores](chart.png \"After 12 weeks\")\n```ruby\nputs {% raw %}\n```\n```\n{% keep %}\n```\n{% include cta.html %} and {{< gallery >}}\n"
        );
        assert_eq!(
            converted.unconverted,
            ["{% include cta.html %}", "{{< gallery >}}"]
        );
    }

    #[test]
    fn an_unknown_post_stays_as_written() {
        let converted = convert("See {% post_url 2020-01-01-gone %}.\n", &links);
        assert_eq!(converted.text, "See {% post_url 2020-01-01-gone %}.\n");
        assert_eq!(converted.unconverted.len(), 1);
    }
}
