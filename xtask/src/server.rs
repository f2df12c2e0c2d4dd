//! The static HTTP/1.1 server of `www/`, on `hyper`: GET and HEAD, the MIME types the page
//! needs (`application/wasm` above all, which `WebAssembly.instantiateStreaming` insists on),
//! `Cache-Control: no-cache` so a rebuilt module is always fetched, and
//! `Access-Control-Allow-Origin: *` on everything: a sandboxed embed (opaque origin) and the
//! `<gradfall-figure>` component on another site load the scripts, the wasm and the message
//! catalogues with CORS requests.
//!
//! A root holding a `_headers` file (`dist/`) is served with the headers it names on top
//! (see `headers.rs`), as a host that reads the file would.
//!
//! Connections are tasks on one thread's tokio runtime: an open keep-alive connection costs
//! no thread, so a burst of new ones is read at once however many a browser keeps open (it
//! keeps them for minutes), and a client that stops reading holds up no one. Files are read
//! on that thread as they are asked for: small, local, a fraction of a millisecond each. The
//! server this replaced, tiny_http 0.12, held a pool thread for every open connection and now
//! and then queued a new connection behind them, unread until another closed (tests.rs,
//! `answers_bursts_of_new_connections_while_others_stay_open`).
//!
//! Only files under the root are served (see `files.rs`). One route is not a file:
//! `/oembed`, the oEmbed provider endpoint (see `oembed.rs`).

mod files;
mod headers;
mod oembed;

use std::convert::Infallible;
use std::io;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::oneshot;

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    /// Sending (or dropping) it ends the runtime, and with it every connection.
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What every request needs to be answered.
struct Site {
    root: PathBuf,
    rules: Vec<headers::Rule>,
    addr: SocketAddr,
    /// Print every request that did not succeed.
    log: bool,
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
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let site = Arc::new(Site {
            root,
            rules,
            addr,
            log,
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::spawn(move || {
            runtime.spawn(accept(listener, site));
            // Either way (sent or dropped) the server stops; dropping the runtime then ends
            // the accept loop, which closes the listener, and every connection.
            let _ = runtime.block_on(stopped);
        });
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// `root` on a free local port, quietly, for a test stage; says where on stderr.
    pub fn for_tests(root: &Path) -> Result<Server, String> {
        let server = Server::start(root, "127.0.0.1:0", false)
            .map_err(|e| format!("cannot serve {}: {e}", root.display()))?;
        eprintln!("serving {} at {}", root.display(), server.url());
        Ok(server)
    }

    /// Serve until the process ends.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accept connections until the runtime ends, each served on a task of its own.
async fn accept(listener: TcpListener, site: Arc<Site>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(e) => return eprintln!("serve: cannot listen: {e}"),
    };
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted:
                // a moment's pause, then the others go on.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let site = Arc::clone(&site);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let response = answer(&request, &site);
                async move { Ok::<_, Infallible>(response) }
            });
            // A client that goes away mid-answer is not an error worth a word.
            let _ = hyper::server::conn::http1::Builder::new()
                .title_case_headers(true)
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
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

/// The answer to one request.
fn answer(request: &Request<Incoming>, site: &Site) -> hyper::Response<Full<Bytes>> {
    let method = request.method();
    // Path and query as in the request line; an absolute-form target keeps its scheme and
    // host, so it names no file.
    let target = request.uri().to_string();
    // The origins this server answers oEmbed for: its address, and as the client named it.
    let mut origins = vec![format!("http://{}", site.addr)];
    origins.extend(host(request).map(|h| format!("http://{h}")));
    let response = match *method {
        Method::GET | Method::HEAD => respond(&target, &site.root, &origins),
        _ => Response::text(405, "only GET and HEAD"),
    };
    if site.log && response.status >= 300 {
        eprintln!("{} {method} {target}", response.status);
    }
    // hyper leaves the body out for HEAD and keeps Content-Length.
    let path = target.split(['?', '#']).next().unwrap_or("");
    to_http(response, &headers::for_path(&site.rules, path))
}

/// The Host header, when it is a plain `name:port` (anything else is ignored).
fn host(request: &Request<Incoming>) -> Option<String> {
    let value = request
        .headers()
        .get(hyper::header::HOST)?
        .to_str()
        .ok()?
        .trim();
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    (plain && !value.is_empty()).then(|| value.to_string())
}

/// The response with its headers: the defaults, then `extra` (from `_headers`; replacing a
/// default of the same name). A header that is not valid (a Location that is not ASCII) is
/// left out.
fn to_http(response: Response, extra: &[(String, String)]) -> hyper::Response<Full<Bytes>> {
    let mut named: Vec<(&str, &str)> = vec![("Content-Type", response.content_type)];
    named.extend(DEFAULT_HEADERS.iter().copied());
    if response.status == 405 {
        named.push(("Allow", "GET, HEAD"));
    }
    for (name, value) in extra {
        named.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        named.push((name, value));
    }
    if let Some(location) = &response.location {
        named.push(("Location", location));
    }
    let mut http = hyper::Response::new(Full::new(Bytes::from(response.body)));
    *http.status_mut() = hyper::StatusCode::from_u16(response.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = http.headers_mut();
    for (name, value) in named {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
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
