//! Embedding an experiment in another page: what the playground's "Copy embed code" and the
//! oEmbed route of `cargo xtask serve` both produce, written once.
//!
//! The page gets these through the wasm exports (`names()`, `embedIframe()`), the server
//! calls them directly, so the two `<iframe>`s cannot drift apart.

/// Charts the embed page shows when the query has no `view` (each one of
/// [`VIEW_CHARTS`](crate::experiment::VIEW_CHARTS)).
pub const DEFAULT_VIEW: &str = "depth,history,loss";

/// UI keys that only mean something on the embed page; the link back to the playground drops
/// them (`metric` and `speed` mean the same on both pages and stay).
pub const EMBED_ONLY_KEYS: &[&str] = &["view", "autoplay", "embed"];

/// Title of the `<iframe>` when the embedding page gives none.
pub const DEFAULT_TITLE: &str = "Gradfall experiment";

/// How wide the `<iframe>` is: the column it is pasted into, or a fixed size (oEmbed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IframeWidth {
    /// `width="100%"`: fills the blog's column (the page's snippet).
    Fill,
    /// A width in CSS pixels, never wider than the column (oEmbed's `maxwidth`).
    Pixels(u32),
}

/// The `<iframe>` of the embed page at `src`, attributes escaped, loading lazily, no border.
pub fn iframe_html(src: &str, title: &str, width: IframeWidth, height: u32) -> String {
    let (width, style) = match width {
        IframeWidth::Fill => ("100%".to_string(), "border:0;width:100%;max-width:100%"),
        IframeWidth::Pixels(px) => (px.to_string(), "border:0;max-width:100%"),
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" style=\"{style}\" \
         loading=\"lazy\"></iframe>",
        escape_attribute(src),
        escape_attribute(title)
    )
}

/// `text` safe inside a double-quoted HTML attribute (and as HTML text).
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::VIEW_CHARTS;

    #[test]
    fn the_default_view_names_known_charts() {
        for chart in DEFAULT_VIEW.split(',') {
            assert!(VIEW_CHARTS.contains(&chart), "{chart}");
        }
    }

    #[test]
    fn iframes_escape_their_attributes() {
        let html = iframe_html(
            "https://x.org/e?a=1&b=\"'<>",
            "<A & B>",
            IframeWidth::Fill,
            560,
        );
        assert_eq!(
            html,
            "<iframe src=\"https://x.org/e?a=1&amp;b=&quot;&#39;&lt;&gt;\" title=\"&lt;A &amp; \
             B&gt;\" width=\"100%\" height=\"560\" style=\"border:0;width:100%;max-width:100%\" \
             loading=\"lazy\"></iframe>"
        );
        let fixed = iframe_html(
            "https://x.org/",
            DEFAULT_TITLE,
            IframeWidth::Pixels(400),
            300,
        );
        assert!(
            fixed.contains(" width=\"400\" height=\"300\" style=\"border:0;max-width:100%\""),
            "{fixed}"
        );
    }
}
