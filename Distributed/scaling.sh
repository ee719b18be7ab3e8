#!/usr/bin/env bash
# Strong and weak scaling of 3D Poisson (7-point, -Δu = 1) through PETSc on this machine.
# Usage: Distributed/scaling.sh [binary] > results/scaling.jsonl   (release build recommended)
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-$here/.build/release/solversuite-mpi}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_mpi_yield_when_idle=1
run() { mpirun --oversubscribe --allow-run-as-root -np "$1" "$bin" poisson --grid 3d --n "$2" --method cg --precond "$3" --rtol 1e-8 --json "${@:4}" | grep '^{'; }
echo "{\"kind\": \"load\", \"loadavg\": \"$(cut -d" " -f1-3 /proc/loadavg)\", \"cores\": $(nproc --all)}"
STRONG_N="${STRONG_N:-64}"
for pc in jacobi gamg hypre; do
  for np in 1 2 4; do echo "{\"kind\": \"strong\", \"run\": $(run $np $STRONG_N $pc)}"; done
done
# weak: about 48^3 = 110592 unknowns per rank
for pc in jacobi gamg hypre; do
  for pair in "1 48" "2 60" "4 76"; do set -- $pair; echo "{\"kind\": \"weak\", \"run\": $(run $1 $2 $pc)}"; done
done
