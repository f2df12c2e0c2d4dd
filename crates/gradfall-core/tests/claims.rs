//! The story cannot silently lie: every number a chapter of `www/story.html` shows is checked
//! here against the range its text implies.
//!
//! The chapters live in one table, `www/story/chapters.json`, read by the page and by this
//! test. For each chapter the test trains the chapter's experiment (every configuration A–D,
//! `steps` updates) and, for claims marked `over_seeds`, the same experiment swept over seeds
//! `1..=seeds` (the core's sweep plan, axis `seed=1..N`); it computes each claim's measure and fails when the value leaves its range.
//! If the engine changes and a claim stops holding, this test (and CI) fails, and the chapter's
//! text must be rewritten to say what now happens.
//!
//! The measures are computed on the statistics as JSON (the shape `gradfall train` prints and
//! the page receives), with the same definitions as `www/story/measures.js`.
//!
//! `cargo test -p gradfall-core --test claims -- --nocapture` prints every measured value.

use std::collections::BTreeMap;

use gradfall_core::experiment::{Experiment, LABELS};
use gradfall_core::sweep::{Axis, Plan};
use gradfall_core::{Config, Trainer};
use serde::Deserialize;
use serde_json::Value;

const TABLE: &str = include_str!("../../../www/story/chapters.json");

#[derive(Deserialize)]
struct Table {
    seeds: u64,
    chapters: Vec<Chapter>,
}

#[derive(Deserialize)]
struct Chapter {
    id: String,
    query: String,
    steps: u64,
    seeds: Option<u64>,
    view: Vec<String>,
    predict: Option<Predict>,
    claims: Vec<Claim>,
}

#[derive(Deserialize)]
struct Predict {
    claim: String,
    options: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    id: String,
    range: [Option<f64>; 2],
}

#[derive(Deserialize)]
struct Claim {
    id: String,
    /// "A" to "D".
    config: String,
    measure: String,
    /// "start" (step 0) or "end" (after `steps`, or where training diverged).
    at: String,
    /// Inclusive bounds; `null` is unbounded.
    range: [Option<f64>; 2],
    #[serde(default)]
    over_seeds: bool,
    /// Over seeds: median, min, max, mean or sum of the per-seed values.
    stat: Option<String>,
    /// Over seeds: the claim is the statistic of `config` minus the same statistic of this one.
    minus: Option<String>,
}

fn table() -> Table {
    serde_json::from_str(TABLE).expect("www/story/chapters.json is valid")
}

fn chapter(id: &str) -> Chapter {
    table()
        .chapters
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no chapter {id} in chapters.json"))
}

/// Statistics at step 0 and at the end of one run, as JSON.
struct Run {
    start: Value,
    end: Value,
}

/// The configuration `config_index` of the chapter's experiment: as written (`seed` None), or
/// at that seed of the sweep over seeds `1..=seeds`.
fn configuration(chapter: &Chapter, config_index: usize, seed: Option<u64>, seeds: u64) -> Config {
    let (experiment, warnings) = Experiment::from_query(&chapter.query);
    assert!(warnings.is_empty(), "{}: {warnings:?}", chapter.id);
    let Some(seed) = seed else {
        return experiment.configs[config_index].clone();
    };
    let axis = Axis::parse(&format!("seed=1..{seeds}")).expect("a seed axis");
    let plan = Plan::new(&chapter.query, &[axis], chapter.steps, 0.9).expect("a sweep plan");
    let run = plan
        .runs
        .into_iter()
        .find(|r| r.label == LABELS[config_index] && r.config.seed == seed)
        .expect("the sweep holds every configuration at every seed");
    run.config
}

