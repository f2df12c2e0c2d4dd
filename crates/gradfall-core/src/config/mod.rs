//! The one configuration language: the URL query (`act=relu&depth=30&init=he`).
//!
//! Everything about the keys lives in one declarative table, [`KEYS`]: each row holds the key,
//! its kind (choice with its names / float or int with a range / bool), its default, a label
//! and tooltip for the page, and accessors into [`Config`]. The parser
//! ([`Config::from_query`]), the writer ([`Config::to_query`]) and the page's controls are all
//! driven by that table, so a key is added in one place.
//!
//! Parsing never panics: unknown keys and bad values give a valid config plus one short,
//! human-readable warning per problem (user text is echoed at most [`ECHO_MAX`] characters).
//!
//! The module's files, one concern each: [`types`] (the enums and [`Config`]), [`names`] (their
//! query spellings), [`keys`] (the table), [`query`] (query syntax), [`format`] (reading and
//! writing values, warnings) and this file (parsing, writing and checking a whole config).

mod format;
mod keys;
mod names;
mod query;
mod types;

pub(crate) use format::range_text;
pub use format::suggest_key;
pub use keys::{find_key, KeySpec, Kind, Value, ECHO_MAX, KEYS, VERSION, VERSION_KEY};
pub(crate) use names::query_names;
pub(crate) use query::{echo, version_warning};
pub use query::{encode_component, split_query};
pub use types::{Activation, Config, ConfigError, Dataset, Init, Loss, Norm, Optimizer, Parsed};

use crate::warning::Warning;
use format::{read_value, unknown_key_warning};

impl Config {
    /// The slope / ELU α actually used.
    pub fn alpha(&self) -> f32 {
        self.alpha.unwrap_or(self.act.default_alpha())
    }

    /// Parses a URL query (with or without a leading `?`; see [`split_query`]) into a valid
    /// config plus one human-readable warning per problem. Never panics, on any input.
    ///
    /// Missing keys keep their defaults; unknown keys, unreadable values and `inf`/`NaN` are
    /// ignored with a warning; out-of-range numbers are clamped, saying to what; a repeated
    /// key warns and the last readable value wins; `v` other than 1 warns and is read as v=1.
    pub fn from_query(query: &str) -> Parsed {
        let mut config = Config::default();
        let mut warnings = Vec::new();
        let mut pairs = Vec::new();
        let split = split_query(query);
        for (key, value) in &split {
            if key == VERSION_KEY {
                warnings.extend(version_warning(value.as_deref()));
            } else {
                pairs.push((key.as_str(), value.as_deref()));
            }
        }
        warnings.extend(config.apply_pairs(pairs));
        Parsed { config, warnings }
    }

    /// The canonical query: `v=1` first, then every non-default key in [`KEYS`] order, numbers
    /// in their shortest round-trip form. `alpha` is written only when set and meaningful for
    /// the activation. `Config::from_query(&c.to_query())` gives back `c` without warnings for
    /// every valid `c` (one for which [`Config::problems`] is empty).
    pub fn to_query(&self) -> String {
        let mut query = format!("{VERSION_KEY}={VERSION}");
        for spec in KEYS {
            if spec.is_default(self) || (spec.name == "alpha" && !self.act.uses_alpha()) {
                continue;
            }
            query.push('&');
            query.push_str(spec.name);
            query.push('=');
            query.push_str(&encode_component(&spec.value_text(self)));
        }
        query
    }

    /// Applies already-decoded `(key, value)` pairs on top of `self`, in order, and returns
    /// the warnings (see [`Config::from_query`]). `v` is not handled here: it is unknown.
    ///
    /// After all pairs, an `alpha` that the activation ignores is dropped: with a warning if
    /// these pairs set it, silently if it was inherited (compare mode: B changes `act`).
    pub fn apply_pairs<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        let mut alpha_text: Option<String> = None;
        for (key, raw) in pairs {
            let Some(spec) = find_key(key) else {
                warnings.push(unknown_key_warning(key, raw));
                continue;
            };
            match counts.iter_mut().find(|(name, _)| *name == spec.name) {
                Some((_, n)) => *n += 1,
                None => counts.push((spec.name, 1)),
            }
            let reading = read_value(spec, raw, spec.value(self));
            warnings.extend(reading.warning);
            if let Some(value) = reading.value {
                (spec.set)(self, value);
                if spec.name == "alpha" {
                    alpha_text = Some(echo(raw.unwrap_or("")));
                }
            }
        }
        for (name, n) in counts.into_iter().filter(|&(_, n)| n > 1) {
            let value = find_key(name)
                .map(|s| s.value_text(self))
                .unwrap_or_default();
            warnings.push(crate::warning!(
                "repeated",
                key = name,
                count = n,
                value = value
            ));
        }
        if self.alpha.is_some() && !self.act.uses_alpha() {
            self.alpha = None;
            if let Some(text) = alpha_text {
                warnings.push(crate::warning!(
                    "alpha_unused",
                    value = text,
                    act = self.act.as_str()
                ));
            }
        }
        warnings
    }

    /// Sets one key from its query text, as the page's controls do. Returns the warnings
    /// (an unknown key, an unreadable or clamped value); never panics.
    pub fn set(&mut self, key: &str, value: &str) -> Vec<Warning> {
        self.apply_pairs([(key, Some(value))])
    }

    /// What makes this config invalid (empty when valid): a number outside its key's range or
    /// not finite, or an `alpha` set for an activation that ignores it. Configs built by
    /// [`Config::from_query`] are always valid; this checks configs built in code.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for spec in KEYS {
            let in_range = match (spec.kind, spec.value(self)) {
                (Kind::Float { min, max, .. }, Value::Float(x)) => {
                    x.is_finite() && (min..=max).contains(&(x as f64))
                }
                (Kind::Int { min, max }, Value::Int(n)) => (min..=max).contains(&n),
                _ => true,
            };
            if !in_range {
                problems.push(format!(
                    "{}={} is outside its range {}",
                    spec.name,
                    spec.value_text(self),
                    range_text(&spec.kind)
                ));
            }
        }
        if self.alpha.is_some() && !self.act.uses_alpha() {
            problems.push(format!(
                "alpha is set but act={} does not use it",
                self.act.as_str()
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests;
