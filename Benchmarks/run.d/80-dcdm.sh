#!/usr/bin/env bash
# DCDM (deep conjugate direction method, shipped multilevel 2D model) vs CG / IC(0)-PCG / AMG-PCG on masked grids
# (same process). The full evaluation is Benchmarks/dcdm_eval.sh.
exec $PY Benchmarks/peers/side_by_side.py dcdm --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
