//! The static HTTP/1.1 server of `www/`, on `tiny_http`: GET and HEAD, the MIME types the
//! page needs (`application/wasm` above all, which `WebAssembly.instantiateStreaming` insists
//! on), `Cache-Control: no-cache` so a rebuilt module is always fetched, and
//! `Access-Control-Allow-Origin: *` on everything: a sandboxed embed (opaque origin) and the
//! `<gradfall-figure>` component on another site load the scripts, the wasm and the message
//! catalogues with CORS requests.
//!
//! A root holding a `_headers` file (`dist/`) is served with the headers it names on top
//! (see `headers.rs`), as a host that reads the file would.
//!
//! Requests are answered by a fixed pool of [`WORKERS`] threads, however many arrive;
//! tiny_http reads them off the connections (keep-alive included) and queues them.
//!
//! Only files under the root are served (see `files.rs`). One route is not a file:
//! `/oembed`, the oEmbed provider endpoint (see `oembed.rs`).

mod files;
mod headers;
mod oembed;

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use tiny_http::{Header, Method, Request};

/// Threads answering requests.
const WORKERS: usize = 4;

/// A running server; dropping it stops it.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

/// Headers every response carries, before the root's `_headers` (which may replace them).
const DEFAULT_HEADERS: &[(&str, &str)] = &[
    ("Cache-Control", "no-cache"),
    ("X-Content-Type-Options", "nosniff"),
    ("Access-Control-Allow-Origin", "*"),
    ("Cross-Origin-Resource-Policy", "cross-origin"),
];

impl Server {
    /// Serve `root` on `addr` (port 0 picks a free one). `log` prints every request that
    /// did not succeed.
    pub fn start(root: &Path, addr: impl ToSocketAddrs, log: bool) -> io::Result<Server> {
        let root = root.canonicalize()?;
        let rules = match std::fs::read_to_string(root.join("_headers")) {
            Ok(text) => headers::parse(&text).map_err(io::Error::other)?,
            Err(_) => Vec::new(),
        };
        let rules = Arc::new(rules);
        let addr = addr
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| io::Error::other("no address to listen on"))?;
        let http = Arc::new(tiny_http::Server::http(addr).map_err(io::Error::other)?);
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("not listening on an IP address"))?;
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|_| {
                let (http, stop, root) = (Arc::clone(&http), Arc::clone(&stop), root.clone());
                let rules = Arc::clone(&rules);
                thread::spawn(move || loop {
                    match http.recv() {
                        Ok(request) => answer(request, &root, &rules, addr, log),
                        Err(_) if stop.load(Ordering::SeqCst) => break,
                        Err(_) => {} // A connection that failed: the others go on.
                    }
                })
            })
            .collect();
        Ok(Server {
            http,
            addr,
            stop,
            workers,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serve until the process ends.
    pub fn wait(mut self) {
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Each unblock wakes one worker waiting for a request.
        for _ in &self.workers {
            self.http.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        // The last reference to `http` goes with `self`: tiny_http then closes the listener.
    }
}

/// A response to send: status, content type, body.
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn text(status: u16, message: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{message}\n").into_bytes(),
            location: None,
        }
    }
}

/// Answer one request; a client that went away is not an error worth a word.
fn answer(request: Request, root: &Path, rules: &[headers::Rule], addr: SocketAddr, log: bool) {
    let method = request.method().clone();
    let target = request.url().to_string();
    // The origins this server answers oEmbed for: its address, and as the client named it.
    let mut origins = vec![format!("http://{addr}")];
    origins.extend(host(&request).map(|h| format!("http://{h}")));
    let response = match method {
        Method::Get | Method::Head => respond(&target, root, &origins),
        _ => Response::text(405, "only GET and HEAD"),
    };
    if log && response.status >= 300 {
        eprintln!("{} {method} {target}", response.status);
    }
    // tiny_http leaves the body out for HEAD and keeps Content-Length.
    let path = target.split(['?', '#']).next().unwrap_or("");
    let _ = request.respond(to_http(response, &headers::for_path(rules, path)));
}

/// The Host header, when it is a plain `name:port` (anything else is ignored).
fn host(request: &Request) -> Option<String> {
    let header = request.headers().iter().find(|h| h.field.equiv("Host"))?;
    let value = header.value.as_str().trim();
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    (plain && !value.is_empty()).then(|| value.to_string())
}

/// The response with its headers: the defaults, then `extra` (from `_headers`; replacing a
/// default of the same name).
fn to_http(
    response: Response,
    extra: &[(String, String)],
) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    let mut named: Vec<(&str, &str)> = vec![("Content-Type", response.content_type)];
    named.extend(DEFAULT_HEADERS.iter().copied());
    if response.status == 405 {
        named.push(("Allow", "GET, HEAD"));
    }
    for (name, value) in extra {
        named.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        named.push((name, value));
    }
    let mut headers: Vec<Option<Header>> = named
        .into_iter()
        .map(|(name, value)| Header::from_bytes(name, value).ok())
        .collect();
    if let Some(location) = &response.location {
        // A Location that is not a valid header value (not ASCII) is left out.
        headers.push(Header::from_bytes("Location", location.as_str()).ok());
    }
    let mut http = tiny_http::Response::from_data(response.body)
        .with_status_code(response.status)
        // Always Content-Length, never chunked: simplest for every client.
        .with_chunked_threshold(usize::MAX);
    for header in headers.into_iter().flatten() {
        http.add_header(header);
    }
    http
}

/// The response to a GET of `target` (path and query, as in the request line).
fn respond(target: &str, root: &Path, origins: &[String]) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == "/oembed" {
        let query = target
            .split('#')
            .next()
            .unwrap_or("")
            .split_once('?')
            .map_or("", |(_, q)| q);
        return match oembed::answer(query, origins) {
            (200, json) => Response {
                status: 200,
                content_type: "application/json; charset=utf-8",
                body: json.into_bytes(),
                location: None,
            },
            (status, message) => Response::text(status, &message),
        };
    }
    let Some(relative) = files::safe_relative_path(path) else {
        return Response::text(403, "forbidden path");
    };
    let mut file: PathBuf = root.join(&relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            // Relative links in index.html need the trailing slash.
            let query = target.find('?').map(|i| &target[i..]).unwrap_or("");
            return Response {
                location: Some(format!("{path}/{query}")),
                ..Response::text(301, "moved")
            };
        }
        file = file.join("index.html");
    }
    match file.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => match std::fs::read(&real) {
            Ok(body) => Response {
                status: 200,
                content_type: files::mime_type(&real),
                body: match origins.last() {
                    Some(origin) if real.ends_with("index.html") => {
                        oembed::fill_discovery_link(body, origin, target)
                    }
                    _ => body,
                },
                location: None,
            },
            Err(_) => Response::text(500, "cannot read the file"),
        },
        Ok(real) if !real.starts_with(root) => Response::text(403, "forbidden path"),
        _ => Response::text(404, "not found"),
    }
}

#[cfg(test)]
mod tests;
