#!/usr/bin/env bash
# Matrix Market read time: MatrixMarket.read (release build) vs scipy.io.mmread, same files, one run.
# Usage: Benchmarks/mmread.sh [N]   (the N largest .mtx files of the shared data, default 8)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${SOLVERSUITE_DATA:-../shared/data}/matrices"
N="${1:-8}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
swift build -c release --product solversuite-bench >/dev/null
mapfile -t FILES < <(ls -S "$DATA"/*.mtx | head -n "$N")
OUT="$(mktemp)"
.build/release/solversuite-bench mmread "${FILES[@]}" > "$OUT"
python3 Benchmarks/peers/mmread_peer.py --swift-json "$OUT" "${FILES[@]}"
rm -f "$OUT"
