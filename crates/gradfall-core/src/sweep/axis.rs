//! One axis of a sweep: `KEY=VALUES`, a configuration key and the values it takes.
//!
//! * a list: `act=relu,leaky,necro`;
//! * an integer range, both ends included: `seed=1..8` (whole-number keys only);
//! * a linear grid `start:stop:count`: `gain=0.5:2.5:9` gives 0.5, 0.75, …, 2.5 (real-number
//!   keys only; `count` ≥ 2, or 1 for `start` alone).
//!
//! The key is a key of the configuration table, optionally with the prefix of compare mode
//! (`b.act=relu,tanh` varies configuration B only). Every value is checked against the key's
//! kind and range and kept in canonical form (`ReLU` → `relu`, `0.50` → `0.5`).

use crate::config::{find_key, suggest_key, Kind, KEYS};
use crate::experiment::LABELS;
use crate::{Activation, Config};

use super::{SweepError, MAX_RUNS};

/// A parsed axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    /// The key as written in a query, prefix included (`act`, `b.act`).
    pub key: String,
    /// Canonical values, in the order given; never empty, no repeats.
    pub values: Vec<String>,
}

impl Axis {
    /// Parses `KEY=VALUES`.
    pub fn parse(text: &str) -> Result<Axis, SweepError> {
        let bad = |why: String| SweepError(format!("axis '{text}': {why}"));
        let (key, values) = text
            .split_once('=')
            .ok_or_else(|| bad("write KEY=VALUES, e.g. seed=1..8".into()))?;
        let key = key.trim();
        let name = table_key(key).map_err(bad)?;
        let spec = find_key(name).ok_or_else(|| bad(format!("unknown key {name}")))?;
        let values = values.trim();
        let raw = if let Some((start, stop)) = values.split_once("..") {
            int_range(&spec.kind, start, stop).map_err(bad)?
        } else if values.contains(':') {
            grid(&spec.kind, values).map_err(bad)?
        } else {
            list(values).map_err(bad)?
        };
        let mut canonical: Vec<String> = Vec::with_capacity(raw.len());
        for value in raw {
            let value = canonical_value(name, &value).map_err(bad)?;
            if canonical.contains(&value) {
                return Err(bad(format!("{name}={value} appears twice")));
            }
            canonical.push(value);
        }
        Ok(Axis {
            key: key.to_string(),
            values: canonical,
        })
    }

    /// The key without its configuration prefix (`b.act` → `act`).
    pub fn table_key(&self) -> &str {
        self.key.split_once('.').map_or(&self.key, |(_, k)| k)
    }
}

/// The table key of `key`: itself, or what follows a `b.`/`c.`/`d.` prefix. Unknown keys are
/// refused with the table's suggestion.
fn table_key(key: &str) -> Result<&str, String> {
    let name = match key.split_once('.') {
        Some((prefix, name)) => {
            let letter = prefix.chars().next().map(|c| c.to_ascii_uppercase());
            let ok = prefix.len() == 1 && letter.is_some_and(|c| LABELS[1..].contains(&c));
            if !ok {
                return Err(format!(
                    "'{prefix}.' is not a configuration prefix (b., c. or d.)"
                ));
            }
            name
        }
        None => key,
    };
    if find_key(name).is_some() {
        return Ok(name);
    }
    let known = KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ");
    Err(match suggest_key(name) {
        Some(close) => format!("unknown key {name}; did you mean {close}?"),
        None => format!("unknown key {name} (keys: {known})"),
    })
}

fn list(values: &str) -> Result<Vec<String>, String> {
    let items: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
    if items.iter().any(String::is_empty) {
        return Err("an empty value in the list".into());
    }
    check_count(items.len() as u64)?;
    Ok(items)
}

/// `start..stop`, both ends included, for whole-number keys.
fn int_range(kind: &Kind, start: &str, stop: &str) -> Result<Vec<String>, String> {
    if !matches!(kind, Kind::Int { .. }) {
        return Err("a range a..b takes a whole-number key; use a grid start:stop:count".into());
    }
    let number = |t: &str| {
        t.trim()
            .parse::<u64>()
            .map_err(|_| format!("'{}' is not a whole number", t.trim()))
    };
    let (start, stop) = (number(start)?, number(stop)?);
    if stop < start {
        return Err(format!("the range {start}..{stop} is empty"));
    }
    check_count(stop - start + 1)?;
    Ok((start..=stop).map(|n| n.to_string()).collect())
}

