//! The I/O floor of a build: a plain program that does only the file work of one. It reads
//! every post of a site, then writes the same number of files with the same sizes as a salve
//! build wrote (the plan), filled with the posts' bytes, on every core. Nothing is parsed or
//! rendered, so no generator can build the same site faster on the same file system.
//!
//! Usage: `io_floor POSTS_DIR PLAN_FILE OUTPUT_DIR`, where each line of PLAN_FILE is a file's
//! size in bytes, a tab, and its path inside the output folder. `benches/suite.py` makes the
//! plan from salve's output and times this program.

// Its report on standard output is what the program is for, as with the `salve` binary.
#![allow(clippy::print_stdout)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [posts_dir, plan, output_dir] = args.as_slice() else {
        bail!("usage: io_floor POSTS_DIR PLAN_FILE OUTPUT_DIR");
    };
    let sources = read_posts(Path::new(posts_dir))?;
    let plan = read_plan(Path::new(plan))?;
    let pool: Vec<u8> = sources.concat();
    if pool.is_empty() {
        bail!("no posts under {posts_dir}");
    }
    let output_dir = Path::new(output_dir);
    plan.par_iter()
        .enumerate()
        .try_for_each(|(index, (size, path))| {
            write_file(&output_dir.join(path), &pool, index * 4099, *size)
        })?;
    let written: u64 = plan.iter().map(|(size, _)| *size as u64).sum();
    println!(
        "read {} posts ({} bytes), wrote {} files ({written} bytes)",
        sources.len(),
        pool.len(),
        plan.len()
    );
    Ok(())
}

/// Every `.md` file under the folder, read in parallel.
fn read_posts(posts_dir: &Path) -> Result<Vec<Vec<u8>>> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(posts_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files
        .par_iter()
        .map(|file| std::fs::read(file).with_context(|| format!("read {}", file.display())))
        .collect()
}

/// `(size, path)` of each file to write.
fn read_plan(plan: &Path) -> Result<Vec<(usize, String)>> {
    let text = std::fs::read_to_string(plan).with_context(|| format!("read {}", plan.display()))?;
    text.lines()
        .map(|line| {
            let (size, path) = line
                .split_once('\t')
                .context("a plan line is `size<TAB>path`")?;
            Ok((size.parse().context("a size in bytes")?, path.to_owned()))
        })
        .collect()
}

/// Writes `size` bytes taken from `pool`, starting at `offset` and wrapping around.
fn write_file(path: &Path, pool: &[u8], offset: usize, size: usize) -> Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).with_context(|| format!("create {}", folder.display()))?;
    }
    let mut file =
        std::fs::File::create(path).with_context(|| format!("create {}", path.display()))?;
    let mut start = offset % pool.len();
    let mut left = size;
    while left > 0 {
        let chunk = left.min(pool.len() - start);
        file.write_all(&pool[start..start + chunk])
            .with_context(|| format!("write {}", path.display()))?;
        left -= chunk;
        start = 0;
    }
    Ok(())
}
