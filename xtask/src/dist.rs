//! `cargo xtask dist`: the page as a static site in `dist/`, for any static host as it is.
//!
//! - The pages (`index.html`, `embed.html`, `story.html`, `papers.html`) and the component's
//!   script (`gradfall-figure.js`, which other sites load by name) keep their names; every
//!   other file goes to `assets/` under a content-hashed name (`main.3f9a2c1e7b04d6a5.js`), and every reference
//!   to it (imports, `new URL('…', import.meta.url)`, `href`/`src`) is rewritten, so assets
//!   can be cached for a year and a new build is never mixed with an old one.
//! - The JavaScript is minified (`crate::minify`: terser, each file still its own module).
//! - Each text and wasm file gets `.gz` and `.br` beside it, for hosts that serve
//!   precompressed files.
//! - `_headers` (Netlify and Cloudflare Pages read it; the README says what other hosts
//!   need): the CSP, CORS on assets (so a page on another origin can load the component and
//!   a sandboxed embed its scripts), the wasm MIME type, and the caching.
//!
//! A reference is a quoted string in an HTML, CSS or JS file that, read relative to that
//! file, names another file of the site: hashing goes leaves first, so a file's hash covers
//! the hashed names of what it loads.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::build;

/// Where the site is written, relative to the repository root.
const OUT: &str = "dist";
/// The pages, and the component's script: served under their own names, never cached for
/// long.
const PAGES: &[&str] = &[
    "index.html",
    "embed.html",
    "story.html",
    "papers.html",
    "gradfall-figure.js",
];
/// What goes into the site besides the pages, relative to `www/`. Only what the pages load
/// (json: the message catalogues of i18n/), not the TypeScript declarations wasm-bindgen
/// writes beside its glue.
const EXTENSIONS: &[&str] = &["js", "css", "wasm", "bin", "json"];

/// The `_headers` file. The CSP is the pages' own (also in their `<meta>`); assets may be
/// loaded from any origin (the component, sandboxed embeds with an opaque origin).
const HEADERS: &str = "\
/*
  X-Content-Type-Options: nosniff
  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'
/assets/*
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin
  Cache-Control: public, max-age=31536000, immutable
/assets/*.wasm
  Content-Type: application/wasm
/gradfall-figure.js
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin
  Cache-Control: no-cache
/*.html
  Cache-Control: no-cache
/
  Cache-Control: no-cache
";

/// Write the static site into dist/ (replacing it)
///
/// Builds the wasm first (as `cargo xtask build`).
#[derive(clap::Args)]
pub struct Args {
    /// Use the wasm already in www/pkg*/ instead of building it
    #[arg(long)]
    no_build: bool,
    /// Keep the scripts as written instead of minifying them (to debug the site)
    #[arg(long)]
    readable: bool,
}

pub fn run(Args { no_build, readable }: Args) -> Result<(), String> {
    let root = crate::root();
    if !no_build {
        build::build(&root, true)?;
    }
    let out = root.join(OUT);
    let scripts = if readable {
        Scripts::AsWritten
    } else {
        Scripts::Minified
    };
    write_site(&root.join("www"), &out, scripts)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// What `write_site` does with the scripts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    /// Minified by terser (the site as deployed).
    Minified,
    /// As written (`--readable`, and the unit tests, which run without node).
    AsWritten,
}

/// Hash, rewrite and compress the site in `www` into `out`.
pub fn write_site(www: &Path, out: &Path, scripts: Scripts) -> Result<(), String> {
    let files = site_files(www)?;
    let mut contents: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    for file in &files {
        let bytes =
            std::fs::read(www.join(file)).map_err(|e| format!("{}: {e}", file.display()))?;
        contents.insert(file.clone(), bytes);
    }
    if scripts == Scripts::Minified {
        crate::minify::scripts(&crate::root(), &mut contents)?;
    }
    let mut hashed: BTreeMap<PathBuf, String> = BTreeMap::new(); // www path → assets/ name
    let mut pending: Vec<PathBuf> = files.iter().filter(|f| !is_page(f)).cloned().collect();
    // Leaves first: a file is hashed once everything it refers to has its final name.
    while !pending.is_empty() {
        let before = pending.len();
        let mut waiting = Vec::new();
        for file in pending {
            let refs = references(&file, &contents[&file], &contents);
            if refs
                .iter()
                .any(|(_, target)| !hashed.contains_key(target) && *target != file)
            {
                waiting.push(file);
                continue;
            }
            let rewritten = rewrite(&contents[&file], &refs, &hashed, "./");
            let name = hashed_name(&file, &rewritten);
            contents.insert(file.clone(), rewritten);
            hashed.insert(file, name);
        }
        if waiting.len() == before {
            let names: Vec<String> = waiting.iter().map(|f| f.display().to_string()).collect();
            return Err(format!(
                "files that refer to each other in a cycle: {}",
                names.join(", ")
            ));
        }
        pending = waiting;
    }

    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(out.join("assets"))
        .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (file, bytes) in &contents {
        let (path, body) = if is_page(file) {
            let refs = references(file, bytes, &contents);
            let prefix = if has_extension(file, "js") {
                "./assets/"
            } else {
                "assets/"
            };
            (out.join(file), rewrite(bytes, &refs, &hashed, prefix))
        } else {
            (out.join("assets").join(&hashed[file]), bytes.clone())
        };
        write_compressed(&path, &body)?;
    }
    write(&out.join("_headers"), HEADERS.as_bytes())
}

