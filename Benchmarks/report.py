#!/usr/bin/env python3
"""Combine the benchmark CSVs of one run into results.md (ratio tables) and SVG plots.

Usage: python3 Benchmarks/report.py OUTDIR [--docs docs/benchmarks.md]
Reads OUTDIR/*.csv (schema: workload,problem,rows,nnz,impl,median_s,min_s,reps,gbps,relres,detail)
and OUTDIR/machine.md; writes OUTDIR/results.md, OUTDIR/ratios.csv and OUTDIR/*.svg.
Every ratio is time(ours) / time(peer) on the median times: < 1 means ours is faster.
Plots are plain SVG written by hand (matplotlib is not needed).
"""
import csv
import glob
import math
import os
import sys
from collections import OrderedDict

# (workload, ours, peer, goal ratio or None, goal text)
COMPARISONS = [
    ("spmv", "swift-1t", "c-O3", 1.10, "within 10% of the C -O3 loop"),
    ("spmv", "swift-1t", "scipy", 1.0, "faster than SciPy"),
    ("spmv", "swift-2t", "scipy", 1.0, "faster than SciPy"),
    ("read", "swift", "scipy-mmread", 1.0, "faster than scipy.io.mmread"),
    ("read", "swift", "scipy-mmread+tocsr", 1.0, "faster than scipy.io.mmread + tocsr"),
    ("read", "swift", "fmm-mmread", None, "(reference: fast_matrix_market)"),
    ("cholesky", "swift", "c-cholmod", 1.10, "overhead over CHOLMOD itself < 10%"),
    ("cholesky", "swift", "sksparse-cholmod", None, "(reference: scikit-sparse, same CHOLMOD)"),
    ("lu", "swift", "c-umfpack", 1.10, "overhead over UMFPACK itself < 10%"),
    ("lu", "swift", "scipy-splu", None, "(reference: SuperLU, a different library)"),
]

# Cost-growth plots: (workload, problem family (name before ':'), x column, x label).
GROWTH = [
    ("spmv", "lap2d", "nnz", "nonzeros (2D Laplacian)"),
    ("cg", "lap2d", "nnz", "nonzeros (2D Laplacian), time per iteration"),
    ("cholesky", "lap2d", "rows", "unknowns (2D Laplacian)"),
    ("fft-poisson", "2d", "rows", "unknowns (2D grid)"),
    ("fractional-matvec", "n", "rows", "unknowns N (Riesz collocation)"),
]


def load_comparisons(outdir):
    """COMPARISONS plus the pairs that run.d hooks registered in OUTDIR/comparisons.csv (the hook for new
    benchmarks: a hook writes its CSV and appends workload,ours,peer,goal,text lines; no edit here needed)."""
    out = list(COMPARISONS)
    path = os.path.join(outdir, "comparisons.csv")
    if os.path.exists(path):
        with open(path) as f:
            for r in csv.DictReader(f):
                item = (r["workload"], r["ours"], r["peer"], float(r["goal"]) if r["goal"] else None, r["text"])
                if item not in out:
                    out.append(item)
    return out


COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


KNOWN_WORKLOADS = ["spmv", "read", "cholesky", "lu", "cg", "amg", "precond", "fft-poisson", "mesh-poisson", "fractional-matvec", "bcd", "dcdm"]


def load(outdir):
    rows = []
    for path in sorted(glob.glob(os.path.join(outdir, "*.csv"))):
        if os.path.basename(path) in ("ratios.csv", "comparisons.csv", "summary.csv"):
            continue
        with open(path) as f:
            for r in csv.DictReader(f):
                r["median_s"] = float(r["median_s"])
                r["gbps"] = float(r["gbps"] or 0)
                r["relres"] = float(r["relres"] or 0)
                rows.append(r)
    return rows


def index(rows):
    """data[workload][problem][impl] = row, problems in first-seen order."""
    data = OrderedDict()
    for r in rows:
        data.setdefault(r["workload"], OrderedDict()).setdefault(r["problem"], {})[r["impl"]] = r
    return data


def fmt_t(t):
    return "%.3g ms" % (t * 1e3) if t < 1 else "%.3g s" % t


