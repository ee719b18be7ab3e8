#!/usr/bin/env python3
"""AMG-PCG side by side: SolverSuite smoothed aggregation vs pyamg, same matrices, one run.

Both sides generate the same matrices (the 5-point 2D and 7-point 3D Dirichlet Laplacians,
4/6 on the diagonal, -1 off it; pyamg.gallery.poisson builds exactly these) and solve
A x = A*ones from x0 = 0 to ||r|| <= 1e-8 ||b|| with CG preconditioned by one V-cycle.

pyamg: smoothed_aggregation_solver(A) with its defaults (symmetric strength theta=0, standard
aggregation, Jacobi prolongation smoothing omega=4/3/rho, symmetric Gauss-Seidel pre/post,
candidate improvement, max_coarse=10, pinv coarse solve), ml.solve(b, tol=1e-8, accel='cg').
Ours: `solversuite-bench amg --json` with the forward/backward Gauss-Seidel smoother (fb,
default) and the pyamg-like symmetric Gauss-Seidel smoother (sym); max_coarse 400, dense Cholesky.

Usage: OPENBLAS_NUM_THREADS=1 python3 Benchmarks/peers/pyamg_compare.py [2d:500 2d:1000 3d:64 ...]
(build first: swift build -c release --product solversuite-bench)
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pyamg

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, ".build", "release", "solversuite-bench")


def run_pyamg(problem):
    kind, m = problem.split(":")
    m = int(m)
    grid = (m, m) if kind == "2d" else (m, m, m)
    A = pyamg.gallery.poisson(grid, format="csr")
    b = A @ np.ones(A.shape[0])
    t0 = time.perf_counter()
    ml = pyamg.smoothed_aggregation_solver(A)
    t1 = time.perf_counter()
    res = []
    x = ml.solve(b, x0=np.zeros_like(b), tol=1e-8, accel="cg", maxiter=500, residuals=res)
    t2 = time.perf_counter()
    relres = np.linalg.norm(b - A @ x) / np.linalg.norm(b)
    return {
        "problem": problem, "n": A.shape[0], "levels": len(ml.levels),
        "sizes": [lvl.A.shape[0] for lvl in ml.levels],
        "operator_complexity": ml.operator_complexity(), "grid_complexity": ml.grid_complexity(),
        "iterations": len(res) - 1, "relres": relres, "setup_s": t1 - t0, "solve_s": t2 - t1,
    }


def run_ours(problems, smoother):
    out = subprocess.run([BENCH, "amg", "--json", "--smoother", smoother] + problems,
                         check=True, capture_output=True, text=True).stdout
    return {r["problem"]: r for r in (json.loads(line) for line in out.splitlines() if line.startswith("{"))}


def main():
    problems = sys.argv[1:] or ["2d:500", "2d:1000", "3d:64", "3d:100"]
    ours_fb = run_ours(problems, "fb")
    ours_sym = run_ours(problems, "sym")
    rows = []
    for p in problems:
        py = run_pyamg(p)
        rows.append(("pyamg " + pyamg.__version__ + " (sym GS)", py))
        rows.append(("ours (fwd/bwd GS)", ours_fb[p]))
        rows.append(("ours (sym GS)", ours_sym[p]))
    print("| problem | n | solver | levels | op. cx | grid cx | its | rel. res | setup s | solve s | total s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {r['problem']} | {r['n']} | {name} | {r['levels']} | {r['operator_complexity']:.3f} | "
              f"{r['grid_complexity']:.3f} | {r['iterations']} | {r['relres']:.1e} | {r['setup_s']:.3f} | "
              f"{r['solve_s']:.3f} | {r['setup_s'] + r['solve_s']:.3f} |")
    print()
    for p in problems:
        py = next(r for n, r in rows if r["problem"] == p and n.startswith("pyamg"))
        for name, r in rows:
            if r["problem"] == p and not name.startswith("pyamg"):
                print(f"{p} {name}: iterations ratio {r['iterations'] / py['iterations']:.2f}, "
                      f"total time ratio {(r['setup_s'] + r['solve_s']) / (py['setup_s'] + py['solve_s']):.2f}")


if __name__ == "__main__":
    main()
