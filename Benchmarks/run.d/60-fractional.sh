#!/usr/bin/env bash
# Riesz fractional collocation matvec: FFT Toeplitz operator vs the dense product (cost growth).
exec $PY Benchmarks/peers/side_by_side.py fractional --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
