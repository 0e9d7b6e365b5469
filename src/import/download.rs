//! Downloading a post's images from the old site into the post's folder, in parallel, with
//! timeouts and one retry; a failed download keeps the remote address and is reported.

use std::path::Path;
use std::time::Duration;

use rayon::prelude::*;

/// One image to fetch: its address, and the file name it gets beside the post.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// The remote address.
    pub url: String,
    /// The file name in the post's folder.
    pub file: String,
}

/// The images of a Markdown body (`![alt](https://...)`), each with a file name of its own.
pub fn images(markdown: &str) -> Vec<Wanted> {
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("](http") {
        let after = &rest[start + 2..];
        let end = after.find([')', ' ']).unwrap_or(after.len());
        let url = &after[..end];
        let is_image = rest[..start]
            .rfind("![")
            .is_some_and(|open| !rest[open..start].contains(']'));
        if is_image && !wanted.iter().any(|known| known.url == url) {
            let file = file_name(url, wanted.len());
            wanted.push(Wanted {
                url: url.to_owned(),
                file,
            });
        }
        rest = &after[end..];
    }
    wanted
}

/// A file name for an image address: its last path part, made safe, else a numbered one.
fn file_name(url: &str, index: usize) -> String {
    let last = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    let (stem, extension) = decoded.rsplit_once('.').unwrap_or((&decoded, "jpg"));
    let stem = crate::slug::slugify(stem);
    let extension: String = extension
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(5)
        .collect::<String>()
        .to_lowercase();
    let stem = if stem.is_empty() {
        format!("image-{}", index + 1)
    } else {
        stem
    };
    format!(
        "{stem}-{}.{}",
        index + 1,
        if extension.is_empty() {
            "jpg"
        } else {
            &extension
        }
    )
}

/// Fetches the images into `folder`; returns the addresses that failed, with why.
pub fn fetch(wanted: &[Wanted], folder: &Path) -> Vec<(String, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(30)))
        .user_agent(format!("salve-import/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    wanted
        .par_iter()
        .filter_map(|image| {
            let mut last = String::new();
            for _ in 0..2 {
                match get(&agent, &image.url) {
                    Ok(bytes) => match crate::fs::write_new(&folder.join(&image.file), &bytes) {
                        Ok(_) => return None,
                        Err(error) => return Some((image.url.clone(), error.to_string())),
                    },
                    Err(problem) => last = problem,
                }
            }
            Some((image.url.clone(), last))
        })
        .collect()
}

fn get(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>, String> {
    let mut response = agent.get(url).call().map_err(|error| error.to_string())?;
    response
        .body_mut()
        .with_config()
        .limit(50 * 1024 * 1024)
        .read_to_vec()
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_of_a_body_get_file_names_of_their_own() {
        let wanted = images(
            "![A](https://x.org/a/Knee%20Photo.JPG?w=300) [link](https://x.org/page) ![B](https://x.org/b.png \"t\") ![A](https://x.org/a/Knee%20Photo.JPG?w=300)",
        );
        let files: Vec<&str> = wanted.iter().map(|w| w.file.as_str()).collect();
        assert_eq!(files, ["knee-photo-1.jpg", "b-2.png"]);
    }
}
