//! Reading the XML files other platforms export (a Wix feed, a WordPress export) as they
//! really are: in the encoding their declaration names, with the control characters a pasted
//! post leaves, and with a `<channel>` to read.

use std::path::Path;

use anyhow::{Context as _, Result};

/// Parses an RSS file (a Wix feed, a WordPress export; either may carry a DTD) and reads its
/// `<channel>`; `remedy` says what to import instead when it has none.
pub fn with_channel<T>(
    xml: &str,
    remedy: &str,
    read: impl FnOnce(roxmltree::Node) -> Result<T>,
) -> Result<T> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(xml, options)
        .context("the file is not valid XML")?;
    let Some(channel) = document
        .descendants()
        .find(|node| node.has_tag_name("channel"))
    else {
        anyhow::bail!("the file has no RSS `<channel>`; {remedy}");
    };
    read(channel)
}

/// An export's text: UTF-8, or windows-1252 when its XML declaration says so (old WordPress
/// blogs kept the ISO-8859-1 they started with; browsers read that label as windows-1252 too).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let valid = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let declared = head
        .split_once("encoding=")
        .and_then(|(_, rest)| rest.get(1..))
        .and_then(|rest| rest.split(['"', '\'']).next())
        .unwrap_or_default()
        .to_owned();
    if WINDOWS_1252_LABELS.contains(&declared.as_str()) {
        return Ok(bytes.iter().map(|&byte| windows_1252(byte)).collect());
    }
    let (line, column) =
        crate::diagnostics::line_column(&String::from_utf8_lossy(&bytes[..valid]), valid);
    anyhow::bail!(
        "{}:{line}:{column}: the file is not UTF-8 text here; open it in a text editor and save it with the encoding UTF-8, then import it again",
        path.display()
    )
}

/// The names of windows-1252 and of the encodings read as it.
const WINDOWS_1252_LABELS: [&str; 6] = [
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "windows-1252",
    "cp1252",
    "us-ascii",
];

/// A windows-1252 byte as a character: Latin-1, but for the curly quotes, dashes and other
/// signs in 0x80–0x9F.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The text without the control characters XML forbids (a vertical tab pasted from a word
/// processor into a post survives in WordPress's database and its export), as spaces.
pub fn blank_controls(xml: String) -> String {
    crate::html::blank_bytes(xml, 0, |byte| {
        byte < b' ' && !matches!(byte, b'\t' | b'\n' | b'\r')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: an export of an old blog still in ISO-8859-1 was refused as "not UTF-8";
    /// it is read as windows-1252, curly quotes included. One that claims UTF-8 and is not
    /// is refused at the place of the first bad byte.
    #[test]
    fn an_export_in_latin_1_is_read_and_a_broken_one_is_placed() {
        let mut latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss>Caf".to_vec();
        latin.extend([0xe9, b' ', 0x93, b'q', 0x94, 0x85]);
        let text = decode(Path::new("export.xml"), latin).unwrap();
        assert!(text.ends_with("Café “q”…"), "{text}");
        let broken = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss>\n  ok \xff".to_vec();
        let error = decode(Path::new("export.xml"), broken).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("export.xml:3:6: the file is not UTF-8 text here"),
            "{error}"
        );
    }

    /// Regression: a vertical tab pasted into a WordPress post made its whole export "not
    /// valid XML"; the control characters XML forbids become spaces.
    #[test]
    fn control_characters_of_an_export_become_spaces() {
        assert_eq!(
            blank_controls("<p>a\u{b}b\u{8}c\td</p>\n".to_owned()),
            "<p>a b c\td</p>\n"
        );
    }
}
