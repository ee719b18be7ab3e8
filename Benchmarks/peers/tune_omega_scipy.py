#!/usr/bin/env python3
"""SciPy-based SOR on the same shifted-Laplacian instances as `solversuite tune-omega`.

Reads the instances written by `solversuite tune-omega --export-instances FILE` (one line per
instance: c, b_1..b_n) and the per-instance omegas of one policy from its `--csv` output, then
runs SOR exactly as the paper's sor.m (x0 = 0, x <- x + M^{-1} r with M = D/omega + L applied by
scipy.sparse.linalg.spsolve_triangular, r = b - A x, stop when ||r||/||r0|| < tol, cap 10000).
Prints total iterations (which must match the Swift run) and the wall time. SciPy's
spsolve_triangular costs about 0.5 ms per call here, so by default only the first 1000 instances
are replayed and the whole-sequence time is extrapolated by iteration count (--limit 0: all).

usage: tune_omega_scipy.py INSTANCES.csv RUN.csv POLICY_KEY [--tol 1e-8] [--grid-side 10] [--limit 1000]
"""
import argparse
import csv
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve_triangular


def laplacian2d(m):
    t = sp.diags([-1, 2, -1], [-1, 0, 1], shape=(m, m))
    i = sp.identity(m)
    return (sp.kron(i, t) + sp.kron(t, i)).tocsr()


def sor(a, lower, diag, b, omega, tol, cap=10000):
    m = (sp.diags(diag / omega) + lower).tocsr()
    x = np.zeros_like(b)
    r = b.copy()
    r0 = np.linalg.norm(r)
    for k in range(1, cap + 1):
        x += spsolve_triangular(m, r, lower=True)
        r = b - a @ x
        if np.linalg.norm(r) / r0 < tol:
            return k, True
    return cap, False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("instances")
    ap.add_argument("runs")
    ap.add_argument("policy")
    ap.add_argument("--tol", type=float, default=1e-8)
    ap.add_argument("--grid-side", type=int, default=10)
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args()
    base = laplacian2d(args.grid_side)
    n = base.shape[0]
    rows = [list(map(float, line.split(","))) for line in open(args.instances)]
    omegas, swift_iters = [], []
    with open(args.runs) as f:
        for row in csv.DictReader(f):
            if row["policy"] == args.policy:
                omegas.append(float(row["omega"]))
                swift_iters.append(int(row["iterations"]))
    count = min(len(rows), len(omegas))
    if args.limit > 0:
        count = min(count, args.limit)
    total, mismatches = 0, 0
    t0, c0 = time.perf_counter(), time.process_time()
    for t in range(count):
        c, b = rows[t][0], np.array(rows[t][1:])
        a = (base + c * sp.identity(n)).tocsr()
        k, _ = sor(a, sp.tril(a, -1), a.diagonal(), b, omegas[t], args.tol)
        total += k
        mismatches += k != swift_iters[t]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    whole = sum(swift_iters)
    line = (f"scipy SOR, policy {args.policy}: {count} instances, total iterations {total} "
            f"(swift {sum(swift_iters[:count])}, {mismatches} instances differ), wall {wall:.2f} s, cpu {cpu:.2f} s")
    if count < len(swift_iters):
        line += f"; whole sequence ({len(swift_iters)} instances, {whole} iterations) extrapolated: wall {wall * whole / max(total, 1):.1f} s, cpu {cpu * whole / max(total, 1):.1f} s"
    print(line)


if __name__ == "__main__":
    main()
