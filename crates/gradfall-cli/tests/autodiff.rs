//! The engine's step-0 gradients, checked by another autodiff library: `gradfall dump` for a
//! matrix of configurations (every activation, every initialisation, residual connections,
//! both normalisations, both losses, the digits, deep nets, PReLU, every preset), then
//! `scripts/check_dump.py`, which rebuilds each network in float64 with HIPS autograd and
//! compares the loss and every gradient (tolerance and its justification: the script's header).
//!
//! Needs python3 with `venv` and pip, and PyPI the first time: the exact versions pinned in
//! `scripts/requirements-check.txt` are installed into `<target>/pyenv-check`, again only when
//! that file or the venv's Python changes (a stamp file records what was installed). Without
//! them the test fails and says why — unless `GRADFALL_SKIP_AUTODIFF=1` asks to skip it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// Set to 1 to skip the check on a machine without python3/pip/PyPI.
const SKIP_VAR: &str = "GRADFALL_SKIP_AUTODIFF";
/// Which Python to build the venv from, if not `python3` on the PATH.
const PYTHON_VAR: &str = "GRADFALL_PYTHON";
const STAMP: &str = "gradfall-requirements.stamp";

/// Configurations beside the presets (each preset is checked too). Default: relu, he,
/// depth 10, width 32, batch 64, spiral, softmax cross-entropy.
const MATRIX: &[&str] = &[
    // Every activation.
    "act=relu",
    "act=sigmoid",
    "act=tanh",
    "act=leaky",
    "act=prelu",
    "act=elu",
    "act=selu",
    "act=softplus",
    "act=abs",
    "act=gelu",
    "act=swish",
    "act=linear",
    "act=necro",
    // Non-default slopes / ELU α.
    "act=leaky&alpha=0.3",
    "act=elu&alpha=0.5",
    "act=necro&alpha=0.5",
    // Every initialisation (he is the default above).
    "init=xavier&act=tanh",
    "init=xavier-normal&act=sigmoid",
    "init=he-uniform&act=leaky",
    "init=lecun&act=selu",
    "init=uniform",
    "init=orthogonal&act=tanh",
    "init=lsuv",
    "init=lsuv&act=tanh",
    "init=zeros",
    "init=zeros&act=sigmoid",
    "init=zeros&act=necro&alpha=0.5",
    "gain=2&bias=0.1&act=softplus",
    // Residual connections (the second also around the first layer: width = 2 inputs).
    "res=1",
    "res=1&width=2&depth=3",
    // Normalisation.
    "norm=batch",
    "norm=layer",
    "norm=batch&act=tanh&res=1",
    "norm=layer&act=swish&init=zeros",
    // Losses and data.
    "loss=mse",
    "loss=mse&act=sigmoid",
    "data=digits",
    "data=digits&norm=layer&act=gelu&width=64",
    "data=xor&batch=16&act=elu",
    "data=circles&width=8&depth=4",
    // Deep nets.
    "depth=20",
    "act=sigmoid&depth=20",
    "act=tanh&depth=20&init=xavier",
    "act=relu&depth=20&init=xavier",
    "act=selu&depth=16&init=lecun",
    "act=necro&depth=15&norm=layer&res=1",
    // PReLU with its learned slope.
    "act=prelu&norm=batch&res=1",
    "act=prelu&alpha=0.1&depth=12&loss=mse",
];

/// Runs `gradfall dump` for every query into a fresh directory, removed when dropped.
struct Dumps {
    dir: PathBuf,
    files: Vec<PathBuf>,
}

