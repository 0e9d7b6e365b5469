//! `--external`: checks that links to other websites still answer. Requests run concurrently
//! with a timeout, a retry for failures that may pass, and salve's own user agent; answers that
//! were fine are remembered for a day in a cache outside the site (under `$XDG_CACHE_HOME` or
//! `~/.cache`), so repeated checks do not hammer other sites.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use super::Raw;

/// How long a good answer is trusted.
const CACHE_SECONDS: i64 = 24 * 60 * 60;
/// Requests at once.
const CONCURRENCY: usize = 8;
/// Tries per link.
const ATTEMPTS: usize = 2;

/// Checks each link once; returns findings for those that fail.
pub(super) fn check(root: &Path, links: &[(String, Raw)]) -> Vec<Raw> {
    let cache_file = cache_file(root);
    let mut cache = cache_file.as_deref().map(read_cache).unwrap_or_default();
    let now = jiff::Timestamp::now().as_second();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .user_agent(format!(
            "salve-link-checker/{} (+static site generator for clinic blogs)",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .into();
    let to_check: Vec<&(String, Raw)> = links
        .iter()
        .filter(|(url, _)| {
            cache
                .get(url)
                .is_none_or(|&checked| now - checked > CACHE_SECONDS)
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(CONCURRENCY)
        .build();
    let answers: Vec<(&String, &Raw, Result<(), String>)> = match pool {
        Ok(pool) => pool.install(|| {
            to_check
                .par_iter()
                .map(|(url, place)| (url, place, probe(&agent, url)))
                .collect()
        }),
        Err(_) => to_check
            .iter()
            .map(|(url, place)| (url, place, probe(&agent, url)))
            .collect(),
    };
    let mut findings = Vec::new();
    for (url, place, answer) in answers {
        match answer {
            Ok(()) => {
                cache.insert(url.clone(), now);
            }
            Err(problem) => {
                cache.remove(url);
                let mut finding = place.clone();
                finding.message = format!("the external link {url} {problem}");
                findings.push(finding);
            }
        }
    }
    if let Some(file) = cache_file {
        write_cache(&file, &cache);
    }
    findings
}

/// One link: HEAD first, GET when the server does not do HEAD; a retry after a pause for
/// errors that may pass (time-outs, 429, 5xx).
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let mut last = String::new();
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(500));
        }
        let answer = agent
            .head(url)
            .call()
            .and_then(|response| match response.status().as_u16() {
                405 | 403 | 501 => agent.get(url).call(),
                _ => Ok(response),
            });
        match answer {
            Ok(response)
                if response.status().is_success() || response.status().is_redirection() =>
            {
                return Ok(());
            }
            Ok(response) => {
                let status = response.status().as_u16();
                last = format!("answered {status}");
                if !(status == 429 || status >= 500) {
                    break;
                }
            }
            Err(error) => last = format!("could not be reached ({error})"),
        }
    }
    Err(last)
}

fn cache_file(root: &Path) -> Option<PathBuf> {
    let site = crate::fs::absolute(root).ok()?;
    let key = crate::slug::slugify(&site.to_string_lossy());
    Some(crate::fs::cache_dir()?.join(format!("external-links-{key}.tsv")))
}

/// The cache: one `checked-at-seconds<TAB>url` per line.
fn read_cache(file: &Path) -> BTreeMap<String, i64> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter_map(|(when, url)| when.parse().ok().map(|when| (url.to_owned(), when)))
        .collect()
}

/// Best effort: a cache that cannot be written only makes the next check slower.
fn write_cache(file: &Path, cache: &BTreeMap<String, i64>) {
    let mut text = String::new();
    for (url, when) in cache {
        let _ = writeln!(text, "{when}	{url}");
    }
    let _ = crate::fs::write_atomic(file, text.as_bytes());
}
