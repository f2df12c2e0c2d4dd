//! The page's message catalogues know every configuration warning: `www/i18n/en.json` holds
//! `warning.<id>` with exactly the English template the core renders, and every other
//! catalogue holds it with the same placeholders, so a warning reads in the reader's language.
//! They also hold the only words of the key table and the presets: the core names each key
//! and preset, and every catalogue holds `key.<name>.label`/`.help` and
//! `preset.<name>.title`/`.text` for exactly those names.

use gradfall_core::config::KEYS;
use gradfall_core::experiment::LANGUAGES;
use gradfall_core::presets::{COMPARE_PRESETS, PRESETS};
use gradfall_core::warning::{placeholders, TEMPLATES};
use serde_json::Value;

const CATALOGUES: &[(&str, &str)] = &[
    ("en", include_str!("../../../www/i18n/en.json")),
    ("ko", include_str!("../../../www/i18n/ko.json")),
];

fn message<'a>(catalogue: &'a Value, id: &str) -> Option<&'a str> {
    catalogue
        .get(format!("warning.{id}"))
        .and_then(Value::as_str)
}

fn sorted(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names
}

#[test]
fn english_catalogue_holds_the_core_templates() {
    let en: Value = serde_json::from_str(CATALOGUES[0].1).unwrap();
    for (id, template) in TEMPLATES {
        assert_eq!(message(&en, id), Some(*template), "warning.{id} in en.json");
    }
}

#[test]
fn every_catalogue_holds_every_warning_with_its_placeholders() {
    for (lang, text) in CATALOGUES {
        let catalogue: Value = serde_json::from_str(text).unwrap();
        for (id, template) in TEMPLATES {
            let Some(translated) = message(&catalogue, id) else {
                panic!("{lang}.json lacks warning.{id}");
            };
            assert_eq!(
                sorted(placeholders(translated)),
                sorted(placeholders(template)),
                "{lang}: warning.{id}"
            );
        }
        let ids: Vec<&str> = catalogue
            .as_object()
            .unwrap()
            .keys()
            .filter_map(|k| k.strip_prefix("warning."))
            .filter(|id| *id != "labelled")
            .collect();
        for id in ids {
            assert!(
                TEMPLATES.iter().any(|(known, _)| *known == id),
                "{lang}: warning.{id} is not a warning the core gives"
            );
        }
    }
}

/// Every warning a hostile query provokes carries an id the catalogues know, and its text
/// is its template filled with its arguments.
#[test]
fn warnings_from_queries_carry_known_ids() {
    let (_, warnings) = gradfall_core::experiment::Experiment::from_query(
        "v=2&depht=3&width=5000&act=foo&lr=abc&alpha=0.3&b.depth=0&view=x&speed=-1",
    );
    assert!(warnings.len() >= 7, "{warnings:?}");
    for w in &warnings {
        let template = TEMPLATES.iter().find(|(id, _)| *id == w.id).unwrap().1;
        let mut text = template.to_string();
        for (name, value) in &w.args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        let expected = match w.config {
            Some(label) => format!("{label}: {text}"),
            None => text,
        };
        assert_eq!(w.text, expected);
    }
    assert!(warnings.iter().any(|w| w.id == "unknown_key_suggest"
        && w.args.get("suggestion").map(String::as_str) == Some("depth")));
    assert!(warnings
        .iter()
        .any(|w| w.config == Some('B') && w.id == "below_min"));
}

/// `lang=` accepts exactly the languages that have a catalogue.
#[test]
fn every_language_has_a_catalogue() {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/i18n"))
            .unwrap()
            .filter_map(|e| {
                e.ok()?
                    .file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(String::from)
            })
            .collect();
    files.sort();
    assert_eq!(files, LANGUAGES);
    assert_eq!(
        CATALOGUES.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        LANGUAGES
    );
}

fn catalogues() -> Vec<(&'static str, serde_json::Map<String, Value>)> {
    CATALOGUES
        .iter()
        .map(|(lang, text)| {
            let Value::Object(map) = serde_json::from_str(text).unwrap() else {
                panic!("{lang}.json is not an object");
            };
            (*lang, map)
        })
        .collect()
}

/// The names `prefix.<name>.<part>` ids of `catalogue` use, each once.
fn named(catalogue: &serde_json::Map<String, Value>, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = catalogue
        .keys()
        .filter_map(|id| id.strip_prefix(prefix))
        .filter_map(|rest| rest.rsplit_once('.').map(|(name, _)| name.to_string()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A sentence: ends with a full stop, and (in English) is one sentence.
fn check_text(lang: &str, id: &str, text: Option<&str>, one_sentence: bool) {
    let Some(text) = text else {
        panic!("{lang}.json lacks {id}");
    };
    assert!(!text.trim().is_empty(), "{lang}: {id} is empty");
    assert!(text.ends_with('.'), "{lang}: {id} does not end a sentence");
    if one_sentence && lang == "en" {
        assert!(
            !text.contains(". "),
            "{lang}: {id} is more than one sentence"
        );
    }
}

#[test]
fn every_key_has_a_label_and_a_tooltip_in_every_language() {
    let mut names: Vec<String> = KEYS.iter().map(|k| k.name.to_string()).collect();
    names.sort();
    for (lang, catalogue) in catalogues() {
        for key in KEYS {
            let label = format!("key.{}.label", key.name);
            let text = catalogue.get(&label).and_then(Value::as_str);
            assert!(
                text.is_some_and(|t| !t.trim().is_empty()),
                "{lang}.json lacks {label}"
            );
            let help = format!("key.{}.help", key.name);
            check_text(
                lang,
                &help,
                catalogue.get(&help).and_then(Value::as_str),
                false,
            );
        }
        assert_eq!(
            named(&catalogue, "key."),
            names,
            "{lang}: key.* for unknown keys"
        );
    }
}

#[test]
fn every_preset_has_a_title_and_one_sentence_in_every_language() {
    let all: Vec<&str> = PRESETS
        .iter()
        .chain(COMPARE_PRESETS)
        .map(|p| p.name)
        .collect();
    let mut names: Vec<String> = all.iter().map(|n| n.to_string()).collect();
    names.sort();
    for (lang, catalogue) in catalogues() {
        for name in &all {
            let title = format!("preset.{name}.title");
            let shown = catalogue.get(&title).and_then(Value::as_str);
            assert!(
                shown.is_some_and(|t| !t.trim().is_empty() && !t.ends_with('.')),
                "{lang}.json: {title} missing or a sentence"
            );
            let text = format!("preset.{name}.text");
            check_text(
                lang,
                &text,
                catalogue.get(&text).and_then(Value::as_str),
                true,
            );
        }
        assert_eq!(
            named(&catalogue, "preset."),
            names,
            "{lang}: preset.* for unknown presets"
        );
    }
}
