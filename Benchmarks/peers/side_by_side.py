#!/usr/bin/env python3
"""Side-by-side runs of the solver comparisons for Benchmarks/run.sh (called from Benchmarks/run.d/*.sh).

Each mode runs SolverSuite (the release `solversuite-bench` / `solversuite` binaries) and its peers on
the same problems, interleaved repetition by repetition (so a change in machine load hits both),
and writes one CSV with the common columns

    workload,problem,rows,nnz,impl,median_s,min_s,reps,gbps,relres,detail

plus, for report.py, the (ours, peer, goal) pairs of the mode into OUT/comparisons.csv. Peers that
are missing (pyamg, scikit-fem, Eigen headers, ...) are skipped with a message, never an error.

    side_by_side.py MODE --out DIR --reps R [--quick] [PROBLEM...]
    MODE: cg | amg | precond | poisson | mesh | fractional | bcd | dcdm

Timing conventions (median over R repetitions, after one untimed warm-up where the tool allows it):
  cg          seconds per CG iteration (fixed iteration count, tolerance 0, no preconditioner)
  amg         setup + solve seconds of AMG-PCG to ||r|| <= 1e-8 ||b||
  precond     setup + solve seconds to ||r|| <= 1e-8 ||b|| (cap 5000 iterations)
  poisson     seconds of one FFT Poisson solve (plans built once, planning excluded)
  mesh        read + assemble + solve seconds of P1 Poisson on a tetrahedral box mesh (CHOLMOD)
  fractional  seconds per matvec with the Riesz collocation matrix (FFT Toeplitz vs dense)
  bcd         seconds to ||b - Ax|| <= 1e-6 ||b|| (block coordinate descent vs CG, same process)
  dcdm        setup + solve seconds to 1e-6: DCDM (learned directions) vs CG, IC(0)-PCG, AMG-PCG
"""
import argparse
import csv
import json
import os
import re
import shutil
import statistics
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
BENCH = os.environ.get("BENCH", os.path.join(ROOT, ".build", "release", "solversuite-bench"))
CLI = os.environ.get("CLI", os.path.join(ROOT, ".build", "release", "solversuite"))
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
HEADER = ["workload", "problem", "rows", "nnz", "impl", "median_s", "min_s", "reps", "gbps", "relres", "detail"]


def note(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd):
    return subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=True).stdout


class Table:
    """Collects samples per (problem, impl) and writes the common CSV."""

    def __init__(self, workload):
        self.workload = workload
        self.samples = {}  # (problem, impl) -> list of seconds
        self.meta = {}     # (problem, impl) -> dict(rows, nnz, relres, detail)
        self.order = []

    def add(self, problem, impl, seconds, rows, nnz, relres="", detail=""):
        key = (problem, impl)
        if key not in self.samples:
            self.samples[key] = []
            self.order.append(key)
        self.samples[key].append(seconds)
        self.meta[key] = dict(rows=rows, nnz=nnz, relres=relres, detail=detail)

    def write(self, path):
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for key in self.order:
                s, m = self.samples[key], self.meta[key]
                rr = "" if m["relres"] in ("", None) else "%.3e" % m["relres"]
                w.writerow([self.workload, key[0], m["rows"], m["nnz"], key[1], "%.6g" % statistics.median(s),
                            "%.6g" % min(s), len(s), "", rr, m["detail"]])
        note("wrote %s (%d rows)" % (path, len(self.order)))


def register(out, pairs):
    """Appends (workload, ours, peer, goal, text) pairs to OUT/comparisons.csv for report.py."""
    path = os.path.join(out, "comparisons.csv")
    new = not os.path.exists(path)
    with open(path, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["workload", "ours", "peer", "goal", "text"])
        for p in pairs:
            w.writerow([p[0], p[1], p[2], "" if p[3] is None else p[3], p[4]])


def laplacian2d(m):
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
    i = sp.identity(m)
    return sp.csr_matrix(sp.kron(i, t) + sp.kron(t, i))


def shared(name):
    p = os.path.join(DATA, "matrices", name + ".mtx")
    return p if os.path.exists(p) else None