impl Dumps {
    fn new(name: &str, queries: &[&str]) -> Dumps {
        let dir =
            std::env::temp_dir().join(format!("gradfall-autodiff-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let mut dumps = Dumps {
            dir,
            files: Vec::new(),
        };
        for (k, query) in queries.iter().enumerate() {
            let file = dumps.dir.join(format!("{k:02}.json"));
            let output = Command::new(env!("CARGO_BIN_EXE_gradfall"))
                .args(["dump", query, "--out"])
                .arg(&file)
                .output()
                .expect("the gradfall binary runs");
            assert!(
                output.status.success(),
                "gradfall dump \"{query}\" failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            dumps.files.push(file);
        }
        dumps
    }
}

impl Drop for Dumps {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn skipped(test: &str) -> bool {
    let skip = std::env::var(SKIP_VAR).is_ok_and(|v| v == "1");
    if skip {
        println!("{test}: SKIPPED because {SKIP_VAR}=1 — the engine's gradients were not checked against autograd");
    }
    skip
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The cargo target directory the test binary was built into (`.../target`), whose
/// `pyenv-check` holds the venv.
fn venv_dir() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_gradfall"));
    let target = bin
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| Path::new("target"));
    target.join("pyenv-check")
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// `python --version` of an interpreter, if it runs.
fn python_version(python: &Path) -> Option<String> {
    let out = Command::new(python).arg("--version").output().ok()?;
    out.status.success().then(|| {
        let text = if out.stdout.is_empty() {
            &out.stderr
        } else {
            &out.stdout
        };
        String::from_utf8_lossy(text).trim().to_string()
    })
}

/// A Python that can make a venv with pip: `$GRADFALL_PYTHON`, else python3, python3.11 or
/// python on the PATH, the first that has `venv` and `ensurepip`.
fn base_python() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match std::env::var_os(PYTHON_VAR) {
        Some(p) => vec![PathBuf::from(p)],
        None => ["python3", "python3.11", "python"]
            .iter()
            .map(PathBuf::from)
            .collect(),
    };
    let mut seen = Vec::new();
    for python in &candidates {
        let Some(version) = python_version(python) else {
            continue;
        };
        let ok = Command::new(python)
            .args(["-c", "import venv, ensurepip"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Ok(python.clone());
        }
        seen.push(format!(
            "{} ({version}) has no venv/ensurepip module (Debian: apt-get install python3-venv)",
            python.display()
        ));
    }
    if seen.is_empty() {
        Err(format!(
            "no Python found (tried {}; set {PYTHON_VAR} to choose one)",
            candidates
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else {
        Err(seen.join("; "))
    }
}

fn run(cmd: &mut Command, what: &str) -> Result<Output, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: cannot run: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The venv's Python with the pinned requirements installed; creates or updates the venv
/// only when it is missing, broken, or its stamp differs from the requirements.
fn prepare_venv() -> Result<PathBuf, String> {
    let root = repo_root();
    let requirements = root.join("scripts/requirements-check.txt");
    let pins = fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let venv = venv_dir();
    let python = venv_python(&venv);
    let stamp_file = venv.join(STAMP);
    let stamp = |version: &str| format!("{pins}\n# installed into {version}\n");

    if let Some(version) = python_version(&python) {
        if fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp(&version).as_str()) {
            return Ok(python);
        }
    } else {
        let base = base_python()?;
        let _ = fs::remove_dir_all(&venv);
        eprintln!(
            "autodiff: creating the venv {} with {}",
            venv.display(),
            base.display()
        );
        run(
            Command::new(&base).args(["-m", "venv"]).arg(&venv),
            "python3 -m venv",
        )?;
    }
    let _ = fs::remove_file(&stamp_file);
    eprintln!(
        "autodiff: installing {} into {}",
        requirements.display(),
        venv.display()
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                "--only-binary=:all:",
                "-r",
            ])
            .arg(&requirements),
        "pip install -r scripts/requirements-check.txt",
    )?;
    let version =
        python_version(&python).ok_or("the venv's python does not run after installing")?;
    fs::write(&stamp_file, stamp(&version))
        .map_err(|e| format!("cannot write {}: {e}", stamp_file.display()))?;
    Ok(python)
}

/// The checker's Python, prepared once per test run; panics with the reason if impossible.
fn checker_python() -> &'static Path {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(prepare_venv) {
        Ok(p) => p,
        Err(e) => panic!("the autodiff check needs python3 with venv and pip, and PyPI for the first install: {e}\nInstall them, or set {SKIP_VAR}=1 to skip this check."),
    }
}

/// Runs scripts/check_dump.py on `files`.
fn check_dumps(files: &[PathBuf]) -> Output {
    Command::new(checker_python())
        .arg(repo_root().join("scripts/check_dump.py"))
        .arg("--quiet")
        .args(files)
        .output()
        .expect("the venv's python runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn engine_gradients_agree_with_autograd() {
    if skipped("engine_gradients_agree_with_autograd") {
        return;
    }
    let presets: Vec<&str> = gradfall_core::presets::PRESETS
        .iter()
        .map(|p| p.name)
        .collect();
    let queries: Vec<&str> = MATRIX.iter().copied().chain(presets).collect();
    let dumps = Dumps::new("matrix", &queries);
    let out = check_dumps(&dumps.files);
    let report = text(&out);
    // The per-configuration errors, visible with `--nocapture`.
    println!("{report}");
    assert!(
        out.status.success(),
        "the engine disagrees with autograd:\n{report}"
    );
    let expected = format!("all {} dumps agree with autograd", queries.len());
    assert!(
        report.contains(&expected),
        "expected '{expected}' in:\n{report}"
    );
}

/// The check has teeth: dumps whose gradients or conventions were altered slightly are
/// rejected, the untouched ones beside them accepted, and an unreadable file is an error.
#[test]
fn the_check_rejects_wrong_gradients() {
    if skipped("the_check_rejects_wrong_gradients") {
        return;
    }
    let queries = [
        "act=necro&depth=4&width=8",
        "act=prelu&depth=4&width=8&norm=batch",
        "res=1&depth=4&width=8",
    ];
    let dumps = Dumps::new("mutants", &queries);
    let read = |k: usize| -> Value {
        serde_json::from_str(&fs::read_to_string(&dumps.files[k]).unwrap()).unwrap()
    };
    type Mutation = (&'static str, usize, fn(&mut Value));
    let mutations: [Mutation; 5] = [
        // Necro's surrogate backward is what the engine computes: autograd's own ReLU
        // derivative must not match it.
        ("necro-as-relu", 0, |d| d["activation"] = "relu".into()),
        ("dW-off-by-1e-3", 0, |d| {
            // The largest entry of layer 2's dW, 0.1 % too large.
            let rows = d["layers"][1]["dW"].as_array_mut().unwrap();
            let entry = rows
                .iter_mut()
                .flat_map(|r| r.as_array_mut().unwrap().iter_mut())
                .max_by(|a, b| {
                    a.as_f64()
                        .unwrap()
                        .abs()
                        .total_cmp(&b.as_f64().unwrap().abs())
                });
            let entry = entry.unwrap();
            *entry = (entry.as_f64().unwrap() * 1.001).into();
        }),
        ("dslope-off-by-1e-2", 1, |d| {
            let v = d["layers"][2]["dslope"].as_f64().unwrap();
            d["layers"][2]["dslope"] = (v * 1.01 + 1e-6).into();
        }),
        ("dgamma-swapped", 1, |d| {
            let g = &mut d["layers"][0]["dgamma"];
            let (a, b) = (g[0].clone(), g[1].clone());
            g[0] = b;
            g[1] = a;
        }),
        ("residual-dropped", 2, |d| {
            d["layers"][2]["residual"] = false.into()
        }),
    ];
    let mut files = dumps.files.clone();
    for (name, k, mutate) in mutations {
        let mut dump = read(k);
        mutate(&mut dump);
        let file = dumps.dir.join(format!("{name}.json"));
        fs::write(&file, dump.to_string()).unwrap();
        files.push(file);
    }
    let out = check_dumps(&files);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(&format!(
            "{} of {} dumps disagree",
            mutations.len(),
            files.len()
        )),
        "{report}"
    );
    for (name, _, _) in mutations {
        let line = report
            .lines()
            .find(|l| l.contains(&format!("{name}.json:")))
            .unwrap_or_else(|| panic!("no line for {name}:\n{report}"));
        assert!(
            line.contains("[MISMATCH]"),
            "{name} was not caught as a mismatch:\n{report}"
        );
    }
    for file in &dumps.files {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("{}:", file.display())))
            .expect("a line per dump");
        assert!(line.contains("[ok"), "an untouched dump failed:\n{report}");
    }

    let broken = dumps.dir.join("broken.json");
    fs::write(&broken, r#"{"query": "v=1", "layers": []}"#).unwrap();
    let out = check_dumps(&[broken]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot check"), "{}", text(&out));
}
