//! Compare mode in one URL: up to four configurations (A–D) plus the page's view settings.
//!
//! ```text
//! v=1&act=sigmoid&depth=20&init=xavier&b.act=relu&b.init=he&view=depth,loss&autoplay=1
//! └─ A: plain keys ──────────────────┘ └─ B: only what differs ┘ └─ UI keys ────────┘
//! ```
//!
//! * **A** is the plain query, read exactly as [`Config::from_query`] reads it.
//! * **B, C, D** start as copies of A; their keys carry a one-letter prefix (`b.act=relu`) and
//!   hold only what differs from A. A configuration exists when any key with its prefix
//!   appears. A copy identical to A is declared by the bare letter: `b=1` (or just `b`);
//!   [`Experiment::to_query`] writes `b=1` exactly when B equals A. A letter skipped (C
//!   without B) moves up, with a warning.
//! * **UI keys** ([`UI_KEYS`]) are the page's settings: validated lightly, then passed
//!   through and written back in table order after the configurations.
//!
//! Warnings name the configuration they belong to ("B: act=foo is not one of …"); warnings of
//! A carry "A: " only when there is more than one configuration.

use serde::Serialize;

use crate::config::{
    echo, encode_component, split_query, version_warning, Kind, KEYS, VERSION, VERSION_KEY,
};
use crate::warning::Warning;
use crate::Config;

/// Most configurations one experiment compares.
pub const MAX_CONFIGS: usize = 4;

/// Labels of the configurations, in order; the lower-case letter is the key prefix of B–D.
pub const LABELS: [char; MAX_CONFIGS] = ['A', 'B', 'C', 'D'];

/// Chart names accepted in `view` (the page's charts).
pub const VIEW_CHARTS: &[&str] = &[
    "depth",
    "history",
    "loss",
    "dead",
    "histogram",
    "boundary",
    "phase",
    "spectrum",
    "deadtime",
    "seeds",
];

/// Metrics accepted in `metric` (the depth profile's and history's y axis).
pub const METRICS: &[&str] = &["grad_a", "grad_w", "update_ratio", "act_std"];

/// Languages of the page's message catalogues (`www/i18n/<lang>.json`), accepted in `lang`.
pub const LANGUAGES: &[&str] = &["en", "ko"];

/// Largest `speed` accepted (training steps per animation frame, or the page's own unit).
pub const MAX_SPEED: f64 = 1000.0;

/// One page setting carried in the URL beside the configurations: a row of the page's key
/// table, read by the same kinds as the configuration's [`KEYS`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct UiKey {
    pub name: &'static str,
    /// What it holds and which values are accepted.
    pub help: &'static str,
    /// The values it takes: a flag (`Bool`, a bare key means 1), a `Choice`, or a `Float` in
    /// a range.
    pub kind: Kind,
    /// A comma-separated list of the `Choice`'s values (`view`) rather than one of them.
    pub list: bool,
}

/// The page's settings, in the order [`Experiment::to_query`] writes them.
pub const UI_KEYS: &[UiKey] = &[
    UiKey {
        name: "view",
        help: "Charts to show, comma-separated, from depth, history, loss, dead, histogram, \
               boundary, phase, spectrum, deadtime, seeds.",
        kind: Kind::Choice {
            values: VIEW_CHARTS,
        },
        list: true,
    },
    UiKey {
        name: "autoplay",
        help: "1 to start training as soon as the page loads (0 or 1).",
        kind: Kind::Bool,
        list: false,
    },
    UiKey {
        name: "metric",
        help: "Metric of the depth profile and history: grad_a, grad_w or update_ratio.",
        kind: Kind::Choice { values: METRICS },
        list: false,
    },
    UiKey {
        name: "speed",
        help: "Playback speed: a number from 0 to 1000.",
        kind: Kind::Float {
            min: 0.0,
            max: MAX_SPEED,
            auto: false,
        },
        list: false,
    },
    UiKey {
        name: "seeds",
        help: "Seeds mode: how many seeds (1 to 64) every configuration is run over; absent: off.",
        kind: Kind::Int {
            min: 1,
            max: crate::sweep::MAX_PAGE_SEEDS as u64,
        },
        list: false,
    },
    UiKey {
        name: "embed",
        help: "1 for the minimal embed layout (0 or 1); a bare embed means 1.",
        kind: Kind::Bool,
        list: false,
    },
    UiKey {
        name: "lang",
        help: "Language of the page: en or ko (absent: the browser's language).",
        kind: Kind::Choice { values: LANGUAGES },
        list: false,
    },
];

