//! The query engine the search page loads: Pagefind's JavaScript and WebAssembly, as the
//! `pagefind` crate ships them, served from the site itself. The crate hands its files out
//! only beside an index it built, so salve has it index one word and keeps the files that do
//! not depend on the pages; the index itself salve writes ([`super::bundle`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{Context as _, Result};
use bytes::Bytes;

/// The query engine's files for one language.
#[derive(Debug)]
pub struct Runtime {
    /// The index format's version, which the engine checks.
    version: String,
    /// The language its index is filed under.
    language: String,
    /// The WebAssembly with the language's stemmer, if there is one.
    wasm: Option<String>,
    /// The files, by name under the index's folder.
    files: Vec<(String, Bytes)>,
}

impl Runtime {
    /// The files for `language` (its first part: `es` of `es-MX`), made once per process.
    pub fn for_language(language: &str) -> Result<Arc<Self>> {
        static MADE: OnceLock<Mutex<HashMap<String, Arc<Runtime>>>> = OnceLock::new();
        let language = base_language(language);
        let made = MADE.get_or_init(Mutex::default);
        if let Some(runtime) = made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&language)
        {
            return Ok(Arc::clone(runtime));
        }
        let runtime = Arc::new(Self::make(&language)?);
        made.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(language, Arc::clone(&runtime));
        Ok(runtime)
    }

    /// The index format's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The language the index is filed under.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The engine's files, by name under the index's folder.
    pub fn files(&self) -> &[(String, Bytes)] {
        &self.files
    }

    /// The entry file, which names the index's metadata file and the WebAssembly to load.
    pub fn entry(&self, meta_name: &str, pages: usize) -> Vec<u8> {
        let entry = serde_json::json!({
            "version": self.version,
            "languages": {
                &self.language: { "hash": meta_name, "wasm": self.wasm, "page_count": pages }
            },
            "include_characters": [],
        });
        entry.to_string().into_bytes()
    }

    fn make(language: &str) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .context("failed to start the search engine's packager")?;
        let files = runtime
            .block_on(one_word_index(language))
            .context("failed to take the search engine's files from the pagefind crate")?;
        let entry = files
            .iter()
            .find(|(name, _)| name == "pagefind-entry.json")
            .context("the pagefind crate wrote no pagefind-entry.json")?;
        let entry: serde_json::Value = serde_json::from_slice(&entry.1)
            .context("the pagefind crate wrote a pagefind-entry.json that is not JSON")?;
        let version = entry["version"]
            .as_str()
            .context("pagefind-entry.json has no version")?
            .to_owned();
        let (indexed_as, details) = entry["languages"]
            .as_object()
            .and_then(|languages| languages.iter().next())
            .context("pagefind-entry.json names no language")?;
        Ok(Self {
            version,
            language: indexed_as.clone(),
            wasm: details["wasm"].as_str().map(str::to_owned),
            files: files
                .into_iter()
                .filter(|(name, _)| is_engine_file(name))
                .collect(),
        })
    }
}

/// The first part of a language tag, which picks the stemmer.
fn base_language(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .filter(|base| !base.is_empty())
        .unwrap_or("en")
        .to_ascii_lowercase()
}

/// Whether a file the crate wrote is part of the engine rather than of its index.
fn is_engine_file(name: &str) -> bool {
    let index_part = name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["fragment/", "index/", "filter/"]
            .iter()
            .any(|dir| name.starts_with(dir));
    !index_part
}

/// The files of an index of one word in `language`.
async fn one_word_index(language: &str) -> Result<Vec<(String, Bytes)>> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_owned())
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options))?;
    index
        .add_custom_record(
            "/".to_owned(),
            "salve".to_owned(),
            language.to_owned(),
            None,
            None,
            None,
        )
        .await?;
    Ok(index
        .get_files()
        .await?
        .into_iter()
        .map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            (name, Bytes::from(file.contents))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{Runtime, base_language, is_engine_file};

    #[test]
    fn the_engine_comes_with_the_stemmer_of_the_sites_language() {
        let runtime = Runtime::for_language("es-MX").unwrap();
        assert_eq!(runtime.language, "es");
        assert_eq!(runtime.wasm.as_deref(), Some("es"));
        let names: Vec<&str> = runtime
            .files
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert!(names.contains(&"pagefind.js"), "{names:?}");
        assert!(names.contains(&"wasm.es.pagefind"), "{names:?}");
        assert!(names.iter().all(|name| is_engine_file(name)));
        assert!(!runtime.version.is_empty());
    }

    #[test]
    fn only_the_first_part_of_a_language_tag_counts() {
        assert_eq!(base_language("pt_BR"), "pt");
        assert_eq!(base_language(""), "en");
    }
}
