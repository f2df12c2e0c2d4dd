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

use serde::Serialize;

/// Hidden-layer activation (`act`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    Relu,
    Sigmoid,
    Tanh,
    Leaky,
    Prelu,
    Elu,
    Selu,
    Softplus,
    Abs,
    Gelu,
    Swish,
    Linear,
    Necro,
}

/// Weight initialisation (`init`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Init {
    He,
    Xavier,
    XavierNormal,
    HeUniform,
    Lecun,
    Uniform,
    Orthogonal,
    Lsuv,
    Zeros,
}

/// Normalisation before the activation (`norm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    None,
    Batch,
    Layer,
}

/// Loss on one-hot targets (`loss`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Loss {
    /// Softmax cross-entropy.
    Ce,
    /// Squared error of the raw outputs against one-hot targets.
    Mse,
}

/// Optimiser (`opt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimizer {
    Sgd,
    /// Heavy-ball momentum 0.9.
    Momentum,
    /// Adam (0.9, 0.999, 1e-8).
    Adam,
}

/// Data set (`data`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Spiral,
    Xor,
    Circles,
    Gauss,
    Checker,
    Digits,
}

/// One experiment. Field names are the query keys of DESIGN.md.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Config {
    pub act: Activation,
    /// Negative-side slope / ELU α; `None` means the activation's default
    /// ([`Activation::default_alpha`]).
    pub alpha: Option<f32>,
    /// Hidden layers, 1..=100.
    pub depth: usize,
    /// Units per hidden layer, 1..=1024.
    pub width: usize,
    pub init: Init,
    /// Multiplier on the initialisation's standard deviation, 0..=10.
    pub gain: f32,
    /// Initial bias of every layer (the mean, when `bstd` > 0).
    pub bias: f32,
    /// Standard deviation of the initial biases, drawn from N(`bias`, `bstd`²): the σ_b of the
    /// mean-field theory. 0 (the default) gives every bias exactly `bias`.
    pub bstd: f32,
    /// Residual connection around each hidden layer whose fan-in equals its fan-out.
    pub res: bool,
    pub norm: Norm,
    pub loss: Loss,
    pub opt: Optimizer,
    pub lr: f32,
    /// Minibatch size, 1..=1024.
    pub batch: usize,
    /// L2 weight decay.
    pub l2: f32,
    pub data: Dataset,
    /// Coordinate noise for the 2-D sets.
    pub noise: f32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            act: Activation::Relu,
            alpha: None,
            depth: 10,
            width: 32,
            init: Init::He,
            gain: 1.0,
            bias: 0.0,
            bstd: 0.0,
            res: false,
            norm: Norm::None,
            loss: Loss::Ce,
            opt: Optimizer::Sgd,
            lr: 0.01,
            batch: 64,
            l2: 0.0,
            data: Dataset::Spiral,
            noise: 0.1,
            seed: 1,
        }
    }
}

/// A parsed query: always a valid config, plus what was wrong with the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub config: Config,
    /// Human-readable, one per problem ("width=99999999 is above the maximum 1024; using 1024").
    pub warnings: Vec<String>,
}

/// Why a configuration cannot be trained (e.g. it would need too much memory).
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub problems: Vec<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.problems.join("; "))
    }
}

impl std::error::Error for ConfigError {}

// ---------------------------------------------------------------------------------------------
// Query spellings of the enums
// ---------------------------------------------------------------------------------------------

/// Gives an enum its query spellings: `VARIANTS`, `NAMES` (same order, default first),
/// `as_str` and `from_name`. The spellings must equal the serde names (tested).
macro_rules! query_names {
    ($ty:ident: $($variant:ident = $name:literal),+ $(,)?) => {
        impl $ty {
            /// Every variant, in the order of DESIGN's table; the first is the default.
            pub const VARIANTS: &'static [$ty] = &[$($ty::$variant),+];
            /// The query spelling of each of [`Self::VARIANTS`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The query spelling of this variant.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }

            /// The variant spelt `name` (exact, lower case), if any.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }

            /// Position in [`Self::VARIANTS`] (and [`Self::NAMES`]).
            fn index(self) -> usize {
                Self::VARIANTS.iter().position(|&v| v == self).unwrap_or(0)
            }
        }
    };
}

