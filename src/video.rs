//! Videos from YouTube and Vimeo without tracking. A paragraph that is only a video's address
//! becomes a click-to-load facade: a poster stored with the site, the title and a play button
//! over a plain link to the video. Nothing is requested from the video's host until the reader
//! presses play; then the theme's `video.js` puts the player in its place, from
//! `youtube-nocookie.com` or `player.vimeo.com`. Without JavaScript the facade is the link.
//!
//! Posters are fetched once, when the site is built, and kept in salve's cache folder; a
//! poster that cannot be fetched (offline, a removed video) is replaced by a neutral one, and
//! the build says so.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::files::{Contents, FileSource, Output};
use crate::html::escape;
use crate::i18n::Strings;

/// How a facade's HTML begins.
pub const FACADE_START: &str = "<figure class=\"video-embed\"";

/// The folder of the output that holds the posters.
pub const POSTER_DIR: &str = "video-posters";

/// The poster shown when a video's own cannot be fetched: a dark frame with a play sign.
const NEUTRAL_POSTER: &[u8] = include_bytes!("video/poster.jpg");

/// A poster's width and height, as the facade declares them (YouTube's `hqdefault` size; the
/// theme scales every poster to the frame).
const POSTER_SIZE: (u32, u32) = (480, 360);

/// Where the video is hosted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// YouTube.
    YouTube,
    /// Vimeo.
    Vimeo,
}

/// A video of a known host, by its id there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Video {
    /// The host.
    pub provider: Provider,
    /// The video's id: 11 characters on YouTube, digits on Vimeo.
    pub id: String,
}

impl Video {
    /// The video an address leads to, if it is a YouTube or Vimeo video's page or player.
    pub fn from_url(address: &str) -> Option<Self> {
        let url = url::Url::parse(address.trim()).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let host = url
            .host_str()?
            .trim_start_matches("www.")
            .trim_start_matches("m.");
        let mut path = url.path_segments()?.filter(|part| !part.is_empty());
        let (provider, id) = match host {
            "youtube.com" | "youtube-nocookie.com" => {
                let id = match path.next()? {
                    "watch" => url
                        .query_pairs()
                        .find(|(key, _)| key == "v")
                        .map(|(_, value)| value.into_owned())?,
                    "embed" | "shorts" | "live" | "v" => path.next()?.to_owned(),
                    _ => return None,
                };
                (Provider::YouTube, id)
            }
            "youtu.be" => (Provider::YouTube, path.next()?.to_owned()),
            "vimeo.com" => (Provider::Vimeo, path.next()?.to_owned()),
            "player.vimeo.com" if path.next()? == "video" => {
                (Provider::Vimeo, path.next()?.to_owned())
            }
            _ => return None,
        };
        let valid = match provider {
            Provider::YouTube => {
                id.len() == 11
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            }
            Provider::Vimeo => !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
        };
        valid.then_some(Self { provider, id })
    }

