//! `gradfall theory`: the mean-field quantities of a configuration as one JSON object.

use std::io::{self, Write};

use gradfall_core::theory::summary::{PhaseGrid, Summary};

use crate::{query, Failure};

const AFTER_HELP: &str = "\
Fields: `sigma_w2` (width·Var[w] of a hidden layer, from init and gain), `sigma_b2`
(bstd²), the fixed point `q_star`, the gradient factor `chi1`, the depth scales `xi_q`
and `xi_c`, `c_star`, `critical_sigma_w2` (χ₁ = 1 at this σ_b²) and `trainable_depth`
(6 ξ_c). null means none or infinite; with a normalisation every quantity is null and
`note` says why.";

/// Print the mean-field theory of a configuration's hidden layers as one JSON object
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The experiment: a query, a page URL holding one, or a preset name
    pub query: String,
    /// Add the phase diagram of the activation: `grid` (ξ_c over σ_w² in (0, 4] × σ_b² in
    /// [0, 0.5]) and `critical_line` (critical σ_w² per σ_b²)
    #[arg(long)]
    pub grid: bool,
    /// Cells per axis of the grid
    #[arg(long, value_name = "N", default_value_t = 12,
          value_parser = clap::value_parser!(u16).range(2..=64))]
    pub resolution: u16,
}

#[derive(serde::Serialize)]
struct Output {
    #[serde(flatten)]
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<PhaseGrid>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let config = query::config(&args.query);
    let output = Output {
        summary: Summary::of(&config),
        grid: if args.grid {
            PhaseGrid::of(&config, args.resolution as usize)
        } else {
            None
        },
    };
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &output)
        .map_err(|e| Failure::Runtime(format!("cannot write the output: {e}")))?;
    writeln!(out).map_err(Failure::from_io)
}
