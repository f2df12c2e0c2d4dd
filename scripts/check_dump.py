#!/usr/bin/env python3
"""Check `gradfall dump` against an independent autodiff library (HIPS autograd).

    gradfall dump "act=tanh&depth=12" --out /tmp/tanh.json
    python3 scripts/check_dump.py /tmp/tanh.json [MORE.json ...] [--tol 1e-4] [--quiet] [--noise]

For each dump this script rebuilds the network from the dumped parameters (W, b, γ, β, PReLU
slope) and the dumped first batch (x, y), runs the forward pass in float64 with
`autograd.numpy`, takes the gradient of the batch-mean loss with `autograd.grad`, and compares
the loss and every dumped gradient (dW, db, dγ, dβ, dslope) with the engine's float32 values.
It prints one table row per layer and exits 1 if anything disagrees (2 if a file cannot be
read). Nothing here is derived from the engine's backward code: only the forward conventions
are restated, and autograd differentiates them.

Conventions restated from the engine (crates/gradfall-core/src: network.rs, norm.rs, loss.rs,
activation.rs):
- layer l: a = h_{l-1}·Wᵀ + b (W is [fan_out][fan_in]); hidden layers then z = γ·x̂ + β when
  normalised (else z = a), h = f(z), and h = f(z) + h_{l-1} when the layer is `residual`. The
  output layer is linear (the logits).
- x̂ = (a − μ)/√(σ² + ε), ε = 1e-5, σ² the biased variance: batch norm over the samples of the
  batch (training-mode statistics of this very batch), layer norm over the units of a sample.
- loss (batch mean): `ce` = logsumexp(z) − z_y; `mse` = ½·Σ_k (z_k − onehot_k)².
- activations: GELU in its tanh form 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))); SELU with
  λ = 1.0507009873554805, α = 1.6732632423543773; softplus ln(1 + eˣ); swish x·σ(x);
  leaky/PReLU slope `alpha` (PReLU: the layer's learned `slope`) for x ≤ 0; ELU α(eˣ − 1).
- kinks (x = 0 exactly, which happens e.g. with init=zeros): ReLU, leaky, PReLU, ELU, SELU
  and necro take the x ≤ 0 branch's derivative, abs takes +1 — the same subgradients as the
  engine, written as `np.where` so that autograd follows them.
- necro is ReLU forward with slope `alpha` backward for x ≤ 0: a surrogate gradient, not the
  derivative of its forward. It is therefore an autograd primitive with its own VJP
  (`autograd.extend.primitive` + `defvjp`); every other activation is differentiated by autograd.

Tolerance. The engine works in float32 (unit round-off u = 2⁻²⁴ ≈ 6e-8); the reference is
float64, so the difference is the engine's rounding error, and it is judged against the scale
that bounds a float32 sum's rounding error: the sum of the magnitudes of the terms it adds.
For every entry i of a gradient the script computes that magnitude m_i with autograd's own
intermediate gradients (|∂loss/∂a|ᵀ·|h| for dW, Σ|∂loss/∂a| for db, Σ|∂loss/∂z·x̂| for dγ,
Σ|∂loss/∂z| for dβ, Σ|∂loss/∂f·z|₍z≤0₎ for the PReLU slope) and the error
    err = max_i |g_engine,i − g_ref,i| / max(m_i, 1e-3·max_j m_j, FLT_MIN).
Where nothing cancels, m_i ≈ |g_i| and this is the plain relative error; where the exact value
is 0 or nearly (the bias gradient under batch norm is exactly 0; a bias gradient is a sum of
terms of both signs) it is the error relative to what was summed, which is all float32 can
promise. The floors keep entries tiny beside the rest of their array, and entries below the
smallest normal float32 (FLT_MIN ≈ 1.2e-38, where float32 has no relative precision left,
e.g. a 100-layer sigmoid net), from demanding impossible precision.
An array passes when err ≤ tol (default 1e-4 ≈ 1700·u): a float32 sum of n terms is off by at
most about n·u of its magnitude (n ≤ 1024 here) and a deep chain compounds a few such factors,
so correct float32 gradients of well-conditioned networks stay below it (measured over the test
matrix: 2e-7 … 4e-5, and 1e-4 for the batch-normalised 20-layer sigmoid net, see below), while a wrong formula — a missing factor, a wrong constant, a wrong
kink, a dropped residual path — is off by far more. The loss must agree within tol relative to
max(1, |loss|).

Some networks amplify rounding beyond that, so that no float32 computation can meet tol:
exploding activations, batch norm of sigmoid outputs (large mean, small spread: the centring
cancels), batch norm over one or two samples, deep tanh in the chaotic phase (large gain: the
float32 forward pass itself is off by percents). To tell such rounding from a wrong formula,
an array (or the loss) that misses tol is measured again against the same computation by
autograd in float32, run four times (as dumped, then with parameters and inputs moved by about
one ulp at random, so that each run rounds differently). It still passes, marked
"float32-limited", when its error is at most 4× the worst of those runs and that is at most
1e-2: the engine is as accurate as float32 allows on this network. Otherwise it is a
MISMATCH (float32 autograd does much better: a formula or convention differs), or
ILL-CONDITIONED when float32 autograd is off by more than 1e-2 itself (nothing can be verified;
also a failure). The "f32 autograd" column shows that noise (computed only when needed, or
always with --noise).
"""

