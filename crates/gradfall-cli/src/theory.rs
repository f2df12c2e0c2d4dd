//! `gradfall theory`: the mean-field quantities of a configuration as one JSON object.

use std::io::{self, Write};

use gradfall_core::theory::summary::{PhaseGrid, Summary};

use crate::args::{self, Spec};
use crate::{query, Failure};

const SPEC: Spec = Spec {
    command: "gradfall theory",
    valued: &["resolution"],
    switches: &["grid"],
};

/// Cells per axis of `--grid` unless `--resolution` says otherwise.
const DEFAULT_RESOLUTION: u64 = 12;

pub const HELP: &str = "\
Print the mean-field theory of a configuration's hidden layers as one JSON object.

USAGE:
    gradfall theory <QUERY> [--grid [--resolution N]]

ARGUMENTS:
    <QUERY>   the experiment: a query, a page URL holding one, or a preset name

OPTIONS:
    --grid           add the phase diagram of the activation: `grid` (ξ_c over σ_w² in
                     (0, 4] × σ_b² in [0, 0.5]) and `critical_line` (critical σ_w² per σ_b²)
    --resolution N   cells per axis of the grid, 2..=64 (default 12)
    -h, --help       this text

Fields: `sigma_w2` (width·Var[w] of a hidden layer, from init and gain), `sigma_b2`
(bstd²), the fixed point `q_star`, the gradient factor `chi1`, the depth scales `xi_q`
and `xi_c`, `c_star`, `critical_sigma_w2` (χ₁ = 1 at this σ_b²) and `trainable_depth`
(6 ξ_c). null means none or infinite; with a normalisation every quantity is null and
`note` says why.
";

#[derive(serde::Serialize)]
struct Output {
    #[serde(flatten)]
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<PhaseGrid>,
}

pub fn run(words: &[String]) -> Result<(), Failure> {
    let args = args::parse(&SPEC, words).map_err(Failure::Usage)?;
    if args.switch("help") {
        print!("{HELP}");
        return Ok(());
    }
    let argument = args.single(&SPEC, "a query").map_err(Failure::Usage)?;
    let resolution = args
        .number("resolution", DEFAULT_RESOLUTION)
        .map_err(Failure::Usage)?;
    if !(2..=64).contains(&resolution) {
        return Err(Failure::Usage(format!(
            "--resolution wants 2..=64, not {resolution}"
        )));
    }
    let config = query::config(argument);
    let output = Output {
        summary: Summary::of(&config),
        grid: if args.switch("grid") {
            PhaseGrid::of(&config, resolution as usize)
        } else {
            None
        },
    };
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &output)
        .map_err(|e| Failure::Runtime(format!("cannot write the output: {e}")))?;
    writeln!(out).map_err(Failure::from_io)
}
