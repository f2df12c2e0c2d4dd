//! Query syntax: splitting a query into pairs, percent-decoding and -encoding, and echoing
//! user text safely in warnings.

use super::keys::{ECHO_MAX, VERSION};
use crate::warning::Warning;

/// Splits a query into decoded `(key, value)` pairs, in order. Never panics.
///
/// Accepts a leading `?` (or a whole URL: text before the first `?` is dropped when it holds
/// no `=` or `&`), drops a `#fragment`, skips empty pairs (`a=1&&b=2`), decodes `+` as a space
/// and `%XX` escapes (invalid UTF-8 becomes U+FFFD, a malformed `%` stays literal), and trims
/// spaces around keys and values. A pair without `=` has value `None`.
pub fn split_query(query: &str) -> Vec<(String, Option<String>)> {
    let query = query.split('#').next().unwrap_or("");
    let query = match query.split_once('?') {
        Some((prefix, rest)) if !prefix.contains(['=', '&']) => rest,
        _ => query,
    };
    query
        .split('&')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (decode(key), Some(decode(value))),
            None => (decode(pair), None),
        })
        .collect()
}

/// Percent-decodes one component (`+` is a space), then trims surrounding whitespace.
/// As the URL Standard's form decoding (the browser's `URLSearchParams`): a `%` without two
/// hex digits stays as it is, bytes that are not UTF-8 become U+FFFD.
fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .trim()
        .to_string()
}

/// Percent-encodes a key or value for a query: everything but `A–Z a–z 0–9 - _ . ~ ,` is
/// escaped (commas stay readable in lists such as `view=depth,loss`).
pub fn encode_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT_KEEPS).to_string()
}

/// What [`encode_component`] leaves as it is: letters, digits and `-_.~,`.
const COMPONENT_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b',');

/// User text as echoed in a warning: at most [`ECHO_MAX`] characters (the last an ellipsis
/// when cut) with control characters replaced, so warnings stay short, printable text.
pub fn echo(text: &str) -> String {
    let clean = |c: char| if c.is_control() { '\u{FFFD}' } else { c };
    if text.chars().count() <= ECHO_MAX {
        text.chars().map(clean).collect()
    } else {
        let mut cut: String = text.chars().take(ECHO_MAX - 1).map(clean).collect();
        cut.push('…');
        cut
    }
}

/// The warning for a `v=` pair, if its value is not the supported version.
pub fn version_warning(value: Option<&str>) -> Option<Warning> {
    match value {
        Some(v) if v == VERSION.to_string() => None,
        _ => Some(crate::warning!(
            "version",
            value = echo(value.unwrap_or("")),
            version = VERSION
        )),
    }
}