import argparse
import json
import math
import sys
import warnings
from urllib.parse import parse_qs

import autograd.numpy as np
import numpy as onp
from autograd import grad
from autograd.extend import defvjp, primitive

EPS = 1e-5
SELU_LAMBDA = 1.0507009873554805
SELU_ALPHA = 1.6732632423543773
GELU_C = math.sqrt(2.0 / math.pi)
GELU_K = 0.044715
DEFAULT_TOL = 1e-4
FLOOR = 1e-3
# The smallest normal float32: below it float32 has no relative precision left.
FLT_MIN = 2.0 ** -126
# float32's unit round-off, and the number of float32 autograd runs sampling its rounding noise.
FLOAT32_U = 2.0 ** -24
FLOAT32_RUNS = 4
# Beyond tol, an error is float32-limited (accepted) when within this factor of float32
# autograd's worst, provided that is no more than NOISE_CAP; above the cap nothing is verifiable.
NOISE_FACTOR = 4.0
NOISE_CAP = 1e-2
ACTIVATIONS = {"relu", "sigmoid", "tanh", "leaky", "prelu", "elu", "selu", "softplus", "abs",
               "gelu", "swish", "linear", "necro"}


class BadDump(Exception):
    """The file is not a dump this script understands."""


# ----- necro: a surrogate gradient, so a primitive with its own VJP -----

@primitive
def necro(x, alpha):
    """ReLU forward."""
    return np.where(x > 0, x, 0.0)


def _necro_vjp(ans, x, alpha):
    # Backward: slope 1 for x > 0, `alpha` for x ≤ 0 (not the derivative of the forward).
    return lambda g: g * np.where(x > 0, 1.0, alpha)


defvjp(necro, _necro_vjp, None)


def negative_part(x):
    """x where x ≤ 0, else 0: the argument of exp for ELU/SELU, so the unused branch of
    `np.where` never overflows (an inf there would turn its zero gradient into NaN)."""
    return np.where(x > 0, 0.0, x)


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def activate(name, z, alpha):
    """h = f(z) for the hidden activation `name`; `alpha` is the slope / ELU α (PReLU: the
    layer's slope, which may be an autograd box so its gradient is taken too)."""
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "necro":
        return necro(z, alpha)
    if name in ("leaky", "prelu"):
        return np.where(z > 0, z, alpha * z)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "elu":
        return np.where(z > 0, z, alpha * (np.exp(negative_part(z)) - 1.0))
    if name == "selu":
        return SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA * (np.exp(negative_part(z)) - 1.0))
    if name == "softplus":
        return np.logaddexp(0.0, z)
    if name == "abs":
        return np.where(z >= 0, z, -z)
    if name == "gelu":
        return 0.5 * z * (1.0 + np.tanh(GELU_C * (z + GELU_K * z ** 3)))
    if name == "swish":
        return z * sigmoid(z)
    if name == "linear":
        return z
    raise BadDump(f"unknown activation '{name}'")