# ---------------------------------------------------------------------------------------------- cg
def mode_cg(args):
    t = Table("cg")
    eigen = os.path.join(ROOT, ".build", "eigen_cg")
    src = os.path.join(HERE, "eigen_cg.cpp")
    have_eigen = os.path.exists("/usr/include/eigen3/Eigen/Sparse") and shutil.which("g++")
    if have_eigen and (not os.path.exists(eigen) or os.path.getmtime(eigen) < os.path.getmtime(src)):
        try:
            subprocess.run(["g++", "-O3", "-march=native", "-DNDEBUG", "-I/usr/include/eigen3", src, "-o", eigen], check=True)
        except Exception as e:  # noqa: BLE001
            note("Eigen reference did not build (%s): Eigen column skipped" % e)
            have_eigen = False
    if not have_eigen:
        note("Eigen headers (libeigen3-dev) or g++ missing: Eigen column skipped")
    problems = args.problems or (["grid:50", "grid:100", "grid:200"] if args.quick else
                                 ["grid:50", "grid:100", "grid:200", "grid:400", "grid:800"])
    if shared("bcsstk13") and not args.quick:
        problems.append(shared("bcsstk13"))
    for p in problems:
        if p.startswith("grid:"):
            a, name, iters = laplacian2d(int(p[5:])), "lap2d:" + p[5:], 100
        else:
            a, name, iters = sp.csr_matrix(scipy.io.mmread(p)), os.path.basename(p)[:-4], 500
        b = a @ np.ones(a.shape[0])
        inner = 1 if a.shape[0] >= 100000 else 3  # solves per process call (best kept), cheap ones repeated
        note("cg %s n=%d" % (name, a.shape[0]))
        for rep in range(args.reps):
            out = run([BENCH, "cg", p, str(iters), str(inner)])
            t.add(name, "swift", float(re.search(r"ms_per_iter=(\S+)", out).group(1)) / 1e3, a.shape[0], a.nnz,
                  detail="%d iterations; best of %d solves per sample" % (iters, inner))
            best = float("inf")
            for _ in range(inner):
                count = [0]

                def cb(_x):
                    count[0] += 1
                t0 = time.perf_counter()
                spla.cg(a, b, rtol=0.0, atol=0.0, maxiter=iters, callback=cb)
                best = min(best, (time.perf_counter() - t0) / max(1, count[0]))
            t.add(name, "scipy", best, a.shape[0], a.nnz, detail="scipy.sparse.linalg.cg %s" % scipy.__version__)
            if have_eigen:
                out = run([eigen, p, str(iters), str(inner)])
                t.add(name, "eigen", float(re.search(r"ms_per_iter=(\S+)", out).group(1)) / 1e3, a.shape[0], a.nnz,
                      detail="Eigen ConjugateGradient, g++ -O3 -march=native")
    t.write(os.path.join(args.out, "cg.csv"))
    register(args.out, [("cg", "swift", "scipy", 1.0, "CG iteration faster than SciPy"),
                        ("cg", "swift", "eigen", 1.10, "CG iteration within 10% of Eigen")])


# --------------------------------------------------------------------------------------------- amg
def mode_amg(args):
    try:
        import pyamg
    except ImportError:
        pyamg = None
        note("pyamg not installed: AMG peer skipped")
    problems = args.problems or (["2d:200"] if args.quick else ["2d:250", "2d:500", "3d:32"])
    t = Table("amg")
    for p in problems:
        kind, m = p.split(":")
        m = int(m)
        # ours: warm-up + reps solves of the same problem in one process
        out = run([BENCH, "amg", "--json"] + [p] * (args.reps + 1))
        ours = [json.loads(l) for l in out.splitlines() if l.startswith("{")][1:]
        for r in ours:
            t.add(p, "swift-sa-amg", r["setup_s"] + r["solve_s"], r["n"], r["nnz"], r["relres"],
                  "%d its, %d levels, op.cx %.2f; setup %.3fs solve %.3fs" % (r["iterations"], r["levels"], r["operator_complexity"], r["setup_s"], r["solve_s"]))
        if pyamg is None:
            continue
        grid = (m, m) if kind == "2d" else (m, m, m)
        a = pyamg.gallery.poisson(grid, format="csr")
        b = a @ np.ones(a.shape[0])
        for rep in range(args.reps + 1):
            t0 = time.perf_counter()
            ml = pyamg.smoothed_aggregation_solver(a)
            t1 = time.perf_counter()
            res = []
            x = ml.solve(b, x0=np.zeros_like(b), tol=1e-8, accel="cg", maxiter=500, residuals=res)
            t2 = time.perf_counter()
            if rep == 0:
                continue
            t.add(p, "pyamg", t2 - t0, a.shape[0], a.nnz, np.linalg.norm(b - a @ x) / np.linalg.norm(b),
                  "pyamg %s: %d its, %d levels, op.cx %.2f; setup %.3fs solve %.3fs" % (
                      pyamg.__version__, len(res) - 1, len(ml.levels), ml.operator_complexity(), t1 - t0, t2 - t1))
    t.write(os.path.join(args.out, "amg.csv"))
    register(args.out, [("amg", "swift-sa-amg", "pyamg", 1.0, "AMG-PCG setup+solve faster than pyamg")])


