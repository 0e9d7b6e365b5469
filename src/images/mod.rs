//! Images as patients' phones should get them. A JPEG, PNG or WebP that a post, a page or a
//! person shows is decoded once, turned upright and written at several widths in WebP, with a
//! fallback in its own format (and a 1200×630 crop for link previews when it is a lead
//! image); the page gets a `<picture>` with `srcset`, `sizes`, `width` and `height`. Every
//! published image is free of EXIF, XMP, IPTC and GPS: variants are encoded from pixels, and
//! files copied as they are (a linked photo, `static/`) lose their metadata losslessly.
//!
//! Work is never done twice: what an image is (its size, format, whether it holds a GPS
//! position) is kept by the file's path, length and modification time, and its variants by
//! the hash of its bytes and the quality, in salve's cache folder. A rebuild reads neither
//! pixels nor whole files.

mod encode;
mod strip;

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::files::{Contents, FileSource, Output};
use crate::html::escape;

pub use encode::Shape;

/// How an image shown as variants begins.
pub const PICTURE_START: &str = "<picture>";

/// The size of a link preview image (Open Graph and Twitter cards).
pub const OG_SIZE: (u32, u32) = (1200, 630);

/// The widths of a person's photo: the theme shows it at most 160 px wide, and 320 serves
/// screens of two pixels per point.
const AVATAR_WIDTHS: [u32; 2] = [160, 320];

/// How a person's photo is shown.
const AVATAR_SIZES: &str = "160px";

/// The folder of salve's cache that holds what this module keeps.
const CACHE_DIR: &str = "images";

/// Changes when the encoding does, so that variants made by an earlier salve are not reused.
const ENCODING_VERSION: u32 = 1;

/// The raster formats salve reads (SVG and GIF are published as they are) and writes (AVIF
/// is only written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    WebP,
    /// AVIF, written when `images.avif` is on.
    Avif,
}

/// Why a file must not be published, when it is a photo in a format whose metadata salve
/// cannot remove: HEIC (iPhones' default), TIFF and cameras' raw files. They hold the same
/// EXIF as a JPEG, GPS position included, and most browsers cannot show them anyway.
pub fn unpublishable(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let kind = match extension.as_str() {
        "heic" | "heif" => "a HEIC photo",
        "tif" | "tiff" => "a TIFF image",
        "dng" | "cr2" | "cr3" | "nef" | "arw" | "orf" | "rw2" | "raf" => "a camera's raw photo",
        _ => return None,
    };
    Some(format!(
        "`{}` is {kind}: salve cannot remove the location and camera data it holds, and most browsers cannot show it; export it as JPEG and link to that (on an iPhone, Settings › Camera › Formats › Most Compatible takes new photos as JPEG)",
        path.file_name().unwrap_or_default().to_string_lossy()
    ))
}

impl Format {
    /// The format a file's name says, if it is one salve processes.
    pub fn of_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "webp" => Some(Self::WebP),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::WebP => "webp",
            Self::Avif => "avif",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::WebP => "image/webp",
            Self::Avif => "image/avif",
        }
    }

    fn of_image_format(format: image::ImageFormat) -> Option<Self> {
        match format {
            image::ImageFormat::Jpeg => Some(Self::Jpeg),
            image::ImageFormat::Png => Some(Self::Png),
            image::ImageFormat::WebP => Some(Self::WebP),
            _ => None,
        }
    }
}

/// The `images` settings of `salve.yaml`.
#[derive(Debug, Clone, Deserialize, Hash, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The widths, in pixels, each image is written at (never wider than it is).
    pub widths: Widths,
    /// The encoders' quality, 1 to 100.
    pub quality: Quality,
    /// The `sizes` attribute of images in posts and pages: how wide the theme shows them.
    pub sizes: String,
    /// Whether AVIF files are written beside the WebP ones (smaller, slower to encode).
    pub avif: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            widths: Widths(vec![480, 800, 1200, 1600]),
            quality: Quality(80),
            // The built-in theme's text column: the screen less its margins, at most 40rem.
            sizes: "(max-width: 42rem) calc(100vw - 2rem), 40rem".to_owned(),
            avif: false,
        }
    }
}

