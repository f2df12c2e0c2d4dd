//! The oEmbed 1.0 provider endpoint (<https://oembed.com>): `GET /oembed?url=<playground
//! URL>&maxwidth=&maxheight=&format=json` answers with a "rich" JSON object whose `html` is
//! the `<iframe>` of the embed page for that URL's experiment.
//!
//! The `url` must point at this server's playground (`/`, `/index.html`) or embed page
//! (`/embed.html`), with the host the request was sent to (its `Host` header) or the address
//! the server listens on. Anything else is 404; a format other than JSON is 501; a maxwidth or
//! maxheight that is not a positive whole number is 400. Nothing here panics on any input.
//!
//! The query is read as the URL Standard reads forms (`form_urlencoded`, as the browser's
//! `URLSearchParams`): a `%` without two hex digits stays as it is, bytes that are not UTF-8
//! become U+FFFD; such a `url` then names no page of this server (404).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use gradfall_core::embed::{iframe_html, IframeWidth, DEFAULT_TITLE, DEFAULT_VIEW};

/// Size of the iframe when the consumer sets no limit, in CSS pixels.
pub const DEFAULT_WIDTH: u32 = 720;
pub const DEFAULT_HEIGHT: u32 = 560;
/// Longest `url` accepted.
const MAX_URL: usize = 4096;

/// Status and body of an oEmbed answer; the body is JSON when the status is 200.
pub type Answer = (u16, String);

/// Answer the oEmbed request whose query string (after `?`) is `query`. `origins` are the
/// `scheme://host:port` forms this server is reachable at.
pub fn answer(query: &str, origins: &[String]) -> Answer {
    let mut url = None;
    let mut max_width = DEFAULT_WIDTH;
    let mut max_height = DEFAULT_HEIGHT;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "url" => url = Some(value.into_owned()),
            "format" if value != "json" => {
                return (501, "only format=json is supported".to_string())
            }
            "maxwidth" | "maxheight" => match value.parse::<u32>() {
                Ok(n) if n > 0 => {
                    let slot = if key == "maxwidth" {
                        &mut max_width
                    } else {
                        &mut max_height
                    };
                    *slot = n.min(*slot);
                }
                _ => return (400, format!("{key} must be a positive whole number")),
            },
            _ => {} // format=json, and keys oEmbed may add later.
        }
    }
    let Some(url) = url else {
        return (404, "url is missing".to_string());
    };
    let Some(experiment) = experiment_query(&url, origins) else {
        return (404, "url is not a Gradfall page on this server".to_string());
    };
    let origin = origin_of(&url).unwrap_or_default();
    (200, rich_json(origin, &experiment, max_width, max_height))
}

/// The experiment query of `url` when it is one of this server's pages; `None` otherwise.
fn experiment_query(url: &str, origins: &[String]) -> Option<String> {
    if url.len() > MAX_URL || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let origin = origin_of(url)?;
    if !origins.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
        return None;
    }
    let rest = &url[origin.len()..];
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    matches!(path, "" | "/" | "/index.html" | "/embed.html").then(|| query.to_string())
}

/// `scheme://authority` of an http(s) URL.
fn origin_of(url: &str) -> Option<&str> {
    let after_scheme = url
        .strip_prefix("http://")
        .map(|r| (r, 7))
        .or_else(|| url.strip_prefix("https://").map(|r| (r, 8)));
    let (rest, scheme_len) = after_scheme?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if end == 0 || rest[..end].contains('@') {
        return None; // no host, or user info (a classic way to disguise a host)
    }
    Some(&url[..scheme_len + end])
}

/// The embed page's address for `query`: `embed` dropped, the default `view` added if none.
fn embed_src(origin: &str, query: &str) -> String {
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && key_of(p) != "embed")
        .map(str::to_string)
        .collect();
    if !pairs.iter().any(|p| key_of(p) == "view") {
        pairs.push(format!("view={DEFAULT_VIEW}"));
    }
    format!("{origin}/embed.html?{}", pairs.join("&"))
}

