//! What was wrong with a query, as a message id with named arguments.
//!
//! Every warning the configuration language gives (an unknown key, a value out of range, a
//! compare letter skipped…) is a [`Warning`]: an `id` from [`TEMPLATES`], its arguments, and
//! the English text rendered from the template. The command line prints the text; the page
//! looks the id up in its message catalogue (`www/i18n/<lang>.json`, key `warning.<id>`) and
//! renders it with the same arguments in the reader's language. A test checks that the
//! English catalogue holds every id with these exact templates.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

use serde::Serialize;

/// Every warning: id and English template. Placeholders are `{name}`, filled from the args.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("no_value", "{key} has no value; keeping {keeping}"),
    ("not_choice", "{key}={value} is not one of {choices}; keeping {keeping}"),
    ("not_bool", "{key}={value} is not 0, 1, true or false; keeping {keeping}"),
    ("not_whole", "{key}={value} is not a whole number; using {using}"),
    ("not_number", "{key}={value} is not a number; keeping {keeping}"),
    ("not_finite", "{key}={value} is not a finite number; keeping {keeping}"),
    ("above_max", "{key}={value} is above the maximum {bound}; using {bound}"),
    ("below_min", "{key}={value} is below the minimum {bound}; using {bound}"),
    ("no_key", "\"={value}\" has no key; ignored"),
    ("unknown_key", "unknown key \"{key}\" ignored"),
    ("unknown_key_suggest", "unknown key \"{key}\" ignored; did you mean {suggestion}?"),
    ("repeated", "{key} is given {count} times; the last readable one wins: {key}={value}"),
    ("alpha_unused", "alpha={value} has no effect with act={act}; ignored (it applies to leaky, prelu, elu and necro)"),
    ("version", "unknown version v={value}; reading it as v={version}"),
    ("letter_skipped", "{letter} is given without {missing}; it is shown as {missing}"),
    ("too_many_configs", "at most {max} configurations (A–D); {key} ignored"),
    ("copy_not_one", "{key}={value} is not 1; write {key}=1 to add {letter} as a copy of A"),
    ("ui_repeated", "{key} is given more than once; the last one wins"),
    ("ui_not_flag", "{key}={value} is not 0 or 1; ignored"),
    ("ui_not_choice", "{key}={value} is not one of {choices}; ignored"),
    ("ui_not_number", "{key}={value} is not a number from {min} to {max}; ignored"),
    ("ui_not_whole", "{key}={value} is not a whole number from {min} to {max}; ignored"),
    ("ui_unknown_key", "unknown key \"{key}\" ignored"),
    ("list_empty", "{key}={value} names no chart of {choices}; ignored"),
    ("list_unknown", "{key}: unknown {value} dropped (charts: {choices}); using {key}={list}"),
];

/// One problem with a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// One of [`TEMPLATES`]' ids.
    pub id: &'static str,
    /// The template's arguments by placeholder name.
    pub args: BTreeMap<&'static str, String>,
    /// The compare configuration it belongs to ("B"), when the experiment has several.
    pub config: Option<char>,
    /// The English text: the template filled in, after "B: " when `config` is set.
    pub text: String,
}

impl Warning {
    /// The warning `id` with `args`; its English text is rendered from [`TEMPLATES`].
    pub fn new(id: &'static str, args: Vec<(&'static str, String)>) -> Warning {
        let template = TEMPLATES
            .iter()
            .find(|(name, _)| *name == id)
            .map_or(id, |(_, t)| *t);
        let mut text = template.to_string();
        for (name, value) in &args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Warning {
            id,
            args: args.into_iter().collect(),
            config: None,
            text,
        }
    }

    /// The same warning, said of compare configuration `label` ("B: …").
    pub fn for_config(mut self, label: char) -> Warning {
        self.config = Some(label);
        self.text = format!("{label}: {}", self.text);
        self
    }
}

/// `warning!("id", name = value, …)`: a [`Warning`] whose arguments are formatted with
/// `to_string`.
#[macro_export]
macro_rules! warning {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::warning::Warning::new($id, vec![$((stringify!($name), $value.to_string())),*])
    };
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A warning reads as its English text (`w.contains(…)`, `&*w`).
impl Deref for Warning {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<&str> for Warning {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// The placeholder names of a template, in order of first appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start + 1..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + 1 + len];
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[start + 1 + len..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_each_template_names_its_arguments() {
        for (i, (id, template)) in TEMPLATES.iter().enumerate() {
            assert!(TEMPLATES[..i].iter().all(|(other, _)| other != id), "{id}");
            assert!(
                !placeholders(template).is_empty() || *id == "no_key",
                "{id}"
            );
        }
    }

    #[test]
    fn renders_the_template_with_its_arguments() {
        let w = crate::warning!("above_max", key = "width", value = "2000", bound = 1024);
        assert_eq!(w.text, "width=2000 is above the maximum 1024; using 1024");
        assert_eq!(
            w.for_config('B').text,
            "B: width=2000 is above the maximum 1024; using 1024"
        );
    }
}