def ratio_rows(data, comparisons):
    out = []
    for workload, ours, peer, goal, text in comparisons:
        for problem, impls in data.get(workload, {}).items():
            if ours in impls and peer in impls and impls[peer]["median_s"] > 0:
                r = impls[ours]["median_s"] / impls[peer]["median_s"]
                rmin = float(impls[ours]["min_s"]) / max(float(impls[peer]["min_s"]), 1e-300)
                ok = "" if goal is None else ("yes" if r <= goal else "NO")
                out.append(dict(workload=workload, problem=problem, rows=impls[ours]["rows"], nnz=impls[ours]["nnz"],
                                ours=ours, peer=peer, ours_s=impls[ours]["median_s"], peer_s=impls[peer]["median_s"],
                                ratio=r, ratio_min=rmin, winner="ours" if r < 1 else peer, goal=text, met=ok, goal_value=goal))
    return out


def svg_ratio_chart(path, title, items, goal=None):
    """Horizontal bars of ratio (log axis), one per (label, ratio); line at 1 (and at goal)."""
    if not items:
        return
    bar, gap, top = 16, 6, 44
    left = max(200, int(6.6 * max(len(label) for label, _ in items)) + 16)
    w = left + 480
    h = top + len(items) * (bar + gap) + 46
    lo = min(min(r for _, r in items), 0.5)
    hi = max(max(r for _, r in items), 2.0)
    l0, l1 = math.log2(lo), math.log2(hi)
    span = w - left - 50

    def xpos(v):
        return left + (math.log2(v) - l0) / (l1 - l0) * span

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (w, h),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="20" font-size="14" font-weight="bold">%s</text>' % (10, title),
         '<text x="%d" y="36" fill="#555">time(ours)/time(peer), log scale: left of 1 = ours faster; green = goal met (or ours faster)</text>' % 10]
    ybot = top + len(items) * (bar + gap)
    # ticks: powers of 2 for narrow ranges, powers of 10 for wide ones
    if l1 - l0 <= 8:
        ticks = [2.0 ** k for k in range(int(math.floor(l0)), int(math.ceil(l1)) + 1)]
    else:
        ticks = [10.0 ** k for k in range(int(math.floor(math.log10(lo))), int(math.ceil(math.log10(hi))) + 1)]
    for v in ticks:
        if lo <= v <= hi:
            s.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s"/>' % (xpos(v), xpos(v), top - 4, ybot, "#000" if v == 1 else "#ddd"))
            s.append('<text x="%.1f" y="%d" text-anchor="middle">%g</text>' % (xpos(v), ybot + 14, v))
    if 1 not in ticks:
        s.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#000"/>' % (xpos(1), xpos(1), top - 4, ybot))
    for i, (label, r) in enumerate(items):
        y = top + i * (bar + gap)
        x1 = xpos(1.0)
        xr = xpos(r)
        color = "#2ca02c" if r <= (goal or 1.0) else "#d62728"
        s.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 6, y + bar - 4, label))
        s.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>' % (min(x1, xr), y, max(abs(xr - x1), 1), bar, color))
        s.append('<text x="%.1f" y="%d">%.3g</text>' % (max(x1, xr) + 3, y + bar - 4, r))
    if goal and goal != 1.0:
        s.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#d62728" stroke-dasharray="4,3"/>' % (xpos(goal), xpos(goal), top - 4, ybot))
        s.append('<text x="%.1f" y="%d" fill="#d62728">goal %.2f</text>' % (xpos(goal) + 3, ybot + 30, goal))
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def svg_grouped_bars(path, title, unit, problems, series):
    """Vertical grouped bars: series = [(name, [value per problem])]."""
    if not problems or not series:
        return
    w, h, left, bottom, top = 820, 380, 60, 110, 50
    vmax = max(v for _, vals in series for v in vals if v == v) or 1.0
    groupw = (w - left - 20) / len(problems)
    barw = groupw * 0.8 / len(series)
    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (w, h),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="20" font-size="14" font-weight="bold">%s</text>' % title]
    ph = h - top - bottom
    for k in range(6):
        v = vmax * k / 5
        y = top + ph - ph * k / 5
        s.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, w - 20, y, y))
        s.append('<text x="%d" y="%.1f" text-anchor="end">%.3g</text>' % (left - 4, y + 4, v))
    s.append('<text x="12" y="%d" transform="rotate(-90 12 %d)">%s</text>' % (top + ph // 2, top + ph // 2, unit))
    for j, (name, vals) in enumerate(series):
        color = COLORS[j % len(COLORS)]
        s.append('<rect x="%d" y="30" width="10" height="10" fill="%s"/><text x="%d" y="39">%s</text>' % (left + j * 140, color, left + j * 140 + 14, name))
        for i, v in enumerate(vals):
            if v != v:
                continue
            bh = ph * v / vmax
            x = left + i * groupw + groupw * 0.1 + j * barw
            s.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' % (x, top + ph - bh, barw, bh, color))
    for i, p in enumerate(problems):
        x = left + i * groupw + groupw / 2
        s.append('<text x="%.1f" y="%d" text-anchor="end" transform="rotate(-35 %.1f %d)">%s</text>' % (x, top + ph + 14, x, top + ph + 14, p))
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def svg_growth(path, title, xlabel, series):
    """Log-log lines: series = [(name, [(x, seconds)])]; dashed reference of slope 1 (time ~ n)."""
    series = [(n, sorted(p)) for n, p in series if len(p) >= 2]
    if not series:
        return False
    w, h, left, right, top, bottom = 760, 440, 80, 170, 40, 60
    xs = [x for _, p in series for x, _ in p]
    ys = [y for _, p in series for _, y in p]
    lx0, lx1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    ly0, ly1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if lx1 == lx0:
        lx1 += 1
    if ly1 == ly0:
        ly1 += 1
    pw, ph = w - left - right, h - top - bottom

    def X(x):
        return left + (math.log10(x) - lx0) / (lx1 - lx0) * pw

    def Y(y):
        return top + ph - (math.log10(y) - ly0) / (ly1 - ly0) * ph

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (w, h),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="22" font-size="15" font-weight="bold">%s</text>' % title]
    for e in range(lx0, lx1 + 1):
        s.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#ddd"/>' % (X(10 ** e), X(10 ** e), top, top + ph))
        s.append('<text x="%.1f" y="%d" text-anchor="middle">1e%d</text>' % (X(10 ** e), top + ph + 16, e))
    for e in range(ly0, ly1 + 1):
        s.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, left + pw, Y(10 ** e), Y(10 ** e)))
        s.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 6, Y(10 ** e) + 4, fmt_t(10 ** e)))
    s.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#000"/>' % (left, top, pw, ph))
    s.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (left + pw / 2, h - 18, xlabel))
    s.append('<text x="16" y="%.1f" transform="rotate(-90 16 %.1f)" text-anchor="middle">median time (log)</text>' % (top + ph / 2, top + ph / 2))
    # slope-1 reference through the first point of the first series
    x0, y0 = series[0][1][0]
    x1 = max(xs)
    y1 = y0 * x1 / x0
    if y1 > 10 ** ly1:
        x1, y1 = x0 * 10 ** ly1 / y0, 10 ** ly1
    s.append('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#888" stroke-dasharray="5,4"/>' % (X(x0), X(x1), Y(y0), Y(y1)))
    for j, (name, pts) in enumerate(series):
        color = COLORS[j % len(COLORS)]
        s.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (color, " ".join("%.1f,%.1f" % (X(x), Y(y)) for x, y in pts)))
        for x, y in pts:
            s.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>' % (X(x), Y(y), color))
        ly = top + 10 + j * 20
        s.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="3"/>' % (left + pw + 12, left + pw + 36, ly, ly, color))
        s.append('<text x="%d" y="%d">%s</text>' % (left + pw + 42, ly + 4, name))
    ly = top + 10 + len(series) * 20
    s.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#888" stroke-dasharray="5,4"/>' % (left + pw + 12, left + pw + 36, ly, ly))
    s.append('<text x="%d" y="%d">time ~ n (slope 1)</text>' % (left + pw + 42, ly + 4))
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")
    return True


