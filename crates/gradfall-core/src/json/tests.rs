//! The writer against serde_json itself: the same text for the statistics of real runs, the
//! sweep lines, every shape serde can hand a serializer, and random floats and strings.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Serialize;

use super::to_string;
use crate::sweep::{cells, summary, Axis, Line, Plan, DEFAULT_TARGET};
use crate::{Config, Trainer};

fn same<T: Serialize + ?Sized>(value: &T) {
    let expected = serde_json::to_string(value).unwrap();
    assert_eq!(to_string(value).unwrap(), expected);
}

#[test]
fn statistics_of_real_runs_are_written_as_serde_json_writes_them() {
    // Plain, normalised (theory is NaN: null), PReLU (a slope), a diverging run (inf, NaN).
    for query in [
        "act=sigmoid&depth=5&width=8",
        "act=relu&depth=4&width=8&norm=batch",
        "act=prelu&depth=3&width=8",
        "act=relu&depth=6&width=16&lr=1000&init=uniform&gain=10",
    ] {
        let mut trainer = Trainer::new(Config::from_query(query).config).unwrap();
        same(trainer.stats());
        for _ in 0..60 {
            trainer.step(1);
            same(trainer.stats());
        }
    }
}

#[test]
fn sweep_lines_are_written_as_serde_json_writes_them() {
    let query = "act=tanh&depth=3&width=8&b.act=relu&b.lr=5";
    let plan = Plan::new(
        query,
        &[Axis::parse("seed=1..3").unwrap()],
        80,
        DEFAULT_TARGET,
    )
    .unwrap();
    let runs: Vec<_> = plan
        .runs
        .iter()
        .map(|spec| summary::run(&plan.id, plan.runs.len(), spec, 80, plan.target).unwrap())
        .collect();
    for run in &runs {
        same(&Line::Run(Box::new(run.clone())));
    }
    for cell in cells(&runs) {
        same(&Line::Cell(Box::new(cell)));
    }
}

#[test]
fn reproduction_lines_are_written_as_serde_json_writes_them() {
    for entry in crate::reproduce::entries() {
        let line = crate::reproduce::Reproduction {
            name: entry.name,
            paper: entry.paper,
            what: entry.what,
            paper_value: entry.paper_value,
            ours: entry.paper_value * 1.000_000_1,
            tolerance: entry.tolerance,
            holds: true,
            query: entry.query,
        };
        same(&line);
    }
}

#[derive(Serialize)]
enum Shape {
    Unit,
    Newtype(f32),
    Tuple(u8, i64),
    Struct { a: Option<f64>, b: Vec<bool> },
}

#[derive(Serialize)]
struct Everything {
    text: String,
    c: char,
    unit: (),
    pair: (u16, i8),
    shapes: Vec<Shape>,
    by_name: BTreeMap<String, u32>,
    by_number: BTreeMap<i32, f32>,
    nothing: Option<u64>,
    floats: Vec<f32>,
    doubles: Vec<f64>,
}

#[test]
fn every_shape_escape_and_special_float_is_written_as_serde_json_writes_it() {
    let everything = Everything {
        text: "quote \" backslash \\ slash / \n\r\t\u{08}\u{0c}\u{01}\u{1f}\u{7f} é 한 😀"
            .to_string(),
        c: '"',
        unit: (),
        pair: (65535, -128),
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(0.1),
            Shape::Tuple(7, i64::MIN),
            Shape::Struct {
                a: Some(1e300),
                b: vec![true, false],
            },
        ],
        by_name: BTreeMap::from([("a\"b".to_string(), 1), ("x".to_string(), 2)]),
        by_number: BTreeMap::from([(-3, 1.5), (12, f32::NAN)]),
        nothing: None,
        floats: vec![
            0.0,
            -0.0,
            1.0,
            1e-45,
            f32::MIN_POSITIVE,
            f32::MAX,
            1e7,
            1e-7,
            123_456.7,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ],
        doubles: vec![0.1, -2.5e-300, f64::MAX, 1e16, f64::NAN],
    };
    same(&everything);
}

#[test]
fn a_map_key_that_is_not_a_string_or_integer_is_an_error() {
    let map = BTreeMap::from([((1, 2), 3)]);
    assert!(to_string(&map).is_err());
}

proptest! {
    #[test]
    fn any_float_and_string_are_written_as_serde_json_writes_them(
        bits in any::<u32>(),
        wide in any::<u64>(),
        text in ".*",
    ) {
        let value = (f32::from_bits(bits), f64::from_bits(wide), text);
        prop_assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
    }
}