/// `start:stop:count`, evenly spaced, both ends included, for real-number keys.
fn grid(kind: &Kind, values: &str) -> Result<Vec<String>, String> {
    if !matches!(kind, Kind::Float { .. }) {
        return Err(
            "a grid start:stop:count takes a real-number key; use a range or a list".into(),
        );
    }
    let parts: Vec<&str> = values.split(':').map(str::trim).collect();
    let [start, stop, count] = parts.as_slice() else {
        return Err(format!("a grid is start:stop:count, not '{values}'"));
    };
    let number = |t: &str| match t.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("'{t}' is not a finite number")),
    };
    let (start, stop) = (number(start)?, number(stop)?);
    let count: u64 = count
        .parse()
        .map_err(|_| format!("the grid's count '{count}' is not a whole number"))?;
    if count == 0 {
        return Err("the grid's count must be at least 1".into());
    }
    if count == 1 && start != stop {
        return Err(format!(
            "a grid of 1 value cannot go from {start} to {stop}; use count 2 or more"
        ));
    }
    check_count(count)?;
    let last = (count - 1).max(1) as f64;
    Ok((0..count)
        .map(|k| {
            let x = start + (stop - start) * k as f64 / last;
            format!("{}", x as f32)
        })
        .collect())
}

fn check_count(count: u64) -> Result<(), String> {
    if count > MAX_RUNS as u64 {
        return Err(format!(
            "{count} values, more than the limit of {MAX_RUNS} runs"
        ));
    }
    Ok(())
}

/// `value` of table key `name` in canonical form, or why it is not a valid value.
fn canonical_value(name: &str, value: &str) -> Result<String, String> {
    // alpha is only read with an activation that uses it.
    let mut probe = Config {
        act: Activation::Leaky,
        ..Config::default()
    };
    let warnings = probe.set(name, value);
    if let Some(why) = warnings.into_iter().next() {
        return Err(why.text);
    }
    find_key(name)
        .map(|spec| spec.value_text(&probe))
        .ok_or_else(|| format!("unknown key {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        Axis::parse(text).unwrap().values
    }

    fn error(text: &str) -> String {
        Axis::parse(text).unwrap_err().0
    }

    #[test]
    fn lists_ranges_and_grids() {
        assert_eq!(values("act=ReLU, leaky,necro"), ["relu", "leaky", "necro"]);
        assert_eq!(values("seed=1..4"), ["1", "2", "3", "4"]);
        assert_eq!(values("seed=5..5"), ["5"]);
        assert_eq!(
            values("gain=0.5:2.5:9"),
            ["0.5", "0.75", "1", "1.25", "1.5", "1.75", "2", "2.25", "2.5"]
        );
        assert_eq!(values("lr=0.1:0.1:1"), ["0.1"]);
        assert_eq!(values("res=0,1"), ["0", "1"]);
        let b = Axis::parse("b.depth=2,4").unwrap();
        assert_eq!((b.key.as_str(), b.table_key()), ("b.depth", "depth"));
    }

    #[test]
    fn bad_axes_say_what_is_wrong() {
        assert!(error("widht=1,2").contains("unknown key widht; did you mean width?"));
        assert!(error("colour=red").contains("unknown key colour (keys: act,"));
        assert!(error("seed=8..1").contains("the range 8..1 is empty"));
        assert!(error("seed=a..3").contains("'a' is not a whole number"));
        assert!(error("gain=1..3").contains("whole-number key"));
        assert!(error("seed=1:3:3").contains("real-number key"));
        assert!(error("gain=1:2").contains("start:stop:count"));
        assert!(error("gain=1:2:0").contains("at least 1"));
        assert!(error("gain=1:2:1").contains("count 2 or more"));
        assert!(error("gain=1:x:3").contains("'x' is not a finite number"));
        assert!(error("gain=0:1:100000").contains("more than the limit of 4096 runs"));
        assert!(error("seed=0..99999999999").contains("more than the limit"));
        assert!(error("act=relu,,tanh").contains("empty value"));
        assert!(error("act=relu,foo").contains("act=foo is not one of"));
        assert!(error("act=relu,ReLU").contains("act=relu appears twice"));
        assert!(error("depth=0,3").contains("below the minimum"));
        assert!(error("seed").contains("KEY=VALUES"));
        assert!(error("e.act=relu").contains("not a configuration prefix"));
        assert!(error("b.colour=1").contains("unknown key colour"));
    }
}