def normalise(kind, a, gamma, beta):
    """z = γ·(a − μ)/√(σ² + ε) + β; batch norm over the batch (axis 0), layer norm over the
    units (axis 1); biased variance."""
    axis = 0 if kind == "batch" else 1
    mu = np.mean(a, axis=axis, keepdims=True)
    var = np.mean((a - mu) ** 2, axis=axis, keepdims=True)
    return gamma * (a - mu) / np.sqrt(var + EPS) + beta


def batch_loss(kind, logits, y):
    n, classes = logits.shape
    onehot = np.eye(classes, dtype=logits.dtype)[y]
    if kind == "ce":
        m = np.max(logits, axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.sum(np.exp(logits - m), axis=1))
        return np.mean(lse - np.sum(logits * onehot, axis=1))
    if kind == "mse":
        return np.mean(0.5 * np.sum((logits - onehot) ** 2, axis=1))
    raise BadDump(f"unknown loss '{kind}'")


class Model:
    """The dumped network: its architecture, parameters (float64, keyed by (layer index, name)),
    the first batch, and the engine's loss and gradients."""

    def __init__(self, dump):
        try:
            self.query = dump["query"]
            self.act = dump["activation"]
            self.alpha = float(dump["alpha"])
            self.x = np.array(dump["x"], dtype=np.float64)
            self.y = np.array(dump["y"], dtype=np.int64)
            self.loss_engine = float(dump["loss"])
            layers = dump["layers"]
            q = {k: v[-1] for k, v in parse_qs(self.query.lstrip("?")).items()}
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise BadDump(f"missing or malformed field: {e}") from e
        if self.act not in ACTIVATIONS:
            raise BadDump(f"unknown activation '{self.act}'")
        self.norm = q.get("norm", "none")
        self.loss = q.get("loss", "ce")
        if self.norm not in ("none", "batch", "layer"):
            raise BadDump(f"unknown norm '{self.norm}'")
        if self.x.ndim != 2 or self.y.shape != (self.x.shape[0],):
            raise BadDump(f"x is {self.x.shape}, y is {self.y.shape}: expected [batch][inputs] and [batch]")
        if not isinstance(layers, list) or not layers:
            raise BadDump("no layers")
        self.layers = []
        self.params = {}
        self.engine = {}
        fan_in = self.x.shape[1]
        for i, l in enumerate(layers):
            try:
                self._add_layer(i, l, fan_in, hidden=i + 1 < len(layers))
            except (KeyError, TypeError, ValueError) as e:
                raise BadDump(f"layer {i + 1}: missing or malformed field: {e}") from e
            fan_in = self.layers[-1]["fan_out"]
        if self.y.min() < 0 or self.y.max() >= fan_in:
            raise BadDump(f"a class index lies outside 0..{fan_in - 1}")

    def _add_layer(self, i, l, fan_in, hidden):
        W = np.array(l["W"], dtype=np.float64)
        if W.ndim != 2 or W.shape[1] != fan_in:
            raise BadDump(f"layer {i + 1}: W is {W.shape}, expected [fan_out][{fan_in}]")
        fan_out = W.shape[0]
        spec = {"layer": l.get("layer", i + 1), "hidden": hidden, "residual": bool(l["residual"]),
                "normed": hidden and self.norm != "none", "prelu": l.get("slope") is not None,
                "fan_out": fan_out}
        if spec["residual"] and (fan_in != fan_out or not hidden):
            raise BadDump(f"layer {i + 1}: residual, but not a hidden layer with fan-in = fan-out")
        if spec["prelu"] and (self.act != "prelu" or not hidden):
            raise BadDump(f"layer {i + 1}: a slope, but not a hidden PReLU layer")
        if not spec["normed"] and len(l.get("gamma") or []) != 0:
            raise BadDump(f"layer {i + 1}: γ present, but the query has no norm (or it is the output layer)")
        names = [("W", "dW"), ("b", "db")]
        if spec["normed"]:
            names += [("gamma", "dgamma"), ("beta", "dbeta")]
        if spec["prelu"]:
            names += [("slope", "dslope")]
        for p, g in names:
            value = np.array(l[p], dtype=np.float64)
            engine_grad = np.array(l[g], dtype=np.float64)
            expected = {"W": (fan_out, fan_in), "slope": ()}.get(p, (fan_out,))
            if value.shape != expected or engine_grad.shape != expected:
                raise BadDump(f"layer {i + 1}: {p} is {value.shape} and {g} {engine_grad.shape}, expected {expected}")
            self.params[(i, p)] = value
            self.engine[(i, p)] = engine_grad
        self.layers.append(spec)

    def forward(self, params, probes=None, record=None, x=None):
        """Batch-mean loss, in the precision of `params`. `probes` (zeros, per hidden layer and
        stage) are added to a, z and f(z) so that their gradients are ∂loss/∂a, ∂loss/∂z and
        ∂loss/∂f(z); `record` (a dict) collects each layer's input h, x̂ and z."""
        h = (self.x if x is None else x).astype(params[(0, "W")].dtype)
        for i, spec in enumerate(self.layers):
            a = np.dot(h, params[(i, "W")].T) + params[(i, "b")]
            if probes is not None:
                a = a + probes[(i, "a")]
            if record is not None:
                record[(i, "h_in")] = h
            if not spec["hidden"]:
                return batch_loss(self.loss, a, self.y)
            if spec["normed"]:
                xhat = normalise(self.norm, a, 1.0, 0.0)
                z = params[(i, "gamma")] * xhat + params[(i, "beta")]
                if probes is not None:
                    z = z + probes[(i, "z")]
            else:
                xhat, z = a, a
            if record is not None:
                record[(i, "xhat")], record[(i, "z")] = xhat, z
            alpha = params[(i, "slope")] if spec["prelu"] else self.alpha
            out = activate(self.act, z, alpha)
            if probes is not None:
                out = out + probes[(i, "f")]
            h = out + h if spec["residual"] else out
        raise BadDump("the last layer is not an output layer")

    def probes(self):
        n = self.x.shape[0]
        return {(i, s): np.zeros((n, spec["fan_out"])) for i, spec in enumerate(self.layers)
                for s in ("a", "z", "f")}

    def magnitudes(self, g_probe, record):
        """Per parameter entry, the sum of the magnitudes of the terms its gradient adds up
        (|∂loss/∂a|ᵀ·|h| for W, …): the scale a float32 sum's rounding error is bounded by."""
        out = {}
        for i, spec in enumerate(self.layers):
            da, h_in = np.abs(g_probe[(i, "a")]), np.abs(record[(i, "h_in")])
            out[(i, "W")] = np.dot(da.T, h_in)
            out[(i, "b")] = np.sum(da, axis=0)
            if spec["normed"]:
                dz = np.abs(g_probe[(i, "z")])
                out[(i, "gamma")] = np.sum(dz * np.abs(record[(i, "xhat")]), axis=0)
                out[(i, "beta")] = np.sum(dz, axis=0)
            if spec["prelu"]:
                z = record[(i, "z")]
                out[(i, "slope")] = np.array(np.sum(np.abs(g_probe[(i, "f")] * np.where(z > 0, 0.0, z))))
        return out


