//! `gradfall jacobian`: the singular values of ∂h_L/∂h_1 at initialisation as one JSON object.

use std::io::{self, Write};

use gradfall_core::theory::jacobian;

use crate::{query, Failure};

const AFTER_HELP: &str = "\
Prints {\"singular_values\": [...]}, descending: the singular values of the Jacobian of the
last hidden layer's output with respect to the first hidden layer's output, for the first
example of the first batch, at step 0 (the trainer's own network). One hidden layer gives
the identity. Needs norm=none and width ≤ 256. SVD: one-sided Jacobi in f64.

Examples:
  gradfall jacobian \"act=tanh&init=orthogonal&depth=20&width=64\"   (concentrated near 1)
  gradfall jacobian \"act=relu&init=he&depth=20&width=64\"           (spread out)";

/// Print the singular values of the hidden stack's Jacobian ∂h_L/∂h_1 at initialisation
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The experiment: a query, a page URL holding one, or a preset name
    pub query: String,
}

#[derive(serde::Serialize)]
struct Output {
    singular_values: Vec<f64>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let config = query::config(&args.query);
    let singular_values = jacobian::singular_values(&config).map_err(Failure::Usage)?;
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &Output { singular_values })
        .map_err(|e| Failure::Runtime(format!("cannot write the output: {e}")))?;
    writeln!(out).map_err(Failure::from_io)
}
