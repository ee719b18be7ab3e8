#!/usr/bin/env bash
# Multi-rank agreement tests for the PETSc/MPI engine: runs solversuite-mpi under
# `mpirun -np 1|2|4` (oversubscribed on small machines) with --compare-local, which also solves
# on rank 0 with the in-process Swift solver (Iterative), and checks:
#   - PETSc and the local solver both converge and meet ||b - A x|| <= rtol ||b|| (1% slack);
#   - same method + same preconditioner (none/jacobi everywhere, bjacobi=ILU(0) on 1 rank):
#     iteration counts within max(3, 1%);
#   - well-conditioned problems: ||x_petsc - x_local|| / ||x_local|| <= 1e-5.
# AMG (gamg, hypre) and multi-rank bjacobi are different preconditioners from ours: only
# convergence, residual and solution agreement are checked, iterations are printed.
# FULL=1 runs the whole agreement matrix (55 launches); RANKS="1 2" limits the rank counts.
# Usage: Distributed/test.sh [path/to/solversuite-mpi]   (default: Distributed/.build/debug/solversuite-mpi)
# Data: SOLVERSUITE_DATA or ../shared/data next to the repository; matrix cases skip when absent.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-$here/.build/debug/solversuite-mpi}"
data="${SOLVERSUITE_DATA:-$here/../../shared/data}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI: no busy-polling fights on oversubscribed cores; quiet about missing fabrics.
export OMPI_MCA_mpi_yield_when_idle=1 OMPI_MCA_btl_base_warn_component_unused=0
MPIRUN=(mpirun --oversubscribe --allow-run-as-root)
RANKS="${RANKS:-1 2 4}"

[ -x "$bin" ] || { echo "test.sh: $bin not built (cd Distributed && swift build)"; exit 1; }
command -v mpirun >/dev/null || { echo "test.sh: mpirun missing (make distributed-deps)"; exit 1; }

pass=0; fail=0
table="$(mktemp)"
printf '%-22s %-9s %-8s %5s | %6s %10s | %6s %10s | %9s %s\n' problem method precond ranks its_p relres_p its_l relres_l dx verdict > "$table"

# check NAME STRICT_ITS CHECK_DX -- args...
check() {
    local name="$1" strict="$2" checkdx="$3"; shift 4
    for np in $RANKS; do
        local out
        if ! out="$("${MPIRUN[@]}" -np "$np" "$bin" "$@" --compare-local --json 2>&1)"; then
            echo "FAIL $name np=$np: exit status $?"; echo "$out" | tail -5; fail=$((fail+1)); continue
        fi
        local line
        line="$(printf '%s\n' "$out" | grep '^{' | tail -1)"
        if python3 - "$name" "$np" "$strict" "$checkdx" "$line" >> "$table" <<'PY'
import json, sys
name, np, strict, checkdx, line = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
d = json.loads(line); l = d["local"]; rtol = d["rtol"]
ok = d["converged"] and l["status"] == "converged"
ok &= d["relative_residual"] <= 1.01 * rtol and l["relative_residual"] <= 1.01 * rtol
its_strict = strict == "all" or (strict == "one" and np == 1)
if its_strict:
    ok &= abs(d["iterations"] - l["iterations"]) <= max(3, 0.01 * l["iterations"])
dx = d["solution_relative_difference"]
if checkdx == "yes":
    ok &= dx <= 1e-5
verdict = "ok" if ok else "MISMATCH"
print(f'{name:<22} {d["method"]:<9} {d["precond"]:<8} {np:>5} | {d["iterations"]:>6} {d["relative_residual"]:>10.2e} | '
      f'{l["iterations"]:>6} {l["relative_residual"]:>10.2e} | {dx:>9.1e} {verdict}{" (its)" if its_strict else ""}')
sys.exit(0 if ok else 1)
PY
        then pass=$((pass+1)); else echo "FAIL $name np=$np: $line"; fail=$((fail+1)); fi
    done
}

M="$data/matrices"
# Default set (24 mpirun launches + 1 bad-input check); FULL=1 adds the rest of the agreement matrix.
full="${FULL:-0}"
if [ -d "$M" ]; then
    check lap2D_5pt_n100 all yes -- solve "$M/lap2D_5pt_n100.mtx" --method cg --precond none
    [ "$full" = 1 ] && check lap2D_5pt_n100 all yes -- solve "$M/lap2D_5pt_n100.mtx" --method cg --precond jacobi
    [ "$full" = 1 ] && check lap2D_5pt_n100 one yes -- solve "$M/lap2D_5pt_n100.mtx" --method cg --precond bjacobi
    [ "$full" = 1 ] && check lap2D_5pt_n100 no yes -- solve "$M/lap2D_5pt_n100.mtx" --method cg --precond gamg
    check lap2D_5pt_n100 no yes -- solve "$M/lap2D_5pt_n100.mtx" --method cg --precond hypre
    [ "$full" = 1 ] && check gr_900_900_crg all yes -- solve "$M/gr_900_900_crg.mtx" --method cg --precond jacobi
    check gr_900_900_crg all yes -- solve "$M/gr_900_900_crg.mtx" --method gmres --precond jacobi
    check gr_900_900_crg all no -- solve "$M/gr_900_900_crg.mtx" --method bicgstab --precond jacobi
    check nos6 all no -- solve "$M/nos6.mtx" --method cg --precond jacobi
    [ "$full" = 1 ] && check nos6 no no -- solve "$M/nos6.mtx" --method cg --precond hypre
    [ "$full" = 1 ] && check bcsstk13 all no -- solve "$M/bcsstk13.mtx" --method cg --precond jacobi
    [ "$full" = 1 ] && check bcsstk13 no no -- solve "$M/bcsstk13.mtx" --method cg --precond gamg
else
    echo "test.sh: $M not found (set SOLVERSUITE_DATA): skipping the shared-matrix cases"
fi
check poisson3d_n24 all yes -- poisson --grid 3d --n 24 --method cg --precond none
[ "$full" = 1 ] && check poisson3d_n24 all yes -- poisson --grid 3d --n 24 --method cg --precond jacobi
check poisson3d_n24 one yes -- poisson --grid 3d --n 24 --method cg --precond bjacobi
check poisson3d_n24 no yes -- poisson --grid 3d --n 24 --method cg --precond gamg
[ "$full" = 1 ] && check poisson3d_n24 no yes -- poisson --grid 3d --n 24 --method cg --precond hypre
[ "$full" = 1 ] && check poisson3d_n24 all yes -- poisson --grid 3d --n 24 --method gmres --precond jacobi

# Bad input must fail cleanly (exit 1), not hang or crash.
if "${MPIRUN[@]}" -np 2 "$bin" solve /nonexistent.mtx >/dev/null 2>&1; then
    echo "FAIL missing file accepted"; fail=$((fail+1))
else pass=$((pass+1)); fi

cat "$table"; rm -f "$table"
echo "distributed tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