def array_error(got, ref, magnitude):
    """err = max_i |got_i − ref_i| / max(m_i, FLOOR·max m, FLT_MIN), and the worst entry."""
    scale = np.maximum(np.maximum(magnitude, FLOOR * np.max(magnitude)), FLT_MIN)
    rel = np.abs(got - ref) / scale
    rel = np.where(np.isfinite(got), rel, math.inf)
    worst = int(np.argmax(rel))
    return float(rel.flat[worst]), np.unravel_index(worst, ref.shape) if ref.ndim else ()


def float32_run(model, seed):
    """Loss and gradients from autograd in float32: a sample of float32 rounding noise for this
    network. With a seed, the parameters and inputs are first moved by about one float32 ulp at
    random, so each run rounds differently (the first run takes them exactly as dumped)."""
    def move(v):
        if seed is None:
            return v.astype(np.float32)
        return (v * (1.0 + 2 * FLOAT32_U * rng.standard_normal(v.shape))).astype(np.float32)

    rng = onp.random.default_rng(seed)
    params = {k: move(v) for k, v in model.params.items()}
    x = move(model.x)
    return float(model.forward(params, x=x)), grad(model.forward)(params, x=x)


class Result:
    def __init__(self, path, model):
        self.path = path
        self.model = model
        self.rows = []        # (spec, max|dW|, {name: err}, f32 autograd's worst err)
        self.problems = []    # per array missing tol and float32 autograd's noise: a mismatch
        self.ill = []         # per array where float32 autograd itself is off by > NOISE_CAP
        self.limited = []     # per array missing tol but within float32 autograd's noise (accepted)
        self.worst = 0.0      # the engine's worst error (loss included)
        self.worst32 = None   # float32 autograd's worst error, when computed

    def failed(self):
        return bool(self.problems or self.ill)


