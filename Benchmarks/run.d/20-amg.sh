#!/usr/bin/env bash
# Smoothed-aggregation AMG-PCG vs pyamg (setup + solve to 1e-8) on 2D/3D Laplacians.
exec $PY Benchmarks/peers/side_by_side.py amg --out "$OUT" --reps "$REPS" $([ "$QUICK" = 1 ] && echo --quick)