/// Widths for `srcset`: at least one, each from 16 to 8192, in increasing order.
#[derive(Debug, Clone, Deserialize, Hash, PartialEq, Eq)]
#[serde(try_from = "Vec<u32>")]
pub struct Widths(Vec<u32>);

impl TryFrom<Vec<u32>> for Widths {
    type Error = String;

    fn try_from(mut widths: Vec<u32>) -> Result<Self, String> {
        if widths.is_empty() {
            return Err("`images.widths` needs at least one width, like [480, 800, 1200]".into());
        }
        if let Some(bad) = widths.iter().find(|w| !(16..=8192).contains(*w)) {
            return Err(format!(
                "the image width {bad} is out of range; widths go from 16 to 8192 pixels"
            ));
        }
        widths.sort_unstable();
        widths.dedup();
        Ok(Self(widths))
    }
}

/// An encoder quality from 1 to 100.
#[derive(Debug, Clone, Copy, Deserialize, Hash, PartialEq, Eq)]
#[serde(try_from = "u8")]
pub struct Quality(u8);

impl TryFrom<u8> for Quality {
    type Error = String;

    fn try_from(quality: u8) -> Result<Self, String> {
        if (1..=100).contains(&quality) {
            Ok(Self(quality))
        } else {
            Err(format!(
                "the image quality {quality} is out of range; write a number from 1 to 100 (80 is a good default)"
            ))
        }
    }
}

/// What an image file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// A hash of its bytes: its variants are kept under it.
    pub hash: u64,
    /// Its width, upright (after its EXIF orientation).
    pub width: u32,
    /// Its height, upright.
    pub height: u32,
    /// Its format, from its bytes.
    pub format: Format,
    /// Whether its EXIF holds a GPS position.
    pub gps: bool,
    /// Whether it carries metadata that publishing it as it is would leak.
    pub metadata: bool,
}

/// How an image is shown, which decides its widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Use {
    /// In a post's or page's text.
    Content,
    /// As a post's or page's lead image: also cropped for link previews.
    Lead,
    /// As a person's photo.
    Avatar,
}

/// The variants an image is written as.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plan {
    /// The WebP widths, increasing.
    widths: Vec<u32>,
    /// The fallback's format (none when the source is WebP: the widest WebP is the fallback).
    fallback: Option<Format>,
    /// Whether the link-preview crop is made.
    crop: bool,
    /// Whether each width is written in AVIF too.
    avif: bool,
}

impl Plan {
    /// The files of the plan, each with its name in the cache entry and its suffix in the
    /// output (`-800w.webp`).
    fn files(&self) -> Vec<(Shape, Format, String)> {
        let mut files: Vec<(Shape, Format, String)> = self
            .widths
            .iter()
            .map(|&width| (Shape::Width(width), Format::WebP, format!("-{width}w.webp")))
            .collect();
        if self.avif {
            files.extend(
                self.widths
                    .iter()
                    .map(|&width| (Shape::Width(width), Format::Avif, format!("-{width}w.avif"))),
            );
        }
        if let (Some(format), Some(&widest)) = (self.fallback, self.widths.last()) {
            files.push((
                Shape::Width(widest),
                format,
                format!("-{widest}w.{}", format.extension()),
            ));
        }
        if self.crop {
            files.push((Shape::Crop, Format::Jpeg, "-og.jpg".to_owned()));
        }
        files
    }
}

/// An image as a page shows it: the files and sizes for `<picture>`, `srcset` and link
/// previews. URLs start with the prefix it was made for. Themes get it as a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Responsive {
    /// The fallback file (`<img src>`).
    pub src: String,
    /// The fallback's width in pixels.
    pub width: u32,
    /// The fallback's height in pixels.
    pub height: u32,
    /// The fallback's media type.
    #[serde(rename = "type")]
    pub mime: &'static str,
    /// The WebP files with their widths, for `<source type="image/webp" srcset>`.
    pub srcset: String,
    /// The AVIF files with their widths, when `images.avif` is on.
    pub avif_srcset: Option<String>,
    /// How wide the theme shows the image, for `sizes`.
    pub sizes: String,
    /// The link-preview crop, for a lead image.
    pub og: Option<Preview>,
}