/// A whole experiment: the configurations to compare (A first) and the page's settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Experiment {
    /// 1 to [`MAX_CONFIGS`] configurations; `configs[0]` is A.
    pub configs: Vec<Config>,
    /// UI settings as `(key, value)`, each key of [`UI_KEYS`] at most once, in table order,
    /// values in canonical form (as [`Experiment::from_query`] leaves them).
    pub ui: Vec<(String, String)>,
}

impl Default for Experiment {
    fn default() -> Experiment {
        Experiment::single(Config::default())
    }
}

/// Decoded `(key, value)` pairs, as [`split_query`] gives them.
type Pairs = Vec<(String, Option<String>)>;

/// One of B–D while the query is being sorted.
#[derive(Default)]
struct Other {
    /// Whether any key with this letter's prefix (or the bare letter) appeared.
    declared: bool,
    /// Its pairs, prefix removed.
    pairs: Pairs,
}

/// The pairs of one query, sorted by what they belong to.
#[derive(Default)]
struct Groups {
    /// Pairs of A (plain keys, including unknown ones).
    a: Pairs,
    /// B, C, D.
    others: [Other; MAX_CONFIGS - 1],
    ui: Pairs,
    warnings: Vec<Warning>,
}

impl Experiment {
    /// An experiment with one configuration and no UI settings.
    pub fn single(config: Config) -> Experiment {
        Experiment {
            configs: vec![config],
            ui: Vec::new(),
        }
    }

    /// The value of UI setting `key`, if set.
    pub fn ui_value(&self, key: &str) -> Option<&str> {
        self.ui
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Parses a compare query (see the module docs). Never panics, on any input; always gives
    /// 1 to [`MAX_CONFIGS`] valid configurations plus one warning per problem.
    pub fn from_query(query: &str) -> (Experiment, Vec<Warning>) {
        let groups = Groups::split(query);
        let mut warnings = groups.warnings;

        let mut a = Config::default();
        let a_warnings = a.apply_pairs(as_refs(&groups.a));
        let mut configs = vec![a];
        let mut config_warnings = vec![a_warnings];
        for (i, other) in groups.others.iter().enumerate() {
            if !other.declared {
                continue;
            }
            let letter = LABELS[i + 1];
            let mut config = configs[0].clone();
            if configs.len() != i + 1 {
                let missing = LABELS[configs.len()];
                warnings.push(crate::warning!(
                    "letter_skipped",
                    letter = letter,
                    missing = missing
                ));
            }
            config_warnings.push(config.apply_pairs(as_refs(&other.pairs)));
            configs.push(config);
        }
        let label_all = configs.len() > 1;
        for (i, these) in config_warnings.into_iter().enumerate() {
            for w in these {
                warnings.push(if i > 0 || label_all {
                    w.for_config(LABELS[i])
                } else {
                    w
                });
            }
        }

        let mut ui: Vec<(String, String)> = Vec::new();
        for (key, raw) in &groups.ui {
            let (value, warning) = read_ui(key, raw.as_deref());
            warnings.extend(warning);
            let Some(value) = value else { continue };
            match ui.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => {
                    warnings.push(crate::warning!("ui_repeated", key = key));
                    slot.1 = value;
                }
                None => ui.push((key.clone(), value)),
            }
        }
        let rank = |k: &String| UI_KEYS.iter().position(|u| u.name == k);
        crate::small_sort::sort_by(&mut ui, |a, b| rank(&a.0).cmp(&rank(&b.0)));
        (Experiment { configs, ui }, warnings)
    }