def summary_rows(ratios, comparisons):
    """One row per (workload, ours, peer): problems, median / min / max ratio, wins, goal met."""
    out = []
    for workload, ours, peer, goal, text in comparisons:
        rs = [r for r in ratios if (r["workload"], r["ours"], r["peer"]) == (workload, ours, peer)]
        if not rs:
            continue
        vals = sorted(r["ratio"] for r in rs)
        med = vals[len(vals) // 2] if len(vals) % 2 else 0.5 * (vals[len(vals) // 2 - 1] + vals[len(vals) // 2])
        wins = sum(1 for v in vals if v < 1)
        met = "" if goal is None else ("yes" if all(v <= goal for v in vals) else
                                       ("NO" if not any(v <= goal for v in vals) else "partly (%d/%d)" % (sum(v <= goal for v in vals), len(vals))))
        out.append(dict(workload=workload, ours=ours, peer=peer, n=len(vals), median=med, lo=vals[0], hi=vals[-1],
                        winner="ours" if med < 1 else peer, wins=wins, goal=text, met=met))
    return out


def write_docs_page(path, outdir, summary, ratios, plots):
    """docs/benchmarks.md: reproduce command, machine, the summary table, the plots, link to the rest."""
    rel = os.path.relpath(outdir, os.path.dirname(os.path.abspath(path)))
    md = ["# Benchmarks", "",
          "SolverSuite measured against its peers, side by side on the same inputs in the same run. "
          "Every number is a **ratio of median times, ours / peer**: below 1 SolverSuite is faster.", "",
          "Reproduce (installs missing peers: SciPy, scikit-sparse, pyamg, scikit-fem, fast_matrix_market "
          "via pip; Eigen and the native libraries via apt):", "",
          "```sh", "make bench                      # = Benchmarks/run.sh  (full, ~15 min on 2 cores)",
          "make bench-quick                # = Benchmarks/run.sh --quick  (CI-sized, ~2 min)",
          "Benchmarks/run.sh --out Benchmarks/results/latest   # what produced this page",
          "python3 Benchmarks/report.py Benchmarks/results/latest --docs docs/benchmarks.md", "```", "",
          "Methodology, workloads and peers: [Benchmarks/README.md](../Benchmarks/README.md); "
          "adding a workload: [Benchmarks/run.d/README.md](../Benchmarks/run.d/README.md). "
          "Full per-problem tables (times, GB/s, residuals, every ratio): "
          "[results.md](%s/results.md), raw CSVs in the same folder." % rel, ""]
    machine = os.path.join(outdir, "machine.md")
    if os.path.exists(machine):
        md += [open(machine).read().strip().replace("## Machine", "## Machine of this run"), ""]
    md += ["**Caveat**: the machine is a 2-core VM shared with other jobs (see the load averages above); "
           "absolute times are inflated and noisy, in-process ratios (Swift vs C, Swift vs Swift) are the "
           "most reliable, ratios against Python peers (separate processes, run right after) less so. "
           "Treat ratios within about ±10% as ties.", "",
           "## Summary: every workload, every peer", "",
           "Median over problems of the per-problem median ratio (range in brackets); 'ours wins' counts the "
           "problems where SolverSuite is faster. Goals in parentheses are references or algorithm "
           "comparisons, not targets.", "",
           "| workload | ours | peer | problems | median ratio | [min, max] | winner | ours wins | goal | met |",
           "|---|---|---|---:|---:|---|---|---:|---|---|"]
    for r in summary:
        md.append("| %s | %s | %s | %d | **%.3f** | [%.3f, %.3f] | %s | %d/%d | %s | %s |" % (
            r["workload"], r["ours"], r["peer"], r["n"], r["median"], r["lo"], r["hi"], r["winner"], r["wins"], r["n"], r["goal"], r["met"]))
    md.append("")
    missed = [r for r in ratios if r["met"] == "NO"]
    md += ["## Goals not met (per problem)", ""]
    md += ["- %s %s: %s/%s = %.3f (goal: %s)" % (r["workload"], r["problem"], r["ours"], r["peer"], r["ratio"], r["goal"]) for r in missed] or ["- none"]
    md.append("")
    notes = os.path.join(outdir, "notes.md")
    if os.path.exists(notes):
        md += [open(notes).read().strip(), ""]
    md += ["## Plots", ""]
    for title, name in plots:
        md += ["### " + title, "", "![%s](%s/%s)" % (title, rel, name), ""]
    with open(path, "w") as f:
        f.write("\n".join(md))
    print("wrote %s" % path)


def main():
    outdir = sys.argv[1]
    docs = sys.argv[sys.argv.index("--docs") + 1] if "--docs" in sys.argv else None
    rows = load(outdir)
    data = index(rows)
    comparisons = load_comparisons(outdir)
    ratios = ratio_rows(data, comparisons)
    summary = summary_rows(ratios, comparisons)
    with open(os.path.join(outdir, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["workload", "ours", "peer", "problems", "median_ratio", "min_ratio", "max_ratio", "winner", "ours_wins", "goal", "goal_met"])
        for r in summary:
            w.writerow([r["workload"], r["ours"], r["peer"], r["n"], "%.4f" % r["median"], "%.4f" % r["lo"], "%.4f" % r["hi"],
                        r["winner"], r["wins"], r["goal"], r["met"]])
    with open(os.path.join(outdir, "ratios.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["workload", "problem", "rows", "nnz", "ours", "peer", "ours_median_s", "peer_median_s", "ratio", "ratio_of_minimums", "winner", "goal", "goal_met"])
        for r in ratios:
            w.writerow([r["workload"], r["problem"], r["rows"], r["nnz"], r["ours"], r["peer"], "%.6g" % r["ours_s"],
                        "%.6g" % r["peer_s"], "%.4f" % r["ratio"], "%.4f" % r["ratio_min"], r["winner"], r["goal"], r["met"]])

    md = ["# SolverSuite benchmark results", ""]
    machine = os.path.join(outdir, "machine.md")
    if os.path.exists(machine):
        md += [open(machine).read().strip(), ""]
    md += ["Ratios are time(ours) / time(peer) of the medians: **< 1 means SolverSuite is faster**. "
           "The ratio of minimums (fastest repetition of each) is shown too: on a loaded machine it is the "
           "less noisy estimate of intrinsic speed. Goals are judged on the median ratio. "
           "See Benchmarks/README.md for what each workload measures.", ""]
    plots = []
    md += ["## Summary: every workload, every peer", "",
           "Median over the problems of the per-problem median ratio ours/peer (range in brackets); "
           "'wins' counts problems where ours is faster. Rows whose goal is in parentheses are references "
           "or algorithm comparisons (ours vs ours), not targets.", "",
           "| workload | ours | peer | problems | median ratio | [min, max] | winner | ours wins | goal | met |",
           "|---|---|---|---:|---:|---|---|---:|---|---|"]
    for r in summary:
        md.append("| %s | %s | %s | %d | **%.3f** | [%.3f, %.3f] | %s | %d/%d | %s | %s |" % (
            r["workload"], r["ours"], r["peer"], r["n"], r["median"], r["lo"], r["hi"], r["winner"], r["wins"], r["n"], r["goal"], r["met"]))
    md.append("")
    grown = []
    for workload, family, xcol, xlabel in GROWTH:
        if workload not in data:
            continue
        impls = OrderedDict()
        for prob, d in data[workload].items():
            if prob.split(":")[0] != family or ":" not in prob:
                continue
            for impl, r in d.items():
                try:
                    x = float(r[xcol])
                except (TypeError, ValueError):
                    continue
                if x > 0 and r["median_s"] > 0:
                    impls.setdefault(impl, []).append((x, r["median_s"]))
        name = "growth_%s.svg" % workload
        if svg_growth(os.path.join(outdir, name), "%s: cost growth (log-log)" % workload, xlabel, list(impls.items())):
            grown.append((workload, name))
            plots.append(("Cost growth: " + workload, name))
    if grown:
        md += ["## Cost growth (median time vs size, log-log)", ""]
        for workload, name in grown:
            md += ["![%s growth](%s)" % (workload, name), ""]

    # SpMV GB/s table
    if "spmv" in data:
        impls = []
        for p in data["spmv"].values():
            for k in p:
                if k not in impls:
                    impls.append(k)
        md += ["## SpMV (GB/s, byte model 12·nnz + 8·(rows+1) + 8·cols + 8·rows)", "",
               "| problem | rows | nnz | " + " | ".join(impls) + " |", "|---|---:|---:|" + "---:|" * len(impls)]
        for prob, d in data["spmv"].items():
            any_r = next(iter(d.values()))
            md.append("| %s | %s | %s | " % (prob, any_r["rows"], any_r["nnz"]) +
                      " | ".join("%.2f" % d[k]["gbps"] if k in d else "-" for k in impls) + " |")
        md.append("")
        svg_grouped_bars(os.path.join(outdir, "spmv_gbps.svg"), "SpMV throughput (GB/s, higher is better)", "GB/s",
                         list(data["spmv"].keys()),
                         [(k, [d[k]["gbps"] if k in d else float("nan") for d in data["spmv"].values()]) for k in impls])
        md += ["![SpMV GB/s](spmv_gbps.svg)", ""]
        plots.append(("SpMV throughput", "spmv_gbps.svg"))

    # median-time tables for the other workloads
    for workload, title in [("read", "Matrix Market read (median time)"), ("cholesky", "Cholesky end to end: analyze + factor + solve (median time)"),
                            ("lu", "LU end to end: analyze + factor + solve (median time)"),
                            ("cg", "CG: time per iteration, no preconditioner (median)"),
                            ("amg", "AMG-PCG to 1e-8: setup + solve (median)"),
                            ("precond", "Preconditioned Krylov to 1e-8 on shared matrices: setup + solve (median)"),
                            ("fft-poisson", "FFT Poisson solve, plans excluded (median)"),
                            ("mesh-poisson", "P1 Poisson on a tetrahedral cube mesh: read + assemble + solve (median)"),
                            ("fractional-matvec", "Riesz fractional collocation matvec (median time per apply)"),
                            ("bcd", "Block coordinate descent vs CG: time to 1e-6 (min of repetitions)"),
                            ("dcdm", "DCDM vs CG / IC(0)-PCG / AMG-PCG: setup + solve to 1e-6 (median)")] + \
                           [(w, w + " (median time)") for w in data if w not in KNOWN_WORKLOADS]:
        if workload not in data:
            continue
        impls = []
        for p in data[workload].values():
            for k in p:
                if k not in impls:
                    impls.append(k)
        md += ["## " + title, "", "| problem | rows | nnz | " + " | ".join(impls) + " |", "|---|---:|---:|" + "---:|" * len(impls)]
        for prob, d in data[workload].items():
            any_r = next(iter(d.values()))
            cells = []
            for k in impls:
                if k not in d:
                    cells.append("-")
                    continue
                c = fmt_t(d[k]["median_s"])
                if workload in ("cholesky", "lu", "amg", "precond") and d[k]["relres"]:
                    c += " (res %.0e)" % d[k]["relres"]
                cells.append(c)
            md.append("| %s | %s | %s | " % (prob, any_r["rows"], any_r["nnz"]) + " | ".join(cells) + " |")
        md.append("")

    md += ["## All ratios (ours / peer)", "", "| workload | problem | ours | peer | ours (median) | peer (median) | ratio | ratio of minimums | winner | goal | met |",
           "|---|---|---|---|---:|---:|---:|---:|---|---|---|"]
    for r in ratios:
        md.append("| %s | %s | %s | %s | %s | %s | **%.3f** | %.3f | %s | %s | %s |" % (
            r["workload"], r["problem"], r["ours"], r["peer"], fmt_t(r["ours_s"]), fmt_t(r["peer_s"]), r["ratio"], r["ratio_min"],
            r["winner"], r["goal"], r["met"]))
    md.append("")
    for workload in OrderedDict((c[0], 1) for c in comparisons):
        goal = next((c[3] for c in comparisons if c[0] == workload and c[3] is not None), None)
        items = [("%s: %s vs %s" % (r["problem"], r["ours"], r["peer"]), r["ratio"]) for r in ratios if r["workload"] == workload]
        if items:
            name = "ratios_%s.svg" % workload
            svg_ratio_chart(os.path.join(outdir, name), "%s: time ratio ours/peer" % workload, items, goal=goal)
            md += ["![%s ratios](%s)" % (workload, name), ""]
            plots.append(("Ratios: " + workload, name))
    notes = os.path.join(outdir, "notes.md")
    if os.path.exists(notes):
        md += [open(notes).read().strip(), ""]
    missed = [r for r in ratios if r["met"] == "NO"]
    md += ["## Goals not met", ""]
    if missed:
        for r in missed:
            md.append("- %s %s: %s/%s = %.3f (goal: %s)" % (r["workload"], r["problem"], r["ours"], r["peer"], r["ratio"], r["goal"]))
    else:
        md.append("- none")
    md.append("")
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write("\n".join(md))
    print("wrote %s" % os.path.join(outdir, "results.md"))
    if docs:
        write_docs_page(docs, outdir, summary, ratios, plots)


if __name__ == "__main__":
    main()
