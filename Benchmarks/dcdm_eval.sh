#!/usr/bin/env bash
# DCDM evaluation (issue 5): iterations and wall time to relative residual 1e-4 and 1e-6 for
# DCDM (trained CNN directions), CG, IC(0)-PCG and AMG-PCG on masked grid Laplacians whose shapes
# were not used in training: obstacles (layout seed 7; the shipped masked models were trained on
# obstacle layouts 1001-1004 / 1001-1002), L-shape, disc/ball (never seen in training).
#
# Usage: Benchmarks/dcdm_eval.sh [OUTDIR]
#   env: GRIDS2D="64 128 256 512"  GRIDS3D="32 64"  GRIDS3D_BIG="128" (L-shape only)
#        SHAPES="obstacles lshape disc"  DCDM_CAP=300  RETRAIN=1 (retrain the shipped models)
#        M2=... M3=... (other model files, e.g. the paper-architecture dcdm2d_g64.bin)
#        KBIG=30 (a second DCDM run A-orthogonalising against KBIG stored directions; paper: 2; default 0 = skip)
#        WALLS=neumann (walls to solid cells; default dirichlet)
# Needs: a release build (done here), python3 and /usr/bin/time (peak memory) for the summary.
# Writes OUTDIR/results.jsonl (one `solversuite dcdm --json` object per run, plus "max_rss_kb")
# and OUTDIR/summary.md (tables + the issue's goals checked).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
OUT=${1:-.build/dcdm_eval}
GRIDS2D=${GRIDS2D-"64 128 256 512"}
GRIDS3D=${GRIDS3D-"32 64"}
GRIDS3D_BIG=${GRIDS3D_BIG:-""}
SHAPES=${SHAPES:-"obstacles lshape disc"}
CAP=${DCDM_CAP:-300}
KBIG=${KBIG:-0}
WALLS=${WALLS:-dirichlet}
mkdir -p "$OUT"
swift build -c release --product solversuite >/dev/null
BIN=.build/release/solversuite
M2=${M2:-Benchmarks/models/dcdm2d_mask_g64.bin}
M3=${M3:-Benchmarks/models/dcdm3d_mask_ft64.bin}
# The exact commands that produced the shipped multilevel models (see models/README.md).
TRAIN2D="$BIN train dcdm --grid 64 --dim 2 --epochs 20 --vectors 200 --width 8 --blocks 2,1,2 --levels 16 --coarsest 4 --no-bias --linear --lr 3e-3 --seed 1 --quiet --masked --shape obstacles --shape-count 4 --out Benchmarks/models/dcdm2d_mask_g64.bin --log Benchmarks/models/dcdm2d_mask_g64_loss.csv"
TRAIN3D="$BIN train dcdm --grid 16,32 --dim 3 --epochs 20 --vectors 200 --width 8 --blocks 2,1,2 --levels 16 --coarsest 4 --no-bias --linear --lr 3e-3 --seed 1 --quiet --masked --shape obstacles --shape-count 2 --out Benchmarks/models/dcdm3d_mask_g16-32.bin --log Benchmarks/models/dcdm3d_mask_g16-32_loss.csv"
TUNE3D="$BIN train dcdm --init Benchmarks/models/dcdm3d_mask_g16-32.bin --grid 64 --dim 3 --epochs 5 --vectors 40 --lanczos 200 --lr 2e-4 --seed 1 --quiet --shape obstacles --out Benchmarks/models/dcdm3d_mask_ft64.bin --log Benchmarks/models/dcdm3d_mask_ft64_loss.csv"
if [[ ${RETRAIN:-0} == 1 ]]; then $TRAIN2D > "$OUT/train2d.json"; $TRAIN3D > "$OUT/train3d.json"; $TUNE3D > "$OUT/tune3d.json"; fi
: > "$OUT/results.jsonl"
run() {  # run MODEL GRID DIM SHAPE RTOL...: all four methods with the paper's 2 directions, then DCDM with KBIG
  local model=$1 g=$2 d=$3 shape=$4; shift 4
  local tols=()
  for t in "$@"; do tols+=(--rtol "$t"); done
  one() {  # one K METHODS
    /usr/bin/time -f "%M" -o "$OUT/rss.txt" $BIN dcdm --model "$model" --grid "$g" --dim "$d" --shape "$shape" --seed 7 --walls "$WALLS" \
        "${tols[@]}" --dcdm-max-iterations "$CAP" --dcdm-directions "$1" --methods "$2" --json > "$OUT/one.json"
    python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['max_rss_kb']=int(open(sys.argv[2]).read().split()[-1]); j['dcdm_directions']=int(sys.argv[3]); print(json.dumps(j))" \
        "$OUT/one.json" "$OUT/rss.txt" "$1" >> "$OUT/results.jsonl"
  }
  one 2 dcdm,cg,ic0,amg
  if [[ $KBIG != 0 ]]; then one "$KBIG" dcdm; fi
}
for shape in $SHAPES; do
  for g in $GRIDS2D; do run $M2 "$g" 2 $shape 1e-4 1e-6; done
  for g in $GRIDS3D; do run $M3 "$g" 3 $shape 1e-4 1e-6; done
