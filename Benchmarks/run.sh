#!/usr/bin/env bash
# SolverSuite side-by-side benchmarks: one command, every workload, every peer, ratios.
#   Benchmarks/run.sh [--quick] [--reps N] [--out DIR] [--no-install] [--no-build] [--debug] [--native-only]
# (--debug: use the debug build, for CI smoke tests only, times are meaningless;
#  --native-only: Swift and C only, no Python peers and no run.d hooks)
# Installs missing peers (scikit-sparse, fast_matrix_market, pyamg, scikit-fem via pip; SuiteSparse, Eigen etc. via apt),
# builds solversuite-bench and solversuite in release mode, records the machine and library versions, runs every
# workload (Swift + C in one process, the Python peers right after on the same inputs) and writes
# per-workload CSVs, ratios.csv, summary.csv, results.md and SVG/PNG plots into DIR (default Benchmarks/results/<date>).
# Extra workloads: Benchmarks/run.d/*.sh. See Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0
INSTALL=1
REPS_OVERRIDE=""
BUILD=1
CONFIG=release
NATIVE_ONLY=0
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --out) OUT="$2"; shift ;;
    --no-install) INSTALL=0 ;;
    --reps) REPS_OVERRIDE="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --debug) CONFIG=debug ;;
    --native-only) NATIVE_ONLY=1 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$OUT" ] || OUT="Benchmarks/results/$(date +%Y-%m-%d_%H%M%S)"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/*.csv "$OUT"/*.svg "$OUT"/*.png "$OUT"/results.md

export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
START=$(date +%s)
PY=${PYTHON:-python3}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

# ---- peers ---------------------------------------------------------------------------------
if [ "$INSTALL" = 1 ] && [ "$NATIVE_ONLY" = 0 ]; then
  missing=""
  for p in libsuitesparse-dev libopenblas-dev liblapacke-dev libfftw3-dev libeigen3-dev librsvg2-bin; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "== apt install:$missing"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing || echo "apt install failed (continuing)"
  fi
  $PY -c "import scipy, numpy" 2>/dev/null || $PY -m pip install -q --break-system-packages scipy numpy
  $PY -c "import sksparse" 2>/dev/null || $PY -m pip install -q --break-system-packages scikit-sparse \
    || $PY -m pip install -q --break-system-packages "scikit-sparse<0.5" || echo "scikit-sparse not installable (Cholesky peer skipped)"
  $PY -c "import fast_matrix_market" 2>/dev/null || $PY -m pip install -q --break-system-packages fast_matrix_market \
    || echo "fast_matrix_market not installable (skipped)"
  $PY -c "import pyamg" 2>/dev/null || $PY -m pip install -q --break-system-packages pyamg \
    || echo "pyamg not installable (AMG peer skipped)"
  $PY -c "import skfem" 2>/dev/null || $PY -m pip install -q --break-system-packages scikit-fem meshio \
    || echo "scikit-fem not installable (mesh Poisson peer skipped)"
fi

# ---- build ---------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  echo "== swift build -c $CONFIG --product solversuite-bench / solversuite"
  swift build -c $CONFIG --product solversuite-bench 2>&1 | tail -3
  swift build -c $CONFIG --product solversuite 2>&1 | tail -3
else
  echo "== --no-build: using the existing .build/$CONFIG binaries"
fi
BENCH="$ROOT/.build/$CONFIG/solversuite-bench"
CLI="$ROOT/.build/$CONFIG/solversuite"
if [ "$NATIVE_ONLY" = 1 ]; then
  PY_PEERS=false   # every Python peer call below becomes a no-op (then its '|| echo' message)
else
  PY_PEERS=$PY
fi

