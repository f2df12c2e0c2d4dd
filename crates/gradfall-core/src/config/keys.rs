//! The key table: every configuration key with its kind, default and accessors into
//! [`Config`]. The parser, the writer and the page's controls all read it. A key's label and
//! tooltip are words, so they live in the page's message catalogues (`www/i18n/<lang>.json`,
//! ids `key.<name>.label` and `key.<name>.help`); `tests/catalogue.rs` fails when a key lacks
//! them in a language.

use serde::Serialize;

use super::format::format_value;
use super::types::{Activation, Config, Dataset, Init, Loss, Norm, Optimizer};

/// The query-language version this module reads and writes (`v=1`).
pub const VERSION: u32 = 1;

/// The key carrying [`VERSION`]. It is not in [`KEYS`]: it has no control on the page.
pub const VERSION_KEY: &str = "v";

/// Longest piece of user text (in characters, ellipsis included) echoed in a warning.
pub const ECHO_MAX: usize = 40;

/// What values a key takes. Serialised for the page as `{"type": "choice", "values": [...]}`,
/// `{"type": "float", "min", "max", "auto"}`, `{"type": "int", "min", "max"}` or
/// `{"type": "bool"}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Kind {
    /// One of a fixed list of names (matched case-insensitively when parsing).
    Choice { values: &'static [&'static str] },
    /// A real number in `min..=max`. With `auto`, the word `auto` is also accepted and means
    /// "the activation's own default" (only `alpha`).
    Float { min: f64, max: f64, auto: bool },
    /// A whole number in `min..=max` (at most 2³²−1, so exact in JavaScript).
    Int { min: u64, max: u64 },
    /// `0`/`1`/`false`/`true`; a bare key (`&res&`) means `1`. Written as `1`.
    Bool,
}

/// A typed value of one key, as read from or written into a [`Config`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// Index into the key's [`Kind::Choice`] `values`.
    Choice(usize),
    Float(f32),
    /// `auto`: the activation's default (`alpha` = `None`).
    Auto,
    Int(u64),
    Bool(bool),
}

/// One row of the key table: everything the parser, the writer and the page's controls need.
///
/// Serialises (for the page) as `{name, kind, default}`; the accessors are skipped.
#[derive(Clone, Copy, Serialize)]
pub struct KeySpec {
    /// The query key, e.g. `depth`.
    pub name: &'static str,
    pub kind: Kind,
    /// The default as it would be written in a query (`auto` for `alpha`).
    pub default: &'static str,
    #[serde(skip)]
    pub(super) get: fn(&Config) -> Value,
    #[serde(skip)]
    pub(super) set: fn(&mut Config, Value),
}

impl std::fmt::Debug for KeySpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySpec")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish()
    }
}

impl KeySpec {
    /// This key's value in `config`.
    pub fn value(&self, config: &Config) -> Value {
        (self.get)(config)
    }

    /// This key's value in `config`, written as in a query (`relu`, `0.01`, `1`, `auto`).
    pub fn value_text(&self, config: &Config) -> String {
        format_value(&self.kind, self.value(config))
    }

    /// Whether `config` holds this key's default (so [`Config::to_query`] omits it).
    pub fn is_default(&self, config: &Config) -> bool {
        self.value(config) == self.value(&Config::default())
    }
}

/// Extractors used by the setters: a value of the wrong variant is ignored.
fn as_f32(v: Value) -> Option<f32> {
    match v {
        Value::Float(x) => Some(x),
        _ => None,
    }
}
fn as_u64(v: Value) -> Option<u64> {
    match v {
        Value::Int(n) => Some(n),
        _ => None,
    }
}
fn as_choice<T: Copy>(v: Value, variants: &[T]) -> Option<T> {
    match v {
        Value::Choice(i) => variants.get(i).copied(),
        _ => None,
    }
}