done
for g in $GRIDS3D_BIG; do run $M3 "$g" 3 lshape 1e-4 1e-6; done
python3 - "$OUT/results.jsonl" <<'PY' | tee "$OUT/summary.md"
import json, sys
raw = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
# Merge each KBIG-directions run into the preceding all-methods run of the same problem as "dcdmK".
rows, kbig = [], None
for r in raw:
    k = r.get("dcdm_directions", 2)
    if k != 2 and rows and (rows[-1]["shape"], rows[-1]["grid"], rows[-1]["dim"]) == (r["shape"], r["grid"], r["dim"]):
        kbig = k
        for x in r["results"]:
            if x["method"] == "dcdm":
                rows[-1]["results"].append(dict(x, method="dcdmK"))
    else:
        rows.append(r)
K = kbig if kbig else "K"
print(f"DCDM: the paper's 2 stored directions; DCDM-{K}: {K} stored directions (same network).")
print()
print(f"| shape | grid | n | rtol | DCDM it | DCDM-{K} it | CG it | IC0 it | AMG it | DCDM/IC0 | DCDM-{K}/IC0 | DCDM s (inference share) | DCDM-{K} s | CG s | IC0 s (+setup) | AMG s (+setup) | ms/inference | peak RSS MB | DCDM status |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
table = {}
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
        share = d["inference_seconds"] / d["solve_seconds"] if d.get("solve_seconds") else 0
        ratio = d["iterations"] / m["ic0"]["iterations"] if d and "ic0" in m else float("nan")
        dk = m.get("dcdmK", {})
        ratioK = dk["iterations"] / m["ic0"]["iterations"] if dk and "ic0" in m else float("nan")
        ok = d.get("status") == "converged"
        table[("DCDM", r["shape"], r["dim"], tol, r["grid"])] = (d.get("iterations"), m.get("ic0", {}).get("iterations"), ok)
        if dk:
            table[(f"DCDM-{K}", r["shape"], r["dim"], tol, r["grid"])] = (dk.get("iterations"), m.get("ic0", {}).get("iterations"), dk.get("status") == "converged")
        print(f"| {r['shape']} | {r['grid']}^{r['dim']} | {r['unknowns']} | {tol:.0e} | {it('dcdm')} | {it('dcdmK')} | {it('cg')} | {it('ic0')} | {it('amg')} | {ratio:.2f} | {ratioK:.2f} | "
              f"{d.get('solve_seconds', 0):.3f} ({100*share:.0f}%) | {t('dcdmK')} | {t('cg')} | {t('ic0', True)} | {t('amg', True)} | {d.get('ms_per_inference', 0):.1f} | "
              f"{r.get('max_rss_kb', 0)/1024:.0f} | {d.get('status', '-')} |")
print()
print("Goals (issue 5): DCDM iterations <= 1/3 of IC(0)-PCG's on every grid, and DCDM(largest)/DCDM(smallest) < 1.5.")
print()
print("| method | shape | dim | rtol | grids | DCDM its | max DCDM/IC0 | <= 1/3? | growth | < 1.5x? |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key in sorted({k[:4] for k in table}):
    gs = sorted(g for (meth, s, d, t, g) in table if (meth, s, d, t) == key)
    its = [table[key + (g,)] for g in gs]
    if any(i[0] is None or i[1] is None for i in its): continue
    ratio = max(i[0] / i[1] for i in its)
    growth = its[-1][0] / its[0][0]
    conv = all(i[2] for i in its)
    print(f"| {key[0]} | {key[1]} | {key[2]}D | {key[3]:.0e} | {'/'.join(map(str, gs))} | {'/'.join(str(i[0]) for i in its)}{'' if conv else ' (cap hit)'} | "
          f"{ratio:.2f} | {'yes' if ratio <= 1/3 and conv else 'no'} | {growth:.2f} | {'yes' if growth < 1.5 and conv else 'no'} |")
PY