query_names!(Activation: Relu = "relu", Sigmoid = "sigmoid", Tanh = "tanh", Leaky = "leaky",
    Prelu = "prelu", Elu = "elu", Selu = "selu", Softplus = "softplus", Abs = "abs", Gelu = "gelu",
    Swish = "swish", Linear = "linear", Necro = "necro");
query_names!(Init: He = "he", Xavier = "xavier", XavierNormal = "xavier-normal",
    HeUniform = "he-uniform", Lecun = "lecun", Uniform = "uniform", Orthogonal = "orthogonal",
    Lsuv = "lsuv", Zeros = "zeros");
query_names!(Norm: None = "none", Batch = "batch", Layer = "layer");
query_names!(Loss: Ce = "ce", Mse = "mse");
query_names!(Optimizer: Sgd = "sgd", Momentum = "momentum", Adam = "adam");
query_names!(Dataset: Spiral = "spiral", Xor = "xor", Circles = "circles", Gauss = "gauss",
    Checker = "checker", Digits = "digits");

// ---------------------------------------------------------------------------------------------
// The key table
// ---------------------------------------------------------------------------------------------

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
/// Serialises (for the page) as `{name, label, help, kind, default}`; the accessors are skipped.
#[derive(Clone, Copy, Serialize)]
pub struct KeySpec {
    /// The query key, e.g. `depth`.
    pub name: &'static str,
    /// A short human label for the control, e.g. "Depth".
    pub label: &'static str,
    /// One tooltip sentence.
    pub help: &'static str,
    pub kind: Kind,
    /// The default as it would be written in a query (`auto` for `alpha`).
    pub default: &'static str,
    #[serde(skip)]
    get: fn(&Config) -> Value,
    #[serde(skip)]
    set: fn(&mut Config, Value),
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
/// The page builds its controls and tooltips from this table.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        name: "act",
        label: "Activation",
        help: "Activation of every hidden layer: ReLU and its variants, or the classic sigmoid and tanh.",
        kind: Kind::Choice { values: Activation::NAMES },
        default: "relu",
        get: |c| Value::Choice(c.act.index()),
        set: |c, v| c.act = as_choice(v, Activation::VARIANTS).unwrap_or(c.act),
    },
    KeySpec {
        name: "alpha",
        label: "Slope α",
        help: "Negative-side slope of leaky, necro (backward only) and prelu (its starting value), or ELU's α; auto uses the activation's default (leaky 0.01, necro 0.1, prelu 0.25, elu 1).",
        kind: Kind::Float { min: 0.0, max: 5.0, auto: true },
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
        label: "Depth",
        help: "Number of hidden layers between the input and the output layer.",
        kind: Kind::Int { min: 1, max: 100 },
        default: "10",
        get: |c| Value::Int(c.depth as u64),
        set: |c, v| c.depth = as_u64(v).map_or(c.depth, |n| n as usize),
    },
    KeySpec {
        name: "width",
        label: "Width",
        help: "Units in each hidden layer.",
        kind: Kind::Int { min: 1, max: 1024 },
        default: "32",
        get: |c| Value::Int(c.width as u64),
        set: |c, v| c.width = as_u64(v).map_or(c.width, |n| n as usize),
    },
    KeySpec {
        name: "init",
        label: "Initialisation",
        help: "How the initial weights are drawn: he, xavier and lecun scale their variance to the layer's fan-in (and fan-out), lsuv calibrates it on the first batch, zeros shows why symmetry must be broken.",
        kind: Kind::Choice { values: Init::NAMES },
        default: "he",
        get: |c| Value::Choice(c.init.index()),
        set: |c, v| c.init = as_choice(v, Init::VARIANTS).unwrap_or(c.init),
    },
    KeySpec {
        name: "gain",
        label: "Gain",
        help: "Multiplier on the initialisation's standard deviation (1 = the scheme as published).",
        kind: Kind::Float { min: 0.0, max: 10.0, auto: false },
        default: "1",
        get: |c| Value::Float(c.gain),
        set: |c, v| c.gain = as_f32(v).unwrap_or(c.gain),
    },
    KeySpec {
        name: "bias",
        label: "Initial bias",
        help: "Initial value of every bias; a negative bias pushes ReLU units toward dying.",
        kind: Kind::Float { min: -10.0, max: 10.0, auto: false },
        default: "0",
        get: |c| Value::Float(c.bias),
        set: |c, v| c.bias = as_f32(v).unwrap_or(c.bias),
    },
    KeySpec {
        name: "bstd",
        label: "Bias spread",
        help: "Standard deviation of the initial biases, drawn around the initial bias: σ_b of the mean-field theory (0: every bias equal).",
        kind: Kind::Float { min: 0.0, max: 10.0, auto: false },
        default: "0",
        get: |c| Value::Float(c.bstd),
        set: |c, v| c.bstd = as_f32(v).unwrap_or(c.bstd),
    },
    KeySpec {
        name: "res",
        label: "Residual",
        help: "Add an identity shortcut around each hidden layer whose input and output widths match (a residual network).",
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
        label: "Normalisation",
        help: "Normalise each pre-activation before the activation: over the batch (batch) or over the layer's units (layer).",
        kind: Kind::Choice { values: Norm::NAMES },
        default: "none",
        get: |c| Value::Choice(c.norm.index()),
        set: |c, v| c.norm = as_choice(v, Norm::VARIANTS).unwrap_or(c.norm),
    },
    KeySpec {
        name: "loss",
        label: "Loss",
        help: "Training loss on one-hot targets: softmax cross-entropy (ce) or squared error (mse).",
        kind: Kind::Choice { values: Loss::NAMES },
        default: "ce",
        get: |c| Value::Choice(c.loss.index()),
        set: |c, v| c.loss = as_choice(v, Loss::VARIANTS).unwrap_or(c.loss),
    },
    KeySpec {
        name: "opt",
        label: "Optimiser",
        help: "Optimiser: plain SGD, heavy-ball momentum 0.9, or Adam.",
        kind: Kind::Choice { values: Optimizer::NAMES },
        default: "sgd",
        get: |c| Value::Choice(c.opt.index()),
        set: |c, v| c.opt = as_choice(v, Optimizer::VARIANTS).unwrap_or(c.opt),
    },
    KeySpec {
        name: "lr",
        label: "Learning rate",
        help: "Learning rate (step size); very large values make training diverge or kill ReLU units.",
        kind: Kind::Float { min: 0.0, max: 1000.0, auto: false },
        default: "0.01",
        get: |c| Value::Float(c.lr),
        set: |c, v| c.lr = as_f32(v).unwrap_or(c.lr),
    },
    KeySpec {
        name: "batch",
        label: "Batch size",
        help: "Examples per training step (the minibatch size).",
        kind: Kind::Int { min: 1, max: 1024 },
        default: "64",
        get: |c| Value::Int(c.batch as u64),
        set: |c, v| c.batch = as_u64(v).map_or(c.batch, |n| n as usize),
    },
    KeySpec {
        name: "l2",
        label: "Weight decay",
        help: "L2 weight-decay coefficient added to the loss.",
        kind: Kind::Float { min: 0.0, max: 1.0, auto: false },
        default: "0",
        get: |c| Value::Float(c.l2),
        set: |c, v| c.l2 = as_f32(v).unwrap_or(c.l2),
    },
    KeySpec {
        name: "data",
        label: "Data set",
        help: "Data set: five 2-D toy problems or the 8×8 handwritten digits.",
        kind: Kind::Choice { values: Dataset::NAMES },
        default: "spiral",
        get: |c| Value::Choice(c.data.index()),
        set: |c, v| c.data = as_choice(v, Dataset::VARIANTS).unwrap_or(c.data),
    },
    KeySpec {
        name: "noise",
        label: "Noise",
        help: "Noise added to the coordinates of the 2-D data sets (no effect on digits).",
        kind: Kind::Float { min: 0.0, max: 1.0, auto: false },
        default: "0.1",
        get: |c| Value::Float(c.noise),
        set: |c, v| c.noise = as_f32(v).unwrap_or(c.noise),
    },
    KeySpec {
        name: "seed",
        label: "Seed",
        help: "Seed of the one random generator behind data, weights and batches: same seed, same run.",
        kind: Kind::Int { min: 0, max: 4_294_967_295 },
        default: "1",
        get: |c| Value::Int(c.seed),
        set: |c, v| c.seed = as_u64(v).unwrap_or(c.seed),
    },
];

