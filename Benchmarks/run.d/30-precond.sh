#!/usr/bin/env bash
# Preconditioned Krylov solvers on shared matrices vs SciPy cg / cg+Jacobi / gmres(30).
exec $PY Benchmarks/peers/side_by_side.py precond --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