    /// The host's name, for the caption.
    pub fn host(&self) -> &'static str {
        match self.provider {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
        }
    }

    /// The video's page on its host: the facade's link.
    pub fn watch_url(&self) -> String {
        match self.provider {
            Provider::YouTube => format!("https://www.youtube.com/watch?v={}", self.id),
            Provider::Vimeo => format!("https://vimeo.com/{}", self.id),
        }
    }

    /// The player the facade loads once the reader presses play: YouTube's privacy-enhanced
    /// host, or Vimeo's player without tracking.
    pub fn embed_url(&self) -> String {
        match self.provider {
            Provider::YouTube => format!(
                "https://www.youtube-nocookie.com/embed/{}?autoplay=1",
                self.id
            ),
            Provider::Vimeo => format!(
                "https://player.vimeo.com/video/{}?autoplay=1&dnt=1",
                self.id
            ),
        }
    }

    /// The poster's file in the output folder.
    pub fn poster_file(&self) -> String {
        let provider = match self.provider {
            Provider::YouTube => "youtube",
            Provider::Vimeo => "vimeo",
        };
        format!("{POSTER_DIR}/{provider}-{}.jpg", self.id)
    }

    /// The facade's HTML: the poster and a play sign inside a link to the video, and the
    /// title (the link's text in the Markdown, if any) as its caption. `base_path` is the
    /// site's (`/` or `/blog/`).
    pub fn facade(&self, title: Option<&str>, base_path: &str, strings: &Strings) -> String {
        let host = self.host();
        let on_host = escape(&strings.text("video_on", &[("host", host)]));
        let (title, caption) = match title {
            Some(title) => (
                escape(title),
                format!(
                    "{} <span class=\"video-host\">({})</span>",
                    escape(title),
                    escape(&strings.text("video_on_short", &[("host", host)]))
                ),
            ),
            None => (on_host.clone(), on_host),
        };
        let play = escape(&strings.text("play_video", &[]));
        let (width, height) = POSTER_SIZE;
        format!(
            "<figure class=\"video-embed\" data-embed=\"{embed}\" data-title=\"{title}\">\n\
             <a class=\"video-link\" href=\"{watch}\"><img class=\"video-poster\" src=\"{base_path}{poster}\" alt=\"\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" decoding=\"async\">\
             <span class=\"video-play\"><svg aria-hidden=\"true\" focusable=\"false\" width=\"28\" height=\"28\" viewBox=\"0 0 24 24\"><path d=\"M8 5v14l11-7z\" fill=\"currentColor\"/></svg><span>{play}<span class=\"visually-hidden\">: {title}</span></span></span></a>\n\
             <figcaption>{caption}</figcaption>\n\
             </figure>\n",
            embed = escape(&self.embed_url()),
            watch = escape(&self.watch_url()),
            poster = self.poster_file(),
        )
    }
}

/// Where posters come from, from `videos` in salve.yaml.
#[derive(Debug, Clone, Copy)]
pub struct PosterSources<'a> {
    /// A YouTube poster's address, `{id}` standing for the video's id.
    pub youtube: &'a str,
    /// The address of Vimeo's description of a video (oEmbed JSON, whose `thumbnail_url` is
    /// the poster), `{id}` standing for the video's id.
    pub vimeo: &'a str,
}

/// Whether this build may fetch posters it does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// It may (`salve build`, `salve serve`).
    Network,
    /// It may not (`salve check`): posters not in the cache are the neutral one.
    CacheOnly,
}

/// The poster of each video, as outputs; and, when some could not be fetched, one line that
/// says which and why.
pub fn posters(
    videos: &BTreeSet<Video>,
    sources: PosterSources,
    fetch: Fetch,
) -> (Vec<Output>, Option<String>) {
    let cache = crate::fs::cache_dir().map(|dir| dir.join(POSTER_DIR));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(15)))
        .user_agent(format!("salve/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let found: Vec<(Output, Option<String>)> = videos
        .par_iter()
        .map(|video| {
            let path = video.poster_file();
            let cached = cache.as_deref().map(|dir| dir.join(file_name(&path)));
            match poster(video, cached.as_deref(), &agent, sources, fetch) {
                Ok(contents) => (Output { path, contents }, None),
                Err(problem) => (
                    Output {
                        path,
                        contents: Contents::File(FileSource::Embedded(NEUTRAL_POSTER)),
                    },
                    Some(format!("{} video {} ({problem})", video.host(), video.id)),
                ),
            }
        })
        .collect();
    let failures: Vec<String> = found.iter().filter_map(|(_, f)| f.clone()).collect();
    let note = (!failures.is_empty()).then(|| {
        format!(
            "the poster of {} could not be fetched, so a neutral poster is shown; the next build tries again: {}",
            crate::diagnostics::count(failures.len(), "video", "videos"),
            failures.join("; ")
        )
    });
    (found.into_iter().map(|(output, _)| output).collect(), note)
}

/// The last part of a `/`-separated path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A video's poster: from the cache, else fetched (and kept in the cache).
fn poster(
    video: &Video,
    cached: Option<&Path>,
    agent: &ureq::Agent,
    sources: PosterSources,
    fetch: Fetch,
) -> Result<Contents, String> {
    if let Some(file) = cached.filter(|file| file.is_file()) {
        return Ok(Contents::File(FileSource::Disk(file.to_path_buf())));
    }
    if fetch == Fetch::CacheOnly {
        return Err("not fetched by salve check".to_owned());
    }
    let address = match video.provider {
        Provider::YouTube => sources.youtube.replace("{id}", &video.id),
        Provider::Vimeo => {
            let oembed = sources.vimeo.replace("{id}", &video.id);
            let description: serde_json::Value = get(agent, &oembed).and_then(|bytes| {
                serde_json::from_slice(&bytes).map_err(|error| format!("{oembed}: {error}"))
            })?;
            description["thumbnail_url"]
                .as_str()
                .ok_or_else(|| format!("{oembed} names no thumbnail_url"))?
                .to_owned()
        }
    };
    let bytes = get(agent, &address)?;
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(format!("{address} is not a JPEG image"));
    }
    Ok(match cached.and_then(|file| keep(file, &bytes)) {
        Some(file) => Contents::File(FileSource::Disk(file)),
        None => Contents::Bytes(bytes.into()),
    })
}

