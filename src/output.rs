//! Writing the built site. Pages are *staged* as they are rendered: each new or changed file is
//! written beside its target under a temporary name, and only when the whole build has
//! succeeded do the staged files take their places (a rename each). A build with errors
//! removes what it staged, so the previous output stays as it was, and pages need not be held
//! in memory until the end.
//!
//! salve never deletes what it did not write: it keeps a manifest of its files in the output
//! folder, refuses a folder holding anything else, and refuses folders that hold the site's
//! sources. The manifest also records, for each file, the key it was made under (see
//! [`crate::fingerprint`]) and its length and modification time as written: a later build by the same
//! salve that computes the same key for a file whose length and time are unchanged keeps it
//! without rendering it again. Unchanged files are not rewritten; files of an earlier build that
//! are no longer produced are removed.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use crate::config::Config;
use crate::files::{Contents, FileSource, Output, Sink};
/// The file in the output folder that lists what salve wrote there.
pub const MANIFEST: &str = ".salve-manifest";

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: usize,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files of an earlier build that are gone now.
    pub removed: usize,
}

/// Refuses an output folder that is, contains or lies inside one of the site's source folders,
/// or that is the home folder or one of its parents.
pub fn check_location(root: &Path, config: &Config, output_dir: &Path) -> Result<()> {
    let output = crate::fs::absolute(output_dir)?;
    let root = crate::fs::absolute(root)?;
    let sources = [
        (root.clone(), "the site's root folder"),
        (
            crate::fs::absolute(&root.join(&config.posts_dir))?,
            "the posts folder",
        ),
        (
            crate::fs::absolute(&root.join(&config.static_dir))?,
            "the static folder",
        ),
        (
            crate::fs::absolute(&root.join(&config.templates_dir))?,
            "the templates folder",
        ),
        (
            crate::fs::absolute(&root.join("themes"))?,
            "the themes folder",
        ),
    ];
    for (source, what) in &sources {
        if source.starts_with(&output) {
            bail!(
                "refusing to write the site into `{}`: it is {what} or contains it, and salve never risks deleting sources; set `output_dir` in salve.yaml or --output to a folder of its own, such as `public`",
                output_dir.display()
            );
        }
        if output.starts_with(source) && source != &root {
            bail!(
                "refusing to write the site into `{}`: it is inside {what}; choose a folder of its own, such as `public`",
                output_dir.display()
            );
        }
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|home| crate::fs::absolute(&home).ok());
    if home.is_some_and(|home| home.starts_with(&output)) {
        bail!(
            "refusing to write the site into `{}`: it is your home folder or contains it; choose a folder of its own, such as `public`",
            output_dir.display()
        );
    }
    Ok(())
}

/// Writes the outputs into `output_dir`, which must be missing, empty, or hold only files an
/// earlier salve build wrote: stages every file, then commits.
pub fn write(output_dir: &Path, outputs: &[Output]) -> Result<WriteReport> {
    let staging = Staging::open(output_dir)?;
    let placed = outputs
        .par_iter()
        .map(|output| staging.stage(output, None))
        .collect::<Result<Vec<_>>>()?;
    staging.commit(&placed, None)
}

/// A file's length and modification time (nanoseconds since 1970), as last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: u128,
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        Self::new(crate::fs::stamp(path)?)
    }

    fn new((len, modified): (u64, SystemTime)) -> Option<Self> {
        let modified = modified
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Self { len, modified })
    }
}

/// What the manifest says of one file.
#[derive(Debug, Clone, Copy)]
struct Recorded {
    key: Option<u64>,
    stamp: Option<Stamp>,
}

/// A file of the new build, placed in the output folder or staged beside its place.
#[derive(Debug, Clone)]
pub struct Placed {
    path: String,
    key: Option<u64>,
    /// The staged file, when the file is new or changed.
    staged: Option<PathBuf>,
    stamp: Option<Stamp>,
    /// Left in place without being rendered or compared: its key and stamp matched.
    kept: bool,
}

impl Placed {
    /// The file's path inside the output folder.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The key it was made under, if it has one.
    pub fn key(&self) -> Option<u64> {
        self.key
    }
}