/// How images of the static files are shown, by use and site path (`/images/team.jpg`).
pub type StaticShown = HashMap<(Use, String), Responsive>;

/// One file with its size.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Preview {
    /// Its URL.
    pub src: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

impl Responsive {
    /// The `<picture>`: lazy for images in the text, eager and first in line for a lead
    /// image (the largest thing on the screen when the page opens).
    pub fn html(&self, alt: &str, title: Option<&str>, class: Option<&str>, eager: bool) -> String {
        let loading = if eager {
            "fetchpriority=\"high\" decoding=\"async\""
        } else {
            "loading=\"lazy\" decoding=\"async\""
        };
        let source = |mime: &str, srcset: &str| {
            format!(
                "<source type=\"{mime}\" srcset=\"{}\" sizes=\"{}\">",
                escape(srcset),
                escape(&self.sizes)
            )
        };
        let avif = self
            .avif_srcset
            .as_deref()
            .map_or_else(String::new, |srcset| source(Format::Avif.mime(), srcset));
        // A WebP source image's fallback is its widest WebP: the `<img>` has the `srcset`.
        let webp_fallback = self.mime == Format::WebP.mime();
        let source = if webp_fallback {
            avif
        } else {
            avif + &source(Format::WebP.mime(), &self.srcset)
        };
        let srcset = if webp_fallback {
            format!(
                " srcset=\"{}\" sizes=\"{}\"",
                escape(&self.srcset),
                escape(&self.sizes)
            )
        } else {
            String::new()
        };
        let title = title
            .filter(|title| !title.is_empty())
            .map_or_else(String::new, |title| format!(" title=\"{}\"", escape(title)));
        let class = class.map_or_else(String::new, |class| format!(" class=\"{class}\""));
        format!(
            "{PICTURE_START}{source}<img src=\"{}\"{srcset} alt=\"{}\"{title}{class} width=\"{}\" height=\"{}\" {loading}></picture>",
            escape(&self.src),
            escape(alt),
            self.width,
            self.height,
        )
    }
}

/// An image to write: its source, the output path of its variants without their suffix
/// (`posts/knee/photo`), and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// The file on disk.
    pub source: PathBuf,
    /// The output path the variants' suffixes are added to.
    pub base: String,
    /// How it is shown.
    pub shown: Use,
}

/// Whether a build writes the variants, or only names them (`salve check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encode {
    /// Encode what the cache lacks.
    Missing,
    /// Encode nothing: the outputs name the files the cache would hold.
    Nothing,
}

/// What a build knows of images: the settings, the cache folder and the images probed so far.
#[derive(Debug)]
pub struct Catalog {
    settings: Settings,
    cache: PathBuf,
    probes: Mutex<HashMap<PathBuf, Result<Arc<Probe>, String>>>,
}

impl Catalog {
    /// A catalog with these settings, keeping its files in salve's cache folder (or the
    /// system's temporary folder when there is no home).
    pub fn new(settings: Settings) -> Self {
        let cache = crate::fs::cache_dir()
            .unwrap_or_else(|| std::env::temp_dir().join("salve-cache"))
            .join(CACHE_DIR);
        Self::with_cache(settings, cache)
    }