def check(path, tol, noise):
    """Compare one dump with autograd; returns a Result. The float32 runs are made when
    something misses tol, or always with `noise`."""
    try:
        with open(path, encoding="utf-8") as f:
            model = Model(json.load(f))
    except (OSError, ValueError) as e:
        raise BadDump(str(e)) from e
    r = Result(path, model)

    with warnings.catch_warnings():
        # Overflow to inf in cosh inside autograd's tanh VJP (the gradient is then 0, correctly)
        # or in a float32 run: visible in the errors, not worth a warning.
        warnings.simplefilter("ignore", RuntimeWarning)
        record = {}
        r.loss_ref = float(model.forward(model.params, record=record))
        grads, g_probe = grad(lambda both: model.forward(*both))((model.params, model.probes()))
        magnitude = model.magnitudes(g_probe, record)
        ref = {k: np.asarray(g, dtype=np.float64) for k, g in grads.items()}

        # (key or "loss", err, text of the worst entry); key = (layer index, name).
        r.loss_err = abs(r.loss_ref - model.loss_engine) / max(1.0, abs(r.loss_ref))
        errors = [("loss", r.loss_err, f"loss: engine {model.loss_engine!r}, autograd {r.loss_ref!r}")]
        for key in model.params:
            i, name = key
            label = f"layer {model.layers[i]['layer']} d{name}"
            if not np.all(np.isfinite(ref[key])):
                errors.append((key, math.inf, f"{label}: autograd's float64 gradient is not finite"))
                continue
            eng = model.engine[key]
            err, at = array_error(eng, ref[key], magnitude[key])
            at_text = f"[{', '.join(str(int(j)) for j in at)}]" if at else ""
            errors.append((key, err, f"{label}{at_text}: engine {float(eng[at]):.9g}, autograd {float(ref[key][at]):.9g}"))
        r.worst = max(e for _, e, _ in errors)

        noise32 = {}
        if r.worst > tol or noise:
            runs32 = [float32_run(model, None)] + [float32_run(model, seed) for seed in range(1, FLOAT32_RUNS)]
            noise32["loss"] = max(abs(r.loss_ref - loss32) / max(1.0, abs(r.loss_ref)) for loss32, _ in runs32)
            for key in model.params:
                noise32[key] = max(array_error(np.asarray(g32[key], dtype=np.float64), ref[key], magnitude[key])[0]
                                   for _, g32 in runs32)
            r.worst32 = max(noise32.values())

    for key, err, text in errors:
        if err <= tol:
            continue
        n32 = noise32[key]
        if n32 <= NOISE_CAP and err <= NOISE_FACTOR * n32:
            r.limited.append(f"{text}: error {err:.2e} > tol {tol:.0e}, but float32 autograd's is {n32:.2e}")
        elif n32 > NOISE_CAP:
            r.ill.append(f"{text}: error {err:.2e}; float32 autograd's {n32:.2e} is above {NOISE_CAP:g} too")
        else:
            r.problems.append(f"{text}: error {err:.2e} > tol {tol:.0e} and > {NOISE_FACTOR:g}× float32 autograd's {n32:.2e}")

    for i, spec in enumerate(model.layers):
        cells = {name: err for key, err, _ in errors if key != "loss" and key[0] == i for name in [key[1]]}
        layer32 = max((n for key, n in noise32.items() if key != "loss" and key[0] == i), default=None)
        r.rows.append((spec, float(np.max(np.abs(ref[(i, "W")]))), cells, layer32))
    return r


