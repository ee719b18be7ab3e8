#!/usr/bin/env bash
# End-to-end checks of the command line: exit codes, JSON keys, bad input. Run by `make test`
# after `swift test`. Uses the debug build.
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${SOLVERSUITE:-.build/debug/solversuite}
fails=0
check() { # name, expected rc, command...
  local name=$1 want=$2; shift 2
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $name: exit $rc, expected $want"; echo "$out" | head -5; fails=$((fails+1)); else echo "ok   $name"; fi
}
has() { # name, text, command...
  local name=$1 text=$2; shift 2
  out=$("$@" 2>&1)
  if ! grep -q -- "$text" <<<"$out"; then echo "FAIL $name: output lacks '$text'"; echo "$out" | head -5; fails=$((fails+1)); else echo "ok   $name"; fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
E=examples/poisson2d_64.mtx
check "solve auto" 0 $B solve $E
has   "solve json keys" '"relative_residual"' $B solve $E --json
for k in method status rows nnz iterations relative_residual setup_seconds solve_seconds; do
  has "json has $k" "\"$k\"" $B solve $E --json
done
check "solve cg+amg" 0 $B solve $E --method cg --precond amg
check "solve gmres+ilu0 history" 0 $B solve $E --method gmres --precond ilu0 --history $tmp/h.csv
check "history written" 0 test -s $tmp/h.csv
check "solve output" 0 $B solve $E --method klu --output $tmp/x.mtx
check "output readable" 0 $B info $tmp/x.mtx --no-factor
has   "info cholesky" "succeeds" $B info $E
check "not converged -> 2" 2 $B solve $E --method jacobi --max-iterations 3
printf '%%%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1\n4 1 2\n' > $tmp/bad.mtx
check "bad index -> 1" 1 $B solve $tmp/bad.mtx
has   "bad index names line" "bad.mtx:4" $B solve $tmp/bad.mtx
check "missing file -> 1" 1 $B solve $tmp/none.mtx
printf 'hello\n' > $tmp/nobanner.mtx
check "no banner -> 1" 1 $B info $tmp/nobanner.mtx
check "bench convergence" 0 $B bench convergence $E --methods cg,cg+ic0 --out $tmp/conv
check "convergence svg" 0 test -s $tmp/conv/poisson2d_64_iterations.svg
check "tune-omega laplacian" 0 $B tune-omega --problem shifted-laplacian --variance high --instances 30 --policy all --json --svg $tmp/tune.svg --csv $tmp/tune.csv
for k in mean_iterations best_fixed instance_optimal tsallis_inf tsallis_inf_cb chebcb; do
  has "tune-omega json has $k" "\"$k\"" $B tune-omega --instances 20 --policy all --json
done
check "tune-omega svg" 0 test -s $tmp/tune.svg
check "tune-omega heat2d" 0 $B tune-omega --problem heat2d --nx 9 --instances 40 --policy chebcb --save-state $tmp/state.json
check "tune-omega state" 0 test -s $tmp/state.json
has   "tune-omega matrices" "Tsallis-INF" $B tune-omega --matrices $E $E $E --policy tsallis
check "tune-omega bad variance -> 64" 64 $B tune-omega --variance medium
check "tune-omega missing matrix -> 1" 1 $B tune-omega --matrices $tmp/none.mtx
# Grid-domain Poisson (masked cell grids) and DCDM with the shipped models.
keys() { # name, comma-separated keys, command... : stdout is one JSON object with these keys
  local name=$1 want=$2; shift 2
  out=$("$@" 2>/dev/null); rc=$?
  if [ "$rc" != 0 ] || ! python3 -c 'import json,sys; o=json.loads(sys.argv[1]); m=[k for k in sys.argv[2].split(",") if k not in o]; sys.exit("missing "+",".join(m) if m else 0)' "$out" "$want"; then
    echo "FAIL $name: exit $rc"; echo "$out" | head -3; fails=$((fails+1)); else echo "ok   $name"; fi
}
PK=iterations,relative_residual,status,solve_seconds,setup_seconds,solver,domain,dims,unknowns,solid_cells,rtol,seed
for s in cg pcg-ic0 pcg-amg dcdm; do
  for g in 32x32 24x20; do
    keys "poisson obstacles $s $g" $PK $B poisson --grid $g --domain obstacles --seed 7 --solver $s --rtol 1e-6 --json
  done
done
keys "poisson dcdm keys" $PK,inference_seconds,ms_per_inference,model $B poisson --grid 32x32 --domain obstacles --solver dcdm --rtol 1e-6 --json
keys "poisson 3d dcdm" $PK,inference_seconds $B poisson --grid 12x12x12 --domain obstacles --solver dcdm --model Benchmarks/models/dcdm3d_g16.bin --rtol 1e-6 --json
keys "poisson 3d dcdm multilevel" $PK,inference_seconds $B poisson --grid 12x12x12 --domain obstacles --solver dcdm --model Benchmarks/models/dcdm3d_ml_g16.bin --rtol 1e-6 --json
check "poisson dcdm-directions out of range -> 1" 1 $B poisson --grid 16x16 --domain box --solver dcdm --dcdm-directions 999
check "poisson dcdm not converged -> 2" 2 $B poisson --grid 32x32 --domain box --solver dcdm --max-iterations 2
check "poisson dcdm missing model -> 1" 1 $B poisson --grid 32x32 --domain obstacles --solver dcdm --model $tmp/none.bin
has   "poisson no shipped model" "pass --model" env SOLVERSUITE_MODELS=$tmp $B poisson --grid 32x32 --domain box --solver dcdm
check "poisson no shipped model -> 1" 1 env SOLVERSUITE_MODELS=$tmp $B poisson --grid 32x32 --domain box --solver dcdm
check "poisson model without dcdm -> 1" 1 $B poisson --grid 32x32 --domain box --solver cg --model Benchmarks/models/dcdm2d_g64.bin
check "poisson 2d model on 3d grid -> 1" 1 $B poisson --grid 8x8x8 --domain box --solver dcdm --model Benchmarks/models/dcdm2d_g64.bin
check "poisson bad domain -> 1" 1 $B poisson --grid 32x32 --domain star
$B generate poisson2d 32 -o $tmp/box32.mtx >/dev/null
$B generate poisson1d 30 -o $tmp/line30.mtx >/dev/null
SK=method,status,rows,nnz,iterations,relative_residual,setup_seconds,solve_seconds,inference_seconds
keys "solve dcdm box" $SK $B solve $tmp/box32.mtx --method dcdm --model Benchmarks/models/dcdm2d_ml_g64.bin --rtol 1e-6 --json
keys "solve dcdm paper model k=8" $SK $B solve $tmp/box32.mtx --method dcdm --model Benchmarks/models/dcdm2d_g64.bin --dcdm-directions 8 --rtol 1e-6 --json
keys "solve dcdm --grid" $SK $B solve $tmp/box32.mtx --method dcdm --model Benchmarks/models/dcdm2d_g64.bin --grid 32x32 --json
check "solve dcdm rows not a grid -> 1" 1 $B solve $tmp/line30.mtx --method dcdm --model Benchmarks/models/dcdm2d_g64.bin
check "solve dcdm grid mismatch -> 1" 1 $B solve $tmp/box32.mtx --method dcdm --model Benchmarks/models/dcdm2d_g64.bin --grid 30x30
check "solve dcdm without model -> 1" 1 $B solve $tmp/box32.mtx --method dcdm
check "solve dcdm missing model -> 1" 1 $B solve $tmp/box32.mtx --method dcdm --model $tmp/none.bin
check "solve --model without dcdm -> 1" 1 $B solve $tmp/box32.mtx --method cg --model Benchmarks/models/dcdm2d_g64.bin
has   "train dcdm on a masked shape" '"shape": "obstacles"' $B train dcdm --grid 12 --epochs 1 --vectors 4 --width 2 --blocks 1,0,1 --levels 4 --no-bias --linear --shape obstacles --quiet --out $tmp/t.bin
check "train dcdm bad shape -> 1" 1 $B train dcdm --grid 12 --epochs 1 --vectors 4 --shape hexagon --quiet --out $tmp/t2.bin
has   "train dcdm masked on 2 layouts" '"domains": 2' $B train dcdm --grid 12 --epochs 1 --vectors 4 --width 2 --blocks 1,0,1 --levels 4 --no-bias --linear --masked --shape obstacles --shape-count 2 --quiet --out $tmp/tm.bin
has   "train dcdm box+obstacles neumann" '"walls": "neumann"' $B train dcdm --grid 12 --epochs 1 --vectors 4 --width 2 --blocks 1,0,1 --levels 4 --no-bias --linear --masked --shape box,obstacles --walls neumann --quiet --out $tmp/tn.bin
has   "poisson dcdm masked model from train runs" '"ms_per_inference"' $B poisson --grid 16x16 --domain lshape --solver dcdm --model $tmp/tm.bin --max-iterations 5 --json
keys "poisson dcdm smoothing" $PK,inference_seconds $B poisson --grid 32x32 --domain obstacles --solver dcdm --dcdm-smoothing 1 --rtol 1e-6 --json
check "poisson dcdm-smoothing out of range -> 1" 1 $B poisson --grid 16x16 --domain box --solver dcdm --dcdm-smoothing 99
check "poisson disc neumann singular -> 1" 1 $B poisson --grid 32x32 --domain disc --walls neumann --solver cg
has   "poisson disc neumann says why" "singular" $B poisson --grid 32x32 --domain disc --walls neumann --solver cg
keys "poisson dcdm neumann obstacles" $PK $B poisson --grid 32x32 --domain obstacles --walls neumann --solver dcdm --rtol 1e-4 --max-iterations 300 --json
has   "train dcdm --init fine-tunes" '"init":' $B train dcdm --init $tmp/tm.bin --grid 12 --epochs 1 --vectors 4 --shape obstacles --quiet --out $tmp/tf.bin
check "train dcdm --init missing -> 1" 1 $B train dcdm --init $tmp/none.bin --grid 12 --epochs 1 --vectors 4 --quiet --out $tmp/t5.bin
check "train dcdm --init wrong dim -> 1" 1 $B train dcdm --init $tmp/tm.bin --grid 6 --dim 3 --epochs 1 --vectors 4 --quiet --out $tmp/t6.bin
has   "train dcdm mirror walls" 'mirror (Neumann) walls' $B train dcdm --grid 12 --epochs 1 --vectors 4 --width 2 --blocks 1,0,1 --levels 4 --no-bias --linear --masked --mirror-walls --shape obstacles --walls neumann --quiet --out $tmp/tw.bin
check "train dcdm mirror without masked -> 1" 1 $B train dcdm --grid 12 --epochs 1 --vectors 4 --mirror-walls --quiet --out $tmp/t7.bin
check "train dcdm bad walls -> 1" 1 $B train dcdm --grid 12 --epochs 1 --vectors 4 --walls sticky --quiet --out $tmp/t3.bin
check "train dcdm bad shape-count -> 1" 1 $B train dcdm --grid 12 --epochs 1 --vectors 4 --shape-count 0 --quiet --out $tmp/t4.bin
[ $fails = 0 ] && echo "cli smoke: all passed" || { echo "cli smoke: $fails failed"; exit 1; }
