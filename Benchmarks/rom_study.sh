#!/usr/bin/env bash
# Reduced-order-model study (issue 10): builds and validates the three ROMs with the release CLI.
#   Benchmarks/rom_study.sh [outdir]     (default /tmp/rom_study)
# Poisson: 2x2 subdomains (4 coefficients in [0.1, 10]) on a 256x256-cell P1 mesh (65 025 unknowns);
# fractional: Riesz, p = 3, n = 512 (513 unknowns), alpha in [1.1, 1.9];
# moment: active-fluid D-tensor model (kinetic branch), n = 32 (4096 unknowns), train 100 records, predict to 300;
# heat: 5-point FD 128x128 (16 384 unknowns), implicit Euler, train 100 steps, predict to 300.
set -euo pipefail
export OPENBLAS_NUM_THREADS=1
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/rom_study}
mkdir -p "$OUT"
swift build -c release --product solversuite >/dev/null
S=.build/release/solversuite
echo "== poisson-subdomains (4 subdomains, 65k unknowns)"
$S rom build --problem poisson-subdomains --cells 256 --blocks 2 --tolerance 1e-6 --max-basis 60 --training 200 \
  --output "$OUT/poisson.rom" --json | tee "$OUT/poisson_build.json"
$S rom validate --file "$OUT/poisson.rom" --tests 20 --target 1e-4 --json | tee "$OUT/poisson_validate.jsonl"
echo "== poisson-subdomains (3x3 = 9 subdomains, 65k unknowns)"
$S rom build --problem poisson-subdomains --cells 256 --blocks 3 --tolerance 1e-5 --max-basis 150 --training 300 \
  --output "$OUT/poisson9.rom" --json | tee "$OUT/poisson9_build.json"
$S rom validate --file "$OUT/poisson9.rom" --tests 20 --target 1e-4 --json | tee "$OUT/poisson9_validate.jsonl"
echo "== fractional across alpha in [1.1, 1.9]"
$S rom build --problem fractional --n 512 --degree 3 --nodes 17 --energy 1e-12 --output "$OUT/fractional.rom" --json | tee "$OUT/fractional_build.json"
$S rom validate --file "$OUT/fractional.rom" --tests 16 --json | tee "$OUT/fractional_validate.jsonl"
echo "== moment model (active fluid, n = 32: 4096 unknowns), train 100 records (every 10 steps), predict to 300"
$S rom build --problem moment --grid 32 --every 10 --train-steps 100 --energy 1e-6 --output "$OUT/moment.rom" --json | tee "$OUT/moment_build.json"
$S rom validate --file "$OUT/moment.rom" --steps 300 --json | tee "$OUT/moment_validate.jsonl"
echo "== moment model, long horizon (every 100 steps: t = 0..100 training, to t = 300): nonlinear regime"
for e in 1e-6 1e-3 1e-2; do
  $S rom build --problem moment --grid 32 --every 100 --train-steps 100 --energy $e --output "$OUT/moment_long_$e.rom" --json | tee "$OUT/moment_long_${e}_build.json"
  $S rom validate --file "$OUT/moment_long_$e.rom" --steps 300 --json | tee "$OUT/moment_long_${e}_validate.jsonl"
done
echo "== heat time series"
$S rom build --problem heat --grid 128 --dt 1e-3 --train-steps 100 --energy 1e-8 --output "$OUT/heat.rom" --json | tee "$OUT/heat_build.json"
$S rom validate --file "$OUT/heat.rom" --steps 300 --json | tee "$OUT/heat_validate.jsonl"