/// The output folder while a build writes into it. Dropping it without [`Staging::commit`]
/// removes everything staged, leaving the folder as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// What the manifest of the earlier build lists.
    previous: HashMap<String, Recorded>,
    /// This salve's [`build_id`], written into the manifest.
    build: u64,
    /// Whether the earlier build was made by this very salve, so that its keys can be trusted.
    same_build: bool,
    /// The key of everything the earlier build read (see [`Staging::held_site`]).
    site_key: Option<u64>,
    /// Staged files not yet in place.
    staged: Mutex<Vec<PathBuf>>,
    /// Folders this build made or found while writing: many files share a folder (a
    /// language's pages, the search index's fragments), and asking the file system again for
    /// each costs two calls a file.
    folders: Mutex<HashSet<PathBuf>>,
    /// When the output folder did not exist: the new hidden folder beside it that this build
    /// writes into under the files' own names, put in place with one rename on commit.
    fresh: Option<PathBuf>,
    /// Whether this build made the output folder (and removes it again if it fails).
    made_dir: bool,
    /// Makes staged names unique, so that two pages with the same path (an error reported
    /// later) never write one staged file.
    counter: AtomicU64,
    /// Keeps other builds out of the folder while this one writes; released last.
    _lock: Lock,
}

impl Staging {
    /// Opens the output folder: reads the manifest of the earlier build, checks that the folder
    /// holds nothing salve did not write, and removes files a crashed build left staged.
    pub fn open(output_dir: &Path) -> Result<Self> {
        let lock = Lock::take(output_dir)?;
        let (manifest, previous) = previous_files(output_dir)?;
        let build = build_id();
        let fresh = if output_dir.exists() {
            None
        } else {
            fresh_folder(output_dir)
        };
        Ok(Self {
            dir: output_dir.to_path_buf(),
            previous,
            build,
            same_build: manifest.build == Some(build),
            site_key: manifest.site,
            made_dir: !output_dir.exists(),
            staged: Mutex::new(Vec::new()),
            folders: Mutex::default(),
            fresh,
            counter: AtomicU64::new(0),
            _lock: lock,
        })
    }

    /// The file at `path` as the earlier build left it, if that build made it under the same
    /// key and it has not been touched since.
    pub fn held(&self, path: &str, key: u64) -> Option<Placed> {
        let recorded = self.previous.get(path)?;
        if !self.same_build || recorded.key != Some(key) {
            return None;
        }
        self.intact(path, recorded)
    }

    /// The file of the earlier build at `path`, kept, if it still has the length and time the
    /// manifest recorded.
    fn intact(&self, path: &str, recorded: &Recorded) -> Option<Placed> {
        let stamp = recorded.stamp?;
        (Stamp::of(&self.dir.join(path)) == Some(stamp)).then(|| Placed {
            path: path.to_owned(),
            key: recorded.key,
            staged: None,
            stamp: Some(stamp),
            kept: true,
        })
    }

    /// Every file of the earlier build, if it read the same inputs (`site_key`, a key of
    /// everything a build reads) and none of its files has been touched since: the build would
    /// come out the same, so nothing need be done.
    pub fn held_site(&self, site_key: u64) -> Option<Vec<Placed>> {
        if !self.same_build || self.site_key != Some(site_key) {
            return None;
        }
        self.previous
            .par_iter()
            .map(|(path, recorded)| self.intact(path, recorded))
            .collect()
    }

