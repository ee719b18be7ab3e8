#!/usr/bin/env bash
# Reproduces the "Learning to Relax" results (ITERATIVE.md §1.5, acceptance proposals §1.7) with
# `solversuite tune-omega`: mean SOR iterations per instance of Tsallis-INF, Tsallis-INF-CB and
# ChebCB against omega = 1, the best fixed omega (hindsight) and the instance-optimal omega
# (grid oracle and closed-form Young omega*) on the shifted 10x10 Laplacian (low / high variance,
# several seeds), the Crank-Nicolson heat equation with SSOR-PCG (nx = 25 and larger grids), and
# the wall time of SciPy-based SOR on the same instances.
#
# Environment: N (instances, default 5000), SEEDS (default "1 2 3"), HEAT_NX (default "25 50"),
# OUT (default bench-results/tune_omega), SCIPY (1 = run the SciPy peer, default 1), SCIPY_POLICIES
# (policies whose omega sequence the SciPy peer replays, default chebcb; e.g. "best_fixed chebcb"),
# SCIPY_LIMIT (instances the peer replays, default 1000, 0 = all; the rest is extrapolated by
# iteration count: scipy's spsolve_triangular costs ~0.5 ms per call), TSALLIS_SEEDS (extra
# Tsallis-INF-only runs, cheap, to average its seed-to-seed spread; default 1..12).
# Runtime on 2 shared cores: about 2 min per shifted-Laplacian run (the 20-omega oracle dominates),
# 1 min for heat nx = 25, several minutes for nx = 50; the SciPy peer about 1-3 min per policy.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
N=${N:-5000}
SEEDS=${SEEDS:-"1 2 3"}
HEAT_NX=${HEAT_NX:-"25 50"}
OUT=${OUT:-bench-results/tune_omega}
SCIPY=${SCIPY:-1}
SCIPY_POLICIES=${SCIPY_POLICIES:-chebcb}
SCIPY_LIMIT=${SCIPY_LIMIT:-1000}
TSALLIS_SEEDS=${TSALLIS_SEEDS:-"1 2 3 4 5 6 7 8 9 10 11 12"}
mkdir -p "$OUT"
swift build -c release --product solversuite >/dev/null
BIN=.build/release/solversuite

first_seed=${SEEDS%% *}
for v in low high; do
  for s in $SEEDS; do
    extra=()
    if [ "$s" = "$first_seed" ]; then
      extra=(--csv "$OUT/laplacian_${v}.csv" --svg "$OUT/laplacian_${v}_regret.svg" --export-instances "$OUT/laplacian_${v}_instances.csv")
    fi
    echo "shifted-laplacian variance=$v seed=$s N=$N" >&2
    $BIN tune-omega --problem shifted-laplacian --variance "$v" --instances "$N" --seed "$s" --policy all --json "${extra[@]}" \
      > "$OUT/laplacian_${v}_seed${s}.json"
  done
done
for nx in $HEAT_NX; do
  echo "heat2d nx=$nx N=$N" >&2
  $BIN tune-omega --problem heat2d --nx "$nx" --instances "$N" --seed "$first_seed" --policy all --json \
    --svg "$OUT/heat_nx${nx}_regret.svg" > "$OUT/heat_nx${nx}.json"
done
if [ "$SCIPY" = 1 ]; then
  for v in low high; do
    for p in $SCIPY_POLICIES; do
      echo "scipy SOR peer variance=$v policy=$p" >&2
      python3 -W ignore Benchmarks/peers/tune_omega_scipy.py "$OUT/laplacian_${v}_instances.csv" "$OUT/laplacian_${v}.csv" "$p" \
        --limit "$SCIPY_LIMIT" > "$OUT/scipy_${v}_${p}.txt"
    done
  done
fi
for v in low high; do
  for s in $TSALLIS_SEEDS; do
    $BIN tune-omega --problem shifted-laplacian --variance "$v" --instances "$N" --seed "$s" --policy tsallis --json
  done > "$OUT/tsallis_${v}.jsonl"
done
python3 - "$OUT" "$SEEDS" "$HEAT_NX" <<'PY'
import json, sys, os, glob, re
out, seeds, nxs = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
def load(p): return json.load(open(p))
print("## Shifted Laplacian (10x10, SOR, tol 1e-8, 20-omega grid [1, 1.95]); mean iterations per instance,"
      f" mean over seeds {', '.join(seeds)} (whole run / last 1000)\n")
rows = [("omega = 1", "omega_1"), ("best fixed omega (hindsight)", "best_fixed"),
        ("instance-optimal, grid oracle", "instance_optimal"), ("instance-optimal, Young omega*", "instance_optimal_young"),
        ("Tsallis-INF", "tsallis_inf"), ("Tsallis-INF-CB (5 bins)", "tsallis_inf_cb"), ("ChebCB (m = 6)", "chebcb")]
