//! HTML and XML text, shared by every stage that reads or writes markup (Markdown bodies,
//! pages, feeds, the sitemap, the search index, imports): escaping, decoding character
//! references, blanking the control characters neither allows, and telling a link that runs
//! code.

use std::borrow::Cow;

/// The text of HTML with its character references decoded (`&amp;` → `&`, `&#233;` → `é`).
/// Named references other than the few that Markdown output and typing produce are left as
/// written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        rest = &rest[start..];
        let reference = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| Some((character(&rest[1..=end])?, end + 2)));
        let (c, length) = reference.unwrap_or(('&', 1));
        decoded.push(c);
        rest = &rest[length..];
    }
    decoded.push_str(rest);
    Cow::Owned(decoded)
}

/// The character a reference (without `&` and `;`) stands for.
fn character(reference: &str) -> Option<char> {
    if let Some(number) = reference.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match reference {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

/// `text` with the bytes `forbidden` picks from `from` on made spaces, byte for byte, so that
/// positions in the text hold. Meant for ASCII control characters (a vertical tab pasted from
/// a word processor, a stray NUL), which HTML and XML do not allow.
pub fn blank_bytes(text: String, from: usize, forbidden: fn(u8) -> bool) -> String {
    let tail = text.as_bytes().get(from..).unwrap_or_default();
    if !tail.iter().copied().any(forbidden) {
        return text;
    }
    let mut bytes = text.into_bytes();
    for byte in bytes.iter_mut().skip(from) {
        if forbidden(*byte) {
            *byte = b' ';
        }
    }
    // ASCII bytes replaced by a space leave the text valid UTF-8; other bytes are left alone.
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Whether following or loading a URL runs code (`javascript:`, `vbscript:`), its scheme read
/// as browsers read it: controls and spaces around it ignored, tabs and line breaks inside it
/// dropped, any case.
pub fn runs_script(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.eq_ignore_ascii_case("javascript") || scheme.eq_ignore_ascii_case("vbscript")
    })
}

/// Why a link that runs code is refused, and what to do.
pub fn script_link_problem(element: &str, url: &str) -> String {
    let shown: String = url.chars().take(40).collect();
    format!(
        "the {element} `{shown}` runs code in the reader's browser when followed, which a clinic's pages never need \
         (old blogs carry such links from spam or a hacked plug-in); remove it, or link to a page or file"
    )
}

/// Escapes text for HTML and XML content and attribute values. Control characters, which
/// neither allows, are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`. Feeds escape whole post bodies, several times each, so
/// text is copied in runs between the bytes that need a look, not a character at a time.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut index = 0;
    while index < bytes.len() {
        if !NEEDS_A_LOOK[usize::from(bytes[index])] {
            index += 1;
            continue;
        }
        let (replacement, width) = match bytes[index] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // U+0080 to U+009F, the C1 controls, are 0xC2 followed by 0x80 to 0x9F.
            0xc2 if matches!(bytes.get(index + 1), Some(0x80..=0x9f)) => ("", 2),
            0xc2 => {
                index += 1;
                continue;
            }
            _ => ("", 1),
        };
        out.push_str(&text[run_start..index]);
        out.push_str(replacement);
        index += width;
        run_start = index;
    }
    out.push_str(&text[run_start..]);
}

/// The bytes [`escape_into`] stops at: markup characters, control characters other than tab
/// and line breaks, and the lead byte of the C1 controls.
const NEEDS_A_LOOK: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = !matches!(byte, 0x09 | 0x0a | 0x0d);
        byte += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0x7f] = true;
    table[0xc2] = true;
    table
};

/// Elements that do not break the text around them: dropping their tags leaves no space.
const INLINE_ELEMENTS: [&str; 16] = [
    "a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup",
];

/// HTML to text: tags dropped (a block's edge becomes a space, an inline element's nothing),
/// the common entities decoded, white space folded.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let element = name
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if !INLINE_ELEMENTS.contains(&element.as_str()) {
                    text.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => text.push(c),
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{decode_entities, escape, plain_text, runs_script};

    /// Guards the run-copying `escape`: it must give what escaping one character at a time gives,
    /// around multi-byte characters (U+00A0 shares its lead byte with the C1 controls) and at
    /// both ends of the text.
    #[test]
    fn escape_agrees_with_escaping_each_character() {
        let by_character = |text: &str| -> String {
            text.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => String::new(),
                    c => c.to_string(),
                })
                .collect()
        };
        let every_control: String = (0..=0x9f_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_control())
            .collect();
        for text in [
            String::new(),
            "plain".to_owned(),
            "<a href=\"x?a=1&b='2'\">Tom & Jerry</a>".to_owned(),
            "&starts and ends<".to_owned(),
            "non\u{a0}breaking, café, ¿qué?, \u{85}next line, \u{9f}, 痛み, 🦷".to_owned(),
            format!("before{every_control}after"),
            "tab\tline\nreturn\r".to_owned(),
            "\u{c2}\u{80}".to_owned(),
        ] {
            assert_eq!(escape(&text), by_character(&text), "{text:?}");
        }
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>Pain &amp; <em>sleep</em>.</p>\n<ul><li>ice</li><li>heat</li></ul>"),
            "Pain & sleep. ice heat"
        );
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            decode_entities("R&amp;D &#233;t&#xE9; &bogus; &"),
            "R&D été &bogus; &"
        );
    }

    /// Guards the refusal of script links: browsers ignore the case of a scheme, spaces and
    /// controls around the URL and tabs or line breaks inside it, so all of those still run.
    #[test]
    fn script_urls_are_recognised_as_browsers_read_them() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:void(0)",
            "\u{1}javascript:x",
            "java\tscript:x",
            "jav\nascript:x",
            "vbscript:msgbox",
        ] {
            assert!(runs_script(url), "{url:?} runs a script");
        }
        for url in [
            "https://example.org/javascript:x",
            "/posts/javascript/",
            "javascript",
            "java script:x",
            "mailto:desk@example.org",
            "data:image/png;base64,AAAA",
            "#javascript:x",
        ] {
            assert!(!runs_script(url), "{url:?} runs no script");
        }
    }
}