fn key_of(pair: &str) -> &str {
    pair.split('=').next().unwrap_or(pair)
}

/// The oEmbed "rich" response; the fields in the order of the oEmbed specification.
#[derive(Serialize)]
struct Rich {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    provider_name: &'static str,
    provider_url: String,
    title: &'static str,
    html: String,
    width: u32,
    height: u32,
}

/// The oEmbed "rich" response as JSON.
fn rich_json(origin: &str, query: &str, width: u32, height: u32) -> String {
    let src = embed_src(origin, query);
    // The same element as the page's "Copy embed code", at a fixed width.
    let html = iframe_html(&src, DEFAULT_TITLE, IframeWidth::Pixels(width), height);
    let rich = Rich {
        version: "1.0",
        kind: "rich",
        provider_name: "Gradfall",
        provider_url: format!("{origin}/"),
        title: DEFAULT_TITLE,
        html,
        width,
        height,
    };
    let json = serde_json::to_string(&rich).expect("strings and numbers always serialise");
    html_safe(&json)
}

/// `json` with `<`, `>` and `&` written as `\u` escapes, so that the JSON stays inert if a
/// consumer ever pastes it into HTML. Outside strings JSON has none of these characters, so
/// every one replaced is inside a string, where the escape means the same character.
fn html_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// What a query component keeps unescaped: letters, digits and `-_.~` (RFC 3986's
/// unreserved characters).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The discovery link as index.html ships it (www/index.html; JavaScript keeps it current).
const DISCOVERY_HREF: &[u8] = b"href=\"oembed?format=json\"";

