//! `cargo xtask build [--debug]`: the page's two wasm modules ([`MODULES`]: the engine and
//! the lab) compiled for the browser, bound with wasm-bindgen into `www/pkg*/`, and shrunk
//! with wasm-opt: the one of the npm package `binaryen` pinned in tests/package.json
//! (Debian's binaryen is too old, see `optimise`).
//!
//! Each build variant has its own target directory so that its RUSTFLAGS never invalidate
//! the native build (cargo rebuilds everything when RUSTFLAGS change within one directory).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{process, toolchain, wasm_exports};

/// One wasm build of the page.
pub struct Variant {
    pub name: &'static str,
    pub rustflags: &'static str,
    /// Relative to the repository root.
    pub target_dir: &'static str,
    /// Where the page loads it from, relative to the repository root.
    pub out_dir: &'static str,
    /// wasm-opt `--enable-*` flags beyond [`WASM_OPT_FEATURES`].
    pub extra_wasm_opt: &'static [&'static str],
    /// Flags Node needs to run this build's wasm-bindgen tests (passed as `NODE_ARGS` to
    /// wasm-bindgen-test-runner), e.g. `--experimental-wasm-relaxed-simd` on Node 20.
    pub node_args: &'static str,
}

/// The builds the page can load, in the order it tries them (every variant shares one JS glue
/// file, which `build` checks). One: SIMD128. A relaxed-SIMD build is not shipped: its only
/// gain was `f32x4.relaxed_madd`, which fuses on some hosts and not on others, so the same URL
/// would train differently in different browsers (the determinism rule in docs/ARCHITECTURE.md).
pub const VARIANTS: &[Variant] = &[Variant {
    name: "simd128",
    rustflags: "-C target-feature=+simd128",
    target_dir: "target/wasm-simd",
    out_dir: "www/pkg",
    extra_wasm_opt: &[],
    node_args: "",
}];

/// The wasm features rustc's wasm32 target emits (LLVM's defaults plus SIMD128): wasm-opt
/// must be told, or it rejects the module. Binaryen 108 (Debian's) knows them all.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-simd",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The oldest binaryen whose wasm-opt keeps wasm-bindgen's table exports intact.
const MIN_BINARYEN: u32 = 110;

/// Where `npm ci` in tests/ puts the wasm-opt of the npm package `binaryen` (a Node script
/// running binaryen compiled to wasm: slower than a native one, but recent everywhere).
const NPM_WASM_OPT: &str = "tests/node_modules/.bin/wasm-opt";

/// wasm-opt's optimisation level: for size (-Oz is hardly smaller and slower to run). It
/// keeps IEEE semantics (no fast-math), so the numbers stay those of the unoptimised module.
const WASM_OPT_LEVEL: &str = "-Os";

/// The digits data set the page fetches, relative to the repository root.
const DIGITS_ASSET: &str = "crates/gradfall-core/assets/digits.bin";

/// One wasm-bindgen module of the page: its crate and the file stem of what it builds
/// (`pkg/<artifact>.js`, `pkg/<artifact>_bg.wasm`; www/wasm.js names the same files).
pub struct Module {
    pub krate: &'static str,
    pub artifact: &'static str,
}

/// The engine, which the playground loads first (one run: the Trainer, the URL, the names),
/// and the lab, which the page loads the first time a reader asks for a sweep, the
/// signal-propagation lab or the papers page (crates/gradfall-lab-wasm explains the split).
pub const MODULES: &[Module] = &[ENGINE, LAB];
pub const ENGINE: Module = Module {
    krate: "gradfall-wasm",
    artifact: "gradfall_wasm",
};
pub const LAB: Module = Module {
    krate: "gradfall-lab-wasm",
    artifact: "gradfall_lab_wasm",
};

