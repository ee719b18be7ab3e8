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
[ $fails = 0 ] && echo "cli smoke: all passed" || { echo "cli smoke: $fails failed"; exit 1; }
