//! The site's JavaScript and CSS minified for `dist/` by terser and lightningcss, the npm
//! packages pinned in tests/package.json (run by tests/tools/minify.mjs): comments, whitespace
//! and long local names go, which takes the playground's scripts to about half their gzipped
//! size and its stylesheets to four fifths. It is not
//! a bundler: every file stays the ES module it is, with its imports and its quoted file names
//! untouched, so `dist` still finds and hashes them. `cargo xtask serve` keeps serving the
//! sources as they are written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::toolchain;

const SCRIPT: &str = "tests/tools/minify.mjs";

/// Replace every `.js` and `.css` file of `site` (paths relative to www/) by its minified text.
pub fn scripts(root: &Path, site: &mut BTreeMap<PathBuf, Vec<u8>>) -> Result<(), String> {
    toolchain::ensure_npm_packages(&root.join("tests"))?;
    let sources: BTreeMap<String, String> = site
        .iter()
        .filter(|(path, _)| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("js" | "css")
            )
        })
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes.clone())
                .map_err(|_| format!("{} is not UTF-8", path.display()))?;
            Ok((key(path), text))
        })
        .collect::<Result<_, String>>()?;
    let input = serde_json::to_vec(&sources).map_err(|e| e.to_string())?;
    let mut child = Command::new("node")
        .arg(root.join(SCRIPT))
        .current_dir(root.join("tests"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run node {SCRIPT}: {e}"))?;
    // Node reads all of stdin before it writes: feeding it whole, then reading, cannot block.
    child
        .stdin
        .take()
        .ok_or("no stdin for the minifier")?
        .write_all(&input)
        .map_err(|e| format!("cannot feed the minifier: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("the minifier: {e}"))?;
    if !output.status.success() {
        return Err(format!("{SCRIPT} failed ({})", output.status));
    }
    let mut minified: BTreeMap<String, String> = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("the minifier's output: {e}"))?;
    if minified.len() != sources.len() {
        return Err(format!(
            "the minifier returned {} of {} files",
            minified.len(),
            sources.len()
        ));
    }
    for (path, bytes) in site.iter_mut() {
        if let Some(text) = minified.remove(&key(path)) {
            *bytes = text.into_bytes();
        }
    }
    Ok(())
}

/// A path as the JSON key: `/`-separated on every system.
fn key(path: &Path) -> String {
    path.iter()
        .filter_map(|p| p.to_str())
        .collect::<Vec<_>>()
        .join("/")
}
