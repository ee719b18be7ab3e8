#!/usr/bin/env bash
# Block coordinate descent vs CG on shared SPD matrices (time to 1e-6, same process).
# The full BCD study (paper rules, label propagation) is Benchmarks/bcd_paper.sh.
exec $PY Benchmarks/peers/side_by_side.py bcd --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
