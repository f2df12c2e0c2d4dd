//! Reading and writing values: text ↔ [`Value`] for each [`Kind`], with clamping, one warning
//! per problem and "did you mean" suggestions for unknown keys.

use super::keys::{KeySpec, Kind, Value, KEYS};
use super::query::echo;
use crate::warning::Warning;

/// Writes a value as it appears in a canonical query.
pub(super) fn format_value(kind: &Kind, value: Value) -> String {
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
pub(super) fn format_f32(x: f32) -> String {
    let plain = format!("{x}");
    let sci = format!("{x:e}");
    if plain.len() > 8 && sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

/// The outcome of reading one value: what to set (if anything) and what to warn about.
pub(super) struct Reading {
    pub(super) value: Option<Value>,
    pub(super) warning: Option<Warning>,
}

impl Reading {
    fn ok(value: Value) -> Reading {
        Reading {
            value: Some(value),
            warning: None,
        }
    }
    fn rejected(warning: Warning) -> Reading {
        Reading {
            value: None,
            warning: Some(warning),
        }
    }
    fn clamped(value: Value, warning: Warning) -> Reading {
        Reading {
            value: Some(value),
            warning: Some(warning),
        }
    }
}

/// Reads `raw` (already decoded; `None` when the pair had no `=`) as a value of `spec`.
/// `current` is the value kept when the text is rejected (named in the warning).
pub(super) fn read_value(spec: &KeySpec, raw: Option<&str>, current: Value) -> Reading {
    let key = spec.name;
    let keeping = format_value(&spec.kind, current);
    let text = match (raw, spec.kind) {
        (None, Kind::Bool) => return Reading::ok(Value::Bool(true)),
        (None, _) | (Some(""), _) => {
            return Reading::rejected(crate::warning!("no_value", key = key, keeping = keeping))
        }
        (Some(text), _) => text,
    };
    let shown = echo(text);
    match spec.kind {
        Kind::Choice { values } => match values.iter().position(|v| v.eq_ignore_ascii_case(text)) {
            Some(i) => Reading::ok(Value::Choice(i)),
            None => Reading::rejected(crate::warning!(
                "not_choice",
                key = key,
                value = shown,
                choices = values.join(", "),
                keeping = keeping
            )),
        },
        Kind::Bool => match text.to_ascii_lowercase().as_str() {
            "1" | "true" => Reading::ok(Value::Bool(true)),
            "0" | "false" => Reading::ok(Value::Bool(false)),
            _ => Reading::rejected(crate::warning!(
                "not_bool",
                key = key,
                value = shown,
                keeping = keeping
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
                        crate::warning!("not_whole", key = key, value = shown, using = n),
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
    Clamped(f64, Warning),
    /// Not a finite number: the warning.
    Rejected(Warning),
}

/// Reads `text` as a number in `min..=max`, clamping out-of-range values; `keeping` names the
/// value kept when the text is not a finite number.
fn read_number(key: &str, text: &str, keeping: &str, min: f64, max: f64) -> Number {
    let shown = echo(text);
    let Ok(x) = text.parse::<f64>() else {
        return Number::Rejected(crate::warning!(
            "not_number",
            key = key,
            value = shown,
            keeping = keeping
        ));
    };
    // "inf" and "NaN" are refused; a number too large for f64 ("1e999") is merely too large.
    let spelt_non_finite = text.to_ascii_lowercase().contains(['i', 'n']);
    if x.is_nan() || (x.is_infinite() && spelt_non_finite) {
        return Number::Rejected(crate::warning!(
            "not_finite",
            key = key,
            value = shown,
            keeping = keeping
        ));
    }
    if x > max {
        let bound = format_bound(max);
        Number::Clamped(
            max,
            crate::warning!("above_max", key = key, value = shown, bound = bound),
        )
    } else if x < min {
        let bound = format_bound(min);
        Number::Clamped(
            min,
            crate::warning!("below_min", key = key, value = shown, bound = bound),
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

/// The key of [`KEYS`] closest to an unknown `key`, when one is close enough to suggest.
///
/// Keys are ASCII, so ASCII lowercasing finds the same suggestions as Unicode lowercasing
/// (`to_lowercase` would bring std's Unicode case tables, about 8 KB, into the wasm module).
pub fn suggest_key(key: &str) -> Option<&'static str> {
    let lower = echo(key).to_ascii_lowercase();
    KEYS.iter()
        .map(|k| (edit_distance(&lower, k.name), k.name))
        .filter(|&(d, name)| d <= if name.len() <= 3 { 1 } else { 2 })
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// The warning for a key that is not in [`KEYS`], with a suggestion when one is close.
pub(super) fn unknown_key_warning(key: &str, value: Option<&str>) -> Warning {
    if key.is_empty() {
        return crate::warning!("no_key", value = echo(value.unwrap_or("")));
    }
    match suggest_key(key) {
        Some(name) => crate::warning!("unknown_key_suggest", key = echo(key), suggestion = name),
        None => crate::warning!("unknown_key", key = echo(key)),
    }
}

/// `min–max` of a numeric kind, for messages.
pub(crate) fn range_text(kind: &Kind) -> String {
    match *kind {
        Kind::Float { min, max, .. } => {
            format!("{}–{}", format_bound(min), format_bound(max))
        }
        Kind::Int { min, max } => format!("{min}–{max}"),
        _ => String::new(),
    }
}