    /// Every file the earlier build left in the folder `prefix`, if there are some and each is
    /// [held](Staging::held) under `key`.
    pub fn held_under(&self, prefix: &str, key: u64) -> Option<Vec<Placed>> {
        let files: Vec<Placed> = self
            .previous
            .keys()
            .filter(|path| {
                path.strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|path| self.held(path, key))
            .collect::<Option<_>>()?;
        (!files.is_empty()).then_some(files)
    }

    /// Stages one file unless the output folder already has these bytes there. A copied file
    /// without a key gets one from its source ([`source_key`]).
    pub fn stage(&self, output: &Output, key: Option<u64>) -> Result<Placed> {
        if !is_safe_relative(&output.path) {
            bail!(
                "internal error: refusing to write outside the output folder: `{}`",
                output.path
            );
        }
        let key = key.or_else(|| source_key(&output.contents));
        if let Some(fresh) = &self.fresh {
            let target = fresh.join(&output.path);
            let stamp = self.write_new(&output.contents, &target)?;
            return Ok(Placed {
                path: output.path.clone(),
                key,
                staged: Some(target),
                stamp,
                kept: false,
            });
        }
        if let Some(placed) = key.and_then(|key| self.held(&output.path, key)) {
            return Ok(placed);
        }
        let target = self.dir.join(&output.path);
        let unchanged = match bytes_or_source(&output.contents) {
            Ok(bytes) => crate::fs::has_contents(&target, bytes),
            Err(source) => crate::fs::same_file_contents(source, &target),
        };
        if unchanged {
            return Ok(Placed {
                path: output.path.clone(),
                key,
                staged: None,
                stamp: Stamp::of(&target),
                kept: false,
            });
        }
        let staged = self.staged_name(&target);
        self.remember(staged.clone());
        let stamp = self.write_new(&output.contents, &staged)?;
        Ok(Placed {
            path: output.path.clone(),
            key,
            stamp,
            staged: Some(staged),
            kept: false,
        })
    }

    /// Writes a new file from an output's bytes or its source file; its stamp as written.
    fn write_new(&self, contents: &Contents, path: &Path) -> Result<Option<Stamp>> {
        self.make_parent(path)?;
        let stamp = match bytes_or_source(contents) {
            Ok(bytes) => crate::fs::write_new_in_folder(path, bytes)?,
            Err(source) => crate::fs::copy_new_in_folder(source, path)?,
        };
        Ok(Stamp::new(stamp))
    }

    /// Makes the folder that holds `path`, unless this build made or found it already.
    fn make_parent(&self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let folders = || {
            self.folders
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if folders().contains(parent) {
            return Ok(());
        }
        crate::fs::create_dir_all(parent)?;
        folders().insert(parent.to_path_buf());
        Ok(())
    }

    /// The bytes of a file of this build, staged or in place.
    pub fn read(&self, placed: &Placed) -> Result<Vec<u8>> {
        match &placed.staged {
            Some(staged) => crate::fs::read(staged),
            None => crate::fs::read(&self.dir.join(&placed.path)),
        }
    }

    /// Puts the staged files in their places, removes the files of the earlier build that
    /// this one does not have, and writes the manifest of `placed`, every file of this build,
    /// with the key of what the build read (when it has one).
    pub fn commit(mut self, placed: &[Placed], site_key: Option<u64>) -> Result<WriteReport> {
        if let Some(fresh) = &self.fresh {
            let manifest = Manifest::text(placed, self.build, site_key);
            crate::fs::write_new(&fresh.join(MANIFEST), manifest.as_bytes())?;
            crate::fs::rename(fresh, &self.dir)?;
            self.fresh = None;
            return Ok(WriteReport {
                written: placed.len(),
                ..WriteReport::default()
            });
        }
        // The journal names every file of this build before any takes its place: a build
        // killed among the renames leaves new files the manifest does not list, and the next
        // build takes them as its own instead of refusing the folder.
        let journal = self.dir.join(JOURNAL);
        crate::fs::write_atomic(
            &journal,
            Manifest::text(placed, self.build, None).as_bytes(),
        )?;
        placed
            .par_iter()
            .filter_map(|file| Some((file.staged.as_ref()?, &file.path)))
            .try_for_each(|(staged, path)| crate::fs::rename(staged, &self.dir.join(path)))?;
        self.staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
        let mut report = WriteReport::default();
        for file in placed {
            if file.staged.is_some() {
                report.written += 1;
            } else {
                report.unchanged += 1;
            }
        }
        let current: HashSet<&str> = placed.iter().map(|file| file.path.as_str()).collect();
        let mut stale: Vec<&String> = self
            .previous
            .keys()
            .filter(|path| !current.contains(path.as_str()))
            .collect();
        stale.sort_unstable();
        for path in stale {
            let file = self.dir.join(path);
            crate::fs::remove_file(&file)?;
            report.removed += 1;
            remove_empty_parents(&self.dir, &file);
        }
        let manifest = Manifest::text(placed, self.build, site_key);
        let manifest_file = self.dir.join(MANIFEST);
        if !crate::fs::has_contents(&manifest_file, manifest.as_bytes()) {
            crate::fs::create_dir_all(&self.dir)?;
            crate::fs::write_atomic(&manifest_file, manifest.as_bytes())?;
        }
        crate::fs::remove_file(&journal)?;
        Ok(report)
    }

    /// How many of `placed` were kept without rendering.
    pub fn kept(placed: &[Placed]) -> usize {
        placed.iter().filter(|file| file.kept).count()
    }

    fn staged_name(&self, target: &Path) -> PathBuf {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let number = self.counter.fetch_add(1, Ordering::Relaxed);
        target.with_file_name(format!(".{name}.{number}{TEMPORARY_SUFFIX}"))
    }

    fn remember(&self, staged: PathBuf) {
        self.staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(staged);
    }
}

impl Drop for Staging {
    /// A build that did not commit removes what it staged, and the folders it made for them.
    fn drop(&mut self) {
        let staged = std::mem::take(
            self.staged
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for file in staged {
            let _ = std::fs::remove_file(&file);
            remove_empty_parents(&self.dir, &file);
        }
        if self.made_dir {
            crate::fs::remove_empty_dir(&self.dir);
        }
        if let Some(fresh) = &self.fresh {
            // Made empty by this build (see `fresh_folder`), so it holds only what it wrote.
            let _ = std::fs::remove_dir_all(fresh);
        }
    }
}

/// A new, empty, hidden folder beside an output folder that does not exist yet, for a build to
/// write into directly: no staged names, no comparisons, and one rename at the end instead of
/// one per file. `None` when it cannot be made (a crashed build left one, say): the build then
/// stages its files in the output folder as usual.
fn fresh_folder(output_dir: &Path) -> Option<PathBuf> {
    let name = output_dir.file_name()?.to_string_lossy();
    let parent = output_dir
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).ok()?;
    let folder = parent.join(format!(".{name}{TEMPORARY_SUFFIX}"));
    // One left by a build that was killed: salve made it under its own hidden name, and the
    // lock says that no build is writing it now.
    if folder.is_dir() && !folder.is_symlink() {
        std::fs::remove_dir_all(&folder).ok()?;
    }
    std::fs::create_dir(&folder).ok()?;
    Some(folder)
}

/// The lock file beside an output folder: `.public.salve-lock` holds the process id of the
/// build that writes `public`. A second build refuses the folder while that process lives,
/// and takes over a lock whose process is gone (a build that was killed).
#[derive(Debug)]
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn take(output_dir: &Path) -> Result<Self> {
        let name = output_dir
            .file_name()
            .map_or_else(|| "output".into(), |name| name.to_string_lossy());
        let parent = output_dir
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::fs::create_dir_all(parent)?;
        let path = parent.join(format!(".{name}.salve-lock"));
        let pid = std::process::id().to_string();
        // Two tries: the second after taking over the lock of a process that is gone.
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    use std::io::Write as _;
                    file.write_all(pid.as_bytes()).map_err(|error| {
                        anyhow::anyhow!("failed to write `{}`: {error}", path.display())
                    })?;
                    return Ok(Self { path });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let holder = holder.trim();
                    if process_is_running(holder) {
                        bail!(
                            "another salve build (process {holder}) is writing `{}`; wait for it to finish, or stop it (if no build is running, delete `{}`)",
                            output_dir.display(),
                            path.display()
                        );
                    }
                    crate::fs::remove_file(&path)?;
                }
                Err(error) => {
                    return Err(error)
                        .with_context(|| format!("failed to create `{}`", path.display()));
                }
            }
        }
        bail!(
            "could not take the lock `{}`: another build took it at the same moment; try again",
            path.display()
        )
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the process with this id (as written in a lock file) is running. A lock whose
/// holder cannot be read is taken as held on systems without `/proc`, where salve cannot tell.
fn process_is_running(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

impl Sink for Staging {
    const KEEPS_PAGES: bool = false;
    type Item = Placed;

    fn held(&self, path: &str, key: u64) -> Option<Placed> {
        Staging::held(self, path, key)
    }

    fn take(&self, output: Output, key: u64) -> Result<Placed> {
        self.stage(&output, Some(key))
    }
}

/// The bytes of an output held in memory, or the file on disk it is copied from.
fn bytes_or_source(contents: &Contents) -> Result<&[u8], &Path> {
    match contents {
        Contents::Bytes(bytes) => Ok(bytes),
        Contents::File(FileSource::Embedded(bytes)) => Ok(bytes),
        Contents::File(FileSource::Disk(source)) => Err(source),
    }
}

/// The suffix of staged files.
const TEMPORARY_SUFFIX: &str = ".salve-tmp";

/// The file that names a build's files while they take their places (see [`Staging::commit`]).
const JOURNAL: &str = ".salve-journal";

/// What makes manifests of different salve builds differ: keys are fingerprints of what salve
/// renders from, and another salve may render the same inputs differently.
fn build_id() -> u64 {
    let executable = std::env::current_exe()
        .ok()
        .and_then(|path| Stamp::of(&path))
        .map(|stamp| (stamp.len, stamp.modified));
    crate::fingerprint::fingerprint(&(env!("CARGO_PKG_VERSION"), executable))
}

/// The first line of a manifest that records keys; older manifests list only paths.
const MANIFEST_HEADER: &str = "salve-manifest 2";

/// What the header of the earlier build's manifest says.
#[derive(Debug, Default)]
struct Manifest {
    /// The salve that made it ([`build_id`]).
    build: Option<u64>,
    /// The key of what it read.
    site: Option<u64>,
}

impl Manifest {
    /// The manifest: a header with the build id and the site key, then one line per file:
    /// key (or `-`), length, modification time, path.
    fn text(placed: &[Placed], build: u64, site_key: Option<u64>) -> String {
        let hex =
            |key: Option<u64>| key.map_or_else(|| "-".to_owned(), |key| format!("{key:016x}"));
        let mut files: Vec<&Placed> = placed.iter().collect();
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        let mut text = format!("{MANIFEST_HEADER} {} {}\n", hex(Some(build)), hex(site_key));
        for file in files {
            let (len, modified) = file
                .stamp
                .map_or((0, 0), |stamp| (stamp.len, stamp.modified));
            // Writing into a String cannot fail.
            let _ = writeln!(text, "{}\t{len}\t{modified}\t{}", hex(file.key), file.path);
        }
        text
    }

    /// Reads a manifest: its header, and what each file was made under.
    fn parse(text: &str) -> (Self, HashMap<String, Recorded>) {
        let mut lines = text.lines();
        let Some(header) = text.strip_prefix(MANIFEST_HEADER) else {
            let paths = lines.filter(|line| is_safe_relative(line)).map(|path| {
                let recorded = Recorded {
                    key: None,
                    stamp: None,
                };
                (path.to_owned(), recorded)
            });
            return (Self::default(), paths.collect());
        };
        let mut fields = header.lines().next().unwrap_or_default().split_whitespace();
        let mut hex = || {
            fields
                .next()
                .and_then(|field| u64::from_str_radix(field, 16).ok())
        };
        let manifest = Self {
            build: hex(),
            site: hex(),
        };
        lines.next();
        let entries = lines.filter_map(|line| {
            let mut fields = line.splitn(4, '\t');
            let key = u64::from_str_radix(fields.next()?, 16).ok();
            let len = fields.next()?.parse().ok()?;
            let modified = fields.next()?.parse().ok()?;
            let path = fields.next().filter(|path| is_safe_relative(path))?;
            let stamp = (modified != 0).then_some(Stamp { len, modified });
            Some((path.to_owned(), Recorded { key, stamp }))
        });
        (manifest, entries.collect())
    }
}

/// A key for a file that is copied: from disk, its source, length and modification time;
/// built into salve, its bytes (the build id covers the rest).
fn source_key(contents: &Contents) -> Option<u64> {
    match contents {
        Contents::File(FileSource::Disk(source)) => {
            let stamp = Stamp::of(source)?;
            Some(crate::fingerprint::fingerprint(&(
                source,
                stamp.len,
                stamp.modified,
            )))
        }
        Contents::File(FileSource::Embedded(bytes)) => Some(crate::fingerprint::fingerprint(bytes)),
        Contents::Bytes(_) => None,
    }
}

/// The files an earlier build wrote, after checking that the folder holds nothing else.
fn previous_files(output_dir: &Path) -> Result<(Manifest, HashMap<String, Recorded>)> {
    if !output_dir.exists() {
        return Ok((Manifest::default(), HashMap::new()));
    }
    if !output_dir.is_dir() {
        bail!(
            "the output path `{}` is a file, not a folder; remove it or choose another output folder",
            output_dir.display()
        );
    }
    let manifest = crate::fs::read_optional_text(&output_dir.join(MANIFEST))?.unwrap_or_default();
    let (manifest, mut listed) = Manifest::parse(&manifest);
    // A build killed while putting its files in place: they are salve's too, with no key to
    // trust, so that this build renders them again.
    if let Some(journal) = crate::fs::read_optional_text(&output_dir.join(JOURNAL))? {
        for (path, _) in Manifest::parse(&journal).1 {
            listed.entry(path).or_insert(Recorded {
                key: None,
                stamp: None,
            });
        }
    }
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output_dir)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|error| {
            anyhow::anyhow!(
                "failed to read the output folder `{}`: {error}",
                output_dir.display()
            )
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(output_dir)
            .unwrap_or(entry.path());
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name == MANIFEST || name == JOURNAL || listed.contains_key(name.as_str()) {
            continue;
        }
        if is_leftover_temporary(entry.path()) {
            crate::fs::remove_file(entry.path())?;
            continue;
        }
        foreign.push(name);
    }
    if !foreign.is_empty() {
        let shown: Vec<String> = foreign
            .iter()
            .take(8)
            .map(|name| format!("  {name}"))
            .collect();
        let more = if foreign.len() > 8 {
            format!("\n  … and {} more", foreign.len() - 8)
        } else {
            String::new()
        };
        bail!(
            "the output folder `{}` holds files salve did not write, and salve never deletes what it did not write:\n{}{more}\n\
             Move them away (files you want published belong in `static/`), or choose another output folder with --output.",
            output_dir.display(),
            shown.join("\n")
        );
    }
    Ok((manifest, listed))
}

