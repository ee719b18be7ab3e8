#!/usr/bin/env python3
"""SciPy reference iteration counts for the Iterative module's validation test.

For every SPD matrix in ../shared/data/matrices (the "SPD matrices" table of SOURCES.md) this runs
scipy.sparse.linalg.cg plain and Jacobi-preconditioned; for every nonsymmetric real square matrix
("Nonsymmetric real square" table) gmres(restart=30) and bicgstab. Protocol (same on the Swift side,
SolveOptions.scipy(rtol:)):
  b = A @ ones, x0 = 0, stop when ||b - A x|| (recursive residual for cg/bicgstab) < rtol * ||b||,
  rtol = 1e-8, atol = 0.
  cg/bicgstab maxiter = min(10 n, 20000); gmres maxiter = 100 restart cycles of 30 (<= 3000 inner).
Iterations are counted with the callback (cg, bicgstab: once per iteration; gmres with
callback_type='pr_norm': once per inner iteration).

Writes Tests/IterativeTests/Resources/scipy_iterations.json.
Usage: python3 Benchmarks/peers/scipy_iterations.py [DATA_DIR]
"""
import json
import os
import re
import sys

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as spla

RTOL = 1e-8
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def data_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    env = os.environ.get("SOLVERSUITE_DATA")
    if env:
        return env
    return os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))


def section_files(sources_md, title_prefix):
    """File names listed in the table under the '## <title_prefix>...' heading of SOURCES.md."""
    files, inside = [], False
    for line in open(sources_md):
        if line.startswith("## "):
            inside = line[3:].startswith(title_prefix)
            continue
        if inside:
            m = re.match(r"\|\s*([\w.\-]+\.mtx)\s*\|", line)
            if m:
                files.append(m.group(1))
    return files


def load(path):
    a = scipy.io.mmread(path)
    return sp.csr_matrix(a, dtype=np.float64)


def counted(solver, a, b, **kw):
    it = [0]

    def cb(_):
        it[0] += 1

    x, info = solver(a, b, callback=cb, **kw)
    rel = float(np.linalg.norm(b - a @ x) / np.linalg.norm(b))
    return {"iterations": it[0], "info": int(info), "converged": info == 0, "trueRelativeResidual": rel}


def main():
    data = data_dir()
    mats = os.path.join(data, "matrices")
    sources = os.path.join(data, "SOURCES.md")
    out = {
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "rtol": RTOL,
        "protocol": "b = A*ones, x0 = 0, ||r|| < rtol*||b||, atol = 0; cg/bicgstab maxiter = min(10n, 20000); "
                    "gmres restart 30, maxiter 100 cycles; iterations counted by callback",
        "spd": [],
        "nonsymmetric": [],
    }
    for name in section_files(sources, "SPD matrices"):
        a = load(os.path.join(mats, name))
        n = a.shape[0]
        b = a @ np.ones(n)
        maxiter = min(10 * n, 20000)
        d = a.diagonal()
        jac = spla.LinearOperator(a.shape, matvec=lambda r, d=d: r / d)
        row = {"file": name, "n": n, "nnz": int(a.nnz), "maxiter": maxiter,
               "cg": counted(spla.cg, a, b, rtol=RTOL, atol=0.0, maxiter=maxiter),
               "pcgJacobi": counted(spla.cg, a, b, rtol=RTOL, atol=0.0, maxiter=maxiter, M=jac)}
        out["spd"].append(row)
        print(f"{name:24s} n={n:6d} cg={row['cg']['iterations']:6d} ({row['cg']['info']}) "
              f"pcg={row['pcgJacobi']['iterations']:6d} ({row['pcgJacobi']['info']})", flush=True)
    for name in section_files(sources, "Nonsymmetric real square"):
        a = load(os.path.join(mats, name))
        n = a.shape[0]
        b = a @ np.ones(n)
        maxiter = min(10 * n, 20000)
        row = {"file": name, "n": n, "nnz": int(a.nnz), "maxiter": maxiter,
               "gmres": counted(spla.gmres, a, b, rtol=RTOL, atol=0.0, restart=30, maxiter=100,
                                callback_type="pr_norm"),
               "bicgstab": counted(spla.bicgstab, a, b, rtol=RTOL, atol=0.0, maxiter=maxiter)}
        out["nonsymmetric"].append(row)
        print(f"{name:24s} n={n:6d} gmres={row['gmres']['iterations']:6d} ({row['gmres']['info']}) "
              f"bicgstab={row['bicgstab']['iterations']:6d} ({row['bicgstab']['info']})", flush=True)
    dest = os.path.join(ROOT, "Tests", "IterativeTests", "Resources", "scipy_iterations.json")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", dest)


if __name__ == "__main__":
    main()
