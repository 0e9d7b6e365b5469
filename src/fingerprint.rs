//! Fingerprints and the tables of results kept under them. A fingerprint is a 64-bit hash of
//! everything a result was computed from; a result is reused only when the fingerprint of its
//! inputs is the same. Every stage that can skip work keeps its own [`Table`] (the memo holds
//! them for `salve serve`), and `salve build` records fingerprints in the output folder's
//! manifest.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3Default;

/// A fingerprint of a value: XXH3, which keeps its value from one run (and one Rust release)
/// to the next, as the manifest's page keys need, and hashes a post's text many times faster
/// than the standard library's SipHash.
pub fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = Xxh3Default::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint of a value through its serialised form, for values that are not `Hash` (a
/// template value, the configuration).
pub fn fingerprint_serialized(value: &impl Serialize) -> u64 {
    let mut writer = HashWriter(Xxh3Default::new());
    // Serialising into a hasher cannot fail on I/O; a value that cannot be serialised gets a
    // key never seen before, which only costs a recomputation.
    if serde_json::to_writer(&mut writer, value).is_err() {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        return fingerprint(&("unserialisable", UNIQUE.fetch_add(1, Ordering::Relaxed)));
    }
    writer.0.finish()
}

/// A fingerprint of a value through its `Debug` form, for values that are neither `Hash` nor
/// `Serialize` (the configuration). Sound because the form shows every field, and maps in it
/// are ordered.
pub fn fingerprint_debug(value: &impl std::fmt::Debug) -> u64 {
    fingerprint(&format!("{value:?}"))
}

struct HashWriter(Xxh3Default);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Results by name, each with the fingerprint it was computed under. A disabled table (that of
/// a one-shot `salve build`) keeps nothing: the same code runs, and every lookup misses.
#[derive(Debug)]
pub struct Table<K, V> {
    enabled: bool,
    entries: HashMap<K, (u64, V)>,
}

impl<K, V> Table<K, V> {
    /// An empty table; `enabled` says whether it keeps what it is given.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            entries: HashMap::new(),
        }
    }

    /// Whether the table keeps results.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Keeps only the results that pass `keep`.
    pub fn retain(&mut self, mut keep: impl FnMut(&V) -> bool) {
        self.entries.retain(|_, (_, value)| keep(value));
    }
}

impl<K: Hash + Eq, V: Clone> Table<K, V> {
    /// The result stored under `name`, if it was computed under the same key.
    pub fn get(&self, name: &K, key: u64) -> Option<V> {
        self.entries
            .get(name)
            .filter(|(stored, _)| *stored == key)
            .map(|(_, value)| value.clone())
    }

    /// Replaces the table with this build's results, so that entries no build uses any more
    /// (a deleted post, a page that is gone) do not pile up.
    pub fn replace(&mut self, entries: impl IntoIterator<Item = (K, u64, V)>) {
        self.entries = if self.enabled {
            entries
                .into_iter()
                .map(|(name, key, value)| (name, (key, value)))
                .collect()
        } else {
            HashMap::new()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn a_result_is_found_only_under_the_key_it_was_stored_with() {
        let mut table = Table::new(true);
        table.replace([("a".to_owned(), 1, "one")]);
        assert_eq!(table.get(&"a".to_owned(), 1), Some("one"));
        assert_eq!(table.get(&"a".to_owned(), 2), None);
        assert_eq!(table.get(&"b".to_owned(), 1), None);
    }

    #[test]
    fn a_disabled_table_keeps_nothing() {
        let mut table = Table::new(false);
        table.replace([(1_u8, 1, "one")]);
        assert_eq!(table.get(&1, 1), None);
    }
}