/// The pages and every file with a site extension under `www`, relative to it.
fn site_files(www: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(www.join(&dir))
            .map_err(|e| format!("{}: {e}", www.join(&dir).display()))?;
        for entry in entries.flatten() {
            let relative = dir.join(entry.file_name());
            if entry.path().is_dir() {
                dirs.push(relative);
            } else if is_page(&relative) || EXTENSIONS.iter().any(|e| has_extension(&relative, e)) {
                found.push(relative);
            }
        }
    }
    for page in PAGES {
        if !found.iter().any(|f| f == Path::new(page)) {
            return Err(format!("www/{page} is missing"));
        }
    }
    if !found.iter().any(|f| has_extension(f, "wasm")) {
        return Err("no wasm in www/pkg*/: run cargo xtask build".to_string());
    }
    found.sort();
    Ok(found)
}

fn is_page(file: &Path) -> bool {
    PAGES.iter().any(|p| file == Path::new(p))
}

fn has_extension(file: &Path, extension: &str) -> bool {
    file.extension().and_then(|e| e.to_str()) == Some(extension)
}

/// The quoted strings of a text file that name another file of the site, with that file.
fn references(
    file: &Path,
    bytes: &[u8],
    site: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<(String, PathBuf)> {
    if has_extension(file, "wasm") || has_extension(file, "bin") {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(bytes);
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    for candidate in quoted_paths(&text) {
        if let Some(target) = resolve(dir, candidate) {
            if site.contains_key(&target) && !is_page(&target) {
                found.push((candidate.to_string(), target));
            }
        }
    }
    found
}

/// Every `'…'` or `"…"` whose inside is made only of path characters. Scanning for each
/// opening quote (rather than pairing quotes) keeps an apostrophe in a comment from shifting
/// the pairs.
fn quoted_paths(text: &str) -> Vec<&str> {
    let is_path = |c: char| c.is_ascii_alphanumeric() || "._-/".contains(c);
    let mut found = Vec::new();
    for (start, quote) in text.char_indices().filter(|&(_, c)| c == '\'' || c == '"') {
        let rest = &text[start + 1..];
        let end = rest.find(|c: char| !is_path(c)).unwrap_or(rest.len());
        if end > 0 && rest[end..].starts_with(quote) {
            found.push(&rest[..end]);
        }
    }
    found
}

/// `reference` read relative to `dir`, normalised (`./`, `../`); `None` when it leaves the site.
fn resolve(dir: &Path, reference: &str) -> Option<PathBuf> {
    if reference.contains("://") || reference.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = dir.iter().filter_map(|p| p.to_str()).collect();
    for part in reference.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.iter().collect())
}

/// `bytes` with each reference replaced by `prefix` and the hashed name: `./` from an asset
/// (all assets share one directory), `assets/` from a page, `./assets/` from the component's
/// script (a module import needs the `./`).
fn rewrite(
    bytes: &[u8],
    refs: &[(String, PathBuf)],
    hashed: &BTreeMap<PathBuf, String>,
    prefix: &str,
) -> Vec<u8> {
    if refs.is_empty() {
        return bytes.to_vec();
    }
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    for (reference, target) in refs {
        let Some(name) = hashed.get(target) else {
            continue;
        };
        let replacement = format!("{prefix}{name}");
        for quote in ['\'', '"'] {
            text = text.replace(
                &format!("{quote}{reference}{quote}"),
                &format!("{quote}{replacement}{quote}"),
            );
        }
    }
    text.into_bytes()
}

/// `stem.<16 hex digits>.ext`: FNV-1a 64 of the content. It only has to change when the
/// content does (cache busting, not integrity), and it is the same on every machine.
fn hashed_name(file: &Path, bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("asset");
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    format!("{stem}.{hash:016x}.{ext}")
}

/// Write `bytes` to `path`, and `.gz` and `.br` beside it.
fn write_compressed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write(path, bytes)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(|e| e.to_string())?;
    let gz = gz.finish().map_err(|e| e.to_string())?;
    write(&with_suffix(path, "gz"), &gz)?;
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    write(&with_suffix(path, "br"), &br)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_references_inside_the_site_only() {
        assert_eq!(
            resolve(Path::new("charts"), "./axes.js"),
            Some(PathBuf::from("charts/axes.js"))
        );
        assert_eq!(
            resolve(Path::new("charts"), "../run.js"),
            Some(PathBuf::from("run.js"))
        );
        assert_eq!(resolve(Path::new(""), "../x.js"), None);
        assert_eq!(resolve(Path::new(""), "https://example.org/a.js"), None);
    }

    #[test]
    fn a_site_is_hashed_leaves_first_rewritten_and_compressed() {
        let dir = std::env::temp_dir().join(format!("gradfall-dist-{}", std::process::id()));
        let www = dir.join("www");
        let out = dir.join("dist");
        for (path, text) in [
            ("index.html", "<link href=\"style.css\"><script type=\"module\" src=\"main.js\"></script>"),
            ("embed.html", "<script type=\"module\" src=\"main.js\"></script>"),
            ("story.html", "<link href=\"style.css\">"),
            ("papers.html", "<link href=\"style.css\">"),
            ("gradfall-figure.js", "import { b } from './b.js'; new URL('./style.css', import.meta.url);"),
            ("style.css", "body{}"),
            ("main.js", "// the page's loader\nimport { a } from './charts/a.js';\nnew URL('./pkg/m.wasm', import.meta.url); 'main.js?x';"),
            ("charts/a.js", "import { b } from '../b.js'; export const a = 1;"),
            ("b.js", "export const b = 2;"),
            ("pkg/m.wasm", "\0asm"),
            ("pkg/m.d.ts", "declare"),
        ] {
            write(&www.join(path), text.as_bytes()).unwrap();
        }
        write_site(&www, &out, Scripts::AsWritten).unwrap();
        let names: Vec<String> = std::fs::read_dir(out.join("assets"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        let find = |stem: &str, ext: &str| {
            names
                .iter()
                .find(|n| {
                    n.starts_with(&format!("{stem}."))
                        && n.ends_with(&format!(".{ext}"))
                        && n.len() == stem.len() + ext.len() + 18
                })
                .unwrap_or_else(|| panic!("{stem}.*.{ext} in {names:?}"))
                .clone()
        };
        let (main, a, b, wasm) = (
            find("main", "js"),
            find("a", "js"),
            find("b", "js"),
            find("m", "wasm"),
        );
        assert!(!names.iter().any(|n| n.contains("d.ts")), "{names:?}");
        let read = |path: PathBuf| std::fs::read_to_string(path).unwrap();
        let index = read(out.join("index.html"));
        assert!(index.contains(&format!("src=\"assets/{main}\"")), "{index}");
        assert!(index.contains("href=\"assets/style."), "{index}");
        let main_text = read(out.join("assets").join(&main));
        assert!(main_text.contains(&format!("from './{a}'")), "{main_text}");
        assert!(
            main_text.contains(&format!("new URL('./{wasm}'")),
            "{main_text}"
        );
        assert!(
            main_text.contains("'main.js?x'"),
            "a string that is not a file name stays"
        );
        assert!(read(out.join("assets").join(&a)).contains(&format!("from './{b}'")));
        // The component keeps its name, and its imports point into assets/.
        let figure = read(out.join("gradfall-figure.js"));
        assert!(figure.contains(&format!("from './assets/{b}'")), "{figure}");
        assert!(figure.contains("new URL('./assets/style."), "{figure}");
        // The hash covers what a file loads: change b, and a and main get new names too.
        write(&www.join("b.js"), b"export const b = 3;").unwrap();
        write_site(&www, &out, Scripts::AsWritten).unwrap();
        let again: Vec<String> = std::fs::read_dir(out.join("assets"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(!again.contains(&a) && !again.contains(&main) && !again.contains(&b));
        assert!(again.contains(&wasm), "an unchanged leaf keeps its name");
        // Precompressed copies decompress to the file.
        let gz = std::fs::read(out.join("assets").join(format!("{wasm}.gz"))).unwrap();
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
        assert_eq!(plain, b"\0asm");
        assert!(out.join("index.html.br").exists());
        assert!(read(out.join("_headers")).contains("Access-Control-Allow-Origin: *"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
