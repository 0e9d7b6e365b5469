//! Decoding an image once, turning it upright, and writing its variants: each width in WebP,
//! the fallback in the source's format and the link-preview crop. Every file is encoded from
//! pixels, so none carries the source's metadata.

use std::io::Cursor;

use fast_image_resize::images::Image as Pixels;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};

use super::{Format, OG_SIZE};

/// An upright image in memory, as 8-bit RGB or RGBA.
pub struct Decoded {
    pixels: Pixels<'static>,
}

/// What one variant is: a width in a format, or the link-preview crop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The whole picture, this wide.
    Width(u32),
    /// The centre of the picture at the link previews' 1.91:1, at most 1200×630.
    Crop,
}

/// Decodes an image and applies its EXIF orientation to the pixels.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?
        .into_decoder()
        .map_err(|error| error.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|error| error.to_string())?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let pixels = if image.color().has_alpha() {
        Pixels::from_vec_u8(
            width,
            height,
            image.into_rgba8().into_raw(),
            PixelType::U8x4,
        )
    } else {
        Pixels::from_vec_u8(width, height, image.into_rgb8().into_raw(), PixelType::U8x3)
    }
    .map_err(|error| error.to_string())?;
    Ok(Decoded { pixels })
}

impl Decoded {
    /// The picture resized to `shape`, never larger than it is.
    pub fn resized(&self, shape: Shape) -> Result<Pixels<'static>, String> {
        let (width, height) = (self.pixels.width(), self.pixels.height());
        let (target, crop) = match shape {
            Shape::Width(target) => {
                let target = target.min(width);
                ((target, scaled_height(width, height, target)), None)
            }
            Shape::Crop => {
                let (crop_width, crop_height) = og_crop(width, height);
                let target = (
                    crop_width.min(OG_SIZE.0),
                    scaled_height(crop_width, crop_height, crop_width.min(OG_SIZE.0)),
                );
                let left = f64::from(width - crop_width) / 2.0;
                let top = f64::from(height - crop_height) / 2.0;
                (
                    target,
                    Some((left, top, f64::from(crop_width), f64::from(crop_height))),
                )
            }
        };
        let mut resized = Pixels::new(target.0, target.1, self.pixels.pixel_type());
        let mut options =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        if let Some((left, top, crop_width, crop_height)) = crop {
            options = options.crop(left, top, crop_width, crop_height);
        }
        Resizer::new()
            .resize(&self.pixels, &mut resized, &options)
            .map_err(|error| error.to_string())?;
        Ok(resized)
    }
}

/// The height of a picture `width`×`height` scaled to `target` wide, at least 1.
pub fn scaled_height(width: u32, height: u32, target: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// The largest centred region of a `width`×`height` picture with the link previews' shape.
pub fn og_crop(width: u32, height: u32) -> (u32, u32) {
    let (og_width, og_height) = (u64::from(OG_SIZE.0), u64::from(OG_SIZE.1));
    if u64::from(width) * og_height > u64::from(height) * og_width {
        let crop = u64::from(height) * og_width / og_height;
        (u32::try_from(crop).unwrap_or(width).max(1), height)
    } else {
        let crop = u64::from(width) * og_height / og_width;
        (width, u32::try_from(crop).unwrap_or(height).max(1))
    }
}

/// Encodes pixels as WebP (lossy, at `quality`; lossy keeps transparency too).
pub fn webp(pixels: &Pixels<'_>, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = match pixels.pixel_type() {
        PixelType::U8x4 => {
            webp::Encoder::from_rgba(pixels.buffer(), pixels.width(), pixels.height())
        }
        _ => webp::Encoder::from_rgb(pixels.buffer(), pixels.width(), pixels.height()),
    };
    encoder
        .encode_simple(false, f32::from(quality))
        .map(|memory| memory.to_vec())
        .map_err(|error| format!("WebP encoding failed: {error:?}"))
}

/// How hard the AVIF encoder works, from 1 (slowest, smallest) to 10: 8 keeps a photo's
/// widths within a second or two of encoding.
const AVIF_SPEED: u8 = 8;

/// The colour type of pixels as the encoders name it.
fn color_of(pixels: &Pixels<'_>) -> ExtendedColorType {
    match pixels.pixel_type() {
        PixelType::U8x4 => ExtendedColorType::Rgba8,
        _ => ExtendedColorType::Rgb8,
    }
}

/// Encodes pixels as AVIF (lossy, at `quality`).
pub fn avif(pixels: &Pixels<'_>, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let color = color_of(pixels);
    image::codecs::avif::AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, quality)
        .write_image(pixels.buffer(), pixels.width(), pixels.height(), color)
        .map_err(|error| format!("AVIF encoding failed: {error}"))?;
    Ok(out)
}

/// Encodes pixels in a fallback format: JPEG (without transparency) or PNG.
pub fn fallback(pixels: &Pixels<'_>, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let color = color_of(pixels);
    let (width, height) = (pixels.width(), pixels.height());
    let written = match format {
        Format::Png => image::codecs::png::PngEncoder::new(&mut out).write_image(
            pixels.buffer(),
            width,
            height,
            color,
        ),
        Format::WebP => return webp(pixels, quality),
        Format::Avif => return avif(pixels, quality),
        Format::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            if color == ExtendedColorType::Rgba8 {
                let rgb: Vec<u8> = pixels
                    .buffer()
                    .chunks_exact(4)
                    .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
                    .collect();
                encoder.write_image(&rgb, width, height, ExtendedColorType::Rgb8)
            } else {
                encoder.write_image(pixels.buffer(), width, height, color)
            }
        }
    };
    written.map_err(|error| error.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crop_has_the_preview_shape_and_stays_inside() {
        assert_eq!(og_crop(4000, 3000), (4000, 2100));
        assert_eq!(og_crop(1200, 630), (1200, 630));
        assert_eq!(og_crop(1000, 200), (380, 200));
        assert_eq!(og_crop(1, 1), (1, 1));
        assert_eq!(scaled_height(4000, 3000, 480), 360);
        assert_eq!(scaled_height(3000, 1, 480), 1);
    }
}
