//! The end-to-end stage against `dist/` as a plain static host serves it: `python3 -m
//! http.server` (no special headers, no oEmbed endpoint), so the hashed names, the rewritten
//! imports and the fetched assets are checked as a deployment would load them. Then the
//! embeds in sandboxed iframes and the component on another origin, against `dist/` served
//! with the headers of its `_headers` file (they need its CORS headers).

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{self, Counts};
use crate::{dist, toolchain};

/// The e2e files that also run against dist/ (those that need `cargo xtask serve`'s oEmbed
/// endpoint do not).
pub const FILES: &[&str] = &[
    "playground.test.mjs",
    "data-upload.test.mjs",
    "download.test.mjs",
    "story.test.mjs",
];

/// The e2e files that run against dist/ served with the headers of its `_headers` (as
/// Netlify or Cloudflare Pages would): embeds in sandboxed iframes and the component on
/// another origin load the assets with CORS requests, which python3's server does not allow.
pub const FILES_WITH_HEADERS: &[&str] = &["sandbox.test.mjs", "component.test.mjs"];

/// Write dist/ from the wasm already built, serve it with python3 and run [`FILES`], then
/// serve it with its `_headers` and run [`FILES_WITH_HEADERS`].
pub fn run(root: &Path, timeout: Duration) -> (Result<Option<String>, String>, Counts) {
    let out = root.join("dist");
    if let Err(message) = dist::write_site(&root.join("www"), &out, dist::Scripts::Minified) {
        return (Err(message), Counts::default());
    }
    let (plain, mut counts) = run_plain(root, &out, timeout);
    let (with_headers, more) = run_with_headers(root, &out, timeout);
    counts.passed += more.passed;
    counts.failed += more.failed;
    counts.skipped += more.skipped;
    (plain.and(with_headers), counts)
}

/// dist/ served by xtask's server, which applies `_headers`.
fn run_with_headers(
    root: &Path,
    out: &Path,
    timeout: Duration,
) -> (Result<Option<String>, String>, Counts) {
    let server = match crate::server::Server::for_tests(out) {
        Ok(server) => server,
        Err(message) => return (Err(message), Counts::default()),
    };
    run_node(root, FILES_WITH_HEADERS, &server.url(), timeout)
}

fn run_node(
    root: &Path,
    files: &[&str],
    url: &str,
    timeout: Duration,
) -> (Result<Option<String>, String>, Counts) {
    let mut node = Command::new("node");
    node.arg("--test")
        .args(files.iter().map(|f| root.join("tests/e2e").join(f)))
        .env("GRADFALL_URL", url)
        .current_dir(root);
    if Path::new(toolchain::CHROMIUM).exists() {
        node.env("GRADFALL_CHROMIUM", toolchain::CHROMIUM);
    }
    let (result, counts) = process::run_tests(&mut node, timeout);
    (result.map(|()| None), counts)
}

/// dist/ served by `python3 -m http.server`.
fn run_plain(
    root: &Path,
    out: &Path,
    timeout: Duration,
) -> (Result<Option<String>, String>, Counts) {
    let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(e) => return (Err(format!("no free port: {e}")), Counts::default()),
    };
    let mut python = match Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
        ])
        .current_dir(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return (
                Err(format!("cannot start python3 -m http.server: {e}")),
                Counts::default(),
            )
        }
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = python.kill();
            return (
                Err("python3 -m http.server did not start".to_string()),
                Counts::default(),
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = format!("http://127.0.0.1:{port}/");
    eprintln!("serving dist/ with python3 at {url}");
    let result = run_node(root, FILES, &url, timeout);
    let _ = python.kill();
    let _ = python.wait();
    result
}