res = {v: [load(f"{out}/laplacian_{v}_seed{s}.json") for s in seeds] for v in ("low", "high")}
def mean(v, key, field): return sum(r[field][key] for r in res[v]) / len(res[v])
print("| policy | low variance | high variance |\n|---|---|---|")
for label, key in rows:
    cells = []
    for v in ("low", "high"):
        c = f"{mean(v, key, 'mean_iterations'):.1f} / {mean(v, key, 'last_k_mean_iterations'):.1f}"
        if key == "best_fixed": c += " (omega = " + ", ".join(sorted({f"{r['best_fixed_omega']:.2f}" for r in res[v]})) + ")"
        cells.append(c)
    print(f"| {label} | {cells[0]} | {cells[1]} |")
print("\nPer seed (whole-run means): ")
for v in ("low", "high"):
    for r in res[v]:
        m = r["mean_iterations"]
        print(f"- {v} seed {r['seed']}: best fixed {m['best_fixed']:.1f}, Young {m['instance_optimal_young']:.1f}, "
              f"Tsallis-INF {m['tsallis_inf']:.1f} (last 1000: {r['last_k_mean_iterations']['tsallis_inf']:.1f}), "
              f"ChebCB {m['chebcb']:.1f} (last 1000: {r['last_k_mean_iterations']['chebcb']:.1f})")
print("\nAcceptance proposals (ITERATIVE.md 1.7.3), seed means:")
bf = {v: mean(v, "best_fixed", "mean_iterations") for v in res}
yo = {v: mean(v, "instance_optimal_young", "mean_iterations") for v in res}
t_last = mean("low", "tsallis_inf", "last_k_mean_iterations")
print(f"- Tsallis-INF last-1000 / best fixed, low variance: {t_last / bf['low']:.3f} (goal <= 1.05)")
for v in ("low", "high"):
    c_last, c_all = mean(v, "chebcb", "last_k_mean_iterations"), mean(v, "chebcb", "mean_iterations")
    print(f"- ChebCB last-1000 / Young instance-optimal, {v}: {c_last / yo[v]:.3f} (goal <= 1.12); "
          f"ChebCB whole run below best fixed by {100 * (1 - c_all / bf[v]):.1f}% (goal >= {15 if v == 'low' else 30}%)")
print("\nTsallis-INF alone over more seeds (each seed: its own instance sequence and policy seed):")
import statistics as st
for v in ("low", "high"):
    p = f"{out}/tsallis_{v}.jsonl"
    if not os.path.exists(p): continue
    rs = [json.loads(l) for l in open(p)]
    w = [r["mean_iterations"]["tsallis_inf"] for r in rs]
    l = [r["last_k_mean_iterations"]["tsallis_inf"] for r in rs]
    print(f"- {v}: {len(rs)} seeds, whole run {st.mean(w):.1f}, last 1000 {st.mean(l):.1f} (median {st.median(l):.1f}, "
          f"range {min(l):.1f}-{max(l):.1f}); last-1000 / best fixed ({bf[v]:.1f}) = {st.mean(l) / bf[v]:.3f}")
print("\n## Heat equation (Crank-Nicolson, SSOR-PCG, warm start, tol 1e-8 relative to ||b||, 5000 steps): total iterations\n")
heat = {nx: load(f"{out}/heat_nx{nx}.json") for nx in nxs if os.path.exists(f"{out}/heat_nx{nx}.json")}
hrows = [("CG (no preconditioner)", "cg"), ("SSOR-PCG omega = 1", "omega_1"), ("best fixed omega", "best_fixed"),
         ("instance-optimal (grid oracle)", "instance_optimal"), ("Tsallis-INF", "tsallis_inf"),
         ("Tsallis-INF-CB (6 bins)", "tsallis_inf_cb"), ("ChebCB (context kappa)", "chebcb")]
print("| policy | " + " | ".join(f"nx = {nx} (n = {(int(nx)-1)**2})" for nx in heat) + " |")
print("|---|" + "---|" * len(heat))
for label, key in hrows:
    cells = []
    for nx, r in heat.items():
        c = f"{r['total_iterations'][key]:,.0f} ({r['seconds'][key]:.2f} s)"
        if key == "best_fixed": c += f" omega = {r['best_fixed_omega']:.2f}"
        cells.append(c)
    print(f"| {label} | " + " | ".join(cells) + " |")
scipy = sorted(glob.glob(f"{out}/scipy_*.txt"))
if scipy:
    print("\n## Wall time of the whole 5000-instance sequence: Swift SOR vs SciPy-based SOR (same instances, same omegas)\n")
    for p in scipy:
        m = re.match(r".*scipy_(\w+?)_(\w+)\.txt", p)
        v, key = m.group(1), m.group(2)
        swift = next(r for r in res[v] if r["seed"] == int(seeds[0]))
        print(f"- {v} variance, {key}: Swift {swift['seconds'][key]:.2f} s (policy included); " + open(p).read().strip())
PY