/// Build the page's wasm into www/pkg*/
///
/// Installs the wasm target and the pinned wasm-bindgen CLI when they are missing.
#[derive(clap::Args)]
pub struct Args {
    /// A debug build (faster to compile, slower to run)
    #[arg(long)]
    debug: bool,
}

pub fn run(Args { debug }: Args) -> Result<(), String> {
    build(&crate::root(), !debug)
}

/// Ensure the toolchain, then build every variant.
pub fn build(root: &Path, release: bool) -> Result<(), String> {
    toolchain::ensure_wasm_target()?;
    toolchain::ensure_wasm_bindgen(root)?;
    for variant in VARIANTS {
        build_variant(root, variant, release)?;
    }
    copy_digits(root)?;
    check_shared_glue(root)
}

/// The digits data set beside the glue (`www/pkg/digits.bin`): the wasm module leaves it out
/// and the worker fetches it when a run needs it (`gradfall_core::data::digits`).
fn copy_digits(root: &Path) -> Result<(), String> {
    let from = root.join(DIGITS_ASSET);
    let to = root.join(VARIANTS[0].out_dir).join("digits.bin");
    std::fs::copy(&from, &to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// The page imports the JS glue of the first variant and instantiates whichever wasm the
/// browser validates with it, so every variant's glue of a module must be byte-identical.
fn check_shared_glue(root: &Path) -> Result<(), String> {
    for module in MODULES {
        let glue = |variant: &Variant| {
            let path = root
                .join(variant.out_dir)
                .join(format!("{}.js", module.artifact));
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let first = glue(&VARIANTS[0])?;
        for variant in &VARIANTS[1..] {
            if glue(variant)? != first {
                return Err(format!(
                    "the JS glue of {} in {} differs from {}'s: the page cannot share it",
                    module.artifact, variant.out_dir, VARIANTS[0].out_dir
                ));
            }
        }
    }
    Ok(())
}

fn build_variant(root: &Path, variant: &Variant, release: bool) -> Result<(), String> {
    eprintln!(
        "== building {} ({}) into {}",
        variant.name, variant.rustflags, variant.out_dir
    );
    let mut cargo = toolchain::cargo();
    cargo.arg("build");
    for module in MODULES {
        cargo.args(["-p", module.krate]);
    }
    cargo
        .args([
            "--target",
            toolchain::WASM_TARGET,
            "--target-dir",
            variant.target_dir,
        ])
        .env("RUSTFLAGS", variant.rustflags)
        .current_dir(root);
    if release {
        cargo.arg("--release");
    }
    process::run(&mut cargo)?;

    let profile = if release { "release" } else { "debug" };
    let out_dir = root.join(variant.out_dir);
    // Stale files from an earlier build (old snippets) must not linger in what is served.
    if out_dir.exists() {
        std::fs::remove_dir_all(&out_dir)
            .map_err(|e| format!("cannot clear {}: {e}", out_dir.display()))?;
    }
    for module in MODULES {
        let wasm: PathBuf = [
            variant.target_dir,
            toolchain::WASM_TARGET,
            profile,
            &format!("{}.wasm", module.artifact),
        ]
        .iter()
        .collect();
        bind(root, &wasm, &out_dir, module, variant, release)?;
    }
    Ok(())
}

/// wasm-bindgen one module's `wasm` into `out_dir`, then wasm-opt it (release builds).
fn bind(
    root: &Path,
    wasm: &Path,
    out_dir: &Path,
    module: &Module,
    variant: &Variant,
    release: bool,
) -> Result<(), String> {
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .arg(wasm)
        .args(["--target", "web", "--out-dir"])
        .arg(out_dir)
        .current_dir(root);
    if !release {
        bindgen.arg("--debug");
    }
    process::run(&mut bindgen)?;

    let bound = out_dir.join(format!("{}_bg.wasm", module.artifact));
    let before = bound.metadata().map(|m| m.len()).unwrap_or(0);
    if release {
        optimise(root, &bound, variant);
    }
    let size = bound.metadata().map(|m| m.len()).unwrap_or(0);
    if size != before {
        eprintln!(
            "wasm-opt: {:.1} KB → {:.1} KB",
            before as f64 / 1024.0,
            size as f64 / 1024.0
        );
    }
    eprintln!(
        "built {} ({}): {:.1} KB",
        bound.display(),
        variant.name,
        size as f64 / 1024.0
    );
    Ok(())
}

/// The wasm-opt to run: the npm package's (installing tests/'s npm packages when needed),
/// else one on PATH; `None` when there is neither.
fn find_wasm_opt(root: &Path) -> Option<PathBuf> {
    let npm = root.join(NPM_WASM_OPT);
    if !npm.exists() {
        if let Err(e) = toolchain::ensure_npm_packages(&root.join("tests")) {
            eprintln!("note: cannot install the npm packages of tests/ (binaryen): {e}");
        }
    }
    if npm.exists() {
        Some(npm)
    } else if toolchain::on_path("wasm-opt") {
        Some(PathBuf::from("wasm-opt"))
    } else {
        None
    }
}

/// `wasm-opt -Os` in place. Optional: when there is no wasm-opt, when it fails, or when it
/// damaged the exports (checked whatever the version, see `wasm_exports`), the unoptimised
/// (working) module stays and the build says so.
fn optimise(root: &Path, wasm: &Path, variant: &Variant) {
    let Some(wasm_opt) = find_wasm_opt(root) else {
        eprintln!("note: no wasm-opt (npm ci in tests/ installs one); the module stays larger");
        return;
    };
    // Binaryen up to 108 (Debian bookworm's) rebinds wasm-bindgen's exported externref table
    // onto the fixed-size funcref table, so the page dies at start-up with "Table.grow():
    // failed to grow table by 4" (binaryen#4711, fixed in 110).
    let version = process::output(Command::new(&wasm_opt).arg("--version")).unwrap_or_default();
    let major = version
        .split_whitespace()
        .find_map(|w| w.parse::<u32>().ok());
    if major.is_some_and(|v| v < MIN_BINARYEN) {
        eprintln!(
            "note: skipping wasm-opt: binaryen {} corrupts wasm-bindgen's externref table \
             (need >= {MIN_BINARYEN})",
            major.unwrap_or(0)
        );
        return;
    }
    let optimised = wasm.with_extension("opt.wasm");
    let mut command = Command::new(&wasm_opt);
    command
        .arg(WASM_OPT_LEVEL)
        .args(WASM_OPT_FEATURES)
        .args(variant.extra_wasm_opt)
        .arg(wasm)
        .arg("-o")
        .arg(&optimised);
    let result = process::run(&mut command).and_then(|()| {
        let read = |path: &Path| {
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        if let Some(damage) = wasm_exports::difference(&read(wasm)?, &read(&optimised)?) {
            return Err(format!(
                "wasm-opt damaged the module ({damage}); a newer binaryen may not"
            ));
        }
        std::fs::rename(&optimised, wasm)
            .map_err(|e| format!("cannot replace {}: {e}", wasm.display()))
    });
    if let Err(message) = result {
        let _ = std::fs::remove_file(&optimised);
        eprintln!("warning: {message}; keeping the module wasm-bindgen wrote");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module file names are spelled twice, here and in the page's loader: a rename on
    /// one side only would build fine and load nothing.
    #[test]
    fn the_page_loads_every_module_by_its_built_name() {
        let loader = std::fs::read_to_string(crate::root().join("www/wasm.js")).unwrap();
        for module in MODULES {
            let wasm = format!("'./pkg/{}_bg.wasm'", module.artifact);
            let glue = format!("'./pkg/{}.js'", module.artifact);
            assert!(loader.contains(&wasm), "www/wasm.js does not load {wasm}");
            assert!(loader.contains(&glue), "www/wasm.js does not import {glue}");
        }
    }
}
