//! `trainJson(query, steps)`: a whole run as `gradfall train QUERY --steps N` prints it (one
//! JSON object per step, step 0 first, written by the same code, `gradfall_core::json`), so the
//! wasm build can be compared with the native CLI byte for byte. Every f32 is written in its
//! shortest round-trip form: equal text is equal bits (NaN and ±∞ both print as `null`).
//! `cargo xtask test determinism` does the comparison for every preset.

use gradfall_core::{Config, Trainer};
use wasm_bindgen::prelude::*;

/// The longest run one call accepts (a long run blocks the calling thread).
const MAX_STEPS: u32 = 100_000;

/// Train `query` for `steps` updates (stopping where it diverges) and return the statistics
/// of every step as JSON lines, exactly as `gradfall train` writes them with `--every 1`.
/// Throws on a configuration the engine refuses or more than 100 000 steps.
#[wasm_bindgen(js_name = trainJson)]
pub fn train_json(query: &str, steps: u32) -> Result<String, JsError> {
    if steps > MAX_STEPS {
        return Err(JsError::new(&format!(
            "trainJson: at most {MAX_STEPS} steps, not {steps}"
        )));
    }
    let mut trainer = Trainer::new(Config::from_query(query).config)
        .map_err(|e| JsError::new(&format!("cannot train this configuration: {e}")))?;
    let mut out = String::new();
    let mut write = |trainer: &Trainer| -> Result<(), JsError> {
        let line = gradfall_core::json::to_string(trainer.stats())
            .map_err(|e| JsError::new(&format!("cannot serialise the statistics: {e}")))?;
        out.push_str(&line);
        out.push('\n');
        Ok(())
    };
    // The CLI's loop (gradfall-cli/src/train.rs) with every = 1: a step is reported when the
    // step count or the divergence mark changed; no progress ends the run.
    write(&trainer)?;
    let mut last = (trainer.stats().step, trainer.diverged());
    for _ in 0..steps {
        if trainer.diverged().is_some() {
            break;
        }
        let applied = trainer.step(1);
        let now = (trainer.stats().step, trainer.diverged());
        if now != last {
            write(&trainer)?;
            last = now;
        }
        if applied == 0 {
            break;
        }
    }
    Ok(out)
}