/// Folders left empty by removed files go too, up to (not including) the output folder.
fn remove_empty_parents(output_dir: &Path, file: &Path) {
    let mut folder = file.parent();
    while let Some(dir) = folder {
        if dir == output_dir || !dir.starts_with(output_dir) || !crate::fs::remove_empty_dir(dir) {
            break;
        }
        folder = dir.parent();
    }
}

fn is_leftover_temporary(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| name.starts_with('.') && name.ends_with(TEMPORARY_SUFFIX))
}

/// A `/`-separated relative path that stays inside its folder.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(['\0', '\n', '\r'])
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Output {
        Output {
            path: path.to_owned(),
            contents: Contents::Bytes(text.as_bytes().to_vec().into()),
        }
    }

    #[test]
    fn writes_then_skips_unchanged_then_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write(
            &out,
            &[page("index.html", "a"), page("old/index.html", "b")],
        )
        .unwrap();
        assert_eq!(
            first,
            WriteReport {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let second = write(&out, &[page("index.html", "a")]).unwrap();
        assert_eq!(
            second,
            WriteReport {
                written: 0,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(
            !out.join("old").exists(),
            "empty folders of removed files go too"
        );
    }

    #[test]
    fn refuses_a_folder_with_foreign_files_and_deletes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "mine").unwrap();
        let error = write(&out, &[page("index.html", "a")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("precious.txt"), "{error}");
        assert_eq!(
            std::fs::read_to_string(out.join("precious.txt")).unwrap(),
            "mine"
        );
        assert!(!out.join("index.html").exists());
    }

    #[test]
    fn refuses_a_file_added_after_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[page("index.html", "a")]).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(write(&out, &[page("index.html", "b")]).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "a"
        );
    }

    #[test]
    fn refuses_source_folders_and_their_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("posts")).unwrap();
        let config = Config::default();
        for bad in [
            root.clone(),
            root.join("posts"),
            root.join("static"),
            root.join("templates"),
            root.join("themes"),
            dir.path().to_path_buf(),
            root.join("posts/out"),
        ] {
            assert!(
                check_location(&root, &config, &bad).is_err(),
                "{} should be refused",
                bad.display()
            );
        }
        assert!(check_location(&root, &config, &root.join("public")).is_ok());
        assert!(check_location(&root, &config, &dir.path().join("elsewhere")).is_ok());
    }

    #[test]
    fn manifest_entries_cannot_escape_the_output_folder() {
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a/../../b"));
        assert!(is_safe_relative("posts/a/index.html"));
    }
}