    /// The canonical query: `v=1`, A's non-default keys, then for B–D the keys that differ from
    /// A (prefixed; `b=1` for an exact copy), then the UI settings in [`UI_KEYS`] order.
    /// `Experiment::from_query(&e.to_query())` gives back `e` without warnings for every valid
    /// `e` (valid configs, canonical UI values in table order).
    pub fn to_query(&self) -> String {
        let default = Config::default();
        let a = self.configs.first().unwrap_or(&default);
        // A's own canonical query, `v=1` included.
        let mut query = a.to_query();
        debug_assert!(query.starts_with(&format!("{VERSION_KEY}={VERSION}")));
        for (i, config) in self
            .configs
            .iter()
            .enumerate()
            .skip(1)
            .take(MAX_CONFIGS - 1)
        {
            let prefix = LABELS[i].to_ascii_lowercase();
            let mut differs = false;
            for spec in KEYS {
                let irrelevant_alpha = spec.name == "alpha" && !config.act.uses_alpha();
                let value = spec.value_text(config);
                if irrelevant_alpha || value == spec.value_text(a) {
                    continue;
                }
                differs = true;
                query.push_str(&format!(
                    "&{prefix}.{}={}",
                    spec.name,
                    encode_component(&value)
                ));
            }
            if !differs {
                query.push_str(&format!("&{prefix}=1"));
            }
        }
        for ui_key in UI_KEYS {
            if let Some(value) = self.ui_value(ui_key.name) {
                query.push_str(&format!("&{}={}", ui_key.name, encode_component(value)));
            }
        }
        query
    }
}

impl Groups {
    /// Sorts the pairs of `query` into A, B–D, UI and the version, warning about what fits none.
    fn split(query: &str) -> Groups {
        let mut groups = Groups::default();
        for (key, value) in split_query(query) {
            if key == VERSION_KEY {
                groups.warnings.extend(version_warning(value.as_deref()));
            } else if UI_KEYS.iter().any(|u| u.name == key) {
                groups.ui.push((key, value));
            } else if let Some(letter) = config_letter(&key) {
                groups.add_prefixed(letter, &key, value);
            } else {
                groups.a.push((key, value));
            }
        }
        groups
    }

    /// Files a `b.key=value` or `b=1` pair under its configuration.
    fn add_prefixed(&mut self, letter: char, key: &str, value: Option<String>) {
        // B is others[0]; A never reaches here and E–Z have no slot.
        let index = LABELS.iter().position(|&l| l == letter).filter(|&i| i > 0);
        let Some(slot) = index.and_then(|i| self.others.get_mut(i - 1)) else {
            self.warnings.push(crate::warning!(
                "too_many_configs",
                max = MAX_CONFIGS,
                key = echo(key)
            ));
            return;
        };
        match key.split_once('.') {
            Some((_, rest)) => {
                slot.declared = true;
                slot.pairs.push((rest.to_string(), value));
            }
            // The bare letter declares a copy of A: `b=1`, `b=true` or just `b`.
            None => match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
                None | Some("1") | Some("true") => slot.declared = true,
                Some("0") | Some("false") => {}
                Some(_) => self.warnings.push(crate::warning!(
                    "copy_not_one",
                    key = key,
                    value = echo(value.as_deref().unwrap_or("")),
                    letter = letter
                )),
            },
        }
    }
}

/// The configuration letter ('B'…'Z', upper case) of a key `b`, `b.act`, `B.act`…; `None` for
/// keys of A. `a.…` is not a prefix: A is written without one.
fn config_letter(key: &str) -> Option<char> {
    let head = key.split_once('.').map_or(key, |(head, _)| head);
    let mut chars = head.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() && !c.eq_ignore_ascii_case(&'a') => {
            // A bare single letter only counts for B–D; `x=1` stays an unknown key of A.
            (key.contains('.') || LABELS.contains(&c.to_ascii_uppercase()))
                .then(|| c.to_ascii_uppercase())
        }
        _ => None,
    }
}

