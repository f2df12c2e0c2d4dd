//! The experiment argument: a query (`act=relu&depth=30`), a page URL holding one, or the
//! name of a preset.

use gradfall_core::{presets, Config};

/// The query text an argument stands for: a preset's query when it names one, the part
/// between `?` and `#` of a URL, or the argument itself.
pub fn resolve(argument: &str) -> String {
    if let Some(preset) = presets::find(argument) {
        return preset.query.to_string();
    }
    if argument.contains("://") {
        let after_mark = argument.split_once('?').map(|(_, q)| q).unwrap_or("");
        return after_mark.split('#').next().unwrap_or("").to_string();
    }
    argument.to_string()
}

/// Like [`resolve`], also reading the names of compare presets (A–D): for `gradfall sweep`,
/// whose experiment may compare configurations.
pub fn resolve_experiment(argument: &str) -> String {
    match presets::find_compare(argument) {
        Some(preset) => preset.query.to_string(),
        None => resolve(argument),
    }
}

/// Parse the experiment argument into a config, printing each parse warning to stderr.
pub fn config(argument: &str) -> Config {
    let parsed = Config::from_query(&resolve(argument));
    for warning in &parsed.warnings {
        eprintln!("warning: {warning}");
    }
    parsed.config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_query_out_of_a_page_url() {
        assert_eq!(
            resolve("http://127.0.0.1:8000/?act=tanh&depth=3#charts"),
            "act=tanh&depth=3"
        );
        assert_eq!(resolve("https://example.org/embed.html"), "");
    }

    #[test]
    fn leaves_plain_queries_alone() {
        assert_eq!(resolve("act=sigmoid&depth=20"), "act=sigmoid&depth=20");
        assert_eq!(resolve("?width=8"), "?width=8");
    }

    #[test]
    fn expands_preset_names() {
        for preset in presets::PRESETS {
            assert_eq!(resolve(preset.name), preset.query);
        }
    }
}