# ----------------------------------------------------------------------------------------- precond
PRECOND_LINE = re.compile(r"^(\S+) (\S+): its=(\d+) (\S+) relres=(\S+) setup=(\S+)s solve=(\S+)s")


def mode_precond(args):
    if not args.problems:
        args.reps = min(args.reps, 5)  # unpreconditioned solves of ill-conditioned matrices take seconds
    files = args.problems or [f for f in (shared(n) for n in (["nos6"] if args.quick else
                                                              ["nos6", "bcsstk13", "gr_900_900_crg", "lap3D_7pt_n20", "sherman1"])) if f]
    if not files:
        note("no shared matrices: precond skipped")
        return
    t = Table("precond")
    rtol = 1e-8
    for f in files:
        name = os.path.basename(f)[:-4]
        a = sp.csr_matrix(scipy.io.mmread(f))
        b = a @ np.ones(a.shape[0])
        spd = abs(a - a.T).max() <= 1e-12 * abs(a).max() and (a.diagonal() > 0).all()
        note("precond %s n=%d spd-candidate=%s" % (name, a.shape[0], spd))
        out = run([BENCH, "precond", "--rtol", str(rtol)] + [f] * (args.reps + 1))
        seen = {}
        for line in out.splitlines():
            m = PRECOND_LINE.match(line)
            if not m:
                continue
            method = m.group(2)
            seen[method] = seen.get(method, 0) + 1
            if seen[method] == 1:
                continue  # warm-up
            t.add(name, "swift-" + method, float(m.group(6)) + float(m.group(7)), a.shape[0], a.nnz, float(m.group(5)),
                  "%s its, %s" % (m.group(3), m.group(4)))
        nb = np.linalg.norm(b)
        dinv = sp.diags(1.0 / a.diagonal()) if (a.diagonal() != 0).all() else None
        peers = []
        if spd:
            peers.append(("scipy-CG", lambda: spla.cg(a, b, rtol=rtol, atol=0.0, maxiter=5000)))
            if dinv is not None:
                peers.append(("scipy-Jacobi-PCG", lambda: spla.cg(a, b, rtol=rtol, atol=0.0, maxiter=5000, M=dinv)))
        peers.append(("scipy-GMRES(30)", lambda: spla.gmres(a, b, rtol=rtol, atol=0.0, restart=30, maxiter=5000 // 30 + 1)))
        for impl, fn in peers:
            for rep in range(args.reps + 1):
                t0 = time.perf_counter()
                x, info = fn()
                dt = time.perf_counter() - t0
                if rep:
                    t.add(name, impl, dt, a.shape[0], a.nnz, np.linalg.norm(b - a @ x) / nb,
                          "info=%d (%s)" % (info, "converged" if info == 0 else "not converged"))
    t.write(os.path.join(args.out, "precond.csv"))
    register(args.out, [("precond", "swift-CG", "scipy-CG", 1.0, "faster than SciPy cg"),
                        ("precond", "swift-Jacobi-PCG", "scipy-Jacobi-PCG", 1.0, "faster than SciPy cg + Jacobi"),
                        ("precond", "swift-GMRES(30)", "scipy-GMRES(30)", 1.0, "faster than SciPy gmres(30)"),
                        ("precond", "swift-IC0-PCG", "scipy-CG", None, "(reference: IC(0)-PCG vs SciPy plain cg)"),
                        ("precond", "swift-AMG-PCG", "scipy-CG", None, "(reference: AMG-PCG vs SciPy plain cg)"),
                        ("precond", "swift-ILU0-GMRES(30)", "scipy-GMRES(30)", None, "(reference: ILU(0)-GMRES vs SciPy gmres)")])


# ----------------------------------------------------------------------------------------- poisson
def mode_poisson(args):
    problems = args.problems or (["2d:63", "2d:127", "2d:255"] if args.quick else
                                 ["2d:63", "2d:127", "2d:255", "2d:511", "2d:1023", "3d:31", "3d:63"])
    t = Table("fft-poisson")
    for p in problems:
        note("poisson %s" % p)
        out = run([BENCH, "poisson", "--json", "--reps", str(args.reps), p])
        for line in out.splitlines():
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            n = r["unknowns"]
            d = "err*(N+1)^2 = %.4f; |u_swift - u_c| = %.1e" % (r["error_constant"], r["max_abs_difference"])
            for impl, key in (("swift-fft", "swift_fft"), ("c-fftw", "c_fft")):
                t.samples[(p, impl)] = _fake_samples(r[key + "_median_seconds"], r[key + "_seconds"], r["reps"])
                t.order.append((p, impl))
                t.meta[(p, impl)] = dict(rows=n, nnz="", relres="", detail=d)
    # FFT vs sparse solvers on the assembled matrix (one sample each: CHOLMOD and AMG are slow)
    algo = ["2d:255"] if args.quick else ["2d:255", "2d:511", "3d:31"]
    for p in algo:
        out = run([BENCH, "poisson", "--json", "--solvers", "--reps", "3", p])
        for line in out.splitlines():
            if line.startswith("{"):
                r = json.loads(line)
                n = r["unknowns"]
                t.add(p, "swift-fft (vs solvers)", r["swift_fft_median_seconds"], n, n, detail="median of 3")
                if "cholmod_seconds" in r:
                    t.add(p, "swift-cholmod", r["cholmod_seconds"], n, n, detail="CHOLMOD analyse+factor+solve, one run")
                if "amg_pcg_setup_seconds" in r:
                    t.add(p, "swift-amg-pcg", r["amg_pcg_setup_seconds"] + r["amg_pcg_solve_seconds"], n, n,
                          detail="AMG-PCG to 1e-8, %d its, one run" % r["amg_pcg_iterations"])
    t.write(os.path.join(args.out, "fft_poisson.csv"))
    register(args.out, [("fft-poisson", "swift-fft", "c-fftw", 1.10, "within 10% of the C+FFTW reference"),
                        ("fft-poisson", "swift-fft (vs solvers)", "swift-cholmod", None, "(algorithm: FFT vs CHOLMOD on the same grid)"),
                        ("fft-poisson", "swift-fft (vs solvers)", "swift-amg-pcg", None, "(algorithm: FFT vs AMG-PCG on the same grid)")])


def _fake_samples(med, mn, reps):
    """A sample list with the given median and minimum (the bench reports those two statistics)."""
    reps = max(int(reps), 1)
    s = [med] * reps
    s[0] = mn
    return s


# -------------------------------------------------------------------------------------------- mesh
def write_cube_msh(path, m):
    """Unit cube, m^3 cells split into 6 tetrahedra each, gmsh 2.2 ASCII, no physical tags."""
    idx = lambda i, j, k: 1 + i + (m + 1) * (j + (m + 1) * k)
    with open(path, "w") as f:
        f.write("$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n%d\n" % ((m + 1) ** 3))
        for k in range(m + 1):
            for j in range(m + 1):
                for i in range(m + 1):
                    f.write("%d %.17g %.17g %.17g\n" % (idx(i, j, k), i / m, j / m, k / m))
        f.write("$EndNodes\n$Elements\n%d\n" % (6 * m ** 3))
        e = 1
        for k in range(m):
            for j in range(m):
                for i in range(m):
                    v = [idx(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1)) for c in range(8)]
                    for a, b in ((1, 3), (3, 2), (2, 6), (6, 4), (4, 5), (5, 1)):  # Kuhn split around diagonal 0-7
                        f.write("%d 4 2 1 1 %d %d %d %d\n" % (e, v[0], v[a], v[b], v[7]))
                        e += 1
        f.write("$EndElements\n")


def mode_mesh(args):
    try:
        import skfem  # noqa: F401
    except ImportError:
        note("scikit-fem not installed: mesh Poisson peer skipped")
        return
    if not os.path.exists(CLI):
        note("%s missing: mesh Poisson skipped" % CLI)
        return
    sizes = [int(x) for x in args.problems] if args.problems else ([6, 10] if args.quick else [8, 16, 24])
    args.reps = min(args.reps, 2 if args.quick else 3)  # scikit-fem assembly takes seconds at 24^3: 3 repetitions are enough
    tmp = os.path.join(args.out, "tmp_mesh")
    os.makedirs(tmp, exist_ok=True)
    t = Table("mesh-poisson")
    for m in sizes:
        path = os.path.join(tmp, "cube_%d.msh" % m)
        write_cube_msh(path, m)
        name = "cube:%d" % m
        note("mesh %s" % name)
        for rep in range(args.reps + 1):
            try:
                r = json.loads(run([CLI, "poisson", "--mesh", path, "--solver", "cholesky", "--manufactured", "--json"]))
            except subprocess.CalledProcessError as e:
                note("solversuite poisson --mesh failed: %s" % (e.stderr or e.stdout)[:300])
                break
            q = json.loads(run([sys.executable, os.path.join(HERE, "poisson_skfem.py"), path]).strip().splitlines()[-1])
            if rep == 0:
                continue
            n = q["unknowns"]
            ours_total = r.get("read_seconds", 0) + r["assemble_seconds"] + r.get("setup_seconds", 0) + r["solve_seconds"]
            t.add(name, "swift", ours_total, n, "", r.get("max_error", ""),
                  "read %.3f asm %.3f solve %.3f" % (r.get("read_seconds", 0), r["assemble_seconds"], r.get("setup_seconds", 0) + r["solve_seconds"]))
            t.add(name + " assembly", "swift", r["assemble_seconds"], n, "", "", "P1 stiffness + load, Dirichlet condensation")
            t.add(name + " assembly", "skfem", q["assemble_seconds"], n, "", "", "skfem basis + laplace + mass + condense")
            if q.get("cholmod_seconds") is not None:
                t.add(name, "skfem+cholmod", q["read_seconds"] + q["assemble_seconds"] + q["cholmod_seconds"], n, "",
                      q["max_error"], "read %.3f asm %.3f solve %.3f (scikit-sparse)" % (q["read_seconds"], q["assemble_seconds"], q["cholmod_seconds"]))
            t.add(name, "skfem+spsolve", q["read_seconds"] + q["assemble_seconds"] + q["spsolve_seconds"], n, "",
                  q["max_error"], "read %.3f asm %.3f solve %.3f (SuperLU)" % (q["read_seconds"], q["assemble_seconds"], q["spsolve_seconds"]))
    shutil.rmtree(tmp, ignore_errors=True)
    t.write(os.path.join(args.out, "mesh_poisson.csv"))
    register(args.out, [("mesh-poisson", "swift", "skfem+cholmod", 1.0, "read+assemble+solve faster than scikit-fem + CHOLMOD"),
                        ("mesh-poisson", "swift", "skfem+spsolve", None, "(reference: scikit-fem + SuperLU)"),
                        ("mesh-poisson", "swift", "skfem", 1.0, "assembly faster than scikit-fem")])


# -------------------------------------------------------------------------------------- fractional
def mode_fractional(args):
    if not os.path.exists(CLI):
        note("%s missing: fractional skipped" % CLI)
        return
    nmax = int(args.problems[0]) if args.problems else (1024 if args.quick else 16384)
    t = Table("fractional-matvec")
    for rep in range(args.reps):
        out = run([CLI, "fractional", "--matvec-scaling", "--json", "--n", str(nmax)])
        for line in out.splitlines():
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            name = "n:%d" % r["n"]
            t.add(name, "swift-fft", r["fft_seconds_per_apply"], r["size"], "", "", "ToeplitzFFTOperator.apply (mean over a batch)")
            if r.get("dense_seconds_per_apply") is not None:
                t.add(name, "swift-dense", r["dense_seconds_per_apply"], r["size"], r["size"] ** 2, r.get("relative_difference", ""),
                      "dense row-major product, same matrix (relres column: relative difference)")
    t.write(os.path.join(args.out, "fractional_matvec.csv"))
    register(args.out, [("fractional-matvec", "swift-fft", "swift-dense", None, "(algorithm: O(N log N) FFT Toeplitz vs O(N^2) dense)")])


# --------------------------------------------------------------------------------------------- bcd
def mode_bcd(args):
    if not os.path.exists(CLI):
        note("%s missing: bcd skipped" % CLI)
        return
    mats = [m for m in (["lap2D_5pt_n100"] if args.quick else ["lap2D_5pt_n100", "lap3D_7pt_n20", "nos6"]) if shared(m)]
    t = Table("bcd")
    for m in mats:
        f = shared(m)
        for part, upd in (("forests", "tree"), ("redblack", "tree")):
            try:
                out = run([CLI, "bcd", "--problem", "spd", "--matrix", f, "--partition", part, "--select", "cyclic", "--update", upd,
                           "--block-size", "32", "--iterations", "0", "--skip-optimum", "--compare-cg", "--rtol", "1e-6",
                           "--repeats", str(args.reps), "--json"])
            except subprocess.CalledProcessError as e:
                note("bcd %s %s failed: %s" % (m, part, (e.stderr or "")[:200]))
                continue
            c = json.loads(out)["cg_comparison"]
            a_rows = ""
            impl = "swift-bcd-%s-%s" % (part, upd)
            t.add(m, impl, c["bcd_seconds"], a_rows, "", "", "%s its, %s (min of %d)" % (c["bcd_iterations"], c["bcd_status"], args.reps))
            t.add(m, "swift-cg", c["cg_seconds"], a_rows, "", "", "%s its (min of %d)" % (c["cg_iterations"], args.reps))
    t.write(os.path.join(args.out, "bcd.csv"))
    register(args.out, [("bcd", "swift-bcd-forests-tree", "swift-cg", None, "(algorithm: BCD forest blocks vs CG, time to 1e-6)"),
                        ("bcd", "swift-bcd-redblack-tree", "swift-cg", None, "(algorithm: BCD red-black vs CG, time to 1e-6)")])


# -------------------------------------------------------------------------------------------- dcdm
def mode_dcdm(args):
    """DCDM (trained CNN directions) vs CG / IC(0)-PCG / AMG-PCG on masked grids not seen in training."""
    model = os.path.join(ROOT, "Benchmarks", "models", "dcdm2d_mask_g64.bin")
    if not os.path.exists(model):
        note("%s missing: dcdm skipped" % model)
        return
    cases = [("lshape", 64)] if args.quick else [("lshape", 64), ("disc", 128), ("lshape", 128)]
    t = Table("dcdm")
    for shape, grid in cases:
        name = "%s:%d" % (shape, grid)
        note("dcdm %s" % name)
        for rep in range(args.reps):
            try:
                r = json.loads(run([CLI, "dcdm", "--model", model, "--grid", str(grid), "--shape", shape,
                                    "--rtol", "1e-6", "--rhs", "ones", "--json"]))
            except (subprocess.CalledProcessError, ValueError) as e:
                note("solversuite dcdm failed (%s): dcdm skipped" % str(e)[:200])
                return
            for row in r["results"]:
                t.add(name, "swift-" + row["method"], row["setup_seconds"] + row["solve_seconds"], r["unknowns"], "",
                      row["relative_residual"], "%d its, %s, to 1e-6" % (row["iterations"], row["status"]))
    t.write(os.path.join(args.out, "dcdm.csv"))
    register(args.out, [("dcdm", "swift-dcdm", "swift-cg", None, "(algorithm: DCDM vs CG, setup+solve to 1e-6)"),
                        ("dcdm", "swift-dcdm", "swift-ic0", None, "(algorithm: DCDM vs IC(0)-PCG)"),
                        ("dcdm", "swift-dcdm", "swift-amg", None, "(algorithm: DCDM vs AMG-PCG)")])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["cg", "amg", "precond", "poisson", "mesh", "fractional", "bcd", "dcdm"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("problems", nargs="*")
    args = ap.parse_args()
    os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    if not os.path.exists(BENCH):
        sys.exit("build first: swift build -c release --product solversuite-bench")
    globals()["mode_" + args.mode](args)


if __name__ == "__main__":
    main()
