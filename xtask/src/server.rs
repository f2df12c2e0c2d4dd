//! A small static HTTP/1.1 file server for `www/`: GET and HEAD, the MIME types the page
//! needs (`application/wasm` above all, which `WebAssembly.instantiateStreaming` insists
//! on), `Cache-Control: no-cache` so a rebuilt module is always fetched, one thread per
//! connection, one request per connection (`Connection: close`).
//!
//! Only files under the root are served: the path is percent-decoded, `..` segments are
//! refused, and the resolved file must still lie under the canonical root (symlinks).

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Longest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serve `root` on `addr` (port 0 picks a free one). `log` prints every request that
    /// did not succeed.
    pub fn start(root: &Path, addr: impl ToSocketAddrs, log: bool) -> io::Result<Server> {
        let root = root.canonicalize()?;
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                thread::spawn(move || {
                    let _ = handle(stream, &root, log);
                });
            }
        });
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
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
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
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

fn handle(stream: TcpStream, root: &Path, log: bool) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let (response, method, target) = match read_request_line(&mut reader) {
        Ok((method, target)) => (respond(&method, &target, root), method, target),
        Err(message) => (Response::text(400, &message), String::new(), String::new()),
    };
    if log && response.status >= 300 {
        eprintln!("{} {method} {target}", response.status);
    }
    write_response(stream, &response, method != "HEAD")
}

/// The method and target of the request line; the headers are read and ignored.
fn read_request_line(reader: &mut impl BufRead) -> Result<(String, String), String> {
    let mut first = String::new();
    let mut total = 0;
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| format!("bad request: {e}"))?;
        total += n;
        if n == 0 || total > MAX_HEAD {
            return Err("bad request: incomplete or too long".to_string());
        }
        if first.is_empty() {
            first = line.trim_end().to_string();
            if first.is_empty() {
                continue; // Tolerate a stray empty line before the request (RFC 9112 §2.2).
            }
        } else if line.trim_end().is_empty() {
            break;
        }
    }
    let mut words = first.split(' ');
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some(method), Some(target), Some(version), None) if version.starts_with("HTTP/1.") => {
            Ok((method.to_string(), target.to_string()))
        }
        _ => Err(format!("bad request line: {first:?}")),
    }
}

fn respond(method: &str, target: &str, root: &Path) -> Response {
    if method != "GET" && method != "HEAD" {
        return Response::text(405, "only GET and HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(relative) = safe_relative_path(path) else {
        return Response::text(403, "forbidden path");
    };
    let mut file = root.join(&relative);
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
                content_type: mime_type(&real),
                body,
                location: None,
            },
            Err(_) => Response::text(500, "cannot read the file"),
        },
        Ok(real) if !real.starts_with(root) => Response::text(403, "forbidden path"),
        _ => Response::text(404, "not found"),
    }
}

/// The request path as a path relative to the root: percent-decoded, `.` and empty
/// segments dropped; `None` for `..`, backslashes, NUL, or a path not starting with `/`.
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
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

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
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

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

