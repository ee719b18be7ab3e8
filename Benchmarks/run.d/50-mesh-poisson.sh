#!/usr/bin/env bash
# P1 finite-element Poisson on a tetrahedral cube mesh: `solversuite poisson --mesh` vs scikit-fem.
exec $PY Benchmarks/peers/side_by_side.py mesh --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