def report(r, tol, quiet):
    m = r.model
    status = "MISMATCH" if r.problems else "ILL-CONDITIONED" if r.ill else "ok, float32-limited" if r.limited else "ok"
    noise = "" if r.worst32 is None else f"; float32 autograd {r.worst32:.2e}"
    print(f"{r.path}: {m.query}  [{status}]  loss engine {m.loss_engine:.7g} autograd {r.loss_ref:.7g} "
          f"(error {r.loss_err:.1e}); worst error {r.worst:.2e} (tol {tol:.0e}{noise})")
    if not quiet or r.failed():
        cols = ["W", "b", "gamma", "beta", "slope"]
        print(f"  {'layer':>5} {'kind':<10} {'max|dW|':>10} " + " ".join(f"{'err d' + c:>11}" for c in cols)
              + f" {'f32 autograd':>13}")
        for spec, max_dw, cells, err32 in r.rows:
            kind = ("hidden" if spec["hidden"] else "output") + ("+res" if spec["residual"] else "")
            text = " ".join(f"{cells[c]:>11.2e}" if c in cells else f"{'-':>11}" for c in cols)
            text32 = f"{'-':>13}" if err32 is None else f"{err32:>13.2e}"
            print(f"  {spec['layer']:>5} {kind:<10} {max_dw:>10.3e} {text} {text32}")
    for p in r.limited if not quiet else []:
        print(f"  float32-limited {p}")
    for p in r.problems:
        print(f"  MISMATCH {p}")
    if r.problems:
        print("  → float32 autograd does much better on these: not rounding, a formula or convention differs")
    for p in r.ill:
        print(f"  ILL-CONDITIONED {p}")
    if r.ill:
        print("  → the network amplifies float32 rounding so much (exploding or chaotic dynamics, cancellation) "
              "that a float32 gradient cannot be checked: not evidence of a wrong formula, but nothing was verified")


def main(argv):
    parser = argparse.ArgumentParser(description="Check gradfall dump files against HIPS autograd (float64).")
    parser.add_argument("dumps", nargs="+", help="JSON files written by `gradfall dump QUERY --out FILE`")
    parser.add_argument("--tol", type=float, default=DEFAULT_TOL, help=f"largest accepted error (default {DEFAULT_TOL:g})")
    parser.add_argument("--quiet", action="store_true", help="one line per dump unless it mismatches")
    parser.add_argument("--noise", action="store_true",
                        help="always run autograd in float32 too and show its error (else only on a mismatch)")
    args = parser.parse_args(argv)
    failed, unreadable = [], []
    for path in args.dumps:
        try:
            r = check(path, args.tol, args.noise)
        except BadDump as e:
            print(f"{path}: cannot check: {e}", file=sys.stderr)
            unreadable.append(path)
            continue
        report(r, args.tol, args.quiet)
        if r.failed():
            failed.append(path)
    if unreadable:
        print(f"check_dump: {len(unreadable)} of {len(args.dumps)} dumps could not be read", file=sys.stderr)
        return 2
    if failed:
        print(f"check_dump: {len(failed)} of {len(args.dumps)} dumps disagree with autograd: {', '.join(failed)}",
              file=sys.stderr)
        return 1
    print(f"check_dump: all {len(args.dumps)} dumps agree with autograd (tol {args.tol:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