/// Which configuration a query key belongs to: `Some(0)` for A's keys, `Some(1..=3)` for
/// B–D (`b`, `b.act`…), `None` for the version key and the UI keys. The page edits one
/// configuration's keys with it (through the wasm export `keyOwner`).
pub fn key_owner(key: &str) -> Option<usize> {
    if key == VERSION_KEY || UI_KEYS.iter().any(|u| u.name == key) {
        return None;
    }
    match config_letter(key) {
        None => Some(0),
        Some(letter) => LABELS.iter().position(|&l| l == letter),
    }
}

fn as_refs(pairs: &[(String, Option<String>)]) -> impl Iterator<Item = (&str, Option<&str>)> {
    pairs.iter().map(|(k, v)| (k.as_str(), v.as_deref()))
}

/// Validates one UI setting by its row's kind: its canonical value (if any is usable) and a
/// warning (if any).
fn read_ui(key: &str, raw: Option<&str>) -> (Option<String>, Option<Warning>) {
    let text = raw.unwrap_or("");
    let refuse = |why: Warning| (None, Some(why));
    let Some(spec) = UI_KEYS.iter().find(|u| u.name == key) else {
        return refuse(crate::warning!("ui_unknown_key", key = echo(key)));
    };
    match spec.kind {
        Kind::Choice { values } if spec.list => read_list(key, values, text),
        Kind::Choice { values } => match values.iter().find(|m| m.eq_ignore_ascii_case(text)) {
            Some(value) => (Some(value.to_string()), None),
            None => refuse(crate::warning!(
                "ui_not_choice",
                key = key,
                value = echo(text),
                choices = values.join(", ")
            )),
        },
        // Flags: 0/1/true/false; a bare key means 1.
        Kind::Bool => match raw.map(str::to_ascii_lowercase).as_deref() {
            None | Some("1") | Some("true") => (Some("1".into()), None),
            Some("0") | Some("false") => (Some("0".into()), None),
            _ => refuse(crate::warning!(
                "ui_not_flag",
                key = key,
                value = echo(text)
            )),
        },
        Kind::Float { min, max, .. } => match text.parse::<f64>() {
            Ok(x) if (min..=max).contains(&x) => (Some(format!("{}", x + 0.0)), None),
            _ => refuse(crate::warning!(
                "ui_not_number",
                key = key,
                value = echo(text),
                min = min,
                max = max
            )),
        },
        Kind::Int { min, max } => match text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => (Some(n.to_string()), None),
            _ => refuse(crate::warning!(
                "ui_not_whole",
                key = key,
                value = echo(text),
                min = min,
                max = max
            )),
        },
    }
}

/// A list key (`view`): known names, lower case, without repeats, in the order given.
/// Unknown names are dropped with a warning; a list naming no known value is ignored.
fn read_list(
    key: &str,
    values: &'static [&'static str],
    raw: &str,
) -> (Option<String>, Option<Warning>) {
    let mut given: Vec<&str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match values.iter().find(|c| c.eq_ignore_ascii_case(name)) {
            Some(value) if !given.contains(value) => given.push(value),
            Some(_) => {}
            None => unknown.push(name),
        }
    }
    // `view` is the one list: its values are charts.
    let known = values.join(", ");
    if given.is_empty() {
        return (
            None,
            Some(crate::warning!(
                "list_empty",
                key = key,
                value = echo(raw),
                choices = known
            )),
        );
    }
    let list = given.join(",");
    let warning = (!unknown.is_empty()).then(|| {
        crate::warning!(
            "list_unknown",
            key = key,
            value = echo(&unknown.join(",")),
            choices = known,
            list = list
        )
    });
    (Some(list), warning)
}

#[cfg(test)]
mod tests;