/// The body of a GET, or why not.
fn get(agent: &ureq::Agent, address: &str) -> Result<Vec<u8>, String> {
    let mut response = agent
        .get(address)
        .call()
        .map_err(|error| format!("{address}: {error}"))?;
    response
        .body_mut()
        .with_config()
        .limit(5 * 1024 * 1024)
        .read_to_vec()
        .map_err(|error| format!("{address}: {error}"))
}

/// Writes a fetched poster into the cache; the file, when that worked.
fn keep(file: &Path, bytes: &[u8]) -> Option<PathBuf> {
    std::fs::create_dir_all(file.parent()?).ok()?;
    let partial = file.with_extension("part");
    std::fs::write(&partial, bytes).ok()?;
    std::fs::rename(&partial, file).ok()?;
    Some(file.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_addresses_are_recognised() {
        for address in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ] {
            let video = Video::from_url(address).unwrap_or_else(|| panic!("{address}"));
            assert_eq!(
                (video.provider, video.id.as_str()),
                (Provider::YouTube, "dQw4w9WgXcQ")
            );
        }
        let vimeo = Video::from_url("https://vimeo.com/76979871").unwrap();
        assert_eq!(
            (vimeo.provider, vimeo.id.as_str()),
            (Provider::Vimeo, "76979871")
        );
        assert_eq!(
            Video::from_url("https://player.vimeo.com/video/76979871").unwrap(),
            vimeo
        );
        for other in [
            "https://www.youtube.com/@riverbendpain",
            "https://www.youtube.com/watch?v=short",
            "https://vimeo.com/channels/staffpicks",
            "https://example.org/watch?v=dQw4w9WgXcQ",
            "ftp://youtu.be/dQw4w9WgXcQ",
            "not a url",
        ] {
            assert_eq!(Video::from_url(other), None, "{other}");
        }
    }

    #[test]
    fn the_facade_loads_nothing_from_the_host() {
        let video = Video::from_url("https://youtu.be/dQw4w9WgXcQ").unwrap();
        let html = video.facade(
            Some("Knee <exercises>"),
            "/blog/",
            &crate::i18n::built_in_only(&crate::config::Config::default()).0[0],
        );
        assert!(html.contains("src=\"/blog/video-posters/youtube-dQw4w9WgXcQ.jpg\""));
        assert!(html.contains(
            "data-embed=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ));
        assert!(html.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""));
        assert!(html.contains("Knee &lt;exercises&gt;"));
        assert!(NEUTRAL_POSTER.starts_with(&[0xFF, 0xD8, 0xFF]));
    }
}
