//! Lossless removal of the metadata a camera or phone writes into an image: EXIF (with the GPS
//! position and the device's serial), XMP, IPTC, comments, text chunks, and whatever is
//! appended after the image's end (phones append a second, full-size JPEG there, with its own
//! EXIF). The pixels are not touched; a JPEG's or PNG's orientation is kept as a minimal
//! EXIF block holding only that tag, so that the picture still shows upright.

/// Why a file could not be read as the format its name says.
pub type Malformed = String;

/// The image without its metadata, or `None` when it carries none.
pub fn strip(bytes: &[u8], format: super::Format) -> Result<Option<Vec<u8>>, Malformed> {
    match format {
        super::Format::Jpeg => strip_jpeg(bytes),
        super::Format::Png => strip_png(bytes),
        super::Format::WebP => strip_webp(bytes),
        super::Format::Avif => Err("salve writes AVIF files but does not read them".to_owned()),
    }
}

/// The EXIF orientation (1 to 8) of an EXIF block that starts with its TIFF header, if set.
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let big_endian = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let pair: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        })
    };
    let quad: [u8; 4] = tiff.get(4..8)?.try_into().ok()?;
    let ifd = usize::try_from(if big_endian {
        u32::from_be_bytes(quad)
    } else {
        u32::from_le_bytes(quad)
    })
    .ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries)
        .map(|entry| ifd + 2 + entry * 12)
        .find(|&at| u16_at(at) == Some(0x0112))
        .and_then(|at| u16_at(at + 8))
        .filter(|orientation| (2..=8).contains(orientation))
}

/// A TIFF header and one directory holding only the orientation tag.
fn orientation_only_tiff(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    tiff
}

const EXIF_PREFIX: &[u8] = b"Exif\0\0";

/// Whether an EXIF block is the one salve writes: the orientation and nothing else.
fn is_orientation_only(tiff: &[u8]) -> bool {
    tiff_orientation(tiff).is_some_and(|orientation| tiff == orientation_only_tiff(orientation))
}

/// Segments of a JPEG before its first scan that only describe it (the pixels need none).
fn is_metadata_marker(marker: u8, payload: &[u8]) -> bool {
    // Kept: JFIF and JFXX (0xE0, the pixel density), Adobe (0xEE, how to read the colours),
    // the colour profile (0xE2 with ICC_PROFILE: without it colours shift) and every segment
    // that is not metadata.
    match marker {
        0xE2 => !payload.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => true,
        _ => false,
    }
}

fn strip_jpeg(bytes: &[u8]) -> Result<Option<Vec<u8>>, Malformed> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("it does not start like a JPEG image".to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut at = 2;
    let mut removed = false;
    let mut orientation = None;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(format!("it has no JPEG marker at byte {at}"));
        };
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            removed |= at + 2 < bytes.len();
            break;
        }
        let length = bytes
            .get(at + 2..at + 4)
            .map(|pair| usize::from(u16::from_be_bytes([pair[0], pair[1]])))
            .filter(|&length| length >= 2 && at + 2 + length <= bytes.len())
            .ok_or_else(|| format!("its segment at byte {at} is cut short"))?;
        let segment = &bytes[at..at + 2 + length];
        let payload = &segment[4..];
        let own_orientation = marker == 0xE1
            && payload
                .strip_prefix(EXIF_PREFIX)
                .is_some_and(is_orientation_only);
        if is_metadata_marker(marker, payload) && !own_orientation {
            if marker == 0xE1 && orientation.is_none() {
                orientation = payload.strip_prefix(EXIF_PREFIX).and_then(tiff_orientation);
            }
            removed = true;
        } else {
            out.extend_from_slice(segment);
        }
        at += 2 + length;
        if marker == 0xDA {
            let end = scan_end(bytes, at);
            out.extend_from_slice(&bytes[at..end]);
            removed |= end < bytes.len();
            break;
        }
    }
    if !removed {
        return Ok(None);
    }
    if let Some(orientation) = orientation {
        let mut exif = EXIF_PREFIX.to_vec();
        exif.extend_from_slice(&orientation_only_tiff(orientation));
        let length = u16::try_from(exif.len() + 2)
            .unwrap_or(u16::MAX)
            .to_be_bytes();
        let segment = [&[0xFF, 0xE1], &length[..], &exif].concat();
        out.splice(2..2, segment);
    }
    Ok(Some(out))
}