    /// A catalog keeping its files in `cache`.
    pub fn with_cache(settings: Settings, cache: PathBuf) -> Self {
        Self {
            settings,
            cache,
            probes: Mutex::new(HashMap::new()),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What the image at `source` is, or why it cannot be read.
    pub fn probe(&self, source: &Path) -> Result<Arc<Probe>, String> {
        if let Some(known) = self.lock().get(source) {
            return known.clone();
        }
        let probed = self.probe_file(source).map(Arc::new);
        self.lock().insert(source.to_path_buf(), probed.clone());
        probed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Result<Arc<Probe>, String>>> {
        self.probes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn probe_file(&self, source: &Path) -> Result<Probe, String> {
        let (length, modified) = crate::fs::stamp(source)
            .ok_or_else(|| format!("`{}` cannot be read", source.display()))?;
        let key = crate::fingerprint::fingerprint(&(source, length, modified, ENCODING_VERSION));
        let kept = self.cache.join("probes").join(format!("{key:016x}.json"));
        if let Some(probe) = std::fs::read(&kept)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        {
            return Ok(probe);
        }
        let bytes = std::fs::read(source).map_err(|error| error.to_string())?;
        let probe = probe_bytes(&bytes)?;
        if let Ok(json) = serde_json::to_vec(&probe) {
            keep(&kept, &json);
        }
        Ok(probe)
    }

    fn plan(&self, probe: &Probe, shown: Use) -> Plan {
        let configured: &[u32] = match shown {
            Use::Avatar => &AVATAR_WIDTHS,
            Use::Content | Use::Lead => &self.settings.widths.0,
        };
        let mut widths: Vec<u32> = configured
            .iter()
            .copied()
            .filter(|&width| width < probe.width)
            .collect();
        if widths.len() < configured.len() || widths.is_empty() {
            widths.push(probe.width);
        }
        Plan {
            widths,
            fallback: (probe.format != Format::WebP).then_some(probe.format),
            crop: shown == Use::Lead,
            avif: self.settings.avif,
        }
    }

    /// How the image at `source` is shown, its files named from `prefix` (a URL or a path
    /// up to the file's stem, like `img/photo` or `/posts/knee/photo`).
    pub fn responsive(
        &self,
        source: &Path,
        prefix: &str,
        shown: Use,
    ) -> Result<Responsive, String> {
        let probe = self.probe(source)?;
        let plan = self.plan(&probe, shown);
        let widest = plan.widths.last().copied().unwrap_or(probe.width);
        let height_at = |width| encode::scaled_height(probe.width, probe.height, width);
        let srcset_of = |extension: &str| {
            plan.widths
                .iter()
                .map(|width| format!("{prefix}-{width}w.{extension} {width}w"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let srcset = srcset_of("webp");
        let avif_srcset = plan.avif.then(|| srcset_of("avif"));
        let fallback = plan.fallback.unwrap_or(Format::WebP);
        let og = plan.crop.then(|| {
            let (crop_width, crop_height) = encode::og_crop(probe.width, probe.height);
            let width = crop_width.min(OG_SIZE.0);
            Preview {
                src: format!("{prefix}-og.jpg"),
                width,
                height: encode::scaled_height(crop_width, crop_height, width),
            }
        });
        Ok(Responsive {
            src: format!("{prefix}-{widest}w.{}", fallback.extension()),
            width: widest,
            height: height_at(widest),
            mime: fallback.mime(),
            srcset,
            avif_srcset,
            sizes: match shown {
                Use::Avatar => AVATAR_SIZES.to_owned(),
                Use::Content | Use::Lead => self.settings.sizes.clone(),
            },
            og,
        })
    }

    /// The file to publish for a file copied as it is: the file itself when it carries no
    /// metadata, else a copy without it (kept in the cache).
    pub fn copy_source(&self, source: &Path) -> Result<PathBuf, String> {
        let probe = self.probe(source)?;
        if !probe.metadata {
            return Ok(source.to_path_buf());
        }
        let stripped = self.cache.join("stripped").join(format!(
            "{:016x}.{}",
            probe.hash,
            probe.format.extension()
        ));
        if !stripped.is_file() {
            let bytes = std::fs::read(source).map_err(|error| error.to_string())?;
            let clean = strip::strip(&bytes, probe.format)?.unwrap_or(bytes);
            if !keep(&stripped, &clean) {
                return Err(format!(
                    "its copy without metadata could not be written to `{}`",
                    stripped.display()
                ));
            }
        }
        Ok(stripped)
    }

    /// The outputs of `jobs`: each variant as a file of the cache, encoded first when the
    /// cache lacks it and `encode` says so. Sources are processed in parallel, one decoded
    /// image per thread at a time. A source that fails comes back with why.
    pub fn outputs(&self, jobs: &[Job], encode: Encode) -> (Vec<Output>, Vec<(PathBuf, String)>) {
        let mut by_source: BTreeMap<&Path, Vec<&Job>> = BTreeMap::new();
        for job in jobs {
            by_source.entry(&job.source).or_default().push(job);
        }
        let by_source: Vec<(&Path, Vec<&Job>)> = by_source.into_iter().collect();
        let done: Vec<Result<Vec<Output>, (PathBuf, String)>> = by_source
            .into_par_iter()
            .with_max_len(1)
            .map(|(source, jobs)| {
                self.source_outputs(source, &jobs, encode)
                    .map_err(|problem| (source.to_path_buf(), problem))
            })
            .collect();
        let mut outputs = Vec::new();
        let mut failures = Vec::new();
        for result in done {
            match result {
                Ok(files) => outputs.extend(files),
                Err(failure) => failures.push(failure),
            }
        }
        (outputs, failures)
    }

    fn source_outputs(
        &self,
        source: &Path,
        jobs: &[&Job],
        encode: Encode,
    ) -> Result<Vec<Output>, String> {
        let probe = self.probe(source)?;
        let entry = self.cache.join(format!(
            "{:016x}-q{}-v{ENCODING_VERSION}",
            probe.hash, self.settings.quality.0
        ));
        let mut outputs = Vec::new();
        let mut needed: BTreeMap<String, (Shape, Format)> = BTreeMap::new();
        for job in jobs {
            for (shape, format, suffix) in self.plan(&probe, job.shown).files() {
                let cached = entry.join(suffix.trim_start_matches('-'));
                outputs.push(Output {
                    path: format!("{}{suffix}", job.base),
                    contents: Contents::File(FileSource::Disk(cached)),
                });
                needed.insert(suffix.trim_start_matches('-').to_owned(), (shape, format));
            }
        }
        needed.retain(|name, _| !entry.join(name).is_file());
        if encode == Encode::Missing && !needed.is_empty() {
            self.encode(source, &entry, &needed)?;
        }
        Ok(outputs)
    }

    /// Decodes the source once and writes each needed file into the cache entry.
    fn encode(
        &self,
        source: &Path,
        entry: &Path,
        needed: &BTreeMap<String, (Shape, Format)>,
    ) -> Result<(), String> {
        let bytes = std::fs::read(source).map_err(|error| error.to_string())?;
        let decoded = encode::decode(&bytes)?;
        drop(bytes);
        let quality = self.settings.quality.0;
        for (name, &(shape, format)) in needed {
            let pixels = decoded.resized(shape)?;
            let encoded = match format {
                Format::WebP => encode::webp(&pixels, quality)?,
                Format::Avif => encode::avif(&pixels, quality)?,
                other => encode::fallback(&pixels, other, quality)?,
            };
            let file = entry.join(name);
            if !keep(&file, &encoded) {
                return Err(format!(
                    "its variant could not be written to `{}`",
                    file.display()
                ));
            }
        }
        Ok(())
    }
}

/// Reads what an image is from its bytes: the format from the bytes (not the name), the
/// upright size from the header and the EXIF orientation, GPS and other metadata.
fn probe_bytes(bytes: &[u8]) -> Result<Probe, String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    let format = reader
        .format()
        .and_then(Format::of_image_format)
        .ok_or("it is not a JPEG, PNG or WebP image")?;
    let mut decoder = reader.into_decoder().map_err(|error| error.to_string())?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    if width == 0 || height == 0 {
        return Err("it has no pixels".to_owned());
    }
    let turned = image::ImageDecoder::orientation(&mut decoder).is_ok_and(|orientation| {
        use image::metadata::Orientation::{Rotate90, Rotate90FlipH, Rotate270, Rotate270FlipH};
        matches!(
            orientation,
            Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
        )
    });
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    let gps = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .is_ok_and(|exif| {
            exif.fields()
                .any(|field| field.tag.context() == exif::Context::Gps)
        });
    let metadata = strip::strip(bytes, format)?.is_some();
    Ok(Probe {
        hash: xxhash_rust::xxh3::xxh3_64(bytes),
        width,
        height,
        format,
        gps,
        metadata,
    })
}

/// A file's path less its extension: its variants add their own (`img/a.jpg`, `img/a-480w.webp`).
pub fn variant_prefix(path: &str) -> &str {
    let name_start = path.rfind('/').map_or(0, |slash| slash + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &path[..name_start + dot],
        _ => path,
    }
}

/// Characters a path cannot hold as they are in `src` and `srcset` (where a space or a comma
/// would split the address).
const URL_PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b'#')
    .add(b'?')
    .add(b'%')
    .add(b'<')
    .add(b'>');

/// A file path written as a URL path.
pub fn url_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, URL_PATH_ESCAPES).to_string()
}

/// Writes a file of the cache whole or not at all (a build beside it may read it); whether
/// it is there.
fn keep(file: &Path, bytes: &[u8]) -> bool {
    static PARTIALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let Some(folder) = file.parent() else {
        return false;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return false;
    }
    // Two threads (or two builds) may write the same file, from equal images: each writes
    // its own partial file, and the last rename wins with the same bytes.
    let partial = file.with_extension(format!(
        "{}-{}.part",
        std::process::id(),
        PARTIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(width: u32, height: u32, format: Format) -> Probe {
        Probe {
            hash: 1,
            width,
            height,
            format,
            gps: false,
            metadata: false,
        }
    }

    #[test]
    fn widths_never_exceed_the_image_and_always_include_one() {
        let catalog = Catalog::new(Settings::default());
        let plan = |width, shown| catalog.plan(&probe(width, 100, Format::Jpeg), shown).widths;
        assert_eq!(plan(4000, Use::Content), [480, 800, 1200, 1600]);
        assert_eq!(plan(1000, Use::Content), [480, 800, 1000]);
        assert_eq!(plan(1600, Use::Content), [480, 800, 1200, 1600]);
        assert_eq!(plan(300, Use::Content), [300]);
        assert_eq!(plan(4000, Use::Avatar), [160, 320]);
        let webp = catalog.plan(&probe(900, 100, Format::WebP), Use::Lead);
        assert_eq!(webp.fallback, None);
        assert!(webp.crop);
    }

    #[test]
    fn settings_refuse_what_cannot_be_encoded() {
        assert!(Widths::try_from(vec![]).is_err());
        assert!(Widths::try_from(vec![480, 9000]).is_err());
        assert_eq!(Widths::try_from(vec![800, 480, 800]).unwrap().0, [480, 800]);
        assert!(Quality::try_from(0).is_err());
        assert!(Quality::try_from(101).is_err());
    }

    #[test]
    fn the_picture_offers_webp_and_falls_back_to_the_source_format() {
        let responsive = Responsive {
            src: "a-800w.jpg".into(),
            width: 800,
            height: 600,
            mime: "image/jpeg",
            srcset: "a-480w.webp 480w, a-800w.webp 800w".into(),
            avif_srcset: None,
            sizes: "100vw".into(),
            og: None,
        };
        let html = responsive.html("A \"knee\"", None, None, false);
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"a-480w.webp 480w, a-800w.webp 800w\" sizes=\"100vw\"><img src=\"a-800w.jpg\" alt=\"A &quot;knee&quot;\" width=\"800\" height=\"600\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
        let lead = responsive.html("", Some("t"), Some("lead-image"), true);
        assert!(lead.contains("fetchpriority=\"high\"") && !lead.contains("loading="));
        assert!(lead.contains(" title=\"t\" class=\"lead-image\""));
        let avif = Responsive {
            avif_srcset: Some("a-480w.avif 480w".into()),
            ..responsive
        };
        assert!(avif.html("", None, None, false).starts_with(
            "<picture><source type=\"image/avif\" srcset=\"a-480w.avif 480w\" sizes=\"100vw\"><source type=\"image/webp\""
        ));
    }
}
