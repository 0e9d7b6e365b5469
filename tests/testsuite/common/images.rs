//! Images made for the tests: JPEGs as phones write them (EXIF with an orientation, a GPS
//! position and a serial number), PNGs, and the checks the tests run on what salve publishes.

use std::io::Cursor;
use std::path::Path;

use image::{ImageEncoder, Rgb, RgbImage};

/// The colour of the left half of every generated image; the right half is [`BLUE`].
pub const RED: Rgb<u8> = Rgb([220, 30, 30]);
/// The colour of the right half.
pub const BLUE: Rgb<u8> = Rgb([30, 30, 220]);

/// What a phone writes into a photo's EXIF.
#[derive(Debug, Clone, Copy)]
pub struct PhoneExif {
    /// The EXIF orientation: 1 upright, 6 turned a quarter clockwise to show.
    pub orientation: u16,
    /// Whether the GPS position is there.
    pub gps: bool,
}

/// A picture whose left half is red and right half blue.
fn halves(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| if x < width / 2 { RED } else { BLUE })
}

/// A JPEG of `width`×`height` stored pixels, with the phone's EXIF when given.
pub fn jpeg(width: u32, height: u32, exif: Option<PhoneExif>) -> Vec<u8> {
    let mut encoded = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, 90)
        .write_image(
            halves(width, height).as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("a JPEG");
    let Some(exif) = exif else {
        return encoded;
    };
    let payload = exif_block(exif);
    let length = u16::try_from(payload.len() + 2).expect("a short EXIF block");
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
    jpeg.extend_from_slice(&length.to_be_bytes());
    jpeg.extend_from_slice(&payload);
    jpeg.extend_from_slice(&encoded[2..]);
    jpeg
}

/// A PNG of `width`×`height` (red and blue halves).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut encoded = Vec::new();
    image::codecs::png::PngEncoder::new(&mut encoded)
        .write_image(
            halves(width, height).as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("a PNG");
    encoded
}

/// An EXIF block (big-endian TIFF): the orientation, the camera's serial number and, when
/// asked, a GPS directory with a latitude.
fn exif_block(exif: PhoneExif) -> Vec<u8> {
    let serial = b"SN-0042-PHONE\0";
    let entries: u16 = if exif.gps { 3 } else { 2 };
    let ifd0_size = 2 + 12 * u32::from(entries) + 4;
    let serial_at = 8 + ifd0_size;
    let gps_at = serial_at + u32::try_from(serial.len()).expect("a short serial");
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&entries.to_be_bytes());
    let mut entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(&value);
    };
    let [high, low] = exif.orientation.to_be_bytes();
    entry(0x0112, 3, 1, [high, low, 0, 0]);
    entry(
        0xA431,
        2,
        u32::try_from(serial.len()).expect("a short serial"),
        serial_at.to_be_bytes(),
    );
    if exif.gps {
        entry(0x8825, 4, 1, gps_at.to_be_bytes());
    }
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(serial);
    if exif.gps {
        tiff.extend_from_slice(&2u16.to_be_bytes());
        tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3]);
        tiff.extend_from_slice(&rationals_at.to_be_bytes());
        tiff.extend_from_slice(&[0, 0, 0, 0]);
        for (numerator, denominator) in [(51u32, 1u32), (30, 1), (1234, 100)] {
            tiff.extend_from_slice(&numerator.to_be_bytes());
            tiff.extend_from_slice(&denominator.to_be_bytes());
        }
    }
    [b"Exif\0\0".as_slice(), &tiff].concat()
}

/// The EXIF of an image file, if it has any.
pub fn exif_of(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
}

/// Whether an image's EXIF has a GPS position.
pub fn has_gps(bytes: &[u8]) -> bool {
    exif_of(bytes).is_some_and(|exif| {
        exif.fields()
            .any(|field| field.tag.context() == exif::Context::Gps)
    })
}

/// The decoded image of a file.
pub fn decode(path: &Path) -> image::DynamicImage {
    image::ImageReader::open(path)
        .and_then(image::ImageReader::with_guessed_format)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .decode()
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Whether a colour is near another (lossy encoders move colours a little).
pub fn near(pixel: image::Rgba<u8>, colour: Rgb<u8>) -> bool {
    pixel
        .0
        .iter()
        .zip(colour.0)
        .all(|(&a, b)| a.abs_diff(b) < 40)
}
