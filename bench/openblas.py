"""Single-threaded OpenBLAS (through numpy) on gradfall's GEMM cases: the native baseline of
`cargo xtask bench`, which runs this in a venv with OPENBLAS_NUM_THREADS=1 and writes the JSON
that bench.mjs prints beside gradfall's native kernels.

    python openblas.py --out FILE [--quick]

Timing as in crates/gradfall-cli/src/bench.rs: process CPU time, a warm-up that calibrates
how many calls fill a sample, then the median of several samples. Operands are float32, made
once per case; `out=` keeps allocation out of the timed call. The transposed shapes pass
transposed views, as a BLAS caller would (no copy: numpy hands BLAS the transpose flag).
"""

import argparse
import json
import os
import time

import numpy as np
from threadpoolctl import threadpool_info

# The same list as crates/gradfall-cli/src/bench.rs and bench/bench.mjs.
CASES = [("AB", 64, 64, 64), ("AB", 128, 128, 128), ("AB", 256, 256, 256), ("AB", 512, 512, 512)]
CASES += [("AB", batch, width, width) for batch in (64, 256) for width in (32, 64, 128, 256, 512)]
CASES += [("ABt", 256, 256, 256), ("AtB", 256, 256, 256)]


def seconds_per_call(op, samples, sample_s, warmup_s):
    """Median CPU seconds per call of op."""
    start, calls = time.process_time(), 0
    while time.process_time() - start < warmup_s or calls < 2:
        op()
        calls += 1
    per_call = (time.process_time() - start) / calls
    reps = max(1, round(sample_s / per_call))
    times = []
    for _ in range(samples):
        t = time.process_time()
        for _ in range(reps):
            op()
        times.append((time.process_time() - t) / reps)
    return sorted(times)[len(times) // 2]


def operands(shape, m, k, n, rng):
    a = rng.uniform(-1, 1, (k, m) if shape == "AtB" else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if shape == "ABt" else (k, n)).astype(np.float32)
    return (a.T if shape == "AtB" else a), (b.T if shape == "ABt" else b)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    samples, sample_s, warmup_s = (3, 0.01, 0.03) if args.quick else (9, 0.04, 0.2)

    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    info = {
        "numpy": np.__version__,
        "library": blas[0].get("internal_api") if blas else "unknown",
        "version": blas[0].get("version") if blas else None,
        "architecture": blas[0].get("architecture") if blas else None,
        "threads": blas[0].get("num_threads") if blas else None,
        "coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
    }
    print(
        f"numpy {info['numpy']}, {info['library']} {info['version']}, kernel "
        f"{info['architecture']}, {info['threads']} thread(s)"
    )
    rng = np.random.default_rng(1)
    gemm = []
    for shape, m, k, n in CASES:
        a, b = operands(shape, m, k, n, rng)
        c = np.empty((m, n), dtype=np.float32)
        s = seconds_per_call(lambda: np.matmul(a, b, out=c), samples, sample_s, warmup_s)
        gflops = 2 * m * k * n / s / 1e9
        print(f"  GEMM {shape:<4} {m}×{k}×{n}: {gflops:7.2f} GFLOP/s")
        gemm.append({"shape": shape, "m": m, "k": k, "n": n, "gflops": gflops})
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({**info, "samples": samples, "gemm": gemm}, f, indent=2)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