/// Every configuration key, in canonical order (the order [`Config::to_query`] writes them).
/// The page builds its controls from this table (their words from its catalogues).
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        name: "act",
        kind: Kind::Choice {
            values: Activation::NAMES,
        },
        default: "relu",
        get: |c| Value::Choice(c.act.index()),
        set: |c, v| c.act = as_choice(v, Activation::VARIANTS).unwrap_or(c.act),
    },
    KeySpec {
        name: "alpha",
        kind: Kind::Float {
            min: 0.0,
            max: 5.0,
            auto: true,
        },
        default: "auto",
        get: |c| c.alpha.map_or(Value::Auto, Value::Float),
        set: |c, v| match v {
            Value::Auto => c.alpha = None,
            Value::Float(x) => c.alpha = Some(x),
            _ => {}
        },
    },
    KeySpec {
        name: "depth",
        kind: Kind::Int { min: 1, max: 100 },
        default: "10",
        get: |c| Value::Int(c.depth as u64),
        set: |c, v| c.depth = as_u64(v).map_or(c.depth, |n| n as usize),
    },
    KeySpec {
        name: "width",
        kind: Kind::Int { min: 1, max: 1024 },
        default: "32",
        get: |c| Value::Int(c.width as u64),
        set: |c, v| c.width = as_u64(v).map_or(c.width, |n| n as usize),
    },
    KeySpec {
        name: "init",
        kind: Kind::Choice {
            values: Init::NAMES,
        },
        default: "he",
        get: |c| Value::Choice(c.init.index()),
        set: |c, v| c.init = as_choice(v, Init::VARIANTS).unwrap_or(c.init),
    },
    KeySpec {
        name: "gain",
        kind: Kind::Float {
            min: 0.0,
            max: 10.0,
            auto: false,
        },
        default: "1",
        get: |c| Value::Float(c.gain),
        set: |c, v| c.gain = as_f32(v).unwrap_or(c.gain),
    },
    KeySpec {
        name: "bias",
        kind: Kind::Float {
            min: -10.0,
            max: 10.0,
            auto: false,
        },
        default: "0",
        get: |c| Value::Float(c.bias),
        set: |c, v| c.bias = as_f32(v).unwrap_or(c.bias),
    },
    KeySpec {
        name: "bstd",
        kind: Kind::Float {
            min: 0.0,
            max: 10.0,
            auto: false,
        },
        default: "0",
        get: |c| Value::Float(c.bstd),
        set: |c, v| c.bstd = as_f32(v).unwrap_or(c.bstd),
    },
    KeySpec {
        name: "res",
        kind: Kind::Bool,
        default: "0",
        get: |c| Value::Bool(c.res),
        set: |c, v| {
            if let Value::Bool(b) = v {
                c.res = b
            }
        },
    },
    KeySpec {
        name: "norm",
        kind: Kind::Choice {
            values: Norm::NAMES,
        },
        default: "none",
        get: |c| Value::Choice(c.norm.index()),
        set: |c, v| c.norm = as_choice(v, Norm::VARIANTS).unwrap_or(c.norm),
    },
    KeySpec {
        name: "loss",
        kind: Kind::Choice {
            values: Loss::NAMES,
        },
        default: "ce",
        get: |c| Value::Choice(c.loss.index()),
        set: |c, v| c.loss = as_choice(v, Loss::VARIANTS).unwrap_or(c.loss),
    },
    KeySpec {
        name: "opt",
        kind: Kind::Choice {
            values: Optimizer::NAMES,
        },
        default: "sgd",
        get: |c| Value::Choice(c.opt.index()),
        set: |c, v| c.opt = as_choice(v, Optimizer::VARIANTS).unwrap_or(c.opt),
    },
    KeySpec {
        name: "lr",
        kind: Kind::Float {
            min: 0.0,
            max: 1000.0,
            auto: false,
        },
        default: "0.01",
        get: |c| Value::Float(c.lr),
        set: |c, v| c.lr = as_f32(v).unwrap_or(c.lr),
    },
    KeySpec {
        name: "batch",
        kind: Kind::Int { min: 1, max: 1024 },
        default: "64",
        get: |c| Value::Int(c.batch as u64),
        set: |c, v| c.batch = as_u64(v).map_or(c.batch, |n| n as usize),
    },
    KeySpec {
        name: "l2",
        kind: Kind::Float {
            min: 0.0,
            max: 1.0,
            auto: false,
        },
        default: "0",
        get: |c| Value::Float(c.l2),
        set: |c, v| c.l2 = as_f32(v).unwrap_or(c.l2),
    },
    KeySpec {
        name: "data",
        kind: Kind::Choice {
            values: Dataset::NAMES,
        },
        default: "spiral",
        get: |c| Value::Choice(c.data.index()),
        set: |c, v| c.data = as_choice(v, Dataset::VARIANTS).unwrap_or(c.data),
    },
    KeySpec {
        name: "noise",
        kind: Kind::Float {
            min: 0.0,
            max: 1.0,
            auto: false,
        },
        default: "0.1",
        get: |c| Value::Float(c.noise),
        set: |c, v| c.noise = as_f32(v).unwrap_or(c.noise),
    },
    KeySpec {
        name: "seed",
        kind: Kind::Int {
            min: 0,
            max: 4_294_967_295,
        },
        default: "1",
        get: |c| Value::Int(c.seed),
        set: |c, v| c.seed = as_u64(v).unwrap_or(c.seed),
    },
];

/// The row of [`KEYS`] for `name`, if it is a configuration key.
pub fn find_key(name: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.name == name)
}
