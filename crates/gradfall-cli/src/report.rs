//! Writing [`Stats`] as JSON lines or CSV.
//!
//! JSON: one object per reported step, `Stats` serialised as is (the field names of
//! `gradfall_core::stats`; non-finite numbers become `null`). CSV: one row per (step, layer) with the
//! step's fields repeated on each row; the histograms are left out (use JSON for them).

use std::io::{self, Write};

use gradfall_core::{LayerStats, Stats};

/// The output format of `gradfall train`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

/// A CSV column: its name and how to read it from a layer.
type Column = (&'static str, fn(&LayerStats) -> f32);

/// Per-layer CSV columns after `step,loss,accuracy,test_accuracy,diverged,layer`.
const LAYER_COLUMNS: &[Column] = &[
    ("grad_a", |l| l.grad_a),
    ("grad_w", |l| l.grad_w),
    ("grad_b", |l| l.grad_b),
    ("w_norm", |l| l.w_norm),
    ("update_ratio", |l| l.update_ratio),
    ("act_mean", |l| l.act_mean),
    ("act_std", |l| l.act_std),
    ("zero_frac", |l| l.zero_frac),
    ("dead_frac", |l| l.dead_frac),
    ("sat_frac", |l| l.sat_frac),
    ("theory", |l| l.theory),
    ("theory_grad_a", |l| l.theory_grad_a),
    ("theory_act_std", |l| l.theory_act_std),
    ("slope", |l| l.slope),
];

/// Per-layer CSV columns measured only at some steps: empty where not measured.
type SparseColumn = (&'static str, fn(&LayerStats) -> Option<f64>);

const SPARSE_COLUMNS: &[SparseColumn] = &[
    ("dead_data_frac", |l| l.dead_data_frac.map(f64::from)),
    ("revived", |l| l.revived.map(f64::from)),
];

/// Writes reported steps to `out` in one format, flushing after each step so a pipe
/// (`| jq`) sees them as training goes.
pub struct Reporter<W: Write> {
    out: W,
    format: Format,
    wrote_header: bool,
}

impl<W: Write> Reporter<W> {
    pub fn new(out: W, format: Format) -> Reporter<W> {
        Reporter {
            out,
            format,
            wrote_header: false,
        }
    }

    pub fn write(&mut self, stats: &Stats) -> io::Result<()> {
        match self.format {
            Format::Json => {
                // The core's writer, as the page's trainJson: the same text in both.
                let line = gradfall_core::json::to_string(stats).map_err(io::Error::other)?;
                writeln!(self.out, "{line}")?;
            }
            Format::Csv => self.write_csv(stats)?,
        }
        self.out.flush()
    }

    fn write_csv(&mut self, stats: &Stats) -> io::Result<()> {
        if !self.wrote_header {
            write!(self.out, "step,loss,accuracy,test_accuracy,diverged,layer")?;
            for (name, _) in LAYER_COLUMNS {
                write!(self.out, ",{name}")?;
            }
            for (name, _) in SPARSE_COLUMNS {
                write!(self.out, ",{name}")?;
            }
            writeln!(self.out)?;
            self.wrote_header = true;
        }
        let diverged = stats.diverged.map(|s| s.to_string()).unwrap_or_default();
        for layer in &stats.layers {
            write!(
                self.out,
                "{},{},{},{},{},{}",
                stats.step, stats.loss, stats.accuracy, stats.test_accuracy, diverged, layer.layer
            )?;
            for (_, value) in LAYER_COLUMNS {
                write!(self.out, ",{}", value(layer))?;
            }
            for (_, value) in SPARSE_COLUMNS {
                match value(layer) {
                    Some(v) => write!(self.out, ",{v}")?,
                    None => write!(self.out, ",")?,
                }
            }
            writeln!(self.out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(n: usize) -> LayerStats {
        LayerStats {
            layer: n,
            grad_a: 0.5 / n as f32,
            grad_w: 1.0,
            grad_b: 2.0,
            w_norm: 3.0,
            update_ratio: 0.0,
            act_mean: 0.25,
            act_std: 1.0,
            zero_frac: 0.5,
            dead_frac: 0.0,
            dead_data_frac: (n == 1).then_some(0.25),
            revived: (n == 1).then_some(2),
            sat_frac: 0.0,
            theory: 1.0,
            theory_grad_a: 0.5,
            theory_act_std: 0.25,
            slope: f32::NAN,
            hist_a: vec![1, 2],
            hist_grad: vec![3],
        }
    }

    fn stats() -> Stats {
        Stats {
            step: 7,
            loss: 1.5,
            accuracy: 0.75,
            test_accuracy: f32::NAN,
            diverged: None,
            layers: vec![layer(1), layer(2), layer(3)],
        }
    }

    fn render(format: Format, steps: &[Stats]) -> String {
        let mut reporter = Reporter::new(Vec::new(), format);
        for s in steps {
            reporter.write(s).unwrap();
        }
        String::from_utf8(reporter.out).unwrap()
    }

    #[test]
    fn json_is_one_object_per_line_with_design_names_and_null_for_nan() {
        let text = render(Format::Json, &[stats(), stats()]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(value["step"], 7);
        assert_eq!(value["test_accuracy"], serde_json::Value::Null);
        assert_eq!(value["layers"].as_array().unwrap().len(), 3);
        assert_eq!(value["layers"][1]["layer"], 2);
        assert_eq!(value["layers"][1]["grad_a"], 0.25);
        assert_eq!(value["layers"][0]["hist_a"], serde_json::json!([1, 2]));
    }

    #[test]
    fn csv_has_one_header_and_one_row_per_layer_and_step() {
        let mut diverged = stats();
        diverged.step = 9;
        diverged.diverged = Some(9);
        let text = render(Format::Csv, &[stats(), diverged]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 3);
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(header.len(), 6 + LAYER_COLUMNS.len() + SPARSE_COLUMNS.len());
        // Measured only in layer 1 here: values there, empty cells elsewhere.
        assert!(lines[1].ends_with(",0.25,2"), "{}", lines[1]);
        assert!(lines[2].ends_with(",,"), "{}", lines[2]);
        assert_eq!(&header[..3], ["step", "loss", "accuracy"]);
        for row in &lines[1..] {
            assert_eq!(row.split(',').count(), header.len(), "row {row}");
        }
        assert!(
            lines[2].starts_with("7,1.5,0.75,NaN,,2,0.25,"),
            "{}",
            lines[2]
        );
        assert!(lines[6].starts_with("9,1.5,0.75,NaN,9,3,"), "{}", lines[6]);
    }

    #[test]
    fn csv_columns_are_the_engines_per_layer_fields() {
        let names: Vec<&str> = LAYER_COLUMNS
            .iter()
            .map(|c| c.0)
            .chain(SPARSE_COLUMNS.iter().map(|c| c.0))
            .collect();
        assert_eq!(names, gradfall_core::stats::LAYER_FIELDS);
    }

    #[test]
    fn format_names() {
        use clap::ValueEnum;
        assert_eq!(Format::from_str("csv", false), Ok(Format::Csv));
        assert_eq!(Format::from_str("json", false), Ok(Format::Json));
        assert!(Format::from_str("xml", false).is_err());
    }
}
