#!/usr/bin/env python3
"""Time per CG iteration, side by side in one run: SolverSuite (Swift), scipy.sparse.linalg.cg and
Eigen's ConjugateGradient (C++, -O3 -march=native), no preconditioner, b = A*ones, x0 = 0, a fixed
number of iterations (tolerance 0), single thread (OPENBLAS_NUM_THREADS=1, no OpenMP).

Problems: the 5-point 2D Laplacian on a 1000 x 1000 grid (1M rows, 5M nonzeros) and the largest
shared SPD matrix (bcsstk13, expanded to both triangles). Each tool runs `rounds` times, interleaved,
and the best ms/iteration is kept (the machine is shared, so minima are the stable statistic).

Usage (from the repository root):
  swift build -c release --product solversuite-bench
  python3 Benchmarks/peers/cg_peers.py [--grid 1000] [--iterations 100] [--rounds 3]
"""
import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as spla

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.environ.get("SOLVERSUITE_DATA", os.path.normpath(os.path.join(ROOT, "..", "shared", "data")))


def laplacian2d(m):
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    i = sp.identity(m)
    return sp.csr_matrix(sp.kron(i, t) + sp.kron(t, i))


def scipy_ms_per_iter(a, iterations, repeats):
    b = a @ np.ones(a.shape[0])
    best = float("inf")
    for _ in range(repeats):
        count = [0]

        def cb(_):
            count[0] += 1

        t0 = time.perf_counter()
        spla.cg(a, b, rtol=0.0, atol=0.0, maxiter=iterations, callback=cb)
        dt = time.perf_counter() - t0
        best = min(best, dt * 1000 / max(1, count[0]))
    return best


def parse(out):
    m = re.search(r"ms_per_iter=([0-9.eE+-]+)", out)
    if not m:
        raise RuntimeError("could not parse: " + out)
    return float(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", type=int, default=1000)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--matrix", default=os.path.join(DATA, "matrices", "bcsstk13.mtx"))
    args = ap.parse_args()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")

    swift_bin = os.path.join(ROOT, ".build", "release", "solversuite-bench")
    if not os.path.exists(swift_bin):
        sys.exit("build first: swift build -c release --product solversuite-bench")
    eigen_bin = os.path.join(ROOT, ".build", "eigen_cg")
    src = os.path.join(HERE, "eigen_cg.cpp")
    if not os.path.exists(eigen_bin) or os.path.getmtime(eigen_bin) < os.path.getmtime(src):
        subprocess.run(["g++", "-O3", "-march=native", "-DNDEBUG", "-I/usr/include/eigen3", src, "-o", eigen_bin],
                       check=True)

    problems = [(f"laplacian2D({args.grid})", f"grid:{args.grid}", laplacian2d(args.grid), args.iterations)]
    if os.path.exists(args.matrix):
        a = sp.csr_matrix(scipy.io.mmread(args.matrix))
        problems.append((os.path.basename(args.matrix), args.matrix, a, max(args.iterations, 500)))

    print(f"scipy {scipy.__version__}, numpy {np.__version__}; best of {args.rounds} interleaved rounds")
    rows = []
    for name, src_arg, a, iters in problems:
        best = {"swift": float("inf"), "scipy": float("inf"), "eigen": float("inf")}
        reps = 1 if a.shape[0] >= 100000 else 5
        for _ in range(args.rounds):
            out = subprocess.run([swift_bin, "cg", src_arg, str(iters), str(reps)], env=env,
                                 capture_output=True, text=True, check=True).stdout
            best["swift"] = min(best["swift"], parse(out))
            best["scipy"] = min(best["scipy"], scipy_ms_per_iter(a, iters, reps))
            out = subprocess.run([eigen_bin, src_arg, str(iters), str(reps)], env=env,
                                 capture_output=True, text=True, check=True).stdout
            best["eigen"] = min(best["eigen"], parse(out))
        rows.append((name, a.shape[0], a.nnz, iters, best))

    print(f"{'problem':22s} {'n':>8s} {'nnz':>9s} {'iters':>5s} {'swift ms/it':>12s} {'scipy ms/it':>12s} "
          f"{'eigen ms/it':>12s} {'scipy/swift':>11s} {'swift/eigen':>11s}")
    for name, n, nnz, iters, b in rows:
        print(f"{name:22s} {n:8d} {nnz:9d} {iters:5d} {b['swift']:12.4f} {b['scipy']:12.4f} {b['eigen']:12.4f} "
              f"{b['scipy'] / b['swift']:11.2f} {b['swift'] / b['eigen']:11.2f}")


if __name__ == "__main__":
    main()