fn train(chapter: &Chapter, config: Config) -> Run {
    let mut trainer = Trainer::new(config).expect("the chapter's configuration trains");
    let start = serde_json::to_value(trainer.stats()).unwrap();
    trainer.step(chapter.steps as usize);
    let end = serde_json::to_value(trainer.stats()).unwrap();
    Run { start, end }
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

fn layer(stats: &Value, index: usize, field: &str) -> f64 {
    number(&stats["layers"][index][field])
}

fn hidden_layers(stats: &Value) -> usize {
    stats["layers"].as_array().map_or(0, |l| l.len()) - 1
}

fn hidden_mean(stats: &Value, field: &str) -> f64 {
    let hidden = hidden_layers(stats);
    (0..hidden).map(|i| layer(stats, i, field)).sum::<f64>() / hidden as f64
}

/// log10 of `field` at layer 1 over the last hidden layer.
fn ratio_log10(stats: &Value, field: &str) -> f64 {
    let last = hidden_layers(stats) - 1;
    (layer(stats, 0, field) / layer(stats, last, field)).log10()
}

/// The measures of the table (keep in step with `www/story/measures.js`).
fn measure(name: &str, stats: &Value) -> f64 {
    match name {
        "grad_ratio_log10" => ratio_log10(stats, "grad_a"),
        "layer_factor" => {
            let steps = hidden_layers(stats) as f64 - 1.0;
            10f64.powf(ratio_log10(stats, "grad_a") / steps)
        }
        "theory_gap_log10" => ratio_log10(stats, "grad_a") - ratio_log10(stats, "theory_grad_a"),
        "sqrt_chi" => layer(stats, 0, "theory"),
        "zero_frac" | "dead_frac" | "sat_frac" | "dead_data_frac" => hidden_mean(stats, name),
        "dead_first" => layer(stats, 0, "dead_data_frac"),
        "revived_first" => layer(stats, 0, "revived_total"),
        "revived_deeper" => (1..hidden_layers(stats))
            .map(|i| layer(stats, i, "revived_total"))
            .sum(),
        "test_accuracy" => number(&stats["test_accuracy"]),
        "train_test_gap" => number(&stats["accuracy"]) - number(&stats["test_accuracy"]),
        "diverged" => f64::from(u8::from(!stats["diverged"].is_null())),
        other => panic!("unknown measure {other}"),
    }
}

fn reduce(stat: &str, mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match stat {
        "median" if n % 2 == 1 => values[n / 2],
        "median" => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        "min" => values[0],
        "max" => values[n - 1],
        "mean" => values.iter().sum::<f64>() / n as f64,
        "sum" => values.iter().sum(),
        other => panic!("unknown statistic {other}"),
    }
}

fn config_index(label: &str) -> usize {
    LABELS
        .iter()
        .position(|l| l.to_string() == label)
        .unwrap_or_else(|| panic!("unknown configuration {label}"))
}

fn within(value: f64, range: &[Option<f64>; 2]) -> bool {
    let above = range[0].is_none_or(|lo| value >= lo);
    let below = range[1].is_none_or(|hi| value <= hi);
    value.is_finite() && above && below
}

/// Runs every experiment the chapter needs (once each) and checks its claims.
fn check(id: &str) {
    let table = table();
    let chapter = chapter(id);
    let seeds = chapter.seeds.unwrap_or(table.seeds);
    let mut runs: BTreeMap<(usize, Option<u64>), Run> = BTreeMap::new();
    let mut failures = Vec::new();
    for claim in &chapter.claims {
        let mut value_of = |label: &str| {
            let index = config_index(label);
            let seed_list: Vec<Option<u64>> = if claim.over_seeds {
                (1..=seeds).map(Some).collect()
            } else {
                vec![None]
            };
            let values = seed_list
                .into_iter()
                .map(|seed| {
                    let run = runs.entry((index, seed)).or_insert_with(|| {
                        train(&chapter, configuration(&chapter, index, seed, seeds))
                    });
                    let stats = if claim.at == "start" {
                        &run.start
                    } else {
                        &run.end
                    };
                    measure(&claim.measure, stats)
                })
                .collect::<Vec<_>>();
            let stat = claim.stat.as_deref().unwrap_or("median");
            (reduce(stat, values.clone()), values)
        };
        let (mut value, values) = value_of(&claim.config);
        if let Some(other) = &claim.minus {
            value -= value_of(other).0;
        }
        println!(
            "{id}.{}: {value:.4} in {:?}{}",
            claim.id,
            claim.range,
            if claim.over_seeds {
                format!(" (per seed {values:.3?})")
            } else {
                String::new()
            }
        );
        if !within(value, &claim.range) {
            failures.push(format!("{}: {value} not in {:?}", claim.id, claim.range));
        }
    }
    assert!(failures.is_empty(), "chapter {id}: {failures:?}");
}

macro_rules! chapters {
    ($($name:ident => $id:literal),* $(,)?) => {
        $(#[test]
        fn $name() {
            check($id);
        })*
        /// The chapters with a test above, in table order.
        const TESTED: &[&str] = &[$($id),*];
    };
}

chapters! {
    product => "product",
    tanh => "tanh",
    init => "init",
    sparsity => "sparsity",
    dying => "dying",
    zeros => "zeros",
    remedies => "remedies",
    necro => "necro",
    xor => "xor",
    overfit => "overfit",
    residual => "residual",
    theory => "theory",
}

#[test]
fn every_chapter_has_a_test() {
    let ids: Vec<String> = table().chapters.into_iter().map(|c| c.id).collect();
    assert_eq!(ids, TESTED, "add the new chapter to chapters! above");
}

/// The page relies on this shape: queries that parse cleanly, claims naming configurations
/// the query has, predictions pointing at a claim, known charts, and ranges that are ordered.
#[test]
fn the_table_is_well_formed() {
    const CHARTS: &[&str] = &["depth", "history", "loss", "dead", "histogram", "boundary"];
    for chapter in table().chapters {
        let id = &chapter.id;
        let (experiment, warnings) = Experiment::from_query(&chapter.query);
        assert!(warnings.is_empty(), "{id}: {warnings:?}");
        let n = experiment.configs.len();
        assert!(!chapter.view.is_empty(), "{id}: no chart");
        for chart in &chapter.view {
            assert!(CHARTS.contains(&chart.as_str()), "{id}: chart {chart}");
        }
        for claim in &chapter.claims {
            assert!(config_index(&claim.config) < n, "{id}.{}", claim.id);
            if let Some(other) = &claim.minus {
                assert!(
                    config_index(other) < n && claim.over_seeds,
                    "{id}.{}",
                    claim.id
                );
            }
            assert!(
                claim.at == "start" || claim.at == "end",
                "{id}.{}",
                claim.id
            );
            assert!(
                claim.stat.is_none() || claim.over_seeds,
                "{id}.{}",
                claim.id
            );
            if let [Some(lo), Some(hi)] = claim.range {
                assert!(lo <= hi, "{id}.{}", claim.id);
            }
        }
        if let Some(predict) = &chapter.predict {
            assert!(
                chapter.claims.iter().any(|c| c.id == predict.claim),
                "{id}: prediction on an unknown claim"
            );
            assert!(predict.options.len() >= 2, "{id}: one option is no choice");
            for choice in &predict.options {
                assert!(!choice.id.is_empty(), "{id}: option without id");
                let _ = choice.range;
            }
        }
    }
}

#[test]
fn measures_reject_what_is_out_of_range() {
    assert!(within(0.5, &[Some(0.4), Some(0.6)]));
    assert!(!within(0.7, &[Some(0.4), Some(0.6)]));
    assert!(within(-20.0, &[None, Some(-9.0)]));
    assert!(!within(f64::NAN, &[None, None]));
    assert_eq!(reduce("median", vec![3.0, 1.0, 2.0, 10.0]), 2.5);
    assert_eq!(reduce("sum", vec![1.0, 0.0, 1.0]), 2.0);
}
