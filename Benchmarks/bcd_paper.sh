#!/usr/bin/env bash
# Reproduces the block-coordinate-descent headline numbers (ITERATIVE.md section 3.6, issue 6):
#  1. dataset-A analog (least squares 1000x10000, sorted blocks of 5, 500 iterations):
#     f500/f0 and iterations each rule needs to reach random-Lb's objective at iteration 500;
#  2. dataset D (50x50 lattice label propagation, w = 1e5, 100 labels), 200 iterations:
#     f - f* for red-black, tree partitions (message passing), greedy forests, "General";
#  3. shared SPD matrices: time to 1e-6 relative residual (‖b - Ax‖ ≤ 1e-6 ‖b‖, b = A·1) for
#     BCD configurations against CG, in the same process.
#  Times: minimum of 3 repetitions (BCD solves over 2 s are not repeated).
# Usage: Benchmarks/bcd_paper.sh [outdir]   (builds the release CLI first; ~2-4 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-Benchmarks/results/bcd}
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
swift build -c release --product solversuite >/dev/null
BIN=.build/release/solversuite
DATA=${SOLVERSUITE_DATA:-../shared/data}

echo "== 1. dataset-A analog: least squares, Sort blocks of 5, 500 iterations (seed 1)"
$BIN bcd --problem ls --partition sort --block-size 5 \
  --select random,cyclic,lipschitz,gs,gsl,gsl2,gsd,gsq --update gradient,newton \
  --iterations 500 --seed 1 --csv "$OUT/ls.csv" --svg "$OUT/ls.svg" --json > "$OUT/ls.json"
python3 - "$OUT/ls.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"f* = {d['optimum']:.3g} ({d['optimum_method']}); reference = {d['configuration']} at 500")
print(f"{'rule/update':<28}{'f500/f0':>10}{'iters to match random-Lb@500':>32}")
for r in d["runs"]:
    it = r["iterations_to_reach_first"]
    print(f"{r['configuration']:<28}{r['relative_objective']:>10.2e}{(str(it) if it is not None else '>500'):>32}")
PY

echo
echo "== 2. dataset D: 50x50 lattice label propagation, 200 iterations, exact block updates (seed 1)"
$BIN bcd --problem labelprop --partition lattice-redblack,lattice-trees,redblack,forests --select cyclic --update tree \
  --iterations 200 --seed 1 --csv "$OUT/lattice_fixed.csv" --svg "$OUT/lattice_fixed.svg" --json > "$OUT/lattice_fixed.json"
$BIN bcd --problem labelprop --partition greedy-forest --select random,gs,gsd --update tree \
  --iterations 200 --seed 1 --csv "$OUT/lattice_greedy.csv" --json > "$OUT/lattice_greedy.json"
$BIN bcd --problem labelprop --partition variable --block-size 13 --select gs --update newton \
  --iterations 200 --seed 1 --csv "$OUT/lattice_general.csv" --json > "$OUT/lattice_general.json"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
runs = []
for f in ["lattice_fixed", "lattice_greedy", "lattice_general"]:
    d = json.load(open(f"{out}/{f}.json"))
    runs += d["runs"]
print(f"f0 - f* = {-d['optimum']:.3g} ({d['optimum_method']})")
print(f"{'blocks':<32}{'it 10':>10}{'it 50':>10}{'it 100':>10}{'it 200':>10}{'coords/it':>11}{'s':>8}")
for r in runs:
    print(f"{r['configuration']:<32}" + "".join(f"{r['gap_at_%d' % k] if k < 200 else r['final_gap']:>10.2e}" for k in [10, 50, 100, 200])
          + f"{r['coordinate_updates']/r['iterations']:>11.0f}{r['seconds']:>8.3f}")
g = {r["configuration"]: r["final_gap"] for r in runs}
print(f"red-black / tree-partition gap ratio at 200: {g['lattice-redblack/cyclic/tree'] / g['lattice-trees/cyclic/tree']:.0f}x")
PY

echo
echo "== 3. shared SPD matrices: seconds to ‖b-Ax‖ ≤ 1e-6‖b‖ (b = A·1), BCD vs CG in the same process"
printf "%-22s %-26s %10s %8s %10s %8s %8s\n" matrix bcd-config bcd_s bcd_it cg_s cg_it ratio
for m in lap2D_5pt_n100 lap3D_7pt_n20 gr_900_900_crg nos6 bcsstk08 1138_bus; do
  f="$DATA/matrices/$m.mtx"
  [ -f "$f" ] || { echo "skip $m (no $f)"; continue; }
  for cfg in "forests cyclic tree" "redblack cyclic tree" "order cyclic newton"; do
    set -- $cfg
    $BIN bcd --problem spd --matrix "$f" --partition $1 --select $2 --update $3 --block-size 32 \
      --iterations 0 --skip-optimum --compare-cg --rtol 1e-6 --json > "$OUT/spd_${m}_$1_$3.json" 2>/dev/null || { echo "$m $cfg failed"; continue; }
    python3 - "$OUT/spd_${m}_$1_$3.json" "$m" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cg_comparison"]
st = "" if c["bcd_status"] == "converged" else " (" + c["bcd_status"] + ")"
print(f"{sys.argv[2]:<22} {c['bcd_configuration']:<26} {c['bcd_seconds']:>10.4f} {c['bcd_iterations']:>8} {c['cg_seconds']:>10.4f} {c['cg_iterations']:>8} {c['bcd_over_cg_time']:>8.1f}{st}")
PY
  done
done