# ---- data ----------------------------------------------------------------------------------
DATA=${SOLVERSUITE_DATA:-$ROOT/../shared/data}
MATS="$DATA/matrices"
mats() { for f in "$@"; do [ -f "$MATS/$f.mtx" ] && echo "$MATS/$f.mtx"; done; return 0; }
LARGEST=""
[ -d "$MATS" ] && LARGEST=$(ls -S "$MATS"/*.mtx 2>/dev/null | head -n $([ $QUICK = 1 ] && echo 2 || echo 4) | tr '\n' ' ')
[ -d "$MATS" ] || echo "note: $MATS not found; shared-matrix rows are skipped (set SOLVERSUITE_DATA)"

if [ "$QUICK" = 1 ]; then
  REPS=3
  SPMV="lap2d:100 lap2d:200 lap2d:300 $LARGEST"
  READ="$LARGEST"
  CHOL="lap2d:50 lap2d:100 lap2d:200 $(mats bcsstk13 | tr '\n' ' ')"
  LU="lap2d:100 $(mats BentPipe2D100 | tr '\n' ' ')"
  GEN_READ=""
else
  REPS=7
  SPMV="lap2d:100 lap2d:200 lap2d:400 lap2d:1000 lap3d:100 $LARGEST"
  READ="$LARGEST"
  CHOL="$(mats bcsstk13 lap2D_5pt_n100 lap3D_7pt_n20 ani4 | tr '\n' ' ') lap2d:100 lap2d:200 lap2d:300 lap2d:500 lap3d:30"
  LU="$(mats BentPipe2D100 arrow adder_dcop_05 | tr '\n' ' ') lap2d:300 lap3d:30"
  GEN_READ="lap2d:500"
fi

[ -n "$REPS_OVERRIDE" ] && REPS=$REPS_OVERRIDE

# ---- machine info --------------------------------------------------------------------------
pyver() { $PY -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null || echo "not installed"; }
debver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
{
  echo "## Machine"
  echo ""
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), mode: $([ $QUICK = 1 ] && echo quick || echo full), repetitions: $REPS (median reported)"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(getconf _NPROCESSORS_ONLN) CPUs online (threads per core: $(lscpu | sed -n 's/^Thread(s) per core: *//p')); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- caches: L2 $(lscpu | sed -n 's/^L2 cache: *//p'), L3 $(lscpu | sed -n 's/^L3 cache: *//p')"
  echo "- memory: $(free -g | awk '/^Mem:/{print $2}') GiB"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- Swift: $(swift --version 2>&1 | head -1)"
  echo "- C compiler for CReference: $(clang --version 2>/dev/null | head -1 || echo '?') (SwiftPM's clang, -O3)"
  echo "- SuiteSparse (libsuitesparse-dev): $(debver libsuitesparse-dev); OpenBLAS: $(debver libopenblas-dev); LAPACKE: $(debver liblapacke-dev); FFTW3: $(debver libfftw3-dev)"
  echo "- Python $($PY -c 'import platform; print(platform.python_version())'): numpy $(pyver numpy), scipy $(pyver scipy), scikit-sparse $(pyver scikit-sparse), fast_matrix_market $(pyver fast_matrix_market), pyamg $(pyver pyamg), scikit-fem $(pyver scikit-fem)"
  echo "- Eigen (libeigen3-dev): $(debver libeigen3-dev); C++ compiler for the Eigen reference: $(g++ --version 2>/dev/null | head -1 || echo 'not installed') (-O3 -march=native)"
  echo "- environment: OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1; build: $CONFIG$([ $CONFIG = debug ] && echo ' (SMOKE TEST: times are meaningless)')$([ $NATIVE_ONLY = 1 ] && echo '; native only: no Python peers, no run.d hooks')"
} > "$OUT/machine.md"
cat "$OUT/machine.md"

# ---- workloads -----------------------------------------------------------------------------
echo "== (1) SpMV"
"$BENCH" spmv --reps $((REPS * 3)) --csv "$OUT/spmv_swift_c.csv" $SPMV
$PY_PEERS Benchmarks/peers/sparsela_peers.py spmv --reps $((REPS * 3)) --csv "$OUT/spmv_scipy.csv" $SPMV \
  || echo "Python peer failed or missing (skipped): see the message above"

echo "== (2) Matrix Market read"
READ_FILES="$READ"
if [ -n "$GEN_READ" ]; then
  mkdir -p "$OUT/tmp"
  for g in $GEN_READ; do
    f="$OUT/tmp/${g/:/_}.mtx"
    "$BENCH" writemtx "$g" "$f"
    READ_FILES="$READ_FILES $f"
  done
fi
if [ -n "${READ_FILES// /}" ]; then
  "$BENCH" read --reps $REPS --csv "$OUT/read_swift.csv" $READ_FILES
  $PY_PEERS Benchmarks/peers/sparsela_peers.py read --reps $REPS --csv "$OUT/read_python.csv" $READ_FILES \
  || echo "Python peer failed or missing (skipped): see the message above"
fi
rm -rf "$OUT/tmp"

echo "== (3) Cholesky end to end"
"$BENCH" direct --method cholesky --reps $REPS --csv "$OUT/cholesky_swift_c.csv" $CHOL
$PY_PEERS Benchmarks/peers/sparsela_peers.py direct --method cholesky --reps $REPS --csv "$OUT/cholesky_python.csv" $CHOL \
  || echo "Python peer failed or missing (skipped): see the message above"

echo "== (3) LU end to end"
"$BENCH" direct --method lu --reps $REPS --csv "$OUT/lu_swift_c.csv" $LU
$PY_PEERS Benchmarks/peers/sparsela_peers.py direct --method lu --reps $REPS --csv "$OUT/lu_python.csv" $LU \
  || echo "Python peer failed or missing (skipped): see the message above"

# Every other comparison is a drop-in script in Benchmarks/run.d (CG, AMG, preconditioners, FFT Poisson,
# mesh Poisson, fractional, BCD, and whatever lands later): see Benchmarks/run.d/README.md.
rm -f "$OUT/comparisons.csv"
if [ "$NATIVE_ONLY" = 0 ] && [ -d Benchmarks/run.d ]; then
  for hook in Benchmarks/run.d/*.sh; do
    [ -f "$hook" ] || continue
    echo "== $(basename "$hook")"
    t0=$(date +%s)
    BENCH="$BENCH" CLI="$CLI" OUT="$OUT" QUICK="$QUICK" REPS="$REPS" PY="$PY" INSTALL="$INSTALL" bash "$hook" || echo "$hook failed (continuing)"
    echo "   ($(basename "$hook"): $(( $(date +%s) - t0 )) s)"
  done
fi
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg); wall time of the whole run: $(( $(date +%s) - START )) s" >> "$OUT/machine.md"

$PY Benchmarks/report.py "$OUT"
if command -v rsvg-convert >/dev/null 2>&1; then
  for f in "$OUT"/*.svg; do [ -f "$f" ] && rsvg-convert "$f" -o "${f%.svg}.png"; done
else
  echo "note: rsvg-convert (librsvg2-bin) not installed: SVG plots only"
fi
echo "== results: $OUT/results.md"
