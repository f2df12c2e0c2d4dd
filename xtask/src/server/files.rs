//! Which file a request path names, and what type it is.
//!
//! Only files under the root are served: the path is percent-decoded, `..` segments are
//! refused, and the resolved file must still lie under the canonical root (symlinks).

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// The request path as a path relative to the root: percent-decoded, `.` and empty
/// segments dropped; `None` for `..`, backslashes, NUL, or a path not starting with `/`.
///
/// Decoding follows the URL Standard, as everywhere in Gradfall: a `%` without two hex
/// digits stays as it is, bytes that are not UTF-8 become U+FFFD (so name no file).
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            _ => relative.push(segment),
        }
    }
    Some(relative)
}

/// The Content-Type of a file, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_kept_under_the_root() {
        let relative = |path| safe_relative_path(path).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(relative("/a%20b/./c.js").as_deref(), Some("a b/c.js"));
        assert_eq!(relative("//x"), Some("x".to_string()));
        for refused in [
            "/../x",
            "/%2e%2E/x",
            "/a/..%2F..%2fx",
            "/a\\b",
            "/%00",
            "x",
            "",
        ] {
            assert_eq!(relative(refused), None, "{refused}");
        }
    }

    #[test]
    fn bad_escapes_stay_literal_and_bad_utf8_becomes_a_replacement_character() {
        let relative = |path| safe_relative_path(path).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(relative("/100%.txt").as_deref(), Some("100%.txt"));
        assert_eq!(relative("/%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(relative("/%ff").as_deref(), Some("\u{FFFD}"));
    }

    #[test]
    fn mime_types_of_the_page() {
        assert_eq!(mime_type(Path::new("a/b.WASM")), "application/wasm");
        assert!(mime_type(Path::new("m.mjs")).starts_with("text/javascript"));
        assert_eq!(mime_type(Path::new("i.svg")), "image/svg+xml");
        assert_eq!(mime_type(Path::new("s.png")), "image/png");
        assert_eq!(mime_type(Path::new("d.json")), "application/json");
        assert!(mime_type(Path::new("x.css")).starts_with("text/css"));
        assert_eq!(mime_type(Path::new("noext")), "application/octet-stream");
    }
}