/// Where the image ends: just after the end-of-image marker that follows the scans (a
/// progressive JPEG has several, with tables between them), or at the end of the file.
/// In the compressed data a 0xFF byte is followed by 0x00 or a restart marker, so the first
/// 0xFF 0xD9 is the end.
fn scan_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(found) = memchr::memchr(0xFF, &bytes[at..]) {
        let marker = at + found;
        if bytes.get(marker + 1) == Some(&0xD9) {
            return marker + 2;
        }
        at = marker + 1;
    }
    bytes.len()
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Chunks of a PNG that only describe it: EXIF, text (where XMP and camera notes go), time.
fn is_metadata_chunk(kind: &[u8]) -> bool {
    matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME")
}

fn strip_png(bytes: &[u8]) -> Result<Option<Vec<u8>>, Malformed> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err("it does not start like a PNG image".to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    let mut removed = false;
    let mut orientation = None;
    loop {
        let header = bytes
            .get(at..at + 8)
            .ok_or_else(|| format!("it ends at byte {at} without its IEND chunk"))?;
        let length = usize::try_from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]))
        .map_err(|_| format!("its chunk at byte {at} is too long"))?;
        let kind = &header[4..8];
        let end = at + 12 + length;
        let chunk = bytes
            .get(at..end)
            .ok_or_else(|| format!("its chunk at byte {at} is cut short"))?;
        if is_metadata_chunk(kind)
            && !(kind == b"eXIf" && is_orientation_only(&chunk[8..8 + length]))
        {
            if kind == b"eXIf" {
                orientation = tiff_orientation(&chunk[8..8 + length]);
            }
            removed = true;
        } else {
            if kind == b"IDAT"
                && let Some(orientation) = orientation.take()
            {
                push_png_chunk(&mut out, *b"eXIf", &orientation_only_tiff(orientation));
            }
            out.extend_from_slice(chunk);
        }
        at = end;
        if kind == b"IEND" {
            removed |= at < bytes.len();
            break;
        }
    }
    Ok(removed.then_some(out))
}

