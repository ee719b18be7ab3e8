#!/usr/bin/env bash
# FFT Poisson solver vs the plain C + FFTW reference (same process), and vs CHOLMOD / AMG-PCG.
exec $PY Benchmarks/peers/side_by_side.py poisson --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