/// The row of [`KEYS`] for `name`, if it is a configuration key.
pub fn find_key(name: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.name == name)
}

// ---------------------------------------------------------------------------------------------
// Query syntax: splitting, percent-decoding and -encoding
// ---------------------------------------------------------------------------------------------

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
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_string()
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-encodes a key or value for a query: everything but `A–Z a–z 0–9 - _ . ~ ,` is
/// escaped (commas stay readable in lists such as `view=depth,loss`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// User text as echoed in a warning: at most [`ECHO_MAX`] characters (the last an ellipsis
/// when cut) with control characters replaced, so warnings stay short, printable text.
pub(crate) fn echo(text: &str) -> String {
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
pub(crate) fn version_warning(value: Option<&str>) -> Option<String> {
    match value {
        Some(v) if v == VERSION.to_string() => None,
        _ => Some(format!(
            "unknown version v={}; reading it as v={VERSION}",
            echo(value.unwrap_or(""))
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading and writing values
// ---------------------------------------------------------------------------------------------

/// Writes a value as it appears in a canonical query.
fn format_value(kind: &Kind, value: Value) -> String {
    match (kind, value) {
        (Kind::Choice { values }, Value::Choice(i)) => values.get(i).copied().unwrap_or("?").into(),
        (_, Value::Float(x)) => format_f32(x),
        (_, Value::Auto) => "auto".into(),
        (_, Value::Int(n)) => n.to_string(),
        (_, Value::Bool(b)) => if b { "1" } else { "0" }.into(),
        (_, Value::Choice(i)) => i.to_string(),
    }
}

/// Shortest text that parses back to exactly `x`: Rust's `{}` (shortest round-trip digits),
/// or the exponent form when that is shorter for long numbers (`1e-7`, not `0.0000001`).
fn format_f32(x: f32) -> String {
    let plain = format!("{x}");
    let sci = format!("{x:e}");
    if plain.len() > 8 && sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

/// The outcome of reading one value: what to set (if anything) and what to warn about.
struct Reading {
    value: Option<Value>,
    warning: Option<String>,
}

impl Reading {
    fn ok(value: Value) -> Reading {
        Reading {
            value: Some(value),
            warning: None,
        }
    }
    fn rejected(warning: String) -> Reading {
        Reading {
            value: None,
            warning: Some(warning),
        }
    }
    fn clamped(value: Value, warning: String) -> Reading {
        Reading {
            value: Some(value),
            warning: Some(warning),
        }
    }
}

/// Reads `raw` (already decoded; `None` when the pair had no `=`) as a value of `spec`.
/// `current` is the value kept when the text is rejected (named in the warning).
fn read_value(spec: &KeySpec, raw: Option<&str>, current: Value) -> Reading {
    let key = spec.name;
    let keeping = format_value(&spec.kind, current);
    let text = match (raw, spec.kind) {
        (None, Kind::Bool) => return Reading::ok(Value::Bool(true)),
        (None, _) | (Some(""), _) => {
            return Reading::rejected(format!("{key} has no value; keeping {keeping}"))
        }
        (Some(text), _) => text,
    };
    let shown = echo(text);
    match spec.kind {
        Kind::Choice { values } => match values.iter().position(|v| v.eq_ignore_ascii_case(text)) {
            Some(i) => Reading::ok(Value::Choice(i)),
            None => Reading::rejected(format!(
                "{key}={shown} is not one of {}; keeping {keeping}",
                values.join(", ")
            )),
        },
        Kind::Bool => match text.to_ascii_lowercase().as_str() {
            "1" | "true" => Reading::ok(Value::Bool(true)),
            "0" | "false" => Reading::ok(Value::Bool(false)),
            _ => Reading::rejected(format!(
                "{key}={shown} is not 0, 1, true or false; keeping {keeping}"
            )),
        },
        Kind::Float { auto: true, .. } if text.eq_ignore_ascii_case("auto") => {
            Reading::ok(Value::Auto)
        }
        Kind::Float { min, max, .. } => match read_number(key, text, &keeping, min, max) {
            // Parse the in-range text as f32 directly (no double rounding); −0 becomes 0.
            Number::InRange(x) => {
                let x = text
                    .parse::<f32>()
                    .unwrap_or(x as f32)
                    .clamp(min as f32, max as f32);
                Reading::ok(Value::Float(x + 0.0))
            }
            Number::Clamped(bound, warning) => {
                Reading::clamped(Value::Float(bound as f32), warning)
            }
            Number::Rejected(warning) => Reading::rejected(warning),
        },
        Kind::Int { min, max } => {
            if let Ok(n) = text.parse::<u64>() {
                if (min..=max).contains(&n) {
                    return Reading::ok(Value::Int(n));
                }
            }
            match read_number(key, text, &keeping, min as f64, max as f64) {
                Number::InRange(x) if x.fract() == 0.0 => Reading::ok(Value::Int(x as u64)),
                Number::InRange(x) => {
                    let n = (x.round() as u64).clamp(min, max);
                    Reading::clamped(
                        Value::Int(n),
                        format!("{key}={shown} is not a whole number; using {n}"),
                    )
                }
                Number::Clamped(bound, warning) => {
                    Reading::clamped(Value::Int(bound as u64), warning)
                }
                Number::Rejected(warning) => Reading::rejected(warning),
            }
        }
    }
}

/// A number read against a range.
enum Number {
    InRange(f64),
    /// Out of range: the bound to use, and the warning saying so.
    Clamped(f64, String),
    /// Not a finite number: the warning.
    Rejected(String),
}

/// Reads `text` as a number in `min..=max`, clamping out-of-range values; `keeping` names the
/// value kept when the text is not a finite number.
fn read_number(key: &str, text: &str, keeping: &str, min: f64, max: f64) -> Number {
    let shown = echo(text);
    let Ok(x) = text.parse::<f64>() else {
        return Number::Rejected(format!("{key}={shown} is not a number; keeping {keeping}"));
    };
    // "inf" and "NaN" are refused; a number too large for f64 ("1e999") is merely too large.
    let spelt_non_finite = text.to_ascii_lowercase().contains(['i', 'n']);
    if x.is_nan() || (x.is_infinite() && spelt_non_finite) {
        return Number::Rejected(format!(
            "{key}={shown} is not a finite number; keeping {keeping}"
        ));
    }
    if x > max {
        let bound = format_bound(max);
        Number::Clamped(
            max,
            format!("{key}={shown} is above the maximum {bound}; using {bound}"),
        )
    } else if x < min {
        let bound = format_bound(min);
        Number::Clamped(
            min,
            format!("{key}={shown} is below the minimum {bound}; using {bound}"),
        )
    } else {
        Number::InRange(x)
    }
}

/// A range bound as text: whole bounds without a fraction (`1024`, not `1024.0`).
fn format_bound(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Edit distance between two short strings (for "did you mean" suggestions).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The warning for a key that is not in [`KEYS`], with a suggestion when one is close.
fn unknown_key_warning(key: &str, value: Option<&str>) -> String {
    if key.is_empty() {
        return format!("\"={}\" has no key; ignored", echo(value.unwrap_or("")));
    }
    let lower = echo(key).to_lowercase();
    let suggestion = KEYS
        .iter()
        .map(|k| (edit_distance(&lower, k.name), k.name))
        .filter(|&(d, name)| d <= if name.len() <= 3 { 1 } else { 2 })
        .min_by_key(|&(d, _)| d);
    match suggestion {
        Some((_, name)) => format!(
            "unknown key \"{}\" ignored; did you mean {name}?",
            echo(key)
        ),
        None => format!("unknown key \"{}\" ignored", echo(key)),
    }
}

// ---------------------------------------------------------------------------------------------
// Config: parse, write, check
// ---------------------------------------------------------------------------------------------

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
    ) -> Vec<String> {
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
            warnings.push(format!(
                "{name} is given {n} times; the last readable one wins: {name}={value}"
            ));
        }
        if self.alpha.is_some() && !self.act.uses_alpha() {
            self.alpha = None;
            if let Some(text) = alpha_text {
                warnings.push(format!(
                    "alpha={text} has no effect with act={}; ignored (it applies to leaky, prelu, elu and necro)",
                    self.act.as_str()
                ));
            }
        }
        warnings
    }

    /// Sets one key from its query text, as the page's controls do. Returns the warnings
    /// (an unknown key, an unreadable or clamped value); never panics.
    pub fn set(&mut self, key: &str, value: &str) -> Vec<String> {
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

/// `min–max` of a numeric kind, for messages.
fn range_text(kind: &Kind) -> String {
    match *kind {
        Kind::Float { min, max, .. } => {
            format!("{}–{}", format_bound(min), format_bound(max))
        }
        Kind::Int { min, max } => format!("{min}–{max}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Parsed {
        Config::from_query(query)
    }

    /// The single warning of `query`, failing if there is not exactly one.
    fn warning(query: &str) -> String {
        let parsed = parse(query);
        assert_eq!(parsed.warnings.len(), 1, "{query}: {:?}", parsed.warnings);
        parsed.warnings[0].clone()
    }

    #[test]
    fn empty_query_is_the_default() {
        for q in ["", "?", "v=1", "?v=1", "&&", "?&v=1&"] {
            let parsed = parse(q);
            assert_eq!(parsed.config, Config::default(), "{q}");
            assert!(parsed.warnings.is_empty(), "{q}: {:?}", parsed.warnings);
        }
        assert_eq!(Config::default().to_query(), "v=1");
    }

    #[test]
    fn reads_every_kind_of_key() {
        let p = parse("?act=leaky&alpha=0.2&depth=30&width=64&init=xavier-normal&gain=1.5&bias=-0.25&res=1&norm=batch&loss=mse&opt=adam&lr=0.5&batch=16&l2=0.001&data=digits&noise=0&seed=4294967295");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let c = p.config;
        assert_eq!(c.act, Activation::Leaky);
        assert_eq!(c.alpha, Some(0.2));
        assert_eq!((c.depth, c.width, c.batch), (30, 64, 16));
        assert_eq!(c.init, Init::XavierNormal);
        assert_eq!(
            (c.gain, c.bias, c.lr, c.l2, c.noise),
            (1.5, -0.25, 0.5, 0.001, 0.0)
        );
        assert!(c.res);
        assert_eq!(
            (c.norm, c.loss, c.opt, c.data),
            (Norm::Batch, Loss::Mse, Optimizer::Adam, Dataset::Digits)
        );
        assert_eq!(c.seed, 4_294_967_295);
    }

    #[test]
    fn decodes_percent_plus_and_urls() {
        let c = parse("act=%52eLU&data=+xor+&lr=1%65-3").config;
        assert_eq!(
            (c.act, c.data, c.lr),
            (Activation::Relu, Dataset::Xor, 1e-3)
        );
        let p = parse("https://example.org/gradfall/?depth=7#top");
        assert_eq!(p.config.depth, 7);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(
            split_query("a=%zz&b=%4"),
            vec![
                ("a".to_string(), Some("%zz".to_string())),
                ("b".to_string(), Some("%4".to_string())),
            ]
        );
        assert_eq!(
            split_query("res&x="),
            vec![("res".into(), None), ("x".into(), Some("".into()))]
        );
    }

    #[test]
    fn bool_accepts_words_digits_and_a_bare_key() {
        for (q, want) in [
            ("res=1", true),
            ("res=true", true),
            ("res=TRUE", true),
            ("res", true),
            ("res=0", false),
            ("res=false", false),
        ] {
            let p = parse(q);
            assert_eq!(p.config.res, want, "{q}");
            assert!(p.warnings.is_empty(), "{q}");
        }
        assert_eq!(
            warning("res=yes"),
            "res=yes is not 0, 1, true or false; keeping 0"
        );
    }

    #[test]
    fn warns_about_unknown_keys_with_a_suggestion() {
        assert_eq!(warning("colour=red"), "unknown key \"colour\" ignored");
        assert_eq!(
            warning("widht=8"),
            "unknown key \"widht\" ignored; did you mean width?"
        );
        assert_eq!(
            warning("Depth=8"),
            "unknown key \"Depth\" ignored; did you mean depth?"
        );
        assert_eq!(warning("=8"), "\"=8\" has no key; ignored");
    }

    #[test]
    fn warns_about_bad_choices_listing_the_valid_ones() {
        let w = warning("act=foo");
        assert!(
            w.starts_with("act=foo is not one of relu, sigmoid, tanh,"),
            "{w}"
        );
        assert!(w.ends_with("necro; keeping relu"), "{w}");
        assert_eq!(parse("act=foo").config.act, Activation::Relu);
        assert_eq!(
            warning("norm=group"),
            "norm=group is not one of none, batch, layer; keeping none"
        );
    }

    #[test]
    fn warns_about_non_numbers_and_non_finite_values() {
        assert_eq!(warning("lr=fast"), "lr=fast is not a number; keeping 0.01");
        assert_eq!(
            warning("lr=NaN"),
            "lr=NaN is not a finite number; keeping 0.01"
        );
        assert_eq!(
            warning("gain=inf"),
            "gain=inf is not a finite number; keeping 1"
        );
        assert_eq!(
            warning("gain=-Infinity"),
            "gain=-Infinity is not a finite number; keeping 1"
        );
        assert_eq!(
            warning("depth=deep"),
            "depth=deep is not a number; keeping 10"
        );
        assert_eq!(warning("depth="), "depth has no value; keeping 10");
        assert_eq!(warning("depth"), "depth has no value; keeping 10");
        assert_eq!(parse("lr=NaN").config.lr, 0.01);
    }

    #[test]
    fn clamps_out_of_range_numbers_saying_to_what() {
        assert_eq!(
            warning("width=99999999"),
            "width=99999999 is above the maximum 1024; using 1024"
        );
        assert_eq!(
            warning("depth=0"),
            "depth=0 is below the minimum 1; using 1"
        );
        assert_eq!(
            warning("depth=-5"),
            "depth=-5 is below the minimum 1; using 1"
        );
        assert_eq!(
            warning("bias=-11"),
            "bias=-11 is below the minimum -10; using -10"
        );
        assert_eq!(
            warning("lr=1e999"),
            "lr=1e999 is above the maximum 1000; using 1000"
        );
        assert_eq!(
            warning("seed=4294967296"),
            "seed=4294967296 is above the maximum 4294967295; using 4294967295"
        );
        assert_eq!(
            warning("depth=2.5"),
            "depth=2.5 is not a whole number; using 3"
        );
        let c = parse("width=99999999&depth=-5&lr=1e999&seed=99999999999999999999999").config;
        assert_eq!(
            (c.width, c.depth, c.lr, c.seed),
            (1024, 1, 1000.0, 4_294_967_295)
        );
    }

    #[test]
    fn accepts_the_extremes_of_every_range() {
        let p = parse("lr=1000&depth=100&width=1024&batch=1&gain=0&bias=-10&l2=1&noise=1&seed=0&act=elu&alpha=5");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.config.lr, 1000.0);
        let c = parse("depth=30.0&width=+8").config;
        assert_eq!((c.depth, c.width), (30, 8));
    }

    #[test]
    fn warns_once_per_duplicated_key_and_the_last_wins() {
        let p = parse("depth=3&depth=4&depth=5");
        assert_eq!(p.config.depth, 5);
        assert_eq!(
            p.warnings,
            vec!["depth is given 3 times; the last readable one wins: depth=5"]
        );
        let p = parse("depth=3&depth=x");
        assert_eq!(
            p.config.depth, 3,
            "an unreadable value does not replace a readable one"
        );
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    }

    #[test]
    fn warns_about_unknown_versions() {
        assert_eq!(
            warning("v=2&depth=3"),
            "unknown version v=2; reading it as v=1"
        );
        assert_eq!(parse("v=2&depth=3").config.depth, 3);
        assert_eq!(warning("v"), "unknown version v=; reading it as v=1");
    }

    #[test]
    fn alpha_is_dropped_with_a_warning_when_the_activation_ignores_it() {
        let p = parse("alpha=0.3");
        assert_eq!(p.config.alpha, None);
        assert_eq!(p.warnings, vec!["alpha=0.3 has no effect with act=relu; ignored (it applies to leaky, prelu, elu and necro)"]);
        // Order does not matter: alpha before act is fine.
        let p = parse("alpha=0.3&act=leaky");
        assert_eq!(p.config.alpha, Some(0.3));
        assert!(p.warnings.is_empty());
        let p = parse("act=leaky&alpha=0.3&alpha=auto");
        assert_eq!(p.config.alpha, None);
        assert_eq!(p.config.alpha(), 0.01);
        assert_eq!(
            warning("act=elu&alpha=6"),
            "alpha=6 is above the maximum 5; using 5"
        );
    }

    #[test]
    fn echoes_at_most_forty_characters() {
        let long = "x".repeat(500);
        let w = warning(&format!("act={long}"));
        assert!(
            w.contains(&format!("act={}…", "x".repeat(ECHO_MAX - 1))),
            "{w}"
        );
        assert!(!w.contains(&"x".repeat(ECHO_MAX)));
        let w = warning(&format!("{long}=1"));
        assert!(w.chars().count() < 80, "{w}");
        let w = warning("act=%00%0A%1B");
        assert!(!w.chars().any(char::is_control), "{w:?}");
    }

    #[test]
    fn writes_canonical_queries() {
        let c = Config {
            act: Activation::Sigmoid,
            depth: 20,
            init: Init::Xavier,
            lr: 0.1,
            res: true,
            ..Config::default()
        };
        assert_eq!(
            c.to_query(),
            "v=1&act=sigmoid&depth=20&init=xavier&res=1&lr=0.1"
        );
        let c = Config {
            lr: 1e-7,
            alpha: Some(0.25),
            ..Config::default()
        };
        assert_eq!(c.to_query(), "v=1&lr=1e-7", "alpha is not written for relu");
        let c = Config {
            act: Activation::Prelu,
            alpha: Some(0.25),
            ..Config::default()
        };
        assert_eq!(
            c.to_query(),
            "v=1&act=prelu&alpha=0.25",
            "an explicit alpha is kept"
        );
    }

    #[test]
    fn table_defaults_match_config_default() {
        let d = Config::default();
        for spec in KEYS {
            assert_eq!(spec.default, spec.value_text(&d), "{}", spec.name);
            assert!(spec.help.ends_with('.'), "{}: one sentence", spec.name);
            let parsed = Config::from_query(&format!("{}={}", spec.name, spec.default));
            assert!(
                parsed.warnings.is_empty(),
                "{}: the default text parses",
                spec.name
            );
        }
        let names: Vec<_> = KEYS.iter().map(|k| k.name).collect();
        assert_eq!(
            names,
            [
                "act", "alpha", "depth", "width", "init", "gain", "bias", "bstd", "res", "norm",
                "loss", "opt", "lr", "batch", "l2", "data", "noise", "seed"
            ]
        );
    }

    #[test]
    fn enum_names_match_serde_and_activation_names() {
        for (&a, &name) in Activation::VARIANTS.iter().zip(Activation::NAMES) {
            assert_eq!(a.name(), name);
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{name}\""));
            assert_eq!(Activation::from_name(name), Some(a));
        }
        assert_eq!(Activation::VARIANTS, &Activation::ALL[..]);
        for (&i, &name) in Init::VARIANTS.iter().zip(Init::NAMES) {
            assert_eq!(serde_json::to_string(&i).unwrap(), format!("\"{name}\""));
        }
        for (&d, &name) in Dataset::VARIANTS.iter().zip(Dataset::NAMES) {
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{name}\""));
        }
    }

    #[test]
    fn key_table_serialises_for_the_page() {
        let json = serde_json::to_value(KEYS).unwrap();
        assert_eq!(json[0]["name"], "act");
        assert_eq!(json[0]["kind"]["type"], "choice");
        assert_eq!(json[0]["kind"]["values"][12], "necro");
        assert_eq!(json[1]["kind"]["auto"], true);
        assert_eq!(
            json[3]["kind"],
            serde_json::json!({"type": "int", "min": 1, "max": 1024})
        );
        assert_eq!(json[8]["kind"]["type"], "bool");
        assert_eq!(json[17]["kind"]["max"], 4_294_967_295u64);
    }

    #[test]
    fn set_changes_one_key() {
        let mut c = Config::default();
        assert!(c.set("act", "tanh").is_empty());
        assert_eq!(c.act, Activation::Tanh);
        assert_eq!(
            c.set("width", "5000"),
            vec!["width=5000 is above the maximum 1024; using 1024"]
        );
        assert_eq!(c.width, 1024);
    }

    #[test]
    fn problems_flags_invalid_configs_built_in_code() {
        assert!(Config::default().problems().is_empty());
        let c = Config {
            depth: 0,
            lr: f32::NAN,
            alpha: Some(0.1),
            ..Config::default()
        };
        let p = c.problems();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].starts_with("depth=0 is outside its range 1–100"));
    }

    #[test]
    fn formats_floats_shortest() {
        for x in [0.1f32, 1e-7, 1000.0, 0.3, 1e-45, 123.456, 3.4e-5] {
            let text = format_f32(x);
            assert_eq!(text.parse::<f32>().unwrap(), x, "{text}");
            assert!(text.len() <= 8 || !text.starts_with("0.0000"), "{text}");
        }
        assert_eq!(format_f32(1000.0), "1000");
    }
}
