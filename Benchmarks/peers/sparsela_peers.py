#!/usr/bin/env python3
"""Python peers of the SparseLA benchmarks (same problems, same CSV schema as solversuite-bench).

Usage: python3 Benchmarks/peers/sparsela_peers.py MODE [--reps N] [--csv FILE] [--method M] PROBLEM...
  MODE spmv:   SciPy `A @ x` (csr_matrix, int32 indices as SciPy picks them).
  MODE read:   scipy.io.mmread (COO, as returned), scipy.io.mmread(...).tocsr(), and
               fast_matrix_market.mmread (tuple form, if installed) on each file.
  MODE direct: --method cholesky: scikit-sparse cholmod.cholesky(A_csc, mode="supernodal") then
               factor(b) (same CHOLMOD library as ours);
               --method lu: scipy.sparse.linalg.splu(A_csc) then lu.solve(b) (SuperLU, a DIFFERENT
               library from UMFPACK; default COLAMD ordering).
PROBLEM is a .mtx path or lap2d:M / lap3d:M (same matrices as CSRMatrix.laplacian2D/3D).
Timing: time.perf_counter around each call; one warm-up; median of --reps. Times exclude building
A (the CSC/CSR copy) - the Swift side's end-to-end time likewise starts from an in-memory CSRMatrix.
"""
import csv
import os
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse as sp

HEADER = ["workload", "problem", "rows", "nnz", "impl", "median_s", "min_s", "reps", "gbps", "relres", "detail"]


def parse_args(argv):
    opts = {"reps": 5, "csv": None, "method": "cholesky", "problems": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--"):
            key = a[2:]
            val = argv[i + 1] if i + 1 < len(argv) else ""
            opts[key] = int(val) if key == "reps" else val
            i += 2
        else:
            opts["problems"].append(a)
            i += 1
    return opts


def laplacian(dim, m):
    t = sp.diags([-np.ones(m - 1), 2 * np.ones(m), -np.ones(m - 1)], [-1, 0, 1], format="csr")
    eye = sp.identity(m, format="csr")
    if dim == 2:
        a = sp.kron(eye, t) + sp.kron(t, eye)
    else:
        a = sp.kron(sp.kron(eye, eye), t) + sp.kron(sp.kron(eye, t), eye) + sp.kron(sp.kron(t, eye), eye)
    a = sp.csr_matrix(a)
    a.sum_duplicates()
    a.sort_indices()
    return a


def load(spec):
    parts = spec.split(":")
    if len(parts) == 2 and parts[0] in ("lap2d", "lap3d") and parts[1].isdigit():
        return spec, laplacian(2 if parts[0] == "lap2d" else 3, int(parts[1]))
    a = sp.csr_matrix(scipy.io.mmread(spec), dtype=np.float64)
    a.sum_duplicates()
    a.sort_indices()
    name = os.path.basename(spec)
    return (name[:-4] if name.endswith(".mtx") else name), a


def timed(fn, reps, warmup=1):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def interleaved(fns, reps):
    """One warm-up each, then `reps` rounds running every fn once, order rotated each round."""
    for fn in fns:
        fn()
    out = [[] for _ in fns]
    for rep in range(reps):
        for j in range(len(fns)):
            k = (j + rep) % len(fns)
            t0 = time.perf_counter()
            fns[k]()
            out[k].append(time.perf_counter() - t0)
    return out


def row(writer, workload, name, a, impl, samples, gbps=0.0, relres=0.0, detail=""):
    writer.append([workload, name, a.shape[0], a.nnz, impl, "%.6g" % np.median(samples), "%.6g" % min(samples),
                   len(samples), "%.6g" % gbps, "%.6g" % relres, detail])
    print("%s %s %s: %.3e s" % (workload, name, impl, np.median(samples)), file=sys.stderr)


def bench_spmv(opts, out):
    for spec in opts["problems"]:
        name, a = load(spec)
        x = 1.0 + (np.arange(a.shape[1]) % 7) * 0.125
        nbytes = 12 * a.nnz + 8 * (a.shape[0] + 1) + 8 * a.shape[1] + 8 * a.shape[0]
        probe = np.median(timed(lambda: a @ x, 3))
        batch = max(1, int(0.02 / max(probe, 1e-9)))

        def run():
            for _ in range(batch):
                a @ x
        samples = [s / batch for s in timed(run, opts["reps"])]
        t = float(np.median(samples))
        row(out, "spmv", name, a, "scipy", samples, gbps=nbytes / t / 1e9,
            detail="batch=%d index_dtype=%s" % (batch, a.indices.dtype))


def bench_read(opts, out):
    try:
        import fast_matrix_market as fmm
    except ImportError:
        fmm = None
    for path in opts["problems"]:
        name = os.path.basename(path)[:-4]
        size = os.path.getsize(path)
        a = sp.csr_matrix(scipy.io.mmread(path))
        impls = [("scipy-mmread", lambda: scipy.io.mmread(path), "returns COO"),
                 ("scipy-mmread+tocsr", lambda: sp.csr_matrix(scipy.io.mmread(path)), "CSR like ours")]
        if fmm is not None:
            impls.append(("fmm-mmread", lambda: fmm.mmread(path),
                          "fast_matrix_market %s, returns COO" % getattr(fmm, "__version__", "?")))
        samples = interleaved([f for _, f, _ in impls], opts["reps"])
        for (impl, _, detail), s in zip(impls, samples):
            row(out, "read", name, a, impl, s, gbps=size / np.median(s) / 1e9, detail=detail)


def bench_direct(opts, out):
    method = opts["method"]
    if method == "cholesky":
        try:
            from sksparse.cholmod import cholesky
        except ImportError:
            print("scikit-sparse not installed: skipping cholesky peer", file=sys.stderr)
            return
    else:
        from scipy.sparse.linalg import splu
    for spec in opts["problems"]:
        name, a = load(spec)
        b = a @ np.ones(a.shape[1])
        c = sp.csc_matrix(a)
        result = {}
        if method == "cholesky":
            def run():
                f = cholesky(c, mode="supernodal")
                result["x"] = f(b)
            impl, detail = "sksparse-cholmod", "scikit-sparse cholesky(mode=supernodal), same CHOLMOD"
        else:
            def run():
                lu = splu(c)
                result["x"] = lu.solve(b)
            impl, detail = "scipy-splu", "SuperLU (different library), COLAMD"
        try:
            s = timed(run, opts["reps"])
        except Exception as e:  # noqa: BLE001 - report and go on
            print("direct %s %s: %s failed: %s" % (method, name, impl, e), file=sys.stderr)
            continue
        x = result["x"]
        relres = np.linalg.norm(b - a @ x) / np.linalg.norm(b)
        row(out, method, name, a, impl, s, relres=relres, detail=detail)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    mode = sys.argv[1]
    opts = parse_args(sys.argv[2:])
    out = []
    {"spmv": bench_spmv, "read": bench_read, "direct": bench_direct}[mode](opts, out)
    if opts["csv"]:
        with open(opts["csv"], "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            w.writerows(out)
    else:
        w = csv.writer(sys.stdout)
        w.writerow(HEADER)
        w.writerows(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
