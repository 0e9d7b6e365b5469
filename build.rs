//! Embeds the default theme (`themes/clinic`) into the binary, so that salve builds a site in any
//! folder, and lists its files in a generated module that `src/theme.rs` includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let theme_dir = Path::new("themes/clinic");
    println!("cargo:rerun-if-changed={}", theme_dir.display());
    let mut files = Vec::new();
    collect(theme_dir, &mut files);
    files.sort();

    let mut code = String::from(
        "/// Every file of the embedded `clinic` theme: path inside the theme, bytes.\n",
    );
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let relative = file
            .strip_prefix(theme_dir)
            .expect("inside the theme folder");
        let name = relative.to_string_lossy().replace('\\', "/");
        let absolute = std::fs::canonicalize(file).expect("theme file exists");
        println!("cargo:rerun-if-changed={}", file.display());
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_theme.rs"), code).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
