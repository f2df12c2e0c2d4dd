//! The response headers of a site: Netlify's `_headers` format, which `cargo xtask dist`
//! writes and `cargo xtask serve --dist` applies, so the static site is tried locally with
//! exactly the headers a host that reads the file would send.
//!
//! The format: a line that starts in the first column is a path pattern (`*` matches any
//! run of characters, `/` included); the indented `Name: value` lines under it are the
//! headers of every path it matches. `#` starts a comment line. Every matching rule applies,
//! in file order; a later value of the same header replaces an earlier one.

/// One path pattern and its headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub pattern: String,
    pub headers: Vec<(String, String)>,
}

/// The rules of a `_headers` file. A header line before any pattern, or without a colon,
/// is an error naming the line.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules: Vec<Rule> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push(Rule {
                pattern: trimmed.to_string(),
                headers: Vec::new(),
            });
            continue;
        }
        let (Some(rule), Some((name, value))) = (rules.last_mut(), trimmed.split_once(':')) else {
            return Err(format!(
                "_headers line {}: expected a path, or `Name: value` under one",
                i + 1
            ));
        };
        rule.headers
            .push((name.trim().to_string(), value.trim().to_string()));
    }
    Ok(rules)
}

/// The headers for `path` (the request's path, without the query): every matching rule's,
/// later values of a name replacing earlier ones (names compared without case).
pub fn for_path(rules: &[Rule], path: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for rule in rules.iter().filter(|r| matches(&r.pattern, path)) {
        for (name, value) in &rule.headers {
            out.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            out.push((name.clone(), value.clone()));
        }
    }
    out
}

/// Whether `path` matches `pattern`, where `*` matches any run of characters.
fn matches(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no `*`: the whole path
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# a comment\n/*\n  X-A: 1\n  Cache-Control: no-cache\n/assets/*\n  Cache-Control: immutable\n/assets/*.wasm\n  Content-Type: application/wasm\n/\n  X-Root: yes\n";

    #[test]
    fn patterns_match_with_splats() {
        assert!(matches("/*", "/"));
        assert!(matches("/*", "/a/b.js"));
        assert!(matches("/assets/*.wasm", "/assets/m.0123.wasm"));
        assert!(!matches("/assets/*.wasm", "/assets/m.js"));
        assert!(!matches("/assets/*", "/index.html"));
        assert!(matches("/", "/"));
        assert!(!matches("/", "/index.html"));
        assert!(matches("/*.html", "/embed.html"));
        assert!(matches("/a*b*c", "/a-b-c"));
        assert!(!matches("/a*b*c", "/a-c"));
    }

    #[test]
    fn every_matching_rule_applies_and_later_values_win() {
        let rules = parse(SAMPLE).unwrap();
        assert_eq!(rules.len(), 4);
        let wasm = for_path(&rules, "/assets/m.1.wasm");
        assert_eq!(
            wasm,
            vec![
                ("X-A".to_string(), "1".to_string()),
                ("Cache-Control".to_string(), "immutable".to_string()),
                ("Content-Type".to_string(), "application/wasm".to_string()),
            ]
        );
        let root = for_path(&rules, "/");
        assert!(root.contains(&("X-Root".to_string(), "yes".to_string())));
        assert!(root.contains(&("Cache-Control".to_string(), "no-cache".to_string())));
    }

    #[test]
    fn a_header_line_outside_a_rule_is_an_error_naming_the_line() {
        assert_eq!(
            parse("  X-A: 1\n"),
            Err("_headers line 1: expected a path, or `Name: value` under one".to_string())
        );
        assert!(parse("/*\n  no colon here\n").is_err());
    }
}