fn write_response(mut stream: TcpStream, response: &Response, with_body: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    if response.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    if let Some(location) = &response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A served folder with a few files, removed at the end of the test.
    struct Site {
        dir: PathBuf,
    }

    impl Site {
        fn new(name: &str) -> Site {
            let dir =
                std::env::temp_dir().join(format!("xtask-server-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("www/pkg")).unwrap();
            std::fs::write(
                dir.join("www/index.html"),
                "<!doctype html><title>t</title>",
            )
            .unwrap();
            std::fs::write(dir.join("www/app.js"), "export const x = 1;").unwrap();
            std::fs::write(dir.join("www/pkg/m.wasm"), b"\0asm\x01\0\0\0").unwrap();
            std::fs::write(dir.join("www/pkg/index.html"), "pkg").unwrap();
            std::fs::write(dir.join("www/a b.css"), "body{}").unwrap();
            std::fs::write(dir.join("secret.txt"), "outside the root").unwrap();
            Site { dir }
        }
        fn root(&self) -> PathBuf {
            self.dir.join("www")
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// Send `request` raw; return (status, headers, body).
    fn fetch(server: &Server, request: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = String::from_utf8(raw[..split].to_vec()).unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    fn get(server: &Server, path: &str) -> (u16, String, Vec<u8>) {
        fetch(server, &format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"))
    }

    #[test]
    fn serves_files_with_their_mime_types_and_no_cache() {
        let site = Site::new("mime");
        let server = Server::start(&site.root(), "127.0.0.1:0", false).unwrap();
        assert!(server.url().starts_with("http://127.0.0.1:"));

        let (status, head, body) = get(&server, "/");
        assert_eq!(status, 200);
        assert!(head.contains("Content-Type: text/html"), "{head}");
        assert!(head.contains("Cache-Control: no-cache"), "{head}");
        assert_eq!(body, b"<!doctype html><title>t</title>");

        let (status, head, body) = get(&server, "/pkg/m.wasm");
        assert_eq!(status, 200);
        assert!(
            head.contains("Content-Type: application/wasm\r\n"),
            "{head}"
        );
        assert!(head.contains("Content-Length: 8\r\n"), "{head}");
        assert_eq!(body, b"\0asm\x01\0\0\0");

        let (_, head, _) = get(&server, "/app.js?v=3#frag");
        assert!(
            head.contains("Content-Type: text/javascript"),
            "query strings are ignored: {head}"
        );
        let (status, _, body) = get(&server, "/a%20b.css");
        assert_eq!((status, body.as_slice()), (200, &b"body{}"[..]));
    }

    #[test]
    fn head_sends_no_body_and_other_methods_are_refused() {
        let site = Site::new("methods");
        let server = Server::start(&site.root(), "127.0.0.1:0", false).unwrap();
        let (status, head, body) = fetch(&server, "HEAD /app.js HTTP/1.1\r\n\r\n");
        assert_eq!(status, 200);
        assert!(head.contains("Content-Length: 19"), "{head}");
        assert!(body.is_empty());
        let (status, head, _) = fetch(
            &server,
            "POST /app.js HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        );
        assert_eq!(status, 405);
        assert!(head.contains("Allow: GET, HEAD"));
        assert_eq!(fetch(&server, "nonsense\r\n\r\n").0, 400);
    }

    #[test]
    fn missing_files_are_404_and_directories_get_a_slash() {
        let site = Site::new("missing");
        let server = Server::start(&site.root(), "127.0.0.1:0", false).unwrap();
        assert_eq!(get(&server, "/nope.js").0, 404);
        let (status, head, _) = get(&server, "/pkg?act=relu");
        assert_eq!(status, 301);
        assert!(head.contains("Location: /pkg/?act=relu"), "{head}");
        assert_eq!(get(&server, "/pkg/").2, b"pkg");
    }

    #[test]
    fn nothing_outside_the_root_is_served() {
        let site = Site::new("traversal");
        let server = Server::start(&site.root(), "127.0.0.1:0", false).unwrap();
        for path in [
            "/../secret.txt",
            "/pkg/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..\\secret.txt",
            "/%00",
        ] {
            let (status, _, body) = get(&server, path);
            assert_eq!(status, 403, "{path}");
            assert!(
                !String::from_utf8_lossy(&body).contains("outside the root"),
                "{path}"
            );
        }
        assert_eq!(
            get(&server, "http://evil/secret.txt").0,
            403,
            "absolute-form targets are refused"
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(site.dir.join("secret.txt"), site.root().join("link.txt"))
                .unwrap();
            assert_eq!(
                get(&server, "/link.txt").0,
                403,
                "a symlink out of the root"
            );
        }
    }

    #[test]
    fn stops_when_dropped() {
        let site = Site::new("stop");
        let server = Server::start(&site.root(), "127.0.0.1:0", false).unwrap();
        let addr = server.addr;
        drop(server);
        assert!(TcpStream::connect(addr).is_err(), "the port is closed");
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