fn push_png_chunk(out: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&length.to_be_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(&kind);
    crc.update(data);
    out.extend_from_slice(&kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// The VP8X flags that announce EXIF and XMP chunks.
const WEBP_EXIF_FLAG: u8 = 0x08;
const WEBP_XMP_FLAG: u8 = 0x04;

fn strip_webp(bytes: &[u8]) -> Result<Option<Vec<u8>>, Malformed> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err("it does not start like a WebP image".to_owned());
    }
    let declared = usize::try_from(u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]))
        .unwrap_or(usize::MAX);
    let end = declared.saturating_add(8).min(bytes.len());
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..12]);
    let mut at = 12;
    let mut removed = end < bytes.len();
    while at + 8 <= end {
        let kind = &bytes[at..at + 4];
        let length = usize::try_from(u32::from_le_bytes([
            bytes[at + 4],
            bytes[at + 5],
            bytes[at + 6],
            bytes[at + 7],
        ]))
        .unwrap_or(usize::MAX);
        // Chunks are padded to an even length.
        let next = at
            .saturating_add(8)
            .saturating_add(length)
            .saturating_add(length % 2);
        let chunk = bytes
            .get(at..next.min(end))
            .filter(|_| next <= end + 1)
            .ok_or_else(|| format!("its chunk at byte {at} is cut short"))?;
        if matches!(kind, b"EXIF" | b"XMP ") {
            removed = true;
        } else {
            out.extend_from_slice(chunk);
        }
        at = next;
    }
    if !removed {
        return Ok(None);
    }
    if &out[12..16] == b"VP8X" && out.len() > 20 {
        out[20] &= !(WEBP_EXIF_FLAG | WEBP_XMP_FLAG);
    }
    let size = u32::try_from(out.len() - 8).unwrap_or(u32::MAX);
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use super::*;

    fn jpeg_with(segments: &[(u8, &[u8])], trailer: &[u8]) -> Vec<u8> {
        let mut jpeg = vec![0xFF, 0xD8];
        for (marker, payload) in segments {
            jpeg.extend_from_slice(&[0xFF, *marker]);
            let length = u16::try_from(payload.len() + 2).unwrap();
            jpeg.extend_from_slice(&length.to_be_bytes());
            jpeg.extend_from_slice(payload);
        }
        // A scan with a stuffed 0xFF and a restart marker, then the end.
        jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 2, 1, 0xFF, 0, 2, 0xFF, 0xD3, 3, 0xFF, 0xD9]);
        jpeg.extend_from_slice(trailer);
        jpeg
    }

    fn exif_with_orientation(orientation: u16) -> Vec<u8> {
        let mut exif = EXIF_PREFIX.to_vec();
        exif.extend_from_slice(&orientation_only_tiff(orientation));
        exif
    }

    #[test]
    fn jpeg_metadata_and_appended_images_go_and_the_orientation_stays() {
        let exif = [exif_with_orientation(6), b"GPS 51.5N serial 1234".to_vec()].concat();
        let jpeg = jpeg_with(
            &[
                (0xE0, b"JFIF\0\x01"),
                (0xE1, &exif),
                (0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"),
                (0xE2, b"ICC_PROFILE\0\x01\x01profile"),
                (0xED, b"Photoshop 3.0\0IPTC"),
                (0xFE, b"a comment"),
                (0xDB, b"\0quant"),
            ],
            b"\xFF\xD8 second image with EXIF GPS",
        );
        let stripped = strip(&jpeg, Format::Jpeg)
            .unwrap()
            .expect("metadata removed");
        let text = String::from_utf8_lossy(&stripped);
        for gone in ["GPS", "xmpmeta", "IPTC", "comment", "second image"] {
            assert!(!text.contains(gone), "{gone} is still there");
        }
        for kept in ["JFIF", "ICC_PROFILE", "quant"] {
            assert!(text.contains(kept), "{kept} was removed");
        }
        let exif_at = stripped
            .windows(6)
            .position(|w| w == EXIF_PREFIX)
            .expect("orientation kept");
        assert_eq!(tiff_orientation(&stripped[exif_at + 6..]), Some(6));
        assert!(stripped.ends_with(&[0xFF, 0xD9]));
        assert_eq!(strip(&stripped, Format::Jpeg).unwrap(), None, "idempotent");
    }

    #[test]
    fn a_clean_jpeg_is_left_as_it_is_and_a_broken_one_is_refused() {
        let clean = jpeg_with(&[(0xE0, b"JFIF\0\x01"), (0xDB, b"\0q")], b"");
        assert_eq!(strip(&clean, Format::Jpeg).unwrap(), None);
        assert!(strip(b"JPEG", Format::Jpeg).is_err());
        assert!(strip(&clean[..8], Format::Jpeg).is_err());
        assert!(strip(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF], Format::Jpeg).is_err());
    }

    fn png_with(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut png = PNG_SIGNATURE.to_vec();
        for (kind, data) in chunks {
            push_png_chunk(&mut png, **kind, data);
        }
        png
    }

    #[test]
    fn png_text_and_exif_chunks_go() {
        let png = png_with(&[
            (b"IHDR", b"header"),
            (b"eXIf", &orientation_only_tiff(3)),
            (b"tEXt", b"GPS\0here"),
            (b"iTXt", b"XML:com.adobe.xmp\0"),
            (b"IDAT", b"pixels"),
            (b"IEND", b""),
        ]);
        let stripped = strip(&png, Format::Png).unwrap().expect("metadata removed");
        let text = String::from_utf8_lossy(&stripped);
        assert!(!text.contains("GPS") && !text.contains("xmp"));
        assert!(text.contains("header") && text.contains("pixels"));
        let exif_at = stripped.windows(4).position(|w| w == b"eXIf").unwrap();
        assert_eq!(tiff_orientation(&stripped[exif_at + 4..]), Some(3));
        assert_eq!(strip(&stripped, Format::Png).unwrap(), None, "idempotent");
        let clean = png_with(&[(b"IHDR", b"h"), (b"IDAT", b"p"), (b"IEND", b"")]);
        assert_eq!(strip(&clean, Format::Png).unwrap(), None);
        assert!(strip(&clean[..20], Format::Png).is_err());
    }

    #[test]
    fn webp_exif_and_xmp_chunks_go_and_the_flags_follow() {
        let mut webp = b"RIFF\0\0\0\0WEBP".to_vec();
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut chunk = kind.to_vec();
            chunk.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
            chunk.extend_from_slice(data);
            if data.len() % 2 == 1 {
                chunk.push(0);
            }
            chunk
        };
        webp.extend(chunk(
            b"VP8X",
            &[WEBP_EXIF_FLAG | WEBP_XMP_FLAG, 0, 0, 0, 1, 0, 0, 1, 0, 0],
        ));
        webp.extend(chunk(b"VP8 ", b"pixels"));
        webp.extend(chunk(b"EXIF", b"GPS position"));
        webp.extend(chunk(b"XMP ", b"<xmp/>"));
        let size = u32::try_from(webp.len() - 8).unwrap();
        webp[4..8].copy_from_slice(&size.to_le_bytes());
        let stripped = strip(&webp, Format::WebP)
            .unwrap()
            .expect("metadata removed");
        let text = String::from_utf8_lossy(&stripped);
        assert!(!text.contains("GPS") && !text.contains("xmp") && text.contains("pixels"));
        assert_eq!(stripped[20] & (WEBP_EXIF_FLAG | WEBP_XMP_FLAG), 0);
        let declared = u32::from_le_bytes(stripped[4..8].try_into().unwrap());
        assert_eq!(declared as usize, stripped.len() - 8);
        assert_eq!(strip(&stripped, Format::WebP).unwrap(), None);
    }
}
