#!/usr/bin/env bash
# CG time per iteration: Swift vs SciPy vs Eigen (C++), 2D Laplacians of growing size + bcsstk13.
exec $PY Benchmarks/peers/side_by_side.py cg --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