/// `page` (index.html) with its oEmbed discovery link pointing at the URL it was requested
/// as (`origin` + `target`), so consumers that read the HTML without running scripts find the
/// experiment's oEmbed. Pages without the link are returned as they are.
pub fn fill_discovery_link(page: Vec<u8>, origin: &str, target: &str) -> Vec<u8> {
    let Some(at) = page
        .windows(DISCOVERY_HREF.len())
        .position(|w| w == DISCOVERY_HREF)
    else {
        return page;
    };
    let url = format!("{origin}{}", target.split('#').next().unwrap_or(""));
    let encoded = utf8_percent_encode(&url, COMPONENT);
    let href = format!("href=\"oembed?format=json&amp;url={encoded}\"");
    let mut out = Vec::with_capacity(page.len() + href.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(href.as_bytes());
    out.extend_from_slice(&page[at + DISCOVERY_HREF.len()..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:8000";

    fn ask(query: &str) -> Answer {
        answer(
            query,
            &[ORIGIN.to_string(), "http://localhost:8000".to_string()],
        )
    }

    fn encode(text: &str) -> String {
        utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
    }

    /// The value of a string field of the JSON answer.
    fn field(json: &str, key: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        value[key].as_str().expect(key).to_string()
    }

    #[test]
    fn a_playground_url_gives_a_rich_iframe_of_its_experiment() {
        let url = format!("{ORIGIN}/?v=1&act=sigmoid&depth=20&b.act=relu");
        let (status, json) = ask(&format!("url={}&format=json", encode(&url)));
        assert_eq!(status, 200, "{json}");
        assert!(
            json.starts_with("{\"version\":\"1.0\",\"type\":\"rich\""),
            "{json}"
        );
        assert!(
            json.ends_with(&format!(
                "\"width\":{DEFAULT_WIDTH},\"height\":{DEFAULT_HEIGHT}}}"
            )),
            "{json}"
        );
        assert_eq!(field(&json, "provider_url"), format!("{ORIGIN}/"));
        let html = field(&json, "html");
        assert!(
            html.starts_with(&format!(
                "<iframe src=\"{ORIGIN}/embed.html?v=1&amp;act=sigmoid&amp;depth=20&amp;b.act=relu&amp;view=depth,history,loss\""
            )),
            "{html}"
        );
        assert!(
            !json.contains('<') && !json.contains('&'),
            "markup characters are escaped in the JSON: {json}"
        );
    }

    #[test]
    fn embed_urls_keep_their_view_and_drop_embed() {
        let url = format!("{ORIGIN}/embed.html?act=tanh&view=loss&embed=1#top");
        let (status, json) = ask(&format!("url={}", encode(&url)));
        assert_eq!(status, 200);
        assert!(
            field(&json, "html").contains("/embed.html?act=tanh&amp;view=loss\""),
            "{json}"
        );
        let (status, _) = ask(&format!(
            "url={}",
            encode("http://localhost:8000/index.html")
        ));
        assert_eq!(status, 200, "the other name of the server, and index.html");
    }

    #[test]
    fn maxwidth_and_maxheight_shrink_the_iframe() {
        let url = encode(&format!("{ORIGIN}/"));
        let (_, json) = ask(&format!("url={url}&maxwidth=400&maxheight=9999"));
        assert!(
            json.ends_with(&format!("\"width\":400,\"height\":{DEFAULT_HEIGHT}}}")),
            "{json}"
        );
        assert!(field(&json, "html").contains("width=\"400\""));
        for bad in ["maxwidth=0", "maxwidth=-3", "maxheight=abc", "maxwidth=1e9"] {
            assert_eq!(ask(&format!("url={url}&{bad}")).0, 400, "{bad}");
        }
    }

    #[test]
    fn foreign_or_odd_urls_are_404_and_other_formats_501() {
        for url in [
            "http://evil.example/?act=relu",
            "http://127.0.0.1:8000@evil.example/",
            "https://127.0.0.1:80001/",
            "http://127.0.0.1:8000/secret.txt",
            "http://127.0.0.1:8000/pkg/gradfall_wasm.js",
            "javascript:alert(1)",
            "http://127.0.0.1:8000/?a b",
            "",
        ] {
            assert_eq!(ask(&format!("url={}", encode(url))).0, 404, "{url}");
        }
        assert_eq!(ask("format=json").0, 404, "no url");
        let ok = encode(&format!("{ORIGIN}/"));
        assert_eq!(ask(&format!("url={ok}&format=xml")).0, 501);
        // Bad escapes stay literal, bytes that are not UTF-8 become U+FFFD: no page of ours.
        assert_eq!(ask("url=%zz").0, 404);
        assert_eq!(ask("url=%ff%fe").0, 404, "not UTF-8");
    }

    #[test]
    fn hostile_queries_cannot_break_out_of_the_attribute_or_the_json() {
        let url = format!("{ORIGIN}/?act=\"><script>alert(1)</script>&x='\\");
        let (status, json) = ask(&format!("url={}", encode(&url)));
        assert_eq!(status, 200);
        let html = field(&json, "html");
        let src_end = html.find("\" title=").unwrap();
        let src = &html[..src_end];
        assert!(!src[13..].contains(['"', '<', '>', '\'']), "{src}");
        assert!(src.contains("&quot;&gt;&lt;script&gt;"), "{src}");
        assert!(
            json.contains("\\\\"),
            "the backslash is escaped in JSON: {json}"
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            html_safe(r#"{"a":"<b>&"}"#),
            r#"{"a":"\u003cb\u003e\u0026"}"#
        );
    }

    #[test]
    fn the_query_is_read_as_a_form() {
        let url = encode(&format!("{ORIGIN}/?act=tanh"));
        let (status, json) = ask(&format!("url={url}&max%77idth=+300+"));
        assert_eq!(status, 400, "' 300 ' is not a whole number: {json}");
        let (status, json) = ask(&format!("format=json&max%77idth=300&url={url}"));
        assert_eq!(status, 200, "{json}");
        assert!(json.contains("\"width\":300"), "{json}");
        let partial = format!("{ORIGIN}/?act=%zz")
            .replace(':', "%3A")
            .replace('/', "%2F");
        let (status, json) = ask(&format!("url={partial}"));
        assert_eq!(status, 200, "{json}");
        assert!(
            field(&json, "html").contains("?act=%zz&amp;view="),
            "{json}"
        );
    }
}
