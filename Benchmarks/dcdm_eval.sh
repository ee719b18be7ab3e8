#!/usr/bin/env bash
# DCDM evaluation (issue 5): iterations and wall time to relative residual 1e-4 and 1e-6 for
# DCDM (trained CNN directions), CG, IC(0)-PCG and AMG-PCG on masked grid Laplacians whose shapes
# were not used in training (the model is trained on the full square box only).
#
# Usage: Benchmarks/dcdm_eval.sh [OUTDIR]    (env: GRIDS2D="64 128 256", GRIDS3D="16 32", RETRAIN=1)
# Needs: a release build (done here), python3 for the summary table.
# The shipped 2-D model Benchmarks/models/dcdm2d_g64.bin was produced by the TRAIN2D command below
# (RETRAIN=1 reruns it); the 3-D model is trained here if absent (small, minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
OUT=${1:-.build/dcdm_eval}
GRIDS2D=${GRIDS2D:-"64 128 256"}
GRIDS3D=${GRIDS3D:-"16 32"}
mkdir -p "$OUT"
swift build -c release --product solversuite >/dev/null
BIN=.build/release/solversuite
M2=Benchmarks/models/dcdm2d_g64.bin
M3=Benchmarks/models/dcdm3d_g16.bin
TRAIN2D="$BIN train dcdm --grid 64 --dim 2 --epochs 25 --vectors 300 --width 16 --blocks 2,3,2 --lr 1e-3 --seed 1 --out $M2 --log Benchmarks/models/dcdm2d_g64_loss.csv"
TRAIN3D="$BIN train dcdm --grid 16 --dim 3 --epochs 15 --vectors 200 --width 8 --blocks 1,2,1 --lr 1e-3 --seed 1 --out $M3 --log Benchmarks/models/dcdm3d_g16_loss.csv"
if [[ ! -f $M2 || ${RETRAIN:-0} == 1 ]]; then $TRAIN2D > "$OUT/train2d.json"; fi
if [[ -n "$GRIDS3D" && ( ! -f $M3 || ${RETRAIN:-0} == 1 ) ]]; then $TRAIN3D > "$OUT/train3d.json"; fi
: > "$OUT/results.jsonl"
for shape in lshape disc; do
  for g in $GRIDS2D; do
    $BIN dcdm --model $M2 --grid "$g" --dim 2 --shape $shape --rtol 1e-4 --rtol 1e-6 --json >> "$OUT/results.jsonl"
  done
  for g in $GRIDS3D; do
    $BIN dcdm --model $M3 --grid "$g" --dim 3 --shape $shape --rtol 1e-4 --rtol 1e-6 --json >> "$OUT/results.jsonl"
  done
done
python3 - "$OUT/results.jsonl" <<'PY' | tee "$OUT/summary.md"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| shape | grid | n | rtol | DCDM it | CG it | IC0 it | AMG it | DCDM s | CG s | IC0 s (+setup) | AMG s (+setup) | DCDM ms/inference | DCDM status |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    res = r["results"]
    for tol in sorted({x["rtol"] for x in res}, reverse=True):
        m = {x["method"]: x for x in res if x["rtol"] == tol}
        def it(k): return str(m[k]["iterations"]) if k in m else "-"
        def t(k, setup=False):
            if k not in m: return "-"
            s = "%.4f" % m[k]["solve_seconds"]
            return s + (" (+%.4f)" % m[k]["setup_seconds"] if setup else "")
        d = m.get("dcdm", {})
        print(f"| {r['shape']} | {r['grid']}^{r['dim']} | {r['unknowns']} | {tol:.0e} | {it('dcdm')} | {it('cg')} | {it('ic0')} | {it('amg')} | "
              f"{t('dcdm')} | {t('cg')} | {t('ic0', True)} | {t('amg', True)} | {d.get('ms_per_inference', 0):.2f} | {d.get('status', '-')} |")
PY
